//! `claimgraph bench`: the benchmark harness.
//!
//! It targets a running server (`claimgraph serve`, started separately, e.g.
//! against a database filled by `claimgraph generate`) and runs a fixed set of
//! GraphQL operations over HTTP, one after the other, each with `--concurrency`
//! clients for `--duration` seconds, and reports per operation the requests
//! per second, the 50th, 95th and 99th latency percentiles and the errors.
//!
//! The filter values come from the data, deterministically, before anything is
//! timed (`Plan::discover`): the organization, topic, speaker and document
//! with the most statements (ties broken by key). So the same database gives
//! the same requests on every run and either backend.
//!
//! Two figures the server cannot report over HTTP are measured on the side:
//! - SQL statements per request: the server has no counter endpoint, so when
//!   `--database-url` (or `DATABASE_URL`) names the server's database, the
//!   harness starts the application in-process on that database and counts
//!   the statements one request of each operation runs (the fewest of three:
//!   DataLoader batches can split on a busy machine); otherwise "n/a";
//! - the server's peak memory: `VmHWM` and `VmRSS` from `/proc/<pid>/status`
//!   of `--server-pid`, or of the process listening on the URL's port.
//!
//! `--mixed` runs the soak test instead: reads and ingests at once (see [`mixed`]).

pub mod mixed;
pub mod profile;

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Context;
use serde::Serialize;
use serde_json::{Value, json};

use crate::config::{SeedMode, Settings};
use crate::startup::Application;

/// Arguments of `claimgraph bench`.
#[derive(Debug, Clone, clap::Args)]
pub struct BenchArgs {
    /// The server to measure.
    #[arg(long, default_value = "http://127.0.0.1:8000")]
    pub url: String,
    /// Clients sending requests at once.
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub concurrency: u32,
    /// Seconds each operation runs.
    #[arg(long, default_value_t = 10.0)]
    pub duration: f64,
    /// The operations to run, comma-separated; all when not given.
    #[arg(long, value_enum, value_delimiter = ',')]
    pub operations: Vec<Operation>,
    /// Print the report as JSON rather than as a table.
    #[arg(long)]
    pub json: bool,
    /// The server's process id, for its memory; found by the URL's port when not given.
    #[arg(long)]
    pub server_pid: Option<u32>,
    /// The server's database: SQL statements per request are then counted by
    /// running each operation once in-process against it.
    #[arg(long = "database-url", env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
    /// Run reads and ingests at once for `--duration` instead of one
    /// operation after another; fails on any server error or lost document.
    #[arg(long)]
    pub mixed: bool,
    /// With `--mixed`: one request in this many is an ingest.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..))]
    pub write_every: u32,
    /// With `--mixed`: the server's API key, for `ingestDocument`.
    #[arg(long, env = "CLAIMGRAPH_API_KEY", hide_env_values = true)]
    pub api_key: Option<String>,
    /// Also time the headline page's SQL sent straight to `--database-url`
    /// by as many clients, with its values as parameters
    /// (`headline-page-sql`) and written in, planned once
    /// (`headline-page-sql-planned`, on PostgreSQL), and print the page's
    /// share of each one's throughput.
    #[arg(long, requires = "database_url")]
    pub compare_sql: bool,
    /// The organization the headline, the counts and the deep page ask
    /// for, by any of its names; the one with the most statements when not
    /// given.
    #[arg(long)]
    pub organization: Option<String>,
    /// Also split each operation's request time (one client, on an
    /// application started in-process on `--database-url`): SQL, the
    /// database's planning and execution, the DataLoaders' wait and the
    /// rest; see [`profile`].
    #[arg(long, requires = "database_url")]
    pub profile: bool,
}

impl BenchArgs {
    /// Arguments for `url` with every other value at its default and no
    /// environment read: what tests start from.
    pub fn for_url(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            concurrency: 16,
            duration: 10.0,
            operations: Vec::new(),
            json: false,
            server_pid: None,
            database_url: None,
            mixed: false,
            write_every: 10,
            api_key: None,
            compare_sql: false,
            organization: None,
            profile: false,
        }
    }
}

/// The benchmark operations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, clap::ValueEnum, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Operation {
    /// The README's headline query as written: statements by organization
    /// and topic, `totalCount` and the first page (20) with speaker,
    /// organization and document nested.
    Headline,
    /// The same page without `totalCount`.
    HeadlinePage,
    /// Statements of a speaker named by an alias in the other script.
    SpeakerAlias,
    /// Full-text search for a common word.
    SearchCommon,
    /// Full-text search for a rare word.
    SearchRare,
    /// Counts by month and by topic for an organization.
    Counts,
    /// The 500th page of the headline (or its last, when it has fewer).
    DeepPage,
    /// One document with its statements, their speakers and topics.
    Document,
    /// The headline page's own SQL, sent straight to the database with no
    /// API in between (`--compare-sql`): one statement that returns the
    /// same 20 rows (and one more, to tell whether another page follows),
    /// with the speaker's, organization's and document's names joined.
    HeadlinePageSql,
    /// The same statement with its values written into its text, so that
    /// PostgreSQL plans it once per connection (as the API's first pages
    /// are): the fastest the database answers the page.
    HeadlinePageSqlPlanned,
}

impl Operation {
    /// Every operation, in report order.
    pub const ALL: [Self; 8] = [
        Self::Headline,
        Self::HeadlinePage,
        Self::SpeakerAlias,
        Self::SearchCommon,
        Self::SearchRare,
        Self::Counts,
        Self::DeepPage,
        Self::Document,
    ];

    /// The name used on the command line and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Self::Headline => "headline",
            Self::HeadlinePage => "headline-page",
            Self::SpeakerAlias => "speaker-alias",
            Self::SearchCommon => "search-common",
            Self::SearchRare => "search-rare",
            Self::Counts => "counts",
            Self::DeepPage => "deep-page",
            Self::Document => "document",
            Self::HeadlinePageSql => "headline-page-sql",
            Self::HeadlinePageSqlPlanned => "headline-page-sql-planned",
        }
    }
}

/// The README's first query, with the organization and topic as variables.
const HEADLINE: &str = r#"
query Headline($organization: String!, $topic: String!) {
  statements(filter: { organization: $organization, topic: $topic }) {
    totalCount
    nodes {
      text
      language
      said { iso precision }
      speaker { name }
      organization { name }
      document { title }
    }
  }
}"#;

/// The headline's page alone, and any page after it.
const PAGE: &str = r#"
query HeadlinePage($organization: String!, $topic: String!, $after: String) {
  statements(filter: { organization: $organization, topic: $topic }, first: 20, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { id text language said { iso } speaker { name } organization { name } document { title } }
  }
}"#;

/// The same page with nothing nested: for walking to the deep page quickly.
const HEADLINE_CURSORS: &str = r#"
query HeadlineCursors($organization: String!, $topic: String!, $after: String) {
  statements(filter: { organization: $organization, topic: $topic }, first: 20, after: $after) {
    pageInfo { hasNextPage endCursor }
  }
}"#;

const BY_SPEAKER: &str = r#"
query BySpeaker($speaker: String!) {
  statements(filter: { speaker: $speaker }, first: 20) {
    nodes { id text language said { iso } organization { name } document { title } }
  }
}"#;

const SEARCH: &str = r#"
query Search($text: String!) {
  statements(filter: { text: $text }, first: 20) {
    nodes { id text speaker { name } document { title } }
  }
}"#;

const COUNTS: &str = r#"
query Counts($organization: String!) {
  byMonth: statementCounts(filter: { organization: $organization }, by: MONTH) { key count }
  byTopic: statementCounts(filter: { organization: $organization }, by: TOPIC) { key label count }
}"#;

const DOCUMENT: &str = r#"
query Document($id: ID!) {
  node(id: $id) {
    ... on Document {
      title
      language
      statements(first: 100) {
        nodes { text kind speaker { name } topics { slug labelEn } }
      }
    }
  }
}"#;

/// The filter values the operations use, found in the data.
#[derive(Debug, Clone, Serialize)]
pub struct Plan {
    /// The organization with the most statements: a name of it.
    pub organization: String,
    /// Its global id.
    pub organization_id: String,
    /// The topic with the most statements: its slug.
    pub topic: String,
    /// The speaker with the most statements: their name, and the alias in the
    /// other script the operation uses.
    pub speaker_name: String,
    pub speaker_alias: String,
    pub common_word: String,
    pub rare_word: String,
    /// The document with the most statements: its global id.
    pub document: String,
    /// The page of the headline the deep-page operation asks for (1-based),
    /// and the cursor after which it starts.
    pub deep_page: u32,
    pub deep_cursor: Option<String>,
}

/// The figures of one operation.
#[derive(Debug, Clone, Serialize)]
pub struct OperationReport {
    pub operation: Operation,
    pub requests: u64,
    pub errors: u64,
    pub requests_per_second: f64,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    /// SQL statements one request runs; `None` without `--database-url`.
    pub sql_per_request: Option<u64>,
    /// Processor time per request of the server, the database and this
    /// process while the operation ran.
    pub cpu: Option<profile::CpuPerRequest>,
    /// The first error seen, for the reader to start from.
    pub first_error: Option<String>,
}

/// The server's memory, from `/proc/<pid>/status`.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct ServerMemory {
    pub pid: u32,
    /// Peak resident set size, in KiB.
    pub peak_kib: u64,
    /// Resident set size at the end, in KiB.
    pub current_kib: u64,
}

/// Everything a run measured.
#[derive(Debug, Clone, Serialize)]
pub struct BenchReport {
    pub url: String,
    pub concurrency: u32,
    pub duration_seconds: f64,
    pub plan: Plan,
    pub operations: Vec<OperationReport>,
    pub server_memory: Option<ServerMemory>,
    /// With `--profile`: each operation's request time, split up.
    pub breakdowns: Vec<profile::Breakdown>,
}

/// Runs the benchmark operations and prints their figures.
pub async fn run(args: &BenchArgs) -> anyhow::Result<()> {
    if args.mixed {
        return mixed::run(args).await;
    }
    let report = measure(args).await?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", table(&report));
    }
    Ok(())
}

/// Runs the benchmark operations and returns their figures.
pub async fn measure(args: &BenchArgs) -> anyhow::Result<BenchReport> {
    anyhow::ensure!(
        args.duration > 0.0 && args.duration.is_finite(),
        "--duration must be a positive number of seconds"
    );
    let url = format!("{}/graphql", args.url.trim_end_matches('/'));
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(args.concurrency as usize)
        .timeout(Duration::from_secs(60))
        .build()?;
    let target = Target {
        client: client.clone(),
        url: url.clone(),
    };
    let plan = Plan::discover(&target, args.organization.as_deref()).await?;
    let operations: Vec<Operation> = if args.operations.is_empty() {
        Operation::ALL.to_vec()
    } else {
        args.operations.clone()
    };

    let sql = match &args.database_url {
        Some(database_url) => Some(count_sql(database_url, &plan, &operations).await?),
        None => None,
    };

    let pid = match args.server_pid {
        Some(pid) => Some(pid),
        None => port_of(&args.url).and_then(listening_pid),
    };
    // The plan's own requests (a count by document is one group per
    // document) are not the load measured: the peak is reset where Linux
    // allows it (`clear_refs`, the server's owner or root).
    if let Some(pid) = pid {
        let _ = std::fs::write(format!("/proc/{pid}/clear_refs"), "5");
    }

    let postgres = args
        .database_url
        .as_deref()
        .is_some_and(|url| url.starts_with("postgres"));
    let duration = Duration::from_secs_f64(args.duration);
    let mut reports = Vec::new();
    for &operation in &operations {
        let body = Arc::new(request(operation, &plan));
        let before = profile::CpuClock::read(pid, postgres);
        let mut report = load(&target, body, args.concurrency, duration).await;
        report.cpu = before.per_request(profile::CpuClock::read(pid, postgres), report.requests);
        report.operation = operation;
        report.sql_per_request = sql.as_ref().and_then(|counts| {
            counts
                .iter()
                .find(|(op, _)| *op == operation)
                .map(|(_, n)| *n)
        });
        reports.push(report);
    }
    if args.compare_sql {
        let database_url = args
            .database_url
            .as_deref()
            .context("--compare-sql needs --database-url")?;
        let mut forms = vec![Operation::HeadlinePageSql];
        if database_url.starts_with("postgres") {
            forms.push(Operation::HeadlinePageSqlPlanned);
        }
        for form in forms {
            let load = SqlLoad {
                form,
                concurrency: args.concurrency,
                duration,
                clocks: (pid, postgres),
            };
            reports.push(page_sql_load(&target, database_url, &plan, load).await?);
        }
    }
    let breakdowns = match (&args.database_url, args.profile) {
        (Some(database_url), true) => {
            profile::breakdowns(database_url, &plan, &operations, duration).await?
        }
        _ => Vec::new(),
    };

    Ok(BenchReport {
        url: args.url.clone(),
        concurrency: args.concurrency,
        duration_seconds: args.duration,
        plan,
        operations: reports,
        server_memory: pid.and_then(memory_of),
        breakdowns,
    })
}

/// Where requests go.
#[derive(Debug, Clone)]
struct Target {
    client: reqwest::Client,
    url: String,
}

impl Target {
    /// POSTs a request; returns `data`, or why there is none.
    async fn post(&self, body: &Value) -> Result<Value, String> {
        let response = self
            .client
            .post(&self.url)
            .json(body)
            .send()
            .await
            .map_err(|e| format!("request failed: {e}"))?;
        let status = response.status();
        let body: Value = response
            .json()
            .await
            .map_err(|e| format!("HTTP {status}: no JSON body ({e})"))?;
        if !status.is_success() {
            return Err(format!("HTTP {status}: {body}"));
        }
        if let Some(errors) = body.get("errors") {
            return Err(format!("GraphQL errors: {errors}"));
        }
        Ok(body.get("data").cloned().unwrap_or(Value::Null))
    }

    /// Like [`Target::post`], for setting up: an error stops the run.
    async fn data(&self, query: &str, variables: Value) -> anyhow::Result<Value> {
        self.post(&json!({ "query": query, "variables": variables }))
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))
    }
}

/// The request body of an operation.
fn request(operation: Operation, plan: &Plan) -> Value {
    let (query, variables) = match operation {
        Operation::Headline => (
            HEADLINE,
            json!({ "organization": plan.organization, "topic": plan.topic }),
        ),
        Operation::HeadlinePage => (
            PAGE,
            json!({ "organization": plan.organization, "topic": plan.topic }),
        ),
        Operation::DeepPage => (
            PAGE,
            json!({
                "organization": plan.organization,
                "topic": plan.topic,
                "after": plan.deep_cursor,
            }),
        ),
        Operation::SpeakerAlias => (BY_SPEAKER, json!({ "speaker": plan.speaker_alias })),
        Operation::SearchCommon => (SEARCH, json!({ "text": plan.common_word })),
        Operation::SearchRare => (SEARCH, json!({ "text": plan.rare_word })),
        Operation::Counts => (COUNTS, json!({ "organization": plan.organization })),
        Operation::Document => (DOCUMENT, json!({ "id": plan.document })),
        // Sent as SQL (see `page_sql`); over HTTP, the page it stands for.
        Operation::HeadlinePageSql | Operation::HeadlinePageSqlPlanned => (
            PAGE,
            json!({ "organization": plan.organization, "topic": plan.topic }),
        ),
    };
    json!({ "query": query, "variables": variables })
}

/// The key of the largest bucket of `statementCounts(by: …)`.
async fn top_key(target: &Target, by: &str) -> anyhow::Result<String> {
    let data = target
        .data(
            &format!("{{ statementCounts(by: {by}) {{ key count }} }}"),
            json!({}),
        )
        .await
        .with_context(|| format!("cannot count statements by {by}"))?;
    // The server sorts by count, largest first, then by key.
    data["statementCounts"][0]["key"]
        .as_str()
        .map(str::to_owned)
        .with_context(|| format!("no statements to count by {by}: is the database empty?"))
}

fn is_cyrillic(s: &str) -> bool {
    s.chars().any(|c| matches!(c, '\u{0400}'..='\u{04FF}'))
}

impl Plan {
    /// Finds the filter values in the server's data and walks the headline to its deep page.
    async fn discover(target: &Target, organization: Option<&str>) -> anyhow::Result<Self> {
        let organization_id = match organization {
            None => top_key(target, "ORGANIZATION").await?,
            Some(name) => {
                let found = target
                    .data(
                        "query($name: String) { statements(filter: {organization: $name}, first: 1) { matched { entities { id } } } }",
                        json!({ "name": name }),
                    )
                    .await
                    .with_context(|| format!("--organization {name:?}"))?;
                found["statements"]["matched"][0]["entities"][0]["id"]
                    .as_str()
                    .with_context(|| format!("no organization is known as {name:?}"))?
                    .to_owned()
            }
        };
        let topic = top_key(target, "TOPIC").await?;
        let speaker_id = top_key(target, "SPEAKER").await?;
        let document = top_key(target, "DOCUMENT").await?;

        let names = r#"query Names($id: ID!) {
          node(id: $id) {
            ... on Organization { name aliases { name lang } }
            ... on Speaker { name aliases { name lang } }
          }
        }"#;
        // The organization by its first English alias, as a reader would write it.
        let org = target.data(names, json!({ "id": organization_id })).await?;
        let org_aliases = org["node"]["aliases"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let organization = org_aliases
            .iter()
            .find(|a| a["lang"] == "en")
            .or_else(|| org_aliases.first())
            .and_then(|a| a["name"].as_str())
            .map_or_else(|| organization_id.clone(), str::to_owned);

        let speaker = target.data(names, json!({ "id": speaker_id })).await?;
        let speaker_name = speaker["node"]["name"]
            .as_str()
            .context("the top speaker has no name")?
            .to_owned();
        let aliases = speaker["node"]["aliases"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let other_script = aliases
            .iter()
            .filter_map(|a| a["name"].as_str())
            .find(|a| is_cyrillic(a) != is_cyrillic(&speaker_name))
            .or_else(|| {
                aliases
                    .iter()
                    .filter_map(|a| a["name"].as_str())
                    .find(|a| *a != speaker_name)
            })
            .unwrap_or(&speaker_name)
            .to_owned();

        // Walk to the 500th page: 499 pages forward, or as far as the set goes.
        let mut cursor: Option<String> = None;
        let mut page = 1u32;
        while page < 500 {
            let data = target
                .data(
                    HEADLINE_CURSORS,
                    json!({ "organization": organization, "topic": topic, "after": cursor }),
                )
                .await
                .context("cannot walk the headline's pages")?;
            let info = &data["statements"]["pageInfo"];
            if info["hasNextPage"] != true {
                break;
            }
            cursor = info["endCursor"].as_str().map(str::to_owned);
            page += 1;
        }

        Ok(Self {
            organization,
            organization_id,
            topic,
            speaker_name,
            speaker_alias: other_script,
            common_word: super::generate::COMMON_WORD.to_owned(),
            rare_word: super::generate::RARE_WORD.to_owned(),
            document,
            deep_page: page,
            deep_cursor: cursor,
        })
    }
}

/// Runs one request body with `concurrency` clients for `duration`.
async fn load(
    target: &Target,
    body: Arc<Value>,
    concurrency: u32,
    duration: Duration,
) -> OperationReport {
    let target = target.clone();
    load_with(
        move || {
            let (target, body) = (target.clone(), body.clone());
            async move { target.post(&body).await.map(drop) }
        },
        concurrency,
        duration,
    )
    .await
}

/// Runs `send` from `concurrency` clients, each sending again as soon as
/// it has its answer, for `duration`, and reports on it.
async fn load_with<F, Fut>(send: F, concurrency: u32, duration: Duration) -> OperationReport
where
    F: Fn() -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = Result<(), String>> + Send,
{
    // One untimed request first: it warms caches and connections.
    let warm = send().await.err();
    let started = Instant::now();
    let deadline = started + duration;
    let mut tasks = Vec::new();
    for _ in 0..concurrency {
        let send = send.clone();
        tasks.push(tokio::spawn(async move {
            let mut latencies: Vec<u32> = Vec::new();
            let mut errors = 0u64;
            let mut first_error = None;
            while Instant::now() < deadline {
                let sent = Instant::now();
                let outcome = send().await;
                let micros = u32::try_from(sent.elapsed().as_micros()).unwrap_or(u32::MAX);
                match outcome {
                    Ok(_) => latencies.push(micros),
                    Err(e) => {
                        errors += 1;
                        first_error.get_or_insert(e);
                    }
                }
            }
            (latencies, errors, first_error)
        }));
    }
    let mut latencies = Vec::new();
    let mut errors = u64::from(warm.is_some());
    let mut first_error = warm;
    for task in tasks {
        match task.await {
            Ok((l, e, f)) => {
                latencies.extend(l);
                errors += e;
                if first_error.is_none() {
                    first_error = f;
                }
            }
            Err(e) => {
                errors += 1;
                first_error.get_or_insert(format!("a client failed: {e}"));
            }
        }
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort_unstable();
    let percentile = |p: f64| percentile(&latencies, p);
    OperationReport {
        operation: Operation::Headline,
        requests: latencies.len() as u64,
        errors,
        requests_per_second: latencies.len() as f64 / elapsed.max(1e-9),
        p50_ms: percentile(0.50),
        p95_ms: percentile(0.95),
        p99_ms: percentile(0.99),
        max_ms: percentile(1.0),
        sql_per_request: None,
        cpu: None,
        first_error,
    }
}

/// The SQL of the headline page as one statement, written by hand for the
/// same answer the API gives (statements of the organization's subtree and
/// affiliated speakers, of the topic, neither rejected nor of a copy,
/// latest first, 21 rows, names joined): what `--compare-sql` times.
fn page_sql(backend: sea_orm::DbBackend, organization: i64, topic: i64) -> sea_orm::Statement {
    let (first, second) = match backend {
        sea_orm::DbBackend::Postgres => ("$1", "$2"),
        _ => ("?", "?"),
    };
    let sql = format!(
        "WITH RECURSIVE subtree(id) AS ( \
           SELECT CAST({first} AS BIGINT) \
           UNION SELECT o.id FROM organization o JOIN subtree ON o.parent_id = subtree.id \
         ) \
         SELECT s.id, s.text, s.language, s.said_on, s.said_precision, \
                sp.name AS speaker, o.name AS organization, d.title \
         FROM statement s \
         LEFT JOIN speaker sp ON sp.id = s.speaker_id \
         LEFT JOIN organization o ON o.id = s.organization_id \
         JOIN document d ON d.id = s.document_id \
         WHERE s.review_status <> 'rejected' \
           AND s.document_id NOT IN (SELECT id FROM document WHERE copy_of_id IS NOT NULL) \
           AND s.id IN (SELECT so.statement_id FROM statement_organization so \
                        JOIN subtree ON subtree.id = so.organization_id) \
           AND s.id IN (SELECT st.statement_id FROM statement_topic st WHERE st.topic_id = {second}) \
         ORDER BY s.dated_on DESC, s.id DESC \
         LIMIT 21"
    );
    sea_orm::Statement::from_sql_and_values(backend, sql, [organization.into(), topic.into()])
}

/// How [`page_sql_load`] sends the page's SQL.
struct SqlLoad {
    /// [`Operation::HeadlinePageSql`] (values as parameters) or
    /// [`Operation::HeadlinePageSqlPlanned`] (written in).
    form: Operation,
    concurrency: u32,
    duration: Duration,
    /// The server's pid and whether PostgreSQL's processes are read, for
    /// the CPU per request ([`profile::CpuClock`]).
    clocks: (Option<u32>, bool),
}

/// Times [`page_sql`] against the database, from as many clients as the
/// API was, each with its own connection, as `load` says.
async fn page_sql_load(
    target: &Target,
    database_url: &str,
    plan: &Plan,
    load: SqlLoad,
) -> anyhow::Result<OperationReport> {
    let SqlLoad {
        form,
        concurrency,
        duration,
        clocks: (pid, postgres),
    } = load;
    use sea_orm::{ConnectionTrait, DatabaseConnection};
    let mut settings = Settings::for_database(database_url);
    settings.db_pool = concurrency;
    let db: DatabaseConnection = crate::database::connect(&settings).await?;
    let backend = db.get_database_backend();
    let organization = crate::graphql::ids::decode(&plan.organization_id)
        .map_err(|e| anyhow::anyhow!("{e}"))?
        .id;
    let topic: i64 = db
        .query_one_raw(sea_orm::Statement::from_sql_and_values(
            backend,
            match backend {
                sea_orm::DbBackend::Postgres => "SELECT id FROM topic WHERE key = $1",
                _ => "SELECT id FROM topic WHERE key = ?",
            },
            [plan.topic.clone().into()],
        ))
        .await?
        .context("the plan's topic is not in the database")?
        .try_get_by_index(0)?;
    let mut statement = page_sql(backend, organization, topic);
    if form == Operation::HeadlinePageSqlPlanned {
        statement = crate::database::planned_once(statement);
    }
    // The same answer, or the comparison means nothing.
    let rows = db.query_all_raw(statement.clone()).await?;
    let from_sql = rows
        .iter()
        .take(20)
        .map(|row| row.try_get_by_index::<i64>(0))
        .collect::<Result<Vec<_>, _>>()?;
    let page = target
        .data(
            PAGE,
            json!({ "organization": plan.organization, "topic": plan.topic }),
        )
        .await?;
    let from_api = page["statements"]["nodes"]
        .as_array()
        .context("the headline page has no nodes")?
        .iter()
        .map(|node| {
            let id = node["id"].as_str().context("a node without an id")?;
            Ok(crate::graphql::ids::decode(id)
                .map_err(|e| anyhow::anyhow!("{e}"))?
                .id)
        })
        .collect::<anyhow::Result<Vec<i64>>>()?;
    anyhow::ensure!(
        !from_sql.is_empty() && from_sql == from_api,
        "the headline page's SQL does not give the API's page: {from_sql:?} against {from_api:?}"
    );
    // The pool outlives the load until the clocks are read: its
    // connections' processes, and their time, would be gone with it.
    let pool = db.clone();
    let before = profile::CpuClock::read(pid, postgres);
    let mut report = load_with(
        move || {
            let (db, statement) = (db.clone(), statement.clone());
            async move {
                db.query_all_raw(statement)
                    .await
                    .map(drop)
                    .map_err(|e| e.to_string())
            }
        },
        concurrency,
        duration,
    )
    .await;
    report.cpu = before.per_request(profile::CpuClock::read(pid, postgres), report.requests);
    drop(pool);
    report.operation = form;
    Ok(report)
}

/// The `p` quantile (0 to 1) of sorted latencies in microseconds, in milliseconds.
fn percentile(sorted_us: &[u32], p: f64) -> f64 {
    if sorted_us.is_empty() {
        return 0.0;
    }
    let rank = ((p * sorted_us.len() as f64).ceil() as usize).clamp(1, sorted_us.len());
    f64::from(sorted_us[rank - 1]) / 1000.0
}

/// SQL statements per request of each operation, counted on an in-process
/// application over the same database.
async fn count_sql(
    database_url: &str,
    plan: &Plan,
    operations: &[Operation],
) -> anyhow::Result<Vec<(Operation, u64)>> {
    let mut settings = Settings::for_database(database_url);
    settings.bind = ([127, 0, 0, 1], 0).into();
    settings.seed = SeedMode::Never;
    let app = Application::build(&settings)
        .await
        .context("cannot start the application in-process to count SQL statements")?;
    let counter = app.statement_counter();
    let target = Target {
        client: reqwest::Client::new(),
        url: format!("http://{}/graphql", app.local_addr()?),
    };
    let server = tokio::spawn(app.run_until_stopped(std::future::pending()));
    let mut counts = Vec::new();
    for &operation in operations {
        let body = request(operation, plan);
        let mut fewest = u64::MAX;
        // The fewest of three: a DataLoader batch can split on a busy machine.
        for _ in 0..3 {
            let before = counter.get();
            target
                .post(&body)
                .await
                .map_err(|e| anyhow::anyhow!("{}: {e}", operation.name()))?;
            fewest = fewest.min(counter.get() - before);
        }
        counts.push((operation, fewest));
    }
    server.abort();
    Ok(counts)
}

fn port_of(url: &str) -> Option<u16> {
    let parsed = reqwest::Url::parse(url).ok()?;
    parsed.port_or_known_default()
}

/// The process listening on TCP `port`, found through `/proc/net/tcp*` and
/// the sockets each process holds (only processes this user may inspect).
fn listening_pid(port: u16) -> Option<u32> {
    let wanted = format!(":{port:04X}");
    let mut inodes = Vec::new();
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        let Ok(text) = std::fs::read_to_string(table) else {
            continue;
        };
        for line in text.lines().skip(1) {
            let fields: Vec<&str> = line.split_whitespace().collect();
            // local_address, state 0A = LISTEN, inode.
            if fields.len() > 9 && fields[1].ends_with(&wanted) && fields[3] == "0A" {
                inodes.push(format!("socket:[{}]", fields[9]));
            }
        }
    }
    if inodes.is_empty() {
        return None;
    }
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Ok(pid) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(fds) = std::fs::read_dir(entry.path().join("fd")) else {
            continue;
        };
        for fd in fds.flatten() {
            if let Ok(link) = std::fs::read_link(fd.path())
                && inodes.iter().any(|i| link.as_os_str() == i.as_str())
            {
                return Some(pid);
            }
        }
    }
    None
}

fn memory_of(pid: u32) -> Option<ServerMemory> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse::<u64>().ok())
    };
    Some(ServerMemory {
        pid,
        peak_kib: field("VmHWM:")?,
        current_kib: field("VmRSS:")?,
    })
}

/// The report as a plain-text table.
pub fn table(report: &BenchReport) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let p = &report.plan;
    let _ = writeln!(
        out,
        "{} with {} clients, {} s per operation",
        report.url, report.concurrency, report.duration_seconds
    );
    let _ = writeln!(
        out,
        "organization {:?}, topic {:?}, speaker {:?} as {:?}, words {:?}/{:?}, document {}, deep page {}",
        p.organization,
        p.topic,
        p.speaker_name,
        p.speaker_alias,
        p.common_word,
        p.rare_word,
        p.document,
        p.deep_page
    );
    let _ = writeln!(
        out,
        "{:<25} {:>9} {:>9} {:>8} {:>8} {:>8} {:>8} {:>7} {:>8}",
        "operation",
        "requests",
        "req/s",
        "p50 ms",
        "p95 ms",
        "p99 ms",
        "max ms",
        "errors",
        "SQL/req"
    );
    for o in &report.operations {
        let _ = writeln!(
            out,
            "{:<25} {:>9} {:>9.1} {:>8.2} {:>8.2} {:>8.2} {:>8.2} {:>7} {:>8}",
            o.operation.name(),
            o.requests,
            o.requests_per_second,
            o.p50_ms,
            o.p95_ms,
            o.p99_ms,
            o.max_ms,
            o.errors,
            o.sql_per_request
                .map_or_else(|| "n/a".to_owned(), |n| n.to_string())
        );
        if let Some(e) = &o.first_error {
            let _ = writeln!(
                out,
                "  first error: {}",
                e.chars().take(300).collect::<String>()
            );
        }
    }
    let rate = |operation: Operation| {
        report
            .operations
            .iter()
            .find(|o| o.operation == operation)
            .map(|o| o.requests_per_second)
    };
    if let (Some(headline), Some(page)) = (rate(Operation::Headline), rate(Operation::HeadlinePage))
    {
        let _ = writeln!(
            out,
            "headline (with totalCount) / headline-page: {:.2}",
            headline / page.max(1e-9)
        );
    }
    for form in [
        Operation::HeadlinePageSql,
        Operation::HeadlinePageSqlPlanned,
    ] {
        if let (Some(page), Some(sql)) = (rate(Operation::HeadlinePage), rate(form)) {
            let _ = writeln!(
                out,
                "headline-page / {}: {:.2}",
                form.name(),
                page / sql.max(1e-9)
            );
        }
    }
    let ms = |v: Option<f64>| v.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.2}"));
    if report.operations.iter().any(|o| o.cpu.is_some()) {
        let _ = writeln!(
            out,
            "CPU ms per request under load: {:<25} {:>8} {:>9} {:>8}",
            "operation", "API", "database", "client"
        );
        for o in &report.operations {
            if let Some(cpu) = &o.cpu {
                let _ = writeln!(
                    out,
                    "{:<31} {:<25} {:>8} {:>9} {:>8.2}",
                    "",
                    o.operation.name(),
                    ms(cpu.api_ms),
                    ms(cpu.database_ms),
                    cpu.client_ms
                );
            }
        }
    }
    if !report.breakdowns.is_empty() {
        let _ = writeln!(
            out,
            "one client, in-process, ms per request:\n{:<25} {:>8} {:>6} {:>8} {:>9} {:>9} {:>12} {:>8}",
            "operation", "request", "SQL", "SQL ms", "planning", "execution", "loader wait", "rest"
        );
        for b in &report.breakdowns {
            let _ = writeln!(
                out,
                "{:<25} {:>8.2} {:>6.1} {:>8.2} {:>9} {:>9} {:>12.2} {:>8.2}",
                b.operation.name(),
                b.request_ms,
                b.statements,
                b.sql_ms,
                ms(b.planning_ms),
                ms(b.execution_ms),
                (b.request_ms - b.request_without_loader_wait_ms).max(0.0),
                b.rest_ms()
            );
        }
    }
    match &report.server_memory {
        Some(m) => {
            let _ = writeln!(
                out,
                "server (pid {}): peak {:.1} MiB, now {:.1} MiB",
                m.pid,
                m.peak_kib as f64 / 1024.0,
                m.current_kib as f64 / 1024.0
            );
        }
        None => {
            let _ = writeln!(out, "server memory: n/a (give --server-pid)");
        }
    }
    if report
        .operations
        .iter()
        .all(|o| o.sql_per_request.is_none())
    {
        let _ = writeln!(
            out,
            "SQL/req: n/a (the server exposes no statement counter; give --database-url to count in-process)"
        );
    }
    out
}

#[cfg(test)]
mod tests {
    /// The words of a query, its punctuation apart, without its
    /// operation header: what two spellings of one query share.
    fn words(query: &str) -> Vec<String> {
        let body = &query[query.find("statements(").expect("a statements field")..];
        let mut spaced = String::new();
        for c in body.chars() {
            if "{}():,".contains(c) {
                spaced.extend([' ', c, ' ']);
            } else {
                spaced.push(c);
            }
        }
        spaced.split_whitespace().map(str::to_owned).collect()
    }

    /// The headline measured is the README's first query as written, but
    /// for its two values, which the plan finds in the data.
    #[test]
    fn the_headline_is_the_readmes_first_query() {
        let readme = include_str!("../../../../README.md");
        let start = readme.find("```graphql\n").expect("a GraphQL block") + 11;
        let end = start + readme[start..].find("```").expect("its end");
        let first = readme[start..end]
            .replace("\"МИД РК\"", "$organization")
            .replace("\"investigation\"", "$topic");
        assert_eq!(words(super::HEADLINE), words(&first));
    }
}
