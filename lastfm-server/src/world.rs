//! The state the offline server keeps: the catalogue, and what each user did.
//! Writes (scrobbles, loves, tags, now playing) change what reads return.

use crate::catalogue::Catalogue;

/// One scrobble.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Play {
    pub artist: String,
    pub track: String,
    /// Empty when not given.
    pub album: String,
    pub album_artist: String,
    /// Unix seconds when playback started.
    pub timestamp: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NowPlaying {
    pub artist: String,
    pub track: String,
    pub album: String,
    pub album_artist: String,
    pub started: u64,
    /// Seconds; the row disappears after it (or after 10 minutes when unknown).
    pub duration: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loved {
    pub artist: String,
    pub track: String,
    pub at: u64,
}

/// What a user tagged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TagTarget {
    Artist { artist: String },
    Album { artist: String, album: String },
    Track { artist: String, track: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tagging {
    pub target: TagTarget,
    pub tag: String,
    pub at: u64,
}

#[derive(Debug, Clone)]
pub struct UserData {
    pub name: String,
    pub realname: String,
    pub country: String,
    pub registered: u64,
    pub subscriber: bool,
    /// Oldest first.
    pub scrobbles: Vec<Play>,
    pub loved: Vec<Loved>,
    pub taggings: Vec<Tagging>,
    pub now_playing: Option<NowPlaying>,
    pub friends: Vec<String>,
    /// Scrobbles accepted per UTC day, for the daily limit.
    pub accepted_today: (u64, u32),
}

impl UserData {
    pub fn new(name: &str, subscriber: bool, registered: u64) -> Self {
        UserData {
            name: name.to_owned(),
            realname: String::new(),
            country: "None".to_owned(),
            registered,
            subscriber,
            scrobbles: Vec::new(),
            loved: Vec::new(),
            taggings: Vec::new(),
            now_playing: None,
            friends: Vec::new(),
            accepted_today: (0, 0),
        }
    }

    /// Adds a scrobble, keeping the list ordered by time (stable for equal times).
    pub fn add_play(&mut self, play: Play) {
        let at = self
            .scrobbles
            .partition_point(|p| p.timestamp <= play.timestamp);
        self.scrobbles.insert(at, play);
    }

    /// Whether a scrobble of `track` by `artist` at `timestamp` is stored
    /// (names compare regardless of case, as `lastfm_api::Scrobble::key`).
    pub fn has_play(&self, artist: &str, track: &str, timestamp: u64) -> bool {
        let same = |a: &str, b: &str| a == b || a.to_lowercase() == b.to_lowercase();
        let from = self.scrobbles.partition_point(|p| p.timestamp < timestamp);
        self.scrobbles[from..]
            .iter()
            .take_while(|p| p.timestamp == timestamp)
            .any(|p| same(&p.artist, artist) && same(&p.track, track))
    }

    /// The now-playing row, if still current at `now`.
    pub fn now_playing_at(&self, now: u64) -> Option<&NowPlaying> {
        self.now_playing.as_ref().filter(|n| {
            let lasts = if n.duration > 0 {
                u64::from(n.duration)
            } else {
                600
            };
            now < n.started + lasts
        })
    }

    pub fn plays_of_track(&self, artist: &str, track: &str) -> u64 {
        self.scrobbles
            .iter()
            .filter(|p| {
                p.artist.eq_ignore_ascii_case(artist) && p.track.eq_ignore_ascii_case(track)
            })
            .count() as u64
    }

    pub fn plays_of_artist(&self, artist: &str) -> u64 {
        self.scrobbles
            .iter()
            .filter(|p| p.artist.eq_ignore_ascii_case(artist))
            .count() as u64
    }

    pub fn plays_of_album(&self, artist: &str, album: &str) -> u64 {
        self.scrobbles
            .iter()
            .filter(|p| {
                p.artist.eq_ignore_ascii_case(artist) && p.album.eq_ignore_ascii_case(album)
            })
            .count() as u64
    }

    pub fn loves(&self, artist: &str, track: &str) -> bool {
        self.loved
            .iter()
            .any(|l| l.artist.eq_ignore_ascii_case(artist) && l.track.eq_ignore_ascii_case(track))
    }

    /// The user's tags on `target`, in the order they were added.
    pub fn tags_on(&self, target: &TagTarget) -> Vec<&str> {
        self.taggings
            .iter()
            .filter(|t| same_target(&t.target, target))
            .map(|t| t.tag.as_str())
            .collect()
    }
}

/// Targets compare case-insensitively, as the service matches names.
pub fn same_target(a: &TagTarget, b: &TagTarget) -> bool {
    let eq = |x: &str, y: &str| x.eq_ignore_ascii_case(y);
    match (a, b) {
        (TagTarget::Artist { artist: a }, TagTarget::Artist { artist: b }) => eq(a, b),
        (
            TagTarget::Album {
                artist: a,
                album: x,
            },
            TagTarget::Album {
                artist: b,
                album: y,
            },
        ) => eq(a, b) && eq(x, y),
        (
            TagTarget::Track {
                artist: a,
                track: x,
            },
            TagTarget::Track {
                artist: b,
                track: y,
            },
        ) => eq(a, b) && eq(x, y),
        _ => false,
    }
}

#[derive(Debug, Clone)]
pub struct World {
    pub catalogue: Catalogue,
    pub users: Vec<UserData>,
    /// Whether a scrobble repeating a stored one (same user, artist, track
    /// and timestamp) is dropped while answered as accepted, as Last.fm
    /// does (the default); `false` stores repeats, as services that keep
    /// them do.
    pub drop_repeated_scrobbles: bool,
    /// Whether a user's scrobbles beyond the daily limit are ignored (code
    /// 5), as on Last.fm (the default); `false` for bulk jobs and benchmarks.
    pub daily_scrobble_limit: bool,
}

impl World {
    pub fn new(catalogue: Catalogue) -> Self {
        World {
            catalogue,
            users: Vec::new(),
            drop_repeated_scrobbles: true,
            daily_scrobble_limit: true,
        }
    }

    /// Gives `user` a history of `plays` plays of the catalogue's tracks,
    /// one about every three hours going back from `now`; `false` when there
    /// is no such user (or no track to play).
    pub fn seed_plays(&mut self, user: &str, plays: usize, now: u64) -> bool {
        let tracks = &self.catalogue.tracks;
        let Some(data) = self
            .users
            .iter_mut()
            .find(|u| u.name.eq_ignore_ascii_case(user))
        else {
            return false;
        };
        if tracks.is_empty() {
            return false;
        }
        // Oldest first, so each play is appended rather than inserted.
        for i in (0..plays as u64).rev() {
            // A stride coprime with most catalogue sizes spreads the plays.
            let n = i as usize;
            let t = &tracks[(n * 7 + n / tracks.len()) % tracks.len()];
            data.add_play(Play {
                artist: t.artist.clone(),
                track: t.name.clone(),
                album: t.album.clone(),
                album_artist: String::new(),
                timestamp: now.saturating_sub(3600 + i * 3 * 3600 + (i * 37) % 900),
            });
        }
        true
    }

    pub fn user(&self, name: &str) -> Option<&UserData> {
        self.users
            .iter()
            .find(|u| u.name.eq_ignore_ascii_case(name))
    }

    pub fn user_mut(&mut self, name: &str) -> Option<&mut UserData> {
        self.users
            .iter_mut()
            .find(|u| u.name.eq_ignore_ascii_case(name))
    }

    /// Everyone's plays of a track: the catalogue's count plus the scrobbles made here.
    pub fn scrobbles_of_track(&self, artist: &str, track: &str) -> u64 {
        self.users
            .iter()
            .map(|u| u.plays_of_track(artist, track))
            .sum()
    }

    pub fn scrobbles_of_artist(&self, artist: &str) -> u64 {
        self.users.iter().map(|u| u.plays_of_artist(artist)).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeded_plays_go_back_in_time_oldest_first() {
        let mut world = World::new(Catalogue::seeded());
        world.users.push(UserData::new("alice", false, 0));
        let now = 2_000_000_000;
        assert!(world.seed_plays("ALICE", 1000, now));
        assert!(!world.seed_plays("bob", 1, now));
        let plays = &world.user("alice").unwrap().scrobbles;
        assert_eq!(plays.len(), 1000);
        assert!(plays.windows(2).all(|w| w[0].timestamp < w[1].timestamp));
        let newest = plays.last().unwrap().timestamp;
        assert!(newest <= now - 3600 && newest > now - 2 * 3600);
        // Spread over the catalogue, not one track again and again.
        let tracks: std::collections::HashSet<_> = plays.iter().map(|p| &p.track).collect();
        assert!(tracks.len() > 10, "{}", tracks.len());
    }
}
