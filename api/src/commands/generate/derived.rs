//! The tables derived from the generated statements: which organizations each
//! statement counts for (`statement_organization`) and the write-time tally
//! (`statement_tally`), filled once after the bulk load rather than per row.
//!
//! The one place `generate` keeps derived tables, so that it can follow the
//! services' write path when that changes.

use sea_orm::DbBackend;
use sea_orm::sqlx;

use super::writer::{Connection, Writer};
use crate::{database, services};

/// Fills the derived tables for the statements after `last_before` (the
/// largest statement id before the run); returns the rows written. On
/// PostgreSQL through the copy transaction, which skips the per-row
/// foreign-key checks where it may: the rows are derived from rows that
/// exist.
pub(super) async fn derive(writer: &mut Writer, last_before: i64) -> anyhow::Result<u64> {
    let scope = services::spoken_for::Scope::After(last_before);
    match writer.connection() {
        Connection::Sqlite(db) => {
            let txn = database::begin_write(db).await?;
            let written = services::spoken_for::refresh(&txn, scope).await?
                + services::tally::add(&txn, scope).await?;
            txn.commit().await?;
            Ok(written)
        }
        Connection::Postgres(tx) => {
            let [delete, insert] = services::spoken_for::refresh_sql(DbBackend::Postgres, scope);
            let tally = services::tally::add_sql(DbBackend::Postgres, scope);
            let mut written = 0;
            for sql in [delete, insert, tally] {
                written += sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                    .execute(&mut **tx)
                    .await?
                    .rows_affected();
            }
            Ok(written)
        }
    }
}
