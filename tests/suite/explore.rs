//! The explorer over plain HTTP: its page and files served with their types,
//! caching and policy, nothing in them from elsewhere, and every GraphQL
//! operation it sends (`api/assets/explore/queries/*.graphql`) answered
//! without errors by a seeded server, so that a schema change that would
//! break the page fails here. The page in a browser is `browser`'s test.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::{Value, json};

use crate::harness::{Backend, backends, spawn_configured, spawn_with_keys};

/// The explorer's assets folder.
fn assets() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/explore")
}

/// Every operation file, by its stem, with its text.
fn operation_files() -> BTreeMap<String, String> {
    let folder = assets().join("queries");
    std::fs::read_dir(&folder)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", folder.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter(|path| path.extension().is_some_and(|e| e == "graphql"))
        .map(|path| {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .expect("a file name")
                .to_owned();
            let text = std::fs::read_to_string(&path).expect("a readable file");
            (stem, text)
        })
        .collect()
}

/// Whether a field's answer holds something: not null, not an empty list.
fn holds_something(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Array(items) => !items.is_empty(),
        Value::Object(fields) => !fields.is_empty() && fields.values().any(holds_something),
        _ => true,
    }
}

#[tokio::test]
async fn every_explorer_operation_answers_on_the_seed_corpus() {
    let files = operation_files();
    assert!(files.len() >= 8, "the explorer's operations: {files:?}");
    for backend in backends() {
        let (app, keys, _keys_dir) = spawn_with_keys(backend).await;
        // Ids the operations take, as the page would have them from its cards.
        let seen = app
            .data(
                r#"{ statements(filter: {organization: "МИД РК"}, first: 2) {
                       nodes { id version } }
                     speakers(name: "Tokayev") { nodes { id } } }"#,
                json!({}),
            )
            .await;
        let statement = &seen["statements"]["nodes"][0];
        let other = &seen["statements"]["nodes"][1];
        let speaker = &seen["speakers"]["nodes"][0]["id"];
        let filter = json!({ "organization": "МИД РК", "topic": "расследование" });
        let stance = |position: &str| json!({ "stance": { "proposition": "international_investigation", "position": position } });
        // Representative variables for each file; a new file needs its own here.
        let variables = |stem: &str| -> Value {
            match stem {
                "resolve" => json!({ "name": "МИД РК расследование" }),
                "resolveWords" => json!({ "w0": "Тлеуберди", "w1": "расследование", "has1": true }),
                "statements" => json!({ "filter": filter, "first": 20 }),
                "facets" => json!({
                    "speakers": { "topic": "investigation" },
                    "organizations": { "topic": "investigation", "speaker": "Tleuberdi" },
                    "topics": { "organization": "МИД РК" },
                    "languages": filter,
                    "months": filter,
                    "reviewStatuses": { "topic": "investigation", "reviewStatus": ["UNREVIEWED", "CONFIRMED", "REJECTED"] },
                }),
                "timeline" => json!({ "filter": {}, "split": "SPEAKER", "top": 6 }),
                "stanceTimeline" => json!({
                    "for": stance("FOR"), "against": stance("AGAINST"), "neutral": stance("NEUTRAL")
                }),
                "article" => json!({ "id": statement["id"] }),
                "propositions" => json!({}),
                "sides" => json!({ "key": "international_investigation", "filter": {} }),
                "review" => {
                    json!({ "id": statement["id"], "status": "CONFIRMED", "note": "read in its article" })
                }
                "correctSpeaker" => json!({
                    "id": other["id"], "speaker": speaker, "expectedVersion": other["version"]
                }),
                unknown => panic!(
                    "api/assets/explore/queries/{unknown}.graphql has no variables in this test: add them"
                ),
            }
        };
        for (stem, query) in &files {
            let mutation = query
                .lines()
                .any(|line| line.trim_start().starts_with("mutation"));
            let body = if mutation {
                app.graphql_as(&keys.editor, query, variables(stem)).await
            } else {
                app.graphql(query, variables(stem)).await
            };
            assert!(
                body.get("errors").is_none(),
                "{backend:?}: {stem}.graphql fails: {body:#}"
            );
            let data = body["data"].as_object().expect("data");
            for (field, value) in data {
                assert!(
                    holds_something(value),
                    "{backend:?}: {stem}.graphql answers nothing for `{field}`: {body:#}"
                );
            }
        }
        // The page's questions come back as the page reads them.
        let found = app
            .data(&files["statements"], json!({ "filter": filter }))
            .await;
        let nodes = found["statements"]["nodes"].as_array().expect("cards");
        assert!(
            nodes
                .iter()
                .all(|n| n["utterance"]["outlets"].is_array() && n["text"].is_string()),
            "cards have their text and outlets: {found:#}"
        );
        let article = app
            .data(&files["article"], json!({ "id": statement["id"] }))
            .await;
        let node = &article["node"];
        let body: Vec<char> = node["document"]["body"]
            .as_str()
            .expect("a body")
            .chars()
            .collect();
        let (start, end) = (
            node["span"]["start"].as_u64().expect("a start") as usize,
            node["span"]["end"].as_u64().expect("an end") as usize,
        );
        assert_eq!(
            body[start..end].iter().collect::<String>(),
            node["text"].as_str().expect("a text"),
            "the span the page highlights is the statement, in code points"
        );
    }
}

#[tokio::test]
async fn a_review_without_a_key_or_against_a_stale_version_is_refused_with_its_code() {
    let (app, keys, _keys_dir) = spawn_with_keys(Backend::Sqlite).await;
    let files = operation_files();
    let seen = app
        .data(
            r#"{ statements(first: 1) { nodes { id version } }
                 speakers(name: "Tokayev") { nodes { id } } }"#,
            json!({}),
        )
        .await;
    let statement = &seen["statements"]["nodes"][0];
    let review = json!({ "id": statement["id"], "status": "CONFIRMED" });
    let refused = app.graphql(&files["review"], review.clone()).await;
    assert_eq!(
        crate::harness::error_code(&refused),
        "UNAUTHENTICATED",
        "{refused:#}"
    );
    app.graphql_as(&keys.editor, &files["review"], review).await;
    // The card still holds the version it was read at: a conflict, as the page shows it.
    let stale = app
        .graphql_as(
            &keys.editor,
            &files["correctSpeaker"],
            json!({
                "id": statement["id"],
                "speaker": seen["speakers"]["nodes"][0]["id"],
                "expectedVersion": statement["version"],
            }),
        )
        .await;
    assert_eq!(crate::harness::error_code(&stale), "CONFLICT", "{stale:#}");
}

/// The modules a script imports (`from './x.js'`), as paths under `/explore/`.
fn imports(script: &str) -> Vec<String> {
    script
        .match_indices("from './")
        .filter_map(|(at, _)| {
            let rest = &script[at + "from './".len()..];
            rest.find('\'')
                .map(|end| format!("/explore/{}", &rest[..end]))
        })
        .collect()
}

#[tokio::test]
async fn the_explorer_serves_its_files_with_their_types_and_a_strict_policy() {
    // Served with the playground switched off too.
    let app = spawn_configured(Backend::Sqlite, |s| s.playground = false).await;
    let response = app.get("/explore").await;
    assert_eq!(response.status(), 200);
    let header = |response: &reqwest::Response, name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(
        header(&response, "content-type"),
        "text/html; charset=utf-8"
    );
    assert_eq!(header(&response, "x-content-type-options"), "nosniff");
    let policy = header(&response, "content-security-policy");
    for directive in [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "connect-src 'self'",
        "frame-ancestors 'none'",
    ] {
        assert!(policy.contains(directive), "{directive} in {policy}");
    }
    assert!(
        !policy.contains("unsafe") && !policy.contains("data:"),
        "no inline script or style, no eval: {policy}"
    );
    let page = response.text().await.expect("a page");
    assert!(
        !page.contains("<script>") && !page.contains("style=") && !page.contains("<style"),
        "nothing inline that the policy would block"
    );

    // Every file the page loads, and every module those import; the
    // download links are the exports', tested with them.
    let (exports, mut pending): (Vec<String>, Vec<String>) = crate::playground::local_urls(&page)
        .into_iter()
        .partition(|url| url.starts_with("/export/"));
    assert_eq!(
        exports,
        ["/export/statements.csv", "/export/statements.ndjson"],
        "the page links to the exports"
    );
    let mut served = BTreeMap::new();
    while let Some(url) = pending.pop() {
        if served.contains_key(&url) {
            continue;
        }
        let response = app.get(&url).await;
        assert_eq!(response.status(), 200, "{url}");
        assert_eq!(header(&response, "x-content-type-options"), "nosniff");
        assert_eq!(header(&response, "cache-control"), "no-cache", "{url}");
        let content_type = header(&response, "content-type");
        let text = response.text().await.expect("a file");
        if url.ends_with(".js") {
            assert_eq!(content_type, "text/javascript; charset=utf-8", "{url}");
            pending.extend(imports(&text));
        } else if url.ends_with(".css") {
            assert_eq!(content_type, "text/css; charset=utf-8", "{url}");
        } else {
            panic!("an unexpected file: {url}");
        }
        served.insert(url, text);
    }
    let names: Vec<&str> = served.keys().map(String::as_str).collect();
    for expected in [
        "/explore/explore.css",
        "/explore/explore.js",
        "/explore/api.js",
        "/explore/queries.js",
        "/explore/timeline.js",
    ] {
        assert!(names.contains(&expected), "{expected} in {names:?}");
    }

    // The operations module holds every file of the queries folder, as written.
    let module = &served["/explore/queries.js"];
    let json = module
        .split("export default ")
        .nth(1)
        .and_then(|rest| rest.trim_end().strip_suffix(';'))
        .expect("one exported object");
    let operations: Value = serde_json::from_str(json).expect("JSON");
    let files = operation_files();
    assert_eq!(
        operations.as_object().map(|o| o.len()),
        Some(files.len()),
        "every operation file is served, and no other"
    );
    for (stem, text) in &files {
        assert_eq!(operations[stem], *text, "{stem}.graphql as served");
    }

    // Nothing from elsewhere, no code from strings, no inline style set.
    for (url, text) in served.iter().chain([(&"/explore".to_owned(), &page)]) {
        for needle in [
            "http://",
            "https://",
            "eval(",
            "new Function",
            "innerHTML",
            ".style.",
        ] {
            assert!(!text.contains(needle), "{url} holds {needle}");
        }
    }

    // The files are plain, with no server-side path other than these.
    assert_eq!(app.get("/explore/nothing.js").await.status(), 404);
    assert_eq!(app.get("/explore/../Cargo.toml").await.status(), 404);
}
