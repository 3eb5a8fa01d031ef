//! The playground: GraphiQL at `/` (and at `/graphql` for a browser), with
//! every file it needs served by the binary, so that it works offline and
//! behind a firewall.
//!
//! `build.rs` fetches GraphiQL, React and ReactDOM from the npm registry at
//! build time, pinned to versions and integrity hashes, and embeds their files
//! through the generated `playground_assets.rs`. A build that could not fetch
//! them serves the hand-written `assets/playground.html` instead; `GRAPHIQL`
//! says which. Both pages take their examples from `assets/examples.json`,
//! the README's queries.
//!
//! | route | what | cached |
//! |---|---|---|
//! | `GET /` | the page | revalidated on every visit |
//! | `GET /playground/claimgraph.js` | starts GraphiQL on this server | revalidated |
//! | `GET /playground/<package>-<version>/<file>` | React, ReactDOM, GraphiQL | a year: a new version is a new path |
//! | `GET /playground/LICENSES.txt` | their licences | revalidated |

use std::sync::LazyLock;

use axum::Router;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

use super::routes::AppState;

/// A file of the playground, embedded at build time.
#[derive(Debug)]
pub struct Asset {
    /// Where it is served; holds the package's version.
    pub path: &'static str,
    pub content_type: &'static str,
    pub bytes: &'static [u8],
}

/// What `build.rs` generated: `GRAPHIQL` (whether GraphiQL is built in),
/// `ASSETS` (its files, in the order the page loads them) and `LICENSES`.
mod generated {
    use super::Asset;
    include!(concat!(env!("OUT_DIR"), "/playground_assets.rs"));
}

use generated::{ASSETS, GRAPHIQL, LICENSES};

const GRAPHIQL_PAGE: &str = include_str!("../../assets/graphiql.html");
const GRAPHIQL_START: &str = include_str!("../../assets/graphiql.js");
const FALLBACK_PAGE: &str = include_str!("../../assets/playground.html");
/// The README's queries and a few more, for both pages.
const EXAMPLES: &str = include_str!("../../assets/examples.json");

/// GraphiQL's page runs only the scripts served here; its styles set inline
/// ones, and its fonts and icons are `data:` URLs. Nothing may come from
/// elsewhere, and requests go to this server only.
const GRAPHIQL_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; font-src 'self' data:; connect-src 'self'; \
     base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
/// The fallback page is one file with its script and styles inline.
const FALLBACK_POLICY: &str = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; \
     img-src data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Revalidated on every use, so that an upgraded server is seen at once.
const REVALIDATE: &str = "no-cache";
/// Versioned paths never change content.
const FOREVER: &str = "public, max-age=31536000, immutable";

/// The page, put together once: the asset tags and the examples filled in.
static PAGE: LazyLock<String> = LazyLock::new(|| {
    // `<` escaped, so that no example can end the `<script>` element holding them.
    let examples = EXAMPLES.replace('<', "\\u003c");
    if !GRAPHIQL {
        return FALLBACK_PAGE.replace("/* claimgraph:examples */", &examples);
    }
    let tags = |extension: &str, tag: fn(&str) -> String| {
        ASSETS
            .iter()
            .filter(|asset| asset.path.ends_with(extension))
            .map(|asset| tag(asset.path))
            .collect::<Vec<_>>()
            .join("\n")
    };
    GRAPHIQL_PAGE
        .replace(
            "<!-- claimgraph:stylesheets -->",
            &tags(".css", |path| {
                format!(r#"<link rel="stylesheet" href="{path}">"#)
            }),
        )
        .replace(
            "<!-- claimgraph:scripts -->",
            &tags(".js", |path| format!(r#"<script src="{path}"></script>"#)),
        )
        .replace("/* claimgraph:examples */", &examples)
});

/// The playground's routes, for a server that serves it.
pub(super) fn routes() -> Router<AppState> {
    let mut router = Router::new().route("/", get(|| async { page() }));
    if GRAPHIQL {
        router = router
            .route(
                "/playground/claimgraph.js",
                get(|| async {
                    file("text/javascript; charset=utf-8", REVALIDATE, GRAPHIQL_START)
                }),
            )
            .route(
                "/playground/LICENSES.txt",
                get(|| async { file("text/plain; charset=utf-8", REVALIDATE, LICENSES) }),
            );
        for asset in ASSETS {
            router = router.route(
                asset.path,
                get(move || async move { file(asset.content_type, FOREVER, asset.bytes) }),
            );
        }
    }
    router
}

/// The playground's page.
pub(super) fn page() -> Response {
    let policy = if GRAPHIQL {
        GRAPHIQL_POLICY
    } else {
        FALLBACK_POLICY
    };
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/html; charset=utf-8"),
            ),
            (header::CACHE_CONTROL, HeaderValue::from_static(REVALIDATE)),
            (
                header::CONTENT_SECURITY_POLICY,
                HeaderValue::from_static(policy),
            ),
        ],
        PAGE.as_str(),
    )
        .into_response()
}

/// One embedded file.
fn file(
    content_type: &'static str,
    cache: &'static str,
    body: impl Into<axum::body::Body>,
) -> Response {
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
            (header::CACHE_CONTROL, HeaderValue::from_static(cache)),
            (
                header::X_CONTENT_TYPE_OPTIONS,
                HeaderValue::from_static("nosniff"),
            ),
        ],
        body.into(),
    )
        .into_response()
}
