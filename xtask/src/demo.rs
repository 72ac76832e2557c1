//! `cargo xtask demo`: a local organization, printed as a tree. Starts moto_server on a
//! free loopback port (installing `moto[server]` with pip if needed), seeds it, runs the
//! `org_tree` example, and stops the server on every exit path.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Kills moto_server when dropped (normal exit, error, panic). On Ctrl-C the terminal
/// delivers SIGINT to the whole foreground process group, moto_server included.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
        println!("moto_server stopped");
    }
}

pub fn run(args: &[String]) -> Result<(), String> {
    if !args.is_empty() {
        return Err("usage: cargo xtask demo".into());
    }
    ensure_moto()?;
    // Build first, with cargo's progress on screen (a first build takes a while); the
    // server starts once the examples are ready.
    let status = Command::new(env!("CARGO"))
        .current_dir(crate::root())
        .args(["build", "-p", "organizations-sdk", "--example", "seed_demo", "--example", "org_tree"])
        .status()
        .map_err(|e| format!("could not run cargo build: {e}"))?;
    if !status.success() {
        return Err("building the demo examples failed".into());
    }
    let port = TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map_err(|e| e.to_string())?.port();
    let url = format!("http://127.0.0.1:{port}");
    println!("starting moto_server on {url}");
    let child = Command::new("python3")
        .args(["-m", "moto.server", "-H", "127.0.0.1", "-p", &port.to_string()])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("could not start moto_server: {e}"))?;
    let mut server = Server(child);
    let addr: SocketAddr = ([127, 0, 0, 1], port).into();
    let deadline = Instant::now() + Duration::from_secs(60);
    while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
        if let Ok(Some(status)) = server.0.try_wait() {
            return Err(format!("moto_server exited early ({status})"));
        }
        if Instant::now() > deadline {
            return Err("moto_server did not start within 60 s".into());
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    example("seed_demo", &url)?;
    example("org_tree", &url)?;
    drop(server);
    Ok(())
}

/// Run an example against the local server with dummy credentials (never real AWS).
fn example(name: &str, url: &str) -> Result<(), String> {
    let status = Command::new(env!("CARGO"))
        .current_dir(crate::root())
        .args(["run", "--quiet", "-p", "organizations-sdk", "--example", name, "--", "--endpoint-url", url])
        .env("AWS_ACCESS_KEY_ID", "demo")
        .env("AWS_SECRET_ACCESS_KEY", "demo")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_SESSION_TOKEN")
        .status()
        .map_err(|e| format!("could not run the {name} example: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the {name} example failed ({status})"))
    }
}

/// Make sure `python3 -m moto.server` works, installing `moto[server]` if it does not.
fn ensure_moto() -> Result<(), String> {
    let python = Command::new("python3").arg("--version").output();
    if !python.is_ok_and(|o| o.status.success()) {
        return Err("the demo needs Python 3 (python3 on PATH) to run moto_server, a local AWS emulator; install Python 3 and try again".into());
    }
    let have = Command::new("python3").args(["-c", "import moto.server"]).stderr(Stdio::null()).status();
    if have.is_ok_and(|s| s.success()) {
        return Ok(());
    }
    println!("moto[server] is not installed: installing it with `python3 -m pip install moto[server]`");
    let status = Command::new("python3")
        .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "moto[server]"])
        .status()
        .map_err(|e| format!("could not run pip: {e}"))?;
    if !status.success() {
        return Err(
            "pip could not install moto[server]; install it by hand (`python3 -m pip install 'moto[server]'`) and rerun `cargo xtask demo`".into()
        );
    }
    Ok(())
}
