//! The mutation root: writes, each behind an API key with the role it
//! needs. Ingestion is here; the curation mutations are in
//! [`super::curation`], merged into one root.

use async_graphql::{Context, InputObject, MergedObject, Object};

use super::error::{ApiError, ApiResult};
use super::ids::name_or_id;
use super::loaders::DocumentId;
use super::objects::{Document, loader};
use crate::auth::{Caller, Keyring, Role};
use crate::ingest::{self, IngestInput};
use crate::services::Error;

/// The bearer token a request carried, if any.
#[derive(Debug, Clone)]
pub struct Bearer(pub Option<String>);

/// Who is making this write, refused unless their key has at least `needed`.
pub(super) fn require(ctx: &Context<'_>, needed: Role) -> Result<Caller, ApiError> {
    let keys = ctx.data::<Keyring>()?;
    if keys.is_empty() {
        return Err(ApiError::Forbidden(
            "writes are disabled on this server: start it with CLAIMGRAPH_API_KEY or a keys file (CLAIMGRAPH_KEYS_FILE), and send `Authorization: Bearer <key>`".to_owned(),
        ));
    }
    let Some(given) = ctx.data_opt::<Bearer>().and_then(|b| b.0.as_deref()) else {
        return Err(ApiError::Unauthenticated(
            "this mutation needs an API key: send `Authorization: Bearer <key>`".to_owned(),
        ));
    };
    let caller = keys
        .identify(given)
        .ok_or_else(|| ApiError::Unauthenticated("the API key is not valid".to_owned()))?;
    if caller.role < needed {
        return Err(ApiError::Forbidden(format!(
            "this mutation needs the {} role; the key {:?} has the {} role",
            needed.name(),
            caller.name,
            caller.role.name()
        )));
    }
    Ok(caller)
}

/// An article to ingest.
#[derive(InputObject, Debug)]
pub struct IngestDocumentInput {
    /// The article as received (at most 1 MiB); site furniture is cleaned away.
    pub text: String,
    /// Taken from the first line when missing.
    pub title: Option<String>,
    /// Where the article was published; `document(url:)` finds it by this.
    pub url: Option<String>,
    /// Name or id of the publishing organization; an unknown one is created, unverified.
    pub outlet: Option<String>,
    /// ISO 639-1; detected when missing.
    pub language: Option<String>,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub published_on: Option<String>,
}

/// Every mutation.
#[derive(MergedObject, Debug, Default)]
#[graphql(name = "Mutation")]
pub struct MutationRoot(IngestMutation, super::curation::CurationMutation);

/// The ingestion mutation.
#[derive(Debug, Default)]
pub struct IngestMutation;

#[Object]
impl IngestMutation {
    /// Stores an article and the statements extracted from it, in one
    /// transaction; the same text again returns the stored document and adds
    /// nothing. Needs `Authorization: Bearer <key>`.
    async fn ingest_document(
        &self,
        ctx: &Context<'_>,
        input: IngestDocumentInput,
    ) -> ApiResult<Document> {
        let caller = require(ctx, Role::Ingest)?;
        let published = input
            .published_on
            .as_deref()
            .map(str::parse)
            .transpose()
            .map_err(|e: seeds::date::DateParseError| {
                Error::BadInput(format!("`publishedOn`: {e}"))
            })?;
        let db = super::connections::db(ctx)?;
        let report = ingest::ingest(
            db,
            IngestInput {
                text: input.text,
                title: input.title,
                url: input.url,
                outlet: input.outlet.map(name_or_id),
                language: input.language,
                published,
            },
        )
        .await?;
        tracing::info!(
            key = %caller.name,
            document_id = report.document_id,
            added = report.added,
            statements = report.statements,
            "ingestDocument"
        );
        if let Ok(hub) = ctx.data::<super::StatementHub>() {
            hub.announce(report.statement_ids.clone()).await;
        }
        let document = loader(ctx)?
            .load_one(DocumentId(report.document_id))
            .await?
            .ok_or_else(|| Error::NotFound("the stored document is gone".to_owned()))?;
        Ok(Document(document))
    }
}
