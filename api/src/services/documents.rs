//! Listing documents.

use chrono::NaiveDate;
use entity::document;
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

use super::ids::NameOrId;
use super::listing::{KeyKind, RowKey, SortValue, Sorted};
use super::resolve::organization_ids;
use super::{Page, listing};
use crate::services::Error;
use crate::services::pagination::PageRequest;

/// What documents can be listed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DocumentOrder {
    /// Publication date; undated documents sort before every date.
    Published,
    /// The order they were stored in: what the list gave before it could
    /// be sorted.
    #[default]
    Created,
    Updated,
}

/// A document list's order and direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DocumentSort {
    pub by: DocumentOrder,
    pub ascending: bool,
}

impl Default for DocumentSort {
    fn default() -> Self {
        Self {
            by: DocumentOrder::Created,
            ascending: true,
        }
    }
}

/// The order of documents `sort` names.
pub fn order(sort: DocumentSort) -> Sorted<document::Entity> {
    use document::Column as C;
    let (column, kind, tag, key): (C, KeyKind, [&'static str; 2], RowKey<document::Model>) =
        match sort.by {
            DocumentOrder::Published => (C::PublishedOn, KeyKind::Date, ["dp", "dp-"], |r| {
                (SortValue::Date(r.published_on), r.id)
            }),
            DocumentOrder::Created => (C::CreatedAt, KeyKind::Time, ["dc", "dc-"], |r| {
                (SortValue::Time(r.created_at), r.id)
            }),
            DocumentOrder::Updated => (C::UpdatedAt, KeyKind::Time, ["du", "du-"], |r| {
                (SortValue::Time(r.updated_at), r.id)
            }),
        };
    Sorted {
        column,
        id: C::Id,
        ascending: sort.ascending,
        kind,
        tag: tag[usize::from(!sort.ascending)],
        key,
    }
}

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

/// One page of documents in `sort` order, with the order (which makes
/// the rows' cursors).
pub async fn list(
    db: &DatabaseConnection,
    filter: &DocumentFilter,
    sort: DocumentSort,
    page: &PageRequest,
    count: bool,
) -> Result<(Page<document::Model>, Sorted<document::Entity>), Error> {
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
    let order = order(sort);
    let page = listing::sorted(db, condition, &order, page, count).await?;
    Ok((page, order))
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
