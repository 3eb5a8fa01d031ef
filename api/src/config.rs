//! Configuration: one typed [`Settings`], read once at start from the command
//! line and the environment, validated there, and passed down explicitly.
//! Nothing below `main` reads the environment.
//!
//! Settings only: the command tree that carries them (`Cli`, `Command`) and
//! the tools' own arguments live in `commands`, above the server library.

use std::net::SocketAddr;

use clap::{Args, ValueEnum};

/// Default deepest query nesting: room for the standard introspection query.
pub const DEFAULT_MAX_DEPTH: usize = 15;
/// Default largest query cost.
pub const DEFAULT_MAX_COMPLEXITY: usize = 200_000;
/// Default most aliases in one query.
pub const DEFAULT_MAX_ALIASES: usize = 30;
/// Default largest request body: 1 MiB plus room for the JSON around an article.
pub const DEFAULT_MAX_BODY_BYTES: usize = 1024 * 1024 + 64 * 1024;

/// Default longest request: 10 s.
pub const DEFAULT_REQUEST_TIMEOUT_MS: u64 = 10_000;
/// Default GraphQL requests served at once.
pub const DEFAULT_MAX_CONCURRENT_REQUESTS: usize = 256;

/// The default database: a SQLite file in the working directory, created if missing.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://claimgraph.db?mode=rwc";

/// Settings shared by every subcommand. Each is also an environment variable.
#[derive(Debug, Clone, Args)]
pub struct Settings {
    /// Database to use: `sqlite://PATH?mode=rwc` (embedded, created if missing)
    /// or `postgres://USER@HOST:PORT/DB`.
    #[arg(long, env = "DATABASE_URL", default_value = DEFAULT_DATABASE_URL, hide_env_values = true)]
    pub database_url: String,

    /// A read replica of `DATABASE_URL` (PostgreSQL streaming replication) for
    /// GraphQL queries and the exports. Mutations (and what a mutation
    /// returns, so a writer sees its own write), subscriptions, migrations and
    /// seeding use `DATABASE_URL`. Unset, everything uses `DATABASE_URL`.
    #[arg(long, env = "CLAIMGRAPH_READ_DATABASE_URL", hide_env_values = true)]
    pub read_database_url: Option<String>,

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

    /// An API key for writes, sent as `Authorization: Bearer <key>`: the
    /// one key named `admin`, with every role. With neither this nor a keys
    /// file, writes are refused.
    #[arg(long, env = "CLAIMGRAPH_API_KEY", hide_env_values = true)]
    pub api_key: Option<ApiKey>,

    /// A TOML file of named API keys with roles (`ingest`, `editor`,
    /// `admin`), each stored as its SHA-256; `claimgraph keys add` makes one.
    #[arg(long, env = "CLAIMGRAPH_KEYS_FILE")]
    pub keys_file: Option<std::path::PathBuf>,

    /// Deepest nesting a GraphQL query may have.
    #[arg(long, env = "CLAIMGRAPH_MAX_DEPTH", default_value_t = DEFAULT_MAX_DEPTH)]
    pub max_depth: usize,

    /// Largest cost a GraphQL query may have: each field costs 1, each
    /// connection its page size times what it selects.
    #[arg(long, env = "CLAIMGRAPH_MAX_COMPLEXITY", default_value_t = DEFAULT_MAX_COMPLEXITY)]
    pub max_complexity: usize,

    /// Most aliases a GraphQL query may use.
    #[arg(long, env = "CLAIMGRAPH_MAX_ALIASES", default_value_t = DEFAULT_MAX_ALIASES)]
    pub max_aliases: usize,

    /// Largest request body, in bytes; larger ones get 413.
    #[arg(long, env = "CLAIMGRAPH_MAX_BODY_BYTES", default_value_t = DEFAULT_MAX_BODY_BYTES)]
    pub max_body_bytes: usize,

    /// Serve introspection and field suggestions (`false` in production if the
    /// schema is not to be explored).
    #[arg(long, env = "CLAIMGRAPH_INTROSPECTION", default_value_t = true, action = clap::ArgAction::Set)]
    pub introspection: bool,

    /// Serve the playground at `/`.
    #[arg(long, env = "CLAIMGRAPH_PLAYGROUND", default_value_t = true, action = clap::ArgAction::Set)]
    pub playground: bool,

    /// Longest a request may run, in milliseconds; its database work is
    /// cancelled with it (on PostgreSQL through `statement_timeout`).
    #[arg(long, env = "CLAIMGRAPH_REQUEST_TIMEOUT_MS", default_value_t = DEFAULT_REQUEST_TIMEOUT_MS, value_parser = clap::value_parser!(u64).range(1..))]
    pub request_timeout_ms: u64,

    /// GraphQL requests served at once; more are answered 503 with
    /// `Retry-After` at once rather than queued.
    #[arg(long, env = "CLAIMGRAPH_MAX_CONCURRENT_REQUESTS", default_value_t = DEFAULT_MAX_CONCURRENT_REQUESTS)]
    pub max_concurrent_requests: usize,

    /// Origins whose browser pages may call the API (comma-separated, e.g.
    /// `https://app.example.org`); none by default.
    #[arg(long, env = "CLAIMGRAPH_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,

    /// Requests per second one client (by IP address) may make to `/graphql`
    /// and the exports, with bursts of twice that; 0 turns the limit off.
    #[arg(long, env = "CLAIMGRAPH_RATE_LIMIT_PER_SECOND", default_value_t = 0)]
    pub rate_limit_per_second: u32,

    /// How long, in milliseconds, a DataLoader waits for more keys before it
    /// queries: longer trades a little latency for fewer, larger batches.
    #[arg(long, env = "CLAIMGRAPH_LOADER_DELAY_MS", default_value_t = 1)]
    pub loader_delay_ms: u64,

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
            read_database_url: None,
            bind: SocketAddr::from(([127, 0, 0, 1], 8000)),
            seed: SeedMode::All,
            log: "info".to_owned(),
            log_format: LogFormat::Text,
            db_pool: 10,
            api_key: None,
            keys_file: None,
            max_depth: DEFAULT_MAX_DEPTH,
            max_complexity: DEFAULT_MAX_COMPLEXITY,
            max_aliases: DEFAULT_MAX_ALIASES,
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            introspection: true,
            playground: true,
            request_timeout_ms: DEFAULT_REQUEST_TIMEOUT_MS,
            max_concurrent_requests: DEFAULT_MAX_CONCURRENT_REQUESTS,
            cors_origins: Vec::new(),
            rate_limit_per_second: 0,
            loader_delay_ms: 1,
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

/// A secret API key: never printed, compared in constant time.
#[derive(Clone)]
pub struct ApiKey(String);

impl ApiKey {
    /// The key's SHA-256, which is all the server keeps of it.
    pub fn sha256(&self) -> [u8; 32] {
        use sha2::{Digest, Sha256};
        Sha256::digest(self.0.as_bytes()).into()
    }
}

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiKey(***)")
    }
}

impl std::str::FromStr for ApiKey {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.trim().len() < 16 {
            Err("the API key must have at least 16 characters".to_owned())
        } else {
            Ok(Self(s.trim().to_owned()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ApiKey;

    #[test]
    fn api_keys_are_told_apart_by_their_hash_and_never_print() {
        let key: ApiKey = "correct horse battery staple".parse().expect("long enough");
        let other: ApiKey = "correct horse battery stapler"
            .parse()
            .expect("long enough");
        assert_ne!(key.sha256(), other.sha256());
        assert_eq!(format!("{key:?}"), "ApiKey(***)");
        assert!("short".parse::<ApiKey>().is_err());
    }
}
