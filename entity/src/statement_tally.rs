//! How many statements each organization, topic and month holds, kept at
//! write time so that `statementCounts` by month or by topic is a read of a
//! few rows instead of a count over half the corpus.
//!
//! A statement is counted once for every organization it counts for (see
//! [`super::statement_organization`]) and every ancestor of those, or under
//! [`NO_ORGANIZATION`] when it counts for none, and once under
//! [`EVERY_ORGANIZATION`]; once for each of its topics and once under
//! [`EVERY_TOPIC`], or under [`NO_TOPIC`] when it has none; under its month
//! (`YYYY-MM`), its year (`YYYY`) when it is dated only to the year, or
//! [`NO_MONTH`] when it has no date at all. So the rows of one organization
//! and one topic add up to its statements, and so do the topic rows of one
//! organization and month with [`NO_TOPIC`] (a statement of several topics
//! counted under each).
//!
//! Kept by the API's store (`claimgraph::services::store`), the only writer,
//! in the transaction of whatever adds, changes or removes statements.

use sea_orm::entity::prelude::*;

/// The `organization_id` of the rows that count every statement.
pub const EVERY_ORGANIZATION: i64 = 0;
/// The `organization_id` of the rows that count statements that count for
/// no organization (no organization of their own, no affiliated speaker).
pub const NO_ORGANIZATION: i64 = -1;
/// The `topic_id` of the rows that count statements whatever their topics.
pub const EVERY_TOPIC: i64 = 0;
/// The `topic_id` of the rows that count statements with no topic.
pub const NO_TOPIC: i64 = -1;
/// The `month` of statements that have no date (only the day they were
/// stored, which is no date of theirs).
pub const NO_MONTH: &str = "";

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "statement_tally")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub organization_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub topic_id: i64,
    /// `YYYY-MM`; `YYYY` for statements dated only to the year;
    /// [`NO_MONTH`] for undated ones.
    #[sea_orm(primary_key, auto_increment = false)]
    pub month: String,
    pub statements: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
