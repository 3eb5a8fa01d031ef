//! A statement: what was said, verbatim, where in its document, by whom, and
//! how it got here (curated, or which extractor with what confidence).
//!
//! Statements are written only through the API's store
//! (`claimgraph::services::store`, the one write path), which writes their
//! topics, mentions and terms with them and keeps the tables derived from
//! them (`statement_organization`, `statement_tally`) current in the
//! writer's transaction.

use sea_orm::entity::prelude::*;

use crate::kinds::{DatePrecision, ReviewStatus, StatementKind};

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "statement")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub document_id: i64,
    pub speaker_id: Option<i64>,
    /// On whose behalf the statement was made.
    pub organization_id: Option<i64>,
    /// The act of saying it reports; set for every statement the store
    /// writes (the column is nullable only for the bulk loader's interim).
    pub utterance_id: Option<i64>,
    /// How it joined its utterance (`same_language`, `cross_language`,
    /// `curated`, `split`, `copy`); none while it stands alone.
    pub link_method: Option<String>,
    /// The linker's similarity score for an automatic link (0 to 1).
    pub link_score: Option<f64>,
    pub kind: StatementKind,
    /// Exactly the document body's code points `span_start..span_end`.
    #[sea_orm(column_type = "Text")]
    pub text: String,
    pub span_start: i32,
    pub span_end: i32,
    /// ISO 639-1.
    pub language: String,
    pub said_on: Option<Date>,
    pub said_precision: Option<DatePrecision>,
    /// The date the statement is filed under: `said_on`, else the document's
    /// publication date, else the day it was stored (for ordering only).
    pub dated_on: Date,
    /// How much of `dated_on` is known; none when it is only the day the
    /// statement was stored.
    pub dated_precision: Option<DatePrecision>,
    /// `curated`, or `extractor-name@version`.
    pub source: String,
    /// Between 0 and 1; curated statements have 1.
    pub confidence: f64,
    /// When the statement was stored.
    pub created_at: DateTimeUtc,
    /// 1 when stored, one more with every change: an editor's update names
    /// the version it was made against.
    pub version: i32,
    pub review_status: ReviewStatus,
    /// When the statement was last written: every change of it, its topics,
    /// subjects or review status sets it.
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::document::Entity",
        from = "Column::DocumentId",
        to = "super::document::Column::Id"
    )]
    Document,
}

#[async_trait::async_trait]
impl ActiveModelBehavior for ActiveModel {
    /// Stamps `created_at` and `updated_at` (see [`crate::timestamps`]).
    async fn before_save<C>(mut self, _db: &C, insert: bool) -> Result<Self, DbErr>
    where
        C: ConnectionTrait,
    {
        crate::timestamps::stamp(&mut self.created_at, &mut self.updated_at, insert);
        Ok(self)
    }
}
