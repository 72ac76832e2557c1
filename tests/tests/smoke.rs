mod support;

use organizations_sdk::types::OrganizationFeatureSet;

#[tokio::test]
async fn smoke() {
    let moto = support::Moto::start();
    let client = moto.client();
    let org = client.create_organization().feature_set(OrganizationFeatureSet::All).send().await.unwrap();
    println!("{org:?}");
    let roots = client.list_roots().send().await.unwrap();
    println!("{roots:?}");
    let accts: Vec<_> = client.list_accounts().into_paginator().page_size(1).items().send().collect::<Result<Vec<_>, _>>().await.unwrap();
    println!("{accts:?}");
    let err = client.describe_account().account_id("111111111111").send().await.unwrap_err();
    println!("{err}");
    println!("{:?}", err.into_service_error());
}
