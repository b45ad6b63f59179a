//! Text for the per-packet parts of a trace: the addresses in translation rules and traceroute lines. Going
//! through `core::fmt` for these cost about a fifth of a NAT-gateway exchange (BENCHMARKS.md); these functions
//! write the digits into a stack buffer and allocate once, for the finished `Text`. Same text as `Display`.

use core::fmt::Write;
use core::net::IpAddr;

use crate::trace::Text;

/// Room for two of the longest addresses `Display` writes (45 bytes each), two ports and the arrow.
struct Buf {
    bytes: [u8; 128],
    len: usize,
}

impl Buf {
    fn new() -> Self {
        Buf { bytes: [0; 128], len: 0 }
    }

    fn push_byte(&mut self, b: u8) {
        if let Some(slot) = self.bytes.get_mut(self.len) {
            *slot = b;
            self.len += 1;
        }
    }

    fn push(&mut self, s: &str) {
        for &b in s.as_bytes() {
            self.push_byte(b);
        }
    }

    fn push_number(&mut self, n: u16) {
        let mut digits = [0u8; 5];
        let mut start = digits.len();
        let mut n = n;
        loop {
            start -= 1;
            digits[start] = b'0' + (n % 10) as u8;
            n /= 10;
            if n == 0 {
                break;
            }
        }
        for &d in &digits[start..] {
            self.push_byte(d);
        }
    }

    fn push_ip(&mut self, ip: IpAddr) {
        match ip {
            IpAddr::V4(v4) => {
                for (i, octet) in v4.octets().into_iter().enumerate() {
                    if i > 0 {
                        self.push_byte(b'.');
                    }
                    self.push_number(u16::from(octet));
                }
            }
            IpAddr::V6(v6) => {
                let _ = write!(self, "{v6}"); // rare on the hot path; its compression rules are Display's
            }
        }
    }

    /// Only whole `str`s and ASCII digits were pushed (and 128 bytes never run out), so this is valid UTF-8.
    fn text(&self) -> Text {
        Text::from(core::str::from_utf8(&self.bytes[..self.len]).unwrap_or_default())
    }
}

impl Write for Buf {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        self.push(s);
        Ok(())
    }
}

/// `10.0.1.5`, as `Display` writes it.
pub(crate) fn ip(ip: impl Into<IpAddr>) -> Text {
    let mut b = Buf::new();
    b.push_ip(ip.into());
    b.text()
}

/// `a → b`: a 1:1 translation.
pub(crate) fn arrow(a: impl Into<IpAddr>, b: impl Into<IpAddr>) -> Text {
    let mut s = Buf::new();
    s.push_ip(a.into());
    s.push(" → ");
    s.push_ip(b.into());
    s.text()
}

/// `a:p → b:q`: a port translation.
pub(crate) fn ports_arrow(a: impl Into<IpAddr>, p: u16, b: impl Into<IpAddr>, q: u16) -> Text {
    let mut s = Buf::new();
    s.push_ip(a.into());
    s.push_byte(b':');
    s.push_number(p);
    s.push(" → ");
    s.push_ip(b.into());
    s.push_byte(b':');
    s.push_number(q);
    s.text()
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
        let long: Ipv6Addr = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff".parse().unwrap();
        assert_eq!(ports_arrow(long, 65535, long, 65535), format!("{long}:65535 → {long}:65535"));
    }
}
