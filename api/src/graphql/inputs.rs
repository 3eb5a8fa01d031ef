//! GraphQL input types, enums and scalars, and their conversion into the
//! services' own types: the one place where the schema's names for the
//! domain's vocabularies are written.

use async_graphql::resolver_utils::EnumType;
use async_graphql::{
    Enum, ID, InputObject, InputValueError, InputValueResult, Scalar, ScalarType, Value,
};
use chrono::{DateTime, Utc};
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

/// A date as precise as it is known: `2022-02-01` (a day), `2022-01` (a
/// month) or `2022` (a year). As a filter bound, a month or a year stands
/// for its first day in `…From` and its last day in `…To`.
#[Scalar(name = "Date")]
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

// Also the exports' query parameters (`?organization=HRW&saidFrom=2022`),
// read with serde under the same names (this comment stays out of the schema).
/// Which statements; every field given narrows the set (AND). Names may be
/// written in any script, usual transliteration or Russian case form.
#[derive(InputObject, serde::Deserialize, Debug, Clone, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields, default)]
pub struct StatementFilter {
    /// A speaker's id, or any name or alias of a speaker.
    pub speaker: Option<String>,
    /// An organization's id or any name or alias: statements made on behalf of
    /// the organization or of its sub-organizations, and by speakers affiliated
    /// with either at the time of the statement.
    pub organization: Option<String>,
    /// A topic's id, slug, label or keyword, in English or Russian.
    pub topic: Option<String>,
    /// An id or name of a speaker or organization the statement is about.
    pub about: Option<String>,
    /// ISO 639-1 language of the statement.
    pub language: Option<String>,
    /// Statements of this document only (its id).
    pub document_id: Option<ID>,
    /// Statements reported this way only.
    pub kind: Option<StatementKind>,
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
    /// `REJECTED`.
    #[serde(deserialize_with = "review_statuses")]
    pub review_status: Option<Vec<ReviewStatus>>,
    /// Only statements written (created, or changed in any way: text,
    /// speaker, organization, topics, subjects, review status) at or after
    /// this time, `updatedAt >= updatedSince`. To sync, list with
    /// `sort: {field: UPDATED, direction: ASC}`, keep the largest
    /// `updatedAt` seen, ask again from it later and dedupe by id: the
    /// statements written in that same instant come again.
    pub updated_since: Option<DateTime<Utc>>,
}

impl StatementFilter {
    /// The services' filter: names stay names, our ids become references.
    pub fn into_domain(self) -> Result<service::StatementFilter, Error> {
        Ok(service::StatementFilter {
            speaker: self.speaker.map(name_or_id),
            organization: self.organization.map(name_or_id),
            topic: self.topic.map(name_or_id),
            about: self.about.map(name_or_id),
            language: self.language.as_deref().map(language_code).transpose()?,
            document: self
                .document_id
                .map(|id| decode_as(&id, NodeType::Document))
                .transpose()?,
            kind: self.kind.map(Into::into),
            text: self.text,
            said_from: self.said_from.map(|d| d.0.date),
            said_to: self.said_to.map(|d| d.0.last_day()),
            min_confidence: self.min_confidence,
            review_status: self
                .review_status
                .map(|statuses| statuses.into_iter().map(Into::into).collect()),
            updated_since: self.updated_since,
        })
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
    /// Key: the speaker's id.
    Speaker,
    /// Key: the organization's id (on whose behalf).
    Organization,
    /// Key: the topic's slug.
    Topic,
    /// Key: the ISO 639-1 code.
    Language,
    /// Key: the document's id.
    Document,
    /// Key: the `StatementKind` name.
    Kind,
    /// Key: `YYYY-MM` of the statement's date.
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
            CountDimension::Topic => Self::Topic,
            CountDimension::Language => Self::Language,
            CountDimension::Document => Self::Document,
            CountDimension::Kind => Self::Kind,
            CountDimension::Month => Self::Month,
            CountDimension::ReviewStatus => Self::ReviewStatus,
        }
    }
}
