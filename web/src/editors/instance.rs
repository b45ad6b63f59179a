//! An instance: its interface (private and public addresses), an Elastic IP (allocate and associate, or
//! disassociate), source/destination check (R2.15), IMDS options (R10.x), its interface's security groups
//! (add one of the VPC's, remove one: the core refuses removing the last, R3.4) and their rules, and its
//! subnet's route table and network ACL.

use vpc_core::edit::Edit;
use vpc_core::model::{HttpTokens, MetadataOptions, Toggle};
use yew::prelude::*;

use super::form::{checked, field, not_a, row};
use super::subnet::{network_acl_of, route_table_of};
use super::{nacl, routes, sg};
use crate::i18n::t;
use crate::recipes::Recipe;
use crate::state::{Action, Store};

pub fn view(store: &Store, id: &str) -> Html {
    let lang = store.lang;
    let topo = store.now.topology.clone();
    let Some(inst) = topo.instances.iter().find(|i| i.instance_id == id) else { return html! {} };
    let eni = topo.primary_interface(id);
    let d = store.dispatcher();
    let id = id.to_string();
    let eip = eni.and_then(|e| {
        topo.addresses.iter().find(|a| a.network_interface_id.as_deref() == Some(e.network_interface_id.as_str()))
    });
    let address_buttons = match (eni, eip) {
        (_, Some(a)) => {
            let alloc = a.allocation_id.clone();
            let cb = d
                .to_callback()
                .reform(move |_: MouseEvent| Action::Edit(Edit::DisassociateAddress { allocation_id: alloc.clone() }));
            html! { <><span class="mono">{ format!("{} ({})", a.public_ip, a.allocation_id) }</span><button data-testid="eip-disassociate" onclick={cb}>{ t(lang, "disassociate") }</button></> }
        }
        (Some(e), None) => {
            let eni_id = e.network_interface_id.clone();
            let cb = d.to_callback().reform(move |_: MouseEvent| {
                Action::Recipe(Recipe::ElasticIpFor { network_interface_id: eni_id.clone() })
            });
            html! { <button data-testid="eip-associate" onclick={cb}>{ t(lang, "allocate_eip") }</button> }
        }
        _ => html! {},
    };
    let on_check = eni.map(|e| {
        let eni_id = e.network_interface_id.clone();
        d.to_callback().reform(move |ev: Event| {
            Action::Edit(Edit::ModifyNetworkInterfaceAttribute {
                network_interface_id: eni_id.clone(),
                source_dest_check: Some(checked(&ev)),
                groups: None,
            })
        })
    });
    let on_imds = {
        let id = id.clone();
        d.to_callback().reform(move |e: MouseEvent| {
            let text = field(&e, "hops");
            let Ok(limit) = text.parse::<u8>() else {
                return Action::Error(Some(not_a(&id, "HttpPutResponseHopLimit", &text, "a number from 1 to 64")));
            };
            let metadata_options = MetadataOptions {
                http_endpoint: if field(&e, "endpoint") == "disabled" { Toggle::Disabled } else { Toggle::Enabled },
                http_tokens: if field(&e, "tokens") == "required" {
                    HttpTokens::Required
                } else {
                    HttpTokens::Optional
                },
                http_put_response_hop_limit: limit,
            };
            Action::Edit(Edit::ModifyInstanceMetadataOptions { instance_id: id.clone(), metadata_options })
        })
    };
    let terminate = {
        let id = id.clone();
        d.to_callback().reform(move |_: MouseEvent| Action::Edit(Edit::TerminateInstance { instance_id: id.clone() }))
    };
    // R1.6: an IPv6 address from the subnet's /64 (the core refuses when the subnet has none).
    let ipv6 = eni.map(|e| {
        let eni_id = e.network_interface_id.clone();
        let cb = d.to_callback().reform(move |_: MouseEvent| {
            Action::Edit(Edit::AssignIpv6Addresses { network_interface_id: eni_id.clone() })
        });
        let held: Vec<String> = e.ipv6_addresses.iter().map(|a| a.to_string()).collect();
        row(
            "IPv6",
            html! { <span class="form"><span class="mono" data-testid="instance-ipv6">{ held.join(", ") }</span>
            <button data-testid="instance-assign-ipv6" onclick={cb}>{ t(lang, "add") }</button></span> },
        )
    });
    let groups = eni.map(|e| groups_row(store, &e.network_interface_id, &e.groups, &e.subnet_id));
    let m = inst.metadata_options;
    let subnet = eni.map(|e| e.subnet_id.clone()).unwrap_or_default();
    let rt = route_table_of(&topo, &subnet);
    let acl = network_acl_of(&topo, &subnet);
    let ips = eni.map(|e| e.private_ip_addresses.iter().map(|a| a.to_string()).collect::<Vec<_>>().join(", "));
    html! {
        <div class="editor" key={format!("instance-{id}")} data-testid="instance-editor">
            <h4>{ t(lang, "instance") }{ format!(" — {}", inst.name.clone().unwrap_or_else(|| inst.instance_id.clone())) }</h4>
            { for eni.map(|e| html! { <p class="mono">{ format!("{} {} {}", e.network_interface_id, ips.clone().unwrap_or_default(), e.public_ip.map(|p| format!("public {p}")).unwrap_or_default()) }</p> }) }
            { row(t(lang, "elastic_ip"), address_buttons) }
            { for on_check.zip(eni).map(|(cb, e)| row(t(lang, "src_dst_check"), html! { <input type="checkbox" data-testid="src-dst-check" checked={e.source_dest_check} onchange={cb} /> })) }
            { for ipv6 }
            { for groups }
            { row("IMDS", html! {
                <span class="form">
                    <select name="endpoint" data-testid="imds-endpoint">
                        <option value="enabled" selected={m.http_endpoint == Toggle::Enabled}>{ "enabled" }</option>
                        <option value="disabled" selected={m.http_endpoint == Toggle::Disabled}>{ "disabled" }</option>
                    </select>
                    <select name="tokens" data-testid="imds-tokens">
                        <option value="optional" selected={m.http_tokens == HttpTokens::Optional}>{ "IMDSv1+v2" }</option>
                        <option value="required" selected={m.http_tokens == HttpTokens::Required}>{ "IMDSv2" }</option>
                    </select>
                    <input name="hops" data-testid="imds-hops" size="3" value={m.http_put_response_hop_limit.to_string()} title={t(lang, "hop_limit")} />
                    <button data-testid="imds-apply" onclick={on_imds}>{ t(lang, "apply") }</button>
                </span>
            }) }
            <button class="danger" onclick={terminate}>{ t(lang, "terminate") }</button>
            { for eni.iter().flat_map(|e| e.groups.iter()).map(|g| sg::view(store, g)) }
            { for rt.map(|r| routes::view(store, &r)) }
            { for acl.map(|a| nacl::view(store, &a)) }
        </div>
    }
}

/// The interface's security groups: each with a remove button (the core refuses removing the last one, R3.4)
/// and a picker of the VPC's other groups to add.
pub(super) fn groups_row(store: &Store, eni_id: &str, groups: &[String], subnet_id: &str) -> Html {
    let lang = store.lang;
    let topo = &store.now.topology;
    let d = store.dispatcher();
    let vpc = topo.subnets.iter().find(|s| s.subnet_id == subnet_id).map(|s| s.vpc_id.as_str()).unwrap_or_default();
    let edit = |eni: String, groups: Vec<String>| {
        Action::Edit(Edit::ModifyNetworkInterfaceAttribute {
            network_interface_id: eni,
            source_dest_check: None,
            groups: Some(groups),
        })
    };
    let members = groups.iter().map(|g| {
        let (eni, all, gone) = (eni_id.to_string(), groups.to_vec(), g.clone());
        let remove = d.to_callback().reform(move |_: MouseEvent| {
            edit(eni.clone(), all.iter().filter(|x| **x != gone).cloned().collect())
        });
        let name = topo.security_groups.iter().find(|x| &x.group_id == g).map(|x| x.group_name.clone());
        html! {
            <li data-group={g.clone()}>{ format!("{g} ({})", name.unwrap_or_default()) }
                <button class="small" data-testid={format!("eni-group-remove-{g}")} title={t(lang, "remove")} onclick={remove}>{ "×" }</button>
            </li>
        }
    });
    let others: Vec<(String, String)> = topo
        .security_groups
        .iter()
        .filter(|g| g.vpc_id == vpc && !groups.contains(&g.group_id))
        .map(|g| (g.group_id.clone(), g.group_name.clone()))
        .collect();
    let add = {
        let (eni, all) = (eni_id.to_string(), groups.to_vec());
        d.to_callback().reform(move |e: MouseEvent| {
            let mut next = all.clone();
            next.push(field(&e, "group"));
            edit(eni.clone(), next)
        })
    };
    let picker = (!others.is_empty()).then(|| {
        html! {
            <span class="form">
                <select name="group" data-testid="eni-group-select">
                    { for others.iter().enumerate().map(|(k, (id, name))| html! { <option value={id.clone()} selected={k == 0}>{ format!("{id} ({name})") }</option> }) }
                </select>
                <button data-testid="eni-group-add" onclick={add}>{ t(lang, "add") }</button>
            </span>
        }
    });
    row(
        t(lang, "security_groups"),
        html! { <><ul class="plain mono" data-testid="eni-groups">{ for members }</ul>{ for picker }</> },
    )
}
