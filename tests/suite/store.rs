//! The one write path (`claimgraph::services::store`): statements are
//! changed through every writer in turn (seeding, a reload, ingestion, the
//! store's own update, review and remove, curation's creations, updates,
//! reviews, affiliations and merges, affiliation and organization-tree
//! changes, `generate`), and after each step every table derived from statements must
//! equal a recomputation from scratch:
//! - `statement_term` against the search terms of each statement's text;
//! - `statement_organization`, `statement_tally` and `statement_facet_tally`
//!   against the rule computed here in Rust from statements, affiliations
//!   and the tree, and against the store's own `rebuild`, run in a
//!   transaction rolled back.
//!
//! The check is shown to fail on a change the store was not told about.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Datelike, NaiveDate};
use claimgraph::commands::generate::{self, GenerateArgs};
use claimgraph::config::{SeedMode, SeedScope};
use claimgraph::database::begin_write;
use claimgraph::ingest::{self, IngestInput};
use claimgraph::services::curation::{
    self, AffiliationDraft, Span, SpeakerDraft, StatementDraft, StatementEdit,
};
use claimgraph::services::seeding::{self, CURATED};
use claimgraph::services::store::{self, NewStatement, Subject};
use entity::kinds::{DatePrecision, OrganizationKind, ReviewStatus, StatementKind};
use entity::{
    affiliation, document, mention, organization, speaker, statement, statement_facet_tally,
    statement_organization, statement_tally, statement_term, statement_topic, topic,
};
use sea_orm::{
    ActiveEnum, ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QuerySelect, Set, TransactionTrait,
};
use seeds::date::{DatePrecision as Precision, PartialDate};

use crate::harness::{Backend, TestDatabase, backends, settings};

/// An article of our own: the foreign minister and the president, quoted
/// and paraphrased, on the investigation and on the CSTO.
const ARTICLE: &str = "Тлеуберди рассказал о расследовании\n\n\
Министр иностранных дел Казахстана Мухтар Тлеуберди заявил, что материалы \
расследования январских событий будут переданы международным экспертам.\n\n\
«Мы ничего не скрываем от наших партнеров», — сказал он журналистам.\n\n\
Президент Касым-Жомарт Токаев заявил, что миротворцы ОДКБ покинут страну \
в ближайшие дни.\n";

/// The derived tables, as sets.
#[derive(Debug, Default, PartialEq, Eq)]
struct Derived {
    /// `(statement_id, term)`.
    terms: BTreeSet<(i64, String)>,
    /// `(statement_id, organization_id)`.
    spoken_for: BTreeSet<(i64, i64)>,
    /// `(organization_id, topic_id, month) -> statements`.
    tally: BTreeMap<(i64, i64, String), i64>,
    /// `(organization_id, topic_id, facet, value) -> statements`.
    facets: BTreeMap<(i64, i64, String, String), i64>,
}

/// The derived tables as stored.
async fn stored(conn: &impl ConnectionTrait) -> Derived {
    let terms = statement_term::Entity::find()
        .all(conn)
        .await
        .expect("reads terms")
        .into_iter()
        .map(|t| (t.statement_id, t.term))
        .collect();
    let spoken_for = statement_organization::Entity::find()
        .all(conn)
        .await
        .expect("reads statement_organization")
        .into_iter()
        .map(|r| (r.statement_id, r.organization_id))
        .collect();
    let tally = statement_tally::Entity::find()
        .all(conn)
        .await
        .expect("reads the tally")
        .into_iter()
        .map(|r| ((r.organization_id, r.topic_id, r.month), r.statements))
        .collect();
    let facets = statement_facet_tally::Entity::find()
        .all(conn)
        .await
        .expect("reads the facet tally")
        .into_iter()
        .map(|r| {
            let facet = r.facet.to_value();
            (
                (r.organization_id, r.topic_id, facet, r.value),
                r.statements,
            )
        })
        .collect();
    Derived {
        terms,
        spoken_for,
        tally,
        facets,
    }
}

/// The last day an affiliation ending on `date` (known to `precision`) lasts.
fn last_day(date: NaiveDate, precision: Option<DatePrecision>) -> NaiveDate {
    let first_of_next = |year: i32, month: u32| {
        let (year, month) = if month == 12 {
            (year + 1, 1)
        } else {
            (year, month + 1)
        };
        NaiveDate::from_ymd_opt(year, month, 1).expect("a date")
    };
    match precision {
        Some(DatePrecision::Year) => first_of_next(date.year(), 12).pred_opt().expect("a date"),
        Some(DatePrecision::Month) => first_of_next(date.year(), date.month())
            .pred_opt()
            .expect("a date"),
        _ => date,
    }
}

/// The derived tables computed here from statements, topics, affiliations
/// and the organization tree, by the rule the entities document.
async fn recomputed(conn: &impl ConnectionTrait) -> Derived {
    let statements = statement::Entity::find()
        .all(conn)
        .await
        .expect("reads statements");
    let affiliations = affiliation::Entity::find()
        .all(conn)
        .await
        .expect("reads affiliations");
    let parents: HashMap<i64, Option<i64>> = organization::Entity::find()
        .all(conn)
        .await
        .expect("reads organizations")
        .into_iter()
        .map(|o| (o.id, o.parent_id))
        .collect();
    let copies: BTreeSet<i64> = entity::document::Entity::find()
        .all(conn)
        .await
        .expect("reads documents")
        .into_iter()
        .filter(|d| d.copy_of_id.is_some())
        .map(|d| d.id)
        .collect();
    let mut topics: HashMap<i64, Vec<i64>> = HashMap::new();
    for t in statement_topic::Entity::find()
        .all(conn)
        .await
        .expect("reads topics")
    {
        topics.entry(t.statement_id).or_default().push(t.topic_id);
    }

    let mut derived = Derived::default();
    for s in &statements {
        for term in text::search_terms(&s.text) {
            derived.terms.insert((s.id, term));
        }
        let mut organizations: BTreeSet<i64> = s.organization_id.into_iter().collect();
        for a in affiliations
            .iter()
            .filter(|a| Some(a.speaker_id) == s.speaker_id)
        {
            let started = a.valid_from.is_none_or(|from| s.dated_on >= from);
            let lasting = a
                .valid_to
                .is_none_or(|to| s.dated_on <= last_day(to, a.valid_to_precision));
            if started && lasting {
                organizations.insert(a.organization_id);
            }
        }
        for &o in &organizations {
            derived.spoken_for.insert((s.id, o));
        }

        // Rejected statements and reposted copies' leave the counts.
        if s.review_status == ReviewStatus::Rejected || copies.contains(&s.document_id) {
            continue;
        }
        let mut counted: BTreeSet<i64> = BTreeSet::from([0]);
        // Counting for no organization: counted as such.
        if organizations.is_empty() {
            counted.insert(-1);
        }
        for &o in &organizations {
            let mut at = Some(o);
            while let Some(id) = at {
                counted.insert(id);
                at = parents.get(&id).copied().flatten();
            }
        }
        let mut tagged: BTreeSet<i64> = BTreeSet::from([0]);
        match topics.get(&s.id) {
            Some(ids) => tagged.extend(ids.iter().copied()),
            // No topic: counted as such.
            None => {
                tagged.insert(-1);
            }
        }
        let month = match s.dated_precision {
            Some(DatePrecision::Day | DatePrecision::Month) => {
                s.dated_on.format("%Y-%m").to_string()
            }
            Some(DatePrecision::Year) => s.dated_on.format("%Y").to_string(),
            None => String::new(),
        };
        let faceted = [
            (
                "speaker",
                s.speaker_id.map(|id| id.to_string()).unwrap_or_default(),
            ),
            ("language", s.language.clone()),
            ("kind", s.kind.to_value()),
            ("review_status", s.review_status.to_value()),
        ];
        for &o in &counted {
            for &t in &tagged {
                *derived.tally.entry((o, t, month.clone())).or_default() += 1;
                for (facet, value) in &faceted {
                    let cell = (o, t, (*facet).to_owned(), value.clone());
                    *derived.facets.entry(cell).or_default() += 1;
                }
            }
        }
    }
    derived
}

/// The derived tables as the store's `rebuild` makes them, in a transaction
/// that is rolled back.
async fn rebuilt(db: &DatabaseConnection) -> Derived {
    let txn = db.begin().await.expect("a transaction");
    store::rebuild(&txn).await.expect("rebuilds");
    let derived = stored(&txn).await;
    txn.rollback().await.expect("rolls back");
    derived
}

/// A few elements of each side of a difference between two sets.
fn difference<T: Ord + std::fmt::Debug>(
    table: &str,
    stored: impl IntoIterator<Item = T>,
    expected: impl IntoIterator<Item = T>,
) -> Option<String> {
    let stored: BTreeSet<T> = stored.into_iter().collect();
    let expected: BTreeSet<T> = expected.into_iter().collect();
    if stored == expected {
        return None;
    }
    let extra: Vec<&T> = stored.difference(&expected).take(5).collect();
    let missing: Vec<&T> = expected.difference(&stored).take(5).collect();
    Some(format!(
        "{table}: stored but not expected {extra:?}, expected but not stored {missing:?}"
    ))
}

/// How the stored derived tables differ from their recomputations (none
/// when they are exact), and rows left behind by removed statements.
async fn differences(db: &DatabaseConnection) -> Vec<String> {
    let stored = stored(db).await;
    let mut found = Vec::new();
    for (against, expected) in [
        ("recomputed", recomputed(db).await),
        ("rebuilt", rebuilt(db).await),
    ] {
        let tables = [
            difference(
                &format!("statement_term ({against})"),
                stored.terms.clone(),
                expected.terms,
            ),
            difference(
                &format!("statement_organization ({against})"),
                stored.spoken_for.clone(),
                expected.spoken_for,
            ),
            difference(
                &format!("statement_tally ({against})"),
                stored.tally.clone(),
                expected.tally,
            ),
            difference(
                &format!("statement_facet_tally ({against})"),
                stored.facets.clone(),
                expected.facets,
            ),
        ];
        found.extend(tables.into_iter().flatten());
    }
    for table in [
        "statement_term",
        "statement_topic",
        "mention",
        "statement_organization",
    ] {
        let orphans = db
            .query_one_raw(sea_orm::Statement::from_string(
                db.get_database_backend(),
                format!(
                    "SELECT COUNT(*) AS n FROM {table} \
                     WHERE statement_id NOT IN (SELECT id FROM statement)"
                ),
            ))
            .await
            .expect("counts orphans")
            .and_then(|row| row.try_get::<i64>("", "n").ok())
            .unwrap_or_default();
        if orphans > 0 {
            found.push(format!("{table}: {orphans} rows of removed statements"));
        }
    }
    found
}

async fn assert_exact(db: &DatabaseConnection, backend: Backend, after: &str) {
    let found = differences(db).await;
    assert!(
        found.is_empty(),
        "{backend:?}, after {after}: {}",
        found.join("\n")
    );
}

/// The ids of the curated statements, with where they are.
async fn curated(db: &DatabaseConnection) -> BTreeSet<(i64, i32, i32, i64)> {
    statement::Entity::find()
        .filter(statement::Column::Source.eq(CURATED))
        .all(db)
        .await
        .expect("reads statements")
        .into_iter()
        .map(|s| (s.document_id, s.span_start, s.span_end, s.id))
        .collect()
}

async fn speaker_id(db: &DatabaseConnection, key: &str) -> i64 {
    speaker::Entity::find()
        .filter(speaker::Column::Key.eq(key))
        .one(db)
        .await
        .expect("reads speakers")
        .unwrap_or_else(|| panic!("speaker {key}"))
        .id
}

async fn organization_id(db: &DatabaseConnection, key: &str) -> i64 {
    organization::Entity::find()
        .filter(organization::Column::Key.eq(key))
        .one(db)
        .await
        .expect("reads organizations")
        .unwrap_or_else(|| panic!("organization {key}"))
        .id
}

async fn topic_ids(db: &DatabaseConnection) -> Vec<i64> {
    topic::Entity::find()
        .all(db)
        .await
        .expect("reads topics")
        .into_iter()
        .map(|t| t.id)
        .collect()
}

#[tokio::test]
async fn every_writer_keeps_the_derived_tables_exact() {
    for backend in backends() {
        let database = TestDatabase::create(backend).await;
        let settings = settings(&database, SeedMode::Never);
        let db = claimgraph::database::connect(&settings)
            .await
            .expect("connects");
        claimgraph::database::migrate(&db).await.expect("migrates");

        // Seeding into an empty database.
        seeding::load(&db, SeedScope::All).await.expect("seeds");
        assert_exact(&db, backend, "seeding").await;
        let seeded = curated(&db).await;
        assert!(seeded.len() > 50, "{backend:?}: {} curated", seeded.len());

        // The store's own update and add, on curated statements: a reload
        // must put them back as the corpus has them, ids kept.
        let (_, _, _, tampered) = *seeded.iter().next().expect("a statement");
        let original = store::get(&db, tampered)
            .await
            .expect("reads")
            .expect("stored");
        let tokayev = speaker_id(&db, "kassym_jomart_tokayev").await;
        let csto = organization_id(&db, "csto").await;
        let topics = topic_ids(&db).await;
        let txn = begin_write(&db).await.expect("a transaction");
        let changed = store::update(&txn, tampered, |s| {
            s.speaker_id = Some(tokayev);
            s.organization_id = Some(csto);
            s.kind = StatementKind::ReportedClaim;
            s.text = "Совершенно другой текст о миротворцах".to_owned();
            s.topic_ids = topics[..2].to_vec();
            s.about = vec![Subject::Organization(csto)];
            s.dated_on = NaiveDate::from_ymd_opt(2021, 6, 15).expect("a date");
            s.dated_precision = Some(DatePrecision::Day);
        })
        .await
        .expect("updates")
        .expect("the statement exists");
        let stray = store::add(
            &txn,
            &[NewStatement {
                span_start: 0,
                span_end: 1,
                text: "x".to_owned(),
                topic_ids: vec![topics[0]],
                ..original.clone()
            }],
        )
        .await
        .expect("adds");
        txn.commit().await.expect("commits");
        assert_eq!(
            store::get(&db, tampered).await.expect("reads"),
            Some(changed),
            "{backend:?}: the store gives back what it stored"
        );
        assert_exact(&db, backend, "updating a curated statement").await;

        seeding::load(&db, SeedScope::All).await.expect("reloads");
        assert_exact(&db, backend, "reloading the seed corpus").await;
        assert_eq!(
            curated(&db).await,
            seeded,
            "{backend:?}: the same curated statements, the same ids"
        );
        assert_eq!(
            store::get(&db, tampered).await.expect("reads"),
            Some(original.clone()),
            "{backend:?}: the reload puts the statement back"
        );
        assert_eq!(store::get(&db, stray[0]).await.expect("reads"), None);
        assert!(
            mention::Entity::find()
                .filter(mention::Column::StatementId.eq(stray[0]))
                .all(&db)
                .await
                .expect("reads")
                .is_empty()
        );

        // Ingestion.
        let report = ingest::ingest(
            &db,
            IngestInput {
                text: ARTICLE.to_owned(),
                outlet: Some(claimgraph::services::ids::NameOrId::Name(
                    "Store Test Daily".to_owned(),
                )),
                published: Some(PartialDate {
                    date: NaiveDate::from_ymd_opt(2022, 2, 3).expect("a date"),
                    precision: Precision::Day,
                }),
                ..Default::default()
            },
        )
        .await
        .expect("ingests");
        assert!(
            report.statements >= 2,
            "{backend:?}: statements are extracted: {report:?}"
        );
        assert_exact(&db, backend, "ingesting an article").await;

        // The store's update on an extracted statement: everything that can
        // change, the span and text included.
        let extracted = report.statement_ids[0];
        let body = document::Entity::find_by_id(report.document_id)
            .one(&db)
            .await
            .expect("reads")
            .expect("the document")
            .body;
        let span: String = body.chars().skip(3).take(20).collect();
        let txn = begin_write(&db).await.expect("a transaction");
        store::update(&txn, extracted, |s| {
            s.speaker_id = Some(tokayev);
            s.organization_id = None;
            s.kind = StatementKind::Paraphrase;
            s.span_start = 3;
            s.span_end = 23;
            s.text = span;
            s.topic_ids = topics[1..3].to_vec();
            s.about = vec![Subject::Organization(csto), Subject::Speaker(tokayev)];
            s.said_on = NaiveDate::from_ymd_opt(2020, 11, 1);
            s.said_precision = Some(DatePrecision::Month);
            s.dated_on = NaiveDate::from_ymd_opt(2020, 11, 1).expect("a date");
            s.dated_precision = Some(DatePrecision::Month);
        })
        .await
        .expect("updates")
        .expect("the statement exists");
        txn.commit().await.expect("commits");
        assert_exact(&db, backend, "updating an extracted statement").await;

        // Review: a rejected statement leaves the tally, and comes back
        // when it is reviewed again; each review is a version more.
        let reviewed = report.statement_ids[1];
        let version = |db: DatabaseConnection| async move {
            statement::Entity::find_by_id(reviewed)
                .one(&db)
                .await
                .expect("reads")
                .expect("stored")
                .version
        };
        let first = version(db.clone()).await;
        for status in [
            ReviewStatus::Rejected,
            ReviewStatus::Confirmed,
            ReviewStatus::Rejected,
        ] {
            let txn = begin_write(&db).await.expect("a transaction");
            store::review(&txn, &[reviewed], status)
                .await
                .expect("reviews");
            txn.commit().await.expect("commits");
            assert_exact(&db, backend, &format!("a review to {status:?}")).await;
        }
        assert_eq!(version(db.clone()).await, first + 3, "{backend:?}");

        // Curation, through its service: each operation keeps them exact.
        let month = |year, month| PartialDate {
            date: NaiveDate::from_ymd_opt(year, month, 1).expect("a date"),
            precision: Precision::Month,
        };
        let created = curation::create_statement(
            &db,
            "store-test",
            StatementDraft {
                document_id: report.document_id,
                span: Span { start: 0, end: 9 },
                speaker: None,
                organization: Some(csto),
                kind: StatementKind::Paraphrase,
                topics: topics[..1].to_vec(),
                about: vec![Subject::Speaker(tokayev)],
                said_on: None,
            },
        )
        .await
        .expect("creates");
        assert_exact(&db, backend, "creating a statement").await;
        let newcomer = curation::create_speaker(
            &db,
            SpeakerDraft {
                name: "Store Test Speaker".to_owned(),
                kind: entity::kinds::SpeakerKind::Person,
                description: None,
            },
        )
        .await
        .expect("creates a speaker");
        curation::update_statement(
            &db,
            "store-test",
            created,
            1,
            StatementEdit {
                speaker: Some(Some(newcomer)),
                topics: Some(topics[1..3].to_vec()),
                said_on: Some(Some(month(2022, 1))),
                ..Default::default()
            },
        )
        .await
        .expect("updates");
        assert_exact(&db, backend, "updating a statement").await;
        curation::set_affiliation(
            &db,
            AffiliationDraft {
                speaker: newcomer,
                organization: csto,
                role: "observer".to_owned(),
                valid_from: Some(month(2021, 6)),
                valid_to: None,
            },
        )
        .await
        .expect("affiliates");
        assert_exact(&db, backend, "a new affiliation").await;
        curation::review_statement(&db, "store-test", created, ReviewStatus::Rejected, None)
            .await
            .expect("reviews");
        assert_exact(&db, backend, "rejecting a statement").await;
        curation::review_statement(&db, "store-test", created, ReviewStatus::Confirmed, None)
            .await
            .expect("reviews");
        curation::merge_speakers(&db, "store-test", newcomer, tokayev)
            .await
            .expect("merges");
        assert_exact(&db, backend, "merging speakers").await;

        // An affiliation changed behind the store's back is seen by the
        // check; `refresh_speakers` makes it exact again.
        let state = organization_id(&db, "kz_state").await;
        let unit = organization::ActiveModel {
            key: Set("store_test_unit".to_owned()),
            name: Set("Store test unit".to_owned()),
            kind: Set(OrganizationKind::Other),
            parent_id: Set(Some(state)),
            verified: Set(true),
            ..Default::default()
        }
        .insert(&db)
        .await
        .expect("inserts an organization");
        affiliation::ActiveModel {
            speaker_id: Set(tokayev),
            organization_id: Set(unit.id),
            role: Set("member".to_owned()),
            valid_from: Set(NaiveDate::from_ymd_opt(2019, 1, 1)),
            valid_from_precision: Set(Some(DatePrecision::Year)),
            valid_to: Set(NaiveDate::from_ymd_opt(2022, 1, 1)),
            valid_to_precision: Set(Some(DatePrecision::Month)),
            ..Default::default()
        }
        .insert(&db)
        .await
        .expect("inserts an affiliation");
        let found = differences(&db).await;
        assert!(
            found
                .iter()
                .any(|d| d.starts_with("statement_organization"))
                && found.iter().any(|d| d.starts_with("statement_tally"))
                && found.iter().any(|d| d.starts_with("statement_facet_tally")),
            "{backend:?}: the check sees a new affiliation: {found:?}"
        );
        let txn = begin_write(&db).await.expect("a transaction");
        store::refresh_speakers(&txn, &[tokayev])
            .await
            .expect("refreshes");
        txn.commit().await.expect("commits");
        assert_exact(&db, backend, "refreshing a speaker's statements").await;

        // The organization tree: a moved organization needs a rebuild.
        let kyrgyzstan = organization_id(&db, "kg_state").await;
        let mut moved: organization::ActiveModel = unit.into();
        moved.parent_id = Set(Some(kyrgyzstan));
        moved.update(&db).await.expect("moves the organization");
        let found = differences(&db).await;
        assert!(
            found.iter().any(|d| d.starts_with("statement_tally")),
            "{backend:?}: the check sees a moved organization: {found:?}"
        );
        let txn = begin_write(&db).await.expect("a transaction");
        store::rebuild(&txn).await.expect("rebuilds");
        txn.commit().await.expect("commits");
        assert_exact(&db, backend, "moving an organization").await;

        // Removal, of an extracted and a curated statement.
        let curated_one = seeded.iter().nth(3).expect("a statement").3;
        let txn = begin_write(&db).await.expect("a transaction");
        let removed = store::remove(&txn, &[extracted, curated_one, i64::MAX])
            .await
            .expect("removes");
        txn.commit().await.expect("commits");
        assert_eq!(removed, 2, "{backend:?}: the stored ones");
        assert_exact(&db, backend, "removing statements").await;

        // `generate`, a bulk writer, into the same database.
        let last = statement::Entity::find()
            .all(&db)
            .await
            .expect("reads")
            .iter()
            .map(|s| s.id)
            .max()
            .expect("statements");
        generate::generate(
            &settings,
            &GenerateArgs {
                statements: 300,
                seed: 17,
                batch: 120,
                quiet: true,
            },
        )
        .await
        .expect("generates");
        assert_exact(&db, backend, "generating a corpus").await;

        // The store on generated statements, then a reload over all of it.
        let generated: Vec<i64> = statement::Entity::find()
            .filter(statement::Column::Id.gt(last))
            .all(&db)
            .await
            .expect("reads")
            .into_iter()
            .map(|s| s.id)
            .take(3)
            .collect();
        assert_eq!(generated.len(), 3, "{backend:?}: generated statements");
        let txn = begin_write(&db).await.expect("a transaction");
        store::update(&txn, generated[0], |s| {
            s.speaker_id = Some(tokayev);
            s.topic_ids.clear();
            s.dated_precision = Some(DatePrecision::Year);
        })
        .await
        .expect("updates")
        .expect("the statement exists");
        store::remove(&txn, &generated[1..]).await.expect("removes");
        txn.commit().await.expect("commits");
        assert_exact(&db, backend, "changing generated statements").await;

        seeding::load(&db, SeedScope::All).await.expect("reloads");
        assert_exact(&db, backend, "reloading over everything").await;
        db.close().await.ok();
    }
}

/// `claimgraph link` (the store's `detect_mentions`) finds again what the
/// writers detected, changes nothing on a second run, and brings back a
/// detected mention lost since; the given mentions stay as they are.
#[tokio::test]
async fn detecting_mentions_again_is_what_the_writers_detected() {
    for backend in backends() {
        let database = TestDatabase::create(backend).await;
        let settings = settings(&database, SeedMode::Never);
        let db = claimgraph::database::connect(&settings)
            .await
            .expect("connects");
        claimgraph::database::migrate(&db).await.expect("migrates");
        seeding::load(&db, SeedScope::All).await.expect("seeds");
        let rows = |detected: bool| {
            let db = db.clone();
            async move {
                let mut rows: Vec<(i64, Option<i64>, Option<i64>)> = mention::Entity::find()
                    .filter(mention::Column::Detected.eq(detected))
                    .all(&db)
                    .await
                    .expect("mentions")
                    .into_iter()
                    .map(|m| (m.statement_id, m.speaker_id, m.organization_id))
                    .collect();
                rows.sort();
                rows
            }
        };
        let (given, detected) = (rows(false).await, rows(true).await);
        assert!(
            !detected.is_empty(),
            "{backend:?}: the seeds' texts name others"
        );
        mention::Entity::delete_many()
            .filter(mention::Column::Detected.eq(true))
            .filter(mention::Column::StatementId.eq(detected[0].0))
            .exec(&db)
            .await
            .expect("deletes");
        for _ in 0..2 {
            let count = store::detect_mentions(&db).await.expect("detects");
            assert_eq!(count as usize, detected.len(), "{backend:?}");
            assert_eq!(rows(true).await, detected, "{backend:?}");
            assert_eq!(rows(false).await, given, "{backend:?}");
        }
    }
}

/// More statements than SQLite takes bound parameters in one statement
/// (32,766) are reviewed and removed in one call, in one transaction, and
/// leave nothing derived behind.
#[tokio::test]
async fn forty_thousand_statements_are_reviewed_and_removed_in_one_call() {
    const STATEMENTS: u64 = 40_000;
    for backend in backends() {
        let database = TestDatabase::create(backend).await;
        let settings = settings(&database, SeedMode::Never);
        generate::run(
            &settings,
            &GenerateArgs {
                statements: STATEMENTS,
                seed: 11,
                batch: 5_000,
                quiet: true,
            },
        )
        .await
        .expect("the corpus is generated");
        let db = claimgraph::database::connect(&settings)
            .await
            .expect("connects");
        let ids: Vec<i64> = statement::Entity::find()
            .select_only()
            .column(statement::Column::Id)
            .into_tuple()
            .all(&db)
            .await
            .expect("ids");
        assert_eq!(ids.len() as u64, STATEMENTS, "{backend:?}");
        let tx = db.begin().await.expect("begins");
        let reviewed = store::review(&tx, &ids, ReviewStatus::Rejected)
            .await
            .unwrap_or_else(|e| panic!("{backend:?}: {e}"));
        assert_eq!(reviewed, STATEMENTS, "{backend:?}");
        let removed = store::remove(&tx, &ids)
            .await
            .unwrap_or_else(|e| panic!("{backend:?}: {e}"));
        assert_eq!(removed, STATEMENTS, "{backend:?}");
        tx.commit().await.expect("commits");
        assert_eq!(
            statement::Entity::find().count(&db).await.expect("counts"),
            0
        );
        assert_eq!(
            statement_term::Entity::find()
                .count(&db)
                .await
                .expect("counts"),
            0
        );
        assert_eq!(
            statement_tally::Entity::find()
                .count(&db)
                .await
                .expect("counts"),
            0,
            "{backend:?}"
        );
        assert_eq!(
            statement_facet_tally::Entity::find()
                .count(&db)
                .await
                .expect("counts"),
            0,
            "{backend:?}: the facet tally"
        );
        db.close().await.ok();
    }
}
