//! GraphQL's side of the error policy (the domain's is in
//! [`crate::services::error`]): every GraphQL error carries
//! `extensions.code`, set here and nowhere else:
//! - `BAD_USER_INPUT`: the request is wrong; the message says how (an
//!   unknown name also lists `suggestions`);
//! - `NOT_FOUND`;
//! - `CONFLICT`: a write made against a version of a statement that has
//!   changed since; `extensions.currentVersion` is the version now stored;
//! - `UNAUTHENTICATED` (a write without the right API key), `FORBIDDEN`
//!   (writes are off);
//! - `DATABASE_UNAVAILABLE`: retry later (HTTP answers 503 with `Retry-After`);
//! - `TIMEOUT` (set by `http`), `INTERNAL`.
//!
//! An internal error is logged once, here, with the request id; the client
//! gets the code and the request id, never the details.

use async_graphql::ErrorExtensions;

use crate::services::Error;
use crate::telemetry::REQUEST_ID;

/// The code of errors that a retry shortly may not meet: the database is
/// unreachable or every connection to it is busy. HTTP answers them 503 with
/// `Retry-After`.
pub const DATABASE_UNAVAILABLE: &str = "DATABASE_UNAVAILABLE";

/// What a resolver can fail with.
///
/// Deliberately not `Display`: async-graphql turns any `Display` error into
/// a GraphQL error without a code, so resolvers return this type, which
/// converts only through the `From` below, and a service's error reaches
/// the client only through [`From<Error>`].
#[derive(Debug, Clone)]
pub enum ApiError {
    /// A service's error.
    Service(Error),
    /// No or a wrong API key for a write.
    Unauthenticated(String),
    /// Writes are switched off on this server.
    Forbidden(String),
    /// An error async-graphql made (a missing context entry): passed on.
    Graphql(async_graphql::Error),
}

impl From<Error> for ApiError {
    fn from(err: Error) -> Self {
        Self::Service(err)
    }
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(err: sea_orm::DbErr) -> Self {
        Self::Service(err.into())
    }
}

/// A DataLoader's error: shared between the fields that waited on the
/// batch, and kept whole so that an outage is still told apart.
impl From<std::sync::Arc<sea_orm::DbErr>> for ApiError {
    fn from(err: std::sync::Arc<sea_orm::DbErr>) -> Self {
        Self::Service(err.into())
    }
}

impl From<async_graphql::Error> for ApiError {
    fn from(err: async_graphql::Error) -> Self {
        Self::Graphql(err)
    }
}

impl ApiError {
    /// The `extensions.code` clients branch on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Service(Error::BadInput(_) | Error::UnknownName { .. }) => "BAD_USER_INPUT",
            Self::Service(Error::NotFound(_)) => "NOT_FOUND",
            Self::Service(Error::Conflict { .. }) => "CONFLICT",
            Self::Service(err @ Error::Database(_)) if err.is_unavailable() => DATABASE_UNAVAILABLE,
            Self::Service(Error::Database(_)) | Self::Graphql(_) => "INTERNAL",
            Self::Unauthenticated(_) => "UNAUTHENTICATED",
            Self::Forbidden(_) => "FORBIDDEN",
        }
    }
}

fn coded(message: impl Into<String>, code: &'static str) -> async_graphql::Error {
    async_graphql::Error::new(message).extend_with(|_, e| e.set("code", code))
}

impl From<ApiError> for async_graphql::Error {
    fn from(err: ApiError) -> Self {
        let code = err.code();
        match err {
            ApiError::Service(Error::BadInput(message) | Error::NotFound(message))
            | ApiError::Unauthenticated(message)
            | ApiError::Forbidden(message) => coded(message, code),
            ApiError::Service(Error::Conflict {
                message,
                current_version,
            }) => async_graphql::Error::new(message).extend_with(|_, e| {
                e.set("code", code);
                e.set("currentVersion", current_version);
            }),
            ApiError::Service(Error::UnknownName {
                message,
                suggestions,
            }) => async_graphql::Error::new(message).extend_with(|_, e| {
                e.set("code", code);
                e.set("suggestions", suggestions.clone());
            }),
            ApiError::Service(Error::Database(err)) if crate::database::is_busy(&err) => {
                tracing::warn!(error = %err, "no database connection came free");
                coded(
                    "the server is busy: no database connection came free in time; retry shortly",
                    code,
                )
            }
            ApiError::Service(Error::Database(err)) if crate::database::is_unavailable(&err) => {
                tracing::warn!(error = %err, "database unavailable");
                coded("the database is unavailable; retry shortly", code)
            }
            ApiError::Service(Error::Database(err)) => internal(&err, code),
            ApiError::Graphql(err) => internal(&err.message, code),
        }
    }
}

fn internal(err: &dyn std::fmt::Display, code: &'static str) -> async_graphql::Error {
    let request_id = REQUEST_ID.try_with(Clone::clone).unwrap_or_default();
    tracing::error!(error = %err, request_id = %request_id, "internal error");
    async_graphql::Error::new(format!(
        "internal error; quote request id {request_id} when reporting it"
    ))
    .extend_with(|_, e| {
        e.set("code", code);
        e.set("requestId", request_id.clone());
    })
}

/// Resolver result.
pub type ApiResult<T> = Result<T, ApiError>;
