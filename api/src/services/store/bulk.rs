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
/// which must not have been counted yet, and give each an utterance of its
/// own (generated statements are not linked): utterance ids are the
/// statement's plus `utterance_offset`, the largest utterance id before
/// ([`utterance_offset`]), so they are free.
pub fn derived_sql(backend: DbBackend, after_id: i64, utterance_offset: i64) -> Vec<String> {
    let scope = Scope::After(after_id);
    let mut sql = vec![
        derived::spoken_for_insert(backend, scope),
        derived::tally_sql(backend, scope, Sign::Add),
        derived::facet_sql(backend, scope, Sign::Add),
        format!(
            "INSERT INTO utterance (id, speaker_id, said_on, said_precision, report_count) \
             SELECT id + {utterance_offset}, speaker_id, said_on, said_precision, \
             CASE WHEN review_status = 'rejected' THEN 0 ELSE 1 END \
             FROM statement WHERE id > {after_id} AND utterance_id IS NULL"
        ),
        format!(
            "UPDATE statement SET utterance_id = id + {utterance_offset} \
             WHERE id > {after_id} AND utterance_id IS NULL"
        ),
    ];
    if backend == DbBackend::Postgres {
        sql.push(
            "SELECT setval(pg_get_serial_sequence('utterance', 'id'), \
             COALESCE((SELECT MAX(id) FROM utterance), 0) + 1, false)"
                .to_owned(),
        );
    }
    sql
}

/// The SQL of the largest utterance id, for [`derived_sql`]'s offset.
pub const UTTERANCE_OFFSET_SQL: &str = "SELECT COALESCE(MAX(id), 0) FROM utterance";

/// The largest utterance id (0 when there is none).
pub async fn utterance_offset(conn: &impl ConnectionTrait) -> Result<i64, DbErr> {
    let row = conn
        .query_one_raw(sea_orm::Statement::from_string(
            conn.get_database_backend(),
            UTTERANCE_OFFSET_SQL,
        ))
        .await?;
    match row {
        Some(row) => row.try_get_by_index::<i64>(0),
        None => Ok(0),
    }
}

/// Runs [`derived_sql`] on `conn` (the loader's transaction); returns the
/// rows written or updated.
pub async fn derive(conn: &impl ConnectionTrait, after_id: i64) -> Result<u64, DbErr> {
    let mut written = 0;
    let offset = utterance_offset(conn).await?;
    for sql in derived_sql(conn.get_database_backend(), after_id, offset) {
        written += conn.execute_unprepared(&sql).await?.rows_affected();
    }
    Ok(written)
}
