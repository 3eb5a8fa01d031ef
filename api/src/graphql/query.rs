//! The query root. Resolvers stay thin: arguments in, a service call, GraphQL types out.

use async_graphql::connection::{Connection, Edge};
use async_graphql::{Context, ID, Object};
use entity::topic;
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder};

use super::ids::{NodeType, parse_global_id};
use super::loaders::*;
use super::objects::*;
use crate::error::{ApiError, ApiResult};
use crate::pagination::{PageRequest, encode_cursor};
use crate::services;

/// A page of documents.
pub type DocumentConnection = Connection<String, Document, ConnectionFields>;

#[derive(Debug, Default)]
pub struct QueryRoot;

fn db<'a>(ctx: &Context<'a>) -> ApiResult<&'a DatabaseConnection> {
    ctx.data::<DatabaseConnection>()
}

#[Object(name = "Query")]
impl QueryRoot {
    /// The documents, in the order they were stored. `first`/`last` default to 20, at most 100.
    async fn documents(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> ApiResult<DocumentConnection> {
        let request = PageRequest::new(first, after, last, before)?;
        let page = services::documents::list(db(ctx)?, &request)
            .await
            .map_err(ApiError::from)?;
        let mut connection = Connection::with_additional_fields(
            page.has_previous_page,
            page.has_next_page,
            ConnectionFields {
                total_count: i64::try_from(page.total_count).unwrap_or(i64::MAX),
            },
        );
        connection.edges.extend(
            page.rows
                .into_iter()
                .map(|row| Edge::new(encode_cursor(row.id), Document(row))),
        );
        Ok(connection)
    }

    /// Any object by its global id; null when there is none.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> ApiResult<Option<Node>> {
        let (node_type, row) = parse_global_id(&id)?;
        let dl = loader(ctx)?;
        let node = match node_type {
            NodeType::Document => dl
                .load_one(DocumentId(row))
                .await
                .map_err(ApiError::from)?
                .map(|m| Node::Document(Document(m))),
            NodeType::Statement => dl
                .load_one(StatementId(row))
                .await
                .map_err(ApiError::from)?
                .map(|m| Node::Statement(Statement(m))),
            NodeType::Speaker => dl
                .load_one(SpeakerId(row))
                .await
                .map_err(ApiError::from)?
                .map(|m| Node::Speaker(Speaker(m))),
            NodeType::Organization => dl
                .load_one(OrganizationId(row))
                .await
                .map_err(ApiError::from)?
                .map(|m| Node::Organization(Organization(m))),
            NodeType::Topic => dl
                .load_one(TopicId(row))
                .await
                .map_err(ApiError::from)?
                .map(|m| Node::Topic(Topic(m))),
        };
        Ok(node)
    }

    /// Every topic of the taxonomy, by slug.
    async fn topics(&self, ctx: &Context<'_>) -> ApiResult<Vec<Topic>> {
        let rows = topic::Entity::find()
            .order_by_asc(topic::Column::Key)
            .all(db(ctx)?)
            .await
            .map_err(ApiError::from)?;
        Ok(rows.into_iter().map(Topic).collect())
    }
}
