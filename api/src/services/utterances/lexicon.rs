//! A small bilingual vocabulary of public affairs news: the words that say
//! what a statement is about (a ceasefire, hostages, an investigation,
//! torture), each a concept with the beginnings of its English and Russian
//! word forms. Cross-language linking compares the concepts two statements
//! share beside their names, figures and dates: translation keeps them.
//!
//! General vocabulary only: no word is here for one article's sake. A word
//! form matches a prefix when it starts with it (lowercase); prefixes are
//! long enough not to catch unrelated words.

/// (concept, English prefixes, Russian prefixes).
pub const CONCEPTS: &[(&str, &[&str], &[&str])] = &[
    // Conflict and security
    (
        "ceasefire",
        &["ceasefire", "cease-fire", "truce"],
        &["перемири", "прекращени"],
    ),
    ("hostage", &["hostage"], &["заложник"]),
    (
        "prisoner",
        &["prisoner", "detainee"],
        &["пленн", "заключенн", "задержанн"],
    ),
    ("war", &["war", "wartime"], &["войн", "военн"]),
    (
        "attack",
        &["attack", "assault", "strike"],
        &["атак", "удар", "нападени", "штурм"],
    ),
    (
        "kill",
        &["kill", "dead", "death", "die"],
        &["убит", "убийств", "погиб", "гибел", "смерт"],
    ),
    ("wound", &["wound", "injur"], &["ранен", "пострадав"]),
    ("civilian", &["civilian"], &["мирн", "гражданск"]),
    (
        "destruction",
        &["destruct", "destroy", "devastat"],
        &["разрушен", "уничтож"],
    ),
    ("bomb", &["bomb", "shell"], &["бомб", "обстрел", "снаряд"]),
    (
        "weapon",
        &["weapon", "arms", "missile"],
        &["оружи", "ракет", "вооружен"],
    ),
    (
        "troops",
        &["troop", "soldier", "forces", "contingent", "army"],
        &["войск", "солдат", "контингент", "арми", "военнослужащ"],
    ),
    ("peace", &["peace"], &["мир", "мирн"]),
    ("peacekeeper", &["peacekeep"], &["миротвор"]),
    ("terror", &["terror"], &["террор"]),
    ("security", &["security", "secure"], &["безопасн"]),
    ("occupation", &["occup"], &["оккупа"]),
    (
        "withdraw",
        &["withdraw", "pull out"],
        &["вывод", "отвод", "выве"],
    ),
    ("escalation", &["escalat"], &["эскалац"]),
    ("violence", &["violen"], &["насили", "насильств"]),
    ("threat", &["threat"], &["угроз"]),
    ("invasion", &["invas", "invad"], &["вторжен"]),
    ("sanction", &["sanction"], &["санкц"]),
    ("nuclear", &["nuclear"], &["ядерн", "атомн"]),
    ("border", &["border", "frontier"], &["границ", "пограничн"]),
    ("refugee", &["refugee", "displac"], &["беженц", "переселен"]),
    ("famine", &["famine", "starv", "hunger"], &["голод"]),
    ("blockade", &["blockade", "siege"], &["блокад", "осад"]),
    ("genocide", &["genocid"], &["геноцид"]),
    // Aid and humanitarian
    (
        "humanitarian",
        &["humanitarian"],
        &["гуманитарн", "гумпомощ"],
    ),
    (
        "aid",
        &["aid", "assistance", "relief", "supplies"],
        // "гумпомощь": humanitarian aid in one word.
        &["помощ", "поставк", "гумпомощ"],
    ),
    (
        "access",
        &["access", "entry", "unimpeded"],
        &["доступ", "беспрепятствен"],
    ),
    ("suffering", &["suffer"], &["страдан", "страда"]),
    ("food", &["food"], &["продовольств", "пищ", "продукт"]),
    (
        "medical",
        &["medic", "hospital", "health"],
        &["медицин", "больниц", "госпитал", "здравоохран"],
    ),
    ("fuel", &["fuel"], &["топлив", "горюч"]),
    ("water", &["water"], &["вод"]),
    // Agreements and diplomacy
    (
        "agreement",
        &["agreement", "deal", "accord"],
        &["соглашени", "договор", "сделк"],
    ),
    ("negotiation", &["negotiat", "talks"], &["переговор"]),
    ("diplomacy", &["diplomat"], &["дипломат"]),
    (
        "comply",
        &["abide", "comply", "complian"],
        &["соблюд", "выполня"],
    ),
    (
        "implement",
        &["implement"],
        &["выполнени", "реализац", "осуществлени"],
    ),
    (
        "settlement",
        &["settlement", "resolution"],
        &["урегулировани"],
    ),
    ("dialogue", &["dialogue", "dialog"], &["диалог"]),
    (
        "mediation",
        &["mediat", "brokering", "broker"],
        &["посредни"],
    ),
    (
        "cooperation",
        &["cooperat", "co-operat"],
        &["сотрудничеств"],
    ),
    ("meeting", &["meeting", "summit"], &["встреч", "саммит"]),
    ("conference", &["conference"], &["конференц"]),
    ("visit", &["visit"], &["визит", "посещ"]),
    ("ministerial", &["minister"], &["министр", "министерск"]),
    (
        "embassy",
        &["embass", "ambassador"],
        &["посольств", "посол"],
    ),
    ("process", &["process"], &["процесс"]),
    ("political", &["politic"], &["политическ", "политик"]),
    ("prospect", &["prospect"], &["перспектив"]),
    (
        "emphasis",
        &["emphasis", "emphasi", "focus"],
        &["акцент", "сосредоточ"],
    ),
    (
        "topic",
        &["topic", "subject", "agenda"],
        &["тема", "темы", "теме", "тему", "темой", "повестк"],
    ),
    (
        "renewal",
        &["renew", "resum", "restart", "reinstat", "restor"],
        &["возобнов", "восстанов"],
    ),
    (
        "premise",
        &["premise", "precondition", "condition"],
        &["предпосылк", "услови"],
    ),
    ("terms", &["terms"], &["услови"]),
    // Speech acts
    ("welcome", &["welcom"], &["приветств"]),
    (
        "commend",
        &["commend", "prais", "appreciat"],
        &["высоко оцен", "оценива", "похвал"],
    ),
    (
        "condemn",
        &["condemn", "denounc"],
        &["осужда", "осуди", "осужден"],
    ),
    (
        "urge",
        &["urge", "call on", "call for", "appeal"],
        &["призыва", "призвал", "призыв", "обратил", "обращени"],
    ),
    (
        "demand",
        &["demand"],
        &["требова", "требу", "потребова", "потребу"],
    ),
    ("warn", &["warn"], &["предупреж", "предостер"]),
    (
        "deny",
        &["deni", "deny", "reject"],
        &["отверга", "отрица", "опроверг", "отклон"],
    ),
    ("comment", &["comment"], &["комментар", "прокомментир"]),
    (
        "announce",
        &["announc", "declar"],
        &["объявл", "объяви", "заяви"],
    ),
    ("support", &["support"], &["поддерж"]),
    ("oppose", &["oppos", "against"], &["против"]),
    (
        "concern",
        &["concern", "worr", "alarm"],
        &["обеспокоен", "озабочен", "тревог"],
    ),
    ("regret", &["regret", "deplor"], &["сожале"]),
    ("source", &["source"], &["источник"]),
    (
        "information",
        &["information", "report"],
        &["информац", "сообщени", "данны"],
    ),
    ("know", &["know", "aware"], &["зна", "известн"]),
    ("possible", &["possible", "possibl"], &["возможн"]),
    ("necessary", &["necessar", "need"], &["необходим", "нужн"]),
    ("must", &["must"], &["должн", "долж"]),
    // Rights and justice
    (
        "human_rights",
        &["rights"],
        &["права", "правам", "правах", "правозащит", "прав человек"],
    ),
    ("torture", &["tortur"], &["пыт"]),
    (
        "investigation",
        &["investigat", "inquiry", "probe"],
        &["расследован", "следств"],
    ),
    ("independent", &["independ"], &["независим"]),
    ("international", &["internation"], &["международн"]),
    (
        "impartial",
        &["impartial", "objective"],
        &["беспристраст", "объективн"],
    ),
    (
        "accountability",
        &["accountab", "responsib"],
        &["ответственн"],
    ),
    ("justice", &["justice"], &["правосуди", "справедлив"]),
    ("court", &["court", "tribunal"], &["суд"]),
    ("trial", &["trial"], &["процесс", "суд"]),
    ("sentence", &["sentenc", "convict"], &["приговор", "осужд"]),
    (
        "arrest",
        &["arrest", "detain", "detention"],
        &["арест", "задерж"],
    ),
    (
        "release",
        &["releas", "freed"],
        &["освобожд", "освободи", "отпущ"],
    ),
    ("law", &["law", "legal"], &["закон", "правов"]),
    ("crime", &["crime", "criminal"], &["преступлен", "уголовн"]),
    (
        "protest",
        &["protest", "demonstrat", "rally"],
        &["протест", "митинг", "демонстра", "акци"],
    ),
    ("freedom", &["freedom", "liberty"], &["свобод"]),
    (
        "journalist",
        &["journalist", "reporter", "media", "press"],
        &["журналист", "сми", "пресс"],
    ),
    (
        "election",
        &["election", "vote", "ballot"],
        &["выбор", "голосов"],
    ),
    ("fraud", &["fraud", "rigg"], &["фальсифик", "мошеннич"]),
    ("opposition", &["opposition"], &["оппозиц"]),
    (
        "government",
        &["government", "authorit", "administration"],
        &["правительств", "власт", "администрац"],
    ),
    ("president", &["president"], &["президент"]),
    ("parliament", &["parliament"], &["парламент"]),
    (
        "dignity",
        &["dignit", "dignified"],
        &["достоинств", "уважени"],
    ),
    (
        "people",
        &["people", "population"],
        &["люд", "населени", "человек"],
    ),
    ("children", &["child"], &["дет", "ребен"]),
    ("women", &["women", "woman"], &["женщин"]),
    ("victim", &["victim"], &["жертв", "потерпевш"]),
    // Time and manner
    (
        "immediate",
        &["immediat", "urgent"],
        &["немедленн", "срочн", "незамедлительн"],
    ),
    ("full", &["full", "complete"], &["полн"]),
    (
        "all",
        &["all", "every", "whole"],
        &["все", "всех", "весь", "вся"],
    ),
    (
        "end",
        &["end", "stop", "halt", "cease"],
        &[
            "конец",
            "прекрат",
            "останов",
            "положить конец",
            "положен конец",
        ],
    ),
    ("continue", &["continu"], &["продолж"]),
    (
        "scale_up",
        &["scale up", "increase", "expand", "boost"],
        &["нарастит", "увелич", "расшир"],
    ),
    ("world", &["world", "global"], &["мир", "мирово"]),
    ("region", &["region"], &["регион"]),
    ("economy", &["econom"], &["экономи"]),
    ("oil", &["oil"], &["нефт"]),
];

/// Concepts too common to tell one statement from another ("all", "must",
/// "people"): they count for little ([`is_common`]).
const COMMON: &[&str] = &[
    "all",
    "must",
    "end",
    "full",
    "know",
    "possible",
    "necessary",
    "people",
    "continue",
    "topic",
    "process",
    "world",
    "information",
    "announce",
    "support",
    "comment",
    "government",
    "president",
    "political",
    "security",
    "international",
    "law",
    "region",
    "terms",
];

/// Whether a concept is too common to tell statements apart by.
pub fn is_common(concept: &str) -> bool {
    COMMON.contains(&concept)
}

/// The concepts of the words of `text`: each word (and each two-word
/// phrase, for "call on", "scale up") that starts with a concept's prefix
/// in its language.
pub fn concepts(text: &str) -> Vec<&'static str> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase().replace('ё', "е"))
        .collect();
    let mut found = Vec::new();
    for (i, word) in words.iter().enumerate() {
        let pair = words.get(i + 1).map(|next| format!("{word} {next}"));
        for (concept, english, russian) in CONCEPTS {
            let prefixes = if word.is_ascii() { english } else { russian };
            let hit = prefixes.iter().any(|p| {
                if p.contains(' ') {
                    pair.as_deref().is_some_and(|pair| pair.starts_with(p))
                } else if p.chars().count() <= 3 && word.is_ascii() {
                    // A short English stem is the whole word, or it with
                    // an inflection: "war", "wars", not "warn" or "ward".
                    word.strip_prefix(*p)
                        .is_some_and(|rest| ["", "s", "es", "ed", "ing", "d"].contains(&rest))
                } else if p.chars().count() <= 3 {
                    // A short Russian stem takes a case ending, no more.
                    word.starts_with(p) && word.chars().count() <= p.chars().count() + 3
                } else {
                    word.starts_with(p)
                }
            });
            if hit && !found.contains(concept) {
                found.push(*concept);
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_and_its_translation_share_their_concepts() {
        let en =
            concepts("The ministry demanded the immediate release of the detained journalists.");
        let ru =
            concepts("Министерство потребовало немедленного освобождения задержанных журналистов.");
        for concept in ["demand", "immediate", "release", "journalist", "arrest"] {
            assert!(en.contains(&concept), "{concept} in English: {en:?}");
            assert!(ru.contains(&concept), "{concept} in Russian: {ru:?}");
        }
    }

    #[test]
    fn short_stems_do_not_catch_longer_words() {
        assert!(!concepts("The warehouse was empty.").contains(&"war"));
        assert!(!concepts("They warned us.").contains(&"war"));
        assert!(concepts("The war goes on.").contains(&"war"));
    }
}
