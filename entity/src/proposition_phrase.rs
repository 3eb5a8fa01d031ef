//! A key phrase or keyword stem of a proposition, in one language: what
//! stance detection looks for in a statement on the proposition's topic.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "proposition_phrase")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub proposition_id: i64,
    /// "en" or "ru".
    pub lang: String,
    /// As the registry writes it.
    pub phrase: String,
    /// `text::fold(phrase)`.
    pub folded: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
