//! A VPC: name, CIDR blocks (add a secondary block, R1.5), delete, and its route tables, security groups
//! and network ACLs as links into their editors; a new security group by name; its VPC endpoints and the form
//! for a new one (see `endpoint`).

use vpc_core::edit::Edit;
use yew::prelude::*;

use super::endpoint;
use super::form::{field, name_row, not_a, row};
use crate::i18n::t;
use crate::state::{Action, Store};

pub fn view(store: &Store, id: &str) -> Html {
    let lang = store.lang;
    let topo = store.now.topology.clone();
    let Some(v) = topo.vpcs.iter().find(|v| v.vpc_id == id) else { return html! {} };
    let d = store.dispatcher();
    let id = id.to_string();
    let on_cidr = {
        let id = id.clone();
        d.to_callback().reform(move |e: MouseEvent| {
            let text = field(&e, "cidr");
            match text.parse() {
                Ok(cidr_block) => Action::Edit(Edit::AssociateVpcCidrBlock { vpc_id: id.clone(), cidr_block }),
                Err(_) => Action::Error(Some(not_a(&id, "CidrBlock", &text, "an IPv4 CIDR (R1.5)"))),
            }
        })
    };
    let on_group = {
        let id = id.clone();
        d.to_callback().reform(move |e: MouseEvent| {
            Action::Create(Edit::CreateSecurityGroup { vpc_id: id.clone(), group_name: field(&e, "group") })
        })
    };
    // A custom network ACL starts denying everything (R4.4); a subnet's editor associates it.
    let on_acl = {
        let id = id.clone();
        d.to_callback()
            .reform(move |_: MouseEvent| Action::Create(Edit::CreateNetworkAcl { vpc_id: id.clone(), name: None }))
    };
    let delete = {
        let id = id.clone();
        d.to_callback().reform(move |_: MouseEvent| Action::Edit(Edit::DeleteVpc { vpc_id: id.clone() }))
    };
    let link = |rid: String, label: String| {
        let cb = d.to_callback().reform({
            let rid = rid.clone();
            move |_: MouseEvent| Action::Select(Some(rid.clone()))
        });
        html! { <li><button class="link-button" data-select={rid}  onclick={cb}>{ label }</button></li> }
    };
    let tables = topo.route_tables.iter().filter(|r| r.vpc_id == v.vpc_id).map(|r| {
        link(
            r.route_table_id.clone(),
            format!("{}{}", r.route_table_id, if r.main { t(lang, "main_suffix") } else { "" }),
        )
    });
    let groups = topo
        .security_groups
        .iter()
        .filter(|g| g.vpc_id == v.vpc_id)
        .map(|g| link(g.group_id.clone(), format!("{} ({})", g.group_id, g.group_name)));
    let acls = topo.network_acls.iter().filter(|a| a.vpc_id == v.vpc_id).map(|a| {
        link(
            a.network_acl_id.clone(),
            format!("{}{}", a.network_acl_id, if a.is_default { t(lang, "default_suffix") } else { "" }),
        )
    });
    let cidrs = v.cidr_blocks.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", ");
    // R1.6: an Amazon-provided /56; and the egress-only internet gateway IPv6 traffic leaves through (R5.11).
    let ipv6 = v.ipv6_cidr_blocks.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", ");
    let on_ipv6 = {
        let id = id.clone();
        d.to_callback()
            .reform(move |_: MouseEvent| Action::Edit(Edit::AssociateVpcIpv6CidrBlock { vpc_id: id.clone() }))
    };
    let on_eigw = {
        let id = id.clone();
        d.to_callback()
            .reform(move |_: MouseEvent| Action::Create(Edit::CreateEgressOnlyInternetGateway { vpc_id: id.clone() }))
    };
    html! {
        <div class="editor" key={format!("vpc-{id}")} data-testid="vpc-editor">
            <h4>{ "VPC" }{ format!(" — {} {}", v.vpc_id, v.region) }</h4>
            { name_row(store, &id, &v.name, "vpc") }
            { row(t(lang, "cidr"), html! { <span class="mono" data-testid="vpc-cidrs">{ cidrs }</span> }) }
            { row(t(lang, "add_cidr"), html! { <span class="form"><input name="cidr" data-testid="vpc-cidr" placeholder="10.9.0.0/16" /><button data-testid="vpc-add-cidr" onclick={on_cidr}>{ t(lang, "add") }</button></span> }) }
            { row("IPv6", html! { <span class="form"><span class="mono" data-testid="vpc-ipv6">{ ipv6 }</span>
                <button data-testid="vpc-add-ipv6" onclick={on_ipv6}>{ t(lang, "add_ipv6") }</button>
                <button data-testid="vpc-add-eigw" onclick={on_eigw}>{ t(lang, "eigw") }</button></span> }) }
            <p class="hint">{ t(lang, "connect_hint") }</p>
            <h4>{ t(lang, "route_tables") }</h4><ul class="plain">{ for tables }</ul>
            <h4>{ t(lang, "security_groups") }</h4><ul class="plain">{ for groups }</ul>
            { row(t(lang, "new_group"), html! { <span class="form"><input name="group" data-testid="vpc-group-name" placeholder="web" /><button data-testid="vpc-group-create" onclick={on_group}>{ t(lang, "create") }</button></span> }) }
            <h4>{ "NACL" }</h4><ul class="plain">{ for acls }</ul>
            <button data-testid="vpc-new-acl" onclick={on_acl}>{ t(lang, "new_acl") }</button>
            { endpoint::section(store, &id) }
            <button class="danger" onclick={delete}>{ t(lang, "delete") }</button>
        </div>
    }
}
