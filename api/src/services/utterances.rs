//! Utterances: one act of saying, reported by one statement or by many
//! (one interview quoted by two outlets, in two languages).
//!
//! Every statement the store writes belongs to an utterance: a new one of
//! its own, until linking finds another report of the same act of saying.
//! Linking (`link`) runs in the writer's transaction whenever the store
//! adds or changes statements, and over the whole database in
//! `claimgraph link` ([`link_all`]). For a statement standing alone it
//! looks for **candidates**: statements of other documents by the same
//! speaker (or, when either has none, on behalf of the same organization)
//! that could have been said on the same day: each report's possible days
//! are its `said` date, or else the [`REPORTED_WITHIN`] days up to its
//! document's publication. Each candidate is scored (see [`similarity`]):
//! in the same language by the stemmed terms the two share, across
//! languages by what survives translation; the statement joins the
//! utterance of its best candidate scoring at least [`SAME_LANGUAGE`] or
//! [`CROSS_LANGUAGE`]. Candidates are never of its own document, but an
//! utterance may hold two reports of one article (a lead and the quote it
//! announces), each linked to a report elsewhere: when a statement scores
//! high enough with two utterances and its article already reports one of
//! them, the two are one (`absorb_restated`). A wrong link
//! is worse than a missing one: the thresholds are set for precision, as
//! `claimgraph eval` measures them against annotated pairs.
//!
//! A statement keeps how it joined (`link_method`, `link_score`). A
//! curator's decisions stand: statements put together by
//! [`link_statements`] (method `curated`) and one split off by
//! [`unlink_statement`] (method `split`) are never moved by the linker, and
//! a split statement is nobody's candidate. Neither is moved a copy's
//! statement that `attach_copy` put with the original's report of the
//! same text (method `copy`).
//!
//! An utterance's `report_count` counts its reports that are not rejected,
//! its `speaker_id` and `said_on` are those of its first report (by id),
//! kept by `recount` whenever its reports change; an utterance left with
//! none is deleted.

pub mod lexicon;
pub mod similarity;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{Duration, NaiveDate};
use entity::kinds::{DatePrecision, ReviewStatus};
use entity::{document, mention, statement, statement_topic, utterance};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, NotSet,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, RelationTrait, Set,
};

use self::similarity::{Features, anchor_similarity, span, terms_similarity};
use super::mentions::Names;
use super::store::Subject;

/// How many days before its publication a report without a date of its
/// own may be reporting.
pub const REPORTED_WITHIN: i64 = 60;
/// The least same-language similarity that links.
pub const SAME_LANGUAGE: f64 = 0.6;
/// The least cross-language similarity that links.
pub const CROSS_LANGUAGE: f64 = 0.66;

/// How a statement joined its utterance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Linked by the similarity of stemmed terms, in one language.
    SameLanguage,
    /// Linked by names, figures, dates and topics, across languages.
    CrossLanguage,
    /// Put with the others by a curator.
    Curated,
    /// Split off by a curator: stands alone, and stays so.
    Split,
    /// A statement of a copy (the same article reposted), put in the
    /// utterance of the original's statement at the same text by
    /// `attach_copy`; stays there.
    Copy,
}

impl Method {
    pub fn name(self) -> &'static str {
        match self {
            Self::SameLanguage => "same_language",
            Self::CrossLanguage => "cross_language",
            Self::Curated => "curated",
            Self::Split => "split",
            Self::Copy => "copy",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        [
            Self::SameLanguage,
            Self::CrossLanguage,
            Self::Curated,
            Self::Split,
            Self::Copy,
        ]
        .into_iter()
        .find(|m| m.name() == name)
    }

    /// Whether a curator decided it (the linker leaves it alone).
    pub fn is_curated(self) -> bool {
        matches!(self, Self::Curated | Self::Split)
    }

    /// Whether the linker leaves it alone: a curator's decision, or a copy's
    /// statement placed with the original's.
    pub fn is_fixed(self) -> bool {
        self.is_curated() || self == Self::Copy
    }
}

/// A statement as the linker reads it.
#[derive(Debug, Clone)]
struct Report {
    id: i64,
    document_id: i64,
    utterance_id: Option<i64>,
    speaker_id: Option<i64>,
    organization_id: Option<i64>,
    language: String,
    /// The first and last day it may have been said (`None`: any day).
    days: Option<(NaiveDate, NaiveDate)>,
    method: Option<Method>,
    text: String,
}

impl Report {
    fn of(row: statement::Model) -> Self {
        let days = match (row.said_on, row.dated_precision) {
            (Some(said), _) => Some(span(said, row.said_precision.or(Some(DatePrecision::Day)))),
            // Dated by its document's publication: said before.
            (None, Some(precision)) => {
                let (first, last) = span(row.dated_on, Some(precision));
                Some((first - Duration::days(REPORTED_WITHIN), last))
            }
            // Only the day it was stored: nothing known.
            (None, None) => None,
        };
        Report {
            id: row.id,
            document_id: row.document_id,
            utterance_id: row.utterance_id,
            speaker_id: row.speaker_id,
            organization_id: row.organization_id,
            language: row.language,
            days,
            method: row.link_method.as_deref().and_then(Method::parse),
            text: row.text,
        }
    }

    /// Whether the two may report one act of saying: the same voice, and a
    /// day both could have been said on (a day's slack for time zones).
    fn may_share_utterance(&self, other: &Report, same_speakers: &[i64]) -> bool {
        let same_voice = match (self.speaker_id, other.speaker_id) {
            (Some(_), Some(b)) => same_speakers.contains(&b),
            _ => self.organization_id.is_some() && self.organization_id == other.organization_id,
        };
        let same_time = match (self.days, other.days) {
            (Some((a0, a1)), Some((b0, b1))) => {
                a0 <= b1 + Duration::days(1) && b0 <= a1 + Duration::days(1)
            }
            _ => true,
        };
        same_voice && same_time && self.document_id != other.document_id
    }
}

/// A score and the method that gave it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Score {
    pub value: f64,
    pub method: Method,
}

/// How alike two reports are, and whether it is enough to link them.
fn score(a: &Report, fa: &Features, b: &Report, fb: &Features) -> Option<Score> {
    let (value, method, threshold) = if a.language == b.language {
        (
            terms_similarity(fa, fb),
            Method::SameLanguage,
            SAME_LANGUAGE,
        )
    } else {
        (
            anchor_similarity(fa, fb),
            Method::CrossLanguage,
            CROSS_LANGUAGE,
        )
    };
    (value >= threshold).then_some(Score { value, method })
}

/// The features of reports, read with their subjects and topics.
async fn features(
    conn: &impl ConnectionTrait,
    names: &Names,
    reports: &[&Report],
) -> Result<HashMap<i64, Features>, DbErr> {
    let ids: Vec<i64> = reports.iter().map(|r| r.id).collect();
    let mut subjects: HashMap<i64, Vec<Subject>> = HashMap::new();
    let mut topics: HashMap<i64, Vec<i64>> = HashMap::new();
    for chunk in ids.chunks(1_000) {
        for m in mention::Entity::find()
            .filter(mention::Column::StatementId.is_in(chunk.iter().copied()))
            .all(conn)
            .await?
        {
            let subject = match (m.speaker_id, m.organization_id) {
                (Some(id), _) => Subject::Speaker(id),
                (None, Some(id)) => Subject::Organization(id),
                (None, None) => continue,
            };
            subjects.entry(m.statement_id).or_default().push(subject);
        }
        for t in statement_topic::Entity::find()
            .filter(statement_topic::Column::StatementId.is_in(chunk.iter().copied()))
            .all(conn)
            .await?
        {
            topics.entry(t.statement_id).or_default().push(t.topic_id);
        }
    }
    Ok(reports
        .iter()
        .map(|r| {
            let mut own = BTreeSet::new();
            if let Some(id) = r.speaker_id {
                own.extend(names.keys_of(Subject::Speaker(id)));
            }
            if let Some(id) = r.organization_id {
                own.extend(names.keys_of(Subject::Organization(id)));
            }
            let features = Features::of(
                &r.text,
                subjects
                    .remove(&r.id)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|s| (s, names.keys_of(s))),
                topics.remove(&r.id).unwrap_or_default(),
                &own,
            );
            (r.id, features)
        })
        .collect())
}

/// Gives each of `ids` (just added: no utterance yet) an utterance of its
/// own, then links them.
pub(crate) async fn place(conn: &impl ConnectionTrait, ids: &[i64]) -> Result<(), DbErr> {
    for row in rows(conn, ids).await? {
        alone(conn, &row, None).await?;
    }
    link(conn, ids).await?;
    Ok(())
}

/// A new utterance for `statement` alone, with `method` (`None`, or a
/// curator's split); returns its id.
async fn alone(
    conn: &impl ConnectionTrait,
    row: &statement::Model,
    method: Option<Method>,
) -> Result<i64, DbErr> {
    let id = utterance::ActiveModel {
        id: NotSet,
        speaker_id: Set(row.speaker_id),
        said_on: Set(row.said_on),
        said_precision: Set(row.said_precision),
        report_count: Set(i32::from(row.review_status != ReviewStatus::Rejected)),
    }
    .insert(conn)
    .await?
    .id;
    let old = row.utterance_id;
    statement::Entity::update_many()
        .col_expr(statement::Column::UtteranceId, Expr::val(id))
        .col_expr(
            statement::Column::LinkMethod,
            Expr::val(method.map(|m| m.name().to_owned())),
        )
        .col_expr(statement::Column::LinkScore, Expr::val(None::<f64>))
        .filter(statement::Column::Id.eq(row.id))
        .exec(conn)
        .await?;
    if let Some(old) = old {
        recount(conn, &[old]).await?;
    }
    Ok(id)
}

async fn rows(conn: &impl ConnectionTrait, ids: &[i64]) -> Result<Vec<statement::Model>, DbErr> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(1_000) {
        out.extend(
            statement::Entity::find()
                .filter(statement::Column::Id.is_in(chunk.iter().copied()))
                .order_by_asc(statement::Column::Id)
                .all(conn)
                .await?,
        );
    }
    out.sort_by_key(|r| r.id);
    Ok(out)
}

/// Which statements a statement being linked is compared with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Among {
    /// Every other: it is new, or changed.
    All,
    /// Those stored before it (lower ids): relinking the whole database
    /// links each statement as when it was stored, so that `claimgraph link`
    /// finds what the store found. (Compared with later ones too, a lead
    /// could take another article's lead that the store, linking that
    /// article later, put with a better match.)
    Earlier,
}

/// Links each of `ids` that stands alone (and is not a curator's) into the
/// utterance of its best candidate, in id order. Returns how many joined one.
pub(crate) async fn link(conn: &impl ConnectionTrait, ids: &[i64]) -> Result<u64, DbErr> {
    link_among(conn, ids, Among::All).await
}

async fn link_among(conn: &impl ConnectionTrait, ids: &[i64], among: Among) -> Result<u64, DbErr> {
    let names = Names::load(conn).await?;
    let voices = names.speakers();
    let mut joined = 0;
    for id in ids {
        if link_one(conn, &names, &voices, *id, among).await? {
            joined += 1;
        }
    }
    Ok(joined)
}

async fn link_one(
    conn: &impl ConnectionTrait,
    names: &Names,
    voices: &BTreeMap<i64, BTreeSet<String>>,
    id: i64,
    among: Among,
) -> Result<bool, DbErr> {
    let Some(row) = statement::Entity::find_by_id(id).one(conn).await? else {
        return Ok(false);
    };
    if row.review_status == ReviewStatus::Rejected {
        return Ok(false);
    }
    let report = Report::of(row);
    if report.method.is_some_and(Method::is_fixed) {
        return Ok(false);
    }
    let Some(own_utterance) = report.utterance_id else {
        return Ok(false);
    };
    // Only a statement alone is placed: one others joined stays with them.
    let members = statement::Entity::find()
        .filter(statement::Column::UtteranceId.eq(own_utterance))
        .count(conn)
        .await?;
    if members > 1 {
        return Ok(false);
    }
    // The speaker, and anyone the registry or ingestion knows under a name
    // that may be theirs in another script ("Гутерриш", "Guterres").
    let speakers: Vec<i64> = match report.speaker_id {
        Some(speaker) => {
            let mine = voices.get(&speaker).cloned().unwrap_or_default();
            let mut same: Vec<i64> = voices
                .iter()
                .filter(|(id, keys)| **id != speaker && similarity::same_person(&mine, keys))
                .map(|(id, _)| *id)
                .collect();
            same.push(speaker);
            same
        }
        None => Vec::new(),
    };
    let voice = match (report.speaker_id, report.organization_id) {
        (Some(_), Some(organization)) => Condition::any()
            .add(statement::Column::SpeakerId.is_in(speakers.clone()))
            .add(
                Condition::all()
                    .add(statement::Column::SpeakerId.is_null())
                    .add(statement::Column::OrganizationId.eq(organization)),
            ),
        (Some(_), None) => {
            Condition::all().add(statement::Column::SpeakerId.is_in(speakers.clone()))
        }
        (None, Some(organization)) => {
            Condition::all().add(statement::Column::OrganizationId.eq(organization))
        }
        (None, None) => return Ok(false),
    };
    let mut query = statement::Entity::find()
        .filter(voice)
        .filter(match among {
            Among::All => statement::Column::Id.ne(id),
            Among::Earlier => statement::Column::Id.lt(id),
        })
        .filter(statement::Column::DocumentId.ne(report.document_id))
        .filter(statement::Column::ReviewStatus.ne(ReviewStatus::Rejected));
    if let Some((first, last)) = report.days {
        // A coarse bound the index serves; `may_share_utterance` is exact.
        // Statements filed only under the day they were stored may have
        // been said any day.
        let slack = Duration::days(REPORTED_WITHIN + 400);
        query = query.filter(
            Condition::any()
                .add(statement::Column::DatedPrecision.is_null())
                .add(
                    Condition::all()
                        .add(statement::Column::DatedOn.gte(first - slack))
                        .add(statement::Column::DatedOn.lte(last + slack)),
                ),
        );
    }
    let candidates: Vec<Report> = query
        .limit(500)
        .all(conn)
        .await?
        .into_iter()
        .map(Report::of)
        .filter(|c| c.method != Some(Method::Split) && report.may_share_utterance(c, &speakers))
        .collect();
    tracing::debug!(
        statement = id,
        candidates = candidates.len(),
        "utterance candidates"
    );
    if candidates.is_empty() {
        return Ok(false);
    }
    let mut all: Vec<&Report> = candidates.iter().collect();
    all.push(&report);
    let features = features(conn, names, &all).await?;
    let mine = &features[&report.id];
    // The best score of each candidate utterance.
    let mut best: BTreeMap<i64, Score> = BTreeMap::new();
    for c in &candidates {
        let Some(utterance) = c.utterance_id else {
            continue;
        };
        let theirs = &features[&c.id];
        tracing::debug!(
            statement = id,
            candidate = c.id,
            terms = similarity::terms_similarity(mine, theirs),
            anchors = similarity::anchor_similarity(mine, theirs),
            "utterance candidate"
        );
        if let Some(s) = score(&report, mine, c, theirs)
            && best.get(&utterance).is_none_or(|b| b.value < s.value)
        {
            best.insert(utterance, s);
        }
    }
    let mut ranked: Vec<(i64, Score)> = best.into_iter().collect();
    ranked.sort_by(|a, b| b.1.value.total_cmp(&a.1.value).then(a.0.cmp(&b.0)));
    let Some(&(utterance, s)) = ranked.first() else {
        return Ok(false);
    };
    statement::Entity::update_many()
        .col_expr(statement::Column::UtteranceId, Expr::val(utterance))
        .col_expr(
            statement::Column::LinkMethod,
            Expr::val(Some(s.method.name().to_owned())),
        )
        .col_expr(statement::Column::LinkScore, Expr::val(Some(s.value)))
        .filter(statement::Column::Id.eq(id))
        .exec(conn)
        .await?;
    recount(conn, &[own_utterance, utterance]).await?;
    restated(conn, &report, utterance, &ranked[1..]).await?;
    Ok(true)
}

/// After `report` went to utterance `target`: brings in each
/// of the `others` it also scores high enough with, where its article
/// restates (see [`absorb_restated`]).
async fn restated(
    conn: &impl ConnectionTrait,
    report: &Report,
    target: i64,
    others: &[(i64, Score)],
) -> Result<(), DbErr> {
    if others.is_empty() {
        return Ok(());
    }
    // Whether its article already reports the utterance it joined (a lead
    // placed before its quotation, or the other way round).
    let article_there = statement::Entity::find()
        .filter(statement::Column::UtteranceId.eq(target))
        .filter(statement::Column::DocumentId.eq(report.document_id))
        .filter(statement::Column::Id.ne(report.id))
        .count(conn)
        .await?
        > 0;
    let mut touched = vec![target];
    for (other, _) in others {
        if absorb_restated(conn, *other, target, report.document_id, article_there).await? {
            touched.push(*other);
        }
    }
    if touched.len() > 1 {
        recount(conn, &touched).await?;
    }
    Ok(())
}

/// Moves the reports of utterance `other` into `target`, where a statement
/// of `document` just went though it matches `other` well enough to link
/// too, when `document` already has a report in either (`article_there`:
/// in `target`). That article then reports one act of saying twice, as a
/// lead and the quotation it restates: say its lead went with another
/// outlet's lead (`other`), its quotation with that outlet's quotation
/// (`target`), and the quotation matches that outlet's lead as well. Both
/// utterances are one. A statement matching two utterances is not enough
/// alone: a lead summing up two things said would join them. An utterance
/// a curator put together or split is left as it is. Returns whether it
/// moved them.
async fn absorb_restated(
    conn: &impl ConnectionTrait,
    other: i64,
    target: i64,
    document: i64,
    article_there: bool,
) -> Result<bool, DbErr> {
    let members = statement::Entity::find()
        .filter(statement::Column::UtteranceId.eq(other))
        .all(conn)
        .await?;
    let restates = article_there || members.iter().any(|m| m.document_id == document);
    let curated = members.iter().any(|m| {
        m.link_method
            .as_deref()
            .and_then(Method::parse)
            .is_some_and(Method::is_curated)
    });
    if !restates || curated {
        return Ok(false);
    }
    statement::Entity::update_many()
        .col_expr(statement::Column::UtteranceId, Expr::val(target))
        .filter(statement::Column::UtteranceId.eq(other))
        .exec(conn)
        .await?;
    Ok(true)
}

/// Every pair of statements `ids` that the linker would compare (see
/// `Report::may_share_utterance`), with its score and the method that
/// scores it: what `claimgraph eval` sets the thresholds by.
pub async fn candidate_scores(
    conn: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<Vec<(i64, i64, Score)>, DbErr> {
    let names = Names::load(conn).await?;
    let voices = names.speakers();
    let reports: Vec<Report> = rows(conn, ids).await?.into_iter().map(Report::of).collect();
    let all: Vec<&Report> = reports.iter().collect();
    let features = features(conn, &names, &all).await?;
    let mut same_person: HashMap<i64, Vec<i64>> = HashMap::new();
    for r in &reports {
        if let Some(s) = r.speaker_id {
            same_person.entry(s).or_insert_with(|| {
                let mine = voices.get(&s).cloned().unwrap_or_default();
                voices
                    .iter()
                    .filter(|(id, keys)| **id == s || similarity::same_person(&mine, keys))
                    .map(|(id, _)| *id)
                    .collect()
            });
        }
    }
    let mut out = Vec::new();
    for (i, a) in reports.iter().enumerate() {
        let same = a
            .speaker_id
            .and_then(|s| same_person.get(&s).cloned())
            .unwrap_or_default();
        for b in &reports[i + 1..] {
            if !a.may_share_utterance(b, &same) {
                continue;
            }
            let (fa, fb) = (&features[&a.id], &features[&b.id]);
            let s = if a.language == b.language {
                Score {
                    value: terms_similarity(fa, fb),
                    method: Method::SameLanguage,
                }
            } else {
                Score {
                    value: similarity::anchor_similarity(fa, fb),
                    method: Method::CrossLanguage,
                }
            };
            out.push((a.id, b.id, s));
        }
    }
    Ok(out)
}

/// Why the linker does or does not put statements `a` and `b` together:
/// whether they may be reports of one utterance (voice, days, documents)
/// and their similarity scores. For `claimgraph eval --disagreements`.
pub async fn explain(conn: &impl ConnectionTrait, a: i64, b: i64) -> Result<String, DbErr> {
    let rows = rows(conn, &[a, b]).await?;
    let [ra, rb] = rows.as_slice() else {
        return Ok("not stored".to_owned());
    };
    let names = Names::load(conn).await?;
    let voices = names.speakers();
    let (ra, rb) = (Report::of(ra.clone()), Report::of(rb.clone()));
    let same_speakers: Vec<i64> = match ra.speaker_id {
        Some(s) => {
            let mine = voices.get(&s).cloned().unwrap_or_default();
            voices
                .iter()
                .filter(|(id, keys)| **id == s || similarity::same_person(&mine, keys))
                .map(|(id, _)| *id)
                .collect()
        }
        None => Vec::new(),
    };
    let features = features(conn, &names, &[&ra, &rb]).await?;
    let (fa, fb) = (&features[&ra.id], &features[&rb.id]);
    let shared: Vec<String> = fa
        .anchors
        .intersection(&fb.anchors)
        .map(|x| format!("{x:?}"))
        .collect();
    let only = |x: &Features, y: &Features| {
        x.anchors
            .difference(&y.anchors)
            .map(|a| format!("{a:?}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    Ok(format!(
        "candidates: {}; terms {:.2}, anchors {:.2} (shared: {}; only the first: {}; only the second: {})",
        if ra.may_share_utterance(&rb, &same_speakers) {
            "yes".to_owned()
        } else {
            format!(
                "no (speakers {:?}/{:?}, organizations {:?}/{:?}, days {:?}/{:?})",
                ra.speaker_id,
                rb.speaker_id,
                ra.organization_id,
                rb.organization_id,
                ra.days,
                rb.days
            )
        },
        similarity::terms_similarity(fa, fb),
        similarity::anchor_similarity(fa, fb),
        shared.join(", "),
        only(fa, fb),
        only(fb, fa)
    ))
}

/// Puts the statements of document `copy` (a copy of `original`, just
/// stored and linked) in the utterance of the original's statement with the
/// same text, with method `copy` and score 1, whether the linker had put
/// them there or not, so that relinking leaves them there. A statement whose
/// text the original does not have stays where the linker put it, as does
/// one whose target utterance already has a report from the copy. Returns
/// how many were attached.
pub(crate) async fn attach_copy(
    conn: &impl ConnectionTrait,
    copy: i64,
    original: i64,
) -> Result<u64, DbErr> {
    let of = async |document: i64| {
        statement::Entity::find()
            .filter(statement::Column::DocumentId.eq(document))
            .order_by_asc(statement::Column::SpanStart)
            .order_by_asc(statement::Column::Id)
            .all(conn)
            .await
    };
    let originals = of(original).await?;
    let mut by_text: HashMap<&str, i64> = HashMap::new();
    for row in &originals {
        if let Some(u) = row.utterance_id
            && row.review_status != ReviewStatus::Rejected
        {
            by_text.entry(row.text.as_str()).or_insert(u);
        }
    }
    let copies = of(copy).await?;
    let mut attached = 0;
    let mut touched = Vec::new();
    for row in &copies {
        let Some(&target) = by_text.get(row.text.as_str()) else {
            continue;
        };
        if row.utterance_id != Some(target) {
            // One article does not report one utterance twice.
            let taken = statement::Entity::find()
                .filter(statement::Column::UtteranceId.eq(target))
                .filter(statement::Column::DocumentId.eq(copy))
                .count(conn)
                .await?;
            if taken > 0 {
                continue;
            }
        }
        statement::Entity::update_many()
            .col_expr(statement::Column::UtteranceId, Expr::val(target))
            .col_expr(
                statement::Column::LinkMethod,
                Expr::val(Some(Method::Copy.name().to_owned())),
            )
            .col_expr(statement::Column::LinkScore, Expr::val(Some(1.0_f64)))
            .filter(statement::Column::Id.eq(row.id))
            .exec(conn)
            .await?;
        touched.push(target);
        touched.extend(row.utterance_id);
        attached += 1;
    }
    recount(conn, &touched).await?;
    Ok(attached)
}

/// Brings utterances up to date with their reports: how many are not
/// rejected, the speaker and date of the first; deletes those left with
/// none.
pub(crate) async fn recount(conn: &impl ConnectionTrait, ids: &[i64]) -> Result<(), DbErr> {
    let ids: BTreeSet<i64> = ids.iter().copied().collect();
    let ids: Vec<i64> = ids.into_iter().collect();
    // Set-based, a batch of ids at a time (they are numbers: written into
    // the SQL as such), the same SQL on both databases.
    for chunk in ids.chunks(1_000) {
        let list = chunk
            .iter()
            .map(i64::to_string)
            .collect::<Vec<_>>()
            .join(", ");
        conn.execute_unprepared(&format!(
            "DELETE FROM utterance WHERE id IN ({list}) \
             AND NOT EXISTS (SELECT 1 FROM statement s WHERE s.utterance_id = utterance.id)"
        ))
        .await?;
        conn.execute_unprepared(&format!(
            "UPDATE utterance SET \
             report_count = (SELECT COUNT(*) FROM statement s \
               WHERE s.utterance_id = utterance.id AND s.review_status <> 'rejected'), \
             speaker_id = (SELECT s.speaker_id FROM statement s \
               WHERE s.utterance_id = utterance.id ORDER BY s.id LIMIT 1), \
             said_on = (SELECT s.said_on FROM statement s \
               WHERE s.utterance_id = utterance.id AND s.said_on IS NOT NULL \
               ORDER BY s.said_on, s.id LIMIT 1), \
             said_precision = (SELECT s.said_precision FROM statement s \
               WHERE s.utterance_id = utterance.id AND s.said_on IS NOT NULL \
               ORDER BY s.said_on, s.id LIMIT 1) \
             WHERE id IN ({list})"
        ))
        .await?;
    }
    Ok(())
}

/// The utterances of statements `ids`, as stored.
pub(crate) async fn of_statements(
    conn: &impl ConnectionTrait,
    ids: &[i64],
) -> Result<Vec<i64>, DbErr> {
    let mut out = Vec::new();
    for chunk in ids.chunks(1_000) {
        out.extend(
            statement::Entity::find()
                .select_only()
                .column(statement::Column::UtteranceId)
                .filter(statement::Column::Id.is_in(chunk.iter().copied()))
                .into_tuple::<Option<i64>>()
                .all(conn)
                .await?
                .into_iter()
                .flatten(),
        );
    }
    Ok(out)
}

/// After the store changed statements `ids` (text, speaker, dates): each
/// that the linker placed stands alone again and is linked anew; a
/// curator's placement stays.
pub(crate) async fn relink(conn: &impl ConnectionTrait, ids: &[i64]) -> Result<(), DbErr> {
    let mut again = Vec::new();
    for row in rows(conn, ids).await? {
        let method = row.link_method.as_deref().and_then(Method::parse);
        if method.is_some_and(Method::is_fixed) {
            if let Some(u) = row.utterance_id {
                recount(conn, &[u]).await?;
            }
            continue;
        }
        again.push(row.id);
        alone(conn, &row, None).await?;
    }
    link(conn, &again).await?;
    Ok(())
}

/// What [`link_all`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Linked {
    /// Statements that joined another report's utterance.
    pub joined: u64,
    /// Utterances with more than one report afterwards.
    pub shared: u64,
}

/// Links the whole database again: every statement the linker placed
/// stands alone, then each is linked in id order against those before it,
/// as when they were stored (a curator's placements stay). In the caller's
/// transaction.
pub async fn link_all(conn: &impl ConnectionTrait) -> Result<Linked, DbErr> {
    super::store::serialize(conn).await?;
    let mut after = 0;
    let mut ids = Vec::new();
    loop {
        let batch = statement::Entity::find()
            .filter(statement::Column::Id.gt(after))
            .order_by_asc(statement::Column::Id)
            .limit(1_000)
            .all(conn)
            .await?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        for row in batch {
            let method = row.link_method.as_deref().and_then(Method::parse);
            if method.is_some_and(Method::is_fixed) {
                continue;
            }
            let shared = match row.utterance_id {
                Some(u) => {
                    statement::Entity::find()
                        .filter(statement::Column::UtteranceId.eq(u))
                        .count(conn)
                        .await?
                        > 1
                }
                None => true,
            };
            if shared || row.link_method.is_some() {
                alone(conn, &row, None).await?;
            }
            ids.push(row.id);
        }
    }
    let joined = link_among(conn, &ids, Among::Earlier).await?;
    let shared = utterance::Entity::find()
        .filter(utterance::Column::ReportCount.gt(1))
        .count(conn)
        .await?;
    Ok(Linked { joined, shared })
}

/// The outlets (publishing organizations' ids) and languages of each
/// utterance's reports, for display.
pub async fn outlets_and_languages(
    conn: &impl ConnectionTrait,
    utterance_ids: &[i64],
) -> Result<HashMap<i64, (BTreeSet<i64>, BTreeSet<String>)>, DbErr> {
    let mut out: HashMap<i64, (BTreeSet<i64>, BTreeSet<String>)> = HashMap::new();
    for chunk in utterance_ids.chunks(1_000) {
        let rows: Vec<(Option<i64>, String, Option<i64>)> = statement::Entity::find()
            .select_only()
            .column(statement::Column::UtteranceId)
            .column(statement::Column::Language)
            .column_as(document::Column::OutletId, "outlet_id")
            .join(
                sea_orm::JoinType::InnerJoin,
                statement::Relation::Document.def(),
            )
            .filter(statement::Column::UtteranceId.is_in(chunk.iter().copied()))
            .filter(statement::Column::ReviewStatus.ne(ReviewStatus::Rejected))
            .into_tuple()
            .all(conn)
            .await?;
        for (utterance, language, outlet) in rows {
            let Some(utterance) = utterance else { continue };
            let entry = out.entry(utterance).or_default();
            entry.1.insert(language);
            if let Some(outlet) = outlet {
                entry.0.insert(outlet);
            }
        }
    }
    Ok(out)
}

/// What a curator's link or split changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relinked {
    /// The utterance the statements are in now.
    pub utterance_id: i64,
    /// The statements whose utterance changed.
    pub changed: Vec<i64>,
}

/// Puts statements `ids` (at least two) in one utterance, as a curator
/// decides (editor role, checked by the caller): the utterance of the first
/// one, with every report of the others' utterances that the linker placed
/// there (what a curator confirms is the whole utterance). Each moves with
/// method `curated`, which the linker never undoes; recorded in their
/// history.
pub async fn link_statements(
    db: &sea_orm::DatabaseConnection,
    by: &str,
    ids: &[i64],
) -> Result<Relinked, super::Error> {
    use super::Error;
    let mut unique: Vec<i64> = Vec::new();
    for id in ids {
        if !unique.contains(id) {
            unique.push(*id);
        }
    }
    if unique.len() < 2 {
        return Err(Error::BadInput(
            "`statementIds`: give at least two different statements to link".to_owned(),
        ));
    }
    if unique.len() > 100 {
        return Err(Error::BadInput(
            "`statementIds`: at most 100 statements are linked at once".to_owned(),
        ));
    }
    let txn = crate::database::begin_write(db).await?;
    super::store::serialize(&txn).await?;
    let found = rows(&txn, &unique).await?;
    if found.len() != unique.len() {
        let missing: Vec<String> = unique
            .iter()
            .filter(|id| !found.iter().any(|r| r.id == **id))
            .map(|id| id.to_string())
            .collect();
        return Err(Error::BadInput(format!(
            "`statementIds`: no statement has the id {}",
            missing.join(", ")
        )));
    }
    let first = found
        .iter()
        .find(|r| r.id == unique[0])
        .and_then(|r| r.utterance_id);
    let Some(target) = first else {
        return Err(Error::BadInput(
            "the first statement has no utterance yet (a bulk load in progress); run `claimgraph link` first"
                .to_owned(),
        ));
    };
    let mut changes = Vec::new();
    let mut touched = vec![target];
    for row in &found {
        let method = row.link_method.as_deref().and_then(Method::parse);
        if row.utterance_id == Some(target) && method == Some(Method::Curated) {
            continue;
        }
        statement::Entity::update_many()
            .col_expr(statement::Column::UtteranceId, Expr::val(target))
            .col_expr(
                statement::Column::LinkMethod,
                Expr::val(Some(Method::Curated.name().to_owned())),
            )
            .col_expr(statement::Column::LinkScore, Expr::val(None::<f64>))
            .col_expr(
                statement::Column::Version,
                Expr::col(statement::Column::Version).add(1),
            )
            .col_expr(
                statement::Column::UpdatedAt,
                Expr::val(entity::timestamps::now()),
            )
            .filter(statement::Column::Id.eq(row.id))
            .exec(&txn)
            .await?;
        if let Some(old) = row.utterance_id {
            touched.push(old);
        }
        changes.push(link_change(row, target, by));
    }
    recount(&txn, &touched).await?;
    super::store::history::record(&txn, &changes).await?;
    txn.commit().await?;
    Ok(Relinked {
        utterance_id: target,
        changed: changes.iter().map(|c| c.statement_id).collect(),
    })
}

/// Splits statement `id` off its utterance, as a curator decides (editor
/// role, checked by the caller): it stands alone (method `split`), and the
/// linker never puts it with others again; a curator can, with
/// [`link_statements`]. A statement already alone is split all the same
/// (so that it stays alone). Recorded in its history.
pub async fn unlink_statement(
    db: &sea_orm::DatabaseConnection,
    by: &str,
    id: i64,
) -> Result<Relinked, super::Error> {
    use super::Error;
    let txn = crate::database::begin_write(db).await?;
    super::store::serialize(&txn).await?;
    let Some(row) = statement::Entity::find_by_id(id).one(&txn).await? else {
        return Err(Error::BadInput(
            "`statementId`: no statement has this id".to_owned(),
        ));
    };
    if row.link_method.as_deref() == Some(Method::Split.name()) {
        txn.commit().await?;
        return Ok(Relinked {
            utterance_id: row.utterance_id.unwrap_or_default(),
            changed: Vec::new(),
        });
    }
    let utterance = alone(&txn, &row, Some(Method::Split)).await?;
    statement::Entity::update_many()
        .col_expr(
            statement::Column::Version,
            Expr::col(statement::Column::Version).add(1),
        )
        .col_expr(
            statement::Column::UpdatedAt,
            Expr::val(entity::timestamps::now()),
        )
        .filter(statement::Column::Id.eq(id))
        .exec(&txn)
        .await?;
    super::store::history::record(&txn, &[link_change(&row, utterance, by)]).await?;
    txn.commit().await?;
    Ok(Relinked {
        utterance_id: utterance,
        changed: vec![id],
    })
}

fn link_change(row: &statement::Model, to: i64, by: &str) -> super::store::history::Change {
    let field = |utterance: Option<i64>| {
        let mut map = serde_json::Map::new();
        map.insert("utterance".to_owned(), serde_json::json!(utterance));
        map
    };
    super::store::history::Change {
        statement_id: row.id,
        action: super::store::history::Action::Link,
        by: by.to_owned(),
        before: field(row.utterance_id),
        after: field(Some(to)),
        note: None,
    }
}

/// The cursor tag of the list of utterances (most reported first).
const LIST_TAG: &str = "U";

/// A page of utterances, most reported first (ties by id), with at least
/// `min_reports` reports that are not rejected, and, with a selection, a
/// report it selects. Forward pages only (`first`, `after`).
pub async fn list(
    db: &sea_orm::DatabaseConnection,
    selection: Option<&super::statements::Selection>,
    min_reports: i32,
    request: &super::pagination::PageRequest,
    count: bool,
) -> Result<super::Page<utterance::Model>, super::Error> {
    use super::Error;
    use super::pagination::Direction;
    if request.direction == Direction::Backward || request.before.is_some() {
        return Err(Error::BadInput(
            "utterances are paged forward only: use `first` and `after`".to_owned(),
        ));
    }
    if min_reports < 1 {
        return Err(Error::BadInput(format!(
            "`minReports` must be at least 1; {min_reports} was given"
        )));
    }
    let mut condition = Condition::all().add(utterance::Column::ReportCount.gte(min_reports));
    if let Some(selection) = selection {
        condition = condition.add(utterance::Column::Id.in_subquery(selection.utterance_ids()));
    }
    let total = if count {
        Some(
            utterance::Entity::find()
                .filter(condition.clone())
                .count(db)
                .await?,
        )
    } else {
        None
    };
    let (after, _) = request.keys::<(i32, i64)>(LIST_TAG)?;
    let mut query = utterance::Entity::find().filter(condition);
    if let Some((reports, id)) = after {
        query = query.filter(
            Condition::any()
                .add(utterance::Column::ReportCount.lt(reports))
                .add(
                    Condition::all()
                        .add(utterance::Column::ReportCount.eq(reports))
                        .add(utterance::Column::Id.gt(id)),
                ),
        );
    }
    let rows = query
        .order_by_desc(utterance::Column::ReportCount)
        .order_by_asc(utterance::Column::Id)
        .limit(request.limit + 1)
        .all(db)
        .await?;
    Ok(request.finish(rows, total))
}

/// The cursor of an utterance in [`list`].
pub fn cursor(row: &utterance::Model) -> String {
    super::pagination::encode_cursor(LIST_TAG, &(row.report_count, row.id))
}
