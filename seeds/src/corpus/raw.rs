//! The TOML files as written, before validation.
//!
//! These mirror the data files field for field and reject unknown fields, so
//! that a misspelt field is an error rather than silently missing data. Values
//! that a later check may complain about are [`Spanned`], to name their line.

use serde::Deserialize;
use toml::Spanned;

/// `data/registry.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRegistry {
    #[serde(default)]
    pub organization: Vec<RawOrganization>,
    #[serde(default)]
    pub speaker: Vec<RawSpeaker>,
    #[serde(default)]
    pub topic: Vec<RawTopic>,
    #[serde(default)]
    pub proposition: Vec<RawProposition>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOrganization {
    pub key: Spanned<String>,
    pub name: Spanned<String>,
    pub kind: Spanned<String>,
    pub country: Option<Spanned<String>>,
    pub parent: Option<Spanned<String>>,
    pub description: Option<String>,
    #[serde(default)]
    pub aliases: Vec<Spanned<RawAlias>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAlias {
    pub name: String,
    pub lang: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSpeaker {
    pub key: Spanned<String>,
    pub name: Spanned<String>,
    pub kind: Spanned<String>,
    pub description: Option<String>,
    #[serde(default)]
    pub aliases: Vec<Spanned<RawAlias>>,
    #[serde(default)]
    pub affiliations: Vec<Spanned<RawAffiliation>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAffiliation {
    pub organization: String,
    pub role: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawTopic {
    pub key: Spanned<String>,
    pub label_en: String,
    pub label_ru: String,
    pub description: Option<String>,
    pub keywords_en: Spanned<Vec<String>>,
    pub keywords_ru: Spanned<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawProposition {
    pub key: Spanned<String>,
    pub topic: Spanned<String>,
    pub text_en: Spanned<String>,
    pub text_ru: Spanned<String>,
    pub phrases_en: Spanned<Vec<String>>,
    pub phrases_ru: Spanned<Vec<String>>,
}

/// `data/articles/<slug>.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawArticle {
    pub title: Spanned<String>,
    #[serde(default)]
    pub title_editorial: bool,
    pub url: Option<Spanned<String>>,
    pub outlet: Option<Spanned<String>>,
    pub language: Spanned<String>,
    pub published: Option<Spanned<String>>,
    #[serde(default)]
    pub statement: Vec<RawStatement>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStatement {
    pub text: Spanned<String>,
    pub kind: Spanned<String>,
    pub speaker: Option<Spanned<String>>,
    pub organization: Option<Spanned<String>>,
    #[serde(default)]
    pub topics: Vec<Spanned<String>>,
    #[serde(default)]
    pub about: Vec<Spanned<String>>,
    pub said: Option<Spanned<String>>,
    pub language: Option<Spanned<String>>,
    #[serde(default)]
    pub stances: Vec<Spanned<RawStance>>,
    pub utterance: Option<Spanned<String>>,
}

/// One entry of a statement's `stances`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStance {
    pub proposition: String,
    pub position: String,
}
