//! TLS: the certificate authorities HTTPS trusts and rustls' client settings (ring).
//!
//! A CA bundle is read and parsed only when the first HTTPS connection needs it, once per
//! process: the settings built from it are shared by every transport that trusts the same
//! roots (the client's, the credential providers'). A plain-`http://` endpoint never reads
//! it. A bundle that cannot be read or holds no certificate is an error on every
//! connection that needs it, naming the file; it is not remembered, so a fixed file is
//! picked up by the next call.

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

/// The certificates of a PEM bundle (RFC 7468): every `CERTIFICATE` section, text around
/// them ignored, as OpenSSL and rustls-pki-types read bundles; an error when it holds none
/// or a broken one.
///
/// Decoded here rather than with rustls-pki-types' PEM reader, whose base64 is constant-time
/// (it also reads private keys), which certificates, public data, do not need. Debian's
/// 220 KB `ca-certificates.crt` (144 certificates), callgrind: pki-types' reader 7.87 M
/// instructions, this one 3.27 M; turning the certificates into trust anchors adds 0.58 M.
fn certificates(pem: &[u8]) -> Result<Vec<CertificateDer<'static>>, String> {
    const BEGIN: &[u8] = b"-----BEGIN CERTIFICATE-----";
    const END: &[u8] = b"-----END CERTIFICATE-----";
    let mut certs = Vec::new();
    let mut rest = pem;
    while let Some(at) = find(rest, BEGIN) {
        let body = &rest[at + BEGIN.len()..];
        let number = certs.len() + 1;
        let end = find(body, END).ok_or_else(|| format!("certificate {number} has no END line"))?;
        let der = base64(&body[..end]).ok_or_else(|| format!("certificate {number} is not valid base64"))?;
        certs.push(CertificateDer::from(der));
        rest = &body[end + END.len()..];
    }
    if certs.is_empty() {
        return Err("no PEM certificates found".into());
    }
    Ok(certs)
}

/// Where `marker` (which starts with `-`) first occurs in `text`: base64 and the text
/// between sections rarely hold a `-`, so this jumps from dash to dash.
fn find(text: &[u8], marker: &[u8]) -> Option<usize> {
    let mut from = 0;
    while let Some(dash) = text[from..].iter().position(|&b| b == b'-') {
        let at = from + dash;
        if text[at..].starts_with(marker) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

/// Standard base64 with padding; line breaks and other whitespace skipped. `None` for any
/// other byte, misplaced padding or a length that is not whole bytes.
fn base64(text: &[u8]) -> Option<Vec<u8>> {
    const SKIP: u8 = 0xfe;
    const BAD: u8 = 0xff;
    const TABLE: [u8; 256] = {
        let mut t = [BAD; 256];
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut i = 0;
        while i < 64 {
            t[alphabet[i] as usize] = i as u8;
            i += 1;
        }
        t[b' ' as usize] = SKIP;
        t[b'\t' as usize] = SKIP;
        t[b'\r' as usize] = SKIP;
        t[b'\n' as usize] = SKIP;
        t
    };
    // Every 4 characters are 3 bytes at most: written by index, then cut to length.
    let mut out = vec![0u8; text.len() / 4 * 3 + 3];
    let mut n = 0;
    let (mut acc, mut bits) = (0u32, 0u32);
    let mut padding = 0;
    let mut i = 0;
    while i < text.len() {
        // Fast path: four characters of the alphabet on a group boundary.
        if bits == 0 && padding == 0 {
            if let (Some(&[a, b, c, d]), Some(dst)) = (text.get(i..i + 4), out.get_mut(n..n + 3)) {
                let (a, b, c, d) = (TABLE[usize::from(a)], TABLE[usize::from(b)], TABLE[usize::from(c)], TABLE[usize::from(d)]);
                if (a | b | c | d) < 64 {
                    let v = u32::from(a) << 18 | u32::from(b) << 12 | u32::from(c) << 6 | u32::from(d);
                    dst.copy_from_slice(&v.to_be_bytes()[1..]);
                    n += 3;
                    i += 4;
                    continue;
                }
            }
        }
        let byte = text[i];
        i += 1;
        match TABLE[usize::from(byte)] {
            SKIP => {}
            BAD if byte == b'=' => padding += 1,
            BAD => return None,
            // A data character after padding.
            _ if padding > 0 => return None,
            v => {
                acc = (acc << 6) | u32::from(v);
                bits += 6;
                if bits >= 8 {
                    bits -= 8;
                    out[n] = (acc >> bits) as u8;
                    n += 1;
                }
            }
        }
    }
    out.truncate(n);
    // Whole bytes only: 2 or 4 bits left over mean one or two `=`; no more than two, and
    // the bits dropped must be zero (a canonical encoding).
    let expected_padding = match bits {
        0 => 0,
        4 => 2,
        2 => 1,
        _ => return None,
    };
    let canonical = acc & ((1 << bits) - 1) == 0;
    (padding == expected_padding && canonical).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustls::pki_types::pem::PemObject;

    /// The decoder agrees with rustls-pki-types' (constant-time) PEM reader on the
    /// tests' CA, on a bundle with text between its sections and other kinds of section,
    /// and on broken input.
    #[test]
    fn pem_bundles_read_as_rustls_pki_types_reads_them() {
        let reference = |pem: &[u8]| CertificateDer::pem_slice_iter(pem).collect::<Result<Vec<_>, _>>().ok().filter(|c| !c.is_empty());
        let ca = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/tls/ca.pem")).unwrap();
        let ca_text = String::from_utf8(ca.clone()).unwrap();
        let mixed = format!(
            "# a comment\n{ca_text}\n-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\nsome text\r\n{}",
            ca_text.replace('\n', "\r\n")
        );
        for pem in [ca.clone(), mixed.into_bytes()] {
            let ours = certificates(&pem).unwrap();
            assert_eq!(Some(ours.clone()), reference(&pem));
            assert!(!ours.is_empty());
        }
        assert_eq!(certificates(&[ca.clone(), ca.clone()].concat()).unwrap().len(), 2);
        let broken =
            [ca_text.replacen("MII", "M!I", 1), ca_text.replacen("-----END CERTIFICATE-----", "", 1), "nothing here".to_string(), String::new()];
        for pem in broken {
            assert!(certificates(pem.as_bytes()).is_err(), "{pem}");
        }
    }

    #[test]
    fn base64_padding_and_whitespace() {
        assert_eq!(base64(b"TWFu").as_deref(), Some(&b"Man"[..]));
        assert_eq!(base64(b"TWE=").as_deref(), Some(&b"Ma"[..]));
        assert_eq!(base64(b"TQ==").as_deref(), Some(&b"M"[..]));
        assert_eq!(base64(b"TW\r\nFu\n").as_deref(), Some(&b"Man"[..]));
        assert_eq!(base64(b"").as_deref(), Some(&b""[..]));
        for bad in [&b"TQ="[..], b"TQ===", b"TWE", b"T", b"TQ==TQ==", b"TR==", b"TW-u"] {
            assert_eq!(base64(bad), None, "{}", String::from_utf8_lossy(bad));
        }
    }
}
