// Embeds the spec `lastfm-api` is generated from (the same release: the
// runtime path carries the version), so that an extension crate's spec can
// name its types and enums without declaring them again.
use std::fmt::Write;
use std::path::Path;

fn main() {
    println!("cargo::rerun-if-changed=spec");
    let dir = Path::new(&std::env::var("CARGO_MANIFEST_DIR").unwrap()).join("spec");
    let mut files = Vec::new();
    for sub in [dir.clone(), dir.join("examples")] {
        let Ok(entries) = std::fs::read_dir(&sub) else {
            continue;
        };
        files.extend(
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "xml")),
        );
    }
    files.sort();
    let mut out = String::from("pub static BASE_SPEC: &[(&str, &str)] = &[\n");
    for path in files {
        let relative = path.strip_prefix(&dir).unwrap_or(&path);
        let name = format!(
            "lastfm-api/spec/{}",
            relative.to_string_lossy().replace('\\', "/")
        );
        writeln!(
            out,
            "    ({name:?}, include_str!({:?})),",
            path.display().to_string()
        )
        .unwrap();
    }
    out.push_str("];\n");
    let target = Path::new(&std::env::var("OUT_DIR").unwrap()).join("base_spec.rs");
    std::fs::write(target, out).unwrap();
}
