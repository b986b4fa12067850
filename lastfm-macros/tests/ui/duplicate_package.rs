// Two files, auth.yaml and session.yaml, both declare the package `auth`.
lastfm_macros::api!("duplicate_package/spec");

fn main() {}
