//! For build scripts: a spec folder checked and embedded in a crate. The
//! macro (for extensions to build on), the offline server and the command
//! line each carry the spec they were built with; this is their one way of
//! doing it.
//!
//! ```no_run
//! // build.rs
//! lastfm_spec::embed::Embed {
//!     dir: std::path::Path::new("spec"),
//!     shown_as: "spec",
//!     check: lastfm_spec::embed::Check::Errors,
//!     name: "SPEC_FILES",
//!     out_file: "spec_files.rs",
//! }
//! .run();
//! // src/lib.rs: include!(concat!(env!("OUT_DIR"), "/spec_files.rs"));
//! // then lastfm_spec::SourceFile::embedded(SPEC_FILES)
//! ```

use std::fmt::Write;
use std::path::Path;

/// What the build checks of the spec it embeds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Nothing: the files are embedded as they are (whoever loads them
    /// reports their problems).
    Nothing,
    /// A spec that does not load fails the build with its located messages.
    Errors,
    /// As `Errors`, and the spec's warnings are shown as cargo warnings.
    ErrorsAndWarnings,
}

/// One spec folder to embed: see the module docs.
#[derive(Debug, Clone)]
pub struct Embed<'a> {
    /// The spec folder, relative to the crate's manifest or absolute.
    pub dir: &'a Path,
    /// What the folder is called in diagnostics and in the embedded names:
    /// `spec` gives `spec/auth.yaml` and `spec/examples/auth.getToken.xml`.
    pub shown_as: &'a str,
    pub check: Check,
    /// The name of the `pub static NAME: &[(&str, &str)]` written, whose
    /// items are (name shown, text).
    pub name: &'a str,
    /// The file written under `$OUT_DIR`.
    pub out_file: &'a str,
}

impl Embed<'_> {
    /// Checks and embeds the folder, and asks cargo to run the build script
    /// again when a file in it changes or is added. On a broken spec (with
    /// a check) or an unwritable `OUT_DIR`, prints why and exits with
    /// status 1, which fails the build.
    pub fn run(&self) {
        let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
        let dir = Path::new(&manifest).join(self.dir);
        println!("cargo::rerun-if-changed={}", dir.display());
        let shown = |path: &Path| {
            let relative = path.strip_prefix(&dir).unwrap_or(path);
            format!(
                "{}/{}",
                self.shown_as,
                relative.to_string_lossy().replace('\\', "/")
            )
        };
        let loaded = crate::load_dir(&dir, &shown);
        for file in &loaded.files {
            println!("cargo::rerun-if-changed={}", file.display());
        }
        match (&loaded.spec, self.check) {
            (_, Check::Nothing) => {}
            (Err(diagnostics), _) => {
                for d in diagnostics {
                    eprintln!("error: {d}");
                }
                // cargo shows a build script's standard error only when it fails.
                fail(&format!("the spec in {} is invalid", dir.display()));
            }
            (Ok(spec), Check::ErrorsAndWarnings) => {
                for w in &spec.warnings {
                    println!("cargo::warning={}", w.to_string().replace('\n', " "));
                }
            }
            (Ok(_), Check::Errors) => {}
        }
        let mut out = format!(
            "/// The spec files this crate was built with: (name shown, text).\n\
             pub static {}: &[(&str, &str)] = &[\n",
            self.name
        );
        for file in &loaded.files {
            let _ = writeln!(
                out,
                "    ({:?}, include_str!({:?})),",
                shown(file),
                file.display().to_string()
            );
        }
        out.push_str("];\n");
        let target = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join(self.out_file);
        if let Err(e) = std::fs::write(&target, out) {
            fail(&format!("cannot write {}: {e}", target.display()));
        }
    }
}

fn fail(message: &str) -> ! {
    let package = std::env::var("CARGO_PKG_NAME").unwrap_or_default();
    eprintln!("{package}: {message}");
    std::process::exit(1);
}
