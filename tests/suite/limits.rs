//! Hostile and malformed requests are refused clearly, before any database work.

use serde_json::{Value, json};

use crate::harness::{Backend, backends, error_code, spawn_app, spawn_configured};

/// The introspection query GraphiQL-style tools send, with its deep `ofType` chain.
const INTROSPECTION: &str = r#"
query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}"#;

#[tokio::test]
async fn the_standard_introspection_query_is_allowed() {
    let app = spawn_app(Backend::Sqlite).await;
    let data = app.data(INTROSPECTION, json!({})).await;
    assert_eq!(data["__schema"]["queryType"]["name"], "Query");
}

#[tokio::test]
async fn deep_wide_and_costly_queries_are_refused_before_the_database() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let deep = format!(
            "{{ documents {{ nodes {{ {} id {} }} }} }}",
            "outlet { parent { ".repeat(12),
            "} } ".repeat(12)
        );
        let aliases: String = (0..300).map(|i| format!("a{i}: __typename ")).collect();
        let flood = format!("{{ {aliases} }}");
        let costly = "{ documents(first: 100) { nodes { statements(first: 100) { nodes { topics { statements(first: 100) { nodes { text } } } } } } } }";
        // Each twice: a document is parsed once and kept by its text, and
        // what was refused is refused again.
        for (query, what) in [
            (deep.as_str(), "25 levels"),
            (flood.as_str(), "300 aliases"),
            (costly, "a million nodes"),
        ]
        .into_iter()
        .flat_map(|refused| [refused, refused])
        {
            let before = app.sql.get();
            let body = app.graphql(query, json!({})).await;
            assert_eq!(error_code(&body), "BAD_USER_INPUT", "{what}: {body:#}");
            assert_eq!(app.sql.get(), before, "{what}: refused before any SQL ran");
        }
    }
}

/// The same text with other variables is the same document, answered for
/// its own variables: `@include` and `@skip` follow each request's, and a
/// page size over the limit is refused for the request that asks for it.
#[tokio::test]
async fn one_text_answers_each_requests_variables() {
    let app = spawn_app(Backend::Sqlite).await;
    let query = "query($total: Boolean!, $first: Int) { \
                   statements(first: $first) { totalCount @include(if: $total) nodes { id } } }";
    for (total, first) in [(false, 2), (true, 3), (false, 1), (true, 2)] {
        let data = app
            .data(query, json!({ "total": total, "first": first }))
            .await;
        let statements = &data["statements"];
        assert_eq!(
            statements.get("totalCount").is_some(),
            total,
            "totalCount as $total says ({total}): {statements}"
        );
        assert_eq!(
            statements["nodes"].as_array().map(Vec::len),
            Some(first as usize),
            "{statements}"
        );
    }
    let body = app
        .graphql(query, json!({ "total": true, "first": 100_000 }))
        .await;
    assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body:#}");
}

#[tokio::test]
async fn only_json_posts_and_get_queries_run() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let url = format!("{}/graphql", app.address);

        let plain = app
            .client
            .post(&url)
            .header("content-type", "text/plain")
            .body(r#"{"query":"{ __typename }"}"#)
            .send()
            .await
            .expect("answers");
        assert_eq!(
            plain.status(),
            415,
            "a cross-site text/plain POST does not run"
        );

        let batch = app
            .client
            .post(&url)
            .json(&json!([{ "query": "{ __typename }" }, { "query": "{ __typename }" }]))
            .send()
            .await
            .expect("answers");
        assert_eq!(batch.status(), 400);
        let body: Value = batch.json().await.expect("JSON");
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{body}");

        let mutation = app
            .client
            .get(&url)
            .query(&[(
                "query",
                r#"mutation { ingestDocument(input: { text: "x" }) { id } }"#,
            )])
            .send()
            .await
            .expect("answers");
        assert_eq!(mutation.status(), 405, "a mutation over GET is refused");

        let huge = format!(
            r#"{{"query":"{{ __typename }}","variables":{{"x":"{}"}}}}"#,
            "a".repeat(2 * 1024 * 1024)
        );
        let too_big = app
            .client
            .post(&url)
            .header("content-type", "application/json")
            .body(huge)
            .send()
            .await
            .expect("answers");
        assert_eq!(too_big.status(), 413);
    }
}

#[tokio::test]
async fn introspection_and_the_playground_can_be_switched_off() {
    for backend in backends() {
        let app = spawn_configured(backend, |s| {
            s.introspection = false;
            s.playground = false;
        })
        .await;
        let body = app
            .graphql("{ __schema { types { name } } }", json!({}))
            .await;
        assert_eq!(
            body["data"]["__schema"],
            Value::Null,
            "introspection is off: {body:#}"
        );
        let body = app.graphql("{ documentz { totalCount } }", json!({})).await;
        let message = body["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(
            !message.contains("Did you mean"),
            "no field suggestions: {message}"
        );
        assert_eq!(app.get("/").await.status(), 404, "no playground");
        assert_eq!(
            app.data("{ documents { totalCount } }", json!({})).await["documents"]["totalCount"],
            5
        );
    }
}

#[tokio::test]
async fn a_request_over_its_time_is_stopped_with_a_code() {
    for backend in backends() {
        let app = spawn_configured(backend, |s| s.request_timeout_ms = 1).await;
        let body = app
        .graphql(
            "{ statements(first: 100) { totalCount nodes { context speaker { affiliations { organization { name } } } } } }",
            json!({}),
        )
        .await;
        assert_eq!(error_code(&body), "TIMEOUT", "{body:#}");
    }
}

#[tokio::test]
async fn requests_over_the_concurrency_limit_are_shed_not_queued() {
    for backend in backends() {
        let app = spawn_configured(backend, |s| s.max_concurrent_requests = 1).await;
        let query = json!({ "query": "{ statements(first: 100) { totalCount nodes { context topics { slug } } } }" });
        let mut requests = tokio::task::JoinSet::new();
        for _ in 0..24 {
            let request = app
                .client
                .post(format!("{}/graphql", app.address))
                .json(&query)
                .send();
            requests.spawn(request);
        }
        let responses = requests.join_all().await;
        let mut shed = 0;
        for response in responses {
            let response = response.expect("answers");
            match response.status().as_u16() {
                200 => {}
                503 => {
                    assert_eq!(response.headers()["retry-after"], "1");
                    shed += 1;
                }
                other => panic!("unexpected status {other}"),
            }
        }
        assert!(
            shed > 0,
            "24 requests at once over a limit of 1: some are shed"
        );
        assert_eq!(
            app.get("/healthz").await.status(),
            200,
            "health checks are never shed"
        );
    }
}

#[tokio::test]
async fn a_client_over_its_rate_is_told_to_wait() {
    for backend in backends() {
        let app = spawn_configured(backend, |s| s.rate_limit_per_second = 1).await;
        let mut statuses = Vec::new();
        for _ in 0..6 {
            let response = app
                .client
                .post(format!("{}/graphql", app.address))
                .json(&json!({ "query": "{ __typename }" }))
                .send()
                .await
                .expect("answers");
            if response.status() == 429 {
                assert!(
                    response.headers().contains_key("retry-after"),
                    "says when to come back"
                );
            }
            statuses.push(response.status().as_u16());
        }
        assert_eq!(statuses[0], 200, "{statuses:?}");
        assert!(
            statuses.contains(&429),
            "six at once over a rate of one a second: {statuses:?}"
        );
        assert_eq!(
            app.get("/healthz").await.status(),
            200,
            "health checks are not limited"
        );
    }
}
