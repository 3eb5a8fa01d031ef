//! An article: the text as received (`original`), its cleaned `body` (which
//! statement spans point into), and what is known of its publication.

use sea_orm::entity::prelude::*;

use crate::kinds::DatePrecision;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "document")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub slug: String,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    /// The title was written by a curator, not by the outlet.
    pub title_is_editorial: bool,
    #[sea_orm(column_type = "Text", nullable)]
    pub url: Option<String>,
    pub outlet_id: Option<i64>,
    /// ISO 639-1.
    pub language: String,
    pub published_on: Option<Date>,
    pub published_precision: Option<DatePrecision>,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    #[sea_orm(column_type = "Text")]
    pub original: String,
    /// SHA-256 of the body, hex. The same text is stored again only as a
    /// copy from another outlet.
    pub content_hash: String,
    pub ingested_at: DateTimeUtc,
    /// When the row was stored.
    pub created_at: DateTimeUtc,
    /// When the row was last written: every change sets it.
    pub updated_at: DateTimeUtc,
    /// The original this document is a copy of (the same article reposted by
    /// another outlet); null for an original. Never a copy itself.
    pub copy_of_id: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

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
