//! The VPC peering lifecycle on the virtual clock (R7.1–R7.4).

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

use super::ids::next_id;
use super::network::vpc;
use super::{refuse, Applied};
use crate::error::Error;
use crate::model::*;

/// R7.2: an unanswered request expires after 7 days (168 hours), in virtual-clock seconds.
pub const PEERING_EXPIRY_SECONDS: u64 = 7 * 24 * 3600;

/// Expires pending requests whose time has come (R7.2); returns their ids.
pub(super) fn expire(t: &mut Topology, clock: u64) -> Vec<String> {
    let mut ids = Vec::new();
    for p in t.vpc_peering_connections.iter_mut() {
        if p.status == PeeringStatus::PendingAcceptance && p.expiration_time.is_some_and(|e| clock >= e) {
            p.status = PeeringStatus::Expired;
            ids.push(p.vpc_peering_connection_id.clone());
        }
    }
    ids
}

/// Whether a peering still counts for R7.4 (ended ones do not).
fn live(p: &VpcPeeringConnection) -> bool {
    !matches!(
        p.status,
        PeeringStatus::Deleted | PeeringStatus::Rejected | PeeringStatus::Failed | PeeringStatus::Expired
    )
}

pub(super) fn create(t: &mut Topology, a: &str, b: &str, clock: u64) -> Result<Applied, Error> {
    let va = vpc(t, a)?.clone();
    let vb = vpc(t, b)?.clone();
    if a == b {
        return Err(refuse(a, "AccepterVpcId", "R7.1", String::from("a VPC cannot peer with itself")));
    }
    // R7.4: one peering per VPC pair at a time.
    let pair = |p: &VpcPeeringConnection| {
        (p.requester_vpc_id == a && p.accepter_vpc_id == b) || (p.requester_vpc_id == b && p.accepter_vpc_id == a)
    };
    if let Some(p) = t.vpc_peering_connections.iter().find(|p| live(p) && pair(p)) {
        return Err(refuse(
            a,
            "AccepterVpcId",
            "R7.4",
            format!("{a} and {b} already have a peering connection ({})", p.vpc_peering_connection_id),
        ));
    }
    // R7.3: any overlapping IPv4 or IPv6 CIDR, secondary ones included, makes the request fail.
    let overlap = va
        .cidr_blocks
        .iter()
        .any(|x| vb.cidr_blocks.iter().any(|y| x.contains(&y.network()) || y.contains(&x.network())))
        || va
            .ipv6_cidr_blocks
            .iter()
            .any(|x| vb.ipv6_cidr_blocks.iter().any(|y| x.contains(&y.network()) || y.contains(&x.network())));
    let id = next_id(t, "pcx");
    t.vpc_peering_connections.push(VpcPeeringConnection {
        vpc_peering_connection_id: id.clone(),
        name: None,
        requester_vpc_id: String::from(a),
        accepter_vpc_id: String::from(b),
        status: if overlap { PeeringStatus::Failed } else { PeeringStatus::PendingAcceptance },
        allow_dns_resolution_from_remote_vpc: false,
        expiration_time: (!overlap).then(|| clock.saturating_add(PEERING_EXPIRY_SECONDS)),
    });
    Ok(Applied::created(vec![id]))
}

/// R7.1 transitions: pending → active | rejected | deleted | expired; active → deleted. Failed, expired,
/// rejected and deleted are final.
pub(super) fn set_status(t: &mut Topology, id: &str, status: PeeringStatus) -> Result<Applied, Error> {
    let p = t
        .vpc_peering_connections
        .iter_mut()
        .find(|p| p.vpc_peering_connection_id == id)
        .ok_or_else(|| refuse(id, "VpcPeeringConnectionId", "R7.1", format!("peering {id} does not exist")))?;
    use PeeringStatus::*;
    let allowed =
        matches!((p.status, status), (PendingAcceptance, Active | Rejected | Deleted | Expired) | (Active, Deleted));
    if !allowed {
        return Err(refuse(id, "Status", "R7.1", format!("a {:?} peering cannot become {:?}", p.status, status)));
    }
    p.status = status;
    if status != PendingAcceptance {
        p.expiration_time = None;
    }
    Ok(Applied::default())
}
