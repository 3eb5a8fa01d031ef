//! Named API keys with roles: a keys file made by `claimgraph keys add`
//! holds only hashes, its keys write under their names, and
//! `CLAIMGRAPH_API_KEY` keeps working beside it.

use std::process::Command;

use claimgraph::config::SeedMode;
use claimgraph::startup::Application;
use serde_json::json;

use crate::harness::{Backend, TestDatabase, error_code, settings, spawn_configured};

const INGEST: &str = r#"
mutation Ingest($input: IngestDocumentInput!) {
  ingestDocument(input: $input) { slug }
}"#;

const ARTICLE: &str = "Ministry briefing\n\n\
The foreign minister said on Tuesday that the inquiry into the unrest would be completed on time.\n";

/// `claimgraph --keys-file FILE keys add NAME --role ROLE`: (status, stdout, stderr).
fn keys_add(file: &std::path::Path, name: &str, role: &str) -> (bool, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_claimgraph"))
        .arg("--keys-file")
        .arg(file)
        .args(["keys", "add", name, "--role", role])
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("the binary runs");
    (
        output.status.success(),
        String::from_utf8_lossy(&output.stdout).trim().to_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[tokio::test]
async fn keys_from_the_keys_file_write_and_only_their_hashes_are_stored() {
    let dir = tempfile::tempdir().expect("a folder");
    let file = dir.path().join("keys.toml");
    let (ok, editor, _) = keys_add(&file, "alice", "editor");
    assert!(ok && editor.len() > 32, "a key is printed: {editor:?}");
    let (ok, ingester, _) = keys_add(&file, "ingest-bot", "ingest");
    assert!(ok, "a second key");
    let (ok, _, why) = keys_add(&file, "alice", "admin");
    assert!(!ok && why.contains("alice"), "a name is taken once: {why}");
    let stored = std::fs::read_to_string(&file).expect("the keys file");
    assert!(
        !stored.contains(&editor) && !stored.contains(&ingester),
        "only hashes are kept: {stored}"
    );

    let admin = "the-environment-admin-key";
    let app = spawn_configured(Backend::Sqlite, |s| {
        s.keys_file = Some(file.clone());
        s.api_key = Some(admin.parse().expect("a key"));
    })
    .await;
    for (key, what) in [(&editor, "an editor"), (&ingester, "an ingest key")] {
        let text = format!("{ARTICLE}\nWritten for {what}.\n");
        let body = app
            .graphql_as(key, INGEST, json!({ "input": { "text": text } }))
            .await;
        assert!(body["errors"].is_null(), "{what} may ingest: {body:#}");
    }
    let body = app
        .graphql_as(admin, INGEST, json!({ "input": { "text": ARTICLE } }))
        .await;
    assert!(
        body["errors"].is_null(),
        "CLAIMGRAPH_API_KEY still writes: {body:#}"
    );
    let body = app
        .graphql_as(
            &format!("{editor}x"),
            INGEST,
            json!({ "input": { "text": ARTICLE } }),
        )
        .await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED", "{body:#}");
}

#[tokio::test]
async fn a_damaged_keys_file_stops_the_server_from_starting() {
    let dir = tempfile::tempdir().expect("a folder");
    let file = dir.path().join("keys.toml");
    std::fs::write(
        &file,
        "[[key]]\nname = \"alice\"\nrole = \"superuser\"\nsha256 = \"00\"\n",
    )
    .expect("written");
    let database = TestDatabase::create(Backend::Sqlite).await;
    let mut config = settings(&database, SeedMode::Never);
    config.keys_file = Some(file);
    let err = Application::build(&config)
        .await
        .expect_err("a server must not start with fewer keys than meant");
    assert!(format!("{err:#}").contains("keys.toml"), "{err:#}");
}
