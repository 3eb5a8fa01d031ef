//! Stage 3: attribution frames — who a sentence or a quote is attributed to.
//!
//! News prose attributes speech with a handful of frames, in both languages:
//! - a reporting verb with its subject before it ("Мухтар Тлеуберди
//!   подтвердил, что …", "HRW also demanded that …") or after it, as after a
//!   quote ("… », – подчеркнул Кеннет Рот", "…,” said Hugh Williamson");
//! - a source frame naming where a figure or claim comes from ("по данным
//!   властей, …", "according to the authorities, …", "по словам X");
//! - a document frame ("говорится в обращении", "the report claims",
//!   "In the resolution of X, …");
//! - an impersonal report ("отмечено, что …") whose speaker is the article's
//!   own source ("со ссылкой на пресс-службу X", "X’s press service reports").
//!
//! Indirect speech becomes a Paraphrase of the whole sentence, source and
//! document frames a ReportedClaim. This module only reads the frame and
//! returns the speaker *phrase* as written ([`Phrase`]); turning pronouns and
//! roles into names is the job of `speakers`, which sees the whole body.
//!
//! A verb without a plausible speaker is no frame: the speaker phrase must be
//! a name, a pronoun, a role, a collective ("правозащитники", "the
//! authorities") or a document. That is what keeps nouns that look like verbs
//! ("torture claims") and passives without an agent out.

use super::lexicon::{self, SourceKind, VerbClass};
use super::text::Text;
use entity::kinds::StatementKind;

/// A speaker as written in the frame, before resolution.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Phrase {
    /// A proper name; `person` when it looks like a person's name rather
    /// than an organization's.
    Name {
        text: String,
        person: bool,
    },
    Pronoun {
        plural: bool,
        female: Option<bool>,
    },
    /// "I", "we", "мы": the quote's speaker, or the document's author.
    FirstPerson {
        plural: bool,
    },
    /// "it was noted", "отмечено": the article's source speaks.
    Impersonal,
    /// A post: "глава МИД Казахстана", "the diplomat".
    Role {
        text: String,
    },
    /// A collective: "правозащитники", "the authorities"; `head` is the group noun.
    Group {
        text: String,
        head: String,
    },
    /// "the report", "в обращении правозащитников".
    Document {
        owner: Option<Box<Phrase>>,
    },
}

/// A frame found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Frame {
    pub kind: StatementKind,
    pub phrase: Phrase,
    /// First token of the clause the frame governs when the sentence has two
    /// clauses with their own sources ("по данным X, …, тогда Y сообщил, что …").
    pub clause_tok: usize,
}

fn is_plural(word: &str) -> bool {
    let ends = [
        "и", "ы", "s", "ей", "ов", "ев", "ам", "ями", "ами", "ах", "ях",
    ];
    ends.iter().any(|e| word.ends_with(e))
        || matches!(
            word,
            "police" | "leadership" | "government" | "полиция" | "руководство"
        )
}

/// Tokens `from..to` as written.
fn span_text(text: &Text, toks: &[usize]) -> String {
    match (toks.first(), toks.last()) {
        (Some(&a), Some(&b)) => text.slice(text.toks[a].start, text.toks[b].end),
        _ => String::new(),
    }
}

/// Whether a capitalised run looks like an organization or place, not a person.
fn org_like(text: &Text, run: &[usize]) -> bool {
    run.iter().any(|&i| {
        let w = text.low(i);
        let base = w.trim_end_matches("’s").trim_end_matches("'s");
        text.is_acronym(i) || lexicon::is_org_word(base)
    })
}

/// The name in a capitalised run after its titles ("Deputy Foreign Minister
/// Anna Berg" → "Anna Berg", "UN Human Rights Chief Jan Novak" → "Jan
/// Novak", "Эксперт Иван Петров" → "Иван Петров"): what follows the last
/// title or collective noun.
pub(crate) fn person_tail<'r>(text: &Text, run: &'r [usize]) -> &'r [usize] {
    let last_title = run
        .iter()
        .rposition(|&i| lexicon::is_title_word(text.low(i)));
    match last_title {
        Some(t) => &run[t + 1..],
        // A collective noun opening the sentence before a full name
        // ("Эксперт Иван Петров"), not before a place ("Правозащитники
        // Кыргызстана").
        None if run.len() >= 3 && lexicon::is_group(text.low(run[0])) => &run[1..],
        None => run,
    }
}

/// How many of the last words of a capitalised run name the person: three
/// when the first of them is a name too (not a place in the genitive or
/// locative before the name, as in "президент Казахстана Иван Петров" or
/// "посол в Эстонии Анна Берг", not a possessive), else two.
pub(crate) fn name_words(text: &Text, names: &[usize]) -> usize {
    if names.len() < 3 {
        return names.len();
    }
    let first = names[names.len() - 3];
    let w = text.low(first);
    let place = text.is_cyrillic(first)
        && ["а", "ы", "и", "е", "ой", "ей"]
            .iter()
            .any(|e| w.ends_with(e));
    if place || w.ends_with("’s") || w.ends_with("'s") {
        2
    } else {
        3
    }
}

/// Reads a noun phrase (token indices, in order) as a speaker phrase.
/// `sentence_first` is the first token of the sentence, whose capital
/// letter says nothing.
pub(crate) fn classify(text: &Text, toks: &[usize], sentence_first: usize) -> Option<Phrase> {
    // Drop punctuation, parentheses with what they hold, leading articles and adverbs.
    let mut t: Vec<usize> = Vec::new();
    let mut paren = 0usize;
    for &i in toks {
        if text.is_punct(i, '(') {
            paren += 1;
        } else if text.is_punct(i, ')') {
            paren = paren.saturating_sub(1);
        } else if paren == 0 && text.toks[i].word {
            t.push(i);
        }
    }
    // "an official", "one observer", "один из жителей": someone unnamed and
    // new, not a post held by a person named before.
    let indefinite = t.first().is_some_and(|&f| {
        matches!(
            text.low(f),
            "a" | "an" | "one" | "another" | "один" | "одна" | "одного" | "одной"
        )
    });
    while let Some(&first) = t.first() {
        let w = text.low(first);
        let counted = matches!(w, "one" | "another" | "один" | "одна" | "одного" | "одной");
        if lexicon::ARTICLES.contains(&w)
            || (counted && t.len() > 1)
            || lexicon::is_adverb(w)
            || lexicon::HONORIFICS.contains(&w)
            || matches!(w, "в" | "во" | "in")
        {
            t.remove(0);
        } else {
            break;
        }
    }
    let &last = t.last()?;
    if t.len() == 1
        && let Some(plural) = lexicon::first_person(text.low(last))
    {
        return Some(Phrase::FirstPerson { plural });
    }
    if t.len() == 1
        && let Some((plural, female, impersonal)) = lexicon::pronoun(text.low(last))
    {
        return Some(if impersonal {
            Phrase::Impersonal
        } else {
            Phrase::Pronoun { plural, female }
        });
    }
    let lex = |i: usize| {
        let w = text.low(i);
        lexicon::is_role(w) || lexicon::is_group(w) || lexicon::is_document(w)
    };
    // A trailing run of capitalised words in one script (an acronym ends it:
    // "председатель ОДКБ Никол Пашинян").
    let mut run_start = t.len();
    while run_start > 0 {
        let i = t[run_start - 1];
        let same_script = text.is_cyrillic(i) == text.is_cyrillic(last);
        let adjacent = run_start == t.len() || t[run_start] == i + 1 || text.is_punct(i + 1, '.');
        if text.is_cap(i) && !text.is_acronym(i) && same_script && adjacent {
            run_start -= 1;
        } else {
            break;
        }
    }
    let run: Vec<usize> = t[run_start..].to_vec();
    // A name in quotation marks is an organization's or a brand's.
    let quoted_name = run.first().is_some_and(|&f| {
        text.toks[f].start > 0 && matches!(text.chars[text.toks[f].start - 1], '«' | '“' | '"')
    });
    // A person: the words after the titles; at most three (first name,
    // patronymic or middle name, surname).
    let mut names: Vec<usize> = person_tail(text, &run).to_vec();
    // "President of Examplia Ivan Petrov": after "of", a place, then the name.
    if names.len() >= 3
        && names.first() == run.first()
        && run_start > 0
        && text.low(t[run_start - 1]) == "of"
        && run_start > 1
        && lexicon::is_title_word(text.low(t[run_start - 2]))
    {
        names.remove(0);
    }
    // "Union of Journalists": a run after "of" belongs to an organization's
    // name, unless title words came first ("Minister of Foreign Affairs Anna Berg").
    let after_of = names.first() == run.first()
        && names.len() == run.len()
        && run_start > 0
        && (text.low(t[run_start - 1]) == "of"
            || (run_start > 1
                && matches!(text.low(t[run_start - 1]), "to" | "for" | "the" | "on")
                && text.is_cap(t[run_start - 2])));
    // A lone capitalised word after an acronym or a role noun is a genitive
    // complement ("глава МИД Франции", "посол Кыргызстана"), not a name.
    let complement = names.len() == 1
        && run_start > 0
        && (text.is_acronym(t[run_start - 1])
            || lex(t[run_start - 1])
            || CONNECTORS.contains(&text.low(t[run_start - 1])));
    if !names.is_empty()
        && !after_of
        && !complement
        && !quoted_name
        && !org_like(text, &names)
        && !lex(names[0])
    {
        let keep = name_words(text, &names);
        let names = &names[names.len().saturating_sub(keep)..];
        let name = span_text(text, names);
        let name = name
            .trim_end_matches("’s")
            .trim_end_matches("'s")
            .to_owned();
        return Some(Phrase::Name {
            text: name,
            person: true,
        });
    }
    if let Some(d) = t.iter().position(|&i| lexicon::is_document(text.low(i))) {
        let rest: Vec<usize> = t[d + 1..]
            .iter()
            .copied()
            .skip_while(|&i| text.low(i) == "of")
            .collect();
        let owner = classify(text, &rest, sentence_first).map(Box::new);
        return Some(Phrase::Document { owner });
    }
    let role_at = t.iter().position(|&i| {
        let w = text.low(i);
        lexicon::is_role(w) && !(lexicon::is_group(w) && is_plural(w))
    });
    // "opposition leader": in English the head noun comes last, so a role
    // after a collective is a person ("лидер оппозиции": the first).
    if let Some(r) = role_at
        && r > 0
        && !text.is_cyrillic(t[r])
        && (0..r).any(|k| lexicon::is_group(text.low(t[k])))
    {
        return Some(Phrase::Role {
            text: span_text(text, &t[..]),
        });
    }
    if role_at == Some(0) {
        let role = span_text(text, &t);
        return Some(if indefinite {
            Phrase::Name {
                text: role,
                person: true,
            }
        } else {
            Phrase::Role { text: role }
        });
    }
    // A collective in lower case ("the commission", "правозащитники"); in
    // capitals it is part of a name ("Union of Journalists").
    if let Some(g) = t.iter().position(|&i| {
        let w = text.low(i);
        lexicon::is_group(w)
            && (is_plural(w) || lexicon::is_institution(w))
            && (i == sentence_first || !text.is_cap(i))
    }) {
        return Some(Phrase::Group {
            text: span_text(text, &t),
            head: text.low(t[g]).to_owned(),
        });
    }
    if let Some(r) = role_at {
        return Some(Phrase::Role {
            text: span_text(text, &t[r..]),
        });
    }
    // A Russian organization named by a capitalised adjective and a common
    // noun ("Береговая лига", "Московская Хельсинкская группа").
    if let Some(noun) = t.iter().position(|&i| {
        text.is_cyrillic(i) && !text.is_cap(i) && lexicon::is_ru_org_noun(text.low(i))
    }) && noun > 0
        && text.is_cap(t[noun - 1])
    {
        let mut first = noun - 1;
        while first > 0 && text.is_cap(t[first - 1]) {
            first -= 1;
        }
        return Some(Phrase::Name {
            text: span_text(text, &t[first..]),
            person: false,
        });
    }
    // An organization: a run of capitalised words, an acronym, or a phrase
    // with a proper adjective ("European parliament").
    let mut best: Vec<usize> = Vec::new();
    let mut cur: Vec<usize> = Vec::new();
    for &i in &t {
        let next_cap = t
            .iter()
            .position(|&x| x == i)
            .and_then(|p| t.get(p + 1))
            .is_some_and(|&n| n == i + 1 && text.is_cap(n));
        // "Committee to Protect Journalists", "Office of the High
        // Commissioner": a connector between capitalised words stays in.
        let connector = !cur.is_empty()
            && CONNECTORS.contains(&text.low(i))
            && t.iter().any(|&x| x > i && x <= i + 2 && text.is_cap(x));
        if text.is_cap(i) && (i != sentence_first || text.is_acronym(i) || next_cap)
            || (!cur.is_empty() && text.is_cap(i))
            || connector
        {
            cur.push(i);
        } else {
            if cur.len() > best.len() {
                best = std::mem::take(&mut cur);
            }
            cur.clear();
        }
    }
    if cur.len() > best.len() {
        best = cur;
    }
    if best.len() >= 2 || best.first().is_some_and(|&i| text.is_acronym(i)) {
        return Some(Phrase::Name {
            text: span_text(text, &best),
            person: false,
        });
    }
    if !best.is_empty() && t.len() <= 4 {
        return Some(Phrase::Name {
            text: span_text(text, &t),
            person: false,
        });
    }
    None
}

fn is_verb_at(text: &Text, i: usize) -> bool {
    let n = text.toks.len();
    let next = (i + 1 < n).then(|| text.low(i + 1));
    let next2 = (i + 2 < n).then(|| text.low(i + 2));
    text.toks[i].word && lexicon::verb_class(text.low(i), next, next2).is_some()
}

/// Prepositions and articles that may stand inside a speaker phrase.
const CONNECTORS: &[&str] = &[
    "the", "on", "in", "at", "for", "of", "to", "from", "по", "при", "в", "на",
];

/// The speaker phrase ending right before token `verb` (not before token `lo`),
/// with the index of its first token.
pub(crate) fn subject_before(
    text: &Text,
    lo: usize,
    verb: usize,
    sentence_first: usize,
) -> Option<(Phrase, usize)> {
    let mut k = verb;
    let mut date = false;
    let mut passive = false;
    // "Jan Novak, a spokesman for the commission, told …": the name stands
    // before an appositive set off by commas.
    if k > lo + 2 && text.is_punct(k - 1, ',') {
        let open = (lo.max(k.saturating_sub(14))..k - 1)
            .rev()
            .find(|&x| text.is_punct(x, ','));
        // The appositive opens with an article, a relative pronoun, a
        // preposition or a title ("a spokesman for", "who chairs", "in
        // power since", "директор института").
        let opens_appositive = |x: usize| {
            let w = text.low(x);
            matches!(
                w,
                "a" | "an"
                    | "the"
                    | "who"
                    | "in"
                    | "at"
                    | "now"
                    | "himself"
                    | "herself"
                    | "который"
                    | "которая"
                    | "которые"
            ) || lexicon::is_role(w)
                || lexicon::is_title_word(w)
        };
        // "The president of Examplia, Ivan Petrov, said": the name between
        // the commas is the speaker.
        if let Some(o) = open
            && (o + 1..k - 1).all(|x| text.toks[x].word && text.is_cap(x))
            && (2..=3).contains(&(k - 1 - (o + 1)))
            && !org_like(text, &(o + 1..k - 1).collect::<Vec<_>>())
        {
            let toks: Vec<usize> = (o + 1..k - 1).collect();
            return Some((
                Phrase::Name {
                    text: span_text(text, &toks),
                    person: true,
                },
                o + 1,
            ));
        }
        if let Some(o) = open
            && o > lo
            && o + 1 < k - 1
            && opens_appositive(o + 1)
            && (o + 1..k - 1).all(|x| !is_verb_at(text, x))
            && (o + 1..k - 1).filter(|&x| text.toks[x].word).count() <= 8
            && text.toks[o - 1].word
            && text.is_cap(o - 1)
            && !text.is_acronym(o - 1)
        {
            k = o;
        }
    }
    while k > lo {
        let j = k - 1;
        let w = text.low(j);
        let comma_after_date =
            text.is_punct(j, ',') && j > lo && lexicon::is_date_word(text.low(j - 1));
        // "at 11 p.m.": the letters and stops of a time of day.
        let clock = (matches!(w, "m" | "p" | "a") || text.is_punct(j, '.'))
            && (lo.max(j.saturating_sub(4))..j)
                .any(|x| text.low(x).chars().all(|c| c.is_ascii_digit()));
        if clock {
            date = true;
            k = j;
            continue;
        }
        if text.toks[j].word && (lexicon::is_adverb(w) || lexicon::is_date_word(w)) {
            date = lexicon::is_date_word(w);
            passive |= matches!(w, "was" | "were" | "is" | "are" | "been" | "be" | "being")
                && !matches!(
                    text.low(verb),
                    "appalled" | "alarmed" | "dismayed" | "outraged" | "shocked" | "concerned"
                );
            k = j;
        } else if comma_after_date
            || (date
                && (matches!(w, "on" | "в" | "at" | "in" | "of" | "since")
                    || text.is_punct(j, ',')))
        {
            k = j;
        } else {
            break;
        }
    }
    if k > lo
        && let Some(plural) = lexicon::first_person(text.low(k - 1))
    {
        return Some((Phrase::FirstPerson { plural }, k - 1));
    }
    if k > lo
        && let Some((plural, female, impersonal)) = lexicon::pronoun(text.low(k - 1))
    {
        let p = if impersonal {
            Phrase::Impersonal
        } else {
            Phrase::Pronoun { plural, female }
        };
        return Some((p, k - 1));
    }
    // A passive ("were condemned") has no speaker before it.
    if passive {
        return None;
    }
    let mut s = k;
    while s > lo && k - s < 14 {
        let j = s - 1;
        if text.is_punct(j, ')') {
            let mut o = j;
            while o > lo && !text.is_punct(o, '(') {
                o -= 1;
            }
            if !text.is_punct(o, '(') || j - o > 8 {
                break;
            }
            s = o;
            continue;
        }
        if text.is_punct(j, '.') && j > lo && lexicon::HONORIFICS.contains(&text.low(j - 1)) {
            s = j;
            continue;
        }
        // A name in quotation marks ("партии «Ата Мекен»") stays in.
        if text.is_punct(j, '»') || text.is_punct(j, '”') {
            let open = (lo.max(j.saturating_sub(6))..j)
                .rev()
                .find(|&x| text.is_punct(x, '«') || text.is_punct(x, '“'));
            if let Some(o) = open {
                s = o;
                continue;
            }
        }
        if !text.toks[j].word {
            break;
        }
        let w = text.low(j);
        // A preposition inside the subject ("an officer on the scene", "the
        // commission for Anjouan", "Committee to Protect Journalists"):
        // go on when a role, a collective or a name stands before it.
        if CONNECTORS.contains(&w) && s > lo + 1 && (s..k).any(|x| text.toks[x].word) {
            let head = (lo.max(j.saturating_sub(4))..j).rev().find(|&x| {
                text.toks[x].word && !CONNECTORS.contains(&text.low(x)) && {
                    let h = text.low(x);
                    lexicon::is_role(h)
                        || lexicon::is_group(h)
                        || (text.is_cap(x) && x != sentence_first)
                }
            });
            if head.is_some() && !(j..k).any(|x| text.is_punct(x, ',')) {
                s = j;
                continue;
            }
        }
        if (lexicon::is_stop(w) && w != "of")
            || lexicon::pronoun(w).is_some()
            || lexicon::first_person(w).is_some()
            || is_verb_at(text, j)
        {
            break;
        }
        s = j;
    }
    if s == k {
        return None;
    }
    let toks: Vec<usize> = (s..k).collect();
    classify(text, &toks, sentence_first).map(|p| (p, s))
}

/// The speaker phrase after a verb (inversion: "– отметил в этой связи глава
/// МИД", "said Human Rights Watch, the director …, Hugh Williamson").
pub(crate) fn subject_after(
    text: &Text,
    from: usize,
    to: usize,
    sentence_first: usize,
) -> Option<Phrase> {
    let mut first = None;
    let mut skip_to = from;
    for j in from..to.min(from + 10) {
        if j < skip_to {
            continue;
        }
        if !text.toks[j].word {
            // "заявила «Портовым вестям» гендиректор …": whom it was told,
            // in quotation marks, is passed over.
            if text.is_punct(j, '«') || text.is_punct(j, '“') {
                match (j + 1..to).find(|&x| text.is_punct(x, '»') || text.is_punct(x, '”')) {
                    Some(c) if c - j <= 6 => {
                        skip_to = c + 1;
                        continue;
                    }
                    _ => break,
                }
            }
            if text.is_punct(j, '.') {
                break;
            }
            continue;
        }
        let w = text.low(j);
        if let Some(plural) = lexicon::first_person(w) {
            return Some(Phrase::FirstPerson { plural });
        }
        if let Some((plural, female, impersonal)) = lexicon::pronoun(w) {
            return Some(if impersonal {
                Phrase::Impersonal
            } else {
                Phrase::Pronoun { plural, female }
            });
        }
        if lexicon::is_role(w) || lexicon::is_group(w) || lexicon::is_document(w) || text.is_cap(j)
        {
            first = Some(j);
            break;
        }
    }
    let head = first?;
    // "сказал один наблюдатель", "said one observer": the count stays, so
    // that the speaker is someone new.
    let f = if head > from
        && matches!(
            text.low(head - 1),
            "один" | "одна" | "one" | "another" | "a" | "an"
        ) {
        head - 1
    } else {
        head
    };
    let head_lex = {
        let w = text.low(head);
        lexicon::is_role(w) || lexicon::is_group(w) || lexicon::is_document(w)
    };
    let mut e = head + 1;
    while e < to && e - f < 12 {
        if !text.toks[e].word {
            if text.is_punct(e, '(') {
                let mut c = e;
                while c < to && !text.is_punct(c, ')') {
                    c += 1;
                }
                if c >= to || c - e > 8 {
                    break;
                }
                e = c + 1;
                continue;
            }
            break;
        }
        let w = text.low(e);
        if (lexicon::is_stop(w) && w != "of") || lexicon::is_date_word(w) || is_verb_at(text, e) {
            break;
        }
        // "Береговая правозащитная сеть": lower-case words up to the noun
        // that makes a Russian organization's name.
        let org_noun_ahead = text.is_cyrillic(e)
            && (e..to.min(e + 3))
                .take_while(|&x| text.toks[x].word)
                .any(|x| lexicon::is_ru_org_noun(text.low(x)));
        let ok = text.is_cap(e)
            || matches!(w, "of" | "the" | "и" | "and")
            || (head_lex && e - head <= 3)
            || org_noun_ahead;
        if !ok {
            break;
        }
        e += 1;
    }
    let toks: Vec<usize> = (f..e).collect();
    let phrase = classify(text, &toks, sentence_first)?;
    // "заявила РИА Новости гендиректор проекта Анна Берг": what follows
    // the verb first may be whom it was told; a person named later in the
    // clause is the speaker.
    let one_word = matches!(&phrase, Phrase::Name { text, .. } if !text.contains(' '));
    if (matches!(&phrase, Phrase::Name { person: false, .. }) || one_word)
        && let Some(person) = later_person(text, e, to)
    {
        return Some(person);
    }
    // An appositive chain: prefer the segment that is a person's full name.
    if !matches!(&phrase, Phrase::Name { person: true, text } if text.contains(' ')) {
        let mut k = e;
        while k < to && !text.is_punct(k, ',') && !text.is_punct(k, '.') {
            k += 1;
        }
        while k < to && text.is_punct(k, ',') {
            let seg_start = k + 1;
            let mut seg_end = seg_start;
            while seg_end < to && text.toks[seg_end].word {
                seg_end += 1;
            }
            let seg: Vec<usize> = (seg_start..seg_end).collect();
            if (2..=3).contains(&seg.len())
                && seg.iter().all(|&i| text.is_cap(i))
                && !org_like(text, &seg)
            {
                return Some(Phrase::Name {
                    text: span_text(text, &seg),
                    person: true,
                });
            }
            k = seg_end;
            while k < to && !text.is_punct(k, ',') && !text.is_punct(k, '.') {
                k += 1;
            }
        }
    }
    Some(phrase)
}

/// "Walsh did not know …, but said …", "Он отказался …, но заявил …": a
/// verb after "but"/"and" shares the subject that opens the sentence (a
/// name of at most three words, or a pronoun).
fn coordinated_subject(text: &Text, lo: usize, verb: usize) -> Option<(Phrase, usize)> {
    let before = (lo..verb).rev().find(|&x| text.toks[x].word)?;
    if !matches!(text.low(before), "but" | "and" | "но" | "и" | "а" | "yet") {
        return None;
    }
    let mut e = lo;
    while e < verb && e - lo < 3 && text.toks[e].word && text.is_cap(e) {
        e += 1;
    }
    if e == lo {
        return None;
    }
    let toks: Vec<usize> = (lo..e).collect();
    let phrase = classify(text, &toks, lo)?;
    matches!(
        phrase,
        Phrase::Name { .. } | Phrase::Pronoun { .. } | Phrase::FirstPerson { .. }
    )
    .then_some((phrase, lo))
}

/// A person's name (two or three capitalised words, not an organization's)
/// in tokens `from..to`, before the clause ends.
fn later_person(text: &Text, from: usize, to: usize) -> Option<Phrase> {
    let mut i = from;
    while i < to.min(from + 12) {
        if text.is_punct(i, '.') || text.is_punct(i, ';') || text.is_punct(i, '«') {
            return None;
        }
        if text.toks[i].word && text.is_cap(i) && !text.is_acronym(i) {
            let mut e = i;
            while e < to && text.toks[e].word && text.is_cap(e) && !text.is_acronym(e) {
                e += 1;
            }
            let run: Vec<usize> = (i..e).collect();
            let names = person_tail(text, &run);
            if (2..=3).contains(&names.len()) && !org_like(text, names) {
                return Some(Phrase::Name {
                    text: span_text(text, names),
                    person: true,
                });
            }
            i = e;
            continue;
        }
        i += 1;
    }
    None
}

/// A source frame ("по данным X", "according to X") in tokens `lo..hi`.
fn source_frame(
    text: &Text,
    lo: usize,
    hi: usize,
    skip: &dyn Fn(usize) -> bool,
    first: usize,
) -> Option<Frame> {
    for i in lo..hi {
        if skip(i) {
            continue;
        }
        // "по их словам", "по его мнению": the possessive is the source.
        if text.low(i) == "по"
            && i + 2 < hi
            && let Some((plural, female, _)) = lexicon::pronoun(text.low(i + 1))
            && lexicon::SOURCE_FRAMES
                .iter()
                .any(|(w, _)| w.len() == 2 && w[0] == "по" && w[1] == text.low(i + 2))
        {
            let kind = if text.low(i + 2) == "мнению" {
                StatementKind::Paraphrase
            } else {
                StatementKind::ReportedClaim
            };
            return Some(Frame {
                kind,
                phrase: Phrase::Pronoun { plural, female },
                clause_tok: lo,
            });
        }
        for (words, kind) in lexicon::SOURCE_FRAMES {
            let n = words.len();
            if i + n > hi || !(0..n).all(|k| text.low(i + k) == words[k]) {
                continue;
            }
            let mut e = i + n;
            while e < hi
                && e - (i + n) < 10
                && !text.is_punct(e, ',')
                && !text.is_punct(e, '.')
                && !text.is_punct(e, ':')
            {
                e += 1;
            }
            let toks: Vec<usize> = (i + n..e).collect();
            let phrase = classify(text, &toks, first)?;
            let kind = match kind {
                SourceKind::Claim => StatementKind::ReportedClaim,
                SourceKind::Opinion => StatementKind::Paraphrase,
            };
            return Some(Frame {
                kind,
                phrase,
                clause_tok: lo,
            });
        }
    }
    None
}

/// "In the resolution of X, …", "В заявлении X …" opening a sentence.
fn opening_document(text: &Text, lo: usize, hi: usize) -> Option<Phrase> {
    let mut i = lo;
    while i < hi && (lexicon::is_adverb(text.low(i)) || text.is_punct(i, ',')) {
        i += 1;
    }
    if i >= hi || !matches!(text.low(i), "in" | "в" | "во") {
        return None;
    }
    i += 1;
    while i < hi
        && (lexicon::ARTICLES.contains(&text.low(i))
            || matches!(text.low(i), "своем" | "совместном" | "its" | "his" | "her"))
    {
        i += 1;
    }
    if i >= hi || !lexicon::is_document(text.low(i)) {
        return None;
    }
    let mut e = i + 1;
    while e < hi && text.toks[e].word && !lexicon::is_date_word(text.low(e)) && e - i < 10 {
        e += 1;
    }
    let rest: Vec<usize> = (i + 1..e).skip_while(|&k| text.low(k) == "of").collect();
    let owner = classify(text, &rest, lo).map(Box::new);
    Some(Phrase::Document { owner })
}

/// The frame of sentence `start..end`, ignoring tokens for which `skip` is
/// true (the words inside quotes, which are content, not frame).
pub(crate) fn sentence_frame(
    text: &Text,
    start: usize,
    end: usize,
    skip: &dyn Fn(usize) -> bool,
) -> Option<Frame> {
    let range = text.toks_in(start, end);
    let (lo, hi) = (range.start, range.end);
    if lo >= hi {
        return None;
    }
    let source = source_frame(text, lo, hi, skip, lo);
    // "… — заявление МИД.", "… — statement by the ministry.": a headline or
    // lead that names its source after a dash at its end.
    if let Some(dash) = (lo..hi)
        .rev()
        .take(8)
        .find(|&x| !text.toks[x].word && super::text::is_dash(text.chars[text.toks[x].start]))
        && dash + 2 < hi
        && lexicon::is_document(text.low(dash + 1))
    {
        let owner: Vec<usize> = (dash + 2..hi)
            .filter(|&x| text.toks[x].word && !matches!(text.low(x), "by" | "of" | "the"))
            .collect();
        if let Some(owner) = classify(text, &owner, lo) {
            return Some(Frame {
                kind: StatementKind::ReportedClaim,
                phrase: Phrase::Document {
                    owner: Some(Box::new(owner)),
                },
                clause_tok: lo,
            });
        }
    }
    let n = text.toks.len();
    for j in lo..hi {
        if skip(j) || !text.toks[j].word {
            continue;
        }
        let next = (j + 1 < n).then(|| text.low(j + 1));
        let next2 = (j + 2 < n).then(|| text.low(j + 2));
        let Some(class) = lexicon::verb_class(text.low(j), next, next2) else {
            continue;
        };
        // "ответил на вопросы", "answered questions": announces an
        // interview, says nothing itself.
        if matches!(next, Some("на" | "questions")) && text.low(j).starts_with("ответил")
            || text.low(j) == "answered"
        {
            continue;
        }
        // "amid claims", "the reports", "his statement": after a
        // preposition, an article or a possessive the word is a noun.
        if j > lo
            && matches!(
                text.low(j - 1),
                "amid"
                    | "the"
                    | "a"
                    | "an"
                    | "his"
                    | "her"
                    | "their"
                    | "its"
                    | "of"
                    | "these"
                    | "those"
                    | "such"
                    | "new"
                    | "by"
                    | "with"
                    | "despite"
                    | "after"
                    | "over"
            )
        {
            continue;
        }
        // Content must follow the verb, except in a sentence opened by its
        // document ("In the resolution of X, … were condemned.").
        let words_after = (j + 1..hi).filter(|&k| text.toks[k].word).count();
        // "сообщили в министерстве", "заявили в МИД": a plural verb without
        // a subject, and the body where it was said after it.
        let said_at = if text.low(j).ends_with("ли")
            && matches!(next, Some("в" | "во"))
            && class != VerbClass::Impersonal
        {
            let mut e = j + 2;
            while e < hi && e - j < 10 && text.toks[e].word {
                e += 1;
            }
            let toks: Vec<usize> = (j + 2..e).collect();
            classify(text, &toks, lo).map(|p| (p, j))
        } else {
            None
        };
        let found = match class {
            _ if said_at.is_some() => said_at,
            VerbClass::Impersonal => Some((Phrase::Impersonal, j)),
            VerbClass::DocumentSays => subject_after(text, j + 1, hi, lo)
                .or_else(|| subject_before(text, lo, j, lo).map(|(p, _)| p))
                .map(|p| (p, lo)),
            _ => subject_before(text, lo, j, lo)
                .or_else(|| coordinated_subject(text, lo, j))
                .or_else(|| {
                    // "told Reuters": what follows "told" is whom it was told.
                    if matches!(text.low(j), "told" | "tells") {
                        return None;
                    }
                    let indirect = (j + 1..hi).any(|k| matches!(text.low(k), "что" | "that"));
                    // "…, said the mayor.": a frame closing the sentence.
                    let closing = j > lo && text.is_punct(j - 1, ',') && words_after <= 8;
                    if indirect || closing {
                        subject_after(text, j + 1, hi, lo).map(|p| (p, j))
                    } else {
                        None
                    }
                }),
        };
        let (found, via_opening) = match found {
            Some(f) => (Some(f), false),
            None => (opening_document(text, lo, hi).map(|p| (p, lo)), true),
        };
        let Some((phrase, subject_tok)) = found else {
            continue;
        };
        // Content must follow the verb, unless the frame closes the
        // sentence after a comma ("…, an officer said.", "…, said Walsh."):
        // then it is what came before.
        let closing = subject_tok > lo
            && (text.is_punct(subject_tok - 1, ',')
                || (subject_tok == j && j > lo && text.is_punct(j - 1, ',')))
            && (lo..subject_tok).filter(|&k| text.toks[k].word).count() >= 2
            && words_after <= 8;
        if words_after < 2 && !via_opening && !closing {
            continue;
        }
        let kind = match (&phrase, class) {
            (Phrase::Document { .. }, VerbClass::Speech | VerbClass::DocumentSays)
                if !via_opening =>
            {
                StatementKind::ReportedClaim
            }
            _ => StatementKind::Paraphrase,
        };
        // Two sources in one sentence: the verb's clause starts after the
        // last comma before its subject.
        if let Some(src) = &source {
            let comma = (lo..subject_tok).rev().find(|&k| text.is_punct(k, ','));
            if let Some(c) = comma
                && c > lo
                && src_before(text, lo, c)
            {
                return Some(Frame {
                    kind,
                    phrase,
                    clause_tok: c + 1,
                });
            }
            return Some(src.clone());
        }
        return Some(Frame {
            kind,
            phrase,
            clause_tok: lo,
        });
    }
    source
}

/// Whether a source frame lies in tokens `lo..c`.
fn src_before(text: &Text, lo: usize, c: usize) -> bool {
    source_frame(text, lo, c, &|_| false, lo).is_some()
}

/// The article's own source, named in furniture such as "со ссылкой на
/// пресс-службу X", "X’s press service reports", "press service of X".
pub(crate) fn article_source(text: &Text) -> Option<String> {
    let n = text.toks.len();
    for i in 0..n {
        let w = text.low(i);
        let forward_from = if w.starts_with("пресс-служб") {
            Some(i + 1)
        } else if w == "press" && i + 1 < n && text.low(i + 1).starts_with("service") {
            if i > 0 && (text.low(i - 1).ends_with("’s") || text.low(i - 1).ends_with("'s")) {
                // "the Kazakh MFA’s press service": the owner is before.
                let mut s = i - 1;
                while s > 0 && text.is_cap(s - 1) {
                    s -= 1;
                }
                let raw = text.slice(text.toks[s].start, text.toks[i - 1].end);
                return Some(raw.trim_end_matches("’s").trim_end_matches("'s").to_owned());
            }
            (i + 2 < n && text.low(i + 2) == "of").then_some(i + 3)
        } else {
            None
        };
        if let Some(f) = forward_from {
            let mut e = f;
            while e < n
                && e - f < 6
                && text.toks[e].word
                && (text.is_cap(e) || matches!(text.low(e), "the" | "of"))
            {
                e += 1;
            }
            let toks: Vec<usize> = (f..e).filter(|&k| text.low(k) != "the").collect();
            if !toks.is_empty() {
                return Some(span_text(text, &toks));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(s: &str) -> Option<(StatementKind, Phrase)> {
        let t = Text::new(s);
        sentence_frame(&t, 0, t.chars.len(), &|_| false).map(|f| (f.kind, f.phrase))
    }

    fn name(s: &str, person: bool) -> Phrase {
        Phrase::Name {
            text: s.to_owned(),
            person,
        }
    }

    #[test]
    fn indirect_speech_with_a_named_subject() {
        assert_eq!(
            frame("Иван Петров заявил, что реформа провалилась."),
            Some((StatementKind::Paraphrase, name("Иван Петров", true)))
        );
        assert_eq!(
            frame(
                "Уже 3 марта министр обороны Пётр Сидоров 5 мая потребовал его немедленной отставки."
            ),
            Some((StatementKind::Paraphrase, name("Пётр Сидоров", true)))
        );
        assert_eq!(
            frame("The Foreign Minister John Smith said that talks would resume."),
            Some((StatementKind::Paraphrase, name("John Smith", true)))
        );
        assert_eq!(
            frame("Amnesty International also urged the police to stop."),
            Some((
                StatementKind::Paraphrase,
                name("Amnesty International", false)
            ))
        );
        assert_eq!(
            frame("Mr. Smith stressed the budget is balanced."),
            Some((StatementKind::Paraphrase, name("Smith", true)))
        );
    }

    #[test]
    fn pronouns_roles_and_groups_as_subjects() {
        assert_eq!(
            frame("Они также призвали власти освободить задержанных."),
            Some((
                StatementKind::Paraphrase,
                Phrase::Pronoun {
                    plural: true,
                    female: None
                }
            ))
        );
        assert_eq!(
            frame("Правозащитники отмечают, что суды перегружены."),
            Some((
                StatementKind::Paraphrase,
                Phrase::Group {
                    text: "Правозащитники".into(),
                    head: "правозащитники".into()
                }
            ))
        );
        assert_eq!(
            frame("The minister called on donors to help."),
            Some((
                StatementKind::Paraphrase,
                Phrase::Role {
                    text: "minister".into()
                }
            ))
        );
    }

    #[test]
    fn source_frames_are_reported_claims() {
        assert_eq!(
            frame("По данным полиции, пострадали 12 человек."),
            Some((
                StatementKind::ReportedClaim,
                Phrase::Group {
                    text: "полиции".into(),
                    head: "полиции".into()
                }
            ))
        );
        assert_eq!(
            frame("According to local officials, 40 houses burned."),
            Some((
                StatementKind::ReportedClaim,
                Phrase::Group {
                    text: "local officials".into(),
                    head: "officials".into()
                }
            ))
        );
        assert_eq!(
            frame("По их словам, границу закрыли."),
            Some((
                StatementKind::ReportedClaim,
                Phrase::Pronoun {
                    plural: true,
                    female: None
                }
            ))
        );
    }

    #[test]
    fn document_and_impersonal_frames() {
        assert_eq!(
            frame("The report also claims that the police beat detainees."),
            Some((
                StatementKind::ReportedClaim,
                Phrase::Document { owner: None }
            ))
        );
        assert_eq!(
            frame("На совещании отмечено, что сроки сорваны."),
            Some((StatementKind::Paraphrase, Phrase::Impersonal))
        );
        let got = frame("In the letter of the Union of Journalists, the arrests were condemned.");
        let Some((StatementKind::Paraphrase, Phrase::Document { owner: Some(owner) })) = got else {
            panic!("expected a document frame, got {got:?}");
        };
        assert_eq!(*owner, name("Union of Journalists", false));
    }

    #[test]
    fn sentences_without_a_speaker_are_not_frames() {
        assert_eq!(frame("Кроме того, известно, что погибли двое."), None);
        assert_eq!(frame("Стороны обсудили вопросы сотрудничества."), None);
        assert_eq!(
            frame("Protesters were condemned by nobody in particular."),
            None
        );
        assert_eq!(frame("Отметим, это первый такой документ."), None);
    }

    #[test]
    fn two_sources_split_the_sentence() {
        let t = Text::new(
            "Ранее по данным полиции, задержаны 5 человек, тогда судья Анна Ким сообщила, что их отпустят.",
        );
        let f = sentence_frame(&t, 0, t.chars.len(), &|_| false).expect("a frame");
        assert_eq!(f.phrase, name("Анна Ким", true));
        assert_eq!(t.low(f.clause_tok), "тогда");
    }

    #[test]
    fn inverted_subjects_after_the_verb() {
        let t = Text::new("отметил в этой связи глава МИД Франции.");
        assert_eq!(
            subject_after(&t, 1, t.toks.len(), 0),
            Some(Phrase::Role {
                text: "глава МИД Франции".into()
            })
        );
        let t =
            Text::new("said Amnesty International, the director of the Europe office, Jane Doe.");
        assert_eq!(
            subject_after(&t, 1, t.toks.len(), 0),
            Some(name("Jane Doe", true))
        );
        let t = Text::new("говорится в обращении.");
        assert_eq!(
            subject_after(&t, 1, t.toks.len(), 0),
            Some(Phrase::Document { owner: None })
        );
    }

    #[test]
    fn article_source_is_found() {
        let t = Text::new("Встреча прошла, передает агентство со ссылкой на пресс-службу МВД РФ.");
        assert_eq!(article_source(&t).as_deref(), Some("МВД РФ"));
        let t = Text::new("he said, the Polish MFA’s press service reports.");
        assert_eq!(article_source(&t).as_deref(), Some("Polish MFA"));
    }
}
