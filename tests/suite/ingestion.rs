//! Ingesting new articles over GraphQL and from the command line: writes
//! behind the API key, one transaction per article, the same text once.

use std::process::Command;

use serde_json::json;

use crate::harness::{
    Backend, TestApp, TestDatabase, backends, error_code, spawn_app, spawn_configured,
};

const KEY: &str = "test-key-0123456789abcdef";

const INGEST: &str = r#"
mutation Ingest($input: IngestDocumentInput!) {
  ingestDocument(input: $input) { id slug title language published { iso precision } body }
}"#;

/// An article of our own, in the style of a news report.
const ARTICLE_RU: &str = "Министр иностранных дел провел брифинг\n\n\
Министр иностранных дел Казахстана Мухтар Тлеуберди заявил, что расследование \
январских событий будет завершено в срок.\n\n\
«Мы готовы показать все материалы международным наблюдателям и ответить на каждый вопрос», — подчеркнул он.\n\n\
Фото: пресс-служба\n";

async fn document_count(app: &TestApp) -> i64 {
    app.data("{ documents { totalCount } }", json!({})).await["documents"]["totalCount"]
        .as_i64()
        .expect("a count")
}

#[tokio::test]
async fn writes_are_refused_without_the_right_key() {
    let open = spawn_app(Backend::Sqlite).await;
    let body = open
        .graphql(INGEST, json!({ "input": { "text": ARTICLE_RU } }))
        .await;
    assert_eq!(error_code(&body), "FORBIDDEN", "{body:#}");
    let message = body["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains("CLAIMGRAPH_API_KEY"),
        "the refusal says how to enable writes: {message}"
    );

    let guarded = spawn_configured(Backend::Sqlite, |s| {
        s.api_key = Some(KEY.parse().expect("a key"))
    })
    .await;
    let body = guarded
        .graphql(INGEST, json!({ "input": { "text": ARTICLE_RU } }))
        .await;
    assert_eq!(error_code(&body), "UNAUTHENTICATED", "no key: {body:#}");
    let body = guarded
        .graphql_as(
            "wrong-key-wrong-key",
            INGEST,
            json!({ "input": { "text": ARTICLE_RU } }),
        )
        .await;
    assert_eq!(
        error_code(&body),
        "UNAUTHENTICATED",
        "a wrong key: {body:#}"
    );
    assert_eq!(document_count(&guarded).await, 5, "nothing was stored");
}

#[tokio::test]
async fn an_ingested_article_is_stored_once_and_answers_queries() {
    for backend in backends() {
        let app =
            spawn_configured(backend, |s| s.api_key = Some(KEY.parse().expect("a key"))).await;
        let input = json!({ "input": { "text": ARTICLE_RU, "publishedOn": "2022-03-10", "outlet": "Example Daily" } });
        let first = app.graphql_as(KEY, INGEST, input.clone()).await;
        assert!(first.get("errors").is_none(), "{backend:?}: {first:#}");
        let doc = &first["data"]["ingestDocument"];
        assert_eq!(
            doc["language"], "ru",
            "{backend:?}: the language is detected"
        );
        assert_eq!(
            doc["title"], "Министр иностранных дел провел брифинг",
            "the title is the first line"
        );
        assert_eq!(doc["published"]["iso"], "2022-03-10");
        assert_eq!(doc["published"]["precision"], "DAY");
        assert!(
            !doc["body"].as_str().expect("body").contains("Фото:"),
            "the body is cleaned"
        );
        assert_eq!(document_count(&app).await, 6);

        // Its statements answer the cross-source queries at once.
        let found = app
            .data(
                r#"query($doc: ID!) {
                  statements(filter: { documentId: $doc, speaker: "Tleuberdi" }, orderBy: DOCUMENT_ORDER) {
                    nodes { text kind source confidence speaker { key } organization { key } topics { slug } }
                  }
                }"#,
                json!({ "doc": doc["id"] }),
            )
            .await;
        let nodes = found["statements"]["nodes"]
            .as_array()
            .expect("nodes")
            .clone();
        assert_eq!(
            nodes.len(),
            2,
            "{backend:?}: the claim and the quote, both his: {found:#}"
        );
        assert_eq!(nodes[0]["kind"], "PARAPHRASE");
        assert_eq!(
            nodes[1]["kind"], "DIRECT_QUOTE",
            "«…», — подчеркнул он: the pronoun is resolved"
        );
        assert!(
            nodes[1]["text"]
                .as_str()
                .expect("text")
                .starts_with("Мы готовы показать")
        );
        for node in &nodes {
            assert_eq!(node["speaker"]["key"], "mukhtar_tleuberdi");
            assert_eq!(
                node["organization"]["key"], "kz_mfa",
                "the organization follows from his affiliation"
            );
            assert!(
                node["source"]
                    .as_str()
                    .expect("source")
                    .starts_with("rules-extractor@")
            );
        }
        assert!(
            nodes[0]["topics"]
                .as_array()
                .expect("topics")
                .iter()
                .any(|t| t["slug"] == "investigation"),
            "tagged from the topic keywords: {found:#}"
        );
        let by_topic = app
            .data(r#"{ statements(filter: { topic: "расследование", text: "январских" }) { totalCount } }"#, json!({}))
            .await;
        assert!(
            by_topic["statements"]["totalCount"]
                .as_i64()
                .expect("count")
                >= 1
        );

        let again = app.graphql_as(KEY, INGEST, input).await;
        assert_eq!(
            again["data"]["ingestDocument"]["id"], doc["id"],
            "{backend:?}: the same text is the same document"
        );
        assert_eq!(
            document_count(&app).await,
            6,
            "{backend:?}: nothing was added"
        );
        let count = app
            .data(
                "query($doc: ID!) { statements(filter: { documentId: $doc }) { totalCount } }",
                json!({ "doc": doc["id"] }),
            )
            .await;
        assert_eq!(
            count["statements"]["totalCount"].as_i64(),
            Some(nodes.len() as i64),
            "{backend:?}: no statement twice"
        );

        let outlets = app
            .data(
                r#"{ organizations(name: "Example Daily") { nodes { name } } }"#,
                json!({}),
            )
            .await;
        assert_eq!(
            outlets["organizations"]["nodes"][0]["name"], "Example Daily",
            "an unknown outlet is created"
        );
    }
}

#[tokio::test]
async fn an_article_in_another_language_is_stored_with_a_notice() {
    let app = spawn_configured(Backend::Sqlite, |s| {
        s.api_key = Some(KEY.parse().expect("a key"))
    })
    .await;
    let text = "Der Außenminister sagte am Montag, dass die Untersuchung der Ereignisse im Januar fortgesetzt werde.";
    let body = app
        .graphql_as(
            KEY,
            "mutation($t: String!) { ingestDocument(input: { text: $t }) { language extractionNotice statements { totalCount } } }",
            json!({ "t": text }),
        )
        .await;
    let doc = &body["data"]["ingestDocument"];
    assert_eq!(doc["language"], "de", "{body:#}");
    assert_eq!(doc["statements"]["totalCount"], 0);
    assert!(
        doc["extractionNotice"]
            .as_str()
            .is_some_and(|n| n.contains("Russian and English")),
        "{body:#}"
    );
}

#[tokio::test]
async fn bad_articles_are_refused_and_store_nothing() {
    let app = spawn_configured(Backend::Sqlite, |s| {
        s.api_key = Some(KEY.parse().expect("a key"))
    })
    .await;
    // Over the 1 MiB an article may have, under the HTTP body limit.
    let huge = "word ".repeat(210_000);
    for (input, what) in [
        (json!({ "text": "   \n  " }), "an empty text"),
        (
            json!({ "text": "Фото: пресс-служба\n" }),
            "a text that is only furniture",
        ),
        (json!({ "text": huge }), "a text over 1 MiB"),
        (
            json!({ "text": ARTICLE_RU, "publishedOn": "10.03.2022" }),
            "a date in another format",
        ),
        (
            json!({ "text": ARTICLE_RU, "language": "russian" }),
            "a language that is not a code",
        ),
    ] {
        let body = app.graphql_as(KEY, INGEST, json!({ "input": input })).await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{what}: {body:#}");
    }
    assert_eq!(document_count(&app).await, 5, "nothing was stored");
}

#[tokio::test]
async fn preview_extraction_stores_nothing() {
    let app = spawn_app(Backend::Sqlite).await;
    let data = app
        .data(
            "query($text: String!) { previewExtraction(text: $text) { text kind span { start end } speakerName confidence } }",
            json!({ "text": ARTICLE_RU }),
        )
        .await;
    for found in data["previewExtraction"].as_array().expect("a list") {
        let confidence = found["confidence"].as_f64().expect("confidence");
        assert!((0.0..=1.0).contains(&confidence), "{found}");
    }
    assert_eq!(document_count(&app).await, 5);
}

/// Runs the real binary with `args` against `database`.
fn claimgraph(database: &TestDatabase, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_claimgraph"))
        .args(args)
        .env("DATABASE_URL", &database.url)
        .env("CLAIMGRAPH_SEED", "never")
        .env("RUST_LOG", "warn")
        .output()
        .expect("the binary runs")
}

#[tokio::test]
async fn the_ingest_command_reads_folders_and_reports() {
    let database = TestDatabase::create(Backend::Sqlite).await;
    let dir = tempfile::tempdir().expect("a folder");
    std::fs::write(dir.path().join("a.txt"), ARTICLE_RU).expect("written");
    std::fs::write(
        dir.path().join("b.txt"),
        "The minister said on Monday that the talks would resume next week.\n",
    )
    .expect("written");
    std::fs::write(dir.path().join("empty.txt"), "  \n").expect("written");
    std::fs::write(
        dir.path().join("latin1.txt"),
        [0x50_u8, 0xe9, 0x6e, 0x61, 0x6c],
    )
    .expect("written");
    let folder = dir.path().to_str().expect("a UTF-8 path");

    let output = claimgraph(&database, &["ingest", folder]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("2 documents added"), "{stdout}");
    assert!(stdout.contains("2 failed"), "{stdout}");
    assert!(
        stdout.contains("empty.txt"),
        "the failure names the file: {stdout}"
    );
    assert!(stdout.contains("not UTF-8"), "and says why: {stdout}");

    let again = claimgraph(&database, &["ingest", folder]);
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert!(
        stdout.contains("0 documents added") && stdout.contains("2 already present"),
        "{stdout}"
    );
}

#[tokio::test]
async fn extraction_meets_its_targets_on_the_seed_articles() {
    let report = claimgraph::commands::eval::evaluate()
        .await
        .expect("the evaluation runs");
    eprintln!("{report}");
    let overall = &report.overall;
    assert_eq!(overall.curated, 55);
    assert!(
        overall.f1() >= 0.80,
        "statement F1 {:.2} is under the 0.80 target",
        overall.f1()
    );
    assert!(
        overall.speaker_accuracy() >= 0.85,
        "speaker accuracy {:.2} is under the 0.85 target",
        overall.speaker_accuracy()
    );
}

#[tokio::test]
async fn eval_prints_precision_recall_and_f1() {
    let database = TestDatabase::create(Backend::Sqlite).await;
    let output = claimgraph(&database, &["eval"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for column in [
        "precision",
        "recall",
        "F1",
        "speaker",
        "overall",
        "000_53397f788cb4b0bb",
    ] {
        assert!(stdout.contains(column), "{column} missing from\n{stdout}");
    }
}

/// A development set of one article, written for this test: its
/// annotation in `articles/`, its text kept apart in `texts/`.
const DEV_TEXT: &str = "Statement of the Ministry of Fisheries on the spring quota\n\n\
The Ministry of Fisheries regrets the delay in setting the spring quota. \
We call on all fleets to respect the interim limits.\n\n\
\"The stocks are recovering, but slowly,\" said Mara Lind, the ministry's chief scientist. \
\"We will publish the survey in May.\"\n";

const DEV_ANNOTATION: &str = r#"
url = "https://example.org/fisheries/spring-quota"
outlet = "Ministry of Fisheries"
language = "en"
published = "2031-03"
shape = "ministry_statement"
author = "Ministry of Fisheries"
sha256 = "not the digest"

[[statement]]
starts = "The Ministry of Fisheries regrets"
ends = "the spring quota."
organization = "Ministry of Fisheries"
kind = "direct_quote"

[[statement]]
starts = "We call on all fleets"
ends = "the interim limits."
organization = "Ministry of Fisheries"
kind = "direct_quote"

[[statement]]
starts = "The stocks are recovering"
ends = "but slowly"
speaker = "Mara Lind"
organization = "Ministry of Fisheries"
kind = "direct_quote"

[[statement]]
starts = "We will publish the survey"
ends = "in May."
speaker = "Mara Lind"
organization = "Ministry of Fisheries"
kind = "direct_quote"
"#;

#[tokio::test]
async fn eval_measures_a_development_set_whose_texts_are_kept_apart() {
    let database = TestDatabase::create(Backend::Sqlite).await;
    let dev = tempfile::tempdir().expect("a folder");
    std::fs::create_dir_all(dev.path().join("articles")).expect("a folder");
    std::fs::create_dir_all(dev.path().join("texts")).expect("a folder");
    std::fs::write(
        dev.path().join("articles/en-fisheries-quota.toml"),
        DEV_ANNOTATION,
    )
    .expect("written");
    std::fs::write(
        dev.path().join("articles/en-without-text.toml"),
        DEV_ANNOTATION,
    )
    .expect("written");
    std::fs::write(dev.path().join("texts/en-fisheries-quota.txt"), DEV_TEXT).expect("written");

    let folder = dev.path().to_str().expect("a path");
    let output = claimgraph(&database, &["eval", "--dev", folder, "--disagreements"]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for shown in [
        "seed articles",
        "development set (1 articles",
        "ministry_statement",
        "en-fisheries-quota",
        "not measured, no text",
        "en-without-text",
        "differ from the ones annotated",
        "P(c≥0.8)",
    ] {
        assert!(stdout.contains(shown), "{shown:?} missing from\n{stdout}");
    }
    // The ministry's own sentences and the scientist's two quotes are all
    // found, with the right speakers: recall 1.00 and speaker 1.00.
    let row = stdout
        .lines()
        .find(|l| l.starts_with("en-fisheries-quota"))
        .expect("the article's row");
    let figures: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(
        &figures[1..4],
        ["4", "4", "4"],
        "curated, found, matched: {row}"
    );
    assert_eq!(figures[7], "1.00", "speaker accuracy: {row}");

    // An annotation whose words are not in its text is refused, naming both.
    std::fs::write(
        dev.path().join("articles/en-fisheries-quota.toml"),
        DEV_ANNOTATION.replace("We call on all fleets", "We call on every trawler"),
    )
    .expect("written");
    let output = claimgraph(&database, &["eval", "--dev", folder]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "a bad annotation fails the run");
    assert!(
        stderr.contains("en-fisheries-quota.toml") && stderr.contains("We call on every trawler"),
        "{stderr}"
    );
}

#[tokio::test]
async fn min_confidence_keeps_only_the_surer_statements() {
    for backend in backends() {
        let app =
            spawn_configured(backend, |s| s.api_key = Some(KEY.parse().expect("a key"))).await;
        let ingested = app
            .graphql_as(KEY, INGEST, json!({ "input": { "text": ARTICLE_RU } }))
            .await;
        let doc = ingested["data"]["ingestDocument"]["id"].clone();
        let count = |min: f64| {
            let app = &app;
            let doc = doc.clone();
            async move {
                app.data(
                    "query($doc: ID!, $min: Float) { statements(filter: { documentId: $doc, minConfidence: $min }) { totalCount nodes { confidence } } }",
                    json!({ "doc": doc, "min": min }),
                )
                .await["statements"]
                    .clone()
            }
        };
        let all = count(0.0).await;
        let confidences: Vec<f64> = all["nodes"]
            .as_array()
            .expect("nodes")
            .iter()
            .map(|n| n["confidence"].as_f64().expect("a confidence"))
            .collect();
        assert!(confidences.len() >= 2, "{backend:?}: {all:#}");
        let threshold = confidences.iter().copied().fold(f64::MAX, f64::min) + 1e-6;
        let surer = count(threshold).await;
        assert_eq!(
            surer["totalCount"].as_i64(),
            Some(confidences.iter().filter(|c| **c >= threshold).count() as i64),
            "{backend:?}: {surer:#}"
        );
        // The curated seed statements are certain.
        let curated = app
            .data(
                "{ statements(filter: { minConfidence: 1.0, language: \"en\" }) { totalCount } }",
                json!({}),
            )
            .await;
        assert_eq!(
            curated["statements"]["totalCount"].as_i64(),
            Some(20),
            "{backend:?}"
        );
        let bad = app
            .graphql(
                "{ statements(filter: { minConfidence: 1.5 }) { totalCount } }",
                json!({}),
            )
            .await;
        assert_eq!(error_code(&bad), "BAD_USER_INPUT", "{backend:?}: {bad:#}");
        let message = bad["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(message.contains("minConfidence"), "{message}");
        // The exports take it as a query parameter.
        let export = app.get("/export/statements.ndjson?minConfidence=1").await;
        assert_eq!(export.status(), 200);
        let lines = export.text().await.expect("a body").lines().count();
        assert_eq!(lines, 55, "{backend:?}: the curated statements only");
    }
}

#[tokio::test]
async fn unknown_speakers_come_with_the_organization_and_post_the_article_gives() {
    for backend in backends() {
        let app =
            spawn_configured(backend, |s| s.api_key = Some(KEY.parse().expect("a key"))).await;
        let text = "Harbour dispute goes to court\n\n\
The Coastal Rights Network said the fishing ban was unlawful.\n\n\
\"We will appeal the ruling before the end of the month,\" said Jan Novak, a spokesman for the Harbour Commission.\n";
        let ingested = app
            .graphql_as(
                KEY,
                INGEST,
                json!({ "input": { "text": text, "language": "en" } }),
            )
            .await;
        let doc = ingested["data"]["ingestDocument"]["id"].clone();
        assert!(doc.is_string(), "{backend:?}: {ingested:#}");
        let found = app
            .data(
                r#"query($doc: ID!) {
                  statements(filter: { documentId: $doc }, orderBy: DOCUMENT_ORDER) {
                    nodes {
                      kind
                      speaker { name verified affiliations { role organization { name } } }
                      organization { name verified }
                    }
                  }
                }"#,
                json!({ "doc": doc }),
            )
            .await;
        let nodes = found["statements"]["nodes"]
            .as_array()
            .expect("nodes")
            .clone();
        assert_eq!(nodes.len(), 2, "{backend:?}: {found:#}");
        // An organization speaking as one is an organization, not a speaker.
        assert!(nodes[0]["speaker"].is_null(), "{backend:?}: {found:#}");
        assert_eq!(nodes[0]["organization"]["name"], "Coastal Rights Network");
        assert_eq!(nodes[0]["organization"]["verified"], false);
        // A person the registry does not know comes with the organization
        // and the post the article gives, unverified.
        assert_eq!(nodes[1]["kind"], "DIRECT_QUOTE");
        assert_eq!(nodes[1]["speaker"]["name"], "Jan Novak");
        assert_eq!(nodes[1]["speaker"]["verified"], false);
        assert_eq!(nodes[1]["organization"]["name"], "Harbour Commission");
        assert_eq!(
            nodes[1]["speaker"]["affiliations"],
            json!([{ "role": "spokesman", "organization": { "name": "Harbour Commission" } }]),
            "{backend:?}: {found:#}"
        );
    }
}
