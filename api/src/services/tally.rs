//! Keeps `statement_tally` current (see the entity) and answers the counts it
//! can: by month or by topic, for every statement or for one organization
//! and one topic. Every write path that adds statements calls [`add`] in its
//! own transaction, after [`super::spoken_for::refresh`], so the tally is
//! never behind the statements it counts.
//!
//! Whatever changes affiliations or the organization tree later must
//! [`rebuild`] it (affiliations cannot be changed through the API yet).

use entity::statement_tally::{self, EVERY_ORGANIZATION, EVERY_TOPIC, NO_MONTH};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr, EntityTrait, QueryFilter,
    QuerySelect,
};

use super::resolve::{Accept, Entity, organization_ids, resolve_filter};
use super::spoken_for::Scope;
use super::statements::{Bucket, BucketKey, CountBy, StatementFilter, topic_buckets};
use crate::services::Error;

/// Counts the statements in `scope`, which must not be counted yet (they
/// were just written); returns the tally rows written or updated.
pub async fn add(conn: &impl ConnectionTrait, scope: Scope) -> Result<u64, DbErr> {
    let sql = add_sql(conn.get_database_backend(), scope);
    Ok(conn.execute_unprepared(&sql).await?.rows_affected())
}

/// Counts every statement afresh.
pub async fn rebuild(conn: &impl ConnectionTrait) -> Result<u64, DbErr> {
    conn.execute_unprepared("DELETE FROM statement_tally")
        .await?;
    add(conn, Scope::All).await
}

/// The statement of [`add`].
///
/// Each statement in scope is expanded to (organization, topic) pairs: the
/// organizations it counts for with all their ancestors, each once, plus
/// [`EVERY_ORGANIZATION`]; its topics plus [`EVERY_TOPIC`]. The pairs are
/// grouped with the month and added to the rows already there.
pub fn add_sql(backend: DbBackend, scope: Scope) -> String {
    let condition = scope.condition();
    let month = crate::database::month_sql(backend, "s.dated_on");
    // `WHERE TRUE` before `GROUP BY`: SQLite needs a WHERE to tell the
    // upsert's `ON CONFLICT` from a join's `ON`.
    format!(
        "WITH RECURSIVE up(organization_id, ancestor_id) AS ( \
           SELECT id, id FROM organization \
           UNION \
           SELECT up.organization_id, o.parent_id FROM up \
           JOIN organization o ON o.id = up.ancestor_id WHERE o.parent_id IS NOT NULL \
         ), \
         scope(id, month) AS ( \
           SELECT s.id, CASE WHEN s.dated_precision IN ('day', 'month') THEN {month} \
                  ELSE '{NO_MONTH}' END \
           FROM statement s WHERE {condition} \
         ), \
         counted(statement_id, organization_id) AS ( \
           SELECT DISTINCT so.statement_id, up.ancestor_id FROM scope \
           JOIN statement_organization so ON so.statement_id = scope.id \
           JOIN up ON up.organization_id = so.organization_id \
           UNION ALL SELECT id, {EVERY_ORGANIZATION} FROM scope \
         ), \
         tagged(statement_id, topic_id) AS ( \
           SELECT st.statement_id, st.topic_id FROM scope \
           JOIN statement_topic st ON st.statement_id = scope.id \
           UNION ALL SELECT id, {EVERY_TOPIC} FROM scope \
         ) \
         INSERT INTO statement_tally (organization_id, topic_id, month, statements) \
         SELECT c.organization_id, t.topic_id, scope.month, COUNT(*) FROM scope \
         JOIN counted c ON c.statement_id = scope.id \
         JOIN tagged t ON t.statement_id = scope.id \
         WHERE TRUE \
         GROUP BY c.organization_id, t.topic_id, scope.month \
         ON CONFLICT (organization_id, topic_id, month) \
         DO UPDATE SET statements = statement_tally.statements + excluded.statements"
    )
}

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
