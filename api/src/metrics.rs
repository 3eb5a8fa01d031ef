//! Prometheus metrics, served at `GET /metrics`.
//!
//! - `claimgraph_graphql_requests_total{operation, outcome}` and
//!   `claimgraph_graphql_request_duration_seconds{operation}`: the operation
//!   is its type and first root field (`query:statements`), a label set the
//!   schema bounds, whatever names clients give their operations;
//! - `claimgraph_sql_statements_total`;
//! - `claimgraph_db_pool_connections{state}`: the pool's open and idle connections;
//! - `claimgraph_ingested_documents_total`, `claimgraph_ingested_statements_total`.

use std::sync::OnceLock;
use std::time::Duration;

use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use sea_orm::DatabaseConnection;

/// The process-wide recorder: one per process, however many servers a test starts.
pub fn handle() -> Option<&'static PrometheusHandle> {
    static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets(&[
                    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
                ])
                .ok()?
                .build_recorder();
            let handle = recorder.handle();
            metrics::set_global_recorder(recorder).ok()?;
            Some(handle)
        })
        .as_ref()
}

/// The label of a GraphQL request: the type and first root field of the
/// `operation` it runs (`None`: its document did not parse, or has no such
/// operation).
pub fn operation_label(
    operation: Option<
        &async_graphql::Positioned<async_graphql::parser::types::OperationDefinition>,
    >,
) -> String {
    use async_graphql::parser::types::{OperationType, Selection};
    let Some(operation) = operation else {
        return "invalid".to_owned();
    };
    let kind = match operation.node.ty {
        OperationType::Query => "query",
        OperationType::Mutation => "mutation",
        OperationType::Subscription => "subscription",
    };
    let field = operation
        .node
        .selection_set
        .node
        .items
        .iter()
        .find_map(|item| match &item.node {
            Selection::Field(field) => Some(field.node.name.node.to_string()),
            _ => None,
        })
        .unwrap_or_else(|| "fragment".to_owned());
    format!("{kind}:{field}")
}

/// Records one GraphQL request.
pub fn record_request(operation: String, outcome: &'static str, elapsed: Duration) {
    metrics::counter!("claimgraph_graphql_requests_total", "operation" => operation.clone(), "outcome" => outcome)
        .increment(1);
    metrics::histogram!("claimgraph_graphql_request_duration_seconds", "operation" => operation)
        .record(elapsed.as_secs_f64());
}

/// Records one SQL statement.
pub fn record_statement() {
    metrics::counter!("claimgraph_sql_statements_total").increment(1);
}

/// Records an ingested document and its statements.
pub fn record_ingested(statements: usize) {
    metrics::counter!("claimgraph_ingested_documents_total").increment(1);
    metrics::counter!("claimgraph_ingested_statements_total").increment(statements as u64);
}

/// The metrics as Prometheus text, with the pool's state read now.
pub fn render(db: &DatabaseConnection) -> String {
    let (size, idle) = pool_state(db);
    metrics::gauge!("claimgraph_db_pool_connections", "state" => "open").set(size as f64);
    metrics::gauge!("claimgraph_db_pool_connections", "state" => "idle").set(idle as f64);
    handle().map(PrometheusHandle::render).unwrap_or_default()
}

fn pool_state(db: &DatabaseConnection) -> (u32, usize) {
    match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => {
            let pool = db.get_postgres_connection_pool();
            (pool.size(), pool.num_idle())
        }
        _ => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle())
        }
    }
}
