//! The domain services: what the GraphQL resolvers, the command line and (later)
//! the exports call, so that an operation means the same thing everywhere.

pub mod documents;
pub mod export;
pub mod listing;
pub mod resolve;
pub mod search_index;
pub mod seeding;
pub mod spoken_for;
pub mod statements;
pub mod store;
pub mod tally;

/// A page of rows fetched by keyset pagination.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub has_previous_page: bool,
    pub has_next_page: bool,
    /// Counted only when the client asks for it.
    pub total_count: Option<u64>,
}
