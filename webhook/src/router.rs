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
use crate::endpoint::{Endpoint, Limits, Registered};
use crate::handler::Handler;
use crate::provider::Provider;
use crate::rate_limit::{Limiter, RateLimit};
use crate::secret::{split_secret_list, Secret};

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

/// Why a router could not be built. Raised at startup, never at request time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum BuildError {
    /// An endpoint has no secret.
    #[error(
        "no secret for endpoint `{endpoint}`: set {variable} (comma-separated for several) \
         and call `.secrets_from_env()`, or call `.secret(\"{endpoint}\", …)`"
    )]
    MissingSecret {
        /// The endpoint's name (the provider's name for its default endpoint).
        endpoint: String,
        /// The environment variable that would hold it.
        variable: String,
    },
    /// A secret could not be decoded for its provider.
    #[error("invalid secret for endpoint `{endpoint}`: {reason}")]
    InvalidSecret {
        /// The endpoint's name.
        endpoint: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A setter named an endpoint this router does not have.
    #[error("this router has no endpoint `{name}`{hint}")]
    UnknownEndpoint {
        /// The name as given.
        name: String,
        /// `; did you mean …?`, or the list of endpoints.
        hint: String,
    },
    /// `.endpoint(name, provider)` named a provider no handler uses.
    #[error("endpoint `{endpoint}`: no handler in this router uses provider `{provider}`{hint}")]
    UnknownProvider {
        /// The endpoint's name.
        endpoint: String,
        /// The provider as given.
        provider: String,
        /// `; did you mean …?`, or the list of providers in use.
        hint: String,
    },
    /// A handler is restricted to an endpoint its provider does not have.
    #[error("handler `{handler}` names endpoint `{endpoint}`, which is not a `{provider}` endpoint of this router")]
    HandlerEndpoint {
        /// The handler fn's name.
        handler: &'static str,
        /// The endpoint it names.
        endpoint: &'static str,
        /// Its provider.
        provider: &'static str,
    },
    /// A path is not usable as a route.
    #[error("invalid path `{path}` for endpoint `{endpoint}`: paths start with `/`")]
    InvalidPath {
        /// The endpoint's name.
        endpoint: String,
        /// The path as given.
        path: String,
    },
    /// Two endpoints ended up on the same path.
    #[error("endpoints `{first}` and `{second}` both use the path `{path}`")]
    DuplicatePath {
        /// The path.
        path: String,
        /// One endpoint.
        first: String,
        /// The other endpoint.
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
            extra_endpoints: Vec::new(),
            settings: BTreeMap::new(),
            read_timeout: DEFAULT_READ_TIMEOUT,
            handler_timeout: DEFAULT_HANDLER_TIMEOUT,
            fallback: true,
            rate_limit: None,
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
    pub fn into_router(mut self) -> Result<axum::Router<S>, BuildError> {
        if self.groups.is_empty() {
            return Err(BuildError::NoHandlers);
        }
        self.check_names()?;
        let mut router = axum::Router::new();
        let mut paths: Vec<(String, String)> = Vec::new();
        let limits = |settings: &Settings| Limits {
            body: settings.body_limit.unwrap_or(DEFAULT_BODY_LIMIT),
            read_timeout: self.read_timeout,
            handler_timeout: self.handler_timeout,
        };
        for group in std::mem::take(&mut self.groups) {
            let plans = self.plans_for(group.provider(), group.secret_env());
            for plan in &plans {
                if !plan.path.starts_with('/') {
                    return Err(BuildError::InvalidPath {
                        endpoint: plan.name.clone(),
                        path: plan.path.clone(),
                    });
                }
                if let Some((_, first)) = paths.iter().find(|(taken, _)| *taken == plan.path) {
                    return Err(BuildError::DuplicatePath {
                        path: plan.path.clone(),
                        first: first.clone(),
                        second: plan.name.clone(),
                    });
                }
                paths.push((plan.path.clone(), plan.name.clone()));
            }
            let plans = plans
                .into_iter()
                .map(|plan| (limits(&plan.settings), plan))
                .collect();
            for (path, route) in group.into_routes(plans)? {
                router = router.route(&path, route);
            }
        }
        if let Some(limit) = self.rate_limit.take() {
            let limiter = Limiter::new(limit);
            router = router.route_layer(axum::middleware::from_fn(move |request, next| {
                Arc::clone(&limiter).enforce(request, next)
            }));
        }
        if self.fallback {
            router = router.fallback(crate::response::not_found);
        }
        Ok(router)
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

/// One provider's handlers, with the provider type erased so a router can hold several.
trait Group<S>: Send + Sync {
    fn provider(&self) -> &'static str;
    fn secret_env(&self) -> &'static str;
    fn as_any(&self) -> &dyn Any;
    fn as_any_mut(&mut self) -> &mut dyn Any;
    fn into_routes(
        self: Box<Self>,
        plans: Vec<(Limits, EndpointPlan)>,
    ) -> Result<Vec<(String, MethodRouter<S>)>, BuildError>;
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

    fn into_routes(
        self: Box<Self>,
        plans: Vec<(Limits, EndpointPlan)>,
    ) -> Result<Vec<(String, MethodRouter<S>)>, BuildError> {
        for handler in &self.handlers {
            if let Some(endpoint) = handler.info.endpoint {
                if !plans.iter().any(|(_, plan)| plan.name == endpoint) {
                    return Err(BuildError::HandlerEndpoint {
                        handler: handler.info.name,
                        endpoint,
                        provider: P::NAME,
                    });
                }
            }
        }
        plans
            .into_iter()
            .map(|(limits, plan)| self.route(plan, limits))
            .collect()
    }
}

impl<P: Provider, S: Clone + Send + Sync + 'static> ProviderGroup<P, S> {
    /// The route of one endpoint, with the handlers that serve it.
    fn route(
        &self,
        plan: EndpointPlan,
        limits: Limits,
    ) -> Result<(String, MethodRouter<S>), BuildError> {
        let EndpointPlan {
            name,
            variable,
            path,
            settings,
        } = plan;
        if settings.secrets.is_empty() {
            return Err(BuildError::MissingSecret {
                endpoint: name,
                variable,
            });
        }
        let secrets = settings
            .secrets
            .iter()
            .map(|secret| {
                let text = std::str::from_utf8(secret.expose()).unwrap_or_default();
                P::decode_secret(text).map_err(|reason| BuildError::InvalidSecret {
                    endpoint: name.clone(),
                    reason,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let handlers: Vec<Registered<P, S>> = self
            .handlers
            .iter()
            .filter(|h| h.info.endpoint.is_none_or(|only| only == name))
            .cloned()
            .collect();
        let table = DispatchTable::new(handlers.iter().map(|h| h.info.pattern));
        let endpoint = Arc::new(Endpoint::<P, S> {
            name,
            secrets,
            tolerance: settings.tolerance.unwrap_or(P::DEFAULT_TOLERANCE),
            public_url: settings.public_url,
            limits,
            handlers,
            table,
        });
        let route = post(move |State(state): State<S>, request: Request| {
            Arc::clone(&endpoint).handle(state, request)
        })
        .fallback(crate::response::method_not_allowed);
        Ok((path, route))
    }
}
