//! The tables derived from the generated statements: which organizations each
//! statement counts for (`statement_organization`) and the write-time tally
//! (`statement_tally`), filled once after the bulk load rather than per row,
//! by the store's own SQL for the bulk case (`services::store::bulk`), so
//! that the generator follows the one write path's rules.

use sea_orm::sqlx;

use super::writer::{Connection, Writer};
use crate::database;
use crate::services::store::bulk;

/// Fills the derived tables for the statements after `last_before` (the
/// largest statement id before the run); returns the rows written. On
/// PostgreSQL through the copy transaction, which skips the per-row
/// foreign-key checks where it may: the rows are derived from rows that
/// exist.
pub(super) async fn derive(writer: &mut Writer, last_before: i64) -> anyhow::Result<u64> {
    match writer.connection() {
        Connection::Sqlite(db) => {
            let txn = database::begin_write(db).await?;
            let written = bulk::derive(&txn, last_before).await?;
            txn.commit().await?;
            Ok(written)
        }
        Connection::Postgres(tx) => {
            let mut written = 0;
            let offset: i64 = sqlx::query_scalar(bulk::UTTERANCE_OFFSET_SQL)
                .fetch_one(&mut **tx)
                .await?;
            for sql in bulk::derived_sql(sea_orm::DbBackend::Postgres, last_before, offset) {
                written += sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                    .execute(&mut **tx)
                    .await?
                    .rows_affected();
            }
            Ok(written)
        }
    }
}
