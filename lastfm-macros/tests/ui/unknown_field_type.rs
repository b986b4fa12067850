// In auth.yaml, a field has the type `boolean`, which is neither built in nor a declared type.
lastfm_macros::api!("unknown_field_type/spec");

fn main() {}
