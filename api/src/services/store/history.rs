//! The history of statements: one `revision` row per change a person made
//! through curation, written in the transaction of the change, with the
//! fields that changed as they were and as they became.
//!
//! Fields are recorded in the domain's terms, as a JSON object keyed by
//! field: `speaker` and `organization` (row ids or null), `kind` (as
//! stored, `direct_quote`), `topics` (row ids), `about` (objects
//! `{"speaker": id}` or `{"organization": id}`), `saidOn` (`2022-01` or
//! null), `span` (`[start, end]`), `text`, `reviewStatus` (as stored). The
//! GraphQL layer turns row ids into global ids when it shows them.

use chrono::Utc;
use entity::kinds::ReviewStatus;
use entity::{revision, statement};
use sea_orm::{
    ActiveEnum, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, NotSet, QueryFilter, QuerySelect,
    Set,
};
use serde_json::{Map, Value, json};

use super::{NewStatement, Subject};

/// What a change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// A person marked a new statement in a document.
    Create,
    /// A person corrected fields of a statement.
    Update,
    /// A person confirmed or rejected a statement, or sent it back to review.
    Review,
    /// Its speaker (or a speaker it is about) was merged into another.
    MergeSpeakers,
    /// A person set or cleared its stance on a proposition.
    Stance,
    /// A person linked it with other reports of one utterance, or split it
    /// off its utterance.
    Link,
}

impl Action {
    /// As stored.
    pub fn name(self) -> &'static str {
        match self {
            Self::Create => "create",
            Self::Update => "update",
            Self::Review => "review",
            Self::MergeSpeakers => "merge_speakers",
            Self::Stance => "stance",
            Self::Link => "link",
        }
    }

    /// The action stored as `name`.
    pub fn parse(name: &str) -> Option<Self> {
        [
            Self::Create,
            Self::Update,
            Self::Review,
            Self::MergeSpeakers,
            Self::Stance,
            Self::Link,
        ]
        .into_iter()
        .find(|a| a.name() == name)
    }
}

/// One change to record.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub statement_id: i64,
    pub action: Action,
    /// The API key's name.
    pub by: String,
    /// The changed fields as they were.
    pub before: Map<String, Value>,
    /// The changed fields as they became.
    pub after: Map<String, Value>,
    pub note: Option<String>,
}

/// Every recorded field of a statement, as [`Change`]s hold them.
pub fn fields(s: &NewStatement, status: ReviewStatus) -> Map<String, Value> {
    let said_on = match (s.said_on, s.said_precision) {
        (Some(date), Some(precision)) => {
            Value::String(crate::services::partial_date(date, precision).to_string())
        }
        _ => Value::Null,
    };
    let about: Vec<Value> = s
        .about
        .iter()
        .map(|subject| match subject {
            Subject::Speaker(id) => json!({ "speaker": id }),
            Subject::Organization(id) => json!({ "organization": id }),
        })
        .collect();
    let mut topics = s.topic_ids.clone();
    topics.sort_unstable();
    topics.dedup();
    let mut map = Map::new();
    map.insert("speaker".into(), json!(s.speaker_id));
    map.insert("organization".into(), json!(s.organization_id));
    map.insert("kind".into(), json!(s.kind.to_value()));
    map.insert("topics".into(), json!(topics));
    map.insert("about".into(), Value::Array(about));
    map.insert("saidOn".into(), said_on);
    map.insert("span".into(), json!([s.span_start, s.span_end]));
    map.insert("text".into(), json!(s.text));
    map.insert("reviewStatus".into(), json!(status.to_value()));
    map
}

/// The fields that differ between two [`fields`] of one statement: (as
/// they were, as they became).
pub fn diff(
    before: &Map<String, Value>,
    after: &Map<String, Value>,
) -> (Map<String, Value>, Map<String, Value>) {
    let mut was = Map::new();
    let mut became = Map::new();
    for (key, value) in after {
        let old = before.get(key).cloned().unwrap_or(Value::Null);
        if &old != value {
            was.insert(key.clone(), old);
            became.insert(key.clone(), value.clone());
        }
    }
    (was, became)
}

/// Records `changes`, each under the version its statement has now (after
/// the change), at the current time.
pub async fn record(conn: &impl ConnectionTrait, changes: &[Change]) -> Result<(), DbErr> {
    if changes.is_empty() {
        return Ok(());
    }
    let versions: std::collections::HashMap<i64, i32> = statement::Entity::find()
        .select_only()
        .column(statement::Column::Id)
        .column(statement::Column::Version)
        .filter(statement::Column::Id.is_in(changes.iter().map(|c| c.statement_id)))
        .into_tuple::<(i64, i32)>()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    let at = Utc::now();
    let rows: Vec<revision::ActiveModel> = changes
        .iter()
        .map(|c| revision::ActiveModel {
            id: NotSet,
            statement_id: Set(c.statement_id),
            version: Set(versions.get(&c.statement_id).copied().unwrap_or(1)),
            at: Set(at),
            by: Set(c.by.clone()),
            action: Set(c.action.name().to_owned()),
            before: Set(Value::Object(c.before.clone()).to_string()),
            after: Set(Value::Object(c.after.clone()).to_string()),
            note: Set(c.note.clone()),
        })
        .collect();
    for chunk in rows.chunks(super::ROWS_PER_INSERT) {
        revision::Entity::insert_many(chunk.iter().cloned())
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_diff_keeps_only_the_fields_that_changed() {
        let before: Map<String, Value> =
            serde_json::from_value(json!({ "speaker": 1, "kind": "paraphrase", "topics": [1] }))
                .expect("an object");
        let after: Map<String, Value> =
            serde_json::from_value(json!({ "speaker": 2, "kind": "paraphrase", "topics": [1] }))
                .expect("an object");
        let (was, became) = diff(&before, &after);
        assert_eq!(Value::Object(was), json!({ "speaker": 1 }));
        assert_eq!(Value::Object(became), json!({ "speaker": 2 }));
    }

    #[test]
    fn actions_read_back_as_stored() {
        for action in [
            Action::Create,
            Action::Update,
            Action::Review,
            Action::MergeSpeakers,
            Action::Stance,
            Action::Link,
        ] {
            assert_eq!(Action::parse(action.name()), Some(action));
        }
    }
}
