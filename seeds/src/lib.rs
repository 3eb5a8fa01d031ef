//! The seed corpus and the text rules it shares with ingestion.
//!
//! - [`text`]: cleaning a raw article into its body, folding names to matching keys.
//! - [`date`]: dates known to a day, a month, a year, or not at all.
//! - [`corpus`]: the curated registry (organizations, speakers, topics) and the
//!   five seed articles with their statements, read from the TOML files under
//!   `seeds/data/` (compiled into the binary) and validated.
//!
//! This crate knows nothing of the database or of GraphQL: the API crate maps
//! a validated [`corpus::Corpus`] onto its tables.

pub mod corpus;
pub mod date;
pub mod text;
