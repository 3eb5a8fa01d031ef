//! Stances: where statements stand on propositions (issue 17, part 4).
//!
//! A `stance` row says a statement is FOR, AGAINST or NEUTRAL on a
//! proposition, with a confidence and where the judgment came from:
//! - `curated`: the seed corpus's annotations, confidence 1 (written by
//!   `super::seeding`);
//! - `editor`: a person through `setStance`, confidence 1;
//! - `detected`: [`detect`], for statements a machine extracted or a person
//!   marked, written by the store (`super::store`, the one write path) in
//!   the writer's transaction through [`derive`]. A person's stance (curated
//!   or editor) on a proposition is never overwritten by a detected one.
//!
//! A statement is judged on a proposition only when it is on the
//! proposition's topic. Curated statements are not detected: the seed
//! corpus says where each stands, and a curated statement without a
//! stance on a proposition was judged to take none. The bulk generator
//! (`store::bulk`) writes no stances: its statements are synthetic.

pub mod detect;

use std::collections::{HashMap, HashSet};

use entity::kinds::{Polarity, ReviewStatus};
use entity::{proposition, proposition_phrase, stance, statement, statement_topic};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, NotSet,
    QueryFilter, QueryOrder, QuerySelect, Set,
};

use super::Error;
use super::store::history::{self, Action, Change};
use super::store::{self, CURATED, EDITED, NewStatement};
use crate::database::begin_write;

/// The source of stances [`detect`] found.
pub const DETECTED: &str = "detected";

/// Rows per multi-row statement: well under SQLite's bound parameters.
const CHUNK: usize = 1_000;

/// A proposition as detection needs it.
struct Cues {
    id: i64,
    topic_id: i64,
    phrases: Vec<Vec<String>>,
}

/// Every proposition that has a topic, with its phrases.
async fn cues(conn: &impl ConnectionTrait) -> Result<Vec<Cues>, DbErr> {
    let propositions = proposition::Entity::find()
        .filter(proposition::Column::TopicId.is_not_null())
        .all(conn)
        .await?;
    if propositions.is_empty() {
        return Ok(Vec::new());
    }
    let mut phrases: HashMap<i64, Vec<Vec<String>>> = HashMap::new();
    for row in proposition_phrase::Entity::find().all(conn).await? {
        phrases
            .entry(row.proposition_id)
            .or_default()
            .push(detect::phrase(&row.folded));
    }
    Ok(propositions
        .into_iter()
        .filter_map(|p| {
            Some(Cues {
                id: p.id,
                topic_id: p.topic_id?,
                phrases: phrases.remove(&p.id).unwrap_or_default(),
            })
        })
        .collect())
}

/// A statement as detection reads it.
struct Judged<'a> {
    id: i64,
    text: &'a str,
    source: &'a str,
    topic_ids: &'a [i64],
}

/// Detects the stances of statements just written, replacing the detected
/// ones they had: called by the store, in the writer's transaction, for
/// the statements of an `add` or a `replace`.
pub(crate) async fn derive<'a>(
    conn: &impl ConnectionTrait,
    statements: impl Iterator<Item = (i64, &'a NewStatement)>,
) -> Result<(), DbErr> {
    let statements: Vec<Judged<'_>> = statements
        .map(|(id, s)| Judged {
            id,
            text: &s.text,
            source: &s.source,
            topic_ids: &s.topic_ids,
        })
        .collect();
    // Seeding writes curated statements only: no proposition to read then.
    let cues = if statements.iter().any(|s| s.source != CURATED) {
        cues(conn).await?
    } else {
        Vec::new()
    };
    judge(conn, &cues, &statements).await.map(|_| ())
}

/// Detects again the stances of every stored statement, replacing the
/// detected ones: after propositions or their phrases changed (a reload of
/// the registry), what `claimgraph link` runs. Returns how many stances
/// are detected now.
pub async fn detect_all(conn: &impl ConnectionTrait) -> Result<u64, DbErr> {
    store::serialize(conn).await?;
    let cues = cues(conn).await?;
    let mut after = 0;
    let mut detected = 0;
    loop {
        let rows: Vec<(i64, String, String)> = statement::Entity::find()
            .select_only()
            .columns([
                statement::Column::Id,
                statement::Column::Text,
                statement::Column::Source,
            ])
            .filter(statement::Column::Id.gt(after))
            .order_by_asc(statement::Column::Id)
            .limit(CHUNK as u64)
            .into_tuple()
            .all(conn)
            .await?;
        let Some(last) = rows.last() else {
            return Ok(detected);
        };
        after = last.0;
        let mut topics: HashMap<i64, Vec<i64>> = HashMap::new();
        let links: Vec<(i64, i64)> = statement_topic::Entity::find()
            .select_only()
            .columns([
                statement_topic::Column::StatementId,
                statement_topic::Column::TopicId,
            ])
            .filter(statement_topic::Column::StatementId.is_in(rows.iter().map(|r| r.0)))
            .into_tuple()
            .all(conn)
            .await?;
        for (statement, topic) in links {
            topics.entry(statement).or_default().push(topic);
        }
        let judged: Vec<Judged<'_>> = rows
            .iter()
            .map(|(id, text, source)| Judged {
                id: *id,
                text,
                source,
                topic_ids: topics.get(id).map_or(&[], Vec::as_slice),
            })
            .collect();
        detected += judge(conn, &cues, &judged).await?;
    }
}

/// Replaces the detected stances of `statements` with what [`detect`]
/// finds now; returns how many it found.
async fn judge(
    conn: &impl ConnectionTrait,
    cues: &[Cues],
    statements: &[Judged<'_>],
) -> Result<u64, DbErr> {
    let ids: Vec<i64> = statements.iter().map(|s| s.id).collect();
    for chunk in ids.chunks(CHUNK) {
        stance::Entity::delete_many()
            .filter(stance::Column::StatementId.is_in(chunk.iter().copied()))
            .filter(stance::Column::Source.eq(DETECTED))
            .exec(conn)
            .await?;
    }
    let judged: Vec<&Judged<'_>> = statements.iter().filter(|s| s.source != CURATED).collect();
    if judged.is_empty() || cues.is_empty() {
        return Ok(0);
    }
    let mut by_person: HashSet<(i64, i64)> = HashSet::new();
    let judged_ids: Vec<i64> = judged.iter().map(|s| s.id).collect();
    for chunk in judged_ids.chunks(CHUNK) {
        let rows: Vec<(i64, i64)> = stance::Entity::find()
            .select_only()
            .column(stance::Column::StatementId)
            .column(stance::Column::PropositionId)
            .filter(stance::Column::StatementId.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(conn)
            .await?;
        by_person.extend(rows);
    }
    let mut rows = Vec::new();
    for s in judged {
        for cue in cues {
            if !s.topic_ids.contains(&cue.topic_id) || by_person.contains(&(s.id, cue.id)) {
                continue;
            }
            if let Some(found) = detect::detect(s.text, &cue.phrases) {
                rows.push(stance::ActiveModel {
                    id: NotSet,
                    statement_id: Set(s.id),
                    proposition_id: Set(cue.id),
                    polarity: Set(found.position),
                    confidence: Set(found.confidence),
                    source: Set(DETECTED.to_owned()),
                });
            }
        }
    }
    for chunk in rows.chunks(CHUNK) {
        stance::Entity::insert_many(chunk.iter().cloned())
            .exec_without_returning(conn)
            .await?;
    }
    Ok(rows.len() as u64)
}

/// Every proposition, by key.
pub async fn all(db: &DatabaseConnection) -> Result<Vec<proposition::Model>, Error> {
    Ok(proposition::Entity::find()
        .order_by_asc(proposition::Column::Key)
        .all(db)
        .await?)
}

/// The proposition with this key, in any case.
pub async fn by_key(
    db: &DatabaseConnection,
    key: &str,
) -> Result<Option<proposition::Model>, Error> {
    Ok(proposition::Entity::find()
        .filter(proposition::Column::Key.eq(key.trim().to_lowercase()))
        .one(db)
        .await?)
}

/// The propositions `name` names: the one whose key it is, else every one
/// whose texts (in either language) and phrases hold all its words, as
/// search compares them. None is [`Error::UnknownName`], with the closest
/// keys as suggestions; `field` names the input in the message.
pub async fn resolve(
    conn: &impl ConnectionTrait,
    field: &str,
    name: &str,
) -> Result<Vec<proposition::Model>, Error> {
    let propositions = proposition::Entity::find()
        .order_by_asc(proposition::Column::Key)
        .all(conn)
        .await?;
    let key = name.trim().to_lowercase();
    if let Some(exact) = propositions.iter().find(|p| p.key == key) {
        return Ok(vec![exact.clone()]);
    }
    let wanted = text::search_terms(name);
    let mut found = Vec::new();
    if !wanted.is_empty() {
        let phrases = proposition_phrase::Entity::find().all(conn).await?;
        for p in &propositions {
            let mut haystack = format!("{} {} {}", p.key.replace('_', " "), p.text_en, p.text_ru);
            for phrase in phrases.iter().filter(|ph| ph.proposition_id == p.id) {
                haystack.push(' ');
                haystack.push_str(&phrase.phrase);
            }
            let terms: HashSet<String> = text::search_terms(&haystack).into_iter().collect();
            if wanted.iter().all(|w| terms.contains(w)) {
                found.push(p.clone());
            }
        }
    }
    if found.is_empty() {
        let mut scored: Vec<(f64, &str)> = propositions
            .iter()
            .map(|p| (strsim::jaro_winkler(&key, &p.key), p.key.as_str()))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0));
        return Err(Error::UnknownName {
            message: format!(
                "`{field}`: no proposition has the key {name:?} or all its words in its text"
            ),
            suggestions: scored
                .iter()
                .take(3)
                .map(|(_, k)| (*k).to_owned())
                .collect(),
        });
    }
    Ok(found)
}

/// How many listed statements (every review status but rejected) stand
/// each way on each of these propositions.
pub async fn counts(
    conn: &impl ConnectionTrait,
    proposition_ids: &[i64],
) -> Result<HashMap<i64, Vec<(Polarity, i64)>>, DbErr> {
    let rows: Vec<(i64, Polarity, i64)> = stance::Entity::find()
        .select_only()
        .column(stance::Column::PropositionId)
        .column(stance::Column::Polarity)
        .column_as(Expr::col(stance::Column::Id).count(), "count")
        .filter(stance::Column::PropositionId.is_in(proposition_ids.iter().copied()))
        .filter(
            stance::Column::StatementId.in_subquery(
                Query::select()
                    .column(statement::Column::Id)
                    .from(statement::Entity)
                    .and_where(
                        Expr::col(statement::Column::ReviewStatus)
                            .ne(sea_orm::ActiveEnum::to_value(&ReviewStatus::Rejected)),
                    )
                    .to_owned(),
            ),
        )
        .group_by(stance::Column::PropositionId)
        .group_by(stance::Column::Polarity)
        .into_tuple()
        .all(conn)
        .await?;
    let mut out: HashMap<i64, Vec<(Polarity, i64)>> = HashMap::new();
    for (proposition, polarity, count) in rows {
        out.entry(proposition).or_default().push((polarity, count));
    }
    Ok(out)
}

/// What a person's stance change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StanceWritten {
    pub statement_id: i64,
    pub changed: bool,
}

/// Sets (`Some`) or clears (`None`) a statement's stance on a proposition,
/// as a person's judgment (source `editor`, confidence 1), replacing any
/// stance it had on it, detected or curated; one version up, recorded in
/// the statement's history. A proposition is named by key or words and
/// must name exactly one. `expected_version`, when given, must be the
/// statement's version, else [`Error::Conflict`]. Clearing leaves no
/// stance until the statement is next written, when detection may find
/// one again.
pub async fn set(
    db: &DatabaseConnection,
    by: &str,
    statement_id: i64,
    proposition: &str,
    position: Option<Polarity>,
    expected_version: Option<i32>,
) -> Result<StanceWritten, Error> {
    let txn = begin_write(db).await?;
    store::serialize(&txn).await?;
    let Some(row) = store::lock(&txn, statement_id).await? else {
        return Err(Error::BadInput(
            "`statementId`: no statement has this id".to_owned(),
        ));
    };
    if let Some(expected) = expected_version
        && row.version != expected
    {
        return Err(Error::Conflict {
            message: format!(
                "the statement changed since version {expected}: it is at version {}; read it again and redo the change",
                row.version
            ),
            current_version: row.version,
        });
    }
    let named = resolve(&txn, "proposition", proposition).await?;
    let [target] = named.as_slice() else {
        let keys: Vec<&str> = named.iter().map(|p| p.key.as_str()).collect();
        return Err(Error::BadInput(format!(
            "`proposition`: {proposition:?} names {} propositions ({}); give one key",
            keys.len(),
            keys.join(", ")
        )));
    };
    let existing = stance::Entity::find()
        .filter(stance::Column::StatementId.eq(statement_id))
        .filter(stance::Column::PropositionId.eq(target.id))
        .one(&txn)
        .await?;
    let unchanged = match (&existing, position) {
        (Some(s), Some(p)) => s.source == EDITED && s.polarity == p,
        (None, None) => true,
        _ => false,
    };
    if unchanged {
        txn.commit().await?;
        return Ok(StanceWritten {
            statement_id,
            changed: false,
        });
    }
    stance::Entity::delete_many()
        .filter(stance::Column::StatementId.eq(statement_id))
        .filter(stance::Column::PropositionId.eq(target.id))
        .exec(&txn)
        .await?;
    if let Some(position) = position {
        stance::ActiveModel {
            id: NotSet,
            statement_id: Set(statement_id),
            proposition_id: Set(target.id),
            polarity: Set(position),
            confidence: Set(1.0),
            source: Set(EDITED.to_owned()),
        }
        .insert(&txn)
        .await?;
    }
    statement::Entity::update_many()
        .col_expr(
            statement::Column::Version,
            Expr::col(statement::Column::Version).add(1),
        )
        .filter(statement::Column::Id.eq(statement_id))
        .exec(&txn)
        .await?;
    let field = |stance: Option<(Polarity, &str)>| {
        let mut map = serde_json::Map::new();
        map.insert(
            "stance".to_owned(),
            serde_json::json!({
                "proposition": target.key,
                "position": stance.map(|(p, _)| sea_orm::ActiveEnum::to_value(&p)),
                "source": stance.map(|(_, s)| s.to_owned()),
            }),
        );
        map
    };
    history::record(
        &txn,
        &[Change {
            statement_id,
            action: Action::Stance,
            by: by.to_owned(),
            before: field(existing.as_ref().map(|s| (s.polarity, s.source.as_str()))),
            after: field(position.map(|p| (p, EDITED))),
            note: None,
        }],
    )
    .await?;
    txn.commit().await?;
    Ok(StanceWritten {
        statement_id,
        changed: true,
    })
}
