//! Fetches GraphiQL for the playground at build time, so that the binary
//! serves every file the playground needs and nothing is downloaded at run
//! time.
//!
//! No crate ships GraphiQL and third-party bundles are not committed, so the
//! pinned npm tarballs below are fetched from the npm registry with `curl`
//! (the workspace's HTTP client is built without TLS, and stays so), checked
//! against their pinned sha512 integrity, unpacked with `tar`, and their files
//! embedded through `$OUT_DIR/playground_assets.rs`. A verified tarball is
//! kept in `$OUT_DIR/npm/` and not fetched again.
//!
//! When they cannot be had (an offline build, no `curl`), the build does not
//! fail: it warns, and the binary serves the hand-written fallback playground
//! (`assets/playground.html`) instead.
//!
//! Environment variables read:
//! - `CLAIMGRAPH_GRAPHIQL_TARBALLS`: a folder (absolute path) holding the
//!   three `.tgz` files as npm names them (`graphiql-4.1.2.tgz`, …), for
//!   air-gapped builds; nothing is downloaded then.
//! - `CLAIMGRAPH_GRAPHIQL_OFFLINE`: set (to anything but `0` or empty) to
//!   build the fallback playground without trying the network.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use base64::Engine as _;
use sha2::{Digest, Sha512};

/// One npm package the playground needs, pinned to a version and to the
/// integrity the registry publishes for its tarball (`dist.integrity`).
struct Package {
    name: &'static str,
    version: &'static str,
    tarball: &'static str,
    integrity: &'static str,
    /// The files served, as paths inside the tarball, in the order the page
    /// loads them.
    files: &'static [&'static str],
}

/// React 18 is the last React with UMD builds, and GraphiQL 4 the last
/// GraphiQL with one: plain `<script>` files that need no bundler.
const PACKAGES: &[Package] = &[
    Package {
        name: "react",
        version: "18.3.1",
        tarball: "https://registry.npmjs.org/react/-/react-18.3.1.tgz",
        integrity: "sha512-wS+hAgJShR0KhEvPJArfuPVN1+Hz1t0Y6n5jLrGQbkb4urgPE/0Rve+1kMB1v/oWgHgm4WIcV+i7F2pTVj+2iQ==",
        files: &["package/umd/react.production.min.js"],
    },
    Package {
        name: "react-dom",
        version: "18.3.1",
        tarball: "https://registry.npmjs.org/react-dom/-/react-dom-18.3.1.tgz",
        integrity: "sha512-5m4nQKp+rZRb09LNH59GM4BxTh9251/ylbKIbpe7TpGxfJ+9kv6BLkLBXIjjspbgbnIBNqlI23tRnTWT0snUIw==",
        files: &["package/umd/react-dom.production.min.js"],
    },
    Package {
        name: "graphiql",
        version: "4.1.2",
        tarball: "https://registry.npmjs.org/graphiql/-/graphiql-4.1.2.tgz",
        integrity: "sha512-rNlzQIAzm6i2KBXmVQWBgLvt0TloxFVB2d18bukvdsvjEuFDHsKx5IVOomL1W1o5WW+tE54+ioHb2AEKzO2cUg==",
        files: &["package/graphiql.min.css", "package/graphiql.min.js"],
    },
];

/// Every package's licence, shipped and served with its files.
const LICENSE: &str = "package/LICENSE";

const TARBALLS_ENV: &str = "CLAIMGRAPH_GRAPHIQL_TARBALLS";
const OFFLINE_ENV: &str = "CLAIMGRAPH_GRAPHIQL_OFFLINE";

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-env-changed={TARBALLS_ENV}");
    println!("cargo::rerun-if-env-changed={OFFLINE_ENV}");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let generated = out_dir.join("playground_assets.rs");

    let offline = std::env::var(OFFLINE_ENV).is_ok_and(|v| !v.is_empty() && v != "0");
    let code = if offline {
        println!(
            "cargo::warning={OFFLINE_ENV} is set: the playground is the fallback page, without GraphiQL"
        );
        fallback()
    } else {
        match fetch_all(&out_dir) {
            Ok(code) => code,
            Err(why) => {
                explain_fallback(&why);
                fallback()
            }
        }
    };
    std::fs::write(&generated, code).expect("OUT_DIR is writable");
}

/// Warns that GraphiQL is not built in, why, and how to get it built in.
fn explain_fallback(why: &str) {
    println!(
        "cargo::warning=GraphiQL was not built in ({why}); `/` serves the fallback playground instead."
    );
    let tarballs = PACKAGES
        .iter()
        .map(tarball_name)
        .collect::<Vec<_>>()
        .join(", ");
    let fix = if std::env::var_os(TARBALLS_ENV).is_some() {
        format!(
            "put {tarballs} in the folder {TARBALLS_ENV} names, or unset it to fetch them from \
             https://registry.npmjs.org"
        )
    } else {
        format!(
            "make https://registry.npmjs.org reachable (curl honours https_proxy), or set \
             {TARBALLS_ENV} to a folder holding {tarballs}"
        )
    };
    println!("cargo::warning=To build it in: {fix}; then `touch api/build.rs` and build again.");
}

/// The generated module when GraphiQL is not built in.
fn fallback() -> String {
    "pub const GRAPHIQL: bool = false;\n\
     pub const ASSETS: &[Asset] = &[];\n\
     pub const LICENSES: &str = \"\";\n"
        .to_owned()
}

/// Fetches, verifies and unpacks every package, and returns the generated
/// module that embeds their files.
fn fetch_all(out_dir: &Path) -> Result<String, String> {
    let cache = out_dir.join("npm");
    std::fs::create_dir_all(&cache)
        .map_err(|e| format!("cannot create {}: {e}", cache.display()))?;
    let from_dir = std::env::var_os(TARBALLS_ENV).map(PathBuf::from);

    let mut assets = String::new();
    let mut licenses = String::from(
        "The claimgraph playground is GraphiQL, running on React. The binary serves\n\
         these files unchanged from their npm packages; each package's licence follows.\n\
         graphiql.min.js also holds the libraries GraphiQL is built from (such as\n\
         @graphiql/react, graphql and CodeMirror 5), each under its own licence.\n",
    );
    for package in PACKAGES {
        let tarball = match &from_dir {
            Some(dir) => {
                let path = dir.join(tarball_name(package));
                verify(package, &path)?;
                path
            }
            None => download(package, &cache)?,
        };
        let unpacked = cache.join(format!("{}-{}", package.name, package.version));
        unpack(&tarball, &unpacked, package)?;

        for file in package.files {
            let source = unpacked.join(file);
            let name = Path::new(file)
                .file_name()
                .and_then(|n| n.to_str())
                .expect("a file name");
            let content_type = if name.ends_with(".css") {
                "text/css; charset=utf-8"
            } else {
                "text/javascript; charset=utf-8"
            };
            // A version in the path lets browsers keep the file for good.
            let _ = writeln!(
                assets,
                "    Asset {{ path: \"/playground/{}-{}/{name}\", content_type: \"{content_type}\", bytes: include_bytes!({:?}) }},",
                package.name,
                package.version,
                source.display().to_string(),
            );
        }
        let license = std::fs::read_to_string(unpacked.join(LICENSE))
            .map_err(|e| format!("{} has no readable {LICENSE}: {e}", tarball_name(package)))?;
        let _ = write!(
            licenses,
            "\n==== {} {} ({}) ====\n\n{}\n",
            package.name,
            package.version,
            package.tarball,
            license.trim_end()
        );
    }
    let licenses_path = out_dir.join("LICENSES.txt");
    std::fs::write(&licenses_path, licenses)
        .map_err(|e| format!("cannot write LICENSES.txt: {e}"))?;

    Ok(format!(
        "pub const GRAPHIQL: bool = true;\n\
         pub const ASSETS: &[Asset] = &[\n{assets}];\n\
         pub const LICENSES: &str = include_str!({:?});\n",
        licenses_path.display().to_string()
    ))
}

/// The file name npm gives a package's tarball.
fn tarball_name(package: &Package) -> String {
    format!("{}-{}.tgz", package.name, package.version)
}

/// The package's tarball in the cache, downloaded when it is not there
/// already; verified either way.
fn download(package: &Package, cache: &Path) -> Result<PathBuf, String> {
    let path = cache.join(tarball_name(package));
    if verify(package, &path).is_ok() {
        return Ok(path);
    }
    let partial = path.with_extension("tgz.part");
    let status = Command::new("curl")
        .args(["--fail", "--silent", "--show-error", "--location"])
        .args([
            "--connect-timeout",
            "20",
            "--max-time",
            "300",
            "--retry",
            "2",
        ])
        .arg("--output")
        .arg(&partial)
        .arg(package.tarball)
        .status()
        .map_err(|e| format!("could not run curl: {e}"))?;
    if !status.success() {
        let _ = std::fs::remove_file(&partial);
        return Err(format!(
            "curl could not fetch {} ({status})",
            package.tarball
        ));
    }
    if let Err(why) = verify(package, &partial) {
        let _ = std::fs::remove_file(&partial);
        return Err(why);
    }
    std::fs::rename(&partial, &path).map_err(|e| format!("cannot keep {}: {e}", path.display()))?;
    Ok(path)
}

/// Checks the tarball at `path` against the package's pinned integrity: no
/// byte is served that was not the one pinned here.
fn verify(package: &Package, path: &Path) -> Result<(), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let actual = format!(
        "sha512-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha512::digest(&bytes))
    );
    if actual != package.integrity {
        return Err(format!(
            "{} does not match its pinned integrity (expected {}, got {actual})",
            path.display(),
            package.integrity
        ));
    }
    Ok(())
}

/// Unpacks the package's served files and licence from its (verified)
/// tarball into `into`.
fn unpack(tarball: &Path, into: &Path, package: &Package) -> Result<(), String> {
    std::fs::create_dir_all(into).map_err(|e| format!("cannot create {}: {e}", into.display()))?;
    let status = Command::new("tar")
        .arg("-xzf")
        .arg(tarball)
        .arg("-C")
        .arg(into)
        .args(package.files)
        .arg(LICENSE)
        .status()
        .map_err(|e| format!("could not run tar: {e}"))?;
    if !status.success() {
        return Err(format!(
            "tar could not unpack {} ({status})",
            tarball.display()
        ));
    }
    Ok(())
}
