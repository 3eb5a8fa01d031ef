//! Lookups: `nodes(ids:)` in the order asked, `topic(key:)`,
//! `document(url:)`; and every `language` input checked as ISO 639-1.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};

use crate::harness::{TestApp, backends, error_code, spawn_app, spawn_configured};

const KEY: &str = "test-key-0123456789abcdef";

const NODES: &str = r#"
query Nodes($ids: [ID!]!) {
  nodes(ids: $ids) {
    __typename
    id
    ... on Statement { text }
    ... on Topic { slug }
  }
}"#;

/// The global id of row `row` of `type_name`, as the API writes it.
fn global_id(type_name: &str, row: i64) -> String {
    URL_SAFE_NO_PAD.encode(format!("{type_name}:{row}"))
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("a list")
        .iter()
        .map(|n| n["id"].as_str().expect("an id").to_owned())
        .collect()
}

/// `statements(first: n)`'s ids, newest first.
async fn statement_ids(app: &TestApp, n: i32) -> Vec<String> {
    let data = app
        .data(
            "query($n: Int!) { statements(first: $n) { nodes { id } } }",
            json!({ "n": n }),
        )
        .await;
    ids(&data["statements"]["nodes"])
}

#[tokio::test]
async fn nodes_answers_in_the_order_asked_with_null_for_what_names_nothing() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let statements = statement_ids(&app, 2).await;
        let data = app
            .data(
                "{ topics { id slug } documents(first: 1) { nodes { id } } speakers(first: 1) { nodes { id } } }",
                json!({}),
            )
            .await;
        let topic = data["topics"][0]["id"]
            .as_str()
            .expect("a topic")
            .to_owned();
        let slug = data["topics"][0]["slug"].clone();
        let document = ids(&data["documents"]["nodes"]).remove(0);
        let speaker = ids(&data["speakers"]["nodes"]).remove(0);
        let missing_statement = global_id("Statement", 987_654);
        let missing_speaker = global_id("Speaker", 987_654);
        let asked = json!([
            statements[1],
            missing_statement,
            topic,
            document,
            speaker,
            missing_speaker,
            statements[0],
            statements[1],
        ]);

        let body = app.graphql(NODES, json!({ "ids": asked })).await;
        assert!(
            body.get("errors").is_none(),
            "{backend:?}: no errors: {body:#}"
        );
        let nodes = body["data"]["nodes"].as_array().expect("a list").clone();
        let types: Vec<&str> = nodes
            .iter()
            .map(|n| n["__typename"].as_str().unwrap_or("null"))
            .collect();
        assert_eq!(
            types,
            [
                "Statement",
                "null",
                "Topic",
                "Document",
                "Speaker",
                "null",
                "Statement",
                "Statement"
            ],
            "{backend:?}"
        );
        for (i, node) in nodes.iter().enumerate() {
            if !node.is_null() {
                assert_eq!(node["id"], asked[i], "{backend:?}: place {i}");
            }
        }
        assert_eq!(nodes[2]["slug"], slug, "{backend:?}");
        assert_eq!(
            nodes[0], nodes[7],
            "{backend:?}: an id asked twice answers twice"
        );
        assert!(nodes[0]["text"].as_str().is_some_and(|t| !t.is_empty()));

        let empty = app.data(NODES, json!({ "ids": [] })).await;
        assert_eq!(empty["nodes"], json!([]), "{backend:?}");
    }
}

#[tokio::test]
async fn nodes_loads_in_batches_not_one_query_per_id() {
    for backend in backends() {
        // As in `query_cost`: loaders wait a little longer for their keys on
        // a busy machine, so that one level's batch is not split.
        let app = spawn_configured(backend, |s| s.loader_delay_ms = 20).await;
        let all = statement_ids(&app, 40).await;
        assert_eq!(all.len(), 40, "{backend:?}: the corpus has 40 statements");
        let query = r#"query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Statement { speaker { name } topics { slug } } } }"#;
        let mut cost = Vec::new();
        for n in [2, 40] {
            let mut fewest = u64::MAX;
            for _ in 0..5 {
                let before = app.sql.get();
                let data = app.data(query, json!({ "ids": all[..n] })).await;
                assert_eq!(ids(&data["nodes"]), all[..n], "{backend:?}");
                fewest = fewest.min(app.sql.get() - before);
            }
            cost.push(fewest);
        }
        eprintln!("{backend:?}: SQL statements for 2 and 40 ids: {cost:?}");
        assert_eq!(
            cost[0], cost[1],
            "{backend:?}: the cost does not grow with the ids"
        );
        // statements, speakers, topic links, topics
        assert!(cost[1] <= 4, "{backend:?}: {} statements", cost[1]);
    }
}

#[tokio::test]
async fn nodes_refuses_too_many_ids_malformed_ids_and_a_costly_selection() {
    for backend in backends() {
        let app = spawn_configured(backend, |s| s.max_complexity = 1000).await;
        let statement = statement_ids(&app, 1).await.remove(0);

        let too_many: Vec<String> = (1..=101).map(|i| global_id("Statement", i)).collect();
        let before = app.sql.get();
        let body = app.graphql(NODES, json!({ "ids": too_many })).await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{backend:?}: {body:#}");
        let message = body["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(message.contains("at most 100"), "{backend:?}: {message}");
        assert_eq!(app.sql.get(), before, "{backend:?}: refused before any SQL");
        let hundred: Vec<String> = (1..=100).map(|i| global_id("Statement", i)).collect();
        app.data(
            "query($ids: [ID!]!) { nodes(ids: $ids) { id } }",
            json!({ "ids": hundred }),
        )
        .await;

        let body = app
            .graphql(NODES, json!({ "ids": [statement, "not-an-id"] }))
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{backend:?}: {body:#}");
        let message = body["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(
            message.contains("`ids[1]`"),
            "{backend:?}: names the place: {message}"
        );

        // Each id costs what a `node` field selecting the same costs: a
        // hundred ids of twenty fields each pass no limit of 1000.
        let wide = "id ... on Statement { text context language kind said { iso } dated { iso } source confidence version reviewStatus span { start end } speaker { name key kind verified } }";
        let literal = |n: i64| {
            let list: Vec<String> = (1..=n)
                .map(|i| format!("{:?}", global_id("Statement", i)))
                .collect();
            format!("{{ nodes(ids: [{}]) {{ {wide} }} }}", list.join(", "))
        };
        let before = app.sql.get();
        let body = app.graphql(&literal(100), json!({})).await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{backend:?}: {body:#}");
        assert_eq!(app.sql.get(), before, "{backend:?}: refused before any SQL");
        let few = app.graphql(&literal(3), json!({})).await;
        assert!(
            few.get("errors").is_none(),
            "{backend:?}: three ids pass: {few:#}"
        );
    }
}

#[tokio::test]
async fn topics_are_found_by_slug_and_documents_by_url() {
    for backend in backends() {
        let app =
            spawn_configured(backend, |s| s.api_key = Some(KEY.parse().expect("a key"))).await;
        let query = r#"query($key: String!) { topic(key: $key) { slug labelEn } }"#;
        for key in ["investigation", " Investigation "] {
            let data = app.data(query, json!({ "key": key })).await;
            assert_eq!(
                data["topic"]["slug"], "investigation",
                "{backend:?}: {key:?}"
            );
        }
        let body = app.graphql(query, json!({ "key": "no-such-topic" })).await;
        assert_eq!(body, json!({ "data": { "topic": null } }), "{backend:?}");

        let url = "https://example.org/news/briefing";
        let ingest = r#"mutation($input: IngestDocumentInput!) { ingestDocument(input: $input) { id url } }"#;
        let mut stored = Vec::new();
        for text in [
            "The minister said on Monday that the investigation would be completed on time.",
            "The minister said on Monday that the investigation would be completed on time, and that observers were welcome.",
        ] {
            let body = app
                .graphql_as(
                    KEY,
                    ingest,
                    json!({ "input": { "text": text, "url": url, "language": "en" } }),
                )
                .await;
            assert!(body.get("errors").is_none(), "{backend:?}: {body:#}");
            stored.push(body["data"]["ingestDocument"]["id"].clone());
        }
        assert_ne!(stored[0], stored[1], "{backend:?}: two documents");

        let query = r#"query($url: String!) { document(url: $url) { id url title body } }"#;
        let data = app.data(query, json!({ "url": url })).await;
        assert_eq!(
            data["document"]["id"], stored[1],
            "{backend:?}: the latest of the URL"
        );
        assert_eq!(data["document"]["url"], url);
        assert!(
            data["document"]["body"]
                .as_str()
                .is_some_and(|b| b.contains("observers")),
            "{backend:?}: its body loads"
        );
        for unknown in ["https://example.org/elsewhere", ""] {
            let body = app.graphql(query, json!({ "url": unknown })).await;
            assert_eq!(
                body,
                json!({ "data": { "document": null } }),
                "{backend:?}: {unknown:?}"
            );
        }
    }
}

const ENGLISH_REFUSED: &str =
    "`language` must be an ISO 639-1 code such as \"en\" or \"ru\"; \"english\" is not one";

/// The first error's message, after checking its code is `BAD_USER_INPUT`.
fn refusal(body: &Value, what: &str) -> String {
    assert_eq!(error_code(body), "BAD_USER_INPUT", "{what}: {body:#}");
    body["errors"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn every_language_input_must_be_an_iso_639_1_code() {
    for backend in backends() {
        let app =
            spawn_configured(backend, |s| s.api_key = Some(KEY.parse().expect("a key"))).await;
        let language = json!({ "language": "english" });
        for (query, what) in [
            (
                "query($language: String) { statements(filter: { language: $language }) { totalCount } }",
                "StatementFilter.language",
            ),
            (
                "query($language: String) { statementCounts(by: KIND, filter: { language: $language }) { key } }",
                "statementCounts' filter",
            ),
            (
                "query($language: String) { documents(filter: { language: $language }) { totalCount } }",
                "DocumentFilter.language",
            ),
            (
                "query($language: String) { previewExtraction(text: \"The minister said so.\", language: $language) { text } }",
                "previewExtraction's language",
            ),
        ] {
            let body = app.graphql(query, language.clone()).await;
            assert_eq!(refusal(&body, what), ENGLISH_REFUSED, "{backend:?}: {what}");
        }

        let body = app
            .graphql_as(
                KEY,
                r#"mutation($language: String) { ingestDocument(input: { text: "The minister said that the inquiry goes on.", language: $language }) { id } }"#,
                language.clone(),
            )
            .await;
        assert_eq!(
            refusal(&body, "ingestDocument"),
            ENGLISH_REFUSED,
            "{backend:?}"
        );
        assert_eq!(
            app.data("{ documents { totalCount } }", json!({})).await["documents"]["totalCount"],
            5,
            "{backend:?}: nothing was stored"
        );

        let speaker = ids(&app
            .data("{ speakers(first: 1) { nodes { id } } }", json!({}))
            .await["speakers"]["nodes"])
        .remove(0);
        let body = app
            .graphql_as(
                KEY,
                r#"mutation($e: ID!, $language: String) { addAlias(entity: $e, name: "A New Name", language: $language) { id } }"#,
                json!({ "e": speaker, "language": "english" }),
            )
            .await;
        assert_eq!(refusal(&body, "addAlias"), ENGLISH_REFUSED, "{backend:?}");

        for format in ["csv", "ndjson"] {
            let response = app
                .client
                .get(format!("{}/export/statements.{format}", app.address))
                .query(&[("language", "english")])
                .send()
                .await
                .expect("answers");
            assert_eq!(response.status(), 400, "{backend:?}: {format}");
            let body: Value = response.json().await.expect("a JSON error");
            assert_eq!(body["code"], "BAD_USER_INPUT", "{backend:?}: {format}");
            assert_eq!(body["error"], ENGLISH_REFUSED, "{backend:?}: {format}");
        }

        // Two letters that are no language are refused too; a code in
        // capitals is the same code.
        let count = "query($language: String) { statements(filter: { language: $language }) { totalCount } }";
        let body = app.graphql(count, json!({ "language": "xx" })).await;
        assert!(
            refusal(&body, "xx").contains("\"xx\" is not one"),
            "{backend:?}"
        );
        let lower = app.data(count, json!({ "language": "en" })).await;
        let upper = app.data(count, json!({ "language": " EN " })).await;
        assert!(
            lower["statements"]["totalCount"].as_i64().unwrap_or(0) > 0,
            "{backend:?}"
        );
        assert_eq!(lower, upper, "{backend:?}");
        let documents = "query($language: String) { documents(filter: { language: $language }) { totalCount } }";
        assert_eq!(
            app.data(documents, json!({ "language": "RU" })).await,
            app.data(documents, json!({ "language": "ru" })).await,
            "{backend:?}"
        );
        let export = app
            .client
            .get(format!("{}/export/statements.ndjson", app.address))
            .query(&[("language", "RU")])
            .send()
            .await
            .expect("answers");
        assert_eq!(export.status(), 200, "{backend:?}");
        let rows = export.text().await.expect("a body");
        assert!(rows.lines().count() > 0, "{backend:?}");
        assert!(
            rows.lines().all(|l| l.contains(r#""language":"ru""#)),
            "{backend:?}: only Russian rows"
        );
    }
}
