//! Connecting to the database and migrating it.
//!
//! SQLite is the embedded default; PostgreSQL is the production database. The
//! same migrations and the same queries run on both.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use anyhow::Context;
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend,
    DbErr, SqliteTransactionMode, TransactionOptions, TransactionTrait,
};

use crate::config::Settings;

/// Opens a connection pool to `settings.database_url`.
///
/// A SQLite file is created if missing (with `?mode=rwc`). The SQLite driver
/// already enforces foreign keys and waits on a busy database on every pooled
/// connection; the journal is switched to write-ahead (a setting stored in the
/// file), so that readers never wait for a writer.
pub async fn connect(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    open(settings, &settings.database_url, None).await
}

/// Like [`connect`], for the pool that serves requests: on PostgreSQL each
/// statement is stopped by the database when it runs longer than a request
/// may (`CLAIMGRAPH_REQUEST_TIMEOUT_MS`), rather than finishing work nobody
/// waits for. Migrations, seeding and the tools use [`connect`], unbounded.
pub async fn connect_for_requests(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    open(
        settings,
        &settings.database_url,
        Some(settings.request_timeout_ms),
    )
    .await
}

/// The pool that GraphQL queries and the exports read from: the read replica
/// (`CLAIMGRAPH_READ_DATABASE_URL`) when one is configured, bounded like
/// [`connect_for_requests`]; `None` when queries share the primary's pool.
///
/// Like the primary's, the pool is made lazily: a replica that is away at
/// start does not stop the server, it makes `/readyz` answer 503.
pub async fn connect_read_replica(
    settings: &Settings,
) -> anyhow::Result<Option<DatabaseConnection>> {
    let Some(url) = settings.read_database_url.as_deref() else {
        return Ok(None);
    };
    let primary = settings.database_url.starts_with("postgres");
    if !(primary && url.starts_with("postgres")) {
        anyhow::bail!(
            "CLAIMGRAPH_READ_DATABASE_URL needs PostgreSQL for both databases (a streaming replica of DATABASE_URL); SQLite has no replicas"
        );
    }
    open(settings, url, Some(settings.request_timeout_ms))
        .await
        .map(Some)
}

async fn open(
    settings: &Settings,
    url: &str,
    statement_timeout_ms: Option<u64>,
) -> anyhow::Result<DatabaseConnection> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .max_connections(settings.db_pool)
        .min_connections(1)
        // Fail fast while the database is away, and let the pool reconnect by
        // itself when it is back; a pool made lazily does not need the
        // database to be up when the server starts.
        .connect_timeout(Duration::from_secs(3))
        .acquire_timeout(Duration::from_secs(3))
        .connect_lazy(true)
        .sqlx_logging(false);
    if let Some(ms) = statement_timeout_ms {
        let statement_timeout = format!("{ms}ms");
        options.map_sqlx_postgres_opts(move |pg| {
            pg.options([("statement_timeout", statement_timeout.as_str())])
        });
    }
    // SQLite has one writer at a time; the others wait for the lock as long
    // as a request may last (the tools wait a minute) instead of the
    // driver's five seconds, which a queue of ingests outlasts.
    let busy_timeout = Duration::from_millis(statement_timeout_ms.unwrap_or(60_000));
    options.map_sqlx_sqlite_opts(move |sqlite| sqlite.busy_timeout(busy_timeout));
    let db = Database::connect(options)
        .await
        .with_context(|| format!("cannot connect to the database ({})", redacted(url)))?;
    if db.get_database_backend() == DbBackend::Sqlite {
        db.execute_unprepared("PRAGMA journal_mode = WAL;")
            .await
            .context("cannot configure SQLite")?;
    }
    Ok(db)
}

/// Starts a transaction that will write.
///
/// On SQLite it takes the write lock at `BEGIN` (`BEGIN IMMEDIATE`): a
/// transaction that reads first cannot upgrade to writing while another
/// connection writes, and SQLite then fails it at once with "database is
/// locked" instead of waiting; a lock taken at `BEGIN` waits its turn through
/// the busy timeout. PostgreSQL ignores the mode.
pub async fn begin_write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..TransactionOptions::default()
    })
    .await
}

/// SQL for the month (`YYYY-MM`) of the date column `column` (written as the
/// SQL names it, e.g. `"statement"."dated_on"` or `s.dated_on`): the one
/// spelling of a month on either database, shared by the counts by month
/// and the tally written alongside statements, which must agree.
pub fn month_sql(backend: DbBackend, column: &str) -> String {
    match backend {
        DbBackend::Postgres => format!("to_char({column}, 'YYYY-MM')"),
        _ => format!("substr({column}, 1, 7)"),
    }
}

/// SQL for what a statement is counted under by month, on the statement
/// table as the SQL names it (`table`: `"statement"` or an alias such as
/// `s`): `YYYY-MM` when it is dated to the day or the month, `YYYY` when only
/// to the year, and `none` (an SQL expression) when it has no date. Shared
/// by the counts by month and the tally written alongside statements, which
/// must agree.
pub fn month_key_sql(backend: DbBackend, table: &str, none: &str) -> String {
    let date = format!("{table}.dated_on");
    let month = month_sql(backend, &date);
    let year = match backend {
        DbBackend::Postgres => format!("to_char({date}, 'YYYY')"),
        _ => format!("substr({date}, 1, 4)"),
    };
    format!(
        "CASE WHEN {table}.dated_precision IN ('day', 'month') THEN {month} \
         WHEN {table}.dated_precision = 'year' THEN {year} ELSE {none} END"
    )
}

/// Whether `err` means the database cannot be reached (rather than that a
/// statement was wrong): the server then answers `DATABASE_UNAVAILABLE` and
/// keeps retrying.
pub fn is_unavailable(err: &DbErr) -> bool {
    use sea_orm::{RuntimeErr, SqlxError};
    match err {
        DbErr::ConnectionAcquire(_) => true,
        DbErr::Conn(RuntimeErr::SqlxError(e))
        | DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e)) => matches!(
            e.as_ref(),
            SqlxError::Io(_) | SqlxError::PoolTimedOut | SqlxError::PoolClosed | SqlxError::Tls(_)
        ),
        DbErr::Conn(_) => true,
        _ => false,
    }
}

/// Whether `err` means every pooled connection stayed busy for the pool's
/// acquire timeout: the server is overloaded, the database may be fine.
pub fn is_busy(err: &DbErr) -> bool {
    use sea_orm::{ConnAcquireErr, RuntimeErr, SqlxError};
    match err {
        DbErr::ConnectionAcquire(ConnAcquireErr::Timeout) => true,
        DbErr::Conn(RuntimeErr::SqlxError(e))
        | DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e)) => matches!(e.as_ref(), SqlxError::PoolTimedOut),
        _ => false,
    }
}

/// Whether the failure behind `err` is an unreachable database.
pub fn is_unavailable_error(err: &anyhow::Error) -> bool {
    err.chain()
        .filter_map(|e| e.downcast_ref::<DbErr>())
        .any(is_unavailable)
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None)
        .await
        .context("database migration failed")
}

/// How many SQL statements a pool has run and how long they took: what the
/// tests use to prove that nested queries cost one statement per level,
/// whatever the page size, and what `claimgraph bench --profile` splits a
/// request's time with.
#[derive(Debug, Clone, Default)]
pub struct StatementCounter(Arc<Tally>);

#[derive(Debug, Default)]
struct Tally {
    statements: AtomicU64,
    /// Nanoseconds between sending each statement and having its rows
    /// (the connection already acquired): the round trip, the database's
    /// work and the driver's decoding.
    nanos: AtomicU64,
    /// Whether statements are being captured: the lock below is taken only then.
    capturing: std::sync::atomic::AtomicBool,
    /// The statements run while capturing, with their values.
    captured: std::sync::Mutex<Option<Vec<sea_orm::Statement>>>,
}

impl StatementCounter {
    /// Statements run so far.
    pub fn get(&self) -> u64 {
        self.0.statements.load(Ordering::Relaxed)
    }

    /// The time the statements run so far took, added up.
    pub fn elapsed(&self) -> Duration {
        Duration::from_nanos(self.0.nanos.load(Ordering::Relaxed))
    }

    /// Keeps every statement run from now on, until [`Self::captured`].
    pub fn capture(&self) {
        *self.0.captured.lock().unwrap_or_else(|e| e.into_inner()) = Some(Vec::new());
        self.0.capturing.store(true, Ordering::Relaxed);
    }

    /// The statements run since [`Self::capture`], which stops capturing.
    pub fn captured(&self) -> Vec<sea_orm::Statement> {
        self.0.capturing.store(false, Ordering::Relaxed);
        self.0
            .captured
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .unwrap_or_default()
    }
}

/// Counts every statement `db` runs from now on.
pub fn count_statements(db: &mut DatabaseConnection) -> StatementCounter {
    let counter = StatementCounter::default();
    also_count(db, &counter);
    counter
}

/// Counts every statement `db` runs from now on in `counter` too: the read
/// replica's pool counts with the primary's.
pub fn also_count(db: &mut DatabaseConnection, counter: &StatementCounter) {
    let inner = counter.0.clone();
    db.set_metric_callback(move |info| {
        inner.statements.fetch_add(1, Ordering::Relaxed);
        let nanos = u64::try_from(info.elapsed.as_nanos()).unwrap_or(u64::MAX);
        inner.nanos.fetch_add(nanos, Ordering::Relaxed);
        if !inner.capturing.load(Ordering::Relaxed) {
            return crate::metrics::record_statement();
        }
        if let Some(captured) = inner
            .captured
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .as_mut()
        {
            captured.push(info.statement.clone());
        }
        crate::metrics::record_statement();
    });
}

/// The database URL with any password replaced, fit for logs and error messages.
pub fn redacted(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            let credentials = &url[scheme_end + 3..at];
            match credentials.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme_end + 3],
                    &credentials[..colon],
                    &url[at..]
                ),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// A statement with its values written into its text, on PostgreSQL, when
/// every value is a number, a date or a string of plain ASCII words (ids
/// the API resolved, a review status, a page size, a name as a client
/// typed it): otherwise unchanged. For the statements every request of a
/// kind sends: a first page, and the names of its filter.
///
/// PostgreSQL plans a statement with parameters again on every execution
/// (a plan for its values), and the page's plan costs as much as running
/// it (BENCHMARKS.md, session 9). A statement without parameters is
/// planned once per connection, then its plan is reused: the same filter's
/// first page, the one most asked for, is the same prepared statement.
/// Later pages keep their parameters, so that walking a long list does
/// not fill the connection's statement cache with one page each.
pub(crate) fn planned_once(statement: sea_orm::Statement) -> sea_orm::Statement {
    use sea_orm::sea_query::{PostgresQueryBuilder, Value, inject_parameters};
    if statement.db_backend != sea_orm::DbBackend::Postgres {
        return statement;
    }
    let Some(values) = &statement.values else {
        return statement;
    };
    let plain = values.0.iter().all(|value| match value {
        Value::Bool(_)
        | Value::TinyInt(_)
        | Value::SmallInt(_)
        | Value::Int(_)
        | Value::BigInt(_)
        | Value::TinyUnsigned(_)
        | Value::SmallUnsigned(_)
        | Value::Unsigned(_)
        | Value::BigUnsigned(_)
        | Value::ChronoDate(_) => true,
        Value::String(Some(text)) => text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == ' '),
        _ => false,
    });
    if !plain {
        return statement;
    }
    let sql = inject_parameters(&statement.sql, &values.0, &PostgresQueryBuilder);
    sea_orm::Statement::from_string(sea_orm::DbBackend::Postgres, sql)
}

#[cfg(test)]
mod tests {
    use sea_orm::{DbBackend, Statement};

    use super::{planned_once, redacted};

    #[test]
    fn passwords_never_reach_logs() {
        assert_eq!(
            redacted("postgres://app:s3cret@db:5432/claims"),
            "postgres://app:***@db:5432/claims"
        );
        assert_eq!(
            redacted("postgres://postgres@127.0.0.1/test"),
            "postgres://postgres@127.0.0.1/test"
        );
        assert_eq!(
            redacted("sqlite://claimgraph.db?mode=rwc"),
            "sqlite://claimgraph.db?mode=rwc"
        );
    }

    fn statement(backend: DbBackend, text: &str) -> Statement {
        let sql = match backend {
            DbBackend::Postgres => {
                "SELECT * FROM statement WHERE id IN ($1, $2) AND review_status <> $3 AND text = $4 LIMIT $5"
            }
            _ => {
                "SELECT * FROM statement WHERE id IN (?, ?) AND review_status <> ? AND text = ? LIMIT ?"
            }
        };
        Statement::from_sql_and_values(
            backend,
            sql,
            [
                1i64.into(),
                20i64.into(),
                "rejected".into(),
                text.into(),
                21u64.into(),
            ],
        )
    }

    /// Ids, a status and plain words are written in on PostgreSQL: the
    /// statement has no parameters left, so its plan is made once.
    #[test]
    fn a_first_page_of_plain_values_has_no_parameters_on_postgresql() {
        let once = planned_once(statement(DbBackend::Postgres, "plain words"));
        assert_eq!(
            once.sql,
            "SELECT * FROM statement WHERE id IN (1, 20) AND review_status <> 'rejected' AND text = 'plain words' LIMIT 21"
        );
        assert!(
            once.values.as_ref().is_none_or(|v| v.0.is_empty()),
            "{:?}",
            once.values
        );
    }

    /// Anything else keeps its parameters: a client's text with quotes or
    /// letters beyond ASCII, and every statement on SQLite.
    #[test]
    fn other_values_and_sqlite_keep_their_parameters() {
        for text in ["it's", "расследование", "a\\b"] {
            let kept = planned_once(statement(DbBackend::Postgres, text));
            assert!(kept.sql.contains("$4"), "{text}: {}", kept.sql);
            assert_eq!(kept.values.map(|v| v.0.len()), Some(5), "{text}");
        }
        let sqlite = planned_once(statement(DbBackend::Sqlite, "plain"));
        assert!(sqlite.sql.contains('?') && sqlite.values.is_some());
    }
}
