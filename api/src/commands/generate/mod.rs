//! `claimgraph generate`: a deterministic synthetic corpus, for load tests and
//! benchmarks.
//!
//! The corpus is built on the seed registry (loaded first when the database has
//! no topics), so the registry's speakers, organizations, aliases and topics
//! take part alongside generated ones: a few hundred organizations in a
//! three-level hierarchy (government → ministry → department) of eight
//! countries, up to 2,000 speakers named in Russian and English with dated
//! affiliations, and documents in both languages of 5 to 20 statements each.
//! Speakers, topics and subjects are drawn from Zipf distributions so that, as
//! in real coverage, a few of them dominate.
//!
//! Everything is drawn from one ChaCha8 generator seeded by `--seed`: the same
//! seed gives the same corpus on any machine and either database.
//!
//! Speed (a million statements is some twelve million rows) comes from three
//! choices:
//! - ids are assigned here rather than by the database, so a whole batch of
//!   documents, statements and their links is built in memory without a round
//!   trip, and written per table in a few large statements, one transaction
//!   per batch;
//! - statement texts are made of phrases from word lists, and the search terms
//!   of each distinct phrase are computed once ([`Lexicon`]): the terms of a
//!   text are the terms of its phrases in order, each once, which is exactly
//!   what `seeds::text::search_terms` gives for the whole text (a unit test
//!   checks it);
//! - the batches are made on a thread of their own while the previous one is
//!   written; SQLite gets multi-row `INSERT`s on one connection with
//!   `synchronous = OFF` (for this run only), PostgreSQL gets `COPY`.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use entity::{affiliation, alias, organization, speaker, statement, topic};
use indicatif::{ProgressBar, ProgressStyle};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sea_orm::sqlx;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, PaginatorTrait,
    QueryOrder, QuerySelect, Statement, Value,
};

use crate::config::{SeedScope, Settings};
use crate::{database, services};

/// The `source` of every generated statement: the generator and its version.
pub const SOURCE: &str = "generator@1";

/// A word that about one English statement in five contains: the bench's
/// "common word" search.
pub const COMMON_WORD: &str = "security";

/// A word in one statement out of [`RARE_EVERY`] (the first included), in
/// either language: the bench's "rare word" search.
pub const RARE_WORD: &str = "Zeravshan";

/// How often [`RARE_WORD`] occurs.
pub const RARE_EVERY: u64 = 10_007;

/// Arguments of `claimgraph generate`.
#[derive(Debug, Clone, clap::Args)]
pub struct GenerateArgs {
    /// How many statements to generate.
    #[arg(long)]
    pub statements: u64,
    /// Seed of the random generator: the same seed gives the same corpus.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Statements written per transaction.
    #[arg(long, default_value_t = 5_000, value_parser = clap::value_parser!(u64).range(1..))]
    pub batch: u64,
    /// No progress bar (it is also hidden when standard error is not a terminal).
    #[arg(long)]
    pub quiet: bool,
}

/// What a run wrote, and how fast.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct GenerateReport {
    pub organizations: u64,
    pub speakers: u64,
    pub documents: u64,
    pub statements: u64,
    /// Every row written, across all tables.
    pub rows: u64,
    /// Generating and writing, without the final `ANALYZE`.
    pub elapsed: Duration,
    /// The final `ANALYZE` (and, on PostgreSQL, sequence updates).
    pub finishing: Duration,
}

impl GenerateReport {
    /// Rows written per second of generating and writing.
    pub fn rows_per_second(&self) -> f64 {
        self.rows as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }
}

/// Generates the corpus into the configured database and prints a summary.
pub async fn run(settings: &Settings, args: &GenerateArgs) -> anyhow::Result<()> {
    let r = generate(settings, args).await?;
    println!(
        "generated {} statements in {} documents ({} speakers, {} organizations): {} rows in {:.1} s, \
         {:.0} rows/s, {:.0} statements/s (then {:.1} s for the statistics)",
        r.statements,
        r.documents,
        r.speakers,
        r.organizations,
        r.rows,
        r.elapsed.as_secs_f64(),
        r.rows_per_second(),
        r.statements as f64 / r.elapsed.as_secs_f64().max(1e-9),
        r.finishing.as_secs_f64(),
    );
    Ok(())
}

/// Generates the corpus into the configured database.
pub async fn generate(settings: &Settings, args: &GenerateArgs) -> anyhow::Result<GenerateReport> {
    let started = Instant::now();
    // One connection: SQLite's pragmas below are per connection, and there is
    // only ever one writer anyway.
    let mut one = settings.clone();
    one.db_pool = 1;
    let db = database::connect(&one).await?;
    database::migrate(&db).await?;
    if topic::Entity::find().count(&db).await? == 0 {
        services::seeding::load(&db, SeedScope::Registry).await?;
    }
    let backend = db.get_database_backend();
    if backend == DbBackend::Sqlite {
        // Durability is not wanted while filling a scratch database: a crash
        // means generating again. The settings end with this connection.
        db.execute_unprepared(
            "PRAGMA synchronous = OFF; PRAGMA cache_size = -262144; PRAGMA temp_store = MEMORY;",
        )
        .await
        .context("cannot configure SQLite for bulk writes")?;
    }
    let first_slug = slug(args.seed, 0);
    let taken = db
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            match backend {
                DbBackend::Postgres => "SELECT 1 FROM document WHERE slug = $1",
                _ => "SELECT 1 FROM document WHERE slug = ?",
            },
            [Value::from(first_slug.clone())],
        ))
        .await?;
    if taken.is_some() {
        anyhow::bail!(
            "this database already holds the corpus of seed {} (document {first_slug:?}); \
             use another seed or an empty database",
            args.seed
        );
    }

    let last_statement: Option<i64> = statement::Entity::find()
        .select_only()
        .column_as(statement::Column::Id.max(), "max")
        .into_tuple()
        .one(&db)
        .await?
        .flatten();
    let registry = Registry::load(&db).await?;
    let mut next = NextIds::load(&db).await?;
    let mut writer = Writer::new(&db, last_statement.is_none()).await?;
    let mut rng = ChaCha8Rng::seed_from_u64(args.seed);
    let cast = Cast::build(&registry, &mut next, args.statements, &mut rng);
    let mut report = GenerateReport {
        organizations: cast.new_organizations,
        speakers: cast.new_speakers,
        ..Default::default()
    };
    report.rows += writer.write_batch(cast.rows).await?;

    let bar = if args.quiet {
        ProgressBar::hidden()
    } else {
        ProgressBar::new(args.statements)
    };
    bar.set_style(
        ProgressStyle::with_template(
            "{bar:40} {pos}/{len} statements, {per_sec}, {elapsed_precise} (eta {eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );

    // Batches are made on a thread of their own while the last one is written.
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<Batch>(2);
    let mut corpus = CorpusWriter {
        seed: args.seed,
        total: args.statements,
        batch: args.batch,
        made: 0,
        documents: 0,
        now: Utc::now(),
        lexicon: Lexicon::default(),
        world: cast.world,
        next,
        rng,
    };
    let maker = tokio::task::spawn_blocking(move || {
        while let Some(batch) = corpus.next_batch() {
            if sender.blocking_send(batch).is_err() {
                break;
            }
        }
    });
    while let Some(batch) = receiver.recv().await {
        report.rows += writer.write_batch(batch.tables).await?;
        report.documents += batch.documents;
        report.statements += batch.statements;
        bar.inc(batch.statements);
    }
    maker.await.context("the corpus generator failed")?;
    bar.finish_and_clear();
    // Which organizations the new statements count for, and their tally.
    report.rows += writer.derive(last_statement.unwrap_or(0)).await?;
    report.elapsed = started.elapsed();

    let finishing = Instant::now();
    writer.finish().await?;
    db.close().await.ok();
    report.finishing = finishing.elapsed();
    Ok(report)
}

fn slug(seed: u64, document: u64) -> String {
    format!("generated-s{seed}-{document:07}")
}

// ---------------------------------------------------------------------------
// Rows and how they are written

/// Rows for one table, flattened: `values.len() == rows * columns.len()`.
#[derive(Debug)]
struct Rows {
    table: &'static str,
    columns: &'static [&'static str],
    values: Vec<Value>,
}

impl Rows {
    fn new(table: &'static str, columns: &'static [&'static str]) -> Self {
        Self {
            table,
            columns,
            values: Vec::new(),
        }
    }

    fn push(&mut self, row: impl IntoIterator<Item = Value>) {
        let before = self.values.len();
        self.values.extend(row);
        debug_assert_eq!(self.values.len() - before, self.columns.len());
    }

    fn len(&self) -> usize {
        self.values.len() / self.columns.len()
    }
}

const ORGANIZATION: &[&str] = &[
    "id",
    "key",
    "name",
    "kind",
    "country",
    "parent_id",
    "description",
    "verified",
];
const SPEAKER: &[&str] = &["id", "key", "name", "kind", "description", "verified"];
const ALIAS: &[&str] = &[
    "id",
    "speaker_id",
    "organization_id",
    "name",
    "lang",
    "folded",
    "stemmed",
];
const AFFILIATION: &[&str] = &[
    "id",
    "speaker_id",
    "organization_id",
    "role",
    "valid_from",
    "valid_from_precision",
    "valid_to",
    "valid_to_precision",
];
const DOCUMENT: &[&str] = &[
    "id",
    "slug",
    "title",
    "title_is_editorial",
    "url",
    "outlet_id",
    "language",
    "published_on",
    "published_precision",
    "body",
    "original",
    "content_hash",
    "ingested_at",
];
const STATEMENT: &[&str] = &[
    "id",
    "document_id",
    "speaker_id",
    "organization_id",
    "kind",
    "text",
    "span_start",
    "span_end",
    "language",
    "said_on",
    "said_precision",
    "dated_on",
    "dated_precision",
    "source",
    "confidence",
    "created_at",
];
const STATEMENT_TOPIC: &[&str] = &["statement_id", "topic_id"];
const STATEMENT_TERM: &[&str] = &["term", "statement_id"];
const MENTION: &[&str] = &["id", "statement_id", "speaker_id", "organization_id"];

/// The tables whose ids the generator assigns: their sequences are moved
/// past the generated ids at the end (PostgreSQL).
const ID_TABLES: &[&str] = &[
    "organization",
    "speaker",
    "alias",
    "affiliation",
    "document",
    "statement",
    "mention",
];

/// Writes batches of rows: one transaction per batch on SQLite, one for the
/// whole run on PostgreSQL.
enum Writer {
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

/// SQLite's limit on bound parameters in one statement.
const SQLITE_MAX_PARAMETERS: usize = 32_766;

impl Writer {
    async fn new(db: &DatabaseConnection, empty: bool) -> anyhow::Result<Self> {
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
    async fn write_batch(&mut self, tables: Vec<Rows>) -> anyhow::Result<u64> {
        let mut written = 0u64;
        match self {
            Self::Sqlite { db, sql } => {
                let txn = crate::database::begin_write(db).await?;
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
                            .entry((rows.table, n))
                            .or_insert_with(|| insert_sql(rows.table, rows.columns, n));
                        txn.execute_raw(Statement::from_sql_and_values(
                            DbBackend::Sqlite,
                            text.as_str(),
                            chunk,
                        ))
                        .await
                        .with_context(|| format!("cannot insert into {}", rows.table))?;
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
                        rows.table,
                        quoted(rows.columns)
                    );
                    let mut copy = tx.copy_in_raw(&statement).await?;
                    copy.send(data.into_bytes()).await?;
                    copy.finish()
                        .await
                        .with_context(|| format!("cannot copy into {}", rows.table))?;
                }
            }
        }
        Ok(written)
    }

    /// Which organizations the statements after `last_before` count for,
    /// and their tally. On PostgreSQL through the copy connection, which
    /// skips the per-row foreign-key checks where it may: the rows are
    /// derived from rows that exist.
    async fn derive(&mut self, last_before: i64) -> anyhow::Result<u64> {
        let scope = services::spoken_for::Scope::After(last_before);
        match self {
            Self::Sqlite { db, .. } => {
                let txn = database::begin_write(db).await?;
                let written = services::spoken_for::refresh(&txn, scope).await?
                    + services::tally::add(&txn, scope).await?;
                txn.commit().await?;
                Ok(written)
            }
            Self::Postgres { tx, rebuild, .. } => {
                let [delete, insert] =
                    services::spoken_for::refresh_sql(DbBackend::Postgres, scope);
                let tally = services::tally::add_sql(DbBackend::Postgres, scope);
                let mut written = 0;
                for sql in [delete, insert, tally] {
                    written += sqlx::raw_sql(sqlx::AssertSqlSafe(sql))
                        .execute(&mut **tx)
                        .await?
                        .rows_affected();
                }
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
                Ok(written)
            }
        }
    }

    /// Statistics for the planner, and (PostgreSQL) the id sequences moved
    /// past the ids written here.
    async fn finish(self) -> anyhow::Result<()> {
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
                for table in ID_TABLES {
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

/// The tables a corpus is mostly made of.
const BULK_TABLES: [&str; 6] = [
    "document",
    "statement",
    "statement_term",
    "statement_topic",
    "statement_organization",
    "mention",
];

/// Drops the indexes of [`BULK_TABLES`] that no constraint stands on (the
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
    .bind(BULK_TABLES.map(str::to_owned).to_vec())
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
fn copy_text(rows: &Rows) -> anyhow::Result<String> {
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

/// The next free id of each table the generator writes ids into.
#[derive(Debug, Clone, Copy)]
struct NextIds {
    organization: i64,
    speaker: i64,
    alias: i64,
    affiliation: i64,
    document: i64,
    statement: i64,
    mention: i64,
}

impl NextIds {
    async fn load(db: &DatabaseConnection) -> anyhow::Result<Self> {
        let mut next = [0i64; 7];
        for (slot, table) in next.iter_mut().zip(ID_TABLES) {
            let row = db
                .query_one_raw(Statement::from_string(
                    db.get_database_backend(),
                    format!("SELECT COALESCE(MAX(id), 0) AS m FROM \"{table}\""),
                ))
                .await?
                .context("MAX(id) returned no row")?;
            *slot = row.try_get::<i64>("", "m")? + 1;
        }
        let [
            organization,
            speaker,
            alias,
            affiliation,
            document,
            statement,
            mention,
        ] = next;
        Ok(Self {
            organization,
            speaker,
            alias,
            affiliation,
            document,
            statement,
            mention,
        })
    }

    fn take(slot: &mut i64) -> i64 {
        let id = *slot;
        *slot += 1;
        id
    }
}

// ---------------------------------------------------------------------------
// The registry and the generated cast

/// What the seed registry already holds, read back from the database in id order.
#[derive(Debug, Default)]
struct Registry {
    /// (id, English name, Russian name).
    organizations: Vec<(i64, String, String)>,
    /// Ids of media organizations: the outlets of generated documents.
    outlets: Vec<i64>,
    /// (id, English name, Russian name).
    speakers: Vec<(i64, String, String)>,
    /// Affiliations: (speaker, organization, from, to).
    affiliations: Vec<(i64, i64, Option<NaiveDate>, Option<NaiveDate>)>,
    /// (id, key, English label, Russian label).
    topics: Vec<(i64, String, String, String)>,
}

impl Registry {
    async fn load(db: &DatabaseConnection) -> anyhow::Result<Self> {
        let aliases = alias::Entity::find()
            .order_by_asc(alias::Column::Id)
            .all(db)
            .await?;
        // The first alias in each language stands for a name in that language.
        let name_in = |speaker: Option<i64>, org: Option<i64>, lang: &str, fallback: &str| {
            aliases
                .iter()
                .find(|a| {
                    a.lang.as_deref() == Some(lang)
                        && (speaker.is_some() && a.speaker_id == speaker
                            || org.is_some() && a.organization_id == org)
                })
                .map_or_else(|| fallback.to_owned(), |a| a.name.clone())
        };
        let mut registry = Self::default();
        for o in organization::Entity::find()
            .order_by_asc(organization::Column::Id)
            .all(db)
            .await?
        {
            if o.kind == entity::kinds::OrganizationKind::Media {
                registry.outlets.push(o.id);
            }
            let ru = name_in(None, Some(o.id), "ru", &o.name);
            registry.organizations.push((o.id, o.name, ru));
        }
        for s in speaker::Entity::find()
            .order_by_asc(speaker::Column::Id)
            .all(db)
            .await?
        {
            let ru = name_in(Some(s.id), None, "ru", &s.name);
            let en = name_in(Some(s.id), None, "en", &s.name);
            registry.speakers.push((s.id, en, ru));
        }
        for a in affiliation::Entity::find()
            .order_by_asc(affiliation::Column::Id)
            .all(db)
            .await?
        {
            registry
                .affiliations
                .push((a.speaker_id, a.organization_id, a.valid_from, a.valid_to));
        }
        for t in topic::Entity::find()
            .order_by_asc(topic::Column::Id)
            .all(db)
            .await?
        {
            registry.topics.push((t.id, t.key, t.label_en, t.label_ru));
        }
        anyhow::ensure!(
            !registry.topics.is_empty(),
            "the database has no topics to tag statements with"
        );
        Ok(registry)
    }
}

/// A speaker or organization as statements use it.
#[derive(Debug, Clone)]
struct Person {
    id: i64,
    /// Names in English and Russian.
    names: [String; 2],
    /// Organizations and the dates between which the speaker spoke for them.
    roles: Vec<(i64, Option<NaiveDate>, Option<NaiveDate>)>,
}

/// Everything statements are drawn from.
#[derive(Debug)]
struct World {
    /// Speakers in Zipf rank order (registry first: they dominate).
    speakers: Vec<Person>,
    speaker_rank: Zipf,
    /// Organizations in Zipf rank order, with their names.
    organizations: Vec<(i64, [String; 2])>,
    organization_rank: Zipf,
    /// Topics in Zipf rank order: (id, key, labels).
    topics: Vec<(i64, String, [String; 2])>,
    topic_rank: Zipf,
    outlets: Vec<i64>,
}

/// The generated speakers and organizations, their rows, and the world they make.
#[derive(Debug)]
struct Cast {
    rows: Vec<Rows>,
    world: World,
    new_organizations: u64,
    new_speakers: u64,
}

/// (English, Russian nominative, Russian genitive, ISO code).
const COUNTRIES: &[(&str, &str, &str, &str)] = &[
    ("Uzbekistan", "Узбекистан", "Узбекистана", "UZ"),
    ("Tajikistan", "Таджикистан", "Таджикистана", "TJ"),
    ("Turkmenistan", "Туркменистан", "Туркменистана", "TM"),
    ("Mongolia", "Монголия", "Монголии", "MN"),
    ("Georgia", "Грузия", "Грузии", "GE"),
    ("Azerbaijan", "Азербайджан", "Азербайджана", "AZ"),
    ("Moldova", "Молдова", "Молдовы", "MD"),
    ("Belarus", "Беларусь", "Беларуси", "BY"),
];

/// (English, Russian nominative, Russian genitive, kind).
const MINISTRIES: &[(&str, &str, &str, &str)] = &[
    (
        "Ministry of Justice",
        "Министерство юстиции",
        "Министерства юстиции",
        "government",
    ),
    (
        "Ministry of Internal Affairs",
        "Министерство внутренних дел",
        "Министерства внутренних дел",
        "security",
    ),
    (
        "Ministry of Foreign Affairs",
        "Министерство иностранных дел",
        "Министерства иностранных дел",
        "government",
    ),
    (
        "Ministry of Defence",
        "Министерство обороны",
        "Министерства обороны",
        "security",
    ),
    (
        "Ministry of Health",
        "Министерство здравоохранения",
        "Министерства здравоохранения",
        "government",
    ),
    (
        "Ministry of Education",
        "Министерство образования",
        "Министерства образования",
        "government",
    ),
    (
        "Ministry of Finance",
        "Министерство финансов",
        "Министерства финансов",
        "government",
    ),
    (
        "Ministry of Labour",
        "Министерство труда",
        "Министерства труда",
        "government",
    ),
    (
        "Prosecutor General's Office",
        "Генеральная прокуратура",
        "Генеральной прокуратуры",
        "judiciary",
    ),
    (
        "Supreme Court",
        "Верховный суд",
        "Верховного суда",
        "judiciary",
    ),
];

/// (English, Russian) departments of every ministry.
const DEPARTMENTS: &[(&str, &str)] = &[
    ("Press Service", "Пресс-служба"),
    ("Human Rights Department", "Департамент по правам человека"),
];

/// (English, Russian) first names, male then female.
const FIRST_NAMES: &[(&str, &str)] = &[
    ("Arman", "Арман"),
    ("Nurlan", "Нурлан"),
    ("Dauren", "Даурен"),
    ("Timur", "Тимур"),
    ("Ruslan", "Руслан"),
    ("Bakhyt", "Бахыт"),
    ("Yerlan", "Ерлан"),
    ("Marat", "Марат"),
    ("Askar", "Аскар"),
    ("Daniyar", "Данияр"),
    ("Azamat", "Азамат"),
    ("Sergei", "Сергей"),
    ("Alexei", "Алексей"),
    ("Dmitry", "Дмитрий"),
    ("Igor", "Игорь"),
    ("Oleg", "Олег"),
    ("Bakhtiyor", "Бахтиёр"),
    ("Farrukh", "Фаррух"),
    ("Rustam", "Рустам"),
    ("Jamshid", "Джамшид"),
    ("Aigul", "Айгуль"),
    ("Dinara", "Динара"),
    ("Gulnara", "Гульнара"),
    ("Saule", "Сауле"),
    ("Zarina", "Зарина"),
    ("Madina", "Мадина"),
    ("Aliya", "Алия"),
    ("Elena", "Елена"),
    ("Olga", "Ольга"),
    ("Natalia", "Наталья"),
    ("Irina", "Ирина"),
    ("Kamila", "Камила"),
    ("Nigora", "Нигора"),
    ("Malika", "Малика"),
    ("Asel", "Асель"),
    ("Dilnoza", "Дилноза"),
    ("Svetlana", "Светлана"),
    ("Tatiana", "Татьяна"),
    ("Anara", "Анара"),
    ("Leila", "Лейла"),
];
const MALE_FIRST_NAMES: usize = 20;

/// (English, Russian) surnames in their masculine form; feminine adds "a"/"а".
const SURNAMES: &[(&str, &str)] = &[
    ("Bekov", "Беков"),
    ("Akhmetov", "Ахметов"),
    ("Nurlanov", "Нурланов"),
    ("Serikov", "Сериков"),
    ("Ismailov", "Исмаилов"),
    ("Karimov", "Каримов"),
    ("Rakhimov", "Рахимов"),
    ("Yusupov", "Юсупов"),
    ("Abdullaev", "Абдуллаев"),
    ("Kasymov", "Касымов"),
    ("Mamedov", "Мамедов"),
    ("Aliev", "Алиев"),
    ("Petrov", "Петров"),
    ("Sokolov", "Соколов"),
    ("Volkov", "Волков"),
    ("Orlov", "Орлов"),
    ("Zaitsev", "Зайцев"),
    ("Morozov", "Морозов"),
    ("Lebedev", "Лебедев"),
    ("Kozlov", "Козлов"),
    ("Tursunov", "Турсунов"),
    ("Saidov", "Саидов"),
    ("Nazarov", "Назаров"),
    ("Sultanov", "Султанов"),
    ("Zhakupov", "Жакупов"),
    ("Omarov", "Омаров"),
    ("Baimukhanov", "Баймуханов"),
    ("Temirov", "Темиров"),
    ("Ospanov", "Оспанов"),
    ("Dzhaksybekov", "Джаксыбеков"),
    ("Utemisov", "Утемисов"),
    ("Kuanyshev", "Куанышев"),
    ("Muratov", "Муратов"),
    ("Gafurov", "Гафуров"),
    ("Khodjaev", "Ходжаев"),
    ("Ergashev", "Эргашев"),
    ("Pavlov", "Павлов"),
    ("Smirnov", "Смирнов"),
    ("Fedorov", "Федоров"),
    ("Ivanov", "Иванов"),
    ("Borisov", "Борисов"),
    ("Makarov", "Макаров"),
    ("Nikitin", "Никитин"),
    ("Tarasov", "Тарасов"),
    ("Golubev", "Голубев"),
    ("Belyaev", "Беляев"),
    ("Davletov", "Давлетов"),
    ("Khamitov", "Хамитов"),
    ("Zhumabaev", "Жумабаев"),
    ("Sarsenov", "Сарсенов"),
];

const ROLES: &[&str] = &[
    "spokesperson",
    "minister",
    "deputy minister",
    "head of department",
    "adviser",
    "press secretary",
];

fn string(s: impl Into<String>) -> Value {
    Value::String(Some(s.into()))
}

fn opt_string(s: Option<&str>) -> Value {
    Value::String(s.map(str::to_owned))
}

/// A generated organization's row, in `ORGANIZATION`'s column order;
/// generated organizations are never verified.
fn organization_row(
    id: i64,
    key: String,
    name: &str,
    kind: &str,
    country: &str,
    parent: Option<i64>,
    description: Option<&str>,
) -> [Value; 8] {
    [
        Value::from(id),
        string(key),
        string(name),
        string(kind),
        string(country),
        Value::BigInt(parent),
        opt_string(description),
        Value::from(false),
    ]
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

impl Cast {
    fn build(
        registry: &Registry,
        next: &mut NextIds,
        statements: u64,
        rng: &mut ChaCha8Rng,
    ) -> Self {
        let mut organizations = Rows::new("organization", ORGANIZATION);
        let mut speakers = Rows::new("speaker", SPEAKER);
        let mut aliases = Rows::new("alias", ALIAS);
        let mut affiliations = Rows::new("affiliation", AFFILIATION);
        let mut push_alias = |next: &mut NextIds,
                              speaker: Option<i64>,
                              organization: Option<i64>,
                              name: &str,
                              lang: &str| {
            aliases.push([
                Value::from(NextIds::take(&mut next.alias)),
                Value::BigInt(speaker),
                Value::BigInt(organization),
                string(name),
                string(lang),
                string(seeds::text::fold(name)),
                string(seeds::text::name_key(name)),
            ]);
        };

        // Organizations: per country a government, its ministries, their departments.
        let mut generated_orgs: Vec<(i64, [String; 2])> = Vec::new();
        // Ministries and departments: whom speakers work for.
        let mut employers: Vec<i64> = Vec::new();
        for (en, _ru, ru_gen, code) in COUNTRIES {
            let code_lc = code.to_lowercase();
            let government = NextIds::take(&mut next.organization);
            let names = [
                format!("Government of {en}"),
                format!("Правительство {ru_gen}"),
            ];
            organizations.push(organization_row(
                government,
                format!("gen_{code_lc}_government"),
                &names[0],
                "government",
                code,
                None,
                Some("Generated for benchmarks."),
            ));
            push_alias(next, None, Some(government), &names[0], "en");
            push_alias(next, None, Some(government), &names[1], "ru");
            generated_orgs.push((government, names));
            for (m, (m_en, m_ru, m_ru_gen, kind)) in MINISTRIES.iter().enumerate() {
                let ministry = NextIds::take(&mut next.organization);
                let names = [format!("{m_en} of {en}"), format!("{m_ru} {ru_gen}")];
                organizations.push(organization_row(
                    ministry,
                    format!("gen_{code_lc}_ministry_{m}"),
                    &names[0],
                    kind,
                    code,
                    Some(government),
                    None,
                ));
                push_alias(next, None, Some(ministry), &names[0], "en");
                push_alias(next, None, Some(ministry), &names[1], "ru");
                employers.push(ministry);
                generated_orgs.push((ministry, names));
                for (d, (d_en, d_ru)) in DEPARTMENTS.iter().enumerate() {
                    let department = NextIds::take(&mut next.organization);
                    let names = [
                        format!("{d_en} of the {m_en} of {en}"),
                        format!("{d_ru} {m_ru_gen} {ru_gen}"),
                    ];
                    organizations.push(organization_row(
                        department,
                        format!("gen_{code_lc}_ministry_{m}_department_{d}"),
                        &names[0],
                        kind,
                        code,
                        Some(ministry),
                        None,
                    ));
                    push_alias(next, None, Some(department), &names[0], "en");
                    push_alias(next, None, Some(department), &names[1], "ru");
                    employers.push(department);
                    generated_orgs.push((department, names));
                }
            }
        }
        let employer_rank = Zipf::new(employers.len(), 0.8);

        // Speakers: a first name and a surname, in both scripts.
        let wanted = (statements / 500).clamp(40, (FIRST_NAMES.len() * SURNAMES.len()) as u64);
        let mut people: Vec<Person> = registry
            .speakers
            .iter()
            .map(|(id, en, ru)| Person {
                id: *id,
                names: [en.clone(), ru.clone()],
                roles: registry
                    .affiliations
                    .iter()
                    .filter(|a| a.0 == *id)
                    .map(|a| (a.1, a.2, a.3))
                    .collect(),
            })
            .collect();
        for i in 0..wanted as usize {
            // Walk first names fastest, then surnames: every pair at most once.
            let (first_en, first_ru) = FIRST_NAMES[i % FIRST_NAMES.len()];
            let (last_en, last_ru) = SURNAMES[(i / FIRST_NAMES.len()) % SURNAMES.len()];
            let female = i % FIRST_NAMES.len() >= MALE_FIRST_NAMES;
            let suffix = if female { ["a", "а"] } else { ["", ""] };
            let names = [
                format!("{first_en} {last_en}{}", suffix[0]),
                format!("{first_ru} {last_ru}{}", suffix[1]),
            ];
            let id = NextIds::take(&mut next.speaker);
            // Half are known by their Russian name, half by their English one.
            let primary = if rng.random_bool(0.5) { 0 } else { 1 };
            speakers.push([
                Value::from(id),
                string(format!("gen_speaker_{i}")),
                string(names[primary].clone()),
                string("person"),
                opt_string(None),
                Value::from(false),
            ]);
            push_alias(next, Some(id), None, &names[0], "en");
            push_alias(next, Some(id), None, &names[1], "ru");
            // One role; a third move on to a second one.
            let mut roles = Vec::new();
            let first = employers[employer_rank.sample(rng)];
            let from = date(rng.random_range(2014..=2019), rng.random_range(1..=12), 1);
            let role = ROLES[rng.random_range(0..ROLES.len())];
            let to = if rng.random_bool(0.33) {
                Some(date(
                    rng.random_range(2020..=2023),
                    rng.random_range(1..=12),
                    1,
                ))
            } else {
                None
            };
            roles.push((first, Some(from), to));
            affiliations.push([
                Value::from(NextIds::take(&mut next.affiliation)),
                Value::from(id),
                Value::from(first),
                string(role),
                Value::from(from),
                string("month"),
                Value::ChronoDate(to),
                opt_string(to.map(|_| "month")),
            ]);
            if let Some(to) = to {
                let second = employers[employer_rank.sample(rng)];
                let from = to.succ_opt().unwrap_or(to);
                roles.push((second, Some(from), None));
                affiliations.push([
                    Value::from(NextIds::take(&mut next.affiliation)),
                    Value::from(id),
                    Value::from(second),
                    string(ROLES[rng.random_range(0..ROLES.len())]),
                    Value::from(from),
                    string("day"),
                    Value::ChronoDate(None),
                    Value::String(None),
                ]);
            }
            people.push(Person { id, names, roles });
        }

        let mut all_orgs: Vec<(i64, [String; 2])> = registry
            .organizations
            .iter()
            .map(|(id, en, ru)| (*id, [en.clone(), ru.clone()]))
            .collect();
        all_orgs.extend(generated_orgs);
        let topics: Vec<(i64, String, [String; 2])> = registry
            .topics
            .iter()
            .map(|(id, key, en, ru)| (*id, key.clone(), [en.clone(), ru.clone()]))
            .collect();
        let new_organizations = organizations.len() as u64;
        let new_speakers = speakers.len() as u64;
        Self {
            rows: vec![organizations, speakers, aliases, affiliations],
            world: World {
                speaker_rank: Zipf::new(people.len(), 1.0),
                speakers: people,
                organization_rank: Zipf::new(all_orgs.len(), 1.0),
                organizations: all_orgs,
                topic_rank: Zipf::new(topics.len(), 1.0),
                topics,
                outlets: registry.outlets.clone(),
            },
            new_organizations,
            new_speakers,
        }
    }
}

/// A Zipf distribution over ranks `0..n`: rank `k` has weight `1 / (k + 1)^s`.
#[derive(Debug, Clone)]
struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    fn new(n: usize, s: f64) -> Self {
        let mut total = 0.0;
        let cumulative = (0..n.max(1))
            .map(|k| {
                total += 1.0 / ((k + 1) as f64).powf(s);
                total
            })
            .collect();
        Self { cumulative }
    }

    fn sample(&self, rng: &mut ChaCha8Rng) -> usize {
        let total = self.cumulative.last().copied().unwrap_or(1.0);
        let x = rng.random::<f64>() * total;
        self.cumulative
            .partition_point(|c| *c <= x)
            .min(self.cumulative.len() - 1)
    }
}

// ---------------------------------------------------------------------------
// Texts and their search terms

/// Phrases and the search terms each one indexes under, computed once per
/// distinct phrase.
#[derive(Debug, Default)]
struct Lexicon {
    phrases: HashMap<String, usize>,
    /// Per phrase, its terms as indexes into `terms`.
    phrase_terms: Vec<Vec<u32>>,
    terms: Vec<String>,
    term_ids: HashMap<String, u32>,
}

impl Lexicon {
    fn phrase(&mut self, phrase: &str) -> usize {
        if let Some(id) = self.phrases.get(phrase) {
            return *id;
        }
        let terms = seeds::text::search_terms(phrase)
            .into_iter()
            .map(|t| {
                let next = self.terms.len() as u32;
                *self.term_ids.entry(t.clone()).or_insert_with(|| {
                    self.terms.push(t);
                    next
                })
            })
            .collect();
        let id = self.phrase_terms.len();
        self.phrase_terms.push(terms);
        self.phrases.insert(phrase.to_owned(), id);
        id
    }
}

/// A sentence under construction: its text and its terms.
#[derive(Debug, Default)]
struct Sentence {
    text: String,
    terms: Vec<u32>,
}

impl Sentence {
    /// Appends `phrase` after a space; phrases never run into each other, so
    /// the terms of the text are the terms of its phrases.
    fn push(&mut self, lexicon: &mut Lexicon, phrase: &str) {
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        self.text.push_str(phrase);
        let id = lexicon.phrase(phrase);
        for t in &lexicon.phrase_terms[id] {
            if !self.terms.contains(t) {
                self.terms.push(*t);
            }
        }
    }

    /// Appends punctuation with no space before it.
    fn punctuate(&mut self, mark: &str) {
        self.text.push_str(mark);
    }

    /// The text with its first letter capitalised (search terms are lowercase either way).
    fn finish(self) -> (String, Vec<u32>) {
        let mut chars = self.text.chars();
        let text = match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        };
        (text, self.terms)
    }
}

/// Words per language: `[English, Russian]`.
struct Words {
    subjects: [&'static [&'static str]; 2],
    verbs: [&'static [&'static str]; 2],
    times: [&'static [&'static str]; 2],
    common: [&'static str; 2],
    said: [&'static str; 2],
    according: [&'static str; 2],
}

const WORDS: Words = Words {
    subjects: [
        &[
            "the government",
            "the authorities",
            "the commission",
            "the ministry",
            "the prosecutors",
            "the investigators",
            "the parliament",
            "civil society",
            "the international community",
            "the lawyers",
            "the families of the victims",
            "human rights defenders",
        ],
        &[
            "правительство",
            "власти",
            "комиссия",
            "министерство",
            "прокуратура",
            "следователи",
            "парламент",
            "гражданское общество",
            "международное сообщество",
            "адвокаты",
            "семьи погибших",
            "правозащитники",
        ],
    ],
    verbs: [
        &[
            "will review",
            "has launched",
            "must ensure",
            "is preparing",
            "has completed",
            "continues to support",
            "will publish",
            "has rejected",
            "has welcomed",
            "is examining",
            "does not accept",
            "has promised",
        ],
        &[
            "рассмотрит",
            "начало",
            "должно обеспечить",
            "готовит",
            "завершило",
            "продолжает поддерживать",
            "опубликует",
            "отвергло",
            "приветствовало",
            "изучает",
            "не принимает",
            "пообещало",
        ],
    ],
    times: [
        &[
            "this week",
            "next month",
            "before the end of the year",
            "in January",
            "after the hearings",
            "within thirty days",
            "in the capital",
            "in the regions",
            "without delay",
            "as soon as possible",
        ],
        &[
            "на этой неделе",
            "в следующем месяце",
            "до конца года",
            "в январе",
            "после слушаний",
            "в течение тридцати дней",
            "в столице",
            "в регионах",
            "без промедления",
            "в ближайшее время",
        ],
    ],
    common: [
        "for the sake of public security",
        "ради общественной безопасности",
    ],
    said: ["said that", "заявил, что"],
    according: ["according to", "как сообщает"],
};

/// Phrases about a registry topic, by its key: `[English, Russian]`.
fn topic_phrases(key: &str) -> [&'static [&'static str]; 2] {
    match key {
        "investigation" => [
            &[
                "an independent investigation",
                "the inquiry into the events",
                "a thorough probe",
            ],
            &[
                "независимое расследование",
                "расследование январских событий",
                "следственные действия",
            ],
        ],
        "torture" => [
            &[
                "allegations of torture",
                "reports of ill-treatment in custody",
            ],
            &["сообщения о пытках", "жестокое обращение с задержанными"],
        ],
        "arbitrary_detention" => [
            &["the detention of protesters", "arbitrary arrests"],
            &["задержание протестующих", "произвольные аресты"],
        ],
        "use_of_force" => [
            &["the use of lethal force", "excessive force by the police"],
            &["применение оружия", "чрезмерное насилие полиции"],
        ],
        "casualties" => [
            &["the number of victims", "the deaths of civilians"],
            &["число жертв", "гибель мирных жителей"],
        ],
        "csto_deployment" => [
            &["the CSTO peacekeeping mission", "the deployment of troops"],
            &["миротворческая миссия ОДКБ", "ввод войск"],
        ],
        "human_rights_dialogue" => [
            &[
                "the human rights dialogue",
                "cooperation with international partners",
            ],
            &[
                "диалог по правам человека",
                "сотрудничество с международными партнерами",
            ],
        ],
        "accountability" => [
            &[
                "accountability for the abuses",
                "bringing those responsible to justice",
            ],
            &["ответственность за нарушения", "наказание виновных"],
        ],
        "legal_reform" => [
            &[
                "the reform of the criminal code",
                "constitutional amendments",
            ],
            &["реформа уголовного кодекса", "конституционные поправки"],
        ],
        "fair_trial" => [
            &["access to a lawyer", "fair trials for the accused"],
            &["доступ к адвокату", "справедливый суд для обвиняемых"],
        ],
        "foreign_nationals" => [
            &[
                "the rights of foreign citizens",
                "consular access for migrants",
            ],
            &[
                "права иностранных граждан",
                "консульский доступ для мигрантов",
            ],
        ],
        "terrorism_framing" => [
            &["the terrorism charges", "claims of a terrorist attack"],
            &[
                "обвинения в терроризме",
                "заявления о террористической атаке",
            ],
        ],
        "freedom_of_assembly" => [
            &["the right to peaceful protest", "freedom of assembly"],
            &["право на мирный протест", "свобода собраний"],
        ],
        "civil_society" => [
            &[
                "the role of civil society",
                "support for independent activists",
            ],
            &[
                "роль гражданского общества",
                "поддержка независимых активистов",
            ],
        ],
        "non_discrimination" => [
            &[
                "the protection of minorities",
                "discrimination against women",
            ],
            &["защита меньшинств", "дискриминация женщин"],
        ],
        "international_scrutiny" => [
            &["the work of international observers", "the UN resolution"],
            &["работа международных наблюдателей", "резолюция ООН"],
        ],
        "rule_of_law" => [
            &["the rule of law", "violations of international obligations"],
            &[
                "верховенство закона",
                "нарушение международных обязательств",
            ],
        ],
        "unrest" => [
            &["the January unrest", "the clashes in the streets"],
            &["январские беспорядки", "столкновения на улицах"],
        ],
        _ => [&["these matters"], &["эти вопросы"]],
    }
}

// ---------------------------------------------------------------------------
// Documents and statements

/// One transaction's worth of rows.
#[derive(Debug)]
struct Batch {
    tables: Vec<Rows>,
    documents: u64,
    statements: u64,
}

/// Makes the documents and statements, batch by batch.
#[derive(Debug)]
struct CorpusWriter {
    seed: u64,
    total: u64,
    batch: u64,
    made: u64,
    documents: u64,
    now: DateTime<Utc>,
    lexicon: Lexicon,
    world: World,
    next: NextIds,
    rng: ChaCha8Rng,
}

/// Statement kinds as stored, with how often each occurs.
const KINDS: &[(&str, f64)] = &[
    ("direct_quote", 0.45),
    ("paraphrase", 0.35),
    ("reported_claim", 0.20),
];

impl CorpusWriter {
    fn next_batch(&mut self) -> Option<Batch> {
        if self.made >= self.total {
            return None;
        }
        let mut documents = Rows::new("document", DOCUMENT);
        let mut statements = Rows::new("statement", STATEMENT);
        let mut topics = Rows::new("statement_topic", STATEMENT_TOPIC);
        let mut terms = Rows::new("statement_term", STATEMENT_TERM);
        let mut mentions = Rows::new("mention", MENTION);
        let goal = (self.made + self.batch).min(self.total);
        let mut batch = Batch {
            tables: Vec::new(),
            documents: 0,
            statements: 0,
        };
        while self.made < goal {
            let n = self.rng.random_range(5..=20u64).min(self.total - self.made);
            self.document(
                n,
                &mut documents,
                &mut statements,
                &mut topics,
                &mut terms,
                &mut mentions,
            );
            batch.documents += 1;
            batch.statements += n;
        }
        batch.tables = vec![documents, statements, topics, terms, mentions];
        Some(batch)
    }

    /// One document of `n` statements and everything hanging off it.
    fn document(
        &mut self,
        n: u64,
        documents: &mut Rows,
        statements: &mut Rows,
        topics: &mut Rows,
        terms: &mut Rows,
        mentions: &mut Rows,
    ) {
        let rng = &mut self.rng;
        let world = &self.world;
        let ordinal = self.documents;
        self.documents += 1;
        let document_id = NextIds::take(&mut self.next.document);
        // Three in five articles are Russian.
        let lang = if rng.random_bool(0.6) { 1 } else { 0 };
        let code = ["en", "ru"][lang];
        // Six years of coverage, 2019 to 2024.
        let published =
            date(2019, 1, 1) + chrono::Duration::days(rng.random_range(0..(6 * 365 + 1)));
        let (published, published_precision) = if rng.random_bool(0.05) {
            (date(published.year(), published.month(), 1), "month")
        } else {
            (published, "day")
        };
        let lead_topic = world.topic_rank.sample(rng);
        let lead_speaker = world.speaker_rank.sample(rng);

        let mut body = String::new();
        let mut body_chars = 0usize;
        for i in 0..n {
            let statement_id = NextIds::take(&mut self.next.statement);
            // Articles stay with their lead speaker and topic about half the time.
            let speaker = if rng.random_bool(0.5) {
                lead_speaker
            } else {
                world.speaker_rank.sample(rng)
            };
            let topic = if rng.random_bool(0.5) {
                lead_topic
            } else {
                world.topic_rank.sample(rng)
            };
            let person = &world.speakers[speaker];
            let said_on = if rng.random_bool(0.35) {
                published.checked_sub_days(chrono::Days::new(rng.random_range(0..4)))
            } else {
                None
            };
            let (dated_on, dated_precision) = match said_on {
                Some(d) => (d, "day"),
                None => (published, published_precision),
            };
            // One in ten is a claim of an organization with no speaker named.
            let faceless = rng.random_bool(0.1);
            let (speaker_id, organization_id) = if faceless {
                let org = &world.organizations[world.organization_rank.sample(rng)];
                (None, Some(org.0))
            } else {
                let current: Vec<i64> = person
                    .roles
                    .iter()
                    .filter(|(_, from, to)| {
                        from.is_none_or(|f| f <= dated_on) && to.is_none_or(|t| dated_on <= t)
                    })
                    .map(|r| r.0)
                    .collect();
                let org = if !current.is_empty() && rng.random_bool(0.7) {
                    Some(current[rng.random_range(0..current.len())])
                } else {
                    None
                };
                (Some(person.id), org)
            };
            let kind = if faceless {
                "reported_claim"
            } else {
                let x = rng.random::<f64>();
                if x < KINDS[0].1 {
                    KINDS[0].0
                } else if x < KINDS[0].1 + KINDS[1].1 {
                    KINDS[1].0
                } else {
                    KINDS[2].0
                }
            };
            let about = if rng.random_bool(0.3) {
                if rng.random_bool(0.5) {
                    let s = &world.speakers[world.speaker_rank.sample(rng)];
                    Some((Some(s.id), None, s.names[lang].clone()))
                } else {
                    let o = &world.organizations[world.organization_rank.sample(rng)];
                    Some((None, Some(o.0), o.1[lang].clone()))
                }
            } else {
                None
            };

            // The text: [who said that | according to whom,] subject verb topic [about …] [common] time.
            let mut s = Sentence::default();
            let speaker_name = match organization_id {
                Some(org) if faceless => world
                    .organizations
                    .iter()
                    .find(|o| o.0 == org)
                    .map_or_else(String::new, |o| o.1[lang].clone()),
                _ => person.names[lang].clone(),
            };
            match kind {
                "paraphrase" => {
                    s.push(&mut self.lexicon, &speaker_name);
                    s.push(&mut self.lexicon, WORDS.said[lang]);
                }
                "reported_claim" => {
                    s.push(&mut self.lexicon, WORDS.according[lang]);
                    s.push(&mut self.lexicon, &speaker_name);
                    s.punctuate(",");
                }
                _ => {}
            }
            let pick =
                |rng: &mut ChaCha8Rng, list: &[&'static str]| list[rng.random_range(0..list.len())];
            s.push(&mut self.lexicon, pick(rng, WORDS.subjects[lang]));
            s.push(&mut self.lexicon, pick(rng, WORDS.verbs[lang]));
            let (topic_id, topic_key, _) = &world.topics[topic];
            s.push(&mut self.lexicon, pick(rng, topic_phrases(topic_key)[lang]));
            if let Some((_, _, name)) = &about {
                s.push(&mut self.lexicon, ["concerning", "касательно"][lang]);
                s.push(&mut self.lexicon, name);
            }
            if rng.random_bool(0.2) {
                s.push(&mut self.lexicon, WORDS.common[lang]);
            }
            if (self.made + i).is_multiple_of(RARE_EVERY) {
                s.push(&mut self.lexicon, ["near", "близ"][lang]);
                s.push(&mut self.lexicon, RARE_WORD);
            }
            s.push(&mut self.lexicon, pick(rng, WORDS.times[lang]));
            if kind != "direct_quote" {
                s.punctuate(".");
            }
            let (text, term_ids) = s.finish();

            // The body: direct quotes in quotation marks with their attribution.
            if i > 0 {
                let gap = if i % 4 == 0 { "\n\n" } else { " " };
                body.push_str(gap);
                body_chars += gap.chars().count();
            }
            let (open, close) = if kind == "direct_quote" {
                if lang == 0 {
                    ("“".to_owned(), format!(",” {speaker_name} said."))
                } else {
                    ("«".to_owned(), format!("», — заявил {speaker_name}."))
                }
            } else {
                (String::new(), String::new())
            };
            body.push_str(&open);
            body_chars += open.chars().count();
            let start = body_chars;
            body.push_str(&text);
            body_chars += text.chars().count();
            let end = body_chars;
            body.push_str(&close);
            body_chars += close.chars().count();

            let confidence = match kind {
                "direct_quote" => 0.9,
                "paraphrase" => 0.75,
                _ => 0.6,
            } + f64::from(rng.random_range(0..10u8)) / 100.0;
            statements.push([
                Value::from(statement_id),
                Value::from(document_id),
                Value::BigInt(speaker_id),
                Value::BigInt(organization_id),
                string(kind),
                string(text),
                Value::Int(Some(i32::try_from(start).unwrap_or(i32::MAX))),
                Value::Int(Some(i32::try_from(end).unwrap_or(i32::MAX))),
                string(code),
                Value::ChronoDate(said_on),
                opt_string(said_on.map(|_| "day")),
                Value::from(dated_on),
                string(dated_precision),
                string(SOURCE),
                Value::from(confidence),
                Value::from(self.now),
            ]);
            topics.push([Value::from(statement_id), Value::from(*topic_id)]);
            if rng.random_bool(0.4) {
                let second = world.topics[world.topic_rank.sample(rng)].0;
                if second != *topic_id {
                    topics.push([Value::from(statement_id), Value::from(second)]);
                }
            }
            for t in term_ids {
                terms.push([
                    string(self.lexicon.terms[t as usize].clone()),
                    Value::from(statement_id),
                ]);
            }
            if let Some((speaker, organization, _)) = about {
                mentions.push([
                    Value::from(NextIds::take(&mut self.next.mention)),
                    Value::from(statement_id),
                    Value::BigInt(speaker),
                    Value::BigInt(organization),
                ]);
            }
        }
        self.made += n;

        let lead = &world.speakers[lead_speaker].names[lang];
        let label = &world.topics[lead_topic].2[lang];
        let title = if lang == 0 {
            format!("{label}: what {lead} and others said")
        } else {
            format!("{label}: заявления {lead} и других")
        };
        let outlet = if world.outlets.is_empty() {
            None
        } else {
            Some(world.outlets[self.rng.random_range(0..world.outlets.len())])
        };
        let hash = services::seeding::content_hash(&body);
        documents.push([
            Value::from(document_id),
            string(slug(self.seed, ordinal)),
            string(title),
            Value::from(false),
            string(format!(
                "https://example.org/generated/{}/{ordinal}",
                self.seed
            )),
            Value::BigInt(outlet),
            string(code),
            Value::from(published),
            string(published_precision),
            string(body.clone()),
            string(body),
            string(hash),
            Value::from(self.now),
        ]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn world() -> World {
        let speakers = vec![
            Person {
                id: 1,
                names: ["Arman Bekov".into(), "Арман Беков".into()],
                roles: vec![(10, None, None)],
            },
            Person {
                id: 2,
                names: ["Aigul Petrova".into(), "Айгуль Петрова".into()],
                roles: vec![],
            },
        ];
        let organizations = vec![(
            10,
            [
                "Ministry of Justice of Georgia".to_owned(),
                "Министерство юстиции Грузии".to_owned(),
            ],
        )];
        let topics = vec![
            (
                100,
                "torture".to_owned(),
                ["Torture".into(), "Пытки".into()],
            ),
            (
                101,
                "unrest".to_owned(),
                ["Unrest".into(), "Беспорядки".into()],
            ),
        ];
        World {
            speaker_rank: Zipf::new(speakers.len(), 1.0),
            speakers,
            organization_rank: Zipf::new(organizations.len(), 1.0),
            organizations,
            topic_rank: Zipf::new(topics.len(), 1.0),
            topics,
            outlets: vec![10],
        }
    }

    fn corpus(seed: u64, total: u64) -> CorpusWriter {
        CorpusWriter {
            seed,
            total,
            batch: 100,
            made: 0,
            documents: 0,
            now: DateTime::<Utc>::from_timestamp(0, 0).expect("epoch"),
            lexicon: Lexicon::default(),
            world: world(),
            next: NextIds {
                organization: 1,
                speaker: 1,
                alias: 1,
                affiliation: 1,
                document: 1,
                statement: 1,
                mention: 1,
            },
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    fn text_of(v: &Value) -> String {
        match v {
            Value::String(Some(s)) => s.clone(),
            other => panic!("not a string: {other:?}"),
        }
    }

    fn int_of(v: &Value) -> usize {
        match v {
            Value::Int(Some(n)) => usize::try_from(*n).expect("non-negative"),
            other => panic!("not an int: {other:?}"),
        }
    }

    fn big_of(v: &Value) -> i64 {
        match v {
            Value::BigInt(Some(n)) => *n,
            other => panic!("not a bigint: {other:?}"),
        }
    }

    #[test]
    fn cached_terms_are_the_search_terms_and_spans_point_at_the_text() {
        let mut c = corpus(7, 600);
        let batch = c.next_batch().expect("a batch");
        let [documents, statements, _, terms, _] = &batch.tables[..] else {
            panic!("five tables");
        };
        let bodies: HashMap<i64, String> = documents
            .values
            .chunks(DOCUMENT.len())
            .map(|d| (big_of(&d[0]), text_of(&d[9])))
            .collect();
        let mut indexed: HashMap<i64, Vec<String>> = HashMap::new();
        for row in terms.values.chunks(2) {
            indexed
                .entry(big_of(&row[1]))
                .or_default()
                .push(text_of(&row[0]));
        }
        for s in statements.values.chunks(STATEMENT.len()) {
            let id = big_of(&s[0]);
            let text = text_of(&s[5]);
            let body: Vec<char> = bodies[&big_of(&s[1])].chars().collect();
            let span: String = body[int_of(&s[6])..int_of(&s[7])].iter().collect();
            assert_eq!(span, text);
            assert_eq!(
                indexed.remove(&id).unwrap_or_default(),
                seeds::text::search_terms(&text),
                "{text}"
            );
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_corpus() {
        let texts = |seed| {
            let mut c = corpus(seed, 300);
            let mut all = Vec::new();
            while let Some(b) = c.next_batch() {
                all.extend(b.tables[1].values.iter().map(|v| format!("{v:?}")));
            }
            all
        };
        assert_eq!(texts(3), texts(3));
        assert_ne!(texts(3), texts(4));
    }

    #[test]
    fn zipf_favours_the_first_ranks() {
        let z = Zipf::new(100, 1.0);
        let mut rng = ChaCha8Rng::seed_from_u64(1);
        let mut counts = [0u32; 100];
        for _ in 0..10_000 {
            counts[z.sample(&mut rng)] += 1;
        }
        assert!(counts[0] > counts[9] && counts[9] > counts[99]);
    }
}
