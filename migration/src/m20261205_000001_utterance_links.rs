//! Utterances come into use: every statement belongs to one (alone, until
//! linking finds another report of the same act of saying). A statement
//! keeps how it joined its utterance (`link_method`: `same_language`,
//! `cross_language`, `curated`, `split`, `copy`; none while alone) and the
//! linker's score; an utterance keeps how many reports it has that are not
//! rejected (`report_count`), so that the most reported come first without
//! counting.
//!
//! Statements stored before this migration each get an utterance of their
//! own, numbered after the statement (the table stood empty); `claimgraph
//! link` then links them.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Utterance {
    Table,
    Id,
    ReportCount,
}

#[derive(DeriveIden)]
enum Statement {
    Table,
    LinkScore,
    LinkMethod,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Utterance::Table)
                    .add_column(
                        ColumnDef::new(Utterance::ReportCount)
                            .integer()
                            .not_null()
                            .default(1),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Statement::Table)
                    .add_column(ColumnDef::new(Statement::LinkScore).double().null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Statement::Table)
                    .add_column(ColumnDef::new(Statement::LinkMethod).string().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_utterance_report_count")
                    .table(Utterance::Table)
                    .col(Utterance::ReportCount)
                    .col(Utterance::Id)
                    .to_owned(),
            )
            .await?;
        let db = manager.get_connection();
        db.execute_unprepared(
            "INSERT INTO utterance (id, speaker_id, said_on, said_precision, report_count) \
             SELECT id, speaker_id, said_on, said_precision, \
             CASE WHEN review_status = 'rejected' THEN 0 ELSE 1 END \
             FROM statement WHERE utterance_id IS NULL",
        )
        .await?;
        db.execute_unprepared("UPDATE statement SET utterance_id = id WHERE utterance_id IS NULL")
            .await?;
        if manager.get_database_backend() == DbBackend::Postgres {
            db.execute_unprepared(
                "SELECT setval(pg_get_serial_sequence('utterance', 'id'), \
                 COALESCE((SELECT MAX(id) FROM utterance), 0) + 1, false)",
            )
            .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("UPDATE statement SET utterance_id = NULL")
            .await?;
        db.execute_unprepared("DELETE FROM utterance").await?;
        manager
            .drop_index(
                Index::drop()
                    .name("ix_utterance_report_count")
                    .table(Utterance::Table)
                    .to_owned(),
            )
            .await?;
        for column in [Statement::LinkScore, Statement::LinkMethod] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Statement::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Utterance::Table)
                    .drop_column(Utterance::ReportCount)
                    .to_owned(),
            )
            .await
    }
}
