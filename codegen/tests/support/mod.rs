// Each test binary that includes this module uses only part of it.
#![allow(dead_code)]

//! A scratch copy of the organizations-sdk crate with another model's generated code in
//! place of `src/generated/`, built with the workspace's cargo: proves that a model
//! generates code that compiles against the hand-written runtime.

use codegen::ModelFiles;
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Reads a model directory whose files may be gzipped (`service-2.json.gz`), as the
/// historical fixtures are stored.
pub fn read_model(dir: &Path) -> ModelFiles {
    ModelFiles::read_with(dir, |path| {
        std::fs::read_to_string(path).or_else(|_| {
            let mut gz = path.as_os_str().to_owned();
            gz.push(".gz");
            let bytes = std::fs::read(gz)?;
            let mut text = String::new();
            flate2::read::GzDecoder::new(bytes.as_slice()).read_to_string(&mut text)?;
            Ok(text)
        })
    })
    .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
}

/// Hand-written modules that use Organizations operations by name.
const SERVICE_SPECIFIC: &[&str] = &["accounts", "snapshot", "waiters"];

/// A scratch workspace under `target/scratch/<name>/` holding a copy of the crate.
pub struct Scratch {
    dir: PathBuf,
}

impl Scratch {
    pub fn new(name: &str) -> Scratch {
        let root = root();
        let dir = target_dir().join("scratch").join(name);
        let _ = std::fs::remove_dir_all(&dir);
        let krate = dir.join("organizations-sdk");
        copy_dir(&root.join("organizations-sdk/src"), &krate.join("src"), &root.join("organizations-sdk/src/generated"));
        // The Organizations-specific conveniences built on the generated API (not part of
        // the runtime a model generates against) stay out of another model's crate.
        let lib = krate.join("src/lib.rs");
        let mut text = std::fs::read_to_string(&lib).unwrap();
        for module in SERVICE_SPECIFIC {
            let (file, dir) = (krate.join(format!("src/{module}.rs")), krate.join(format!("src/{module}")));
            if dir.is_dir() {
                std::fs::remove_dir_all(dir).unwrap();
            } else {
                std::fs::remove_file(file).unwrap();
            }
            text = text.replace(&format!("pub mod {module};\n"), "");
        }
        std::fs::write(&lib, text).unwrap();
        std::fs::copy(root.join("organizations-sdk/build.rs"), krate.join("build.rs")).unwrap();
        // The examples call Organizations operations: a scratch crate has no examples.
        let manifest = std::fs::read_to_string(root.join("organizations-sdk/Cargo.toml")).unwrap();
        let manifest = manifest.split("[[example]]").next().unwrap().replace("[package]", "[package]\nautoexamples = false");
        std::fs::write(krate.join("Cargo.toml"), manifest).unwrap();
        let workspace = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
        let workspace: String = workspace
            .lines()
            .map(|l| match l {
                l if l.starts_with("members") => "members = [\"organizations-sdk\"]",
                l if l.starts_with("exclude") => "",
                l => l,
            })
            .collect::<Vec<_>>()
            .join("\n");
        std::fs::write(dir.join("Cargo.toml"), workspace).unwrap();
        std::fs::copy(root.join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
        std::fs::copy(root.join("README.md"), dir.join("README.md")).unwrap();
        // The crate's botocore tests run the oracle scripts beside it.
        copy_dir(&root.join("tests/oracle"), &dir.join("tests/oracle"), &root.join("tests/oracle/__pycache__"));
        Scratch { dir }
    }

    /// Puts `files` in place of `src/generated/`.
    pub fn generated(&self, files: &BTreeMap<PathBuf, String>) {
        let out = self.dir.join("organizations-sdk/src/generated");
        let _ = std::fs::remove_dir_all(&out);
        for (rel, text) in files {
            let path = out.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
    }

    /// Runs cargo in the scratch workspace (target dir shared by every scratch crate, so
    /// the dependencies build once); panics with its output, naming `what`, on failure.
    pub fn cargo(&self, what: &str, args: &[&str], env: &[(&str, &Path)]) -> String {
        let (ok, text) = self.try_cargo(args, env);
        assert!(ok, "{what}: `cargo {}` failed:\n{text}", args.join(" "));
        text
    }
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root().join("target"))
}

fn copy_dir(from: &Path, to: &Path, skip: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        if path == skip {
            continue;
        }
        let dest = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &dest, skip);
        } else {
            std::fs::copy(&path, &dest).unwrap();
        }
    }
}

impl Scratch {
    /// Writes a file at `rel` in the scratch workspace.
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.dir.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    /// Rewrites the file at `rel` in the scratch workspace.
    pub fn edit(&self, rel: &str, change: impl FnOnce(String) -> String) {
        let path = self.dir.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        let changed = change(text.clone());
        assert_ne!(text, changed, "{rel}: the edit changed nothing");
        std::fs::write(path, changed).unwrap();
    }

    /// Runs cargo in the scratch workspace; returns whether it succeeded and its output.
    pub fn try_cargo(&self, args: &[&str], env: &[(&str, &Path)]) -> (bool, String) {
        let mut cmd = Command::new(env!("CARGO"));
        cmd.args(args).current_dir(&self.dir).env("CARGO_TARGET_DIR", target_dir().join("scratch/target"));
        for (k, v) in env {
            cmd.env(k, v);
        }
        cmd.env_remove("RUSTFLAGS").env("CARGO_TERM_COLOR", "never");
        let out = cmd.output().expect("cargo runs");
        (out.status.success(), format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr)))
    }
}
