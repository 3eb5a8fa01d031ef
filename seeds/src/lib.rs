//! The seed corpus.
//!
//! - [`date`]: dates known to a day, a month, a year, or not at all.
//! - [`dev`]: the extraction development set, annotations read beside texts
//!   kept outside the repository.
//! - [`corpus`]: the curated registry (organizations, speakers, topics) and the
//!   five seed articles with their statements, read from the TOML files under
//!   `seeds/data/` (compiled into the binary) and validated.
//!
//! The articles are cleaned and the names folded by the text library
//! (`claimgraph-text`, in `seeds/text/`), the same rules ingestion and the
//! request path use; the kinds of speaker, organization and statement are
//! the data model's (`entity::kinds`). This crate knows nothing of GraphQL
//! or of storing: the API crate maps a validated [`corpus::Corpus`] onto its
//! tables.

pub mod corpus;
pub mod date;
pub mod dev;
