//! A method's example answer: inline, or found by name under `examples/`;
//! one that is missing is a located warning, one that does not fit is a
//! located error.

use lastfm_spec::{Diagnostic, SourceFile, Spec};

const ERRORS: &str = "errors:
  - { code: 6, name: InvalidParameters, message: Invalid parameters, class: permanent, description: A parameter is wrong. }
";

const AUTH: &str = "package: auth
description: Authentication.
methods:
  - name: getToken
    description: Fetches a request token.
    auth: signed
    response: { root: token, type: string }
";

const TOKEN: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>
<lfm status=\"ok\">
<token>0e6af5cd2fff6b70a91c3b9b3e7d1e2c</token></lfm>
";

fn file(display: &str, text: &str) -> SourceFile {
    SourceFile {
        display: display.into(),
        text: text.into(),
    }
}

fn load(auth: &str, extra: &[SourceFile]) -> Result<Spec, Vec<Diagnostic>> {
    let mut files = vec![
        file("spec/errors.yaml", ERRORS),
        file("spec/auth.yaml", auth),
    ];
    files.extend_from_slice(extra);
    lastfm_spec::load_sources(&files)
}

#[test]
fn an_example_file_is_found_by_the_method_s_name() {
    let spec = load(AUTH, &[file("spec/examples/auth.getToken.xml", TOKEN)]).unwrap();
    let (_, method) = spec.method("auth.getToken").unwrap();
    let example = method.example.as_ref().unwrap();
    assert_eq!(example.file, "spec/examples/auth.getToken.xml");
    assert_eq!(
        example.payload(),
        Some("<token>0e6af5cd2fff6b70a91c3b9b3e7d1e2c</token>")
    );
    assert!(spec.warnings.is_empty(), "{:?}", spec.warnings);
}

#[test]
fn an_inline_example_is_the_answer_itself() {
    let inline = AUTH.to_owned()
        + "    example: |\n      <lfm status=\"ok\"><token>0e6af5cd2fff6b70a91c3b9b3e7d1e2c</token></lfm>\n";
    let spec = load(&inline, &[]).unwrap();
    let example = spec
        .method("auth.getToken")
        .unwrap()
        .1
        .example
        .clone()
        .unwrap();
    assert_eq!(example.file, "spec/auth.yaml");
    assert_eq!(example.pos.line, 9, "the answer's first line");
    assert!(spec.warnings.is_empty());
}

#[test]
fn a_method_without_an_example_is_a_located_warning() {
    let spec = load(AUTH, &[]).unwrap();
    assert_eq!(spec.warnings.len(), 1, "{:?}", spec.warnings);
    let text = spec.warnings[0].to_string();
    assert!(
        text.starts_with("spec/auth.yaml:4:5: method `auth.getToken` has no example answer: add `spec/examples/auth.getToken.xml`"),
        "{text}"
    );
    assert!(text.contains("4 |   - name: getToken"), "{text}");
}

#[test]
fn an_example_file_no_method_uses_is_a_warning() {
    let spec = load(
        AUTH,
        &[
            file("spec/examples/auth.getToken.xml", TOKEN),
            file("spec/examples/auth.getTokne.xml", TOKEN),
        ],
    )
    .unwrap();
    assert_eq!(spec.warnings.len(), 1, "{:?}", spec.warnings);
    assert!(
        spec.warnings[0]
            .to_string()
            .starts_with("spec/examples/auth.getTokne.xml:1:1: no method uses this example")
    );
}

#[test]
fn a_named_example_file_must_exist() {
    let named = AUTH.to_owned() + "    example: token.xml\n";
    let found = load(&named, &[]).unwrap_err();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].to_string().starts_with(
            "spec/auth.yaml:8:14: the example of method `auth.getToken` names `spec/examples/token.xml`, which does not exist"
        ),
        "{}",
        found[0]
    );
    let spec = load(&named, &[file("spec/examples/token.xml", TOKEN)]).unwrap();
    assert!(spec.method("auth.getToken").unwrap().1.example.is_some());
}

#[test]
fn an_example_must_answer_the_method_s_root() {
    let wrong = TOKEN.replace("token>", "session>");
    let found = load(AUTH, &[file("spec/examples/auth.getToken.xml", &wrong)]).unwrap_err();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0].to_string().starts_with(
            "spec/examples/auth.getToken.xml:1:1: the example of `auth.getToken` answers `<session>`; its response is `<token>`"
        ),
        "{}",
        found[0]
    );
    let failed = "<lfm status=\"failed\"><error code=\"6\">No</error></lfm>";
    let found = load(AUTH, &[file("spec/examples/auth.getToken.xml", failed)]).unwrap_err();
    assert!(
        found[0].message.contains("is not a successful answer"),
        "{found:?}"
    );
}

/// An extension names the types of the spec it extends without declaring
/// them; an unknown name is still a located error, a redeclared one too.
#[test]
fn an_extension_names_its_base_s_types() {
    let session_types = "types:
  - name: Session
    description: A session.
    fields:
      - { name: name, type: string }
";
    let base = lastfm_spec::load_sources(&[
        file("spec/errors.yaml", ERRORS),
        file("spec/auth.yaml", &(AUTH.to_owned() + session_types)),
        file("spec/examples/auth.getToken.xml", TOKEN),
    ])
    .unwrap();
    let extension = |ty: &str| {
        format!(
            "package: extra
description: More.
methods:
  - name: whoAmI
    description: The session's user.
    auth: none
    response: {{ root: session, type: {ty} }}
    example: |
      <lfm status=\"ok\"><session><name>rj</name></session></lfm>
"
        )
    };
    let spec = lastfm_spec::load_extension(&base, &[file("ext/extra.yaml", &extension("Session"))])
        .unwrap();
    assert!(spec.types.is_empty(), "nothing redeclared");
    assert!(spec.type_def("Session").is_some());
    let found = lastfm_spec::load_extension(&base, &[file("ext/extra.yaml", &extension("Sesion"))])
        .unwrap_err();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        found[0]
            .to_string()
            .starts_with("ext/extra.yaml:7:38: unknown response type `Sesion`"),
        "{}",
        found[0]
    );
    let redeclared = extension("Session") + session_types;
    let found =
        lastfm_spec::load_extension(&base, &[file("ext/extra.yaml", &redeclared)]).unwrap_err();
    assert!(
        found[0].message.contains(
            "type `Session` is already declared by the spec this one extends (spec/auth.yaml)"
        ),
        "{found:?}"
    );
}
