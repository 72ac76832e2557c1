//! `~/.aws/config` and `~/.aws/credentials`, parsed as the AWS CLI parses them: sections,
//! `[profile x]` vs `[x]`, comments, continuation lines, sub-properties; the credentials
//! file wins. Errors name the file, the line and the profile.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// Keys of one profile (sub-properties are flattened as `parent.child`).
pub(crate) type Profile = BTreeMap<String, String>;

/// Both files merged.
#[derive(Debug, Default, Clone)]
pub(crate) struct ProfileSet {
    pub profiles: BTreeMap<String, Profile>,
    pub selected: String,
}

/// A malformed profile file.
#[derive(Debug, Clone)]
pub(crate) struct ProfileError(pub String);

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl ProfileSet {
    /// Load from `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE` (defaults under `~/.aws`),
    /// selecting `profile_override`, else `AWS_PROFILE`, else `default`. Missing files are
    /// empty.
    pub(crate) fn load(env: &dyn Fn(&str) -> Option<String>, profile_override: Option<&str>) -> Result<Self, ProfileError> {
        let home = env("HOME").or_else(|| env("USERPROFILE"));
        let path = |var: &str, default: &str| -> Option<PathBuf> {
            match env(var) {
                Some(p) => Some(expand_home(&p, home.as_deref())),
                None => home.as_ref().map(|h| Path::new(h).join(".aws").join(default)),
            }
        };
        let mut set = ProfileSet {
            selected: profile_override.map(str::to_owned).or_else(|| env("AWS_PROFILE")).unwrap_or_else(|| "default".into()),
            ..Default::default()
        };
        if let Some(config) = path("AWS_CONFIG_FILE", "config") {
            if let Ok(text) = std::fs::read_to_string(&config) {
                set.merge(parse(&text, &config.display().to_string(), FileKind::Config)?);
            }
        }
        if let Some(creds) = path("AWS_SHARED_CREDENTIALS_FILE", "credentials") {
            if let Ok(text) = std::fs::read_to_string(&creds) {
                set.merge(parse(&text, &creds.display().to_string(), FileKind::Credentials)?);
            }
        }
        Ok(set)
    }

    fn merge(&mut self, other: BTreeMap<String, Profile>) {
        for (name, keys) in other {
            self.profiles.entry(name).or_default().extend(keys);
        }
    }

    /// The selected profile, if it exists.
    pub(crate) fn selected(&self) -> Option<&Profile> {
        self.profiles.get(&self.selected)
    }

    pub(crate) fn get(&self, name: &str) -> Option<&Profile> {
        self.profiles.get(name)
    }
}

fn expand_home(p: &str, home: Option<&str>) -> PathBuf {
    match (p.strip_prefix("~/"), home) {
        (Some(rest), Some(h)) => Path::new(h).join(rest),
        _ => PathBuf::from(p),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    Config,
    Credentials,
}

/// Parse one file into profiles. In the config file, `[profile x]` names profile `x`,
/// `[default]` is accepted and `[profile default]` wins over it; other sections (`[sso-session
/// x]`, `[services x]`) keep their full name. In the credentials file `[x]` is profile `x`.
pub(crate) fn parse(text: &str, file: &str, kind: FileKind) -> Result<BTreeMap<String, Profile>, ProfileError> {
    let mut out: BTreeMap<String, Profile> = BTreeMap::new();
    let mut section: Option<String> = None;
    let mut explicit_default = false;
    let mut last_key: Option<String> = None;
    let mut parent: Option<String> = None;
    for (i, raw) in text.lines().enumerate() {
        let lineno = i + 1;
        let err = |msg: &str| match &section {
            Some(sec) => ProfileError(format!("{file}, line {lineno}, in [{sec}]: {msg}")),
            None => ProfileError(format!("{file}, line {lineno}: {msg}")),
        };
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if trimmed.starts_with('[') {
            let close = trimmed.find(']').ok_or_else(|| err("section header without a closing `]`"))?;
            let name = trimmed[1..close].trim();
            let rest = trimmed[close + 1..].trim();
            if !(rest.is_empty() || rest.starts_with('#') || rest.starts_with(';')) {
                return Err(err("unexpected text after a section header"));
            }
            let name = match kind {
                FileKind::Credentials => Some(name.to_string()),
                FileKind::Config => match name.strip_prefix("profile").filter(|r| r.starts_with(char::is_whitespace)) {
                    Some(p) => {
                        let p = p.trim().to_string();
                        if p == "default" {
                            explicit_default = true;
                            out.remove("default");
                        }
                        Some(p)
                    }
                    None if name == "default" => (!explicit_default).then(|| "default".to_string()),
                    None if name.contains(char::is_whitespace) => Some(name.to_string()),
                    // A bare `[x]` in the config file is not a profile: ignored, as the CLI does.
                    None => None,
                },
            };
            if let Some(n) = &name {
                if n.is_empty() {
                    return Err(err("empty profile name"));
                }
                out.entry(n.clone()).or_default();
            }
            section = name;
            last_key = None;
            parent = None;
            continue;
        }
        let continuation = raw.starts_with(char::is_whitespace);
        if continuation {
            let Some(key) = &last_key else {
                return Err(err("continuation line without a property before it"));
            };
            let Some(sec) = &section else { continue };
            let profile = out.get_mut(sec).expect("section exists");
            if let (Some(p), Some((k, v))) = (&parent, trimmed.split_once('=')) {
                profile.insert(format!("{p}.{}", k.trim()), strip_comment(v.trim()).to_string());
            } else {
                let value = profile.entry(key.clone()).or_default();
                if !value.is_empty() {
                    value.push('\n');
                }
                value.push_str(trimmed);
            }
            continue;
        }
        let Some((k, v)) = trimmed.split_once('=') else {
            return Err(err("expected `key = value`"));
        };
        let key = k.trim().to_string();
        if key.is_empty() {
            return Err(err("property without a name"));
        }
        let value = strip_comment(v.trim()).to_string();
        if section.is_none() && out.is_empty() && kind == FileKind::Credentials {
            return Err(err("property before any [profile] section"));
        }
        if let Some(sec) = &section {
            parent = value.is_empty().then(|| key.clone());
            out.get_mut(sec).expect("section exists").insert(key.clone(), value);
        }
        last_key = Some(key);
    }
    Ok(out)
}

/// `value # comment` → `value` (a `#`/`;` preceded by whitespace starts a comment).
fn strip_comment(v: &str) -> &str {
    let bytes = v.as_bytes();
    for i in 1..bytes.len() {
        if (bytes[i] == b'#' || bytes[i] == b';') && bytes[i - 1].is_ascii_whitespace() {
            return v[..i].trim_end();
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_like_the_cli() {
        let text = "# top comment\n[default]\nregion = us-west-2 ; trailing\n[profile dev]\nregion=eu-west-1\naws_access_key_id = AKID\n\
                    s3 =\n  max_concurrent_requests = 10\nnotes = first\n  second\n[profile default]\nregion = us-east-1\n[sso-session corp]\nsso_region = us-east-1\n[plain]\nx = 1\n";
        let p = parse(text, "config", FileKind::Config).unwrap();
        assert_eq!(p["default"]["region"], "us-east-1", "[profile default] wins over [default]");
        assert_eq!(p["dev"]["region"], "eu-west-1");
        assert_eq!(p["dev"]["s3.max_concurrent_requests"], "10");
        assert_eq!(p["dev"]["notes"], "first\nsecond");
        assert_eq!(p["sso-session corp"]["sso_region"], "us-east-1");
        assert!(!p.contains_key("plain"));
        let c = parse("[dev]\naws_secret_access_key = S#notacomment\n", "credentials", FileKind::Credentials).unwrap();
        assert_eq!(c["dev"]["aws_secret_access_key"], "S#notacomment");
    }

    #[test]
    fn errors_name_file_and_line() {
        let cases = [
            ("[default\nx=1\n", "cfg, line 1: section header"),
            ("[default]\njunk\n", "cfg, line 2, in [default]: expected `key = value`"),
            ("[default]\n  cont\n", "cfg, line 2, in [default]: continuation line"),
            ("[profile dev]\n= v\n", "cfg, line 2, in [dev]: property without a name"),
        ];
        for (text, want) in cases {
            let e = parse(text, "cfg", FileKind::Config).unwrap_err();
            assert!(e.0.starts_with(want), "{e}");
        }
    }
}
