//! The form of a resource being created from the palette: a VPC asks for its CIDR (and name, Region), a
//! subnet for its CIDR and Availability Zone; a load balancer and a customer gateway have their own forms
//! (`balancer::draft`, `vpn::draft`). Suggestions are only defaults; the core judges the values.

use vpc_core::edit::Edit;
use vpc_core::Topology;
use yew::prelude::*;

use super::form::{field, not_a, row};
use crate::i18n::t;
use crate::state::{Action, Draft, Store};

/// `10.N.0.0/16` with the first N no VPC starts with.
fn suggest_vpc_cidr(t: &Topology) -> String {
    let used: Vec<String> = t.vpcs.iter().flat_map(|v| v.cidr_blocks.iter().map(|c| c.network().to_string())).collect();
    let n = (0..=255u16).find(|n| !used.contains(&format!("10.{n}.0.0"))).unwrap_or(0);
    format!("10.{n}.0.0/16")
}

/// The first /24 of the VPC's primary block that no subnet starts at.
fn suggest_subnet_cidr(t: &Topology, vpc_id: &str) -> String {
    let Some(block) = t.vpcs.iter().find(|v| v.vpc_id == vpc_id).and_then(|v| v.cidr_blocks.first()) else {
        return String::new();
    };
    let used: Vec<String> =
        t.subnets.iter().filter(|s| s.vpc_id == vpc_id).map(|s| s.cidr_block.network().to_string()).collect();
    let base = u32::from(block.network());
    let count = 1u32 << 24u32.saturating_sub(u32::from(block.prefix_len())).min(8);
    (0..count)
        .map(|k| std::net::Ipv4Addr::from(base.wrapping_add(k << 8)))
        .find(|a| !used.contains(&a.to_string()))
        .map(|a| format!("{a}/24"))
        .unwrap_or_else(|| block.to_string())
}

pub fn default_region(t: &Topology) -> String {
    t.vpcs.first().map(|v| v.region.clone()).filter(|r| !r.is_empty()).unwrap_or_else(|| "ap-northeast-2".into())
}

pub fn view(store: &Store, draft: &Draft) -> Html {
    let lang = store.lang;
    let topo = store.now.topology.clone();
    let d = store.dispatcher();
    let cancel = d.to_callback().reform(|_: MouseEvent| Action::Draft(None));
    let optional = |v: String| Some(v).filter(|v| !v.is_empty());
    match draft {
        Draft::Vpc => {
            let on_create = d.to_callback().reform(move |e: MouseEvent| {
                let text = field(&e, "cidr");
                match text.parse() {
                    Ok(cidr_block) => Action::Create(Edit::CreateVpc {
                        cidr_block,
                        name: optional(field(&e, "name")),
                        region: optional(field(&e, "region")),
                    }),
                    Err(_) => Action::Error(Some(not_a("vpc", "CidrBlock", &text, "an IPv4 CIDR (R1.1)"))),
                }
            });
            html! {
                <div class="draft form" key="draft-vpc" data-testid="draft-vpc">
                    <h4>{ t(lang, "new_vpc") }</h4>
                    { row(t(lang, "cidr"), html! { <input name="cidr" data-testid="draft-cidr" value={suggest_vpc_cidr(&topo)} /> }) }
                    { row(t(lang, "name"), html! { <input name="name" data-testid="draft-name" /> }) }
                    { row(t(lang, "region"), html! { <input name="region" data-testid="draft-region" value={default_region(&topo)} /> }) }
                    <button class="primary" data-testid="draft-create" onclick={on_create}>{ t(lang, "create") }</button>
                    <button onclick={cancel}>{ t(lang, "cancel") }</button>
                </div>
            }
        }
        Draft::Subnet { vpc_id } => {
            let vpc_region =
                topo.vpcs.iter().find(|v| &v.vpc_id == vpc_id).map(|v| v.region.clone()).unwrap_or_default();
            let zones: Vec<String> = ["a", "b", "c", "d"].iter().map(|z| format!("{vpc_region}{z}")).collect();
            let on_create = {
                let vpc_id = vpc_id.clone();
                d.to_callback().reform(move |e: MouseEvent| {
                    let text = field(&e, "cidr");
                    match text.parse() {
                        Ok(cidr_block) => Action::Create(Edit::CreateSubnet {
                            vpc_id: vpc_id.clone(),
                            cidr_block,
                            availability_zone: field(&e, "az"),
                            name: optional(field(&e, "name")),
                        }),
                        Err(_) => Action::Error(Some(not_a(&vpc_id, "CidrBlock", &text, "an IPv4 CIDR (R1.2)"))),
                    }
                })
            };
            html! {
                <div class="draft form" key={format!("draft-{vpc_id}")} data-testid="draft-subnet">
                    <h4>{ t(lang, "new_subnet") }{ format!(" — {vpc_id}") }</h4>
                    { row(t(lang, "cidr"), html! { <input name="cidr" data-testid="draft-cidr" value={suggest_subnet_cidr(&topo, vpc_id)} /> }) }
                    { row(t(lang, "az"), html! {
                        <select name="az" data-testid="draft-az">{ for zones.iter().map(|z| html! { <option value={z.clone()}>{ z.clone() }</option> }) }</select>
                    }) }
                    { row(t(lang, "name"), html! { <input name="name" data-testid="draft-name" /> }) }
                    <button class="primary" data-testid="draft-create" onclick={on_create}>{ t(lang, "create") }</button>
                    <button onclick={cancel}>{ t(lang, "cancel") }</button>
                </div>
            }
        }
        Draft::LoadBalancer { subnet_id } => super::balancer::draft(store, subnet_id),
        Draft::CustomerGateway => super::vpn::draft(store),
    }
}
