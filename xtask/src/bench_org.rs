//! `cargo xtask bench --org [--quick]`: reading a whole organization as fast as the service
//! allows. The stub serves a synthetic organization (5,000 accounts in 300 OUs five levels
//! deep, 60 SCPs, tags on every account; `--quick`: 500 accounts in 30 OUs) behind a
//! throttle of `RATE` requests per second (burst 10) that answers HTTP 400
//! `TooManyRequestsException` beyond it. Walks, one after the other:
//! - ours: `client.snapshot()` (SCPs with targets, tags), 8 listings at once, `max_rate` =
//!   the throttle's rate;
//! - theirs, sequential: aws-sdk-organizations as users write it (recursion over parents,
//!   `ListPoliciesForTarget` and `ListTagsForResource` per resource, default retries);
//! - theirs, per level: the same with each level (and each batch of 100 resources) run
//!   concurrently, the `join_all`-per-level variant.
//!
//! The floor is the fewest requests that read everything (the stub computes it) divided by
//! the rate. Reported: wall time, its ratio to the floor, requests, throttled requests,
//! whether the walk failed, peak RSS. Written to `target/bench/org-results.json`.

use crate::bench::{cargo, Stub};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::process::Command;
use std::time::Instant;

const BURST: f64 = 10.0;

pub fn run(args: &[String]) -> Result<(), String> {
    let quick = match args {
        [] => false,
        [q] if q == "--quick" => true,
        _ => return Err("usage: cargo xtask bench --org [--quick]".into()),
    };
    let (accounts, rate) = if quick { (500, 100.0) } else { (5000, 200.0) };
    let root = crate::root();
    let bench = root.join("bench");
    let out = root.join("target/bench");
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    println!("building the stub and the walks (release)");
    for (ws, bin) in [("stub", "bench-stub"), ("ours", "org"), ("theirs", "org")] {
        cargo(&bench.join(ws), &["build", "--release", "--quiet", "--bin", bin], Some(&out.join(format!("{ws}-target"))))?;
    }
    let mut stub_cmd = Command::new(out.join("stub-target/release/bench-stub"));
    stub_cmd.env("STUB_MODE", "org").env("ORG_ACCOUNTS", accounts.to_string()).env("RATE", rate.to_string()).env("BURST", BURST.to_string());
    let stub = Stub::start_with(stub_cmd)?;
    let min_calls = stats(&stub.url)?["min_calls"].as_u64().unwrap_or(0);
    let floor = min_calls as f64 / rate;
    println!("organization of {accounts} accounts; throttle {rate}/s (burst {BURST}); floor {min_calls} requests = {floor:.1} s");

    let walks = [
        ("organizations-sdk snapshot()", "ours", vec![("CONCURRENCY", "8".to_string()), ("RATE", rate.to_string())]),
        ("aws-sdk-organizations, sequential", "theirs", vec![("MODE", "sequential".to_string())]),
        ("aws-sdk-organizations, join_all per level", "theirs", vec![("MODE", "level".to_string())]),
    ];
    let mut rows = Vec::new();
    for (label, side, env) in walks {
        println!("walking: {label}");
        stats(&stub.url)?; // reset the counters
        let report = std::env::temp_dir().join(format!("bench-org-time-{}", std::process::id()));
        let mut cmd = Command::new("/usr/bin/time");
        cmd.arg("-o").arg(&report).args(["-f", "%M"]).arg(out.join(format!("{side}-target/release/org")));
        crate::bench::consumer_env(&mut cmd, &stub.url, 1);
        for (k, v) in &env {
            cmd.env(k, v);
        }
        let start = Instant::now();
        let output = cmd.output().map_err(|e| format!("{label}: {e}"))?;
        let wall = start.elapsed().as_secs_f64();
        let counts = stats(&stub.url)?;
        let rss: u64 = std::fs::read_to_string(&report).ok().and_then(|t| t.trim().lines().last().and_then(|l| l.trim().parse().ok())).unwrap_or(0);
        let seen = String::from_utf8_lossy(&output.stdout).trim().to_string();
        let failed = !output.status.success();
        if failed {
            println!("  failed: {}", String::from_utf8_lossy(&output.stderr).trim());
        }
        rows.push(json!({
            "walk": label,
            "wall_secs": wall,
            "ratio_to_floor": wall / floor,
            "calls": counts["calls"],
            "throttled": counts["throttled"],
            "failed": failed,
            "peak_rss_kb": rss,
            "seen": seen,
        }));
    }
    drop(stub);
    let results = json!({
        "quick": quick,
        "accounts": accounts,
        "rate_per_sec": rate,
        "burst": BURST,
        "min_calls": min_calls,
        "floor_secs": floor,
        "walks": rows,
    });
    let path = out.join("org-results.json");
    std::fs::write(&path, serde_json::to_string_pretty(&results).unwrap()).map_err(|e| e.to_string())?;
    println!("\n{}", table(&results));
    println!("(written to {})", path.display());
    Ok(())
}

fn table(r: &Value) -> String {
    let mut lines = vec![
        format!("floor: {} requests at {}/s = {:.1} s", r["min_calls"], r["rate_per_sec"], r["floor_secs"].as_f64().unwrap_or_default()),
        String::new(),
        "| walk | wall | × floor | requests | throttled | failed | peak RSS | accounts OUs policies tagged |".into(),
        "|---|---:|---:|---:|---:|---|---:|---|".into(),
    ];
    for w in r["walks"].as_array().into_iter().flatten() {
        lines.push(format!(
            "| {} | {:.1} s | {:.2} | {} | {} | {} | {} KiB | {} |",
            w["walk"].as_str().unwrap_or_default(),
            w["wall_secs"].as_f64().unwrap_or_default(),
            w["ratio_to_floor"].as_f64().unwrap_or_default(),
            w["calls"],
            w["throttled"],
            if w["failed"].as_bool().unwrap_or(true) { "yes" } else { "no" },
            w["peak_rss_kb"],
            w["seen"].as_str().unwrap_or_default(),
        ));
    }
    lines.join("\n")
}

/// `GET /stats` from the stub (and reset its counters).
fn stats(url: &str) -> Result<Value, String> {
    let addr = url.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(addr).map_err(|e| format!("stub stats: {e}"))?;
    write!(stream, "GET /stats HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n").map_err(|e| e.to_string())?;
    let mut text = String::new();
    stream.read_to_string(&mut text).map_err(|e| e.to_string())?;
    let body = text.split("\r\n\r\n").nth(1).ok_or("stub stats: no body")?;
    serde_json::from_str(body.trim()).map_err(|e| format!("stub stats {body:?}: {e}"))
}
