//! Benchmark consumer in the shape aws-sdk-rust users write: `tokio` with every feature,
//! `#[tokio::main]` (the multi-thread runtime), configuration from the environment. The job
//! is `theirs`'s (`../theirs/src/walk.rs`).

#[path = "../../theirs/src/walk.rs"]
mod walk;

#[tokio::main]
async fn main() {
    walk::walk().await;
}
