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
//! validation and complexity, against the request's variables. A document
//! is kept only once the schema has accepted it ([`accepted`]): a text that
//! does not parse, or that the schema refuses (too deep, too many aliases,
//! too costly, invalid), is parsed again each time it is sent, so that
//! refused texts neither take the memory nor push out the texts clients
//! send again.
//!
//! Kept in memory, per process, for the most recent [`CAPACITY`] texts of
//! at most [`MAX_TEXT`] bytes (512 accepted documents of 16 KB grew the
//! server's resident memory by 26 MB): a cache of the API's own work, which
//! no database holds.

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

/// A request's document, as [`ParsedDocuments::document`] gives it.
#[derive(Debug)]
pub struct Parsed {
    pub document: ExecutableDocument,
    /// Parsed now, not kept yet: for [`ParsedDocuments::keep`] once the
    /// schema has accepted it.
    pub fresh: bool,
}

impl ParsedDocuments {
    /// The document of `query`: a copy of the one kept, or parsed now;
    /// `None` when it does not parse.
    pub fn document(&self, query: &str) -> Option<Parsed> {
        if let Some(document) = self.lock().get(query) {
            return Some(Parsed {
                document: document.clone(),
                fresh: false,
            });
        }
        let document = async_graphql::parser::parse_query(query).ok()?;
        Some(Parsed {
            document,
            fresh: true,
        })
    }

    /// Keeps `document` as the parse of `query`, unless `query` is longer
    /// than [`MAX_TEXT`].
    pub fn keep(&self, query: &str, document: ExecutableDocument) {
        if query.len() <= MAX_TEXT {
            self.lock().put(query.to_owned(), document);
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, LruCache<String, ExecutableDocument>> {
        // A poisoned lock only means another request panicked while holding
        // it: the cache itself is still whole.
        self.cache.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// Whether the schema accepted the document of a request that got
/// `response`: no error is the request's as a whole (parsing, validation,
/// the limits), only, if any, a field's.
pub fn accepted(response: &async_graphql::Response) -> bool {
    response.errors.iter().all(|error| !error.path.is_empty())
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
    use async_graphql::{PathSegment, Response, ServerError};

    use super::{MAX_TEXT, ParsedDocuments, accepted};

    fn kept(cache: &ParsedDocuments) -> usize {
        cache.cache.lock().expect("a lock").len()
    }

    /// A text is parsed, then kept when told, and given back from then on;
    /// one that does not parse, or is too long, is not kept.
    #[test]
    fn documents_are_kept_by_their_text() {
        let cache = ParsedDocuments::default();
        let text = "{ statements { totalCount } }";
        let first = cache.document(text).expect("it parses");
        assert!(first.fresh);
        assert_eq!(kept(&cache), 0, "nothing is kept before it is accepted");
        assert!(cache.document(text).expect("it parses").fresh);
        cache.keep(text, first.document.clone());
        let again = cache.document(text).expect("it is kept");
        assert!(!again.fresh);
        assert_eq!(
            format!("{:?}", first.document),
            format!("{:?}", again.document)
        );
        cache.keep(text, again.document);
        assert_eq!(kept(&cache), 1, "the same text is one entry");
        assert!(cache.document("{ statements {").is_none());
        let long = format!("{{ {} }}", "__typename ".repeat(MAX_TEXT / 10));
        let parsed = cache.document(&long).expect("it parses");
        cache.keep(&long, parsed.document);
        assert_eq!(kept(&cache), 1, "a long text is not kept");
    }

    /// A request refused as a whole (its error has no path) is not
    /// accepted; a field's error does not refuse the document.
    #[test]
    fn a_refused_document_is_not_accepted() {
        assert!(accepted(&Response::default()));
        let refused = Response::from_errors(vec![ServerError::new("too deep", None)]);
        assert!(!accepted(&refused));
        let mut field = ServerError::new("no organization is known as X", None);
        field.path = vec![PathSegment::Field("statements".to_owned())];
        assert!(accepted(&Response::from_errors(vec![field])));
    }
}
