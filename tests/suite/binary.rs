//! The real `claimgraph` binary, as a newcomer runs it.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A free local port (released before the server takes it).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

#[tokio::test]
async fn the_binary_starts_in_an_empty_directory_and_stops_cleanly_on_sigterm() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimgraph"))
        .current_dir(dir.path())
        .env_remove("DATABASE_URL")
        .env("CLAIMGRAPH_BIND", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .expect("the binary starts");

    let client = reqwest::Client::new();
    let url = format!("http://127.0.0.1:{port}");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(r) = client.get(format!("{url}/readyz")).send().await
            && r.status() == 200
        {
            break;
        }
        assert!(Instant::now() < deadline, "the server did not become ready");
        assert!(
            child.try_wait().expect("status").is_none(),
            "the server exited early"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        dir.path().join("claimgraph.db").exists(),
        "the default database file is created"
    );

    let body: serde_json::Value = client
        .post(format!("{url}/graphql"))
        .json(&serde_json::json!({ "query": "{ documents { totalCount } }" }))
        .send()
        .await
        .expect("answers")
        .json()
        .await
        .expect("JSON");
    assert!(
        body["data"]["documents"]["totalCount"].as_i64().is_some(),
        "{body}"
    );

    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().expect("status") {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "the server did not stop on SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "exit status on SIGTERM: {status}");
}
