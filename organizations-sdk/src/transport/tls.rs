//! TLS: the certificate authorities HTTPS trusts and rustls' client settings (ring).

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::CertificateDer;
use std::sync::Arc;

/// Certificate authorities HTTPS trusts: Mozilla's root program (compiled in, the same on
/// every OS), or exactly the certificates of a CA bundle (`AWS_CA_BUNDLE` / `ca_bundle`).
#[derive(Clone, Debug, Default)]
pub(crate) enum Roots {
    #[default]
    Mozilla,
    Bundle(Arc<[CertificateDer<'static>]>),
}

impl Roots {
    /// The certificates of the PEM bundle at `path`.
    pub(crate) fn from_file(path: &str) -> Result<Self, String> {
        std::fs::read(path).map_err(|e| e.to_string()).and_then(|pem| Self::from_pem(&pem))
    }

    /// The certificates of a PEM bundle; an error when it holds none or a broken one.
    pub(crate) fn from_pem(pem: &[u8]) -> Result<Self, String> {
        let certs = CertificateDer::pem_slice_iter(pem).collect::<Result<Vec<_>, _>>().map_err(|e| format!("{e:?}"))?;
        if certs.is_empty() {
            return Err("no PEM certificates found".into());
        }
        Ok(Roots::Bundle(certs.into()))
    }
}

/// rustls' client settings trusting `roots`: TLS 1.2 and 1.3 with ring's cipher suites.
pub(super) fn client_config(roots: &Roots) -> rustls::ClientConfig {
    let mut store = rustls::RootCertStore::empty();
    match roots {
        Roots::Mozilla => store.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned()),
        Roots::Bundle(certs) => {
            store.add_parsable_certificates(certs.iter().cloned());
        }
    }
    rustls::ClientConfig::builder_with_provider(rustls::crypto::ring::default_provider().into())
        .with_safe_default_protocol_versions()
        .expect("ring supports rustls' default protocol versions")
        .with_root_certificates(store)
        .with_no_client_auth()
}
