//! Compile: derive what forwarding needs from the model, once per topology — indexes by id and by address,
//! each subnet's effective route table and NACL, routes sorted for longest-prefix match, prefix lists expanded.

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::string::String;
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr};
use ipnet::IpNet;

use super::filter::{nacl_entry_rule, sg_rule_ref, Direction};
use crate::model::*;
use crate::trace::{Component, ComponentKind, RuleKind, RuleRef, Text};

/// One route, ready for lookup: destination expanded, target classified.
#[derive(Clone, Debug)]
pub(crate) struct CompiledRoute {
    pub dest: IpNet,
    /// The prefix list this entry came from (R2.7 tie-break; gateway endpoints).
    pub prefix_list: Option<String>,
    pub target: String,
    pub kind: TargetKind,
    /// The NAT gateway a `nat-…` target names, resolved here rather than per packet.
    pub nat: Option<usize>,
    pub blackhole: bool,
    pub origin: RouteOrigin,
    /// The route as a trace shows it, built once here rather than per packet.
    pub rule: RuleRef,
}

/// How traces name an ENI, built once per topology so each hop shares the texts.
#[derive(Clone, Debug)]
pub(crate) struct EniNames {
    /// Its instance (with the instance's `Name`), else the ENI itself.
    pub component: Component,
    pub eni_id: Text,
    /// What a tracked-connection hop names: the ENI's first SG, else the ENI.
    pub sg_owner: Text,
    /// Its VPC's owner account, as flow logs show it (`-` when unknown).
    pub account: Text,
}

/// A resource's id and `Name` tag as traces show them.
#[derive(Clone, Debug, Default)]
pub(crate) struct Named {
    pub id: Text,
    pub name: Option<Text>,
}

/// Lookup tables over a topology. Indexes are positions in the topology's lists.
#[derive(Debug, Default)]
pub(crate) struct Compiled {
    pub vpc: BTreeMap<String, usize>,
    pub subnet: BTreeMap<String, usize>,
    pub eni: BTreeMap<String, usize>,
    pub instance: BTreeMap<String, usize>,
    pub sg: BTreeMap<String, usize>,
    pub nat: BTreeMap<String, usize>,
    pub pcx: BTreeMap<String, usize>,
    pub vgw: BTreeMap<String, usize>,
    pub endpoint: BTreeMap<String, usize>,
    /// Interface endpoint ENI → its endpoint (R9.7).
    pub endpoint_by_eni: BTreeMap<usize, usize>,
    /// Per endpoint: the endpoint service of the topology it connects to (R9.8), by service name.
    pub endpoint_service: Vec<Option<usize>>,
    /// Private IPv4/IPv6 address → ENI, per VPC (two VPCs may use the same addresses).
    pub eni_by_ip: BTreeMap<(usize, IpAddr), usize>,
    /// Public IPv4 (auto-assigned or EIP) → ENI (R5.4). Public addresses are globally unique.
    pub eni_by_public_ip: BTreeMap<Ipv4Addr, usize>,
    /// NAT gateway by its private IP (per VPC) and by its public IP.
    pub nat_by_ip: BTreeMap<(usize, IpAddr), usize>,
    pub nat_by_public_ip: BTreeMap<Ipv4Addr, usize>,
    /// Per subnet: its route table (explicit association, else the VPC's main table; R2.1, R2.2).
    pub subnet_route_table: Vec<Option<usize>>,
    /// Per subnet: its NACL (explicit association, else the VPC's default NACL; R4.5).
    pub subnet_nacl: Vec<Option<usize>>,
    /// Per subnet: its VPC index.
    pub subnet_vpc: Vec<Option<usize>>,
    /// Per route table: routes sorted by prefix length, longest first (R2.4).
    pub routes: Vec<Vec<CompiledRoute>>,
    /// Per VPC: the attached IGW, EIGW, VGW (R5.1, R5.11, R14.1).
    pub vpc_igw: Vec<Option<usize>>,
    pub vpc_eigw: Vec<Option<usize>>,
    pub vpc_vgw: Vec<Option<usize>>,
    /// Per SG: the private IPs of the ENIs that carry it (R3.7: references match private IPs only).
    pub sg_members: BTreeMap<String, Vec<IpAddr>>,
    /// SG references the data plane honours, as (owner SG, referenced SG) indexes: within one VPC or across
    /// an active same-Region peering (R3.7, R7.8); any other reference is stale and matches nothing.
    pub sg_references: BTreeSet<(usize, usize)>,
    /// Prefix list id → CIDRs.
    pub prefix_lists: BTreeMap<String, Vec<IpNet>>,
    /// Per NACL: entry indices in rule-number order (R4.2), and each entry as a trace shows it.
    pub nacl_order: Vec<Vec<usize>>,
    pub nacl_rules: Vec<Vec<RuleRef>>,
    /// Per SG: its inbound and outbound rules as a trace shows them.
    pub sg_rules: Vec<(Vec<RuleRef>, Vec<RuleRef>)>,
    /// Per ENI: its subnet, its security groups (unknown ids left out), its instance and its names in traces
    /// (resolved here, not per packet).
    pub eni_subnet: Vec<Option<usize>>,
    pub eni_sgs: Vec<Vec<usize>>,
    pub eni_instance: Vec<Option<usize>>,
    pub eni_names: Vec<EniNames>,
    /// Per NAT gateway: its subnet and its own ENI.
    pub nat_subnet: Vec<Option<usize>>,
    pub nat_eni: Vec<Option<usize>>,
    /// Trace texts per subnet (AZ), IGW and NAT gateway. (NACL and route table hops name the owner of their rule.)
    pub subnet_az: Vec<Text>,
    pub igw_names: Vec<Named>,
    pub nat_names: Vec<Named>,
}

/// Maps built by inserting, not `collect`: `BTreeMap::from_iter` sorts its input with a stable sort whose code
/// is instantiated per key type, which the browser build pays for in size (BENCHMARKS.md). The last entry of
/// a key wins, as with `collect`.
fn map_of<K: Ord, V>(entries: impl Iterator<Item = (K, V)>) -> BTreeMap<K, V> {
    let mut map = BTreeMap::new();
    for (k, v) in entries {
        map.insert(k, v);
    }
    map
}

fn index<T>(items: &[T], id: impl Fn(&T) -> &str) -> BTreeMap<String, usize> {
    map_of(items.iter().enumerate().map(|(i, x)| (String::from(id(x)), i)))
}

/// R3.7, R7.8: which SG rules' references can match (see `Topology::sg_reference_usable`).
fn usable_sg_references(t: &Topology, c: &Compiled) -> BTreeSet<(usize, usize)> {
    let mut usable = BTreeSet::new();
    for (i, sg) in t.security_groups.iter().enumerate() {
        for rule in sg.ip_permissions.iter().chain(&sg.ip_permissions_egress) {
            let RulePeer::ReferencedGroupId(g) = &rule.peer else { continue };
            let Some((j, target)) = c.sg.get(g).and_then(|&j| Some((j, t.security_groups.get(j)?))) else {
                continue;
            };
            if t.sg_reference_usable(&sg.vpc_id, &target.vpc_id) {
                usable.insert((i, j));
            }
        }
    }
    usable
}

impl Compiled {
    pub fn new(t: &Topology) -> Self {
        let mut c = Compiled {
            vpc: index(&t.vpcs, |x| &x.vpc_id),
            subnet: index(&t.subnets, |x| &x.subnet_id),
            eni: index(&t.network_interfaces, |x| &x.network_interface_id),
            instance: index(&t.instances, |x| &x.instance_id),
            sg: index(&t.security_groups, |x| &x.group_id),
            nat: index(&t.nat_gateways, |x| &x.nat_gateway_id),
            pcx: index(&t.vpc_peering_connections, |x| &x.vpc_peering_connection_id),
            vgw: index(&t.vpn_gateways, |x| &x.vpn_gateway_id),
            endpoint: index(&t.vpc_endpoints, |x| &x.vpc_endpoint_id),
            ..Default::default()
        };
        // The first service of a name wins, as everywhere else a name is looked up.
        let services: BTreeMap<&str, usize> =
            map_of(t.vpc_endpoint_services.iter().enumerate().rev().map(|(i, s)| (s.service_name.as_str(), i)));
        c.endpoint_service = t.vpc_endpoints.iter().map(|e| services.get(e.service_name.as_str()).copied()).collect();
        for (i, ep) in t.vpc_endpoints.iter().enumerate() {
            if ep.vpc_endpoint_type == EndpointType::Interface {
                for eni in ep.network_interface_ids.iter().filter_map(|id| c.eni.get(id)) {
                    c.endpoint_by_eni.insert(*eni, i);
                }
            }
        }
        c.sg_references = usable_sg_references(t, &c);
        c.prefix_lists = map_of(t.prefix_lists.iter().map(|p| (p.prefix_list_id.clone(), p.cidrs.clone())));
        c.subnet_vpc = t.subnets.iter().map(|s| c.vpc.get(&s.vpc_id).copied()).collect();

        for (i, eni) in t.network_interfaces.iter().enumerate() {
            // A NAT gateway's own ENI is reached through the NAT gateway (R6.3), never as a host.
            if eni.interface_type == InterfaceType::NatGateway {
                continue;
            }
            let Some(vpc) = c.subnet.get(&eni.subnet_id).and_then(|&s| c.subnet_vpc[s]) else {
                continue;
            };
            for ip in &eni.private_ip_addresses {
                c.eni_by_ip.insert((vpc, IpAddr::V4(*ip)), i);
            }
            for ip in &eni.ipv6_addresses {
                c.eni_by_ip.insert((vpc, IpAddr::V6(*ip)), i);
            }
            if let Some(p) = eni.public_ip {
                c.eni_by_public_ip.insert(p, i);
            }
            for g in &eni.groups {
                let members = c.sg_members.entry(g.clone()).or_default();
                members.extend(eni.private_ip_addresses.iter().map(|a| IpAddr::V4(*a)));
                members.extend(eni.ipv6_addresses.iter().map(|a| IpAddr::V6(*a)));
            }
        }
        // EIPs associated through the Addresses list, when the ENI itself does not carry them (R1.8).
        for eip in &t.addresses {
            let eni = eip.network_interface_id.as_ref().and_then(|id| c.eni.get(id)).copied();
            let host = eni.filter(|&i| {
                t.network_interfaces.get(i).is_some_and(|e| e.interface_type != InterfaceType::NatGateway)
            });
            if let Some(i) = host {
                c.eni_by_public_ip.entry(eip.public_ip).or_insert(i);
            }
        }
        for (i, nat) in t.nat_gateways.iter().enumerate() {
            if let Some(vpc) = c.subnet.get(&nat.subnet_id).and_then(|&s| c.subnet_vpc[s]) {
                c.nat_by_ip.insert((vpc, IpAddr::V4(nat.private_ip)), i);
            }
            if let Some(p) = nat.public_ip {
                c.nat_by_public_ip.insert(p, i);
            }
        }

        c.subnet_route_table = t
            .subnets
            .iter()
            .map(|s| {
                let explicit = t.route_tables.iter().position(|rt| rt.associations.contains(&s.subnet_id));
                explicit.or_else(|| t.route_tables.iter().position(|rt| rt.main && rt.vpc_id == s.vpc_id))
            })
            .collect();
        c.subnet_nacl = t
            .subnets
            .iter()
            .map(|s| {
                let explicit = t.network_acls.iter().position(|n| n.associations.contains(&s.subnet_id));
                explicit.or_else(|| t.network_acls.iter().position(|n| n.is_default && n.vpc_id == s.vpc_id))
            })
            .collect();
        c.routes = t.route_tables.iter().map(|rt| c.compile_routes(t, rt)).collect();
        c.nacl_order = t
            .network_acls
            .iter()
            .map(|a| {
                let mut order: Vec<usize> = (0..a.entries.len()).collect();
                order.sort_by_key(|&i| a.entries.get(i).map(|e| e.rule_number));
                order
            })
            .collect();
        c.nacl_rules =
            t.network_acls.iter().map(|a| a.entries.iter().map(|e| nacl_entry_rule(a, e)).collect()).collect();
        c.sg_rules = t
            .security_groups
            .iter()
            .map(|g| {
                let refs = |rules: &[SecurityGroupRule], d| {
                    rules.iter().enumerate().map(|(i, r)| sg_rule_ref(g, i, r, d)).collect()
                };
                (refs(&g.ip_permissions, Direction::Ingress), refs(&g.ip_permissions_egress, Direction::Egress))
            })
            .collect();

        // One pass each, pushing rather than collecting: less code in the page's wasm (BENCHMARKS.md).
        for e in &t.network_interfaces {
            let subnet = c.subnet.get(&e.subnet_id).copied();
            let instance = e.instance_id.as_ref().and_then(|id| c.instance.get(id)).copied();
            let mut sgs = Vec::new();
            for g in &e.groups {
                if let Some(&i) = c.sg.get(g) {
                    sgs.push(i);
                }
            }
            let names = c.eni_names(t, e, subnet, instance);
            c.eni_subnet.push(subnet);
            c.eni_instance.push(instance);
            c.eni_sgs.push(sgs);
            c.eni_names.push(names);
        }
        let named = |id: &String, name: &Name| Named { id: id.into(), name: name.as_ref().map(Text::from) };
        for n in &t.nat_gateways {
            c.nat_subnet.push(c.subnet.get(&n.subnet_id).copied());
            c.nat_eni.push(n.network_interface_id.as_ref().and_then(|e| c.eni.get(e)).copied());
            c.nat_names.push(named(&n.nat_gateway_id, &n.name));
        }
        for g in &t.internet_gateways {
            c.igw_names.push(named(&g.internet_gateway_id, &g.name));
        }
        for s in &t.subnets {
            c.subnet_az.push(Text::from(&s.availability_zone));
        }

        c.vpc_igw = t
            .vpcs
            .iter()
            .map(|v| t.internet_gateways.iter().position(|g| g.vpc_id.as_deref() == Some(v.vpc_id.as_str())))
            .collect();
        c.vpc_eigw =
            t.vpcs.iter().map(|v| t.egress_only_internet_gateways.iter().position(|g| g.vpc_id == v.vpc_id)).collect();
        c.vpc_vgw = t
            .vpcs
            .iter()
            .map(|v| t.vpn_gateways.iter().position(|g| g.vpc_id.as_deref() == Some(v.vpc_id.as_str())))
            .collect();
        c
    }

    fn eni_names(
        &self,
        t: &Topology,
        e: &NetworkInterface,
        subnet: Option<usize>,
        instance: Option<usize>,
    ) -> EniNames {
        let eni_id = Text::from(&e.network_interface_id);
        let component = match instance.and_then(|x| t.instances.get(x)) {
            Some(x) => Component {
                kind: ComponentKind::Instance,
                id: Text::from(&x.instance_id),
                name: x.name.as_ref().map(Text::from),
            },
            None => Component { kind: ComponentKind::NetworkInterface, id: eni_id.clone(), name: None },
        };
        let vpc = subnet.and_then(|s| self.subnet_vpc.get(s).copied().flatten());
        let owner = vpc.and_then(|v| t.vpcs.get(v)).map(|v| v.owner_id.as_str()).filter(|s| !s.is_empty());
        EniNames {
            component,
            sg_owner: e.groups.first().map(Text::from).unwrap_or_else(|| eni_id.clone()),
            eni_id,
            account: owner.map(Text::from).unwrap_or(Text::lit("-")),
        }
    }

    fn compile_routes(&self, t: &Topology, rt: &RouteTable) -> Vec<CompiledRoute> {
        let mut out = Vec::new();
        let mut add = |dest: IpNet, pl: Option<&String>, r: &Route| {
            let blackhole = r.state == RouteState::Blackhole;
            out.push(CompiledRoute {
                dest: dest.trunc(),
                prefix_list: pl.cloned(),
                target: r.target.clone(),
                kind: TargetKind::of(&r.target),
                nat: self.nat.get(&r.target).copied(),
                blackhole,
                origin: r.origin,
                rule: route_rule(&rt.route_table_id, dest.trunc(), pl, &r.target, blackhole),
            })
        };
        for r in &rt.routes {
            match &r.destination {
                RouteDestination::Cidr(n) => add(*n, None, r),
                // R2.7: a prefix-list route covers every CIDR of the list.
                RouteDestination::PrefixList(pl) => {
                    for n in self.prefix_lists.get(pl).into_iter().flatten() {
                        add(*n, Some(pl), r);
                    }
                }
            }
        }
        // R2.3: every VPC CIDR has a `local` route in every table, whether or not the import listed it.
        if let Some(vpc) = self.vpc.get(&rt.vpc_id).and_then(|&v| t.vpcs.get(v)) {
            let cidrs = vpc.cidr_blocks.iter().map(|n| IpNet::V4(*n));
            for n in cidrs.chain(vpc.ipv6_cidr_blocks.iter().map(|n| IpNet::V6(*n))) {
                if !out.iter().any(|r| r.dest == n && r.prefix_list.is_none()) {
                    out.push(CompiledRoute {
                        dest: n,
                        prefix_list: None,
                        target: String::from("local"),
                        kind: TargetKind::Local,
                        nat: None,
                        blackhole: false,
                        origin: RouteOrigin::CreateRouteTable,
                        rule: route_rule(&rt.route_table_id, n, None, "local", false),
                    });
                }
            }
        }
        // R14.2: a table that propagates a VGW holds, as propagated routes, the static routes of the VGW's VPN
        // connections and the prefixes on-premises advertises over them or a private VIF on the VGW (R14.8),
        // unless the table lists that route itself (describe-route-tables shows propagated routes).
        for vgw in &rt.propagating_vgws {
            let vpn = t.vpn_connections.iter().filter(|c| c.vpn_gateway_id.as_ref() == Some(vgw));
            let vif = t.virtual_interfaces.iter().filter(|v| v.gateway_id.as_ref() == Some(vgw));
            let prefixes = vpn
                .flat_map(|c| c.routes.iter().chain(&c.advertised_routes))
                .chain(vif.flat_map(|v| v.advertised_routes.iter()));
            for n in prefixes.map(IpNet::trunc) {
                if !out.iter().any(|r| r.dest == n && r.target == *vgw) {
                    out.push(CompiledRoute {
                        dest: n,
                        prefix_list: None,
                        target: vgw.clone(),
                        kind: TargetKind::of(vgw),
                        nat: None,
                        blackhole: false,
                        origin: RouteOrigin::EnableVgwRoutePropagation,
                        rule: route_rule(&rt.route_table_id, n, None, vgw, false),
                    });
                }
            }
        }
        // R2.4: longest prefix first; ties are broken at lookup time (R2.5–R2.7).
        out.sort_by_key(|r| core::cmp::Reverse(r.dest.prefix_len()));
        out
    }
}

fn route_rule(owner: &str, dest: IpNet, pl: Option<&String>, target: &str, blackhole: bool) -> RuleRef {
    let shown = match pl {
        Some(pl) => alloc::format!("{pl} ({dest})"),
        None => alloc::format!("{dest}"),
    };
    let state = if blackhole { " (blackhole)" } else { "" };
    RuleRef {
        kind: RuleKind::Route,
        owner: owner.into(),
        key: alloc::format!("{dest}").into(),
        text: alloc::format!("{shown} → {target}{state}").into(),
    }
}
