//! Shared test peers: a `moto_server` process on a free loopback port.
#![allow(dead_code)]

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

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
        let child = Command::new("python3")
            .args(["-m", "moto.server", "-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 is required to run moto_server");
        let addr: SocketAddr = ([127, 0, 0, 1], port).into();
        let deadline = Instant::now() + Duration::from_secs(60);
        let mut child = child;
        while TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_err() {
            if let Ok(Some(status)) = child.try_wait() {
                panic!("moto_server exited ({status}): is it installed? `python3 -m pip install 'moto[server]'` (.ci/run does)");
            }
            assert!(Instant::now() < deadline, "moto_server did not start listening on {addr}");
            std::thread::sleep(Duration::from_millis(50));
        }
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

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("bind loopback").local_addr().unwrap().port()
}

/// Run a Python oracle script from `tests/oracle/` with JSON on stdin; parse its stdout.
/// A missing Python or botocore is a failure with the install command, never a skip.
pub fn python_oracle(script: &str, input: &serde_json::Value) -> serde_json::Value {
    use std::io::Write;
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("oracle").join(script);
    let mut child = Command::new("python3")
        .arg(&path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("python3 is required for the botocore oracle tests");
    child.stdin.take().unwrap().write_all(input.to_string().as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{script} failed (is botocore installed? `python3 -m pip install botocore`):\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("oracle output is JSON")
}
