//! `cargo bench -p lastfm-bench`: each figure beside its floor, the cost of
//! the same work done by hand with the same crates, which no implementation
//! can beat. Prints one line per measure, `name value unit` plus the floor
//! and the ratio; `bench/compare.sh` reads them and adds pylast's.
//!
//! Timing: each measure runs in rounds of at least 200 ms; the best round of
//! seven is kept (the least disturbed by the rest of the machine). A measure
//! and its floor take their rounds in turn, so both meet the same load.

use std::hint::black_box;
use std::path::PathBuf;
use std::time::Instant;

use md5::{Digest, Md5};

mod by_hand;

/// Iterations of `f` that take at least 200 ms.
fn calibrate(f: &mut impl FnMut()) -> u64 {
    let mut per_round = 1u64;
    loop {
        if round(f, per_round) * per_round as f64 >= 0.2 {
            return per_round;
        }
        per_round *= 2;
    }
}

/// Seconds per iteration of `f` over one round of `n`.
fn round(f: &mut impl FnMut(), n: u64) -> f64 {
    let start = Instant::now();
    for _ in 0..n {
        f();
    }
    start.elapsed().as_secs_f64() / n as f64
}

/// Seconds per iteration of `f`, best of 7 rounds.
fn time(mut f: impl FnMut()) -> f64 {
    let n = calibrate(&mut f);
    (0..7)
        .map(|_| round(&mut f, n))
        .fold(f64::INFINITY, f64::min)
}

/// Seconds per iteration of `ours` and of its `floor`, best of 7 rounds
/// each, the rounds taken in turn so both meet the same load on a shared
/// machine.
fn time_beside(mut ours: impl FnMut(), mut floor: impl FnMut()) -> (f64, f64) {
    let (n, m) = (calibrate(&mut ours), calibrate(&mut floor));
    (0..7)
        .map(|_| (round(&mut ours, n), round(&mut floor, m)))
        .fold((f64::INFINITY, f64::INFINITY), |(a, b), (x, y)| {
            (a.min(x), b.min(y))
        })
}

fn report(name: &str, value: f64, unit: &str, floor: f64, note: &str) {
    let ratio = if unit.ends_with("/s") {
        floor / value
    } else {
        value / floor
    };
    println!(
        "{name:<34} {value:>12.3} {unit:<8} floor {floor:>12.3} {unit:<8} ratio {ratio:>6.2}  {note}"
    );
}

/// The pylast benchmark's scrobble: 9 track parameters, plus api_key,
/// method and sk. `grouped`: in the order lastfm-api builds a batch (each
/// list whole, `artist[..]`, then `track[..]`..., its items in the byte
/// order of their names: `[0]`, `[10]`..`[19]`, `[1]`, `[20]`...);
/// otherwise track by track, as pylast's dictionary holds them.
fn scrobble_params(tracks: usize, grouped: bool) -> Vec<(String, String)> {
    let one: [(&str, &str); 9] = [
        ("artist", "Sigur Rós"),
        ("track", "Hoppípolla"),
        ("timestamp", "1700000000"),
        ("album", "Takk..."),
        ("albumArtist", "Sigur Rós"),
        ("trackNumber", "2"),
        ("duration", "268"),
        ("mbid", "0f6ba2a8-0b9e-4b7a-9a6b-4e0b6a2c6f1d"),
        ("chosenByUser", "1"),
    ];
    let mut params = vec![
        ("method".to_owned(), "track.scrobble".to_owned()),
        ("api_key".to_owned(), "a".repeat(32)),
    ];
    let mut pairs: Vec<(usize, usize)> = (0..tracks)
        .flat_map(|i| (0..9).map(move |k| (i, k)))
        .collect();
    if grouped {
        pairs.sort_by_key(|&(i, k)| (k, format!("{i}]")));
    }
    for (i, k) in pairs {
        let (name, value) = one[k];
        params.push((format!("{name}[{i}]"), value.to_owned()));
    }
    params.push(("sk".to_owned(), "c".repeat(32)));
    params
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(32);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 15) as usize] as char);
    }
    out
}

fn signing() {
    let secret = "b".repeat(32);
    let cases = [
        (1, true, "sign_1_track_12_params"),
        (50, true, "sign_50_tracks_453_params"),
        (50, false, "sign_50_tracks_interleaved"),
    ];
    for (tracks, grouped, name) in cases {
        let params = scrobble_params(tracks, grouped);
        assert_eq!(params.len(), 3 + 9 * tracks);
        // The floor: MD5 of the bytes already sorted and concatenated, hex-encoded.
        let mut sorted = params.clone();
        sorted.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        let mut text: String = sorted.iter().map(|(k, v)| format!("{k}{v}")).collect();
        text.push_str(&secret);
        let expected = hex(&Md5::digest(text.as_bytes()));
        assert_eq!(
            lastfm_api::api_sig(params.iter().map(|(k, v)| (k, v)), &secret),
            expected
        );
        let (ours, floor) = time_beside(
            || {
                black_box(lastfm_api::api_sig(
                    black_box(&params).iter().map(|(k, v)| (k, v)),
                    &secret,
                ));
            },
            || {
                black_box(hex(&Md5::digest(black_box(text.as_bytes()))));
            },
        );
        let order = if grouped {
            "in the client's order"
        } else {
            "track by track"
        };
        report(
            name,
            ours * 1e6,
            "µs",
            floor * 1e6,
            &format!("api_sig vs MD5 of pre-sorted bytes, parameters {order}"),
        );
    }
}

/// The standard 100 KB document: `LASTFM_BENCH_XML`, or made with the shared script.
fn recent_tracks_xml() -> Option<String> {
    if let Ok(path) = std::env::var("LASTFM_BENCH_XML") {
        return std::fs::read_to_string(path).ok();
    }
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/bench/make_recent_tracks_xml.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg("100000")
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8(out.stdout).ok())
        .flatten()
}

fn decoding() {
    let Some(xml) = recent_tracks_xml() else {
        println!(
            "decode_recent_tracks_100k          skipped: set LASTFM_BENCH_XML or keep ../shared/bench beside the project"
        );
        return;
    };
    let mb = xml.len() as f64 / 1e6;
    let page: lastfm_api::types::RecentTracks = lastfm_api::from_response(&xml).unwrap();
    let rows = page.tracks.len();
    let mut scan = || {
        let mut reader = quick_xml::Reader::from_str(black_box(&xml));
        let mut events = 0usize;
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => events += 1,
                Err(e) => panic!("{e}"),
            }
        }
        black_box(events);
    };
    let decode = || {
        let page: lastfm_api::types::RecentTracks =
            lastfm_api::from_response(black_box(&xml)).unwrap();
        black_box(page);
    };
    let (ours, scan_time) = time_beside(decode, &mut scan);
    report(
        "decode_recent_tracks_100k",
        mb / ours,
        "MB/s",
        mb / scan_time,
        &format!(
            "{} bytes, {rows} rows into RecentTracks vs a bare quick-xml event scan",
            xml.len()
        ),
    );
    // The same rows decoded by hand: what no decoder into these types
    // (their strings allocated) can beat.
    assert!(by_hand::same_as(&by_hand::decode(&xml), &page));
    let (by_hand, scan_time) = time_beside(
        || drop(black_box(by_hand::decode(black_box(&xml)))),
        &mut scan,
    );
    report(
        "decode_by_hand_100k",
        mb / by_hand,
        "MB/s",
        mb / scan_time,
        "the same rows into owned strings by a hand-written quick-xml loop, vs the bare scan",
    );
}

/// A loopback server that answers every request with the same body.
async fn fixed_server(body: &'static str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let response = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let response = response.clone();
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                let mut pending = Vec::new();
                loop {
                    match socket.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => pending.extend_from_slice(&buf[..n]),
                    }
                    while let Some(end) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                        pending.drain(..end + 4);
                        if socket.write_all(response.as_bytes()).await.is_err() {
                            return;
                        }
                    }
                }
            });
        }
    });
    format!("http://{addr}/2.0/")
}

const TAGS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<lfm status=\"ok\">\n<tags page=\"1\" perPage=\"2\" totalPages=\"125\" total=\"250\">\n<tag><name>rock</name><url>https://www.last.fm/tag/rock</url><reach>309437</reach><taggings>3064604</taggings></tag>\n<tag><name>electronic</name><url>https://www.last.fm/tag/electronic</url><reach>198712</reach><taggings>1867123</taggings></tag>\n</tags>\n</lfm>\n";

/// What the generated client decodes, by hand: the paging attributes and
/// each tag's fields.
#[derive(Debug, Default)]
struct HandTag {
    name: String,
    url: String,
    reach: u64,
    taggings: u64,
}

/// The same call by hand: reqwest, then the same fields out with quick-xml.
async fn by_hand(http: &reqwest::Client, base: &str) -> (u64, Vec<HandTag>) {
    let body = http
        .get(base)
        .query(&[
            ("method", "chart.getTopTags"),
            ("api_key", "k"),
            ("limit", "2"),
        ])
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let mut reader = quick_xml::Reader::from_str(&body);
    let (mut total, mut tags, mut field) = (0u64, Vec::new(), String::new());
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Start(e) => match e.local_name().as_ref() {
                "tags" => {
                    let attr = e.try_get_attribute("total").unwrap().unwrap();
                    total = attr.value.parse().unwrap();
                }
                "tag" => tags.push(HandTag::default()),
                other => field = other.to_owned(),
            },
            quick_xml::events::Event::Text(t) => {
                let text = t.xml10_content();
                if let Some(tag) = tags.last_mut() {
                    match field.as_str() {
                        "name" => tag.name = text.into_owned(),
                        "url" => tag.url = text.into_owned(),
                        "reach" => tag.reach = text.parse().unwrap(),
                        "taggings" => tag.taggings = text.parse().unwrap(),
                        _ => {}
                    }
                }
            }
            quick_xml::events::Event::End(_) => field.clear(),
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    (total, tags)
}

fn full_calls() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        let base = fixed_server(TAGS).await;
        let client = lastfm_api::Client::builder()
            .api_key("k")
            .base_url(&base)
            .build()
            .unwrap();
        // reqwest wants a TLS provider even for http://; ring, as lastfm-api uses.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::new();
        let tags = client.chart().get_top_tags().limit(2).await.unwrap();
        assert_eq!(tags.tags.len(), 2);
        let (total, hand) = by_hand(&http, &base).await;
        assert_eq!(
            (total, hand.len(), hand[1].name.as_str(), hand[0].reach),
            (250, 2, "electronic", 309437)
        );

        const CALLS: usize = 4000;
        for (name, tasks) in [("calls_sequential", 1usize), ("calls_16_concurrent", 16)] {
            let mut best = (0.0f64, 0.0f64);
            for _ in 0..3 {
                let start = Instant::now();
                let handles: Vec<_> = (0..tasks)
                    .map(|_| {
                        let client = client.clone();
                        tokio::spawn(async move {
                            for _ in 0..CALLS / tasks {
                                black_box(client.chart().get_top_tags().limit(2).await.unwrap());
                            }
                        })
                    })
                    .collect();
                for h in handles {
                    h.await.unwrap();
                }
                let ours = CALLS as f64 / start.elapsed().as_secs_f64();
                let start = Instant::now();
                let handles: Vec<_> = (0..tasks)
                    .map(|_| {
                        let (http, base) = (http.clone(), base.clone());
                        tokio::spawn(async move {
                            for _ in 0..CALLS / tasks {
                                black_box(by_hand(&http, &base).await);
                            }
                        })
                    })
                    .collect();
                for h in handles {
                    h.await.unwrap();
                }
                let floor = CALLS as f64 / start.elapsed().as_secs_f64();
                best = (best.0.max(ours), best.1.max(floor));
            }
            report(
                name,
                best.0,
                "calls/s",
                best.1,
                "generated client vs hand-written reqwest + quick-xml",
            );
        }
    });
}

fn expansion() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../spec");
    let expand = || {
        let loaded = lastfm_spec::load_dir(&dir, &|p| p.display().to_string());
        let spec = loaded.spec.unwrap();
        lastfm_spec::codegen::generate(&spec, &Default::default())
    };
    let tokens = expand().to_string();
    let t = time(|| {
        black_box(expand());
    });
    println!(
        "{:<34} {:>12.3} {:<8} ({} methods, {} KB of generated tokens; what `api!` does per build)",
        "macro_expand_whole_spec",
        t * 1e3,
        "ms",
        lastfm_spec::load_dir(&dir, &|p| p.display().to_string())
            .spec
            .unwrap()
            .packages
            .iter()
            .map(|p| p.methods.len())
            .sum::<usize>(),
        tokens.len() / 1024
    );
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument picks measures.
    let filter: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let run = |name: &str| filter.as_deref().is_none_or(|f| name.contains(f));
    if run("sign") {
        signing();
    }
    if run("decode") {
        decoding();
    }
    if run("calls") {
        full_calls();
    }
    if run("macro") {
        expansion();
    }
}
