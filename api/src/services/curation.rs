//! Curation: people review and correct what extraction proposed.
//!
//! Each operation is one transaction. Statements change only through the
//! store (`super::store`, the one write path), which keeps their derived
//! tables current and bumps their version; each change a person makes to
//! a statement is recorded in its history (`store::history`) in the same
//! transaction, under the name of the key that made it. Bad input (an
//! unknown id, a span outside the body or inside a word, a merge of a
//! speaker into itself, an affiliation ending before it starts) is refused
//! with [`Error::BadInput`] before anything is written; a statement that
//! changed since the version an update names is refused with
//! [`Error::Conflict`].

use std::collections::HashSet;

use chrono::{NaiveDate, Utc};
use entity::kinds::{OrganizationKind, ReviewStatus, SpeakerKind, StatementKind};
use entity::{
    affiliation, alias, document, mention, organization, speaker, speaker_merge, statement, topic,
    utterance,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QuerySelect, Set,
};
use seeds::date::PartialDate;

use super::Error;
use super::ids::{NodeRef, NodeType};
use super::seeding::split_date;
use super::store::history::{self, Action, Change, fields};
use super::store::{self, EDITED, NewStatement, Subject};
use crate::database::begin_write;

/// A place in a document body, in code points, as the client gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start: i64,
    pub end: i64,
}

/// What an update changes; a field left `None` stays as it is. The inner
/// `None` of `speaker`, `organization` and `said_on` clears the field.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StatementEdit {
    pub speaker: Option<Option<i64>>,
    pub organization: Option<Option<i64>>,
    pub kind: Option<StatementKind>,
    pub topics: Option<Vec<i64>>,
    pub about: Option<Vec<Subject>>,
    pub said_on: Option<Option<PartialDate>>,
    pub span: Option<Span>,
}

/// A statement a person marks in a document: its text is the body at the span.
#[derive(Debug, Clone, PartialEq)]
pub struct StatementDraft {
    pub document_id: i64,
    pub span: Span,
    pub speaker: Option<i64>,
    pub organization: Option<i64>,
    pub kind: StatementKind,
    pub topics: Vec<i64>,
    pub about: Vec<Subject>,
    pub said_on: Option<PartialDate>,
}

/// What a statement operation changed: the statement, and whether anything
/// was written (an update that changes nothing writes nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub id: i64,
    pub changed: bool,
}

/// The text of `body` at `span`, refused when the span is empty, outside
/// the body, or starts or ends inside a word.
pub fn text_at(body: &str, span: Span) -> Result<String, Error> {
    let chars: Vec<char> = body.chars().collect();
    let length = chars.len() as i64;
    let Span { start, end } = span;
    if start < 0 || end <= start {
        return Err(Error::BadInput(format!(
            "`span`: {{start: {start}, end: {end}}} is not a span: it needs 0 <= start < end"
        )));
    }
    if end > length {
        return Err(Error::BadInput(format!(
            "`span`: {{start: {start}, end: {end}}} lies outside the document body, which has {length} code points"
        )));
    }
    let (start, end) = (start as usize, end as usize);
    let word = |c: char| c.is_alphanumeric();
    if start > 0 && word(chars[start - 1]) && word(chars[start]) {
        return Err(Error::BadInput(format!(
            "`span`: it starts inside a word (at {start}, within {:?})",
            around(&chars, start)
        )));
    }
    if end < chars.len() && word(chars[end - 1]) && word(chars[end]) {
        return Err(Error::BadInput(format!(
            "`span`: it ends inside a word (at {end}, within {:?})",
            around(&chars, end)
        )));
    }
    let text: String = chars[start..end].iter().collect();
    if !text.chars().any(word) {
        return Err(Error::BadInput(
            "`span`: the text there has no words".to_owned(),
        ));
    }
    Ok(text)
}

/// The word around position `at`, for messages.
fn around(chars: &[char], at: usize) -> String {
    let word = |c: &char| c.is_alphanumeric();
    let from = chars[..at]
        .iter()
        .rposition(|c| !word(c))
        .map_or(0, |i| i + 1);
    let to = chars[at..]
        .iter()
        .position(|c| !word(c))
        .map_or(chars.len(), |i| at + i);
    chars[from..to].iter().collect()
}

fn span_columns(span: Span) -> Result<(i32, i32), Error> {
    let convert = |n: i64| {
        i32::try_from(n).map_err(|_| Error::BadInput("`span`: offsets out of range".to_owned()))
    };
    Ok((convert(span.start)?, convert(span.end)?))
}

/// The speaker `id` names: a stored one, or the one a merged speaker went
/// into.
pub async fn live_speaker(conn: &impl ConnectionTrait, id: i64) -> Result<Option<i64>, Error> {
    if speaker::Entity::find_by_id(id).count(conn).await? > 0 {
        return Ok(Some(id));
    }
    Ok(speaker_merge::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(|m| m.into_id))
}

/// [`live_speaker`] for many ids in two queries: each id that names a
/// speaker, or a speaker merged into another, mapped to the speaker that
/// answers for it now. Ids that name neither are left out.
pub async fn live_speakers(
    conn: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<std::collections::HashMap<i64, i64>, Error> {
    let mut live: std::collections::HashMap<i64, i64> = speaker::Entity::find()
        .select_only()
        .column(speaker::Column::Id)
        .filter(speaker::Column::Id.is_in(ids.iter().copied()))
        .into_tuple::<i64>()
        .all(conn)
        .await?
        .into_iter()
        .map(|id| (id, id))
        .collect();
    let merged: Vec<i64> = ids
        .iter()
        .copied()
        .filter(|id| !live.contains_key(id))
        .collect();
    if !merged.is_empty() {
        for merge in speaker_merge::Entity::find()
            .filter(speaker_merge::Column::FromId.is_in(merged))
            .all(conn)
            .await?
        {
            live.insert(merge.from_id, merge.into_id);
        }
    }
    Ok(live)
}

async fn known_speaker(conn: &impl ConnectionTrait, field: &str, id: i64) -> Result<i64, Error> {
    live_speaker(conn, id)
        .await?
        .ok_or_else(|| Error::BadInput(format!("`{field}`: no speaker has this id")))
}

async fn known_organization(
    conn: &impl ConnectionTrait,
    field: &str,
    id: i64,
) -> Result<i64, Error> {
    if organization::Entity::find_by_id(id).count(conn).await? == 0 {
        return Err(Error::BadInput(format!(
            "`{field}`: no organization has this id"
        )));
    }
    Ok(id)
}

async fn known_topics(conn: &impl ConnectionTrait, ids: &[i64]) -> Result<Vec<i64>, Error> {
    let mut unique: Vec<i64> = ids.to_vec();
    unique.sort_unstable();
    unique.dedup();
    let found = topic::Entity::find()
        .filter(topic::Column::Id.is_in(unique.iter().copied()))
        .count(conn)
        .await?;
    if found != unique.len() as u64 {
        return Err(Error::BadInput("`topics`: an id names no topic".to_owned()));
    }
    Ok(unique)
}

async fn known_subjects(
    conn: &impl ConnectionTrait,
    subjects: &[Subject],
) -> Result<Vec<Subject>, Error> {
    let mut out = Vec::with_capacity(subjects.len());
    for subject in subjects {
        let known = match *subject {
            Subject::Speaker(id) => Subject::Speaker(known_speaker(conn, "about", id).await?),
            Subject::Organization(id) => {
                Subject::Organization(known_organization(conn, "about", id).await?)
            }
        };
        if !out.contains(&known) {
            out.push(known);
        }
    }
    Ok(out)
}

/// The date a statement is filed under: when it was said, else its
/// document's publication date, else (with no precision) `fallback`.
fn dated(
    said_on: Option<PartialDate>,
    document: &document::Model,
    fallback: NaiveDate,
) -> (NaiveDate, Option<entity::kinds::DatePrecision>) {
    let (said, said_precision) = split_date(said_on);
    match (said, document.published_on) {
        (Some(date), _) => (date, said_precision),
        (None, Some(date)) => (date, document.published_precision),
        (None, None) => (fallback, None),
    }
}

async fn document(conn: &impl ConnectionTrait, id: i64) -> Result<document::Model, Error> {
    document::Entity::find_by_id(id)
        .one(conn)
        .await?
        .ok_or_else(|| Error::BadInput("`documentId`: no document has this id".to_owned()))
}

/// Changes a statement, if it is still at `expected_version`.
pub async fn update_statement(
    db: &DatabaseConnection,
    by: &str,
    id: i64,
    expected_version: i32,
    edit: StatementEdit,
) -> Result<Written, Error> {
    let txn = begin_write(db).await?;
    store::serialize(&txn).await?;
    let Some(row) = store::lock(&txn, id).await? else {
        return Err(Error::BadInput("`id`: no statement has this id".to_owned()));
    };
    if row.version != expected_version {
        return Err(Error::Conflict {
            message: format!(
                "the statement changed since version {expected_version}: it is at version {}; read it again and redo the change",
                row.version
            ),
            current_version: row.version,
        });
    }
    let before = store::get(&txn, id)
        .await?
        .ok_or_else(|| Error::NotFound("the statement is gone".to_owned()))?;
    let mut after = before.clone();
    if let Some(speaker) = edit.speaker {
        after.speaker_id = match speaker {
            Some(id) => Some(known_speaker(&txn, "speaker", id).await?),
            None => None,
        };
    }
    if let Some(organization) = edit.organization {
        after.organization_id = match organization {
            Some(id) => Some(known_organization(&txn, "organization", id).await?),
            None => None,
        };
    }
    if let Some(kind) = edit.kind {
        after.kind = kind;
    }
    if let Some(topics) = &edit.topics {
        after.topic_ids = known_topics(&txn, topics).await?;
    }
    if let Some(about) = &edit.about {
        after.about = known_subjects(&txn, about).await?;
    }
    if edit.span.is_some() || edit.said_on.is_some() {
        let document = document(&txn, row.document_id).await?;
        if let Some(span) = edit.span {
            after.text = text_at(&document.body, span)?;
            (after.span_start, after.span_end) = span_columns(span)?;
        }
        if let Some(said_on) = edit.said_on {
            (after.said_on, after.said_precision) = split_date(said_on);
            (after.dated_on, after.dated_precision) =
                dated(said_on, &document, row.created_at.date_naive());
        }
    }
    // Topics compare as sets.
    let mut sorted_before = before.clone();
    sorted_before.topic_ids.sort_unstable();
    after.topic_ids.sort_unstable();
    if after == sorted_before {
        txn.commit().await?;
        return Ok(Written { id, changed: false });
    }
    store::replace(&txn, &[(id, after.clone())]).await?;
    let (was, became) = history::diff(
        &fields(&before, row.review_status),
        &fields(&after, row.review_status),
    );
    history::record(
        &txn,
        &[Change {
            statement_id: id,
            action: Action::Update,
            by: by.to_owned(),
            before: was,
            after: became,
            note: None,
        }],
    )
    .await?;
    txn.commit().await?;
    Ok(Written { id, changed: true })
}

/// Stores a statement a person marked in a document: confirmed, its text
/// the body at the span.
pub async fn create_statement(
    db: &DatabaseConnection,
    by: &str,
    draft: StatementDraft,
) -> Result<i64, Error> {
    let txn = begin_write(db).await?;
    store::serialize(&txn).await?;
    let document = document(&txn, draft.document_id).await?;
    let text = text_at(&document.body, draft.span)?;
    let (span_start, span_end) = span_columns(draft.span)?;
    let speaker_id = match draft.speaker {
        Some(id) => Some(known_speaker(&txn, "speaker", id).await?),
        None => None,
    };
    let organization_id = match draft.organization {
        Some(id) => Some(known_organization(&txn, "organization", id).await?),
        None => None,
    };
    let now = entity::timestamps::now();
    let (said_on, said_precision) = split_date(draft.said_on);
    let (dated_on, dated_precision) = dated(draft.said_on, &document, now.date_naive());
    let statement = NewStatement {
        document_id: document.id,
        speaker_id,
        organization_id,
        kind: draft.kind,
        text,
        span_start,
        span_end,
        language: document.language.clone(),
        said_on,
        said_precision,
        dated_on,
        dated_precision,
        source: EDITED.to_owned(),
        confidence: 1.0,
        created_at: now,
        topic_ids: known_topics(&txn, &draft.topics).await?,
        about: known_subjects(&txn, &draft.about).await?,
    };
    let id = store::add(&txn, std::slice::from_ref(&statement)).await?[0];
    let status = store::initial_review_status(EDITED);
    history::record(
        &txn,
        &[Change {
            statement_id: id,
            action: Action::Create,
            by: by.to_owned(),
            before: serde_json::Map::new(),
            after: fields(&statement, status),
            note: None,
        }],
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Confirms or rejects a statement, or sends it back to review, with an
/// optional note that its history keeps.
pub async fn review_statement(
    db: &DatabaseConnection,
    by: &str,
    id: i64,
    status: ReviewStatus,
    note: Option<String>,
) -> Result<i64, Error> {
    let txn = begin_write(db).await?;
    store::serialize(&txn).await?;
    let Some(row) = store::lock(&txn, id).await? else {
        return Err(Error::BadInput("`id`: no statement has this id".to_owned()));
    };
    store::review(&txn, &[id], status).await?;
    let field = |s: ReviewStatus| {
        let mut map = serde_json::Map::new();
        map.insert(
            "reviewStatus".to_owned(),
            serde_json::Value::String(sea_orm::ActiveEnum::to_value(&s)),
        );
        map
    };
    history::record(
        &txn,
        &[Change {
            statement_id: id,
            action: Action::Review,
            by: by.to_owned(),
            before: field(row.review_status),
            after: field(status),
            note: note.map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()),
        }],
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// A speaker a person adds to the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpeakerDraft {
    pub name: String,
    pub kind: SpeakerKind,
    pub description: Option<String>,
}

/// An organization a person adds to the registry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrganizationDraft {
    pub name: String,
    pub kind: OrganizationKind,
    pub country: Option<String>,
    pub parent: Option<i64>,
    pub description: Option<String>,
}

/// A trimmed, non-empty name.
fn name(field: &str, value: &str) -> Result<String, Error> {
    let trimmed = value.trim();
    if text::fold(trimmed).is_empty() {
        return Err(Error::BadInput(format!("`{field}` must name something")));
    }
    if trimmed.chars().count() > 300 {
        return Err(Error::BadInput(format!(
            "`{field}` is longer than 300 characters"
        )));
    }
    Ok(trimmed.to_owned())
}

/// A registry key for `name` not yet taken in `E`'s `key` column.
async fn free_key<E: EntityTrait>(
    conn: &impl ConnectionTrait,
    key_column: E::Column,
    name: &str,
) -> Result<String, Error>
where
    E::Model: Send + Sync,
{
    let base = text::fold(name).replace(' ', "_");
    let mut key = base.clone();
    let mut n = 2;
    while E::find()
        .filter(key_column.eq(key.clone()))
        .count(conn)
        .await?
        > 0
    {
        key = format!("{base}_{n}");
        n += 1;
    }
    Ok(key)
}

async fn insert_alias(
    conn: &impl ConnectionTrait,
    owner: Subject,
    name: &str,
    language: Option<String>,
) -> Result<alias::Model, Error> {
    let (speaker_id, organization_id) = match owner {
        Subject::Speaker(id) => (Some(id), None),
        Subject::Organization(id) => (None, Some(id)),
    };
    Ok(alias::ActiveModel {
        speaker_id: Set(speaker_id),
        organization_id: Set(organization_id),
        name: Set(name.to_owned()),
        lang: Set(language),
        folded: Set(text::fold(name)),
        stemmed: Set(text::name_key(name)),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}

/// Marks a speaker or organization as changed now: what a change to the
/// rows that hang off it (its aliases, affiliations, merged speakers)
/// makes, since clients read those with it.
async fn touch(conn: &impl ConnectionTrait, owner: Subject) -> Result<(), Error> {
    let now = Expr::val(entity::timestamps::now());
    match owner {
        Subject::Speaker(id) => {
            speaker::Entity::update_many()
                .col_expr(speaker::Column::UpdatedAt, now)
                .filter(speaker::Column::Id.eq(id))
                .exec(conn)
                .await?;
        }
        Subject::Organization(id) => {
            organization::Entity::update_many()
                .col_expr(organization::Column::UpdatedAt, now)
                .filter(organization::Column::Id.eq(id))
                .exec(conn)
                .await?;
        }
    }
    Ok(())
}

/// Adds a speaker, verified (a person made it), known by its name.
pub async fn create_speaker(db: &DatabaseConnection, draft: SpeakerDraft) -> Result<i64, Error> {
    let name = name("name", &draft.name)?;
    let txn = begin_write(db).await?;
    store::serialize(&txn).await?;
    let key = free_key::<speaker::Entity>(&txn, speaker::Column::Key, &name).await?;
    let created = speaker::ActiveModel {
        key: Set(key),
        name: Set(name.clone()),
        kind: Set(draft.kind),
        description: Set(draft.description.filter(|d| !d.trim().is_empty())),
        verified: Set(true),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    insert_alias(&txn, Subject::Speaker(created.id), &name, None).await?;
    txn.commit().await?;
    Ok(created.id)
}

/// Adds an organization, verified, under `parent` if given. A new
/// organization has no statements yet, so no count changes.
pub async fn create_organization(
    db: &DatabaseConnection,
    draft: OrganizationDraft,
) -> Result<i64, Error> {
    let name = name("name", &draft.name)?;
    let country = match draft.country.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(code) if code.len() == 2 && code.chars().all(|c| c.is_ascii_alphabetic()) => {
            Some(code.to_ascii_uppercase())
        }
        Some(code) => {
            return Err(Error::BadInput(format!(
                "`country`: {code:?} is not an ISO 3166-1 alpha-2 code"
            )));
        }
    };
    let txn = begin_write(db).await?;
    store::serialize(&txn).await?;
    let parent_id = match draft.parent {
        Some(id) => Some(known_organization(&txn, "parent", id).await?),
        None => None,
    };
    let key = free_key::<organization::Entity>(&txn, organization::Column::Key, &name).await?;
    let created = organization::ActiveModel {
        key: Set(key),
        name: Set(name.clone()),
        kind: Set(draft.kind),
        country: Set(country),
        parent_id: Set(parent_id),
        description: Set(draft.description.filter(|d| !d.trim().is_empty())),
        verified: Set(true),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    insert_alias(&txn, Subject::Organization(created.id), &name, None).await?;
    txn.commit().await?;
    Ok(created.id)
}

/// Adds another name to a speaker or an organization; a name it already
/// has (the same once folded) is refused.
pub async fn add_alias(
    db: &DatabaseConnection,
    entity: NodeRef,
    alias_name: &str,
    language: Option<String>,
) -> Result<alias::Model, Error> {
    let alias_name = name("name", alias_name)?;
    let language = match language.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(code)
            if (2..=3).contains(&code.len()) && code.chars().all(|c| c.is_ascii_alphabetic()) =>
        {
            Some(code.to_ascii_lowercase())
        }
        Some(code) => {
            return Err(Error::BadInput(format!(
                "`language`: {code:?} is not an ISO 639-1 code"
            )));
        }
    };
    let txn = begin_write(db).await?;
    store::serialize(&txn).await?;
    let owner = match entity.node_type {
        NodeType::Speaker => Subject::Speaker(known_speaker(&txn, "entity", entity.id).await?),
        NodeType::Organization => {
            Subject::Organization(known_organization(&txn, "entity", entity.id).await?)
        }
        _ => {
            return Err(Error::BadInput(format!(
                "`entity`: {entity} is neither a speaker's nor an organization's"
            )));
        }
    };
    let owned = match owner {
        Subject::Speaker(id) => alias::Column::SpeakerId.eq(id),
        Subject::Organization(id) => alias::Column::OrganizationId.eq(id),
    };
    let taken = alias::Entity::find()
        .filter(owned)
        .filter(alias::Column::Folded.eq(text::fold(&alias_name)))
        .count(&txn)
        .await?;
    if taken > 0 {
        return Err(Error::BadInput(format!(
            "`name`: {alias_name:?} is already a name of it"
        )));
    }
    let created = insert_alias(&txn, owner, &alias_name, language).await?;
    touch(&txn, owner).await?;
    txn.commit().await?;
    Ok(created)
}

/// A speaker's role in an organization, for a period where known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AffiliationDraft {
    pub speaker: i64,
    pub organization: i64,
    pub role: String,
    pub valid_from: Option<PartialDate>,
    pub valid_to: Option<PartialDate>,
}

/// Records a speaker's role in an organization (the same speaker,
/// organization and role again changes its period), and brings the
/// organizations that speaker's statements count for up to date.
pub async fn set_affiliation(
    db: &DatabaseConnection,
    draft: AffiliationDraft,
) -> Result<affiliation::Model, Error> {
    let role = name("role", &draft.role)?;
    if let (Some(from), Some(to)) = (draft.valid_from, draft.valid_to)
        && to.last_day() < from.date
    {
        return Err(Error::BadInput(format!(
            "`validTo` ({to}) is before `validFrom` ({from}): an affiliation cannot end before it starts"
        )));
    }
    let txn = begin_write(db).await?;
    store::serialize(&txn).await?;
    let speaker_id = known_speaker(&txn, "speaker", draft.speaker).await?;
    let organization_id = known_organization(&txn, "organization", draft.organization).await?;
    let (valid_from, valid_from_precision) = split_date(draft.valid_from);
    let (valid_to, valid_to_precision) = split_date(draft.valid_to);
    let existing = affiliation::Entity::find()
        .filter(affiliation::Column::SpeakerId.eq(speaker_id))
        .filter(affiliation::Column::OrganizationId.eq(organization_id))
        .filter(affiliation::Column::Role.eq(role.clone()))
        .one(&txn)
        .await?;
    let mut row: affiliation::ActiveModel = match existing {
        Some(model) => model.into(),
        None => affiliation::ActiveModel {
            speaker_id: Set(speaker_id),
            organization_id: Set(organization_id),
            role: Set(role),
            ..Default::default()
        },
    };
    row.valid_from = Set(valid_from);
    row.valid_from_precision = Set(valid_from_precision);
    row.valid_to = Set(valid_to);
    row.valid_to_precision = Set(valid_to_precision);
    let saved = row.save(&txn).await?;
    let saved = affiliation::Entity::find_by_id(saved.id.unwrap())
        .one(&txn)
        .await?
        .ok_or_else(|| Error::NotFound("the affiliation is gone".to_owned()))?;
    store::refresh_speakers(&txn, &[speaker_id]).await?;
    touch(&txn, Subject::Speaker(speaker_id)).await?;
    txn.commit().await?;
    Ok(saved)
}

/// Marks a speaker or an organization as confirmed by a person, or not.
pub async fn set_verified(
    db: &DatabaseConnection,
    entity: NodeRef,
    verified: bool,
) -> Result<NodeRef, Error> {
    let txn = begin_write(db).await?;
    store::serialize(&txn).await?;
    let updated = match entity.node_type {
        NodeType::Speaker => {
            let id = known_speaker(&txn, "entity", entity.id).await?;
            speaker::Entity::update_many()
                .col_expr(speaker::Column::Verified, Expr::val(verified))
                .col_expr(
                    speaker::Column::UpdatedAt,
                    Expr::val(entity::timestamps::now()),
                )
                .filter(speaker::Column::Id.eq(id))
                .exec(&txn)
                .await?;
            NodeRef::new(NodeType::Speaker, id)
        }
        NodeType::Organization => {
            let id = known_organization(&txn, "entity", entity.id).await?;
            organization::Entity::update_many()
                .col_expr(organization::Column::Verified, Expr::val(verified))
                .col_expr(
                    organization::Column::UpdatedAt,
                    Expr::val(entity::timestamps::now()),
                )
                .filter(organization::Column::Id.eq(id))
                .exec(&txn)
                .await?;
            NodeRef::new(NodeType::Organization, id)
        }
        _ => {
            return Err(Error::BadInput(format!(
                "`entity`: {entity} is neither a speaker's nor an organization's"
            )));
        }
    };
    txn.commit().await?;
    Ok(updated)
}

/// What a merge did: the speaker kept, and the statements it changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub into: i64,
    pub statements: Vec<i64>,
}

/// Merges speaker `from` into `into`: its statements (as speaker and as
/// subject), aliases, affiliations and utterances move to `into`, and
/// `from` is removed, its id kept as a pointer to `into`.
pub async fn merge_speakers(
    db: &DatabaseConnection,
    by: &str,
    from: i64,
    into: i64,
) -> Result<Merged, Error> {
    let txn = begin_write(db).await?;
    store::serialize(&txn).await?;
    if speaker::Entity::find_by_id(from).count(&txn).await? == 0 {
        let gone = speaker_merge::Entity::find_by_id(from).one(&txn).await?;
        return Err(Error::BadInput(match gone {
            Some(_) => "`from`: this speaker was already merged into another".to_owned(),
            None => "`from`: no speaker has this id".to_owned(),
        }));
    }
    let into = known_speaker(&txn, "into", into).await?;
    if from == into {
        return Err(Error::BadInput(
            "`from` and `into` are the same speaker: a speaker cannot be merged into itself"
                .to_owned(),
        ));
    }

    // The registry first, so that the statements moved below count for
    // the affiliations they now have.
    affiliation::Entity::update_many()
        .col_expr(affiliation::Column::SpeakerId, Expr::val(into))
        .filter(affiliation::Column::SpeakerId.eq(from))
        .exec(&txn)
        .await?;
    let kept_names: HashSet<String> = alias::Entity::find()
        .filter(alias::Column::SpeakerId.eq(into))
        .all(&txn)
        .await?
        .into_iter()
        .map(|a| a.folded)
        .collect();
    // Names the kept speaker already has go; the others move.
    alias::Entity::delete_many()
        .filter(alias::Column::SpeakerId.eq(from))
        .filter(alias::Column::Folded.is_in(kept_names))
        .exec(&txn)
        .await?;
    alias::Entity::update_many()
        .col_expr(alias::Column::SpeakerId, Expr::val(into))
        .filter(alias::Column::SpeakerId.eq(from))
        .exec(&txn)
        .await?;
    utterance::Entity::update_many()
        .col_expr(utterance::Column::SpeakerId, Expr::val(into))
        .filter(utterance::Column::SpeakerId.eq(from))
        .exec(&txn)
        .await?;

    let mut ids: Vec<i64> = statement::Entity::find()
        .select_only()
        .column(statement::Column::Id)
        .filter(statement::Column::SpeakerId.eq(from))
        .into_tuple()
        .all(&txn)
        .await?;
    ids.extend(
        mention::Entity::find()
            .select_only()
            .column(mention::Column::StatementId)
            .filter(mention::Column::SpeakerId.eq(from))
            .into_tuple::<i64>()
            .all(&txn)
            .await?,
    );
    ids.sort_unstable();
    ids.dedup();
    let mut changes = Vec::with_capacity(ids.len());
    let mut history = Vec::with_capacity(ids.len());
    for &id in &ids {
        let Some(row) = store::lock(&txn, id).await? else {
            continue;
        };
        let Some(before) = store::get(&txn, id).await? else {
            continue;
        };
        let mut after = before.clone();
        if after.speaker_id == Some(from) {
            after.speaker_id = Some(into);
        }
        let mut about = Vec::with_capacity(after.about.len());
        for subject in &after.about {
            let moved = match *subject {
                Subject::Speaker(id) if id == from => Subject::Speaker(into),
                other => other,
            };
            if !about.contains(&moved) {
                about.push(moved);
            }
        }
        after.about = about;
        let (was, became) = history::diff(
            &fields(&before, row.review_status),
            &fields(&after, row.review_status),
        );
        changes.push((id, after));
        history.push(Change {
            statement_id: id,
            action: Action::MergeSpeakers,
            by: by.to_owned(),
            before: was,
            after: became,
            note: None,
        });
    }
    store::replace(&txn, &changes).await?;
    history::record(&txn, &history).await?;

    // Older merges into `from` now lead to `into`.
    speaker_merge::Entity::update_many()
        .col_expr(speaker_merge::Column::IntoId, Expr::val(into))
        .filter(speaker_merge::Column::IntoId.eq(from))
        .exec(&txn)
        .await?;
    speaker::Entity::delete_by_id(from).exec(&txn).await?;
    speaker_merge::ActiveModel {
        from_id: Set(from),
        into_id: Set(into),
        at: Set(Utc::now()),
        by: Set(by.to_owned()),
    }
    .insert(&txn)
    .await?;
    // The kept speaker's own statements may count for the affiliations
    // that came with the merge.
    store::refresh_speakers(&txn, &[into]).await?;
    touch(&txn, Subject::Speaker(into)).await?;
    txn.commit().await?;
    Ok(Merged {
        into,
        statements: ids,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(start: i64, end: i64) -> Span {
        Span { start, end }
    }

    #[test]
    fn a_span_takes_whole_words_of_the_body() {
        let body = "Он сказал: «Мы ничего не скрываем».";
        assert_eq!(
            text_at(body, span(12, 33)).expect("a span"),
            "Мы ничего не скрываем"
        );
        assert!(text_at(body, span(13, 33)).is_err(), "starts inside a word");
        assert!(text_at(body, span(12, 32)).is_err(), "ends inside a word");
        assert!(text_at(body, span(12, 400)).is_err(), "outside the body");
        assert!(text_at(body, span(5, 5)).is_err(), "empty");
        assert!(text_at(body, span(-1, 5)).is_err(), "negative");
        assert!(text_at(body, span(9, 11)).is_err(), "no words");
        let whole = body.chars().count() as i64;
        assert_eq!(text_at(body, span(0, whole)).expect("all of it"), body);
    }
}
