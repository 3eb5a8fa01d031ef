//! What a statement is about: a speaker or an organization (exactly one).
//! Written with the statement by the API's store (`claimgraph::services::store`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mention")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub statement_id: i64,
    pub speaker_id: Option<i64>,
    pub organization_id: Option<i64>,
    /// Found by the store in the statement's text, rather than given.
    pub detected: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
