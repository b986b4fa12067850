// In auth.yaml, an alternative names `mbid`, which the method does not declare.
lastfm_macros::api!("alternative_undeclared_param/spec");

fn main() {}
