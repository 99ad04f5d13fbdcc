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

use std::any::{Any, TypeId};
use std::collections::BTreeMap;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::routing::{post, MethodRouter};

use crate::dispatch::DispatchTable;
use crate::endpoint::{Endpoint, Registered};
use crate::handler::Handler;
use crate::provider::Provider;
use crate::secret::{split_secret_list, Secret};

/// Default body limit per endpoint: 1 MiB.
pub const DEFAULT_BODY_LIMIT: usize = 1024 * 1024;

/// A set of handlers and their endpoint settings, built by `router![…]`.
///
/// Every setter that names a provider takes its attribute name (`"stripe"`); a name no
/// handler uses is reported by [`into_router`](Webhooks::into_router).
pub struct Webhooks<S = ()> {
    prefix: String,
    groups: Vec<Box<dyn Group<S>>>,
    settings: BTreeMap<String, Settings>,
}

impl<S> std::fmt::Debug for Webhooks<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let providers: Vec<&str> = self.groups.iter().map(|g| g.provider()).collect();
        f.debug_struct("Webhooks")
            .field("prefix", &self.prefix)
            .field("providers", &providers)
            .field("settings", &self.settings)
            .finish()
    }
}

/// Settings of one provider's endpoint.
#[derive(Debug, Default, Clone)]
struct Settings {
    path: Option<String>,
    secrets: Vec<Secret>,
    tolerance: Option<Option<Duration>>,
    public_url: Option<String>,
    body_limit: Option<usize>,
}

/// Why a router could not be built. Raised at startup, never at request time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// A provider that handlers use has no secret.
    #[error(
        "no secret for provider `{provider}`: set {variable} (comma-separated for several) \
         and call `.secrets_from_env()`, or call `.secret(\"{provider}\", …)`"
    )]
    MissingSecret {
        /// The provider's name.
        provider: &'static str,
        /// The environment variable that would hold it.
        variable: &'static str,
    },
    /// A secret could not be decoded for its provider.
    #[error("invalid secret for provider `{provider}`{source_hint}: {reason}")]
    InvalidSecret {
        /// The provider's name.
        provider: &'static str,
        /// ` (from VAR)` when it came from the environment.
        source_hint: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A setter named a provider no handler in this router uses.
    #[error("no handler in this router uses provider `{name}`{hint}")]
    UnknownProvider {
        /// The name as given.
        name: String,
        /// `; did you mean …?`, or the list of providers in use.
        hint: String,
    },
    /// A path is not usable as a route.
    #[error("invalid path `{path}` for provider `{provider}`: paths start with `/`")]
    InvalidPath {
        /// The provider's name.
        provider: String,
        /// The path as given.
        path: String,
    },
    /// Two endpoints ended up on the same path.
    #[error("providers `{first}` and `{second}` both use the path `{path}`")]
    DuplicatePath {
        /// The path.
        path: String,
        /// One provider.
        first: String,
        /// The other provider.
        second: String,
    },
    /// `router![]` was given no handlers.
    #[error("the router has no handlers")]
    NoHandlers,
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
            settings: BTreeMap::new(),
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
        let index = match self
            .groups
            .iter()
            .position(|group| group.as_any().type_id() == wanted)
        {
            Some(index) => index,
            None => {
                self.groups.push(Box::new(ProviderGroup::<H::Provider, S> {
                    handlers: Vec::new(),
                    marker: PhantomData,
                }));
                self.groups.len() - 1
            }
        };
        let group = self.groups[index]
            .as_any_mut()
            .downcast_mut::<ProviderGroup<H::Provider, S>>()
            .expect("group type was matched by TypeId");
        group.handlers.push(registered);
        self
    }

    /// Sets the path prefix every default path starts with (default `/webhooks`).
    pub fn prefix(mut self, prefix: impl Into<String>) -> Self {
        self.prefix = prefix.into().trim_end_matches('/').to_owned();
        self
    }

    /// Sets one provider's full path (default `{prefix}/{provider}`).
    pub fn path(mut self, provider: &str, path: impl Into<String>) -> Self {
        self.settings_mut(provider).path = Some(path.into());
        self
    }

    /// Adds a secret for a provider. Call it again to add more: during a rotation any
    /// configured secret may match, and [`Delivery::secret_index`](crate::Delivery)
    /// says which one did.
    pub fn secret(mut self, provider: &str, secret: &str) -> Self {
        self.settings_mut(provider)
            .secrets
            .push(Secret::new(secret.as_bytes()));
        self
    }

    /// Sets the timestamp tolerance for a provider that signs timestamps (Stripe:
    /// default 300 s). `None` disables the check.
    pub fn tolerance(mut self, provider: &str, tolerance: Option<Duration>) -> Self {
        self.settings_mut(provider).tolerance = Some(tolerance);
        self
    }

    /// Sets the public URL a provider calls, for schemes that sign it (Twilio, Square):
    /// behind a proxy the URL the server sees differs from the one the provider signed.
    pub fn public_url(mut self, provider: &str, url: impl Into<String>) -> Self {
        self.settings_mut(provider).public_url = Some(url.into());
        self
    }

    /// Sets the largest body a provider's endpoint accepts (default 1 MiB).
    pub fn body_limit(mut self, provider: &str, bytes: usize) -> Self {
        self.settings_mut(provider).body_limit = Some(bytes);
        self
    }

    /// Reads secrets from each provider's variable (`STRIPE_WEBHOOK_SECRET`,
    /// `GITHUB_WEBHOOK_SECRET`, …; comma-separated for several) for every provider that
    /// has none set in code.
    ///
    /// Fails, naming the variable, when a provider has neither.
    pub fn secrets_from_env(self) -> Result<Self, BuildError> {
        self.secrets_from(|name| std::env::var(name).ok())
    }

    /// Like [`secrets_from_env`](Self::secrets_from_env), reading variables through
    /// `lookup` (for tests and configuration files).
    pub fn secrets_from(
        mut self,
        mut lookup: impl FnMut(&str) -> Option<String>,
    ) -> Result<Self, BuildError> {
        let wanted: Vec<(&'static str, &'static str)> = self
            .groups
            .iter()
            .map(|g| (g.provider(), g.secret_env()))
            .collect();
        for (provider, variable) in wanted {
            if !self.settings_mut(provider).secrets.is_empty() {
                continue;
            }
            let value = lookup(variable).unwrap_or_default();
            let secrets: Vec<Secret> = split_secret_list(&value)
                .map(|item| Secret::new(item.as_bytes()))
                .collect();
            if secrets.is_empty() {
                return Err(BuildError::MissingSecret { provider, variable });
            }
            self.settings_mut(provider).secrets = secrets;
        }
        Ok(self)
    }

    /// Builds the `axum::Router`: one `POST` route per provider. It merges, nests and
    /// takes layers like any router; give it its state with `.with_state(…)`.
    pub fn into_router(self) -> Result<axum::Router<S>, BuildError> {
        if self.groups.is_empty() {
            return Err(BuildError::NoHandlers);
        }
        let in_use: Vec<&'static str> = self.groups.iter().map(|g| g.provider()).collect();
        if let Some(unknown) = self
            .settings
            .keys()
            .find(|name| !in_use.contains(&name.as_str()))
        {
            return Err(BuildError::UnknownProvider {
                name: unknown.clone(),
                hint: webhook_catalog::suggest::hint(unknown, in_use.iter().copied()),
            });
        }
        let mut router = axum::Router::new();
        let mut paths: Vec<(String, &'static str)> = Vec::new();
        for group in self.groups {
            let provider = group.provider();
            let settings = self.settings.get(provider).cloned().unwrap_or_default();
            let path = settings
                .path
                .clone()
                .unwrap_or_else(|| format!("{}/{provider}", self.prefix));
            if !path.starts_with('/') {
                return Err(BuildError::InvalidPath {
                    provider: provider.to_owned(),
                    path,
                });
            }
            if let Some((_, first)) = paths.iter().find(|(taken, _)| *taken == path) {
                return Err(BuildError::DuplicatePath {
                    path,
                    first: (*first).to_owned(),
                    second: provider.to_owned(),
                });
            }
            let route = group.into_route(path.clone(), settings)?;
            router = router.route(&path, route);
            paths.push((path, provider));
        }
        Ok(router)
    }

    fn settings_mut(&mut self, provider: &str) -> &mut Settings {
        self.settings.entry(provider.to_owned()).or_default()
    }
}

/// One provider's handlers, with the provider type erased so a router can hold several.
trait Group<S>: Send + Sync {
    fn provider(&self) -> &'static str;
    fn secret_env(&self) -> &'static str;
    fn as_any(&self) -> &dyn Any;
    fn as_any_mut(&mut self) -> &mut dyn Any;
    fn into_route(
        self: Box<Self>,
        path: String,
        settings: Settings,
    ) -> Result<MethodRouter<S>, BuildError>;
}

struct ProviderGroup<P: Provider, S> {
    handlers: Vec<Registered<P, S>>,
    marker: PhantomData<fn() -> S>,
}

impl<P: Provider, S: Clone + Send + Sync + 'static> Group<S> for ProviderGroup<P, S> {
    fn provider(&self) -> &'static str {
        P::NAME
    }

    fn secret_env(&self) -> &'static str {
        P::SECRET_ENV
    }

    fn as_any(&self) -> &dyn Any {
        self
    }

    fn as_any_mut(&mut self) -> &mut dyn Any {
        self
    }

    fn into_route(
        self: Box<Self>,
        path: String,
        settings: Settings,
    ) -> Result<MethodRouter<S>, BuildError> {
        if settings.secrets.is_empty() {
            return Err(BuildError::MissingSecret {
                provider: P::NAME,
                variable: P::SECRET_ENV,
            });
        }
        let secrets = settings
            .secrets
            .iter()
            .map(|secret| {
                let text = std::str::from_utf8(secret.expose()).unwrap_or_default();
                P::decode_secret(text).map_err(|reason| BuildError::InvalidSecret {
                    provider: P::NAME,
                    source_hint: String::new(),
                    reason,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let table = DispatchTable::new(self.handlers.iter().map(|h| h.info.pattern));
        let endpoint = Arc::new(Endpoint::<P, S> {
            path,
            secrets,
            tolerance: settings.tolerance.unwrap_or(P::DEFAULT_TOLERANCE),
            public_url: settings.public_url,
            body_limit: settings.body_limit.unwrap_or(DEFAULT_BODY_LIMIT),
            handlers: self.handlers,
            table,
        });
        Ok(post(move |State(state): State<S>, request: Request| {
            Arc::clone(&endpoint).handle(state, request)
        }))
    }
}
