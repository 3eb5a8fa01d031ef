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

// ---------------------------------------------------------------------------
// Phenomena, one test per behaviour and language. Every sentence is invented:
// the people, places and organizations are fictional.
// ---------------------------------------------------------------------------

type Found = Vec<(StatementKind, String, Option<String>)>;

/// `one` with a publisher given at ingestion; also checks the spans.
fn one_by(body: &str, language: Language, outlet: &str) -> Found {
    let hints = super::Hints {
        outlet: Some(outlet.to_owned()),
    };
    let found = super::extract_with(body, language, &hints);
    check_spans(body, &found);
    found
        .into_iter()
        .map(|c| (c.kind, c.text, c.speaker))
        .collect()
}

/// `one`, after checking the spans.
fn checked(body: &str, language: Language) -> Found {
    check_spans(body, &extract(body, language));
    one(body, language)
}

fn quote(text: &str, speaker: &str) -> (StatementKind, String, Option<String>) {
    (
        StatementKind::DirectQuote,
        text.to_owned(),
        Some(speaker.to_owned()),
    )
}

fn paraphrase(text: &str, speaker: &str) -> (StatementKind, String, Option<String>) {
    (
        StatementKind::Paraphrase,
        text.to_owned(),
        Some(speaker.to_owned()),
    )
}

fn claim(text: &str, speaker: &str) -> (StatementKind, String, Option<String>) {
    (
        StatementKind::ReportedClaim,
        text.to_owned(),
        Some(speaker.to_owned()),
    )
}

/// The speakers found, in order.
fn speakers(found: &Found) -> Vec<Option<&str>> {
    found.iter().map(|(_, _, s)| s.as_deref()).collect()
}

// 1. Documents written by an organization.

#[test]
fn an_organizations_own_document_is_its_statement_and_we_is_the_organization_en() {
    let body = "We have opened three new hatcheries this year. \
Our inspectors will visit every harbour in May.";
    let ministry = "Ministry of Fisheries of Examplia";
    assert_eq!(
        one_by(body, Language::English, ministry),
        [
            quote("We have opened three new hatcheries this year.", ministry),
            quote("Our inspectors will visit every harbour in May.", ministry),
        ]
    );
}

#[test]
fn an_organizations_own_document_is_its_statement_and_we_is_the_organization_ru() {
    let body =
        "Мы открыли три новых питомника в этом году. Наши инспекторы посетят каждую гавань в мае.";
    let ministry = "Министерство рыболовства Эксландии";
    assert_eq!(
        one_by(body, Language::Russian, ministry),
        [
            quote("Мы открыли три новых питомника в этом году.", ministry),
            quote("Наши инспекторы посетят каждую гавань в мае.", ministry),
        ]
    );
}

#[test]
fn a_news_outlet_as_publisher_makes_no_unframed_sentence_a_statement_en() {
    let body = "The ministry has opened three new hatcheries this year. \
Its inspectors will visit every harbour in May.";
    assert_eq!(one_by(body, Language::English, "Harbour Daily News"), []);
}

#[test]
fn a_news_outlet_as_publisher_makes_no_unframed_sentence_a_statement_ru() {
    let body = "Министерство открыло три новых питомника в этом году. Его инспекторы посетят каждую гавань в мае.";
    assert_eq!(one_by(body, Language::Russian, "Гаванские новости"), []);
}

#[test]
fn a_statement_title_line_makes_the_ministry_the_author_en() {
    let body = "Statement of the Ministry of Fisheries of Examplia on the new quotas\n\n\
We regret the decision of the northern fleets. Our inspectors will continue their work in every harbour.";
    let ministry = "Ministry of Fisheries of Examplia";
    assert_eq!(
        checked(body, Language::English),
        [
            quote("We regret the decision of the northern fleets.", ministry),
            quote(
                "Our inspectors will continue their work in every harbour.",
                ministry
            ),
        ]
    );
}

#[test]
fn a_statement_title_line_makes_the_ministry_the_author_ru() {
    let body = "Заявление МИД Эксландии в связи с новыми квотами\n\n\
Мы сожалеем о решении северных флотилий. Наши инспекторы продолжат работу в каждой гавани.";
    assert_eq!(
        checked(body, Language::Russian),
        [
            quote("Мы сожалеем о решении северных флотилий.", "МИД Эксландии"),
            quote(
                "Наши инспекторы продолжат работу в каждой гавани.",
                "МИД Эксландии"
            ),
        ]
    );
}

#[test]
fn a_statement_title_line_with_a_ministry_spelled_out_makes_it_the_author_ru() {
    for (body, names) in [
        (
            "Заявление Министерства рыболовства Эксландии в связи с новыми квотами\n\n\
Мы сожалеем о решении северных флотилий.",
            [
                "Министерство рыболовства Эксландии",
                "Министерства рыболовства Эксландии",
            ],
        ),
        (
            "Заявление Министерства рыболовства в связи с новыми квотами\n\n\
Мы сожалеем о решении северных флотилий.",
            ["Министерство рыболовства", "Министерства рыболовства"],
        ),
    ] {
        let got = checked(body, Language::Russian);
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(got[0].0, StatementKind::DirectQuote);
        assert_eq!(got[0].1, "Мы сожалеем о решении северных флотилий.");
        // The name in the nominative, or as the title spells it.
        assert!(
            names.iter().any(|n| got[0].2.as_deref() == Some(*n)),
            "{got:?}"
        );
    }
}

#[test]
fn a_release_opening_said_today_makes_the_organization_the_author_en() {
    let body = "Harbour authorities must free the detained divers, the Coastal Rights Network said today. \
The divers were held for a week without charge.";
    let network = "Coastal Rights Network";
    assert_eq!(
        checked(body, Language::English),
        [
            paraphrase(
                "Harbour authorities must free the detained divers, the Coastal Rights Network said today.",
                network
            ),
            quote("The divers were held for a week without charge.", network),
        ]
    );
}

#[test]
fn a_release_opening_in_the_present_makes_the_organization_the_author_ru() {
    let body = "Власти Портовска должны освободить задержанных водолазов, сообщает Комитет защиты побережья. \
Водолазов держат под стражей неделю без обвинения.";
    let committee = "Комитет защиты побережья";
    assert_eq!(
        checked(body, Language::Russian),
        [
            paraphrase(
                "Власти Портовска должны освободить задержанных водолазов, сообщает Комитет защиты побережья.",
                committee
            ),
            quote(
                "Водолазов держат под стражей неделю без обвинения.",
                committee
            ),
        ]
    );
}

#[test]
fn a_release_opening_keeps_an_organizations_whole_name_ru() {
    let body = "Власти Портовска должны освободить задержанных водолазов, сообщает Береговая правозащитная сеть. \
Водолазов держат под стражей неделю без обвинения.";
    let network = "Береговая правозащитная сеть";
    assert_eq!(
        checked(body, Language::Russian),
        [
            paraphrase(
                "Власти Портовска должны освободить задержанных водолазов, сообщает Береговая правозащитная сеть.",
                network
            ),
            quote(
                "Водолазов держат под стражей неделю без обвинения.",
                network
            ),
        ]
    );
}

#[test]
fn a_speech_delivered_by_a_person_is_that_persons_en() {
    let body = "Oceans in 2030\n\n\
Delivered by: High Commissioner for Oceans, Anna Berg\n\n\
I thank the delegates for coming to Portvale. We have much work ahead of us.";
    assert_eq!(
        one_by(
            body,
            Language::English,
            "Office of the High Commissioner for Oceans"
        ),
        [
            quote("I thank the delegates for coming to Portvale.", "Anna Berg"),
            quote("We have much work ahead of us.", "Anna Berg"),
        ]
    );
}

#[test]
fn a_speech_delivered_by_a_person_is_that_persons_ru() {
    let body = "Океаны в 2030 году\n\n\
Выступление: Верховный комиссар по делам океанов Анна Берг\n\n\
Я благодарю делегатов за приезд в Портовск. Нам предстоит большая работа.";
    assert_eq!(
        one_by(
            body,
            Language::Russian,
            "Управление Верховного комиссара по делам океанов"
        ),
        [
            quote("Я благодарю делегатов за приезд в Портовск.", "Анна Берг"),
            quote("Нам предстоит большая работа.", "Анна Берг"),
        ]
    );
}

// 2. Organizations as subjects of reporting and advocacy verbs.

#[test]
fn an_organization_is_the_speaker_of_advocacy_verbs_en() {
    for sentence in [
        "The Coastal Rights Network called on the authorities to release the divers.",
        "The Coastal Rights Network urged the authorities to release the divers.",
        "The Coastal Rights Network demanded the release of the detained divers.",
        "The Coastal Rights Network condemned the arrest of the divers in Portvale.",
        "The Coastal Rights Network welcomed the release of the divers in Portvale.",
    ] {
        assert_eq!(
            checked(sentence, Language::English),
            [paraphrase(sentence, "Coastal Rights Network")]
        );
    }
    for sentence in [
        "The Ministry of Fisheries rejected the accusations of the fishers' union.",
        "The Ministry of Fisheries dismissed the report as biased and incomplete.",
    ] {
        assert_eq!(
            checked(sentence, Language::English),
            [paraphrase(sentence, "Ministry of Fisheries")]
        );
    }
}

#[test]
fn an_organization_that_documented_cases_is_their_speaker_en() {
    let sentence =
        "The Coastal Rights Network documented twelve cases of forced evictions in Portvale.";
    assert_eq!(
        checked(sentence, Language::English),
        [paraphrase(sentence, "Coastal Rights Network")]
    );
}

#[test]
fn an_organization_that_found_something_is_its_speaker_en() {
    let sentence = "The Coastal Rights Network found that the new nets were illegal.";
    assert_eq!(
        checked(sentence, Language::English),
        [paraphrase(sentence, "Coastal Rights Network")]
    );
}

#[test]
fn an_organizations_members_are_the_speaker_of_advocacy_verbs_ru() {
    for sentence in [
        "Правозащитники Береговой лиги задокументировали двенадцать случаев выселения в Портовске.",
        "Правозащитники Береговой лиги призвали власти освободить водолазов.",
        "Правозащитники Береговой лиги потребовали освободить задержанных водолазов.",
        "Правозащитники Береговой лиги осудили арест водолазов в Портовске.",
        "Правозащитники Береговой лиги приветствовали освобождение водолазов.",
        "Правозащитники Береговой лиги отвергают обвинения профсоюза рыбаков.",
        "Правозащитники Береговой лиги считают, что новые сети незаконны.",
    ] {
        assert_eq!(
            checked(sentence, Language::Russian),
            [paraphrase(sentence, "Правозащитники Береговой лиги")]
        );
    }
    let sentence = "Врачи побережья задокументировали двенадцать случаев выселения в Портовске.";
    assert_eq!(
        checked(sentence, Language::Russian),
        [paraphrase(sentence, "Врачи побережья")]
    );
}

#[test]
fn an_organization_in_which_people_say_something_is_its_speaker_ru() {
    // "В X призвали/считают": the organization, as the sentence spells it.
    for (sentence, speaker) in [
        (
            "В Береговой правозащитной сети задокументировали двенадцать случаев выселения в Портовске.",
            "Береговой правозащитной сети",
        ),
        (
            "В Береговой лиге призвали власти освободить водолазов.",
            "Береговой лиге",
        ),
        (
            "В Министерстве рыболовства отвергают обвинения профсоюза рыбаков.",
            "Министерстве рыболовства",
        ),
        (
            "В Береговой лиге считают, что новые сети незаконны.",
            "Береговой лиге",
        ),
    ] {
        assert_eq!(
            checked(sentence, Language::Russian),
            [paraphrase(sentence, speaker)]
        );
    }
}

#[test]
fn an_organization_named_with_an_unlisted_noun_is_the_speaker_ru() {
    for sentence in [
        "Береговая лига задокументировала двенадцать случаев выселения в Портовске.",
        "Береговая лига заявила, что водолазов держат без обвинения.",
    ] {
        assert_eq!(
            checked(sentence, Language::Russian),
            [paraphrase(sentence, "Береговая лига")]
        );
    }
}

// 3. Quote continuation, frames around quotes, sources.

#[test]
fn an_unframed_quote_after_a_quote_continues_its_speaker_en() {
    let body = "“We will not leave the harbour,” said Anna Berg, head of the Fishers' Union. \
“Our boats stay here until the talks resume.”";
    assert_eq!(
        checked(body, Language::English),
        [
            quote("We will not leave the harbour", "Anna Berg"),
            quote("Our boats stay here until the talks resume.", "Anna Berg"),
        ]
    );
}

#[test]
fn an_unframed_quote_after_a_quote_continues_its_speaker_ru() {
    let body = "«Мы не уйдём из гавани», — сказала Анна Берг, глава профсоюза рыбаков. \
«Наши лодки останутся здесь до конца переговоров».";
    assert_eq!(
        checked(body, Language::Russian),
        [
            quote("Мы не уйдём из гавани", "Анна Берг"),
            quote(
                "Наши лодки останутся здесь до конца переговоров",
                "Анна Берг"
            ),
        ]
    );
}

#[test]
fn an_unframed_quoted_paragraph_continues_the_speaker_before_en() {
    let body = "“We will not leave the harbour,” said Anna Berg, head of the Fishers' Union.\n\n\
“Our boats stay here until the talks resume. Nobody will sell their catch.”";
    assert_eq!(
        checked(body, Language::English),
        [
            quote("We will not leave the harbour", "Anna Berg"),
            quote(
                "Our boats stay here until the talks resume. Nobody will sell their catch.",
                "Anna Berg"
            ),
        ]
    );
}

#[test]
fn an_unframed_quoted_paragraph_continues_the_speaker_before_ru() {
    let body = "«Мы не уйдём из гавани», — сказала Анна Берг, глава профсоюза рыбаков.\n\n\
«Наши лодки останутся здесь до конца переговоров. Никто не продаст свой улов».";
    assert_eq!(
        checked(body, Language::Russian),
        [
            quote("Мы не уйдём из гавани", "Анна Берг"),
            quote(
                "Наши лодки останутся здесь до конца переговоров. Никто не продаст свой улов",
                "Анна Берг"
            ),
        ]
    );
}

#[test]
fn a_quote_after_he_said_and_the_next_quote_are_the_same_persons_en() {
    let body = "Tom Hale runs the fish market of Portvale. \
“The nets are empty this spring,” he said. “We need help from the ministry now.”";
    assert_eq!(
        checked(body, Language::English),
        [
            quote("The nets are empty this spring", "Tom Hale"),
            quote("We need help from the ministry now.", "Tom Hale"),
        ]
    );
}

#[test]
fn a_quote_after_skazal_on_and_the_next_quote_are_the_same_persons_ru() {
    let body = "Иван Петров руководит рыбным рынком Портовска. \
«Сети этой весной пусты», — сказал он. «Нам нужна помощь министерства».";
    assert_eq!(
        checked(body, Language::Russian),
        [
            quote("Сети этой весной пусты", "Иван Петров"),
            quote("Нам нужна помощь министерства", "Иван Петров"),
        ]
    );
}

#[test]
fn a_colon_frame_attributes_the_quote_after_it_en() {
    let body = "Ivan Petrov runs the fish market of Portvale. \
Petrov said: “We will not close the market before autumn.”";
    assert_eq!(
        checked(body, Language::English),
        [quote(
            "We will not close the market before autumn.",
            "Ivan Petrov"
        )]
    );
}

#[test]
fn a_colon_frame_attributes_the_quote_after_it_ru() {
    let body = "Иван Петров руководит рыбным рынком Портовска. Петров заявил: «Мы не закроем рынок до осени».";
    assert_eq!(
        checked(body, Language::Russian),
        [quote("Мы не закроем рынок до осени", "Иван Петров")]
    );
}

#[test]
fn a_dash_frame_after_a_quote_attributes_it_ru() {
    let body = "Иван Петров руководит рынком. «Рынок не закроется до осени», — сказал он.";
    assert_eq!(
        checked(body, Language::Russian),
        [quote("Рынок не закроется до осени", "Иван Петров")]
    );
}

#[test]
fn a_quote_split_by_a_dash_frame_is_two_quotes_of_one_speaker_ru() {
    let body = "«Рынок не закроется до осени, — говорит Иван Петров, директор Портовой компании. — \
Мы наняли ещё десять рыбаков».";
    assert_eq!(
        checked(body, Language::Russian),
        [
            quote("Рынок не закроется до осени", "Иван Петров"),
            quote("Мы наняли ещё десять рыбаков", "Иван Петров"),
        ]
    );
    let body = "Анна Берг руководит рынком. \
«Рынок не закроется до осени, — сказала она. — Мы наняли ещё десять рыбаков».";
    assert_eq!(
        checked(body, Language::Russian),
        [
            quote("Рынок не закроется до осени", "Анна Берг"),
            quote("Мы наняли ещё десять рыбаков", "Анна Берг"),
        ]
    );
}

#[test]
fn according_to_a_person_or_an_organization_is_a_reported_claim_en() {
    let body = "According to Anna Berg, the harbour will reopen in June.";
    assert_eq!(checked(body, Language::English), [claim(body, "Anna Berg")]);
    let body = "According to the Harbour Authority of Portvale, the catch fell by a third.";
    assert_eq!(
        checked(body, Language::English),
        [claim(body, "Harbour Authority of Portvale")]
    );
}

#[test]
fn po_slovam_a_surname_is_a_reported_claim_of_the_full_name_ru() {
    let body = "Мэр Портовска Анна Берг открыла причал. По словам Берг, гавань откроется в июне.";
    assert_eq!(
        checked(body, Language::Russian),
        [claim(
            "По словам Берг, гавань откроется в июне.",
            "Анна Берг"
        )]
    );
}

#[test]
fn po_slovam_a_full_name_in_the_genitive_is_the_persons_name_ru() {
    let body =
        "Мэр Портовска Анна Берг открыла причал. По словам Анны Берг, гавань откроется в июне.";
    assert_eq!(
        checked(body, Language::Russian),
        [claim(
            "По словам Анны Берг, гавань откроется в июне.",
            "Анна Берг"
        )]
    );
}

#[test]
fn po_dannym_an_organization_is_a_reported_claim_ru() {
    // The organization as the frame spells it.
    let body = "По данным Портового управления, улов упал на треть за год.";
    assert_eq!(
        checked(body, Language::Russian),
        [claim(body, "Портового управления")]
    );
}

#[test]
fn a_quote_closed_with_two_apostrophes_is_a_quote_en() {
    for body in [
        "“We will rebuild the pier before winter,’’ said Anna Berg.",
        "“We will rebuild the pier before winter,'' said Anna Berg.",
    ] {
        assert_eq!(
            checked(body, Language::English),
            [quote("We will rebuild the pier before winter", "Anna Berg")]
        );
    }
}

#[test]
fn a_quote_in_pairs_of_ascii_apostrophes_is_a_quote_en() {
    let body = "''We will rebuild the pier before winter,'' said Anna Berg.";
    assert_eq!(
        checked(body, Language::English),
        [quote("We will rebuild the pier before winter", "Anna Berg")]
    );
}

#[test]
fn a_quote_closed_with_two_apostrophes_is_a_quote_ru() {
    for body in [
        "«Мы восстановим причал до зимы’’, — сказала Анна Берг.",
        "“Мы восстановим причал до зимы’’, — сказала Анна Берг.",
        "‘‘Мы восстановим причал до зимы’’, — сказала Анна Берг.",
    ] {
        assert_eq!(
            checked(body, Language::Russian),
            [quote("Мы восстановим причал до зимы", "Анна Берг")],
            "{body}"
        );
    }
}

// 4. Speakers.

#[test]
fn a_pronoun_resolves_to_the_nearest_person_en() {
    let body = "Tom Hale met Anna Berg at the pier. \
“The pier must be strengthened before winter,” she said.";
    assert_eq!(
        checked(body, Language::English),
        [quote(
            "The pier must be strengthened before winter",
            "Anna Berg"
        )]
    );
}

#[test]
fn she_skips_a_man_named_nearer_en() {
    let body = "Ms. Anna Berg and Mr. Tom Hale inspected the pier. \
“The pier must be strengthened before winter,” she said.";
    assert_eq!(
        checked(body, Language::English),
        [quote(
            "The pier must be strengthened before winter",
            "Anna Berg"
        )]
    );
}

#[test]
fn ona_resolves_to_the_woman_with_a_surname_in_ova_not_the_nearer_man_ru() {
    let body = "Директор порта Мария Кузнецова и мэр Иван Петров осмотрели причал. \
«Причал нужно укрепить до зимы», — сказала она.";
    assert_eq!(
        checked(body, Language::Russian),
        [quote("Причал нужно укрепить до зимы", "Мария Кузнецова")]
    );
}

#[test]
fn ona_accepts_a_unisex_surname_in_ko_ru() {
    let body = "Директор порта Оксана Бойко и мэр Иван Петров осмотрели причал. \
«Причал нужно укрепить до зимы», — сказала она.";
    assert_eq!(
        checked(body, Language::Russian),
        [quote("Причал нужно укрепить до зимы", "Оксана Бойко")]
    );
}

#[test]
fn ona_skips_a_man_named_nearer_in_an_oblique_case_ru() {
    let body = "Мария Кузнецова встретилась с Иваном Петровым на причале. \
«Причал нужно укрепить до зимы», — сказала она.";
    assert_eq!(
        checked(body, Language::Russian),
        [quote("Причал нужно укрепить до зимы", "Мария Кузнецова")]
    );
}

#[test]
fn a_role_resolves_to_the_person_named_after_it_en() {
    let body = "The mayor of Portvale, Anna Berg, opened the new pier. \
“It will serve every fisher in the bay,” the mayor said.";
    assert_eq!(
        checked(body, Language::English),
        [quote("It will serve every fisher in the bay", "Anna Berg")]
    );
}

#[test]
fn a_role_resolves_to_the_person_named_before_it_en() {
    let body = "Anna Berg, the mayor of Portvale, opened the new pier on Monday. \
“It will serve every fisher in the bay,” the mayor said.";
    assert_eq!(
        checked(body, Language::English),
        [quote("It will serve every fisher in the bay", "Anna Berg")]
    );
}

#[test]
fn a_role_resolves_to_the_person_named_after_it_ru() {
    let body = "Мэр Портовска Анна Берг открыла новый причал. \
«Он послужит всем рыбакам залива», — сказала мэр.";
    assert_eq!(
        checked(body, Language::Russian),
        [quote("Он послужит всем рыбакам залива", "Анна Берг")]
    );
}

#[test]
fn a_role_resolves_to_the_person_named_before_it_ru() {
    let body = "Анна Берг, мэр Портовска, открыла новый причал. \
«Он послужит всем рыбакам залива», — сказала мэр.";
    assert_eq!(
        checked(body, Language::Russian),
        [quote("Он послужит всем рыбакам залива", "Анна Берг")]
    );
}

#[test]
fn a_spokesman_who_told_an_agency_is_the_speaker_not_the_agency_en() {
    let body = "Tom Hale, a spokesman for the commission, told Portvale Wire that the quotas would be cut.";
    assert_eq!(
        checked(body, Language::English),
        [paraphrase(body, "Tom Hale")]
    );
}

#[test]
fn a_director_who_told_an_outlet_is_the_speaker_not_the_outlet_ru() {
    for body in [
        "Квоты на вылов будут сокращены, заявила Портовым вестям гендиректор компании Анна Берг.",
        "Квоты на вылов будут сокращены, заявила «Портовым вестям» гендиректор компании Анна Берг.",
    ] {
        assert_eq!(
            checked(body, Language::Russian),
            [paraphrase(body, "Анна Берг")]
        );
    }
}

#[test]
fn one_observer_stays_an_unnamed_observer_not_the_last_person_named_en() {
    let body = "Mayor Anna Berg opened the pier on Monday. \
“It is too short for big ships,” one observer said.";
    assert_eq!(
        checked(body, Language::English),
        [quote("It is too short for big ships", "observer")]
    );
}

#[test]
fn one_observer_stays_an_unnamed_observer_not_the_last_person_named_ru() {
    let body = "Мэр Анна Берг открыла причал в понедельник. \
«Он слишком короткий для больших судов», — сказал один наблюдатель.";
    assert_eq!(
        checked(body, Language::Russian),
        [quote(
            "Он слишком короткий для больших судов",
            "наблюдатель"
        )]
    );
}

#[test]
fn it_after_an_organizations_statement_is_that_organization_en() {
    let body = "The Coastal Rights Network said the divers were held without charge. \
It warned that more arrests could follow.";
    let network = "Coastal Rights Network";
    assert_eq!(
        checked(body, Language::English),
        [
            paraphrase(
                "The Coastal Rights Network said the divers were held without charge.",
                network
            ),
            paraphrase("It warned that more arrests could follow.", network),
        ]
    );
}

#[test]
fn ono_after_an_organizations_statement_is_that_organization_ru() {
    let body = "Министерство рыболовства заявило, что квоты сократят. \
Оно предупредило, что проверки продолжатся.";
    let ministry = "Министерство рыболовства";
    assert_eq!(
        checked(body, Language::Russian),
        [
            paraphrase(
                "Министерство рыболовства заявило, что квоты сократят.",
                ministry
            ),
            paraphrase("Оно предупредило, что проверки продолжатся.", ministry),
        ]
    );
}

#[test]
fn on_after_a_committees_statement_is_that_committee_ru() {
    let body = "Комитет защиты побережья заявил, что водолазов держат без обвинения. \
Он предупредил, что возможны новые аресты.";
    let committee = "Комитет защиты побережья";
    assert_eq!(
        checked(body, Language::Russian),
        [
            paraphrase(
                "Комитет защиты побережья заявил, что водолазов держат без обвинения.",
                committee
            ),
            paraphrase("Он предупредил, что возможны новые аресты.", committee),
        ]
    );
}

#[test]
fn a_closing_frame_with_an_unnamed_officer_attributes_the_sentence_en() {
    let body = "Two boats sank near the pier on Monday. The crews were rescued, an officer on the scene said.";
    assert_eq!(
        checked(body, Language::English),
        [paraphrase(
            "The crews were rescued, an officer on the scene said.",
            "officer on the scene"
        )]
    );
}

#[test]
fn a_closing_frame_with_an_unnamed_officer_attributes_the_sentence_ru() {
    let body = "Две лодки затонули у причала в понедельник. Экипажи спасены, сообщил полицейский.";
    assert_eq!(
        checked(body, Language::Russian),
        [paraphrase(
            "Экипажи спасены, сообщил полицейский.",
            "полицейский"
        )]
    );
}

#[test]
fn a_closing_frame_said_the_mayor_gives_the_mayors_name_en() {
    let body = "Anna Berg is the mayor of Portvale. The pier will reopen in June, said the mayor.";
    assert_eq!(
        checked(body, Language::English),
        [paraphrase(
            "The pier will reopen in June, said the mayor.",
            "Anna Berg"
        )]
    );
}

#[test]
fn a_closing_frame_skazala_mer_gives_the_mayors_name_ru() {
    let body = "Анна Берг — мэр Портовска. Причал откроется в июне, сказала мэр.";
    assert_eq!(
        checked(body, Language::Russian),
        [paraphrase(
            "Причал откроется в июне, сказала мэр.",
            "Анна Берг"
        )]
    );
}

#[test]
fn a_three_word_name_is_kept_whole_en() {
    for body in [
        "Bellou Darun Kassor said the harbour would reopen in June.",
        "Bellou Darun Kassor, the head of the fishers' union, said the harbour would reopen in June.",
    ] {
        assert_eq!(
            checked(body, Language::English),
            [paraphrase(body, "Bellou Darun Kassor")]
        );
    }
}

#[test]
fn a_name_with_a_patronymic_is_kept_whole_ru() {
    let body = "Иван Петрович Сидоров заявил, что гавань откроется в июне.";
    assert_eq!(
        checked(body, Language::Russian),
        [paraphrase(body, "Иван Петрович Сидоров")]
    );
}

#[test]
fn a_three_word_name_is_kept_whole_ru() {
    let body = "Мамаду Сиди Кассор, глава профсоюза рыбаков, заявил, что гавань откроется в июне.";
    assert_eq!(
        checked(body, Language::Russian),
        [paraphrase(body, "Мамаду Сиди Кассор")]
    );
}

#[test]
fn a_title_with_its_country_before_the_name_gives_only_the_name_ru() {
    let body = "Президент Эксландии Иван Петров заявил, что гавань откроется в июне.";
    assert_eq!(
        checked(body, Language::Russian),
        [paraphrase(body, "Иван Петров")]
    );
}

#[test]
fn a_title_with_its_country_before_the_name_gives_only_the_name_en() {
    let body = "Examplia President Ivan Petrov said the harbour would reopen in June.";
    assert_eq!(
        checked(body, Language::English),
        [paraphrase(body, "Ivan Petrov")]
    );
}

#[test]
fn a_title_of_a_country_before_the_name_gives_only_the_name_en() {
    let body = "President of Examplia Ivan Petrov said the harbour would reopen in June.";
    assert_eq!(
        checked(body, Language::English),
        [paraphrase(body, "Ivan Petrov")]
    );
}

#[test]
fn a_name_in_commas_after_a_role_is_the_speaker_en() {
    let body = "The president of Examplia, Ivan Petrov, said the harbour would reopen in June.";
    assert_eq!(
        checked(body, Language::English),
        [paraphrase(body, "Ivan Petrov")]
    );
}

// 5. Interviews and transcripts.

#[test]
fn a_transcript_gives_the_answer_to_its_label_and_drops_the_question_en() {
    let body = "MS. HOLM: Will the harbour reopen this year?\n\n\
AMB. VARGA: The harbour will reopen in June.";
    assert_eq!(
        checked(body, Language::English),
        [quote("The harbour will reopen in June.", "Varga")]
    );
}

#[test]
fn a_transcript_gives_the_answer_to_its_label_and_drops_the_question_ru() {
    let body = "Г-ЖА ХОЛМ: Откроется ли гавань в этом году?\n\n\
Г-Н ВАРГА: Гавань откроется в июне.";
    assert_eq!(
        checked(body, Language::Russian),
        [quote("Гавань откроется в июне.", "Варга")]
    );
}

#[test]
fn a_dash_interview_gives_the_answers_to_the_interviewee_and_drops_the_questions_ru() {
    let body = "Иван Петров ответил на вопросы ведущей.\n\n\
— Когда откроется гавань?\n\n\
— Гавань откроется в июне, работы почти закончены.\n\n\
— А что будет с рынком?\n\n\
— Рынок переедет ближе к причалу.";
    assert_eq!(
        checked(body, Language::Russian),
        [
            quote(
                "Гавань откроется в июне, работы почти закончены.",
                "Иван Петров"
            ),
            quote("Рынок переедет ближе к причалу.", "Иван Петров"),
        ]
    );
}

#[test]
fn a_dash_interview_gives_the_answers_to_the_interviewee_and_drops_the_questions_en() {
    let body = "Ivan Petrov answered the host's questions.\n\n\
— When will the harbour reopen?\n\n\
— The harbour will reopen in June, the work is almost done.";
    assert_eq!(
        checked(body, Language::English),
        [quote(
            "The harbour will reopen in June, the work is almost done.",
            "Ivan Petrov"
        )]
    );
}

// 6. Text as people paste it.

#[test]
fn hard_line_breaks_inside_a_paragraph_keep_one_sentence_en() {
    let body = "Anna Berg said that the harbour\nwould reopen in June after\nthe repairs.";
    assert_eq!(
        checked(body, Language::English),
        [paraphrase(body, "Anna Berg")]
    );
}

#[test]
fn hard_line_breaks_inside_a_paragraph_keep_one_sentence_ru() {
    let body = "Анна Берг сообщила, что гавань\nоткроется в июне после\nремонта.";
    assert_eq!(
        checked(body, Language::Russian),
        [paraphrase(body, "Анна Берг")]
    );
}

#[test]
fn a_sentence_cut_off_where_the_text_ends_is_no_statement_of_the_author_en() {
    let ministry = "Ministry of Fisheries of Examplia";
    let body = "We have opened three new hatcheries this year. Our inspectors will visit every";
    assert_eq!(
        one_by(body, Language::English, ministry),
        [quote(
            "We have opened three new hatcheries this year.",
            ministry
        )]
    );
}

#[test]
fn a_sentence_cut_off_where_the_text_ends_is_no_statement_of_the_author_ru() {
    let ministry = "Министерство рыболовства Эксландии";
    let body = "Мы открыли три новых питомника в этом году. Наши инспекторы посетят каждую";
    assert_eq!(
        one_by(body, Language::Russian, ministry),
        [quote(
            "Мы открыли три новых питомника в этом году.",
            ministry
        )]
    );
}

#[test]
fn a_framed_sentence_cut_off_where_the_text_ends_is_no_statement_en() {
    let body = "Anna Berg said that the harbour would reopen in June. Tom Hale said that the repairs would";
    assert_eq!(
        checked(body, Language::English),
        [paraphrase(
            "Anna Berg said that the harbour would reopen in June.",
            "Anna Berg"
        )]
    );
}

#[test]
fn a_framed_sentence_cut_off_where_the_text_ends_is_no_statement_ru() {
    let body =
        "Анна Берг сообщила, что гавань откроется в июне. Иван Петров сказал, что ремонт причала";
    assert_eq!(
        checked(body, Language::Russian),
        [paraphrase(
            "Анна Берг сообщила, что гавань откроется в июне.",
            "Анна Берг"
        )]
    );
}

#[test]
fn a_headline_without_final_punctuation_is_no_statement_en() {
    let body = "Harbour to reopen in June, mayor says\n\n\
Anna Berg said that the harbour would reopen in June.";
    assert_eq!(
        checked(body, Language::English),
        [paraphrase(
            "Anna Berg said that the harbour would reopen in June.",
            "Anna Berg"
        )]
    );
    let ministry = "Ministry of Fisheries of Examplia";
    let body = "New hatcheries open in the north\n\nWe have opened three new hatcheries this year.";
    assert_eq!(
        one_by(body, Language::English, ministry),
        [quote(
            "We have opened three new hatcheries this year.",
            ministry
        )]
    );
}

#[test]
fn a_headline_without_final_punctuation_is_no_statement_ru() {
    let body = "Гавань откроется в июне, заявила мэр\n\n\
Анна Берг сообщила, что гавань откроется в июне.";
    assert_eq!(
        checked(body, Language::Russian),
        [paraphrase(
            "Анна Берг сообщила, что гавань откроется в июне.",
            "Анна Берг"
        )]
    );
    let ministry = "Министерство рыболовства Эксландии";
    let body = "Новые питомники открылись на севере\n\nМы открыли три новых питомника в этом году.";
    assert_eq!(
        one_by(body, Language::Russian, ministry),
        [quote(
            "Мы открыли три новых питомника в этом году.",
            ministry
        )]
    );
}

#[test]
fn a_sentence_announcing_the_quote_after_it_is_dropped_en() {
    let body = "Anna Berg welcomed the decision to reopen the harbour. \
“The decision to reopen the harbour is good news for every fisher,” she said.";
    assert_eq!(
        checked(body, Language::English),
        [quote(
            "The decision to reopen the harbour is good news for every fisher",
            "Anna Berg"
        )]
    );
    // Alone, the same sentence is a statement.
    let body = "Anna Berg welcomed the decision to reopen the harbour.";
    assert_eq!(
        speakers(&checked(body, Language::English)),
        [Some("Anna Berg")]
    );
}

#[test]
fn a_sentence_announcing_the_quote_after_it_is_dropped_ru() {
    let body = "Анна Берг приветствовала решение открыть гавань. \
«Решение открыть гавань — хорошая новость для всех рыбаков», — сказала она.";
    assert_eq!(
        checked(body, Language::Russian),
        [quote(
            "Решение открыть гавань — хорошая новость для всех рыбаков",
            "Анна Берг"
        )]
    );
}

#[test]
fn an_organizations_unframed_sentence_after_its_own_we_frame_is_its_direct_quote_en() {
    let network = "Coastal Rights Network";
    let body = "We condemned the arrest of the divers in Portvale. The authorities must free them at once.";
    let got = one_by(body, Language::English, network);
    assert_eq!(speakers(&got), [Some(network), Some(network)], "{got:?}");
    assert_eq!(
        got[1],
        quote("The authorities must free them at once.", network)
    );
}

#[test]
fn an_organizations_unframed_sentence_after_its_own_we_frame_is_its_direct_quote_ru() {
    let centre = "Береговой правозащитный центр";
    let body = "Мы задокументировали двенадцать случаев выселения в Портовске. Власти должны остановить выселения.";
    let got = one_by(body, Language::Russian, centre);
    assert_eq!(speakers(&got), [Some(centre), Some(centre)], "{got:?}");
    assert_eq!(got[1], quote("Власти должны остановить выселения.", centre));
}

#[test]
fn a_persons_title_gives_their_organization_and_post_en() {
    let found = extract(
        "Harbour Watch’s regional director Anna Berg said that the ban was unlawful.",
        Language::English,
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].speaker.as_deref(), Some("Anna Berg"));
    assert_eq!(
        found[0].affiliation,
        Some(("Harbour Watch".to_owned(), "director".to_owned()))
    );
    assert!(!found[0].speaker_is_organization);
}

#[test]
fn a_persons_title_gives_their_organization_and_post_ru() {
    let found = extract(
        "Пресс-секретарь МЧС Эксландии Анна Берг заявила, что причал закроют.",
        Language::Russian,
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].speaker.as_deref(), Some("Анна Берг"));
    let (organization, role) = found[0].affiliation.clone().expect("an affiliation");
    assert!(organization.starts_with("МЧС"), "{organization}");
    assert_eq!(role, "пресс-секретарь");
}

#[test]
fn an_organization_speaking_as_one_is_marked_so() {
    let found = extract(
        "The Coastal Rights Network said the fishing ban was unlawful.",
        Language::English,
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].speaker_is_organization, "{found:?}");
    let found = extract(
        "Local residents said the fishing ban was unlawful.",
        Language::English,
    );
    assert!(
        !found[0].speaker_is_organization,
        "a collective voice: {found:?}"
    );
}

#[test]
fn a_capitalised_common_noun_opening_the_sentence_is_no_part_of_the_name_ru() {
    let found = checked(
        "Эксперт Иван Петров заявил, что расследование продолжается.",
        Language::Russian,
    );
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].2.as_deref(), Some("Иван Петров"));
    let raw = extract(
        "Эксперт Иван Петров заявил, что расследование продолжается.",
        Language::Russian,
    );
    assert!(!raw[0].speaker_is_organization, "a person: {raw:?}");
}
