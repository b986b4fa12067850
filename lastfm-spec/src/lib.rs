//! The machinery behind `lastfm_macros::api!`: the spec model, its loader and
//! validator, and the code generator.
//!
//! This is an ordinary library, so every step is unit-tested without the
//! proc-macro bridge, and the offline server reads the same spec with it.
//!
//! ```text
//! spec/*.yaml ──load──▶ Spec ──validate──▶ Spec ──codegen──▶ TokenStream
//! ```

#[cfg(feature = "codegen")]
pub mod codegen;
pub mod diag;
#[cfg(feature = "load")]
pub mod embed;
#[cfg(feature = "load")]
mod fallback;
#[cfg(feature = "load")]
mod load;
pub mod model;
pub mod names;
#[cfg(feature = "load")]
mod validate;
#[cfg(feature = "load")]
mod yaml;

#[cfg(feature = "load")]
use std::path::{Path, PathBuf};

pub use diag::{Diagnostic, Pos};
#[cfg(feature = "load")]
pub use load::{ERRORS_FILE, EXAMPLES_DIR, TYPES_FILE};
pub use model::*;

/// One spec file's text, and the name to show in diagnostics.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path shown in diagnostics, e.g. `spec/auth.yaml`. Its last
    /// component decides the kind of file: `errors.yaml` or a package.
    pub display: String,
    pub text: String,
}

impl SourceFile {
    /// Files embedded by a build script as (name shown, text) pairs (see
    /// [`embed`]).
    pub fn embedded(files: &[(&str, &str)]) -> Vec<SourceFile> {
        files
            .iter()
            .map(|(display, text)| SourceFile {
                display: (*display).to_owned(),
                text: (*text).to_owned(),
            })
            .collect()
    }
}

/// Loads and validates spec files already in memory. A file whose name
/// ends in `.xml` is an example answer (`examples/<package>.<method>.xml`);
/// every other file is YAML.
#[cfg(feature = "load")]
pub fn load_sources(files: &[SourceFile]) -> Result<Spec, Vec<Diagnostic>> {
    load_sources_on(None, files)
}

/// Loads an extension's spec files, which may name the types and enums of
/// `base` (the spec of `lastfm-api`) without declaring them.
#[cfg(feature = "load")]
pub fn load_extension(base: &Spec, files: &[SourceFile]) -> Result<Spec, Vec<Diagnostic>> {
    load_sources_on(Some(base), files)
}

#[cfg(feature = "load")]
fn load_sources_on(base: Option<&Spec>, files: &[SourceFile]) -> Result<Spec, Vec<Diagnostic>> {
    load_with_fallback(base, files).0
}

/// [`load_sources`], and when it fails, the spec to generate from beside
/// the errors: what loaded, repaired so that it validates (`None` when it
/// cannot be). Generating it keeps code built on the generated items
/// compiling, so that a spec error is the only error shown.
#[cfg(feature = "load")]
pub fn load_sources_with_fallback(
    files: &[SourceFile],
) -> (Result<Spec, Vec<Diagnostic>>, Option<Spec>) {
    load_with_fallback(None, files)
}

#[cfg(feature = "load")]
fn load_with_fallback(
    base: Option<&Spec>,
    files: &[SourceFile],
) -> (Result<Spec, Vec<Diagnostic>>, Option<Spec>) {
    let mut spec = Spec {
        base: base.map(|b| Box::new(b.clone())),
        ..Spec::default()
    };
    let mut report = diag::Report::default();
    let mut errors_file = None;
    let mut pending = Vec::new();
    let mut mended = Vec::new();
    let (examples, yaml): (Vec<&SourceFile>, Vec<&SourceFile>) =
        files.iter().partition(|f| is_example_file(&f.display));
    for file in yaml {
        let name = file_name(&file.display);
        if name == ERRORS_FILE {
            errors_file = Some(file.display.as_str());
        }
        let unparsed = load::load_file(
            &mut spec,
            &mut report,
            &mut pending,
            &file.display,
            name,
            &file.text,
        );
        mended.extend(unparsed.map(|root| (file.display.as_str(), name, root)));
    }
    resolve_examples(&mut spec, &mut report, pending, &examples);
    validate::validate(&spec, &mut report, errors_file);
    spec.warnings = report.take_warnings();
    if report.is_empty() {
        return (Ok(spec), None);
    }
    // Files that did not parse join only now, mended, so that their own
    // problems are never reported beside their syntax error.
    for (display, name, root) in &mended {
        load::load_unreported(&mut spec, display, name, root);
    }
    let repaired = fallback::repair(spec);
    let mut check = diag::Report::default();
    validate::validate(&repaired, &mut check, errors_file);
    (
        Err(report.into_diagnostics()),
        check.is_empty().then_some(repaired),
    )
}

#[cfg(feature = "load")]
fn is_example_file(display: &str) -> bool {
    display.ends_with(".xml")
}

/// Gives each method its example file, and says which method has none and
/// which file no method uses (a misspelt name would otherwise go unseen).
#[cfg(feature = "load")]
fn resolve_examples(
    spec: &mut Spec,
    report: &mut diag::Report,
    pending: Vec<load::ExampleRef>,
    examples: &[&SourceFile],
) {
    for file in examples {
        report.add_source(&file.display, &file.text);
    }
    let mut used = vec![false; examples.len()];
    for wanted in pending {
        let found = examples
            .iter()
            .position(|f| file_name(&f.display) == wanted.file_name);
        let Some(index) = found else {
            let dir = wanted
                .spec_file
                .rsplit_once(['/', '\\'])
                .map_or(String::new(), |(dir, _)| format!("{dir}/"));
            let path = format!("{dir}{EXAMPLES_DIR}/{}", wanted.file_name);
            if wanted.named {
                report.error(
                    &wanted.spec_file,
                    wanted.pos,
                    format!(
                        "the example of method `{}` names `{path}`, which does not exist",
                        wanted.method
                    ),
                );
            } else {
                report.warning(
                    &wanted.spec_file,
                    wanted.pos,
                    format!(
                        "method `{}` has no example answer: add `{path}` (a whole `<lfm status=\"ok\">` answer, e.g. the documented sample), or write it under `example:`",
                        wanted.method
                    ),
                );
            }
            continue;
        };
        used[index] = true;
        let file = examples[index];
        let method = spec
            .packages
            .iter_mut()
            .flat_map(|p| p.methods.iter_mut())
            .find(|m| m.full_name() == wanted.method);
        if let Some(method) = method {
            method.example = Some(Example {
                xml: file.text.clone(),
                file: file.display.clone(),
                pos: Pos::new(1, 1),
            });
        }
    }
    for (file, used) in examples.iter().zip(used) {
        if !used {
            report.warning(
                &file.display,
                Pos::new(1, 1),
                format!(
                    "no method uses this example: it is found by the name `<package>.<method>.xml` (`{}` names no declared method), or by `example: {}` on a method",
                    file_name(&file.display).trim_end_matches(".xml"),
                    file_name(&file.display)
                ),
            );
        }
    }
}

#[cfg(feature = "load")]
fn file_name(display: &str) -> &str {
    display.rsplit(['/', '\\']).next().unwrap_or(display)
}

/// What loading a spec directory read, whether or not it succeeded.
#[cfg(feature = "load")]
#[derive(Debug)]
pub struct LoadedDir {
    /// Every file read, so the caller can track it for rebuilds.
    pub files: Vec<PathBuf>,
    pub spec: Result<Spec, Vec<Diagnostic>>,
    /// When `spec` is an error: what to generate beside it, if anything
    /// (see [`load_sources_with_fallback`]).
    pub fallback: Option<Spec>,
}

/// Loads every `*.yaml` file of `dir`, in name order. `display` turns a file's
/// path into the name shown in diagnostics.
#[cfg(feature = "load")]
pub fn load_dir(dir: &Path, display: &dyn Fn(&Path) -> String) -> LoadedDir {
    load_dir_on(None, dir, display)
}

/// [`load_dir`] for an extension's folder: see [`load_extension`].
#[cfg(feature = "load")]
pub fn load_extension_dir(base: &Spec, dir: &Path, display: &dyn Fn(&Path) -> String) -> LoadedDir {
    load_dir_on(Some(base), dir, display)
}

#[cfg(feature = "load")]
fn load_dir_on(base: Option<&Spec>, dir: &Path, display: &dyn Fn(&Path) -> String) -> LoadedDir {
    let dir_error = |message: String| LoadedDir {
        files: Vec::new(),
        fallback: None,
        spec: Err(vec![Diagnostic {
            file: display(dir),
            pos: Pos::default(),
            message,
            snippet: None,
        }]),
    };
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => return dir_error(format!("cannot read the spec directory: {err}")),
    };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return dir_error("the spec directory holds no `.yaml` file".into());
    }
    // Example answers, found by name; the folder is optional.
    if let Ok(entries) = std::fs::read_dir(dir.join(EXAMPLES_DIR)) {
        let mut examples: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "xml"))
            .collect();
        examples.sort();
        paths.extend(examples);
    }
    let mut sources = Vec::new();
    let mut unreadable = Vec::new();
    for path in &paths {
        match std::fs::read_to_string(path) {
            Ok(text) => sources.push(SourceFile {
                display: display(path),
                text,
            }),
            Err(err) => unreadable.push(Diagnostic {
                file: display(path),
                pos: Pos::default(),
                message: format!("cannot read the file: {err}"),
                snippet: None,
            }),
        }
    }
    let (loaded, fallback) = load_with_fallback(base, &sources);
    let spec = match (loaded, unreadable.is_empty()) {
        (Ok(spec), true) => Ok(spec),
        (Ok(_), false) => Err(unreadable),
        (Err(mut found), _) => {
            found.extend(unreadable);
            Err(found)
        }
    };
    LoadedDir {
        files: paths,
        spec,
        fallback,
    }
}
