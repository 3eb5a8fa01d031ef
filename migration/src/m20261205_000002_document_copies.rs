//! Copies: an article reposted by another outlet is stored as a copy of the
//! first document that had its text (`document.copy_of_id`, indexed; null
//! for an original), so the same cleaned text may now be stored more than
//! once and `content_hash` becomes a plain index instead of a unique one.
//! Ingestion keeps refusing the same text from the same outlet (or with no
//! outlet) by looking the hash up, as before; on PostgreSQL an advisory
//! lock already serializes ingests, on SQLite the writer's lock does.
//!
//! `copy_of_id` references `document (id)` on both databases (`ON DELETE
//! SET NULL`; deleting documents is not a feature today).
//!
//! PostgreSQL drops the constraint its inline `UNIQUE` created
//! (`document_content_hash_key`). SQLite cannot drop an inline `UNIQUE`
//! nor add a foreign key with `ALTER TABLE`, so the table is rebuilt the
//! way SQLite documents it (<https://sqlite.org/lang_altertable.html>,
//! "making other kinds of table schema changes"): on one connection, with
//! foreign keys off (otherwise dropping the old table would cascade to
//! every statement), in one transaction, the stored `CREATE TABLE` is
//! edited, the rows copied, the old table dropped, the new one renamed, its
//! indexes created again from their stored definitions, and
//! `foreign_key_check` must find nothing before the commit. Foreign keys
//! are switched back on before the connection returns to the pool.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::sqlx::{self, Sqlite, pool::PoolConnection};
use sea_orm_migration::sea_orm::{DatabaseExecutor, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Document {
    Table,
    Id,
    ContentHash,
    CopyOfId,
}

const HASH_INDEX: &str = "ix_document_content_hash";
const COPY_INDEX: &str = "ix_document_copy_of";
const POSTGRES_UNIQUE: &str = "document_content_hash_key";
/// The column as the first migration made it on SQLite, and as it is now.
const SQLITE_UNIQUE_HASH: &str = r#""content_hash" varchar NOT NULL UNIQUE"#;
const SQLITE_HASH: &str = r#""content_hash" varchar NOT NULL"#;
/// The first table constraint: the column is added before it.
const SQLITE_CONSTRAINTS: &str = r#", FOREIGN KEY ("outlet_id")"#;
const SQLITE_COPY_OF: &str = r#", "copy_of_id" integer NULL"#;
/// Added after the other constraints.
const SQLITE_COPY_OF_KEY: &str =
    r#", FOREIGN KEY ("copy_of_id") REFERENCES "document" ("id") ON DELETE SET NULL"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Sqlite {
            rebuild_sqlite(manager, |sql| {
                let sql = replace_once(sql, SQLITE_UNIQUE_HASH, SQLITE_HASH)?;
                let sql = replace_once(
                    &sql,
                    SQLITE_CONSTRAINTS,
                    &format!("{SQLITE_COPY_OF}{SQLITE_CONSTRAINTS}"),
                )?;
                let close = sql
                    .rfind(')')
                    .ok_or_else(|| DbErr::Migration("no closing parenthesis".to_owned()))?;
                Ok(format!(
                    "{}{SQLITE_COPY_OF_KEY} {}",
                    sql[..close].trim_end(),
                    &sql[close..]
                ))
            })
            .await?;
        } else {
            manager
                .get_connection()
                .execute_unprepared(&format!(
                    "ALTER TABLE document DROP CONSTRAINT {POSTGRES_UNIQUE}"
                ))
                .await?;
            manager
                .alter_table(
                    Table::alter()
                        .table(Document::Table)
                        .add_column(ColumnDef::new(Document::CopyOfId).big_integer().null())
                        .add_foreign_key(
                            TableForeignKey::new()
                                .name("fk_document_copy_of")
                                .from_tbl(Document::Table)
                                .from_col(Document::CopyOfId)
                                .to_tbl(Document::Table)
                                .to_col(Document::Id)
                                .on_delete(ForeignKeyAction::SetNull),
                        )
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name(HASH_INDEX)
                    .table(Document::Table)
                    .col(Document::ContentHash)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(COPY_INDEX)
                    .table(Document::Table)
                    .col(Document::CopyOfId)
                    .to_owned(),
            )
            .await
    }

    /// Fails while two documents share a text: the unique index cannot be
    /// made again over copies.
    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for index in [COPY_INDEX, HASH_INDEX] {
            manager
                .drop_index(Index::drop().name(index).table(Document::Table).to_owned())
                .await?;
        }
        if manager.get_database_backend() == DbBackend::Sqlite {
            rebuild_sqlite(manager, |sql| {
                let sql = replace_once(sql, &format!("{SQLITE_COPY_OF_KEY} "), " ")?;
                let sql = replace_once(&sql, SQLITE_COPY_OF, "")?;
                replace_once(&sql, SQLITE_HASH, SQLITE_UNIQUE_HASH)
            })
            .await
        } else {
            manager
                .alter_table(
                    Table::alter()
                        .table(Document::Table)
                        .drop_column(Document::CopyOfId)
                        .to_owned(),
                )
                .await?;
            manager
                .get_connection()
                .execute_unprepared(&format!(
                    "ALTER TABLE document ADD CONSTRAINT {POSTGRES_UNIQUE} UNIQUE (content_hash)"
                ))
                .await
                .map(|_| ())
        }
    }
}

/// `sql` with the one occurrence of `from` replaced by `to`; an error when
/// there is none or more than one (the table is not as this migration
/// expects, and is left alone).
fn replace_once(sql: &str, from: &str, to: &str) -> Result<String, DbErr> {
    match sql.matches(from).count() {
        1 => Ok(sql.replacen(from, to, 1)),
        n => Err(DbErr::Migration(format!(
            "document copies: expected `{from}` once in the document table's definition, found it {n} times"
        ))),
    }
}

fn sqlx_err(e: sqlx::Error) -> DbErr {
    DbErr::Migration(format!("document copies: {e}"))
}

/// Rebuilds SQLite's `document` table with the definition `edit` makes of
/// the stored one (see the module doc).
async fn rebuild_sqlite(
    manager: &SchemaManager<'_>,
    edit: impl Fn(&str) -> Result<String, DbErr>,
) -> Result<(), DbErr> {
    let DatabaseExecutor::Connection(db) = manager.get_connection() else {
        return Err(DbErr::Migration(
            "document copies: on SQLite this migration rebuilds a table and must run outside a transaction"
                .to_owned(),
        ));
    };
    let mut conn = db
        .get_sqlite_connection_pool()
        .acquire()
        .await
        .map_err(sqlx_err)?;
    sqlx::query("PRAGMA foreign_keys = OFF")
        .execute(&mut *conn)
        .await
        .map_err(sqlx_err)?;
    let outcome = rebuild_on(&mut conn, edit).await;
    if outcome.is_err() {
        sqlx::query("ROLLBACK").execute(&mut *conn).await.ok();
    }
    let restored = sqlx::query("PRAGMA foreign_keys = ON")
        .execute(&mut *conn)
        .await
        .map_err(sqlx_err);
    if restored.is_err() {
        // A connection without foreign keys must not serve anyone.
        conn.detach();
    }
    outcome.and(restored.map(|_| ()))
}

async fn rebuild_on(
    conn: &mut PoolConnection<Sqlite>,
    edit: impl Fn(&str) -> Result<String, DbErr>,
) -> Result<(), DbErr> {
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut **conn)
        .await
        .map_err(sqlx_err)?;
    let table: String = sqlx::query_scalar(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'document'",
    )
    .fetch_one(&mut **conn)
    .await
    .map_err(sqlx_err)?;
    let indexes: Vec<String> = sqlx::query_scalar(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'document' \
         AND sql IS NOT NULL ORDER BY name",
    )
    .fetch_all(&mut **conn)
    .await
    .map_err(sqlx_err)?;
    let old_columns: Vec<String> =
        sqlx::query_scalar("SELECT name FROM pragma_table_info('document') ORDER BY cid")
            .fetch_all(&mut **conn)
            .await
            .map_err(sqlx_err)?;
    let new_table = replace_once(
        &edit(&table)?,
        r#"CREATE TABLE "document""#,
        r#"CREATE TABLE "document_rebuilt""#,
    )?;
    sqlx::query(sqlx::AssertSqlSafe(new_table))
        .execute(&mut **conn)
        .await
        .map_err(sqlx_err)?;
    let new_columns: Vec<String> =
        sqlx::query_scalar("SELECT name FROM pragma_table_info('document_rebuilt') ORDER BY cid")
            .fetch_all(&mut **conn)
            .await
            .map_err(sqlx_err)?;
    // The columns both tables have: a column the new one adds stays null, one
    // it leaves out (going down) is dropped.
    let columns = old_columns
        .iter()
        .filter(|c| new_columns.contains(c))
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    for statement in [
        format!("INSERT INTO document_rebuilt ({columns}) SELECT {columns} FROM document"),
        "DROP TABLE document".to_owned(),
        "ALTER TABLE document_rebuilt RENAME TO document".to_owned(),
    ]
    .into_iter()
    .chain(indexes)
    {
        sqlx::query(sqlx::AssertSqlSafe(statement))
            .execute(&mut **conn)
            .await
            .map_err(sqlx_err)?;
    }
    let broken: Vec<String> = sqlx::query_scalar("SELECT \"table\" FROM pragma_foreign_key_check")
        .fetch_all(&mut **conn)
        .await
        .map_err(sqlx_err)?;
    if !broken.is_empty() {
        return Err(DbErr::Migration(format!(
            "document copies: foreign keys broken in {}",
            broken.join(", ")
        )));
    }
    sqlx::query("COMMIT")
        .execute(&mut **conn)
        .await
        .map_err(sqlx_err)?;
    Ok(())
}
