//! `claimgraph ingest`: articles from `.txt` files, folders of them, or
//! standard input, each through the ingestion pipeline in a transaction of
//! its own, with a progress bar and a summary.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};

use crate::config::Settings;
use crate::database;
use crate::ingest::{self, IngestInput};
use crate::services::Error;

/// The `.txt` files named by `paths` (folders are read recursively, `-` is standard input).
fn inputs(paths: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" || path.is_file() {
            files.push(path.clone());
        } else if path.is_dir() {
            let mut found = Vec::new();
            collect_txt(path, &mut found)?;
            found.sort();
            files.extend(found);
        } else {
            anyhow::bail!("{} is neither a file nor a folder", path.display());
        }
    }
    Ok(files)
}

fn collect_txt(dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    for entry in std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))? {
        let path = entry?.path();
        if path.is_dir() {
            collect_txt(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "txt") {
            out.push(path);
        }
    }
    Ok(())
}

fn read_text(path: &Path) -> Result<String, String> {
    let mut bytes = Vec::new();
    let read = if path.as_os_str() == "-" {
        std::io::stdin().read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes))
    };
    read.map_err(|e| format!("cannot be read: {e}"))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "is not UTF-8 text (invalid byte at {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Ingests files and folders of articles, with a progress bar and a summary.
/// Each article is its own transaction: one that fails leaves the others stored.
pub async fn run(settings: &Settings, paths: &[PathBuf]) -> anyhow::Result<()> {
    let files = inputs(paths)?;
    let db = database::connect(settings).await?;
    database::migrate(&db).await?;
    let bar = ProgressBar::new(files.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} {wide_msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let (mut added, mut present, mut statements) = (0usize, 0usize, 0usize);
    let mut failed: Vec<String> = Vec::new();
    for file in &files {
        bar.set_message(file.display().to_string());
        let outcome = match read_text(file) {
            Err(why) => Err(why),
            Ok(text) => ingest::ingest(
                &db,
                IngestInput {
                    text,
                    ..Default::default()
                },
            )
            .await
            .map_err(|e| match e {
                Error::BadInput(m) => m,
                other => format!("{other:?}"),
            }),
        };
        match outcome {
            Ok(report) if report.added => {
                added += 1;
                statements += report.statements;
                if let Some(notice) = report.notice {
                    bar.println(format!("{}: {notice}", file.display()));
                }
            }
            Ok(_) => present += 1,
            Err(why) => failed.push(format!("{}: {why}", file.display())),
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    println!(
        "{added} documents added ({statements} statements extracted), {present} already present, {} failed",
        failed.len()
    );
    for line in &failed {
        println!("  failed: {line}");
    }
    if !failed.is_empty() && added == 0 && present == 0 {
        anyhow::bail!("nothing was ingested");
    }
    Ok(())
}
