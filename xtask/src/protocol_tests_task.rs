//! `cargo xtask protocol-tests [FILE…]`: botocore's protocol compliance cases, generated into
//! Rust tests and run (the `protocol` test of the codegen crate; default: the four awsJson
//! files vendored in `codegen/tests/fixtures/protocol/`). Prints every case by id.

use std::process::Command;
use std::time::Instant;

pub fn run(args: &[String]) -> Result<(), String> {
    let root = crate::root();
    let mut cmd = Command::new(env!("CARGO"));
    cmd.current_dir(&root).args(["test", "--quiet", "-p", "codegen", "--test", "protocol", "--", "--nocapture"]);
    if !args.is_empty() {
        let files: Vec<std::path::PathBuf> =
            args.iter().map(|a| std::fs::canonicalize(a).map_err(|e| format!("{a}: {e}"))).collect::<Result<_, _>>()?;
        cmd.env("PROTOCOL_TEST_FILES", std::env::join_paths(files).map_err(|e| e.to_string())?);
    }
    let start = Instant::now();
    let status = cmd.status().map_err(|e| e.to_string())?;
    println!("protocol tests took {:.1?}", start.elapsed());
    if status.success() {
        Ok(())
    } else {
        Err("protocol compliance cases failed".into())
    }
}
