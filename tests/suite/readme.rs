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
