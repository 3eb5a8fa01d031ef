//! The cross-source statement query: filters resolved to id lists here, then
//! one simple, indexed statement query in the database.
//!
//! Names (speakers, organizations, topics, subjects) are resolved by
//! [`super::resolve`] and the organization hierarchy and affiliations are
//! expanded here, in the service, so that the database only ever sees
//! `column IN (ids)` and small `EXISTS`-style subqueries: the shape that stays
//! fast on both databases whatever the mix of rare and common filters.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use entity::{
    document, kinds, mention, organization, speaker, stance, statement, statement_organization,
    statement_term, statement_topic, topic,
};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, Condition, DatabaseConnection, DbBackend, EntityTrait, FromQueryResult, Order,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait, Value,
};

use super::Page;
use super::resolve::{
    self, Accept, Entity, organization_subtree_named, resolve_filter, speaker_ids,
};
use crate::services::Error;
use crate::services::ids::{NameOrId, NodeRef, NodeType};
use crate::services::pagination::{Direction, PageRequest, encode_cursor};

/// A topic, organization or search word found in at most this many
/// statements is looked up by its matches; a more common one is tested
/// statement by statement while a page is walked (see [`linked`]).
const FEW_LINKED: u64 = 1000;

/// What statements to find; every field given narrows the set (AND), a
/// list matches any of its values (OR). The one filter of statements:
/// GraphQL's `StatementFilter`, the exports' query parameters and the tools
/// all come down to this.
#[derive(Debug, Clone, Default)]
pub struct StatementFilter {
    /// A speaker, by id or any name.
    pub speaker: Option<NameOrId>,
    /// Any of these speakers (none: no condition).
    pub speakers: Vec<NameOrId>,
    /// An organization, by id or any name: its statements, its
    /// sub-organizations', and those of speakers affiliated with either at the
    /// time of the statement.
    pub organization: Option<NameOrId>,
    /// Any of these organizations, each as `organization` means it.
    pub organizations: Vec<NameOrId>,
    /// A topic, by id, slug, label or keyword, in either language.
    pub topic: Option<NameOrId>,
    /// Any of these topics.
    pub topics: Vec<NameOrId>,
    /// A speaker or organization the statement is about, by id or name.
    pub about: Option<NameOrId>,
    /// About any of these speakers or organizations.
    pub subjects: Vec<NameOrId>,
    /// ISO 639-1.
    pub language: Option<String>,
    /// Any of these languages (ISO 639-1).
    pub languages: Vec<String>,
    /// The row id of a document.
    pub document: Option<i64>,
    /// Any of these documents (row ids).
    pub documents: Vec<i64>,
    pub kind: Option<kinds::StatementKind>,
    /// Any of these kinds.
    pub kinds: Vec<kinds::StatementKind>,
    /// Words that must all occur (stemmed, in Russian or English).
    pub text: Option<String>,
    /// On or after this day (the statement's `dated_on`).
    pub said_from: Option<NaiveDate>,
    /// On or before this day.
    pub said_to: Option<NaiveDate>,
    /// At least this confidence (0 to 1).
    pub min_confidence: Option<f64>,
    /// Statements in these review statuses; by default every one but
    /// rejected (in `any_of` and `not`: no condition).
    pub review_status: Option<Vec<kinds::ReviewStatus>>,
    /// Statements matching any of these filters (none: no condition).
    pub any_of: Vec<StatementFilter>,
    /// Statements this filter does not match.
    pub not: Option<Box<StatementFilter>>,
    /// Written (`updated_at`) at or after this time.
    pub updated_since: Option<DateTime<Utc>>,
    /// Statements with a stance on a proposition.
    pub stance: Option<StanceFilter>,
    /// Statements of documents this outlet published (by id or any name).
    pub reported_by: Option<NameOrId>,
    /// The reports of one utterance (its row id).
    pub utterance: Option<i64>,
    /// Statements of reposted copies too (documents with a `copy_of_id`),
    /// which are otherwise left out, so that a repost is not counted twice;
    /// see [`Copies`]. Only at the top of a filter (in `any_of` and `not`:
    /// no condition).
    pub include_copies: bool,
    /// The organization the statement names as the one it was made on
    /// behalf of, exactly (by id or any name): not its sub-organizations,
    /// not its speaker's affiliations. What a bucket of a count by
    /// [`CountBy::OwnOrganization`] holds.
    pub own_organization: Option<NameOrId>,
    /// Statements of one month bucket: dated within the month to the day or
    /// the month, or dated only to the year (`YYYY`). What a bucket of a
    /// count by [`CountBy::Month`] holds.
    pub month: Option<MonthKey>,
}

/// A bucket of a count by month, as a filter gives it back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthKey {
    /// `YYYY-MM`: dated within it, to the day or to the month.
    Month { year: i32, month: u32 },
    /// `YYYY`: dated only to the year, that year.
    Year(i32),
}

impl MonthKey {
    /// Reads `YYYY-MM` or `YYYY`; `None` for anything else.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        match text.split_once('-') {
            None if text.len() == 4 => text.parse().ok().map(Self::Year),
            Some((year, month)) if year.len() == 4 && month.len() == 2 => {
                let (year, month) = (year.parse().ok()?, month.parse().ok()?);
                NaiveDate::from_ymd_opt(year, month, 1)?;
                Some(Self::Month { year, month })
            }
            _ => None,
        }
    }

    /// The condition on `statement`.
    fn condition(self) -> Option<Condition> {
        use kinds::DatePrecision as P;
        use statement::Column as C;
        let (first, last, precisions) = match self {
            Self::Month { year, month } => {
                let first = NaiveDate::from_ymd_opt(year, month, 1)?;
                let next = if month == 12 {
                    NaiveDate::from_ymd_opt(year + 1, 1, 1)?
                } else {
                    NaiveDate::from_ymd_opt(year, month + 1, 1)?
                };
                (first, next.pred_opt()?, vec![P::Day, P::Month])
            }
            Self::Year(year) => (
                NaiveDate::from_ymd_opt(year, 1, 1)?,
                NaiveDate::from_ymd_opt(year, 12, 31)?,
                vec![P::Year],
            ),
        };
        Some(
            Condition::all()
                .add(C::DatedOn.gte(first))
                .add(C::DatedOn.lte(last))
                .add(C::DatedPrecision.is_in(precisions)),
        )
    }
}

/// Statements with a stance on a proposition, of one position or any.
#[derive(Debug, Clone)]
pub struct StanceFilter {
    pub proposition: PropositionRef,
    /// Any position when none.
    pub position: Option<kinds::Polarity>,
}

/// A proposition as a filter names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PropositionRef {
    /// Its key, or words of its text (see `super::stances::resolve`): every
    /// proposition they name.
    Name(String),
    /// Its row id.
    Id(i64),
}

impl StatementFilter {
    /// Whether the filter has no condition but those on one organization
    /// and one topic (and the default review status): what the tally holds.
    pub fn only_organization_and_topic(&self) -> bool {
        let Self {
            speaker: None,
            speakers,
            organization: _,
            organizations,
            topic: _,
            topics,
            about: None,
            subjects,
            language: None,
            languages,
            document: None,
            documents,
            kind: None,
            kinds,
            text: None,
            said_from: None,
            said_to: None,
            min_confidence: None,
            review_status: None,
            any_of,
            not: None,
            updated_since: None,
            stance: None,
            reported_by: None,
            utterance: None,
            include_copies: false,
            own_organization: None,
            month: None,
        } = self
        else {
            return false;
        };
        speakers.is_empty()
            && organizations.is_empty()
            && topics.is_empty()
            && subjects.is_empty()
            && languages.is_empty()
            && documents.is_empty()
            && kinds.is_empty()
            && any_of.is_empty()
    }
}

/// The orders statements can be listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatementOrder {
    /// Latest date first; of one date, the last stored first.
    #[default]
    NewestFirst,
    OldestFirst,
    /// Document by document, each in reading order.
    DocumentOrder,
    /// The reverse of [`Self::DocumentOrder`]: the last document first, each
    /// from its end.
    DocumentOrderReversed,
    /// First stored first (`created_at`, then id).
    CreatedAscending,
    CreatedDescending,
    /// Least recently written first (`updated_at`, then id): the sync walk.
    UpdatedAscending,
    UpdatedDescending,
}

impl StatementOrder {
    fn tag(self) -> &'static str {
        match self {
            Self::NewestFirst => "sn",
            Self::OldestFirst => "so",
            Self::DocumentOrder => "sd",
            Self::DocumentOrderReversed => "sdr",
            Self::CreatedAscending => "sca",
            Self::CreatedDescending => "scd",
            Self::UpdatedAscending => "sua",
            Self::UpdatedDescending => "sud",
        }
    }

    /// The sort key columns, each with `true` for ascending.
    fn columns(self) -> &'static [(statement::Column, bool)] {
        use statement::Column as C;
        match self {
            // Both descending, so that one index on (dated_on, id) read
            // backwards serves it with no sort.
            Self::NewestFirst => &[(C::DatedOn, false), (C::Id, false)],
            Self::OldestFirst => &[(C::DatedOn, true), (C::Id, true)],
            Self::DocumentOrder => &[(C::DocumentId, true), (C::SpanStart, true), (C::Id, true)],
            Self::DocumentOrderReversed => &[
                (C::DocumentId, false),
                (C::SpanStart, false),
                (C::Id, false),
            ],
            // Each served by its index on (column, id), read either way.
            Self::CreatedAscending => &[(C::CreatedAt, true), (C::Id, true)],
            Self::CreatedDescending => &[(C::CreatedAt, false), (C::Id, false)],
            Self::UpdatedAscending => &[(C::UpdatedAt, true), (C::Id, true)],
            Self::UpdatedDescending => &[(C::UpdatedAt, false), (C::Id, false)],
        }
    }
}

/// The sort key of a statement as a cursor carries it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
enum CursorKey {
    /// A date (`2022-02-01`) or a time (RFC 3339), and the id.
    Dated(String, i64),
    InDocument(i64, i32, i64),
}

/// The opaque cursor of `row` in `order`.
pub fn cursor(order: StatementOrder, row: &statement::Model) -> String {
    let stamp = |t: &DateTime<Utc>| t.to_rfc3339_opts(SecondsFormat::AutoSi, true);
    let key = match order {
        StatementOrder::NewestFirst | StatementOrder::OldestFirst => {
            CursorKey::Dated(row.dated_on.format("%Y-%m-%d").to_string(), row.id)
        }
        StatementOrder::DocumentOrder | StatementOrder::DocumentOrderReversed => {
            CursorKey::InDocument(row.document_id, row.span_start, row.id)
        }
        StatementOrder::CreatedAscending | StatementOrder::CreatedDescending => {
            CursorKey::Dated(stamp(&row.created_at), row.id)
        }
        StatementOrder::UpdatedAscending | StatementOrder::UpdatedDescending => {
            CursorKey::Dated(stamp(&row.updated_at), row.id)
        }
    };
    encode_cursor(order.tag(), &key)
}

fn key_values(order: StatementOrder, key: CursorKey) -> Result<Vec<Value>, Error> {
    use StatementOrder as O;
    let damaged = || Error::BadInput("the cursor is damaged".to_owned());
    match (order, key) {
        (O::NewestFirst | O::OldestFirst, CursorKey::Dated(date, id)) => {
            let date = NaiveDate::parse_from_str(&date, "%Y-%m-%d").map_err(|_| damaged())?;
            Ok(vec![date.into(), id.into()])
        }
        (
            O::CreatedAscending | O::CreatedDescending | O::UpdatedAscending | O::UpdatedDescending,
            CursorKey::Dated(time, id),
        ) => {
            let time = DateTime::parse_from_rfc3339(&time)
                .map_err(|_| damaged())?
                .with_timezone(&Utc);
            Ok(vec![time.into(), id.into()])
        }
        (O::DocumentOrder | O::DocumentOrderReversed, CursorKey::InDocument(doc, start, id)) => {
            Ok(vec![doc.into(), start.into(), id.into()])
        }
        _ => Err(Error::BadInput(
            "the cursor belongs to another ordering".to_owned(),
        )),
    }
}

/// Rows strictly after (`after == true`) or before the key, in `order`.
///
/// Written as `first ≥ k₁ AND (first > k₁ OR (first = k₁ AND …))`: the
/// redundant bound on the first column is what lets either database start
/// its index scan at the cursor instead of filtering every row before it,
/// so the 500th page costs what the first does.
fn keyset(order: StatementOrder, values: Vec<Value>, after: bool) -> Condition {
    let columns = order.columns();
    let (first, first_ascending) = columns[0];
    let bound = if first_ascending == after {
        first.gte(values[0].clone())
    } else {
        first.lte(values[0].clone())
    };
    let mut any = Condition::any();
    for i in 0..columns.len() {
        let mut all = Condition::all();
        for (j, (column, _)) in columns.iter().enumerate().take(i) {
            all = all.add(column.eq(values[j].clone()));
        }
        let (column, ascending) = columns[i];
        let value = values[i].clone();
        all = all.add(if ascending == after {
            column.gt(value)
        } else {
            column.lt(value)
        });
        any = any.add(all);
    }
    Condition::all().add(bound).add(any)
}

/// What a condition is for: the shape that serves one differs (see [`linked`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Purpose {
    /// A page in date or document order: stop early.
    Page,
    /// Every match, grouped and counted: no order to follow.
    Count,
}

/// Statements a filter selects, its names resolved: what a caller holds
/// between resolving a filter once and reading pages, batches or new
/// statements with it. Opaque: the conditions on `statement` inside are
/// this module's business.
#[derive(Debug, Clone)]
pub struct Selection {
    /// Every condition of the filter but the review status and copies.
    matching: Condition,
    review: Review,
    copies: Copies,
    /// The tally's cell (organization, topic) that counts exactly these
    /// statements, when there is one: see [`Resolved::cell`].
    tally: Option<(i64, i64)>,
}

/// Whether a selection takes the statements of reposted copies (documents
/// stored with a `copy_of_id`). Their statements report the original's
/// utterances again, from another outlet: left out by default, so that an
/// article carried twice is not counted twice, and taken when the filter
/// asks for them (`include_copies`) or names what a copy is found by (a
/// document, an outlet, an utterance's reports).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copies {
    Hidden,
    Shown,
}

impl Copies {
    fn of(filter: &StatementFilter) -> Self {
        if filter.include_copies
            || filter.document.is_some()
            || !filter.documents.is_empty()
            || filter.reported_by.is_some()
            || filter.utterance.is_some()
        {
            Self::Shown
        } else {
            Self::Hidden
        }
    }

    /// The condition on `statement`; none when copies are shown.
    fn condition(self) -> Option<Condition> {
        match self {
            Self::Shown => None,
            Self::Hidden => Some(Condition::all().add(in_copies().not())),
        }
    }
}

/// `statement.document_id IN (the documents that are copies)`. Few
/// documents are copies and `copy_of_id` is indexed: the subquery is read
/// once, not per statement.
fn in_copies() -> sea_orm::sea_query::SimpleExpr {
    statement::Column::DocumentId.in_subquery(
        Query::select()
            .column(document::Column::Id)
            .from(document::Entity)
            .and_where(document::Column::CopyOfId.is_not_null())
            .to_owned(),
    )
}

/// The number of utterances among the statements of a query: each
/// statement's utterance once, a statement with none (never linked) as its
/// own.
const DISTINCT_UTTERANCES: &str =
    "COUNT(DISTINCT COALESCE(\"statement\".\"utterance_id\", -\"statement\".\"id\"))";

/// What a count counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Counting {
    /// Every statement (every report of an utterance).
    #[default]
    Statements,
    /// Utterances: the reports of one act of saying count once.
    Utterances,
}

/// Which review statuses a selection takes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Review {
    /// Every status but rejected: what a filter that names none means.
    NotRejected,
    /// These statuses (never empty).
    Only(Vec<kinds::ReviewStatus>),
}

const EVERY_STATUS: [kinds::ReviewStatus; 3] = [
    kinds::ReviewStatus::Unreviewed,
    kinds::ReviewStatus::Confirmed,
    kinds::ReviewStatus::Rejected,
];

impl Review {
    fn of(filter: &StatementFilter) -> Result<Self, Error> {
        match filter.review_status.as_deref() {
            None => Ok(Self::NotRejected),
            Some([]) => Err(Error::BadInput(
                "`reviewStatus` must name at least one status".to_owned(),
            )),
            Some(statuses) => {
                let mut statuses: Vec<_> = EVERY_STATUS
                    .into_iter()
                    .filter(|s| statuses.contains(s))
                    .collect();
                statuses.dedup();
                Ok(Self::Only(statuses))
            }
        }
    }

    /// The condition on `statement`; none for every status.
    fn condition(&self) -> Option<Condition> {
        use statement::Column as C;
        match self {
            Self::NotRejected => {
                Some(Condition::all().add(C::ReviewStatus.ne(kinds::ReviewStatus::Rejected)))
            }
            Self::Only(statuses) if statuses.len() == EVERY_STATUS.len() => None,
            Self::Only(statuses) => {
                Some(Condition::all().add(C::ReviewStatus.is_in(statuses.iter().copied())))
            }
        }
    }
}

impl Selection {
    /// The statements both select. A review status one of them names
    /// explicitly wins over the other's default: a speaker's rejected
    /// statements are those the speaker's list (which names none) and a
    /// filter asking for rejected ones both select.
    pub fn and(self, other: Selection) -> Selection {
        let review = match (self.review, other.review) {
            (Review::NotRejected, review) | (review, Review::NotRejected) => review,
            (Review::Only(a), Review::Only(b)) => {
                Review::Only(a.into_iter().filter(|s| b.contains(s)).collect())
            }
        };
        // A copy's statements listed under its document are shown, whatever
        // the client's own filter.
        let copies = if self.copies == Copies::Shown || other.copies == Copies::Shown {
            Copies::Shown
        } else {
            Copies::Hidden
        };
        Selection {
            matching: self.matching.add(other.matching),
            review,
            copies,
            // The tally holds no intersection of two filters.
            tally: None,
        }
    }

    /// `SELECT utterance_id FROM statement WHERE …`: the utterances of the
    /// statements it selects.
    pub fn utterance_ids(&self) -> sea_orm::sea_query::SelectStatement {
        Query::select()
            .column(statement::Column::UtteranceId)
            .from(statement::Entity)
            .cond_where(self.condition())
            .to_owned()
    }

    /// The whole condition on `statement`.
    fn condition(&self) -> Condition {
        let mut condition = self.matching.clone();
        if let Some(review) = self.review.condition() {
            condition = condition.add(review);
        }
        if let Some(copies) = self.copies.condition() {
            condition = condition.add(copies);
        }
        condition
    }

    /// How many statements it selects. With the default review status,
    /// counted as every matching statement less the rejected ones: on
    /// either database a count without the condition on the review status
    /// is what it was before statements had one (SQLite counts a whole
    /// table from its b-tree alone), and the rejected ones are few and
    /// found through their index.
    /// Statements of copies are taken out the same way.
    async fn count(&self, db: &DatabaseConnection, counting: Counting) -> Result<u64, Error> {
        if counting == Counting::Utterances {
            let count: Option<i64> = statement::Entity::find()
                .select_only()
                .column_as(Expr::cust(DISTINCT_UTTERANCES), "count")
                .filter(self.condition())
                .into_tuple()
                .one(db)
                .await?;
            return Ok(count.map_or(0, |n| u64::try_from(n).unwrap_or(0)));
        }
        if self.review != Review::NotRejected {
            return Ok(statement::Entity::find()
                .filter(self.condition())
                .count(db)
                .await?);
        }
        let all = statement::Entity::find()
            .filter(self.matching.clone())
            .count(db)
            .await?;
        let mut left_out =
            Condition::any().add(statement::Column::ReviewStatus.eq(kinds::ReviewStatus::Rejected));
        if self.copies == Copies::Hidden {
            left_out = left_out.add(in_copies());
        }
        let left_out = statement::Entity::find()
            .filter(self.matching.clone())
            .filter(left_out)
            .count(db)
            .await?;
        Ok(all.saturating_sub(left_out))
    }
}

/// Resolves a filter into the statements it selects, for pages.
pub async fn select(db: &DatabaseConnection, filter: &StatementFilter) -> Result<Selection, Error> {
    let review = Review::of(filter)?;
    let mut resolved = Resolved::default();
    let matching = matching(db, filter, Purpose::Page, &mut resolved).await?;
    Ok(Selection {
        review,
        matching,
        copies: Copies::of(filter),
        tally: resolved.cell(filter),
    })
}

/// What [`matching`] resolved the organization and topic names to, kept
/// so that counting from the tally does not resolve them again.
#[derive(Debug, Default)]
struct Resolved {
    /// The organizations the names named (not those below them).
    organizations: Vec<i64>,
    topics: Vec<i64>,
}

impl Resolved {
    /// The tally's cell that counts exactly what `filter` selects: when the
    /// filter has no condition but one organization and one topic (or
    /// neither), each naming one entity. Several organizations or topics
    /// would count a statement of two twice.
    fn cell(&self, filter: &StatementFilter) -> Option<(i64, i64)> {
        use entity::statement_tally::{EVERY_ORGANIZATION, EVERY_TOPIC};
        if !filter.only_organization_and_topic() {
            return None;
        }
        let one = |named: bool, ids: &[i64], every: i64| match (named, ids) {
            (false, _) => Some(every),
            (true, [id]) => Some(*id),
            (true, _) => None,
        };
        Some((
            one(
                filter.organization.is_some(),
                &self.organizations,
                EVERY_ORGANIZATION,
            )?,
            one(filter.topic.is_some(), &self.topics, EVERY_TOPIC)?,
        ))
    }
}

/// Resolves a filter into a condition on `statement`, for `purpose`,
/// review status included.
async fn condition_for(
    db: &DatabaseConnection,
    filter: &StatementFilter,
    purpose: Purpose,
) -> Result<Condition, Error> {
    let review = Review::of(filter)?;
    let mut condition = matching(db, filter, purpose, &mut Resolved::default()).await?;
    if let Some(review) = review.condition() {
        condition = condition.add(review);
    }
    if let Some(copies) = Copies::of(filter).condition() {
        condition = condition.add(copies);
    }
    Ok(condition)
}

/// Resolves every field of a filter but the review status into a
/// condition on `statement`, for `purpose`, noting in `resolved` what the
/// organization and topic names meant.
async fn matching(
    db: &DatabaseConnection,
    filter: &StatementFilter,
    purpose: Purpose,
    resolved: &mut Resolved,
) -> Result<Condition, Error> {
    use statement::Column as C;
    let mut condition = Condition::all();

    for (field, names) in name_groups("speaker", &filter.speaker, &filter.speakers) {
        let mut ids = Vec::new();
        for name in names {
            ids.extend(speaker_ids(db, field, name).await?);
        }
        // `IS NOT NULL` first, so that under `not` a statement without a
        // speaker counts as no speaker's (SQL's `NOT (NULL IN …)` is unknown).
        condition = condition.add(
            Condition::all()
                .add(C::SpeakerId.is_not_null())
                .add(C::SpeakerId.is_in(ids)),
        );
    }

    // The headline's filter, one organization's name and one topic's, is
    // looked up in one statement; what it does not find, below as alone.
    let mut pair = match (
        only_name(&filter.organization, &filter.organizations),
        only_name(&filter.topic, &filter.topics),
    ) {
        (Some(organization), Some(topic)) => {
            resolve::organization_and_topic_named(db, organization, topic).await?
        }
        _ => resolve::NamedPair::default(),
    };

    for (field, names) in name_groups("organization", &filter.organization, &filter.organizations) {
        let mut subtree = Vec::new();
        for name in names {
            let named = match pair.subtree.take() {
                Some(named) => named,
                None => organization_subtree_named(db, field, name).await?,
            };
            resolved.organizations.extend(named.roots);
            subtree.extend(named.all);
        }
        subtree.sort_unstable();
        subtree.dedup();
        condition = condition.add(organization_condition(db, subtree, purpose).await?);
    }

    for (field, names) in name_groups("topic", &filter.topic, &filter.topics) {
        let mut topics = Vec::new();
        for name in names {
            match pair.topics.take() {
                Some(ids) => topics.extend(ids),
                None => {
                    let entities = resolve_filter(db, field, name, Accept::Topics).await?;
                    topics.extend(entities.into_iter().filter_map(Entity::topic_id));
                }
            }
        }
        resolved.topics.extend(&topics);
        condition = condition.add(
            linked(
                db,
                statement_topic::Entity,
                statement_topic::Column::StatementId,
                statement_topic::Column::TopicId.is_in(topics),
                purpose,
                false,
            )
            .await?,
        );
    }

    for (field, names) in name_groups("about", &filter.about, &filter.subjects) {
        let mut entities = Vec::new();
        for name in names {
            entities
                .extend(resolve_filter(db, field, name, Accept::SpeakersAndOrganizations).await?);
        }
        let speakers: Vec<i64> = entities.iter().filter_map(|e| e.speaker_id()).collect();
        let organizations: Vec<i64> = entities
            .iter()
            .filter_map(|e| e.organization_id())
            .collect();
        // Only the kinds named: an empty list beside the other (`1 = 2 OR
        // organization_id IN …`) made SQLite scan every mention.
        let mut mentioned = Condition::any();
        if !speakers.is_empty() {
            mentioned = mentioned.add(mention::Column::SpeakerId.is_in(speakers));
        }
        if !organizations.is_empty() {
            mentioned = mentioned.add(mention::Column::OrganizationId.is_in(organizations));
        }
        condition = condition.add(
            C::Id.in_subquery(
                Query::select()
                    .column(mention::Column::StatementId)
                    .from(mention::Entity)
                    .cond_where(mentioned)
                    .to_owned(),
            ),
        );
    }

    if let Some(language) = &filter.language {
        condition = condition.add(C::Language.eq(language.trim().to_lowercase()));
    }
    if !filter.languages.is_empty() {
        condition = condition
            .add(C::Language.is_in(filter.languages.iter().map(|l| l.trim().to_lowercase())));
    }
    if let Some(id) = filter.document {
        condition = condition.add(C::DocumentId.eq(id));
    }
    if !filter.documents.is_empty() {
        condition = condition.add(C::DocumentId.is_in(filter.documents.iter().copied()));
    }
    if let Some(kind) = filter.kind {
        condition = condition.add(C::Kind.eq(kind));
    }
    if !filter.kinds.is_empty() {
        condition = condition.add(C::Kind.is_in(filter.kinds.iter().copied()));
    }
    if let Some(min) = filter.min_confidence {
        if !(0.0..=1.0).contains(&min) {
            return Err(Error::BadInput(format!(
                "`minConfidence` must be between 0 and 1; {min} was given"
            )));
        }
        condition = condition.add(C::Confidence.gte(min));
    }

    if let Some(text) = &filter.text {
        let words = text::query_terms(text);
        if words.is_empty() {
            return Err(Error::BadInput(format!(
                "the search text {text:?} has no words to search for"
            )));
        }
        for alternatives in words {
            condition = condition.add(
                linked(
                    db,
                    statement_term::Entity,
                    statement_term::Column::StatementId,
                    statement_term::Column::Term.is_in(alternatives),
                    purpose,
                    true,
                )
                .await?,
            );
        }
    }

    if let (Some(from), Some(to)) = (filter.said_from, filter.said_to)
        && from > to
    {
        return Err(Error::BadInput(format!(
            "`saidFrom` ({from}) is after `saidTo` ({to})"
        )));
    }
    if filter.said_from.is_some() || filter.said_to.is_some() {
        // A statement whose date is unknown matches no date range.
        condition = condition.add(C::DatedPrecision.is_not_null());
    }
    if let Some(from) = filter.said_from {
        condition = condition.add(C::DatedOn.gte(from));
    }
    if let Some(to) = filter.said_to {
        condition = condition.add(C::DatedOn.lte(to));
    }

    if let Some(wanted) = &filter.stance {
        let propositions = match &wanted.proposition {
            PropositionRef::Id(id) => vec![*id],
            PropositionRef::Name(name) => super::stances::resolve(db, "stance.proposition", name)
                .await?
                .into_iter()
                .map(|p| p.id)
                .collect(),
        };
        let mut on = stance::Column::PropositionId.is_in(propositions);
        if let Some(position) = wanted.position {
            on = on.and(stance::Column::Polarity.eq(position));
        }
        condition = condition.add(
            linked(
                db,
                stance::Entity,
                stance::Column::StatementId,
                on,
                purpose,
                false,
            )
            .await?,
        );
    }

    if !filter.any_of.is_empty() {
        let mut any = Condition::any();
        for branch in &filter.any_of {
            any = any.add(Box::pin(nested(db, branch, purpose)).await?);
        }
        condition = condition.add(any);
    }
    if let Some(not) = &filter.not {
        condition = condition.add(Box::pin(nested(db, not, purpose)).await?.not());
    }
    if let Some(outlet) = &filter.reported_by {
        let outlets = super::resolve::organization_ids(db, "reportedBy", outlet).await?;
        condition = condition.add(
            C::DocumentId.in_subquery(
                Query::select()
                    .column(document::Column::Id)
                    .from(document::Entity)
                    .and_where(document::Column::OutletId.is_in(outlets))
                    .to_owned(),
            ),
        );
    }
    if let Some(utterance) = filter.utterance {
        condition = condition.add(C::UtteranceId.eq(utterance));
    }
    if let Some(name) = &filter.own_organization {
        let ids = super::resolve::organization_ids(db, "ownOrganization", name).await?;
        condition = condition.add(
            Condition::all()
                .add(C::OrganizationId.is_not_null())
                .add(C::OrganizationId.is_in(ids)),
        );
    }
    if let Some(month) = filter.month {
        match month.condition() {
            Some(month) => condition = condition.add(month),
            None => {
                return Err(Error::BadInput(
                    "`month` is not a month of the calendar".to_owned(),
                ));
            }
        }
    }
    if let Some(since) = filter.updated_since {
        // At or after: a client that asks again from the latest
        // `updatedAt` it saw misses no statement written in that same
        // microsecond (it sees that one again, and dedupes by id).
        condition = condition.add(C::UpdatedAt.gte(since));
    }
    Ok(condition)
}

/// The condition of a filter inside `any_of` or `not`: its review status is
/// a condition like any other, with no default.
async fn nested(
    db: &DatabaseConnection,
    filter: &StatementFilter,
    purpose: Purpose,
) -> Result<Condition, Error> {
    let condition = matching(db, filter, purpose, &mut Resolved::default()).await?;
    Ok(match &filter.review_status {
        Some(statuses) if statuses.is_empty() => {
            return Err(Error::BadInput(
                "`reviewStatus` must name at least one status".to_owned(),
            ));
        }
        Some(statuses) => {
            condition.add(statement::Column::ReviewStatus.is_in(statuses.iter().copied()))
        }
        None => condition,
    })
}

/// The name, when `one` and `many` hold one value between them and it is
/// a name (not an id).
fn only_name<'a>(one: &'a Option<NameOrId>, many: &'a [NameOrId]) -> Option<&'a str> {
    match (one, many) {
        (Some(NameOrId::Name(name)), []) | (None, [NameOrId::Name(name)]) => Some(name),
        _ => None,
    }
}

/// The names of one dimension, each group a condition of its own (AND):
/// the singular field alone, then the plural field's names together (OR);
/// each with the field it was given in, for error messages.
fn name_groups<'a>(
    singular: &'static str,
    one: &'a Option<NameOrId>,
    many: &'a [NameOrId],
) -> Vec<(&'static str, &'a [NameOrId])> {
    let plural = match singular {
        "speaker" => "speakers",
        "organization" => "organizations",
        "topic" => "topics",
        _ => "subjects",
    };
    let mut out = Vec::new();
    if let Some(name) = one {
        out.push((singular, std::slice::from_ref(name)));
    }
    if !many.is_empty() {
        out.push((plural, many));
    }
    out
}

/// Statements made on behalf of the organizations (or their sub-organizations),
/// or by a speaker affiliated with one of them when the statement was made:
/// both stored per statement at write time in `statement_organization`, so
/// this is one indexed lookup whatever the size of the subtree.
async fn organization_condition(
    db: &DatabaseConnection,
    subtree: Vec<i64>,
    purpose: Purpose,
) -> Result<Condition, Error> {
    linked(
        db,
        statement_organization::Entity,
        statement_organization::Column::StatementId,
        statement_organization::Column::OrganizationId.is_in(subtree),
        purpose,
        false,
    )
    .await
}

/// Statements with a row in the link `table` (whose `statement_id` column is
/// `link`) that matches `matching`: a topic, an organization, a search term.
///
/// The shape that serves it depends on the planner and on how many
/// statements match (at most `FEW_LINKED` is "a few"):
/// - on SQLite, a count of the matches up to `FEW_LINKED + 1` decides: a few
///   are `id IN (SELECT …)`, which SQLite drives the query by; many, for a
///   page, a correlated `EXISTS`, one index probe per statement while they
///   are walked in the order asked for, stopping at the page's end (an
///   `IN (SELECT …)` set that large was read and sorted whole); many, for
///   counting, `id IN (SELECT …)`;
/// - on PostgreSQL, `id IN (SELECT …)`, which its planner turns into the
///   walk or the lookup as its statistics say. It estimates organizations
///   and topics well enough, not a search word (`always_probe`): a word's
///   matching ids are read first, up to `FEW_LINKED + 1`, and a few are
///   given as a list of ids.
async fn linked<E, C>(
    db: &DatabaseConnection,
    table: E,
    link: C,
    matching: sea_orm::sea_query::SimpleExpr,
    purpose: Purpose,
    always_probe: bool,
) -> Result<Condition, Error>
where
    E: EntityTrait,
    C: ColumnTrait,
{
    let sqlite = db.get_database_backend() == DbBackend::Sqlite;
    let subquery = || {
        Query::select()
            .column(link)
            .from(table)
            .and_where(matching.clone())
            .to_owned()
    };
    if sqlite {
        // SQLite hands every row over from a thread of its own: counting
        // in the database costs one row where reading the ids cost a
        // thousand. Its planner drives a query by an `IN (SELECT …)` set,
        // which is what a few matches want.
        if linked_up_to::<E, C>(db, link, matching.clone()).await? <= FEW_LINKED {
            return Ok(Condition::all().add(statement::Column::Id.in_subquery(subquery())));
        }
    } else if always_probe {
        let few: Vec<i64> = link_ids::<E, C>(db, link, matching.clone()).await?;
        if few.len() as u64 <= FEW_LINKED {
            return Ok(Condition::all().add(statement::Column::Id.is_in(few)));
        }
    }
    if sqlite && purpose == Purpose::Page {
        return Ok(Condition::all().add(Expr::exists(
            Query::select()
                .expr(Expr::val(1))
                .from(table)
                .and_where(
                    Expr::col((table, link)).equals((statement::Entity, statement::Column::Id)),
                )
                .and_where(matching)
                .to_owned(),
        )));
    }
    Ok(Condition::all().add(statement::Column::Id.in_subquery(subquery())))
}

/// How many link rows match, counted up to `FEW_LINKED + 1`.
async fn linked_up_to<E, C>(
    db: &DatabaseConnection,
    link: C,
    matching: sea_orm::sea_query::SimpleExpr,
) -> Result<u64, Error>
where
    E: EntityTrait,
    C: ColumnTrait,
{
    let rows = E::find()
        .select_only()
        .column(link)
        .filter(matching)
        .limit(FEW_LINKED + 1)
        .into_query();
    let count = Query::select()
        .expr(Expr::cust("COUNT(*)"))
        .from_subquery(rows, sea_orm::sea_query::Alias::new("matching"))
        .to_owned();
    let backend = db.get_database_backend();
    let row = sea_orm::ConnectionTrait::query_one_raw(db, backend.build(&count))
        .await?
        .ok_or_else(|| Error::from(sea_orm::DbErr::RecordNotFound("a count".into())))?;
    let n: i64 = row.try_get_by_index(0)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Up to `FEW_LINKED + 1` statement ids of the link rows that match.
async fn link_ids<E, C>(
    db: &DatabaseConnection,
    link: C,
    matching: sea_orm::sea_query::SimpleExpr,
) -> Result<Vec<i64>, Error>
where
    E: EntityTrait,
    C: ColumnTrait,
{
    Ok(E::find()
        .select_only()
        .column(link)
        .filter(matching)
        .limit(FEW_LINKED + 1)
        .into_tuple()
        .all(db)
        .await?)
}

/// The rows a page of statements brings along, joined in its query, so that
/// the nested fields asked for most (speaker, organization, document) cost
/// no query of their own.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Joins {
    pub speaker: bool,
    pub organization: bool,
    pub document: bool,
}

impl Joins {
    fn any(self) -> bool {
        self.speaker || self.organization || self.document
    }
}

/// A statement with the rows [`Joins`] asked for (`None` when not asked
/// for, or when the statement has none).
#[derive(Debug, Clone)]
pub struct Joined {
    pub statement: statement::Model,
    pub speaker: Option<speaker::Model>,
    pub organization: Option<organization::Model>,
    /// Without its texts (`body` and `original` are empty), as the document
    /// loader reads it.
    pub document: Option<document::Model>,
}

/// How many statements (or utterances) `selection` selects: from the tally
/// when one filter made it alone and the tally holds its count (one
/// organization and one topic at most, see [`super::tally::total`]),
/// otherwise counted from the statements. Exact either way.
pub async fn total(
    db: &DatabaseConnection,
    selection: &Selection,
    counting: Counting,
) -> Result<u64, Error> {
    if let (Some((organization, topic)), Counting::Statements) = (selection.tally, counting) {
        return super::tally::total(db, organization, topic).await;
    }
    selection.count(db, counting).await
}

/// One page of the statements matching `condition`, in `order`, with the
/// rows `joins` names.
pub async fn list(
    db: &DatabaseConnection,
    selection: &Selection,
    order: StatementOrder,
    page: &PageRequest,
    joins: Joins,
) -> Result<Page<Joined>, Error> {
    // Counted apart, by `Selection::count`, when asked for.
    let total_count = None;
    let (query, sort) = page_query(selection, order, page)?;
    let backend = db.get_database_backend();
    let first_page = page.after.is_none() && page.before.is_none();
    if !joins.any() {
        let mut statement = backend.build(&query.into_query());
        if first_page {
            statement = crate::database::planned_once(statement);
        }
        let rows = statement::Entity::find()
            .from_raw_sql(statement)
            .all(db)
            .await?;
        let rows = rows
            .into_iter()
            .map(|statement| Joined {
                statement,
                speaker: None,
                organization: None,
                document: None,
            })
            .collect();
        return Ok(page.finish(rows, total_count));
    }

    // The page is found first, as a derived table the joins cannot reach
    // into: joined in one flat query, PostgreSQL spent longer planning the
    // seven tables than running the query (3.5 ms against 1.5 ms here).
    let mut select = Query::select();
    select
        .expr(Expr::col((statement::Entity, sea_orm::sea_query::Asterisk)))
        .from_subquery(query.into_query(), statement::Entity);
    for (column, direction) in sort {
        select.order_by((statement::Entity, column), direction);
    }
    if joins.speaker {
        join::<speaker::Entity>(&mut select, statement::Column::SpeakerId, SPEAKER, &[]);
    }
    if joins.organization {
        join::<organization::Entity>(
            &mut select,
            statement::Column::OrganizationId,
            ORGANIZATION,
            &[],
        );
    }
    if joins.document {
        join::<document::Entity>(
            &mut select,
            statement::Column::DocumentId,
            DOCUMENT,
            &["body", "original"],
        );
    }
    let mut statement = backend.build(&select);
    if first_page {
        statement = crate::database::planned_once(statement);
    }
    let mut rows = Vec::new();
    for row in sea_orm::ConnectionTrait::query_all_raw(db, statement).await? {
        rows.push(Joined {
            statement: statement::Model::from_query_result(&row, "")?,
            speaker: optional::<speaker::Model>(joins.speaker, &row, SPEAKER)?,
            organization: optional::<organization::Model>(joins.organization, &row, ORGANIZATION)?,
            document: optional::<document::Model>(joins.document, &row, DOCUMENT)?,
        });
    }
    Ok(page.finish(rows, total_count))
}

/// The statements among `ids` that `selection` selects, by id: what a
/// subscriber to new statements is sent.
pub async fn among(
    db: &DatabaseConnection,
    selection: &Selection,
    ids: Vec<i64>,
) -> Result<Vec<statement::Model>, Error> {
    Ok(statement::Entity::find()
        .filter(selection.condition())
        .filter(statement::Column::Id.is_in(ids))
        .order_by_asc(statement::Column::Id)
        .all(db)
        .await?)
}

/// The columns a page is sorted by, each with its direction.
pub type Sort = Vec<(statement::Column, Order)>;

/// The statement query of one page: the rows matching `condition` past the
/// page's cursor, in `order`, one more than the page holds (to tell whether
/// another follows); with its sort, which the joins repeat.
pub fn page_query(
    selection: &Selection,
    order: StatementOrder,
    page: &PageRequest,
) -> Result<(sea_orm::Select<statement::Entity>, Sort), Error> {
    let (after, before) = page.keys::<CursorKey>(order.tag())?;
    let mut query = statement::Entity::find().filter(selection.condition());
    if let Some(key) = after {
        query = query.filter(keyset(order, key_values(order, key)?, true));
    }
    if let Some(key) = before {
        query = query.filter(keyset(order, key_values(order, key)?, false));
    }
    let sort: Sort = order
        .columns()
        .iter()
        .map(|(column, ascending)| {
            let forward = *ascending == (page.direction == Direction::Forward);
            (*column, if forward { Order::Asc } else { Order::Desc })
        })
        .collect();
    for (column, direction) in &sort {
        query = query.order_by(*column, direction.clone());
    }
    Ok((query.limit(page.limit + 1), sort))
}

/// Column prefixes of the joined tables in a page's result.
const SPEAKER: &str = "joined_speaker_";
const ORGANIZATION: &str = "joined_organization_";
const DOCUMENT: &str = "joined_document_";

/// Left-joins `E` on `E.id = statement.<on>` and selects its columns under
/// `prefix`; those in `blank` are selected as empty text instead.
fn join<E: EntityTrait>(
    select: &mut sea_orm::sea_query::SelectStatement,
    on: statement::Column,
    prefix: &str,
    blank: &[&str],
) {
    use sea_orm::{IdenStatic, Iterable};
    let table = E::default();
    let id = E::Column::iter()
        .find(|c| c.as_str() == "id")
        .expect("every table has an id");
    select.left_join(
        table,
        Expr::col((table, id)).equals((statement::Entity, on)),
    );
    for column in E::Column::iter() {
        let alias = format!("{prefix}{}", column.as_str());
        if blank.contains(&column.as_str()) {
            select.expr_as(Expr::val(""), alias);
        } else {
            select.expr_as(Expr::col((table, column)), alias);
        }
    }
}

/// The joined row under `prefix`, if it was joined and the statement has one.
fn optional<M: sea_orm::FromQueryResult>(
    joined: bool,
    row: &sea_orm::QueryResult,
    prefix: &str,
) -> Result<Option<M>, Error> {
    if !joined || row.try_get::<Option<i64>>(prefix, "id")?.is_none() {
        return Ok(None);
    }
    Ok(Some(M::from_query_result(row, prefix)?))
}

/// What statements are counted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountBy {
    Speaker,
    /// Every organization a statement counts for, as the `organization`
    /// filter means it: its own, its speaker's on its date, and the
    /// ancestors of both. A statement counts under each.
    Organization,
    /// The organization a statement names as its own, alone.
    OwnOrganization,
    Topic,
    Language,
    Document,
    Kind,
    Month,
    ReviewStatus,
}

impl CountBy {
    /// The name GraphQL gives the dimension, for messages.
    fn name(self) -> &'static str {
        match self {
            Self::Speaker => "SPEAKER",
            Self::Organization => "ORGANIZATION",
            Self::OwnOrganization => "OWN_ORGANIZATION",
            Self::Topic => "TOPIC",
            Self::Language => "LANGUAGE",
            Self::Document => "DOCUMENT",
            Self::Kind => "KIND",
            Self::Month => "MONTH",
            Self::ReviewStatus => "REVIEW_STATUS",
        }
    }

    /// The label of the group of statements that have no value for the
    /// dimension. Every statement has a language, a document, a kind and a
    /// review status, so their counts have no such group.
    fn missing_label(self) -> &'static str {
        match self {
            Self::Speaker => "(no speaker)",
            Self::Organization | Self::OwnOrganization => "(no organization)",
            Self::Topic => "(no topic)",
            Self::Month => "(no date)",
            Self::Language => "(no language)",
            Self::Document => "(no document)",
            Self::Kind => "(no kind)",
            Self::ReviewStatus => "(no review status)",
        }
    }

    /// The SQL of the dimension's value on a `statement` row, `NULL` for
    /// none; a topic's is read from `statement_topic` joined as
    /// [`COUNTED_TOPIC`], an organization's from [`COUNTED_ORGANIZATION`].
    fn key_sql(self, backend: DbBackend) -> String {
        let column = |name: &str| format!("\"statement\".\"{name}\"");
        match self {
            Self::Speaker => column("speaker_id"),
            Self::Organization => format!("\"{COUNTED_ORGANIZATION}\".\"organization_id\""),
            Self::OwnOrganization => column("organization_id"),
            Self::Document => column("document_id"),
            Self::Language => column("language"),
            Self::Kind => column("kind"),
            Self::ReviewStatus => column("review_status"),
            Self::Month => crate::database::month_key_sql(backend, "\"statement\"", "NULL"),
            Self::Topic => format!("\"{COUNTED_TOPIC}\".\"topic_id\""),
        }
    }
}

/// What a group of a count is keyed by: it can be given back in a filter.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum BucketKey {
    /// A speaker, organization or document.
    Node(NodeRef),
    /// A topic, keyed by its slug.
    Topic { slug: String, id: i64 },
    /// A language code, a kind's or review status's name, a month
    /// (`2022-01`) or, for statements dated only to the year, a year
    /// (`2022`).
    Text(String),
    /// The statements that have no value for the dimension: no speaker, no
    /// organization, no topic, no date.
    Missing,
}

impl BucketKey {
    /// The object the key stands for: a speaker, organization, document or
    /// topic.
    pub fn node(&self) -> Option<NodeRef> {
        match self {
            Self::Node(node) => Some(*node),
            Self::Topic { id, .. } => Some(NodeRef::new(NodeType::Topic, *id)),
            Self::Text(_) | Self::Missing => None,
        }
    }
}

/// One group of a count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    pub key: BucketKey,
    pub label: String,
    pub count: i64,
    /// The group's statements counted by the second dimension, when one was
    /// asked for.
    pub breakdown: Option<Vec<Bucket>>,
}

/// Groups as read from the database, each with its count: keyed by an id
/// (speaker, organization, document, topic) or a text (language, kind,
/// review status, `YYYY-MM` or `YYYY`) as the database writes it, `None`
/// for the statements with no value.
pub type Groups = Vec<(Option<String>, i64)>;

/// The most (group, subgroup) pairs a count by two dimensions answers: more
/// is refused, so that one request cannot ask for the corpus twice over
/// (speakers by document, say). A month of the corpus by organization is a
/// few hundred. With a top (`then_top` of [`count`]), the bound is on the
/// pairs kept.
pub const MAX_PAIRS: usize = 10_000;

/// The most pairs read to keep the top subgroups of: the bound on the
/// memory of one count, past which the filter must be narrower.
pub const MAX_PAIRS_READ: usize = 250_000;

/// The alias `statement_topic` is joined under in a count by two
/// dimensions, one of them the topic.
const COUNTED_TOPIC: &str = "counted_topic";

/// The name a count by [`CountBy::Organization`] joins the organizations
/// a statement counts for under (see [`with_counted_organizations`]).
const COUNTED_ORGANIZATION: &str = "counted_organization";

/// `query` (a select from `statement` that joins [`COUNTED_ORGANIZATION`]
/// as a table) with that table defined in front of it: each statement's
/// `statement_organization` rows, each with every ancestor of its
/// organization (a statement may be there twice for one organization: count
/// distinct statements). The organization tree is small; the expansion
/// joins the statements the query selects, through the index on
/// `statement_organization`.
fn with_counted_organizations(
    backend: DbBackend,
    query: &sea_orm::sea_query::SelectStatement,
) -> sea_orm::Statement {
    let built = backend.build(query);
    let sql = format!(
        "WITH RECURSIVE counted_up(organization_id, ancestor_id) AS ( \
           SELECT id, id FROM organization \
           UNION \
           SELECT counted_up.organization_id, o.parent_id FROM counted_up \
           JOIN organization o ON o.id = counted_up.ancestor_id WHERE o.parent_id IS NOT NULL \
         ), \
         {COUNTED_ORGANIZATION}(statement_id, organization_id) AS ( \
           SELECT so.statement_id, counted_up.ancestor_id FROM statement_organization so \
           JOIN counted_up ON counted_up.organization_id = so.organization_id \
         ) {}",
        built.sql
    );
    sea_orm::Statement::from_sql_and_values(
        backend,
        sql,
        built.values.map_or_else(Vec::new, |v| v.0),
    )
}

/// Left-joins [`COUNTED_ORGANIZATION`] to a select from `statement`.
fn join_counted_organizations<
    S: QueryTrait<QueryStatement = sea_orm::sea_query::SelectStatement>,
>(
    select: &mut S,
) {
    let table = sea_orm::sea_query::Alias::new(COUNTED_ORGANIZATION);
    select.query().join(
        sea_orm::JoinType::LeftJoin,
        table.clone(),
        Expr::col((table, sea_orm::sea_query::Alias::new("statement_id")))
            .equals((statement::Entity, statement::Column::Id)),
    );
}

/// Counts the statements matching `filter`, grouped `by` and, when
/// `then_by` is given, each group by that second dimension; largest group
/// first, the group of statements with no value last. The groups add up to
/// the statements the filter selects, but by topic: a statement counts
/// under each of its topics. By one dimension and by two from the tallies
/// where they hold them (see [`super::tally`]), otherwise from the
/// statements (the pairs of two dimensions in one grouped query).
///
/// With `then_top`, each breakdown keeps only the subgroups among the
/// `then_top` largest over all groups (and the subgroup with no value):
/// what a chart of a few series needs, whatever the number of subgroups.
pub async fn count(
    db: &DatabaseConnection,
    filter: &StatementFilter,
    by: CountBy,
    then_by: Option<CountBy>,
    then_top: Option<usize>,
    counting: Counting,
) -> Result<Vec<Bucket>, Error> {
    if then_by == Some(by) {
        return Err(Error::BadInput(format!(
            "`thenBy` must differ from `by`: both are {}; leave `thenBy` out to count by one dimension",
            by.name()
        )));
    }
    // The tallies count statements, not utterances.
    let from_tally = counting == Counting::Statements;
    let tallied = if from_tally {
        super::tally::counts(db, filter, by).await?
    } else {
        None
    };
    let mut condition = None;
    let groups = match tallied {
        Some(groups) => groups,
        None => {
            let counted = condition_for(db, filter, Purpose::Count).await?;
            let groups = groups(db, counted.clone(), by, counting).await?;
            condition = Some(counted);
            groups
        }
    };
    let labels = labels_of(db, by, groups.iter().map(|g| &g.0)).await?;
    let mut buckets: Vec<(Option<String>, Bucket)> = keyed(groups, &labels);

    if let Some(then_by) = then_by {
        let limit = if then_top.is_some() {
            MAX_PAIRS_READ
        } else {
            MAX_PAIRS
        };
        let tallied = if from_tally {
            super::tally::pairs(db, filter, by, then_by, limit).await?
        } else {
            None
        };
        let mut pairs = match tallied {
            Some(pairs) => pairs,
            None => {
                let condition = match condition {
                    Some(condition) => condition,
                    None => condition_for(db, filter, Purpose::Count).await?,
                };
                pairs(db, condition, by, then_by, counting, limit).await?
            }
        };
        if let Some(top) = then_top {
            keep_top(&mut pairs, top);
            if pairs.len() > MAX_PAIRS {
                return Err(too_many_pairs(by, then_by, MAX_PAIRS));
            }
        }
        let labels = labels_of(db, then_by, pairs.iter().map(|p| &p.1)).await?;
        let mut within: HashMap<Option<String>, Groups> = HashMap::new();
        for (first, second, count) in pairs {
            within.entry(first).or_default().push((second, count));
        }
        for (raw, bucket) in &mut buckets {
            let mut breakdown: Vec<Bucket> = keyed(within.remove(raw).unwrap_or_default(), &labels)
                .into_iter()
                .map(|(_, b)| b)
                .collect();
            sort_buckets(&mut breakdown);
            bucket.breakdown = Some(breakdown);
        }
    }
    let mut buckets: Vec<Bucket> = buckets.into_iter().map(|(_, b)| b).collect();
    sort_buckets(&mut buckets);
    Ok(buckets)
}

/// Largest first, the statements with no value last (so that the first
/// bucket of a count by speaker is a speaker); of one count, by key.
fn sort_buckets(buckets: &mut [Bucket]) {
    buckets.sort_by(|a, b| {
        (a.key == BucketKey::Missing)
            .cmp(&(b.key == BucketKey::Missing))
            .then_with(|| b.count.cmp(&a.count))
            .then_with(|| a.key.cmp(&b.key))
    });
}

/// The groups of the statements matching `condition` by one dimension.
async fn groups(
    db: &DatabaseConnection,
    condition: Condition,
    by: CountBy,
    counting: Counting,
) -> Result<Groups, Error> {
    use statement::Column as C;
    let count = counted(counting);
    match by {
        CountBy::Speaker => count_ids(db, condition, C::SpeakerId, counting).await,
        CountBy::Organization => {
            let mut select = statement::Entity::find()
                .select_only()
                .column_as(Expr::cust(by.key_sql(db.get_database_backend())), "key")
                .column_as(counted_distinct(counting), "count")
                .filter(condition)
                .group_by(Expr::cust(by.key_sql(db.get_database_backend())));
            join_counted_organizations(&mut select);
            let query = with_counted_organizations(db.get_database_backend(), select.as_query());
            let mut groups = Groups::new();
            for row in sea_orm::ConnectionTrait::query_all_raw(db, query).await? {
                let key: Option<i64> = row.try_get_by_index(0)?;
                let count: i64 = row.try_get_by_index(1)?;
                groups.push((key.map(|id| id.to_string()), count));
            }
            Ok(groups)
        }
        CountBy::OwnOrganization => count_ids(db, condition, C::OrganizationId, counting).await,
        CountBy::Document => count_ids(db, condition, C::DocumentId, counting).await,
        CountBy::Topic => {
            let matching = statement::Entity::find()
                .select_only()
                .column(C::Id)
                .filter(condition.clone())
                .into_query();
            let topics: Vec<(i64, i64)> = match counting {
                Counting::Statements => {
                    statement_topic::Entity::find()
                        .select_only()
                        .column(statement_topic::Column::TopicId)
                        .column_as(statement_topic::Column::StatementId.count(), "count")
                        .filter(statement_topic::Column::StatementId.in_subquery(matching))
                        .group_by(statement_topic::Column::TopicId)
                        .into_tuple()
                        .all(db)
                        .await?
                }
                // An utterance counts under a topic when any of its
                // selected reports has it.
                Counting::Utterances => {
                    let mut select = statement::Entity::find()
                        .select_only()
                        .column(statement_topic::Column::TopicId)
                        .column_as(Expr::cust(DISTINCT_UTTERANCES), "count")
                        .filter(condition.clone())
                        .group_by(statement_topic::Column::TopicId);
                    QueryTrait::query(&mut select).join(
                        sea_orm::JoinType::InnerJoin,
                        statement_topic::Entity,
                        Expr::col((
                            statement_topic::Entity,
                            statement_topic::Column::StatementId,
                        ))
                        .equals((statement::Entity, C::Id)),
                    );
                    select.into_tuple().all(db).await?
                }
            };
            // `NOT EXISTS`, probing the link's primary key statement by
            // statement, rather than `NOT IN` every link.
            let untagged = statement::Entity::find()
                .filter(condition)
                .filter(
                    Expr::exists(
                        Query::select()
                            .expr(Expr::val(1))
                            .from(statement_topic::Entity)
                            .and_where(
                                Expr::col((
                                    statement_topic::Entity,
                                    statement_topic::Column::StatementId,
                                ))
                                .equals((statement::Entity, C::Id)),
                            )
                            .to_owned(),
                    )
                    .not(),
                )
                .select_only()
                .column_as(count, "count")
                .into_tuple::<i64>()
                .one(db)
                .await?
                .unwrap_or(0);
            let mut groups: Groups = topics
                .into_iter()
                .map(|(id, count)| (Some(id.to_string()), count))
                .collect();
            if untagged > 0 {
                groups.push((None, untagged));
            }
            Ok(groups)
        }
        CountBy::Language => count_strings(db, condition, Expr::col(C::Language), count).await,
        CountBy::Kind => count_strings(db, condition, Expr::col(C::Kind), count).await,
        CountBy::ReviewStatus => {
            count_strings(db, condition, Expr::col(C::ReviewStatus), count).await
        }
        CountBy::Month => {
            let month = Expr::cust(by.key_sql(db.get_database_backend()));
            count_strings(db, condition, month, count).await
        }
    }
}

/// The (group, subgroup, count) triples of the statements matching
/// `condition` by two dimensions: one grouped query, whatever the number of
/// groups. A statement with several topics counts once under each; one
/// with none, under no topic. Refused past `limit` pairs.
async fn pairs(
    db: &DatabaseConnection,
    condition: Condition,
    by: CountBy,
    then_by: CountBy,
    counting: Counting,
    limit: usize,
) -> Result<Vec<(Option<String>, Option<String>, i64)>, Error> {
    let backend = db.get_database_backend();
    let (first, second) = (by.key_sql(backend), then_by.key_sql(backend));
    let mut select = statement::Entity::find()
        .select_only()
        .column_as(Expr::cust(format!("CAST({first} AS TEXT)")), "first_key")
        .column_as(Expr::cust(format!("CAST({second} AS TEXT)")), "second_key")
        .filter(condition)
        .group_by(Expr::cust(first))
        .group_by(Expr::cust(second))
        .limit(limit as u64 + 1);
    let organizations = by == CountBy::Organization || then_by == CountBy::Organization;
    select = select.column_as(
        if organizations {
            counted_distinct(counting)
        } else {
            counted(counting)
        },
        "count",
    );
    if by == CountBy::Topic || then_by == CountBy::Topic {
        let topic = sea_orm::sea_query::Alias::new(COUNTED_TOPIC);
        QueryTrait::query(&mut select).join_as(
            sea_orm::JoinType::LeftJoin,
            statement_topic::Entity,
            topic.clone(),
            Expr::col((topic, statement_topic::Column::StatementId))
                .equals((statement::Entity, statement::Column::Id)),
        );
    }
    let rows: Vec<(Option<String>, Option<String>, i64)> = if organizations {
        join_counted_organizations(&mut select);
        let query = with_counted_organizations(backend, select.as_query());
        let mut rows = Vec::new();
        for row in sea_orm::ConnectionTrait::query_all_raw(db, query).await? {
            rows.push((
                row.try_get_by_index(0)?,
                row.try_get_by_index(1)?,
                row.try_get_by_index(2)?,
            ));
        }
        rows
    } else {
        select.into_tuple().all(db).await?
    };
    if rows.len() > limit {
        return Err(too_many_pairs(by, then_by, limit));
    }
    Ok(rows)
}

/// The error of a count by two dimensions past `limit` groups.
pub(super) fn too_many_pairs(by: CountBy, then_by: CountBy, limit: usize) -> Error {
    let advice = if limit == MAX_PAIRS {
        "narrow the filter, or keep the largest subgroups with `thenByTop`"
    } else {
        "narrow the filter"
    };
    Error::BadInput(format!(
        "counting by {} then by {} makes more than {limit} groups, more than one answer \
         holds; {advice}",
        by.name(),
        then_by.name()
    ))
}

/// Keeps the pairs whose subgroup is among the `top` largest over all
/// groups (ties by key), or has no value.
fn keep_top(pairs: &mut Vec<(Option<String>, Option<String>, i64)>, top: usize) {
    let mut totals: HashMap<&str, i64> = HashMap::new();
    for (_, second, count) in pairs.iter() {
        if let Some(key) = second {
            *totals.entry(key).or_default() += count;
        }
    }
    let mut ranked: Vec<(&str, i64)> = totals.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
    let kept: std::collections::HashSet<String> = ranked
        .into_iter()
        .take(top)
        .map(|(key, _)| key.to_owned())
        .collect();
    pairs.retain(|(_, second, _)| second.as_ref().is_none_or(|key| kept.contains(key)));
}

/// The key and label of each group key `by` reads, for the keys in `raw`.
/// A topic that is gone has none (its group is left out); a speaker,
/// organization or document that is gone is labelled with nothing.
async fn labels_of<'a>(
    db: &DatabaseConnection,
    by: CountBy,
    raw: impl Iterator<Item = &'a Option<String>>,
) -> Result<HashMap<Option<String>, (BucketKey, String)>, Error> {
    let mut out = HashMap::new();
    let mut ids = Vec::new();
    for key in raw {
        match key {
            None => {
                out.insert(None, (BucketKey::Missing, by.missing_label().to_owned()));
            }
            Some(text) => {
                let labelled = match by {
                    CountBy::Language => Some((BucketKey::Text(text.clone()), language_name(text))),
                    CountBy::Kind => {
                        Some((BucketKey::Text(text.to_uppercase()), text.replace('_', " ")))
                    }
                    CountBy::ReviewStatus => {
                        Some((BucketKey::Text(text.to_uppercase()), text.clone()))
                    }
                    CountBy::Month if text.len() == 4 => Some((
                        BucketKey::Text(text.clone()),
                        format!("{text}, month unknown"),
                    )),
                    CountBy::Month => Some((BucketKey::Text(text.clone()), text.clone())),
                    CountBy::Speaker
                    | CountBy::Organization
                    | CountBy::OwnOrganization
                    | CountBy::Document
                    | CountBy::Topic => {
                        if let Ok(id) = text.parse::<i64>() {
                            ids.push(id);
                        }
                        None
                    }
                };
                if let Some(labelled) = labelled {
                    out.insert(Some(text.clone()), labelled);
                }
            }
        }
    }
    if ids.is_empty() {
        return Ok(out);
    }
    let (node_type, names) = match by {
        CountBy::Speaker => (
            NodeType::Speaker,
            labels::<speaker::Entity>(db, speaker::Column::Id, speaker::Column::Name, &ids).await?,
        ),
        CountBy::Organization | CountBy::OwnOrganization => (
            NodeType::Organization,
            labels::<organization::Entity>(
                db,
                organization::Column::Id,
                organization::Column::Name,
                &ids,
            )
            .await?,
        ),
        CountBy::Document => (
            NodeType::Document,
            labels::<document::Entity>(db, document::Column::Id, document::Column::Title, &ids)
                .await?,
        ),
        _ => {
            let topics = topic::Entity::find()
                .filter(topic::Column::Id.is_in(ids))
                .all(db)
                .await?;
            for t in topics {
                out.insert(
                    Some(t.id.to_string()),
                    (
                        BucketKey::Topic {
                            slug: t.key,
                            id: t.id,
                        },
                        t.label_en,
                    ),
                );
            }
            return Ok(out);
        }
    };
    for id in ids {
        let label = names.get(&id).cloned().unwrap_or_default();
        out.insert(
            Some(id.to_string()),
            (BucketKey::Node(NodeRef::new(node_type, id)), label),
        );
    }
    Ok(out)
}

/// Groups as buckets (with no breakdown), each beside its raw key; groups
/// `labels` has no entry for are left out.
fn keyed(
    groups: Groups,
    labels: &HashMap<Option<String>, (BucketKey, String)>,
) -> Vec<(Option<String>, Bucket)> {
    groups
        .into_iter()
        .filter_map(|(raw, count)| {
            let (key, label) = labels.get(&raw)?.clone();
            Some((
                raw,
                Bucket {
                    key,
                    label,
                    count,
                    breakdown: None,
                },
            ))
        })
        .collect()
}

/// The `label` column of the rows of `E` with these ids, read in chunks
/// that stay under both databases' limits on bound parameters (a count by
/// document has a group per document).
async fn labels<E: EntityTrait>(
    db: &DatabaseConnection,
    id: E::Column,
    label: E::Column,
    ids: &[i64],
) -> Result<HashMap<i64, String>, Error> {
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(10_000) {
        let rows: Vec<(i64, String)> = E::find()
            .select_only()
            .column(id)
            .column(label)
            .filter(id.is_in(chunk.iter().copied()))
            .into_tuple()
            .all(db)
            .await?;
        out.extend(rows);
    }
    Ok(out)
}

/// Groups by an id column, statements with none in the `None` group.
async fn count_ids(
    db: &DatabaseConnection,
    condition: Condition,
    column: statement::Column,
    counting: Counting,
) -> Result<Groups, Error> {
    let groups: Vec<(Option<i64>, i64)> = statement::Entity::find()
        .select_only()
        .column(column)
        .column_as(counted(counting), "count")
        .filter(condition)
        .group_by(column)
        .into_tuple()
        .all(db)
        .await?;
    Ok(groups
        .into_iter()
        .map(|(id, count)| (id.map(|id| id.to_string()), count))
        .collect())
}

/// Groups by a text expression, `NULL` in the `None` group.
async fn count_strings(
    db: &DatabaseConnection,
    condition: Condition,
    key: sea_orm::sea_query::SimpleExpr,
    count: sea_orm::sea_query::SimpleExpr,
) -> Result<Groups, Error> {
    Ok(statement::Entity::find()
        .select_only()
        .column_as(key.clone(), "key")
        .column_as(count, "count")
        .filter(condition)
        .group_by(key)
        .into_tuple()
        .all(db)
        .await?)
}

/// [`counted`] where a join may repeat a statement in a group.
fn counted_distinct(counting: Counting) -> sea_orm::sea_query::SimpleExpr {
    match counting {
        Counting::Statements => Expr::cust("COUNT(DISTINCT \"statement\".\"id\")"),
        Counting::Utterances => Expr::cust(DISTINCT_UTTERANCES),
    }
}

/// The aggregate that counts what `counting` counts in a group.
fn counted(counting: Counting) -> sea_orm::sea_query::SimpleExpr {
    match counting {
        Counting::Statements => Expr::cust("COUNT(*)"),
        Counting::Utterances => Expr::cust(DISTINCT_UTTERANCES),
    }
}

fn language_name(code: &str) -> String {
    match code {
        "ru" => "Russian".to_owned(),
        "en" => "English".to_owned(),
        "kk" => "Kazakh".to_owned(),
        other => other.to_owned(),
    }
}
