//! Forward: one packet through the components, in the order of aws-semantics §0.1, recording a hop per step.
//!
//! Each step either hands the packet on or stops with a [`Reason`]. The walk never panics: a reference the
//! compiler could not resolve is a blackhole (R2.11), never an index error.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use core::net::IpAddr;

use super::compile::Compiled;
use super::conntrack::ConnTrack;
use super::filter::{self, Direction};
use super::lookup::lookup;
use super::nat::{NatTables, Outbound, NATGW_IDLE_TIMEOUT};
use super::resolve::vpc_of_eni;
use crate::model::*;
use crate::packet::{Header, Protocol, TcpFlags};
use crate::trace::*;

/// Where a delivered packet ended up; the reply starts there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Endpoint {
    Eni(usize),
    Internet,
    OnPremises(String),
    AwsService(String),
    /// A link-local service answered on the instance's own host (IMDS, DNS, time).
    LinkLocal(usize),
}

/// How the packet entered the VPC it is being routed in: decides edge-to-edge rules (R7.6, R9.4, R6.10).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Via {
    Inside,
    Peering,
    TransitGateway,
    VpnGateway,
}

/// Mutable simulation state a walk reads and writes.
pub(crate) struct State<'s> {
    pub conntrack: &'s mut ConnTrack,
    pub nat: &'s mut NatTables,
    pub now: u64,
}

pub(crate) type Step = Result<Endpoint, Reason>;

pub(crate) struct Walk<'a, 's> {
    pub t: &'a Topology,
    pub c: &'a Compiled,
    pub st: State<'s>,
    pub hops: Vec<Hop>,
    pub flow_logs: Vec<FlowLogRecord>,
    pub traceroute: Vec<TracerouteHop>,
    pub entry: Option<Text>,
    /// R3.9: flows through a NAT gateway, TGW, EIGW or NLB are always tracked.
    pub always_tracked: bool,
    /// R2.16: the packet was routed through an appliance, so SG rules that reference a group no longer match.
    pub via_appliance: bool,
    /// Guards against routing loops in a hand-made topology.
    pub budget: u32,
    /// A load balancer the forward packet went through (set by `balancer.rs`).
    pub lb: Option<super::balancer::LbLeg>,
    /// While playing a reply through a load balancer: what the LB sends on to the client.
    pub lb_return: Option<Header>,
    /// An explicit proxy's two legs (proxy.rs).
    pub proxy: super::proxy::ProxyState,
    /// An interface endpoint's PrivateLink leg (privatelink.rs).
    pub privatelink: super::privatelink::PlState,
}

fn ip_net_contains(nets: &[ipnet::Ipv4Net], ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(a) => nets.iter().any(|n| n.contains(&a)),
        IpAddr::V6(_) => false,
    }
}

impl<'a, 's> Walk<'a, 's> {
    pub fn new(t: &'a Topology, c: &'a Compiled, st: State<'s>) -> Self {
        Walk {
            t,
            c,
            st,
            // Sized for a typical exchange so the hot path does not regrow them (BENCHMARKS.md).
            hops: Vec::with_capacity(16),
            flow_logs: Vec::with_capacity(4),
            traceroute: Vec::with_capacity(8),
            entry: None,
            always_tracked: false,
            via_appliance: false,
            budget: 64,
            lb: None,
            lb_return: None,
            proxy: super::proxy::ProxyState::default(),
            privatelink: super::privatelink::PlState::default(),
        }
    }

    // ── trace bookkeeping ─────────────────────────────────────────────────────────────────────────────────

    /// Records a hop whose texts are already shared (`Compiled`'s names): the hot path.
    fn push_hop(
        &mut self,
        component: Component,
        action: Action,
        rule: Option<RuleRef>,
        h_in: &Header,
        h_out: &Header,
        az: Option<Text>,
    ) {
        let seq = self.hops.len() as u32;
        self.hops.push(Hop { seq, component, action, rule, header_in: *h_in, header_out: *h_out, az, underlay: None });
    }

    #[allow(clippy::too_many_arguments)]
    fn hop(
        &mut self,
        kind: ComponentKind,
        id: &str,
        name: Option<&String>,
        action: Action,
        rule: Option<RuleRef>,
        h_in: &Header,
        h_out: &Header,
        az: Option<&String>,
    ) {
        let component = Component { kind, id: id.into(), name: name.map(Text::from) };
        self.push_hop(component, action, rule, h_in, h_out, az.map(Text::from));
    }

    fn at(
        &mut self,
        kind: ComponentKind,
        id: &str,
        action: Action,
        rule: Option<RuleRef>,
        h: &Header,
        az: Option<&String>,
    ) {
        self.hop(kind, id, None, action, rule, h, h, az);
    }

    fn check_rule(owner: &str, text: impl Into<PacketText>) -> Option<RuleRef> {
        Some(RuleRef { kind: RuleKind::Check, owner: owner.into(), key: Text::default(), text: text.into() })
    }

    fn flow_log(&mut self, eni: usize, h: &Header, accept: bool) {
        // R13.6: link-local services are never logged (callers do not call this for them).
        let Some(e) = self.t.network_interfaces.get(eni) else {
            return;
        };
        // One record per interface per packet; a later rejection there wins (R13.2).
        let Some(names) = self.c.eni_names.get(eni) else {
            return;
        };
        if let Some(r) = self.flow_logs.iter_mut().find(|r| r.interface_id == names.eni_id) {
            if !accept {
                r.action = FlowAction::Reject;
            }
            return;
        }
        let own = e.primary_ip().map(IpAddr::V4);
        // R13.5: the ENI's own side shows as its primary private IPv4.
        let show = |a: IpAddr| -> IpAddr {
            let mine = match a {
                IpAddr::V4(x) => e.private_ip_addresses.contains(&x),
                IpAddr::V6(x) => e.ipv6_addresses.contains(&x),
            };
            if mine {
                own.unwrap_or(a)
            } else {
                a
            }
        };
        self.flow_logs.push(FlowLogRecord {
            interface_id: names.eni_id.clone(),
            account_id: names.account.clone(),
            srcaddr: show(h.src),
            dstaddr: show(h.dst),
            srcport: if h.protocol.has_ports() { h.src_port } else { 0 },
            dstport: if h.protocol.has_ports() { h.dst_port } else { 0 },
            protocol: h.protocol.0,
            packets: 1,
            bytes: u32::from(h.length),
            start: self.st.now,
            end: self.st.now,
            action: if accept { FlowAction::Accept } else { FlowAction::Reject },
            log_status: Text::lit("OK"),
        });
    }

    /// The destination's line of the traceroute view. Its address is left for `finish`, which writes the
    /// address the source sent to — what a real traceroute shows, whatever it was translated to on the way.
    pub(crate) fn arrived(&mut self, label: impl Into<Text>) {
        let ttl = self.traceroute.len() as u8 + 1;
        self.traceroute.push(TracerouteHop { ttl, address: PacketText::default(), label: label.into() });
    }

    fn l3_hop(&mut self, h: &mut Header, address: PacketText, label: Text) -> Result<(), Reason> {
        h.ttl = h.ttl.saturating_sub(1);
        self.traceroute.push(TracerouteHop { ttl: self.traceroute.len() as u8 + 1, address, label });
        if h.ttl == 0 {
            return Err(Reason::TtlExceeded);
        }
        Ok(())
    }

    pub(crate) fn spend(&mut self) -> Result<(), Reason> {
        self.budget = self.budget.checked_sub(1).ok_or(Reason::TtlExceeded)?;
        Ok(())
    }

    // ── lookups ──────────────────────────────────────────────────────────────────────────────────────────

    fn subnet(&self, i: usize) -> Option<&'a Subnet> {
        self.t.subnets.get(i)
    }

    fn eni(&self, i: usize) -> Option<&'a NetworkInterface> {
        self.t.network_interfaces.get(i)
    }

    fn eni_subnet(&self, eni: usize) -> Option<usize> {
        self.c.eni_subnet.get(eni).copied().flatten()
    }

    fn instance_of(&self, eni: usize) -> Option<&'a Instance> {
        self.t.instances.get(self.c.eni_instance.get(eni).copied().flatten()?)
    }

    /// The component an ENI's hops name: its instance, else the ENI.
    fn eni_component(&self, eni: usize) -> Component {
        match self.c.eni_names.get(eni) {
            Some(n) => n.component.clone(),
            None => Component { kind: ComponentKind::NetworkInterface, id: Text::default(), name: None },
        }
    }

    fn subnet_az(&self, subnet: usize) -> Option<Text> {
        self.c.subnet_az.get(subnet).cloned()
    }

    fn owns(&self, eni: usize, ip: IpAddr) -> bool {
        self.eni(eni).is_some_and(|e| match ip {
            IpAddr::V4(a) => e.private_ip_addresses.contains(&a),
            IpAddr::V6(a) => e.ipv6_addresses.contains(&a),
        })
    }

    // ── the ENI: sending ─────────────────────────────────────────────────────────────────────────────────

    /// A packet leaves an ENI: running instance, source/destination check (R2.15), SG egress (R3.x), then
    /// L2 delivery inside the subnet (R2.13) or the subnet router.
    /// R2.15: an interface's source/destination check, when it is on. A load balancer node is exempt: it
    /// forwards its clients' packets with their addresses (NLB client-IP preservation).
    fn src_dst_check(&self, eni: usize) -> bool {
        self.eni(eni).is_some_and(|e| e.source_dest_check && e.interface_type != InterfaceType::NetworkLoadBalancer)
    }

    pub fn leave_eni(&mut self, eni: usize, mut h: Header, forwarded: bool) -> Step {
        self.spend()?;
        let who = self.eni_component(eni);
        let subnet_i = self.eni_subnet(eni).ok_or(Reason::BadState)?;
        let az = self.subnet_az(subnet_i);
        if let Some(i) = self.instance_of(eni) {
            if i.state != InstanceState::Running {
                self.push_hop(who, Action::Dropped, None, &h, &h, az);
                return Err(Reason::InstanceNotRunning);
            }
        }
        let check_on = self.src_dst_check(eni);
        if check_on && !self.owns(eni, h.src) {
            let rule = Self::check_rule(
                &who.id,
                format!("source/destination check: {} is not this interface's address", h.src),
            );
            self.push_hop(who, Action::Dropped, rule, &h, &h, az);
            return Err(Reason::SrcDstCheck);
        }
        if !forwarded {
            self.push_hop(who.clone(), Action::Sent, None, &h, &h, az);
        }
        self.security_group(eni, Direction::Egress, &h)?;
        // R2.13: a destination in the same subnet is reached at layer 2 — no route table, no NACL.
        if let Some(&dst_eni) =
            self.c.subnet_vpc.get(subnet_i).copied().flatten().and_then(|v| self.c.eni_by_ip.get(&(v, h.dst)))
        {
            if self.eni_subnet(dst_eni) == Some(subnet_i) {
                return self.arrive_eni(dst_eni, h, false);
            }
        }
        if let Some(&nat) =
            self.c.subnet_vpc.get(subnet_i).copied().flatten().and_then(|v| self.c.nat_by_ip.get(&(v, h.dst)))
        {
            if self.nat_subnet(nat) == Some(subnet_i) {
                return self.nat_return(nat, subnet_i, h, false); // same subnet: no NACL (R4.6)
            }
        }
        if forwarded {
            // A forwarding appliance decrements TTL (it is a router).
            let addr = self.eni(eni).and_then(|e| e.primary_ip()).map(PacketText::ip).unwrap_or_default();
            self.l3_hop(&mut h, addr, who.id)?;
        }
        self.leave_subnet(subnet_i, h, Via::Inside, Some(eni))
    }

    /// SG evaluation at an ENI, with connection tracking first (R3.5, R3.9).
    fn security_group(&mut self, eni: usize, dir: Direction, h: &Header) -> Result<(), Reason> {
        let Some(e) = self.eni(eni) else {
            return Err(Reason::BadState);
        };
        let leaving = dir == Direction::Egress;
        // Interfaces without SGs (NAT gateway, NLB without SGs, TGW) filter nothing (R6.9).
        let filters = !e.groups.is_empty()
            && matches!(
                e.interface_type,
                InterfaceType::Interface
                    | InterfaceType::VpcEndpoint
                    | InterfaceType::Lambda
                    | InterfaceType::NetworkLoadBalancer
            );
        if !filters {
            return Ok(());
        }
        let az = self.eni_subnet(eni).and_then(|s| self.subnet_az(s));
        let sg_id = self.c.eni_names.get(eni).map(|n| n.sg_owner.clone()).unwrap_or_default();
        let sg = |id: Text| Component { kind: ComponentKind::SecurityGroup, id, name: None };
        let existing = self.st.conntrack.find(eni, h, leaving, self.st.now);
        // A tracked flow passes; an untracked one is judged by the rules on every packet (R3.9, B05).
        if existing == Some(true) {
            let rule = RuleRef {
                kind: RuleKind::ConnectionTracking,
                owner: sg_id.clone(),
                key: Text::lit("tracked"),
                text: Text::lit("reply of a tracked connection").into(),
            };
            self.push_hop(sg(sg_id), Action::Permitted, Some(rule), h, h, az);
            self.st.conntrack.record(eni, h, leaving, true, self.st.now);
            return Ok(());
        }
        let peer = if leaving { h.dst } else { h.src };
        // R2.16: behind an appliance only address rules match, on the way in.
        let references = leaving || !self.via_appliance;
        let groups = self.c.eni_sgs.get(eni).map(Vec::as_slice).unwrap_or(&[]);
        match filter::security_groups(self.t, self.c, groups, dir, peer, h, references) {
            Some(m) => {
                // An untracked flow stays untracked for its life, whichever rule admits this packet.
                let tracked = existing != Some(false) && (m.tracked || self.always_tracked || h.protocol.is_icmp());
                let owner = m.rule.owner.clone();
                self.push_hop(sg(owner), Action::Permitted, Some(m.rule), h, h, az);
                self.st.conntrack.record(eni, h, leaving, tracked, self.st.now);
                if leaving {
                    self.flow_log(eni, h, true);
                }
                Ok(())
            }
            None => {
                let text = format!(
                    "no {} rule of {} matches",
                    if leaving { "outbound" } else { "inbound" },
                    e.groups.join(", ")
                );
                let rule = Self::check_rule(&sg_id, text);
                self.push_hop(sg(sg_id), Action::Denied, rule, h, h, az);
                self.flow_log(eni, h, false);
                Err(Reason::EniSgRulesMismatch)
            }
        }
    }

    pub(crate) fn nacl(
        &mut self,
        subnet_i: usize,
        dir: Direction,
        h: &Header,
        eni: Option<usize>,
    ) -> Result<(), Reason> {
        let Some((acl_i, acl)) = self
            .c
            .subnet_nacl
            .get(subnet_i)
            .copied()
            .flatten()
            .and_then(|i| self.t.network_acls.get(i).map(|a| (i, a)))
        else {
            return Ok(()); // a snapshot without NACLs: nothing to evaluate
        };
        let az = self.subnet_az(subnet_i);
        let peer = if dir == Direction::Egress { h.dst } else { h.src };
        let d = filter::network_acl(self.c, acl_i, acl, dir, peer, h);
        let action = if d.allow { Action::Permitted } else { Action::Denied };
        let id = d.rule.owner.clone(); // the NACL: it owns every rule it decides with
        self.push_hop(Component { kind: ComponentKind::NetworkAcl, id, name: None }, action, Some(d.rule), h, h, az);
        if d.allow {
            Ok(())
        } else {
            if let Some(e) = eni {
                self.flow_log(e, h, false);
            }
            Err(Reason::SubnetAclRestriction)
        }
    }

    // ── the subnet router ────────────────────────────────────────────────────────────────────────────────

    /// A packet leaves a subnet through its router: NACL outbound (R4.x), route lookup (R2.x), next hop.
    pub fn leave_subnet(&mut self, subnet_i: usize, h: Header, via: Via, eni: Option<usize>) -> Step {
        self.nacl(subnet_i, Direction::Egress, &h, eni)?;
        self.route(subnet_i, h, via)
    }

    fn route(&mut self, subnet_i: usize, h: Header, via: Via) -> Step {
        self.spend()?;
        let c = self.c;
        let az = self.subnet(subnet_i).map(|s| &s.availability_zone);
        let Some(rt_i) = self.c.subnet_route_table.get(subnet_i).copied().flatten() else {
            let sid = self.subnet(subnet_i).map(|s| s.subnet_id.clone()).unwrap_or_default();
            self.at(
                ComponentKind::Subnet,
                &sid,
                Action::Dropped,
                Self::check_rule(&sid, String::from("no route table")),
                &h,
                az,
            );
            return Err(Reason::NoRouteToDestination);
        };
        let rt = &self.t.route_tables[rt_i];
        let routes = c.routes.get(rt_i).map(Vec::as_slice).unwrap_or(&[]);
        let Some(r) = lookup(routes, h.dst) else {
            let text = format!("no route covers {}", h.dst);
            self.at(
                ComponentKind::RouteTable,
                &rt.route_table_id,
                Action::Dropped,
                Self::check_rule(&rt.route_table_id, text),
                &h,
                az,
            );
            return Err(Reason::NoRouteToDestination);
        };
        let table = Component {
            kind: ComponentKind::RouteTable,
            id: r.rule.owner.clone(), // the route table
            name: None,
        };
        let az = self.subnet_az(subnet_i);
        if r.blackhole {
            self.push_hop(table, Action::Dropped, Some(r.rule.clone()), &h, &h, az);
            return Err(Reason::BadStateRoute); // R2.11
        }
        self.push_hop(table, Action::Routed, Some(r.rule.clone()), &h, &h, az);
        let vpc_i = c.subnet_vpc.get(subnet_i).copied().flatten().ok_or(Reason::BadState)?;
        let target = r.target.as_str();
        match r.kind {
            TargetKind::Local => self.deliver_in_vpc(vpc_i, h, via),
            TargetKind::InternetGateway => self.internet_gateway_out(vpc_i, target, h, via),
            TargetKind::EgressOnlyInternetGateway => self.egress_only_out(vpc_i, target, h, via),
            TargetKind::NatGateway => self.nat_gateway_in(subnet_i, r.nat, h, via),
            TargetKind::NetworkInterface | TargetKind::Instance => self.appliance(subnet_i, target, h),
            TargetKind::VpcPeeringConnection => self.peering(vpc_i, target, h, via),
            TargetKind::TransitGateway => self.transit_gateway_from_vpc(vpc_i, subnet_i, target, h, via),
            TargetKind::VpnGateway => self.vpn_gateway_out(vpc_i, target, h, via),
            TargetKind::VpcEndpoint => self.gateway_endpoint(target, h, via),
            _ => Err(Reason::CannotRoute),
        }
    }

    /// `local`: the destination is an address inside this VPC (R2.3).
    fn deliver_in_vpc(&mut self, vpc_i: usize, h: Header, via: Via) -> Step {
        if let Some(&eni) = self.c.eni_by_ip.get(&(vpc_i, h.dst)) {
            return self.arrive_eni(eni, h, true);
        }
        if let Some(&nat) = self.c.nat_by_ip.get(&(vpc_i, h.dst)) {
            // A reply to a translated flow (e.g. through a TGW to a private NAT gateway, R6.14) — or a
            // connection attempt, which a NAT gateway refuses (R6.3).
            let sub = self.nat_subnet(nat).ok_or(Reason::BadState)?;
            return self.nat_return(nat, sub, h, true);
        }
        let _ = via;
        let vpc_id = self.t.vpcs.get(vpc_i).map(|v| v.vpc_id.clone()).unwrap_or_default();
        self.at(
            ComponentKind::Vpc,
            &vpc_id,
            Action::Dropped,
            Self::check_rule(&vpc_id, format!("no interface holds {}", h.dst)),
            &h,
            None,
        );
        Err(Reason::NoHostAtDestination)
    }

    // ── the ENI: receiving ───────────────────────────────────────────────────────────────────────────────

    /// A packet arrives at an ENI: NACL inbound when it crossed a subnet boundary (R4.6), SG ingress, the
    /// destination check (R2.15), then delivery — or forwarding, for an appliance (R6.13).
    pub fn arrive_eni(&mut self, eni: usize, h: Header, crossed_subnet: bool) -> Step {
        let subnet_i = self.eni_subnet(eni).ok_or(Reason::BadState)?;
        if crossed_subnet {
            self.nacl(subnet_i, Direction::Ingress, &h, Some(eni))?;
        }
        let who = self.eni_component(eni);
        let az = self.subnet_az(subnet_i);
        if let Some(i) = self.instance_of(eni) {
            if i.state != InstanceState::Running {
                self.push_hop(who, Action::Dropped, None, &h, &h, az);
                return Err(Reason::InstanceNotRunning);
            }
        }
        let for_me = self.owns(eni, h.dst);
        let check_on = self.src_dst_check(eni);
        if !for_me && check_on {
            let rule = Self::check_rule(
                &who.id,
                format!("source/destination check: {} is not this interface's address", h.dst),
            );
            self.push_hop(who, Action::Dropped, rule, &h, &h, az);
            return Err(Reason::SrcDstCheck);
        }
        self.security_group(eni, Direction::Ingress, &h)?;
        if for_me && self.proxy.wants(eni) {
            return super::proxy::arrive(self, eni, h, &who.id); // R6.13: an explicit proxy opens a new connection
        }
        if for_me && self.eni(eni).is_some_and(|e| e.interface_type == InterfaceType::VpcEndpoint) {
            if let Some(&ep) = self.c.endpoint_by_eni.get(&eni) {
                return super::privatelink::arrive(self, eni, ep, h); // R9.7, R9.8: interface endpoint
            }
        }
        if for_me && self.eni(eni).is_some_and(|e| e.interface_type == InterfaceType::NetworkLoadBalancer) {
            return super::balancer::arrive(self, eni, h);
        }
        if for_me && self.instance_of(eni).is_some_and(|i| i.role == InstanceRole::NatInstance) {
            if let Some(inside) = self.st.nat.inbound(&who.id, &h, self.st.now) {
                // R6.13: a reply to a masqueraded flow goes back to the host behind the NAT instance.
                let (out, rule) = untranslate(&h, inside, who.id.clone(), "masquerade-reverse");
                let nat = Component { kind: ComponentKind::NatInstance, ..who };
                self.push_hop(nat, Action::Translated, Some(rule), &h, &out, az);
                return self.leave_eni(eni, out, true);
            }
        }
        if for_me {
            self.flow_log(eni, &h, true);
            let label = who.id.clone();
            self.push_hop(who, Action::Delivered, None, &h, &h, az);
            self.arrived(label);
            return Ok(Endpoint::Eni(eni));
        }
        self.forward_through(eni, h)
    }

    /// An instance with source/destination check off forwards what is not addressed to it (R2.15, R6.13):
    /// a NAT instance masquerades, a router forwards unchanged.
    fn forward_through(&mut self, eni: usize, h: Header) -> Step {
        let who = self.eni_component(eni);
        let az = self.eni_subnet(eni).and_then(|s| self.subnet_az(s));
        let role = self.instance_of(eni).map(|i| i.role).unwrap_or(InstanceRole::Router);
        let mut out = h;
        if role == InstanceRole::NatInstance {
            let own = self.eni(eni).and_then(|e| e.primary_ip()).map(IpAddr::V4).ok_or(Reason::BadState)?;
            let port = match self.st.nat.outbound(
                &who.id,
                own,
                (h.src, h.src_port),
                (h.protocol.0, h.dst, h.dst_port),
                true,
                None,
                self.st.now,
            ) {
                Outbound::Port(p) => p,
                _ => return Err(Reason::NatgwPortAllocation),
            };
            out.src = own;
            out.src_port = port;
            let rule = RuleRef {
                kind: RuleKind::Translation,
                owner: who.id.clone(),
                key: Text::lit("masquerade"),
                text: PacketText::ports(h.src, h.src_port, own, port),
            };
            let nat = Component { kind: ComponentKind::NatInstance, ..who };
            self.push_hop(nat, Action::Translated, Some(rule), &h, &out, az);
        } else if role == InstanceRole::Firewall {
            let starts = h.tcp_flags.is_none_or(|f| f == TcpFlags::Syn);
            if !self.st.conntrack.appliance(eni, &h, starts, self.st.now) {
                let rule = Self::check_rule(
                    &who.id,
                    "stateful firewall: no state for this flow (its start went through another appliance)",
                );
                self.push_hop(who, Action::Dropped, rule, &h, &h, az);
                return Err(Reason::ApplianceNoState);
            }
            let rule = Self::check_rule(&who.id, "stateful firewall: flow state kept");
            self.push_hop(who, Action::Forwarded, rule, &h, &h, az);
        } else {
            self.push_hop(who, Action::Forwarded, None, &h, &h, az);
        }
        if role != InstanceRole::NatInstance {
            self.via_appliance = true; // R2.16 (a NAT instance is the new source instead)
        }
        self.leave_eni(eni, out, true)
    }

    // ── gateways ─────────────────────────────────────────────────────────────────────────────────────────

    /// The VPC's IGW when it is `target`: its index and record.
    fn igw_of(&self, vpc_i: usize, target: &str) -> Option<(usize, &'a InternetGateway)> {
        let i = self.c.vpc_igw.get(vpc_i).copied().flatten()?;
        let g = self.t.internet_gateways.get(i)?;
        (g.internet_gateway_id == target).then_some((i, g))
    }

    /// An IGW's hop component; `named` adds its `Name` tag (translation hops show it).
    fn igw_component(&self, igw: usize, named: bool) -> Component {
        let n = self.c.igw_names.get(igw).cloned().unwrap_or_default();
        Component { kind: ComponentKind::InternetGateway, id: n.id, name: n.name.filter(|_| named) }
    }

    /// A NAT gateway's hop component; `named` adds its `Name` tag (translation hops show it).
    fn nat_component(&self, nat: usize, named: bool) -> Component {
        let n = self.c.nat_names.get(nat).cloned().unwrap_or_default();
        Component { kind: ComponentKind::NatGateway, id: n.id, name: n.name.filter(|_| named) }
    }

    /// Out through the IGW: 1:1 NAT of the private source to its public IP (R5.4), which must exist (R5.6).
    fn internet_gateway_out(&mut self, vpc_i: usize, target: &str, h: Header, via: Via) -> Step {
        let Some((igw_i, igw)) = self.igw_of(vpc_i, target) else {
            self.at(
                ComponentKind::InternetGateway,
                target,
                Action::Dropped,
                Self::check_rule(target, String::from("not attached to this VPC")),
                &h,
                None,
            );
            return Err(Reason::BadStateRoute); // R2.11, R5.7: a detached IGW is a blackhole
        };
        let id = igw.internet_gateway_id.as_str();
        if via == Via::Peering || via == Via::VpnGateway {
            self.at(
                ComponentKind::InternetGateway,
                id,
                Action::Dropped,
                Self::check_rule(id, String::from("traffic from a peer or VPN cannot use this IGW")),
                &h,
                None,
            );
            return Err(Reason::PeeringEdgeToEdge); // R7.6
        }
        let mut out = h;
        if let IpAddr::V4(src) = h.src {
            let public = if let Some(&eni) = self.c.eni_by_ip.get(&(vpc_i, h.src)) {
                self.public_ip_of(eni, src)
            } else if let Some(&nat) = self.c.nat_by_ip.get(&(vpc_i, h.src)) {
                let n = &self.t.nat_gateways[nat];
                if n.connectivity_type == ConnectivityType::Private {
                    self.at(
                        ComponentKind::InternetGateway,
                        id,
                        Action::Dropped,
                        Self::check_rule(id, format!("{} is a private NAT gateway", n.nat_gateway_id)),
                        &h,
                        None,
                    );
                    return Err(Reason::PrivateNatgwToIgw); // R5.10
                }
                n.public_ip
            } else {
                None
            };
            let Some(public) = public else {
                let text = format!("{} has no public IPv4 or Elastic IP", h.src);
                self.at(ComponentKind::InternetGateway, id, Action::Dropped, Self::check_rule(id, text), &h, None);
                return Err(Reason::IgwPublicIpAssociationForEgress); // R5.6
            };
            out.src = IpAddr::V4(public);
            let who = self.igw_component(igw_i, true);
            let rule = RuleRef {
                kind: RuleKind::Translation,
                owner: who.id.clone(),
                key: Text::lit("1:1"),
                text: PacketText::arrow(src, public),
            };
            self.push_hop(who, Action::Translated, Some(rule), &h, &out, None);
        } else {
            self.push_hop(self.igw_component(igw_i, false), Action::Forwarded, None, &h, &h, None);
        }
        self.onto_internet(out)
    }

    /// R1.8, R5.4: the public address paired with a private one — the ENI's public IP belongs to its primary
    /// private IP; an EIP may name another private IP.
    fn public_ip_of(&self, eni: usize, private: core::net::Ipv4Addr) -> Option<core::net::Ipv4Addr> {
        let e = self.eni(eni)?;
        let by_eip = self.t.addresses.iter().find(|a| {
            a.network_interface_id.as_deref() == Some(e.network_interface_id.as_str())
                && a.private_ip_address.unwrap_or(private) == private
        });
        by_eip.map(|a| a.public_ip).or_else(|| (e.primary_ip() == Some(private)).then_some(e.public_ip).flatten())
    }

    fn egress_only_out(&mut self, vpc_i: usize, target: &str, h: Header, via: Via) -> Step {
        let attached =
            self.c.vpc_eigw.get(vpc_i).copied().flatten().and_then(|i| self.t.egress_only_internet_gateways.get(i));
        if attached.is_none_or(|g| g.egress_only_internet_gateway_id != target) || !h.dst.is_ipv6() {
            self.at(
                ComponentKind::EgressOnlyInternetGateway,
                target,
                Action::Dropped,
                Self::check_rule(target, String::from("not attached, or not IPv6")),
                &h,
                None,
            );
            return Err(Reason::BadStateRoute); // R5.11: IPv6 only
        }
        if via != Via::Inside {
            return Err(Reason::PeeringEdgeToEdge);
        }
        self.always_tracked = true; // R3.9
                                    // R5.11: remember the flow so the reply may come back in.
        self.st.nat.outbound(
            target,
            h.src,
            (h.src, h.src_port),
            (h.protocol.0, h.dst, h.dst_port),
            true,
            None,
            self.st.now,
        );
        self.at(ComponentKind::EgressOnlyInternetGateway, target, Action::Forwarded, None, &h, None);
        self.onto_internet(h)
    }

    /// The packet is on the internet. An address some ENI or NAT gateway holds publicly comes back in through
    /// that VPC's IGW (hairpin, S11); any other public address is delivered to the internet.
    fn onto_internet(&mut self, mut h: Header) -> Step {
        let back_in = match h.dst {
            IpAddr::V4(a) => self.c.eni_by_public_ip.contains_key(&a) || self.c.nat_by_public_ip.contains_key(&a),
            IpAddr::V6(a) => self.c.eni_by_ip.keys().any(|(_, ip)| *ip == IpAddr::V6(a)),
        };
        if back_in {
            self.l3_hop(&mut h, Text::lit("*").into(), Text::lit("internet"))?;
            self.push_hop(internet(), Action::Forwarded, None, &h, &h, None);
            return self.enter_from_internet(h);
        }
        if let Some(vif) = super::dx::public_vif_for(self.t, h.dst) {
            return super::dx::out(self, vif, h); // R14.7: a customer prefix advertised on a public VIF
        }
        if !is_global(h.dst) {
            self.at(
                ComponentKind::Internet,
                "internet",
                Action::Dropped,
                Self::check_rule("internet", format!("{} is not routable on the internet", h.dst)),
                &h,
                None,
            );
            return Err(Reason::NotRoutableFromInternet);
        }
        self.push_hop(internet(), Action::Delivered, None, &h, &h, None);
        self.arrived(Text::lit("internet"));
        Ok(Endpoint::Internet)
    }

    /// A packet from the internet: it enters AWS only for a public IP an IGW maps (R5.4, R5.6), an IPv6
    /// address of a VPC with an IGW (or a reply through an egress-only IGW, R5.11).
    pub fn enter_from_internet(&mut self, h: Header) -> Step {
        self.spend()?;
        if self.hops.is_empty() {
            self.entry = Some(Text::lit("internet")); // an external source entered here
            self.push_hop(internet(), Action::Sent, None, &h, &h, None);
        }
        if is_link_local(h.dst) {
            self.at(
                ComponentKind::Internet,
                "internet",
                Action::Dropped,
                Self::check_rule(
                    "internet",
                    String::from("link-local addresses are not reachable from outside the instance"),
                ),
                &h,
                None,
            );
            return Err(Reason::LinkLocalUnreachable); // R10.1, B10
        }
        match h.dst {
            IpAddr::V4(public) => {
                if let Some(&eni) = self.c.eni_by_public_ip.get(&public) {
                    return self.internet_to_eni(eni, public, h);
                }
                if let Some(&nat) = self.c.nat_by_public_ip.get(&public) {
                    return self.internet_to_nat(nat, h);
                }
            }
            IpAddr::V6(_) => {
                if let Some((&(vpc_i, _), &eni)) = self.c.eni_by_ip.iter().find(|((_, ip), _)| *ip == h.dst) {
                    if let Some(igw) =
                        self.c.vpc_igw.get(vpc_i).copied().flatten().and_then(|i| self.t.internet_gateways.get(i))
                    {
                        self.at(
                            ComponentKind::InternetGateway,
                            &igw.internet_gateway_id,
                            Action::Forwarded,
                            None,
                            &h,
                            None,
                        );
                        return self.arrive_eni(eni, h, true);
                    }
                    if let Some(g) = self
                        .c
                        .vpc_eigw
                        .get(vpc_i)
                        .copied()
                        .flatten()
                        .and_then(|i| self.t.egress_only_internet_gateways.get(i))
                    {
                        let id = g.egress_only_internet_gateway_id.clone();
                        let reply = self.st.nat.inbound(&id, &h, self.st.now).is_some();
                        if !reply {
                            self.at(
                                ComponentKind::EgressOnlyInternetGateway,
                                &id,
                                Action::Dropped,
                                Self::check_rule(&id, String::from("connections from the internet are not allowed")),
                                &h,
                                None,
                            );
                            return Err(Reason::EigwNoInbound);
                        }
                        self.at(ComponentKind::EgressOnlyInternetGateway, &id, Action::Forwarded, None, &h, None);
                        return self.arrive_eni(eni, h, true);
                    }
                }
            }
        }
        let text = format!("no resource holds {} as a public address", h.dst);
        self.at(ComponentKind::Internet, "internet", Action::Dropped, Self::check_rule("internet", text), &h, None);
        Err(Reason::NotRoutableFromInternet)
    }

    fn internet_to_eni(&mut self, eni: usize, public: core::net::Ipv4Addr, h: Header) -> Step {
        let vpc_i = vpc_of_eni(self.c, eni).ok_or(Reason::BadState)?;
        let Some(igw_i) = self.c.vpc_igw.get(vpc_i).copied().flatten().filter(|&i| i < self.t.internet_gateways.len())
        else {
            return Err(Reason::IgwPrivateIpAssociationForIngress);
        };
        let e = self.eni(eni).ok_or(Reason::BadState)?;
        let private = self
            .t
            .addresses
            .iter()
            .find(|a| {
                a.public_ip == public && a.network_interface_id.as_deref() == Some(e.network_interface_id.as_str())
            })
            .and_then(|a| a.private_ip_address)
            .or_else(|| e.primary_ip())
            .ok_or(Reason::IgwPrivateIpAssociationForIngress)?;
        let mut out = h;
        out.dst = IpAddr::V4(private);
        let who = self.igw_component(igw_i, true);
        let rule = RuleRef {
            kind: RuleKind::Translation,
            owner: who.id.clone(),
            key: Text::lit("1:1"),
            text: PacketText::arrow(public, private),
        };
        self.push_hop(who, Action::Translated, Some(rule), &h, &out, None);
        self.arrive_eni(eni, out, true)
    }

    /// An external source enters where AWS would receive it: from the on-premises side of a VPN connection
    /// or Direct Connect interface whose routes cover it, else from the internet.
    pub fn enter_from_outside(&mut self, h: Header) -> Step {
        let covers = |n: &ipnet::IpNet| n.contains(&h.src);
        if let Some(vpn) =
            self.t.vpn_connections.iter().find(|c| c.routes.iter().chain(c.advertised_routes.iter()).any(covers))
        {
            self.entry = Some(Text::from(&vpn.vpn_connection_id));
            return self.enter_from_vpn(vpn, h);
        }
        if let Some(vif) = self.t.virtual_interfaces.iter().find(|v| v.advertised_routes.iter().any(covers)) {
            self.entry = Some(Text::from(&vif.virtual_interface_id));
            if vif.virtual_interface_type == VifType::Public {
                return super::dx::enter(self, vif, h); // R14.7: AWS public prefixes over a public VIF
            }
            let id = vif.virtual_interface_id.clone();
            self.at(ComponentKind::DirectConnect, &id, Action::Received, None, &h, None);
            let vgw = vif.gateway_id.as_ref().and_then(|g| self.c.vgw.get(g)).copied();
            return self.enter_from_vgw(vgw, h);
        }
        self.enter_from_internet(h)
    }

    fn enter_from_vpn(&mut self, vpn: &VpnConnection, h: Header) -> Step {
        let id = vpn.vpn_connection_id.clone();
        if vpn.tunnels_up == 0 {
            self.at(
                ComponentKind::VpnConnection,
                &id,
                Action::Dropped,
                Self::check_rule(&id, String::from("both tunnels are down")),
                &h,
                None,
            );
            return Err(Reason::BadStateVpn);
        }
        self.at(ComponentKind::VpnConnection, &id, Action::Received, None, &h, None);
        let vgw = vpn.vpn_gateway_id.as_ref().and_then(|g| self.c.vgw.get(g)).copied();
        self.enter_from_vgw(vgw, h)
    }

    /// Into the VPC a VGW is attached to (R14.1); the VPC's `local` routing delivers.
    fn enter_from_vgw(&mut self, vgw: Option<usize>, h: Header) -> Step {
        let vpc_i = vgw.and_then(|g| self.c.vpc_vgw.iter().position(|v| *v == Some(g)));
        let Some(vpc_i) = vpc_i else {
            return Err(Reason::CannotRoute);
        };
        let id = vgw.and_then(|g| self.t.vpn_gateways.get(g)).map(|g| g.vpn_gateway_id.clone()).unwrap_or_default();
        self.at(ComponentKind::VpnGateway, &id, Action::Forwarded, None, &h, None);
        self.deliver_in_vpc(vpc_i, h, Via::VpnGateway)
    }

    /// A reply from a VPN site or an AWS service re-enters the sender's VPC the way the request left it.
    pub fn return_to_vpc(&mut self, eni: usize, h: Header) -> Step {
        let vpc_i = vpc_of_eni(self.c, eni).ok_or(Reason::BadState)?;
        self.deliver_in_vpc(vpc_i, h, Via::Inside)
    }

    // ── NAT gateway ──────────────────────────────────────────────────────────────────────────────────────

    fn nat_subnet(&self, nat: usize) -> Option<usize> {
        self.c.nat_subnet.get(nat).copied().flatten()
    }

    /// A client's packet reaches the NAT gateway through a route (R6.2): NACL inbound of the NAT subnet,
    /// protocol and fragment checks (R6.4), source NAT with port allocation (R6.5), idle RST (R6.6), then the
    /// NAT subnet's own route table.
    fn nat_gateway_in(&mut self, from_subnet: usize, nat: Option<usize>, h: Header, via: Via) -> Step {
        let Some(nat) = nat.filter(|&n| n < self.t.nat_gateways.len()) else {
            return Err(Reason::BadStateRoute);
        };
        let n = &self.t.nat_gateways[nat];
        if n.state != NatGatewayState::Available {
            return Err(Reason::BadStateRoute); // R6.12
        }
        let id = n.nat_gateway_id.as_str();
        if matches!(via, Via::Peering | Via::VpnGateway) {
            self.at(
                ComponentKind::NatGateway,
                id,
                Action::Dropped,
                Self::check_rule(id, String::from("peers and VPN sites cannot use this NAT gateway")),
                &h,
                None,
            );
            return Err(Reason::PeeringEdgeToEdge); // R6.10, R7.6
        }
        let nat_subnet = self.nat_subnet(nat).ok_or(Reason::BadState)?;
        let az = self.subnet(nat_subnet).map(|s| &s.availability_zone);
        let az_text = self.subnet_az(nat_subnet);
        if nat_subnet != from_subnet {
            self.nacl(nat_subnet, Direction::Ingress, &h, None)?;
        }
        if !(h.protocol.has_ports() || h.protocol == Protocol::ICMP) {
            self.at(
                ComponentKind::NatGateway,
                id,
                Action::Dropped,
                Self::check_rule(id, format!("protocol {} is not carried", h.protocol)),
                &h,
                az,
            );
            return Err(Reason::UnsupportedProtocol); // R6.4
        }
        if h.fragment && h.protocol != Protocol::UDP {
            self.at(
                ComponentKind::NatGateway,
                id,
                Action::Dropped,
                Self::check_rule(id, String::from("fragmented TCP/ICMP is dropped")),
                &h,
                az,
            );
            return Err(Reason::NatgwFragment);
        }
        self.always_tracked = true; // R3.9
        let is_tcp = h.protocol == Protocol::TCP;
        let new_conn = !is_tcp || h.tcp_flags.is_none_or(|f| f == TcpFlags::Syn);
        let idle = is_tcp.then_some(NATGW_IDLE_TIMEOUT);
        let own = IpAddr::V4(n.private_ip);
        let port = match self.st.nat.outbound(
            id,
            own,
            (h.src, h.src_port),
            (h.protocol.0, h.dst, h.dst_port),
            new_conn,
            idle,
            self.st.now,
        ) {
            Outbound::Port(p) => p,
            Outbound::IdledOut => {
                let rule = Self::check_rule(id, String::from("connection idle > 350 s: the NAT gateway answers RST"));
                self.at(ComponentKind::NatGateway, id, Action::Dropped, rule, &h, az);
                return Err(Reason::NatgwIdleRst);
            }
            Outbound::Exhausted => {
                self.at(
                    ComponentKind::NatGateway,
                    id,
                    Action::Dropped,
                    Self::check_rule(id, String::from("55,000 connections to this destination")),
                    &h,
                    az,
                );
                return Err(Reason::NatgwPortAllocation);
            }
        };
        let mut out = h;
        out.src = own;
        out.src_port = if h.protocol.has_ports() || h.protocol == Protocol::ICMP { port } else { h.src_port };
        let who = self.nat_component(nat, true);
        let label = who.id.clone();
        let rule = RuleRef {
            kind: RuleKind::Translation,
            owner: who.id.clone(),
            key: Text::lit("snat"),
            text: PacketText::ports(h.src, h.src_port, own, out.src_port),
        };
        self.push_hop(who, Action::Translated, Some(rule), &h, &out, az_text);
        if let Some(eni) = self.c.nat_eni.get(nat).copied().flatten() {
            self.flow_log(eni, &out, true);
        }
        self.l3_hop(&mut out, PacketText::ip(n.private_ip), label)?;
        self.leave_subnet(nat_subnet, out, Via::Inside, None)
    }

    /// A reply from the internet to a public NAT gateway's EIP: the IGW maps EIP → private IP, the NAT subnet's
    /// NACL checks it (S03), and only a packet matching a translation is let in (R6.3).
    fn internet_to_nat(&mut self, nat: usize, h: Header) -> Step {
        let n = &self.t.nat_gateways[nat];
        let nat_subnet = self.nat_subnet(nat).ok_or(Reason::BadState)?;
        let vpc_i = self.c.subnet_vpc.get(nat_subnet).copied().flatten().ok_or(Reason::BadState)?;
        let Some(igw_i) = self.c.vpc_igw.get(vpc_i).copied().flatten().filter(|&i| i < self.t.internet_gateways.len())
        else {
            return Err(Reason::IgwPrivateIpAssociationForIngress);
        };
        let mut at_nat = h;
        at_nat.dst = IpAddr::V4(n.private_ip);
        let who = self.igw_component(igw_i, true);
        let rule = RuleRef {
            kind: RuleKind::Translation,
            owner: who.id.clone(),
            key: Text::lit("1:1"),
            text: PacketText::arrow(h.dst, n.private_ip),
        };
        self.push_hop(who, Action::Translated, Some(rule), &h, &at_nat, None);
        self.nat_return(nat, nat_subnet, at_nat, true)
    }

    /// A packet addressed to the NAT gateway's own address from the far side: un-translate or refuse.
    fn nat_return(&mut self, nat: usize, nat_subnet: usize, h: Header, crossed_subnet: bool) -> Step {
        let n = &self.t.nat_gateways[nat];
        let id = n.nat_gateway_id.as_str();
        let az = self.subnet(nat_subnet).map(|s| &s.availability_zone);
        if crossed_subnet {
            self.nacl(nat_subnet, Direction::Ingress, &h, None)?;
        }
        let Some(inside) = self.st.nat.inbound(id, &h, self.st.now) else {
            let rule = Self::check_rule(
                id,
                String::from("no translation matches: connections cannot be started from outside"),
            );
            self.at(ComponentKind::NatGateway, id, Action::Dropped, rule, &h, az);
            return Err(Reason::NatgwNoInbound);
        };
        if h.fragment && h.protocol != Protocol::UDP {
            self.at(
                ComponentKind::NatGateway,
                id,
                Action::Dropped,
                Self::check_rule(id, String::from("fragmented TCP/ICMP is dropped")),
                &h,
                az,
            );
            return Err(Reason::NatgwFragment); // R6.4, S20c
        }
        let who = self.nat_component(nat, true);
        let (out, rule) = untranslate(&h, inside, who.id.clone(), "snat-reverse");
        self.push_hop(who, Action::Translated, Some(rule), &h, &out, self.subnet_az(nat_subnet));
        self.always_tracked = true;
        self.leave_subnet(nat_subnet, out, Via::Inside, None)
    }

    // ── appliances, peering, transit, hybrid, endpoints ──────────────────────────────────────────────────

    /// A route to an ENI or instance (R2.10): the packet is handed to that interface.
    fn appliance(&mut self, from_subnet: usize, target: &str, h: Header) -> Step {
        let eni = match TargetKind::of(target) {
            TargetKind::Instance => self
                .c
                .instance
                .get(target)
                .and_then(|&i| self.t.instances.get(i))
                .and_then(|i| i.network_interfaces.first())
                .and_then(|e| self.c.eni.get(e))
                .copied(),
            _ => self.c.eni.get(target).copied(),
        };
        let Some(eni) = eni else {
            return Err(Reason::BadStateRoute);
        }; // R2.11: a deleted ENI target
        let crossed = self.eni_subnet(eni) != Some(from_subnet);
        self.arrive_eni(eni, h, crossed)
    }

    fn peering(&mut self, vpc_i: usize, target: &str, mut h: Header, via: Via) -> Step {
        let Some(p) = self.c.pcx.get(target).and_then(|&i| self.t.vpc_peering_connections.get(i)) else {
            return Err(Reason::BadStateRoute); // R2.11: an aged-out peering
        };
        let id = p.vpc_peering_connection_id.clone();
        if p.status != PeeringStatus::Active {
            let rule = Self::check_rule(&id, format!("peering is {:?}", p.status));
            self.at(ComponentKind::VpcPeeringConnection, &id, Action::Dropped, rule, &h, None);
            return Err(Reason::BadStateRoute); // R7.1, R7.7, S12
        }
        if via == Via::Peering {
            self.at(
                ComponentKind::VpcPeeringConnection,
                &id,
                Action::Dropped,
                Self::check_rule(&id, String::from("arrived over another peering")),
                &h,
                None,
            );
            return Err(Reason::PeeringNotTransitive); // R7.5
        }
        let here = self.t.vpcs.get(vpc_i).map(|v| v.vpc_id.as_str()).unwrap_or("");
        let peer_id = if p.requester_vpc_id == here {
            &p.accepter_vpc_id
        } else if p.accepter_vpc_id == here {
            &p.requester_vpc_id
        } else {
            return Err(Reason::BadStateRoute);
        };
        let Some(&peer_i) = self.c.vpc.get(peer_id) else {
            return Err(Reason::BadStateRoute);
        };
        let (here_v, peer_v) = (&self.t.vpcs[vpc_i], &self.t.vpcs[peer_i]);
        // R7.8: inter-Region peering carries at most 1500 bytes.
        if here_v.region != peer_v.region && h.length > 1500 && h.df {
            self.at(
                ComponentKind::VpcPeeringConnection,
                &id,
                Action::Dropped,
                Self::check_rule(&id, format!("{} bytes > MTU 1500 (inter-Region) with DF", h.length)),
                &h,
                None,
            );
            return Err(Reason::MtuExceededDf);
        }
        if here_v.region != peer_v.region && h.length > 1500 {
            h.length = 1500; // fragmented on the way (R5.8); the first fragment is what we follow
        }
        let in_peer = ip_net_contains(&peer_v.cidr_blocks, h.dst)
            || peer_v.ipv6_cidr_blocks.iter().any(|n| ipnet::IpNet::V6(*n).contains(&h.dst));
        if !in_peer {
            // R7.5/R7.6: the peer forwards nothing beyond its own CIDRs; name the rule its tables would need.
            let kinds: Vec<TargetKind> = self
                .t
                .route_tables
                .iter()
                .enumerate()
                .filter(|(_, rt)| rt.vpc_id == *peer_id)
                .filter_map(|(i, _)| self.c.routes.get(i).and_then(|r| lookup(r, h.dst)).map(|r| r.kind))
                .collect();
            let reason = if kinds.contains(&TargetKind::VpcPeeringConnection) {
                Reason::PeeringNotTransitive
            } else if kinds.iter().any(|k| {
                matches!(
                    k,
                    TargetKind::InternetGateway
                        | TargetKind::NatGateway
                        | TargetKind::VpnGateway
                        | TargetKind::VpcEndpoint
                        | TargetKind::EgressOnlyInternetGateway
                )
            }) {
                Reason::PeeringEdgeToEdge
            } else {
                Reason::PcxRequiresAddressInVpcCidr
            };
            self.at(
                ComponentKind::VpcPeeringConnection,
                &id,
                Action::Dropped,
                Self::check_rule(&id, format!("{} is outside {peer_id}'s CIDRs", h.dst)),
                &h,
                None,
            );
            return Err(reason);
        }
        self.at(ComponentKind::VpcPeeringConnection, &id, Action::Forwarded, None, &h, None);
        self.deliver_in_vpc(peer_i, h, Via::Peering)
    }

    fn vpn_gateway_out(&mut self, vpc_i: usize, target: &str, h: Header, via: Via) -> Step {
        let attached = self.c.vpc_vgw.get(vpc_i).copied().flatten().and_then(|i| self.t.vpn_gateways.get(i));
        if attached.is_none_or(|g| g.vpn_gateway_id != target) {
            return Err(Reason::BadStateRoute);
        }
        if via == Via::Peering {
            self.at(
                ComponentKind::VpnGateway,
                target,
                Action::Dropped,
                Self::check_rule(target, String::from("a peer cannot use this VPN")),
                &h,
                None,
            );
            return Err(Reason::PeeringEdgeToEdge); // R7.6
        }
        // R14.3/R14.4: the VGW forwards only to prefixes it knows; DX before static VPN before BGP VPN.
        let vif = self.t.virtual_interfaces.iter().find(|v| {
            v.gateway_id.as_deref() == Some(target) && v.advertised_routes.iter().any(|n| n.contains(&h.dst))
        });
        if let Some(v) = vif {
            let id = v.virtual_interface_id.clone();
            self.at(ComponentKind::VpnGateway, target, Action::Forwarded, None, &h, None);
            self.at(ComponentKind::DirectConnect, &id, Action::Delivered, None, &h, None);
            return Ok(Endpoint::OnPremises(id));
        }
        let vpn = self.t.vpn_connections.iter().find(|c| {
            c.vpn_gateway_id.as_deref() == Some(target)
                && c.routes.iter().chain(c.advertised_routes.iter()).any(|n| n.contains(&h.dst))
        });
        let Some(vpn) = vpn else {
            let rule = Self::check_rule(target, format!("no VPN or Direct Connect route covers {}", h.dst));
            self.at(ComponentKind::VpnGateway, target, Action::Dropped, rule, &h, None);
            return Err(Reason::NoRouteToDestination);
        };
        self.at(ComponentKind::VpnGateway, target, Action::Forwarded, None, &h, None);
        self.vpn_out(vpn, h)
    }

    pub(crate) fn vpn_out(&mut self, vpn: &VpnConnection, h: Header) -> Step {
        let id = vpn.vpn_connection_id.clone();
        if vpn.tunnels_up == 0 {
            self.at(
                ComponentKind::VpnConnection,
                &id,
                Action::Dropped,
                Self::check_rule(&id, String::from("both tunnels are down")),
                &h,
                None,
            );
            return Err(Reason::BadStateVpn);
        }
        self.at(ComponentKind::VpnConnection, &id, Action::Delivered, None, &h, None);
        self.arrived(id.clone());
        Ok(Endpoint::OnPremises(id))
    }

    /// R9.1–R9.4: a gateway endpoint delivers to its AWS service, for traffic from inside the VPC only.
    fn gateway_endpoint(&mut self, target: &str, h: Header, via: Via) -> Step {
        let Some(ep) = self.c.endpoint.get(target).and_then(|&i| self.t.vpc_endpoints.get(i)) else {
            return Err(Reason::BadStateRoute);
        };
        if via != Via::Inside {
            self.at(
                ComponentKind::VpcEndpoint,
                target,
                Action::Dropped,
                Self::check_rule(target, String::from("gateway endpoints serve only their own VPC")),
                &h,
                None,
            );
            return Err(Reason::PeeringEdgeToEdge);
        }
        self.at(ComponentKind::VpcEndpoint, target, Action::Forwarded, None, &h, None);
        let service = ep.service_name.clone();
        self.at(ComponentKind::AwsService, &service, Action::Delivered, None, &h, None);
        Ok(Endpoint::AwsService(service))
    }

    /// Into a transit gateway from a VPC (R8.x): an attachment subnet in the source AZ (R8.6), the attachment's
    /// route table (R8.2, R8.4, R8.5), MTU 8500 (R8.9), then out of the chosen attachment.
    fn transit_gateway_from_vpc(&mut self, vpc_i: usize, subnet_i: usize, target: &str, h: Header, via: Via) -> Step {
        super::transit::enter_from_vpc(self, vpc_i, subnet_i, target, h, via)
    }
}

/// The internet as a hop's component.
fn internet() -> Component {
    Component { kind: ComponentKind::Internet, id: Text::lit("internet"), name: None }
}

/// 169.254.0.0/16 and fe80::/10.
pub(crate) fn is_link_local(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(a) => a.is_link_local(),
        IpAddr::V6(a) => (a.segments()[0] & 0xffc0) == 0xfe80 || a.segments()[0] == 0xfd00 && a.segments()[1] == 0x0ec2,
    }
}

/// Addresses the internet routes: not private, shared, loopback, link-local, documentation-free check aside.
pub(crate) fn is_global(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(a) => {
            let o = a.octets();
            !(a.is_private()
                || a.is_loopback()
                || a.is_link_local()
                || a.is_unspecified()
                || a.is_broadcast()
                || (o[0] == 100 && (o[1] & 0xc0) == 64))
        }
        IpAddr::V6(a) => {
            let s = a.segments()[0];
            !(a.is_loopback() || a.is_unspecified() || (s & 0xfe00) == 0xfc00 || (s & 0xffc0) == 0xfe80)
        }
    }
}

/// A reply reaching a translator's outside address, sent back to the inside host of its mapping (R6.3, R6.13),
/// with the rule that shows the reverse translation.
fn untranslate(h: &Header, inside: (IpAddr, u16), owner: Text, key: &'static str) -> (Header, RuleRef) {
    let mut out = *h;
    out.dst = inside.0;
    out.set_receiver_port(inside.1);
    let rule = RuleRef {
        kind: RuleKind::Translation,
        owner,
        key: Text::lit(key),
        text: PacketText::ports(h.dst, h.receiver_ports().0, inside.0, inside.1),
    };
    (out, rule)
}
