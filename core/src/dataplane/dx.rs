//! Direct Connect public virtual interfaces (R14.7): an on-premises network reaches AWS public prefixes — the
//! public IPs and Elastic IPs of the Region's resources (through their VPC's internet gateway, as from the
//! internet) and the AWS services' ranges (the AWS-managed `com.amazonaws.…` prefix lists) — but not the internet
//! at large. Toward the prefixes the customer advertises on the public VIF, AWS's public side answers over it.

use alloc::format;
use alloc::string::String;
use core::net::IpAddr;

use super::forward::{Endpoint, Step, Walk};
use crate::model::*;
use crate::packet::Header;
use crate::trace::{Action, ComponentKind, Reason};

/// The public VIF whose customer prefixes cover `ip`, if any.
pub(crate) fn public_vif_for(t: &Topology, ip: IpAddr) -> Option<&VirtualInterface> {
    t.virtual_interfaces
        .iter()
        .find(|v| v.virtual_interface_type == VifType::Public && v.advertised_routes.iter().any(|n| n.contains(&ip)))
}

/// The AWS service whose AWS-managed prefix list holds `ip` (R9.1's `com.amazonaws.<region>.<service>` lists).
fn aws_service_at(t: &Topology, ip: IpAddr) -> Option<&str> {
    t.prefix_lists
        .iter()
        .find(|p| p.prefix_list_name.starts_with("com.amazonaws.") && p.cidrs.iter().any(|n| n.contains(&ip)))
        .map(|p| p.prefix_list_name.as_str())
}

/// R14.7: a packet from on-premises arrives over a public VIF.
pub(crate) fn enter(w: &mut Walk, vif: &VirtualInterface, h: Header) -> Step {
    let id = vif.virtual_interface_id.clone();
    let aws_public = match h.dst {
        IpAddr::V4(a) => w.c.eni_by_public_ip.contains_key(&a) || w.c.nat_by_public_ip.contains_key(&a),
        IpAddr::V6(_) => false,
    };
    if aws_public {
        // An AWS public IP: in through its VPC's internet gateway, exactly as from the internet (R5.4).
        w.record(ComponentKind::DirectConnect, &id, Action::Received, String::from("public VIF: AWS public IP"), &h);
        return w.enter_from_internet(h);
    }
    if let Some(service) = aws_service_at(w.t, h.dst) {
        let service = String::from(service);
        w.record(
            ComponentKind::DirectConnect,
            &id,
            Action::Received,
            String::from("public VIF: AWS service prefix"),
            &h,
        );
        w.record(ComponentKind::AwsService, &service, Action::Delivered, format!("{} over Direct Connect", h.dst), &h);
        w.arrived(service.clone());
        return Ok(Endpoint::AwsService(service));
    }
    let text = format!("a public VIF reaches AWS public prefixes only; {} is not one", h.dst);
    w.record(ComponentKind::DirectConnect, &id, Action::Dropped, text, &h);
    Err(Reason::DxPublicVifAwsPrefixesOnly)
}

/// R14.7: a packet from AWS's public side to a prefix the customer advertises on a public VIF leaves over it.
pub(crate) fn out(w: &mut Walk, vif: &VirtualInterface, h: Header) -> Step {
    let id = vif.virtual_interface_id.clone();
    w.record(ComponentKind::DirectConnect, &id, Action::Delivered, format!("public VIF to {}", h.dst), &h);
    w.arrived(id.clone());
    Ok(Endpoint::OnPremises(id))
}

pub(crate) fn is_public_vif(t: &Topology, id: &str) -> bool {
    t.virtual_interfaces.iter().any(|v| v.virtual_interface_id == id && v.virtual_interface_type == VifType::Public)
}

/// The reply of a customer host reached over a public VIF comes back in over it.
pub(crate) fn reply_in(w: &mut Walk, id: &str, h: Header) -> Step {
    match w.t.virtual_interfaces.iter().find(|v| v.virtual_interface_id == id) {
        Some(vif) => enter(w, vif, h),
        None => Err(Reason::CannotRoute),
    }
}

/// The reply of an AWS service reached over a public VIF goes back over it.
pub(crate) fn service_reply(w: &mut Walk, service: &str, h: Header) -> Step {
    w.record(ComponentKind::AwsService, service, Action::Sent, String::from("reply"), &h);
    match public_vif_for(w.t, h.dst) {
        Some(vif) => out(w, vif, h),
        None => Err(Reason::CannotRoute),
    }
}
