//! The full-text index: what a statement is found by. Its search terms are
//! [`terms`] of its text, one row each in `statement_term`, written by the
//! store (`super::store`, the one write path, and its bulk case) whenever a
//! statement's text is stored or changed; a search (`super::statements`)
//! reads terms made by the same rules from the query
//! (`claimgraph_text::query_terms`).

/// The terms statement text is indexed under: every alternative of every
/// searchable word, each once (`claimgraph_text::search_terms`).
pub fn terms(text: &str) -> Vec<String> {
    text::search_terms(text)
}
