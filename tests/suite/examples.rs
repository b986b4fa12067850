//! The spec's example answers, for every method at once: each decodes
//! through the method's generated type, every method is called through the
//! client against the offline server with its wire checked, and the server
//! answers a method it does not simulate with its example. A method added
//! to the spec is covered here without a test written for it.

use std::path::Path;

use lastfm_api::__private_0_1_0::MethodInfo;
use lastfm_spec::{Method, ParamType, Spec};
use lastfm_tests::{API_KEY, assert_wire, server_and_client, session_client};

fn spec() -> Spec {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    lastfm_spec::load_dir(&dir, &|p| p.display().to_string())
        .spec
        .unwrap_or_else(|d| panic!("{d:?}"))
}

fn methods(spec: &Spec) -> impl Iterator<Item = &Method> {
    spec.packages.iter().flat_map(|p| p.methods.iter())
}

fn info(name: &str) -> &'static MethodInfo {
    MethodInfo::find(name).unwrap_or_else(|| panic!("{name} is not a method of lastfm-api"))
}

/// Decoding fails on a missing required value, so a decoded example has
/// every required field of its type, at every level.
#[test]
fn every_method_has_an_example_that_decodes_through_its_generated_type() {
    let spec = spec();
    let mut without = Vec::new();
    let mut failed = Vec::new();
    let mut decoded = 0;
    for method in methods(&spec) {
        let name = method.full_name();
        let Some(example) = &method.example else {
            without.push(name);
            continue;
        };
        match (info(&name).decode)(&example.xml) {
            Ok(()) => decoded += 1,
            Err(err) => failed.push(format!("{name} ({}): {err}", example.file)),
        }
    }
    assert!(
        without.is_empty(),
        "methods without an example: {without:?}"
    );
    assert!(
        failed.is_empty(),
        "examples that do not decode: {failed:#?}"
    );
    assert_eq!(decoded, methods(&spec).count());
    eprintln!("{decoded} examples decoded through their methods' types");
}

/// The check above can fail: an example missing a required field does not decode.
#[test]
fn an_example_without_a_required_field_does_not_decode() {
    let spec = spec();
    let (_, method) = spec.method("artist.getInfo").unwrap();
    let xml = &method.example.as_ref().unwrap().xml;
    let start = xml.find("<name>").unwrap();
    let end = start + xml[start..].find("</name>").unwrap() + "</name>".len();
    let without_name = format!("{}{}", &xml[..start], &xml[end..]);
    let err = (info("artist.getInfo").decode)(&without_name).unwrap_err();
    assert!(err.to_string().contains("name"), "{err}");
}

/// A value the server accepts for a parameter of this type.
pub(crate) fn value(ty: &ParamType, spec: &Spec) -> String {
    match ty {
        ParamType::String => "Cher".into(),
        ParamType::Integer | ParamType::Boolean => "1".into(),
        ParamType::Timestamp => lastfm_tests::unix_now().to_string(),
        ParamType::Mbid => "bfcc6d75-a6a5-4bc6-8282-47aec8531818".into(),
        ParamType::Language => "en".into(),
        ParamType::Enum(name) => spec.enum_def(name).unwrap().values[0].wire.clone(),
    }
}

/// Every declared method, called by name through the client with its
/// required parameters and its first alternative: the request is checked on
/// the wire, and the answer is the example (for a method the server does
/// not simulate) or decodes as the method's type (or is a Last.fm error,
/// for names the server's catalogue does not know).
#[tokio::test]
async fn every_method_is_called_offline_with_its_wire_checked() {
    let spec = spec();
    let (server, client) = server_and_client().await;
    let me = session_client(&server, &client);
    let (mut ok, mut refused, mut from_example) = (0, 0, 0);
    for method in methods(&spec) {
        let name = method.full_name();
        let first_group = method.alternatives.first();
        let sent: Vec<(String, String)> = method
            .params
            .iter()
            .filter(|p| p.required || first_group.is_some_and(|g| g.contains(&p.name)))
            .map(|p| {
                let wire = match p.array {
                    Some(_) => format!("{}[0]", p.name),
                    None => p.name.clone(),
                };
                (wire, value(&p.ty, &spec))
            })
            .collect();
        let session = method.auth.carries_session_key(true);
        let mut call = if session {
            me.raw_call(&name).unwrap()
        } else {
            client.raw_call(&name).unwrap()
        };
        for (k, v) in &sent {
            call = call.param(k, v);
        }
        let answer = call.send().await;
        let http = method.http.for_call(session).as_str();
        let expected: Vec<(&str, &str)> =
            sent.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_wire(
            &server,
            &name,
            http,
            method.auth.is_signed(session),
            &expected,
        );
        match answer {
            Ok(body) => {
                (info(&name).decode)(&body).unwrap_or_else(|e| panic!("{name}: {e}"));
                if !server.simulates(&name) {
                    let example = method.example.as_ref().and_then(|e| e.payload());
                    assert!(
                        example.is_some_and(|e| body.contains(e)),
                        "{name}: not its example"
                    );
                    from_example += 1;
                }
                ok += 1;
            }
            Err(err) => {
                assert!(err.code().is_some(), "{name}: {err}");
                refused += 1;
            }
        }
    }
    assert_eq!(ok + refused, methods(&spec).count());
    eprintln!(
        "{} methods called: {ok} answered ({from_example} with their example), {refused} refused by the catalogue",
        ok + refused
    );
}

/// A method brought in by YAML alone, with a documented sample as example:
/// the server answers it with the example, after its checks. (It is the
/// retired `user.getNeighbours` under a name of its own, so that bringing
/// the real one back into `spec/`, as README's walkthrough does, does not
/// collide with it.)
#[tokio::test]
async fn a_method_the_server_does_not_simulate_answers_its_example_after_the_checks() {
    let sample = include_str!("../fixtures/retired/user.getNeighbours.xml");
    let server = lastfm_server::Server::builder()
        .api_key(API_KEY, lastfm_tests::API_SECRET)
        .extra_spec("ext/neighbours.yaml", NEIGHBOURS)
        .extra_spec("ext/examples/user.getLookalikes.xml", sample)
        .start()
        .await
        .unwrap();
    assert!(!server.simulates("user.getLookalikes"));
    let http = lastfm_tests::raw_http();
    let get = |query: String| {
        let url = format!("{}?{query}", server.base_url());
        let http = http.clone();
        async move { http.get(url).send().await.unwrap().text().await.unwrap() }
    };
    let body = get(format!(
        "method=user.getLookalikes&user=rj&api_key={API_KEY}"
    ))
    .await;
    assert!(body.contains(r#"<lfm status="ok">"#), "{body}");
    assert!(body.contains("<name>polaroide</name>"), "{body}");
    // The usual checks come first: a required parameter, the API key.
    let missing = get(format!("method=user.getLookalikes&api_key={API_KEY}")).await;
    assert!(missing.contains(r#"code="6""#), "{missing}");
    let bad_key = get("method=user.getLookalikes&user=rj&api_key=nope".into()).await;
    assert!(bad_key.contains(r#"code="10""#), "{bad_key}");
}

const NEIGHBOURS: &str = "
package: user
accessor: user_lookalikes
description: Retired user methods, brought back.
methods:
  - name: getLookalikes
    description: Users with similar taste to the given user.
    params:
      - { name: user, type: string, required: true, description: The user name. }
      - { name: limit, type: integer, description: Items per page. }
    auth: none
    response: { root: neighbours, type: Lookalikes }
types:
  - name: Lookalikes
    description: Users with similar taste.
    fields:
      - { name: users, type: Lookalike, list: true, xml: user }
  - name: Lookalike
    description: One user with similar taste.
    fields:
      - { name: name, type: string }
      - { name: url, type: url }
      - { name: match_, type: float, xml: match }
";

/// The attribute names of an answer's top element (the one inside `<lfm>`).
fn top_attributes(xml: &str) -> Vec<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut depth = 0;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if depth == 1 => {
                return e
                    .attributes()
                    .filter_map(Result::ok)
                    .map(|a| a.key.as_ref().to_owned())
                    .collect();
            }
            Ok(Event::Start(_)) => depth += 1,
            Ok(Event::Eof) | Err(_) => return Vec::new(),
            _ => {}
        }
    }
}

/// An answer type declares only the attributes its answers carry: no
/// method gets a type whose fields are for another method's answer (the
/// paging attributes aside, which the live service adds to most lists).
#[test]
fn answer_types_declare_only_attributes_their_answers_carry() {
    use std::collections::{BTreeMap, BTreeSet};
    const PAGING: [&str; 4] = ["page", "perPage", "totalPages", "total"];
    let spec = spec();
    let mut carried: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for m in methods(&spec) {
        if let (lastfm_spec::Response::Type { type_name, .. }, Some(example)) =
            (&m.response, &m.example)
        {
            carried
                .entry(type_name)
                .or_default()
                .extend(top_attributes(&example.xml));
        }
    }
    let mut never_sent = Vec::new();
    for (type_name, attributes) in &carried {
        let ty = spec.type_def(type_name).expect("a declared type");
        for field in &ty.fields {
            if let lastfm_spec::XmlSource::Attr(name) = &field.source
                && !PAGING.contains(&name.as_str())
                && !attributes.contains(name)
            {
                never_sent.push(format!("{type_name}.{} (@{name})", field.name));
            }
        }
    }
    assert!(
        never_sent.is_empty(),
        "fields that no example answer of their type carries: {never_sent:?}"
    );
}
