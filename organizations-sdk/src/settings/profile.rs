//! `~/.aws/config` and `~/.aws/credentials`, parsed as every AWS SDK parses them.
//!
//! The rules are those of the SDKs' shared profile-parser suite (`profile-parser-tests.json`
//! in the `aws-runtime` crate, vendored under `tests/fixtures/conformance/`) and of the AWS
//! SDKs and Tools Reference Guide, "Shared config and credentials files"
//! (<https://docs.aws.amazon.com/sdkref/latest/guide/file-format.html>):
//!
//! - a line is blank, a comment (`#` or `;` in the first column), a section header (`[` in
//!   the first column), a continuation (starts with a space or tab) or a `key = value`;
//! - comments after a header need no space before them; after a value they do
//!   (`a = b;c` keeps `b;c`); continuation lines keep everything;
//! - property names are case-insensitive (stored lower-case) and made of ASCII letters,
//!   digits, `-` and `_`; profile names of letters, digits and `-_/.%@:+`; a section or
//!   property with an invalid name is ignored, not an error;
//! - a property whose value is empty and is followed by indented `name = value` lines holds
//!   sub-properties; its value is the raw text `"\nname = value…"` ([`sub_property`] reads it);
//! - the config file names profiles `[profile x]` (`[default]` also counts, unless the same
//!   file has `[profile default]`, which then wins entirely), SSO sessions `[sso-session x]`
//!   and other sections `[services x]`; a bare `[x]` is ignored. The credentials file names
//!   profiles `[x]` and ignores any prefixed section;
//! - repeated sections merge, the last value of a property wins, and the credentials file
//!   wins over the config file, key by key.
//!
//! Malformed files are an error naming the file, the line and the problem, in the suite's
//! words ("Expected a profile definition", "Expected an '=' sign defining a property", …).

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

/// Keys of one section, lower-case.
pub(crate) type Profile = BTreeMap<String, String>;

/// Both files merged.
#[derive(Debug, Default, Clone)]
pub(crate) struct ProfileSet {
    /// Profiles by name.
    pub profiles: BTreeMap<String, Profile>,
    /// `[sso-session x]` sections by name.
    pub sso_sessions: BTreeMap<String, Profile>,
    /// Other prefixed sections of the config file (`[services x]`), by `(prefix, name)`.
    pub sections: BTreeMap<(String, String), Profile>,
    /// The profile the settings come from.
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

/// Where the two files are and which profile is selected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Locations {
    pub config: Option<String>,
    pub credentials: Option<String>,
    pub profile: String,
}

impl Locations {
    /// As the SDKs' file-location suite defines it: `AWS_CONFIG_FILE` /
    /// `AWS_SHARED_CREDENTIALS_FILE` (a leading `~` is the home directory), else `.aws/config`
    /// and `.aws/credentials` in the home directory: `HOME`, and on Windows then
    /// `USERPROFILE`, then `HOMEDRIVE` + `HOMEPATH`. The profile is `profile_override`, else
    /// `AWS_PROFILE`, else `default`.
    pub(crate) fn resolve(env: &dyn Fn(&str) -> Option<String>, profile_override: Option<&str>, windows: bool) -> Self {
        let home = env("HOME").or_else(|| {
            if !windows {
                return None;
            }
            env("USERPROFILE").or_else(|| Some(format!("{}{}", env("HOMEDRIVE")?, env("HOMEPATH")?)))
        });
        let sep = if windows { '\\' } else { '/' };
        let path = |var: &str, default: &str| -> Option<String> {
            match env(var) {
                Some(p) => Some(match (p.strip_prefix('~'), &home) {
                    (Some(rest), Some(h)) if rest.is_empty() || rest.starts_with(['/', '\\']) => format!("{h}{rest}"),
                    _ => p,
                }),
                None => home.as_ref().map(|h| format!("{h}{sep}.aws{sep}{default}")),
            }
        };
        Locations {
            config: path("AWS_CONFIG_FILE", "config"),
            credentials: path("AWS_SHARED_CREDENTIALS_FILE", "credentials"),
            profile: profile_override.map(str::to_owned).or_else(|| env("AWS_PROFILE")).unwrap_or_else(|| "default".into()),
        }
    }
}

impl ProfileSet {
    /// Load both files from their [`Locations`] on this platform. Missing files are empty.
    pub(crate) fn load(env: &dyn Fn(&str) -> Option<String>, profile_override: Option<&str>) -> Result<Self, ProfileError> {
        let at = Locations::resolve(env, profile_override, cfg!(windows));
        let read = |path: &Option<String>| path.as_ref().and_then(|p| Some((std::fs::read_to_string(PathBuf::from(p)).ok()?, p.clone())));
        let config = read(&at.config);
        let credentials = read(&at.credentials);
        let mut set = Self::parse(
            config.as_ref().map(|(text, path)| (text.as_str(), path.as_str())),
            credentials.as_ref().map(|(text, path)| (text.as_str(), path.as_str())),
        )?;
        set.selected = at.profile;
        Ok(set)
    }

    /// Both files' text (with the name errors should give), config first.
    pub(crate) fn parse(config: Option<(&str, &str)>, credentials: Option<(&str, &str)>) -> Result<Self, ProfileError> {
        let mut set = ProfileSet { selected: "default".into(), ..Default::default() };
        if let Some((text, file)) = config {
            set.merge(parse(text, file)?, FileKind::Config);
        }
        if let Some((text, file)) = credentials {
            set.merge(parse(text, file)?, FileKind::Credentials);
        }
        Ok(set)
    }

    /// Adds one file's sections, keeping only those valid in that kind of file.
    fn merge(&mut self, sections: Vec<Section>, kind: FileKind) {
        let headers: Vec<Header> = sections.iter().map(|s| Header::of(&s.header, kind)).collect();
        let prefixed_default = headers.iter().any(|h| matches!(h, Header::Profile { name, prefixed: true } if name == "default"));
        for (section, header) in sections.into_iter().zip(headers) {
            let target = match header {
                Header::Profile { name, prefixed } => {
                    if name == "default" && !prefixed && prefixed_default {
                        continue; // `[profile default]` in the same file wins entirely.
                    }
                    self.profiles.entry(name).or_default()
                }
                Header::SsoSession(name) => self.sso_sessions.entry(name).or_default(),
                Header::Other(prefix, name) => self.sections.entry((prefix, name)).or_default(),
                Header::Ignored => continue,
            };
            target.extend(section.properties.into_iter().filter(|(k, _)| valid_property_name(k)));
        }
    }

    /// The selected profile, if it exists.
    pub(crate) fn selected(&self) -> Option<&Profile> {
        self.profiles.get(&self.selected)
    }

    /// A profile by name.
    pub(crate) fn get(&self, name: &str) -> Option<&Profile> {
        self.profiles.get(name)
    }

    /// An `[sso-session name]` section.
    pub(crate) fn sso_session(&self, name: &str) -> Option<&Profile> {
        self.sso_sessions.get(name)
    }

    /// Another prefixed section of the config file, e.g. `("services", "local")`.
    pub(crate) fn section(&self, prefix: &str, name: &str) -> Option<&Profile> {
        self.sections.get(&(prefix.to_owned(), name.to_owned()))
    }
}

/// A sub-property of a property holding them (`s3 =\n  max_concurrent_requests = 10`).
pub(crate) fn sub_property(value: &str, key: &str) -> Option<String> {
    value.lines().find_map(|line| {
        let (k, v) = line.split_once('=')?;
        k.trim_matches(WHITESPACE).eq_ignore_ascii_case(key).then(|| v.trim_matches(WHITESPACE).to_owned())
    })
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Config,
    Credentials,
}

/// What a section header names, in one kind of file.
enum Header {
    Profile { name: String, prefixed: bool },
    SsoSession(String),
    Other(String, String),
    Ignored,
}

impl Header {
    fn of(header: &str, kind: FileKind) -> Header {
        let header = header.trim_matches(WHITESPACE);
        let (prefix, name) = match header.split_once(WHITESPACE) {
            Some((prefix, name)) => (Some(prefix), name.trim_matches(WHITESPACE)),
            None => (None, header),
        };
        let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || "-_/.%@:+".contains(c));
        match (kind, prefix) {
            _ if !valid => Header::Ignored,
            (FileKind::Config, Some("profile")) => Header::Profile { name: name.into(), prefixed: true },
            (FileKind::Config, Some("sso-session")) => Header::SsoSession(name.into()),
            (FileKind::Config, Some(prefix)) => Header::Other(prefix.into(), name.into()),
            (FileKind::Config, None) if name == "default" => Header::Profile { name: name.into(), prefixed: false },
            (FileKind::Credentials, None) => Header::Profile { name: name.into(), prefixed: false },
            _ => Header::Ignored,
        }
    }
}

fn valid_property_name(name: &str) -> bool {
    name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

const WHITESPACE: &[char] = &[' ', '\t'];

/// One section as written: its header text and its properties in order.
struct Section {
    header: String,
    properties: Vec<(String, String)>,
}

/// The property a continuation line adds to.
struct Open {
    property: usize,
    /// The property's value was empty: what follows are sub-properties.
    sub_properties: bool,
}

/// One file into its sections, in order (repeats kept apart; [`ProfileSet::merge`] folds
/// them).
fn parse(text: &str, file: &str) -> Result<Vec<Section>, ProfileError> {
    let mut sections: Vec<Section> = Vec::new();
    let mut open: Option<Open> = None;
    for (i, line) in text.lines().enumerate() {
        let err = |sections: &[Section], msg: &str| match sections.last() {
            Some(section) => ProfileError(format!("{file}, line {}, in [{}]: {msg}", i + 1, section.header)),
            None => ProfileError(format!("{file}, line {}: {msg}", i + 1)),
        };
        if line.trim_matches(WHITESPACE).is_empty() || line.starts_with(['#', ';']) {
            continue;
        }
        if line.starts_with('[') {
            let header = without_comment(line, false);
            let name = header.strip_prefix('[').and_then(|h| h.strip_suffix(']'));
            let name = name.ok_or_else(|| err(&sections, "Profile definition must end with ']'"))?;
            sections.push(Section { header: name.to_owned(), properties: Vec::new() });
            open = None;
        } else if line.starts_with(WHITESPACE) {
            if sections.is_empty() {
                return Err(err(&sections, "Expected a profile definition, found a continuation"));
            }
            let Some(o) = &open else {
                return Err(err(&sections, "Expected a property definition, found continuation"));
            };
            if o.sub_properties {
                property(line, "sub-property").map_err(|m| err(&sections, &m))?;
            }
            let value = &mut sections.last_mut().expect("a section").properties[o.property].1;
            value.push('\n');
            value.push_str(line.trim_matches(WHITESPACE));
        } else {
            if sections.is_empty() {
                return Err(err(&sections, "Expected a profile definition, found a property"));
            }
            let (key, value) = property(line, "property").map_err(|m| err(&sections, &m))?;
            let properties = &mut sections.last_mut().expect("a section").properties;
            let index = match properties.iter().position(|(k, _)| *k == key) {
                Some(at) => {
                    properties[at].1 = value.to_owned();
                    at
                }
                None => {
                    properties.push((key, value.to_owned()));
                    properties.len() - 1
                }
            };
            open = Some(Open { property: index, sub_properties: value.is_empty() });
        }
    }
    Ok(sections)
}

/// `key = value` (the key lower-case), or the suite's message for what is wrong.
fn property<'a>(line: &'a str, what: &str) -> Result<(String, &'a str), String> {
    let line = without_comment(line, true);
    let (key, value) = line.split_once('=').ok_or_else(|| format!("Expected an '=' sign defining a {what}"))?;
    let key = key.trim_matches(WHITESPACE);
    if key.is_empty() {
        let mut what = what.to_owned();
        what[..1].make_ascii_uppercase();
        return Err(format!("{what} did not have a name"));
    }
    Ok((key.to_ascii_lowercase(), value.trim_matches(WHITESPACE)))
}

/// The line trimmed, without a trailing `#`/`;` comment (which after a value must follow
/// whitespace).
fn without_comment(line: &str, needs_space: bool) -> &str {
    let line = line.trim_matches(WHITESPACE);
    let mut after_space = false;
    for (at, c) in line.char_indices() {
        if (c == '#' || c == ';') && (after_space || !needs_space) {
            return line[..at].trim_matches(WHITESPACE);
        }
        after_space = c == ' ' || c == '\t';
    }
    line
}
