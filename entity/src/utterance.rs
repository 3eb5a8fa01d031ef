//! One thing said, once: the statements that report it (one interview quoted by
//! two outlets, in two languages) point here through `statement.utterance_id`.

use sea_orm::entity::prelude::*;

use crate::kinds::DatePrecision;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "utterance")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub speaker_id: Option<i64>,
    pub said_on: Option<Date>,
    pub said_precision: Option<DatePrecision>,
    /// How many of its reports (statements) are not rejected.
    pub report_count: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
