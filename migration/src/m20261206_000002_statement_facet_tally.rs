//! Statements counted by organization, topic and one of speaker, language,
//! kind and review status, kept at write time beside `statement_tally`
//! (the explorer's facets by those dimensions counted half the corpus at a
//! million statements: 0.4 to 1.1 s each).
//!
//! Organization 0 and -1, topic 0 and -1 mean what they mean in
//! `statement_tally`; a statement with no speaker has the value ''. The
//! table has no foreign keys.
//!
//! The backfill is this migration's own copy of the rule, frozen here so that
//! the migration means the same thing later; the application keeps the table
//! current with `services::store`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::{big_integer, string};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum StatementFacetTally {
    Table,
    OrganizationId,
    TopicId,
    Facet,
    Value,
    Statements,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use StatementFacetTally as T;
        manager
            .create_table(
                Table::create()
                    .table(T::Table)
                    .col(big_integer(T::OrganizationId))
                    .col(big_integer(T::TopicId))
                    .col(string(T::Facet))
                    .col(string(T::Value))
                    .col(big_integer(T::Statements))
                    .primary_key(
                        Index::create()
                            .col(T::OrganizationId)
                            .col(T::TopicId)
                            .col(T::Facet)
                            .col(T::Value),
                    )
                    .to_owned(),
            )
            .await?;

        let backfill = "WITH RECURSIVE up(organization_id, ancestor_id) AS ( \
               SELECT id, id FROM organization \
               UNION \
               SELECT up.organization_id, o.parent_id FROM up \
               JOIN organization o ON o.id = up.ancestor_id WHERE o.parent_id IS NOT NULL \
             ), \
             scope(id, speaker, language, kind, review_status) AS ( \
               SELECT s.id, COALESCE(CAST(s.speaker_id AS TEXT), ''), s.language, s.kind, \
                      s.review_status \
               FROM statement s WHERE s.review_status <> 'rejected' \
                 AND s.document_id NOT IN (SELECT d.id FROM document d WHERE d.copy_of_id IS NOT NULL) \
             ), \
             counted(statement_id, organization_id) AS ( \
               SELECT DISTINCT so.statement_id, up.ancestor_id FROM scope \
               JOIN statement_organization so ON so.statement_id = scope.id \
               JOIN up ON up.organization_id = so.organization_id \
               UNION ALL SELECT id, 0 FROM scope \
               UNION ALL SELECT id, -1 FROM scope WHERE NOT EXISTS ( \
                 SELECT 1 FROM statement_organization so WHERE so.statement_id = scope.id) \
             ), \
             tagged(statement_id, topic_id) AS ( \
               SELECT st.statement_id, st.topic_id FROM scope \
               JOIN statement_topic st ON st.statement_id = scope.id \
               UNION ALL SELECT id, 0 FROM scope \
               UNION ALL SELECT id, -1 FROM scope WHERE NOT EXISTS ( \
                 SELECT 1 FROM statement_topic st WHERE st.statement_id = scope.id) \
             ), \
             faceted(statement_id, facet, value) AS ( \
               SELECT id, 'speaker', speaker FROM scope \
               UNION ALL SELECT id, 'language', language FROM scope \
               UNION ALL SELECT id, 'kind', kind FROM scope \
               UNION ALL SELECT id, 'review_status', review_status FROM scope \
             ) \
             INSERT INTO statement_facet_tally (organization_id, topic_id, facet, value, statements) \
             SELECT c.organization_id, t.topic_id, f.facet, f.value, COUNT(*) FROM scope \
             JOIN counted c ON c.statement_id = scope.id \
             JOIN tagged t ON t.statement_id = scope.id \
             JOIN faceted f ON f.statement_id = scope.id \
             GROUP BY c.organization_id, t.topic_id, f.facet, f.value";
        manager
            .get_connection()
            .execute_unprepared(backfill)
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(StatementFacetTally::Table).to_owned())
            .await
    }
}
