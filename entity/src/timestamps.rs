//! `created_at` and `updated_at`, kept by the entities themselves.
//!
//! Statements, documents, speakers and organizations carry both. Their
//! `ActiveModelBehavior::before_save` sets them on every `insert`, `update`
//! and `save` of an active model ([`stamp`]), so a writer cannot forget
//! them. The statements the store writes in bulk, and every `update_many`
//! or raw SQL that changes one of these rows, set `updated_at` to [`now`]
//! themselves: SeaORM calls no hook for those.

use sea_orm::ActiveValue;
use sea_orm::entity::prelude::DateTimeUtc;

/// The current time, to the microsecond: what PostgreSQL keeps, so that a
/// time read back equals the time written on either database.
pub fn now() -> DateTimeUtc {
    use chrono::SubsecRound;
    chrono::Utc::now().trunc_subsecs(6)
}

/// Sets `created_at` on an insert that gave none and `updated_at` on every
/// write that gave none.
pub fn stamp(
    created_at: &mut ActiveValue<DateTimeUtc>,
    updated_at: &mut ActiveValue<DateTimeUtc>,
    insert: bool,
) {
    let now = now();
    if insert && !matches!(created_at, ActiveValue::Set(_)) {
        *created_at = ActiveValue::Set(now);
    }
    if !matches!(updated_at, ActiveValue::Set(_)) {
        *updated_at = ActiveValue::Set(now);
    }
}
