// In auth.yaml, a parameter is named `crate`, which Rust cannot use as an identifier, not even as `r#crate`.
lastfm_macros::api!("reserved_name/spec");

fn main() {}
