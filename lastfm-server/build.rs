// Embeds every spec file and example answer, so the server knows the same
// methods as the client and keeps working when used as a dev-dependency, far
// from this folder. The spec is checked here: a broken one fails the build
// with the located messages, rather than the server when it starts.
use lastfm_spec::embed::{Check, Embed};

fn main() {
    Embed {
        dir: "spec".as_ref(),
        shown_as: "spec",
        check: Check::ErrorsAndWarnings,
        name: "SPEC_FILES",
        out_file: "spec_files.rs",
    }
    .run();
}
