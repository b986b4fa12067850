#![no_main]
// The response decoder: envelope, then typed payloads.
libfuzzer_sys::fuzz_target!(|data: &[u8]| lastfm_tests::fuzz::decode_response(data));
