//! [`GuardedResolver`]: the HTTP client's resolver, which hands the client only the
//! addresses the guard lets through, so the client connects to what was checked.

use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::Arc;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};

use super::{Guard, Refused};

/// A boxed lookup in flight.
pub type LookupFuture = Pin<Box<dyn Future<Output = io::Result<Vec<IpAddr>>> + Send>>;

/// Turns a host name into addresses: the system resolver by default; another one (a
/// DNS-over-HTTPS client, a fixed table in tests) can be plugged in with
/// [`GuardedResolver::with_lookup`]. Whatever it answers is checked by the guard.
pub trait Lookup: Send + Sync + 'static {
    /// Every address `host` resolves to.
    fn lookup(&self, host: &str) -> LookupFuture;
}

/// The operating system's resolver (`getaddrinfo`, through tokio).
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemLookup;

impl Lookup for SystemLookup {
    fn lookup(&self, host: &str) -> LookupFuture {
        let host = host.to_owned();
        Box::pin(async move {
            let addresses = tokio::net::lookup_host((host.as_str(), 0)).await?;
            Ok(addresses.map(|address| address.ip()).collect())
        })
    }
}

/// The resolver the sender's HTTP client uses: it looks a name up, keeps only the
/// addresses [`Guard::check_ip`] allows, and refuses the name ([`Refused`]) when none
/// is left. See the [guard's docs](super).
#[derive(Clone)]
pub struct GuardedResolver {
    guard: Guard,
    lookup: Arc<dyn Lookup>,
}

impl std::fmt::Debug for GuardedResolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GuardedResolver")
            .field("guard", &self.guard)
            .finish_non_exhaustive()
    }
}

impl GuardedResolver {
    /// `guard` over the system resolver.
    pub fn new(guard: Guard) -> Self {
        GuardedResolver::with_lookup(guard, SystemLookup)
    }

    /// `guard` over another resolver.
    pub fn with_lookup(guard: Guard, lookup: impl Lookup) -> Self {
        GuardedResolver {
            guard,
            lookup: Arc::new(lookup),
        }
    }

    /// `guard` over a resolver already shared.
    pub(crate) fn with_shared_lookup(guard: Guard, lookup: Arc<dyn Lookup>) -> Self {
        GuardedResolver { guard, lookup }
    }

    /// The guard it applies.
    pub fn guard(&self) -> &Guard {
        &self.guard
    }

    /// The addresses of `host` the guard allows, in the resolver's order; an error when
    /// the lookup fails or every address is refused (the first one's reason).
    pub async fn resolve_checked(&self, host: &str) -> Result<Vec<IpAddr>, ResolveError> {
        let addresses = self
            .lookup
            .lookup(host)
            .await
            .map_err(ResolveError::Lookup)?;
        let mut first_refusal = None;
        let mut allowed = Vec::with_capacity(addresses.len());
        for address in addresses {
            match self.guard.check_ip(address) {
                Ok(()) => allowed.push(address),
                Err(refused) => {
                    first_refusal.get_or_insert(refused);
                }
            }
        }
        match (allowed.is_empty(), first_refusal) {
            (false, _) => Ok(allowed),
            (true, Some(first)) => Err(ResolveError::Refused(Refused::NoPublicAddress {
                host: host.to_owned(),
                first: Box::new(first),
            })),
            (true, None) => Err(ResolveError::Lookup(io::Error::new(
                io::ErrorKind::NotFound,
                format!("`{host}` resolves to no address"),
            ))),
        }
    }
}

/// Why [`GuardedResolver::resolve_checked`] gave no address.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ResolveError {
    /// Every address was refused.
    #[error(transparent)]
    Refused(Refused),
    /// The lookup failed.
    #[error("the host name could not be resolved: {0}")]
    Lookup(io::Error),
}

impl Resolve for GuardedResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let resolver = self.clone();
        Box::pin(async move {
            let addresses = resolver.resolve_checked(name.as_str()).await?;
            // The port is the URL's: the client sets it on every address returned.
            let addrs: Addrs = Box::new(
                addresses
                    .into_iter()
                    .map(|address| SocketAddr::new(address, 0)),
            );
            Ok(addrs)
        })
    }
}
