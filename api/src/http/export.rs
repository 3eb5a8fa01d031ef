//! `GET /export/statements.csv` and `GET /export/statements.ndjson`: the
//! statements a filter selects, streamed a batch at a time, for notebooks
//! and spreadsheets. The query parameters are `StatementFilter`'s fields.

use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use entity::kinds::StatementKind;
use seeds::date::PartialDate;
use serde::Deserialize;

use super::AppState;
use crate::error::ApiError;
use crate::services::export::{Row, batch};
use crate::services::statements::{StatementFilter, condition};

/// The query parameters, named as in GraphQL's `StatementFilter`.
#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportParams {
    speaker: Option<String>,
    organization: Option<String>,
    topic: Option<String>,
    about: Option<String>,
    language: Option<String>,
    document_id: Option<String>,
    kind: Option<String>,
    text: Option<String>,
    said_from: Option<String>,
    said_to: Option<String>,
}

impl ExportParams {
    fn into_filter(self) -> Result<StatementFilter, String> {
        let date = |name: &str, value: Option<String>| -> Result<Option<PartialDate>, String> {
            value
                .map(|v| {
                    v.parse::<PartialDate>()
                        .map_err(|e| format!("`{name}`: {e}"))
                })
                .transpose()
        };
        let kind = match self.kind.as_deref().map(str::to_ascii_uppercase).as_deref() {
            None => None,
            Some("DIRECT_QUOTE") => Some(StatementKind::DirectQuote),
            Some("PARAPHRASE") => Some(StatementKind::Paraphrase),
            Some("REPORTED_CLAIM") => Some(StatementKind::ReportedClaim),
            Some(other) => {
                return Err(format!(
                    "`kind` {other:?} is none of DIRECT_QUOTE, PARAPHRASE, REPORTED_CLAIM"
                ));
            }
        };
        Ok(StatementFilter {
            speaker: self.speaker,
            organization: self.organization,
            topic: self.topic,
            about: self.about,
            language: self.language,
            document_id: self.document_id,
            kind,
            text: self.text,
            said_from: date("saidFrom", self.said_from)?.map(|d| d.date),
            said_to: date("saidTo", self.said_to)?.map(|d| d.last_day()),
        })
    }
}

/// The formats statements are exported in.
#[derive(Debug, Clone, Copy)]
enum Format {
    Csv,
    Ndjson,
}

pub async fn csv(
    state: State<AppState>,
    params: Result<Query<ExportParams>, axum::extract::rejection::QueryRejection>,
) -> Response {
    export(state, params, Format::Csv).await
}

pub async fn ndjson(
    state: State<AppState>,
    params: Result<Query<ExportParams>, axum::extract::rejection::QueryRejection>,
) -> Response {
    export(state, params, Format::Ndjson).await
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
    params: Result<Query<ExportParams>, axum::extract::rejection::QueryRejection>,
    format: Format,
) -> Response {
    let params = match params {
        Ok(Query(params)) => params,
        Err(rejection) => return bad_request(rejection.body_text()),
    };
    let filter = match params.into_filter() {
        Ok(filter) => filter,
        Err(message) => return bad_request(message),
    };
    let condition = match condition(&state.db, &filter).await {
        Ok(condition) => condition,
        Err(ApiError::BadUserInput(message) | ApiError::UnknownName { message, .. }) => {
            return bad_request(message);
        }
        Err(other) => {
            tracing::error!(error = ?other, "export failed");
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                "the export cannot be read now",
            )
                .into_response();
        }
    };

    // A bounded channel: the reader waits while the client is slow, so memory
    // stays at a few batches whatever the size of the export.
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    let db = state.db.clone();
    tokio::spawn(async move {
        let mut after = None;
        let mut first = true;
        loop {
            let (rows, next) = match batch(&db, condition.clone(), after).await {
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
        writer.serialize(row)?;
    }
    writer
        .into_inner()
        .map_err(|e| std::io::Error::other(e.to_string()))
}

fn ndjson_chunk(rows: &[Row]) -> Result<Vec<u8>, std::io::Error> {
    let mut out = Vec::new();
    for row in rows {
        serde_json::to_writer(&mut out, row)?;
        out.push(b'\n');
    }
    Ok(out)
}
