// In auth.yaml, a method has no `description`.
lastfm_macros::api!("missing_description/spec");

fn main() {}
