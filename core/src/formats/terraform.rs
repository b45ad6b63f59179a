//! `terraform show -json` output — a state (`values`) or a plan (`planned_values` + `resource_changes` +
//! `configuration`) — into a topology, for the AWS resources the model covers.
//!
//! In a plan, ids of resources not yet created are unknown. They are never guessed: a resource whose id is
//! unknown is named by its address (`aws_vpc.main`), and a field that refers to it is resolved through the
//! plan's configuration references to that address; every other unknown value is reported as a warning.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::net::Ipv4Addr;
use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use serde_json::Value;

use super::{Imported, Warning};
use crate::error::Error;
use crate::model::*;
use crate::packet::RuleProtocol;

/// One resource instance: its address, type, values, and which values are unknown until apply.
struct Res<'a> {
    address: String,
    kind: &'a str,
    values: &'a Value,
    unknown: Option<&'a Value>,
}

struct Reader<'a> {
    file: &'a str,
    resources: Vec<Res<'a>>,
    /// Configuration references, by resource address and field (plans only).
    references: BTreeMap<(String, String), String>,
    warnings: Vec<Warning>,
}

fn collect<'a>(module: &'a Value, out: &mut Vec<Res<'a>>, unknown: &BTreeMap<String, &'a Value>) {
    for r in module.get("resources").and_then(Value::as_array).into_iter().flatten() {
        if r.get("mode").and_then(Value::as_str) == Some("data") {
            continue;
        }
        let (Some(address), Some(kind), Some(values)) =
            (r.get("address").and_then(Value::as_str), r.get("type").and_then(Value::as_str), r.get("values"))
        else {
            continue;
        };
        out.push(Res { address: address.to_string(), kind, values, unknown: unknown.get(address).copied() });
    }
    for child in module.get("child_modules").and_then(Value::as_array).into_iter().flatten() {
        collect(child, out, unknown);
    }
}

fn config_refs(module: &Value, prefix: &str, out: &mut BTreeMap<(String, String), String>) {
    for r in module.get("resources").and_then(Value::as_array).into_iter().flatten() {
        let Some(address) = r.get("address").and_then(Value::as_str) else { continue };
        let address = format!("{prefix}{address}");
        let Some(exprs) = r.get("expressions").and_then(Value::as_object) else { continue };
        for (field, e) in exprs {
            // The first reference that names a resource attribute, e.g. "aws_vpc.main.id" → "aws_vpc.main".
            let target = e
                .get("references")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .find(|s| s.starts_with("aws_") && s.matches('.').count() >= 2);
            if let Some(t) = target {
                let base = t.rsplit_once('.').map(|(b, _)| b).unwrap_or(t);
                out.insert((address.clone(), field.clone()), format!("{prefix}{base}"));
            }
        }
    }
    for (name, call) in module.get("module_calls").and_then(Value::as_object).into_iter().flatten() {
        if let Some(m) = call.get("module") {
            config_refs(m, &format!("{prefix}module.{name}."), out);
        }
    }
}

/// Reads a `terraform show -json` document.
pub fn import(file: &str, text: &str) -> Result<Imported, Error> {
    let doc: Value = serde_json::from_str(text).map_err(|e| {
        Error::new(
            file,
            format!("line {} column {}", e.line(), e.column()),
            "terraform",
            format!("not valid JSON: {e}"),
        )
    })?;
    let mut unknown: BTreeMap<String, &Value> = BTreeMap::new();
    for rc in doc.get("resource_changes").and_then(Value::as_array).into_iter().flatten() {
        if let (Some(a), Some(u)) =
            (rc.get("address").and_then(Value::as_str), rc.get("change").and_then(|c| c.get("after_unknown")))
        {
            unknown.insert(a.to_string(), u);
        }
    }
    let root = doc.get("planned_values").or_else(|| doc.get("values")).and_then(|v| v.get("root_module")).ok_or_else(
        || {
            Error::new(
                file,
                "$.values.root_module",
                "terraform",
                "neither `values` (state) nor `planned_values` (plan): not `terraform show -json` output",
            )
        },
    )?;
    let mut r = Reader { file, resources: Vec::new(), references: BTreeMap::new(), warnings: Vec::new() };
    collect(root, &mut r.resources, &unknown);
    if let Some(cfg) = doc.get("configuration").and_then(|c| c.get("root_module")) {
        config_refs(cfg, "", &mut r.references);
    }
    r.build()
}

impl<'a> Reader<'a> {
    fn err(&self, res: &Res, field: &str, msg: String) -> Error {
        Error::new(self.file, format!("{}.{field}", res.address), "terraform", msg)
    }

    fn is_unknown(res: &Res, field: &str) -> bool {
        res.unknown.and_then(|u| u.get(field)).is_some_and(|v| v.as_bool() == Some(true))
    }

    /// A string value; unknown references resolve to the referenced address; other unknowns warn.
    fn s(&mut self, res: &Res, field: &str) -> Option<String> {
        match res.values.get(field) {
            Some(Value::String(s)) if !s.is_empty() => Some(s.clone()),
            _ if Self::is_unknown(res, field) => {
                if let Some(addr) = self.references.get(&(res.address.clone(), field.to_string())) {
                    return Some(addr.clone());
                }
                if field == "id" || field == "arn" {
                    return Some(res.address.clone());
                }
                self.warnings.push(Warning {
                    file: self.file.to_string(),
                    path: format!("{}.{field}", res.address),
                    message: String::from("unknown until apply; left out"),
                });
                None
            }
            _ => None,
        }
    }

    fn id(&mut self, res: &Res) -> String {
        self.s(res, "id").unwrap_or_else(|| res.address.clone())
    }

    fn strings(&mut self, res: &Res, field: &str) -> Vec<String> {
        let direct: Vec<String> = res
            .values
            .get(field)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(String::from)
            .collect();
        if direct.is_empty() && Self::is_unknown(res, field) {
            if let Some(addr) = self.references.get(&(res.address.clone(), field.to_string())) {
                return alloc::vec![addr.clone()];
            }
        }
        direct
    }

    fn b(res: &Res, field: &str) -> Option<bool> {
        res.values.get(field).and_then(Value::as_bool)
    }

    fn n(res: &Res, field: &str) -> Option<i64> {
        res.values.get(field).and_then(|v| v.as_i64().or_else(|| v.as_str()?.parse().ok()))
    }

    fn name(res: &Res) -> Option<String> {
        res.values.get("tags").and_then(|t| t.get("Name")).and_then(Value::as_str).map(String::from)
    }

    fn cidr4(&self, res: &Res, v: &Value, field: &str) -> Result<Option<Ipv4Net>, Error> {
        match v.get(field).and_then(Value::as_str).filter(|s| !s.is_empty()) {
            None => Ok(None),
            Some(s) => s
                .parse()
                .map(|n: Ipv4Net| Some(n.trunc()))
                .map_err(|_| self.err(res, field, format!("`{s}` is not an IPv4 CIDR"))),
        }
    }

    fn proto(&self, res: &Res, v: &Value, field: &str) -> Result<RuleProtocol, Error> {
        let text = match v.get(field) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => String::from("-1"),
        };
        serde_json::from_value(Value::String(text.clone()))
            .map_err(|_| self.err(res, field, format!("unknown protocol `{text}`")))
    }

    fn build(mut self) -> Result<Imported, Error> {
        let mut t = Topology::default();
        let resources = core::mem::take(&mut self.resources);
        // Pass 1: containers and things others refer to.
        for res in &resources {
            match res.kind {
                "aws_vpc" => {
                    let cidr = self
                        .cidr4(res, res.values, "cidr_block")?
                        .ok_or_else(|| self.err(res, "cidr_block", String::from("missing (unknown in this plan?)")))?;
                    let v6 = res
                        .values
                        .get("ipv6_cidr_block")
                        .and_then(Value::as_str)
                        .and_then(|s| s.parse::<Ipv6Net>().ok());
                    t.vpcs.push(Vpc {
                        vpc_id: self.id(res),
                        name: Self::name(res),
                        owner_id: self.s(res, "owner_id").unwrap_or_default(),
                        region: String::new(),
                        cidr_blocks: alloc::vec![cidr],
                        ipv6_cidr_blocks: v6.into_iter().collect(),
                        enable_dns_support: Self::b(res, "enable_dns_support").unwrap_or(true),
                        enable_dns_hostnames: Self::b(res, "enable_dns_hostnames").unwrap_or(false),
                        is_default: false,
                    });
                    // Terraform creates the main route table, default NACL and default SG with the VPC; their
                    // ids appear as attributes, their rules only through aws_default_* resources.
                }
                "aws_subnet" => {
                    let cidr = self
                        .cidr4(res, res.values, "cidr_block")?
                        .ok_or_else(|| self.err(res, "cidr_block", String::from("missing")))?;
                    t.subnets.push(Subnet {
                        subnet_id: self.id(res),
                        name: Self::name(res),
                        vpc_id: self.s(res, "vpc_id").unwrap_or_default(),
                        availability_zone: self.s(res, "availability_zone").unwrap_or_default(),
                        cidr_block: cidr,
                        ipv6_cidr_block: res
                            .values
                            .get("ipv6_cidr_block")
                            .and_then(Value::as_str)
                            .and_then(|s| s.parse().ok()),
                        map_public_ip_on_launch: Self::b(res, "map_public_ip_on_launch").unwrap_or(false),
                    });
                }
                "aws_internet_gateway" => t.internet_gateways.push(InternetGateway {
                    internet_gateway_id: self.id(res),
                    name: Self::name(res),
                    vpc_id: self.s(res, "vpc_id"),
                }),
                "aws_egress_only_internet_gateway" => {
                    let vpc_id = self.s(res, "vpc_id").unwrap_or_default();
                    t.egress_only_internet_gateways.push(EgressOnlyInternetGateway {
                        egress_only_internet_gateway_id: self.id(res),
                        name: Self::name(res),
                        vpc_id,
                    });
                }
                "aws_vpn_gateway" => t.vpn_gateways.push(VpnGateway {
                    vpn_gateway_id: self.id(res),
                    name: Self::name(res),
                    vpc_id: self.s(res, "vpc_id"),
                }),
                "aws_customer_gateway" => {
                    let ip = self
                        .s(res, "ip_address")
                        .and_then(|s| s.parse::<Ipv4Addr>().ok())
                        .ok_or_else(|| self.err(res, "ip_address", String::from("missing or not an IPv4 address")))?;
                    t.customer_gateways.push(CustomerGateway {
                        customer_gateway_id: self.id(res),
                        name: Self::name(res),
                        ip_address: ip,
                        bgp_asn: Self::n(res, "bgp_asn").unwrap_or(0).clamp(0, i64::from(u32::MAX)) as u32,
                    });
                }
                "aws_ec2_transit_gateway" => t.transit_gateways.push(TransitGateway {
                    transit_gateway_id: self.id(res),
                    name: Self::name(res),
                    owner_id: self.s(res, "owner_id").unwrap_or_default(),
                    region: String::new(),
                    association_default_route_table_id: self.s(res, "association_default_route_table_id"),
                    propagation_default_route_table_id: self.s(res, "propagation_default_route_table_id"),
                }),
                "aws_ec2_transit_gateway_route_table" => {
                    t.transit_gateway_route_tables.push(TransitGatewayRouteTable {
                        transit_gateway_route_table_id: self.id(res),
                        name: Self::name(res),
                        transit_gateway_id: self.s(res, "transit_gateway_id").unwrap_or_default(),
                        propagations: Vec::new(),
                        routes: Vec::new(),
                    })
                }
                _ => {}
            }
        }
        // Pass 2: everything else.
        for res in &resources {
            self.resource(&mut t, res)?;
        }
        // Region from the subnets' AZs (Terraform state carries the provider's region only in the config).
        for v in &mut t.vpcs {
            if let Some(s) = t.subnets.iter().find(|s| s.vpc_id == v.vpc_id && !s.availability_zone.is_empty()) {
                v.region = s.availability_zone.trim_end_matches(|c: char| c.is_ascii_lowercase()).to_string();
            }
        }
        Ok(Imported { topology: t, warnings: self.warnings })
    }

    fn route_target(&mut self, res: &Res, v: &Value) -> Option<String> {
        const KEYS: &[&str] = &[
            "gateway_id",
            "nat_gateway_id",
            "network_interface_id",
            "vpc_peering_connection_id",
            "transit_gateway_id",
            "egress_only_gateway_id",
            "vpc_endpoint_id",
            "instance_id",
            "carrier_gateway_id",
            "local_gateway_id",
        ];
        for k in KEYS {
            if let Some(s) = v.get(*k).and_then(Value::as_str).filter(|s| !s.is_empty()) {
                return Some(s.to_string());
            }
        }
        let _ = res;
        None
    }

    fn route(&mut self, res: &Res, v: &Value) -> Result<Option<Route>, Error> {
        let dest = if let Some(c) = v
            .get("cidr_block")
            .or_else(|| v.get("destination_cidr_block"))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
        {
            RouteDestination::Cidr(
                c.parse::<IpNet>()
                    .map_err(|_| self.err(res, "destination_cidr_block", format!("`{c}` is not a CIDR")))?,
            )
        } else if let Some(c) = v
            .get("ipv6_cidr_block")
            .or_else(|| v.get("destination_ipv6_cidr_block"))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
        {
            RouteDestination::Cidr(
                c.parse::<IpNet>()
                    .map_err(|_| self.err(res, "destination_ipv6_cidr_block", format!("`{c}` is not a CIDR")))?,
            )
        } else if let Some(p) = v.get("destination_prefix_list_id").and_then(Value::as_str).filter(|s| !s.is_empty()) {
            RouteDestination::PrefixList(p.to_string())
        } else {
            return Ok(None);
        };
        let Some(target) = self.route_target(res, v) else {
            self.warnings.push(Warning {
                file: self.file.to_string(),
                path: res.address.clone(),
                message: String::from("a route whose target is unknown until apply; left out"),
            });
            return Ok(None);
        };
        Ok(Some(Route { destination: dest, target, state: RouteState::Active, origin: RouteOrigin::CreateRoute }))
    }

    fn sg_rules(&mut self, res: &Res, list: &Value, own: &str) -> Result<Vec<SecurityGroupRule>, Error> {
        let mut out = Vec::new();
        for r in list.as_array().into_iter().flatten() {
            let proto = self.proto(res, r, "protocol")?;
            let (from, to) = (r.get("from_port").and_then(Value::as_i64), r.get("to_port").and_then(Value::as_i64));
            let (from, to) =
                if proto == RuleProtocol::All { (None, None) } else { (from.map(|x| x as i32), to.map(|x| x as i32)) };
            let mut push = |peer| {
                out.push(SecurityGroupRule {
                    security_group_rule_id: None,
                    ip_protocol: proto,
                    from_port: from,
                    to_port: to,
                    peer,
                    description: r.get("description").and_then(Value::as_str).map(String::from),
                })
            };
            for c in r.get("cidr_blocks").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str) {
                push(RulePeer::CidrIpv4(c.parse().map_err(|_| {
                    Error::new(
                        self.file,
                        format!("{}.cidr_blocks", res.address),
                        "terraform",
                        format!("`{c}` is not an IPv4 CIDR"),
                    )
                })?));
            }
            for c in r.get("ipv6_cidr_blocks").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str)
            {
                push(RulePeer::CidrIpv6(c.parse().map_err(|_| {
                    Error::new(
                        self.file,
                        format!("{}.ipv6_cidr_blocks", res.address),
                        "terraform",
                        format!("`{c}` is not an IPv6 CIDR"),
                    )
                })?));
            }
            for p in r.get("prefix_list_ids").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str)
            {
                push(RulePeer::PrefixListId(p.to_string()));
            }
            for g in r.get("security_groups").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str)
            {
                push(RulePeer::ReferencedGroupId(g.to_string()));
            }
            if r.get("self").and_then(Value::as_bool) == Some(true) {
                push(RulePeer::ReferencedGroupId(own.to_string()));
            }
        }
        Ok(out)
    }

    fn nacl_entries(&self, res: &Res, list: &Value, egress: bool) -> Result<Vec<NetworkAclEntry>, Error> {
        let mut out = Vec::new();
        for e in list.as_array().into_iter().flatten() {
            out.push(self.nacl_entry(res, e, egress)?);
        }
        Ok(out)
    }

    fn nacl_entry(&self, res: &Res, e: &Value, egress: bool) -> Result<NetworkAclEntry, Error> {
        let number = e.get("rule_no").or_else(|| e.get("rule_number")).and_then(Value::as_i64).unwrap_or(0);
        let number = u16::try_from(number)
            .ok()
            .filter(|n| (1..=32766).contains(n))
            .ok_or_else(|| self.err(res, "rule_no", format!("{number} must be 1–32766 (R4.2)")))?;
        let protocol = self.proto(res, e, "protocol")?;
        let cidr = match e.get("cidr_block").and_then(Value::as_str).filter(|s| !s.is_empty()) {
            Some(c) => c.parse::<IpNet>().map_err(|_| self.err(res, "cidr_block", format!("`{c}` is not a CIDR")))?,
            None => e
                .get("ipv6_cidr_block")
                .and_then(Value::as_str)
                .and_then(|c| c.parse().ok())
                .ok_or_else(|| self.err(res, "cidr_block", String::from("missing")))?,
        };
        let action = match e.get("action").or_else(|| e.get("rule_action")).and_then(Value::as_str) {
            Some("allow") => RuleAction::Allow,
            Some("deny") => RuleAction::Deny,
            other => return Err(self.err(res, "action", format!("{other:?} is neither allow nor deny"))),
        };
        let ports = match (e.get("from_port").and_then(Value::as_i64), e.get("to_port").and_then(Value::as_i64)) {
            (Some(f), Some(t)) if protocol != RuleProtocol::All && !(f == 0 && t == 0) => {
                Some(PortRange { from: f.clamp(0, 65535) as u16, to: t.clamp(0, 65535) as u16 })
            }
            _ => None,
        };
        Ok(NetworkAclEntry {
            rule_number: number,
            egress,
            rule_action: action,
            protocol,
            cidr_block: cidr.trunc(),
            port_range: ports,
            icmp_type_code: None,
        })
    }

    fn resource(&mut self, t: &mut Topology, res: &Res) -> Result<(), Error> {
        let v = res.values;
        match res.kind {
            "aws_vpc_ipv4_cidr_block_association" => {
                let vpc = self.s(res, "vpc_id").unwrap_or_default();
                if let Some(c) = self.cidr4(res, v, "cidr_block")? {
                    if let Some(x) = t.vpcs.iter_mut().find(|x| x.vpc_id == vpc) {
                        x.cidr_blocks.push(c);
                    }
                }
            }
            "aws_route_table" | "aws_default_route_table" => {
                let id = if res.kind == "aws_default_route_table" {
                    self.s(res, "default_route_table_id").unwrap_or_else(|| self.id(res))
                } else {
                    self.id(res)
                };
                let mut routes = Vec::new();
                for r in v.get("route").and_then(Value::as_array).into_iter().flatten() {
                    routes.extend(self.route(res, r)?);
                }
                let vpc_id = self.s(res, "vpc_id").unwrap_or_default();
                t.route_tables.push(RouteTable {
                    route_table_id: id,
                    name: Self::name(res),
                    vpc_id,
                    main: res.kind == "aws_default_route_table",
                    associations: Vec::new(),
                    gateway_associations: Vec::new(),
                    propagating_vgws: self.strings(res, "propagating_vgws"),
                    routes,
                });
            }
            "aws_route" => {
                let rt = self.s(res, "route_table_id").unwrap_or_default();
                if let Some(route) = self.route(res, v)? {
                    match t.route_tables.iter_mut().find(|x| x.route_table_id == rt) {
                        Some(x) => x.routes.push(route),
                        None => {
                            return Err(self.err(
                                res,
                                "route_table_id",
                                format!("route table {rt} is not in this state"),
                            ))
                        }
                    }
                }
            }
            "aws_route_table_association" => {
                let rt = self.s(res, "route_table_id").unwrap_or_default();
                let (subnet, gateway) = (self.s(res, "subnet_id"), self.s(res, "gateway_id"));
                if let Some(x) = t.route_tables.iter_mut().find(|x| x.route_table_id == rt) {
                    x.associations.extend(subnet);
                    x.gateway_associations.extend(gateway);
                }
            }
            "aws_main_route_table_association" => {
                let (rt, vpc) =
                    (self.s(res, "route_table_id").unwrap_or_default(), self.s(res, "vpc_id").unwrap_or_default());
                for x in t.route_tables.iter_mut().filter(|x| x.vpc_id == vpc) {
                    x.main = x.route_table_id == rt;
                }
            }
            "aws_security_group" | "aws_default_security_group" => {
                let id = self.id(res);
                let ingress = self.sg_rules(res, v.get("ingress").unwrap_or(&Value::Null), &id)?;
                let egress = self.sg_rules(res, v.get("egress").unwrap_or(&Value::Null), &id)?;
                let name = if res.kind == "aws_default_security_group" {
                    String::from("default")
                } else {
                    self.s(res, "name").unwrap_or_default()
                };
                t.security_groups.push(SecurityGroup {
                    group_id: id,
                    group_name: name,
                    vpc_id: self.s(res, "vpc_id").unwrap_or_default(),
                    owner_id: self.s(res, "owner_id").unwrap_or_default(),
                    ip_permissions: ingress,
                    ip_permissions_egress: egress,
                });
            }
            "aws_security_group_rule" => {
                let sg = self.s(res, "security_group_id").unwrap_or_default();
                let mut r = v.clone();
                if let Some(src) = self.s(res, "source_security_group_id") {
                    r["security_groups"] = Value::Array(alloc::vec![Value::String(src)]);
                }
                let rules = self.sg_rules(res, &Value::Array(alloc::vec![r]), &sg)?;
                let egress = v.get("type").and_then(Value::as_str) == Some("egress");
                match t.security_groups.iter_mut().find(|g| g.group_id == sg) {
                    Some(g) if egress => g.ip_permissions_egress.extend(rules),
                    Some(g) => g.ip_permissions.extend(rules),
                    None => {
                        return Err(self.err(
                            res,
                            "security_group_id",
                            format!("security group {sg} is not in this state"),
                        ))
                    }
                }
            }
            "aws_vpc_security_group_ingress_rule" | "aws_vpc_security_group_egress_rule" => {
                let sg = self.s(res, "security_group_id").unwrap_or_default();
                let proto = self.proto(res, v, "ip_protocol")?;
                let peer = if let Some(c) = self.cidr4(res, v, "cidr_ipv4")? {
                    RulePeer::CidrIpv4(c)
                } else if let Some(c) = v.get("cidr_ipv6").and_then(Value::as_str).and_then(|s| s.parse().ok()) {
                    RulePeer::CidrIpv6(c)
                } else if let Some(p) = self.s(res, "prefix_list_id") {
                    RulePeer::PrefixListId(p)
                } else if let Some(g) = self.s(res, "referenced_security_group_id") {
                    RulePeer::ReferencedGroupId(g)
                } else {
                    return Err(self.err(
                        res,
                        "cidr_ipv4",
                        String::from(
                            "a rule needs cidr_ipv4, cidr_ipv6, prefix_list_id or referenced_security_group_id",
                        ),
                    ));
                };
                let (from, to) = if proto == RuleProtocol::All {
                    (None, None)
                } else {
                    (Self::n(res, "from_port").map(|x| x as i32), Self::n(res, "to_port").map(|x| x as i32))
                };
                let rule = SecurityGroupRule {
                    security_group_rule_id: self.s(res, "security_group_rule_id"),
                    ip_protocol: proto,
                    from_port: from,
                    to_port: to,
                    peer,
                    description: self.s(res, "description"),
                };
                match t.security_groups.iter_mut().find(|g| g.group_id == sg) {
                    Some(g) if res.kind.ends_with("egress_rule") => g.ip_permissions_egress.push(rule),
                    Some(g) => g.ip_permissions.push(rule),
                    None => {
                        return Err(self.err(
                            res,
                            "security_group_id",
                            format!("security group {sg} is not in this state"),
                        ))
                    }
                }
            }
            "aws_network_acl" | "aws_default_network_acl" => {
                let id = if res.kind == "aws_default_network_acl" {
                    self.s(res, "default_network_acl_id").unwrap_or_else(|| self.id(res))
                } else {
                    self.id(res)
                };
                let mut entries = self.nacl_entries(res, v.get("ingress").unwrap_or(&Value::Null), false)?;
                entries.extend(self.nacl_entries(res, v.get("egress").unwrap_or(&Value::Null), true)?);
                let vpc_id = self.s(res, "vpc_id").unwrap_or_default();
                t.network_acls.push(NetworkAcl {
                    network_acl_id: id,
                    name: Self::name(res),
                    vpc_id,
                    is_default: res.kind == "aws_default_network_acl",
                    associations: self.strings(res, "subnet_ids"),
                    entries,
                });
            }
            "aws_network_acl_rule" => {
                let acl = self.s(res, "network_acl_id").unwrap_or_default();
                let entry = self.nacl_entry(res, v, Self::b(res, "egress").unwrap_or(false))?;
                match t.network_acls.iter_mut().find(|a| a.network_acl_id == acl) {
                    Some(a) => a.entries.push(entry),
                    None => {
                        return Err(self.err(res, "network_acl_id", format!("network ACL {acl} is not in this state")))
                    }
                }
            }
            "aws_network_acl_association" => {
                let (acl, subnet) =
                    (self.s(res, "network_acl_id").unwrap_or_default(), self.s(res, "subnet_id").unwrap_or_default());
                if let Some(a) = t.network_acls.iter_mut().find(|a| a.network_acl_id == acl) {
                    a.associations.push(subnet);
                }
            }
            "aws_nat_gateway" => {
                let private_ip = self.s(res, "private_ip").and_then(|s| s.parse().ok());
                let Some(private_ip) = private_ip else {
                    self.warnings.push(Warning {
                        file: self.file.to_string(),
                        path: res.address.clone(),
                        message: String::from("the NAT gateway's private IP is unknown until apply; left out"),
                    });
                    return Ok(());
                };
                t.nat_gateways.push(NatGateway {
                    nat_gateway_id: self.id(res),
                    name: Self::name(res),
                    subnet_id: self.s(res, "subnet_id").unwrap_or_default(),
                    connectivity_type: if self.s(res, "connectivity_type").as_deref() == Some("private") {
                        ConnectivityType::Private
                    } else {
                        ConnectivityType::Public
                    },
                    state: NatGatewayState::Available,
                    network_interface_id: self.s(res, "network_interface_id"),
                    private_ip,
                    public_ip: self.s(res, "public_ip").and_then(|s| s.parse().ok()),
                    allocation_id: self.s(res, "allocation_id"),
                });
            }
            "aws_eip" => {
                if let Some(ip) = self.s(res, "public_ip").and_then(|s| s.parse().ok()) {
                    t.addresses.push(ElasticIp {
                        allocation_id: self.id(res),
                        public_ip: ip,
                        region: String::new(),
                        network_interface_id: self.s(res, "network_interface"),
                        private_ip_address: self.s(res, "private_ip").and_then(|s| s.parse().ok()),
                    });
                }
            }
            "aws_instance" => {
                let id = self.id(res);
                let eni_id = self.s(res, "primary_network_interface_id").unwrap_or_else(|| format!("{id}/eth0"));
                let ip = self.s(res, "private_ip").and_then(|s| s.parse().ok());
                let Some(ip) = ip else {
                    self.warnings.push(Warning {
                        file: self.file.to_string(),
                        path: res.address.clone(),
                        message: String::from("the instance's private IP is unknown until apply; left out"),
                    });
                    return Ok(());
                };
                let m = v
                    .get("metadata_options")
                    .and_then(Value::as_array)
                    .and_then(|a| a.first())
                    .cloned()
                    .unwrap_or(Value::Null);
                let role = match v.get("tags").and_then(|t| t.get("vpcsim:role")).and_then(Value::as_str) {
                    Some("nat-instance") => InstanceRole::NatInstance,
                    Some("router") => InstanceRole::Router,
                    Some("firewall") => InstanceRole::Firewall,
                    Some("proxy") => InstanceRole::Proxy,
                    _ => InstanceRole::Host,
                };
                t.network_interfaces.push(NetworkInterface {
                    network_interface_id: eni_id.clone(),
                    subnet_id: self.s(res, "subnet_id").unwrap_or_default(),
                    description: String::new(),
                    interface_type: InterfaceType::Interface,
                    private_ip_addresses: alloc::vec![ip],
                    ipv6_addresses: Vec::new(),
                    public_ip: self.s(res, "public_ip").and_then(|s| s.parse().ok()),
                    groups: self.strings(res, "vpc_security_group_ids"),
                    source_dest_check: Self::b(res, "source_dest_check").unwrap_or(true),
                    instance_id: Some(id.clone()),
                });
                t.instances.push(Instance {
                    instance_id: id,
                    name: Self::name(res),
                    state: InstanceState::Running,
                    network_interfaces: alloc::vec![eni_id],
                    metadata_options: MetadataOptions {
                        http_endpoint: if m.get("http_endpoint").and_then(Value::as_str) == Some("disabled") {
                            Toggle::Disabled
                        } else {
                            Toggle::Enabled
                        },
                        http_tokens: if m.get("http_tokens").and_then(Value::as_str) == Some("required") {
                            HttpTokens::Required
                        } else {
                            HttpTokens::Optional
                        },
                        http_put_response_hop_limit: m
                            .get("http_put_response_hop_limit")
                            .and_then(Value::as_i64)
                            .map(|h| h.clamp(1, 64) as u8)
                            .unwrap_or(1),
                    },
                    placement_group: self.s(res, "placement_group"),
                    role,
                    label: None,
                });
            }
            "aws_network_interface" => {
                let ips: Vec<Ipv4Addr> = v
                    .get("private_ips")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|x| x.as_str()?.parse().ok())
                    .collect();
                let instance = v
                    .get("attachment")
                    .and_then(Value::as_array)
                    .and_then(|a| a.first())
                    .and_then(|a| a.get("instance"))
                    .and_then(Value::as_str)
                    .map(String::from);
                t.network_interfaces.push(NetworkInterface {
                    network_interface_id: self.id(res),
                    subnet_id: self.s(res, "subnet_id").unwrap_or_default(),
                    description: self.s(res, "description").unwrap_or_default(),
                    interface_type: InterfaceType::Interface,
                    private_ip_addresses: ips,
                    ipv6_addresses: Vec::new(),
                    public_ip: None,
                    groups: self.strings(res, "security_groups"),
                    source_dest_check: Self::b(res, "source_dest_check").unwrap_or(true),
                    instance_id: instance,
                });
            }
            "aws_vpc_peering_connection" => {
                let status = match self.s(res, "accept_status").as_deref() {
                    Some("pending-acceptance") => PeeringStatus::PendingAcceptance,
                    Some("failed") => PeeringStatus::Failed,
                    Some("rejected") => PeeringStatus::Rejected,
                    Some("deleted") => PeeringStatus::Deleted,
                    Some("active") => PeeringStatus::Active,
                    _ if Self::b(res, "auto_accept") == Some(true) => PeeringStatus::Active,
                    _ => PeeringStatus::PendingAcceptance,
                };
                t.vpc_peering_connections.push(VpcPeeringConnection {
                    vpc_peering_connection_id: self.id(res),
                    name: Self::name(res),
                    requester_vpc_id: self.s(res, "vpc_id").unwrap_or_default(),
                    accepter_vpc_id: self.s(res, "peer_vpc_id").unwrap_or_default(),
                    status,
                    allow_dns_resolution_from_remote_vpc: false,
                    expiration_time: None,
                });
            }
            "aws_vpc_peering_connection_accepter" => {
                let id = self.s(res, "vpc_peering_connection_id").unwrap_or_default();
                if let Some(p) = t.vpc_peering_connections.iter_mut().find(|p| p.vpc_peering_connection_id == id) {
                    p.status = PeeringStatus::Active;
                }
            }
            "aws_ec2_transit_gateway_vpc_attachment" => t.transit_gateway_attachments.push(TransitGatewayAttachment {
                transit_gateway_attachment_id: self.id(res),
                name: Self::name(res),
                transit_gateway_id: self.s(res, "transit_gateway_id").unwrap_or_default(),
                resource_type: AttachmentResourceType::Vpc,
                resource_id: self.s(res, "vpc_id").unwrap_or_default(),
                subnet_ids: self.strings(res, "subnet_ids"),
                state: String::from("available"),
                appliance_mode_support: self.s(res, "appliance_mode_support").as_deref() == Some("enable"),
                association_route_table_id: None,
            }),
            // R8.1: a peering attachment, with a side on each TGW (the accepter's side comes from the accepter
            // resource, which names the same attachment id).
            "aws_ec2_transit_gateway_peering_attachment" | "aws_ec2_transit_gateway_peering_attachment_accepter" => {
                let id = match res.kind {
                    "aws_ec2_transit_gateway_peering_attachment" => self.id(res),
                    _ => self.s(res, "transit_gateway_attachment_id").unwrap_or_default(),
                };
                let tgw = self.s(res, "transit_gateway_id").unwrap_or_default();
                let peer = self.s(res, "peer_transit_gateway_id").unwrap_or_default();
                for (side, other) in [(tgw.clone(), peer.clone()), (peer, tgw)] {
                    if side.is_empty()
                        || t.transit_gateway_attachments
                            .iter()
                            .any(|a| a.transit_gateway_attachment_id == id && a.transit_gateway_id == side)
                    {
                        continue;
                    }
                    t.transit_gateway_attachments.push(TransitGatewayAttachment {
                        transit_gateway_attachment_id: id.clone(),
                        name: Self::name(res),
                        transit_gateway_id: side,
                        resource_type: AttachmentResourceType::Peering,
                        resource_id: other,
                        subnet_ids: Vec::new(),
                        state: String::from("available"),
                        appliance_mode_support: false,
                        association_route_table_id: None,
                    });
                }
            }
            "aws_ec2_transit_gateway_route_table_association" | "aws_ec2_transit_gateway_route_table_propagation" => {
                let (att, rt) = (
                    self.s(res, "transit_gateway_attachment_id").unwrap_or_default(),
                    self.s(res, "transit_gateway_route_table_id").unwrap_or_default(),
                );
                if res.kind.ends_with("association") {
                    // A peering attachment's sides share the id: the table's own TGW picks the side (R8.2).
                    let rt_tgw = t
                        .transit_gateway_route_tables
                        .iter()
                        .find(|r| r.transit_gateway_route_table_id == rt)
                        .map(|r| r.transit_gateway_id.clone());
                    let atts = &t.transit_gateway_attachments;
                    let same_id = |a: &TransitGatewayAttachment| a.transit_gateway_attachment_id == att;
                    let on_tgw = atts
                        .iter()
                        .position(|a| same_id(a) && rt_tgw.as_ref().is_some_and(|g| &a.transit_gateway_id == g));
                    let side = on_tgw.or_else(|| atts.iter().position(same_id));
                    if let Some(a) = side.and_then(|i| t.transit_gateway_attachments.get_mut(i)) {
                        a.association_route_table_id = Some(rt);
                    }
                } else if let Some(r) =
                    t.transit_gateway_route_tables.iter_mut().find(|r| r.transit_gateway_route_table_id == rt)
                {
                    r.propagations.push(att);
                }
            }
            "aws_ec2_transit_gateway_route" => {
                let rt = self.s(res, "transit_gateway_route_table_id").unwrap_or_default();
                let dest: IpNet = self
                    .s(res, "destination_cidr_block")
                    .and_then(|s| s.parse().ok())
                    .ok_or_else(|| self.err(res, "destination_cidr_block", String::from("missing or not a CIDR")))?;
                let route = TransitGatewayRoute {
                    destination_cidr_block: dest,
                    transit_gateway_attachment_id: self.s(res, "transit_gateway_attachment_id"),
                    blackhole: Self::b(res, "blackhole").unwrap_or(false),
                };
                if let Some(r) =
                    t.transit_gateway_route_tables.iter_mut().find(|r| r.transit_gateway_route_table_id == rt)
                {
                    r.routes.push(route);
                }
            }
            "aws_vpc_endpoint" => t.vpc_endpoints.push(VpcEndpoint {
                vpc_endpoint_id: self.id(res),
                name: Self::name(res),
                vpc_id: self.s(res, "vpc_id").unwrap_or_default(),
                service_name: self.s(res, "service_name").unwrap_or_default(),
                vpc_endpoint_type: match self.s(res, "vpc_endpoint_type").as_deref() {
                    Some("Interface") => EndpointType::Interface,
                    Some("GatewayLoadBalancer") => EndpointType::GatewayLoadBalancer,
                    _ => EndpointType::Gateway,
                },
                route_table_ids: self.strings(res, "route_table_ids"),
                subnet_ids: self.strings(res, "subnet_ids"),
                network_interface_ids: self.strings(res, "network_interface_ids"),
                groups: self.strings(res, "security_group_ids"),
                private_dns_enabled: Self::b(res, "private_dns_enabled").unwrap_or(false),
                state: self.s(res, "state").unwrap_or_else(|| String::from("available")),
                // R9.7: the endpoint's own names.
                dns_entries: res
                    .values
                    .get("dns_entry")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|d| {
                        Some(DnsEntry {
                            dns_name: String::from(d.get("dns_name")?.as_str()?),
                            hosted_zone_id: d.get("hosted_zone_id").and_then(Value::as_str).map(String::from),
                        })
                    })
                    .collect(),
            }),
            // R9.8: the provider side of PrivateLink.
            "aws_vpc_endpoint_service" => {
                let svc = VpcEndpointService {
                    service_id: self.id(res),
                    service_name: self.s(res, "service_name").unwrap_or_default(),
                    network_load_balancer_arns: self.strings(res, "network_load_balancer_arns"),
                    acceptance_required: Self::b(res, "acceptance_required").unwrap_or(true),
                    allowed_principals: self.strings(res, "allowed_principals"),
                    private_dns_name: self.s(res, "private_dns_name").filter(|n| !n.is_empty()),
                    owner: String::new(),
                };
                match t.vpc_endpoint_services.iter_mut().find(|x| x.service_id == svc.service_id) {
                    Some(x) => {
                        let extra = core::mem::take(&mut x.allowed_principals);
                        *x = svc;
                        for p in extra {
                            if !x.allowed_principals.contains(&p) {
                                x.allowed_principals.push(p);
                            }
                        }
                    }
                    None => t.vpc_endpoint_services.push(svc),
                }
            }
            "aws_vpc_endpoint_service_allowed_principal" => {
                let id = self.s(res, "vpc_endpoint_service_id").unwrap_or_default();
                let principal = self.s(res, "principal_arn").unwrap_or_default();
                match t.vpc_endpoint_services.iter_mut().find(|x| x.service_id == id) {
                    Some(x) if !x.allowed_principals.contains(&principal) => x.allowed_principals.push(principal),
                    Some(_) => {}
                    None => t.vpc_endpoint_services.push(VpcEndpointService {
                        service_id: id,
                        service_name: String::new(),
                        network_load_balancer_arns: Vec::new(),
                        acceptance_required: true,
                        allowed_principals: alloc::vec![principal],
                        private_dns_name: None,
                        owner: String::new(),
                    }),
                }
            }
            // R14.7: Direct Connect VIFs; a public VIF's customer prefixes are its route filter prefixes.
            "aws_dx_public_virtual_interface"
            | "aws_dx_private_virtual_interface"
            | "aws_dx_transit_virtual_interface" => t.virtual_interfaces.push(VirtualInterface {
                virtual_interface_id: self.id(res),
                name: self.s(res, "name"),
                virtual_interface_type: match res.kind {
                    "aws_dx_public_virtual_interface" => VifType::Public,
                    "aws_dx_transit_virtual_interface" => VifType::Transit,
                    _ => VifType::Private,
                },
                gateway_id: self
                    .s(res, "vpn_gateway_id")
                    .filter(|g| !g.is_empty())
                    .or_else(|| self.s(res, "dx_gateway_id").filter(|g| !g.is_empty())),
                advertised_routes: self
                    .strings(res, "route_filter_prefixes")
                    .iter()
                    .filter_map(|c| c.parse().ok())
                    .collect(),
            }),
            "aws_vpn_connection" => t.vpn_connections.push(VpnConnection {
                vpn_connection_id: self.id(res),
                name: Self::name(res),
                customer_gateway_id: self.s(res, "customer_gateway_id").unwrap_or_default(),
                vpn_gateway_id: self.s(res, "vpn_gateway_id"),
                transit_gateway_id: self.s(res, "transit_gateway_id"),
                static_routes_only: Self::b(res, "static_routes_only").unwrap_or(false),
                routes: Vec::new(),
                advertised_routes: Vec::new(),
                tunnels_up: 2,
            }),
            "aws_vpn_connection_route" => {
                let id = self.s(res, "vpn_connection_id").unwrap_or_default();
                if let (Some(c), Some(d)) = (
                    t.vpn_connections.iter_mut().find(|c| c.vpn_connection_id == id),
                    v.get("destination_cidr_block").and_then(Value::as_str).and_then(|s| s.parse().ok()),
                ) {
                    c.routes.push(d);
                }
            }
            "aws_vpn_gateway_attachment" => {
                let (g, vpc) = (self.s(res, "vpn_gateway_id").unwrap_or_default(), self.s(res, "vpc_id"));
                if let Some(x) = t.vpn_gateways.iter_mut().find(|x| x.vpn_gateway_id == g) {
                    x.vpc_id = vpc;
                }
            }
            "aws_lb" => t.load_balancers.push(LoadBalancer {
                load_balancer_arn: self.s(res, "arn").unwrap_or_else(|| res.address.clone()),
                load_balancer_name: self.s(res, "name").unwrap_or_default(),
                r#type: match self.s(res, "load_balancer_type").as_deref() {
                    Some("network") => LoadBalancerType::Network,
                    Some("gateway") => LoadBalancerType::Gateway,
                    _ => LoadBalancerType::Application,
                },
                scheme: if Self::b(res, "internal") == Some(true) { Scheme::Internal } else { Scheme::InternetFacing },
                vpc_id: self.s(res, "vpc_id").unwrap_or_default(),
                dns_name: self.s(res, "dns_name").unwrap_or_default(),
                network_interface_ids: Vec::new(),
                security_groups: self.strings(res, "security_groups"),
                listeners: Vec::new(),
                cross_zone: Self::b(res, "enable_cross_zone_load_balancing").unwrap_or(true),
            }),
            "aws_lb_target_group" => t.target_groups.push(TargetGroup {
                target_group_arn: self.s(res, "arn").unwrap_or_else(|| res.address.clone()),
                target_group_name: self.s(res, "name").unwrap_or_default(),
                target_type: match self.s(res, "target_type").as_deref() {
                    Some("ip") => TargetType::Ip,
                    Some("lambda") => TargetType::Lambda,
                    Some("alb") => TargetType::Alb,
                    _ => TargetType::Instance,
                },
                protocol: self.s(res, "protocol").unwrap_or_default(),
                port: Self::n(res, "port").unwrap_or(0).clamp(0, 65535) as u16,
                vpc_id: self.s(res, "vpc_id").unwrap_or_default(),
                targets: Vec::new(),
                preserve_client_ip: self.s(res, "preserve_client_ip").map(|s| s == "true"),
            }),
            "aws_lb_listener" => {
                let lb = self.s(res, "load_balancer_arn").unwrap_or_default();
                let tg = v
                    .get("default_action")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .find_map(|a| a.get("target_group_arn")?.as_str().map(String::from));
                let tg = tg
                    .or_else(|| self.references.get(&(res.address.clone(), String::from("default_action"))).cloned())
                    .unwrap_or_default();
                let listener = Listener {
                    port: Self::n(res, "port").unwrap_or(0).clamp(0, 65535) as u16,
                    protocol: self.s(res, "protocol").unwrap_or_default(),
                    target_group_arn: tg,
                };
                if let Some(x) = t.load_balancers.iter_mut().find(|x| x.load_balancer_arn == lb) {
                    x.listeners.push(listener);
                }
            }
            "aws_lb_target_group_attachment" => {
                let tg = self.s(res, "target_group_arn").unwrap_or_default();
                let id = self.s(res, "target_id").unwrap_or_default();
                let port = Self::n(res, "port").unwrap_or(0).clamp(0, 65535) as u16;
                if let Some(x) = t.target_groups.iter_mut().find(|x| x.target_group_arn == tg) {
                    x.targets.push(TargetDescription {
                        ip: id.parse().ok(),
                        id,
                        port,
                        availability_zone: self.s(res, "availability_zone"),
                    });
                }
            }
            "aws_vpc"
            | "aws_subnet"
            | "aws_internet_gateway"
            | "aws_egress_only_internet_gateway"
            | "aws_vpn_gateway"
            | "aws_customer_gateway"
            | "aws_ec2_transit_gateway"
            | "aws_ec2_transit_gateway_route_table" => {}
            other if other.starts_with("aws_") => self.warnings.push(Warning {
                file: self.file.to_string(),
                path: res.address.clone(),
                message: format!("`{other}` is not modelled; skipped"),
            }),
            _ => {}
        }
        Ok(())
    }
}
