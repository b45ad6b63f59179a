//! Interface endpoints and PrivateLink (R9.7, R9.8).
//!
//! An interface endpoint is a requester-managed ENI in the consumer's subnet; its security groups and its
//! subnet's NACL apply like any ENI's (arrive_eni has run them when `arrive` is called). For an AWS service
//! (`com.amazonaws.<region>.<service>`, or any service whose provider is not in the topology) the endpoint ENI
//! is where the packet ends. For an endpoint service in the topology the flow crosses PrivateLink to the
//! provider's NLB: a new leg from the NLB node's address in the provider VPC, so the provider sees the NLB's
//! private IP and the consumer only its endpoint ENI — overlapping CIDRs do not matter, and nothing leads back
//! from the provider to the consumer (only the consumer starts connections). The reply returns through the NLB
//! node and the endpoint ENI, like an ALB's (balancer.rs).

use alloc::boxed::Box;
use alloc::format;
use alloc::string::String;
use core::net::IpAddr;

use super::forward::{Endpoint, Step, Walk};
use super::resolve::eni_az;
use crate::model::*;
use crate::packet::{Header, Protocol};
use crate::trace::{Action, ComponentKind, Reason, RuleKind, RuleRef, Text};

/// PrivateLink's state in one walk: the consumer's leg as the endpoint received it (kept for the reply), and
/// while playing the reply what the endpoint ENI sends back to the consumer.
/// Boxed, so a walk that meets no endpoint carries two pointers rather than two headers.
#[derive(Clone, Debug, Default)]
pub(crate) struct PlState {
    pub leg: Option<Box<(usize, Header)>>,
    pub back: Option<Box<(usize, Header)>>,
}

/// A packet for an interface endpoint ENI's own address.
pub(crate) fn arrive(w: &mut Walk, eni: usize, ep_i: usize, h: Header) -> Step {
    let t = w.t;
    let Some(ep) = t.vpc_endpoints.get(ep_i) else { return Err(Reason::BadState) };
    let id = ep.vpc_endpoint_id.as_str();
    // R9.7: an interface endpoint carries TCP only.
    if h.protocol != Protocol::TCP {
        let text = format!("interface endpoints carry TCP only, not {}", h.protocol);
        w.record(ComponentKind::VpcEndpoint, id, Action::Dropped, text, &h);
        return Err(Reason::UnsupportedProtocol);
    }
    // R9.8: only an accepted (`available`) endpoint carries traffic; the provider may reject it at any time.
    if !ep.state.eq_ignore_ascii_case("available") {
        w.record(ComponentKind::VpcEndpoint, id, Action::Dropped, format!("endpoint is {}", ep.state), &h);
        let pending = ep.state.eq_ignore_ascii_case("pendingAcceptance") || ep.state == "pending-acceptance";
        return Err(if pending { Reason::VpcEndpointPendingAcceptance } else { Reason::VpcEndpointNotAvailable });
    }
    let Some(svc) = w.c.endpoint_service.get(ep_i).copied().flatten().and_then(|i| t.vpc_endpoint_services.get(i))
    else {
        // R9.7: an AWS service's endpoint (or a provider outside the topology) is the destination itself.
        let text = format!("interface endpoint for {}", ep.service_name);
        w.record(ComponentKind::VpcEndpoint, id, Action::Forwarded, text, &h);
        let service = ep.service_name.clone();
        w.record(ComponentKind::AwsService, &service, Action::Delivered, String::from("answered at the endpoint"), &h);
        w.arrived(String::from(id));
        return Ok(Endpoint::Eni(eni));
    };
    // R9.8: the service allows the consumer's account (no list: the provider's own account only).
    let account = w.c.vpc.get(&ep.vpc_id).and_then(|&v| t.vpcs.get(v)).map(|v| v.owner_id.as_str()).unwrap_or("");
    if !svc.allows(account) {
        let text = format!("{} does not allow account {account}", svc.service_id);
        w.record(ComponentKind::VpcEndpoint, id, Action::Dropped, text, &h);
        return Err(Reason::VpcEndpointPrincipalNotAllowed);
    }
    // R9.8: the service is an NLB in the provider VPC.
    let nlb = svc.network_load_balancer_arns.iter().find_map(|arn| {
        t.load_balancers.iter().find(|lb| lb.load_balancer_arn == *arn && lb.r#type == LoadBalancerType::Network)
    });
    // R9.8: the node in the endpoint's AZ, else the first one.
    let nodes: alloc::vec::Vec<usize> = nlb
        .into_iter()
        .flat_map(|lb| lb.network_interface_ids.iter())
        .filter_map(|n| w.c.eni.get(n).copied())
        .collect();
    let az = eni_az(t, w.c, eni);
    let node = nodes.iter().copied().find(|&n| eni_az(t, w.c, n) == az).or(nodes.first().copied());
    let node_ip = node.and_then(|n| t.network_interfaces.get(n)).and_then(|e| e.primary_ip()).map(IpAddr::V4);
    let (Some(node), Some(node_ip)) = (node, node_ip) else {
        let text = format!("{} has no Network Load Balancer node", svc.service_id);
        w.record(ComponentKind::VpcEndpoint, id, Action::Dropped, text, &h);
        return Err(Reason::BadState);
    };
    let mut out = h;
    out.src = node_ip; // R9.8: the provider sees the NLB's private IP, never the consumer's
    out.dst = node_ip;
    let text = format!(
        "PrivateLink to {} ({}): {} → {} (NLB node in the provider VPC)",
        svc.service_id,
        nlb.map(|lb| lb.load_balancer_name.as_str()).unwrap_or(""),
        h.src,
        node_ip
    );
    let rule = RuleRef {
        kind: RuleKind::Translation,
        owner: id.into(),
        key: svc.service_id.as_str().into(),
        text: text.into(),
    };
    w.record_rule(ComponentKind::VpcEndpoint, id, Action::Translated, rule, &h);
    if let Some(last) = w.hops.last_mut() {
        last.header_out = out;
    }
    w.always_tracked = true; // R3.9, R15.3: PrivateLink runs on Hyperplane
    w.privatelink.leg = Some(Box::new((eni, h)));
    super::balancer::arrive(w, node, out)
}

/// The provider's reply, back at the NLB node: PrivateLink hands it to the endpoint ENI, which answers the
/// consumer from its own address (R9.8: the consumer sees only its endpoint).
pub(crate) fn back(w: &mut Walk, from_node: &Header, ep_eni: usize, to_consumer: Header) -> Step {
    let id =
        w.c.endpoint_by_eni.get(&ep_eni).and_then(|&i| w.t.vpc_endpoints.get(i)).map(|e| e.vpc_endpoint_id.clone());
    let id = id.unwrap_or_default();
    let text = format!("PrivateLink reply: {} → {} (the endpoint's address)", from_node.src, to_consumer.src);
    let rule =
        RuleRef { kind: RuleKind::Translation, owner: id.as_str().into(), key: Text::lit("reply"), text: text.into() };
    w.record_rule(ComponentKind::VpcEndpoint, &id, Action::Translated, rule, from_node);
    if let Some(last) = w.hops.last_mut() {
        last.header_out = to_consumer;
    }
    w.leave_eni(ep_eni, to_consumer, false)
}
