//! The "under the hood" view (R15.1–R15.3): which physical machinery each hop would run on. A teaching model
//! built from public re:Invent talks (Mapping Service, Blackfoot edge devices, Hyperplane) — not AWS's
//! specification. Opt-in per probe (`ProbeOptions::underlay`), so ordinary traces stay lean.

use alloc::format;
use alloc::string::String;
use alloc::vec;

use crate::model::Topology;
use crate::trace::{Action, ComponentKind, Trace, Underlay};

const MODEL: &str = "teaching model from public talks, not AWS's specification";

/// A stable pseudo host name for a resource: the physical server the simulator pretends it runs on.
fn host(id: &str) -> String {
    let mut x: u32 = 0x811c_9dc5;
    for b in id.bytes() {
        x ^= u32::from(b);
        x = x.wrapping_mul(0x0100_0193);
    }
    format!("host-{:04x}", x & 0xffff)
}

fn vpc_of(t: &Topology, instance: &str) -> Option<String> {
    let i = t.instances.iter().find(|i| i.instance_id == instance)?;
    let e = t.network_interfaces.iter().find(|e| Some(&e.network_interface_id) == i.network_interfaces.first())?;
    t.subnets.iter().find(|s| s.subnet_id == e.subnet_id).map(|s| s.vpc_id.clone())
}

pub(crate) fn annotate(t: &Topology, trace: &mut Trace) {
    let dst_host = trace.hops.iter().rev().find(|h| h.action == Action::Delivered).map(|h| host(&h.component.id));
    for hop in &mut trace.hops {
        let id = hop.component.id.clone();
        let u = match (hop.component.kind, hop.action) {
            (ComponentKind::Instance | ComponentKind::NetworkInterface, Action::Sent) => {
                let vpc = vpc_of(t, &id).unwrap_or_default();
                let to = dst_host.clone().unwrap_or_else(|| String::from("an edge device"));
                Some(Underlay {
                    device: host(&id),
                    notes: vec![
                        String::from(MODEL),
                        format!("Mapping Service: ({vpc}, {}) → {to}", hop.header_out.dst),
                        format!("encapsulate: outer {} → {to}, VPC {vpc}", host(&id)),
                    ],
                })
            }
            (ComponentKind::Instance | ComponentKind::NetworkInterface, Action::Delivered) => Some(Underlay {
                device: host(&id),
                notes: vec![
                    String::from(MODEL),
                    String::from("decapsulate; the outer source must be valid for this VPC (no spoofing, no transit)"),
                ],
            }),
            (
                ComponentKind::InternetGateway
                | ComponentKind::VpnGateway
                | ComponentKind::VpcEndpoint
                | ComponentKind::EgressOnlyInternetGateway,
                _,
            ) => {
                let nat = if hop.header_in != hop.header_out { "; the IGW's 1:1 NAT happens here" } else { "" };
                Some(Underlay {
                    device: String::from("Blackfoot edge"),
                    notes: vec![String::from(MODEL), format!("strip or add the VPC encapsulation at the edge{nat}")],
                })
            }
            (
                ComponentKind::NatGateway
                | ComponentKind::LoadBalancer
                | ComponentKind::TransitGateway
                | ComponentKind::TransitGatewayRouteTable
                | ComponentKind::TransitGatewayAttachment,
                _,
            ) => Some(Underlay {
                device: String::from("Hyperplane"),
                notes: vec![
                    String::from(MODEL),
                    String::from(
                        "per-flow state on a horizontally scaled fleet; the flow always returns through it (R3.9)",
                    ),
                ],
            }),
            _ => None,
        };
        hop.underlay = u.map(alloc::boxed::Box::new);
    }
}
