//! Curation (issue 16): people correct, add and review statements and keep
//! the registry, through the API, with roles, history and no lost updates.
//! Each mutation is checked for its effect on the read paths (filters,
//! counts, exports, search, `about`, `node`), its history entry and its
//! refusals, on every backend.

use futures_util::future::join_all;
use serde_json::{Value, json};

use crate::harness::{TestApp, backends, error_code, spawn_with_keys};

/// `data` of a write that must succeed.
async fn write(app: &TestApp, key: &str, query: &str, variables: Value) -> Value {
    let body = app.graphql_as(key, query, variables).await;
    assert!(body.get("errors").is_none(), "unexpected errors: {body:#}");
    body["data"].clone()
}

const STATEMENT: &str = "id version reviewStatus text dated { iso } kind span { start end } said { iso } \
    speaker { id key } organization { id key } topics { id slug } \
    about { __typename ... on Speaker { id } ... on Organization { id } } \
    document { id } \
    history { version by action before after note }";

const UPDATE: &str = "mutation($id: ID!, $input: UpdateStatementInput!) { updateStatement(id: $id, input: $input) { id version reviewStatus text kind span { start end } said { iso } speaker { id key } organization { id key } topics { id slug } history { version by action before after note } } }";

const REVIEW: &str = "mutation($id: ID!, $status: ReviewStatus!, $note: String) { reviewStatement(id: $id, status: $status, note: $note) { id version reviewStatus history { version by action before after note } } }";

const CREATE: &str = "mutation($input: CreateStatementInput!) { createStatement(input: $input) { id version reviewStatus text span { start end } source speaker { id } history { action by before after } } }";

/// The statements a filter selects: (ids, totalCount).
async fn selected(app: &TestApp, filter: Value) -> (Vec<String>, i64) {
    let data = app
        .data(
            "query($f: StatementFilter) { statements(filter: $f, first: 100) { totalCount nodes { id } } }",
            json!({ "f": filter }),
        )
        .await;
    let ids = data["statements"]["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(|n| n["id"].as_str().expect("an id").to_owned())
        .collect();
    (
        ids,
        data["statements"]["totalCount"].as_i64().expect("a count"),
    )
}

/// The count of `key` in `statementCounts(by:)` under `filter`, 0 when absent.
async fn count_of(app: &TestApp, by: &str, filter: Value, key: &str) -> i64 {
    let data = app
        .data(
            &format!("query($f: StatementFilter) {{ statementCounts(filter: $f, by: {by}) {{ key count }} }}"),
            json!({ "f": filter }),
        )
        .await;
    data["statementCounts"]
        .as_array()
        .expect("buckets")
        .iter()
        .find(|b| b["key"] == key)
        .map_or(0, |b| b["count"].as_i64().expect("a count"))
}

/// The sum of every bucket of `statementCounts(by:)` under `filter`.
async fn total_of(app: &TestApp, by: &str, filter: Value) -> i64 {
    let data = app
        .data(
            &format!("query($f: StatementFilter) {{ statementCounts(filter: $f, by: {by}) {{ key count }} }}"),
            json!({ "f": filter }),
        )
        .await;
    data["statementCounts"]
        .as_array()
        .expect("buckets")
        .iter()
        .map(|b| b["count"].as_i64().expect("a count"))
        .sum()
}

/// A position at or after `from` inside a word of `body`: the code points
/// on both sides of it are letters or digits.
fn inside_word(body: &str, from: i64) -> i64 {
    let chars: Vec<char> = body.chars().collect();
    (from.max(1) as usize..chars.len())
        .find(|&i| chars[i - 1].is_alphanumeric() && chars[i].is_alphanumeric())
        .expect("a word") as i64
}

/// The statement ids of a CSV export with these query parameters.
async fn exported(app: &TestApp, params: &[(&str, &str)]) -> Vec<String> {
    let response = app
        .client
        .get(format!("{}/export/statements.csv", app.address))
        .query(params)
        .send()
        .await
        .expect("answers");
    assert_eq!(response.status(), 200);
    let text = response.text().await.expect("a body");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.expect("a row")[0].to_owned())
        .collect()
}

async fn node(app: &TestApp, id: &str) -> Value {
    app.data(
        &format!("query($id: ID!) {{ node(id: $id) {{ __typename ... on Statement {{ {STATEMENT} }} ... on Speaker {{ id key name mergedIds aliases {{ name }} }} ... on Alias {{ id name entity {{ ... on Speaker {{ id }} ... on Organization {{ id }} }} }} }} }}"),
        json!({ "id": id }),
    )
    .await["node"]
        .clone()
}

/// The global id of the speaker or organization a name resolves to first.
async fn entity_id(app: &TestApp, name: &str) -> String {
    let data = app
        .data(
            "query($n: String!) { resolve(name: $n) { entity { ... on Speaker { id } ... on Organization { id } } } }",
            json!({ "n": name }),
        )
        .await;
    data["resolve"][0]["entity"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{name} resolves: {data}"))
        .to_owned()
}

async fn topic_id(app: &TestApp, slug: &str) -> String {
    let data = app.data("{ topics { id slug } }", json!({})).await;
    data["topics"]
        .as_array()
        .expect("topics")
        .iter()
        .find(|t| t["slug"] == slug)
        .unwrap_or_else(|| panic!("topic {slug}"))["id"]
        .as_str()
        .expect("an id")
        .to_owned()
}

/// A curated statement of the foreign minister, read whole.
async fn tleuberdi_statement(app: &TestApp) -> Value {
    let data = app
        .data(
            &format!(
                r#"{{ statements(filter: {{ speaker: "Тлеуберди" }}, first: 1, orderBy: OLDEST_FIRST) {{ nodes {{ {STATEMENT} }} }} }}"#
            ),
            json!({}),
        )
        .await;
    data["statements"]["nodes"][0].clone()
}

/// A statement with a speaker, dated to the month or the day, read whole.
async fn dated_statement(app: &TestApp) -> Value {
    let data = app
        .data(
            &format!(
                "{{ statements(first: 100, orderBy: OLDEST_FIRST) {{ nodes {{ {STATEMENT} }} }} }}"
            ),
            json!({}),
        )
        .await;
    data["statements"]["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .find(|s| {
            s["dated"]["iso"].as_str().is_some_and(|d| d.len() >= 7)
                && !s["speaker"].is_null()
                && !s["topics"][0].is_null()
        })
        .expect("a dated statement")
        .clone()
}

/// Revisions of all statements, counted behind the API's back.
async fn revisions(app: &TestApp) -> u64 {
    use sea_orm::{EntityTrait, PaginatorTrait};
    entity::revision::Entity::find()
        .count(&app.db)
        .await
        .expect("counts")
}

/// A span of whole words in `body`: the first `words` words of its
/// `paragraph`th paragraph (code points).
fn words_of_paragraph(body: &str, paragraph: usize, words: usize) -> (i64, i64, String) {
    let chars: Vec<char> = body.chars().collect();
    let mut start = 0;
    let mut seen = 0;
    for i in 1..chars.len() {
        if chars[i - 1] == '\n' && chars[i] != '\n' {
            seen += 1;
            if seen == paragraph {
                start = i;
                break;
            }
        }
    }
    let mut end = start;
    let mut counted = 0;
    while end < chars.len() && counted < words {
        end += 1;
        if end == chars.len() || chars[end] == ' ' {
            counted += 1;
        }
    }
    let text: String = chars[start..end].iter().collect();
    (start as i64, end as i64, text)
}

#[tokio::test]
async fn every_curation_mutation_needs_its_role_and_a_key() {
    for backend in backends() {
        let (app, keys, _dir) = spawn_with_keys(backend).await;
        let statement = tleuberdi_statement(&app).await;
        let id = statement["id"].as_str().expect("an id").to_owned();
        let document = statement["document"]["id"]
            .as_str()
            .expect("an id")
            .to_owned();
        let speaker = statement["speaker"]["id"]
            .as_str()
            .expect("an id")
            .to_owned();
        let tokayev = entity_id(&app, "Токаев").await;
        let mfa = entity_id(&app, "МИД РК").await;
        let writes: Vec<(&str, String, Value, &str)> = vec![
            (
                "updateStatement",
                UPDATE.to_owned(),
                json!({ "id": id, "input": { "expectedVersion": 1, "kind": "PARAPHRASE" } }),
                "editor",
            ),
            (
                "createStatement",
                CREATE.to_owned(),
                json!({ "input": { "documentId": document, "span": { "start": 0, "end": 3 }, "kind": "PARAPHRASE" } }),
                "editor",
            ),
            (
                "reviewStatement",
                REVIEW.to_owned(),
                json!({ "id": id, "status": "REJECTED" }),
                "editor",
            ),
            (
                "createSpeaker",
                "mutation { createSpeaker(input: { name: \"Jane Roe\" }) { id } }".to_owned(),
                json!({}),
                "editor",
            ),
            (
                "createOrganization",
                "mutation { createOrganization(input: { name: \"Roe Institute\", kind: NGO }) { id } }"
                    .to_owned(),
                json!({}),
                "editor",
            ),
            (
                "addAlias",
                "mutation($e: ID!) { addAlias(entity: $e, name: \"Mr Foreign Minister\") { id } }"
                    .to_owned(),
                json!({ "e": speaker }),
                "editor",
            ),
            (
                "setAffiliation",
                "mutation($s: ID!, $o: ID!) { setAffiliation(speaker: $s, organization: $o, role: \"adviser\") { role } }"
                    .to_owned(),
                json!({ "s": tokayev, "o": mfa }),
                "editor",
            ),
            (
                "setVerified",
                "mutation($e: ID!) { setVerified(entity: $e, verified: false) { __typename } }"
                    .to_owned(),
                json!({ "e": speaker }),
                "editor",
            ),
            (
                "mergeSpeakers",
                "mutation($f: ID!, $i: ID!) { mergeSpeakers(from: $f, into: $i) { id } }"
                    .to_owned(),
                json!({ "f": speaker, "i": tokayev }),
                "admin",
            ),
        ];
        let before = (selected(&app, json!({})).await, revisions(&app).await);
        for (name, query, variables, role) in &writes {
            let body = app.graphql(query, variables.clone()).await;
            assert_eq!(
                error_code(&body),
                "UNAUTHENTICATED",
                "{backend:?} {name} without a key: {body:#}"
            );
            let lower = if *role == "admin" {
                vec![&keys.ingest, &keys.editor]
            } else {
                vec![&keys.ingest]
            };
            for key in lower {
                let body = app.graphql_as(key, query, variables.clone()).await;
                assert_eq!(
                    error_code(&body),
                    "FORBIDDEN",
                    "{backend:?} {name} with a lower role: {body:#}"
                );
            }
        }
        let after = (selected(&app, json!({})).await, revisions(&app).await);
        assert_eq!(before, after, "{backend:?}: refused writes change nothing");
        let unchanged = node(&app, &id).await;
        assert_eq!(unchanged["version"], 1, "{backend:?}");
        assert_eq!(unchanged["speaker"]["key"], "mukhtar_tleuberdi");
    }
}

#[tokio::test]
async fn an_update_moves_the_statement_on_every_read_path_and_is_recorded() {
    for backend in backends() {
        let (app, keys, _dir) = spawn_with_keys(backend).await;
        let statement = tleuberdi_statement(&app).await;
        let id = statement["id"].as_str().expect("an id").to_owned();
        assert_eq!(statement["version"], 1);
        assert_eq!(statement["reviewStatus"], "CONFIRMED", "curated");
        assert_eq!(statement["history"], json!([]));
        let document = statement["document"]["id"].as_str().expect("an id");
        let tokayev = entity_id(&app, "Токаев").await;
        let csto = entity_id(&app, "ОДКБ").await;
        let topic = topic_id(&app, "csto_deployment").await;
        let body = app
            .data(
                "query($id: ID!) { node(id: $id) { ... on Document { body } } }",
                json!({ "id": document }),
            )
            .await["node"]["body"]
            .as_str()
            .expect("a body")
            .to_owned();
        let (start, end, text) = words_of_paragraph(&body, 2, 4);

        assert!(
            selected(&app, json!({ "speaker": "Тлеуберди" }))
                .await
                .0
                .contains(&id)
        );
        assert!(
            !selected(&app, json!({ "about": "ОДКБ" }))
                .await
                .0
                .contains(&id)
        );
        let month_before = count_of(
            &app,
            "MONTH",
            json!({ "topic": "csto_deployment" }),
            "2022-01",
        )
        .await;

        let updated = write(
            &app,
            &keys.editor,
            UPDATE,
            json!({ "id": id, "input": {
                "expectedVersion": 1,
                "speaker": tokayev,
                "organization": null,
                "kind": "REPORTED_CLAIM",
                "topics": [topic],
                "about": [csto],
                "saidOn": "2022-01-20",
                "span": { "start": start, "end": end },
            } }),
        )
        .await["updateStatement"]
            .clone();
        assert_eq!(updated["version"], 2, "{backend:?}: {updated:#}");
        assert_eq!(updated["text"], text.as_str(), "the text is the body's");
        assert_eq!(updated["span"], json!({ "start": start, "end": end }));
        assert_eq!(updated["speaker"]["id"], tokayev.as_str());
        assert_eq!(updated["organization"], Value::Null);
        assert_eq!(updated["kind"], "REPORTED_CLAIM");
        assert_eq!(updated["said"]["iso"], "2022-01-20");
        assert_eq!(updated["topics"][0]["slug"], "csto_deployment");
        let history = updated["history"].as_array().expect("a history");
        assert_eq!(history.len(), 1, "{history:?}");
        let revision = &history[0];
        assert_eq!(revision["action"], "UPDATE");
        assert_eq!(revision["by"], "alice");
        assert_eq!(revision["version"], 2);
        assert_eq!(revision["before"]["speaker"], statement["speaker"]["id"]);
        assert_eq!(revision["after"]["speaker"], tokayev.as_str());
        assert_eq!(revision["after"]["kind"], "REPORTED_CLAIM");
        assert_eq!(revision["before"]["kind"], statement["kind"]);
        assert_eq!(revision["after"]["about"], json!([csto]));
        assert_eq!(
            revision["after"]["span"],
            json!({ "start": start, "end": end })
        );
        assert_eq!(revision["after"]["text"], text.as_str());
        assert!(
            revision["after"].get("reviewStatus").is_none(),
            "unchanged fields are left out"
        );

        // Filters, search, about, counts, exports and node all see it.
        assert!(
            !selected(&app, json!({ "speaker": "Тлеуберди" }))
                .await
                .0
                .contains(&id)
        );
        assert!(
            selected(&app, json!({ "speaker": "Токаев" }))
                .await
                .0
                .contains(&id)
        );
        assert!(
            selected(&app, json!({ "about": "ОДКБ" }))
                .await
                .0
                .contains(&id)
        );
        assert!(
            selected(
                &app,
                json!({ "kind": "REPORTED_CLAIM", "topic": "csto_deployment" })
            )
            .await
            .0
            .contains(&id)
        );
        let word = text
            .split(|c: char| !c.is_alphanumeric())
            .rfind(|w| w.chars().count() > 3)
            .expect("a word");
        assert!(
            selected(&app, json!({ "text": word, "speaker": "Токаев" }))
                .await
                .0
                .contains(&id),
            "{backend:?}: search finds the new text ({word})"
        );
        assert!(
            selected(
                &app,
                json!({ "saidFrom": "2022-01-20", "saidTo": "2022-01-20" })
            )
            .await
            .0
            .contains(&id)
        );
        assert_eq!(
            count_of(
                &app,
                "MONTH",
                json!({ "topic": "csto_deployment" }),
                "2022-01"
            )
            .await,
            month_before + 1,
            "{backend:?}: the tally follows"
        );
        assert!(
            exported(&app, &[("speaker", "Токаев"), ("topic", "csto_deployment")])
                .await
                .contains(&id)
        );
        assert!(
            !exported(&app, &[("speaker", "Тлеуберди")])
                .await
                .contains(&id)
        );
        assert_eq!(node(&app, &id).await["version"], 2);

        // A stale version: CONFLICT with the current one, nothing changed.
        let stale = app
            .graphql_as(
                &keys.editor,
                UPDATE,
                json!({ "id": id, "input": { "expectedVersion": 1, "kind": "PARAPHRASE" } }),
            )
            .await;
        assert_eq!(error_code(&stale), "CONFLICT", "{stale:#}");
        assert_eq!(stale["errors"][0]["extensions"]["currentVersion"], 2);
        let now = node(&app, &id).await;
        assert_eq!(now["kind"], "REPORTED_CLAIM");
        assert_eq!(now["version"], 2);
        assert_eq!(now["history"].as_array().map(Vec::len), Some(1));

        // An update that changes nothing writes nothing.
        let same = write(
            &app,
            &keys.editor,
            UPDATE,
            json!({ "id": id, "input": { "expectedVersion": 2, "kind": "REPORTED_CLAIM", "topics": [topic] } }),
        )
        .await;
        assert_eq!(same["updateStatement"]["version"], 2, "{backend:?}: {same}");
        assert_eq!(
            same["updateStatement"]["history"].as_array().map(Vec::len),
            Some(1)
        );

        // Refusals: nothing changes.
        let revisions_before = revisions(&app).await;
        for (input, why) in [
            (
                json!({ "expectedVersion": 2, "speaker": topic }),
                "a topic's id as the speaker",
            ),
            (
                json!({ "expectedVersion": 2, "span": { "start": inside_word(&body, start), "end": end } }),
                "a span inside a word",
            ),
            (
                json!({ "expectedVersion": 2, "span": { "start": 0, "end": 1_000_000 } }),
                "a span outside the body",
            ),
            (
                json!({ "expectedVersion": 2, "topics": [tokayev] }),
                "a speaker as a topic",
            ),
            (
                json!({ "expectedVersion": 2, "speaker": "U3BlYWtlcjo5OTk5OTk" }),
                "an unknown speaker (Speaker:999999)",
            ),
        ] {
            let body = app
                .graphql_as(&keys.editor, UPDATE, json!({ "id": id, "input": input }))
                .await;
            assert_eq!(
                error_code(&body),
                "BAD_USER_INPUT",
                "{backend:?} {why}: {body:#}"
            );
        }
        let unknown = app
            .graphql_as(
                &keys.editor,
                UPDATE,
                json!({ "id": "U3RhdGVtZW50Ojk5OTk5OQ", "input": { "expectedVersion": 1, "kind": "PARAPHRASE" } }),
            )
            .await;
        assert_eq!(
            error_code(&unknown),
            "BAD_USER_INPUT",
            "an unknown statement: {unknown:#}"
        );
        assert_eq!(revisions(&app).await, revisions_before);
        assert_eq!(node(&app, &id).await["version"], 2);
    }
}

#[tokio::test]
async fn concurrent_updates_of_one_statement_one_wins_the_others_conflict() {
    for backend in backends() {
        let (app, keys, _dir) = spawn_with_keys(backend).await;
        let id = tleuberdi_statement(&app).await["id"]
            .as_str()
            .expect("an id")
            .to_owned();
        let kinds = [
            "PARAPHRASE",
            "REPORTED_CLAIM",
            "PARAPHRASE",
            "REPORTED_CLAIM",
            "PARAPHRASE",
            "REPORTED_CLAIM",
        ];
        let answers = join_all(kinds.iter().map(|kind| {
            app.graphql_as(
                &keys.editor,
                UPDATE,
                json!({ "id": id, "input": { "expectedVersion": 1, "kind": kind } }),
            )
        }))
        .await;
        let won: Vec<&Value> = answers
            .iter()
            .filter(|a| a.get("errors").is_none())
            .collect();
        let conflicts = answers
            .iter()
            .filter(|a| error_code(a) == "CONFLICT")
            .count();
        assert_eq!(won.len(), 1, "{backend:?}: one wins: {answers:#?}");
        assert_eq!(
            conflicts,
            kinds.len() - 1,
            "{backend:?}: the others conflict: {answers:#?}"
        );
        let now = node(&app, &id).await;
        assert_eq!(now["version"], 2, "{backend:?}");
        assert_eq!(now["kind"], won[0]["data"]["updateStatement"]["kind"]);
        assert_eq!(now["history"].as_array().map(Vec::len), Some(1));

        // Editors working on different statements at once, and an ingestion
        // beside them, all succeed: their writes to the shared tally cells
        // do not deadlock.
        let (ids, _) = selected(&app, json!({ "saidFrom": "2022-01", "saidTo": "2022-01" })).await;
        let others: Vec<&String> = ids.iter().filter(|other| **other != id).take(16).collect();
        assert_eq!(others.len(), 16, "{backend:?}");
        let topic = topic_id(&app, "torture").await;
        let article = "Брифинг\n\nМинистр иностранных дел Казахстана Мухтар Тлеуберди заявил, что расследование январских событий завершится в срок.\n\nПрезидент Касым-Жомарт Токаев заявил, что пытки недопустимы.\n";
        let ingest = app.graphql_as(
            &keys.ingest,
            "mutation($t: String!) { ingestDocument(input: { text: $t, publishedOn: \"2022-01-20\" }) { id } }",
            json!({ "t": article }),
        );
        let answers = join_all(others.iter().enumerate().map(|(i, other)| {
            if i % 2 == 0 {
                app.graphql_as(
                    &keys.editor,
                    UPDATE,
                    json!({ "id": other, "input": { "expectedVersion": 1, "topics": [topic] } }),
                )
            } else {
                app.graphql_as(
                    &keys.editor,
                    REVIEW,
                    json!({ "id": other, "status": "REJECTED" }),
                )
            }
        }));
        let (answers, ingested) = futures_util::join!(answers, ingest);
        for answer in answers.iter().chain([&ingested]) {
            assert!(answer.get("errors").is_none(), "{backend:?}: {answer:#}");
        }

        // Two editors moving two statements between two months crosswise,
        // again and again: each waits for the other, neither fails.
        let (a, b) = (others[0], others[2]);
        for round in 0..6 {
            let months = if round % 2 == 0 {
                ["2021-03-10", "2021-04-10"]
            } else {
                ["2021-04-10", "2021-03-10"]
            };
            let version = |id: &str| {
                let id = id.to_owned();
                let app = &app;
                async move { node(app, &id).await["version"].as_i64().expect("a version") }
            };
            let (va, vb) = (version(a).await, version(b).await);
            let (one, two) = futures_util::join!(
                app.graphql_as(
                    &keys.editor,
                    UPDATE,
                    json!({ "id": a, "input": { "expectedVersion": va, "saidOn": months[0] } }),
                ),
                app.graphql_as(
                    &keys.editor,
                    UPDATE,
                    json!({ "id": b, "input": { "expectedVersion": vb, "saidOn": months[1] } }),
                ),
            );
            for answer in [&one, &two] {
                assert!(
                    answer.get("errors").is_none(),
                    "{backend:?} round {round}: {answer:#}"
                );
            }
        }
        assert_eq!(
            count_of(&app, "MONTH", json!({}), "2021-03").await,
            1,
            "{backend:?}"
        );
        assert_eq!(
            count_of(&app, "MONTH", json!({}), "2021-04").await,
            1,
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn a_rejected_statement_leaves_results_counts_and_exports_until_asked_for() {
    for backend in backends() {
        let (app, keys, _dir) = spawn_with_keys(backend).await;
        let statement = dated_statement(&app).await;
        let id = statement["id"].as_str().expect("an id").to_owned();
        let speaker_key = statement["speaker"]["id"]
            .as_str()
            .expect("an id")
            .to_owned();
        let (_, total) = selected(&app, json!({})).await;
        let month: String = statement["dated"]["iso"]
            .as_str()
            .expect("a date")
            .chars()
            .take(7)
            .collect();
        let month = month.as_str();
        assert_eq!(month.len(), 7, "dated to the month: {statement}");
        let by_month = count_of(&app, "MONTH", json!({}), month).await;
        let by_speaker = count_of(
            &app,
            "SPEAKER",
            json!({}),
            statement["speaker"]["id"].as_str().expect("an id"),
        )
        .await;
        let topic = statement["topics"][0]["slug"].as_str().map(str::to_owned);
        let by_topic = match &topic {
            Some(slug) => count_of(&app, "TOPIC", json!({}), slug).await,
            None => 0,
        };
        assert!(exported(&app, &[]).await.contains(&id));

        let rejected = write(
            &app,
            &keys.editor,
            REVIEW,
            json!({ "id": id, "status": "REJECTED", "note": "the minister did not say this" }),
        )
        .await["reviewStatement"]
            .clone();
        assert_eq!(rejected["reviewStatus"], "REJECTED");
        assert_eq!(rejected["version"], 2);
        let revision = &rejected["history"][0];
        assert_eq!(revision["action"], "REVIEW");
        assert_eq!(revision["by"], "alice");
        assert_eq!(revision["note"], "the minister did not say this");
        assert_eq!(revision["before"], json!({ "reviewStatus": "CONFIRMED" }));
        assert_eq!(revision["after"], json!({ "reviewStatus": "REJECTED" }));

        let (ids, now) = selected(&app, json!({})).await;
        assert_eq!(now, total - 1, "{backend:?}: out of the default results");
        assert!(!ids.contains(&id));
        assert!(
            !selected(&app, json!({ "speaker": speaker_key }))
                .await
                .0
                .contains(&id)
        );
        assert!(
            selected(&app, json!({ "reviewStatus": ["REJECTED"] }))
                .await
                .0
                .contains(&id)
        );
        assert!(
            selected(
                &app,
                json!({ "speaker": speaker_key, "reviewStatus": ["CONFIRMED", "REJECTED"] })
            )
            .await
            .0
            .contains(&id)
        );
        assert_eq!(
            selected(
                &app,
                json!({ "reviewStatus": ["UNREVIEWED", "CONFIRMED", "REJECTED"] })
            )
            .await
            .1,
            total
        );
        assert_eq!(
            count_of(&app, "MONTH", json!({}), month).await,
            by_month - 1,
            "{backend:?}: the tally"
        );
        assert_eq!(
            count_of(
                &app,
                "SPEAKER",
                json!({}),
                statement["speaker"]["id"].as_str().expect("an id")
            )
            .await,
            by_speaker - 1,
            "{backend:?}: counted from the statements"
        );
        if let Some(slug) = &topic {
            assert_eq!(count_of(&app, "TOPIC", json!({}), slug).await, by_topic - 1);
        }
        assert_eq!(
            count_of(
                &app,
                "MONTH",
                json!({ "reviewStatus": ["REJECTED"] }),
                month
            )
            .await,
            1,
            "{backend:?}: counted when asked for"
        );
        // Nested lists too: the speaker's list leaves it out, and shows it
        // when asked for.
        let nested = app
            .data(
                "query($id: ID!) { node(id: $id) { ... on Speaker { rejected: statements(filter: { reviewStatus: [REJECTED] }) { totalCount nodes { id } } shown: statements { totalCount } } } }",
                json!({ "id": speaker_key }),
            )
            .await;
        assert_eq!(
            nested["node"]["rejected"]["nodes"],
            json!([{ "id": id }]),
            "{backend:?}: {nested}"
        );
        assert_eq!(nested["node"]["rejected"]["totalCount"], 1);
        assert_eq!(nested["node"]["shown"]["totalCount"], by_speaker - 1);
        let all = json!({ "reviewStatus": ["UNREVIEWED", "CONFIRMED", "REJECTED"] });
        assert_eq!(
            count_of(&app, "REVIEW_STATUS", all.clone(), "REJECTED").await,
            1
        );
        assert_eq!(
            count_of(&app, "REVIEW_STATUS", all, "CONFIRMED").await,
            total - 1
        );
        assert_eq!(
            count_of(&app, "REVIEW_STATUS", json!({}), "REJECTED").await,
            0,
            "{backend:?}: not counted unless asked for"
        );
        assert!(
            !exported(&app, &[]).await.contains(&id),
            "{backend:?}: out of the exports"
        );
        assert!(
            exported(&app, &[("reviewStatus", "REJECTED")])
                .await
                .contains(&id)
        );
        let csv = app
            .get("/export/statements.csv?reviewStatus=UNREVIEWED,REJECTED")
            .await
            .text()
            .await
            .expect("a body");
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let headers = reader.headers().expect("a header row").clone();
        let status = headers
            .iter()
            .position(|h| h == "review_status")
            .expect("a review_status column");
        let version = headers
            .iter()
            .position(|h| h == "version")
            .expect("a version column");
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
        assert_eq!(
            rows.len(),
            1,
            "{backend:?}: the seed corpus has no unreviewed statements"
        );
        assert_eq!(&rows[0][0], id.as_str());
        assert_eq!(&rows[0][status], "REJECTED");
        assert_eq!(&rows[0][version], "2");
        let bad = app
            .client
            .get(format!(
                "{}/export/statements.csv?reviewStatus=MAYBE",
                app.address
            ))
            .send()
            .await
            .expect("answers");
        assert_eq!(bad.status(), 400);
        // `node` still finds it, with its status.
        assert_eq!(node(&app, &id).await["reviewStatus"], "REJECTED");

        // Confirmed again, it is back everywhere.
        write(
            &app,
            &keys.editor,
            REVIEW,
            json!({ "id": id, "status": "CONFIRMED" }),
        )
        .await;
        assert_eq!(selected(&app, json!({})).await.1, total);
        assert_eq!(count_of(&app, "MONTH", json!({}), month).await, by_month);
        let history = node(&app, &id).await["history"].clone();
        assert_eq!(history.as_array().map(Vec::len), Some(2));
        assert_eq!(history[1]["note"], Value::Null);

        let unknown = app
            .graphql_as(
                &keys.editor,
                REVIEW,
                json!({ "id": "U3RhdGVtZW50Ojk5OTk5OQ", "status": "REJECTED" }),
            )
            .await;
        assert_eq!(error_code(&unknown), "BAD_USER_INPUT", "{unknown:#}");
    }
}

#[tokio::test]
async fn a_created_statement_takes_its_text_from_the_body() {
    for backend in backends() {
        let (app, keys, _dir) = spawn_with_keys(backend).await;
        let document = tleuberdi_statement(&app).await["document"]["id"]
            .as_str()
            .expect("an id")
            .to_owned();
        let body = app
            .data(
                "query($id: ID!) { node(id: $id) { ... on Document { body } } }",
                json!({ "id": document }),
            )
            .await["node"]["body"]
            .as_str()
            .expect("a body")
            .to_owned();
        let (start, end, text) = words_of_paragraph(&body, 3, 5);
        let speaker = write(
            &app,
            &keys.editor,
            "mutation { createSpeaker(input: { name: \"Aigerim Testova\", description: \"A spokesperson\" }) { id key verified aliases { name } } }",
            json!({}),
        )
        .await["createSpeaker"]
            .clone();
        assert_eq!(speaker["verified"], true);
        assert_eq!(speaker["aliases"][0]["name"], "Aigerim Testova");
        let speaker_id = speaker["id"].as_str().expect("an id").to_owned();
        let topic = topic_id(&app, "investigation").await;
        let osce = entity_id(&app, "OSCE").await;
        let (_, total) = selected(&app, json!({})).await;
        let revisions_before = revisions(&app).await;

        let refusals = [
            (
                json!({ "start": start, "end": 100_000_000 }),
                "outside the body",
            ),
            (
                json!({ "start": inside_word(&body, start), "end": end }),
                "starting inside a word",
            ),
            (
                json!({ "start": start, "end": inside_word(&body, start) }),
                "ending inside a word",
            ),
            (json!({ "start": end, "end": start }), "backwards"),
        ];
        for (span, why) in refusals {
            let body = app
                .graphql_as(
                    &keys.editor,
                    CREATE,
                    json!({ "input": { "documentId": document, "span": span, "kind": "PARAPHRASE", "speaker": speaker_id } }),
                )
                .await;
            assert_eq!(
                error_code(&body),
                "BAD_USER_INPUT",
                "{backend:?} {why}: {body:#}"
            );
        }
        let unknown_document = app
            .graphql_as(
                &keys.editor,
                CREATE,
                json!({ "input": { "documentId": "RG9jdW1lbnQ6OTk5OTk5", "span": { "start": 0, "end": 3 }, "kind": "PARAPHRASE" } }),
            )
            .await;
        assert_eq!(
            error_code(&unknown_document),
            "BAD_USER_INPUT",
            "{unknown_document:#}"
        );
        assert_eq!(
            selected(&app, json!({})).await.1,
            total,
            "{backend:?}: nothing stored"
        );
        assert_eq!(revisions(&app).await, revisions_before);

        let created = write(
            &app,
            &keys.editor,
            CREATE,
            json!({ "input": {
                "documentId": document,
                "span": { "start": start, "end": end },
                "kind": "PARAPHRASE",
                "speaker": speaker_id,
                "organization": osce,
                "topics": [topic],
                "about": [osce],
                "saidOn": "2022-01",
            } }),
        )
        .await["createStatement"]
            .clone();
        let id = created["id"].as_str().expect("an id").to_owned();
        assert_eq!(created["text"], text.as_str(), "{backend:?}");
        assert_eq!(created["version"], 1);
        assert_eq!(created["reviewStatus"], "CONFIRMED");
        assert_eq!(created["source"], "editor");
        let revision = &created["history"][0];
        assert_eq!(revision["action"], "CREATE");
        assert_eq!(revision["by"], "alice");
        assert_eq!(revision["before"], json!({}));
        assert_eq!(revision["after"]["speaker"], speaker_id.as_str());
        assert_eq!(revision["after"]["topics"], json!([topic]));
        assert_eq!(revision["after"]["saidOn"], "2022-01");

        assert_eq!(selected(&app, json!({})).await.1, total + 1);
        assert_eq!(
            selected(&app, json!({ "speaker": "Aigerim Testova" }))
                .await
                .0,
            vec![id.clone()]
        );
        assert!(
            selected(
                &app,
                json!({ "organization": "OSCE", "topic": "investigation" })
            )
            .await
            .0
            .contains(&id)
        );
        assert!(
            selected(&app, json!({ "about": "OSCE" }))
                .await
                .0
                .contains(&id)
        );
        let word = text
            .split(|c: char| !c.is_alphanumeric())
            .rfind(|w| w.chars().count() > 3)
            .expect("a word");
        assert!(
            selected(&app, json!({ "text": word, "speaker": speaker_id }))
                .await
                .0
                .contains(&id)
        );
        assert_eq!(count_of(&app, "SPEAKER", json!({}), &speaker_id).await, 1);
        assert!(
            count_of(
                &app,
                "MONTH",
                json!({ "organization": "OSCE", "topic": "investigation" }),
                "2022-01"
            )
            .await
                >= 1
        );
        assert_eq!(
            exported(&app, &[("speaker", "Aigerim Testova")]).await,
            vec![id.clone()]
        );
        assert_eq!(node(&app, &id).await["text"], text.as_str());
    }
}

#[tokio::test]
async fn the_registry_grows_and_its_changes_reach_the_statements() {
    for backend in backends() {
        let (app, keys, _dir) = spawn_with_keys(backend).await;
        let osce = entity_id(&app, "OSCE").await;
        let organization = write(
            &app,
            &keys.editor,
            "mutation($p: ID!) { createOrganization(input: { name: \"OSCE Test Mission\", kind: INTERGOVERNMENTAL, parent: $p, country: \"kz\" }) { id key country verified parent { id } } }",
            json!({ "p": osce }),
        )
        .await["createOrganization"]
            .clone();
        assert_eq!(organization["parent"]["id"], osce.as_str());
        assert_eq!(organization["country"], "KZ");
        let mission = organization["id"].as_str().expect("an id").to_owned();
        let bad_parent = app
            .graphql_as(
                &keys.editor,
                "mutation { createOrganization(input: { name: \"Orphan\", kind: NGO, parent: \"T3JnYW5pemF0aW9uOjk5OTk5OQ\" }) { id } }",
                json!({}),
            )
            .await;
        assert_eq!(error_code(&bad_parent), "BAD_USER_INPUT", "{bad_parent:#}");

        // An alias: found by it, with an id `node` answers.
        let alias = write(
            &app,
            &keys.editor,
            "mutation($e: ID!) { addAlias(entity: $e, name: \"Миссия ОБСЕ Тест\", language: \"ru\") { id name lang entity { ... on Organization { id } } } }",
            json!({ "e": mission }),
        )
        .await["addAlias"]
            .clone();
        assert_eq!(alias["lang"], "ru");
        assert_eq!(alias["entity"]["id"], mission.as_str());
        let alias_id = alias["id"].as_str().expect("an id");
        let fetched = node(&app, alias_id).await;
        assert_eq!(fetched["__typename"], "Alias");
        assert_eq!(fetched["name"], "Миссия ОБСЕ Тест");
        assert_eq!(entity_id(&app, "миссия обсе тест").await, mission);
        for (variables, why) in [
            (
                json!({ "e": mission, "n": "OSCE TEST MISSION" }),
                "a name it has",
            ),
            (json!({ "e": mission, "n": "   " }), "an empty name"),
            (json!({ "e": "VG9waWM6MQ", "n": "x" }), "a topic"),
            (
                json!({ "e": "U3BlYWtlcjo5OTk5OTk", "n": "x" }),
                "an unknown speaker",
            ),
        ] {
            let body = app
                .graphql_as(
                    &keys.editor,
                    "mutation($e: ID!, $n: String!) { addAlias(entity: $e, name: $n) { id } }",
                    variables,
                )
                .await;
            assert_eq!(
                error_code(&body),
                "BAD_USER_INPUT",
                "{backend:?} {why}: {body:#}"
            );
        }

        // An affiliation: the speaker's statements of its period count for
        // the organization and its parent at once.
        let tleuberdi = entity_id(&app, "Тлеуберди").await;
        let (his, _) = selected(&app, json!({ "speaker": tleuberdi })).await;
        assert!(!his.is_empty());
        assert!(
            selected(&app, json!({ "organization": mission }))
                .await
                .0
                .is_empty()
        );
        let osce_before = selected(&app, json!({ "organization": "OSCE" })).await.1;
        let osce_months = total_of(&app, "TOPIC", json!({ "organization": "OSCE" })).await;
        let refused = app
            .graphql_as(
                &keys.editor,
                "mutation($s: ID!, $o: ID!) { setAffiliation(speaker: $s, organization: $o, role: \"envoy\", validFrom: \"2022-02\", validTo: \"2022-01-31\") { role } }",
                json!({ "s": tleuberdi, "o": mission }),
            )
            .await;
        assert_eq!(
            error_code(&refused),
            "BAD_USER_INPUT",
            "ends before it starts: {refused:#}"
        );
        for (variables, why) in [
            (
                json!({ "s": "U3BlYWtlcjo5OTk5OTk", "o": mission }),
                "an unknown speaker",
            ),
            (
                json!({ "s": tleuberdi, "o": "T3JnYW5pemF0aW9uOjk5OTk5OQ" }),
                "an unknown organization",
            ),
            (
                json!({ "s": mission, "o": mission }),
                "an organization as the speaker",
            ),
        ] {
            let body = app
                .graphql_as(
                    &keys.editor,
                    "mutation($s: ID!, $o: ID!) { setAffiliation(speaker: $s, organization: $o, role: \"envoy\") { role } }",
                    variables,
                )
                .await;
            assert_eq!(
                error_code(&body),
                "BAD_USER_INPUT",
                "{backend:?} {why}: {body:#}"
            );
        }
        let body = app
            .graphql_as(
                &keys.editor,
                "mutation { createSpeaker(input: { name: \"  \" }) { id } }",
                json!({}),
            )
            .await;
        assert_eq!(
            error_code(&body),
            "BAD_USER_INPUT",
            "{backend:?} an empty name: {body:#}"
        );
        let body = app
            .graphql_as(
                &keys.editor,
                "mutation { createOrganization(input: { name: \"Somewhere\", kind: NGO, country: \"Kazakhstan\" }) { id } }",
                json!({}),
            )
            .await;
        assert_eq!(
            error_code(&body),
            "BAD_USER_INPUT",
            "{backend:?} a country that is not a code: {body:#}"
        );
        assert!(
            selected(&app, json!({ "organization": mission }))
                .await
                .0
                .is_empty()
        );
        let affiliation = write(
            &app,
            &keys.editor,
            "mutation($s: ID!, $o: ID!) { setAffiliation(speaker: $s, organization: $o, role: \"envoy\", validFrom: \"2021\", validTo: \"2022-12\") { role since { iso } until { iso end } speaker { id } organization { id } } }",
            json!({ "s": tleuberdi, "o": mission }),
        )
        .await["setAffiliation"]
            .clone();
        assert_eq!(affiliation["since"]["iso"], "2021");
        assert_eq!(affiliation["until"]["iso"], "2022-12");
        assert_eq!(affiliation["until"]["end"], "2022-12-31");
        let (counted, _) = selected(&app, json!({ "organization": mission })).await;
        assert!(
            !counted.is_empty(),
            "{backend:?}: his statements count for the mission"
        );
        assert!(counted.iter().all(|id| his.contains(id)));
        assert!(
            selected(&app, json!({ "organization": "OSCE" })).await.1 > osce_before,
            "{backend:?}: and for its parent"
        );
        assert!(
            total_of(&app, "TOPIC", json!({ "organization": "OSCE" })).await > osce_months,
            "{backend:?}: the tally follows"
        );
        // The same role again changes the period: before his statements now.
        write(
            &app,
            &keys.editor,
            "mutation($s: ID!, $o: ID!) { setAffiliation(speaker: $s, organization: $o, role: \"envoy\", validFrom: \"2019\", validTo: \"2020\") { role } }",
            json!({ "s": tleuberdi, "o": mission }),
        )
        .await;
        assert!(
            selected(&app, json!({ "organization": mission }))
                .await
                .0
                .is_empty(),
            "{backend:?}"
        );
        assert_eq!(
            total_of(&app, "TOPIC", json!({ "organization": "OSCE" })).await,
            osce_months
        );
        let members = app
            .data(
                "query($id: ID!) { node(id: $id) { ... on Organization { members { role } } } }",
                json!({ "id": mission }),
            )
            .await;
        assert_eq!(
            members["node"]["members"],
            json!([{ "role": "envoy" }]),
            "one affiliation, changed"
        );

        // The review queue of unverified speakers: ingestion adds one.
        let article = "Брифинг\n\nЭксперт Бахытжан Тестовый заявил, что расследование январских событий продолжается.\n";
        write(
            &app,
            &keys.ingest,
            "mutation($t: String!) { ingestDocument(input: { text: $t }) { id } }",
            json!({ "t": article }),
        )
        .await;
        let extracted = app
            .data(
                "{ statements(filter: { reviewStatus: [UNREVIEWED] }) { totalCount nodes { source version reviewStatus history { action } } } }",
                json!({}),
            )
            .await;
        let extracted = extracted["statements"]["nodes"]
            .as_array()
            .expect("nodes")
            .clone();
        assert!(
            !extracted.is_empty(),
            "{backend:?}: extracted statements await review"
        );
        assert!(extracted.iter().all(|s| s["source"] != "curated"
            && s["version"] == 1
            && s["reviewStatus"] == "UNREVIEWED"
            && s["history"] == json!([])));
        let queue = app
            .data(
                "{ speakers(verified: false) { totalCount nodes { id name verified } } }",
                json!({}),
            )
            .await;
        let unverified = queue["speakers"]["nodes"]
            .as_array()
            .expect("nodes")
            .clone();
        assert!(!unverified.is_empty(), "{backend:?}: {queue}");
        assert!(unverified.iter().all(|s| s["verified"] == false));
        let newcomer = unverified[0]["id"].as_str().expect("an id").to_owned();
        let verified = write(
            &app,
            &keys.editor,
            "mutation($e: ID!) { setVerified(entity: $e) { ... on Speaker { id verified } } }",
            json!({ "e": newcomer }),
        )
        .await;
        assert_eq!(verified["setVerified"]["verified"], true);
        let queue = app
            .data(
                "{ speakers(verified: false) { totalCount nodes { id } } }",
                json!({}),
            )
            .await;
        assert_eq!(
            queue["speakers"]["totalCount"].as_i64(),
            Some(unverified.len() as i64 - 1),
            "{backend:?}: off the queue"
        );
        let organizations = app
            .data(
                "{ organizations(verified: true, first: 100) { nodes { verified } } }",
                json!({}),
            )
            .await;
        assert!(
            organizations["organizations"]["nodes"]
                .as_array()
                .expect("nodes")
                .iter()
                .all(|o| o["verified"] == true)
        );
    }
}

#[tokio::test]
async fn merged_speakers_are_one_and_the_old_id_leads_to_the_kept_one() {
    for backend in backends() {
        let (app, keys, _dir) = spawn_with_keys(backend).await;
        let tokayev = entity_id(&app, "Токаев").await;
        let tokayev_statements = selected(&app, json!({ "speaker": tokayev })).await.1;
        let duplicate = write(
            &app,
            &keys.editor,
            "mutation { createSpeaker(input: { name: \"K.-Zh. Tokayev (duplicate)\" }) { id } }",
            json!({}),
        )
        .await["createSpeaker"]["id"]
            .as_str()
            .expect("an id")
            .to_owned();
        // A statement by the duplicate, another one about him, an alias and an affiliation.
        let statement = tleuberdi_statement(&app).await;
        let by = statement["id"].as_str().expect("an id").to_owned();
        write(
            &app,
            &keys.editor,
            UPDATE,
            json!({ "id": by, "input": { "expectedVersion": 1, "speaker": duplicate } }),
        )
        .await;
        let about_id = selected(&app, json!({ "speaker": "Тлеуберди" })).await.0[0].clone();
        write(
            &app,
            &keys.editor,
            UPDATE,
            json!({ "id": about_id, "input": { "expectedVersion": 1, "about": [duplicate] } }),
        )
        .await;
        write(
            &app,
            &keys.editor,
            "mutation($e: ID!) { addAlias(entity: $e, name: \"Tokayev the Second\") { id } }",
            json!({ "e": duplicate }),
        )
        .await;
        let csto = entity_id(&app, "ОДКБ").await;
        write(
            &app,
            &keys.editor,
            "mutation($s: ID!, $o: ID!) { setAffiliation(speaker: $s, organization: $o, role: \"observer\") { role } }",
            json!({ "s": duplicate, "o": csto }),
        )
        .await;

        for (from, into, why) in [
            (&duplicate, &duplicate, "into itself"),
            (
                &"U3BlYWtlcjo5OTk5OTk".to_owned(),
                &tokayev,
                "an unknown speaker",
            ),
            (&csto, &tokayev, "an organization"),
        ] {
            let body = app
                .graphql_as(
                    &keys.admin,
                    "mutation($f: ID!, $i: ID!) { mergeSpeakers(from: $f, into: $i) { id } }",
                    json!({ "f": from, "i": into }),
                )
                .await;
            assert_eq!(
                error_code(&body),
                "BAD_USER_INPUT",
                "{backend:?} {why}: {body:#}"
            );
        }
        assert_eq!(
            node(&app, &duplicate).await["id"],
            duplicate.as_str(),
            "nothing merged"
        );

        let kept = write(
            &app,
            &keys.admin,
            "mutation($f: ID!, $i: ID!) { mergeSpeakers(from: $f, into: $i) { id mergedIds aliases { name } affiliations { role } } }",
            json!({ "f": duplicate, "i": tokayev }),
        )
        .await["mergeSpeakers"]
            .clone();
        assert_eq!(kept["id"], tokayev.as_str());
        assert_eq!(kept["mergedIds"], json!([duplicate]));
        let names: Vec<&str> = kept["aliases"]
            .as_array()
            .expect("aliases")
            .iter()
            .filter_map(|a| a["name"].as_str())
            .collect();
        assert!(names.contains(&"Tokayev the Second"), "{names:?}");
        assert!(
            kept["affiliations"]
                .as_array()
                .expect("affiliations")
                .iter()
                .any(|a| a["role"] == "observer")
        );

        // `node` with the old id answers with the kept speaker, and says so.
        let old = node(&app, &duplicate).await;
        assert_eq!(old["id"], tokayev.as_str(), "{backend:?}: {old}");
        assert_eq!(old["mergedIds"], json!([duplicate]));
        // Filters by the old id or name mean the kept speaker.
        let (by_old_id, count) = selected(&app, json!({ "speaker": duplicate })).await;
        assert_eq!(count, tokayev_statements + 1, "{backend:?}");
        assert!(by_old_id.contains(&by));
        assert!(
            selected(&app, json!({ "speaker": "Tokayev the Second" }))
                .await
                .0
                .contains(&by)
        );
        assert!(
            selected(&app, json!({ "about": tokayev }))
                .await
                .0
                .contains(&about_id)
        );
        assert!(
            selected(&app, json!({ "organization": "ОДКБ", "speaker": tokayev }))
                .await
                .0
                .contains(&by),
            "the affiliation moved"
        );
        assert_eq!(count_of(&app, "SPEAKER", json!({}), &duplicate).await, 0);
        assert!(
            exported(&app, &[("speaker", "Tokayev the Second")])
                .await
                .contains(&by)
        );
        let moved = node(&app, &by).await;
        assert_eq!(moved["speaker"]["id"], tokayev.as_str());
        assert_eq!(moved["version"], 3);
        let revision = &moved["history"][1];
        assert_eq!(revision["action"], "MERGE_SPEAKERS");
        assert_eq!(revision["by"], "root");
        assert_eq!(revision["before"]["speaker"], duplicate.as_str());
        assert_eq!(revision["after"]["speaker"], tokayev.as_str());
        // The given subject moved; what the text names is detected beside it.
        let about = node(&app, &about_id).await;
        assert_eq!(
            about["about"][0],
            json!({ "__typename": "Speaker", "id": tokayev })
        );
        assert!(
            about["about"]
                .as_array()
                .is_some_and(|s| s.iter().all(|s| s["id"] != duplicate.as_str())),
            "{about:#}"
        );

        let again = app
            .graphql_as(
                &keys.admin,
                "mutation($f: ID!, $i: ID!) { mergeSpeakers(from: $f, into: $i) { id } }",
                json!({ "f": duplicate, "i": tokayev }),
            )
            .await;
        assert_eq!(
            error_code(&again),
            "BAD_USER_INPUT",
            "merged once: {again:#}"
        );
    }
}
