//! `claimgraph eval`: the extraction measured against annotations. The seed
//! articles are ingested again into a scratch database that holds the
//! registry only, and the statements found are compared with the curated
//! ones; with `--dev`, so are the articles of the development set (texts
//! read from a folder outside the repository), in a scratch database of
//! their own.

use std::path::{Path, PathBuf};

use anyhow::Context;
use sea_orm::DatabaseConnection;

use crate::config::{SeedScope, Settings};
use crate::{database, ingest, services};

/// What `claimgraph eval` measures beyond the seed articles.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct EvalArgs {
    /// A development set: a folder of annotations (`seeds/dev`, or its
    /// `articles/` folder) measured beside the seed articles.
    #[arg(long, value_name = "FOLDER")]
    pub dev: Option<PathBuf>,
    /// Where the development set's texts are (`<slug>.txt`); `<dev>/texts` by default.
    #[arg(long, value_name = "FOLDER", requires = "dev")]
    pub texts: Option<PathBuf>,
    /// Also list every disagreement with the annotations: statements
    /// missed, statements found that they do not have, wrong speakers.
    #[arg(long)]
    pub disagreements: bool,
}

/// Prints how the extraction compares with the annotations.
pub async fn run(args: &EvalArgs) -> anyhow::Result<()> {
    println!("seed articles (the rules were written against these):");
    let seeds = evaluate().await?;
    print!("{seeds}");
    if args.disagreements {
        for line in &seeds.disagreements {
            println!("{line}");
        }
    }
    let corpus = seeds::corpus::load().context("the seed corpus is invalid")?;
    let stances = services::stances::detect::agreement(&corpus);
    println!(
        "  stance detection vs the curated stances on their topics (cue lists written against these): {}/{} = {:.2}",
        stances.agreed,
        stances.judged,
        stances.accuracy()
    );
    if args.disagreements {
        for line in &stances.disagreements {
            println!("{line}");
        }
    }
    let dev_set = match &args.dev {
        Some(dev) => {
            let texts = args.texts.clone().unwrap_or_else(|| dev.join("texts"));
            Some((load_dev(dev, &texts)?, texts))
        }
        None => None,
    };
    println!();
    println!(
        "utterance links, on the annotated statements of the seed corpus{} (pairs annotated with one `utterance` key):",
        if dev_set.is_some() {
            " and the development set"
        } else {
            ""
        }
    );
    let links = with_scratch("eval-links", async |db| {
        ingest::link_eval::evaluate(db, &corpus, dev_set.as_ref().map(|(set, _)| set))
            .await
            .map_err(|e| anyhow::anyhow!("evaluation failed: {e:?}"))
    })
    .await?;
    print!("{links}");
    if args.disagreements {
        for line in &links.disagreements {
            println!("{line}");
        }
    }
    if let Some((set, texts)) = &dev_set {
        println!();
        println!(
            "development set ({} articles from {}):",
            set.articles.len(),
            texts.display()
        );
        if !set.missing_texts.is_empty() {
            println!(
                "  not measured, no text in {}: {}",
                texts.display(),
                set.missing_texts.join(", ")
            );
        }
        let changed: Vec<&str> = set
            .articles
            .iter()
            .filter(|a| !a.text_matches)
            .map(|a| a.slug.as_str())
            .collect();
        if !changed.is_empty() {
            println!(
                "  warning: these texts differ from the ones annotated (SHA-256): {}",
                changed.join(", ")
            );
        }
        let articles: Vec<(String, String)> = set
            .articles
            .iter()
            .map(|a| (a.slug.clone(), a.original.clone()))
            .collect();
        print!("{}", services::copies::evaluate(&articles));
        let report = evaluate_dev(set).await?;
        print!("{report}");
        if args.disagreements {
            for line in &report.disagreements {
                println!("{line}");
            }
        }
    }
    Ok(())
}

/// Reads the development set's annotations (from `dev/articles`, or `dev`
/// itself when it holds them) and their texts.
pub fn load_dev(dev: &Path, texts: &Path) -> anyhow::Result<seeds::dev::DevSet> {
    let annotations = if dev.join("articles").is_dir() {
        dev.join("articles")
    } else {
        dev.to_path_buf()
    };
    let set = seeds::dev::load(&annotations, texts)?;
    if set.articles.is_empty() {
        anyhow::bail!(
            "no article of {} has its text in {}: retrieve the texts first (seeds/dev/README.md)",
            annotations.display(),
            texts.display()
        );
    }
    Ok(set)
}

/// Runs `work` on a scratch SQLite database that holds the registry only,
/// removed again afterwards.
async fn with_scratch<T>(
    name: &str,
    work: impl AsyncFnOnce(&DatabaseConnection) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let dir = std::env::temp_dir().join(format!("claimgraph-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).context("cannot create a scratch folder")?;
    let url = format!("sqlite://{}?mode=rwc", dir.join("eval.db").display());
    let outcome = async {
        let db = database::connect(&Settings::for_database(url)).await?;
        database::migrate(&db).await?;
        services::seeding::load(&db, SeedScope::Registry).await?;
        let result = work(&db).await;
        db.close().await.ok();
        result
    }
    .await;
    std::fs::remove_dir_all(&dir).ok();
    outcome
}

/// Re-extracts the seed articles into a scratch database that holds the
/// registry only, and returns how the extraction compares with the curation.
pub async fn evaluate() -> anyhow::Result<ingest::eval::EvalReport> {
    with_scratch("eval", async |db| {
        let corpus = seeds::corpus::load().context("the seed corpus is invalid")?;
        ingest::eval::evaluate(db, &corpus)
            .await
            .map_err(|e| anyhow::anyhow!("evaluation failed: {e:?}"))
    })
    .await
}

/// Ingests the development set's articles into a scratch database that
/// holds the registry only, and returns how the extraction compares with
/// the annotations.
pub async fn evaluate_dev(set: &seeds::dev::DevSet) -> anyhow::Result<ingest::eval::DevReport> {
    with_scratch("eval-dev", async |db| {
        ingest::eval::evaluate_dev(db, set)
            .await
            .map_err(|e| anyhow::anyhow!("evaluation failed: {e:?}"))
    })
    .await
}
