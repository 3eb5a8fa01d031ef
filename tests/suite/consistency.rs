//! A bucket of `statementCounts` is what its key selects: for every
//! dimension, each bucket's count equals the `totalCount` of the same
//! filter narrowed by the bucket's key in that dimension's filter field,
//! on a generated corpus and on the seed corpus, on both databases. And
//! what the tallies answer where the filter allows (`totalCount`, counts by
//! every dimension they hold, by one and by two), equals the count from the
//! statements.

use claimgraph::commands::generate::{self, GenerateArgs};
use claimgraph::config::SeedMode;
use claimgraph::startup::Application;
use serde_json::{Value, json};

use crate::harness::{Backend, TestDatabase, backends, post_graphql, settings, spawn_app};

/// Each dimension and the filter field its keys go back into.
const DIMENSIONS: [(&str, &str); 9] = [
    ("SPEAKER", "speaker"),
    ("ORGANIZATION", "organization"),
    ("OWN_ORGANIZATION", "ownOrganization"),
    ("TOPIC", "topic"),
    ("LANGUAGE", "language"),
    ("DOCUMENT", "documentId"),
    ("KIND", "kind"),
    ("MONTH", "month"),
    ("REVIEW_STATUS", "reviewStatus"),
];

/// At most this many buckets of a count are checked: the largest and the
/// smallest.
const SAMPLE: usize = 16;

const COUNT: &str = r#"
query($filter: StatementFilter, $by: CountDimension!) {
  statementCounts(filter: $filter, by: $by) { key count }
}"#;

const COUNT_TWICE: &str = r#"
query($filter: StatementFilter, $by: CountDimension!, $thenBy: CountDimension) {
  statementCounts(filter: $filter, by: $by, thenBy: $thenBy) {
    key count breakdown { key count }
  }
}"#;

const TOTAL: &str = r#"
query($filter: StatementFilter) { statements(filter: $filter, first: 1) { totalCount } }"#;

/// A server, at its address.
struct Server {
    client: reqwest::Client,
    address: String,
}

impl Server {
    async fn data(&self, query: &str, variables: Value) -> Value {
        let body = post_graphql(&self.client, &self.address, None, query, variables.clone()).await;
        assert!(body.get("errors").is_none(), "{variables}: {body:#}");
        body["data"].clone()
    }

    async fn total(&self, filter: &Value) -> i64 {
        self.data(TOTAL, json!({ "filter": filter })).await["statements"]["totalCount"]
            .as_i64()
            .expect("a count")
    }
}

/// `filter` narrowed to the bucket `key` of a dimension: in the field
/// itself, or, where the filter already uses that field, in `anyOf`.
fn narrowed(filter: &Value, field: &str, key: &str) -> Value {
    let value = if field == "reviewStatus" {
        json!([key])
    } else {
        json!(key)
    };
    let mut out = filter.clone();
    if out.get(field).is_some() {
        out["anyOf"] = json!([{ field: value }]);
    } else {
        out[field] = value;
    }
    out
}

/// Checks every dimension's buckets of `filter` against the filter; how
/// many buckets it checked.
async fn buckets_are_their_filters(server: &Server, what: &str, filter: &Value) -> usize {
    let mut checked = 0;
    for (by, field) in DIMENSIONS {
        let data = server
            .data(COUNT, json!({ "filter": filter, "by": by }))
            .await;
        let buckets = data["statementCounts"].as_array().expect("buckets");
        let keyed: Vec<&Value> = buckets.iter().filter(|b| !b["key"].is_null()).collect();
        let sample: Vec<&&Value> = if keyed.len() <= SAMPLE {
            keyed.iter().collect()
        } else {
            keyed
                .iter()
                .take(SAMPLE / 2)
                .chain(keyed.iter().skip(keyed.len() - SAMPLE / 2))
                .collect()
        };
        for bucket in sample {
            let key = bucket["key"].as_str().expect("a key");
            let within = narrowed(filter, field, key);
            assert_eq!(
                server.total(&within).await,
                bucket["count"].as_i64().expect("a count"),
                "{what}: the {by} bucket {key} for {filter} is {within}"
            );
            checked += 1;
        }
    }
    checked
}

/// The top key of a count by `by`.
async fn top(server: &Server, by: &str) -> String {
    let data = server.data(COUNT, json!({ "filter": {}, "by": by })).await;
    data["statementCounts"]
        .as_array()
        .expect("buckets")
        .iter()
        .find_map(|b| b["key"].as_str())
        .expect("a key")
        .to_owned()
}

async fn check(server: &Server, what: &str) {
    let organization = top(server, "OWN_ORGANIZATION").await;
    let topic = top(server, "TOPIC").await;
    let filters = [
        json!({}),
        json!({ "topic": topic }),
        json!({ "organization": organization }),
        json!({ "organization": organization, "topic": topic, "language": "ru" }),
    ];
    let mut checked = 0;
    for filter in &filters {
        checked += buckets_are_their_filters(server, what, filter).await;
    }
    assert!(checked > 60, "{what}: only {checked} buckets checked");
    // The tally's totals (one organization, one topic) are the count of the
    // statements: `minConfidence: 0` selects the same and is never tallied.
    for filter in [
        json!({}),
        json!({ "topic": topic }),
        json!({ "organization": organization }),
        json!({ "organization": organization, "topic": topic }),
    ] {
        let mut counted = filter.clone();
        counted["minConfidence"] = json!(0);
        assert_eq!(
            server.total(&filter).await,
            server.total(&counted).await,
            "{what}: totalCount of {filter}"
        );
        // Every count, by one dimension and by two of those the tally
        // holds together.
        let mut counts: Vec<(&str, Option<&str>)> =
            DIMENSIONS.iter().map(|(by, _)| (*by, None)).collect();
        for by in ["MONTH", "TOPIC", "ORGANIZATION"] {
            for then_by in ["MONTH", "TOPIC", "ORGANIZATION"] {
                if by != then_by {
                    counts.push((by, Some(then_by)));
                }
            }
        }
        for (by, then_by) in counts {
            let ask = |filter: &Value| json!({ "filter": filter, "by": by, "thenBy": then_by });
            assert_eq!(
                server.data(COUNT_TWICE, ask(&filter)).await,
                server.data(COUNT_TWICE, ask(&counted)).await,
                "{what}: statementCounts of {filter} by {by} then by {then_by:?}"
            );
        }
    }
}

#[tokio::test]
async fn every_bucket_is_what_its_key_selects_on_a_generated_corpus() {
    for backend in backends() {
        let database = generated(backend).await;
        let app = Application::build(&settings(&database, SeedMode::Never))
            .await
            .expect("the application builds");
        let address = format!("http://{}", app.local_addr().expect("a bound address"));
        tokio::spawn(app.run_until_stopped(std::future::pending()));
        let server = Server {
            client: reqwest::Client::new(),
            address,
        };
        check(&server, &format!("{backend:?}, generated")).await;
    }
}

#[tokio::test]
async fn every_bucket_is_what_its_key_selects_on_the_seed_corpus() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let server = Server {
            client: reqwest::Client::new(),
            address: app.address.clone(),
        };
        check(&server, &format!("{backend:?}, seeds")).await;
    }
}

async fn generated(backend: Backend) -> TestDatabase {
    let database = TestDatabase::create(backend).await;
    let args = GenerateArgs {
        statements: 2_000,
        seed: 7,
        batch: 700,
        quiet: true,
    };
    generate::run(&settings(&database, SeedMode::Never), &args)
        .await
        .expect("the corpus is generated");
    database
}
