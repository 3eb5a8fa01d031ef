//! Closed vocabularies, stored as lowercase strings so that the database stays
//! readable and portable between SQLite and PostgreSQL.

use sea_orm::entity::prelude::*;

/// How much of a stored date is known; the date column holds the period's first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum DatePrecision {
    #[sea_orm(string_value = "day")]
    Day,
    #[sea_orm(string_value = "month")]
    Month,
    #[sea_orm(string_value = "year")]
    Year,
}

/// A person, or a collective voice such as "Kyrgyz human-rights defenders".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum SpeakerKind {
    #[sea_orm(string_value = "person")]
    Person,
    /// A collective voice: "Kyrgyz human-rights defenders", "the authorities".
    #[sea_orm(string_value = "group")]
    Group,
}

/// What sort of body an organization is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum OrganizationKind {
    /// A state, a government, a ministry, an agency, an office such as the ombudsman.
    #[sea_orm(string_value = "government")]
    Government,
    #[sea_orm(string_value = "parliament")]
    Parliament,
    /// Courts and prosecutors.
    #[sea_orm(string_value = "judiciary")]
    Judiciary,
    /// Police, border service, armed forces.
    #[sea_orm(string_value = "security")]
    Security,
    #[sea_orm(string_value = "ngo")]
    Ngo,
    #[sea_orm(string_value = "intergovernmental")]
    Intergovernmental,
    #[sea_orm(string_value = "military_alliance")]
    MilitaryAlliance,
    #[sea_orm(string_value = "media")]
    Media,
    #[sea_orm(string_value = "other")]
    Other,
}

/// How a statement is reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum StatementKind {
    /// The speaker's own words, in quotation marks.
    #[sea_orm(string_value = "direct_quote")]
    DirectQuote,
    /// Indirect speech: what the speaker said, in the outlet's words.
    #[sea_orm(string_value = "paraphrase")]
    Paraphrase,
    /// A claim or figure attributed to a source ("according to the authorities").
    #[sea_orm(string_value = "reported_claim")]
    ReportedClaim,
}

/// A statement's position toward a proposition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum Polarity {
    #[sea_orm(string_value = "for")]
    For,
    #[sea_orm(string_value = "against")]
    Against,
    #[sea_orm(string_value = "neutral")]
    Neutral,
}

/// Where a statement stands in review: the machine proposes, a person
/// confirms or rejects.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
pub enum ReviewStatus {
    /// Extracted (or generated) and not looked at yet.
    #[sea_orm(string_value = "unreviewed")]
    Unreviewed,
    /// Curated, written by a person, or confirmed by one.
    #[sea_orm(string_value = "confirmed")]
    Confirmed,
    /// Found wrong by a person: left out of results, counts and exports
    /// unless asked for.
    #[sea_orm(string_value = "rejected")]
    Rejected,
}
