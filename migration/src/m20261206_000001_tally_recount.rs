//! The tally leaves out the statements of reposted copies (documents with a
//! `copy_of_id`), as the default counts do: an article carried twice is
//! counted once. And it counts the statements that count for no
//! organization under organization -1, so that a count by organization
//! can be read from it whole. Existing rows are recounted from the
//! statements.
//!
//! The recount is this migration's own copy of the rule (as in
//! `m20261204_000004_statement_tally_years`), frozen here so that it means
//! the same thing later; the application keeps the table current with
//! `services::store`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        recount(manager, true).await
    }

    /// Back to counting copies like any other document, without the row
    /// of no organization.
    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        recount(manager, false).await
    }
}

/// Recounts the tally from the statements: by this migration's rule, or
/// (`false`) by the one before it.
async fn recount(manager: &SchemaManager<'_>, without_copies: bool) -> Result<(), DbErr> {
    let (month, year) = match manager.get_database_backend() {
        DbBackend::Postgres => (
            "to_char(s.dated_on, 'YYYY-MM')",
            "to_char(s.dated_on, 'YYYY')",
        ),
        _ => ("substr(s.dated_on, 1, 7)", "substr(s.dated_on, 1, 4)"),
    };
    let no_organization = if without_copies {
        "UNION ALL SELECT id, -1 FROM dated WHERE NOT EXISTS ( \
           SELECT 1 FROM statement_organization so WHERE so.statement_id = dated.id)"
    } else {
        ""
    };
    let copies = if without_copies {
        "AND s.document_id NOT IN (SELECT d.id FROM document d WHERE d.copy_of_id IS NOT NULL)"
    } else {
        ""
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
           FROM statement s WHERE s.review_status <> 'rejected' {copies} \
         ), \
         counted(statement_id, organization_id) AS ( \
           SELECT DISTINCT so.statement_id, up.ancestor_id FROM dated \
           JOIN statement_organization so ON so.statement_id = dated.id \
           JOIN up ON up.organization_id = so.organization_id \
           UNION ALL SELECT id, 0 FROM dated \
           {no_organization} \
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
