// Re-expand `api!` when a spec file is added to spec/ (edits are tracked by the macro).
fn main() {
    println!("cargo::rerun-if-changed=spec");
}
