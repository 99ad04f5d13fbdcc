//! The SSRF guard: endpoint URLs are user input, so the sender must never be turned into
//! a way to reach the network it runs in (cloud metadata at `169.254.169.254`, the
//! database on `10.0.0.5`, an admin page on `localhost`).
//!
//! ```
//! use webhook::outgoing::Guard;
//!
//! let guard = Guard::new();
//! assert!(guard.check_url("https://hooks.example.com/in").is_ok());
//! let refused = guard.check_url("http://0x7f.1:8080/").unwrap_err();
//! assert!(refused.to_string().contains("loopback"), "{refused}");
//!
//! // In development, name what may be reached; nothing else is let through.
//! let dev = Guard::new().allow("127.0.0.1/32".parse().unwrap());
//! assert!(dev.check_url("http://127.0.0.1:3000/webhooks").is_ok());
//! assert!(dev.check_url("http://127.0.0.2:3000/webhooks").is_err());
//! ```
//!
//! The guard runs twice:
//!
//! - **when an endpoint is saved**, [`Guard::check_url`]: only `http` and `https`; the
//!   host as the `url` crate parses it (WHATWG), which turns every spelling of an IPv4
//!   literal a resolver accepts (`2130706433`, `0177.0.0.1`, `0x7f.1`, `127.1`,
//!   `%31%32%37.0.0.1`, a trailing dot) into the plain address before it is judged;
//!   `localhost` and `*.localhost` names are refused without asking DNS (RFC 6761);
//! - **at connect time**, [`GuardedResolver`]: the HTTP client's resolver looks the name
//!   up, drops every address the guard refuses, and hands the client only the vetted
//!   ones, so the connection goes to an address that was checked (a name that resolves
//!   to a public address when saved and to `127.0.0.1` when sent is refused then).
//!   Literal addresses never reach a resolver, so the client checks them with
//!   [`Guard::check_url`] before every attempt.
//!
//! What is refused is in [`ranges`](self#ranges); [`Guard::allow`] lets through exactly the
//! networks it names, for development and tests.
//!
//! # Ranges
//!
//! IPv4: `0.0.0.0/8`, `10/8`, `100.64/10`, `127/8`, `169.254/16`, `172.16/12`,
//! `192.0.0/24`, `192.0.2/24`, `192.88.99/24`, `192.168/16`, `198.18/15`,
//! `198.51.100/24`, `203.0.113/24`, `224/4`, `240/4`, `255.255.255.255`. IPv6: `::`,
//! `::1`, `100::/64`, `64:ff9b:1::/48`, `2001::/23` (with `2001:db8::/32`), `3fff::/20`,
//! `5f00::/16`, `fc00::/7`, `fe80::/10`, `fec0::/10`, `ff00::/8`. IPv6 forms that carry an
//! IPv4 address are judged by it: IPv4-mapped (`::ffff:0:0/96`) and NAT64
//! (`64:ff9b::/96`) pass when it is public; IPv4-compatible (`::/96`), IPv4-translated,
//! 6to4 (`2002::/16`) and Teredo (`2001::/32`) are refused whatever they carry, naming
//! the address they carry. Sources: the IANA IPv4 and IPv6 special-purpose address
//! registries, and the deny list of Svix's server (`svix-server` `config.default.toml`).

mod ranges;
mod resolve;

use std::net::IpAddr;

use ipnet::IpNet;
use reqwest::Url;

pub use ranges::{Blocked, BlockedRange};
pub use resolve::{GuardedResolver, Lookup, LookupFuture, ResolveError, SystemLookup};

/// Which destinations the sender may reach: every public address, and the networks
/// [`allow`](Guard::allow)ed. See the [module docs](self).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Guard {
    allowed: Vec<IpNet>,
}

impl Guard {
    /// The default guard: every special-purpose address refused, nothing allowed.
    pub fn new() -> Self {
        Guard::default()
    }

    /// Lets `network` through (`127.0.0.1/32` for a receiver on this machine in
    /// development). Only addresses inside it are unblocked; an IPv4-mapped IPv6 address
    /// counts as the IPv4 address it maps.
    #[must_use]
    pub fn allow(mut self, network: IpNet) -> Self {
        self.allowed.push(network.trunc());
        self
    }

    /// The networks let through.
    pub fn allowed(&self) -> &[IpNet] {
        &self.allowed
    }

    /// Whether the sender may connect to `address`.
    pub fn check_ip(&self, address: IpAddr) -> Result<(), Refused> {
        if self.is_allowed(address) {
            return Ok(());
        }
        match ranges::blocked(address) {
            Some(blocked) => Err(Refused::Address { address, blocked }),
            None => Ok(()),
        }
    }

    fn is_allowed(&self, address: IpAddr) -> bool {
        let mapped = match address {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4),
            IpAddr::V4(_) => None,
        };
        self.allowed.iter().any(|network| {
            network.contains(&address) || mapped.is_some_and(|v4| network.contains(&v4))
        })
    }

    /// Parses and checks an endpoint URL without asking DNS: call it when an endpoint
    /// is saved. A host name that is not `localhost` passes here and is checked again,
    /// address by address, when the sender connects.
    pub fn check_url(&self, url: &str) -> Result<Url, Refused> {
        let parsed = Url::parse(url).map_err(|error| Refused::InvalidUrl(error.to_string()))?;
        self.check_parsed(&parsed)?;
        Ok(parsed)
    }

    /// [`check_url`](Guard::check_url) for a URL already parsed.
    pub fn check_parsed(&self, url: &Url) -> Result<(), Refused> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Refused::Scheme(url.scheme().to_owned()));
        }
        match url.host() {
            None => Err(Refused::InvalidUrl("the URL has no host".to_owned())),
            Some(url::Host::Ipv4(v4)) => self.check_ip(IpAddr::V4(v4)),
            Some(url::Host::Ipv6(v6)) => self.check_ip(IpAddr::V6(v6)),
            Some(url::Host::Domain(name)) => self.check_name(name),
        }
    }

    /// `localhost` and its subdomains are loopback by definition (RFC 6761 §6.3), and
    /// resolvers answer them without DNS: refused unless loopback is allowed.
    fn check_name(&self, name: &str) -> Result<(), Refused> {
        let name = name.strip_suffix('.').unwrap_or(name);
        let is_localhost = name.eq_ignore_ascii_case("localhost")
            || name
                .rsplit_once('.')
                .is_some_and(|(_, tld)| tld.eq_ignore_ascii_case("localhost"));
        if is_localhost {
            let loopback = IpAddr::from([127, 0, 0, 1]);
            return self
                .check_ip(loopback)
                .map_err(|_| Refused::Localhost(name.to_owned()));
        }
        Ok(())
    }
}

/// Why the guard refused a URL or an address; its message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Refused {
    /// The URL does not parse.
    #[error("the URL is not valid ({0}): give an absolute http:// or https:// URL")]
    InvalidUrl(String),
    /// A scheme other than `http` or `https`.
    #[error("the URL's scheme is `{0}`: only http:// and https:// endpoints are allowed")]
    Scheme(String),
    /// `localhost` or `*.localhost`.
    #[error(
        "`{0}` is a loopback name: webhooks are not sent to this machine unless its \
         address is allowed (127.0.0.1/32)"
    )]
    Localhost(String),
    /// An address in a special-purpose range.
    #[error(
        "{address} is not a public address: {blocked}; webhooks are sent to public \
         addresses only, unless the address is allowed"
    )]
    Address {
        /// The address refused.
        address: IpAddr,
        /// Which range it is in.
        blocked: Blocked,
    },
    /// Every address a name resolved to was refused.
    #[error("`{host}` resolves to no public address: {first}")]
    NoPublicAddress {
        /// The name looked up.
        host: String,
        /// Why its first address was refused.
        first: Box<Refused>,
    },
}

#[cfg(test)]
mod tests;
