// In auth.yaml, a parameter says `array: true` instead of giving the maximum number of items.
lastfm_macros::api!("array_without_max/spec");

fn main() {}
