//! The linker measured against annotated pairs: `claimgraph eval` prints
//! it. Statements of the seed corpus and of the development set whose
//! annotations give the same `utterance` key report one utterance; every
//! two of them make a pair the linker should find. The curated statements
//! (and the development set's annotated ones, with their speakers resolved
//! as ingestion resolves them) are written through the store, which links
//! them; the pairs it made are compared with the annotated ones.
//!
//! Linking is measured on the annotated statements, not on what the
//! extractor finds, so that its figures say how well it links and not how
//! well the extractor extracts.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use chrono::Utc;
use entity::{alias, document, statement, topic_keyword};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};

use crate::config::SeedScope;
use crate::ingest::resolution::Resolver;
use crate::ingest::tagging::Lexicon;
use crate::services::store::{self, NewStatement};
use crate::services::{Error, seeding, utterances};

/// Pairs found and annotated, in one group of pairs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PairTally {
    pub annotated: usize,
    pub linked: usize,
    pub correct: usize,
}

impl PairTally {
    pub fn precision(&self) -> f64 {
        if self.linked == 0 {
            1.0
        } else {
            self.correct as f64 / self.linked as f64
        }
    }

    pub fn recall(&self) -> f64 {
        if self.annotated == 0 {
            1.0
        } else {
            self.correct as f64 / self.annotated as f64
        }
    }
}

/// How the linker did.
#[derive(Debug, Clone, Default)]
pub struct LinkReport {
    /// Statements measured.
    pub statements: usize,
    pub all: PairTally,
    pub same_language: PairTally,
    pub cross_language: PairTally,
    /// All pairs after `claimgraph link` relinked everything in one pass.
    pub relinked: PairTally,
    /// Pairs missed and pairs linked wrongly, for `--disagreements`.
    pub disagreements: Vec<String>,
    /// The statements of each disagreement, in the same order.
    pairs: Vec<(i64, i64)>,
    /// The scores of the pairs the linker compares, in one language.
    pub same_scores: Scores,
    /// The same across languages.
    pub cross_scores: Scores,
}

/// The scores of compared pairs, annotated (positive) or not.
#[derive(Debug, Clone, Default)]
pub struct Scores {
    pub positive: Vec<f64>,
    pub negative: Vec<f64>,
}

impl Scores {
    fn summary(&self, threshold: f64) -> String {
        let max_negative = self.negative.iter().copied().fold(0.0, f64::max);
        let positives_above = self.positive.iter().filter(|v| **v >= threshold).count();
        let negatives_above = self.negative.iter().filter(|v| **v >= threshold).count();
        let mut positive = self.positive.clone();
        positive.sort_by(|a, b| b.total_cmp(a));
        let mut negative = self.negative.clone();
        negative.sort_by(|a, b| b.total_cmp(a));
        let show = |v: &[f64]| {
            v.iter()
                .map(|x| format!("{x:.2}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        format!(
            "{} annotated and {} other pairs compared; threshold {threshold:.2}: {positives_above} annotated and {negatives_above} other pairs at or above; highest other {max_negative:.2}\n      annotated: {}\n      highest others: {}",
            self.positive.len(),
            self.negative.len(),
            show(&positive),
            show(&negative[..negative.len().min(8)]),
        )
    }
}

impl fmt::Display for LinkReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let line = |f: &mut fmt::Formatter<'_>, name: &str, t: &PairTally| {
            writeln!(
                f,
                "  {name:<15} precision {:.2} ({}/{} linked pairs right), recall {:.2} ({}/{} annotated pairs found)",
                t.precision(),
                t.correct,
                t.linked,
                t.recall(),
                t.correct,
                t.annotated
            )
        };
        line(f, "all pairs", &self.all)?;
        line(f, "same language", &self.same_language)?;
        line(f, "cross-language", &self.cross_language)?;
        line(f, "after relinking", &self.relinked)?;
        writeln!(
            f,
            "  scores, same language:  {}",
            self.same_scores.summary(utterances::SAME_LANGUAGE)
        )?;
        writeln!(
            f,
            "  scores, cross-language: {}",
            self.cross_scores.summary(utterances::CROSS_LANGUAGE)
        )?;
        writeln!(
            f,
            "  targets: precision >= 0.95, recall >= 0.70 ({} statements measured)",
            self.statements
        )
    }
}

/// A measured statement: where it is, what it says, and its annotation.
struct Measured {
    label: String,
    language: String,
    text: String,
    key: Option<String>,
}

/// Writes the seed corpus (through seeding, which links as it writes) and
/// the development set's annotated statements into `db` (which holds the
/// registry), then compares the links the store made with the annotated
/// pairs.
pub async fn evaluate(
    db: &DatabaseConnection,
    corpus: &seeds::corpus::Corpus,
    dev: Option<&seeds::dev::DevSet>,
) -> Result<LinkReport, Error> {
    seeding::load(db, SeedScope::All).await.map_err(|e| {
        Error::Database(std::sync::Arc::new(sea_orm::DbErr::Custom(format!(
            "loading the seed corpus: {e:#}"
        ))))
    })?;
    let mut measured: BTreeMap<i64, Measured> = BTreeMap::new();
    for doc in &corpus.documents {
        let Some(stored) = document::Entity::find()
            .filter(document::Column::Slug.eq(&doc.slug))
            .one(db)
            .await?
        else {
            continue;
        };
        let rows: HashMap<(i32, i32), i64> = statement::Entity::find()
            .filter(statement::Column::DocumentId.eq(stored.id))
            .all(db)
            .await?
            .into_iter()
            .map(|s| ((s.span_start, s.span_end), s.id))
            .collect();
        for s in &doc.statements {
            let span = (s.span_start as i32, s.span_end as i32);
            if let Some(id) = rows.get(&span) {
                measured.insert(
                    *id,
                    Measured {
                        label: doc.slug.chars().take(3).collect(),
                        language: s.language.clone(),
                        text: s.text.clone(),
                        key: s.utterance.clone(),
                    },
                );
            }
        }
    }
    if let Some(set) = dev {
        for article in &set.articles {
            measured.extend(write_dev_article(db, article).await?);
        }
    }
    let utterance_of = utterances_of(db, &measured).await?;
    let mut report = compare(&measured, &utterance_of);
    let ids: Vec<i64> = measured.keys().copied().collect();
    let annotated: BTreeSet<(i64, i64)> = pairs(
        measured
            .iter()
            .filter_map(|(id, m)| m.key.clone().map(|k| (k, *id))),
    );
    for (a, b, score) in utterances::candidate_scores(db, &ids).await? {
        let pair = (a.min(b), a.max(b));
        let (side, threshold) = match score.method {
            utterances::Method::CrossLanguage => {
                (&mut report.cross_scores, utterances::CROSS_LANGUAGE)
            }
            _ => (&mut report.same_scores, utterances::SAME_LANGUAGE),
        };
        if annotated.contains(&pair) {
            side.positive.push(score.value);
            if (threshold..threshold + NEAR).contains(&score.value) {
                report.disagreements.push(format!(
                    "  close annotated ({:.2}): {}",
                    score.value,
                    describe(&measured, &pair)
                ));
                report.pairs.push(pair);
            }
        } else {
            side.negative.push(score.value);
            // What threatens precision: other pairs near the threshold,
            // whether or not the linker took them (it takes a statement's
            // best candidate only).
            if score.value >= threshold - NEAR {
                report.disagreements.push(format!(
                    "  close other ({:.2}): {}",
                    score.value,
                    describe(&measured, &pair)
                ));
                report.pairs.push(pair);
            }
        }
    }
    // The same statements linked again in one pass, in id order, as
    // `claimgraph link` does: another order than the store's, article by
    // article.
    let txn = crate::database::begin_write(db).await?;
    utterances::link_all(&txn).await?;
    txn.commit().await?;
    report.relinked = compare(&measured, &utterances_of(db, &measured).await?).all;
    for (line, (a, b)) in report.disagreements.iter_mut().zip(report.pairs.clone()) {
        line.push_str(&format!("\n      {}", utterances::explain(db, a, b).await?));
    }
    Ok(report)
}

/// The utterance of each measured statement, as stored.
async fn utterances_of(
    db: &DatabaseConnection,
    measured: &BTreeMap<i64, Measured>,
) -> Result<HashMap<i64, Option<i64>>, Error> {
    let ids: Vec<i64> = measured.keys().copied().collect();
    let mut map = HashMap::new();
    for chunk in ids.chunks(1_000) {
        for row in statement::Entity::find()
            .filter(statement::Column::Id.is_in(chunk.iter().copied()))
            .all(db)
            .await?
        {
            map.insert(row.id, row.utterance_id);
        }
    }
    Ok(map)
}

/// How far from its threshold an unannotated pair (below or above) or an
/// annotated one (above) is listed among the disagreements, as a close call.
const NEAR: f64 = 0.1;

/// Two measured statements, for the disagreements.
fn describe(measured: &BTreeMap<i64, Measured>, (a, b): &(i64, i64)) -> String {
    let show = |id: &i64| {
        let m = &measured[id];
        let text: String = m.text.chars().take(90).collect();
        format!("[{} {}] {text}", m.label, m.language)
    };
    format!("{}  <->  {}", show(a), show(b))
}

/// Pairs of `ids` grouped by `group`: every two statements in one group.
fn pairs<K: Ord>(groups: impl IntoIterator<Item = (K, i64)>) -> BTreeSet<(i64, i64)> {
    let mut by: BTreeMap<K, Vec<i64>> = BTreeMap::new();
    for (k, id) in groups {
        by.entry(k).or_default().push(id);
    }
    let mut out = BTreeSet::new();
    for ids in by.values() {
        for (i, a) in ids.iter().enumerate() {
            for b in &ids[i + 1..] {
                out.insert(((*a).min(*b), (*a).max(*b)));
            }
        }
    }
    out
}

fn compare(
    measured: &BTreeMap<i64, Measured>,
    utterance_of: &HashMap<i64, Option<i64>>,
) -> LinkReport {
    let annotated = pairs(
        measured
            .iter()
            .filter_map(|(id, m)| m.key.clone().map(|k| (k, *id))),
    );
    let linked = pairs(
        measured
            .keys()
            .filter_map(|id| utterance_of.get(id).copied().flatten().map(|u| (u, *id))),
    );
    let mut report = LinkReport {
        statements: measured.len(),
        ..Default::default()
    };
    let cross = |(a, b): &(i64, i64)| measured[a].language != measured[b].language;
    let describe = |pair: &(i64, i64)| describe(measured, pair);
    for pair in annotated.union(&linked) {
        let is_annotated = annotated.contains(pair);
        let is_linked = linked.contains(pair);
        for tally in [
            &mut report.all,
            if cross(pair) {
                &mut report.cross_language
            } else {
                &mut report.same_language
            },
        ] {
            tally.annotated += usize::from(is_annotated);
            tally.linked += usize::from(is_linked);
            tally.correct += usize::from(is_annotated && is_linked);
        }
        if is_annotated && !is_linked {
            report
                .disagreements
                .push(format!("  missed link: {}", describe(pair)));
            report.pairs.push(*pair);
        } else if is_linked && !is_annotated {
            report
                .disagreements
                .push(format!("  wrong link:  {}", describe(pair)));
            report.pairs.push(*pair);
        }
    }
    report
}

/// Stores one development article and its annotated statements (speakers
/// and organizations resolved as ingestion resolves names, unknown ones
/// created), through the store; returns them as measured.
async fn write_dev_article(
    db: &DatabaseConnection,
    article: &seeds::dev::Article,
) -> Result<Vec<(i64, Measured)>, Error> {
    let txn = crate::database::begin_write(db).await?;
    let now = entity::timestamps::now();
    let (published_on, published_precision) = seeding::split_date(article.published);
    let dated_on = published_on.unwrap_or_else(|| Utc::now().date_naive());
    let document = document::ActiveModel {
        slug: Set(format!("dev-{}", article.slug)),
        title: Set(article.slug.clone()),
        title_is_editorial: Set(true),
        url: Set(Some(article.url.clone())),
        outlet_id: Set(None),
        language: Set(article.language.clone()),
        published_on: Set(published_on),
        published_precision: Set(published_precision),
        body: Set(article.body.clone()),
        original: Set(article.original.clone()),
        content_hash: Set(seeding::content_hash(&format!("dev:{}", article.slug))),
        ingested_at: Set(now),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let lexicon = Lexicon::new(
        topic_keyword::Entity::find().all(&txn).await?,
        alias::Entity::find().all(&txn).await?,
    );
    let mut resolver = Resolver::default();
    let chars: Vec<char> = article.body.chars().collect();
    let mut statements = Vec::new();
    let mut measured = Vec::new();
    for s in &article.statements {
        let text: String = chars[s.span_start..s.span_end].iter().collect();
        let organization = match &s.organization {
            Some(name) => {
                resolver
                    .attribute(&txn, name, dated_on, true, true)
                    .await?
                    .organization_id
            }
            None => None,
        };
        let (speaker_id, organization_id) = match &s.speaker {
            Some(name) => {
                let found = resolver
                    .attribute(&txn, name, dated_on, true, false)
                    .await?;
                (found.speaker_id, organization.or(found.organization_id))
            }
            None => (None, organization),
        };
        statements.push(NewStatement {
            document_id: document.id,
            speaker_id,
            organization_id,
            kind: s.kind,
            text: text.clone(),
            span_start: s.span_start as i32,
            span_end: s.span_end as i32,
            language: article.language.clone(),
            said_on: None,
            said_precision: None,
            dated_on,
            dated_precision: published_precision,
            source: store::CURATED.to_owned(),
            confidence: 1.0,
            created_at: now,
            topic_ids: lexicon.topics(&text).into_iter().collect(),
            about: Vec::new(),
        });
        measured.push(Measured {
            label: article.slug.clone(),
            language: article.language.clone(),
            text,
            key: s.utterance.clone(),
        });
    }
    let ids = store::add(&txn, &statements).await?;
    txn.commit().await?;
    Ok(ids.into_iter().zip(measured).collect())
}
