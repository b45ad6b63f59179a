//! A subnet: name, CIDR and AZ, auto-assign public IPv4 (R1.7), its route table (R2.1/R2.2: explicit or
//! the main one; a new table for this subnet in one step) and network ACL (R4.5), then those two editors.

use vpc_core::edit::Edit;
use vpc_core::Topology;
use yew::prelude::*;

use super::form::{checked, field, name_row, not_a, row, selected};
use super::{nacl, routes};
use crate::i18n::t;
use crate::recipes::Recipe;
use crate::state::{Action, Store};

/// The route table a subnet uses: its explicit association, else its VPC's main table.
pub fn route_table_of(t: &Topology, subnet_id: &str) -> Option<String> {
    let s = t.subnets.iter().find(|s| s.subnet_id == subnet_id)?;
    t.route_tables
        .iter()
        .find(|r| r.associations.iter().any(|a| a == subnet_id))
        .or_else(|| t.route_tables.iter().find(|r| r.main && r.vpc_id == s.vpc_id))
        .map(|r| r.route_table_id.clone())
}

/// The network ACL a subnet uses: its explicit association, else its VPC's default NACL.
pub fn network_acl_of(t: &Topology, subnet_id: &str) -> Option<String> {
    let s = t.subnets.iter().find(|s| s.subnet_id == subnet_id)?;
    t.network_acls
        .iter()
        .find(|a| a.associations.iter().any(|x| x == subnet_id))
        .or_else(|| t.network_acls.iter().find(|a| a.is_default && a.vpc_id == s.vpc_id))
        .map(|a| a.network_acl_id.clone())
}

fn suggest_ipv6(t: &Topology, vpc_id: &str) -> String {
    let Some(block) = t.vpcs.iter().find(|v| v.vpc_id == vpc_id).and_then(|v| v.ipv6_cidr_blocks.first()) else {
        return String::new();
    };
    let used: Vec<_> = t.subnets.iter().filter_map(|s| s.ipv6_cidr_block).collect();
    block
        .subnets(64)
        .ok()
        .and_then(|mut all| all.find(|n| !used.contains(n)))
        .map(|n| n.to_string())
        .unwrap_or_default()
}

pub fn view(store: &Store, id: &str) -> Html {
    let lang = store.lang;
    let topo = store.now.topology.clone();
    let Some(s) = topo.subnets.iter().find(|s| s.subnet_id == id) else { return html! {} };
    let d = store.dispatcher();
    let id = id.to_string();
    let rt = route_table_of(&topo, &id);
    // R1.6: the subnet's /64, suggested as the first /64 of its VPC's /56 no other subnet holds.
    let ipv6 = s.ipv6_cidr_block.map(|b| b.to_string()).unwrap_or_else(|| suggest_ipv6(&topo, &s.vpc_id));
    let on_ipv6 = {
        let id = id.clone();
        d.to_callback().reform(move |e: MouseEvent| {
            let text = field(&e, "ipv6");
            match text.parse() {
                Ok(ipv6_cidr_block) => {
                    Action::Edit(Edit::AssociateSubnetIpv6CidrBlock { subnet_id: id.clone(), ipv6_cidr_block })
                }
                Err(_) => Action::Error(Some(not_a(&id, "Ipv6CidrBlock", &text, "an IPv6 /64 (R1.6)"))),
            }
        })
    };
    let acl = network_acl_of(&topo, &id);
    let on_public = {
        let id = id.clone();
        d.to_callback().reform(move |e: Event| {
            Action::Edit(Edit::ModifySubnetAttribute { subnet_id: id.clone(), map_public_ip_on_launch: checked(&e) })
        })
    };
    let on_rt = {
        let id = id.clone();
        d.to_callback().reform(move |e: Event| {
            Action::Edit(Edit::AssociateRouteTable { route_table_id: selected(&e), subnet_id: id.clone() })
        })
    };
    let on_acl = {
        let id = id.clone();
        d.to_callback().reform(move |e: Event| {
            Action::Edit(Edit::ReplaceNetworkAclAssociation { subnet_id: id.clone(), network_acl_id: selected(&e) })
        })
    };
    let new_table = {
        let id = id.clone();
        d.to_callback().reform(move |_: MouseEvent| Action::Recipe(Recipe::RouteTableFor { subnet_id: id.clone() }))
    };
    let delete = {
        let id = id.clone();
        d.to_callback().reform(move |_: MouseEvent| Action::Edit(Edit::DeleteSubnet { subnet_id: id.clone() }))
    };
    let tables = topo.route_tables.iter().filter(|r| r.vpc_id == s.vpc_id).map(|r| {
        let label = format!("{}{}", r.route_table_id, if r.main { t(lang, "main_suffix") } else { "" });
        html! { <option value={r.route_table_id.clone()} selected={rt.as_deref() == Some(r.route_table_id.as_str())}>{ label }</option> }
    });
    let acls = topo.network_acls.iter().filter(|a| a.vpc_id == s.vpc_id).map(|a| {
        let label = format!("{}{}", a.network_acl_id, if a.is_default { t(lang, "default_suffix") } else { "" });
        html! { <option value={a.network_acl_id.clone()} selected={acl.as_deref() == Some(a.network_acl_id.as_str())}>{ label }</option> }
    });
    html! {
        <div class="editor" key={format!("subnet-{id}")} data-testid="subnet-editor">
            <h4>{ t(lang, "subnet") }{ format!(" — {} {} {}", s.subnet_id, s.cidr_block, s.availability_zone) }</h4>
            { name_row(store, &id, &s.name, "subnet") }
            { row("IPv6", html! { <span class="form"><input name="ipv6" data-testid="subnet-ipv6" value={ipv6} />
                <button data-testid="subnet-ipv6-set" onclick={on_ipv6}>{ t(lang, "apply") }</button></span> }) }
            { row(t(lang, "auto_public_ip"), html! { <input type="checkbox" data-testid="subnet-public-ip" checked={s.map_public_ip_on_launch} onchange={on_public} /> }) }
            { row(t(lang, "route_table"), html! { <><select data-testid="subnet-route-table" onchange={on_rt}>{ for tables }</select>
                <button data-testid="subnet-new-route-table" onclick={new_table}>{ t(lang, "new_route_table") }</button></> }) }
            { row("NACL", html! { <select data-testid="subnet-nacl" onchange={on_acl}>{ for acls }</select> }) }
            <button class="danger" onclick={delete}>{ t(lang, "delete") }</button>
            { for rt.map(|r| routes::view(store, &r)) }
            { for acl.map(|a| nacl::view(store, &a)) }
        </div>
    }
}
