// `track.love` needs a user session: it exists on a `SessionClient`'s
// accessor only, so calling it on a plain `Client` does not compile.
fn main() {
    let client = lastfm_api::Client::builder().api_key("key").build().unwrap();
    let _request = client.track().love("Cher", "Believe");
}
