//! The HTTP surface: GraphQL over POST and GET, health, the playground, the SDL.

use serde_json::json;

use crate::harness::{backends, spawn_app};

#[tokio::test]
async fn graphql_answers_over_post_and_get() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        assert_eq!(
            app.data("{ __typename }", json!({})).await,
            json!({ "__typename": "Query" }),
            "{backend:?}"
        );

        let response = app.get("/graphql?query=%7B%20__typename%20%7D").await;
        assert_eq!(response.status(), 200, "{backend:?}");
        let body: serde_json::Value = response.json().await.expect("JSON");
        assert_eq!(body["data"]["__typename"], "Query", "{backend:?}");
    }
}

#[tokio::test]
async fn health_and_readiness_answer() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        assert_eq!(app.get("/healthz").await.status(), 200, "{backend:?}");
        let ready = app.get("/readyz").await;
        assert_eq!(ready.status(), 200, "{backend:?}");
        assert!(
            ready.headers().contains_key("x-request-id"),
            "every response carries a request id"
        );
    }
}

#[tokio::test]
async fn readiness_fails_when_the_database_is_gone() {
    let app = spawn_app(crate::harness::Backend::Sqlite).await;
    app.db.clone().close().await.expect("the pool closes");
    assert_eq!(app.get("/readyz").await.status(), 503);
}

#[tokio::test]
async fn the_playground_is_served_and_needs_no_network() {
    let app = spawn_app(crate::harness::Backend::Sqlite).await;
    let response = app.get("/").await;
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .expect("ascii")
            .starts_with("text/html"),
        "the playground is HTML"
    );
    let page = response.text().await.expect("a body");
    assert!(page.contains("claimgraph"), "the page names the product");
    assert!(
        page.contains("/graphql"),
        "the page talks to this server's endpoint"
    );
    assert!(
        !page.contains("http://") && !page.contains("https://"),
        "the playground must not load anything from elsewhere"
    );
}

#[tokio::test]
async fn the_sdl_is_served_and_matches_the_checked_in_schema() {
    let app = spawn_app(crate::harness::Backend::Sqlite).await;
    let served = app
        .get("/schema.graphql")
        .await
        .text()
        .await
        .expect("a body");
    assert!(served.contains("interface Node"), "the SDL declares Node");
    assert!(
        served.contains("type Document implements Node"),
        "the SDL declares Document"
    );

    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../schema.graphql");
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(path, &served).expect("schema.graphql is writable");
    }
    let checked_in = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        checked_in == served,
        "schema.graphql is out of date: run `UPDATE_SCHEMA=1 cargo test --workspace` and commit it"
    );
}

#[tokio::test]
async fn every_error_carries_a_code() {
    let app = spawn_app(crate::harness::Backend::Sqlite).await;
    for (query, what) in [
        (
            "{ statements(first: 1) { nodes { text }",
            "a query that does not parse",
        ),
        ("{ statements { nodes { nonsense } } }", "an unknown field"),
        (
            r#"{ statements(filter: { saidFrom: "2022-13" }) { totalCount } }"#,
            "a date that is not a date",
        ),
        (
            r#"{ statements(filter: { kind: LOUD }) { totalCount } }"#,
            "an unknown enum value",
        ),
    ] {
        let body = app.graphql(query, json!({})).await;
        assert_eq!(
            crate::harness::error_code(&body),
            "BAD_USER_INPUT",
            "{what}: {body:#}"
        );
    }
}

#[tokio::test]
async fn metrics_count_requests_by_operation_and_outcome() {
    let app = spawn_app(crate::harness::Backend::Sqlite).await;
    app.data("query Mine { documents { totalCount } }", json!({}))
        .await;
    app.graphql(
        r#"{ statements(filter: { speaker: "Nobody Atall" }) { totalCount } }"#,
        json!({}),
    )
    .await;
    let response = app.get("/metrics").await;
    assert_eq!(response.status(), 200);
    let text = response.text().await.expect("a body");
    for line in [
        r#"claimgraph_graphql_requests_total{operation="query:documents",outcome="ok"}"#,
        r#"claimgraph_graphql_requests_total{operation="query:statements",outcome="error"}"#,
        "claimgraph_graphql_request_duration_seconds_bucket",
        "claimgraph_sql_statements_total",
        r#"claimgraph_db_pool_connections{state="open"}"#,
    ] {
        assert!(text.contains(line), "{line} missing from\n{text}");
    }
}
