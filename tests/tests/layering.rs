//! The hand-written modules of `organizations-sdk/src` import each other without cycles, so
//! the runtime reads bottom-up: primitives and json, error, proxy, transport, settings, signing,
//! credentials, config, protocol, retry, attempt, client, pagination.
//!
//! A module is a file (`credentials/sso.rs` is `credentials::sso`); an import is any
//! `crate::…` path or `super::…` path in its code (comments are ignored). A parent and its
//! own child may refer to each other (a `mod.rs` declares and re-exports its children);
//! every other pair must not reach each other both ways. `src/generated/` is left out: it
//! is the layer on top, generated against the runtime.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../organizations-sdk/src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if path.file_name().unwrap() != "generated" {
                rust_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `credentials/mod.rs` → `credentials`, `credentials/sso.rs` → `credentials::sso`.
fn module_of(rel: &Path) -> String {
    let mut parts: Vec<String> = rel.with_extension("").iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts.join("::")
}

/// Code without `//` comments (doc comments and notes may name any module).
fn code(text: &str) -> String {
    text.lines().map(|l| l.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n")
}

/// Identifier paths following `prefix` (`crate::a::b` → `["a", "b"]`), including each name
/// of a `prefix{a, b::c}` group.
fn paths_after(code: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find(prefix) {
        let before = rest[..at].chars().last();
        rest = &rest[at + prefix.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            for item in inner.split(',') {
                let path: Vec<String> = item.trim().split("::").map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
                out.push(path);
            }
        } else {
            let end = rest.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(rest.len());
            out.push(rest[..end].split("::").filter(|s| !s.is_empty()).map(str::to_string).collect());
        }
    }
    out
}

/// The longest known module that `path` (under `base`) starts with.
fn resolve(modules: &BTreeSet<String>, base: &[String], path: &[String]) -> Option<String> {
    (1..=path.len()).rev().find_map(|k| {
        let candidate: Vec<&str> = base.iter().map(String::as_str).chain(path[..k].iter().map(String::as_str)).collect();
        let name = candidate.join("::");
        modules.contains(&name).then_some(name)
    })
}

fn import_graph() -> BTreeMap<String, BTreeSet<String>> {
    let root = src();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let by_module: BTreeMap<String, PathBuf> =
        files.into_iter().map(|f| (module_of(f.strip_prefix(&root).unwrap()), f)).filter(|(m, _)| m != "lib").collect();
    let modules: BTreeSet<String> = by_module.keys().cloned().collect();
    let mut graph = BTreeMap::new();
    for (module, file) in &by_module {
        let text = code(&std::fs::read_to_string(file).unwrap());
        let own: Vec<String> = module.split("::").map(str::to_string).collect();
        let parent = &own[..own.len() - 1];
        let mut edges = BTreeSet::new();
        for path in paths_after(&text, "crate::") {
            edges.extend(resolve(&modules, &[], &path));
        }
        for path in paths_after(&text, "super::") {
            let target = resolve(&modules, parent, &path).or_else(|| (!parent.is_empty()).then(|| parent.join("::")));
            edges.extend(target);
        }
        edges.retain(|to| to != module && !to.starts_with(&format!("{module}::")) && !module.starts_with(&format!("{to}::")));
        graph.insert(module.clone(), edges);
    }
    graph
}

/// A cycle through the graph, as the list of modules on it, if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit<'a>(
        node: &'a str,
        graph: &'a BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<&'a str>,
        done: &mut BTreeSet<&'a str>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| *n == node) {
            let mut cycle: Vec<String> = path[at..].iter().map(|s| s.to_string()).collect();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if !done.insert(node) {
            return None;
        }
        path.push(node);
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|start| visit(start, graph, &mut Vec::new(), &mut done))
}

#[test]
fn hand_written_modules_import_without_cycles() {
    let graph = import_graph();
    assert!(graph.len() > 20, "found only {:?}", graph.keys());
    // The reader sees the real edges, so a passing run says something.
    assert!(graph["client"].contains("attempt") && graph["attempt"].contains("signing"), "{graph:#?}");
    if let Some(cycle) = find_cycle(&graph) {
        panic!("import cycle: {}", cycle.join(" -> "));
    }
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let graph: BTreeMap<String, BTreeSet<String>> = [("a", &["b"][..]), ("b", &["c"]), ("c", &["a"]), ("d", &[])]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
        .collect();
    assert_eq!(find_cycle(&graph), Some(vec!["a".into(), "b".into(), "c".into(), "a".into()]));
}
