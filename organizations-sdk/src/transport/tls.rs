//! TLS: the certificate authorities HTTPS trusts and rustls' client settings (ring).
//!
//! A CA bundle is read and parsed only when the first HTTPS connection needs it, once per
//! process: the settings built from it are shared by every transport that trusts the same
//! roots (the client's, the credential providers'). A plain-`http://` endpoint never reads
//! it. A bundle that cannot be read or holds no certificate is an error on every
//! connection that needs it, naming the file; it is not remembered, so a fixed file is
//! picked up by the next call.

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use std::sync::{Arc, Mutex};

/// Certificate authorities HTTPS trusts: Mozilla's root program (compiled in, the same on
/// every OS), or exactly the certificates of a CA bundle.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) enum Roots {
    #[default]
    Mozilla,
    /// The PEM file at this path (`AWS_CA_BUNDLE` / profile `ca_bundle`).
    File(Arc<str>),
    /// PEM given in code (`Config::builder().ca_bundle_pem(..)`).
    Pem(Arc<[u8]>),
}

/// Why the trust roots could not be set up (a configuration problem: nothing was sent).
#[derive(Debug)]
pub(crate) struct TrustRootsError(pub(crate) String);

impl std::fmt::Display for TrustRootsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TrustRootsError {}

/// The settings built so far in this process, by the roots they trust.
static BUILT: Mutex<Vec<(Roots, Arc<rustls::ClientConfig>)>> = Mutex::new(Vec::new());

/// rustls' client settings trusting `roots`: TLS 1.2 and 1.3 with ring's cipher suites;
/// built once per process for each set of roots.
pub(super) fn client_config(roots: &Roots) -> Result<Arc<rustls::ClientConfig>, TrustRootsError> {
    if let Some((_, built)) = BUILT.lock().unwrap_or_else(|e| e.into_inner()).iter().find(|(r, _)| r == roots) {
        return Ok(built.clone());
    }
    let mut store = rustls::RootCertStore::empty();
    match roots {
        Roots::Mozilla => store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
        Roots::File(path) => {
            let invalid = |e: String| TrustRootsError(format!("invalid CA bundle {path:?} (AWS_CA_BUNDLE / ca_bundle): {e}"));
            let pem = std::fs::read(&**path).map_err(|e| invalid(e.to_string()))?;
            store.add_parsable_certificates(certificates(&pem).map_err(invalid)?);
        }
        Roots::Pem(pem) => {
            let certs = certificates(pem).map_err(|e| TrustRootsError(format!("invalid CA bundle (Config::builder().ca_bundle_pem): {e}")))?;
            store.add_parsable_certificates(certs);
        }
    }
    let config = rustls::ClientConfig::builder_with_provider(rustls::crypto::ring::default_provider().into())
        .with_safe_default_protocol_versions()
        .expect("ring supports rustls' default protocol versions")
        .with_root_certificates(store)
        .with_no_client_auth();
    let config = Arc::new(config);
    BUILT.lock().unwrap_or_else(|e| e.into_inner()).push((roots.clone(), config.clone()));
    Ok(config)
}

/// The certificates of a PEM bundle; an error when it holds none or a broken one.
fn certificates(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, String> {
    let certs = CertificateDer::pem_slice_iter(pem).collect::<Result<Vec<_>, _>>().map_err(|e| format!("{e:?}"))?;
    if certs.is_empty() {
        return Err("no PEM certificates found".into());
    }
    Ok(certs)
}
