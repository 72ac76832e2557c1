//! The interop example (`interop/`, a workspace of its own so that aws-sdk-sts stays out of
//! the main lock file) builds and runs against moto_server: our assumed-role credentials
//! used by an aws-sdk-sts client, and aws-credential-types credentials used by ours.

mod support;

use std::path::Path;
use std::process::Command;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_interop_example_runs_against_moto() {
    let moto = support::Moto::start();
    let client = moto.client();
    client.create_organization().send().await.unwrap();
    client.create_account().email("interop@example.com").account_name("interop").send().await.unwrap();
    let accounts = client.list_accounts().send().await.unwrap();
    let member = accounts.accounts().iter().find(|a| a.name() == Some("interop")).unwrap().id().unwrap().to_owned();
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR")).join("../interop/Cargo.toml");
    let url = moto.url.clone();
    let out = tokio::task::spawn_blocking(move || {
        Command::new(env!("CARGO"))
            .args(["run", "--quiet", "--locked", "--manifest-path"])
            .arg(&manifest)
            .args(["--", &url, &member])
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .output()
            .expect("cargo runs")
    })
    .await
    .unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "the interop example failed:\n{stdout}\n{stderr}");
    assert!(stdout.contains(":assumed-role/OrganizationAccountAccessRole/interop"), "{stdout}");
    assert!(stdout.contains("organizations-sdk DescribeOrganization with aws-credential-types credentials"), "{stdout}");
}
