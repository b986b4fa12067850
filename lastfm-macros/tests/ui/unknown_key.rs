// In auth.yaml, a method misspells the key `description` as `descripton`.
lastfm_macros::api!("unknown_key/spec");

fn main() {}
