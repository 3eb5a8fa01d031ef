//! GraphiQL's documentation is the schema's descriptions: every type the
//! schema defines, and every field, input field and enum value of them, has
//! one.

use async_graphql::parser::parse_schema;
use async_graphql::parser::types::{TypeKind, TypeSystemDefinition};

use crate::harness::{Backend, spawn_app};

/// What in `sdl` has no description, as `Type` or `Type.field`.
fn undescribed(sdl: &str) -> Vec<String> {
    let document = parse_schema(sdl).expect("the SDL parses");
    let mut missing = Vec::new();
    for definition in &document.definitions {
        let TypeSystemDefinition::Type(ty) = definition else {
            continue;
        };
        let ty = &ty.node;
        let name = ty.name.node.as_str();
        // Introspection's own types are the GraphQL specification's.
        if name.starts_with("__") {
            continue;
        }
        if ty.description.is_none() {
            missing.push(name.to_owned());
        }
        let members: Vec<(&str, bool)> = match &ty.kind {
            TypeKind::Object(object) => object
                .fields
                .iter()
                .map(|f| (f.node.name.node.as_str(), f.node.description.is_some()))
                .collect(),
            TypeKind::Interface(interface) => interface
                .fields
                .iter()
                .map(|f| (f.node.name.node.as_str(), f.node.description.is_some()))
                .collect(),
            TypeKind::InputObject(input) => input
                .fields
                .iter()
                .map(|f| (f.node.name.node.as_str(), f.node.description.is_some()))
                .collect(),
            TypeKind::Enum(enumeration) => enumeration
                .values
                .iter()
                .map(|v| (v.node.value.node.as_str(), v.node.description.is_some()))
                .collect(),
            TypeKind::Scalar | TypeKind::Union(_) => Vec::new(),
        };
        missing.extend(
            members
                .into_iter()
                .filter(|(_, described)| !described)
                .map(|(field, _)| format!("{name}.{field}")),
        );
    }
    missing
}

#[test]
fn the_check_finds_what_lacks_a_description() {
    let sdl = r#"
"A described type."
type Described { "A field." fine: Int, bare: Int }
type Bare { "A field." x: Int }
"An enum." enum Colour { "Red." RED GREEN }
scalar Plain
"#;
    assert_eq!(
        undescribed(sdl),
        ["Described.bare", "Bare", "Colour.GREEN", "Plain"]
    );
}

#[tokio::test]
async fn every_type_and_field_of_the_schema_is_described() {
    let app = spawn_app(Backend::Sqlite).await;
    let sdl = app
        .get("/schema.graphql")
        .await
        .text()
        .await
        .expect("a body");
    let missing = undescribed(&sdl);
    assert!(
        missing.is_empty(),
        "without a description in the schema (a `///` doc comment on the Rust type, impl block or field gives one): {missing:#?}"
    );
    // The check reads the SDL as it is served, and the schema is not empty.
    assert!(sdl.contains("type Statement implements Node"));
}
