//! The list of built-in providers, written once.

use crate::Catalog;

/// Calls `$callback!` with every built-in provider, one row each, in the order messages
/// list them. It is the one list of built-in providers: the runtime derives its
/// provider modules, their re-exports and the paths generated code names from it, and
/// this crate derives [`BUILTIN`] (which the macros read) and [`ALL`](crate::ALL).
/// Adding a provider means a folder in `webhook/src/providers/`, a row here and a
/// feature in `webhook/Cargo.toml` (a test in `webhook` checks that the three agree).
///
/// A row: the name written in `provider = "…"`, which is also its module's name; the
/// Cargo feature of `webhook` that enables it; its provider type; its catalog in
/// brackets, or `[]` for a provider that publishes none.
#[doc(hidden)]
#[macro_export]
macro_rules! with_builtin_providers {
    ($callback:ident) => {
        $callback! {
            stripe "stripe" Stripe [STRIPE],
            github "github" GitHub [GITHUB],
            slack "slack" Slack [SLACK],
            shopify "shopify" Shopify [SHOPIFY],
            gitlab "gitlab" GitLab [GITLAB],
            standard_webhooks "standard-webhooks" StandardWebhooks [],
            discord "discord" Discord [DISCORD],
            discord_events "discord" DiscordEvents [DISCORD_EVENTS],
            twilio "twilio" Twilio [],
            typeform "typeform" Typeform [],
            linear "linear" Linear [LINEAR],
            paddle "paddle" Paddle [PADDLE],
            square "square" Square [SQUARE],
            zoom "zoom" Zoom [ZOOM],
            twitch "twitch" Twitch [TWITCH],
            mailgun "mailgun" Mailgun [],
            sendgrid "sendgrid" SendGrid [],
            meta "meta" Meta [],
            google_forms "google-forms" GoogleForms [GOOGLE_FORMS],
            intercom "intercom" Intercom [],
            bitbucket "bitbucket" Bitbucket [],
            sentry "sentry" Sentry [SENTRY],
            vercel "vercel" Vercel [],
            lemon_squeezy "lemon-squeezy" LemonSqueezy [],
            razorpay "razorpay" Razorpay [],
            coinbase_commerce "coinbase-commerce" CoinbaseCommerce [COINBASE_COMMERCE],
            segment "segment" Segment [SEGMENT],
            jira "jira" Jira [],
            gitea "gitea" Gitea [],
            cal_com "cal-com" CalCom [],
            circleci "circleci" CircleCi [CIRCLECI],
            pagerduty "pagerduty" PagerDuty [],
            clerk "clerk" Clerk [],
            resend "resend" Resend [],
            openai "openai" OpenAi [],
            mux "mux" Mux [],
            calendly "calendly" Calendly [],
            telegram "telegram" Telegram [],
            postmark "postmark" Postmark [],
        }
    };
}

/// A built-in provider, as the macros see it.
#[derive(Debug)]
pub struct Builtin {
    /// The name written in `provider = "…"`, and its module's name.
    pub name: &'static str,
    /// The Cargo feature of `webhook` that enables it.
    pub feature: &'static str,
    /// The provider type's name.
    pub type_name: &'static str,
    /// Its event catalog, if the provider publishes one.
    pub catalog: Option<&'static Catalog>,
}

impl Builtin {
    /// The built-in provider named `name`.
    pub fn by_name(name: &str) -> Option<&'static Builtin> {
        BUILTIN.iter().find(|builtin| builtin.name == name)
    }
}

macro_rules! some_catalog {
    () => {
        None
    };
    ($catalog:ident) => {
        Some(&crate::$catalog)
    };
}

macro_rules! builtin_index {
    ($($name:ident $feature:literal $type:ident [$($catalog:ident)?],)*) => {
        /// Every built-in provider, in the order messages list them.
        pub static BUILTIN: &[Builtin] = &[$(
            Builtin {
                name: stringify!($name),
                feature: $feature,
                type_name: stringify!($type),
                catalog: some_catalog!($($catalog)?),
            },
        )*];

        /// Every built-in provider's name, in the order messages list them.
        pub static BUILTIN_NAMES: &[&str] = &[$(stringify!($name),)*];

        /// Every built-in catalog, in the order providers are listed in messages.
        pub static ALL: &[&Catalog] = &[$($(&crate::$catalog,)?)*];
    };
}

with_builtin_providers!(builtin_index);
