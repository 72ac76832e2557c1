//! `cargo xtask api-diff OLD_DIR [NEW_DIR]`: the public API change between two model
//! directories (the new one defaults to `model/`), each change classified as breaking or
//! compatible. Exits non-zero only on unreadable models, not on breaking changes.

use std::path::PathBuf;

pub fn run(args: &[String]) -> Result<(), String> {
    let (old, new) = match args {
        [old] => (PathBuf::from(old), crate::root().join("model")),
        [old, new] => (PathBuf::from(old), PathBuf::from(new)),
        _ => return Err("usage: cargo xtask api-diff OLD_MODEL_DIR [NEW_MODEL_DIR]".into()),
    };
    let read = |dir: &PathBuf| codegen::ModelFiles::read(dir).map_err(|e| e.to_string());
    let diff = codegen::api_diff::diff(&read(&old)?, &read(&new)?).map_err(|e| format!("api diff: {e}"))?;
    print!("{}", diff.render_text());
    Ok(())
}
