//! Exports for notebooks: the same filters as GraphQL, one row per statement.

use serde_json::{Value, json};

use crate::harness::{backends, spawn_app};

#[tokio::test]
async fn exports_answer_what_the_graphql_filter_answers() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let graphql = app
            .data(
                r#"{ statements(filter: { organization: "Kazakh MFA", topic: "расследование" }, orderBy: OLDEST_FIRST, first: 100) { nodes { id text } } }"#,
                json!({}),
            )
            .await;
        let expected: Vec<String> = graphql["statements"]["nodes"]
            .as_array()
            .expect("nodes")
            .iter()
            .map(|n| n["id"].as_str().expect("id").to_owned())
            .collect();
        assert!(!expected.is_empty());

        let response = app
            .client
            .get(format!("{}/export/statements.csv", app.address))
            .query(&[("organization", "Kazakh MFA"), ("topic", "расследование")])
            .send()
            .await
            .expect("answers");
        assert_eq!(response.status(), 200);
        assert!(
            response.headers()["content-type"]
                .to_str()
                .expect("ascii")
                .starts_with("text/csv")
        );
        let text = response.text().await.expect("a body");
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let headers = reader.headers().expect("a header row").clone();
        for column in [
            "id",
            "date",
            "speaker",
            "organization",
            "topics",
            "text",
            "document_title",
            "span_start",
        ] {
            assert!(
                headers.iter().any(|h| h == column),
                "{column} in {headers:?}"
            );
        }
        let ids: Vec<String> = reader
            .records()
            .map(|r| r.expect("a record")[0].to_owned())
            .collect();
        assert_eq!(
            ids, expected,
            "{backend:?}: the CSV holds what the query answers, in order"
        );

        let ndjson = app
            .client
            .get(format!("{}/export/statements.ndjson", app.address))
            .send()
            .await
            .expect("answers")
            .text()
            .await
            .expect("a body");
        let rows: Vec<Value> = ndjson
            .lines()
            .map(|l| serde_json::from_str(l).expect("a JSON line"))
            .collect();
        assert_eq!(
            rows.len(),
            55,
            "{backend:?}: every statement, one line each"
        );
        assert!(
            rows.iter()
                .all(|r| r["text"].is_string() && r["document_title"].is_string())
        );
    }
}

#[tokio::test]
async fn bad_export_parameters_are_explained() {
    let app = spawn_app(crate::harness::Backend::Sqlite).await;
    for (query, what) in [
        ("kind=LOUD", "an unknown kind"),
        ("saidFrom=yesterday", "a date that is not a date"),
        ("speaker=Nobody%20Atall", "an unknown speaker"),
        ("colour=red", "an unknown parameter"),
    ] {
        let response = app.get(&format!("/export/statements.csv?{query}")).await;
        assert_eq!(response.status(), 400, "{what}");
        let body: Value = response.json().await.expect("JSON");
        assert!(
            body["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{what}: {body}"
        );
    }
}
