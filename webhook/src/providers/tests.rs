//! The one list of providers agrees with the folders and the Cargo features.

use std::collections::BTreeSet;
use std::path::Path;

use webhook_catalog::BUILTIN;

/// The names of `webhook`'s features, and the features `all-providers` turns on.
fn features() -> (BTreeSet<String>, BTreeSet<String>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml");
    let manifest = std::fs::read_to_string(path).expect("webhook's Cargo.toml");
    let manifest: toml::Table = manifest.parse().expect("webhook's Cargo.toml parses");
    let features = manifest["features"].as_table().expect("a [features] table");
    let all_providers = features["all-providers"]
        .as_array()
        .expect("an all-providers feature")
        .iter()
        .map(|feature| feature.as_str().expect("a feature name").to_owned())
        .collect();
    (features.keys().cloned().collect(), all_providers)
}

#[test]
fn every_listed_provider_has_a_folder_and_a_feature_in_all_providers() {
    let (features, all_providers) = features();
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/providers");
    for builtin in BUILTIN {
        assert!(
            folder.join(builtin.name).join("mod.rs").is_file(),
            "`{}` is listed but has no folder src/providers/{}/",
            builtin.name,
            builtin.name
        );
        assert!(
            features.contains(builtin.feature),
            "`{}`'s feature `{}` is not in webhook's [features]",
            builtin.name,
            builtin.feature
        );
        assert!(
            all_providers.contains(builtin.feature),
            "`all-providers` does not turn on `{}`",
            builtin.feature
        );
    }
}

#[test]
fn every_provider_folder_and_provider_feature_is_listed() {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/providers");
    for entry in std::fs::read_dir(folder).expect("src/providers") {
        let entry = entry.expect("a directory entry");
        if entry.file_type().is_ok_and(|kind| kind.is_dir()) {
            let name = entry.file_name().to_string_lossy().into_owned();
            assert!(
                BUILTIN.iter().any(|builtin| builtin.name == name),
                "src/providers/{name}/ is not in webhook_catalog::with_builtin_providers!"
            );
        }
    }
    let (_, all_providers) = features();
    for feature in all_providers {
        assert!(
            BUILTIN.iter().any(|builtin| builtin.feature == feature),
            "`all-providers` turns on `{feature}`, which no listed provider needs"
        );
    }
}
