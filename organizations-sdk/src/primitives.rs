//! Primitive types the generated code uses: [`DateTime`], [`Blob`], [`Document`] and the
//! raw value of unknown enum variants.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// What `Debug` prints in place of a sensitive member.
pub(crate) const REDACTED: Redacted = Redacted;

pub(crate) struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("\"*** Sensitive Data Redacted ***\"")
    }
}

/// An instant with nanosecond precision, as the service sends timestamps: seconds since the
/// Unix epoch on the wire (`1515531487`, `1515531487.123`, `1.515531487E9`).
///
/// `Display` prints RFC 3339 (`2018-01-09T20:58:07.123Z`).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct DateTime {
    secs: i64,
    nanos: u32,
}

impl DateTime {
    /// Whole seconds since the epoch.
    pub const fn from_secs(secs: i64) -> Self {
        Self { secs, nanos: 0 }
    }

    /// Seconds since the epoch plus a sub-second part (`nanos` is clamped below one second).
    pub const fn from_secs_and_nanos(secs: i64, nanos: u32) -> Self {
        Self { secs, nanos: if nanos < 1_000_000_000 { nanos } else { 999_999_999 } }
    }

    /// Fractional seconds since the epoch, rounded to the microsecond (the wire format's
    /// decimal fraction does not survive `f64` more precisely than that).
    ///
    /// Returns `None` for NaN, infinities and values out of range.
    pub fn from_secs_f64(value: f64) -> Option<Self> {
        if !value.is_finite() || value.abs() > 1e15 {
            return None;
        }
        let micros = (value.abs() * 1e6).round() as u128;
        Self::from_parts(value < 0.0, u64::try_from(micros / 1_000_000).ok()?, (micros % 1_000_000) as u32)
    }

    /// `±(secs + micros / 10^6)` seconds; `None` beyond 10^15 seconds either way.
    pub(crate) fn from_parts(negative: bool, secs: u64, micros: u32) -> Option<Self> {
        const LIMIT: u64 = 1_000_000_000_000_000;
        if secs > LIMIT || (secs == LIMIT && micros > 0) {
            return None;
        }
        let secs = secs as i64; // at most 10^15
        Some(match (negative, micros) {
            (false, _) => Self { secs, nanos: micros * 1000 },
            (true, 0) => Self { secs: -secs, nanos: 0 },
            (true, _) => Self { secs: -secs - 1, nanos: (1_000_000 - micros) * 1000 },
        })
    }

    /// Whole seconds since the epoch (rounded down).
    pub const fn secs(&self) -> i64 {
        self.secs
    }

    /// Nanoseconds past [`Self::secs`].
    pub const fn subsec_nanos(&self) -> u32 {
        self.nanos
    }

    /// Seconds since the epoch as `f64`.
    pub fn as_secs_f64(&self) -> f64 {
        self.secs as f64 + f64::from(self.nanos) / 1e9
    }

    /// Parses an RFC 3339 timestamp (`2024-01-02T03:04:05Z`, with optional fraction and
    /// `±hh:mm` offset), as credential providers return them.
    pub fn from_rfc3339(text: &str) -> Option<Self> {
        let b = text.as_bytes();
        let num = |range: std::ops::Range<usize>| -> Option<i64> {
            let s = text.get(range)?;
            s.bytes().all(|c| c.is_ascii_digit()).then(|| s.parse().ok())?
        };
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') || b[13] != b':' || b[16] != b':' {
            return None;
        }
        let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
        let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
        if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        let mut i = 19;
        let mut nanos = 0u32;
        if b.get(i) == Some(&b'.') {
            i += 1;
            let start = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let digits = &text[start..i];
            if digits.is_empty() {
                return None;
            }
            let mut padded = digits.chars().take(9).collect::<String>();
            while padded.len() < 9 {
                padded.push('0');
            }
            nanos = padded.parse().ok()?;
        }
        let offset = match text.get(i..)? {
            "Z" | "z" => 0,
            tz if tz.len() == 6 && (tz.starts_with('+') || tz.starts_with('-')) && &tz[3..4] == ":" => {
                let h = num(i + 1..i + 3)?;
                let m = num(i + 4..i + 6)?;
                let sign = if tz.starts_with('-') { -1 } else { 1 };
                sign * (h * 3600 + m * 60)
            }
            _ => return None,
        };
        let days = days_from_civil(year, month as u32, day as u32);
        Some(Self { secs: days * 86_400 + hour * 3600 + minute * 60 + second - offset, nanos })
    }
}

impl From<SystemTime> for DateTime {
    fn from(t: SystemTime) -> Self {
        match t.duration_since(UNIX_EPOCH) {
            Ok(d) => Self { secs: d.as_secs() as i64, nanos: d.subsec_nanos() },
            Err(e) => {
                let d = e.duration();
                let (secs, nanos) = (d.as_secs() as i64, d.subsec_nanos());
                if nanos == 0 {
                    Self { secs: -secs, nanos: 0 }
                } else {
                    Self { secs: -secs - 1, nanos: 1_000_000_000 - nanos }
                }
            }
        }
    }
}

impl From<DateTime> for SystemTime {
    fn from(t: DateTime) -> Self {
        if t.secs >= 0 {
            UNIX_EPOCH + Duration::new(t.secs as u64, t.nanos)
        } else {
            UNIX_EPOCH - Duration::from_secs(t.secs.unsigned_abs()) + Duration::from_nanos(u64::from(t.nanos))
        }
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(m) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

pub(crate) fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.secs.div_euclid(86_400);
        let rem = self.secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        write!(f, "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}", rem / 3600, rem % 3600 / 60, rem % 60)?;
        if self.nanos != 0 {
            let frac = format!("{:09}", self.nanos);
            write!(f, ".{}", frac.trim_end_matches('0'))?;
        }
        f.write_str("Z")
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for DateTime {
    /// Whole seconds as an integer, otherwise seconds with a decimal fraction.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.nanos == 0 {
            s.serialize_i64(self.secs)
        } else {
            s.serialize_f64(self.as_secs_f64())
        }
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for DateTime {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = DateTime;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a timestamp in epoch seconds")
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<DateTime, E> {
                Ok(DateTime::from_secs(v))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<DateTime, E> {
                i64::try_from(v).map(DateTime::from_secs).map_err(|_| E::custom("timestamp out of range"))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<DateTime, E> {
                DateTime::from_secs_f64(v).ok_or_else(|| E::custom("timestamp is not a finite number in range"))
            }
        }
        d.deserialize_any(V)
    }
}

/// The raw string of an enum value this version of the SDK does not know.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownVariantValue(String);

impl UnknownVariantValue {
    /// The value as received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl From<&str> for UnknownVariantValue {
    fn from(s: &str) -> Self {
        Self(s.to_owned())
    }
}

impl fmt::Display for UnknownVariantValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Deserialize a string enum from any JSON string; never fails on an unknown value.
#[cfg(feature = "serde")]
pub(crate) fn deserialize_enum<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    struct V<T>(std::marker::PhantomData<T>);
    impl<T: for<'a> From<&'a str>> serde::de::Visitor<'_> for V<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<T, E> {
            Ok(T::from(v))
        }
    }
    d.deserialize_str(V(std::marker::PhantomData))
}

/// Binary data (a `blob` shape): base64 on the JSON wire (RFC 4648, with padding).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Blob(Vec<u8>);

impl Blob {
    /// Wraps bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self(bytes.into())
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The bytes, by value.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }

    /// Standard base64 with padding, as awsJson sends blobs.
    pub fn to_base64(&self) -> String {
        const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut out = String::with_capacity(self.0.len().div_ceil(3) * 4);
        for chunk in self.0.chunks(3) {
            let n = chunk.iter().enumerate().fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    /// Decodes standard base64; padding is optional, whitespace and other alphabets are not
    /// accepted. `None` for anything else.
    pub fn from_base64(text: &str) -> Option<Self> {
        let body = text.trim_end_matches('=');
        if text.len() - body.len() > 2 || body.len() % 4 == 1 {
            return None;
        }
        let mut out = Vec::with_capacity(body.len() * 3 / 4);
        let (mut acc, mut bits) = (0u32, 0u32);
        for c in body.bytes() {
            let v = match c {
                b'A'..=b'Z' => c - b'A',
                b'a'..=b'z' => c - b'a' + 26,
                b'0'..=b'9' => c - b'0' + 52,
                b'+' => 62,
                b'/' => 63,
                _ => return None,
            };
            acc = acc << 6 | u32::from(v);
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((acc >> bits) as u8);
                acc &= (1 << bits) - 1;
            }
        }
        // Leftover bits must be zero (a canonical encoding).
        (acc == 0).then_some(Self(out))
    }
}

impl From<Vec<u8>> for Blob {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl From<&[u8]> for Blob {
    fn from(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }
}

impl AsRef<[u8]> for Blob {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Blob {
    /// Base64, as on the wire.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_base64())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Blob {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
        Blob::from_base64(&text).ok_or_else(|| serde::de::Error::custom("invalid base64"))
    }
}

/// An untyped JSON value (a `document` shape): whatever the service sends, kept as is.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(untagged))]
pub enum Document {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Document>),
    /// An object.
    Object(std::collections::HashMap<String, Document>),
}

/// A JSON number in a [`Document`]: integers stay exact.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(untagged))]
pub enum Number {
    /// A non-negative integer.
    PosInt(u64),
    /// A negative integer.
    NegInt(i64),
    /// Any other number.
    Float(f64),
}

/// The wire forms of a timestamp (`timestampFormat` in the model). awsJson's default is
/// [`TimestampFormat::EpochSeconds`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[allow(dead_code)] // named by generated code for formatted timestamps; Organizations has none
pub(crate) enum TimestampFormat {
    /// Seconds since the epoch, as a JSON number.
    EpochSeconds,
    /// RFC 3339 (`2018-01-09T20:58:07.5Z`), as a JSON string.
    DateTime,
    /// IMF-fixdate of RFC 9110 (`Tue, 09 Jan 2018 20:58:07 GMT`), as a JSON string.
    HttpDate,
}

const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

impl DateTime {
    /// IMF-fixdate (RFC 9110 §5.6.7): `Tue, 09 Jan 2018 20:58:07 GMT`, fraction dropped as
    /// the format has none.
    pub fn to_http_date(&self) -> String {
        let days = self.secs.div_euclid(86_400);
        let rem = self.secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        let weekday = WEEKDAYS[days.rem_euclid(7) as usize];
        let month = MONTHS[m as usize - 1];
        format!("{weekday}, {d:02} {month} {y:04} {:02}:{:02}:{:02} GMT", rem / 3600, rem % 3600 / 60, rem % 60)
    }

    /// Parses IMF-fixdate (`Tue, 09 Jan 2018 20:58:07 GMT`, optionally with a fraction of a
    /// second as some services send). Allocates nothing: every response's `Date` goes
    /// through it (clock skew correction).
    pub fn from_http_date(text: &str) -> Option<Self> {
        // Fixed positions: `Www, DD Mmm YYYY HH:MM:SS[.fraction] GMT`.
        let b = text.as_bytes();
        let separators = [(3, b','), (4, b' '), (7, b' '), (11, b' '), (16, b' '), (19, b':'), (22, b':')];
        if b.len() < 29 || separators.iter().any(|&(at, c)| b[at] != c) || !WEEKDAYS.iter().any(|w| w.as_bytes() == &b[..3]) {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<i64> {
            b[range].iter().try_fold(0i64, |n, &c| c.is_ascii_digit().then(|| n * 10 + i64::from(c - b'0')))
        };
        let month = MONTHS.iter().position(|m| m.as_bytes() == &b[8..11])? as u32 + 1;
        let (day, year) = (number(5..7)?, number(12..16)?);
        let (hour, minute, second) = (number(17..19)?, number(20..22)?, number(23..25)?);
        if !(1..=31).contains(&day) || hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        let fraction = b[25..].strip_suffix(b" GMT")?;
        let mut nanos = 0u32;
        if let Some(fraction) = fraction.strip_prefix(b".") {
            if fraction.is_empty() || !fraction.iter().all(u8::is_ascii_digit) {
                return None;
            }
            for (i, digit) in fraction.iter().take(9).enumerate() {
                nanos += u32::from(digit - b'0') * 10u32.pow(8 - i as u32);
            }
        } else if !fraction.is_empty() {
            return None;
        }
        let days = days_from_civil(year, month, day as u32);
        Some(Self { secs: days * 86_400 + hour * 3600 + minute * 60 + second, nanos })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_round_trip() {
        let cases = [
            ("1970-01-01T00:00:00Z", 0, 0),
            ("2018-01-09T20:58:07Z", 1_515_531_487, 0),
            ("2018-01-09T20:58:07.5Z", 1_515_531_487, 500_000_000),
            ("1969-12-31T23:59:59Z", -1, 0),
            ("2000-02-29T12:00:00Z", 951_825_600, 0),
        ];
        for (text, secs, nanos) in cases {
            let t = DateTime::from_rfc3339(text).unwrap_or_else(|| panic!("parse {text}"));
            assert_eq!((t.secs(), t.subsec_nanos()), (secs, nanos), "{text}");
            assert_eq!(t.to_string(), text);
        }
        assert_eq!(DateTime::from_rfc3339("2018-01-09T21:58:07+01:00"), Some(DateTime::from_secs(1_515_531_487)));
        for bad in ["", "2018-01-09", "2018-13-09T20:58:07Z", "2018-01-09T20:58:07", "x018-01-09T20:58:07Z", "2018-01-09T20:58:07.Z"] {
            assert_eq!(DateTime::from_rfc3339(bad), None, "{bad}");
        }
    }

    #[test]
    fn system_time_round_trip() {
        let now = SystemTime::now();
        assert_eq!(SystemTime::from(DateTime::from(now)), now);
        let before = UNIX_EPOCH - Duration::from_millis(1500);
        assert_eq!(SystemTime::from(DateTime::from(before)), before);
    }

    #[test]
    fn blob_base64() {
        for (bytes, text) in [
            (&b""[..], ""),
            (&b"f"[..], "Zg=="),
            (&b"fo"[..], "Zm8="),
            (&b"foo"[..], "Zm9v"),
            (&b"foob"[..], "Zm9vYg=="),
            (&b"\xff\x00\xfe"[..], "/wD+"),
        ] {
            assert_eq!(Blob::new(bytes).to_base64(), text);
            assert_eq!(Blob::from_base64(text), Some(Blob::new(bytes)), "{text}");
        }
        assert_eq!(Blob::from_base64("Zm8"), Some(Blob::new(&b"fo"[..])));
        for bad in ["Z", "Zm9v!", "Zg===", "Zh==", "Zm 9v"] {
            assert_eq!(Blob::from_base64(bad), None, "{bad}");
        }
    }

    #[test]
    fn http_dates() {
        let t = DateTime::from_secs(1_515_531_487);
        assert_eq!(t.to_http_date(), "Tue, 09 Jan 2018 20:58:07 GMT");
        assert_eq!(DateTime::from_http_date("Tue, 09 Jan 2018 20:58:07 GMT"), Some(t));
        assert_eq!(DateTime::from_http_date("Thu, 01 Jan 1970 00:00:00 GMT"), Some(DateTime::from_secs(0)));
        assert_eq!(DateTime::from_http_date("Thu, 01 Jan 2026 00:05:01 GMT"), DateTime::from_rfc3339("2026-01-01T00:05:01Z"));
        assert_eq!(DateTime::from_http_date("Tue, 09 Jan 2018 20:58:07.25 GMT"), DateTime::from_rfc3339("2018-01-09T20:58:07.25Z"));
        for bad in ["", "Tue, 09 Jan 2018 20:58:07", "Xyz, 09 Jan 2018 20:58:07 GMT", "Tue, 9 Jan 2018 20:58:07 GMT", "Tue, 09 Foo 2018 20:58:07 GMT"]
        {
            assert_eq!(DateTime::from_http_date(bad), None, "{bad}");
        }
    }
}
