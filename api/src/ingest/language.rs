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
    Some(iso_639_1(info.lang()))
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

/// Checks a language code given by a client: two lowercase ASCII letters.
pub fn parse_code(code: &str) -> Result<String, String> {
    let code = code.trim().to_lowercase();
    if code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase()) {
        Ok(code)
    } else {
        Err(format!(
            "{code:?} is not an ISO 639-1 language code such as \"ru\" or \"en\""
        ))
    }
}

fn iso_639_1(lang: Lang) -> String {
    let code = match lang {
        Lang::Rus => "ru",
        Lang::Eng => "en",
        Lang::Ukr => "uk",
        Lang::Bel => "be",
        Lang::Deu => "de",
        Lang::Fra => "fr",
        Lang::Spa => "es",
        Lang::Ita => "it",
        Lang::Por => "pt",
        Lang::Tur => "tr",
        Lang::Pol => "pl",
        Lang::Cmn => "zh",
        Lang::Ara => "ar",
        Lang::Uzb => "uz",
        // Anything else keeps its ISO 639-3 code rather than a wrong two-letter one.
        other => return other.code().to_owned(),
    };
    code.to_owned()
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
        assert!(parse_code("rus").is_err());
        assert!(parse_code("r1").is_err());
    }
}
