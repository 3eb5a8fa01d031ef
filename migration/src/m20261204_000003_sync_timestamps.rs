//! Sync by time: `created_at` and `updated_at` on statements, documents,
//! speakers and organizations, so that a client can ask what changed since
//! it last looked, and list by either.
//!
//! Rows stored before this migration get what is known: a statement's
//! `created_at` (it had one), a document's `ingested_at`, and for speakers
//! and organizations the time of the migration. Every column is NOT NULL.
//! SQLite adds a NOT NULL column only with a constant default, so each is
//! added with the migration time as its default (written as the
//! application writes times, RFC 3339, so that SQLite's text comparison of
//! them stays in time order) and then backfilled; PostgreSQL drops the
//! default again, SQLite cannot (the application always writes both).
//!
//! Indexes `(column, id)` serve the keyset pages of the new orders: the
//! statements by `updated_at` (the sync walk) and by `created_at`, the
//! documents by `created_at` and `updated_at` (by `published_on` the
//! first migration's index serves), the speakers and organizations by
//! `name`, `created_at` and `updated_at`.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Statement {
    Table,
    Id,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Document {
    Table,
    Id,
    IngestedAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Speaker {
    Table,
    Id,
    Name,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Organization {
    Table,
    Id,
    Name,
    CreatedAt,
    UpdatedAt,
}

/// `(table, column)` of every column this migration adds, and the column
/// existing rows take their value from (none: the migration time).
fn added() -> Vec<(DynIden, DynIden, Option<DynIden>)> {
    vec![
        (
            Statement::Table.into_iden(),
            Statement::UpdatedAt.into_iden(),
            Some(Statement::CreatedAt.into_iden()),
        ),
        (
            Document::Table.into_iden(),
            Document::CreatedAt.into_iden(),
            Some(Document::IngestedAt.into_iden()),
        ),
        (
            Document::Table.into_iden(),
            Document::UpdatedAt.into_iden(),
            Some(Document::IngestedAt.into_iden()),
        ),
        (
            Speaker::Table.into_iden(),
            Speaker::CreatedAt.into_iden(),
            None,
        ),
        (
            Speaker::Table.into_iden(),
            Speaker::UpdatedAt.into_iden(),
            None,
        ),
        (
            Organization::Table.into_iden(),
            Organization::CreatedAt.into_iden(),
            None,
        ),
        (
            Organization::Table.into_iden(),
            Organization::UpdatedAt.into_iden(),
            None,
        ),
    ]
}

/// `(name, table, columns)` of the indexes this migration creates.
fn indexes() -> Vec<(&'static str, DynIden, Vec<DynIden>)> {
    vec![
        (
            "ix_statement_updated",
            Statement::Table.into_iden(),
            vec![Statement::UpdatedAt.into_iden(), Statement::Id.into_iden()],
        ),
        (
            "ix_statement_created",
            Statement::Table.into_iden(),
            vec![Statement::CreatedAt.into_iden(), Statement::Id.into_iden()],
        ),
        (
            "ix_document_created",
            Document::Table.into_iden(),
            vec![Document::CreatedAt.into_iden(), Document::Id.into_iden()],
        ),
        (
            "ix_document_updated",
            Document::Table.into_iden(),
            vec![Document::UpdatedAt.into_iden(), Document::Id.into_iden()],
        ),
        (
            "ix_speaker_name",
            Speaker::Table.into_iden(),
            vec![Speaker::Name.into_iden(), Speaker::Id.into_iden()],
        ),
        (
            "ix_speaker_created",
            Speaker::Table.into_iden(),
            vec![Speaker::CreatedAt.into_iden(), Speaker::Id.into_iden()],
        ),
        (
            "ix_speaker_updated",
            Speaker::Table.into_iden(),
            vec![Speaker::UpdatedAt.into_iden(), Speaker::Id.into_iden()],
        ),
        (
            "ix_organization_name",
            Organization::Table.into_iden(),
            vec![Organization::Name.into_iden(), Organization::Id.into_iden()],
        ),
        (
            "ix_organization_created",
            Organization::Table.into_iden(),
            vec![
                Organization::CreatedAt.into_iden(),
                Organization::Id.into_iden(),
            ],
        ),
        (
            "ix_organization_updated",
            Organization::Table.into_iden(),
            vec![
                Organization::UpdatedAt.into_iden(),
                Organization::Id.into_iden(),
            ],
        ),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Microseconds, as PostgreSQL keeps them; RFC 3339, as the
        // application's driver writes times into SQLite.
        let now = chrono::Utc::now();
        let now = now
            .to_rfc3339_opts(chrono::SecondsFormat::Micros, false)
            .replace('\'', "");
        let postgres = manager.get_database_backend() == DbBackend::Postgres;
        for (table, column, from) in added() {
            // One column per statement: SQLite alters one thing at a time.
            manager
                .alter_table(
                    Table::alter()
                        .table(table.clone())
                        .add_column(
                            ColumnDef::new(column.clone())
                                .timestamp_with_time_zone()
                                .not_null()
                                .default(Expr::cust(format!("'{now}'"))),
                        )
                        .to_owned(),
                )
                .await?;
            if let Some(from) = from {
                manager
                    .exec_stmt(
                        Query::update()
                            .table(table.clone())
                            .value(column.clone(), Expr::col(from))
                            .to_owned(),
                    )
                    .await?;
            }
            if postgres {
                manager
                    .get_connection()
                    .execute_unprepared(&format!(
                        "ALTER TABLE \"{table}\" ALTER COLUMN \"{column}\" DROP DEFAULT"
                    ))
                    .await?;
            }
        }
        for (name, table, columns) in indexes() {
            let mut index = Index::create();
            index.name(name).table(table);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (name, table, _) in indexes().into_iter().rev() {
            manager
                .drop_index(Index::drop().name(name).table(table).to_owned())
                .await?;
        }
        for (table, column, _) in added().into_iter().rev() {
            manager
                .alter_table(Table::alter().table(table).drop_column(column).to_owned())
                .await?;
        }
        Ok(())
    }
}
