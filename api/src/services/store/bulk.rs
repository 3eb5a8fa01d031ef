//! The bulk case of the write path: a loader that writes statements itself
//! (`claimgraph generate`: ids assigned in memory, `COPY` or multi-row
//! `INSERT`s) still leaves the derived tables to the store.
//!
//! The loader writes `statement`, `statement_topic`, `statement_term` (the
//! terms of [`crate::services::search_index::terms`]) and `mention` rows for
//! statements with ids greater than some `after_id`, and nothing for them in
//! `statement_organization` or `statement_tally`; then, in the same
//! transaction, it runs [`derived_sql`] (on a connection of its own, such as
//! a `COPY` connection) or calls [`derive()`]. Either brings both tables up to
//! date for those statements, by the same SQL the store runs for one.

use sea_orm::{ConnectionTrait, DbBackend, DbErr};

use super::derived::{self, Scope, Sign};

/// The statements, in order, that derive `statement_organization` and then
/// `statement_tally` for the statements with ids greater than `after_id`,
/// which must not have been counted yet.
pub fn derived_sql(backend: DbBackend, after_id: i64) -> Vec<String> {
    let scope = Scope::After(after_id);
    vec![
        derived::spoken_for_insert(backend, scope),
        derived::tally_sql(backend, scope, Sign::Add),
    ]
}

/// Runs [`derived_sql`] on `conn` (the loader's transaction); returns the
/// rows written or updated.
pub async fn derive(conn: &impl ConnectionTrait, after_id: i64) -> Result<u64, DbErr> {
    let mut written = 0;
    for sql in derived_sql(conn.get_database_backend(), after_id) {
        written += conn.execute_unprepared(&sql).await?.rows_affected();
    }
    Ok(written)
}
