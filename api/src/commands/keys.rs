//! `claimgraph keys`: the named API keys of the keys file.

use crate::auth::{self, Role};
use crate::config::Settings;

/// What to do with the keys file.
#[derive(Debug, Clone, clap::Subcommand)]
pub enum KeysCommand {
    /// Make a new key: print it once and append its name, role and SHA-256
    /// to the keys file (`--keys-file` or CLAIMGRAPH_KEYS_FILE; created if
    /// missing). The key itself is stored nowhere: keep what is printed.
    Add {
        /// What logs and statement history call the key's holder (letters,
        /// digits, `-`, `_`, `.`, `@`).
        name: String,
        /// What the key may do; each role may do what the ones before it may.
        #[arg(long, value_enum)]
        role: Role,
    },
}

pub fn run(settings: &Settings, command: &KeysCommand) -> anyhow::Result<()> {
    let Some(path) = settings.keys_file.as_deref() else {
        anyhow::bail!("no keys file: give --keys-file PATH or set CLAIMGRAPH_KEYS_FILE");
    };
    match command {
        KeysCommand::Add { name, role } => {
            let key = auth::add_key(path, name, *role)?;
            eprintln!(
                "added the {} key {name:?} to {}; send it as `Authorization: Bearer <key>`. It is shown once:",
                role.name(),
                path.display()
            );
            println!("{key}");
        }
    }
    Ok(())
}
