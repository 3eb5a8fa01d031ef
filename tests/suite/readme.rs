//! Every GraphQL example in the README runs, without errors, and finds something.

use serde_json::{Value, json};

use crate::harness::{backends, spawn_app};

/// The ```graphql blocks of README.md, indented ones included.
fn readme_examples() -> Vec<String> {
    let readme = include_str!("../../README.md");
    let mut examples = Vec::new();
    let mut current: Option<(usize, Vec<String>)> = None;
    for line in readme.lines() {
        let trimmed = line.trim_start();
        match &mut current {
            None if trimmed == "```graphql" => {
                current = Some((line.len() - trimmed.len(), Vec::new()));
            }
            Some((_, lines)) if trimmed == "```" => {
                examples.push(lines.join("\n"));
                current = None;
            }
            Some((indent, lines)) => lines.push(line.get(*indent..).unwrap_or("").to_owned()),
            None => {}
        }
    }
    examples
}

/// The ```graphql mutations of the README's review walkthrough, in order.
fn walkthrough_mutations() -> Vec<String> {
    let readme = include_str!("../../README.md");
    let start = readme
        .find("## Reviewing extracted statements")
        .expect("the walkthrough");
    let end = readme[start + 1..]
        .find("\n## ")
        .map_or(readme.len(), |i| start + 1 + i);
    let mut mutations = Vec::new();
    let mut rest = &readme[start..end];
    while let Some(open) = rest.find("```graphql\n") {
        let body = &rest[open + "```graphql\n".len()..];
        let close = body.find("```").expect("a closed block");
        if body[..close].trim_start().starts_with("mutation") {
            mutations.push(body[..close].to_owned());
        }
        rest = &body[close..];
    }
    mutations
}

/// True when some list in `value` is not empty.
fn finds_something(value: &Value) -> bool {
    match value {
        Value::Array(items) => !items.is_empty(),
        Value::Object(fields) => fields.values().any(finds_something),
        _ => false,
    }
}

#[tokio::test]
async fn every_readme_example_answers() {
    let examples = readme_examples();
    assert!(
        examples.len() >= 6,
        "the README shows the headline query and five more"
    );
    for backend in backends() {
        let app = spawn_app(backend).await;
        // Mutations are shown to be read, not run: they need an API key.
        for example in examples
            .iter()
            .filter(|e| !e.trim_start().starts_with("mutation"))
        {
            let data = app.data(example, json!({})).await;
            assert!(
                finds_something(&data),
                "{backend:?}: nothing found by\n{example}\n{data:#}"
            );
        }
    }
}

/// The walkthrough's mutations run, one after the other, with an admin key:
/// the ids and versions they name are those of the seed corpus.
#[tokio::test]
async fn the_review_walkthrough_runs_as_written() {
    let mutations = walkthrough_mutations();
    assert!(mutations.len() >= 5, "{mutations:?}");
    const KEY: &str = "readme-walkthrough-admin-key";
    for backend in backends() {
        let app = crate::harness::spawn_configured(backend, |s| {
            s.api_key = Some(KEY.parse().expect("a key"))
        })
        .await;
        for mutation in &mutations {
            let body = app.graphql_as(KEY, mutation, json!({})).await;
            assert!(
                body.get("errors").is_none(),
                "{backend:?}: the README's\n{mutation}\nanswers {body:#}"
            );
        }
    }
}

/// The playground's examples (`api/assets/examples.json`) are the README's:
/// the headline first, then the others, in the README's order, word for
/// word; a few more may follow.
#[test]
fn the_playground_offers_every_readme_example() {
    let playground: Value =
        serde_json::from_str(include_str!("../../api/assets/examples.json")).expect("JSON");
    let queries: Vec<&str> = playground
        .as_array()
        .expect("a list")
        .iter()
        .map(|e| e["query"].as_str().expect("a query"))
        .collect();
    let readme: Vec<String> = readme_examples()
        .into_iter()
        .filter(|e| !e.trim_start().starts_with("mutation"))
        .collect();
    assert!(queries.len() >= readme.len());
    for (readme, playground) in readme.iter().zip(&queries) {
        assert_eq!(
            readme.trim_end(),
            playground.trim_end(),
            "the playground's examples follow the README's"
        );
    }
}
