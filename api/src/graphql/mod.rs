//! The GraphQL layer: schema, object types, global ids and loaders. It
//! translates between GraphQL and the services; it holds no domain logic.

pub mod connections;
pub mod curation;
pub mod error;
pub mod fanout;
pub mod ids;
pub mod inputs;
pub mod limits;
pub mod loaders;
pub mod mutation;
pub mod objects;
pub mod parsed;
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

/// Builds the schema over the primary database's pool; writes need a key of
/// `keys`, and announce what they store on `hub`.
///
/// The pool given here is what mutations and subscriptions use; a request
/// may bring a pool of its own as request data (the HTTP layer gives
/// queries the read replica's), which resolvers then use instead.
pub fn build_schema(
    db: DatabaseConnection,
    keys: Keyring,
    limits: limits::Limits,
    hub: StatementHub,
) -> AppSchema {
    let mut builder = Schema::build(QueryRoot, MutationRoot::default(), SubscriptionRoot)
        .data(db)
        .data(keys)
        .data(hub)
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
