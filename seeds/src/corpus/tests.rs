//! Tests of the compiled-in corpus, and of validation on small broken fixtures.

use std::collections::HashSet;

use super::*;

fn corpus() -> Corpus {
    load().expect("the seed corpus loads")
}

fn document<'a>(corpus: &'a Corpus, slug_prefix: &str) -> &'a Document {
    corpus
        .documents
        .iter()
        .find(|d| d.slug.starts_with(slug_prefix))
        .expect("document exists")
}

#[test]
fn the_seed_corpus_loads() {
    let corpus = corpus();
    assert_eq!(corpus.documents.len(), 5);
    assert!(!corpus.registry.organizations.is_empty());
    assert!(!corpus.registry.speakers.is_empty());
    assert!(!corpus.registry.topics.is_empty());
}

#[test]
fn every_raw_file_is_annotated_and_compiled_in() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/raw");
    let mut on_disk: Vec<String> = std::fs::read_dir(dir)
        .expect("raw directory")
        .map(|e| {
            let path = e.expect("entry").path();
            path.file_stem()
                .expect("stem")
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    on_disk.sort();
    let compiled: Vec<String> = corpus().documents.iter().map(|d| d.slug.clone()).collect();
    assert_eq!(compiled, on_disk);
}

#[test]
fn statement_counts_per_document() {
    let corpus = corpus();
    let counts: Vec<(&str, usize)> = corpus
        .documents
        .iter()
        .map(|d| (&d.slug[..3], d.statements.len()))
        .collect();
    assert_eq!(
        counts,
        [("000", 6), ("001", 22), ("002", 8), ("003", 7), ("004", 12)]
    );
}

#[test]
fn every_statement_is_its_code_point_span_of_the_body() {
    for doc in corpus().documents {
        for s in &doc.statements {
            let slice: String = doc
                .body
                .chars()
                .skip(s.span_start)
                .take(s.span_end - s.span_start)
                .collect();
            assert_eq!(slice, s.text, "{}", doc.slug);
            assert_eq!(
                doc.body.matches(s.text.as_str()).count(),
                1,
                "{}: {}",
                doc.slug,
                s.text
            );
        }
    }
}

#[test]
fn bodies_are_the_cleaned_originals() {
    for doc in corpus().documents {
        assert_eq!(doc.body, text::clean(&doc.original));
        assert!(!doc.title_is_editorial || !doc.body.starts_with(&doc.title));
    }
}

#[test]
fn every_reference_resolves() {
    let corpus = corpus();
    let registry = &corpus.registry;
    let is_org = |k: &str| registry.organization(k).is_some();
    let is_speaker = |k: &str| registry.speaker(k).is_some();

    let mut keys = HashSet::new();
    for key in registry
        .organizations
        .iter()
        .map(|o| &o.key)
        .chain(registry.speakers.iter().map(|s| &s.key))
    {
        assert!(keys.insert(key.clone()), "key {key} is used twice");
    }
    for org in &registry.organizations {
        if let Some(parent) = &org.parent {
            assert!(is_org(parent), "{}: parent {parent}", org.key);
        }
    }
    for speaker in &registry.speakers {
        for a in &speaker.affiliations {
            assert!(
                is_org(&a.organization),
                "{}: {}",
                speaker.key,
                a.organization
            );
        }
    }
    for doc in &corpus.documents {
        if let Some(outlet) = &doc.outlet {
            let org = registry.organization(outlet).expect("outlet is registered");
            assert_eq!(org.kind, OrganizationKind::Media);
        }
        for s in &doc.statements {
            assert!(s.speaker.is_some() || s.organization.is_some());
            assert!(s.speaker.as_deref().is_none_or(is_speaker), "{}", s.text);
            assert!(s.organization.as_deref().is_none_or(is_org), "{}", s.text);
            assert!(!s.topics.is_empty());
            for t in &s.topics {
                assert!(registry.topic(t).is_some(), "{t}");
            }
            for a in &s.about {
                match a {
                    EntityRef::Speaker(k) => assert!(is_speaker(k), "{k}"),
                    EntityRef::Organization(k) => assert!(is_org(k), "{k}"),
                }
            }
            assert_eq!(s.language, doc.language);
        }
    }
}

#[test]
fn parents_come_before_their_children() {
    let corpus = corpus();
    let mut seen = HashSet::new();
    for org in &corpus.registry.organizations {
        if let Some(parent) = &org.parent {
            assert!(
                seen.contains(parent),
                "{} comes before its parent {parent}",
                org.key
            );
        }
        seen.insert(org.key.clone());
    }
    let parent_of = |k: &str| {
        corpus
            .registry
            .organization(k)
            .and_then(|o| o.parent.clone())
    };
    assert_eq!(parent_of("odihr").as_deref(), Some("osce"));
    assert_eq!(parent_of("kz_mfa").as_deref(), Some("kz_government"));
    assert_eq!(parent_of("kz_government").as_deref(), Some("kz_state"));
    assert_eq!(parent_of("kz_ombudsman").as_deref(), Some("kz_state"));
}

#[test]
fn spellings_in_the_texts_resolve_to_the_right_entity() {
    let corpus = corpus();
    let speaker = |k: &str| Some(EntityRef::Speaker(k.to_owned()));
    let org = |k: &str| Some(EntityRef::Organization(k.to_owned()));
    let expected = [
        ("Tokaev", speaker("kassym_jomart_tokayev")),
        ("Токаев", speaker("kassym_jomart_tokayev")),
        ("Kassym-Jomart Tokayev", speaker("kassym_jomart_tokayev")),
        ("Касым-Жомарта Токаева", speaker("kassym_jomart_tokayev")),
        ("Kasim-Zhomart Tokaev", speaker("kassym_jomart_tokayev")),
        ("Tleuberdi", speaker("mukhtar_tleuberdi")),
        ("Tileuberdi", speaker("mukhtar_tleuberdi")),
        ("Мухтар Тлеуберди", speaker("mukhtar_tleuberdi")),
        ("Кеннетом Рот", speaker("kenneth_roth")),
        ("Kenneth Roth", speaker("kenneth_roth")),
        ("Мекаччи", speaker("matteo_mecacci")),
        ("Matteo Mecacci", speaker("matteo_mecacci")),
        ("Эльвира Азимова", speaker("elvira_azimova")),
        ("Mr. Vassilenko", speaker("roman_vassilenko")),
        ("Василенко", speaker("roman_vassilenko")),
        ("Усен Сулеймен", speaker("usen_suleimen")),
        ("Hugh Williamson", speaker("hugh_williamson")),
        ("Никол Пашинян", speaker("nikol_pashinyan")),
        ("Дастан Дюшекеев", speaker("dastan_dyushekeev")),
        ("Антониу Гутерриша", speaker("antonio_guterres")),
        ("Нурсултана Назарбаева", speaker("nursultan_nazarbayev")),
        ("Викрама Рузахунова", speaker("vikram_ruzakhunov")),
        ("правозащитники Кыргызстана", speaker("kg_rights_defenders")),
        ("власти Казахстана", speaker("kazakh_authorities")),
        ("МИД РК", org("kz_mfa")),
        ("МИД Казахстана", org("kz_mfa")),
        ("Kazakh MFA", org("kz_mfa")),
        ("Ministry of Foreign Affairs of Kazakhstan", org("kz_mfa")),
        (
            "Ministry of Foreign Affairs of the Republic of Kazakhstan",
            org("kz_mfa"),
        ),
        ("MFA of Kazakhstan", org("kz_mfa")),
        (
            "Министерство иностранных дел Республики Казахстан",
            org("kz_mfa"),
        ),
        ("МИД КР", org("kg_mfa")),
        ("HRW", org("hrw")),
        ("Human Rights Watch", org("hrw")),
        ("ОБСЕ", org("osce")),
        ("OSCE", org("osce")),
        ("БДИПЧ", org("odihr")),
        ("ODIHR", org("odihr")),
        (
            "Бюро ОБСЕ по демократическим институтам и правам человека",
            org("odihr"),
        ),
        ("ОДКБ", org("csto")),
        ("CSTO", org("csto")),
        (
            "Организации Договора о коллективной безопасности",
            org("csto"),
        ),
        ("ООН", org("un")),
        ("UN", org("un")),
        ("Евросоюз", org("eu")),
        ("EU", org("eu")),
        ("European parliament", org("european_parliament")),
        (
            "Уполномоченный по правам человека в РК",
            org("kz_ombudsman"),
        ),
        ("казахской погранслужбы", org("kz_border_service")),
        ("Хабар 24", org("khabar_24")),
        ("Khabar24", org("khabar_24")),
        ("NewTimes.kz", org("newtimes_kz")),
        ("KAZINFORM", org("kazinform")),
        // Ambiguous: one word for two ministries, or any government.
        ("МИД", None),
        ("Правительство", None),
        ("Ministry of Foreign Affairs", None),
    ];
    for (name, entity) in expected {
        assert_eq!(corpus.registry.resolve(name), entity, "{name}");
    }
}

#[test]
fn every_alias_carries_its_folded_key_and_the_name_is_one() {
    let corpus = corpus();
    let registry = &corpus.registry;
    let entities = registry
        .organizations
        .iter()
        .map(|o| (&o.name, &o.aliases))
        .chain(registry.speakers.iter().map(|s| (&s.name, &s.aliases)));
    for (name, aliases) in entities {
        assert!(aliases.iter().any(|a| a.name == *name), "{name}");
        let mut folded = HashSet::new();
        for a in aliases {
            assert_eq!(a.folded, text::fold(&a.name));
            assert!(folded.insert(&a.folded), "{name}: {} twice", a.folded);
        }
    }
}

#[test]
fn bodies_carry_no_site_furniture() {
    for doc in corpus().documents {
        let body = &doc.body;
        for furniture in [
            "Фото:",
            "Photo:",
            "©",
            "Copyright",
            "@",
            "[email",
            "Читать по теме",
            "logo",
            "Facebook",
            "**",
            "Миссия портала",
            "country-kz.com",
            " date ",
            "\u{00A0}",
            "\r",
        ] {
            assert!(
                !body.contains(furniture),
                "{} contains {furniture:?}",
                doc.slug
            );
        }
        for line in body.lines() {
            assert_eq!(line.trim(), line, "{}", doc.slug);
        }
        assert!(!body.contains("\n\n\n"), "{}", doc.slug);
    }
}

#[test]
fn dates_keep_only_the_precision_the_texts_give() {
    let corpus = corpus();
    let published = |p: &str| document(&corpus, p).published.map(|d| d.to_string());
    assert_eq!(published("001").as_deref(), Some("2022-01"));
    assert_eq!(published("003").as_deref(), Some("2022"));
    let said: Vec<String> = document(&corpus, "004")
        .statements
        .iter()
        .filter(|s| s.speaker.as_deref() == Some("kassym_jomart_tokayev"))
        .filter_map(|s| s.said.map(|d| d.to_string()))
        .collect();
    assert_eq!(said, ["2022-01-29", "2022-01-05"]);
    let hrw_appeal = document(&corpus, "004")
        .statements
        .first()
        .and_then(|s| s.said)
        .map(|d| d.to_string());
    assert_eq!(hrw_appeal.as_deref(), Some("2022-02-01"));
}

#[test]
fn the_bare_mfa_in_the_kyrgyz_article_is_kyrgyzstans() {
    let corpus = corpus();
    let released = document(&corpus, "001")
        .statements
        .iter()
        .find(|s| s.text.contains("38 граждан"))
        .expect("the release figure is a statement");
    assert_eq!(released.organization.as_deref(), Some("kg_mfa"));
}

// ---------------------------------------------------------------------------
// Validation on fixtures

const REGISTRY: &str = r#"
[[organization]]
key = "kz_mfa"
name = "Ministry of Foreign Affairs of Kazakhstan"
kind = "government"
aliases = [{ name = "МИД РК", lang = "ru" }]

[[organization]]
key = "kg_mfa"
name = "Ministry of Foreign Affairs of Kyrgyzstan"
kind = "government"
aliases = [{ name = "МИД КР", lang = "ru" }]

[[organization]]
key = "paper"
name = "The Paper"
kind = "media"

[[speaker]]
key = "tleuberdi"
name = "Mukhtar Tleuberdi"
kind = "person"
aliases = [{ name = "Тлеуберди", lang = "ru" }, { name = "Tleuberdi" }]
affiliations = [{ organization = "kz_mfa", role = "Minister", from = "2019" }]

[[topic]]
key = "investigation"
label_en = "Investigation"
label_ru = "Расследование"
keywords_en = ["investigation"]
keywords_ru = ["расследован"]
"#;

const RAW: &str = "Заголовок\n\nТлеуберди сказал: «Расследование будет». Посол сказал: «Да». Министр сказал: «Да».\n\nФото: пресс-служба\n";

const ARTICLE: &str = r#"title = "Заголовок"
outlet = "paper"
language = "ru"

[[statement]]
text = "Расследование будет"
kind = "direct_quote"
speaker = "tleuberdi"
organization = "kz_mfa"
topics = ["investigation"]
about = ["kg_mfa"]
said = "2022-01-29"
"#;

fn load_fixture(registry: &str, annotation: &str) -> Result<Corpus, SeedError> {
    load_from(
        registry,
        &[ArticleSource {
            slug: "fixture",
            raw: RAW,
            annotation,
        }],
    )
}

fn fixture_error(registry: &str, annotation: &str) -> SeedError {
    load_fixture(registry, annotation).expect_err("the fixture is invalid")
}

fn line_of(haystack: &str, needle: &str) -> usize {
    let at = haystack.find(needle).expect("needle in fixture");
    haystack[..at].matches('\n').count() + 1
}

const ARTICLE_FILE: &str = "seeds/data/articles/fixture.toml";

#[test]
fn a_valid_fixture_loads_with_code_point_spans() {
    let corpus = load_fixture(REGISTRY, ARTICLE).expect("valid fixture");
    let doc = &corpus.documents[0];
    assert_eq!(
        doc.body,
        "Заголовок\n\nТлеуберди сказал: «Расследование будет». Посол сказал: «Да». Министр сказал: «Да»."
    );
    let s = &doc.statements[0];
    // Counted in characters: the Cyrillic before it is two bytes a letter.
    assert_eq!((s.span_start, s.span_end), (30, 49));
    assert_eq!(s.language, "ru");
    assert_eq!(s.about, [EntityRef::Organization("kg_mfa".to_owned())]);
    let speaker = corpus.registry.speaker("tleuberdi").expect("speaker");
    // The name is an alias too; "Tleuberdi" is listed once.
    let names: Vec<&str> = speaker.aliases.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["Mukhtar Tleuberdi", "Тлеуберди"]);
    assert_eq!(
        corpus.registry.resolve("Tleuberdi"),
        Some(EntityRef::Speaker("tleuberdi".to_owned()))
    );
}

#[test]
fn a_text_missing_from_the_body_is_an_error_at_its_line() {
    let annotation = ARTICLE.replace("Расследование будет", "Расследования не будет");
    let err = fixture_error(REGISTRY, &annotation);
    assert_eq!(err.file, ARTICLE_FILE);
    assert_eq!(err.line, Some(line_of(&annotation, "text =")));
    assert!(err.message.contains("not in the cleaned body"), "{err}");
}

#[test]
fn a_text_found_twice_is_an_error_at_its_line() {
    let annotation = ARTICLE.replace("text = \"Расследование будет\"", "text = '''«Да»'''");
    let err = fixture_error(REGISTRY, &annotation);
    assert_eq!(err.file, ARTICLE_FILE);
    assert_eq!(err.line, Some(line_of(&annotation, "text =")));
    assert!(err.message.contains("2 times"), "{err}");
}

#[test]
fn an_unknown_key_is_an_error_at_its_line() {
    for (from, to) in [
        ("speaker = \"tleuberdi\"", "speaker = \"tokayev\""),
        ("about = [\"kg_mfa\"]", "about = [\"kg_mfa\", \"osce\"]"),
        ("topics = [\"investigation\"]", "topics = [\"torture\"]"),
        ("outlet = \"paper\"", "outlet = \"kz_mfa\""),
        ("organization = \"kz_mfa\"", "organization = \"tleuberdi\""),
    ] {
        let annotation = ARTICLE.replace(from, to);
        let err = fixture_error(REGISTRY, &annotation);
        assert_eq!(err.file, ARTICLE_FILE, "{to}");
        assert_eq!(err.line, Some(line_of(&annotation, to)), "{to}: {err}");
    }
    let registry = REGISTRY.replace(
        "organization = \"kz_mfa\", role",
        "organization = \"mfa\", role",
    );
    let err = fixture_error(&registry, ARTICLE);
    assert_eq!(err.file, REGISTRY_PATH);
    assert_eq!(err.line, Some(line_of(&registry, "organization = \"mfa\"")));
}

#[test]
fn one_alias_on_two_entities_is_an_error_naming_both() {
    // "МИД" alone would mean either ministry.
    let registry = REGISTRY
        .replace(
            "aliases = [{ name = \"МИД КР\", lang = \"ru\" }]",
            "aliases = [{ name = \"МИД КР\", lang = \"ru\" },\n  { name = \"МИД\" }]",
        )
        .replace(
            "aliases = [{ name = \"МИД РК\", lang = \"ru\" }]",
            "aliases = [{ name = \"МИД РК\", lang = \"ru\" }, { name = \"Mid\" }]",
        );
    let err = fixture_error(&registry, ARTICLE);
    assert_eq!(err.file, REGISTRY_PATH);
    assert_eq!(err.line, Some(line_of(&registry, "{ name = \"МИД\" }")));
    assert!(
        err.message.contains("kz_mfa") && err.message.contains("kg_mfa"),
        "{err}"
    );
}

#[test]
fn a_duplicate_key_an_unknown_field_and_a_parent_cycle_are_errors() {
    let registry = REGISTRY.replace("key = \"paper\"", "key = \"kz_mfa\"");
    let err = fixture_error(&registry, ARTICLE);
    assert_eq!(
        err.line,
        Some(line_of(&registry, "key = \"kz_mfa\"\nname = \"The Paper\""))
    );

    let annotation = ARTICLE.replace("said =", "date =");
    let err = fixture_error(REGISTRY, &annotation);
    assert_eq!(
        (err.file.as_str(), err.line),
        (ARTICLE_FILE, Some(line_of(&annotation, "date =")))
    );

    let registry = REGISTRY
        .replace(
            "kind = \"government\"\naliases = [{ name = \"МИД РК\"",
            "kind = \"government\"\nparent = \"kg_mfa\"\naliases = [{ name = \"МИД РК\"",
        )
        .replace(
            "kind = \"government\"\naliases = [{ name = \"МИД КР\"",
            "kind = \"government\"\nparent = \"kz_mfa\"\naliases = [{ name = \"МИД КР\"",
        );
    let err = fixture_error(&registry, ARTICLE);
    assert!(err.message.contains("cycle"), "{err}");
    assert_eq!(err.file, REGISTRY_PATH);
    assert!(err.line.is_some());
}

#[test]
fn errors_print_file_and_line() {
    let err = SeedError {
        file: ARTICLE_FILE.to_owned(),
        line: Some(7),
        message: "boom".to_owned(),
    };
    assert_eq!(err.to_string(), "seeds/data/articles/fixture.toml:7: boom");
}

const PROPOSITION: &str = r#"
[[proposition]]
key = "international_investigation"
topic = "investigation"
text_en = "An international investigation is needed"
text_ru = "Необходимо международное расследование"
phrases_en = ["international investigation"]
phrases_ru = ["международное расследование"]
"#;

#[test]
fn a_curated_stance_names_a_known_proposition_and_position() {
    let registry = format!("{REGISTRY}{PROPOSITION}");
    let annotation = format!(
        "{ARTICLE}stances = [{{ proposition = \"international_investigation\", position = \"against\" }}]\n"
    );
    let corpus = load_fixture(&registry, &annotation).expect("valid fixture");
    let proposition = corpus
        .registry
        .proposition("international_investigation")
        .expect("proposition");
    assert_eq!(proposition.topic, "investigation");
    assert_eq!(proposition.phrases.len(), 2);
    assert_eq!(
        corpus.documents[0].statements[0].stances,
        [CuratedStance {
            proposition: "international_investigation".to_owned(),
            position: Polarity::Against,
        }]
    );

    let unknown = annotation.replace("\"international_investigation\"", "\"inquiry\"");
    let err = fixture_error(&registry, &unknown);
    assert_eq!(err.line, Some(line_of(&unknown, "stances =")));
    assert!(
        err.message.contains("\"inquiry\": not a known proposition")
            && err.message.contains("international_investigation"),
        "{err}"
    );

    let bad_position = annotation.replace("\"against\"", "\"opposed\"");
    let err = fixture_error(&registry, &bad_position);
    assert!(
        err.message
            .contains("stance position \"opposed\" is not one of for, against, neutral"),
        "{err}"
    );

    let bad_topic = registry.replace("topic = \"investigation\"", "topic = \"torture\"");
    let err = fixture_error(&bad_topic, ARTICLE);
    assert_eq!(err.file, REGISTRY_PATH);
    assert!(err.message.contains("not a known topic"), "{err}");
}
