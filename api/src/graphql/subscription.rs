//! The subscription root: live updates for front ends, over WebSocket
//! (`graphql-transport-ws`, at `/graphql/ws`).
//!
//! Ingestion and curation announce the statements they stored or changed
//! on a [`StatementHub`]; each subscriber reads the announced statements
//! that match its filter, as they are once the change is committed, from
//! the primary database (a read replica may not have them yet).
//!
//! On SQLite the hub lives in the process: a subscriber hears what its own
//! instance stored, which is all there is, since one process serves a
//! SQLite file. On PostgreSQL the hub also tells the other instances on the
//! same database, through LISTEN/NOTIFY, and hears theirs (see
//! [`super::fanout`]): behind a load balancer, a subscriber hears every
//! instance's writes, each once.

use async_graphql::{Context, Subscription};
use futures_util::{Stream, StreamExt, stream};
use sea_orm::{DatabaseConnection, DbBackend};
use tokio::sync::broadcast;

use super::connections::db;
use super::error::ApiError;
use super::fanout::{self, FanOut, Kind};
use super::inputs::StatementFilter;
use super::objects::Statement;
use crate::services::statements::{Selection, among, select};
use entity::kinds::ReviewStatus;

/// Announces the ids of newly stored and of changed statements to
/// subscribers: this instance's, and on PostgreSQL every other instance's.
#[derive(Debug, Clone)]
pub struct StatementHub {
    added: broadcast::Sender<Vec<i64>>,
    changed: broadcast::Sender<Vec<i64>>,
    /// Set on PostgreSQL: where the other instances are told.
    fan_out: Option<FanOut>,
}

impl Default for StatementHub {
    fn default() -> Self {
        // A slow subscriber that falls this far behind skips ahead rather
        // than holding memory for everyone.
        Self {
            added: broadcast::channel(256).0,
            changed: broadcast::channel(256).0,
            fan_out: None,
        }
    }
}

impl StatementHub {
    /// A hub for the database `db` (the primary): on PostgreSQL it tells
    /// and hears the other instances once [`StatementHub::start_listening`]
    /// runs; on SQLite it is the in-process hub of [`StatementHub::default`].
    pub fn for_database(db: &DatabaseConnection) -> Self {
        let mut hub = Self::default();
        if db.get_database_backend() == DbBackend::Postgres {
            hub.fan_out = Some(FanOut::new(db.clone()));
        }
        hub
    }

    /// Starts hearing the other instances' statements on PostgreSQL, over a
    /// connection of its own to `database_url` (the primary); does nothing
    /// on SQLite. With `wait`, the first connection is made before this
    /// returns, so that what is announced from then on is heard; without
    /// (the database is known to be away), and when it fails, the listener
    /// keeps trying in the background.
    pub async fn start_listening(&self, database_url: &str, wait: bool) {
        if self.fan_out.is_some() {
            fanout::start_listening(database_url.to_owned(), self.clone(), wait).await;
        }
    }

    /// This instance's name in the notices it publishes, on PostgreSQL.
    pub(super) fn instance(&self) -> Option<&str> {
        self.fan_out.as_ref().map(FanOut::instance)
    }

    /// Tells subscribers about stored statements, once the write has
    /// committed.
    pub async fn announce(&self, ids: Vec<i64>) {
        self.announce_as(Kind::Added, ids).await;
    }

    /// Tells subscribers about changed statements (corrected, reviewed,
    /// their speaker merged), once the change has committed.
    pub async fn announce_changed(&self, ids: Vec<i64>) {
        self.announce_as(Kind::Changed, ids).await;
    }

    async fn announce_as(&self, kind: Kind, ids: Vec<i64>) {
        if ids.is_empty() {
            return;
        }
        // This instance's subscribers hear at once; the others through
        // their listeners, which skip this instance's own notices.
        self.deliver(kind, ids.clone());
        if let Some(fan_out) = &self.fan_out {
            fan_out.publish(kind, &ids).await;
        }
    }

    /// Hands `ids` to this instance's subscribers.
    pub(super) fn deliver(&self, kind: Kind, ids: Vec<i64>) {
        let channel = match kind {
            Kind::Added => &self.added,
            Kind::Changed => &self.changed,
        };
        // No subscriber is not an error.
        let _ = channel.send(ids);
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
