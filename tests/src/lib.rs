//! Integration tests for organizations-sdk live in `tests/tests/`.
