//! An HTTPS server on loopback with a certificate from a private CA (`fixtures/tls/`).

use hyper_util::rt::TokioIo;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};
use std::sync::Arc;

/// The private CA that signed the server's certificate (for `127.0.0.1`).
pub const CA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/tls/ca.pem");
const CERT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/tls/server.pem");
const KEY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/tls/server.key");

/// An HTTPS server answering STS (form-encoded) requests with web-identity credentials and
/// every other request with a DescribeOrganization output.
pub async fn https_server() -> String {
    let certs = CertificateDer::pem_file_iter(CERT).unwrap().collect::<Result<Vec<_>, _>>().unwrap();
    let key = PrivateKeyDer::from_pem_file(KEY).unwrap();
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("https://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let Ok((tcp, _)) = listener.accept().await else { return };
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                // A client that rejects the certificate aborts the handshake: nothing to serve.
                let Ok(tls) = acceptor.accept(tcp).await else { return };
                let service = hyper::service::service_fn(|req: hyper::Request<hyper::body::Incoming>| async move {
                    let sts = req.headers().get("content-type").is_some_and(|v| v == "application/x-www-form-urlencoded");
                    let body: &'static [u8] = if sts { STS_CREDENTIALS } else { b"{\"Organization\":{\"Id\":\"o-tls\"}}" };
                    Ok::<_, std::convert::Infallible>(hyper::Response::new(http_body_util::Full::new(bytes::Bytes::from_static(body))))
                });
                let _ = hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(tls), service).await;
            });
        }
    });
    url
}

const STS_CREDENTIALS: &[u8] = b"<AssumeRoleWithWebIdentityResponse><AssumeRoleWithWebIdentityResult><Credentials>\
<AccessKeyId>ASIATLS</AccessKeyId><SecretAccessKey>secret</SecretAccessKey><SessionToken>token</SessionToken>\
<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleWithWebIdentityResult></AssumeRoleWithWebIdentityResponse>";
