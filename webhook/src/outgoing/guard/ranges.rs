//! The decision for one address: which special-purpose range, if any, it falls in.
//!
//! The ranges are IANA's special-purpose registries (RFC 6890 and its updates) as Svix's
//! server denies them, plus multicast and the deprecated site-local block. An IPv6
//! address that carries an IPv4 address (IPv4-mapped, IPv4-compatible, IPv4-translated,
//! NAT64, 6to4, Teredo) is judged by the IPv4 address it carries, so no spelling of
//! `127.0.0.1` gets through in IPv6 clothing.

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use ipnet::{Ipv4Net, Ipv6Net};

/// A special-purpose range an address fell in: why it is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BlockedRange {
    /// The range, e.g. `127.0.0.0/8`.
    pub network: ipnet::IpNet,
    /// What the range is for, e.g. `loopback`.
    pub purpose: &'static str,
}

impl fmt::Display for BlockedRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.purpose, self.network)
    }
}

/// Why an address is refused: its range, and for an IPv6 form carrying an IPv4 address,
/// the form and the address carried.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Blocked {
    /// The range the address (or the IPv4 address it carries) is in.
    pub range: BlockedRange,
    /// For an IPv6 address judged by the IPv4 address inside it: the form
    /// (`IPv4-mapped`, `NAT64`, …) and that IPv4 address.
    pub embedded: Option<(&'static str, Ipv4Addr)>,
}

impl fmt::Display for Blocked {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.embedded {
            Some((form, v4)) => write!(f, "the {form} form of {v4}, {}", self.range),
            None => write!(f, "{}", self.range),
        }
    }
}

const fn v4(
    a: u8,
    b: u8,
    c: u8,
    d: u8,
    prefix: u8,
    purpose: &'static str,
) -> (Ipv4Net, &'static str) {
    (
        Ipv4Net::new_assert(Ipv4Addr::new(a, b, c, d), prefix),
        purpose,
    )
}

const fn v6(segments: [u16; 8], prefix: u8, purpose: &'static str) -> (Ipv6Net, &'static str) {
    let [a, b, c, d, e, f, g, h] = segments;
    (
        Ipv6Net::new_assert(Ipv6Addr::new(a, b, c, d, e, f, g, h), prefix),
        purpose,
    )
}

/// IPv4 special-purpose ranges, most specific first (broadcast before 240/4).
const IPV4: &[(Ipv4Net, &str)] = &[
    v4(255, 255, 255, 255, 32, "limited broadcast"),
    v4(0, 0, 0, 0, 8, "unspecified / \"this network\""),
    v4(10, 0, 0, 0, 8, "private network"),
    v4(
        100,
        64,
        0,
        0,
        10,
        "carrier-grade NAT (shared address space)",
    ),
    v4(127, 0, 0, 0, 8, "loopback"),
    v4(
        169,
        254,
        0,
        0,
        16,
        "link-local, where cloud metadata services live",
    ),
    v4(172, 16, 0, 0, 12, "private network"),
    v4(192, 0, 0, 0, 24, "IETF protocol assignments"),
    v4(192, 0, 2, 0, 24, "documentation (TEST-NET-1)"),
    v4(192, 88, 99, 0, 24, "6to4 relay anycast (deprecated)"),
    v4(192, 168, 0, 0, 16, "private network"),
    v4(198, 18, 0, 0, 15, "benchmarking"),
    v4(198, 51, 100, 0, 24, "documentation (TEST-NET-2)"),
    v4(203, 0, 113, 0, 24, "documentation (TEST-NET-3)"),
    v4(224, 0, 0, 0, 4, "multicast"),
    v4(240, 0, 0, 0, 4, "reserved"),
];

/// IPv6 special-purpose ranges that carry no IPv4 address to judge instead.
const IPV6: &[(Ipv6Net, &str)] = &[
    v6([0, 0, 0, 0, 0, 0, 0, 0], 128, "unspecified"),
    v6([0, 0, 0, 0, 0, 0, 0, 1], 128, "loopback"),
    v6([0x100, 0, 0, 0, 0, 0, 0, 0], 64, "discard-only"),
    v6([0x64, 0xff9b, 1, 0, 0, 0, 0, 0], 48, "local-use NAT64"),
    v6([0x2001, 0xdb8, 0, 0, 0, 0, 0, 0], 32, "documentation"),
    v6(
        [0x2001, 0, 0, 0, 0, 0, 0, 0],
        23,
        "IETF protocol assignments",
    ),
    v6([0x3fff, 0, 0, 0, 0, 0, 0, 0], 20, "documentation"),
    v6(
        [0x5f00, 0, 0, 0, 0, 0, 0, 0],
        16,
        "SRv6 segment identifiers",
    ),
    v6(
        [0xfc00, 0, 0, 0, 0, 0, 0, 0],
        7,
        "unique local (private network)",
    ),
    v6([0xfe80, 0, 0, 0, 0, 0, 0, 0], 10, "link-local"),
    v6([0xfec0, 0, 0, 0, 0, 0, 0, 0], 10, "site-local (deprecated)"),
    v6([0xff00, 0, 0, 0, 0, 0, 0, 0], 8, "multicast"),
];

const MAPPED: (Ipv6Net, &str) = v6([0, 0, 0, 0, 0, 0xffff, 0, 0], 96, "IPv4-mapped");
const TRANSLATED: (Ipv6Net, &str) = v6([0, 0, 0, 0, 0xffff, 0, 0, 0], 96, "IPv4-translated");
const COMPATIBLE: (Ipv6Net, &str) = v6([0, 0, 0, 0, 0, 0, 0, 0], 96, "IPv4-compatible");
const NAT64: (Ipv6Net, &str) = v6([0x64, 0xff9b, 0, 0, 0, 0, 0, 0], 96, "NAT64");
const SIX_TO_FOUR: (Ipv6Net, &str) = v6([0x2002, 0, 0, 0, 0, 0, 0, 0], 16, "6to4");
const TEREDO: (Ipv6Net, &str) = v6([0x2001, 0, 0, 0, 0, 0, 0, 0], 32, "Teredo");

/// The range `address` is refused for, or `None` when it is a public address.
pub(crate) fn blocked(address: IpAddr) -> Option<Blocked> {
    match address {
        IpAddr::V4(v4) => blocked_v4(v4).map(|range| Blocked {
            range,
            embedded: None,
        }),
        IpAddr::V6(v6) => blocked_v6(v6),
    }
}

fn blocked_v4(address: Ipv4Addr) -> Option<BlockedRange> {
    IPV4.iter()
        .find(|(network, _)| network.contains(&address))
        .map(|&(network, purpose)| BlockedRange {
            network: network.into(),
            purpose,
        })
}

fn range_v6((network, purpose): (Ipv6Net, &'static str)) -> BlockedRange {
    BlockedRange {
        network: network.into(),
        purpose,
    }
}

fn blocked_v6(address: Ipv6Addr) -> Option<Blocked> {
    // `::` and `::1` sit inside the IPv4-compatible block: name them first.
    if let Some(&entry) = IPV6[..2].iter().find(|(net, _)| net.contains(&address)) {
        return Some(Blocked {
            range: range_v6(entry),
            embedded: None,
        });
    }
    if let Some((form, carried)) = embedded_v4(address) {
        return match blocked_v4(carried) {
            Some(range) => Some(Blocked {
                range,
                embedded: Some((form.1, carried)),
            }),
            // A public address behind the mapped and well-known NAT64 forms is reached
            // as that address; the deprecated forms and tunnels are refused whatever
            // they carry.
            None if form == MAPPED || form == NAT64 => None,
            None => Some(Blocked {
                range: range_v6(form),
                embedded: Some((form.1, carried)),
            }),
        };
    }
    IPV6.iter()
        .find(|(network, _)| network.contains(&address))
        .map(|&entry| Blocked {
            range: range_v6(entry),
            embedded: None,
        })
}

/// The IPv4 address an IPv6 address carries, with the form it is carried in.
fn embedded_v4(address: Ipv6Addr) -> Option<((Ipv6Net, &'static str), Ipv4Addr)> {
    let bits = u128::from(address);
    let low32 = Ipv4Addr::from(bits as u32);
    for form in [MAPPED, TRANSLATED, COMPATIBLE, NAT64] {
        if form.0.contains(&address) {
            return Some((form, low32));
        }
    }
    if SIX_TO_FOUR.0.contains(&address) {
        // 2002:AABB:CCDD::/48 carries AA.BB.CC.DD (RFC 3056).
        return Some((SIX_TO_FOUR, Ipv4Addr::from((bits >> 80) as u32)));
    }
    if TEREDO.0.contains(&address) {
        // The client's address is the last 32 bits, inverted (RFC 4380 §4).
        return Some((TEREDO, Ipv4Addr::from(!(bits as u32))));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn purpose(text: &str) -> Option<&'static str> {
        blocked(text.parse().unwrap()).map(|blocked| blocked.range.purpose)
    }

    #[test]
    fn ipv4_special_ranges_are_blocked_by_name() {
        for (address, expected) in [
            ("0.0.0.0", "unspecified / \"this network\""),
            ("10.1.2.3", "private network"),
            ("100.64.0.1", "carrier-grade NAT (shared address space)"),
            (
                "100.127.255.254",
                "carrier-grade NAT (shared address space)",
            ),
            ("127.0.0.1", "loopback"),
            ("127.255.255.254", "loopback"),
            (
                "169.254.169.254",
                "link-local, where cloud metadata services live",
            ),
            ("172.16.0.1", "private network"),
            ("172.31.255.255", "private network"),
            ("192.0.0.170", "IETF protocol assignments"),
            ("192.0.2.1", "documentation (TEST-NET-1)"),
            ("192.88.99.1", "6to4 relay anycast (deprecated)"),
            ("192.168.1.1", "private network"),
            ("198.18.0.1", "benchmarking"),
            ("198.19.255.255", "benchmarking"),
            ("198.51.100.7", "documentation (TEST-NET-2)"),
            ("203.0.113.9", "documentation (TEST-NET-3)"),
            ("224.0.0.251", "multicast"),
            ("239.255.255.250", "multicast"),
            ("240.0.0.1", "reserved"),
            ("255.255.255.255", "limited broadcast"),
        ] {
            assert_eq!(purpose(address), Some(expected), "{address}");
        }
    }

    #[test]
    fn ipv4_public_neighbours_pass() {
        for address in [
            "1.1.1.1",
            "8.8.8.8",
            "9.255.255.255",
            "11.0.0.0",
            "100.63.255.255",
            "100.128.0.0",
            "126.255.255.255",
            "128.0.0.0",
            "169.253.255.255",
            "172.15.255.255",
            "172.32.0.0",
            "192.0.1.255",
            "192.167.255.255",
            "198.17.255.255",
            "198.20.0.0",
            "223.255.255.255",
        ] {
            assert_eq!(purpose(address), None, "{address}");
        }
    }

    #[test]
    fn ipv6_special_ranges_are_blocked_by_name() {
        for (address, expected) in [
            ("::", "unspecified"),
            ("::1", "loopback"),
            ("100::1", "discard-only"),
            ("64:ff9b:1::a00:1", "local-use NAT64"),
            ("2001:db8::1", "documentation"),
            ("2001:2::1", "IETF protocol assignments"),
            ("3fff::1", "documentation"),
            ("5f00::1", "SRv6 segment identifiers"),
            ("fc00::1", "unique local (private network)"),
            ("fd12:3456::1", "unique local (private network)"),
            ("fe80::1", "link-local"),
            ("febf::1", "link-local"),
            ("fec0::1", "site-local (deprecated)"),
            ("ff02::1", "multicast"),
        ] {
            assert_eq!(purpose(address), Some(expected), "{address}");
        }
        for public in ["2606:4700:4700::1111", "2a00:1450::1", "2001:4860::8888"] {
            assert_eq!(purpose(public), None, "{public}");
        }
    }

    #[test]
    fn ipv6_forms_are_judged_by_the_ipv4_address_they_carry() {
        let form = |text: &str| blocked(text.parse().unwrap()).and_then(|b| b.embedded);
        let loopback = Ipv4Addr::LOCALHOST;
        for (address, expected_form) in [
            ("::ffff:127.0.0.1", "IPv4-mapped"),
            ("::ffff:7f00:1", "IPv4-mapped"),
            ("::127.0.0.1", "IPv4-compatible"),
            ("::ffff:0:127.0.0.1", "IPv4-translated"),
            ("64:ff9b::127.0.0.1", "NAT64"),
            ("64:ff9b::7f00:1", "NAT64"),
            ("2002:7f00:1::", "6to4"),
            ("2002:7f00:1:abcd::1", "6to4"),
            // Teredo: server 65.54.227.120, client 127.0.0.1 inverted.
            ("2001:0:4136:e378:8000:63bf:80ff:fffe", "Teredo"),
        ] {
            assert_eq!(form(address), Some((expected_form, loopback)), "{address}");
            assert_eq!(purpose(address), Some("loopback"), "{address}");
        }
        let metadata = blocked("::ffff:169.254.169.254".parse().unwrap()).unwrap();
        assert_eq!(
            metadata.to_string(),
            "the IPv4-mapped form of 169.254.169.254, \
             link-local, where cloud metadata services live (169.254.0.0/16)"
        );
        assert_eq!(purpose("64:ff9b::10.0.0.1"), Some("private network"));
        assert_eq!(purpose("2002:c0a8:101::"), Some("private network"));
    }

    #[test]
    fn public_ipv4_behind_mapped_and_nat64_passes_but_tunnels_do_not() {
        assert_eq!(purpose("::ffff:8.8.8.8"), None);
        assert_eq!(purpose("64:ff9b::8.8.8.8"), None);
        assert_eq!(purpose("::8.8.8.8"), Some("IPv4-compatible"));
        assert_eq!(purpose("::ffff:0:8.8.8.8"), Some("IPv4-translated"));
        assert_eq!(purpose("2002:808:808::"), Some("6to4"));
        assert_eq!(
            purpose("2001:0:4136:e378:8000:63bf:f7f7:f7f7"),
            Some("Teredo")
        );
    }
}
