//! JSON for the wire: a pull reader, a compact writer, and the two traits the generated
//! code implements for every type an operation sends (`WriteJson`) or receives
//! (`ReadJson`). Unknown members are skipped, `null` reads as absent, a required member
//! that is missing keeps its zero value, and unknown enum values are kept.
//!
//! serde is not involved: the generated impls are plain code, which keeps the default build
//! free of proc macros and the response path free of visitor indirection. (The optional
//! `serde` feature adds `Serialize`/`Deserialize` for users' own (de)serialization.)

mod read;
mod write;

pub(crate) use read::{Reader, Result};
pub(crate) use write::Writer;

use crate::primitives::DateTime;

/// A type read from the wire.
pub(crate) trait ReadJson: Sized {
    fn read(r: &mut Reader<'_>) -> Result<Self>;
}

/// A type written to the wire.
pub(crate) trait WriteJson {
    fn write(&self, w: &mut Writer);
}

/// Reads a whole document: one value and nothing but whitespace after it.
pub(crate) fn from_str<T: ReadJson>(text: &str) -> Result<T> {
    let mut r = Reader::new(text);
    let value = T::read(&mut r)?;
    r.end()?;
    Ok(value)
}

/// Reads a whole document from bytes, which must be UTF-8.
pub(crate) fn from_slice<T: ReadJson>(bytes: &[u8]) -> Result<T> {
    from_str(utf8(bytes)?)
}

/// Reads a whole document that is one object, handing each member to `member` (which must
/// consume the value): for the few ad-hoc documents that have no generated type.
pub(crate) fn read_object(bytes: &[u8], member: impl FnMut(&mut Reader<'_>, &str) -> Result<()>) -> Result<()> {
    let mut r = Reader::new(utf8(bytes)?);
    r.object(member)?;
    r.end()
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
        Ok(T::from(&self.string()?))
    }
}

impl ReadJson for String {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        r.string().map(|s| s.into_owned())
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
        let text = r.number().map_err(|_| r.error("expected a timestamp in epoch seconds"))?;
        let parsed = if text.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
            text.parse().ok().map(DateTime::from_secs)
        } else {
            text.parse().ok().and_then(DateTime::from_secs_f64)
        };
        parsed.ok_or_else(|| r.error(format!("timestamp {text} is out of range")))
    }
}

impl<T: ReadJson> ReadJson for Vec<T> {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let mut out = Vec::new();
        r.array(|r| {
            out.push(T::read(r)?);
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

    #[derive(Debug, Default, PartialEq)]
    struct Sample {
        name: Option<String>,
        count: i32,
        tags: Option<Vec<String>>,
        when: Option<DateTime>,
        ok: Option<bool>,
    }

    impl ReadJson for Sample {
        fn read(r: &mut Reader<'_>) -> Result<Self> {
            let mut out = Self::default();
            r.object(|r, key| {
                match key {
                    "Name" => out.name = r.opt()?,
                    "Count" => out.count = r.or_default()?,
                    "Tags" => out.tags = r.opt()?,
                    "When" => out.when = r.opt()?,
                    "Ok" => out.ok = r.opt()?,
                    _ => r.skip()?,
                }
                Ok(())
            })?;
            Ok(out)
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
            "{\"Tags\": [null]}",
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
}
