// Every spec method is a `lastfm` command: the spec folder is checked here,
// so a broken spec fails the build with the located message, and its files
// are embedded for the command table built at startup.
use std::fmt::Write;
use std::path::Path;

fn main() {
    let manifest = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let dir = Path::new(&manifest).join("../spec");
    println!("cargo::rerun-if-changed={}", dir.display());
    // `spec/<file>`, or `spec/examples/<file>` for an example answer.
    let display = |path: &Path| {
        let relative = path.strip_prefix(&dir).unwrap_or(path);
        format!("spec/{}", relative.to_string_lossy().replace('\\', "/"))
    };
    let loaded = lastfm_spec::load_dir(&dir, &display);
    for file in &loaded.files {
        println!("cargo::rerun-if-changed={}", file.display());
    }
    if let Err(diagnostics) = &loaded.spec {
        for d in diagnostics {
            eprintln!("error: {d}");
        }
        eprintln!("lastfm-cli: the spec in {} is invalid", dir.display());
        std::process::exit(1);
    }
    let mut out = String::from("pub static SPEC_SOURCES: &[(&str, &str)] = &[\n");
    for file in &loaded.files {
        let _ = writeln!(
            out,
            "    ({:?}, include_str!({:?})),",
            display(file),
            file.display().to_string()
        );
    }
    out.push_str("];\n");
    let target = Path::new(&std::env::var("OUT_DIR").unwrap_or_default()).join("spec_sources.rs");
    if let Err(e) = std::fs::write(&target, out) {
        eprintln!("lastfm-cli: cannot write {}: {e}", target.display());
        std::process::exit(1);
    }
}
