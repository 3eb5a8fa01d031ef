//! The black-box suite: the real application on port 0, a database of its own
//! per test, GraphQL over HTTP. Every test runs on SQLite, and on PostgreSQL
//! too when `TEST_DATABASE_URL` is set (see `harness`).

mod analyst;
mod architecture;
mod binary;
mod browser;
mod consistency;
mod copies;
mod counts;
mod cross_source;
mod curation;
mod dates;
mod documents;
mod explore;
mod export;
mod faults;
mod filters;
mod fuzz;
mod generate;
mod graphql_http;
mod harness;
mod ingestion;
mod instances;
mod keys;
mod limits;
mod lookups;
mod migrations;
mod panels;
mod plans;
mod playground;
mod query_cost;
mod readme;
mod resilience;
mod schema_docs;
mod seed_corpus;
mod server;
mod soak;
mod stance;
mod store;
mod subscriptions;
mod sync;
mod utterances;
