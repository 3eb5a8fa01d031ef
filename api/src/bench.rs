//! `claimgraph bench`: the benchmark harness (being written).

/// Arguments of `claimgraph bench`.
#[derive(Debug, Clone, clap::Args)]
pub struct BenchArgs {
    /// The server to measure.
    #[arg(long, default_value = "http://127.0.0.1:8000")]
    pub url: String,
}

/// Runs the benchmark operations and prints their figures.
pub async fn run(_args: &BenchArgs) -> anyhow::Result<()> {
    anyhow::bail!("not written yet")
}
