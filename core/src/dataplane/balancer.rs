//! Elastic Load Balancing (ALB, NLB): a listener takes the packet and a new leg goes to a target (seed 003).
//! An ALB opens a new connection from its node's address; an NLB keeps the client's address for instance
//! targets (client-IP preservation). Replies go back through the load balancer node, which restores the
//! listener's address — for a preserved client IP the VPC steers the reply back to the NLB (R15.3, Hyperplane).

use alloc::format;
use alloc::string::String;
use core::net::IpAddr;

use super::forward::{Endpoint, Step, Walk};
use crate::model::*;
use crate::packet::Header;
use crate::trace::{Action, ComponentKind, PacketText, Reason, RuleKind, RuleRef};

/// The load-balanced leg of a flow, for its reply.
#[derive(Clone, Debug)]
pub struct LbLeg {
    pub lb_eni: usize,
    /// What the client sent and the LB received.
    pub client: Header,
}

fn lb_of<'a>(t: &'a Topology, eni_id: &str) -> Option<&'a LoadBalancer> {
    t.load_balancers.iter().find(|lb| lb.network_interface_ids.iter().any(|e| e == eni_id))
}

/// A packet delivered to a load balancer node.
pub(crate) fn arrive(w: &mut Walk, eni: usize, h: Header) -> Step {
    let t = w.t;
    let Some(node) = t.network_interfaces.get(eni) else { return Err(Reason::BadState) };
    // The reply of a balanced flow, back at the node: hand it on to the client.
    if let Some(back) = w.lb_return.take() {
        w.record(
            ComponentKind::LoadBalancer,
            &node.network_interface_id,
            Action::Translated,
            PacketText::ports(h.dst, h.dst_port, back.dst, back.dst_port),
            &h,
        );
        if let Some(b) = w.privatelink.back.take() {
            let (ep_eni, to_consumer) = *b;
            if let Some(last) = w.hops.last_mut() {
                last.header_out = back;
            }
            return super::privatelink::back(w, &back, ep_eni, to_consumer); // R9.8: back across PrivateLink
        }
        return w.leave_eni(eni, back, true);
    }
    let Some(lb) = lb_of(t, &node.network_interface_id) else {
        w.record(
            ComponentKind::LoadBalancer,
            &node.network_interface_id,
            Action::Delivered,
            String::from("load balancer node"),
            &h,
        );
        return Ok(Endpoint::Eni(eni));
    };
    let lb_id = lb.load_balancer_name.clone();
    let proto_ok = |l: &Listener| {
        let p = l.protocol.to_ascii_uppercase();
        match h.protocol.0 {
            6 => matches!(p.as_str(), "TCP" | "HTTP" | "HTTPS" | "TLS" | "TCP_UDP"),
            17 => matches!(p.as_str(), "UDP" | "TCP_UDP"),
            _ => false,
        }
    };
    let Some(listener) = lb.listeners.iter().find(|l| l.port == h.dst_port && proto_ok(l)) else {
        w.record(
            ComponentKind::LoadBalancer,
            &lb_id,
            Action::Dropped,
            format!("no listener on {}/{}", h.protocol, h.dst_port),
            &h,
        );
        return Err(Reason::Elbv2ListenersMismatch);
    };
    let Some(tg) = t.target_groups.iter().find(|g| g.target_group_arn == listener.target_group_arn) else {
        w.record(
            ComponentKind::LoadBalancer,
            &lb_id,
            Action::Dropped,
            String::from("listener forwards to a missing target group"),
            &h,
        );
        return Err(Reason::BadState);
    };
    let node_az = t.subnets.iter().find(|s| s.subnet_id == node.subnet_id).map(|s| s.availability_zone.clone());
    // Deterministic choice: the first registered target in the node's AZ, else (cross-zone) the first.
    let address = |d: &TargetDescription| -> Option<(IpAddr, Option<usize>)> {
        match tg.target_type {
            TargetType::Instance => {
                let inst = t.instances.iter().find(|i| i.instance_id == d.id)?;
                let e = w.c.eni.get(inst.network_interfaces.first()?).copied()?;
                Some((IpAddr::V4(t.network_interfaces.get(e)?.primary_ip()?), Some(e)))
            }
            _ => d.ip.map(|ip| (ip, None)),
        }
    };
    let in_az = |d: &&TargetDescription| {
        let az = d.availability_zone.clone().or_else(|| {
            let (_, e) = address(d)?;
            let e = t.network_interfaces.get(e?)?;
            t.subnets.iter().find(|s| s.subnet_id == e.subnet_id).map(|s| s.availability_zone.clone())
        });
        az == node_az
    };
    let chosen = tg.targets.iter().find(in_az).or_else(|| lb.cross_zone.then(|| tg.targets.first()).flatten());
    let Some((target, (dst, _))) = chosen.and_then(|d| address(d).map(|a| (d, a))) else {
        w.record(
            ComponentKind::TargetGroup,
            &tg.target_group_name,
            Action::Dropped,
            String::from("no registered target can take the connection"),
            &h,
        );
        return Err(Reason::BadState);
    };
    let preserve = lb.r#type == LoadBalancerType::Network
        && tg.preserve_client_ip.unwrap_or(tg.target_type == TargetType::Instance);
    let node_ip = node.primary_ip().map(IpAddr::V4).ok_or(Reason::BadState)?;
    let mut out = h;
    out.dst = dst;
    out.dst_port = if target.port != 0 { target.port } else { tg.port };
    if !preserve {
        out.src = node_ip; // the ALB (or NLB without preservation) opens its own connection
    }
    let text = format!(
        "listener {}/{} → {} {}:{}{}",
        listener.protocol,
        listener.port,
        tg.target_group_name,
        dst,
        out.dst_port,
        if preserve { " (client IP preserved)" } else { "" }
    );
    let rule = RuleRef {
        kind: RuleKind::Listener,
        owner: lb_id.as_str().into(),
        key: format!("{}", listener.port).into(),
        text: text.into(),
    };
    w.record_rule(ComponentKind::LoadBalancer, &lb_id, Action::Translated, rule, &h);
    if let Some(last) = w.hops.last_mut() {
        last.header_out = out;
    }
    w.always_tracked = true; // R3.9: NLB flows are always tracked
    w.lb = Some(LbLeg { lb_eni: eni, client: h });
    w.leave_eni(eni, out, true)
}
