//! organizations-sdk's credentials in an aws-sdk-rust client, and the other way round,
//! against an STS + Organizations endpoint (moto_server on loopback in the tests):
//!
//! 1. `AssumeRoleProvider` (this SDK) assumes `OrganizationAccountAccessRole` in a member
//!    account; `ToAwsSdk` hands it to an `aws-sdk-sts` client, whose `GetCallerIdentity`
//!    must answer with the assumed role in that account.
//! 2. The assumed credentials, converted to `aws_credential_types::Credentials` and back
//!    through `FromAwsSdk`, sign an organizations-sdk call.
//!
//! usage: interop-example ENDPOINT_URL MEMBER_ACCOUNT_ID

use organizations_sdk::credentials::{AssumeRoleProvider, FromAwsSdk, ProvideCredentials, ToAwsSdk};
use organizations_sdk::{Client, Config, Credentials, Region};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(endpoint), Some(account)) = (args.next(), args.next()) else {
        return Err("usage: interop-example ENDPOINT_URL MEMBER_ACCOUNT_ID".into());
    };
    let management = Config::builder()
        .region(Region::new("us-east-1"))
        .endpoint_url(&endpoint)
        .credentials_provider(Credentials::new("AKIDINTEROP", "SECRETINTEROP", None))
        .build();
    let role = format!("arn:aws:iam::{account}:role/OrganizationAccountAccessRole");
    let provider = AssumeRoleProvider::builder(&role).session_name("interop").configure(&management).endpoint_url(&endpoint).build()?;

    // 1. Ours in theirs.
    let sts_config = aws_sdk_sts::Config::builder()
        .region(aws_sdk_sts::config::Region::new("us-east-1"))
        .endpoint_url(&endpoint)
        .credentials_provider(ToAwsSdk(provider.clone()))
        .build();
    let identity = aws_sdk_sts::Client::from_conf(sts_config).get_caller_identity().send().await?;
    let arn = identity.arn().unwrap_or_default();
    println!("aws-sdk-sts GetCallerIdentity with organizations-sdk's assumed role: {arn}");
    if identity.account() != Some(account.as_str()) || !arn.contains(":assumed-role/OrganizationAccountAccessRole/interop") {
        return Err(format!("expected the assumed role in {account}, got {arn}").into());
    }

    // 2. Theirs in ours.
    let theirs: aws_credential_types::Credentials = provider.provide_credentials().await?.into();
    let member = management.to_builder().credentials_provider(FromAwsSdk(theirs.clone())).build();
    let org = Client::from_conf(member).describe_organization().send().await?;
    println!(
        "organizations-sdk DescribeOrganization with aws-credential-types credentials ({}): {}",
        theirs.access_key_id(),
        org.organization().and_then(|o| o.id()).unwrap_or("?")
    );
    Ok(())
}
