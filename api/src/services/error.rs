//! The domain's error: what a service can fail with, in the domain's terms.
//!
//! The error policy:
//! - services (and ingestion) return [`Error`]; `anyhow` is for start-up and
//!   the command-line tools only;
//! - it knows nothing of GraphQL or HTTP: `graphql::error` maps it to
//!   `extensions.code` and `http` to a status, and nothing else does;
//! - a database error keeps the [`DbErr`] itself (behind an `Arc`, so that a
//!   DataLoader's shared error converts without losing its class), so the edge
//!   can tell an unreachable or busy database ([`crate::database::is_unavailable`],
//!   [`crate::database::is_busy`]) from a fault of ours.

use std::sync::Arc;

use sea_orm::DbErr;

/// What can go wrong in a service call.
#[derive(Debug, Clone, thiserror::Error)]
pub enum Error {
    /// The request is wrong; the message says how, in the client's terms.
    #[error("{0}")]
    BadInput(String),
    /// A name that matches nothing; `suggestions` are the closest known names.
    #[error("{message}")]
    UnknownName {
        message: String,
        suggestions: Vec<String>,
    },
    /// Something the request refers to is not stored.
    #[error("{0}")]
    NotFound(String),
    /// The statement changed since the version the request was made
    /// against; nothing was changed.
    #[error("{message}")]
    Conflict {
        message: String,
        current_version: i32,
    },
    /// The database failed or could not be reached.
    #[error("database error: {0}")]
    Database(Arc<DbErr>),
}

impl From<DbErr> for Error {
    fn from(err: DbErr) -> Self {
        Self::Database(Arc::new(err))
    }
}

impl From<Arc<DbErr>> for Error {
    fn from(err: Arc<DbErr>) -> Self {
        Self::Database(err)
    }
}

impl Error {
    /// Whether a retry shortly may succeed: the database is unreachable or
    /// every connection to it is busy.
    pub fn is_unavailable(&self) -> bool {
        matches!(self, Self::Database(err) if crate::database::is_unavailable(err))
    }
}

/// A service result.
pub type Result<T, E = Error> = std::result::Result<T, E>;
