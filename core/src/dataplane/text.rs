//! Text for the per-packet parts of a trace: the addresses in translation rules and traceroute lines. Going
//! through `core::fmt` for these cost about a fifth of a NAT-gateway exchange (BENCHMARKS.md); these functions
//! write the digits directly and give the same text as `Display`.

use alloc::string::String;
use core::fmt::Write;
use core::net::IpAddr;

fn push_number(s: &mut String, mut n: u16) {
    let mut digits = [0u8; 5];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    s.extend(digits[start..].iter().map(|&d| char::from(d)));
}

fn push_ip(s: &mut String, ip: IpAddr) {
    match ip {
        IpAddr::V4(v4) => {
            for (i, octet) in v4.octets().into_iter().enumerate() {
                if i > 0 {
                    s.push('.');
                }
                push_number(s, u16::from(octet));
            }
        }
        IpAddr::V6(v6) => {
            let _ = write!(s, "{v6}"); // rare on the hot path; its compression rules are Display's
        }
    }
}

/// `10.0.1.5`, as `Display` writes it.
pub(crate) fn ip(ip: impl Into<IpAddr>) -> String {
    let mut s = String::with_capacity(15);
    push_ip(&mut s, ip.into());
    s
}

/// `a → b`: a 1:1 translation.
pub(crate) fn arrow(a: impl Into<IpAddr>, b: impl Into<IpAddr>) -> String {
    let mut s = String::with_capacity(36);
    push_ip(&mut s, a.into());
    s.push_str(" → ");
    push_ip(&mut s, b.into());
    s
}

/// `a:p → b:q`: a port translation.
pub(crate) fn ports_arrow(a: impl Into<IpAddr>, p: u16, b: impl Into<IpAddr>, q: u16) -> String {
    let mut s = String::with_capacity(48);
    push_ip(&mut s, a.into());
    s.push(':');
    push_number(&mut s, p);
    s.push_str(" → ");
    push_ip(&mut s, b.into());
    s.push(':');
    push_number(&mut s, q);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use core::net::{Ipv4Addr, Ipv6Addr};

    /// The fast text equals `Display` for edge values of every part.
    #[test]
    fn same_text_as_display() {
        for a in [Ipv4Addr::new(0, 0, 0, 0), Ipv4Addr::new(10, 0, 1, 5), Ipv4Addr::new(255, 255, 255, 255)] {
            assert_eq!(ip(a), format!("{a}"));
            for p in [0u16, 9, 10, 443, 9999, 10000, 65535] {
                let b = Ipv4Addr::new(198, 51, 100, 7);
                assert_eq!(ports_arrow(a, p, b, p), format!("{a}:{p} → {b}:{p}"));
                assert_eq!(arrow(a, b), format!("{a} → {b}"));
            }
        }
        let v6: Ipv6Addr = "2600:1f18::10".parse().unwrap();
        assert_eq!(ip(v6), format!("{v6}"));
    }
}
