//! The plumbing of the verifiers' unit tests: a request built from header pairs and a
//! body, and the endpoint's secrets, tolerance and clock.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::{HeaderMap, HeaderName, HeaderValue, Uri};

use super::VerifyContext;
use crate::provider::RawRequest;
use crate::secret::Secret;

/// The endpoint side of a verification: what [`VerifyContext`] borrows.
#[derive(Debug)]
pub(crate) struct Endpoint<'a> {
    pub(crate) secrets: Vec<Secret>,
    pub(crate) tolerance: Option<Duration>,
    pub(crate) now: SystemTime,
    pub(crate) public_url: Option<&'a str>,
}

impl Endpoint<'_> {
    /// `secrets` used as their UTF-8 bytes, a `tolerance` in seconds, the clock at
    /// unix second `now`, no public URL.
    pub(crate) fn new(secrets: &[&str], tolerance: Option<u64>, now: u64) -> Self {
        Endpoint {
            secrets: secrets.iter().map(|s| Secret::new(s.as_bytes())).collect(),
            tolerance: tolerance.map(Duration::from_secs),
            now: UNIX_EPOCH + Duration::from_secs(now),
            public_url: None,
        }
    }
}

/// Runs `verify` on a request to `uri` carrying `headers` and `body`. A header whose
/// value is `None` is not sent; a name given twice is sent twice.
///
/// # Panics
///
/// On a name, value or URI that `http` refuses: a mistake in the test.
pub(crate) fn run<'v, R, V: Copy + Into<Option<&'v str>>>(
    verify: impl FnOnce(&RawRequest<'_>, &VerifyContext<'_>) -> R,
    uri: &str,
    headers: &[(&str, V)],
    body: &[u8],
    endpoint: &Endpoint<'_>,
) -> R {
    let mut map = HeaderMap::new();
    for &(name, value) in headers {
        if let Some(value) = value.into() {
            map.append(
                HeaderName::from_bytes(name.as_bytes()).expect("a header name"),
                HeaderValue::from_str(value).expect("a header value"),
            );
        }
    }
    let uri: Uri = uri.parse().expect("a URI");
    let Endpoint {
        secrets,
        tolerance,
        now,
        public_url,
    } = endpoint;
    let context = VerifyContext {
        secrets,
        tolerance: *tolerance,
        now: *now,
        public_url: *public_url,
    };
    let request = RawRequest {
        headers: &map,
        uri: &uri,
        body,
    };
    verify(&request, &context)
}
