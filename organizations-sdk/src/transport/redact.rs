//! Headers in log lines, with secrets redacted.

/// Headers whose values are never logged: credentials, signatures, tokens.
const SECRET_HEADERS: &[&str] =
    &["authorization", "proxy-authorization", "x-amz-security-token", "x-amz-sso_bearer_token", "x-aws-ec2-metadata-token", "cookie", "set-cookie"];

/// Headers for a log line, `name: value` separated by `; `, with the values of
/// [`SECRET_HEADERS`] (and any marked sensitive) shown as `** redacted **`.
pub(super) struct Redacted<'a>(pub(super) &'a http::HeaderMap);

impl std::fmt::Display for Redacted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, (name, value)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            if value.is_sensitive() || SECRET_HEADERS.contains(&name.as_str()) {
                write!(f, "{name}: ** redacted **")?;
            } else {
                write!(f, "{name}: {}", String::from_utf8_lossy(value.as_bytes()))?;
            }
        }
        Ok(())
    }
}
