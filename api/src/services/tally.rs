//! Answers the counts `statement_tally` holds (see the entity): the total,
//! by month, by topic or by organization, for every statement or for one
//! organization and one topic, with the groups of statements that have no
//! month (dated to the year, or undated), no topic or no organization, as
//! the count from the statements gives them.
//!
//! The tally is written by the store (`super::store`, the one write path
//! for statements and every table derived from them), in each writer's
//! transaction, so it is never behind the statements it counts.

use entity::statement_tally::{
    self, EVERY_ORGANIZATION, EVERY_TOPIC, NO_MONTH, NO_ORGANIZATION, NO_TOPIC,
};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};

use super::resolve::{Accept, Entity, organization_ids, resolve_filter};
use super::statements::{CountBy, Groups, StatementFilter};
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

/// The counts of `filter` grouped `by`, when the tally holds them: by month
/// (one organization and one topic), by topic (one organization) or by
/// organization (one topic). `None` for anything else, which is counted
/// from the statements. Groups are keyed as [`super::statements`] reads
/// them from the statements: a month (`YYYY-MM`), a year (`YYYY`) or
/// `None` for no date; a topic's or organization's id, or `None` for none.
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
        _ => false,
    };
    if !tallied {
        return Ok(None);
    }
    let Some((organization_id, topic_id)) = cell(db, filter).await? else {
        return Ok(None);
    };

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
