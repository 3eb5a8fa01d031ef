//! GraphQL input types, enums and scalars, and their conversion into the
//! services' own types: the one place where the schema's names for the
//! domain's vocabularies are written.

use super::scalars::DateTime;
use async_graphql::resolver_utils::EnumType;
use async_graphql::{
    Enum, ID, InputObject, InputValueError, InputValueResult, Scalar, ScalarType, Value,
};
use entity::kinds;
use seeds::date::PartialDate;

use super::ids::{decode_as, name_or_id};
use crate::services::Error;
use crate::services::ids::NodeType;
use crate::services::listing::{RegistryOrder, RegistrySort};
use crate::services::statements as service;

/// A date as precise as it is known: `2022-02-01`, `2022-01` or `2022`. As a
/// filter bound, a month or a year stands for its first day in `…From` and its
/// last day in `…To`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date(pub PartialDate);

/// A calendar date as precise as it is known, written as an ISO 8601
/// calendar date at full or reduced precision: `YYYY-MM-DD` (a day,
/// `2022-02-01`), `YYYY-MM` (a month, `2022-01`) or `YYYY` (a year,
/// `2022`), with a four-digit year and two-digit month and day; no time,
/// no time zone, no other form. Taken by inputs; as a filter bound, a
/// month or a year stands for its first day in `…From` and its last day in
/// `…To`. Outputs give a `PartialDate` object instead, whose `precision`
/// says which form this is; only deprecated fields still return `Date`.
#[Scalar(
    name = "Date",
    specified_by_url = "https://www.iso.org/iso-8601-date-and-time-format.html"
)]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) => s
                .parse::<PartialDate>()
                .map(Date)
                .map_err(|e| InputValueError::custom(e.to_string())),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_string())
    }
}

/// The exports take dates as query parameters, written as in GraphQL.
impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse::<PartialDate>()
            .map(Date)
            .map_err(serde::de::Error::custom)
    }
}

/// The schema's name of an enum value (`DIRECT_QUOTE`), as the exports write it too.
pub fn enum_name<T: EnumType>(value: T) -> &'static str {
    T::items()
        .iter()
        .find(|item| item.value == value)
        .map_or("", |item| item.name)
}

/// The enum value the schema names `name`, in any case.
pub fn enum_value<T: EnumType>(name: &str) -> Option<T> {
    T::items()
        .iter()
        .find(|item| item.name.eq_ignore_ascii_case(name.trim()))
        .map(|item| item.value)
}

/// How a statement is reported.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "kinds::StatementKind")]
pub enum StatementKind {
    /// The speaker's own words, in quotation marks.
    DirectQuote,
    /// Indirect speech: what the speaker said, in the outlet's words.
    Paraphrase,
    /// A claim or figure attributed to a source ("according to the authorities").
    ReportedClaim,
}

/// Query parameters name a kind as GraphQL does, in any case.
impl<'de> serde::Deserialize<'de> for StatementKind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        enum_value(&text).ok_or_else(|| {
            let names: Vec<&str> = Self::items().iter().map(|item| item.name).collect();
            serde::de::Error::custom(format!("{text:?} is none of {}", names.join(", ")))
        })
    }
}

/// Where a statement stands in review: the machine proposes, a person
/// confirms or rejects.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "kinds::ReviewStatus")]
pub enum ReviewStatus {
    /// Extracted by the machine and not looked at yet.
    Unreviewed,
    /// Curated, written by a person, or confirmed by one.
    Confirmed,
    /// Found wrong: left out of results, counts and exports unless a filter
    /// asks for it.
    Rejected,
}

/// Query parameters list statuses separated by commas
/// (`reviewStatus=UNREVIEWED,REJECTED`), named as GraphQL names them.
fn review_statuses<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<ReviewStatus>>, D::Error> {
    let text = <String as serde::Deserialize>::deserialize(deserializer)?;
    text.split(',')
        .map(|name| {
            enum_value(name).ok_or_else(|| {
                let names: Vec<&str> = ReviewStatus::items().iter().map(|i| i.name).collect();
                serde::de::Error::custom(format!("{name:?} is none of {}", names.join(", ")))
            })
        })
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

/// How much of a date is known.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "kinds::DatePrecision")]
pub enum DatePrecision {
    /// The day is known.
    Day,
    /// The month is known, not the day.
    Month,
    /// Only the year is known.
    Year,
}

impl From<seeds::date::DatePrecision> for DatePrecision {
    fn from(precision: seeds::date::DatePrecision) -> Self {
        match precision {
            seeds::date::DatePrecision::Day => Self::Day,
            seeds::date::DatePrecision::Month => Self::Month,
            seeds::date::DatePrecision::Year => Self::Year,
        }
    }
}

/// A person, or a collective voice.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "kinds::SpeakerKind")]
pub enum SpeakerKind {
    /// One person.
    Person,
    /// A collective voice, such as "Kyrgyz human-rights defenders".
    Group,
}

/// What sort of body an organization is.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "kinds::OrganizationKind")]
pub enum OrganizationKind {
    /// A government, ministry or other executive body.
    Government,
    /// A legislature or one of its chambers or committees.
    Parliament,
    /// A court or prosecutor's office.
    Judiciary,
    /// Police, security services or armed forces.
    Security,
    /// A non-governmental organization.
    Ngo,
    /// A body of several states (the UN, the OSCE).
    Intergovernmental,
    /// A military alliance (the CSTO).
    MilitaryAlliance,
    /// A news outlet or agency.
    Media,
    /// Anything else.
    Other,
}

// Also the exports' query parameters (`?organization=HRW&saidFrom=2022`,
// a plural field repeated: `?kinds=DIRECT_QUOTE&kinds=PARAPHRASE`), read with serde
// under the same names (this comment stays out of the schema).
/// Which statements. Every field given narrows the set (AND); a plural field
/// (`speakers`, `topics`, …) matches any of its values (OR), beside its
/// singular, which stays; `anyOf` matches any of its filters and `not` what
/// its filter does not. Names may be written in any script, usual
/// transliteration or Russian case form. Example: quotes or paraphrases by
/// Tokayev or Tleuberdi on investigations, not the MFA's: `{speakers:
/// ["Tokayev", "Tleuberdi"], kinds: [DIRECT_QUOTE, PARAPHRASE], topic:
/// "investigation", not: {organization: "MFA Kazakhstan"}}`. At most 50
/// values per list, 10 filters in an `anyOf`, `not`/`anyOf` nested 3 deep
/// and 100 names in all; each name counts towards the query's cost.
#[derive(InputObject, serde::Deserialize, Debug, Clone, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct StatementFilter {
    /// A speaker's id, or any name or alias of a speaker.
    pub speaker: Option<String>,
    /// Any of these speakers (ids, names or aliases).
    pub speakers: Option<Vec<String>>,
    /// An organization's id or any name or alias: statements made on behalf of
    /// the organization or of its sub-organizations, and by speakers affiliated
    /// with either at the time of the statement.
    pub organization: Option<String>,
    /// Any of these organizations, each as `organization` means it.
    pub organizations: Option<Vec<String>>,
    /// A topic's id, slug, label or keyword, in English or Russian.
    pub topic: Option<String>,
    /// Any of these topics.
    pub topics: Option<Vec<String>>,
    /// An id or name of a speaker or organization the statement is about.
    pub about: Option<String>,
    /// About any of these speakers or organizations (the plural of `about`).
    pub subjects: Option<Vec<String>>,
    /// ISO 639-1 language of the statement.
    pub language: Option<String>,
    /// In any of these languages (ISO 639-1).
    pub languages: Option<Vec<String>>,
    /// Statements of this document only (its id).
    pub document_id: Option<ID>,
    /// Statements of any of these documents (their ids).
    pub document_ids: Option<Vec<ID>>,
    /// Statements reported this way only.
    pub kind: Option<StatementKind>,
    /// Statements reported in any of these ways.
    pub kinds: Option<Vec<StatementKind>>,
    /// Words that must all occur; Russian and English words match their
    /// inflected forms.
    pub text: Option<String>,
    /// On or after this date. A statement's date is the day it was said where
    /// known, else its document's publication date.
    pub said_from: Option<Date>,
    /// On or before this date (a month or year: to its end).
    pub said_to: Option<Date>,
    /// Only statements whose confidence is at least this (0 to 1). Curated
    /// statements have 1; of the extracted ones, those of 0.8 or more were
    /// right at least 95 times in 100 on the development set
    /// (`claimgraph eval --dev`).
    pub min_confidence: Option<f64>,
    /// Statements in these review statuses; when not given, every one but
    /// `REJECTED` (inside `not` and `anyOf`: no condition on the status).
    #[serde(deserialize_with = "review_statuses")]
    pub review_status: Option<Vec<ReviewStatus>>,
    /// Statements matching any of these filters (each one a whole filter).
    /// Not taken by the exports.
    #[serde(skip)]
    pub any_of: Option<Vec<StatementFilter>>,
    /// Statements this filter does not match: `{topic: "investigation", not:
    /// {organization: "MFA"}}` is every statement on investigations but the
    /// MFA's. A statement with no speaker is not a statement of any speaker,
    /// so `not: {speaker: …}` keeps it. Not taken by the exports.
    #[serde(skip)]
    pub not: Option<Box<StatementFilter>>,
    /// Only statements written (created, or changed in any way: text,
    /// speaker, organization, topics, subjects, review status) at or after
    /// this time, `updatedAt >= updatedSince`. To sync, list with
    /// `sort: {field: UPDATED, direction: ASC}`, keep the largest
    /// `updatedAt` seen, ask again from it later and dedupe by id: the
    /// statements written in that same instant come again.
    pub updated_since: Option<DateTime>,
    /// Statements with a stance on a proposition, of one position or any:
    /// `{stance: {proposition: "international_investigation", position:
    /// AGAINST}}` is who is against an international investigation. Not
    /// taken by the exports.
    #[serde(skip)]
    pub stance: Option<StanceFilter>,
    /// Only statements of documents this outlet published, by id or any
    /// name ("kazinform"): the reports it carried. With `utterances`, the
    /// utterances it reported.
    pub reported_by: Option<String>,
    /// Also the statements of reposted copies (`Document.copyOf`), which are
    /// otherwise left out so that an article carried twice is not listed
    /// or counted twice (its statements report the original's utterances).
    /// They are taken anyway when the filter names a document or an outlet
    /// (`document`, `documentIds`, `reportedBy`), and in `Document.statements`
    /// of a copy. Only at the top of a filter: in `anyOf` and `not` it
    /// means nothing.
    pub include_copies: Option<bool>,
    /// The organization a statement names as the one it was made on behalf
    /// of, exactly, by id or any name: not its sub-organizations, not its
    /// speaker's affiliations (which `organization` takes). A bucket key of
    /// `statementCounts(by: OWN_ORGANIZATION)` given back.
    pub own_organization: Option<String>,
    /// One bucket of `statementCounts(by: MONTH)` given back: `YYYY-MM`,
    /// the statements dated within that month (to the day or to the
    /// month); `YYYY`, those dated only to that year. For a range of
    /// dates, whatever their precision, use `saidFrom` and `saidTo`.
    pub month: Option<String>,
}

/// Statements with a stance on a proposition.
#[derive(InputObject, Debug, Clone)]
pub struct StanceFilter {
    /// The proposition's id or key (`international_investigation`), or words of
    /// its text in English or Russian (`international investigation`),
    /// which match every proposition whose text or key phrases hold them
    /// all. A name that matches none is refused, with the closest keys.
    pub proposition: String,
    /// Only statements of this position; any position when not given.
    pub position: Option<Position>,
}

/// Where a statement stands on a proposition.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
#[graphql(remote = "kinds::Polarity")]
pub enum Position {
    /// It argues for the proposition (calls for it, asserts it).
    For,
    /// It argues against it (refuses, rejects, denies it).
    Against,
    /// It is on the proposition's topic without taking a side.
    Neutral,
}

/// How large a filter may be.
const MAX_VALUES: usize = 50;
const MAX_BRANCHES: usize = 10;
const MAX_NESTING: usize = 3;
const MAX_NAMES: usize = 100;
/// What one name (or nested filter) costs against the complexity limit:
/// about what ten fields of a statement do.
const NAME_COST: usize = 10;

/// A plural field's values: none when it is not given; an empty list is
/// refused, since "any of nothing" would match nothing.
fn values<T>(field: &str, given: Option<Vec<T>>) -> Result<Vec<T>, Error> {
    match given {
        None => Ok(Vec::new()),
        Some(list) if list.is_empty() => Err(Error::BadInput(format!(
            "`{field}` is empty: give at least one value, or leave it out to not filter by it"
        ))),
        Some(list) if list.len() > MAX_VALUES => Err(Error::BadInput(format!(
            "`{field}` has {} values; at most {MAX_VALUES} are allowed",
            list.len()
        ))),
        Some(list) => Ok(list),
    }
}

impl StatementFilter {
    /// The services' filter: names stay names, our ids become references.
    /// Refuses an empty list, and a filter larger than its bounds.
    pub fn into_domain(self) -> Result<service::StatementFilter, Error> {
        let names = self.name_count();
        if names > MAX_NAMES {
            return Err(Error::BadInput(format!(
                "the filter names {names} speakers, organizations, topics and subjects; at most {MAX_NAMES} are allowed"
            )));
        }
        self.into_domain_at(0)
    }

    /// What the filter costs against the query's complexity limit:
    /// `NAME_COST` per name to resolve and per nested filter, since each
    /// takes queries of its own before any statement is read.
    pub fn cost(&self) -> usize {
        let nested: usize = self.nested().map(|f| NAME_COST + f.cost()).sum();
        self.own_names() * NAME_COST + nested
    }

    /// How many names the filter gives, nested filters' included.
    fn name_count(&self) -> usize {
        self.own_names() + self.nested().map(Self::name_count).sum::<usize>()
    }

    /// How many names the filter gives in its own fields.
    fn own_names(&self) -> usize {
        let list = |l: &Option<Vec<String>>| l.as_ref().map_or(0, Vec::len);
        let one = |o: &Option<String>| usize::from(o.is_some());
        one(&self.speaker)
            + one(&self.organization)
            + one(&self.topic)
            + one(&self.about)
            + list(&self.speakers)
            + list(&self.organizations)
            + list(&self.topics)
            + list(&self.subjects)
            + usize::from(self.stance.is_some())
            + one(&self.reported_by)
            + one(&self.own_organization)
    }

    /// The filters in its `anyOf` and `not`.
    fn nested(&self) -> impl Iterator<Item = &StatementFilter> {
        self.any_of.iter().flatten().chain(self.not.as_deref())
    }

    fn into_domain_at(self, depth: usize) -> Result<service::StatementFilter, Error> {
        let nested = self.any_of.is_some() || self.not.is_some();
        if nested && depth >= MAX_NESTING {
            return Err(Error::BadInput(format!(
                "`not` and `anyOf` are nested more than {MAX_NESTING} deep"
            )));
        }
        let any_of = values("anyOf", self.any_of)?;
        if any_of.len() > MAX_BRANCHES {
            return Err(Error::BadInput(format!(
                "`anyOf` has {} filters; at most {MAX_BRANCHES} are allowed",
                any_of.len()
            )));
        }
        let names = |field: &str, list: Option<Vec<String>>| -> Result<Vec<_>, Error> {
            Ok(values(field, list)?.into_iter().map(name_or_id).collect())
        };
        let languages = values("languages", self.languages)?
            .iter()
            .map(|code| language_code(code))
            .collect::<Result<_, _>>()?;
        let documents = values("documentIds", self.document_ids)?
            .iter()
            .map(|id| decode_as(id, NodeType::Document))
            .collect::<Result<_, _>>()?;
        Ok(service::StatementFilter {
            speaker: self.speaker.map(name_or_id),
            speakers: names("speakers", self.speakers)?,
            organization: self.organization.map(name_or_id),
            organizations: names("organizations", self.organizations)?,
            topic: self.topic.map(name_or_id),
            topics: names("topics", self.topics)?,
            about: self.about.map(name_or_id),
            subjects: names("subjects", self.subjects)?,
            language: self.language.as_deref().map(language_code).transpose()?,
            languages,
            document: self
                .document_id
                .map(|id| decode_as(&id, NodeType::Document))
                .transpose()?,
            documents,
            kind: self.kind.map(Into::into),
            kinds: values("kinds", self.kinds)?
                .into_iter()
                .map(Into::into)
                .collect(),
            text: self.text,
            said_from: self.said_from.map(|d| d.0.date),
            said_to: self.said_to.map(|d| d.0.last_day()),
            min_confidence: self.min_confidence,
            review_status: self
                .review_status
                .map(|statuses| statuses.into_iter().map(Into::into).collect()),
            any_of: any_of
                .into_iter()
                .map(|f| f.into_domain_at(depth + 1))
                .collect::<Result<_, _>>()?,
            not: self
                .not
                .map(|f| f.into_domain_at(depth + 1).map(Box::new))
                .transpose()?,
            updated_since: self.updated_since.map(|moment| moment.0),
            reported_by: self.reported_by.map(name_or_id),
            utterance: None,
            include_copies: depth == 0 && self.include_copies.unwrap_or(false),
            own_organization: self.own_organization.map(name_or_id),
            month: self
                .month
                .map(|text| {
                    service::MonthKey::parse(&text).ok_or_else(|| {
                        Error::BadInput(format!(
                            "`month` must be a month `YYYY-MM` or a year `YYYY`; {text:?} was given"
                        ))
                    })
                })
                .transpose()?,
            stance: self.stance.map(|s| service::StanceFilter {
                proposition: match super::ids::decode(s.proposition.trim()) {
                    Ok(node) if node.node_type == NodeType::Proposition => {
                        service::PropositionRef::Id(node.id)
                    }
                    _ => service::PropositionRef::Name(s.proposition),
                },
                position: s.position.map(Into::into),
            }),
        })
    }

    /// Every name the filter gives, with the field it is given in (`speaker`,
    /// `speakers`, `not.organization`, `anyOf[1].topic`), in the order of the
    /// fields: what `matched` echoes.
    pub fn names(&self) -> Vec<(String, String)> {
        let mut out = Vec::new();
        self.collect_names("", &mut out);
        out
    }

    fn collect_names(&self, prefix: &str, out: &mut Vec<(String, String)>) {
        let groups = [
            ("speaker", "speakers", &self.speaker, &self.speakers),
            (
                "organization",
                "organizations",
                &self.organization,
                &self.organizations,
            ),
            ("topic", "topics", &self.topic, &self.topics),
            ("about", "subjects", &self.about, &self.subjects),
        ];
        for (singular, plural, one, many) in groups {
            if let Some(name) = one {
                out.push((format!("{prefix}{singular}"), name.clone()));
            }
            for name in many.iter().flatten() {
                out.push((format!("{prefix}{plural}"), name.clone()));
            }
        }
        if let Some(name) = &self.own_organization {
            out.push((format!("{prefix}ownOrganization"), name.clone()));
        }
        for (i, branch) in self.any_of.iter().flatten().enumerate() {
            branch.collect_names(&format!("{prefix}anyOf[{i}]."), out);
        }
        if let Some(not) = &self.not {
            not.collect_names(&format!("{prefix}not."), out);
        }
    }
}

/// The order of a statement list (deprecated with `orderBy`: `sort` says
/// the same and more).
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq, Default)]
pub enum StatementOrder {
    /// Latest first; of one date, the last stored first.
    #[default]
    NewestFirst,
    /// Earliest first; of one date, the first stored first.
    OldestFirst,
    /// Document by document, each in reading order.
    DocumentOrder,
}

impl From<StatementOrder> for service::StatementOrder {
    fn from(o: StatementOrder) -> Self {
        match o {
            StatementOrder::NewestFirst => Self::NewestFirst,
            StatementOrder::OldestFirst => Self::OldestFirst,
            StatementOrder::DocumentOrder => Self::DocumentOrder,
        }
    }
}

/// Which way a list runs.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum SortDirection {
    /// Smallest first: earliest, first in the alphabet.
    Asc,
    /// Largest first: latest, last in the alphabet.
    Desc,
}

/// What statements can be sorted by; ties go by the order they were
/// stored in, the same direction.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum StatementSortField {
    /// The date a statement is filed under (`date`).
    Date,
    /// Document by document, each in reading order (its span).
    DocumentPosition,
    /// When it was stored (`createdAt`).
    Created,
    /// When it was last written (`updatedAt`): with `ASC`, the order to
    /// sync in.
    Updated,
}

/// The order of a statement list: a field and a direction.
#[derive(InputObject, Copy, Clone, Debug, PartialEq, Eq)]
pub struct StatementSort {
    /// What to sort by.
    pub field: StatementSortField,
    /// Which way.
    pub direction: SortDirection,
}

impl From<StatementSort> for service::StatementOrder {
    fn from(sort: StatementSort) -> Self {
        use StatementSortField as F;
        let ascending = sort.direction == SortDirection::Asc;
        match (sort.field, ascending) {
            (F::Date, true) => Self::OldestFirst,
            (F::Date, false) => Self::NewestFirst,
            (F::DocumentPosition, true) => Self::DocumentOrder,
            (F::DocumentPosition, false) => Self::DocumentOrderReversed,
            (F::Created, true) => Self::CreatedAscending,
            (F::Created, false) => Self::CreatedDescending,
            (F::Updated, true) => Self::UpdatedAscending,
            (F::Updated, false) => Self::UpdatedDescending,
        }
    }
}

/// What documents can be sorted by; ties go by the order they were
/// stored in, the same direction.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum DocumentSortField {
    /// The publication date (`publishedOn`, from its first day when known
    /// only to the month or year); documents without one come before
    /// every date ascending, after every date descending.
    Published,
    /// When it was stored (`createdAt`).
    Created,
    /// When it was last written (`updatedAt`).
    Updated,
}

/// The order of a document list: a field and a direction. By default
/// `{field: CREATED, direction: ASC}`, the order they were stored in.
#[derive(InputObject, Copy, Clone, Debug, PartialEq, Eq)]
pub struct DocumentSort {
    /// What to sort by.
    pub field: DocumentSortField,
    /// Which way.
    pub direction: SortDirection,
}

impl From<DocumentSort> for crate::services::documents::DocumentSort {
    fn from(sort: DocumentSort) -> Self {
        use crate::services::documents::DocumentOrder;
        Self {
            by: match sort.field {
                DocumentSortField::Published => DocumentOrder::Published,
                DocumentSortField::Created => DocumentOrder::Created,
                DocumentSortField::Updated => DocumentOrder::Updated,
            },
            ascending: sort.direction == SortDirection::Asc,
        }
    }
}

/// What speakers can be sorted by; ties go by the order they were stored
/// in, the same direction.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum SpeakerSortField {
    /// The name it is shown by (`name`), as the database compares text.
    Name,
    /// When it was stored (`createdAt`).
    Created,
    /// When it was last written (`updatedAt`).
    Updated,
}

/// The order of a speaker list: a field and a direction. By default
/// `{field: CREATED, direction: ASC}`, the order they were stored in.
#[derive(InputObject, Copy, Clone, Debug, PartialEq, Eq)]
pub struct SpeakerSort {
    /// What to sort by.
    pub field: SpeakerSortField,
    /// Which way.
    pub direction: SortDirection,
}

/// What organizations can be sorted by; ties go by the order they were
/// stored in, the same direction.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum OrganizationSortField {
    /// The name it is shown by (`name`), as the database compares text.
    Name,
    /// When it was stored (`createdAt`).
    Created,
    /// When it was last written (`updatedAt`).
    Updated,
}

/// The order of an organization list: a field and a direction. By
/// default `{field: CREATED, direction: ASC}`, the order they were stored
/// in.
#[derive(InputObject, Copy, Clone, Debug, PartialEq, Eq)]
pub struct OrganizationSort {
    /// What to sort by.
    pub field: OrganizationSortField,
    /// Which way.
    pub direction: SortDirection,
}

impl From<SpeakerSort> for RegistrySort {
    fn from(sort: SpeakerSort) -> Self {
        Self {
            by: match sort.field {
                SpeakerSortField::Name => RegistryOrder::Name,
                SpeakerSortField::Created => RegistryOrder::Created,
                SpeakerSortField::Updated => RegistryOrder::Updated,
            },
            ascending: sort.direction == SortDirection::Asc,
        }
    }
}

impl From<OrganizationSort> for RegistrySort {
    fn from(sort: OrganizationSort) -> Self {
        Self {
            by: match sort.field {
                OrganizationSortField::Name => RegistryOrder::Name,
                OrganizationSortField::Created => RegistryOrder::Created,
                OrganizationSortField::Updated => RegistryOrder::Updated,
            },
            ascending: sort.direction == SortDirection::Asc,
        }
    }
}

/// The order of a statement list from its arguments: `sort`, or the
/// deprecated `orderBy`, not both; `default` when neither is given.
pub fn statement_order(
    order_by: Option<StatementOrder>,
    sort: Option<StatementSort>,
    default: service::StatementOrder,
) -> Result<service::StatementOrder, Error> {
    match (order_by, sort) {
        (Some(_), Some(_)) => Err(Error::BadInput(
            "give `sort` or `orderBy`, not both; `orderBy` is deprecated: use `sort`".to_owned(),
        )),
        (Some(order_by), None) => Ok(order_by.into()),
        (None, Some(sort)) => Ok(sort.into()),
        (None, None) => Ok(default),
    }
}

/// Which documents; every field given narrows the set.
#[derive(InputObject, Debug, Clone, Default)]
pub struct DocumentFilter {
    /// ISO 639-1.
    pub language: Option<String>,
    /// Id or any name of the publishing organization.
    pub outlet: Option<String>,
    /// Published on or after this date (a month or year: from its start).
    pub published_from: Option<Date>,
    /// Published on or before this date (a month or year: to its end).
    pub published_to: Option<Date>,
}

impl DocumentFilter {
    /// The services' filter, its language code checked.
    pub fn into_domain(self) -> Result<crate::services::documents::DocumentFilter, Error> {
        Ok(crate::services::documents::DocumentFilter {
            language: self.language.as_deref().map(language_code).transpose()?,
            outlet: self.outlet.map(name_or_id),
            published_from: self.published_from.map(|d| d.0.date),
            published_to: self.published_to.map(|d| d.0.last_day()),
        })
    }
}

/// A `language` input, checked: an ISO 639-1 code (any case), lowercased.
pub fn language_code(code: &str) -> Result<String, Error> {
    crate::ingest::language::parse_code(code).map_err(Error::BadInput)
}

/// What `statementCounts` groups by.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq)]
pub enum CountDimension {
    /// Key: the speaker's id; null for statements with no speaker.
    Speaker,
    /// Key: the organization's id. A statement counts under every
    /// organization the `organization` filter finds it by: the one it was
    /// made on behalf of, those its speaker was affiliated with on its
    /// date, and every parent of those (so a ministry's statements count
    /// under its government too, and buckets can add up to more than
    /// `totalCount`). Null for statements that count for none.
    Organization,
    /// Key: the id of the organization a statement names as the one it
    /// was made on behalf of, alone (the `ownOrganization` filter); null
    /// for statements made on behalf of none.
    OwnOrganization,
    /// Key: the topic's slug; null for statements with no topic. A
    /// statement counts under each of its topics.
    Topic,
    /// Key: the ISO 639-1 code.
    Language,
    /// Key: the document's id.
    Document,
    /// Key: the `StatementKind` name.
    Kind,
    /// Key: `YYYY-MM` of the statement's date; `YYYY` for statements dated
    /// only to the year; null for statements with no date.
    Month,
    /// Key: the `ReviewStatus` name. Rejected statements are counted only
    /// when the filter's `reviewStatus` names them.
    ReviewStatus,
}

impl From<CountDimension> for service::CountBy {
    fn from(d: CountDimension) -> Self {
        match d {
            CountDimension::Speaker => Self::Speaker,
            CountDimension::Organization => Self::Organization,
            CountDimension::OwnOrganization => Self::OwnOrganization,
            CountDimension::Topic => Self::Topic,
            CountDimension::Language => Self::Language,
            CountDimension::Document => Self::Document,
            CountDimension::Kind => Self::Kind,
            CountDimension::Month => Self::Month,
            CountDimension::ReviewStatus => Self::ReviewStatus,
        }
    }
}
