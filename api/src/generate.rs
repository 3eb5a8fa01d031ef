//! `claimgraph generate`: a deterministic synthetic corpus (being written).

use crate::config::Settings;

/// Arguments of `claimgraph generate`.
#[derive(Debug, Clone, clap::Args)]
pub struct GenerateArgs {
    /// How many statements to generate.
    #[arg(long)]
    pub statements: u64,
    /// Seed of the random generator: the same seed gives the same corpus.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// Generates the corpus into the configured database.
pub async fn run(_settings: &Settings, _args: &GenerateArgs) -> anyhow::Result<()> {
    anyhow::bail!("not written yet")
}
