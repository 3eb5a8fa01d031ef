//! One change of a statement: when, by whom, what, and the changed fields
//! before and after. Written by the API's store in the transaction of the
//! change; removed with the statement.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "revision")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub statement_id: i64,
    /// The statement's version after the change.
    pub version: i32,
    pub at: DateTimeUtc,
    /// The name of the API key that made the change.
    pub by: String,
    /// `create`, `update`, `review` or `merge_speakers`.
    pub action: String,
    /// The changed fields as they were, a JSON object (empty for `create`).
    #[sea_orm(column_type = "Text")]
    pub before: String,
    /// The changed fields as they became, a JSON object.
    #[sea_orm(column_type = "Text")]
    pub after: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub note: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
