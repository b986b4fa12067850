//! From located YAML trees to the spec model: the shape of each file.
//!
//! Every problem is recorded in the [`Report`] and loading goes on, so that
//! a maintainer sees all the mistakes of a file in one build. Cross
//! references between files are checked afterwards, in `validate`.

use crate::diag::{Pos, Report};
use crate::model::*;
use crate::names;
use crate::yaml::{Key, Kind, Node};

/// The name of the file that holds the generic error codes.
pub const ERRORS_FILE: &str = "errors.yaml";
/// The name of the file that holds types and enums shared by every package.
pub const TYPES_FILE: &str = "types.yaml";

/// The folder, beside the spec files, of the example answers found by name.
pub const EXAMPLES_DIR: &str = "examples";

/// A method's example that is in a file, to be looked up once every file is read.
#[derive(Debug)]
pub struct ExampleRef {
    /// `package.method`.
    pub method: String,
    /// The file name looked for under `examples/`.
    pub file_name: String,
    /// Whether the spec names the file (`example: name.xml`), rather than
    /// leaving it to be found by the method's name.
    pub named: bool,
    /// The spec file and position of the method (or of its `example` key).
    pub spec_file: String,
    pub pos: Pos,
}

/// Reads one file into `spec`. `display` is the path shown in diagnostics;
/// `file_name` decides whether it holds error codes or a package. Examples
/// left to files are added to `pending`.
///
/// A file that is not valid YAML is reported and left out. What could be
/// read of it once its broken lines are mended is returned, for the
/// fallback expansion only (see [`load_unreported`]).
pub fn load_file(
    spec: &mut Spec,
    report: &mut Report,
    pending: &mut Vec<ExampleRef>,
    display: &str,
    file_name: &str,
    text: &str,
) -> Option<Node> {
    report.add_source(display, text);
    match crate::yaml::parse(text) {
        Ok(root) => {
            load_tree(spec, report, pending, display, file_name, &root);
            None
        }
        Err(err) => {
            report.error(display, err.pos, err.message);
            crate::yaml::parse_mended(text)
        }
    }
}

/// Reads a tree into `spec` with its problems left unreported: for a file
/// whose syntax error is already reported, so that the fallback expansion
/// still has its package and code using it gets no second error.
pub fn load_unreported(spec: &mut Spec, display: &str, file_name: &str, root: &Node) {
    let mut scratch = Report::default();
    load_tree(
        spec,
        &mut scratch,
        &mut Vec::new(),
        display,
        file_name,
        root,
    );
}

fn load_tree(
    spec: &mut Spec,
    report: &mut Report,
    pending: &mut Vec<ExampleRef>,
    display: &str,
    file_name: &str,
    root: &Node,
) {
    let mut cx = Cx {
        report,
        file: display,
        pending,
    };
    if file_name == ERRORS_FILE {
        cx.errors_file(root, spec);
    } else if file_name == TYPES_FILE {
        cx.types_file(root, spec);
    } else {
        cx.package_file(root, spec);
    }
}

struct Cx<'r> {
    report: &'r mut Report,
    file: &'r str,
    pending: &'r mut Vec<ExampleRef>,
}

/// The keys of one mapping, checked against what is allowed.
struct Fields<'n> {
    pos: Pos,
    entries: &'n [(Key, Node)],
}

impl<'n> Fields<'n> {
    fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _)| k.name == key)
            .map(|(_, v)| v)
    }
}

fn kind_name(node: &Node) -> &'static str {
    match node.kind {
        Kind::Scalar(_) => "a scalar",
        Kind::Seq(_) => "a list",
        Kind::Map(_) => "a mapping",
    }
}

impl Cx<'_> {
    fn error(&mut self, pos: Pos, message: impl Into<String>) {
        self.report.error(self.file, pos, message);
    }

    /// A mapping with only `allowed` keys, all of `required` present.
    fn fields<'n>(
        &mut self,
        node: &'n Node,
        what: &str,
        required: &[&str],
        optional: &[&str],
    ) -> Option<Fields<'n>> {
        let Kind::Map(entries) = &node.kind else {
            self.error(
                node.pos,
                format!("expected {what} as a mapping, found {}", kind_name(node)),
            );
            return None;
        };
        // `a method` becomes `method `getToken`` when the mapping is named.
        let named = entries
            .iter()
            .find(|(k, _)| {
                k.name == "name" && (required.contains(&"name") || optional.contains(&"name"))
            })
            .and_then(|(_, v)| match &v.kind {
                Kind::Scalar(s) if !s.trim().is_empty() => Some(format!(
                    "{} `{}`",
                    what.trim_start_matches("a ").trim_start_matches("an "),
                    s.trim()
                )),
                _ => None,
            });
        let what = named.as_deref().unwrap_or(what);
        for (key, _) in entries {
            if !required.contains(&key.name.as_str()) && !optional.contains(&key.name.as_str()) {
                let mut expected: Vec<&str> = required.iter().chain(optional).copied().collect();
                expected.sort_unstable();
                let hint = names::did_you_mean(&key.name, expected.iter().copied());
                self.error(
                    key.pos,
                    format!(
                        "unknown key `{}` in {what}; expected one of: {}{}{hint}",
                        key.name,
                        expected.join(", "),
                        if key.name.contains(' ') {
                            " (inside `{ }` a comma ends a value: quote text that contains commas)"
                        } else {
                            ""
                        }
                    ),
                );
            }
        }
        let fields = Fields {
            pos: node.pos,
            entries,
        };
        for key in required {
            if fields.get(key).is_none() {
                self.error(
                    node.pos,
                    format!("{what} is missing the required key `{key}`"),
                );
            }
        }
        Some(fields)
    }

    fn scalar<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n str> {
        match &node.kind {
            Kind::Scalar(s) => Some(s),
            _ => {
                self.error(
                    node.pos,
                    format!("expected {what} as a scalar, found {}", kind_name(node)),
                );
                None
            }
        }
    }

    fn list<'n>(&mut self, node: &'n Node, what: &str) -> &'n [Node] {
        match &node.kind {
            Kind::Seq(items) => items,
            // `key:` with nothing after it is an empty list.
            Kind::Scalar(s) if s.is_empty() || s == "~" || s == "null" => &[],
            _ => {
                self.error(
                    node.pos,
                    format!("expected {what} as a list, found {}", kind_name(node)),
                );
                &[]
            }
        }
    }

    /// A required, non-empty text.
    fn text(&mut self, fields: &Fields, key: &str, what: &str) -> String {
        let Some(node) = fields.get(key) else {
            return String::new(); // already reported as missing
        };
        let Some(s) = self.scalar(node, &format!("the {key} of {what}")) else {
            return String::new();
        };
        if s.trim().is_empty() {
            self.error(node.pos, format!("the {key} of {what} is empty"));
        }
        s.trim().to_owned()
    }

    fn opt_text(&mut self, fields: &Fields, key: &str, what: &str) -> String {
        match fields.get(key) {
            Some(node) => self
                .scalar(node, &format!("the {key} of {what}"))
                .map(|s| s.trim().to_owned())
                .unwrap_or_default(),
            None => String::new(),
        }
    }

    fn flag(&mut self, fields: &Fields, key: &str, what: &str) -> bool {
        let Some(node) = fields.get(key) else {
            return false;
        };
        match self.scalar(node, &format!("`{key}` of {what}")) {
            Some("true") => true,
            Some("false") => false,
            Some(other) => {
                self.error(
                    node.pos,
                    format!("`{key}` of {what} must be true or false, found `{other}`"),
                );
                false
            }
            None => false,
        }
    }

    /// `class` of an error code; permanent when absent.
    fn error_class(&mut self, fields: &Fields, what: &str) -> ErrorClass {
        let Some(node) = fields.get("class") else {
            return ErrorClass::Permanent;
        };
        match self.scalar(node, &format!("the class of {what}")) {
            Some(s) => ErrorClass::parse(s).unwrap_or_else(|| {
                self.error(
                    node.pos,
                    format!(
                        "unknown error class `{s}` for {what}; expected one of: {}{}",
                        ErrorClass::NAMES.join(", "),
                        names::did_you_mean(s, ErrorClass::NAMES)
                    ),
                );
                ErrorClass::Permanent
            }),
            None => ErrorClass::Permanent,
        }
    }

    fn number(&mut self, node: &Node, what: &str) -> Option<u32> {
        let s = self.scalar(node, what)?;
        match s.parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                self.error(
                    node.pos,
                    format!("{what} must be a whole number, found `{s}`"),
                );
                None
            }
        }
    }

    /// A name that must become a Rust identifier.
    fn name(&mut self, fields: &Fields, key: &str, what: &str) -> String {
        let name = self.text(fields, key, what);
        let pos = fields.get(key).map_or(fields.pos, |n| n.pos);
        if !name.is_empty() && !names::is_identifier_like(&name) {
            self.error(
                pos,
                format!(
                    "`{name}` is not a valid name for {what}; expected ASCII letters, digits and `_`, starting with a letter"
                ),
            );
        } else if names::is_reserved(&name) {
            self.error(
                pos,
                format!(
                    "`{name}` cannot be the name of {what}: Rust reserves `crate`, `self`, `Self` and `super`; choose another name"
                ),
            );
        }
        name
    }

    fn errors_file(&mut self, root: &Node, spec: &mut Spec) {
        let Some(top) = self.fields(root, "the errors file", &["errors"], &[]) else {
            return;
        };
        let Some(list) = top.get("errors") else {
            return;
        };
        for item in self.list(list, "`errors`") {
            let Some(f) = self.fields(
                item,
                "an error code",
                &["code", "name", "message", "class", "description"],
                &[],
            ) else {
                continue;
            };
            let code = f
                .get("code")
                .and_then(|n| self.number(n, "the code of an error"))
                .unwrap_or(0);
            let what = format!("error {code}");
            spec.errors.push(ErrorDef {
                code,
                variant: self.name(&f, "name", &what),
                message: self.text(&f, "message", &what),
                description: self.text(&f, "description", &what),
                class: self.error_class(&f, &what),
                pos: item.pos,
            });
        }
    }

    fn package_file(&mut self, root: &Node, spec: &mut Spec) {
        let Some(top) = self.fields(
            root,
            "a package file",
            &["package", "description", "methods"],
            &["accessor", "types", "enums"],
        ) else {
            return;
        };
        let name = self.name(&top, "package", "the package");
        let description = self.text(&top, "description", "the package");
        let accessor = if top.get("accessor").is_some() {
            self.name(&top, "accessor", "the package accessor")
        } else {
            name.clone()
        };
        let mut package = Package {
            name: name.clone(),
            accessor,
            description,
            file: self.file.to_owned(),
            methods: Vec::new(),
            pos: top.get("package").map_or(root.pos, |n| n.pos),
        };
        if let Some(methods) = top.get("methods") {
            for item in self.list(methods, "`methods`") {
                if let Some(method) = self.method(item, &name) {
                    package.methods.push(method);
                }
            }
        }
        self.types_and_enums(&top, spec);
        spec.packages.push(package);
    }

    /// `types.yaml`: types and enums shared by every package, no methods.
    fn types_file(&mut self, root: &Node, spec: &mut Spec) {
        if let Some(top) = self.fields(
            root,
            "the shared types file",
            &["description"],
            &["types", "enums"],
        ) {
            self.text(&top, "description", "the shared types file");
            self.types_and_enums(&top, spec);
        }
    }

    fn types_and_enums(&mut self, top: &Fields, spec: &mut Spec) {
        if let Some(types) = top.get("types") {
            for item in self.list(types, "`types`") {
                if let Some(ty) = self.type_def(item) {
                    spec.types.push(ty);
                }
            }
        }
        if let Some(enums) = top.get("enums") {
            for item in self.list(enums, "`enums`") {
                if let Some(e) = self.enum_def(item) {
                    spec.enums.push(e);
                }
            }
        }
    }

    fn method(&mut self, node: &Node, package: &str) -> Option<Method> {
        let f = self.fields(
            node,
            "a method",
            &["name", "description", "auth", "response"],
            &[
                "http",
                "params",
                "alternatives",
                "errors",
                "retry",
                "example",
                "cache",
            ],
        )?;
        let name = self.name(&f, "name", "a method");
        let what = format!("method `{package}.{name}`");
        let description = self.text(&f, "description", &what);
        let http = match f.get("http") {
            None => Http::Get,
            Some(node) => match self.scalar(node, &format!("the http verb of {what}")) {
                Some("GET") => Http::Get,
                Some("POST") => Http::Post,
                Some(other) => {
                    self.error(
                        node.pos,
                        format!(
                            "unknown HTTP verb `{other}` for {what}; expected GET or POST{}",
                            names::did_you_mean(other, ["GET", "POST"])
                        ),
                    );
                    Http::Get
                }
                None => Http::Get,
            },
        };
        let auth = match f.get("auth") {
            None => Auth::None,
            Some(node) => match self.scalar(node, &format!("the auth level of {what}")) {
                Some(s) => Auth::parse(s).unwrap_or_else(|| {
                    self.error(
                        node.pos,
                        format!(
                            "unknown auth level `{s}` for {what}; expected one of: {}{}",
                            Auth::NAMES.join(", "),
                            names::did_you_mean(s, Auth::NAMES)
                        ),
                    );
                    Auth::None
                }),
                None => Auth::None,
            },
        };
        if auth == Auth::Session && http == Http::Get {
            // Point at what to change: the `http` line, else the `auth` line.
            let (pos, verb) = match f.get("http") {
                Some(node) => (node.pos, "declared as GET"),
                None => (
                    f.get("auth").map_or(node.pos, |n| n.pos),
                    "sent with GET (no `http` is given)",
                ),
            };
            self.error(
                pos,
                format!(
                    "{what} needs a session but is {verb}; methods that carry a session key must use `http: POST`, so the key never travels in a URL"
                ),
            );
        }
        let mut params = Vec::new();
        if let Some(list) = f.get("params") {
            for item in self.list(list, &format!("the params of {what}")) {
                if let Some(p) = self.param(item, &what) {
                    params.push(p);
                }
            }
        }
        let mut alternatives = Vec::new();
        if let Some(list) = f.get("alternatives") {
            for group in self.list(list, &format!("the alternatives of {what}")) {
                let params = self
                    .list(group, "an alternative (a list of parameter names)")
                    .iter()
                    .filter_map(|n| {
                        self.scalar(n, "a parameter name in an alternative")
                            .map(|s| (s.to_owned(), n.pos))
                    })
                    .collect::<Vec<_>>();
                if params.is_empty() {
                    self.error(
                        group.pos,
                        format!("an alternative of {what} names no parameter"),
                    );
                }
                alternatives.push(Alternative { params });
            }
        }
        let mut errors = Vec::new();
        if let Some(map) = f.get("errors") {
            match &map.kind {
                Kind::Map(entries) => {
                    for (key, value) in entries {
                        let Ok(code) = key.name.parse::<u32>() else {
                            self.error(
                                key.pos,
                                format!("error codes are numbers; found `{}` in {what}", key.name),
                            );
                            continue;
                        };
                        let meaning = self
                            .scalar(value, &format!("the meaning of error {code}"))
                            .unwrap_or_default()
                            .trim()
                            .to_owned();
                        errors.push(MethodError {
                            code,
                            meaning,
                            pos: key.pos,
                        });
                    }
                }
                _ => self.error(
                    map.pos,
                    format!(
                        "expected the errors of {what} as a mapping of code to meaning, found {}",
                        kind_name(map)
                    ),
                ),
            }
        }
        let response = f
            .get("response")
            .map(|n| self.response(n, &what))
            .unwrap_or(Response::Empty);
        let full_name = format!("{package}.{name}");
        let example = match f.get("example") {
            None => {
                self.pending.push(ExampleRef {
                    file_name: format!("{full_name}.xml"),
                    method: full_name,
                    named: false,
                    spec_file: self.file.to_owned(),
                    pos: node.pos,
                });
                None
            }
            Some(value) => match self.scalar(value, &format!("the example of {what}")) {
                // Inline: the answer itself, usually a `|` block.
                Some(text) if text.trim_start().starts_with('<') => Some(Example {
                    xml: text.to_owned(),
                    file: self.file.to_owned(),
                    pos: value.pos,
                }),
                Some(file) if file.trim().ends_with(".xml") && !file.contains(['/', '\\']) => {
                    self.pending.push(ExampleRef {
                        method: full_name,
                        file_name: file.trim().to_owned(),
                        named: true,
                        spec_file: self.file.to_owned(),
                        pos: value.pos,
                    });
                    None
                }
                Some(other) => {
                    self.error(
                        value.pos,
                        format!(
                            "the example of {what} must be the answer's XML (`<lfm status=\"ok\">…`) or the name of a file in `{EXAMPLES_DIR}/` (`name.xml`); found `{}`",
                            other.trim()
                        ),
                    );
                    None
                }
                None => None,
            },
        };
        let cache = f.get("cache").and_then(|node| {
            let text = self.scalar(node, &format!("`cache` of {what}"))?;
            let ttl = parse_ttl(text);
            if ttl.is_none() {
                self.error(
                    node.pos,
                    format!("`cache` of {what} must be a time to live such as `7d`, `12h`, `30m` or `90s`; found `{text}`"),
                );
            }
            if auth != Auth::None {
                self.error(
                    node.pos,
                    format!("`cache` of {what}: only a method with `auth: none` is cached (never a write, never a personalised answer)"),
                );
            }
            ttl
        });
        let method = Method {
            cache,
            package: package.to_owned(),
            name,
            description,
            http,
            auth,
            params,
            alternatives,
            errors,
            response,
            // Retrying is safe unless the spec says a late retry is wrong.
            retry: f.get("retry").is_none() || self.flag(&f, "retry", &what),
            example,
            pos: node.pos,
        };
        Some(method)
    }

    fn param(&mut self, node: &Node, method: &str) -> Option<Param> {
        let f = self.fields(
            node,
            "a parameter",
            &["name", "type", "description"],
            &["required", "array", "secret", "default"],
        )?;
        let name = self.name(&f, "name", &format!("a parameter of {method}"));
        let what = format!("parameter `{name}` of {method}");
        let ty_pos = f.get("type").map_or(node.pos, |n| n.pos);
        let ty = match f.get("type") {
            None => ParamType::String,
            Some(node) => match self.scalar(node, &format!("the type of {what}")) {
                Some(s) => match ParamType::parse_builtin(s) {
                    Some(t) => t,
                    // Checked against the declared enums in `validate`.
                    None => ParamType::Enum(s.to_owned()),
                },
                None => ParamType::String,
            },
        };
        let array = match f.get("array") {
            None => None,
            Some(node) => match &node.kind {
                Kind::Scalar(s) if s.parse::<u32>().is_ok_and(|n| n > 0) => s.parse().ok(),
                _ => {
                    self.error(
                        node.pos,
                        format!(
                            "`array` of {what} must give the maximum number of items (e.g. `array: 50`)"
                        ),
                    );
                    None
                }
            },
        };
        let default_session_user = match f.get("default") {
            None => false,
            Some(node) => match self.scalar(node, &format!("`default` of {what}")) {
                Some("session-user") => true,
                other => {
                    self.error(
                        node.pos,
                        format!(
                            "unknown `default` `{}` of {what}; expected: session-user",
                            other.unwrap_or_default()
                        ),
                    );
                    false
                }
            },
        };
        Some(Param {
            default_session_user,
            description: self.text(&f, "description", &what),
            required: self.flag(&f, "required", &what),
            secret: self.flag(&f, "secret", &what),
            name,
            ty,
            ty_pos,
            array,
            pos: node.pos,
        })
    }

    fn response(&mut self, node: &Node, method: &str) -> Response {
        if let Kind::Scalar(s) = &node.kind {
            if s == "none" {
                return Response::Empty;
            }
            self.error(
                node.pos,
                format!(
                    "the response of {method} must be `none` or a mapping with `root` and `type`"
                ),
            );
            return Response::Empty;
        }
        let Some(f) = self.fields(
            node,
            &format!("the response of {method}"),
            &["root", "type"],
            &[],
        ) else {
            return Response::Empty;
        };
        let what = format!("the response of {method}");
        // `root: session`, or `root: [toptracks, tracks]` when the service
        // sends another element than the documented one.
        let roots: Vec<String> = match f.get("root") {
            Some(
                node @ Node {
                    kind: Kind::Seq(_), ..
                },
            ) => self
                .list(node, &format!("the roots of {what}"))
                .iter()
                .filter_map(|n| {
                    self.scalar(n, "a root element name")
                        .map(|s| s.trim().to_owned())
                })
                .collect(),
            Some(_) => vec![self.text(&f, "root", &what)],
            None => Vec::new(),
        };
        if (roots.is_empty() || roots.iter().any(String::is_empty))
            && let Some(node) = f.get("root")
        {
            self.error(node.pos, format!("{what} needs a root element name"));
        }
        let type_node = f.get("type");
        let ty = self.text(&f, "type", &what);
        if ty == "string" {
            Response::Text { roots }
        } else {
            Response::Type {
                roots,
                type_name: ty,
                pos: type_node.map_or(node.pos, |n| n.pos),
            }
        }
    }

    fn type_def(&mut self, node: &Node) -> Option<TypeDef> {
        let f = self.fields(
            node,
            "a type",
            &["name", "description", "fields"],
            &["paging"],
        )?;
        let name = self.name(&f, "name", "a type");
        let what = format!("type `{name}`");
        let description = self.text(&f, "description", &what);
        let paging = f.get("paging").and_then(|node| {
            self.scalar(
                node,
                &format!("`paging` of {what} (the list field of the items)"),
            )
            .map(|path| (path.trim().to_owned(), node.pos))
        });
        let mut fields = Vec::new();
        if let Some(list) = f.get("fields") {
            for item in self.list(list, &format!("the fields of {what}")) {
                if let Some(field) = self.field(item, &what) {
                    fields.push(field);
                }
            }
        }
        Some(TypeDef {
            name,
            description,
            fields,
            paging,
            file: self.file.to_owned(),
            pos: node.pos,
        })
    }

    fn field(&mut self, node: &Node, type_what: &str) -> Option<Field> {
        let f = self.fields(
            node,
            "a field",
            &["name", "type"],
            &[
                "xml",
                "aliases",
                "no_value",
                "optional",
                "list",
                "secret",
                "description",
            ],
        )?;
        let name = self.name(&f, "name", &format!("a field of {type_what}"));
        let what = format!("field `{name}` of {type_what}");
        let ty = FieldType::parse(&self.text(&f, "type", &what));
        let ty_pos = f.get("type").map_or(node.pos, |n| n.pos);
        let source = match f.get("xml") {
            None => XmlSource::Child(name.clone()),
            Some(node) => match self.scalar(node, &format!("`xml` of {what}")) {
                Some("$text") => XmlSource::Text,
                Some(s) if s.starts_with('@') && s.len() > 1 => XmlSource::Attr(s[1..].to_owned()),
                Some(s) if !s.is_empty() && !s.contains(['@', '$', ' ']) => {
                    // `opensearch:totalResults` is matched by its local name.
                    let local = s.rsplit(':').next().unwrap_or(s);
                    XmlSource::Child(local.to_owned())
                }
                Some(s) => {
                    self.error(
                        node.pos,
                        format!(
                            "`xml` of {what} must be a child element name, `@attribute` or `$text`; found `{s}`"
                        ),
                    );
                    XmlSource::Child(name.clone())
                }
                None => XmlSource::Child(name.clone()),
            },
        };
        let mut aliases = Vec::new();
        if let Some(list) = f.get("aliases") {
            for item in self.list(list, &format!("the aliases of {what}")) {
                if let Some(alias) = self.scalar(item, &format!("an alias of {what}")) {
                    aliases.push(alias.trim().to_owned());
                }
            }
        }
        let optional = self.flag(&f, "optional", &what);
        let mut no_value = Vec::new();
        if let Some(list) = f.get("no_value") {
            if !optional {
                self.error(
                    list.pos,
                    format!(
                        "`no_value` of {what} needs `optional: true`: the value becomes `None`"
                    ),
                );
            }
            for item in self.list(list, &format!("the no_value texts of {what}")) {
                if let Some(text) = self.scalar(item, &format!("a no_value text of {what}")) {
                    no_value.push(text.trim().to_owned());
                }
            }
        }
        Some(Field {
            source,
            ty,
            ty_pos,
            aliases,
            no_value,
            optional,
            list: self.flag(&f, "list", &what),
            secret: self.flag(&f, "secret", &what),
            description: self.opt_text(&f, "description", &what),
            name,
            pos: node.pos,
        })
    }

    fn enum_def(&mut self, node: &Node) -> Option<EnumDef> {
        let f = self.fields(node, "an enum", &["name", "description", "values"], &[])?;
        let name = self.name(&f, "name", "an enum");
        let what = format!("enum `{name}`");
        let description = self.text(&f, "description", &what);
        let mut values = Vec::new();
        if let Some(list) = f.get("values") {
            for item in self.list(list, &format!("the values of {what}")) {
                let Some(vf) =
                    self.fields(item, "an enum value", &["wire"], &["name", "description"])
                else {
                    continue;
                };
                let wire = self.text(&vf, "wire", &format!("a value of {what}"));
                let variant = if vf.get("name").is_some() {
                    self.name(&vf, "name", &format!("value `{wire}` of {what}"))
                } else if names::is_identifier_like(&wire) && !names::is_reserved(&wire) {
                    names::pascal_case(&wire)
                } else {
                    self.error(
                        item.pos,
                        format!(
                            "value `{wire}` of {what} needs a `name`: it is not a Rust identifier"
                        ),
                    );
                    String::new()
                };
                values.push(EnumValue {
                    description: self.opt_text(&vf, "description", &what),
                    wire,
                    variant,
                    pos: item.pos,
                });
            }
        }
        Some(EnumDef {
            name,
            description,
            values,
            file: self.file.to_owned(),
            pos: node.pos,
        })
    }
}

/// `7d`, `12h`, `30m`, `90s`: seconds; `None` for anything else or zero.
fn parse_ttl(text: &str) -> Option<u64> {
    let text = text.trim();
    let unit = match text.chars().last()? {
        'd' => 86_400,
        'h' => 3_600,
        'm' => 60,
        's' => 1,
        _ => return None,
    };
    let n: u64 = text[..text.len() - 1].parse().ok()?;
    n.checked_mul(unit).filter(|&s| s > 0)
}
