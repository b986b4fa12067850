//! The seeded music catalogue the offline server answers from: a dozen
//! artists with albums, tracks, tags and descriptions, among them names in
//! Cyrillic, Japanese and with punctuation, so clients meet real-world text.
//! Deterministic, so tests can assert on values.

/// One artist.
#[derive(Debug, Clone)]
pub struct ArtistRec {
    pub name: String,
    pub mbid: String,
    pub country: String,
    pub listeners: u64,
    pub playcount: u64,
    pub tags: Vec<String>,
    pub similar: Vec<String>,
    /// Misspellings that `autocorrect` and `getCorrection` turn into `name`.
    pub misspellings: Vec<String>,
    pub bio: String,
}

#[derive(Debug, Clone)]
pub struct AlbumRec {
    pub artist: String,
    pub title: String,
    pub mbid: String,
    pub listeners: u64,
    pub playcount: u64,
    pub tags: Vec<String>,
    /// Track titles in album order.
    pub tracks: Vec<String>,
    pub release_year: u32,
}

#[derive(Debug, Clone)]
pub struct TrackRec {
    pub artist: String,
    pub name: String,
    pub album: String,
    /// Position on the album, from 1.
    pub number: u32,
    /// Empty for tracks without a MusicBrainz id, as the service has many.
    pub mbid: String,
    pub duration_secs: u32,
    pub listeners: u64,
    pub playcount: u64,
    pub tags: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct TagRec {
    pub name: String,
    pub reach: u64,
    pub taggings: u64,
    pub summary: String,
}

#[derive(Debug, Clone)]
pub struct Catalogue {
    pub artists: Vec<ArtistRec>,
    pub albums: Vec<AlbumRec>,
    pub tracks: Vec<TrackRec>,
    pub tags: Vec<TagRec>,
}

/// One seeded artist and what the catalogue derives from it.
struct ArtistSeed {
    name: &'static str,
    country: &'static str,
    tags: &'static [&'static str],
    similar: &'static [&'static str],
    /// Spellings that autocorrect to `name`.
    misspellings: &'static [&'static str],
    albums: &'static [AlbumSeed],
}

/// One seeded album: its tracks in album order.
struct AlbumSeed {
    title: &'static str,
    year: u32,
    tracks: &'static [&'static str],
}

const SEED: &[ArtistSeed] = &[
    ArtistSeed {
        name: "Cher",
        country: "United States",
        tags: &["pop", "dance", "80s"],
        similar: &["Madonna", "Kylie Minogue"],
        misspellings: &["cher", "Sher"],
        albums: &[
            AlbumSeed {
                title: "Believe",
                year: 1998,
                tracks: &[
                    "Believe",
                    "The Power",
                    "Runaway",
                    "All or Nothing",
                    "Strong Enough",
                ],
            },
            AlbumSeed {
                title: "Heart of Stone",
                year: 1989,
                tracks: &[
                    "If I Could Turn Back Time",
                    "Just Like Jesse James",
                    "Heart of Stone",
                ],
            },
        ],
    },
    ArtistSeed {
        name: "Madonna",
        country: "United States",
        tags: &["pop", "dance", "80s"],
        similar: &["Cher", "Kylie Minogue"],
        misspellings: &["madona"],
        albums: &[
            AlbumSeed {
                title: "Ray of Light",
                year: 1998,
                tracks: &[
                    "Drowned World/Substitute for Love",
                    "Swim",
                    "Ray of Light",
                    "Frozen",
                ],
            },
            AlbumSeed {
                title: "True Blue",
                year: 1986,
                tracks: &[
                    "Papa Don't Preach",
                    "Open Your Heart",
                    "White Heat",
                    "Live to Tell",
                ],
            },
        ],
    },
    ArtistSeed {
        name: "Kylie Minogue",
        country: "Australia",
        tags: &["pop", "dance", "electronic"],
        similar: &["Madonna", "Cher"],
        misspellings: &["kylie"],
        albums: &[AlbumSeed {
            title: "Fever",
            year: 2001,
            tracks: &[
                "More More More",
                "Love at First Sight",
                "Can't Get You Out of My Head",
                "Fever",
            ],
        }],
    },
    ArtistSeed {
        name: "Guns N' Roses",
        country: "United States",
        tags: &["rock", "hard rock", "80s"],
        similar: &["AC/DC", "Metallica"],
        misspellings: &["guns and roses", "Guns n Roses"],
        albums: &[AlbumSeed {
            title: "Appetite for Destruction",
            year: 1987,
            tracks: &[
                "Welcome to the Jungle",
                "It's So Easy",
                "Nightrain",
                "Mr. Brownstone",
                "Paradise City",
            ],
        }],
    },
    ArtistSeed {
        name: "AC/DC",
        country: "Australia",
        tags: &["rock", "hard rock"],
        similar: &["Guns N' Roses", "Metallica"],
        misspellings: &["acdc", "AC DC"],
        albums: &[AlbumSeed {
            title: "Back in Black",
            year: 1980,
            tracks: &[
                "Hells Bells",
                "Shoot to Thrill",
                "Back in Black",
                "You Shook Me All Night Long",
            ],
        }],
    },
    ArtistSeed {
        name: "Metallica",
        country: "United States",
        tags: &["metal", "thrash metal", "rock"],
        similar: &["AC/DC", "Guns N' Roses"],
        misspellings: &["metalica"],
        albums: &[AlbumSeed {
            title: "Master of Puppets",
            year: 1986,
            tracks: &[
                "Battery",
                "Master of Puppets",
                "The Thing That Should Not Be",
                "Welcome Home (Sanitarium)",
            ],
        }],
    },
    ArtistSeed {
        name: "Земфира",
        country: "Russia",
        tags: &["rock", "russian", "female vocalists"],
        similar: &["Sigur Rós"],
        misspellings: &["Zemfira"],
        albums: &[AlbumSeed {
            title: "Земфира",
            year: 1999,
            tracks: &["Снег", "Ариведерчи", "СПИД", "Ромашки"],
        }],
    },
    ArtistSeed {
        name: "宇多田ヒカル",
        country: "Japan",
        tags: &["j-pop", "pop", "female vocalists"],
        similar: &["Kylie Minogue"],
        misspellings: &["Utada Hikaru", "Hikaru Utada"],
        albums: &[AlbumSeed {
            title: "First Love",
            year: 1999,
            tracks: &[
                "Automatic",
                "Movin' on without you",
                "First Love",
                "甘いワナ 〜Paint It, Black",
            ],
        }],
    },
    ArtistSeed {
        name: "Sigur Rós",
        country: "Iceland",
        tags: &["post-rock", "ambient", "indie"],
        similar: &["Земфира", "Radiohead"],
        misspellings: &["Sigur Ros"],
        albums: &[AlbumSeed {
            title: "Ágætis byrjun",
            year: 1999,
            tracks: &["Intro", "Svefn-g-englar", "Starálfur", "Flugufrelsarinn"],
        }],
    },
    ArtistSeed {
        name: "Radiohead",
        country: "United Kingdom",
        tags: &["alternative", "indie", "rock"],
        similar: &["Sigur Rós", "Portishead"],
        misspellings: &["radio head"],
        albums: &[
            AlbumSeed {
                title: "OK Computer",
                year: 1997,
                tracks: &[
                    "Airbag",
                    "Paranoid Android",
                    "Subterranean Homesick Alien",
                    "Karma Police",
                    "No Surprises",
                ],
            },
            AlbumSeed {
                title: "Kid A",
                year: 2000,
                tracks: &[
                    "Everything in Its Right Place",
                    "Kid A",
                    "The National Anthem",
                    "Idioteque",
                ],
            },
        ],
    },
    ArtistSeed {
        name: "Portishead",
        country: "United Kingdom",
        tags: &["trip-hop", "electronic", "female vocalists"],
        similar: &["Radiohead", "Massive Attack"],
        misspellings: &["portishead"],
        albums: &[AlbumSeed {
            title: "Dummy",
            year: 1994,
            tracks: &["Mysterons", "Sour Times", "Strangers", "Glory Box"],
        }],
    },
    ArtistSeed {
        name: "Massive Attack",
        country: "United Kingdom",
        tags: &["trip-hop", "electronic"],
        similar: &["Portishead"],
        misspellings: &["massive atack"],
        albums: &[AlbumSeed {
            title: "Mezzanine",
            year: 1998,
            tracks: &["Angel", "Risingson", "Teardrop", "Inertia Creeps"],
        }],
    },
];

const TAG_SUMMARIES: &[(&str, &str)] = &[
    (
        "rock",
        "Rock music is a genre of popular music that originated as \"rock and roll\" in the 1950s.",
    ),
    (
        "pop",
        "Pop music is a genre of popular music that originated in its modern form in the 1950s.",
    ),
    (
        "electronic",
        "Electronic music is music that employs electronic musical instruments.",
    ),
    (
        "dance",
        "Dance music is music composed specifically to facilitate or accompany dancing.",
    ),
];

/// A stable fake MusicBrainz id derived from a name (version-4 shaped).
fn mbid(seed: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut digits = String::new();
    for round in 0..4u64 {
        for b in seed.bytes().chain(round.to_le_bytes()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        digits.push_str(&format!("{h:016x}"));
    }
    format!(
        "{}-{}-4{}-a{}-{}",
        &digits[0..8],
        &digits[8..12],
        &digits[13..16],
        &digits[17..20],
        &digits[20..32]
    )
}

fn popularity(seed: &str, scale: u64) -> u64 {
    let h = seed
        .bytes()
        .fold(7u64, |h, b| h.wrapping_mul(31).wrapping_add(u64::from(b)));
    scale / 2 + h % scale
}

impl Catalogue {
    pub fn seeded() -> Catalogue {
        let mut c = Catalogue {
            artists: Vec::new(),
            albums: Vec::new(),
            tracks: Vec::new(),
            tags: Vec::new(),
        };
        for (i, seed) in SEED.iter().enumerate() {
            let ArtistSeed {
                name: artist,
                country,
                tags,
                similar,
                misspellings,
                albums,
            } = seed;
            let tags: Vec<String> = tags.iter().map(|t| t.to_string()).collect();
            c.artists.push(ArtistRec {
                name: artist.to_string(),
                mbid: mbid(artist),
                country: country.to_string(),
                listeners: popularity(artist, 3_000_000),
                playcount: popularity(artist, 90_000_000),
                tags: tags.clone(),
                similar: similar.iter().map(|s| s.to_string()).collect(),
                misspellings: misspellings.iter().map(|s| s.to_string()).collect(),
                bio: format!(
                    "{artist} is an artist from {country}. <a href=\"https://www.last.fm/music/{}\">Read more on Last.fm</a>",
                    artist.replace(' ', "+")
                ),
            });
            for AlbumSeed {
                title,
                year,
                tracks,
            } in albums.iter()
            {
                c.albums.push(AlbumRec {
                    artist: artist.to_string(),
                    title: title.to_string(),
                    mbid: mbid(&format!("{artist}/{title}")),
                    listeners: popularity(title, 1_000_000),
                    playcount: popularity(title, 20_000_000),
                    tags: tags.iter().take(2).cloned().collect(),
                    tracks: tracks.iter().map(|t| t.to_string()).collect(),
                    release_year: *year,
                });
                for (n, track) in tracks.iter().enumerate() {
                    let key = format!("{artist}/{title}/{track}");
                    c.tracks.push(TrackRec {
                        artist: artist.to_string(),
                        name: track.to_string(),
                        album: title.to_string(),
                        number: n as u32 + 1,
                        // Every third track has no MusicBrainz id, as on the service.
                        mbid: if (i + n) % 3 == 2 {
                            String::new()
                        } else {
                            mbid(&key)
                        },
                        duration_secs: 150 + (popularity(&key, 200) as u32),
                        listeners: popularity(&key, 500_000),
                        playcount: popularity(&key, 5_000_000),
                        tags: tags.iter().take(2).cloned().collect(),
                    });
                }
            }
        }
        let mut tag_names: Vec<String> = c.artists.iter().flat_map(|a| a.tags.clone()).collect();
        tag_names.sort();
        tag_names.dedup();
        for name in tag_names {
            let users = c.artists.iter().filter(|a| a.tags.contains(&name)).count() as u64;
            let summary = TAG_SUMMARIES
                .iter()
                .find(|(t, _)| *t == name)
                .map(|(_, s)| s.to_string())
                .unwrap_or_else(|| format!("{name} is a tag used on Last.fm."));
            c.tags.push(TagRec {
                reach: users * 100_000 + popularity(&name, 10_000),
                taggings: users * 1_000_000 + popularity(&name, 100_000),
                summary,
                name,
            });
        }
        c
    }

    /// The artist of that name, or a bare record (the name, nothing known)
    /// for one that only users' scrobbles, loves or taggings mention.
    pub(crate) fn artist_or_bare(&self, name: &str) -> ArtistRec {
        self.artist(name).cloned().unwrap_or_else(|| ArtistRec {
            name: name.to_owned(),
            mbid: String::new(),
            country: String::new(),
            listeners: 0,
            playcount: 0,
            tags: Vec::new(),
            similar: Vec::new(),
            misspellings: Vec::new(),
            bio: String::new(),
        })
    }

    /// The album, or a bare record for one the catalogue does not know.
    pub(crate) fn album_or_bare(&self, artist: &str, title: &str) -> AlbumRec {
        self.album(artist, title)
            .cloned()
            .unwrap_or_else(|| AlbumRec {
                artist: artist.to_owned(),
                title: title.to_owned(),
                mbid: String::new(),
                listeners: 0,
                playcount: 0,
                tags: Vec::new(),
                tracks: Vec::new(),
                release_year: 0,
            })
    }

    /// The track, or a bare record for one the catalogue does not know.
    pub(crate) fn track_or_bare(&self, artist: &str, name: &str) -> TrackRec {
        self.track(artist, name)
            .cloned()
            .unwrap_or_else(|| TrackRec {
                artist: artist.to_owned(),
                name: name.to_owned(),
                album: String::new(),
                number: 0,
                mbid: String::new(),
                duration_secs: 0,
                listeners: 0,
                playcount: 0,
                tags: Vec::new(),
            })
    }

    /// The artist of that name, as the service matches names: case-insensitively.
    pub fn artist(&self, name: &str) -> Option<&ArtistRec> {
        self.artists
            .iter()
            .find(|a| a.name.eq_ignore_ascii_case(name))
    }

    /// The artist a misspelled name stands for.
    pub fn correct_artist(&self, name: &str) -> Option<&ArtistRec> {
        self.artist(name).or_else(|| {
            self.artists
                .iter()
                .find(|a| a.misspellings.iter().any(|m| m.eq_ignore_ascii_case(name)))
        })
    }

    /// The MusicBrainz id of an artist, empty for an artist the catalogue
    /// does not know (as the service sends `<mbid></mbid>`).
    pub fn artist_mbid(&self, name: &str) -> &str {
        self.artist(name).map_or("", |a| a.mbid.as_str())
    }

    pub fn artist_by_mbid(&self, mbid: &str) -> Option<&ArtistRec> {
        self.artists.iter().find(|a| a.mbid == mbid)
    }

    pub fn album(&self, artist: &str, title: &str) -> Option<&AlbumRec> {
        self.albums
            .iter()
            .find(|a| a.artist.eq_ignore_ascii_case(artist) && a.title.eq_ignore_ascii_case(title))
    }

    pub fn album_by_mbid(&self, mbid: &str) -> Option<&AlbumRec> {
        self.albums.iter().find(|a| a.mbid == mbid)
    }

    pub fn track(&self, artist: &str, name: &str) -> Option<&TrackRec> {
        self.tracks
            .iter()
            .find(|t| t.artist.eq_ignore_ascii_case(artist) && t.name.eq_ignore_ascii_case(name))
    }

    pub fn track_by_mbid(&self, mbid: &str) -> Option<&TrackRec> {
        self.tracks
            .iter()
            .find(|t| !t.mbid.is_empty() && t.mbid == mbid)
    }

    pub fn tag(&self, name: &str) -> Option<&TagRec> {
        self.tags.iter().find(|t| t.name.eq_ignore_ascii_case(name))
    }

    pub fn albums_of<'a>(&'a self, artist: &'a str) -> impl Iterator<Item = &'a AlbumRec> + 'a {
        self.albums.iter().filter(move |a| a.artist == artist)
    }

    pub fn tracks_of<'a>(&'a self, artist: &'a str) -> impl Iterator<Item = &'a TrackRec> + 'a {
        self.tracks.iter().filter(move |t| t.artist == artist)
    }
}

/// The page URL of an artist, album or track, as the service writes them.
pub fn url(parts: &[&str]) -> String {
    let encoded: Vec<String> = parts
        .iter()
        .map(|p| form_urlencoded::byte_serialize(p.as_bytes()).collect::<String>())
        .collect();
    match encoded.as_slice() {
        [artist] => format!("https://www.last.fm/music/{artist}"),
        [artist, album] => format!("https://www.last.fm/music/{artist}/{album}"),
        [artist, _, track] => format!("https://www.last.fm/music/{artist}/_/{track}"),
        _ => "https://www.last.fm/music".to_owned(),
    }
}

/// The image URLs of an entity, in the four sizes the service sends.
pub fn image_urls(seed: &str) -> [(&'static str, String); 4] {
    let id = &mbid(seed)[..8];
    [
        (
            "small",
            format!("https://lastfm.freetls.fastly.net/i/u/34s/{id}.png"),
        ),
        (
            "medium",
            format!("https://lastfm.freetls.fastly.net/i/u/64s/{id}.png"),
        ),
        (
            "large",
            format!("https://lastfm.freetls.fastly.net/i/u/174s/{id}.png"),
        ),
        (
            "extralarge",
            format!("https://lastfm.freetls.fastly.net/i/u/300x300/{id}.png"),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_is_consistent() {
        let c = Catalogue::seeded();
        assert_eq!(c.artists.len(), 12);
        for a in &c.artists {
            for s in &a.similar {
                assert!(
                    c.artist(s).is_some() || s == "Massive Attack" || s == "Radiohead",
                    "{s}"
                );
            }
        }
        for album in &c.albums {
            for t in &album.tracks {
                assert!(c.track(&album.artist, t).is_some());
            }
        }
        assert_eq!(
            c.correct_artist("guns and roses").unwrap().name,
            "Guns N' Roses"
        );
        assert!(c.tag("rock").is_some());
        assert_eq!(mbid("x").len(), 36);
        assert_eq!(mbid("x"), mbid("x"));
    }
}
