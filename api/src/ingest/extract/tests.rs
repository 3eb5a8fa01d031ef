//! End-to-end tests of [`extract`](super::extract) on sentences written for
//! them, and properties that hold on any input.

use super::{Candidate, Language, StatementKind, extract};

fn one(body: &str, language: Language) -> Vec<(StatementKind, String, Option<String>)> {
    extract(body, language)
        .into_iter()
        .map(|c| (c.kind, c.text, c.speaker))
        .collect()
}

fn check_spans(body: &str, found: &[Candidate]) {
    let len = body.chars().count();
    for c in found {
        assert!(
            c.span_start <= c.span_end && c.span_end <= len,
            "{c:?} outside {len}"
        );
        let slice: String = body
            .chars()
            .skip(c.span_start)
            .take(c.span_end - c.span_start)
            .collect();
        assert_eq!(slice, c.text);
        assert!((0.0..=1.0).contains(&c.confidence));
    }
    for (i, a) in found.iter().enumerate() {
        for b in &found[i + 1..] {
            assert!(
                a.span_end <= b.span_start || b.span_end <= a.span_start,
                "overlap {a:?} {b:?}"
            );
        }
    }
}

#[test]
fn russian_article_with_quotes_pronouns_and_roles() {
    let body = "Министр иностранных дел Латвии Анна Берзиня встретилась с послом Эстонии Яаном Тамме.\n\n\
«Мы готовы расследовать каждый случай нарушения прав человека», – подчеркнула глава МИД Латвии.\n\n\
Яан Тамме сообщил, что Эстония поддерживает это решение. Он также призвал соседей к диалогу.\n\n\
Стороны обсудили вопросы сотрудничества.";
    let got = one(body, Language::Russian);
    check_spans(body, &extract(body, Language::Russian));
    assert_eq!(
        got,
        [
            (
                StatementKind::DirectQuote,
                "Мы готовы расследовать каждый случай нарушения прав человека".to_owned(),
                Some("Анна Берзиня".to_owned())
            ),
            (
                StatementKind::Paraphrase,
                "Яан Тамме сообщил, что Эстония поддерживает это решение.".to_owned(),
                Some("Яан Тамме".to_owned())
            ),
            (
                StatementKind::Paraphrase,
                "Он также призвал соседей к диалогу.".to_owned(),
                Some("Яан Тамме".to_owned())
            ),
        ]
    );
}

#[test]
fn english_article_with_claims_and_continuations() {
    let body = "Amnesty International called on the Peruvian authorities to release the detainees. Those responsible must be punished.\n\
According to the authorities, 12 people were injured. “We have done nothing wrong, and we will prove it,” said Peru's interior minister, Carlos Ruiz.\n\
The meeting lasted two hours.";
    let got = one(body, Language::English);
    check_spans(body, &extract(body, Language::English));
    assert_eq!(got.len(), 4, "{got:?}");
    assert_eq!(got[0].0, StatementKind::Paraphrase);
    assert_eq!(got[0].2.as_deref(), Some("Amnesty International"));
    assert_eq!(got[1].1, "Those responsible must be punished.");
    assert_eq!(got[1].2.as_deref(), Some("Amnesty International"));
    assert_eq!(got[2].0, StatementKind::ReportedClaim);
    assert_eq!(got[2].2.as_deref(), Some("Peruvian authorities"));
    assert_eq!(
        got[3],
        (
            StatementKind::DirectQuote,
            "We have done nothing wrong, and we will prove it".to_owned(),
            Some("Carlos Ruiz".to_owned())
        )
    );
}

#[test]
fn a_quoted_sentence_is_not_also_a_paraphrase() {
    let body = "Он заявил: «Мы не уйдём отсюда, пока нас не услышат».";
    let got = extract(body, Language::Russian);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].kind, StatementKind::DirectQuote);
}

#[test]
fn unattributed_document_frame_keeps_a_low_confidence() {
    let body = "«Все задержанные должны быть немедленно освобождены», — говорится в заявлении.";
    let got = extract(body, Language::Russian);
    assert_eq!(got.len(), 1);
    assert_eq!(got[0].speaker, None);
    assert!(got[0].confidence < 0.5);
}

/// A small deterministic generator (xorshift) so the property runs without
/// proptest, which the `api` crate does not have as a dev-dependency.
fn strings() -> Vec<String> {
    let alphabet: Vec<char> =
        "аб вгЗ «»“”„\"'.,:;!?–—-\n  Mr.Он заявил, что said «Иван Петров» HRW 2,7 ё😀\u{301}\t"
            .chars()
            .collect();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut out = Vec::new();
    for len in 0..400 {
        let mut s = String::new();
        for _ in 0..(len % 90) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            s.push(alphabet[(state % alphabet.len() as u64) as usize]);
        }
        out.push(s);
    }
    out.extend(
        [
            "",
            " ",
            "«",
            "»",
            "“",
            "\"",
            "-",
            ":",
            "\n- ",
            "Имя Фамилия:\n- ",
            "«a b c d», –",
            ". . .",
            "“a b c d,” said",
            "по данным",
            "according to",
            "Mr.",
            "He said that",
            "«««",
            "»»»",
        ]
        .map(String::from),
    );
    out
}

#[test]
fn never_panics_and_spans_match_on_generated_input() {
    for s in strings() {
        for lang in [Language::Russian, Language::English] {
            let found = extract(&s, lang);
            check_spans(&s, &found);
        }
    }
}

proptest::proptest! {
    /// Any text, in either language: no panic, and every span is inside the
    /// body and is exactly the statement's text.
    #[test]
    fn extraction_never_panics_and_spans_match(
        body in "(\\PC|[«»“”„\"—–:,.!?\n ]|заявил|said|he|он|, — отметил он\\.){0,120}",
        russian in proptest::bool::ANY,
    ) {
        let language = if russian { Language::Russian } else { Language::English };
        let found = extract(&body, language);
        check_spans(&body, &found);
    }
}
