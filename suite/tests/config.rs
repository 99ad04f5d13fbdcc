//! Configuration files and environment overrides: what a file does to a router, and
//! the message each mistake gets.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

use http::StatusCode;
use webhook::store::{DeliveryFilter, RetryPolicy};
use webhook::testing::{send, signed_request, stripe_request, stripe_signature};
use webhook::{router, stripe, webhook, BuildError, Config, ConfigError, Mode, Webhooks};

#[webhook(provider = "stripe", event = "invoice.paid")]
async fn invoice_paid(_event: stripe::Event<serde_json::Value>) {}

/// The router every test configures, with no state.
fn webhooks() -> Webhooks {
    router![invoice_paid]
}

const EVENT: &str = r#"{"id":"evt_1","object":"event","type":"invoice.paid","created":1,"livemode":false,"data":{"object":{}}}"#;

/// Cargo sets `CARGO_PKG_NAME` when it runs tests, so a `secret_env` naming it is read
/// without the test setting a variable (which would race other tests' reads).
const SECRET_ENV: &str = "CARGO_PKG_NAME";
const SECRET_ENV_VALUE: &str = env!("CARGO_PKG_NAME");

const FULL: &str = r#"
prefix = "/hooks"
mode = "queued"
read_timeout = "5s"
handler_timeout = 20

[store]
url = "sqlite://webhooks.db"
retention = "30d"

[retry]
max_attempts = 3
base_delay = "1s"
jitter = 0

[workers]
count = 2
lease = "2m"

[endpoints.stripe]
secrets = ["whsec_current", "whsec_previous"]
path = "/in/stripe"
tolerance = "5m"
body_limit = 512

[endpoints.stripe-connect]
provider = "stripe"
secret_env = "CARGO_PKG_NAME"
tolerance = false
"#;

fn secs(n: u64) -> Option<Duration> {
    Some(Duration::from_secs(n))
}

/// The message of the error `from_toml_str` gives for `toml`.
fn error_of(toml: &str) -> String {
    match Config::from_toml_str(toml) {
        Ok(config) => panic!("accepted {toml:?} as {config:?}"),
        Err(error) => error.to_string(),
    }
}

#[test]
fn a_full_file_parses_into_every_setting() {
    let config = Config::from_toml_str(FULL).unwrap();
    assert_eq!(config.prefix.as_deref(), Some("/hooks"));
    assert_eq!(config.mode, Some(Mode::Queued));
    assert_eq!(config.read_timeout, secs(5));
    assert_eq!(config.handler_timeout, secs(20));
    assert_eq!(config.store.url.as_deref(), Some("sqlite://webhooks.db"));
    assert_eq!(config.store.retention, secs(30 * 24 * 3600));
    let retry = config.retry.as_ref().map(|retry| retry.policy());
    let expected = RetryPolicy {
        max_attempts: 3,
        base_delay: Duration::from_secs(1),
        jitter: 0.0,
        ..RetryPolicy::default()
    };
    assert_eq!(retry, Some(expected));
    assert_eq!(config.workers.count, Some(2));
    assert_eq!(config.workers.lease, secs(120));
    let stripe = &config.endpoints["stripe"];
    assert_eq!(stripe.secrets.len(), 2);
    assert_eq!(stripe.path.as_deref(), Some("/in/stripe"));
    assert_eq!(stripe.tolerance, Some(secs(300)));
    assert_eq!(stripe.body_limit, Some(512));
    let connect = &config.endpoints["stripe-connect"];
    assert_eq!(connect.provider.as_deref(), Some("stripe"));
    assert_eq!(connect.secret_env.as_deref(), Some(SECRET_ENV));
    assert_eq!(connect.tolerance, Some(None));
    let printed = format!("{config:?}");
    assert!(!printed.contains("whsec_"), "{printed}");
}

#[tokio::test]
async fn a_configured_router_takes_its_paths_secrets_and_limits() {
    let config = Config::from_toml_str(FULL).unwrap();
    let app = webhooks()
        .configure(&config)
        .unwrap()
        .into_router()
        .unwrap();
    // The endpoint's own path; the prefix's default path is not served.
    for secret in ["whsec_current", "whsec_previous"] {
        let response = send(&app, stripe_request("/in/stripe", secret, EVENT)).await;
        assert_eq!(response.status, StatusCode::OK, "{secret}");
    }
    let default_path = send(
        &app,
        stripe_request("/hooks/stripe", "whsec_current", EVENT),
    )
    .await;
    assert_eq!(default_path.status, StatusCode::NOT_FOUND);
    let wrong = send(&app, stripe_request("/in/stripe", "whsec_other", EVENT)).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    let large = format!("{EVENT:<600}");
    let too_large = send(&app, stripe_request("/in/stripe", "whsec_current", large)).await;
    assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE);
    // The extra endpoint: under the prefix, secrets from `secret_env`, no tolerance.
    let an_hour_ago = webhook::testing::now() - 3600;
    let signature = stripe_signature(&[SECRET_ENV_VALUE], an_hour_ago, EVENT.as_bytes());
    let old = signed_request(
        "/hooks/stripe-connect",
        &[("stripe-signature", signature.clone())],
        EVENT.into(),
    );
    assert_eq!(send(&app, old).await.status, StatusCode::OK);
    // The same stale signature on the endpoint with a 5-minute tolerance.
    let signature = stripe_signature(&["whsec_current"], an_hour_ago, EVENT.as_bytes());
    let stale = signed_request(
        "/in/stripe",
        &[("stripe-signature", signature)],
        EVENT.into(),
    );
    assert_eq!(send(&app, stale).await.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn the_configured_store_logs_deliveries_in_queued_mode() {
    let dir = TempDir::new("store");
    let toml = format!(
        "mode = \"queued\"\n[store]\nurl = \"sqlite://{}\"\n[workers]\ncount = 1\n\
         [endpoints.stripe]\nsecrets = [\"whsec_store\"]",
        dir.path.join("deliveries.db").display()
    );
    let config = Config::from_toml_str(&toml).unwrap();
    let store = config.open_store().await.unwrap().unwrap();
    // Queued mode needs workers: `into_router` refuses, so the mode was applied.
    let refused = webhooks()
        .store(store.clone())
        .configure(&config)
        .unwrap()
        .into_router()
        .err();
    assert_eq!(refused, Some(BuildError::NeedsWorkers));
    let service = webhooks()
        .store(store.clone())
        .configure(&config)
        .unwrap()
        .start(())
        .unwrap();
    let response = send(
        &service.router,
        stripe_request("/webhooks/stripe", "whsec_store", EVENT),
    )
    .await;
    assert_eq!(response.status, StatusCode::OK);
    service.workers.shutdown().await;
    let logged = store.list(&DeliveryFilter::new()).await.unwrap();
    assert_eq!(logged.len(), 1);
    assert_eq!(logged[0].event.as_deref(), Some("invoice.paid"));
    store.close().await.unwrap();
}

#[tokio::test]
async fn no_store_url_opens_nothing() {
    let config = Config::from_toml_str("prefix = \"/x\"").unwrap();
    assert!(config.open_store().await.unwrap().is_none());
}

#[test]
fn endpoints_no_handler_uses_fail_at_configure() {
    let config = Config::from_toml_str("[endpoints.strpe]\nsecrets = [\"s\"]").unwrap();
    let error = webhooks().configure(&config).err();
    assert_eq!(
        error.map(|e| e.to_string()).as_deref(),
        Some("this router has no endpoint `strpe`; did you mean `stripe`?")
    );
    let config = Config::from_toml_str(
        "[endpoints.gh-enterprise]\nprovider = \"github\"\nsecrets = [\"s\"]",
    )
    .unwrap();
    let error = webhooks().configure(&config).err();
    assert!(
        matches!(&error, Some(BuildError::UnknownProvider { endpoint, provider, .. })
            if endpoint == "gh-enterprise" && provider == "github"),
        "{error:?}"
    );
}

#[test]
fn an_unset_secret_env_names_its_variable() {
    let config =
        Config::from_toml_str("[endpoints.stripe]\nsecret_env = \"WEBHOOK_CONFIG_TEST_NEVER_SET\"")
            .unwrap();
    let error = webhooks().configure(&config).err();
    assert_eq!(
        error,
        Some(BuildError::MissingSecret {
            endpoint: "stripe".into(),
            variable: "WEBHOOK_CONFIG_TEST_NEVER_SET".into(),
        })
    );
}

#[test]
fn endpoints_without_secrets_still_read_their_variable() {
    let config = Config::from_toml_str("[endpoints.stripe]\npath = \"/s\"").unwrap();
    let error = webhooks()
        .configure(&config)
        .unwrap()
        .secrets_from(|_| None)
        .err();
    assert!(
        matches!(&error, Some(BuildError::MissingSecret { variable, .. }) if variable == "STRIPE_WEBHOOK_SECRET"),
        "{error:?}"
    );
}

#[test]
fn unknown_keys_name_their_path_and_the_near_miss() {
    assert_eq!(
        error_of("prefx = \"/x\""),
        "<string>:1:1: unknown key `prefx`; did you mean `prefix`?"
    );
    assert_eq!(
        error_of("[endpoints.stripe]\ntolernce = \"5m\""),
        "<string>:2:1: unknown key `endpoints.stripe.tolernce`; did you mean `tolerance`?"
    );
    assert_eq!(
        error_of("[retry]\nattempts = 3"),
        "<string>:2:1: unknown key `retry.attempts`; did you mean `max_attempts`?"
    );
    assert_eq!(
        error_of("[bogus]\nx = 1"),
        "<string>:1:2: unknown key `bogus`; expected one of `prefix`, `mode`, `read_timeout`, \
         `handler_timeout`, `store`, `retry`, `workers`, `endpoints`, `log`"
    );
}

#[test]
fn bad_values_name_their_key_and_what_is_expected() {
    let cases = [
        (
            "mode = \"queud\"",
            "<string>:1:8: `mode`: unknown mode `queud`; did you mean `queued`?",
        ),
        (
            "[store]\nretention = \"30 dayz\"",
            "<string>:2:13: `store.retention`: invalid duration `30 dayz`: unknown time unit \
             \"dayz\", supported units: ns, us/µs, ms, sec, min, hours, days, weeks, months, \
             years (and few variations); write a number with a unit, like `30s`, `15m`, `12h` \
             or `30d`, or a whole number of seconds",
        ),
        (
            "read_timeout = -5",
            "<string>:1:16: `read_timeout`: invalid value: integer `-5`, expected a duration \
             like \"30s\", \"15m\" or \"30d\", or a whole number of seconds",
        ),
        (
            "[retry]\njitter = 1.5",
            "<string>:2:10: `retry.jitter`: invalid value: floating point `1.5`, expected a \
             number from 0.0 to 1.0",
        ),
        (
            "[retry]\nmax_attempts = 0",
            "<string>:2:16: `retry.max_attempts`: invalid value: integer `0`, expected a whole \
             number of at least 1",
        ),
        (
            "[workers]\ncount = \"four\"",
            "<string>:2:9: `workers.count`: invalid type: string \"four\", expected a whole \
             number of at least 1",
        ),
        (
            "[endpoints.stripe]\npath = \"webhooks/stripe\"",
            "<string>:2:8: `endpoints.stripe.path`: `webhooks/stripe` is not a path: paths \
             start with `/`, like `/webhooks`",
        ),
        (
            "[endpoints.stripe]\ntolerance = true",
            "<string>:2:13: `endpoints.stripe.tolerance`: invalid value: boolean `true`, \
             expected a duration like \"30s\", \"15m\" or \"30d\", or a whole number of \
             seconds, or false to turn the check off",
        ),
        (
            "[endpoints.stripe]\nbody_limit = 0",
            "<string>:2:14: `endpoints.stripe.body_limit`: invalid value: integer `0`, \
             expected a whole number of at least 1",
        ),
        (
            "[endpoints.stripe]\nsecrets = [\"whsec_a\", 3]",
            "<string>:2:23: `endpoints.stripe.secrets[1]`: invalid type: integer `3`, \
             expected a string",
        ),
        (
            "[endpoints.stripe]\nsecrets = []",
            "<string>:2:11: `endpoints.stripe.secrets`: the list is empty; list at least one \
             secret, or remove `secrets` to use `secret_env` or {ENDPOINT}_WEBHOOK_SECRET",
        ),
        (
            "[endpoints.stripe]\nsecrets = [\"whsec_a\"]\nsecret_env = \"STRIPE_SECRET\"",
            "<string>:1:1: `endpoints.stripe`: both `secrets` and `secret_env` are set; keep \
             one of them",
        ),
        (
            "[store]\nurl = \"\"",
            "<string>:2:7: `store.url`: invalid value: string \"\", expected a non-empty string",
        ),
    ];
    for (toml, expected) in cases {
        assert_eq!(error_of(toml), expected, "{toml}");
    }
}

#[test]
fn secrets_are_never_echoed_in_errors() {
    let error = error_of("[endpoints.stripe]\nsecrets = \"whsec_not_a_list\"");
    assert!(!error.contains("whsec_not_a_list"), "{error}");
    assert!(error.contains("`endpoints.stripe.secrets`"), "{error}");
    assert!(
        error.contains(r#"expected a list of secrets, like ["whsec_…"]"#),
        "{error}"
    );
}

#[test]
fn syntax_errors_give_line_and_column() {
    assert_eq!(
        error_of("prefix = \"/x\"\n[store\nurl = 1"),
        "<string>:2:7: invalid TOML: unclosed table, expected `]`"
    );
}

#[test]
fn load_names_the_file_in_its_errors() {
    let dir = TempDir::new("load");
    let file = dir.write("webhook.toml", "prefix = \"/x\"\n\n[workers]\ncont = 2\n");
    let error = Config::load_with(&file, |_| None)
        .err()
        .map(|e| e.to_string());
    assert_eq!(
        error,
        Some(format!(
            "{}:4:1: unknown key `workers.cont`; did you mean `count`?",
            file.display()
        ))
    );
    let missing = dir.path.join("missing.toml");
    let error = Config::load_with(&missing, |_| None).err();
    assert!(
        matches!(&error, Some(ConfigError::Read { path, .. }) if *path == missing),
        "{error:?}"
    );
    let message = error.map(|e| e.to_string()).unwrap_or_default();
    assert!(message.contains("missing.toml"), "{message}");
    assert!(message.contains("WEBHOOK_CONFIG"), "{message}");
}

#[test]
fn environment_overrides_win_over_the_file() {
    let dir = TempDir::new("env");
    let file = dir.write("webhook.toml", FULL);
    let env = variables(&[
        ("WEBHOOK_PREFIX", "/from-env"),
        ("WEBHOOK_MODE", "inline"),
        ("WEBHOOK_STORE_URL", "postgres://app:pw@db/hooks"),
        ("WEBHOOK_RETENTION", "7d"),
        ("WEBHOOK_WORKERS", "9"),
    ]);
    let config = Config::load_with(&file, |name| env.get(name).cloned()).unwrap();
    assert_eq!(config.prefix.as_deref(), Some("/from-env"));
    assert_eq!(config.mode, Some(Mode::Inline));
    assert_eq!(
        config.store.url.as_deref(),
        Some("postgres://app:pw@db/hooks")
    );
    assert_eq!(config.store.retention, secs(7 * 24 * 3600));
    assert_eq!(config.workers.count, Some(9));
    // What no variable overrides stays as the file has it.
    assert_eq!(config.workers.lease, secs(120));
    assert!(!format!("{config:?}").contains("pw@"));
}

#[test]
fn empty_variables_count_as_unset() {
    let env = variables(&[("WEBHOOK_PREFIX", ""), ("WEBHOOK_WORKERS", " ")]);
    let config = Config::from_toml_str(FULL)
        .unwrap()
        .override_from(|name| env.get(name).cloned())
        .unwrap();
    assert_eq!(config.prefix.as_deref(), Some("/hooks"));
    assert_eq!(config.workers.count, Some(2));
}

#[test]
fn webhook_config_names_the_file_to_read() {
    let dir = TempDir::new("redirect");
    let file = dir.write("elsewhere.toml", "prefix = \"/elsewhere\"");
    let env = variables(&[("WEBHOOK_CONFIG", &file.display().to_string())]);
    let config =
        Config::load_with(dir.path.join("absent.toml"), |name| env.get(name).cloned()).unwrap();
    assert_eq!(config.prefix.as_deref(), Some("/elsewhere"));
}

#[test]
fn bad_environment_values_name_the_variable() {
    let cases = [
        (
            "WEBHOOK_MODE",
            "queud",
            "environment variable WEBHOOK_MODE: unknown mode `queud`; did you mean `queued`?; \
             fix it, or unset it to keep the file's value",
        ),
        (
            "WEBHOOK_PREFIX",
            "hooks",
            "environment variable WEBHOOK_PREFIX: `hooks` is not a path: paths start with `/`, \
             like `/webhooks`; fix it, or unset it to keep the file's value",
        ),
        (
            "WEBHOOK_WORKERS",
            "0",
            "environment variable WEBHOOK_WORKERS: `0` is not a whole number of at least 1; \
             fix it, or unset it to keep the file's value",
        ),
    ];
    for (variable, value, expected) in cases {
        let error = Config::default()
            .override_from(|name| (name == variable).then(|| value.to_owned()))
            .err();
        assert_eq!(error.map(|e| e.to_string()).as_deref(), Some(expected));
    }
    let error = Config::default()
        .override_from(|name| (name == "WEBHOOK_RETENTION").then(|| "a month".to_owned()))
        .err();
    assert!(
        matches!(&error, Some(ConfigError::Env { variable: "WEBHOOK_RETENTION", problem })
            if problem.starts_with("invalid duration `a month`")),
        "{error:?}"
    );
}

fn variables(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs
        .iter()
        .map(|(name, value)| (name.to_string(), value.to_string()))
        .collect()
}

/// A temporary directory removed on drop.
struct TempDir {
    path: PathBuf,
}

impl TempDir {
    fn new(label: &str) -> Self {
        let path = std::env::temp_dir().join(format!(
            "webhook-config-{label}-{}-{}",
            std::process::id(),
            webhook::testing::now()
        ));
        std::fs::create_dir_all(&path).unwrap();
        TempDir { path }
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let file = self.path.join(name);
        std::fs::write(&file, text).unwrap();
        file
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}
