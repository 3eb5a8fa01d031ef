//! SeaORM entities of the claims database: one module per table, plus
//! [`kinds`], the closed vocabularies stored as strings.
//!
//! Entities mirror the migrations in `claimgraph-migration`; they know nothing
//! of GraphQL or HTTP. The API converts them into its own types explicitly.

pub mod affiliation;
pub mod alias;
pub mod document;
pub mod kinds;
pub mod mention;
pub mod organization;
pub mod proposition;
pub mod proposition_phrase;
pub mod revision;
pub mod speaker;
pub mod speaker_merge;
pub mod stance;
pub mod statement;
pub mod statement_facet_tally;
pub mod statement_organization;
pub mod statement_tally;
pub mod statement_term;
pub mod statement_topic;
pub mod timestamps;
pub mod topic;
pub mod topic_keyword;
pub mod utterance;

pub mod prelude {
    //! The entities under their table names, for `use entity::prelude::*`.
    pub use super::affiliation::Entity as Affiliation;
    pub use super::alias::Entity as Alias;
    pub use super::document::Entity as Document;
    pub use super::mention::Entity as Mention;
    pub use super::organization::Entity as Organization;
    pub use super::proposition::Entity as Proposition;
    pub use super::proposition_phrase::Entity as PropositionPhrase;
    pub use super::revision::Entity as Revision;
    pub use super::speaker::Entity as Speaker;
    pub use super::speaker_merge::Entity as SpeakerMerge;
    pub use super::stance::Entity as Stance;
    pub use super::statement::Entity as Statement;
    pub use super::statement_facet_tally::Entity as StatementFacetTally;
    pub use super::statement_organization::Entity as StatementOrganization;
    pub use super::statement_tally::Entity as StatementTally;
    pub use super::statement_term::Entity as StatementTerm;
    pub use super::statement_topic::Entity as StatementTopic;
    pub use super::topic::Entity as Topic;
    pub use super::topic_keyword::Entity as TopicKeyword;
    pub use super::utterance::Entity as Utterance;
}
