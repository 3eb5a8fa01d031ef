//! Cleaning a raw article into its body.
//!
//! Articles arrive as text scraped from news sites: the story itself plus the
//! page around it (photo credits, "read also" links, login notices for the
//! comment widget, the portal's footer) and whitespace in every style. [`clean`]
//! keeps the story and drops the page. Its output is the `body` that statement
//! spans point into, so it must be deterministic and idempotent: cleaning an
//! already clean body changes nothing.
//!
//! The rules describe *kinds* of furniture, not strings from particular sites,
//! because ingestion applies them to every future article:
//!
//! 1. Characters: Unicode NFC; CRLF, CR and Unicode line separators become
//!    `\n`; tabs and Unicode spaces (no-break space included) become a plain
//!    space; invisible characters (zero-width space, BOM, soft hyphen) and
//!    control characters go.
//! 2. Lines: trimmed, runs of spaces collapsed; markdown `**` emphasis markers
//!    removed; a leading metadata stamp (`date 2022-01`, `Дата: 12.01.2022`)
//!    removed; a missing space after a sentence (`угрозы».Токаев`,
//!    `accountable.HRW`) restored, because scrapers lose it where paragraphs
//!    were joined.
//! 3. Whole furniture lines: short lines that open with a photo marker
//!    (`Фото:`, `Photo:`, `Источник фото`), copyright lines (`©`,
//!    "All rights reserved", "Все права защищены"), short lines carrying an
//!    e-mail address (or the `[email protected]` placeholder that e-mail
//!    obfuscation leaves behind), a lone "logo", login notices of comment
//!    widgets, "read also" links, a portal's mission statement.
//! 4. Furniture inside a paragraph, for pages whose paragraphs were flattened
//!    into one line: `Фото: <credit>` (with the short caption just before it)
//!    and `Читать по теме: <headline>`. Their end is guessed from where the
//!    next sentence starts (a word ending in a lower-case letter followed by a
//!    capitalised word or an opening quote); where no end can be found the text
//!    is left alone, because stray furniture is better than lost words.
//! 5. The page footer: a trailing block that contains copyright, contact, logo
//!    or login lines is dropped together with the lines in it that talk about
//!    the site itself (its domain, portal, editors, mission).
//! 6. Paragraphs: at most one blank line between them, none at either end.
//!
//! Quotation marks are never touched: statements are quoted verbatim from the body.

use unicode_normalization::UnicodeNormalization;

/// Removing a piece of furniture can join two pieces of text into something a
/// rule reacts to; repeating until nothing changes makes `clean` idempotent.
const MAX_PASSES: usize = 8;

/// Longest line (in characters) still taken for a photo caption, a "read also"
/// link, a copyright, contact or login line: past this it is a paragraph that
/// merely starts or ends that way.
const SHORT_LINE: usize = 200;

/// A mission statement or an "about the site" paragraph is longer than a credit
/// but still far shorter than a flattened article.
const SITE_TALK_LINE: usize = 600;

/// Words of a photo credit inside a paragraph ("Фото: Vласть.kz").
const MAX_CREDIT_WORDS: usize = 6;

/// Words of a caption standing just before an inline photo credit.
const MAX_CAPTION_WORDS: usize = 8;

/// Words of a linked headline after an inline "read also".
const MAX_HEADLINE_WORDS: usize = 25;

/// Turns a raw article into its body.
pub fn clean(raw: &str) -> String {
    let mut text = clean_once(raw);
    for _ in 1..MAX_PASSES {
        let next = clean_once(&text);
        if next == text {
            break;
        }
        text = next;
    }
    text
}

fn clean_once(raw: &str) -> String {
    let normalized = normalize_chars(raw);
    let mut lines: Vec<Line> = normalized.split('\n').map(Line::new).collect();
    mark_footer(&mut lines);
    let kept = lines
        .into_iter()
        .filter(|l| !l.dropped)
        .map(|l| l.text)
        .collect();
    join_paragraphs(kept)
}

/// What kind of site furniture a whole line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Furniture {
    PhotoCaption,
    Copyright,
    Contact,
    Logo,
    LoginNotice,
    ReadAlso,
    MissionStatement,
}

impl Furniture {
    /// Kinds that only ever appear in a page's chrome, never in a story: their
    /// presence is what marks a trailing block as the footer.
    fn marks_footer(self) -> bool {
        matches!(
            self,
            Self::Copyright | Self::Contact | Self::Logo | Self::LoginNotice
        )
    }
}

#[derive(Debug)]
struct Line {
    text: String,
    furniture: Option<Furniture>,
    dropped: bool,
}

impl Line {
    fn new(raw: &str) -> Self {
        let text = squeeze(&remove_emphasis(raw));
        let text = strip_metadata_stamp(&text).to_owned();
        let text = restore_sentence_spaces(&text);
        let furniture = line_furniture(&text);
        let text = if furniture.is_some() {
            text
        } else {
            squeeze(&remove_inline_furniture(&text))
        };
        Self {
            dropped: furniture.is_some(),
            text,
            furniture,
        }
    }

    fn is_blank(&self) -> bool {
        self.text.is_empty()
    }
}

// ---------------------------------------------------------------------------
// Characters and spaces

fn normalize_chars(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' | '\u{000B}' | '\u{000C}' | '\u{0085}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            // Invisible: they would split words for search and spans for no visible reason.
            '\u{00AD}' | '\u{200B}' | '\u{2060}' | '\u{FEFF}' => {}
            c if c.is_whitespace() => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.nfc().collect()
}

/// Trims and collapses runs of spaces to one.
fn squeeze(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Removes markdown emphasis runs (`**`, `***`); a single `*` (a footnote) stays.
fn remove_emphasis(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '*' {
            let run = chars[i..].iter().take_while(|&&c| c == '*').count();
            if run >= 2 {
                // A space keeps "word**next" from gluing into one word.
                out.push(' ');
            } else {
                out.push('*');
            }
            i += run;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// Strips `prefix` from the start of `s`, ignoring case; returns the rest.
fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let mut rest = s.char_indices();
    for p in prefix.chars() {
        let (_, c) = rest.next()?;
        if !c.to_lowercase().eq(p.to_lowercase()) {
            return None;
        }
    }
    Some(rest.as_str())
}

/// Whether `word` is a numeric date: `2022-01`, `2022-01-29`, `29.01.2022`, `2022/01/29`.
fn is_numeric_date(word: &str) -> bool {
    let parts: Vec<&str> = word.split(['-', '.', '/']).collect();
    if !parts
        .iter()
        .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    let lens: Vec<usize> = parts.iter().map(|p| p.len()).collect();
    matches!(
        lens.as_slice(),
        [4, 2] | [4, 2, 2] | [1 | 2, 1 | 2, 4] | [1 | 2, 4]
    )
}

/// Removes a scraper's metadata stamp ("date 2022-01", "Дата: 29.01.2022")
/// from the start of a line.
fn strip_metadata_stamp(line: &str) -> &str {
    const LABELS: [&str; 4] = ["date", "дата", "published", "опубликовано"];
    for label in LABELS {
        let Some(rest) = strip_prefix_ci(line, label) else {
            continue;
        };
        let (rest, colon) = match rest.strip_prefix(':') {
            Some(r) => (r, true),
            None => (rest, false),
        };
        // "Dated", "датами": the label must be a whole word.
        if !colon && !rest.starts_with(' ') {
            continue;
        }
        let rest = rest.trim_start();
        let (word, after) = rest.split_once(' ').unwrap_or((rest, ""));
        if is_numeric_date(word) {
            return after.trim_start();
        }
    }
    line
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

fn is_closing_quote(c: char) -> bool {
    matches!(c, '»' | '”' | '’' | '"' | '\'' | ')' | ']')
}

fn is_opening_quote(c: char) -> bool {
    matches!(c, '«' | '“' | '„')
}

/// Inserts the space lost between two sentences: a lower-case letter or digit
/// (or any letter, then a closing bracket or quote), then terminal punctuation,
/// then a capital or an opening quote. Domains ("NewTimes.kz") and decimals ("3.5") do not match.
fn restore_sentence_spaces(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        out.push(c);
        i += 1;
        if !c.is_alphanumeric() {
            continue;
        }
        let run_end = chars[i..]
            .iter()
            .position(|&d| !(is_terminal(d) || is_closing_quote(d)))
            .map_or(chars.len(), |p| i + p);
        let run = &chars[i..run_end];
        let has_terminal = run.iter().any(|&d| is_terminal(d));
        // After a capital only a closing bracket or quote shows that a sentence
        // ended ("(ANC).In"); "U.S.A." is initials.
        let word_ended =
            c.is_lowercase() || c.is_ascii_digit() || run.iter().any(|&d| is_closing_quote(d));
        let starts_sentence = chars
            .get(run_end)
            .is_some_and(|&d| d.is_uppercase() || is_opening_quote(d));
        if has_terminal && word_ended && starts_sentence {
            // A straight quote that the line has not opened yet opens the
            // next sentence (`сказал."Нет` → `сказал. "Нет`), so the
            // space goes before it.
            let last = run_end - 1;
            let opens_next = chars[last] == '"'
                && last > i
                && chars[..last].iter().filter(|&&d| d == '"').count() % 2 == 0;
            let split = if opens_next { last } else { run_end };
            out.extend(&chars[i..split]);
            out.push(' ');
            i = split;
        }
    }
    out
}

// ---------------------------------------------------------------------------
// Whole furniture lines

const PHOTO_MARKERS: [&str; 8] = [
    "источник фото",
    "фото и видео",
    "фото",
    "photo credit",
    "photo source",
    "photos",
    "photo",
    "foto",
];

const READ_ALSO_MARKERS: [&str; 10] = [
    "читать по теме",
    "читайте по теме",
    "читайте также",
    "читать также",
    "смотрите также",
    "см. также",
    "read also",
    "read more",
    "also read",
    "see also",
];

/// If `line` opens with one of `markers` as a whole word, the rest after it.
fn after_marker<'a>(line: &'a str, markers: &[&str]) -> Option<&'a str> {
    markers.iter().find_map(|m| {
        let rest = strip_prefix_ci(line, m)?;
        match rest.chars().next() {
            None => Some(rest),
            Some(c) if !c.is_alphanumeric() => Some(rest),
            Some(_) => None,
        }
    })
}

/// Whether `line` is a label line: a marker followed by a separator
/// ("Фото: …", "Photo — …"), or by a few words that do not form a sentence
/// ("Фото пресс-службы Акорды", "Читайте также Токаев провёл встречу").
fn is_labelled_line(line: &str, markers: &[&str]) -> bool {
    let Some(rest) = after_marker(line, markers) else {
        return false;
    };
    let rest = rest.trim_start();
    let ends_sentence = line
        .trim_end_matches(is_closing_quote)
        .ends_with(is_terminal);
    rest.is_empty()
        || rest.starts_with([':', '—', '–', '-', '©', '/', '|'])
        || (!ends_sentence && word_count(line) <= 12)
}

fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Whether the line holds an e-mail address, or the placeholder left where a
/// site's e-mail obfuscation replaced one.
fn has_email(line: &str) -> bool {
    if line.to_lowercase().contains("[email protected]") {
        return true;
    }
    line.split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | ',' | ';'))
        .any(is_email)
}

fn is_email(word: &str) -> bool {
    let word = word.trim_end_matches(['.', ':']);
    let Some((local, domain)) = word.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-' | '+' | '%'));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
        && labels
            .last()
            .is_some_and(|tld| tld.chars().count() >= 2 && tld.chars().all(char::is_alphabetic));
    local_ok && domain_ok
}

fn contains_any(haystack: &str, needles: &[&str]) -> bool {
    needles.iter().any(|n| haystack.contains(n))
}

/// Classifies a whole (cleaned, trimmed) line as furniture.
fn line_furniture(line: &str) -> Option<Furniture> {
    if line.is_empty() {
        return None;
    }
    let len = char_len(line);
    let lower = line.to_lowercase();
    let short = len <= SHORT_LINE;
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();

    if short && is_labelled_line(line, &PHOTO_MARKERS) {
        return Some(Furniture::PhotoCaption);
    }
    if short && is_labelled_line(line, &READ_ALSO_MARKERS) {
        return Some(Furniture::ReadAlso);
    }
    if short
        && (line.contains('©')
            || lower.starts_with("copyright")
            || lower.starts_with("(c) ")
            || contains_any(
                &lower,
                &[
                    "all rights reserved",
                    "все права защищены",
                    "все права сохранены",
                    "барлық құқықтар қорғалған",
                ],
            ))
    {
        return Some(Furniture::Copyright);
    }
    if short && has_email(line) {
        return Some(Furniture::Contact);
    }
    if matches!(
        words.as_slice(),
        ["logo"] | ["логотип"] | ["лого"] | ["site", "logo"]
    ) {
        return Some(Furniture::Logo);
    }
    let asks_to_log_in = contains_any(
        &lower,
        &[
            "login",
            "log in",
            "sign in",
            "sign up",
            "войдите",
            "войти",
            "авторизуйтесь",
            "зарегистрируйтесь",
        ],
    );
    if short && asks_to_log_in && contains_any(&lower, &["comment", "коммент"]) {
        return Some(Furniture::LoginNotice);
    }
    let about_the_site = matches!(
        words.as_slice(),
        ["миссия", "портала" | "сайта" | "издания" | "редакции", ..]
            | ["our", "mission", ..]
            | ["the", "mission", "of", "our", ..]
            | ["о", "нас"]
            | ["about", "us"]
    );
    if len <= SITE_TALK_LINE && about_the_site {
        return Some(Furniture::MissionStatement);
    }
    None
}

/// Whether a line talks about the site rather than the story: it opens with a
/// domain name ("country-kz.com публикует …") or speaks of the portal, its
/// editors or its journalists. Only ever dropped inside a footer block.
fn is_site_talk(line: &str) -> bool {
    if char_len(line) > SITE_TALK_LINE {
        return false;
    }
    let first = line.split(' ').next().unwrap_or_default();
    let opens_with_domain = first.contains('.')
        && first.split('.').count() >= 2
        && first
            .split('.')
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'))
        && first
            .rsplit('.')
            .next()
            .is_some_and(|tld| tld.chars().count() >= 2 && tld.chars().all(char::is_lowercase));
    let lower = line.to_lowercase();
    opens_with_domain
        || contains_any(
            &lower,
            &[
                "портал",
                "portal",
                "материалов сайта",
                "наш сайт",
                "нашего сайта",
                "our site",
                "our website",
                "this site",
                "this website",
                "редакци",
                "editorial office",
                "наши журналисты",
                "our journalists",
                "подписывайтесь",
                "subscribe",
                "follow us",
            ],
        )
}

/// Drops the trailing block of footer lines, if it is one.
fn mark_footer(lines: &mut [Line]) {
    let mut start = lines.len();
    let mut is_footer = false;
    while start > 0 {
        let line = &lines[start - 1];
        let belongs = line.is_blank() || line.furniture.is_some() || is_site_talk(&line.text);
        if !belongs {
            break;
        }
        is_footer |= line.furniture.is_some_and(Furniture::marks_footer);
        start -= 1;
    }
    if is_footer {
        for line in &mut lines[start..] {
            line.dropped = true;
        }
    }
}

// ---------------------------------------------------------------------------
// Furniture inside a paragraph

/// Whether the gap between `prev` and `next` (two words) is where a new
/// sentence starts although no punctuation says so. `after_period` also
/// accepts a word ending in a full stop ("Reuters." in a credit).
fn starts_unmarked_sentence(prev: &str, next: &str, after_period: bool) -> bool {
    let prev_end = prev.chars().last();
    let ends_in_word = prev_end.is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
        || (after_period && prev_end == Some('.'));
    let next_start = next.chars().next();
    ends_in_word && next_start.is_some_and(|c| c.is_uppercase() || is_opening_quote(c))
}

/// Where inline furniture's text ends: the number of leading words of `words`
/// that belong to it, or `None` if it cannot be told.
fn furniture_extent(words: &[&str], max_words: usize, after_period: bool) -> Option<usize> {
    if words.is_empty() {
        return None;
    }
    for k in 1..words.len().min(max_words + 1) {
        if starts_unmarked_sentence(words[k - 1], words[k], after_period) {
            return Some(k);
        }
    }
    // The furniture runs to the end of the line.
    (words.len() <= max_words).then_some(words.len())
}

/// Byte offsets in `line` where a capitalised `marker` + `:` starts a word.
fn find_labelled_marker(line: &str, markers: &[&str]) -> Option<(usize, usize)> {
    for (start, c) in line.char_indices() {
        let at_word_start = start == 0 || line[..start].ends_with(' ');
        if !at_word_start || !c.is_uppercase() {
            continue;
        }
        for m in markers {
            if let Some(rest) = strip_prefix_ci(&line[start..], m)
                && let Some(after) = rest.trim_start().strip_prefix(':')
            {
                return Some((start, line.len() - after.len()));
            }
        }
    }
    None
}

/// Byte offset in `prefix` where its last sentence starts.
fn last_sentence_start(prefix: &str) -> usize {
    let chars: Vec<(usize, char)> = prefix.char_indices().collect();
    // Ignore the prefix's own closing punctuation: we look for the sentence before it.
    let mut end = chars.len();
    while end > 0 && (is_terminal(chars[end - 1].1) || is_closing_quote(chars[end - 1].1)) {
        end -= 1;
    }
    for i in (1..end).rev() {
        let (offset, c) = chars[i];
        if c == ' ' && (is_terminal(chars[i - 1].1) || is_closing_quote(chars[i - 1].1)) {
            let mut j = i - 1;
            while j > 0 && is_closing_quote(chars[j].1) {
                j -= 1;
            }
            if is_terminal(chars[j].1) {
                return offset + 1;
            }
        }
    }
    0
}

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// Removes one inline photo credit or "read also" link, if the line has one
/// whose extent can be told.
fn remove_one_inline(line: &str) -> Option<String> {
    if let Some((start, after)) = find_labelled_marker(line, &PHOTO_MARKERS) {
        let rest: Vec<&str> = line[after..].split_whitespace().collect();
        if let Some(credit) = furniture_extent(&rest, MAX_CREDIT_WORDS, true) {
            let prefix = line[..start].trim_end();
            let caption_start = last_sentence_start(prefix);
            let keep_until = if word_count(&prefix[caption_start..]) <= MAX_CAPTION_WORDS {
                caption_start
            } else {
                prefix.len()
            };
            return Some(format!(
                "{} {}",
                &line[..keep_until],
                rest[credit..].join(" ")
            ));
        }
    }
    if let Some((start, after)) = find_labelled_marker(line, &READ_ALSO_MARKERS) {
        let rest: Vec<&str> = line[after..].split_whitespace().collect();
        let headline = furniture_extent(&rest, MAX_HEADLINE_WORDS, false)?;
        return Some(format!("{} {}", &line[..start], rest[headline..].join(" ")));
    }
    None
}

fn remove_inline_furniture(line: &str) -> String {
    let mut text = line.to_owned();
    // Each removal shortens the line, so this ends.
    while let Some(next) = remove_one_inline(&text) {
        let next = squeeze(&next);
        if next.len() >= text.len() {
            break;
        }
        text = next;
    }
    text
}

// ---------------------------------------------------------------------------
// Paragraphs

fn join_paragraphs(lines: Vec<String>) -> String {
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    for line in lines {
        let blank = line.is_empty();
        let after_blank = out.last().is_none_or(|l| l.is_empty());
        if blank && after_blank {
            continue;
        }
        out.push(line);
    }
    if out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn normalizes_line_breaks_spaces_and_invisible_characters() {
        let raw = "\u{FEFF}  Первая\u{00A0}\u{00A0}строка  \r\nвторая\tстрока\r\r\r\n\n\nтре\u{00AD}тья\u{200B}\n\n";
        assert_eq!(clean(raw), "Первая строка\nвторая строка\n\nтретья");
    }

    #[test]
    fn composes_to_nfc() {
        // "й" written as "и" + combining breve.
        assert_eq!(
            clean("Касым-Жомарт Токае\u{0438}\u{0306}"),
            "Касым-Жомарт Токаей"
        );
        assert_eq!(clean("Cafe\u{0301}"), "Café");
    }

    #[test]
    fn keeps_one_blank_line_between_paragraphs_and_none_at_the_ends() {
        assert_eq!(clean("\n\n\nA\n\n\n\nB\nC\n\n\n"), "A\n\nB\nC");
        assert_eq!(clean(""), "");
        assert_eq!(clean("\n \n\t\n"), "");
    }

    #[test]
    fn removes_emphasis_markers_but_not_a_single_asterisk() {
        assert_eq!(
            clean("** The lead of the story. **"),
            "The lead of the story."
        );
        assert_eq!(clean("***Lead***"), "Lead");
        assert_eq!(clean("Footnote* stays"), "Footnote* stays");
    }

    #[test]
    fn removes_a_leading_metadata_stamp() {
        assert_eq!(
            clean(" date 2022-01 Правозащитники сделали"),
            "Правозащитники сделали"
        );
        assert_eq!(clean("Дата: 29.01.2022\nТекст"), "Текст");
        assert_eq!(clean("Date 2022-01-29 Text"), "Text");
        // Not a stamp: no date, or the label is part of a longer word.
        assert_eq!(
            clean("Date of the meeting is unknown"),
            "Date of the meeting is unknown"
        );
        assert_eq!(clean("Dated 2022-01 letters"), "Dated 2022-01 letters");
    }

    #[test]
    fn a_straight_quote_after_a_lost_space_opens_the_next_sentence() {
        assert_eq!(
            clean("Так сообщили в пресс-службе.\"Нет, не получали\", - сказал он."),
            "Так сообщили в пресс-службе. \"Нет, не получали\", - сказал он."
        );
        assert_eq!(
            clean("He said \"we won.\"Then he left."),
            "He said \"we won.\" Then he left."
        );
    }

    #[test]
    fn restores_the_space_lost_between_sentences() {
        assert_eq!(clean("угрозы».Токаев назвал"), "угрозы». Токаев назвал");
        assert_eq!(clean("accountable.HRW also"), "accountable. HRW also");
        assert_eq!(clean("threat.”In mid"), "threat.” In mid");
        assert_eq!(clean("happened.“I do not"), "happened. “I do not");
        assert_eq!(
            clean("Kazakhstan (ANC).In addition"),
            "Kazakhstan (ANC). In addition"
        );
        // Domains, decimals, initials and abbreviations stay as written.
        assert_eq!(
            clean("ИА NewTimes.kz и Vласть.kz"),
            "ИА NewTimes.kz и Vласть.kz"
        );
        assert_eq!(
            clean("3.5 million, U.S.A. and e.g. this"),
            "3.5 million, U.S.A. and e.g. this"
        );
    }

    #[test]
    fn drops_photo_caption_lines() {
        assert_eq!(
            clean("Текст.\n\nФото: пресс-служба МИД РК\n\nЕщё текст."),
            "Текст.\n\nЕщё текст."
        );
        assert_eq!(clean("A\nPhoto: Reuters/Pavel Mikheyev\nB"), "A\nB");
        assert_eq!(clean("A\nИсточник фото: akorda.kz\nB"), "A\nB");
        assert_eq!(clean("A\nФото пресс-службы Акорды\nB"), "A\nB");
        // A sentence that only starts with the same letters, or with the
        // same word, is not a caption.
        assert_eq!(
            clean("Photo exhibitions opened in Almaty."),
            "Photo exhibitions opened in Almaty."
        );
        assert_eq!(
            clean("Photographs of the detainees circulated."),
            "Photographs of the detainees circulated."
        );
        assert_eq!(
            clean("Фотографии задержанных опубликованы."),
            "Фотографии задержанных опубликованы."
        );
    }

    #[test]
    fn drops_copyright_lines() {
        assert_eq!(
            clean("Story.\nCopyright © 2011-2025 . http://example.com."),
            "Story."
        );
        assert_eq!(clean("Story.\n© Reuters"), "Story.");
        assert_eq!(
            clean("Story.\n2022 Example Media. All rights reserved."),
            "Story."
        );
        assert_eq!(clean("Story.\nВсе права защищены."), "Story.");
    }

    #[test]
    fn drops_short_lines_with_an_email_address() {
        assert_eq!(clean("Story.\n\ninfo@example.kz"), "Story.");
        assert_eq!(
            clean("Story.\nНаш e-mail: [email\u{00A0}protected]"),
            "Story."
        );
        assert_eq!(
            clean("Story.\nWrite to us: editor@news.example.com."),
            "Story."
        );
        // "@" alone is not an address.
        assert_eq!(clean("Story @ noon."), "Story @ noon.");
    }

    #[test]
    fn drops_a_lone_logo_line() {
        assert_eq!(clean("logo\nStory."), "Story.");
        assert_eq!(clean("Story.\nЛоготип"), "Story.");
        assert_eq!(clean("The logo was changed."), "The logo was changed.");
    }

    #[test]
    fn drops_login_notices_of_comment_widgets() {
        assert_eq!(
            clean(
                "Story.\n\nFacebook Notice for EU! You need to login to view and post FB Comments!"
            ),
            "Story."
        );
        assert_eq!(
            clean("Story.\nВойдите, чтобы оставить комментарий"),
            "Story."
        );
    }

    #[test]
    fn drops_read_also_lines() {
        assert_eq!(
            clean("A.\nЧитайте также: Токаев провёл встречу\nB."),
            "A.\nB."
        );
        assert_eq!(clean("A.\nRead also: HRW report\nB."), "A.\nB.");
    }

    #[test]
    fn drops_a_portal_mission_statement() {
        let raw = "Story.\n\nМиссия портала Example - заключается в продвижении ценностей.";
        assert_eq!(clean(raw), "Story.");
        // Somebody else's mission is news.
        let news = "Миссия ОБСЕ в Казахстане продолжит работу.";
        assert_eq!(clean(news), news);
    }

    #[test]
    fn drops_the_footer_block_with_the_lines_about_the_site() {
        let raw = "Story ends here.\n\nlogo\n\nexample.com публикует новости региона.\n\nНаши журналисты работают честно\n\nCopyright © 2011-2025";
        assert_eq!(clean(raw), "Story ends here.");
        // Without footer marks a final line about a portal is the story's own.
        let story = "The ministry launched a portal for complaints.";
        assert_eq!(clean(story), story);
    }

    #[test]
    fn removes_an_inline_photo_credit_with_its_caption() {
        let raw = "Тело увезли на родину. Митинги в Казахстане Митинг в Алматы. Фото: Vласть.kz В соседнем Казахстане шли протесты.";
        assert_eq!(
            clean(raw),
            "Тело увезли на родину. В соседнем Казахстане шли протесты."
        );
        // A long sentence before the credit is not a caption.
        let raw = "Protesters gathered on the central square of the city for the third day in a row. Photo: Reuters The police watched.";
        assert_eq!(
            clean(raw),
            "Protesters gathered on the central square of the city for the third day in a row. The police watched."
        );
    }

    #[test]
    fn removes_an_inline_read_also_link() {
        let raw = "Его освободили. Читать по теме: «Я очень рад, что жив». Он рассказал, почему оговорил себя «Есть основания полагать», — добавили они.";
        assert_eq!(
            clean(raw),
            "Его освободили. «Есть основания полагать», — добавили они."
        );
    }

    #[test]
    fn leaves_inline_furniture_whose_end_cannot_be_told() {
        let raw = "Текст. Читать по теме: ".to_owned() + &"слово ".repeat(40);
        assert_eq!(clean(&raw), squeeze(&raw));
    }

    #[test]
    fn keeps_quotation_marks_as_they_are() {
        let raw = "«Мы приветствуем», – подчеркнул он. “Quote” and \"quote\" and ‘quote’.";
        assert_eq!(clean(raw), raw);
    }

    fn arbitrary_article() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            "\\PC{0,30}",
            Just("Фото: пресс-служба".to_owned()),
            Just("Фото:".to_owned()),
            Just("Читать по теме: ".to_owned()),
            Just("Read also:".to_owned()),
            Just("©".to_owned()),
            Just("logo".to_owned()),
            Just("a@b.kz".to_owned()),
            Just("**".to_owned()),
            Just(" date 2022-01 ".to_owned()),
            Just(". ".to_owned()),
            Just(".".to_owned()),
            Just("»".to_owned()),
            Just("«".to_owned()),
            Just("Слово".to_owned()),
            Just("word".to_owned()),
            Just("portal".to_owned()),
            Just("example.com".to_owned()),
            Just("\n".to_owned()),
            Just("\r\n".to_owned()),
            Just("\n\n".to_owned()),
            Just(" ".to_owned()),
            Just("\u{00A0}".to_owned()),
            Just("\u{0306}".to_owned()),
            Just("\t".to_owned()),
        ];
        prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
    }

    proptest! {
        #[test]
        fn cleaning_is_idempotent(raw in arbitrary_article()) {
            let once = clean(&raw);
            prop_assert_eq!(clean(&once), once);
        }

        #[test]
        fn cleaning_arbitrary_text_is_idempotent(raw in "\\PC{0,200}") {
            let once = clean(&raw);
            prop_assert_eq!(clean(&once), once);
        }

        #[test]
        fn lines_are_trimmed_and_blank_lines_single(raw in arbitrary_article()) {
            let body = clean(&raw);
            for line in body.split('\n') {
                prop_assert_eq!(line.trim(), line);
                prop_assert!(!line.contains("  "));
            }
            prop_assert!(!body.contains("\n\n\n"));
            prop_assert!(!body.starts_with('\n') && !body.ends_with('\n'));
            prop_assert!(!body.contains('\r'));
        }
    }
}
