//! Stage 1: splitting a body into sentence units.
//!
//! Statements other than direct quotes are whole sentences, so the unit must
//! match what a reader calls a sentence. A full stop ends one only when it is
//! not part of something else:
//! - abbreviations and initials ("т.е.", "г.", "Mr.", "U.S.", "К.-Ж. Токаев"):
//!   a single letter or a known abbreviation before the stop, or a lower-case
//!   word after it, means the sentence goes on;
//! - numbers ("2,700", "4.5"): no space after the stop, so no boundary;
//! - quotations: a quote («…», “…”, „…“, "…") that contains full stops stays
//!   inside one unit, because the attribution that follows it
//!   ("…», – отметил он.") belongs to the same sentence. A quote that itself
//!   ends the sentence («… конец.» Далее …) still ends it at its closing mark.
//!
//! A newline always ends a unit: bodies keep one paragraph a line, and a line
//! without final punctuation is a heading or a "Name, title:" line. Bodies
//! flattened into one line are handled by the same rules, and a stop glued to
//! the next capitalised word ("batons.The") is taken as a boundary, since
//! scrapers lose that space where paragraphs were joined.

use super::quotes::QuotePair;

/// One sentence unit: `chars[start..end]`, trimmed, in paragraph (line) `paragraph`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Sentence {
    pub start: usize,
    pub end: usize,
    pub paragraph: usize,
}

/// Abbreviations after which a stop never ends a sentence: titles and
/// words that always precede something (a name, a number, a place).
const NEVER_FINAL: &[&str] = &[
    "mr", "mrs", "ms", "dr", "prof", "st", "gen", "sen", "rep", "gov", "col", "lt", "sgt", "capt",
    "const", "cpl", "det", "insp", "supt", "maj", "adm", "amb", "atty", "hon", "rev", "sr", "jr",
    "no", "nos", "vs", "fig", "approx", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "ул", "им", "проф", "акад", "г", "гг", "т", "ст", "пос", "обл",
    "р", "п", "ч", "см", "напр", "тыс", "млн", "млрд", "руб", "долл", "е", "д",
];

/// Closing characters that stay with the sentence they close.
fn is_closer(c: char) -> bool {
    matches!(c, '»' | '”' | '“' | '"' | '\'' | '’' | ')' | ']')
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// Characters that may open a sentence besides a capital letter or a digit.
fn is_opener(c: char) -> bool {
    matches!(c, '«' | '“' | '„' | '"' | '(' | '-' | '–' | '—')
}

/// The word (letters only) ending just before `i`.
fn word_before(chars: &[char], i: usize) -> String {
    let mut s = i;
    while s > 0 && chars[s - 1].is_alphabetic() {
        s -= 1;
    }
    chars[s..i].iter().flat_map(|c| c.to_lowercase()).collect()
}

/// Whether the terminal punctuation at `i` (its run ending at `j`) ends a sentence.
fn is_boundary(chars: &[char], i: usize, j: usize) -> bool {
    let n = chars.len();
    if j >= n || chars[j] == '\n' {
        return true;
    }
    let before = word_before(chars, i);
    let period_only = chars[i] == '.' && (i..j).all(|k| !matches!(chars[k], '!' | '?'));
    if !chars[j].is_whitespace() {
        // Glued: "batons.The", "угрозы».Токаев", "protesters.“I".
        let next = chars[j];
        let glued_word = next.is_uppercase() && chars.get(j + 1).is_some_and(|c| c.is_lowercase());
        return before.chars().count() >= 2
            && i > 0
            && chars[i - 1].is_lowercase()
            && (glued_word || is_opener(next) && next != '-')
            && !NEVER_FINAL.contains(&before.as_str());
    }
    // Look past spaces (and a dash, which may carry an attribution) at what follows.
    let mut k = j;
    while k < n && chars[k] != '\n' && (chars[k].is_whitespace() || super::text::is_dash(chars[k]))
    {
        k += 1;
    }
    if k >= n || chars[k] == '\n' {
        return true;
    }
    let next = chars[k];
    if next.is_lowercase() {
        return false;
    }
    if !(next.is_uppercase() || next.is_ascii_digit() || is_opener(next)) {
        return false;
    }
    if period_only {
        let single_letter = before.chars().count() == 1;
        if single_letter || NEVER_FINAL.contains(&before.as_str()) {
            return false;
        }
    }
    true
}

/// Splits `chars` into sentence units; `quotes` are the body's quote pairs.
pub(crate) fn split(chars: &[char], quotes: &[QuotePair]) -> Vec<Sentence> {
    let n = chars.len();
    // Inside an outermost quote, terminal punctuation does not end a unit.
    let mut inside = vec![false; n];
    let mut closes = vec![false; n];
    for q in quotes.iter().filter(|q| q.depth == 0) {
        for flag in inside.iter_mut().take(q.close.min(n)).skip(q.open + 1) {
            *flag = true;
        }
        if q.close < n {
            closes[q.close] = true;
        }
    }
    let mut out = Vec::new();
    let mut paragraph = 0;
    let mut start = 0;
    let push = |s: usize, e: usize, paragraph: usize, out: &mut Vec<Sentence>| {
        let (mut s, mut e) = (s, e.min(n));
        while s < e && chars[s].is_whitespace() {
            s += 1;
        }
        while e > s && chars[e - 1].is_whitespace() {
            e -= 1;
        }
        if s < e {
            out.push(Sentence {
                start: s,
                end: e,
                paragraph,
            });
        }
    };
    let mut i = 0;
    while i < n {
        let c = chars[i];
        // A line broken inside a sentence, as pasted text often is: it does
        // not end in a stop or a colon and the next line goes on in lower case.
        let soft = c == '\n'
            && chars[..i]
                .iter()
                .rev()
                .find(|d| !d.is_whitespace())
                .is_some_and(|d| d.is_alphanumeric() || *d == ',')
            && chars.get(i + 1).is_some_and(|d| d.is_lowercase());
        if soft {
            i += 1;
            continue;
        }
        if c == '\n' {
            push(start, i, paragraph, &mut out);
            if out.last().is_some_and(|s| s.paragraph == paragraph) {
                paragraph += 1;
            }
            start = i + 1;
            i += 1;
            continue;
        }
        let quote_end = closes[i]
            && i > 0
            && (is_terminal(chars[i - 1])
                || (i > 1 && matches!(chars[i - 1], '’' | '\'') && is_terminal(chars[i - 2])));
        if (is_terminal(c) && !inside[i]) || quote_end {
            let mut j = i + 1;
            while j < n && (is_terminal(chars[j]) || is_closer(chars[j])) {
                j += 1;
            }
            let at = if quote_end { i - 1 } else { i };
            if is_boundary(chars, at, j) {
                push(start, j, paragraph, &mut out);
                start = j;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    push(start, n, paragraph, &mut out);
    out
}

/// The sentence or sentences around `body[start..end]` (code points), within
/// its paragraph: a statement in its place, for a reader. The units are
/// this module's, the ones extraction works in, so "Mr. Roth said" or a
/// quote with full stops inside is not cut where a plain scan would cut it.
/// Only the paragraph is split, so a long body costs no more than a short one.
pub fn context(body: &str, start: usize, end: usize) -> String {
    let chars: Vec<char> = body.chars().collect();
    let end = end.min(chars.len());
    let start = start.min(end);
    let from = chars[..start]
        .iter()
        .rposition(|c| *c == '\n')
        .map_or(0, |i| i + 1);
    let to = chars[end..]
        .iter()
        .position(|c| *c == '\n')
        .map_or(chars.len(), |i| end + i);
    let paragraph = &chars[from..to];
    let (start, end) = (start - from, end - from);
    let units = split(paragraph, &super::quotes::find_pairs(paragraph));
    let touched: Vec<&Sentence> = units
        .iter()
        .filter(|u| u.start < end.max(start + 1) && start < u.end)
        .collect();
    let (first, last) = match (touched.first(), touched.last()) {
        (Some(first), Some(last)) => (first.start.min(start), last.end.max(end)),
        _ => (start, end),
    };
    paragraph[first..last]
        .iter()
        .collect::<String>()
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::super::quotes::find_pairs;
    use super::*;

    #[test]
    fn context_is_the_surrounding_sentence_within_the_paragraph() {
        let body = "First one. He said «we agree» today. Last.\nNext paragraph.";
        let start = body.chars().position(|c| c == 'w').expect("w");
        assert_eq!(context(body, start, start + 8), "He said «we agree» today.");
        assert_eq!(context(body, 0, 10), "First one.");
        let last = body.chars().count();
        assert_eq!(context(body, last - 15, last), "Next paragraph.");
        // Units that a plain scan for full stops would cut.
        let body = "Intro. Mr. Roth said the U.S. would act. Then more.";
        let start = body.find("the").expect("the");
        assert_eq!(
            context(body, start, start + 3),
            "Mr. Roth said the U.S. would act."
        );
        // Out of range and empty spans do not panic.
        assert_eq!(context(body, 1000, 2000), "");
        assert_eq!(context("", 0, 0), "");
    }

    fn texts(body: &str) -> Vec<String> {
        let chars: Vec<char> = body.chars().collect();
        split(&chars, &find_pairs(&chars))
            .iter()
            .map(|s| chars[s.start..s.end].iter().collect())
            .collect()
    }

    #[test]
    fn splits_plain_sentences_in_both_languages() {
        assert_eq!(
            texts("Он пришёл. Она ушла! Кто там? The end."),
            ["Он пришёл.", "Она ушла!", "Кто там?", "The end."]
        );
    }

    #[test]
    fn abbreviations_and_initials_do_not_split() {
        assert_eq!(
            texts("Президент К.-Ж. Токаев прибыл в г. Алматы, т.е. на юг. Потом уехал."),
            [
                "Президент К.-Ж. Токаев прибыл в г. Алматы, т.е. на юг.",
                "Потом уехал."
            ]
        );
        assert_eq!(
            texts("Mr. Smith flew to the U.S. on Monday. Dr. Jones did not."),
            [
                "Mr. Smith flew to the U.S. on Monday.",
                "Dr. Jones did not."
            ]
        );
        assert_eq!(
            texts("Собрались учёные, врачи и др. специалисты. Итог ясен."),
            ["Собрались учёные, врачи и др. специалисты.", "Итог ясен."]
        );
    }

    #[test]
    fn numbers_do_not_split() {
        assert_eq!(
            texts("More than 2,700 people, or 4.5 percent, left. Then calm."),
            [
                "More than 2,700 people, or 4.5 percent, left.",
                "Then calm."
            ]
        );
    }

    #[test]
    fn quotes_with_stops_stay_in_one_unit() {
        assert_eq!(
            texts("«Мы пришли. Мы остались», – сказал он. Потом ушёл."),
            ["«Мы пришли. Мы остались», – сказал он.", "Потом ушёл."]
        );
        assert_eq!(
            texts("“We came. We stayed,” she said. Then “It ended.” Later on."),
            [
                "“We came. We stayed,” she said.",
                "Then “It ended.”",
                "Later on."
            ]
        );
        assert_eq!(
            texts("«Первое „вложенное. Всё“ тут. Конец», — заявили они."),
            ["«Первое „вложенное. Всё“ тут. Конец», — заявили они."]
        );
    }

    #[test]
    fn newlines_and_glued_stops_split() {
        assert_eq!(
            texts("Заголовок\nТекст один.Текст два.\n\nИмя Фамилия, посол:\n- Речь."),
            [
                "Заголовок",
                "Текст один.",
                "Текст два.",
                "Имя Фамилия, посол:",
                "- Речь."
            ]
        );
        assert_eq!(
            texts("It ended with batons.The report said so. See NewTimes.kz for it."),
            [
                "It ended with batons.",
                "The report said so.",
                "See NewTimes.kz for it."
            ]
        );
    }

    #[test]
    fn paragraphs_are_counted() {
        let chars: Vec<char> = "Abc de.\n\nCde fg. Efg hi.\nGh".chars().collect();
        let paragraphs: Vec<usize> = split(&chars, &[]).iter().map(|s| s.paragraph).collect();
        assert_eq!(paragraphs, [0, 1, 1, 2]);
    }
}
