//! Where a request's time goes: `claimgraph bench --profile`.
//!
//! Two measurements, both printed after the load table:
//!
//! - **CPU per request under load**: the processor time the server, the
//!   database's processes (PostgreSQL's backends; SQLite works inside the
//!   server) and the load generator itself spent while an operation ran,
//!   divided by the requests answered. On two shared cores this is what
//!   throughput is made of: a request the database answers in 1 ms of CPU
//!   and the API in 1.5 ms cannot go faster than the cores allow.
//! - **One client, in-process**: the application started in this process on
//!   the server's database answers the operation over loopback HTTP, one
//!   request after another; each request's time is split into its SQL
//!   statements (from sending each to having its rows decoded), on
//!   PostgreSQL the database's own planning and execution of them (`EXPLAIN
//!   ANALYZE` of one request's statements, with their values), the
//!   DataLoader's wait for more keys (the same requests on an application
//!   whose loaders do not wait), and the rest: GraphQL parsing, validation
//!   and resolvers, serialisation and HTTP.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use anyhow::Context;
use serde::Serialize;
use serde_json::Value;

use super::{Operation, Plan, Target, request};
use crate::config::{SeedMode, Settings};
use crate::startup::Application;

/// Processor time spent per request while an operation ran under load, in
/// milliseconds.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct CpuPerRequest {
    /// The server's process; `None` when it was not found.
    pub api_ms: Option<f64>,
    /// PostgreSQL's processes; `None` on SQLite (inside the server) or
    /// without `--database-url`.
    pub database_ms: Option<f64>,
    /// This process: the load generator (and, for `headline-page-sql`, the
    /// database client that replaces the API).
    pub client_ms: f64,
}

/// One operation's request time, one client at a time, split up.
#[derive(Debug, Clone, Serialize)]
pub struct Breakdown {
    pub operation: Operation,
    /// Mean time from sending the request to having its whole answer.
    pub request_ms: f64,
    /// SQL statements per request.
    pub statements: f64,
    /// Mean time of a request's statements, added up: round trips, the
    /// database's work and decoding the rows.
    pub sql_ms: f64,
    /// The database's planning of one request's statements (PostgreSQL).
    pub planning_ms: Option<f64>,
    /// The database's execution of them (PostgreSQL).
    pub execution_ms: Option<f64>,
    /// Mean request time when the DataLoaders do not wait for more keys:
    /// `request_ms` minus this is what the wait costs one client.
    pub request_without_loader_wait_ms: f64,
}

impl Breakdown {
    /// What is neither SQL nor the loaders' wait: GraphQL (parsing,
    /// validation, resolvers), serialisation, HTTP.
    pub fn rest_ms(&self) -> f64 {
        (self.request_without_loader_wait_ms - self.sql_ms).max(0.0)
    }
}

/// Processor ticks of the processes a run involves, read from `/proc`.
#[derive(Debug, Clone)]
pub(super) struct CpuClock {
    api: Option<u64>,
    /// Each PostgreSQL process's ticks, by pid: a process that ends
    /// between two readings must not take its whole past out of the sum.
    database: Option<HashMap<u32, u64>>,
    client: u64,
}

impl CpuClock {
    /// The clocks now: of `server` (a pid), of every `postgres` process when
    /// `postgres` is set, and of this process.
    pub(super) fn read(server: Option<u32>, postgres: bool) -> Self {
        Self {
            api: server.and_then(|pid| ticks(&format!("/proc/{pid}/stat"))),
            database: postgres.then(postgres_ticks),
            client: ticks("/proc/self/stat").unwrap_or(0),
        }
    }

    /// CPU per request between `self` and `later`, over `requests`. Of
    /// PostgreSQL, what each process running at `later` spent since
    /// `self` (all of it, for one started since): a connection that
    /// closed in between loses its last moments, not its past.
    pub(super) fn per_request(self, later: Self, requests: u64) -> Option<CpuPerRequest> {
        if requests == 0 {
            return None;
        }
        // `/proc` counts in USER_HZ, 100 per second on Linux.
        let ms = |ticks: u64| ticks as f64 * 10.0 / requests as f64;
        let database = self.database.zip(later.database).map(|(before, after)| {
            let spent: u64 = after
                .iter()
                .map(|(pid, now)| now.saturating_sub(before.get(pid).copied().unwrap_or(0)))
                .sum();
            ms(spent)
        });
        Some(CpuPerRequest {
            api_ms: self
                .api
                .zip(later.api)
                .map(|(a, b)| ms(b.saturating_sub(a))),
            database_ms: database,
            client_ms: ms(later.client.saturating_sub(self.client)),
        })
    }
}

/// User and system ticks of the process whose `stat` file is `path`.
fn ticks(path: &str) -> Option<u64> {
    let stat = std::fs::read_to_string(path).ok()?;
    // The fields after the command name, which may hold spaces: state is
    // the 3rd field of the line, utime the 14th, stime the 15th.
    let rest = &stat[stat.rfind(')')? + 1..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(utime + stime)
}

/// Ticks of every process named `postgres` (the postmaster and its
/// backends), by pid.
fn postgres_ticks() -> HashMap<u32, u64> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return HashMap::new();
    };
    entries
        .flatten()
        .filter_map(|entry| {
            let pid = entry.file_name().to_string_lossy().parse::<u32>().ok()?;
            std::fs::read_to_string(entry.path().join("comm"))
                .is_ok_and(|comm| comm.trim() == "postgres")
                .then_some(())?;
            Some((pid, ticks(&entry.path().join("stat").to_string_lossy())?))
        })
        .collect()
}

/// Times each operation one request at a time on applications started in
/// this process on `database_url`.
pub(super) async fn breakdowns(
    database_url: &str,
    plan: &Plan,
    operations: &[Operation],
    duration: Duration,
) -> anyhow::Result<Vec<Breakdown>> {
    let waiting = InProcess::start(database_url, None).await?;
    let eager = InProcess::start(database_url, Some(0)).await?;
    let mut breakdowns = Vec::new();
    for &operation in operations {
        if matches!(
            operation,
            Operation::HeadlinePageSql | Operation::HeadlinePageSqlPlanned
        ) {
            continue;
        }
        let body = request(operation, plan);
        let (request_ms, statements, sql_ms) = waiting.time(&body, duration).await?;
        let (request_without_loader_wait_ms, ..) = eager.time(&body, duration).await?;
        let (planning_ms, execution_ms) = match waiting.explain(&body).await? {
            Some((planning, execution)) => (Some(planning), Some(execution)),
            None => (None, None),
        };
        breakdowns.push(Breakdown {
            operation,
            request_ms,
            statements,
            sql_ms,
            planning_ms,
            execution_ms,
            request_without_loader_wait_ms,
        });
    }
    waiting.stop();
    eager.stop();
    Ok(breakdowns)
}

/// An application serving in this process.
struct InProcess {
    target: Target,
    counter: crate::database::StatementCounter,
    db: sea_orm::DatabaseConnection,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
}

impl InProcess {
    async fn start(database_url: &str, loader_delay_ms: Option<u64>) -> anyhow::Result<Self> {
        let mut settings = Settings::for_database(database_url);
        settings.bind = ([127, 0, 0, 1], 0).into();
        settings.seed = SeedMode::Never;
        if let Some(ms) = loader_delay_ms {
            settings.loader_delay_ms = ms;
        }
        let app = Application::build(&settings)
            .await
            .context("cannot start the application in-process to profile it")?;
        let counter = app.statement_counter();
        let db = app.db().clone();
        let target = Target {
            client: reqwest::Client::new(),
            url: format!("http://{}/graphql", app.local_addr()?),
        };
        let server = tokio::spawn(app.run_until_stopped(std::future::pending()));
        Ok(Self {
            target,
            counter,
            db,
            server,
        })
    }

    /// Mean request time, statements and SQL time over the requests sent
    /// one after another for `duration` (at least three), after a few
    /// untimed ones.
    async fn time(&self, body: &Value, duration: Duration) -> anyhow::Result<(f64, f64, f64)> {
        for _ in 0..3 {
            self.send(body).await?;
        }
        let (statements, sql) = (self.counter.get(), self.counter.elapsed());
        let started = Instant::now();
        let mut requests = 0u32;
        while requests < 3 || started.elapsed() < duration {
            self.send(body).await?;
            requests += 1;
        }
        let n = f64::from(requests);
        let ms = |d: Duration| d.as_secs_f64() * 1000.0 / n;
        Ok((
            ms(started.elapsed()),
            (self.counter.get() - statements) as f64 / n,
            ms(self.counter.elapsed() - sql),
        ))
    }

    async fn send(&self, body: &Value) -> anyhow::Result<()> {
        self.target
            .post(body)
            .await
            .map(drop)
            .map_err(|e| anyhow::anyhow!(e))
    }

    /// The database's planning and execution time of one request's
    /// statements, in milliseconds, from `EXPLAIN ANALYZE` with their
    /// values; `None` on SQLite, whose plans say no time.
    async fn explain(&self, body: &Value) -> anyhow::Result<Option<(f64, f64)>> {
        use sea_orm::{ConnectionTrait, DbBackend};
        if self.db.get_database_backend() != DbBackend::Postgres {
            return Ok(None);
        }
        self.counter.capture();
        let sent = self.send(body).await;
        let statements = self.counter.captured();
        sent?;
        let (mut planning, mut execution) = (0.0, 0.0);
        for statement in statements {
            let sql = statement.sql.trim_start();
            let reads = ["SELECT", "WITH"].iter().any(|verb| {
                sql.get(..verb.len())
                    .is_some_and(|s| s.eq_ignore_ascii_case(verb))
            });
            if !reads {
                continue;
            }
            let explain = sea_orm::Statement {
                sql: format!("EXPLAIN (ANALYZE, SUMMARY) {sql}"),
                ..statement.clone()
            };
            for row in self.db.query_all_raw(explain).await? {
                let line: String = row.try_get_by_index(0)?;
                let time = |label: &str| {
                    line.trim()
                        .strip_prefix(label)
                        .and_then(|rest| rest.trim().strip_suffix("ms"))
                        .and_then(|n| n.trim().parse::<f64>().ok())
                };
                if let Some(ms) = time("Planning Time:") {
                    planning += ms;
                }
                if let Some(ms) = time("Execution Time:") {
                    execution += ms;
                }
            }
        }
        Ok(Some((planning, execution)))
    }

    fn stop(self) {
        self.server.abort();
    }
}
