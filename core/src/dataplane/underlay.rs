//! The "under the hood" view (R15.1–R15.3): which physical machinery each hop would run on. A teaching model
//! built from public re:Invent talks (Mapping Service, Blackfoot edge devices, Hyperplane) — not AWS's
//! specification. Opt-in per probe (`ProbeOptions::underlay`), so ordinary traces stay lean.

use alloc::format;
use alloc::string::String;
use alloc::vec;

use crate::model::Topology;
use crate::trace::{Action, ComponentKind, Trace, Underlay};

const MODEL: &str = "teaching model from public talks, not AWS's specification";
const DECAP: &str = "decapsulate; the outer source must be valid for this VPC (no spoofing, no transit)";
const EDGE: &str = "strip or add the VPC encapsulation at the edge";
const EDGE_NAT: &str = "; the IGW's 1:1 NAT happens here";
const HYPERPLANE: &str = "per-flow state on a horizontally scaled fleet; the flow always returns through it (R3.9)";
const MAPPING: &str = "Mapping Service: ";
const ENCAP: &str = "encapsulate: outer ";

/// A note of [`annotate`] in `lang`: the notes are written in English; Korean keeps their addresses and ids.
pub fn note_in(note: &str, lang: crate::reason::Lang) -> String {
    if lang == crate::reason::Lang::En {
        return String::from(note);
    }
    let whole = [
        (MODEL, "공개 발표를 바탕으로 한 교육용 모델이며, AWS의 명세가 아닙니다"),
        (DECAP, "캡슐을 벗깁니다. 바깥 출발지는 이 VPC에 유효해야 합니다(위조 불가, 경유 불가)"),
        (HYPERPLANE, "수평 확장된 장비군이 흐름별 상태를 가지며, 흐름은 항상 이곳을 거쳐 돌아옵니다(R3.9)"),
    ];
    if let Some((_, ko)) = whole.iter().find(|(en, _)| *en == note) {
        return String::from(*ko);
    }
    if let Some(rest) = note.strip_prefix(EDGE) {
        let nat = if rest == EDGE_NAT { ". IGW의 1:1 NAT가 여기서 일어납니다" } else { "" };
        return format!("엣지에서 VPC 캡슐을 벗기거나 씌웁니다{nat}");
    }
    if let Some(rest) = note.strip_prefix(MAPPING) {
        return format!("매핑 서비스: {rest}");
    }
    if let Some(rest) = note.strip_prefix(ENCAP) {
        return format!("캡슐화: 바깥 헤더 {rest}");
    }
    String::from(note)
}

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
    let e = t.primary_interface(instance)?;
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
                        format!("{MAPPING}({vpc}, {}) → {to}", hop.header_out.dst),
                        format!("{ENCAP}{} → {to}, VPC {vpc}", host(&id)),
                    ],
                })
            }
            (ComponentKind::Instance | ComponentKind::NetworkInterface, Action::Delivered) => {
                Some(Underlay { device: host(&id), notes: vec![String::from(MODEL), String::from(DECAP)] })
            }
            (
                ComponentKind::InternetGateway
                | ComponentKind::VpnGateway
                | ComponentKind::VpcEndpoint
                | ComponentKind::EgressOnlyInternetGateway,
                _,
            ) => {
                let nat = if hop.header_in != hop.header_out { EDGE_NAT } else { "" };
                Some(Underlay {
                    device: String::from("Blackfoot edge"),
                    notes: vec![String::from(MODEL), format!("{EDGE}{nat}")],
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
                notes: vec![String::from(MODEL), String::from(HYPERPLANE)],
            }),
            _ => None,
        };
        hop.underlay = u.map(alloc::boxed::Box::new);
    }
}
