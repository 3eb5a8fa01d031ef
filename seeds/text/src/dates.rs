//! Month names in English and Russian, as articles write them: the one
//! table the extractor (which skips the words of a date) and the linker
//! (which compares the months two reports name) share.

/// Each month by its English name and the stem of its Russian name (any
/// case form: "января", "январе"), January first.
const MONTHS: [(&str, &str); 12] = [
    ("january", "январ"),
    ("february", "феврал"),
    ("march", "март"),
    ("april", "апрел"),
    ("may", "ма"),
    ("june", "июн"),
    ("july", "июл"),
    ("august", "август"),
    ("september", "сентябр"),
    ("october", "октябр"),
    ("november", "ноябр"),
    ("december", "декабр"),
];

/// The month (1 to 12) a word names, in any case: an English name whole or
/// by its usual abbreviation ("Jan", "Sept"), a Russian name in any case
/// form. "May" and "мая" are the months; "ма…" words other than the forms
/// of "май" are not. Whether "march" and "may" are verbs is the caller's
/// business (capitalisation tells).
pub fn month_of(word: &str) -> Option<u32> {
    month_in(word, true)
}

/// Like [`month_of`], but English names whole only: "Jan" is a month in a
/// date line, and a first name in a byline.
pub fn month_named(word: &str) -> Option<u32> {
    month_in(word, false)
}

fn month_in(word: &str, abbreviated: bool) -> Option<u32> {
    let lower = word.to_lowercase();
    MONTHS
        .iter()
        .position(|(en, ru)| {
            if lower.is_ascii() {
                lower == *en
                    || (abbreviated && lower.len() == 3 && en.starts_with(&lower))
                    || (abbreviated && lower == "sept" && *en == "september")
            } else if *ru == "ма" {
                matches!(lower.as_str(), "мая" | "май" | "мае" | "маю" | "маем")
            } else {
                lower.starts_with(ru)
            }
        })
        .and_then(|i| u32::try_from(i + 1).ok())
}

#[cfg(test)]
mod tests {
    use super::month_of;

    #[test]
    fn months_in_either_language_and_any_form() {
        for (word, month) in [
            ("January", 1),
            ("jan", 1),
            ("Sept", 9),
            ("September", 9),
            ("May", 5),
            ("января", 1),
            ("январе", 1),
            ("мая", 5),
            ("Декабря", 12),
        ] {
            assert_eq!(month_of(word), Some(month), "{word}");
        }
        assert_eq!(super::month_named("jan"), None, "a name, as well");
        assert_eq!(super::month_named("January"), Some(1));
        for word in ["mayor", "ja", "магазин", "marching", "сентиментальный"]
        {
            assert_eq!(month_of(word), None, "{word}");
        }
    }
}
