//! `api_sig`: the MD5 signature of Last.fm requests.

use std::cmp::Ordering;

use md5::{Digest, Md5};

/// Parameters that are sent but never signed.
const UNSIGNED: [&str; 3] = ["format", "callback", "api_sig"];

/// More ascending runs than this and a general sort is cheaper than merging.
const MAX_RUNS: usize = 32;

/// Up to this many parameters, an insertion sort beats finding runs.
const SMALL: usize = 20;

/// Computes the `api_sig` of a parameter set, as Last.fm checks it.
///
/// Every parameter except `format`, `callback` and `api_sig` is sorted by
/// the raw bytes of its name (so `artist[10]` comes before `artist[2]`),
/// then name and value are concatenated with no separator, the values raw
/// UTF-8 (not URL-encoded), the secret appended, and the MD5 digest written
/// as 32 lowercase hex digits.
///
/// ```
/// let sig = lastfm_api::api_sig([("method", "auth.getToken"), ("api_key", "KEY")], "SECRET");
/// assert_eq!(sig.len(), 32);
/// ```
pub fn api_sig<I, K, V>(params: I, secret: impl AsRef<str>) -> String
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    // Names are compared by their first 16 bytes as one integer (most
    // names are shorter), and whole only when those are equal.
    let mut params: Vec<(u128, K, V)> = params
        .into_iter()
        .filter(|(name, _)| !UNSIGNED.contains(&name.as_ref()))
        .map(|(name, value)| (prefix(name.as_ref()), name, value))
        .collect();
    // The pairs stream into the hasher, which buffers its 64-byte blocks:
    // cheaper than concatenating them first.
    let mut hasher = Md5::new();
    let mut push = |(_, name, value): &(u128, K, V)| {
        hasher.update(name.as_ref().as_bytes());
        hasher.update(value.as_ref().as_bytes());
    };
    // The client's lists come in a few ascending runs (each list's items in
    // byte order, `method` and `api_key` before them): merging the runs in
    // place reads each parameter once and moves none.
    match (params.len() > SMALL)
        .then(|| ascending_runs(&params))
        .flatten()
    {
        Some(runs) => merge_runs(&params, &runs, &mut push),
        None => {
            params.sort_by(order);
            params.iter().for_each(push);
        }
    }
    hasher.update(secret.as_ref().as_bytes());
    hex(&hasher.finalize())
}

/// Byte order of the names; the prefix decides unless equal.
#[inline]
fn order<K: AsRef<str>, V>(a: &(u128, K, V), b: &(u128, K, V)) -> Ordering {
    a.0.cmp(&b.0)
        .then_with(|| a.1.as_ref().as_bytes().cmp(b.1.as_ref().as_bytes()))
}

/// Where each maximal non-descending run of `params` starts (the last run
/// ends at the end), or `None` when there are more than [`MAX_RUNS`].
fn ascending_runs<K: AsRef<str>, V>(params: &[(u128, K, V)]) -> Option<Vec<usize>> {
    let mut starts = Vec::with_capacity(MAX_RUNS);
    starts.push(0);
    for i in 1..params.len() {
        if order(&params[i - 1], &params[i]) == Ordering::Greater {
            if starts.len() == MAX_RUNS {
                return None;
            }
            starts.push(i);
        }
    }
    Some(starts)
}

/// Hands `params` to `emit` in order, given the starts of its ascending
/// runs: repeatedly takes the run with the smallest head and drains it while
/// its head stays below every other head. Ties go to the earlier run, so the
/// order is the stable sort's.
fn merge_runs<K: AsRef<str>, V>(
    params: &[(u128, K, V)],
    starts: &[usize],
    emit: &mut impl FnMut(&(u128, K, V)),
) {
    // Each run's next unread index and its end.
    let mut runs: Vec<(usize, usize)> = starts
        .iter()
        .zip(starts.iter().skip(1).chain([&params.len()]))
        .map(|(&start, &end)| (start, end))
        .filter(|(start, end)| start < end)
        .collect();
    // `a` (run `ra`) goes before `b` (run `rb`, ra < rb unless swapped).
    let before = |a: usize, ra: usize, b: usize, rb: usize| match order(&params[a], &params[b]) {
        Ordering::Less => true,
        Ordering::Equal => ra < rb,
        Ordering::Greater => false,
    };
    while !runs.is_empty() {
        // The run with the smallest head, and the head of the runner-up.
        let mut best = 0;
        for r in 1..runs.len() {
            if before(runs[r].0, r, runs[best].0, best) {
                best = r;
            }
        }
        let mut second: Option<usize> = None;
        for r in (0..runs.len()).filter(|&r| r != best) {
            if second.is_none_or(|s| before(runs[r].0, r, runs[s].0, s)) {
                second = Some(r);
            }
        }
        let (mut next, end) = runs[best];
        loop {
            emit(&params[next]);
            next += 1;
            let more = next < end && second.is_none_or(|s| before(next, best, runs[s].0, s));
            if !more {
                break;
            }
        }
        if next == end {
            runs.remove(best);
        } else {
            runs[best].0 = next;
        }
    }
}

/// The first 16 bytes of `name`, zero-padded, as a big-endian integer: its
/// order is the byte order of the names (a prefix sorts first).
#[inline]
fn prefix(name: &str) -> u128 {
    let bytes = name.as_bytes();
    if let Some(head) = bytes.first_chunk::<16>() {
        return u128::from_be_bytes(*head);
    }
    // Shorter names (most): two 8-byte reads instead of a copy, which
    // would cost a `memcpy` call per name.
    let word = |at: usize| {
        bytes
            .get(at..at + 8)
            .map(|w| u64::from_be_bytes(w.try_into().unwrap_or_default()))
    };
    match bytes.len() {
        len @ 8..16 => {
            // The last 8 bytes, shifted so that the ones past the first
            // 8 come first and zeros follow.
            let tail = word(len - 8).unwrap_or(0) << ((16 - len) * 8 % 64);
            let tail = if len == 8 { 0 } else { tail };
            u128::from(word(0).unwrap_or(0)) << 64 | u128::from(tail)
        }
        len => {
            let mut key = 0u128;
            for (i, &b) in bytes.iter().enumerate().take(len) {
                key |= u128::from(b) << (120 - 8 * i);
            }
            key
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[(b >> 4) as usize] as char);
        out.push(DIGITS[(b & 0xf) as usize] as char);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_md5_of_sorted_concatenation() {
        // md5("api_keyKEYmethodauth.getTokenSECRET"), computed independently.
        let expected = hex(&Md5::digest(b"api_keyKEYmethodauth.getTokenSECRET"));
        assert_eq!(
            api_sig([("method", "auth.getToken"), ("api_key", "KEY")], "SECRET"),
            expected
        );
    }

    #[test]
    fn sorts_by_bytes_past_the_first_16() {
        // Equal first 16 bytes: the rest decides, as a plain byte sort would.
        let long = [
            ("aaaaaaaaaaaaaaaa[10]", "x"),
            ("aaaaaaaaaaaaaaaa[2]", "y"),
            ("aaaaaaaaaaaaaaaa", "z"),
        ];
        let expected = hex(&Md5::digest(
            b"aaaaaaaaaaaaaaaazaaaaaaaaaaaaaaaa[10]xaaaaaaaaaaaaaaaa[2]ys",
        ));
        assert_eq!(api_sig(long, "s"), expected);
        assert!(prefix("a") < prefix("ab") && prefix("artist[10]") < prefix("artist[2]"));
        // Every length up to and past 16: the first 16 bytes, zero-padded.
        let name = "abcdefghijklmnopqrs";
        for len in 0..=name.len() {
            let mut key = [0u8; 16];
            let n = len.min(16);
            key[..n].copy_from_slice(&name.as_bytes()[..n]);
            assert_eq!(prefix(&name[..len]), u128::from_be_bytes(key), "{len}");
        }
    }

    /// The definition, spelled out: a stable sort of the names' bytes, then
    /// one string.
    fn reference(params: &[(String, String)], secret: &str) -> String {
        let mut sorted: Vec<_> = params
            .iter()
            .filter(|(k, _)| !UNSIGNED.contains(&k.as_str()))
            .collect();
        sorted.sort_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
        let mut text: String = sorted.iter().map(|(k, v)| format!("{k}{v}")).collect();
        text.push_str(secret);
        hex(&Md5::digest(text.as_bytes()))
    }

    /// A batch as the client builds it: `method`, `api_key`, each list
    /// whole with its items in the byte order of their names, `sk`.
    fn batch(tracks: usize) -> Vec<(String, String)> {
        let mut params = vec![
            ("method".to_owned(), "track.scrobble".to_owned()),
            ("api_key".to_owned(), "k".repeat(32)),
        ];
        let mut items: Vec<String> = (0..tracks).map(|i| format!("{i}]")).collect();
        items.sort();
        for list in [
            "artist",
            "track",
            "timestamp",
            "album",
            "albumArtist",
            "duration",
        ] {
            for (n, i) in items.iter().enumerate() {
                params.push((format!("{list}[{i}"), format!("{list} {n} é")));
            }
        }
        params.push(("sk".to_owned(), "s".repeat(32)));
        params.push(("format".to_owned(), "json".to_owned()));
        params
    }

    #[test]
    fn any_order_gives_the_reference_signature() {
        // xorshift: a fixed sequence, so a failure repeats.
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut random = move |bound: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % bound as u64) as usize
        };
        for tracks in [0, 1, 2, 9, 11, 50] {
            let mut params = batch(tracks);
            // Names sharing their first 16 bytes, and a repeated name.
            params.push(("aaaaaaaaaaaaaaaa[10]".to_owned(), "x".to_owned()));
            params.push(("aaaaaaaaaaaaaaaa[2]".to_owned(), "y".to_owned()));
            params.push(("aaaaaaaaaaaaaaaa".to_owned(), "z".to_owned()));
            params.push(("dup".to_owned(), "1".to_owned()));
            params.push(("dup".to_owned(), "2".to_owned()));
            let sig = |p: &[(String, String)]| api_sig(p.iter().map(|(k, v)| (k, v)), "secret");
            assert_eq!(
                sig(&params),
                reference(&params, "secret"),
                "{tracks} tracks"
            );
            // Swaps of neighbours (a few runs, as a merge meets them), then
            // whole shuffles (many runs, as the sort meets them). Both sorts
            // are stable, so the two `dup`s agree in any order.
            for round in 0..40 {
                let swaps = if round < 20 {
                    1 + round / 4
                } else {
                    params.len() * 2
                };
                for _ in 0..swaps {
                    let i = random(params.len());
                    let j = if round < 20 {
                        (i + 1) % params.len()
                    } else {
                        random(params.len())
                    };
                    params.swap(i, j);
                }
                assert_eq!(
                    sig(&params),
                    reference(&params, "secret"),
                    "{tracks} tracks, round {round}"
                );
            }
        }
    }

    #[test]
    fn the_clients_batch_order_is_merged_not_sorted() {
        let params = batch(50);
        let named: Vec<_> = params
            .iter()
            .filter(|(k, _)| !UNSIGNED.contains(&k.as_str()))
            .map(|(k, v)| (prefix(k), k, v))
            .collect();
        let runs = ascending_runs(&named).unwrap();
        assert!(runs.len() <= 8, "{runs:?}");
    }

    #[test]
    fn hex_is_lowercase() {
        assert_eq!(hex(&[0x00, 0xab, 0xff]), "00abff");
    }
}
