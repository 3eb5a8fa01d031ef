//! Building and running the application. [`Application::build`] is the one
//! function that wires configuration, database and router together; `main`
//! and the tests both call it, so what is tested is what runs.

use std::future::Future;
use std::net::SocketAddr;

use anyhow::Context;
use sea_orm::DatabaseConnection;
use tokio::net::TcpListener;

use crate::config::Settings;
use crate::graphql::build_schema;
use crate::http::{AppState, router};
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
    pub async fn build(settings: &Settings) -> anyhow::Result<Self> {
        let mut db = database::connect(settings).await?;
        let statements = database::count_statements(&mut db);
        database::migrate(&db).await?;
        if let Some(report) = services::seeding::seed_on_start(&db, settings.seed).await? {
            tracing::info!(?report, "seeded the database");
        }
        let listener = TcpListener::bind(settings.bind)
            .await
            .with_context(|| format!("cannot listen on {}", settings.bind))?;
        let schema = build_schema(db.clone());
        Ok(Self {
            listener,
            state: AppState { schema, db },
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

    /// The database pool the server uses.
    pub fn db(&self) -> &DatabaseConnection {
        &self.state.db
    }

    /// Serves until `shutdown` completes, then lets in-flight requests finish.
    pub async fn run_until_stopped(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        axum::serve(self.listener, router(self.state))
            .with_graceful_shutdown(shutdown)
            .await
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
