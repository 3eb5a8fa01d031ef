//! A speaker merged into another: the old id, kept so that it still leads
//! to the speaker that remains.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "speaker_merge")]
pub struct Model {
    /// The id of the speaker that is gone.
    #[sea_orm(primary_key, auto_increment = false)]
    pub from_id: i64,
    /// The speaker it was merged into.
    pub into_id: i64,
    pub at: DateTimeUtc,
    /// The name of the API key that merged them.
    pub by: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
