//! Keeping what users did between runs of an embedded server: each user's
//! scrobbles, loves and tags, and the open sessions, in one JSON file.
//!
//! The catalogue and the accounts come from the builder on every start; only
//! what calls changed is saved. A user in the file without an account on the
//! server is skipped when loading, so a file cannot create accounts.

use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::world::{Loved, Play, TagTarget, Tagging, World};

/// The file's version; a file of another version is refused, not misread.
const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Saved {
    version: u32,
    users: Vec<SavedUser>,
    sessions: Vec<SavedSession>,
}

#[derive(Serialize, Deserialize)]
struct SavedUser {
    name: String,
    scrobbles: Vec<SavedPlay>,
    loved: Vec<SavedLove>,
    taggings: Vec<SavedTagging>,
}

#[derive(Serialize, Deserialize)]
struct SavedPlay {
    artist: String,
    track: String,
    album: String,
    album_artist: String,
    timestamp: u64,
}

#[derive(Serialize, Deserialize)]
struct SavedLove {
    artist: String,
    track: String,
    at: u64,
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
enum SavedTarget {
    Artist { artist: String },
    Album { artist: String, album: String },
    Track { artist: String, track: String },
}

#[derive(Serialize, Deserialize)]
struct SavedTagging {
    target: SavedTarget,
    tag: String,
    at: u64,
}

#[derive(Serialize, Deserialize)]
pub(crate) struct SavedSession {
    pub key: String,
    pub api_key: String,
    pub user: String,
}

fn invalid(path: &Path, e: impl std::fmt::Display) -> io::Error {
    io::Error::new(
        io::ErrorKind::InvalidData,
        format!("{}: not a saved server state: {e}", path.display()),
    )
}

/// Writes the users' data and the sessions to `path`, atomically (a
/// temporary file beside it, renamed over it).
pub(crate) fn save(world: &World, sessions: Vec<SavedSession>, path: &Path) -> io::Result<()> {
    let saved = Saved {
        version: VERSION,
        users: world
            .users
            .iter()
            .map(|u| SavedUser {
                name: u.name.clone(),
                scrobbles: u
                    .scrobbles
                    .iter()
                    .map(|p| SavedPlay {
                        artist: p.artist.clone(),
                        track: p.track.clone(),
                        album: p.album.clone(),
                        album_artist: p.album_artist.clone(),
                        timestamp: p.timestamp,
                    })
                    .collect(),
                loved: u
                    .loved
                    .iter()
                    .map(|l| SavedLove {
                        artist: l.artist.clone(),
                        track: l.track.clone(),
                        at: l.at,
                    })
                    .collect(),
                taggings: u
                    .taggings
                    .iter()
                    .map(|t| SavedTagging {
                        target: match &t.target {
                            TagTarget::Artist { artist } => SavedTarget::Artist {
                                artist: artist.clone(),
                            },
                            TagTarget::Album { artist, album } => SavedTarget::Album {
                                artist: artist.clone(),
                                album: album.clone(),
                            },
                            TagTarget::Track { artist, track } => SavedTarget::Track {
                                artist: artist.clone(),
                                track: track.clone(),
                            },
                        },
                        tag: t.tag.clone(),
                        at: t.at,
                    })
                    .collect(),
            })
            .collect(),
        sessions,
    };
    let text = serde_json::to_vec(&saved).map_err(|e| invalid(path, e))?;
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
}

/// Reads a file written by [`save`] into `world` (replacing the data of the
/// users it names) and returns its sessions.
pub(crate) fn load(world: &mut World, path: &Path) -> io::Result<Vec<SavedSession>> {
    let text = std::fs::read(path)?;
    let saved: Saved = serde_json::from_slice(&text).map_err(|e| invalid(path, e))?;
    if saved.version != VERSION {
        return Err(invalid(
            path,
            format!("version {} (expected {VERSION})", saved.version),
        ));
    }
    for user in saved.users {
        let Some(data) = world.user_mut(&user.name) else {
            continue;
        };
        data.scrobbles.clear();
        for p in user.scrobbles {
            data.add_play(Play {
                artist: p.artist,
                track: p.track,
                album: p.album,
                album_artist: p.album_artist,
                timestamp: p.timestamp,
            });
        }
        data.loved = user
            .loved
            .into_iter()
            .map(|l| Loved {
                artist: l.artist,
                track: l.track,
                at: l.at,
            })
            .collect();
        data.taggings = user
            .taggings
            .into_iter()
            .map(|t| Tagging {
                target: match t.target {
                    SavedTarget::Artist { artist } => TagTarget::Artist { artist },
                    SavedTarget::Album { artist, album } => TagTarget::Album { artist, album },
                    SavedTarget::Track { artist, track } => TagTarget::Track { artist, track },
                },
                tag: t.tag,
                at: t.at,
            })
            .collect();
    }
    Ok(saved.sessions)
}
