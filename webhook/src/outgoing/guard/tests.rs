//! The guard's decisions, called directly and through a resolver the test controls.
//! Nothing here connects anywhere.

use std::collections::HashMap;
use std::io;
use std::net::IpAddr;

use super::resolve::{Lookup, LookupFuture, ResolveError};
use super::*;

fn refusal(guard: &Guard, url: &str) -> String {
    match guard.check_url(url) {
        Ok(parsed) => panic!("`{url}` was let through as {parsed}"),
        Err(refused) => refused.to_string(),
    }
}

#[test]
fn every_spelling_of_loopback_is_refused() {
    let guard = Guard::new();
    for url in [
        "http://127.0.0.1/",
        "http://127.1/",
        "http://127.0.1/",
        "http://2130706433/",
        "http://017700000001/",
        "http://0177.0.0.1/",
        "http://0177.0.0.01/",
        "http://0x7f.0.0.1/",
        "http://0x7f.1/",
        "http://0x7F000001/",
        "http://%31%32%37.0.0.1/",
        "http://127.0.0.1./",
        "http://127.0.0.1:8080/path",
        "https://127.000.000.001/",
        "http://[::1]/",
        "http://[0:0:0:0:0:0:0:1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://[::ffff:7f00:1]/",
        "http://[::127.0.0.1]/",
        "http://[64:ff9b::127.0.0.1]/",
        "http://[2002:7f00:1::]/",
        "http://user:pass@127.0.0.1/",
        "http://example.com@127.0.0.1/",
        "http://localhost/",
        "http://LOCALHOST./",
        "http://api.localhost/",
    ] {
        let message = refusal(&guard, url);
        assert!(message.contains("loopback"), "{url}: {message}");
    }
}

#[test]
fn the_host_checked_is_the_one_connected_to() {
    // Userinfo that looks like an address does not hide the real host, and an address in
    // the userinfo does not block a public host.
    let guard = Guard::new();
    let url = guard
        .check_url("http://127.0.0.1@hooks.example.com/")
        .unwrap();
    assert_eq!(url.host_str(), Some("hooks.example.com"));
    let url = guard.check_url("http://0x7f.1/").err();
    assert!(
        matches!(url, Some(Refused::Address { address, .. }) if address == IpAddr::from([127, 0, 0, 1]))
    );
}

#[test]
fn private_metadata_and_other_ranges_are_refused_with_the_range() {
    let guard = Guard::new();
    for (url, range) in [
        ("http://169.254.169.254/latest/meta-data/", "169.254.0.0/16"),
        ("http://[fd00:ec2::254]/", "fc00::/7"),
        ("http://10.0.0.5:5432/", "10.0.0.0/8"),
        ("http://0/", "0.0.0.0/8"),
        ("http://0.0.0.0/", "0.0.0.0/8"),
        ("http://[::]/", "::/128"),
        ("http://100.100.100.200/", "100.64.0.0/10"),
        ("http://255.255.255.255/", "255.255.255.255/32"),
        ("http://224.0.0.1/", "224.0.0.0/4"),
        ("http://[fe80::1]/", "fe80::/10"),
        ("http://[::ffff:a9fe:a9fe]/", "169.254.0.0/16"),
        ("http://192.168.0.1./", "192.168.0.0/16"),
    ] {
        let message = refusal(&guard, url);
        assert!(message.contains(range), "{url}: {message}");
    }
}

#[test]
fn schemes_zone_ids_and_garbage_are_refused() {
    let guard = Guard::new();
    for (url, expected) in [
        ("file:///etc/passwd", "scheme is `file`"),
        ("gopher://hooks.example.com/", "scheme is `gopher`"),
        ("ftp://hooks.example.com/", "scheme is `ftp`"),
        ("HTTP://hooks.example.com/", ""),
        ("http://[fe80::1%25eth0]/", "not valid"),
        ("http://[fe80::1%eth0]/", "not valid"),
        ("hooks.example.com/in", "not valid"),
        ("http://", "not valid"),
        ("http://256.0.0.1/", "not valid"),
    ] {
        match guard.check_url(url) {
            Ok(parsed) if expected.is_empty() => assert_eq!(parsed.scheme(), "http"),
            Ok(parsed) => panic!("`{url}` let through as {parsed}"),
            Err(refused) => {
                let message = refused.to_string();
                assert!(
                    !expected.is_empty() && message.contains(expected),
                    "{url}: {message}"
                );
            }
        }
    }
}

#[test]
fn public_urls_pass() {
    let guard = Guard::new();
    for url in [
        "https://hooks.example.com/in?x=1",
        "http://8.8.8.8:8080/",
        "https://[2606:4700:4700::1111]/",
        "https://[::ffff:8.8.8.8]/",
        "https://localhost.example.com/",
    ] {
        assert!(guard.check_url(url).is_ok(), "{url}");
    }
}

#[test]
fn the_allowlist_unblocks_only_what_it_names() {
    let guard = Guard::new().allow("127.0.0.1/32".parse().unwrap());
    for url in [
        "http://127.0.0.1:3000/",
        "http://2130706433:3000/",
        "http://[::ffff:127.0.0.1]/",
        "http://localhost:3000/",
    ] {
        assert!(guard.check_url(url).is_ok(), "{url}");
    }
    for url in [
        "http://127.0.0.2/",
        "http://[::1]/",
        "http://10.0.0.1/",
        "http://169.254.169.254/",
    ] {
        assert!(guard.check_url(url).is_err(), "{url}");
    }
    let private = Guard::new().allow("10.1.0.0/16".parse().unwrap());
    assert!(private.check_ip("10.1.200.3".parse().unwrap()).is_ok());
    assert!(private.check_ip("10.2.0.1".parse().unwrap()).is_err());
    // `localhost` is allowed only when loopback is.
    assert!(private.check_url("http://localhost/").is_err());
    // Host bits of an allowed network are ignored, as written.
    let widened = Guard::new().allow("192.168.1.77/24".parse().unwrap());
    assert!(widened.check_ip("192.168.1.1".parse().unwrap()).is_ok());
}

/// A resolver answering from a table, as DNS an attacker controls would.
struct Table(HashMap<&'static str, Vec<IpAddr>>);

impl Lookup for Table {
    fn lookup(&self, host: &str) -> LookupFuture {
        let answer =
            self.0.get(host).cloned().ok_or_else(|| {
                io::Error::new(io::ErrorKind::NotFound, format!("no such host {host}"))
            });
        Box::pin(async move { answer })
    }
}

fn table() -> Table {
    let ip = |text: &str| text.parse::<IpAddr>().unwrap();
    Table(HashMap::from([
        (
            "public.test",
            vec![ip("93.184.215.14"), ip("2606:2800:21f::1")],
        ),
        ("metadata.test", vec![ip("169.254.169.254")]),
        (
            "mixed.test",
            vec![ip("10.0.0.1"), ip("93.184.215.14"), ip("::1")],
        ),
        ("mapped.test", vec![ip("::ffff:127.0.0.1")]),
        ("empty.test", vec![]),
    ]))
}

#[tokio::test]
async fn the_resolver_returns_only_allowed_addresses() {
    let resolver = GuardedResolver::with_lookup(Guard::new(), table());
    let public = resolver.resolve_checked("public.test").await.unwrap();
    assert_eq!(public.len(), 2);
    let mixed = resolver.resolve_checked("mixed.test").await.unwrap();
    assert_eq!(mixed, ["93.184.215.14".parse::<IpAddr>().unwrap()]);

    for host in ["metadata.test", "mapped.test"] {
        match resolver.resolve_checked(host).await {
            Err(ResolveError::Refused(refused)) => {
                let message = refused.to_string();
                assert!(message.contains(host), "{message}");
                assert!(message.contains("not a public address"), "{message}");
            }
            other => panic!("{host}: {other:?}"),
        }
    }
    assert!(matches!(
        resolver.resolve_checked("empty.test").await,
        Err(ResolveError::Lookup(_))
    ));
    assert!(matches!(
        resolver.resolve_checked("nowhere.test").await,
        Err(ResolveError::Lookup(_))
    ));

    let allowed = GuardedResolver::with_lookup(
        Guard::new().allow("169.254.169.254/32".parse().unwrap()),
        table(),
    );
    assert_eq!(
        allowed
            .resolve_checked("metadata.test")
            .await
            .unwrap()
            .len(),
        1
    );
}
