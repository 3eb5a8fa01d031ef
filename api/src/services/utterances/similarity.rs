//! How alike two reports are, as the linker judges whether they report the
//! same act of saying. Pure functions of the statements' text and of what
//! the store derived from it (subjects and topics): no database here.
//!
//! - In the same language, the words of the two texts as stemmed search
//!   terms (`claimgraph_text::query_terms`, the index's own rules),
//!   compared by containment: the share of the shorter text's words the
//!   other has. A quote and a paraphrase of it, a quote cut short, a
//!   sentence reordered all keep most of the shorter one's words. What
//!   frames speech (persons, verbs of saying, modals) is left out: it is
//!   what a quotation and the lead restating it do not share.
//! - Across languages, only what survives translation: the registry
//!   speakers and organizations named (mentions), names in either script
//!   (capitalised words, folded so that "Токаева" and "Tokayev" meet, and
//!   the peoples and adjectives of places, "израильтяне" and "Israelis"
//!   meeting "Israel"), numbers, months and dates, topics and concepts;
//!   each kind weighted by how much it tells (a figure or a date says more
//!   than a shared topic).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use text::{fold, name_key, query_terms, search_terms};

use crate::services::store::Subject;

/// What survives translation: the features cross-language similarity compares.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Anchor {
    /// A registry speaker or organization the statement names.
    Subject(Subject),
    /// A capitalised word not opening a sentence, as a folded name key.
    Name(String),
    /// A figure of two digits or more, separators dropped ("4,500" is 4500).
    Number(u64),
    /// A day of a month ("5 января", "January 5").
    Day(u32, u32),
    /// A month named without a day.
    Month(u32),
    /// A topic of the statement.
    Topic(i64),
    /// A concept of the bilingual vocabulary ([`super::lexicon`]).
    Concept(&'static str),
}

impl Anchor {
    /// How much sharing it says: names, figures and days say most.
    fn weight(&self) -> f64 {
        match self {
            Anchor::Subject(_) | Anchor::Name(_) => 1.0,
            Anchor::Number(_) | Anchor::Day(..) => 1.5,
            Anchor::Month(_) | Anchor::Topic(_) => 0.5,
            Anchor::Concept(c) if super::lexicon::is_common(c) => 0.25,
            Anchor::Concept(_) => 1.0,
        }
    }

    /// Whether it is specific enough to found a link on: a shared topic or
    /// month alone is what any two statements of a story share.
    fn is_specific(&self) -> bool {
        !matches!(
            self,
            Anchor::Month(_) | Anchor::Topic(_) | Anchor::Concept(_)
        )
    }
}

/// A statement's text as the linker compares it.
#[derive(Debug, Clone, Default)]
pub struct Features {
    /// Stemmed search terms (same-language comparison): every form of
    /// every word.
    pub terms: BTreeSet<String>,
    /// The words that say what was said, each as the terms it may stand
    /// for, each once (see [`terms_similarity`]).
    pub words: Vec<BTreeSet<String>>,
    /// What survives translation (cross-language comparison).
    pub anchors: BTreeSet<Anchor>,
    /// The name skeletons under which the other report may write a name or
    /// subject anchor: "Israelis" may be "израильтяне" (the people) or
    /// "Израиль" (the country), a registry organization any of its aliases.
    pub forms: BTreeMap<Anchor, BTreeSet<String>>,
    /// Words that may be names but are not written as such, each as the
    /// name skeletons it may stand for: Russian writes peoples and the
    /// adjectives of places in lowercase ("палестинцы", "сирийского"), and
    /// a capitalised word opening a sentence may be a name or not. They
    /// count only when the other report names them (see
    /// [`anchor_similarity`]), so a common word costs nothing.
    pub hints: Vec<BTreeSet<String>>,
}

impl Features {
    /// The features of a statement: its text, the subjects it names (with
    /// the name keys of each one's aliases) and its topics. `own_names` are
    /// name keys of its own speaker and organization, left out of the
    /// anchors (every report of an utterance shares its speaker; naming
    /// them says nothing more).
    pub fn of(
        text: &str,
        subjects: impl IntoIterator<Item = (Subject, BTreeSet<String>)>,
        topics: impl IntoIterator<Item = i64>,
        own_names: &BTreeSet<String>,
    ) -> Self {
        let words = content_words(text);
        let terms = words.iter().flatten().cloned().collect();
        let mut forms: BTreeMap<Anchor, BTreeSet<String>> = BTreeMap::new();
        let mut anchors: BTreeSet<Anchor> = BTreeSet::new();
        for (subject, keys) in subjects {
            // Only one-word names ("Israel", "ООН", "Reuters"): a word of a
            // longer one ("Kazakhstan" of "the Government of Kazakhstan")
            // names something else as well.
            let skeletons: BTreeSet<String> = keys
                .iter()
                .filter(|k| !k.contains(' ') && !k.is_empty())
                .map(|k| skeleton(k))
                .collect();
            anchors.insert(Anchor::Subject(subject));
            forms
                .entry(Anchor::Subject(subject))
                .or_default()
                .extend(skeletons);
        }
        anchors.extend(topics.into_iter().map(Anchor::Topic));
        let own: BTreeSet<String> = own_names
            .iter()
            .flat_map(|k| k.split(' '))
            .filter(|w| !w.is_empty())
            .map(skeleton)
            .collect();
        let surface = surface_anchors(text, own_names);
        for (anchor, names) in surface.anchors {
            // A name the mentions already found is that subject, not a
            // second anchor: one word counts once.
            if let Anchor::Name(key) = &anchor
                && forms.values().any(|f| f.contains(key))
            {
                continue;
            }
            if !names.is_empty() {
                forms.entry(anchor.clone()).or_default().extend(names);
            }
            anchors.insert(anchor);
        }
        anchors.extend(
            super::lexicon::concepts(text)
                .into_iter()
                .map(Anchor::Concept),
        );
        let named: BTreeSet<&String> = forms.values().flatten().collect();
        let mut hints: Vec<BTreeSet<String>> = Vec::new();
        for hint in surface.hints {
            if hint.iter().any(|h| own.contains(h) || named.contains(h)) || hints.contains(&hint) {
                continue;
            }
            hints.push(hint);
        }
        Features {
            terms,
            words,
            anchors,
            forms,
            hints,
        }
    }

    /// Every name skeleton this report writes or may write.
    fn names(&self) -> BTreeSet<&str> {
        self.forms
            .values()
            .chain(self.hints.iter())
            .flatten()
            .map(String::as_str)
            .collect()
    }
}

/// Same-language similarity: the share of the shorter text's words (by
/// count of words) that the other text has, in any of their forms; 0 when
/// the shorter has fewer than [`MIN_TERMS`]. A quote and a paraphrase of
/// it, a quote cut short, a sentence reordered all keep most of the shorter
/// one's words. Words are compared after `content_words` dropped what
/// frames speech ("I", "he said", "can", "therefore"): what differs between
/// a quotation and the lead that restates it.
pub fn terms_similarity(a: &Features, b: &Features) -> f64 {
    let contained = |short: &Features, long: &Features| {
        let n = short.words.len();
        if n < MIN_TERMS {
            return 0.0;
        }
        let shared = short
            .words
            .iter()
            .filter(|w| w.iter().any(|t| long.terms.contains(t)))
            .count();
        shared as f64 / n as f64
    };
    match a.words.len().cmp(&b.words.len()) {
        std::cmp::Ordering::Less => contained(a, b),
        std::cmp::Ordering::Greater => contained(b, a),
        std::cmp::Ordering::Equal => contained(a, b).max(contained(b, a)),
    }
}

/// Too few words to tell one sentence from another.
pub const MIN_TERMS: usize = 4;

/// Words that frame speech instead of saying what was said: persons
/// ("I" in a quotation is "he" in the lead), verbs of saying, modal verbs,
/// particles and connectives. The index keeps them (one may search for
/// them); the linker does not compare them.
#[rustfmt::skip]
const FRAMING: &[&str] = &[
    // English
    "i", "me", "my", "we", "us", "our", "you", "your", "he", "him", "his", "she", "her", "they",
    "them", "their", "said", "say", "says", "told", "tell", "added", "noted", "stressed",
    "according", "can", "cannot", "could", "will", "would", "shall", "should", "may", "might",
    "not", "no", "yes", "also", "therefore", "however", "already", "which", "who", "whom",
    "there", "then", "if", "but", "so", "do", "does", "did", "been", "being", "had", "these",
    "those",
    // Russian
    "я", "меня", "мне", "мной", "мы", "нас", "нам", "нами", "ты", "вы", "вас", "вам", "он",
    "его", "ему", "им", "она", "ее", "её", "ей", "они", "их", "ими", "заявил", "заявила",
    "заявили", "сказал", "сказала", "сказали", "отметил", "отметила", "отметили", "добавил",
    "добавила", "подчеркнул", "подчеркнула", "сообщил", "сообщила", "словам", "могу", "может",
    "можем", "могут", "мог", "могла", "могли", "нет", "да", "также", "тоже", "поэтому",
    "однако", "уже", "еще", "ещё", "который", "которая", "которые", "которых", "котором",
    "которой", "том", "тот", "та", "те", "бы", "ли", "ни", "но", "или", "если", "будет",
    "будут", "был", "была", "были", "быть", "эти", "этот", "эта", "этого", "этой", "этих",
    "этим",
];

/// Russian verbal prefixes that make a perfective of the same verb
/// ("прокомментировать", "комментировать"): a word starting with one also
/// stands for the rest of it, when that is long enough to be a stem.
const RUSSIAN_PREFIXES: [&str; 11] = [
    "пере", "про", "при", "под", "раз", "рас", "по", "за", "вы", "на", "от",
];

/// The words of `text` the linker compares, each as the stemmed terms it
/// may stand for (`claimgraph_text::query_terms`, the index's own rules,
/// and a perfective verb's stem without its prefix), framing words left
/// out, each word once.
fn content_words(text: &str) -> Vec<BTreeSet<String>> {
    static FRAMING_TERMS: std::sync::LazyLock<BTreeSet<String>> =
        std::sync::LazyLock::new(|| FRAMING.iter().flat_map(|w| search_terms(w)).collect());
    let mut words: Vec<BTreeSet<String>> = Vec::new();
    for forms in query_terms(text) {
        if forms.iter().any(|t| FRAMING_TERMS.contains(t)) {
            continue;
        }
        let mut set: BTreeSet<String> = forms.into_iter().collect();
        let unprefixed: Vec<String> = set
            .iter()
            .filter_map(|t| {
                RUSSIAN_PREFIXES.iter().find_map(|p| {
                    t.strip_prefix(p)
                        .filter(|rest| rest.chars().count() >= 6)
                        .map(str::to_owned)
                })
            })
            .collect();
        set.extend(unprefixed);
        if !words.iter().any(|w| !w.is_disjoint(&set)) {
            words.push(set);
        }
    }
    words
}

/// Cross-language similarity: the weight of one report's anchors that the
/// other shares over the weight of all its anchors, for whichever of the
/// two this is higher (the lighter, less detailed report); 0 unless they
/// share at least two anchors, one of them specific (a name, figure, day or
/// subject) or three of them concepts.
///
/// An anchor is shared when the other report has it, or (a name or a
/// subject) writes it under one of its forms: "Israel" the organization
/// in one report is "Израиль" the name in the other. A hint (a word that
/// may be a name) counts, as a name, only when the other report writes
/// that name; unmatched it weighs nothing.
pub fn anchor_similarity(a: &Features, b: &Features) -> f64 {
    let (ab, ba) = (Overlap::of(a, b), Overlap::of(b, a));
    let count = ab.count.max(ba.count);
    let concepts = ab.concepts.max(ba.concepts);
    let shared_weight = ab.shared.max(ba.shared);
    let specific = ab.specific || ba.specific;
    if count < 2 || !(specific || (concepts >= MIN_CONCEPTS && shared_weight >= MIN_CONCEPT_WEIGHT))
    {
        return 0.0;
    }
    let ratio = |o: &Overlap| {
        if o.total == 0.0 {
            0.0
        } else {
            o.shared / o.total
        }
    };
    ratio(&ab).max(ratio(&ba)).min(1.0)
}

/// How much of one report's anchors the other shares.
struct Overlap {
    /// The weight of the shared anchors (and matched hints).
    shared: f64,
    /// The weight of all its anchors (and matched hints).
    total: f64,
    /// How many are shared.
    count: usize,
    /// Shared concepts that are not common ones.
    concepts: usize,
    /// Whether a shared one is specific (a name, figure, day or subject).
    specific: bool,
}

impl Overlap {
    fn of(mine: &Features, theirs: &Features) -> Self {
        let names = theirs.names();
        let mut o = Overlap {
            shared: 0.0,
            total: 0.0,
            count: 0,
            concepts: 0,
            specific: false,
        };
        for anchor in &mine.anchors {
            let weight = anchor.weight();
            o.total += weight;
            let shared = theirs.anchors.contains(anchor)
                || mine
                    .forms
                    .get(anchor)
                    .is_some_and(|f| f.iter().any(|n| names.contains(n.as_str())));
            if shared {
                o.shared += weight;
                o.count += 1;
                o.specific |= anchor.is_specific();
                o.concepts += usize::from(
                    matches!(anchor, Anchor::Concept(c) if !super::lexicon::is_common(c)),
                );
            }
        }
        for hint in &mine.hints {
            if hint.iter().any(|n| names.contains(n.as_str())) {
                o.shared += 1.0;
                o.total += 1.0;
                o.count += 1;
                o.specific = true;
            }
        }
        o
    }
}

/// Shared concepts (not common ones) that found a link without a name,
/// figure or date, and the least weight of all shared anchors then.
pub const MIN_CONCEPTS: usize = 2;
pub const MIN_CONCEPT_WEIGHT: f64 = 2.5;

/// A token of the text: a word or a number, and whether it opens a sentence.
struct Token<'a> {
    word: &'a str,
    opens_sentence: bool,
}

fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut opens = true;
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() || (c == '-' && start.is_some()) {
            if start.is_none() {
                start = Some(i);
            }
            continue;
        }
        if let Some(s) = start.take() {
            out.push(Token {
                word: text[s..i].trim_end_matches('-'),
                opens_sentence: opens,
            });
            opens = false;
        }
        if matches!(c, '.' | '!' | '?' | '\n' | ':' | '«' | '"' | '“' | '„') {
            opens = true;
        }
    }
    if let Some(s) = start {
        out.push(Token {
            word: text[s..].trim_end_matches('-'),
            opens_sentence: opens,
        });
    }
    out
}

/// What [`surface_anchors`] reads off the text.
struct Surface {
    /// Names (with the skeletons they may stand for), figures and dates.
    anchors: Vec<(Anchor, BTreeSet<String>)>,
    /// Words that may be names (see [`Features::hints`]).
    hints: Vec<BTreeSet<String>>,
}

/// Names, figures and dates as the text writes them, and the words that
/// may be names.
fn surface_anchors(text: &str, own_names: &BTreeSet<String>) -> Surface {
    let tokens = tokens(text);
    let mut anchors = Vec::new();
    let mut hints = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let word = tokens[i].word;
        if word.chars().all(|c| c.is_ascii_digit()) {
            // "4,500", "4 500": groups of three digits after a separator
            // join the figure before them.
            let mut digits = word.to_owned();
            let mut j = i + 1;
            while j < tokens.len()
                && tokens[j].word.len() == 3
                && tokens[j].word.chars().all(|c| c.is_ascii_digit())
                && separated_by_group_mark(text, tokens[j - 1].word, tokens[j].word)
            {
                digits.push_str(tokens[j].word);
                j += 1;
            }
            let value: Option<u64> = digits.parse().ok();
            let day = value.filter(|v| (1..=31).contains(v) && j == i + 1);
            // "5 января" or "January 5".
            let next_month = tokens.get(j).and_then(|t| text::month_of(t.word));
            let previous_month = i
                .checked_sub(1)
                .and_then(|p| tokens.get(p))
                .and_then(|t| text::month_of(t.word));
            match (day, next_month.or(previous_month)) {
                (Some(d), Some(m)) => anchors.push((Anchor::Day(m, d as u32), BTreeSet::new())),
                _ => {
                    if let Some(v) = value.filter(|v| *v >= 10) {
                        anchors.push((Anchor::Number(v), BTreeSet::new()));
                    }
                }
            }
            i = j;
            continue;
        }
        let capitalised = word.chars().next().is_some_and(char::is_uppercase);
        if let Some(m) = text::month_of(word).filter(|_| capitalised || !word.is_ascii()) {
            anchors.push((Anchor::Month(m), BTreeSet::new()));
        } else if capitalised && !tokens[i].opens_sentence && word.chars().count() >= 3 {
            let key = name_key(word);
            // A hyphenated name ("Касым-Жомарт") is two words of the key.
            let own = |k: &str| own_names.iter().any(|own| own.split(' ').any(|w| w == k));
            if !key.is_empty() && !key.split(' ').all(own) {
                anchors.push((Anchor::Name(skeleton(&key)), name_forms(word)));
            }
        } else if capitalised || !word.is_ascii() {
            let forms = name_forms(word);
            if !forms.is_empty() {
                hints.push(forms);
            }
        }
        i += 1;
    }
    // A day implies its month: drop the bare month it came with.
    let days: BTreeSet<u32> = anchors
        .iter()
        .filter_map(|(a, _)| match a {
            Anchor::Day(m, _) => Some(*m),
            _ => None,
        })
        .collect();
    anchors.retain(|(a, _)| !matches!(a, Anchor::Month(m) if days.contains(m)));
    Surface { anchors, hints }
}

/// English endings of the names of peoples and of adjectives of places
/// ("Palestinians", "Syrian", "Israeli", "Chinese"), longest first.
const ENGLISH_PEOPLE: [&str; 7] = ["ians", "ian", "ans", "an", "is", "i", "ese"];

/// Russian endings of the plural names of peoples ("палестинцы",
/// "израильтяне", "россиянам"), longest first.
const RUSSIAN_PEOPLE: [&str; 15] = [
    "тянами",
    "тянам",
    "тянах",
    "тяне",
    "тян",
    "янами",
    "янам",
    "янах",
    "яне",
    "цами",
    "цам",
    "цах",
    "цев",
    "цы",
    "ян",
];

/// Russian adjective endings after "-ск-" ("сирийского", "израильской").
const RUSSIAN_ADJECTIVE: [&str; 16] = [
    "ими", "ого", "ому", "ыми", "ий", "им", "ом", "ая", "ой", "ую", "ое", "ие", "их", "ый", "ые",
    "ых",
];

/// The name skeletons a word may stand for: its own, and that of the place
/// or people it is derived from ("Israelis", "израильтяне", "израильской"
/// all give "Israel"'s). A capitalised word opening a sentence gives its
/// own; a lowercase Russian word only a derived one (most lowercase words
/// are no names). Skeletons shorter than two letters tell nothing.
fn name_forms(word: &str) -> BTreeSet<String> {
    let mut stems: Vec<String> = Vec::new();
    let capitalised = word.chars().next().is_some_and(char::is_uppercase);
    if word.is_ascii() {
        let key = name_key(word);
        for ending in ENGLISH_PEOPLE {
            if let Some(stem) = key.strip_suffix(ending)
                && stem.len() >= 4
            {
                stems.push(stem.to_owned());
                break;
            }
        }
        stems.push(key);
    } else {
        let lower = word.to_lowercase().replace('ё', "е");
        if let Some(stem) = russian_place_stem(&lower) {
            stems.push(stem.to_owned());
        }
        if capitalised {
            stems.push(name_key(word));
        }
    }
    stems
        .iter()
        .map(|s| fold(s))
        .filter(|k| !k.is_empty() && !k.contains(' '))
        .map(|k| skeleton(&k))
        .filter(|k| k.chars().count() >= 2)
        .collect()
}

/// The stem of a Russian adjective of a place ("сирий" of "сирийского") or
/// of a people's name ("палестин" of "палестинцы"), at least four letters.
fn russian_place_stem(word: &str) -> Option<&str> {
    let long_enough = |stem: &str| stem.chars().count() >= 4;
    for ending in RUSSIAN_ADJECTIVE {
        if let Some(stem) = word
            .strip_suffix(ending)
            .and_then(|w| w.strip_suffix("ск"))
            .filter(|s| long_enough(s))
        {
            return Some(stem);
        }
    }
    RUSSIAN_PEOPLE
        .iter()
        .find_map(|ending| word.strip_suffix(ending).filter(|s| long_enough(s)))
}

/// A folded name reduced to what transliteration keeps: its consonants,
/// with the pairs schemes disagree on merged ("israel" and "izrail" are
/// "srl"; "gaza" and "gaz" are "gs").
fn skeleton(key: &str) -> String {
    let mut out = String::new();
    for c in key.chars().filter(|c| !"aeiouy'".contains(*c)) {
        let c = match c {
            'z' => 's',
            'c' | 'q' => 'k',
            'w' => 'v',
            'j' => 'i',
            other => other,
        };
        if !out.ends_with(c) {
            out.push(c);
        }
    }
    if out.is_empty() { key.to_owned() } else { out }
}

/// Whether `before` and `after` are one figure written with a thousands
/// separator (a comma, a thin or no-break space, a space) between them.
fn separated_by_group_mark(text: &str, before: &str, after: &str) -> bool {
    [",", " ", "\u{a0}", "\u{202f}", "\u{2009}"]
        .iter()
        .any(|mark| text.contains(&format!("{before}{mark}{after}")))
}

/// Whether two sets of name keys (a speaker's aliases, folded) may name
/// one person written in two scripts or two transliterations: a surname
/// (last word) whose consonants differ by at most one edit ("guterres",
/// "guterrish"), and, where both give a first name, first names that
/// start alike.
pub fn same_person(a: &BTreeSet<String>, b: &BTreeSet<String>) -> bool {
    a.iter().any(|x| b.iter().any(|y| names_match(x, y)))
}

fn names_match(a: &str, b: &str) -> bool {
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    let (Some(sa), Some(sb)) = (wa.last(), wb.last()) else {
        return false;
    };
    let consonants =
        |w: &str| -> Vec<char> { w.chars().filter(|c| !"aeiouy".contains(*c)).collect() };
    let (ca, cb) = (consonants(sa), consonants(sb));
    if ca.len() < 3 || cb.len() < 3 || sa.chars().next() != sb.chars().next() {
        return false;
    }
    if edit_distance(&ca, &cb) > 1 {
        return false;
    }
    // First names (the word before the surname: a title may come first),
    // where both give one: alike in their consonants too ("Volker",
    // "Фолькер" folded "folker").
    match (wa.len() > 1, wb.len() > 1) {
        (true, true) => {
            edit_distance(&consonants(wa[wa.len() - 2]), &consonants(wb[wb.len() - 2])) <= 1
        }
        _ => true,
    }
}

fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, x) in a.iter().enumerate() {
        let mut current = vec![i + 1];
        for (j, y) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(x != y);
            current.push(substitution.min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b.len()]
}

/// Name keys of a speaker's or organization's names, for [`Features::of`].
pub fn own_name_keys<'a>(names: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    names
        .into_iter()
        .map(name_key)
        .filter(|k| !k.is_empty())
        .collect()
}

/// The days a possibly partial date may stand for.
pub fn span(
    date: NaiveDate,
    precision: Option<entity::kinds::DatePrecision>,
) -> (NaiveDate, NaiveDate) {
    use entity::kinds::DatePrecision as P;
    match precision {
        Some(P::Day) | None => (date, date),
        Some(P::Month) => {
            let first = date.with_day(1).unwrap_or(date);
            let next = first
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(first);
            (first, next.pred_opt().unwrap_or(first))
        }
        Some(P::Year) => (
            NaiveDate::from_ymd_opt(date.year(), 1, 1).unwrap_or(date),
            NaiveDate::from_ymd_opt(date.year(), 12, 31).unwrap_or(date),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn features(text: &str) -> Features {
        Features::of(text, [], [], &BTreeSet::new())
    }

    #[test]
    fn a_quote_and_its_paraphrase_in_one_language_share_most_terms() {
        let quote = features("We will not allow an international inquiry into the events of March");
        let paraphrase = features(
            "He said they would not allow any international inquiry into the March events.",
        );
        let other = features("The ministry will publish the budget for the coming year in March.");
        assert!(terms_similarity(&quote, &paraphrase) >= super::super::SAME_LANGUAGE);
        assert!(terms_similarity(&quote, &other) < 0.4);
    }

    #[test]
    fn a_truncated_quote_is_contained_in_the_whole() {
        let whole =
            features("Мы не видим необходимости в международном расследовании, мы справимся сами");
        let cut = features("не видим необходимости в международном расследовании");
        assert_eq!(terms_similarity(&whole, &cut), 1.0);
    }

    #[test]
    fn figures_days_and_names_survive_translation() {
        let en = features("On March 14 the governor of Novgorod said 4,500 people had left Pskov.");
        let ru = features("По словам губернатора, 14 марта из Пскова уехали 4 500 человек.");
        assert!(en.anchors.contains(&Anchor::Day(3, 14)));
        assert!(ru.anchors.contains(&Anchor::Day(3, 14)));
        assert!(en.anchors.contains(&Anchor::Number(4500)));
        assert!(ru.anchors.contains(&Anchor::Number(4500)));
        assert!(
            ru.anchors
                .contains(&Anchor::Name(skeleton(&name_key("Пскова"))))
        );
        assert!(
            en.anchors
                .contains(&Anchor::Name(skeleton(&name_key("Pskov"))))
        );
        assert!(anchor_similarity(&en, &ru) >= 0.9);
    }

    #[test]
    fn a_shared_topic_and_month_alone_link_nothing() {
        let a = Features::of("Talks resumed in May.", [], [7], &BTreeSet::new());
        let b = Features::of("В мае переговоры сорвались.", [], [7], &BTreeSet::new());
        assert_eq!(anchor_similarity(&a, &b), 0.0);
    }

    #[test]
    fn the_speakers_own_name_is_no_anchor() {
        let own = own_name_keys(["Анна-Мария Петрова", "Anna-Maria Petrova"]);
        let f = Features::of(
            "Yesterday Petrova met Ivanov; Анна-Мария left.",
            [],
            [],
            &own,
        );
        assert!(
            !f.anchors
                .iter()
                .any(|a| matches!(a, Anchor::Name(n) if n.contains(' '))),
            "a hyphenated first name of hers: {f:?}"
        );
        assert!(
            !f.anchors
                .contains(&Anchor::Name(skeleton(&name_key("Petrova"))))
        );
        assert!(
            f.anchors
                .contains(&Anchor::Name(skeleton(&name_key("Ivanov"))))
        );
    }

    #[test]
    fn one_person_in_two_scripts_is_one_person() {
        let keys = |names: &[&str]| own_name_keys(names.iter().copied());
        assert!(same_person(
            &keys(&["Антониу Гутерриш"]),
            &keys(&["António Guterres"])
        ));
        assert!(same_person(
            &keys(&["Мария Захарова"]),
            &keys(&["Maria Zakharova"])
        ));
        assert!(same_person(
            &keys(&["Захарова"]),
            &keys(&["Maria Zakharova"])
        ));
        assert!(!same_person(
            &keys(&["Мария Захарова"]),
            &keys(&["Sergei Lavrov"])
        ));
        assert!(
            !same_person(&keys(&["Ivan Petrov"]), &keys(&["Olga Petrova"])),
            "other first name"
        );
        assert!(
            !same_person(&keys(&["Ли"]), &keys(&["Lee"])),
            "too short to tell"
        );
    }

    #[test]
    fn peoples_and_adjectives_of_places_meet_the_places_name() {
        let en = features("Palestinians and Israelis want the talks in Cairo to succeed.");
        let ru = features(
            "Палестинцы и израильтяне хотят, чтобы переговоры в Каире завершились успехом.",
        );
        let israel = skeleton(&name_key("Israel"));
        assert!(en.forms.values().any(|f| f.contains(&israel)), "{en:?}");
        assert!(ru.hints.iter().any(|h| h.contains(&israel)), "{ru:?}");
        assert!(name_forms("сирийского").contains(&skeleton(&name_key("Syria"))));
        assert!(name_forms("Syrian").contains(&skeleton(&name_key("Syria"))));
        assert!(anchor_similarity(&en, &ru) >= super::super::CROSS_LANGUAGE);
    }

    #[test]
    fn a_word_that_may_be_a_name_costs_nothing_unless_the_other_names_it() {
        let en = features("Palestinians and Israelis want the talks in Cairo to succeed.");
        let ru = features(
            "Палестинцы и израильтяне хотят, чтобы переговоры в Каире завершились успехом.",
        );
        let longer = features(
            "Палестинцы и израильтяне хотят, чтобы переговоры в Каире завершились успехом политических усилий.",
        );
        assert!(!longer.hints.is_empty());
        assert_eq!(anchor_similarity(&en, &ru), anchor_similarity(&en, &longer));
        // Lowercase words that are no adjective of a place are no hints.
        assert!(features("переговоры завершились успехом").hints.is_empty());
    }

    #[test]
    fn a_subject_meets_its_name_in_the_other_report() {
        let israel = (
            Subject::Organization(7),
            BTreeSet::from([name_key("Israel")]),
        );
        let en = Features::of(
            "Talks with Israel on a ceasefire resumed on May 5.",
            [israel],
            [],
            &BTreeSet::new(),
        );
        let ru = features("5 мая возобновились переговоры с Израилем о перемирии.");
        // One word, one anchor: the subject, not also its name.
        assert!(!en.anchors.contains(&Anchor::Name(skeleton("israel"))));
        assert!(ru.anchors.contains(&Anchor::Name(skeleton("israel"))));
        assert_eq!(anchor_similarity(&en, &ru), 1.0);
    }

    #[test]
    fn a_lead_restating_a_quotation_shares_its_words_but_not_how_it_frames_them() {
        let quote = features(
            "I cannot comment on that: I do not know these sources, so I do not consider a comment possible.",
        );
        let lead = features(
            "The minister said he would not comment, as he did not know the sources and did not consider a comment possible.",
        );
        let other = features("The minister said he would publish the budget for the coming year.");
        assert!(terms_similarity(&quote, &lead) >= super::super::SAME_LANGUAGE);
        assert!(terms_similarity(&quote, &other) < 0.3);
        // Persons, verbs of saying and modals are not compared.
        assert!(
            features("He said that they could and would.")
                .words
                .is_empty()
        );
        assert!(features("Он заявил, что они могут.").words.is_empty());
    }

    #[test]
    fn a_perfective_verb_meets_its_verb_without_the_prefix() {
        let perfective = features("прокомментировать");
        let imperfective = features("комментировать");
        assert!(perfective.terms.is_superset(&imperfective.terms));
        let quote = features("Не могу прокомментировать сведения анонимных источников о контракте");
        let lead =
            features("Министр отказался комментировать сведения анонимных источников о контракте");
        assert_eq!(terms_similarity(&quote, &lead), 1.0);
    }

    #[test]
    fn a_month_spans_its_days() {
        use entity::kinds::DatePrecision as P;
        let d = NaiveDate::from_ymd_opt(2024, 2, 10).expect("a date");
        assert_eq!(
            span(d, Some(P::Month)),
            (
                NaiveDate::from_ymd_opt(2024, 2, 1).expect("a date"),
                NaiveDate::from_ymd_opt(2024, 2, 29).expect("a date")
            )
        );
    }
}
