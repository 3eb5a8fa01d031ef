//! Language detection, for articles that arrive without a language.

use whatlang::Lang;

use super::extract::Language;

/// ISO 639-1 of `text`, when it can be told; `None` for text too short or
/// too mixed to say.
pub fn detect(text: &str) -> Option<String> {
    let info = whatlang::detect(text)?;
    if !info.is_reliable() && text.chars().filter(|c| c.is_alphabetic()).count() < 40 {
        return None;
    }
    iso_639_1(info.lang())
}

/// The extractor's language for an ISO 639-1 code, when it has one.
pub fn supported(code: &str) -> Option<Language> {
    match code {
        "ru" => Some(Language::Russian),
        "en" => Some(Language::English),
        _ => None,
    }
}

/// What to tell a client whose text is in a language the extractor does not
/// read; `None` for Russian and English.
pub fn unsupported_notice(code: &str) -> Option<String> {
    supported(code).is_none().then(|| {
        format!(
            "statements are extracted from Russian and English only; this text is in {code:?} and is stored without statements"
        )
    })
}

/// Every ISO 639-1 code (the 183 of the standard, and `bh`, withdrawn in
/// 2021 but still met in data). A list this short and this stable reads
/// better written out than pulled in with a crate of every ISO 639 table.
const ISO_639_1: [&str; 184] = [
    "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bh",
    "bi", "bm", "bn", "bo", "br", "bs", "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da",
    "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa", "ff", "fi", "fj", "fo", "fr",
    "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz",
    "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj",
    "kk", "kl", "km", "kn", "ko", "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln",
    "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn", "mr", "ms", "mt", "my", "na", "nb",
    "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa", "pi",
    "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk",
    "sl", "sm", "sn", "so", "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti",
    "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty", "ug", "uk", "ur", "uz", "ve", "vi", "vo",
    "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu",
];

/// Checks a language code given by a client (a filter's `language`,
/// ingestion's, an export's parameter): an ISO 639-1 code in any case and
/// with surrounding spaces, returned lowercase. The error is the message for
/// the client, naming the field and what it expects.
pub fn parse_code(code: &str) -> Result<String, String> {
    let trimmed = code.trim();
    let lower = trimmed.to_ascii_lowercase();
    if ISO_639_1.binary_search(&lower.as_str()).is_ok() {
        Ok(lower)
    } else {
        Err(format!(
            "`language` must be an ISO 639-1 code such as \"en\" or \"ru\"; {trimmed:?} is not one"
        ))
    }
}

/// The ISO 639-1 code of each language whatlang tells (by its ISO 639-3
/// code), so that a detected language is stored as a client filters by it.
const FROM_639_3: [(&str, &str); 70] = [
    ("afr", "af"),
    ("aka", "ak"),
    ("amh", "am"),
    ("ara", "ar"),
    ("aze", "az"),
    ("bel", "be"),
    ("ben", "bn"),
    ("bul", "bg"),
    ("cat", "ca"),
    ("ces", "cs"),
    ("cmn", "zh"),
    ("cym", "cy"),
    ("dan", "da"),
    ("deu", "de"),
    ("ell", "el"),
    ("eng", "en"),
    ("epo", "eo"),
    ("est", "et"),
    ("fin", "fi"),
    ("fra", "fr"),
    ("guj", "gu"),
    ("heb", "he"),
    ("hin", "hi"),
    ("hrv", "hr"),
    ("hun", "hu"),
    ("hye", "hy"),
    ("ind", "id"),
    ("ita", "it"),
    ("jav", "jv"),
    ("jpn", "ja"),
    ("kan", "kn"),
    ("kat", "ka"),
    ("khm", "km"),
    ("kor", "ko"),
    ("lat", "la"),
    ("lav", "lv"),
    ("lit", "lt"),
    ("mal", "ml"),
    ("mar", "mr"),
    ("mkd", "mk"),
    ("mya", "my"),
    ("nep", "ne"),
    ("nld", "nl"),
    ("nob", "nb"),
    ("ori", "or"),
    ("pan", "pa"),
    ("pes", "fa"),
    ("pol", "pl"),
    ("por", "pt"),
    ("ron", "ro"),
    ("rus", "ru"),
    ("sin", "si"),
    ("slk", "sk"),
    ("slv", "sl"),
    ("sna", "sn"),
    ("spa", "es"),
    ("srp", "sr"),
    ("swe", "sv"),
    ("tam", "ta"),
    ("tel", "te"),
    ("tgl", "tl"),
    ("tha", "th"),
    ("tuk", "tk"),
    ("tur", "tr"),
    ("ukr", "uk"),
    ("urd", "ur"),
    ("uzb", "uz"),
    ("vie", "vi"),
    ("yid", "yi"),
    ("zul", "zu"),
];

fn iso_639_1(lang: Lang) -> Option<String> {
    FROM_639_3
        .binary_search_by(|(three, _)| three.cmp(&lang.code()))
        .ok()
        .map(|i| FROM_639_3[i].1.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn russian_and_english_are_told_apart() {
        assert_eq!(
            detect("Министр иностранных дел заявил журналистам, что расследование будет продолжено в ближайшее время.").as_deref(),
            Some("ru")
        );
        assert_eq!(
            detect("The minister told reporters that the investigation would continue in the coming weeks.").as_deref(),
            Some("en")
        );
        assert_eq!(supported("ru"), Some(Language::Russian));
        assert_eq!(supported("de"), None);
    }

    #[test]
    fn language_codes_are_checked() {
        assert_eq!(parse_code(" RU ").as_deref(), Ok("ru"));
        assert_eq!(parse_code("En").as_deref(), Ok("en"));
        assert_eq!(
            parse_code("english"),
            Err(
                "`language` must be an ISO 639-1 code such as \"en\" or \"ru\"; \"english\" is not one"
                    .to_owned()
            )
        );
        for wrong in ["rus", "r1", "xx", "", "ру"] {
            assert!(parse_code(wrong).is_err(), "{wrong:?}");
        }
    }

    #[test]
    fn the_code_list_is_sorted_and_has_no_duplicates() {
        assert!(ISO_639_1.windows(2).all(|w| w[0] < w[1]));
        assert!(FROM_639_3.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn every_detected_language_is_stored_as_a_code_filters_take() {
        for lang in Lang::all() {
            let code = iso_639_1(*lang).unwrap_or_else(|| panic!("{lang:?} has no code"));
            assert_eq!(parse_code(&code).as_deref(), Ok(code.as_str()), "{lang:?}");
        }
        assert_eq!(
            detect("Der Minister sagte den Journalisten, dass die Untersuchung in den kommenden Wochen fortgesetzt werde.").as_deref(),
            Some("de")
        );
    }
}
