//! Why a router could not be built.

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
    /// The endpoint's provider signs the URL it calls, and no public URL is set.
    #[error(
        "no public URL for endpoint `{endpoint}`: {provider} signs the URL it calls, which \
         this server cannot see; call `.public_url(\"{endpoint}\", \"https://your.host\")` \
         or set `public_url` under `[endpoints.{endpoint}]` in webhook.toml"
    )]
    MissingPublicUrl {
        /// The endpoint's name.
        endpoint: String,
        /// Its provider.
        provider: &'static str,
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
    /// A handler asks for queued mode, but the router has no store.
    #[error(
        "handler `{handler}` asks for `mode = \"queued\"`, which needs a store: call `.store(…)` \
         (and `.start(state)` to run the workers)"
    )]
    QueuedWithoutStore {
        /// The handler fn's name.
        handler: &'static str,
    },
    /// Queued deliveries need workers, which `into_router` does not start.
    #[error("this router queues deliveries, which needs workers: build it with `.start(state)` instead of `.into_router()`")]
    NeedsWorkers,
    /// The file log could not be opened.
    #[error("cannot open the file log at {path}: {reason}; check that its directory is writable")]
    FileLog {
        /// The file's path.
        path: String,
        /// What the operating system said.
        reason: String,
    },
    /// The configuration has a `[log] file`, and `webhook` was built without the
    /// `file-log` feature.
    #[error("the configuration's `[log] file` needs the `file-log` feature of `webhook`: enable it in Cargo.toml")]
    FileLogDisabled,
    /// The router was given a store and a file log.
    #[error("this router has a store and a file log: the store already logs every request, keep one of them")]
    StoreAndFileLog,
    /// `router![]` was given no handlers.
    #[error("the router has no handlers")]
    NoHandlers,
}
