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
    /// When the row was stored.
    pub created_at: DateTimeUtc,
    /// When the row was last written: every change sets it.
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(belongs_to = "Entity", from = "Column::ParentId", to = "Column::Id")]
    Parent,
}

#[async_trait::async_trait]
impl ActiveModelBehavior for ActiveModel {
    /// Stamps `created_at` and `updated_at` (see [`crate::timestamps`]).
    async fn before_save<C>(mut self, _db: &C, insert: bool) -> Result<Self, DbErr>
    where
        C: ConnectionTrait,
    {
        crate::timestamps::stamp(&mut self.created_at, &mut self.updated_at, insert);
        Ok(self)
    }
}
