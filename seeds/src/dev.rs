//! The extraction development set: real articles annotated by first and last
//! words, their texts kept outside the repository (`seeds/dev/README.md`).
//!
//! [`load`] reads every annotation of a folder and, from a second folder, the
//! text it was written against, cleans the text as ingestion does and places
//! each statement in the cleaned body (code points, as `Statement.span`).

use std::path::{Path, PathBuf};

use serde::Deserialize;
use sha2::{Digest, Sha256};

use crate::corpus::StatementKind;
use crate::date::PartialDate;

/// One annotated article of the development set, with its text.
#[derive(Debug, Clone)]
pub struct Article {
    /// The annotation file's stem, such as `en-example-floods`.
    pub slug: String,
    pub url: String,
    /// The publisher, as a reader names it.
    pub outlet: String,
    /// ISO 639-1.
    pub language: String,
    pub published: Option<PartialDate>,
    /// What kind of text it is: `wire`, `ministry_statement`, `ngo_release`…
    pub shape: String,
    /// The organization that wrote the document itself, when one did.
    pub author: Option<String>,
    /// The text exactly as retrieved.
    pub original: String,
    /// `text::clean(original)`: what ingestion extracts from.
    pub body: String,
    /// False when the text's SHA-256 is not the one the annotation was written against.
    pub text_matches: bool,
    pub statements: Vec<Statement>,
}

/// One annotated statement, placed in the article's cleaned body.
#[derive(Debug, Clone)]
pub struct Statement {
    /// Code-point offsets into `body`.
    pub span_start: usize,
    pub span_end: usize,
    pub kind: StatementKind,
    /// The person or collective voice, as the text names them at their fullest.
    pub speaker: Option<String>,
    /// Whom the speaker speaks for, or the organization that speaks alone.
    pub organization: Option<String>,
    /// Other forms the text uses for the speaker and the organization.
    pub names: Vec<String>,
    /// The annotator's name for the act of saying it reports: statements of
    /// any article (seed or development) with the same key report the same
    /// utterance.
    pub utterance: Option<String>,
}

/// What [`load`] read: the articles whose texts were found, and the slugs
/// of those whose texts were not.
#[derive(Debug, Clone, Default)]
pub struct DevSet {
    pub articles: Vec<Article>,
    pub missing_texts: Vec<String>,
}

/// Why the development set did not load: names the file and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}: {message}")]
pub struct DevError {
    pub file: String,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnnotationFile {
    url: String,
    outlet: String,
    language: String,
    #[serde(default)]
    published: Option<String>,
    shape: String,
    #[serde(default)]
    author: Option<String>,
    #[allow(dead_code)]
    #[serde(default)]
    query: Option<String>,
    sha256: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default, rename = "statement")]
    statements: Vec<AnnotatedStatement>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AnnotatedStatement {
    starts: String,
    ends: String,
    #[serde(default)]
    speaker: Option<String>,
    #[serde(default)]
    organization: Option<String>,
    #[serde(default)]
    names: Vec<String>,
    kind: String,
    #[serde(default)]
    utterance: Option<String>,
}

/// The shapes an annotation may name.
pub const SHAPES: &[&str] = &[
    "wire",
    "ministry_statement",
    "ngo_release",
    "un_news",
    "interview",
    "press_conference",
    "regional_news",
];

/// Reads every `*.toml` of `annotations` (sorted by name) and the text
/// `<slug>.txt` of each from `texts`. An annotation without its text is
/// listed in [`DevSet::missing_texts`]; one that does not parse, or whose
/// words are not found in its text, is an error.
pub fn load(annotations: &Path, texts: &Path) -> Result<DevSet, DevError> {
    let folder_error = |path: &Path, e: std::io::Error| DevError {
        file: path.display().to_string(),
        message: e.to_string(),
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(annotations)
        .map_err(|e| folder_error(annotations, e))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    let mut set = DevSet::default();
    for path in files {
        let slug = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let annotation = std::fs::read_to_string(&path).map_err(|e| folder_error(&path, e))?;
        let text_path = texts.join(format!("{slug}.txt"));
        let Ok(original) = std::fs::read_to_string(&text_path) else {
            set.missing_texts.push(slug);
            continue;
        };
        let article = article(&slug, &annotation, original).map_err(|message| DevError {
            file: path.display().to_string(),
            message,
        })?;
        set.articles.push(article);
    }
    Ok(set)
}

/// One article from its annotation and its text.
pub fn article(slug: &str, annotation: &str, original: String) -> Result<Article, String> {
    let file: AnnotationFile = toml::from_str(annotation).map_err(|e| e.to_string())?;
    if !SHAPES.contains(&file.shape.as_str()) {
        return Err(format!(
            "unknown shape {:?}; expected one of {}",
            file.shape,
            SHAPES.join(", ")
        ));
    }
    let published = file
        .published
        .as_deref()
        .map(str::parse::<PartialDate>)
        .transpose()
        .map_err(|e| format!("`published`: {e}"))?;
    let _ = file.title;
    let digest = format!("{:x}", Sha256::digest(original.as_bytes()));
    let body = text::clean(&original);
    let chars: Vec<char> = body.chars().collect();
    let mut statements = Vec::with_capacity(file.statements.len());
    for (n, s) in file.statements.into_iter().enumerate() {
        let at = |what: &str| format!("statement {} ({:?}): {what}", n + 1, s.starts);
        let kind = statement_kind(&s.kind).map_err(|e| at(&e))?;
        let start = find(&chars, &s.starts, 0)
            .ok_or_else(|| at("its first words are not in the text"))?
            .0;
        let end = find(&chars, &s.ends, start)
            .ok_or_else(|| {
                at(&format!(
                    "its last words {:?} are not after its first",
                    s.ends
                ))
            })?
            .1;
        statements.push(Statement {
            span_start: start,
            span_end: end,
            kind,
            speaker: s.speaker,
            organization: s.organization,
            names: s.names,
            utterance: s.utterance,
        });
    }
    Ok(Article {
        slug: slug.to_owned(),
        url: file.url,
        outlet: file.outlet,
        language: file.language,
        published,
        shape: file.shape,
        author: file.author,
        original,
        body,
        text_matches: digest.eq_ignore_ascii_case(file.sha256.trim()),
        statements,
    })
}

/// The statement kind `name` spells, as the data files spell it.
fn statement_kind(name: &str) -> Result<StatementKind, String> {
    use sea_orm::{ActiveEnum, Iterable};
    StatementKind::iter()
        .find(|k| k.to_value() == name)
        .ok_or_else(|| {
            let names: Vec<String> = StatementKind::iter().map(|k| k.to_value()).collect();
            format!("kind {name:?} is not one of {}", names.join(", "))
        })
}

/// The first occurrence of `needle` in `hay` at or after `from`, as
/// code-point offsets `(start, end)`. White space is ignored on both sides,
/// so that words across a line the cleaning rejoined, or beside a space it
/// restored after a full stop, are still found.
fn find(hay: &[char], needle: &str, from: usize) -> Option<(usize, usize)> {
    let needle: Vec<char> = needle.chars().filter(|c| !c.is_whitespace()).collect();
    if needle.is_empty() {
        return None;
    }
    let solid: Vec<usize> = (from..hay.len())
        .filter(|&i| !hay[i].is_whitespace())
        .collect();
    let chars: Vec<char> = solid.iter().map(|&i| hay[i]).collect();
    let at = chars
        .windows(needle.len())
        .position(|w| w == needle.as_slice())?;
    Some((solid[at], solid[at + needle.len() - 1] + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANNOTATION: &str = r#"
url = "https://example.org/a"
outlet = "Example"
language = "en"
shape = "wire"
sha256 = "0"

[[statement]]
starts = "The mayor said"
ends = "be rebuilt."
speaker = "Jane Roe"
kind = "paraphrase"
"#;

    #[test]
    fn statements_are_placed_in_the_cleaned_body() {
        let text = "Bridge reopens\n\nThe mayor said on Monday that the bridge\nwould be rebuilt. Traffic resumed.\n";
        let a = article("en-x", ANNOTATION, text.to_owned()).expect("the annotation fits the text");
        let s = &a.statements[0];
        let placed: String = a
            .body
            .chars()
            .skip(s.span_start)
            .take(s.span_end - s.span_start)
            .collect();
        assert!(placed.starts_with("The mayor said"), "{placed}");
        assert!(placed.ends_with("be rebuilt."), "{placed}");
        assert!(!a.text_matches, "the digest differs from \"0\"");
    }

    #[test]
    fn words_missing_from_the_text_are_an_error_that_names_them() {
        let err =
            article("en-x", ANNOTATION, "Nothing here.".to_owned()).expect_err("no such words");
        assert!(err.contains("The mayor said"), "{err}");
        let bad_shape = ANNOTATION.replace("\"wire\"", "\"blog\"");
        let err = article("en-x", &bad_shape, "x".to_owned()).expect_err("no such shape");
        assert!(err.contains("blog"), "{err}");
    }
}
