//! More than one instance: servers on one PostgreSQL database hear each
//! other's statements over LISTEN/NOTIFY, and a server with a read replica
//! answers queries from it while a mutation reads its own write from the
//! primary. The real binary, started as an operator would.
//!
//! PostgreSQL only: both tests run when `TEST_DATABASE_URL` names a
//! PostgreSQL server and say so when skipped. The replica test starts a
//! primary and a streaming replica of its own, in temporary directories,
//! with the PostgreSQL server binaries (`initdb`, `pg_ctl`,
//! `pg_basebackup`), and is skipped when they are not installed.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use sea_orm::{ConnectionTrait, Database};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::harness::{Backend, TestDatabase, backends, data_of, post_graphql};

const KEY: &str = "instances-test-key-0123456";

const TLEUBERDI: &str = "Брифинг в министерстве\n\nМинистр иностранных дел Казахстана Мухтар Тлеуберди заявил, что диалог с правозащитниками будет продолжен.\n\nПо данным полиции, задержаны двое.\n";

const ASTANA: &str = "Переговоры в Астане\n\nМинистр иностранных дел Казахстана Мухтар Тлеуберди заявил, что переговоры продолжатся в Астане.\n";

/// A free local port (released before the server takes it).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A running `claimgraph` binary, killed when dropped; its log is printed
/// when the test fails.
struct Server {
    child: Child,
    address: String,
    log: tempfile::NamedTempFile,
    client: reqwest::Client,
}

impl Server {
    /// Starts the binary on `database_url` (and a replica, if given), and
    /// waits until `/readyz` says ready.
    async fn start(database_url: &str, read_database_url: Option<&str>) -> Self {
        let port = free_port();
        let log = tempfile::NamedTempFile::new().expect("a log file");
        let mut command = Command::new(env!("CARGO_BIN_EXE_claimgraph"));
        command
            .env("DATABASE_URL", database_url)
            .env_remove("CLAIMGRAPH_READ_DATABASE_URL")
            .env("CLAIMGRAPH_BIND", format!("127.0.0.1:{port}"))
            .env("CLAIMGRAPH_SEED", "registry")
            .env("CLAIMGRAPH_API_KEY", KEY)
            .env("RUST_LOG", "info")
            .stdout(Stdio::null())
            .stderr(log.reopen().expect("the log file"));
        if let Some(url) = read_database_url {
            command.env("CLAIMGRAPH_READ_DATABASE_URL", url);
        }
        let child = command.spawn().expect("the binary starts");
        let mut server = Self {
            child,
            address: format!("127.0.0.1:{port}"),
            log,
            client: reqwest::Client::new(),
        };
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if let Ok(r) = server
                .client
                .get(format!("http://{}/readyz", server.address))
                .send()
                .await
                && r.status() == 200
            {
                return server;
            }
            assert!(
                server.child.try_wait().expect("status").is_none(),
                "the server exited early"
            );
            assert!(Instant::now() < deadline, "the server did not become ready");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// POSTs a GraphQL request, with the API key, and returns its `data`,
    /// failing the test on any error.
    async fn data(&self, query: &str, variables: Value) -> Value {
        let address = format!("http://{}", self.address);
        data_of(post_graphql(&self.client, &address, Some(KEY), query, variables).await)
    }

    /// A WebSocket connection, acknowledged, with `queries` subscribed
    /// under the ids `"0"`, `"1"`, ….
    async fn subscribe(&self, queries: &[&str]) -> Socket {
        let mut request = format!("ws://{}/graphql/ws", self.address)
            .into_client_request()
            .expect("a request");
        request.headers_mut().insert(
            "sec-websocket-protocol",
            "graphql-transport-ws".parse().expect("a header"),
        );
        let (mut socket, _) = tokio_tungstenite::connect_async(request)
            .await
            .expect("connects");
        let send = |value: Value| Message::text(value.to_string());
        socket
            .send(send(json!({ "type": "connection_init", "payload": {} })))
            .await
            .expect("sent");
        let ack = next_json(&mut socket, Duration::from_secs(10))
            .await
            .expect("an acknowledgement");
        assert_eq!(ack["type"], "connection_ack", "{ack}");
        for (id, query) in queries.iter().enumerate() {
            socket
                .send(send(json!({
                    "id": id.to_string(),
                    "type": "subscribe",
                    "payload": { "query": query }
                })))
                .await
                .expect("sent");
        }
        // Let the server register the subscriptions before anything happens.
        tokio::time::sleep(Duration::from_millis(300)).await;
        socket
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
        if std::thread::panicking() {
            let log = std::fs::read_to_string(self.log.path()).unwrap_or_default();
            eprintln!("--- the server at {} logged:\n{log}", self.address);
        }
    }
}

type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// The next text message on `socket` as JSON, or `None` if none comes
/// within `wait`.
async fn next_json(socket: &mut Socket, wait: Duration) -> Option<Value> {
    let deadline = tokio::time::Instant::now() + wait;
    loop {
        let message = tokio::time::timeout_at(deadline, socket.next())
            .await
            .ok()?
            .expect("the socket is open")
            .expect("a message");
        if let Message::Text(text) = message {
            return Some(serde_json::from_str(&text).expect("JSON"));
        }
    }
}

/// The next `next` event on `socket`, within a few seconds.
async fn next_event(socket: &mut Socket, what: &str) -> Value {
    let event = next_json(socket, Duration::from_secs(10))
        .await
        .unwrap_or_else(|| panic!("{what} arrives within 10 s"));
    assert_eq!(event["type"], "next", "{event}");
    event
}

fn postgres_configured() -> bool {
    backends().contains(&Backend::Postgres)
}

#[tokio::test]
async fn subscribers_hear_statements_written_through_another_instance_once() {
    if !postgres_configured() {
        eprintln!(
            "skipped: instances share statements through PostgreSQL, and TEST_DATABASE_URL is not set (on SQLite one process serves the database; see `subscriptions`)"
        );
        return;
    }
    let database = TestDatabase::create(Backend::Postgres).await;
    // One after the other: the first migrates and seeds, the second finds
    // it done.
    let a = Server::start(&database.url, None).await;
    let b = Server::start(&database.url, None).await;

    let added = r#"subscription { statementAdded(filter: { speaker: "Тлеуберди" }) { id text speaker { key } } }"#;
    let changed = r#"subscription { statementChanged(filter: { speaker: "Тлеуберди" }) { id reviewStatus version } }"#;
    let mut on_a = a.subscribe(&[added, changed]).await;
    let mut on_b = b.subscribe(&[added]).await;

    let stored = b
        .data(
            "mutation($t: String!) { ingestDocument(input: { text: $t }) { id } }",
            json!({ "t": TLEUBERDI }),
        )
        .await;
    assert!(stored["ingestDocument"]["id"].is_string(), "{stored}");

    // Instance A hears what was ingested through B.
    let event = next_event(
        &mut on_a,
        "the statement ingested through the other instance",
    )
    .await;
    assert_eq!(event["id"], "0", "{event}");
    let heard = event["payload"]["data"]["statementAdded"].clone();
    assert_eq!(heard["speaker"]["key"], "mukhtar_tleuberdi", "{event}");
    assert!(
        heard["text"].as_str().is_some_and(|t| t.contains("диалог")),
        "{event}"
    );
    // B's own subscriber hears it too, and only once: from B itself, not
    // again through PostgreSQL.
    let event = next_event(&mut on_b, "the statement ingested through this instance").await;
    assert_eq!(
        event["payload"]["data"]["statementAdded"]["id"],
        heard["id"]
    );
    for (socket, name) in [(&mut on_a, "A"), (&mut on_b, "B")] {
        let more = next_json(socket, Duration::from_millis(1500)).await;
        assert!(
            more.is_none(),
            "instance {name} sends the statement once: {more:?}"
        );
    }

    // A review through B reaches A's review queue.
    let reviewed = b
        .data(
            "mutation($id: ID!) { reviewStatement(id: $id, status: CONFIRMED) { id version } }",
            json!({ "id": heard["id"] }),
        )
        .await;
    assert_eq!(reviewed["reviewStatement"]["id"], heard["id"]);
    let event = next_event(&mut on_a, "the review made through the other instance").await;
    assert_eq!(event["id"], "1", "{event}");
    let change = &event["payload"]["data"]["statementChanged"];
    assert_eq!(change["id"], heard["id"], "{event}");
    assert_eq!(change["reviewStatus"], "CONFIRMED", "{event}");
    assert_eq!(change["version"], reviewed["reviewStatement"]["version"]);
    let more = next_json(&mut on_a, Duration::from_millis(1000)).await;
    assert!(more.is_none(), "one change, told once: {more:?}");

    // The listening connections are cut (a database restart, a proxy
    // timeout): the instances listen again by themselves, and A hears B's
    // next ingest.
    let admin = Database::connect(&database.url)
        .await
        .expect("the database answers");
    // The driver's own reconnection sends `LISTEN "…";`, ours `LISTEN "…"`.
    let listening = |sql: &str| {
        sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            format!(
                r#"SELECT {sql} AS pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN "claimgraph_statements"%'"#
            ),
        )
    };
    let pids = |rows: Vec<sea_orm::QueryResult>| -> Vec<i32> {
        rows.iter()
            .map(|row| row.try_get::<i32>("", "pid").expect("a pid"))
            .collect()
    };
    let before = pids(
        admin
            .query_all_raw(listening("pid"))
            .await
            .expect("pg_stat_activity answers"),
    );
    assert_eq!(before.len(), 2, "one listening connection per instance");
    admin
        .query_all_raw(listening("pg_terminate_backend(pid)::int"))
        .await
        .expect("the listeners are cut");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let now = pids(
            admin
                .query_all_raw(listening("pid"))
                .await
                .expect("pg_stat_activity answers"),
        );
        if now.iter().filter(|pid| !before.contains(pid)).count() == 2 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the instances did not listen again within 20 s (before {before:?}, now {now:?})"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    admin.close().await.ok();
    b.data(
        "mutation($t: String!) { ingestDocument(input: { text: $t }) { id } }",
        json!({ "t": ASTANA }),
    )
    .await;
    let event = next_event(&mut on_a, "the statement ingested after the reconnection").await;
    let heard = &event["payload"]["data"]["statementAdded"];
    assert!(
        heard["text"]
            .as_str()
            .is_some_and(|t| t.contains("переговоры")),
        "{event}"
    );
}

/// The PostgreSQL server binaries' directory, if they are installed.
fn postgres_bin_dir() -> Option<PathBuf> {
    let has_tools = |dir: &Path| {
        ["initdb", "pg_ctl", "pg_basebackup"]
            .iter()
            .all(|tool| dir.join(tool).is_file())
    };
    let from_pg_config = Command::new("pg_config")
        .arg("--bindir")
        .output()
        .ok()
        .filter(|out| out.status.success())
        .map(|out| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()));
    if let Some(dir) = from_pg_config.filter(|dir| has_tools(dir)) {
        return Some(dir);
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|entry| entry.ok().map(|e| e.path().join("bin")))
        .filter(|dir| has_tools(dir))
        .collect();
    versions.sort_by_key(|dir| {
        dir.parent()
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    versions.pop()
}

/// Whether this process runs as root, which PostgreSQL refuses to.
fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

/// A primary and its streaming replica, each a PostgreSQL cluster of its
/// own in a temporary directory, stopped and removed when dropped (a failed
/// test included).
struct Replication {
    bin: PathBuf,
    as_postgres: bool,
    dir: tempfile::TempDir,
    started: Vec<PathBuf>,
    primary_port: u16,
    replica_port: u16,
}

impl Replication {
    fn start(bin: PathBuf) -> Self {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let as_postgres = running_as_root();
        if as_postgres {
            let owned = Command::new("chown")
                .args(["-R", "postgres:postgres"])
                .arg(dir.path())
                .status()
                .expect("chown runs");
            assert!(owned.success(), "the directory is given to postgres");
        }
        let mut clusters = Self {
            bin,
            as_postgres,
            dir,
            started: Vec::new(),
            primary_port: free_port(),
            replica_port: free_port(),
        };
        let primary = clusters.dir.path().join("primary");
        let replica = clusters.dir.path().join("replica");
        clusters.run(
            "initdb",
            &[
                "-D".as_ref(),
                primary.as_os_str(),
                "-U".as_ref(),
                "postgres".as_ref(),
                "--auth=trust".as_ref(),
                "--no-sync".as_ref(),
            ],
        );
        std::fs::write(
            primary.join("postgresql.auto.conf"),
            "wal_level = replica\nmax_wal_senders = 4\nhot_standby = on\nfsync = off\n",
        )
        .expect("the primary's settings are written");
        let mut hba = std::fs::read_to_string(primary.join("pg_hba.conf")).expect("pg_hba.conf");
        hba.push_str("\nhost replication all 127.0.0.1/32 trust\n");
        std::fs::write(primary.join("pg_hba.conf"), hba).expect("pg_hba.conf is written");
        clusters.start_cluster(&primary, clusters.primary_port);
        let port = clusters.primary_port.to_string();
        clusters.run(
            "pg_basebackup",
            &[
                "-h".as_ref(),
                "127.0.0.1".as_ref(),
                "-p".as_ref(),
                port.as_ref(),
                "-U".as_ref(),
                "postgres".as_ref(),
                "-D".as_ref(),
                replica.as_os_str(),
                "-R".as_ref(),
                "-X".as_ref(),
                "stream".as_ref(),
            ],
        );
        clusters.start_cluster(&replica, clusters.replica_port);
        clusters
    }

    fn url(port: u16) -> String {
        format!("postgres://postgres@127.0.0.1:{port}/postgres")
    }

    fn primary_url(&self) -> String {
        Self::url(self.primary_port)
    }

    fn replica_url(&self) -> String {
        Self::url(self.replica_port)
    }

    /// Stops the replica, as a failure would.
    fn stop_replica(&mut self) {
        let replica = self.dir.path().join("replica");
        self.run(
            "pg_ctl",
            &[
                "-D".as_ref(),
                replica.as_os_str(),
                "-m".as_ref(),
                "immediate".as_ref(),
                "stop".as_ref(),
            ],
        );
        self.started.retain(|data| *data != replica);
    }

    fn start_cluster(&mut self, data: &Path, port: u16) {
        let options = format!(
            "-p {port} -k {} -c listen_addresses=127.0.0.1",
            self.dir.path().display()
        );
        let log = data.with_extension("log");
        self.run(
            "pg_ctl",
            &[
                "-D".as_ref(),
                data.as_os_str(),
                "-o".as_ref(),
                options.as_ref(),
                "-l".as_ref(),
                log.as_os_str(),
                "-w".as_ref(),
                "start".as_ref(),
            ],
        );
        self.started.push(data.to_owned());
    }

    /// Runs PostgreSQL tool `tool`, as the `postgres` user when this
    /// process is root; fails the test if it fails.
    fn run(&self, tool: &str, args: &[&std::ffi::OsStr]) {
        let output = self.command(tool, args).output().expect("the tool runs");
        assert!(
            output.status.success(),
            "{tool} failed: {}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    fn command(&self, tool: &str, args: &[&std::ffi::OsStr]) -> Command {
        let program = self.bin.join(tool);
        let mut command = if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(program);
            c
        } else {
            Command::new(program)
        };
        command.args(args).current_dir(self.dir.path());
        command
    }
}

impl Drop for Replication {
    fn drop(&mut self) {
        for data in self.started.iter().rev() {
            if std::thread::panicking() {
                let log = std::fs::read_to_string(data.with_extension("log")).unwrap_or_default();
                eprintln!("--- {} logged:\n{log}", data.display());
            }
            let stopped = self
                .command(
                    "pg_ctl",
                    &[
                        "-D".as_ref(),
                        data.as_os_str(),
                        "-m".as_ref(),
                        "immediate".as_ref(),
                        "stop".as_ref(),
                    ],
                )
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
            if !stopped.is_ok_and(|s| s.success()) {
                eprintln!("could not stop the cluster in {}", data.display());
            }
        }
    }
}

/// `document(url:)`'s answer (through the server's query pool): the
/// document's id, or `None` if it is not found.
async fn document_by_url(server: &Server, url: &str) -> Option<String> {
    let data = server
        .data(
            "query($u: String!) { document(url: $u) { id } }",
            json!({ "u": url }),
        )
        .await;
    data["document"]["id"].as_str().map(str::to_owned)
}

/// Waits until `document(url:)` finds `url`, as the replica catches up
/// (an error counts as not yet: at first the replica may not have replayed
/// the migrations).
async fn until_found(server: &Server, url: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let body: Value = server
            .client
            .post(format!("http://{}/graphql", server.address))
            .json(&json!({
                "query": "query($u: String!) { document(url: $u) { id } }",
                "variables": { "u": url },
            }))
            .send()
            .await
            .expect("the server answers")
            .json()
            .await
            .expect("a JSON body");
        if let Some(id) = body["data"]["document"]["id"].as_str() {
            return id.to_owned();
        }
        assert!(
            Instant::now() < deadline,
            "the replica did not catch up with {url} in 30 s: {body}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

const INGEST: &str = r#"mutation($t: String!, $u: String!) {
  ingestDocument(input: { text: $t, url: $u }) { id url statements { totalCount nodes { text } } }
}"#;

#[tokio::test]
async fn queries_read_from_the_replica_while_a_mutation_reads_its_own_write() {
    if !postgres_configured() {
        eprintln!("skipped: read replicas are PostgreSQL's, and TEST_DATABASE_URL is not set");
        return;
    }
    let Some(bin) = postgres_bin_dir() else {
        eprintln!(
            "skipped: the PostgreSQL server binaries (initdb, pg_ctl, pg_basebackup) are not installed"
        );
        return;
    };
    let mut clusters = Replication::start(bin);
    let server = Server::start(&clusters.primary_url(), Some(&clusters.replica_url())).await;

    // The replica follows the primary: an article ingested is soon found.
    let first = server
        .data(
            INGEST,
            json!({ "t": TLEUBERDI, "u": "https://example.org/first" }),
        )
        .await;
    let first_id = first["ingestDocument"]["id"].clone();
    assert_eq!(
        json!(until_found(&server, "https://example.org/first").await),
        first_id
    );

    // Replay stops on the replica: what is written now is on the primary
    // only.
    let replica = Database::connect(clusters.replica_url())
        .await
        .expect("the replica answers");
    replica
        .execute_unprepared("SELECT pg_wal_replay_pause()")
        .await
        .expect("replay pauses");
    let second = server
        .data(
            INGEST,
            json!({ "t": ASTANA, "u": "https://example.org/second" }),
        )
        .await;
    let stored = &second["ingestDocument"];
    // The mutation's own result is read from the primary: all of it there.
    assert_eq!(stored["url"], "https://example.org/second", "{second}");
    assert!(
        stored["statements"]["totalCount"]
            .as_i64()
            .is_some_and(|n| n >= 1),
        "the mutation shows the statements it stored: {second}"
    );
    assert!(
        stored["statements"]["nodes"][0]["text"]
            .as_str()
            .is_some_and(|t| t.contains("переговоры")),
        "{second}"
    );
    // A query is answered by the replica, which has not replayed it.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        document_by_url(&server, "https://example.org/second").await,
        None,
        "queries read the paused replica"
    );
    let counts = r#"query($d: ID!) { documents { totalCount } statements(filter: { documentId: $d }) { totalCount } }"#;
    let count = server.data(counts, json!({ "d": stored["id"] })).await;
    assert_eq!(count["statements"]["totalCount"], 0, "{count}");

    // Replay resumes: the query finds it.
    replica
        .execute_unprepared("SELECT pg_wal_replay_resume()")
        .await
        .expect("replay resumes");
    replica.close().await.ok();
    assert_eq!(
        json!(until_found(&server, "https://example.org/second").await),
        stored["id"]
    );
    let count_after = server.data(counts, json!({ "d": stored["id"] })).await;
    assert_eq!(
        count_after["documents"]["totalCount"].as_i64(),
        count["documents"]["totalCount"].as_i64().map(|n| n + 1),
        "{count_after}"
    );
    assert_eq!(
        count_after["statements"]["totalCount"], stored["statements"]["totalCount"],
        "{count_after}"
    );

    // `/readyz` asks the replica too: with it stopped, the server is not
    // ready, though the primary answers.
    clusters.stop_replica();
    let readyz = format!("http://{}/readyz", server.address);
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let status = server
            .client
            .get(&readyz)
            .send()
            .await
            .expect("the server answers")
            .status();
        if status == 503 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "/readyz still says {status} with the replica stopped"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
