// Every spec method is a `lastfm` command: the spec folder is checked here,
// so a broken spec fails the build with the located message, and its files
// are embedded for the command table built at startup.
use lastfm_spec::embed::{Check, Embed};

fn main() {
    Embed {
        dir: "spec".as_ref(),
        shown_as: "spec",
        check: Check::Errors,
        name: "SPEC_SOURCES",
        out_file: "spec_sources.rs",
    }
    .run();
}
