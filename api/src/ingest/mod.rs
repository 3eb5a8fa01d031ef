//! Ingestion: a new article becomes queryable statements.
//!
//! One module per stage, each testable alone: cleaning (shared with the seed
//! corpus, `claimgraph_text::clean`), [`language`] detection,
//! [`extract`]ion of attributed statements, [`resolution`] of speakers and
//! organizations against the registry, [`tagging`] with topics and subjects,
//! and storing the document with its statements in one transaction, so that
//! a failure leaves nothing half-written. The statements are stored through
//! `crate::services::store`, the one write path, which keeps the search
//! terms, spoken-for organizations and tally current in that transaction.

pub mod eval;
pub mod extract;
pub mod language;
pub mod link_eval;
pub mod resolution;
pub mod tagging;

use chrono::{NaiveDate, Utc};
use entity::{alias, document, kinds, organization, statement, topic_keyword};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait,
    QueryFilter, QueryOrder, Set,
};
use seeds::date::PartialDate;

use crate::services::ids::NameOrId;
use crate::services::resolve::{Accept, Entity, resolve_filter};
use crate::services::seeding::{content_hash, split_date};
use crate::services::store::{self, NewStatement};
use crate::services::{Error, copies, utterances};
use extract::Candidate;
use resolution::Resolver;
use tagging::Lexicon;

/// The largest article accepted, in bytes.
pub const MAX_TEXT_BYTES: usize = 1024 * 1024;

/// An article to ingest.
#[derive(Debug, Clone, Default)]
pub struct IngestInput {
    /// The text as received.
    pub text: String,
    /// Taken from the first line of the cleaned text when missing.
    pub title: Option<String>,
    pub url: Option<String>,
    /// The publishing organization, by name or id.
    pub outlet: Option<NameOrId>,
    /// ISO 639-1; detected when missing.
    pub language: Option<String>,
    pub published: Option<PartialDate>,
}

/// What an ingestion did.
#[derive(Debug, Clone, PartialEq)]
pub struct IngestReport {
    pub document_id: i64,
    /// False when the same text (after cleaning) was already stored: nothing was added.
    pub added: bool,
    pub statements: usize,
    /// The statements this ingestion stored (none when the text was already stored).
    pub statement_ids: Vec<i64>,
    pub language: String,
    /// Why no statements were extracted, when that is the case.
    pub notice: Option<String>,
    /// The original the document is a copy of (the same article stored
    /// earlier, see `crate::services::copies`), when it is one.
    pub copy_of: Option<i64>,
}

/// A statement found by the pipeline, not (yet) stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub candidate: Candidate,
    pub speaker_id: Option<i64>,
    pub organization_id: Option<i64>,
    pub topic_ids: Vec<i64>,
    pub about: Vec<Entity>,
}

/// The checked, cleaned form of an input.
struct Prepared {
    body: String,
    language: String,
    title: String,
}

fn prepare(input: &IngestInput) -> Result<Prepared, Error> {
    if input.text.len() > MAX_TEXT_BYTES {
        return Err(Error::BadInput(format!(
            "the text is {} bytes; at most {MAX_TEXT_BYTES} are accepted",
            input.text.len()
        )));
    }
    let body = text::clean(&input.text);
    if !body.chars().any(char::is_alphabetic) {
        return Err(Error::BadInput(
            "the text has nothing to read once cleaned (it is empty, or only site furniture)"
                .to_owned(),
        ));
    }
    let language = match &input.language {
        Some(code) => language::parse_code(code).map_err(Error::BadInput)?,
        None => language::detect(&body).ok_or_else(|| {
            Error::BadInput(
                "the language of the text cannot be told; give `language` (e.g. \"ru\" or \"en\")"
                    .to_owned(),
            )
        })?,
    };
    let title = match input
        .title
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        Some(title) => title.to_owned(),
        None => body
            .lines()
            .next()
            .unwrap_or_default()
            .chars()
            .take(200)
            .collect(),
    };
    Ok(Prepared {
        body,
        language,
        title,
    })
}

/// Extracts, resolves and tags the statements of `body`. With `create`,
/// unknown speakers are created (inside the caller's transaction).
async fn find(
    conn: &impl ConnectionTrait,
    body: &str,
    language: &str,
    on: NaiveDate,
    create: bool,
    hints: &extract::Hints,
) -> Result<(Vec<Found>, Option<String>), Error> {
    let Some(extractor_language) = language::supported(language) else {
        return Ok((Vec::new(), language::unsupported_notice(language)));
    };
    let lexicon = Lexicon::new(
        topic_keyword::Entity::find().all(conn).await?,
        alias::Entity::find().all(conn).await?,
    );
    let mut resolver = Resolver::default();
    let mut found = Vec::new();
    for candidate in extract::extract_with(body, extractor_language, hints) {
        let mut attribution = match &candidate.speaker {
            Some(name) => {
                resolver
                    .attribute(conn, name, on, create, candidate.speaker_is_organization)
                    .await?
            }
            None => resolution::Attribution::default(),
        };
        // A speaker the registry did not know belongs to the organization
        // the article gives them ("Jan Novak, a spokesman for the Electoral
        // Commission"): a known one, or a new unverified one, with the post.
        if attribution.organization_id.is_none()
            && let (Some(speaker_id), Some((organization, role))) =
                (attribution.speaker_id, &candidate.affiliation)
        {
            attribution.organization_id = resolver
                .affiliate(
                    conn,
                    speaker_id,
                    organization,
                    role,
                    attribution.created && create,
                )
                .await?;
        }
        // What the store will detect when the statement is written.
        let about = lexicon
            .mentions(
                &candidate.text,
                attribution.speaker_id,
                attribution.organization_id,
            )
            .into_iter()
            .collect();
        found.push(Found {
            topic_ids: lexicon.topics(&candidate.text).into_iter().collect(),
            about,
            speaker_id: attribution.speaker_id,
            organization_id: attribution.organization_id,
            candidate,
        });
    }
    let notice = found
        .is_empty()
        .then(|| "no attributed statements were found in this text".to_owned());
    Ok((found, notice))
}

/// Ingests an article: the document and all its statements in one
/// transaction. The same text (after cleaning) ingested again returns the
/// stored document and adds nothing.
pub async fn ingest(db: &DatabaseConnection, input: IngestInput) -> Result<IngestReport, Error> {
    let prepared = prepare(&input)?;
    let hash = content_hash(&prepared.body);
    let txn = crate::database::begin_write(db).await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        // Two instances ingesting the same text at once: one waits, then sees it.
        txn.execute_unprepared("SELECT pg_advisory_xact_lock(7261105)")
            .await?;
    }
    // The same text again: refused when from the same outlet (or with no
    // outlet given), as before copies; from another outlet, a copy.
    let known_outlet = match &input.outlet {
        Some(name) => known_outlet(&txn, name).await?,
        None => None,
    };
    let same_text = document::Entity::find()
        .filter(document::Column::ContentHash.eq(&hash))
        .order_by_asc(document::Column::Id)
        .all(&txn)
        .await?;
    let refused = if input.outlet.is_none() {
        same_text.first()
    } else {
        same_text
            .iter()
            .find(|d| known_outlet.is_some() && d.outlet_id == known_outlet)
    };
    if let Some(existing) = refused {
        let statements = statement::Entity::find()
            .filter(statement::Column::DocumentId.eq(existing.id))
            .all(&txn)
            .await?
            .len();
        txn.commit().await?;
        return Ok(IngestReport {
            document_id: existing.id,
            added: false,
            statements,
            statement_ids: Vec::new(),
            language: existing.language.clone(),
            notice: Some("this text is already stored; nothing was added".to_owned()),
            copy_of: existing.copy_of_id,
        });
    }
    let (published_on, published_precision) = split_date(input.published);
    let copy_of = match same_text.first() {
        Some(first) => Some(first.copy_of_id.unwrap_or(first.id)),
        None => copies::near_original(&txn, &prepared.body, &prepared.language, published_on)
            .await?
            .map(|(id, _)| id),
    };

    let outlet_id = match (&input.outlet, known_outlet) {
        (_, Some(id)) => Some(id),
        (Some(name), None) => Some(outlet(&txn, name).await?),
        (None, None) => None,
    };
    let now = entity::timestamps::now();
    let dated_on = published_on.unwrap_or_else(|| now.date_naive());
    let document = document::ActiveModel {
        // A verbatim copy shares the hash: its outlet tells the slugs apart
        // (the same text from the same outlet was refused above).
        slug: Set(match (same_text.is_empty(), outlet_id) {
            (false, Some(outlet)) => format!("doc-{}-{outlet}", &hash[..16]),
            _ => format!("doc-{}", &hash[..16]),
        }),
        title: Set(prepared.title.clone()),
        title_is_editorial: Set(input.title.is_none()),
        url: Set(input.url.clone()),
        outlet_id: Set(outlet_id),
        language: Set(prepared.language.clone()),
        published_on: Set(published_on),
        published_precision: Set(published_precision),
        body: Set(prepared.body.clone()),
        original: Set(input.text.clone()),
        content_hash: Set(hash),
        copy_of_id: Set(copy_of),
        ingested_at: Set(now),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;

    let hints = extract::Hints {
        outlet: match outlet_id {
            Some(id) => organization::Entity::find_by_id(id)
                .one(&txn)
                .await?
                .map(|o| o.name),
            None => None,
        },
    };
    let (found, notice) = find(
        &txn,
        &prepared.body,
        &prepared.language,
        dated_on,
        true,
        &hints,
    )
    .await?;
    let statements = found
        .iter()
        .map(|f| {
            let c = &f.candidate;
            Ok(NewStatement {
                document_id: document.id,
                speaker_id: f.speaker_id,
                organization_id: f.organization_id,
                kind: c.kind,
                text: c.text.clone(),
                span_start: span(c.span_start)?,
                span_end: span(c.span_end)?,
                language: prepared.language.clone(),
                said_on: None,
                said_precision: None,
                dated_on,
                dated_precision: published_precision,
                source: extract::SOURCE.to_owned(),
                confidence: c.confidence.clamp(0.0, 1.0),
                created_at: now,
                topic_ids: f.topic_ids.clone(),
                // What the text names is detected by the store, and
                // marked so; nothing here is given by a person.
                about: Vec::new(),
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    // The store writes the statements with their topics, mentions and
    // terms, and keeps the tables derived from them current, in this
    // transaction.
    let statement_ids = store::add(&txn, &statements).await?;
    // A copy's statements report what the original's do: each joins the
    // utterance of the original's statement at the same text.
    if let Some(original) = copy_of {
        utterances::attach_copy(&txn, document.id, original).await?;
    }
    txn.commit().await?;
    crate::metrics::record_ingested(found.len());
    Ok(IngestReport {
        document_id: document.id,
        added: true,
        statements: found.len(),
        statement_ids,
        language: prepared.language,
        notice,
        copy_of,
    })
}

/// Extracts, resolves and tags without storing anything: what
/// `previewExtraction` shows. Unknown speakers stay unresolved.
pub async fn preview(
    db: &DatabaseConnection,
    text: &str,
    language: Option<String>,
) -> Result<(Vec<Found>, Option<String>), Error> {
    let prepared = prepare(&IngestInput {
        text: text.to_owned(),
        language,
        ..Default::default()
    })?;
    find(
        db,
        &prepared.body,
        &prepared.language,
        Utc::now().date_naive(),
        false,
        &extract::Hints::default(),
    )
    .await
}

/// The stored organization `outlet` names, if any (an id must be of a
/// stored organization).
async fn known_outlet(
    conn: &impl ConnectionTrait,
    outlet: &NameOrId,
) -> Result<Option<i64>, Error> {
    let found = resolve_filter(conn, "outlet", outlet, Accept::Organizations)
        .await
        .ok()
        .and_then(|entities| entities.first().and_then(|e| e.organization_id()));
    match (outlet, found) {
        (NameOrId::Id(node), None) => Err(Error::BadInput(format!(
            "`outlet`: {node} names no stored organization"
        ))),
        (_, found) => Ok(found),
    }
}

/// The publishing organization `outlet` names: a known one, or a new
/// unverified outlet of that name (an id must be of a stored organization).
async fn outlet(conn: &impl ConnectionTrait, outlet: &NameOrId) -> Result<i64, Error> {
    let name = match (outlet, known_outlet(conn, outlet).await?) {
        (_, Some(id)) => return Ok(id),
        (NameOrId::Name(name), None) => name,
        (NameOrId::Id(node), None) => {
            return Err(Error::BadInput(format!(
                "`outlet`: {node} names no stored organization"
            )));
        }
    };
    let folded = text::fold(name);
    if folded.is_empty() {
        return Err(Error::BadInput(
            "`outlet` must name an organization".to_owned(),
        ));
    }
    let created = organization::ActiveModel {
        key: Set(format!("unverified-outlet-{}", folded.replace(' ', "-"))),
        name: Set(name.trim().to_owned()),
        kind: Set(kinds::OrganizationKind::Media),
        country: Set(None),
        parent_id: Set(None),
        description: Set(Some(
            "Created by ingestion from an outlet name the registry did not know.".to_owned(),
        )),
        verified: Set(false),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    resolution::insert_alias(conn, None, Some(created.id), name).await?;
    Ok(created.id)
}

fn span(offset: usize) -> Result<i32, Error> {
    i32::try_from(offset).map_err(|_| Error::BadInput("the text is too long".to_owned()))
}
