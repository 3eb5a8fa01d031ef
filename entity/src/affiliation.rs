//! A speaker's role in an organization, with the period it held where known.

use sea_orm::entity::prelude::*;

use crate::kinds::DatePrecision;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "affiliation")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub speaker_id: i64,
    pub organization_id: i64,
    pub role: String,
    pub valid_from: Option<Date>,
    pub valid_from_precision: Option<DatePrecision>,
    pub valid_to: Option<Date>,
    pub valid_to_precision: Option<DatePrecision>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::speaker::Entity",
        from = "Column::SpeakerId",
        to = "super::speaker::Column::Id"
    )]
    Speaker,
    #[sea_orm(
        belongs_to = "super::organization::Entity",
        from = "Column::OrganizationId",
        to = "super::organization::Column::Id"
    )]
    Organization,
}

impl ActiveModelBehavior for ActiveModel {}
