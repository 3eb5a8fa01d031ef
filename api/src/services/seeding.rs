//! Writing the seed corpus (`claimgraph-seeds`) into the database.
//!
//! Loading is one transaction and idempotent: rows with a stable key
//! (organizations, speakers and topics by key, documents by slug, curated
//! statements by their span in their document) are updated in place, so their
//! ids, and the global ids clients hold, survive a reload; the rows that hang
//! off them (aliases, affiliations, keywords, topic links, mentions) are
//! replaced. Statements are written through the store (`super::store`, the
//! one write path), which keeps their terms, topics, mentions and the tables
//! derived from them current. On PostgreSQL an advisory lock makes
//! concurrent loaders (several instances starting at once) take turns.

use std::collections::HashMap;

use anyhow::Context;
use chrono::Utc;
use entity::{
    affiliation, alias, document, kinds, organization, proposition, proposition_phrase, speaker,
    stance, statement, topic, topic_keyword,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction,
    DbBackend, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter, Set,
};
use seeds::corpus::{self, Corpus, EntityRef};
use seeds::date::{DatePrecision, PartialDate};
use sha2::{Digest, Sha256};

use super::store::{self, NewStatement, Subject};
use crate::config::{SeedMode, SeedScope};

/// The source recorded on curated statements.
pub use super::store::CURATED;

/// What a load wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SeedReport {
    pub organizations: usize,
    pub speakers: usize,
    pub topics: usize,
    pub propositions: usize,
    pub documents: usize,
    pub statements: usize,
    pub stances: usize,
}

/// Seeds at start-up as `mode` says: only into a database that lacks the data.
pub async fn seed_on_start(
    db: &DatabaseConnection,
    mode: SeedMode,
) -> anyhow::Result<Option<SeedReport>> {
    let scope = match mode {
        SeedMode::Never => return Ok(None),
        SeedMode::All if document::Entity::find().count(db).await? == 0 => SeedScope::All,
        SeedMode::Registry if topic::Entity::find().count(db).await? == 0 => SeedScope::Registry,
        SeedMode::All | SeedMode::Registry => return Ok(None),
    };
    load(db, scope).await.map(Some)
}

/// Loads (or reloads) the compiled-in corpus, in one transaction.
pub async fn load(db: &DatabaseConnection, scope: SeedScope) -> anyhow::Result<SeedReport> {
    let corpus = corpus::load().context("the seed corpus is invalid")?;
    let txn = crate::database::begin_write(db).await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        // Any constant works; it only has to be the same for every loader.
        txn.execute_unprepared("SELECT pg_advisory_xact_lock(7261104)")
            .await?;
    }
    let report = write(&txn, &corpus, scope).await?;
    // The registry's affiliations and organization tree were rewritten, which
    // may move what every statement (seeded, ingested or generated) counts
    // for: only a full rebuild is exact after that.
    store::rebuild(&txn).await?;
    txn.commit().await?;
    Ok(report)
}

async fn write(
    txn: &DatabaseTransaction,
    corpus: &Corpus,
    scope: SeedScope,
) -> anyhow::Result<SeedReport> {
    let mut report = SeedReport::default();
    let registry = &corpus.registry;

    let mut organization_ids: HashMap<&str, i64> = HashMap::new();
    for org in &registry.organizations {
        let parent_id = match &org.parent {
            Some(key) => Some(
                *organization_ids
                    .get(key.as_str())
                    .context("parent listed after child")?,
            ),
            None => None,
        };
        let existing = organization::Entity::find()
            .filter(organization::Column::Key.eq(&org.key))
            .one(txn)
            .await?;
        let mut row = match existing {
            Some(model) => model.into_active_model(),
            None => organization::ActiveModel {
                key: Set(org.key.clone()),
                ..Default::default()
            },
        };
        row.name = Set(org.name.clone());
        row.kind = Set(org.kind);
        row.country = Set(org.country.clone());
        row.parent_id = Set(parent_id);
        row.description = Set(org.description.clone());
        row.verified = Set(true);
        let saved = row.save(txn).await?;
        let id = saved.id.unwrap();
        organization_ids.insert(&org.key, id);
        alias::Entity::delete_many()
            .filter(alias::Column::OrganizationId.eq(id))
            .exec(txn)
            .await?;
        insert_aliases(txn, &org.aliases, None, Some(id)).await?;
        report.organizations += 1;
    }

    let mut speaker_ids: HashMap<&str, i64> = HashMap::new();
    for person in &registry.speakers {
        let existing = speaker::Entity::find()
            .filter(speaker::Column::Key.eq(&person.key))
            .one(txn)
            .await?;
        let mut row = match existing {
            Some(model) => model.into_active_model(),
            None => speaker::ActiveModel {
                key: Set(person.key.clone()),
                ..Default::default()
            },
        };
        row.name = Set(person.name.clone());
        row.kind = Set(person.kind);
        row.description = Set(person.description.clone());
        row.verified = Set(true);
        let saved = row.save(txn).await?;
        let id = saved.id.unwrap();
        speaker_ids.insert(&person.key, id);
        alias::Entity::delete_many()
            .filter(alias::Column::SpeakerId.eq(id))
            .exec(txn)
            .await?;
        insert_aliases(txn, &person.aliases, Some(id), None).await?;
        affiliation::Entity::delete_many()
            .filter(affiliation::Column::SpeakerId.eq(id))
            .exec(txn)
            .await?;
        for aff in &person.affiliations {
            let (valid_from, valid_from_precision) = split_date(aff.valid_from);
            let (valid_to, valid_to_precision) = split_date(aff.valid_to);
            affiliation::ActiveModel {
                speaker_id: Set(id),
                organization_id: Set(organization_ids[aff.organization.as_str()]),
                role: Set(aff.role.clone()),
                valid_from: Set(valid_from),
                valid_from_precision: Set(valid_from_precision),
                valid_to: Set(valid_to),
                valid_to_precision: Set(valid_to_precision),
                ..Default::default()
            }
            .insert(txn)
            .await?;
        }
        report.speakers += 1;
    }

    let mut topic_ids: HashMap<&str, i64> = HashMap::new();
    for t in &registry.topics {
        let existing = topic::Entity::find()
            .filter(topic::Column::Key.eq(&t.key))
            .one(txn)
            .await?;
        let mut row = match existing {
            Some(model) => model.into_active_model(),
            None => topic::ActiveModel {
                key: Set(t.key.clone()),
                ..Default::default()
            },
        };
        row.label_en = Set(t.label_en.clone());
        row.label_ru = Set(t.label_ru.clone());
        row.description = Set(t.description.clone());
        let saved = row.save(txn).await?;
        let id = saved.id.unwrap();
        topic_ids.insert(&t.key, id);
        topic_keyword::Entity::delete_many()
            .filter(topic_keyword::Column::TopicId.eq(id))
            .exec(txn)
            .await?;
        let keywords = t.keywords.iter().map(|k| topic_keyword::ActiveModel {
            topic_id: Set(id),
            lang: Set(k.lang.clone()),
            word: Set(k.word.clone()),
            folded: Set(text::fold(&k.word)),
            stemmed: Set(text::search_terms(&k.word).join(" ")),
            ..Default::default()
        });
        topic_keyword::Entity::insert_many(keywords)
            .exec(txn)
            .await?;
        report.topics += 1;
    }

    let mut proposition_ids: HashMap<&str, i64> = HashMap::new();
    for p in &registry.propositions {
        let existing = proposition::Entity::find()
            .filter(proposition::Column::Key.eq(&p.key))
            .one(txn)
            .await?;
        let mut row = match existing {
            Some(model) => model.into_active_model(),
            None => proposition::ActiveModel {
                key: Set(p.key.clone()),
                ..Default::default()
            },
        };
        row.text_en = Set(p.text_en.clone());
        row.text_ru = Set(p.text_ru.clone());
        row.topic_id = Set(Some(topic_ids[p.topic.as_str()]));
        let id = row.save(txn).await?.id.unwrap();
        proposition_ids.insert(&p.key, id);
        proposition_phrase::Entity::delete_many()
            .filter(proposition_phrase::Column::PropositionId.eq(id))
            .exec(txn)
            .await?;
        let phrases = p.phrases.iter().map(|k| proposition_phrase::ActiveModel {
            proposition_id: Set(id),
            lang: Set(k.lang.clone()),
            phrase: Set(k.word.clone()),
            folded: Set(super::stances::detect::words(&k.word).join(" ")),
            ..Default::default()
        });
        proposition_phrase::Entity::insert_many(phrases)
            .exec(txn)
            .await?;
        report.propositions += 1;
    }

    if scope == SeedScope::Registry {
        return Ok(report);
    }

    let now = entity::timestamps::now();
    for doc in &corpus.documents {
        let (published_on, published_precision) = split_date(doc.published);
        let existing = document::Entity::find()
            .filter(document::Column::Slug.eq(&doc.slug))
            .one(txn)
            .await?;
        let mut row = match existing {
            Some(model) => model.into_active_model(),
            None => document::ActiveModel {
                slug: Set(doc.slug.clone()),
                ingested_at: Set(now),
                created_at: Set(now),
                ..Default::default()
            },
        };
        row.title = Set(doc.title.clone());
        row.title_is_editorial = Set(doc.title_is_editorial);
        row.url = Set(doc.url.clone());
        row.outlet_id = Set(doc.outlet.as_deref().map(|key| organization_ids[key]));
        row.language = Set(doc.language.clone());
        row.published_on = Set(published_on);
        row.published_precision = Set(published_precision);
        row.body = Set(doc.body.clone());
        row.original = Set(doc.original.clone());
        row.content_hash = Set(content_hash(&doc.body));
        let document_id = row.save(txn).await?.id.unwrap();

        // Curated statements are upserted by span, through the store: the
        // ones stored at a span the corpus still has are replaced in place
        // (their ids survive), the others added, and those the corpus no
        // longer has removed.
        let mut existing: HashMap<(i32, i32), statement::Model> = statement::Entity::find()
            .filter(statement::Column::DocumentId.eq(document_id))
            .filter(statement::Column::Source.eq(CURATED))
            .all(txn)
            .await?
            .into_iter()
            .map(|s| ((s.span_start, s.span_end), s))
            .collect();
        let mut replaced = Vec::new();
        let mut added = Vec::new();
        let mut stances = Vec::new();
        let mut was_stored = Vec::new();
        for s in &doc.statements {
            let span = (to_i32(s.span_start)?, to_i32(s.span_end)?);
            let (said_on, said_precision) = split_date(s.said);
            let (dated_on, dated_precision) = match (said_on, published_on) {
                (Some(date), _) => (date, said_precision),
                (None, Some(date)) => (date, published_precision),
                (None, None) => (Utc::now().date_naive(), None),
            };
            let stored = existing.remove(&span);
            let statement = NewStatement {
                document_id,
                speaker_id: s.speaker.as_deref().map(|key| speaker_ids[key]),
                organization_id: s.organization.as_deref().map(|key| organization_ids[key]),
                kind: s.kind,
                text: s.text.clone(),
                span_start: span.0,
                span_end: span.1,
                language: s.language.clone(),
                said_on,
                said_precision,
                dated_on,
                dated_precision,
                source: CURATED.to_owned(),
                confidence: 1.0,
                created_at: stored.as_ref().map_or(now, |m| m.created_at),
                topic_ids: s.topics.iter().map(|key| topic_ids[key.as_str()]).collect(),
                about: s
                    .about
                    .iter()
                    .map(|about| match about {
                        EntityRef::Speaker(key) => Subject::Speaker(speaker_ids[key.as_str()]),
                        EntityRef::Organization(key) => {
                            Subject::Organization(organization_ids[key.as_str()])
                        }
                    })
                    .collect(),
            };
            stances.push(&s.stances);
            was_stored.push(stored.is_some());
            match stored {
                Some(model) => replaced.push((model.id, statement)),
                None => added.push(statement),
            }
            report.statements += 1;
        }
        let stale: Vec<i64> = existing.into_values().map(|s| s.id).collect();
        store::remove(txn, &stale).await?;
        store::replace(txn, &replaced).await?;
        let added_ids = store::add(txn, &added).await?;
        // The statements' ids in the corpus's order: each list was filled
        // in that order.
        let (mut replaced_ids, mut added_ids) =
            (replaced.iter().map(|(id, _)| *id), added_ids.into_iter());
        let statement_ids = was_stored
            .iter()
            .map(|&stored| {
                if stored {
                    replaced_ids.next()
                } else {
                    added_ids.next()
                }
            })
            .collect::<Option<Vec<i64>>>()
            .context("a statement of the corpus was not written")?;
        report.stances += write_stances(txn, &statement_ids, &stances, &proposition_ids).await?;
        report.documents += 1;
    }
    Ok(report)
}

/// Replaces the curated stances of a document's statements (`ids[i]` is
/// the statement whose stances are `stances[i]`) with the corpus's, each
/// taking the place of any stance the statement had on its proposition.
async fn write_stances(
    txn: &DatabaseTransaction,
    ids: &[i64],
    stances: &[&Vec<corpus::CuratedStance>],
    proposition_ids: &HashMap<&str, i64>,
) -> anyhow::Result<usize> {
    stance::Entity::delete_many()
        .filter(stance::Column::StatementId.is_in(ids.iter().copied()))
        .filter(stance::Column::Source.eq(CURATED))
        .exec(txn)
        .await?;
    let mut rows = Vec::new();
    for (id, list) in ids.iter().zip(stances) {
        for s in list.iter() {
            let proposition_id = proposition_ids[s.proposition.as_str()];
            stance::Entity::delete_many()
                .filter(stance::Column::StatementId.eq(*id))
                .filter(stance::Column::PropositionId.eq(proposition_id))
                .exec(txn)
                .await?;
            rows.push(stance::ActiveModel {
                statement_id: Set(*id),
                proposition_id: Set(proposition_id),
                polarity: Set(s.position),
                confidence: Set(1.0),
                source: Set(CURATED.to_owned()),
                ..Default::default()
            });
        }
    }
    let written = rows.len();
    if !rows.is_empty() {
        stance::Entity::insert_many(rows)
            .exec_without_returning(txn)
            .await?;
    }
    Ok(written)
}

async fn insert_aliases(
    txn: &DatabaseTransaction,
    aliases: &[corpus::Alias],
    speaker_id: Option<i64>,
    organization_id: Option<i64>,
) -> anyhow::Result<()> {
    let rows = aliases.iter().map(|a| alias::ActiveModel {
        speaker_id: Set(speaker_id),
        organization_id: Set(organization_id),
        name: Set(a.name.clone()),
        lang: Set(a.lang.clone()),
        folded: Set(a.folded.clone()),
        stemmed: Set(text::name_key(&a.name)),
        ..Default::default()
    });
    alias::Entity::insert_many(rows).exec(txn).await?;
    Ok(())
}

/// SHA-256 of a document body, in hex: the key under which a text is stored once.
pub fn content_hash(body: &str) -> String {
    format!("{:x}", Sha256::digest(body.as_bytes()))
}

fn to_i32(n: usize) -> anyhow::Result<i32> {
    i32::try_from(n).context("a span offset does not fit in 32 bits")
}

/// Splits a partial date into its stored columns.
pub fn split_date(
    date: Option<PartialDate>,
) -> (Option<chrono::NaiveDate>, Option<kinds::DatePrecision>) {
    match date {
        Some(d) => (
            Some(d.date),
            Some(match d.precision {
                DatePrecision::Day => kinds::DatePrecision::Day,
                DatePrecision::Month => kinds::DatePrecision::Month,
                DatePrecision::Year => kinds::DatePrecision::Year,
            }),
        ),
        None => (None, None),
    }
}
