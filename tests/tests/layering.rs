//! The runtime's layering, as `docs/architecture.md` ("Crate layout") lists it: each module
//! of `organizations-sdk/src` imports only modules listed before it, and the files of one
//! module import each other without cycles. The generated code is checked too, as the one
//! module `generated`.
//!
//! A module is a file (`credentials/sso.rs` is `credentials::sso`; everything under
//! `generated/` is `generated`); an import is any `crate::…` path or `super::…` path in its
//! code (comments and a trailing `#[cfg(test)] mod tests` are ignored), with the crate
//! root's re-exports (`crate::Client`, `crate::operation`, …) followed to their module. A
//! module sits at the place of the longest listed module it starts with. A parent and its
//! own child may refer to each other (a `mod.rs` declares and re-exports its children).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../organizations-sdk/src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `credentials/mod.rs` → `credentials`, `credentials/sso.rs` → `credentials::sso`,
/// `generated/…` → `generated`.
fn module_of(rel: &Path) -> String {
    let mut parts: Vec<String> = rel.with_extension("").iter().map(|p| p.to_string_lossy().into_owned()).collect();
    if parts[0] == "generated" {
        return "generated".into();
    }
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts.join("::")
}

/// Code without `//` comments (doc comments and notes may name any module) and without
/// its unit-test module (`#[cfg(test)] mod tests { … }`, to its matching brace).
fn code(text: &str) -> String {
    let text: String = text.lines().map(|l| l.split("//").next().unwrap_or_default()).collect::<Vec<_>>().join("\n");
    let Some(start) = text.find("#[cfg(test)]\nmod tests {") else { return text };
    let open = start + text[start..].find('{').unwrap();
    let mut depth = 0;
    for (i, c) in text[open..].char_indices() {
        depth += match c {
            '{' => 1,
            '}' => -1,
            _ => 0,
        };
        if depth == 0 {
            return format!("{}{}", &text[..start], &text[open + i + 1..]);
        }
    }
    text[..start].to_string()
}

/// The crate root's re-exports: `Client` → `client`, `operation` → `generated`, … (from
/// `pub use a::b;` and `pub use a::{b, c};` lines of `lib.rs`).
fn reexports() -> BTreeMap<String, String> {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let mut out = BTreeMap::new();
    for line in lib.lines().filter_map(|l| l.trim().strip_prefix("pub use ")) {
        let line = line.trim_end_matches(';');
        let (module, rest) = line.split_once("::").unwrap();
        let names: Vec<&str> = match rest.strip_prefix('{') {
            Some(group) => group.trim_end_matches('}').split(',').collect(),
            None => vec![rest],
        };
        for name in names {
            let name = name.trim().rsplit("::").next().unwrap().trim();
            out.insert(name.to_string(), module.to_string());
        }
    }
    out
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
    let mut by_module: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for f in files {
        let module = module_of(f.strip_prefix(&root).unwrap());
        if module != "lib" {
            by_module.entry(module).or_default().push(f);
        }
    }
    let modules: BTreeSet<String> = by_module.keys().cloned().collect();
    let reexports = reexports();
    let mut graph = BTreeMap::new();
    for (module, files) in &by_module {
        let text: String = files.iter().map(|f| code(&std::fs::read_to_string(f).unwrap())).collect::<Vec<_>>().join("\n");
        let own: Vec<String> = module.split("::").map(str::to_string).collect();
        let parent = &own[..own.len() - 1];
        let mut edges = BTreeSet::new();
        for path in paths_after(&text, "crate::") {
            let path = match path.first().and_then(|first| reexports.get(first)) {
                Some(module) => vec![module.clone()],
                None => path,
            };
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

/// The layers in order, from the numbered list of `docs/architecture.md`'s "Crate layout".
fn layers() -> Vec<String> {
    let doc = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/architecture.md")).unwrap();
    let section = doc.split("## Crate layout").nth(1).expect("docs/architecture.md has a Crate layout section");
    section
        .lines()
        .filter_map(|l| {
            let (number, rest) = l.split_once(". `")?;
            number.chars().all(|c| c.is_ascii_digit()).then(|| rest.split('`').next().unwrap().to_string())
        })
        .collect()
}

/// The place of `module` in `layers`: that of the longest listed module it is or is inside.
fn place(layers: &[String], module: &str) -> Option<usize> {
    layers
        .iter()
        .enumerate()
        .filter(|(_, l)| module == l.as_str() || module.starts_with(&format!("{l}::")))
        .max_by_key(|(_, l)| l.len())
        .map(|(i, _)| i)
}

/// Every import of a module listed after the importer: `(importer, imported)`.
fn upward_imports(graph: &BTreeMap<String, BTreeSet<String>>, layers: &[String]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (from, tos) in graph {
        for to in tos {
            if let (Some(a), Some(b)) = (place(layers, from), place(layers, to)) {
                if b > a {
                    out.push((from.clone(), to.clone()));
                }
            }
        }
    }
    out
}

#[test]
fn modules_import_only_modules_listed_before_them() {
    let graph = import_graph();
    let layers = layers();
    assert!(graph.len() > 20 && layers.len() > 20, "found only {:?} and {layers:?}", graph.keys());
    // The reader sees the real edges, so a passing run says something.
    assert!(graph["client"].contains("attempt") && graph["attempt"].contains("signing"), "{graph:#?}");
    assert!(graph["generated"].contains("client") && graph["test_util"].contains("generated"), "{graph:#?}");
    let unlisted: Vec<&String> = graph.keys().filter(|m| place(&layers, m).is_none()).collect();
    assert!(unlisted.is_empty(), "modules missing from docs/architecture.md's Crate layout: {unlisted:?}");
    let upward = upward_imports(&graph, &layers);
    let lines: Vec<String> = upward.iter().map(|(a, b)| format!("{a} imports {b}, which is listed after it")).collect();
    assert!(upward.is_empty(), "upward imports:\n  {}", lines.join("\n  "));
    if let Some(cycle) = find_cycle(&graph) {
        panic!("import cycle: {}", cycle.join(" -> "));
    }
}

#[test]
fn an_upward_import_is_caught() {
    let layers: Vec<String> = ["json", "credentials", "config", "credentials::assume_role"].map(String::from).to_vec();
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("json", &[][..]),
        ("config", &["credentials", "json"]),
        ("credentials::assume_role", &["config"]),
        ("credentials::chain", &["json", "config"]),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
    .collect();
    assert_eq!(upward_imports(&graph, &layers), vec![("credentials::chain".to_string(), "config".to_string())]);
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let graph: BTreeMap<String, BTreeSet<String>> = [("a", &["b"][..]), ("b", &["c"]), ("c", &["a"]), ("d", &[])]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.iter().map(|s| s.to_string()).collect()))
        .collect();
    assert_eq!(find_cycle(&graph), Some(vec!["a".into(), "b".into(), "c".into(), "a".into()]));
}
