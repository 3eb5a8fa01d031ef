//! The search index's per-statement lookup carries the term too.
//!
//! A common search word is tested statement by statement while the newest
//! statements are walked in date order; with `(statement_id)` alone each
//! test read every term of the statement and filtered them, with
//! `(statement_id, term)` it is one index probe. Deleting a statement's terms
//! uses the same index.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum StatementTerm {
    Table,
    StatementId,
    Term,
}

const OLD: &str = "ix_statement_term_statement";
const NEW: &str = "ix_statement_term_statement_term";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(NEW)
                    .table(StatementTerm::Table)
                    .col(StatementTerm::StatementId)
                    .col(StatementTerm::Term)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name(OLD)
                    .table(StatementTerm::Table)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(OLD)
                    .table(StatementTerm::Table)
                    .col(StatementTerm::StatementId)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name(NEW)
                    .table(StatementTerm::Table)
                    .to_owned(),
            )
            .await
    }
}
