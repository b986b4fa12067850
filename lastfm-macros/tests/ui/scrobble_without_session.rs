// Scrobbling needs a session too, whichever way it is called.
fn main() {
    let client = lastfm_api::Client::builder().api_key("key").build().unwrap();
    let _request = client.track().scrobble(["Cher"], ["Believe"], [1_700_000_000]);
    let _report = client.scrobble(&[]);
}
