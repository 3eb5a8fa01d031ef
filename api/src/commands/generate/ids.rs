//! Ids assigned by the generator rather than by the database, so that a
//! whole batch of documents, statements and their links is built in memory,
//! cross-references included, without a round trip.

use anyhow::Context;
use entity::{affiliation, alias, document, mention, organization, speaker, statement};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityName, Statement};

/// The tables whose ids the generator assigns, in the order of the fields of
/// [`NextIds`]: their sequences are moved past the generated ids at the end
/// (PostgreSQL).
pub(super) fn tables() -> [&'static str; 7] {
    [
        organization::Entity.table_name(),
        speaker::Entity.table_name(),
        alias::Entity.table_name(),
        affiliation::Entity.table_name(),
        document::Entity.table_name(),
        statement::Entity.table_name(),
        mention::Entity.table_name(),
    ]
}

/// The next free id of each table the generator writes ids into.
#[derive(Debug, Clone, Copy)]
pub(super) struct NextIds {
    pub organization: i64,
    pub speaker: i64,
    pub alias: i64,
    pub affiliation: i64,
    pub document: i64,
    pub statement: i64,
    pub mention: i64,
}

impl NextIds {
    /// Ids from 1 in every table: for a database known to be empty.
    #[cfg(test)]
    pub(super) fn first() -> Self {
        Self {
            organization: 1,
            speaker: 1,
            alias: 1,
            affiliation: 1,
            document: 1,
            statement: 1,
            mention: 1,
        }
    }

    /// The ids after the largest of each table.
    pub(super) async fn load(db: &DatabaseConnection) -> anyhow::Result<Self> {
        let mut next = [0i64; 7];
        for (slot, table) in next.iter_mut().zip(tables()) {
            let row = db
                .query_one_raw(Statement::from_string(
                    db.get_database_backend(),
                    format!("SELECT COALESCE(MAX(id), 0) AS m FROM \"{table}\""),
                ))
                .await?
                .context("MAX(id) returned no row")?;
            *slot = row.try_get::<i64>("", "m")? + 1;
        }
        let [
            organization,
            speaker,
            alias,
            affiliation,
            document,
            statement,
            mention,
        ] = next;
        Ok(Self {
            organization,
            speaker,
            alias,
            affiliation,
            document,
            statement,
            mention,
        })
    }

    /// The id in `slot`, which moves on to the next.
    pub(super) fn take(slot: &mut i64) -> i64 {
        let id = *slot;
        *slot += 1;
        id
    }
}
