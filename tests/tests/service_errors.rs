//! An error code the operation's model does not list, but the service defines, becomes that
//! exception (with its modeled members) in the service-wide `organizations_sdk::Error`.

mod support;

use organizations_sdk::operation::describe_organization::DescribeOrganizationError;
use organizations_sdk::{Client, Config, Credentials, Error, Region};
use support::wire::{Reply, WireServer};

fn client(url: &str) -> Client {
    Client::from_conf(
        Config::builder().region(Region::new("us-east-1")).endpoint_url(url).credentials_provider(Credentials::new("AKID", "SECRET", None)).build(),
    )
}

#[tokio::test]
async fn an_exception_the_operation_does_not_list_is_matched_across_the_service() {
    let body = r#"{"__type":"ConstraintViolationException","Message":"too many","Reason":"ACCOUNT_NUMBER_LIMIT_EXCEEDED"}"#;
    let server = WireServer::start(move |_, _| Reply::json(400, body)).await;
    // DescribeOrganization's model lists no ConstraintViolationException.
    let e = client(&server.url).describe_organization().send().await.unwrap_err();
    #[allow(deprecated)]
    let unhandled = e.as_service_error().is_some_and(|e| matches!(e, DescribeOrganizationError::Unhandled(_)));
    assert!(unhandled, "{e:?}");
    match Error::from(e) {
        Error::ConstraintViolationException(e) => {
            assert_eq!(e.reason().map(|r| r.as_str()), Some("ACCOUNT_NUMBER_LIMIT_EXCEEDED"));
            assert_eq!(e.message(), Some("too many"));
        }
        other => panic!("expected ConstraintViolationException, got {other:?}"),
    }
    // A code the service does not define stays unhandled, its code kept.
    let server = WireServer::start(|_, _| Reply::error(400, "BrandNewException", "new")).await;
    let e = Error::from(client(&server.url).describe_organization().send().await.unwrap_err());
    #[allow(deprecated)]
    let unhandled = matches!(&e, Error::Unhandled(_));
    assert!(unhandled, "{e:?}");
    assert_eq!(organizations_sdk::error::ProvideErrorMetadata::code(&e), Some("BrandNewException"));
}
