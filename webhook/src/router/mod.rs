//! [`Webhooks`]: the builder `router![…]` returns, turned into an `axum::Router`.
//!
//! ```no_run
//! use webhook::{router, webhook, stripe, github};
//!
//! #[webhook(provider = "stripe", event = "invoice.paid")]
//! async fn invoice_paid(event: stripe::Event<stripe::Invoice>) {
//!     println!("paid: {}", event.id);
//! }
//!
//! #[webhook(provider = "github", event = "push")]
//! async fn pushed(event: github::Event<github::PushEvent>) {
//!     println!("push to {}", event.payload.git_ref);
//! }
//!
//! # fn main() -> Result<(), webhook::BuildError> {
//! let app: axum::Router = router![invoice_paid, pushed]
//!     .prefix("/hooks")                     // default: /webhooks
//!     .path("github", "/gh")                // default: {prefix}/{provider}
//!     .secret("stripe", "whsec_current")
//!     .secret("stripe", "whsec_previous")   // rotation: any may match
//!     .secrets_from_env()?                  // GITHUB_WEBHOOK_SECRET, comma-separated
//!     .into_router()?;
//! # Ok(()) }
//! ```

mod build;
#[cfg(feature = "config")]
mod config;
mod dispatcher;
#[cfg(feature = "store")]
mod durable;
mod error;
#[cfg(feature = "file-log")]
mod file_log;

use std::any::TypeId;
use std::collections::BTreeMap;
use std::marker::PhantomData;
use std::time::Duration;

pub use dispatcher::Dispatcher;
#[cfg(feature = "store")]
pub use durable::{DEFAULT_LEASE, DEFAULT_WORKERS};
pub use error::BuildError;

use crate::endpoint::Registered;
use crate::handler::Handler;
use crate::rate_limit::RateLimit;
use crate::secret::{split_secret_list, Secret};
use build::{Group, ProviderGroup};

/// Default body limit per endpoint: 1 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;
/// Default time to receive a whole body.
pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Default time a handler may run.
pub const DEFAULT_HANDLER_TIMEOUT: Duration = Duration::from_secs(30);

/// A set of handlers and their endpoint settings, built by `router![…]`.
///
/// Each provider the handlers use gets one endpoint, named after the provider
/// (`"stripe"`), at `{prefix}/{name}`. [`endpoint`](Webhooks::endpoint) adds more (two
/// Stripe accounts; an account and Connect), each with its own path and secrets. Every
/// setter takes an endpoint name; a name that is not an endpoint of this router is
/// reported by [`into_router`](Webhooks::into_router).
pub struct Webhooks<S = ()> {
    prefix: String,
    groups: Vec<Box<dyn Group<S>>>,
    /// Extra endpoints: (endpoint name, provider name).
    extra_endpoints: Vec<(String, String)>,
    settings: BTreeMap<String, Settings>,
    read_timeout: Duration,
    handler_timeout: Duration,
    fallback: bool,
    rate_limit: Option<RateLimit>,
    #[cfg(feature = "store")]
    durable: Option<durable::DurableSettings>,
    #[cfg(feature = "file-log")]
    file_log: Option<crate::file_log::FileLog>,
}

impl<S> std::fmt::Debug for Webhooks<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let providers: Vec<&str> = self.groups.iter().map(|g| g.provider()).collect();
        f.debug_struct("Webhooks")
            .field("prefix", &self.prefix)
            .field("providers", &providers)
            .field("extra_endpoints", &self.extra_endpoints)
            .field("settings", &self.settings)
            .finish()
    }
}

/// Settings of one endpoint.
#[derive(Debug, Default, Clone)]
struct Settings {
    path: Option<String>,
    secrets: Vec<Secret>,
    tolerance: Option<Option<Duration>>,
    public_url: Option<String>,
    body_limit: Option<usize>,
}

/// One endpoint to build: its name, the variable its secrets come from, its settings.
struct EndpointPlan {
    name: String,
    variable: String,
    path: String,
    settings: Settings,
}

impl<S: Clone + Send + Sync + 'static> Default for Webhooks<S> {
    fn default() -> Self {
        Self::new()
    }
}

impl<S: Clone + Send + Sync + 'static> Webhooks<S> {
    /// An empty set of handlers with the default prefix `/webhooks`.
    pub fn new() -> Self {
        Webhooks {
            prefix: "/webhooks".to_owned(),
            groups: Vec::new(),
            extra_endpoints: Vec::new(),
            settings: BTreeMap::new(),
            read_timeout: DEFAULT_READ_TIMEOUT,
            handler_timeout: DEFAULT_HANDLER_TIMEOUT,
            fallback: true,
            rate_limit: None,
            #[cfg(feature = "store")]
            durable: None,
            #[cfg(feature = "file-log")]
            file_log: None,
        }
    }

    /// Adds the handler `H` (the hidden struct `#[webhook]` generates). `router![…]`
    /// calls this for each path it is given.
    pub fn handler<H: Handler<S>>(mut self) -> Self {
        let registered = Registered::<H::Provider, S> {
            info: H::INFO,
            call: H::call,
        };
        let wanted = TypeId::of::<ProviderGroup<H::Provider, S>>();
        let existing = self
            .groups
            .iter()
            .position(|group| group.as_any().type_id() == wanted);
        let index = existing.unwrap_or_else(|| {
            self.groups.push(Box::new(ProviderGroup::<H::Provider, S> {
                handlers: Vec::new(),
                marker: PhantomData,
            }));
            self.groups.len() - 1
        });
        if let Some(group) = self.groups[index]
            .as_any_mut()
            .downcast_mut::<ProviderGroup<H::Provider, S>>()
        {
            group.handlers.push(registered);
        }
        self
    }

    /// Sets the path prefix every default path starts with (default `/webhooks`).
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into().trim_end_matches('/').to_owned();
        self
    }

    /// Adds an endpoint `name` for `provider` besides its default one (a second Stripe
    /// account, Stripe Connect): its own path (default `{prefix}/{name}`) and secrets
    /// (set in code, or from `{NAME}_WEBHOOK_SECRET`, the name upper-cased with `-`
    /// as `_`). The provider's handlers serve every one of its endpoints unless their
    /// attribute names one (`endpoint = "…"`); [`Delivery::endpoint`](crate::Delivery)
    /// says which received a delivery.
    pub fn endpoint(mut self, name: &str, provider: &str) -> Self {
        self.extra_endpoints
            .push((name.to_owned(), provider.to_owned()));
        self
    }

    /// Sets one endpoint's full path (default `{prefix}/{name}`).
    pub fn path(mut self, endpoint: &str, path: impl Into<String>) -> Self {
        self.settings_mut(endpoint).path = Some(path.into());
        self
    }

    /// Adds a secret for an endpoint. Call it again to add more: during a rotation any
    /// configured secret may match, and [`Delivery::secret_index`](crate::Delivery)
    /// says which one did.
    pub fn secret(mut self, endpoint: &str, secret: &str) -> Self {
        self.settings_mut(endpoint)
            .secrets
            .push(Secret::new(secret.as_bytes()));
        self
    }

    /// Sets the timestamp tolerance of an endpoint whose provider signs timestamps
    /// (Stripe: default 300 s). `None` disables the check.
    pub fn tolerance(mut self, endpoint: &str, tolerance: Option<Duration>) -> Self {
        self.settings_mut(endpoint).tolerance = Some(tolerance);
        self
    }

    /// Sets the public URL a provider calls, for schemes that sign it (Twilio, Square):
    /// behind a proxy the URL the server sees differs from the one the provider signed.
    pub fn public_url(mut self, endpoint: &str, url: impl Into<String>) -> Self {
        self.settings_mut(endpoint).public_url = Some(url.into());
        self
    }

    /// Sets the largest body an endpoint accepts (default 1 MiB).
    pub fn body_limit(mut self, endpoint: &str, bytes: usize) -> Self {
        self.settings_mut(endpoint).body_limit = Some(bytes);
        self
    }

    /// Sets how long a request may take to send its whole body (default 10 s); a
    /// slower one is answered `408`.
    pub fn read_timeout(mut self, timeout: Duration) -> Self {
        self.read_timeout = timeout;
        self
    }

    /// Sets how long one handler may run (default 30 s); a slower one counts as failed
    /// (`500`, so the provider retries).
    pub fn handler_timeout(mut self, timeout: Duration) -> Self {
        self.handler_timeout = timeout;
        self
    }

    /// Limits request rates per client IP and overall; over-limit requests get `429`
    /// with `Retry-After` before their body is read. See [`RateLimit`].
    pub fn rate_limit(mut self, limit: RateLimit) -> Self {
        self.rate_limit = Some(limit);
        self
    }

    /// Leaves out the `404` fallback `into_router` adds for unknown paths, for merging
    /// into a router that has a fallback of its own (axum refuses two).
    pub fn without_fallback(mut self) -> Self {
        self.fallback = false;
        self
    }

    /// Reads secrets from each endpoint's variable (`STRIPE_WEBHOOK_SECRET`,
    /// `GITHUB_WEBHOOK_SECRET`, …; comma-separated for several) for every endpoint that
    /// has none set in code.
    ///
    /// Fails, naming the variable, when an endpoint has neither.
    pub fn secrets_from_env(self) -> Result<Self, BuildError> {
        self.secrets_from(|name| std::env::var(name).ok())
    }

    /// Like [`secrets_from_env`](Self::secrets_from_env), reading variables through
    /// `lookup` (for tests and configuration files).
    pub fn secrets_from(
        mut self,
        mut lookup: impl FnMut(&str) -> Option<String>,
    ) -> Result<Self, BuildError> {
        for (endpoint, variable) in self.endpoint_variables() {
            if !self.settings_mut(&endpoint).secrets.is_empty() {
                continue;
            }
            let value = lookup(&variable).unwrap_or_default();
            let secrets: Vec<Secret> = split_secret_list(&value)
                .map(|item| Secret::new(item.as_bytes()))
                .collect();
            if secrets.is_empty() {
                return Err(BuildError::MissingSecret { endpoint, variable });
            }
            self.settings_mut(&endpoint).secrets = secrets;
        }
        Ok(self)
    }

    /// Builds the `axum::Router`: one `POST` route per endpoint. It merges, nests and
    /// takes layers like any router; give it its state with `.with_state(…)`.
    ///
    /// With a [store](Webhooks::store), deliveries are logged and deduplicated and
    /// handlers run inline; queued handlers need workers, which need the state: use
    /// [`start`](Webhooks::start) instead.
    pub fn into_router(self) -> Result<axum::Router<S>, BuildError> {
        let journal = self.journal_without_workers()?;
        Ok(self.build(journal)?.router)
    }

    /// Without the `store` feature there is never a journal.
    #[cfg(not(feature = "store"))]
    pub(crate) fn journal_without_workers(
        &self,
    ) -> Result<Option<std::sync::Arc<crate::durable::Journal>>, BuildError> {
        Ok(None)
    }

    /// Without the `file-log` feature there is never a file log.
    #[cfg(not(feature = "file-log"))]
    pub(crate) fn open_file_log(
        &self,
        _has_store: bool,
    ) -> Result<Option<std::sync::Arc<crate::endpoint::FileLogger>>, BuildError> {
        Ok(None)
    }

    /// Every endpoint name with the variable its secrets come from.
    fn endpoint_variables(&self) -> Vec<(String, String)> {
        let mut names = Vec::new();
        for group in &self.groups {
            names.push((group.provider().to_owned(), group.secret_env().to_owned()));
        }
        for (name, _) in &self.extra_endpoints {
            names.push((name.clone(), secret_variable(name)));
        }
        names
    }

    /// Rule: every setter and `.endpoint(…)` names something this router has.
    fn check_names(&self) -> Result<(), BuildError> {
        let providers: Vec<&'static str> = self.groups.iter().map(|g| g.provider()).collect();
        for (endpoint, provider) in &self.extra_endpoints {
            if !providers.contains(&provider.as_str()) {
                return Err(BuildError::UnknownProvider {
                    endpoint: endpoint.clone(),
                    provider: provider.clone(),
                    hint: webhook_catalog::suggest::hint(provider, providers.iter().copied()),
                });
            }
        }
        let endpoints: Vec<String> = self
            .endpoint_variables()
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        if let Some(unknown) = self.settings.keys().find(|name| !endpoints.contains(name)) {
            return Err(BuildError::UnknownEndpoint {
                name: unknown.clone(),
                hint: webhook_catalog::suggest::hint(unknown, endpoints.iter().map(String::as_str)),
            });
        }
        Ok(())
    }

    /// The endpoints of one provider: its default one, then any added with `endpoint`.
    fn plans_for(&self, provider: &'static str, variable: &'static str) -> Vec<EndpointPlan> {
        let mut names = vec![(provider.to_owned(), variable.to_owned())];
        for (name, of) in &self.extra_endpoints {
            if of == provider {
                names.push((name.clone(), secret_variable(name)));
            }
        }
        names
            .into_iter()
            .map(|(name, variable)| {
                let settings = self.settings.get(&name).cloned().unwrap_or_default();
                let path = settings
                    .path
                    .clone()
                    .unwrap_or_else(|| format!("{}/{name}", self.prefix));
                EndpointPlan {
                    name,
                    variable,
                    path,
                    settings,
                }
            })
            .collect()
    }

    fn settings_mut(&mut self, endpoint: &str) -> &mut Settings {
        self.settings.entry(endpoint.to_owned()).or_default()
    }
}

/// `stripe-connect` → `STRIPE_CONNECT_WEBHOOK_SECRET`.
fn secret_variable(endpoint: &str) -> String {
    let stem: String = endpoint
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    format!("{stem}_WEBHOOK_SECRET")
}
