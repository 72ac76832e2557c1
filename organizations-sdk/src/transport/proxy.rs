//! Forward proxies: which requests go through one ([`ProxyConfig`]: from the environment as
//! the AWS CLI reads it, set in code, or disabled) and what that takes on the wire — the
//! `CONNECT` tunnel for HTTPS endpoints ([`tunnel`]) and `Proxy-Authorization` for Basic
//! auth. The transport asks [`Proxies::route`] for every new connection.
//!
//! The environment variables are the ones curl, botocore and the AWS CLI read
//! (<https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-proxy.html>):
//! `HTTPS_PROXY` for `https://` endpoints, `HTTP_PROXY` for `http://` ones, `ALL_PROXY` for
//! both when the scheme's own variable is unset, and `NO_PROXY`; the upper-case name wins
//! over the lower-case one, and a blank value counts as unset.
//!
//! Written here rather than taken from hyper-util's `client-proxy` feature: that feature
//! adds `base64` and `ipnet` to every user's lock file (measured: 99 → 101 crates, past the
//! benchmark's target of half of aws-sdk-organizations' 200), and the parts needed — a URL,
//! a `NO_PROXY` list and a `CONNECT` exchange — are short.

use std::fmt;
use std::net::IpAddr;
use std::sync::Arc;

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Which requests go through a forward proxy.
///
/// The default, [`ProxyConfig::from_env`], does what the AWS CLI does. Only `http://`
/// proxies are supported (HTTPS endpoints are reached through a `CONNECT` tunnel, so the
/// TLS session is still end to end); user info in the URL (`http://user:pass@proxy:3128`)
/// is sent as Basic `Proxy-Authorization` and never printed: `Debug` shows `user:***`.
///
/// The credential providers' calls to STS and the SSO portal use the same proxy settings;
/// calls to instance metadata and the container credentials endpoint never use a proxy.
///
/// ```
/// use organizations_sdk::config::ProxyConfig;
/// let proxy = ProxyConfig::all("http://proxy.corp.example:3128").no_proxy("localhost,.corp.example,10.0.0.0/8");
/// # let _ = proxy;
/// ```
#[derive(Clone, Debug, Default)]
pub struct ProxyConfig(Source);

#[derive(Clone, Debug, Default)]
enum Source {
    /// Read the environment when the client is built.
    #[default]
    Env,
    /// No proxy at all.
    Disabled,
    /// Set in code or already read (an invalid setting fails every call, naming it).
    Fixed(Result<Arc<Proxies>, String>),
}

impl ProxyConfig {
    /// Proxies from `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` (upper case
    /// before lower case), read when the client is built. The default.
    pub fn from_env() -> Self {
        Self(Source::Env)
    }

    /// No proxy, whatever the environment says.
    pub fn disabled() -> Self {
        Self(Source::Disabled)
    }

    /// Every request goes through the proxy at `url` (`http://[user:pass@]host[:port]`).
    /// An invalid URL makes every call fail with a construction error naming it.
    pub fn all(url: &str) -> Self {
        Self::fixed(Some(url), Some(url))
    }

    /// Requests to `https://` endpoints go through the proxy at `url`; others go direct.
    pub fn https(url: &str) -> Self {
        Self::fixed(None, Some(url))
    }

    /// Requests to `http://` endpoints go through the proxy at `url`; others go direct.
    pub fn http(url: &str) -> Self {
        Self::fixed(Some(url), None)
    }

    /// Hosts that are reached directly: a comma-separated list as in `NO_PROXY` — host
    /// names (`example.com` also covers `api.example.com`; a leading `.` or `*.` is
    /// ignored), `host:port`, IP addresses, CIDR ranges (`10.0.0.0/8`, `fd00::/8`), or `*`
    /// for every host. Replaces any list read from the environment.
    pub fn no_proxy(self, list: &str) -> Self {
        match self.0 {
            Source::Fixed(Ok(p)) => Self(Source::Fixed(NoProxy::parse(list).map(|no| Arc::new(Proxies { no, ..(*p).clone() })))),
            other => Self(other),
        }
    }

    fn fixed(http: Option<&str>, https: Option<&str>) -> Self {
        let parse = |url: Option<&str>| url.map(Proxy::parse).transpose();
        Self(Source::Fixed((|| Ok(Arc::new(Proxies { http: parse(http)?, https: parse(https)?, no: NoProxy::default() })))()))
    }

    /// The proxies of an environment (`var` reads one variable, blank as unset), read now.
    pub(crate) fn from_vars(var: &dyn Fn(&str) -> Option<String>) -> Self {
        Self(Source::Fixed(Proxies::from_vars(var)))
    }

    /// What this configuration means now: `None` for no proxy, or the problem with it.
    /// [`ProxyConfig::from_env`] reads the process environment through `var` (the caller's
    /// `settings::Env`, which this layer sits below).
    pub(crate) fn resolve(&self, var: &dyn Fn(&str) -> Option<String>) -> Result<Option<Arc<Proxies>>, String> {
        let proxies = match &self.0 {
            Source::Disabled => return Ok(None),
            Source::Env => Proxies::from_vars(var)?,
            Source::Fixed(p) => p.clone()?,
        };
        Ok((proxies.http.is_some() || proxies.https.is_some()).then_some(proxies))
    }
}

/// The proxies in force: one per endpoint scheme, and the hosts that bypass them.
#[derive(Clone, Debug)]
pub(crate) struct Proxies {
    http: Option<Proxy>,
    https: Option<Proxy>,
    no: NoProxy,
}

impl Proxies {
    /// `HTTP_PROXY`, `HTTPS_PROXY`, `ALL_PROXY`, `NO_PROXY`, each upper case before lower case.
    fn from_vars(var: &dyn Fn(&str) -> Option<String>) -> Result<Arc<Self>, String> {
        let read = |name: &str| var(name).or_else(|| var(&name.to_ascii_lowercase()));
        let all = read("ALL_PROXY");
        let parse = |name: &str, url: Option<String>| url.map(|u| Proxy::parse(&u).map_err(|e| format!("{e} ({name})"))).transpose();
        Ok(Arc::new(Proxies {
            http: parse("HTTP_PROXY / ALL_PROXY", read("HTTP_PROXY").or_else(|| all.clone()))?,
            https: parse("HTTPS_PROXY / ALL_PROXY", read("HTTPS_PROXY").or(all))?,
            no: NoProxy::parse(&read("NO_PROXY").unwrap_or_default()).map_err(|e| format!("{e} (NO_PROXY)"))?,
        }))
    }

    /// The proxy a connection to `uri` goes through, if any.
    pub(crate) fn route(&self, uri: &http::Uri) -> Option<&Proxy> {
        let https = uri.scheme() == Some(&http::uri::Scheme::HTTPS);
        let proxy = if https { self.https.as_ref() } else { self.http.as_ref() }?;
        let host = uri.host()?.trim_start_matches('[').trim_end_matches(']');
        let port = uri.port_u16().unwrap_or(if https { 443 } else { 80 });
        (!self.no.matches(host, port)).then_some(proxy)
    }
}

/// An `http://` forward proxy.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct Proxy {
    /// `http://host:port`, without user info.
    uri: http::Uri,
    /// `Basic …` from the URL's user info.
    auth: Option<http::HeaderValue>,
    /// The user name, for messages.
    user: Option<String>,
}

impl fmt::Debug for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// `http://user:***@host:port`: the password is never shown.
impl fmt::Display for Proxy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let authority = self.uri.authority().map_or("", |a| a.as_str());
        match &self.user {
            Some(user) => write!(f, "http://{user}:***@{authority}"),
            None => write!(f, "http://{authority}"),
        }
    }
}

impl Proxy {
    /// `http://[user[:password]@]host[:port][/]`; no scheme means `http://`, as in curl.
    fn parse(url: &str) -> Result<Self, String> {
        let url = url.trim();
        // The message never repeats the URL: it may hold a password.
        let invalid = |why: &str| format!("invalid proxy URL: {why}");
        let rest = match url.split_once("://") {
            None => url,
            Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => rest,
            Some((scheme, _)) => return Err(invalid(&format!("scheme `{scheme}` is not supported (only http:// proxies are)"))),
        };
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        if rest.contains(['/', '?', '#']) {
            return Err(invalid("a proxy URL has no path"));
        }
        let (userinfo, hostport) = match rest.rsplit_once('@') {
            Some((u, h)) => (Some(u), h),
            None => (None, rest),
        };
        if hostport.is_empty() {
            return Err(invalid("no host"));
        }
        let authority: http::uri::Authority = hostport.parse().map_err(|_| invalid("bad host or port"))?;
        let port = match authority.as_str().strip_prefix(authority.host()).and_then(|p| p.strip_prefix(':')) {
            None => 80,
            Some(port) => port.parse::<u16>().map_err(|_| invalid("bad port"))?,
        };
        let uri = http::Uri::builder()
            .scheme("http")
            .authority(format!("{}:{port}", authority.host()))
            .path_and_query("/")
            .build()
            .map_err(|_| invalid("bad host or port"))?;
        let (auth, user) = match userinfo {
            None => (None, None),
            Some(info) => {
                let (user, password) = info.split_once(':').unwrap_or((info, ""));
                let (user, password) = (
                    crate::percent::decode(user, false).ok_or_else(|| invalid("bad %-escape in the user"))?,
                    crate::percent::decode(password, false).ok_or_else(|| invalid("bad %-escape in the password"))?,
                );
                let token = crate::primitives::Blob::new([user.as_bytes(), b":", password.as_bytes()].concat()).to_base64();
                let mut value = http::HeaderValue::try_from(format!("Basic {token}")).map_err(|_| invalid("bad user info"))?;
                value.set_sensitive(true);
                (Some(value), Some(user))
            }
        };
        Ok(Self { uri, auth, user })
    }

    /// Where to connect: `http://host:port/`.
    pub(crate) fn uri(&self) -> &http::Uri {
        &self.uri
    }

    /// The `Proxy-Authorization` value, when the URL has user info.
    pub(crate) fn authorization(&self) -> Option<&http::HeaderValue> {
        self.auth.as_ref()
    }
}

/// A `NO_PROXY` list.
#[derive(Clone, Debug, Default, PartialEq)]
struct NoProxy(Vec<Bypass>);

#[derive(Clone, Debug, PartialEq)]
enum Bypass {
    Everything,
    /// A host name and its subdomains (lower case, no leading dot), on any port or one.
    Domain(String, Option<u16>),
    /// An address range: network, prefix length.
    Net(IpAddr, u8),
}

impl NoProxy {
    fn parse(list: &str) -> Result<Self, String> {
        let mut entries = Vec::new();
        for entry in list.split([',', ' ', '\t']).map(str::trim).filter(|e| !e.is_empty()) {
            entries.push(Bypass::parse(entry).ok_or_else(|| format!("invalid NO_PROXY entry {entry:?}"))?);
        }
        Ok(Self(entries))
    }

    fn matches(&self, host: &str, port: u16) -> bool {
        let ip = host.parse::<IpAddr>().ok();
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.0.iter().any(|b| match b {
            Bypass::Everything => true,
            Bypass::Domain(domain, only) => {
                only.is_none_or(|p| p == port) && (host == *domain || host.strip_suffix(domain.as_str()).is_some_and(|h| h.ends_with('.')))
            }
            Bypass::Net(net, len) => ip.is_some_and(|ip| in_net(ip, *net, *len)),
        })
    }
}

impl Bypass {
    fn parse(entry: &str) -> Option<Self> {
        if entry == "*" {
            return Some(Bypass::Everything);
        }
        if let Some((net, len)) = entry.split_once('/') {
            let net: IpAddr = net.trim_start_matches('[').trim_end_matches(']').parse().ok()?;
            let len: u8 = len.parse().ok()?;
            let max = if net.is_ipv4() { 32 } else { 128 };
            return (len <= max).then_some(Bypass::Net(net, len));
        }
        let bare = entry.trim_start_matches('[').trim_end_matches(']');
        if let Ok(ip) = bare.parse::<IpAddr>() {
            return Some(Bypass::Net(ip, if ip.is_ipv4() { 32 } else { 128 }));
        }
        let entry = entry.strip_prefix("*.").or_else(|| entry.strip_prefix('.')).unwrap_or(entry);
        let (host, port) = match entry.rsplit_once(':') {
            Some((h, p)) if !h.contains(':') => (h, Some(p.parse().ok()?)),
            _ => (entry, None),
        };
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        if let Ok(ip) = host.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>() {
            // `127.0.0.1:8080`: an address on one port is still only that address.
            return match port {
                None => Some(Bypass::Net(ip, if ip.is_ipv4() { 32 } else { 128 })),
                Some(_) => Some(Bypass::Domain(ip.to_string(), port)),
            };
        }
        let valid = !host.is_empty() && host.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'.' || c == b'_');
        valid.then_some(Bypass::Domain(host, port))
    }
}

fn in_net(ip: IpAddr, net: IpAddr, len: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(ip), IpAddr::V4(net)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(len)).unwrap_or(0);
            u32::from(ip) & mask == u32::from(net) & mask
        }
        (IpAddr::V6(ip), IpAddr::V6(net)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(len)).unwrap_or(0);
            u128::from(ip) & mask == u128::from(net) & mask
        }
        _ => false,
    }
}

/// The proxy said no: `407`, or a `CONNECT` answered with an error.
#[derive(Debug)]
pub(crate) struct ProxyRefused(pub(crate) String);

impl std::fmt::Display for ProxyRefused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ProxyRefused {}

pub(super) fn authentication_required(proxy: &Proxy) -> String {
    let hint =
        if proxy.authorization().is_some() { "it rejected the user and password in the proxy URL" } else { "put `user:password@` in the proxy URL" };
    format!("the proxy {proxy} answered 407 Proxy Authentication Required: {hint}")
}

/// The longest `CONNECT` response head read from a proxy.
const MAX_TUNNEL_HEAD: usize = 16 * 1024;

/// Asks `proxy` (connected as `tcp`) for a tunnel to `target`'s host and port
/// (`CONNECT host:port HTTP/1.1`, RFC 9110 §9.3.6) and returns the tunnel once the proxy
/// answers 2xx.
pub(super) async fn tunnel(mut tcp: tokio::net::TcpStream, target: &http::Uri, proxy: &Proxy) -> Result<tokio::net::TcpStream, BoxError> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let host = target.host().ok_or("the endpoint URL has no host")?;
    let authority = format!("{host}:{}", target.port_u16().unwrap_or(443));
    let mut head = format!("CONNECT {authority} HTTP/1.1\r\nHost: {authority}\r\n").into_bytes();
    if let Some(auth) = proxy.authorization() {
        head.extend_from_slice(b"Proxy-Authorization: ");
        head.extend_from_slice(auth.as_bytes());
        head.extend_from_slice(b"\r\n");
    }
    head.extend_from_slice(b"\r\n");
    tcp.write_all(&head).await?;
    let mut response = Vec::with_capacity(256);
    let mut chunk = [0u8; 1024];
    let end = loop {
        let n = tcp.read(&mut chunk).await?;
        if n == 0 {
            return Err(format!("the proxy {proxy} closed the connection instead of answering CONNECT {authority}").into());
        }
        response.extend_from_slice(&chunk[..n]);
        if let Some(at) = response.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        if response.len() > MAX_TUNNEL_HEAD {
            return Err(format!("the proxy {proxy} sent more than {MAX_TUNNEL_HEAD} bytes of headers for CONNECT {authority}").into());
        }
    };
    let status_line = String::from_utf8_lossy(&response[..end]).lines().next().unwrap_or_default().to_owned();
    let status = status_line
        .strip_prefix("HTTP/1.")
        .and_then(|rest| rest.get(2..5))
        .and_then(|code| code.parse::<u16>().ok())
        .ok_or_else(|| format!("the proxy {proxy} answered CONNECT {authority} with {status_line:?}, not HTTP"))?;
    match status {
        200..=299 if end == response.len() => Ok(tcp),
        200..=299 => Err(format!("the proxy {proxy} sent data before the TLS handshake to {authority}").into()),
        407 => Err(Box::new(ProxyRefused(authentication_required(proxy)))),
        _ => Err(Box::new(ProxyRefused(format!("the proxy {proxy} refused the tunnel to {authority}: {status_line}")))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vars(list: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| list.iter().find(|(n, _)| *n == k).map(|(_, v)| v.to_string())
    }

    fn route(config: &ProxyConfig, url: &str) -> Option<String> {
        let proxies = config.resolve(&|_| None).unwrap()?;
        proxies.route(&url.parse().unwrap()).map(|p| p.to_string())
    }

    #[test]
    fn environment_names_and_precedence() {
        let c =
            ProxyConfig::from_vars(&vars(&[("HTTPS_PROXY", "http://upper:1"), ("https_proxy", "http://lower:2"), ("http_proxy", "lower-http:3")]));
        assert_eq!(route(&c, "https://organizations.us-east-1.amazonaws.com").as_deref(), Some("http://upper:1"));
        assert_eq!(route(&c, "http://127.0.0.1:5000").as_deref(), Some("http://lower-http:3"));
        let c = ProxyConfig::from_vars(&vars(&[("all_proxy", "http://all:9"), ("HTTP_PROXY", "http://h:8")]));
        assert_eq!(route(&c, "https://a.example").as_deref(), Some("http://all:9"));
        assert_eq!(route(&c, "http://a.example").as_deref(), Some("http://h:8"));
        let none = ProxyConfig::from_vars(&vars(&[]));
        assert!(none.resolve(&|_| None).unwrap().is_none());
        assert!(ProxyConfig::disabled().resolve(&|_| None).unwrap().is_none());
    }

    #[test]
    fn no_proxy_forms() {
        let c = ProxyConfig::all("http://p:3128")
            .no_proxy("example.com, .corp.example,*.svc.local, 10.0.0.0/8,192.168.1.7 fd00::/8, [::1], internal:8443");
        let direct = [
            "https://example.com",
            "https://api.EXAMPLE.com",
            "https://a.b.corp.example",
            "https://corp.example",
            "http://x.svc.local",
            "https://10.200.3.4",
            "http://192.168.1.7:99",
            "https://[fd12::1]",
            "https://[::1]:8080",
            "https://internal:8443",
        ];
        for url in direct {
            assert_eq!(route(&c, url), None, "{url} should bypass the proxy");
        }
        let proxied = [
            "https://notexample.com",
            "https://example.com.evil",
            "https://11.0.0.1",
            "https://192.168.1.8",
            "https://[fe80::1]",
            "https://internal",
            "https://internal:443",
        ];
        for url in proxied {
            assert_eq!(route(&c, url).as_deref(), Some("http://p:3128"), "{url} should use the proxy");
        }
        let all = ProxyConfig::all("http://p:3128").no_proxy("*");
        assert_eq!(route(&all, "https://anything.example"), None);
        let env = ProxyConfig::from_vars(&vars(&[("HTTPS_PROXY", "http://p:1"), ("NO_PROXY", "127.0.0.1"), ("no_proxy", "*")]));
        assert_eq!(route(&env, "https://127.0.0.1:4443"), None);
        assert_eq!(route(&env, "https://example.com").as_deref(), Some("http://p:1"), "NO_PROXY wins over no_proxy");
    }

    #[test]
    fn urls_and_credentials() {
        let c = ProxyConfig::all("http://al%40ice:p%3Ass@proxy.corp:8080/");
        let proxies = c.resolve(&|_| None).unwrap().unwrap();
        let p = proxies.route(&"https://x".parse().unwrap()).unwrap();
        assert_eq!(p.uri(), "http://proxy.corp:8080/");
        // base64("al@ice:p:ss")
        assert_eq!(p.authorization().unwrap(), "Basic YWxAaWNlOnA6c3M=");
        assert!(p.authorization().unwrap().is_sensitive());
        for shown in [p.to_string(), format!("{p:?}"), format!("{c:?}")] {
            assert!(!shown.contains("p%3Ass") && !shown.contains("p:ss") && !shown.contains("YWxAaWNl"), "{shown}");
        }
        assert_eq!(route(&ProxyConfig::all("127.0.0.1:3128"), "https://x").as_deref(), Some("http://127.0.0.1:3128"));
        assert_eq!(route(&ProxyConfig::all("http://proxy"), "https://x").as_deref(), Some("http://proxy:80"));
        for (bad, why) in [
            ("https://p:1", "scheme `https`"),
            ("socks5://p:1", "scheme `socks5`"),
            ("http://p:1/path", "no path"),
            ("http://user:secret@", "no host"),
            ("http://p:notaport", "bad port"),
        ] {
            let e = ProxyConfig::all(bad).resolve(&|_| None).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
            assert!(!e.contains("secret"), "{e}");
        }
        let e = ProxyConfig::from_vars(&vars(&[("HTTPS_PROXY", "http://p:1"), ("NO_PROXY", "10.0.0.0/99")])).resolve(&|_| None).unwrap_err();
        assert!(e.contains("NO_PROXY"), "{e}");
    }
}
