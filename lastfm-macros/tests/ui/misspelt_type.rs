// In auth.yaml, auth.getSession answers `Sesion`, a misspelling of the declared `Session`.
lastfm_macros::api!("misspelt_type/spec");

fn main() {}
