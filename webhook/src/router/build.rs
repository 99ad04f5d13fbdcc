//! Turning a [`Webhooks`] into routes: one endpoint per provider (and per extra
//! endpoint), each with its secrets decoded, its handlers and its dispatch table.

use std::any::Any;
use std::collections::HashMap;
use std::marker::PhantomData;
use std::sync::Arc;

use axum::routing::{post, MethodRouter};

use super::{BuildError, EndpointPlan, Settings, Webhooks, DEFAULT_BODY_LIMIT};
use crate::dispatch::DispatchTable;
use crate::durable::Journal;
use crate::endpoint::{AnyEndpoint, Endpoint, FileLogger, Limits, Registered, Serve, ServeGet};
use crate::provider::Provider;
use crate::rate_limit::Limiter;

/// A built router and what its workers need.
pub(crate) struct Built<S> {
    pub(crate) router: axum::Router<S>,
    /// Every endpoint by name, for the workers and the dispatcher.
    pub(crate) endpoints: HashMap<String, Arc<dyn AnyEndpoint<S>>>,
}

impl<S: Clone + Send + Sync + 'static> Webhooks<S> {
    /// Builds the routes and endpoints, journaling through `journal` when given.
    pub(crate) fn build(mut self, journal: Option<Arc<Journal>>) -> Result<Built<S>, BuildError> {
        if self.groups.is_empty() {
            return Err(BuildError::NoHandlers);
        }
        self.check_names()?;
        self.check_modes(journal.is_some())?;
        let file_log = self.open_file_log(journal.is_some())?;
        let mut router = axum::Router::new();
        let mut endpoints: HashMap<String, Arc<dyn AnyEndpoint<S>>> = HashMap::new();
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
            for built in group.into_routes(plans, journal.clone(), file_log.clone())? {
                router = router.route(&built.path, built.route);
                endpoints.insert(built.name, built.endpoint);
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
        Ok(Built { router, endpoints })
    }

    /// Rule: `mode = "queued"` needs a store to queue in.
    fn check_modes(&self, has_store: bool) -> Result<(), BuildError> {
        if has_store {
            return Ok(());
        }
        for group in &self.groups {
            if let Some(handler) = group.queued_handler() {
                return Err(BuildError::QueuedWithoutStore { handler });
            }
        }
        Ok(())
    }
}

/// One endpoint's route and its erased endpoint.
pub(crate) struct BuiltEndpoint<S> {
    name: String,
    path: String,
    route: MethodRouter<S>,
    endpoint: Arc<dyn AnyEndpoint<S>>,
}

/// One provider's handlers, with the provider type erased so a router can hold several.
pub(super) trait Group<S>: Send + Sync {
    fn provider(&self) -> &'static str;
    fn secret_env(&self) -> &'static str;
    fn as_any(&self) -> &dyn Any;
    fn as_any_mut(&mut self) -> &mut dyn Any;
    /// The name of a handler whose attribute asks for queued mode, if any.
    fn queued_handler(&self) -> Option<&'static str>;
    fn into_routes(
        self: Box<Self>,
        plans: Vec<(Limits, EndpointPlan)>,
        journal: Option<Arc<Journal>>,
        file_log: Option<Arc<FileLogger>>,
    ) -> Result<Vec<BuiltEndpoint<S>>, BuildError>;
}

pub(super) struct ProviderGroup<P: Provider, S> {
    pub(super) handlers: Vec<Registered<P, S>>,
    pub(super) marker: PhantomData<fn() -> S>,
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

    fn queued_handler(&self) -> Option<&'static str> {
        self.handlers
            .iter()
            .find(|h| h.info.mode == Some(crate::handler::Mode::Queued))
            .map(|h| h.info.name)
    }

    fn into_routes(
        self: Box<Self>,
        plans: Vec<(Limits, EndpointPlan)>,
        journal: Option<Arc<Journal>>,
        file_log: Option<Arc<FileLogger>>,
    ) -> Result<Vec<BuiltEndpoint<S>>, BuildError> {
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
            .map(|(limits, plan)| self.route(plan, limits, journal.clone(), file_log.clone()))
            .collect()
    }
}

impl<P: Provider, S: Clone + Send + Sync + 'static> ProviderGroup<P, S> {
    /// The route of one endpoint, with the handlers that serve it.
    fn route(
        &self,
        plan: EndpointPlan,
        limits: Limits,
        journal: Option<Arc<Journal>>,
        file_log: Option<Arc<FileLogger>>,
    ) -> Result<BuiltEndpoint<S>, BuildError> {
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
        if P::SIGNS_URL && settings.public_url.is_none() {
            return Err(BuildError::MissingPublicUrl {
                endpoint: name,
                provider: P::NAME,
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
            name: name.clone(),
            secrets,
            tolerance: settings.tolerance.unwrap_or(P::DEFAULT_TOLERANCE),
            public_url: settings.public_url,
            limits,
            handlers,
            table,
            journal,
            file_log,
        });
        let mut route = post(Serve(Arc::clone(&endpoint)));
        if P::ANSWERS_GET {
            // The one kind of endpoint that answers a GET: its provider's handshake.
            route = route.get(ServeGet(Arc::clone(&endpoint)));
        }
        let route = route.fallback(crate::response::method_not_allowed);
        Ok(BuiltEndpoint {
            name,
            path,
            route,
            endpoint,
        })
    }
}
