//! The rustdoc of a method: written once, on its request type; the
//! constructors on the package accessor carry its first paragraph and a link.

use std::fmt::Write as _;

use super::requests::paged_response;
use crate::model::{Auth, Example, Method, Param, Response, Spec};

fn auth_text(auth: Auth) -> &'static str {
    match auth {
        Auth::None => "none: `api_key` only",
        Auth::Signed => "signed: `api_sig`, no session key",
        Auth::Session => {
            "session: `sk` and `api_sig`; callable on a [`SessionClient`](lastfm_api::SessionClient) only"
        }
        Auth::OptionalSession => {
            "optional session: personalised and signed when called on a [`SessionClient`](lastfm_api::SessionClient)"
        }
    }
}

fn param_line(p: &Param, role: &str) -> String {
    let mut kind = p.ty.describe().to_owned();
    if let Some(max) = p.array {
        kind = format!("list of {kind}, at most {max}, sent as `{}[i]`", p.name);
    }
    let secret = if p.secret { ", secret" } else { "" };
    format!(
        "- `{}` ({kind}, {role}{secret}): {}\n",
        p.name, p.description
    )
}

/// A constructor's rustdoc: what the method does, and where the rest is.
pub(super) fn constructor_doc(m: &Method, request_ty: &str) -> String {
    format!(
        "{}\n\nPrepares the `{}` call: [`{request_ty}`] lists its parameters, answer and errors.",
        m.description,
        m.full_name()
    )
}

/// The rustdoc of a request type: everything about its method.
pub(super) fn method_doc(spec: &Spec, m: &Method, request_ty: &str) -> String {
    // Setters exist for the optional parameters outside the alternatives.
    let has_setters = m
        .params
        .iter()
        .any(|p| !p.required && !m.alternatives.iter().any(|g| g.contains(&p.name)));
    let setters = if has_setters {
        "set optional parameters with its methods, then "
    } else {
        ""
    };
    let mut text = format!(
        "{}\n\nA prepared `{}` call: {setters}`.await` it (or call [`send`]({request_ty}::send)).\n\n\
         | Last.fm method | HTTP | auth |\n|---|---|---|\n| `{}` | `{}` | {} |\n",
        m.description,
        m.full_name(),
        m.full_name(),
        m.http.as_str(),
        auth_text(m.auth)
    );
    if !m.params.is_empty() {
        text.push_str("\n# Parameters\n");
        for p in &m.params {
            let role = if p.required {
                "required"
            } else if m.alternatives.iter().any(|g| g.contains(&p.name)) {
                "one of the alternatives"
            } else {
                "optional, set with a method of the same name"
            };
            text.push_str(&param_line(p, role));
        }
    }
    if m.alternatives.len() > 1 {
        let groups: Vec<String> = m
            .alternatives
            .iter()
            .map(|g| {
                g.names()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(" + ")
            })
            .collect();
        let _ = writeln!(text, "\nGive exactly one of: {}.", groups.join(", or "));
    }
    let answer = match &m.response {
        Response::Empty => "nothing: `()` once the service has accepted the call".to_owned(),
        Response::Text { roots } => {
            format!("the text of `<{}>`, as a `String`", roots.join(">` or `<"))
        }
        Response::Type {
            roots, type_name, ..
        } => {
            format!(
                "[`{type_name}`](super::types::{type_name}), decoded from `<{}>`",
                roots.join(">` or `<")
            )
        }
    };
    let _ = writeln!(text, "\nAnswers {answer}.");
    if !m.retry {
        text.push_str(
            "\nNever retried: a failed call is reported at once, as a late one would be wrong.\n",
        );
    }
    if paged_response(spec, m).is_some() {
        text.push_str(
            "\nPaged: `.pages()` and `.items()` on the request walk every page as a stream.\n",
        );
    }
    if let Some(example) = &m.example {
        text.push_str(&example_doc(example));
    }
    text.push_str("\n# Errors\n");
    if m.errors.is_empty() {
        text.push_str(
            "Fails with an [`Error`](lastfm_api::Error): the generic Last.fm codes of [`ErrorCode`](lastfm_api::ErrorCode), or an HTTP, transport or decoding failure.\n",
        );
    } else {
        text.push_str("Documented for this method:\n");
        for e in &m.errors {
            let variant = spec
                .error(e.code)
                .map(|d| format!("[`ErrorCode::{0}`](lastfm_api::ErrorCode::{0})", d.variant))
                .unwrap_or_default();
            let _ = writeln!(text, "- `{}` {variant}: {}", e.code, e.meaning);
        }
        text.push_str(
            "\nBesides these, any generic code of [`ErrorCode`](lastfm_api::ErrorCode), or an HTTP, transport or decoding failure.\n",
        );
    }
    text
}

/// The example answer, collapsed: long, and useful only to whoever looks for it.
fn example_doc(example: &Example) -> String {
    // A line of backticks inside the XML would end the code block early.
    let fence = if example.xml.contains("```") {
        "~~~~"
    } else {
        "```"
    };
    format!(
        "\n# Example\n<details><summary>An answer, as the service sends it</summary>\n\n{fence}xml\n{}\n{fence}\n\n</details>\n",
        example.xml.trim_end()
    )
}
