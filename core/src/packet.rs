//! What travels: a packet header as the simulator sees it (a validated `Repr`, in smoltcp's words: there
//! are no byte buffers), and the protocol vocabulary shared by rules and packets.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::net::IpAddr;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An IP protocol number. Serialized the way AWS prints it: `tcp`, `udp`, `icmp`, `icmpv6`, else the number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Protocol(pub u8);

impl Protocol {
    pub const ICMP: Self = Self(1);
    pub const TCP: Self = Self(6);
    pub const UDP: Self = Self(17);
    pub const ICMPV6: Self = Self(58);

    pub fn name(self) -> Option<&'static str> {
        match self.0 {
            1 => Some("icmp"),
            6 => Some("tcp"),
            17 => Some("udp"),
            58 => Some("icmpv6"),
            _ => None,
        }
    }

    /// Parses `tcp`, `UDP`, `6`, … (not `-1`: that is a rule's "all", see [`RuleProtocol`]).
    pub fn parse(s: &str) -> Option<Self> {
        match s.to_ascii_lowercase().as_str() {
            "icmp" => Some(Self::ICMP),
            "tcp" => Some(Self::TCP),
            "udp" => Some(Self::UDP),
            "icmpv6" | "ipv6-icmp" => Some(Self::ICMPV6),
            n => n.parse().ok().map(Self),
        }
    }

    /// TCP and UDP carry ports.
    pub fn has_ports(self) -> bool {
        self == Self::TCP || self == Self::UDP
    }

    pub fn is_icmp(self) -> bool {
        self == Self::ICMP || self == Self::ICMPV6
    }
}

impl fmt::Display for Protocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(n) => f.write_str(n),
            None => write!(f, "{}", self.0),
        }
    }
}

impl Serialize for Protocol {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.name() {
            Some(n) => s.serialize_str(n),
            None => s.serialize_str(&alloc::format!("{}", self.0)),
        }
    }
}

impl<'de> Deserialize<'de> for Protocol {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = StrOrNum::deserialize(d)?;
        let s = s.0;
        Protocol::parse(&s).ok_or_else(|| serde::de::Error::custom(alloc::format!("unknown protocol `{s}`")))
    }
}

/// A rule's protocol: all (`-1`) or one protocol (R3.6, R4.8).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleProtocol {
    All,
    One(Protocol),
}

impl RuleProtocol {
    pub fn matches(self, p: Protocol) -> bool {
        match self {
            Self::All => true,
            Self::One(q) => q == p,
        }
    }
}

impl fmt::Display for RuleProtocol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::All => f.write_str("all"),
            Self::One(p) => p.fmt(f),
        }
    }
}

impl Serialize for RuleProtocol {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Self::All => s.serialize_str("-1"),
            Self::One(p) => p.serialize(s),
        }
    }
}

impl<'de> Deserialize<'de> for RuleProtocol {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = StrOrNum::deserialize(d)?.0;
        match s.to_ascii_lowercase().as_str() {
            "-1" | "all" => Ok(Self::All),
            other => Protocol::parse(other)
                .map(Self::One)
                .ok_or_else(|| serde::de::Error::custom(alloc::format!("unknown protocol `{s}`"))),
        }
    }
}

/// AWS prints protocols as strings (`"6"`), Terraform sometimes as numbers: accept both.
struct StrOrNum(String);

impl<'de> Deserialize<'de> for StrOrNum {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = StrOrNum;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a protocol name or number")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<StrOrNum, E> {
                Ok(StrOrNum(String::from(v)))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<StrOrNum, E> {
                Ok(StrOrNum(alloc::format!("{v}")))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<StrOrNum, E> {
                Ok(StrOrNum(alloc::format!("{v}")))
            }
        }
        d.deserialize_any(V)
    }
}

/// TCP flags that matter to the simulator (connection set-up, teardown, reset).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TcpFlags {
    #[default]
    Syn,
    SynAck,
    Ack,
    Fin,
    Rst,
}

/// The IP/L4 header of a simulated packet: what every hop shows as "in" and "out".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub src: IpAddr,
    pub dst: IpAddr,
    pub protocol: Protocol,
    /// TCP/UDP ports; for ICMP the source port carries the echo identifier and the destination port 0.
    pub src_port: u16,
    pub dst_port: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tcp_flags: Option<TcpFlags>,
    /// ICMP type and code (echo request = 8/0).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub icmp: Option<(u8, u8)>,
    pub ttl: u8,
    /// Total length in bytes (MTU checks, R5.8, R7.8, R8.9).
    pub length: u16,
    /// Don't Fragment.
    pub df: bool,
    /// A non-first fragment or a fragmented datagram (R6.4).
    #[serde(default, skip_serializing_if = "core::ops::Not::not")]
    pub fragment: bool,
}

impl Header {
    /// The ports of this packet's flow as its receiver names them: (its own, the sender's). ICMP has no ports:
    /// the echo identifier rides in `src_port` in the request and the reply alike, so it names the receiver's
    /// end, and the sender's end is 0 — the way a translator keyed the request it sent (R6.5).
    pub fn receiver_ports(&self) -> (u16, u16) {
        if self.protocol.is_icmp() {
            (self.src_port, self.dst_port)
        } else {
            (self.dst_port, self.src_port)
        }
    }

    /// Rewrites the receiver's port (or, for ICMP, the echo identifier) when a translator reverses a mapping.
    pub fn set_receiver_port(&mut self, port: u16) {
        if self.protocol.is_icmp() {
            self.src_port = port;
        } else {
            self.dst_port = port;
        }
    }
}

/// An HTTP request carried by a packet, only where a component reads it (IMDS, R10.2–R10.4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HttpRequest {
    pub method: String,
    pub path: String,
    #[serde(default)]
    pub headers: Vec<(String, String)>,
}
