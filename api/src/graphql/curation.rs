//! The curation mutations: people correct, add and review statements, and
//! keep the registry of speakers and organizations. Each resolver checks
//! the key's role, reads global ids into row ids, and calls
//! [`crate::services::curation`], which does the work in one transaction.
//!
//! Roles: `editor` for everything here but `mergeSpeakers`, which needs
//! `admin` (it removes a speaker, and cannot be undone through the API).

use async_graphql::{Context, ID, InputObject, MaybeUndefined, Object};
use entity::{organization, speaker, statement};
use sea_orm::EntityTrait;

use super::connections::db;
use super::error::ApiResult;
use super::ids::{decode, decode_as};
use super::inputs::{Date, OrganizationKind, Position, ReviewStatus, SpeakerKind, StatementKind};
use super::mutation::require;
use super::objects::{Affiliation, Alias, Organization, Speaker, Statement, Subject};
use crate::auth::Role;
use crate::services::Error;
use crate::services::curation::{
    self, AffiliationDraft, OrganizationDraft, Span, SpeakerDraft, StatementDraft, StatementEdit,
};
use crate::services::ids::NodeType;
use crate::services::stances;
use crate::services::store::Subject as StoredSubject;

/// A place in a document body, in Unicode code points: `body[start..end]`.
/// It must start and end at word boundaries.
#[derive(InputObject, Debug, Clone, Copy)]
pub struct SpanInput {
    /// Offset of the first character.
    pub start: i32,
    /// Offset just past the last character.
    pub end: i32,
}

impl From<SpanInput> for Span {
    fn from(span: SpanInput) -> Self {
        Self {
            start: span.start.into(),
            end: span.end.into(),
        }
    }
}

/// Changes to a statement; a field left out stays as it is.
#[derive(InputObject, Debug)]
pub struct UpdateStatementInput {
    /// The `version` the change was made against: if the statement has
    /// changed since, nothing is changed and the error's code is `CONFLICT`.
    pub expected_version: i32,
    /// A speaker's id; null removes the speaker.
    pub speaker: MaybeUndefined<ID>,
    /// The id of the organization it was said on behalf of; null removes it.
    pub organization: MaybeUndefined<ID>,
    /// How it is reported.
    pub kind: Option<StatementKind>,
    /// Topic ids: the statement's topics become these.
    pub topics: Option<Vec<ID>>,
    /// Speaker and organization ids: what the statement is about becomes these.
    pub about: Option<Vec<ID>>,
    /// When it was said (`2022-01-14`, `2022-01` or `2022`); null when the
    /// source does not say (the statement is then filed under its
    /// document's date).
    pub said_on: MaybeUndefined<Date>,
    /// A new place in the document body; the text becomes the body there.
    pub span: Option<SpanInput>,
}

/// A statement a person marks in a document. Its text is taken from the
/// document body at `span`, never sent.
#[derive(InputObject, Debug)]
pub struct CreateStatementInput {
    /// The document it is in.
    pub document_id: ID,
    /// Where it stands in the document body.
    pub span: SpanInput,
    /// A speaker's id: who said it.
    pub speaker: Option<ID>,
    /// The organization it was said on behalf of.
    pub organization: Option<ID>,
    /// How it is reported.
    pub kind: StatementKind,
    /// Topic ids.
    #[graphql(default)]
    pub topics: Vec<ID>,
    /// Ids of the speakers and organizations it is about.
    #[graphql(default)]
    pub about: Vec<ID>,
    /// When it was said, where the article says.
    pub said_on: Option<Date>,
}

/// A speaker to add to the registry, verified.
#[derive(InputObject, Debug)]
pub struct CreateSpeakerInput {
    /// The name it is shown and found by; more names with `addAlias`.
    pub name: String,
    /// A person (the default), or a collective voice.
    #[graphql(default_with = "SpeakerKind::Person")]
    pub kind: SpeakerKind,
    /// Who the speaker is, in a few words.
    pub description: Option<String>,
}

/// An organization to add to the registry, verified.
#[derive(InputObject, Debug)]
pub struct CreateOrganizationInput {
    /// The name it is shown and found by; more names with `addAlias`.
    pub name: String,
    /// What sort of body it is.
    pub kind: OrganizationKind,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// The id of the organization it belongs to.
    pub parent: Option<ID>,
    /// What the organization is, in a few words.
    pub description: Option<String>,
}

fn speaker_id(field: &str, id: &ID) -> Result<i64, Error> {
    decode_as(id, NodeType::Speaker).map_err(|e| in_field(field, e))
}

fn organization_id(field: &str, id: &ID) -> Result<i64, Error> {
    decode_as(id, NodeType::Organization).map_err(|e| in_field(field, e))
}

fn in_field(field: &str, err: Error) -> Error {
    match err {
        Error::BadInput(message) => Error::BadInput(format!("`{field}`: {message}")),
        other => other,
    }
}

fn topic_ids(ids: &[ID]) -> Result<Vec<i64>, Error> {
    ids.iter()
        .map(|id| decode_as(id, NodeType::Topic).map_err(|e| in_field("topics", e)))
        .collect()
}

fn subjects(ids: &[ID]) -> Result<Vec<StoredSubject>, Error> {
    ids.iter()
        .map(|id| {
            let node = decode(id).map_err(|e| in_field("about", e))?;
            match node.node_type {
                NodeType::Speaker => Ok(StoredSubject::Speaker(node.id)),
                NodeType::Organization => Ok(StoredSubject::Organization(node.id)),
                _ => Err(Error::BadInput(format!(
                    "`about`: {id:?} is the id of a {}, not of a speaker or an organization",
                    node.node_type.name()
                ))),
            }
        })
        .collect()
}

/// An update's id field: left out (`None`), cleared (`Some(None)`) or set.
fn changed_id(
    value: MaybeUndefined<ID>,
    field: &str,
    decode: fn(&str, &ID) -> Result<i64, Error>,
) -> Result<Option<Option<i64>>, Error> {
    match value {
        MaybeUndefined::Undefined => Ok(None),
        MaybeUndefined::Null => Ok(Some(None)),
        MaybeUndefined::Value(id) => Ok(Some(Some(decode(field, &id)?))),
    }
}

/// A statement as stored now.
async fn statement(ctx: &Context<'_>, id: i64) -> ApiResult<Statement> {
    statement::Entity::find_by_id(id)
        .one(db(ctx)?)
        .await?
        .map(Statement::from)
        .ok_or_else(|| Error::NotFound("the statement is gone".to_owned()).into())
}

/// `setStance` and `clearStance`.
async fn change_stance(
    ctx: &Context<'_>,
    statement_id: ID,
    proposition: String,
    position: Option<Position>,
    expected_version: Option<i32>,
) -> ApiResult<Statement> {
    let caller = require(ctx, Role::Editor)?;
    let id =
        decode_as(&statement_id, NodeType::Statement).map_err(|e| in_field("statementId", e))?;
    let written = stances::set(
        db(ctx)?,
        &caller.name,
        id,
        &proposition,
        position.map(Into::into),
        expected_version,
    )
    .await?;
    tracing::info!(key = %caller.name, statement_id = id, proposition = %proposition, changed = written.changed, "setStance");
    if written.changed {
        announce_changed(ctx, vec![id]).await;
    }
    statement(ctx, id).await
}

/// Utterance `id`, as stored now.
async fn utterance(ctx: &Context<'_>, id: i64) -> ApiResult<super::objects::Utterance> {
    use sea_orm::EntityTrait;
    entity::utterance::Entity::find_by_id(id)
        .one(db(ctx)?)
        .await
        .map_err(crate::services::Error::from)?
        .map(super::objects::Utterance)
        .ok_or_else(|| crate::services::Error::NotFound("the utterance is gone".to_owned()).into())
}

/// Tells subscribers, on every instance, that statements `ids` changed.
async fn announce_changed(ctx: &Context<'_>, ids: Vec<i64>) {
    if let Ok(hub) = ctx.data::<super::StatementHub>() {
        hub.announce_changed(ids).await;
    }
}

#[derive(Debug, Default)]
pub struct CurationMutation;

#[Object]
impl CurationMutation {
    /// Corrects a statement (editor role). `input.expectedVersion` must be
    /// the statement's `version` as read: a statement changed since is
    /// refused with `CONFLICT` (and `extensions.currentVersion`), and
    /// nothing is changed. The change is recorded in its `history`; an
    /// update that changes nothing writes nothing (no new version).
    async fn update_statement(
        &self,
        ctx: &Context<'_>,
        id: ID,
        input: UpdateStatementInput,
    ) -> ApiResult<Statement> {
        let caller = require(ctx, Role::Editor)?;
        let id = decode_as(&id, NodeType::Statement).map_err(|e| in_field("id", e))?;
        let edit = StatementEdit {
            speaker: changed_id(input.speaker, "speaker", speaker_id)?,
            organization: changed_id(input.organization, "organization", organization_id)?,
            kind: input.kind.map(Into::into),
            topics: input.topics.as_deref().map(topic_ids).transpose()?,
            about: input.about.as_deref().map(subjects).transpose()?,
            said_on: match input.said_on {
                MaybeUndefined::Undefined => None,
                MaybeUndefined::Null => Some(None),
                MaybeUndefined::Value(date) => Some(Some(date.0)),
            },
            span: input.span.map(Into::into),
        };
        let written =
            curation::update_statement(db(ctx)?, &caller.name, id, input.expected_version, edit)
                .await?;
        tracing::info!(key = %caller.name, statement_id = id, changed = written.changed, "updateStatement");
        if written.changed {
            announce_changed(ctx, vec![id]).await;
        }
        statement(ctx, id).await
    }

    /// Adds a statement a person found in a document (editor role): its
    /// text is the document body at `span`, its review status `CONFIRMED`.
    async fn create_statement(
        &self,
        ctx: &Context<'_>,
        input: CreateStatementInput,
    ) -> ApiResult<Statement> {
        let caller = require(ctx, Role::Editor)?;
        let draft = StatementDraft {
            document_id: decode_as(&input.document_id, NodeType::Document)
                .map_err(|e| in_field("documentId", e))?,
            span: input.span.into(),
            speaker: input
                .speaker
                .as_ref()
                .map(|id| speaker_id("speaker", id))
                .transpose()?,
            organization: input
                .organization
                .as_ref()
                .map(|id| organization_id("organization", id))
                .transpose()?,
            kind: input.kind.into(),
            topics: topic_ids(&input.topics)?,
            about: subjects(&input.about)?,
            said_on: input.said_on.map(|d| d.0),
        };
        let id = curation::create_statement(db(ctx)?, &caller.name, draft).await?;
        tracing::info!(key = %caller.name, statement_id = id, "createStatement");
        if let Ok(hub) = ctx.data::<super::StatementHub>() {
            hub.announce(vec![id]).await;
        }
        statement(ctx, id).await
    }

    /// Confirms or rejects a statement, or sends it back to review (editor
    /// role), with a note its history keeps. A rejected statement leaves
    /// the default results, counts and exports.
    async fn review_statement(
        &self,
        ctx: &Context<'_>,
        id: ID,
        status: ReviewStatus,
        note: Option<String>,
    ) -> ApiResult<Statement> {
        let caller = require(ctx, Role::Editor)?;
        let id = decode_as(&id, NodeType::Statement).map_err(|e| in_field("id", e))?;
        curation::review_statement(db(ctx)?, &caller.name, id, status.into(), note).await?;
        tracing::info!(key = %caller.name, statement_id = id, status = ?status, "reviewStatement");
        announce_changed(ctx, vec![id]).await;
        statement(ctx, id).await
    }

    /// Adds a speaker to the registry (editor role), verified, found by its
    /// name from now on.
    async fn create_speaker(
        &self,
        ctx: &Context<'_>,
        input: CreateSpeakerInput,
    ) -> ApiResult<Speaker> {
        let caller = require(ctx, Role::Editor)?;
        let id = curation::create_speaker(
            db(ctx)?,
            SpeakerDraft {
                name: input.name,
                kind: input.kind.into(),
                description: input.description,
            },
        )
        .await?;
        tracing::info!(key = %caller.name, speaker_id = id, "createSpeaker");
        speaker::Entity::find_by_id(id)
            .one(db(ctx)?)
            .await?
            .map(Speaker)
            .ok_or_else(|| Error::NotFound("the speaker is gone".to_owned()).into())
    }

    /// Adds an organization to the registry (editor role), verified, under
    /// `parent` if given.
    async fn create_organization(
        &self,
        ctx: &Context<'_>,
        input: CreateOrganizationInput,
    ) -> ApiResult<Organization> {
        let caller = require(ctx, Role::Editor)?;
        let parent = input
            .parent
            .as_ref()
            .map(|id| organization_id("parent", id))
            .transpose()?;
        let id = curation::create_organization(
            db(ctx)?,
            OrganizationDraft {
                name: input.name,
                kind: input.kind.into(),
                country: input.country,
                parent,
                description: input.description,
            },
        )
        .await?;
        tracing::info!(key = %caller.name, organization_id = id, "createOrganization");
        organization::Entity::find_by_id(id)
            .one(db(ctx)?)
            .await?
            .map(Organization)
            .ok_or_else(|| Error::NotFound("the organization is gone".to_owned()).into())
    }

    /// Adds another name to a speaker or an organization (editor role):
    /// filters and `resolve` find it by that name from now on, in any
    /// script or usual transliteration.
    async fn add_alias(
        &self,
        ctx: &Context<'_>,
        entity: ID,
        name: String,
        language: Option<String>,
    ) -> ApiResult<Alias> {
        let caller = require(ctx, Role::Editor)?;
        let node = decode(&entity).map_err(|e| in_field("entity", e))?;
        let language = language
            .as_deref()
            .map(str::trim)
            .filter(|code| !code.is_empty())
            .map(super::inputs::language_code)
            .transpose()?;
        let alias = curation::add_alias(db(ctx)?, node, &name, language).await?;
        tracing::info!(key = %caller.name, alias_id = alias.id, "addAlias");
        Ok(Alias(alias))
    }

    /// Records a speaker's role in an organization (editor role); the same
    /// speaker, organization and role again changes its period. The
    /// organizations that speaker's statements count for follow at once.
    async fn set_affiliation(
        &self,
        ctx: &Context<'_>,
        speaker: ID,
        organization: ID,
        role: String,
        valid_from: Option<Date>,
        valid_to: Option<Date>,
    ) -> ApiResult<Affiliation> {
        let caller = require(ctx, Role::Editor)?;
        let draft = AffiliationDraft {
            speaker: speaker_id("speaker", &speaker)?,
            organization: organization_id("organization", &organization)?,
            role,
            valid_from: valid_from.map(|d| d.0),
            valid_to: valid_to.map(|d| d.0),
        };
        let saved = curation::set_affiliation(db(ctx)?, draft).await?;
        tracing::info!(key = %caller.name, speaker_id = saved.speaker_id, organization_id = saved.organization_id, "setAffiliation");
        Ok(Affiliation(saved))
    }

    /// Confirms a speaker or an organization that ingestion created (editor
    /// role), taking it off the `verified: false` queue; `verified: false`
    /// puts it back.
    async fn set_verified(
        &self,
        ctx: &Context<'_>,
        entity: ID,
        #[graphql(default = true)] verified: bool,
    ) -> ApiResult<Subject> {
        let caller = require(ctx, Role::Editor)?;
        let node = decode(&entity).map_err(|e| in_field("entity", e))?;
        let node = curation::set_verified(db(ctx)?, node, verified).await?;
        tracing::info!(key = %caller.name, entity = ?node, verified, "setVerified");
        let db = db(ctx)?;
        let found = match node.node_type {
            NodeType::Speaker => speaker::Entity::find_by_id(node.id)
                .one(db)
                .await?
                .map(|s| Subject::Speaker(Speaker(s))),
            _ => organization::Entity::find_by_id(node.id)
                .one(db)
                .await?
                .map(|o| Subject::Organization(Organization(o))),
        };
        found.ok_or_else(|| Error::NotFound("the entity is gone".to_owned()).into())
    }

    /// Sets where a statement stands on a proposition (editor role): a
    /// person's judgment (source `editor`, confidence 1) that replaces any
    /// stance it had on it, detected or curated. `proposition` is a key (or
    /// words naming exactly one proposition; an unknown one is refused with
    /// `extensions.suggestions`). With `expectedVersion`, a statement
    /// changed since is refused with `CONFLICT`. Recorded in its `history`,
    /// one version up; setting the stance it already has changes nothing.
    async fn set_stance(
        &self,
        ctx: &Context<'_>,
        statement_id: ID,
        proposition: String,
        position: Position,
        expected_version: Option<i32>,
    ) -> ApiResult<Statement> {
        change_stance(
            ctx,
            statement_id,
            proposition,
            Some(position),
            expected_version,
        )
        .await
    }

    /// Removes a statement's stance on a proposition, whoever set it
    /// (editor role), as `setStance` records it. A later change to the
    /// statement may detect one again.
    async fn clear_stance(
        &self,
        ctx: &Context<'_>,
        statement_id: ID,
        proposition: String,
        expected_version: Option<i32>,
    ) -> ApiResult<Statement> {
        change_stance(ctx, statement_id, proposition, None, expected_version).await
    }

    /// Puts statements in one utterance (editor role): they report one act
    /// of saying. The utterance of the first statement given takes the
    /// others, with every report the linker had put with them: confirming
    /// a link confirms the whole utterance. Each moved statement's link
    /// becomes `CURATED` (the linker never undoes it), one version up and
    /// recorded in its history as `LINK`.
    async fn link_statements(
        &self,
        ctx: &Context<'_>,
        statement_ids: Vec<ID>,
    ) -> ApiResult<super::objects::Utterance> {
        let caller = require(ctx, Role::Editor)?;
        let mut ids = Vec::with_capacity(statement_ids.len());
        for (i, id) in statement_ids.iter().enumerate() {
            ids.push(
                decode_as(id, NodeType::Statement)
                    .map_err(|e| in_field(&format!("statementIds[{i}]"), e))?,
            );
        }
        let linked =
            crate::services::utterances::link_statements(db(ctx)?, &caller.name, &ids).await?;
        tracing::info!(key = %caller.name, utterance = linked.utterance_id, statements = ?linked.changed, "linkStatements");
        announce_changed(ctx, linked.changed).await;
        utterance(ctx, linked.utterance_id).await
    }

    /// Splits a statement off its utterance (editor role): it reports an
    /// act of saying of its own, and the linker never puts it with others
    /// again (`linkStatements` can). One version up, recorded in its
    /// history as `LINK`.
    async fn unlink_statement(&self, ctx: &Context<'_>, statement_id: ID) -> ApiResult<Statement> {
        let caller = require(ctx, Role::Editor)?;
        let id = decode_as(&statement_id, NodeType::Statement)
            .map_err(|e| in_field("statementId", e))?;
        let split =
            crate::services::utterances::unlink_statement(db(ctx)?, &caller.name, id).await?;
        tracing::info!(key = %caller.name, statement_id = id, utterance = split.utterance_id, "unlinkStatement");
        announce_changed(ctx, split.changed).await;
        statement(ctx, id).await
    }

    /// Merges speaker `from` into `into` (admin role): its statements (as
    /// speaker and as subject), aliases, affiliations and utterances move to
    /// `into`, and `from` is removed; `node(id: from)` answers with `into`,
    /// whose `mergedIds` lists `from`. Each moved statement's history
    /// records the merge.
    async fn merge_speakers(&self, ctx: &Context<'_>, from: ID, into: ID) -> ApiResult<Speaker> {
        let caller = require(ctx, Role::Admin)?;
        let from = speaker_id("from", &from)?;
        let into = speaker_id("into", &into)?;
        let merged = curation::merge_speakers(db(ctx)?, &caller.name, from, into).await?;
        tracing::info!(key = %caller.name, from, into = merged.into, statements = merged.statements.len(), "mergeSpeakers");
        announce_changed(ctx, merged.statements).await;
        speaker::Entity::find_by_id(merged.into)
            .one(db(ctx)?)
            .await?
            .map(Speaker)
            .ok_or_else(|| Error::NotFound("the speaker is gone".to_owned()).into())
    }
}
