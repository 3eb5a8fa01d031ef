//! The cross-source statement query: filters resolved to id lists here, then
//! one simple, indexed statement query in the database.
//!
//! Names (speakers, organizations, topics, subjects) are resolved by
//! [`super::resolve`] and the organization hierarchy and affiliations are
//! expanded here, in the service, so that the database only ever sees
//! `column IN (ids)` and small `EXISTS`-style subqueries: the shape that stays
//! fast on both databases whatever the mix of rare and common filters.

use std::collections::HashMap;

use chrono::NaiveDate;
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
use super::resolve::{Accept, Entity, organization_subtree_named, resolve_filter, speaker_ids};
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
    /// Statements with a stance on a proposition.
    pub stance: Option<StanceFilter>,
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
            stance: None,
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
}

impl StatementOrder {
    fn tag(self) -> &'static str {
        match self {
            Self::NewestFirst => "sn",
            Self::OldestFirst => "so",
            Self::DocumentOrder => "sd",
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
        }
    }
}

/// The sort key of a statement as a cursor carries it.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
#[serde(untagged)]
enum CursorKey {
    Dated(String, i64),
    InDocument(i64, i32, i64),
}

/// The opaque cursor of `row` in `order`.
pub fn cursor(order: StatementOrder, row: &statement::Model) -> String {
    let key = match order {
        StatementOrder::NewestFirst | StatementOrder::OldestFirst => {
            CursorKey::Dated(row.dated_on.format("%Y-%m-%d").to_string(), row.id)
        }
        StatementOrder::DocumentOrder => {
            CursorKey::InDocument(row.document_id, row.span_start, row.id)
        }
    };
    encode_cursor(order.tag(), &key)
}

fn key_values(order: StatementOrder, key: CursorKey) -> Result<Vec<Value>, Error> {
    match (order, key) {
        (StatementOrder::NewestFirst | StatementOrder::OldestFirst, CursorKey::Dated(date, id)) => {
            let date = NaiveDate::parse_from_str(&date, "%Y-%m-%d")
                .map_err(|_| Error::BadInput("the cursor is damaged".to_owned()))?;
            Ok(vec![date.into(), id.into()])
        }
        (StatementOrder::DocumentOrder, CursorKey::InDocument(doc, start, id)) => {
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
    /// Every condition of the filter but the review status.
    matching: Condition,
    review: Review,
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
        Selection {
            matching: self.matching.add(other.matching),
            review,
        }
    }

    /// The whole condition on `statement`.
    fn condition(&self) -> Condition {
        match self.review.condition() {
            Some(review) => self.matching.clone().add(review),
            None => self.matching.clone(),
        }
    }

    /// How many statements it selects. With the default review status,
    /// counted as every matching statement less the rejected ones: on
    /// either database a count without the condition on the review status
    /// is what it was before statements had one (SQLite counts a whole
    /// table from its b-tree alone), and the rejected ones are few and
    /// found through their index.
    async fn count(&self, db: &DatabaseConnection) -> Result<u64, Error> {
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
        let rejected = statement::Entity::find()
            .filter(self.matching.clone())
            .filter(statement::Column::ReviewStatus.eq(kinds::ReviewStatus::Rejected))
            .count(db)
            .await?;
        Ok(all.saturating_sub(rejected))
    }
}

/// Resolves a filter into the statements it selects, for pages.
pub async fn select(db: &DatabaseConnection, filter: &StatementFilter) -> Result<Selection, Error> {
    Ok(Selection {
        review: Review::of(filter)?,
        matching: matching(db, filter, Purpose::Page).await?,
    })
}

/// Resolves a filter into a condition on `statement`, for `purpose`,
/// review status included.
async fn condition_for(
    db: &DatabaseConnection,
    filter: &StatementFilter,
    purpose: Purpose,
) -> Result<Condition, Error> {
    let review = Review::of(filter)?;
    let condition = matching(db, filter, purpose).await?;
    Ok(match review.condition() {
        Some(review) => condition.add(review),
        None => condition,
    })
}

/// Resolves every field of a filter but the review status into a
/// condition on `statement`, for `purpose`.
async fn matching(
    db: &DatabaseConnection,
    filter: &StatementFilter,
    purpose: Purpose,
) -> Result<Condition, Error> {
    use statement::Column as C;
    let mut condition = Condition::all();

    for (field, names) in groups("speaker", &filter.speaker, &filter.speakers) {
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

    for (field, names) in groups("organization", &filter.organization, &filter.organizations) {
        let mut subtree = Vec::new();
        for name in names {
            subtree.extend(organization_subtree_named(db, field, name).await?);
        }
        subtree.sort_unstable();
        subtree.dedup();
        condition = condition.add(organization_condition(db, subtree, purpose).await?);
    }

    for (field, names) in groups("topic", &filter.topic, &filter.topics) {
        let mut topics = Vec::new();
        for name in names {
            let entities = resolve_filter(db, field, name, Accept::Topics).await?;
            topics.extend(entities.into_iter().filter_map(Entity::topic_id));
        }
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

    for (field, names) in groups("about", &filter.about, &filter.subjects) {
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
    Ok(condition)
}

/// The condition of a filter inside `any_of` or `not`: its review status is
/// a condition like any other, with no default.
async fn nested(
    db: &DatabaseConnection,
    filter: &StatementFilter,
    purpose: Purpose,
) -> Result<Condition, Error> {
    let condition = matching(db, filter, purpose).await?;
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

/// The names of one dimension, each group a condition of its own (AND):
/// the singular field alone, then the plural field's names together (OR);
/// each with the field it was given in, for error messages.
fn groups<'a>(
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

/// One page of the statements matching `condition`, in `order`, with the
/// rows `joins` names.
pub async fn list(
    db: &DatabaseConnection,
    selection: &Selection,
    order: StatementOrder,
    page: &PageRequest,
    count: bool,
    joins: Joins,
) -> Result<Page<Joined>, Error> {
    let total_count = if count {
        Some(selection.count(db).await?)
    } else {
        None
    };
    let (query, sort) = page_query(selection, order, page)?;
    if !joins.any() {
        let rows = query.all(db).await?;
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
    let backend = db.get_database_backend();
    let mut rows = Vec::new();
    for row in sea_orm::ConnectionTrait::query_all_raw(db, backend.build(&select)).await? {
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
    Organization,
    Topic,
    Language,
    Document,
    Kind,
    Month,
    ReviewStatus,
}

/// What a group of a count is keyed by: it can be given back in a filter.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum BucketKey {
    /// A speaker, organization or document.
    Node(NodeRef),
    /// A topic's slug, a language code, a kind's or review status's name or
    /// a month (`2022-01`).
    Text(String),
}

/// One group of a count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bucket {
    pub key: BucketKey,
    pub label: String,
    pub count: i64,
}

/// Counts the statements matching `filter`, grouped `by`; largest first.
/// From the tally where it holds them (see [`super::tally`]), otherwise
/// from the statements.
pub async fn count(
    db: &DatabaseConnection,
    filter: &StatementFilter,
    by: CountBy,
) -> Result<Vec<Bucket>, Error> {
    if let Some(mut buckets) = super::tally::counts(db, filter, by).await? {
        sort_buckets(&mut buckets);
        return Ok(buckets);
    }
    let condition = condition_for(db, filter, Purpose::Count).await?;
    counts(db, condition, by).await
}

fn sort_buckets(buckets: &mut [Bucket]) {
    buckets.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
}

/// Counts the statements matching `condition`, grouped `by`; largest first.
async fn counts(
    db: &DatabaseConnection,
    condition: Condition,
    by: CountBy,
) -> Result<Vec<Bucket>, Error> {
    use statement::Column as C;
    let mut buckets = match by {
        CountBy::Speaker => {
            let groups = count_ids(db, condition, C::SpeakerId).await?;
            let ids: Vec<i64> = groups.iter().map(|g| g.0).collect();
            let names =
                labels::<speaker::Entity>(db, speaker::Column::Id, speaker::Column::Name, &ids)
                    .await?;
            label_ids(groups, NodeType::Speaker, &names)
        }
        CountBy::Organization => {
            let groups = count_ids(db, condition, C::OrganizationId).await?;
            let ids: Vec<i64> = groups.iter().map(|g| g.0).collect();
            let names = labels::<organization::Entity>(
                db,
                organization::Column::Id,
                organization::Column::Name,
                &ids,
            )
            .await?;
            label_ids(groups, NodeType::Organization, &names)
        }
        CountBy::Document => {
            let groups = count_ids(db, condition, C::DocumentId).await?;
            let ids: Vec<i64> = groups.iter().map(|g| g.0).collect();
            let titles =
                labels::<document::Entity>(db, document::Column::Id, document::Column::Title, &ids)
                    .await?;
            label_ids(groups, NodeType::Document, &titles)
        }
        CountBy::Topic => {
            let matching = statement::Entity::find()
                .select_only()
                .column(C::Id)
                .filter(condition)
                .into_query();
            let groups: Vec<(i64, i64)> = statement_topic::Entity::find()
                .select_only()
                .column(statement_topic::Column::TopicId)
                .column_as(statement_topic::Column::StatementId.count(), "count")
                .filter(statement_topic::Column::StatementId.in_subquery(matching))
                .group_by(statement_topic::Column::TopicId)
                .into_tuple()
                .all(db)
                .await?;
            topic_buckets(db, groups).await?
        }
        CountBy::Language => count_strings(db, condition, Expr::col(C::Language))
            .await?
            .into_iter()
            .map(|(key, count)| Bucket {
                label: language_name(&key),
                key: BucketKey::Text(key),
                count,
            })
            .collect(),
        CountBy::Kind => count_strings(db, condition, Expr::col(C::Kind))
            .await?
            .into_iter()
            .map(|(key, count)| Bucket {
                label: key.replace('_', " "),
                key: BucketKey::Text(key.to_uppercase()),
                count,
            })
            .collect(),
        CountBy::ReviewStatus => count_strings(db, condition, Expr::col(C::ReviewStatus))
            .await?
            .into_iter()
            .map(|(key, count)| Bucket {
                label: key.clone(),
                key: BucketKey::Text(key.to_uppercase()),
                count,
            })
            .collect(),
        CountBy::Month => {
            let month = Expr::cust(crate::database::month_sql(
                db.get_database_backend(),
                "\"statement\".\"dated_on\"",
            ));
            // Only statements dated to the month or the day have a month.
            let condition = condition.add(
                C::DatedPrecision.is_in([kinds::DatePrecision::Day, kinds::DatePrecision::Month]),
            );
            count_strings(db, condition, month)
                .await?
                .into_iter()
                .map(|(key, count)| Bucket {
                    label: key.clone(),
                    key: BucketKey::Text(key),
                    count,
                })
                .collect()
        }
    };
    sort_buckets(&mut buckets);
    Ok(buckets)
}

/// (topic id, count) groups as buckets keyed by the topic's slug.
pub(super) async fn topic_buckets(
    db: &DatabaseConnection,
    groups: Vec<(i64, i64)>,
) -> Result<Vec<Bucket>, Error> {
    let topics: HashMap<i64, topic::Model> = topic::Entity::find()
        .filter(topic::Column::Id.is_in(groups.iter().map(|g| g.0)))
        .all(db)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    Ok(groups
        .into_iter()
        .filter_map(|(id, count)| {
            topics.get(&id).map(|t| Bucket {
                key: BucketKey::Text(t.key.clone()),
                label: t.label_en.clone(),
                count,
            })
        })
        .collect())
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

async fn count_ids(
    db: &DatabaseConnection,
    condition: Condition,
    column: statement::Column,
) -> Result<Vec<(i64, i64)>, Error> {
    Ok(statement::Entity::find()
        .select_only()
        .column(column)
        .column_as(statement::Column::Id.count(), "count")
        .filter(condition)
        .filter(column.is_not_null())
        .group_by(column)
        .into_tuple()
        .all(db)
        .await?)
}

async fn count_strings(
    db: &DatabaseConnection,
    condition: Condition,
    key: sea_orm::sea_query::SimpleExpr,
) -> Result<Vec<(String, i64)>, Error> {
    Ok(statement::Entity::find()
        .select_only()
        .column_as(key.clone(), "key")
        .column_as(statement::Column::Id.count(), "count")
        .filter(condition)
        .group_by(key)
        .into_tuple()
        .all(db)
        .await?)
}

fn label_ids(
    groups: Vec<(i64, i64)>,
    node_type: NodeType,
    labels: &HashMap<i64, String>,
) -> Vec<Bucket> {
    groups
        .into_iter()
        .map(|(id, count)| Bucket {
            key: BucketKey::Node(NodeRef::new(node_type, id)),
            label: labels.get(&id).cloned().unwrap_or_default(),
            count,
        })
        .collect()
}

fn language_name(code: &str) -> String {
    match code {
        "ru" => "Russian".to_owned(),
        "en" => "English".to_owned(),
        "kk" => "Kazakh".to_owned(),
        other => other.to_owned(),
    }
}
