//! Live updates: a front end subscribed over WebSocket sees statements as
//! they are ingested, and as they change, filtered as it asked.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

use crate::harness::{Backend, backends, spawn_configured};

const KEY: &str = "subscription-test-key-0123";

#[tokio::test]
async fn subscribers_see_new_statements_that_match_their_filter() {
    let app = spawn_configured(Backend::Sqlite, |s| {
        s.api_key = Some(KEY.parse().expect("a key"))
    })
    .await;
    let url = format!("{}/graphql/ws", app.address.replacen("http://", "ws://", 1));
    let mut request = url.into_client_request().expect("a request");
    request.headers_mut().insert(
        "sec-websocket-protocol",
        "graphql-transport-ws".parse().expect("a header"),
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(request)
        .await
        .expect("connects");

    let send = |value: Value| Message::text(value.to_string());
    socket
        .send(send(json!({ "type": "connection_init", "payload": {} })))
        .await
        .expect("sent");
    let ack = next_json(&mut socket).await;
    assert_eq!(ack["type"], "connection_ack", "{ack}");
    socket
        .send(send(json!({
            "id": "1",
            "type": "subscribe",
            "payload": { "query": r#"subscription { statementAdded(filter: { speaker: "Тлеуберди" }) { text kind speaker { key } document { title } } }"# }
        })))
        .await
        .expect("sent");
    // Let the server register the subscription before the article arrives.
    tokio::time::sleep(Duration::from_millis(200)).await;

    let article = "Брифинг в министерстве\n\nМинистр иностранных дел Казахстана Мухтар Тлеуберди заявил, что диалог с правозащитниками будет продолжен.\n\nПо данным полиции, задержаны двое.\n";
    let stored = app
        .graphql_as(
            KEY,
            "mutation($t: String!) { ingestDocument(input: { text: $t }) { id } }",
            json!({ "t": article }),
        )
        .await;
    assert!(stored.get("errors").is_none(), "{stored:#}");

    let event = next_json(&mut socket).await;
    assert_eq!(event["type"], "next", "{event}");
    let added = &event["payload"]["data"]["statementAdded"];
    assert_eq!(added["speaker"]["key"], "mukhtar_tleuberdi", "{event}");
    assert!(
        added["text"].as_str().is_some_and(|t| t.contains("диалог")),
        "{event}"
    );
    assert_eq!(added["document"]["title"], "Брифинг в министерстве");

    // The police's claim does not match the filter: nothing more arrives.
    let more = tokio::time::timeout(Duration::from_millis(500), next_json(&mut socket)).await;
    assert!(
        more.is_err(),
        "only the matching statement is sent: {more:?}"
    );
}

#[tokio::test]
async fn subscribers_see_statements_change_as_they_are_reviewed_and_corrected() {
    for backend in backends() {
        let app =
            spawn_configured(backend, |s| s.api_key = Some(KEY.parse().expect("a key"))).await;
        let url = format!("{}/graphql/ws", app.address.replacen("http://", "ws://", 1));
        let mut request = url.into_client_request().expect("a request");
        request.headers_mut().insert(
            "sec-websocket-protocol",
            "graphql-transport-ws".parse().expect("a header"),
        );
        let (mut socket, _) = tokio_tungstenite::connect_async(request)
            .await
            .expect("connects");
        let send = |value: Value| Message::text(value.to_string());
        socket
            .send(send(json!({ "type": "connection_init", "payload": {} })))
            .await
            .expect("sent");
        assert_eq!(next_json(&mut socket).await["type"], "connection_ack");
        socket
            .send(send(json!({
                "id": "1",
                "type": "subscribe",
                "payload": { "query": r#"subscription { statementChanged(filter: { speaker: "Тлеуберди" }) { id version reviewStatus kind } }"# }
            })))
            .await
            .expect("sent");
        tokio::time::sleep(Duration::from_millis(200)).await;

        let statements = app
            .data(
                r#"{ mine: statements(filter: { speaker: "Тлеуберди" }, first: 1) { nodes { id } }
                     other: statements(filter: { speaker: "Токаев" }, first: 1) { nodes { id } } }"#,
                json!({}),
            )
            .await;
        let mine = statements["mine"]["nodes"][0]["id"]
            .as_str()
            .expect("an id");
        let other = statements["other"]["nodes"][0]["id"]
            .as_str()
            .expect("an id");
        let review =
            "mutation($id: ID!, $s: ReviewStatus!) { reviewStatement(id: $id, status: $s) { id } }";
        // Another speaker's statement changes: not this subscriber's.
        let done = app
            .graphql_as(KEY, review, json!({ "id": other, "s": "REJECTED" }))
            .await;
        assert!(done.get("errors").is_none(), "{done:#}");
        // A rejection is sent, though rejected statements leave `statements`.
        let done = app
            .graphql_as(KEY, review, json!({ "id": mine, "s": "REJECTED" }))
            .await;
        assert!(done.get("errors").is_none(), "{done:#}");
        let event = next_json(&mut socket).await;
        let changed = &event["payload"]["data"]["statementChanged"];
        assert_eq!(changed["id"], mine, "{event}");
        assert_eq!(changed["reviewStatus"], "REJECTED");
        assert_eq!(changed["version"], 2);

        let done = app
            .graphql_as(
                KEY,
                "mutation($id: ID!) { updateStatement(id: $id, input: { expectedVersion: 2, kind: REPORTED_CLAIM }) { id } }",
                json!({ "id": mine }),
            )
            .await;
        assert!(done.get("errors").is_none(), "{done:#}");
        let event = next_json(&mut socket).await;
        let changed = &event["payload"]["data"]["statementChanged"];
        assert_eq!(changed["kind"], "REPORTED_CLAIM", "{event}");
        assert_eq!(changed["version"], 3);
        let more = tokio::time::timeout(Duration::from_millis(300), next_json(&mut socket)).await;
        assert!(more.is_err(), "nothing else: {more:?}");
    }
}

async fn next_json<S>(socket: &mut S) -> Value
where
    S: futures_util::Stream<Item = Result<Message, tokio_tungstenite::tungstenite::Error>> + Unpin,
{
    loop {
        let message = tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .expect("a message in time")
            .expect("the socket is open")
            .expect("a message");
        if let Message::Text(text) = message {
            return serde_json::from_str(&text).expect("JSON");
        }
    }
}
