//! The test harness: every test gets the real application on port 0 with a
//! database of its own.
//!
//! SQLite always: a fresh file in a temporary directory. PostgreSQL when
//! `TEST_DATABASE_URL` names a server (any database on it, e.g.
//! `postgres://postgres@127.0.0.1:5432/postgres`): each test creates a database
//! of its own there and drops it when it ends.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use claimgraph::config::{SeedMode, Settings};
use claimgraph::database::StatementCounter;
use claimgraph::startup::Application;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};
use serde_json::{Value, json};

/// A running application and a client for it.
pub struct TestApp {
    pub address: String,
    pub client: reqwest::Client,
    /// The application's own pool, for checks behind the API's back.
    pub db: DatabaseConnection,
    /// SQL statements the application has run.
    pub sql: StatementCounter,
    /// Dropped with the app: the test's database goes with it.
    _database: TestDatabase,
}

/// Which backend a test runs against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The backends this run covers: SQLite, and PostgreSQL when `TEST_DATABASE_URL` is set.
pub fn backends() -> Vec<Backend> {
    let mut backends = vec![Backend::Sqlite];
    if postgres_admin_url().is_some() {
        backends.push(Backend::Postgres);
    }
    backends
}

fn postgres_admin_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|url| !url.is_empty())
}

/// A database that lives as long as the test.
pub struct TestDatabase {
    pub url: String,
    // Keeps the SQLite file's directory alive.
    _dir: Option<tempfile::TempDir>,
    // For PostgreSQL: the server to drop the database on, and its name.
    drop_on: Option<(String, String)>,
}

impl TestDatabase {
    pub async fn create(backend: Backend) -> Self {
        match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("a temporary directory");
                let url = format!(
                    "sqlite://{}?mode=rwc",
                    dir.path().join("claimgraph.db").display()
                );
                Self {
                    url,
                    _dir: Some(dir),
                    drop_on: None,
                }
            }
            Backend::Postgres => {
                let admin = postgres_admin_url().expect("TEST_DATABASE_URL is set");
                let name = unique_name();
                let conn = Database::connect(&admin)
                    .await
                    .expect("the PostgreSQL test server answers");
                conn.execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                    .await
                    .expect("can create a test database");
                conn.close().await.ok();
                Self {
                    url: replace_database(&admin, &name),
                    _dir: None,
                    drop_on: Some((admin, name)),
                }
            }
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some((admin, name)) = self.drop_on.take() else {
            return;
        };
        // Drop runs inside the test's runtime, which cannot be blocked on:
        // drop the database from a thread with a runtime of its own.
        let dropped = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            runtime.block_on(async {
                let conn = Database::connect(&admin)
                    .await
                    .map_err(std::io::Error::other)?;
                conn.execute_unprepared(&format!(
                    "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                ))
                .await
                .map_err(std::io::Error::other)?;
                conn.close().await.map_err(std::io::Error::other)
            })
        })
        .join();
        if !matches!(dropped, Ok(Ok(()))) {
            eprintln!("could not drop test database {:?}", self.url);
        }
    }
}

fn unique_name() -> String {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    format!(
        "claimgraph_test_{}_{}_{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    )
}

/// `url` with its database name replaced by `name`.
fn replace_database(url: &str, name: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let host_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[host_end..].find('/') {
        Some(slash) => &base[..host_end + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{name}?{q}"),
        None => format!("{base}/{name}"),
    }
}

/// Settings for a test: port 0, the given database and seed mode.
pub fn settings(database: &TestDatabase, seed: SeedMode) -> Settings {
    let mut settings = Settings::for_database(&database.url);
    settings.bind = "127.0.0.1:0".parse().expect("a socket address");
    settings.seed = seed;
    settings
}

/// Starts the application on `backend` with the seed corpus loaded.
pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, SeedMode::All).await
}

/// Starts the application on `backend`, seeding as `seed` says.
pub async fn spawn_app_with(backend: Backend, seed: SeedMode) -> TestApp {
    spawn_configured(backend, |s| s.seed = seed).await
}

/// Starts the application on `backend` with the seed corpus and settings
/// changed by `configure`.
pub async fn spawn_configured(backend: Backend, configure: impl FnOnce(&mut Settings)) -> TestApp {
    let database = TestDatabase::create(backend).await;
    let mut settings = settings(&database, SeedMode::All);
    configure(&mut settings);
    let app = Application::build(&settings)
        .await
        .expect("the application builds");
    let address = format!("http://{}", app.local_addr().expect("a bound address"));
    let db = app.db().clone();
    let sql = app.statement_counter();
    tokio::spawn(app.run_until_stopped(std::future::pending()));
    TestApp {
        address,
        client: reqwest::Client::new(),
        db,
        sql,
        _database: database,
    }
}

impl TestApp {
    /// POSTs a GraphQL request and returns the whole response body.
    pub async fn graphql(&self, query: &str, variables: Value) -> Value {
        self.post(None, query, variables).await
    }

    /// POSTs a GraphQL request with `Authorization: Bearer <token>`.
    pub async fn graphql_as(&self, token: &str, query: &str, variables: Value) -> Value {
        self.post(Some(token), query, variables).await
    }

    async fn post(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        post_graphql(&self.client, &self.address, token, query, variables).await
    }

    /// Like [`TestApp::graphql`], but fails the test on any GraphQL error and returns `data`.
    pub async fn data(&self, query: &str, variables: Value) -> Value {
        data_of(self.graphql(query, variables).await)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("the server answers")
    }
}

/// POSTs a GraphQL request to the server at `address` (`http://host:port`),
/// with `Authorization: Bearer <token>` when given; its JSON body.
pub async fn post_graphql(
    client: &reqwest::Client,
    address: &str,
    token: Option<&str>,
    query: &str,
    variables: Value,
) -> Value {
    let mut request = client
        .post(format!("{address}/graphql"))
        .json(&json!({ "query": query, "variables": variables }));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request
        .send()
        .await
        .expect("the server answers")
        .json()
        .await
        .expect("a JSON body")
}

/// The `data` of a GraphQL response, failing the test on any error.
pub fn data_of(body: Value) -> Value {
    assert!(body.get("errors").is_none(), "unexpected errors: {body:#}");
    body["data"].clone()
}

/// The `extensions.code` of the first error of a GraphQL response.
pub fn error_code(body: &Value) -> &str {
    body["errors"][0]["extensions"]["code"]
        .as_str()
        .unwrap_or("<no code>")
}

#[test]
fn database_names_are_replaced_in_urls() {
    assert_eq!(
        replace_database("postgres://u@h:5432/postgres", "x"),
        "postgres://u@h:5432/x"
    );
    assert_eq!(
        replace_database("postgres://u@h:5432", "x"),
        "postgres://u@h:5432/x"
    );
    assert_eq!(
        replace_database("postgres://u@h/db?sslmode=disable", "x"),
        "postgres://u@h/x?sslmode=disable"
    );
}

/// The keys of a test server, one per role.
#[derive(Debug)]
pub struct Keys {
    pub ingest: String,
    pub editor: String,
    pub admin: String,
}

/// A test server whose keys file holds a key of each role. The keys file
/// lives in the returned folder: keep it for as long as the server runs.
pub async fn spawn_with_keys(backend: Backend) -> (TestApp, Keys, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("a folder");
    let file = dir.path().join("keys.toml");
    let add = |name: &str, role| claimgraph::auth::add_key(&file, name, role).expect("a key");
    let keys = Keys {
        ingest: add("ingest-bot", claimgraph::auth::Role::Ingest),
        editor: add("alice", claimgraph::auth::Role::Editor),
        admin: add("root", claimgraph::auth::Role::Admin),
    };
    let path = file.clone();
    let app = spawn_configured(backend, move |s| s.keys_file = Some(path)).await;
    (app, keys, dir)
}
