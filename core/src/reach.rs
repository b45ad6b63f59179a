//! All-pairs reachability: which ENIs can open a connection (protocol, destination port) to which, and why
//! the others cannot — computed over equivalence classes of ENIs, not pair by pair.
//!
//! Every verdict comes from [`Simulator::send`]: for each (source class, destination class) one
//! representative pair is sent, on fresh state (no connection tracking, no NAT mappings, clock 0, the first
//! ephemeral source port — exactly what a new `Simulator` decides for its first packet), and the outcome is
//! shared by every pair of members. A pair is reachable when the request is delivered and its reply
//! (SYN-ACK, UDP reply, echo reply) is delivered too.
//!
//! **Invariant: members of a class are interchangeable.** Two ENIs are in one class only when the engine
//! cannot tell them apart as a source or as a destination of an ENI-to-ENI probe:
//!
//! - the same subnet (hence VPC, AZ, route table R2.1/R2.2, network ACL R4.5, the same-subnet shortcut R2.13),
//!   interface type, source/destination check (R2.15), number of private addresses and IPv6 presence;
//! - the same set of security groups, sorted and deduplicated (any rule of any group allows, R3.4; a
//!   reference to a group matches its members' private IPs, R3.7, so membership is part of the key);
//! - the same instance attributes that forwarding reads: state (a stopped instance drops), role (R6.13),
//!   placement group, IMDS options;
//! - the same *address atom* for the primary private IPv4 and, when there is one, the public IPv4 (R5.4): the
//!   address space is cut at both ends of every IPv4 prefix or address that appears anywhere in the
//!   configuration outside the ENI and instance lists (SG rules, NACL entries, routes, prefix lists,
//!   peering and TGW routes, VPC and subnet CIDRs, EIPs, targets, on-premises networks, …, found by walking
//!   the serialized model so a new field cannot be missed), at the ranges the engine itself tests (RFC 1918,
//!   100.64/10, loopback, link-local and its services, each VPC's DNS address), and around every address
//!   that two interfaces hold. Two addresses in one atom are inside exactly the same configured prefixes,
//!   so every longest-prefix match (R2.4), SG CIDR (R3.6) and NACL entry (R4.2) decides them alike.
//!
//! An ENI is a class of its own when something names it rather than its address: its id or its instance's
//! id appears in the configuration (a route target R2.10, an EIP association, a load balancer target or
//! node, an endpoint ENI), its instance has several ENIs, it is not an ordinary `interface`, or one of its
//! addresses is held by another interface too (overlapping VPCs: which ENI an address reaches depends on
//! where the packet is). A finer partition only costs sends; a coarser one would be wrong, so when in doubt
//! the key is finer.
//!
//! **Invariant: the result equals the pair-by-pair oracle** — sending every pair on a fresh `Simulator`
//! (`tests/tests/reach.rs` checks it on generated topologies, the corpus and the Batfish snapshots;
//! `tests/tests/robustness.rs` on mutated ones). Self pairs are left out. An id that several ENIs share takes
//! part once, as the last of them, which is the ENI a probe naming that id resolves to. By default the
//! hosts take part (instance and standalone ENIs, Lambda ENIs); a NAT gateway, load balancer, endpoint or TGW
//! ENI only when a query names its ENI id. Only ENIs with a private IPv4 address take part (the probe is
//! IPv4); the others are listed as skipped.
//!
//! Output order is deterministic: classes by their first member's position in the topology, members in
//! topology order, results by (source class, destination class).

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::Ipv4Addr;
use ipnet::Ipv4Net;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::dataplane::{Probe, ProbeOptions, Simulator};
use crate::error::Error;
use crate::model::{InterfaceType, Topology};
use crate::packet::Protocol;
use crate::reason::Reason;
use crate::trace::{Exchange, Verdict};

/// What to ask: one protocol and destination port, optionally restricted to some sources and destinations.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Query {
    pub protocol: Protocol,
    /// Destination port (TCP/UDP); ignored for ICMP.
    #[serde(default)]
    pub port: u16,
    /// Sources: ENI, instance, subnet or VPC ids. Empty: every host ENI (`is_host`; others by their ENI id).
    #[serde(default)]
    pub from: Vec<String>,
    /// Destinations, named the same way. Empty: every ENI.
    #[serde(default)]
    pub to: Vec<String>,
}

impl Query {
    pub fn new(protocol: Protocol, port: u16) -> Self {
        Self { protocol, port, from: Vec::new(), to: Vec::new() }
    }
}

/// ENIs the engine cannot tell apart (see the module documentation).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Class {
    pub id: usize,
    pub vpc: String,
    pub subnet: String,
    pub groups: Vec<String>,
    /// Whether the members are selected as sources / as destinations.
    pub source: bool,
    pub destination: bool,
    /// ENI ids, in topology order.
    pub members: Vec<String>,
}

/// Which leg a drop happened on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Leg {
    Forward,
    Return,
}

/// What happened to a pair: `Simulator::send`'s verdict on the request and its reply.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "lowercase")]
pub enum Outcome {
    Reachable,
    Unreachable {
        leg: Leg,
        reason: Option<Reason>,
    },
    /// The engine refused the probe (its message names the representative pair).
    Refused {
        error: Error,
    },
}

impl Outcome {
    pub fn of(ex: &Exchange) -> Self {
        if ex.forward.verdict == Verdict::Dropped {
            return Outcome::Unreachable { leg: Leg::Forward, reason: ex.forward.reason };
        }
        match &ex.reply {
            Some(r) if r.verdict == Verdict::Dropped => Outcome::Unreachable { leg: Leg::Return, reason: r.reason },
            _ => Outcome::Reachable,
        }
    }

    pub fn is_reachable(&self) -> bool {
        *self == Outcome::Reachable
    }
}

/// The representative pair a class pair was decided by; `vpcsim trace --from … --to …` shows its hops.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Traced {
    pub from: String,
    pub to: String,
}

/// One (source class, destination class) result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClassPair {
    pub from: usize,
    pub to: usize,
    /// Member pairs it stands for: |from| × |to|, less the self pairs when `from == to`.
    pub pairs: u64,
    #[serde(flatten)]
    pub outcome: Outcome,
    pub traced: Traced,
}

/// An ENI left out, and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Skipped {
    pub interface: String,
    pub why: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    pub total: u64,
    pub reachable: u64,
    pub unreachable: u64,
}

/// The answer; its JSON is `vpcsim reach --json` (documented in README.md).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reach {
    pub protocol: Protocol,
    pub port: u16,
    /// ENIs taking part.
    pub interfaces: usize,
    pub classes: Vec<Class>,
    pub skipped: Vec<Skipped>,
    pub pairs: Totals,
    pub results: Vec<ClassPair>,
}

impl Reach {
    /// Every (source, destination, outcome) pair, expanded from the classes in result order.
    pub fn pairs(&self) -> impl Iterator<Item = (&str, &str, &Outcome)> + '_ {
        self.results.iter().flat_map(move |r| {
            // `get`: a `Reach` read back from JSON may name classes it does not hold.
            let none: &[String] = &[];
            let from = self.classes.get(r.from).map_or(none, |c| &c.members[..]);
            let to = self.classes.get(r.to).map_or(none, |c| &c.members[..]);
            let same = r.from == r.to;
            from.iter().flat_map(move |s| {
                to.iter().filter(move |d| !(same && *d == s)).map(move |d| (s.as_str(), d.as_str(), &r.outcome))
            })
        })
    }

    /// The class an ENI id is in.
    pub fn class_of(&self, eni: &str) -> Option<usize> {
        self.classes.iter().position(|c| c.members.iter().any(|m| m == eni))
    }

    /// The outcome for one pair of ENI ids (`None`: not a selected pair, or a self pair).
    pub fn outcome(&self, from: &str, to: &str) -> Option<&Outcome> {
        if from == to {
            return None;
        }
        let key = (self.class_of(from)?, self.class_of(to)?);
        let i = self.results.binary_search_by_key(&key, |r| (r.from, r.to)).ok()?;
        self.results.get(i).map(|r| &r.outcome)
    }
}

/// All-pairs reachability over `topology` (see the module documentation).
pub fn reach(topology: Topology, query: &Query) -> Result<Reach, Error> {
    let mut sim = Simulator::new(topology)?;
    let plan = plan(sim.topology(), query)?;
    let mut results = Vec::new();
    let mut totals = Totals::default();
    for (i, ci) in plan.classes.iter().enumerate().filter(|(_, c)| c.source) {
        for (j, cj) in plan.classes.iter().enumerate().filter(|(_, c)| c.destination) {
            let (n, m) = (ci.members.len() as u64, cj.members.len() as u64);
            let pairs = if i == j { n.saturating_mul(n.saturating_sub(1)) } else { n.saturating_mul(m) };
            let (Some(s), Some(d)) = (ci.members.first(), cj.members.get(usize::from(i == j))) else {
                continue; // a one-member class has no pair with itself
            };
            sim.reset();
            let probe = Probe {
                from: s.clone(),
                to: d.clone(),
                protocol: query.protocol,
                src_port: None,
                dst_port: query.port,
                options: ProbeOptions::default(),
            };
            let outcome = match sim.send(&probe) {
                Ok(ex) => Outcome::of(&ex),
                Err(error) => Outcome::Refused { error },
            };
            totals.total = totals.total.saturating_add(pairs);
            if outcome.is_reachable() {
                totals.reachable = totals.reachable.saturating_add(pairs);
            } else {
                totals.unreachable = totals.unreachable.saturating_add(pairs);
            }
            results.push(ClassPair {
                from: i,
                to: j,
                pairs,
                outcome,
                traced: Traced { from: s.clone(), to: d.clone() },
            });
        }
    }
    Ok(Reach {
        protocol: query.protocol,
        port: query.port,
        interfaces: plan.interfaces,
        classes: plan.classes,
        skipped: plan.skipped,
        pairs: totals,
        results,
    })
}

/// The partition, before any packet is sent.
struct Plan {
    interfaces: usize,
    classes: Vec<Class>,
    skipped: Vec<Skipped>,
}

/// What makes two ENIs interchangeable (module documentation). Field order is the comparison order.
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct Key<'t> {
    /// `Some(position)` for an ENI that is a class of its own.
    alone: Option<usize>,
    subnet: &'t str,
    source: bool,
    destination: bool,
    interface_type: u8,
    source_dest_check: bool,
    groups: Vec<&'t str>,
    /// `None` without an instance.
    instance: Option<InstanceKey<'t>>,
    private_addresses: usize,
    ipv6: bool,
    atom: usize,
    public_atom: Option<usize>,
}

/// What forwarding reads from an instance: its state (a stopped instance drops), its role (R6.13), its
/// placement group (R12) and IMDS options (R10).
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct InstanceKey<'t> {
    state: u8,
    role: u8,
    placement_group: Option<&'t str>,
    imds: (u8, u8, u8),
}

fn plan(t: &Topology, q: &Query) -> Result<Plan, Error> {
    let subnet_vpc: BTreeMap<&str, &str> =
        t.subnets.iter().map(|s| (s.subnet_id.as_str(), s.vpc_id.as_str())).collect();
    let instance: BTreeMap<&str, usize> =
        t.instances.iter().enumerate().map(|(i, x)| (x.instance_id.as_str(), i)).collect();

    let selects = |sel: &[String], field: &str| -> Result<Vec<bool>, Error> {
        let mut picked: Vec<bool> = t.network_interfaces.iter().map(|e| sel.is_empty() && is_host(e)).collect();
        for s in sel {
            let mut any = false;
            for (i, e) in t.network_interfaces.iter().enumerate() {
                let hit = e.network_interface_id == *s
                    || is_host(e)
                        && (e.instance_id.as_deref() == Some(s.as_str())
                            || e.subnet_id == *s
                            || subnet_vpc.get(e.subnet_id.as_str()).is_some_and(|v| *v == s.as_str()));
                if hit {
                    picked[i] = true;
                    any = true;
                }
            }
            if !any {
                return Err(Error::new(
                    "query",
                    field,
                    "",
                    format!("`{s}` names no network interface, instance, subnet or VPC"),
                ));
            }
        }
        Ok(picked)
    };
    let sources = selects(&q.from, "from")?;
    let destinations = selects(&q.to, "to")?;

    let last: BTreeMap<&str, usize> =
        t.network_interfaces.iter().enumerate().map(|(i, e)| (e.network_interface_id.as_str(), i)).collect();
    let config = Config::of(t)?;
    let mut classes: Vec<Class> = Vec::new();
    let mut by_key: BTreeMap<Key, usize> = BTreeMap::new();
    let mut skipped = Vec::new();
    let mut interfaces = 0;
    for (i, e) in t.network_interfaces.iter().enumerate() {
        let (source, destination) = (sources[i], destinations[i]);
        if !source && !destination {
            continue;
        }
        if last.get(e.network_interface_id.as_str()) != Some(&i) {
            // A probe names an ENI by id, and the engine's index keeps the last ENI of an id.
            skipped.push(Skipped {
                interface: e.network_interface_id.clone(),
                why: String::from("a later interface has the same id"),
            });
            continue;
        }
        let Some(ip) = e.primary_ip() else {
            skipped.push(Skipped {
                interface: e.network_interface_id.clone(),
                why: String::from("no private IPv4 address"),
            });
            continue;
        };
        interfaces += 1;
        let inst = e.instance_id.as_deref().and_then(|id| instance.get(id)).and_then(|&x| t.instances.get(x));
        let named = config.ids.contains(e.network_interface_id.as_str())
            || e.instance_id.as_deref().is_some_and(|id| config.ids.contains(id))
            || config.named_by_instance.contains(e.network_interface_id.as_str());
        let shared_address = e.private_ip_addresses.iter().chain(&e.public_ip).any(|a| config.shared.contains(a));
        let alone = named
            || shared_address
            || e.interface_type != InterfaceType::Interface
            || inst.is_some_and(|x| x.network_interfaces.len() > 1);
        let mut groups: Vec<&str> = e.groups.iter().map(String::as_str).collect();
        groups.sort_unstable();
        groups.dedup();
        let key = Key {
            alone: alone.then_some(i),
            subnet: &e.subnet_id,
            source,
            destination,
            interface_type: e.interface_type as u8,
            source_dest_check: e.source_dest_check,
            groups,
            instance: inst.map(|x| InstanceKey {
                state: x.state as u8,
                role: x.role as u8,
                placement_group: x.placement_group.as_deref(),
                imds: (
                    x.metadata_options.http_endpoint as u8,
                    x.metadata_options.http_tokens as u8,
                    x.metadata_options.http_put_response_hop_limit,
                ),
            }),
            private_addresses: e.private_ip_addresses.len(),
            ipv6: !e.ipv6_addresses.is_empty(),
            atom: config.atom(ip),
            public_atom: e.public_ip.map(|p| config.atom(p)),
        };
        let id = match by_key.get(&key) {
            Some(&c) => c,
            None => {
                let c = classes.len();
                classes.push(Class {
                    id: c,
                    vpc: subnet_vpc.get(e.subnet_id.as_str()).map(|v| String::from(*v)).unwrap_or_default(),
                    subnet: e.subnet_id.clone(),
                    groups: key.groups.iter().map(|g| String::from(*g)).collect(),
                    source,
                    destination,
                    members: Vec::new(),
                });
                by_key.insert(key, c);
                c
            }
        };
        if let Some(c) = classes.get_mut(id) {
            c.members.push(e.network_interface_id.clone());
        }
    }
    Ok(Plan { interfaces, classes, skipped })
}

/// An ENI that sends and receives for itself: an instance's or a standalone `interface`, or a Lambda's. A NAT
/// gateway, load balancer, endpoint or TGW ENI only carries others' packets; it takes part when named by id.
fn is_host(e: &crate::model::NetworkInterface) -> bool {
    matches!(e.interface_type, InterfaceType::Interface | InterfaceType::Lambda)
}

/// What the configuration outside the ENI and instance lists says about addresses and ids.
struct Config<'t> {
    /// Sorted cut points of the IPv4 space: an address's atom is how many are ≤ it.
    cuts: Vec<u32>,
    /// Every string value in the configuration (ids that name resources).
    ids: BTreeSet<String>,
    /// ENIs listed by an instance whose id the configuration names (the instance's first ENI answers for it).
    named_by_instance: BTreeSet<&'t str>,
    /// Addresses two interfaces hold.
    shared: BTreeSet<Ipv4Addr>,
}

/// Ranges the engine tests by itself (`forward::is_global`, `is_link_local`, `services`).
const ENGINE_RANGES: [(u32, u8); 11] = [
    (0x0000_0000, 8),  // 0.0.0.0/8 (unspecified)
    (0x0a00_0000, 8),  // 10.0.0.0/8
    (0x6440_0000, 10), // 100.64.0.0/10
    (0x7f00_0000, 8),  // 127.0.0.0/8
    (0xa9fe_0000, 16), // 169.254.0.0/16
    (0xa9fe_a97b, 32), // 169.254.169.123 (time)
    (0xa9fe_a9fd, 32), // 169.254.169.253 (DNS)
    (0xa9fe_a9fe, 32), // 169.254.169.254 (IMDS)
    (0xac10_0000, 12), // 172.16.0.0/12
    (0xc0a8_0000, 16), // 192.168.0.0/16
    (0xffff_ffff, 32), // broadcast
];

impl<'t> Config<'t> {
    fn of(t: &'t Topology) -> Result<Self, Error> {
        let mut prefixes: Vec<(u32, u8)> = ENGINE_RANGES.to_vec();
        let mut ids = BTreeSet::new();
        // Destructured without `..`: a list added to the model must be placed here, in or out of the walk.
        let Topology {
            vpcs,
            subnets,
            route_tables,
            prefix_lists,
            internet_gateways,
            egress_only_internet_gateways,
            nat_gateways,
            addresses,
            network_interfaces,
            instances,
            placement_groups,
            security_groups,
            network_acls,
            vpc_peering_connections,
            transit_gateways,
            transit_gateway_attachments,
            transit_gateway_route_tables,
            vpn_gateways,
            customer_gateways,
            vpn_connections,
            direct_connect_gateways,
            virtual_interfaces,
            vpc_endpoints,
            vpc_endpoint_services,
            load_balancers,
            target_groups,
            external_networks,
        } = t;
        let mut walk = |v: Result<Value, serde_json::Error>| -> Result<(), Error> {
            let v = v.map_err(|e| Error::new("topology", "", "", format!("{e}")))?;
            collect(&v, &mut prefixes, &mut ids);
            Ok(())
        };
        walk(serde_json::to_value(vpcs))?;
        walk(serde_json::to_value(subnets))?;
        walk(serde_json::to_value(route_tables))?;
        walk(serde_json::to_value(prefix_lists))?;
        walk(serde_json::to_value(internet_gateways))?;
        walk(serde_json::to_value(egress_only_internet_gateways))?;
        walk(serde_json::to_value(nat_gateways))?;
        walk(serde_json::to_value(addresses))?;
        walk(serde_json::to_value(placement_groups))?;
        walk(serde_json::to_value(security_groups))?;
        walk(serde_json::to_value(network_acls))?;
        walk(serde_json::to_value(vpc_peering_connections))?;
        walk(serde_json::to_value(transit_gateways))?;
        walk(serde_json::to_value(transit_gateway_attachments))?;
        walk(serde_json::to_value(transit_gateway_route_tables))?;
        walk(serde_json::to_value(vpn_gateways))?;
        walk(serde_json::to_value(customer_gateways))?;
        walk(serde_json::to_value(vpn_connections))?;
        walk(serde_json::to_value(direct_connect_gateways))?;
        walk(serde_json::to_value(virtual_interfaces))?;
        walk(serde_json::to_value(vpc_endpoints))?;
        walk(serde_json::to_value(vpc_endpoint_services))?;
        walk(serde_json::to_value(load_balancers))?;
        walk(serde_json::to_value(target_groups))?;
        walk(serde_json::to_value(external_networks))?;
        // Each VPC's DNS resolver at its base + 2 (R11.1), which `services` answers.
        for v in vpcs {
            if let Some(n) = v.cidr_blocks.first() {
                prefixes.push((u32::from(n.network()).saturating_add(2), 32));
            }
        }
        // The ENI and instance lists are the class key itself; only what they share is a cut.
        let mut holders: BTreeMap<Ipv4Addr, usize> = BTreeMap::new();
        for e in network_interfaces {
            let mut own: Vec<Ipv4Addr> = e.private_ip_addresses.iter().chain(&e.public_ip).copied().collect();
            own.sort_unstable();
            own.dedup();
            for a in own {
                *holders.entry(a).or_default() += 1;
            }
        }
        let shared: BTreeSet<Ipv4Addr> = holders.into_iter().filter(|(_, n)| *n > 1).map(|(a, _)| a).collect();
        prefixes.extend(shared.iter().map(|a| (u32::from(*a), 32)));
        let named_by_instance = instances
            .iter()
            .filter(|i| ids.contains(i.instance_id.as_str()))
            .flat_map(|i| i.network_interfaces.iter().map(String::as_str))
            .collect();

        let mut cuts = Vec::with_capacity(prefixes.len() * 2);
        for (base, len) in prefixes {
            let Ok(n) = Ipv4Net::new(Ipv4Addr::from(base), len) else { continue };
            cuts.push(u32::from(n.network()));
            if let Some(after) = u32::from(n.broadcast()).checked_add(1) {
                cuts.push(after);
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        Ok(Config { cuts, ids, named_by_instance, shared })
    }

    fn atom(&self, a: Ipv4Addr) -> usize {
        let a = u32::from(a);
        self.cuts.partition_point(|&c| c <= a)
    }
}

/// Every IPv4 prefix or address (a string that parses as one) and every string, anywhere in `v`.
fn collect(v: &Value, prefixes: &mut Vec<(u32, u8)>, ids: &mut BTreeSet<String>) {
    match v {
        Value::String(s) => {
            if let Ok(n) = s.parse::<Ipv4Net>() {
                prefixes.push((u32::from(n.network()), n.prefix_len()));
            } else if let Ok(a) = s.parse::<Ipv4Addr>() {
                prefixes.push((u32::from(a), 32));
            } else if !ids.contains(s.as_str()) {
                ids.insert(s.clone());
            }
        }
        Value::Array(a) => a.iter().for_each(|x| collect(x, prefixes, ids)),
        Value::Object(o) => o.values().for_each(|x| collect(x, prefixes, ids)),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}
