//! The offline server as a drop-in double for other clients: what they send
//! that this crate's client does not (lower-case method names, the legacy
//! mobile login, `format=json`), and its documented catalogue.

use std::collections::BTreeMap;

use lastfm_server::Server;
use lastfm_spec::Auth;
use lastfm_tests::*;
use md5::Digest;
use serde_json::Value;

fn md5_hex(text: &str) -> String {
    md5::Md5::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Sends `params` (signed with the test secret when `sign`) as a GET or a
/// POST; `format=json` is added after signing when `json`, as it is not signed.
async fn send(
    server: &Server,
    post: bool,
    sign: bool,
    json: bool,
    params: &[(&str, &str)],
) -> (u16, String, String) {
    let mut all: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    if sign {
        all.push((
            "api_sig".into(),
            lastfm_api::api_sig(params.iter().copied(), API_SECRET),
        ));
    }
    if json {
        all.push(("format".into(), "json".into()));
    }
    let http = lastfm_tests::raw_http();
    let request = if post {
        http.post(server.base_url()).form(&all)
    } else {
        http.get(server.base_url()).query(&all)
    };
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, content_type, response.text().await.unwrap())
}

#[tokio::test]
async fn method_names_match_regardless_of_case() {
    let (server, _) = server_and_client().await;
    for name in [
        "user.getpersonaltags",
        "USER.GETPERSONALTAGS",
        "User.GetPersonalTags",
    ] {
        let (status, _, body) = send(
            &server,
            false,
            false,
            false,
            &[
                ("method", name),
                ("api_key", API_KEY),
                ("user", USER),
                ("tag", "pop"),
                ("taggingtype", "artist"),
            ],
        )
        .await;
        assert_eq!(status, 200, "{name}: {body}");
        assert!(body.contains("<taggings"), "{name}: {body}");
    }
    let (status, _, body) = send(
        &server,
        false,
        false,
        false,
        &[("method", "user.getpersonaltagz"), ("api_key", API_KEY)],
    )
    .await;
    assert_eq!(status, 400);
    assert!(body.contains("code=\"3\""), "{body}");
}

#[tokio::test]
async fn an_unusable_page_or_limit_is_the_default() {
    // pylast 7.2 sends `limit=None` for user.getTopTracks.
    let (server, _) = server_and_client().await;
    let (status, _, body) = send(
        &server,
        false,
        false,
        false,
        &[
            ("method", "user.getTopTracks"),
            ("api_key", API_KEY),
            ("user", USER),
            ("limit", "None"),
            ("page", ""),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("perPage=\"50\""), "{body}");
}

#[tokio::test]
async fn mobile_login_accepts_the_legacy_auth_token() {
    let (server, _) = server_and_client().await;
    let token = md5_hex(&format!("{USER}{}", md5_hex(PASSWORD)));
    let (status, _, body) = send(
        &server,
        true,
        true,
        false,
        &[
            ("method", "auth.getMobileSession"),
            ("api_key", API_KEY),
            ("username", USER),
            ("authToken", &token),
        ],
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let key = body
        .split("<key>")
        .nth(1)
        .and_then(|rest| rest.split("</key>").next())
        .unwrap();
    // The session works.
    let me = client_for(&server, API_KEY, API_SECRET).with_session_key(USER, key);
    me.track().love("Cher", "Believe").await.unwrap();

    // A token made from another password, or an unsigned call, is refused.
    let wrong = md5_hex(&format!("{USER}{}", md5_hex("not the password")));
    for (sign, token, code) in [(true, wrong.as_str(), "4"), (false, token.as_str(), "13")] {
        let (status, _, body) = send(
            &server,
            true,
            sign,
            false,
            &[
                ("method", "auth.getMobileSession"),
                ("api_key", API_KEY),
                ("username", USER),
                ("authToken", token),
            ],
        )
        .await;
        assert_eq!(status, 403, "{body}");
        assert!(body.contains(&format!("code=\"{code}\"")), "{body}");
    }
    // Neither password nor authToken: the missing parameter is named.
    let (status, _, body) = send(
        &server,
        true,
        true,
        false,
        &[
            ("method", "auth.getMobileSession"),
            ("api_key", API_KEY),
            ("username", USER),
        ],
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        body.contains("code=\"6\"") && body.contains("password"),
        "{body}"
    );
}

#[test]
fn the_readme_lists_the_catalogue_the_server_has() {
    let readme = include_str!("../../lastfm-server/README.md");
    let start = readme
        .find("-->\n")
        .filter(|&i| readme[..i].contains("<!-- catalogue"))
        .map(|i| i + 4)
        .expect("the catalogue's start marker");
    let end = readme
        .find("<!-- end of catalogue -->")
        .expect("the catalogue's end marker");
    let listing = lastfm_server::catalogue_listing(&lastfm_server::Catalogue::seeded());
    assert!(
        readme[start..end] == listing,
        "lastfm-server/README.md is out of date: paste the output of `cargo run -p lastfm-server -- --list-catalogue` between its markers"
    );
    for needle in [
        "| Cher |",
        "**Cher - Believe**",
        "| 1 | Believe |",
        "United States",
    ] {
        assert!(listing.contains(needle), "{needle}");
    }
}

// ---- format=json, checked against the XML answer of every spec method ----

/// One XML element, read independently of the server's mapping code.
#[derive(Debug)]
struct Node {
    name: String,
    attrs: BTreeMap<String, String>,
    children: Vec<Node>,
    text: String,
}

fn parse_xml(xml: &str) -> Node {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<Node> = Vec::new();
    loop {
        let event = reader.read_event().unwrap();
        let (start, end) = match &event {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            Event::End(_) => (None, true),
            Event::Text(t) => {
                if let Some(top) = stack.last_mut() {
                    top.text.push_str(&t.xml10_content());
                }
                (None, false)
            }
            Event::GeneralRef(r) => {
                let text = match r.resolve_char_ref().unwrap() {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(r)
                        .unwrap()
                        .to_owned(),
                };
                stack.last_mut().unwrap().text.push_str(&text);
                (None, false)
            }
            Event::Eof => panic!("the XML ends early"),
            _ => (None, false),
        };
        if let Some(start) = start {
            let attrs = start
                .attributes()
                .map(|a| {
                    let a = a.unwrap();
                    (
                        a.key.into_inner().to_owned(),
                        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .unwrap()
                            .into_owned(),
                    )
                })
                .filter(|(k, _)| !k.starts_with("xmlns"))
                .collect();
            stack.push(Node {
                name: start.name().into_inner().to_owned(),
                attrs,
                children: Vec::new(),
                text: String::new(),
            });
        }
        if end {
            let done = stack.pop().unwrap();
            match stack.last_mut() {
                Some(parent) => parent.children.push(done),
                None => return done,
            }
        }
    }
}

/// Leaves whose values differ between two calls by nature (fresh tokens
/// and session keys): only their shape is compared.
const FRESH: &[&str] = &["token", "key"];

fn same_text(path: &str, name: &str, xml: &str, json: &Value) {
    let json = json
        .as_str()
        .unwrap_or_else(|| panic!("{path}: a string, not {json}"));
    let xml = if xml.trim().is_empty() { "" } else { xml };
    if FRESH.contains(&name) {
        assert_eq!(json.len(), xml.len(), "{path}");
    } else {
        assert_eq!(json, xml, "{path}");
    }
}

/// Checks that `json` is `node` under Last.fm's mapping.
fn check(path: &str, node: &Node, json: &Value) {
    let path = format!("{path}/{}", node.name);
    if node.children.is_empty() {
        if node.attrs.is_empty() {
            same_text(&path, &node.name, &node.text, json);
            return;
        }
        let object = json
            .as_object()
            .unwrap_or_else(|| panic!("{path}: an object, not {json}"));
        assert_eq!(object.len(), node.attrs.len() + 1, "{path}: {json}");
        same_text(&path, &node.name, &node.text, &object["#text"]);
        for (k, v) in &node.attrs {
            assert_eq!(
                object.get(k).and_then(Value::as_str),
                Some(v.as_str()),
                "{path}@{k}"
            );
        }
        return;
    }
    let object = json
        .as_object()
        .unwrap_or_else(|| panic!("{path}: an object, not {json}"));
    let mut names: Vec<&str> = Vec::new();
    for child in &node.children {
        if !names.contains(&child.name.as_str()) {
            names.push(&child.name);
        }
    }
    let expected_keys = names.len() + usize::from(!node.attrs.is_empty());
    assert_eq!(object.len(), expected_keys, "{path}: keys of {json}");
    if !node.attrs.is_empty() {
        let attr = object["@attr"].as_object().expect("@attr is an object");
        assert_eq!(attr.len(), node.attrs.len(), "{path}/@attr");
        for (k, v) in &node.attrs {
            assert_eq!(
                attr.get(k).and_then(Value::as_str),
                Some(v.as_str()),
                "{path}@{k}"
            );
        }
    }
    for name in names {
        let same: Vec<&Node> = node.children.iter().filter(|c| c.name == name).collect();
        let value = object
            .get(name)
            .unwrap_or_else(|| panic!("{path}: no `{name}` in {json}"));
        if same.len() == 1 {
            assert!(!value.is_array(), "{path}/{name}: one child is not a list");
            check(&path, same[0], value);
        } else {
            let list = value
                .as_array()
                .unwrap_or_else(|| panic!("{path}/{name}: {} children make a list", same.len()));
            assert_eq!(list.len(), same.len(), "{path}/{name}");
            for (child, value) in same.iter().zip(list) {
                check(&path, child, value);
            }
        }
    }
}

/// Checks a whole answer: the envelope, then the payload.
fn check_answer(method: &str, xml: &str, json: &str) {
    let root = parse_xml(xml);
    let json: Value =
        serde_json::from_str(json).unwrap_or_else(|e| panic!("{method}: not JSON ({e}): {json}"));
    assert_eq!(root.name, "lfm", "{method}");
    if root.attrs.get("status").map(String::as_str) == Some("failed") {
        let error = &root.children[0];
        let code: u64 = error.attrs["code"].parse().unwrap();
        assert_eq!(
            json,
            serde_json::json!({"error": code, "message": error.text.trim()}),
            "{method}"
        );
        return;
    }
    let object = json
        .as_object()
        .unwrap_or_else(|| panic!("{method}: {json}"));
    assert_eq!(object.len(), root.children.len(), "{method}: {json}");
    for child in &root.children {
        check(method, child, &object[&child.name]);
    }
}

/// A value for the parameters the simulated methods require, by name, so
/// that they find something; `None` for another one (a method added to the
/// spec since), which gets any value of its type.
fn value_of(name: &str, now: u64) -> Option<String> {
    let value = match name {
        "artist" => "Cher".into(),
        "track" => "Believe".into(),
        "album" => "Believe".into(),
        "tag" => "pop".into(),
        "tags" => "pop,dance".into(),
        "user" | "username" => USER.into(),
        "password" => PASSWORD.into(),
        "country" => "United States".into(),
        "taggingtype" => "artist".into(),
        "timestamp" => (now - 120).to_string(),
        _ => return None,
    };
    Some(value)
}

#[tokio::test]
async fn format_json_follows_the_mapping_for_every_method() {
    let (server, _) = server_and_client().await;
    let sk = server.open_session(API_KEY, USER);
    let spec = lastfm_spec::load_sources(&lastfm_spec::SourceFile::embedded(
        lastfm_server::spec_files(),
    ))
    .unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    // Something to read back: a scrobble, a love, a tag.
    let me = session_client(&server, &client_for(&server, API_KEY, API_SECRET));
    me.scrobble(&[lastfm_api::Scrobble::new("Cher", "Believe", now - 600)])
        .await
        .unwrap();
    me.track().love("Cher", "Believe").await.unwrap();
    me.artist().add_tags("Cher", "pop").await.unwrap();

    let mut checked = 0;
    for package in &spec.packages {
        for method in &package.methods {
            let full = method.full_name();
            let mut names: Vec<&str> = method
                .params
                .iter()
                .filter(|p| p.required)
                .map(|p| p.name.as_str())
                .collect();
            if let Some(first) = method.alternatives.first() {
                names.extend(first.names());
            }
            let mut answers = Vec::new();
            for json in [false, true] {
                let mut values: Vec<(String, String)> = vec![
                    ("method".into(), full.clone()),
                    ("api_key".into(), API_KEY.into()),
                ];
                for name in &names {
                    let value = if *name == "token" {
                        // A fresh approved token for each call.
                        let (_, _, body) = send(
                            &server,
                            false,
                            true,
                            false,
                            &[("method", "auth.getToken"), ("api_key", API_KEY)],
                        )
                        .await;
                        let token = body.split("<token>").nth(1).unwrap();
                        let token = token.split("</token>").next().unwrap().to_owned();
                        server.approve_token(&token, USER).unwrap();
                        token
                    } else {
                        value_of(name, now).unwrap_or_else(|| {
                            let param = method.params.iter().find(|p| p.name == *name).unwrap();
                            crate::examples::value(&param.ty, &spec)
                        })
                    };
                    values.push((name.to_string(), value));
                }
                // Personalised reads are sent with the session, as the
                // client does on a SessionClient.
                let session = matches!(method.auth, Auth::Session | Auth::OptionalSession);
                if session {
                    values.push(("sk".into(), sk.clone()));
                }
                let sign = session || method.auth == Auth::Signed;
                let post = session || method.http == lastfm_spec::Http::Post;
                let pairs: Vec<(&str, &str)> = values
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.as_str()))
                    .collect();
                answers.push(send(&server, post, sign, json, &pairs).await);
            }
            let (xml_status, xml_type, xml) = &answers[0];
            let (json_status, json_type, json) = &answers[1];
            assert_eq!(xml_status, json_status, "{full}: {xml}\n{json}");
            assert_eq!(*xml_status, 200, "{full}: {xml}");
            assert!(xml_type.starts_with("text/xml"), "{full}: {xml_type}");
            assert!(
                json_type.starts_with("application/json"),
                "{full}: {json_type}"
            );
            check_answer(&full, xml, json);
            checked += 1;
        }
    }
    assert_eq!(
        checked,
        spec.packages.iter().map(|p| p.methods.len()).sum::<usize>()
    );
    assert!(checked >= 57, "{checked} methods");

    // Failures map too: an unknown artist, an unknown method, a bad key.
    for params in [
        vec![
            ("method", "artist.getInfo"),
            ("api_key", API_KEY),
            ("artist", "Björk"),
        ],
        vec![("method", "artist.getNothing"), ("api_key", API_KEY)],
        vec![
            ("method", "artist.getInfo"),
            ("api_key", "nope"),
            ("artist", "Cher"),
        ],
    ] {
        let (status, _, xml) = send(&server, false, false, false, &params).await;
        let (json_status, _, json) = send(&server, false, false, true, &params).await;
        assert_eq!(status, json_status);
        assert!(status >= 400, "{xml}");
        check_answer(params[0].1, &xml, &json);
        let json: Value = serde_json::from_str(&json).unwrap();
        assert!(
            json["error"].is_u64() && json["message"].is_string(),
            "{json}"
        );
    }
}
