//! The rule language's standard library (`docs/runtime-behaviour.md` §8; Smithy's
//! rules-engine standard library and AWS functions): `aws.partition`, `parseURL`,
//! `substring`, `uriEncode`, `isValidHostLabel`. The generated resolver calls these; a
//! rule set need not use all of them, hence `dead_code` is allowed here.
#![allow(dead_code)]

/// What `aws.partition` returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Partition {
    pub name: &'static str,
    pub dns_suffix: &'static str,
    pub dual_stack_dns_suffix: &'static str,
    pub implicit_global_region: &'static str,
    pub supports_fips: bool,
    pub supports_dual_stack: bool,
}

/// One partition of `partitions.json`.
#[derive(Debug)]
pub(crate) struct PartitionData {
    pub region_regex: &'static [Pat],
    /// Known regions, with the partition's outputs after per-region overrides.
    pub regions: &'static [(&'static str, Partition)],
    pub outputs: Partition,
}

/// A compiled region regex element (see `codegen::endpoint::compile_regex`).
#[derive(Debug)]
pub(crate) enum Pat {
    Lit(char),
    /// `\w`
    Word,
    /// `\d`
    Digit,
    /// `x+` for a class `x`.
    OneOrMore(&'static Pat),
    /// `(a|b|c)`
    OneOf(&'static [&'static str]),
}

impl Pat {
    fn class(&self, c: char) -> bool {
        match self {
            Pat::Lit(l) => *l == c,
            Pat::Word => c.is_ascii_alphanumeric() || c == '_',
            Pat::Digit => c.is_ascii_digit(),
            Pat::OneOrMore(_) | Pat::OneOf(_) => false,
        }
    }
}

/// Whole-string match with backtracking over `+`.
fn matches(pats: &[Pat], s: &str) -> bool {
    let Some((first, rest)) = pats.split_first() else {
        return s.is_empty();
    };
    match first {
        Pat::OneOf(alts) => alts.iter().any(|a| s.strip_prefix(a).is_some_and(|tail| matches(rest, tail))),
        Pat::OneOrMore(inner) => {
            let mut idx = 0;
            for c in s.chars() {
                if !inner.class(c) {
                    break;
                }
                idx += c.len_utf8();
                if matches(rest, &s[idx..]) {
                    return true;
                }
            }
            false
        }
        single => {
            let mut chars = s.chars();
            chars.next().is_some_and(|c| single.class(c)) && matches(rest, chars.as_str())
        }
    }
}

/// `aws.partition(region)` over the rule set's `partitions` table: the partition listing
/// the region, else the first whose regex matches, else `aws`.
pub(crate) fn partition(partitions: &'static [PartitionData], region: &str) -> Option<&'static Partition> {
    for p in partitions {
        if let Some((_, outputs)) = p.regions.iter().find(|(name, _)| *name == region) {
            return Some(outputs);
        }
    }
    partitions.iter().find(|p| matches(p.region_regex, region)).or_else(|| partitions.iter().find(|p| p.outputs.name == "aws")).map(|p| &p.outputs)
}

/// What `parseURL` returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Url {
    pub scheme: String,
    pub authority: String,
    pub path: String,
    pub normalized_path: String,
    pub is_ip: bool,
}

impl Url {
    /// `http`/`https` URLs without query or fragment; anything else is `None`.
    pub(crate) fn parse(url: &str) -> Option<Url> {
        let (scheme, rest) = url.split_once("://")?;
        if scheme != "http" && scheme != "https" || url.contains('?') || url.contains('#') {
            return None;
        }
        let (authority, path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        if authority.is_empty() {
            return None;
        }
        let host = authority.rsplit_once(':').map_or(authority, |(h, _)| h);
        let is_ip = host.starts_with('[') || host.parse::<std::net::Ipv4Addr>().is_ok();
        let normalized_path = if path.ends_with('/') { path.to_string() } else { format!("{path}/") };
        Some(Url { scheme: scheme.into(), authority: authority.into(), path: path.into(), normalized_path, is_ip })
    }
}

/// `substring(s, start, stop, reverse)`: ASCII only; `None` when out of range.
pub(crate) fn substring(s: &str, start: usize, stop: usize, reverse: bool) -> Option<String> {
    if start >= stop || s.len() < stop || !s.is_ascii() {
        return None;
    }
    let (a, b) = if reverse { (s.len() - stop, s.len() - start) } else { (start, stop) };
    Some(s[a..b].to_string())
}

/// `uriEncode`: percent-encode everything but unreserved characters.
pub(crate) fn uri_encode(s: &str) -> String {
    crate::percent::encode(s, false)
}

/// `isValidHostLabel(s, allowDots)`.
pub(crate) fn is_valid_host_label(s: &str, allow_dots: bool) -> bool {
    let label = |l: &str| !l.is_empty() && l.len() <= 63 && !l.starts_with('-') && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if allow_dots {
        s.split('.').all(label)
    } else {
        label(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partition_lookup() {
        let cases = [
            ("us-east-1", "aws"),
            ("eu-west-1", "aws"),
            ("aws-global", "aws"),
            ("cn-north-1", "aws-cn"),
            ("cn-south-7", "aws-cn"),
            ("us-gov-west-1", "aws-us-gov"),
            ("us-iso-east-1", "aws-iso"),
            ("us-isob-east-1", "aws-iso-b"),
            ("eu-isoe-west-1", "aws-iso-e"),
            ("us-isof-south-1", "aws-iso-f"),
            ("eusc-de-east-1", "aws-eusc"),
            ("us-west-9", "aws"),
            ("mars-east-1", "aws"),
            ("", "aws"),
        ];
        for (region, want) in cases {
            assert_eq!(partition(crate::generated::endpoint_rules::PARTITIONS, region).map(|p| p.name), Some(want), "{region}");
        }
    }

    #[test]
    fn helpers() {
        assert_eq!(substring("abcdef", 0, 3, false).as_deref(), Some("abc"));
        assert_eq!(substring("abcdef", 0, 3, true).as_deref(), Some("def"));
        assert_eq!(substring("ab", 0, 3, false), None);
        assert_eq!(uri_encode("a b/c"), "a%20b%2Fc");
        assert!(is_valid_host_label("abc-1", false));
        assert!(!is_valid_host_label("a.b", false));
        assert!(is_valid_host_label("a.b", true));
        assert!(!is_valid_host_label("-a", false));
        let u = Url::parse("https://127.0.0.1:8443/path").unwrap();
        assert_eq!((u.scheme.as_str(), u.authority.as_str(), u.path.as_str(), u.is_ip), ("https", "127.0.0.1:8443", "/path", true));
        assert_eq!(Url::parse("ftp://x"), None);
    }
}
