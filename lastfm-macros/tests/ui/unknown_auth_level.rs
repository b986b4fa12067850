// auth.yaml misspells the auth level `signed` as `sined`.
lastfm_macros::api!("unknown_auth_level/spec");

fn main() {}
