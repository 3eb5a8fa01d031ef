//! The explorer: a page at `/explore` for reading the claims database, who
//! said what, about what, where and when, built on the public GraphQL API
//! alone, as any other client is.
//!
//! Its files are plain ES modules, a stylesheet and an HTML page under
//! `assets/explore/`, embedded in the binary: no build step, nothing fetched
//! from elsewhere. Its GraphQL operations live one per file in
//! `assets/explore/queries/`, and are served together as one module,
//! `/explore/queries.js`, so that the page asks the server for data only
//! through `POST /graphql`. The suite runs every one of those files against a
//! seeded server, so that a schema change that would break the page fails
//! there first.
//!
//! It is served whether or not the playground is: it reads only what
//! `/graphql` answers anyway, and needs neither introspection nor the
//! playground's files. Its review tools send the editor key the reader
//! pastes into it, which the page keeps in memory only.
//!
//! | route | what | cached |
//! |---|---|---|
//! | `GET /explore` | the page | revalidated on every visit |
//! | `GET /explore/<file>` | its scripts, stylesheet and operations | revalidated |

use std::sync::LazyLock;

use axum::Router;
use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::routes::AppState;

/// The page runs only its own modules and styles, sets no inline style or
/// script, evaluates no strings, and talks to this server only.
const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; \
     frame-ancestors 'none'";

/// Revalidated on every use, so that an upgraded server is seen at once.
const REVALIDATE: &str = "no-cache";

const JAVASCRIPT: &str = "text/javascript; charset=utf-8";

const PAGE: &str = include_str!("../../assets/explore/index.html");

/// The page's files, by the name it loads them by.
const FILES: &[(&str, &str, &str)] = &[
    (
        "explore.css",
        "text/css; charset=utf-8",
        include_str!("../../assets/explore/explore.css"),
    ),
    (
        "explore.js",
        JAVASCRIPT,
        include_str!("../../assets/explore/explore.js"),
    ),
    (
        "api.js",
        JAVASCRIPT,
        include_str!("../../assets/explore/api.js"),
    ),
    (
        "timeline.js",
        JAVASCRIPT,
        include_str!("../../assets/explore/timeline.js"),
    ),
];

/// The page's GraphQL operations, one per file, by the file's stem.
const QUERIES: &[(&str, &str)] = &[
    (
        "resolve",
        include_str!("../../assets/explore/queries/resolve.graphql"),
    ),
    (
        "resolveWords",
        include_str!("../../assets/explore/queries/resolveWords.graphql"),
    ),
    (
        "statements",
        include_str!("../../assets/explore/queries/statements.graphql"),
    ),
    (
        "facets",
        include_str!("../../assets/explore/queries/facets.graphql"),
    ),
    (
        "timeline",
        include_str!("../../assets/explore/queries/timeline.graphql"),
    ),
    (
        "stanceTimeline",
        include_str!("../../assets/explore/queries/stanceTimeline.graphql"),
    ),
    (
        "article",
        include_str!("../../assets/explore/queries/article.graphql"),
    ),
    (
        "propositions",
        include_str!("../../assets/explore/queries/propositions.graphql"),
    ),
    (
        "sides",
        include_str!("../../assets/explore/queries/sides.graphql"),
    ),
    (
        "review",
        include_str!("../../assets/explore/queries/review.graphql"),
    ),
    (
        "correctSpeaker",
        include_str!("../../assets/explore/queries/correctSpeaker.graphql"),
    ),
];

/// `/explore/queries.js`: every operation, as a module exporting one object
/// of strings keyed by the file's stem.
static QUERIES_MODULE: LazyLock<String> = LazyLock::new(|| {
    let operations: serde_json::Map<String, serde_json::Value> = QUERIES
        .iter()
        .map(|(name, text)| ((*name).to_owned(), (*text).into()))
        .collect();
    // `<` escaped as in a JSON string it may be, so the module is safe to
    // inline anywhere.
    let json = serde_json::Value::Object(operations)
        .to_string()
        .replace('<', "\\u003c");
    format!(
        "// The explorer's GraphQL operations, from assets/explore/queries/.\n\
         export default {json};\n"
    )
});

/// The explorer's routes.
pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/explore", get(|| async { page() }))
        .route("/explore/", get(|| async { page() }))
        .route("/explore/{file}", get(file))
}

/// The page, with its policy.
fn page() -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static(REVALIDATE)),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(POLICY),
            ),
        ],
        PAGE,
    )
        .into_response()
}

/// One of the page's files, or 404.
async fn file(Path(name): Path<String>) -> Response {
    let (content_type, body) = if name == "queries.js" {
        (JAVASCRIPT, QUERIES_MODULE.as_str())
    } else if let Some((_, content_type, body)) = FILES.iter().find(|(file, ..)| *file == name) {
        (*content_type, *body)
    } else {
        return (StatusCode::NOT_FOUND, "no such file of the explorer").into_response();
    };
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static(REVALIDATE)),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        body,
    )
        .into_response()
}
