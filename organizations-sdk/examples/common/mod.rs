//! Shared by the examples: argument parsing and client construction.
#![allow(dead_code)]

use organizations_sdk::{Client, Config};

/// `--flag value` pairs and bare `--switches`, plus `--help` handling.
pub struct Args {
    pairs: Vec<(String, Option<String>)>,
}

impl Args {
    /// Parse `std::env::args`; print `usage` and exit on `--help` or an unknown flag.
    pub fn parse(usage: &str, flags: &[&str], switches: &[&str]) -> Args {
        let mut pairs = Vec::new();
        let mut it = std::env::args().skip(1);
        while let Some(arg) = it.next() {
            if arg == "--help" || arg == "-h" {
                println!("{usage}");
                std::process::exit(0);
            } else if flags.contains(&arg.as_str()) {
                let Some(value) = it.next() else { fail(usage, &format!("{arg} needs a value")) };
                pairs.push((arg, Some(value)));
            } else if switches.contains(&arg.as_str()) {
                pairs.push((arg, None));
            } else {
                fail(usage, &format!("unknown argument {arg}"));
            }
        }
        Args { pairs }
    }

    pub fn value(&self, flag: &str) -> Option<&str> {
        self.pairs.iter().find(|(f, _)| f == flag).and_then(|(_, v)| v.as_deref())
    }

    pub fn switch(&self, flag: &str) -> bool {
        self.pairs.iter().any(|(f, _)| f == flag)
    }
}

fn fail(usage: &str, msg: &str) -> ! {
    eprintln!("error: {msg}\n\n{usage}");
    std::process::exit(2)
}

/// A client from the default chains (env, `~/.aws`, …), with `--endpoint-url` and
/// `--region` applied on top.
pub async fn client(args: &Args) -> Client {
    init_logging();
    let mut builder = Config::from_env().await.to_builder();
    if let Some(url) = args.value("--endpoint-url") {
        builder = builder.endpoint_url(url);
    }
    if let Some(region) = args.value("--region") {
        builder = builder.region(organizations_sdk::Region::new(region.to_owned()));
    }
    Client::from_conf(builder.build())
}

/// With `RUST_LOG=debug` (or `trace`, `info`, …) the SDK's spans and events go to stderr,
/// through `tracing-subscriber`'s formatter; without it nothing is installed.
fn init_logging() {
    let Some(level) = std::env::var("RUST_LOG").ok().and_then(|v| v.trim().parse::<tracing_subscriber::filter::LevelFilter>().ok()) else {
        return;
    };
    tracing_subscriber::fmt().with_max_level(level).with_writer(std::io::stderr).with_ansi(false).init();
}
