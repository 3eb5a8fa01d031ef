//! Building Relay connections from service pages, shared by the root fields
//! and the nested `statements(...)` fields.

use std::borrow::Cow;

use async_graphql::connection::{Edge, EmptyFields, PageInfo};
use async_graphql::{Context, Object, ObjectType, OutputType, TypeName};
use sea_orm::DatabaseConnection;

use super::error::ApiResult;
use super::inputs::{StatementFilter, StatementOrder, StatementSort, statement_order};
use super::objects::{ConnectionFields, Node, Statement};
use crate::services::Page;
use crate::services::ids::{NameOrId, NodeRef, NodeType};
use crate::services::pagination::PageRequest;
use crate::services::resolve::{Accept, Entity, resolve_filter};
use crate::services::statements::{self as service, select};

/// A page of statements.
pub type StatementConnection = Connection<Statement, StatementFields>;

// async-graphql's own connection type has no description and cannot be
// given one; this is the same type (named `<Node>Connection`, the same
// fields in the same order, its edges async-graphql's), with one.
/// A Relay connection of `N`: one page of a list.
pub struct Connection<N: OutputType, F = ConnectionFields> {
    edges: Vec<Edge<String, N, EmptyFields>>,
    fields: F,
    has_previous_page: bool,
    has_next_page: bool,
}

impl<N: OutputType, F> std::fmt::Debug for Connection<N, F> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Connection")
            .field("edges", &self.edges.len())
            .field("has_previous_page", &self.has_previous_page)
            .field("has_next_page", &self.has_next_page)
            .finish()
    }
}

impl<N: OutputType, F: Send + Sync> TypeName for Connection<N, F> {
    fn type_name() -> Cow<'static, str> {
        format!("{}Connection", N::type_name()).into()
    }
}

/// One page of a list: its `nodes` (or its `edges`, each node with its
/// cursor), `pageInfo` to ask for the page after or before it, and the
/// `totalCount` of the whole list. Pages hold 20 unless `first` or `last`
/// says otherwise, at most 100.
#[Object(name_type)]
impl<N: OutputType, F: ObjectType> Connection<N, F> {
    /// Information to aid in pagination.
    async fn page_info(&self) -> PageInfo {
        PageInfo {
            has_previous_page: self.has_previous_page,
            has_next_page: self.has_next_page,
            start_cursor: self.edges.first().map(|edge| edge.cursor.clone()),
            end_cursor: self.edges.last().map(|edge| edge.cursor.clone()),
        }
    }

    /// A list of edges.
    async fn edges(&self) -> &[Edge<String, N, EmptyFields>] {
        &self.edges
    }

    /// A list of nodes.
    async fn nodes(&self) -> Vec<&N> {
        self.edges.iter().map(|edge| &edge.node).collect()
    }

    #[graphql(flatten)]
    async fn additional_fields(&self) -> &F {
        &self.fields
    }
}

impl<N: OutputType> Connection<N> {
    /// The same page with other extra fields, made from its own.
    fn with_fields<F>(self, fields: impl FnOnce(ConnectionFields) -> F) -> Connection<N, F> {
        Connection {
            edges: self.edges,
            fields: fields(self.fields),
            has_previous_page: self.has_previous_page,
            has_next_page: self.has_next_page,
        }
    }
}

/// The extra fields of a page of statements: its `totalCount`, and what
/// each name of the filter resolved to.
#[derive(Debug)]
pub struct StatementFields {
    /// The statements the filter selects, when `totalCount` was asked for.
    statements: Option<i64>,
    /// The utterances they report, when `totalCount(distinctUtterances:
    /// true)` was asked for.
    utterances: Option<i64>,
    /// The names of the client's filter, by filter field, as written.
    names: Vec<(String, String)>,
}

/// Extra fields on a page of statements.
#[Object]
impl StatementFields {
    /// How many items match, across all pages; with `distinctUtterances:
    /// true`, how many utterances they report (the reports of one act of
    /// saying, `Statement.utterance`, count once).
    async fn total_count(&self, #[graphql(default = false)] distinct_utterances: bool) -> i64 {
        // Counted with the page (see `totals`): the field answers at once,
        // in its place among the page's fields.
        if distinct_utterances {
            self.utterances.unwrap_or_default()
        } else {
            self.statements.unwrap_or_default()
        }
    }

    /// What each name of the filter (`speaker`, `speakers`, `organization`,
    /// `organizations`, `topic`, `topics`, `about`, `subjects`,
    /// `ownOrganization`, then those of `anyOf` and `not`) resolved to, in that order: empty when the filter
    /// names nothing. A name that means several entities lists them all; the
    /// statements of any of them match. An organization is listed itself,
    /// though its sub-organizations' statements match too.
    async fn matched(&self, ctx: &Context<'_>) -> ApiResult<Vec<FilterMatch>> {
        let db = db(ctx)?;
        let mut out = Vec::with_capacity(self.names.len());
        for (field, name) in &self.names {
            // The field's own name, after any `anyOf[1].` or `not.`.
            let own = field.rsplit('.').next().unwrap_or(field);
            let accept = match own {
                "speaker" | "speakers" => Accept::Speakers,
                "organization" | "organizations" | "ownOrganization" => Accept::Organizations,
                "topic" | "topics" => Accept::Topics,
                _ => Accept::SpeakersAndOrganizations,
            };
            let value: NameOrId = super::ids::name_or_id(name.clone());
            let entities = resolve_filter(db, field, &value, accept).await?;
            out.push(FilterMatch {
                field: field.clone(),
                name: name.clone(),
                entities,
            });
        }
        Ok(out)
    }
}

/// What one name of a statement filter resolved to.
#[derive(Debug)]
pub struct FilterMatch {
    field: String,
    name: String,
    entities: Vec<Entity>,
}

/// What one name of a statement filter resolved to: the filter field, the
/// name as the client wrote it, and the speakers, organizations or topics it
/// means.
#[Object]
impl FilterMatch {
    /// The filter field the name was given in: `speaker`, `speakers`,
    /// `organization`, `organizations`, `topic`, `topics`, `about`,
    /// `subjects` or `ownOrganization`, after the path of a nested filter (`anyOf[0].topic`,
    /// `not.organization`).
    async fn field(&self) -> &str {
        &self.field
    }

    /// The name (or id) exactly as given.
    async fn name(&self) -> &str {
        &self.name
    }

    /// What the name means: one entity, or several when
    /// the name is shared (two people of one surname, an abbreviation of
    /// two organizations); the filter matches the statements of any of them.
    async fn entities(&self, ctx: &Context<'_>) -> ApiResult<Vec<Node>> {
        let refs = self.entities.iter().map(|entity| match *entity {
            Entity::Speaker(id) => NodeRef::new(NodeType::Speaker, id),
            Entity::Organization(id) => NodeRef::new(NodeType::Organization, id),
            Entity::Topic(id) => NodeRef::new(NodeType::Topic, id),
        });
        let nodes =
            futures_util::future::try_join_all(refs.map(|r| super::query::load_node(ctx, r)))
                .await?;
        Ok(nodes.into_iter().flatten().collect())
    }
}

/// The database pool of the schema.
pub fn db<'a>(ctx: &Context<'a>) -> ApiResult<&'a DatabaseConnection> {
    Ok(ctx.data::<DatabaseConnection>()?)
}

/// Whether the client asked for `totalCount`, which costs a query of its own.
pub fn wants_total(ctx: &Context<'_>) -> bool {
    ctx.look_ahead().field("totalCount").exists()
}

/// Wraps a page into a connection, each row with its cursor.
pub fn connection<T, N>(
    page: Page<T>,
    cursor: impl Fn(&T) -> String,
    node: impl Fn(T) -> N,
) -> Connection<N>
where
    N: OutputType,
{
    let total_count = page
        .total_count
        .map_or(0, |n| i64::try_from(n).unwrap_or(i64::MAX));
    Connection {
        edges: page
            .rows
            .into_iter()
            .map(|row| Edge::new(cursor(&row), node(row)))
            .collect(),
        fields: ConnectionFields { total_count },
        has_previous_page: page.has_previous_page,
        has_next_page: page.has_next_page,
    }
}

/// The arguments every statement list takes.
#[derive(Debug, Default)]
pub struct StatementArgs {
    pub filter: Option<StatementFilter>,
    /// Deprecated for `sort`; not both.
    pub order_by: Option<StatementOrder>,
    pub sort: Option<StatementSort>,
    /// The order when neither `orderBy` nor `sort` is given.
    pub default_order: service::StatementOrder,
    pub first: Option<i32>,
    pub after: Option<String>,
    pub last: Option<i32>,
    pub before: Option<String>,
}

/// A page of statements matching the client's filter and, for a nested list,
/// the parent's own constraint.
pub async fn statements(
    ctx: &Context<'_>,
    parent: Option<service::StatementFilter>,
    args: StatementArgs,
) -> ApiResult<StatementConnection> {
    let db = db(ctx)?;
    let request = PageRequest::new(args.first, args.after, args.last, args.before)?;
    let order = statement_order(args.order_by, args.sort, args.default_order)?;
    let filter = args.filter.unwrap_or_default();
    let names = filter.names();
    let user = filter.into_domain()?;
    let mut selection = select(db, &user).await?;
    if let Some(parent) = parent {
        selection = selection.and(select(db, &parent).await?);
    }
    let page = service::list(db, &selection, order, &request, joins(ctx)).await?;
    let (statements, utterances) = totals(ctx, db, &selection).await?;
    Ok(connection(
        page,
        |row| service::cursor(order, &row.statement),
        Statement::from,
    )
    .with_fields(|_| StatementFields {
        statements,
        utterances,
        names,
    }))
}

/// The counts the client's `totalCount` fields ask for: of statements, of
/// utterances (`distinctUtterances: true`), or both.
async fn totals(
    ctx: &Context<'_>,
    db: &DatabaseConnection,
    selection: &service::Selection,
) -> ApiResult<(Option<i64>, Option<i64>)> {
    let (mut statements, mut utterances) = (false, false);
    for field in ctx.field().selection_set() {
        if field.name() != "totalCount" {
            continue;
        }
        let arguments = field
            .arguments()
            .map_err(|e| async_graphql::Error::new(e.message))?;
        let distinct = arguments.into_iter().any(|(name, value)| {
            name.as_str() == "distinctUtterances" && value == async_graphql::Value::Boolean(true)
        });
        if distinct {
            utterances = true;
        } else {
            statements = true;
        }
    }
    let count = |counting| async move {
        let n = service::total(db, selection, counting).await?;
        Ok::<_, crate::services::Error>(i64::try_from(n).unwrap_or(i64::MAX))
    };
    Ok((
        match statements {
            true => Some(count(service::Counting::Statements).await?),
            false => None,
        },
        match utterances {
            true => Some(count(service::Counting::Utterances).await?),
            false => None,
        },
    ))
}

/// The rows a page of statements joins: the speaker, organization and
/// document, when the selection asks for them under `nodes` or `edges`.
fn joins(ctx: &Context<'_>) -> service::Joins {
    let look = ctx.look_ahead();
    let (nodes, edges) = (look.field("nodes"), look.field("edges").field("node"));
    let asks = |field: &str| nodes.field(field).exists() || edges.field(field).exists();
    service::Joins {
        speaker: asks("speaker"),
        organization: asks("organization"),
        document: asks("document"),
    }
}

/// What a filter costs against the complexity limit: one per name it gives
/// and per filter nested in it (see `StatementFilter::cost`).
pub fn filter_cost(filter: &Option<StatementFilter>) -> usize {
    filter.as_ref().map_or(0, StatementFilter::cost)
}

/// What a connection costs against the complexity limit: its page size (20
/// when not given) times what each node selects, plus one.
pub fn page_cost(size: Option<i32>, child_complexity: usize) -> usize {
    use crate::services::pagination::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};
    let size = size.map_or(DEFAULT_PAGE_SIZE, |n| {
        u64::try_from(n).unwrap_or(0).min(MAX_PAGE_SIZE)
    });
    usize::try_from(size)
        .unwrap_or(usize::MAX)
        .saturating_mul(child_complexity)
        .saturating_add(1)
}
