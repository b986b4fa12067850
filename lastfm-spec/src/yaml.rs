//! The one module that touches a YAML library.
//!
//! The rest of the crate works on [`Node`], a small located tree, so the YAML
//! parser can be swapped by rewriting this file alone. We use `marked-yaml`
//! because every value needs its line and column for error messages, which
//! `serde_yaml` (archived) does not expose for values it has deserialized.

use crate::diag::Pos;

/// A YAML value with the position it started at.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub kind: Kind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    Scalar(String),
    Seq(Vec<Node>),
    /// Keys keep their own positions and the order they were written in.
    Map(Vec<(Key, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub pos: Pos,
    pub name: String,
}

/// A syntax error: where, and what the parser said.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
}

/// Parses one YAML document whose top level is a mapping.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    let options = marked_yaml::LoaderOptions::default().error_on_duplicate_keys(true);
    match marked_yaml::parse_yaml_with_options(0, text, options) {
        Ok(node) => Ok(convert(&node)),
        Err(err) => {
            let structural = matches!(&err, marked_yaml::LoadError::ScanError(..));
            let err = syntax_error(err);
            match indentation(text, err.pos).filter(|_| structural) {
                Some(found) => Err(found),
                None => Err(err),
            }
        }
    }
}

/// How many broken lines [`parse_mended`] mends before it gives up.
const MAX_MENDS: usize = 8;

/// `text` parsed once the lines its syntax errors point at are mended: a
/// wrongly indented line is aligned with the nearest block it could belong
/// to, any other broken line is blanked. Only for the fallback expansion
/// beside an already reported syntax error, so that code using the file's
/// package still compiles; `None` when a few mends do not make it parse.
pub fn parse_mended(text: &str) -> Option<Node> {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for _ in 0..=MAX_MENDS {
        let joined = lines.join("\n");
        let err = match parse(&joined) {
            Ok(node) => return Some(node),
            Err(err) => err,
        };
        match misindented(&joined, err.pos) {
            Some(found) => {
                let align = found
                    .allowed
                    .iter()
                    .copied()
                    .filter(|&a| a <= found.indent)
                    .max()
                    .unwrap_or(found.allowed[0]);
                let line = &mut lines[found.line];
                *line = format!("{}{}", " ".repeat(align), line.trim_start());
            }
            None => {
                let index = err.pos.line.checked_sub(1)?;
                // The parser may point just past the broken line.
                let broken = (0..=index.min(lines.len().checked_sub(1)?))
                    .rev()
                    .find(|&i| is_content(&lines[i]))?;
                lines[broken].clear();
            }
        }
    }
    None
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_content(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && !t.starts_with('#')
}

/// When a structure error is most likely a wrong indentation: the line at
/// (or just before) the error whose indentation matches none of the blocks
/// it could belong to. The error then points at that line's first
/// character and says so, instead of the parser's `did not find expected key`.
fn indentation(text: &str, at: Pos) -> Option<SyntaxError> {
    let found = misindented(text, at)?;
    let indent = found.indent;
    let mut expected = found.allowed.clone();
    expected.sort_unstable();
    expected.dedup();
    let expected: Vec<String> = expected.iter().map(|n| n.to_string()).collect();
    Some(SyntaxError {
        pos: Pos::new(found.line + 1, indent + 1),
        message: format!(
            "YAML structure error, most likely the indentation: this line is indented by {indent} spaces, \
             which matches no block above it (those are indented by {}); \
             align it with the keys or `-` items it belongs with",
            expected.join(", ")
        ),
    })
}

/// A line whose indentation matches no block it could belong to.
struct Misindented {
    /// Zero-based.
    line: usize,
    indent: usize,
    /// The indentations it could have, nearest block first.
    allowed: Vec<usize>,
}

fn misindented(text: &str, at: Pos) -> Option<Misindented> {
    let lines: Vec<&str> = text.lines().collect();
    let index = at.line.checked_sub(1)?;
    let candidates = [
        Some(index),
        (0..index).rev().find(|&i| is_content(lines[i])),
    ];
    for line in candidates.into_iter().flatten() {
        let text_line = *lines.get(line)?;
        if !is_content(text_line) {
            continue;
        }
        let indent = indent_of(text_line);
        // Indents this line may have: a sibling's or an ancestor's, the
        // keys of a `- ` item above, or deeper after a `key:` that opens a block.
        let mut allowed = Vec::new();
        let mut ceiling = usize::MAX;
        let mut opens_block = false;
        for (n, above) in lines[..line]
            .iter()
            .rev()
            .filter(|l| is_content(l))
            .enumerate()
        {
            let i = indent_of(above);
            let body = above.trim();
            if n == 0 {
                opens_block = body.ends_with(':') || body == "-";
            }
            if i < ceiling || (n == 0 && i == ceiling) {
                allowed.push(i);
                // `- name: x` then `  auth: y`: keys of the same item (not
                // after a flow item such as `- { name: x }`).
                if let Some(rest) = body.strip_prefix("- ")
                    && !rest.starts_with(['{', '[', '"', '\''])
                    && rest.contains(':')
                {
                    allowed.push(i + 2);
                }
                ceiling = i;
            }
            if i == 0 {
                break;
            }
        }
        if allowed.is_empty() || allowed.contains(&indent) {
            continue;
        }
        let previous = allowed[0];
        if opens_block && indent > previous {
            continue;
        }
        return Some(Misindented {
            line,
            indent,
            allowed,
        });
    }
    None
}

fn pos_of(span: &marked_yaml::Span) -> Pos {
    span.start()
        .map(|m| Pos::new(m.line(), m.column()))
        .unwrap_or_default()
}

fn convert(node: &marked_yaml::Node) -> Node {
    use marked_yaml::Node as N;
    let mut pos = pos_of(node.span());
    let kind = match node {
        N::Scalar(s) => Kind::Scalar(s.as_str().to_owned()),
        N::Sequence(seq) => Kind::Seq(seq.iter().map(convert).collect()),
        N::Mapping(map) => {
            let entries: Vec<(Key, Node)> = map
                .iter()
                .map(|(k, v)| {
                    let key = Key {
                        pos: pos_of(k.span()),
                        name: k.as_str().to_owned(),
                    };
                    (key, convert(v))
                })
                .collect();
            // The parser starts a block mapping at the `:` after its first
            // key; start it at that key instead. (A flow mapping starts at
            // its `{`, before its first key, and keeps it.)
            if let Some((first, _)) = entries.first()
                && first.pos.line > 0
                && first.pos < pos
            {
                pos = first.pos;
            }
            Kind::Map(entries)
        }
    };
    Node { pos, kind }
}

fn syntax_error(err: marked_yaml::LoadError) -> SyntaxError {
    use marked_yaml::LoadError as E;
    let at = |m: &marked_yaml::Marker| Pos::new(m.line(), m.column());
    match err {
        E::TopLevelMustBeMapping(m) => SyntaxError {
            pos: at(&m),
            message: "the top level of a spec file must be a mapping".into(),
        },
        E::TopLevelMustBeSequence(m) => SyntaxError {
            pos: at(&m),
            message: "the top level must be a sequence".into(),
        },
        E::UnexpectedAnchor(m) => SyntaxError {
            pos: at(&m),
            message: "YAML anchors and aliases are not supported in spec files".into(),
        },
        E::MappingKeyMustBeScalar(m) => SyntaxError {
            pos: at(&m),
            message: "mapping keys must be plain scalars".into(),
        },
        E::UnexpectedTag(m) => SyntaxError {
            pos: at(&m),
            message: "YAML tags (`!name`) are not supported in spec files".into(),
        },
        E::ScanError(m, scan) => SyntaxError {
            pos: at(&m),
            message: format!("YAML syntax error: {}{}", scan.info(), hint(scan.info())),
        },
        E::DuplicateKey(inner) => {
            let first = inner.prev_key.span().start().map(|m| m.line()).unwrap_or(0);
            SyntaxError {
                pos: pos_of(inner.key.span()),
                message: format!(
                    "duplicate key `{}` (first written on line {first})",
                    inner.key.as_str()
                ),
            }
        }
        // marked-yaml may grow variants; keep a readable message for them.
        #[allow(unreachable_patterns)]
        other => SyntaxError {
            pos: Pos::default(),
            message: format!("YAML error: {other}"),
        },
    }
}

/// What the parser's terse message usually means in a spec file.
fn hint(info: &str) -> &'static str {
    if info.contains("mapping values are not allowed") {
        "; a key is indented differently from the keys above it, or a value \
         that holds `: ` needs quotes"
    } else if info.starts_with("while parsing a flow") {
        "; a `{` or `[` opened before this point is probably not closed"
    } else if info.contains("tab") {
        "; indent with spaces, YAML does not allow tabs there"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_positions_and_order() {
        let node = parse("b: 1\na:\n  - x\n  - {y: z}\n").unwrap();
        let Kind::Map(entries) = node.kind else {
            panic!("expected map")
        };
        assert_eq!(entries[0].0.name, "b");
        assert_eq!(entries[1].0.name, "a");
        assert_eq!(entries[1].0.pos, Pos::new(2, 1));
        let Kind::Seq(items) = &entries[1].1.kind else {
            panic!("expected seq")
        };
        assert_eq!(items[0].pos, Pos::new(3, 5));
        assert_eq!(items[0].kind, Kind::Scalar("x".into()));
    }

    #[test]
    fn block_mappings_start_at_their_first_key() {
        let node = parse("list:\n  - name: x\n    auth: y\n  - { name: z }\n").unwrap();
        let Kind::Map(entries) = node.kind else {
            panic!("expected map")
        };
        assert_eq!(node.pos, Pos::new(1, 1));
        let Kind::Seq(items) = &entries[0].1.kind else {
            panic!("expected seq")
        };
        assert_eq!(items[0].pos, Pos::new(2, 5));
        assert_eq!(items[1].pos, Pos::new(4, 5));
    }

    #[test]
    fn reports_syntax_errors_with_position() {
        let err = parse("a: [1, 2\nb: c\n").unwrap_err();
        assert!(err.pos.line >= 1, "{err:?}");
        assert!(err.message.contains("syntax"), "{err:?}");
    }

    #[test]
    fn rejects_duplicate_keys() {
        let err = parse("a: 1\na: 2\n").unwrap_err();
        assert_eq!(err.pos, Pos::new(2, 1));
        assert!(err.message.contains("duplicate key `a`"), "{err:?}");
    }
}

#[cfg(test)]
mod indentation_tests {
    use super::*;

    fn error(text: &str) -> SyntaxError {
        parse(text).unwrap_err()
    }

    #[test]
    fn a_key_indented_too_little_or_too_much_is_named_as_indentation() {
        for (text, line) in [
            (
                "package: a\nmethods:\n  - name: x\n    auth: none\n   description: y\n",
                5,
            ),
            (
                "package: a\nmethods:\n  - name: x\n    auth: none\n      description: y\n",
                5,
            ),
            (
                "package: a\nmethods:\n  - name: x\n    params:\n      - { name: a }\n     - { name: b }\n",
                6,
            ),
            (
                "package: a\nmethods:\n  - name: x\n    params:\n      - { name: a }\n        - { name: b }\n",
                6,
            ),
            ("package: a\n description: b\n", 2),
        ] {
            let err = error(text);
            assert!(err.message.contains("indentation"), "{text:?}: {err:?}");
            let indent = text.lines().nth(line - 1).unwrap().len()
                - text.lines().nth(line - 1).unwrap().trim_start().len();
            assert_eq!(err.pos, Pos::new(line, indent + 1), "{text:?}: {err:?}");
        }
    }

    #[test]
    fn other_syntax_errors_keep_their_own_message() {
        let err = error("a: [1, 2\nb: c\n");
        assert!(!err.message.contains("indentation"), "{err:?}");
        let err = error("package: a\ndescription: b: c\n");
        assert!(!err.message.contains("indentation"), "{err:?}");
    }
}

#[cfg(test)]
mod mending_tests {
    use super::*;

    fn keys(node: &Node) -> Vec<&str> {
        match &node.kind {
            Kind::Map(entries) => entries.iter().map(|(k, _)| k.name.as_str()).collect(),
            other => panic!("expected a map, got {other:?}"),
        }
    }

    #[test]
    fn a_misindented_key_is_aligned_with_its_block() {
        let text = "methods:\n  - name: a\n    auth: none\n     description: x\n  - name: b\n";
        assert!(parse(text).is_err());
        let node = parse_mended(text).expect("mended");
        let Kind::Seq(items) = &match &node.kind {
            Kind::Map(entries) => entries[0].1.clone(),
            _ => unreachable!(),
        }
        .kind
        else {
            panic!("expected a list")
        };
        assert_eq!(keys(&items[0]), ["name", "auth", "description"]);
        assert_eq!(keys(&items[1]), ["name"]);
    }

    #[test]
    fn a_line_that_cannot_be_read_is_dropped_and_the_rest_kept() {
        let text = "package: p\ndescription: \"unclosed\nmethods: []\n";
        assert!(parse(text).is_err());
        let node = parse_mended(text).expect("mended");
        assert!(keys(&node).contains(&"package"), "{node:?}");
    }

    #[test]
    fn gives_up_on_what_no_few_mends_repair() {
        let text: String = (0..MAX_MENDS + 4).map(|i| format!("k{i}: {{\n")).collect();
        assert_eq!(parse_mended(&text), None);
    }
}
