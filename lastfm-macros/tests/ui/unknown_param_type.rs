// auth.yaml gives a parameter the type `str`, which is neither built in nor a declared enum.
lastfm_macros::api!("unknown_param_type/spec");

fn main() {}
