//! The stylesheet, the script and the icon, compiled in and served by the dashboard itself under
//! content-hashed names (`style.<hash>.css`), so browsers may cache them for a year: a
//! new version is a new name.

use std::sync::LazyLock;

use axum::response::{IntoResponse, Response};
use http::{header, HeaderValue, StatusCode};
use sha2::{Digest, Sha256};

/// One served file.
#[derive(Debug)]
pub(crate) struct Asset {
    /// The name it is served under, hash included.
    pub(crate) name: String,
    body: &'static str,
    content_type: &'static str,
}

fn asset(stem: &str, extension: &str, body: &'static str, content_type: &'static str) -> Asset {
    let hash = hex::encode(&Sha256::digest(body.as_bytes())[..6]);
    Asset {
        name: format!("{stem}.{hash}.{extension}"),
        body,
        content_type,
    }
}

/// The stylesheet.
pub(crate) static STYLE: LazyLock<Asset> = LazyLock::new(|| {
    asset(
        "style",
        "css",
        include_str!("assets/style.css"),
        "text/css; charset=utf-8",
    )
});

/// The script.
pub(crate) static SCRIPT: LazyLock<Asset> = LazyLock::new(|| {
    asset(
        "app",
        "js",
        include_str!("assets/app.js"),
        "text/javascript; charset=utf-8",
    )
});

/// The icon browsers show in the tab (asked for even when no page links one).
pub(crate) static ICON: LazyLock<Asset> = LazyLock::new(|| {
    asset(
        "icon",
        "svg",
        include_str!("assets/icon.svg"),
        "image/svg+xml",
    )
});

/// The asset called `name`, cached for a year; `404` for any other name (an old hash
/// included: the page that asked for it is older than this process).
pub(crate) fn serve(name: &str) -> Response {
    let Some(asset) = [&*STYLE, &*SCRIPT, &*ICON]
        .into_iter()
        .find(|asset| asset.name == name)
    else {
        return (StatusCode::NOT_FOUND, "no such asset").into_response();
    };
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(asset.content_type),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
        ],
        asset.body,
    )
        .into_response()
}
