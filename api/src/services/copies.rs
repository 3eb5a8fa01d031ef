//! Copies: the same article stored again, reposted by another outlet. A
//! document is a copy when its cleaned body is the body of a stored
//! document (the same SHA-256) or near-identical to one: the share of its
//! word shingles (runs of [`SHINGLE`] folded words) found in the other's,
//! counted over the shorter of the two ([`similarity`], containment), is
//! at least [`THRESHOLD`]. Containment rather than Jaccard because a
//! repost adds or drops lines (a header, a footer, "Read more", the last
//! paragraph), which lowers the shared share of the longer text only.
//!
//! Candidates are cheap and indexed: originals (not copies) in the same
//! language, published within [`WITHIN_DAYS`] days of the new one (or
//! either undated), the [`CANDIDATES`] most recent by id (the
//! `(language, id)` index). A copy points at the original, never at
//! another copy.
//!
//! [`THRESHOLD`] is measured by [`evaluate`] (`claimgraph eval --dev`) on
//! pairs built from the development set: each text against itself with its
//! site furniture changed (positives) and every pair of different articles
//! (negatives, some of them reporting the same event and the same quotes).

use std::collections::HashSet;
use std::fmt;
use std::hash::{Hash, Hasher};

use chrono::{Duration, NaiveDate};
use entity::document;
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

/// Words per shingle.
pub const SHINGLE: usize = 5;
/// The least [`similarity`] that makes a copy (see [`evaluate`]).
pub const THRESHOLD: f64 = 0.8;
/// How far apart two publication dates may be for a copy.
pub const WITHIN_DAYS: i64 = 7;
/// How many stored documents a new one is compared with, at most.
pub const CANDIDATES: u64 = 300;

/// The word shingles of a text, hashed: runs of [`SHINGLE`] words of its
/// folded form (lowercase ASCII, transliterated, without punctuation), so
/// that quotes, dashes, case and spacing do not matter. A text shorter than
/// a shingle is one shingle.
pub fn shingles(body: &str) -> HashSet<u64> {
    let folded = text::fold(body);
    let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
    if words.is_empty() {
        return HashSet::new();
    }
    words
        .windows(SHINGLE.min(words.len()))
        .map(|window| {
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            window.hash(&mut hasher);
            hasher.finish()
        })
        .collect()
}

/// The share of the smaller set's shingles found in the other (0 when
/// either is empty): 1 for a text and the same text with lines added.
pub fn similarity(a: &HashSet<u64>, b: &HashSet<u64>) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if small.is_empty() {
        return 0.0;
    }
    let shared = small.iter().filter(|s| large.contains(s)).count();
    shared as f64 / small.len() as f64
}

/// The stored original that `body` (cleaned) nearly copies, if any, with
/// the similarity: the most similar candidate at or above [`THRESHOLD`],
/// the earliest on a tie.
pub async fn near_original(
    conn: &impl ConnectionTrait,
    body: &str,
    language: &str,
    published_on: Option<NaiveDate>,
) -> Result<Option<(i64, f64)>, DbErr> {
    let mut query = document::Entity::find()
        .select_only()
        .columns([document::Column::Id, document::Column::Body])
        .filter(document::Column::Language.eq(language))
        .filter(document::Column::CopyOfId.is_null());
    if let Some(on) = published_on {
        let slack = Duration::days(WITHIN_DAYS);
        query = query.filter(
            Condition::any()
                .add(document::Column::PublishedOn.is_null())
                .add(
                    Condition::all()
                        .add(document::Column::PublishedOn.gte(on - slack))
                        .add(document::Column::PublishedOn.lte(on + slack)),
                ),
        );
    }
    let candidates: Vec<(i64, String)> = query
        .order_by_desc(document::Column::Id)
        .limit(CANDIDATES)
        .into_tuple()
        .all(conn)
        .await?;
    let mine = shingles(body);
    let mut best: Option<(i64, f64)> = None;
    for (id, other) in candidates {
        let s = similarity(&mine, &shingles(&other));
        if s >= THRESHOLD && best.is_none_or(|(b, bs)| s > bs || (s == bs && id < b)) {
            best = Some((id, s));
        }
    }
    Ok(best)
}

/// Site furniture changes a repost may make to an article (as received,
/// before cleaning), named for the evaluation.
pub fn reposts(original: &str) -> Vec<(&'static str, String)> {
    let lines: Vec<&str> = original.lines().collect();
    let without_last_paragraph = {
        let trimmed = original.trim_end();
        match trimmed.rfind("\n\n") {
            Some(at) => trimmed[..at].to_owned(),
            None => match trimmed.rfind('\n') {
                Some(at) => trimmed[..at].to_owned(),
                None => trimmed.to_owned(),
            },
        }
    };
    vec![
        (
            "header line added",
            format!("Reposted from our partners | World desk\n\n{original}"),
        ),
        (
            "footer line added",
            format!(
                "{original}\n\nShare this article on social media. Subscribe to our newsletter."
            ),
        ),
        (
            "read more line added",
            format!("{original}\n\nRead more: Other news of the day\n"),
        ),
        (
            "first line removed",
            lines.iter().skip(1).copied().collect::<Vec<_>>().join("\n"),
        ),
        (
            "quotes and spacing changed",
            original
                .replace(['“', '”', '«', '»'], "\"")
                .replace('’', "'")
                .replace("  ", " ")
                .replace('\n', "\n\n"),
        ),
        ("last paragraph dropped", without_last_paragraph),
        (
            "header, footer and quotes together",
            format!(
                "Reposted from our partners\n\n{}\n\nRead more: Other news of the day\n© 2026 Another Outlet",
                original.replace(['“', '”', '«', '»'], "\"")
            ),
        ),
    ]
}

/// How [`similarity`] separates reposts from different articles.
#[derive(Debug, Clone, PartialEq)]
pub struct CopyEval {
    pub positives: usize,
    pub negatives: usize,
    /// The least similarity of a repost, and which.
    pub min_positive: (f64, String),
    /// The greatest similarity of two different articles, and which.
    pub max_negative: (f64, String),
    pub true_positives: usize,
    pub false_positives: usize,
}

impl CopyEval {
    pub fn precision(&self) -> f64 {
        let found = self.true_positives + self.false_positives;
        if found == 0 {
            1.0
        } else {
            self.true_positives as f64 / found as f64
        }
    }

    pub fn recall(&self) -> f64 {
        if self.positives == 0 {
            1.0
        } else {
            self.true_positives as f64 / self.positives as f64
        }
    }
}

impl fmt::Display for CopyEval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "  copies ({SHINGLE}-word shingles, containment): {} reposts, {} pairs of different articles; least repost {:.3} ({}), most alike different articles {:.3} ({})",
            self.positives,
            self.negatives,
            self.min_positive.0,
            self.min_positive.1,
            self.max_negative.0,
            self.max_negative.1,
        )?;
        writeln!(
            f,
            "  threshold {THRESHOLD}: precision {:.3}, recall {:.3} ({} of {} reposts found, {} different pairs taken for copies)",
            self.precision(),
            self.recall(),
            self.true_positives,
            self.positives,
            self.false_positives,
        )
    }
}

/// Measures [`similarity`] at [`THRESHOLD`] on `(slug, text as received)`
/// articles: each against its [`reposts`] (cleaned as ingestion cleans),
/// and every pair of different articles.
pub fn evaluate(articles: &[(String, String)]) -> CopyEval {
    let cleaned: Vec<(&str, HashSet<u64>)> = articles
        .iter()
        .map(|(slug, original)| (slug.as_str(), shingles(&text::clean(original))))
        .collect();
    let mut eval = CopyEval {
        positives: 0,
        negatives: 0,
        min_positive: (f64::INFINITY, String::new()),
        max_negative: (f64::NEG_INFINITY, String::new()),
        true_positives: 0,
        false_positives: 0,
    };
    for ((slug, original), (_, own)) in articles.iter().zip(&cleaned) {
        for (change, repost) in reposts(original) {
            let s = similarity(own, &shingles(&text::clean(&repost)));
            eval.positives += 1;
            if s >= THRESHOLD {
                eval.true_positives += 1;
            }
            if s < eval.min_positive.0 {
                eval.min_positive = (s, format!("{slug}, {change}"));
            }
        }
    }
    for (i, (a, sa)) in cleaned.iter().enumerate() {
        for (b, sb) in &cleaned[i + 1..] {
            let s = similarity(sa, sb);
            eval.negatives += 1;
            if s >= THRESHOLD {
                eval.false_positives += 1;
            }
            if s > eval.max_negative.0 {
                eval.max_negative = (s, format!("{a} / {b}"));
            }
        }
    }
    eval
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = "The mayor of Exampleton, Jana Novak, said on Monday that the new bridge would open in May.\n\n\
        \"We have waited long enough for this crossing, and the city will not wait any longer,\" Novak told reporters at the site.\n\n\
        The council approved the budget last year after a long debate about the cost of steel.";

    #[test]
    fn the_same_text_is_wholly_similar() {
        let a = shingles(ARTICLE);
        assert!(!a.is_empty());
        assert_eq!(similarity(&a, &shingles(ARTICLE)), 1.0);
    }

    #[test]
    fn added_lines_changed_quotes_and_spacing_do_not_matter() {
        let repost = format!(
            "Reposted from Another Outlet\n\n{}\n\nRead more: other news",
            ARTICLE.replace('"', "«").replace(' ', "  ")
        );
        let s = similarity(&shingles(ARTICLE), &shingles(&repost));
        assert_eq!(s, 1.0, "every shingle of the article is in the repost");
    }

    #[test]
    fn a_dropped_paragraph_still_copies() {
        let shorter = ARTICLE.rsplit_once("\n\n").expect("paragraphs").0;
        assert!(similarity(&shingles(ARTICLE), &shingles(shorter)) >= THRESHOLD);
    }

    #[test]
    fn another_article_with_the_same_quote_is_not_a_copy() {
        let other = "Residents of Exampleton gathered at the river on Tuesday to protest the noise of construction.\n\n\
            \"We have waited long enough for this crossing, and the city will not wait any longer,\" the mayor had said a day earlier.\n\n\
            Opponents say the bridge will bring heavy traffic to quiet streets and want a referendum on the project.";
        let s = similarity(&shingles(ARTICLE), &shingles(other));
        assert!(s < THRESHOLD, "{s}");
        assert!(s > 0.0, "the shared quote shares shingles");
    }

    #[test]
    fn empty_texts_are_like_nothing() {
        assert_eq!(similarity(&shingles(""), &shingles(ARTICLE)), 0.0);
        assert_eq!(shingles("Short text").len(), 1);
    }

    #[test]
    fn reposts_change_the_text() {
        for (change, repost) in reposts(ARTICLE) {
            assert_ne!(repost, ARTICLE, "{change}");
        }
    }
}
