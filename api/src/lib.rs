//! claimgraph: a GraphQL API over a claims database built from news articles.
//!
//! The server library, layers each knowing only those below it:
//! [`http`] (routes, request ids, playground) → [`graphql`] (schema, thin
//! resolvers, loaders) → [`services`] (the domain) and [`ingest`] (the
//! ingestion pipeline) → `entity` (SeaORM) → SQLite or PostgreSQL.
//! [`startup::Application`] wires them together from [`config::Settings`].
//!
//! Above the library, [`commands`] holds the binary's subcommands (`serve`,
//! `migrate`, `seed`, `ingest`, `eval`, `generate`, `bench`) and their command
//! line: the tools use the library, and no module of the library uses them
//! (`tests/suite/architecture.rs` checks it). `main.rs` only parses the
//! command line, starts the logs and hands over to [`commands::run`].

pub mod auth;
pub mod commands;
pub mod config;
pub mod database;
pub mod graphql;
pub mod http;
pub mod ingest;
pub mod metrics;
pub mod services;
pub mod startup;
pub mod telemetry;
