//! A scripted in-process hyper server on loopback: records every request and answers each
//! with a scripted [`Reply`], including misbehaviour (resets, stalls, truncation).

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::{Body, Frame, Incoming};
use hyper_util::rt::TokioIo;
use std::pin::Pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::sync::mpsc;

/// A request as the server received it.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub headers: http::HeaderMap,
    pub body: Bytes,
}

impl Recorded {
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map(|v| v.to_str().unwrap()).unwrap_or_else(|| panic!("no header {name}"))
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).expect("request body is JSON")
    }
}

/// What the server does with one request.
#[derive(Clone, Debug)]
pub enum Reply {
    /// Status, extra headers, body.
    Respond(u16, Vec<(&'static str, String)>, Bytes),
    /// Close the connection without a response.
    Reset,
    /// Send headers announcing `declared` bytes, then `sent`, then drop the connection.
    CloseMidBody { declared: usize, sent: Bytes },
    /// Never send the headers.
    Hang,
    /// Send the body in chunks, one per `every`.
    Trickle { chunks: Vec<Bytes>, every: Duration },
}

impl Reply {
    pub fn json(status: u16, body: &str) -> Reply {
        Reply::Respond(status, vec![("x-amzn-requestid", "req-1".into())], Bytes::from(body.to_owned()))
    }
    pub fn error(status: u16, code: &str, message: &str) -> Reply {
        Reply::json(status, &format!(r#"{{"__type":"{code}","message":"{message}"}}"#))
    }
}

type Script = dyn Fn(usize, &Recorded) -> Reply + Send + Sync;

pub struct WireServer {
    pub url: String,
    requests: Arc<Mutex<Vec<Recorded>>>,
    connections: Arc<AtomicUsize>,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for WireServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl WireServer {
    /// Start on a free loopback port; `script(n, request)` answers the n-th request (from 0).
    pub async fn start(script: impl Fn(usize, &Recorded) -> Reply + Send + Sync + 'static) -> WireServer {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let requests = Arc::new(Mutex::new(Vec::new()));
        let script: Arc<Script> = Arc::new(script);
        let recorded = requests.clone();
        let connections = Arc::new(AtomicUsize::new(0));
        let accepted = connections.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else { return };
                accepted.fetch_add(1, Ordering::SeqCst);
                let (recorded, script) = (recorded.clone(), script.clone());
                tokio::spawn(async move {
                    let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
                        let (recorded, script) = (recorded.clone(), script.clone());
                        async move { answer(req, &recorded, &*script).await }
                    });
                    let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
                });
            }
        });
        WireServer { url, requests, connections, task }
    }

    /// TCP connections accepted so far.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }
}

async fn answer(
    req: hyper::Request<Incoming>,
    recorded: &Mutex<Vec<Recorded>>,
    script: &Script,
) -> Result<hyper::Response<ScriptedBody>, std::io::Error> {
    let (parts, body) = req.into_parts();
    let body = body.collect().await.map(|b| b.to_bytes()).unwrap_or_default();
    let rec = Recorded { method: parts.method.to_string(), path: parts.uri.path().to_string(), headers: parts.headers, body };
    let n = {
        let mut all = recorded.lock().unwrap();
        all.push(rec.clone());
        all.len() - 1
    };
    let (tx, rx) = mpsc::channel(4);
    let mut response = hyper::Response::builder();
    match script(n, &rec) {
        Reply::Respond(status, headers, body) => {
            response = response.status(status).header("content-length", body.len());
            for (k, v) in headers {
                response = response.header(k, v);
            }
            tx.send(Ok(body)).await.unwrap();
        }
        Reply::Reset => return Err(std::io::Error::other("scripted reset")),
        Reply::Hang => std::future::pending::<()>().await,
        Reply::CloseMidBody { declared, sent } => {
            response = response.status(200).header("content-length", declared);
            tokio::spawn(async move {
                let _ = tx.send(Ok(sent)).await;
                let _ = tx.send(Err(std::io::Error::other("scripted close"))).await;
            });
        }
        Reply::Trickle { chunks, every } => {
            response = response.status(200);
            tokio::spawn(async move {
                for c in chunks {
                    tokio::time::sleep(every).await;
                    if tx.send(Ok(c)).await.is_err() {
                        return;
                    }
                }
            });
        }
    }
    Ok(response.body(ScriptedBody(rx)).unwrap())
}

/// A response body fed from a channel: an `Err` aborts the connection mid-body.
pub struct ScriptedBody(mpsc::Receiver<Result<Bytes, std::io::Error>>);

impl Body for ScriptedBody {
    type Data = Bytes;
    type Error = std::io::Error;
    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        self.0.poll_recv(cx).map(|o| o.map(|r| r.map(Frame::data)))
    }
}

/// A loopback listener that accepts connections and never reads or writes on them (a proxy
/// or TLS server gone silent): its address.
pub async fn silent_listener() -> std::net::SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            held.push(socket);
        }
    });
    addr
}
