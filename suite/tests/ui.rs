//! Every compile-time message of `#[webhook]` and `router![…]`: one case per mistake,
//! with the expected compiler output committed beside it (`TRYBUILD=overwrite` to
//! regenerate after an intended change).

#[test]
fn ui() {
    let cases = trybuild::TestCases::new();
    cases.pass("tests/ui/*/pass/*.rs");
    cases.compile_fail("tests/ui/*/fail/*.rs");
}
