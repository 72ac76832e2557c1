//! The public API change between two models, computed from their IRs and classified under
//! Rust semver for the code this generator emits (the rules follow Smithy's `smithy-diff`,
//! read for what they mean to our generated API):
//!
//! | change | class | why |
//! |---|---|---|
//! | operation, structure, enum, error or paginator added | compatible | new items only |
//! | any of them removed | breaking | code naming it stops compiling |
//! | member added to a structure | compatible | structures and builders are `#[non_exhaustive]` |
//! | member added as required to an input | breaking | `build()` of existing code now fails |
//! | member removed or retyped | breaking | its accessors change or vanish |
//! | input member becomes required | breaking | existing calls fail to build |
//! | input member becomes optional | compatible | |
//! | a plain structure's member changes required-ness | breaking | required members are stored without `Option` |
//! | output member changes required-ness | compatible | output members are always `Option` |
//! | enum value added | compatible | enums are `#[non_exhaustive]` with `Unknown` |
//! | enum value removed | breaking | its variant vanishes |
//! | error added to an operation | compatible | error enums are `#[non_exhaustive]` |
//! | error removed from an operation | breaking | its variant vanishes |
//! | deprecation added | compatible | a warning, not an error |

use crate::ir::{Enum, Operation, Service, StructKind, Structure};
use crate::{Error, ModelFiles};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Whether code written against the old API still compiles and behaves against the new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    Breaking,
    Compatible,
}

/// One classified change, e.g. `operation ListAccountsWithInvalidEffectivePolicy added`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    pub class: Class,
    pub text: String,
}

/// Every API change between two models, breaking ones first.
#[derive(Debug, Clone, Default)]
pub struct ApiDiff {
    pub from: String,
    pub to: String,
    pub changes: Vec<Change>,
}

impl ApiDiff {
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.class == Class::Breaking)
    }

    /// Markdown lines: a heading naming the two versions, then one bullet per change.
    pub fn render_text(&self) -> String {
        let mut out = format!("### API changes: {} → {}\n\n", self.from, self.to);
        if self.changes.is_empty() {
            out.push_str("- no change to the generated API\n");
        }
        for c in &self.changes {
            let class = match c.class {
                Class::Breaking => "**breaking**",
                Class::Compatible => "compatible",
            };
            let _ = writeln!(out, "- {class}: {}", c.text);
        }
        out
    }
}

/// Lower both models and compare them.
pub fn diff(old: &ModelFiles, new: &ModelFiles) -> Result<ApiDiff, Error> {
    let (a, b) = (crate::lower(old)?, crate::lower(new)?);
    let mut d = compare(&a, &b);
    d.from = old.version.clone();
    d.to = new.version.clone();
    Ok(d)
}

/// Compare two lowered services.
pub fn compare(old: &Service, new: &Service) -> ApiDiff {
    let mut c = Collector::default();
    let (oa, ob) = (by(&old.operations, |o| &o.wire_name), by(&new.operations, |o| &o.wire_name));
    for (name, op) in &ob {
        match oa.get(name) {
            None => c.compatible(format!("operation `{name}` added (`Client::{}`)", op.module)),
            Some(before) => operation(&mut c, before, op),
        }
    }
    for name in oa.keys().filter(|n| !ob.contains_key(*n)) {
        c.breaking(format!("operation `{name}` removed"));
    }
    let (sa, sb) = (by(&old.structures, |s| &s.name), by(&new.structures, |s| &s.name));
    diff_items(&mut c, "structure", &sa, &sb, |c, a, b| structure(c, &format!("`types::{}`", a.name), a, b));
    let (ea, eb) = (by(&old.errors, |s| &s.name), by(&new.errors, |s| &s.name));
    diff_items(&mut c, "error", &ea, &eb, |c, a, b| structure(c, &format!("`types::error::{}`", a.name), a, b));
    let (na, nb) = (by(&old.enums, |e| &e.name), by(&new.enums, |e| &e.name));
    diff_items(&mut c, "enum", &na, &nb, enumeration);
    c.changes.sort();
    c.changes.dedup();
    ApiDiff { from: String::new(), to: String::new(), changes: c.changes }
}

#[derive(Default)]
struct Collector {
    changes: Vec<Change>,
}

impl Collector {
    fn breaking(&mut self, text: String) {
        self.changes.push(Change { class: Class::Breaking, text });
    }
    fn compatible(&mut self, text: String) {
        self.changes.push(Change { class: Class::Compatible, text });
    }
    fn push(&mut self, breaking: bool, text: String) {
        if breaking {
            self.breaking(text)
        } else {
            self.compatible(text)
        }
    }
}

fn by<'a, T>(items: &'a [T], key: impl Fn(&'a T) -> &'a String) -> BTreeMap<&'a str, &'a T> {
    items.iter().map(|i| (key(i).as_str(), i)).collect()
}

fn diff_items<T>(c: &mut Collector, what: &str, a: &BTreeMap<&str, &T>, b: &BTreeMap<&str, &T>, mut both: impl FnMut(&mut Collector, &T, &T)) {
    for (name, item) in b {
        match a.get(name) {
            None => c.compatible(format!("{what} `{name}` added")),
            Some(before) => both(c, before, item),
        }
    }
    for name in a.keys().filter(|n| !b.contains_key(*n)) {
        c.breaking(format!("{what} `{name}` removed"));
    }
}

fn operation(c: &mut Collector, a: &Operation, b: &Operation) {
    let name = &b.wire_name;
    structure(c, &format!("`{name}` input"), &a.input, &b.input);
    structure(c, &format!("`{name}` output"), &a.output, &b.output);
    for e in b.errors.iter().filter(|e| !a.errors.contains(e)) {
        c.compatible(format!("`{name}` can return `{e}`"));
    }
    for e in a.errors.iter().filter(|e| !b.errors.contains(e)) {
        c.breaking(format!("`{name}` no longer lists `{e}` (variant removed from `{}Error`)", b.type_name));
    }
    match (&a.paginator, &b.paginator) {
        (None, Some(_)) => c.compatible(format!("`{name}` paginator added (`into_paginator()`)")),
        (Some(_), None) => c.breaking(format!("`{name}` paginator removed")),
        (Some(p), Some(q)) if (&p.input_token, &p.output_token, &p.items) != (&q.input_token, &q.output_token, &q.items) => {
            c.compatible(format!("`{name}` paginator follows other members"))
        }
        _ => {}
    }
    if b.deprecated.is_some() && a.deprecated.is_none() {
        c.compatible(format!("operation `{name}` deprecated"));
    }
}

fn structure(c: &mut Collector, what: &str, a: &Structure, b: &Structure) {
    let (ma, mb) = (by(&a.members, |m| &m.wire_name), by(&b.members, |m| &m.wire_name));
    let input = b.kind == StructKind::Input;
    let bare = b.kind == StructKind::Plain;
    for (wire, m) in &mb {
        match ma.get(wire) {
            None if input && m.required => c.breaking(format!("{what}: required member `{wire}` added")),
            None => c.compatible(format!("{what}: member `{wire}` added")),
            Some(old) => {
                if old.ty != m.ty {
                    c.breaking(format!("{what}: member `{wire}` changed type ({:?} → {:?})", old.ty, m.ty));
                }
                if old.required != m.required {
                    let now = if m.required { "required" } else { "optional" };
                    let breaking = (input && m.required) || bare;
                    c.push(breaking, format!("{what}: member `{wire}` is now {now}"));
                }
                if m.deprecated.is_some() && old.deprecated.is_none() {
                    c.compatible(format!("{what}: member `{wire}` deprecated"));
                }
            }
        }
    }
    for wire in ma.keys().filter(|w| !mb.contains_key(*w)) {
        c.breaking(format!("{what}: member `{wire}` removed"));
    }
}

fn enumeration(c: &mut Collector, a: &Enum, b: &Enum) {
    let name = &b.name;
    for v in b.variants.iter().filter(|v| !a.variants.iter().any(|w| w.wire == v.wire)) {
        c.compatible(format!("enum `{name}`: value `{}` added", v.wire));
    }
    for v in a.variants.iter().filter(|v| !b.variants.iter().any(|w| w.wire == v.wire)) {
        c.breaking(format!("enum `{name}`: value `{}` removed", v.wire));
    }
}

/// `CHANGELOG.md` with `diff` added under its `## Unreleased` heading (created when absent,
/// right after the title). Entries already there are kept below the new ones.
pub fn prepend_unreleased(changelog: &str, diff: &ApiDiff) -> String {
    let entry = diff.render_text();
    let title = "# Changelog\n";
    let body = changelog.strip_prefix(title).unwrap_or(changelog).trim_start_matches('\n');
    let rest = match body.strip_prefix("## Unreleased\n") {
        Some(rest) => rest.trim_start_matches('\n').to_string(),
        None => body.to_string(),
    };
    let mut out = format!("{title}\n## Unreleased\n\n{entry}");
    if !rest.is_empty() {
        out.push('\n');
        out.push_str(&rest);
    }
    out
}
