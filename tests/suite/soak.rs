//! `claimgraph bench --mixed` end to end, briefly: reads and ingests at once
//! leave no server error and lose no document, on each backend; a run whose
//! ingests are refused is reported as failed.

use claimgraph::commands::bench::{BenchArgs, mixed};
use serde_json::json;

use crate::harness::{backends, spawn_configured};

const KEY: &str = "soak-test-key-0123456789";

fn args(address: &str, key: &str) -> BenchArgs {
    let mut args = BenchArgs::for_url(address);
    args.mixed = true;
    args.concurrency = 8;
    args.duration = 1.5;
    args.write_every = 3;
    args.api_key = Some(key.to_owned());
    args
}

#[tokio::test]
async fn reads_and_ingests_at_once_fail_nothing_and_lose_nothing() {
    for backend in backends() {
        let app =
            spawn_configured(backend, |s| s.api_key = Some(KEY.parse().expect("a key"))).await;
        let before =
            app.data("{ documents { totalCount } }", json!({})).await["documents"]["totalCount"]
                .as_u64()
                .expect("a count");

        let report = mixed::measure(&args(&app.address, KEY))
            .await
            .expect("the mixed run completes");
        assert_eq!(report.problems(), Vec::<String>::new(), "{backend:?}");
        assert!(report.reads.ok > 0, "{backend:?}: reads ran");
        assert!(report.writes.ok > 1, "{backend:?}: several ingests ran");
        assert_eq!(
            report.documents_found, report.documents_ingested,
            "{backend:?}"
        );
        assert_eq!(
            report.documents_with_statements, report.documents_ingested,
            "{backend:?}: every made-up article yields statements"
        );
        assert!(
            mixed::table(&report).contains("passed"),
            "{backend:?}: the table says so"
        );

        let after =
            app.data("{ documents { totalCount } }", json!({})).await["documents"]["totalCount"]
                .as_u64()
                .expect("a count");
        assert_eq!(
            after,
            before + report.documents_ingested,
            "{backend:?}: each ingest stored one new document"
        );
    }
}

#[tokio::test]
async fn a_mixed_run_whose_ingests_are_refused_fails() {
    let backend = backends()[0];
    let app = spawn_configured(backend, |s| s.api_key = Some(KEY.parse().expect("a key"))).await;
    let mut args = args(&app.address, "not-the-key-of-this-server");
    args.duration = 0.5;
    let report = mixed::measure(&args).await.expect("the run completes");
    assert!(report.writes.failures > 0, "the ingests were refused");
    assert!(
        report
            .problems()
            .iter()
            .any(|p| p.contains("writes") && p.contains("failed")),
        "{:?}",
        report.problems()
    );
    assert!(mixed::table(&report).contains("FAILED"));
}
