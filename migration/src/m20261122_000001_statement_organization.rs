//! Which organizations each statement counts for, stored at write time.
//!
//! A statement counts for the organization it was made on behalf of and for
//! every organization its speaker was affiliated with on its date. Filtering
//! by organization used to test each dated affiliation of the organization's
//! subtree against every statement (a wide `OR` no index serves); with this
//! table it is one indexed `organization_id IN (subtree)` lookup. Ancestors
//! are not stored: the subtree is expanded at query time, as before.
//!
//! The backfill below is this migration's own copy of the rule, frozen here
//! so that the migration means the same thing later; the application keeps
//! the table current with `services::store`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::big_integer;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum StatementOrganization {
    Table,
    StatementId,
    OrganizationId,
}

#[derive(DeriveIden)]
enum Statement {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Organization {
    Table,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(StatementOrganization::Table)
                    .col(big_integer(StatementOrganization::StatementId))
                    .col(big_integer(StatementOrganization::OrganizationId))
                    .primary_key(
                        Index::create()
                            .col(StatementOrganization::StatementId)
                            .col(StatementOrganization::OrganizationId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                StatementOrganization::Table,
                                StatementOrganization::StatementId,
                            )
                            .to(Statement::Table, Statement::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(
                                StatementOrganization::Table,
                                StatementOrganization::OrganizationId,
                            )
                            .to(Organization::Table, Organization::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_statement_organization_organization")
                    .table(StatementOrganization::Table)
                    .col(StatementOrganization::OrganizationId)
                    .col(StatementOrganization::StatementId)
                    .to_owned(),
            )
            .await?;

        let last_day = match manager.get_database_backend() {
            DbBackend::Postgres => {
                "CASE a.valid_to_precision \
                   WHEN 'year' THEN (date_trunc('year', a.valid_to) + interval '1 year - 1 day')::date \
                   WHEN 'month' THEN (date_trunc('month', a.valid_to) + interval '1 month - 1 day')::date \
                   ELSE a.valid_to END"
            }
            _ => {
                "CASE a.valid_to_precision \
                   WHEN 'year' THEN date(a.valid_to, 'start of year', '+1 year', '-1 day') \
                   WHEN 'month' THEN date(a.valid_to, 'start of month', '+1 month', '-1 day') \
                   ELSE a.valid_to END"
            }
        };
        let backfill = format!(
            "INSERT INTO statement_organization (statement_id, organization_id) \
             SELECT s.id, s.organization_id FROM statement s WHERE s.organization_id IS NOT NULL \
             UNION \
             SELECT s.id, a.organization_id FROM statement s \
             JOIN affiliation a ON a.speaker_id = s.speaker_id \
             WHERE (a.valid_from IS NULL OR s.dated_on >= a.valid_from) \
               AND (a.valid_to IS NULL OR s.dated_on <= {last_day})"
        );
        manager
            .get_connection()
            .execute_unprepared(&backfill)
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(StatementOrganization::Table).to_owned())
            .await
    }
}
