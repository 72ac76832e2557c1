#![doc = include_str!("../README.md")]
#![warn(missing_docs)]

mod client;
pub mod config;
pub mod credentials;
pub mod endpoint;
pub mod error;
#[allow(missing_docs, clippy::all)]
mod generated;
pub mod pagination;
pub mod primitives;
mod protocol;
mod retry;
mod signing;
mod transport;
mod user_agent;

pub use client::Client;
pub use config::{Config, Region};
pub use credentials::Credentials;
pub use generated::error::Error;
pub use generated::{operation, types, API_VERSION};
