// auth.yaml has three mistakes (an unknown auth level, an unknown error code, `array: true`): all are reported.
lastfm_macros::api!("several_mistakes/spec");

fn main() {}
