//! Measures the extractor against the curated seed corpus.
//!
//! A match pairs a curated and an extracted statement whose spans overlap by
//! at least half of the shorter one, one-to-one (greedily, largest overlap
//! first). Speaker accuracy counts matched statements whose extracted speaker
//! resolves (through the registry, or through inflection-tolerant name keys)
//! to the curated speaker, or to the curated organization when only an
//! organization speaks. Run with `-- --nocapture` to see the table.

use super::{Language, extract};
use seeds::corpus::{EntityRef, Registry, Statement};
use text::name_key;

/// Whether `speaker` names the entity `key`.
fn names(registry: &Registry, speaker: &str, key: &str) -> bool {
    let hit = |e: EntityRef| match e {
        EntityRef::Speaker(k) | EntityRef::Organization(k) => k == key,
    };
    if registry.resolve(speaker).is_some_and(hit) {
        return true;
    }
    let k = name_key(speaker);
    let aliases = registry
        .speakers
        .iter()
        .filter(|s| s.key == key)
        .flat_map(|s| s.aliases.iter())
        .chain(
            registry
                .organizations
                .iter()
                .filter(|o| o.key == key)
                .flat_map(|o| o.aliases.iter()),
        );
    aliases.into_iter().any(|a| name_key(&a.name) == k)
}

fn overlap(a: (usize, usize), b: (usize, usize)) -> usize {
    a.1.min(b.1).saturating_sub(a.0.max(b.0))
}

#[derive(Debug, Default, Clone, Copy)]
struct Score {
    curated: usize,
    extracted: usize,
    matched: usize,
    speaker_ok: usize,
}

impl Score {
    fn p(&self) -> f64 {
        ratio(self.matched, self.extracted)
    }
    fn r(&self) -> f64 {
        ratio(self.matched, self.curated)
    }
    fn f1(&self) -> f64 {
        let (p, r) = (self.p(), self.r());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn speaker(&self) -> f64 {
        ratio(self.speaker_ok, self.matched)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

#[test]
fn seed_corpus_scores() {
    let corpus = seeds::corpus::load().expect("the seed corpus loads");
    let mut total = Score::default();
    println!(
        "{:<24} {:>4} {:>4} {:>4}  {:>5} {:>5} {:>5}  {:>5}",
        "article", "cur", "ext", "hit", "P", "R", "F1", "spk"
    );
    for doc in &corpus.documents {
        let language = if doc.language == "ru" {
            Language::Russian
        } else {
            Language::English
        };
        let found = extract(&doc.body, language);
        let curated: &[Statement] = &doc.statements;
        let mut pairs: Vec<(usize, usize, usize)> = Vec::new();
        for (ci, c) in curated.iter().enumerate() {
            for (ei, e) in found.iter().enumerate() {
                let o = overlap((c.span_start, c.span_end), (e.span_start, e.span_end));
                let shorter = (c.span_end - c.span_start).min(e.span_end - e.span_start);
                if o > 0 && 2 * o >= shorter {
                    pairs.push((o, ci, ei));
                }
            }
        }
        pairs.sort_by_key(|p| std::cmp::Reverse(p.0));
        let (mut used_c, mut used_e) = (vec![false; curated.len()], vec![false; found.len()]);
        let mut score = Score {
            curated: curated.len(),
            extracted: found.len(),
            ..Score::default()
        };
        for (_, ci, ei) in pairs {
            if used_c[ci] || used_e[ei] {
                continue;
            }
            used_c[ci] = true;
            used_e[ei] = true;
            score.matched += 1;
            let c = &curated[ci];
            let key = c.speaker.as_ref().or(c.organization.as_ref());
            let ok = match (key, &found[ei].speaker) {
                (Some(k), Some(s)) => names(&corpus.registry, s, k),
                _ => false,
            };
            if ok {
                score.speaker_ok += 1;
            } else {
                println!(
                    "  speaker? {:?} for {:?} (want {:?})",
                    found[ei].speaker,
                    prefix(&c.text),
                    key
                );
            }
        }
        for (ci, c) in curated.iter().enumerate() {
            if !used_c[ci] {
                println!("  missed: {}", prefix(&c.text));
            }
        }
        for (ei, e) in found.iter().enumerate() {
            if !used_e[ei] {
                println!("  extra:  {} [{:?}]", prefix(&e.text), e.speaker);
            }
        }
        println!(
            "{:<24} {:>4} {:>4} {:>4}  {:>5.2} {:>5.2} {:>5.2}  {:>5.2}",
            doc.slug,
            score.curated,
            score.extracted,
            score.matched,
            score.p(),
            score.r(),
            score.f1(),
            score.speaker()
        );
        total.curated += score.curated;
        total.extracted += score.extracted;
        total.matched += score.matched;
        total.speaker_ok += score.speaker_ok;
    }
    println!(
        "{:<24} {:>4} {:>4} {:>4}  {:>5.2} {:>5.2} {:>5.2}  {:>5.2}",
        "overall",
        total.curated,
        total.extracted,
        total.matched,
        total.p(),
        total.r(),
        total.f1(),
        total.speaker()
    );
    assert!(
        total.f1() >= 0.88,
        "statement F1 regressed: {:.2}",
        total.f1()
    );
    assert!(
        total.speaker() >= 0.90,
        "speaker accuracy regressed: {:.2}",
        total.speaker()
    );
}

fn prefix(s: &str) -> String {
    s.chars().take(70).collect()
}
