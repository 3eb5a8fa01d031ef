//! claimgraph's text rules, shared by the seed corpus, name resolution,
//! search and ingestion.
//!
//! Each rule lives here once: [`clean()`] turns a raw article into its body,
//! [`fold()`] turns a name into the key under which spellings in either script meet,
//! [`terms`] makes search terms and inflection-tolerant name keys, and
//! [`month_of`] reads a month's name in either language.

pub mod clean;
pub mod dates;
pub mod fold;
pub mod terms;

pub use clean::clean;
pub use dates::{month_named, month_of};
pub use fold::fold;
pub use terms::{name_key, query_terms, search_terms};
