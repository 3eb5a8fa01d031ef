//! Relay-style keyset pagination: `first`/`after`, `last`/`before`.
//!
//! Cursors are opaque to clients (base64 of the row's sort key, tagged with the
//! ordering it belongs to) and keyset-based, so the five-hundredth page costs
//! what the first does. Arguments are checked here once and turned into a
//! [`PageRequest`] the services trust.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::services::Error;
use crate::services::Page;

/// Page size when neither `first` nor `last` is given.
pub const DEFAULT_PAGE_SIZE: u64 = 20;
/// The largest `first` or `last` a client may ask for.
pub const MAX_PAGE_SIZE: u64 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Forward,
    Backward,
}

/// A validated page request; its cursors are decoded by the service that knows the sort key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageRequest {
    pub after: Option<String>,
    pub before: Option<String>,
    pub limit: u64,
    pub direction: Direction,
}

impl PageRequest {
    /// Checks Relay arguments: sizes within 0..=100, not `first` and `last` together.
    pub fn new(
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
    ) -> Result<Self, Error> {
        let size = |name: &str, n: i32| -> Result<u64, Error> {
            match u64::try_from(n) {
                Ok(n) if n <= MAX_PAGE_SIZE => Ok(n),
                _ => Err(Error::BadInput(format!(
                    "`{name}` must be between 0 and {MAX_PAGE_SIZE}, got {n}"
                ))),
            }
        };
        let (limit, direction) = match (first, last) {
            (Some(_), Some(_)) => {
                return Err(Error::BadInput(
                    "give `first` or `last`, not both".to_owned(),
                ));
            }
            (Some(n), None) => (size("first", n)?, Direction::Forward),
            (None, Some(n)) => (size("last", n)?, Direction::Backward),
            (None, None) if before.is_some() && after.is_none() => {
                (DEFAULT_PAGE_SIZE, Direction::Backward)
            }
            (None, None) => (DEFAULT_PAGE_SIZE, Direction::Forward),
        };
        Ok(Self {
            after,
            before,
            limit,
            direction,
        })
    }

    /// Decodes `after` and `before` as cursors of the ordering `tag`.
    pub fn keys<K: DeserializeOwned>(&self, tag: &str) -> Result<(Option<K>, Option<K>), Error> {
        let after = self
            .after
            .as_deref()
            .map(|c| decode_cursor(tag, c))
            .transpose()?;
        let before = self
            .before
            .as_deref()
            .map(|c| decode_cursor(tag, c))
            .transpose()?;
        Ok((after, before))
    }

    /// Turns the `limit + 1` rows fetched in `direction` order into a page in
    /// the requested order, with Relay's `hasNextPage`/`hasPreviousPage`.
    pub fn finish<T>(&self, mut rows: Vec<T>, total_count: Option<u64>) -> Page<T> {
        let limit = usize::try_from(self.limit).unwrap_or(usize::MAX);
        let more = rows.len() > limit;
        rows.truncate(limit);
        match self.direction {
            Direction::Forward => Page {
                rows,
                has_previous_page: self.after.is_some(),
                has_next_page: more,
                total_count,
            },
            Direction::Backward => {
                rows.reverse();
                Page {
                    rows,
                    has_previous_page: more,
                    has_next_page: self.before.is_some(),
                    total_count,
                }
            }
        }
    }
}

/// The opaque cursor of a row's sort key in the ordering `tag`.
pub fn encode_cursor<K: Serialize>(tag: &str, key: &K) -> String {
    let json = serde_json::to_string(key).unwrap_or_default();
    URL_SAFE_NO_PAD.encode(format!("{tag}:{json}"))
}

/// The sort key of a cursor made by [`encode_cursor`] for the same ordering.
pub fn decode_cursor<K: DeserializeOwned>(tag: &str, cursor: &str) -> Result<K, Error> {
    let invalid = || Error::BadInput(format!("{cursor:?} is not a valid cursor here"));
    let bytes = URL_SAFE_NO_PAD.decode(cursor).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let json = text
        .strip_prefix(tag)
        .and_then(|rest| rest.strip_prefix(':'))
        .ok_or_else(|| {
            Error::BadInput(format!(
                "{cursor:?} is not a cursor of this list and ordering"
            ))
        })?;
    serde_json::from_str(json).map_err(|_| invalid())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_foreign_strings() {
        assert_eq!(
            decode_cursor::<i64>("d", &encode_cursor("d", &42)).ok(),
            Some(42)
        );
        let key = ("2022-02-01".to_owned(), 7_i64);
        assert_eq!(
            decode_cursor::<(String, i64)>("s", &encode_cursor("s", &key)).ok(),
            Some(key)
        );
        assert!(decode_cursor::<i64>("d", "42").is_err());
        assert!(decode_cursor::<i64>("d", "").is_err());
        assert!(
            decode_cursor::<i64>("d", &encode_cursor("s", &42)).is_err(),
            "another ordering's cursor"
        );
        assert!(decode_cursor::<i64>("d", &URL_SAFE_NO_PAD.encode("d:abc")).is_err());
    }

    #[test]
    fn page_sizes_are_bounded() {
        assert!(PageRequest::new(Some(101), None, None, None).is_err());
        assert!(PageRequest::new(Some(-1), None, None, None).is_err());
        assert!(PageRequest::new(Some(1), None, Some(1), None).is_err());
        assert_eq!(
            PageRequest::new(None, None, None, None)
                .ok()
                .map(|p| p.limit),
            Some(DEFAULT_PAGE_SIZE)
        );
        assert_eq!(
            PageRequest::new(Some(100), None, None, None)
                .ok()
                .map(|p| p.limit),
            Some(100)
        );
    }

    #[test]
    fn backward_pages_come_back_in_ascending_order() {
        let request =
            PageRequest::new(None, None, Some(2), Some(encode_cursor("d", &10))).expect("valid");
        let page = request.finish(vec![9, 8, 7], Some(10));
        assert_eq!(page.rows, vec![8, 9]);
        assert!(page.has_previous_page);
        assert!(page.has_next_page);
    }
}
