//! The subscription root: live updates for front ends, over WebSocket
//! (`graphql-transport-ws`, at `/graphql/ws`).
//!
//! Ingestion announces the statements it stored on a [`StatementHub`]; each
//! subscriber reads the announced statements that match its filter. The hub
//! lives in this process, so a subscriber hears what its own instance
//! ingested; behind a load balancer, PostgreSQL's LISTEN/NOTIFY is the way to
//! hear every instance (not built yet).

use async_graphql::{Context, Subscription};
use futures_util::{Stream, StreamExt, stream};
use tokio::sync::broadcast;

use super::connections::db;
use super::error::ApiError;
use super::inputs::StatementFilter;
use super::objects::Statement;
use crate::services::statements::{among, select};

/// Announces the ids of newly stored statements to subscribers.
#[derive(Debug, Clone)]
pub struct StatementHub(broadcast::Sender<Vec<i64>>);

impl Default for StatementHub {
    fn default() -> Self {
        // A slow subscriber that falls this far behind skips ahead rather
        // than holding memory for everyone.
        Self(broadcast::channel(256).0)
    }
}

impl StatementHub {
    /// Tells subscribers about stored statements.
    pub fn announce(&self, ids: Vec<i64>) {
        if !ids.is_empty() {
            // No subscriber is not an error.
            let _ = self.0.send(ids);
        }
    }
}

#[derive(Debug, Default)]
pub struct SubscriptionRoot;

#[Subscription(name = "Subscription")]
impl SubscriptionRoot {
    /// Statements as they are ingested, those that match `filter` (same
    /// meaning as in `statements`).
    async fn statement_added(
        &self,
        ctx: &Context<'_>,
        filter: Option<StatementFilter>,
    ) -> Result<impl Stream<Item = Statement> + use<>, ApiError> {
        let db = db(ctx)?.clone();
        let filter = filter.unwrap_or_default().into_domain()?;
        let selection = select(&db, &filter).await?;
        let receiver = ctx.data::<StatementHub>()?.0.subscribe();
        let updates = stream::unfold(receiver, |mut receiver| async move {
            loop {
                match receiver.recv().await {
                    Ok(ids) => return Some((ids, receiver)),
                    Err(broadcast::error::RecvError::Lagged(skipped)) => {
                        tracing::warn!(skipped, "a subscriber fell behind");
                    }
                    Err(broadcast::error::RecvError::Closed) => return None,
                }
            }
        });
        Ok(updates
            .then(move |ids| {
                let (db, selection) = (db.clone(), selection.clone());
                async move { among(&db, &selection, ids).await }
            })
            .flat_map(|rows| match rows {
                Ok(rows) => stream::iter(rows.into_iter().map(Statement::from)).boxed(),
                Err(err) => {
                    tracing::error!(error = ?err, "a subscription could not read new statements");
                    stream::empty().boxed()
                }
            }))
    }
}
