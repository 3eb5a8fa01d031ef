//! `claimgraph eval`: the extraction measured against the curation. The seed
//! articles are ingested again into a scratch database that holds the
//! registry only, and the statements found are compared with the curated
//! ones.

use anyhow::Context;

use crate::config::{SeedScope, Settings};
use crate::{database, ingest, services};

/// Prints how the extraction compares with the curation.
pub async fn run() -> anyhow::Result<()> {
    print!("{}", evaluate().await?);
    Ok(())
}

/// Re-extracts the seed articles into a scratch database (removed again) that
/// holds the registry only, and returns how the extraction compares with the
/// curation.
pub async fn evaluate() -> anyhow::Result<ingest::eval::EvalReport> {
    let dir = std::env::temp_dir().join(format!("claimgraph-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir).context("cannot create a scratch folder")?;
    let url = format!("sqlite://{}?mode=rwc", dir.join("eval.db").display());
    let outcome = async {
        let db = database::connect(&Settings::for_database(url)).await?;
        database::migrate(&db).await?;
        services::seeding::load(&db, SeedScope::Registry).await?;
        let corpus = seeds::corpus::load().context("the seed corpus is invalid")?;
        let report = ingest::eval::evaluate(&db, &corpus)
            .await
            .map_err(|e| anyhow::anyhow!("evaluation failed: {e:?}"))?;
        db.close().await.ok();
        anyhow::Ok(report)
    }
    .await;
    std::fs::remove_dir_all(&dir).ok();
    outcome
}
