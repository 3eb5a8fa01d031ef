//! Answers the counts `statement_tally` holds (see the entity): by month or
//! by topic, for every statement or for one organization and one topic.
//!
//! The tally is written by the store (`super::store`, the one write path
//! for statements and every table derived from them), in each writer's
//! transaction, so it is never behind the statements it counts.

use entity::statement_tally::{self, EVERY_ORGANIZATION, EVERY_TOPIC, NO_MONTH};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QuerySelect};

use super::resolve::{Accept, Entity, organization_ids, resolve_filter};
use super::statements::{Bucket, BucketKey, CountBy, StatementFilter, topic_buckets};
use crate::services::Error;

/// The counts of `filter` grouped `by`, when the tally holds them: by month
/// or by topic, filtered by nothing but one organization and (by month) one
/// topic. `None` for anything else, which is counted from the statements.
pub async fn counts(
    db: &DatabaseConnection,
    filter: &StatementFilter,
    by: CountBy,
) -> Result<Option<Vec<Bucket>>, Error> {
    let StatementFilter {
        speaker: None,
        organization,
        topic,
        about: None,
        language: None,
        document: None,
        kind: None,
        text: None,
        said_from: None,
        said_to: None,
        min_confidence: None,
        // The tally leaves rejected statements out, as the default does.
        review_status: None,
        updated_since: None,
    } = filter
    else {
        return Ok(None);
    };
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
            .filter(C::Month.ne(NO_MONTH))
            .into_tuple()
            .all(db)
            .await?;
        return Ok(Some(
            months
                .into_iter()
                .map(|(month, count)| Bucket {
                    label: month.clone(),
                    key: BucketKey::Text(month),
                    count,
                })
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
    Ok(Some(topic_buckets(db, groups).await?))
}
