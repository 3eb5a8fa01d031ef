//! Generic word lists shared by the stages: reporting verbs, pronouns, role,
//! group and document nouns, function words. Nothing here names a person, an
//! organization or a phrase from a particular article; the lists describe how
//! news prose attributes speech in Russian and English.
//!
//! Words are compared lowercased, with "ё" read as "е" (see `Text::low`).

use std::collections::HashMap;
use std::sync::LazyLock;

/// What a reporting word says about the sentence around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VerbClass {
    /// Verbs of saying: "заявил", "said", "stressed".
    Speech,
    /// Calls, demands, proposals: "призвал", "urged", "called on".
    Appeal,
    /// Opinions and states of mind: "считает", "уверен", "обеспокоены".
    Stance,
    /// A subjectless report: "отмечено, что", "сообщается". The speaker is the
    /// article's source, if it names one.
    Impersonal,
    /// "говорится в заявлении": the speaker is the document's author.
    DocumentSays,
}

/// Russian past-tense stems: the masculine form; "-а", "-о" and "-и" are added.
const RU_PAST_SPEECH: &[&str] = &[
    "заявил",
    "отметил",
    "подчеркнул",
    "сообщил",
    "добавил",
    "подтвердил",
    "указал",
    "пояснил",
    "рассказал",
    "рассказывал",
    "напомнил",
    "уточнил",
    "объяснил",
    "признал",
    "сказал",
    "констатировал",
    "предупредил",
    "ответил",
    "заверил",
    "утверждал",
    "сообщал",
    "заявлял",
    "отмечал",
    "подчеркивал",
    "высказал",
    "назвал",
    "осудил",
    "обвинил",
    "раскритиковал",
    "говорил",
    "настаивал",
    "выразил",
    "резюмировал",
    "акцентировал",
    "опроверг",
    "посетовал",
    "пообещал",
    "убеждал",
    "возразил",
    "обещал",
];
const RU_PAST_APPEAL: &[&str] = &[
    "призвал",
    "потребовал",
    "предложил",
    "попросил",
    "рекомендовал",
    "призывал",
    "требовал",
    "просил",
    "предлагал",
];
const RU_PAST_STANCE: &[&str] = &["считал", "полагал"];
const RU_SPEECH: &[&str] = &[
    "отвергает",
    "отвергают",
    "отверг",
    "отвергла",
    "отвергли",
    "отрицает",
    "отрицают",
    "отрицал",
    "отрицала",
    "отрицали",
    "опровергла",
    "опровергли",
    "опровергает",
    "опровергают",
    "приветствует",
    "приветствуют",
    "приветствовал",
    "приветствовала",
    "приветствовали",
    "задокументировали",
    "задокументировал",
    "задокументировала",
    "заявляет",
    "заявляют",
    "отмечает",
    "отмечают",
    "подчеркивает",
    "подчеркивают",
    "сообщает",
    "сообщают",
    "добавляет",
    "добавляют",
    "говорит",
    "говорят",
    "утверждает",
    "утверждают",
    "указывает",
    "указывают",
    "напоминает",
    "напоминают",
    "поясняет",
    "поясняют",
    "уверяет",
    "уверяют",
    "настаивает",
    "настаивают",
    "признает",
    "признают",
    "предупреждает",
    "предупреждают",
    "обвиняет",
    "обвиняют",
    "осуждает",
    "осуждают",
    "выражает",
    "выражают",
];
const RU_APPEAL: &[&str] = &[
    "призывает",
    "призывают",
    "требует",
    "требуют",
    "предлагает",
    "предлагают",
    "просит",
    "просят",
    "обратился",
    "обратилась",
    "обратились",
    "обращается",
    "обращаются",
    "рекомендует",
    "рекомендуют",
];
const RU_STANCE: &[&str] = &[
    "считает",
    "считают",
    "полагает",
    "полагают",
    "уверен",
    "уверена",
    "уверены",
    "убежден",
    "убеждена",
    "убеждены",
    "обеспокоен",
    "обеспокоена",
    "обеспокоены",
    "недоволен",
    "недовольна",
    "недовольны",
    "возмущен",
    "возмущена",
    "возмущены",
    "согласен",
    "согласна",
    "согласны",
    "опасается",
    "опасаются",
    "надеется",
    "надеются",
];
const RU_IMPERSONAL: &[&str] = &[
    "сообщалось",
    "отмечалось",
    "заявлялось",
    "говорилось",
    "отмечено",
    "подчеркнуто",
    "сообщается",
    "отмечается",
    "подчеркивается",
    "заявлено",
    "указано",
    "сообщено",
    "указывается",
    "констатировано",
];
const EN_SPEECH: &[&str] = &[
    "said",
    "says",
    "stated",
    "states",
    "stressed",
    "stresses",
    "noted",
    "notes",
    "added",
    "adds",
    "told",
    "tells",
    "claimed",
    "claims",
    "argued",
    "argues",
    "insisted",
    "insists",
    "warned",
    "warns",
    "emphasized",
    "emphasised",
    "emphasizes",
    "emphasises",
    "underlined",
    "underlines",
    "underscored",
    "underscores",
    "explained",
    "explains",
    "confirmed",
    "confirms",
    "announced",
    "announces",
    "asserted",
    "asserts",
    "declared",
    "declares",
    "reiterated",
    "reiterates",
    "wrote",
    "writes",
    "reported",
    "acknowledged",
    "acknowledges",
    "admitted",
    "admits",
    "denied",
    "denies",
    "alleged",
    "alleges",
    "accused",
    "accuses",
    "condemned",
    "condemns",
    "criticized",
    "criticised",
    "criticizes",
    "criticises",
    "concluded",
    "replied",
    "remarked",
    "commented",
    "expressed",
    "expresses",
    "voiced",
    "voices",
    "maintained",
    "maintains",
    "promised",
    "pledged",
    "vowed",
    "assured",
    "assures",
    "rejected",
    "rejects",
    "dismissed",
    "dismisses",
    "welcomed",
    "welcomes",
    "deplored",
    "deplores",
    "regretted",
    "regrets",
    "described",
    "describes",
    "informed",
    "recalled",
    "recalls",
    "highlighted",
    "highlights",
    "observed",
    "cautioned",
    "complained",
    "objected",
    "disputed",
    "disputes",
    "countered",
    "estimated",
    "estimates",
    "reminded",
    "reminds",
    "documented",
    "documents",
];
const EN_APPEAL: &[&str] = &[
    "urged",
    "urges",
    "demanded",
    "demands",
    "asked",
    "asks",
    "requested",
    "requests",
    "proposed",
    "proposes",
    "suggested",
    "suggests",
    "recommended",
    "recommends",
    "insisted",
];
const EN_STANCE: &[&str] = &[
    "appalled",
    "alarmed",
    "dismayed",
    "outraged",
    "shocked",
    "concerned",
    "believes",
    "believed",
    "thinks",
    "considers",
    "fears",
    "hopes",
];
/// Verbs that report only with a particle after them: "called on", "pointed out".
const EN_PHRASAL: &[(&str, &str, VerbClass)] = &[
    ("called", "on", VerbClass::Appeal),
    ("calls", "on", VerbClass::Appeal),
    ("call", "on", VerbClass::Appeal),
    ("called", "upon", VerbClass::Appeal),
    ("calls", "upon", VerbClass::Appeal),
    ("appealed", "to", VerbClass::Appeal),
    ("appeals", "to", VerbClass::Appeal),
    ("appealed", "for", VerbClass::Appeal),
    ("called", "for", VerbClass::Appeal),
    ("found", "that", VerbClass::Speech),
    ("finds", "that", VerbClass::Speech),
    ("calls", "for", VerbClass::Appeal),
    ("pointed", "out", VerbClass::Speech),
    ("следует", "из", VerbClass::DocumentSays),
    ("points", "out", VerbClass::Speech),
    ("spoke", "out", VerbClass::Speech),
];
/// Russian verbs that report an appeal only with the noun after them
/// ("сделали обращение", "выступил с заявлением", "направили письмо").
const RU_LIGHT_VERBS: &[&str] = &[
    "сделал",
    "направил",
    "выступил",
    "распространил",
    "опубликовал",
];
const RU_APPEAL_NOUNS: &[&str] = &["обращени", "заявлени", "призыв", "письм", "петици"];

static VERBS: LazyLock<HashMap<String, VerbClass>> = LazyLock::new(|| {
    let mut map = HashMap::new();
    let past = |stems: &[&str], class: VerbClass, map: &mut HashMap<String, VerbClass>| {
        for stem in stems {
            map.insert((*stem).to_owned(), class);
            for ending in ["а", "о", "и"] {
                map.insert(format!("{stem}{ending}"), class);
            }
        }
    };
    past(RU_PAST_SPEECH, VerbClass::Speech, &mut map);
    past(RU_PAST_APPEAL, VerbClass::Appeal, &mut map);
    past(RU_PAST_STANCE, VerbClass::Stance, &mut map);
    for (list, class) in [
        (RU_SPEECH, VerbClass::Speech),
        (RU_APPEAL, VerbClass::Appeal),
        (RU_STANCE, VerbClass::Stance),
        (RU_IMPERSONAL, VerbClass::Impersonal),
        (EN_SPEECH, VerbClass::Speech),
        (EN_APPEAL, VerbClass::Appeal),
        (EN_STANCE, VerbClass::Stance),
    ] {
        for word in list {
            map.insert((*word).to_owned(), class);
        }
    }
    map.insert("говорится".to_owned(), VerbClass::DocumentSays);
    map.insert("сказано".to_owned(), VerbClass::DocumentSays);
    map
});

/// The class of a reporting verb, given the word and the one after it.
pub(crate) fn verb_class(word: &str, next: Option<&str>, next2: Option<&str>) -> Option<VerbClass> {
    if let Some((_, _, class)) = EN_PHRASAL
        .iter()
        .find(|(w, particle, _)| *w == word && next == Some(particle))
    {
        return Some(*class);
    }
    let light = RU_LIGHT_VERBS.iter().any(|stem| {
        word.strip_prefix(stem)
            .is_some_and(|e| matches!(e, "" | "а" | "и" | "о"))
    });
    if light {
        let noun =
            |w: Option<&str>| w.is_some_and(|w| RU_APPEAL_NOUNS.iter().any(|n| w.starts_with(n)));
        if noun(next) || (next.is_some_and(|w| w == "с" || w == "со") && noun(next2)) {
            return Some(VerbClass::Appeal);
        }
        return None;
    }
    VERBS.get(word).copied()
}

/// Personal pronouns that can be a speaker, with (plural, female, impersonal).
pub(crate) fn pronoun(word: &str) -> Option<(bool, Option<bool>, bool)> {
    Some(match word {
        "он" | "his" | "he" | "его" => (false, Some(false), false),
        "она" | "she" | "her" | "ее" => (false, Some(true), false),
        "они" | "they" | "их" | "their" | "them" => (true, None, false),
        // "It warned …": the organization just spoken of.
        "it" | "оно" => (false, None, false),
        _ => return None,
    })
}

/// Verbs of saying that take what was said as their object ("said the
/// tally was wrong"), unlike verbs of stance that take a noun ("welcomed
/// the decision"): a sentence with one says something of its own.
pub(crate) fn is_saying(word: &str) -> bool {
    matches!(
        word,
        "said" | "says" | "told" | "tells" | "stated" | "states" | "noted" | "added" | "explained"
    ) || [
        "заявил",
        "сказал",
        "сообщил",
        "отметил",
        "подчеркнул",
        "добавил",
        "пояснил",
    ]
    .iter()
    .any(|stem| word.starts_with(stem))
}

/// First-person pronouns that can be a speaker, with whether they are plural:
/// the speaker of the quote, or the author of the document.
pub(crate) fn first_person(word: &str) -> Option<bool> {
    match word {
        "i" | "я" => Some(false),
        "we" | "мы" => Some(true),
        _ => None,
    }
}

/// Role nouns: a person referred to by post (lowercase stems, matched as prefixes).
const ROLE_STEMS: &[&str] = &[
    "министр",
    "замминистр",
    "вице-министр",
    "глав",
    "директор",
    "посол",
    "президент",
    "премьер",
    "председател",
    "спикер",
    "пресс-секретар",
    "секретар",
    "генсек",
    "дипломат",
    "омбудсмен",
    "уполномоченн",
    "руководител",
    "начальник",
    "губернатор",
    "аким",
    "мэр",
    "прокурор",
    "судья",
    "адвокат",
    "лидер",
    "командующ",
    "советник",
    "заместител",
    "депутат",
    "сенатор",
    "representative",
    "minister",
    "president",
    "director",
    "ambassador",
    "diplomat",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "head",
    "chairman",
    "chairwoman",
    "chair",
    "chief",
    "secretary",
    "envoy",
    "commissioner",
    "ombudsman",
    "prosecutor",
    "judge",
    "lawyer",
    "leader",
    "governor",
    "mayor",
    "official",
    "adviser",
    "advisor",
    "deputy",
    "senator",
    "premier",
    "officer",
    "observer",
    "representative",
    "комиссар",
    "полицейск",
    "наблюдатель",
    "очевид",
    "представител",
];

/// Exact role words where a stem would catch too much ("глав" would catch "главный").
const ROLE_EXACT_RU: &[&str] = &["глава", "главы", "главе", "главой"];

pub(crate) fn is_role(word: &str) -> bool {
    if word.starts_with("глав") {
        return ROLE_EXACT_RU.contains(&word);
    }
    ROLE_STEMS
        .iter()
        .filter(|s| **s != "глав")
        .any(|s| word.starts_with(s))
        && !word.starts_with("министерств")
        && !word.starts_with("секретариат")
        && !word.starts_with("president's")
        && word != "presidential"
        && !word.starts_with("президентск")
}

/// Collective speakers (lowercase stems).
const GROUP_STEMS: &[&str] = &[
    "власт",
    "правозащитник",
    "активист",
    "эксперт",
    "депутат",
    "участник",
    "представител",
    "организатор",
    "юрист",
    "адвокат",
    "родственник",
    "жител",
    "свидетел",
    "демонстрант",
    "протестующ",
    "митингующ",
    "силовик",
    "наблюдател",
    "аналитик",
    "политолог",
    "чиновник",
    "следовател",
    "медик",
    "врач",
    "authorities",
    "activists",
    "defenders",
    "experts",
    "officials",
    "lawmakers",
    "deputies",
    "participants",
    "representatives",
    "organizers",
    "organisers",
    "lawyers",
    "relatives",
    "residents",
    "witnesses",
    "protesters",
    "campaigners",
    "observers",
    "analysts",
    "critics",
    "investigators",
    "doctors",
    "prosecutors",
    "leadership",
    "руководств",
    "полиция",
    "reporters",
    "journalists",
    "журналист",
    "supporters",
    "сторонник",
    "партнер",
];

/// Common nouns that, after a capitalised adjective, name a Russian
/// organization ("Береговая лига", "Хельсинкская группа").
pub(crate) fn is_ru_org_noun(word: &str) -> bool {
    [
        "лиг",
        "групп",
        "сет",
        "центр",
        "союз",
        "фонд",
        "парти",
        "движени",
        "ассоциаци",
        "коалици",
        "альянс",
        "общество",
        "объединени",
        "инициатив",
    ]
    .iter()
    .any(|s| word.starts_with(s))
}

/// Words that make a capitalised run an organization rather than a place
/// (prefixes, lower case).
const BODY_WORDS: &[&str] = &[
    "watch",
    "amnesty",
    "ministry",
    "committee",
    "commission",
    "office",
    "council",
    "union",
    "agency",
    "service",
    "party",
    "association",
    "foundation",
    "fund",
    "bank",
    "parliament",
    "court",
    "government",
    "assembly",
    "institute",
    "university",
    "group",
    "center",
    "centre",
    "department",
    "police",
    "army",
    "embassy",
    "mission",
    "network",
    "alliance",
    "coalition",
    "movement",
    "society",
    "company",
    "corporation",
    "bureau",
    "organization",
    "organisation",
    "nations",
    "министерств",
    "комитет",
    "комисси",
    "совет",
    "служб",
    "агентств",
    "парти",
    "движени",
    "ассоциаци",
    "фонд",
    "центр",
    "союз",
    "управлени",
    "администраци",
    "прокуратур",
    "посольств",
    "суд",
];

/// Whether `word` (lower case) makes a capitalised run a body's name.
pub(crate) fn is_body_word(word: &str) -> bool {
    BODY_WORDS.iter().any(|b| word.starts_with(b))
}

/// Collective nouns that are one body, not a plural: "the commission said".
pub(crate) fn is_institution(word: &str) -> bool {
    INSTITUTIONS.iter().any(|s| word.starts_with(s))
}

/// Stems of the collectives that are one body (see [`is_institution`]).
const INSTITUTIONS: &[&str] = &[
    "commission",
    "committee",
    "government",
    "ministry",
    "police",
    "opposition",
    "комисси",
    "комитет",
    "правительств",
    "министерств",
    "ведомств",
    "дипведомств",
    "полици",
    "оппозици",
    "представительств",
    "администраци",
    "пресс-служб",
    "прокуратур",
    "посольств",
];

pub(crate) fn is_group(word: &str) -> bool {
    (GROUP_STEMS.iter().any(|s| word.starts_with(s)) || is_institution(word)) && word != "властью"
}

/// Documents that can carry a statement (lowercase stems).
const DOC_STEMS: &[&str] = &[
    "заявлени",
    "обращени",
    "доклад",
    "отчет",
    "сообщени",
    "письм",
    "резолюци",
    "документ",
    "коммюнике",
    "пресс-релиз",
    "материал",
    "комментари",
    "петици",
    "statement",
    "report",
    "appeal",
    "letter",
    "resolution",
    "document",
    "communique",
    "declaration",
    "petition",
    "press release",
];

pub(crate) fn is_document(word: &str) -> bool {
    DOC_STEMS.iter().any(|s| word.starts_with(s)) && word != "reporters" && word != "reporting"
}

/// Words inside a capitalised run that make it an organization or a place,
/// not a person ("Human Rights Watch", "Central Asia").
const ORG_WORDS: &[&str] = &[
    "rights",
    "watch",
    "international",
    "ministry",
    "organization",
    "organisation",
    "council",
    "union",
    "bureau",
    "office",
    "committee",
    "agency",
    "service",
    "party",
    "association",
    "foundation",
    "fund",
    "bank",
    "parliament",
    "court",
    "government",
    "assembly",
    "institute",
    "university",
    "commission",
    "group",
    "center",
    "centre",
    "news",
    "press",
    "department",
    "program",
    "programme",
    "forces",
    "nations",
    "republic",
    "federation",
    "kingdom",
    "states",
    "asia",
    "europe",
    "america",
    "africa",
    "east",
    "west",
    "north",
    "south",
    "central",
    "body",
    "platform",
    "administration",
    "amnesty",
    "network",
    "alliance",
    "coalition",
    "movement",
    "society",
    "club",
    "company",
    "corporation",
    "television",
    "radio",
    "channel",
    "times",
    "post",
    "daily",
    "tribune",
    "embassy",
    "mission",
    "police",
    "army",
    "navy",
    "national",
    "human",
    "public",
    "world",
    "global",
    "security",
    "development",
    "women",
    "people",
    "democratic",
    "social",
    "foreign",
    "affairs",
    "supreme",
    "constitutional",
    "european",
    "united",
    "general",
    "dialogue",
    "consultative",
    "advisory",
    // Places, which are not people either.
    "camp",
    "territory",
    "territories",
    "city",
    "province",
    "region",
    "island",
    "islands",
    "street",
    "avenue",
    "square",
    "district",
    "county",
    "river",
    "valley",
    "bay",
    "sea",
    "ocean",
    "gulf",
    "park",
    "building",
    "hospital",
    "school",
    "airport",
    "station",
    "palace",
    "house",
    "hall",
    "bridge",
];

/// Title words that precede a name in English ("Deputy Minister Roman …").
const TITLE_WORDS: &[&str] = &[
    "deputy",
    "minister",
    "president",
    "director",
    "ambassador",
    "ambassador-at-large",
    "secretary",
    "general",
    "prime",
    "foreign",
    "affairs",
    "chairman",
    "chairwoman",
    "head",
    "chief",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "commissioner",
    "envoy",
    "senator",
    "governor",
    "mayor",
    "judge",
    "prosecutor",
    "executive",
    "vice",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "sir",
    "lady",
    "lord",
    "king",
    "queen",
    "prince",
    "sheikh",
    "special",
    "high",
    "representative",
    "leader",
    "opposition",
    "activist",
    "lawyer",
    "journalist",
    "professor",
    "president-elect",
    "ex-president",
    "former",
];

pub(crate) fn is_title_word(word: &str) -> bool {
    TITLE_WORDS.contains(&word) || is_role(word)
}

pub(crate) fn is_org_word(word: &str) -> bool {
    ORG_WORDS.contains(&word)
}

pub(crate) const HONORIFICS: &[&str] = &["mr", "mrs", "ms", "dr", "prof", "sir", "г-н", "г-жа"];

/// Adverbs and particles skipped between a speaker and the verb
/// ("Они также потребовали", "HRW also demanded").
const ADVERBS: &[&str] = &[
    "также",
    "тоже",
    "уже",
    "ранее",
    "позже",
    "позднее",
    "вновь",
    "снова",
    "еще",
    "тогда",
    "сегодня",
    "вчера",
    "неоднократно",
    "лично",
    "публично",
    "впоследствии",
    "затем",
    "прямо",
    "открыто",
    "официально",
    "недавно",
    "накануне",
    "вскоре",
    "все",
    "же",
    "ведь",
    "лишь",
    "прежде",
    "однако",
    "кроме",
    "того",
    "этого",
    "этом",
    "при",
    "also",
    "previously",
    "earlier",
    "later",
    "further",
    "repeatedly",
    "today",
    "yesterday",
    "then",
    "again",
    "however",
    "reportedly",
    "publicly",
    "recently",
    "subsequently",
    "once",
    "has",
    "have",
    "had",
    "was",
    "were",
    "is",
    "are",
    "been",
    "has",
    "would",
    "will",
    "did",
    "does",
    "do",
    "personally",
    "officially",
    "openly",
    "strongly",
    "firmly",
    "clearly",
    "explicitly",
    "directly",
    "immediately",
    "still",
    "already",
    "too",
    "meanwhile",
    "thus",
    "so",
    "but",
];

pub(crate) fn is_adverb(word: &str) -> bool {
    ADVERBS.contains(&word)
        || (word.len() > 4 && word.ends_with("ly") && word.is_ascii())
        || word.starts_with("неоднократн")
}

const WEEKDAYS: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "понедельник",
    "вторник",
    "сред",
    "четверг",
    "пятниц",
    "суббот",
    "воскресень",
];

/// Words of a date: numbers, month and weekday names, "года".
pub(crate) fn is_date_word(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_digit())
        || text::month_named(word).is_some()
        || WEEKDAYS.iter().any(|d| word.starts_with(d))
        || matches!(
            word,
            "года" | "год" | "году" | "числа" | "утром" | "вечером" | "днем"
        )
}

/// Prepositions and function words that end a speaker phrase ("of" does not:
/// "Minister of Foreign Affairs").
const STOPS: &[&str] = &[
    "в",
    "во",
    "на",
    "по",
    "с",
    "со",
    "о",
    "об",
    "к",
    "ко",
    "для",
    "от",
    "из",
    "за",
    "при",
    "после",
    "до",
    "у",
    "через",
    "что",
    "чтобы",
    "который",
    "которая",
    "которые",
    "которого",
    "когда",
    "где",
    "как",
    "если",
    "но",
    "а",
    "не",
    "ни",
    "это",
    "in",
    "on",
    "at",
    "for",
    "with",
    "by",
    "from",
    "after",
    "before",
    "during",
    "to",
    "that",
    "which",
    "who",
    "whom",
    "when",
    "where",
    "while",
    "as",
    "if",
    "not",
    "this",
    "it",
    "its",
    "there",
    "here",
    "than",
    "because",
    "about",
    "into",
    "over",
    "under",
    "между",
    "против",
    "без",
    "под",
    "над",
    "перед",
    "среди",
    "between",
    "against",
    "without",
    "among",
    "since",
    "until",
    "upon",
    "via",
    "per",
];

pub(crate) fn is_stop(word: &str) -> bool {
    STOPS.contains(&word)
}

pub(crate) const ARTICLES: &[&str] = &["the", "a", "an", "its", "his", "her", "their", "our"];

/// Source frames: word sequences that attribute what follows to a source
/// named after them, with the kind of statement they make.
pub(crate) const SOURCE_FRAMES: &[(&[&str], SourceKind)] = &[
    (&["по", "данным"], SourceKind::Claim),
    (&["по", "информации"], SourceKind::Claim),
    (&["по", "сведениям"], SourceKind::Claim),
    (&["по", "оценкам"], SourceKind::Claim),
    (&["по", "словам"], SourceKind::Claim),
    (&["по", "мнению"], SourceKind::Opinion),
    (&["как", "сообщает"], SourceKind::Claim),
    (&["как", "сообщают"], SourceKind::Claim),
    (&["как", "сообщил"], SourceKind::Claim),
    (&["как", "сообщила"], SourceKind::Claim),
    (&["как", "сообщили"], SourceKind::Claim),
    (&["как", "заявил"], SourceKind::Opinion),
    (&["как", "заявила"], SourceKind::Opinion),
    (&["как", "заявили"], SourceKind::Opinion),
    (&["как", "отметил"], SourceKind::Opinion),
    (&["как", "отметила"], SourceKind::Opinion),
    (&["как", "отметили"], SourceKind::Opinion),
    (&["according", "to"], SourceKind::Claim),
    (&["as", "reported", "by"], SourceKind::Claim),
    (&["in", "the", "opinion", "of"], SourceKind::Opinion),
    (&["in", "the", "view", "of"], SourceKind::Opinion),
];

/// Whether a source frame reports facts or an opinion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SourceKind {
    Claim,
    Opinion,
}

/// Deontic modals: a sentence with one, right after reported speech and
/// without a frame of its own, usually continues that speech
/// ("… called for an inquiry. Those responsible should be punished.").
const MODALS: &[&str] = &[
    "should",
    "must",
    "ought",
    "должны",
    "должен",
    "должна",
    "должно",
    "необходимо",
    "следует",
    "нужно",
    "надо",
];

pub(crate) fn is_modal(word: &str) -> bool {
    MODALS.contains(&word)
}

/// Synonyms linking a role noun to title words ("the diplomat" is a minister
/// of foreign affairs or an ambassador; "глава государства" is the president).
pub(crate) const ROLE_SYNONYMS: &[(&str, &[&str])] = &[
    (
        "diplomat",
        &["foreign", "ambassador", "envoy", "minister", "diplomat"],
    ),
    (
        "дипломат",
        &["иностранн", "посол", "мид", "министр", "дипломат"],
    ),
    (
        "глава",
        &[
            "министр",
            "директор",
            "председател",
            "руководител",
            "президент",
            "глава",
        ],
    ),
    (
        "head",
        &[
            "minister",
            "director",
            "chair",
            "president",
            "head",
            "leader",
        ],
    ),
    ("государств", &["президент"]),
    ("state", &["president"]),
    ("омбудсмен", &["уполномоченн"]),
    ("ombudsman", &["commissioner"]),
    (
        "official",
        &["minister", "deputy", "spokes", "director", "official"],
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_are_found_in_all_their_forms() {
        assert_eq!(verb_class("заявила", None, None), Some(VerbClass::Speech));
        assert_eq!(verb_class("призвали", None, None), Some(VerbClass::Appeal));
        assert_eq!(verb_class("считают", None, None), Some(VerbClass::Stance));
        assert_eq!(
            verb_class("отмечено", None, None),
            Some(VerbClass::Impersonal)
        );
        assert_eq!(
            verb_class("говорится", None, None),
            Some(VerbClass::DocumentSays)
        );
        assert_eq!(
            verb_class("called", Some("on"), None),
            Some(VerbClass::Appeal)
        );
        assert_eq!(verb_class("called", Some("him"), None), None);
        assert_eq!(
            verb_class("сделали", Some("обращение"), None),
            Some(VerbClass::Appeal)
        );
        assert_eq!(
            verb_class("выступил", Some("с"), Some("заявлением")),
            Some(VerbClass::Appeal)
        );
        assert_eq!(verb_class("сделали", Some("ремонт"), None), None);
        // Welcoming is a stance said aloud; a sentence that only announces
        // the quotation after it is dropped by the extractor, not here.
        assert_eq!(
            verb_class("приветствовал", None, None),
            Some(VerbClass::Speech)
        );
        assert_eq!(verb_class("встретился", None, None), None);
        assert_eq!(verb_class("отметим", None, None), None);
    }

    #[test]
    fn nouns_are_classified() {
        assert!(is_role("глава") && !is_role("главный"));
        assert!(is_role("министр") && !is_role("министерство"));
        assert!(is_role("diplomat") && is_role("spokesperson"));
        assert!(is_group("правозащитники") && is_group("authorities"));
        assert!(is_document("обращении") && is_document("statement"));
        assert!(is_date_word("января") && is_date_word("29") && is_date_word("saturday"));
        assert!(!is_date_word("майдан"));
        assert!(is_adverb("также") && is_adverb("decisively"));
        assert_eq!(pronoun("они"), Some((true, None, false)));
    }
}
