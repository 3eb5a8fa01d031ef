//! Parsed documents kept by their text: a client sends the same few
//! operations again and again (the README's query, a front end's files, a
//! notebook's loop). The HTTP layer parses a request's document once,
//! through this cache, reads from it whether the operation is a mutation
//! (mutations go to the primary) and the label of its metrics, and hands
//! it to the schema, which would otherwise parse the text again. Before,
//! the text was parsed three times a request: 5 to 9 % of the API's
//! processor time under the page's load (BENCHMARKS.md, sessions 9 and 10).
//!
//! The schema still checks every document it is given on every request:
//! its depth, directives, aliases ([`super::limits::AliasLimit`]),
//! validation and complexity, against the request's variables. A text that
//! does not parse is not kept: the schema parses it again and says why.
//!
//! Kept in memory, per process, for the most recent [`CAPACITY`] texts of
//! at most [`MAX_TEXT`] bytes: a cache of the API's own work, which no
//! database holds.

use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex};

use async_graphql::Positioned;
use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, OperationDefinition};
use lru::LruCache;

/// How many documents are kept.
pub const CAPACITY: usize = 512;

/// The longest text kept, in bytes: longer documents are parsed each time.
pub const MAX_TEXT: usize = 16 * 1024;

/// The cache, shared by every request of a server (cheap to clone).
#[derive(Clone)]
pub struct ParsedDocuments {
    cache: Arc<Mutex<LruCache<String, ExecutableDocument>>>,
}

impl Default for ParsedDocuments {
    fn default() -> Self {
        let capacity = NonZeroUsize::new(CAPACITY).expect("a capacity above zero");
        Self {
            cache: Arc::new(Mutex::new(LruCache::new(capacity))),
        }
    }
}

impl std::fmt::Debug for ParsedDocuments {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kept = self.cache.lock().map_or(0, |cache| cache.len());
        f.debug_struct("ParsedDocuments")
            .field("kept", &kept)
            .finish()
    }
}

impl ParsedDocuments {
    /// The document of `query`: a copy of the one kept, or parsed now (and
    /// kept); `None` when it does not parse.
    pub fn document(&self, query: &str) -> Option<ExecutableDocument> {
        // A poisoned lock only means another request panicked while holding
        // it: the cache itself is still whole.
        let lock = || self.cache.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(document) = lock().get(query) {
            return Some(document.clone());
        }
        let document = async_graphql::parser::parse_query(query).ok()?;
        if query.len() <= MAX_TEXT {
            lock().put(query.to_owned(), document.clone());
        }
        Some(document)
    }
}

/// The operation of `document` a request runs: the one named `name`, or
/// the only (or first) one.
pub fn operation<'a>(
    document: &'a ExecutableDocument,
    name: Option<&str>,
) -> Option<&'a Positioned<OperationDefinition>> {
    match (&document.operations, name) {
        (DocumentOperations::Single(op), _) => Some(op),
        (DocumentOperations::Multiple(ops), Some(name)) => ops.get(name),
        (DocumentOperations::Multiple(ops), None) => ops.values().next(),
    }
}

#[cfg(test)]
mod tests {
    use super::{MAX_TEXT, ParsedDocuments};

    fn kept(cache: &ParsedDocuments) -> usize {
        cache.cache.lock().expect("a lock").len()
    }

    /// A text is parsed once and kept; one that does not parse, or is too
    /// long, is not.
    #[test]
    fn documents_are_kept_by_their_text() {
        let cache = ParsedDocuments::default();
        let first = cache.document("{ statements { totalCount } }");
        assert!(first.is_some());
        assert_eq!(kept(&cache), 1);
        let again = cache.document("{ statements { totalCount } }");
        assert_eq!(format!("{first:?}"), format!("{again:?}"));
        assert_eq!(kept(&cache), 1, "the same text is one entry");
        assert!(cache.document("{ statements {").is_none());
        let long = format!("{{ {} }}", "__typename ".repeat(MAX_TEXT / 10));
        assert!(cache.document(&long).is_some());
        assert_eq!(kept(&cache), 1, "neither a broken nor a long text is kept");
    }
}
