//! The analyst's script (`examples/analyst.py`) against a live server: the
//! export for a table of statements, one two-way `statementCounts` for the
//! pivot of month by organization.
//!
//! It needs python3 with pandas, requests and matplotlib. Where they are
//! missing the test says so and passes, so that `cargo test` needs nothing
//! but Rust; CI installs them and sets `CLAIMGRAPH_REQUIRE_PYTHON`, which
//! makes their absence a failure.

use std::process::Command;

use crate::harness::{Backend, spawn_app};

#[tokio::test]
async fn the_analyst_script_loads_the_export_and_plots() {
    let available = Command::new("python3")
        .args(["-c", "import pandas, requests, matplotlib"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        assert!(
            std::env::var_os("CLAIMGRAPH_REQUIRE_PYTHON").is_none(),
            "python3 with pandas, requests and matplotlib is required here"
        );
        eprintln!("skipped: python3 with pandas, requests and matplotlib is not installed");
        return;
    }
    let app = spawn_app(Backend::Sqlite).await;
    let dir = tempfile::tempdir().expect("a folder");
    let plot = dir.path().join("investigations.png");
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/analyst.py");
    let (url, plot_arg) = (app.address.clone(), plot.display().to_string());
    // The server runs on this test's thread: wait for the script elsewhere.
    let output = tokio::task::spawn_blocking(move || {
        Command::new("python3")
            .args([script, "--url", &url, "--plot", &plot_arg])
            .output()
    })
    .await
    .expect("joined")
    .expect("python3 runs");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("3 statements by the Kazakh MFA on investigations"),
        "{stdout}"
    );
    // The pivot of month by organization, from one two-way count: a row per
    // month of statements on investigations, a column per organization.
    let pivot: Vec<&str> = stdout
        .lines()
        .skip_while(|line| !line.starts_with("organization"))
        .collect();
    assert!(
        pivot.len() >= 4
            && pivot[0].contains("Human Rights Watch")
            && pivot[0].contains("(no organization)")
            && pivot.iter().any(|line| line.starts_with("2022-01"))
            && pivot.iter().any(|line| line.starts_with("2022-02")),
        "{stdout}"
    );
    assert!(
        std::fs::metadata(&plot).is_ok_and(|m| m.len() > 1000),
        "a plot was written"
    );
}
