//! The SQL that derives `statement_organization`, `statement_tally` and
//! `statement_facet_tally` from statements, their topics, affiliations and
//! the organization tree: the rule of the module above, written once for
//! both databases. The store runs it for the statements it writes,
//! [`super::bulk`] for bulk-loaded ones. (The migrations that created the
//! tables keep frozen copies for their backfill, so that they mean the same
//! thing later.)

use entity::kinds::ReviewStatus;
use entity::statement_facet_tally::NO_SPEAKER;
use entity::statement_tally::{
    EVERY_ORGANIZATION, EVERY_TOPIC, NO_MONTH, NO_ORGANIZATION, NO_TOPIC,
};
use sea_orm::{ActiveEnum, DbBackend};

/// Which statements a statement below applies to.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Scope<'a> {
    /// Every statement.
    All,
    /// Statements with an id greater than this one (a bulk load).
    After(i64),
    /// These statements.
    Ids(&'a [i64]),
    /// The statements of these speakers.
    Speakers(&'a [i64]),
}

impl Scope<'_> {
    /// A condition on the statement alias `s`. Ids are integers, so they
    /// are written into the SQL directly: no binding, no parameter limit.
    fn condition(self) -> String {
        fn list(ids: &[i64]) -> String {
            if ids.is_empty() {
                // `IN ()` is not SQL; nothing matches.
                return "NULL".to_owned();
            }
            ids.iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        }
        match self {
            Self::All => "TRUE".to_owned(),
            Self::After(id) => format!("s.id > {id}"),
            Self::Ids(ids) => format!("s.id IN ({})", list(ids)),
            Self::Speakers(ids) => format!("s.speaker_id IN ({})", list(ids)),
        }
    }
}

/// Whether [`tally_sql`] adds statements to the tally or takes them out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sign {
    Add,
    Subtract,
}

/// Deletes the `statement_organization` rows of `scope` and inserts them anew.
///
/// A statement counts for the organization it was made on behalf of, and
/// for each organization its speaker was affiliated with on its date: an
/// affiliation's end date means the end of its month or year when only
/// those are known. Duplicates between the two are skipped.
pub(crate) fn spoken_for_sql(backend: DbBackend, scope: Scope<'_>) -> [String; 2] {
    let condition = scope.condition();
    let delete = format!(
        "DELETE FROM statement_organization WHERE statement_id IN \
         (SELECT s.id FROM statement s WHERE {condition})"
    );
    [delete, spoken_for_insert(backend, scope)]
}

/// The insert of [`spoken_for_sql`] alone, for statements known to have no
/// rows yet.
pub(crate) fn spoken_for_insert(backend: DbBackend, scope: Scope<'_>) -> String {
    let condition = scope.condition();
    let last_day = match backend {
        DbBackend::Postgres => {
            "CASE a.valid_to_precision \
               WHEN 'year' THEN (date_trunc('year', a.valid_to) + interval '1 year - 1 day')::date \
               WHEN 'month' THEN (date_trunc('month', a.valid_to) + interval '1 month - 1 day')::date \
               ELSE a.valid_to END"
        }
        _ => {
            "CASE a.valid_to_precision \
               WHEN 'year' THEN date(a.valid_to, 'start of year', '+1 year', '-1 day') \
               WHEN 'month' THEN date(a.valid_to, 'start of month', '+1 month', '-1 day') \
               ELSE a.valid_to END"
        }
    };
    format!(
        "INSERT INTO statement_organization (statement_id, organization_id) \
         SELECT s.id, s.organization_id FROM statement s \
         WHERE s.organization_id IS NOT NULL AND {condition} \
         UNION ALL \
         SELECT s.id, a.organization_id FROM statement s \
         JOIN affiliation a ON a.speaker_id = s.speaker_id \
         WHERE (a.valid_from IS NULL OR s.dated_on >= a.valid_from) \
           AND (a.valid_to IS NULL OR s.dated_on <= {last_day}) \
           AND {condition} \
         ON CONFLICT DO NOTHING"
    )
}

/// Adds the statements of `scope` to the tally, or takes them out: the
/// same cells either way, so a statement taken out as it was added leaves
/// the tally as it was before (see the module above on when that holds).
///
/// Each statement in scope is expanded to (organization, topic) pairs: the
/// organizations it counts for (its `statement_organization` rows) with all
/// their ancestors, each once, plus [`EVERY_ORGANIZATION`]; its topics plus
/// [`EVERY_TOPIC`]. The pairs are grouped with the month and added to (or
/// subtracted from) the rows already there, in key order: writers that
/// share cells (every statement shares "every organization, any topic")
/// lock them in one order on PostgreSQL, so two of them wait for each
/// other instead of deadlocking.
pub(crate) fn tally_sql(backend: DbBackend, scope: Scope<'_>, sign: Sign) -> String {
    let expanded = expanded(backend, scope);
    let sign = match sign {
        Sign::Add => "",
        Sign::Subtract => "-",
    };
    // `WHERE TRUE` before `GROUP BY`: SQLite needs a WHERE to tell the
    // upsert's `ON CONFLICT` from a join's `ON`.
    format!(
        "{expanded} \
         INSERT INTO statement_tally (organization_id, topic_id, month, statements) \
         SELECT c.organization_id, t.topic_id, scope.month, {sign}COUNT(*) FROM scope \
         JOIN counted c ON c.statement_id = scope.id \
         JOIN tagged t ON t.statement_id = scope.id \
         WHERE TRUE \
         GROUP BY c.organization_id, t.topic_id, scope.month \
         ORDER BY c.organization_id, t.topic_id, scope.month \
         ON CONFLICT (organization_id, topic_id, month) \
         DO UPDATE SET statements = statement_tally.statements + excluded.statements"
    )
}

/// Adds the statements of `scope` to the facet tally
/// (`statement_facet_tally`), or takes them out, as [`tally_sql`] does for
/// the tally: each statement is expanded to the same (organization, topic)
/// pairs, each with its four facets (speaker, language, kind, review
/// status) and its value there, grouped and upserted in key order.
pub(crate) fn facet_sql(backend: DbBackend, scope: Scope<'_>, sign: Sign) -> String {
    let expanded = expanded(backend, scope);
    let sign = match sign {
        Sign::Add => "",
        Sign::Subtract => "-",
    };
    format!(
        "{expanded}, {FACETED} \
         INSERT INTO statement_facet_tally (organization_id, topic_id, facet, value, statements) \
         SELECT c.organization_id, t.topic_id, f.facet, f.value, {sign}COUNT(*) FROM scope \
         JOIN counted c ON c.statement_id = scope.id \
         JOIN tagged t ON t.statement_id = scope.id \
         JOIN faceted f ON f.statement_id = scope.id \
         WHERE TRUE \
         GROUP BY c.organization_id, t.topic_id, f.facet, f.value \
         ORDER BY c.organization_id, t.topic_id, f.facet, f.value \
         ON CONFLICT (organization_id, topic_id, facet, value) \
         DO UPDATE SET statements = statement_facet_tally.statements + excluded.statements"
    )
}

/// The facets of [`facet_sql`]: `faceted(statement_id, facet, value)`, four
/// rows a statement of `scope`, valued as `statement_facet_tally` documents.
const FACETED: &str = "faceted(statement_id, facet, value) AS ( \
       SELECT id, 'speaker', speaker FROM scope \
       UNION ALL SELECT id, 'language', language FROM scope \
       UNION ALL SELECT id, 'kind', kind FROM scope \
       UNION ALL SELECT id, 'review_status', review_status FROM scope \
     )";

/// Deletes the facet tally's cells of `scope`'s statements that hold no
/// statement (after a subtraction), as [`prune_sql`] does for the tally.
pub(crate) fn facet_prune_sql(backend: DbBackend, scope: Scope<'_>) -> String {
    let expanded = expanded(backend, scope);
    format!(
        "{expanded}, {FACETED}, \
         cells(organization_id, topic_id, facet, value) AS MATERIALIZED ( \
           SELECT c.organization_id, t.topic_id, f.facet, f.value FROM scope \
           JOIN counted c ON c.statement_id = scope.id \
           JOIN tagged t ON t.statement_id = scope.id \
           JOIN faceted f ON f.statement_id = scope.id \
           GROUP BY c.organization_id, t.topic_id, f.facet, f.value \
         ) \
         DELETE FROM statement_facet_tally \
         WHERE statements = 0 AND (organization_id, topic_id, facet, value) IN \
           (SELECT organization_id, topic_id, facet, value FROM cells)"
    )
}

/// Deletes the tally cells of `scope`'s statements that hold no statement
/// (after a subtraction). Only those cells are looked at, through the
/// primary key: the tally is not scanned. The cells are grouped and
/// materialized first: joined to the tally straight from the expansion,
/// PostgreSQL probed the key by organization alone and read every topic and
/// month of "every organization" (20 ms instead of 2 at 50,000 statements).
pub(crate) fn prune_sql(backend: DbBackend, scope: Scope<'_>) -> String {
    let expanded = expanded(backend, scope);
    format!(
        "{expanded}, \
         cells(organization_id, topic_id, month) AS MATERIALIZED ( \
           SELECT c.organization_id, t.topic_id, scope.month FROM scope \
           JOIN counted c ON c.statement_id = scope.id \
           JOIN tagged t ON t.statement_id = scope.id \
           GROUP BY c.organization_id, t.topic_id, scope.month \
         ) \
         DELETE FROM statement_tally \
         WHERE statements = 0 AND (organization_id, topic_id, month) IN \
           (SELECT organization_id, topic_id, month FROM cells)"
    )
}

/// The common table expressions of [`tally_sql`], [`prune_sql`] and their
/// facet twins: `scope(id, month, speaker, language, kind, review_status)`
/// (the speaker's id as text, [`NO_SPEAKER`] for none; rejected statements
/// and those of reposted copies are not counted, as the default counts
/// leave them out; a document's
/// `copy_of_id` is set when it is stored and never changes),
/// `counted(statement_id, organization_id)` and
/// `tagged(statement_id, topic_id)` (a statement with no topic is tagged
/// [`NO_TOPIC`], so that counts by topic can say how many have none).
fn expanded(backend: DbBackend, scope: Scope<'_>) -> String {
    let condition = scope.condition();
    let month = crate::database::month_key_sql(backend, "s", &format!("'{NO_MONTH}'"));
    let rejected = ReviewStatus::Rejected.to_value();
    format!(
        "WITH RECURSIVE up(organization_id, ancestor_id) AS ( \
           SELECT id, id FROM organization \
           UNION \
           SELECT up.organization_id, o.parent_id FROM up \
           JOIN organization o ON o.id = up.ancestor_id WHERE o.parent_id IS NOT NULL \
         ), \
         scope(id, month, speaker, language, kind, review_status) AS ( \
           SELECT s.id, {month}, COALESCE(CAST(s.speaker_id AS TEXT), '{NO_SPEAKER}'), \
             s.language, s.kind, s.review_status \
           FROM statement s WHERE {condition} AND s.review_status <> '{rejected}' \
             AND s.document_id NOT IN (SELECT d.id FROM document d WHERE d.copy_of_id IS NOT NULL) \
         ), \
         counted(statement_id, organization_id) AS ( \
           SELECT DISTINCT so.statement_id, up.ancestor_id FROM scope \
           JOIN statement_organization so ON so.statement_id = scope.id \
           JOIN up ON up.organization_id = so.organization_id \
           UNION ALL SELECT id, {EVERY_ORGANIZATION} FROM scope \
           UNION ALL SELECT id, {NO_ORGANIZATION} FROM scope WHERE NOT EXISTS ( \
             SELECT 1 FROM statement_organization so WHERE so.statement_id = scope.id) \
         ), \
         tagged(statement_id, topic_id) AS ( \
           SELECT st.statement_id, st.topic_id FROM scope \
           JOIN statement_topic st ON st.statement_id = scope.id \
           UNION ALL SELECT id, {EVERY_TOPIC} FROM scope \
           UNION ALL SELECT id, {NO_TOPIC} FROM scope WHERE NOT EXISTS ( \
             SELECT 1 FROM statement_topic st WHERE st.statement_id = scope.id) \
         )"
    )
}
