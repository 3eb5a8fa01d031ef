//! Random valid and invalid GraphQL over HTTP: whatever arrives, the server
//! answers with a code, never an internal error, and keeps answering.

use proptest::prelude::*;
use serde_json::{Value, json};

use crate::harness::{Backend, TestApp, spawn_app};

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-zA-Zа-яА-Я0-9 «»\"'\\-.]{0,24}",
        Just("МИД РК".to_owned()),
        Just("Tokayev".to_owned()),
        Just("RG9jdW1lbnQ6MQ".to_owned()),
        "\\PC{0,12}",
    ]
}

fn any_int() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        (-5i64..130).prop_map(Value::from),
        any::<i32>().prop_map(Value::from)
    ]
}

fn filter() -> impl Strategy<Value = Value> {
    (
        proptest::option::of(any_text()),
        proptest::option::of(any_text()),
        proptest::option::of(any_text()),
        proptest::option::of(any_text()),
        proptest::option::of(prop_oneof![Just("DIRECT_QUOTE"), Just("PARAPHRASE")]),
        proptest::option::of(prop_oneof![
            Just("2022"),
            Just("2022-01"),
            Just("2022-02-01"),
            Just("2022-13"),
            Just("x")
        ]),
    )
        .prop_map(|(speaker, organization, topic, text, kind, from)| {
            let mut f = serde_json::Map::new();
            let mut put = |k: &str, v: Option<Value>| {
                if let Some(v) = v {
                    f.insert(k.to_owned(), v);
                }
            };
            put("speaker", speaker.map(Value::from));
            put("organization", organization.map(Value::from));
            put("topic", topic.map(Value::from));
            put("text", text.map(Value::from));
            put("kind", kind.map(Value::from));
            put("saidFrom", from.map(Value::from));
            Value::Object(f)
        })
}

/// A request: one of the root fields with random arguments, or random text.
fn request() -> impl Strategy<Value = Value> {
    let statements = (filter(), any_int(), any_int(), proptest::option::of(any_text())).prop_map(|(f, first, last, after)| {
        json!({
            "query": "query($f: StatementFilter, $first: Int, $last: Int, $after: String) { statements(filter: $f, first: $first, last: $last, after: $after) { totalCount pageInfo { endCursor } nodes { text context speaker { name } organization { name } topics { slug } about { __typename } } } }",
            "variables": { "f": f, "first": first, "last": last, "after": after }
        })
    });
    let counts = (filter(), prop_oneof![Just("TOPIC"), Just("MONTH"), Just("SPEAKER"), Just("NOPE")]).prop_map(|(f, by)| {
        json!({ "query": format!("query($f: StatementFilter) {{ statementCounts(filter: $f, by: {by}) {{ key count }} }}"), "variables": { "f": f } })
    });
    let named = (any_text(), any_int()).prop_map(|(name, first)| {
        json!({
            "query": "query($n: String!, $first: Int) { resolve(name: $n) { score } speakers(name: $n, first: $first) { totalCount } }",
            "variables": { "n": name, "first": first }
        })
    });
    let node = any_text().prop_map(|id| json!({ "query": "query($id: ID!) { node(id: $id) { id __typename } }", "variables": { "id": id } }));
    let garbage = "\\PC{0,60}".prop_map(|q| json!({ "query": q }));
    prop_oneof![statements, counts, named, node, garbage]
}

fn check(
    runtime: &tokio::runtime::Runtime,
    app: &TestApp,
    body: &Value,
) -> Result<(), TestCaseError> {
    let (status, answer) = runtime.block_on(async {
        let response = app
            .client
            .post(format!("{}/graphql", app.address))
            .json(body)
            .send()
            .await
            .expect("the server answers");
        let status = response.status().as_u16();
        (
            status,
            response.json::<Value>().await.unwrap_or(Value::Null),
        )
    });
    prop_assert!(
        status == 200 || status == 400,
        "status {} for {}",
        status,
        body
    );
    for error in answer["errors"].as_array().into_iter().flatten() {
        let code = error["extensions"]["code"].as_str().unwrap_or("<none>");
        prop_assert!(
            code != "INTERNAL" && code != "<none>",
            "{} for {}: {}",
            code,
            body,
            error
        );
    }
    Ok(())
}

#[test]
fn random_requests_never_cause_an_internal_error() {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let app = runtime.block_on(spawn_app(Backend::Sqlite));
    let config = ProptestConfig {
        cases: 192,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    proptest!(config, |(body in request())| {
        check(&runtime, &app, &body)?;
    });
    let healthy = runtime.block_on(async { app.get("/readyz").await.status() });
    assert_eq!(healthy, 200, "the server still answers");
}
