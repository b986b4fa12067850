//! Every spec method as a command, with no per-method Rust:
//! `lastfm <package> <method-in-kebab-case>`, every parameter as
//! `--<kebab-case wire name>` (required ones also positional, in spec order;
//! see `method` for the others that are),
//! help from the spec's descriptions.

use clap::builder::{BoolishValueParser, PossibleValuesParser, TypedValueParser};
use clap::{Arg, ArgAction, ArgMatches, Command};
use lastfm_spec::{Auth, Method, Package, ParamType, Spec};

use crate::ctx::Ctx;
use crate::error::{CliError, Result};
use crate::output::{self, Format};
use crate::{Global, spec};

/// Positional arguments get this suffix on their id, apart from the option.
const POSITIONAL: &str = "\u{0}positional";

fn first_sentence(text: &str) -> String {
    let text: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match text.find(". ") {
        Some(end) => text[..=end].trim_end().to_owned(),
        None => text,
    }
}

pub fn is_package(name: &str) -> bool {
    spec::spec().is_ok_and(|s| s.packages.iter().any(|p| p.name == name))
}

pub fn commands(spec: &Spec) -> Vec<Command> {
    spec.packages.iter().map(|p| package(spec, p)).collect()
}

fn package(spec: &Spec, p: &Package) -> Command {
    Command::new(p.name.clone())
        .about(first_sentence(&p.description))
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommands(p.methods.iter().map(|m| method(spec, m)))
}

fn auth_note(auth: Auth) -> &'static str {
    match auth {
        Auth::None => "Needs an API key.",
        Auth::Signed => "Needs an API key and secret (signed).",
        Auth::Session => "Needs a session: run `lastfm login` first.",
        Auth::OptionalSession => "Personalised for the logged-in user when there is a session.",
    }
}

fn method(spec: &Spec, m: &Method) -> Command {
    let mut long = format!(
        "{}\n\nLast.fm method {}. {}",
        m.description.trim(),
        m.full_name(),
        auth_note(m.auth)
    );
    if !m.alternatives.is_empty() {
        let groups: Vec<String> = m
            .alternatives
            .iter()
            .map(|g| {
                g.names()
                    .map(|p| format!("--{}", spec::kebab(p)))
                    .collect::<Vec<_>>()
                    .join(" and ")
            })
            .collect();
        long.push_str(&format!("\nGive exactly one of: {}.", groups.join("; or ")));
    }
    if !m.errors.is_empty() {
        long.push_str("\n\nErrors:");
        for e in &m.errors {
            long.push_str(&format!("\n  {}: {}", e.code, e.meaning));
        }
    }
    let mut cmd = Command::new(spec::kebab(&m.name))
        .about(first_sentence(&m.description))
        .long_about(long)
        .arg(
            Arg::new("format")
                .long("format")
                .value_parser(clap::value_parser!(FormatArg))
                .default_value("table")
                .help("Output: a table for people (times as local dates), the typed answer as JSON, or one row per item (jsonl, csv; times as unix seconds)"),
        );
    // Required parameters, and those of the first alternative (the one the
    // Rust constructor takes), are positional too. A method that needs none
    // takes its first text parameter positionally, as an optional subject:
    // `lastfm user get-info rj`, and `lastfm user get-info` for oneself.
    let first_group = m.alternatives.first();
    let subject = (first_group.is_none() && !m.params.iter().any(|p| p.required))
        .then(|| m.params.first())
        .flatten()
        .filter(|p| p.ty == ParamType::String)
        .map(|p| p.name.as_str());
    let positional = |name: &str| {
        subject == Some(name) || first_group.is_some_and(|g| g.names().any(|p| p == name))
    };
    let mut index = 1;
    for p in &m.params {
        let value_name = lastfm_spec::names::snake_case(&p.name).to_ascii_uppercase();
        let mut help = p
            .description
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(max) = p.array {
            help.push_str(&format!(" [repeat for up to {max} items]"));
        }
        let mut option = Arg::new(p.name.clone())
            .long(spec::kebab(&p.name))
            .value_name(value_name.clone())
            .help(help.clone());
        option = typed(spec, option, &p.ty);
        if p.array.is_some() {
            option = option.action(ArgAction::Append);
        }
        if p.required || positional(&p.name) {
            let id = format!("{}{POSITIONAL}", p.name);
            if p.required {
                option = option.required_unless_present(id.clone());
            }
            let mut positional = Arg::new(id)
                .index(index)
                .value_name(value_name)
                .help(help)
                .conflicts_with(p.name.clone());
            positional = typed(spec, positional, &p.ty);
            index += 1;
            cmd = cmd.arg(positional);
        }
        cmd = cmd.arg(option);
    }
    cmd
}

/// Parses and checks values by the parameter's type; all are sent as text.
fn typed(spec: &Spec, arg: Arg, ty: &ParamType) -> Arg {
    match ty {
        ParamType::Integer => arg.value_parser(clap::value_parser!(u32).map(|n| n.to_string())),
        ParamType::Timestamp => {
            arg.value_parser(|s: &str| crate::time::parse(s).map(|t| t.to_string()))
        }
        ParamType::Boolean => arg.value_parser(
            BoolishValueParser::new().map(|b| if b { "1".to_owned() } else { "0".to_owned() }),
        ),
        ParamType::Enum(name) => match spec.enum_def(name) {
            Some(e) => arg.value_parser(PossibleValuesParser::new(
                e.values.iter().map(|v| v.wire.clone()).collect::<Vec<_>>(),
            )),
            None => arg,
        },
        ParamType::String | ParamType::Mbid | ParamType::Language => arg,
    }
}

#[derive(Clone, Copy)]
struct FormatArg(Format);

impl clap::builder::ValueParserFactory for FormatArg {
    type Parser = clap::builder::MapValueParser<
        clap::builder::EnumValueParser<Format>,
        fn(Format) -> FormatArg,
    >;
    fn value_parser() -> Self::Parser {
        clap::builder::EnumValueParser::<Format>::new().map(FormatArg)
    }
}

/// The values given for a parameter, as option or positional.
fn values(matches: &ArgMatches, name: &str) -> Vec<String> {
    let positional = format!("{name}{POSITIONAL}");
    let mut all: Vec<String> = Vec::new();
    for id in [positional.as_str(), name] {
        if let Ok(Some(v)) = matches.try_get_many::<String>(id) {
            all.extend(v.cloned());
        }
    }
    all
}

pub async fn run(global: Global, package: &str, matches: &ArgMatches) -> Result<()> {
    let spec = spec::spec().map_err(CliError::failure)?;
    let Some((command, args)) = matches.subcommand() else {
        return Err(CliError::usage(format!(
            "`lastfm {package}` needs a method: see `lastfm {package} --help`"
        )));
    };
    let Some(m) = spec
        .packages
        .iter()
        .filter(|p| p.name == package)
        .flat_map(|p| &p.methods)
        .find(|m| spec::kebab(&m.name) == command)
    else {
        return Err(CliError::usage(format!(
            "unknown method `{command}` of `{package}`"
        )));
    };
    let given = |name: &str| !values(args, name).is_empty();
    if !m.alternatives.is_empty() {
        let full = m
            .alternatives
            .iter()
            .filter(|g| g.names().all(&given))
            .count();
        if full != 1 {
            let groups: Vec<String> = m
                .alternatives
                .iter()
                .map(|g| {
                    g.names()
                        .map(|p| format!("--{}", spec::kebab(p)))
                        .collect::<Vec<_>>()
                        .join(" and ")
                })
                .collect();
            return Err(CliError::usage(format!(
                "`lastfm {package} {command}` takes exactly one of: {}",
                groups.join("; or ")
            )));
        }
    }
    let format = args
        .get_one::<FormatArg>("format")
        .map_or(Format::Table, |f| f.0);
    let ctx = Ctx::new(global).await?;
    let result = call(&ctx, spec, m, args, format).await;
    ctx.finish(result)
}

async fn call(ctx: &Ctx, spec: &Spec, m: &Method, args: &ArgMatches, format: Format) -> Result<()> {
    let name = m.full_name();
    let call = match m.auth {
        Auth::Session => ctx.session()?.raw_call(&name),
        Auth::OptionalSession => match ctx.optional_session()? {
            Some(me) => me.raw_call(&name),
            None => ctx.client.raw_call(&name),
        },
        Auth::None | Auth::Signed => ctx.client.raw_call(&name),
    };
    let mut call = call.map_err(|e| CliError::api(&name, &e))?;
    for p in &m.params {
        let values = values(args, &p.name);
        if p.array.is_some() {
            for (i, v) in values.into_iter().enumerate() {
                call = call.param(format!("{}[{i}]", p.name), v);
            }
        } else if let Some(v) = values.into_iter().next() {
            call = call.param(p.name.clone(), v);
        }
    }
    let body = call.send().await.map_err(|e| CliError::api(&name, &e))?;
    let mut value = crate::walk::answer(spec, &m.response, &body)
        .map_err(|e| CliError::failure(format!("{name}: cannot read the answer: {e}")))?;
    if format == Format::Table {
        crate::walk::readable_times(spec, &m.response, &mut value);
    }
    let items = crate::walk::items(spec, &m.response, &value);
    output::print(format, &value, items).map_err(|e| {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            CliError {
                message: String::new(),
                status: 0,
            }
        } else {
            CliError::failure(format!("cannot write the answer: {e}"))
        }
    })
}
