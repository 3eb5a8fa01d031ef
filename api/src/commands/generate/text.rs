//! Statement texts and their search terms, made together.
//!
//! A generated text is a row of phrases from the word lists, and the search
//! terms of each distinct phrase are computed once ([`Lexicon`]): the terms of
//! a text are the terms of its phrases in order, each once, which is exactly
//! what `text::search_terms` gives for the whole text (a unit test
//! here checks it on one sentence, one in `corpus` on a generated batch). Tokenising and stemming
//! every text again would cost more than everything else the generator does.

use std::collections::HashMap;

/// Phrases and the search terms each one indexes under, computed once per
/// distinct phrase.
#[derive(Debug, Default)]
pub(super) struct Lexicon {
    phrases: HashMap<String, usize>,
    /// Per phrase, its terms as indexes into `terms`.
    phrase_terms: Vec<Vec<u32>>,
    terms: Vec<String>,
    term_ids: HashMap<String, u32>,
}

impl Lexicon {
    fn phrase(&mut self, phrase: &str) -> usize {
        if let Some(id) = self.phrases.get(phrase) {
            return *id;
        }
        let terms = ::text::search_terms(phrase)
            .into_iter()
            .map(|t| {
                let next = self.terms.len() as u32;
                *self.term_ids.entry(t.clone()).or_insert_with(|| {
                    self.terms.push(t);
                    next
                })
            })
            .collect();
        let id = self.phrase_terms.len();
        self.phrase_terms.push(terms);
        self.phrases.insert(phrase.to_owned(), id);
        id
    }

    /// The term a [`Sentence`] gave by its index.
    pub(super) fn term(&self, index: u32) -> &str {
        &self.terms[index as usize]
    }
}

/// A sentence under construction: its text and its terms.
#[derive(Debug, Default)]
pub(super) struct Sentence {
    text: String,
    terms: Vec<u32>,
}

impl Sentence {
    /// Appends `phrase` after a space; phrases never run into each other, so
    /// the terms of the text are the terms of its phrases.
    pub(super) fn push(&mut self, lexicon: &mut Lexicon, phrase: &str) {
        if !self.text.is_empty() {
            self.text.push(' ');
        }
        self.text.push_str(phrase);
        let id = lexicon.phrase(phrase);
        for t in &lexicon.phrase_terms[id] {
            if !self.terms.contains(t) {
                self.terms.push(*t);
            }
        }
    }

    /// Appends punctuation with no space before it.
    pub(super) fn punctuate(&mut self, mark: &str) {
        self.text.push_str(mark);
    }

    /// The text with its first letter capitalised (search terms are
    /// lowercase either way), and its terms as indexes into the lexicon
    /// ([`Lexicon::term`]).
    pub(super) fn finish(self) -> (String, Vec<u32>) {
        let mut chars = self.text.chars();
        let text = match chars.next() {
            Some(first) => first.to_uppercase().chain(chars).collect(),
            None => String::new(),
        };
        (text, self.terms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_has_the_search_terms_of_its_whole_text() {
        let mut lexicon = Lexicon::default();
        let mut s = Sentence::default();
        for phrase in ["according to", "Arman Bekov"] {
            s.push(&mut lexicon, phrase);
        }
        s.punctuate(",");
        // A phrase again, and a term again: each term is indexed once.
        for phrase in ["the authorities", "has promised", "the authorities"] {
            s.push(&mut lexicon, phrase);
        }
        s.punctuate(".");
        let (text, terms) = s.finish();
        assert_eq!(
            text,
            "According to Arman Bekov, the authorities has promised the authorities."
        );
        let terms: Vec<&str> = terms.iter().map(|t| lexicon.term(*t)).collect();
        assert_eq!(terms, ::text::search_terms(&text));
    }
}
