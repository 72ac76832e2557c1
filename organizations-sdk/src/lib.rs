#![doc = include_str!("lib.md")]
#![warn(missing_docs)]
// `SdkError` keeps the raw response beside the typed error, as aws-sdk-rust's does.
#![allow(clippy::result_large_err)]

pub mod accounts;
mod attempt;
mod client;
mod clock_skew;
mod compression;
pub mod config;
pub mod credentials;
pub mod endpoint;
pub mod error;
// Generated code is formatted by the generator (prettyplease), not by rustfmt.
#[rustfmt::skip]
mod generated;
pub mod http_client;
mod json;
#[cfg(test)]
mod model_tests;
pub mod pagination;
mod percent;
pub mod primitives;
mod protocol;
mod random;
mod retry;
mod settings;
mod signing;
pub mod snapshot;
#[cfg(feature = "test-util")]
pub mod test_util;
mod time;
mod transport;
mod user_agent;
pub mod waiters;

mod service;

/// The service the runtime serves, described by the generated code.
pub(crate) static SERVICE: &service::Service = &generated::SERVICE;

pub use client::Client;
pub use config::{Config, Region};
pub use credentials::Credentials;
pub use generated::error::Error;
pub use generated::{operation, types, API_VERSION, MODEL_VERSION};
