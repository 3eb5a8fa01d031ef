//! Documents an organization wrote itself: a ministry's statement, an NGO's
//! news release, a UN body's statement. Nobody frames their claims ("said",
//! "according to"), because the whole document is the organization
//! speaking; "we", "our", "мы" are that organization.
//!
//! The author is found, most certain first:
//! - from the publisher given at ingestion, when it names an organization
//!   that speaks for itself rather than a news outlet (a ministry, a rights
//!   group, a commission; not "News", "TV", "агентство");
//! - from a title line that says what the document is ("Statement of the
//!   Ministry of …", "Заявление МИД …", "Press release");
//! - from an opening frame in the voice of a release ("…, Human Rights
//!   Watch said today", "…, сообщает Хьюман Райтс Вотч"): an organization
//!   speaking in the present of the document.

use super::attribution::{self, Phrase};
use super::lexicon;
use super::sentences::Sentence;
use super::text::Text;

/// Words of a publisher's name that make it an organization speaking for
/// itself (lower case, matched as prefixes of the name's words).
const AUTHORING: &[&str] = &[
    "ministr",
    "министерств",
    "мид",
    "mfa",
    "watch",
    "amnesty",
    "committee",
    "комитет",
    "commission",
    "комисси",
    "council",
    "совет",
    "office",
    "управлени",
    "government",
    "правительств",
    "embassy",
    "посольств",
    "department",
    "департамент",
    "organization",
    "organisation",
    "организаци",
    "external",
    "rights",
    "прав",
    "правозащит",
    "ombudsman",
    "омбудсмен",
    "уполномоченн",
    "commissioner",
    "комиссар",
    "secretariat",
    "секретариат",
    "presidency",
    "администраци",
    "пресс-служб",
];

/// Words that make a publisher a news outlet, whatever else its name says.
const MEDIA: &[&str] = &[
    "news",
    "новост",
    "tv",
    "тв",
    "radio",
    "радио",
    "agency",
    "агентств",
    "times",
    "post",
    "daily",
    "газет",
    "журнал",
    "press",
    "информ",
    "inform",
    "media",
    "медиа",
    "channel",
    "канал",
    "herald",
    "gazette",
    "tribune",
    "journal",
    "fm",
];

fn words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether a publisher's name is an organization that speaks for itself
/// (its documents are its own statements) rather than a news outlet.
pub(crate) fn is_authoring_name(name: &str) -> bool {
    let words = words(name);
    let any = |list: &[&str]| {
        words.iter().any(|w| {
            list.iter()
                .any(|p| w.starts_with(p) && (p.len() > 2 || w == p))
        })
    };
    let press_service = words
        .windows(2)
        .any(|w| w[0] == "press" && w[1].starts_with("service"));
    press_service || (any(AUTHORING) && !any(MEDIA))
}

/// Opening words of a title that say the document is an organization's own.
const TITLE_OPENERS: &[&str] = &[
    "statement",
    "joint statement",
    "press release",
    "news release",
    "communique",
    "communiqué",
    "заявление",
    "совместное заявление",
    "комментарий",
    "пресс-релиз",
    "сообщение",
];

/// The author named by a title line ("Statement of the Ministry of Foreign
/// Affairs on …", "Заявление МИД России в связи с …"), or `Some(None)` when
/// the title says the document is a statement without naming whose.
fn from_title(text: &Text, title: &Sentence) -> Option<Option<String>> {
    let line = text.slice(title.start, title.end).to_lowercase();
    let opener = TITLE_OPENERS.iter().find(|o| {
        line.starts_with(*o)
            && line[o.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
    })?;
    let toks = text.toks_in(title.start, title.end);
    let skip = opener.split(' ').count();
    let mut rest: Vec<usize> = toks
        .clone()
        .filter(|&i| text.toks[i].word)
        .skip(skip)
        .collect();
    while rest
        .first()
        .is_some_and(|&i| matches!(text.low(i), "of" | "by" | "the" | "from"))
    {
        rest.remove(0);
    }
    // The owner ends where the topic starts ("on", "в связи с", "по поводу").
    let end = rest
        .iter()
        .position(|&i| {
            matches!(
                text.low(i),
                "on" | "regarding" | "concerning" | "about" | "в" | "о" | "об" | "по" | "на" | "к"
            )
        })
        .unwrap_or(rest.len());
    let owner: Vec<usize> = rest[..end].to_vec();
    // The owner as the title names it: an organization's name, whatever
    // the words ("Министерства рыболовства Эксландии").
    let named = attribution::classify(text, &owner, toks.start).and_then(|p| match p {
        Phrase::Name {
            text,
            person: false,
        } => Some(text),
        Phrase::Role { text } => Some(text),
        _ => None,
    });
    let spelled = match (owner.first(), owner.last()) {
        (Some(&a), Some(&b)) if owner.len() <= 8 => {
            Some(text.slice(text.toks[a].start, text.toks[b].end))
        }
        _ => None,
    };
    Some(spelled.or(named))
}

/// The organization an opening sentence makes speak in the present of the
/// document: "…, Human Rights Watch said today." / "…, сообщает X."
fn from_opening(text: &Text, s: &Sentence) -> Option<String> {
    let frame = attribution::sentence_frame(text, s.start, s.end, &|_| false)?;
    let Phrase::Name {
        text: name,
        person: false,
    } = frame.phrase
    else {
        return None;
    };
    let toks = text.toks_in(s.start, s.end);
    let present = toks.clone().any(|i| {
        matches!(
            text.low(i),
            "today" | "сегодня" | "сообщает" | "says" | "заявляет"
        )
    });
    present.then_some(name)
}

/// The organization that wrote the body itself, if it is such a document:
/// the publisher `outlet` when it is an organization speaking for itself,
/// else the one a title line or the opening frame names.
pub(crate) fn detect(text: &Text, sents: &[Sentence], outlet: Option<&str>) -> Option<String> {
    let outlet = outlet.map(str::trim).filter(|o| !o.is_empty());
    if let Some(o) = outlet.filter(|o| is_authoring_name(o)) {
        return Some(o.to_owned());
    }
    let first = sents.first()?;
    let titled = sents.get(1).is_some_and(|n| n.paragraph != first.paragraph);
    if titled && let Some(named) = from_title(text, first) {
        return named.or_else(|| outlet.map(str::to_owned));
    }
    // The opening sentence of the story (after a title line, if any).
    let opening = if titled { sents.get(1)? } else { first };
    from_opening(text, opening)
}

/// Words of a title or a line that make the document a person's speech
/// ("Statement by …", "Delivered by: …", "Вступительное заявление …").
const SPEECH_MARKERS: &[&str] = &[
    "delivered by",
    "statement by",
    "remarks by",
    "speech by",
    "address by",
    "speaker:",
    "заявление",
    "выступление",
    "обращение",
    "речь",
];

/// The person whose speech the document is, named near its top by a
/// line such as "Delivered by: UN High Commissioner for Human Rights, Jan
/// Novak" or "Вступительное заявление Верховного комиссара … Яна Новака".
/// Only a name of two to four capitalised words (particles such as "аль",
/// "de", "van" allowed inside) is taken.
pub(crate) fn speech_person(text: &Text, sents: &[Sentence]) -> Option<String> {
    for s in sents.iter().take(12) {
        let line = text.slice(s.start, s.end).to_lowercase();
        if !SPEECH_MARKERS.iter().any(|m| line.contains(m)) || text.word_count(s.start, s.end) > 25
        {
            continue;
        }
        // The last run of capitalised words is the name.
        let toks: Vec<usize> = text
            .toks_in(s.start, s.end)
            .filter(|&i| text.toks[i].word || text.is_punct(i, ',') || text.is_punct(i, ':'))
            .collect();
        let mut end = toks.len();
        while end > 0 && !text.is_cap(toks[end - 1]) {
            end -= 1;
        }
        let mut start = end;
        while start > 0 {
            let i = toks[start - 1];
            let particle = matches!(
                text.low(i),
                "аль" | "al" | "el" | "de" | "da" | "van" | "von" | "bin" | "ibn"
            ) && start < end;
            if text.toks[i].word
                && ((text.is_cap(i) && !text.is_acronym(i) && !lexicon::is_title_word(text.low(i)))
                    || particle)
            {
                start -= 1;
            } else {
                break;
            }
        }
        let name: Vec<usize> = toks[start..end].to_vec();
        let capitals = name.iter().filter(|&&i| text.is_cap(i)).count();
        // A body's name ("Заявление Министерства") is no person's.
        let common = |i: usize| {
            let w = text.low(i);
            lexicon::is_org_word(w)
                || lexicon::is_group(w)
                || lexicon::is_role(w)
                || lexicon::is_institution(w)
                || w.starts_with("министерств")
                || SPEECH_MARKERS.iter().any(|m| m.starts_with(w))
        };
        if (2..=4).contains(&capitals) && name.iter().all(|&i| !common(i)) {
            return Some(text.slice(
                text.toks[name[0]].start,
                text.toks[name[name.len() - 1]].end,
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::super::quotes::find_pairs;
    use super::super::sentences::split;
    use super::*;

    fn detect_in(body: &str, outlet: Option<&str>) -> Option<String> {
        let text = Text::new(body);
        let sents = split(&text.chars, &find_pairs(&text.chars));
        detect(&text, &sents, outlet)
    }

    #[test]
    fn a_publisher_that_speaks_for_itself_is_the_author() {
        assert!(is_authoring_name("Ministry of Foreign Affairs of Norway"));
        assert!(is_authoring_name("Министерство иностранных дел Чили"));
        assert!(is_authoring_name("МИД Латвии"));
        assert!(is_authoring_name("Committee for Fair Elections"));
        assert!(!is_authoring_name("Daily News"));
        assert!(!is_authoring_name("Агентство новостей Севера"));
        assert!(!is_authoring_name("Northern Radio"));
        assert!(!is_authoring_name("The Harbour Times"));
        assert_eq!(
            detect_in(
                "The ministry regrets the delay.",
                Some("Ministry of Fisheries")
            ),
            Some("Ministry of Fisheries".to_owned())
        );
        assert_eq!(
            detect_in("The ministry regrets the delay.", Some("Harbour News")),
            None
        );
    }

    #[test]
    fn a_title_line_names_the_author() {
        assert_eq!(
            detect_in(
                "Statement of the Ministry of Fisheries on the quota\nWe regret the delay.",
                None
            ),
            Some("Ministry of Fisheries".to_owned())
        );
        assert_eq!(
            detect_in(
                "Заявление Министерства рыболовства в связи с квотами\nМы сожалеем о задержке.",
                Some("Рыбный вестник")
            ),
            Some("Министерства рыболовства".to_owned())
        );
    }

    #[test]
    fn a_speech_names_its_speaker_near_the_top() {
        let person = |body: &str| {
            let text = Text::new(body);
            let sents = split(&text.chars, &find_pairs(&text.chars));
            speech_person(&text, &sents)
        };
        assert_eq!(
            person(
                "Fisheries in 2030\n\nDelivered by: High Commissioner for Oceans, Mara Lind\n\nI thank you all."
            ),
            Some("Mara Lind".to_owned())
        );
        assert_eq!(
            person(
                "Вступительное заявление Верховного комиссара по делам океанов Марии аль Линд\n\nЯ благодарю вас."
            ),
            Some("Марии аль Линд".to_owned())
        );
        assert_eq!(person("Fisheries in 2030\n\nThe quota was cut."), None);
    }

    #[test]
    fn a_release_opening_in_the_present_names_the_author() {
        assert_eq!(
            detect_in(
                "Harbour authorities must free the divers, the Coastal Rights Network said today. They were held for a week.",
                None
            ),
            Some("Coastal Rights Network".to_owned())
        );
        assert_eq!(
            detect_in(
                "Harbour authorities freed the divers, the Coastal Rights Network said on Monday. They were held for a week.",
                None
            ),
            None
        );
    }
}
