//! Print the organization as a tree: OUs, accounts, and the policies attached to each.

mod common;
#[path = "common/tree.rs"]
mod tree;

const USAGE: &str = "org_tree: print the organization's OU/account tree with attached SCPs

usage: cargo run --example org_tree -- [--endpoint-url URL] [--region REGION]

Credentials and region come from the usual places (AWS_* variables, ~/.aws/config,
SSO, container or instance metadata).";

#[tokio::main]
async fn main() {
    let args = common::Args::parse(USAGE, &["--endpoint-url", "--region"], &[]);
    let client = common::client(&args).await;
    let bar = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let result = tree::render(&client, move |p| {
        if bar {
            progress_bar(p)
        }
    })
    .await;
    if bar {
        eprint!("\r{:78}\r", "");
    }
    match result {
        Ok(text) => print!("{text}"),
        Err(e) => {
            eprintln!("error: {e}");
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                eprintln!("  caused by: {s}");
                source = s.source();
            }
            std::process::exit(1);
        }
    }
}

/// `[#####.....] 120 calls  12 OUs  340 accounts` on one stderr line, redrawn in place: the
/// bar fills as the listings still to do run out.
fn progress_bar(p: &organizations_sdk::snapshot::Progress) {
    let done = p.calls as f64;
    let fraction = if p.pending == 0 { 1.0 } else { done / (done + p.pending as f64) };
    let filled = (fraction * 20.0).round() as usize;
    eprint!(
        "\r[{}{}] {} calls  {} OUs  {} accounts  {} throttled ",
        "#".repeat(filled),
        ".".repeat(20 - filled.min(20)),
        p.calls,
        p.organizational_units,
        p.accounts,
        p.throttled
    );
}
