//! Structured logs with `tracing`: human-readable or JSON, filtered by `RUST_LOG`.

use tracing_subscriber::EnvFilter;

use crate::config::{LogFormat, Settings};

tokio::task_local! {
    /// The id of the HTTP request being served, for error reports (set by
    /// `http`, read where an internal error is logged).
    pub static REQUEST_ID: String;
}

/// Installs the global subscriber. Call once, from `main`.
pub fn init(settings: &Settings) {
    let filter = EnvFilter::try_new(&settings.log).unwrap_or_else(|err| {
        eprintln!("ignoring RUST_LOG={:?}: {err}", settings.log);
        EnvFilter::new("info")
    });
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match settings.log_format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}
