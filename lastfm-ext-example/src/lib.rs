//! An example of extending `lastfm-api` from outside: this crate declares
//! `user.getTrackScrobbles` (which Last.fm answers but does not document) in
//! its own `spec/user_extras.yaml`, and the same `api!` macro generates the
//! request, its types and an extension trait for `Client` and
//! `SessionClient`.
//!
//! ```no_run
//! use lastfm_ext_example::UserExtrasExt;
//!
//! # async fn run(client: lastfm_api::Client) -> Result<(), lastfm_api::Error> {
//! let page = client.user_extras().get_track_scrobbles("rj", "Cher", "Believe").await?;
//! for scrobble in &page.scrobbles {
//!     println!("{} at {:?}", scrobble.name, scrobble.date);
//! }
//! # Ok(()) }
//! ```

lastfm_macros::api!("../spec", extension = UserExtrasExt);

/// The spec files of this crate, for an offline server that should know
/// their methods (`lastfm_server::ServerBuilder::extra_spec`).
pub const SPEC_FILES: &[(&str, &str)] =
    &[("user_extras.yaml", include_str!("../spec/user_extras.yaml"))];
