//! Benchmark consumer: organizations-sdk. Walks ListAccounts `WALKS` times against
//! `ENDPOINT_URL` and prints the number of accounts seen.

mod walk;

fn main() {
    // A current-thread runtime built by hand: the same for both consumers, no proc macro.
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio runtime");
    runtime.block_on(walk::walk());
}
