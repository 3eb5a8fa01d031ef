//! Routes and their handlers.
//!
//! | route | what |
//! |---|---|
//! | `GET /` | the playground: GraphiQL, its files served by the binary (see `playground`) |
//! | `GET /playground/…` | the playground's scripts, styles and licences |
//! | `GET /explore`, `GET /explore/…` | the explorer: search, statements in their articles, a timeline, who is for and against (see `explore`); served with or without the playground |
//! | `POST /graphql`, `GET /graphql?query=…` | GraphQL |
//! | `GET /graphql/ws` | subscriptions over WebSocket (`graphql-transport-ws`) |
//! | `GET /schema.graphql` | the schema as SDL |
//! | `GET /export/statements.csv`, `.ndjson` | statements for notebooks, with `StatementFilter`'s fields as parameters |
//! | `GET /metrics` | Prometheus metrics |
//! | `GET /healthz` | the process is up |
//! | `GET /readyz` | the database (and the read replica, if any) answers |

use std::time::Duration;

use async_graphql::dataloader::DataLoader;
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::Router;
use axum::body::Bytes;
use axum::error_handling::HandleErrorLayer;
use axum::extract::DefaultBodyLimit;
use axum::extract::{RawQuery, State, WebSocketUpgrade};
use axum::http::{HeaderMap, HeaderName, StatusCode, header};
use axum::http::{HeaderValue, Method};
use axum::response::IntoResponse;
use axum::response::Response;
use axum::routing::get;
use governor::clock::QuantaInstant;
use governor::middleware::NoOpMiddleware;
use sea_orm::DatabaseConnection;
use tower::ServiceBuilder;
use tower_governor::GovernorLayer;
use tower_governor::governor::GovernorConfigBuilder;
use tower_governor::key_extractor::PeerIpKeyExtractor;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use super::negotiation;
use crate::graphql::AppSchema;
use crate::graphql::loaders::DbLoader;
use crate::graphql::mutation::Bearer;
use crate::telemetry::REQUEST_ID;

const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");

/// What every handler shares: cheap to clone, no per-instance state beyond the pool.
#[derive(Clone)]
pub struct AppState {
    pub schema: AppSchema,
    /// The primary: mutations, subscriptions, metrics.
    pub db: DatabaseConnection,
    /// What queries and exports read: the read replica when one is
    /// configured, else the primary again.
    pub read_db: DatabaseConnection,
    /// Larger request bodies get 413.
    pub max_body_bytes: usize,
    /// Whether `/` and `/playground/…` serve the playground.
    pub playground: bool,
    /// Longest a GraphQL request may run.
    pub request_timeout: Duration,
    /// GraphQL requests served at once before shedding.
    pub max_concurrent_requests: usize,
    /// Whether the database has been prepared.
    pub ready: super::Readiness,
    /// Origins allowed to call from a browser.
    pub cors_origins: Vec<HeaderValue>,
    /// Requests per second per client IP; 0 for no limit.
    pub rate_limit_per_second: u32,
    /// How long a DataLoader waits for more keys.
    pub loader_delay: Duration,
    /// Parsed GraphQL documents by their text.
    pub parsed: crate::graphql::parsed::ParsedDocuments,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").finish_non_exhaustive()
    }
}

/// The application's router; what `main` serves and what the tests call.
pub fn router(state: AppState) -> Router {
    let mut router = Router::new();
    if state.playground {
        router = router.merge(super::playground::routes());
    }
    // The explorer reads only what `/graphql` answers anyway: it stays when
    // the playground is switched off.
    router = router.merge(super::explore::routes());
    // What a client can ask the database for is rate-limited per client when
    // configured; health, metrics and the schema never are.
    let limited = Router::new()
        .route(
            "/graphql",
            get(graphql_get).post(graphql_post).layer(
                ServiceBuilder::new()
                    .layer(HandleErrorLayer::new(overloaded))
                    .load_shed()
                    .concurrency_limit(state.max_concurrent_requests),
            ),
        )
        .route("/export/statements.csv", get(super::export::csv))
        .route("/export/statements.ndjson", get(super::export::ndjson))
        .route_layer(tower::util::option_layer(rate_limit(
            state.rate_limit_per_second,
        )));
    router
        .merge(limited)
        .route("/graphql/ws", get(graphql_ws))
        .route("/schema.graphql", get(schema_sdl))
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics))
        .route("/readyz", get(readyz))
        .with_state(state.clone())
        .layer(DefaultBodyLimit::max(state.max_body_bytes))
        .layer(cors(&state.cors_origins))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID_HEADER))
        .layer(TraceLayer::new_for_http().make_span_with(|request: &axum::http::Request<_>| {
            let request_id = request
                .headers()
                .get(REQUEST_ID_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            tracing::info_span!("request", method = %request.method(), uri = %request.uri(), request_id)
        }))
        .layer(SetRequestIdLayer::new(REQUEST_ID_HEADER, MakeRequestUuid))
}

/// A per-client (peer IP) rate limit of `per_second` requests a second with
/// bursts of twice that, answered 429 with `Retry-After`; none for 0.
fn rate_limit(
    per_second: u32,
) -> Option<GovernorLayer<PeerIpKeyExtractor, NoOpMiddleware<QuantaInstant>, axum::body::Body>> {
    if per_second == 0 {
        return None;
    }
    let config = GovernorConfigBuilder::default()
        .per_millisecond((1000 / u64::from(per_second)).max(1))
        .burst_size(per_second.saturating_mul(2))
        .finish()?;
    let limiter = config.limiter().clone();
    // Forget clients that have gone quiet, so the table does not grow forever.
    tokio::spawn(async move {
        let mut every_minute = tokio::time::interval(Duration::from_secs(60));
        loop {
            every_minute.tick().await;
            limiter.retain_recent();
        }
    });
    Some(GovernorLayer::new(std::sync::Arc::new(config)))
}

/// `GET /graphql`: queries only, from the query string.
async fn graphql_get(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    // A browser opening the endpoint gets the playground.
    let wants_html = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.split(',')
                .next()
                .is_some_and(|first| first.trim().starts_with("text/html"))
        });
    if wants_html && state.playground {
        return super::playground::page();
    }
    let request = match async_graphql::http::parse_query_string(
        query.as_deref().unwrap_or_default(),
    ) {
        Ok(request) => request,
        Err(err) => {
            let error = serde_json::json!({
                "errors": [{ "message": format!("the query string is not a GraphQL request: {err}"), "extensions": { "code": "BAD_USER_INPUT" } }]
            });
            return (StatusCode::BAD_REQUEST, axum::Json(error)).into_response();
        }
    };
    let document = state.parsed.document(&request.query);
    if is_mutation(
        document.as_ref().map(|parsed| &parsed.document),
        request.operation_name.as_deref(),
    ) {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "POST")],
            "mutations are sent with POST",
        )
            .into_response();
    }
    let Some(media) = negotiation::negotiate(&headers) else {
        return negotiation::not_acceptable();
    };
    negotiation::respond(media, execute(&state, &headers, request, document).await)
}

/// `POST /graphql`: one operation as `application/json`. Batches (a JSON
/// array) are not accepted: each would multiply the work of one request.
async fn graphql_post(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        });
    if !json {
        return (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send GraphQL requests as `Content-Type: application/json`",
        )
            .into_response();
    }
    let Some(media) = negotiation::negotiate(&headers) else {
        return negotiation::not_acceptable();
    };
    match serde_json::from_slice::<async_graphql::Request>(&body) {
        Ok(request) => {
            let document = state.parsed.document(&request.query);
            negotiation::respond(media, execute(&state, &headers, request, document).await)
        }
        Err(err) => {
            let message = if body.first() == Some(&b'[') {
                "batched requests are not accepted: send one operation per request".to_owned()
            } else {
                format!("the body is not a GraphQL request: {err}")
            };
            let error = serde_json::json!({
                "errors": [{ "message": message, "extensions": { "code": "BAD_USER_INPUT" } }]
            });
            (StatusCode::BAD_REQUEST, axum::Json(error)).into_response()
        }
    }
}

/// Cross-origin access for the configured origins only; preflights are
/// answered for GraphQL's methods and headers.
fn cors(origins: &[HeaderValue]) -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(origins.iter().cloned()))
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION, header::ACCEPT])
        .max_age(Duration::from_secs(3600))
}

/// The answer to a request shed because the server is at its concurrency limit.
async fn overloaded(_: tower::BoxError) -> Response {
    (
        StatusCode::SERVICE_UNAVAILABLE,
        [(header::RETRY_AFTER, "1")],
        "the server is busy; retry in a second",
    )
        .into_response()
}

/// `GET /graphql/ws`: subscriptions, with a loader per connection. They read
/// from the primary: they are told of a statement as soon as it commits
/// there, before a replica may have it.
async fn graphql_ws(
    State(state): State<AppState>,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    let (schema, db, loader_delay) = (state.schema.clone(), state.db.clone(), state.loader_delay);
    upgrade
        .protocols(async_graphql::http::ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| {
            let mut data = async_graphql::Data::default();
            data.insert(DataLoader::new(DbLoader { db }, tokio::spawn).delay(loader_delay));
            GraphQLWebSocket::new(socket, schema, protocol)
                .with_data(data)
                .serve()
        })
}

/// Whether the operation a request with `document` (parsed; `None` when it
/// did not parse) and `operation_name` selects is a mutation.
fn is_mutation(
    document: Option<&async_graphql::parser::types::ExecutableDocument>,
    operation_name: Option<&str>,
) -> bool {
    use async_graphql::parser::types::OperationType;
    document
        .and_then(|d| crate::graphql::parsed::operation(d, operation_name))
        .is_some_and(|op| op.node.ty == OperationType::Mutation)
}

/// A response with one error and its code.
fn error_response(code: &str, message: String) -> async_graphql::Response {
    let mut error = async_graphql::ServerError::new(message, None);
    let mut extensions = async_graphql::ErrorExtensionValues::default();
    extensions.set("code", code);
    error.extensions = Some(extensions);
    async_graphql::Response::from_errors(vec![error])
}

/// Runs one GraphQL request with its loader, credentials and request id;
/// `parsed` is its text parsed, once, by the caller (`None`: it does not
/// parse, and the schema says why).
async fn execute(
    state: &AppState,
    headers: &HeaderMap,
    mut request: async_graphql::Request,
    parsed: Option<crate::graphql::parsed::Parsed>,
) -> async_graphql::Response {
    use crate::graphql::parsed;
    // Parsed once (see `graphql::parsed`): for the label, the choice of
    // pool, and the schema.
    let name = request.operation_name.as_deref();
    let document = parsed.as_ref().map(|p| &p.document);
    let operation =
        crate::metrics::operation_label(document.and_then(|d| parsed::operation(d, name)));
    let mutation = is_mutation(document, name);
    // A document parsed now is kept once the schema has accepted it.
    let mut to_keep = None;
    if let Some(given) = parsed {
        if given.fresh && request.query.len() <= parsed::MAX_TEXT {
            to_keep = Some((request.query.clone(), given.document.clone()));
        }
        request.set_parsed_query(given.document);
    }
    let started = std::time::Instant::now();
    if !state.ready.is_ready() {
        crate::metrics::record_request(operation, "unavailable", started.elapsed());
        return error_response(
            crate::graphql::error::DATABASE_UNAVAILABLE,
            "the database is not reachable yet; retry shortly".to_owned(),
        );
    }
    let request_id = headers
        .get(REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    // Queries read from the replica; a mutation, and everything its
    // payload selects, from the primary, so that a writer reads its own
    // write. The pool is request data, which resolvers find before the
    // schema's (the primary).
    let db = if mutation {
        state.db.clone()
    } else {
        state.read_db.clone()
    };
    let loader =
        DataLoader::new(DbLoader { db: db.clone() }, tokio::spawn).delay(state.loader_delay);
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(|token| token.trim().to_owned());
    let request = request.data(db).data(loader).data(Bearer(bearer));
    let run = REQUEST_ID.scope(request_id, state.schema.execute(request));
    let Ok(mut response) = tokio::time::timeout(state.request_timeout, run).await else {
        crate::metrics::record_request(operation, "timeout", started.elapsed());
        return error_response(
            "TIMEOUT",
            format!(
                "the request took longer than {} ms and was stopped",
                state.request_timeout.as_millis()
            ),
        );
    };
    if let Some((text, document)) = to_keep
        && parsed::accepted(&response)
    {
        state.parsed.keep(&text, document);
    }
    for error in &mut response.errors {
        classify(error);
    }
    let outcome = if response.errors.is_empty() {
        "ok"
    } else {
        "error"
    };
    crate::metrics::record_request(operation, outcome, started.elapsed());
    response
}

/// Gives every error an `extensions.code`. Resolvers set their own; what is
/// left comes from async-graphql itself: a request that does not parse or
/// validate, or an argument of the wrong form, is the client's to fix.
fn classify(error: &mut async_graphql::ServerError) {
    let extensions = error.extensions.get_or_insert_with(Default::default);
    if extensions.get("code").is_some() {
        return;
    }
    let from_the_request = error.path.is_empty() || error.message.starts_with("Failed to parse");
    let code = if from_the_request {
        "BAD_USER_INPUT"
    } else {
        tracing::error!(message = %error.message, "resolver error without a code");
        "INTERNAL"
    };
    extensions.set("code", code);
}

async fn schema_sdl(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        crate::graphql::sdl_of(&state.schema),
    )
}

async fn metrics(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        crate::metrics::render(&state.db),
    )
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if !state.ready.is_ready() {
        return (StatusCode::SERVICE_UNAVAILABLE, "waiting for the database");
    }
    let primary = tokio::time::timeout(Duration::from_secs(2), state.db.ping());
    let replica = tokio::time::timeout(Duration::from_secs(2), state.read_db.ping());
    match tokio::join!(primary, replica) {
        (Ok(Ok(())), Ok(Ok(()))) => (StatusCode::OK, "ready"),
        (Ok(Ok(())), _) => (StatusCode::SERVICE_UNAVAILABLE, "read replica unavailable"),
        _ => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}
