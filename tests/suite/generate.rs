//! `claimgraph generate` and `claimgraph bench` end to end: a small corpus
//! generated into a fresh database on each backend is what the cross-source
//! queries see, the same seed gives the same corpus, and the bench harness
//! runs every operation against the app without an error.

use claimgraph::commands::bench::{self, BenchArgs, Operation};
use claimgraph::commands::generate::{self, GenerateArgs};
use claimgraph::config::SeedMode;
use claimgraph::startup::Application;
use serde_json::{Value, json};

use crate::harness::{Backend, TestDatabase, backends, data_of, post_graphql, settings};

const STATEMENTS: u64 = 2_000;

fn args(seed: u64) -> GenerateArgs {
    GenerateArgs {
        statements: STATEMENTS,
        seed,
        batch: 700,
        quiet: true,
    }
}

/// Generates the corpus of `seed` into a fresh database.
async fn generated(backend: Backend, seed: u64) -> TestDatabase {
    let database = TestDatabase::create(backend).await;
    let settings = settings(&database, SeedMode::Never);
    generate::run(&settings, &args(seed))
        .await
        .expect("the corpus is generated");
    database
}

async fn post(client: &reqwest::Client, address: &str, query: &str, variables: Value) -> Value {
    data_of(post_graphql(client, address, None, query, variables).await)
}

/// Counts that describe a corpus: statements per language, per kind, per topic.
const FINGERPRINT: &str = r#"{
  all: statements { totalCount }
  byLanguage: statementCounts(by: LANGUAGE) { key count }
  byKind: statementCounts(by: KIND) { key count }
  byTopic: statementCounts(by: TOPIC) { key count }
  documents { totalCount }
}"#;

/// The names of the indexes of `database`, sorted.
async fn indexes(database: &TestDatabase) -> Vec<String> {
    use sea_orm::ConnectionTrait;
    let db = sea_orm::Database::connect(&database.url)
        .await
        .expect("connects");
    let sql = match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => {
            "SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() ORDER BY 1"
        }
        _ => "SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY 1",
    };
    let rows = db
        .query_all_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            sql,
        ))
        .await
        .expect("lists the indexes");
    db.close().await.ok();
    rows.iter()
        .map(|r| r.try_get::<String>("", "name").expect("a name"))
        .collect()
}

#[tokio::test]
async fn a_generated_corpus_is_queryable_deterministic_and_benchmarkable() {
    for backend in backends() {
        let database = generated(backend, 11).await;
        // Into an empty database PostgreSQL loads without the secondary
        // indexes and builds them at the end: every one must be back.
        let migrated = TestDatabase::create(backend).await;
        claimgraph::database::migrate(
            &claimgraph::database::connect(&settings(&migrated, SeedMode::Never))
                .await
                .expect("connects"),
        )
        .await
        .expect("migrates");
        let expected = indexes(&migrated).await;
        assert!(expected.len() > 20, "{backend:?}: {expected:?}");
        assert_eq!(indexes(&database).await, expected, "{backend:?}");
        let app = Application::build(&settings(&database, SeedMode::Never))
            .await
            .expect("the application builds");
        let address = format!("http://{}", app.local_addr().expect("a bound address"));
        tokio::spawn(app.run_until_stopped(std::future::pending()));
        let client = reqwest::Client::new();

        let fingerprint = post(&client, &address, FINGERPRINT, json!({})).await;
        assert_eq!(
            fingerprint["all"]["totalCount"],
            json!(STATEMENTS),
            "{backend:?}"
        );
        let documents = fingerprint["documents"]["totalCount"]
            .as_u64()
            .expect("a count");
        assert!(
            (STATEMENTS / 20..=STATEMENTS / 5 + 1).contains(&documents),
            "{backend:?}: {documents} documents of 5 to 20 statements"
        );
        let languages: Vec<&str> = fingerprint["byLanguage"]
            .as_array()
            .expect("buckets")
            .iter()
            .filter_map(|b| b["key"].as_str())
            .collect();
        assert!(
            languages.contains(&"ru") && languages.contains(&"en"),
            "{backend:?}"
        );

        // A filter matching more statements than an id list carries takes the
        // other query shape for pages (an `EXISTS` walk on SQLite) than for
        // counts (a subquery): walking every page must find what the count
        // counts, each statement once.
        let organization = "Republic of Kazakhstan";
        let counted: Vec<Value> = post(
            &client,
            &address,
            r#"query($o: String!) { statementCounts(filter: { organization: $o }, by: TOPIC) { key count } }"#,
            json!({ "o": organization }),
        )
        .await["statementCounts"]
            .as_array()
            .expect("buckets")
            .clone();
        let total: u64 = post(
            &client,
            &address,
            r#"query($o: String!) { statements(filter: { organization: $o }) { totalCount } }"#,
            json!({ "o": organization }),
        )
        .await["statements"]["totalCount"]
            .as_u64()
            .expect("a count");
        assert!(
            total > 1_000,
            "{backend:?}: {total} statements: the wide shape is exercised"
        );
        let topic = counted[0]["key"].as_str().expect("the largest topic");
        let mut seen: Vec<String> = Vec::new();
        let mut after: Option<String> = None;
        loop {
            let page = post(
                &client,
                &address,
                r#"query($o: String!, $t: String!, $after: String) {
                  statements(filter: { organization: $o, topic: $t }, first: 100, after: $after) {
                    pageInfo { hasNextPage endCursor } nodes { id }
                  }
                }"#,
                json!({ "o": organization, "t": topic, "after": after }),
            )
            .await;
            for node in page["statements"]["nodes"].as_array().expect("nodes") {
                seen.push(node["id"].as_str().expect("an id").to_owned());
            }
            let info = &page["statements"]["pageInfo"];
            if info["hasNextPage"] != true {
                break;
            }
            after = info["endCursor"].as_str().map(str::to_owned);
        }
        assert_eq!(
            json!(seen.len()),
            counted[0]["count"],
            "{backend:?}: the pages of {topic} hold what the count counts"
        );
        let mut ids = seen.clone();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), seen.len(), "{backend:?}: no statement twice");

        // A generated speaker, filtered by the alias in the script other than their name's.
        let speakers = post(
            &client,
            &address,
            r#"{ speakers(name: "Arman Bekov") { nodes { id name aliases { name lang } } } }"#,
            json!({}),
        )
        .await;
        let speaker = &speakers["speakers"]["nodes"][0];
        assert!(speaker["id"].is_string(), "{backend:?}: {speakers}");
        let ru = speaker["aliases"]
            .as_array()
            .expect("aliases")
            .iter()
            .find(|a| a["lang"] == "ru")
            .and_then(|a| a["name"].as_str())
            .expect("a Russian alias");
        assert_eq!(ru, "Арман Беков");
        let by_alias = post(
            &client,
            &address,
            r#"query($a: String!, $b: String!) {
                 ru: statements(filter: { speaker: $a }) { totalCount nodes { speaker { id } } }
                 en: statements(filter: { speaker: $b }) { totalCount }
               }"#,
            json!({ "a": "Арман Беков", "b": "Arman Bekov" }),
        )
        .await;
        let count = by_alias["ru"]["totalCount"].as_u64().expect("a count");
        assert!(
            count > 0,
            "{backend:?}: the generated speaker has statements"
        );
        assert_eq!(by_alias["en"]["totalCount"], json!(count), "{backend:?}");
        for node in by_alias["ru"]["nodes"].as_array().expect("nodes") {
            assert_eq!(node["speaker"]["id"], speaker["id"], "{backend:?}");
        }

        // Full-text search, stemmed, sees generated text.
        let search = post(
            &client,
            &address,
            r#"{ common: statements(filter: { text: "securities" }) { totalCount nodes { text } }
                 rare: statements(filter: { text: "zeravshan" }) { totalCount } }"#,
            json!({}),
        )
        .await;
        assert!(
            search["common"]["totalCount"].as_u64().expect("a count") > 50,
            "{backend:?}: {search}"
        );
        assert!(
            search["common"]["nodes"][0]["text"]
                .as_str()
                .expect("a text")
                .contains(generate::COMMON_WORD),
            "{backend:?}"
        );
        assert_eq!(search["rare"]["totalCount"], json!(1), "{backend:?}");

        // The same seed into another fresh database: the same corpus.
        let again = generated(backend, 11).await;
        let app_again = Application::build(&settings(&again, SeedMode::Never))
            .await
            .expect("the application builds");
        let address_again = format!("http://{}", app_again.local_addr().expect("an address"));
        tokio::spawn(app_again.run_until_stopped(std::future::pending()));
        assert_eq!(
            post(&client, &address_again, FINGERPRINT, json!({})).await,
            fingerprint,
            "{backend:?}: the same seed gives the same counts"
        );

        // A second corpus into a generated database is refused with what
        // to do, the same seed or another, and leaves the first as it was.
        for seed in [11, 12] {
            let error = generate::run(&settings(&again, SeedMode::Never), &args(seed))
                .await
                .expect_err("a second corpus is refused");
            assert!(
                error.to_string().contains("empty database"),
                "{backend:?}: {error:#}"
            );
        }
        assert_eq!(
            post(&client, &address_again, FINGERPRINT, json!({})).await,
            fingerprint,
            "{backend:?}: the refused runs wrote nothing"
        );

        // The bench harness, briefly, with SQL counted in-process.
        let mut bench_args = BenchArgs::for_url(&address);
        bench_args.concurrency = 2;
        bench_args.duration = 0.15;
        bench_args.database_url = Some(database.url.clone());
        bench_args.compare_sql = true;
        bench_args.profile = true;
        let report = bench::measure(&bench_args).await.expect("the bench runs");
        let names: Vec<&str> = report
            .operations
            .iter()
            .map(|o| o.operation.name())
            .collect();
        // The page's own SQL with parameters, and on PostgreSQL with its
        // values written in too.
        let forms: &[&str] = match backend {
            Backend::Postgres => &["headline-page-sql", "headline-page-sql-planned"],
            Backend::Sqlite => &["headline-page-sql"],
        };
        assert_eq!(
            names.len(),
            Operation::ALL.len() + forms.len(),
            "{backend:?}: every operation and the page's own SQL: {names:?}"
        );
        assert_eq!(&names[Operation::ALL.len()..], forms, "{backend:?}");
        for op in report.operations.iter().filter(|o| {
            !matches!(
                o.operation,
                Operation::HeadlinePageSql | Operation::HeadlinePageSqlPlanned
            )
        }) {
            assert_eq!(
                op.errors, 0,
                "{backend:?}: {:?} failed: {:?}",
                op.operation, op.first_error
            );
            assert!(op.requests > 0, "{backend:?}: {:?} ran", op.operation);
            assert!(
                op.sql_per_request.is_some_and(|n| n > 0),
                "{backend:?}: {:?} counted its SQL",
                op.operation
            );
        }
        let memory = report.server_memory.expect("the server's memory is read");
        assert_eq!(
            memory.pid,
            std::process::id(),
            "the app runs in this process"
        );
        let sql = report.operations.last().expect("the SQL's row");
        assert!(
            sql.errors == 0 && sql.requests > 0,
            "{backend:?}: the page's SQL ran: {:?}",
            sql.first_error
        );
        // Where the time goes: CPU per request of each process under load,
        // and one client's request split into SQL and the rest.
        let postgres = backend == Backend::Postgres;
        for op in &report.operations {
            let cpu = op.cpu.expect("CPU per request is read");
            assert!(
                cpu.api_ms.is_some() && cpu.database_ms.is_some() == postgres,
                "{backend:?}: {:?}: {cpu:?}",
                op.operation
            );
        }
        assert_eq!(
            report.breakdowns.len(),
            Operation::ALL.len(),
            "{backend:?}: every API operation is profiled"
        );
        for b in &report.breakdowns {
            assert!(
                b.statements >= 1.0 && b.sql_ms > 0.0 && b.sql_ms < b.request_ms,
                "{backend:?}: {b:?}"
            );
            assert_eq!(
                b.planning_ms.is_some() && b.execution_ms.is_some(),
                postgres,
                "{backend:?}: the database's own times on PostgreSQL only: {b:?}"
            );
        }
        let table = bench::table(&report);
        assert!(table.contains("deep-page"));
        assert!(
            table.contains("CPU ms per request under load")
                && table.contains("one client, in-process"),
            "{table}"
        );
        assert!(
            table.contains("headline (with totalCount) / headline-page:")
                && forms
                    .iter()
                    .all(|form| table.contains(&format!("headline-page / {form}:"))),
            "{table}"
        );
    }
}
