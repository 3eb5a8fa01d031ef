//! GraphQL input types, enums and scalars, and their conversion into the
//! services' own types.

use async_graphql::{
    Enum, ID, InputObject, InputValueError, InputValueResult, Scalar, ScalarType, Value,
};
use entity::kinds;
use seeds::date::PartialDate;

use super::objects::StatementKind;
use crate::services::statements as service;

/// A date as precise as it is known: `2022-02-01`, `2022-01` or `2022`. As a
/// filter bound, a month or a year stands for its first day in `…From` and its
/// last day in `…To`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date(pub PartialDate);

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

/// Which statements; every field given narrows the set (AND). Names may be
/// written in any script, usual transliteration or Russian case form.
#[derive(InputObject, Debug, Clone, Default)]
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
    pub document_id: Option<ID>,
    pub kind: Option<StatementKind>,
    /// Words that must all occur; Russian and English words match their
    /// inflected forms.
    pub text: Option<String>,
    /// On or after this date. A statement's date is the day it was said where
    /// known, else its document's publication date.
    pub said_from: Option<Date>,
    /// On or before this date (a month or year: to its end).
    pub said_to: Option<Date>,
}

impl From<StatementFilter> for service::StatementFilter {
    fn from(f: StatementFilter) -> Self {
        Self {
            speaker: f.speaker,
            organization: f.organization,
            topic: f.topic,
            about: f.about,
            language: f.language,
            document_id: f.document_id.map(|id| id.0),
            kind: f.kind.map(Into::into),
            text: f.text,
            said_from: f.said_from.map(|d| d.0.date),
            said_to: f.said_to.map(|d| d.0.last_day()),
        }
    }
}

impl From<StatementKind> for kinds::StatementKind {
    fn from(k: StatementKind) -> Self {
        match k {
            StatementKind::DirectQuote => Self::DirectQuote,
            StatementKind::Paraphrase => Self::Paraphrase,
            StatementKind::ReportedClaim => Self::ReportedClaim,
        }
    }
}

/// The order of a statement list.
#[derive(Enum, Copy, Clone, Debug, PartialEq, Eq, Default)]
pub enum StatementOrder {
    /// Latest first; of one date, the last stored first.
    #[default]
    NewestFirst,
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

/// Which documents; every field given narrows the set.
#[derive(InputObject, Debug, Clone, Default)]
pub struct DocumentFilter {
    /// ISO 639-1.
    pub language: Option<String>,
    /// Id or any name of the publishing organization.
    pub outlet: Option<String>,
    pub published_from: Option<Date>,
    pub published_to: Option<Date>,
}

impl From<DocumentFilter> for crate::services::documents::DocumentFilter {
    fn from(f: DocumentFilter) -> Self {
        Self {
            language: f.language,
            outlet: f.outlet,
            published_from: f.published_from.map(|d| d.0.date),
            published_to: f.published_to.map(|d| d.0.last_day()),
        }
    }
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
        }
    }
}
