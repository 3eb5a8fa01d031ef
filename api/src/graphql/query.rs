//! The query root. Resolvers stay thin: arguments in, a service call, GraphQL types out.

use async_graphql::{Context, ID, Object};

use super::connections::{
    Connection, StatementArgs, StatementConnection, connection, db, filter_cost, page_cost,
    statements, wants_total,
};
use super::error::ApiResult;
use super::ids::{decode, name_or_id};
use super::inputs::{
    CountDimension, DocumentFilter, DocumentSort, OrganizationSort, SpeakerSort, StatementFilter,
    StatementOrder, StatementSort,
};
use super::loaders::*;
use super::objects::*;
use crate::services::Error;
use crate::services::ids::{NameOrId, NodeRef, NodeType};
use crate::services::pagination::PageRequest;
use crate::services::resolve::{self, Entity};
use crate::services::{self, listing};

/// A page of documents.
pub type DocumentConnection = Connection<Document>;
/// A page of speakers.
pub type SpeakerConnection = Connection<Speaker>;
/// A page of organizations.
pub type OrganizationConnection = Connection<Organization>;
/// A page of utterances.
pub type UtteranceConnection = Connection<Utterance>;

/// The query root.
#[derive(Debug, Default)]
pub struct QueryRoot;

/// What can be read: statements with their filters and counts, the
/// registry of speakers, organizations and topics, documents, and any
/// object by its id.
#[Object(name = "Query")]
impl QueryRoot {
    /// Statements across every document and language. Every filter field
    /// narrows the set; names may be written in any script or spelling.
    /// `first`/`last` default to 20, at most 100. Null, beside its error,
    /// when the filter is wrong (a name that means nothing, with
    /// `extensions.suggestions`): the request's other fields still answer.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "page_cost(first.or(last), child_complexity) + filter_cost(&filter)")]
    async fn statements(
        &self,
        ctx: &Context<'_>,
        filter: Option<StatementFilter>,
        #[graphql(deprecation = "Use `sort`, which orders by the same fields and more; not both.")]
        order_by: Option<StatementOrder>,
        #[graphql(desc = "The order; by default `{field: DATE, direction: DESC}`, latest first.")]
        sort: Option<StatementSort>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<Option<StatementConnection>> {
        statements(
            ctx,
            None,
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
        .map(Some)
    }

    /// The documents, in the order they were stored unless `sort` says
    /// otherwise. Null, beside its error, when the filter is wrong (an
    /// `outlet` that names no organization).
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "page_cost(first.or(last), child_complexity)")]
    async fn documents(
        &self,
        ctx: &Context<'_>,
        filter: Option<DocumentFilter>,
        #[graphql(desc = "The order; by default `{field: CREATED, direction: ASC}`.")] sort: Option<
            DocumentSort,
        >,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<Option<DocumentConnection>> {
        let request = PageRequest::new(first, after, last, before)?;
        let filter = filter.unwrap_or_default().into_domain()?;
        let sort = sort.map(Into::into).unwrap_or_default();
        let (page, order) =
            services::documents::list(db(ctx)?, &filter, sort, &request, wants_total(ctx)).await?;
        Ok(Some(connection(page, |row| order.cursor(row), Document)))
    }

    /// Speakers, all or those a name can mean, in the order they were
    /// stored unless `sort` says otherwise. `verified: false` lists the
    /// ones ingestion created and no person has confirmed yet: a review
    /// queue. Null, beside its error, when `name` means no speaker.
    #[graphql(complexity = "page_cost(first, child_complexity)")]
    async fn speakers(
        &self,
        ctx: &Context<'_>,
        name: Option<String>,
        verified: Option<bool>,
        #[graphql(desc = "The order; by default `{field: CREATED, direction: ASC}`.")] sort: Option<
            SpeakerSort,
        >,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Option<SpeakerConnection>> {
        let request = PageRequest::new(first, after, None, None)?;
        let name = name.map(name_or_id);
        let (page, order) = listing::speakers(
            db(ctx)?,
            name.as_ref(),
            verified,
            sort.map(Into::into).unwrap_or_default(),
            &request,
            wants_total(ctx),
        )
        .await?;
        Ok(Some(connection(page, |row| order.cursor(row), Speaker)))
    }

    /// Organizations, all or those a name can mean, in the order they were
    /// stored unless `sort` says otherwise. `verified: false` lists the
    /// ones ingestion created and no person has confirmed yet. Null, beside
    /// its error, when `name` means no organization.
    #[graphql(complexity = "page_cost(first, child_complexity)")]
    async fn organizations(
        &self,
        ctx: &Context<'_>,
        name: Option<String>,
        verified: Option<bool>,
        #[graphql(desc = "The order; by default `{field: CREATED, direction: ASC}`.")] sort: Option<
            OrganizationSort,
        >,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<Option<OrganizationConnection>> {
        let request = PageRequest::new(first, after, None, None)?;
        let name = name.map(name_or_id);
        let (page, order) = listing::organizations(
            db(ctx)?,
            name.as_ref(),
            verified,
            sort.map(Into::into).unwrap_or_default(),
            &request,
            wants_total(ctx),
        )
        .await?;
        Ok(Some(connection(
            page,
            |row| order.cursor(row),
            Organization,
        )))
    }

    /// Every topic of the taxonomy, by slug.
    async fn topics(&self, ctx: &Context<'_>) -> ApiResult<Vec<Topic>> {
        let rows = listing::topics(db(ctx)?).await?;
        Ok(rows.into_iter().map(Topic).collect())
    }

    /// What a name can mean (speakers, organizations, topics), best first,
    /// with near misses at lower scores.
    async fn resolve(&self, ctx: &Context<'_>, name: String) -> ApiResult<Vec<EntityMatch>> {
        let value = name_or_id(name.clone());
        let matches = resolve::resolve(db(ctx)?, &value, None).await?;
        let matches: Vec<_> = matches
            .into_iter()
            .filter(|m| m.score >= resolve::SHOWN_THRESHOLD)
            .take(10)
            .collect();
        let dl = loader(ctx)?;
        let mut out = Vec::with_capacity(matches.len());
        for m in matches {
            let entity = match m.entity {
                Entity::Speaker(id) => dl
                    .load_one(SpeakerId(id))
                    .await?
                    .map(|s| Resolved::Speaker(Speaker(s))),
                Entity::Organization(id) => dl
                    .load_one(OrganizationId(id))
                    .await?
                    .map(|o| Resolved::Organization(Organization(o))),
                Entity::Topic(id) => dl
                    .load_one(TopicId(id))
                    .await?
                    .map(|t| Resolved::Topic(Topic(t))),
            };
            if let Some(entity) = entity {
                out.push(EntityMatch {
                    score: (m.score * 100.0).round() / 100.0,
                    // An id matches as itself, written as the client wrote it.
                    matched_alias: Some(match value {
                        NameOrId::Id(_) => name.trim().to_owned(),
                        NameOrId::Name(_) => m.matched,
                    }),
                    entity,
                });
            }
        }
        Ok(out)
    }

    /// How many statements match the filter, grouped by one dimension
    /// (`by`) and, with `thenBy`, each group by a second one (its
    /// `breakdown`): month by organization in one request. Largest group
    /// first; the group of statements with no value for the dimension (no
    /// speaker, no organization, no topic, no date: `key` null) last. By
    /// any dimension but TOPIC the counts add up to the `totalCount` of
    /// `statements` with the same filter; by TOPIC they can add up to more,
    /// as a statement counts under each of its topics (and under no topic
    /// when it has none). Each bucket's `key` can be used back in a filter.
    /// `thenBy` must differ from `by`, and a count by two dimensions may
    /// make at most 10,000 (group, subgroup) pairs: more is a
    /// `BAD_USER_INPUT` error asking for a narrower filter or `thenByTop`.
    /// With `thenByTop: n`, each breakdown keeps only the subgroups among
    /// the n largest over all groups, and the one with no value (a chart's
    /// few series: what a breakdown leaves out of its bucket is the other
    /// subgroups'). Null, beside its error, when the filter is wrong, as
    /// `statements`.
    #[graphql(complexity = "1 + child_complexity + filter_cost(&filter)")]
    async fn statement_counts(
        &self,
        ctx: &Context<'_>,
        filter: Option<StatementFilter>,
        by: CountDimension,
        then_by: Option<CountDimension>,
        #[graphql(
            desc = "With `thenBy`: keep in each breakdown only the subgroups among this many largest over all groups (by their sum), and the one with no value. At least 1."
        )]
        then_by_top: Option<i32>,
        #[graphql(
            default = false,
            desc = "Count utterances rather than statements: the reports of one act of saying (`Statement.utterance`), carried by several outlets or in several languages, count once in a bucket. An utterance counts in every bucket one of its selected reports falls in, so buckets can add up to more than `totalCount(distinctUtterances: true)`."
        )]
        distinct_utterances: bool,
    ) -> ApiResult<Option<Vec<CountBucket>>> {
        let db = db(ctx)?;
        let filter = filter.unwrap_or_default().into_domain()?;
        let counting = if distinct_utterances {
            services::statements::Counting::Utterances
        } else {
            services::statements::Counting::Statements
        };
        let then_top = match (then_by_top, then_by) {
            (None, _) => None,
            (Some(_), None) => {
                return Err(Error::BadInput(
                    "`thenByTop` keeps the largest subgroups of `thenBy`: give `thenBy` too"
                        .to_owned(),
                )
                .into());
            }
            (Some(top), Some(_)) => match usize::try_from(top) {
                Ok(top) if top > 0 => Some(top),
                _ => {
                    return Err(Error::BadInput(format!(
                        "`thenByTop` is {top}; it must be at least 1"
                    ))
                    .into());
                }
            },
        };
        let buckets = services::statements::count(
            db,
            &filter,
            by.into(),
            then_by.map(Into::into),
            then_top,
            counting,
        )
        .await?;
        Ok(Some(buckets.into_iter().map(CountBucket::from).collect()))
    }

    /// Extracts statements from a text without storing anything: for trying
    /// the extractor. The language is detected when not given.
    async fn preview_extraction(
        &self,
        ctx: &Context<'_>,
        text: String,
        language: Option<String>,
    ) -> ApiResult<Vec<ExtractedStatement>> {
        let (found, _notice) = crate::ingest::preview(db(ctx)?, &text, language).await?;
        Ok(found.into_iter().map(ExtractedStatement).collect())
    }

    /// Any object by its global id; null when there is none.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Option<Node>> {
        let node = decode(&id)?;
        let mut row = node.id;
        if node.node_type == NodeType::Speaker {
            // A merged speaker's id answers with the speaker it went into,
            // whose `mergedIds` lists it.
            row = crate::services::curation::live_speaker(db(ctx)?, row)
                .await?
                .unwrap_or(row);
        }
        load_node(ctx, NodeRef::new(node.node_type, row)).await
    }

    /// Objects by their global ids (at most 100), in the order asked: each
    /// place holds the object, or null when its id names nothing (a deleted
    /// or unknown object). Loaded in one batch per type; costs as much as
    /// that many `node` fields.
    #[graphql(complexity = "ids.len().saturating_mul(child_complexity).saturating_add(1)")]
    async fn nodes(&self, ctx: &Context<'_>, ids: Vec<ID>) -> ApiResult<Vec<Option<Node>>> {
        if ids.len() > MAX_NODES {
            return Err(Error::BadInput(format!(
                "`ids` holds {} ids; at most {MAX_NODES} are allowed in one request",
                ids.len()
            ))
            .into());
        }
        let refs = ids
            .iter()
            .enumerate()
            .map(|(i, id)| {
                decode(id).map_err(|e| match e {
                    Error::BadInput(message) => Error::BadInput(format!("`ids[{i}]`: {message}")),
                    other => other,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let speakers: Vec<i64> = refs
            .iter()
            .filter(|r| r.node_type == NodeType::Speaker)
            .map(|r| r.id)
            .collect();
        let live = if speakers.is_empty() {
            Default::default()
        } else {
            crate::services::curation::live_speakers(db(ctx)?, &speakers).await?
        };
        // Loaded side by side, the loads of one type meet in one batch.
        futures_util::future::try_join_all(refs.into_iter().map(|r| {
            let r = match r.node_type {
                // A merged speaker's id answers with the speaker kept, as in
                // `node`; an id that names no speaker stays as it is and
                // loads nothing.
                NodeType::Speaker => {
                    NodeRef::new(r.node_type, live.get(&r.id).copied().unwrap_or(r.id))
                }
                _ => r,
            };
            load_node(ctx, r)
        }))
        .await
    }

    /// The topic with this slug (`Topic.slug`, the key `statementCounts(by:
    /// TOPIC)` gives), in any case; null when there is none.
    async fn topic(&self, ctx: &Context<'_>, key: String) -> ApiResult<Option<Topic>> {
        Ok(listing::topic_by_key(db(ctx)?, &key).await?.map(Topic))
    }

    /// Utterances: acts of saying, each with the statements (reports) that
    /// carry it in one outlet or several, in one language or several. The
    /// most reported first (ties: the first stored first). With `filter`,
    /// only utterances one of whose reports it selects (`{speaker:
    /// "Tokayev", topic: "investigation"}`; `reportedBy` for one outlet's);
    /// with `minReports`, only those with at least that many reports that
    /// are not rejected (2: what more than one outlet carried).
    #[graphql(complexity = "page_cost(first, child_complexity) + filter_cost(&filter)")]
    async fn utterances(
        &self,
        ctx: &Context<'_>,
        filter: Option<StatementFilter>,
        #[graphql(default = 1)] min_reports: i32,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<UtteranceConnection> {
        let db = db(ctx)?;
        let request = PageRequest::new(first, after, None, None)?;
        let selection = match filter {
            Some(filter) => Some(services::statements::select(db, &filter.into_domain()?).await?),
            None => None,
        };
        let page = services::utterances::list(
            db,
            selection.as_ref(),
            min_reports,
            &request,
            wants_total(ctx),
        )
        .await?;
        Ok(connection(page, services::utterances::cursor, Utterance))
    }

    /// Every proposition statements take sides on, by key.
    async fn propositions(&self, ctx: &Context<'_>) -> ApiResult<Vec<Proposition>> {
        Ok(services::stances::all(db(ctx)?)
            .await?
            .into_iter()
            .map(Proposition)
            .collect())
    }

    /// The proposition with this key (`Proposition.key`), in any case;
    /// null when there is none.
    async fn proposition(&self, ctx: &Context<'_>, key: String) -> ApiResult<Option<Proposition>> {
        Ok(services::stances::by_key(db(ctx)?, &key)
            .await?
            .map(Proposition))
    }

    /// The document ingested from this URL, written exactly as stored
    /// (`Document.url`); of several (the article changed between
    /// ingestions), the latest. Null when there is none.
    async fn document(&self, ctx: &Context<'_>, url: String) -> ApiResult<Option<Document>> {
        let Some(id) = services::documents::latest_by_url(db(ctx)?, &url).await? else {
            return Ok(None);
        };
        Ok(loader(ctx)?.load_one(DocumentId(id)).await?.map(Document))
    }
}

/// The most ids `nodes` takes in one request: a page's worth.
pub const MAX_NODES: usize = 100;

/// The object `node` names, through the request's loaders; `None` when its
/// row does not exist.
pub(super) async fn load_node(ctx: &Context<'_>, node: NodeRef) -> ApiResult<Option<Node>> {
    let dl = loader(ctx)?;
    let row = node.id;
    Ok(match node.node_type {
        NodeType::Document => dl
            .load_one(DocumentId(row))
            .await?
            .map(|m| Node::Document(Document(m))),
        NodeType::Statement => dl
            .load_one(StatementId(row))
            .await?
            .map(|m| Node::Statement(Statement::from(m))),
        NodeType::Speaker => dl
            .load_one(SpeakerId(row))
            .await?
            .map(|m| Node::Speaker(Speaker(m))),
        NodeType::Organization => dl
            .load_one(OrganizationId(row))
            .await?
            .map(|m| Node::Organization(Organization(m))),
        NodeType::Topic => dl
            .load_one(TopicId(row))
            .await?
            .map(|m| Node::Topic(Topic(m))),
        NodeType::Alias => dl
            .load_one(AliasId(row))
            .await?
            .map(|m| Node::Alias(Alias(m))),
        NodeType::Proposition => dl
            .load_one(PropositionId(row))
            .await?
            .map(|m| Node::Proposition(Proposition(m))),
        NodeType::Utterance => dl
            .load_one(UtteranceId(row))
            .await?
            .map(|m| Node::Utterance(Utterance(m))),
    })
}
