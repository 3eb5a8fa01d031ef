//! The tally counts what `statementCounts` needs to add up to the
//! statements: a statement dated only to the year is counted under its year
//! (`YYYY`) instead of with the undated ones under the empty month, and a
//! statement with no topic under topic -1. Existing rows are recounted from
//! the statements.
//!
//! The backfill is this migration's own copy of the rule (as in
//! `m20261122_000003_statement_tally`), frozen here so that it means the same
//! thing later; the application keeps the table current with
//! `services::store`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let (month, year) = match manager.get_database_backend() {
            DbBackend::Postgres => (
                "to_char(s.dated_on, 'YYYY-MM')",
                "to_char(s.dated_on, 'YYYY')",
            ),
            _ => ("substr(s.dated_on, 1, 7)", "substr(s.dated_on, 1, 4)"),
        };
        let backfill = format!(
            "WITH RECURSIVE up(organization_id, ancestor_id) AS ( \
               SELECT id, id FROM organization \
               UNION \
               SELECT up.organization_id, o.parent_id FROM up \
               JOIN organization o ON o.id = up.ancestor_id WHERE o.parent_id IS NOT NULL \
             ), \
             dated(id, month) AS ( \
               SELECT s.id, CASE WHEN s.dated_precision IN ('day', 'month') THEN {month} \
                      WHEN s.dated_precision = 'year' THEN {year} ELSE '' END \
               FROM statement s WHERE s.review_status <> 'rejected' \
             ), \
             counted(statement_id, organization_id) AS ( \
               SELECT DISTINCT so.statement_id, up.ancestor_id FROM dated \
               JOIN statement_organization so ON so.statement_id = dated.id \
               JOIN up ON up.organization_id = so.organization_id \
               UNION ALL SELECT id, 0 FROM dated \
             ), \
             tagged(statement_id, topic_id) AS ( \
               SELECT st.statement_id, st.topic_id FROM dated \
               JOIN statement_topic st ON st.statement_id = dated.id \
               UNION ALL SELECT id, 0 FROM dated \
               UNION ALL SELECT id, -1 FROM dated WHERE NOT EXISTS ( \
                 SELECT 1 FROM statement_topic st WHERE st.statement_id = dated.id) \
             ) \
             INSERT INTO statement_tally (organization_id, topic_id, month, statements) \
             SELECT c.organization_id, t.topic_id, dated.month, COUNT(*) FROM dated \
             JOIN counted c ON c.statement_id = dated.id \
             JOIN tagged t ON t.statement_id = dated.id \
             GROUP BY c.organization_id, t.topic_id, dated.month"
        );
        let db = manager.get_connection();
        db.execute_unprepared("DELETE FROM statement_tally").await?;
        db.execute_unprepared(&backfill).await?;
        Ok(())
    }

    /// Back to the earlier rule: the years folded into the empty month, no
    /// row for statements without a topic.
    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DELETE FROM statement_tally WHERE topic_id = -1")
            .await?;
        // `WHERE` before `GROUP BY`: SQLite needs one to tell the upsert's
        // `ON CONFLICT` from a join's `ON`.
        db.execute_unprepared(
            "INSERT INTO statement_tally (organization_id, topic_id, month, statements) \
             SELECT organization_id, topic_id, '', SUM(statements) FROM statement_tally \
             WHERE length(month) = 4 \
             GROUP BY organization_id, topic_id \
             ON CONFLICT (organization_id, topic_id, month) \
             DO UPDATE SET statements = statement_tally.statements + excluded.statements",
        )
        .await?;
        db.execute_unprepared("DELETE FROM statement_tally WHERE length(month) = 4")
            .await?;
        Ok(())
    }
}
