//! Deterministic auto-layout: geometry from the model. Region ▸ VPC ▸ AZ column ▸ subnet ▸ instances, NAT
//! gateways and load balancer nodes; gateways on the VPC's top border, transit gateways in a row under their
//! Region's VPCs, the internet and the on-premises customer gateways above everything. Links: peerings, TGW
//! attachments (VPC and peering), VPN connections. Positions the user dragged override instance and transit
//! gateway spots.

use std::collections::{BTreeMap, BTreeSet};
use vpc_core::model::{AttachmentResourceType, EndpointType, NetworkInterface};
use vpc_core::Topology;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x && x <= self.x + self.w && y >= self.y && y <= self.y + self.h
    }
    pub fn center(&self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    Region,
    Vpc,
    Az,
    Subnet,
    Instance,
    Gateway,
    Internet,
    /// A customer gateway: the on-premises end of VPN connections.
    OnPrem,
    TransitGateway,
}

impl Shape {
    /// A node the packet is drawn on (containers are not).
    pub fn is_stop(&self) -> bool {
        matches!(self, Shape::Instance | Shape::Gateway | Shape::Internet | Shape::OnPrem | Shape::TransitGateway)
    }
}

/// The transit gateway's icon (an inline SVG: the CSP allows `data:` images).
pub const TGW_ICON: &str = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 28 28'%3E%3Ccircle cx='14' cy='14' r='12' fill='%238250df'/%3E%3Cpath d='M14 4v20M4 14h20M7 7l14 14M21 7L7 21' stroke='%23fff' stroke-width='2'/%3E%3Ccircle cx='14' cy='14' r='5' fill='%23fff'/%3E%3C/svg%3E";

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub id: String,
    pub shape: Shape,
    pub rect: Rect,
    pub label: String,
    pub sub: String,
    /// The icon file under `icons/`.
    pub icon: &'static str,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Layout {
    pub nodes: Vec<Node>,
    /// Peering links (the peering's id, its two VPCs' ids) and TGW VPC attachments (the attachment's id, the
    /// VPC's id, the TGW's id), each with a label.
    pub links: Vec<Link>,
    /// Trace components drawn as another node: a VPN connection's hops happen at its customer gateway.
    pub aliases: Vec<(String, String)>,
    pub width: f64,
    pub height: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub id: String,
    pub a: String,
    pub b: String,
    pub label: String,
}

const INSTANCE: f64 = 86.0;
const SUBNET_W: f64 = 300.0;
const PAD: f64 = 16.0;
const PALETTE_H: f64 = 360.0;
const TGW_W: f64 = 96.0;

impl Layout {
    pub fn node(&self, id: &str) -> Option<&Node> {
        self.nodes.iter().find(|n| n.id == id)
    }

    /// The node a trace hop at component `id` is drawn on, if any.
    pub fn stop(&self, id: &str) -> Option<&Node> {
        let id = self.aliases.iter().find(|(from, _)| from == id).map_or(id, |(_, to)| to.as_str());
        self.node(id).filter(|n| n.shape.is_stop())
    }

    /// The innermost subnet under a point (drop targets).
    pub fn subnet_at(&self, x: f64, y: f64) -> Option<&Node> {
        self.nodes.iter().find(|n| n.shape == Shape::Subnet && n.rect.contains(x, y))
    }

    pub fn vpc_at(&self, x: f64, y: f64) -> Option<&Node> {
        self.nodes.iter().find(|n| n.shape == Shape::Vpc && n.rect.contains(x, y))
    }

    pub fn region_at(&self, x: f64, y: f64) -> Option<&Node> {
        self.nodes.iter().find(|n| n.shape == Shape::Region && n.rect.contains(x, y))
    }

    pub fn tgw_at(&self, x: f64, y: f64) -> Option<&Node> {
        self.nodes.iter().find(|n| n.shape == Shape::TransitGateway && n.rect.contains(x, y))
    }
}

/// Names in order, once each. Through a set rather than `sort` + `dedup`: the core's id numbering already
/// carries a `BTreeSet<&str>`, while each `sort` call site adds its own sort code to the wasm.
fn sorted_unique<'a>(names: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut set = BTreeSet::new();
    for n in names {
        set.insert(n);
    }
    set.into_iter().collect()
}

/// An endpoint's label: its service's last name (`com.amazonaws.us-east-1.s3` → `s3 endpoint`).
fn endpoint_label(e: &vpc_core::model::VpcEndpoint) -> String {
    format!("{} endpoint", e.service_name.rsplit('.').next().unwrap_or_default())
}

/// What is drawn inside each subnet (id, label, address, icon), grouped once rather than searched per subnet
/// (an imported account has thousands of instances): instances by their primary interface, NAT gateways, and
/// the node an interface endpoint (R9.7) or a load balancer has in each of its subnets, which the trace's hops
/// name.
/// (Indexed like `t.subnets`; the maps are `BTreeMap<&str, usize>`, a type the page already instantiates:
/// maps of new types cost the wasm kilobytes.)
fn subnet_members(t: &Topology) -> Vec<Vec<Member>> {
    fn index<'a>(ids: &mut dyn Iterator<Item = &'a str>) -> BTreeMap<&'a str, usize> {
        let mut map = BTreeMap::new();
        for (i, id) in ids.enumerate() {
            map.insert(id, i);
        }
        map
    }
    let eni_at = index(&mut t.network_interfaces.iter().map(|e| e.network_interface_id.as_str()));
    let subnet_at = index(&mut t.subnets.iter().map(|s| s.subnet_id.as_str()));
    let eni = |id: &str| eni_at.get(id).and_then(|&i| t.network_interfaces.get(i));
    let mut members: Vec<Vec<Member>> = vec![Vec::new(); t.subnets.len()];
    let mut add = |subnet: &str, id: &str, label: String, ip: String, icon: &'static str| {
        if let Some(list) = subnet_at.get(subnet).and_then(|&k| members.get_mut(k)) {
            list.push((id.to_string(), label, ip, icon));
        }
    };
    let ip = |e: &NetworkInterface| e.primary_ip().map(|a| a.to_string()).unwrap_or_default();
    for i in &t.instances {
        if let Some(e) = i.network_interfaces.first().and_then(|e| eni(e)) {
            let label = i.name.clone().unwrap_or_else(|| i.instance_id.clone());
            add(&e.subnet_id, &i.instance_id, label, ip(e), "instance.svg");
        }
    }
    for n in &t.nat_gateways {
        let label = n.name.clone().unwrap_or_else(|| n.nat_gateway_id.clone());
        add(&n.subnet_id, &n.nat_gateway_id, label, n.private_ip.to_string(), "nat.svg");
    }
    for ep in &t.vpc_endpoints {
        for e in ep.network_interface_ids.iter().filter_map(|e| eni(e)) {
            add(&e.subnet_id, &e.network_interface_id, endpoint_label(ep), ip(e), "endpoint.svg");
        }
    }
    for lb in &t.load_balancers {
        for e in lb.network_interface_ids.iter().filter_map(|e| eni(e)) {
            add(&e.subnet_id, &e.network_interface_id, lb.load_balancer_name.clone(), ip(e), "lb.svg");
        }
    }
    members
}

/// A node drawn inside a subnet: id, label, address, icon.
type Member = (String, String, String, &'static str);

pub fn layout(t: &Topology, positions: &BTreeMap<String, (f64, f64)>) -> Layout {
    let mut l = Layout::default();
    l.nodes.push(Node {
        id: "internet".into(),
        shape: Shape::Internet,
        rect: Rect { x: 40.0, y: 44.0, w: 120.0, h: 56.0 }, // below the zoom buttons
        label: "Internet".into(),
        sub: String::new(),
        icon: "internet.svg",
    });
    // On premises, in a row right of the internet: customer gateways, then Direct Connect virtual interfaces.
    let customer_gateways = t.customer_gateways.iter().map(|c| {
        let label = c.name.clone().unwrap_or_else(|| c.customer_gateway_id.clone());
        (&c.customer_gateway_id, label, c.ip_address.to_string())
    });
    let interfaces = t.virtual_interfaces.iter().map(|v| {
        let label = v.name.clone().unwrap_or_else(|| format!("Direct Connect ({:?})", v.virtual_interface_type));
        (&v.virtual_interface_id, label, v.virtual_interface_id.clone())
    });
    for (k, (id, label, sub)) in customer_gateways.chain(interfaces).enumerate() {
        let (x, y) = positions.get(id).copied().unwrap_or((200.0 + k as f64 * 136.0, 44.0));
        l.nodes.push(Node {
            id: id.clone(),
            shape: Shape::OnPrem,
            rect: Rect { x, y, w: 120.0, h: 56.0 },
            label,
            sub,
            icon: "onprem.svg",
        });
    }
    let regions = sorted_unique(
        t.vpcs.iter().map(|v| v.region.as_str()).chain(t.transit_gateways.iter().map(|g| g.region.as_str())),
    );
    let mut members = subnet_members(t);
    let mut x = 40.0;
    let top = 120.0;
    let mut max_h: f64 = 0.0;
    for region in regions {
        let region_x = x;
        x += PAD;
        let mut region_h: f64 = 0.0;
        for vpc in t.vpcs.iter().filter(|v| v.region == region) {
            let azs = sorted_unique(
                t.subnets.iter().filter(|s| s.vpc_id == vpc.vpc_id).map(|s| s.availability_zone.as_str()),
            );
            let vpc_x = x;
            let vpc_y = top + 40.0;
            let mut col_x = vpc_x + PAD;
            let mut vpc_h: f64 = 80.0;
            for az in &azs {
                let az_y = vpc_y + 56.0;
                let mut y = az_y + 30.0;
                let here =
                    |(_, s): &(usize, &vpc_core::model::Subnet)| s.vpc_id == vpc.vpc_id && s.availability_zone == *az;
                for (k, s) in t.subnets.iter().enumerate().filter(here) {
                    let members = members.get_mut(k).map(std::mem::take).unwrap_or_default();
                    let rows = members.len().div_ceil(3).max(1) as f64;
                    let h = 44.0 + rows * (INSTANCE + 8.0);
                    let rect = Rect { x: col_x, y, w: SUBNET_W, h };
                    l.nodes.push(Node {
                        id: s.subnet_id.clone(),
                        shape: Shape::Subnet,
                        rect,
                        label: s.name.clone().unwrap_or_else(|| s.subnet_id.clone()),
                        sub: s.cidr_block.to_string(),
                        icon: "subnet.svg",
                    });
                    for (k, (id, label, ip, icon)) in members.into_iter().enumerate() {
                        let (dx, dy) =
                            ((k % 3) as f64 * (INSTANCE + 12.0) + 12.0, (k / 3) as f64 * (INSTANCE + 8.0) + 38.0);
                        let (px, py) = positions.get(&id).copied().unwrap_or((rect.x + dx, rect.y + dy));
                        l.nodes.push(Node {
                            id,
                            shape: Shape::Instance,
                            rect: Rect { x: px, y: py, w: INSTANCE, h: INSTANCE - 8.0 },
                            label,
                            sub: ip,
                            icon,
                        });
                    }
                    y += h + PAD;
                }
                let az_h = y - az_y;
                l.nodes.push(Node {
                    id: format!("{}/{}", vpc.vpc_id, az),
                    shape: Shape::Az,
                    rect: Rect { x: col_x - 8.0, y: az_y, w: SUBNET_W + 16.0, h: az_h },
                    label: az.to_string(),
                    sub: String::new(),
                    icon: "",
                });
                vpc_h = vpc_h.max(az_h + 72.0);
                col_x += SUBNET_W + 32.0;
            }
            let vpc_w = (col_x - vpc_x).max(SUBNET_W + 2.0 * PAD);
            let cidrs: Vec<String> = vpc.cidr_blocks.iter().map(|c| c.to_string()).collect();
            l.nodes.push(Node {
                id: vpc.vpc_id.clone(),
                shape: Shape::Vpc,
                rect: Rect { x: vpc_x, y: vpc_y, w: vpc_w, h: vpc_h },
                label: vpc.name.clone().unwrap_or_else(|| vpc.vpc_id.clone()),
                sub: cidrs.join(", "),
                icon: "vpc.svg",
            });
            // Gateways sit on the VPC's top border.
            let mut gx = vpc_x + vpc_w - 80.0;
            let mut gateway = |id: &str, label: String, icon: &'static str, nodes: &mut Vec<Node>| {
                nodes.push(Node {
                    id: id.to_string(),
                    shape: Shape::Gateway,
                    rect: Rect { x: gx, y: vpc_y - 28.0, w: 64.0, h: 56.0 },
                    label,
                    sub: id.to_string(),
                    icon,
                });
                gx -= 76.0;
            };
            for g in t.internet_gateways.iter().filter(|g| g.vpc_id.as_deref() == Some(vpc.vpc_id.as_str())) {
                gateway(
                    &g.internet_gateway_id,
                    g.name.clone().unwrap_or_else(|| "IGW".into()),
                    "igw.svg",
                    &mut l.nodes,
                );
            }
            for g in t.egress_only_internet_gateways.iter().filter(|g| g.vpc_id == vpc.vpc_id) {
                gateway(&g.egress_only_internet_gateway_id, "EIGW".into(), "igw.svg", &mut l.nodes);
            }
            for g in t.vpn_gateways.iter().filter(|g| g.vpc_id.as_deref() == Some(vpc.vpc_id.as_str())) {
                gateway(&g.vpn_gateway_id, "VGW".into(), "vgw.svg", &mut l.nodes);
            }
            // Gateway endpoints (R9.1) are route targets on the border; interface endpoints sit in subnets.
            let gateway_endpoints = t.vpc_endpoints.iter().filter(|e| e.vpc_endpoint_type == EndpointType::Gateway);
            for e in gateway_endpoints.filter(|e| e.vpc_id == vpc.vpc_id) {
                gateway(&e.vpc_endpoint_id, endpoint_label(e), "endpoint.svg", &mut l.nodes);
            }
            region_h = region_h.max(vpc_h + 80.0);
            x += vpc_w + 60.0;
        }
        // Transit gateways: a row under the Region's VPCs.
        let tgws: Vec<_> = t.transit_gateways.iter().filter(|g| g.region == region).collect();
        if !tgws.is_empty() {
            let y = top + region_h.max(PAD);
            for (k, g) in tgws.iter().enumerate() {
                let at = (region_x + PAD + k as f64 * (TGW_W + PAD), y);
                let (px, py) = positions.get(&g.transit_gateway_id).copied().unwrap_or(at);
                l.nodes.push(Node {
                    id: g.transit_gateway_id.clone(),
                    shape: Shape::TransitGateway,
                    rect: Rect { x: px, y: py, w: TGW_W, h: 64.0 },
                    label: g.name.clone().unwrap_or_else(|| "TGW".into()),
                    sub: g.transit_gateway_id.clone(),
                    icon: TGW_ICON,
                });
            }
            region_h = y - top + 64.0 + PAD;
            x = x.max(region_x + PAD + tgws.len() as f64 * (TGW_W + PAD) + 40.0);
        }
        l.nodes.push(Node {
            id: format!("region/{region}"),
            shape: Shape::Region,
            rect: Rect { x: region_x, y: top, w: x - region_x - 40.0, h: region_h },
            label: region.to_string(),
            sub: String::new(),
            icon: "",
        });
        x += 20.0;
        max_h = max_h.max(region_h);
    }
    for p in &t.vpc_peering_connections {
        let status = serde_json::to_value(p.status).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
        l.links.push(Link {
            id: p.vpc_peering_connection_id.clone(),
            a: p.requester_vpc_id.clone(),
            b: p.accepter_vpc_id.clone(),
            label: format!("{} ({status})", p.vpc_peering_connection_id),
        });
    }
    for a in t.transit_gateway_attachments.iter().filter(|a| a.resource_type == AttachmentResourceType::Vpc) {
        l.links.push(Link {
            id: a.transit_gateway_attachment_id.clone(),
            a: a.resource_id.clone(),
            b: a.transit_gateway_id.clone(),
            label: a.transit_gateway_attachment_id.clone(),
        });
    }
    // A TGW peering is recorded once per side under one id: drawn once.
    for a in t.transit_gateway_attachments.iter().filter(|a| a.resource_type == AttachmentResourceType::Peering) {
        if !l.links.iter().any(|x| x.id == a.transit_gateway_attachment_id) {
            l.links.push(Link {
                id: a.transit_gateway_attachment_id.clone(),
                a: a.transit_gateway_id.clone(),
                b: a.resource_id.clone(),
                label: format!("{} ({})", a.transit_gateway_attachment_id, a.state),
            });
        }
    }
    // An interface endpoint's own hops are drawn on its first ENI.
    for ep in &t.vpc_endpoints {
        if let Some(eni) = ep.network_interface_ids.first() {
            l.aliases.push((ep.vpc_endpoint_id.clone(), eni.clone()));
        }
    }
    // A VIF to a VGW: linked to it (a DX gateway is not drawn).
    for v in &t.virtual_interfaces {
        if let Some(g) = v.gateway_id.as_ref().filter(|g| g.starts_with("vgw-")) {
            l.links.push(Link {
                id: v.virtual_interface_id.clone(),
                a: v.virtual_interface_id.clone(),
                b: g.clone(),
                label: String::from("Direct Connect"),
            });
        }
    }
    for v in &t.vpn_connections {
        if let Some(end) = v.vpn_gateway_id.clone().or_else(|| v.transit_gateway_id.clone()) {
            l.links.push(Link {
                id: v.vpn_connection_id.clone(),
                a: v.customer_gateway_id.clone(),
                b: end,
                label: v.vpn_connection_id.clone(),
            });
            l.aliases.push((v.vpn_connection_id.clone(), v.customer_gateway_id.clone()));
        }
    }
    // Containers first so that instances and gateways draw on top.
    let rank = |s: &Shape| match s {
        Shape::Region => 0,
        Shape::Vpc => 1,
        Shape::Az => 2,
        Shape::Subnet => 3,
        _ => 4,
    };
    l.nodes.sort_by_key(|n| rank(&n.shape));
    // Room on the right for the palette, and below for its five items on an empty canvas.
    l.width = (x + 200.0).max(800.0);
    l.height = (top + max_h + 40.0).max(PALETTE_H);
    l
}
