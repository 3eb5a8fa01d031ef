//! Keyset listing of whole tables (documents, speakers, organizations), in
//! the order a client asks: by one column, then by id.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use sea_orm::sea_query::NullOrdering;
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, EntityTrait, Order, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Value,
};

use entity::{organization, speaker, topic};

use super::ids::NameOrId;
use super::{Error, Page};
use crate::services::pagination::{Direction, PageRequest, decode_cursor, encode_cursor};

/// What kind of value a list is sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    Text,
    Time,
    /// A date that may be unknown.
    Date,
}

/// A value of the column a list is sorted by, as its cursor carries it.
#[derive(Debug, Clone, PartialEq)]
pub enum SortValue {
    Text(String),
    Time(DateTime<Utc>),
    /// A date that may be unknown: unknown sorts before every date.
    Date(Option<NaiveDate>),
}

impl SortValue {
    /// How a cursor writes it.
    fn written(&self) -> Option<String> {
        match self {
            Self::Text(text) => Some(text.clone()),
            Self::Time(time) => Some(time.to_rfc3339_opts(SecondsFormat::AutoSi, true)),
            Self::Date(date) => date.map(|d| d.format("%Y-%m-%d").to_string()),
        }
    }

    /// Reads back what [`Self::written`] wrote, as a value of `kind`.
    fn read(kind: KeyKind, written: Option<String>) -> Option<Self> {
        Some(match (kind, written) {
            (KeyKind::Text, Some(text)) => Self::Text(text),
            (KeyKind::Time, Some(time)) => Self::Time(
                DateTime::parse_from_rfc3339(&time)
                    .ok()?
                    .with_timezone(&Utc),
            ),
            (KeyKind::Date, Some(date)) => {
                Self::Date(Some(NaiveDate::parse_from_str(&date, "%Y-%m-%d").ok()?))
            }
            (KeyKind::Date, None) => Self::Date(None),
            _ => return None,
        })
    }

    /// The value to compare the column with; none for an unknown date.
    fn value(&self) -> Option<Value> {
        match self {
            Self::Text(text) => Some(text.clone().into()),
            Self::Time(time) => Some((*time).into()),
            Self::Date(date) => date.map(Into::into),
        }
    }
}

/// A row's sort key: the value of the sorted column, and its id.
pub type RowKey<M> = fn(&M) -> (SortValue, i64);

/// How a table is listed: by `column` (ties by id), in a direction, with
/// its cursors tagged `tag` and each row's key read by `key`.
pub struct Sorted<E: EntityTrait> {
    pub column: E::Column,
    pub id: E::Column,
    pub ascending: bool,
    /// What `column` holds; a `Date` may be null, and sorts first
    /// ascending then.
    pub kind: KeyKind,
    pub tag: &'static str,
    pub key: RowKey<E::Model>,
}

impl<E: EntityTrait> std::fmt::Debug for Sorted<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sorted")
            .field("tag", &self.tag)
            .field("ascending", &self.ascending)
            .finish()
    }
}

impl<E: EntityTrait> Sorted<E> {
    /// The opaque cursor of `row`.
    pub fn cursor(&self, row: &E::Model) -> String {
        let (value, id) = (self.key)(row);
        encode_cursor(self.tag, &(value.written(), id))
    }

    /// The rows strictly past `(value, id)` when walking ascending (`up`)
    /// or descending; an unknown value sorts before every known one.
    fn past(&self, value: &SortValue, id: i64, up: bool) -> Condition {
        let (column, id_column) = (self.column, self.id);
        let beyond = |c: E::Column, v: Value| if up { c.gt(v) } else { c.lt(v) };
        match (value.value(), up) {
            (Some(v), true) => Condition::any()
                .add(column.gt(v.clone()))
                .add(Condition::all().add(column.eq(v)).add(id_column.gt(id))),
            (Some(v), false) => {
                let mut any = Condition::any()
                    .add(column.lt(v.clone()))
                    .add(Condition::all().add(column.eq(v)).add(id_column.lt(id)));
                if self.kind == KeyKind::Date {
                    any = any.add(column.is_null());
                }
                any
            }
            (None, true) => Condition::any().add(column.is_not_null()).add(
                Condition::all()
                    .add(column.is_null())
                    .add(beyond(id_column, id.into())),
            ),
            (None, false) => Condition::all()
                .add(column.is_null())
                .add(beyond(id_column, id.into())),
        }
    }

    /// Decodes a cursor of this order into its key.
    fn decode(&self, cursor: &str) -> Result<(SortValue, i64), Error> {
        let (written, id): (Option<String>, i64) = decode_cursor(self.tag, cursor)?;
        let value = SortValue::read(self.kind, written)
            .ok_or_else(|| Error::BadInput("the cursor is damaged".to_owned()))?;
        Ok((value, id))
    }
}

/// One page of the rows of `E` matching `condition`, in the order `sorted`
/// says. Counts the whole set only when `count` is set.
pub async fn sorted<E>(
    db: &DatabaseConnection,
    condition: Condition,
    sorted: &Sorted<E>,
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
    let mut query = E::find().filter(condition);
    if let Some(after) = &page.after {
        let (value, id) = sorted.decode(after)?;
        query = query.filter(sorted.past(&value, id, sorted.ascending));
    }
    if let Some(before) = &page.before {
        let (value, id) = sorted.decode(before)?;
        query = query.filter(sorted.past(&value, id, !sorted.ascending));
    }
    let up = sorted.ascending == (page.direction == Direction::Forward);
    let order = if up { Order::Asc } else { Order::Desc };
    query = if sorted.kind == KeyKind::Date {
        // Said outright: the databases put nulls at different ends.
        let nulls = if up {
            NullOrdering::First
        } else {
            NullOrdering::Last
        };
        query.order_by_with_nulls(sorted.column, order.clone(), nulls)
    } else {
        query.order_by(sorted.column, order.clone())
    };
    let rows = query
        .order_by(sorted.id, order)
        .limit(page.limit + 1)
        .all(db)
        .await?;
    Ok(page.finish(rows, total_count))
}

/// What speakers and organizations can be listed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RegistryOrder {
    Name,
    /// The order they were stored in: what lists gave before they could
    /// be sorted.
    #[default]
    Created,
    Updated,
}

/// A speaker or organization list's order and direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RegistrySort {
    pub by: RegistryOrder,
    pub ascending: bool,
}

impl Default for RegistrySort {
    fn default() -> Self {
        Self {
            by: RegistryOrder::Created,
            ascending: true,
        }
    }
}

/// The order of speakers `sort` names.
pub fn speaker_order(sort: RegistrySort) -> Sorted<speaker::Entity> {
    use speaker::Column as C;
    let (column, tag, key): (C, _, RowKey<speaker::Model>) = match sort.by {
        RegistryOrder::Name => (C::Name, ["spn", "spn-"], |r| {
            (SortValue::Text(r.name.clone()), r.id)
        }),
        RegistryOrder::Created => (C::CreatedAt, ["spc", "spc-"], |r| {
            (SortValue::Time(r.created_at), r.id)
        }),
        RegistryOrder::Updated => (C::UpdatedAt, ["spu", "spu-"], |r| {
            (SortValue::Time(r.updated_at), r.id)
        }),
    };
    Sorted {
        column,
        id: C::Id,
        ascending: sort.ascending,
        kind: if sort.by == RegistryOrder::Name {
            KeyKind::Text
        } else {
            KeyKind::Time
        },
        tag: tag[usize::from(!sort.ascending)],
        key,
    }
}

/// The order of organizations `sort` names.
pub fn organization_order(sort: RegistrySort) -> Sorted<organization::Entity> {
    use organization::Column as C;
    let (column, tag, key): (C, _, RowKey<organization::Model>) = match sort.by {
        RegistryOrder::Name => (C::Name, ["orn", "orn-"], |r| {
            (SortValue::Text(r.name.clone()), r.id)
        }),
        RegistryOrder::Created => (C::CreatedAt, ["orc", "orc-"], |r| {
            (SortValue::Time(r.created_at), r.id)
        }),
        RegistryOrder::Updated => (C::UpdatedAt, ["oru", "oru-"], |r| {
            (SortValue::Time(r.updated_at), r.id)
        }),
    };
    Sorted {
        column,
        id: C::Id,
        ascending: sort.ascending,
        kind: if sort.by == RegistryOrder::Name {
            KeyKind::Text
        } else {
            KeyKind::Time
        },
        tag: tag[usize::from(!sort.ascending)],
        key,
    }
}

/// One page of speakers in `sort` order: all, or those `name` can mean;
/// only the verified (or unverified: a review queue) ones when `verified`
/// says.
pub async fn speakers(
    db: &DatabaseConnection,
    name: Option<&NameOrId>,
    verified: Option<bool>,
    sort: RegistrySort,
    page: &PageRequest,
    count: bool,
) -> Result<(Page<speaker::Model>, Sorted<speaker::Entity>), Error> {
    let mut condition = Condition::all();
    if let Some(verified) = verified {
        condition = condition.add(speaker::Column::Verified.eq(verified));
    }
    if let Some(name) = name {
        let ids = super::resolve::speaker_ids(db, "name", name).await?;
        condition = condition.add(speaker::Column::Id.is_in(ids));
    }
    let order = speaker_order(sort);
    let page = sorted(db, condition, &order, page, count).await?;
    Ok((page, order))
}

/// One page of organizations in `sort` order: all, or those `name` can
/// mean; only the verified (or unverified) ones when `verified` says.
pub async fn organizations(
    db: &DatabaseConnection,
    name: Option<&NameOrId>,
    verified: Option<bool>,
    sort: RegistrySort,
    page: &PageRequest,
    count: bool,
) -> Result<(Page<organization::Model>, Sorted<organization::Entity>), Error> {
    let mut condition = Condition::all();
    if let Some(verified) = verified {
        condition = condition.add(organization::Column::Verified.eq(verified));
    }
    if let Some(name) = name {
        let ids = super::resolve::organization_ids(db, "name", name).await?;
        condition = condition.add(organization::Column::Id.is_in(ids));
    }
    let order = organization_order(sort);
    let page = sorted(db, condition, &order, page, count).await?;
    Ok((page, order))
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
