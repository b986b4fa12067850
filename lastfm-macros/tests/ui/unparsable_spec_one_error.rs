// The extension's spec file does not parse; the code below the macro uses
// its accessor, method and type, and gets no second error.
lastfm_macros::api!("unparsable_spec_one_error/spec", extension = ScrobblesExt);

fn main() {
    let client = lastfm_api::Client::builder().api_key("key").build().unwrap();
    let _request = client.scrobbles().get_track_scrobbles("rj", "Cher", "Believe");
    let answer: Option<types::TrackScrobbles> = None;
    let _dates: Vec<Option<lastfm_api::Timestamp>> = answer.iter().flat_map(|a| a.scrobbles.iter().map(|s| s.date)).collect();
}
