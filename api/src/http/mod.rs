//! The HTTP layer: routes, request ids and tracing, the playground, the
//! explorer, health checks.

mod explore;
mod export;
mod negotiation;
mod playground;
mod routes;

pub use routes::{AppState, router};

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Whether the database has been reached, migrated and seeded: until then
/// the server answers 503 on `/readyz` and `DATABASE_UNAVAILABLE` to GraphQL.
#[derive(Debug, Clone, Default)]
pub struct Readiness(Arc<AtomicBool>);

impl Readiness {
    /// Whether requests may go to the database.
    pub fn is_ready(&self) -> bool {
        self.0.load(Ordering::Acquire)
    }

    /// Marks the database as reached, migrated and seeded.
    pub fn set(&self) {
        self.0.store(true, Ordering::Release);
    }
}
