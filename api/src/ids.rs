//! Relay global object ids: `base64url("Type:123")`, opaque to clients and
//! unique across types, so that `node(id:)` can fetch any object.

use async_graphql::ID;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::error::ApiError;

/// The types that implement `Node`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeType {
    Document,
    Statement,
    Speaker,
    Organization,
    Topic,
}

impl NodeType {
    const ALL: [Self; 5] = [
        Self::Document,
        Self::Statement,
        Self::Speaker,
        Self::Organization,
        Self::Topic,
    ];

    fn name(self) -> &'static str {
        match self {
            Self::Document => "Document",
            Self::Statement => "Statement",
            Self::Speaker => "Speaker",
            Self::Organization => "Organization",
            Self::Topic => "Topic",
        }
    }
}

/// The global id of row `id` of `node_type`.
pub fn global_id(node_type: NodeType, id: i64) -> ID {
    ID(URL_SAFE_NO_PAD.encode(format!("{}:{id}", node_type.name())))
}

/// Splits a global id into its type and row id.
pub fn parse_global_id(id: &str) -> Result<(NodeType, i64), ApiError> {
    let invalid = || ApiError::BadUserInput(format!("{id:?} is not a claimgraph id"));
    let bytes = URL_SAFE_NO_PAD.decode(id).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let (name, row) = text.split_once(':').ok_or_else(invalid)?;
    let node_type = NodeType::ALL
        .into_iter()
        .find(|t| t.name() == name)
        .ok_or_else(invalid)?;
    let row = row.parse().map_err(|_| invalid())?;
    Ok((node_type, row))
}

/// The row id of a global id that must be of `expected` type.
pub fn parse_id_of(id: &str, expected: NodeType) -> Result<i64, ApiError> {
    match parse_global_id(id)? {
        (node_type, row) if node_type == expected => Ok(row),
        (node_type, _) => Err(ApiError::BadUserInput(format!(
            "{id:?} is the id of a {}, not of a {}",
            node_type.name(),
            expected.name()
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_for_every_type() {
        for t in NodeType::ALL {
            let id = global_id(t, 7);
            assert_eq!(parse_global_id(&id).expect("valid"), (t, 7));
        }
    }

    #[test]
    fn foreign_and_mistyped_ids_are_rejected() {
        assert!(parse_global_id("7").is_err());
        assert!(parse_global_id(&URL_SAFE_NO_PAD.encode("Cake:7")).is_err());
        assert!(parse_global_id(&URL_SAFE_NO_PAD.encode("Document:x")).is_err());
        let doc = global_id(NodeType::Document, 1);
        assert!(parse_id_of(&doc, NodeType::Speaker).is_err());
    }
}
