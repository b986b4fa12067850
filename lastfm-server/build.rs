// Embeds every spec file, so the server knows the same methods as the client
// and keeps working when used as a dev-dependency, far from this folder.
use std::fmt::Write;
use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=spec");
    let dir = Path::new(&std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("spec");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("lastfm-server: cannot read spec/")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    let mut out = String::from(
        "/// The spec files this server was built with: (name, text).\npub static SPEC_FILES: &[(&str, &str)] = &[\n",
    );
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy();
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
