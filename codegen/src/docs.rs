//! Model documentation (a small subset of HTML) → rustdoc Markdown, one string per line.
//!
//! Written for what the AWS models use: `p`, `ul`/`ol`/`li`, `code`, `b`/`i`, `a href`,
//! `note`/`important`, `br`, `dl`/`dt`/`dd`, `fullname`. Text is escaped so rustdoc never
//! sees a tag, an intra-doc link or an emphasis marker the model did not mean; bare URLs
//! are wrapped in `<…>`. Unknown tags are dropped, keeping their text.

/// Convert model HTML to Markdown lines (no leading `///`, no trailing blank lines).
pub fn html_to_markdown(html: &str) -> Vec<String> {
    let mut out = Writer::default();
    let mut links: Vec<Option<String>> = Vec::new();
    let mut code_depth = 0usize;
    let mut list_depth = 0usize;
    for token in tokenize(html) {
        match token {
            Token::Text(text) => {
                if code_depth > 0 {
                    out.inline(&text.replace('`', "'"));
                } else {
                    out.text(&text);
                }
            }
            Token::Open(tag, attrs) => match tag.as_str() {
                "p" | "div" | "dl" => out.paragraph(),
                "note" | "important" => {
                    out.paragraph();
                    out.inline(if tag == "note" { "**Note:** " } else { "**Important:** " });
                    out.at_bullet = true;
                }
                "ul" | "ol" => {
                    out.at_bullet = false;
                    out.paragraph();
                    list_depth += 1;
                    out.list_depth = list_depth;
                }
                "li" => {
                    out.line_break();
                    out.indent = 2 * list_depth.saturating_sub(1);
                    out.inline("- ");
                    out.at_bullet = true;
                    out.indent += 2;
                }
                "dt" => {
                    out.paragraph();
                    out.inline("**");
                }
                "dd" => out.paragraph(),
                "br" => out.line_break(),
                "code" => {
                    code_depth += 1;
                    if code_depth == 1 {
                        out.inline("`");
                    }
                }
                "b" | "strong" => out.inline("**"),
                "i" | "em" => out.inline("*"),
                "a" => {
                    let href = attr(&attrs, "href").filter(|h| h.starts_with("http"));
                    out.inline(if href.is_some() { "[" } else { "`" });
                    links.push(href);
                }
                _ => {}
            },
            Token::Close(tag) => match tag.as_str() {
                "p" | "div" | "note" | "important" | "dl" | "dd" => out.paragraph(),
                "ul" | "ol" => {
                    list_depth = list_depth.saturating_sub(1);
                    out.list_depth = 0;
                    // A blank line ends the list, so text after a nested list continues the
                    // outer item instead of lazily continuing the inner one.
                    out.paragraph();
                    out.list_depth = list_depth;
                    out.indent = 2 * list_depth;
                }
                "li" => out.line_break(),
                "dt" => {
                    out.inline("**");
                    out.paragraph();
                }
                "code" => {
                    code_depth = code_depth.saturating_sub(1);
                    if code_depth == 0 {
                        out.inline("`");
                    }
                }
                "b" | "strong" => out.inline("**"),
                "i" | "em" => out.inline("*"),
                "a" => match links.pop() {
                    Some(Some(href)) => out.inline(&format!("]({href})")),
                    Some(None) => out.inline("`"),
                    None => {}
                },
                _ => {}
            },
        }
    }
    out.finish()
}

#[derive(Debug, PartialEq)]
enum Token {
    Text(String),
    Open(String, String),
    Close(String),
}

fn tokenize(html: &str) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut rest = html;
    while !rest.is_empty() {
        let Some(start) = rest.find('<') else {
            tokens.push(Token::Text(decode_entities(rest)));
            break;
        };
        if start > 0 {
            tokens.push(Token::Text(decode_entities(&rest[..start])));
        }
        let after = &rest[start + 1..];
        // A `<` that does not open a tag (`a < b`, `<account-id>` written literally) is text.
        let is_tag = after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/');
        let end = after.find('>');
        match (is_tag, end) {
            (true, Some(end)) => {
                let inner = after[..end].trim().trim_end_matches('/').trim();
                if let Some(name) = inner.strip_prefix('/') {
                    tokens.push(Token::Close(name.trim().to_ascii_lowercase()));
                } else {
                    let (name, attrs) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
                    let name = name.to_ascii_lowercase();
                    let self_closing = after[..end].trim_end().ends_with('/');
                    tokens.push(Token::Open(name.clone(), attrs.to_string()));
                    if self_closing && name != "br" {
                        tokens.push(Token::Close(name));
                    }
                }
                rest = &after[end + 1..];
            }
            _ => {
                tokens.push(Token::Text("<".into()));
                rest = after;
            }
        }
    }
    tokens
}

fn attr(attrs: &str, name: &str) -> Option<String> {
    let pos = attrs.find(&format!("{name}="))?;
    let value = &attrs[pos + name.len() + 1..];
    let quote = value.chars().next()?;
    if quote == '"' || quote == '\'' {
        let value = &value[1..];
        value.find(quote).map(|end| decode_entities(&value[..end]))
    } else {
        Some(value.split_whitespace().next().unwrap_or("").to_string())
    }
}

fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

/// Accumulates Markdown, collapsing whitespace as HTML does.
#[derive(Default)]
struct Writer {
    lines: Vec<String>,
    current: String,
    indent: usize,
    pending_space: bool,
    /// Inside a list, blocks are separated by line breaks only (a compact list).
    list_depth: usize,
    /// The current line holds only a lead-in (a bullet, `**Note:**`): block starts must not
    /// break it.
    at_bullet: bool,
}

impl Writer {
    /// Plain text: whitespace collapsed, Markdown specials escaped, URLs wrapped.
    fn text(&mut self, text: &str) {
        let mut first = true;
        for word in text.split(char::is_whitespace) {
            if !first {
                self.pending_space = true;
            }
            first = false;
            if word.is_empty() {
                continue;
            }
            let escaped = if word.starts_with("http://") || word.starts_with("https://") {
                let trimmed = word.trim_end_matches(['.', ',', ')', ';', ':']);
                format!("<{trimmed}>{}", &word[trimmed.len()..])
            } else {
                escape(word)
            };
            self.inline(&escaped);
        }
    }

    /// Raw Markdown, placed after any pending space.
    fn inline(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if self.pending_space && !self.current.trim().is_empty() && !self.current.ends_with(' ') {
            self.current.push(' ');
        }
        self.pending_space = false;
        if self.current.is_empty() {
            self.current = " ".repeat(self.indent);
        }
        self.at_bullet = false;
        self.current.push_str(s);
    }

    fn line_break(&mut self) {
        if self.at_bullet {
            return;
        }
        self.pending_space = false;
        let line = std::mem::take(&mut self.current);
        if !line.trim().is_empty() {
            self.lines.push(line.trim_end().to_string());
        }
    }

    fn paragraph(&mut self) {
        self.line_break();
        if self.list_depth > 0 {
            return;
        }
        if self.lines.last().is_some_and(|l| !l.is_empty()) {
            self.lines.push(String::new());
        }
    }

    fn finish(mut self) -> Vec<String> {
        self.line_break();
        // Emphasis markers left dangling by an empty `<b></b>` read as noise.
        let mut lines: Vec<String> = self.lines.into_iter().map(|l| l.replace("****", "").replace("``", "")).collect();
        while lines.last().is_some_and(|l| l.trim().is_empty()) {
            lines.pop();
        }
        while lines.first().is_some_and(|l| l.trim().is_empty()) {
            lines.remove(0);
        }
        lines.dedup_by(|a, b| a.is_empty() && b.is_empty());
        lines
    }
}

/// Escape what Markdown or rustdoc would otherwise interpret in model prose.
fn escape(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if matches!(c, '[' | ']' | '*' | '_' | '<' | '>' | '`' | '\\' | '#' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::html_to_markdown;

    fn md(html: &str) -> String {
        html_to_markdown(html).join("\n")
    }

    #[test]
    fn conversion_table() {
        let cases: &[(&str, &str)] = &[
            ("<p>Hello <b>world</b>.</p>", "Hello **world**."),
            ("<p>One.</p><p>Two.</p>", "One.\n\nTwo."),
            ("<p>Use <code>ListAccounts</code>.</p>", "Use `ListAccounts`."),
            ("<p>See <a href=\"https://docs.aws.amazon.com/x\">the guide</a>.</p>", "See [the guide](https://docs.aws.amazon.com/x)."),
            ("<p>Call <a>DescribeHandshake</a> later.</p>", "Call `DescribeHandshake` later."),
            ("<ul><li><p>a</p></li><li><p>b</p></li></ul>", "- a\n- b"),
            ("<p>x</p><ul><li>a</li><li>b</li></ul><p>y</p>", "x\n\n- a\n- b\n\ny"),
            ("<p>IDs look like [0-9]{12} and a_b*c</p>", "IDs look like \\[0-9\\]{12} and a\\_b\\*c"),
            ("<p>The &lt;account-id&gt; part &amp; more</p>", "The \\<account-id\\> part & more"),
            ("<p>Visit https://example.com/a.</p>", "Visit <https://example.com/a>."),
            ("<note><p>Careful.</p></note>", "**Note:** Careful."),
            ("<note><ul><li><p>a</p></li></ul></note>", "**Note:**\n\n- a"),
            ("<ul><li><p> spaced</p><p>more</p></li></ul>", "- spaced\n  more"),
            ("<p>  spaced\n   out   text </p>", "spaced out text"),
            ("<p>a <code>`tick`</code></p>", "a `'tick'`"),
            ("plain text", "plain text"),
            ("<p></p>", ""),
            ("<p>x <i>y</i></p>", "x *y*"),
            ("<p>if a < b</p>", "if a \\< b"),
        ];
        for (html, want) in cases {
            assert_eq!(md(html), *want, "html: {html}");
        }
    }

    #[test]
    fn nested_lists_are_indented() {
        let got = md("<ul><li><p>outer</p><ul><li><p>inner</p></li></ul><p>more</p></li><li>next</li></ul><p>after</p>");
        assert_eq!(got, "- outer\n  - inner\n\n  more\n- next\n\nafter");
    }
}
