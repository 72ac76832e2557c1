//! A compact JSON writer: what the generated `WriteJson` impls of operation inputs use.

/// The document being written.
pub(crate) struct Writer {
    out: String,
}

impl Default for Writer {
    /// Room for a typical operation input, so most are written without growing.
    fn default() -> Self {
        Self { out: String::with_capacity(128) }
    }
}

impl Writer {
    pub(crate) fn into_string(self) -> String {
        self.out
    }

    pub(crate) fn raw(&mut self, text: &str) {
        self.out.push_str(text);
    }

    /// A string with `"`, `\` and control characters escaped (as serde_json does).
    pub(crate) fn string(&mut self, s: &str) {
        self.out.reserve(s.len() + 2);
        self.out.push('"');
        let mut run = 0;
        for (i, b) in s.bytes().enumerate() {
            let escape = match b {
                b'"' => "\\\"",
                b'\\' => "\\\\",
                b'\n' => "\\n",
                b'\r' => "\\r",
                b'\t' => "\\t",
                0x08 => "\\b",
                0x0c => "\\f",
                0..=0x1f => "",
                _ => continue,
            };
            self.out.push_str(&s[run..i]);
            if escape.is_empty() {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                self.out.push_str("\\u00");
                self.out.push(HEX[usize::from(b >> 4)] as char);
                self.out.push(HEX[usize::from(b & 0xf)] as char);
            } else {
                self.out.push_str(escape);
            }
            run = i + 1;
        }
        self.out.push_str(&s[run..]);
        self.out.push('"');
    }

    /// Starts an object; members are added through the returned [`Object`].
    pub(crate) fn object(&mut self) -> Object<'_> {
        self.out.push('{');
        Object { w: self, first: true }
    }
}

/// An object being written.
pub(crate) struct Object<'w> {
    w: &'w mut Writer,
    first: bool,
}

impl Object<'_> {
    /// A member that is always present.
    pub(crate) fn field<T: super::WriteJson + ?Sized>(&mut self, name: &str, value: &T) {
        self.key(name);
        value.write(self.w);
    }

    /// Starts a member whose value the caller writes next through [`Self::writer`].
    pub(crate) fn key(&mut self, name: &str) {
        if !self.first {
            self.w.out.push(',');
        }
        self.first = false;
        self.w.string(name);
        self.w.out.push(':');
    }

    /// The writer, for a value after [`Self::key`] (generated code uses it for timestamps
    /// in another format than epoch seconds, which Organizations has none of today).
    #[allow(dead_code)]
    pub(crate) fn writer(&mut self) -> &mut Writer {
        self.w
    }

    /// A member that is written only when set.
    pub(crate) fn opt<T: super::WriteJson>(&mut self, name: &str, value: &Option<T>) {
        if let Some(v) = value {
            self.field(name, v);
        }
    }

    pub(crate) fn end(self) {
        self.w.out.push('}');
    }
}
