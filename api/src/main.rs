//! The `claimgraph` binary: parses the command line, starts the logs and runs
//! the command (`claimgraph::commands`).

use claimgraph::commands::{self, Cli};
use claimgraph::telemetry;
use clap::Parser;

/// mimalloc rather than glibc's malloc: with a thread per pooled SQLite
/// connection, glibc kept each thread's freed memory in an arena of its own,
/// and the server's resident size under load grew past 150 MiB where
/// mimalloc returns it (BENCHMARKS.md, "Memory").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    telemetry::init(&cli.settings);
    commands::run(cli).await
}
