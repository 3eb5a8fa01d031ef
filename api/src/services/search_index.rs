//! The full-text index: a statement's search terms, made by
//! `claimgraph_seeds::text::search_terms`, one row each in `statement_term`.
//! Every writer of statement text (the seed loader, ingestion) calls
//! [`replace_terms`], and every search reads terms made the same way.

use entity::statement_term;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};

/// Replaces the indexed terms of statement `statement_id` with those of `text`.
pub async fn replace_terms(
    conn: &impl ConnectionTrait,
    statement_id: i64,
    text: &str,
) -> Result<(), DbErr> {
    statement_term::Entity::delete_many()
        .filter(statement_term::Column::StatementId.eq(statement_id))
        .exec(conn)
        .await?;
    let rows =
        seeds::text::search_terms(text)
            .into_iter()
            .map(|term| statement_term::ActiveModel {
                term: Set(term),
                statement_id: Set(statement_id),
            });
    statement_term::Entity::insert_many(rows).exec(conn).await?;
    Ok(())
}
