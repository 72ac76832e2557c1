//! Percent-encoding (RFC 3986 §2.1), the one implementation for every part that writes or
//! reads it: SigV4's canonical URI and query, the endpoint rules' `uriEncode`, STS and SSO
//! request parameters, the user and password of a proxy URL.

use std::fmt::Write;

/// Every byte but the unreserved ones (`A-Z a-z 0-9 - _ . ~`) as `%XX` (upper-case hex);
/// `/` too unless `keep_slash`.
pub(crate) fn encode(s: &str, keep_slash: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) || (keep_slash && b == b'/') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// `%XX` escapes decoded (and, with `plus_is_space`, `+` as a space, as in a form or a
/// query string); `None` for a broken escape or bytes that are not UTF-8.
pub(crate) fn decode(s: &str, plus_is_space: bool) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn round_trips() {
        assert_eq!(super::encode("a b/c~ü", false), "a%20b%2Fc~%C3%BC");
        assert_eq!(super::encode("/a b/c", true), "/a%20b/c");
        assert_eq!(super::decode("a%20b%2Fc~%C3%BC", false).as_deref(), Some("a b/c~ü"));
        assert_eq!(super::decode("a+b", true).as_deref(), Some("a b"));
        assert_eq!(super::decode("a+b", false).as_deref(), Some("a+b"));
        assert_eq!(super::decode("%4", false), None);
        assert_eq!(super::decode("%ff", false), None);
    }
}
