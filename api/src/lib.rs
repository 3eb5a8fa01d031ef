//! claimgraph: a GraphQL API over a claims database built from news articles.
//!
//! Layers, each knowing only those below it:
//! [`http`] (routes, request ids, playground) → [`graphql`] (schema, thin
//! resolvers, loaders) → [`services`] (the domain) → `entity` (SeaORM) →
//! SQLite or PostgreSQL. [`startup::Application`] wires them together from
//! [`config::Settings`].

pub mod bench;
pub mod cli;
pub mod config;
pub mod database;
pub mod generate;
pub mod graphql;
pub mod http;
pub mod ingest;
pub mod metrics;
pub mod services;
pub mod startup;
pub mod telemetry;
