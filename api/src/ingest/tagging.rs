//! Tagging a statement: its topics from the topic keywords, and what it is
//! about from the names it contains.

use std::collections::BTreeSet;

use entity::{alias, topic_keyword};
use text::{query_terms, search_terms};

use crate::services::mentions::Names;
use crate::services::resolve::Entity;
use crate::services::store::Subject;

/// The registry's keywords and aliases, read once per ingestion.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    /// (topic id, for each word of the keyword the terms it may take).
    keywords: Vec<(i64, Vec<Vec<String>>)>,
    /// The registry's names.
    names: Names,
}

impl Lexicon {
    pub fn new(keywords: Vec<topic_keyword::Model>, aliases: Vec<alias::Model>) -> Self {
        let keywords = keywords
            .into_iter()
            .map(|k| (k.topic_id, query_terms(&k.word)))
            .filter(|(_, terms)| !terms.is_empty())
            .collect();
        let names = Names::new(aliases);
        Self { keywords, names }
    }

    /// The topics whose keywords (every term of a multi-word keyword) occur in `text`.
    pub fn topics(&self, text: &str) -> BTreeSet<i64> {
        let terms: Vec<String> = search_terms(text);
        self.keywords
            .iter()
            .filter(|(_, keyword)| {
                keyword
                    .iter()
                    .all(|word| word.iter().any(|k| terms.iter().any(|t| same_stem(k, t))))
            })
            .map(|(topic, _)| *topic)
            .collect()
    }

    /// The speakers and organizations a statement by `speaker` on behalf
    /// of `organization` names, as the store will detect them (see
    /// [`Names::mentioned_by`]).
    pub fn mentions(
        &self,
        text: &str,
        speaker: Option<i64>,
        organization: Option<i64>,
    ) -> BTreeSet<Entity> {
        self.names
            .mentioned_by(text, speaker, organization)
            .into_iter()
            .map(|subject| match subject {
                Subject::Speaker(id) => Entity::Speaker(id),
                Subject::Organization(id) => Entity::Organization(id),
            })
            .collect()
    }
}

/// Whether a keyword term and a text term are one word: equal, or, for
/// stems of five letters or more, one the beginning of the other. Curators
/// write Russian keywords as stems ("расследова") that a stemmer may cut
/// differently from the text's words ("расследован").
fn same_stem(keyword: &str, term: &str) -> bool {
    keyword == term
        || (keyword.chars().count() >= 5
            && term.chars().count() >= 5
            && (term.starts_with(keyword) || keyword.starts_with(term)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keyword(topic_id: i64, word: &str) -> topic_keyword::Model {
        topic_keyword::Model {
            id: 0,
            topic_id,
            lang: "en".to_owned(),
            word: word.to_owned(),
            folded: String::new(),
            stemmed: String::new(),
        }
    }

    fn alias_of(speaker_id: i64, name: &str) -> alias::Model {
        alias::Model {
            id: 0,
            speaker_id: Some(speaker_id),
            organization_id: None,
            name: name.to_owned(),
            lang: None,
            folded: String::new(),
            stemmed: String::new(),
        }
    }

    #[test]
    fn topics_come_from_keywords_in_any_inflection() {
        let lexicon = Lexicon::new(
            vec![
                keyword(1, "расследование"),
                keyword(2, "use of force"),
                keyword(3, "torture"),
            ],
            vec![],
        );
        assert_eq!(
            lexicon.topics("Власти обещали провести расследования."),
            BTreeSet::from([1])
        );
        assert_eq!(
            lexicon.topics("They denied the use of excessive force."),
            BTreeSet::from([2])
        );
        assert_eq!(lexicon.topics("Police used batons."), BTreeSet::new());
        assert_eq!(
            lexicon.topics("Detainees were tortured."),
            BTreeSet::from([3])
        );
        let stems = Lexicon::new(vec![keyword(4, "расследова")], vec![]);
        assert_eq!(
            stems.topics("Министр заявил, что расследование январских событий будет завершено."),
            BTreeSet::from([4])
        );
        assert_eq!(stems.topics("Следствие продолжается."), BTreeSet::new());
    }

    #[test]
    fn mentions_find_names_in_other_cases() {
        let lexicon = Lexicon::new(vec![], vec![alias_of(7, "Марат Иванов"), alias_of(8, "РК")]);
        assert_eq!(
            lexicon.mentions("Журналисты спросили Марата Иванова о сроках.", None, None),
            BTreeSet::from([Entity::Speaker(7)])
        );
        assert!(
            lexicon.mentions("МИД РК сообщил", None, None).is_empty(),
            "short names are not matched alone"
        );
    }
}
