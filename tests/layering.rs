//! The layers of ARCHITECTURE.md, read from the imports: every `crate::…` path in `src/`
//! becomes an edge between top-level modules; every edge must point down the picture's rows,
//! and the graph must stay acyclic.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Graph = BTreeMap<String, BTreeSet<String>>;

/// The rows of ARCHITECTURE.md's picture, top down: a module imports only from rows below.
const LAYERS: &[&[&str]] = &[
    &["cli", "lsp"],
    &["features"],
    &["fix"],
    &["rules"],
    &["agreed"],
    &["precedent"],
    &["model", "vocab"],
    &["config"],
    &["edit", "severity", "files"],
    &["source"],
];

fn row(module: &str) -> usize {
    LAYERS
        .iter()
        .position(|r| r.contains(&module))
        .unwrap_or_else(|| panic!("src/{module} is in no row of LAYERS (and ARCHITECTURE.md)"))
}

#[test]
fn every_import_points_down() {
    for (module, targets) in module_graph() {
        for target in targets {
            assert!(
                row(&target) > row(&module),
                "src/{module} imports crate::{target}, which is not below it (see ARCHITECTURE.md)"
            );
        }
    }
}

#[test]
fn top_level_modules_form_no_cycle() {
    let graph = module_graph();
    if let Some(cycle) = find_cycle(&graph) {
        panic!("import cycle between modules: {}", cycle.join(" → "));
    }
}

#[test]
fn the_graph_sees_imports_in_every_form() {
    let graph = module_graph();
    // `use crate::x::…`, `use crate::{x, y}` and a path written inline.
    for (from, to) in [("rules", "model"), ("cli", "files"), ("precedent", "files")] {
        assert!(imports(&graph, from, to), "{from} → {to} not found");
    }
    let inline = targets("fn f() { crate::a::g(); }\nuse crate::{b::C, c, d::{E, F}};");
    assert_eq!(inline, ["a", "b", "c", "d"].map(String::from).into());
}

#[test]
fn a_cycle_is_found() {
    let graph: Graph = [("a", "b"), ("b", "c"), ("c", "a")]
        .into_iter()
        .map(|(from, to)| (from.to_string(), BTreeSet::from([to.to_string()])))
        .collect();
    assert_eq!(
        find_cycle(&graph),
        Some(["a", "b", "c", "a"].map(String::from).to_vec())
    );
}

fn imports(graph: &Graph, from: &str, to: &str) -> bool {
    graph.get(from).is_some_and(|t| t.contains(to))
}

/// Top-level module → the top-level modules its files name through `crate::`.
fn module_graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph = Graph::new();
    for file in rust_files(&src) {
        let relative = file.strip_prefix(&src).unwrap();
        let first = relative.components().next().unwrap().as_os_str();
        let module = Path::new(first).file_stem().unwrap().to_str().unwrap();
        if matches!(module, "lib" | "main") {
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let entry = graph.entry(module.to_string()).or_default();
        entry.extend(targets(&text).into_iter().filter(|t| t != module));
    }
    graph
}

fn rust_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out
}

/// The first segment of every `crate::` path, including each branch of `crate::{…}`.
fn targets(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        match rest.strip_prefix('{') {
            Some(group) => out.extend(group_heads(group)),
            None => out.extend(ident(rest)),
        }
    }
    out
}

/// The first segment of each path in a `{…}` group (the text after its `{`).
fn group_heads(group: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut item_start = true;
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => item_start = true,
            c if item_start && !c.is_whitespace() => {
                heads.extend(ident(&group[i..]));
                item_start = false;
            }
            _ => {}
        }
    }
    heads
}

fn ident(text: &str) -> Option<String> {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .unwrap_or(text.len());
    (end > 0 && text[..end].starts_with(|c: char| c.is_ascii_lowercase()))
        .then(|| text[..end].to_string())
}

/// A cycle as the path that closes it (`a → b → a`), found by depth-first search.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &Graph,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            let mut cycle = path[at..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}
