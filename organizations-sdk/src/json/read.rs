//! A pull reader over one JSON document held in memory.
//!
//! The generated `ReadMembers` and `ReadJson` impls drive it: `object` hands each key to a
//! closure that reads the value it wants or calls `skip`. Strings without escapes are
//! borrowed from the input; nesting is limited so hostile input cannot exhaust the stack.
//!
//! A document read from bytes is checked for UTF-8 as it is read, not up front: outside
//! strings JSON's grammar is ASCII (any other byte is a syntax error), and inside a string
//! the scan that finds its end also finds any byte of 0x80 or above, so only strings that
//! have one go through `std::str::from_utf8`. Invalid UTF-8 anywhere, in a skipped value
//! too, is still an error.

use std::borrow::Cow;
use std::fmt;

/// Deeper nesting than this is rejected (serde_json uses the same limit).
const MAX_DEPTH: u32 = 128;

/// A JSON number's parts: sign, integer digits, fraction digits, exponent sign and digits.
pub(crate) struct Decimal<'a> {
    pub(crate) text: &'a str,
    pub(crate) negative: bool,
    pub(crate) int: &'a [u8],
    pub(crate) fraction: &'a [u8],
    pub(crate) exponent: Option<(bool, &'a [u8])>,
}

/// A number of at most 18 significant digits and a small exponent, read in one pass:
/// `digits * 10^scale`.
pub(crate) struct ShortDecimal<'a> {
    pub(crate) text: &'a str,
    pub(crate) negative: bool,
    pub(crate) digits: u64,
    pub(crate) scale: i32,
}

/// Why a document could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    message: Cow<'static, str>,
    offset: usize,
}

impl Error {
    pub(crate) fn new(message: impl Into<Cow<'static, str>>, offset: usize) -> Self {
        Self { message: message.into(), offset }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.message, self.offset)
    }
}

impl std::error::Error for Error {}

pub(crate) type Result<T> = std::result::Result<T, Error>;

/// The reader: a position in a document.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
    depth: u32,
}

impl<'a> Reader<'a> {
    /// A reader over bytes that should be UTF-8 (checked as strings are read).
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, pos: 0, depth: 0 }
    }

    /// `bytes[start..end]`, seen by the caller to be ASCII, as text.
    #[inline(always)]
    fn ascii(&self, start: usize, end: usize) -> &'a str {
        let run = &self.bytes[start..end];
        debug_assert!(run.is_ascii());
        // SAFETY: the callers pass runs whose every byte is below 0x80 — a string's run as
        // `plain_run::<true>` measured it (it stops at any other byte), or a number's
        // signs, digits, point and exponent — and ASCII is UTF-8.
        unsafe { std::str::from_utf8_unchecked(run) }
    }

    /// `bytes[start..end]` as text, or an error where it stops being UTF-8.
    fn utf8(&self, start: usize, end: usize) -> Result<&'a str> {
        std::str::from_utf8(&self.bytes[start..end]).map_err(|e| Error::new("invalid UTF-8 in a string", start + e.valid_up_to()))
    }

    /// Bytes consumed so far.
    pub(crate) fn position(&self) -> usize {
        self.pos
    }

    /// How many objects and arrays enclose the current position.
    pub(crate) fn depth(&self) -> u32 {
        self.depth
    }

    /// Bytes not yet consumed.
    pub(crate) fn remaining(&self) -> usize {
        self.bytes.len() - self.pos
    }

    pub(crate) fn error(&self, message: impl Into<Cow<'static, str>>) -> Error {
        Error::new(message, self.pos)
    }

    /// The next non-whitespace byte, not consumed.
    #[inline]
    fn peek(&mut self) -> Option<u8> {
        // Service responses are compact: the next byte is rarely whitespace.
        match self.bytes.get(self.pos) {
            Some(&b) if b > b' ' => Some(b),
            _ => self.skip_whitespace(),
        }
    }

    /// The next non-whitespace byte, not consumed (for readers that dispatch on it).
    pub(crate) fn peek_byte(&mut self) -> Option<u8> {
        self.peek()
    }

    fn skip_whitespace(&mut self) -> Option<u8> {
        let bytes = self.bytes;
        while let Some(&b) = bytes.get(self.pos) {
            if !matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
                return Some(b);
            }
            self.pos += 1;
        }
        None
    }

    #[inline]
    fn eat(&mut self, byte: u8, what: &'static str) -> Result<()> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.unexpected(what))
        }
    }

    fn unexpected(&mut self, what: &'static str) -> Error {
        match self.peek() {
            None => self.error(format!("expected {what}, found the end of the document")),
            Some(_) => self.error(format!("expected {what}")),
        }
    }

    fn literal(&mut self, word: &'static str) -> bool {
        if self.bytes[self.pos..].starts_with(word.as_bytes()) {
            self.pos += word.len();
            true
        } else {
            false
        }
    }

    /// Only whitespace may follow the value just read.
    pub(crate) fn end(&mut self) -> Result<()> {
        match self.peek() {
            None => Ok(()),
            Some(_) => Err(self.error("trailing characters after the JSON value")),
        }
    }

    /// Is a string next?
    pub(crate) fn string_next(&mut self) -> bool {
        self.peek() == Some(b'"')
    }

    /// Consumes a `null` if one is next.
    pub(crate) fn null(&mut self) -> bool {
        self.peek() == Some(b'n') && self.literal("null")
    }

    fn enter(&mut self) -> Result<()> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error("nesting too deep"));
        }
        Ok(())
    }

    /// Reads an object, calling `member` with each key; `member` must consume the value.
    pub(crate) fn object(&mut self, mut member: impl FnMut(&mut Self, &str) -> Result<()>) -> Result<()> {
        self.object_dyn(&mut member)
    }

    /// The loop of [`Self::object`], compiled once rather than once per generated type.
    fn object_dyn(&mut self, member: &mut dyn FnMut(&mut Self, &str) -> Result<()>) -> Result<()> {
        if !self.open_object()? {
            return Ok(());
        }
        loop {
            match self.plain_key() {
                Some(key) => member(self, key)?,
                None => {
                    let key = self.key_slow()?;
                    member(self, &key)?;
                }
            }
            if !self.next_member()? {
                return Ok(());
            }
        }
    }

    /// `{`, and whether a member follows (else `}` is consumed too).
    fn open_object(&mut self) -> Result<bool> {
        self.eat(b'{', "an object")?;
        self.enter()?;
        if self.peek() == Some(b'}') {
            self.pos += 1;
            self.depth -= 1;
            return Ok(false);
        }
        Ok(true)
    }

    /// A member's key and the `:` right after it, when the key is plain ASCII (no escapes)
    /// and nothing is in between: `None`, consuming nothing, for anything else.
    #[inline(always)]
    fn plain_key(&mut self) -> Option<&'a str> {
        let (start, end) = self.plain_span()?;
        if self.bytes.get(end + 1) != Some(&b':') {
            return None;
        }
        self.pos = end + 2;
        Some(self.ascii(start, end))
    }

    /// Any key and its `:` (whitespace, escapes, errors).
    #[cold]
    #[inline(never)]
    fn key_slow(&mut self) -> Result<Cow<'a, str>> {
        let key = self.string()?;
        self.eat(b':', "':'")?;
        Ok(key)
    }

    /// After a member's value: `,` (true: another member follows) or `}` (false).
    #[inline(always)]
    fn next_member(&mut self) -> Result<bool> {
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Ok(true)
            }
            Some(b'}') => {
                self.pos += 1;
                self.depth -= 1;
                Ok(false)
            }
            _ => Err(self.unexpected("',' or '}'")),
        }
    }

    /// Reads an array, calling `element` once per element; `element` must consume it.
    pub(crate) fn array(&mut self, mut element: impl FnMut(&mut Self) -> Result<()>) -> Result<()> {
        self.eat(b'[', "an array")?;
        self.enter()?;
        if self.peek() == Some(b']') {
            self.pos += 1;
        } else {
            loop {
                element(self)?;
                match self.peek() {
                    Some(b',') => self.pos += 1,
                    Some(b']') => {
                        self.pos += 1;
                        break;
                    }
                    _ => return Err(self.unexpected("',' or ']'")),
                }
            }
        }
        self.depth -= 1;
        Ok(())
    }

    /// Reads a string, borrowing it when it has no escapes.
    #[inline(always)]
    pub(crate) fn string(&mut self) -> Result<Cow<'a, str>> {
        match self.plain_string() {
            Some(s) => Ok(Cow::Borrowed(s)),
            None => self.string_slow(),
        }
    }

    /// Reads a string into a `String` of its own.
    #[inline(always)]
    pub(crate) fn owned_string(&mut self) -> Result<String> {
        match self.plain_string() {
            Some(s) => Ok(s.to_owned()),
            None => self.string_slow().map(Cow::into_owned),
        }
    }

    /// Reads a string and hands it to `f` (borrowed: nothing is copied for `f` to look at).
    #[inline(always)]
    pub(crate) fn with_string<T>(&mut self, f: impl FnOnce(&str) -> T) -> Result<T> {
        match self.plain_string() {
            Some(s) => Ok(f(s)),
            None => Ok(f(&self.string_slow()?)),
        }
    }

    /// The plain ASCII string (no escapes) right here, or `None`, consuming nothing.
    #[inline(always)]
    fn plain_string(&mut self) -> Option<&'a str> {
        let (start, end) = self.plain_span()?;
        self.pos = end + 1;
        Some(self.ascii(start, end))
    }

    /// Where the content of a plain ASCII string right here starts and ends (its closing
    /// quote is at `end`), without consuming it.
    #[inline(always)]
    fn plain_span(&self) -> Option<(usize, usize)> {
        if self.bytes.get(self.pos) != Some(&b'"') {
            return None;
        }
        let start = self.pos + 1;
        let end = plain_run::<true>(self.bytes, start);
        (self.bytes.get(end) == Some(&b'"')).then_some((start, end))
    }

    /// Everything but a plain ASCII string right here: leading whitespace, other UTF-8,
    /// escapes, errors.
    #[cold]
    #[inline(never)]
    fn string_slow(&mut self) -> Result<Cow<'a, str>> {
        self.eat(b'"', "a string")?;
        let start = self.pos;
        self.pos = plain_run::<false>(self.bytes, start);
        let run = self.utf8(start, self.pos)?;
        if self.bytes.get(self.pos) == Some(&b'"') {
            self.pos += 1;
            return Ok(Cow::Borrowed(run));
        }
        self.unescape_rest(run.to_owned()).map(Cow::Owned)
    }

    /// The rest of a string that did not end at its first special byte (`pos` is there):
    /// escapes are decoded into `out`; a control character or the end of the document is an
    /// error.
    fn unescape_rest(&mut self, mut out: String) -> Result<String> {
        let bytes = self.bytes;
        loop {
            let run = self.pos;
            self.pos = plain_run::<false>(bytes, run);
            out.push_str(self.utf8(run, self.pos)?);
            match bytes.get(self.pos) {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    let escaped = bytes.get(self.pos).copied();
                    self.pos += 1;
                    match escaped {
                        Some(b'"') => out.push('"'),
                        Some(b'\\') => out.push('\\'),
                        Some(b'/') => out.push('/'),
                        Some(b'b') => out.push('\u{8}'),
                        Some(b'f') => out.push('\u{c}'),
                        Some(b'n') => out.push('\n'),
                        Some(b'r') => out.push('\r'),
                        Some(b't') => out.push('\t'),
                        Some(b'u') => out.push(self.unicode_escape()?),
                        _ => return Err(self.error("invalid escape in a string")),
                    }
                }
                Some(_) => return Err(self.error("control character in a string")),
                None => return Err(self.error("unterminated string")),
            }
        }
    }

    /// After `\u`: four hex digits, and a second `\uXXXX` for a surrogate pair.
    fn unicode_escape(&mut self) -> Result<char> {
        let first = self.hex4()?;
        let code = match first {
            0xD800..=0xDBFF => {
                if !self.literal("\\u") {
                    return Err(self.error("lone leading surrogate in a string"));
                }
                let second = self.hex4()?;
                if !(0xDC00..=0xDFFF).contains(&second) {
                    return Err(self.error("invalid trailing surrogate in a string"));
                }
                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
            }
            0xDC00..=0xDFFF => return Err(self.error("lone trailing surrogate in a string")),
            _ => first,
        };
        char::from_u32(code).ok_or_else(|| self.error("invalid unicode escape"))
    }

    fn hex4(&mut self) -> Result<u32> {
        let digits = self.bytes.get(self.pos..self.pos + 4).ok_or_else(|| self.error("truncated unicode escape"))?;
        let mut value = 0;
        for &d in digits {
            let v = (d as char).to_digit(16).ok_or_else(|| self.error("invalid unicode escape"))?;
            value = value * 16 + v;
        }
        self.pos += 4;
        Ok(value)
    }

    pub(crate) fn bool(&mut self) -> Result<bool> {
        match self.peek() {
            Some(b't') if self.literal("true") => Ok(true),
            Some(b'f') if self.literal("false") => Ok(false),
            _ => Err(self.unexpected("a boolean")),
        }
    }

    /// The text of a number, checked against the JSON grammar.
    pub(crate) fn number(&mut self) -> Result<&'a str> {
        self.decimal().map(|d| d.text)
    }

    /// The number right here if it is short (at most 18 digits, an exponent of at most
    /// three), in one pass; `None`, consuming nothing, for anything else, which
    /// [`Reader::decimal`] then reads or rejects.
    #[inline]
    pub(crate) fn short_decimal(&mut self) -> Option<ShortDecimal<'a>> {
        let bytes = self.bytes;
        let start = self.pos;
        let negative = bytes.get(start) == Some(&b'-');
        let mut pos = start + usize::from(negative);
        // Digits fold into `digits` as they are scanned (wrapping: past 18 digits the value
        // is not used); `pos` ends after the last one.
        let mut digits = 0u64;
        let mut fold = |pos: &mut usize| {
            let from = *pos;
            while let Some(d) = bytes.get(*pos).map(|b| b.wrapping_sub(b'0')).filter(|d| *d < 10) {
                digits = digits.wrapping_mul(10).wrapping_add(u64::from(d));
                *pos += 1;
            }
            *pos - from
        };
        let int_start = pos;
        let int = fold(&mut pos);
        // JSON: an integer part, without leading zeros.
        if int == 0 || int > 18 || (bytes[int_start] == b'0' && int > 1) {
            return None;
        }
        let mut fraction = 0;
        if bytes.get(pos) == Some(&b'.') {
            pos += 1;
            fraction = fold(&mut pos);
            if fraction == 0 || int + fraction > 18 {
                return None;
            }
        }
        let fraction = fraction as i32; // at most 18
        let mut exponent = 0i32;
        if matches!(bytes.get(pos), Some(b'e' | b'E')) {
            pos += 1;
            let exponent_negative = bytes.get(pos) == Some(&b'-');
            pos += usize::from(matches!(bytes.get(pos), Some(b'+' | b'-')));
            let exponent_start = pos;
            while let Some(&b) = bytes.get(pos).filter(|b| b.is_ascii_digit()) {
                exponent = exponent * 10 + i32::from(b - b'0');
                pos += 1;
                if pos - exponent_start > 3 {
                    return None;
                }
            }
            if pos == exponent_start {
                return None;
            }
            if exponent_negative {
                exponent = -exponent;
            }
        }
        self.pos = pos;
        Some(ShortDecimal { text: self.ascii(start, pos), negative, digits, scale: exponent - fraction })
    }

    /// A number checked against the JSON grammar, split into its parts.
    pub(crate) fn decimal(&mut self) -> Result<Decimal<'a>> {
        let bytes = self.bytes;
        if !matches!(self.peek(), Some(b'-' | b'0'..=b'9')) {
            return Err(self.unexpected("a number"));
        }
        let start = self.pos;
        let digits = |pos: &mut usize| {
            let from = *pos;
            while bytes.get(*pos).is_some_and(u8::is_ascii_digit) {
                *pos += 1;
            }
            (*pos > from).then(|| &bytes[from..*pos])
        };
        let mut pos = start;
        let negative = bytes[pos] == b'-';
        pos += usize::from(negative);
        let mut d = Decimal { text: "", negative, int: &[], fraction: &[], exponent: None };
        match digits(&mut pos) {
            Some(int) if int[0] != b'0' || int.len() == 1 => d.int = int,
            _ => {
                self.pos = pos;
                return Err(self.error("invalid number"));
            }
        }
        if bytes.get(pos) == Some(&b'.') {
            pos += 1;
            match digits(&mut pos) {
                Some(fraction) => d.fraction = fraction,
                None => {
                    self.pos = pos;
                    return Err(self.error("invalid number"));
                }
            }
        }
        if matches!(bytes.get(pos), Some(b'e' | b'E')) {
            pos += 1;
            let negative = bytes.get(pos) == Some(&b'-');
            pos += usize::from(matches!(bytes.get(pos), Some(b'+' | b'-')));
            match digits(&mut pos) {
                Some(exponent) => d.exponent = Some((negative, exponent)),
                None => {
                    self.pos = pos;
                    return Err(self.error("invalid number"));
                }
            }
        }
        self.pos = pos;
        d.text = self.ascii(start, pos);
        Ok(d)
    }

    /// Skips one value of any type.
    pub(crate) fn skip(&mut self) -> Result<()> {
        match self.peek() {
            Some(b'{') => self.object(|r, _| r.skip()),
            Some(b'[') => self.array(Self::skip),
            Some(b'"') => self.with_string(|_| ()),
            Some(b't' | b'f') => self.bool().map(drop),
            Some(b'n') if self.null() => Ok(()),
            _ => self.number().map(drop),
        }
    }
}

/// The index of the first `"`, `\\` or control character at or after `from` (or the length);
/// with `ASCII`, of the first byte of 0x80 or above too. Sixteen bytes at a time with SSE2
/// on x86_64, then eight at a time: a byte-wise "has zero" / "has less than" test on a
/// `u64`, whose lowest flagged byte is always a real match (high bits are exact).
#[inline(always)]
fn plain_run<const ASCII: bool>(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = ONES * 0x80;
    let mut i = from;
    #[cfg(target_arch = "x86_64")]
    while let Some(chunk) = bytes.get(i..i + 16) {
        match specials16::<ASCII>(chunk.try_into().expect("sixteen bytes")) {
            0 => i += 16,
            mask => return i + mask.trailing_zeros() as usize,
        }
    }
    while let Some(chunk) = bytes.get(i..i + 8) {
        let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        let quote = w ^ (ONES * u64::from(b'"'));
        let backslash = w ^ (ONES * u64::from(b'\\'));
        let found = (quote.wrapping_sub(ONES) & !quote) | (backslash.wrapping_sub(ONES) & !backslash) | (w.wrapping_sub(ONES * 0x20) & !w);
        let found = (found | if ASCII { w } else { 0 }) & HIGH;
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while bytes.get(i).is_some_and(|&b| b != b'"' && b != b'\\' && b >= 0x20 && (!ASCII || b < 0x80)) {
        i += 1;
    }
    i
}

/// Bit `k` is set when byte `k` is `"`, `\\` or below 0x20 (with `ASCII`, or 0x80 or
/// above). SSE2 is part of the x86_64 baseline, so no runtime detection is needed.
#[cfg(target_arch = "x86_64")]
#[inline(always)]
fn specials16<const ASCII: bool>(chunk: &[u8; 16]) -> u32 {
    use std::arch::x86_64::{_mm_cmpeq_epi8, _mm_loadu_si128, _mm_min_epu8, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8};
    // SAFETY: SSE2 is always available on x86_64 (the intrinsics are `unsafe` only for that
    // reason), and the one load reads exactly the 16 bytes `chunk` refers to (unaligned).
    unsafe {
        let v = _mm_loadu_si128(chunk.as_ptr().cast());
        let quote = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'"' as i8));
        let backslash = _mm_cmpeq_epi8(v, _mm_set1_epi8(b'\\' as i8));
        // Unsigned `v <= 0x1f` is `min(v, 0x1f) == v`.
        let control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1f)), v);
        let specials = _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(quote, backslash), control)) as u32;
        // The mask of a byte's high bit is the byte being 0x80 or above.
        if ASCII {
            specials | _mm_movemask_epi8(v) as u32
        } else {
            specials
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{plain_run, Reader};

    #[test]
    fn plain_run_finds_the_first_special_byte_at_every_offset() {
        for len in 0..70 {
            for special in [b'"', b'\\', b'\n', 0u8, 0x1f] {
                for at in 0..=len {
                    // Bytes that must not match: just above the control range, and (unless
                    // stopping at non-ASCII) UTF-8.
                    let filler = [b'a', 0x20, 0x7f, 0xc3, 0xa9, b'!', b'#', 0x5d];
                    let mut text: Vec<u8> = (0..len).map(|k| filler[k % 8]).collect();
                    if at < len {
                        text[at] = special;
                    }
                    assert_eq!(plain_run::<false>(&text, 0), at, "len {len} special {special:#x} at {at}");
                    let high = text.iter().position(|&b| b >= 0x80).unwrap_or(len);
                    assert_eq!(plain_run::<true>(&text, 0), at.min(high), "ASCII: len {len} special {special:#x} at {at}");
                    // The same text with ASCII filler only, a high byte at `at` instead.
                    let mut ascii: Vec<u8> = (0..len).map(|k| [b'a', 0x20, 0x7f, b'!'][k % 4]).collect();
                    if at < len {
                        ascii[at] = 0x80 + (at as u8 % 0x40);
                    }
                    assert_eq!(plain_run::<true>(&ascii, 0), at, "high byte at {at} of {len}");
                }
            }
        }
    }

    /// Strings are checked for UTF-8 as they are read: valid text is kept (borrowed or
    /// unescaped), invalid bytes are an error wherever they are, in skipped values too.
    #[test]
    fn strings_are_checked_for_utf8_as_they_are_read() {
        let read = |doc: &[u8]| -> Result<String, String> {
            let mut r = Reader::new(doc);
            let mut out = String::new();
            r.object(|r, key| {
                if key == "k" {
                    out = r.string()?.into_owned();
                    Ok(())
                } else {
                    r.skip()
                }
            })
            .and_then(|()| r.end())
            .map_err(|e| e.to_string())?;
            Ok(out)
        };
        assert_eq!(read("{\"k\":\"caf\u{e9} \u{20ac}\"}".as_bytes()).unwrap(), "caf\u{e9} \u{20ac}");
        assert_eq!(read("{\"k\":\"\u{e9}\\n\u{1f600}\"}".as_bytes()).unwrap(), "\u{e9}\n\u{1f600}");
        assert_eq!(read("{\"\u{e9}\":[\"\u{e9}\"],\"k\":\"x\"}".as_bytes()).unwrap(), "x");
        for bad in [
            &b"{\"k\":\"a\xff\"}"[..],
            b"{\"k\":\"a\\n\xc3\"}",
            b"{\"k\":\"\xe2\x82\"}",
            b"{\"skipped\":\"\xed\xa0\x80\",\"k\":\"x\"}",
            b"{\"\xc3\":1}",
            b"{\"k\":\xc3\xa9}",
            b"{\"k\":\"x\"}\xc3\xa9",
        ] {
            assert!(read(bad).is_err(), "{:?} read", String::from_utf8_lossy(bad));
        }
        assert_eq!(read(b"{\"k\":\"a\xff\"}").unwrap_err(), "invalid UTF-8 in a string at byte 7");
    }
}
