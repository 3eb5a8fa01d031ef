//! The HTTP layer: routes, request ids and tracing, the playground, health checks.

mod export;
mod negotiation;
mod playground;
mod routes;

pub use routes::{AppState, router};
