//! Search terms and inflection-tolerant name keys.
//!
//! One tokenizer and one pair of stemmers (Snowball, Russian and English) feed
//! both the full-text index and the queries against it, on SQLite and
//! PostgreSQL alike, so that both databases give the same answer for the same
//! words: "пытки", "пыток" and "пытках" meet, as do "torture" and "tortured".
//!
//! [`name_key`] removes Russian case endings from each word of a name before
//! [`fold()`](crate::fold()), so that a name in another grammatical case
//! ("Токаева", "Кеннетом Ротом") finds the person.

use rust_stemmers::{Algorithm, Stemmer};
use unicode_normalization::UnicodeNormalization;

use super::fold;

/// Words too common to search for; dropped from the index and from queries alike.
const STOPWORDS: &[&str] = &[
    // English
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "has", "have", "in", "is", "it",
    "its", "of", "on", "or", "that", "the", "this", "to", "was", "were", "with",
    // Russian
    "а", "в", "во", "и", "из", "к", "на", "не", "о", "об", "от", "по", "с", "со", "что", "это",
    "как", "так", "же", "для", "за", "у",
];

/// Which stemmer a word wants: Cyrillic words the Russian one, the rest the English one.
fn stem(word: &str, russian: &Stemmer, english: &Stemmer) -> String {
    if word.chars().any(is_cyrillic) {
        russian.stem(word).into_owned()
    } else {
        english.stem(word).into_owned()
    }
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}' | '\u{0500}'..='\u{052F}')
}

/// Lowercase words of `text` (runs of letters and digits), compatibility-normalised, with "ё" as "е".
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            w.nfkc()
                .flat_map(char::to_lowercase)
                .map(|c| if c == 'ё' { 'е' } else { c })
                .collect::<String>()
        })
}

/// Russian case endings of nouns and surnames, longest first. Snowball's
/// Russian stemmer is built for common words and treats names unevenly
/// ("Токаев" loses "ев", "Токаева" keeps it), so names get this narrower rule.
/// "-ов"/"-ев" are never cut: they are how surnames end.
const NAME_ENDINGS: &[&str] = &[
    "ыми", "ими", "ого", "его", "ому", "ему", "ой", "ей", "ом", "ем", "ым", "им", "ую", "юю", "ая",
    "яя", "ых", "их", "ам", "ям", "ах", "ях", "а", "я", "у", "ю", "е", "ы", "и",
];

/// A Cyrillic name word without its case ending, keeping at least three letters.
fn strip_case_ending(word: &str) -> &str {
    let length = word.chars().count();
    for ending in NAME_ENDINGS {
        if let Some(stem) = word.strip_suffix(ending)
            && length - ending.chars().count() >= 3
        {
            return stem;
        }
    }
    word
}

/// The terms each searchable word of `text` may be indexed under: its stem
/// and, for a Russian stem with a fleeting vowel, the stem without it
/// (Snowball leaves "пыток" whole but cuts "пытки" to "пытк").
fn word_terms(text: &str) -> Vec<Vec<String>> {
    let russian = Stemmer::create(Algorithm::Russian);
    let english = Stemmer::create(Algorithm::English);
    words(text)
        .filter(|w| !w.is_empty() && !STOPWORDS.contains(&w.as_str()))
        .map(|word| {
            let term = stem(&word, &russian, &english);
            let mut alternatives = vec![term.clone()];
            if let Some(short) = without_fleeting_vowel(&term) {
                alternatives.push(short);
            }
            alternatives
        })
        .collect()
}

/// "пыток" → "пытк", "отец" → "отц": a Russian stem ending in о or е between
/// two consonants, without that vowel.
fn without_fleeting_vowel(stem: &str) -> Option<String> {
    let chars: Vec<char> = stem.chars().collect();
    let n = chars.len();
    let vowel = |c: char| "аеёиоуыэюяй".contains(c);
    if n >= 4
        && chars.iter().all(|c| is_cyrillic(*c))
        && matches!(chars[n - 2], 'о' | 'е')
        && !vowel(chars[n - 1])
        && !vowel(chars[n - 3])
    {
        let mut short: String = chars[..n - 2].iter().collect();
        short.push(chars[n - 1]);
        Some(short)
    } else {
        None
    }
}

/// The terms to index `text` under: every alternative of every searchable
/// word, each once, in order of first appearance.
pub fn search_terms(text: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for term in word_terms(text).into_iter().flatten() {
        if !terms.contains(&term) {
            terms.push(term);
        }
    }
    terms
}

/// A search query: for each searchable word, the terms any one of which
/// satisfies it. A statement matches when every word is satisfied.
pub fn query_terms(text: &str) -> Vec<Vec<String>> {
    let mut words = word_terms(text);
    words.dedup();
    words
}

/// The inflection-tolerant matching key of a name, so that "Токаева",
/// "Токаев" and "Tokayev" meet: Cyrillic words lose their Russian case
/// endings (see `NAME_ENDINGS`); Latin words, which names do not inflect, are kept whole (an
/// English stemmer would cut "Tokayev" to "tokay"); then all is folded.
pub fn name_key(name: &str) -> String {
    let stemmed: Vec<String> = words(name)
        .map(|w| {
            if w.chars().any(is_cyrillic) {
                strip_case_ending(&w).to_owned()
            } else {
                w
            }
        })
        .collect();
    fold(&stemmed.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn inflected_forms_share_a_term() {
        let t = |s: &str| search_terms(s);
        assert_eq!(t("пытки"), t("пытках"));
        assert_eq!(t("пытки"), t("пыткам"));
        assert!(
            t("пыток").contains(&t("пытки")[0]),
            "a fleeting vowel still meets"
        );
        assert_eq!(t("расследование"), t("расследования"));
        assert_eq!(t("torture"), t("tortured"));
        assert_eq!(t("investigation"), t("investigations"));
        assert_eq!(t("Ёлка"), t("елка"));
    }

    #[test]
    fn stopwords_and_repeats_are_dropped() {
        assert_eq!(
            search_terms("the torture and the torture"),
            search_terms("torture")
        );
        assert!(search_terms("и в на the of").is_empty());
    }

    #[test]
    fn names_in_other_cases_and_scripts_meet() {
        assert_eq!(name_key("Токаева"), name_key("Токаев"));
        assert_eq!(name_key("Токаевым"), name_key("Tokayev"));
        assert_eq!(name_key("Кеннетом Ротом"), name_key("Кеннет Рот"));
        assert_eq!(name_key("МИДа РК"), name_key("МИД РК"));
        assert_eq!(name_key("Азимовой"), name_key("Азимова"));
        assert_eq!(name_key("Эльвирой Азимовой"), name_key("Эльвира Азимова"));
        assert_eq!(name_key("Назарбаева"), name_key("Назарбаев"));
        assert_ne!(name_key("МИД РК"), name_key("МИД КР"));
    }

    proptest! {
        #[test]
        fn terms_are_unique_lowercase_and_never_empty(s in "\\PC{0,60}") {
            let terms = search_terms(&s);
            for (i, term) in terms.iter().enumerate() {
                prop_assert!(!term.is_empty());
                prop_assert!(!terms[..i].contains(term));
            }
        }

        #[test]
        fn a_text_is_found_by_any_word_of_it(s in "[a-zA-Zа-яА-ЯёЁ ,.«»]{0,80}") {
            let indexed = search_terms(&s);
            for word in s.split(|c: char| !c.is_alphabetic()) {
                for alternatives in query_terms(word) {
                    prop_assert!(
                        alternatives.iter().any(|t| indexed.contains(t)),
                        "{:?} does not find {:?}", word, s
                    );
                }
            }
        }
    }
}
