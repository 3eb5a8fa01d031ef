//! Another name of a speaker or an organization (exactly one of the two), with
//! its folded matching key (`claimgraph_text::fold`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "alias")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub speaker_id: Option<i64>,
    pub organization_id: Option<i64>,
    pub name: String,
    /// ISO 639-1 where the name belongs to one language.
    pub lang: Option<String>,
    pub folded: String,
    /// `claimgraph_text::name_key(name)`: tolerates Russian case endings.
    pub stemmed: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
