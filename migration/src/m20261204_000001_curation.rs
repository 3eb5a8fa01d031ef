//! Curation: people review and correct statements (issue 16).
//!
//! - `statement.version` starts at 1 and grows with every change, so that an
//!   editor's update names the version it was made against and a change in
//!   between is refused rather than overwritten;
//! - `statement.review_status`: `unreviewed`, `confirmed` or `rejected`.
//!   Curated seed statements are confirmed, everything else stored so far
//!   (extracted, generated) unreviewed. Indexed with the date order, so a
//!   review queue (the newest unreviewed statements) reads its page from
//!   the index;
//! - `revision`: one row per change of a statement: when, by whom (the API
//!   key's name), what (`create`, `update`, `review`, `merge_speakers`) and
//!   the changed fields before and after, as JSON text;
//! - `speaker_merge`: a speaker merged into another leaves this row, so
//!   that the old id still leads to the kept speaker.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Statement {
    Table,
    Id,
    Version,
    ReviewStatus,
    DatedOn,
    Source,
}

#[derive(DeriveIden, Clone, Copy)]
enum Speaker {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum Revision {
    Table,
    Id,
    StatementId,
    Version,
    At,
    By,
    Action,
    Before,
    After,
    Note,
}

#[derive(DeriveIden, Clone, Copy)]
enum SpeakerMerge {
    Table,
    FromId,
    IntoId,
    At,
    By,
}

const REVIEW_INDEX: &str = "ix_statement_review_dated";
const REVISION_INDEX: &str = "ix_revision_statement";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one thing at a time.
        manager
            .alter_table(
                Table::alter()
                    .table(Statement::Table)
                    .add_column(integer(Statement::Version).default(1))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Statement::Table)
                    .add_column(string(Statement::ReviewStatus).default("unreviewed"))
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::update()
                    .table(Statement::Table)
                    .value(Statement::ReviewStatus, "confirmed")
                    .and_where(Expr::col(Statement::Source).eq("curated"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(REVIEW_INDEX)
                    .table(Statement::Table)
                    .col(Statement::ReviewStatus)
                    .col(Statement::DatedOn)
                    .col(Statement::Id)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Revision::Table)
                    .col(big_pk_auto(Revision::Id))
                    .col(big_integer(Revision::StatementId))
                    .col(integer(Revision::Version))
                    .col(timestamp_with_time_zone(Revision::At))
                    .col(string(Revision::By))
                    .col(string(Revision::Action))
                    .col(text(Revision::Before))
                    .col(text(Revision::After))
                    .col(text_null(Revision::Note))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Revision::Table, Revision::StatementId)
                            .to(Statement::Table, Statement::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(REVISION_INDEX)
                    .table(Revision::Table)
                    .col(Revision::StatementId)
                    .col(Revision::Id)
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(SpeakerMerge::Table)
                    .col(
                        ColumnDef::new(SpeakerMerge::FromId)
                            .big_integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(big_integer(SpeakerMerge::IntoId))
                    .col(timestamp_with_time_zone(SpeakerMerge::At))
                    .col(string(SpeakerMerge::By))
                    .foreign_key(
                        ForeignKey::create()
                            .from(SpeakerMerge::Table, SpeakerMerge::IntoId)
                            .to(Speaker::Table, Speaker::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(SpeakerMerge::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(Revision::Table).to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name(REVIEW_INDEX)
                    .table(Statement::Table)
                    .to_owned(),
            )
            .await?;
        for column in [Statement::ReviewStatus, Statement::Version] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Statement::Table)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}
