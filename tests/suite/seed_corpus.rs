//! The seed corpus as the API serves it: exact provenance, complete
//! attribution, idempotent loading, and the seeding modes.

use std::collections::BTreeMap;

use claimgraph::config::{SeedMode, SeedScope};
use claimgraph::services::seeding;
use entity::{alias, organization, speaker};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Statement};
use serde_json::{Value, json};

use crate::harness::{Backend, TestApp, backends, spawn_app, spawn_app_with};

/// Statements per seed article, as curated (see `seeds/data/articles`).
const STATEMENTS_PER_DOCUMENT: [(&str, usize); 5] = [
    ("000_53397f788cb4b0bb", 6),
    ("001_1bc3f43ec67090ee", 22),
    ("002_ac473eca6829cc3d", 8),
    ("003_c8ffc1cdbf062dc2", 7),
    ("004_4fe2903bd68b1aea", 12),
];

const EVERYTHING: &str = r#"{
  documents(first: 10) {
    totalCount
    nodes {
      slug title language published { iso } body
      outlet { key }
      statements(first: 100) {
        totalCount
        nodes {
        id text span { start end } kind language said { iso } source confidence
        speaker { key name }
        organization { key name }
        topics { slug }
        about { __typename ... on Speaker { key } ... on Organization { key } }
        }
      }
    }
  }
}"#;

async fn everything(app: &TestApp) -> Value {
    app.data(EVERYTHING, json!({})).await["documents"].clone()
}

#[tokio::test]
async fn every_statement_is_exactly_where_its_span_says() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let documents = everything(&app).await;
        assert_eq!(
            documents["totalCount"], 5,
            "{backend:?}: five seed articles"
        );
        let mut per_document = Vec::new();
        for doc in documents["nodes"].as_array().expect("nodes") {
            let body: Vec<char> = doc["body"].as_str().expect("body").chars().collect();
            let statements = doc["statements"]["nodes"].as_array().expect("statements");
            assert_eq!(
                doc["statements"]["totalCount"].as_u64(),
                Some(statements.len() as u64)
            );
            for s in statements {
                let start = s["span"]["start"].as_u64().expect("start") as usize;
                let end = s["span"]["end"].as_u64().expect("end") as usize;
                assert!(
                    start < end && end <= body.len(),
                    "{backend:?}: span within the body: {s}"
                );
                let slice: String = body[start..end].iter().collect();
                assert_eq!(
                    slice,
                    s["text"].as_str().expect("text"),
                    "{backend:?}: body[span] == text"
                );
                assert!(
                    !s["speaker"].is_null() || !s["organization"].is_null(),
                    "{backend:?}: every statement is attributed: {s}"
                );
                assert!(
                    !s["topics"].as_array().expect("topics").is_empty(),
                    "{backend:?}: every statement has a topic: {s}"
                );
                assert_eq!(s["source"], "curated");
                assert_eq!(s["confidence"], 1.0);
            }
            per_document.push((
                doc["slug"].as_str().expect("slug").to_owned(),
                statements.len(),
            ));
        }
        let expected: Vec<(String, usize)> = STATEMENTS_PER_DOCUMENT
            .iter()
            .map(|(slug, n)| ((*slug).to_owned(), *n))
            .collect();
        assert_eq!(
            per_document, expected,
            "{backend:?}: statements per document"
        );
    }
}

#[tokio::test]
async fn bodies_carry_no_site_furniture() {
    let app = spawn_app(Backend::Sqlite).await;
    let documents = everything(&app).await;
    for doc in documents["nodes"].as_array().expect("nodes") {
        let body = doc["body"].as_str().expect("body");
        for furniture in ["Фото:", "©", "Читать по теме", "**", "logo", " date 20"]
        {
            assert!(
                !body.contains(furniture),
                "{} still contains {furniture:?}",
                doc["slug"]
            );
        }
        assert!(
            !body
                .split_whitespace()
                .any(|w| w.contains('@') && w.contains('.')),
            "{} still contains an e-mail address",
            doc["slug"]
        );
        assert!(!doc["title"].as_str().expect("title").is_empty());
    }
}

/// Every row of the seeded tables, ids included, in a comparable form.
async fn snapshot(app: &TestApp) -> BTreeMap<&'static str, Vec<String>> {
    let mut tables = BTreeMap::new();
    for (table, order) in [
        ("organization", "id"),
        ("speaker", "id"),
        ("affiliation", "speaker_id, organization_id, role"),
        ("alias", "folded, name"),
        ("topic", "id"),
        ("topic_keyword", "topic_id, lang, word"),
        ("document", "id"),
        ("statement", "id"),
        ("statement_topic", "statement_id, topic_id"),
        ("mention", "statement_id, speaker_id, organization_id"),
    ] {
        // Child rows are replaced on reload, so their own ids may change;
        // everything else must not.
        let columns = match table {
            "affiliation" => "speaker_id, organization_id, role, valid_from, valid_to",
            "alias" => "speaker_id, organization_id, name, lang, folded",
            "topic_keyword" => "topic_id, lang, word, folded",
            "mention" => "statement_id, speaker_id, organization_id",
            "document" => "id, slug, title, body, original, content_hash, published_on",
            "statement" => {
                "id, document_id, speaker_id, organization_id, kind, text, span_start, span_end, said_on"
            }
            _ => "*",
        };
        let sql = format!("SELECT {columns} FROM {table} ORDER BY {order}");
        let backend = app.db.get_database_backend();
        let rows = app
            .db
            .query_all_raw(Statement::from_string(backend, sql))
            .await
            .expect("the table reads");
        tables.insert(table, rows.iter().map(|r| format!("{r:?}")).collect());
    }
    tables
}

#[tokio::test]
async fn loading_twice_changes_nothing() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let before = snapshot(&app).await;
        assert!(
            before["statement"].len() >= 40,
            "{backend:?}: the corpus is loaded"
        );
        let report = seeding::load(&app.db, SeedScope::All)
            .await
            .expect("reloads");
        assert_eq!(report.documents, 5);
        assert_eq!(
            snapshot(&app).await,
            before,
            "{backend:?}: a reload leaves the same rows"
        );
    }
}

#[tokio::test]
async fn seed_modes_load_what_they_say() {
    for backend in backends() {
        let registry_only = spawn_app_with(backend, SeedMode::Registry).await;
        let data = registry_only
            .data("{ documents { totalCount } topics { slug } }", json!({}))
            .await;
        assert_eq!(
            data["documents"]["totalCount"], 0,
            "{backend:?}: registry mode loads no articles"
        );
        assert!(
            !data["topics"].as_array().expect("topics").is_empty(),
            "{backend:?}: but it loads topics"
        );

        let never = spawn_app_with(backend, SeedMode::Never).await;
        let data = never
            .data("{ documents { totalCount } topics { slug } }", json!({}))
            .await;
        assert_eq!(data["documents"]["totalCount"], 0);
        assert_eq!(
            data["topics"],
            json!([]),
            "{backend:?}: never means an empty database"
        );
    }
}

/// The entity key a stored alias leads to.
async fn resolve(app: &TestApp, name: &str) -> Vec<String> {
    let aliases = alias::Entity::find()
        .filter(alias::Column::Folded.eq(text::fold(name)))
        .all(&app.db)
        .await
        .expect("aliases read");
    let mut keys = Vec::new();
    for a in aliases {
        if let Some(id) = a.speaker_id {
            let s = speaker::Entity::find_by_id(id)
                .one(&app.db)
                .await
                .expect("reads")
                .expect("exists");
            keys.push(s.key);
        }
        if let Some(id) = a.organization_id {
            let o = organization::Entity::find_by_id(id)
                .one(&app.db)
                .await
                .expect("reads")
                .expect("exists");
            keys.push(o.key);
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

#[tokio::test]
async fn stored_aliases_lead_to_one_entity_in_either_script() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let tokayev = resolve(&app, "Tokayev").await;
        assert_eq!(
            tokayev.len(),
            1,
            "{backend:?}: Tokayev is one person: {tokayev:?}"
        );
        for spelling in ["Токаев", "Tokaev", "Kassym-Jomart Tokayev"] {
            assert_eq!(
                resolve(&app, spelling).await,
                tokayev,
                "{backend:?}: {spelling}"
            );
        }
        let kz_mfa = resolve(&app, "МИД РК").await;
        assert_eq!(kz_mfa.len(), 1, "{backend:?}: {kz_mfa:?}");
        for spelling in ["Kazakh MFA", "Ministry of Foreign Affairs of Kazakhstan"] {
            assert_eq!(
                resolve(&app, spelling).await,
                kz_mfa,
                "{backend:?}: {spelling}"
            );
        }
        let kg_mfa = resolve(&app, "МИД КР").await;
        assert_eq!(kg_mfa.len(), 1);
        assert_ne!(
            kg_mfa, kz_mfa,
            "{backend:?}: Kyrgyzstan's MFA is not Kazakhstan's"
        );
        assert!(
            resolve(&app, "МИД").await.is_empty(),
            "a bare МИД is ambiguous and resolves to nobody"
        );
        assert_eq!(
            resolve(&app, "Tileuberdi").await,
            resolve(&app, "Тлеуберди").await
        );
    }
}
