//! A speaker: a person, or a collective voice.

use sea_orm::entity::prelude::*;

use crate::kinds::SpeakerKind;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "speaker")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Stable key from the registry ("mukhtar-tleuberdi").
    #[sea_orm(unique)]
    pub key: String,
    pub name: String,
    pub kind: SpeakerKind,
    #[sea_orm(column_type = "Text", nullable)]
    pub description: Option<String>,
    /// False for an entity that ingestion created from a name it did not
    /// know; a curator has not confirmed it yet.
    pub verified: bool,
    /// When the row was stored.
    pub created_at: DateTimeUtc,
    /// When the row was last written: every change sets it.
    pub updated_at: DateTimeUtc,
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
