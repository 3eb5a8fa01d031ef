//! References to stored objects, as the domain names them: a type and a row
//! id. How clients write them (Relay global ids) is the edge's business
//! (`graphql::ids`); services take and return these.

/// The kinds of object a client can hold an id of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NodeType {
    Document,
    Statement,
    Speaker,
    Organization,
    Topic,
    Alias,
    Proposition,
    Utterance,
}

impl NodeType {
    /// Every node type.
    pub const ALL: [Self; 8] = [
        Self::Document,
        Self::Statement,
        Self::Speaker,
        Self::Organization,
        Self::Topic,
        Self::Alias,
        Self::Proposition,
        Self::Utterance,
    ];

    /// The type's name, as the schema spells it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Document => "Document",
            Self::Statement => "Statement",
            Self::Speaker => "Speaker",
            Self::Organization => "Organization",
            Self::Topic => "Topic",
            Self::Alias => "Alias",
            Self::Proposition => "Proposition",
            Self::Utterance => "Utterance",
        }
    }
}

/// One stored object: its type and row id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeRef {
    pub node_type: NodeType,
    pub id: i64,
}

impl NodeRef {
    pub fn new(node_type: NodeType, id: i64) -> Self {
        Self { node_type, id }
    }
}

impl std::fmt::Display for NodeRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the id of a {}", self.node_type.name())
    }
}

/// A filter value that names a speaker, organization or topic: by any of
/// its names (resolved by [`super::resolve`]), or by the id the client
/// got from us.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameOrId {
    Name(String),
    Id(NodeRef),
}

impl NameOrId {
    /// The value as the client wrote it, for messages.
    pub fn describe(&self) -> String {
        match self {
            Self::Name(name) => format!("{name:?}"),
            Self::Id(node) => node.to_string(),
        }
    }
}
