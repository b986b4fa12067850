//! The persistence hook: what one server saved, the next one serves.

use lastfm_server::{Loved, Play, Server, TagTarget, Tagging};

async fn server() -> Server {
    Server::builder()
        .api_key("k", "s")
        .user("alice", "pw")
        .user("bob", "pw")
        .start()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_saved_state_is_loaded_by_the_next_server() {
    let dir = std::env::temp_dir().join(format!("lastfm-server-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("state.json");

    let first = server().await;
    let key = first.open_session("k", "alice");
    first.world(|w| {
        let alice = w.user_mut("alice").unwrap();
        for (i, track) in ["Believe", "Strong Enough", "Believe"].iter().enumerate() {
            alice.add_play(Play {
                artist: "Cher".into(),
                track: (*track).into(),
                album: "Believe".into(),
                album_artist: String::new(),
                timestamp: 1_700_000_000 + i as u64 * 60,
            });
        }
        alice.loved.push(Loved {
            artist: "Cher".into(),
            track: "Believe".into(),
            at: 1_700_000_500,
        });
        alice.taggings.push(Tagging {
            target: TagTarget::Album {
                artist: "Cher".into(),
                album: "Believe".into(),
            },
            tag: "pop".into(),
            at: 1_700_000_600,
        });
    });
    first.save_state(&path).unwrap();
    drop(first);

    let second = server().await;
    second.load_state(&path).unwrap();
    second.world(|w| {
        let alice = w.user("alice").unwrap();
        let plays: Vec<(&str, u64)> = alice
            .scrobbles
            .iter()
            .map(|p| (p.track.as_str(), p.timestamp))
            .collect();
        assert_eq!(
            plays,
            [
                ("Believe", 1_700_000_000),
                ("Strong Enough", 1_700_000_060),
                ("Believe", 1_700_000_120)
            ]
        );
        assert!(alice.loves("cher", "believe"));
        let album = TagTarget::Album {
            artist: "cher".into(),
            album: "believe".into(),
        };
        assert_eq!(alice.tags_on(&album), ["pop"]);
        assert!(w.user("bob").unwrap().scrobbles.is_empty());
    });
    // The session is open again: saving the second server writes it back.
    let again = dir.join("again.json");
    second.save_state(&again).unwrap();
    let text = std::fs::read_to_string(&again).unwrap();
    assert!(text.contains(&key), "the session survives a restart");
    assert_eq!(text, std::fs::read_to_string(&path).unwrap());

    // A file that is not a saved state is an error, not an empty world.
    std::fs::write(&path, "{\"version\": 99, \"users\": [], \"sessions\": []}").unwrap();
    let err = second.load_state(&path).unwrap_err();
    assert!(err.to_string().contains("version 99"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}
