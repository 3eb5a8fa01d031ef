//! The seed corpus compiled into the binary: one row per raw article.
//!
//! Compiling the files in means the server needs no data directory at run
//! time, and a missing or renamed file fails the build instead of the start.
//! Adding an article is two files (`raw/<slug>.txt`, `data/articles/<slug>.toml`)
//! and one line here.

use super::ArticleSource;

pub(super) const REGISTRY: &str = include_str!("../../data/registry.toml");

macro_rules! article {
    ($slug:literal) => {
        ArticleSource {
            slug: $slug,
            raw: include_str!(concat!("../../raw/", $slug, ".txt")),
            annotation: include_str!(concat!("../../data/articles/", $slug, ".toml")),
        }
    };
}

pub(super) const ARTICLES: &[ArticleSource<'static>] = &[
    article!("000_53397f788cb4b0bb"),
    article!("001_1bc3f43ec67090ee"),
    article!("002_ac473eca6829cc3d"),
    article!("003_c8ffc1cdbf062dc2"),
    article!("004_4fe2903bd68b1aea"),
];
