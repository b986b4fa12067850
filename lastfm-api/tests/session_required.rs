//! Methods that need a user session do not compile without one.

#[test]
fn session_methods_need_a_session_client() {
    let t = trybuild::TestCases::new();
    t.compile_fail("tests/ui/*.rs");
}
