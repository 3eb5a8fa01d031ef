//! The `claimgraph` binary: reads the configuration and calls the library.

use anyhow::Context;
use claimgraph::config::{Cli, Command};
use claimgraph::startup::{Application, shutdown_signal};
use claimgraph::{database, services, telemetry};
use clap::Parser;

/// mimalloc rather than glibc's malloc: with a thread per pooled SQLite
/// connection, glibc kept each thread's freed memory in an arena of its own,
/// and the server's resident size under load grew past 150 MiB where
/// mimalloc returns it (BENCHMARKS.md, "Memory").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let settings = cli.settings;
    telemetry::init(&settings);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let app = Application::build(&settings).await?;
            let addr = app.local_addr()?;
            tracing::info!(
                "claimgraph listening on http://{addr} (playground at /, GraphQL at /graphql, database {})",
                database::redacted(&settings.database_url)
            );
            app.run_until_stopped(shutdown_signal())
                .await
                .context("server error")?;
        }
        Command::Migrate => {
            let db = database::connect(&settings).await?;
            database::migrate(&db).await?;
            tracing::info!("migrations applied");
        }
        Command::Seed { only } => {
            let db = database::connect(&settings).await?;
            database::migrate(&db).await?;
            let report = services::seeding::load(&db, only).await?;
            tracing::info!(?report, "seed corpus loaded");
        }
        Command::Ingest { paths } => claimgraph::cli::ingest_paths(&settings, &paths).await?,
        Command::Eval => print!("{}", claimgraph::cli::eval().await?),
        Command::Generate(args) => claimgraph::generate::run(&settings, &args).await?,
        Command::Bench(args) => claimgraph::bench::run(&args).await?,
    }
    Ok(())
}
