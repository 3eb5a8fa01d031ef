//! Building and running the application. [`Application::build`] is the one
//! function that wires configuration, database and router together; `main`
//! and the tests both call it, so what is tested is what runs.

use std::future::Future;
use std::net::SocketAddr;
use std::time::Duration;

use anyhow::Context;
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;

use crate::config::Settings;
use crate::graphql::{StatementHub, build_schema};
use crate::http::{AppState, Readiness, router};
use crate::{database, services};

/// A migrated, seeded database and a bound listener, ready to serve.
#[derive(Debug)]
pub struct Application {
    listener: TcpListener,
    state: AppState,
    statements: database::StatementCounter,
}

impl Application {
    /// Connects to and migrates the database, seeds it as configured, and binds
    /// the listener (port 0 picks a free port).
    ///
    /// A database that cannot be reached does not stop the server: it starts,
    /// answers `/healthz`, reports 503 on `/readyz` and `DATABASE_UNAVAILABLE`
    /// to GraphQL, and keeps trying in the background with growing pauses
    /// until the database answers. Any other failure (a migration that does
    /// not apply, an invalid seed corpus) stops the start.
    pub async fn build(settings: &Settings) -> anyhow::Result<Self> {
        if crate::metrics::handle().is_none() {
            tracing::warn!("metrics are not recorded: another recorder is installed");
        }
        // A bad keys file stops the start at once, before the database is touched.
        let keys =
            crate::auth::Keyring::load(settings.api_key.as_ref(), settings.keys_file.as_deref())?;
        let mut db = database::connect_for_requests(settings).await?;
        let statements = database::count_statements(&mut db);
        // Queries read from the replica when one is configured.
        let read_db = match database::connect_read_replica(settings).await? {
            Some(mut replica) => {
                database::also_count(&mut replica, &statements);
                tracing::info!(
                    "queries read from the replica at {}",
                    database::redacted(replica_url(settings))
                );
                replica
            }
            None => db.clone(),
        };
        let ready = Readiness::default();
        // Migrating and seeding may take longer than a request may: they get
        // a pool of their own, without the request timeout.
        let maintenance = database::connect(settings).await?;
        let reachable = match prepare(&maintenance, settings.seed).await {
            Ok(()) => {
                ready.set();
                maintenance.close().await.ok();
                true
            }
            Err(err) if database::is_unavailable_error(&err) => {
                tracing::warn!(
                    "the database ({}) cannot be reached: {err:#}; serving 503 on /readyz and retrying",
                    database::redacted(&settings.database_url)
                );
                tokio::spawn(retry_prepare(maintenance, settings.seed, ready.clone()));
                false
            }
            Err(err) => return Err(err),
        };
        // On PostgreSQL, subscribers hear the other instances' writes too;
        // the listener is in place before the first request is served.
        let hub = StatementHub::for_database(&db);
        hub.start_listening(&settings.database_url, reachable).await;
        let listener = TcpListener::bind(settings.bind)
            .await
            .with_context(|| format!("cannot listen on {}", settings.bind))?;
        let limits = crate::graphql::limits::Limits {
            depth: settings.max_depth,
            complexity: settings.max_complexity,
            aliases: settings.max_aliases,
            introspection: settings.introspection,
        };
        let schema = build_schema(db.clone(), keys, limits, hub);
        Ok(Self {
            listener,
            state: AppState {
                schema,
                db,
                read_db,
                max_body_bytes: settings.max_body_bytes,
                playground: settings.playground,
                request_timeout: Duration::from_millis(settings.request_timeout_ms),
                max_concurrent_requests: settings.max_concurrent_requests,
                ready,
                cors_origins: cors_origins(&settings.cors_origins)?,
                rate_limit_per_second: settings.rate_limit_per_second,
                loader_delay: Duration::from_millis(settings.loader_delay_ms),
                parsed: Default::default(),
            },
            statements,
        })
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// How many SQL statements the server has run.
    pub fn statement_counter(&self) -> database::StatementCounter {
        self.statements.clone()
    }

    /// The database pool the server writes with (the primary).
    pub fn db(&self) -> &DatabaseConnection {
        &self.state.db
    }

    /// The database pool queries read from: the read replica's when one is
    /// configured, else the primary's.
    pub fn read_db(&self) -> &DatabaseConnection {
        &self.state.read_db
    }

    /// Serves until `shutdown` completes, then lets in-flight requests finish.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        // The peer's address is what the per-client rate limit counts by.
        axum::serve(
            self.listener,
            router(self.state).into_make_service_with_connect_info::<SocketAddr>(),
        )
        .with_graceful_shutdown(shutdown)
        .await
    }
}

/// The read replica's URL, as configured (empty when there is none).
fn replica_url(settings: &Settings) -> &str {
    settings.read_database_url.as_deref().unwrap_or_default()
}

/// The configured CORS origins as header values, each checked.
fn cors_origins(origins: &[String]) -> anyhow::Result<Vec<axum::http::HeaderValue>> {
    origins
        .iter()
        .map(|o| o.trim())
        .filter(|o| !o.is_empty())
        .map(|o| {
            if !(o.starts_with("http://") || o.starts_with("https://")) {
                anyhow::bail!("CLAIMGRAPH_CORS_ORIGINS: {o:?} is not an origin such as https://app.example.org");
            }
            axum::http::HeaderValue::from_str(o.trim_end_matches('/'))
                .with_context(|| format!("CLAIMGRAPH_CORS_ORIGINS: {o:?} is not a valid origin"))
        })
        .collect()
}

/// Migrates and seeds as configured.
async fn prepare(db: &DatabaseConnection, seed: crate::config::SeedMode) -> anyhow::Result<()> {
    database::migrate(db).await?;
    if let Some(report) = services::seeding::seed_on_start(db, seed).await? {
        tracing::info!(?report, "seeded the database");
    }
    Ok(())
}

/// Retries [`prepare`] with pauses growing from half a second to half a minute.
async fn retry_prepare(db: DatabaseConnection, seed: crate::config::SeedMode, ready: Readiness) {
    let mut pause = Duration::from_millis(500);
    loop {
        tokio::time::sleep(pause).await;
        match prepare(&db, seed).await {
            Ok(()) => {
                tracing::info!("the database answers again; ready");
                ready.set();
                db.close().await.ok();
                return;
            }
            Err(err) if database::is_unavailable_error(&err) => {
                tracing::warn!(
                    "the database still cannot be reached: {err:#}; next try in {pause:?}"
                );
                pause = (pause * 2).min(Duration::from_secs(30));
            }
            Err(err) => {
                tracing::error!("the database answers but cannot be prepared: {err:#}; not ready");
                return;
            }
        }
    }
}

/// Completes on ctrl-c or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(%err, "cannot listen for ctrl-c");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!(%err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing in-flight requests");
}
