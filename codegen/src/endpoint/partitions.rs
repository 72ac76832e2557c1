//! `partitions.json` → a `static PARTITIONS` table, region regexes compiled to the small
//! pattern language the runtime matches (`endpoint::functions::Pat`).

use super::rules::{PartitionFields, Partitions};
use super::EndpointError;
use proc_macro2::TokenStream;
use quote::quote;

fn fail<T>(msg: impl Into<String>) -> Result<T, EndpointError> {
    Err(EndpointError(msg.into()))
}

/// The table: every partition in file order, each region with the partition's outputs
/// after its overrides.
pub fn table(partitions: &Partitions) -> Result<TokenStream, EndpointError> {
    let mut out = Vec::new();
    for p in &partitions.partitions {
        let outputs = fields(&p.outputs, &p.id)?;
        let pattern = regex(&p.region_regex)?;
        let mut regions = Vec::new();
        for (name, overrides) in &p.regions {
            let merged = fields(&p.outputs.with(overrides), &p.id)?;
            regions.push(quote!((#name, #merged)));
        }
        out.push(quote! {
            PartitionData {
                region_regex: #pattern,
                regions: &[#(#regions),*],
                outputs: #outputs,
            }
        });
    }
    Ok(quote! {
        /// Every partition, in `partitions.json` order.
        pub(crate) static PARTITIONS: &[PartitionData] = &[#(#out),*];
    })
}

fn fields(o: &PartitionFields, id: &str) -> Result<TokenStream, EndpointError> {
    let text = |v: &Option<String>, k: &str| v.clone().ok_or_else(|| EndpointError(format!("partition {id}: missing {k}")));
    let (name, dns, dual) = (text(&o.name, "name")?, text(&o.dns_suffix, "dnsSuffix")?, text(&o.dual_stack_dns_suffix, "dualStackDnsSuffix")?);
    // `implicitGlobalRegion` arrived in partitions.json in 2023 (botocore 1.31 lacks it);
    // `emit` refuses a rule set that reads it from a partition without one.
    let global = o.implicit_global_region.clone().unwrap_or_default();
    let (fips, ds) = (o.supports_fips.unwrap_or(false), o.supports_dual_stack.unwrap_or(false));
    Ok(quote! {
        Partition {
            name: #name,
            dns_suffix: #dns,
            dual_stack_dns_suffix: #dual,
            implicit_global_region: #global,
            supports_fips: #fips,
            supports_dual_stack: #ds,
        }
    })
}

/// One element of a compiled region regex.
enum Pat {
    Lit(char),
    Word,
    Digit,
    OneOf(Vec<String>),
}

impl Pat {
    fn tokens(&self) -> TokenStream {
        match self {
            Pat::Lit(c) => quote!(Pat::Lit(#c)),
            Pat::Word => quote!(Pat::Word),
            Pat::Digit => quote!(Pat::Digit),
            Pat::OneOf(alts) => quote!(Pat::OneOf(&[#(#alts),*])),
        }
    }
}

/// Compile the regex subset `partitions.json` uses — `^`, `$`, literals, `\-`, `\w`, `\d`,
/// `+` after a class, and groups of literal alternatives — into a `&[Pat]`. Anything else is
/// a generation-time error, never a silent mismatch.
pub fn regex(re: &str) -> Result<TokenStream, EndpointError> {
    let body =
        re.strip_prefix('^').and_then(|r| r.strip_suffix('$')).ok_or_else(|| EndpointError(format!("regex {re}: must be anchored with ^…$")))?;
    let chars: Vec<char> = body.chars().collect();
    let mut pats = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let (pat, next) = match chars[i] {
            '\\' => match chars.get(i + 1) {
                Some('w') => (Pat::Word, i + 2),
                Some('d') => (Pat::Digit, i + 2),
                Some(&c) if !c.is_alphanumeric() => (Pat::Lit(c), i + 2),
                other => return fail(format!("regex {re}: unsupported escape {other:?}")),
            },
            '(' => {
                let end = chars[i..].iter().position(|&c| c == ')').ok_or_else(|| EndpointError(format!("regex {re}: unclosed group")))? + i;
                let inner: String = chars[i + 1..end].iter().collect();
                if inner.chars().any(|c| !(c.is_ascii_alphanumeric() || c == '|' || c == '-')) {
                    return fail(format!("regex {re}: only groups of literal alternatives are supported"));
                }
                (Pat::OneOf(inner.split('|').map(str::to_owned).collect()), end + 1)
            }
            c if c.is_ascii_alphanumeric() || c == '-' => (Pat::Lit(c), i + 1),
            c => return fail(format!("regex {re}: unsupported character {c:?}")),
        };
        let tokens = pat.tokens();
        if chars.get(next) == Some(&'+') {
            if !matches!(pat, Pat::Word | Pat::Digit) {
                return fail(format!("regex {re}: `+` is only supported after \\w or \\d"));
            }
            pats.push(quote!(Pat::OneOrMore(&#tokens)));
            i = next + 1;
        } else {
            pats.push(tokens);
            i = next;
        }
    }
    Ok(quote!(&[#(#pats),*]))
}
