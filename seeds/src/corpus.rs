//! The curated corpus: its types, its reading from `seeds/data/` and its validation.
//!
//! The registry (`data/registry.toml`) names every organization, speaker and
//! topic by a stable `key`; each article's annotation file
//! (`data/articles/<slug>.toml`) refers to them by key. [`load`] parses both,
//! cleans each raw article into its body, finds every statement's text in that
//! body (exactly once) and returns a [`Corpus`] in which every reference is
//! known to resolve. Errors name the file and the line.
//!
//! Where things live:
//! - this file: the public types the API crate maps onto its tables, and the
//!   entry points [`load`] (the compiled-in corpus) and [`load_from`] (any
//!   registry and articles given as strings, for tests and future tooling);
//! - `data.rs`: the table of compiled-in files;
//! - `raw.rs`: the TOML files as written (serde, unknown fields rejected);
//! - `build.rs`: validation and construction of the public types.

use crate::date::PartialDate;

/// A validated corpus, ready to be written into the database.
#[derive(Debug, Clone)]
pub struct Corpus {
    pub registry: Registry,
    pub documents: Vec<Document>,
}

/// Organizations, speakers, topics and propositions, referred to by key.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    /// Parents come before their children.
    pub organizations: Vec<Organization>,
    pub speakers: Vec<Speaker>,
    pub topics: Vec<Topic>,
    pub propositions: Vec<Proposition>,
}

pub use entity::kinds::{OrganizationKind, Polarity, SpeakerKind};

/// Another name of a speaker or an organization.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    /// As written ("МИД РК", "Kazakh MFA", "Тлеуберди", "Тлеуберди" in a case form).
    pub name: String,
    /// ISO 639-1 of the name, where it belongs to one language ("ru", "en", "kk").
    pub lang: Option<String>,
    /// `text::fold(name)`.
    pub folded: String,
}

#[derive(Debug, Clone)]
pub struct Organization {
    pub key: String,
    pub name: String,
    pub kind: OrganizationKind,
    /// ISO 3166-1 alpha-2, upper case.
    pub country: Option<String>,
    /// Key of the parent organization.
    pub parent: Option<String>,
    pub description: Option<String>,
    /// Includes the name itself.
    pub aliases: Vec<Alias>,
}

#[derive(Debug, Clone)]
pub struct Speaker {
    pub key: String,
    pub name: String,
    pub kind: SpeakerKind,
    pub description: Option<String>,
    /// Includes the name itself.
    pub aliases: Vec<Alias>,
    pub affiliations: Vec<Affiliation>,
}

#[derive(Debug, Clone)]
pub struct Affiliation {
    /// Key of the organization.
    pub organization: String,
    pub role: String,
    pub valid_from: Option<PartialDate>,
    pub valid_to: Option<PartialDate>,
}

#[derive(Debug, Clone)]
pub struct Topic {
    pub key: String,
    pub label_en: String,
    pub label_ru: String,
    pub description: Option<String>,
    /// Words and stems in English and Russian that signal the topic.
    pub keywords: Vec<Keyword>,
}

/// A claim statements take sides on ("an international investigation of
/// the January events is needed"), on one topic.
#[derive(Debug, Clone)]
pub struct Proposition {
    pub key: String,
    pub text_en: String,
    pub text_ru: String,
    /// Key of the topic whose statements can take a side on it.
    pub topic: String,
    /// Key phrases and stems, in English and Russian, that stance detection
    /// looks for (`Keyword::word` holds the phrase).
    pub phrases: Vec<Keyword>,
}

/// A curator's judgment of where a statement stands on a proposition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CuratedStance {
    /// Key of the proposition.
    pub proposition: String,
    pub position: Polarity,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyword {
    /// "en" or "ru".
    pub lang: String,
    pub word: String,
}

#[derive(Debug, Clone)]
pub struct Document {
    /// The raw file's stem, such as `000_53397f788cb4b0bb`.
    pub slug: String,
    pub title: String,
    /// True when the article has no title of its own and the curator wrote one.
    pub title_is_editorial: bool,
    pub url: Option<String>,
    /// Key of the publishing organization.
    pub outlet: Option<String>,
    /// ISO 639-1.
    pub language: String,
    pub published: Option<PartialDate>,
    /// The raw text exactly as received.
    pub original: String,
    /// `text::clean(original)`.
    pub body: String,
    pub statements: Vec<Statement>,
}

/// How a statement is reported: the one vocabulary of the database and the API.
pub use entity::kinds::StatementKind;

/// Whom or what a statement is about.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum EntityRef {
    Speaker(String),
    Organization(String),
}

#[derive(Debug, Clone)]
pub struct Statement {
    /// Exactly `body[span_start..span_end]`, counted in Unicode code points.
    pub text: String,
    pub span_start: usize,
    pub span_end: usize,
    pub kind: StatementKind,
    /// Key of the speaker; `None` when only an organization speaks.
    pub speaker: Option<String>,
    /// Key of the organization on whose behalf the statement is made.
    pub organization: Option<String>,
    /// Topic keys.
    pub topics: Vec<String>,
    pub about: Vec<EntityRef>,
    pub said: Option<PartialDate>,
    /// ISO 639-1; the document's language unless the curator says otherwise.
    pub language: String,
    /// Where it stands on the propositions of its topics, as curated.
    pub stances: Vec<CuratedStance>,
    /// The annotator's name for the act of saying it reports: statements of
    /// any article (seed or development) with the same key report the same
    /// utterance. Used by the linking evaluation, not stored.
    pub utterance: Option<String>,
}

/// Why the corpus did not load: always names the file and, where there is one, the line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
pub struct SeedError {
    pub file: String,
    pub line: Option<usize>,
    pub message: String,
}

mod build;
mod data;
mod raw;
#[cfg(test)]
mod tests;

/// Where the registry lives, as named in errors.
pub const REGISTRY_PATH: &str = "seeds/data/registry.toml";

/// Where an article's annotation lives, as named in errors.
pub fn article_path(slug: &str) -> String {
    format!("seeds/data/articles/{slug}.toml")
}

/// One article's inputs: its raw text and its annotation file, as strings.
#[derive(Debug, Clone, Copy)]
pub struct ArticleSource<'a> {
    /// The raw file's stem, such as `000_53397f788cb4b0bb`.
    pub slug: &'a str,
    /// The raw article exactly as received.
    pub raw: &'a str,
    /// The text of `data/articles/<slug>.toml`.
    pub annotation: &'a str,
}

/// Reads and validates the corpus compiled into this crate.
pub fn load() -> Result<Corpus, SeedError> {
    load_from(data::REGISTRY, data::ARTICLES)
}

/// Reads and validates a registry and articles given as strings.
pub fn load_from(registry_toml: &str, articles: &[ArticleSource<'_>]) -> Result<Corpus, SeedError> {
    build::build(registry_toml, articles)
}

impl Registry {
    pub fn organization(&self, key: &str) -> Option<&Organization> {
        self.organizations.iter().find(|o| o.key == key)
    }

    pub fn speaker(&self, key: &str) -> Option<&Speaker> {
        self.speakers.iter().find(|s| s.key == key)
    }

    pub fn topic(&self, key: &str) -> Option<&Topic> {
        self.topics.iter().find(|t| t.key == key)
    }

    pub fn proposition(&self, key: &str) -> Option<&Proposition> {
        self.propositions.iter().find(|p| p.key == key)
    }

    /// The speaker or organization that `name` (in any spelling the registry
    /// knows, in either script) refers to.
    pub fn resolve(&self, name: &str) -> Option<EntityRef> {
        let folded = text::fold(name);
        let matches = |aliases: &[Alias]| aliases.iter().any(|a| a.folded == folded);
        self.organizations
            .iter()
            .find(|o| matches(&o.aliases))
            .map(|o| EntityRef::Organization(o.key.clone()))
            .or_else(|| {
                self.speakers
                    .iter()
                    .find(|s| matches(&s.aliases))
                    .map(|s| EntityRef::Speaker(s.key.clone()))
            })
    }
}
