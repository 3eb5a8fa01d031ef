//! Stance toward propositions (issue 17, part 4): who is for and who is
//! against an international investigation, answered through GraphQL on the
//! seed corpus; editors setting a stance; detection on a statement written
//! through the API. Every backend.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::harness::{Keys, TestApp, backends, error_code, spawn_configured, spawn_with_keys};

const TOKAYEV: &str =
    "I do not consider it necessary to conduct such an investigation, we can do it ourselves";
const HRW_CALL: &str = "Human Rights Watch called on the authorities of Kazakhstan to conduct a quick, independent and effective investigation";
const EP_DEMAND: &str = "The European parliament previously demanded an independent investigation.";

/// (texts, totalCount) of the statements a filter selects.
async fn texts(app: &TestApp, filter: Value) -> (BTreeSet<String>, i64) {
    let data = app
        .data(
            "query($f: StatementFilter) { statements(filter: $f, first: 100) { totalCount nodes { text } } }",
            json!({ "f": filter }),
        )
        .await;
    let nodes = data["statements"]["nodes"].as_array().expect("nodes");
    (
        nodes
            .iter()
            .map(|n| n["text"].as_str().expect("a text").to_owned())
            .collect(),
        data["statements"]["totalCount"].as_i64().expect("a count"),
    )
}

/// The texts `Proposition.statements(position:)` lists, and its totalCount.
async fn of_proposition(
    app: &TestApp,
    key: &str,
    position: Option<&str>,
) -> (BTreeSet<String>, i64) {
    let argument = position.map_or(String::new(), |p| format!("position: {p}, "));
    let data = app
        .data(
            &format!(
                "query($k: String!) {{ proposition(key: $k) {{ statements({argument}first: 100) {{ totalCount nodes {{ text }} }} }} }}"
            ),
            json!({ "k": key }),
        )
        .await;
    let connection = &data["proposition"]["statements"];
    (
        connection["nodes"]
            .as_array()
            .expect("nodes")
            .iter()
            .map(|n| n["text"].as_str().expect("a text").to_owned())
            .collect(),
        connection["totalCount"].as_i64().expect("a count"),
    )
}

fn holds(texts: &BTreeSet<String>, start: &str) -> bool {
    texts.iter().any(|t| t.starts_with(start))
}

/// The id of the statement whose text starts with `start`.
async fn statement_id(app: &TestApp, start: &str) -> String {
    let data = app
        .data(
            "query($t: String!) { statements(filter: {text: $t}, first: 100) { nodes { id text } } }",
            json!({ "t": start }),
        )
        .await;
    data["statements"]["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .find(|n| n["text"].as_str().is_some_and(|t| t.starts_with(start)))
        .map(|n| n["id"].as_str().expect("an id").to_owned())
        .unwrap_or_else(|| panic!("a statement starting {start:?}"))
}

#[tokio::test]
async fn tokayevs_refusal_is_against_an_international_investigation_and_the_rights_groups_calls_for_it()
 {
    for backend in backends() {
        let (app, _, _dir) = spawn_with_keys(backend).await;

        let (against, _) = texts(
            &app,
            json!({ "stance": { "proposition": "international_investigation", "position": "AGAINST" } }),
        )
        .await;
        assert_eq!(
            against.iter().collect::<Vec<_>>(),
            [TOKAYEV],
            "{backend:?}: Tokayev's refusal is the one statement against"
        );
        let (for_, _) = texts(
            &app,
            json!({ "stance": { "proposition": "international_investigation", "position": "FOR" } }),
        )
        .await;
        assert!(holds(&for_, HRW_CALL), "{backend:?}: {for_:#?}");
        assert!(holds(&for_, EP_DEMAND), "{backend:?}: {for_:#?}");
        assert!(!holds(&for_, TOKAYEV), "{backend:?}");

        // Tokayev's statement says where it stands, with whose judgment.
        let data = app
            .data(
                "query($t: String!) { statements(filter: {text: $t, speaker: \"Tokayev\"}) { nodes { text stances { position confidence source proposition { key textEn textRu text(language: \"ru\") topic { slug } } } } } }",
                json!({ "t": "consider necessary investigation" }),
            )
            .await;
        let stances = &data["statements"]["nodes"][0]["stances"];
        assert_eq!(
            stances,
            &json!([{
                "position": "AGAINST",
                "confidence": 1.0,
                "source": "curated",
                "proposition": {
                    "key": "international_investigation",
                    "textEn": "An international (or independent) investigation of the January events is needed",
                    "textRu": "Необходимо международное (или независимое) расследование январских событий",
                    "text": "Необходимо международное (или независимое) расследование январских событий",
                    "topic": { "slug": "investigation" }
                }
            }]),
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn the_stance_filter_and_the_propositions_own_list_agree_and_the_counts_add_up() {
    for backend in backends() {
        let (app, _, _dir) = spawn_with_keys(backend).await;
        let data = app
            .data(
                "{ propositions { id key topic { slug } stanceCounts { position count } statements { totalCount } } }",
                json!({}),
            )
            .await;
        let propositions = data["propositions"].as_array().expect("a list");
        let keys: Vec<&str> = propositions
            .iter()
            .map(|p| p["key"].as_str().expect("a key"))
            .collect();
        assert_eq!(
            keys,
            [
                "csto_deployment_justified",
                "detainees_tortured",
                "international_investigation",
                "protesters_terrorists"
            ],
            "{backend:?}"
        );
        for p in propositions {
            let key = p["key"].as_str().expect("a key");
            let counts = p["stanceCounts"].as_array().expect("counts");
            let positions: Vec<&str> = counts
                .iter()
                .map(|c| c["position"].as_str().expect("a position"))
                .collect();
            assert_eq!(positions, ["FOR", "AGAINST", "NEUTRAL"]);
            let sum: i64 = counts.iter().map(|c| c["count"].as_i64().expect("n")).sum();
            assert_eq!(
                sum,
                p["statements"]["totalCount"].as_i64().expect("a count"),
                "{backend:?} {key}: stanceCounts add up to the proposition's statements"
            );
            assert!(sum > 0, "{backend:?} {key} has stances");
            for (position, count) in counts.iter().map(|c| {
                (
                    c["position"].as_str().expect("p"),
                    c["count"].as_i64().expect("n"),
                )
            }) {
                let by_filter = texts(
                    &app,
                    json!({ "stance": { "proposition": key, "position": position } }),
                )
                .await;
                let by_proposition = of_proposition(&app, key, Some(position)).await;
                assert_eq!(by_filter, by_proposition, "{backend:?} {key} {position}");
                assert_eq!(by_filter.1, count, "{backend:?} {key} {position}");
            }
            let any = texts(&app, json!({ "stance": { "proposition": key } })).await;
            assert_eq!(
                any,
                of_proposition(&app, key, None).await,
                "{backend:?} {key}"
            );
            assert_eq!(any.1, sum, "{backend:?} {key}");
        }

        // By words of its text, in either language, and by node id.
        let by_words = texts(
            &app,
            json!({ "stance": { "proposition": "international investigation", "position": "AGAINST" } }),
        )
        .await;
        let by_russian = texts(
            &app,
            json!({ "stance": { "proposition": "международное расследование", "position": "AGAINST" } }),
        )
        .await;
        assert_eq!(by_words.1, 1, "{backend:?}");
        assert_eq!(by_words, by_russian, "{backend:?}");
        let id = propositions
            .iter()
            .find(|p| p["key"] == "international_investigation")
            .map(|p| p["id"].clone())
            .expect("the proposition");
        let node = app
            .data(
                "query($id: ID!) { node(id: $id) { __typename ... on Proposition { key } } }",
                json!({ "id": id }),
            )
            .await;
        assert_eq!(
            node["node"],
            json!({ "__typename": "Proposition", "key": "international_investigation" }),
            "{backend:?}"
        );
        let by_id = texts(
            &app,
            json!({ "stance": { "proposition": id, "position": "AGAINST" } }),
        )
        .await;
        assert_eq!(by_id, by_words, "{backend:?}");
        // Counted as listed: a stance is not in the tally's cells.
        let counts = app
            .data(
                "{ statementCounts(filter: {topic: \"investigation\", stance: {proposition: \"international_investigation\", position: AGAINST}}, by: TOPIC) { key count } }",
                json!({}),
            )
            .await;
        assert_eq!(
            counts["statementCounts"],
            json!([{ "key": "international_scrutiny", "count": 1 }, { "key": "investigation", "count": 1 }]),
            "{backend:?}: Tokayev's refusal alone"
        );
        // Combined with other conditions, as any filter field.
        let (hrw_for, _) = texts(
            &app,
            json!({ "organization": "HRW", "stance": { "proposition": "international_investigation", "position": "FOR" } }),
        )
        .await;
        assert!(
            holds(&hrw_for, HRW_CALL) && !holds(&hrw_for, EP_DEMAND),
            "{backend:?}: {hrw_for:#?}"
        );
    }
}

#[tokio::test]
async fn an_unknown_proposition_is_bad_user_input_with_suggestions() {
    for backend in backends() {
        let (app, Keys { editor, .. }, _dir) = spawn_with_keys(backend).await;
        let body = app
            .graphql(
                "{ statements(filter: {stance: {proposition: \"international_investigaton\"}}) { totalCount } }",
                json!({}),
            )
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{backend:?}: {body:#}");
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .is_some_and(|m| m.contains("stance.proposition")
                    && m.contains("international_investigaton")),
            "{backend:?}: {body:#}"
        );
        assert_eq!(
            body["errors"][0]["extensions"]["suggestions"][0], "international_investigation",
            "{backend:?}: {body:#}"
        );
        let missing = app
            .data(
                "{ proposition(key: \"nothing_like_it\") { key } }",
                json!({}),
            )
            .await;
        assert_eq!(missing["proposition"], Value::Null);

        let id = statement_id(&app, EP_DEMAND).await;
        let body = app
            .graphql_as(
                &editor,
                "mutation($s: ID!) { setStance(statementId: $s, proposition: \"nothing_like_it\", position: FOR) { id } }",
                json!({ "s": id }),
            )
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{backend:?}: {body:#}");
        // Words that name several propositions do not say which to set.
        let body = app
            .graphql_as(
                &editor,
                "mutation($s: ID!) { setStance(statementId: $s, proposition: \"January events\", position: FOR) { id } }",
                json!({ "s": id }),
            )
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{backend:?}: {body:#}");
        assert!(
            body["errors"][0]["message"]
                .as_str()
                .is_some_and(|m| m.contains("give one key")),
            "{backend:?}: {body:#}"
        );
        let body = app
            .graphql("{ propositions { text(language: \"kk\") } }", json!({}))
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{backend:?}: {body:#}");
    }
}

#[tokio::test]
async fn an_editor_sets_and_clears_a_stance_and_others_may_not() {
    const SET: &str = "mutation($s: ID!, $p: String!, $pos: Position!, $v: Int) { setStance(statementId: $s, proposition: $p, position: $pos, expectedVersion: $v) { id version stances { position source confidence proposition { key } } history { action by before after } } }";
    const CLEAR: &str = "mutation($s: ID!, $p: String!) { clearStance(statementId: $s, proposition: $p) { id version stances { position } } }";
    for backend in backends() {
        let (app, Keys { editor, ingest, .. }, _dir) = spawn_with_keys(backend).await;
        let id = statement_id(&app, EP_DEMAND).await;
        let against =
            json!({ "proposition": "international_investigation", "position": "AGAINST" });
        let variables =
            json!({ "s": id, "p": "international_investigation", "pos": "AGAINST", "v": 1 });

        let body = app.graphql(SET, variables.clone()).await;
        assert_eq!(
            error_code(&body),
            "UNAUTHENTICATED",
            "{backend:?}: {body:#}"
        );
        let body = app.graphql_as(&ingest, SET, variables.clone()).await;
        assert_eq!(error_code(&body), "FORBIDDEN", "{backend:?}: {body:#}");
        let body = app.graphql(CLEAR, variables.clone()).await;
        assert_eq!(
            error_code(&body),
            "UNAUTHENTICATED",
            "{backend:?}: {body:#}"
        );
        assert_eq!(
            texts(&app, json!({ "stance": against })).await.1,
            1,
            "{backend:?}: refused writes change nothing"
        );

        let body = app.graphql_as(&editor, SET, variables.clone()).await;
        assert!(body.get("errors").is_none(), "{backend:?}: {body:#}");
        let set = &body["data"]["setStance"];
        assert_eq!(set["version"], 2, "{backend:?}");
        assert_eq!(
            set["stances"],
            json!([{ "position": "AGAINST", "source": "editor", "confidence": 1.0, "proposition": { "key": "international_investigation" } }]),
            "{backend:?}: the editor's stance replaced the curated one"
        );
        let history = set["history"].as_array().expect("history");
        let last = history.last().expect("a revision");
        assert_eq!(last["action"], "STANCE", "{backend:?}");
        assert_eq!(last["by"], "alice");
        assert_eq!(last["before"]["stance"]["position"], "for");
        assert_eq!(last["after"]["stance"]["position"], "against");

        let (now_against, count) = texts(&app, json!({ "stance": against })).await;
        assert_eq!(count, 2, "{backend:?}");
        assert!(holds(&now_against, EP_DEMAND) && holds(&now_against, TOKAYEV));
        let (still_for, _) = texts(
            &app,
            json!({ "stance": { "proposition": "international_investigation", "position": "FOR" } }),
        )
        .await;
        assert!(!holds(&still_for, EP_DEMAND), "{backend:?}");

        // A stale version is refused and changes nothing.
        let stale =
            json!({ "s": id, "p": "international_investigation", "pos": "NEUTRAL", "v": 1 });
        let body = app.graphql_as(&editor, SET, stale).await;
        assert_eq!(error_code(&body), "CONFLICT", "{backend:?}: {body:#}");

        let body = app
            .graphql_as(
                &editor,
                CLEAR,
                json!({ "s": id, "p": "international_investigation" }),
            )
            .await;
        assert!(body.get("errors").is_none(), "{backend:?}: {body:#}");
        assert_eq!(body["data"]["clearStance"]["stances"], json!([]));
        assert_eq!(body["data"]["clearStance"]["version"], 3);
        assert_eq!(
            texts(&app, json!({ "stance": against })).await.1,
            1,
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn a_statement_an_editor_marks_gets_a_detected_stance() {
    const CREATE: &str = "mutation($input: CreateStatementInput!) { createStatement(input: $input) { id source stances { position confidence source proposition { key } } } }";
    for backend in backends() {
        let (app, Keys { editor, .. }, _dir) = spawn_with_keys(backend).await;
        // The Kyrgyz article's sentence on the CSTO, marked again as an
        // editor's statement: not curated, so its stance is detected.
        let data = app
            .data(
                "{ statements(filter: {text: \"ОДКБ вмешиваться\"}) { nodes { span { start end } document { id } topics { id } } } }",
                json!({}),
            )
            .await;
        let found = &data["statements"]["nodes"][0];
        let body = app
            .graphql_as(
                &editor,
                CREATE,
                json!({ "input": {
                    "documentId": found["document"]["id"],
                    "span": found["span"],
                    "kind": "PARAPHRASE",
                    "topics": found["topics"].as_array().expect("topics").iter().map(|t| t["id"].clone()).collect::<Vec<_>>(),
                } }),
            )
            .await;
        assert!(body.get("errors").is_none(), "{backend:?}: {body:#}");
        let created = &body["data"]["createStatement"];
        assert_eq!(created["source"], "editor");
        let stances = created["stances"].as_array().expect("stances");
        assert_eq!(stances.len(), 1, "{backend:?}: {created:#}");
        assert_eq!(
            stances[0]["proposition"]["key"],
            "csto_deployment_justified"
        );
        assert_eq!(
            stances[0]["position"], "AGAINST",
            "{backend:?}: «не должны были вмешиваться»"
        );
        assert_eq!(stances[0]["source"], "detected");
        assert!(stances[0]["confidence"].as_f64().expect("a number") < 1.0);
    }
}

#[tokio::test]
async fn an_ingested_article_gets_detected_stances_where_its_statements_name_a_proposition() {
    const KEY: &str = "stance-ingest-key-0123456789";
    // An article of our own: a refusal and a call, in Russian.
    const ARTICLE: &str = "Президент ответил правозащитникам\n\n\
        Президент Казахстана Касым-Жомарт Токаев заявил, что международное расследование январских событий не нужно.\n\n\
        «Мы требуем международного расследования январских событий», — заявил директор Human Rights Watch Кеннет Рот.\n";
    for backend in backends() {
        let app =
            spawn_configured(backend, |s| s.api_key = Some(KEY.parse().expect("a key"))).await;
        let body = app
            .graphql_as(
                KEY,
                "mutation($t: String!) { ingestDocument(input: { text: $t }) { statements(first: 20) { nodes { text source topics { slug } stances { position confidence source proposition { key } } } } } }",
                json!({ "t": ARTICLE }),
            )
            .await;
        assert!(body.get("errors").is_none(), "{backend:?}: {body:#}");
        let nodes = body["data"]["ingestDocument"]["statements"]["nodes"]
            .as_array()
            .expect("statements")
            .clone();
        let stance_of = |start: &str| -> Option<Value> {
            nodes
                .iter()
                .find(|n| n["text"].as_str().is_some_and(|t| t.contains(start)))
                .map(|n| n["stances"].clone())
        };
        let refusal = stance_of("международное расследование январских событий не нужно")
            .unwrap_or_else(|| panic!("{backend:?}: the refusal is extracted: {nodes:#?}"));
        assert_eq!(
            refusal[0]["proposition"]["key"], "international_investigation",
            "{backend:?}: {refusal:#}"
        );
        assert_eq!(
            refusal[0]["position"], "AGAINST",
            "{backend:?}: {refusal:#}"
        );
        assert_eq!(refusal[0]["source"], "detected");
        assert!(refusal[0]["confidence"].as_f64().expect("a number") < 1.0);
        let call = stance_of("Мы требуем международного расследования")
            .unwrap_or_else(|| panic!("{backend:?}: the call is extracted: {nodes:#?}"));
        assert_eq!(call[0]["position"], "FOR", "{backend:?}: {call:#}");

        // And the filter finds them beside the curated ones.
        let (against, count) = texts(
            &app,
            json!({ "stance": { "proposition": "international_investigation", "position": "AGAINST" } }),
        )
        .await;
        assert_eq!(count, 2, "{backend:?}: {against:#?}");
    }
}

#[tokio::test]
async fn stances_load_in_batches_not_one_query_per_statement() {
    for backend in backends() {
        // As in `lookups`: loaders wait a little longer on a busy machine.
        let app = spawn_configured(backend, |s| s.loader_delay_ms = 20).await;
        let query = "query($n: Int) { statements(first: $n, sort: {field: DOCUMENT_POSITION, direction: ASC}) { nodes { id stances { position proposition { key } } } } }";
        let mut cost = Vec::new();
        for n in [2, 40] {
            let mut fewest = u64::MAX;
            for _ in 0..3 {
                let before = app.sql.get();
                app.data(query, json!({ "n": n })).await;
                fewest = fewest.min(app.sql.get() - before);
            }
            cost.push(fewest);
        }
        assert_eq!(
            cost[0], cost[1],
            "{backend:?}: {cost:?}: the cost does not grow with the page"
        );
    }
}

/// `claimgraph link` (`stances::detect_all`) finds again the stances the
/// writers detected, the same on a second run, and leaves a person's alone.
#[tokio::test]
async fn detecting_stances_again_is_what_the_writers_detected() {
    use claimgraph::services::stances::{self, DETECTED};
    use entity::stance;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

    const KEY: &str = "stance-link-key-0123456789";
    const ARTICLE: &str = "Президент ответил правозащитникам\n\n\
        Президент Казахстана Касым-Жомарт Токаев заявил, что международное расследование январских событий не нужно.\n";
    for backend in backends() {
        let app =
            spawn_configured(backend, |s| s.api_key = Some(KEY.parse().expect("a key"))).await;
        let body = app
            .graphql_as(
                KEY,
                "mutation($t: String!) { ingestDocument(input: { text: $t }) { id } }",
                json!({ "t": ARTICLE }),
            )
            .await;
        assert!(body.get("errors").is_none(), "{backend:?}: {body:#}");
        let rows = |detected: bool| {
            let db = app.db.clone();
            async move {
                let mut rows: Vec<(i64, i64, String, String)> = stance::Entity::find()
                    .all(&db)
                    .await
                    .expect("stances")
                    .into_iter()
                    .filter(|s| (s.source == DETECTED) == detected)
                    .map(|s| {
                        (
                            s.statement_id,
                            s.proposition_id,
                            format!("{:?}", s.polarity),
                            s.source,
                        )
                    })
                    .collect();
                rows.sort();
                rows
            }
        };
        let (by_people, detected) = (rows(false).await, rows(true).await);
        assert!(
            !detected.is_empty(),
            "{backend:?}: the article's refusal is detected"
        );
        stance::Entity::delete_many()
            .filter(stance::Column::Source.eq(DETECTED))
            .exec(&app.db)
            .await
            .expect("deletes");
        for _ in 0..2 {
            let count = stances::detect_all(&app.db).await.expect("detects");
            assert_eq!(count as usize, detected.len(), "{backend:?}");
            assert_eq!(rows(true).await, detected, "{backend:?}");
            assert_eq!(rows(false).await, by_people, "{backend:?}");
        }
    }
}
