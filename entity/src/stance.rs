//! A statement's stance toward a proposition, with where the judgment came from.

use sea_orm::entity::prelude::*;

use crate::kinds::Polarity;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "stance")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub statement_id: i64,
    pub proposition_id: i64,
    pub polarity: Polarity,
    pub confidence: f64,
    pub source: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
