//! Relay global object ids: `base64url("Type:123")`, opaque to clients and
//! unique across types, so that `node(id:)` can fetch any object. The one
//! place that writes and reads them: services take [`NodeRef`]s, the exports
//! (in `http`) use these functions too.

use async_graphql::ID;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::services::Error;
use crate::services::ids::{NameOrId, NodeRef, NodeType};

/// The global id of row `id` of `node_type`.
pub fn global_id(node_type: NodeType, id: i64) -> ID {
    ID(encode(NodeRef::new(node_type, id)))
}

/// The global id of `node`, as a string.
pub fn encode(node: NodeRef) -> String {
    URL_SAFE_NO_PAD.encode(format!("{}:{}", node.node_type.name(), node.id))
}

/// Reads a global id.
pub fn decode(id: &str) -> Result<NodeRef, Error> {
    let invalid = || Error::BadInput(format!("{id:?} is not a claimgraph id"));
    let bytes = URL_SAFE_NO_PAD.decode(id).map_err(|_| invalid())?;
    let text = String::from_utf8(bytes).map_err(|_| invalid())?;
    let (name, row) = text.split_once(':').ok_or_else(invalid)?;
    let node_type = NodeType::ALL
        .into_iter()
        .find(|t| t.name() == name)
        .ok_or_else(invalid)?;
    let row = row.parse().map_err(|_| invalid())?;
    Ok(NodeRef::new(node_type, row))
}

/// The row id of a global id that must be of `expected` type.
pub fn decode_as(id: &str, expected: NodeType) -> Result<i64, Error> {
    match decode(id)? {
        node if node.node_type == expected => Ok(node.id),
        node => Err(Error::BadInput(format!(
            "{id:?} is the id of a {}, not of a {}",
            node.node_type.name(),
            expected.name()
        ))),
    }
}

/// A filter value as the client wrote it: one of our ids, or else a name.
pub fn name_or_id(value: String) -> NameOrId {
    match decode(value.trim()) {
        Ok(node) => NameOrId::Id(node),
        Err(_) => NameOrId::Name(value),
    }
}

/// The id of `node`, as a filter value.
pub fn node(node_type: NodeType, id: i64) -> NameOrId {
    NameOrId::Id(NodeRef::new(node_type, id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_for_every_type() {
        for t in NodeType::ALL {
            let id = global_id(t, 7);
            assert_eq!(decode(&id).expect("valid"), NodeRef::new(t, 7));
        }
    }

    #[test]
    fn foreign_and_mistyped_ids_are_rejected() {
        assert!(decode("7").is_err());
        assert!(decode(&URL_SAFE_NO_PAD.encode("Cake:7")).is_err());
        assert!(decode(&URL_SAFE_NO_PAD.encode("Document:x")).is_err());
        let doc = global_id(NodeType::Document, 1);
        assert!(decode_as(&doc, NodeType::Speaker).is_err());
    }

    #[test]
    fn names_stay_names_and_ids_become_references() {
        assert_eq!(
            name_or_id("МИД РК".to_owned()),
            NameOrId::Name("МИД РК".to_owned())
        );
        let id = global_id(NodeType::Speaker, 3).0;
        assert_eq!(name_or_id(format!(" {id} ")), node(NodeType::Speaker, 3));
    }
}
