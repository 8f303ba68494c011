//! The bounded conformance run of `cargo test --workspace`.
