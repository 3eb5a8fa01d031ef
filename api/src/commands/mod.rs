//! The `claimgraph` binary's subcommands: the command tree ([`Cli`],
//! [`Command`]) and every tool, above the server library.
//!
//! The tools use the library (configuration, database, start-up, services,
//! ingestion) and the library never uses them: no module outside `commands`
//! names `crate::commands` (a test in `tests/suite/architecture.rs` holds
//! that). So the server can change without dragging the tools along, and a
//! tool cannot become a dependency of the request path.
//!
//! - [`serve`]: `serve` (the default), `migrate` and `seed`;
//! - [`ingest`]: `ingest`, articles from files, folders or standard input;
//! - [`eval`]: `eval`, the extraction measured against the curated corpus;
//! - [`generate`]: `generate`, a deterministic synthetic corpus;
//! - [`bench`](mod@bench): `bench`, the benchmark harness and the soak run;
//! - [`keys`]: `keys add`, a named API key with a role.
//!
//! The tools live in the library crate rather than in the binary so that the
//! black-box tests can run `generate`, `bench` and `eval` in-process.

pub mod bench;
pub mod eval;
pub mod generate;
pub mod ingest;
pub mod keys;
pub mod serve;

use clap::{Parser, Subcommand};

use crate::config::{SeedScope, Settings};

/// claimgraph: who said what, about what, where, across news articles in
/// several languages, served over GraphQL.
#[derive(Debug, Parser)]
#[command(name = "claimgraph", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub settings: Settings,
    /// What to do; `serve` when none is given.
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Migrate the database, seed it if configured, and serve GraphQL (the default).
    Serve,
    /// Run the database migrations and exit.
    Migrate,
    /// Load (or reload) the seed corpus into the database and exit.
    Seed {
        /// What to load; defaults to everything.
        #[arg(long, value_enum, default_value_t = SeedScope::All)]
        only: SeedScope,
    },
    /// Ingest articles: `.txt` files, folders of them, or `-` for standard input.
    Ingest {
        #[arg(required = true)]
        paths: Vec<std::path::PathBuf>,
    },
    /// Link what was stored before the registry knew it: detect again, in
    /// every statement's text, the speakers and organizations it names, and
    /// where it stands on the propositions of its topics; and link the
    /// reports of one utterance again (a curator's links and splits stay).
    Link,
    /// Re-extract the seed articles (and, with `--dev`, a development set)
    /// and print precision, recall, F1 and speaker accuracy against the annotations.
    Eval(eval::EvalArgs),
    /// Fill the configured database with a deterministic synthetic corpus.
    Generate(generate::GenerateArgs),
    /// Run the benchmark operations against a server and report their speed.
    Bench(bench::BenchArgs),
    /// Manage the named API keys of the keys file.
    #[command(subcommand)]
    Keys(keys::KeysCommand),
}

/// Runs the command the command line names (`serve` when it names none)
/// with the settings it gave.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = cli.settings;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve::serve(&settings).await,
        Command::Migrate => serve::migrate(&settings).await,
        Command::Seed { only } => serve::seed(&settings, only).await,
        Command::Ingest { paths } => ingest::run(&settings, &paths).await,
        Command::Link => serve::link(&settings).await,
        Command::Eval(args) => eval::run(&args).await,
        Command::Generate(args) => generate::run(&settings, &args).await,
        Command::Bench(args) => bench::run(&args).await,
        Command::Keys(command) => keys::run(&settings, &command),
    }
}
