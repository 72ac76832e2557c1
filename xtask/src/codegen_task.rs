//! `cargo xtask codegen [--check]`: the only writer of `organizations-sdk/src/generated/`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

pub const GENERATED_DIR: &str = "organizations-sdk/src/generated";

pub fn run(args: &[String]) -> Result<(), String> {
    let check = match args {
        [] => false,
        [flag] if flag == "--check" => true,
        _ => return Err("usage: cargo xtask codegen [--check]".into()),
    };
    let start = Instant::now();
    let root = crate::root();
    let model = codegen::ModelFiles::read(&root.join("model")).map_err(|e| e.to_string())?;
    let files = codegen::generate(&model).map_err(|e| format!("codegen failed: {e}"))?;
    let out = root.join(GENERATED_DIR);
    let problems = sync(&out, &files, check).map_err(|e| format!("{}: {e}", out.display()))?;
    if check {
        if !problems.is_empty() {
            let list: Vec<String> = problems.iter().map(|p| format!("  {p}")).collect();
            return Err(format!(
                "generated code is out of date:\n{}\nrun `cargo xtask codegen` and commit the result",
                list.join("\n")
            ));
        }
        println!("{} generated files are up to date ({:.2?})", files.len(), start.elapsed());
    } else {
        println!("wrote {} of {} generated files under {GENERATED_DIR} ({:.2?})", problems.len(), files.len(), start.elapsed());
    }
    Ok(())
}

/// Bring `dir` to exactly `files`: in check mode only report, otherwise write changed files
/// and delete extra `.rs` files. Returns one line per stale, missing or extra file.
fn sync(dir: &Path, files: &BTreeMap<PathBuf, String>, check: bool) -> std::io::Result<Vec<String>> {
    let mut problems = Vec::new();
    for (rel, contents) in files {
        let path = dir.join(rel);
        match std::fs::read_to_string(&path) {
            Ok(existing) if existing == *contents => continue,
            Ok(_) => problems.push(format!("stale:   {}", show(rel))),
            Err(_) => problems.push(format!("missing: {}", show(rel))),
        }
        if !check {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, contents)?;
        }
    }
    for extra in existing_files(dir)? {
        let rel = extra.strip_prefix(dir).expect("under dir").to_path_buf();
        if !files.contains_key(&rel) {
            problems.push(format!("extra:   {}", show(&rel)));
            if !check {
                std::fs::remove_file(&extra)?;
            }
        }
    }
    Ok(problems)
}

fn show(rel: &Path) -> String {
    format!("{GENERATED_DIR}/{}", rel.display())
}

fn existing_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
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
