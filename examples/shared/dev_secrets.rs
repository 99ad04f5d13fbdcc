//! Development secrets shared by the quickstart and `send_sample`, used only when the
//! real variables are unset, so the README's round trip works with zero setup.

/// Used for Stripe when `STRIPE_WEBHOOK_SECRET` is unset.
pub const STRIPE: &str = "whsec_quickstart_development_only";
/// Used for GitHub when `GITHUB_WEBHOOK_SECRET` is unset.
pub const GITHUB: &str = "quickstart-development-only";

/// The secrets in `variable` (comma-separated) when it is set, else `fallback`, and
/// whether the fallback was used.
pub fn secrets_or_dev(variable: &str, fallback: &'static str) -> (Vec<String>, bool) {
    let value = std::env::var(variable).unwrap_or_default();
    let secrets: Vec<String> = value
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    if secrets.is_empty() {
        (vec![fallback.to_owned()], true)
    } else {
        (secrets, false)
    }
}

/// The port from `PORT`, default 3000.
pub fn port() -> u16 {
    std::env::var("PORT")
        .ok()
        .and_then(|port| port.parse().ok())
        .unwrap_or(3000)
}
