//! Stage 2: direct quotes.
//!
//! First the quote pairs of the body: «…», “…”, „…“ and "…", nested
//! («… „…“ …»), never across a paragraph (an unclosed mark is dropped rather
//! than swallowing the rest of the article). Then, of the outermost pairs,
//! those that are speech: a quote is a statement only with a frame that
//! attributes it —
//! - after it, past a comma or a dash: «…», – отметил он. / “…,” he said. /
//!   "…" — считают правозащитники. / «…», — говорится в обращении.;
//! - before it, ending in a colon: Министр заявил: «…»;
//! - a "Name, title:" line followed by a paragraph opening with a dash (the
//!   layout of TV transcripts and interviews).
//!
//! and only with some length (four words): a title in quotes or a scare
//! quote («террористами») is part of the sentence around it, and a quote
//! embedded in indirect speech ("заявил, что «…» …") has no frame of its own,
//! so the sentence is a paraphrase instead. The statement text is the quoted
//! words without the marks and without a trailing comma.

use super::attribution::{self, Phrase};
use super::lexicon::{self, VerbClass};
use super::sentences::Sentence;
use super::text::{Text, is_dash};

/// A quotation: `open` and `close` are the positions of its marks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct QuotePair {
    pub open: usize,
    pub close: usize,
    /// 0 for an outermost quote.
    pub depth: usize,
}

/// A direct quote with its speaker phrase.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct QuoteHit {
    pub start: usize,
    pub end: usize,
    pub phrase: Option<Phrase>,
}

/// Minimum words of a direct quote: shorter quoted words are titles or scare quotes.
const MIN_QUOTE_WORDS: usize = 4;

/// Finds the quote pairs of `chars`, outermost first within each nesting.
pub(crate) fn find_pairs(chars: &[char]) -> Vec<QuotePair> {
    let mut stack: Vec<(char, usize)> = Vec::new();
    let mut pairs = Vec::new();
    let close_to =
        |stack: &mut Vec<(char, usize)>, pairs: &mut Vec<QuotePair>, opener: &[char], i: usize| {
            if let Some(at) = stack.iter().rposition(|(c, _)| opener.contains(c)) {
                let open = stack[at].1;
                stack.truncate(at);
                pairs.push(QuotePair {
                    open,
                    close: i,
                    depth: at,
                });
                true
            } else {
                false
            }
        };
    let mut skip_next = false;
    for (i, &c) in chars.iter().enumerate() {
        if std::mem::take(&mut skip_next) {
            continue;
        }
        // Two apostrophes stand for a quotation mark in some typesetting
        // ('' or ’’ closing, '' or ‘‘ opening).
        if matches!(c, '\'' | '’' | '‘') && chars.get(i + 1) == Some(&c) {
            let open_before =
                i == 0 || chars[i - 1].is_whitespace() || "([«—–-".contains(chars[i - 1]);
            if c != '‘' && stack.iter().any(|(o, _)| matches!(o, '“' | '"' | '«')) {
                // Closed at the second mark, so that what follows the pair
                // (a comma, a frame) is read from after both.
                close_to(&mut stack, &mut pairs, &['“', '"', '«'], i + 1);
                skip_next = true;
                continue;
            }
            if c != '’' && open_before {
                // The second mark stands as the opening one, so that the
                // quoted words start after both.
                stack.push(('"', i + 1));
                skip_next = true;
                continue;
            }
        }
        let prev_space =
            i == 0 || chars[i - 1].is_whitespace() || "([«„“—–-".contains(chars[i - 1]);
        let next_space = chars.get(i + 1).is_none_or(|n| n.is_whitespace());
        match c {
            '\n' => stack.clear(),
            '«' | '„' => stack.push((c, i)),
            '»' => {
                close_to(&mut stack, &mut pairs, &['«'], i);
            }
            '“' => {
                // Closes „…“; otherwise opens (English), unless it sits where a
                // closing mark would and a “ is open.
                let top = stack.last().map(|(c, _)| *c);
                if top == Some('„') || (top == Some('“') && !prev_space && next_space) {
                    close_to(&mut stack, &mut pairs, &['„', '“'], i);
                } else {
                    stack.push((c, i));
                }
            }
            '”' => {
                close_to(&mut stack, &mut pairs, &['“', '„'], i);
            }
            '"' => {
                let open = stack.iter().any(|(c, _)| *c == '"');
                if open && (!prev_space || next_space) {
                    close_to(&mut stack, &mut pairs, &['"'], i);
                } else if !next_space {
                    stack.push((c, i));
                }
            }
            _ => {}
        }
    }
    pairs.sort_by_key(|p| (p.open, p.depth));
    pairs
}

/// The quoted words of a pair: without marks, surrounding spaces, a leading
/// dash or a trailing comma.
fn inner_span(text: &Text, pair: &QuotePair) -> (usize, usize) {
    let (mut s, mut e) = text.trim(pair.open + 1, pair.close);
    while s < e && (is_dash(text.chars[s]) || text.chars[s].is_whitespace()) {
        s += 1;
    }
    while e > s
        && (matches!(text.chars[e - 1], ',' | ';' | ':' | '’' | '\'')
            || text.chars[e - 1].is_whitespace())
    {
        e -= 1;
    }
    (s, e)
}

/// The speaker phrase of a frame in tokens `lo..hi` whose verb is among the
/// first `max_words` words.
fn frame_in(
    text: &Text,
    lo: usize,
    hi: usize,
    max_words: usize,
    sentence_first: usize,
) -> Option<Phrase> {
    let n = text.toks.len();
    let mut words = 0;
    for v in lo..hi {
        if !text.toks[v].word {
            continue;
        }
        words += 1;
        if words > max_words {
            break;
        }
        let next = (v + 1 < n).then(|| text.low(v + 1));
        let next2 = (v + 2 < n).then(|| text.low(v + 2));
        let Some(class) = lexicon::verb_class(text.low(v), next, next2) else {
            continue;
        };
        // "отмечается в материалах": an impersonal report that names its document.
        let in_document = next.is_some_and(|w| matches!(w, "в" | "во" | "in"))
            && next2.is_some_and(lexicon::is_document);
        return match class {
            VerbClass::Impersonal if in_document => Some(
                attribution::subject_after(text, v + 1, hi, sentence_first)
                    .unwrap_or(Phrase::Document { owner: None }),
            ),
            VerbClass::Impersonal => Some(Phrase::Impersonal),
            VerbClass::DocumentSays => Some(
                attribution::subject_after(text, v + 1, hi, sentence_first)
                    .unwrap_or(Phrase::Document { owner: None }),
            ),
            _ => attribution::subject_before(text, lo, v, sentence_first)
                .map(|(p, _)| p)
                .or_else(|| {
                    // "told Reuters": what follows "told" is whom it was told.
                    (!matches!(text.low(v), "told" | "tells"))
                        .then(|| attribution::subject_after(text, v + 1, hi, sentence_first))
                        .flatten()
                }),
        };
    }
    None
}

/// The direct quotes of sentence `s`; `prev` is the sentence before it.
pub(crate) fn direct_quotes(
    text: &Text,
    s: &Sentence,
    prev: Option<&Sentence>,
    next: Option<&Sentence>,
    pairs: &[QuotePair],
) -> Vec<QuoteHit> {
    let chars = &text.chars;
    let outer: Vec<&QuotePair> = pairs
        .iter()
        .filter(|p| p.depth == 0 && p.open >= s.start && p.close < s.end)
        .collect();
    let first_tok = text.toks_in(s.start, s.end).start;
    let mut hits = Vec::new();
    for (k, pair) in outer.iter().enumerate() {
        let (start, end) = inner_span(text, pair);
        // Short quotations count only with a frame right after them
        // ("«Нет. Не получили», — сказала она."): a title or a scare quote
        // has none.
        let framed_after = {
            let mut j = pair.close + 1;
            while j < s.end && (chars[j].is_whitespace() || chars[j] == ',') {
                j += 1;
            }
            j < s.end && is_dash(chars[j])
        };
        let words = text.word_count(start, end);
        if words < MIN_QUOTE_WORDS && !(framed_after && words >= 2) {
            continue;
        }
        // «…, — говорит X, должность. — …»: the frame inside the marks
        // splits the quote in two, both the speaker's.
        if let Some((phrase, parts)) = inner_frame(text, pair, first_tok) {
            for (a, b) in parts {
                if text.word_count(a, b) >= MIN_QUOTE_WORDS {
                    hits.push(QuoteHit {
                        start: a,
                        end: b,
                        phrase: Some(phrase.clone()),
                    });
                }
            }
            continue;
        }
        // The last character inside the marks (a closing pair of
        // apostrophes counts as one mark).
        let mut last = pair.close;
        while last > pair.open + 1 && matches!(chars[last - 1], '’' | '\'') {
            last -= 1;
        }
        let ends_punct = last > 0 && matches!(chars[last - 1], '.' | ',' | '!' | '?' | '…');
        // After the quote: "», – verb …", ",” he said".
        let mut j = pair.close + 1;
        while j < s.end && chars[j].is_whitespace() {
            j += 1;
        }
        let comma = j < s.end && chars[j] == ',';
        if comma {
            j += 1;
        }
        while j < s.end && chars[j].is_whitespace() {
            j += 1;
        }
        let dash = j < s.end && is_dash(chars[j]);
        let tail_end = outer.get(k + 1).map_or(s.end, |p| p.open);
        let mut phrase = None;
        if (ends_punct || comma || dash) && j < tail_end {
            let r = text.toks_in(j, tail_end);
            // "…”, which declared …", "…», и …": a clause going on, not an attribution.
            let relative =
                r.start < r.end && text.toks[r.start].word && lexicon::is_stop(text.low(r.start));
            if !relative {
                phrase = frame_in(text, r.start, r.end, 12, first_tok);
            }
        }
        // Before the quote: "X заявил: «…»", "По словам X, «…»".
        if phrase.is_none() {
            let mut b = pair.open;
            while b > s.start && chars[b - 1].is_whitespace() {
                b -= 1;
            }
            if b > s.start && chars[b - 1] == ':' {
                let r = text.toks_in(s.start, b - 1);
                phrase = frame_in(text, r.start, r.end, 40, first_tok)
                    .or_else(|| intro_speaker(text, s.start, b - 1));
            }
        }
        // A sentence that is only the quote, after a line ending in a colon.
        if phrase.is_none() {
            let only_quote = text.trim(s.start, pair.open).0 == pair.open
                && (pair.close + 1..s.end).all(|i| !chars[i].is_alphanumeric());
            if only_quote
                && let Some(p) = prev
                && chars[p.end - 1] == ':'
            {
                let r = text.toks_in(p.start, p.end - 1);
                phrase = frame_in(text, r.start, r.end, 40, r.start)
                    .or_else(|| intro_speaker(text, p.start, p.end - 1));
            }
        }
        // "“… city.’’ Walsh said": the stop inside the quote ended the
        // sentence, and the frame is the short one after it.
        if phrase.is_none()
            && ends_punct
            && k + 1 == outer.len()
            && (pair.close + 1..s.end).all(|i| !chars[i].is_alphanumeric())
            && let Some(n) = next
            && n.paragraph == s.paragraph
            && text.word_count(n.start, n.end) <= 6
        {
            let r = text.toks_in(n.start, n.end);
            phrase = frame_in(text, r.start, r.end, 4, r.start);
        }
        if phrase.is_some() {
            hits.push(QuoteHit { start, end, phrase });
        }
    }
    hits
}

/// The quoted words of sentence `s` when it is nothing but one quotation
/// of some length (a further quotation of the speaker before it).
pub(crate) fn only_quote(text: &Text, s: &Sentence, pairs: &[QuotePair]) -> Option<(usize, usize)> {
    let chars = &text.chars;
    let pair = pairs
        .iter()
        .find(|p| p.depth == 0 && p.open >= s.start && p.close < s.end)?;
    let alone = text.trim(s.start, pair.open).0 == pair.open
        && (pair.close + 1..s.end).all(|i| !chars[i].is_alphanumeric());
    let (start, end) = inner_span(text, pair);
    (alone && text.word_count(start, end) >= MIN_QUOTE_WORDS).then_some((start, end))
}

/// A dash standing alone between spaces (or a true dash), at `i`.
fn dash_at(chars: &[char], i: usize) -> bool {
    is_dash(chars[i])
        && (chars[i] != '-'
            || (i > 0
                && chars[i - 1].is_whitespace()
                && chars.get(i + 1).is_some_and(|c| c.is_whitespace())))
}

/// A frame inside a quote ("«A, — говорит X, директор. — B»"): the speaker
/// phrase and the quoted parts on either side of it.
fn inner_frame(
    text: &Text,
    pair: &QuotePair,
    first_tok: usize,
) -> Option<(Phrase, Vec<(usize, usize)>)> {
    let chars = &text.chars;
    let before_punct = |i: usize| {
        let mut b = i;
        while b > pair.open + 1 && chars[b - 1].is_whitespace() {
            b -= 1;
        }
        (b > pair.open + 1 && matches!(chars[b - 1], ',' | '.' | '!' | '?' | '…')).then_some(b)
    };
    for m in pair.open + 1..pair.close {
        if !dash_at(chars, m) || before_punct(m).is_none() {
            continue;
        }
        // The frame runs to the next dash after a stop or a comma, or to the end.
        let resume = (m + 1..pair.close).find(|&d| dash_at(chars, d) && before_punct(d).is_some());
        let frame_end = resume.and_then(before_punct).unwrap_or(pair.close);
        let r = text.toks_in(m + 1, frame_end);
        let phrase = frame_in(text, r.start, r.end, 3, first_tok)?;
        let first = inner_span(
            text,
            &QuotePair {
                open: pair.open,
                close: m,
                depth: 0,
            },
        );
        let mut parts = vec![first];
        if let Some(d) = resume {
            parts.push(inner_span(
                text,
                &QuotePair {
                    open: d,
                    close: pair.close,
                    depth: 0,
                },
            ));
        }
        return Some((phrase, parts));
    }
    None
}

/// The speaker of a "Name, title:" line: its first comma-separated segment.
fn intro_speaker(text: &Text, start: usize, end: usize) -> Option<Phrase> {
    let r = text.toks_in(start, end);
    let seg: Vec<usize> = r.clone().take_while(|&i| !text.is_punct(i, ',')).collect();
    if seg.is_empty() || seg.len() > 8 {
        return None;
    }
    attribution::classify(text, &seg, r.start)
}

/// Words that open a sentence continuing the previous one's thought.
const CONNECTIVES: &[&str] = &[
    "и",
    "а",
    "но",
    "это",
    "эти",
    "этот",
    "эта",
    "например",
    "ведь",
    "поэтому",
    "так",
    "однако",
    "and",
    "but",
    "this",
    "these",
    "that",
    "for",
    "so",
    "however",
    "it",
    "thus",
];

/// Speech set out as a dash paragraph after a "Name, title:" line, split
/// where the subject changes: a new part starts at every sentence except one
/// that opens with a connective ("И", "Это", "For example"), answers a
/// question, or follows a fragment of fewer than six words.
pub(crate) fn dash_speech(text: &Text, sentences: &[Sentence]) -> Vec<QuoteHit> {
    let chars = &text.chars;
    let mut hits = Vec::new();
    let mut i = 0;
    while i < sentences.len() {
        let intro = &sentences[i];
        let whole_paragraph = (i == 0 || sentences[i - 1].paragraph != intro.paragraph)
            && sentences
                .get(i + 1)
                .is_some_and(|n| n.paragraph != intro.paragraph);
        let colon = chars[intro.end - 1] == ':';
        let next_dash = sentences
            .get(i + 1)
            .is_some_and(|n| is_dash(chars[n.start]));
        if !(whole_paragraph && colon && next_dash && text.word_count(intro.start, intro.end) <= 30)
        {
            i += 1;
            continue;
        }
        let r = text.toks_in(intro.start, intro.end - 1);
        let phrase = frame_in(text, r.start, r.end, 40, r.start)
            .or_else(|| intro_speaker(text, intro.start, intro.end - 1));
        let mut j = i + 1;
        let mut part: Option<(usize, usize)> = None;
        let mut prev: Option<&Sentence> = None;
        let mut paragraph = sentences[j].paragraph;
        while j < sentences.len() {
            let s = &sentences[j];
            let new_paragraph = s.paragraph != paragraph;
            if new_paragraph && !is_dash(chars[s.start]) {
                break;
            }
            paragraph = s.paragraph;
            let mut start = s.start;
            if is_dash(chars[start]) {
                start += 1;
                while start < s.end && chars[start].is_whitespace() {
                    start += 1;
                }
            }
            let r = text.toks_in(start, s.end);
            let opener = if r.start < r.end {
                text.low(r.start)
            } else {
                ""
            };
            let continues = prev.is_some_and(|p| {
                chars[p.end - 1] == '?'
                    || text.word_count(p.start, p.end) < 6
                    || CONNECTIVES.contains(&opener)
            }) && !new_paragraph;
            match part {
                Some((ps, _)) if continues => part = Some((ps, s.end)),
                _ => {
                    if let Some((ps, pe)) = part.take() {
                        hits.push(QuoteHit {
                            start: ps,
                            end: pe,
                            phrase: phrase.clone(),
                        });
                    }
                    part = Some((start, s.end));
                }
            }
            prev = Some(s);
            j += 1;
        }
        if let Some((ps, pe)) = part {
            hits.push(QuoteHit {
                start: ps,
                end: pe,
                phrase: phrase.clone(),
            });
        }
        i = j;
    }
    hits.retain(|h| h.start < h.end);
    hits
}

#[cfg(test)]
mod tests {
    use super::super::sentences::split;
    use super::*;

    fn quotes(body: &str) -> Vec<(String, Option<Phrase>)> {
        let text = Text::new(body);
        let pairs = find_pairs(&text.chars);
        let sentences = split(&text.chars, &pairs);
        let mut out = Vec::new();
        for (k, s) in sentences.iter().enumerate() {
            let prev = k.checked_sub(1).map(|p| &sentences[p]);
            let next = sentences.get(k + 1);
            for h in direct_quotes(&text, s, prev, next, &pairs) {
                out.push((text.slice(h.start, h.end), h.phrase));
            }
        }
        for h in dash_speech(&text, &sentences) {
            out.push((text.slice(h.start, h.end), h.phrase));
        }
        out
    }

    fn name(s: &str) -> Option<Phrase> {
        Some(Phrase::Name {
            text: s.to_owned(),
            person: true,
        })
    }

    #[test]
    fn pairs_nest_and_stay_in_their_paragraph() {
        let chars: Vec<char> = "«а „б“ в» “c” \"d\" «e\nf»".chars().collect();
        let pairs = find_pairs(&chars);
        let spans: Vec<(usize, usize, usize)> =
            pairs.iter().map(|p| (p.open, p.close, p.depth)).collect();
        assert_eq!(spans, [(0, 8, 0), (3, 5, 1), (10, 12, 0), (14, 16, 0)]);
    }

    #[test]
    fn russian_quote_with_dash_attribution() {
        assert_eq!(
            quotes("«Мы не допустим повторения этих событий», – заявил Иван Петров."),
            [(
                "Мы не допустим повторения этих событий".to_owned(),
                name("Иван Петров")
            )]
        );
        assert_eq!(
            quotes("«Суды должны быть независимы от власти», — считают правозащитники."),
            [(
                "Суды должны быть независимы от власти".to_owned(),
                Some(Phrase::Group {
                    text: "правозащитники".into(),
                    head: "правозащитники".into()
                })
            )]
        );
        assert_eq!(
            quotes("«Все виновные должны понести наказание», — говорится в обращении."),
            [(
                "Все виновные должны понести наказание".to_owned(),
                Some(Phrase::Document { owner: None })
            )]
        );
    }

    #[test]
    fn multi_sentence_and_nested_quotes() {
        let got = quotes(
            "«Людей задерживают на улицах. Это „профилактика“, как говорят власти», — добавили они.",
        );
        assert_eq!(got.len(), 1);
        assert_eq!(
            got[0].0,
            "Людей задерживают на улицах. Это „профилактика“, как говорят власти"
        );
        assert_eq!(
            got[0].1,
            Some(Phrase::Pronoun {
                plural: true,
                female: None
            })
        );
    }

    #[test]
    fn english_quotes_before_and_after_the_frame() {
        assert_eq!(
            quotes("“We will rebuild every single house,” the mayor said on Monday."),
            [(
                "We will rebuild every single house".to_owned(),
                Some(Phrase::Role {
                    text: "mayor".into()
                })
            )]
        );
        assert_eq!(
            quotes("Jane Doe told reporters: \"The war must end this year.\""),
            [("The war must end this year.".to_owned(), name("Jane Doe"))]
        );
    }

    #[test]
    fn scare_quotes_titles_and_embedded_quotes_are_not_statements() {
        assert!(quotes("Он назвал «террористами» всех участников митинга.").is_empty());
        assert!(quotes("Фильм «Долгая дорога домой через горы» вышел вчера.").is_empty());
        assert!(
            quotes("Он заявил, что «будет действовать максимально жестко» против них.").is_empty()
        );
        assert!(quotes("The group called for help “in overcoming a terrible crisis”.").is_empty());
    }

    #[test]
    fn dash_speech_after_a_name_line_is_split_by_subject() {
        let body = "Иван Петров, директор института:\n\n- Мы начали работу. Например, в школах. Это важно для всех нас сейчас. Бюджет этого года вырос вдвое за последние месяцы. Что дальше? Мы продолжим.\n\nДругой абзац.";
        let got = quotes(body);
        let texts: Vec<&str> = got.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(
            texts,
            [
                "Мы начали работу. Например, в школах. Это важно для всех нас сейчас.",
                "Бюджет этого года вырос вдвое за последние месяцы.",
                "Что дальше? Мы продолжим."
            ]
        );
        assert!(got.iter().all(|(_, p)| *p == name("Иван Петров")));
    }
}
