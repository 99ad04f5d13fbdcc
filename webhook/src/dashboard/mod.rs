//! A dashboard of the store's deliveries, as an axum [`Router`] nested in your own app:
//! list and filter what arrived, read one delivery (headers redacted as stored, body
//! escaped), replay one or every delivery of a filter, watch new ones arrive live, and
//! see volume and failures per provider over the last day.
//!
//! ```no_run
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! use std::net::SocketAddr;
//! use webhook::dashboard::{Dashboard, Policy};
//!
//! let store = webhook::store::open("sqlite://webhooks.db").await?;
//! let app = axum::Router::new().nest(
//!     "/ops/webhooks",
//!     // No policy: loopback clients only. Here: a bearer token.
//!     Dashboard::new(store).policy(Policy::bearer_token("a long random token")).into_router(),
//! );
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await?;
//! // The peer address is what the default policy checks.
//! axum::serve(listener, app.into_make_service_with_connect_info::<SocketAddr>()).await?;
//! # Ok(()) }
//! ```
//!
//! # Safe by default
//!
//! - **Access**: with no [`Policy`], only loopback clients get in; everyone else gets a
//!   `403` page saying why. A policy decides admin, read-only or forbidden per request.
//! - **Changes** (`POST`: replays) need admin access, a CSRF token from the dashboard's
//!   own page, and a same-origin request (`Sec-Fetch-Site`, else `Origin`).
//! - **Secrets**: headers are shown exactly as the store kept them, signatures, tokens
//!   and credentials already [redacted](crate::store::Redaction); bodies are escaped,
//!   so a payload with markup stays text.
//! - **Pages**: a strict `Content-Security-Policy` (no inline script, nothing from
//!   another origin), no framing, no referrer. Everything but the live tail works with
//!   JavaScript off.
//!
//! Every link is built from the path the dashboard is nested at, so it works under any
//! prefix.

mod access;
mod assets;
mod csrf;
mod guard;
mod jobs;
mod pages;
mod query;
mod routes;
mod tail;

use std::sync::Arc;

use axum::routing::{get, post};
use axum::Router;

pub use access::{Access, Policy};

use crate::store::Store;

/// Builds the dashboard's router; see the [module docs](self).
#[derive(Debug)]
pub struct Dashboard {
    store: Arc<dyn Store>,
    policy: Policy,
    title: String,
}

impl Dashboard {
    /// A dashboard of `store`'s deliveries, open to loopback clients only.
    pub fn new(store: Arc<dyn Store>) -> Self {
        Dashboard {
            store,
            policy: Policy::default(),
            title: "Webhooks".to_owned(),
        }
    }

    /// Who may see it, and who may replay: see [`Policy`].
    pub fn policy(mut self, policy: Policy) -> Self {
        self.policy = policy;
        self
    }

    /// The name in the pages' header and titles (default `Webhooks`).
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// The router: nest it anywhere (`app.nest("/ops/webhooks", router)`), or serve it
    /// at the root.
    pub fn into_router(self) -> Router {
        let Dashboard {
            store,
            policy,
            title,
        } = self;
        let shared = Arc::new(Shared {
            store,
            policy,
            title,
            csrf: csrf::CsrfKey::random(),
            jobs: jobs::Jobs::default(),
        });
        Router::new()
            .route("/", get(routes::list))
            .route("/deliveries/{id}", get(routes::detail))
            .route("/deliveries/{id}/replay", post(routes::replay_one))
            .route(
                "/replay",
                get(routes::bulk_dry_run).post(routes::bulk_replay),
            )
            .route("/charts", get(routes::charts))
            .route("/tail", get(tail::tail))
            .route("/assets/{name}", get(routes::asset))
            .fallback(routes::not_found)
            .layer(axum::middleware::from_fn_with_state(
                Arc::clone(&shared),
                guard::guard,
            ))
            .with_state(shared)
    }
}

/// What every handler reads.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) policy: Policy,
    pub(crate) title: String,
    pub(crate) csrf: csrf::CsrfKey,
    pub(crate) jobs: jobs::Jobs,
}
