//! The subscription root: live updates for front ends, over WebSocket
//! (`graphql-transport-ws`, at `/graphql/ws`).
//!
//! Ingestion and curation announce the statements they stored or changed
//! on a [`StatementHub`]; each subscriber reads the announced statements
//! that match its filter, as they are once the change is committed. The hub
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
use crate::services::statements::{Selection, among, select};
use entity::kinds::ReviewStatus;
use sea_orm::DatabaseConnection;

/// Announces the ids of newly stored and of changed statements to
/// subscribers.
#[derive(Debug, Clone)]
pub struct StatementHub {
    added: broadcast::Sender<Vec<i64>>,
    changed: broadcast::Sender<Vec<i64>>,
}

impl Default for StatementHub {
    fn default() -> Self {
        // A slow subscriber that falls this far behind skips ahead rather
        // than holding memory for everyone.
        Self {
            added: broadcast::channel(256).0,
            changed: broadcast::channel(256).0,
        }
    }
}

impl StatementHub {
    /// Tells subscribers about stored statements.
    pub fn announce(&self, ids: Vec<i64>) {
        if !ids.is_empty() {
            // No subscriber is not an error.
            let _ = self.added.send(ids);
        }
    }

    /// Tells subscribers about changed statements (corrected, reviewed,
    /// their speaker merged).
    pub fn announce_changed(&self, ids: Vec<i64>) {
        if !ids.is_empty() {
            let _ = self.changed.send(ids);
        }
    }
}

/// The statements announced on `receiver` that `selection` selects, read
/// as they are stored when announced.
fn matching(
    db: DatabaseConnection,
    selection: Selection,
    receiver: broadcast::Receiver<Vec<i64>>,
) -> impl Stream<Item = Statement> {
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
    updates
        .then(move |ids| {
            let (db, selection) = (db.clone(), selection.clone());
            async move { among(&db, &selection, ids).await }
        })
        .flat_map(|rows| match rows {
            Ok(rows) => stream::iter(rows.into_iter().map(Statement::from)).boxed(),
            Err(err) => {
                tracing::error!(error = ?err, "a subscription could not read statements");
                stream::empty().boxed()
            }
        })
}

#[derive(Debug, Default)]
pub struct SubscriptionRoot;

/// What can be followed live, over the WebSocket at `/graphql/ws`
/// (`graphql-transport-ws`).
#[Subscription(name = "Subscription")]
impl SubscriptionRoot {
    /// Statements as they are stored (ingested, or marked by a person with
    /// `createStatement`), those that match `filter` (same meaning as in
    /// `statements`).
    async fn statement_added(
        &self,
        ctx: &Context<'_>,
        filter: Option<StatementFilter>,
    ) -> Result<impl Stream<Item = Statement> + use<>, ApiError> {
        let db = db(ctx)?.clone();
        let filter = filter.unwrap_or_default().into_domain()?;
        let selection = select(&db, &filter).await?;
        let receiver = ctx.data::<StatementHub>()?.added.subscribe();
        Ok(matching(db, selection, receiver))
    }

    /// Statements as they change (corrected, reviewed, their speaker
    /// merged), those that match `filter` once changed: a live review
    /// queue. The filter means what it does in `statements`, except that
    /// without `reviewStatus` a statement of any review status is sent,
    /// rejections included.
    async fn statement_changed(
        &self,
        ctx: &Context<'_>,
        filter: Option<StatementFilter>,
    ) -> Result<impl Stream<Item = Statement> + use<>, ApiError> {
        let db = db(ctx)?.clone();
        let mut filter = filter.unwrap_or_default().into_domain()?;
        filter.review_status.get_or_insert_with(|| {
            vec![
                ReviewStatus::Unreviewed,
                ReviewStatus::Confirmed,
                ReviewStatus::Rejected,
            ]
        });
        let selection = select(&db, &filter).await?;
        let receiver = ctx.data::<StatementHub>()?.changed.subscribe();
        Ok(matching(db, selection, receiver))
    }
}
