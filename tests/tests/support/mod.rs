//! Shared test peers: a `moto_server` process on a free loopback port.
#![allow(dead_code)]

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub mod tls;
pub mod wire;

/// A running `moto_server` on 127.0.0.1, killed on drop.
pub struct Moto {
    child: Child,
    pub url: String,
}

impl Moto {
    /// Start `moto_server` (from `moto[server]`, installed by `.ci/run`). A missing
    /// executable is a test failure, never a skip.
    pub fn start() -> Moto {
        let port = free_port();
        let mut child = Command::new("python3")
            .args(["-m", "moto.server", "-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 is required to run moto_server");
        let addr: SocketAddr = ([127, 0, 0, 1], port).into();
        wait_until_ready(&mut child, "moto_server", "'moto[server]'", || {
            TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok().then_some(())
        });
        Moto { child, url: format!("http://{addr}") }
    }

    /// A client for this server with static test credentials.
    pub fn client(&self) -> organizations_sdk::Client {
        organizations_sdk::Client::from_conf(self.config().build())
    }

    pub fn config(&self) -> organizations_sdk::config::Builder {
        organizations_sdk::Config::builder()
            .region(organizations_sdk::Region::new("us-east-1"))
            .endpoint_url(&self.url)
            .credentials_provider(organizations_sdk::Credentials::new("AKIDTEST", "SECRETTEST", None))
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Polls `ready` until it yields (a server that listens), for up to 60 s. A peer that exits
/// first is a test failure naming the package to install, never a skip.
fn wait_until_ready<T>(child: &mut Child, name: &str, package: &str, mut ready: impl FnMut() -> Option<T>) -> T {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(value) = ready() {
            return value;
        }
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{name} exited ({status}): is it installed? `python3 -m pip install {package}` (.ci/run does)");
        }
        assert!(Instant::now() < deadline, "{name} did not start listening");
        std::thread::sleep(Duration::from_millis(50));
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("bind loopback").local_addr().unwrap().port()
}

#[path = "../../oracle/run.rs"]
mod run;
#[allow(unused_imports)]
pub use run::python_oracle;

/// A running `proxy.py` forward proxy (PyPI `proxy.py`, installed by `.ci/run`) on
/// 127.0.0.1, writing its access log to a file; killed on drop.
pub struct ProxyPy {
    child: Child,
    dir: std::path::PathBuf,
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    pub port: u16,
}

impl ProxyPy {
    /// Start the proxy; `basic_auth` is `user:password` to demand. A missing `proxy.py` is a
    /// test failure, never a skip.
    pub fn start(basic_auth: Option<&str>) -> ProxyPy {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("organizations-sdk-proxy-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let port_file = dir.join("port");
        let mut args: Vec<String> =
            ["-m", "proxy", "--hostname", "127.0.0.1", "--port", "0", "--num-workers", "1", "--num-acceptors", "1", "--log-level", "INFO"]
                .map(String::from)
                .into();
        args.extend(["--port-file".into(), port_file.display().to_string(), "--log-file".into(), dir.join("log").display().to_string()]);
        if let Some(auth) = basic_auth {
            args.extend(["--basic-auth".into(), auth.into()]);
        }
        // A process group of its own: proxy.py forks its acceptor, which outlives a killed
        // parent, so the drop kills the whole group.
        let mut child = Command::new("python3")
            .args(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("python3 is required to run proxy.py");
        let port = wait_until_ready(&mut child, "proxy.py", "proxy.py", || {
            let port = std::fs::read_to_string(&port_file).ok()?.trim().parse::<u16>().ok()?;
            let addr: SocketAddr = ([127, 0, 0, 1], port).into();
            TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok().then_some(port)
        });
        ProxyPy { child, dir, url: format!("http://127.0.0.1:{port}"), port }
    }

    /// The proxy's access log so far.
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("log")).unwrap_or_default()
    }

    /// Waits (up to 20 s) until the access log has a line containing `needle`: proxy.py
    /// writes a connection's line when the connection closes, so drop the client first.
    pub async fn wait_for_log(&self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let log = self.log();
            if log.lines().any(|l| l.contains("access_log") && l.contains(needle)) {
                return log;
            }
            assert!(Instant::now() < deadline, "proxy.py never logged {needle:?}; its log:\n{log}");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for ProxyPy {
    fn drop(&mut self) {
        // The group's id is the leader's pid (`process_group(0)`); the leader alone if the
        // group could not be killed.
        let group = Command::new("kill").args(["-KILL", "--", &format!("-{}", self.child.id())]).status();
        if !group.is_ok_and(|s| s.success()) {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
