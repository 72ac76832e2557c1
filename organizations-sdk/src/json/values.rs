//! `ReadJson`/`WriteJson` for the rest of the awsJson shape vocabulary: `long`, `float`,
//! `double`, `blob`, `map`, `document`, and timestamps in the formats other than epoch
//! seconds. What awsJson puts on the wire for each (the Smithy awsJson1.1 protocol
//! specification, "Shape serialization"):
//!
//! | shape | wire |
//! |---|---|
//! | `long` | a JSON number |
//! | `float`, `double` | a JSON number, or the strings `"NaN"`, `"Infinity"`, `"-Infinity"` |
//! | `blob` | a base64 string |
//! | `map` | a JSON object (string keys) |
//! | `document` | any JSON value |
//! | `timestamp` | epoch seconds by default; `date-time` and `http-date` as strings |

use super::{ReadJson, Reader, Result, WriteJson, Writer};
use crate::primitives::{Blob, DateTime, Document, Number, TimestampFormat};
use std::collections::HashMap;

impl ReadJson for i64 {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let text = r.number()?;
        text.parse().map_err(|_| r.error(format!("expected a 64-bit integer, found {text}")))
    }
}

impl WriteJson for i64 {
    fn write(&self, w: &mut Writer) {
        w.raw(itoa::Buffer::new().format(*self));
    }
}

/// A float: a number, or one of the strings awsJson uses for the non-finite values.
fn read_float(r: &mut Reader<'_>) -> Result<f64> {
    if r.string_next() {
        return match &*r.string()? {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            other => Err(r.error(format!("expected a number, found the string {other:?}"))),
        };
    }
    let text = r.number()?;
    text.parse().map_err(|_| r.error(format!("expected a number, found {text}")))
}

fn write_float(w: &mut Writer, v: f64, text: impl FnOnce() -> String) {
    if v.is_nan() {
        w.string("NaN");
    } else if v.is_infinite() {
        w.string(if v > 0.0 { "Infinity" } else { "-Infinity" });
    } else {
        w.raw(&text());
    }
}

impl ReadJson for f64 {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        read_float(r)
    }
}

impl WriteJson for f64 {
    fn write(&self, w: &mut Writer) {
        write_float(w, *self, || format!("{self:?}"));
    }
}

impl ReadJson for f32 {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        read_float(r).map(|v| v as f32)
    }
}

impl WriteJson for f32 {
    fn write(&self, w: &mut Writer) {
        write_float(w, f64::from(*self), || format!("{self:?}"));
    }
}

impl ReadJson for Blob {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let text = r.string()?;
        Blob::from_base64(&text).ok_or_else(|| r.error("expected base64 data"))
    }
}

impl WriteJson for Blob {
    fn write(&self, w: &mut Writer) {
        w.string(&self.to_base64());
    }
}

impl<T: ReadJson> ReadJson for HashMap<String, T> {
    /// An object; `null` values are left out (maps in the model are dense).
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        let mut out = HashMap::new();
        r.object(|r, key| {
            if let Some(v) = r.opt()? {
                out.insert(key.to_owned(), v);
            }
            Ok(())
        })?;
        Ok(out)
    }
}

impl<T: WriteJson> WriteJson for HashMap<String, T> {
    /// An object with its keys sorted, so that a request is the same bytes every time.
    fn write(&self, w: &mut Writer) {
        let mut keys: Vec<&String> = self.keys().collect();
        keys.sort();
        let mut o = w.object();
        for k in keys {
            o.field(k, &self[k]);
        }
        o.end();
    }
}

impl ReadJson for Document {
    fn read(r: &mut Reader<'_>) -> Result<Self> {
        if r.null() {
            return Ok(Document::Null);
        }
        if r.string_next() {
            return Ok(Document::String(r.string()?.into_owned()));
        }
        match r.peek_byte() {
            Some(b'{') => {
                let mut out = HashMap::new();
                r.object(|r, key| {
                    out.insert(key.to_owned(), Document::read(r)?);
                    Ok(())
                })?;
                Ok(Document::Object(out))
            }
            Some(b'[') => {
                let mut out = Vec::new();
                r.array(|r| {
                    out.push(Document::read(r)?);
                    Ok(())
                })?;
                Ok(Document::Array(out))
            }
            Some(b't' | b'f') => r.bool().map(Document::Bool),
            _ => {
                let d = r.decimal()?;
                let number = match (d.fraction.is_empty() && d.exponent.is_none(), d.negative) {
                    (true, false) => d.text.parse().ok().map(Number::PosInt),
                    (true, true) => d.text.parse().ok().map(Number::NegInt),
                    _ => None,
                };
                let number = match number {
                    Some(n) => n,
                    None => Number::Float(d.text.parse().map_err(|_| r.error("invalid number"))?),
                };
                Ok(Document::Number(number))
            }
        }
    }
}

impl WriteJson for Document {
    fn write(&self, w: &mut Writer) {
        match self {
            Document::Null => w.raw("null"),
            Document::Bool(b) => b.write(w),
            Document::Number(Number::PosInt(n)) => w.raw(itoa::Buffer::new().format(*n)),
            Document::Number(Number::NegInt(n)) => w.raw(itoa::Buffer::new().format(*n)),
            // JSON has no NaN or infinity: a document carries them as null.
            Document::Number(Number::Float(f)) if !f.is_finite() => w.raw("null"),
            Document::Number(Number::Float(f)) => w.raw(&format!("{f:?}")),
            Document::String(s) => w.string(s),
            Document::Array(items) => {
                w.raw("[");
                for (i, v) in items.iter().enumerate() {
                    if i > 0 {
                        w.raw(",");
                    }
                    v.write(w);
                }
                w.raw("]");
            }
            Document::Object(map) => map.write(w),
        }
    }
}

/// A timestamp in the given wire format (epoch seconds, RFC 3339 or IMF-fixdate).
#[allow(dead_code)] // generated code calls it for formatted timestamps; Organizations has none
pub(crate) fn read_timestamp(r: &mut Reader<'_>, format: TimestampFormat) -> Result<DateTime> {
    let parse = match format {
        TimestampFormat::EpochSeconds => return DateTime::read(r),
        TimestampFormat::DateTime => DateTime::from_rfc3339,
        TimestampFormat::HttpDate => DateTime::from_http_date,
    };
    let text = r.string()?;
    parse(&text).ok_or_else(|| r.error(format!("expected a {format:?} timestamp, found {text:?}")))
}

/// Writes a timestamp in the given wire format.
#[allow(dead_code)] // generated code calls it for formatted timestamps; Organizations has none
pub(crate) fn write_timestamp(w: &mut Writer, t: &DateTime, format: TimestampFormat) {
    match format {
        TimestampFormat::EpochSeconds => t.write(w),
        TimestampFormat::DateTime => w.string(&t.to_string()),
        TimestampFormat::HttpDate => w.string(&t.to_http_date()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{from_str, to_string};

    #[test]
    fn longs_and_floats() {
        assert_eq!(from_str::<i64>("9007199254740993").unwrap(), 9_007_199_254_740_993);
        assert_eq!(to_string(&-9_007_199_254_740_993i64), "-9007199254740993");
        assert!(from_str::<i64>("1.5").is_err());
        assert_eq!(from_str::<f64>("1.5e3").unwrap(), 1500.0);
        assert!(from_str::<f64>("\"NaN\"").unwrap().is_nan());
        assert_eq!(from_str::<f64>("\"-Infinity\"").unwrap(), f64::NEG_INFINITY);
        assert!(from_str::<f64>("\"nan\"").is_err());
        assert_eq!(to_string(&f64::INFINITY), "\"Infinity\"");
        assert_eq!(to_string(&f32::NAN), "\"NaN\"");
        assert_eq!(to_string(&0.1f32), "0.1");
        assert_eq!(to_string(&2.0f64), "2.0");
    }

    #[test]
    fn blobs_maps_documents() {
        assert_eq!(from_str::<Blob>("\"aGk=\"").unwrap(), Blob::new(&b"hi"[..]));
        assert!(from_str::<Blob>("\"a!\"").is_err());
        let m: HashMap<String, i64> = from_str(r#"{"b":2,"a":1,"c":null}"#).unwrap();
        assert_eq!(m.len(), 2);
        assert_eq!(to_string(&m), r#"{"a":1,"b":2}"#);
        let text = r#"{"a":[1,-2,1.5,"s",true,null,{}]}"#;
        let d: Document = from_str(text).unwrap();
        assert_eq!(to_string(&d), text);
        assert!(from_str::<Document>("{\"a\":}").is_err());
    }

    #[test]
    fn timestamp_formats() {
        let t = DateTime::from_secs(1_515_531_487);
        for (format, wire) in [
            (TimestampFormat::EpochSeconds, "1515531487"),
            (TimestampFormat::DateTime, "\"2018-01-09T20:58:07Z\""),
            (TimestampFormat::HttpDate, "\"Tue, 09 Jan 2018 20:58:07 GMT\""),
        ] {
            let mut w = Writer::default();
            write_timestamp(&mut w, &t, format);
            assert_eq!(w.into_string(), wire);
            let mut r = Reader::new(wire.as_bytes());
            assert_eq!(read_timestamp(&mut r, format).unwrap(), t, "{format:?}");
        }
        let mut r = Reader::new(b"\"yesterday\"");
        assert!(read_timestamp(&mut r, TimestampFormat::DateTime).is_err());
    }
}
