//! `claimgraph eval`: how well the extractor does on the curated corpus.
//!
//! The five seed articles are ingested from their raw text into a scratch
//! database that holds the registry only, through the same pipeline as any
//! new article, and the statements found are compared with the curated ones.
//! A found statement matches a curated one when their spans overlap by at
//! least half of the shorter span (one to one, largest overlaps first).

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use entity::{organization, speaker, statement, statement_topic, topic};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use seeds::corpus::{Corpus, Statement as Curated};

use super::{IngestInput, ingest};
use crate::services::Error;

/// Counts for one article, or for all.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tally {
    pub curated: usize,
    pub extracted: usize,
    pub matched: usize,
    pub speaker_right: usize,
    pub organization_right: usize,
    pub topics_curated: usize,
    pub topics_extracted: usize,
    pub topics_shared: usize,
}

fn ratio(num: usize, den: usize) -> f64 {
    if den == 0 {
        0.0
    } else {
        num as f64 / den as f64
    }
}

impl Tally {
    pub fn precision(&self) -> f64 {
        ratio(self.matched, self.extracted)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.matched, self.curated)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    /// Share of matched statements whose speaker is the curated one (for a
    /// statement made by an organization alone: no speaker and that organization).
    pub fn speaker_accuracy(&self) -> f64 {
        ratio(self.speaker_right, self.matched)
    }
    pub fn organization_accuracy(&self) -> f64 {
        ratio(self.organization_right, self.matched)
    }
    pub fn topic_precision(&self) -> f64 {
        ratio(self.topics_shared, self.topics_extracted)
    }
    pub fn topic_recall(&self) -> f64 {
        ratio(self.topics_shared, self.topics_curated)
    }

    fn add(&mut self, other: &Tally) {
        self.curated += other.curated;
        self.extracted += other.extracted;
        self.matched += other.matched;
        self.speaker_right += other.speaker_right;
        self.organization_right += other.organization_right;
        self.topics_curated += other.topics_curated;
        self.topics_extracted += other.topics_extracted;
        self.topics_shared += other.topics_shared;
    }
}

/// The evaluation of every seed article and of all together.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EvalReport {
    pub articles: Vec<(String, Tally)>,
    pub overall: Tally,
}

impl fmt::Display for EvalReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<22} {:>7} {:>9} {:>7} {:>9} {:>6} {:>5} {:>7} {:>7} {:>7} {:>7}",
            "article",
            "curated",
            "extracted",
            "matched",
            "precision",
            "recall",
            "F1",
            "speaker",
            "org",
            "topic P",
            "topic R"
        )?;
        let rows = self
            .articles
            .iter()
            .map(|(n, t)| (n.as_str(), t))
            .chain([("overall", &self.overall)]);
        for (name, t) in rows {
            writeln!(
                f,
                "{:<22} {:>7} {:>9} {:>7} {:>9.2} {:>6.2} {:>5.2} {:>7.2} {:>7.2} {:>7.2} {:>7.2}",
                name,
                t.curated,
                t.extracted,
                t.matched,
                t.precision(),
                t.recall(),
                t.f1(),
                t.speaker_accuracy(),
                t.organization_accuracy(),
                t.topic_precision(),
                t.topic_recall()
            )?;
        }
        Ok(())
    }
}

/// Pairs found spans with curated ones: overlap of at least half the shorter
/// span, one to one, largest overlaps first.
pub fn match_spans(curated: &[(usize, usize)], found: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
    for (i, c) in curated.iter().enumerate() {
        for (j, e) in found.iter().enumerate() {
            let overlap = c.1.min(e.1).saturating_sub(c.0.max(e.0));
            let shorter = (c.1 - c.0).min(e.1 - e.0);
            if overlap > 0 && overlap * 2 >= shorter {
                pairs.push((overlap, i, j));
            }
        }
    }
    pairs.sort_by_key(|p| std::cmp::Reverse(p.0));
    let (mut used_c, mut used_e) = (BTreeSet::new(), BTreeSet::new());
    let mut matched = Vec::new();
    for (_, i, j) in pairs {
        if used_c.insert(i) {
            if used_e.insert(j) {
                matched.push((i, j));
            } else {
                used_c.remove(&i);
            }
        }
    }
    matched
}

/// Ingests every article of `corpus` into `db` (which must hold the registry
/// and no documents) and compares what was found with the curation.
pub async fn evaluate(db: &DatabaseConnection, corpus: &Corpus) -> Result<EvalReport, Error> {
    let speaker_keys: HashMap<i64, String> = speaker::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.key))
        .collect();
    let organization_keys: HashMap<i64, String> = organization::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.key))
        .collect();
    let topic_keys: HashMap<i64, String> = topic::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t.key))
        .collect();

    let mut report = EvalReport::default();
    for doc in &corpus.documents {
        let outcome = ingest(
            db,
            IngestInput {
                text: doc.original.clone(),
                title: Some(doc.title.clone()),
                language: Some(doc.language.clone()),
                published: doc.published,
                ..Default::default()
            },
        )
        .await?;
        let found = statement::Entity::find()
            .filter(statement::Column::DocumentId.eq(outcome.document_id))
            .all(db)
            .await?;
        let links = statement_topic::Entity::find()
            .filter(statement_topic::Column::StatementId.is_in(found.iter().map(|s| s.id)))
            .all(db)
            .await?;
        let mut topics_of: HashMap<i64, BTreeSet<String>> = HashMap::new();
        for link in links {
            if let Some(key) = topic_keys.get(&link.topic_id) {
                topics_of
                    .entry(link.statement_id)
                    .or_default()
                    .insert(key.clone());
            }
        }
        let curated_spans: Vec<(usize, usize)> = doc
            .statements
            .iter()
            .map(|s| (s.span_start, s.span_end))
            .collect();
        let found_spans: Vec<(usize, usize)> = found
            .iter()
            .map(|s| {
                (
                    usize::try_from(s.span_start).unwrap_or(0),
                    usize::try_from(s.span_end).unwrap_or(0),
                )
            })
            .collect();
        let mut tally = Tally {
            curated: doc.statements.len(),
            extracted: found.len(),
            ..Default::default()
        };
        for (i, j) in match_spans(&curated_spans, &found_spans) {
            let (c, e): (&Curated, &statement::Model) = (&doc.statements[i], &found[j]);
            tally.matched += 1;
            let speaker = e.speaker_id.and_then(|id| speaker_keys.get(&id)).cloned();
            let organization = e
                .organization_id
                .and_then(|id| organization_keys.get(&id))
                .cloned();
            // A curated statement made by an organization alone is attributed
            // rightly when the extractor names no speaker and that organization.
            let speaker_right = match &c.speaker {
                Some(key) => speaker.as_ref() == Some(key),
                None => speaker.is_none() && organization == c.organization,
            };
            tally.speaker_right += usize::from(speaker_right);
            tally.organization_right += usize::from(organization == c.organization);
            let curated_topics: BTreeSet<String> = c.topics.iter().cloned().collect();
            let found_topics = topics_of.remove(&e.id).unwrap_or_default();
            tally.topics_curated += curated_topics.len();
            tally.topics_extracted += found_topics.len();
            tally.topics_shared += curated_topics.intersection(&found_topics).count();
        }
        report.overall.add(&tally);
        report.articles.push((doc.slug.clone(), tally));
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::match_spans;

    #[test]
    fn spans_match_one_to_one_on_half_the_shorter() {
        // (0,10) and (5,12): overlap 5, shorter 7 → 5*2 >= 7: a match.
        assert_eq!(match_spans(&[(0, 10)], &[(5, 12)]), vec![(0, 0)]);
        // (0,10) and (8,30): overlap 2 of a shorter 10: no match.
        assert!(match_spans(&[(0, 10)], &[(8, 30)]).is_empty());
        // Two found spans on one curated: only the larger overlap counts.
        assert_eq!(match_spans(&[(0, 10)], &[(0, 6), (0, 10)]), vec![(0, 1)]);
    }
}
