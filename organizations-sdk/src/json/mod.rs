//! JSON for the wire: a pull reader, a compact writer, and the two traits the generated
//! code implements for every type an operation sends (`WriteJson`) or receives
//! (`ReadJson`). Unknown members are skipped, `null` reads as absent, a required member
//! that is missing keeps its zero value, and unknown enum values are kept.
//!
//! serde is not involved: the generated impls are plain code, which keeps the default build
//! free of proc macros and the response path free of visitor indirection. (The optional
//! `serde` feature adds `Serialize`/`Deserialize` for users' own (de)serialization.)

mod read;
mod values;
mod write;

pub(crate) use read::{Reader, Result};
// Called by generated code only when a model has timestamps in another format than
// epoch seconds (Organizations has none today).
#[allow(unused_imports)]
pub(crate) use values::{read_timestamp, write_timestamp};
pub(crate) use write::Writer;

use crate::primitives::DateTime;

/// A type read from the wire.
pub(crate) trait ReadJson: Sized {
    fn read(r: &mut Reader<'_>) -> Result<Self>;

    /// Reads a value onto the end of `list`: read, then pushed, unless it is a structure
    /// (`ReadMembers`).
    fn read_onto(list: &mut Vec<Self>, r: &mut Reader<'_>) -> Result<()> {
        list.push(Self::read(r)?);
        Ok(())
    }
}

/// A structure (what the generated code implements for each): its members read from an
/// object into a value that starts as the default. In a list the value is read where it
/// stays, in the list's own memory, rather than built aside and moved there (a structure is
/// often a couple of hundred bytes, and a page holds tens of them: moving each twice cost
/// ~1.2 k instructions per `ListAccounts` page of 20 accounts, measured with callgrind).
pub(crate) trait ReadMembers: Default {
    fn read_members(&mut self, r: &mut Reader<'_>) -> Result<()>;
}

impl<T: ReadMembers> ReadJson for T {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let mut out = Self::default();
        out.read_members(r)?;
        Ok(out)
    }

    /// On an error the list is left with the element half read: the caller drops the list.
    fn read_onto(list: &mut Vec<Self>, r: &mut Reader<'_>) -> Result<()> {
        // `resize_with` writes the default straight into the list; `push(Self::default())`
        // built it aside and copied it in (−0.7 k instructions per page of 20 accounts).
        list.resize_with(list.len() + 1, Self::default);
        list.last_mut().expect("just pushed").read_members(r)
    }
}

/// A type written to the wire.
pub(crate) trait WriteJson {
    fn write(&self, w: &mut Writer);
}

/// Reads a whole document: one value and nothing but whitespace after it.
pub(crate) fn from_str<T: ReadJson>(text: &str) -> Result<T> {
    from_slice(text.as_bytes())
}

/// Reads a whole document from bytes, which must be UTF-8 (checked as it is read).
pub(crate) fn from_slice<T: ReadJson>(bytes: &[u8]) -> Result<T> {
    let mut r = Reader::new(bytes);
    let value = T::read(&mut r)?;
    r.end()?;
    Ok(value)
}

/// Reads a whole document that is one object, handing each member to `member` (which must
/// consume the value): for the few ad-hoc documents that have no generated type.
pub(crate) fn read_object(bytes: &[u8], member: impl FnMut(&mut Reader<'_>, &str) -> Result<()>) -> Result<()> {
    let mut r = Reader::new(bytes);
    r.object(member)?;
    r.end()
}

/// The members of a document that is one object, as (name, raw JSON text of the value), in
/// order: for rewriting a document without knowing all of it, or comparing it member by
/// member.
pub(crate) fn raw_members(bytes: &[u8]) -> Result<Vec<(String, String)>> {
    let text = utf8(bytes)?;
    let mut out = Vec::new();
    read_object(bytes, |r, key| {
        r.peek_byte(); // past the whitespace before the value
        let start = r.position();
        r.skip()?;
        out.push((key.to_owned(), text[start..r.position()].to_owned()));
        Ok(())
    })?;
    Ok(out)
}

fn utf8(bytes: &[u8]) -> Result<&str> {
    std::str::from_utf8(bytes).map_err(|e| read::Error::new(format!("the document is not UTF-8: {e}"), e.valid_up_to()))
}

/// Writes a value as a compact document.
pub(crate) fn to_string<T: WriteJson + ?Sized>(value: &T) -> String {
    let mut w = Writer::default();
    value.write(&mut w);
    w.into_string()
}

impl Reader<'_> {
    /// An optional member: `null` is absent.
    #[inline(always)]
    pub(crate) fn opt<T: ReadJson>(&mut self) -> Result<Option<T>> {
        if self.null() {
            Ok(None)
        } else {
            T::read(self).map(Some)
        }
    }

    /// A member stored without `Option`: `null` leaves the zero value.
    pub(crate) fn or_default<T: ReadJson + Default>(&mut self) -> Result<T> {
        Ok(self.opt()?.unwrap_or_default())
    }

    /// A string enum: any string, known or not.
    pub(crate) fn enum_value<T: for<'s> From<&'s str>>(&mut self) -> Result<T> {
        self.with_string(|s| T::from(s))
    }
}

impl ReadJson for String {
    #[inline(always)]
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        r.owned_string()
    }
}

impl ReadJson for bool {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        r.bool()
    }
}

impl ReadJson for i32 {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let text = r.number()?;
        text.parse().map_err(|_| r.error(format!("expected a 32-bit integer, found {text}")))
    }
}

impl ReadJson for DateTime {
    /// Epoch seconds, whole or with a fraction or exponent.
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        // Services send plain numbers (`1515531487`, `1.515531487E9`): read in one pass.
        if let Some(number) = r.short_decimal() {
            let parsed = scaled(number.negative, number.digits, number.scale).and_then(|(n, s, m)| DateTime::from_parts(n, s, m));
            return parsed.ok_or_else(|| r.error(format!("timestamp {} is out of range", number.text)));
        }
        read_epoch(r)
    }
}

/// Epoch seconds in any JSON number form, through [`Reader::decimal`].
fn read_epoch(r: &mut Reader<'_>) -> Result<DateTime> {
    let number = r.decimal().map_err(|_| r.error("expected a timestamp in epoch seconds"))?;
    let parsed = match epoch_parts(&number) {
        Some((negative, secs, micros)) => DateTime::from_parts(negative, secs, micros),
        None => number.text.parse().ok().and_then(DateTime::from_secs_f64),
    };
    parsed.ok_or_else(|| r.error(format!("timestamp {} is out of range", number.text)))
}

/// Epoch seconds as sign, whole seconds and microseconds, rounded half away from zero like
/// [`DateTime::from_secs_f64`] but exactly: the digits are one integer scaled by a power of
/// ten. `None` when that may not fit in 64 bits (more than 18 digits, a large exponent);
/// the caller then goes through `f64`.
fn epoch_parts(number: &read::Decimal<'_>) -> Option<(bool, u64, u32)> {
    if number.int.len() + number.fraction.len() > 18 {
        return None;
    }
    let digits = number.int.iter().chain(number.fraction).fold(0u64, |n, &b| n * 10 + u64::from(b - b'0'));
    let mut exponent = 0i32;
    if let Some((negative, text)) = number.exponent {
        for &b in text {
            exponent = exponent * 10 + i32::from(b - b'0');
            if exponent > 999 {
                return None;
            }
        }
        if negative {
            exponent = -exponent;
        }
    }
    let fraction = number.fraction.len() as i32; // at most 18
    scaled(number.negative, digits, exponent - fraction)
}

/// `digits * 10^scale` seconds as sign, whole seconds and microseconds (rounded half away
/// from zero); `None` when the seconds do not fit in 64 bits.
fn scaled(negative: bool, digits: u64, scale: i32) -> Option<(bool, u64, u32)> {
    let pow10 = |k: u32| 10u64.checked_pow(k);
    let (secs, micros) = if digits == 0 {
        (0, 0)
    } else if scale >= 0 {
        (digits.checked_mul(pow10(scale.unsigned_abs())?)?, 0)
    } else {
        // `rest` is the fraction of a second in units of 10^-k.
        let k = scale.unsigned_abs();
        let (secs, rest) = match pow10(k) {
            Some(p) => (digits / p, digits % p),
            None => (0, digits), // digits < 10^18 < 10^k: no whole seconds
        };
        let micros = if k <= 6 {
            rest * pow10(6 - k)?
        } else {
            match pow10(k - 6) {
                Some(q) => (rest + q / 2) / q,
                None => 0,
            }
        };
        if micros == 1_000_000 {
            (secs + 1, 0)
        } else {
            (secs, micros)
        }
    };
    Some((negative, secs, micros as u32))
}

/// A recursive structure's member (only structures are boxed).
impl<T: ReadMembers> ReadMembers for Box<T> {
    fn read_members(&mut self, r: &mut Reader<'_>) -> Result<()> {
        T::read_members(self, r)
    }
}

impl<T: WriteJson> WriteJson for Box<T> {
    fn write(&self, w: &mut Writer) {
        T::write(self, w)
    }
}

impl<T: ReadJson> ReadJson for Vec<T> {
    /// A list that is a member of the document's top-level object (a page of results) gets
    /// room, after its first element, for as many more as would fit in the rest of the
    /// document at that element's size (at most 100): one allocation rather than a chain of
    /// doublings. Nested lists grow as usual. The elements after the first are read onto
    /// the list (`ReadJson::read_onto`). A `null` entry is skipped (awsJson lists are
    /// dense; aws-sdk-rust drops them too).
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let mut out = Vec::new();
        r.array(|r| {
            if r.null() {
                return Ok(());
            }
            if out.capacity() != 0 {
                return T::read_onto(&mut out, r);
            }
            let start = r.position();
            let value = T::read(r)?;
            if r.depth() <= 2 {
                let len = (r.position() - start).max(1);
                out.reserve_exact(1 + (r.remaining() / len).min(100));
            }
            out.push(value);
            Ok(())
        })?;
        Ok(out)
    }
}

impl WriteJson for str {
    fn write(&self, w: &mut Writer) {
        w.string(self);
    }
}

impl WriteJson for String {
    fn write(&self, w: &mut Writer) {
        w.string(self);
    }
}

impl WriteJson for bool {
    fn write(&self, w: &mut Writer) {
        w.raw(if *self { "true" } else { "false" });
    }
}

impl WriteJson for i32 {
    fn write(&self, w: &mut Writer) {
        w.raw(&self.to_string());
    }
}

impl WriteJson for DateTime {
    /// Whole seconds as an integer, otherwise seconds with a decimal fraction.
    fn write(&self, w: &mut Writer) {
        if self.subsec_nanos() == 0 {
            w.raw(&self.secs().to_string());
        } else {
            w.raw(&self.as_secs_f64().to_string());
        }
    }
}

impl<T: WriteJson> WriteJson for Vec<T> {
    fn write(&self, w: &mut Writer) {
        w.raw("[");
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                w.raw(",");
            }
            v.write(w);
        }
        w.raw("]");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn null_list_entries_are_skipped_and_boxes_read_through() {
        let list: Vec<String> = from_str(r#"["a", null, "b"]"#).unwrap();
        assert_eq!(list, ["a", "b"]);
        let nested: Vec<Vec<i32>> = from_str("[[1, null], null, [2]]").unwrap();
        assert_eq!(nested, [vec![1], vec![2]]);
        let boxed: Box<Sample> = from_str(r#"{"Name": "x"}"#).unwrap();
        assert_eq!(boxed.name.as_deref(), Some("x"));
        assert_eq!(to_string(&boxed), r#"{"Name":"x","Count":0}"#);
    }

    /// The integer path agrees with the `f64` one wherever `f64` is exact enough, and
    /// rounds exactly where it is not.
    #[test]
    fn epoch_seconds_in_integers() {
        let read = |text: &str| from_str::<DateTime>(text).map(|t| (t.secs(), t.subsec_nanos()));
        for text in ["1515531487", "1.515531487E9", "1515531487.123", "1515531487.5", "-1.5", "0", "-0.0", "2.5e-1", "1E3", "12e+2"] {
            let via_f64 = DateTime::from_secs_f64(text.parse().unwrap()).unwrap();
            assert_eq!(read(text), Ok((via_f64.secs(), via_f64.subsec_nanos())), "{text}");
        }
        assert_eq!(read("1515531487.1234565"), Ok((1515531487, 123_457_000)));
        assert_eq!(read("-1515531487.1234565"), Ok((-1515531488, 876_543_000)));
        assert_eq!(read("0.0000004"), Ok((0, 0)));
        assert_eq!(read("1.9999996"), Ok((2, 0)));
        assert_eq!(read("-0.0000005"), Ok((-1, 999_999_000)));
        assert_eq!(read("123456789012345678e-22"), Ok((0, 12_000)));
        assert_eq!(read("1e-20"), Ok((0, 0)));
        assert_eq!(read("1e-400"), Ok((0, 0)));
        assert_eq!(read("1e15"), Ok((1_000_000_000_000_000, 0)));
        assert!(read("1.0000000001e15").is_err());
        assert!(read("-2e15").is_err());
        assert!(read("1e400").is_err());
        assert_eq!(read("0e400"), Ok((0, 0)));
        // Beyond 18 digits the f64 path takes over.
        assert_eq!(read("1515531487.12345678901234"), Ok((1515531487, 123_457_000)));
    }

    /// The one-pass reader of short numbers and the general one agree: same value, same
    /// error or not, same bytes consumed.
    #[test]
    fn short_timestamps_read_as_the_general_reader_does() {
        let cases = [
            "1515531487",
            "1.515531487E9",
            "1515531487.123",
            "-1.5",
            "0",
            "-0",
            "-0.0",
            "0.5",
            "2.5e-1",
            "1E3",
            "12e+2",
            "1e-999",
            "1e999",
            "0e999",
            "1e1000",
            "123456789012345678",
            "1234567890123456789",
            "12345678901234567.8",
            "1.23456789012345678",
            "01",
            "00.5",
            "-",
            "1.",
            ".5",
            "1e",
            "1e+",
            "1.5x",
            "1E0009",
            " 1",
            "1,",
            "1]",
            "-01",
            "1e15",
            "1e16",
            "-1e15",
        ];
        for text in cases {
            let (mut fast, mut general) = (Reader::new(text.as_bytes()), Reader::new(text.as_bytes()));
            let a = DateTime::read(&mut fast).ok();
            let b = super::read_epoch(&mut general).ok();
            assert_eq!(a, b, "{text}");
            if a.is_some() {
                assert_eq!(fast.position(), general.position(), "{text}");
            }
        }
    }

    #[derive(Debug, Default, PartialEq)]
    struct Sample {
        name: Option<String>,
        count: i32,
        tags: Option<Vec<String>>,
        when: Option<DateTime>,
        ok: Option<bool>,
    }

    impl ReadMembers for Sample {
        fn read_members(&mut self, r: &mut Reader<'_>) -> Result<()> {
            r.object(|r, key| {
                match key {
                    "Name" => self.name = r.opt()?,
                    "Count" => self.count = r.or_default()?,
                    "Tags" => self.tags = r.opt()?,
                    "When" => self.when = r.opt()?,
                    "Ok" => self.ok = r.opt()?,
                    _ => r.skip()?,
                }
                Ok(())
            })
        }
    }

    impl WriteJson for Sample {
        fn write(&self, w: &mut Writer) {
            let mut o = w.object();
            o.opt("Name", &self.name);
            o.field("Count", &self.count);
            o.opt("Tags", &self.tags);
            o.opt("When", &self.when);
            o.opt("Ok", &self.ok);
            o.end();
        }
    }

    #[test]
    fn reads_members_skips_unknown_and_null() {
        let text = r#" { "Unknown": {"a": [1, 2.5e3, -0.5, true, null, "x\"y"]}, "Name": "a\u00e9\ud83d\ude00\n\/",
            "Count": 7, "Tags": ["x", "y"], "When": 1.5e9, "Ok": null } "#;
        let s: Sample = from_str(text).unwrap();
        assert_eq!(s.name.as_deref(), Some("aé😀\n/"));
        assert_eq!(s.count, 7);
        assert_eq!(s.tags, Some(vec!["x".to_owned(), "y".to_owned()]));
        assert_eq!(s.when, Some(DateTime::from_secs(1_500_000_000)));
        assert_eq!(s.ok, None);
        assert_eq!(from_str::<Sample>(r#"{"Count": null}"#).unwrap(), Sample::default());
    }

    /// Structures after a list's first are read in the list's own memory: each starts from
    /// the default (nothing of the one before leaks into it), and a broken one fails the list.
    #[test]
    fn lists_of_structures_read_each_element_from_the_default() {
        let list: Vec<Sample> = from_str(r#"[{"Name": "a", "Count": 1}, null, {"Count": 2}, {}, {"Tags": []}]"#).unwrap();
        let expected = [
            Sample { name: Some("a".into()), count: 1, ..Sample::default() },
            Sample { count: 2, ..Sample::default() },
            Sample::default(),
            Sample { tags: Some(vec![]), ..Sample::default() },
        ];
        assert_eq!(list, expected);
        let err = from_str::<Vec<Sample>>(r#"[{"Name": "a"}, {"Name": "b"}, {"Name": 3}]"#).unwrap_err();
        assert!(err.to_string().contains("string"), "{err}");
        let top: Vec<Vec<Sample>> = from_str(r#"[[{"Count": 1}, {"Count": 2}], [{"Count": 3}]]"#).unwrap();
        assert_eq!(top.iter().flatten().map(|s| s.count).collect::<Vec<_>>(), [1, 2, 3]);
    }

    #[test]
    fn timestamps() {
        let when = |t: &str| from_str::<Sample>(&format!(r#"{{"When": {t}}}"#)).map(|s| s.when.unwrap());
        assert_eq!(when("1700000000").unwrap(), DateTime::from_secs(1_700_000_000));
        assert_eq!(when("-5").unwrap(), DateTime::from_secs(-5));
        assert_eq!(when("1.25").unwrap(), DateTime::from_secs_and_nanos(1, 250_000_000));
        assert_eq!(when("1.7e9").unwrap(), DateTime::from_secs(1_700_000_000));
        assert!(when(r#""20170228T1215Z""#).unwrap_err().to_string().contains("timestamp"));
        assert!(when("1e400").is_err());
        assert!(when("99999999999999999999").is_err());
    }

    #[test]
    fn rejects_malformed_documents() {
        let bad = [
            "",
            "   ",
            "[]",
            "{",
            "{\"Name\"",
            "{\"Name\":",
            "{\"Name\":\"x",
            "{\"Name\":\"x\"",
            "{\"Name\":\"x\",}",
            "{\"Name\" \"x\"}",
            "{\"Count\": 1.5}",
            "{\"Count\": 3000000000}",
            "{\"Count\": 01}",
            "{\"Count\": -}",
            "{\"Count\": 1.}",
            "{\"Count\": 1e}",
            "{\"Count\": \"1\"}",
            "{\"Name\": 5}",
            "{\"Name\": \"a\\x\"}",
            "{\"Name\": \"a\\u12\"}",
            "{\"Name\": \"\\ud800\"}",
            "{\"Name\": \"\\udc00\"}",
            "{\"Name\": \"tab\there\"}",
            "{\"Tags\": [\"x\" \"y\"]}",
            "{\"Ok\": tru}",
            "{\"X\": nul}",
            "{} {}",
            "{}x",
        ];
        for text in bad {
            assert!(from_str::<Sample>(text).is_err(), "accepted {text:?}");
        }
        let deep = "[".repeat(100_000);
        let err = from_str::<Sample>(&format!("{{\"X\":{deep}}}")).unwrap_err();
        assert!(err.to_string().contains("nesting too deep"), "{err}");
        let err = from_str::<Sample>("{\"Name\": 5}").unwrap_err();
        assert_eq!(err.to_string(), "expected a string at byte 9");
    }

    #[test]
    fn writes_compact_escaped_json() {
        let s = Sample {
            name: Some("q\"b\\n\n\u{1}é".to_owned()),
            count: -3,
            tags: Some(vec!["a".into(), "b".into()]),
            when: Some(DateTime::from_secs_and_nanos(5, 250_000_000)),
            ok: Some(true),
        };
        let text = to_string(&s);
        assert_eq!(text, r#"{"Name":"q\"b\\n\n\u0001é","Count":-3,"Tags":["a","b"],"When":5.25,"Ok":true}"#);
        assert_eq!(from_str::<Sample>(&text).unwrap(), s);
        assert_eq!(to_string(&Sample::default()), r#"{"Count":0}"#);
        assert_eq!(to_string(&DateTime::from_secs(7)), "7");
    }

    #[test]
    fn timestamp_wire_forms() {
        let parse = |s: &str| from_str::<DateTime>(s);
        assert_eq!(parse("1515531487").unwrap(), DateTime::from_secs(1_515_531_487));
        assert_eq!(parse("1.515531487E9").unwrap(), DateTime::from_secs(1_515_531_487));
        assert_eq!(parse("1515531487.125").unwrap(), DateTime::from_secs_and_nanos(1_515_531_487, 125_000_000));
        assert!(parse("\"x\"").is_err());
        assert!(parse("1e400").is_err());
        assert_eq!(to_string(&DateTime::from_secs(5)), "5");
        assert_eq!(to_string(&DateTime::from_secs_and_nanos(5, 250_000_000)), "5.25");
    }
}
