// In auth.yaml, a method needs a session but is sent with GET (no `http: POST`).
lastfm_macros::api!("session_method_get/spec");

fn main() {}
