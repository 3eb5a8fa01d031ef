//! `claimgraph eval`: how well the extractor does on the curated corpus.
//!
//! The five seed articles are ingested from their raw text into a scratch
//! database that holds the registry only, through the same pipeline as any
//! new article, and the statements found are compared with the curated ones.
//! A found statement matches a curated one when their spans overlap by at
//! least half of the shorter span (one to one, largest overlaps first).

use std::collections::{BTreeSet, HashMap};
use std::fmt;

use entity::{alias, organization, speaker, statement, statement_topic, topic};
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
    /// Extracted statements with a confidence of at least [`CONFIDENT`], and
    /// how many of them match a curated one.
    pub confident: usize,
    pub confident_matched: usize,
}

/// The code-point spans of stored statements.
fn spans_of(found: &[statement::Model]) -> Vec<(usize, usize)> {
    found
        .iter()
        .map(|s| {
            (
                usize::try_from(s.span_start).unwrap_or(0),
                usize::try_from(s.span_end).unwrap_or(0),
            )
        })
        .collect()
}

/// The confidence above which a statement is meant to be right: at least
/// 0.95 of them on the development set.
pub const CONFIDENT: f64 = 0.8;

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
    /// The counts before matching: `curated` annotated, `found` extracted.
    fn found(curated: usize, found: &[statement::Model]) -> Self {
        Self {
            curated,
            extracted: found.len(),
            confident: found.iter().filter(|s| s.confidence >= CONFIDENT).count(),
            ..Self::default()
        }
    }

    /// Precision among the statements of confidence at least [`CONFIDENT`].
    pub fn confident_precision(&self) -> f64 {
        ratio(self.confident_matched, self.confident)
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
        self.confident += other.confident;
        self.confident_matched += other.confident_matched;
    }
}

/// The evaluation of every seed article and of all together.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EvalReport {
    pub articles: Vec<(String, Tally)>,
    pub overall: Tally,
    /// One line per statement missed or found beyond the curation.
    pub disagreements: Vec<String>,
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
        let found_spans = spans_of(&found);
        let mut tally = Tally::found(doc.statements.len(), &found);
        let pairs = match_spans(&curated_spans, &found_spans);
        for (i, c) in doc.statements.iter().enumerate() {
            if !pairs.iter().any(|p| p.0 == i) {
                let t: String = c.text.chars().take(90).collect();
                report
                    .disagreements
                    .push(format!("{} missed {t}", doc.slug));
            }
        }
        for (j, e) in found.iter().enumerate() {
            if !pairs.iter().any(|p| p.1 == j) {
                let t: String = e.text.chars().take(90).collect();
                report
                    .disagreements
                    .push(format!("{} extra {:.2} {t}", doc.slug, e.confidence));
            }
        }
        for (i, j) in pairs {
            let (c, e): (&Curated, &statement::Model) = (&doc.statements[i], &found[j]);
            tally.matched += 1;
            tally.confident_matched += usize::from(e.confidence >= CONFIDENT);
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
            if !speaker_right {
                let t: String = c.text.chars().take(90).collect();
                report.disagreements.push(format!(
                    "{} speaker [{}] annotated [{}] {t}",
                    doc.slug,
                    speaker
                        .as_deref()
                        .or(organization.as_deref())
                        .unwrap_or("-"),
                    c.speaker
                        .as_deref()
                        .or(c.organization.as_deref())
                        .unwrap_or("-"),
                ));
            }
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

/// The development set's figures: per article, per language, per shape.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DevReport {
    /// (slug, language, shape, tally), in the order of the set.
    pub articles: Vec<(String, String, String, Tally)>,
    pub overall: Tally,
    /// One line per disagreement: a statement missed, one found that the
    /// annotation does not have, a wrong speaker.
    pub disagreements: Vec<String>,
}

impl DevReport {
    fn grouped(
        &self,
        key: impl Fn(&(String, String, String, Tally)) -> String,
    ) -> Vec<(String, Tally)> {
        let mut groups: std::collections::BTreeMap<String, Tally> = Default::default();
        for row in &self.articles {
            groups.entry(key(row)).or_default().add(&row.3);
        }
        groups.into_iter().collect()
    }

    /// The figures per language.
    pub fn by_language(&self) -> Vec<(String, Tally)> {
        self.grouped(|r| r.1.clone())
    }

    /// The figures per shape of article.
    pub fn by_shape(&self) -> Vec<(String, Tally)> {
        self.grouped(|r| r.2.clone())
    }
}

fn dev_table(f: &mut fmt::Formatter<'_>, title: &str, rows: &[(String, &Tally)]) -> fmt::Result {
    writeln!(
        f,
        "{:<34} {:>7} {:>9} {:>7} {:>9} {:>6} {:>5} {:>7} {:>7} {:>9}",
        title,
        "curated",
        "extracted",
        "matched",
        "precision",
        "recall",
        "F1",
        "speaker",
        "org",
        "P(c≥0.8)"
    )?;
    for (name, t) in rows {
        writeln!(
            f,
            "{:<34} {:>7} {:>9} {:>7} {:>9.2} {:>6.2} {:>5.2} {:>7.2} {:>7.2} {:>9}",
            name,
            t.curated,
            t.extracted,
            t.matched,
            t.precision(),
            t.recall(),
            t.f1(),
            t.speaker_accuracy(),
            t.organization_accuracy(),
            format!("{:.2} ({})", t.confident_precision(), t.confident),
        )?;
    }
    Ok(())
}

impl fmt::Display for DevReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut languages = self.by_language();
        languages.push(("overall".to_owned(), self.overall.clone()));
        let shapes = self.by_shape();
        let articles: Vec<(String, Tally)> = self
            .articles
            .iter()
            .map(|(slug, _, _, t)| (slug.clone(), t.clone()))
            .collect();
        for (title, rows) in [
            ("language", &languages),
            ("shape", &shapes),
            ("article", &articles),
        ] {
            let rows: Vec<(String, &Tally)> = rows.iter().map(|(n, t)| (n.clone(), t)).collect();
            dev_table(f, title, &rows)?;
            writeln!(f)?;
        }
        Ok(())
    }
}

/// Whether `found`, the name of an extracted speaker, names the person
/// `curated`: the same name, or the same surname (a Russian case form or a
/// title in front of it changes neither).
pub fn same_person(found: &str, curated: &str) -> bool {
    let (a, b) = (text::name_key(found), text::name_key(curated));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    a == b || a.split(' ').next_back() == b.split(' ').next_back()
}

/// Whether `found` names the organization known as any of `forms`.
pub fn same_organization<'a>(found: &str, forms: impl IntoIterator<Item = &'a String>) -> bool {
    let key = text::name_key(found);
    !key.is_empty() && forms.into_iter().any(|f| text::name_key(f) == key)
}

/// Ingests every article of `set` into `db` (which must hold the registry
/// and no documents) as a user would (the text as retrieved, its language and
/// outlet) and compares what was found with the annotation.
pub async fn evaluate_dev(
    db: &DatabaseConnection,
    set: &seeds::dev::DevSet,
) -> Result<DevReport, Error> {
    use crate::services::ids::NameOrId;
    let mut report = DevReport::default();
    for doc in &set.articles {
        let outcome = ingest(
            db,
            IngestInput {
                text: doc.original.clone(),
                language: Some(doc.language.clone()),
                outlet: Some(NameOrId::Name(doc.outlet.clone())),
                published: doc.published,
                url: Some(doc.url.clone()),
                ..Default::default()
            },
        )
        .await?;
        let found = statement::Entity::find()
            .filter(statement::Column::DocumentId.eq(outcome.document_id))
            .all(db)
            .await?;
        let speaker_names: HashMap<i64, String> = speaker::Entity::find()
            .filter(speaker::Column::Id.is_in(found.iter().filter_map(|s| s.speaker_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect();
        let organization_names: HashMap<i64, String> = organization::Entity::find()
            .filter(organization::Column::Id.is_in(found.iter().filter_map(|s| s.organization_id)))
            .all(db)
            .await?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect();
        // Every name of each entity found: a registry speaker is named in
        // English, and the article may name them in Russian.
        let mut aliases_of: HashMap<(bool, i64), Vec<String>> = HashMap::new();
        for a in alias::Entity::find()
            .filter(
                sea_orm::Condition::any()
                    .add(alias::Column::SpeakerId.is_in(speaker_names.keys().copied()))
                    .add(alias::Column::OrganizationId.is_in(organization_names.keys().copied())),
            )
            .all(db)
            .await?
        {
            match (a.speaker_id, a.organization_id) {
                (Some(id), _) => aliases_of.entry((true, id)).or_default().push(a.name),
                (None, Some(id)) => aliases_of.entry((false, id)).or_default().push(a.name),
                (None, None) => {}
            }
        }
        let names_of = |person: bool, id: i64, name: &String| -> Vec<String> {
            let mut all = vec![name.clone()];
            all.extend(aliases_of.get(&(person, id)).cloned().unwrap_or_default());
            all
        };
        let curated: Vec<(usize, usize)> = doc
            .statements
            .iter()
            .map(|s| (s.span_start, s.span_end))
            .collect();
        let spans = spans_of(&found);
        let mut tally = Tally::found(curated.len(), &found);
        let pairs = match_spans(&curated, &spans);
        let short = |t: &str| -> String {
            let t: String = t.chars().take(90).collect();
            t.replace('\n', " ")
        };
        let curated_text = |i: usize| -> String {
            doc.body
                .chars()
                .skip(curated[i].0)
                .take(curated[i].1 - curated[i].0)
                .collect()
        };
        for i in (0..curated.len()).filter(|i| !pairs.iter().any(|p| p.0 == *i)) {
            report.disagreements.push(format!(
                "{} missed     [{}] {}",
                doc.slug,
                doc.statements[i]
                    .speaker
                    .as_deref()
                    .or(doc.statements[i].organization.as_deref())
                    .unwrap_or("?"),
                short(&curated_text(i))
            ));
        }
        for j in (0..found.len()).filter(|j| !pairs.iter().any(|p| p.1 == *j)) {
            let e = &found[j];
            let who = e
                .speaker_id
                .and_then(|id| speaker_names.get(&id))
                .or(e.organization_id.and_then(|id| organization_names.get(&id)));
            report.disagreements.push(format!(
                "{} extra {:.2} [{}] {}",
                doc.slug,
                e.confidence,
                who.map_or("?", String::as_str),
                short(&e.text)
            ));
        }
        for (i, j) in pairs {
            let (c, e) = (&doc.statements[i], &found[j]);
            tally.matched += 1;
            tally.confident_matched += usize::from(e.confidence >= CONFIDENT);
            let speaker = e.speaker_id.and_then(|id| speaker_names.get(&id));
            let organization = e.organization_id.and_then(|id| organization_names.get(&id));
            let organization_forms: Vec<&String> =
                c.organization.iter().chain(c.names.iter()).collect();
            let speaker_all = e
                .speaker_id
                .zip(speaker)
                .map(|(id, n)| names_of(true, id, n))
                .unwrap_or_default();
            let organization_all = e
                .organization_id
                .zip(organization)
                .map(|(id, n)| names_of(false, id, n))
                .unwrap_or_default();
            let speaker_right = match &c.speaker {
                Some(person) => speaker_all.iter().any(|s| same_person(s, person)),
                // An organization speaking alone: named as the speaker (a
                // name the registry did not know) or as the organization.
                None => if e.speaker_id.is_some() {
                    &speaker_all
                } else {
                    &organization_all
                }
                .iter()
                .any(|s| same_organization(s, organization_forms.iter().copied())),
            };
            tally.speaker_right += usize::from(speaker_right);
            if !speaker_right {
                report.disagreements.push(format!(
                    "{} speaker    [{} / {}] annotated [{} / {}] {}",
                    doc.slug,
                    speaker.map_or("-", String::as_str),
                    organization.map_or("-", String::as_str),
                    c.speaker.as_deref().unwrap_or("-"),
                    c.organization.as_deref().unwrap_or("-"),
                    short(&e.text)
                ));
            }
            let organization_right = match (&c.organization, organization) {
                (Some(_), Some(_)) => organization_all
                    .iter()
                    .any(|n| same_organization(n, organization_forms.iter().copied())),
                (None, None) => true,
                _ => false,
            };
            tally.organization_right += usize::from(organization_right);
        }
        report.overall.add(&tally);
        report.articles.push((
            doc.slug.clone(),
            doc.language.clone(),
            doc.shape.clone(),
            tally,
        ));
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::{match_spans, same_organization, same_person};

    #[test]
    fn a_speaker_is_recognised_by_name_surname_or_case_form() {
        assert!(same_person("Zakharova", "Maria Zakharova"));
        assert!(same_person("Марии Захаровой", "Мария Захарова"));
        assert!(!same_person("the spokesperson", "Maria Zakharova"));
        assert!(!same_person("", "Maria Zakharova"));
        let forms = ["Human Rights Watch".to_owned(), "HRW".to_owned()];
        assert!(same_organization("HRW", &forms));
        assert!(!same_organization("Amnesty International", &forms));
    }

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
