//! Resolving what the user typed — an instance id, an ENI id, an IP, a DNS name — into packet endpoints.

use alloc::format;
use alloc::string::String;

use core::net::{IpAddr, Ipv4Addr};

use super::compile::Compiled;
use crate::error::Error;
use crate::model::{EndpointType, Topology, VpcEndpoint};

/// Where a packet starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Source {
    /// An ENI, sending from one of its addresses.
    Eni(usize, IpAddr),
    /// A host outside AWS (the internet or an on-premises network).
    External(IpAddr),
}

fn not_found(field: &str, what: &str) -> Error {
    Error::new("probe", field, "", format!("no instance, network interface or address `{what}` in the topology"))
}

fn eni_primary(t: &Topology, eni: usize) -> Option<IpAddr> {
    let e = t.network_interfaces.get(eni)?;
    e.primary_ip().map(IpAddr::V4).or_else(|| e.ipv6_addresses.first().map(|a| IpAddr::V6(*a)))
}

fn instance_eni(t: &Topology, c: &Compiled, id: &str) -> Option<usize> {
    let i = t.instances.get(*c.instance.get(id)?)?;
    c.eni.get(i.network_interfaces.first()?).copied()
}

pub(crate) fn source(t: &Topology, c: &Compiled, from: &str) -> Result<Source, Error> {
    let from = from.trim();
    let eni = instance_eni(t, c, from).or_else(|| c.eni.get(from).copied());
    if let Some(eni) = eni {
        let ip = eni_primary(t, eni)
            .ok_or_else(|| Error::new(from, "PrivateIpAddresses", "", "the interface has no address"))?;
        return Ok(Source::Eni(eni, ip));
    }
    let ip: IpAddr = from.parse().map_err(|_| not_found("from", from))?;
    // A private address some ENI holds sends from that ENI; with identical CIDRs in two VPCs the first wins.
    Ok(match c.eni_by_ip.iter().find(|((_, a), _)| *a == ip) {
        Some((_, &eni)) => Source::Eni(eni, ip),
        None => Source::External(ip),
    })
}

/// The destination address. DNS names follow R11.3/R11.4 and R7.9: a public `ec2-…` name resolves to the
/// private IP from inside the owning VPC, or from a peer VPC when the peering allows DNS resolution.
pub(crate) fn destination(t: &Topology, c: &Compiled, to: &str, src: Source) -> Result<IpAddr, Error> {
    let to = to.trim();
    if let Some(eni) = instance_eni(t, c, to).or_else(|| c.eni.get(to).copied()) {
        return eni_primary(t, eni)
            .ok_or_else(|| Error::new(to, "PrivateIpAddresses", "", "the interface has no address"));
    }
    if let Ok(ip) = to.parse() {
        return Ok(ip);
    }
    let first_label = to.split('.').next().unwrap_or("");
    let dotted = |s: &str| s.replace('-', ".").parse::<Ipv4Addr>().ok();
    if let Some(ip) = first_label.strip_prefix("ip-").and_then(dotted) {
        return Ok(IpAddr::V4(ip)); // R11.4
    }
    if let Some(public) = first_label.strip_prefix("ec2-").and_then(dotted) {
        let Some(&owner) = c.eni_by_public_ip.get(&public) else {
            return Ok(IpAddr::V4(public));
        };
        let owner_vpc = vpc_of_eni(c, owner);
        let src_vpc = match src {
            Source::Eni(e, _) => vpc_of_eni(c, e),
            Source::External(_) => None,
        };
        let same_vpc = owner_vpc.is_some() && owner_vpc == src_vpc;
        let peered_with_dns = match (owner_vpc, src_vpc) {
            (Some(a), Some(b)) => t.vpc_peering_connections.iter().any(|p| {
                p.allow_dns_resolution_from_remote_vpc
                    && p.status == crate::model::PeeringStatus::Active
                    && ((p.requester_vpc_id == t.vpcs[a].vpc_id && p.accepter_vpc_id == t.vpcs[b].vpc_id)
                        || (p.requester_vpc_id == t.vpcs[b].vpc_id && p.accepter_vpc_id == t.vpcs[a].vpc_id))
            }),
            _ => false,
        };
        if same_vpc || peered_with_dns {
            if let Some(ip) = eni_primary(t, owner) {
                return Ok(ip);
            }
        }
        return Ok(IpAddr::V4(public)); // B08: without the option the public IP comes back
    }
    if let Some(ip) = endpoint_name(t, c, to, src)? {
        return Ok(ip);
    }
    if let Some(lb) = t.load_balancers.iter().find(|lb| lb.dns_name.eq_ignore_ascii_case(to)) {
        let nodes = lb.network_interface_ids.iter().filter_map(|id| c.eni.get(id));
        // An internet-facing load balancer's name gives its nodes' public addresses to a client outside AWS.
        // (Choice: clients inside the topology get the private ones, as if resolved in the VPC's view.)
        let outside = matches!(src, Source::External(_)) && lb.scheme == crate::model::Scheme::InternetFacing;
        let public = nodes.clone().filter(|_| outside).find_map(|&e| t.network_interfaces.get(e)?.public_ip);
        if let Some(ip) = public.map(IpAddr::V4).or_else(|| nodes.clone().find_map(|&e| eni_primary(t, e))) {
            return Ok(ip);
        }
    }
    Err(Error::new("probe", "to", "R11.3", format!("cannot resolve `{to}`: not an id, an address or a known DNS name")))
}

pub(crate) fn vpc_of_eni(c: &Compiled, eni: usize) -> Option<usize> {
    c.eni_subnet.get(eni).copied().flatten().and_then(|s| c.subnet_vpc.get(s).copied().flatten())
}

/// The availability zone of an interface's subnet.
pub(crate) fn eni_az<'t>(t: &'t Topology, c: &Compiled, eni: usize) -> Option<&'t str> {
    let e = t.network_interfaces.get(eni)?;
    t.subnets.get(*c.subnet.get(&e.subnet_id)?).map(|s| s.availability_zone.as_str())
}

/// The name private DNS gives an interface endpoint's service: the endpoint service's `PrivateDnsName`, or for
/// an AWS service `com.amazonaws.<region>.<service>` → `<service>.<region>.amazonaws.com` (R9.7).
fn private_dns_name(t: &Topology, ep: &VpcEndpoint) -> Option<String> {
    if let Some(s) = t.vpc_endpoint_services.iter().find(|s| s.service_name == ep.service_name) {
        return s.private_dns_name.clone();
    }
    let (region, service) = ep.service_name.strip_prefix("com.amazonaws.")?.split_once('.')?;
    Some(format!("{service}.{region}.amazonaws.com"))
}

fn name_matches(pattern: &str, name: &str) -> bool {
    match pattern.strip_prefix('*') {
        Some(suffix) => name.len() > suffix.len() && name.to_ascii_lowercase().ends_with(&suffix.to_ascii_lowercase()),
        None => pattern.eq_ignore_ascii_case(name),
    }
}

/// R9.7: an interface endpoint's own DNS names (`DnsEntries`) resolve to its ENIs from anywhere — a zonal name
/// (`vpce-…-us-east-1a.…`) to that AZ's ENI; with private DNS on, the service's own name resolves to them from
/// inside the endpoint's VPC when the VPC has DNS support and DNS hostnames. Elsewhere that name is the
/// service's public one, which vpcsim does not model.
fn endpoint_name(t: &Topology, c: &Compiled, to: &str, src: Source) -> Result<Option<IpAddr>, Error> {
    let src_eni = match src {
        Source::Eni(e, _) => Some(e),
        Source::External(_) => None,
    };
    let src_vpc = src_eni.and_then(|e| vpc_of_eni(c, e)).and_then(|v| t.vpcs.get(v));
    let src_az = src_eni.and_then(|e| eni_az(t, c, e));
    let mut public_name = None;
    for ep in t.vpc_endpoints.iter().filter(|e| e.vpc_endpoint_type == EndpointType::Interface) {
        let entry = ep.dns_entries.iter().find(|d| d.dns_name.eq_ignore_ascii_case(to));
        let private = entry.is_none() && private_dns_name(t, ep).is_some_and(|n| name_matches(&n, to));
        if entry.is_none() && !private {
            continue;
        }
        if private {
            let inside = src_vpc.is_some_and(|v| v.vpc_id == ep.vpc_id);
            let dns_on = src_vpc.is_some_and(|v| v.enable_dns_support && v.enable_dns_hostnames);
            if !(ep.private_dns_enabled && inside && dns_on) {
                public_name = Some(ep.vpc_endpoint_id.as_str());
                continue;
            }
        }
        let enis: alloc::vec::Vec<usize> =
            ep.network_interface_ids.iter().filter_map(|id| c.eni.get(id).copied()).collect();
        let first_label = to.split('.').next().unwrap_or("");
        let zonal = enis
            .iter()
            .copied()
            .find(|&e| entry.is_some() && eni_az(t, c, e).is_some_and(|az| first_label.ends_with(&format!("-{az}"))));
        let same_az = enis.iter().copied().find(|&e| src_az.is_some() && eni_az(t, c, e) == src_az);
        if let Some(ip) = zonal.or(same_az).or(enis.first().copied()).and_then(|e| eni_primary(t, e)) {
            return Ok(Some(ip));
        }
    }
    match public_name {
        Some(ep) => Err(Error::new(
            ep,
            "PrivateDnsEnabled",
            "R9.7",
            format!(
                "`{to}` resolves to the endpoint only from inside its VPC with private DNS, DNS support and DNS \
                 hostnames on; elsewhere it is the service's public name, which vpcsim does not model"
            ),
        )),
        None => Ok(None),
    }
}
