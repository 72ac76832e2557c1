//! `cargo xtask test [cargo test args]`: install the Python test peers, then run every test.

use std::process::Command;

pub fn run(args: &[String]) -> Result<(), String> {
    let root = crate::root();
    let requirements = root.join("tests/requirements.txt");
    let have = Command::new("python3")
        .args(["-c", "import moto.server, botocore, awscli, proxy; print(botocore.__version__)"])
        .output()
        .map_err(|e| format!("python3 is required for the test peers (moto, botocore, awscli, proxy.py): {e}"))?;
    let pinned = std::fs::read_to_string(&requirements).map_err(|e| e.to_string())?;
    let version = String::from_utf8_lossy(&have.stdout).trim().to_string();
    if !have.status.success() || !pinned.contains(&format!("botocore=={version}")) {
        println!("installing test peers from tests/requirements.txt (moto[server], botocore, awscli, proxy.py)");
        let status = Command::new("python3")
            .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r"])
            .arg(&requirements)
            .status()
            .map_err(|e| format!("could not run pip: {e}"))?;
        if !status.success() {
            return Err("pip install -r tests/requirements.txt failed".into());
        }
    }
    let status = Command::new(env!("CARGO"))
        .current_dir(&root)
        .args(["test", "--workspace", "--no-fail-fast"])
        .args(args)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        // Every peer is on loopback: a proxy in the caller's environment must not catch them
        // (the proxy tests pass their variables explicitly, never through the process).
        .env("NO_PROXY", "127.0.0.1,localhost,::1")
        .status()
        .map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err("tests failed".into())
    }
}
