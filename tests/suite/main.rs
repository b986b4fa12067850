//! The workspace's integration tests, one binary (one link step) with a
//! module per API package or concern. Shared set-up lives in the
//! `lastfm-tests` library (`tests/src/lib.rs`).
//!
//! Run one module with a filter, e.g. `cargo test -p lastfm-tests -- album::`;
//! the whole-workspace proofs (`spec_rebuild`, `walkthrough`) are ignored
//! unless asked for by name with `--ignored` (CI does).

// API packages, against the offline server.
mod album;
mod artist;
mod auth_flow;
mod chart;
mod geo;
mod library;
mod tag;
mod track;
mod user;

// Concerns that cut across packages.
mod blocking;
mod cache;
mod cli_walker;
mod coverage;
mod decoding;
mod dedup;
mod dropin;
mod examples;
mod faults;
mod fuzz_corpus;
mod history;
mod hostile_responses;
mod json;
mod rate_limit;
mod schema;
mod secrets;
mod signing;
mod soak;
mod spec_rebuild;
mod walkthrough;

// A private copy of the workspace, for the two whole-workspace proofs above.
mod private_copy;
