//! Project tasks: `cargo xtask <task>`.
//!
//! - `demo`: a local organization (moto_server), seeded and printed as a tree.
//! - `codegen [--check]`: regenerate `organizations-sdk/src/generated/` from `model/`;
//!   `--check` writes nothing and fails naming every stale, missing or extra file.
//! - `update-model [--version X] [--out DIR]`: download the botocore wheel, refresh
//!   `model/` and record the API change in `organizations-sdk/CHANGELOG.md`.
//! - `api-diff OLD_DIR [NEW_DIR]`: the classified API change between two models.
//! - `bench [--quick]`: measure us against aws-sdk-organizations (see `bench/`);
//!   `bench --org [--quick]`: read a whole organization behind a throttle.
//! - `protocol-tests [FILE…]`: botocore's protocol compliance cases as generated Rust tests.
//! - `test [ARGS]`: install the Python test peers and run every test.

mod api_diff_task;
mod bench;
mod bench_org;
mod codegen_task;
mod demo;
mod protocol_tests_task;
mod test_task;
mod update_model;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask <task>

tasks:
  demo                         start moto_server locally, seed an organization and print
                               it with the org_tree example
  codegen [--check] [--model DIR] [--out DIR]
                               regenerate organizations-sdk/src/generated/ from model/
                               (--check: write nothing, fail on stale files)
  update-model [--version X] [--out DIR]
                               download botocore X (default: newest) from PyPI and
                               refresh model/ (or DIR), print the API change and record
                               it in organizations-sdk/CHANGELOG.md; then run
                               `cargo xtask codegen`
  api-diff OLD_DIR [NEW_DIR]   the public API change between two model directories
                               (NEW_DIR: model/), each line breaking or compatible
  bench [--quick]              organizations-sdk vs aws-sdk-organizations: build time,
                               crates, binary size, CPU and memory per request
  bench --org [--quick]        reading a whole synthetic organization behind a throttle:
                               snapshot() vs aws-sdk-organizations walks, against the floor
  protocol-tests [FILE...]     generate botocore's awsJson protocol compliance cases
                               (default: codegen/tests/fixtures/protocol/) into Rust
                               tests against scratch crates, run them, list each case
  test [ARGS]                  install the Python test peers (tests/requirements.txt)
                               and run `cargo test --workspace --no-fail-fast ARGS`";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("codegen") => codegen_task::run(&args[1..]),
        Some("update-model") => update_model::run(&args[1..]),
        Some("api-diff") => api_diff_task::run(&args[1..]),
        Some("test") => test_task::run(&args[1..]),
        Some("protocol-tests") => protocol_tests_task::run(&args[1..]),
        Some("demo") => demo::run(&args[1..]),
        Some("bench") => bench::run(&args[1..]),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            Ok(())
        }
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("{msg}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (the parent of `xtask/`).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().expect("xtask has a parent").to_path_buf()
}
