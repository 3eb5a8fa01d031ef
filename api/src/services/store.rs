//! The one write path for statements: whatever adds, changes or removes a
//! statement comes here, and this module keeps every table derived from
//! statements true in the same transaction.
//!
//! What hangs off a statement, and where it comes from:
//! - `statement_topic` and `mention`: given by the writer
//!   ([`NewStatement::topic_ids`], [`NewStatement::about`]);
//! - `statement_term`: the search terms of its text
//!   ([`super::search_index::terms`]);
//! - `statement_organization`: the organizations it counts for, namely the
//!   one it was made on behalf of and each one its speaker was affiliated
//!   with on its `dated_on` (an affiliation whose end is known only to the
//!   month or year lasts to the end of it);
//! - `statement_tally`: for each (organization or any ancestor of one it
//!   counts for, topic, month) cell, how many statements fall in it, with
//!   "every organization", "any topic" and "no month" rows beside (see the
//!   entity);
//! - `statement_facet_tally`: the same cells without the month, each split
//!   by speaker, language, kind and review status (the explorer's facets);
//! - `stance` rows of source `detected`: where it stands on the
//!   propositions of its topics, as [`super::stances`] detects them (a
//!   person's stances are left alone);
//! - its utterance (`utterance_id`): one of its own, then linked to other
//!   reports of the same act of saying by [`super::utterances`] (a
//!   curator's links are left alone), with the utterances' report counts.
//!
//! Seeding, ingestion, curation and (to come) linking call [`add`],
//! [`replace`], [`update`], [`review`] and [`remove`] with their own
//! transaction as the connection: the derived rows change with the
//! statements or, when the transaction rolls back, not at all. Nothing else writes these tables,
//! except the bulk generator, which loads statements, topics, terms and
//! mentions itself at speed and then calls [`bulk`] for the rest.
//!
//! Every write sets the statements' `updated_at` (and [`add`] their
//! `created_at`, as the writer gives it) to one time taken once the
//! writers' lock ([`serialize`]) is held, so statements are stamped in the
//! order they are committed and a client syncing by `updatedSince` misses
//! none.
//!
//! A statement's `version` is 1 when added and grows by one with every
//! [`replace`] and [`review`], whoever the writer; its `review_status`
//! starts `confirmed` for curated and edited statements and `unreviewed`
//! for the rest, and only [`review`] changes it. Curation records each
//! change it makes in [`history`], in the same transaction.
//!
//! Two changes alter what statements derive without touching a statement:
//! a speaker's affiliations (call [`refresh_speakers`] in the same
//! transaction) and the organization tree or the removal of an organization
//! or topic (call [`rebuild`]).
//!
//! # Keeping the tally exact
//!
//! The tally (and the facet tally, by the same rule) is additive: adding
//! statements adds their contribution to the cells they fall in. A change
//! or a removal first subtracts the stored statement's contribution with
//! the very same SQL and the opposite sign, computed from the rows that
//! produced it (its stored
//! `statement_organization` rows, topics and date), then deletes the cells
//! this left at zero (a from-scratch count has no zero rows, and the read
//! side would list them as empty months). The cost is that of the changed
//! statements, whatever the size of the corpus; recounting the affected
//! cells instead would read every statement of each cell, which for the
//! "every organization" row of a month is a month of the corpus.
//!
//! Rejected statements are left out of the tally (they leave the default
//! counts), so [`review`] takes a statement out of the tally as it was
//! stored, changes its status, and adds it back as it now is: counted, or
//! not.
//!
//! The subtraction is exact as long as the organization tree is the one
//! the statement was counted with: ancestors are not stored, so a changed
//! tree needs [`rebuild`]. A cell missing when it is subtracted from is not
//! hidden: it turns negative, and the store test's from-scratch comparison
//! fails.

pub mod bulk;
pub(crate) mod derived;
pub mod history;

use std::collections::{BTreeSet, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use entity::kinds::{DatePrecision, ReviewStatus, StatementKind};
use entity::{mention, stance, statement, statement_organization, statement_term, statement_topic};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveEnum, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, NotSet, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

use self::derived::Scope;
use super::mentions::Names;
use super::search_index;

/// The source of curated statements, those of the seed corpus.
pub const CURATED: &str = "curated";
/// The source of statements a person marked in a document through the API.
pub const EDITED: &str = "editor";

/// The review status a statement is stored with: a person's statements
/// (curated or edited) are confirmed, a machine's are not reviewed yet.
pub fn initial_review_status(source: &str) -> ReviewStatus {
    if source == CURATED || source == EDITED {
        ReviewStatus::Confirmed
    } else {
        ReviewStatus::Unreviewed
    }
}

/// A statement as a writer gives it: plain domain data, the stored columns
/// and the rows that hang off it. [`get`] reads a stored one back in this
/// shape, so a change is "read, edit, [`replace`]".
#[derive(Debug, Clone, PartialEq)]
pub struct NewStatement {
    pub document_id: i64,
    pub speaker_id: Option<i64>,
    /// On whose behalf the statement was made.
    pub organization_id: Option<i64>,
    pub kind: StatementKind,
    /// The document body's code points `span_start..span_end`; the writer
    /// keeps the two in step.
    pub text: String,
    pub span_start: i32,
    pub span_end: i32,
    /// ISO 639-1.
    pub language: String,
    pub said_on: Option<NaiveDate>,
    pub said_precision: Option<DatePrecision>,
    /// The date it is filed (and counted) under: `said_on`, else the
    /// document's publication date, else the day it was stored.
    pub dated_on: NaiveDate,
    /// None when `dated_on` is only the day it was stored.
    pub dated_precision: Option<DatePrecision>,
    /// `curated`, or `extractor-name@version`.
    pub source: String,
    /// Between 0 and 1.
    pub confidence: f64,
    pub created_at: DateTime<Utc>,
    /// Its topics; a topic given twice is stored once.
    pub topic_ids: Vec<i64>,
    /// What it is about, in order.
    pub about: Vec<Subject>,
}

/// What a statement is about: one `mention` row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Subject {
    Speaker(i64),
    Organization(i64),
}

/// Rows per multi-row `INSERT`: well under SQLite's 32,766 bound parameters
/// for the widest row written here (a mention, three columns).
const ROWS_PER_INSERT: usize = 1_000;

/// Stores `statements` with their topics, mentions and terms, and counts
/// them; returns their ids, in order.
pub async fn add(
    conn: &impl ConnectionTrait,
    statements: &[NewStatement],
) -> Result<Vec<i64>, DbErr> {
    if statements.is_empty() {
        return Ok(Vec::new());
    }
    serialize(conn).await?;
    // Taken once the writers' lock is held: statements are stamped in the
    // order they are committed.
    let now = entity::timestamps::now();
    let mut ids = Vec::with_capacity(statements.len());
    // One `INSERT` each: the ids of a multi-row `INSERT … RETURNING` come
    // back in no promised order on either database.
    for s in statements {
        let mut row = columns(s, NotSet, now);
        row.version = Set(1);
        row.review_status = Set(initial_review_status(&s.source));
        ids.push(
            statement::Entity::insert(row)
                .exec(conn)
                .await?
                .last_insert_id,
        );
    }
    let names = Names::load(conn).await?;
    write_links(conn, &names, ids.iter().copied().zip(statements)).await?;
    derive(conn, Scope::Ids(&ids)).await?;
    super::stances::derive(conn, ids.iter().copied().zip(statements)).await?;
    super::utterances::place(conn, &ids).await?;
    Ok(ids)
}

/// Overwrites stored statements in place, keeping their ids (and what
/// other tables say of them, such as their utterance and review status):
/// every column and every row that hangs off them becomes what `changes`
/// gives, the version grows by one, and the derived tables follow. An id
/// that is not stored is [`DbErr::RecordNotFound`]; an id given twice is
/// refused. On an error the caller's transaction must be rolled back.
pub async fn replace(
    conn: &impl ConnectionTrait,
    changes: &[(i64, NewStatement)],
) -> Result<(), DbErr> {
    let ids: Vec<i64> = changes.iter().map(|(id, _)| *id).collect();
    if ids.iter().collect::<HashSet<_>>().len() != ids.len() {
        return Err(DbErr::Custom(
            "a statement is replaced twice in one call".to_owned(),
        ));
    }
    if ids.is_empty() {
        return Ok(());
    }
    serialize(conn).await?;
    let now = entity::timestamps::now();
    uncount(conn, Scope::Ids(&ids)).await?;
    for (id, s) in changes {
        let updated = statement::Entity::update_many()
            .set(columns(s, NotSet, now))
            .col_expr(
                statement::Column::Version,
                Expr::col(statement::Column::Version).add(1),
            )
            .filter(statement::Column::Id.eq(*id))
            .exec(conn)
            .await?;
        if updated.rows_affected == 0 {
            return Err(DbErr::RecordNotFound(format!("statement {id}")));
        }
    }
    delete_links(conn, &ids).await?;
    let names = Names::load(conn).await?;
    write_links(conn, &names, changes.iter().map(|(id, s)| (*id, s))).await?;
    derive(conn, Scope::Ids(&ids)).await?;
    super::stances::derive(conn, changes.iter().map(|(id, s)| (*id, s))).await?;
    super::utterances::relink(conn, &ids).await
}

/// Changes one stored statement with `change` (read with [`get`], edited,
/// then [`replace`]d) and returns it as stored; `None` when there is no
/// such statement. A caller that checks a version does so in the same
/// transaction, before.
pub async fn update(
    conn: &impl ConnectionTrait,
    id: i64,
    change: impl FnOnce(&mut NewStatement),
) -> Result<Option<NewStatement>, DbErr> {
    let Some(mut statement) = get(conn, id).await? else {
        return Ok(None);
    };
    change(&mut statement);
    replace(conn, &[(id, statement.clone())]).await?;
    Ok(Some(statement))
}

/// A stored statement in the shape [`add`] and [`replace`] take: topics by
/// id, subjects in the order they were stored.
pub async fn get(conn: &impl ConnectionTrait, id: i64) -> Result<Option<NewStatement>, DbErr> {
    let Some(row) = statement::Entity::find_by_id(id).one(conn).await? else {
        return Ok(None);
    };
    let topic_ids = statement_topic::Entity::find()
        .filter(statement_topic::Column::StatementId.eq(id))
        .order_by_asc(statement_topic::Column::TopicId)
        .all(conn)
        .await?
        .into_iter()
        .map(|t| t.topic_id)
        .collect();
    // The subjects given; the detected ones follow from the text.
    let about = mention::Entity::find()
        .filter(mention::Column::StatementId.eq(id))
        .filter(mention::Column::Detected.eq(false))
        .order_by_asc(mention::Column::Id)
        .all(conn)
        .await?
        .into_iter()
        .filter_map(|m| match (m.speaker_id, m.organization_id) {
            (Some(speaker), _) => Some(Subject::Speaker(speaker)),
            (None, Some(organization)) => Some(Subject::Organization(organization)),
            // The table's check forbids it.
            (None, None) => None,
        })
        .collect();
    Ok(Some(NewStatement {
        document_id: row.document_id,
        speaker_id: row.speaker_id,
        organization_id: row.organization_id,
        kind: row.kind,
        text: row.text,
        span_start: row.span_start,
        span_end: row.span_end,
        language: row.language,
        said_on: row.said_on,
        said_precision: row.said_precision,
        dated_on: row.dated_on,
        dated_precision: row.dated_precision,
        source: row.source,
        confidence: row.confidence,
        created_at: row.created_at,
        topic_ids,
        about,
    }))
}

/// Makes the caller's transaction the one writer of statements until it
/// ends, on PostgreSQL (an advisory lock; SQLite's write transaction is
/// already alone). Every writing function here takes it first; a writer
/// that locks statement rows itself ([`lock`]) takes it before, so that
/// writers always wait in one order: this lock, then rows. Without it, two
/// writers could each hold tally cells the other needs next (one moving a
/// statement from January to February, the other from February to
/// January) and deadlock. Taking it again in the same transaction is free.
pub async fn serialize(conn: &impl ConnectionTrait) -> Result<(), DbErr> {
    if conn.get_database_backend() == DbBackend::Postgres {
        // Any constant works; it only has to be the same for every writer
        // (ingestion's own lock, 7261105, and seeding's, 7261104, are taken
        // before this one, never after).
        conn.execute_unprepared("SELECT pg_advisory_xact_lock(7261106)")
            .await?;
    }
    Ok(())
}

/// The stored row of statement `id`, locked against other writers until
/// the caller's transaction ends: what a writer that checks the version
/// reads first. On PostgreSQL a concurrent writer waits at this read and
/// then sees the version the first one committed; on SQLite the write
/// transaction ([`crate::database::begin_write`]) already holds the
/// database's one write lock. Call [`serialize`] first.
pub async fn lock(conn: &impl ConnectionTrait, id: i64) -> Result<Option<statement::Model>, DbErr> {
    let mut query = statement::Entity::find_by_id(id);
    if conn.get_database_backend() == DbBackend::Postgres {
        query = query.lock_exclusive();
    }
    query.one(conn).await
}

/// Ids per statement of [`review`] and [`remove`]: each id is a bound
/// parameter, and SQLite takes at most 32,766 in one statement.
const IDS_PER_STATEMENT: usize = 10_000;

/// Sets the review status of statements `ids`, each one version up; a
/// rejected statement leaves the tally, one no longer rejected comes back.
/// Returns how many were stored. Any number of ids, a batch at a time (in
/// the caller's transaction, so all or none).
pub async fn review(
    conn: &impl ConnectionTrait,
    ids: &[i64],
    status: ReviewStatus,
) -> Result<u64, DbErr> {
    let mut stored = 0;
    for batch in ids.chunks(IDS_PER_STATEMENT) {
        stored += review_batch(conn, batch, status).await?;
    }
    Ok(stored)
}

async fn review_batch(
    conn: &impl ConnectionTrait,
    ids: &[i64],
    status: ReviewStatus,
) -> Result<u64, DbErr> {
    if ids.is_empty() {
        return Ok(0);
    }
    serialize(conn).await?;
    let now = entity::timestamps::now();
    uncount(conn, Scope::Ids(ids)).await?;
    let updated = statement::Entity::update_many()
        .col_expr(
            statement::Column::ReviewStatus,
            Expr::val(status.to_value()),
        )
        .col_expr(statement::Column::UpdatedAt, Expr::val(now))
        .col_expr(
            statement::Column::Version,
            Expr::col(statement::Column::Version).add(1),
        )
        .filter(statement::Column::Id.is_in(ids.iter().copied()))
        .exec(conn)
        .await?;
    derive(conn, Scope::Ids(ids)).await?;
    // A rejected report no longer counts for its utterance.
    let utterances = super::utterances::of_statements(conn, ids).await?;
    super::utterances::recount(conn, &utterances).await?;
    Ok(updated.rows_affected)
}

/// Removes statements, their stances and everything derived from them;
/// returns how many were stored. Any number of ids, a batch at a time (in
/// the caller's transaction, so all or none).
pub async fn remove(conn: &impl ConnectionTrait, ids: &[i64]) -> Result<u64, DbErr> {
    let mut removed = 0;
    for batch in ids.chunks(IDS_PER_STATEMENT) {
        removed += remove_batch(conn, batch).await?;
    }
    Ok(removed)
}

async fn remove_batch(conn: &impl ConnectionTrait, ids: &[i64]) -> Result<u64, DbErr> {
    if ids.is_empty() {
        return Ok(0);
    }
    serialize(conn).await?;
    uncount(conn, Scope::Ids(ids)).await?;
    // Explicitly rather than by cascade: these rows are this module's to
    // keep, and a connection that skips foreign-key triggers (the bulk
    // loader's replica role) would otherwise leave them behind.
    delete_links(conn, ids).await?;
    statement_organization::Entity::delete_many()
        .filter(statement_organization::Column::StatementId.is_in(ids.iter().copied()))
        .exec(conn)
        .await?;
    stance::Entity::delete_many()
        .filter(stance::Column::StatementId.is_in(ids.iter().copied()))
        .exec(conn)
        .await?;
    let utterances = super::utterances::of_statements(conn, ids).await?;
    let removed = statement::Entity::delete_many()
        .filter(statement::Column::Id.is_in(ids.iter().copied()))
        .exec(conn)
        .await?
        .rows_affected;
    // Utterances left without reports go; the others lose a report.
    super::utterances::recount(conn, &utterances).await?;
    Ok(removed)
}

/// Brings the statements of these speakers up to date after their
/// affiliations changed (in the same transaction, after the change): which
/// organizations they count for, and the tally. Their old contribution is
/// subtracted as it was stored, so this is exact however the affiliations
/// changed.
pub async fn refresh_speakers(
    conn: &impl ConnectionTrait,
    speaker_ids: &[i64],
) -> Result<(), DbErr> {
    if speaker_ids.is_empty() {
        return Ok(());
    }
    serialize(conn).await?;
    let scope = Scope::Speakers(speaker_ids);
    uncount(conn, scope).await?;
    derive(conn, scope).await
}

/// Recomputes `statement_organization` and both tallies for every
/// statement. Needed after the organization tree changes (the tally counts
/// ancestors, which are not stored, so their old contribution cannot be
/// subtracted) and after bulk changes to affiliations, as a reload of the
/// registry makes.
pub async fn rebuild(conn: &impl ConnectionTrait) -> Result<(), DbErr> {
    serialize(conn).await?;
    conn.execute_unprepared("DELETE FROM statement_tally")
        .await?;
    conn.execute_unprepared("DELETE FROM statement_facet_tally")
        .await?;
    derive(conn, Scope::All).await
}

/// The stored columns of `s`, with `id` as given (`NotSet` for a new row,
/// and for an update, which must not write it), written at `now`.
/// `utterance_id` is left alone: linking, not the writer, owns it.
fn columns(
    s: &NewStatement,
    id: sea_orm::ActiveValue<i64>,
    now: DateTime<Utc>,
) -> statement::ActiveModel {
    statement::ActiveModel {
        id,
        document_id: Set(s.document_id),
        speaker_id: Set(s.speaker_id),
        organization_id: Set(s.organization_id),
        utterance_id: NotSet,
        link_method: NotSet,
        link_score: NotSet,
        kind: Set(s.kind),
        text: Set(s.text.clone()),
        span_start: Set(s.span_start),
        span_end: Set(s.span_end),
        language: Set(s.language.clone()),
        said_on: Set(s.said_on),
        said_precision: Set(s.said_precision),
        dated_on: Set(s.dated_on),
        dated_precision: Set(s.dated_precision),
        source: Set(s.source.clone()),
        confidence: Set(s.confidence),
        created_at: Set(s.created_at),
        version: NotSet,
        review_status: NotSet,
        updated_at: Set(now),
    }
}

/// Writes the terms, topics and mentions of statements that have none yet:
/// the subjects the writer gives, and those `names` finds in the text.
async fn write_links<'a>(
    conn: &impl ConnectionTrait,
    names: &Names,
    statements: impl Iterator<Item = (i64, &'a NewStatement)>,
) -> Result<(), DbErr> {
    let mut terms = Vec::new();
    let mut topics = Vec::new();
    let mut mentions = Vec::new();
    for (id, s) in statements {
        terms.extend(search_index::terms(&s.text).into_iter().map(|term| {
            statement_term::ActiveModel {
                term: Set(term),
                statement_id: Set(id),
            }
        }));
        let mut seen = HashSet::new();
        topics.extend(s.topic_ids.iter().filter(|t| seen.insert(**t)).map(|t| {
            statement_topic::ActiveModel {
                statement_id: Set(id),
                topic_id: Set(*t),
            }
        }));
        mentions.extend(
            s.about
                .iter()
                .map(|subject| mention_row(id, *subject, false)),
        );
        mentions.extend(
            detected(names, s)
                .into_iter()
                .map(|subject| mention_row(id, subject, true)),
        );
    }
    for chunk in terms.chunks(ROWS_PER_INSERT) {
        statement_term::Entity::insert_many(chunk.iter().cloned())
            .exec_without_returning(conn)
            .await?;
    }
    for chunk in topics.chunks(ROWS_PER_INSERT) {
        statement_topic::Entity::insert_many(chunk.iter().cloned())
            .exec_without_returning(conn)
            .await?;
    }
    for chunk in mentions.chunks(ROWS_PER_INSERT) {
        mention::Entity::insert_many(chunk.iter().cloned())
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

/// What `names` finds in a statement's text that its writer did not give,
/// its own speaker and organization excepted.
fn detected(names: &Names, s: &NewStatement) -> BTreeSet<Subject> {
    let mut found = names.mentioned_by(&s.text, s.speaker_id, s.organization_id);
    found.retain(|subject| !s.about.contains(subject));
    found
}

fn mention_row(statement_id: i64, subject: Subject, detected: bool) -> mention::ActiveModel {
    let (speaker_id, organization_id) = match subject {
        Subject::Speaker(speaker) => (Some(speaker), None),
        Subject::Organization(organization) => (None, Some(organization)),
    };
    mention::ActiveModel {
        id: NotSet,
        statement_id: Set(statement_id),
        speaker_id: Set(speaker_id),
        organization_id: Set(organization_id),
        detected: Set(detected),
    }
}

/// Detects the mentions of every stored statement again, with the
/// registry's names as they are now (after aliases were added, say): the
/// detected rows are replaced, the given ones stay. Returns how many
/// mentions were detected.
pub async fn detect_mentions(conn: &impl ConnectionTrait) -> Result<u64, DbErr> {
    serialize(conn).await?;
    let names = Names::load(conn).await?;
    mention::Entity::delete_many()
        .filter(mention::Column::Detected.eq(true))
        .exec(conn)
        .await?;
    let mut after = 0;
    let mut detected_rows = 0;
    loop {
        let rows: Vec<(i64, String, Option<i64>, Option<i64>)> = statement::Entity::find()
            .select_only()
            .columns([
                statement::Column::Id,
                statement::Column::Text,
                statement::Column::SpeakerId,
                statement::Column::OrganizationId,
            ])
            .filter(statement::Column::Id.gt(after))
            .order_by_asc(statement::Column::Id)
            .limit(ROWS_PER_INSERT as u64)
            .into_tuple()
            .all(conn)
            .await?;
        let Some(last) = rows.last() else {
            return Ok(detected_rows);
        };
        after = last.0;
        let ids: Vec<i64> = rows.iter().map(|r| r.0).collect();
        let given: HashSet<(i64, Subject)> = mention::Entity::find()
            .filter(mention::Column::StatementId.is_in(ids))
            .all(conn)
            .await?
            .into_iter()
            .filter_map(|m| match (m.speaker_id, m.organization_id) {
                (Some(id), _) => Some((m.statement_id, Subject::Speaker(id))),
                (None, Some(id)) => Some((m.statement_id, Subject::Organization(id))),
                (None, None) => None,
            })
            .collect();
        let mut mentions = Vec::new();
        for (id, text, speaker, organization) in rows {
            for subject in names.mentioned_by(&text, speaker, organization) {
                if !given.contains(&(id, subject)) {
                    mentions.push(mention_row(id, subject, true));
                }
            }
        }
        detected_rows += mentions.len() as u64;
        for chunk in mentions.chunks(ROWS_PER_INSERT) {
            mention::Entity::insert_many(chunk.iter().cloned())
                .exec_without_returning(conn)
                .await?;
        }
    }
}

/// Deletes the terms, topics and mentions of statements `ids`.
async fn delete_links(conn: &impl ConnectionTrait, ids: &[i64]) -> Result<(), DbErr> {
    statement_term::Entity::delete_many()
        .filter(statement_term::Column::StatementId.is_in(ids.iter().copied()))
        .exec(conn)
        .await?;
    statement_topic::Entity::delete_many()
        .filter(statement_topic::Column::StatementId.is_in(ids.iter().copied()))
        .exec(conn)
        .await?;
    mention::Entity::delete_many()
        .filter(mention::Column::StatementId.is_in(ids.iter().copied()))
        .exec(conn)
        .await?;
    Ok(())
}

/// Recomputes the organizations of the statements in `scope` and adds them
/// to the tally; they must not be counted (new, or just [`uncount`]ed).
async fn derive(conn: &impl ConnectionTrait, scope: Scope<'_>) -> Result<(), DbErr> {
    let backend = conn.get_database_backend();
    for sql in derived::spoken_for_sql(backend, scope) {
        conn.execute_unprepared(&sql).await?;
    }
    conn.execute_unprepared(&derived::tally_sql(backend, scope, derived::Sign::Add))
        .await?;
    conn.execute_unprepared(&derived::facet_sql(backend, scope, derived::Sign::Add))
        .await?;
    Ok(())
}

/// Takes the statements in `scope` out of the tally, as they are stored,
/// and deletes the cells that leaves empty.
async fn uncount(conn: &impl ConnectionTrait, scope: Scope<'_>) -> Result<(), DbErr> {
    let backend = conn.get_database_backend();
    conn.execute_unprepared(&derived::tally_sql(backend, scope, derived::Sign::Subtract))
        .await?;
    conn.execute_unprepared(&derived::prune_sql(backend, scope))
        .await?;
    conn.execute_unprepared(&derived::facet_sql(backend, scope, derived::Sign::Subtract))
        .await?;
    conn.execute_unprepared(&derived::facet_prune_sql(backend, scope))
        .await?;
    Ok(())
}
