//! A speaker's statements in date order straight from the index.
//!
//! `(speaker_id, id)` found a speaker's statements but not in the order
//! pages list them: for a speaker of a hundred thousand statements SQLite
//! read and sorted them all for every page. `(speaker_id, dated_on, id)`,
//! read forwards or backwards, gives them newest or oldest first and stops
//! at the page's end; it serves the lookups by speaker as before.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Statement {
    Table,
    SpeakerId,
    DatedOn,
    Id,
}

const OLD: &str = "ix_statement_speaker";
const NEW: &str = "ix_statement_speaker_dated";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(NEW)
                    .table(Statement::Table)
                    .col(Statement::SpeakerId)
                    .col(Statement::DatedOn)
                    .col(Statement::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(Index::drop().name(OLD).table(Statement::Table).to_owned())
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name(OLD)
                    .table(Statement::Table)
                    .col(Statement::SpeakerId)
                    .col(Statement::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(Index::drop().name(NEW).table(Statement::Table).to_owned())
            .await
    }
}
