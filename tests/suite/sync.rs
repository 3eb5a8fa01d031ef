//! Sync by time (issue 20): `createdAt` and `updatedAt` on statements,
//! documents, speakers and organizations; `StatementFilter.updatedSince`;
//! `sort: {field, direction}` on every list, `UPDATED` for the sync walk;
//! the deprecated `orderBy` beside it. On every backend, through GraphQL
//! and the exports.

use std::collections::HashSet;

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use serde_json::{Value, json};

use crate::harness::{Backend, Keys, TestApp, backends, error_code, spawn_app, spawn_with_keys};

fn time(value: &Value) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(value.as_str().expect("a time"))
        .unwrap_or_else(|e| panic!("{value} is not RFC 3339: {e}"))
        .with_timezone(&Utc)
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Every node of a list, page by page (`size` at a time), with the
/// arguments `args` (without `first`/`after`) and the fields `fields`.
async fn walk(app: &TestApp, list: &str, args: &str, fields: &str, size: usize) -> Vec<Value> {
    let mut out = Vec::new();
    let mut after: Option<String> = None;
    let separator = if args.is_empty() { "" } else { ", " };
    loop {
        let query = format!(
            "query($after: String) {{ {list}({args}{separator}first: {size}, after: $after) {{ \
             pageInfo {{ hasNextPage endCursor }} nodes {{ {fields} }} }} }}"
        );
        let data = app.data(&query, json!({ "after": after })).await;
        let page = &data[list];
        let nodes = page["nodes"].as_array().expect("nodes");
        assert!(nodes.len() <= size);
        out.extend(nodes.iter().cloned());
        if !page["pageInfo"]["hasNextPage"].as_bool().expect("a flag") {
            return out;
        }
        after = Some(
            page["pageInfo"]["endCursor"]
                .as_str()
                .expect("a cursor")
                .to_owned(),
        );
    }
}

fn ids(nodes: &[Value]) -> Vec<String> {
    nodes
        .iter()
        .map(|n| n["id"].as_str().expect("an id").to_owned())
        .collect()
}

/// The latest `updatedAt` of any statement.
async fn latest_update(app: &TestApp) -> DateTime<Utc> {
    let data = app
        .data(
            "{ statements(sort: {field: UPDATED, direction: DESC}, first: 1, \
             filter: {reviewStatus: [UNREVIEWED, CONFIRMED, REJECTED]}) { nodes { updatedAt } } }",
            json!({}),
        )
        .await;
    time(&data["statements"]["nodes"][0]["updatedAt"])
}

#[tokio::test]
async fn every_object_tells_when_it_was_stored_and_last_written() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let data = app
            .data(
                "{ statements(first: 5) { nodes { createdAt updatedAt } } \
                   documents(first: 5) { nodes { createdAt updatedAt ingestedAt } } \
                   speakers(first: 5) { nodes { createdAt updatedAt } } \
                   organizations(first: 5) { nodes { createdAt updatedAt } } }",
                json!({}),
            )
            .await;
        let now = Utc::now();
        for list in ["statements", "documents", "speakers", "organizations"] {
            let nodes = data[list]["nodes"].as_array().expect("nodes");
            assert!(!nodes.is_empty(), "{backend:?}: {list}");
            for node in nodes {
                let (created, updated) = (time(&node["createdAt"]), time(&node["updatedAt"]));
                assert!(created <= updated, "{backend:?}: {list}: {node}");
                assert!(
                    updated <= now && now - created < Duration::minutes(10),
                    "{backend:?}: {list}: stored by this test's seeding: {node}"
                );
            }
        }
        for document in data["documents"]["nodes"].as_array().expect("nodes") {
            assert_eq!(
                document["createdAt"], document["ingestedAt"],
                "{backend:?}: a document is created when it is ingested"
            );
        }
    }
}

const UPDATE: &str = "mutation($id: ID!, $input: UpdateStatementInput!) { \
    updateStatement(id: $id, input: $input) { id version createdAt updatedAt } }";

const REVIEW: &str = "mutation($id: ID!, $status: ReviewStatus!) { \
    reviewStatement(id: $id, status: $status) { id createdAt updatedAt } }";

const SINCE: &str = "query($since: DateTime!) { statements(first: 100, \
    filter: {updatedSince: $since, reviewStatus: [UNREVIEWED, CONFIRMED, REJECTED]}, \
    sort: {field: UPDATED, direction: ASC}) { totalCount nodes { id updatedAt } } }";

#[tokio::test]
async fn changes_move_updated_at_forward_and_show_under_updated_since() {
    for backend in backends() {
        let (app, Keys { editor, .. }, _keys) = spawn_with_keys(backend).await;
        let before = app
            .data(
                "{ statements(first: 3) { nodes { id version createdAt updatedAt } } }",
                json!({}),
            )
            .await;
        let nodes = before["statements"]["nodes"].as_array().expect("nodes");
        let (edited, reviewed) = (&nodes[0], &nodes[1]);
        let since = latest_update(&app).await + Duration::microseconds(1);

        let nothing = app.data(SINCE, json!({ "since": rfc3339(since) })).await;
        assert_eq!(
            nothing["statements"]["totalCount"], 0,
            "{backend:?}: nothing was written after the latest updatedAt"
        );

        let body = app
            .graphql_as(
                &editor,
                UPDATE,
                json!({ "id": edited["id"], "input": {
                    "expectedVersion": edited["version"], "kind": "PARAPHRASE" } }),
            )
            .await;
        assert!(body.get("errors").is_none(), "{backend:?}: {body:#}");
        let after_edit = &body["data"]["updateStatement"];
        assert!(
            time(&after_edit["updatedAt"]) > time(&edited["updatedAt"]),
            "{backend:?}: an update moves updatedAt forward: {after_edit} after {edited}"
        );
        assert_eq!(
            after_edit["createdAt"], edited["createdAt"],
            "{backend:?}: and leaves createdAt"
        );

        let body = app
            .graphql_as(
                &editor,
                REVIEW,
                json!({ "id": reviewed["id"], "status": "REJECTED" }),
            )
            .await;
        assert!(body.get("errors").is_none(), "{backend:?}: {body:#}");
        let after_review = &body["data"]["reviewStatement"];
        assert!(
            time(&after_review["updatedAt"]) >= time(&after_edit["updatedAt"]),
            "{backend:?}: a review moves updatedAt forward: {after_review}"
        );

        let changed = app.data(SINCE, json!({ "since": rfc3339(since) })).await;
        assert_eq!(
            ids(changed["statements"]["nodes"].as_array().expect("nodes")),
            vec![
                edited["id"].as_str().expect("an id").to_owned(),
                reviewed["id"].as_str().expect("an id").to_owned()
            ],
            "{backend:?}: exactly the changed statements, in the order written"
        );
        assert_eq!(changed["statements"]["totalCount"], 2, "{backend:?}");

        // The boundary is inclusive: asking from the latest updatedAt seen
        // gives that statement again.
        let again = app
            .data(
                SINCE,
                json!({ "since": after_review["updatedAt"].as_str().expect("a time") }),
            )
            .await;
        assert!(
            ids(again["statements"]["nodes"].as_array().expect("nodes"))
                .contains(&reviewed["id"].as_str().expect("an id").to_owned()),
            "{backend:?}: at or after: {again}"
        );

        // The export takes the same filter as a query parameter.
        let since_param = rfc3339(since);
        let response = app
            .get(&format!(
                "/export/statements.ndjson?reviewStatus=UNREVIEWED,CONFIRMED,REJECTED&updatedSince={since_param}"
            ))
            .await;
        assert_eq!(response.status(), 200, "{backend:?}");
        let text = response.text().await.expect("a body");
        assert_eq!(
            text.lines().count(),
            2,
            "{backend:?}: the export holds the two changed statements: {text}"
        );
        let bad = app
            .get("/export/statements.ndjson?updatedSince=yesterday")
            .await;
        assert_eq!(bad.status(), 400, "{backend:?}: a time that is not one");

        // A speaker given another name is written too.
        let speaker = app
            .data(
                "{ speakers(first: 1) { nodes { id updatedAt } } }",
                json!({}),
            )
            .await["speakers"]["nodes"][0]
            .clone();
        let body = app
            .graphql_as(
                &editor,
                "mutation($id: ID!) { addAlias(entity: $id, name: \"Zed Testname\") { id } }",
                json!({ "id": speaker["id"] }),
            )
            .await;
        assert!(body.get("errors").is_none(), "{backend:?}: {body:#}");
        let now = app
            .data(
                "query($id: ID!) { node(id: $id) { ... on Speaker { updatedAt } } }",
                json!({ "id": speaker["id"] }),
            )
            .await;
        assert!(
            time(&now["node"]["updatedAt"]) > time(&speaker["updatedAt"]),
            "{backend:?}: {now} after {speaker}"
        );
    }
}

#[tokio::test]
async fn the_sync_walk_by_updated_at_misses_nothing_and_repeats_nothing() {
    for backend in backends() {
        let (app, Keys { editor, .. }, _keys) = spawn_with_keys(backend).await;
        let total =
            app.data("{ statements { totalCount } }", json!({})).await["statements"]["totalCount"]
                .as_u64()
                .expect("a count") as usize;
        assert!(total > 20, "{backend:?}: {total}");

        // The first pages, then a change to a statement already seen.
        let sort = "sort: {field: UPDATED, direction: ASC}";
        let first = app
            .data(
                &format!("{{ statements({sort}, first: 10) {{ pageInfo {{ endCursor }} nodes {{ id version updatedAt }} }} }}"),
                json!({}),
            )
            .await;
        let seen = first["statements"]["nodes"]
            .as_array()
            .expect("nodes")
            .clone();
        let changed = &seen[0];
        let body = app
            .graphql_as(
                &editor,
                UPDATE,
                json!({ "id": changed["id"], "input": {
                    "expectedVersion": changed["version"], "kind": "REPORTED_CLAIM" } }),
            )
            .await;
        assert!(body.get("errors").is_none(), "{backend:?}: {body:#}");

        let mut rest = Vec::new();
        let mut after = first["statements"]["pageInfo"]["endCursor"].clone();
        loop {
            let data = app
                .data(
                    &format!("query($after: String) {{ statements({sort}, first: 7, after: $after) {{ pageInfo {{ hasNextPage endCursor }} nodes {{ id updatedAt }} }} }}"),
                    json!({ "after": after }),
                )
                .await;
            rest.extend(
                data["statements"]["nodes"]
                    .as_array()
                    .expect("nodes")
                    .clone(),
            );
            if !data["statements"]["pageInfo"]["hasNextPage"]
                .as_bool()
                .expect("a flag")
            {
                break;
            }
            after = data["statements"]["pageInfo"]["endCursor"].clone();
        }
        let mut all = seen.clone();
        all.extend(rest.iter().cloned());
        let unique: HashSet<String> = ids(&all).into_iter().collect();
        assert_eq!(
            unique.len(),
            total,
            "{backend:?}: every statement, none missed"
        );
        assert_eq!(
            all.len(),
            total + 1,
            "{backend:?}: only the changed one twice"
        );
        assert_eq!(
            rest.last().expect("a row")["id"],
            changed["id"],
            "{backend:?}: the changed statement comes again, last"
        );
        let times: Vec<DateTime<Utc>> = all.iter().map(|n| time(&n["updatedAt"])).collect();
        assert!(
            times[..10].windows(2).all(|w| w[0] <= w[1])
                && times[10..].windows(2).all(|w| w[0] <= w[1]),
            "{backend:?}: in the order written"
        );
    }
}

/// Checks that `list` sorted by each of `fields` pages through the same
/// rows as one page, and that descending is ascending reversed; returns
/// ascending nodes per field.
async fn check_sorts(
    app: &TestApp,
    backend: Backend,
    list: &str,
    fields: &[&str],
    selected: &str,
) -> Vec<Vec<Value>> {
    let mut out = Vec::new();
    for field in fields {
        let asc = walk(
            app,
            list,
            &format!("sort: {{field: {field}, direction: ASC}}"),
            selected,
            4,
        )
        .await;
        let whole = walk(
            app,
            list,
            &format!("sort: {{field: {field}, direction: ASC}}"),
            selected,
            100,
        )
        .await;
        assert_eq!(
            ids(&asc),
            ids(&whole),
            "{backend:?}: {list} by {field}: pages"
        );
        let unique: HashSet<String> = ids(&asc).into_iter().collect();
        assert_eq!(
            unique.len(),
            asc.len(),
            "{backend:?}: {list} by {field}: no repeats"
        );
        let mut desc = walk(
            app,
            list,
            &format!("sort: {{field: {field}, direction: DESC}}"),
            selected,
            3,
        )
        .await;
        desc.reverse();
        assert_eq!(
            ids(&desc),
            ids(&asc),
            "{backend:?}: {list} by {field}: DESC is ASC reversed"
        );
        out.push(asc);
    }
    out
}

/// A date as precise as known (`2022`, `2022-02`, `2022-02-01`) as its first day.
fn first_day(date: &Value) -> String {
    let date = date.as_str().unwrap_or("");
    match date.len() {
        4 => format!("{date}-01-01"),
        7 => format!("{date}-01"),
        _ => date.to_owned(),
    }
}

fn ascending_by<T: PartialOrd + std::fmt::Debug>(
    nodes: &[Value],
    key: impl Fn(&Value) -> T,
) -> bool {
    nodes.windows(2).all(|w| key(&w[0]) <= key(&w[1]))
}

#[tokio::test]
async fn every_list_sorts_by_each_field_both_ways() {
    for backend in backends() {
        let app = spawn_app(backend).await;

        let by = check_sorts(
            &app,
            backend,
            "statements",
            &["DATE", "DOCUMENT_POSITION", "CREATED", "UPDATED"],
            "id date createdAt updatedAt span { start } document { id }",
        )
        .await;
        assert!(
            ascending_by(&by[0], |n| first_day(&n["date"])),
            "{backend:?}: by date"
        );
        // Reading order: a document's statements together, by position.
        let mut documents_seen: Vec<String> = Vec::new();
        for pair in by[1].windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            if a["document"]["id"] == b["document"]["id"] {
                assert!(a["span"]["start"].as_i64() <= b["span"]["start"].as_i64());
            } else {
                let doc = a["document"]["id"].as_str().expect("an id").to_owned();
                assert!(
                    !documents_seen.contains(&doc),
                    "{backend:?}: documents together"
                );
                documents_seen.push(doc);
            }
        }
        assert!(ascending_by(&by[2], |n| time(&n["createdAt"])));
        assert!(ascending_by(&by[3], |n| time(&n["updatedAt"])));
        let default = walk(&app, "statements", "", "id", 100).await;
        let mut by_date = by[0].clone();
        by_date.reverse();
        assert_eq!(
            ids(&default),
            ids(&by_date),
            "{backend:?}: the default is DATE DESC"
        );

        let by = check_sorts(
            &app,
            backend,
            "documents",
            &["PUBLISHED", "CREATED", "UPDATED"],
            "id publishedOn createdAt updatedAt",
        )
        .await;
        assert!(
            ascending_by(&by[0], |n| n["publishedOn"]
                .as_str()
                .map(|_| first_day(&n["publishedOn"]))),
            "{backend:?}: by publication, undated first"
        );
        assert!(ascending_by(&by[1], |n| time(&n["createdAt"])));
        assert!(ascending_by(&by[2], |n| time(&n["updatedAt"])));
        let default = walk(&app, "documents", "", "id", 100).await;
        assert_eq!(
            ids(&default),
            ids(&by[1]),
            "{backend:?}: documents: CREATED ASC"
        );
        // Backwards from the end gives the same rows.
        let data = app
            .data(
                "{ documents(sort: {field: PUBLISHED, direction: ASC}, last: 3) { nodes { id } } }",
                json!({}),
            )
            .await;
        let last: Vec<String> = ids(data["documents"]["nodes"].as_array().expect("nodes"));
        assert_eq!(
            last,
            ids(&by[0][by[0].len() - 3..]),
            "{backend:?}: the last page"
        );

        for list in ["speakers", "organizations"] {
            let by = check_sorts(
                &app,
                backend,
                list,
                &["NAME", "CREATED", "UPDATED"],
                "id name createdAt updatedAt",
            )
            .await;
            assert!(ascending_by(&by[1], |n| time(&n["createdAt"])));
            assert!(ascending_by(&by[2], |n| time(&n["updatedAt"])));
            let default = walk(&app, list, "", "id", 100).await;
            assert_eq!(
                ids(&default),
                ids(&by[1]),
                "{backend:?}: {list}: CREATED ASC"
            );
            // Names compare as the database collates them; ASCII letters of
            // one case at least come in alphabetical order.
            let plain: Vec<String> = by[0]
                .iter()
                .map(|n| n["name"].as_str().expect("a name").to_owned())
                .filter(|n| n.chars().all(|c| c.is_ascii_alphabetic() || c == ' '))
                .map(|n| n.to_lowercase())
                .collect();
            let mut sorted = plain.clone();
            sorted.sort();
            assert_eq!(plain.first(), sorted.first(), "{backend:?}: {list} by name");
        }
    }
}

#[tokio::test]
async fn order_by_is_deprecated_and_not_given_with_sort() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let body = app
            .graphql(
                "{ statements(orderBy: OLDEST_FIRST, sort: {field: DATE, direction: ASC}) { totalCount } }",
                json!({}),
            )
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{backend:?}: {body:#}");
        let message = body["errors"][0]["message"].as_str().expect("a message");
        assert!(
            message.contains("`sort`") && message.contains("`orderBy`"),
            "{message}"
        );

        let body = app
            .graphql(
                "{ speakers(first: 1) { nodes { statements(orderBy: OLDEST_FIRST, sort: {field: DATE, direction: ASC}) { totalCount } } } }",
                json!({}),
            )
            .await;
        assert_eq!(
            error_code(&body),
            "BAD_USER_INPUT",
            "{backend:?}: nested: {body:#}"
        );

        // The old argument alone still works, as the new one says.
        let old = walk(&app, "statements", "orderBy: OLDEST_FIRST", "id", 100).await;
        let new = walk(
            &app,
            "statements",
            "sort: {field: DATE, direction: ASC}",
            "id",
            100,
        )
        .await;
        assert_eq!(ids(&old), ids(&new), "{backend:?}");

        // A cursor of one order is refused by another.
        let data = app
            .data(
                "{ statements(sort: {field: UPDATED, direction: ASC}, first: 1) { pageInfo { endCursor } } }",
                json!({}),
            )
            .await;
        let cursor = data["statements"]["pageInfo"]["endCursor"].clone();
        for other in [
            "{field: UPDATED, direction: DESC}",
            "{field: CREATED, direction: ASC}",
            "{field: DATE, direction: ASC}",
        ] {
            let body = app
                .graphql(
                    &format!("query($c: String) {{ statements(sort: {other}, after: $c) {{ totalCount }} }}"),
                    json!({ "c": cursor }),
                )
                .await;
            assert_eq!(
                error_code(&body),
                "BAD_USER_INPUT",
                "{backend:?}: {other}: {body:#}"
            );
        }
        let data = app
            .data(
                "{ speakers(sort: {field: NAME, direction: ASC}, first: 1) { pageInfo { endCursor } } }",
                json!({}),
            )
            .await;
        let body = app
            .graphql(
                "query($c: String) { speakers(sort: {field: CREATED, direction: ASC}, after: $c) { totalCount } }",
                json!({ "c": data["speakers"]["pageInfo"]["endCursor"] }),
            )
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{backend:?}: {body:#}");
    }

    let app = spawn_app(Backend::Sqlite).await;
    let data = app
        .data(
            "{ __type(name: \"Query\") { fields { name args(includeDeprecated: true) { name isDeprecated deprecationReason } } } }",
            json!({}),
        )
        .await;
    let statements = data["__type"]["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .find(|f| f["name"] == "statements")
        .expect("statements")
        .clone();
    let order_by = statements["args"]
        .as_array()
        .expect("args")
        .iter()
        .find(|a| a["name"] == "orderBy")
        .expect("orderBy")
        .clone();
    assert_eq!(order_by["isDeprecated"], true, "{order_by}");
    assert!(
        order_by["deprecationReason"]
            .as_str()
            .is_some_and(|r| r.contains("`sort`")),
        "{order_by}"
    );
}
