//! The HTTP layer: routes, request ids and tracing, the playground, health checks.

mod routes;

pub use routes::{AppState, router};
