#![no_main]
// The spec loader, validator and code generator.
libfuzzer_sys::fuzz_target!(|data: &[u8]| lastfm_tests::fuzz::load_spec(data));
