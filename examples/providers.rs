//! One handler for every built-in provider, listening like the quickstart.
//!
//! ```sh
//! cargo run --example providers --features all-providers
//! ```
//!
//! Listens on `127.0.0.1:3000` (`PORT` overrides; `PORT=0` takes any free port, and the
//! line `listening on …` says which) at `/webhooks/{provider}`. Each
//! provider's secret comes from `<PROVIDER>_WEBHOOK_SECRET` (comma-separated for
//! several; Discord: `DISCORD_PUBLIC_KEY`, hex; Twilio: `TWILIO_AUTH_TOKEN`); Twilio and
//! Square sign the public URL they call, given by `WEBHOOK_PUBLIC_URL` (e.g.
//! `https://hooks.example.com`, default `http://127.0.0.1:{PORT}`). A provider whose
//! variable is unset gets a secret or key nobody holds, so the program still starts,
//! and that endpoint refuses every request (the program says so). Logs one line per
//! handled event.

#[path = "shared/dev_secrets.rs"]
#[allow(dead_code)]
mod dev_secrets;

use webhook::{router, webhook, Delivery, Webhooks};

/// Logs one line per handled delivery.
fn log(delivery: &Delivery) {
    println!(
        "{:<18} {:<40} id={}",
        delivery.provider,
        delivery.event,
        delivery.id.as_deref().unwrap_or("-")
    );
}

macro_rules! log_every_event {
    ($($name:ident => $provider:literal),* $(,)?) => {
        $(
            #[webhook(provider = $provider, event = "*")]
            async fn $name(delivery: Delivery) {
                log(&delivery);
            }
        )*
    };
}

log_every_event! {
    stripe => "stripe",
    github => "github",
    slack => "slack",
    shopify => "shopify",
    gitlab => "gitlab",
    standard_webhooks => "standard_webhooks",
    discord => "discord",
    discord_events => "discord_events",
    twilio => "twilio",
    typeform => "typeform",
    linear => "linear",
    paddle => "paddle",
    square => "square",
    zoom => "zoom",
    twitch => "twitch",
    mailgun => "mailgun",
    sendgrid => "sendgrid",
}

/// An Ed25519 public key (hex, as Discord shows it) whose private key nobody holds: the
/// pair was generated once with `openssl genpkey -algorithm ed25519`, this public half
/// kept and the private half destroyed. A valid key, so the endpoint starts, that
/// verifies no signature anyone can make.
const UNHELD_ED25519_PUBLIC_KEY: &str =
    "ecb94ea28bcb37be8de4960e57e8ae9da20cb0390b56e83f453fcae0d219a5a5";

/// A P-256 public key (base64 DER, as SendGrid's console shows it) whose private key
/// nobody holds, made the same way (`openssl ecparam -name prime256v1 -genkey`).
const UNHELD_P256_PUBLIC_KEY: &str = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEP7HEmKfpYZso4Wi1nD11KtaenQg3CS8Z03HflEaTsWqwRJBsW1VmHoVhP5dv53pCA4VNL0cRIDRfVB1nzbt1TA==";

/// A secret nobody knows, in the shape each provider's secrets take: for the
/// providers configured with a public key, a valid key whose private half nobody holds.
fn unknowable_secret(endpoint: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let random = format!(
        "{nanos:032x}{:032x}",
        std::process::id() as u128 * 0x9e37_79b9_7f4a_7c15
    );
    match endpoint {
        // Public keys must be valid keys to start at all (random bytes often are not).
        "discord" | "discord_events" => UNHELD_ED25519_PUBLIC_KEY.to_owned(),
        "sendgrid" => UNHELD_P256_PUBLIC_KEY.to_owned(),
        // Standard Webhooks secrets are base64 after `whsec_`.
        "standard_webhooks" => "whsec_dW5rbm93YWJsZS1zZWNyZXQtZm9yLXRoZS1leGFtcGxl".to_owned(),
        _ => format!("unset-{random}"),
    }
}

fn with_secrets(mut webhooks: Webhooks, public_url: &str) -> Webhooks {
    let endpoints = [
        ("stripe", "STRIPE_WEBHOOK_SECRET"),
        ("github", "GITHUB_WEBHOOK_SECRET"),
        ("slack", "SLACK_WEBHOOK_SECRET"),
        ("shopify", "SHOPIFY_WEBHOOK_SECRET"),
        ("gitlab", "GITLAB_WEBHOOK_SECRET"),
        ("standard_webhooks", "STANDARD_WEBHOOKS_WEBHOOK_SECRET"),
        ("discord", "DISCORD_PUBLIC_KEY"),
        ("discord_events", "DISCORD_PUBLIC_KEY"),
        ("twilio", "TWILIO_AUTH_TOKEN"),
        ("typeform", "TYPEFORM_WEBHOOK_SECRET"),
        ("linear", "LINEAR_WEBHOOK_SECRET"),
        ("paddle", "PADDLE_WEBHOOK_SECRET"),
        ("square", "SQUARE_WEBHOOK_SECRET"),
        ("zoom", "ZOOM_WEBHOOK_SECRET"),
        ("twitch", "TWITCH_WEBHOOK_SECRET"),
        ("mailgun", "MAILGUN_WEBHOOK_SECRET"),
        ("sendgrid", "SENDGRID_WEBHOOK_SECRET"),
    ];
    for (endpoint, variable) in endpoints {
        let value = std::env::var(variable).unwrap_or_default();
        let secrets: Vec<&str> = value
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        if secrets.is_empty() {
            println!("{variable} is unset: /webhooks/{endpoint} refuses every request");
            webhooks = webhooks.secret(endpoint, &unknowable_secret(endpoint));
        }
        for secret in secrets {
            webhooks = webhooks.secret(endpoint, secret);
        }
    }
    webhooks
        .public_url("twilio", public_url)
        .public_url("square", public_url)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", dev_secrets::port())).await?;
    let address = listener.local_addr()?;
    let public_url =
        std::env::var("WEBHOOK_PUBLIC_URL").unwrap_or_else(|_| format!("http://{address}"));
    let webhooks = router![
        stripe,
        github,
        slack,
        shopify,
        gitlab,
        standard_webhooks,
        discord,
        discord_events,
        twilio,
        typeform,
        linear,
        paddle,
        square,
        zoom,
        twitch,
        mailgun,
        sendgrid
    ];
    let app: axum::Router = with_secrets(webhooks, &public_url).into_router()?;
    println!("listening on http://{address}/webhooks/{{provider}} (public URL {public_url})");
    axum::serve(listener, app).await?;
    Ok(())
}
