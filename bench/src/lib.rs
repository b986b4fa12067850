//! See `benches/figures.rs` and `compare.sh`.
