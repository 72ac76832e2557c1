//! The one way the tests run a Python oracle (botocore's serializer, parser and endpoint
//! resolver, the AWS CLI, …): `tests/oracle/<script>` with a JSON document on stdin, its
//! JSON stdout parsed. A missing Python or package is a failure that names the install
//! command, never a skip. Included with `#[path]` by `tests/tests/support/mod.rs` and by the
//! crate's own `src/model_tests.rs`.

/// Runs `tests/oracle/<script>` with `input` on stdin; its JSON answer.
pub fn python_oracle(script: &str, input: &serde_json::Value) -> serde_json::Value {
    use std::io::Write;
    use std::process::{Command, Stdio};
    // Both including crates sit beside `tests/` in the workspace.
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/oracle").join(script);
    let mut child = Command::new("python3")
        .arg(&path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("python3 is required for the oracle {script}: {e}"));
    child.stdin.take().expect("piped").write_all(input.to_string().as_bytes()).expect("the oracle reads its input");
    let out = child.wait_with_output().expect("the oracle runs");
    assert!(
        out.status.success(),
        "{script} failed (are the test peers installed? `python3 -m pip install -r tests/requirements.txt`):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{script} did not answer JSON: {e}"))
}
