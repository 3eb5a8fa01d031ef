//! Routes and their handlers.
//!
//! | route | what |
//! |---|---|
//! | `GET /` | the playground (assets served by the binary; works offline) |
//! | `POST /graphql`, `GET /graphql?query=…` | GraphQL |
//! | `GET /schema.graphql` | the schema as SDL |
//! | `GET /healthz` | the process is up |
//! | `GET /readyz` | the database answers |

use std::time::Duration;

use async_graphql::dataloader::DataLoader;
use async_graphql_axum::{GraphQLRequest, GraphQLResponse};
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, StatusCode, header};
use axum::response::{Html, IntoResponse};
use axum::routing::get;
use sea_orm::DatabaseConnection;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use crate::error::REQUEST_ID;
use crate::graphql::AppSchema;
use crate::graphql::loaders::DbLoader;

const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-request-id");
const PLAYGROUND: &str = include_str!("../../assets/playground.html");

/// What every handler shares: cheap to clone, no per-instance state beyond the pool.
#[derive(Clone)]
pub struct AppState {
    pub schema: AppSchema,
    pub db: DatabaseConnection,
}

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState").finish_non_exhaustive()
    }
}

/// The application's router; what `main` serves and what the tests call.
pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/", get(playground))
        .route("/graphql", get(graphql).post(graphql))
        .route("/schema.graphql", get(schema_sdl))
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .with_state(state)
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

async fn graphql(
    State(state): State<AppState>,
    headers: HeaderMap,
    request: GraphQLRequest,
) -> GraphQLResponse {
    let request_id = headers
        .get(REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let loader = DataLoader::new(
        DbLoader {
            db: state.db.clone(),
        },
        tokio::spawn,
    );
    let request = request.into_inner().data(loader);
    let mut response = REQUEST_ID
        .scope(request_id, state.schema.execute(request))
        .await;
    for error in &mut response.errors {
        classify(error);
    }
    response.into()
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

async fn playground() -> Html<&'static str> {
    Html(PLAYGROUND)
}

async fn schema_sdl(State(state): State<AppState>) -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        state.schema.sdl(),
    )
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match tokio::time::timeout(Duration::from_secs(2), state.db.ping()).await {
        Ok(Ok(())) => (StatusCode::OK, "ready"),
        _ => (StatusCode::SERVICE_UNAVAILABLE, "database unavailable"),
    }
}
