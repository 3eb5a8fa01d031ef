//! Keyset listing of rows in id order, for the connections that page through
//! whole tables (documents, speakers, organizations).

use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use super::Page;
use crate::error::ApiError;
use crate::pagination::{Direction, PageRequest};

/// One page of the rows of `E` matching `condition`, by ascending `id_column`;
/// cursors are tagged `tag`. Counts the whole set only when `count` is set.
pub async fn by_id<E>(
    db: &DatabaseConnection,
    condition: Condition,
    id_column: E::Column,
    tag: &str,
    page: &PageRequest,
    count: bool,
) -> Result<Page<E::Model>, ApiError>
where
    E: EntityTrait,
    E::Model: Send + Sync,
{
    let total_count = if count {
        Some(E::find().filter(condition.clone()).count(db).await?)
    } else {
        None
    };
    let (after, before) = page.keys::<i64>(tag)?;
    let mut query = E::find().filter(condition);
    if let Some(after) = after {
        query = query.filter(id_column.gt(after));
    }
    if let Some(before) = before {
        query = query.filter(id_column.lt(before));
    }
    query = match page.direction {
        Direction::Forward => query.order_by_asc(id_column),
        Direction::Backward => query.order_by_desc(id_column),
    };
    let rows = query.limit(page.limit + 1).all(db).await?;
    Ok(page.finish(rows, total_count))
}
