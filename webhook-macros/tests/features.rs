//! Compile-time messages that depend on which of `webhook`'s features are on. This
//! crate's dev-dependency on `webhook` turns on `stripe` alone, and trybuild builds
//! these cases with it, apart from the workspace's own feature set (where every
//! provider may be on).

#[test]
fn a_provider_whose_feature_is_off_names_the_feature() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui-features/fail/*.rs");
}
