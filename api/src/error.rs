//! The error policy of the API boundary.
//!
//! - Services return [`ApiError`]; `anyhow` is for start-up and tools only.
//! - Every GraphQL error carries `extensions.code`: `BAD_USER_INPUT` (the
//!   request is wrong; the message says how), `NOT_FOUND`, `UNAUTHENTICATED`
//!   (a write without the right API key), `FORBIDDEN` (writes are off),
//!   `DATABASE_UNAVAILABLE` (retry later), `TIMEOUT`, `INTERNAL`.
//! - An internal error is logged once, here, with the request id; the client
//!   gets the code and the request id, never the details.

use async_graphql::ErrorExtensions;
use sea_orm::DbErr;

tokio::task_local! {
    /// The id of the HTTP request being served, for error reports.
    pub static REQUEST_ID: String;
}

/// What can go wrong while serving a request.
///
/// Deliberately not `Display`: async-graphql turns any `Display` error into a
/// GraphQL error without a code, so this type converts only through the
/// `From` below, which sets `extensions.code`.
#[derive(Debug)]
pub enum ApiError {
    BadUserInput(String),
    /// A name that matches nothing; `suggestions` are the closest known names.
    UnknownName {
        message: String,
        suggestions: Vec<String>,
    },
    NotFound(String),
    /// No or a wrong API key for a write.
    Unauthenticated(String),
    /// Writes are switched off on this server.
    Forbidden(String),
    Database(DbErr),
}

/// The code of errors that a retry shortly may not meet: the database is
/// unreachable or every connection to it is busy. HTTP answers them 503 with
/// `Retry-After`.
pub const DATABASE_UNAVAILABLE: &str = "DATABASE_UNAVAILABLE";

impl From<DbErr> for ApiError {
    fn from(err: DbErr) -> Self {
        Self::Database(err)
    }
}

impl ApiError {
    /// The `extensions.code` clients branch on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BadUserInput(_) | Self::UnknownName { .. } => "BAD_USER_INPUT",
            Self::NotFound(_) => "NOT_FOUND",
            Self::Unauthenticated(_) => "UNAUTHENTICATED",
            Self::Forbidden(_) => "FORBIDDEN",
            Self::Database(err) if crate::database::is_unavailable(err) => DATABASE_UNAVAILABLE,
            Self::Database(_) => "INTERNAL",
        }
    }
}

impl From<ApiError> for async_graphql::Error {
    fn from(err: ApiError) -> Self {
        let code = err.code();
        match err {
            ApiError::BadUserInput(message)
            | ApiError::NotFound(message)
            | ApiError::Unauthenticated(message)
            | ApiError::Forbidden(message) => {
                async_graphql::Error::new(message).extend_with(|_, e| e.set("code", code))
            }
            ApiError::UnknownName {
                message,
                suggestions,
            } => async_graphql::Error::new(message).extend_with(|_, e| {
                e.set("code", code);
                e.set("suggestions", suggestions.clone());
            }),
            ApiError::Database(err) if crate::database::is_busy(&err) => {
                tracing::warn!(error = %err, "no database connection came free");
                async_graphql::Error::new(
                    "the server is busy: no database connection came free in time; retry shortly",
                )
                .extend_with(|_, e| e.set("code", code))
            }
            ApiError::Database(err) if crate::database::is_unavailable(&err) => {
                tracing::warn!(error = %err, "database unavailable");
                async_graphql::Error::new("the database is unavailable; retry shortly")
                    .extend_with(|_, e| e.set("code", code))
            }
            ApiError::Database(err) => {
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
        }
    }
}

/// Resolver result.
pub type ApiResult<T> = Result<T, async_graphql::Error>;
