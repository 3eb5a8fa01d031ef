//! Faults survived: a database that is away at start or goes away while the
//! server runs. A TCP proxy between the server and PostgreSQL cuts and
//! restores the connection for real.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use claimgraph::config::SeedMode;
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
    let (_, target) = through(&database.url, "127.0.0.1:1".parse().expect("an address")).await;
    let proxy = Proxy::start(target, false).await;
    let (url, _) = through(&database.url, proxy.address).await;
    let mut config = settings(&database, SeedMode::All);
    config.database_url = url;

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
