//! Dates with their precision (issue 20): every date the API returns is a
//! `PartialDate` that says whether it is a day, a month or a year, with its
//! parts and the calendar days it covers; the `Date`-typed fields it
//! replaces still answer as before, marked deprecated; every custom scalar
//! names its standard with `@specifiedBy`.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use crate::harness::{Backend, TestApp, backends, error_code, spawn_app, spawn_configured};

const KEY: &str = "dates-test-key-0123456789";

/// Every field of a `PartialDate`.
const PARTIAL: &str = "{ iso precision year month day start end }";

/// An article whose statements the extractor finds; `title` makes each copy
/// a document of its own.
fn article(title: &str) -> String {
    format!(
        "{title}\n\n\
         Министр иностранных дел Казахстана Мухтар Тлеуберди заявил, что расследование \
         январских событий будет завершено в срок.\n\n\
         «Мы готовы показать все материалы международным наблюдателям», — подчеркнул он.\n"
    )
}

/// A `PartialDate` as the API should write it.
fn partial(
    iso: &str,
    precision: &str,
    ymd: (i64, Option<i64>, Option<i64>),
    span: (&str, &str),
) -> Value {
    json!({
        "iso": iso,
        "precision": precision,
        "year": ymd.0,
        "month": ymd.1,
        "day": ymd.2,
        "start": span.0,
        "end": span.1,
    })
}

/// Ingests `text` published on `published` (if given) and returns the
/// document with its dates, old and new, and its statements'.
async fn ingest(app: &TestApp, text: &str, published: Option<&str>) -> Value {
    let query = format!(
        "mutation($input: IngestDocumentInput!) {{ ingestDocument(input: $input) {{ \
           id body published {PARTIAL} publishedOn publishedPrecision \
           statements(first: 100) {{ nodes {{ id dated {PARTIAL} said {PARTIAL} date saidOn }} }} }} }}"
    );
    let body = app
        .graphql_as(
            KEY,
            &query,
            json!({ "input": { "text": text, "publishedOn": published } }),
        )
        .await;
    assert!(body.get("errors").is_none(), "{body:#}");
    body["data"]["ingestDocument"].clone()
}

/// The span, in code points, of the first occurrence of `word` in `body`.
fn span_of(body: &str, word: &str) -> Value {
    let at = body
        .find(word)
        .unwrap_or_else(|| panic!("{word:?} in {body:?}"));
    let start = body[..at].chars().count();
    json!({ "start": start, "end": start + word.chars().count() })
}

#[tokio::test]
async fn statements_and_documents_say_whether_a_date_is_a_day_a_month_or_a_year() {
    for backend in backends() {
        let app =
            spawn_configured(backend, |s| s.api_key = Some(KEY.parse().expect("a key"))).await;
        let day = partial(
            "2022-03-10",
            "DAY",
            (2022, Some(3), Some(10)),
            ("2022-03-10", "2022-03-10"),
        );
        // A leap year's February ends on the 29th.
        let month = partial(
            "2024-02",
            "MONTH",
            (2024, Some(2), None),
            ("2024-02-01", "2024-02-29"),
        );
        let year = partial(
            "2021",
            "YEAR",
            (2021, None, None),
            ("2021-01-01", "2021-12-31"),
        );
        let mut documents = Vec::new();
        for (title, published, expected, old_precision) in [
            ("Брифинг в марте", "2022-03-10", &day, "DAY"),
            ("Брифинг в феврале", "2024-02", &month, "MONTH"),
            ("Брифинг года", "2021", &year, "YEAR"),
        ] {
            let document = ingest(&app, &article(title), Some(published)).await;
            assert_eq!(&document["published"], expected, "{backend:?}: {title}");
            assert_eq!(document["publishedOn"], published, "{backend:?}: as before");
            assert_eq!(document["publishedPrecision"], old_precision, "{backend:?}");
            let statements = document["statements"]["nodes"].as_array().expect("nodes");
            assert!(
                !statements.is_empty(),
                "{backend:?}: {title} has statements"
            );
            for statement in statements {
                // Not said on a known date: filed under the publication date.
                assert_eq!(&statement["dated"], expected, "{backend:?}: {statement:#}");
                assert_eq!(statement["said"], Value::Null, "{backend:?}");
                assert_eq!(statement["date"], published, "{backend:?}: as before");
                assert_eq!(statement["saidOn"], Value::Null, "{backend:?}");
            }
            documents.push(document);
        }

        // Nothing known: no date at all, rather than the day it was stored.
        let undated = ingest(&app, &article("Брифинг без даты"), None).await;
        assert_eq!(undated["published"], Value::Null, "{backend:?}");
        assert_eq!(undated["publishedPrecision"], Value::Null, "{backend:?}");
        for statement in undated["statements"]["nodes"].as_array().expect("nodes") {
            assert_eq!(
                statement["dated"],
                Value::Null,
                "{backend:?}: {statement:#}"
            );
            assert_eq!(statement["date"], Value::Null, "{backend:?}");
        }

        // Said on a date of its own: `said` has it, and the statement is
        // filed under it rather than under the document's day.
        let document = &documents[0];
        let body = document["body"].as_str().expect("a body");
        let create = format!(
            "mutation($input: CreateStatementInput!) {{ createStatement(input: $input) {{ \
               dated {PARTIAL} said {PARTIAL} date saidOn history {{ at after }} }} }}"
        );
        for (word, said, expected) in [
            (
                "Министр",
                "2022-01-05",
                partial(
                    "2022-01-05",
                    "DAY",
                    (2022, Some(1), Some(5)),
                    ("2022-01-05", "2022-01-05"),
                ),
            ),
            (
                "расследование",
                "2023-12",
                partial(
                    "2023-12",
                    "MONTH",
                    (2023, Some(12), None),
                    ("2023-12-01", "2023-12-31"),
                ),
            ),
            (
                "наблюдателям",
                "2020",
                partial(
                    "2020",
                    "YEAR",
                    (2020, None, None),
                    ("2020-01-01", "2020-12-31"),
                ),
            ),
        ] {
            let body = app
                .graphql_as(
                    KEY,
                    &create,
                    json!({ "input": {
                        "documentId": document["id"],
                        "span": span_of(body, word),
                        "kind": "PARAPHRASE",
                        "saidOn": said,
                    } }),
                )
                .await;
            assert!(body.get("errors").is_none(), "{backend:?}: {body:#}");
            let statement = &body["data"]["createStatement"];
            assert_eq!(statement["said"], expected, "{backend:?}: said {said}");
            assert_eq!(
                statement["dated"], expected,
                "{backend:?}: filed under {said}"
            );
            assert_eq!(statement["saidOn"], said, "{backend:?}: as before");
            assert_eq!(statement["date"], said, "{backend:?}: as before");
            // The history's `after` is a JSON object, not a string of JSON,
            // and its moment is RFC 3339 in UTC.
            let revision = &statement["history"][0];
            assert_eq!(
                revision["after"]["saidOn"], said,
                "{backend:?}: {revision:#}"
            );
            in_utc(revision["at"].as_str().expect("a moment"));
        }
    }
}

#[tokio::test]
async fn affiliation_periods_say_how_precise_they_are() {
    for backend in backends() {
        let app =
            spawn_configured(backend, |s| s.api_key = Some(KEY.parse().expect("a key"))).await;
        let ids = app
            .data(
                "{ speakers(first: 1) { nodes { id } } organizations(first: 1) { nodes { id } } }",
                json!({}),
            )
            .await;
        let speaker = ids["speakers"]["nodes"][0]["id"].clone();
        let organization = ids["organizations"]["nodes"][0]["id"].clone();
        let set = format!(
            "mutation($s: ID!, $o: ID!, $role: String!, $from: Date, $to: Date) {{ \
               setAffiliation(speaker: $s, organization: $o, role: $role, validFrom: $from, validTo: $to) {{ \
                 role since {PARTIAL} until {PARTIAL} from to }} }}"
        );
        for (role, from, to, since, until) in [
            (
                "envoy",
                json!("2020-03-15"),
                json!("2024-02"),
                partial(
                    "2020-03-15",
                    "DAY",
                    (2020, Some(3), Some(15)),
                    ("2020-03-15", "2020-03-15"),
                ),
                partial(
                    "2024-02",
                    "MONTH",
                    (2024, Some(2), None),
                    ("2024-02-01", "2024-02-29"),
                ),
            ),
            (
                "adviser",
                json!("2019"),
                Value::Null,
                partial(
                    "2019",
                    "YEAR",
                    (2019, None, None),
                    ("2019-01-01", "2019-12-31"),
                ),
                Value::Null,
            ),
        ] {
            let body = app
                .graphql_as(
                    KEY,
                    &set,
                    json!({ "s": speaker, "o": organization, "role": role, "from": from, "to": to }),
                )
                .await;
            assert!(body.get("errors").is_none(), "{backend:?}: {body:#}");
            let affiliation = &body["data"]["setAffiliation"];
            assert_eq!(affiliation["since"], since, "{backend:?}: {role}");
            assert_eq!(affiliation["until"], until, "{backend:?}: {role}");
            assert_eq!(affiliation["from"], from, "{backend:?}: {role} as before");
            assert_eq!(affiliation["to"], to, "{backend:?}: {role} as before");
        }

        // Read back from the speaker, as stored.
        let read = app
            .data(
                &format!(
                    "query($id: ID!) {{ node(id: $id) {{ ... on Speaker {{ affiliations {{ role since {PARTIAL} until {{ iso }} }} }} }} }}"
                ),
                json!({ "id": speaker }),
            )
            .await;
        let affiliations = read["node"]["affiliations"].as_array().expect("a list");
        let envoy = affiliations
            .iter()
            .find(|a| a["role"] == "envoy")
            .unwrap_or_else(|| panic!("{backend:?}: {affiliations:#?}"));
        assert_eq!(envoy["since"]["precision"], "DAY", "{backend:?}");
        assert_eq!(envoy["until"]["iso"], "2024-02", "{backend:?}");
    }
}

#[tokio::test]
async fn the_deprecated_date_fields_answer_as_before_across_the_seed_corpus() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let data = app
            .data(
                &format!(
                    "{{ documents(first: 50) {{ nodes {{ slug published {PARTIAL} publishedOn publishedPrecision \
                       statements(first: 100) {{ nodes {{ id dated {PARTIAL} said {PARTIAL} date saidOn }} }} }} }} }}"
                ),
                json!({}),
            )
            .await;
        let mut precisions = BTreeSet::new();
        let mut statements = 0;
        for document in data["documents"]["nodes"].as_array().expect("nodes") {
            let published = &document["published"];
            assert_eq!(
                document["publishedOn"],
                iso(published),
                "{backend:?}: {document:#}"
            );
            assert_eq!(
                document["publishedPrecision"],
                published["precision"].clone(),
                "{backend:?}: {}",
                document["slug"]
            );
            for statement in document["statements"]["nodes"].as_array().expect("nodes") {
                assert_eq!(
                    statement["date"],
                    iso(&statement["dated"]),
                    "{backend:?}: {statement:#}"
                );
                assert_eq!(
                    statement["saidOn"],
                    iso(&statement["said"]),
                    "{backend:?}: {statement:#}"
                );
                for date in [&statement["dated"], &statement["said"]] {
                    if !date.is_null() {
                        consistent(date);
                        precisions.insert(date["precision"].as_str().unwrap_or("").to_owned());
                    }
                }
                statements += 1;
            }
        }
        assert!(
            statements >= 40,
            "{backend:?}: the corpus's statements: {statements}"
        );
        assert!(
            precisions.len() >= 2,
            "{backend:?}: the corpus dates statements at several precisions: {precisions:?}"
        );
    }
}

/// `date { iso }`, or null for no date.
fn iso(date: &Value) -> Value {
    if date.is_null() {
        Value::Null
    } else {
        date["iso"].clone()
    }
}

/// A `PartialDate`'s fields agree with each other: the parts known are
/// those its precision says, `iso` writes them, and `start`..`end` is the
/// period they name.
fn consistent(date: &Value) {
    let year = date["year"].as_i64().expect("a year");
    let (month, day) = (date["month"].as_i64(), date["day"].as_i64());
    let (iso, start, end) = match date["precision"].as_str() {
        Some("DAY") => {
            let (m, d) = (month.expect("a month"), day.expect("a day"));
            let iso = format!("{year:04}-{m:02}-{d:02}");
            (iso.clone(), iso.clone(), iso)
        }
        Some("MONTH") => {
            assert!(day.is_none(), "{date}");
            let m = month.expect("a month");
            let iso = format!("{year:04}-{m:02}");
            let end = date["end"].as_str().expect("an end").to_owned();
            assert!(end.starts_with(&iso) && end.len() == 10, "{date}");
            (iso.clone(), format!("{iso}-01"), end)
        }
        Some("YEAR") => {
            assert!(month.is_none() && day.is_none(), "{date}");
            (
                format!("{year:04}"),
                format!("{year:04}-01-01"),
                format!("{year:04}-12-31"),
            )
        }
        other => panic!("a precision: {other:?}"),
    };
    assert_eq!(date["iso"], iso, "{date}");
    assert_eq!(date["start"], start, "{date}");
    assert_eq!(date["end"], end, "{date}");
}

#[tokio::test]
async fn introspection_marks_the_replaced_fields_deprecated_and_names_the_replacement() {
    let app = spawn_app(Backend::Sqlite).await;
    let query = r#"
        query($type: String!) {
          all: __type(name: $type) { fields(includeDeprecated: true) { name type { name ofType { name } } isDeprecated deprecationReason } }
          current: __type(name: $type) { fields { name } }
        }"#;
    for (type_name, replaced) in [
        ("Statement", vec![("date", "dated"), ("saidOn", "said")]),
        (
            "Document",
            vec![
                ("publishedOn", "published"),
                ("publishedPrecision", "published"),
            ],
        ),
        ("Affiliation", vec![("from", "since"), ("to", "until")]),
    ] {
        let data = app.data(query, json!({ "type": type_name })).await;
        let fields = data["all"]["fields"].as_array().expect("fields");
        let field = |name: &str| {
            fields
                .iter()
                .find(|f| f["name"] == name)
                .unwrap_or_else(|| panic!("{type_name}.{name}"))
                .clone()
        };
        let current: Vec<&str> = data["current"]["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .filter_map(|f| f["name"].as_str())
            .collect();
        for (old, new) in replaced {
            let old_field = field(old);
            assert_eq!(old_field["isDeprecated"], true, "{type_name}.{old}");
            let reason = old_field["deprecationReason"].as_str().unwrap_or_default();
            assert!(
                reason.contains(&format!("`{new}")),
                "{type_name}.{old}: the reason names `{new}`: {reason:?}"
            );
            let new_field = field(new);
            assert_eq!(new_field["isDeprecated"], false, "{type_name}.{new}");
            assert_eq!(
                new_field["type"]["name"], "PartialDate",
                "{type_name}.{new} is nullable, a PartialDate"
            );
            assert!(
                !current.contains(&old),
                "{type_name}.{old} is left out of the current fields"
            );
            assert!(current.contains(&new), "{type_name}.{new}");
        }
    }

    // The new type: parts a codegen maps to numbers, a precision it maps to
    // an enum, and only the parts that may be unknown nullable.
    let data = app
        .data(
            r#"{ __type(name: "PartialDate") { description fields { name description type { kind name ofType { name } } } } }"#,
            json!({}),
        )
        .await;
    let ty = &data["__type"];
    assert!(ty["description"].as_str().is_some_and(|d| d.len() > 20));
    let shapes: Vec<(String, String)> = ty["fields"]
        .as_array()
        .expect("fields")
        .iter()
        .map(|f| {
            assert!(f["description"].is_string(), "{f}");
            let t = &f["type"];
            let shape = if t["kind"] == "NON_NULL" {
                format!("{}!", t["ofType"]["name"].as_str().unwrap_or(""))
            } else {
                t["name"].as_str().unwrap_or("").to_owned()
            };
            (f["name"].as_str().unwrap_or("").to_owned(), shape)
        })
        .collect();
    let expected: Vec<(String, String)> = [
        ("iso", "String!"),
        ("precision", "DatePrecision!"),
        ("year", "Int!"),
        ("month", "Int"),
        ("day", "Int"),
        ("start", "String!"),
        ("end", "String!"),
    ]
    .iter()
    .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
    .collect();
    assert_eq!(shapes, expected);
}

#[tokio::test]
async fn every_custom_scalar_is_described_and_names_its_specification() {
    let app = spawn_app(Backend::Sqlite).await;
    let data = app
        .data(
            "{ __schema { types { name kind description specifiedByURL } } }",
            json!({}),
        )
        .await;
    let built_in = ["String", "Int", "Float", "Boolean", "ID"];
    let scalars: Vec<&Value> = data["__schema"]["types"]
        .as_array()
        .expect("types")
        .iter()
        .filter(|t| t["kind"] == "SCALAR" && !built_in.contains(&t["name"].as_str().unwrap_or("")))
        .collect();
    let url = |name: &str| {
        scalars
            .iter()
            .find(|t| t["name"] == name)
            .unwrap_or_else(|| panic!("the scalar {name}"))["specifiedByURL"]
            .clone()
    };
    assert_eq!(
        url("Date"),
        "https://www.iso.org/iso-8601-date-and-time-format.html"
    );
    assert_eq!(
        url("DateTime"),
        "https://datatracker.ietf.org/doc/html/rfc3339"
    );
    assert_eq!(url("JSON"), "https://datatracker.ietf.org/doc/html/rfc8259");
    for scalar in &scalars {
        assert!(scalar["specifiedByURL"].is_string(), "{scalar}");
        let description = scalar["description"].as_str().unwrap_or_default();
        assert!(
            description.len() > 40 && !description.starts_with("Implement"),
            "described for clients: {scalar}"
        );
    }

    // The SDL served (and checked in) writes the directive too.
    let sdl = app
        .get("/schema.graphql")
        .await
        .text()
        .await
        .expect("a body");
    assert!(
        sdl.contains(r#"scalar Date @specifiedBy(url: "https://www.iso.org/iso-8601-date-and-time-format.html")"#),
        "{sdl}"
    );
    assert!(sdl.contains(r#"scalar DateTime @specifiedBy(url: "#));
    assert!(sdl.contains(r#"scalar JSON @specifiedBy(url: "#));
}

#[tokio::test]
async fn moments_are_rfc_3339_in_utc() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let data = app
            .data(
                "{ documents(first: 1) { nodes { ingestedAt } } }",
                json!({}),
            )
            .await;
        in_utc(
            data["documents"]["nodes"][0]["ingestedAt"]
                .as_str()
                .expect("a moment"),
        );
    }
}

/// Checks that `moment` is an RFC 3339 date and time in UTC.
fn in_utc(moment: &str) {
    let parsed = chrono::DateTime::parse_from_rfc3339(moment)
        .unwrap_or_else(|e| panic!("{moment:?} is RFC 3339: {e}"));
    assert_eq!(parsed.offset().local_minus_utc(), 0, "in UTC: {moment}");
}

#[tokio::test]
async fn a_date_that_is_not_one_is_refused_with_what_was_expected() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        for bad in ["2022-13", "2022-02-30", "02.2022", "2022-1"] {
            let body = app
                .graphql(
                    "query($from: Date) { statements(filter: { saidFrom: $from }) { totalCount } }",
                    json!({ "from": bad }),
                )
                .await;
            assert_eq!(
                error_code(&body),
                "BAD_USER_INPUT",
                "{backend:?}: {bad}: {body:#}"
            );
            let message = body["errors"][0]["message"].as_str().unwrap_or_default();
            assert!(
                message.contains(bad) && message.contains("YYYY-MM-DD, YYYY-MM or YYYY"),
                "{backend:?}: says what was wrong and what is expected: {message}"
            );
        }
    }
}
