//! Multi-select and negated filters: a plural field matches any of its
//! values, `anyOf` any of its filters, `not` what its filter does not; the
//! singular fields keep working beside them; the exports take a plural
//! field as a repeated parameter. Checked as sets of statements against the
//! one-value filters they are made of, on the seed corpus.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::harness::{TestApp, backends, error_code, spawn_app, spawn_configured};

const PAGE: &str = r#"query($filter: StatementFilter, $after: String) {
  statements(filter: $filter, first: 100, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id }
  }
}"#;

/// The ids of every statement `filter` selects, read page by page; checks
/// that `totalCount` agrees.
async fn ids(app: &TestApp, filter: Value) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut after = Value::Null;
    loop {
        let data = app
            .data(PAGE, json!({ "filter": filter.clone(), "after": after }))
            .await;
        let page = &data["statements"];
        for node in page["nodes"].as_array().expect("nodes") {
            out.insert(node["id"].as_str().expect("an id").to_owned());
        }
        if page["pageInfo"]["hasNextPage"] != json!(true) {
            let total = page["totalCount"].as_u64().expect("a count");
            assert_eq!(total, out.len() as u64, "totalCount of {filter}");
            return out;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
}

fn union(a: &BTreeSet<String>, b: &BTreeSet<String>) -> BTreeSet<String> {
    a.union(b).cloned().collect()
}

#[tokio::test]
async fn a_plural_field_matches_any_of_its_values() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let tokayev = ids(&app, json!({ "speaker": "Tokayev" })).await;
        let tleuberdi = ids(&app, json!({ "speaker": "Тлеуберди" })).await;
        assert!(!tokayev.is_empty() && !tleuberdi.is_empty(), "{backend:?}");
        let both = ids(&app, json!({ "speakers": ["Tokayev", "Тлеуберди"] })).await;
        assert_eq!(both, union(&tokayev, &tleuberdi), "{backend:?}: speakers");

        let quotes = ids(&app, json!({ "kind": "DIRECT_QUOTE" })).await;
        let paraphrases = ids(&app, json!({ "kind": "PARAPHRASE" })).await;
        let kinds = ids(&app, json!({ "kinds": ["DIRECT_QUOTE", "PARAPHRASE"] })).await;
        assert_eq!(kinds, union(&quotes, &paraphrases), "{backend:?}: kinds");
        assert!(kinds.len() > quotes.len().max(paraphrases.len()));

        let mfa = ids(&app, json!({ "organization": "МИД РК" })).await;
        let hrw = ids(&app, json!({ "organization": "HRW" })).await;
        let orgs = ids(&app, json!({ "organizations": ["МИД РК", "HRW"] })).await;
        assert_eq!(orgs, union(&mfa, &hrw), "{backend:?}: organizations");

        let investigation = ids(&app, json!({ "topic": "расследование" })).await;
        let torture = ids(&app, json!({ "topic": "torture" })).await;
        let topics = ids(&app, json!({ "topics": ["расследование", "torture"] })).await;
        assert_eq!(topics, union(&investigation, &torture), "{backend:?}");

        let ru = ids(&app, json!({ "language": "ru" })).await;
        let en = ids(&app, json!({ "language": "EN" })).await;
        let languages = ids(&app, json!({ "languages": ["ru", "en"] })).await;
        assert_eq!(languages, union(&ru, &en), "{backend:?}: languages");

        let about_csto = ids(&app, json!({ "about": "ОДКБ" })).await;
        let about_hrw = ids(&app, json!({ "about": "Human Rights Watch" })).await;
        let subjects = ids(&app, json!({ "subjects": ["ОДКБ", "Human Rights Watch"] })).await;
        assert_eq!(subjects, union(&about_csto, &about_hrw), "{backend:?}");

        // The singular and the plural both narrow: Tokayev, of the two.
        let narrowed = ids(
            &app,
            json!({ "speaker": "Tokayev", "speakers": ["Tokayev", "Тлеуберди"] }),
        )
        .await;
        assert_eq!(narrowed, tokayev, "{backend:?}: singular AND plural");
    }
}

#[tokio::test]
async fn any_of_and_not_combine_whole_filters() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let all = ids(&app, json!({})).await;
        let tokayev = ids(&app, json!({ "speaker": "Tokayev" })).await;
        let hrw = ids(&app, json!({ "organization": "HRW" })).await;
        let either = ids(
            &app,
            json!({ "anyOf": [{ "speaker": "Tokayev" }, { "organization": "HRW" }] }),
        )
        .await;
        assert_eq!(either, union(&tokayev, &hrw), "{backend:?}: anyOf");

        // Everything about investigations except the MFA's.
        let investigation = ids(&app, json!({ "topic": "investigation" })).await;
        let mfa_on_it = ids(
            &app,
            json!({ "topic": "investigation", "organization": "MFA Kazakhstan" }),
        )
        .await;
        assert!(!mfa_on_it.is_empty(), "{backend:?}");
        let others = ids(
            &app,
            json!({ "topic": "investigation", "not": { "organization": "MFA Kazakhstan" } }),
        )
        .await;
        let expected: BTreeSet<String> = investigation.difference(&mfa_on_it).cloned().collect();
        assert_eq!(others, expected, "{backend:?}: not");

        // A statement with no speaker is no speaker's: `not` keeps it, so
        // a speaker's statements and the rest make up the whole corpus.
        let not_tokayev = ids(&app, json!({ "not": { "speaker": "Tokayev" } })).await;
        assert!(not_tokayev.is_disjoint(&tokayev), "{backend:?}");
        assert_eq!(
            union(&not_tokayev, &tokayev),
            all,
            "{backend:?}: not speaker"
        );

        // Nested: neither Tokayev nor HRW, as `not: {anyOf: …}`.
        let neither = ids(
            &app,
            json!({ "not": { "anyOf": [{ "speaker": "Tokayev" }, { "organization": "HRW" }] } }),
        )
        .await;
        let expected: BTreeSet<String> = all.difference(&either).cloned().collect();
        assert_eq!(neither, expected, "{backend:?}: not anyOf");
    }
}

#[tokio::test]
async fn single_fields_still_take_string_variables_and_matched_names_every_field() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let data = app
            .data(
                r#"query($who: String, $topics: [String!]) {
                  statements(filter: { speaker: $who, topics: $topics,
                                       not: { kind: REPORTED_CLAIM, ownOrganization: "ODIHR" },
                                       anyOf: [{ language: "ru" }, { organization: "HRW" }] }) {
                    totalCount
                    matched { field name entities { __typename } }
                  }
                }"#,
                json!({ "who": "Tokayev", "topics": ["investigation", "csto_deployment"] }),
            )
            .await;
        let matched: Vec<(String, String)> = data["statements"]["matched"]
            .as_array()
            .expect("matched")
            .iter()
            .map(|m| {
                (
                    m["field"].as_str().expect("a field").to_owned(),
                    m["name"].as_str().expect("a name").to_owned(),
                )
            })
            .collect();
        let expected: Vec<(String, String)> = [
            ("speaker", "Tokayev"),
            ("topics", "investigation"),
            ("topics", "csto_deployment"),
            ("anyOf[1].organization", "HRW"),
            ("not.ownOrganization", "ODIHR"),
        ]
        .iter()
        .map(|(f, n)| ((*f).to_owned(), (*n).to_owned()))
        .collect();
        assert_eq!(matched, expected, "{backend:?}: {data:#}");
        assert_eq!(
            data["statements"]["matched"][4]["entities"][0]["__typename"], "Organization",
            "{backend:?}: {data:#}"
        );
    }
}

#[tokio::test]
async fn filters_out_of_bounds_are_refused_with_what_was_wrong() {
    let app = spawn_app(backends()[0]).await;
    let deep = json!({ "not": { "not": { "not": { "not": { "speaker": "Tokayev" } } } } });
    let many: Vec<String> = (0..51).map(|i| format!("name {i}")).collect();
    let branches: Vec<Value> = (0..11).map(|_| json!({ "language": "ru" })).collect();
    for (filter, says) in [
        (json!({ "speakers": [] }), "`speakers` is empty"),
        (json!({ "kinds": [] }), "`kinds` is empty"),
        (json!({ "speakers": many }), "at most 50"),
        (json!({ "anyOf": branches }), "at most 10"),
        (deep, "nested more than 3 deep"),
        (json!({ "languages": ["ru", "english"] }), "english"),
        (json!({ "topics": ["investigation", "Tokayez"] }), "Tokayez"),
    ] {
        let body = app.graphql(PAGE, json!({ "filter": filter })).await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{filter}: {body:#}");
        assert_eq!(body["data"]["statements"], Value::Null, "{body:#}");
        let message = body["errors"][0]["message"].as_str().unwrap_or("");
        assert!(message.contains(says), "{filter}: {message}");
    }
}

#[tokio::test]
async fn every_name_of_a_filter_counts_towards_the_query_cost() {
    let app = spawn_configured(backends()[0], |s| s.max_complexity = 300).await;
    // The same selection; only the filter grows.
    let query = |filter: &str| {
        format!("{{ statementCounts(filter: {filter}, by: LANGUAGE) {{ key count }} }}")
    };
    let cheap = app
        .graphql(
            &query(r#"{ speakers: ["Tokayev", "Тлеуберди"] }"#),
            json!({}),
        )
        .await;
    assert!(cheap.get("errors").is_none(), "{cheap:#}");
    // Forty names: within the filter's own bound, beyond this server's
    // complexity limit, refused before any name is looked up.
    let names: Vec<&str> = vec!["\"Tokayev\""; 40];
    let costly = app
        .graphql(
            &query(&format!("{{ speakers: [{}] }}", names.join(", "))),
            json!({}),
        )
        .await;
    assert_eq!(costly["data"], Value::Null, "{costly:#}");
    assert!(
        costly["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("complex")),
        "{costly:#}"
    );
}

#[tokio::test]
async fn exports_take_a_plural_field_as_a_repeated_parameter() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let expected = ids(&app, json!({ "speakers": ["Tokayev", "Тлеуберди"], "kinds": ["DIRECT_QUOTE", "PARAPHRASE"] })).await;
        let response = app
            .get("/export/statements.ndjson?speakers=Tokayev&speakers=%D0%A2%D0%BB%D0%B5%D1%83%D0%B1%D0%B5%D1%80%D0%B4%D0%B8&kinds=DIRECT_QUOTE&kinds=paraphrase")
            .await;
        assert_eq!(response.status(), 200, "{backend:?}");
        let body = response.text().await.expect("a body");
        let exported: BTreeSet<String> = body
            .lines()
            .map(|line| {
                let row: Value = serde_json::from_str(line).expect("a JSON line");
                row["id"].as_str().expect("an id").to_owned()
            })
            .collect();
        assert_eq!(exported, expected, "{backend:?}");

        let empty = app.get("/export/statements.csv?kinds=QUOTES").await;
        assert_eq!(empty.status(), 400, "{backend:?}");
        let message = empty.text().await.unwrap_or_default();
        assert!(message.contains("QUOTES"), "{message}");
    }
}

#[tokio::test]
async fn about_finds_every_statement_whose_text_names_the_subject() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let russian = ids(&app, json!({ "about": "ОДКБ" })).await;
        let english = ids(&app, json!({ "about": "CSTO" })).await;
        assert_eq!(russian, english, "{backend:?}: one organization, two names");
        // Every statement whose words name it, but the CSTO's own and those
        // whose "ОДКБ" is part of "силы ОДКБ", the name of its forces (an
        // entity of its own: the longer name wins).
        let own = ids(&app, json!({ "organization": "CSTO" })).await;
        let forces = ids(&app, json!({ "about": "силы ОДКБ" })).await;
        let mut named = ids(&app, json!({ "text": "ОДКБ" })).await;
        named.extend(ids(&app, json!({ "text": "CSTO" })).await);
        let named: BTreeSet<String> = named
            .difference(&own)
            .filter(|id| !forces.contains(*id))
            .cloned()
            .collect();
        assert!(!named.is_empty(), "{backend:?}");
        assert!(
            named.is_subset(&russian),
            "{backend:?}: missed {:?}",
            named.difference(&russian).collect::<Vec<_>>()
        );

        // Each mention says where it comes from; the statement's own
        // speaker is never one.
        let data = app
            .data(
                r#"{ statements(filter: { about: "CSTO" }, first: 100) { nodes {
                      speaker { id }
                      mentions { source subject { __typename ... on Speaker { id } ... on Organization { name } } }
                    } } }"#,
                json!({}),
            )
            .await;
        let nodes = data["statements"]["nodes"].as_array().expect("nodes");
        let mut sources = BTreeSet::new();
        for node in nodes {
            for mention in node["mentions"].as_array().expect("mentions") {
                sources.insert(mention["source"].as_str().expect("a source").to_owned());
                if !node["speaker"].is_null() {
                    assert_ne!(mention["subject"]["id"], node["speaker"]["id"], "{node:#}");
                }
            }
        }
        assert!(sources.contains("DETECTED"), "{backend:?}: {sources:?}");
        assert!(sources.contains("CURATED"), "{backend:?}: {sources:?}");
    }
}
