//! The body as the other stages see it: code points and word tokens.
//!
//! Every stage works in code-point offsets (the unit of the public spans), so
//! the body is turned into a `Vec<char>` once and tokenised once. A token is a
//! word (letters and digits, with inner hyphens and apostrophes kept, so that
//! "Касым-Жомарт", "премьер-министр" and "Kazakhstan’s" stay whole) or a single
//! punctuation character; whitespace is dropped.

use std::ops::Range;

/// One token: `chars[start..end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub word: bool,
}

/// The body in code points with its tokens.
#[derive(Debug)]
pub(crate) struct Text {
    pub chars: Vec<char>,
    pub toks: Vec<Tok>,
    /// Lowercased text of each token, computed once.
    pub lower: Vec<String>,
}

/// Apostrophes that may join two parts of one word ("Kazakhstan’s", "O'Brien").
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’')
}

/// Hyphens that may join two parts of one word (not dashes, which separate).
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑')
}

impl Text {
    pub fn new(body: &str) -> Self {
        let chars: Vec<char> = body.chars().collect();
        let mut toks = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c.is_alphanumeric() {
                let start = i;
                i += 1;
                while i < chars.len() {
                    let d = chars[i];
                    if d.is_alphanumeric() {
                        i += 1;
                    } else if (is_hyphen(d) || is_apostrophe(d))
                        && chars.get(i + 1).is_some_and(|n| n.is_alphanumeric())
                    {
                        i += 2;
                    } else {
                        break;
                    }
                }
                toks.push(Tok {
                    start,
                    end: i,
                    word: true,
                });
            } else {
                if !c.is_whitespace() {
                    toks.push(Tok {
                        start: i,
                        end: i + 1,
                        word: false,
                    });
                }
                i += 1;
            }
        }
        let lower = toks
            .iter()
            .map(|t| {
                chars[t.start..t.end]
                    .iter()
                    .flat_map(|c| c.to_lowercase())
                    .map(|c| if c == 'ё' { 'е' } else { c })
                    .collect()
            })
            .collect();
        Self { chars, toks, lower }
    }

    /// `chars[start..end]` as a string (clamped, never panics).
    pub fn slice(&self, start: usize, end: usize) -> String {
        let end = end.min(self.chars.len());
        let start = start.min(end);
        self.chars[start..end].iter().collect()
    }

    /// The original text of token `i`.
    pub fn tok(&self, i: usize) -> String {
        let t = self.toks[i];
        self.slice(t.start, t.end)
    }

    /// The lowercased text of token `i`, with "ё" read as "е".
    pub fn low(&self, i: usize) -> &str {
        &self.lower[i]
    }

    /// Indices of the tokens lying entirely inside `start..end`.
    pub fn toks_in(&self, start: usize, end: usize) -> Range<usize> {
        let a = self.toks.partition_point(|t| t.start < start);
        let b = self.toks.partition_point(|t| t.end <= end);
        a..b.max(a)
    }

    /// Whether token `i` is a word starting with an upper-case letter.
    pub fn is_cap(&self, i: usize) -> bool {
        let t = self.toks[i];
        t.word && self.chars[t.start].is_uppercase()
    }

    /// Whether token `i` is an acronym: at least two letters, all upper case ("МИД", "HRW").
    pub fn is_acronym(&self, i: usize) -> bool {
        let t = self.toks[i];
        let letters: Vec<char> = self.chars[t.start..t.end]
            .iter()
            .copied()
            .filter(|c| c.is_alphabetic())
            .collect();
        t.word && letters.len() >= 2 && letters.iter().all(|c| c.is_uppercase())
    }

    /// Whether token `i` is the punctuation character `c`.
    pub fn is_punct(&self, i: usize, c: char) -> bool {
        let t = self.toks[i];
        !t.word && self.chars[t.start] == c
    }

    /// Whether token `i` is written in Cyrillic.
    pub fn is_cyrillic(&self, i: usize) -> bool {
        let t = self.toks[i];
        self.chars[t.start..t.end].iter().any(|c| is_cyrillic(*c))
    }

    /// Number of words in `start..end`.
    pub fn word_count(&self, start: usize, end: usize) -> usize {
        self.toks_in(start, end)
            .filter(|&i| self.toks[i].word)
            .count()
    }

    /// `start..end` without surrounding whitespace.
    pub fn trim(&self, mut start: usize, mut end: usize) -> (usize, usize) {
        end = end.min(self.chars.len());
        while start < end && self.chars[start].is_whitespace() {
            start += 1;
        }
        while end > start && self.chars[end - 1].is_whitespace() {
            end -= 1;
        }
        (start, end)
    }
}

pub(crate) fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{052F}')
}

/// Dashes that introduce or attribute speech ("– отметил он", "- В последнее время").
pub(crate) fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‒' | '―')
}

/// A crude stem for comparing words across inflections: the first
/// `n` characters (the whole word when shorter).
pub(crate) fn prefix(word: &str, n: usize) -> String {
    word.chars().take(n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_keep_hyphenated_and_possessive_words_whole() {
        let t = Text::new("Касым-Жомарт Токаев, Kazakhstan’s MFA – «да».");
        let words: Vec<String> = (0..t.toks.len()).map(|i| t.tok(i)).collect();
        assert_eq!(
            words,
            [
                "Касым-Жомарт",
                "Токаев",
                ",",
                "Kazakhstan’s",
                "MFA",
                "–",
                "«",
                "да",
                "»",
                "."
            ]
        );
        assert!(t.is_acronym(4));
        assert!(t.is_cap(0));
        assert!(t.is_cyrillic(1));
    }

    #[test]
    fn token_ranges_and_trim_are_clamped() {
        let t = Text::new("  a b  ");
        assert_eq!(t.trim(0, 100), (2, 5));
        assert_eq!(t.toks_in(0, 3), 0..1);
        assert_eq!(t.slice(5, 2), "");
        assert_eq!(t.word_count(0, 7), 2);
    }
}
