//! Stance toward propositions (issue 17, part 4): a proposition belongs to
//! a topic, and has key phrases in English and Russian that stance
//! detection looks for in the statements on that topic.
//!
//! - `proposition.topic_id`: the topic whose statements can take a side on
//!   it; null for a proposition added without one (detection then skips it);
//! - `proposition_phrase`: one row per key phrase or keyword stem, in one
//!   language, as the registry writes it and folded (`text::fold`), which is
//!   what detection compares.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::DbBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Proposition {
    Table,
    Id,
    TopicId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Topic {
    Table,
    Id,
}

#[derive(DeriveIden, Clone, Copy)]
enum PropositionPhrase {
    Table,
    Id,
    PropositionId,
    Lang,
    Phrase,
    Folded,
}

const PHRASE_INDEX: &str = "ix_proposition_phrase_proposition";
const TOPIC_FK: &str = "fk_proposition_topic";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // SQLite cannot add a foreign key to an existing table: the column
        // is added plain there, with its key on PostgreSQL. The seeding and
        // the registry are the only writers, and they write known topics.
        let mut add_topic = big_integer_null(Proposition::TopicId);
        let mut alter = Table::alter();
        alter.table(Proposition::Table).add_column(&mut add_topic);
        if manager.get_database_backend() == DbBackend::Postgres {
            alter.add_foreign_key(
                TableForeignKey::new()
                    .name(TOPIC_FK)
                    .from_tbl(Proposition::Table)
                    .from_col(Proposition::TopicId)
                    .to_tbl(Topic::Table)
                    .to_col(Topic::Id)
                    .on_delete(ForeignKeyAction::SetNull),
            );
        }
        manager.alter_table(alter.to_owned()).await?;

        manager
            .create_table(
                Table::create()
                    .table(PropositionPhrase::Table)
                    .col(big_pk_auto(PropositionPhrase::Id))
                    .col(big_integer(PropositionPhrase::PropositionId))
                    .col(string(PropositionPhrase::Lang))
                    .col(string(PropositionPhrase::Phrase))
                    .col(string(PropositionPhrase::Folded))
                    .foreign_key(
                        ForeignKey::create()
                            .from(PropositionPhrase::Table, PropositionPhrase::PropositionId)
                            .to(Proposition::Table, Proposition::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name(PHRASE_INDEX)
                    .table(PropositionPhrase::Table)
                    .col(PropositionPhrase::PropositionId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PropositionPhrase::Table).to_owned())
            .await?;
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .alter_table(
                    Table::alter()
                        .table(Proposition::Table)
                        .drop_foreign_key(Alias::new(TOPIC_FK))
                        .to_owned(),
                )
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Proposition::Table)
                    .drop_column(Proposition::TopicId)
                    .to_owned(),
            )
            .await
    }
}
