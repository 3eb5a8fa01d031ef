//! An organization: a state body, an NGO, an intergovernmental body, an outlet.
//! Organizations form a tree through `parent_id` (ODIHR within the OSCE).

use sea_orm::entity::prelude::*;

use crate::kinds::OrganizationKind;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "organization")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    /// Stable key from the registry ("kz-mfa").
    #[sea_orm(unique)]
    pub key: String,
    pub name: String,
    pub kind: OrganizationKind,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    pub parent_id: Option<i64>,
    #[sea_orm(column_type = "Text", nullable)]
    pub description: Option<String>,
    /// False for an entity that ingestion created from a name it did not
    /// know; a curator has not confirmed it yet.
    pub verified: bool,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "Entity", from = "Column::ParentId", to = "Column::Id")]
    Parent,
}

impl ActiveModelBehavior for ActiveModel {}
