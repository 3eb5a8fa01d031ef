//! The GraphQL object types. Each wraps a database row and decides, field by
//! field, what clients see; nested objects load through [`super::loaders`].

use async_graphql::dataloader::DataLoader;
use async_graphql::{Context, Enum, ID, Interface, Object, SimpleObject, Union};
use chrono::{Datelike, NaiveDate};
use entity::{
    affiliation, alias, document, kinds, mention, organization, proposition, revision, speaker,
    stance, statement, topic,
};

use super::connections::{StatementArgs, StatementConnection, filter_cost, page_cost, statements};
use super::error::ApiResult;
use super::ids::{global_id, node};
use super::inputs::{
    Date, DatePrecision, OrganizationKind, Position, ReviewStatus, SpeakerKind, StatementFilter,
    StatementKind, StatementOrder, StatementSort, enum_name,
};
use super::loaders::*;
use super::scalars::{DateTime, Json};
use crate::services::Error;
use crate::services::ids::NodeType;
use crate::services::statements::StatementFilter as ServiceFilter;

/// The per-request loader.
pub fn loader<'a>(ctx: &Context<'a>) -> ApiResult<&'a DataLoader<DbLoader>> {
    Ok(ctx.data::<DataLoader<DbLoader>>()?)
}

/// Loads one row by key through the request's loader.
async fn one<K>(
    ctx: &Context<'_>,
    key: K,
) -> ApiResult<Option<<DbLoader as async_graphql::dataloader::Loader<K>>::Value>>
where
    K: Send + Sync + std::hash::Hash + Eq + Clone + 'static,
    DbLoader: async_graphql::dataloader::Loader<K, Error = std::sync::Arc<sea_orm::DbErr>>,
{
    Ok(loader(ctx)?.load_one(key).await?)
}

/// The speaker with row id `id`, if any.
async fn speaker_by(ctx: &Context<'_>, id: Option<i64>) -> ApiResult<Option<Speaker>> {
    let Some(id) = id else { return Ok(None) };
    Ok(one(ctx, SpeakerId(id)).await?.map(Speaker))
}

/// The organization with row id `id`, if any.
async fn organization_by(ctx: &Context<'_>, id: Option<i64>) -> ApiResult<Option<Organization>> {
    let Some(id) = id else { return Ok(None) };
    Ok(one(ctx, OrganizationId(id)).await?.map(Organization))
}

/// The speakers and organizations named by (speaker id, organization id)
/// pairs, in order, loaded in one batch per type.
async fn subjects(
    ctx: &Context<'_>,
    pairs: Vec<(Option<i64>, Option<i64>)>,
) -> ApiResult<Vec<Subject>> {
    let dl = loader(ctx)?;
    let speakers = dl
        .load_many(pairs.iter().filter_map(|p| p.0).map(SpeakerId))
        .await?;
    let organizations = dl
        .load_many(pairs.iter().filter_map(|p| p.1).map(OrganizationId))
        .await?;
    Ok(pairs
        .iter()
        .filter_map(|pair| match *pair {
            (Some(id), _) => speakers
                .get(&SpeakerId(id))
                .cloned()
                .map(|s| Subject::Speaker(Speaker(s))),
            (None, Some(id)) => organizations
                .get(&OrganizationId(id))
                .cloned()
                .map(|o| Subject::Organization(Organization(o))),
            (None, None) => None,
        })
        .collect())
}

/// Whether a statement shows in lists by default: rejected ones do not.
fn counted(statement: &statement::Model) -> bool {
    statement.review_status != kinds::ReviewStatus::Rejected
}

/// A stored date and its precision, as the API shows it; none when either
/// is missing (a statement filed under the day it was stored has no
/// precision: its date is unknown).
fn partial_date(
    date: Option<NaiveDate>,
    precision: Option<kinds::DatePrecision>,
) -> Option<PartialDate> {
    Some(PartialDate(crate::services::partial_date(
        date?, precision?,
    )))
}

/// The same, as the `Date` scalar the deprecated date fields return.
fn date_scalar(date: Option<NaiveDate>, precision: Option<kinds::DatePrecision>) -> Option<Date> {
    partial_date(date, precision).map(|d| Date(d.0))
}

/// Anything with a global id, fetchable with `node(id:)`.
#[derive(Interface, Debug)]
#[graphql(field(name = "id", ty = "ID", desc = "A global id, opaque and stable."))]
pub enum Node {
    Document(Document),
    Statement(Statement),
    Speaker(Speaker),
    Organization(Organization),
    Topic(Topic),
    Alias(Alias),
    Proposition(Proposition),
    Utterance(Utterance),
}

/// Whom a statement is about.
#[derive(Union, Debug)]
pub enum Subject {
    Speaker(Speaker),
    Organization(Organization),
}

/// An article: its cleaned body, the text as received, and its statements.
#[derive(Debug)]
pub struct Document(pub document::Model);

impl Document {
    /// The document's `(body, original)`: loaded apart from the rest of it,
    /// and only when asked for (see [`DocumentText`]).
    async fn texts(&self, ctx: &Context<'_>) -> ApiResult<std::sync::Arc<(String, String)>> {
        one(ctx, DocumentText(self.0.id))
            .await?
            .ok_or_else(|| Error::NotFound("the document is gone".to_owned()).into())
    }
}

/// An article as stored: its cleaned body, the text as received, where
/// and when it was published, and the statements found in it.
#[Object]
impl Document {
    /// A global id, opaque and stable.
    async fn id(&self) -> ID {
        global_id(NodeType::Document, self.0.id)
    }
    /// Stable name; for a seed article, its file's stem.
    async fn slug(&self) -> &str {
        &self.0.slug
    }
    /// The headline, or the first line of the text when it had none.
    async fn title(&self) -> &str {
        &self.0.title
    }
    /// True when the article had no title and a curator wrote this one.
    async fn title_is_editorial(&self) -> bool {
        self.0.title_is_editorial
    }
    /// Where the article was published, when known; `document(url:)` finds it by this.
    async fn url(&self) -> Option<&str> {
        self.0.url.as_deref()
    }
    /// The publishing organization.
    async fn outlet(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        organization_by(ctx, self.0.outlet_id).await
    }
    /// ISO 639-1.
    async fn language(&self) -> &str {
        &self.0.language
    }
    /// Why no statements are extracted from this document, when its language
    /// is one the extractor does not read.
    async fn extraction_notice(&self) -> Option<String> {
        crate::ingest::language::unsupported_notice(&self.0.language)
    }
    /// When the article was published, as precise as the source says (a
    /// day, a month or a year); null when it does not say.
    async fn published(&self) -> Option<PartialDate> {
        partial_date(self.0.published_on, self.0.published_precision)
    }
    /// As precise as the source: `2022-02-01`, `2022-01` or `2022`.
    #[graphql(
        deprecation = "Use `published`: a `PartialDate` whose `precision`, `year`, `month` and `day` say how much is known (`published { iso }` is this text)."
    )]
    async fn published_on(&self) -> Option<Date> {
        date_scalar(self.0.published_on, self.0.published_precision)
    }
    /// How much of `publishedOn` is known: a day, a month or a year.
    #[graphql(deprecation = "Use `published { precision }`.")]
    async fn published_precision(&self) -> Option<DatePrecision> {
        self.0.published_precision.map(Into::into)
    }
    /// The article text, cleaned of site furniture; statement spans point into it.
    async fn body(&self, ctx: &Context<'_>) -> ApiResult<String> {
        Ok(self.texts(ctx).await?.0.clone())
    }
    /// The text exactly as received.
    async fn original(&self, ctx: &Context<'_>) -> ApiResult<String> {
        Ok(self.texts(ctx).await?.1.clone())
    }
    /// SHA-256 of the body.
    async fn content_hash(&self) -> &str {
        &self.0.content_hash
    }
    /// The original this document is a copy of: the same article (the same
    /// text once cleaned of site furniture, or near-identical) stored
    /// earlier, usually from another outlet. Null for an original; a copy's
    /// statements are linked to the original's utterances.
    async fn copy_of(&self, ctx: &Context<'_>) -> ApiResult<Option<Document>> {
        let Some(id) = self.0.copy_of_id else {
            return Ok(None);
        };
        Ok(one(ctx, DocumentId(id)).await?.map(Document))
    }
    /// The documents stored as copies of this one, oldest first (empty for
    /// a copy: a copy of a copy is recorded as a copy of the original).
    async fn copies(&self, ctx: &Context<'_>) -> ApiResult<Vec<Document>> {
        Ok(one(ctx, CopiesOfDocument(self.0.id))
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(Document)
            .collect())
    }
    /// When the document was stored.
    async fn ingested_at(&self) -> DateTime {
        self.0.ingested_at.into()
    }
    /// When the document was stored (as `ingestedAt`).
    async fn created_at(&self) -> DateTime {
        self.0.created_at.into()
    }
    /// When the document was last written: a new ingestion or reload of it.
    async fn updated_at(&self) -> DateTime {
        self.0.updated_at.into()
    }
    /// The document's statements, in reading order unless `sort` says otherwise.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "page_cost(first.or(last), child_complexity) + filter_cost(&filter)")]
    async fn statements(
        &self,
        ctx: &Context<'_>,
        filter: Option<StatementFilter>,
        #[graphql(deprecation = "Use `sort`, which orders by the same fields and more; not both.")]
        order_by: Option<StatementOrder>,
        #[graphql(
            desc = "The order; by default `{field: DOCUMENT_POSITION, direction: ASC}`, reading order."
        )]
        sort: Option<StatementSort>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<StatementConnection> {
        let parent = ServiceFilter {
            document: Some(self.0.id),
            ..Default::default()
        };
        statements(
            ctx,
            Some(parent),
            StatementArgs {
                filter,
                order_by,
                sort,
                default_order: crate::services::statements::StatementOrder::DocumentOrder,
                first,
                after,
                last,
                before,
            },
        )
        .await
    }
    /// The speakers of the document's statements (rejected ones aside), in
    /// order of first appearance.
    async fn speakers(&self, ctx: &Context<'_>) -> ApiResult<Vec<Speaker>> {
        let rows = one(ctx, StatementsOfDocument(self.0.id))
            .await?
            .unwrap_or_default();
        let mut ids: Vec<i64> = Vec::new();
        for id in rows
            .iter()
            .filter(|s| counted(s))
            .filter_map(|s| s.speaker_id)
        {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        let loaded = loader(ctx)?
            .load_many(ids.iter().copied().map(SpeakerId))
            .await?;
        Ok(ids
            .into_iter()
            .filter_map(|id| loaded.get(&SpeakerId(id)).cloned().map(Speaker))
            .collect())
    }
    /// The organizations the document's statements (rejected ones aside)
    /// were made for, in order of first appearance.
    async fn organizations(&self, ctx: &Context<'_>) -> ApiResult<Vec<Organization>> {
        let rows = one(ctx, StatementsOfDocument(self.0.id))
            .await?
            .unwrap_or_default();
        let mut ids: Vec<i64> = Vec::new();
        for id in rows
            .iter()
            .filter(|s| counted(s))
            .filter_map(|s| s.organization_id)
        {
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        let loaded = loader(ctx)?
            .load_many(ids.iter().copied().map(OrganizationId))
            .await?;
        Ok(ids
            .into_iter()
            .filter_map(|id| loaded.get(&OrganizationId(id)).cloned().map(Organization))
            .collect())
    }
}

/// Something said, verbatim, with its place in its document; with the rows
/// its page joined, if any (see [`crate::services::statements::Joins`]).
#[derive(Debug)]
pub struct Statement(pub statement::Model, pub Option<Box<Preloaded>>);

/// The speaker, organization and document a page of statements brought
/// along; what is missing loads through the DataLoaders.
#[derive(Debug)]
pub struct Preloaded {
    speaker: Option<speaker::Model>,
    organization: Option<organization::Model>,
    document: Option<document::Model>,
}

impl From<statement::Model> for Statement {
    fn from(row: statement::Model) -> Self {
        Self(row, None)
    }
}

impl From<crate::services::statements::Joined> for Statement {
    fn from(joined: crate::services::statements::Joined) -> Self {
        let preloaded = Preloaded {
            speaker: joined.speaker,
            organization: joined.organization,
            document: joined.document,
        };
        let any = preloaded.speaker.is_some()
            || preloaded.organization.is_some()
            || preloaded.document.is_some();
        Self(joined.statement, any.then(|| Box::new(preloaded)))
    }
}

/// Something said, verbatim, with its place in its document: who said it,
/// for which organization, about whom and on which topics, when, and how
/// sure the extractor or curator is of it.
#[Object]
impl Statement {
    /// A global id, opaque and stable.
    async fn id(&self) -> ID {
        global_id(NodeType::Statement, self.0.id)
    }
    /// The document it was found in.
    async fn document(&self, ctx: &Context<'_>) -> ApiResult<Document> {
        if let Some(document) = self.1.as_ref().and_then(|p| p.document.as_ref()) {
            return Ok(Document(document.clone()));
        }
        one(ctx, DocumentId(self.0.document_id))
            .await?
            .map(Document)
            .ok_or_else(|| Error::NotFound("the statement's document is gone".to_owned()).into())
    }
    /// Who said it, when known: a person or a collective voice.
    async fn speaker(&self, ctx: &Context<'_>) -> ApiResult<Option<Speaker>> {
        if let Some(speaker) = self.1.as_ref().and_then(|p| p.speaker.as_ref()) {
            return Ok(Some(Speaker(speaker.clone())));
        }
        speaker_by(ctx, self.0.speaker_id).await
    }
    /// The organization on whose behalf it was said.
    async fn organization(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        if let Some(organization) = self.1.as_ref().and_then(|p| p.organization.as_ref()) {
            return Ok(Some(Organization(organization.clone())));
        }
        organization_by(ctx, self.0.organization_id).await
    }
    /// How it is reported: a direct quote, a paraphrase or a claim attributed to a source.
    async fn kind(&self) -> StatementKind {
        self.0.kind.into()
    }
    /// Exactly as it stands in the document body.
    async fn text(&self) -> &str {
        &self.0.text
    }
    /// Where the text stands in the document body.
    async fn span(&self) -> Span {
        Span {
            start: self.0.span_start,
            end: self.0.span_end,
        }
    }
    /// The sentence or sentences around the statement, within its paragraph.
    async fn context(&self, ctx: &Context<'_>) -> ApiResult<String> {
        let texts = one(ctx, DocumentText(self.0.document_id)).await?;
        let start = usize::try_from(self.0.span_start).unwrap_or(0);
        let end = usize::try_from(self.0.span_end).unwrap_or(0);
        Ok(texts.map_or_else(
            || self.0.text.clone(),
            |t| crate::ingest::extract::context(&t.0, start, end),
        ))
    }
    /// ISO 639-1.
    async fn language(&self) -> &str {
        &self.0.language
    }
    /// The date the statement is filed under, as precise as it is known:
    /// when it was said, else its document's publication date; null when
    /// neither is known. Date filters (`saidFrom`, `saidTo`) and ordering
    /// use its first day, `start`.
    async fn dated(&self) -> Option<PartialDate> {
        partial_date(Some(self.0.dated_on), self.0.dated_precision)
    }
    /// When it was said, as precise as the source says (a day, a month or
    /// a year); null when the source does not say.
    async fn said(&self) -> Option<PartialDate> {
        partial_date(self.0.said_on, self.0.said_precision)
    }
    /// The date the statement is filed under: when it was said, else its
    /// document's publication date, as `2022-02-01`, `2022-01` or `2022`.
    #[graphql(
        deprecation = "Use `dated`: this `Date` is often a month or a year, not a day; `dated` is a `PartialDate` that says its precision (`dated { iso }` is this text)."
    )]
    async fn date(&self) -> Option<Date> {
        date_scalar(Some(self.0.dated_on), self.0.dated_precision)
    }
    /// When it was said, as precise as the source, where the source says.
    #[graphql(
        deprecation = "Use `said`: a `PartialDate` whose `precision`, `year`, `month` and `day` say how much is known (`said { iso }` is this text)."
    )]
    async fn said_on(&self) -> Option<Date> {
        date_scalar(self.0.said_on, self.0.said_precision)
    }
    /// `curated`, or the extractor and its version.
    async fn source(&self) -> &str {
        &self.0.source
    }
    /// Between 0 and 1.
    async fn confidence(&self) -> f64 {
        self.0.confidence
    }
    /// 1 when stored, one more with every change: give it back as
    /// `expectedVersion` when updating the statement.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// Extracted statements are `UNREVIEWED` until a person confirms or
    /// rejects them; curated ones and those a person made are `CONFIRMED`.
    async fn review_status(&self) -> ReviewStatus {
        self.0.review_status.into()
    }
    /// When it was stored.
    async fn created_at(&self) -> DateTime {
        self.0.created_at.into()
    }
    /// When it was last written: any change of its text, speaker,
    /// organization, topics, subjects or review status, by a person or a
    /// reload. `statements(filter: {updatedSince: …})` finds the ones
    /// written since a time.
    async fn updated_at(&self) -> DateTime {
        self.0.updated_at.into()
    }
    /// Every change people made to it through the API, oldest first.
    async fn history(&self, ctx: &Context<'_>) -> ApiResult<Vec<Revision>> {
        let rows = one(ctx, RevisionsOfStatement(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(rows.into_iter().map(Revision).collect())
    }
    /// The topics it is tagged with, by slug.
    async fn topics(&self, ctx: &Context<'_>) -> ApiResult<Vec<Topic>> {
        let rows = one(ctx, TopicsOfStatement(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(rows.into_iter().map(Topic).collect())
    }
    /// Where it stands on propositions: curated for the seed corpus, set by
    /// editors, or detected from its words (a confidence below 1) where it
    /// is on a proposition's topic and names it.
    async fn stances(&self, ctx: &Context<'_>) -> ApiResult<Vec<Stance>> {
        let rows = one(ctx, StancesOfStatement(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(rows.into_iter().map(Stance).collect())
    }
    /// The speakers and organizations the statement is about: those a
    /// person gave, then those its text names (see `mentions`).
    async fn about(&self, ctx: &Context<'_>) -> ApiResult<Vec<Subject>> {
        let mentions = one(ctx, MentionsOfStatement(self.0.id))
            .await?
            .unwrap_or_default();
        subjects(ctx, given_first(&mentions).map(|(pair, _)| pair).collect()).await
    }
    /// The act of saying it reports, with every other statement that
    /// reports it (in other outlets and languages).
    async fn utterance(&self, ctx: &Context<'_>) -> ApiResult<Utterance> {
        let Some(id) = self.0.utterance_id else {
            return Err(Error::NotFound(
                "the statement has no utterance yet (a bulk load in progress: run `claimgraph link`)"
                    .to_owned(),
            )
            .into());
        };
        one(ctx, UtteranceId(id))
            .await?
            .map(Utterance)
            .ok_or_else(|| Error::NotFound("the statement's utterance is gone".to_owned()).into())
    }
    /// How it joined its utterance; null while it stands alone.
    async fn utterance_link(&self) -> Option<UtteranceLink> {
        use crate::services::utterances::Method;
        let method = match Method::parse(self.0.link_method.as_deref()?)? {
            Method::SameLanguage => LinkMethod::SameLanguage,
            Method::CrossLanguage => LinkMethod::CrossLanguage,
            Method::Curated => LinkMethod::Curated,
            Method::Split => LinkMethod::Split,
            Method::Copy => LinkMethod::Copy,
        };
        Some(UtteranceLink {
            method,
            score: self.0.link_score,
        })
    }
    /// What the statement is about, each subject with where it comes from:
    /// given by a person (or the seed corpus), or detected because the text
    /// names it (an alias of the speaker or organization, in any case form;
    /// the statement's own speaker and organization are not mentions).
    async fn mentions(&self, ctx: &Context<'_>) -> ApiResult<Vec<Mention>> {
        let mentions = one(ctx, MentionsOfStatement(self.0.id))
            .await?
            .unwrap_or_default();
        let (pairs, sources): (Vec<_>, Vec<_>) = given_first(&mentions).unzip();
        // Every mention's speaker or organization exists (foreign keys), so
        // the subjects come back one for one.
        let subjects = subjects(ctx, pairs).await?;
        Ok(subjects
            .into_iter()
            .zip(sources)
            .map(|(subject, source)| Mention { subject, source })
            .collect())
    }
}

/// One act of saying (an interview answer, a press statement, a quote),
/// however many statements report it: one outlet's, several outlets' in
/// several languages. Every statement belongs to one; the linker puts the
/// reports of one utterance together (`claimgraph eval` measures it), and a
/// curator can link or split them (`linkStatements`, `unlinkStatement`).
#[derive(Debug)]
pub struct Utterance(pub entity::utterance::Model);

/// One act of saying, however many statements report it.
#[Object]
impl Utterance {
    /// A global id, opaque and stable.
    async fn id(&self) -> ID {
        global_id(NodeType::Utterance, self.0.id)
    }
    /// Who said it: the speaker of its first report, when known.
    async fn speaker(&self, ctx: &Context<'_>) -> ApiResult<Option<Speaker>> {
        speaker_by(ctx, self.0.speaker_id).await
    }
    /// On whose behalf: the organization of its first report, when known.
    async fn organization(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        let summary = one(ctx, UtteranceReports(self.0.id)).await?;
        organization_by(ctx, summary.and_then(|s| s.organization_id)).await
    }
    /// When it was said, the earliest date a report gives; null when none
    /// says.
    async fn said_on(&self) -> Option<PartialDate> {
        partial_date(self.0.said_on, self.0.said_precision)
    }
    /// How many statements report it, rejected ones left out.
    async fn report_count(&self) -> i32 {
        self.0.report_count
    }
    /// The languages of its reports (ISO 639-1), sorted.
    async fn languages(&self, ctx: &Context<'_>) -> ApiResult<Vec<String>> {
        Ok(one(ctx, UtteranceReports(self.0.id))
            .await?
            .map(|s| s.languages)
            .unwrap_or_default())
    }
    /// The outlets that carried it (the publishers of its reports'
    /// documents, where known), by name, sorted.
    async fn outlets(&self, ctx: &Context<'_>) -> ApiResult<Vec<String>> {
        Ok(one(ctx, UtteranceReports(self.0.id))
            .await?
            .map(|s| s.outlets)
            .unwrap_or_default())
    }
    /// Its reports: the statements that carry it, oldest first by default.
    #[graphql(complexity = "page_cost(first.or(last), child_complexity) + filter_cost(&filter)")]
    #[allow(clippy::too_many_arguments)]
    async fn statements(
        &self,
        ctx: &Context<'_>,
        filter: Option<StatementFilter>,
        #[graphql(desc = "The order; by default the oldest first.")] sort: Option<StatementSort>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<StatementConnection> {
        let parent = ServiceFilter {
            utterance: Some(self.0.id),
            ..Default::default()
        };
        statements(
            ctx,
            Some(parent),
            StatementArgs {
                filter,
                order_by: None,
                sort,
                default_order: crate::services::statements::StatementOrder::OldestFirst,
                first,
                after,
                last,
                before,
            },
        )
        .await
    }
}

/// How a statement came to be in its utterance.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum LinkMethod {
    /// The linker found another report in the same language with most of
    /// its stemmed words.
    SameLanguage,
    /// The linker found a report in another language sharing its names,
    /// figures, dates and concepts.
    CrossLanguage,
    /// A curator linked it (`linkStatements`).
    Curated,
    /// A curator split it off (`unlinkStatement`): it stays alone.
    Split,
    /// Its document is a copy of another (a repost), and it is the same
    /// statement as one of the original's.
    Copy,
}

/// How a statement joined its utterance, and how sure the linker was.
#[derive(async_graphql::SimpleObject, Debug)]
pub struct UtteranceLink {
    /// How it was linked.
    pub method: LinkMethod,
    /// The linker's similarity score (0 to 1); null for a curator's link.
    pub score: Option<f64>,
}

/// A statement's mentions as (speaker id, organization id) pairs with
/// their source, the given ones first, each group in stored order.
fn given_first(
    mentions: &[mention::Model],
) -> impl Iterator<Item = ((Option<i64>, Option<i64>), MentionSource)> + '_ {
    let given = mentions.iter().filter(|m| !m.detected);
    let detected = mentions.iter().filter(|m| m.detected);
    given.chain(detected).map(|m| {
        let source = if m.detected {
            MentionSource::Detected
        } else {
            MentionSource::Curated
        };
        ((m.speaker_id, m.organization_id), source)
    })
}

/// Where a mention comes from.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum MentionSource {
    /// Given by a person: the seed corpus's curators, or an editor.
    Curated,
    /// Found in the statement's text: it names the subject.
    Detected,
}

/// A speaker or organization a statement is about, and where that comes from.
#[derive(SimpleObject, Debug)]
pub struct Mention {
    /// Whom the statement is about.
    pub subject: Subject,
    /// Given by a person, or detected in the text.
    pub source: MentionSource,
}

/// A person, or a collective voice.
#[derive(Debug)]
pub struct Speaker(pub speaker::Model);

/// A person, or a collective voice ("Kyrgyz human-rights defenders"), who
/// makes statements; known by every alias, in every script and case form.
#[Object]
impl Speaker {
    /// A global id, opaque and stable.
    async fn id(&self) -> ID {
        global_id(NodeType::Speaker, self.0.id)
    }
    /// Stable key ("mukhtar-tleuberdi").
    async fn key(&self) -> &str {
        &self.0.key
    }
    /// The name it is shown by.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// A person, or a collective voice.
    async fn kind(&self) -> SpeakerKind {
        self.0.kind.into()
    }
    /// Who the speaker is, in a few words, where the registry says.
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    /// False for a speaker ingestion created from a name it did not know,
    /// until a person confirms it (`setVerified`).
    async fn verified(&self) -> bool {
        self.0.verified
    }
    /// When the speaker was stored.
    async fn created_at(&self) -> DateTime {
        self.0.created_at.into()
    }
    /// When the speaker was last written: itself, its aliases or
    /// affiliations, or a speaker merged into it.
    async fn updated_at(&self) -> DateTime {
        self.0.updated_at.into()
    }
    /// The ids of speakers merged into this one (`mergeSpeakers`): `node`
    /// given one of them answers with this speaker.
    async fn merged_ids(&self, ctx: &Context<'_>) -> ApiResult<Vec<ID>> {
        let rows = one(ctx, MergedIntoSpeaker(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(rows
            .into_iter()
            .map(|m| global_id(NodeType::Speaker, m.from_id))
            .collect())
    }
    /// Every known name, in every script and case form.
    async fn aliases(&self, ctx: &Context<'_>) -> ApiResult<Vec<Alias>> {
        let rows = one(ctx, AliasesOfSpeaker(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(rows.into_iter().map(Alias).collect())
    }
    /// The speaker's roles in organizations, with their periods.
    async fn affiliations(&self, ctx: &Context<'_>) -> ApiResult<Vec<Affiliation>> {
        let rows = one(ctx, AffiliationsOfSpeaker(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(rows.into_iter().map(Affiliation).collect())
    }
    /// What this speaker said.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "page_cost(first.or(last), child_complexity) + filter_cost(&filter)")]
    async fn statements(
        &self,
        ctx: &Context<'_>,
        filter: Option<StatementFilter>,
        #[graphql(deprecation = "Use `sort`, which orders by the same fields and more; not both.")]
        order_by: Option<StatementOrder>,
        #[graphql(desc = "The order; by default that of the root `statements`.")] sort: Option<
            StatementSort,
        >,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<StatementConnection> {
        let parent = ServiceFilter {
            speaker: Some(node(NodeType::Speaker, self.0.id)),
            ..Default::default()
        };
        statements(
            ctx,
            Some(parent),
            StatementArgs {
                filter,
                order_by,
                sort,
                default_order: Default::default(),
                first,
                after,
                last,
                before,
            },
        )
        .await
    }
}

/// A state body, an NGO, an intergovernmental body, an outlet.
#[derive(Debug)]
pub struct Organization(pub organization::Model);

/// A state body, an NGO, an intergovernmental body or an outlet, within a
/// hierarchy (ODIHR belongs to the OSCE); statements are made on its
/// behalf and by its members.
#[Object]
impl Organization {
    /// A global id, opaque and stable.
    async fn id(&self) -> ID {
        global_id(NodeType::Organization, self.0.id)
    }
    /// Stable key ("kz-mfa").
    async fn key(&self) -> &str {
        &self.0.key
    }
    /// The name it is shown by.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// What sort of body it is.
    async fn kind(&self) -> OrganizationKind {
        self.0.kind.into()
    }
    /// ISO 3166-1 alpha-2.
    async fn country(&self) -> Option<&str> {
        self.0.country.as_deref()
    }
    /// What the organization is, in a few words, where the registry says.
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    /// False for an organization ingestion created from a name it did not
    /// know, until a person confirms it (`setVerified`).
    async fn verified(&self) -> bool {
        self.0.verified
    }
    /// When the organization was stored.
    async fn created_at(&self) -> DateTime {
        self.0.created_at.into()
    }
    /// When the organization was last written: itself or its aliases.
    async fn updated_at(&self) -> DateTime {
        self.0.updated_at.into()
    }
    /// The organization this one belongs to (ODIHR belongs to the OSCE).
    async fn parent(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        organization_by(ctx, self.0.parent_id).await
    }
    /// Sub-organizations, by name.
    async fn children(&self, ctx: &Context<'_>) -> ApiResult<Vec<Organization>> {
        let rows = one(ctx, ChildrenOfOrganization(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(rows.into_iter().map(Organization).collect())
    }
    /// Every known name, in every script and case form.
    async fn aliases(&self, ctx: &Context<'_>) -> ApiResult<Vec<Alias>> {
        let rows = one(ctx, AliasesOfOrganization(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(rows.into_iter().map(Alias).collect())
    }
    /// The people who hold or held roles here, with their roles.
    async fn members(&self, ctx: &Context<'_>) -> ApiResult<Vec<Affiliation>> {
        let rows = one(ctx, AffiliationsOfOrganization(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(rows.into_iter().map(Affiliation).collect())
    }
    /// Statements made for this organization or its sub-organizations, or by
    /// their members while they were members.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "page_cost(first.or(last), child_complexity) + filter_cost(&filter)")]
    async fn statements(
        &self,
        ctx: &Context<'_>,
        filter: Option<StatementFilter>,
        #[graphql(deprecation = "Use `sort`, which orders by the same fields and more; not both.")]
        order_by: Option<StatementOrder>,
        #[graphql(desc = "The order; by default that of the root `statements`.")] sort: Option<
            StatementSort,
        >,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<StatementConnection> {
        let parent = ServiceFilter {
            organization: Some(node(NodeType::Organization, self.0.id)),
            ..Default::default()
        };
        statements(
            ctx,
            Some(parent),
            StatementArgs {
                filter,
                order_by,
                sort,
                default_order: Default::default(),
                first,
                after,
                last,
                before,
            },
        )
        .await
    }
}

/// A speaker's role in an organization.
#[derive(Debug)]
pub struct Affiliation(pub affiliation::Model);

/// A speaker's role in an organization, for a period: while it lasts,
/// the speaker's statements count for the organization and its parents.
#[Object]
impl Affiliation {
    /// The speaker who holds or held the role.
    async fn speaker(&self, ctx: &Context<'_>) -> ApiResult<Option<Speaker>> {
        Ok(one(ctx, SpeakerId(self.0.speaker_id)).await?.map(Speaker))
    }
    /// The organization the role is in.
    async fn organization(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        Ok(one(ctx, OrganizationId(self.0.organization_id))
            .await?
            .map(Organization))
    }
    /// The role, as the source names it ("Minister of Foreign Affairs").
    async fn role(&self) -> &str {
        &self.0.role
    }
    /// Since when the role is held, as precise as known; null when unknown.
    async fn since(&self) -> Option<PartialDate> {
        partial_date(self.0.valid_from, self.0.valid_from_precision)
    }
    /// Until when the role was held, as precise as known (through the
    /// whole of a month or year given only roughly); null while the role
    /// is held, or when unknown.
    async fn until(&self) -> Option<PartialDate> {
        partial_date(self.0.valid_to, self.0.valid_to_precision)
    }
    /// Since when, where known.
    #[graphql(
        deprecation = "Use `since`: a `PartialDate` whose `precision`, `year`, `month` and `day` say how much is known (`since { iso }` is this text)."
    )]
    async fn from(&self) -> Option<Date> {
        date_scalar(self.0.valid_from, self.0.valid_from_precision)
    }
    /// Until when, where known; none while the role is held.
    #[graphql(
        deprecation = "Use `until`: a `PartialDate` whose `precision`, `year`, `month` and `day` say how much is known (`until { iso }` is this text)."
    )]
    async fn to(&self) -> Option<Date> {
        date_scalar(self.0.valid_to, self.0.valid_to_precision)
    }
}

/// Another name of a speaker or an organization.
#[derive(Debug)]
pub struct Alias(pub alias::Model);

/// Another name of a speaker or an organization: filters and `resolve`
/// find the entity by it, in any script or usual transliteration.
#[Object]
impl Alias {
    /// A global id, opaque and stable.
    async fn id(&self) -> ID {
        global_id(NodeType::Alias, self.0.id)
    }
    /// The speaker or organization it names.
    async fn entity(&self, ctx: &Context<'_>) -> ApiResult<Option<Subject>> {
        Ok(
            subjects(ctx, vec![(self.0.speaker_id, self.0.organization_id)])
                .await?
                .pop(),
        )
    }
    /// The name as written.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// ISO 639-1, where the name belongs to one language.
    async fn lang(&self) -> Option<&str> {
        self.0.lang.as_deref()
    }
}

/// A topic of the taxonomy.
#[derive(Debug)]
pub struct Topic(pub topic::Model);

/// A topic of the taxonomy ("investigation"), with its labels and the
/// keywords that tag statements with it, in English and Russian.
#[Object]
impl Topic {
    /// A global id, opaque and stable.
    async fn id(&self) -> ID {
        global_id(NodeType::Topic, self.0.id)
    }
    /// Stable slug ("investigation").
    async fn slug(&self) -> &str {
        &self.0.key
    }
    /// The English label.
    async fn label_en(&self) -> &str {
        &self.0.label_en
    }
    /// The Russian label.
    async fn label_ru(&self) -> &str {
        &self.0.label_ru
    }
    /// What the topic covers.
    async fn description(&self) -> Option<&str> {
        self.0.description.as_deref()
    }
    /// Words and stems that signal the topic, in English and Russian.
    async fn keywords(&self, ctx: &Context<'_>) -> ApiResult<Vec<Keyword>> {
        let rows = one(ctx, KeywordsOfTopic(self.0.id))
            .await?
            .unwrap_or_default();
        Ok(rows
            .into_iter()
            .map(|k| Keyword {
                word: k.word,
                lang: k.lang,
            })
            .collect())
    }
    /// Statements on this topic.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "page_cost(first.or(last), child_complexity) + filter_cost(&filter)")]
    async fn statements(
        &self,
        ctx: &Context<'_>,
        filter: Option<StatementFilter>,
        #[graphql(deprecation = "Use `sort`, which orders by the same fields and more; not both.")]
        order_by: Option<StatementOrder>,
        #[graphql(desc = "The order; by default that of the root `statements`.")] sort: Option<
            StatementSort,
        >,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<StatementConnection> {
        let parent = ServiceFilter {
            topic: Some(node(NodeType::Topic, self.0.id)),
            ..Default::default()
        };
        statements(
            ctx,
            Some(parent),
            StatementArgs {
                filter,
                order_by,
                sort,
                default_order: Default::default(),
                first,
                after,
                last,
                before,
            },
        )
        .await
    }
}

/// A claim statements take sides on.
#[derive(Debug)]
pub struct Proposition(pub proposition::Model);

/// A claim people take sides on ("An international investigation of the
/// January events is needed"), in English and Russian, on one topic: the
/// statements on that topic stand `FOR`, `AGAINST` or `NEUTRAL` on it.
#[Object]
impl Proposition {
    /// A global id, opaque and stable.
    async fn id(&self) -> ID {
        global_id(NodeType::Proposition, self.0.id)
    }
    /// Stable key ("international_investigation"): what `proposition(key:)`
    /// and `StanceFilter.proposition` take.
    async fn key(&self) -> &str {
        &self.0.key
    }
    /// The proposition in `language`: "en" (the default) or "ru".
    async fn text(&self, language: Option<String>) -> ApiResult<&str> {
        match language
            .as_deref()
            .map(|l| l.trim().to_lowercase())
            .as_deref()
        {
            None | Some("en") => Ok(&self.0.text_en),
            Some("ru") => Ok(&self.0.text_ru),
            Some(other) => Err(Error::BadInput(format!(
                "`language`: propositions are written in \"en\" and \"ru\", not {other:?}"
            ))
            .into()),
        }
    }
    /// The proposition in English.
    async fn text_en(&self) -> &str {
        &self.0.text_en
    }
    /// The proposition in Russian.
    async fn text_ru(&self) -> &str {
        &self.0.text_ru
    }
    /// The topic whose statements take sides on it.
    async fn topic(&self, ctx: &Context<'_>) -> ApiResult<Option<Topic>> {
        let Some(id) = self.0.topic_id else {
            return Ok(None);
        };
        Ok(one(ctx, TopicId(id)).await?.map(Topic))
    }
    /// Statements with a stance on it, of `position` only when given.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "page_cost(first.or(last), child_complexity) + filter_cost(&filter)")]
    async fn statements(
        &self,
        ctx: &Context<'_>,
        position: Option<Position>,
        filter: Option<StatementFilter>,
        #[graphql(desc = "The order; by default that of the root `statements`.")] sort: Option<
            StatementSort,
        >,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<StatementConnection> {
        let parent = ServiceFilter {
            stance: Some(crate::services::statements::StanceFilter {
                proposition: crate::services::statements::PropositionRef::Id(self.0.id),
                position: position.map(Into::into),
            }),
            ..Default::default()
        };
        statements(
            ctx,
            Some(parent),
            StatementArgs {
                filter,
                order_by: None,
                sort,
                default_order: Default::default(),
                first,
                after,
                last,
                before,
            },
        )
        .await
    }
    /// How many statements stand each way on it: `FOR`, `AGAINST` and
    /// `NEUTRAL`, in that order, none left out. They add up to the
    /// `totalCount` of `statements` (rejected statements are in neither).
    async fn stance_counts(&self, ctx: &Context<'_>) -> ApiResult<Vec<StanceCount>> {
        let counts = one(ctx, StanceCountsOfProposition(self.0.id))
            .await?
            .unwrap_or_default();
        Ok([
            kinds::Polarity::For,
            kinds::Polarity::Against,
            kinds::Polarity::Neutral,
        ]
        .into_iter()
        .map(|position| StanceCount {
            position: position.into(),
            count: counts
                .iter()
                .filter(|(p, _)| *p == position)
                .map(|(_, n)| n)
                .sum(),
        })
        .collect())
    }
}

/// How many statements take one position on a proposition.
#[derive(SimpleObject, Debug)]
pub struct StanceCount {
    /// The position.
    pub position: Position,
    /// How many statements take it.
    pub count: i64,
}

/// Where a statement stands on a proposition.
#[derive(Debug)]
pub struct Stance(pub stance::Model);

/// Where a statement stands on a proposition, how sure the judgment is and
/// whose it is.
#[Object]
impl Stance {
    /// The proposition.
    async fn proposition(&self, ctx: &Context<'_>) -> ApiResult<Proposition> {
        one(ctx, PropositionId(self.0.proposition_id))
            .await?
            .map(Proposition)
            .ok_or_else(|| Error::NotFound("the proposition is gone".to_owned()).into())
    }
    /// For, against, or on its topic without taking a side.
    async fn position(&self) -> Position {
        self.0.polarity.into()
    }
    /// 1 for a person's judgment; below 1 for a detected one.
    async fn confidence(&self) -> f64 {
        self.0.confidence
    }
    /// Whose judgment: `curated` (the seed corpus), `editor` (a person,
    /// through `setStance`) or `detected` (from the statement's words).
    async fn source(&self) -> &str {
        &self.0.source
    }
}

/// A word or stem that signals a topic.
#[derive(SimpleObject, Debug)]
pub struct Keyword {
    /// The word, or the stem that matches its inflected forms.
    pub word: String,
    /// ISO 639-1.
    pub lang: String,
}

/// One group of `statementCounts`: its key, a label for people, how many
/// statements it holds, the object behind the key, and with `thenBy` the
/// group broken down by the second dimension.
#[derive(Debug)]
pub struct CountBucket {
    key: Option<String>,
    label: String,
    count: i64,
    node: Option<crate::services::ids::NodeRef>,
    breakdown: Option<Vec<CountBucket>>,
}

impl From<crate::services::statements::Bucket> for CountBucket {
    fn from(bucket: crate::services::statements::Bucket) -> Self {
        use crate::services::statements::BucketKey;
        let node = bucket.key.node();
        CountBucket {
            key: match bucket.key {
                BucketKey::Node(node) => Some(super::ids::encode(node)),
                BucketKey::Topic { slug, .. } => Some(slug),
                BucketKey::Text(text) => Some(text),
                BucketKey::Missing => None,
            },
            label: bucket.label,
            count: bucket.count,
            node,
            breakdown: bucket
                .breakdown
                .map(|buckets| buckets.into_iter().map(Into::into).collect()),
        }
    }
}

/// One group of `statementCounts`: its key (usable back in a filter), a
/// label for people, how many statements it holds, the speaker,
/// organization, topic or document behind the key, and, when `thenBy` was
/// given, the group broken down by that second dimension.
#[Object]
impl CountBucket {
    /// Usable back in a filter: an id (speaker, organization, document), a
    /// topic slug, a language code, a kind or review status, or a month
    /// (`2022-01`). By month, statements dated only to a year are in a
    /// bucket keyed by the year (`2022`). Null for the bucket of statements
    /// that have no value for the dimension: no speaker, no organization,
    /// no topic, no date.
    async fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// For people: a name, a title, a label; `2022, month unknown` for a
    /// year's bucket by month; `(no speaker)`, `(no organization)`, `(no
    /// topic)` or `(no date)` for the bucket with a null key.
    async fn label(&self) -> &str {
        &self.label
    }

    /// How many statements the group holds.
    async fn count(&self) -> i64 {
        self.count
    }

    /// The speaker, organization, topic or document the key stands for
    /// (the buckets of one count are loaded together, in one query); null
    /// by language, kind, month and review status, for the bucket with a
    /// null key, and for an object deleted meanwhile.
    async fn node(&self, ctx: &Context<'_>) -> ApiResult<Option<Node>> {
        match self.node {
            Some(node) => super::query::load_node(ctx, node).await,
            None => Ok(None),
        }
    }

    /// The group's statements counted by `thenBy`, largest first, the
    /// bucket with a null key last; null when `thenBy` was not given. Its
    /// counts add up to this bucket's `count` (by topic they can add up to
    /// more: a statement counts under each of its topics).
    async fn breakdown(&self) -> Option<&[CountBucket]> {
        self.breakdown.as_deref()
    }
}

/// What a name can mean.
#[derive(Union, Debug)]
pub enum Resolved {
    Speaker(Speaker),
    Organization(Organization),
    Topic(Topic),
}

/// One meaning of a name, with how well it matches.
#[derive(SimpleObject, Debug)]
pub struct EntityMatch {
    /// 1 for an exact match (any alias, script or transliteration), 0.9 for a
    /// case form or keyword form, lower for partial and near matches.
    pub score: f64,
    /// The alias, label or keyword that matched.
    pub matched_alias: Option<String>,
    /// The speaker, organization or topic the name can mean.
    pub entity: Resolved,
}

/// A date known to a day, a month or a year.
#[derive(Debug, Clone, Copy)]
pub struct PartialDate(pub seeds::date::PartialDate);

/// A date as precise as its source knows it: a day, a month or only a
/// year. `precision` says which; `year` is always given, `month` only when
/// the month is known and `day` only when the day is; `start` and `end`
/// are the first and last calendar days it covers, to place it on a
/// calendar or compare it without guessing.
#[Object]
impl PartialDate {
    /// The date in ISO 8601, as precise as it is known: `2022-01-05` (a
    /// day), `2022-01` (a month) or `2022` (a year), as the `Date` scalar
    /// of filters takes it.
    async fn iso(&self) -> String {
        self.0.to_string()
    }
    /// How much of the date is known: a day, a month or a year.
    async fn precision(&self) -> DatePrecision {
        self.0.precision.into()
    }
    /// The year.
    async fn year(&self) -> i32 {
        self.0.date.year()
    }
    /// The month, 1 to 12; null when only the year is known.
    async fn month(&self) -> Option<u32> {
        (self.0.precision != seeds::date::DatePrecision::Year).then(|| self.0.date.month())
    }
    /// The day of the month, 1 to 31; null unless the day is known.
    async fn day(&self) -> Option<u32> {
        (self.0.precision == seeds::date::DatePrecision::Day).then(|| self.0.date.day())
    }
    /// The first calendar day the date covers, `YYYY-MM-DD`: the day
    /// itself, the first of the month, or 1 January.
    async fn start(&self) -> String {
        self.0.date.format("%Y-%m-%d").to_string()
    }
    /// The last calendar day the date covers, `YYYY-MM-DD`: the day
    /// itself, the month's last day (`2024-02-29`), or 31 December.
    async fn end(&self) -> String {
        self.0.last_day().format("%Y-%m-%d").to_string()
    }
}

/// A place in a document body, in Unicode code points: `body[start..end]` is the text.
#[derive(SimpleObject, Debug, Clone, Copy)]
pub struct Span {
    /// Offset of the first character.
    pub start: i32,
    /// Offset just past the last character.
    pub end: i32,
}

/// Extra fields on every connection.
#[derive(SimpleObject, Debug)]
pub struct ConnectionFields {
    /// How many items match, across all pages.
    pub total_count: i64,
}

/// A statement the extractor found in a text, not stored.
#[derive(Debug)]
pub struct ExtractedStatement(pub crate::ingest::Found);

/// A statement the extractor found in a text given to
/// `previewExtraction`; nothing is stored.
#[Object]
impl ExtractedStatement {
    /// Exactly as it stands in the cleaned text.
    async fn text(&self) -> &str {
        &self.0.candidate.text
    }
    /// Where the text stands in the cleaned text, in code points.
    async fn span(&self) -> Span {
        Span {
            start: i32::try_from(self.0.candidate.span_start).unwrap_or(i32::MAX),
            end: i32::try_from(self.0.candidate.span_end).unwrap_or(i32::MAX),
        }
    }
    /// How it is reported: a direct quote, a paraphrase or a claim attributed to a source.
    async fn kind(&self) -> StatementKind {
        self.0.candidate.kind.into()
    }
    /// The speaker as the text names them (a pronoun replaced by its name).
    async fn speaker_name(&self) -> Option<&str> {
        self.0.candidate.speaker.as_deref()
    }
    /// The registry's speaker for that name, when it knows one.
    async fn speaker(&self, ctx: &Context<'_>) -> ApiResult<Option<Speaker>> {
        speaker_by(ctx, self.0.speaker_id).await
    }
    /// The organization, from the name or from the speaker's affiliation.
    async fn organization(&self, ctx: &Context<'_>) -> ApiResult<Option<Organization>> {
        organization_by(ctx, self.0.organization_id).await
    }
    /// Between 0 and 1: how explicit the attribution was.
    async fn confidence(&self) -> f64 {
        self.0.candidate.confidence
    }
    /// Topics whose keywords the text contains.
    async fn topics(&self, ctx: &Context<'_>) -> ApiResult<Vec<Topic>> {
        let loaded = loader(ctx)?
            .load_many(self.0.topic_ids.iter().copied().map(TopicId))
            .await?;
        Ok(self
            .0
            .topic_ids
            .iter()
            .filter_map(|id| loaded.get(&TopicId(*id)).cloned().map(Topic))
            .collect())
    }
    /// Speakers and organizations the text names.
    async fn about(&self, ctx: &Context<'_>) -> ApiResult<Vec<Subject>> {
        let pairs = self
            .0
            .about
            .iter()
            .map(|entity| match entity {
                crate::services::resolve::Entity::Speaker(id) => (Some(*id), None),
                crate::services::resolve::Entity::Organization(id) => (None, Some(*id)),
                crate::services::resolve::Entity::Topic(_) => (None, None),
            })
            .collect();
        subjects(ctx, pairs).await
    }
}

/// What a change to a statement did.
#[derive(async_graphql::Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum RevisionAction {
    /// A person marked the statement in its document (`createStatement`).
    Create,
    /// A person corrected fields (`updateStatement`).
    Update,
    /// A person confirmed or rejected it, or sent it back (`reviewStatement`).
    Review,
    /// Its speaker, or a speaker it is about, was merged into another
    /// (`mergeSpeakers`).
    MergeSpeakers,
    /// A person set or cleared its stance on a proposition (`setStance`,
    /// `clearStance`); the fields are `stance`: `{proposition, position,
    /// source}`, the position as stored (`for`) or null.
    Stance,
    /// A person linked it with other reports of one utterance
    /// (`linkStatements`) or split it off (`unlinkStatement`); the field is
    /// `utterance`: the number of the utterance it was in, and is in.
    Link,
}

/// One change to a statement: when, by whom, what, and the fields that
/// changed as they were and as they became.
#[derive(Debug)]
pub struct Revision(pub revision::Model);

/// One change to a statement: when, by whom, what, and the fields that
/// changed as they were and as they became.
#[Object]
impl Revision {
    /// The statement's version after this change.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// When the change was made.
    async fn at(&self) -> DateTime {
        self.0.at.into()
    }
    /// The name of the API key that made the change.
    async fn by(&self) -> &str {
        &self.0.by
    }
    /// What sort of change it was.
    async fn action(&self) -> RevisionAction {
        use crate::services::store::history::Action;
        match Action::parse(&self.0.action) {
            Some(Action::Create) => RevisionAction::Create,
            Some(Action::Review) => RevisionAction::Review,
            Some(Action::MergeSpeakers) => RevisionAction::MergeSpeakers,
            Some(Action::Stance) => RevisionAction::Stance,
            Some(Action::Link) => RevisionAction::Link,
            Some(Action::Update) | None => RevisionAction::Update,
        }
    }
    /// The fields that changed, as they were: an object keyed by field
    /// names (`speaker`, `organization`, `kind`, `topics`, `about`,
    /// `saidOn`, `span`, `text`, `reviewStatus`), as `UpdateStatementInput`
    /// names those it has (`saidOn` written as the `Date` scalar is), with
    /// ids as global ids and enums as the schema names them. Empty for a
    /// creation.
    async fn before(&self) -> Json {
        revision_fields(&self.0.before).into()
    }
    /// The fields that changed, as they became (every field for a creation).
    async fn after(&self) -> Json {
        revision_fields(&self.0.after).into()
    }
    /// The reviewer's note, for a review.
    async fn note(&self) -> Option<&str> {
        self.0.note.as_deref()
    }
}

/// A revision's stored fields (see `services::store::history`) as clients
/// see them: row ids as global ids, enums by their schema names.
fn revision_fields(stored: &str) -> serde_json::Value {
    use serde_json::{Map, Value, json};
    let Ok(Value::Object(fields)) = serde_json::from_str::<Value>(stored) else {
        return Value::Object(Map::new());
    };
    let id = |node_type: NodeType, value: &Value| match value.as_i64() {
        Some(row) => Value::String(global_id(node_type, row).0),
        None => Value::Null,
    };
    let mut out = Map::new();
    for (key, value) in fields {
        let shown = match key.as_str() {
            "speaker" => id(NodeType::Speaker, &value),
            "organization" => id(NodeType::Organization, &value),
            "topics" => Value::Array(
                value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|t| id(NodeType::Topic, t))
                    .collect(),
            ),
            "about" => Value::Array(
                value
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|subject| {
                        if let Some(speaker) = subject.get("speaker") {
                            id(NodeType::Speaker, speaker)
                        } else if let Some(organization) = subject.get("organization") {
                            id(NodeType::Organization, organization)
                        } else {
                            Value::Null
                        }
                    })
                    .collect(),
            ),
            "kind" => value
                .as_str()
                .and_then(|stored| {
                    <kinds::StatementKind as sea_orm::ActiveEnum>::try_from_value(
                        &stored.to_owned(),
                    )
                    .ok()
                })
                .map_or(Value::Null, |kind| {
                    Value::String(enum_name(StatementKind::from(kind)).to_owned())
                }),
            "reviewStatus" => value
                .as_str()
                .and_then(|stored| {
                    <kinds::ReviewStatus as sea_orm::ActiveEnum>::try_from_value(&stored.to_owned())
                        .ok()
                })
                .map_or(Value::Null, |status| {
                    Value::String(enum_name(ReviewStatus::from(status)).to_owned())
                }),
            "span" => match value.as_array().map(Vec::as_slice) {
                Some([start, end]) => json!({ "start": start, "end": end }),
                _ => Value::Null,
            },
            _ => value,
        };
        out.insert(key, shown);
    }
    Value::Object(out)
}
