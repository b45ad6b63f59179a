//! The palette: what can be dragged onto the canvas, and what a drop at a point means. A drop where the
//! resource cannot live is refused with the reason and changes nothing; a drop that needs parameters opens a
//! draft in the inspector; everything else becomes edits through the core. The connect gesture from a VPC's
//! handle requests a peering (released on another VPC) or attaches the VPC to a transit gateway (released on
//! the TGW).

use vpc_core::edit::Edit;
use vpc_core::reason::Lang;
use vpc_core::Topology;

use crate::i18n::t;
use crate::layout::{Layout, TGW_ICON};
use crate::recipes::Recipe;
use crate::state::{Action, Draft};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Item {
    Vpc,
    Subnet,
    Instance,
    InternetGateway,
    NatGateway,
    TransitGateway,
    LoadBalancer,
    VpnGateway,
    CustomerGateway,
}

impl Item {
    pub const ALL: [Item; 9] = [
        Item::Vpc,
        Item::Subnet,
        Item::Instance,
        Item::InternetGateway,
        Item::NatGateway,
        Item::TransitGateway,
        Item::LoadBalancer,
        Item::VpnGateway,
        Item::CustomerGateway,
    ];

    /// The `data-palette` name (tests and CSS use it).
    pub fn name(self) -> &'static str {
        match self {
            Item::Vpc => "vpc",
            Item::Subnet => "subnet",
            Item::Instance => "instance",
            Item::InternetGateway => "igw",
            Item::NatGateway => "nat",
            Item::TransitGateway => "tgw",
            Item::LoadBalancer => "lb",
            Item::VpnGateway => "vgw",
            Item::CustomerGateway => "cgw",
        }
    }

    pub fn icon(self) -> &'static str {
        match self {
            Item::Vpc => "icons/vpc.svg",
            Item::Subnet => "icons/subnet.svg",
            Item::Instance => "icons/instance.svg",
            Item::InternetGateway => "icons/igw.svg",
            Item::NatGateway => "icons/nat.svg",
            Item::TransitGateway => TGW_ICON,
            Item::LoadBalancer => "icons/lb.svg",
            Item::VpnGateway => "icons/vgw.svg",
            Item::CustomerGateway => "icons/onprem.svg",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        t(lang, self.label_key())
    }

    fn label_key(self) -> &'static str {
        match self {
            Item::Vpc => "vpc",
            Item::Subnet => "subnet",
            Item::Instance => "instance",
            Item::InternetGateway => "igw",
            Item::NatGateway => "nat",
            Item::TransitGateway => "tgw_item",
            Item::LoadBalancer => "lb",
            Item::VpnGateway => "vgw_item",
            Item::CustomerGateway => "cgw",
        }
    }
}

/// What dropping `item` at SVG point (x, y) does.
pub fn drop_action(item: Item, l: &Layout, x: f64, y: f64, lang: Lang) -> Action {
    let refuse = |key| Action::Error(Some(t(lang, key).to_string()));
    let vpc = l.vpc_at(x, y).map(|n| n.id.clone());
    let subnet = l.subnet_at(x, y).map(|n| n.id.clone());
    match item {
        Item::Vpc => match vpc {
            Some(_) => refuse("drop_vpc"),
            None => Action::Draft(Some(Draft::Vpc)),
        },
        Item::Subnet => match vpc {
            Some(vpc_id) => Action::Draft(Some(Draft::Subnet { vpc_id })),
            None => refuse("drop_subnet"),
        },
        Item::Instance => match subnet {
            Some(subnet_id) => Action::Create(Edit::RunInstance { subnet_id, name: None }),
            None => refuse("drop_here"),
        },
        Item::InternetGateway => match vpc {
            Some(vpc_id) => Action::Recipe(Recipe::InternetGateway { vpc_id }),
            None => refuse("drop_igw"),
        },
        Item::NatGateway => match subnet {
            Some(subnet_id) => Action::Recipe(Recipe::NatGateway { subnet_id }),
            None => refuse("drop_nat"),
        },
        // A TGW is created in the Region it is dropped in.
        Item::TransitGateway => match l.region_at(x, y) {
            Some(r) => Action::Create(Edit::CreateTransitGateway {
                name: None,
                region: r.id.strip_prefix("region/").map(String::from),
            }),
            None => refuse("drop_tgw"),
        },
        Item::LoadBalancer => match subnet {
            Some(subnet_id) => Action::Draft(Some(Draft::LoadBalancer { subnet_id })),
            None => refuse("drop_lb"),
        },
        Item::VpnGateway => match vpc {
            Some(vpc_id) => Action::Recipe(Recipe::VpnGateway { vpc_id }),
            None => refuse("drop_vgw"),
        },
        // The customer gateway is on premises: anywhere outside the Regions.
        Item::CustomerGateway => match l.region_at(x, y) {
            Some(_) => refuse("drop_cgw"),
            None => Action::Draft(Some(Draft::CustomerGateway)),
        },
    }
}

/// What ending the connect gesture over (x, y) does: on a transit gateway, a VPC attachment from `from`
/// with the first subnet of each of its AZs (R8.6); on another VPC, a peering request.
pub fn connect_action(from: &str, topo: &Topology, l: &Layout, x: f64, y: f64, lang: Lang) -> Action {
    if let Some(tgw) = l.tgw_at(x, y) {
        let mut azs: Vec<&str> = Vec::new();
        let mut subnet_ids = Vec::new();
        for s in topo.subnets.iter().filter(|s| s.vpc_id == from) {
            if !azs.contains(&s.availability_zone.as_str()) {
                azs.push(&s.availability_zone);
                subnet_ids.push(s.subnet_id.clone());
            }
        }
        return Action::Create(Edit::CreateTransitGatewayVpcAttachment {
            transit_gateway_id: tgw.id.clone(),
            vpc_id: from.to_string(),
            subnet_ids,
        });
    }
    match l.vpc_at(x, y).map(|n| n.id.clone()) {
        Some(to) if to != from => {
            Action::Create(Edit::CreateVpcPeeringConnection { requester_vpc_id: from.to_string(), accepter_vpc_id: to })
        }
        _ => Action::Error(Some(t(lang, "drop_peer").to_string())),
    }
}
