//! Keyset listing of rows in id order, for the connections that page through
//! whole tables (documents, speakers, organizations).

use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use entity::{organization, speaker, topic};

use super::ids::NameOrId;
use super::{Error, Page};
use crate::services::pagination::{Direction, PageRequest};

/// One page of the rows of `E` matching `condition`, by ascending `id_column`;
/// cursors are tagged `tag`. Counts the whole set only when `count` is set.
pub async fn by_id<E>(
    db: &DatabaseConnection,
    condition: Condition,
    id_column: E::Column,
    tag: &str,
    page: &PageRequest,
    count: bool,
) -> Result<Page<E::Model>, Error>
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

/// The cursor tag of speakers in id order.
pub const SPEAKER_CURSOR: &str = "sp";
/// The cursor tag of organizations in id order.
pub const ORGANIZATION_CURSOR: &str = "or";

/// One page of speakers in id order: all, or those `name` can mean; only
/// the verified (or unverified: a review queue) ones when `verified` says.
pub async fn speakers(
    db: &DatabaseConnection,
    name: Option<&NameOrId>,
    verified: Option<bool>,
    page: &PageRequest,
    count: bool,
) -> Result<Page<speaker::Model>, Error> {
    let mut condition = Condition::all();
    if let Some(verified) = verified {
        condition = condition.add(speaker::Column::Verified.eq(verified));
    }
    if let Some(name) = name {
        let ids = super::resolve::speaker_ids(db, "name", name).await?;
        condition = condition.add(speaker::Column::Id.is_in(ids));
    }
    by_id::<speaker::Entity>(
        db,
        condition,
        speaker::Column::Id,
        SPEAKER_CURSOR,
        page,
        count,
    )
    .await
}

/// One page of organizations in id order: all, or those `name` can mean;
/// only the verified (or unverified) ones when `verified` says.
pub async fn organizations(
    db: &DatabaseConnection,
    name: Option<&NameOrId>,
    verified: Option<bool>,
    page: &PageRequest,
    count: bool,
) -> Result<Page<organization::Model>, Error> {
    let mut condition = Condition::all();
    if let Some(verified) = verified {
        condition = condition.add(organization::Column::Verified.eq(verified));
    }
    if let Some(name) = name {
        let ids = super::resolve::organization_ids(db, "name", name).await?;
        condition = condition.add(organization::Column::Id.is_in(ids));
    }
    by_id::<organization::Entity>(
        db,
        condition,
        organization::Column::Id,
        ORGANIZATION_CURSOR,
        page,
        count,
    )
    .await
}

/// Every topic of the taxonomy, by slug.
pub async fn topics(db: &DatabaseConnection) -> Result<Vec<topic::Model>, Error> {
    Ok(topic::Entity::find()
        .order_by_asc(topic::Column::Key)
        .all(db)
        .await?)
}

/// The topic whose slug is `key` (trimmed; slugs are lowercase, so any case
/// finds it), if any.
pub async fn topic_by_key(
    db: &DatabaseConnection,
    key: &str,
) -> Result<Option<topic::Model>, Error> {
    Ok(topic::Entity::find()
        .filter(topic::Column::Key.eq(key.trim().to_lowercase()))
        .one(db)
        .await?)
}
