//! Text rules shared by the seed loader, name resolution, search and ingestion.
//!
//! Each rule lives here once: [`clean()`] turns a raw article into its body,
//! [`fold()`] turns a name into the key under which spellings in either script meet.

pub mod clean;
pub mod fold;

pub use clean::clean;
pub use fold::fold;
