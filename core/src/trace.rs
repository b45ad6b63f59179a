//! The trace: the one contract every view renders (web playback, CLI listing, `--json`).
//!
//! Same topology + packet + state ⇒ byte-identical serialized trace: nothing here holds a map with random
//! order, a wall-clock time or a pointer.

use alloc::rc::Rc;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::net::IpAddr;
use core::ops::Deref;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::packet::Header;
pub use crate::reason::Reason;

/// A string in a trace. Ids, names, AZs and rule texts are built once per topology (`dataplane/compile.rs`)
/// and shared by every hop that shows them, so a hop costs a reference-count bump instead of an allocation
/// (BENCHMARKS.md). Reads as a `str`; serialized as a plain string.
#[derive(Clone)]
pub struct Text(Repr);

#[derive(Clone)]
enum Repr {
    /// Fixed words (`OK`, `tracked`, `internet`) never allocate.
    Static(&'static str),
    Shared(Rc<str>),
}

impl Text {
    pub const fn lit(s: &'static str) -> Self {
        Text(Repr::Static(s))
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Static(s) => s,
            Repr::Shared(s) => s,
        }
    }
}

impl Default for Text {
    fn default() -> Self {
        Text::lit("")
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text(Repr::Shared(Rc::from(s)))
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Self {
        Text::from(s.as_str())
    }
}

impl From<String> for Text {
    fn from(s: String) -> Self {
        Text(Repr::Shared(Rc::from(s)))
    }
}

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Text {}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Text::from)
    }
}

/// A text that shows a packet's own addresses: a translation (`a:p → b:q`, `a → b`) or a traceroute address.
/// It keeps the values and writes the text only when shown or serialized, so forwarding a packet pays no
/// formatting (BENCHMARKS.md). Any other text is a plain `Text`.
#[derive(Clone)]
pub enum PacketText {
    Text(Text),
    Ip(IpAddr),
    Arrow(IpAddr, IpAddr),
    Ports(IpAddr, u16, IpAddr, u16),
}

impl PacketText {
    pub fn ip(a: impl Into<IpAddr>) -> Self {
        PacketText::Ip(a.into())
    }

    /// `a → b`: a 1:1 translation.
    pub fn arrow(a: impl Into<IpAddr>, b: impl Into<IpAddr>) -> Self {
        PacketText::Arrow(a.into(), b.into())
    }

    /// `a:p → b:q`: a port translation.
    pub fn ports(a: impl Into<IpAddr>, p: u16, b: impl Into<IpAddr>, q: u16) -> Self {
        PacketText::Ports(a.into(), p, b.into(), q)
    }

    pub fn is_empty(&self) -> bool {
        matches!(self, PacketText::Text(t) if t.is_empty())
    }
}

impl Default for PacketText {
    fn default() -> Self {
        PacketText::Text(Text::default())
    }
}

impl<T: Into<Text>> From<T> for PacketText {
    fn from(t: T) -> Self {
        PacketText::Text(t.into())
    }
}

impl fmt::Display for PacketText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PacketText::Text(t) => f.write_str(t),
            PacketText::Ip(a) => write!(f, "{a}"),
            PacketText::Arrow(a, b) => write!(f, "{a} → {b}"),
            PacketText::Ports(a, p, b, q) => write!(f, "{a}:{p} → {b}:{q}"),
        }
    }
}

impl fmt::Debug for PacketText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&alloc::string::ToString::to_string(self), f)
    }
}

/// Equal when they read the same, whichever form holds them.
impl PartialEq for PacketText {
    fn eq(&self, other: &Self) -> bool {
        use alloc::string::ToString;
        match (self, other) {
            (PacketText::Text(a), PacketText::Text(b)) => a == b,
            _ => *other == *self.to_string(),
        }
    }
}

impl Eq for PacketText {}

impl PartialEq<str> for PacketText {
    fn eq(&self, other: &str) -> bool {
        /// Consumes `other` as the text is written; any mismatch stops the writing.
        struct Rest<'a>(&'a str);
        impl fmt::Write for Rest<'_> {
            fn write_str(&mut self, s: &str) -> fmt::Result {
                self.0 = self.0.strip_prefix(s).ok_or(fmt::Error)?;
                Ok(())
            }
        }
        let mut rest = Rest(other);
        fmt::write(&mut rest, format_args!("{self}")).is_ok() && rest.0.is_empty()
    }
}

impl PartialEq<&str> for PacketText {
    fn eq(&self, other: &&str) -> bool {
        *self == **other
    }
}

impl PartialEq<String> for PacketText {
    fn eq(&self, other: &String) -> bool {
        *self == *other.as_str()
    }
}

impl Serialize for PacketText {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for PacketText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Text::deserialize(d).map(PacketText::Text)
    }
}

/// What happened to one packet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Trace {
    pub verdict: Verdict,
    /// Why it was dropped (only when `verdict` is `dropped`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<Reason>,
    /// Where an external source entered AWS (`internet`, a VPN connection or a DX interface).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<Text>,
    pub hops: Vec<Hop>,
    /// VPC Flow Log records (version 2 default format) for every ENI the packet crossed (R13.x).
    #[serde(default)]
    pub flow_logs: Vec<FlowLogRecord>,
    /// The L3 hops a `traceroute` would print (routers that decrement TTL and answer).
    #[serde(default)]
    pub traceroute: Vec<TracerouteHop>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Delivered,
    Dropped,
}

/// One step of the path, in the shape of Reachability Analyzer's `PathComponent`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hop {
    pub seq: u32,
    pub component: Component,
    pub action: Action,
    /// The configuration that decided this step (a route, an SG rule, a NACL entry, a translation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<RuleRef>,
    pub header_in: Header,
    pub header_out: Header,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub az: Option<Text>,
    /// The "under the hood" view (teaching model from public talks, not AWS's specification; R15). Boxed: most
    /// hops have none, and a smaller hop is cheaper to record.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub underlay: Option<alloc::boxed::Box<Underlay>>,
}

/// The resource a hop happened at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Component {
    pub kind: ComponentKind,
    pub id: Text,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Text>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ComponentKind {
    Instance,
    NetworkInterface,
    SecurityGroup,
    NetworkAcl,
    RouteTable,
    Subnet,
    Vpc,
    InternetGateway,
    EgressOnlyInternetGateway,
    NatGateway,
    NatInstance,
    Proxy,
    VpcPeeringConnection,
    TransitGateway,
    TransitGatewayAttachment,
    TransitGatewayRouteTable,
    VpnGateway,
    VpnConnection,
    DirectConnect,
    VpcEndpoint,
    LoadBalancer,
    TargetGroup,
    MetadataService,
    DnsResolver,
    Internet,
    OnPremises,
    AwsService,
}

/// What the component did, in Batfish's step vocabulary.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Action {
    Sent,
    Received,
    Permitted,
    Denied,
    Routed,
    Translated,
    Forwarded,
    Delivered,
    Dropped,
    Answered,
}

/// The rule that decided a hop: its owner, its position and a human-readable form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleRef {
    pub kind: RuleKind,
    /// The owning resource: route table, SG, NACL, NAT gateway, …
    pub owner: Text,
    /// Route destination, SG rule index (`ingress#2`), NACL rule number (`100` or `*`).
    pub key: Text,
    /// e.g. `0.0.0.0/0 → igw-1`, `allow tcp 443 from 0.0.0.0/0`, `100 DENY all 10.0.0.0/8`.
    pub text: PacketText,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RuleKind {
    Route,
    TransitGatewayRoute,
    SecurityGroupRule,
    ConnectionTracking,
    NetworkAclEntry,
    Translation,
    Listener,
    Check,
}

/// Annotations from the underlay teaching model (R15.1–R15.3).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Underlay {
    /// e.g. `host h-3f2a`, `Blackfoot edge`, `Hyperplane`.
    pub device: String,
    /// One line per step: mapping lookup, encapsulation header, decapsulation.
    pub notes: Vec<String>,
}

/// A VPC Flow Log record in the default version 2 format (R13.1), one per ENI crossed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlowLogRecord {
    pub interface_id: Text,
    pub account_id: Text,
    /// The ENI's primary private IPv4 stands in for its own side (R13.5).
    pub srcaddr: IpAddr,
    pub dstaddr: IpAddr,
    pub srcport: u16,
    pub dstport: u16,
    pub protocol: u8,
    pub packets: u32,
    pub bytes: u32,
    pub start: u64,
    pub end: u64,
    pub action: FlowAction,
    pub log_status: Text,
}

impl FlowLogRecord {
    /// The record as one line of AWS's default format.
    pub fn line(&self) -> String {
        alloc::format!(
            "2 {} {} {} {} {} {} {} {} {} {} {} {} {}",
            self.account_id,
            self.interface_id,
            self.srcaddr,
            self.dstaddr,
            self.srcport,
            self.dstport,
            self.protocol,
            self.packets,
            self.bytes,
            self.start,
            self.end,
            match self.action {
                FlowAction::Accept => "ACCEPT",
                FlowAction::Reject => "REJECT",
            },
            self.log_status
        )
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum FlowAction {
    Accept,
    Reject,
}

/// One line of the traceroute view: a router that decrements TTL (seed 004's test).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TracerouteHop {
    pub ttl: u8,
    /// The address that would answer, or `*` when nothing answers.
    pub address: PacketText,
    pub label: Text,
}

/// A forward trace and, when the forward packet was delivered and the flow expects one, the reply's trace.
/// Serialized as the CLI's `--json` contract: `{"forward": TRACE, "return": TRACE or null}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Exchange {
    pub forward: Trace,
    #[serde(rename = "return")]
    pub reply: Option<Trace>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;
    use core::net::{Ipv4Addr, Ipv6Addr};

    /// A packet text reads (and serializes) like the string the trace showed before it was kept lazily.
    #[test]
    fn packet_texts_read_as_strings() {
        let a = Ipv4Addr::new(10, 0, 2, 9);
        let b = Ipv4Addr::new(255, 255, 255, 255);
        assert_eq!(PacketText::ports(a, 40000, b, 0).to_string(), "10.0.2.9:40000 → 255.255.255.255:0");
        assert_eq!(PacketText::arrow(a, b).to_string(), "10.0.2.9 → 255.255.255.255");
        let v6: Ipv6Addr = "2600:1f18::10".parse().unwrap();
        assert_eq!(PacketText::ip(v6).to_string(), "2600:1f18::10");
        assert_eq!(PacketText::arrow(a, b), PacketText::from("10.0.2.9 → 255.255.255.255"));
        assert_eq!(PacketText::arrow(a, b), "10.0.2.9 → 255.255.255.255");
        assert!(PacketText::arrow(a, b) != "10.0.2.9 → 255.255.255.25" && PacketText::arrow(a, b) != "10.0.2.9");
        assert!(PacketText::default().is_empty() && !PacketText::ip(a).is_empty());
        let json = serde_json::to_string(&PacketText::ports(a, 1, b, 2)).unwrap();
        assert_eq!(json, "\"10.0.2.9:1 → 255.255.255.255:2\"");
        assert_eq!(serde_json::from_str::<PacketText>(&json).unwrap(), PacketText::ports(a, 1, b, 2));
        assert_eq!(Text::lit("OK"), Text::from("OK"));
    }
}
