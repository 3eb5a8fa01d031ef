//! The domain services: what the GraphQL resolvers, the exports and the
//! command line call, so that an operation means the same thing everywhere.
//! They speak the domain: row ids and [`ids::NodeRef`]s (never Relay global
//! ids), typed filters, and [`Error`] (never a GraphQL or HTTP error).

pub mod copies;
pub mod curation;
pub mod documents;
pub mod error;
pub mod export;
pub mod ids;
pub mod listing;
pub mod mentions;
pub mod pagination;
pub mod resolve;
pub mod search_index;
pub mod seeding;
pub mod stances;
pub mod statements;
pub mod store;
pub mod tally;
pub mod utterances;

pub use error::{Error, Result};

use chrono::NaiveDate;
use entity::kinds::DatePrecision;
use seeds::date::PartialDate;

/// A stored date and its precision, as the date it stands for (`2022-01`
/// for a month): how clients and exports see every partial date.
pub fn partial_date(date: NaiveDate, precision: DatePrecision) -> PartialDate {
    let precision = match precision {
        DatePrecision::Day => seeds::date::DatePrecision::Day,
        DatePrecision::Month => seeds::date::DatePrecision::Month,
        DatePrecision::Year => seeds::date::DatePrecision::Year,
    };
    PartialDate { date, precision }
}

/// A page of rows fetched by keyset pagination.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub has_previous_page: bool,
    pub has_next_page: bool,
    /// Counted only when the client asks for it.
    pub total_count: Option<u64>,
}
