//! Query plans: every filter path of the statement query is served by an
//! index on both databases, and so is the sync walk by `updatedAt`, checked with `EXPLAIN` on a generated corpus
//! large enough for the common filters to take their walking shape.
//!
//! - SQLite: no table is scanned but `statement`, along the index of the
//!   order asked for (a filter that scanned every mention was found so);
//!   which index a link's probe seeks follows the statistics, so that is
//!   left to the planner;
//! - PostgreSQL: with sequential scans priced out (`enable_seqscan = off`),
//!   no plan still holds one, i.e. an index exists for every path. Its
//!   planner rightly prefers sequential scans of a corpus this small, so the
//!   plans it picks on its own are measured at scale in BENCHMARKS.md.

use claimgraph::commands::generate::{self, GenerateArgs};
use claimgraph::config::SeedMode;
use claimgraph::services::ids::NameOrId;
use claimgraph::services::pagination::PageRequest;
use claimgraph::services::statements::{self, StatementFilter, StatementOrder};
use entity::kinds::StatementKind;
use sea_orm::{ConnectionTrait, DbBackend, QueryTrait, Statement, TransactionTrait};

use crate::harness::{Backend, TestDatabase, backends, settings};

/// Enough for the Kazakh state, the first topic and a common word to match
/// more than the thousand statements below which a filter is a list of ids.
const STATEMENTS: u64 = 6_000;

fn filters() -> Vec<(&'static str, StatementFilter)> {
    let name = |name: &str| Some(NameOrId::Name(name.to_owned()));
    let organization = || name("Republic of Kazakhstan");
    let topic = || name("investigation");
    vec![
        (
            "organization",
            StatementFilter {
                organization: organization(),
                ..Default::default()
            },
        ),
        (
            "topic",
            StatementFilter {
                topic: topic(),
                ..Default::default()
            },
        ),
        (
            "organization and topic",
            StatementFilter {
                organization: organization(),
                topic: topic(),
                ..Default::default()
            },
        ),
        (
            "speaker in the other script",
            StatementFilter {
                speaker: name("Касым-Жомарта Токаева"),
                ..Default::default()
            },
        ),
        (
            "common word",
            StatementFilter {
                text: Some("security".to_owned()),
                ..Default::default()
            },
        ),
        (
            "rare word",
            StatementFilter {
                text: Some("Zeravshan".to_owned()),
                ..Default::default()
            },
        ),
        (
            "about",
            StatementFilter {
                about: name("Human Rights Watch"),
                ..Default::default()
            },
        ),
        (
            "speakers, any of",
            StatementFilter {
                speakers: vec![
                    NameOrId::Name("Tokayev".to_owned()),
                    NameOrId::Name("Tleuberdi".to_owned()),
                ],
                ..Default::default()
            },
        ),
        (
            "organizations and topics, any of",
            StatementFilter {
                organizations: vec![
                    NameOrId::Name("Republic of Kazakhstan".to_owned()),
                    NameOrId::Name("Government of Georgia".to_owned()),
                ],
                topics: vec![
                    NameOrId::Name("investigation".to_owned()),
                    NameOrId::Name("torture".to_owned()),
                ],
                ..Default::default()
            },
        ),
        (
            "kinds and languages, any of",
            StatementFilter {
                kinds: vec![StatementKind::DirectQuote, StatementKind::Paraphrase],
                languages: vec!["ru".to_owned(), "en".to_owned()],
                ..Default::default()
            },
        ),
        (
            "any of two filters",
            StatementFilter {
                any_of: vec![
                    StatementFilter {
                        topic: topic(),
                        ..Default::default()
                    },
                    StatementFilter {
                        about: name("Human Rights Watch"),
                        ..Default::default()
                    },
                ],
                ..Default::default()
            },
        ),
        (
            "topic, not an organization",
            StatementFilter {
                topic: topic(),
                not: Some(Box::new(StatementFilter {
                    organization: organization(),
                    ..Default::default()
                })),
                ..Default::default()
            },
        ),
        (
            "not a speaker",
            StatementFilter {
                not: Some(Box::new(StatementFilter {
                    speaker: name("Tokayev"),
                    ..Default::default()
                })),
                ..Default::default()
            },
        ),
        (
            "language and dates",
            StatementFilter {
                language: Some("ru".to_owned()),
                said_from: chrono::NaiveDate::from_ymd_opt(2021, 1, 1),
                said_to: chrono::NaiveDate::from_ymd_opt(2022, 6, 30),
                ..Default::default()
            },
        ),
    ]
}

/// The plan of `sql`, one line a node.
async fn plan(db: &sea_orm::DatabaseConnection, statement: Statement) -> Vec<String> {
    let backend = db.get_database_backend();
    let explain = |prefix: &str| {
        Statement::from_sql_and_values(
            backend,
            format!("{prefix} {}", statement.sql),
            statement.values.clone().map(|v| v.0).unwrap_or_default(),
        )
    };
    let (rows, column) = match backend {
        DbBackend::Postgres => {
            let tx = db.begin().await.expect("begins");
            tx.execute_unprepared("SET LOCAL enable_seqscan = off")
                .await
                .expect("sets");
            let rows = tx
                .query_all_raw(explain("EXPLAIN"))
                .await
                .expect("explains");
            tx.commit().await.expect("commits");
            (rows, "QUERY PLAN")
        }
        _ => (
            db.query_all_raw(explain("EXPLAIN QUERY PLAN"))
                .await
                .expect("explains"),
            "detail",
        ),
    };
    rows.iter()
        .map(|row| row.try_get::<String>("", column).expect("a plan line"))
        .collect()
}

/// What is wrong with a plan line, if anything.
fn fault(backend: Backend, line: &str) -> Option<&'static str> {
    match backend {
        Backend::Postgres => line
            .contains("Seq Scan")
            .then_some("a sequential scan no index can replace"),
        Backend::Sqlite => {
            let line = line.trim();
            // Only the statements are walked, along the index of the order
            // asked for; every other table is searched.
            if line.starts_with("SCAN") && !line.starts_with("SCAN statement USING INDEX") {
                return Some("a table scanned");
            }
            None
        }
    }
}

#[tokio::test]
async fn every_filter_path_is_served_by_an_index() {
    for backend in backends() {
        let database = TestDatabase::create(backend).await;
        let settings = settings(&database, SeedMode::Never);
        generate::run(
            &settings,
            &GenerateArgs {
                statements: STATEMENTS,
                seed: 5,
                batch: 2_000,
                quiet: true,
            },
        )
        .await
        .expect("the corpus is generated");
        let db = claimgraph::database::connect(&settings)
            .await
            .expect("connects");
        let page = PageRequest::new(Some(20), None, None, None).expect("a page");
        let mut walked = 0;
        for (name, filter) in filters() {
            let selection = statements::select(&db, &filter)
                .await
                .unwrap_or_else(|e| panic!("{backend:?} {name}: {e:?}"));
            for order in [
                StatementOrder::NewestFirst,
                StatementOrder::DocumentOrder,
                StatementOrder::UpdatedAscending,
            ] {
                let (query, _) = statements::page_query(&selection, order, &page).expect("a query");
                let lines = plan(&db, query.build(db.get_database_backend())).await;
                walked += lines
                    .iter()
                    .filter(|l| l.contains(" EXISTS ") || l.contains("CORRELATED"))
                    .count();
                for line in &lines {
                    if let Some(fault) = fault(backend, line) {
                        panic!("{backend:?} {name} {order:?}: {fault}: {line}\n{lines:#?}");
                    }
                }
            }
        }
        if backend == Backend::Sqlite {
            // The corpus is large enough for the walking shape to be checked.
            assert!(walked > 0, "no filter took the walking shape");
        }

        // The sync walk (`updatedSince`, sorted by UPDATED, page after
        // page) reads its page along `ix_statement_updated`, with no sort.
        let since = StatementFilter {
            updated_since: Some(chrono::Utc::now() - chrono::Duration::days(1)),
            ..Default::default()
        };
        let first = statements::select(&db, &since).await.expect("selects");
        let (query, _) = statements::page_query(&first, StatementOrder::UpdatedAscending, &page)
            .expect("a query");
        let rows = query.all(&db).await.expect("a page");
        assert_eq!(rows.len(), 21, "{backend:?}: the corpus was just written");
        let next = PageRequest::new(
            Some(20),
            Some(statements::cursor(
                StatementOrder::UpdatedAscending,
                &rows[19],
            )),
            None,
            None,
        )
        .expect("a page");
        use StatementOrder::{UpdatedAscending, UpdatedDescending};
        for (name, filter, order, page) in [
            (
                "every statement",
                StatementFilter::default(),
                UpdatedAscending,
                &page,
            ),
            (
                "every statement",
                StatementFilter::default(),
                UpdatedDescending,
                &page,
            ),
            ("updated since", since.clone(), UpdatedAscending, &page),
            ("updated since", since.clone(), UpdatedDescending, &page),
            ("updated since, second page", since, UpdatedAscending, &next),
        ] {
            {
                let selection = statements::select(&db, &filter).await.expect("selects");
                let (query, _) = statements::page_query(&selection, order, page).expect("a query");
                let lines = plan(&db, query.build(db.get_database_backend())).await;
                let text = lines.join("\n");
                assert!(
                    text.contains("ix_statement_updated"),
                    "{backend:?} {name} {order:?}: along the index:\n{text}"
                );
                assert!(
                    !text.contains("TEMP B-TREE") && !text.contains("Sort"),
                    "{backend:?} {name} {order:?}: no sort:\n{text}"
                );
                for line in &lines {
                    if let Some(fault) = fault(backend, line) {
                        panic!("{backend:?} {name} {order:?}: {fault}: {line}\n{text}");
                    }
                }
            }
        }
        db.close().await.ok();
    }
}
