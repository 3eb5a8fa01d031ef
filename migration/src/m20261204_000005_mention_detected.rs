//! Mentions say where they come from: `detected` rows were found by the
//! store in the statement's text (an alias of a registry speaker or
//! organization), the others were given by a person or the seed corpus.
//! Mentions stored before this migration by ingestion were detected, and
//! are marked so; `claimgraph link` detects the rest again.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Mention {
    Table,
    Detected,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Mention::Table)
                    .add_column(
                        ColumnDef::new(Mention::Detected)
                            .boolean()
                            .not_null()
                            .default(false),
                    )
                    .to_owned(),
            )
            .await?;
        // Ingestion's mentions were found in the text; curated and edited
        // statements' were given.
        manager
            .get_connection()
            .execute_unprepared(
                "UPDATE mention SET detected = TRUE WHERE statement_id IN \
                 (SELECT id FROM statement WHERE source NOT IN ('curated', 'editor'))",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Mention::Table)
                    .drop_column(Mention::Detected)
                    .to_owned(),
            )
            .await
    }
}
