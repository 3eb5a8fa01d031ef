//! The process under stress: stopped during load, killed during ingestion.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use crate::harness::{Backend, TestDatabase};

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

async fn wait_ready(client: &reqwest::Client, url: &str, child: &mut std::process::Child) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Ok(r) = client.get(format!("{url}/readyz")).send().await
            && r.status() == 200
        {
            return;
        }
        assert!(Instant::now() < deadline, "the server did not become ready");
        assert!(
            child.try_wait().expect("status").is_none(),
            "the server exited early"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn sigterm_during_load_finishes_what_started_and_exits_cleanly() {
    let database = TestDatabase::create(Backend::Sqlite).await;
    let port = free_port();
    let mut child = Command::new(env!("CARGO_BIN_EXE_claimgraph"))
        .env("DATABASE_URL", &database.url)
        .env("CLAIMGRAPH_BIND", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .expect("starts");
    let url = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::new();
    wait_ready(&client, &url, &mut child).await;

    let query = json!({ "query": "{ statements(first: 100) { totalCount nodes { context speaker { name } topics { slug } } } }" });
    let mut load = tokio::task::JoinSet::new();
    for _ in 0..8 {
        let (client, url, query) = (client.clone(), url.clone(), query.clone());
        load.spawn(async move {
            let mut outcomes = Vec::new();
            let until = Instant::now() + Duration::from_secs(2);
            while Instant::now() < until {
                let outcome = match client
                    .post(format!("{url}/graphql"))
                    .json(&query)
                    .send()
                    .await
                {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        // A response that started must arrive whole.
                        let body: Result<serde_json::Value, _> = response.json().await;
                        Ok((
                            status,
                            body.map(|b| b["data"]["statements"]["totalCount"].clone())
                                .ok(),
                        ))
                    }
                    Err(err) => Err(err.is_connect() || err.is_request()),
                };
                outcomes.push(outcome);
            }
            outcomes
        });
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill runs");
    assert!(killed.success());

    let mut served = 0;
    for outcomes in load.join_all().await {
        for outcome in outcomes {
            match outcome {
                Ok((status, total)) => {
                    assert_eq!(status, 200, "no request fails on the way down");
                    assert_eq!(
                        total,
                        Some(json!(55)),
                        "a response that started arrived whole"
                    );
                    served += 1;
                }
                Err(refused) => assert!(
                    refused,
                    "after the stop, new requests are refused, not broken"
                ),
            }
        }
    }
    assert!(served > 0, "the load ran before the stop");
    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().expect("status") {
            break status;
        }
        assert!(Instant::now() < deadline, "the server did not stop");
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert!(status.success(), "exit status {status}");
}

#[tokio::test]
async fn an_ingestion_killed_half_way_leaves_whole_documents_and_completes_on_rerun() {
    let database = TestDatabase::create(Backend::Sqlite).await;
    let dir = tempfile::tempdir().expect("a folder");
    let files = 600;
    for i in 0..files {
        let text = format!(
            "Сообщение номер {i}\n\nМинистр иностранных дел Казахстана Мухтар Тлеуберди заявил, что встреча номер {i} прошла успешно.\n\n\
             «Мы продолжим диалог по всем вопросам, которые подняли наши партнеры», — подчеркнул он.\n"
        );
        std::fs::write(dir.path().join(format!("{i:03}.txt")), text).expect("written");
    }
    let folder = dir.path().to_str().expect("a UTF-8 path").to_owned();
    let ingest = || {
        Command::new(env!("CARGO_BIN_EXE_claimgraph"))
            .args(["ingest", &folder])
            .env("DATABASE_URL", &database.url)
            .env("CLAIMGRAPH_SEED", "never")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("starts")
    };

    // Kill it with no chance to clean up, once it has stored a few documents.
    let db = sea_orm::Database::connect(&database.url)
        .await
        .expect("connects");
    let mut first = ingest();
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        use sea_orm::{EntityTrait, PaginatorTrait};
        let stored = entity::document::Entity::find()
            .count(&db)
            .await
            .unwrap_or(0);
        if stored >= 5 {
            break;
        }
        assert!(Instant::now() < deadline, "the ingestion did not start");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    first.kill().expect("killed");
    first.wait().expect("reaped");

    let counts = |db: sea_orm::DatabaseConnection| async move {
        use sea_orm::{ConnectionTrait, Statement};
        let backend = db.get_database_backend();
        let rows = db
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT d.id, COUNT(s.id) FROM document d LEFT JOIN statement s ON s.document_id = d.id GROUP BY d.id",
            ))
            .await
            .expect("reads");
        rows.iter()
            .map(|r| r.try_get_by_index::<i64>(1).expect("a count"))
            .collect::<Vec<i64>>()
    };
    let after_kill = counts(db.clone()).await;
    assert!(
        after_kill.len() < files,
        "killed part-way: {} of {files} stored",
        after_kill.len()
    );
    assert!(
        after_kill.iter().all(|&n| n == 2),
        "every stored document has all its statements: {after_kill:?}"
    );

    let second = ingest().wait().expect("runs");
    assert!(second.success());
    let after_rerun = counts(db.clone()).await;
    assert_eq!(after_rerun.len(), files, "the rerun completes the folder");
    assert!(
        after_rerun.iter().all(|&n| n == 2),
        "and adds no statement twice"
    );
}
