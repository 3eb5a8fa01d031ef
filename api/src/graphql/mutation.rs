//! The mutation root: writes, each behind the API key.

use async_graphql::{Context, InputObject, Object};

use super::error::{ApiError, ApiResult};
use super::ids::name_or_id;
use super::loaders::DocumentId;
use super::objects::{Document, loader};
use crate::config::ApiKey;
use crate::ingest::{self, IngestInput};
use crate::services::Error;

/// The API key configured on the server, if any.
#[derive(Debug, Clone)]
pub struct WriteKey(pub Option<ApiKey>);

/// The bearer token a request carried, if any.
#[derive(Debug, Clone)]
pub struct Bearer(pub Option<String>);

/// Refuses a write unless the request carries the configured key.
fn require_write_access(ctx: &Context<'_>) -> Result<(), ApiError> {
    let key = ctx.data_opt::<WriteKey>().and_then(|k| k.0.as_ref());
    let given = ctx.data_opt::<Bearer>().and_then(|b| b.0.as_deref());
    match (key, given) {
        (None, _) => Err(ApiError::Forbidden(
            "writes are disabled on this server: set CLAIMGRAPH_API_KEY when starting it, and send `Authorization: Bearer <key>`".to_owned(),
        )),
        (Some(_), None) => Err(ApiError::Unauthenticated(
            "this mutation needs the API key: send `Authorization: Bearer <key>`".to_owned(),
        )),
        (Some(key), Some(given)) if key.matches(given) => Ok(()),
        (Some(_), Some(_)) => Err(ApiError::Unauthenticated("the API key is not valid".to_owned())),
    }
}

/// An article to ingest.
#[derive(InputObject, Debug)]
pub struct IngestDocumentInput {
    /// The article as received (at most 1 MiB); site furniture is cleaned away.
    pub text: String,
    /// Taken from the first line when missing.
    pub title: Option<String>,
    pub url: Option<String>,
    /// Name or id of the publishing organization; an unknown one is created, unverified.
    pub outlet: Option<String>,
    /// ISO 639-1; detected when missing.
    pub language: Option<String>,
    /// `YYYY-MM-DD`, `YYYY-MM` or `YYYY`.
    pub published_on: Option<String>,
}

#[derive(Debug, Default)]
pub struct MutationRoot;

#[Object(name = "Mutation")]
impl MutationRoot {
    /// Stores an article and the statements extracted from it, in one
    /// transaction; the same text again returns the stored document and adds
    /// nothing. Needs `Authorization: Bearer <key>`.
    async fn ingest_document(
        &self,
        ctx: &Context<'_>,
        input: IngestDocumentInput,
    ) -> ApiResult<Document> {
        require_write_access(ctx)?;
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
        if let Ok(hub) = ctx.data::<super::StatementHub>() {
            hub.announce(report.statement_ids.clone());
        }
        let document = loader(ctx)?
            .load_one(DocumentId(report.document_id))
            .await?
            .ok_or_else(|| Error::NotFound("the stored document is gone".to_owned()))?;
        Ok(Document(document))
    }
}
