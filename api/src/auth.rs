//! Who may write: named API keys, each with a role.
//!
//! Keys come from a keys file (`CLAIMGRAPH_KEYS_FILE`, TOML), which holds
//! each key's name, role and SHA-256, never the key itself, so a leaked file
//! grants nothing; `claimgraph keys add NAME --role ROLE` makes a key, prints
//! it once and appends its hash. `CLAIMGRAPH_API_KEY` alone keeps working
//! as one key named `admin` with the admin role.
//!
//! A presented key is hashed once and compared with every stored hash in
//! constant time, without stopping at a match, so the time taken tells
//! nothing about which key or how much of it was right. Keys are never
//! logged; a key's name is what history and logs record.

use std::path::Path;

use anyhow::Context;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::config::ApiKey;

/// What a key may do. Each role may do what the ones before it may.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Ingest articles (`ingestDocument`).
    Ingest,
    /// Review and correct statements (the curation mutations).
    Editor,
    /// Merges and changes to the registry of speakers and organizations.
    Admin,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Self::Ingest => "ingest",
            Self::Editor => "editor",
            Self::Admin => "admin",
        }
    }
}

/// The key a request was made with: its name and role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub name: String,
    pub role: Role,
}

/// One line of the keys file.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    name: String,
    role: Role,
    /// Hex SHA-256 of the key.
    sha256: String,
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct KeysFile {
    #[serde(default, rename = "key")]
    keys: Vec<Entry>,
}

/// The keys a server accepts.
#[derive(Clone, Default)]
pub struct Keyring {
    keys: Vec<(Caller, [u8; 32])>,
}

impl std::fmt::Debug for Keyring {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names: Vec<&str> = self.keys.iter().map(|(c, _)| c.name.as_str()).collect();
        f.debug_struct("Keyring").field("names", &names).finish()
    }
}

impl Keyring {
    /// The keys of `file` (if given) and the single admin key (if given).
    /// A file that cannot be read or is not a valid keys file is an error
    /// that names it: a server must not start with fewer keys than meant.
    pub fn load(admin: Option<&ApiKey>, file: Option<&Path>) -> anyhow::Result<Self> {
        let mut keys = Vec::new();
        if let Some(admin) = admin {
            let caller = Caller {
                name: "admin".to_owned(),
                role: Role::Admin,
            };
            keys.push((caller, admin.sha256()));
        }
        if let Some(path) = file {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the keys file {}", path.display()))?;
            let parsed: KeysFile = toml::from_str(&text)
                .with_context(|| format!("the keys file {} is not valid", path.display()))?;
            for entry in parsed.keys {
                let hash = parse_hash(&entry.sha256).with_context(|| {
                    format!(
                        "the keys file {}: key {:?}: `sha256` must be 64 hex digits",
                        path.display(),
                        entry.name
                    )
                })?;
                check_name(&entry.name)
                    .with_context(|| format!("the keys file {}", path.display()))?;
                if keys.iter().any(|(c, _): &(Caller, _)| c.name == entry.name) {
                    anyhow::bail!(
                        "the keys file {}: the name {:?} is used twice",
                        path.display(),
                        entry.name
                    );
                }
                let caller = Caller {
                    name: entry.name,
                    role: entry.role,
                };
                keys.push((caller, hash));
            }
        }
        Ok(Self { keys })
    }

    /// Whether no key is configured: writes are off.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// Who `presented` is the key of, if anyone's.
    pub fn identify(&self, presented: &str) -> Option<Caller> {
        let hash: [u8; 32] = Sha256::digest(presented.trim().as_bytes()).into();
        let mut found = None;
        for (caller, stored) in &self.keys {
            // Every hash is compared, match or not.
            if bool::from(stored.ct_eq(&hash)) && found.is_none() {
                found = Some(caller.clone());
            }
        }
        found
    }
}

fn parse_hash(hex: &str) -> anyhow::Result<[u8; 32]> {
    let hex = hex.trim();
    anyhow::ensure!(hex.len() == 64 && hex.is_ascii(), "not 64 hex digits");
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(&hex[2 * i..2 * i + 2], 16)?;
    }
    Ok(out)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Key names are what logs and history show: short, plain words.
fn check_name(name: &str) -> anyhow::Result<()> {
    let plain = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '@'));
    anyhow::ensure!(
        plain,
        "the key name {name:?} must be 1 to 64 letters, digits, '-', '_', '.' or '@'"
    );
    Ok(())
}

/// Makes a new key named `name` with `role`, appends its hash to the keys
/// file at `path` (created if missing) and returns the key, which is shown
/// once and stored nowhere.
pub fn add_key(path: &Path, name: &str, role: Role) -> anyhow::Result<String> {
    check_name(name)?;
    let existing = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => {
            return Err(e).with_context(|| format!("cannot read the keys file {}", path.display()));
        }
    };
    // The file must be valid before, so that appending keeps it valid.
    let keyring = Keyring::load(None, path.exists().then_some(path))?;
    anyhow::ensure!(
        !keyring.keys.iter().any(|(c, _)| c.name == name),
        "the keys file {} already has a key named {name:?}",
        path.display()
    );
    let mut random = [0u8; 32];
    getrandom::fill(&mut random)
        .map_err(|e| anyhow::anyhow!("the system gave no random bytes: {e}"))?;
    let key = format!("cg_{}", hex(&random));
    let hash = hex(&Sha256::digest(key.as_bytes()));
    let mut text = existing;
    if !text.is_empty() {
        // One blank line between entries, whatever the file ended with.
        text.truncate(text.trim_end().len());
        text.push_str("\n\n");
    }
    text.push_str(&format!(
        "[[key]]\nname = \"{name}\"\nrole = \"{}\"\nsha256 = \"{hash}\"\n",
        role.name()
    ));
    std::fs::write(path, text)
        .with_context(|| format!("cannot write the keys file {}", path.display()))?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_key_is_known_by_its_name_and_role_and_only_its_hash_is_kept() {
        let dir = std::env::temp_dir().join(format!("claimgraph-keys-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a folder");
        let path = dir.join("keys.toml");
        std::fs::remove_file(&path).ok();
        let alice = add_key(&path, "alice", Role::Editor).expect("added");
        let bob = add_key(&path, "bob", Role::Ingest).expect("added");
        assert!(
            add_key(&path, "alice", Role::Admin).is_err(),
            "names are unique"
        );
        assert!(
            add_key(&path, "al ice", Role::Admin).is_err(),
            "plain names"
        );

        let text = std::fs::read_to_string(&path).expect("written");
        assert!(!text.contains(&alice) && !text.contains(&bob), "{text}");

        let admin: ApiKey = "an admin key of some length".parse().expect("a key");
        let keys = Keyring::load(Some(&admin), Some(&path)).expect("valid");
        let who = |key: &str| keys.identify(key).map(|c| (c.name, c.role));
        assert_eq!(who(&alice), Some(("alice".to_owned(), Role::Editor)));
        assert_eq!(who(&bob), Some(("bob".to_owned(), Role::Ingest)));
        assert_eq!(
            who("an admin key of some length"),
            Some(("admin".to_owned(), Role::Admin))
        );
        assert_eq!(who("cg_0000"), None);
        assert_eq!(who(""), None);
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn roles_include_the_ones_before_them() {
        assert!(Role::Admin >= Role::Editor && Role::Editor >= Role::Ingest);
        assert!(Role::Ingest < Role::Editor);
    }

    #[test]
    fn a_damaged_keys_file_is_refused_with_its_name() {
        let dir = std::env::temp_dir().join(format!("claimgraph-badkeys-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a folder");
        let path = dir.join("keys.toml");
        for text in [
            "[[key]]\nname = \"a\"\nrole = \"root\"\nsha256 = \"00\"\n",
            "[[key]]\nname = \"a\"\nrole = \"admin\"\nsha256 = \"xyz\"\n",
            "[[key]]\nname = \"a\"\nrole = \"admin\"\n",
            "not toml at all [",
        ] {
            std::fs::write(&path, text).expect("written");
            let err = Keyring::load(None, Some(&path)).expect_err(text);
            assert!(format!("{err:#}").contains("keys.toml"), "{err:#}");
        }
        std::fs::remove_dir_all(&dir).ok();
    }
}
