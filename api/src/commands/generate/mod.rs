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
//! The parts, in the order a run uses them:
//! - `world`: the registry as stored, and the generated cast around it
//!   (organizations, speakers, their aliases and roles), from the lists in
//!   `words`;
//! - `corpus`: documents and statements, batch by batch, their texts and
//!   search terms made together by `text`, ranks drawn by `zipf`;
//! - `writer`: the typed rows written in bulk; `ids`: the ids it writes;
//! - `derived`: the derived tables, filled once at the end.
//!
//! Speed (a million statements is some twelve million rows) comes from three
//! choices:
//! - ids are assigned here rather than by the database, so a whole batch of
//!   documents, statements and their links is built in memory without a round
//!   trip, and written per table in a few large statements, one transaction
//!   per batch;
//! - statement texts are made of phrases from word lists, and the search terms
//!   of each distinct phrase are computed once (`text::Lexicon`);
//! - the batches are made on a thread of their own while the previous one is
//!   written; SQLite gets multi-row `INSERT`s on one connection with
//!   `synchronous = OFF` (for this run only), PostgreSQL gets `COPY`.

mod corpus;
mod derived;
mod ids;
mod text;
mod words;
mod world;
mod writer;
mod zipf;

use std::time::{Duration, Instant};

use anyhow::Context;
use entity::{organization, statement, topic};
use indicatif::{ProgressBar, ProgressStyle};
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect,
    Statement, Value,
};

use crate::config::{SeedScope, Settings};
use crate::{database, services};
use corpus::Corpus;
use ids::NextIds;
use text::Lexicon;
use world::{Cast, Registry};
use writer::{Table, Writer};

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

/// A batch as it crosses from the thread that makes it to the writer.
#[derive(Debug)]
struct Made {
    tables: Vec<Table>,
    documents: u64,
    statements: u64,
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

    // The generated speakers and organizations have fixed keys: a second
    // corpus would need a cast of its own, named like the first.
    let cast_key = format!("gen_{}_government", words::COUNTRIES[0].3.to_lowercase());
    if organization::Entity::find()
        .filter(organization::Column::Key.eq(cast_key.as_str()))
        .one(&db)
        .await?
        .is_some()
    {
        anyhow::bail!(
            "this database already holds a generated corpus (organization {cast_key:?}); \
             generate into an empty database"
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
    // Every row of the run is stamped with its start.
    let now = entity::timestamps::now();
    let cast = Cast::build(&registry, &mut next, args.statements, now, &mut rng);
    let mut report = GenerateReport {
        organizations: cast.organizations.len() as u64,
        speakers: cast.speakers.len() as u64,
        ..Default::default()
    };
    report.rows += writer.write_batch(cast.tables()).await?;

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
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<Made>(2);
    let mut corpus = Corpus {
        seed: args.seed,
        total: args.statements,
        batch: args.batch,
        made: 0,
        documents: 0,
        now,
        lexicon: Lexicon::default(),
        world: cast.world,
        next,
        rng,
    };
    let maker = tokio::task::spawn_blocking(move || {
        while let Some(batch) = corpus.next_batch() {
            let made = Made {
                tables: batch.tables(),
                documents: batch.documents.len() as u64,
                statements: batch.statements.len() as u64,
            };
            if sender.blocking_send(made).is_err() {
                break;
            }
        }
    });
    while let Some(made) = receiver.recv().await {
        report.rows += writer.write_batch(made.tables).await?;
        report.documents += made.documents;
        report.statements += made.statements;
        bar.inc(made.statements);
    }
    maker.await.context("the corpus generator failed")?;
    bar.finish_and_clear();
    // Which organizations the new statements count for, and their tally;
    // then the indexes that waited for them.
    report.rows += derived::derive(&mut writer, last_statement.unwrap_or(0)).await?;
    writer.rebuild_indexes().await?;
    report.elapsed = started.elapsed();

    let finishing = Instant::now();
    writer.finish().await?;
    db.close().await.ok();
    report.finishing = finishing.elapsed();
    Ok(report)
}

/// The slug of a generated document: its seed and ordinal, so that a second
/// run of the same seed into the same database is recognised.
fn slug(seed: u64, document: u64) -> String {
    format!("generated-s{seed}-{document:07}")
}
