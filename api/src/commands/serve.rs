//! `claimgraph serve` (the default), and the two steps it takes at start on
//! their own: `claimgraph migrate` and `claimgraph seed`.

use anyhow::Context;

use crate::config::{SeedScope, Settings};
use crate::startup::{Application, shutdown_signal};
use crate::{database, services};

/// Builds the application (migrating and, as configured, seeding) and serves
/// until ctrl-c or SIGTERM.
pub async fn serve(settings: &Settings) -> anyhow::Result<()> {
    let app = Application::build(settings).await?;
    let addr = app.local_addr()?;
    tracing::info!(
        "claimgraph listening on http://{addr} (playground at /, GraphQL at /graphql, database {})",
        database::redacted(&settings.database_url)
    );
    app.run_until_stopped(shutdown_signal())
        .await
        .context("server error")
}

/// Runs the database migrations.
pub async fn migrate(settings: &Settings) -> anyhow::Result<()> {
    let db = database::connect(settings).await?;
    database::migrate(&db).await?;
    tracing::info!("migrations applied");
    Ok(())
}

/// Migrates, then loads (or reloads) the seed corpus, all of it or the registry only.
/// Detects every statement's mentions again, in one transaction.
pub async fn link(settings: &Settings) -> anyhow::Result<()> {
    use sea_orm::TransactionTrait;
    let db = database::connect(settings).await?;
    database::migrate(&db).await?;
    let txn = db.begin().await?;
    let detected = services::store::detect_mentions(&txn).await?;
    let stances = services::stances::detect_all(&txn).await?;
    txn.commit().await?;
    println!("{detected} mentions detected");
    println!("{stances} stances detected");
    Ok(())
}

pub async fn seed(settings: &Settings, only: SeedScope) -> anyhow::Result<()> {
    let db = database::connect(settings).await?;
    database::migrate(&db).await?;
    let report = services::seeding::load(&db, only).await?;
    tracing::info!(?report, "seed corpus loaded");
    Ok(())
}
