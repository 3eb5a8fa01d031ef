//! What a request costs the database: nested fields load through DataLoaders,
//! one SQL statement per level (a statement's speaker, organization and
//! document come joined to its page), so a page of 100 costs what a page of
//! 5 does.

use serde_json::json;

use crate::harness::{TestApp, backends, spawn_configured};

/// Three levels below the statements; each loader serves one level.
const THREE_LEVELS: &str = r#"
query ThreeLevels($first: Int!) {
  statements(first: $first, orderBy: OLDEST_FIRST) {
    nodes {
      text
      document { title }
      topics { slug }
      speaker { name affiliations { role organization { name } } }
    }
  }
}"#;

/// Every kind of nested field at once, some of one type at several depths.
const EVERYTHING: &str = r#"
query Everything($first: Int!) {
  statements(first: $first, orderBy: OLDEST_FIRST) {
    nodes {
      text
      context
      speaker { name aliases { name } affiliations { role organization { name parent { name } } } }
      organization { name parent { name children { name } } }
      document { title outlet { name } }
      topics { slug keywords { word } }
      about { ... on Speaker { name } ... on Organization { name } }
    }
  }
}"#;

/// SQL statements run for one request, and the statements it returned: the
/// fewest of eight runs. A DataLoader sends a batch once its keys stop
/// arriving for a moment, so a busy machine can split one level's batch in
/// two; batching that works shows in the best run, an N+1 in every run.
async fn cost(app: &TestApp, query: &str, first: i32) -> (u64, usize) {
    let mut fewest = (u64::MAX, 0);
    for _ in 0..8 {
        let before = app.sql.get();
        let data = app.data(query, json!({ "first": first })).await;
        let rows = data["statements"]["nodes"].as_array().map_or(0, Vec::len);
        fewest = fewest.min((app.sql.get() - before, rows));
    }
    fewest
}

#[tokio::test]
async fn a_three_level_query_costs_the_same_at_any_page_size() {
    for backend in backends() {
        // A DataLoader sends its batch once keys stop arriving for a moment;
        // on a machine busy with other tests that moment can split one
        // level's batch, so the loaders wait a little longer here.
        let app = spawn_configured(backend, |s| s.loader_delay_ms = 20).await;
        let (small, small_rows) = cost(&app, THREE_LEVELS, 5).await;
        let (large, large_rows) = cost(&app, THREE_LEVELS, 100).await;
        eprintln!("{backend:?}: {small} SQL statements at first: 5, {large} at first: 100");
        assert_eq!(small_rows, 5);
        assert!(
            large_rows > 50,
            "{backend:?}: the large page holds the whole corpus"
        );
        assert_eq!(
            small, large,
            "{backend:?}: SQL statements at first: 5 ({small}) and first: 100 ({large}) differ"
        );
        // statements (their documents and speakers joined), topic links,
        // topics, affiliations, organizations
        assert_eq!(small, 5, "{backend:?}: one statement per loader");
    }
}

#[tokio::test]
async fn the_widest_query_stays_within_a_fixed_number_of_statements() {
    for backend in backends() {
        // A DataLoader sends its batch once keys stop arriving for a moment;
        // on a machine busy with other tests that moment can split one
        // level's batch, so the loaders wait a little longer here.
        let app = spawn_configured(backend, |s| s.loader_delay_ms = 20).await;
        for first in [5, 100] {
            let (statements, _) = cost(&app, EVERYTHING, first).await;
            eprintln!(
                "{backend:?}: {statements} SQL statements for the widest query at first: {first}"
            );
            // Loads of one type from different depths may or may not share a
            // batch, depending on timing; never more than one per loader and depth.
            assert!(
                statements <= 20,
                "{backend:?}: {statements} statements at first: {first}"
            );
        }
    }
}
