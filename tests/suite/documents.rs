//! The `documents` connection and `node(id:)`.

use serde_json::{Value, json};

use crate::harness::{backends, error_code, spawn_app};

const PAGE: &str = r#"
query Page($first: Int, $after: String, $last: Int, $before: String) {
  documents(first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { id slug } }
    nodes { slug }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}"#;

fn slugs(connection: &Value) -> Vec<String> {
    connection["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| n["slug"].as_str().expect("slug").to_owned())
        .collect()
}

#[tokio::test]
async fn pages_walk_forward_and_backward_over_every_document() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let all = app.data(PAGE, json!({ "first": 100 })).await["documents"].clone();
        let total = all["totalCount"].as_i64().expect("totalCount");
        assert!(total >= 2, "{backend:?}: the seed corpus has documents");
        let every = slugs(&all);
        assert_eq!(every.len() as i64, total);

        // Forward, two at a time.
        let mut seen = Vec::new();
        let mut after = Value::Null;
        loop {
            let page =
                app.data(PAGE, json!({ "first": 2, "after": after })).await["documents"].clone();
            assert_eq!(
                page["totalCount"].as_i64(),
                Some(total),
                "totalCount ignores the cursor"
            );
            seen.extend(slugs(&page));
            assert_eq!(page["pageInfo"]["hasPreviousPage"], !after.is_null());
            if page["pageInfo"]["hasNextPage"] == false {
                break;
            }
            after = page["pageInfo"]["endCursor"].clone();
        }
        assert_eq!(
            seen, every,
            "{backend:?}: walking forward visits each document once, in order"
        );

        // Backward from the end, two at a time.
        let mut seen_back = Vec::new();
        let mut before = Value::Null;
        loop {
            let page =
                app.data(PAGE, json!({ "last": 2, "before": before })).await["documents"].clone();
            let mut chunk = slugs(&page);
            chunk.extend(seen_back);
            seen_back = chunk;
            if page["pageInfo"]["hasPreviousPage"] == false {
                break;
            }
            before = page["pageInfo"]["startCursor"].clone();
        }
        assert_eq!(
            seen_back, every,
            "{backend:?}: walking backward visits each document once"
        );
    }
}

#[tokio::test]
async fn bad_page_arguments_are_user_errors() {
    let app = spawn_app(crate::harness::Backend::Sqlite).await;
    for variables in [
        json!({ "first": 101 }),
        json!({ "first": -1 }),
        json!({ "first": 1, "last": 1 }),
        json!({ "after": "not-a-cursor" }),
    ] {
        let body = app.graphql(PAGE, variables.clone()).await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{variables}: {body:#}");
        let message = body["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(!message.is_empty(), "the error says what was wrong");
    }
}

#[tokio::test]
async fn node_fetches_any_object_by_global_id() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let first = app
            .data("{ documents(first: 1) { nodes { id title } } }", json!({}))
            .await;
        let document = &first["documents"]["nodes"][0];
        let fetched = app
            .data(
                "query($id: ID!) { node(id: $id) { id __typename ... on Document { title } } }",
                json!({ "id": document["id"] }),
            )
            .await;
        assert_eq!(fetched["node"]["__typename"], "Document", "{backend:?}");
        assert_eq!(fetched["node"]["id"], document["id"]);
        assert_eq!(fetched["node"]["title"], document["title"]);

        let bad = app
            .graphql(r#"{ node(id: "nonsense") { id } }"#, json!({}))
            .await;
        assert_eq!(error_code(&bad), "BAD_USER_INPUT", "{backend:?}: {bad:#}");
    }
}

#[tokio::test]
async fn node_of_an_unknown_row_is_null() {
    let app = spawn_app(crate::harness::Backend::Sqlite).await;
    // "Document:999999" in the id encoding: valid, but no such row.
    let id = "RG9jdW1lbnQ6OTk5OTk5";
    let data = app
        .data(
            "query($id: ID!) { node(id: $id) { id } }",
            json!({ "id": id }),
        )
        .await;
    assert_eq!(data["node"], Value::Null);
}

/// A page of statements brings each one's document, speaker and
/// organization along in its own query; what they answer must be what the
/// same objects answer when fetched on their own, article text included.
#[tokio::test]
async fn joined_documents_speakers_and_organizations_are_whole() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let page = app
            .data(
                r#"{ statements(first: 100, orderBy: DOCUMENT_ORDER) { nodes {
                       id
                       document { id title body }
                       speaker { id name }
                       organization { id name }
                     } } }"#,
                json!({}),
            )
            .await;
        let nodes = page["statements"]["nodes"].as_array().expect("nodes");
        assert!(nodes.len() > 50, "{backend:?}");
        let mut organizations = 0;
        for node in nodes {
            let alone = app
                .data(
                    r#"query($id: ID!) { node(id: $id) { ... on Statement {
                         document { id title body }
                         speaker { id name }
                         organization { id name }
                       } } }"#,
                    json!({ "id": node["id"] }),
                )
                .await;
            let alone = &alone["node"];
            for field in ["document", "speaker", "organization"] {
                assert_eq!(node[field], alone[field], "{backend:?}: {field} of {node}");
            }
            assert!(
                node["document"]["body"]
                    .as_str()
                    .is_some_and(|b| b.len() > 500),
                "{backend:?}: the article's text"
            );
            organizations += usize::from(!node["organization"].is_null());
        }
        assert!(
            organizations > 0,
            "{backend:?}: some statements speak for an organization"
        );
    }
}
