//! The one comparison of wanted generated files with a directory, behind both
//! `cargo xtask codegen [--check]` and the committed-output tests.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// How one file under the directory differs from what generation wants.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Difference {
    /// Present with other contents.
    Stale(PathBuf),
    /// Wanted but absent.
    Missing(PathBuf),
    /// Present but not wanted (left over from an older model or written by hand).
    Extra(PathBuf),
}

impl Difference {
    /// The path, relative to the compared directory.
    pub fn path(&self) -> &Path {
        match self {
            Difference::Stale(p) | Difference::Missing(p) | Difference::Extra(p) => p,
        }
    }
}

impl fmt::Display for Difference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self {
            Difference::Stale(_) => "stale:  ",
            Difference::Missing(_) => "missing:",
            Difference::Extra(_) => "extra:  ",
        };
        write!(f, "{label} {}", self.path().display())
    }
}

/// Every stale, missing and extra file of `dir` against `wanted` (paths relative to `dir`),
/// sorted by path. A missing `dir` makes every wanted file missing.
pub fn compare(dir: &Path, wanted: &BTreeMap<PathBuf, String>) -> std::io::Result<Vec<Difference>> {
    let mut out = Vec::new();
    for (rel, contents) in wanted {
        match std::fs::read(dir.join(rel)) {
            Ok(existing) if existing == contents.as_bytes() => {}
            Ok(_) => out.push(Difference::Stale(rel.clone())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => out.push(Difference::Missing(rel.clone())),
            Err(e) => return Err(e),
        }
    }
    for path in files_under(dir)? {
        let rel = path.strip_prefix(dir).expect("listed under dir").to_path_buf();
        if !wanted.contains_key(&rel) {
            out.push(Difference::Extra(rel));
        }
    }
    out.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(out)
}

/// Every file below `dir`, sorted; none when `dir` does not exist.
fn files_under(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if !dir.exists() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let path = entry?.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reports_stale_missing_and_extra_files() {
        let dir = std::env::temp_dir().join(format!("codegen-compare-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        std::fs::write(dir.join("same.rs"), "a").unwrap();
        std::fs::write(dir.join("stale.rs"), "old").unwrap();
        std::fs::write(dir.join("sub/extra.rs"), "x").unwrap();
        let wanted: BTreeMap<PathBuf, String> =
            [("same.rs", "a"), ("stale.rs", "new"), ("sub/missing.rs", "m")].into_iter().map(|(p, c)| (PathBuf::from(p), c.to_string())).collect();
        let got = compare(&dir, &wanted).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(
            got,
            vec![Difference::Stale("stale.rs".into()), Difference::Extra("sub/extra.rs".into()), Difference::Missing("sub/missing.rs".into()),]
        );
        assert_eq!(got[1].to_string(), "extra:   sub/extra.rs");
    }
}
