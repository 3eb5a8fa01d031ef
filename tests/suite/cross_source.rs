//! Cross-source questions: what the five seed articles say when read together,
//! in both languages, through every name an entity goes by.
//!
//! Each expected answer comes from reading the articles, not from the
//! annotation files. Where the two disagree, the reading wins here and the
//! data is to be fixed; the disagreements these tests depend on:
//!
//! - 004: every HRW statement is from its appeal of 1 February 2022 (the
//!   call for an investigation, "All those responsible…", "HRW also
//!   demanded…" and Hugh Williamson's quote included), so each is said on
//!   2022-02-01;
//! - 004: "On January 6, an armed contingent arrived … at his request" quotes
//!   Tokayev's request to the CSTO, made on 5 January (001): said 2022-01-05;
//! - 004: "The European parliament previously demanded an independent
//!   investigation" is its resolution of 20 January: said 2022-01-20;
//! - 001: "Все случаи незаконных убийств, задержания, пыток и насилия…" is
//!   also about detention and the use of force (as its English counterparts
//!   in 002 and 004 are tagged): topics `arbitrary_detention` and
//!   `use_of_force` besides its own.
//!
//! A statement is named by its document's slug and the first 50 characters
//! of its text (trailing spaces trimmed); answers are compared as sorted sets.

use serde_json::{Value, json};

use crate::harness::{Backend, TestApp, backends, error_code, spawn_app};

// ---------------------------------------------------------------------------
// The corpus, statement by statement

const D000: &str = "000_53397f788cb4b0bb";
const D001: &str = "001_1bc3f43ec67090ee";
const D002: &str = "002_ac473eca6829cc3d";
const D003: &str = "003_c8ffc1cdbf062dc2";
const D004: &str = "004_4fe2903bd68b1aea";

/// A statement: its document's slug and the first 50 characters of its text.
type S = (&'static str, &'static str);

// 000_53397f788cb4b0bb
const TLEUBERDI_QUOTE: S = (D000, "В соответствии с поручениями президента Казахстана");
const ROTH_QUOTE: S = (D000, "Мы приветствуем открытость казахстанских властей к");
const MFA_SHARED_INTEREST: S = (D000, "В ходе встречи отмечено, что МИД Казахстана и Huma");
const TLEUBERDI_EACH_CASE: S = (D000, "Мухтар Тлеуберди подтвердил, что казахстанские сле");
const MFA_AGREEMENT: S = (D000, "По итогам встречи достигнута договоренность о прод");
const HRW_APPEAL_RECEIVED: S = (D000, "3 февраля 2022 года в МИД РК поступило обращение м");

// 001_1bc3f43ec67090ee
const KG_APPEAL: S = (D001, "Правозащитники Кыргызстана сделали обращение в ООН");
const KG_CONCERNED: S = (D001, "Они обеспокоены фактами нарушений законов и массов");
const KG_BORDER_GUARDS: S = (D001, "По их словам, уже известны факты о задержаниях сот");
const KG_BEATEN_QUOTE: S = (D001, "По информации, граждан Кыргызстана начинают избива");
const KG_RAIDS: S = (D001, "Кроме этого, по данным правозащитников, силовики К");
const KG_PROTEST_QUOTE: S = (D001, "Мы, представители общественности Кыргызстана, выра");
const KG_RUZAKHUNOV: S = (D001, "Они также недовольны фактами применения пыток в от");
const KG_MASS_CASES: S = (D001, "Есть основания полагать, что подобные случаи носят");
const KG_DEMAND_RIGHTS: S = (D001, "Они также потребовали от властей Казахстана соблюд");
const KG_GUTERRES: S = (D001, "В своем заявлении они обратились к генсекретарю ОО");
const KG_CSTO_TROOPS: S = (D001, "Также они просят рассмотреть использование военных");
const KG_INVESTIGATE_ALL: S = (D001, "Все случаи незаконных убийств, задержания, пыток и");
const KG_CSTO_INTERFERENCE: S = (D001, "Правозащитники также отмечают, что силы ОДКБ не до");
const KG_CHECK_DETAINEES: S = (D001, "Они также призвали власти Кыргызстана и Казахстана");
const KG_MFA_RELEASED: S = (D001, "Ранее по данным МИД, из Шымкента уже освободили 38");
const DYUSHEKEEV: S = (D001, "посол Кыргызстана в Казахстане Дастан Дюшекеев соо");
const TOKAYEV_CSTO_REQUEST: S = (D001, "президент Казахстана Касым-Жомарт Токаев 5 января");
const TOKAYEV_TERRORISTS: S = (D001, "Токаев назвал «террористами» демонстрантов, которы");
const TOKAYEV_HARSHLY: S = (D001, "Также он заявил, что «будет действовать максимальн");
const PASHINYAN: S = (D001, "Позже премьер-министр Армении и председатель ОДКБ");
const AUTHORITIES_LIQUIDATED: S = (D001, "власти страны провели так называемую «антитеррорис");
const TOKAYEV_MISSION_OVER: S = (D001, "Уже 11 января Токаев заявил, что миротворческая ми");

// 002_ac473eca6829cc3d
const VASSILENKO_TRAGIC: S = (D002, "Kazakhstan’s Deputy Minister of Foreign Affairs Ro");
const VASSILENKO_QUOTE: S = (D002, "Members of the Consultative and Advisory Body have");
const VASSILENKO_CONDEMNS: S = (D002, "Mr. Vassilenko stressed the Kazakh government stro");
const VASSILENKO_FAIR_TRIAL: S = (D002, "Strict observance of the rights of the latter and");
const KZ_DEFENDERS_GAPS: S = (D002, "According to domestic human rights defenders, the");
const KZ_DEFENDERS_RECOMMEND: S = (D002, "A number of specific recommendations were made to");
const KIBHR_ANALYSIS: S = (D002, "The Kazakhstan International Bureau for Human Righ");
const MFA_DISCUSSIONS: S = (D002, "Discussions on each agenda item were open and cons");

// 003_c8ffc1cdbf062dc2
const AZIMOVA_VULNERABLE: S = (D003, "Эльвира Азимова отметила, одним из приоритетных на");
const MECACCI_EVENTS: S = (D003, "В последнее время произошло много значимых событий");
const MECACCI_UNDER_INVESTIGATION: S = (D003, "Мы работаем над тем, чтобы убедиться в соблюдении");
const MECACCI_REFORMS: S = (D003, "Также случились конституционные реформы. И мы здес");
const MECACCI_MEMORANDUM: S = (D003, "Меморандум, который мы сегодня подписали, направле");
const AZIMOVA_BOOST: S = (D003, "Позитивный толчок для дальнейшего развития институ");
const AZIMOVA_HEAD_OF_STATE: S = (D003, "Что даст это для Казахстана? Вы знаете, что Глава");

// 004_4fe2903bd68b1aea
const HRW_APPEAL: S = (D004, "The Human Rights Watch (HRW) international human r");
const HRW_TORTURE_REPORT: S = (D004, "The statement of human rights activists says that");
const HRW_LAWYERS: S = (D004, "The report also claims that the Kazakh authorities");
const HRW_INVESTIGATION: S = (D004, "Human Rights Watch called on the authorities of Ka");
const HRW_ACCOUNTABLE: S = (D004, "All those responsible for violations should be hel");
const HRW_ACCESS: S = (D004, "HRW also demanded that human rights activists have");
const WILLIAMSON_QUOTE: S = (D004, "The leadership of Kazakhstan should immediately st");
const EP_DEMANDED: S = (D004, "The European parliament previously demanded an ind");
const EP_RESOLUTION: S = (D004, "In the resolution of the European Parliament of Ja");
const TOKAYEV_NO_INTERNATIONAL: S = (D004, "I do not consider it necessary to conduct such an");
const AUTHORITIES_225: S = (D004, "According to the authorities, during the riots 225");
const TOKAYEV_CONTINGENT: S = (D004, "On January 6, an armed contingent arrived in Kazak");

/// Every statement of the corpus, in reading order.
const ALL: [S; 55] = [
    TLEUBERDI_QUOTE,
    ROTH_QUOTE,
    MFA_SHARED_INTEREST,
    TLEUBERDI_EACH_CASE,
    MFA_AGREEMENT,
    HRW_APPEAL_RECEIVED,
    KG_APPEAL,
    KG_CONCERNED,
    KG_BORDER_GUARDS,
    KG_BEATEN_QUOTE,
    KG_RAIDS,
    KG_PROTEST_QUOTE,
    KG_RUZAKHUNOV,
    KG_MASS_CASES,
    KG_DEMAND_RIGHTS,
    KG_GUTERRES,
    KG_CSTO_TROOPS,
    KG_INVESTIGATE_ALL,
    KG_CSTO_INTERFERENCE,
    KG_CHECK_DETAINEES,
    KG_MFA_RELEASED,
    DYUSHEKEEV,
    TOKAYEV_CSTO_REQUEST,
    TOKAYEV_TERRORISTS,
    TOKAYEV_HARSHLY,
    PASHINYAN,
    AUTHORITIES_LIQUIDATED,
    TOKAYEV_MISSION_OVER,
    VASSILENKO_TRAGIC,
    VASSILENKO_QUOTE,
    VASSILENKO_CONDEMNS,
    VASSILENKO_FAIR_TRIAL,
    KZ_DEFENDERS_GAPS,
    KZ_DEFENDERS_RECOMMEND,
    KIBHR_ANALYSIS,
    MFA_DISCUSSIONS,
    AZIMOVA_VULNERABLE,
    MECACCI_EVENTS,
    MECACCI_UNDER_INVESTIGATION,
    MECACCI_REFORMS,
    MECACCI_MEMORANDUM,
    AZIMOVA_BOOST,
    AZIMOVA_HEAD_OF_STATE,
    HRW_APPEAL,
    HRW_TORTURE_REPORT,
    HRW_LAWYERS,
    HRW_INVESTIGATION,
    HRW_ACCOUNTABLE,
    HRW_ACCESS,
    WILLIAMSON_QUOTE,
    EP_DEMANDED,
    EP_RESOLUTION,
    TOKAYEV_NO_INTERNATIONAL,
    AUTHORITIES_225,
    TOKAYEV_CONTINGENT,
];

/// The Kazakh MFA in reading order: its own readouts (000, 002), its
/// minister Tleuberdi, and its deputy minister Vassilenko, including what he
/// said for the government as a whole (002). Nothing by the Dialogue
/// Platform (its sub-organization) or by Suleimen, who only chaired.
const KZ_MFA_ALL: [S; 9] = [
    TLEUBERDI_QUOTE,
    MFA_SHARED_INTEREST,
    TLEUBERDI_EACH_CASE,
    MFA_AGREEMENT,
    VASSILENKO_TRAGIC,
    VASSILENKO_QUOTE,
    VASSILENKO_CONDEMNS,
    VASSILENKO_FAIR_TRIAL,
    MFA_DISCUSSIONS,
];

/// Human Rights Watch in Russian (000: Roth, and its appeal as the MFA
/// received it) and in English (004: the appeal of 1 February and Williamson).
const HRW_ALL: [S; 9] = [
    ROTH_QUOTE,
    HRW_APPEAL_RECEIVED,
    HRW_APPEAL,
    HRW_TORTURE_REPORT,
    HRW_LAWYERS,
    HRW_INVESTIGATION,
    HRW_ACCOUNTABLE,
    HRW_ACCESS,
    WILLIAMSON_QUOTE,
];

/// HRW's appeal of 1 February 2022 as 004 reports it.
const HRW_FEBRUARY_1: [S; 7] = [
    HRW_APPEAL,
    HRW_TORTURE_REPORT,
    HRW_LAWYERS,
    HRW_INVESTIGATION,
    HRW_ACCOUNTABLE,
    HRW_ACCESS,
    WILLIAMSON_QUOTE,
];

/// Tokayev as speaker: four paraphrases in Russian (001), his refusal of an
/// international investigation and his request for the CSTO's help in English (004).
const TOKAYEV_ALL: [S; 6] = [
    TOKAYEV_CSTO_REQUEST,
    TOKAYEV_TERRORISTS,
    TOKAYEV_HARSHLY,
    TOKAYEV_MISSION_OVER,
    TOKAYEV_NO_INTERNATIONAL,
    TOKAYEV_CONTINGENT,
];

/// Matteo Mecacci for ODIHR (003); the OSCE itself says nothing else.
const MECACCI_ALL: [S; 4] = [
    MECACCI_EVENTS,
    MECACCI_UNDER_INVESTIGATION,
    MECACCI_REFORMS,
    MECACCI_MEMORANDUM,
];

/// The Kyrgyz rights defenders' appeal (001): its first fourteen statements.
const KG_DEFENDERS_ALL: [S; 14] = [
    KG_APPEAL,
    KG_CONCERNED,
    KG_BORDER_GUARDS,
    KG_BEATEN_QUOTE,
    KG_RAIDS,
    KG_PROTEST_QUOTE,
    KG_RUZAKHUNOV,
    KG_MASS_CASES,
    KG_DEMAND_RIGHTS,
    KG_GUTERRES,
    KG_CSTO_TROOPS,
    KG_INVESTIGATE_ALL,
    KG_CSTO_INTERFERENCE,
    KG_CHECK_DETAINEES,
];

/// Every name the registry gives Tokayev (his name and aliases).
const TOKAYEV_NAMES: [&str; 15] = [
    "Kassym-Jomart Tokayev",
    "Tokayev",
    "Tokaev",
    "Kasym-Zhomart Tokaev",
    "Kasim-Zhomart Tokaev",
    "Qasym-Jomart Toqaev",
    "Касым-Жомарт Токаев",
    "Касым-Жомарта Токаева",
    "Касым-Жомарту Токаеву",
    "Касым-Жомартом Токаевым",
    "Токаев",
    "Токаева",
    "Токаеву",
    "Токаевым",
    "Қасым-Жомарт Тоқаев",
];

// ---------------------------------------------------------------------------
// Queries and helpers

const STATEMENTS: &str = r#"
query Statements(
  $filter: StatementFilter
  $orderBy: StatementOrder = NEWEST_FIRST
  $first: Int
  $after: String
) {
  statements(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id } }
    nodes { id text language kind said { iso } document { slug } }
  }
}"#;

const COUNTS: &str = r#"
query Counts($filter: StatementFilter, $by: CountDimension!) {
  statementCounts(filter: $filter, by: $by) { key label count }
}"#;

const ENTITY_KEY: &str = r#"
query EntityKey($id: ID!) {
  node(id: $id) {
    __typename
    ... on Speaker { key }
    ... on Organization { key }
    ... on Document { slug }
  }
}"#;

const RESOLVE: &str = r#"
query Resolve($name: String!) {
  resolve(name: $name) {
    score
    matchedAlias
    entity {
      __typename
      ... on Speaker { key }
      ... on Organization { key }
      ... on Topic { slug }
    }
  }
}"#;

/// A statement node as (slug, first 50 characters of its text).
fn identity(node: &Value) -> (String, String) {
    let slug = node["document"]["slug"].as_str().expect("a document slug");
    let text: String = node["text"]
        .as_str()
        .expect("a text")
        .chars()
        .take(50)
        .collect();
    (slug.to_owned(), text.trim_end().to_owned())
}

/// The statements of a connection's page, in the order served.
fn identities(connection: &Value) -> Vec<(String, String)> {
    connection["nodes"]
        .as_array()
        .expect("nodes")
        .iter()
        .map(identity)
        .collect()
}

/// Expected statements in the form [`identity`] gives, in the order given.
fn owned(expected: &[S]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(slug, text)| ((*slug).to_owned(), (*text).to_owned()))
        .collect()
}

/// Expected statements as a sorted set.
fn set(expected: &[S]) -> Vec<(String, String)> {
    let mut statements = owned(expected);
    statements.sort();
    statements
}

/// One page of up to 100 statements matching `filter`, in `order` (the default when `None`).
async fn page(app: &TestApp, filter: &Value, order: Option<&str>) -> Value {
    let mut variables = json!({ "filter": filter, "first": 100 });
    if let Some(order) = order {
        variables["orderBy"] = json!(order);
    }
    app.data(STATEMENTS, variables).await["statements"].clone()
}

/// Asserts that `filter` matches exactly `expected` (as a set, totalCount
/// included) and returns what it matched, sorted.
async fn expect_set(
    app: &TestApp,
    backend: Backend,
    question: &str,
    filter: Value,
    expected: &[S],
) -> Vec<(String, String)> {
    let connection = page(app, &filter, None).await;
    let mut found = identities(&connection);
    found.sort();
    assert_eq!(found, set(expected), "{backend:?}: {question}: {filter}");
    assert_eq!(
        connection["totalCount"].as_u64(),
        Some(expected.len() as u64),
        "{backend:?}: {question}: totalCount for {filter}"
    );
    assert_eq!(
        connection["pageInfo"]["hasNextPage"], false,
        "{backend:?}: {question}: one page holds it all"
    );
    found
}

/// The statements matching `filter` in `order`, as served.
async fn in_order(app: &TestApp, filter: Value, order: &str) -> Vec<(String, String)> {
    identities(&page(app, &filter, Some(order)).await)
}

/// How these tests write the null key of the bucket of statements with no
/// value for the dimension (no speaker, no organization, no date).
const NO_KEY: &str = "<null>";

/// `statementCounts` as (key, count) pairs, in the order served, a null key
/// as [`NO_KEY`]; every label is non-empty.
async fn counts(app: &TestApp, backend: Backend, filter: Value, by: &str) -> Vec<(String, i64)> {
    let data = app
        .data(COUNTS, json!({ "filter": filter, "by": by }))
        .await;
    let buckets = data["statementCounts"].as_array().expect("buckets");
    for bucket in buckets {
        assert!(
            !bucket["label"].as_str().expect("a label").is_empty(),
            "{backend:?}: {by}: every bucket has a label: {bucket}"
        );
    }
    buckets
        .iter()
        .map(|b| {
            (
                b["key"].as_str().unwrap_or(NO_KEY).to_owned(),
                b["count"].as_i64().expect("a count"),
            )
        })
        .collect()
}

/// Counts by an entity dimension (SPEAKER, ORGANIZATION, DOCUMENT), their
/// global ids turned into keys (slugs for documents) through `node`, sorted
/// by key; checks that the buckets come by count, highest first, but for
/// the bucket with no entity ([`NO_KEY`]), which comes last.
async fn entity_counts(app: &TestApp, backend: Backend, by: &str) -> Vec<(String, i64)> {
    let mut buckets = counts(app, backend, json!({}), by).await;
    let missing = buckets.pop_if(|(key, _)| key == NO_KEY);
    assert!(
        buckets.windows(2).all(|w| w[0].1 >= w[1].1),
        "{backend:?}: {by}: buckets by count, highest first: {buckets:?}"
    );
    let mut keyed: Vec<(String, i64)> = missing.into_iter().collect();
    for (id, count) in buckets {
        let node = app.data(ENTITY_KEY, json!({ "id": id })).await["node"].clone();
        let key = node["key"]
            .as_str()
            .or_else(|| node["slug"].as_str())
            .unwrap_or_else(|| panic!("{backend:?}: {by}: bucket {id} is no entity: {node}"));
        keyed.push((key.to_owned(), count));
    }
    keyed.sort();
    keyed
}

/// (key, count) pairs from literals.
fn buckets(expected: &[(&str, i64)]) -> Vec<(String, i64)> {
    expected
        .iter()
        .map(|(key, count)| ((*key).to_owned(), *count))
        .collect()
}

// ---------------------------------------------------------------------------
// The questions

/// The whole corpus: 55 statements, each named once.
#[tokio::test]
async fn the_whole_corpus_is_fifty_five_statements() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        expect_set(&app, backend, "every statement", json!({}), &ALL).await;
        assert_eq!(
            in_order(&app, json!({}), "DOCUMENT_ORDER").await,
            owned(&ALL),
            "{backend:?}: DOCUMENT_ORDER is the documents' order, then reading order"
        );
    }
}

/// Q1. The Kazakh MFA on investigations: Tleuberdi's quote and his promise
/// to look at every case, and the ministry's readout of its shared interest
/// with HRW (all 000). Vassilenko (002) speaks of torture and fair trials,
/// not of investigating. One answer for every name of the ministry and of the topic.
#[tokio::test]
async fn kazakh_mfa_on_investigation_is_one_answer_under_every_name() {
    let expected = [TLEUBERDI_QUOTE, MFA_SHARED_INTEREST, TLEUBERDI_EACH_CASE];
    for backend in backends() {
        let app = spawn_app(backend).await;
        for organization in [
            "МИД РК",
            "Kazakh MFA",
            "Ministry of Foreign Affairs of Kazakhstan",
        ] {
            for topic in ["investigation", "расследование"] {
                expect_set(
                    &app,
                    backend,
                    "the Kazakh MFA on investigations",
                    json!({ "organization": organization, "topic": topic }),
                    &expected,
                )
                .await;
            }
        }
        for organization in ["МИД Казахстана", "Kazakh Foreign Ministry"] {
            expect_set(
                &app,
                backend,
                "everything the Kazakh MFA and its people said",
                json!({ "organization": organization }),
                &KZ_MFA_ALL,
            )
            .await;
        }
    }
}

/// Q2. The Kyrgyz MFA (001: its figure of 38 released, its ambassador's
/// explanation) shares nothing with the Kazakh one, though 001 calls it a bare "МИД".
#[tokio::test]
async fn kyrgyz_mfa_shares_nothing_with_the_kazakh_mfa() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let kyrgyz = expect_set(
            &app,
            backend,
            "the Kyrgyz MFA",
            json!({ "organization": "МИД КР" }),
            &[KG_MFA_RELEASED, DYUSHEKEEV],
        )
        .await;
        expect_set(
            &app,
            backend,
            "the Kyrgyz MFA",
            json!({ "organization": "Kyrgyz MFA" }),
            &[KG_MFA_RELEASED, DYUSHEKEEV],
        )
        .await;
        let kazakh = expect_set(
            &app,
            backend,
            "the Kazakh MFA",
            json!({ "organization": "МИД РК" }),
            &KZ_MFA_ALL,
        )
        .await;
        assert!(
            kyrgyz.iter().all(|s| !kazakh.contains(s)),
            "{backend:?}: the two ministries share no statement: {kyrgyz:?} / {kazakh:?}"
        );
        expect_set(
            &app,
            backend,
            "the Kyrgyz ambassador",
            json!({ "speaker": "Дастан Дюшекеев" }),
            &[DYUSHEKEEV],
        )
        .await;
    }
}

/// Q3. Human Rights Watch in both languages; what the MFA says of HRW is
/// the MFA's, not HRW's.
#[tokio::test]
async fn human_rights_watch_speaks_in_both_languages() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        for organization in ["Human Rights Watch", "HRW", "Хьюман Райтс Вотч"] {
            expect_set(
                &app,
                backend,
                "everything HRW said",
                json!({ "organization": organization }),
                &HRW_ALL,
            )
            .await;
        }
        expect_set(
            &app,
            backend,
            "HRW in Russian",
            json!({ "organization": "HRW", "language": "ru" }),
            &[ROTH_QUOTE, HRW_APPEAL_RECEIVED],
        )
        .await;
        expect_set(
            &app,
            backend,
            "HRW in English",
            json!({ "organization": "HRW", "language": "en" }),
            &HRW_FEBRUARY_1,
        )
        .await;
        assert_eq!(
            counts(
                &app,
                backend,
                json!({ "organization": "Human Rights Watch" }),
                "LANGUAGE"
            )
            .await,
            buckets(&[("en", 7), ("ru", 2)]),
            "{backend:?}: HRW by language"
        );
        for speaker in ["Кеннет Рот", "Kenneth Roth", "Кеннетом Рот"] {
            expect_set(
                &app,
                backend,
                "Kenneth Roth",
                json!({ "speaker": speaker }),
                &[ROTH_QUOTE],
            )
            .await;
        }
        expect_set(
            &app,
            backend,
            "Hugh Williamson",
            json!({ "speaker": "Hugh Williamson" }),
            &[WILLIAMSON_QUOTE],
        )
        .await;
        let about = expect_set(
            &app,
            backend,
            "what the MFA said about HRW",
            json!({ "about": "Human Rights Watch" }),
            &[MFA_SHARED_INTEREST, MFA_AGREEMENT],
        )
        .await;
        let by = set(&HRW_ALL);
        assert!(
            about.iter().all(|s| !by.contains(s)),
            "{backend:?}: statements about HRW are not HRW's"
        );
    }
}

/// Q4. The CSTO: what is said about the alliance itself (the Kyrgyz
/// defenders on its members' troops, Tokayev's appeal to its members), about
/// its forces (a different entity: no hierarchy in `about`), and everything
/// on the topic of its deployment.
#[tokio::test]
async fn the_csto_as_subject_and_as_topic() {
    let about_csto = [KG_CSTO_TROOPS, TOKAYEV_CSTO_REQUEST];
    let about_forces = [
        KG_CSTO_INTERFERENCE,
        PASHINYAN,
        TOKAYEV_MISSION_OVER,
        TOKAYEV_CONTINGENT,
    ];
    let deployment = [
        KG_CSTO_TROOPS,
        KG_CSTO_INTERFERENCE,
        TOKAYEV_CSTO_REQUEST,
        PASHINYAN,
        TOKAYEV_MISSION_OVER,
        TOKAYEV_CONTINGENT,
    ];
    for backend in backends() {
        let app = spawn_app(backend).await;
        for about in [
            "ОДКБ",
            "CSTO",
            "Организация Договора о коллективной безопасности",
        ] {
            expect_set(
                &app,
                backend,
                "about the CSTO",
                json!({ "about": about }),
                &about_csto,
            )
            .await;
        }
        for about in ["силы ОДКБ", "CSTO forces"] {
            expect_set(
                &app,
                backend,
                "about the CSTO's forces",
                json!({ "about": about }),
                &about_forces,
            )
            .await;
        }
        for topic in [
            "csto_deployment",
            "CSTO deployment",
            "Ввод сил ОДКБ",
            "peacekeeping",
        ] {
            expect_set(
                &app,
                backend,
                "on the CSTO deployment",
                json!({ "topic": topic }),
                &deployment,
            )
            .await;
        }
        expect_set(
            &app,
            backend,
            "about the CSTO and on its deployment",
            json!({ "about": "ОДКБ", "topic": "csto_deployment" }),
            &about_csto,
        )
        .await;
        expect_set(
            &app,
            backend,
            "the CSTO speaking for itself",
            json!({ "organization": "CSTO" }),
            &[PASHINYAN],
        )
        .await;
    }
}

/// Q5. Tokayev under every spelling, and what others said about him.
#[tokio::test]
async fn tokayev_under_every_spelling() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        for speaker in [
            "Токаев",
            "Tokayev",
            "Tokaev",
            "Kassym-Jomart Tokayev",
            "Kasym-Zhomart Tokaev",
            "Токаева",
            "Касым-Жомарта Токаева",
        ] {
            expect_set(
                &app,
                backend,
                "Tokayev as speaker",
                json!({ "speaker": speaker }),
                &TOKAYEV_ALL,
            )
            .await;
        }
        expect_set(
            &app,
            backend,
            "Tokayev in Russian",
            json!({ "speaker": "Tokayev", "language": "ru" }),
            &[
                TOKAYEV_CSTO_REQUEST,
                TOKAYEV_TERRORISTS,
                TOKAYEV_HARSHLY,
                TOKAYEV_MISSION_OVER,
            ],
        )
        .await;
        // Four voices in four articles: his minister, the Kyrgyz defenders,
        // the ombudsman ("Глава государства") and the European Parliament.
        for about in ["Токаев", "Tokayev"] {
            expect_set(
                &app,
                backend,
                "about Tokayev",
                json!({ "about": about }),
                &[
                    TLEUBERDI_QUOTE,
                    KG_MASS_CASES,
                    AZIMOVA_HEAD_OF_STATE,
                    EP_RESOLUTION,
                ],
            )
            .await;
        }
    }
}

/// Q6. The OSCE speaks only through ODIHR's director; the Kyrgyz appeal
/// addressed to the OSCE is about it, not by it.
#[tokio::test]
async fn the_osce_includes_odihr() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let osce = expect_set(
            &app,
            backend,
            "the OSCE with ODIHR",
            json!({ "organization": "ОБСЕ" }),
            &MECACCI_ALL,
        )
        .await;
        for organization in [
            "OSCE",
            "Организация по безопасности и сотрудничеству в Европе",
        ] {
            expect_set(
                &app,
                backend,
                "the OSCE with ODIHR",
                json!({ "organization": organization }),
                &MECACCI_ALL,
            )
            .await;
        }
        for organization in [
            "ODIHR",
            "БДИПЧ",
            "Бюро ОБСЕ по демократическим институтам и правам человека",
        ] {
            let odihr = expect_set(
                &app,
                backend,
                "ODIHR",
                json!({ "organization": organization }),
                &MECACCI_ALL,
            )
            .await;
            assert!(
                odihr.iter().all(|s| osce.contains(s)),
                "{backend:?}: ODIHR's statements are the OSCE's"
            );
        }
        for speaker in ["Mecacci", "Маттео Мекаччи"] {
            expect_set(
                &app,
                backend,
                "Matteo Mecacci",
                json!({ "speaker": speaker }),
                &MECACCI_ALL,
            )
            .await;
        }
        expect_set(
            &app,
            backend,
            "about the OSCE",
            json!({ "about": "ОБСЕ" }),
            &[KG_APPEAL],
        )
        .await;
    }
}

/// Q7. Counts by topic and by month over the whole corpus. Months count the
/// statements dated at least to the month (by `said`, else the document):
/// 001 is from January 2022; 000, 002 and the rest of 004 give only the
/// year, as does 003 (published "2022", no date in its text): those 22 are
/// the bucket of the year alone, `2022`, so that the buckets add up to 55.
#[tokio::test]
async fn counts_by_topic_and_by_month() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        assert_eq!(
            counts(&app, backend, json!({}), "TOPIC").await,
            buckets(&[
                ("arbitrary_detention", 15),
                ("foreign_nationals", 10),
                ("human_rights_dialogue", 9),
                ("international_scrutiny", 9),
                ("torture", 9),
                ("rule_of_law", 8),
                ("use_of_force", 8),
                ("investigation", 7),
                ("csto_deployment", 6),
                ("legal_reform", 6),
                ("terrorism_framing", 6),
                ("freedom_of_assembly", 5),
                ("casualties", 4),
                ("civil_society", 4),
                ("accountability", 3),
                ("fair_trial", 3),
                ("unrest", 3),
                ("non_discrimination", 2),
            ]),
            "{backend:?}: statements per topic"
        );
        assert_eq!(
            counts(&app, backend, json!({}), "MONTH").await,
            buckets(&[("2022-01", 26), ("2022", 22), ("2022-02", 7)]),
            "{backend:?}: statements per month"
        );
    }
}

/// Q8. Counts by language and kind, and by the entity dimensions (the
/// statements with no speaker, or no organization, in a bucket of their own).
#[tokio::test]
async fn counts_by_language_kind_speaker_organization_and_document() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        assert_eq!(
            counts(&app, backend, json!({}), "LANGUAGE").await,
            buckets(&[("ru", 35), ("en", 20)]),
            "{backend:?}: statements per language"
        );
        assert_eq!(
            counts(&app, backend, json!({}), "KIND").await,
            buckets(&[
                ("PARAPHRASE", 29),
                ("DIRECT_QUOTE", 15),
                ("REPORTED_CLAIM", 11),
            ]),
            "{backend:?}: statements per kind"
        );
        let mut speakers = buckets(&[
            (NO_KEY, 14),
            ("kg_rights_defenders", 14),
            ("kassym_jomart_tokayev", 6),
            ("matteo_mecacci", 4),
            ("roman_vassilenko", 4),
            ("elvira_azimova", 3),
            ("kazakh_authorities", 2),
            ("kz_rights_defenders", 2),
            ("mukhtar_tleuberdi", 2),
            ("dastan_dyushekeev", 1),
            ("hugh_williamson", 1),
            ("kenneth_roth", 1),
            ("nikol_pashinyan", 1),
        ]);
        speakers.sort();
        assert_eq!(
            entity_counts(&app, backend, "SPEAKER").await,
            speakers,
            "{backend:?}: statements per speaker"
        );
        let mut organizations = buckets(&[
            (NO_KEY, 18),
            ("hrw", 9),
            ("kz_mfa", 7),
            ("kz_state", 6),
            ("odihr", 4),
            ("kz_ombudsman", 3),
            ("european_parliament", 2),
            ("kg_mfa", 2),
            ("kz_government", 2),
            ("csto", 1),
            ("kibhr", 1),
        ]);
        organizations.sort();
        assert_eq!(
            entity_counts(&app, backend, "OWN_ORGANIZATION").await,
            organizations,
            "{backend:?}: statements per organization (on whose behalf, no hierarchy)"
        );
        assert_eq!(
            entity_counts(&app, backend, "DOCUMENT").await,
            buckets(&[(D000, 6), (D001, 22), (D002, 8), (D003, 7), (D004, 12)]),
            "{backend:?}: statements per document"
        );
        for (language, total) in [("ru", 35), ("en", 20)] {
            let connection = page(&app, &json!({ "language": language }), None).await;
            assert_eq!(
                connection["totalCount"].as_u64(),
                Some(total),
                "{backend:?}: totalCount for language {language}"
            );
        }
    }
}

/// Q9. Full-text search, stemmed per language. "torture" finds the MFA's
/// condemnation (002) and HRW's appeal (004), never a Russian text; "пытки"
/// finds the two Kyrgyz statements, both of which say "пыток" (which
/// Snowball alone stems to "пыток", not "пытк"). Text search is literal
/// where topics are not: no statement's text says "CSTO".
#[tokio::test]
async fn full_text_search_is_stemmed_in_both_languages() {
    let torture = [
        VASSILENKO_CONDEMNS,
        HRW_TORTURE_REPORT,
        HRW_INVESTIGATION,
        WILLIAMSON_QUOTE,
    ];
    let pytki = [KG_RUZAKHUNOV, KG_INVESTIGATE_ALL];
    for backend in backends() {
        let app = spawn_app(backend).await;
        for text in ["torture", "tortured", "TORTURE"] {
            expect_set(
                &app,
                backend,
                "text search for torture",
                json!({ "text": text }),
                &torture,
            )
            .await;
        }
        for text in ["пытки", "пыток", "пытках", "Пытка"] {
            expect_set(
                &app,
                backend,
                "text search for пытки",
                json!({ "text": text }),
                &pytki,
            )
            .await;
        }
        expect_set(
            &app,
            backend,
            "every word must match",
            json!({ "text": "torture detentions" }),
            &[VASSILENKO_CONDEMNS, HRW_TORTURE_REPORT, HRW_INVESTIGATION],
        )
        .await;
        // The texts name the CSTO in Russian only; the topic finds the
        // English statement on its deployment too.
        let csto_named = [
            KG_CSTO_TROOPS,
            KG_CSTO_INTERFERENCE,
            TOKAYEV_CSTO_REQUEST,
            PASHINYAN,
            TOKAYEV_MISSION_OVER,
        ];
        expect_set(
            &app,
            backend,
            "the word ОДКБ",
            json!({ "text": "ОДКБ" }),
            &csto_named,
        )
        .await;
        expect_set(
            &app,
            backend,
            "the word ОДКБ on the CSTO deployment",
            json!({ "text": "одкб", "topic": "csto_deployment" }),
            &csto_named,
        )
        .await;
        for text in [
            "earthquake",
            "землетрясение",
            "torture землетрясение",
            "CSTO",
        ] {
            expect_set(
                &app,
                backend,
                "a text search that finds nothing",
                json!({ "text": text }),
                &[],
            )
            .await;
        }
    }
}

/// Q10. The Kyrgyz human-rights defenders, named in Russian or English; the
/// Kazakh rights defenders of 002 are another voice.
#[tokio::test]
async fn kyrgyz_rights_defenders_under_their_names() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        for speaker in [
            "правозащитники Кыргызстана",
            "Правозащитников Кыргызстана",
            "кыргызстанские правозащитники",
            "Kyrgyz human-rights defenders",
            "Kyrgyz human rights defenders",
        ] {
            expect_set(
                &app,
                backend,
                "the Kyrgyz rights defenders",
                json!({ "speaker": speaker }),
                &KG_DEFENDERS_ALL,
            )
            .await;
        }
        expect_set(
            &app,
            backend,
            "the Kyrgyz rights defenders on the CSTO",
            json!({ "speaker": "правозащитники Кыргызстана", "topic": "ОДКБ" }),
            &[KG_CSTO_TROOPS, KG_CSTO_INTERFERENCE],
        )
        .await;
        expect_set(
            &app,
            backend,
            "Kazakhstan's own rights defenders",
            json!({ "speaker": "domestic human rights defenders" }),
            &[KZ_DEFENDERS_GAPS, KZ_DEFENDERS_RECOMMEND],
        )
        .await;
    }
}

/// Q11. Direct quotes in English: Vassilenko (002), Williamson and Tokayev (004).
#[tokio::test]
async fn direct_quotes_in_english() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        expect_set(
            &app,
            backend,
            "direct quotes in English",
            json!({ "kind": "DIRECT_QUOTE", "language": "en" }),
            &[VASSILENKO_QUOTE, WILLIAMSON_QUOTE, TOKAYEV_NO_INTERNATIONAL],
        )
        .await;
        for (filter, total) in [
            (json!({ "kind": "DIRECT_QUOTE" }), 15),
            (json!({ "language": "en" }), 20),
        ] {
            assert_eq!(
                page(&app, &filter, None).await["totalCount"].as_u64(),
                Some(total),
                "{backend:?}: each condition alone matches more: {filter}"
            );
        }
    }
}

/// Q12. Around HRW's appeal of 1 February 2022. A statement dated only to a
/// month or a year (001's "2022-01", the year-only documents) is not known
/// to fall inside a range that starts after the first of its period, so none
/// matches here; 003 has no date at all.
#[tokio::test]
async fn said_dates_around_hrw_appeal() {
    let mut around = HRW_FEBRUARY_1.to_vec();
    around.push(TOKAYEV_NO_INTERNATIONAL);
    for backend in backends() {
        let app = spawn_app(backend).await;
        expect_set(
            &app,
            backend,
            "said from 29 January to 1 February",
            json!({ "saidFrom": "2022-01-29", "saidTo": "2022-02-01" }),
            &around,
        )
        .await;
        expect_set(
            &app,
            backend,
            "said in February 2022",
            json!({ "saidFrom": "2022-02", "saidTo": "2022-02" }),
            &HRW_FEBRUARY_1,
        )
        .await;
        expect_set(
            &app,
            backend,
            "said from 25 January to the end of January",
            json!({ "saidFrom": "2022-01-25", "saidTo": "2022-01" }),
            &[TOKAYEV_NO_INTERNATIONAL],
        )
        .await;
        expect_set(
            &app,
            backend,
            "said on 20 January (the European Parliament's resolution)",
            json!({ "saidFrom": "2022-01-20", "saidTo": "2022-01-20" }),
            &[EP_DEMANDED, EP_RESOLUTION],
        )
        .await;
        expect_set(
            &app,
            backend,
            "HRW on 1 February (000's undated report of the appeal left out)",
            json!({ "organization": "HRW", "saidFrom": "2022-02-01", "saidTo": "2022-02-01" }),
            &HRW_FEBRUARY_1,
        )
        .await;
        let filter = json!({ "saidFrom": "2022-01-29", "saidTo": "2022-02-01" });
        let january_29 = owned(&[TOKAYEV_NO_INTERNATIONAL]).remove(0);
        let newest = in_order(&app, filter.clone(), "NEWEST_FIRST").await;
        assert_eq!(
            newest.last(),
            Some(&january_29),
            "{backend:?}: newest first puts 29 January last: {newest:?}"
        );
        let oldest = in_order(&app, filter, "OLDEST_FIRST").await;
        assert_eq!(
            oldest.first(),
            Some(&january_29),
            "{backend:?}: oldest first puts 29 January first: {oldest:?}"
        );
    }
}

/// Q13. Unknown names and oversized pages are the caller's error. (A doubled
/// letter, "Tokayevv", is not a typo here: folding merges doubled letters so
/// that Vassilenko and Vasilenko meet.)
#[tokio::test]
async fn typos_and_oversized_pages_are_bad_user_input() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let body = app
            .graphql(
                STATEMENTS,
                json!({ "filter": { "speaker": "Tokayez" }, "first": 10 }),
            )
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{backend:?}: {body}");
        let suggestions: Vec<&str> = body["errors"][0]["extensions"]["suggestions"]
            .as_array()
            .expect("suggestions")
            .iter()
            .map(|s| s.as_str().expect("a suggested name"))
            .collect();
        assert!(
            suggestions.iter().any(|s| TOKAYEV_NAMES.contains(s)),
            "{backend:?}: a Tokayev name is suggested for the typo Tokayez: {suggestions:?}"
        );

        let body = app
            .graphql(
                STATEMENTS,
                json!({ "filter": { "topic": "torure" }, "first": 10 }),
            )
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{backend:?}: {body}");
        let suggestions = body["errors"][0]["extensions"]["suggestions"]
            .as_array()
            .expect("suggestions");
        assert!(
            suggestions.iter().any(|s| s
                .as_str()
                .is_some_and(|s| s.to_lowercase().contains("tortur"))),
            "{backend:?}: the torture topic is suggested for the typo torure: {suggestions:?}"
        );

        let body = app
            .graphql(
                STATEMENTS,
                json!({ "filter": { "organization": "МИД РК" }, "first": 101 }),
            )
            .await;
        assert_eq!(error_code(&body), "BAD_USER_INPUT", "{backend:?}: {body}");
    }
}

/// Q14. `resolve`: a bare "МИД" fits both ministries; "Tokaev" is Tokayev;
/// "расследования" is the investigation.
#[tokio::test]
async fn resolve_finds_both_ministries_and_tokayev_first() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let matches = app.data(RESOLVE, json!({ "name": "МИД" })).await["resolve"].clone();
        let organizations: Vec<&str> = matches
            .as_array()
            .expect("matches")
            .iter()
            .filter(|m| m["entity"]["__typename"] == "Organization")
            .map(|m| m["entity"]["key"].as_str().expect("a key"))
            .collect();
        for ministry in ["kz_mfa", "kg_mfa"] {
            assert!(
                organizations.contains(&ministry),
                "{backend:?}: МИД fits {ministry}: {matches}"
            );
        }

        let matches = app.data(RESOLVE, json!({ "name": "Tokaev" })).await["resolve"].clone();
        let best = &matches[0];
        assert_eq!(
            best["entity"]["__typename"], "Speaker",
            "{backend:?}: {matches}"
        );
        assert_eq!(
            best["entity"]["key"], "kassym_jomart_tokayev",
            "{backend:?}: {matches}"
        );
        assert!(
            best["score"].as_f64().expect("a score") >= 0.9,
            "{backend:?}: Tokaev is a near-certain match: {best}"
        );

        // A topic's label in another case form is a near-certain match,
        // and so a filter: "расследования" (of the investigation).
        for (name, slug) in [
            ("расследования", "investigation"),
            ("расследованием", "investigation"),
        ] {
            let matches = app.data(RESOLVE, json!({ "name": name })).await["resolve"].clone();
            assert_eq!(matches[0]["entity"]["slug"], slug, "{backend:?}: {matches}");
            assert!(
                matches[0]["score"].as_f64().expect("a score") >= 0.9,
                "{backend:?}: {name} is {slug}: {matches}"
            );
            let filtered = app
                .data(
                    "query($t: String!) { statements(filter: {topic: $t}) { totalCount } }",
                    json!({ "t": name }),
                )
                .await;
            assert!(
                filtered["statements"]["totalCount"].as_i64() > Some(0),
                "{backend:?}: {name} filters: {filtered}"
            );
        }

        // An id is its own exact match, echoed as the client wrote it.
        let id = app
            .data(
                r#"{ speakers(name: "Tokayev") { nodes { id } } }"#,
                json!({}),
            )
            .await["speakers"]["nodes"][0]["id"]
            .as_str()
            .expect("an id")
            .to_owned();
        let matches = app.data(RESOLVE, json!({ "name": id })).await["resolve"].clone();
        assert_eq!(
            matches,
            json!([{
                "score": 1.0,
                "matchedAlias": id,
                "entity": { "__typename": "Speaker", "key": "kassym_jomart_tokayev" },
            }]),
            "{backend:?}"
        );
    }
}

/// Q15. Walking a filtered set two at a time, in each order, visits each of
/// its statements once, in the order a single page gives.
#[tokio::test]
async fn pages_over_a_filtered_set_visit_each_statement_once() {
    let filter = json!({ "organization": "МИД РК" });
    for backend in backends() {
        let app = spawn_app(backend).await;
        assert_eq!(
            in_order(&app, filter.clone(), "DOCUMENT_ORDER").await,
            owned(&KZ_MFA_ALL),
            "{backend:?}: the Kazakh MFA in document order"
        );
        for order in ["NEWEST_FIRST", "OLDEST_FIRST", "DOCUMENT_ORDER"] {
            let whole = in_order(&app, filter.clone(), order).await;
            let mut walked = Vec::new();
            let mut ids = Vec::new();
            let mut after = Value::Null;
            let mut pages = 0;
            loop {
                let connection = app
                    .data(
                        STATEMENTS,
                        json!({ "filter": filter, "orderBy": order, "first": 2, "after": after }),
                    )
                    .await["statements"]
                    .clone();
                pages += 1;
                assert!(
                    pages <= 5,
                    "{backend:?}: {order}: nine statements, five pages"
                );
                assert_eq!(
                    connection["totalCount"].as_u64(),
                    Some(9),
                    "{backend:?}: {order}: totalCount ignores the cursor"
                );
                assert_eq!(
                    connection["pageInfo"]["hasPreviousPage"],
                    !after.is_null(),
                    "{backend:?}: {order}: hasPreviousPage"
                );
                let nodes = connection["nodes"].as_array().expect("nodes");
                assert!(
                    !nodes.is_empty() && nodes.len() <= 2,
                    "{backend:?}: {order}: page size"
                );
                assert_eq!(
                    connection["edges"].as_array().expect("edges").len(),
                    nodes.len(),
                    "{backend:?}: {order}: one edge per node"
                );
                ids.extend(nodes.iter().map(|n| n["id"].to_string()));
                walked.extend(identities(&connection));
                if connection["pageInfo"]["hasNextPage"] == false {
                    break;
                }
                after = connection["pageInfo"]["endCursor"].clone();
            }
            assert_eq!(
                pages, 5,
                "{backend:?}: {order}: nine statements, two a page"
            );
            assert_eq!(
                walked, whole,
                "{backend:?}: {order}: the walk is the single page"
            );
            let mut unique = ids.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(
                unique.len(),
                ids.len(),
                "{backend:?}: {order}: no statement twice"
            );
            let mut seen = walked;
            seen.sort();
            assert_eq!(
                seen,
                set(&KZ_MFA_ALL),
                "{backend:?}: {order}: the whole set"
            );
        }
    }
}

/// The state's hierarchy gathers every Kazakh official voice: the president,
/// the MFA and its people, the ombudsman, and "the authorities"; the
/// government is the MFA's people and nothing more.
#[tokio::test]
async fn the_state_hierarchy_gathers_every_official_voice() {
    let mut state = KZ_MFA_ALL.to_vec();
    state.extend(TOKAYEV_ALL);
    state.extend([
        AZIMOVA_VULNERABLE,
        AZIMOVA_BOOST,
        AZIMOVA_HEAD_OF_STATE,
        AUTHORITIES_LIQUIDATED,
        AUTHORITIES_225,
    ]);
    for backend in backends() {
        let app = spawn_app(backend).await;
        for organization in [
            "Republic of Kazakhstan",
            "Республика Казахстан",
            "Kazakhstan",
        ] {
            expect_set(
                &app,
                backend,
                "the Kazakh state",
                json!({ "organization": organization }),
                &state,
            )
            .await;
        }
        expect_set(
            &app,
            backend,
            "the Kazakh government",
            json!({ "organization": "Kazakh government" }),
            &KZ_MFA_ALL,
        )
        .await;
        expect_set(
            &app,
            backend,
            "the ombudsman's office",
            json!({ "organization": "Омбудсмен РК" }),
            &[AZIMOVA_VULNERABLE, AZIMOVA_BOOST, AZIMOVA_HEAD_OF_STATE],
        )
        .await;
    }
}

/// Who spoke of investigating, across the five articles: the MFA (000), the
/// Kyrgyz defenders (001), HRW, the European Parliament and Tokayev's
/// refusal (004).
#[tokio::test]
async fn investigation_across_sources_and_languages() {
    let russian = [
        TLEUBERDI_QUOTE,
        MFA_SHARED_INTEREST,
        TLEUBERDI_EACH_CASE,
        KG_INVESTIGATE_ALL,
    ];
    let english = [HRW_INVESTIGATION, EP_DEMANDED, TOKAYEV_NO_INTERNATIONAL];
    let mut all = russian.to_vec();
    all.extend(english);
    for backend in backends() {
        let app = spawn_app(backend).await;
        for topic in [
            "investigation",
            "Investigation",
            "Расследование",
            "расследование",
        ] {
            expect_set(
                &app,
                backend,
                "on investigation",
                json!({ "topic": topic }),
                &all,
            )
            .await;
        }
        expect_set(
            &app,
            backend,
            "on investigation, in Russian",
            json!({ "topic": "investigation", "language": "ru" }),
            &russian,
        )
        .await;
        expect_set(
            &app,
            backend,
            "on investigation, in English",
            json!({ "topic": "расследование", "language": "en" }),
            &english,
        )
        .await;
        expect_set(
            &app,
            backend,
            "the word investigation",
            json!({ "text": "investigation" }),
            &english,
        )
        .await;
    }
}

/// An organization's name beside a topic's (the README's headline filter,
/// whose two names are looked up in one statement) means what each means
/// in a list of its own, whichever way each name is matched: an exact alias,
/// a partial name ("МИД", both ministries), a topic's label in another word
/// form, a name the registry does not know.
#[tokio::test]
async fn an_organization_beside_a_topic_means_what_each_means_alone() {
    const PAGE: &str = "query($filter: StatementFilter!) { \
        statements(filter: $filter, first: 100) { totalCount nodes { id } } }";
    for backend in backends() {
        let app = spawn_app(backend).await;
        for (organization, topic) in [
            ("МИД РК", "investigation"),
            ("Kazakh MFA", "расследования"),
            ("МИД", "investigation"),
            ("Republic of Kazakhstan", "Investigation"),
            ("Ministry of Magic", "investigation"),
            ("МИД РК", "quidditch"),
        ] {
            let together = app
                .graphql(
                    PAGE,
                    json!({ "filter": { "organization": organization, "topic": topic } }),
                )
                .await;
            // Two values each: resolved one name at a time.
            let apart = app
                .graphql(
                    PAGE,
                    json!({ "filter": {
                        "organizations": [organization, organization],
                        "topics": [topic, topic],
                    } }),
                )
                .await;
            let what = format!("{backend:?}: {organization} + {topic}");
            if together.get("errors").is_some() {
                assert_eq!(
                    error_code(&together),
                    "BAD_USER_INPUT",
                    "{what}: {together}"
                );
                assert_eq!(error_code(&apart), "BAD_USER_INPUT", "{what}: {apart}");
                assert_eq!(
                    together["errors"][0]["extensions"]["suggestions"],
                    apart["errors"][0]["extensions"]["suggestions"],
                    "{what}"
                );
                continue;
            }
            assert_eq!(together["data"], apart["data"], "{what}: {apart}");
            assert!(
                together["data"]["statements"]["totalCount"].as_i64() > Some(0),
                "{what}: {together}"
            );
        }
    }
}
