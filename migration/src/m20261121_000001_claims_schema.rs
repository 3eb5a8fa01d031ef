//! The claims schema: documents and their statements, who made them (speakers,
//! organizations, affiliations, aliases), what they are about (topics,
//! mentions), and the tables the roadmap needs from the start: utterances (one
//! thing said, reported by several statements across sources and languages)
//! and stances (a statement for or against a proposition).
//!
//! Every filter path of the query API has an index; the ones used for keyset
//! pagination end in `id`. `statement.dated_on` is the date a statement is
//! filed under (the date it was said, else its document's publication date,
//! else the day it was stored, for ordering only: `dated_precision` is then
//! null and date filters pass the statement by), so that date filters,
//! ordering and monthly counts need no join. `statement_term` is the full-text index: search terms
//! made by one tokenizer and stemmer in the application, so that SQLite and
//! PostgreSQL answer a search alike.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden, Clone, Copy)]
enum Organization {
    Table,
    Id,
    Key,
    Name,
    Kind,
    Country,
    ParentId,
    Description,
    Verified,
}

#[derive(DeriveIden, Clone, Copy)]
enum Speaker {
    Table,
    Id,
    Key,
    Name,
    Kind,
    Description,
    Verified,
}

#[derive(DeriveIden, Clone, Copy)]
enum Affiliation {
    Table,
    Id,
    SpeakerId,
    OrganizationId,
    Role,
    ValidFrom,
    ValidFromPrecision,
    ValidTo,
    ValidToPrecision,
}

#[derive(DeriveIden, Clone, Copy)]
enum Alias {
    Table,
    Id,
    SpeakerId,
    OrganizationId,
    Name,
    Lang,
    Folded,
    Stemmed,
}

#[derive(DeriveIden, Clone, Copy)]
enum Topic {
    Table,
    Id,
    Key,
    LabelEn,
    LabelRu,
    Description,
}

#[derive(DeriveIden, Clone, Copy)]
enum TopicKeyword {
    Table,
    Id,
    TopicId,
    Lang,
    Word,
    Folded,
    Stemmed,
}

#[derive(DeriveIden, Clone, Copy)]
enum Document {
    Table,
    Id,
    Slug,
    Title,
    TitleIsEditorial,
    Url,
    OutletId,
    Language,
    PublishedOn,
    PublishedPrecision,
    Body,
    Original,
    ContentHash,
    IngestedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum Utterance {
    Table,
    Id,
    SpeakerId,
    SaidOn,
    SaidPrecision,
}

#[derive(DeriveIden, Clone, Copy)]
enum Statement {
    Table,
    Id,
    DocumentId,
    SpeakerId,
    OrganizationId,
    UtteranceId,
    Kind,
    Text,
    SpanStart,
    SpanEnd,
    Language,
    SaidOn,
    SaidPrecision,
    DatedOn,
    DatedPrecision,
    Source,
    Confidence,
    CreatedAt,
}

#[derive(DeriveIden, Clone, Copy)]
enum StatementTerm {
    Table,
    Term,
    StatementId,
}

#[derive(DeriveIden, Clone, Copy)]
enum StatementTopic {
    Table,
    StatementId,
    TopicId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Mention {
    Table,
    Id,
    StatementId,
    SpeakerId,
    OrganizationId,
}

#[derive(DeriveIden, Clone, Copy)]
enum Proposition {
    Table,
    Id,
    Key,
    TextEn,
    TextRu,
}

#[derive(DeriveIden, Clone, Copy)]
enum Stance {
    Table,
    Id,
    StatementId,
    PropositionId,
    Polarity,
    Confidence,
    Source,
}

/// The primary key column every table shares.
#[derive(DeriveIden, Clone, Copy)]
struct Id;

/// A foreign key from `table.column` to `target.id`.
fn fk(
    table: impl IntoIden + Clone + 'static,
    column: impl IntoIden + Clone + 'static,
    target: impl IntoIden + Clone + 'static,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, column)
        .to(target, Id)
        .on_delete(on_delete)
        .to_owned()
}

/// An index named after its table and columns.
fn index(
    table: impl IntoIden + Clone + 'static,
    name: &str,
    columns: Vec<DynIden>,
) -> IndexCreateStatement {
    let mut stmt = Index::create();
    stmt.name(name).table(table);
    for c in columns {
        stmt.col(c);
    }
    stmt.to_owned()
}

/// Exactly one of a speaker and an organization: the owner of an alias, the subject of a mention.
fn speaker_xor_organization() -> SimpleExpr {
    Expr::cust("(speaker_id IS NULL) <> (organization_id IS NULL)")
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict, SetNull};

        manager
            .create_table(
                Table::create()
                    .table(Organization::Table)
                    .col(big_pk_auto(Organization::Id))
                    .col(string_uniq(Organization::Key))
                    .col(string(Organization::Name))
                    .col(string(Organization::Kind))
                    .col(char_len_null(Organization::Country, 2))
                    .col(big_integer_null(Organization::ParentId))
                    .col(text_null(Organization::Description))
                    .col(boolean(Organization::Verified).default(true))
                    .foreign_key(&mut fk(
                        Organization::Table,
                        Organization::ParentId,
                        Organization::Table,
                        Restrict,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Speaker::Table)
                    .col(big_pk_auto(Speaker::Id))
                    .col(string_uniq(Speaker::Key))
                    .col(string(Speaker::Name))
                    .col(string(Speaker::Kind))
                    .col(text_null(Speaker::Description))
                    .col(boolean(Speaker::Verified).default(true))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Affiliation::Table)
                    .col(big_pk_auto(Affiliation::Id))
                    .col(big_integer(Affiliation::SpeakerId))
                    .col(big_integer(Affiliation::OrganizationId))
                    .col(string(Affiliation::Role))
                    .col(date_null(Affiliation::ValidFrom))
                    .col(string_null(Affiliation::ValidFromPrecision))
                    .col(date_null(Affiliation::ValidTo))
                    .col(string_null(Affiliation::ValidToPrecision))
                    .foreign_key(&mut fk(
                        Affiliation::Table,
                        Affiliation::SpeakerId,
                        Speaker::Table,
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        Affiliation::Table,
                        Affiliation::OrganizationId,
                        Organization::Table,
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Alias::Table)
                    .col(big_pk_auto(Alias::Id))
                    .col(big_integer_null(Alias::SpeakerId))
                    .col(big_integer_null(Alias::OrganizationId))
                    .col(string(Alias::Name))
                    .col(string_len_null(Alias::Lang, 8))
                    .col(string(Alias::Folded))
                    .col(string(Alias::Stemmed))
                    .check(speaker_xor_organization())
                    .foreign_key(&mut fk(
                        Alias::Table,
                        Alias::SpeakerId,
                        Speaker::Table,
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        Alias::Table,
                        Alias::OrganizationId,
                        Organization::Table,
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Topic::Table)
                    .col(big_pk_auto(Topic::Id))
                    .col(string_uniq(Topic::Key))
                    .col(string(Topic::LabelEn))
                    .col(string(Topic::LabelRu))
                    .col(text_null(Topic::Description))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(TopicKeyword::Table)
                    .col(big_pk_auto(TopicKeyword::Id))
                    .col(big_integer(TopicKeyword::TopicId))
                    .col(string_len(TopicKeyword::Lang, 8))
                    .col(string(TopicKeyword::Word))
                    .col(string(TopicKeyword::Folded))
                    .col(string(TopicKeyword::Stemmed))
                    .foreign_key(&mut fk(
                        TopicKeyword::Table,
                        TopicKeyword::TopicId,
                        Topic::Table,
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Document::Table)
                    .col(big_pk_auto(Document::Id))
                    .col(string_uniq(Document::Slug))
                    .col(text(Document::Title))
                    .col(boolean(Document::TitleIsEditorial).default(false))
                    .col(text_null(Document::Url))
                    .col(big_integer_null(Document::OutletId))
                    .col(string_len(Document::Language, 8))
                    .col(date_null(Document::PublishedOn))
                    .col(string_null(Document::PublishedPrecision))
                    .col(text(Document::Body))
                    .col(text(Document::Original))
                    .col(string_uniq(Document::ContentHash))
                    .col(timestamp_with_time_zone(Document::IngestedAt))
                    .foreign_key(&mut fk(
                        Document::Table,
                        Document::OutletId,
                        Organization::Table,
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Utterance::Table)
                    .col(big_pk_auto(Utterance::Id))
                    .col(big_integer_null(Utterance::SpeakerId))
                    .col(date_null(Utterance::SaidOn))
                    .col(string_null(Utterance::SaidPrecision))
                    .foreign_key(&mut fk(
                        Utterance::Table,
                        Utterance::SpeakerId,
                        Speaker::Table,
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Statement::Table)
                    .col(big_pk_auto(Statement::Id))
                    .col(big_integer(Statement::DocumentId))
                    .col(big_integer_null(Statement::SpeakerId))
                    .col(big_integer_null(Statement::OrganizationId))
                    .col(big_integer_null(Statement::UtteranceId))
                    .col(string(Statement::Kind))
                    .col(text(Statement::Text))
                    .col(integer(Statement::SpanStart))
                    .col(integer(Statement::SpanEnd))
                    .col(string_len(Statement::Language, 8))
                    .col(date_null(Statement::SaidOn))
                    .col(string_null(Statement::SaidPrecision))
                    .col(date(Statement::DatedOn))
                    .col(string_null(Statement::DatedPrecision))
                    .col(string(Statement::Source))
                    .col(double(Statement::Confidence))
                    .col(timestamp_with_time_zone(Statement::CreatedAt))
                    .check(Expr::cust(
                        "span_start >= 0 AND span_end > span_start AND confidence >= 0 AND confidence <= 1",
                    ))
                    .foreign_key(&mut fk(
                        Statement::Table,
                        Statement::DocumentId,
                        Document::Table,
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        Statement::Table,
                        Statement::SpeakerId,
                        Speaker::Table,
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        Statement::Table,
                        Statement::OrganizationId,
                        Organization::Table,
                        Restrict,
                    ))
                    .foreign_key(&mut fk(
                        Statement::Table,
                        Statement::UtteranceId,
                        Utterance::Table,
                        SetNull,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(StatementTopic::Table)
                    .col(big_integer(StatementTopic::StatementId))
                    .col(big_integer(StatementTopic::TopicId))
                    .primary_key(
                        Index::create()
                            .col(StatementTopic::StatementId)
                            .col(StatementTopic::TopicId),
                    )
                    .foreign_key(&mut fk(
                        StatementTopic::Table,
                        StatementTopic::StatementId,
                        Statement::Table,
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        StatementTopic::Table,
                        StatementTopic::TopicId,
                        Topic::Table,
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(StatementTerm::Table)
                    .col(string(StatementTerm::Term))
                    .col(big_integer(StatementTerm::StatementId))
                    .primary_key(
                        Index::create()
                            .col(StatementTerm::Term)
                            .col(StatementTerm::StatementId),
                    )
                    .foreign_key(&mut fk(
                        StatementTerm::Table,
                        StatementTerm::StatementId,
                        Statement::Table,
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Mention::Table)
                    .col(big_pk_auto(Mention::Id))
                    .col(big_integer(Mention::StatementId))
                    .col(big_integer_null(Mention::SpeakerId))
                    .col(big_integer_null(Mention::OrganizationId))
                    .check(speaker_xor_organization())
                    .foreign_key(&mut fk(
                        Mention::Table,
                        Mention::StatementId,
                        Statement::Table,
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        Mention::Table,
                        Mention::SpeakerId,
                        Speaker::Table,
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        Mention::Table,
                        Mention::OrganizationId,
                        Organization::Table,
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Proposition::Table)
                    .col(big_pk_auto(Proposition::Id))
                    .col(string_uniq(Proposition::Key))
                    .col(text(Proposition::TextEn))
                    .col(text(Proposition::TextRu))
                    .to_owned(),
            )
            .await?;

        manager
            .create_table(
                Table::create()
                    .table(Stance::Table)
                    .col(big_pk_auto(Stance::Id))
                    .col(big_integer(Stance::StatementId))
                    .col(big_integer(Stance::PropositionId))
                    .col(string(Stance::Polarity))
                    .col(double(Stance::Confidence))
                    .col(string(Stance::Source))
                    .foreign_key(&mut fk(
                        Stance::Table,
                        Stance::StatementId,
                        Statement::Table,
                        Cascade,
                    ))
                    .foreign_key(&mut fk(
                        Stance::Table,
                        Stance::PropositionId,
                        Proposition::Table,
                        Cascade,
                    ))
                    .to_owned(),
            )
            .await?;

        let indexes = [
            index(
                Organization::Table,
                "ix_organization_parent",
                vec![Organization::ParentId.into_iden()],
            ),
            index(
                Affiliation::Table,
                "ix_affiliation_speaker",
                vec![Affiliation::SpeakerId.into_iden()],
            ),
            index(
                Affiliation::Table,
                "ix_affiliation_organization",
                vec![Affiliation::OrganizationId.into_iden()],
            ),
            index(
                Alias::Table,
                "ix_alias_folded",
                vec![Alias::Folded.into_iden()],
            ),
            index(
                Alias::Table,
                "ix_alias_stemmed",
                vec![Alias::Stemmed.into_iden()],
            ),
            index(
                Alias::Table,
                "ix_alias_speaker",
                vec![Alias::SpeakerId.into_iden()],
            ),
            index(
                Alias::Table,
                "ix_alias_organization",
                vec![Alias::OrganizationId.into_iden()],
            ),
            index(
                TopicKeyword::Table,
                "ix_topic_keyword_folded",
                vec![TopicKeyword::Folded.into_iden()],
            ),
            index(
                TopicKeyword::Table,
                "ix_topic_keyword_topic",
                vec![TopicKeyword::TopicId.into_iden()],
            ),
            index(
                Document::Table,
                "ix_document_published",
                vec![Document::PublishedOn.into_iden(), Document::Id.into_iden()],
            ),
            index(
                Document::Table,
                "ix_document_language",
                vec![Document::Language.into_iden(), Document::Id.into_iden()],
            ),
            index(
                Document::Table,
                "ix_document_outlet",
                vec![Document::OutletId.into_iden()],
            ),
            index(
                Statement::Table,
                "ix_statement_document",
                vec![
                    Statement::DocumentId.into_iden(),
                    Statement::SpanStart.into_iden(),
                ],
            ),
            index(
                Statement::Table,
                "ix_statement_speaker",
                vec![Statement::SpeakerId.into_iden(), Statement::Id.into_iden()],
            ),
            index(
                Statement::Table,
                "ix_statement_organization",
                vec![
                    Statement::OrganizationId.into_iden(),
                    Statement::Id.into_iden(),
                ],
            ),
            index(
                Statement::Table,
                "ix_statement_language",
                vec![Statement::Language.into_iden(), Statement::Id.into_iden()],
            ),
            index(
                Statement::Table,
                "ix_statement_dated",
                vec![Statement::DatedOn.into_iden(), Statement::Id.into_iden()],
            ),
            index(
                StatementTerm::Table,
                "ix_statement_term_statement",
                vec![StatementTerm::StatementId.into_iden()],
            ),
            index(
                Statement::Table,
                "ix_statement_kind",
                vec![Statement::Kind.into_iden(), Statement::Id.into_iden()],
            ),
            index(
                Statement::Table,
                "ix_statement_utterance",
                vec![Statement::UtteranceId.into_iden()],
            ),
            index(
                StatementTopic::Table,
                "ix_statement_topic_topic",
                vec![
                    StatementTopic::TopicId.into_iden(),
                    StatementTopic::StatementId.into_iden(),
                ],
            ),
            index(
                Mention::Table,
                "ix_mention_statement",
                vec![Mention::StatementId.into_iden()],
            ),
            index(
                Mention::Table,
                "ix_mention_speaker",
                vec![
                    Mention::SpeakerId.into_iden(),
                    Mention::StatementId.into_iden(),
                ],
            ),
            index(
                Mention::Table,
                "ix_mention_organization",
                vec![
                    Mention::OrganizationId.into_iden(),
                    Mention::StatementId.into_iden(),
                ],
            ),
            index(
                Stance::Table,
                "ix_stance_statement_proposition",
                vec![
                    Stance::StatementId.into_iden(),
                    Stance::PropositionId.into_iden(),
                ],
            )
            .unique()
            .to_owned(),
            index(
                Stance::Table,
                "ix_stance_proposition",
                vec![
                    Stance::PropositionId.into_iden(),
                    Stance::Polarity.into_iden(),
                ],
            ),
        ];
        for stmt in indexes {
            manager.create_index(stmt).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // Children before parents, so that no foreign key is left dangling.
        let tables: [DynIden; 14] = [
            Stance::Table.into_iden(),
            Proposition::Table.into_iden(),
            Mention::Table.into_iden(),
            StatementTerm::Table.into_iden(),
            StatementTopic::Table.into_iden(),
            Statement::Table.into_iden(),
            Utterance::Table.into_iden(),
            Document::Table.into_iden(),
            TopicKeyword::Table.into_iden(),
            Topic::Table.into_iden(),
            Alias::Table.into_iden(),
            Affiliation::Table.into_iden(),
            Speaker::Table.into_iden(),
            Organization::Table.into_iden(),
        ];
        for table in tables {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
