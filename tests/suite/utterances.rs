//! Utterances (issue 17, part 1): one act of saying reported by several
//! statements, across outlets and languages. Articles of our own, one in
//! English and its report in Russian, are linked by the store as they are
//! ingested; the seed corpus's reports each have an utterance; curators link
//! and split. Every backend.

use entity::kinds::{DatePrecision, SpeakerKind, StatementKind};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

use crate::harness::{Keys, TestApp, backends, error_code, spawn_with_keys};

/// An English article of our own: a minister's figures and a promise.
const ENGLISH: &str = "Valdoria water shortage deepens\n\n\
Minister of Water Resources Tomas Brekke said on March 14 that 4,500 families in Valdoria and Ostrava had lost access to clean water after the floods.\n\n\
\"We will restore the supply to every household in Valdoria by the end of April,\" Brekke said.\n";

/// The same, reported in Russian by another outlet, with one more statement
/// of his that the English article does not carry.
const RUSSIAN: &str = "Нехватка воды в Вальдории\n\n\
Министр водных ресурсов Томас Брекке заявил 14 марта, что 4 500 семей в Вальдории и Остраве лишились доступа к чистой воде после наводнения.\n\n\
Кроме того, Брекке сообщил, что министерство закупит новые насосы у компании из Норвегии.\n";

async fn ingest(app: &TestApp, key: &str, text: &str, outlet: &str, language: &str) {
    let body = app
        .graphql_as(
            key,
            "mutation($i: IngestDocumentInput!) { ingestDocument(input: $i) { id } }",
            json!({ "i": { "text": text, "outlet": outlet, "language": language, "publishedOn": "2026-03-15" } }),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body:#}");
}

/// Brekke's statements: (id, text, utterance id, language).
async fn brekke(app: &TestApp) -> Vec<(String, String, String, String)> {
    let data = app
        .data(
            "{ statements(filter: {speaker: \"Brekke\"}, first: 50) { nodes { id text language utterance { id } } } }",
            json!({}),
        )
        .await;
    data["statements"]["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| {
            (
                n["id"].as_str().expect("id").to_owned(),
                n["text"].as_str().expect("text").to_owned(),
                n["utterance"]["id"].as_str().expect("utterance").to_owned(),
                n["language"].as_str().expect("language").to_owned(),
            )
        })
        .collect()
}

fn find<'a>(
    rows: &'a [(String, String, String, String)],
    words: &str,
) -> &'a (String, String, String, String) {
    rows.iter()
        .find(|r| r.1.contains(words))
        .unwrap_or_else(|| panic!("no statement with {words:?} in {rows:#?}"))
}

#[tokio::test]
async fn a_report_in_another_language_joins_the_utterance_it_reports() {
    for backend in backends() {
        let (
            app,
            Keys {
                ingest: ingester, ..
            },
            _dir,
        ) = spawn_with_keys(backend).await;
        ingest(&app, &ingester, ENGLISH, "Valdoria Times", "en").await;
        ingest(&app, &ingester, RUSSIAN, "Вести Остравы", "ru").await;
        let rows = brekke(&app).await;
        let figures_en = find(&rows, "4,500 families");
        let figures_ru = find(&rows, "4 500 семей");
        let pumps = find(&rows, "насосы");
        let promise = find(&rows, "restore the supply");
        assert_eq!(figures_en.2, figures_ru.2, "{backend:?}: {rows:#?}");
        assert_ne!(pumps.2, figures_en.2, "{backend:?}: another statement");
        assert_ne!(promise.2, figures_en.2, "{backend:?}: another statement");

        // The utterance: both reports, both languages, both outlets, and
        // how the Russian one was linked.
        let data = app
            .data(
                "query($id: ID!) { node(id: $id) { ... on Utterance { reportCount languages outlets speaker { name } statements { totalCount nodes { id utteranceLink { method score } } } } } }",
                json!({ "id": figures_en.2 }),
            )
            .await;
        let u = &data["node"];
        assert_eq!(u["reportCount"], 2, "{backend:?}: {u:#}");
        assert_eq!(u["languages"], json!(["en", "ru"]));
        assert_eq!(u["outlets"].as_array().map(Vec::len), Some(2), "{u:#}");
        assert_eq!(u["statements"]["totalCount"], 2);
        let methods: Vec<&Value> = u["statements"]["nodes"]
            .as_array()
            .expect("nodes")
            .iter()
            .map(|n| &n["utteranceLink"]["method"])
            .collect();
        assert!(methods.contains(&&json!("CROSS_LANGUAGE")), "{u:#}");

        // Most reported first; `minReports` and `reportedBy` narrow it.
        let data = app
            .data(
                "{ utterances(minReports: 2, filter: {speaker: \"Brekke\"}) { totalCount nodes { id reportCount } } \
                   ru: utterances(filter: {speaker: \"Brekke\", reportedBy: \"Вести Остравы\"}) { totalCount } \
                   all: utterances(first: 3) { nodes { reportCount } } }",
                json!({}),
            )
            .await;
        assert_eq!(data["utterances"]["totalCount"], 1, "{backend:?}: {data:#}");
        assert_eq!(data["utterances"]["nodes"][0]["id"], json!(figures_en.2));
        assert_eq!(data["ru"]["totalCount"], 2, "the figures and the pumps");
        let counts: Vec<i64> = data["all"]["nodes"]
            .as_array()
            .expect("nodes")
            .iter()
            .map(|n| n["reportCount"].as_i64().expect("a count"))
            .collect();
        assert!(counts.windows(2).all(|w| w[0] >= w[1]), "{counts:?}");

        // `claimgraph link` over the whole database keeps the link.
        claimgraph::services::utterances::link_all(&app.db)
            .await
            .expect("links");
        let again = brekke(&app).await;
        assert_eq!(
            find(&again, "4,500 families").2,
            find(&again, "4 500 семей").2,
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn curators_link_and_split_and_the_linker_leaves_their_decisions() {
    for backend in backends() {
        let (
            app,
            Keys {
                editor,
                ingest: ingester,
                ..
            },
            _dir,
        ) = spawn_with_keys(backend).await;
        ingest(&app, &ingester, ENGLISH, "Valdoria Times", "en").await;
        ingest(&app, &ingester, RUSSIAN, "Вести Остравы", "ru").await;
        let rows = brekke(&app).await;
        let figures_ru = find(&rows, "4 500 семей").clone();
        let pumps = find(&rows, "насосы").clone();
        let promise = find(&rows, "restore the supply").clone();

        // Only editors; one statement is not a link.
        let link =
            "mutation($ids: [ID!]!) { linkStatements(statementIds: $ids) { id reportCount } }";
        let refused = app
            .graphql_as(&ingester, link, json!({ "ids": [promise.0, pumps.0] }))
            .await;
        assert_eq!(error_code(&refused), "FORBIDDEN", "{refused:#}");
        let one = app
            .graphql_as(&editor, link, json!({ "ids": [promise.0] }))
            .await;
        assert_eq!(error_code(&one), "BAD_USER_INPUT", "{one:#}");

        // The promise and the pumps: put together by a person.
        let body = app
            .graphql_as(&editor, link, json!({ "ids": [promise.0, pumps.0] }))
            .await;
        assert!(body.get("errors").is_none(), "{body:#}");
        assert_eq!(body["data"]["linkStatements"]["reportCount"], 2);

        // The Russian figures: split off their utterance.
        let body = app
            .graphql_as(
                &editor,
                "mutation($id: ID!) { unlinkStatement(statementId: $id) { utterance { id reportCount } utteranceLink { method } history { action } } }",
                json!({ "id": figures_ru.0 }),
            )
            .await;
        assert!(body.get("errors").is_none(), "{body:#}");
        let split = &body["data"]["unlinkStatement"];
        assert_eq!(split["utterance"]["reportCount"], 1, "{split:#}");
        assert_eq!(split["utteranceLink"]["method"], "SPLIT");
        assert!(
            split["history"]
                .as_array()
                .expect("history")
                .iter()
                .any(|h| h["action"] == "LINK"),
            "{split:#}"
        );

        // The linker over the whole database changes neither decision.
        claimgraph::services::utterances::link_all(&app.db)
            .await
            .expect("links");
        let after = brekke(&app).await;
        assert_eq!(
            find(&after, "restore the supply").2,
            find(&after, "насосы").2
        );
        assert_ne!(
            find(&after, "4 500 семей").2,
            find(&after, "4,500 families").2
        );
    }
}

#[tokio::test]
async fn every_seed_statement_reports_an_utterance_and_tokayevs_refusal_is_one_query() {
    for backend in backends() {
        let (app, _, _dir) = spawn_with_keys(backend).await;
        let data = app
            .data(
                "{ statements(first: 100) { totalCount nodes { utterance { reportCount } } } \
                   utterances { totalCount } \
                   refusal: utterances(filter: {speaker: \"Tokayev\", stance: {proposition: \"international_investigation\", position: AGAINST}}) { nodes { reportCount outlets languages statements { nodes { text } } } } }",
                json!({}),
            )
            .await;
        let total = data["statements"]["totalCount"].as_i64().expect("a count");
        let reports: i64 = data["statements"]["nodes"]
            .as_array()
            .expect("nodes")
            .iter()
            .map(|n| n["utterance"]["reportCount"].as_i64().expect("a count"))
            .filter(|c| *c >= 1)
            .count() as i64;
        assert_eq!(
            reports, total,
            "{backend:?}: every statement has an utterance"
        );
        assert!(data["utterances"]["totalCount"].as_i64().expect("a count") <= total);
        let refusal = &data["refusal"]["nodes"];
        assert_eq!(refusal.as_array().map(Vec::len), Some(1), "{refusal:#}");
        assert!(
            refusal[0]["statements"]["nodes"][0]["text"]
                .as_str()
                .expect("text")
                .contains("we can do it ourselves")
        );
    }
}

/// Two articles of our own, each with a lead that restates a quotation and
/// the quotation: (document slug, kind, text).
const LEADS_AND_QUOTES: [(&str, StatementKind, &str); 5] = [
    (
        "brekke-a",
        StatementKind::Paraphrase,
        "Minister Tomas Brekke said he could not comment on reports by unnamed sources, as he did not know them, that the pump contract with Nordvann had been cancelled.",
    ),
    (
        "brekke-a",
        StatementKind::DirectQuote,
        "I cannot comment on that. I do not know who these sources are, so I do not consider it possible to comment.",
    ),
    (
        "brekke-b",
        StatementKind::Paraphrase,
        "Tomas Brekke refused to comment on a report, citing unnamed sources, that the Nordvann pump contract was cancelled.",
    ),
    (
        "brekke-b",
        StatementKind::DirectQuote,
        "I cannot comment. I do not know these sources, so I do not consider it possible to comment on their report.",
    ),
    (
        "brekke-b",
        StatementKind::Paraphrase,
        "The ministry will buy new pumps from a company in Norway next year.",
    ),
];

/// Stores the statements of [`LEADS_AND_QUOTES`] through the store (which
/// links them), one article at a time; returns their utterances, in order.
async fn store_leads_and_quotes(db: &sea_orm::DatabaseConnection) -> Vec<Option<i64>> {
    use claimgraph::services::store::{self, NewStatement};
    use sea_orm::{ActiveModelTrait, EntityTrait, Set};

    let now = entity::timestamps::now();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 15).expect("a date");
    let speaker = entity::speaker::ActiveModel {
        key: Set("tomas-brekke-leads".to_owned()),
        name: Set("Tomas Brekke".to_owned()),
        kind: Set(SpeakerKind::Person),
        description: Set(None),
        verified: Set(true),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("a speaker");
    let mut ids = Vec::new();
    for slug in ["brekke-a", "brekke-b"] {
        let texts: Vec<(StatementKind, &str)> = LEADS_AND_QUOTES
            .iter()
            .filter(|(s, _, _)| *s == slug)
            .map(|(_, kind, text)| (*kind, *text))
            .collect();
        let body = texts
            .iter()
            .map(|(_, t)| *t)
            .collect::<Vec<_>>()
            .join("\n\n");
        let txn = claimgraph::database::begin_write(db)
            .await
            .expect("a transaction");
        let document = entity::document::ActiveModel {
            slug: Set(slug.to_owned()),
            title: Set(slug.to_owned()),
            title_is_editorial: Set(true),
            url: Set(None),
            outlet_id: Set(None),
            language: Set("en".to_owned()),
            published_on: Set(Some(day)),
            published_precision: Set(Some(DatePrecision::Day)),
            body: Set(body.clone()),
            original: Set(body.clone()),
            content_hash: Set(format!("{slug}-hash")),
            ingested_at: Set(now),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await
        .expect("a document");
        let mut start = 0;
        let statements: Vec<NewStatement> = texts
            .iter()
            .map(|(kind, text)| {
                let length = text.chars().count() as i32;
                let s = NewStatement {
                    document_id: document.id,
                    speaker_id: Some(speaker.id),
                    organization_id: None,
                    kind: *kind,
                    text: (*text).to_owned(),
                    span_start: start,
                    span_end: start + length,
                    language: "en".to_owned(),
                    said_on: None,
                    said_precision: None,
                    dated_on: day,
                    dated_precision: Some(DatePrecision::Day),
                    source: store::CURATED.to_owned(),
                    confidence: 1.0,
                    created_at: now,
                    topic_ids: Vec::new(),
                    about: Vec::new(),
                };
                start += length + 2;
                s
            })
            .collect();
        ids.extend(store::add(&txn, &statements).await.expect("stores"));
        txn.commit().await.expect("commits");
    }
    let mut out = Vec::new();
    for id in ids {
        let row = entity::statement::Entity::find_by_id(id)
            .one(db)
            .await
            .expect("reads")
            .expect("stored");
        out.push(row.utterance_id);
    }
    out
}

#[tokio::test]
async fn a_lead_and_the_quotation_it_restates_are_one_utterance_across_outlets() {
    for backend in backends() {
        let (app, _, _dir) = spawn_with_keys(backend).await;
        let u = store_leads_and_quotes(&app.db).await;
        // Each lead went with the other lead, each quotation with the
        // other quotation; the second quotation matches the first lead too,
        // and its article's lead is already there: one utterance.
        assert!(u.iter().all(Option::is_some), "{backend:?}: {u:?}");
        assert_eq!(u[0], u[2], "{backend:?}: the leads: {u:?}");
        assert_eq!(u[1], u[3], "{backend:?}: the quotations: {u:?}");
        assert_eq!(u[0], u[1], "{backend:?}: lead and quotation: {u:?}");
        assert_ne!(u[4], u[0], "{backend:?}: another statement: {u:?}");

        // `claimgraph link` over the whole database finds the same.
        claimgraph::services::utterances::link_all(&app.db)
            .await
            .expect("links");
        let rows = entity::statement::Entity::find()
            .filter(entity::statement::Column::Text.is_in(LEADS_AND_QUOTES.map(|(_, _, t)| t)))
            .order_by_asc(entity::statement::Column::Id)
            .all(&app.db)
            .await
            .expect("reads");
        let again: Vec<Option<i64>> = rows.iter().map(|r| r.utterance_id).collect();
        assert_eq!(again.len(), 5);
        assert!(
            again[..4].iter().all(|x| *x == again[0]),
            "{backend:?}: {again:?}"
        );
        assert_ne!(again[4], again[0]);
    }
}
