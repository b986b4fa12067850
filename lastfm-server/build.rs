// Embeds every spec file and example answer, so the server knows the same
// methods as the client and keeps working when used as a dev-dependency, far
// from this folder. The spec is checked here: a broken one fails the build
// with the located messages, rather than the server when it starts.
use std::fmt::Write;
use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=spec");
    let dir = Path::new(&std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("spec");
    // Shown as the client's diagnostics show it: `spec/<file>`.
    let display = |path: &Path| {
        let relative = path.strip_prefix(&dir).unwrap_or(path);
        format!("spec/{}", relative.to_string_lossy().replace('\\', "/"))
    };
    let loaded = lastfm_spec::load_dir(&dir, &display);
    for file in &loaded.files {
        println!("cargo::rerun-if-changed={}", file.display());
    }
    match &loaded.spec {
        Err(diagnostics) => {
            for d in diagnostics {
                eprintln!("error: {d}");
            }
            // cargo shows a build script's standard error only when it fails.
            eprintln!("lastfm-server: the spec in {} is invalid", dir.display());
            std::process::exit(1);
        }
        Ok(spec) => {
            for w in &spec.warnings {
                println!("cargo::warning={}", w.to_string().replace('\n', " "));
            }
        }
    }
    let mut out = String::from(
        "/// The spec files this server was built with: (path under `spec/`, text).\npub static SPEC_FILES: &[(&str, &str)] = &[\n",
    );
    for path in &loaded.files {
        let name = display(path);
        let name = name.trim_start_matches("spec/");
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let target = Path::new(&std::env::var("OUT_DIR").unwrap()).join("spec_files.rs");
    std::fs::write(target, out).unwrap();
}
