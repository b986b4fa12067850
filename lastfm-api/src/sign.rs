//! `api_sig`: the MD5 signature of Last.fm requests.

use md5::{Digest, Md5};

/// Parameters that are sent but never signed.
const UNSIGNED: [&str; 3] = ["format", "callback", "api_sig"];

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
    let mut params: Vec<(K, V)> = params
        .into_iter()
        .filter(|(name, _)| !UNSIGNED.contains(&name.as_ref()))
        .collect();
    params.sort_by(|a, b| a.0.as_ref().as_bytes().cmp(b.0.as_ref().as_bytes()));
    let mut md5 = Md5::new();
    for (name, value) in &params {
        md5.update(name.as_ref().as_bytes());
        md5.update(value.as_ref().as_bytes());
    }
    md5.update(secret.as_ref().as_bytes());
    hex(&md5.finalize())
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
    fn hex_is_lowercase() {
        assert_eq!(hex(&[0x00, 0xab, 0xff]), "00abff");
    }
}
