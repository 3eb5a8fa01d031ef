//! Configuration: one typed [`Settings`], read once at start from the command
//! line and the environment, validated there, and passed down explicitly.
//! Nothing below `main` reads the environment.

use std::net::SocketAddr;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// The default database: a SQLite file in the working directory, created if missing.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://claimgraph.db?mode=rwc";

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
}

/// Settings shared by every subcommand. Each is also an environment variable.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Database to use: `sqlite://PATH?mode=rwc` (embedded, created if missing)
    /// or `postgres://USER@HOST:PORT/DB`.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, hide_env_values = true)]
    pub database_url: String,

    /// Address and port to listen on.
    #[arg(long, env = "CLAIMGRAPH_BIND", default_value = "127.0.0.1:8000")]
    pub bind: SocketAddr,

    /// What to seed when the server starts: `all` (registry and articles, when
    /// the database holds no documents), `registry` (entities, aliases,
    /// affiliations and topics, when none are stored), or `never`.
    #[arg(long, env = "CLAIMGRAPH_SEED", value_enum, default_value_t = SeedMode::All)]
    pub seed: SeedMode,

    /// Log filter in `tracing` syntax, e.g. `info` or `claimgraph=debug,sea_orm=warn`.
    #[arg(long, env = "RUST_LOG", default_value = "info")]
    pub log: String,

    /// Log format: human-readable `text` or one JSON object per line.
    #[arg(long, env = "CLAIMGRAPH_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,

    /// Maximum number of database connections in the pool.
    #[arg(long, env = "CLAIMGRAPH_DB_POOL", default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=1000))]
    pub db_pool: u32,
}

impl Settings {
    /// Settings for a given database with every other value at its default,
    /// whatever the environment says; what tests and tools start from.
    pub fn for_database(database_url: impl Into<String>) -> Self {
        Self {
            database_url: database_url.into(),
            bind: SocketAddr::from(([127, 0, 0, 1], 8000)),
            seed: SeedMode::All,
            log: "info".to_owned(),
            log_format: LogFormat::Text,
            db_pool: 10,
        }
    }
}

/// What the server seeds at start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeedMode {
    All,
    Registry,
    Never,
}

/// What `claimgraph seed` loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeedScope {
    All,
    Registry,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}
