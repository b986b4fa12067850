//! Replays the checked-in fuzz corpus (`fuzz/corpus/`): every input the
//! fuzzers kept, crashes found and fixed among them, still passes without a
//! panic. `cargo +nightly fuzz run <target>` grows it.

use std::path::Path;

fn replay(target: &str, run: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fuzz/corpus")
        .join(target);
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        run(&data);
        count += 1;
    }
    count
}

#[test]
fn decode_response_corpus() {
    assert!(replay("decode_response", lastfm_tests::fuzz::decode_response) >= 60);
}

#[test]
fn load_spec_corpus() {
    assert!(replay("load_spec", lastfm_tests::fuzz::load_spec) >= 10);
}
