//! Reposted articles: the same article ingested again from another outlet
//! (verbatim, or with its site furniture changed) is recorded as a copy of
//! the first, and its statements join the original's utterances; the same
//! text from the same outlet is still refused.

use entity::{document, statement};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

use crate::harness::{TestApp, backends, spawn_configured};

const KEY: &str = "test-key-0123456789abcdef";

const INGEST: &str = r#"
mutation Ingest($input: IngestDocumentInput!) {
  ingestDocument(input: $input) { id slug copyOf { id slug } copies { id } }
}"#;

/// An article of our own, with a quote attributed to a named person.
const ARTICLE: &str = "Exampleton council approves the river bridge\n\n\
The mayor of Exampleton, Jana Novak, said on Monday that the new river bridge would open in May.\n\n\
\"We have waited long enough for this crossing, and the city will not wait any longer,\" Novak told reporters at the site.\n\n\
The council approved the budget last year after a long debate about the cost of steel and the height of the arches.\n";

/// Another article about the same event, quoting the same words.
const SAME_EVENT: &str = "Residents split over Exampleton bridge\n\n\
Residents of Exampleton gathered at the river on Tuesday to argue about the bridge the council approved.\n\n\
\"We have waited long enough for this crossing, and the city will not wait any longer,\" the mayor, Jana Novak, said a day earlier.\n\n\
Opponents say the bridge will bring heavy traffic to quiet streets and want a referendum on the project.\n";

async fn ingest(app: &TestApp, text: &str, outlet: &str) -> Value {
    let body = app
        .graphql_as(
            KEY,
            INGEST,
            json!({ "input": { "text": text, "outlet": outlet, "language": "en", "publishedOn": "2026-11-30" } }),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body:#}");
    body["data"]["ingestDocument"].clone()
}

async fn row(app: &TestApp, slug: &Value) -> document::Model {
    document::Entity::find()
        .filter(document::Column::Slug.eq(slug.as_str().expect("a slug")))
        .one(&app.db)
        .await
        .expect("reads")
        .expect("stored")
}

async fn statements(app: &TestApp, document: i64) -> Vec<statement::Model> {
    statement::Entity::find()
        .filter(statement::Column::DocumentId.eq(document))
        .order_by_asc(statement::Column::SpanStart)
        .all(&app.db)
        .await
        .expect("reads")
}

#[tokio::test]
async fn a_repost_from_another_outlet_is_a_copy_in_the_originals_utterances() {
    for backend in backends() {
        let app =
            spawn_configured(backend, |s| s.api_key = Some(KEY.parse().expect("a key"))).await;
        let original = ingest(&app, ARTICLE, "Exampleton Gazette").await;
        assert!(original["copyOf"].is_null(), "{backend:?}: {original:#}");

        // Site furniture changed, from another outlet.
        let repost = format!(
            "Reposted by the Riverside Herald\n\n{}\nShare this article with your friends and family today.\n",
            ARTICLE.replace('"', "“")
        );
        let near = ingest(&app, &repost, "Riverside Herald").await;
        assert_eq!(
            near["copyOf"]["id"], original["id"],
            "{backend:?}: {near:#}"
        );

        // Verbatim, from a third outlet: a copy, not refused.
        let verbatim = ingest(&app, ARTICLE, "Northern Wire").await;
        assert_eq!(
            verbatim["copyOf"]["id"], original["id"],
            "{backend:?}: {verbatim:#}"
        );
        assert_ne!(verbatim["id"], original["id"]);

        // The same text from the same outlet: nothing added, as before.
        let before = document::Entity::find()
            .all(&app.db)
            .await
            .expect("reads")
            .len();
        let again = ingest(&app, ARTICLE, "Exampleton Gazette").await;
        assert_eq!(
            again["id"], original["id"],
            "{backend:?}: refused, the stored one"
        );
        let count = document::Entity::find()
            .all(&app.db)
            .await
            .expect("reads")
            .len();
        assert_eq!(
            count, before,
            "{backend:?}: the same text from the same outlet added nothing"
        );

        // A different article about the same event is not a copy.
        let other = ingest(&app, SAME_EVENT, "Riverside Herald").await;
        assert!(other["copyOf"].is_null(), "{backend:?}: {other:#}");

        let listed = app
            .data(
                "query($id: ID!) { node(id: $id) { ... on Document { copies { id copyOf { id } } } } }",
                json!({ "id": original["id"] }),
            )
            .await;
        let copies: Vec<&Value> = listed["node"]["copies"]
            .as_array()
            .expect("a list")
            .iter()
            .map(|c| &c["id"])
            .collect();
        assert_eq!(
            copies,
            vec![&near["id"], &verbatim["id"]],
            "{backend:?}: oldest first"
        );

        let first = row(&app, &original["slug"]).await;
        let first_statements = statements(&app, first.id).await;
        assert!(
            !first_statements.is_empty(),
            "{backend:?}: the quote is found"
        );
        for copy in [&near, &verbatim] {
            let stored = row(&app, &copy["slug"]).await;
            assert_eq!(stored.copy_of_id, Some(first.id));
            let theirs = statements(&app, stored.id).await;
            assert_eq!(theirs.len(), first_statements.len(), "{backend:?}");
            for (mine, original) in theirs.iter().zip(&first_statements) {
                assert_eq!(mine.text, original.text);
                assert_eq!(
                    mine.utterance_id, original.utterance_id,
                    "{backend:?}: in the original's utterance"
                );
                assert_eq!(mine.link_method.as_deref(), Some("copy"));
            }
        }
        for s in &first_statements {
            let utterance = entity::utterance::Entity::find_by_id(s.utterance_id.expect("placed"))
                .one(&app.db)
                .await
                .expect("reads")
                .expect("stored");
            assert!(
                utterance.report_count >= 3,
                "{backend:?}: counted with its copies"
            );
        }
    }
}

/// Counts of the test's article (the word "Exampleton") and of everything,
/// by default and with `includeCopies`, of statements and of utterances.
const COUNTS: &str = r#"
query($copies: Boolean) {
  plain: statements(filter: {text: "Exampleton"}) { totalCount }
  all: statements(filter: {text: "Exampleton", includeCopies: $copies}) {
    totalCount
    utterances: totalCount(distinctUtterances: true)
  }
  everything: statements { totalCount }
  everythingWithCopies: statements(filter: {includeCopies: true}) { totalCount }
  byMonth: statementCounts(by: MONTH) { count }
  byMonthUtterances: statementCounts(by: MONTH, distinctUtterances: true) { count }
  byOutlet: statementCounts(filter: {includeCopies: true}, by: DOCUMENT, distinctUtterances: true) { count }
}"#;

#[tokio::test]
async fn a_copy_is_not_counted_twice_and_utterances_count_once() {
    for backend in backends() {
        let app =
            spawn_configured(backend, |s| s.api_key = Some(KEY.parse().expect("a key"))).await;
        let original = ingest(&app, ARTICLE, "Exampleton Gazette").await;
        let first = row(&app, &original["slug"]).await;
        let reports = statements(&app, first.id).await.len() as i64;
        assert!(reports > 0, "{backend:?}: the quote is found");
        let before = app.data(COUNTS, json!({ "copies": false })).await;
        let everything = before["everything"]["totalCount"]
            .as_i64()
            .expect("a count");

        let copy = ingest(&app, ARTICLE, "Northern Wire").await;
        assert_eq!(copy["copyOf"]["id"], original["id"], "{backend:?}");

        let hidden = app.data(COUNTS, json!({ "copies": false })).await;
        assert_eq!(
            hidden["plain"]["totalCount"], before["plain"]["totalCount"],
            "{backend:?}: the copy's statements are not counted again: {hidden:#}"
        );
        assert_eq!(hidden["everything"]["totalCount"], json!(everything));
        assert_eq!(
            hidden["everythingWithCopies"]["totalCount"],
            json!(everything + reports),
            "{backend:?}: asked for, they are"
        );
        let by_month: i64 = hidden["byMonth"]
            .as_array()
            .expect("buckets")
            .iter()
            .map(|b| b["count"].as_i64().expect("a count"))
            .sum();
        assert_eq!(
            by_month, everything,
            "{backend:?}: the tally agrees with totalCount: {hidden:#}"
        );
        let wire = app
            .data(
                r#"{ statements(filter: {reportedBy: "Northern Wire"}) { totalCount } }"#,
                json!({}),
            )
            .await;
        assert_eq!(
            wire["statements"]["totalCount"],
            json!(reports),
            "{backend:?}: an outlet's own reports are its copies"
        );

        let shown = app.data(COUNTS, json!({ "copies": true })).await;
        let all = shown["all"]["totalCount"].as_i64().expect("a count");
        let utterances = shown["all"]["utterances"].as_i64().expect("a count");
        assert_eq!(
            all,
            2 * hidden["all"]["totalCount"].as_i64().expect("a count"),
            "{backend:?}: {shown:#}"
        );
        assert_eq!(
            utterances,
            hidden["all"]["utterances"].as_i64().expect("a count"),
            "{backend:?}: a copy reports the original's utterances: {shown:#}"
        );
        assert!(utterances < all, "{backend:?}: {shown:#}");
        // Both documents report every utterance of the article once.
        let outlets: Vec<i64> = shown["byOutlet"]
            .as_array()
            .expect("buckets")
            .iter()
            .map(|b| b["count"].as_i64().expect("a count"))
            .filter(|n| *n == reports)
            .collect();
        assert!(outlets.len() >= 2, "{backend:?}: {shown:#}");

        // Listed under the copy itself, its statements are there.
        let listed = app
            .data(
                "query($id: ID!) { node(id: $id) { ... on Document { statements { totalCount } } } }",
                json!({ "id": copy["id"] }),
            )
            .await;
        assert_eq!(
            listed["node"]["statements"]["totalCount"],
            json!(reports),
            "{backend:?}: {listed:#}"
        );
    }
}
