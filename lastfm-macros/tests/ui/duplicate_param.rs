// auth.yaml declares the parameter `token` twice in the same method.
lastfm_macros::api!("duplicate_param/spec");

fn main() {}
