// The `api!` macro tracks every spec file it reads, so editing one re-expands
// it. A file *added* to the folder is not tracked that way: asking cargo to
// watch the folder makes the next build pick it up.
fn main() {
    println!("cargo::rerun-if-changed=spec");
}
