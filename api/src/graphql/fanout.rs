//! Announcing statements to every instance, through PostgreSQL's
//! LISTEN/NOTIFY: how a subscriber connected to one instance hears the
//! statements ingested or changed through another.
//!
//! The instance that wrote tells its own subscribers at once, as a single
//! instance does, and publishes a notice on the [`CHANNEL`] channel: which
//! statements, added or changed, and which instance wrote them. Every
//! instance keeps one connection listening on that channel and hands the
//! notices of the *other* instances to its own subscribers; its own it
//! skips, so nobody hears of a statement twice. A notice carries ids only:
//! subscribers read the statements from the primary, as for their own
//! instance's writes.
//!
//! The notice is published right after the write commits, from the place
//! that tells the local subscribers, rather than inside the write's
//! transaction. The services own their transactions and know nothing of
//! subscribers; carrying a notifier into each write path (ingestion,
//! `createStatement`, the reviews, corrections, links and merges) would
//! tie them to the GraphQL layer for no gain a subscriber can see: both
//! ways, a notice never tells of a write that did not commit. The one
//! difference is a process that dies between its commit and its notice:
//! then the other instances miss that write, as that instance's own
//! subscribers (gone with it) do.
//!
//! Notices are not stored: a listener that lost its connection misses what
//! is announced until it is back (it reconnects by itself, with growing
//! pauses), as a subscriber that falls behind skips ahead. SQLite has no
//! such channel and one process per database file: there the hub stays in
//! the process.

use std::time::Duration;

use sea_orm::sqlx::postgres::PgListener;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use serde::{Deserialize, Serialize};

use super::subscription::StatementHub;

/// The PostgreSQL channel the instances announce statements on.
pub const CHANNEL: &str = "claimgraph_statements";

/// Ids per notice: at most 20 characters each, so a notice stays well under
/// PostgreSQL's limit of 8000 bytes per payload.
const IDS_PER_NOTICE: usize = 300;

/// What a notice tells of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum Kind {
    /// `statementAdded`.
    Added,
    /// `statementChanged`.
    Changed,
}

/// One notice, as sent on [`CHANNEL`] in JSON.
#[derive(Debug, Serialize, Deserialize)]
struct Notice {
    /// The instance that wrote.
    from: String,
    kind: Kind,
    ids: Vec<i64>,
}

/// The publishing side: the primary to notify on, and this instance's name.
#[derive(Debug, Clone)]
pub(super) struct FanOut {
    db: DatabaseConnection,
    instance: String,
}

impl FanOut {
    pub(super) fn new(db: DatabaseConnection) -> Self {
        // Random, so that instances started alike (the same image, the same
        // host name in a container) still tell their notices apart.
        let instance = match getrandom::u64() {
            Ok(n) => format!("{n:016x}"),
            Err(_) => format!("pid-{}", std::process::id()),
        };
        Self { db, instance }
    }

    pub(super) fn instance(&self) -> &str {
        &self.instance
    }

    /// Publishes `ids` to the other instances. The write has committed
    /// already: a notice that cannot be sent is logged, not returned, since
    /// the writer's own subscribers have heard and the write stands.
    pub(super) async fn publish(&self, kind: Kind, ids: &[i64]) {
        for chunk in ids.chunks(IDS_PER_NOTICE) {
            let notice = Notice {
                from: self.instance.clone(),
                kind,
                ids: chunk.to_vec(),
            };
            let payload = match serde_json::to_string(&notice) {
                Ok(payload) => payload,
                Err(err) => {
                    tracing::error!(%err, "cannot write a statement notice");
                    return;
                }
            };
            let notify = Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_notify($1, $2)",
                [CHANNEL.into(), payload.into()],
            );
            if let Err(err) = self.db.execute_raw(notify).await {
                tracing::warn!(
                    %err,
                    ?kind,
                    statements = chunk.len(),
                    "other instances were not told of stored statements"
                );
                return;
            }
        }
    }
}

/// A notice received, if it is another instance's and readable.
fn foreign_notice(instance: &str, payload: &str) -> Option<Notice> {
    match serde_json::from_str::<Notice>(payload) {
        Ok(notice) if notice.from == instance => None,
        Ok(notice) => Some(notice),
        Err(err) => {
            tracing::warn!(%err, payload, "an unreadable statement notice was skipped");
            None
        }
    }
}

/// A connection listening on [`CHANNEL`] at `url`, given up after a few
/// seconds so that an unreachable database is retried on a schedule.
async fn connect(url: &str) -> anyhow::Result<PgListener> {
    let listen = async {
        let mut listener = PgListener::connect(url).await?;
        listener.listen(CHANNEL).await?;
        Ok::<_, sea_orm::sqlx::Error>(listener)
    };
    match tokio::time::timeout(Duration::from_secs(5), listen).await {
        Ok(Ok(listener)) => Ok(listener),
        Ok(Err(err)) => Err(err.into()),
        Err(_) => anyhow::bail!("no answer within 5 s"),
    }
}

/// Starts this instance's listener on the primary at `url`, which hands the
/// other instances' notices to `hub`'s subscribers.
///
/// The first connection is tried before this returns, so that a server that
/// reached its database answers requests only once it hears the other
/// instances; if it fails (or `wait` is false, when the database is known to
/// be away), the listener keeps trying in the background.
pub(super) async fn start_listening(url: String, hub: StatementHub, wait: bool) {
    let first = if wait {
        match connect(&url).await {
            Ok(listener) => Some(listener),
            Err(err) => {
                tracing::warn!(
                    "cannot listen for other instances' statements yet: {err:#}; retrying"
                );
                None
            }
        }
    } else {
        None
    };
    tokio::spawn(listen(url, hub, first));
}

/// Hands notices to `hub`'s subscribers for as long as the process runs,
/// reconnecting after pauses growing from half a second to half a minute
/// whenever the connection is lost.
async fn listen(url: String, hub: StatementHub, mut listener: Option<PgListener>) {
    let Some(instance) = hub.instance().map(str::to_owned) else {
        return;
    };
    let mut pause = Duration::from_millis(500);
    loop {
        let mut current = match listener.take() {
            Some(current) => current,
            None => match connect(&url).await {
                Ok(current) => {
                    tracing::info!("listening for other instances' statements again");
                    current
                }
                Err(err) => {
                    tracing::warn!(
                        "cannot listen for other instances' statements: {err:#}; next try in {pause:?}"
                    );
                    tokio::time::sleep(pause).await;
                    pause = (pause * 2).min(Duration::from_secs(30));
                    continue;
                }
            },
        };
        pause = Duration::from_millis(500);
        loop {
            match current.recv().await {
                Ok(notification) => {
                    if let Some(notice) = foreign_notice(&instance, notification.payload()) {
                        hub.deliver(notice.kind, notice.ids);
                    }
                }
                Err(err) => {
                    // A fresh connection rather than the driver's own
                    // reconnect: it recovers from every kind of loss
                    // (a server restart, a terminated backend) the same way.
                    tracing::warn!(
                        %err,
                        "lost the connection that hears other instances' statements; reconnecting"
                    );
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_largest_notice_fits_in_a_postgresql_payload() {
        let notice = Notice {
            from: format!("{:016x}", u64::MAX),
            kind: Kind::Changed,
            ids: vec![i64::MIN; IDS_PER_NOTICE],
        };
        let payload = serde_json::to_string(&notice).expect("JSON");
        assert!(payload.len() < 8000, "{} bytes", payload.len());
    }

    #[test]
    fn an_instance_skips_its_own_notices_and_reads_the_others() {
        let payload = r#"{"from":"a","kind":"added","ids":[1,2]}"#;
        assert!(foreign_notice("a", payload).is_none());
        let notice = foreign_notice("b", payload).expect("another instance's notice");
        assert_eq!(notice.kind, Kind::Added);
        assert_eq!(notice.ids, vec![1, 2]);
        assert!(foreign_notice("b", "not json").is_none());
    }
}
