//! The playground over plain HTTP: the page, every file it loads served by
//! this server with its type and caching, its examples, and none of it when
//! the playground is switched off.

use serde_json::Value;

use crate::harness::{Backend, spawn_app, spawn_configured};

/// The same-server URLs the page loads or links to (`src="/…"`, `href="/…"`).
pub(crate) fn local_urls(page: &str) -> Vec<String> {
    ["src=\"/", "href=\"/"]
        .iter()
        .flat_map(|attribute| {
            page.match_indices(attribute).filter_map(|(at, _)| {
                let url = &page[at + attribute.len() - 1..];
                url.find('"').map(|end| url[..end].to_owned())
            })
        })
        .collect()
}

/// The examples the server filled into the page.
fn page_examples(page: &str) -> Value {
    let start = r#"<script type="application/json" id="claimgraph-examples">"#;
    let json = page
        .split(start)
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .expect("the page holds its examples");
    serde_json::from_str(json).expect("the examples are JSON")
}

#[tokio::test]
async fn the_playground_serves_every_file_it_loads() {
    let app = spawn_app(Backend::Sqlite).await;
    let response = app.get("/").await;
    assert_eq!(response.status(), 200);
    let policy = response.headers()["content-security-policy"]
        .to_str()
        .expect("ascii")
        .to_owned();
    assert!(
        policy.contains("default-src 'none'") && policy.contains("connect-src 'self'"),
        "the page may load nothing from elsewhere: {policy}"
    );
    let page = response.text().await.expect("a page");

    let examples = page_examples(&page);
    let titles: Vec<&str> = examples
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|e| e["title"].as_str())
        .collect();
    assert!(
        titles.len() >= 8 && titles[0].starts_with("The headline"),
        "the headline first, then the README's other examples: {titles:?}"
    );

    let mut urls = local_urls(&page);
    if !page.contains("graphiql") {
        assert!(
            std::env::var_os("CLAIMGRAPH_REQUIRE_BROWSER").is_none(),
            "this build serves the fallback playground, not GraphiQL (see the warning from api/build.rs)"
        );
        assert!(urls.is_empty(), "the fallback page is one file: {urls:?}");
        eprintln!("skipped the assets: this build serves the fallback playground");
        return;
    }
    // The licences are linked from GraphiQL's footer, which the start script draws.
    let start = app
        .get("/playground/claimgraph.js")
        .await
        .text()
        .await
        .expect("a script");
    let licences = "/playground/LICENSES.txt";
    assert!(start.contains(licences), "the page links to the licences");
    urls.push(licences.to_owned());
    let kinds = |extension: &str| urls.iter().filter(|u| u.ends_with(extension)).count();
    assert!(
        kinds(".js") >= 4 && kinds(".css") >= 1 && kinds(".txt") == 1,
        "React, ReactDOM, GraphiQL and its start, GraphiQL's styles, the licences: {urls:?}"
    );
    for url in &urls {
        let response = app.get(url).await;
        assert_eq!(response.status(), 200, "{url}");
        let header = |name: &str| {
            response
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default()
                .to_owned()
        };
        let (content_type, cache) = (header("content-type"), header("cache-control"));
        let expected = match url.rsplit('.').next() {
            Some("js") => "text/javascript",
            Some("css") => "text/css",
            _ => "text/plain",
        };
        assert!(content_type.starts_with(expected), "{url}: {content_type}");
        assert_eq!(header("x-content-type-options"), "nosniff", "{url}");
        // A file from an npm package is in a folder named with its version
        // (`/playground/react-18.3.1/…`), and is kept for good; the rest is
        // revalidated.
        let versioned = url.split('/').count() == 4;
        assert_eq!(
            cache.contains("immutable"),
            versioned,
            "{url}: Cache-Control {cache}"
        );
        let body = response.bytes().await.expect("a body");
        assert!(body.len() > 1_000, "{url}: {} bytes", body.len());
        if url.ends_with("graphiql.min.js") {
            assert!(
                body.len() > 500_000,
                "GraphiQL itself: {} bytes",
                body.len()
            );
        }
        if url.ends_with("LICENSES.txt") {
            let text = String::from_utf8_lossy(&body);
            for package in ["==== react ", "==== react-dom ", "==== graphiql "] {
                assert!(text.contains(package), "the licences name {package}");
            }
        }
    }
}

#[tokio::test]
async fn none_of_the_playground_is_served_when_it_is_off() {
    let on = spawn_app(Backend::Sqlite).await;
    let page = on.get("/").await.text().await.expect("a page");
    let off = spawn_configured(Backend::Sqlite, |s| s.playground = false).await;
    let urls = local_urls(&page)
        .into_iter()
        .chain(["/".to_owned(), "/playground/LICENSES.txt".to_owned()]);
    for url in urls {
        assert_eq!(off.get(&url).await.status(), 404, "{url}");
    }
    let browser = off
        .client
        .get(format!("{}/graphql", off.address))
        .header("accept", "text/html")
        .send()
        .await
        .expect("answers");
    assert_ne!(browser.status(), 200, "no playground at /graphql either");
}
