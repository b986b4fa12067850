// Embeds the spec `lastfm-api` is generated from (the same release: the
// runtime path carries the version), so that an extension crate's spec can
// name its types and enums without declaring them again. Unchecked here:
// expanding it in `lastfm-api` reports its problems, located.
use lastfm_spec::embed::{Check, Embed};

fn main() {
    Embed {
        dir: "spec".as_ref(),
        shown_as: "lastfm-api/spec",
        check: Check::Nothing,
        name: "BASE_SPEC",
        out_file: "base_spec.rs",
    }
    .run();
}
