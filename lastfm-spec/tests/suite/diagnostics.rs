//! Every kind of mistake in a spec file is reported with the file, the line
//! and the column of the offending YAML, and a message that says what is
//! wrong and what was expected. The same mistakes are compile errors of the
//! `api!` macro: see `lastfm-macros/tests/ui`.
//!
//! Each test edits one line of a small, valid spec (`AUTH`, a trimmed copy of
//! `spec/auth.yaml`) and checks the diagnostics it gives.

use std::path::Path;

use lastfm_spec::{Auth, Diagnostic, Http, SourceFile, Spec};

const ERRORS: &str = r#"# A few generic error codes, in the format of spec/errors.yaml.
errors:
  - code: 4
    name: AuthenticationFailed
    message: Authentication Failed - You do not have permissions to access the service
    class: permanent
    description: The caller may not use the service.
  - code: 6
    name: InvalidParameters
    message: Invalid parameters - Your request is missing a required parameter
    class: permanent
    description: A required parameter is missing or a value is invalid.
  - code: 8
    name: OperationFailed
    message: Operation failed - Most likely the backend service failed. Please try again.
    class: uncertain
    description: A generic failure on the service's side.
  - code: 14
    name: TokenNotAuthorized
    message: Unauthorized Token - This token has not been authorized
    class: reauth
    description: The user has not approved the request token yet.
  - code: 15
    name: TokenExpired
    message: This token has expired
    class: reauth
    description: The request token is older than 60 minutes; start the flow again.
"#;

/// Line numbers are given on the right, for reading the tests.
const AUTH: &str = r#"package: auth
description: Authentication, trimmed from spec/auth.yaml.

methods:
  - name: getToken
    description: Fetches an unauthorised request token.
    auth: signed
    errors:
      8: The service could not issue a token; try again later.
    response: { root: token, type: string }

  - name: getSession
    description: Exchanges an approved request token for a session key.
    auth: signed
    params:
      - { name: token, type: string, required: true, secret: true,
          description: "The token from auth.getToken." }
    errors:
      4: The token is not valid, or was already used.
      14: The user has not approved the token yet.
      15: The token has expired; start the flow again.
    response: { root: session, type: Session }

types:
  - name: Session
    description: An authenticated session.
    fields:
      - { name: name, type: string, description: The user's Last.fm name. }
      - { name: key, type: string, secret: true, description: The session key. }
      - { name: subscriber, type: bool, description: Whether the user is a paying subscriber. }
"#;
// Lines of AUTH:  1 package   4 methods:   5 - name: getToken   7 auth: signed
// 12 - name: getSession   16 - { name: token ...   18 errors:   22 response
// 24 types:   30 - { name: subscriber ...

const AUTH_FILE: &str = "spec/auth.yaml";
const ERRORS_FILE: &str = "spec/errors.yaml";

fn source(display: &str, text: &str) -> SourceFile {
    SourceFile {
        display: display.into(),
        text: text.into(),
    }
}

fn load(errors: &str, auth: &str) -> Result<Spec, Vec<Diagnostic>> {
    lastfm_spec::load_sources(&[source(ERRORS_FILE, errors), source(AUTH_FILE, auth)])
}

/// `AUTH` with `old`, which must occur exactly once, replaced by `new`.
fn edit(old: &str, new: &str) -> String {
    edit_text(AUTH, old, new)
}

fn edit_text(text: &str, old: &str, new: &str) -> String {
    assert_eq!(text.matches(old).count(), 1, "`{old}` must occur once");
    text.replacen(old, new, 1)
}

/// The diagnostics of loading `errors.yaml` and `auth` together.
fn diagnostics(auth: &str) -> Vec<Diagnostic> {
    match load(ERRORS, auth) {
        Ok(_) => panic!("the spec loaded, but a mistake was expected:\n{auth}"),
        Err(found) => found,
    }
}

/// Asserts that `found` holds exactly one diagnostic, and what it says.
#[track_caller]
fn assert_single(found: &[Diagnostic], file: &str, line: usize, column: usize, message: &str) {
    assert_eq!(found.len(), 1, "expected one diagnostic, found: {found:#?}");
    assert_diagnostic(&found[0], file, line, column, message);
}

#[track_caller]
fn assert_diagnostic(d: &Diagnostic, file: &str, line: usize, column: usize, message: &str) {
    assert_eq!(d.file, file, "{d}");
    assert_eq!((d.pos.line, d.pos.column), (line, column), "{d}");
    assert!(
        d.message.contains(message),
        "the message should contain {message:?}:\n{d}"
    );
    assert!(d.snippet.is_some(), "no source line shown:\n{d}");
}

#[test]
fn the_inline_spec_is_valid() {
    let spec = load(ERRORS, AUTH).unwrap_or_else(|found| panic!("{found:#?}"));
    assert_eq!(spec.errors.len(), 5);
    assert_eq!(spec.packages[0].methods.len(), 2);
}

#[test]
fn yaml_syntax_error() {
    // `auth` is indented one space deeper than the keys above it.
    let found = diagnostics(&edit(
        "    auth: signed\n    errors:\n      8",
        "     auth: signed\n    errors:\n      8",
    ));
    // Named as indentation, with the caret where the line's text starts.
    assert_single(
        &found,
        AUTH_FILE,
        7,
        6,
        "YAML structure error, most likely the indentation: this line is indented by 5 spaces, which matches no block above it (those are indented by 0, 2, 4)",
    );
}

/// The methods of the fallback spec generated beside the errors.
fn fallback_methods(auth: &str) -> Vec<String> {
    let files = [source(ERRORS_FILE, ERRORS), source(AUTH_FILE, auth)];
    let (loaded, fallback) = lastfm_spec::load_sources_with_fallback(&files);
    assert!(loaded.is_err(), "a mistake was expected:\n{auth}");
    let fallback = fallback.expect("a fallback spec");
    fallback
        .packages
        .iter()
        .flat_map(|p| {
            p.methods
                .iter()
                .map(move |m| format!("{}.{}", p.name, m.name))
        })
        .collect()
}

#[test]
fn a_file_that_does_not_parse_still_has_its_methods_in_the_fallback() {
    // Code that uses the package compiles beside the one syntax error.
    let misindented = edit(
        "    auth: signed\n    errors:\n      8",
        "     auth: signed\n    errors:\n      8",
    );
    assert_eq!(
        fallback_methods(&misindented),
        ["auth.getToken", "auth.getSession"]
    );
    // A broken line that cannot be realigned is left out; the rest stays.
    let unclosed = edit(
        "      4: The token is not valid, or was already used.",
        "      4: \"The token is not valid, or was already used.",
    );
    assert_eq!(
        fallback_methods(&unclosed),
        ["auth.getToken", "auth.getSession"]
    );
}

#[test]
fn yaml_unclosed_flow_mapping() {
    // The parser notices the missing `}` only where the next method starts.
    let found = diagnostics(&edit(
        "response: { root: token, type: string }",
        "response: { root: token, type: string",
    ));
    assert_single(&found, AUTH_FILE, 12, 9, "did not find expected ',' or '}'");
    assert!(found[0].message.contains("not closed"), "{}", found[0]);
}

#[test]
fn yaml_duplicate_key() {
    let found = diagnostics(&edit(
        "    auth: signed\n    errors:\n      8",
        "    auth: signed\n    auth: none\n    errors:\n      8",
    ));
    assert_single(
        &found,
        AUTH_FILE,
        8,
        5,
        "duplicate key `auth` (first written on line 7)",
    );
}

#[test]
fn wrong_shape_methods_as_mapping() {
    let methods = &AUTH[AUTH.find("methods:").unwrap()..AUTH.find("types:").unwrap()];
    let found = diagnostics(&edit(
        methods,
        "methods:\n  getToken:\n    description: Fetches a token.\n    auth: signed\n    response: none\n\n",
    ));
    assert_single(
        &found,
        AUTH_FILE,
        5,
        3,
        "expected `methods` as a list, found a mapping",
    );
}

#[test]
fn wrong_shape_methods_as_scalar() {
    let methods = &AUTH[AUTH.find("methods:").unwrap()..AUTH.find("types:").unwrap()];
    let found = diagnostics(&edit(methods, "methods: getToken\n\n"));
    assert_single(
        &found,
        AUTH_FILE,
        4,
        10,
        "expected `methods` as a list, found a scalar",
    );
}

#[test]
fn wrong_shape_top_level_list() {
    let found = diagnostics("- package: auth\n");
    assert_single(
        &found,
        AUTH_FILE,
        1,
        1,
        "the top level of a spec file must be a mapping",
    );
}

#[test]
fn unknown_auth_level() {
    let found = diagnostics(&edit(
        "    auth: signed\n    errors:\n      8",
        "    auth: sined\n    errors:\n      8",
    ));
    assert_single(
        &found,
        AUTH_FILE,
        7,
        11,
        "unknown auth level `sined` for method `auth.getToken`; expected one of: none, signed, session, optional-session",
    );
}

#[test]
fn unknown_param_type() {
    let found = diagnostics(&edit(
        "{ name: token, type: string,",
        "{ name: token, type: str,",
    ));
    assert_single(
        &found,
        AUTH_FILE,
        16,
        30,
        "unknown parameter type `str` for `token` of `auth.getSession`; expected one of: string, integer, boolean, timestamp, mbid, language",
    );
}

#[test]
fn duplicate_method() {
    let found = diagnostics(&edit("  - name: getSession\n", "  - name: getToken\n"));
    assert_single(
        &found,
        AUTH_FILE,
        12,
        5,
        "duplicate method `auth.getToken` (first declared on line 5)",
    );
}

#[test]
fn duplicate_method_differing_in_case() {
    // The service looks method names up case-insensitively.
    let found = diagnostics(&edit("  - name: getSession\n", "  - name: GetToken\n"));
    assert_single(
        &found,
        AUTH_FILE,
        12,
        5,
        "duplicate method `auth.GetToken` (first declared on line 5)",
    );
}

#[test]
fn duplicate_param() {
    let found = diagnostics(&edit(
        "          description: \"The token from auth.getToken.\" }\n",
        "          description: \"The token from auth.getToken.\" }\n      - { name: token, type: string, description: \"Again.\" }\n",
    ));
    assert_single(
        &found,
        AUTH_FILE,
        18,
        9,
        "duplicate parameter `token` in method `auth.getSession` (first declared on line 16)",
    );
}

#[test]
fn missing_description() {
    let found = diagnostics(&edit(
        "    description: Fetches an unauthorised request token.\n",
        "",
    ));
    assert_single(
        &found,
        AUTH_FILE,
        5,
        5,
        "method `getToken` is missing the required key `description`",
    );
}

#[test]
fn missing_description_of_a_param() {
    let found = diagnostics(&edit(
        "secret: true,\n          description: \"The token from auth.getToken.\" }",
        "secret: true }",
    ));
    assert_single(
        &found,
        AUTH_FILE,
        16,
        9,
        "parameter `token` is missing the required key `description`",
    );
}

#[test]
fn empty_description() {
    let found = diagnostics(&edit(
        "description: Fetches an unauthorised request token.",
        "description: \"\"",
    ));
    assert_single(
        &found,
        AUTH_FILE,
        6,
        18,
        "the description of method `auth.getToken` is empty",
    );
}

#[test]
fn unknown_key() {
    let found = diagnostics(&edit("    description: Fetches", "    descripton: Fetches"));
    assert_eq!(found.len(), 2, "{found:#?}");
    // Both consequences of the typo, in line order.
    assert_diagnostic(
        &found[0],
        AUTH_FILE,
        5,
        5,
        "method `getToken` is missing the required key `description`",
    );
    assert_diagnostic(
        &found[1],
        AUTH_FILE,
        6,
        5,
        "unknown key `descripton` in method `getToken`; expected one of: alternatives, auth, cache, description, errors, example, http, name, params, response",
    );
}

#[test]
fn unknown_error_code() {
    let found = diagnostics(&edit(
        "      15: The token has expired; start the flow again.\n",
        "      15: The token has expired; start the flow again.\n      99: Not a Last.fm code.\n",
    ));
    assert_single(
        &found,
        AUTH_FILE,
        22,
        7,
        "unknown error code 99 in `auth.getSession`; errors.yaml lists: 4, 6, 8, 14, 15",
    );
}

#[test]
fn session_method_get() {
    // No `http`: GET by default; the `auth` line is where to look.
    let found = diagnostics(&edit(
        "    description: Fetches an unauthorised request token.\n    auth: signed",
        "    description: Fetches an unauthorised request token.\n    auth: session",
    ));
    assert_single(
        &found,
        AUTH_FILE,
        7,
        11,
        "method `auth.getToken` needs a session but is sent with GET (no `http` is given); methods that carry a session key must use `http: POST`",
    );
}

#[test]
fn session_method_explicit_get() {
    let found = diagnostics(&edit(
        "    description: Fetches an unauthorised request token.\n    auth: signed",
        "    description: Fetches an unauthorised request token.\n    http: GET\n    auth: session",
    ));
    assert_single(
        &found,
        AUTH_FILE,
        7,
        11,
        "method `auth.getToken` needs a session but is declared as GET",
    );
}

#[test]
fn session_method_post_is_fine() {
    let spec = load(
        ERRORS,
        &edit(
            "    description: Fetches an unauthorised request token.\n    auth: signed",
            "    description: Fetches an unauthorised request token.\n    http: POST\n    auth: session",
        ),
    )
    .unwrap_or_else(|found| panic!("{found:#?}"));
    let (_, method) = spec.method("auth.getToken").unwrap();
    assert_eq!((method.http, method.auth), (Http::Post, Auth::Session));
}

#[test]
fn unknown_http_verb() {
    let found = diagnostics(&edit(
        "    description: Fetches an unauthorised request token.\n",
        "    description: Fetches an unauthorised request token.\n    http: PUT\n",
    ));
    assert_single(
        &found,
        AUTH_FILE,
        7,
        11,
        "unknown HTTP verb `PUT` for method `auth.getToken`; expected GET or POST",
    );
}

#[test]
fn array_without_max() {
    let found = diagnostics(&edit("secret: true,\n", "secret: true, array: true,\n"));
    assert_single(
        &found,
        AUTH_FILE,
        16,
        75,
        "`array` of parameter `token` of method `auth.getSession` must give the maximum number of items (e.g. `array: 50`)",
    );
}

#[test]
fn array_of_zero_items() {
    let found = diagnostics(&edit("secret: true,\n", "secret: true, array: 0,\n"));
    assert_single(
        &found,
        AUTH_FILE,
        16,
        75,
        "must give the maximum number of items",
    );
}

#[test]
fn alternative_undeclared_param() {
    let found = diagnostics(&edit(
        "      - { name: token, type: string, required: true, secret: true,\n          description: \"The token from auth.getToken.\" }\n",
        "      - { name: token, type: string, secret: true,\n          description: \"The token from auth.getToken.\" }\n      - { name: username, type: string, description: \"The user's name.\" }\n    alternatives: [[token], [username, mbid]]\n",
    ));
    assert_single(
        &found,
        AUTH_FILE,
        19,
        40,
        "alternative names `mbid`, which is not a parameter of method `auth.getSession`; expected one of its parameters: token, username",
    );
}

#[test]
fn alternative_with_required_param() {
    let found = diagnostics(&edit(
        "          description: \"The token from auth.getToken.\" }\n",
        "          description: \"The token from auth.getToken.\" }\n    alternatives: [[token]]\n",
    ));
    assert_single(
        &found,
        AUTH_FILE,
        16,
        9,
        "parameter `token` of `auth.getSession` is in an alternative, so it is required only within its group: drop `required: true`",
    );
}

#[test]
fn unknown_field_type() {
    let found = diagnostics(&edit(
        "{ name: subscriber, type: bool,",
        "{ name: subscriber, type: boolean,",
    ));
    assert_single(
        &found,
        AUTH_FILE,
        30,
        35,
        "unknown type `boolean` for field `subscriber` of `Session`; expected one of: string, integer, float, bool, timestamp, mbid, url, images, seconds, milliseconds, or a type declared under `types`",
    );
}

#[test]
fn unknown_response_type() {
    let found = diagnostics(&edit("type: Session }", "type: Sesion }"));
    assert_single(
        &found,
        AUTH_FILE,
        22,
        38,
        "unknown response type `Sesion` for `auth.getSession`; expected `string` or a type declared under `types`",
    );
}

#[test]
fn reserved_name() {
    // Rust has no identifier for `crate`, not even `r#crate`.
    let found = diagnostics(&edit(
        "{ name: token, type: string,",
        "{ name: crate, type: string,",
    ));
    assert_single(
        &found,
        AUTH_FILE,
        16,
        17,
        "`crate` cannot be the name of a parameter of method `auth.getSession`",
    );
}

#[test]
fn name_that_is_not_an_identifier() {
    let found = diagnostics(&edit("  - name: getToken", "  - name: _"));
    assert_single(
        &found,
        AUTH_FILE,
        5,
        11,
        "`_` is not a valid name for a method; expected ASCII letters, digits and `_`, starting with a letter",
    );
}

#[test]
fn duplicate_package() {
    let other = "package: auth\ndescription: The package again.\nmethods: []\n";
    let found = lastfm_spec::load_sources(&[
        source(ERRORS_FILE, ERRORS),
        source(AUTH_FILE, AUTH),
        source("spec/session.yaml", other),
    ])
    .unwrap_err();
    assert_single(
        &found,
        "spec/session.yaml",
        1,
        10,
        "duplicate package `auth` (also declared in spec/auth.yaml)",
    );
}

#[test]
fn duplicate_error_code() {
    let errors = edit_text(
        ERRORS,
        "  - code: 15\n    name: TokenExpired",
        "  - code: 14\n    name: TokenExpired",
    );
    let auth = edit(
        "      15: The token has expired; start the flow again.\n",
        "",
    );
    let found = load(&errors, &auth).unwrap_err();
    assert_single(&found, ERRORS_FILE, 23, 5, "duplicate error code 14");
}

#[test]
fn error_code_that_is_not_a_number() {
    let errors = edit_text(ERRORS, "  - code: 15\n", "  - code: fifteen\n");
    let found = load(
        &errors,
        &edit(
            "      15: The token has expired; start the flow again.\n",
            "",
        ),
    )
    .unwrap_err();
    assert_single(
        &found,
        ERRORS_FILE,
        23,
        11,
        "the code of an error must be a whole number, found `fifteen`",
    );
}

#[test]
fn three_mistakes_give_three_diagnostics() {
    let auth = edit(
        "    auth: signed\n    errors:\n      8",
        "    auth: sined\n    errors:\n      8",
    );
    let auth = edit_text(&auth, "secret: true,\n", "secret: true, array: true,\n");
    let auth = edit_text(
        &auth,
        "      15: The token has expired; start the flow again.\n",
        "      15: The token has expired; start the flow again.\n      99: Not a Last.fm code.\n",
    );
    let found = diagnostics(&auth);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert_diagnostic(&found[0], AUTH_FILE, 7, 11, "unknown auth level `sined`");
    assert_diagnostic(&found[1], AUTH_FILE, 16, 75, "`array` of parameter `token`");
    assert_diagnostic(&found[2], AUTH_FILE, 22, 7, "unknown error code 99");
}

#[test]
fn mistakes_in_several_files_are_all_reported() {
    let errors = edit_text(ERRORS, "    class: uncertain\n", "    class: maybe\n");
    let auth = edit(
        "    auth: signed\n    errors:\n      8",
        "    auth: sined\n    errors:\n      8",
    );
    let found = load(&errors, &auth).unwrap_err();
    assert_eq!(found.len(), 2, "{found:#?}");
    // In file order: auth.yaml before errors.yaml.
    assert_diagnostic(&found[0], AUTH_FILE, 7, 11, "unknown auth level `sined`");
    assert_diagnostic(
        &found[1],
        ERRORS_FILE,
        16,
        12,
        "unknown error class `maybe` for error 8; expected one of: permanent, transient, throttle, reauth, uncertain",
    );
}

#[test]
fn renders_file_line_column_snippet_and_caret() {
    let found = diagnostics(&edit(
        "{ name: token, type: string,",
        "{ name: token, type: str,",
    ));
    let text = found[0].to_string();
    let expected_start = "spec/auth.yaml:16:30: unknown parameter type `str`";
    assert!(text.starts_with(expected_start), "{text}");
    let expected_end = concat!(
        "\n   |\n",
        "16 |       - { name: token, type: str, required: true, secret: true,\n",
        "   |                              ^",
    );
    assert!(text.ends_with(expected_end), "{text}");
}

#[test]
fn the_real_spec_directory_loads() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec"));
    let loaded = lastfm_spec::load_dir(dir, &|p| {
        format!("spec/{}", p.file_name().unwrap().to_string_lossy())
    });
    assert!(loaded.files.len() >= 2, "{:?}", loaded.files);
    let spec = loaded.spec.unwrap_or_else(|found| {
        let shown: Vec<String> = found.iter().map(ToString::to_string).collect();
        panic!("the real spec has mistakes:\n{}", shown.join("\n\n"))
    });
    let auth = spec
        .packages
        .iter()
        .find(|p| p.name == "auth")
        .expect("an `auth` package");
    let names: Vec<&str> = auth.methods.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["getToken", "getSession", "getMobileSession"]);
    assert!(spec.error(29).is_some());
}

/// Every unknown name is answered with the closest known one, when one is close.
#[test]
fn did_you_mean_for_unknown_names() {
    for (old, new, suggestion) in [
        (
            "    auth: signed\n    errors:\n      8",
            "    auth: sined\n    errors:\n      8",
            "did you mean `signed`?",
        ),
        (
            "type: Session }",
            "type: Sesion }",
            "did you mean `Session`?",
        ),
        ("type: bool,", "type: boool,", "did you mean `bool`?"),
        (
            "      14: The user",
            "      41: The user",
            "did you mean `14`?",
        ),
        (
            "    description: Fetches",
            "    descripton: Fetches",
            "did you mean `description`?",
        ),
        (
            "name: token, type: string,",
            "name: token, type: sting,",
            "did you mean `string`?",
        ),
    ] {
        let found = diagnostics(&edit(old, new));
        assert!(
            found.iter().any(|d| d.message.ends_with(suggestion)),
            "{new}: {found:#?}"
        );
    }
    // Nothing is suggested when nothing is close.
    let found = diagnostics(&edit("type: Session }", "type: Playlist }"));
    assert!(!found[0].message.contains("did you mean"), "{found:#?}");
}
