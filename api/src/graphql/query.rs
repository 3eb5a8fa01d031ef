//! The query root. Resolvers stay thin: arguments in, a service call, GraphQL types out.

use async_graphql::{Context, ID, Object};

use super::connections::{
    StatementArgs, StatementConnection, connection, db, page_cost, statements, wants_total,
};
use super::error::ApiResult;
use super::ids::{decode, encode, name_or_id};
use super::inputs::{CountDimension, DocumentFilter, StatementFilter, StatementOrder};
use super::loaders::*;
use super::objects::*;
use crate::services::ids::{NameOrId, NodeType};
use crate::services::pagination::{PageRequest, encode_cursor};
use crate::services::resolve::{self, Entity};
use crate::services::statements::BucketKey;
use crate::services::{self, listing};

/// A page of documents.
pub type DocumentConnection =
    async_graphql::connection::Connection<String, Document, ConnectionFields>;
/// A page of speakers.
pub type SpeakerConnection =
    async_graphql::connection::Connection<String, Speaker, ConnectionFields>;
/// A page of organizations.
pub type OrganizationConnection =
    async_graphql::connection::Connection<String, Organization, ConnectionFields>;

#[derive(Debug, Default)]
pub struct QueryRoot;

#[Object(name = "Query")]
impl QueryRoot {
    /// Statements across every document and language. Every filter field
    /// narrows the set; names may be written in any script or spelling.
    /// `first`/`last` default to 20, at most 100.
    #[allow(clippy::too_many_arguments)]
    #[graphql(complexity = "page_cost(first.or(last), child_complexity)")]
    async fn statements(
        &self,
        ctx: &Context<'_>,
        filter: Option<StatementFilter>,
        #[graphql(default)] order_by: StatementOrder,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<StatementConnection> {
        statements(
            ctx,
            None,
            StatementArgs {
                filter,
                order_by: Some(order_by),
                first,
                after,
                last,
                before,
            },
        )
        .await
    }

    /// The documents, in the order they were stored.
    #[graphql(complexity = "page_cost(first.or(last), child_complexity)")]
    async fn documents(
        &self,
        ctx: &Context<'_>,
        filter: Option<DocumentFilter>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<DocumentConnection> {
        let request = PageRequest::new(first, after, last, before)?;
        let filter = filter.unwrap_or_default().into();
        let page = services::documents::list(db(ctx)?, &filter, &request, wants_total(ctx)).await?;
        Ok(connection(
            page,
            |row| encode_cursor(services::documents::CURSOR_TAG, &row.id),
            Document,
        ))
    }

    /// Speakers, all or those a name can mean. `verified: false` lists the
    /// ones ingestion created and no person has confirmed yet: a review
    /// queue.
    #[graphql(complexity = "page_cost(first, child_complexity)")]
    async fn speakers(
        &self,
        ctx: &Context<'_>,
        name: Option<String>,
        verified: Option<bool>,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<SpeakerConnection> {
        let request = PageRequest::new(first, after, None, None)?;
        let name = name.map(name_or_id);
        let page = listing::speakers(
            db(ctx)?,
            name.as_ref(),
            verified,
            &request,
            wants_total(ctx),
        )
        .await?;
        Ok(connection(
            page,
            |row| encode_cursor(listing::SPEAKER_CURSOR, &row.id),
            Speaker,
        ))
    }

    /// Organizations, all or those a name can mean. `verified: false` lists
    /// the ones ingestion created and no person has confirmed yet.
    #[graphql(complexity = "page_cost(first, child_complexity)")]
    async fn organizations(
        &self,
        ctx: &Context<'_>,
        name: Option<String>,
        verified: Option<bool>,
        first: Option<i32>,
        after: Option<String>,
    ) -> ApiResult<OrganizationConnection> {
        let request = PageRequest::new(first, after, None, None)?;
        let name = name.map(name_or_id);
        let page = listing::organizations(
            db(ctx)?,
            name.as_ref(),
            verified,
            &request,
            wants_total(ctx),
        )
        .await?;
        Ok(connection(
            page,
            |row| encode_cursor(listing::ORGANIZATION_CURSOR, &row.id),
            Organization,
        ))
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

    /// How many statements match the filter, grouped by one dimension,
    /// largest group first. Each bucket's `key` can be used back in a filter.
    async fn statement_counts(
        &self,
        ctx: &Context<'_>,
        filter: Option<StatementFilter>,
        by: CountDimension,
    ) -> ApiResult<Vec<CountBucket>> {
        let db = db(ctx)?;
        let filter = filter.unwrap_or_default().into_domain()?;
        let buckets = services::statements::count(db, &filter, by.into()).await?;
        Ok(buckets
            .into_iter()
            .map(|b| CountBucket {
                key: match b.key {
                    BucketKey::Node(node) => encode(node),
                    BucketKey::Text(text) => text,
                },
                label: b.label,
                count: b.count,
            })
            .collect())
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
        let (node_type, row) = (node.node_type, node.id);
        let dl = loader(ctx)?;
        let node = match node_type {
            NodeType::Document => dl
                .load_one(DocumentId(row))
                .await?
                .map(|m| Node::Document(Document(m))),
            NodeType::Statement => dl
                .load_one(StatementId(row))
                .await?
                .map(|m| Node::Statement(Statement::from(m))),
            NodeType::Speaker => {
                // A merged speaker's id answers with the speaker it went
                // into, whose `mergedIds` lists it.
                let row = crate::services::curation::live_speaker(db(ctx)?, row)
                    .await?
                    .unwrap_or(row);
                dl.load_one(SpeakerId(row))
                    .await?
                    .map(|m| Node::Speaker(Speaker(m)))
            }
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
        };
        Ok(node)
    }
}
