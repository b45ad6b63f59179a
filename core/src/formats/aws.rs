//! AWS `describe-*` snapshots → topology. Each file is recognised by its top-level key, not its name; the
//! Region and account come from the folders (`<region>/`, `accounts/<account>/<region>/`) or the data.
//! Defaults AWS applies (main route table, default NACL and SG) are read from the data, never invented.

use alloc::collections::BTreeMap;
use alloc::format;
use alloc::string::{String, ToString};
use alloc::vec::Vec;
use core::net::{Ipv4Addr, Ipv6Addr};
use ipnet::{IpNet, Ipv4Net, Ipv6Net};
use serde_json::Value;

use super::json::*;
use super::{Imported, Warning};
use crate::error::Error;
use crate::model::*;
use crate::packet::RuleProtocol;

pub use super::aws_export::export;

/// Keys that describe things the simulator does not model; skipped with a warning.
const NOT_MODELLED: &[&str] = &[
    "AvailabilityZones",
    "ServiceDetails",
    "ServiceNames",
    "DomainStatusList",
    "DBInstances",
    "AdditionalRoutesAvailable",
];

#[derive(Default)]
struct Builder {
    t: Topology,
    warnings: Vec<Warning>,
    /// TGW attachment id → indexes, to merge the several calls that describe attachments. A peering attachment
    /// has one id and a side on each TGW (R8.1), so an id may hold two records.
    tgw_attachments: BTreeMap<String, Vec<usize>>,
    /// Listeners and attributes arrive before or after their load balancers.
    listeners: Vec<(String, Listener)>,
    cross_zone: Vec<(String, bool)>,
    targets: Vec<(String, TargetDescription)>,
    /// Instances' ENIs described only inside `Reservations`.
    instance_enis: Vec<NetworkInterface>,
}

/// Where a file sits: Region and account from its folders.
fn place(path: &str) -> (Option<String>, Option<String>) {
    let parts: Vec<&str> = path.split(['/', '\\']).collect();
    let region = parts.iter().rev().skip(1).find(|p| is_region(p)).map(|s| s.to_string());
    let account = parts.windows(2).find(|w| w[0] == "accounts").map(|w| w[1].to_string());
    (region, account)
}

fn is_region(s: &str) -> bool {
    let mut it = s.split('-');
    let (a, b, c) = (it.next(), it.next(), it.next());
    matches!((a, b, c), (Some(a), Some(b), Some(c)) if a.len() == 2 && a.chars().all(|x| x.is_ascii_lowercase())
        && !b.is_empty() && b.chars().all(|x| x.is_ascii_lowercase()) && c.chars().all(|x| x.is_ascii_digit()) && !c.is_empty())
        && it.next().is_none()
}

/// Imports a snapshot given as `(path, contents)` pairs.
pub fn import(files: &[(String, String)]) -> Result<Imported, Error> {
    let mut b = Builder::default();
    let mut sorted: Vec<&(String, String)> = files.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0)); // deterministic whatever order the files came in
    for (path, text) in sorted {
        let doc: Value = serde_json::from_str(text).map_err(|e| {
            Error::new(
                path,
                format!("line {} column {}", e.line(), e.column()),
                "import",
                format!("not valid JSON: {e}"),
            )
        })?;
        let Value::Object(map) = &doc else {
            b.warn(path, "$", "not a describe-* output (no top-level object); skipped");
            continue;
        };
        let (region, account) = place(path);
        for (key, value) in map {
            let at = At::root(path).key(key);
            b.key(key, value, &at, region.as_deref(), account.as_deref(), path)?;
        }
    }
    b.finish()
}

impl Builder {
    fn warn(&mut self, file: &str, path: &str, message: impl Into<String>) {
        self.warnings.push(Warning { file: String::from(file), path: String::from(path), message: message.into() });
    }

    fn list<'v>(value: &'v Value, at: &At<'v>) -> Result<Vec<(&'v Value, At<'v>)>, Error> {
        match value {
            Value::Array(a) => Ok(a.iter().enumerate().map(|(i, x)| (x, at.index(i))).collect()),
            other => Err(at.error(format!("expected a list, found {}", kind(other)))),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn key<'v>(
        &mut self,
        key: &str,
        value: &'v Value,
        at: &At<'v>,
        region: Option<&str>,
        account: Option<&str>,
        path: &str,
    ) -> Result<(), Error> {
        let region = region.unwrap_or("").to_string();
        match key {
            "Vpcs" => {
                for (v, at) in Self::list(value, at)? {
                    self.vpc(v, &at, &region, account)?;
                }
            }
            "Subnets" => {
                for (v, at) in Self::list(value, at)? {
                    self.subnet(v, &at)?;
                }
            }
            "RouteTables" => {
                for (v, at) in Self::list(value, at)? {
                    self.route_table(v, &at)?;
                }
            }
            "SecurityGroups" => {
                for (v, at) in Self::list(value, at)? {
                    self.security_group(v, &at)?;
                }
            }
            "NetworkAcls" => {
                for (v, at) in Self::list(value, at)? {
                    self.network_acl(v, &at)?;
                }
            }
            "InternetGateways" => {
                for (v, at) in Self::list(value, at)? {
                    let vpc = attached_vpc(v, "Attachments", &at)?;
                    let id = string(v, "InternetGatewayId", &at)?;
                    self.t.internet_gateways.push(InternetGateway {
                        internet_gateway_id: id,
                        name: name_tag(v),
                        vpc_id: vpc,
                    });
                }
            }
            "EgressOnlyInternetGateways" => {
                for (v, at) in Self::list(value, at)? {
                    let id = string(v, "EgressOnlyInternetGatewayId", &at)?;
                    match attached_vpc(v, "Attachments", &at)? {
                        Some(vpc) => self.t.egress_only_internet_gateways.push(EgressOnlyInternetGateway {
                            egress_only_internet_gateway_id: id,
                            name: name_tag(v),
                            vpc_id: vpc,
                        }),
                        None => self.warn(at.file, &at.path, format!("{id} is not attached; skipped")),
                    }
                }
            }
            "NatGateways" => {
                for (v, at) in Self::list(value, at)? {
                    self.nat_gateway(v, &at)?;
                }
            }
            "Addresses" => {
                for (v, at) in Self::list(value, at)? {
                    let Some(public_ip) = opt_parsed::<Ipv4Addr>(v, "PublicIp", &at, "IPv4 address")? else { continue };
                    let allocation_id =
                        opt_string(v, "AllocationId", &at)?.unwrap_or_else(|| format!("eipalloc-{public_ip}"));
                    self.t.addresses.push(ElasticIp {
                        allocation_id,
                        public_ip,
                        region: region.clone(),
                        network_interface_id: opt_string(v, "NetworkInterfaceId", &at)?,
                        private_ip_address: opt_parsed(v, "PrivateIpAddress", &at, "IPv4 address")?,
                    });
                }
            }
            "NetworkInterfaces" => {
                for (v, at) in Self::list(value, at)? {
                    let eni = network_interface(v, &at)?;
                    self.t.network_interfaces.push(eni);
                }
            }
            "Reservations" => {
                for (r, at) in Self::list(value, at)? {
                    for (v, at) in items(r, "Instances", &at)? {
                        self.instance(v, &at)?;
                    }
                }
            }
            "VpcPeeringConnections" => {
                for (v, at) in Self::list(value, at)? {
                    self.peering(v, &at)?;
                }
            }
            "TransitGateways" => {
                for (v, at) in Self::list(value, at)? {
                    let opts = v.get("Options").cloned().unwrap_or(Value::Null);
                    let oat = at.key("Options");
                    self.t.transit_gateways.push(TransitGateway {
                        transit_gateway_id: string(v, "TransitGatewayId", &at)?,
                        name: name_tag(v),
                        owner_id: opt_string(v, "OwnerId", &at)?.unwrap_or_default(),
                        region: region.clone(),
                        association_default_route_table_id: opt_string(&opts, "AssociationDefaultRouteTableId", &oat)?,
                        propagation_default_route_table_id: opt_string(&opts, "PropagationDefaultRouteTableId", &oat)?,
                    });
                }
            }
            "TransitGatewayAttachments" | "TransitGatewayVpcAttachments" | "TransitGatewayPeeringAttachments" => {
                for (v, at) in Self::list(value, at)? {
                    self.tgw_attachment(key, v, &at)?;
                }
            }
            "TransitGatewayRouteTables" => {
                for (v, at) in Self::list(value, at)? {
                    let id = string(v, "TransitGatewayRouteTableId", &at)?;
                    if !self.t.transit_gateway_route_tables.iter().any(|r| r.transit_gateway_route_table_id == id) {
                        self.t.transit_gateway_route_tables.push(TransitGatewayRouteTable {
                            transit_gateway_route_table_id: id,
                            name: name_tag(v),
                            transit_gateway_id: string(v, "TransitGatewayId", &at)?,
                            propagations: Vec::new(),
                            routes: Vec::new(),
                        });
                    }
                }
            }
            "TransitGatewayStaticRoutes" => {
                for (v, at) in Self::list(value, at)? {
                    let rt = string(v, "TransitGatewayRouteTableId", &at)?;
                    for (r, rat) in items(v, "Routes", &at)? {
                        self.tgw_route(&rt, r, &rat)?;
                    }
                }
            }
            "TransitGatewayPropagations" => {
                for (v, at) in Self::list(value, at)? {
                    let rt = string(v, "TransitGatewayRouteTableId", &at)?;
                    for (p, pat) in items(v, "TransitGatewayRouteTablePropagations", &at)? {
                        if opt_string(p, "State", &pat)?.as_deref().unwrap_or("enabled") == "enabled" {
                            let att = string(p, "TransitGatewayAttachmentId", &pat)?;
                            self.tgw_rt(&rt).propagations.push(att);
                        }
                    }
                }
            }
            // `aws ec2 search-transit-gateway-routes`: the route table id is in the file or folder name.
            "Routes" => {
                let Some(rt) = find_id(path, "tgw-rtb-") else {
                    self.warn(path, "$.Routes", "a `Routes` list without a tgw-rtb-… id in its path; skipped");
                    return Ok(());
                };
                for (r, rat) in Self::list(value, at)? {
                    if opt_string(r, "Type", &rat)?.as_deref() != Some("propagated") {
                        self.tgw_route(&rt, r, &rat)?;
                    }
                }
            }
            "VpcEndpoints" => {
                for (v, at) in Self::list(value, at)? {
                    self.endpoint(v, &at)?;
                }
            }
            "PrefixLists" | "ManagedPrefixLists" => {
                for (v, at) in Self::list(value, at)? {
                    let cidrs = items(v, "Cidrs", &at)?
                        .into_iter()
                        .map(|(c, cat)| c.as_str().and_then(|s| s.parse().ok()).ok_or_else(|| cat.error("not a CIDR")))
                        .collect::<Result<Vec<IpNet>, Error>>()?;
                    self.t.prefix_lists.push(PrefixList {
                        prefix_list_id: string(v, "PrefixListId", &at)?,
                        prefix_list_name: opt_string(v, "PrefixListName", &at)?.unwrap_or_default(),
                        cidrs,
                        max_entries: opt_i64(v, "MaxEntries", &at)?.unwrap_or(0).clamp(0, i64::from(u32::MAX)) as u32,
                    });
                }
            }
            "VpnGateways" => {
                for (v, at) in Self::list(value, at)? {
                    let vpc = attached_vpc(v, "VpcAttachments", &at)?;
                    self.t.vpn_gateways.push(VpnGateway {
                        vpn_gateway_id: string(v, "VpnGatewayId", &at)?,
                        name: name_tag(v),
                        vpc_id: vpc,
                    });
                }
            }
            "CustomerGateways" => {
                for (v, at) in Self::list(value, at)? {
                    self.t.customer_gateways.push(CustomerGateway {
                        customer_gateway_id: string(v, "CustomerGatewayId", &at)?,
                        name: name_tag(v),
                        ip_address: parsed(v, "IpAddress", &at, "IPv4 address")?,
                        bgp_asn: opt_i64(v, "BgpAsn", &at)?.unwrap_or(0).clamp(0, i64::from(u32::MAX)) as u32,
                    });
                }
            }
            "VpnConnections" => {
                for (v, at) in Self::list(value, at)? {
                    self.vpn(v, &at)?;
                }
            }
            "LoadBalancers" => {
                for (v, at) in Self::list(value, at)? {
                    self.load_balancer(v, &at)?;
                }
            }
            "LoadBalancerListeners" => {
                for (v, at) in Self::list(value, at)? {
                    let arn = string(v, "LoadBalancerArn", &at)?;
                    for (l, lat) in items(v, "Listeners", &at)? {
                        self.listener(Some(&arn), l, &lat)?;
                    }
                }
            }
            "Listeners" => {
                for (l, lat) in Self::list(value, at)? {
                    self.listener(None, l, &lat)?;
                }
            }
            "LoadBalancerAttributes" => {
                for (v, at) in Self::list(value, at)? {
                    let arn = string(v, "LoadBalancerArn", &at)?;
                    let on = v.get("Attributes").and_then(Value::as_array).into_iter().flatten().any(|a| {
                        a.get("Key").and_then(Value::as_str) == Some("load_balancing.cross_zone.enabled")
                            && a.get("Value").and_then(Value::as_str) == Some("true")
                    });
                    self.cross_zone.push((arn, on));
                }
            }
            "TargetGroups" => {
                for (v, at) in Self::list(value, at)? {
                    self.target_group(v, &at)?;
                }
            }
            "LoadBalancerTargetHealth" => {
                for (v, at) in Self::list(value, at)? {
                    let arn = string(v, "TargetGroupArn", &at)?;
                    for (d, dat) in items(v, "TargetHealthDescriptions", &at)? {
                        self.target(&arn, d, &dat)?;
                    }
                }
            }
            "TargetHealthDescriptions" => {
                let Some(arn) = find_arn(path) else {
                    self.warn(path, "$.TargetHealthDescriptions", "no target group ARN or name in the path; skipped");
                    return Ok(());
                };
                for (d, dat) in Self::list(value, at)? {
                    self.target(&arn, d, &dat)?;
                }
            }
            // `aws directconnect describe-virtual-interfaces` (R14.7; the Direct Connect API is camelCase). The
            // customer's prefixes are the `routeFilterPrefixes` (public VIFs); a private VIF's BGP-learned ones are
            // not in the API and stay empty unless the file carries them there.
            "virtualInterfaces" => {
                for (v, at) in Self::list(value, at)? {
                    let kind = match opt_string(v, "virtualInterfaceType", &at)?.as_deref() {
                        Some("public") => VifType::Public,
                        Some("transit") => VifType::Transit,
                        _ => VifType::Private,
                    };
                    let mut routes = Vec::new();
                    for (p, pat) in items(v, "routeFilterPrefixes", &at)? {
                        routes.push(parsed(p, "cidr", &pat, "CIDR")?);
                    }
                    self.t.virtual_interfaces.push(VirtualInterface {
                        virtual_interface_id: string(v, "virtualInterfaceId", &at)?,
                        name: opt_string(v, "virtualInterfaceName", &at)?,
                        virtual_interface_type: kind,
                        gateway_id: opt_string(v, "virtualGatewayId", &at)?.filter(|g| !g.is_empty()).or(opt_string(
                            v,
                            "directConnectGatewayId",
                            &at,
                        )?
                        .filter(|g| !g.is_empty())),
                        advertised_routes: routes,
                    });
                }
            }
            // `describe-vpc-endpoint-service-configurations` (R9.8): the provider side of PrivateLink.
            "ServiceConfigurations" | "VpcEndpointServiceConfigurations" => {
                for (v, at) in Self::list(value, at)? {
                    self.endpoint_service(v, &at, account)?;
                }
            }
            // `describe-vpc-endpoint-service-permissions`: the service id is in the file or folder name.
            "AllowedPrincipals" => {
                let Some(id) = find_id(path, "vpce-svc-") else {
                    self.warn(path, "$.AllowedPrincipals", "no vpce-svc-… id in the path; skipped");
                    return Ok(());
                };
                let mut principals = Vec::new();
                for (p, pat) in Self::list(value, at)? {
                    principals.push(match p.as_str() {
                        Some(s) => String::from(s),
                        None => string(p, "Principal", &pat)?,
                    });
                }
                match self.t.vpc_endpoint_services.iter_mut().find(|s| s.service_id == id) {
                    Some(s) => s.allowed_principals.extend(principals),
                    None => self.t.vpc_endpoint_services.push(VpcEndpointService {
                        service_id: id,
                        service_name: String::new(),
                        network_load_balancer_arns: Vec::new(),
                        acceptance_required: true,
                        allowed_principals: principals,
                        private_dns_name: None,
                        owner: String::from(account.unwrap_or("")),
                    }),
                }
            }
            k if NOT_MODELLED.contains(&k) => self.warn(path, &at.path, format!("`{k}` is not modelled; skipped")),
            k => self.warn(path, &at.path, format!("unknown key `{k}`; skipped")),
        }
        Ok(())
    }

    fn vpc(&mut self, v: &Value, at: &At, region: &str, account: Option<&str>) -> Result<(), Error> {
        let primary: Ipv4Net = parsed(v, "CidrBlock", at, "IPv4 CIDR")?;
        let mut cidrs = alloc::vec![primary.trunc()];
        for (a, aat) in items(v, "CidrBlockAssociationSet", at)? {
            let state =
                a.get("CidrBlockState").and_then(|s| s.get("State")).and_then(Value::as_str).unwrap_or("associated");
            let c: Ipv4Net = parsed(a, "CidrBlock", &aat, "IPv4 CIDR")?;
            // Only associated CIDRs give local routes (a `disassociated` entry is history).
            if state == "associated" && !cidrs.contains(&c.trunc()) {
                cidrs.push(c.trunc());
            }
        }
        let mut v6 = Vec::new();
        for (a, aat) in items(v, "Ipv6CidrBlockAssociationSet", at)? {
            let state = a
                .get("Ipv6CidrBlockState")
                .and_then(|s| s.get("State"))
                .and_then(Value::as_str)
                .unwrap_or("associated");
            if state == "associated" {
                v6.push(parsed::<Ipv6Net>(a, "Ipv6CidrBlock", &aat, "IPv6 CIDR")?.trunc());
            }
        }
        self.t.vpcs.push(Vpc {
            vpc_id: string(v, "VpcId", at)?,
            name: name_tag(v),
            owner_id: opt_string(v, "OwnerId", at)?.or(account.map(String::from)).unwrap_or_default(),
            region: String::from(region),
            cidr_blocks: cidrs,
            ipv6_cidr_blocks: v6,
            enable_dns_support: opt_bool(v, "EnableDnsSupport", at)?.unwrap_or(true),
            enable_dns_hostnames: opt_bool(v, "EnableDnsHostnames", at)?.unwrap_or(false),
            is_default: opt_bool(v, "IsDefault", at)?.unwrap_or(false),
        });
        Ok(())
    }

    fn subnet(&mut self, v: &Value, at: &At) -> Result<(), Error> {
        let mut v6 = None;
        for (a, aat) in items(v, "Ipv6CidrBlockAssociationSet", at)? {
            let state = a
                .get("Ipv6CidrBlockState")
                .and_then(|s| s.get("State"))
                .and_then(Value::as_str)
                .unwrap_or("associated");
            if state == "associated" && v6.is_none() {
                v6 = Some(parsed::<Ipv6Net>(a, "Ipv6CidrBlock", &aat, "IPv6 CIDR")?);
            }
        }
        self.t.subnets.push(Subnet {
            subnet_id: string(v, "SubnetId", at)?,
            name: name_tag(v),
            vpc_id: string(v, "VpcId", at)?,
            availability_zone: opt_string(v, "AvailabilityZone", at)?.unwrap_or_default(),
            cidr_block: parsed::<Ipv4Net>(v, "CidrBlock", at, "IPv4 CIDR")?.trunc(),
            ipv6_cidr_block: v6,
            map_public_ip_on_launch: opt_bool(v, "MapPublicIpOnLaunch", at)?.unwrap_or(false),
        });
        Ok(())
    }

    fn route_table(&mut self, v: &Value, at: &At) -> Result<(), Error> {
        let mut rt = RouteTable {
            route_table_id: string(v, "RouteTableId", at)?,
            name: name_tag(v),
            vpc_id: string(v, "VpcId", at)?,
            main: false,
            associations: Vec::new(),
            gateway_associations: Vec::new(),
            propagating_vgws: Vec::new(),
            routes: Vec::new(),
        };
        for (a, aat) in items(v, "Associations", at)? {
            if opt_bool(a, "Main", &aat)? == Some(true) {
                rt.main = true;
            }
            if let Some(s) = opt_string(a, "SubnetId", &aat)? {
                rt.associations.push(s);
            }
            if let Some(g) = opt_string(a, "GatewayId", &aat)? {
                rt.gateway_associations.push(g);
            }
        }
        for (p, pat) in items(v, "PropagatingVgws", at)? {
            rt.propagating_vgws.push(string(p, "GatewayId", &pat)?);
        }
        for (r, rat) in items(v, "Routes", at)? {
            let destination = if let Some(c) = opt_parsed::<IpNet>(r, "DestinationCidrBlock", &rat, "CIDR")? {
                RouteDestination::Cidr(c)
            } else if let Some(c) = opt_parsed::<IpNet>(r, "DestinationIpv6CidrBlock", &rat, "CIDR")? {
                RouteDestination::Cidr(c)
            } else if let Some(pl) = opt_string(r, "DestinationPrefixListId", &rat)? {
                RouteDestination::PrefixList(pl)
            } else {
                return Err(rat
                    .error("a route needs DestinationCidrBlock, DestinationIpv6CidrBlock or DestinationPrefixListId"));
            };
            const TARGETS: &[&str] = &[
                "NetworkInterfaceId",
                "NatGatewayId",
                "VpcPeeringConnectionId",
                "TransitGatewayId",
                "EgressOnlyInternetGatewayId",
                "GatewayId",
                "InstanceId",
                "CarrierGatewayId",
                "LocalGatewayId",
                "CoreNetworkArn",
            ];
            let mut target = None;
            for k in TARGETS {
                if let Some(t) = opt_string(r, k, &rat)? {
                    target = Some(t);
                    break;
                }
            }
            let Some(target) = target else {
                return Err(rat.error("a route needs a target (GatewayId, NatGatewayId, …)"));
            };
            let state = match opt_string(r, "State", &rat)?.as_deref() {
                Some("blackhole") => RouteState::Blackhole,
                _ => RouteState::Active,
            };
            let origin = match opt_string(r, "Origin", &rat)?.as_deref() {
                Some("CreateRouteTable") => RouteOrigin::CreateRouteTable,
                Some("EnableVgwRoutePropagation") => RouteOrigin::EnableVgwRoutePropagation,
                _ => RouteOrigin::CreateRoute,
            };
            rt.routes.push(Route { destination, target, state, origin });
        }
        self.t.route_tables.push(rt);
        Ok(())
    }

    fn security_group(&mut self, v: &Value, at: &At) -> Result<(), Error> {
        let mut sg = SecurityGroup {
            group_id: string(v, "GroupId", at)?,
            group_name: opt_string(v, "GroupName", at)?.unwrap_or_default(),
            vpc_id: opt_string(v, "VpcId", at)?.unwrap_or_default(),
            owner_id: opt_string(v, "OwnerId", at)?.unwrap_or_default(),
            ip_permissions: Vec::new(),
            ip_permissions_egress: Vec::new(),
        };
        for (key, out) in
            [("IpPermissions", &mut sg.ip_permissions), ("IpPermissionsEgress", &mut sg.ip_permissions_egress)]
        {
            for (p, pat) in items(v, key, at)? {
                let proto_text = string(p, "IpProtocol", &pat)?;
                let proto: RuleProtocol = serde_json::from_value(Value::String(proto_text.clone()))
                    .map_err(|_| pat.key("IpProtocol").error(format!("unknown protocol `{proto_text}`")))?;
                let from = opt_i64(p, "FromPort", &pat)?.map(|x| x.clamp(-1, 65535) as i32);
                let to = opt_i64(p, "ToPort", &pat)?.map(|x| x.clamp(-1, 65535) as i32);
                let mut push = |peer: RulePeer, description: Option<String>| {
                    out.push(SecurityGroupRule {
                        security_group_rule_id: None,
                        ip_protocol: proto,
                        from_port: from,
                        to_port: to,
                        peer,
                        description,
                    })
                };
                for (r, rat) in items(p, "IpRanges", &pat)? {
                    push(
                        RulePeer::CidrIpv4(parsed::<Ipv4Net>(r, "CidrIp", &rat, "IPv4 CIDR")?.trunc()),
                        opt_string(r, "Description", &rat)?,
                    );
                }
                for (r, rat) in items(p, "Ipv6Ranges", &pat)? {
                    push(
                        RulePeer::CidrIpv6(parsed::<Ipv6Net>(r, "CidrIpv6", &rat, "IPv6 CIDR")?.trunc()),
                        opt_string(r, "Description", &rat)?,
                    );
                }
                for (r, rat) in items(p, "PrefixListIds", &pat)? {
                    push(RulePeer::PrefixListId(string(r, "PrefixListId", &rat)?), opt_string(r, "Description", &rat)?);
                }
                for (r, rat) in items(p, "UserIdGroupPairs", &pat)? {
                    push(RulePeer::ReferencedGroupId(string(r, "GroupId", &rat)?), opt_string(r, "Description", &rat)?);
                }
            }
        }
        self.t.security_groups.push(sg);
        Ok(())
    }

    fn network_acl(&mut self, v: &Value, at: &At) -> Result<(), Error> {
        let mut acl = NetworkAcl {
            network_acl_id: string(v, "NetworkAclId", at)?,
            name: name_tag(v),
            vpc_id: string(v, "VpcId", at)?,
            is_default: opt_bool(v, "IsDefault", at)?.unwrap_or(false),
            associations: Vec::new(),
            entries: Vec::new(),
        };
        for (a, aat) in items(v, "Associations", at)? {
            acl.associations.push(string(a, "SubnetId", &aat)?);
        }
        for (e, eat) in items(v, "Entries", at)? {
            let number = opt_i64(e, "RuleNumber", &eat)?.ok_or_else(|| eat.key("RuleNumber").error("missing"))?;
            // R4.2: 32767 (IPv4) and 32768 (IPv6) are the `*` rules the engine always applies.
            if number >= 32767 {
                continue;
            }
            let number = u16::try_from(number).map_err(|_| eat.key("RuleNumber").error("must be 1–32766 (R4.2)"))?;
            let proto_text = string(e, "Protocol", &eat)?;
            let protocol: RuleProtocol = serde_json::from_value(Value::String(proto_text.clone()))
                .map_err(|_| eat.key("Protocol").error(format!("unknown protocol `{proto_text}`")))?;
            let cidr = match opt_parsed::<IpNet>(e, "CidrBlock", &eat, "CIDR")? {
                Some(c) => c,
                None => parsed::<IpNet>(e, "Ipv6CidrBlock", &eat, "CIDR")?,
            };
            let port_range = match e.get("PortRange") {
                Some(p) if !p.is_null() => {
                    let pat = eat.key("PortRange");
                    let f = opt_i64(p, "From", &pat)?.unwrap_or(0).clamp(0, 65535) as u16;
                    let t = opt_i64(p, "To", &pat)?.unwrap_or(65535).clamp(0, 65535) as u16;
                    Some(PortRange { from: f, to: t })
                }
                _ => None,
            };
            let icmp = match e.get("IcmpTypeCode") {
                Some(p) if !p.is_null() => {
                    let pat = eat.key("IcmpTypeCode");
                    let ty = opt_i64(p, "Type", &pat)?.unwrap_or(-1).clamp(-1, 255) as i16;
                    let code = opt_i64(p, "Code", &pat)?.unwrap_or(-1).clamp(-1, 255) as i16;
                    Some(IcmpTypeCode { r#type: ty, code })
                }
                _ => None,
            };
            let action = match string(e, "RuleAction", &eat)?.as_str() {
                "allow" => RuleAction::Allow,
                "deny" => RuleAction::Deny,
                other => return Err(eat.key("RuleAction").error(format!("`{other}` is neither allow nor deny"))),
            };
            acl.entries.push(NetworkAclEntry {
                rule_number: number,
                egress: opt_bool(e, "Egress", &eat)?.unwrap_or(false),
                rule_action: action,
                protocol,
                cidr_block: cidr.trunc(),
                port_range,
                icmp_type_code: icmp,
            });
        }
        self.t.network_acls.push(acl);
        Ok(())
    }

    fn nat_gateway(&mut self, v: &Value, at: &At) -> Result<(), Error> {
        let id = string(v, "NatGatewayId", at)?;
        let addresses = items(v, "NatGatewayAddresses", at)?;
        let Some((a, aat)) = addresses.first() else {
            self.warn(at.file, &at.path, format!("{id} has no address; skipped"));
            return Ok(());
        };
        let state = match opt_string(v, "State", at)?.as_deref() {
            Some("pending") => NatGatewayState::Pending,
            Some("deleting") => NatGatewayState::Deleting,
            Some("deleted") => NatGatewayState::Deleted,
            Some("failed") => NatGatewayState::Failed,
            _ => NatGatewayState::Available,
        };
        // Older output has no ConnectivityType: it means public.
        let connectivity = match opt_string(v, "ConnectivityType", at)?.as_deref() {
            Some("private") => ConnectivityType::Private,
            _ => ConnectivityType::Public,
        };
        let Some(private_ip) = opt_parsed::<Ipv4Addr>(a, "PrivateIp", aat, "IPv4 address")? else {
            self.warn(at.file, &at.path, format!("{id} has no private IP; skipped"));
            return Ok(());
        };
        self.t.nat_gateways.push(NatGateway {
            nat_gateway_id: id,
            name: name_tag(v),
            subnet_id: string(v, "SubnetId", at)?,
            connectivity_type: connectivity,
            state,
            network_interface_id: opt_string(a, "NetworkInterfaceId", aat)?,
            private_ip,
            public_ip: opt_parsed(a, "PublicIp", aat, "IPv4 address")?,
            allocation_id: opt_string(a, "AllocationId", aat)?,
        });
        Ok(())
    }

    fn instance(&mut self, v: &Value, at: &At) -> Result<(), Error> {
        let id = string(v, "InstanceId", at)?;
        let state = match v.get("State").and_then(|s| s.get("Name")).and_then(Value::as_str) {
            Some("pending") => InstanceState::Pending,
            Some("stopping") => InstanceState::Stopping,
            Some("stopped") => InstanceState::Stopped,
            Some("shutting-down") => InstanceState::ShuttingDown,
            Some("terminated") => InstanceState::Terminated,
            _ => InstanceState::Running,
        };
        let mut enis: Vec<(i64, String)> = Vec::new();
        for (n, nat) in items(v, "NetworkInterfaces", at)? {
            let mut eni = network_interface(n, &nat)?;
            eni.instance_id = Some(id.clone());
            let index = n.get("Attachment").and_then(|a| a.get("DeviceIndex")).and_then(Value::as_i64).unwrap_or(0);
            enis.push((index, eni.network_interface_id.clone()));
            self.instance_enis.push(eni);
        }
        if enis.is_empty() {
            self.warn(at.file, &at.path, format!("{id} ({state:?}) has no network interfaces; skipped"));
            return Ok(());
        }
        enis.sort();
        let m = v.get("MetadataOptions").cloned().unwrap_or(Value::Null);
        let mat = at.key("MetadataOptions");
        let defaults = MetadataOptions::default();
        let metadata_options = MetadataOptions {
            http_endpoint: match opt_string(&m, "HttpEndpoint", &mat)?.as_deref() {
                Some("disabled") => Toggle::Disabled,
                _ => Toggle::Enabled,
            },
            http_tokens: match opt_string(&m, "HttpTokens", &mat)?.as_deref() {
                Some("required") => HttpTokens::Required,
                _ => HttpTokens::Optional,
            },
            http_put_response_hop_limit: opt_i64(&m, "HttpPutResponseHopLimit", &mat)?
                .map(|h| h.clamp(1, 64) as u8)
                .unwrap_or(defaults.http_put_response_hop_limit),
        };
        // R6.13: the role is not in the EC2 API — the `vpcsim:role` tag says it.
        let role = match tag(v, "vpcsim:role").as_deref() {
            Some("nat-instance") => InstanceRole::NatInstance,
            Some("router") => InstanceRole::Router,
            Some("firewall") => InstanceRole::Firewall,
            Some("proxy") => InstanceRole::Proxy,
            _ => InstanceRole::Host,
        };
        let placement_group = v
            .get("Placement")
            .and_then(|p| p.get("GroupName"))
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
            .map(String::from);
        self.t.instances.push(Instance {
            instance_id: id,
            name: name_tag(v),
            state,
            network_interfaces: enis.into_iter().map(|(_, e)| e).collect(),
            metadata_options,
            placement_group,
            role,
            label: None,
        });
        Ok(())
    }

    fn peering(&mut self, v: &Value, at: &At) -> Result<(), Error> {
        let req = v.get("RequesterVpcInfo").cloned().unwrap_or(Value::Null);
        let acc = v.get("AccepterVpcInfo").cloned().unwrap_or(Value::Null);
        let status = v.get("Status").and_then(|s| s.get("Code")).and_then(Value::as_str).unwrap_or("active");
        let status: PeeringStatus = serde_json::from_value(Value::String(String::from(status)))
            .map_err(|_| at.key("Status").key("Code").error(format!("unknown peering status `{status}`")))?;
        let dns = acc
            .get("PeeringOptions")
            .and_then(|p| p.get("AllowDnsResolutionFromRemoteVpc"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        self.t.vpc_peering_connections.push(VpcPeeringConnection {
            vpc_peering_connection_id: string(v, "VpcPeeringConnectionId", at)?,
            name: name_tag(v),
            requester_vpc_id: string(&req, "VpcId", &at.key("RequesterVpcInfo"))?,
            accepter_vpc_id: string(&acc, "VpcId", &at.key("AccepterVpcInfo"))?,
            status,
            allow_dns_resolution_from_remote_vpc: dns,
            expiration_time: None,
        });
        Ok(())
    }

    fn tgw_attachment(&mut self, key: &str, v: &Value, at: &At) -> Result<(), Error> {
        let id = string(v, "TransitGatewayAttachmentId", at)?;
        if key == "TransitGatewayPeeringAttachments" {
            // R8.1: `describe-transit-gateway-peering-attachments` names both TGWs; each gets its side.
            let tgw = |k: &str| -> Result<Option<String>, Error> {
                match v.get(k) {
                    Some(info) => opt_string(info, "TransitGatewayId", &at.key(k)),
                    None => Ok(None),
                }
            };
            let (requester, accepter) = (tgw("RequesterTgwInfo")?, tgw("AccepterTgwInfo")?);
            let state = opt_string(v, "State", at)?.or(v
                .get("Status")
                .and_then(|s| s.get("Code"))
                .and_then(Value::as_str)
                .map(String::from));
            for (side, peer) in [(&requester, &accepter), (&accepter, &requester)] {
                let (Some(side), Some(peer)) = (side, peer) else { continue };
                let i = self.tgw_attachment_index(&id, side, AttachmentResourceType::Peering, v);
                if let Some(a) = self.t.transit_gateway_attachments.get_mut(i) {
                    a.resource_type = AttachmentResourceType::Peering;
                    a.resource_id = peer.clone();
                    if let Some(s) = &state {
                        a.state = s.clone();
                    }
                }
            }
            if requester.is_some() && accepter.is_some() {
                return Ok(());
            }
        }
        let kind = match key {
            "TransitGatewayVpcAttachments" => AttachmentResourceType::Vpc,
            "TransitGatewayPeeringAttachments" => AttachmentResourceType::Peering,
            _ => match opt_string(v, "ResourceType", at)?.as_deref() {
                Some("vpn") => AttachmentResourceType::Vpn,
                Some("direct-connect-gateway") => AttachmentResourceType::DirectConnectGateway,
                Some("peering") => AttachmentResourceType::Peering,
                Some("connect") => AttachmentResourceType::Connect,
                _ => AttachmentResourceType::Vpc,
            },
        };
        let tgw_id = opt_string(v, "TransitGatewayId", at)?.unwrap_or_default();
        let i = self.tgw_attachment_index(&id, &tgw_id, kind, v);
        let Some(a) = self.t.transit_gateway_attachments.get_mut(i) else { return Ok(()) };
        if let Some(s) = opt_string(v, "State", at)? {
            a.state = s;
        }
        if let Some(r) = opt_string(v, "ResourceId", at)?.or(opt_string(v, "VpcId", at)?) {
            a.resource_id = r;
        }
        if let Some(t) = opt_string(v, "TransitGatewayId", at)? {
            a.transit_gateway_id = t;
        }
        if let Some(rt) = v.get("Association").and_then(|x| x.get("TransitGatewayRouteTableId")).and_then(Value::as_str)
        {
            a.association_route_table_id = Some(String::from(rt));
        }
        let subnets: Vec<String> = v
            .get("SubnetIds")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(String::from)
            .collect();
        if !subnets.is_empty() {
            a.subnet_ids = subnets;
        }
        if v.get("Options").and_then(|o| o.get("ApplianceModeSupport")).and_then(Value::as_str) == Some("enable") {
            a.appliance_mode_support = true;
        }
        Ok(())
    }

    /// The record of attachment `id` on `tgw_id` (any of its records when either side is unknown), created when
    /// there is none yet.
    fn tgw_attachment_index(&mut self, id: &str, tgw_id: &str, kind: AttachmentResourceType, v: &Value) -> usize {
        let atts = &self.t.transit_gateway_attachments;
        let known = self.tgw_attachments.get(id).and_then(|ix| {
            let on = |i: &&usize| atts.get(**i).is_some_and(|a| a.transit_gateway_id == tgw_id);
            let open = |i: &&usize| atts.get(**i).is_some_and(|a| a.transit_gateway_id.is_empty() || tgw_id.is_empty());
            ix.iter().find(on).or_else(|| ix.iter().find(open)).copied()
        });
        if let Some(i) = known {
            return i;
        }
        self.t.transit_gateway_attachments.push(TransitGatewayAttachment {
            transit_gateway_attachment_id: String::from(id),
            name: name_tag(v),
            transit_gateway_id: String::from(tgw_id),
            resource_type: kind,
            resource_id: String::new(),
            subnet_ids: Vec::new(),
            state: String::from("available"),
            appliance_mode_support: false,
            association_route_table_id: None,
        });
        let i = self.t.transit_gateway_attachments.len() - 1;
        self.tgw_attachments.entry(String::from(id)).or_default().push(i);
        i
    }

    fn tgw_rt(&mut self, id: &str) -> &mut TransitGatewayRouteTable {
        let pos = self.t.transit_gateway_route_tables.iter().position(|r| r.transit_gateway_route_table_id == id);
        let i = match pos {
            Some(i) => i,
            None => {
                self.t.transit_gateway_route_tables.push(TransitGatewayRouteTable {
                    transit_gateway_route_table_id: String::from(id),
                    name: None,
                    transit_gateway_id: String::new(),
                    propagations: Vec::new(),
                    routes: Vec::new(),
                });
                self.t.transit_gateway_route_tables.len() - 1
            }
        };
        &mut self.t.transit_gateway_route_tables[i]
    }

    fn tgw_route(&mut self, rt: &str, r: &Value, at: &At) -> Result<(), Error> {
        let dest: IpNet = parsed(r, "DestinationCidrBlock", at, "CIDR")?;
        let attachment = r
            .get("TransitGatewayAttachments")
            .and_then(Value::as_array)
            .and_then(|a| a.first())
            .and_then(|a| a.get("TransitGatewayAttachmentId"))
            .and_then(Value::as_str)
            .map(String::from);
        let blackhole = opt_string(r, "State", at)?.as_deref() == Some("blackhole");
        self.tgw_rt(rt).routes.push(TransitGatewayRoute {
            destination_cidr_block: dest,
            transit_gateway_attachment_id: attachment,
            blackhole,
        });
        Ok(())
    }

    fn endpoint(&mut self, v: &Value, at: &At) -> Result<(), Error> {
        let kind = match opt_string(v, "VpcEndpointType", at)?.as_deref() {
            Some("Interface") => EndpointType::Interface,
            Some("GatewayLoadBalancer") => EndpointType::GatewayLoadBalancer,
            _ => EndpointType::Gateway,
        };
        let groups = v
            .get("Groups")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(|g| g.get("GroupId")?.as_str())
            .map(String::from)
            .collect();
        self.t.vpc_endpoints.push(VpcEndpoint {
            vpc_endpoint_id: string(v, "VpcEndpointId", at)?,
            name: name_tag(v),
            vpc_id: string(v, "VpcId", at)?,
            service_name: string(v, "ServiceName", at)?,
            vpc_endpoint_type: kind,
            route_table_ids: string_list(v, "RouteTableIds"),
            subnet_ids: string_list(v, "SubnetIds"),
            network_interface_ids: string_list(v, "NetworkInterfaceIds"),
            groups,
            private_dns_enabled: opt_bool(v, "PrivateDnsEnabled", at)?.unwrap_or(false),
            state: opt_string(v, "State", at)?.unwrap_or_else(|| String::from("available")),
            // R9.7: the endpoint-specific names resolve to its ENIs.
            dns_entries: items(v, "DnsEntries", at)?
                .into_iter()
                .map(|(d, dat)| {
                    Ok(DnsEntry {
                        dns_name: string(d, "DnsName", &dat)?,
                        hosted_zone_id: opt_string(d, "HostedZoneId", &dat)?,
                    })
                })
                .collect::<Result<Vec<_>, Error>>()?,
        });
        Ok(())
    }

    fn endpoint_service(&mut self, v: &Value, at: &At, account: Option<&str>) -> Result<(), Error> {
        let id = string(v, "ServiceId", at)?;
        let svc = VpcEndpointService {
            service_id: id.clone(),
            service_name: string(v, "ServiceName", at)?,
            network_load_balancer_arns: string_list(v, "NetworkLoadBalancerArns"),
            acceptance_required: opt_bool(v, "AcceptanceRequired", at)?.unwrap_or(true),
            allowed_principals: string_list(v, "AllowedPrincipals"),
            private_dns_name: opt_string(v, "PrivateDnsName", at)?,
            owner: opt_string(v, "Owner", at)?.or(account.map(String::from)).unwrap_or_default(),
        };
        // Permissions may have been read first (from their own file).
        match self.t.vpc_endpoint_services.iter_mut().find(|s| s.service_id == id) {
            Some(s) => {
                let mut principals = core::mem::take(&mut s.allowed_principals);
                *s = svc;
                for p in principals.drain(..) {
                    if !s.allowed_principals.contains(&p) {
                        s.allowed_principals.push(p);
                    }
                }
            }
            None => self.t.vpc_endpoint_services.push(svc),
        }
        Ok(())
    }

    fn vpn(&mut self, v: &Value, at: &At) -> Result<(), Error> {
        let mut routes = Vec::new();
        for (r, rat) in items(v, "Routes", at)? {
            if opt_string(r, "State", &rat)?.as_deref().unwrap_or("available") == "available" {
                routes.push(parsed::<IpNet>(r, "DestinationCidrBlock", &rat, "CIDR")?);
            }
        }
        let telemetry = items(v, "VgwTelemetry", at)?;
        let up = telemetry.iter().filter(|(t, _)| t.get("Status").and_then(Value::as_str) == Some("UP")).count();
        let tunnels_up = if telemetry.is_empty() { 2 } else { up.min(2) as u8 };
        self.t.vpn_connections.push(VpnConnection {
            vpn_connection_id: string(v, "VpnConnectionId", at)?,
            name: name_tag(v),
            customer_gateway_id: opt_string(v, "CustomerGatewayId", at)?.unwrap_or_default(),
            vpn_gateway_id: opt_string(v, "VpnGatewayId", at)?,
            transit_gateway_id: opt_string(v, "TransitGatewayId", at)?,
            static_routes_only: v
                .get("Options")
                .and_then(|o| o.get("StaticRoutesOnly"))
                .and_then(Value::as_bool)
                .unwrap_or(false),
            routes,
            advertised_routes: Vec::new(),
            tunnels_up,
        });
        Ok(())
    }

    fn load_balancer(&mut self, v: &Value, at: &At) -> Result<(), Error> {
        let ty = match opt_string(v, "Type", at)?.as_deref() {
            Some("network") => LoadBalancerType::Network,
            Some("gateway") => LoadBalancerType::Gateway,
            _ => LoadBalancerType::Application,
        };
        let scheme = match opt_string(v, "Scheme", at)?.as_deref() {
            Some("internal") => Scheme::Internal,
            _ => Scheme::InternetFacing,
        };
        let sgs = v
            .get("SecurityGroups")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .map(String::from)
            .collect();
        self.t.load_balancers.push(LoadBalancer {
            load_balancer_arn: string(v, "LoadBalancerArn", at)?,
            load_balancer_name: opt_string(v, "LoadBalancerName", at)?.unwrap_or_default(),
            r#type: ty,
            scheme,
            vpc_id: opt_string(v, "VpcId", at)?.unwrap_or_default(),
            dns_name: opt_string(v, "DNSName", at)?.unwrap_or_default(),
            network_interface_ids: Vec::new(),
            security_groups: sgs,
            listeners: Vec::new(),
            cross_zone: ty == LoadBalancerType::Application, // ALBs are always cross-zone
        });
        Ok(())
    }

    fn listener(&mut self, lb: Option<&str>, l: &Value, at: &At) -> Result<(), Error> {
        let arn = match lb {
            Some(a) => String::from(a),
            None => string(l, "LoadBalancerArn", at)?,
        };
        let tg = l
            .get("DefaultActions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .find(|a| a.get("Type").and_then(Value::as_str) == Some("forward"))
            .and_then(|a| a.get("TargetGroupArn"))
            .and_then(Value::as_str)
            .map(String::from)
            .unwrap_or_default();
        let port = opt_i64(l, "Port", at)?.unwrap_or(0).clamp(0, 65535) as u16;
        let protocol = opt_string(l, "Protocol", at)?.unwrap_or_default();
        self.listeners.push((arn, Listener { port, protocol, target_group_arn: tg }));
        Ok(())
    }

    fn target_group(&mut self, v: &Value, at: &At) -> Result<(), Error> {
        let ty = match opt_string(v, "TargetType", at)?.as_deref() {
            Some("ip") => TargetType::Ip,
            Some("lambda") => TargetType::Lambda,
            Some("alb") => TargetType::Alb,
            _ => TargetType::Instance,
        };
        self.t.target_groups.push(TargetGroup {
            target_group_arn: string(v, "TargetGroupArn", at)?,
            target_group_name: opt_string(v, "TargetGroupName", at)?.unwrap_or_default(),
            target_type: ty,
            protocol: opt_string(v, "Protocol", at)?.unwrap_or_default(),
            port: opt_i64(v, "Port", at)?.unwrap_or(0).clamp(0, 65535) as u16,
            vpc_id: opt_string(v, "VpcId", at)?.unwrap_or_default(),
            targets: Vec::new(),
            preserve_client_ip: None,
        });
        Ok(())
    }

    fn target(&mut self, tg: &str, d: &Value, at: &At) -> Result<(), Error> {
        let t = d.get("Target").cloned().unwrap_or(Value::Null);
        let tat = at.key("Target");
        let id = string(&t, "Id", &tat)?;
        // Batfish data registers targets on ports other than the group's: use the target's own Port.
        let port = opt_i64(&t, "Port", &tat)?.unwrap_or(0).clamp(0, 65535) as u16;
        self.targets.push((
            String::from(tg),
            TargetDescription {
                ip: id.parse().ok(),
                id,
                port,
                availability_zone: opt_string(&t, "AvailabilityZone", &tat)?,
            },
        ));
        Ok(())
    }

    fn finish(mut self) -> Result<Imported, Error> {
        // ENIs described only inside Reservations join the interface list.
        for eni in core::mem::take(&mut self.instance_enis) {
            match self.t.network_interfaces.iter_mut().find(|e| e.network_interface_id == eni.network_interface_id) {
                Some(e) => {
                    if e.instance_id.is_none() {
                        e.instance_id = eni.instance_id.clone();
                    }
                }
                None => self.t.network_interfaces.push(eni),
            }
        }
        // A Region from the folders, else from the subnets' AZs (us-east-2b → us-east-2).
        for i in 0..self.t.vpcs.len() {
            if self.t.vpcs[i].region.is_empty() {
                let id = self.t.vpcs[i].vpc_id.clone();
                if let Some(s) = self.t.subnets.iter().find(|s| s.vpc_id == id && !s.availability_zone.is_empty()) {
                    let az = &s.availability_zone;
                    let region = az.trim_end_matches(|c: char| c.is_ascii_lowercase()).to_string();
                    self.t.vpcs[i].region =
                        if region.ends_with(|c: char| c.is_ascii_digit()) { region } else { az.clone() };
                }
            }
        }
        // A TGW is regional (R8.1): without a Region folder it takes its attached VPCs' Region, which tells an
        // inter-Region peering from a same-Region one.
        for i in 0..self.t.transit_gateways.len() {
            if self.t.transit_gateways[i].region.is_empty() {
                let id = &self.t.transit_gateways[i].transit_gateway_id;
                let region = self
                    .t
                    .transit_gateway_attachments
                    .iter()
                    .filter(|a| &a.transit_gateway_id == id && a.resource_type == AttachmentResourceType::Vpc)
                    .find_map(|a| self.t.vpcs.iter().find(|v| v.vpc_id == a.resource_id && !v.region.is_empty()))
                    .map(|v| v.region.clone());
                if let Some(r) = region {
                    self.t.transit_gateways[i].region = r;
                }
            }
        }
        // Load balancers: listeners, attributes, and their node ENIs ("ELB net/<name>/<id>").
        for (arn, l) in core::mem::take(&mut self.listeners) {
            match self.t.load_balancers.iter_mut().find(|lb| lb.load_balancer_arn == arn) {
                Some(lb) => lb.listeners.push(l),
                None => {
                    self.warn("LoadBalancerListeners", "", format!("listener for unknown load balancer {arn}; skipped"))
                }
            }
        }
        for (arn, on) in core::mem::take(&mut self.cross_zone) {
            if let Some(lb) = self.t.load_balancers.iter_mut().find(|lb| lb.load_balancer_arn == arn) {
                lb.cross_zone = on || lb.r#type == LoadBalancerType::Application;
            }
        }
        for lb in &mut self.t.load_balancers {
            let suffix = lb.load_balancer_arn.split("loadbalancer/").nth(1).unwrap_or("").to_string();
            let want = format!("ELB {suffix}");
            lb.network_interface_ids = self
                .t
                .network_interfaces
                .iter()
                .filter(|e| !suffix.is_empty() && e.description == want)
                .map(|e| e.network_interface_id.clone())
                .collect();
        }
        for (arn, target) in core::mem::take(&mut self.targets) {
            match self.t.target_groups.iter_mut().find(|tg| tg.target_group_arn == arn) {
                Some(tg) => tg.targets.push(target),
                None => self.warn("TargetHealth", "", format!("targets for unknown target group {arn}; skipped")),
            }
        }
        check_references(&self.t, &mut self.warnings);
        Ok(Imported { topology: self.t, warnings: self.warnings })
    }
}

/// The VPC from an `Attachments`-style list whose state is attached/available.
fn attached_vpc(v: &Value, key: &str, at: &At) -> Result<Option<String>, Error> {
    for (a, aat) in items(v, key, at)? {
        let state = opt_string(a, "State", &aat)?.unwrap_or_else(|| String::from("available"));
        if matches!(state.as_str(), "available" | "attached" | "attaching") {
            return opt_string(a, "VpcId", &aat);
        }
    }
    Ok(None)
}

fn network_interface(v: &Value, at: &At) -> Result<NetworkInterface, Error> {
    let id = string(v, "NetworkInterfaceId", at)?;
    let mut ips: Vec<(bool, Ipv4Addr)> = Vec::new();
    for (p, pat) in items(v, "PrivateIpAddresses", at)? {
        let ip = parsed(p, "PrivateIpAddress", &pat, "IPv4 address")?;
        ips.push((opt_bool(p, "Primary", &pat)? != Some(true), ip));
    }
    if ips.is_empty() {
        if let Some(ip) = opt_parsed(v, "PrivateIpAddress", at, "IPv4 address")? {
            ips.push((false, ip));
        }
    }
    ips.sort_by_key(|(secondary, _)| *secondary); // the primary first
    let mut v6: Vec<Ipv6Addr> = Vec::new();
    for (p, pat) in items(v, "Ipv6Addresses", at)? {
        v6.push(parsed(p, "Ipv6Address", &pat, "IPv6 address")?);
    }
    let public_ip =
        v.get("Association").and_then(|a| a.get("PublicIp")).and_then(Value::as_str).and_then(|s| s.parse().ok());
    let interface_type = match opt_string(v, "InterfaceType", at)?.as_deref() {
        Some("nat_gateway") => InterfaceType::NatGateway,
        Some("vpc_endpoint") | Some("gateway_load_balancer_endpoint") => InterfaceType::VpcEndpoint,
        Some("network_load_balancer") | Some("load_balancer") => InterfaceType::NetworkLoadBalancer,
        Some("transit_gateway") => InterfaceType::TransitGateway,
        Some("lambda") => InterfaceType::Lambda,
        Some("interface") | None => InterfaceType::Interface,
        Some(_) => InterfaceType::Other,
    };
    let description = opt_string(v, "Description", at)?.unwrap_or_default();
    let interface_type = if interface_type == InterfaceType::Interface && description.starts_with("ELB ") {
        InterfaceType::NetworkLoadBalancer
    } else {
        interface_type
    };
    let groups = v
        .get("Groups")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|g| g.get("GroupId")?.as_str())
        .map(String::from)
        .collect();
    Ok(NetworkInterface {
        network_interface_id: id,
        subnet_id: string(v, "SubnetId", at)?,
        description,
        interface_type,
        private_ip_addresses: ips.into_iter().map(|(_, ip)| ip).collect(),
        ipv6_addresses: v6,
        public_ip,
        groups,
        source_dest_check: opt_bool(v, "SourceDestCheck", at)?.unwrap_or(true),
        instance_id: v.get("Attachment").and_then(|a| a.get("InstanceId")).and_then(Value::as_str).map(String::from),
    })
}

/// Finds an id with the given prefix (`tgw-rtb-`) in a path.
fn find_id(path: &str, prefix: &str) -> Option<String> {
    let start = path.find(prefix)?;
    let id: String = path[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').collect();
    (id.len() > prefix.len()).then_some(id)
}

fn find_arn(path: &str) -> Option<String> {
    let start = path.find("targetgroup")?;
    Some(path[start..].trim_end_matches(".json").replace('_', "/"))
}

/// Broken references are kept (AWS shows them too, e.g. a blackhole route to a deleted gateway) but reported.
fn check_references(t: &Topology, warnings: &mut Vec<Warning>) {
    let has_vpc = |id: &str| t.vpcs.iter().any(|v| v.vpc_id == id);
    for s in &t.subnets {
        if !has_vpc(&s.vpc_id) {
            warnings.push(Warning {
                file: String::from("Subnets"),
                path: s.subnet_id.clone(),
                message: format!("VPC {} is not in the snapshot", s.vpc_id),
            });
        }
    }
    for e in &t.network_interfaces {
        if !t.subnets.iter().any(|s| s.subnet_id == e.subnet_id) {
            warnings.push(Warning {
                file: String::from("NetworkInterfaces"),
                path: e.network_interface_id.clone(),
                message: format!("subnet {} is not in the snapshot", e.subnet_id),
            });
        }
    }
}

/// The strings of an array field (`RouteTableIds`, `SubnetIds`, …); other entries and a missing field give none.
fn string_list(v: &Value, key: &str) -> Vec<String> {
    v.get(key).and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).map(String::from).collect()
}
