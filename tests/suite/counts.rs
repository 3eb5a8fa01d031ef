//! `statementCounts` by month and by topic come from a tally kept at write
//! time, not from the statements: they must agree with the statements the
//! same filter lists, for the whole corpus and for every organization (its
//! sub-organizations and affiliated speakers included), before and after an
//! article is ingested.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::harness::{Backend, TestApp, backends, spawn_configured};

const KEY: &str = "counts-test-key-0123456789";

const STATEMENTS: &str = r#"
query($filter: StatementFilter, $after: String) {
  statements(filter: $filter, first: 100, after: $after) {
    pageInfo { hasNextPage endCursor }
    nodes { dated { iso } topics { slug } }
  }
}"#;

const COUNTS: &str = r#"
query($filter: StatementFilter) {
  byMonth: statementCounts(filter: $filter, by: MONTH) { key label count }
  byTopic: statementCounts(filter: $filter, by: TOPIC) { key label count }
}"#;

/// An article of our own: the Foreign Minister, whose statements count for
/// his ministry and the government above it.
const ARTICLE: &str = "Министр иностранных дел провел брифинг\n\n\
Министр иностранных дел Казахстана Мухтар Тлеуберди заявил, что расследование \
январских событий будет завершено в срок.\n\n\
«Мы готовы показать все материалы международным наблюдателям», — подчеркнул он.\n";

type Tallies = (BTreeMap<String, i64>, BTreeMap<String, i64>);

/// Counts by month and by topic made from the statements `filter` lists.
async fn listed(app: &TestApp, filter: &Value) -> Tallies {
    let (mut months, mut topics) = (BTreeMap::new(), BTreeMap::new());
    let mut after: Option<String> = None;
    loop {
        let page = app
            .data(STATEMENTS, json!({ "filter": filter, "after": after }))
            .await["statements"]
            .clone();
        for node in page["nodes"].as_array().expect("nodes") {
            // A date of the day or the month has a month; of the year only, none.
            if let Some(date) = node["dated"]["iso"].as_str().filter(|d| d.len() >= 7) {
                *months.entry(date[..7].to_owned()).or_insert(0) += 1;
            }
            for topic in node["topics"].as_array().expect("topics") {
                let slug = topic["slug"].as_str().expect("a slug").to_owned();
                *topics.entry(slug).or_insert(0) += 1;
            }
        }
        if page["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = page["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    }
    (months, topics)
}

/// `statementCounts` by month and by topic, checked to come largest first
/// with a label each.
async fn counted(app: &TestApp, backend: Backend, filter: &Value) -> Tallies {
    let data = app.data(COUNTS, json!({ "filter": filter })).await;
    let buckets = |field: &str| -> BTreeMap<String, i64> {
        let buckets = data[field].as_array().expect("buckets");
        assert!(
            buckets
                .windows(2)
                .all(|w| w[0]["count"].as_i64() >= w[1]["count"].as_i64()),
            "{backend:?}: {field} for {filter}: largest first: {buckets:?}"
        );
        buckets
            .iter()
            .map(|b| {
                assert!(
                    b["label"].as_str().is_some_and(|l| !l.is_empty()),
                    "{backend:?}: {field}: a label: {b}"
                );
                (
                    b["key"].as_str().expect("a key").to_owned(),
                    b["count"].as_i64().expect("a count"),
                )
            })
            .collect()
    };
    (buckets("byMonth"), buckets("byTopic"))
}

/// The filters to check: the whole corpus and each organization.
async fn filters(app: &TestApp) -> Vec<Value> {
    let organizations = app
        .data("{ organizations(first: 100) { nodes { id } } }", json!({}))
        .await["organizations"]["nodes"]
        .as_array()
        .expect("organizations")
        .clone();
    let mut filters = vec![json!({})];
    for organization in organizations {
        let id = organization["id"].as_str().expect("an id");
        filters.push(json!({ "organization": id }));
    }
    filters
}

async fn check_all(app: &TestApp, backend: Backend, when: &str) -> usize {
    let mut nonempty = 0;
    for filter in filters(app).await {
        let (months, topics) = listed(app, &filter).await;
        assert_eq!(
            counted(app, backend, &filter).await,
            (months.clone(), topics.clone()),
            "{backend:?} {when}: counts by month and topic for {filter}"
        );
        // By month within the largest topic, too.
        if let Some((topic, _)) = topics.iter().max_by_key(|(_, n)| **n) {
            let mut narrowed = filter.clone();
            narrowed["topic"] = json!(topic);
            let (months, _) = listed(app, &narrowed).await;
            assert_eq!(
                counted(app, backend, &narrowed).await.0,
                months,
                "{backend:?} {when}: counts by month for {narrowed}"
            );
            nonempty += 1;
        }
    }
    nonempty
}

#[tokio::test]
async fn counts_by_month_and_topic_agree_with_the_statements_listed() {
    for backend in backends() {
        let app =
            spawn_configured(backend, |s| s.api_key = Some(KEY.parse().expect("a key"))).await;
        let nonempty = check_all(&app, backend, "seeded").await;
        assert!(
            nonempty >= 5,
            "{backend:?}: organizations with statements to count: {nonempty}"
        );

        let mfa = json!({ "organization": "Kazakh MFA" });
        let before = counted(&app, backend, &mfa).await;
        let body = app
            .graphql_as(
                KEY,
                r#"mutation($t: String!) { ingestDocument(input: { text: $t, publishedOn: "2022-03-10" }) { statements { totalCount } } }"#,
                json!({ "t": ARTICLE }),
            )
            .await;
        let added = body["data"]["ingestDocument"]["statements"]["totalCount"]
            .as_i64()
            .unwrap_or_else(|| panic!("{backend:?}: {body:#}"));
        assert!(added > 0, "{backend:?}: the article adds statements");
        let after = counted(&app, backend, &mfa).await;
        assert_eq!(
            after.0.get("2022-03").copied().unwrap_or(0),
            before.0.get("2022-03").copied().unwrap_or(0) + added,
            "{backend:?}: the new month counts the article's statements for the ministry"
        );
        check_all(&app, backend, "after an ingest").await;
    }
}
