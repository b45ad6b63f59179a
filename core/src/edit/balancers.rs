//! Elastic Load Balancing (elbv2): ALBs and NLBs with their node ENIs, target groups, targets and listeners.
//! aws-semantics.md has no R-rules for the ELB control plane, so refusals name the elbv2 API error
//! (`InvalidConfigurationRequest`, `DuplicateListener`, `UnsupportedProtocol`, `InvalidTarget`, …).

use alloc::format;
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;
use core::net::{IpAddr, Ipv4Addr};

use super::compute::{auto_public_ip, free_ip};
use super::ids::next_id;
use super::network::{subnet, vpc};
use super::{refuse, Applied};
use crate::error::Error;
use crate::model::*;

/// The load balancer named `key` (its name or its ARN).
fn lb_index(t: &Topology, key: &str, field: &str) -> Result<usize, Error> {
    t.load_balancers
        .iter()
        .position(|l| l.load_balancer_name == key || l.load_balancer_arn == key)
        .ok_or_else(|| refuse(key, field, "LoadBalancerNotFound", String::from("no such load balancer")))
}

/// The target group named `key` (its name or its ARN).
fn tg_index(t: &Topology, key: &str, field: &str) -> Result<usize, Error> {
    t.target_groups
        .iter()
        .position(|g| g.target_group_name == key || g.target_group_arn == key)
        .ok_or_else(|| refuse(key, field, "TargetGroupNotFound", String::from("no such target group")))
}

/// elbv2 names: 1–32 alphanumerics or hyphens, not starting or ending with a hyphen (`ValidationError`).
fn check_name(name: &str, field: &str) -> Result<(), Error> {
    let ok = !name.is_empty()
        && name.len() <= 32
        && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        && !name.starts_with('-')
        && !name.ends_with('-')
        && !name.starts_with("internal-");
    if ok {
        return Ok(());
    }
    Err(refuse(name, field, "ValidationError", String::from("1–32 letters, digits or inner hyphens")))
}

/// The protocols a listener of this kind of load balancer takes (and its target groups use).
pub fn listener_protocols(kind: LoadBalancerType) -> &'static [&'static str] {
    match kind {
        LoadBalancerType::Application => &["HTTP", "HTTPS"],
        LoadBalancerType::Network => &["TCP", "UDP", "TLS", "TCP_UDP"],
        LoadBalancerType::Gateway => &["GENEVE"],
    }
}

fn short_kind(kind: LoadBalancerType) -> &'static str {
    match kind {
        LoadBalancerType::Application => "app",
        LoadBalancerType::Network => "net",
        LoadBalancerType::Gateway => "gwy",
    }
}

pub(super) fn create_lb(
    t: &mut Topology,
    name: &str,
    kind: LoadBalancerType,
    scheme: Scheme,
    subnet_ids: &[String],
    security_groups: &[String],
) -> Result<Applied, Error> {
    check_name(name, "Name")?;
    if kind == LoadBalancerType::Gateway {
        let text = String::from("only application and network load balancers are simulated");
        return Err(refuse(name, "Type", "InvalidConfigurationRequest", text));
    }
    if t.load_balancers.iter().any(|l| l.load_balancer_name == name) {
        return Err(refuse(name, "Name", "DuplicateLoadBalancerName", String::from("the name is taken")));
    }
    let mut subnets: Vec<Subnet> = Vec::new();
    for s in subnet_ids {
        let sub = subnet(t, s).map_err(|_| refuse(s, "Subnets", "SubnetNotFound", String::from("no such subnet")))?;
        if let Some(first) = subnets.first() {
            if first.vpc_id != sub.vpc_id {
                return Err(refuse(s, "Subnets", "InvalidConfigurationRequest", String::from("subnets of two VPCs")));
            }
        }
        if subnets.iter().any(|x| x.availability_zone == sub.availability_zone) {
            return Err(Error::new(
                s,
                "Subnets",
                "InvalidConfigurationRequest",
                "two subnets in one Availability Zone",
            ));
        }
        subnets.push(sub.clone());
    }
    let min = if kind == LoadBalancerType::Application { 2 } else { 1 };
    let Some(vpc_id) = subnets.first().map(|s| s.vpc_id.clone()).filter(|_| subnets.len() >= min) else {
        let text = if min == 2 {
            String::from("an Application Load Balancer needs subnets in at least two Availability Zones")
        } else {
            String::from("a load balancer needs at least one subnet")
        };
        return Err(refuse(name, "Subnets", "InvalidConfigurationRequest", text));
    };
    for g in security_groups {
        match t.security_groups.iter().find(|x| &x.group_id == g) {
            Some(x) if x.vpc_id == vpc_id => {}
            Some(_) => {
                return Err(Error::new(g, "SecurityGroups", "InvalidSecurityGroup", "not in the load balancer's VPC"));
            }
            None => return Err(refuse(g, "SecurityGroups", "InvalidSecurityGroup", String::from("no such group"))),
        }
    }
    // An ALB without groups gets the VPC's default SG; an NLB may have none (then nothing filters, R6.9).
    let mut groups = security_groups.to_vec();
    if groups.is_empty() && kind == LoadBalancerType::Application {
        groups.extend(
            t.security_groups.iter().find(|g| g.vpc_id == vpc_id && g.is_default()).map(|g| g.group_id.clone()),
        );
    }
    let v = vpc(t, &vpc_id)?;
    let region = if v.region.is_empty() { String::from("us-east-1") } else { v.region.clone() };
    let account = if v.owner_id.is_empty() { String::from("123456789012") } else { v.owner_id.clone() };
    let serial = t.load_balancers.len().saturating_add(1);
    let short = short_kind(kind);
    let arn = format!("arn:aws:elasticloadbalancing:{region}:{account}:loadbalancer/{short}/{name}/{serial}");
    let internal = if scheme == Scheme::Internal { "internal-" } else { "" };
    let dns_name = format!("{internal}{name}-{serial:04}.{region}.elb.amazonaws.com");
    let mut enis = Vec::new();
    for s in &subnets {
        let ip = free_ip(t, s)?;
        let public_ip = if scheme == Scheme::InternetFacing { auto_public_ip(t, ip) } else { None };
        let eni = next_id(t, "eni");
        t.network_interfaces.push(NetworkInterface {
            network_interface_id: eni.clone(),
            subnet_id: s.subnet_id.clone(),
            description: format!("ELB {short}/{name}/{serial}"),
            interface_type: InterfaceType::NetworkLoadBalancer,
            private_ip_addresses: vec![ip],
            ipv6_addresses: Vec::new(),
            public_ip,
            groups: groups.clone(),
            source_dest_check: true,
            instance_id: None,
        });
        enis.push(eni);
    }
    t.load_balancers.push(LoadBalancer {
        load_balancer_arn: arn.clone(),
        load_balancer_name: String::from(name),
        r#type: kind,
        scheme,
        vpc_id,
        dns_name,
        network_interface_ids: enis.clone(),
        security_groups: groups,
        listeners: Vec::new(),
        cross_zone: kind == LoadBalancerType::Application, // always on for an ALB, off by default for an NLB
    });
    let mut created = vec![arn];
    created.extend(enis);
    Ok(Applied::created(created))
}

pub(super) fn delete_lb(t: &mut Topology, key: &str) -> Result<Applied, Error> {
    let i = lb_index(t, key, "LoadBalancerArn")?;
    let lb = t.load_balancers.remove(i);
    if let Some(s) =
        t.vpc_endpoint_services.iter().find(|s| s.network_load_balancer_arns.contains(&lb.load_balancer_arn))
    {
        return Err(refuse(key, "LoadBalancerArn", "ResourceInUse", format!("used by {}", s.service_id)));
    }
    // Its listeners go with it; its node ENIs are released.
    t.network_interfaces.retain(|e| !lb.network_interface_ids.contains(&e.network_interface_id));
    Ok(Applied::default())
}

pub(super) fn create_tg(
    t: &mut Topology,
    name: &str,
    protocol: &str,
    port: u16,
    target_type: TargetType,
    vpc_id: &str,
) -> Result<Applied, Error> {
    check_name(name, "Name")?;
    if t.target_groups.iter().any(|g| g.target_group_name == name) {
        return Err(refuse(name, "Name", "DuplicateTargetGroupName", String::from("the name is taken")));
    }
    let protocol = protocol.to_ascii_uppercase();
    let known = [LoadBalancerType::Application, LoadBalancerType::Network];
    if !known.iter().any(|k| listener_protocols(*k).contains(&protocol.as_str())) {
        return Err(Error::new(name, "Protocol", "ValidationError", "HTTP, HTTPS, TCP, UDP, TLS or TCP_UDP"));
    }
    if port == 0 {
        return Err(refuse(name, "Port", "ValidationError", String::from("the port must be 1–65535")));
    }
    if !matches!(target_type, TargetType::Instance | TargetType::Ip) {
        let text = String::from("only instance and ip targets are simulated");
        return Err(refuse(name, "TargetType", "ValidationError", text));
    }
    let v = vpc(t, vpc_id)?;
    let region = if v.region.is_empty() { String::from("us-east-1") } else { v.region.clone() };
    let account = if v.owner_id.is_empty() { String::from("123456789012") } else { v.owner_id.clone() };
    let serial = t.target_groups.len().saturating_add(1);
    let arn = format!("arn:aws:elasticloadbalancing:{region}:{account}:targetgroup/{name}/{serial}");
    t.target_groups.push(TargetGroup {
        target_group_arn: arn.clone(),
        target_group_name: String::from(name),
        target_type,
        protocol,
        port,
        vpc_id: String::from(vpc_id),
        targets: Vec::new(),
        preserve_client_ip: None,
    });
    Ok(Applied::created(vec![arn]))
}

pub(super) fn delete_tg(t: &mut Topology, key: &str) -> Result<Applied, Error> {
    let i = tg_index(t, key, "TargetGroupArn")?;
    let arn = t.target_groups.get(i).map(|g| g.target_group_arn.clone()).unwrap_or_default();
    if let Some(lb) = t.load_balancers.iter().find(|l| l.listeners.iter().any(|x| x.target_group_arn == arn)) {
        return Err(refuse(
            key,
            "TargetGroupArn",
            "ResourceInUse",
            format!("{} forwards to it", lb.load_balancer_name),
        ));
    }
    t.target_groups.remove(i);
    Ok(Applied::default())
}

/// A target as the API takes it: an instance id or an IPv4 address, on its own port or the group's.
fn target(t: &Topology, g: &TargetGroup, id: &str, port: Option<u16>) -> Result<TargetDescription, Error> {
    let bad = |text: &str| Error::new(id, "Targets", "InvalidTarget", text);
    if port == Some(0) {
        return Err(bad("the port must be 1–65535"));
    }
    let ip = match g.target_type {
        TargetType::Instance => {
            let eni = t
                .instances
                .iter()
                .find(|i| i.instance_id == id)
                .ok_or_else(|| bad("no such instance"))?
                .network_interfaces
                .first()
                .and_then(|e| t.network_interfaces.iter().find(|x| &x.network_interface_id == e));
            let vpc = eni.and_then(|e| t.subnets.iter().find(|s| s.subnet_id == e.subnet_id)).map(|s| &s.vpc_id);
            if vpc != Some(&g.vpc_id) {
                return Err(bad("not in the target group's VPC"));
            }
            None
        }
        _ => {
            let ip: Ipv4Addr = id.parse().map_err(|_| bad("not an IPv4 address"))?;
            let inside = t
                .vpcs
                .iter()
                .find(|v| v.vpc_id == g.vpc_id)
                .is_some_and(|v| v.cidr_blocks.iter().any(|c| c.contains(&ip)));
            if !inside {
                return Err(bad("outside the target group's VPC CIDRs"));
            }
            Some(IpAddr::V4(ip))
        }
    };
    Ok(TargetDescription { id: String::from(id), ip, port: port.unwrap_or(g.port), availability_zone: None })
}

pub(super) fn register(
    t: &mut Topology,
    key: &str,
    targets: &[(String, Option<u16>)],
    on: bool,
) -> Result<Applied, Error> {
    let i = tg_index(t, key, "TargetGroupArn")?;
    let Some(g) = t.target_groups.get(i).cloned() else {
        return Err(refuse(key, "TargetGroupArn", "TargetGroupNotFound", String::new()));
    };
    let mut list = g.targets.clone();
    for (id, port) in targets {
        if on {
            let d = target(t, &g, id, *port)?;
            // Registering a registered target again is a no-op, as in the API.
            if !list.iter().any(|x| x.id == d.id && x.port == d.port) {
                list.push(d);
            }
        } else {
            let port = port.unwrap_or(g.port);
            let Some(k) = list.iter().position(|x| &x.id == id && x.port == port) else {
                return Err(Error::new(id, "Targets", "InvalidTarget", "not registered on this port"));
            };
            list.remove(k);
        }
    }
    if let Some(g) = t.target_groups.get_mut(i) {
        g.targets = list;
    }
    Ok(Applied::default())
}

pub(super) fn create_listener(
    t: &mut Topology,
    lb_key: &str,
    protocol: &str,
    port: u16,
    tg_key: &str,
) -> Result<Applied, Error> {
    let l = lb_index(t, lb_key, "LoadBalancerArn")?;
    let g = tg_index(t, tg_key, "DefaultActions")?;
    let (Some(lb), Some(tg)) = (t.load_balancers.get(l), t.target_groups.get(g)) else {
        return Err(refuse(lb_key, "LoadBalancerArn", "LoadBalancerNotFound", String::new()));
    };
    let protocol = protocol.to_ascii_uppercase();
    let allowed = listener_protocols(lb.r#type);
    if !allowed.contains(&protocol.as_str()) {
        return Err(Error::new(
            lb_key,
            "Protocol",
            "UnsupportedProtocol",
            "ALB: HTTP, HTTPS; NLB: TCP, UDP, TLS, TCP_UDP",
        ));
    }
    if port == 0 {
        return Err(refuse(lb_key, "Port", "ValidationError", String::from("the port must be 1–65535")));
    }
    if lb.listeners.iter().any(|x| x.port == port) {
        return Err(Error::new(lb_key, "Port", "DuplicateListener", "a listener already uses the port"));
    }
    if tg.vpc_id != lb.vpc_id {
        return Err(Error::new(
            tg_key,
            "DefaultActions",
            "InvalidConfigurationRequest",
            "not in the load balancer's VPC",
        ));
    }
    if !allowed.contains(&tg.protocol.as_str()) {
        return Err(Error::new(
            tg_key,
            "DefaultActions",
            "IncompatibleProtocols",
            "the group's protocol does not fit the listener",
        ));
    }
    let arn = tg.target_group_arn.clone();
    if let Some(other) = t
        .load_balancers
        .iter()
        .find(|x| x.load_balancer_arn != lb.load_balancer_arn && x.listeners.iter().any(|y| y.target_group_arn == arn))
    {
        let text = format!("{} forwards to it", other.load_balancer_name);
        return Err(refuse(tg_key, "DefaultActions", "TargetGroupAssociationLimit", text));
    }
    if let Some(lb) = t.load_balancers.get_mut(l) {
        lb.listeners.push(Listener { port, protocol, target_group_arn: arn });
    }
    Ok(Applied::default())
}

pub(super) fn delete_listener(t: &mut Topology, lb_key: &str, port: u16) -> Result<Applied, Error> {
    let l = lb_index(t, lb_key, "LoadBalancerArn")?;
    let Some(lb) = t.load_balancers.get_mut(l) else {
        return Err(refuse(lb_key, "LoadBalancerArn", "LoadBalancerNotFound", String::new()));
    };
    let before = lb.listeners.len();
    lb.listeners.retain(|x| x.port != port);
    if lb.listeners.len() == before {
        return Err(Error::new(lb_key, "ListenerArn", "ListenerNotFound", "no listener on this port"));
    }
    Ok(Applied::default())
}
