//! The keep-alive pool: idle HTTP/1.1 connections by origin (a client talks to one
//! endpoint, so a checkout is popping a ready sender off a short list).

use bytes::Bytes;
use http_body_util::Full;
use hyper::client::conn::http1::SendRequest;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Idle connections older than this are closed rather than reused.
const IDLE_TIMEOUT: Duration = Duration::from_secs(60);

/// At most this many idle connections are kept.
const MAX_IDLE: usize = 32;

/// Idle connections, newest last.
#[derive(Default)]
pub(super) struct Pool {
    idle: Mutex<Vec<Idle>>,
}

/// A keep-alive connection waiting for its next request.
struct Idle {
    origin: Origin,
    sender: SendRequest<Full<Bytes>>,
    since: Instant,
}

/// Scheme and authority: which connections a request may use.
#[derive(Clone, Eq)]
pub(super) struct Origin(Option<http::uri::Scheme>, Option<http::uri::Authority>);

impl PartialEq for Origin {
    /// As `http` compares authorities (ignoring ASCII case), with the exact match a client's
    /// own requests always make checked first, as plain bytes.
    fn eq(&self, other: &Self) -> bool {
        let authority = match (&self.1, &other.1) {
            (Some(a), Some(b)) => a.as_str() == b.as_str() || a == b,
            (a, b) => a == b,
        };
        authority && self.0 == other.0
    }
}

impl Origin {
    pub(super) fn of(uri: &http::Uri) -> Self {
        Self(uri.scheme().cloned(), uri.authority().cloned())
    }
}

impl Pool {
    /// An idle connection to `origin` that is still open and ready.
    pub(super) async fn checkout(&self, origin: &Origin) -> Option<SendRequest<Full<Bytes>>> {
        loop {
            let idle = {
                let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
                let at = idle.iter().rposition(|i| i.origin == *origin)?;
                idle.swap_remove(at)
            };
            if idle.since.elapsed() > IDLE_TIMEOUT || idle.sender.is_closed() {
                continue;
            }
            let mut sender = idle.sender;
            if sender.ready().await.is_ok() {
                return Some(sender);
            }
        }
    }

    pub(super) fn put_back(&self, origin: Origin, sender: SendRequest<Full<Bytes>>) {
        let now = Instant::now();
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        idle.retain(|i| now.saturating_duration_since(i.since) <= IDLE_TIMEOUT && !i.sender.is_closed());
        if idle.len() < MAX_IDLE {
            idle.push(Idle { origin, sender, since: now });
        }
    }
}
