// auth.yaml declares the method `getToken` twice.
lastfm_macros::api!("duplicate_method/spec");

fn main() {}
