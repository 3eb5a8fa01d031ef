//! Schema migrations, the same on SQLite and PostgreSQL.
//!
//! Migrations describe tables with sea-query, never with today's entities, so
//! that an old migration keeps compiling and meaning the same thing when the
//! entities change. Each file is named `mYYYYMMDD_HHMMSS_what.rs` and the list
//! below is their order.

pub use sea_orm_migration::prelude::*;

mod m20261121_000001_claims_schema;
mod m20261122_000001_statement_organization;
mod m20261122_000002_statement_term_lookup;
mod m20261122_000003_statement_tally;
mod m20261122_000004_statement_speaker_date;
mod m20261204_000001_curation;
mod m20261204_000002_document_url;
mod m20261204_000003_sync_timestamps;
mod m20261204_000004_statement_tally_years;
mod m20261204_000005_mention_detected;
mod m20261204_000006_proposition_phrases;
mod m20261205_000001_utterance_links;
mod m20261205_000002_document_copies;
mod m20261206_000001_tally_recount;
mod m20261206_000002_statement_facet_tally;

/// Runs the migrations in order; `claimgraph migrate` and start-up call it.
#[derive(Debug)]
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261121_000001_claims_schema::Migration),
            Box::new(m20261122_000001_statement_organization::Migration),
            Box::new(m20261122_000002_statement_term_lookup::Migration),
            Box::new(m20261122_000003_statement_tally::Migration),
            Box::new(m20261122_000004_statement_speaker_date::Migration),
            Box::new(m20261204_000001_curation::Migration),
            Box::new(m20261204_000002_document_url::Migration),
            Box::new(m20261204_000003_sync_timestamps::Migration),
            Box::new(m20261204_000004_statement_tally_years::Migration),
            Box::new(m20261204_000005_mention_detected::Migration),
            Box::new(m20261204_000006_proposition_phrases::Migration),
            Box::new(m20261205_000001_utterance_links::Migration),
            Box::new(m20261205_000002_document_copies::Migration),
            Box::new(m20261206_000001_tally_recount::Migration),
            Box::new(m20261206_000002_statement_facet_tally::Migration),
        ]
    }
}
