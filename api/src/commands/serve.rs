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

/// Detects every statement's mentions and stances again, and links the
/// reports of one utterance (a curator's links stay), in one transaction.
pub async fn link(settings: &Settings) -> anyhow::Result<()> {
    let db = database::connect(settings).await?;
    database::migrate(&db).await?;
    let txn = database::begin_write(&db).await?;
    let detected = services::store::detect_mentions(&txn).await?;
    let stances = services::stances::detect_all(&txn).await?;
    let linked = services::utterances::link_all(&txn).await?;
    txn.commit().await?;
    println!("{detected} mentions detected");
    println!("{stances} stances detected");
    println!(
        "{} statements linked to another report; {} utterances reported more than once",
        linked.joined, linked.shared
    );
    Ok(())
}

/// Migrates, then loads (or reloads) the seed corpus, all of it or the registry only.
pub async fn seed(settings: &Settings, only: SeedScope) -> anyhow::Result<()> {
    let db = database::connect(settings).await?;
    database::migrate(&db).await?;
    let report = services::seeding::load(&db, only).await?;
    tracing::info!(?report, "seed corpus loaded");
    Ok(())
}
