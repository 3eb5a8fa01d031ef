//! What remains of the writer of `statement_organization`, which now lives
//! in the store (`super::store`, the one write path for statements and
//! every table derived from them).
//!
//! Only `generate.rs` still calls these; when it calls
//! `super::store::bulk` instead, this module goes.

use sea_orm::{ConnectionTrait, DbBackend, DbErr};

use super::store::derived;

/// Which statements to refresh: only the bulk case is left.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    /// Statements with an id greater than this one.
    After(i64),
}

impl Scope {
    pub(crate) fn store(self) -> derived::Scope<'static> {
        match self {
            Self::After(id) => derived::Scope::After(id),
        }
    }
}

/// Recomputes the organizations of the statements in `scope`; returns the
/// rows written. Use `super::store::bulk::derive`.
pub async fn refresh(conn: &impl ConnectionTrait, scope: Scope) -> Result<u64, DbErr> {
    let [delete, insert] = refresh_sql(conn.get_database_backend(), scope);
    conn.execute_unprepared(&delete).await?;
    Ok(conn.execute_unprepared(&insert).await?.rows_affected())
}

/// The two statements of [`refresh`]. Use `super::store::bulk::derived_sql`.
pub fn refresh_sql(backend: DbBackend, scope: Scope) -> [String; 2] {
    derived::spoken_for_sql(backend, scope.store())
}
