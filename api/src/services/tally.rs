//! Answers the counts `statement_tally` holds (see the entity): by month or
//! by topic, for every statement or for one organization and one topic,
//! with the groups of statements that have no month (dated to the year, or
//! undated) or no topic, as the count from the statements gives them.
//!
//! The tally is written by the store (`super::store`, the one write path
//! for statements and every table derived from them), in each writer's
//! transaction, so it is never behind the statements it counts.

use entity::statement_tally::{self, EVERY_ORGANIZATION, EVERY_TOPIC, NO_MONTH, NO_TOPIC};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};

use super::resolve::{Accept, Entity, organization_ids, resolve_filter};
use super::statements::{CountBy, Groups, StatementFilter};
use crate::services::Error;

/// The counts of `filter` grouped `by`, when the tally holds them: by month
/// or by topic, filtered by nothing but one organization and (by month) one
/// topic. `None` for anything else, which is counted from the statements.
/// Groups are keyed as [`super::statements`] reads them from the
/// statements: a month (`YYYY-MM`), a year (`YYYY`) or `None` for no date;
/// a topic's id or `None` for no topic.
pub async fn counts(
    db: &DatabaseConnection,
    filter: &StatementFilter,
    by: CountBy,
) -> Result<Option<Groups>, Error> {
    // The tally leaves rejected statements out, as the default does.
    if !filter.only_organization_and_topic() {
        return Ok(None);
    }
    let (organization, topic) = (&filter.organization, &filter.topic);
    let tallied = match by {
        CountBy::Month => true,
        // A topic filter counted by topic asks which topics go with it.
        CountBy::Topic => topic.is_none(),
        _ => false,
    };
    if !tallied {
        return Ok(None);
    }
    let organization_id = match organization {
        None => EVERY_ORGANIZATION,
        Some(name) => match organization_ids(db, "organization", name).await?[..] {
            [id] => id,
            // Several organizations: a statement of two would be counted twice.
            _ => return Ok(None),
        },
    };
    let topic_id = match topic {
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

    use statement_tally::Column as C;
    let rows = statement_tally::Entity::find().filter(C::OrganizationId.eq(organization_id));
    if by == CountBy::Month {
        let months: Vec<(String, i64)> = rows
            .select_only()
            .column(C::Month)
            .column(C::Statements)
            .filter(C::TopicId.eq(topic_id))
            .into_tuple()
            .all(db)
            .await?;
        return Ok(Some(
            months
                .into_iter()
                .map(|(month, count)| ((month != NO_MONTH).then_some(month), count))
                .collect(),
        ));
    }
    let groups: Vec<(i64, i64)> = rows
        .select_only()
        .column(C::TopicId)
        .column_as(Expr::cust("CAST(SUM(statements) AS BIGINT)"), "count")
        .filter(C::TopicId.ne(EVERY_TOPIC))
        .group_by(C::TopicId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(Some(
        groups
            .into_iter()
            .map(|(topic, count)| ((topic != NO_TOPIC).then(|| topic.to_string()), count))
            .collect(),
    ))
}
