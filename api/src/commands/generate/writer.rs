//! The bulk writer of `claimgraph generate`: typed rows in, large statements
//! out.
//!
//! The generator builds each row as its entity's own `Model`; [`Table::of`]
//! flattens a batch of them into values in the order of the entity's columns,
//! and takes the column list from the entity too. So the column list and the
//! values cannot disagree, and a column added to an entity is a compile error
//! where its `Model` is built, not a failed `INSERT` at run time.
//!
//! SQLite gets multi-row `INSERT`s as large as its parameter limit allows, one
//! transaction per batch; PostgreSQL gets `COPY … FROM STDIN` on a connection
//! of its own, the whole run in one transaction, with the secondary indexes of
//! the bulk tables dropped first and built once at the end.

use std::collections::HashMap;

use anyhow::Context;
use entity::{
    document, mention, statement, statement_organization, statement_term, statement_topic,
};
use sea_orm::sqlx;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, EntityName, EntityTrait, IdenStatic, Iterable,
    ModelTrait, Statement, Value,
};

use super::ids;
use crate::database;

/// One table's rows, flattened: `values.len() == rows * columns.len()`, each
/// row's values in the order of `columns`.
#[derive(Debug)]
pub(super) struct Table {
    name: &'static str,
    columns: Vec<&'static str>,
    values: Vec<Value>,
}

impl Table {
    /// The rows of entity `E`'s table, with every column of the entity, in
    /// the entity's column order. The values are copied out of the models
    /// (`ModelTrait::get`): moving them out through `ActiveModel::take`
    /// measured no faster at 100,000 statements and needs a stand-in for a
    /// column that is not set, which a whole model never has.
    pub(super) fn of<E: EntityTrait>(rows: &[E::Model]) -> Self {
        let columns: Vec<E::Column> = E::Column::iter().collect();
        let mut values = Vec::with_capacity(rows.len() * columns.len());
        for row in rows {
            values.extend(columns.iter().map(|column| row.get(*column)));
        }
        Self {
            name: E::default().table_name(),
            columns: columns.iter().map(IdenStatic::as_str).collect(),
            values,
        }
    }

    /// How many rows the table holds.
    pub(super) fn len(&self) -> usize {
        self.values.len() / self.columns.len().max(1)
    }
}

/// Writes batches of rows: one transaction per batch on SQLite, one for the
/// whole run on PostgreSQL.
pub(super) enum Writer {
    /// Multi-row `INSERT`s as large as SQLite's 32,766 bound parameters allow.
    Sqlite {
        db: DatabaseConnection,
        /// The `INSERT` text per table and row count, so that sqlx's
        /// statement cache sees the same text again.
        sql: HashMap<(&'static str, usize), String>,
    },
    /// `COPY … FROM STDIN` on a connection of its own, the whole run in one
    /// transaction: an interrupted run leaves nothing behind.
    Postgres {
        db: DatabaseConnection,
        tx: sqlx::Transaction<'static, sqlx::Postgres>,
        /// Into tables that held no statements, the secondary indexes of the
        /// bulk tables are dropped at the start (inside the transaction) and
        /// built once at the end from these definitions: sorting once is
        /// several times cheaper than maintaining them row by row.
        rebuild: Vec<String>,
    },
}

impl std::fmt::Debug for Writer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Sqlite { .. } => "Writer::Sqlite",
            Self::Postgres { .. } => "Writer::Postgres",
        })
    }
}

/// Where SQL other than the bulk rows goes: the derived tables are filled
/// through it, in the writer's transaction on PostgreSQL.
#[derive(Debug)]
pub(super) enum Connection<'a> {
    /// The one SQLite connection; each use opens a transaction of its own.
    Sqlite(&'a DatabaseConnection),
    /// The copy transaction.
    Postgres(&'a mut sqlx::Transaction<'static, sqlx::Postgres>),
}

/// SQLite's limit on bound parameters in one statement.
const SQLITE_MAX_PARAMETERS: usize = 32_766;

impl Writer {
    /// A writer for `db`; `empty` when the database holds no statements yet,
    /// which on PostgreSQL lets the indexes be built once at the end.
    pub(super) async fn new(db: &DatabaseConnection, empty: bool) -> anyhow::Result<Self> {
        match db.get_database_backend() {
            DbBackend::Postgres => {
                let mut conn = db
                    .get_postgres_connection_pool()
                    .acquire()
                    .await
                    .context("no PostgreSQL connection for COPY")?;
                // The server's per-statement timeout is for requests, not for bulk loads.
                sqlx::query("SET statement_timeout = 0")
                    .execute(&mut *conn)
                    .await?;
                // The rows are consistent by construction: where the role
                // allows it (a superuser), skip the per-row foreign-key
                // triggers, which otherwise cost more than the copying.
                if let Err(err) = sqlx::query("SET session_replication_role = replica")
                    .execute(&mut *conn)
                    .await
                {
                    tracing::info!("foreign keys are checked row by row ({err})");
                }
                let mut tx = sqlx::Transaction::begin(conn, None).await?;
                let rebuild = if empty {
                    drop_bulk_indexes(&mut tx).await?
                } else {
                    Vec::new()
                };
                Ok(Self::Postgres {
                    db: db.clone(),
                    tx,
                    rebuild,
                })
            }
            _ => Ok(Self::Sqlite {
                db: db.clone(),
                sql: HashMap::new(),
            }),
        }
    }

    /// Writes the tables in order, in one transaction; returns the rows written.
    pub(super) async fn write_batch(&mut self, tables: Vec<Table>) -> anyhow::Result<u64> {
        let mut written = 0u64;
        match self {
            Self::Sqlite { db, sql } => {
                let txn = database::begin_write(db).await?;
                for rows in tables {
                    written += rows.len() as u64;
                    let width = rows.columns.len();
                    let per_statement = SQLITE_MAX_PARAMETERS / width;
                    let mut values = rows.values.into_iter().peekable();
                    while values.peek().is_some() {
                        let chunk: Vec<Value> =
                            values.by_ref().take(per_statement * width).collect();
                        let n = chunk.len() / width;
                        let text = sql
                            .entry((rows.name, n))
                            .or_insert_with(|| insert_sql(rows.name, &rows.columns, n));
                        txn.execute_raw(Statement::from_sql_and_values(
                            DbBackend::Sqlite,
                            text.as_str(),
                            chunk,
                        ))
                        .await
                        .with_context(|| format!("cannot insert into {}", rows.name))?;
                    }
                }
                txn.commit().await?;
            }
            Self::Postgres { tx, .. } => {
                for rows in tables {
                    written += rows.len() as u64;
                    let data = copy_text(&rows)?;
                    let statement = format!(
                        "COPY \"{}\" ({}) FROM STDIN",
                        rows.name,
                        quoted(&rows.columns)
                    );
                    let mut copy = tx.copy_in_raw(&statement).await?;
                    copy.send(data.into_bytes()).await?;
                    copy.finish()
                        .await
                        .with_context(|| format!("cannot copy into {}", rows.name))?;
                }
            }
        }
        Ok(written)
    }

    /// The connection SQL beside the bulk rows goes through.
    pub(super) fn connection(&mut self) -> Connection<'_> {
        match self {
            Self::Sqlite { db, .. } => Connection::Sqlite(db),
            Self::Postgres { tx, .. } => Connection::Postgres(tx),
        }
    }

    /// Builds the indexes dropped at the start (PostgreSQL, into an empty
    /// database), once every bulk table, the derived ones included, is full.
    pub(super) async fn rebuild_indexes(&mut self) -> anyhow::Result<()> {
        let Self::Postgres { tx, rebuild, .. } = self else {
            return Ok(());
        };
        if !rebuild.is_empty() {
            sqlx::raw_sql("SET maintenance_work_mem = '256MB'")
                .execute(&mut **tx)
                .await?;
        }
        for definition in rebuild.drain(..) {
            sqlx::raw_sql(sqlx::AssertSqlSafe(definition.clone()))
                .execute(&mut **tx)
                .await
                .with_context(|| format!("cannot build the index: {definition}"))?;
        }
        Ok(())
    }

    /// Statistics for the planner, and (PostgreSQL) the commit and the id
    /// sequences moved past the ids written here.
    pub(super) async fn finish(self) -> anyhow::Result<()> {
        match self {
            Self::Sqlite { db, .. } => {
                // A sample per index is enough for the planner and takes
                // seconds rather than a minute on millions of rows.
                db.execute_unprepared("PRAGMA analysis_limit = 1000; ANALYZE;")
                    .await?;
                db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE);")
                    .await?;
            }
            Self::Postgres { db, tx, .. } => {
                tx.commit().await?;
                for table in ids::tables() {
                    db.execute_unprepared(&format!(
                        "SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), \
                         GREATEST((SELECT MAX(id) FROM \"{table}\"), 1))"
                    ))
                    .await?;
                }
                // VACUUM as well as ANALYZE: it marks the freshly written
                // pages all-visible, without which index-only scans visit
                // the table for every row (a search word's probe went from
                // 6 ms to 0.2 ms at a million statements).
                db.execute_unprepared("SET statement_timeout = 0").await?;
                db.execute_unprepared("VACUUM (ANALYZE)").await?;
            }
        }
        Ok(())
    }
}

/// The tables a corpus is mostly made of: their secondary indexes are built
/// once at the end on PostgreSQL.
fn bulk_tables() -> [&'static str; 6] {
    [
        document::Entity.table_name(),
        statement::Entity.table_name(),
        statement_term::Entity.table_name(),
        statement_topic::Entity.table_name(),
        statement_organization::Entity.table_name(),
        mention::Entity.table_name(),
    ]
}

/// Drops the indexes of the [`bulk_tables`] that no constraint stands on (the
/// primary keys stay) and returns their definitions.
async fn drop_bulk_indexes(
    tx: &mut sqlx::Transaction<'static, sqlx::Postgres>,
) -> anyhow::Result<Vec<String>> {
    let indexes: Vec<(String, String)> = sqlx::query_as(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i \
         WHERE i.schemaname = current_schema() AND i.tablename = ANY($1) \
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c \
             WHERE c.conindid = format('%I.%I', i.schemaname, i.indexname)::regclass) \
         ORDER BY i.indexname",
    )
    .bind(bulk_tables().map(str::to_owned).to_vec())
    .fetch_all(&mut **tx)
    .await
    .context("cannot read the index definitions")?;
    for (name, _) in &indexes {
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!("DROP INDEX \"{name}\"")))
            .execute(&mut **tx)
            .await?;
    }
    Ok(indexes
        .into_iter()
        .map(|(_, definition)| definition)
        .collect())
}

fn quoted(columns: &[&str]) -> String {
    columns
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

fn insert_sql(table: &str, columns: &[&str], rows: usize) -> String {
    let one = format!("({})", vec!["?"; columns.len()].join(","));
    let mut sql = format!("INSERT INTO \"{table}\" ({}) VALUES ", quoted(columns));
    sql.reserve(rows * (one.len() + 1));
    for i in 0..rows {
        if i > 0 {
            sql.push(',');
        }
        sql.push_str(&one);
    }
    sql
}

/// `rows` in PostgreSQL's `COPY` text format.
fn copy_text(rows: &Table) -> anyhow::Result<String> {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(rows.values.len() * 12);
    for row in rows.values.chunks(rows.columns.len()) {
        for (i, value) in row.iter().enumerate() {
            if i > 0 {
                out.push('\t');
            }
            match value {
                Value::BigInt(Some(n)) => write!(out, "{n}")?,
                Value::Int(Some(n)) => write!(out, "{n}")?,
                Value::Double(Some(x)) => write!(out, "{x}")?,
                Value::Bool(Some(b)) => out.push(if *b { 't' } else { 'f' }),
                Value::String(Some(s)) => {
                    for c in s.chars() {
                        match c {
                            '\\' => out.push_str("\\\\"),
                            '\t' => out.push_str("\\t"),
                            '\n' => out.push_str("\\n"),
                            '\r' => out.push_str("\\r"),
                            c => out.push(c),
                        }
                    }
                }
                Value::ChronoDate(Some(d)) => write!(out, "{}", d.format("%Y-%m-%d"))?,
                Value::ChronoDateTimeUtc(Some(t)) => out.push_str(&t.to_rfc3339()),
                Value::BigInt(None)
                | Value::Int(None)
                | Value::Double(None)
                | Value::Bool(None)
                | Value::String(None)
                | Value::ChronoDate(None)
                | Value::ChronoDateTimeUtc(None) => out.push_str("\\N"),
                other => anyhow::bail!("no COPY form for {other:?}"),
            }
        }
        out.push('\n');
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use entity::kinds::DatePrecision;
    use entity::{affiliation, statement_term};

    use super::*;

    #[test]
    fn a_table_takes_its_columns_and_their_order_from_the_entity() {
        let rows = [affiliation::Model {
            id: 7,
            speaker_id: 3,
            organization_id: 5,
            role: "adviser".to_owned(),
            valid_from: NaiveDate::from_ymd_opt(2020, 3, 1),
            valid_from_precision: Some(DatePrecision::Month),
            valid_to: None,
            valid_to_precision: None,
        }];
        let table = Table::of::<affiliation::Entity>(&rows);
        assert_eq!(table.name, "affiliation");
        assert_eq!(
            table.columns,
            [
                "id",
                "speaker_id",
                "organization_id",
                "role",
                "valid_from",
                "valid_from_precision",
                "valid_to",
                "valid_to_precision",
            ]
        );
        assert_eq!(table.len(), 1);
        assert_eq!(
            copy_text(&table).expect("every value has a COPY form"),
            "7\t3\t5\tadviser\t2020-03-01\tmonth\t\\N\t\\N\n"
        );
    }

    #[test]
    fn copy_text_escapes_what_copy_would_read_as_structure() {
        let rows = [statement_term::Model {
            term: "a\tb\\c\nd".to_owned(),
            statement_id: 1,
        }];
        assert_eq!(
            copy_text(&Table::of::<statement_term::Entity>(&rows)).expect("a COPY form"),
            "a\\tb\\\\c\\nd\t1\n"
        );
    }

    #[test]
    fn one_insert_names_the_columns_and_a_group_of_placeholders_per_row() {
        assert_eq!(
            insert_sql("mention", &["id", "statement_id"], 2),
            "INSERT INTO \"mention\" (\"id\", \"statement_id\") VALUES (?,?),(?,?)"
        );
    }
}
