//! The documents and their statements, made batch by batch from the world:
//! each document in one language, 5 to 20 statements long, its body made of
//! the statements' texts (direct quotes in quotation marks with their
//! attribution) so that every statement's span points at its text; each
//! statement with its topics, search terms and, for some, a mention.
//!
//! Every row is built as its entity's `Model`, so a column added to
//! `document`, `statement`, `statement_topic`, `statement_term` or `mention`
//! must be filled here before the generator compiles again.

use chrono::{DateTime, Datelike, Utc};
use entity::kinds::{DatePrecision, ReviewStatus, StatementKind};
use entity::{document, mention, statement, statement_term, statement_topic};
use rand::Rng;
use rand_chacha::ChaCha8Rng;

use super::ids::NextIds;
use super::text::{Lexicon, Sentence};
use super::words::{WORDS, topic_phrases};
use super::world::{World, date};
use super::writer::Table;
use super::{RARE_EVERY, RARE_WORD, SOURCE, slug};
use crate::services;

/// One transaction's worth of rows.
#[derive(Debug, Default)]
pub(super) struct Batch {
    pub documents: Vec<document::Model>,
    pub statements: Vec<statement::Model>,
    pub topics: Vec<statement_topic::Model>,
    pub terms: Vec<statement_term::Model>,
    pub mentions: Vec<mention::Model>,
}

impl Batch {
    /// The batch's rows, in the order their foreign keys need.
    pub(super) fn tables(&self) -> Vec<Table> {
        vec![
            Table::of::<document::Entity>(&self.documents),
            Table::of::<statement::Entity>(&self.statements),
            Table::of::<statement_topic::Entity>(&self.topics),
            Table::of::<statement_term::Entity>(&self.terms),
            Table::of::<mention::Entity>(&self.mentions),
        ]
    }
}

/// Makes the documents and statements, batch by batch.
#[derive(Debug)]
pub(super) struct Corpus {
    /// The run's seed: it names the documents (`slug`, `url`).
    pub seed: u64,
    /// Statements to make in all.
    pub total: u64,
    /// Statements per batch (the last document may run past it).
    pub batch: u64,
    /// Statements made so far.
    pub made: u64,
    /// Documents made so far.
    pub documents: u64,
    /// When the run started: every row's `created_at` and `ingested_at`.
    pub now: DateTime<Utc>,
    pub lexicon: Lexicon,
    pub world: World,
    pub next: NextIds,
    pub rng: ChaCha8Rng,
}

/// Statement kinds, with how often each occurs.
const KINDS: &[(StatementKind, f64)] = &[
    (StatementKind::DirectQuote, 0.45),
    (StatementKind::Paraphrase, 0.35),
    (StatementKind::ReportedClaim, 0.20),
];

impl Corpus {
    /// The next batch, or none when every statement is made.
    pub(super) fn next_batch(&mut self) -> Option<Batch> {
        if self.made >= self.total {
            return None;
        }
        let goal = (self.made + self.batch).min(self.total);
        let mut batch = Batch::default();
        while self.made < goal {
            let n = self.rng.random_range(5..=20u64).min(self.total - self.made);
            self.document(n, &mut batch);
        }
        Some(batch)
    }

    /// One document of `n` statements and everything hanging off it.
    fn document(&mut self, n: u64, batch: &mut Batch) {
        let rng = &mut self.rng;
        let world = &self.world;
        let ordinal = self.documents;
        self.documents += 1;
        let document_id = NextIds::take(&mut self.next.document);
        // Three in five articles are Russian.
        let lang = if rng.random_bool(0.6) { 1 } else { 0 };
        let code = ["en", "ru"][lang];
        // Six years of coverage, 2019 to 2024.
        let published =
            date(2019, 1, 1) + chrono::Duration::days(rng.random_range(0..(6 * 365 + 1)));
        let (published, published_precision) = if rng.random_bool(0.05) {
            (
                date(published.year(), published.month(), 1),
                DatePrecision::Month,
            )
        } else {
            (published, DatePrecision::Day)
        };
        let lead_topic = world.topic_rank.sample(rng);
        let lead_speaker = world.speaker_rank.sample(rng);

        let mut body = String::new();
        let mut body_chars = 0usize;
        for i in 0..n {
            let statement_id = NextIds::take(&mut self.next.statement);
            // Articles stay with their lead speaker and topic about half the time.
            let speaker = if rng.random_bool(0.5) {
                lead_speaker
            } else {
                world.speaker_rank.sample(rng)
            };
            let topic = if rng.random_bool(0.5) {
                lead_topic
            } else {
                world.topic_rank.sample(rng)
            };
            let person = &world.speakers[speaker];
            let said_on = if rng.random_bool(0.35) {
                published.checked_sub_days(chrono::Days::new(rng.random_range(0..4)))
            } else {
                None
            };
            let (dated_on, dated_precision) = match said_on {
                Some(d) => (d, DatePrecision::Day),
                None => (published, published_precision),
            };
            // One in ten is a claim of an organization with no speaker named.
            let faceless = rng.random_bool(0.1);
            let (speaker_id, organization_id) = if faceless {
                let org = &world.organizations[world.organization_rank.sample(rng)];
                (None, Some(org.0))
            } else {
                let current: Vec<i64> = person
                    .roles
                    .iter()
                    .filter(|(_, from, to)| {
                        from.is_none_or(|f| f <= dated_on) && to.is_none_or(|t| dated_on <= t)
                    })
                    .map(|r| r.0)
                    .collect();
                let org = if !current.is_empty() && rng.random_bool(0.7) {
                    Some(current[rng.random_range(0..current.len())])
                } else {
                    None
                };
                (Some(person.id), org)
            };
            let kind = if faceless {
                StatementKind::ReportedClaim
            } else {
                let x = rng.random::<f64>();
                if x < KINDS[0].1 {
                    KINDS[0].0
                } else if x < KINDS[0].1 + KINDS[1].1 {
                    KINDS[1].0
                } else {
                    KINDS[2].0
                }
            };
            let about = if rng.random_bool(0.3) {
                if rng.random_bool(0.5) {
                    let s = &world.speakers[world.speaker_rank.sample(rng)];
                    Some((Some(s.id), None, s.names[lang].clone()))
                } else {
                    let o = &world.organizations[world.organization_rank.sample(rng)];
                    Some((None, Some(o.0), o.1[lang].clone()))
                }
            } else {
                None
            };

            // The text: [who said that | according to whom,] subject verb topic [about …] [common] time.
            let mut s = Sentence::default();
            let speaker_name = match organization_id {
                Some(org) if faceless => world
                    .organizations
                    .iter()
                    .find(|o| o.0 == org)
                    .map_or_else(String::new, |o| o.1[lang].clone()),
                _ => person.names[lang].clone(),
            };
            match kind {
                StatementKind::Paraphrase => {
                    s.push(&mut self.lexicon, &speaker_name);
                    s.push(&mut self.lexicon, WORDS.said[lang]);
                }
                StatementKind::ReportedClaim => {
                    s.push(&mut self.lexicon, WORDS.according[lang]);
                    s.push(&mut self.lexicon, &speaker_name);
                    s.punctuate(",");
                }
                StatementKind::DirectQuote => {}
            }
            let pick =
                |rng: &mut ChaCha8Rng, list: &[&'static str]| list[rng.random_range(0..list.len())];
            s.push(&mut self.lexicon, pick(rng, WORDS.subjects[lang]));
            s.push(&mut self.lexicon, pick(rng, WORDS.verbs[lang]));
            let (topic_id, topic_key, _) = &world.topics[topic];
            s.push(&mut self.lexicon, pick(rng, topic_phrases(topic_key)[lang]));
            if let Some((_, _, name)) = &about {
                s.push(&mut self.lexicon, WORDS.concerning[lang]);
                s.push(&mut self.lexicon, name);
            }
            if rng.random_bool(0.2) {
                s.push(&mut self.lexicon, WORDS.common[lang]);
            }
            if (self.made + i).is_multiple_of(RARE_EVERY) {
                s.push(&mut self.lexicon, WORDS.near[lang]);
                s.push(&mut self.lexicon, RARE_WORD);
            }
            s.push(&mut self.lexicon, pick(rng, WORDS.times[lang]));
            if kind != StatementKind::DirectQuote {
                s.punctuate(".");
            }
            let (text, term_ids) = s.finish();

            // The body: direct quotes in quotation marks with their attribution.
            if i > 0 {
                let gap = if i % 4 == 0 { "\n\n" } else { " " };
                body.push_str(gap);
                body_chars += gap.chars().count();
            }
            let (open, close) = if kind == StatementKind::DirectQuote {
                if lang == 0 {
                    ("“".to_owned(), format!(",” {speaker_name} said."))
                } else {
                    ("«".to_owned(), format!("», — заявил {speaker_name}."))
                }
            } else {
                (String::new(), String::new())
            };
            body.push_str(&open);
            body_chars += open.chars().count();
            let start = body_chars;
            body.push_str(&text);
            body_chars += text.chars().count();
            let end = body_chars;
            body.push_str(&close);
            body_chars += close.chars().count();

            let confidence = match kind {
                StatementKind::DirectQuote => 0.9,
                StatementKind::Paraphrase => 0.75,
                StatementKind::ReportedClaim => 0.6,
            } + f64::from(rng.random_range(0..10u8)) / 100.0;
            batch.statements.push(statement::Model {
                id: statement_id,
                document_id,
                speaker_id,
                organization_id,
                utterance_id: None,
                link_method: None,
                link_score: None,
                kind,
                text,
                span_start: i32::try_from(start).unwrap_or(i32::MAX),
                span_end: i32::try_from(end).unwrap_or(i32::MAX),
                language: code.to_owned(),
                said_on,
                said_precision: said_on.map(|_| DatePrecision::Day),
                dated_on,
                dated_precision: Some(dated_precision),
                source: SOURCE.to_owned(),
                confidence,
                created_at: self.now,
                version: 1,
                review_status: ReviewStatus::Unreviewed,
                updated_at: self.now,
            });
            batch.topics.push(statement_topic::Model {
                statement_id,
                topic_id: *topic_id,
            });
            if rng.random_bool(0.4) {
                let second = world.topics[world.topic_rank.sample(rng)].0;
                if second != *topic_id {
                    batch.topics.push(statement_topic::Model {
                        statement_id,
                        topic_id: second,
                    });
                }
            }
            for t in term_ids {
                batch.terms.push(statement_term::Model {
                    term: self.lexicon.term(t).to_owned(),
                    statement_id,
                });
            }
            if let Some((speaker_id, organization_id, _)) = about {
                batch.mentions.push(mention::Model {
                    id: NextIds::take(&mut self.next.mention),
                    statement_id,
                    speaker_id,
                    organization_id,
                    detected: false,
                });
            }
        }
        self.made += n;

        let lead = &world.speakers[lead_speaker].names[lang];
        let label = &world.topics[lead_topic].2[lang];
        let title = if lang == 0 {
            format!("{label}: what {lead} and others said")
        } else {
            format!("{label}: заявления {lead} и других")
        };
        let outlet_id = if world.outlets.is_empty() {
            None
        } else {
            Some(world.outlets[self.rng.random_range(0..world.outlets.len())])
        };
        let content_hash = services::seeding::content_hash(&body);
        batch.documents.push(document::Model {
            id: document_id,
            slug: slug(self.seed, ordinal),
            title,
            title_is_editorial: false,
            url: Some(format!(
                "https://example.org/generated/{}/{ordinal}",
                self.seed
            )),
            outlet_id,
            language: code.to_owned(),
            published_on: Some(published),
            published_precision: Some(published_precision),
            original: body.clone(),
            body,
            content_hash,
            ingested_at: self.now,
            created_at: self.now,
            updated_at: self.now,
            copy_of_id: None,
        });
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use rand::SeedableRng;

    use super::*;
    use crate::commands::generate::world::Person;
    use crate::commands::generate::zipf::Zipf;

    fn world() -> World {
        let speakers = vec![
            Person {
                id: 1,
                names: ["Arman Bekov".into(), "Арман Беков".into()],
                roles: vec![(10, None, None)],
            },
            Person {
                id: 2,
                names: ["Aigul Petrova".into(), "Айгуль Петрова".into()],
                roles: vec![],
            },
        ];
        let organizations = vec![(
            10,
            [
                "Ministry of Justice of Georgia".to_owned(),
                "Министерство юстиции Грузии".to_owned(),
            ],
        )];
        let topics = vec![
            (
                100,
                "torture".to_owned(),
                ["Torture".into(), "Пытки".into()],
            ),
            (
                101,
                "unrest".to_owned(),
                ["Unrest".into(), "Беспорядки".into()],
            ),
        ];
        World {
            speaker_rank: Zipf::new(speakers.len(), 1.0),
            speakers,
            organization_rank: Zipf::new(organizations.len(), 1.0),
            organizations,
            topic_rank: Zipf::new(topics.len(), 1.0),
            topics,
            outlets: vec![10],
        }
    }

    fn corpus(seed: u64, total: u64) -> Corpus {
        Corpus {
            seed,
            total,
            batch: 100,
            made: 0,
            documents: 0,
            now: DateTime::<Utc>::from_timestamp(0, 0).expect("epoch"),
            lexicon: Lexicon::default(),
            world: world(),
            next: NextIds::first(),
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    #[test]
    fn cached_terms_are_the_search_terms_and_spans_point_at_the_text() {
        let mut c = corpus(7, 600);
        let batch = c.next_batch().expect("a batch");
        let bodies: HashMap<i64, &str> = batch
            .documents
            .iter()
            .map(|d| (d.id, d.body.as_str()))
            .collect();
        let mut indexed: HashMap<i64, Vec<String>> = HashMap::new();
        for row in &batch.terms {
            indexed
                .entry(row.statement_id)
                .or_default()
                .push(row.term.clone());
        }
        for s in &batch.statements {
            let body: Vec<char> = bodies[&s.document_id].chars().collect();
            let span: String = body[s.span_start as usize..s.span_end as usize]
                .iter()
                .collect();
            assert_eq!(span, s.text);
            assert_eq!(
                indexed.remove(&s.id).unwrap_or_default(),
                ::text::search_terms(&s.text),
                "{}",
                s.text
            );
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_corpus() {
        let statements = |seed| {
            let mut c = corpus(seed, 300);
            let mut all = Vec::new();
            while let Some(b) = c.next_batch() {
                all.extend(b.statements);
            }
            all
        };
        assert_eq!(statements(3), statements(3));
        assert_ne!(statements(3), statements(4));
    }

    #[test]
    fn batches_hold_what_was_asked_and_end_there() {
        let mut c = corpus(5, 250);
        let mut statements = 0;
        while let Some(b) = c.next_batch() {
            assert!(b.statements.len() >= 100 || c.made == 250);
            statements += b.statements.len();
            let ids: Vec<i64> = b.documents.iter().map(|d| d.id).collect();
            assert!(b.statements.iter().all(|s| ids.contains(&s.document_id)));
        }
        assert_eq!(statements, 250);
        assert_eq!(c.next_batch().map(|b| b.statements.len()), None);
    }
}
