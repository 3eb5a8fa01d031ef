//! Listing and fetching documents.

use entity::document;
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

use super::Page;
use crate::pagination::{Direction, PageRequest};

/// One page of documents in id order (the order they were stored in).
pub async fn list(
    db: &DatabaseConnection,
    page: &PageRequest,
) -> Result<Page<document::Model>, DbErr> {
    let total_count = document::Entity::find().count(db).await?;
    let mut query = document::Entity::find();
    if let Some(after) = page.after {
        query = query.filter(document::Column::Id.gt(after));
    }
    if let Some(before) = page.before {
        query = query.filter(document::Column::Id.lt(before));
    }
    query = match page.direction {
        Direction::Forward => query.order_by_asc(document::Column::Id),
        Direction::Backward => query.order_by_desc(document::Column::Id),
    };
    let rows = query.limit(page.limit + 1).all(db).await?;
    Ok(page.finish(rows, total_count))
}
