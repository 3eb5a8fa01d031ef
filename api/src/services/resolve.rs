//! Name resolution: what speakers, organizations and topics a name (or id) can mean.
//!
//! Matching runs in tiers, best first:
//! 1. an id, or an exact folded alias, slug or label (score 1.0);
//! 2. the same after Russian case endings are removed ("Токаева"), or a
//!    topic label or keyword with the same search terms ("расследования")
//!    (0.9);
//! 3. a name whose every word stands in an alias ("МИД" in "МИД РК" and
//!    "МИД КР"): all such entities match (0.5 to 0.8).
//!
//! Filters use the best tier that matches anything, so a name that fits
//! several entities matches them all. Nothing matching is an error that lists
//! the closest known names: an analyst must not mistake a typo for silence.
//! `resolve` also shows near misses (string similarity) with scores below 0.5.

use std::collections::HashMap;

use entity::{alias, topic, topic_keyword};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use text::{fold, name_key, search_terms};

use crate::services::Error;
use crate::services::ids::{NameOrId, NodeType};

/// What a name resolved to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Entity {
    Speaker(i64),
    Organization(i64),
    Topic(i64),
}

impl Entity {
    pub fn speaker_id(self) -> Option<i64> {
        match self {
            Self::Speaker(id) => Some(id),
            _ => None,
        }
    }

    pub fn organization_id(self) -> Option<i64> {
        match self {
            Self::Organization(id) => Some(id),
            _ => None,
        }
    }

    pub fn topic_id(self) -> Option<i64> {
        match self {
            Self::Topic(id) => Some(id),
            _ => None,
        }
    }
}

/// One candidate meaning of a name.
#[derive(Debug, Clone, PartialEq)]
pub struct Match {
    pub entity: Entity,
    /// 1.0 for an exact match, lower for looser ones.
    pub score: f64,
    /// The alias, slug, label or keyword that matched.
    pub matched: String,
}

/// Which entities a filter accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accept {
    Speakers,
    Organizations,
    SpeakersAndOrganizations,
    Topics,
}

impl Accept {
    fn allows(self, entity: Entity) -> bool {
        matches!(
            (self, entity),
            (
                Self::Speakers | Self::SpeakersAndOrganizations,
                Entity::Speaker(_)
            ) | (
                Self::Organizations | Self::SpeakersAndOrganizations,
                Entity::Organization(_)
            ) | (Self::Topics, Entity::Topic(_))
        )
    }

    fn noun(self) -> &'static str {
        match self {
            Self::Speakers => "speaker",
            Self::Organizations => "organization",
            Self::SpeakersAndOrganizations => "speaker or organization",
            Self::Topics => "topic",
        }
    }
}

/// Score of the tier under which near misses are only suggestions.
const FILTER_THRESHOLD: f64 = 0.5;
/// Near misses (string similarity) score at most this, below every tier a
/// filter accepts: a typo gets suggestions, never a silent guess.
const NEAR_MISS_WEIGHT: f64 = 0.45;
/// The lowest score `resolve` shows.
pub const SHOWN_THRESHOLD: f64 = 0.35;

/// Every meaning of `value` that `accept` allows, best first, near misses included.
pub async fn resolve(
    db: &impl ConnectionTrait,
    value: &NameOrId,
    accept: Option<Accept>,
) -> Result<Vec<Match>, Error> {
    let allowed = |e: Entity| accept.is_none_or(|a| a.allows(e));
    let name = match value {
        NameOrId::Id(node) => {
            let entity = match node.node_type {
                // A merged speaker's id means the speaker it went into.
                NodeType::Speaker => Entity::Speaker(
                    super::curation::live_speaker(db, node.id)
                        .await?
                        .unwrap_or(node.id),
                ),
                NodeType::Organization => Entity::Organization(node.id),
                NodeType::Topic => Entity::Topic(node.id),
                _ => {
                    return Err(Error::BadInput(format!(
                        "{node} is the id of neither a speaker, an organization nor a topic"
                    )));
                }
            };
            return Ok(if allowed(entity) {
                vec![Match {
                    entity,
                    score: 1.0,
                    matched: node.to_string(),
                }]
            } else {
                Vec::new()
            });
        }
        NameOrId::Name(name) => name.trim(),
    };
    if name.is_empty() {
        return Err(Error::BadInput("a name must not be empty".to_owned()));
    }

    let folded = fold(name);
    let stemmed = name_key(name);
    let query_words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    let mut best: HashMap<Entity, Match> = HashMap::new();
    let mut offer = |entity: Entity, score: f64, matched: &str| {
        if !allowed(entity) {
            return;
        }
        let candidate = Match {
            entity,
            score,
            matched: matched.to_owned(),
        };
        match best.get(&entity) {
            Some(existing) if existing.score >= score => {}
            _ => {
                best.insert(entity, candidate);
            }
        }
    };

    if accept.is_none_or(|a| a != Accept::Topics) {
        // The alias table is small next to the statements; reading it whole
        // lets every tier, and the suggestions, share one query.
        let aliases = alias::Entity::find().all(db).await?;
        for a in &aliases {
            let entity = match (a.speaker_id, a.organization_id) {
                (Some(id), _) => Entity::Speaker(id),
                (None, Some(id)) => Entity::Organization(id),
                (None, None) => continue,
            };
            let score = if a.folded == folded {
                1.0
            } else if a.stemmed == stemmed {
                0.9
            } else if let Some(s) = containment(&query_words, &a.folded) {
                s
            } else {
                NEAR_MISS_WEIGHT * strsim::jaro_winkler(&folded, &a.folded)
            };
            offer(entity, score, &a.name);
        }
    }

    if accept.is_none_or(|a| a == Accept::Topics) {
        let terms = search_terms(name).join(" ");
        let topics = topic::Entity::find().all(db).await?;
        let keywords = topic_keyword::Entity::find().all(db).await?;
        for t in &topics {
            for label in [&t.key, &t.label_en, &t.label_ru] {
                let label_folded = fold(label);
                let score = if label_folded == folded || fold(&t.key.replace('_', " ")) == folded {
                    1.0
                } else if !terms.is_empty() && search_terms(label).join(" ") == terms {
                    // The label in another form ("расследования" for
                    // "Расследование"), as a keyword's.
                    0.9
                } else if let Some(s) = containment(&query_words, &label_folded) {
                    s
                } else {
                    NEAR_MISS_WEIGHT * strsim::jaro_winkler(&folded, &label_folded)
                };
                offer(Entity::Topic(t.id), score, label);
            }
        }
        for k in &keywords {
            let score = if k.folded == folded {
                1.0
            } else if !terms.is_empty() && k.stemmed == terms {
                0.9
            } else {
                NEAR_MISS_WEIGHT * strsim::jaro_winkler(&folded, &k.folded)
            };
            offer(Entity::Topic(k.topic_id), score, &k.word);
        }
    }

    let mut matches: Vec<Match> = best.into_values().collect();
    matches.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.entity.cmp(&b.entity))
    });
    Ok(matches)
}

/// When every word of the query stands among the words of `candidate`: a
/// score between 0.5 and 0.8, higher the more of the candidate the query covers.
fn containment(query_words: &[&str], candidate: &str) -> Option<f64> {
    if query_words.is_empty() {
        return None;
    }
    let words: Vec<&str> = candidate.split(' ').collect();
    if query_words.iter().all(|q| words.contains(q)) {
        let covered = query_words.len() as f64 / words.len().max(1) as f64;
        Some(0.5 + 0.3 * covered)
    } else {
        None
    }
}

/// The speakers and organizations with an alias equal to `name` once
/// folded, or in another Russian case form: one indexed lookup, sorted and
/// without repeats.
pub async fn exact_matches(db: &impl ConnectionTrait, name: &str) -> Result<Vec<Entity>, Error> {
    let exact = alias::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(alias::Column::Folded.eq(fold(name)))
                .add(alias::Column::Stemmed.eq(name_key(name))),
        )
        .all(db)
        .await?;
    let mut entities: Vec<Entity> = exact
        .iter()
        .filter_map(|a| match (a.speaker_id, a.organization_id) {
            (Some(id), _) => Some(Entity::Speaker(id)),
            (None, Some(id)) => Some(Entity::Organization(id)),
            (None, None) => None,
        })
        .collect();
    entities.sort();
    entities.dedup();
    Ok(entities)
}

/// The entities a filter value means: the best tier of matches, or an error
/// with the closest known names.
pub async fn resolve_filter(
    db: &impl ConnectionTrait,
    field: &str,
    value: &NameOrId,
    accept: Accept,
) -> Result<Vec<Entity>, Error> {
    // The common case, a name the registry knows exactly (in any script or
    // case form), is one indexed lookup; only other names pay for reading
    // every alias to find partial matches and suggestions.
    if accept != Accept::Topics
        && let NameOrId::Name(name) = value
    {
        let mut entities = exact_matches(db, name).await?;
        entities.retain(|e| accept.allows(*e));
        if !fold(name).is_empty() && !entities.is_empty() {
            return Ok(entities);
        }
    }
    // Likewise a topic's key or one of its keywords (looked up by their
    // folded and stemmed forms); labels, compared only after folding each,
    // are left to the full resolution below, which is what a name matching
    // no keyword pays for.
    if accept == Accept::Topics
        && let NameOrId::Name(name) = value
    {
        let backend = db.get_database_backend();
        let (sql, values) = topic_named_sql(backend, name, 1);
        // Planned once per name (see `planned_once`): the statement every
        // request naming a topic sends.
        let rows = db
            .query_all_raw(crate::database::planned_once(
                sea_orm::Statement::from_sql_and_values(backend, sql, values),
            ))
            .await?;
        let mut entities = Vec::with_capacity(rows.len());
        for row in rows {
            entities.push(Entity::Topic(row.try_get::<i64>("", "id")?));
        }
        entities.sort();
        entities.dedup();
        if !fold(name).is_empty() && !entities.is_empty() {
            return Ok(entities);
        }
    }
    let matches = resolve(db, value, Some(accept)).await?;
    let Some(top) = matches.first().filter(|m| m.score >= FILTER_THRESHOLD) else {
        let mut suggestions: Vec<String> = Vec::new();
        for m in matches.iter().take(20) {
            if !suggestions.contains(&m.matched) {
                suggestions.push(m.matched.clone());
            }
            if suggestions.len() == 5 {
                break;
            }
        }
        let hint = if suggestions.is_empty() {
            String::new()
        } else {
            format!("; did you mean {}?", suggestions.join(", "))
        };
        return Err(Error::UnknownName {
            message: format!(
                "no {} is known as {} (in `{field}`){hint}",
                accept.noun(),
                value.describe()
            ),
            suggestions,
        });
    };
    // The tier of the best match: exact (≥ 0.9) or containment (≥ 0.5).
    let floor = if top.score >= 0.9 {
        0.9
    } else {
        FILTER_THRESHOLD
    };
    Ok(matches
        .iter()
        .filter(|m| m.score >= floor)
        .map(|m| m.entity)
        .collect())
}

/// The speakers a filter value means (see [`resolve_filter`]).
pub async fn speaker_ids(
    db: &impl ConnectionTrait,
    field: &str,
    value: &NameOrId,
) -> Result<Vec<i64>, Error> {
    let entities = resolve_filter(db, field, value, Accept::Speakers).await?;
    Ok(entities
        .into_iter()
        .filter_map(Entity::speaker_id)
        .collect())
}

/// The organizations a filter value means (see [`resolve_filter`]).
pub async fn organization_ids(
    db: &impl ConnectionTrait,
    field: &str,
    value: &NameOrId,
) -> Result<Vec<i64>, Error> {
    let entities = resolve_filter(db, field, value, Accept::Organizations).await?;
    Ok(entities
        .into_iter()
        .filter_map(Entity::organization_id)
        .collect())
}

/// The organizations a filter value names (`roots`) and every organization
/// at or below them (`all`), each once, in ascending order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Subtree {
    pub roots: Vec<i64>,
    pub all: Vec<i64>,
}

/// The organizations a filter value names, with every organization below
/// them. A name some organization's alias has exactly (the common case)
/// is one recursive query; anything else is resolved by
/// [`organization_ids`] (with its suggestions when nothing matches), then
/// expanded by [`organization_subtree`].
pub async fn organization_subtree_named(
    db: &impl ConnectionTrait,
    field: &str,
    value: &NameOrId,
) -> Result<Subtree, Error> {
    if let NameOrId::Name(name) = value
        && !fold(name).is_empty()
    {
        let backend = db.get_database_backend();
        let (roots, values) = organization_roots_sql(backend, name, 1);
        // Planned once per name, as the topic's above.
        let rows = db
            .query_all_raw(crate::database::planned_once(
                sea_orm::Statement::from_sql_and_values(backend, subtree_sql(&roots), values),
            ))
            .await?;
        if !rows.is_empty() {
            return subtree_of(rows);
        }
    }
    let roots = organization_ids(db, field, value).await?;
    organization_subtree(db, &roots).await
}

/// `ids` with every organization below them in the hierarchy, each once,
/// in ascending order (so that the same filter gives the same SQL text, and
/// the database reuses its plan). One recursive query.
pub async fn organization_subtree(
    db: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<Subtree, Error> {
    if ids.is_empty() {
        return Ok(Subtree::default());
    }
    let roots: Vec<String> = ids.iter().map(i64::to_string).collect();
    // Ids are integers, written into the SQL directly.
    let sql = subtree_sql(&format!(
        "SELECT id FROM organization WHERE id IN ({})",
        roots.join(", ")
    ));
    let rows = db
        .query_all_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            sql,
        ))
        .await?;
    subtree_of(rows)
}

/// The rows of [`subtree_sql`]: ids, roots flagged.
fn subtree_of(rows: Vec<sea_orm::QueryResult>) -> Result<Subtree, Error> {
    let mut subtree = Subtree {
        roots: Vec::new(),
        all: Vec::with_capacity(rows.len()),
    };
    for row in rows {
        let id = row.try_get::<i64>("", "id")?;
        if row.try_get::<i32>("", "root")? == 1 {
            subtree.roots.push(id);
        }
        subtree.all.push(id);
    }
    Ok(subtree)
}

/// The query of the organizations `roots` selects (one column of ids) and
/// of every organization below them, each once, in ascending order, with
/// `root` 1 for those `roots` selects and 0 for the others.
fn subtree_sql(roots: &str) -> String {
    format!("{} ORDER BY id", subtree_select(roots))
}

/// [`subtree_sql`] in no order.
fn subtree_select(roots: &str) -> String {
    format!(
        "WITH RECURSIVE roots(id) AS ({roots}), \
         subtree(id) AS ( \
           SELECT id FROM roots \
           UNION \
           SELECT o.id FROM organization o JOIN subtree ON o.parent_id = subtree.id \
         ) SELECT id, CAST(CASE WHEN id IN (SELECT id FROM roots) THEN 1 ELSE 0 END AS INTEGER) AS root \
         FROM subtree"
    )
}

/// The `n` placeholders of a statement's values from the `first`th (1-based
/// on PostgreSQL, `?` on SQLite).
fn placeholders(backend: sea_orm::DbBackend, first: usize, n: usize) -> Vec<String> {
    (first..first + n)
        .map(|i| match backend {
            sea_orm::DbBackend::Postgres => format!("${i}"),
            _ => "?".to_owned(),
        })
        .collect()
}

/// The query of the organizations an alias names exactly (folded, or in
/// its stemmed form), one column of ids, with its values, whose
/// placeholders start at `first`. An alias of a speaker is not an
/// organization's, as in [`resolve_filter`].
fn organization_roots_sql(
    backend: sea_orm::DbBackend,
    name: &str,
    first: usize,
) -> (String, Vec<sea_orm::Value>) {
    let [by_fold, by_stem] =
        <[String; 2]>::try_from(placeholders(backend, first, 2)).expect("two placeholders");
    (
        format!(
            "SELECT organization_id FROM alias \
             WHERE (folded = {by_fold} OR stemmed = {by_stem}) \
               AND speaker_id IS NULL AND organization_id IS NOT NULL"
        ),
        vec![fold(name).into(), name_key(name).into()],
    )
}

/// The query of the topics whose keyword (folded, or by its search terms)
/// or key is `name`, one column `id`, with its values, whose placeholders
/// start at `first`. Labels are left to the full resolution.
fn topic_named_sql(
    backend: sea_orm::DbBackend,
    name: &str,
    first: usize,
) -> (String, Vec<sea_orm::Value>) {
    let folded = fold(name);
    let terms = search_terms(name).join(" ");
    let marks = placeholders(backend, first, 3);
    let by_stem = if terms.is_empty() {
        String::new()
    } else {
        format!(" OR stemmed = {}", marks[2])
    };
    let sql = format!(
        "SELECT topic_id AS id FROM topic_keyword WHERE folded = {}{by_stem} \
         UNION SELECT id FROM topic WHERE key = {}",
        marks[0], marks[1]
    );
    let mut values: Vec<sea_orm::Value> =
        vec![folded.clone().into(), folded.replace(' ', "_").into()];
    if !terms.is_empty() {
        values.push(terms.into());
    }
    (sql, values)
}

/// What [`organization_and_topic_named`] found for each name: `None` where
/// the quick lookup found nothing, for the full resolution (with its
/// suggestions) to take over.
#[derive(Debug, Default)]
pub struct NamedPair {
    pub subtree: Option<Subtree>,
    pub topics: Option<Vec<i64>>,
}

/// An organization's name with its subtree and a topic's name, looked up
/// the quick way ([`organization_subtree_named`]'s exact alias, and
/// [`resolve_filter`]'s keyword or key) in one statement: the filter of
/// the README's headline, which every request of it sent as two (on
/// PostgreSQL, each statement is a wake-up of a backend, BENCHMARKS.md,
/// session 11). Names that fold to nothing are not looked up.
pub async fn organization_and_topic_named(
    db: &impl ConnectionTrait,
    organization: &str,
    topic: &str,
) -> Result<NamedPair, Error> {
    if fold(organization).is_empty() || fold(topic).is_empty() {
        return Ok(NamedPair::default());
    }
    let backend = db.get_database_backend();
    let (roots, mut values) = organization_roots_sql(backend, organization, 1);
    let (topics, topic_values) = topic_named_sql(backend, topic, values.len() + 1);
    values.extend(topic_values);
    // `root` is 1 for a named organization, 0 below one, 2 for a topic.
    let sql = format!(
        "{} UNION ALL SELECT id, CAST(2 AS INTEGER) AS root FROM ({topics}) AS named_topic",
        subtree_select(&roots)
    );
    let rows = db
        .query_all_raw(crate::database::planned_once(
            sea_orm::Statement::from_sql_and_values(backend, sql, values),
        ))
        .await?;
    let mut subtree = Subtree::default();
    let mut topic_ids = Vec::new();
    for row in rows {
        let id = row.try_get::<i64>("", "id")?;
        match row.try_get::<i32>("", "root")? {
            2 => topic_ids.push(id),
            root => {
                if root == 1 {
                    subtree.roots.push(id);
                }
                subtree.all.push(id);
            }
        }
    }
    for ids in [&mut subtree.roots, &mut subtree.all, &mut topic_ids] {
        ids.sort_unstable();
        ids.dedup();
    }
    Ok(NamedPair {
        subtree: (!subtree.all.is_empty()).then_some(subtree),
        topics: (!topic_ids.is_empty()).then_some(topic_ids),
    })
}

#[cfg(test)]
mod tests {
    use super::containment;

    #[test]
    fn a_partial_name_is_contained_in_longer_aliases() {
        assert!(containment(&["mid"], "mid rk").is_some());
        assert!(containment(&["mid", "rk"], "mid rk") > containment(&["mid"], "mid rk"));
        assert!(containment(&["mid", "kr"], "mid rk").is_none());
        assert!(containment(&[], "mid rk").is_none());
    }
}
