//! Listing documents.

use chrono::NaiveDate;
use entity::document;
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::ids::NameOrId;
use super::resolve::organization_ids;
use super::{Page, listing};
use crate::services::Error;
use crate::services::pagination::PageRequest;

/// The cursor tag of documents in id order.
pub const CURSOR_TAG: &str = "d";

/// What documents to list; every field narrows the list.
#[derive(Debug, Clone, Default)]
pub struct DocumentFilter {
    pub language: Option<String>,
    /// The publishing organization, by id or any name.
    pub outlet: Option<NameOrId>,
    pub published_from: Option<NaiveDate>,
    /// Inclusive.
    pub published_to: Option<NaiveDate>,
}

/// One page of documents in the order they were stored.
pub async fn list(
    db: &DatabaseConnection,
    filter: &DocumentFilter,
    page: &PageRequest,
    count: bool,
) -> Result<Page<document::Model>, Error> {
    let mut condition = Condition::all();
    if let Some(language) = &filter.language {
        condition = condition.add(document::Column::Language.eq(language.trim().to_lowercase()));
    }
    if let Some(outlet) = &filter.outlet {
        let ids = organization_ids(db, "outlet", outlet).await?;
        condition = condition.add(document::Column::OutletId.is_in(ids));
    }
    if let Some(from) = filter.published_from {
        condition = condition.add(document::Column::PublishedOn.gte(from));
    }
    if let Some(to) = filter.published_to {
        condition = condition.add(document::Column::PublishedOn.lte(to));
    }
    listing::by_id::<document::Entity>(db, condition, document::Column::Id, CURSOR_TAG, page, count)
        .await
}

/// The id of the document ingested from `url` (as given, trimmed), if any;
/// of several (the article changed between ingestions), the latest.
pub async fn latest_by_url(db: &DatabaseConnection, url: &str) -> Result<Option<i64>, Error> {
    let url = url.trim();
    if url.is_empty() {
        return Ok(None);
    }
    Ok(document::Entity::find()
        .select_only()
        .column(document::Column::Id)
        .filter(document::Column::Url.eq(url))
        .order_by_desc(document::Column::Id)
        .into_tuple::<i64>()
        .one(db)
        .await?)
}
