//! How many statements each organization, topic and month holds, kept at
//! write time (`statementCounts` by month or topic for an organization was a
//! count over up to half the corpus; it is now a read of a few rows).
//!
//! Organization 0, topic 0 and the empty month stand for "every
//! organization", "whatever the topic" and "no month" (statements dated to
//! the year only), so the table has no foreign keys.
//!
//! The backfill is this migration's own copy of the rule, frozen here so that
//! the migration means the same thing later; the application keeps the table
//! current with `services::store`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, string};
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum StatementTally {
    Table,
    OrganizationId,
    TopicId,
    Month,
    Statements,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(StatementTally::Table)
                    .col(big_integer(StatementTally::OrganizationId))
                    .col(big_integer(StatementTally::TopicId))
                    .col(string(StatementTally::Month))
                    .col(big_integer(StatementTally::Statements))
                    .primary_key(
                        Index::create()
                            .col(StatementTally::OrganizationId)
                            .col(StatementTally::TopicId)
                            .col(StatementTally::Month),
                    )
                    .to_owned(),
            )
            .await?;

        let month = match manager.get_database_backend() {
            DbBackend::Postgres => "to_char(s.dated_on, 'YYYY-MM')",
            _ => "substr(s.dated_on, 1, 7)",
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
                      ELSE '' END FROM statement s \
             ), \
             counted(statement_id, organization_id) AS ( \
               SELECT DISTINCT so.statement_id, up.ancestor_id FROM statement_organization so \
               JOIN up ON up.organization_id = so.organization_id \
               UNION ALL SELECT id, 0 FROM dated \
             ), \
             tagged(statement_id, topic_id) AS ( \
               SELECT statement_id, topic_id FROM statement_topic \
               UNION ALL SELECT id, 0 FROM dated \
             ) \
             INSERT INTO statement_tally (organization_id, topic_id, month, statements) \
             SELECT c.organization_id, t.topic_id, dated.month, COUNT(*) FROM dated \
             JOIN counted c ON c.statement_id = dated.id \
             JOIN tagged t ON t.statement_id = dated.id \
             GROUP BY c.organization_id, t.topic_id, dated.month"
        );
        manager
            .get_connection()
            .execute_unprepared(&backfill)
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(StatementTally::Table).to_owned())
            .await
    }
}
