//! The `User-Agent` / `x-amz-user-agent` value (`docs/runtime-behaviour.md` §7): the
//! format aws-sdk-rust sends, `<sdk>/<version> ua/2.1 api/organizations/<version>
//! os/<family> lang/rust/<rustc>` plus `app/<AWS_SDK_UA_APP_ID>`.

pub(crate) fn user_agent(app_name: Option<&str>) -> String {
    let version = env!("CARGO_PKG_VERSION");
    let os = match std::env::consts::OS {
        "linux" => "linux",
        "macos" => "macos",
        "windows" => "windows",
        "android" => "android",
        "ios" => "ios",
        _ => "other",
    };
    let rustc = env!("ORGANIZATIONS_SDK_RUSTC_VERSION");
    let api = crate::SERVICE.api_name;
    let mut ua = format!("organizations-sdk-rust/{version} ua/2.1 api/{api}/{version} os/{os} lang/rust/{rustc}");
    if let Some(app) = app_name.filter(|a| !a.is_empty()) {
        ua.push_str(" app/");
        ua.extend(app.chars().map(|c| if c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c) { c } else { '-' }));
    }
    ua
}

#[cfg(test)]
mod tests {
    #[test]
    fn shape() {
        let ua = super::user_agent(Some("my app"));
        assert!(ua.starts_with("organizations-sdk-rust/"), "{ua}");
        assert!(ua.contains(" ua/2.1 api/organizations/"), "{ua}");
        assert!(ua.contains(" lang/rust/"), "{ua}");
        assert!(ua.ends_with(" app/my-app"), "{ua}");
        assert!(!super::user_agent(None).contains("app/"));
    }
}
