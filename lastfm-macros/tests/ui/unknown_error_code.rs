// In auth.yaml, a method lists error code 99, which errors.yaml does not declare.
lastfm_macros::api!("unknown_error_code/spec");

fn main() {}
