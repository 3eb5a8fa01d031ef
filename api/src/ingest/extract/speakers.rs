//! Stage 4: from speaker phrases to speaker names.
//!
//! A frame gives the speaker as written: a name, a pronoun ("он", "they"), a
//! role ("глава МИД", "the diplomat"), a collective ("правозащитники", "the
//! authorities") or a document ("the report"). The registry that later
//! resolves the string knows names, not references, so each phrase is turned
//! into the fullest name the body offers:
//! - a surname alone ("Mr. Vassilenko", "Токаев") becomes the first + last
//!   name mentioned elsewhere in the body;
//! - a pronoun becomes the speaker of the statement just before (reported
//!   speech keeps its subject for several sentences), or else the closest
//!   preceding person named;
//! - a role becomes the person earlier introduced with a matching title
//!   ("министр иностранных дел … Мухтар Тлеуберди" for "глава МИД", since the
//!   acronym is the initials of the title), or else the closest person;
//! - a bare collective becomes its fuller, qualified mention earlier in the
//!   text ("правозащитники" → "Правозащитники Кыргызстана", "the authorities"
//!   → "authorities of Kazakhstan");
//! - a document without an author is the last named speaker's; an impersonal
//!   report is the article's own source.

use super::attribution::Phrase;
use super::lexicon;
use super::sentences::Sentence;
use super::text::{Text, prefix};
use text::name_key;

/// A person named in the body with the words around the name (their title).
#[derive(Debug, Clone)]
struct Person {
    start: usize,
    text: String,
    title: Vec<String>,
    /// Told by an honorific ("Ms.", "Mr.", "г-жа") or a Russian surname.
    female: Option<bool>,
    /// The organization and post their title gives ("HRW’s Europe director
    /// Jan Novak", "Jan Novak, a spokesman for the Electoral Commission").
    affiliation: Option<(String, String)>,
}

/// A statement already attributed, for pronouns and documents that follow.
#[derive(Debug, Clone)]
struct Said {
    sentence: usize,
    speaker: String,
    person: bool,
    plural: bool,
    proper: bool,
    /// Named as an organization: a name that is not a person's, a body, a
    /// document's owner, the article's source or author.
    organization: bool,
}

/// How directly the speaker was named, which sets the confidence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum How {
    /// Named in the frame.
    Named,
    /// A pronoun, a role or a bare collective, resolved to a name.
    Resolved,
    /// Taken from context: a document's author, the article's source.
    Inferred,
}

#[derive(Debug)]
pub(crate) struct Resolver<'a> {
    text: &'a Text,
    persons: Vec<Person>,
    source: Option<String>,
    /// The organization that wrote the document itself, if one did.
    author: Option<String>,
    history: Vec<Said>,
}

fn looks_female(name: &str) -> bool {
    let last = name.split_whitespace().last().unwrap_or("");
    let cyr = last.chars().any(super::text::is_cyrillic);
    cyr && [
        "ова", "ева", "ина", "ая", "овой", "евой", "иной", "ской", "цкой",
    ]
    .iter()
    .any(|e| last.ends_with(e))
}

/// The first token of sentence `s`.
fn sentence_first(text: &Text, s: &Sentence) -> usize {
    text.toks_in(s.start, s.end).start
}

/// The organization a person's title names, with the post: in tokens
/// `range` (the words before the name, or the appositive after it), a
/// capitalised run with an acronym or a word of a body ("HRW’s", "the
/// Electoral Commission", "Хьюман Райтс Вотч" after "директор"), and the
/// role words there ("director", "spokesman").
fn affiliation(
    text: &Text,
    range: std::ops::Range<usize>,
    first: usize,
) -> Option<(String, String)> {
    let toks: Vec<usize> = range.clone().filter(|&k| text.toks[k].word).collect();
    let connector = |k: usize| matches!(text.low(k), "of" | "for" | "the" | "and" | "по" | "при");
    let mut runs: Vec<Vec<usize>> = Vec::new();
    let mut cur: Vec<usize> = Vec::new();
    for (n, &k) in toks.iter().enumerate() {
        let cap = text.is_cap(k)
            && !(k == first && lexicon::is_role(text.low(k)))
            && (k != first
                || text.is_acronym(k)
                || toks
                    .get(n + 1)
                    .is_some_and(|&x| x == k + 1 && text.is_cap(x)));
        let joins =
            !cur.is_empty() && connector(k) && toks.get(n + 1).is_some_and(|&x| text.is_cap(x));
        if cap || joins {
            cur.push(k);
        } else if !cur.is_empty() {
            runs.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        runs.push(cur);
    }
    let body = |run: &[usize]| {
        run.iter().any(|&k| {
            let w = text.low(k).trim_end_matches("’s").trim_end_matches("'s");
            text.is_acronym(k) || lexicon::is_body_word(w)
        }) || (run.len() >= 2
            && text.is_cyrillic(run[0])
            && run[0] > range.start
            && lexicon::is_role(text.low(run[0] - 1)))
    };
    let org = runs.into_iter().find(|r| body(r))?;
    let name = text
        .slice(text.toks[org[0]].start, text.toks[org[org.len() - 1]].end)
        .trim_end_matches("’s")
        .trim_end_matches("'s")
        .to_owned();
    let role: Vec<&str> = toks
        .iter()
        .map(|&k| text.low(k))
        .filter(|w| {
            lexicon::is_role(w) || (lexicon::is_title_word(w) && !lexicon::HONORIFICS.contains(w))
        })
        .collect();
    let role = if role.is_empty() {
        "member".to_owned()
    } else {
        role.join(" ")
    };
    Some((name, role))
}

/// Whether a Russian name is in an oblique case ("Анны Берг", "Яаном
/// Тамме"): its first name ends as only a declined one does.
fn looks_oblique(name: &str) -> bool {
    let first = name.split_whitespace().next().unwrap_or("");
    first.chars().any(super::text::is_cyrillic)
        && ["ы", "и", "ой", "ом", "ым", "ем", "у", "е"]
            .iter()
            .any(|e| first.ends_with(e))
}

/// A Russian surname that only a man bears ("Петров", "Сидорский");
/// surnames in "-о", "-ук", "-их" and names in Latin letters may be either.
fn looks_male(name: &str) -> bool {
    let last = name.split_whitespace().last().unwrap_or("");
    last.chars().any(super::text::is_cyrillic)
        && !looks_female(name)
        && [
            "ов", "ев", "ин", "ын", "ий", "ый", "ой", "ский", "цкий", "ым", "ом",
        ]
        .iter()
        .any(|e| last.ends_with(e))
}

/// Whether a speaker string names someone in particular (a capitalised word
/// past the first, an acronym, or a person's name).
fn is_proper(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    words
        .iter()
        .skip(1)
        .any(|w| w.chars().next().is_some_and(char::is_uppercase))
        || words.iter().any(|w| {
            w.chars().filter(|c| c.is_alphabetic()).count() >= 2
                && w.chars()
                    .filter(|c| c.is_alphabetic())
                    .all(char::is_uppercase)
        })
}

/// Acronyms made of the initials of consecutive title words ("министр
/// иностранных дел" → "мид"), so that "глава МИД" finds the minister.
fn initials(words: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for n in 2..=4 {
        for w in words.windows(n) {
            out.push(w.iter().filter_map(|x| x.chars().next()).collect());
        }
    }
    out
}

impl<'a> Resolver<'a> {
    pub fn new(
        text: &'a Text,
        sentences: &[Sentence],
        source: Option<String>,
        author: Option<String>,
    ) -> Self {
        let mut persons = Vec::new();
        for s in sentences {
            let r = text.toks_in(s.start, s.end);
            let mut i = r.start;
            // The title of a person is what stands between them and the previous person.
            let mut last_end = r.start;
            while i < r.end {
                let ok = |k: usize| {
                    let w = text.low(k);
                    text.is_cap(k)
                        && !text.is_acronym(k)
                        && !lexicon::is_group(w)
                        && !lexicon::is_document(w)
                        && !lexicon::is_adverb(w)
                        && !lexicon::is_date_word(w)
                        && !lexicon::is_stop(w)
                        && lexicon::pronoun(w).is_none()
                };
                if !ok(i) {
                    i += 1;
                    continue;
                }
                let mut e = i + 1;
                while e < r.end && ok(e) && text.is_cyrillic(e) == text.is_cyrillic(i) {
                    e += 1;
                }
                let run: Vec<usize> = (i..e).collect();
                let names: Vec<usize> = super::attribution::person_tail(text, &run).to_vec();
                let org = names
                    .iter()
                    .any(|&k| lexicon::is_org_word(text.low(k).trim_end_matches("’s")));
                if !org && names.len() >= 2 {
                    let keep = super::attribution::name_words(text, &names);
                    let names = &names[names.len() - keep..];
                    let name = text.slice(
                        text.toks[names[0]].start,
                        text.toks[names[names.len() - 1]].end,
                    );
                    let before = last_end.max(i.saturating_sub(12))..names[0];
                    let mut after = e..e;
                    let mut title: Vec<String> = before
                        .clone()
                        .filter(|&k| text.toks[k].word)
                        .map(|k| text.low(k).trim_end_matches("’s").to_owned())
                        .collect();
                    // The appositive after the name, unless it says whom they
                    // work for rather than what they are ("Jan Novak, for the
                    // Office of the High Commissioner, said").
                    let relation = e + 1 < r.end
                        && matches!(text.low(e + 1), "for" | "of" | "from" | "at" | "от" | "из");
                    if e < r.end && text.is_punct(e, ',') && !relation {
                        let mut k = e + 1;
                        // The appositive, over its commas ("Jan Novak, 50, a
                        // former minister and leader of X").
                        while k < r.end && k < e + 20 && !text.is_punct(k, '.') {
                            if text.toks[k].word {
                                title.push(text.low(k).to_owned());
                            }
                            k += 1;
                        }
                        after = e + 1..k;
                    }
                    let affiliation = affiliation(text, before.clone(), sentence_first(text, s))
                        .or_else(|| affiliation(text, after.clone(), sentence_first(text, s)));
                    last_end = e;
                    let honorific = title.last().map(String::as_str);
                    let female = match honorific {
                        Some("ms" | "mrs" | "miss" | "madam" | "г-жа" | "госпожа") => {
                            Some(true)
                        }
                        Some("mr" | "sir" | "г-н" | "господин") => Some(false),
                        _ if looks_female(&name) => Some(true),
                        _ if looks_male(&name) => Some(false),
                        _ => None,
                    };
                    persons.push(Person {
                        start: text.toks[names[0]].start,
                        text: name,
                        title,
                        female,
                        affiliation,
                    });
                }
                i = e;
            }
        }
        Self {
            text,
            persons,
            source,
            author,
            history: Vec::new(),
        }
    }

    /// Whether `speaker`, as last recorded, spoke as an organization: a name
    /// that is not a person's and no collective of several, or a body
    /// ("the commission", "министерство").
    pub fn is_organization(&self, speaker: &str) -> bool {
        self.history
            .iter()
            .rev()
            .find(|h| h.speaker == speaker)
            .is_some_and(|h| !h.person && !h.plural && h.organization)
    }

    /// The organization and post the body gives the person `speaker`.
    pub fn affiliation_of(&self, speaker: &str) -> Option<(String, String)> {
        self.persons
            .iter()
            .filter(|p| p.text == speaker)
            .find_map(|p| p.affiliation.clone())
    }

    /// Records the speaker of the statement of sentence `sentence`.
    pub fn record(&mut self, sentence: usize, speaker: &str, phrase: Option<&Phrase>) {
        let person = matches!(
            phrase,
            Some(
                Phrase::Name { person: true, .. }
                    | Phrase::Role { .. }
                    | Phrase::FirstPerson { plural: false }
                    | Phrase::Pronoun {
                        plural: false,
                        female: Some(_)
                    }
            )
        ) || self.persons.iter().any(|p| p.text == speaker);
        // A body ("the commission", "правительство") is one, not several.
        let plural = match phrase {
            Some(Phrase::Group { head, .. }) => !lexicon::is_institution(head),
            Some(Phrase::Pronoun { plural: true, .. }) => true,
            _ => false,
        } || (!person
            && self
                .history
                .iter()
                .any(|h| h.speaker == speaker && h.plural));
        let organization = match phrase {
            Some(Phrase::Name { person: false, .. }) => true,
            Some(Phrase::Group { head, .. }) => lexicon::is_institution(head),
            Some(Phrase::Document { owner }) => owner
                .as_deref()
                .is_none_or(|o| matches!(o, Phrase::Name { person: false, .. })),
            Some(Phrase::Impersonal) => true,
            Some(Phrase::FirstPerson { plural: true }) => self.author.as_deref() == Some(speaker),
            _ => self
                .history
                .iter()
                .rev()
                .find(|h| h.speaker == speaker)
                .is_some_and(|h| h.organization),
        } && !person;
        self.history.push(Said {
            sentence,
            speaker: speaker.to_owned(),
            person,
            plural,
            organization,
            proper: is_proper(speaker),
        });
    }

    /// Resolves `phrase` for a statement starting at `pos` in sentence `sentence`.
    pub fn resolve(
        &self,
        phrase: Option<&Phrase>,
        pos: usize,
        sentence: usize,
    ) -> (Option<String>, How) {
        let Some(phrase) = phrase else {
            return (None, How::Inferred);
        };
        match phrase {
            Phrase::Name { text, person } => {
                if *person && !text.contains(' ') {
                    let key = name_key(text);
                    let full = self
                        .persons
                        .iter()
                        .filter(|p| name_key(p.text.split_whitespace().last().unwrap_or("")) == key)
                        .min_by_key(|p| (p.start > pos, p.start.abs_diff(pos)));
                    if let Some(p) = full {
                        return (Some(p.text.clone()), How::Named);
                    }
                }
                // "по словам Анны Берг": the first mention of the same name
                // in another case ("Анна Берг"), the one that introduced her.
                if *person && looks_oblique(text) {
                    let key = name_key(text);
                    if let Some(p) = self
                        .persons
                        .iter()
                        .find(|p| name_key(&p.text) == key && !looks_oblique(&p.text))
                    {
                        return (Some(p.text.clone()), How::Named);
                    }
                }
                (Some(text.clone()), How::Named)
            }
            Phrase::Pronoun {
                plural: false,
                female,
            } => {
                let fits = |name: &str| match female {
                    Some(true) => !looks_male(name),
                    Some(false) => !looks_female(name),
                    None => true,
                };
                // "it": the organization that spoke last, close by.
                if female.is_none() {
                    let recent = self.history.last().filter(|h| {
                        !h.person && !h.plural && sentence.saturating_sub(h.sentence) <= 2
                    });
                    return (
                        recent
                            .map(|h| h.speaker.clone())
                            .or_else(|| self.source.clone())
                            .or_else(|| self.author.clone()),
                        How::Resolved,
                    );
                }
                // "Комитет заявил … Он предупредил": in Russian a body has
                // a gender too, and the one that spoke just before is meant.
                if let Some(h) = self.history.last().filter(|h| {
                    !h.person
                        && !h.plural
                        && sentence.saturating_sub(h.sentence) <= 1
                        && h.speaker.chars().any(super::text::is_cyrillic)
                }) {
                    return (Some(h.speaker.clone()), How::Resolved);
                }
                let recent = self.history.last().filter(|h| {
                    h.person && sentence.saturating_sub(h.sentence) <= 2 && fits(&h.speaker)
                });
                if let Some(h) = recent {
                    return (Some(h.speaker.clone()), How::Resolved);
                }
                let closest = self
                    .persons
                    .iter()
                    .filter(|p| {
                        p.start < pos
                            && fits(&p.text)
                            && (female.is_none() || p.female.is_none() || p.female == *female)
                    })
                    .max_by_key(|p| p.start);
                (closest.map(|p| p.text.clone()), How::Resolved)
            }
            Phrase::Pronoun { plural: true, .. } => {
                let recent = self
                    .history
                    .iter()
                    .rev()
                    .find(|h| !h.person && sentence.saturating_sub(h.sentence) <= 8);
                (recent.map(|h| h.speaker.clone()), How::Resolved)
            }
            Phrase::Impersonal => (
                self.source.clone().or_else(|| self.author.clone()),
                How::Inferred,
            ),
            // "We": the document's author; in a story, the organization
            // that spoke last.
            Phrase::FirstPerson { plural: true } => {
                let recent = self
                    .history
                    .iter()
                    .rev()
                    .find(|h| !h.person && sentence.saturating_sub(h.sentence) <= 3);
                (
                    self.author
                        .clone()
                        .or_else(|| recent.map(|h| h.speaker.clone())),
                    How::Resolved,
                )
            }
            // "I": the person who spoke last, close by.
            Phrase::FirstPerson { plural: false } => {
                let recent = self
                    .history
                    .iter()
                    .rev()
                    .find(|h| h.person && sentence.saturating_sub(h.sentence) <= 3);
                (
                    recent
                        .map(|h| h.speaker.clone())
                        .or_else(|| self.author.clone()),
                    How::Resolved,
                )
            }
            Phrase::Role { text } => (
                Some(self.role(text, pos).unwrap_or_else(|| text.clone())),
                How::Resolved,
            ),
            Phrase::Group { text, head } => {
                let stripped = text
                    .strip_prefix("the ")
                    .or_else(|| text.strip_prefix("The "))
                    .unwrap_or(text)
                    .to_owned();
                if is_proper(&stripped) {
                    return (Some(stripped), How::Named);
                }
                match self.qualified(head, pos) {
                    Some(q) => (Some(q), How::Resolved),
                    // "в ведомстве", "the ministry": the body that spoke last.
                    None if lexicon::is_institution(head) => {
                        let recent = self.history.iter().rev().find(|h| {
                            !h.person && h.proper && sentence.saturating_sub(h.sentence) <= 8
                        });
                        match recent {
                            Some(h) => (Some(h.speaker.clone()), How::Resolved),
                            None => (Some(stripped), How::Named),
                        }
                    }
                    None => (Some(stripped), How::Named),
                }
            }
            Phrase::Document { owner: Some(owner) } => {
                let (s, how) = self.resolve(Some(owner), pos, sentence);
                (
                    s,
                    if how == How::Named {
                        How::Named
                    } else {
                        How::Inferred
                    },
                )
            }
            Phrase::Document { owner: None } => {
                let recent = self
                    .history
                    .iter()
                    .rev()
                    .find(|h| h.proper && sentence.saturating_sub(h.sentence) <= 8);
                (
                    recent
                        .map(|h| h.speaker.clone())
                        .or_else(|| self.source.clone()),
                    How::Inferred,
                )
            }
        }
    }

    /// The person earlier introduced with a title matching `role`.
    fn role(&self, role: &str, pos: usize) -> Option<String> {
        // The post, without where it is held ("leader in the Indian Ocean
        // nation of X" → "leader").
        let words: Vec<String> = role
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .filter(|w| !w.is_empty())
            .map(|w| w.to_lowercase())
            .take_while(|w| !matches!(w.as_str(), "in" | "at" | "from"))
            .filter(|w| !lexicon::ARTICLES.contains(&w.as_str()))
            .collect();
        let score_of = |p: &Person| {
            let acronyms = initials(&p.title);
            let mut score = 0;
            for w in &words {
                if w.chars().count() >= 3 && p.title.iter().any(|t| prefix(t, 5) == prefix(w, 5)) {
                    score += 1;
                }
                if acronyms.contains(w) {
                    score += 2;
                }
                for (key, syns) in lexicon::ROLE_SYNONYMS {
                    if w.starts_with(key)
                        && p.title
                            .iter()
                            .any(|t| syns.iter().any(|s| t.starts_with(s)))
                    {
                        score += 1;
                    }
                }
            }
            score
        };
        let mut best: Option<(usize, usize, &Person)> = None;
        for p in self.persons.iter().filter(|p| p.start < pos) {
            let score = score_of(p);
            let better = match best {
                None => true,
                Some((s, start, _)) => score > s || (score == s && p.start > start),
            };
            if better {
                best = Some((score, p.start, p));
            }
        }
        // No earlier person holds the post: the role may come first and
        // the name just after it ("Верховный комиссар … заявил … Фолькер Тюрк").
        if best.is_none_or(|(score, _, _)| score == 0) {
            let later = self
                .persons
                .iter()
                .filter(|p| p.start >= pos && p.start - pos <= 600 && !role.contains(&p.text))
                .find(|p| score_of(p) > 0);
            if let Some(p) = later {
                return Some(p.text.clone());
            }
        }
        best.map(|(_, _, p)| p.text.clone())
    }

    /// The latest mention before `pos` of the collective `head` with a
    /// qualifier naming whose it is ("власти Казахстана", "Kazakh authorities").
    fn qualified(&self, head: &str, pos: usize) -> Option<String> {
        let text = self.text;
        let stem = prefix(head, head.chars().count().clamp(4, 8) - 2);
        let end = text.toks.partition_point(|t| t.start < pos);
        // A proper name ending in the head ("the commission" → "Independent
        // National Electoral Commission").
        for g in (0..end).rev() {
            if text.toks[g].word && text.is_cap(g) && text.low(g).starts_with(&stem) && g > 0 {
                let mut s = g;
                while s > 0 && text.toks[s - 1].word && text.is_cap(s - 1) && g - s < 5 {
                    s -= 1;
                }
                if s < g {
                    return Some(text.slice(text.toks[s].start, text.toks[g].end));
                }
            }
        }
        for g in (0..end).rev() {
            if !text.toks[g].word || !text.low(g).starts_with(&stem) {
                continue;
            }
            let n = text.toks.len();
            // "authorities of Kazakhstan", "власти Казахстана".
            let mut e = g + 1;
            if e < n && matches!(text.low(e), "of" | "for") {
                e += 1;
                while e < n && text.low(e) == "the" {
                    e += 1;
                }
            }
            let after_start = e;
            while e < n && text.is_cap(e) && e - after_start < 4 {
                e += 1;
            }
            if e > after_start {
                return Some(text.slice(text.toks[g].start, text.toks[e - 1].end));
            }
            // "Kazakh authorities", "казахстанские власти".
            if g > 0 && text.toks[g - 1].word {
                let w = text.low(g - 1);
                let adjective = ["ские", "ских", "ский", "ская", "ские", "цкие", "цких"]
                    .iter()
                    .any(|x| w.ends_with(x));
                if text.is_cap(g - 1) && !lexicon::ARTICLES.contains(&w) || adjective {
                    return Some(text.slice(text.toks[g - 1].start, text.toks[g].end));
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::super::quotes::find_pairs;
    use super::super::sentences::split;
    use super::*;

    fn with<R>(body: &str, f: impl FnOnce(&Resolver<'_>, &Text) -> R) -> R {
        let text = Text::new(body);
        let sentences = split(&text.chars, &find_pairs(&text.chars));
        let r = Resolver::new(&text, &sentences, None, None);
        f(&r, &text)
    }

    fn at(text: &Text, needle: &str) -> usize {
        let s: String = text.chars.iter().collect();
        s[..s.find(needle).expect("needle")].chars().count()
    }

    #[test]
    fn surname_becomes_full_name() {
        with(
            "Министр Иван Петров прибыл. Петрова встретили.",
            |r, t| {
                let p = Phrase::Name {
                    text: "Петрова".into(),
                    person: true,
                };
                assert_eq!(
                    r.resolve(Some(&p), at(t, "Петрова"), 1).0.as_deref(),
                    Some("Иван Петров")
                );
            },
        );
        with(
            "Deputy Minister Roman Novak spoke. Mr. Novak left.",
            |r, t| {
                let p = Phrase::Name {
                    text: "Novak".into(),
                    person: true,
                };
                assert_eq!(
                    r.resolve(Some(&p), at(t, "Mr."), 1).0.as_deref(),
                    Some("Roman Novak")
                );
            },
        );
    }

    #[test]
    fn role_finds_the_person_with_that_title() {
        let body = "Министр иностранных дел Латвии Анна Берзиня встретилась с директором фонда Джоном Смитом. Глава МИД Латвии выступила.";
        with(body, |r, t| {
            assert_eq!(
                r.role("глава МИД Латвии", at(t, "Глава")).as_deref(),
                Some("Анна Берзиня")
            );
        });
        let body = "Ambassador John Reed chaired. Deputy Minister of Foreign Affairs Anna Berg spoke first. Then the diplomat said more.";
        with(body, |r, t| {
            assert_eq!(
                r.role("the diplomat", at(t, "the diplomat")).as_deref(),
                Some("Anna Berg")
            );
        });
    }

    #[test]
    fn pronouns_follow_the_last_speaker_then_the_closest_person() {
        let body = "Иван Петров заявил, что всё хорошо. Он уехал к Марии Ивановой. Он добавил, что вернётся.";
        with(body, |r, t| {
            let mut r2 = Resolver {
                text: t,
                persons: r.persons.clone(),
                source: None,
                author: None,
                history: Vec::new(),
            };
            r2.record(
                0,
                "Иван Петров",
                Some(&Phrase::Name {
                    text: "Иван Петров".into(),
                    person: true,
                }),
            );
            let he = Phrase::Pronoun {
                plural: false,
                female: Some(false),
            };
            assert_eq!(
                r2.resolve(Some(&he), at(t, "Он добавил"), 2).0.as_deref(),
                Some("Иван Петров")
            );
            let she = Phrase::Pronoun {
                plural: false,
                female: Some(true),
            };
            assert_eq!(
                r.resolve(Some(&she), at(t, "Он добавил"), 2).0.as_deref(),
                Some("Марии Ивановой")
            );
        });
        with(
            "Then the mayor Tom Hill spoke. “We are ready now,” he said.",
            |r, t| {
                let he = Phrase::Pronoun {
                    plural: false,
                    female: Some(false),
                };
                assert_eq!(
                    r.resolve(Some(&he), at(t, "“We"), 1).0.as_deref(),
                    Some("Tom Hill")
                );
            },
        );
    }

    #[test]
    fn bare_collectives_take_their_qualified_mention() {
        with(
            "Правозащитники Грузии написали письмо. Вчера правозащитники добавили.",
            |r, t| {
                assert_eq!(
                    r.qualified("правозащитники", at(t, "Вчера")).as_deref(),
                    Some("Правозащитники Грузии")
                );
            },
        );
        with(
            "They asked the authorities of Peru to act. According to the authorities, all is calm.",
            |r, t| {
                let g = Phrase::Group {
                    text: "the authorities".into(),
                    head: "authorities".into(),
                };
                assert_eq!(
                    r.resolve(Some(&g), at(t, "According"), 1).0.as_deref(),
                    Some("authorities of Peru")
                );
            },
        );
    }

    #[test]
    fn documents_and_impersonal_reports() {
        with("x", |r, _| {
            let mut r2 = Resolver {
                text: r.text,
                persons: Vec::new(),
                source: Some("МВД".into()),
                author: None,
                history: Vec::new(),
            };
            assert_eq!(
                r2.resolve(Some(&Phrase::Impersonal), 0, 0).0.as_deref(),
                Some("МВД")
            );
            r2.record(0, "Amnesty International", None);
            r2.record(1, "local activists", None);
            let doc = Phrase::Document { owner: None };
            assert_eq!(
                r2.resolve(Some(&doc), 0, 2).0.as_deref(),
                Some("Amnesty International")
            );
        });
    }
}
