//! The output scalars that stand in for async-graphql's own `DateTime` and
//! `JSON`, so that each carries a description written for clients and an
//! `@specifiedBy` URL naming the standard its values follow. (`Date`, the
//! scalar inputs take, lives with the inputs.)
//!
//! A resolver returns these, never `chrono::DateTime<Utc>` or
//! `async_graphql::Json` directly: two Rust types under one GraphQL name
//! make the schema refuse to build. `.into()` converts either.

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::Utc;

/// A moment, in UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DateTime(pub chrono::DateTime<Utc>);

impl From<chrono::DateTime<Utc>> for DateTime {
    fn from(moment: chrono::DateTime<Utc>) -> Self {
        Self(moment)
    }
}

/// A moment, as an RFC 3339 date and time with its offset from UTC
/// (`2022-01-05T14:30:00.123456+00:00`); the API writes every moment in
/// UTC, and reads any offset.
#[Scalar(
    name = "DateTime",
    specified_by_url = "https://datatracker.ietf.org/doc/html/rfc3339"
)]
impl ScalarType for DateTime {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(s) => chrono::DateTime::parse_from_rfc3339(s)
                .map(|moment| Self(moment.with_timezone(&Utc)))
                .map_err(|e| {
                    InputValueError::custom(format!("{s:?} is not an RFC 3339 date and time: {e}"))
                }),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_rfc3339())
    }
}

/// The exports take a moment as a query parameter (`updatedSince`), written
/// as in GraphQL.
impl<'de> serde::Deserialize<'de> for DateTime {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        chrono::DateTime::parse_from_rfc3339(&text)
            .map(|moment| Self(moment.with_timezone(&Utc)))
            .map_err(|e| {
                serde::de::Error::custom(format!("{text:?} is not an RFC 3339 date and time: {e}"))
            })
    }
}

/// Any JSON value, passed through as it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Json(pub serde_json::Value);

impl From<serde_json::Value> for Json {
    fn from(value: serde_json::Value) -> Self {
        Self(value)
    }
}

/// Any JSON value (RFC 8259), sent as a value in the response, not as a
/// string holding JSON: an object, array, string, number, boolean or null.
/// The field's description says what shape to expect.
#[Scalar(
    name = "JSON",
    specified_by_url = "https://datatracker.ietf.org/doc/html/rfc8259"
)]
impl ScalarType for Json {
    fn parse(value: Value) -> InputValueResult<Self> {
        value
            .into_json()
            .map(Self)
            .map_err(|e| InputValueError::custom(e.to_string()))
    }

    fn to_value(&self) -> Value {
        // Every `serde_json::Value` converts; a number outside what GraphQL
        // writes would be the only failure, and becomes null.
        Value::from_json(self.0.clone()).unwrap_or(Value::Null)
    }
}
