//! The GraphQL layer: schema, object types, global ids and loaders. It
//! translates between GraphQL and the services; it holds no domain logic.

pub mod connections;
pub mod inputs;
pub mod loaders;
pub mod objects;
pub mod query;

use async_graphql::{EmptyMutation, EmptySubscription, Schema};
use sea_orm::DatabaseConnection;

pub use query::QueryRoot;

/// The claimgraph schema.
pub type AppSchema = Schema<QueryRoot, EmptyMutation, EmptySubscription>;

/// Builds the schema over a database pool.
pub fn build_schema(db: DatabaseConnection) -> AppSchema {
    Schema::build(QueryRoot, EmptyMutation, EmptySubscription)
        .data(db)
        .finish()
}

/// The schema in SDL, as served at `/schema.graphql` and checked in as `schema.graphql`.
pub fn sdl() -> String {
    Schema::build(QueryRoot, EmptyMutation, EmptySubscription)
        .finish()
        .sdl()
}
