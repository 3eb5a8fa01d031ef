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
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
