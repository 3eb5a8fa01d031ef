//! Extraction of attributed statements from an article body: who said what.
//!
//! A pipeline of rule-based stages, each in its own module and tested alone:
//! 1. `sentences`: sentence units that survive abbreviations, numbers and
//!    quotations containing full stops;
//! 2. `quotes`: quote pairs and which of them are direct speech (a frame
//!    attributes them and they are long enough to be more than a scare quote);
//! 3. `attribution`: reporting verbs, source frames ("по данным", "according
//!    to"), document frames and impersonal reports, each giving the speaker
//!    phrase as written (`lexicon` holds the generic word lists);
//! 4. `speakers`: pronouns, roles, surnames and bare collectives turned into
//!    the fullest name the body offers.
//!
//! [`extract`] combines them: direct quotes first (their text is the quoted
//! words), then one statement per remaining sentence with a frame (the whole
//! sentence, or its clause when two sources share one sentence), then
//! sentences that continue reported speech without a frame of their own (a
//! modal "should"/"должны" right after it). Overlaps are resolved in that
//! order of priority, so a sentence whose quote was taken is not also a
//! paraphrase. Confidence says how explicit the frame and the speaker were.
//!
//! Everything works in code-point offsets and never indexes out of range, so
//! any input, however broken, yields a (possibly empty) list.

mod attribution;
mod author;
mod dialogue;
mod lexicon;
mod quotes;
mod sentences;
mod speakers;
mod text;

#[cfg(test)]
mod seed_eval;

pub use entity::kinds::StatementKind;
pub use sentences::context;
use speakers::How;
use text::Text;

/// The language of a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Russian,
    English,
}

/// A statement found in a body.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// Code-point offsets into the body: `body[span_start..span_end] == text`.
    pub span_start: usize,
    pub span_end: usize,
    pub text: String,
    pub kind: StatementKind,
    /// Who said it, as named in the text (a pronoun or role already replaced
    /// by the name it stands for), e.g. "Мухтар Тлеуберди", "Human Rights Watch".
    pub speaker: Option<String>,
    /// The organization the body says the speaker belongs to, with their
    /// post ("Human Rights Watch", "director"), when it says so.
    pub affiliation: Option<(String, String)>,
    /// The speaker is an organization speaking as one ("the commission
    /// said", a ministry's own statement), not a person or a collective voice.
    pub speaker_is_organization: bool,
    /// Between 0 and 1.
    pub confidence: f64,
}

/// The extractor's name and version, recorded as each statement's `source`.
pub const SOURCE: &str = "rules-extractor@0.2.0";

/// What is known of a body besides its text.
#[derive(Debug, Clone, Default)]
pub struct Hints {
    /// The publisher given at ingestion: when it is an organization that
    /// speaks for itself (a ministry, a rights group), the body is its own
    /// statement.
    pub outlet: Option<String>,
}

/// A statement before its speaker is resolved.
#[derive(Debug, Clone)]
struct Raw {
    start: usize,
    end: usize,
    kind: StatementKind,
    phrase: Option<attribution::Phrase>,
    sentence: usize,
    /// Lower wins an overlap: quotes, then frames, then continuations.
    priority: u8,
    /// A continuation: takes the speaker of the statement of the sentence before.
    inherit: bool,
    /// An unframed sentence of a document an organization wrote itself.
    by_author: bool,
    /// A quotation without a frame right after another: the same speaker's.
    continues_quote: bool,
}

/// Whether sentence `s` is a heading: a paragraph of its own without final punctuation.
fn is_heading(text: &Text, all: &[sentences::Sentence], k: usize) -> bool {
    let s = &all[k];
    let alone = (k == 0 || all[k - 1].paragraph != s.paragraph)
        && all.get(k + 1).is_none_or(|n| n.paragraph != s.paragraph);
    let last = text.chars[s.end - 1];
    alone && !matches!(last, '.' | '!' | '?' | '…' | '»' | '”' | '"' | '“')
}

/// Whether sentence `s` ends as a sentence does (a stop, an exclamation, a
/// closing quote or bracket), rather than being cut off.
fn ends_whole(text: &Text, s: &sentences::Sentence) -> bool {
    s.end > s.start
        && matches!(
            text.chars[s.end - 1],
            '.' | '!' | '?' | '…' | '»' | '”' | '"' | '\'' | '’' | ')'
        )
}

/// Whether sentence `s` is a complete sentence that can state something:
/// it ends with a full stop or an exclamation (not a question, not cut off
/// where the text ends) and has a few words.
fn states_something(text: &Text, s: &sentences::Sentence) -> bool {
    let mut end = s.end;
    while end > s.start && matches!(text.chars[end - 1], '»' | '”' | '"' | '\'' | '’' | ')') {
        end -= 1;
    }
    let words = text
        .toks_in(s.start, s.end)
        .filter(|&i| {
            text.toks[i].word && text.low(i).chars().filter(|c| c.is_alphabetic()).count() >= 2
        })
        .count();
    end > s.start && matches!(text.chars[end - 1], '.' | '!' | '…') && words >= 4
}

/// Whether a sentence and the quotation after it say the same thing: two
/// common words (inflections aside; names, which only say who, left out).
fn shares_content(sentence: &str, quote: &str) -> bool {
    // One term per word: the first of its stems.
    let stem = |w: &str| ::text::search_terms(w).into_iter().next();
    let common: std::collections::HashSet<String> = sentence
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| w.chars().count() > 3 && !w.chars().next().is_some_and(char::is_uppercase))
        .filter_map(stem)
        .collect();
    quote
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| w.chars().count() > 3)
        .filter_map(stem)
        .filter(|t| common.contains(t))
        .collect::<std::collections::HashSet<_>>()
        .len()
        >= 2
}

/// Finds the attributed statements of `body`.
pub fn extract(body: &str, language: Language) -> Vec<Candidate> {
    extract_with(body, language, &Hints::default())
}

/// Finds the attributed statements of `body`, knowing what `hints` say of it.
pub fn extract_with(body: &str, language: Language, hints: &Hints) -> Vec<Candidate> {
    // Both lexicons always apply: a Russian article quotes English names and
    // an English one Russian titles, and no word of one list is a word of the other.
    let _ = language;
    let text = Text::new(body);
    if text.chars.is_empty() {
        return Vec::new();
    }
    let pairs = quotes::find_pairs(&text.chars);
    let sents = sentences::split(&text.chars, &pairs);
    let sentence_of = |pos: usize| {
        sents
            .partition_point(|s| s.end <= pos)
            .min(sents.len().saturating_sub(1))
    };

    // Token positions inside an outermost quote: content, never frame.
    let mut quoted = vec![false; text.toks.len()];
    for p in pairs.iter().filter(|p| p.depth == 0) {
        for i in text.toks_in(p.open + 1, p.close) {
            quoted[i] = true;
        }
    }

    let mut raws: Vec<Raw> = Vec::new();
    for a in dialogue::answers(&text, &sents) {
        raws.push(Raw {
            start: a.start,
            end: a.end,
            kind: StatementKind::DirectQuote,
            phrase: a.phrase,
            sentence: sentence_of(a.start),
            priority: 0,
            inherit: false,
            by_author: false,
            continues_quote: false,
        });
    }
    let dash = quotes::dash_speech(&text, &sents);
    for h in dash {
        raws.push(Raw {
            start: h.start,
            end: h.end,
            kind: StatementKind::DirectQuote,
            phrase: h.phrase,
            sentence: sentence_of(h.start),
            priority: 0,
            inherit: false,
            by_author: false,
            continues_quote: false,
        });
    }
    let covered = |raws: &[Raw], s: &sentences::Sentence| {
        raws.iter().any(|r| r.start < s.end && s.start < r.end)
    };
    for (k, s) in sents.iter().enumerate() {
        if covered(&raws, s) {
            continue;
        }
        let prev = k.checked_sub(1).map(|p| &sents[p]);
        let hits = quotes::direct_quotes(&text, s, prev, sents.get(k + 1), &pairs);
        if !hits.is_empty() {
            for h in hits {
                raws.push(Raw {
                    start: h.start,
                    end: h.end,
                    kind: StatementKind::DirectQuote,
                    phrase: h.phrase,
                    sentence: k,
                    priority: 0,
                    inherit: false,
                    by_author: false,
                    continues_quote: false,
                });
            }
            continue;
        }
        if let Some((start, end)) = quotes::only_quote(&text, s, &pairs) {
            raws.push(Raw {
                start,
                end,
                kind: StatementKind::DirectQuote,
                phrase: None,
                sentence: k,
                priority: 1,
                inherit: false,
                by_author: false,
                continues_quote: true,
            });
            continue;
        }
        if is_heading(&text, &sents, k) {
            continue;
        }
        let skip = |i: usize| quoted.get(i).copied().unwrap_or(false);
        let Some(frame) = attribution::sentence_frame(&text, s.start, s.end, &skip) else {
            continue;
        };
        let first = text.toks_in(s.start, s.end).start;
        // "Об этом говорится в комментарии X.", "This was said by X.": the
        // frame points back at the sentence before, which is what was said.
        let back = matches!(
            (
                text.low(first),
                text.toks.get(first + 1).map(|_| text.low(first + 1))
            ),
            ("об" | "о", Some("этом")) | ("это", Some("следует")) | ("this", Some("was"))
        );
        if back
            && let Some(p) = prev
            && p.paragraph == s.paragraph
            && !covered(&raws, p)
        {
            raws.push(Raw {
                start: p.start,
                end: s.end,
                kind: frame.kind,
                phrase: Some(frame.phrase),
                sentence: k,
                priority: 1,
                inherit: false,
                by_author: false,
                continues_quote: false,
            });
            continue;
        }
        // The frame's statement: the whole sentence, or, when it has two
        // clauses with their own sources, the second after its conjunction.
        let start = if frame.clause_tok > first && frame.clause_tok < text.toks.len() {
            // Two clauses with their own sources: the first up to the comma.
            let comma = text.toks[frame.clause_tok - 1].start;
            let (a, b) = text.trim(s.start, comma);
            if let Some(f1) = attribution::sentence_frame(&text, a, b, &skip) {
                raws.push(Raw {
                    start: a,
                    end: b,
                    kind: f1.kind,
                    phrase: Some(f1.phrase),
                    sentence: k,
                    priority: 1,
                    inherit: false,
                    by_author: false,
                    continues_quote: false,
                });
            }
            let mut c = frame.clause_tok;
            while c < text.toks.len()
                && matches!(
                    text.low(c),
                    "тогда" | "а" | "и" | "and" | "while" | "whereas"
                )
            {
                c += 1;
            }
            text.toks.get(c).map_or(s.start, |t| t.start).min(s.end)
        } else {
            s.start
        };
        raws.push(Raw {
            start,
            end: s.end,
            kind: frame.kind,
            phrase: Some(frame.phrase),
            sentence: k,
            priority: 1,
            inherit: false,
            by_author: false,
            continues_quote: false,
        });
    }

    // No overlaps: quotes beat frames.
    raws.sort_by_key(|r| (r.priority, r.start));
    let mut kept: Vec<Raw> = Vec::new();
    for r in raws {
        if r.start < r.end && !kept.iter().any(|k| k.start < r.end && r.start < k.end) {
            kept.push(r);
        }
    }
    kept.sort_by_key(|r| r.start);

    let author = author::detect(&text, &sents, hints.outlet.as_deref());
    // Continuations: a framed statement's next sentence in the same
    // paragraph, without a frame, carrying a modal of obligation (in a
    // story; in an organization's own document it is the author's).
    let mut extra = Vec::new();
    for r in kept.iter().filter(|_| author.is_none()) {
        if r.kind == StatementKind::DirectQuote {
            continue;
        }
        let k = r.sentence + 1;
        let Some(s) = sents.get(k) else { continue };
        if s.paragraph != sents[r.sentence].paragraph
            || kept.iter().any(|o| o.start < s.end && s.start < o.end)
        {
            continue;
        }
        let modal = text
            .toks_in(s.start, s.end)
            .any(|i| !quoted[i] && lexicon::is_modal(text.low(i)));
        if modal {
            extra.push(Raw {
                start: s.start,
                end: s.end,
                kind: StatementKind::Paraphrase,
                phrase: None,
                sentence: k,
                priority: 2,
                inherit: true,
                by_author: false,
                continues_quote: false,
            });
        }
    }
    kept.extend(extra);

    // A document an organization wrote itself: its every other complete
    // sentence that states something is the author's.
    // A speech published by the organization: its person speaks.
    let speaker_of_document = author
        .as_ref()
        .and_then(|_| author::speech_person(&text, &sents))
        .or_else(|| author.clone());
    if author.is_some() {
        for (k, s) in sents.iter().enumerate() {
            if kept.iter().any(|o| o.start < s.end && s.start < o.end)
                || is_heading(&text, &sents, k)
                || !states_something(&text, s)
            {
                continue;
            }
            kept.push(Raw {
                start: s.start,
                end: s.end,
                kind: StatementKind::DirectQuote,
                phrase: None,
                sentence: k,
                priority: 3,
                inherit: false,
                by_author: true,
                continues_quote: false,
            });
        }
    }
    kept.sort_by_key(|r| r.start);

    // Resolve speakers in reading order: pronouns look back at earlier statements.
    let source = attribution::article_source(&text);
    let mut resolver = speakers::Resolver::new(&text, &sents, source, speaker_of_document.clone());
    let mut resolved: Vec<(Option<String>, How)> = Vec::with_capacity(kept.len());
    let mut out: Vec<(usize, Candidate)> = Vec::new();
    for (i, r) in kept.iter().enumerate() {
        let (speaker, how) = if r.continues_quote {
            // The quotation of the statement just before (in this paragraph
            // or the one before), if it was one.
            let from = kept[..i]
                .iter()
                .rposition(|o| !o.continues_quote && !o.by_author);
            let inherited = from
                .filter(|&f| {
                    let gap = sents[r.sentence].paragraph - sents[kept[f].sentence].paragraph;
                    // A quotation right after someone's words in its
                    // paragraph, or opening the paragraph after their quote.
                    gap == 0 && r.sentence - kept[f].sentence <= 1
                        || (gap <= 1 && kept[f].kind == StatementKind::DirectQuote)
                })
                .and_then(|f| resolved.get(f))
                .and_then(|(s, _)| s.clone());
            (inherited, How::Inferred)
        } else if r.by_author {
            (speaker_of_document.clone(), How::Inferred)
        } else if r.inherit {
            let from = kept[..i]
                .iter()
                .rposition(|o| o.sentence + 1 == r.sentence && !o.inherit);
            let inherited = from
                .and_then(|f| resolved.get(f))
                .and_then(|(s, _)| s.clone());
            (inherited, How::Inferred)
        } else {
            resolver.resolve(r.phrase.as_ref(), r.start, r.sentence)
        };
        if let Some(s) = &speaker {
            resolver.record(r.sentence, s, r.phrase.as_ref());
        }
        resolved.push((speaker.clone(), how));
        let organization_speaks = speaker.as_deref().is_some_and(|s| {
            if r.by_author {
                author.as_deref() == Some(s)
            } else {
                resolver.is_organization(s)
            }
        });
        // The last sentence, cut off where the text ends, says nothing whole.
        let last = r.sentence + 1 == sents.len();
        if last
            && !r.continues_quote
            && r.kind != StatementKind::DirectQuote
            && !ends_whole(&text, &sents[r.sentence])
        {
            continue;
        }
        // A quotation whose speaker cannot be told is no statement, and
        // neither is a question.
        if (r.continues_quote && speaker.is_none())
            || text.slice(r.start, r.end).trim_end().ends_with('?')
        {
            continue;
        }
        let base: f64 = match (r.kind, r.priority) {
            (_, 2) => 0.45,
            (_, 3) => 0.6,
            (StatementKind::DirectQuote, _) => 0.9,
            (StatementKind::Paraphrase, _) => 0.8,
            (StatementKind::ReportedClaim, _) => 0.75,
        };
        let factor = match (&speaker, how) {
            (None, _) => 0.5,
            (Some(_), How::Named) => 1.0,
            (Some(_), How::Resolved) => 0.85,
            (Some(_), How::Inferred) => 0.7,
        };
        out.push((
            r.sentence,
            Candidate {
                span_start: r.start,
                span_end: r.end,
                text: text.slice(r.start, r.end),
                kind: r.kind,
                affiliation: speaker.as_deref().and_then(|s| resolver.affiliation_of(s)),
                speaker_is_organization: organization_speaks,
                speaker,
                confidence: (base * factor).clamp(0.0, 1.0),
            },
        ));
    }
    // "He welcomed the openness of the authorities." before his quotation
    // only announces it: the quotation is the statement.
    let announces = |k: usize| {
        let (sentence, c) = &out[k];
        let next = out.get(k + 1);
        c.kind == StatementKind::Paraphrase
            && c.speaker.is_some()
            && next.is_some_and(|(s, n)| {
                *s == sentence + 1 && n.kind == StatementKind::DirectQuote && n.speaker == c.speaker
            })
            && !c.text.contains(':')
            && text.word_count(c.span_start, c.span_end) <= 20
            && next.is_some_and(|(_, n)| shares_content(&c.text, &n.text))
            && !c.text.split(|ch: char| !ch.is_alphabetic()).any(|w| {
                let w = w.to_lowercase();
                matches!(w.as_str(), "что" | "that" | "чтобы") || lexicon::is_saying(&w)
            })
    };
    let keep: Vec<bool> = (0..out.len()).map(|k| !announces(k)).collect();
    out.into_iter()
        .zip(keep)
        .filter_map(|((_, c), keep)| keep.then_some(c))
        .collect()
}

#[cfg(test)]
mod tests;
