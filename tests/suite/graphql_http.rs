//! GraphQL over HTTP: media types, status codes, and the playground for browsers.

use serde_json::{Value, json};

use crate::harness::{Backend, spawn_app};

async fn post(app: &crate::harness::TestApp, accept: &str, query: &str) -> (u16, String, Value) {
    let response = app
        .client
        .post(format!("{}/graphql", app.address))
        .header("accept", accept)
        .json(&json!({ "query": query }))
        .send()
        .await
        .expect("answers");
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let body = response.json().await.unwrap_or(Value::Null);
    (status, content_type, body)
}

#[tokio::test]
async fn the_graphql_response_media_type_brings_its_status_codes() {
    let app = spawn_app(Backend::Sqlite).await;
    let gql = "application/graphql-response+json";

    let (status, content_type, body) = post(&app, gql, "{ documents { totalCount } }").await;
    assert_eq!((status, content_type.as_str()), (200, gql));
    assert_eq!(body["data"]["documents"]["totalCount"], 5);

    let (status, _, body) = post(&app, gql, "{ documents { totalCount }").await;
    assert_eq!(status, 400, "a request that does not parse: {body}");
    assert!(
        body.get("data").is_none(),
        "no data entry for a request error: {body}"
    );

    let (status, _, body) = post(&app, gql, "{ documents { nonsense } }").await;
    assert_eq!(status, 400, "a request that does not validate: {body}");

    let (status, _, body) = post(
        &app,
        gql,
        r#"{ statements(filter: { speaker: "Nobody Atall" }) { totalCount } }"#,
    )
    .await;
    assert_eq!(status, 200, "an execution error is still a 200: {body}");
    assert!(body["errors"].is_array());
}

#[tokio::test]
async fn plain_json_clients_keep_200_for_graphql_errors() {
    let app = spawn_app(Backend::Sqlite).await;
    let (status, content_type, body) =
        post(&app, "application/json", "{ documents { totalCount }").await;
    assert_eq!((status, content_type.as_str()), (200, "application/json"));
    assert!(body["errors"].is_array());

    let (status, _, _) = post(&app, "text/plain", "{ __typename }").await;
    assert_eq!(status, 406, "a client that takes no JSON is told so");
}

#[tokio::test]
async fn a_browser_opening_the_endpoint_gets_the_playground() {
    let app = spawn_app(Backend::Sqlite).await;
    let response = app
        .client
        .get(format!("{}/graphql", app.address))
        .header("accept", "text/html,application/xhtml+xml")
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), 200);
    assert!(
        response
            .text()
            .await
            .expect("a body")
            .contains("claimgraph playground")
    );
}

#[tokio::test]
async fn only_configured_origins_may_call_from_a_browser() {
    let app = crate::harness::spawn_configured(Backend::Sqlite, |s| {
        s.cors_origins = vec!["https://app.example.org".to_owned()];
    })
    .await;
    let preflight = |origin: &'static str| {
        app.client
            .request(reqwest::Method::OPTIONS, format!("{}/graphql", app.address))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "content-type,authorization",
            )
            .send()
    };
    let allowed = preflight("https://app.example.org").await.expect("answers");
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://app.example.org"
    );
    let methods = allowed.headers()["access-control-allow-methods"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(methods.contains("POST"), "{methods}");

    let refused = preflight("https://elsewhere.example.com")
        .await
        .expect("answers");
    assert!(
        refused
            .headers()
            .get("access-control-allow-origin")
            .is_none()
    );
}

#[tokio::test]
async fn fields_come_back_in_the_order_the_query_selected_them() {
    let app = spawn_app(Backend::Sqlite).await;
    let text = app
        .client
        .post(format!("{}/graphql", app.address))
        .json(&json!({ "query": "{ documents(first: 1) { nodes { title slug language } } }" }))
        .send()
        .await
        .expect("answers")
        .text()
        .await
        .expect("a body");
    let (title, slug, language) = (
        text.find("\"title\""),
        text.find("\"slug\""),
        text.find("\"language\""),
    );
    assert!(title < slug && slug < language, "{text}");
}

/// The answer's fields come in the order the query asks for them: the
/// README's headline shows `totalCount` above the page, however long the
/// count takes to compute.
#[tokio::test]
async fn fields_answer_in_the_order_asked() {
    let app = spawn_app(Backend::Sqlite).await;
    let body = reqwest::Client::new()
        .post(format!("{}/graphql", app.address))
        .json(&json!({ "query": r#"{ statements(filter: {organization: "МИД РК", topic: "investigation"}) {
            totalCount
            nodes { text }
            utterances: totalCount(distinctUtterances: true)
        } }"# }))
        .send()
        .await
        .expect("the server answers")
        .text()
        .await
        .expect("a body");
    let at = |key: &str| body.find(key).unwrap_or_else(|| panic!("{key} in {body}"));
    assert!(
        at("\"totalCount\"") < at("\"nodes\"") && at("\"nodes\"") < at("\"utterances\""),
        "{body}"
    );
}
