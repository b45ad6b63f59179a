//! The data plane: compile a topology into lookup tables, then forward packets through it.

mod balancer;
mod compile;
mod conntrack;
mod dx;
mod filter;
mod forward;
mod lookup;
mod nat;
mod privatelink;
mod proxy;
mod resolve;
mod services;
mod transit;
mod underlay;
pub use underlay::note_in;

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::IpAddr;
use serde::{Deserialize, Serialize};

pub use conntrack::ConnEntry;
pub use nat::NatEntry;

use crate::error::Error;
use crate::model::Topology;
use crate::packet::{Header, HttpRequest, Protocol, TcpFlags};
use crate::trace::{Exchange, PacketText, Reason, Text, Trace, TracerouteHop, Verdict};
use compile::Compiled;
use conntrack::ConnTrack;
use forward::{Endpoint, State, Walk};
use nat::NatTables;
use resolve::Source;

/// What the user asks: "send this from here to there". Endpoints are resolved by the simulator:
/// an instance id, an ENI id, an IP address (an address no ENI owns is an external host), or — for `to` —
/// a DNS name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Probe {
    pub from: String,
    pub to: String,
    pub protocol: Protocol,
    /// Source port; the simulator picks a deterministic ephemeral port when absent.
    #[serde(default)]
    pub src_port: Option<u16>,
    /// Destination port (TCP/UDP); ignored for ICMP.
    #[serde(default)]
    pub dst_port: u16,
    #[serde(default)]
    pub options: ProbeOptions,
}

/// Less common packet properties; the defaults are an ordinary 64-TTL, 60-byte, DF-set packet.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProbeOptions {
    pub ttl: u8,
    pub length: u16,
    pub df: bool,
    pub fragment: bool,
    /// An HTTP request (IMDS).
    pub http: Option<HttpRequest>,
    /// Sent from a container behind a bridge on the instance: one extra L3 hop (S18).
    pub from_container: bool,
    /// TCP flags; a connection starts with `syn` (the default), data of an open one is `ack`.
    pub tcp_flags: Option<TcpFlags>,
    /// Annotate hops with the underlay teaching model (R15).
    pub underlay: bool,
    /// Send through this explicit proxy (an instance or ENI id whose instance has the `proxy` role, R6.13):
    /// the client connects to the proxy's address on `proxy_port`, the proxy connects to `to` (proxy.rs).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via_proxy: Option<String>,
    /// The proxy's listen port, a client setting (default 3128).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub proxy_port: Option<u16>,
}

impl Default for ProbeOptions {
    fn default() -> Self {
        Self {
            ttl: 64,
            length: 60,
            df: true,
            fragment: false,
            http: None,
            from_container: false,
            tcp_flags: None,
            underlay: false,
            via_proxy: None,
            proxy_port: None,
        }
    }
}

/// A topology compiled for forwarding, plus the stateful parts (connection tracking, NAT tables) on a
/// virtual clock.
pub struct Simulator {
    topology: Topology,
    compiled: Compiled,
    conntrack: ConnTrack,
    nat: NatTables,
    clock: u64,
    sent: u64,
}

/// The ephemeral range Amazon Linux uses (R4.10); a probe without a source port takes the next one.
const EPHEMERAL_FIRST: u16 = 32768;
const EPHEMERAL_COUNT: u64 = 61000 - 32768 + 1;

impl Simulator {
    pub fn new(topology: Topology) -> Result<Self, Error> {
        let compiled = Compiled::new(&topology);
        Ok(Self { topology, compiled, conntrack: ConnTrack::default(), nat: NatTables::default(), clock: 0, sent: 0 })
    }

    pub fn topology(&self) -> &Topology {
        &self.topology
    }

    /// Replaces the topology (an edit), keeping connection tracking and NAT state: tracked flows survive a
    /// rule change, untracked ones are judged by the new rules at their next packet (R3.9, B05).
    pub fn set_topology(&mut self, topology: Topology) {
        self.compiled = Compiled::new(&topology);
        self.topology = topology;
    }

    /// Back to the state of a fresh `Simulator::new` (no connections, no NAT mappings, clock and ephemeral port
    /// at their start) without recompiling: `reach` sends every pair as if it were the first packet.
    pub fn reset(&mut self) {
        self.conntrack = ConnTrack::default();
        self.nat = NatTables::default();
        self.clock = 0;
        self.sent = 0;
    }

    /// Seconds on the virtual clock.
    pub fn now(&self) -> u64 {
        self.clock
    }

    /// Moves the virtual clock forward (idle timeouts, peering expiry).
    pub fn advance(&mut self, seconds: u64) {
        self.clock = self.clock.saturating_add(seconds);
    }

    /// Connection-tracking entries, for the state panels.
    pub fn connections(&self) -> Vec<ConnEntry> {
        let ids: Vec<String> =
            self.topology.network_interfaces.iter().map(|e| e.network_interface_id.clone()).collect();
        self.conntrack.entries(&ids, self.clock)
    }

    /// NAT port maps, for the state panels.
    pub fn translations(&self) -> Vec<NatEntry> {
        self.nat.entries(self.clock)
    }

    /// Sends one packet and, when it is delivered, plays its reply (TCP SYN-ACK, UDP reply, ICMP echo reply)
    /// through the same state, so a missing return rule shows on the way back (S02).
    pub fn send(&mut self, probe: &Probe) -> Result<Exchange, Error> {
        let mut ex = self.exchange(probe)?;
        if probe.options.underlay {
            underlay::annotate(&self.topology, &mut ex.forward);
            if let Some(r) = ex.reply.as_mut() {
                underlay::annotate(&self.topology, r);
            }
        }
        Ok(ex)
    }

    fn exchange(&mut self, probe: &Probe) -> Result<Exchange, Error> {
        let t = &self.topology;
        let c = &self.compiled;
        let src = resolve::source(t, c, &probe.from)?;
        let opts = &probe.options;
        // R6.13: through an explicit proxy the client's packet goes to the proxy; the proxy resolves and
        // connects to the real destination.
        let via = match &opts.via_proxy {
            Some(p) => Some(proxy_hop(t, c, p, probe, src)?),
            None => None,
        };
        let dst = match &via {
            Some((_, to_proxy)) => *to_proxy,
            None => resolve::destination(t, c, &probe.to, src)?,
        };
        let src_ip = match (src, dst) {
            (Source::Eni(e, ip), IpAddr::V6(_)) if ip.is_ipv4() => {
                t.network_interfaces.get(e).and_then(|n| n.ipv6_addresses.first()).map(|a| IpAddr::V6(*a)).ok_or_else(
                    || {
                        Error::new(
                            &probe.from,
                            "Ipv6Addresses",
                            "R1.6",
                            "the interface has no IPv6 address for an IPv6 destination",
                        )
                    },
                )?
            }
            (Source::Eni(_, ip), _) | (Source::External(ip), _) => ip,
        };
        if src_ip.is_ipv4() != dst.is_ipv4() {
            return Err(Error::new(
                "probe",
                "to",
                "R2.4",
                format!("{src_ip} and {dst} are not of the same IP version"),
            ));
        }
        let src_port = probe.src_port.unwrap_or_else(|| EPHEMERAL_FIRST + (self.sent % EPHEMERAL_COUNT) as u16);
        self.sent = self.sent.wrapping_add(1);
        let tcp = probe.protocol == Protocol::TCP;
        let header = Header {
            src: src_ip,
            dst,
            protocol: probe.protocol,
            src_port: if probe.protocol.has_ports() || probe.protocol.is_icmp() { src_port } else { 0 },
            dst_port: match &via {
                Some(_) => opts.proxy_port.unwrap_or(proxy::DEFAULT_PROXY_PORT),
                None if probe.protocol.has_ports() => probe.dst_port,
                None => 0,
            },
            tcp_flags: tcp.then(|| opts.tcp_flags.unwrap_or_default()),
            icmp: probe.protocol.is_icmp().then_some((8, 0)),
            ttl: opts.ttl,
            length: opts.length,
            df: opts.df,
            fragment: opts.fragment,
        };

        let state = State { conntrack: &mut self.conntrack, nat: &mut self.nat, now: self.clock };
        let mut w = Walk::new(t, c, state);
        if let Some((mut req, _)) = via {
            req.src_port = EPHEMERAL_FIRST + (self.sent % EPHEMERAL_COUNT) as u16; // the proxy's own ephemeral port
            self.sent = self.sent.wrapping_add(1);
            w.proxy.pending = Some(alloc::boxed::Box::new(req));
        }
        // A link-local service answers the instance itself, before any filter (R10.x, R11.x).
        if let Source::Eni(eni, _) = src {
            let vpc = resolve::vpc_of_eni(c, eni).and_then(|v| t.vpcs.get(v));
            if let Some(service) = services::service_at(vpc, dst) {
                let instance = t
                    .network_interfaces
                    .get(eni)
                    .and_then(|e| e.instance_id.as_ref())
                    .and_then(|id| c.instance.get(id))
                    .and_then(|&i| t.instances.get(i));
                let result = services::request(&mut w, eni, instance, vpc, service, &header, opts);
                let forward = finish(w, result.as_ref().map(|_| ()).map_err(|r| *r));
                let reply = if result.is_ok() {
                    let state = State { conntrack: &mut self.conntrack, nat: &mut self.nat, now: self.clock };
                    let mut w = Walk::new(t, c, state);
                    let answer = services::answer(&mut w, instance, service, &reply_header(&header), opts);
                    Some(finish(w, answer))
                } else {
                    None
                };
                return Ok(Exchange { forward, reply });
            }
        }
        let result = match src {
            Source::Eni(eni, _) => w.leave_eni(eni, header, false),
            Source::External(_) => w.enter_from_outside(header),
        };
        let received = w.hops.last().map(|h| h.header_out);
        let lb = w.lb.take();
        let proxy_leg = w.proxy.leg.take();
        let pl_leg = w.privatelink.leg.take();
        let forward = finish(w, result.as_ref().map(|_| ()).map_err(|r| *r));
        let (Ok(endpoint), Some(received)) = (result, received) else {
            return Ok(Exchange { forward, reply: None });
        };

        let state = State { conntrack: &mut self.conntrack, nat: &mut self.nat, now: self.clock };
        let mut w = Walk::new(t, c, state);
        let mut back = reply_header(&received);
        if let Some(leg) = &lb {
            // Through a load balancer the reply returns to its node, which answers the client from the
            // listener's address (balancer.rs).
            if let Some(node) = t.network_interfaces.get(leg.lb_eni).and_then(|e| e.primary_ip()) {
                back.dst = IpAddr::V4(node);
            }
            w.lb_return = Some(reply_header(&leg.client));
        }
        if let Some((eni, client)) = proxy_leg.as_deref() {
            // The destination answers the proxy, which answers the client on the first connection (R6.13).
            w.proxy.back = Some(alloc::boxed::Box::new((*eni, reply_header(client))));
        }
        if let Some((eni, consumer)) = pl_leg.as_deref() {
            // The provider answers the NLB node; PrivateLink hands the reply to the endpoint ENI (R9.8).
            w.privatelink.back = Some(alloc::boxed::Box::new((*eni, reply_header(consumer))));
        }
        let result = match endpoint {
            Endpoint::Eni(eni) => w.leave_eni(eni, back, false),
            Endpoint::Internet => w.enter_from_internet(back),
            // R14.7: over a public VIF the reply comes back in as from the internet, or leaves the service over it.
            Endpoint::OnPremises(id) if dx::is_public_vif(t, &id) => dx::reply_in(&mut w, &id, back),
            Endpoint::AwsService(s) if matches!(src, Source::External(_)) => dx::service_reply(&mut w, &s, back),
            Endpoint::OnPremises(_) | Endpoint::AwsService(_) => match src {
                // Replies from a VPN site or an AWS service come back in the way the request left.
                Source::Eni(eni, _) => w.return_to_vpc(eni, back),
                Source::External(_) => Err(Reason::CannotRoute),
            },
            Endpoint::LinkLocal(_) => Ok(Endpoint::Internet),
        };
        Ok(Exchange { forward, reply: Some(finish(w, result.map(|_| ()))) })
    }
}

/// The proxy a probe names (R6.13): its relay instruction and the address the client connects to — its private
/// address, or its public one for a client on the internet.
fn proxy_hop(
    t: &Topology,
    c: &Compiled,
    id: &str,
    probe: &Probe,
    src: Source,
) -> Result<(proxy::ProxyRequest, IpAddr), Error> {
    let Source::Eni(eni, _) = resolve::source(t, c, id)? else {
        return Err(Error::new("probe", "via_proxy", "R6.13", format!("`{id}` is not an instance or interface")));
    };
    let instance = t
        .network_interfaces
        .get(eni)
        .and_then(|e| e.instance_id.as_ref())
        .and_then(|i| c.instance.get(i))
        .and_then(|&i| t.instances.get(i));
    if instance.is_none_or(|i| i.role != crate::model::InstanceRole::Proxy) {
        return Err(Error::new(id, "Role", "R6.13", "this instance is not a proxy (role `proxy`)"));
    }
    if probe.protocol != Protocol::TCP {
        return Err(Error::new("probe", "protocol", "R6.13", "a proxy carries TCP connections only"));
    }
    let proxy_ip = t.network_interfaces.get(eni).and_then(|e| e.primary_ip()).map(IpAddr::V4);
    let to_proxy = match src {
        Source::Eni(..) => proxy_ip,
        Source::External(_) => t.network_interfaces.get(eni).and_then(|e| e.public_ip).map(IpAddr::V4).or(proxy_ip),
    }
    .ok_or_else(|| Error::new(id, "PrivateIpAddresses", "R6.13", "the proxy has no address"))?;
    let dst = resolve::destination(t, c, &probe.to, Source::Eni(eni, to_proxy))?;
    if forward::is_link_local(dst) {
        return Err(Error::new("probe", "to", "R10.1", "link-local services through a proxy are not modelled"));
    }
    let req = proxy::ProxyRequest { eni, dst, dst_port: probe.dst_port, src_port: 0 };
    Ok((req, to_proxy))
}

/// The reply to a received header: addresses and ports swapped, SYN → SYN-ACK, echo request → echo reply.
fn reply_header(rx: &Header) -> Header {
    Header {
        src: rx.dst,
        dst: rx.src,
        protocol: rx.protocol,
        src_port: if rx.protocol.is_icmp() { rx.src_port } else { rx.dst_port },
        dst_port: if rx.protocol.is_icmp() { rx.dst_port } else { rx.src_port },
        tcp_flags: rx.tcp_flags.map(|f| if f == TcpFlags::Syn { TcpFlags::SynAck } else { TcpFlags::Ack }),
        icmp: rx.icmp.map(|_| (0, 0)),
        ttl: 64,
        length: rx.length,
        df: rx.df,
        fragment: false,
    }
}

fn finish(w: Walk, result: Result<(), Reason>) -> Trace {
    let mut traceroute = w.traceroute;
    let (verdict, reason) = match result {
        Ok(()) => {
            // The destination's line (`Walk::arrived`) shows the address the source sent to (a public IP, an
            // NLB, a proxy…), whatever private address the packet was translated to on the way (seed 004, test 1).
            if let (Some(last), Some(first)) = (traceroute.last_mut(), w.hops.first()) {
                if last.address.is_empty() {
                    last.address = PacketText::ip(first.header_in.dst);
                }
            }
            (Verdict::Delivered, None)
        }
        Err(r) => {
            traceroute.push(TracerouteHop {
                ttl: traceroute.len() as u8 + 1,
                address: Text::lit("*").into(),
                label: Text::lit(r.code()),
            });
            (Verdict::Dropped, Some(r))
        }
    };
    Trace { verdict, reason, entry: w.entry, hops: w.hops, flow_logs: w.flow_logs, traceroute }
}
