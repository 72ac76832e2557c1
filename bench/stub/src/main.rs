//! Loopback stub for the benchmark: canned `ListAccounts` pages (20 accounts, 5 pages per
//! walk). Prints its address on stdout, then serves until killed.
//! `STUB_MODE=error` answers every request with a 400 TooManyRequestsException;
//! `STUB_MODE=org` serves a synthetic organization behind a throttle (see `org.rs`).

mod org;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::io::Write;

const PAGES: usize = 5;
const PER_PAGE: usize = 20;

fn page(n: usize) -> Bytes {
    let accounts: Vec<String> = (0..PER_PAGE)
        .map(|i| {
            let id = 100_000_000_000u64 + (n * PER_PAGE + i) as u64;
            format!(
                r#"{{"Id":"{id}","Arn":"arn:aws:organizations::111111111111:account/o-exampleorgid/{id}","Email":"user{id}@example.com","Name":"account {id}","Status":"ACTIVE","State":"ACTIVE","JoinedMethod":"CREATED","JoinedTimestamp":1.515531487E9}}"#
            )
        })
        .collect();
    let next = if n + 1 < PAGES { format!(r#","NextToken":"page-{}""#, n + 1) } else { String::new() };
    Bytes::from(format!(r#"{{"Accounts":[{}]{next}}}"#, accounts.join(",")))
}

async fn handle(req: hyper::Request<Incoming>, pages: &[Bytes], error: bool) -> Result<hyper::Response<Full<Bytes>>, Infallible> {
    let body = req.into_body().collect().await.map(|b| b.to_bytes()).unwrap_or_default();
    let text = String::from_utf8_lossy(&body);
    let response = hyper::Response::builder().header("content-type", "application/x-amz-json-1.1").header("x-amzn-requestid", "bench");
    if error {
        let body = r#"{"__type":"TooManyRequestsException","message":"bench error mode"}"#;
        return Ok(response.status(400).body(Full::new(Bytes::from_static(body.as_bytes()))).unwrap());
    }
    let n = text.split("page-").nth(1).and_then(|t| t.trim_end_matches(|c: char| !c.is_ascii_digit()).parse().ok()).unwrap_or(0);
    Ok(response.status(200).body(Full::new(pages[n.min(PAGES - 1)].clone())).unwrap())
}

async fn handle_org(req: hyper::Request<Incoming>, org: &org::Org) -> Result<hyper::Response<Full<Bytes>>, Infallible> {
    let response = hyper::Response::builder().header("content-type", "application/x-amz-json-1.1").header("x-amzn-requestid", "bench");
    if req.method() == hyper::Method::GET {
        return Ok(response.status(200).body(Full::new(Bytes::from(org.stats()))).unwrap());
    }
    let target = req.headers().get("x-amz-target").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    let body = req.into_body().collect().await.map(|b| b.to_bytes()).unwrap_or_default();
    let (status, body) = org.answer(&target, &String::from_utf8_lossy(&body));
    Ok(response.status(status).body(Full::new(Bytes::from(body))).unwrap())
}

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mode = std::env::var("STUB_MODE").unwrap_or_default();
    let error = mode == "error";
    let pages: &'static [Bytes] = Vec::leak((0..PAGES).map(page).collect());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    println!("http://{}", listener.local_addr().unwrap());
    std::io::stdout().flush().unwrap();
    if mode == "org" {
        let org: &'static org::Org = Box::leak(Box::new(org::Org::from_env()));
        loop {
            let Ok((stream, _)) = listener.accept().await else { continue };
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |req| handle_org(req, org));
                let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
            });
        }
    }
    loop {
        let Ok((stream, _)) = listener.accept().await else { continue };
        tokio::spawn(async move {
            let service = hyper::service::service_fn(move |req| handle(req, pages, error));
            let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
        });
    }
}
