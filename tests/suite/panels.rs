//! Panels fail alone: a root field whose filter names nothing is null beside
//! its error, and the request's other fields still answer; a statement page
//! echoes what each name of its filter resolved to (`matched`).

use serde_json::{Value, json};

use crate::harness::{backends, spawn_configured};

const KEY: &str = "test-key-0123456789abcdef";

/// The error whose `path` is `[field]`.
fn error_at<'a>(body: &'a Value, field: &str) -> &'a Value {
    body["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .find(|e| e["path"] == json!([field]))
        .unwrap_or_else(|| panic!("an error at {field}: {body:#}"))
}

#[tokio::test]
async fn an_unknown_name_nulls_its_own_panel_and_the_others_answer() {
    for backend in backends() {
        let app = spawn_configured(backend, |_| {}).await;
        let body = app
            .graphql(
                r#"{
                  known: statements(filter: { speaker: "Tokayev" }, first: 2) { totalCount nodes { id } }
                  unknown: statements(filter: { speaker: "Tokayez" }, first: 2) { totalCount nodes { id } }
                  counts: statementCounts(filter: { speaker: "Tokayez" }, by: LANGUAGE) { key count }
                  nobody: speakers(name: "Tokayez") { totalCount }
                  topics { slug }
                }"#,
                json!({}),
            )
            .await;
        let data = &body["data"];
        assert!(
            data["known"]["totalCount"].as_i64().unwrap_or(0) > 0,
            "{backend:?}: the known panel answers: {body:#}"
        );
        assert!(data["topics"].as_array().is_some_and(|t| !t.is_empty()));
        for field in ["unknown", "counts", "nobody"] {
            assert_eq!(data[field], Value::Null, "{backend:?}: {field}: {body:#}");
            let error = error_at(&body, field);
            assert_eq!(
                error["extensions"]["code"], "BAD_USER_INPUT",
                "{backend:?}: {field}: {body:#}"
            );
        }
        assert!(
            error_at(&body, "unknown")["extensions"]["suggestions"]
                .as_array()
                .is_some_and(|s| !s.is_empty()),
            "{backend:?}: the unknown name comes with suggestions: {body:#}"
        );
        assert_eq!(body["errors"].as_array().map(Vec::len), Some(3), "{body:#}");
    }
}

const MATCHED: &str = r#"query($filter: StatementFilter) {
  statements(filter: $filter, first: 1) {
    matched { field name entities { __typename id } }
  }
}"#;

#[tokio::test]
async fn matched_echoes_what_each_name_resolved_to() {
    for backend in backends() {
        let app =
            spawn_configured(backend, |s| s.api_key = Some(KEY.parse().expect("a key"))).await;
        let ids = |data: &Value, field: &str| -> Vec<String> {
            data["speakers"]["nodes"]
                .as_array()
                .unwrap_or_else(|| panic!("{field}: {data:#}"))
                .iter()
                .map(|n| n["id"].as_str().expect("an id").to_owned())
                .collect()
        };
        let tokayev = ids(
            &app.data(
                r#"{ speakers(name: "Tokayev") { nodes { id } } }"#,
                json!({}),
            )
            .await,
            "Tokayev",
        );
        assert_eq!(tokayev.len(), 1, "{backend:?}: {tokayev:?}");

        let data = app
            .data(
                MATCHED,
                json!({ "filter": { "speaker": "Tokayev", "language": "en" } }),
            )
            .await;
        assert_eq!(
            data["statements"]["matched"],
            json!([{ "field": "speaker", "name": "Tokayev",
                     "entities": [{ "__typename": "Speaker", "id": tokayev[0] }] }]),
            "{backend:?}"
        );
        let data = app.data(MATCHED, json!({})).await;
        assert_eq!(data["statements"]["matched"], json!([]), "{backend:?}");

        // A second speaker known as "Tokayev" too: the name now means both.
        let nazarbayev = ids(
            &app.data(
                r#"{ speakers(name: "Nazarbayev") { nodes { id } } }"#,
                json!({}),
            )
            .await,
            "Nazarbayev",
        );
        assert_eq!(nazarbayev.len(), 1, "{backend:?}: {nazarbayev:?}");
        let body = app
            .graphql_as(
                KEY,
                "mutation($id: ID!) { addAlias(entity: $id, name: \"Tokayev\") { id } }",
                json!({ "id": nazarbayev[0] }),
            )
            .await;
        assert!(body.get("errors").is_none(), "{backend:?}: {body:#}");
        let data = app
            .data(MATCHED, json!({ "filter": { "speaker": "Tokayev" } }))
            .await;
        let matched = &data["statements"]["matched"];
        assert_eq!(matched.as_array().map(Vec::len), Some(1), "{matched:#}");
        assert_eq!(matched[0]["field"], "speaker");
        assert_eq!(matched[0]["name"], "Tokayev");
        let mut got: Vec<&str> = matched[0]["entities"]
            .as_array()
            .expect("entities")
            .iter()
            .map(|e| e["id"].as_str().expect("an id"))
            .collect();
        got.sort_unstable();
        let mut want = vec![tokayev[0].as_str(), nazarbayev[0].as_str()];
        want.sort_unstable();
        assert_eq!(got, want, "{backend:?}: both speakers are listed");
    }
}
