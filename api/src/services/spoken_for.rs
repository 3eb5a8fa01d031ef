//! Keeps `statement_organization` current: which organizations each
//! statement counts for (see the entity). Every write path that adds
//! statements calls [`refresh`] inside its own transaction, so the table is
//! never behind the statements it describes.
//!
//! Affiliations cannot be changed through the API yet; whatever changes them
//! must refresh the statements of the speakers concerned.

use sea_orm::{ConnectionTrait, DbBackend, DbErr};

/// Which statements to refresh.
#[derive(Debug, Clone, Copy)]
pub enum Scope {
    /// Every statement.
    All,
    /// The statements of one document.
    Document(i64),
    /// Statements with an id greater than this one.
    After(i64),
}

impl Scope {
    /// A condition on the statement alias `s`; ids are integers, so they
    /// are written into the SQL directly.
    pub(crate) fn condition(self) -> String {
        match self {
            Self::All => "TRUE".to_owned(),
            Self::Document(id) => format!("s.document_id = {id}"),
            Self::After(id) => format!("s.id > {id}"),
        }
    }
}

/// Recomputes the organizations of the statements in `scope`; returns the
/// rows written.
pub async fn refresh(conn: &impl ConnectionTrait, scope: Scope) -> Result<u64, DbErr> {
    let [delete, insert] = refresh_sql(conn.get_database_backend(), scope);
    conn.execute_unprepared(&delete).await?;
    Ok(conn.execute_unprepared(&insert).await?.rows_affected())
}

/// The two statements of [`refresh`]: delete the rows of `scope`, insert them anew.
pub fn refresh_sql(backend: DbBackend, scope: Scope) -> [String; 2] {
    let condition = scope.condition();
    let delete = format!(
        "DELETE FROM statement_organization WHERE statement_id IN \
         (SELECT s.id FROM statement s WHERE {condition})"
    );
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
    // The organization spoken for, and each affiliation valid on the
    // statement's date (an end date means the end of its month or year when
    // only those are known). Duplicates between the two are skipped.
    let insert = format!(
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
    );
    [delete, insert]
}
