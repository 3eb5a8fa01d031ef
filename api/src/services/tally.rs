//! Answers the counts `statement_tally` and `statement_facet_tally` hold
//! (see the entities): the total, by month, by topic or by organization,
//! by speaker, language, kind or review status, and by two of month, topic
//! and organization, for every statement or for one organization and one
//! topic, with the groups of statements that have no month (dated to the
//! year, or undated), no topic, no organization or no speaker, as the count
//! from the statements gives them.
//!
//! The tallies are written by the store (`super::store`, the one write path
//! for statements and every table derived from them), in each writer's
//! transaction, so it is never behind the statements it counts.

use entity::statement_facet_tally::{self, Facet, NO_SPEAKER};
use entity::statement_tally::{
    self, EVERY_ORGANIZATION, EVERY_TOPIC, NO_MONTH, NO_ORGANIZATION, NO_TOPIC,
};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, IdenStatic, QueryFilter, QuerySelect};

use super::resolve::{Accept, Entity, organization_ids, resolve_filter};
use super::statements::{CountBy, Groups, StatementFilter, too_many_pairs};
use crate::services::Error;

/// The tally's cell of a filter: its organization and topic (or the rows
/// of every one), when the filter has no condition but one organization
/// and one topic, each naming one entity. `None` otherwise: several
/// organizations or topics would count a statement of two twice.
async fn cell(
    db: &DatabaseConnection,
    filter: &StatementFilter,
) -> Result<Option<(i64, i64)>, Error> {
    // The tally leaves rejected statements and copies out, as the default
    // does.
    if !filter.only_organization_and_topic() {
        return Ok(None);
    }
    let organization_id = match &filter.organization {
        None => EVERY_ORGANIZATION,
        Some(name) => match organization_ids(db, "organization", name).await?[..] {
            [id] => id,
            _ => return Ok(None),
        },
    };
    let topic_id = match &filter.topic {
        None => EVERY_TOPIC,
        Some(name) => {
            let topics: Vec<i64> = resolve_filter(db, "topic", name, Accept::Topics)
                .await?
                .into_iter()
                .filter_map(Entity::topic_id)
                .collect();
            match topics[..] {
                [id] => id,
                _ => return Ok(None),
            }
        }
    };
    Ok(Some((organization_id, topic_id)))
}

/// How many statements the tally's cell of `organization_id` and
/// `topic_id` counts (see `Selection`'s cell): the sum of the cell's
/// months, a read of a few rows however many statements match.
pub async fn total(
    db: &DatabaseConnection,
    organization_id: i64,
    topic_id: i64,
) -> Result<u64, Error> {
    use statement_tally::Column as C;
    let sum: Option<Option<i64>> = statement_tally::Entity::find()
        .select_only()
        .column_as(Expr::cust("CAST(SUM(statements) AS BIGINT)"), "count")
        .filter(C::OrganizationId.eq(organization_id))
        .filter(C::TopicId.eq(topic_id))
        .into_tuple()
        .one(db)
        .await?;
    let sum = sum.flatten().unwrap_or(0);
    Ok(u64::try_from(sum).unwrap_or(0))
}

/// The counts of `filter` grouped `by`, when a tally holds them: by month,
/// speaker, language, kind or review status (one organization and one
/// topic), by topic (one organization) or by organization (one topic).
/// `None` for anything else, which is counted from the statements. Groups
/// are keyed as [`super::statements`] reads them from the statements: a
/// month (`YYYY-MM`), a year (`YYYY`) or `None` for no date; a topic's,
/// organization's or speaker's id, or `None` for none; a language, kind or
/// review status as stored.
pub async fn counts(
    db: &DatabaseConnection,
    filter: &StatementFilter,
    by: CountBy,
) -> Result<Option<Groups>, Error> {
    let tallied = match by {
        CountBy::Month => true,
        // A topic filter counted by topic asks which topics go with it; an
        // organization's by organization, which organizations share its
        // statements (the tally cannot say).
        CountBy::Topic => filter.topic.is_none(),
        CountBy::Organization => filter.organization.is_none(),
        CountBy::Speaker | CountBy::Language | CountBy::Kind | CountBy::ReviewStatus => true,
        CountBy::OwnOrganization | CountBy::Document => false,
    };
    if !tallied {
        return Ok(None);
    }
    let Some((organization_id, topic_id)) = cell(db, filter).await? else {
        return Ok(None);
    };

    if let Some(facet) = facet(by) {
        return faceted(db, organization_id, topic_id, facet)
            .await
            .map(Some);
    }
    use statement_tally::Column as C;
    match by {
        CountBy::Month => {
            let months: Vec<(String, i64)> = statement_tally::Entity::find()
                .select_only()
                .column(C::Month)
                .column(C::Statements)
                .filter(C::OrganizationId.eq(organization_id))
                .filter(C::TopicId.eq(topic_id))
                .into_tuple()
                .all(db)
                .await?;
            Ok(Some(
                months
                    .into_iter()
                    .map(|(month, count)| ((month != NO_MONTH).then_some(month), count))
                    .collect(),
            ))
        }
        // By topic within the organization's rows, or by organization
        // within the topic's: the same sum over the other column.
        CountBy::Topic => grouped(
            db,
            C::TopicId,
            NO_TOPIC,
            EVERY_TOPIC,
            (C::OrganizationId, organization_id),
        )
        .await
        .map(Some),
        _ => grouped(
            db,
            C::OrganizationId,
            NO_ORGANIZATION,
            EVERY_ORGANIZATION,
            (C::TopicId, topic_id),
        )
        .await
        .map(Some),
    }
}

/// The tally's rows where `fixed` holds, summed by `column` (leaving out
/// its `every` rows), the `none` group keyed `None`.
async fn grouped(
    db: &DatabaseConnection,
    column: statement_tally::Column,
    none: i64,
    every: i64,
    fixed: (statement_tally::Column, i64),
) -> Result<Groups, Error> {
    let groups: Vec<(i64, i64)> = statement_tally::Entity::find()
        .select_only()
        .column(column)
        .column_as(Expr::cust("CAST(SUM(statements) AS BIGINT)"), "count")
        .filter(fixed.0.eq(fixed.1))
        .filter(column.ne(every))
        .group_by(column)
        .into_tuple()
        .all(db)
        .await?;
    Ok(groups
        .into_iter()
        .map(|(id, count)| ((id != none).then(|| id.to_string()), count))
        .collect())
}

/// The facet tally's facet of a dimension, when it has one.
fn facet(by: CountBy) -> Option<Facet> {
    match by {
        CountBy::Speaker => Some(Facet::Speaker),
        CountBy::Language => Some(Facet::Language),
        CountBy::Kind => Some(Facet::Kind),
        CountBy::ReviewStatus => Some(Facet::ReviewStatus),
        _ => None,
    }
}

/// The facet tally's rows of one cell and one facet: one row a value.
async fn faceted(
    db: &DatabaseConnection,
    organization_id: i64,
    topic_id: i64,
    facet: Facet,
) -> Result<Groups, Error> {
    use statement_facet_tally::Column as F;
    let rows: Vec<(String, i64)> = statement_facet_tally::Entity::find()
        .select_only()
        .column(F::Value)
        .column(F::Statements)
        .filter(F::OrganizationId.eq(organization_id))
        .filter(F::TopicId.eq(topic_id))
        .filter(F::Facet.eq(facet))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(value, count)| {
            let missing = facet == Facet::Speaker && value == NO_SPEAKER;
            ((!missing).then_some(value), count)
        })
        .collect())
}

/// A dimension of `statement_tally`: its column, the value of its rows
/// that count statements with none (as text), and of the rows that count
/// every statement whatever it is (none for the month).
fn tally_dimension(by: CountBy) -> Option<(statement_tally::Column, String, Option<i64>)> {
    use statement_tally::Column as C;
    match by {
        CountBy::Month => Some((C::Month, NO_MONTH.to_owned(), None)),
        CountBy::Organization => Some((
            C::OrganizationId,
            NO_ORGANIZATION.to_string(),
            Some(EVERY_ORGANIZATION),
        )),
        CountBy::Topic => Some((C::TopicId, NO_TOPIC.to_string(), Some(EVERY_TOPIC))),
        _ => None,
    }
}

/// The (group, subgroup, count) triples of `filter` counted `by` then
/// `then_by`, when the tally holds them: two of month, organization (the
/// filter naming none) and topic (the filter naming none), within the
/// filter's cell. Keyed as [`counts`] keys them; refused past `limit`
/// pairs, as the count from the statements is.
pub async fn pairs(
    db: &DatabaseConnection,
    filter: &StatementFilter,
    by: CountBy,
    then_by: CountBy,
    limit: usize,
) -> Result<Option<Vec<(Option<String>, Option<String>, i64)>>, Error> {
    let (Some(first), Some(second)) = (tally_dimension(by), tally_dimension(then_by)) else {
        return Ok(None);
    };
    let named = |dimension| match dimension {
        CountBy::Organization => filter.organization.is_some(),
        CountBy::Topic => filter.topic.is_some(),
        _ => false,
    };
    if named(by) || named(then_by) {
        return Ok(None);
    }
    let Some((organization_id, topic_id)) = cell(db, filter).await? else {
        return Ok(None);
    };

    use statement_tally::Column as C;
    let text = |column: C| Expr::cust(format!("CAST(\"{}\" AS TEXT)", column.as_str()));
    let mut select = statement_tally::Entity::find()
        .select_only()
        .column_as(text(first.0), "first_key")
        .column_as(text(second.0), "second_key")
        .column_as(Expr::cust("CAST(SUM(statements) AS BIGINT)"), "count")
        .group_by(first.0)
        .group_by(second.0)
        .limit(limit as u64 + 1);
    // The pair's columns leave out their rows of every value; the others
    // are the filter's cell (the month is summed over).
    for (column, fixed) in [(C::OrganizationId, organization_id), (C::TopicId, topic_id)] {
        select = match [&first, &second]
            .into_iter()
            .find(|d| d.0.as_str() == column.as_str())
        {
            Some((_, _, Some(every))) => select.filter(column.ne(*every)),
            Some((_, _, None)) => select,
            None => select.filter(column.eq(fixed)),
        };
    }
    let rows: Vec<(String, String, i64)> = select.into_tuple().all(db).await?;
    if rows.len() > limit {
        return Err(too_many_pairs(by, then_by, limit));
    }
    let key = |value: String, none: &str| (value != none).then_some(value);
    Ok(Some(
        rows.into_iter()
            .map(|(a, b, count)| (key(a, &first.1), key(b, &second.1), count))
            .collect(),
    ))
}
