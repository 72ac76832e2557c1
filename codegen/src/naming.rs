//! Every name the generator emits is made here, from model names, by rule.
//!
//! Model names are PascalCase with acronyms (`ListAWSServiceAccessForOrganization`) or
//! SCREAMING_SNAKE enum values (`SERVICE_CONTROL_POLICY`). Rust names come from splitting
//! them into words, so both spellings of an acronym land on the same Rust name.

/// Split a model name into lower-case words.
///
/// Boundaries: `_`, `-`, `.`, spaces; lower→upper (`listAccounts`); an upper-case run
/// followed by a capitalised word (`AWSService` → `aws`, `service`); digits stay attached to
/// the letters before them (`Ec2`, `S3`).
pub fn words(name: &str) -> Vec<String> {
    let chars: Vec<char> = name.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        let prev = if i > 0 { chars[i - 1] } else { '_' };
        let next = chars.get(i + 1).copied().unwrap_or('_');
        let boundary = c.is_ascii_uppercase()
            && !current.is_empty()
            && (prev.is_ascii_lowercase() || prev.is_ascii_digit() || (prev.is_ascii_uppercase() && next.is_ascii_lowercase()));
        if boundary {
            words.push(std::mem::take(&mut current));
        }
        current.push(c.to_ascii_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// `ListAWSServiceAccessForOrganization` → `list_aws_service_access_for_organization`.
pub fn snake_case(name: &str) -> String {
    words(name).join("_")
}

/// `AWSOrganizationsNotInUseException` → `AwsOrganizationsNotInUseException`;
/// `SERVICE_CONTROL_POLICY` → `ServiceControlPolicy`.
pub fn pascal_case(name: &str) -> String {
    words(name)
        .iter()
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(first) => first.to_ascii_uppercase().to_string() + cs.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// Rust keywords that can be used as raw identifiers (`r#type`).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum", "extern", "false", "final", "fn",
    "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return", "static",
    "struct", "trait", "true", "try", "type", "typeof", "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers: they take a `_` suffix instead.
const NON_RAW_KEYWORDS: &[&str] = &["self", "super", "crate", "Self", "_"];

/// Methods the SDK itself puts on builders, fluent builders and structures. A member whose
/// snake_case name is one of these would shadow or clash with it, so it takes a `_value`
/// suffix (`send` → `send_value`), as aws-sdk-rust does.
const RESERVED_METHODS: &[&str] = &["send", "build", "builder", "customize", "config", "as_input", "into_paginator", "request_id", "meta"];

/// This crate's own top-level names, which a model shape may not take (a `types::Client`
/// beside `organizations_sdk::Client` would mislead): such a shape gets a `Value` suffix
/// (`Client` → `ClientValue`). Names from std and the prelude need no entry: generated code
/// names them by full path (`::std::option::Option`), so a shape called `Option` is fine.
/// `Self` is here because it cannot be an identifier.
const RESERVED_TYPES: &[&str] = &["Client", "Config", "Error", "SdkError", "Blob", "DateTime", "Document", "Self"];

/// Variant names the generated enums use themselves.
const RESERVED_VARIANTS: &[&str] = &["Unknown", "Unhandled", "Self"];

/// The Rust identifier for a snake_case name: raw for keywords, `_` suffix where raw is
/// not allowed.
pub fn ident_str(snake: &str) -> String {
    if NON_RAW_KEYWORDS.contains(&snake) {
        format!("{snake}_")
    } else if KEYWORDS.contains(&snake) {
        format!("r#{snake}")
    } else if snake.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{snake}")
    } else {
        snake.to_string()
    }
}

/// Field and method name for a structure member.
pub fn member_name(wire: &str) -> String {
    let snake = snake_case(wire);
    if RESERVED_METHODS.contains(&snake.as_str()) {
        format!("{snake}_value")
    } else {
        ident_str(&snake)
    }
}

/// Rust type name for a model shape.
pub fn type_name(shape: &str) -> String {
    let pascal = pascal_case(shape);
    if RESERVED_TYPES.contains(&pascal.as_str()) {
        format!("{pascal}Value")
    } else {
        pascal
    }
}

/// Variant name for an enum value or an error shape.
pub fn variant_name(value: &str) -> String {
    let mut pascal = pascal_case(value);
    if pascal.starts_with(|c: char| c.is_ascii_digit()) || pascal.is_empty() {
        pascal = format!("V{pascal}");
    }
    if RESERVED_VARIANTS.contains(&pascal.as_str()) {
        format!("{pascal}Value")
    } else {
        pascal
    }
}

/// Module name for an operation: `ListAWSServiceAccessForOrganization` →
/// `list_aws_service_access_for_organization`.
pub fn module_name(operation: &str) -> String {
    ident_str(&snake_case(operation))
}

/// `is_` helper on error enums: `is_account_not_found_exception`.
pub fn is_method(variant: &str) -> String {
    format!("is_{}", snake_case(variant))
}

/// The field name without a raw prefix, for messages (`r#type` → `type`).
pub fn display_name(ident: &str) -> &str {
    ident.strip_prefix("r#").unwrap_or(ident)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_table() {
        let cases = [
            ("ListAWSServiceAccessForOrganization", "list_aws_service_access_for_organization"),
            ("ListAccounts", "list_accounts"),
            ("AWSOrganizationsNotInUseException", "aws_organizations_not_in_use_exception"),
            ("IAMUserAccessToBilling", "iam_user_access_to_billing"),
            ("NextToken", "next_token"),
            ("Arn", "arn"),
            ("DECLARATIVE_POLICY_EC2", "declarative_policy_ec2"),
            ("S3Policy", "s3_policy"),
            ("ListDelegatedServicesForAccount", "list_delegated_services_for_account"),
            ("EnableAWSServiceAccess", "enable_aws_service_access"),
            ("ServicePrincipal", "service_principal"),
            ("simple", "simple"),
            ("HTTPSEndpoint", "https_endpoint"),
        ];
        for (input, want) in cases {
            assert_eq!(snake_case(input), want, "snake_case({input})");
        }
    }

    #[test]
    fn pascal_case_table() {
        let cases = [
            ("AWSOrganizationsNotInUseException", "AwsOrganizationsNotInUseException"),
            ("SERVICE_CONTROL_POLICY", "ServiceControlPolicy"),
            ("DECLARATIVE_POLICY_EC2", "DeclarativePolicyEc2"),
            ("IAMUserAccessToBilling", "IamUserAccessToBilling"),
            ("ALL", "All"),
            ("Account", "Account"),
            ("UnsupportedAPIEndpointException", "UnsupportedApiEndpointException"),
        ];
        for (input, want) in cases {
            assert_eq!(pascal_case(input), want, "pascal_case({input})");
        }
    }

    #[test]
    fn reserved_and_keyword_table() {
        let members = [
            ("Type", "r#type"),
            ("Self", "self_"),
            ("Send", "send_value"),
            ("Customize", "customize_value"),
            ("Build", "build_value"),
            ("Match", "r#match"),
            ("Id", "id"),
            ("3Things", "_3_things"),
        ];
        for (input, want) in members {
            assert_eq!(member_name(input), want, "member_name({input})");
        }
        let types = [("Option", "Option"), ("Client", "ClientValue"), ("Error", "ErrorValue"), ("Account", "Account")];
        for (input, want) in types {
            assert_eq!(type_name(input), want, "type_name({input})");
        }
        let variants = [("UNKNOWN", "UnknownValue"), ("Unhandled", "UnhandledValue"), ("1A", "V1A")];
        for (input, want) in variants {
            assert_eq!(variant_name(input), want, "variant_name({input})");
        }
        assert_eq!(module_name("ListAWSServiceAccessForOrganization"), "list_aws_service_access_for_organization");
        assert_eq!(display_name("r#type"), "type");
    }
}
