//! Faults survived: a database that is away at start or goes away while the
//! server runs. A TCP proxy between the server and PostgreSQL cuts and
//! restores the connection for real.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use claimgraph::config::{SeedMode, Settings};
use claimgraph::startup::Application;
use serde_json::{Value, json};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::AbortHandle;

use crate::harness::{Backend, TestDatabase, backends, error_code, settings};

/// Forwards connections to `target` while up; refuses and cuts them while down.
struct Proxy {
    address: SocketAddr,
    up: Arc<AtomicBool>,
    connections: Arc<Mutex<Vec<AbortHandle>>>,
}

impl Proxy {
    async fn start(target: SocketAddr, up: bool) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let address = listener.local_addr().expect("an address");
        let state = Arc::new(AtomicBool::new(up));
        let connections: Arc<Mutex<Vec<AbortHandle>>> = Arc::default();
        let (flag, list) = (state.clone(), connections.clone());
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                if !flag.load(Ordering::SeqCst) {
                    continue; // dropped: the client sees the connection closed
                }
                let task = tokio::spawn(async move {
                    if let Ok(mut server) = TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                list.lock().expect("not poisoned").push(task.abort_handle());
            }
        });
        Self {
            address,
            up: state,
            connections,
        }
    }

    fn cut(&self) {
        self.up.store(false, Ordering::SeqCst);
        for connection in self.connections.lock().expect("not poisoned").drain(..) {
            connection.abort();
        }
    }

    fn restore(&self) {
        self.up.store(true, Ordering::SeqCst);
    }
}

/// `url` with its host and port replaced by `address`, and the address it named.
async fn through(url: &str, address: SocketAddr) -> (String, SocketAddr) {
    let start = url
        .find('@')
        .map_or_else(|| url.find("://").map_or(0, |i| i + 3), |i| i + 1);
    let end = url[start..].find('/').map_or(url.len(), |i| start + i);
    let authority = &url[start..end];
    let target = tokio::net::lookup_host(authority)
        .await
        .expect("the database host resolves")
        .next()
        .expect("an address");
    (format!("{}{address}{}", &url[..start], &url[end..]), target)
}

/// Settings for a server that reaches `database` only through a new proxy,
/// up or down at first.
async fn proxied(database: &TestDatabase, up: bool) -> (Proxy, Settings) {
    let (_, target) = through(&database.url, "127.0.0.1:1".parse().expect("an address")).await;
    let proxy = Proxy::start(target, up).await;
    let (url, _) = through(&database.url, proxy.address).await;
    let mut config = settings(database, SeedMode::All);
    config.database_url = url;
    (proxy, config)
}

async fn post(client: &reqwest::Client, base: &str, query: &str) -> Value {
    client
        .post(format!("{base}/graphql"))
        .json(&json!({ "query": query }))
        .send()
        .await
        .expect("the server answers")
        .json()
        .await
        .expect("JSON")
}

/// Posts `query` and checks that it is refused as the database being
/// unavailable: 503 with `Retry-After` (what proxies and retry policies act
/// on) and the code in the body; returns the body.
async fn post_unavailable(client: &reqwest::Client, base: &str, query: &str) -> Value {
    let response = client
        .post(format!("{base}/graphql"))
        .json(&json!({ "query": query }))
        .send()
        .await
        .expect("the server answers");
    assert_eq!(response.status(), 503, "{query}");
    assert_eq!(
        response
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("1"),
        "{query}"
    );
    let body: Value = response.json().await.expect("JSON");
    assert_eq!(error_code(&body), "DATABASE_UNAVAILABLE", "{body:#}");
    body
}

async fn wait_until(what: &str, limit: Duration, mut check: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !check().await {
        assert!(
            Instant::now() < deadline,
            "{what} did not happen within {limit:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn the_server_waits_for_the_database_and_survives_losing_it() {
    if !backends().contains(&Backend::Postgres) {
        eprintln!("PostgreSQL is not configured (TEST_DATABASE_URL): the proxy test needs it");
        return;
    }
    let database = TestDatabase::create(Backend::Postgres).await;
    let (proxy, config) = proxied(&database, false).await;

    // Down at start: the server starts anyway and says it is not ready.
    let app = Application::build(&config)
        .await
        .expect("starts without the database");
    let base = format!("http://{}", app.local_addr().expect("an address"));
    tokio::spawn(app.run_until_stopped(std::future::pending()));
    let client = reqwest::Client::new();
    assert_eq!(
        client
            .get(format!("{base}/healthz"))
            .send()
            .await
            .expect("answers")
            .status(),
        200
    );
    assert_eq!(
        client
            .get(format!("{base}/readyz"))
            .send()
            .await
            .expect("answers")
            .status(),
        503
    );
    post_unavailable(&client, &base, "{ documents { totalCount } }").await;

    // Back: the server migrates, seeds and becomes ready by itself.
    proxy.restore();
    wait_until("readiness", Duration::from_secs(20), async || {
        client
            .get(format!("{base}/readyz"))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200)
    })
    .await;
    let body = post(&client, &base, "{ documents { totalCount } }").await;
    assert_eq!(body["data"]["documents"]["totalCount"], 5, "{body:#}");

    // Lost while running: requests fail fast with a code, not an internal error.
    proxy.cut();
    let started = Instant::now();
    post_unavailable(
        &client,
        &base,
        "{ statements(first: 3) { nodes { text } } }",
    )
    .await;
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "failed fast: {:?}",
        started.elapsed()
    );
    // The exports say the same, as HTTP: 503 with `Retry-After`.
    let export = client
        .get(format!("{base}/export/statements.csv?organization=HRW"))
        .send()
        .await
        .expect("the server answers");
    assert_eq!(export.status(), 503);
    assert_eq!(
        export
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("1")
    );
    let body: Value = export.json().await.expect("JSON");
    assert_eq!(body["code"], "DATABASE_UNAVAILABLE", "{body:#}");
    assert_eq!(
        client
            .get(format!("{base}/readyz"))
            .send()
            .await
            .expect("answers")
            .status(),
        503
    );

    // Back again: service resumes with no restart.
    proxy.restore();
    wait_until("recovery", Duration::from_secs(20), async || {
        post(&client, &base, "{ documents { totalCount } }").await["data"]["documents"]["totalCount"] == 5
    })
    .await;
}

/// Every pooled connection busy past the pool's acquire timeout (3 s) is
/// overload, not an outage: the request is refused with 503 and
/// `Retry-After`, and says the server is busy. A table lock held from
/// outside keeps the pool's one connection waiting.
#[tokio::test]
async fn a_request_finding_every_connection_busy_is_asked_to_retry() {
    use sea_orm::{ConnectionTrait, Database, TransactionTrait};

    if !backends().contains(&Backend::Postgres) {
        eprintln!("PostgreSQL is not configured (TEST_DATABASE_URL): the lock test needs it");
        return;
    }
    let database = TestDatabase::create(Backend::Postgres).await;
    let mut config = settings(&database, SeedMode::All);
    config.db_pool = 1;
    config.request_timeout_ms = 15_000;
    let app = Application::build(&config).await.expect("starts");
    let base = format!("http://{}", app.local_addr().expect("an address"));
    tokio::spawn(app.run_until_stopped(std::future::pending()));
    let client = reqwest::Client::new();
    let body = post(&client, &base, "{ documents { totalCount } }").await;
    assert_eq!(body["data"]["documents"]["totalCount"], 5, "{body:#}");

    let holder = Database::connect(&database.url).await.expect("connects");
    let lock = holder.begin().await.expect("begins");
    lock.execute_unprepared("LOCK TABLE document IN ACCESS EXCLUSIVE MODE")
        .await
        .expect("locks");
    // The first request takes the pool's only connection and waits for the lock.
    let waiting = tokio::spawn({
        let (client, base) = (client.clone(), base.clone());
        async move { post(&client, &base, "{ documents { totalCount } }").await }
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = Instant::now();
    let body = post_unavailable(&client, &base, "{ topics { slug } }").await;
    let message = body["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(message.contains("busy"), "{message}");
    assert!(
        started.elapsed() < Duration::from_secs(6),
        "refused after the acquire timeout: {:?}",
        started.elapsed()
    );

    lock.rollback().await.expect("unlocks");
    let body = waiting.await.expect("the first request finishes");
    assert_eq!(
        body["data"]["documents"]["totalCount"], 5,
        "the waiting request is served once the lock goes: {body:#}"
    );
}

/// Posts `query` and returns the HTTP status with the body.
async fn post_with_status(client: &reqwest::Client, base: &str, query: &str) -> (u16, Value) {
    let response = client
        .post(format!("{base}/graphql"))
        .json(&json!({ "query": query }))
        .send()
        .await
        .expect("the server answers");
    let status = response.status().as_u16();
    (status, response.json().await.expect("JSON"))
}

/// An outage met by a DataLoader is an outage too: `node(id:)` and a nested
/// field whose root field was served before the cut answer 503 with
/// `DATABASE_UNAVAILABLE`, not an internal error, and answer again once the
/// database is back. Loaders wait a second before they query, which leaves
/// the test time to cut the database between a root field and its nested
/// fields.
#[tokio::test]
async fn fields_loaded_through_a_dataloader_report_an_outage_as_unavailable() {
    if !backends().contains(&Backend::Postgres) {
        eprintln!("PostgreSQL is not configured (TEST_DATABASE_URL): the proxy test needs it");
        return;
    }
    let database = TestDatabase::create(Backend::Postgres).await;
    let (proxy, mut config) = proxied(&database, true).await;
    config.loader_delay_ms = 1_000;
    let app = Application::build(&config).await.expect("starts");
    let sql = app.statement_counter();
    let base = format!("http://{}", app.local_addr().expect("an address"));
    tokio::spawn(app.run_until_stopped(std::future::pending()));
    let client = reqwest::Client::new();

    let body = post(
        &client,
        &base,
        "{ speakers(first: 1) { nodes { id name } } }",
    )
    .await;
    let speaker = &body["data"]["speakers"]["nodes"][0];
    let name = speaker["name"].as_str().expect("a speaker").to_owned();
    let node = format!(
        r#"{{ node(id: "{}") {{ ... on Speaker {{ name }} }} }}"#,
        speaker["id"].as_str().expect("an id")
    );
    let node_answers = async || {
        let (status, body) = post_with_status(&client, &base, &node).await;
        status == 200 && body["data"]["node"]["name"] == name.as_str()
    };
    assert!(node_answers().await, "node(id:) answers before the cut");

    // `aliases` loads through a loader only; everything before it is counted
    // to know when the root field has been served.
    let root = "{ statements(first: 3) { nodes { text speaker { name } } } }";
    let nested = "{ statements(first: 3) { nodes { text speaker { name aliases { name } } } } }";
    let before = sql.get();
    let body = post(&client, &base, root).await;
    assert!(
        body["data"]["statements"]["nodes"][0]["text"].is_string(),
        "{body:#}"
    );
    let root_statements = sql.get() - before;
    let nested_answers = async || {
        let (status, body) = post_with_status(&client, &base, nested).await;
        status == 200 && body["data"]["statements"]["nodes"][0]["speaker"]["aliases"].is_array()
    };
    assert!(
        nested_answers().await,
        "the nested field answers before the cut"
    );

    // `node(id:)` loads its object through the loader.
    proxy.cut();
    post_unavailable(&client, &base, &node).await;
    proxy.restore();
    wait_until(
        "node(id:) answering again",
        Duration::from_secs(20),
        node_answers,
    )
    .await;

    // The root field is served, then the database goes before `aliases` loads.
    let before = sql.get();
    let request = tokio::spawn({
        let (client, base) = (client.clone(), base.clone());
        async move { post_unavailable(&client, &base, nested).await }
    });
    wait_until(
        "the root field served",
        Duration::from_secs(10),
        async || sql.get() >= before + root_statements,
    )
    .await;
    proxy.cut();
    let body = request
        .await
        .expect("the nested field is refused as unavailable");
    assert!(
        body["data"]["statements"]["nodes"][0]["text"].is_string(),
        "the root field was served: {body:#}"
    );
    assert_eq!(
        body["errors"][0]["path"][4], "aliases",
        "the error is the loader's: {body:#}"
    );
    proxy.restore();
    wait_until(
        "the nested field answering again",
        Duration::from_secs(20),
        nested_answers,
    )
    .await;
}
