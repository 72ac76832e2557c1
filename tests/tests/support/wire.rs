//! Exact-wire helpers.
