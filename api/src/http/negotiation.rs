//! GraphQL over HTTP (the GraphQL Foundation's specification): which media
//! type a response is sent as, and the status codes that go with it.
//!
//! - `application/graphql-response+json` when the client accepts it: a request
//!   that does not parse or validate gets 400 and no `data` entry; anything
//!   that was executed gets 200.
//! - `application/json` (also for clients that send no `Accept`): 200 for
//!   every GraphQL result, errors included, as older clients expect.
//! - Anything else: 406.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";
pub const JSON: &str = "application/json";

/// The media type a GraphQL response is sent as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaType {
    GraphQlResponseJson,
    Json,
}

/// The media type `Accept` asks for, best quality first; `None` when it
/// accepts neither JSON type.
pub fn negotiate(headers: &HeaderMap) -> Option<MediaType> {
    let Some(accept) = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) else {
        return Some(MediaType::Json);
    };
    let mut best: Option<(f32, MediaType)> = None;
    for item in accept.split(',') {
        let mut parts = item.split(';').map(str::trim);
        let media = parts.next().unwrap_or_default().to_ascii_lowercase();
        let quality = parts
            .filter_map(|p| p.strip_prefix("q="))
            .find_map(|q| q.parse::<f32>().ok())
            .unwrap_or(1.0);
        let candidate = match media.as_str() {
            GRAPHQL_RESPONSE_JSON => MediaType::GraphQlResponseJson,
            JSON | "application/*" | "*/*" => MediaType::Json,
            _ => continue,
        };
        // Equal quality: the GraphQL media type wins, as the specification prefers it.
        let better = match best {
            None => quality > 0.0,
            Some((q, m)) => {
                quality > q
                    || (quality == q
                        && candidate == MediaType::GraphQlResponseJson
                        && m != candidate)
            }
        };
        if better {
            best = Some((quality, candidate));
        }
    }
    best.map(|(_, m)| m)
}

/// 406 for a client that accepts no JSON.
pub fn not_acceptable() -> Response {
    (
        StatusCode::NOT_ACCEPTABLE,
        format!("GraphQL responses are sent as {GRAPHQL_RESPONSE_JSON} or {JSON}"),
    )
        .into_response()
}

/// Whether `response` is a request error: nothing was executed because the
/// request did not parse or validate.
fn is_request_error(response: &async_graphql::Response) -> bool {
    response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|e| e.path.is_empty())
}

/// Whether every error of `response` says the database could not serve it
/// (unreachable, or no connection came free in time): retrying shortly is
/// the answer, which HTTP says with 503 and `Retry-After`, so that load
/// balancers, proxies and clients' retry policies act on it.
fn is_unavailable(response: &async_graphql::Response) -> bool {
    !response.errors.is_empty()
        && response.errors.iter().all(|e| {
            e.extensions
                .as_ref()
                .and_then(|x| x.get("code"))
                .is_some_and(|code| {
                    *code == async_graphql::Value::from(crate::graphql::error::DATABASE_UNAVAILABLE)
                })
        })
}

/// Seconds a client is asked to wait before retrying a 503.
pub const RETRY_AFTER_SECONDS: &str = "1";

/// The HTTP response for a GraphQL result, as `media` says.
pub fn respond(media: MediaType, response: async_graphql::Response) -> Response {
    let content_type = match media {
        MediaType::GraphQlResponseJson => GRAPHQL_RESPONSE_JSON,
        MediaType::Json => JSON,
    };
    // Serialized straight to text: a detour through `serde_json::Value`
    // would sort the fields and lose the order the query selected them in.
    let (status, body) = match media {
        _ if is_unavailable(&response) => (
            StatusCode::SERVICE_UNAVAILABLE,
            serde_json::to_string(&response),
        ),
        MediaType::GraphQlResponseJson if is_request_error(&response) => (
            StatusCode::BAD_REQUEST,
            serde_json::to_string(&serde_json::json!({ "errors": response.errors })),
        ),
        _ => (StatusCode::OK, serde_json::to_string(&response)),
    };
    let mut http = (status, body.unwrap_or_default()).into_response();
    http.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if status == StatusCode::SERVICE_UNAVAILABLE {
        http.headers_mut().insert(
            header::RETRY_AFTER,
            HeaderValue::from_static(RETRY_AFTER_SECONDS),
        );
    }
    http
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accept(value: &str) -> Option<MediaType> {
        let mut headers = HeaderMap::new();
        headers.insert(
            header::ACCEPT,
            HeaderValue::from_str(value).expect("a header value"),
        );
        negotiate(&headers)
    }

    #[test]
    fn the_client_gets_what_it_prefers() {
        assert_eq!(negotiate(&HeaderMap::new()), Some(MediaType::Json));
        assert_eq!(accept("application/json"), Some(MediaType::Json));
        assert_eq!(
            accept(GRAPHQL_RESPONSE_JSON),
            Some(MediaType::GraphQlResponseJson)
        );
        assert_eq!(
            accept("application/json, application/graphql-response+json"),
            Some(MediaType::GraphQlResponseJson)
        );
        assert_eq!(
            accept("application/graphql-response+json;q=0.5, application/json"),
            Some(MediaType::Json)
        );
        assert_eq!(accept("*/*"), Some(MediaType::Json));
        assert_eq!(accept("text/html"), None);
        assert_eq!(accept("application/json;q=0"), None);
    }
}
