//! How many statements each organization and topic holds by speaker,
//! language, kind and review status, kept at write time beside
//! [`super::statement_tally`] so that the explorer's facets (and any
//! `statementCounts` by those dimensions for an organization and a topic)
//! are a read of a few rows instead of a count over half the corpus.
//!
//! A statement is counted under the same organizations and topics as in
//! [`super::statement_tally`] (its organizations with their ancestors and
//! [`super::statement_tally::EVERY_ORGANIZATION`], or
//! [`super::statement_tally::NO_ORGANIZATION`]; its topics and
//! [`super::statement_tally::EVERY_TOPIC`], or
//! [`super::statement_tally::NO_TOPIC`]), once for each [`Facet`], under
//! its value there. Rejected statements and those of reposted copies are
//! left out, as there. There is no month: a count of these dimensions
//! within dates is made from the statements.
//!
//! Kept by the API's store (`claimgraph::services::store`), the only writer,
//! in the transaction of whatever adds, changes or removes statements.

use sea_orm::entity::prelude::*;

/// The dimensions the table counts by, as stored in its `facet` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum Facet {
    /// `value` is the speaker's id, or [`NO_SPEAKER`].
    #[sea_orm(string_value = "speaker")]
    Speaker,
    /// `value` is the statement's language code.
    #[sea_orm(string_value = "language")]
    Language,
    /// `value` is the stored name of the statement's kind.
    #[sea_orm(string_value = "kind")]
    Kind,
    /// `value` is the stored name of the statement's review status.
    #[sea_orm(string_value = "review_status")]
    ReviewStatus,
}

/// The `value` of statements with no speaker.
pub const NO_SPEAKER: &str = "";

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "statement_facet_tally")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub organization_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub topic_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub facet: Facet,
    /// The statements' value for the facet, as text (see [`Facet`]).
    #[sea_orm(primary_key, auto_increment = false)]
    pub value: String,
    pub statements: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
