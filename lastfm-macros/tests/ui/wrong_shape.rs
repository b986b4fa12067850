// auth.yaml gives `methods` as a mapping keyed by method name instead of a list.
lastfm_macros::api!("wrong_shape/spec");

fn main() {}
