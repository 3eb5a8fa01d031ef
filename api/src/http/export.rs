//! `GET /export/statements.csv` and `GET /export/statements.ndjson`: the
//! statements a filter selects, streamed a batch at a time, for notebooks
//! and spreadsheets. The query parameters are `StatementFilter`'s fields.
//! They read from the read replica when one is configured, as queries do.

use axum::body::{Body, Bytes};
use axum::extract::{RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use super::AppState;
use crate::graphql::ids::global_id;
use crate::graphql::inputs::{ReviewStatus, StatementFilter, StatementKind, enum_name};
use crate::services::Error;
use crate::services::export::{Row, batch};
use crate::services::ids::NodeType;
use crate::services::statements::select;

/// The query parameters: GraphQL's `StatementFilter`, field by field.
type ExportParams = StatementFilter;

/// One exported line, as clients read it: ids global as in GraphQL, the
/// kind and review status named as in the schema, topics joined by `;`.
#[derive(Debug, Serialize)]
struct Line<'a> {
    id: String,
    date: &'a str,
    language: &'a str,
    kind: &'static str,
    speaker: &'a str,
    organization: &'a str,
    topics: String,
    text: &'a str,
    document_id: String,
    document_title: &'a str,
    url: &'a str,
    span_start: i32,
    span_end: i32,
    source: &'a str,
    confidence: f64,
    /// Named as in the schema (`UNREVIEWED`).
    review_status: &'static str,
    version: i32,
}

impl<'a> From<&'a Row> for Line<'a> {
    fn from(row: &'a Row) -> Self {
        Self {
            id: global_id(NodeType::Statement, row.id).0,
            date: &row.date,
            language: &row.language,
            kind: enum_name(StatementKind::from(row.kind)),
            speaker: &row.speaker,
            organization: &row.organization,
            topics: row.topics.join(";"),
            text: &row.text,
            document_id: global_id(NodeType::Document, row.document_id).0,
            document_title: &row.document_title,
            url: &row.url,
            span_start: row.span_start,
            span_end: row.span_end,
            source: &row.source,
            confidence: row.confidence,
            review_status: enum_name(ReviewStatus::from(row.review_status)),
            version: row.version,
        }
    }
}

/// The formats statements are exported in.
#[derive(Debug, Clone, Copy)]
enum Format {
    Csv,
    Ndjson,
}

pub async fn csv(state: State<AppState>, RawQuery(query): RawQuery) -> Response {
    export(state, params(query), Format::Csv).await
}

pub async fn ndjson(state: State<AppState>, RawQuery(query): RawQuery) -> Response {
    export(state, params(query), Format::Ndjson).await
}

/// The query parameters, a plural field's values each in a parameter of its
/// own (`?speakers=Tokayev&speakers=Tleuberdi`), which axum's `Query` does
/// not read.
fn params(query: Option<String>) -> Result<ExportParams, String> {
    serde_html_form::from_str(query.as_deref().unwrap_or(""))
        .map_err(|e| format!("Failed to deserialize query string: {e}"))
}

fn bad_request(message: String) -> Response {
    (
        StatusCode::BAD_REQUEST,
        axum::Json(serde_json::json!({ "error": message, "code": "BAD_USER_INPUT" })),
    )
        .into_response()
}

async fn export(
    State(state): State<AppState>,
    params: Result<ExportParams, String>,
    format: Format,
) -> Response {
    let params = match params {
        Ok(params) => params,
        Err(message) => return bad_request(message),
    };
    let selection = match params.into_domain() {
        Ok(filter) => select(&state.read_db, &filter).await,
        Err(err) => Err(err),
    };
    let selection = match selection {
        Ok(selection) => selection,
        Err(Error::BadInput(message) | Error::UnknownName { message, .. }) => {
            return bad_request(message);
        }
        Err(Error::NotFound(message)) => {
            return (
                StatusCode::NOT_FOUND,
                axum::Json(serde_json::json!({ "error": message, "code": "NOT_FOUND" })),
            )
                .into_response();
        }
        Err(err) if err.is_unavailable() => {
            tracing::warn!(error = %err, "export: database unavailable");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                [(header::RETRY_AFTER, super::negotiation::RETRY_AFTER_SECONDS)],
                axum::Json(serde_json::json!({
                    "error": "the database is unavailable; retry shortly",
                    "code": crate::graphql::error::DATABASE_UNAVAILABLE,
                })),
            )
                .into_response();
        }
        Err(err) => {
            tracing::error!(error = %err, "export failed");
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                axum::Json(serde_json::json!({ "error": "internal error", "code": "INTERNAL" })),
            )
                .into_response();
        }
    };

    // A bounded channel: the reader waits while the client is slow, so memory
    // stays at a few batches whatever the size of the export.
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    let db = state.read_db.clone();
    tokio::spawn(async move {
        let mut after = None;
        let mut first = true;
        loop {
            let (rows, next) = match batch(&db, &selection, after).await {
                Ok(read) => read,
                Err(err) => {
                    tracing::error!(error = ?err, "export stopped");
                    let _ = tx
                        .send(Err(std::io::Error::other("the export stopped")))
                        .await;
                    return;
                }
            };
            let chunk = match format {
                Format::Csv => csv_chunk(&rows, first),
                Format::Ndjson => ndjson_chunk(&rows),
            };
            first = false;
            if tx.send(chunk.map(Bytes::from)).await.is_err() {
                return; // the client went away
            }
            match next {
                Some(cursor) => after = Some(cursor),
                None => return,
            }
        }
    });
    let stream = futures_util::stream::unfold(rx, |mut rx| async move {
        rx.recv().await.map(|item| (item, rx))
    });
    let content_type = match format {
        Format::Csv => "text/csv; charset=utf-8",
        Format::Ndjson => "application/x-ndjson",
    };
    (
        [(header::CONTENT_TYPE, content_type)],
        Body::from_stream(stream),
    )
        .into_response()
}

fn csv_chunk(rows: &[Row], header_row: bool) -> Result<Vec<u8>, std::io::Error> {
    let mut writer = csv::WriterBuilder::new()
        .has_headers(header_row)
        .from_writer(Vec::new());
    if header_row && rows.is_empty() {
        writer.write_record([
            "id",
            "date",
            "language",
            "kind",
            "speaker",
            "organization",
            "topics",
            "text",
            "document_id",
            "document_title",
            "url",
            "span_start",
            "span_end",
            "source",
            "confidence",
        ])?;
    }
    for row in rows {
        writer.serialize(Line::from(row))?;
    }
    writer
        .into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))
}

fn ndjson_chunk(rows: &[Row]) -> Result<Vec<u8>, std::io::Error> {
    let mut out = Vec::new();
    for row in rows {
        serde_json::to_writer(&mut out, &Line::from(row))?;
        out.push(b'\n');
    }
    Ok(out)
}
