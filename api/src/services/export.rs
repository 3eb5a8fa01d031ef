//! Exports of statements for notebooks and spreadsheets: one flat row per
//! statement, with its speaker, organization, topics and document, read in
//! keyset pages so that a million rows cost what a thousand do in memory.

use std::collections::HashMap;

use entity::kinds::{ReviewStatus, StatementKind};
use entity::{document, organization, speaker, statement, statement_topic, topic};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::Error;
use super::pagination::{Direction, PageRequest};
use super::statements::{Joins, Selection, StatementOrder, cursor, list};

/// Rows read from the database at a time.
pub const BATCH: u64 = 500;

/// One exported statement: its fields and the names of what it refers to.
#[derive(Debug, Clone)]
pub struct Row {
    pub id: i64,
    /// As precise as it is known (`2022-01`), empty when unknown.
    pub date: String,
    pub language: String,
    pub kind: StatementKind,
    pub speaker: String,
    pub organization: String,
    /// The slugs of its topics, in order.
    pub topics: Vec<String>,
    pub text: String,
    pub document_id: i64,
    pub document_title: String,
    pub url: String,
    pub span_start: i32,
    pub span_end: i32,
    pub source: String,
    pub confidence: f64,
    pub review_status: ReviewStatus,
    pub version: i32,
}

/// Reads the statements `selection` selects, oldest first, a batch at a
/// time; `after` is the cursor of the last row of the previous batch.
pub async fn batch(
    db: &DatabaseConnection,
    selection: &Selection,
    after: Option<String>,
) -> Result<(Vec<Row>, Option<String>), Error> {
    let order = StatementOrder::OldestFirst;
    // Larger than a client's page: the export is the server's own reader.
    let page = PageRequest {
        after,
        before: None,
        limit: BATCH,
        direction: Direction::Forward,
    };
    let page = list(db, selection, order, &page, Joins::default()).await?;
    let next = if page.has_next_page {
        page.rows.last().map(|row| cursor(order, &row.statement))
    } else {
        None
    };
    let rows: Vec<statement::Model> = page.rows.into_iter().map(|j| j.statement).collect();
    let rows = &rows;
    let names = |pairs: Vec<(i64, String)>| pairs.into_iter().collect::<HashMap<_, _>>();
    let speakers = names(
        speaker::Entity::find()
            .filter(speaker::Column::Id.is_in(rows.iter().filter_map(|s| s.speaker_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect(),
    );
    let organizations = names(
        organization::Entity::find()
            .filter(organization::Column::Id.is_in(rows.iter().filter_map(|s| s.organization_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect(),
    );
    let documents: HashMap<i64, document::Model> = document::Entity::find()
        .filter(document::Column::Id.is_in(rows.iter().map(|s| s.document_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    let links = statement_topic::Entity::find()
        .filter(statement_topic::Column::StatementId.is_in(rows.iter().map(|s| s.id)))
        .all(db)
        .await?;
    let topic_keys: HashMap<i64, String> = topic::Entity::find()
        .filter(topic::Column::Id.is_in(links.iter().map(|l| l.topic_id)))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.key))
        .collect();
    let mut topics: HashMap<i64, Vec<String>> = HashMap::new();
    for link in links {
        if let Some(key) = topic_keys.get(&link.topic_id) {
            topics
                .entry(link.statement_id)
                .or_default()
                .push(key.clone());
        }
    }
    let out = rows
        .iter()
        .map(|s: &statement::Model| {
            let doc = documents.get(&s.document_id);
            let mut keys = topics.remove(&s.id).unwrap_or_default();
            keys.sort();
            Row {
                id: s.id,
                date: date(s),
                language: s.language.clone(),
                kind: s.kind,
                speaker: s
                    .speaker_id
                    .and_then(|id| speakers.get(&id).cloned())
                    .unwrap_or_default(),
                organization: s
                    .organization_id
                    .and_then(|id| organizations.get(&id).cloned())
                    .unwrap_or_default(),
                topics: keys,
                text: s.text.clone(),
                document_id: s.document_id,
                document_title: doc.map(|d| d.title.clone()).unwrap_or_default(),
                url: doc.and_then(|d| d.url.clone()).unwrap_or_default(),
                span_start: s.span_start,
                span_end: s.span_end,
                source: s.source.clone(),
                confidence: s.confidence,
                review_status: s.review_status,
                version: s.version,
            }
        })
        .collect();
    Ok((out, next))
}

/// The statement's date as precise as it is known, empty when unknown.
fn date(s: &statement::Model) -> String {
    s.dated_precision
        .map(|precision| super::partial_date(s.dated_on, precision).to_string())
        .unwrap_or_default()
}
