//! What a statement names: every registry speaker and organization one of
//! whose aliases occurs in its text, in any case form. The store detects
//! these mentions for every statement it writes (beside the subjects a
//! writer gives), so that "what was said about the CSTO" finds each
//! statement whose text says "ОДКБ", curated or extracted.

use std::collections::BTreeSet;

use entity::alias;
use sea_orm::{ConnectionTrait, DbErr, EntityTrait};
use text::name_key;

use super::store::Subject;

/// The registry's names, as words to look for.
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// (whose, the alias's name key as words).
    names: Vec<(Subject, Vec<String>)>,
}

impl Names {
    pub fn new(aliases: impl IntoIterator<Item = alias::Model>) -> Self {
        let names = aliases
            .into_iter()
            .filter_map(|a| {
                let subject = match (a.speaker_id, a.organization_id) {
                    (Some(id), _) => Subject::Speaker(id),
                    (None, Some(id)) => Subject::Organization(id),
                    (None, None) => return None,
                };
                let words: Vec<String> = name_key(&a.name).split(' ').map(str::to_owned).collect();
                // Two-letter names ("РК", "UN") would match by accident.
                let long_enough = words.len() > 1 || words.first().is_some_and(|w| w.len() >= 3);
                long_enough.then_some((subject, words))
            })
            .collect();
        Self { names }
    }

    /// Every alias of the registry.
    pub async fn load(conn: &impl ConnectionTrait) -> Result<Self, DbErr> {
        Ok(Self::new(alias::Entity::find().all(conn).await?))
    }

    /// The speakers and organizations `text` names, in any case form. A
    /// name inside a longer one names only the longer one's subject: "силы
    /// ОДКБ" is the CSTO's forces, not the CSTO as well.
    pub fn in_text(&self, text: &str) -> BTreeSet<Subject> {
        let words: Vec<String> = name_key(text).split(' ').map(str::to_owned).collect();
        // (first word, past the last word, whose).
        let mut found: Vec<(usize, usize, Subject)> = Vec::new();
        for (subject, name) in &self.names {
            for (start, window) in words.windows(name.len()).enumerate() {
                if window == name.as_slice() {
                    found.push((start, start + name.len(), *subject));
                }
            }
        }
        found
            .iter()
            .filter(|(start, end, subject)| {
                !found.iter().any(|(s, e, other)| {
                    other != subject && s <= start && e >= end && e - s > end - start
                })
            })
            .map(|(_, _, subject)| *subject)
            .collect()
    }

    /// Every speaker with the name keys of their aliases.
    pub fn speakers(&self) -> std::collections::BTreeMap<i64, BTreeSet<String>> {
        let mut out: std::collections::BTreeMap<i64, BTreeSet<String>> = Default::default();
        for (subject, words) in &self.names {
            if let Subject::Speaker(id) = subject {
                out.entry(*id).or_default().insert(words.join(" "));
            }
        }
        out
    }

    /// The name keys of a speaker's or organization's aliases.
    pub fn keys_of(&self, whose: Subject) -> BTreeSet<String> {
        self.names
            .iter()
            .filter(|(subject, _)| *subject == whose)
            .map(|(_, words)| words.join(" "))
            .collect()
    }

    /// What a statement by `speaker` on behalf of `organization` names,
    /// those two excepted: a voice does not mention itself.
    pub fn mentioned_by(
        &self,
        text: &str,
        speaker: Option<i64>,
        organization: Option<i64>,
    ) -> BTreeSet<Subject> {
        let mut found = self.in_text(text);
        found.retain(|s| match *s {
            Subject::Speaker(id) => Some(id) != speaker,
            Subject::Organization(id) => Some(id) != organization,
        });
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alias(speaker_id: Option<i64>, organization_id: Option<i64>, name: &str) -> alias::Model {
        alias::Model {
            id: 0,
            speaker_id,
            organization_id,
            name: name.to_owned(),
            lang: None,
            folded: String::new(),
            stemmed: String::new(),
        }
    }

    #[test]
    fn names_are_found_in_other_cases_and_voices_do_not_mention_themselves() {
        let names = Names::new([
            alias(Some(7), None, "Марат Иванов"),
            alias(None, Some(3), "ОДКБ"),
            alias(None, Some(3), "CSTO"),
            alias(None, Some(9), "РК"),
        ]);
        assert_eq!(
            names.in_text("Журналисты спросили Марата Иванова о войсках ОДКБ."),
            BTreeSet::from([Subject::Speaker(7), Subject::Organization(3)])
        );
        assert_eq!(
            names.in_text("The CSTO troops left."),
            BTreeSet::from([Subject::Organization(3)])
        );
        assert!(names.in_text("МИД РК сообщил").is_empty(), "two letters");
        let forces = Names::new([
            alias(None, Some(3), "ОДКБ"),
            alias(None, Some(4), "силы ОДКБ"),
        ]);
        assert_eq!(
            forces.in_text("Силы ОДКБ покинули страну."),
            BTreeSet::from([Subject::Organization(4)]),
            "the longer name wins"
        );
        assert_eq!(
            forces.in_text("Силы ОДКБ покинули страну, ОДКБ это подтвердила."),
            BTreeSet::from([Subject::Organization(3), Subject::Organization(4)])
        );
        assert_eq!(
            names.mentioned_by("Марат Иванов: ОДКБ выполнила задачу", Some(7), Some(3)),
            BTreeSet::new()
        );
    }
}
