//! `cargo xtask codegen [--check] [--model DIR] [--out DIR]`: the only writer of
//! `organizations-sdk/src/generated/`. What differs is decided by `codegen::compare`, the
//! same function the committed-output test uses.

use codegen::compare::Difference;
use std::path::{Path, PathBuf};
use std::time::Instant;

pub const GENERATED_DIR: &str = "organizations-sdk/src/generated";

const USAGE: &str = "usage: cargo xtask codegen [--check] [--model DIR] [--out DIR]";

pub fn run(args: &[String]) -> Result<(), String> {
    let root = crate::root();
    let (mut check, mut model, mut out) = (false, root.join("model"), root.join(GENERATED_DIR));
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--check" => check = true,
            "--model" => model = PathBuf::from(it.next().ok_or(USAGE)?),
            "--out" => out = PathBuf::from(it.next().ok_or(USAGE)?),
            _ => return Err(USAGE.into()),
        }
    }
    let start = Instant::now();
    let files = codegen::ModelFiles::read(&model).map_err(|e| e.to_string())?;
    let wanted = codegen::generate(&files).map_err(|e| format!("codegen failed: {e}"))?;
    let differences = codegen::compare::compare(&out, &wanted).map_err(|e| format!("{}: {e}", out.display()))?;
    let shown = out.strip_prefix(&root).unwrap_or(&out).display().to_string();
    if check {
        if !differences.is_empty() {
            let list: Vec<String> = differences.iter().map(|d| format!("  {d}")).collect();
            return Err(format!(
                "{} of the generated files under {shown} are out of date:\n{}\nrun `cargo xtask codegen` and commit the result",
                differences.len(),
                list.join("\n")
            ));
        }
        println!("{} generated files are up to date ({:.2?})", wanted.len(), start.elapsed());
        return Ok(());
    }
    apply(&out, &wanted, &differences).map_err(|e| format!("{shown}: {e}"))?;
    let count = |f: fn(&Difference) -> bool| differences.iter().filter(|d| f(d)).count();
    println!(
        "{shown}: {} generated files, {} rewritten, {} new, {} removed ({:.2?})",
        wanted.len(),
        count(|d| matches!(d, Difference::Stale(_))),
        count(|d| matches!(d, Difference::Missing(_))),
        count(|d| matches!(d, Difference::Extra(_))),
        start.elapsed()
    );
    Ok(())
}

/// Write stale and missing files, delete extra ones (and directories left empty).
fn apply(dir: &Path, wanted: &std::collections::BTreeMap<PathBuf, String>, differences: &[Difference]) -> std::io::Result<()> {
    for d in differences {
        let path = dir.join(d.path());
        match d {
            Difference::Stale(rel) | Difference::Missing(rel) => {
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(&path, &wanted[rel])?;
            }
            Difference::Extra(_) => {
                std::fs::remove_file(&path)?;
                let mut parent = path.parent();
                while let Some(p) = parent.filter(|p| *p != dir) {
                    if std::fs::remove_dir(p).is_err() {
                        break;
                    }
                    parent = p.parent();
                }
            }
        }
    }
    Ok(())
}
