//! Records the compiler version for the user agent (`lang/rust/<version>`, see
//! `docs/runtime-behaviour.md` §7).

fn main() {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let version = std::process::Command::new(rustc)
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.split_whitespace().nth(1).map(str::to_owned))
        .unwrap_or_else(|| "unknown".into());
    println!("cargo:rustc-env=ORGANIZATIONS_SDK_RUSTC_VERSION={version}");
    println!("cargo:rerun-if-env-changed=RUSTC");
}
