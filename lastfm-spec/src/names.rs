//! Turning Last.fm names into Rust names.

/// `getMobileSession` → `get_mobile_session`, `albumArtist` → `album_artist`.
pub fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut prev_lower_or_digit = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            if prev_lower_or_digit {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            prev_lower_or_digit = false;
        } else if c == '-' || c == ' ' {
            out.push('_');
            prev_lower_or_digit = false;
        } else {
            out.push(c);
            prev_lower_or_digit = c.is_ascii_lowercase() || c.is_ascii_digit();
        }
    }
    out
}

/// `getSession` → `GetSession`, `optional-session` → `OptionalSession`.
pub fn pascal_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut upper_next = true;
    for c in name.chars() {
        if c == '_' || c == '-' || c == ' ' {
            upper_next = true;
        } else if upper_next {
            out.push(c.to_ascii_uppercase());
            upper_next = false;
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether `s` can be a Rust identifier once made snake_case or PascalCase:
/// ASCII letters, digits and underscores, starting with a letter (a name
/// made only of `_` would become empty in PascalCase).
pub fn is_identifier_like(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// Whether `s`, as written, in snake_case or in PascalCase, is one of the
/// names Rust accepts neither as an identifier nor as a raw one (`r#crate`).
pub fn is_reserved(s: &str) -> bool {
    const RESERVED: [&str; 4] = ["crate", "self", "Self", "super"];
    [s.to_owned(), snake_case(s), pascal_case(s)]
        .iter()
        .any(|form| RESERVED.contains(&form.as_str()))
}

/// Rust keywords, which generated code writes as raw identifiers (`r#type`).
pub fn is_keyword(s: &str) -> bool {
    const KEYWORDS: &[&str] = &[
        "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum",
        "extern", "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod",
        "move", "mut", "pub", "ref", "return", "static", "struct", "super", "trait", "true",
        "type", "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final",
        "macro", "override", "priv", "try", "typeof", "unsized", "virtual", "yield",
    ];
    KEYWORDS.contains(&s)
}

/// Edit distance (insertions, deletions, substitutions, and swaps of two
/// neighbours), ignoring ASCII case.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    let mut rows = vec![(0..=b.len()).collect::<Vec<usize>>()];
    for i in 1..=a.len() {
        let mut row = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            row[j] = (rows[i - 1][j] + 1)
                .min(row[j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                row[j] = row[j].min(rows[i - 2][j - 2] + 1);
            }
        }
        rows.push(row);
    }
    rows[a.len()][b.len()]
}

/// The candidate closest to `word`, if it is close enough to be what was
/// meant: at most a third of the word's length away (and at least one edit).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, _)| *d <= limit)
        // On a tie, the one of the same length (`41` is `14` swapped, not `4`).
        .min_by_key(|(d, c)| (*d, c.chars().count().abs_diff(word.chars().count())))
        .map(|(_, c)| c)
}

/// `; did you mean `x`?`, or nothing when no candidate is close.
pub fn did_you_mean<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    closest(word, candidates)
        .map(|c| format!("; did you mean `{c}`?"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_lastfm_names() {
        assert_eq!(snake_case("getSession"), "get_session");
        assert_eq!(snake_case("getMobileSession"), "get_mobile_session");
        assert_eq!(snake_case("albumArtist"), "album_artist");
        assert_eq!(snake_case("streamId"), "stream_id");
        assert_eq!(snake_case("mbid"), "mbid");
        assert_eq!(snake_case("getTopTags"), "get_top_tags");
        assert_eq!(pascal_case("getSession"), "GetSession");
        assert_eq!(pascal_case("auth"), "Auth");
        assert_eq!(pascal_case("optional-session"), "OptionalSession");
    }

    #[test]
    fn recognises_identifiers_and_keywords() {
        assert!(is_identifier_like("artist"));
        assert_eq!(edit_distance("RecentTrak", "RecentTrack"), 1);
        assert_eq!(edit_distance("sined", "signed"), 1);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(
            closest("RecentTrak", ["RecentTracks", "RecentTrack", "Tag"]),
            Some("RecentTrack")
        );
        assert_eq!(closest("Session", ["Tag", "Wiki"]), None);
        assert!(!is_identifier_like("7day"));
        assert!(!is_identifier_like("a.b"));
        assert!(!is_identifier_like("_"));
        assert!(is_reserved("crate"));
        assert!(is_reserved("Self"));
        assert!(is_reserved("self"));
        assert!(is_reserved("Super"));
        assert!(!is_reserved("selfie"));
        assert!(is_keyword("type"));
        assert!(!is_keyword("artist"));
    }
}
