//! The GraphQL layer: schema, object types, global ids and loaders. It
//! translates between GraphQL and the services; it holds no domain logic.

pub mod connections;
pub mod curation;
pub mod error;
pub mod ids;
pub mod inputs;
pub mod limits;
pub mod loaders;
pub mod mutation;
pub mod objects;
pub mod query;
pub mod scalars;
pub mod subscription;

use async_graphql::{SDLExportOptions, Schema};
use sea_orm::DatabaseConnection;

pub use mutation::MutationRoot;
pub use query::QueryRoot;
pub use subscription::{StatementHub, SubscriptionRoot};

use crate::auth::Keyring;

/// The claimgraph schema.
pub type AppSchema = Schema<QueryRoot, MutationRoot, SubscriptionRoot>;

/// Builds the schema over a database pool; writes need a key of `keys`.
pub fn build_schema(db: DatabaseConnection, keys: Keyring, limits: limits::Limits) -> AppSchema {
    let mut builder = Schema::build(QueryRoot, MutationRoot::default(), SubscriptionRoot)
        .data(db)
        .data(keys)
        .data(StatementHub::default())
        .limit_depth(limits.depth)
        .limit_complexity(limits.complexity)
        .extension(limits::AliasLimit(limits.aliases));
    if !limits.introspection {
        builder = builder.disable_introspection().disable_suggestions();
    }
    builder.finish()
}

/// The schema in SDL, as served at `/schema.graphql` and checked in as `schema.graphql`.
pub fn sdl() -> String {
    sdl_of(&Schema::build(QueryRoot, MutationRoot::default(), SubscriptionRoot).finish())
}

/// `schema` in SDL, each custom scalar with its `@specifiedBy` URL (which
/// async-graphql leaves out unless asked).
pub fn sdl_of(schema: &AppSchema) -> String {
    schema.sdl_with_options(SDLExportOptions::new().include_specified_by())
}
