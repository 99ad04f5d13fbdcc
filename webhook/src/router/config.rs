//! [`Webhooks::configure`]: applying a [`Config`] through the builder's own setters.

use super::{BuildError, Webhooks};
use crate::config::{Config, EndpointConfig};
use crate::secret::split_secret_list;

impl<S: Clone + Send + Sync + 'static> Webhooks<S> {
    /// Applies `config` (see [`webhook::config`](crate::config)): the prefix, the
    /// timeouts, each `[endpoints.NAME]` table, the `[log]` table (a file log, feature
    /// `file-log`), and — when a [store](Webhooks::store)
    /// is set — the mode, retry policy, workers, lease and retention. What the config
    /// leaves out keeps its current value.
    ///
    /// Order matters where settings meet:
    /// - call [`store`](Webhooks::store) before: it resets the durable settings, and
    ///   without a store they are ignored ([`Config::open_store`] opens the configured
    ///   one);
    /// - declare extra endpoints before, or in the file (`provider = "…"`);
    /// - call [`secrets_from_env`](Webhooks::secrets_from_env) after, for the
    ///   endpoints the file gives no secret.
    ///
    /// Fails like [`into_router`](Webhooks::into_router) would, but now, when the
    /// config names an endpoint this router does not have
    /// ([`BuildError::UnknownEndpoint`]), an extra endpoint of a provider no handler
    /// uses ([`BuildError::UnknownProvider`]), or when the variable a `secret_env`
    /// names is unset ([`BuildError::MissingSecret`]).
    pub fn configure(mut self, config: &Config) -> Result<Self, BuildError> {
        let Config {
            prefix,
            mode,
            read_timeout,
            handler_timeout,
            store,
            retry,
            workers,
            endpoints,
            log,
        } = config;
        if let Some(prefix) = prefix {
            self = self.prefix(prefix.as_str());
        }
        if let Some(timeout) = read_timeout {
            self = self.read_timeout(*timeout);
        }
        if let Some(timeout) = handler_timeout {
            self = self.handler_timeout(*timeout);
        }
        #[cfg(feature = "store")]
        {
            if let Some(mode) = mode {
                self = self.mode(*mode);
            }
            if let Some(retry) = retry {
                self = self.retry(retry.policy());
            }
            if let Some(count) = workers.count {
                self = self.workers(count);
            }
            if let Some(lease) = workers.lease {
                self = self.lease(lease);
            }
            if let Some(retention) = store.retention {
                self = self.retention(retention);
            }
        }
        #[cfg(not(feature = "store"))]
        let _ = (mode, retry, workers, store);
        if log.file.is_some() {
            #[cfg(feature = "file-log")]
            if let Some(file_log) = log.file_log() {
                self = self.file_log(file_log);
            }
            #[cfg(not(feature = "file-log"))]
            return Err(BuildError::FileLogDisabled);
        }
        for (name, endpoint) in endpoints {
            self =
                self.configure_endpoint(name, endpoint, |variable| std::env::var(variable).ok())?;
        }
        self.check_names()?;
        Ok(self)
    }

    /// Applies one `[endpoints.NAME]` table, reading `secret_env` through `env`.
    fn configure_endpoint(
        mut self,
        name: &str,
        endpoint: &EndpointConfig,
        env: impl FnOnce(&str) -> Option<String>,
    ) -> Result<Self, BuildError> {
        let EndpointConfig {
            provider,
            secrets,
            secret_env,
            path,
            public_url,
            tolerance,
            body_limit,
        } = endpoint;
        if let Some(provider) = provider {
            self = self.endpoint(name, provider);
        }
        for secret in secrets {
            // Secrets in a config come from TOML strings, so they are UTF-8.
            let text =
                std::str::from_utf8(secret.expose()).map_err(|_| BuildError::InvalidSecret {
                    endpoint: name.to_owned(),
                    reason: "it is not UTF-8".to_owned(),
                })?;
            self = self.secret(name, text);
        }
        if let Some(variable) = secret_env.as_deref().filter(|_| secrets.is_empty()) {
            let value = env(variable).unwrap_or_default();
            let mut any = false;
            for secret in split_secret_list(&value) {
                self = self.secret(name, secret);
                any = true;
            }
            if !any {
                return Err(BuildError::MissingSecret {
                    endpoint: name.to_owned(),
                    variable: variable.to_owned(),
                });
            }
        }
        if let Some(path) = path {
            self = self.path(name, path.as_str());
        }
        if let Some(url) = public_url {
            self = self.public_url(name, url.as_str());
        }
        if let Some(tolerance) = tolerance {
            self = self.tolerance(name, *tolerance);
        }
        if let Some(limit) = body_limit {
            self = self.body_limit(name, *limit);
        }
        Ok(self)
    }
}
