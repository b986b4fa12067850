//! The spec model: what the YAML files say, checked and resolved.
//!
//! Everything here is plain data. The loader builds it, the validator checks
//! its cross references, the code generator and the offline server read it.

use crate::diag::Pos;

/// Every spec file of one directory.
#[derive(Debug, Clone, Default)]
pub struct Spec {
    /// Generic error codes, from `errors.yaml`.
    pub errors: Vec<ErrorDef>,
    pub packages: Vec<Package>,
    /// Response types, declared in any package file, one namespace for all.
    pub types: Vec<TypeDef>,
    /// Enumerations usable as parameter types, one namespace for all.
    pub enums: Vec<EnumDef>,
    /// What is worth saying but does not stop the build (a method without
    /// an example), located like errors.
    pub warnings: Vec<crate::diag::Diagnostic>,
    /// For an extension's spec: the spec it extends (`lastfm-api`'s), whose
    /// types and enums it may name without declaring them.
    pub base: Option<Box<Spec>>,
}

impl Spec {
    /// Looks a method up by its Last.fm name, case-insensitively as the service does.
    pub fn method(&self, full_name: &str) -> Option<(&Package, &Method)> {
        self.packages.iter().find_map(|p| {
            p.methods
                .iter()
                .find(|m| m.full_name().eq_ignore_ascii_case(full_name))
                .map(|m| (p, m))
        })
    }

    pub fn error(&self, code: u32) -> Option<&ErrorDef> {
        self.errors.iter().find(|e| e.code == code)
    }

    /// A type declared here, or in the base spec of an extension.
    pub fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.types
            .iter()
            .find(|t| t.name == name)
            .or_else(|| self.base.as_ref()?.type_def(name))
    }

    /// An enum declared here, or in the base spec of an extension.
    pub fn enum_def(&self, name: &str) -> Option<&EnumDef> {
        self.enums
            .iter()
            .find(|e| e.name == name)
            .or_else(|| self.base.as_ref()?.enum_def(name))
    }

    /// Every type name this spec can use: its own, then its base's.
    pub fn type_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.types.iter().map(|t| t.name.as_str()).collect();
        if let Some(base) = &self.base {
            names.extend(base.type_names());
        }
        names
    }

    /// Every enum name this spec can use: its own, then its base's.
    pub fn enum_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.enums.iter().map(|e| e.name.as_str()).collect();
        if let Some(base) = &self.base {
            names.extend(base.enum_names());
        }
        names
    }

    /// Adds the methods, types and enums of an extension's spec (loaded on
    /// its own) to this one; a package both declare gets the extension's
    /// methods too. Fails on a method, type or enum declared twice.
    pub fn merge(&mut self, extension: Spec) -> Result<(), String> {
        self.warnings.extend(extension.warnings);
        for package in extension.packages {
            match self.packages.iter_mut().find(|p| p.name == package.name) {
                Some(existing) => {
                    for method in package.methods {
                        if existing
                            .methods
                            .iter()
                            .any(|m| m.name.eq_ignore_ascii_case(&method.name))
                        {
                            return Err(format!(
                                "method `{}` is declared twice",
                                method.full_name()
                            ));
                        }
                        existing.methods.push(method);
                    }
                }
                None => self.packages.push(package),
            }
        }
        for ty in extension.types {
            if self.type_def(&ty.name).is_some() || self.enum_def(&ty.name).is_some() {
                return Err(format!("type `{}` is declared twice", ty.name));
            }
            self.types.push(ty);
        }
        for e in extension.enums {
            if self.type_def(&e.name).is_some() || self.enum_def(&e.name).is_some() {
                return Err(format!("enum `{}` is declared twice", e.name));
            }
            self.enums.push(e);
        }
        Ok(())
    }

    /// The fields along a paged type's `paging` path, the last one the list
    /// of items; or what is wrong with the path.
    pub fn paging_path<'a>(&'a self, ty: &'a TypeDef) -> Result<Vec<&'a Field>, String> {
        let Some((path, _)) = &ty.paging else {
            return Err(format!("type `{}` is not paged", ty.name));
        };
        let mut fields = Vec::new();
        let mut current = ty;
        let steps: Vec<&str> = path.split('.').collect();
        for (i, step) in steps.iter().enumerate() {
            let field = current
                .fields
                .iter()
                .find(|f| f.name == *step)
                .ok_or_else(|| {
                    format!(
                        "`paging: {path}`: type `{}` has no field `{step}`",
                        current.name
                    )
                })?;
            fields.push(field);
            let last = i + 1 == steps.len();
            if last {
                if !field.list {
                    return Err(format!("`paging: {path}`: field `{step}` must be a `list`"));
                }
            } else {
                match &field.ty {
                    FieldType::Named(name) if !field.list && !field.optional => {
                        current = self
                            .type_def(name)
                            .ok_or_else(|| format!("`paging: {path}`: unknown type `{name}`"))?;
                    }
                    _ => {
                        return Err(format!(
                            "`paging: {path}`: field `{step}` must be a declared type, neither optional nor a list"
                        ));
                    }
                }
            }
        }
        Ok(fields)
    }
}

/// One generic Last.fm error code.
#[derive(Debug, Clone)]
pub struct ErrorDef {
    pub code: u32,
    /// Rust variant name, e.g. `TokenExpired`.
    pub variant: String,
    /// Short message, as the service words it.
    pub message: String,
    pub description: String,
    /// What the code says about trying again.
    pub class: ErrorClass,
    pub pos: Pos,
}

/// One Last.fm package (`auth`, `track`, ...): one spec file.
#[derive(Debug, Clone)]
pub struct Package {
    pub name: String,
    /// The client method that reaches the package: the package name, or the
    /// `accessor` a spec chooses (an extension crate adding `user.*` methods
    /// cannot reuse `user()`, which `Client` already has).
    pub accessor: String,
    pub description: String,
    /// The file it came from, as shown in diagnostics.
    pub file: String,
    pub methods: Vec<Method>,
    pub pos: Pos,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Http {
    Get,
    Post,
}

impl Http {
    pub fn as_str(self) -> &'static str {
        match self {
            Http::Get => "GET",
            Http::Post => "POST",
        }
    }

    /// The verb a call is sent with: the declared one, or POST whenever the
    /// call carries a session key, so that the key never travels in a URL
    /// (Last.fm accepts reads either way).
    pub fn for_call(self, carries_session_key: bool) -> Http {
        if carries_session_key {
            Http::Post
        } else {
            self
        }
    }
}

/// What a call must carry besides `api_key`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// `api_key` only.
    None,
    /// `api_sig`, without a session key.
    Signed,
    /// `sk` and `api_sig`.
    Session,
    /// A read method that personalises its answer when given `sk` (then signed).
    OptionalSession,
}

impl Auth {
    pub const NAMES: [&'static str; 4] = ["none", "signed", "session", "optional-session"];

    pub fn parse(s: &str) -> Option<Auth> {
        Some(match s {
            "none" => Auth::None,
            "signed" => Auth::Signed,
            "session" => Auth::Session,
            "optional-session" => Auth::OptionalSession,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        Auth::NAMES[self as usize]
    }

    /// Whether a call can be made only with a user session.
    pub fn requires_session(self) -> bool {
        self == Auth::Session
    }

    /// Whether a call carries the session key `sk`, given whether the
    /// caller has a session.
    pub fn carries_session_key(self, has_session: bool) -> bool {
        match self {
            Auth::Session | Auth::OptionalSession => has_session,
            Auth::None | Auth::Signed => false,
        }
    }

    /// Whether a call carries `api_sig`: always for `signed` and `session`,
    /// for `optional-session` when it carries a session key.
    pub fn is_signed(self, has_session: bool) -> bool {
        match self {
            Auth::Signed | Auth::Session => true,
            Auth::OptionalSession => has_session,
            Auth::None => false,
        }
    }
}

/// What an error code says about trying again: `class` in `errors.yaml`.
/// The client's retry policy and `Error::needs_reauthentication` read it;
/// neither names a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorClass {
    /// The request is wrong or forbidden; sending it again cannot help.
    Permanent,
    /// The service failed for now; the same request can succeed later.
    Transient,
    /// The caller is over its rate limit; the same request can succeed after a pause.
    Throttle,
    /// The user must authenticate (again) before the request can succeed.
    Reauth,
    /// A generic failure that is as often permanent as not: retried, but
    /// fewer times than a transient one (`RetryConfig::operation_failed_attempts`).
    Uncertain,
}

impl ErrorClass {
    pub const NAMES: [&'static str; 5] =
        ["permanent", "transient", "throttle", "reauth", "uncertain"];

    pub fn parse(s: &str) -> Option<ErrorClass> {
        Some(match s {
            "permanent" => ErrorClass::Permanent,
            "transient" => ErrorClass::Transient,
            "throttle" => ErrorClass::Throttle,
            "reauth" => ErrorClass::Reauth,
            "uncertain" => ErrorClass::Uncertain,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        ErrorClass::NAMES[self as usize]
    }

    /// Whether the same request can succeed if sent again later.
    pub fn is_retryable(self) -> bool {
        matches!(
            self,
            ErrorClass::Transient | ErrorClass::Throttle | ErrorClass::Uncertain
        )
    }
}

/// One API method.
#[derive(Debug, Clone)]
pub struct Method {
    /// The package it belongs to, e.g. `auth`.
    pub package: String,
    /// The Last.fm name inside the package, e.g. `getSession`.
    pub name: String,
    pub description: String,
    pub http: Http,
    pub auth: Auth,
    pub params: Vec<Param>,
    /// Groups of parameters of which exactly one must be given in full,
    /// e.g. `[[artist, track], [mbid]]`. Empty when there is no choice.
    pub alternatives: Vec<Alternative>,
    /// Method-specific meanings of error codes.
    pub errors: Vec<MethodError>,
    pub response: Response,
    /// Whether the client may send the call again after a transient failure
    /// (`retry: false` for calls that are stale by then, like now playing).
    pub retry: bool,
    /// A whole successful answer, as the service sends it: shown in the
    /// rustdoc, decoded by the generic example test, and answered by the
    /// offline server for a method it does not simulate.
    pub example: Option<Example>,
    /// `cache: 7d`: how long a client with a response cache may keep an
    /// answer, in seconds. Read methods only; `None`: never cached.
    pub cache: Option<u64>,
    pub pos: Pos,
}

/// A method's example answer: `<lfm status="ok">…</lfm>`, written inline
/// (`example:`) or in `examples/<package>.<method>.xml` beside the spec files.
#[derive(Debug, Clone)]
pub struct Example {
    /// The whole answer, XML declaration and envelope included.
    pub xml: String,
    /// Where it is written: the spec file of an inline example, else the example file.
    pub file: String,
    pub pos: Pos,
}

impl Example {
    /// What is inside `<lfm status="ok">`: the text the server wraps in its
    /// own envelope. `None` when the text is not such an envelope.
    pub fn payload(&self) -> Option<&str> {
        let start = self.xml.find("<lfm")?;
        let rest = &self.xml[start..];
        let open_end = rest.find('>')?;
        let open = &rest[..open_end];
        if !(open.contains("status=\"ok\"") || open.contains("status='ok'")) {
            return None;
        }
        if open.ends_with('/') {
            return Some("");
        }
        let inner = &rest[open_end + 1..];
        let close = inner.rfind("</lfm>")?;
        Some(inner[..close].trim())
    }
}

impl Method {
    /// `package.method`, as sent in the `method` parameter.
    pub fn full_name(&self) -> String {
        format!("{}.{}", self.package, self.name)
    }

    pub fn param(&self, wire_name: &str) -> Option<&Param> {
        self.params.iter().find(|p| p.name == wire_name)
    }
}

/// One group of an `alternatives` list: parameter names, each where it is written.
#[derive(Debug, Clone, Default)]
pub struct Alternative {
    pub params: Vec<(String, Pos)>,
}

impl Alternative {
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.params.iter().map(|(name, _)| name.as_str())
    }

    pub fn contains(&self, name: &str) -> bool {
        self.names().any(|n| n == name)
    }
}

#[derive(Debug, Clone)]
pub struct MethodError {
    pub code: u32,
    pub meaning: String,
    pub pos: Pos,
}

/// One request parameter.
#[derive(Debug, Clone)]
pub struct Param {
    /// The name on the wire, e.g. `albumArtist` (case-sensitive).
    pub name: String,
    pub ty: ParamType,
    /// Where the type is written, for diagnostics.
    pub ty_pos: Pos,
    pub required: bool,
    /// `Some(max)` for `name[i]` array notation with at most `max` items.
    pub array: Option<u32>,
    /// Never shown in `Debug` output or logs (passwords, tokens).
    pub secret: bool,
    /// `default: session-user`: on a `SessionClient`, left unset, the
    /// parameter is sent with the session's user name.
    pub default_session_user: bool,
    pub description: String,
    pub pos: Pos,
}

/// How a parameter value is typed in Rust and written on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParamType {
    String,
    /// Non-negative integer.
    Integer,
    /// Sent as `0` or `1`.
    Boolean,
    /// Unix seconds, UTC.
    Timestamp,
    /// MusicBrainz id.
    Mbid,
    /// ISO 639 alpha-2 language code.
    Language,
    /// A declared enumeration, by name.
    Enum(String),
}

impl ParamType {
    pub const BUILTIN: [&'static str; 6] = [
        "string",
        "integer",
        "boolean",
        "timestamp",
        "mbid",
        "language",
    ];

    pub fn parse_builtin(s: &str) -> Option<ParamType> {
        Some(match s {
            "string" => ParamType::String,
            "integer" => ParamType::Integer,
            "boolean" => ParamType::Boolean,
            "timestamp" => ParamType::Timestamp,
            "mbid" => ParamType::Mbid,
            "language" => ParamType::Language,
            _ => return None,
        })
    }

    pub fn describe(&self) -> &str {
        match self {
            ParamType::String => "string",
            ParamType::Integer => "integer",
            ParamType::Boolean => "boolean, sent as 0/1",
            ParamType::Timestamp => "unix timestamp",
            ParamType::Mbid => "MusicBrainz id",
            ParamType::Language => "ISO 639 alpha-2 language code",
            ParamType::Enum(name) => name,
        }
    }
}

/// What a successful call answers inside `<lfm status="ok">`.
#[derive(Debug, Clone)]
pub enum Response {
    /// An empty envelope (write methods).
    Empty,
    /// One element whose text is the answer, e.g. `<token>…</token>`.
    Text { roots: Vec<String> },
    /// One element decoded into a declared type.
    Type {
        roots: Vec<String>,
        type_name: String,
        pos: Pos,
    },
}

impl Response {
    /// The element the documentation names.
    pub fn root(&self) -> Option<&str> {
        self.roots().first().map(String::as_str)
    }

    /// Every element name the answer may have: the documented one first,
    /// then the others the live service was seen to send.
    pub fn roots(&self) -> &[String] {
        match self {
            Response::Empty => &[],
            Response::Text { roots } | Response::Type { roots, .. } => roots,
        }
    }
}

/// A response type: one XML element and what it holds.
#[derive(Debug, Clone)]
pub struct TypeDef {
    pub name: String,
    pub description: String,
    pub fields: Vec<Field>,
    /// For a page of a paged list: the path (`tracks`, or `matches.albums`
    /// through nested types) of the list field that holds the page's items.
    pub paging: Option<(String, Pos)>,
    pub file: String,
    pub pos: Pos,
}

impl TypeDef {
    /// Whether the type gathers paging metadata into one `paging: Paging`
    /// field: it declares `paging`, or carries the `page`, `per_page`,
    /// `total_pages`, `total` quartet of integers. Such a type is a page of
    /// a list, and an empty page is still a page.
    pub fn gathers_paging(&self) -> bool {
        let has = |n: &str| {
            self.fields
                .iter()
                .any(|f| f.name == n && f.ty == FieldType::Integer && !f.list)
        };
        self.paging.is_some()
            || ["page", "per_page", "total_pages", "total"]
                .iter()
                .all(|n| has(n))
    }
}

#[derive(Debug, Clone)]
pub struct Field {
    /// The Rust field name (snake_case).
    pub name: String,
    pub source: XmlSource,
    pub ty: FieldType,
    /// Where the type is written, for diagnostics.
    pub ty_pos: Pos,
    /// Absent or empty in the XML becomes `None`.
    pub optional: bool,
    /// Repeated child elements become a `Vec`.
    pub list: bool,
    /// Never shown in `Debug` output (session keys).
    pub secret: bool,
    /// Other spellings of the element or attribute name that the service
    /// uses (`ignoredmessage` beside `ignoredMessage`).
    pub aliases: Vec<String>,
    /// Texts the service sends for "no value" in this optional field
    /// (`None` for a country, `0` for an age): decoded as `None`.
    pub no_value: Vec<String>,
    pub description: String,
    pub pos: Pos,
}

/// Where in the element a field's value is found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum XmlSource {
    /// A child element, by local name (`opensearch:` prefixes are dropped).
    Child(String),
    /// An attribute of the element itself.
    Attr(String),
    /// The element's own text.
    Text,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldType {
    String,
    Integer,
    Float,
    /// `0`/`1` (also `true`/`false`).
    Bool,
    /// Unix seconds: the number itself, or the `uts`/`unixtime` attribute of
    /// an element such as `<date uts="1581780986">15 Feb 2020</date>`.
    Timestamp,
    Mbid,
    Url,
    /// Repeated `<image size="…">url</image>` elements, keyed by size.
    Images,
    /// A duration sent in whole seconds.
    Seconds,
    /// A duration sent in milliseconds.
    Milliseconds,
    /// A declared response type, by name.
    Named(String),
}

impl FieldType {
    pub const BUILTIN: [&'static str; 10] = [
        "string",
        "integer",
        "float",
        "bool",
        "timestamp",
        "mbid",
        "url",
        "images",
        "seconds",
        "milliseconds",
    ];

    pub fn parse(s: &str) -> FieldType {
        match s {
            "string" => FieldType::String,
            "integer" => FieldType::Integer,
            "float" => FieldType::Float,
            "bool" => FieldType::Bool,
            "timestamp" => FieldType::Timestamp,
            "mbid" => FieldType::Mbid,
            "url" => FieldType::Url,
            "images" => FieldType::Images,
            "seconds" => FieldType::Seconds,
            "milliseconds" => FieldType::Milliseconds,
            other => FieldType::Named(other.to_owned()),
        }
    }
}

/// An enumeration usable as a parameter type.
#[derive(Debug, Clone)]
pub struct EnumDef {
    pub name: String,
    pub description: String,
    pub values: Vec<EnumValue>,
    pub file: String,
    pub pos: Pos,
}

#[derive(Debug, Clone)]
pub struct EnumValue {
    /// As sent, e.g. `7day`.
    pub wire: String,
    /// The Rust variant, e.g. `SevenDays`.
    pub variant: String,
    pub description: String,
    pub pos: Pos,
}
