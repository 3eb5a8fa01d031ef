//! `statementCounts`: by month and by topic from a tally kept at write
//! time, not from the statements, they must agree with the statements the
//! same filter lists (year-only, undated and untopical statements in their
//! own buckets), for the whole corpus and for every organization (its
//! sub-organizations and affiliated speakers included), before and after an
//! article is ingested. Every dimension's buckets add up to `totalCount`
//! (by topic, to at least it); `node` is the object behind a key, loaded in
//! one batch; `thenBy` breaks each bucket down by a second dimension, as
//! the same count narrowed to the bucket would.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::harness::{Backend, TestApp, backends, error_code, spawn_app, spawn_configured};

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

/// An article with no date, and a statement on no topic of the taxonomy.
const UNDATED: &str = "Министр иностранных дел провел брифинг\n\n\
Министр иностранных дел Казахстана Мухтар Тлеуберди заявил, что расследование \
январских событий будет завершено в срок.\n\n\
Министр иностранных дел Казахстана Мухтар Тлеуберди заявил, что весной в Астане \
откроется новый парк.\n";

type Tallies = (BTreeMap<String, i64>, BTreeMap<String, i64>);

/// How these tests write the null key of the bucket of statements with no
/// value for a dimension.
const NO_KEY: &str = "<null>";

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
            // A date of the day or the month has a month; of the year only,
            // the year; no date, the null key.
            let month = match node["dated"]["iso"].as_str() {
                Some(date) if date.len() >= 7 => date[..7].to_owned(),
                Some(year) => year.to_owned(),
                None => NO_KEY.to_owned(),
            };
            *months.entry(month).or_insert(0) += 1;
            let tagged = node["topics"].as_array().expect("topics");
            for topic in tagged {
                let slug = topic["slug"].as_str().expect("a slug").to_owned();
                *topics.entry(slug).or_insert(0) += 1;
            }
            if tagged.is_empty() {
                *topics.entry(NO_KEY.to_owned()).or_insert(0) += 1;
            }
        }
        if page["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = page["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    }
    (months, topics)
}

/// Buckets as a map from key ([`NO_KEY`] for null) to count, checked to
/// come largest first with the null key last, each with a label.
fn bucket_map(buckets: &Value, what: &str) -> BTreeMap<String, i64> {
    let buckets = buckets.as_array().expect("buckets");
    let keyed: Vec<&Value> = buckets.iter().filter(|b| !b["key"].is_null()).collect();
    assert!(
        keyed
            .windows(2)
            .all(|w| w[0]["count"].as_i64() >= w[1]["count"].as_i64()),
        "{what}: largest first: {buckets:?}"
    );
    assert!(
        buckets.iter().rev().skip(1).all(|b| !b["key"].is_null()),
        "{what}: the null key last, if any: {buckets:?}"
    );
    let mut map = BTreeMap::new();
    for b in buckets {
        assert!(
            b["label"].as_str().is_some_and(|l| !l.is_empty()),
            "{what}: a label: {b}"
        );
        let key = b["key"].as_str().unwrap_or(NO_KEY).to_owned();
        let count = b["count"].as_i64().expect("a count");
        assert!(count > 0, "{what}: no empty bucket: {b}");
        assert!(
            map.insert(key, count).is_none(),
            "{what}: each key once: {b}"
        );
    }
    map
}

/// `statementCounts` by month and by topic, checked as [`bucket_map`] does.
async fn counted(app: &TestApp, backend: Backend, filter: &Value) -> Tallies {
    let data = app.data(COUNTS, json!({ "filter": filter })).await;
    (
        bucket_map(
            &data["byMonth"],
            &format!("{backend:?}: byMonth for {filter}"),
        ),
        bucket_map(
            &data["byTopic"],
            &format!("{backend:?}: byTopic for {filter}"),
        ),
    )
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
        if let Some((topic, _)) = topics
            .iter()
            .filter(|(key, _)| *key != NO_KEY)
            .max_by_key(|(_, n)| **n)
        {
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

const BUCKETS: &str = r#"
query($filter: StatementFilter, $by: CountDimension!, $thenBy: CountDimension) {
  all: statements(filter: $filter) { totalCount }
  statementCounts(filter: $filter, by: $by, thenBy: $thenBy) {
    key label count
    node { __typename id ... on Topic { slug } }
    breakdown { key label count node { __typename id ... on Topic { slug } } }
  }
}"#;

/// The dimensions whose buckets add up to the statements counted.
const ADDING_UP: [&str; 7] = [
    "SPEAKER",
    "OWN_ORGANIZATION",
    "MONTH",
    "LANGUAGE",
    "KIND",
    "DOCUMENT",
    "REVIEW_STATUS",
];

/// `statementCounts(filter, by, thenBy)` and the filter's `totalCount`.
async fn buckets(
    app: &TestApp,
    filter: &Value,
    by: &str,
    then_by: Option<&str>,
) -> (Vec<Value>, i64) {
    let data = app
        .data(
            BUCKETS,
            json!({ "filter": filter, "by": by, "thenBy": then_by }),
        )
        .await;
    (
        data["statementCounts"].as_array().expect("buckets").clone(),
        data["all"]["totalCount"].as_i64().expect("a total"),
    )
}

fn sum(buckets: &[Value]) -> i64 {
    buckets
        .iter()
        .map(|b| b["count"].as_i64().expect("a count"))
        .sum()
}

/// Filters on the seed corpus: everything, one topic, one organization (the
/// tally's cases), a language, and every review status.
fn sample_filters() -> Vec<Value> {
    vec![
        json!({}),
        json!({ "topic": "investigation" }),
        json!({ "organization": "Kazakh MFA" }),
        json!({ "language": "en" }),
        json!({ "reviewStatus": ["UNREVIEWED", "CONFIRMED", "REJECTED"] }),
    ]
}

#[tokio::test]
async fn buckets_add_up_to_the_statements_counted() {
    for backend in backends() {
        let app =
            spawn_configured(backend, |s| s.api_key = Some(KEY.parse().expect("a key"))).await;
        for filter in sample_filters() {
            for by in ADDING_UP {
                let (buckets, total) = buckets(&app, &filter, by, None).await;
                assert_eq!(
                    sum(&buckets),
                    total,
                    "{backend:?}: {by} for {filter} adds up to totalCount: {buckets:#?}"
                );
                bucket_map(&json!(buckets), &format!("{backend:?}: {by} for {filter}"));
            }
            // By topic: each statement under each of its topics, and under
            // none when it has none; so at least the total.
            let (topics, total) = buckets(&app, &filter, "TOPIC", None).await;
            assert!(sum(&topics) >= total, "{backend:?}: TOPIC for {filter}");
        }

        // The seed corpus has statements of each kind of missing value.
        let (speakers, _) = buckets(&app, &json!({}), "SPEAKER", None).await;
        let (organizations, _) = buckets(&app, &json!({}), "ORGANIZATION", None).await;
        let (months, _) = buckets(&app, &json!({}), "MONTH", None).await;
        for (list, label) in [
            (&speakers, "(no speaker)"),
            (&organizations, "(no organization)"),
        ] {
            let last = list.last().expect("buckets");
            assert!(
                last["key"].is_null() && last["label"] == label && last["node"].is_null(),
                "{backend:?}: {label} comes last, with a null key: {list:#?}"
            );
        }
        let year = months
            .iter()
            .find(|b| b["key"] == "2022")
            .unwrap_or_else(|| panic!("{backend:?}: a bucket of 2022 alone: {months:#?}"));
        assert_eq!(year["label"], "2022, month unknown", "{backend:?}");
        // Its statements are the year's less those of its months.
        let (year_only, _) = buckets(
            &app,
            &json!({ "saidFrom": "2022", "saidTo": "2022" }),
            "MONTH",
            None,
        )
        .await;
        let of_2022 = sum(&year_only);
        let in_months: i64 = months
            .iter()
            .filter(|b| b["key"].as_str().is_some_and(|k| k.starts_with("2022-")))
            .map(|b| b["count"].as_i64().expect("a count"))
            .sum();
        assert_eq!(
            year["count"].as_i64(),
            Some(of_2022 - in_months),
            "{backend:?}"
        );

        // An article without a date: its statements have none, by the
        // tally (no filter) and by the statements (a language).
        let body = app
            .graphql_as(
                KEY,
                r#"mutation($t: String!) { ingestDocument(input: { text: $t }) { statements { totalCount } } }"#,
                json!({ "t": UNDATED }),
            )
            .await;
        let added = body["data"]["ingestDocument"]["statements"]["totalCount"]
            .as_i64()
            .unwrap_or_else(|| panic!("{backend:?}: {body:#}"));
        assert!(added > 0, "{backend:?}: {body:#}");
        for filter in [json!({}), json!({ "language": "ru" })] {
            let (months, total) = buckets(&app, &filter, "MONTH", None).await;
            assert_eq!(sum(&months), total, "{backend:?}: {filter}");
            let last = months.last().expect("buckets");
            assert!(
                last["key"].is_null() && last["label"] == "(no date)",
                "{backend:?}: {filter}: the undated statements, last: {months:#?}"
            );
            assert!(last["count"].as_i64() >= Some(added), "{backend:?}: {last}");

            // By topic, the statements with none are counted as such.
            let listed = app
                .data(
                    "query($f: StatementFilter) { statements(filter: $f, first: 100) { totalCount nodes { topics { slug } } } }",
                    json!({ "f": filter }),
                )
                .await["statements"]
                .clone();
            assert!(
                listed["totalCount"].as_i64() <= Some(100),
                "{backend:?}: one page"
            );
            let untagged = listed["nodes"]
                .as_array()
                .expect("nodes")
                .iter()
                .filter(|n| n["topics"].as_array().is_some_and(Vec::is_empty))
                .count() as i64;
            let (topics, _) = buckets(&app, &filter, "TOPIC", None).await;
            let none = topics
                .iter()
                .find(|b| b["key"].is_null())
                .map_or(0, |b| b["count"].as_i64().expect("a count"));
            assert_eq!(
                none, untagged,
                "{backend:?}: {filter}: (no topic): {topics:#?}"
            );
        }
    }
}

#[tokio::test]
async fn a_bucket_node_is_the_object_behind_its_key_loaded_in_one_batch() {
    for backend in backends() {
        // As in `lookups`: loaders wait a little longer for their keys on a
        // busy machine, so that one level's batch is not split.
        let app = spawn_configured(backend, |s| s.loader_delay_ms = 20).await;
        for (by, typename) in [
            ("SPEAKER", "Speaker"),
            ("ORGANIZATION", "Organization"),
            ("TOPIC", "Topic"),
            ("DOCUMENT", "Document"),
        ] {
            let (buckets, _) = buckets(&app, &json!({}), by, None).await;
            assert!(buckets.len() > 3, "{backend:?}: {by}: {buckets:#?}");
            for bucket in &buckets {
                let node = &bucket["node"];
                if bucket["key"].is_null() {
                    assert!(node.is_null(), "{backend:?}: {by}: {bucket}");
                    continue;
                }
                assert_eq!(node["__typename"], typename, "{backend:?}: {by}: {bucket}");
                // The key is the node's id, or for a topic its slug.
                let id = if by == "TOPIC" {
                    &node["slug"]
                } else {
                    &node["id"]
                };
                assert_eq!(id, &bucket["key"], "{backend:?}: {by}: {bucket}");
            }
            // The node of every bucket costs one query, however many buckets.
            let query =
                |node: &str| format!("{{ statementCounts(by: {by}) {{ key count {node} }} }}");
            let mut fewest = [u64::MAX; 2];
            for _ in 0..3 {
                for (i, node) in ["", "node { id }"].into_iter().enumerate() {
                    let before = app.sql.get();
                    app.data(&query(node), json!({})).await;
                    fewest[i] = fewest[i].min(app.sql.get() - before);
                }
            }
            assert_eq!(
                fewest[1],
                fewest[0] + 1,
                "{backend:?}: {by}: SQL statements without and with nodes: {fewest:?}"
            );
        }
        // So does the node of every breakdown's bucket, and the breakdown
        // itself one query for every pair.
        let two_way = |node: &str| {
            format!(
                "{{ statementCounts(by: MONTH) {{ key count }} \
                   twoWay: statementCounts(by: MONTH, thenBy: SPEAKER) {{ key breakdown {{ key {node} }} }} }}"
            )
        };
        let mut fewest = [u64::MAX; 2];
        for _ in 0..3 {
            for (i, node) in ["", "node { id }"].into_iter().enumerate() {
                let before = app.sql.get();
                app.data(&two_way(node), json!({})).await;
                fewest[i] = fewest[i].min(app.sql.get() - before);
            }
        }
        assert_eq!(
            fewest[1],
            fewest[0] + 1,
            "{backend:?}: SQL statements of breakdowns without and with nodes: {fewest:?}"
        );
        for by in ["LANGUAGE", "KIND", "MONTH", "REVIEW_STATUS"] {
            let (buckets, _) = buckets(&app, &json!({}), by, None).await;
            assert!(
                buckets.iter().all(|b| b["node"].is_null()),
                "{backend:?}: {by} has no nodes: {buckets:#?}"
            );
        }
    }
}

/// A bucket's breakdown as a map, as [`bucket_map`] gives it.
fn breakdown(bucket: &Value, what: &str) -> BTreeMap<String, i64> {
    bucket_map(&bucket["breakdown"], what)
}

#[tokio::test]
async fn two_way_counts_are_the_one_way_counts_of_each_bucket() {
    for backend in backends() {
        let app = spawn_configured(backend, |s| s.loader_delay_ms = 20).await;
        for filter in [json!({}), json!({ "topic": "investigation" })] {
            // Month by organization: each month's breakdown is the count by
            // organization of that month.
            let (months, total) = buckets(&app, &filter, "MONTH", Some("OWN_ORGANIZATION")).await;
            let (one_way, _) = buckets(&app, &filter, "MONTH", None).await;
            assert_eq!(
                bucket_map(&json!(months), "two-way"),
                bucket_map(&json!(one_way), "one-way"),
                "{backend:?}: the top buckets are the one-way count for {filter}"
            );
            let mut narrowed = 0;
            for month in &months {
                let what = format!("{backend:?}: {filter}: {month}");
                let by_organization = breakdown(month, &what);
                assert_eq!(
                    by_organization.values().sum::<i64>(),
                    month["count"].as_i64().expect("a count"),
                    "{what}: the breakdown adds up to its bucket"
                );
                // A month can be asked for; a year alone or no date cannot.
                let Some(key) = month["key"].as_str().filter(|k| k.len() == 7) else {
                    continue;
                };
                let mut within = filter.clone();
                within["saidFrom"] = json!(key);
                within["saidTo"] = json!(key);
                let (narrowed_counts, _) = buckets(&app, &within, "OWN_ORGANIZATION", None).await;
                // A date known only to the year is its first day to a date
                // filter: January's filter takes the year's bucket in too.
                let mut expected = by_organization.clone();
                if let Some(year) = key.strip_suffix("-01")
                    && let Some(year) = months.iter().find(|b| b["key"] == year)
                {
                    for (organization, n) in breakdown(year, &what) {
                        *expected.entry(organization).or_insert(0) += n;
                    }
                }
                assert_eq!(
                    bucket_map(&json!(narrowed_counts), &what),
                    expected,
                    "{what}: the count by organization within {key}"
                );
                narrowed += 1;
            }
            assert!(narrowed >= 1, "{backend:?}: months to compare for {filter}");
            assert_eq!(sum(&months), total, "{backend:?}: {filter}");

            // Speaker by topic: each speaker's breakdown is the count by
            // topic of that speaker (no topic included), nodes loaded.
            let (speakers, _) = buckets(&app, &filter, "SPEAKER", Some("TOPIC")).await;
            for speaker in speakers.iter().filter(|s| !s["key"].is_null()) {
                let what = format!("{backend:?}: {filter}: {speaker}");
                let mut within = filter.clone();
                within["speaker"] = speaker["key"].clone();
                let (expected, _) = buckets(&app, &within, "TOPIC", None).await;
                assert_eq!(
                    breakdown(speaker, &what),
                    bucket_map(&json!(expected), &what),
                    "{what}"
                );
                for topic in speaker["breakdown"].as_array().expect("a breakdown") {
                    if !topic["key"].is_null() {
                        assert_eq!(topic["node"]["slug"], topic["key"], "{what}");
                    }
                }
            }

            // Topic by language: each topic's breakdown is the count by
            // language of that topic (named by the node's id), where the
            // filter names no topic of its own.
            if filter.get("topic").is_some() {
                continue;
            }
            let (topics, _) = buckets(&app, &filter, "TOPIC", Some("LANGUAGE")).await;
            for topic in topics.iter().filter(|t| !t["key"].is_null()) {
                let what = format!("{backend:?}: {filter}: {topic}");
                let mut within = filter.clone();
                within["topic"] = topic["node"]["id"].clone();
                let (expected, total) = buckets(&app, &within, "LANGUAGE", None).await;
                assert_eq!(
                    breakdown(topic, &what),
                    bucket_map(&json!(expected), &what),
                    "{what}"
                );
                assert_eq!(topic["count"].as_i64(), Some(total), "{what}");
            }
        }

        // Without `thenBy`, no breakdown.
        let (plain, _) = buckets(&app, &json!({}), "MONTH", None).await;
        assert!(
            plain.iter().all(|b| b["breakdown"].is_null()),
            "{backend:?}"
        );
    }
}

#[tokio::test]
async fn counting_by_one_dimension_twice_is_refused() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let body = app
            .graphql(
                r#"{ twice: statementCounts(by: MONTH, thenBy: MONTH) { key }
                     once: statementCounts(by: MONTH) { key } }"#,
                json!({}),
            )
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{backend:?}: {body:#}");
        let message = body["errors"][0]["message"].as_str().expect("a message");
        assert!(
            message.contains("thenBy") && message.contains("MONTH"),
            "{backend:?}: says what was wrong: {message}"
        );
        assert!(body["data"]["twice"].is_null(), "{backend:?}: {body:#}");
        assert!(
            body["data"]["once"]
                .as_array()
                .is_some_and(|b| !b.is_empty()),
            "{backend:?}: the other field still answers: {body:#}"
        );
    }
}

const TOPPED: &str = r#"
query($filter: StatementFilter, $thenBy: CountDimension!, $top: Int) {
  statementCounts(filter: $filter, by: MONTH, thenBy: $thenBy, thenByTop: $top) {
    key count breakdown { key label count }
  }
}"#;

/// `thenByTop` keeps, in every month's breakdown, the subgroups that are
/// largest over the whole count, each with its full count, and the one with
/// no value; from the statements (by speaker) and from the tally (by
/// organization). Without `thenBy`, or below 1, it is refused.
#[tokio::test]
async fn a_breakdown_keeps_the_largest_subgroups_over_all_groups() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        for (then_by, top) in [("SPEAKER", 3), ("ORGANIZATION", 2)] {
            let ask = |top: Option<i64>| json!({ "filter": {}, "thenBy": then_by, "top": top });
            let whole = app.data(TOPPED, ask(None)).await["statementCounts"].clone();
            let topped = app.data(TOPPED, ask(Some(top))).await["statementCounts"].clone();
            let what = format!("{backend:?} by {then_by}, top {top}");
            // Each subgroup's total over the months, untopped.
            let mut totals: BTreeMap<String, i64> = BTreeMap::new();
            for month in whole.as_array().expect("months") {
                for (key, count) in breakdown(month, &what) {
                    *totals.entry(key).or_default() += count;
                }
            }
            let mut kept: BTreeMap<String, i64> = BTreeMap::new();
            let (whole, topped) = (
                whole.as_array().expect("months"),
                topped.as_array().expect("months"),
            );
            assert_eq!(whole.len(), topped.len(), "{what}: the same months");
            for (full, month) in whole.iter().zip(topped) {
                assert_eq!(full["key"], month["key"], "{what}");
                assert_eq!(full["count"], month["count"], "{what}: the month's count");
                let all = breakdown(full, &what);
                for (key, count) in breakdown(month, &what) {
                    assert_eq!(
                        all.get(&key),
                        Some(&count),
                        "{what}: {key} as counted whole"
                    );
                    kept.insert(key.clone(), totals[&key]);
                }
            }
            kept.remove(NO_KEY);
            assert_eq!(kept.len(), top as usize, "{what}: {kept:?} of {totals:?}");
            let least_kept = kept.values().min().copied().unwrap_or(0);
            assert!(
                totals
                    .iter()
                    .filter(|(key, _)| *key != NO_KEY && !kept.contains_key(*key))
                    .all(|(_, count)| *count <= least_kept),
                "{what}: the largest are kept: {kept:?} of {totals:?}"
            );
        }
        for (variables, says) in [
            (json!({ "thenBy": "SPEAKER", "top": 0 }), "at least 1"),
            (json!({ "top": 3 }), "thenBy"),
        ] {
            let body = app
                .graphql(
                    "query($thenBy: CountDimension, $top: Int) { \
                       statementCounts(by: MONTH, thenBy: $thenBy, thenByTop: $top) { key } }",
                    variables.clone(),
                )
                .await;
            assert_eq!(error_code(&body), "BAD_USER_INPUT", "{backend:?}: {body:#}");
            let message = body["errors"][0]["message"].as_str().expect("a message");
            assert!(message.contains(says), "{backend:?} {variables}: {message}");
        }
    }
}

/// `totalCount` of one organization and one topic (the README's headline)
/// is one more statement than the page: the tally's sum, over the names
/// the page already resolved. Its count is the page's, walked to the end.
#[tokio::test]
async fn the_headlines_total_costs_one_statement_and_counts_what_the_pages_list() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let page = |total: &str| {
            format!(
                r#"{{ statements(filter: {{ organization: "МИД РК", topic: "investigation" }}, first: 50) {{
                     {total} pageInfo {{ hasNextPage }} nodes {{ id text }} }} }}"#
            )
        };
        let mut fewest = [u64::MAX; 2];
        let mut answers = [Value::Null, Value::Null];
        for _ in 0..3 {
            for (i, total) in ["", "totalCount"].into_iter().enumerate() {
                let before = app.sql.get();
                answers[i] = app.data(&page(total), json!({})).await;
                fewest[i] = fewest[i].min(app.sql.get() - before);
            }
        }
        assert_eq!(
            fewest[1],
            fewest[0] + 1,
            "{backend:?}: SQL statements without and with totalCount: {fewest:?}"
        );
        // The organization's and the topic's names are looked up in one
        // statement, then the page is one more (SQLite first counts each
        // link's matches to choose the page's shape).
        if backend == Backend::Postgres {
            assert_eq!(fewest[0], 2, "{backend:?}: the page's SQL statements");
        }
        let listed = answers[1]["statements"]["nodes"]
            .as_array()
            .expect("nodes")
            .len();
        assert_eq!(answers[1]["statements"]["pageInfo"]["hasNextPage"], false);
        assert!(listed > 1, "{backend:?}: {:#}", answers[1]);
        assert_eq!(
            answers[1]["statements"]["totalCount"],
            json!(listed),
            "{backend:?}: {:#}",
            answers[1]
        );
    }
}
