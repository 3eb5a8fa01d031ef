//! The shape of the `claimgraph` crate, read from its sources: the server
//! library never imports the tools (`commands`), and its top-level modules
//! import each other without a circle.
//!
//! The graph: one node per top-level module of `api/src/` (`config`,
//! `services`, `commands`, …); an edge A → B when a file of A names
//! `crate::B` or `claimgraph::B`, in a path or in a `use crate::{B, …}`
//! group, or reaches B through enough `super::` to climb to the crate root.
//! Comments are prose and are skipped. `main.rs` is the binary, not a module,
//! and `lib.rs` the root that declares them all.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The tool module: everything else is the server library.
const COMMANDS: &str = "commands";

/// The graph: module → the modules it names, with the first file naming each.
type Graph = BTreeMap<String, BTreeMap<String, PathBuf>>;

fn source_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The text of a file without its comments (`//` to the end of the line, and
/// `/* … */`), string and character literals kept as they are. Raw strings
/// are read as plain ones: good enough for this crate, whose raw strings
/// hold GraphQL and SQL.
fn without_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut in_string = false;
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if c == '\\' {
                if let Some(escaped) = chars.next() {
                    out.push(escaped);
                }
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match (c, chars.peek()) {
            // A character literal: `'"'` and `'\''` must not open a string.
            ('\'', Some('"')) => {
                out.push(c);
                out.extend(chars.next());
            }
            ('\'', Some('\\')) => {
                out.push(c);
                out.extend(chars.next());
                out.extend(chars.next());
            }
            ('"', _) => {
                in_string = true;
                out.push(c);
            }
            ('/', Some('/')) => {
                for skipped in chars.by_ref() {
                    if skipped == '\n' {
                        out.push('\n');
                        break;
                    }
                }
            }
            ('/', Some('*')) => {
                chars.next();
                let mut last = ' ';
                for skipped in chars.by_ref() {
                    if last == '*' && skipped == '/' {
                        break;
                    }
                    last = skipped;
                }
            }
            _ => out.push(c),
        }
    }
    out
}

/// The identifier at the start of `text`, if any.
fn ident(text: &str) -> &str {
    let end = text
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    &text[..end]
}

/// The first segment of each path in a `{…}` group starting at `text` (just
/// after its `{`): `{a, b::c, d::{e, f}}` gives `a`, `b`, `d`.
fn group_heads(text: &str) -> Vec<&str> {
    let mut heads = Vec::new();
    let mut depth = 0usize;
    let mut at_item = true;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => at_item = true,
            c if at_item && depth == 0 && !c.is_whitespace() => {
                heads.push(ident(&text[i..]));
                at_item = false;
            }
            _ => {}
        }
    }
    heads
}

/// The top-level modules `text` names after `prefix` (e.g. `crate::`).
fn named_after<'a>(text: &'a str, prefix: &str) -> Vec<&'a str> {
    let mut names = Vec::new();
    for (at, _) in text.match_indices(prefix) {
        // `foo_crate::x` is not `crate::x`.
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = text[at + prefix.len()..].trim_start();
        match rest.strip_prefix('{') {
            Some(group) => names.extend(group_heads(group)),
            None => names.push(ident(rest)),
        }
    }
    names
}

/// The module graph of the crate's sources.
fn graph() -> Graph {
    let root = source_dir();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let modules: BTreeSet<String> = files
        .iter()
        .filter_map(|path| {
            let relative = path.strip_prefix(&root).ok()?;
            let first = relative.components().next()?.as_os_str().to_str()?;
            let name = first.strip_suffix(".rs").unwrap_or(first);
            (name != "main" && name != "lib").then(|| name.to_owned())
        })
        .collect();
    let mut graph: Graph = modules
        .iter()
        .map(|m| (m.clone(), BTreeMap::new()))
        .collect();
    for path in &files {
        let relative = path.strip_prefix(&root).expect("under src");
        let parts: Vec<&str> = relative
            .iter()
            .map(|p| p.to_str().expect("a UTF-8 path"))
            .collect();
        let first = parts[0].strip_suffix(".rs").unwrap_or(parts[0]);
        if !modules.contains(first) {
            continue;
        }
        // How many `super::` climb from this file to the crate root: one per
        // folder, plus one for a file that is not its folder's `mod.rs`.
        let depth = parts.len() - usize::from(parts.last() == Some(&"mod.rs"));
        let text = without_comments(
            &std::fs::read_to_string(path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display())),
        );
        let mut named = named_after(&text, "crate::");
        named.extend(named_after(&text, "claimgraph::"));
        named.extend(named_after(
            &text,
            &format!("{}::", "super::".repeat(depth)),
        ));
        for name in named {
            if name != first && modules.contains(name) {
                graph
                    .get_mut(first)
                    .expect("every module is a node")
                    .entry(name.to_owned())
                    .or_insert_with(|| relative.to_path_buf());
            }
        }
    }
    graph
}

/// The circles of `graph`: its strongly connected components of more than
/// one module, each sorted (Tarjan's algorithm, recursive: the graph is small).
fn circles(graph: &Graph) -> Vec<Vec<String>> {
    struct Walk<'g> {
        graph: &'g Graph,
        index: BTreeMap<&'g str, usize>,
        low: BTreeMap<&'g str, usize>,
        stack: Vec<&'g str>,
        on_stack: BTreeSet<&'g str>,
        found: Vec<Vec<String>>,
    }
    impl<'g> Walk<'g> {
        fn visit(&mut self, node: &'g str) {
            let n = self.index.len();
            self.index.insert(node, n);
            self.low.insert(node, n);
            self.stack.push(node);
            self.on_stack.insert(node);
            for next in self.graph[node].keys() {
                let next = next.as_str();
                if !self.index.contains_key(next) {
                    self.visit(next);
                    let low = self.low[node].min(self.low[next]);
                    self.low.insert(node, low);
                } else if self.on_stack.contains(next) {
                    let low = self.low[node].min(self.index[next]);
                    self.low.insert(node, low);
                }
            }
            if self.low[node] == self.index[node] {
                let mut component = Vec::new();
                while let Some(member) = self.stack.pop() {
                    self.on_stack.remove(member);
                    component.push(member.to_owned());
                    if member == node {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.found.push(component);
                }
            }
        }
    }
    let mut walk = Walk {
        graph,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for node in graph.keys() {
        if !walk.index.contains_key(node.as_str()) {
            walk.visit(node);
        }
    }
    walk.found.sort();
    walk.found
}

/// The edges among `members`, with the file that makes each, for a message.
fn describe(graph: &Graph, members: &[String]) -> String {
    let mut lines = Vec::new();
    for from in members {
        for (to, file) in &graph[from] {
            if members.contains(to) {
                lines.push(format!("  {from} -> {to} (api/src/{})", file.display()));
            }
        }
    }
    lines.join("\n")
}

#[test]
fn the_server_library_never_imports_the_commands() {
    let graph = graph();
    assert!(
        [COMMANDS, "config", "graphql", "http", "services"]
            .iter()
            .all(|module| graph.contains_key(*module)),
        "the module graph was not read: {:?}",
        graph.keys().collect::<Vec<_>>()
    );
    let offenders: Vec<String> = graph
        .iter()
        .filter_map(|(module, names)| {
            let file = names.get(COMMANDS)?;
            Some(format!(
                "{module} imports {COMMANDS} (api/src/{})",
                file.display()
            ))
        })
        .collect();
    assert!(
        offenders.is_empty(),
        "the server library must not import the tools: move what it needs \
         out of `commands`, below it:\n{}",
        offenders.join("\n")
    );
}

#[test]
fn the_top_level_modules_import_each_other_without_a_circle() {
    let graph = graph();
    let found = circles(&graph);
    let report: Vec<String> = found
        .iter()
        .map(|members| format!("{}:\n{}", members.join(" <-> "), describe(&graph, members)))
        .collect();
    assert!(
        found.is_empty(),
        "import circles among the top-level modules:\n{}",
        report.join("\n")
    );
}

#[test]
fn the_reader_sees_grouped_nested_and_relative_imports() {
    let text = without_comments(
        "use crate::{a, b::c, d::{e, f}};\n\
         // use crate::commented;\n\
         let s = \"// not a comment\"; let q = '\"'; x = crate::g::h(); foo_crate::i;\n\
         /* crate::block */ use super::super::j::k;",
    );
    let mut named = named_after(&text, "crate::");
    named.extend(named_after(&text, "super::super::"));
    assert_eq!(named, ["a", "b", "d", "g", "j"]);
    let graph: Graph = [
        ("a", vec!["b"]),
        ("b", vec!["c"]),
        ("c", vec!["a"]),
        ("d", vec!["a"]),
    ]
    .into_iter()
    .map(|(from, to)| {
        (
            from.to_owned(),
            to.into_iter()
                .map(|t| (t.to_owned(), PathBuf::from("x.rs")))
                .collect(),
        )
    })
    .collect();
    assert_eq!(circles(&graph), [["a", "b", "c"]]);
}
