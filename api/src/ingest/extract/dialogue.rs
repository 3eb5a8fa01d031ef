//! Interviews and transcripts: questions and answers.
//!
//! Two layouts are common, and neither frames its answers with a verb:
//! - a transcript labels each paragraph with its speaker ("MR. DUFFY: …",
//!   "AMB. NOVAK: …", "Anna Berg: …");
//! - an interview sets questions and answers out as paragraphs opening
//!   with a dash ("— Почему …? — Потому что …"), after a sentence naming
//!   who answers ("Корреспондент X ответил на вопросы ведущей").
//!
//! Each answer paragraph is one direct quote of the person answering; a
//! paragraph with a question in it is the interviewer's and no statement.

use super::attribution::{self, Phrase};
use super::sentences::Sentence;
use super::text::{Text, is_dash};

/// An answer: its span (without the label or the dash) and who gave it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Answer {
    pub start: usize,
    pub end: usize,
    pub phrase: Option<Phrase>,
}

/// A paragraph: the first and last sentence index.
fn paragraphs(sents: &[Sentence]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (k, s) in sents.iter().enumerate() {
        match out.last_mut() {
            Some((_, last)) if sents[*last].paragraph == s.paragraph => *last = k,
            _ => out.push((k, k)),
        }
    }
    out
}

/// Abbreviated titles of transcript labels ("MR.", "AMB.", "DR.").
const LABEL_TITLES: &[&str] = &[
    "mr", "mrs", "ms", "dr", "amb", "sen", "rep", "gov", "gen", "prof", "г-н", "г-жа",
];

/// The label of a transcript paragraph ("AMB. NOVAK:", "Anna Berg:"): the
/// position of its colon and the surname it names.
fn label(text: &Text, start: usize, end: usize) -> Option<(usize, String)> {
    let colon = (start..end.min(start + 40)).find(|&i| text.chars[i] == ':')?;
    let toks: Vec<usize> = text.toks_in(start, colon).collect();
    let words: Vec<usize> = toks
        .iter()
        .copied()
        .filter(|&i| text.toks[i].word)
        .collect();
    if words.is_empty() || words.len() > 4 || toks.iter().any(|&i| text.is_punct(i, ',')) {
        return None;
    }
    let shouted = words.iter().all(|&i| {
        let t = text.tok(i);
        t.chars().any(char::is_alphabetic) && !t.chars().any(char::is_lowercase)
    });
    let names: Vec<usize> = words
        .iter()
        .copied()
        .filter(|&i| !LABEL_TITLES.contains(&text.low(i)))
        .collect();
    let named = names.len() <= 3 && names.iter().all(|&i| text.is_cap(i));
    if !(shouted || named) || names.is_empty() {
        return None;
    }
    let name: Vec<String> = names
        .iter()
        .map(|&i| {
            let w = text.tok(i);
            if shouted {
                let mut c = w.chars();
                c.next()
                    .map(|f| {
                        f.to_uppercase()
                            .chain(c.flat_map(char::to_lowercase))
                            .collect()
                    })
                    .unwrap_or_default()
            } else {
                w
            }
        })
        .collect();
    Some((colon, name.join(" ")))
}

fn has_question(text: &Text, start: usize, end: usize) -> bool {
    text.chars[start..end].contains(&'?')
}

/// The words of a paragraph after `from`, trimmed, or `None` when empty.
fn rest(text: &Text, from: usize, end: usize) -> Option<(usize, usize)> {
    let (a, b) = text.trim(from, end);
    (a < b).then_some((a, b))
}

/// Transcript answers: paragraphs labelled with a speaker, when the body has
/// at least two labelled paragraphs.
fn transcript(text: &Text, sents: &[Sentence]) -> Vec<Answer> {
    let labelled: Vec<((usize, usize), usize, String)> = paragraphs(sents)
        .into_iter()
        .filter_map(|(a, b)| {
            label(text, sents[a].start, sents[b].end).map(|(colon, name)| ((a, b), colon, name))
        })
        .collect();
    if labelled.len() < 2 {
        return Vec::new();
    }
    labelled
        .into_iter()
        .filter_map(|((_, b), colon, name)| {
            let end = sents[b].end;
            if has_question(text, colon, end) {
                return None;
            }
            let (start, end) = rest(text, colon + 1, end)?;
            Some(Answer {
                start,
                end,
                phrase: Some(Phrase::Name {
                    text: name,
                    person: true,
                }),
            })
        })
        .collect()
}

/// Who answers the questions of a dash interview: the subject of the
/// sentence before it that says so ("X ответил на вопросы", "X answered
/// questions"), or else the last person named before it.
fn interviewee(text: &Text, sents: &[Sentence], first: usize) -> Option<Phrase> {
    for s in sents[..first].iter().rev().take(3) {
        let toks: Vec<usize> = text.toks_in(s.start, s.end).collect();
        let verb = toks.iter().position(|&i| {
            matches!(
                text.low(i),
                "ответил" | "ответила" | "ответили" | "answered" | "answers" | "отвечает"
            )
        });
        if let Some(v) = verb
            && let Some((phrase, _)) = attribution::subject_before(text, toks[0], toks[v], toks[0])
        {
            return Some(phrase);
        }
    }
    None
}

/// Dash interview answers: paragraphs opening with a dash, each after one
/// with a question.
fn dash_interview(text: &Text, sents: &[Sentence]) -> Vec<Answer> {
    let paras = paragraphs(sents);
    let dashed = |(a, _): (usize, usize)| is_dash(text.chars[sents[a].start]);
    let mut out = Vec::new();
    let mut k = 0;
    while k < paras.len() {
        if !dashed(paras[k]) {
            k += 1;
            continue;
        }
        let first = paras[k].0;
        let mut answerer: Option<Option<Phrase>> = None;
        let mut prev_question = false;
        while k < paras.len() && dashed(paras[k]) {
            let (a, b) = paras[k];
            let (start, end) = (sents[a].start + 1, sents[b].end);
            let question = has_question(text, start, end);
            if !question
                && prev_question
                && let Some((s, e)) = rest(text, start, end)
            {
                let phrase = answerer
                    .get_or_insert_with(|| interviewee(text, sents, first))
                    .clone();
                if phrase.is_some() {
                    out.push(Answer {
                        start: s,
                        end: e,
                        phrase,
                    });
                }
            }
            prev_question = question;
            k += 1;
        }
    }
    out
}

/// The answers of the body's interviews and transcripts.
pub(crate) fn answers(text: &Text, sents: &[Sentence]) -> Vec<Answer> {
    let mut out = transcript(text, sents);
    out.extend(dash_interview(text, sents));
    out.retain(|a| text.word_count(a.start, a.end) >= 2);
    out
}

#[cfg(test)]
mod tests {
    use super::super::quotes::find_pairs;
    use super::super::sentences::split;
    use super::*;

    fn found(body: &str) -> Vec<(String, Option<Phrase>)> {
        let text = Text::new(body);
        let sents = split(&text.chars, &find_pairs(&text.chars));
        answers(&text, &sents)
            .into_iter()
            .map(|a| (text.slice(a.start, a.end), a.phrase))
            .collect()
    }

    fn person(name: &str) -> Option<Phrase> {
        Some(Phrase::Name {
            text: name.to_owned(),
            person: true,
        })
    }

    #[test]
    fn transcript_answers_belong_to_their_label() {
        let body = "MS. HOLM: Will the port reopen this year?\n\nAMB. VARGA: It will. The repairs end in May.\n\nMS. HOLM: And the fees?\n\nAMB. VARGA: They stay as they are.";
        assert_eq!(
            found(body),
            [
                (
                    "It will. The repairs end in May.".to_owned(),
                    person("Varga")
                ),
                ("They stay as they are.".to_owned(), person("Varga")),
            ]
        );
        // One labelled paragraph is a dateline, not a transcript.
        assert!(found("HARBOUR NEWS: The port reopened on Monday.").is_empty());
    }

    #[test]
    fn dash_interview_answers_belong_to_who_answers() {
        let body = "Сегодня инженер Олег Соколов ответил на вопросы ведущей.\n— Когда откроют мост? Ждем подробностей.\n— Мост откроют в мае, ремонт идет по плану.\n— А сборы?\n— Сборы останутся прежними.";
        assert_eq!(
            found(body),
            [
                (
                    "Мост откроют в мае, ремонт идет по плану.".to_owned(),
                    person("Олег Соколов")
                ),
                (
                    "Сборы останутся прежними.".to_owned(),
                    person("Олег Соколов")
                ),
            ]
        );
    }
}
