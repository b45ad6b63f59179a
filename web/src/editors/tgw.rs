//! A transit gateway: its VPC attachments (subnets per AZ, changeable, R8.6; the table each is associated
//! with, R8.2; appliance mode, R8.8; delete), its peering attachments (request to another TGW, accept on the
//! peer's side, R8.1), its route tables (create, delete) and, per table, the attachments
//! associated with it, the propagations (many per attachment, R8.2), the propagated routes as the compiler
//! derives them, the static routes (to an attachment or a blackhole, R8.4/R8.5; delete) and the rule a hop's
//! trace named highlighted. The default association/propagation tables (R8.3) are marked.

use vpc_core::edit::Edit;
use vpc_core::model::{AttachmentResourceType, TransitGatewayRouteTable};
use vpc_core::Topology;
use yew::prelude::*;

use super::form::{changes, checked, checked_values, field, name_row, not_a, row, selected};
use crate::i18n::t;
use crate::state::{Action, Store};

/// The TGW an attachment or a TGW route table belongs to (the inspector opens its TGW's editor).
pub fn owner(topo: &Topology, id: &str) -> Option<String> {
    let att = topo.transit_gateway_attachments.iter().find(|a| a.transit_gateway_attachment_id == id);
    let rt = topo.transit_gateway_route_tables.iter().find(|r| r.transit_gateway_route_table_id == id);
    att.map(|a| a.transit_gateway_id.clone()).or_else(|| rt.map(|r| r.transit_gateway_id.clone()))
}

pub fn view(store: &Store, id: &str) -> Html {
    let lang = store.lang;
    let topo = store.now.topology.clone();
    let Some(g) = topo.transit_gateways.iter().find(|g| g.transit_gateway_id == id) else { return html! {} };
    let d = store.dispatcher();
    let id = id.to_string();
    let tables: Vec<&TransitGatewayRouteTable> =
        topo.transit_gateway_route_tables.iter().filter(|r| r.transit_gateway_id == id).collect();
    let attachments: Vec<_> = topo.transit_gateway_attachments.iter().filter(|a| a.transit_gateway_id == id).collect();
    let marks = |rt: &str| {
        let mut m = String::new();
        if g.association_default_route_table_id.as_deref() == Some(rt) {
            m.push_str(t(lang, "tgw_default_assoc"));
        }
        if g.propagation_default_route_table_id.as_deref() == Some(rt) {
            m.push_str(t(lang, "tgw_default_prop"));
        }
        m
    };
    let new_table = {
        let id = id.clone();
        d.to_callback().reform(move |_: MouseEvent| {
            Action::Edit(Edit::CreateTransitGatewayRouteTable { transit_gateway_id: id.clone() })
        })
    };
    let delete = {
        let id = id.clone();
        d.to_callback()
            .reform(move |_: MouseEvent| Action::Edit(Edit::DeleteTransitGateway { transit_gateway_id: id.clone() }))
    };
    let selected_id = store.selected.as_deref();
    let attachment_rows = attachments.iter().map(|a| {
        let vpc = a.resource_type == AttachmentResourceType::Vpc;
        let att = a.transit_gateway_attachment_id.clone();
        let on_assoc = {
            let att = att.clone();
            d.to_callback().reform(move |e: Event| {
                Action::Edit(Edit::AssociateTransitGatewayRouteTable {
                    transit_gateway_route_table_id: selected(&e),
                    transit_gateway_attachment_id: att.clone(),
                })
            })
        };
        let on_appliance = {
            let att = att.clone();
            d.to_callback().reform(move |e: Event| {
                Action::Edit(Edit::ModifyTransitGatewayVpcAttachment {
                    transit_gateway_attachment_id: att.clone(),
                    appliance_mode_support: Some(checked(&e)),
                    add_subnet_ids: vec![],
                    remove_subnet_ids: vec![],
                })
            })
        };
        let on_delete = {
            let att = att.clone();
            d.to_callback().reform(move |_: MouseEvent| {
                Action::Edit(Edit::DeleteTransitGatewayVpcAttachment { transit_gateway_attachment_id: att.clone() })
            })
        };
        // R8.6: the VPC's subnets, the attachment's checked; Apply adds and removes the difference.
        let on_subnets = {
            let (att, current) = (att.clone(), a.subnet_ids.clone());
            d.to_callback().reform(move |e: MouseEvent| {
                let (add_subnet_ids, remove_subnet_ids) = changes(&current, &checked_values(&e, "subnet"));
                Action::Edit(Edit::ModifyTransitGatewayVpcAttachment {
                    transit_gateway_attachment_id: att.clone(),
                    appliance_mode_support: None,
                    add_subnet_ids,
                    remove_subnet_ids,
                })
            })
        };
        let subnets = topo.subnets.iter().filter(|s| s.vpc_id == a.resource_id).map(|s| {
            let sid = s.subnet_id.clone();
            html! { <label class="mono"><input type="checkbox" name="subnet" value={sid.clone()} checked={a.subnet_ids.contains(&sid)} data-testid={format!("tgw-subnet-{att}-{sid}")} />{ format!("{sid} {}", s.availability_zone) }</label> }
        });
        // R8.1: a peering attachment waits for the peer side (not the requester, whose record comes first).
        let requester = topo.transit_gateway_attachments.iter().find(|x| x.transit_gateway_attachment_id == att);
        let can_accept = a.state == "pendingAcceptance" && requester.is_some_and(|r| r.transit_gateway_id != id);
        let on_accept = {
            let att = att.clone();
            d.to_callback().reform(move |_: MouseEvent| {
                Action::Edit(Edit::AcceptTransitGatewayPeeringAttachment { transit_gateway_attachment_id: att.clone() })
            })
        };
        let current = a.association_route_table_id.as_deref();
        let class = classes!("attachment", (selected_id == Some(att.as_str())).then_some("highlight"));
        let vpc_parts = html! {
            <>
                <span class="form checks">{ for subnets }
                    <button class="small" data-testid={format!("tgw-subnets-apply-{att}")} onclick={on_subnets}>{ t(lang, "apply") }</button></span>
                <label><input type="checkbox" checked={a.appliance_mode_support} onchange={on_appliance} />{ t(lang, "tgw_appliance") }</label>
            </>
        };
        html! {
            <li class={class} data-attachment={att.clone()}>
                <span class="mono">{ if vpc { format!("{att} → {} [{}]", a.resource_id, a.subnet_ids.join(", ")) } else { format!("{att} ↔ {} ({})", a.resource_id, a.state) } }</span>
                { if vpc { vpc_parts } else { html! {} } }
                { if can_accept { html! { <button data-testid={format!("tgw-peer-accept-{att}")} onclick={on_accept}>{ t(lang, "accept") }</button> } } else { html! {} } }
                <span class="row">
                    <span class="row-label">{ t(lang, "tgw_association") }</span>
                    <select data-testid={format!("tgw-assoc-{att}")} onchange={on_assoc}>
                        <option value="" selected={current.is_none()} disabled=true>{ "—" }</option>
                        { for tables.iter().map(|r| { let rid = &r.transit_gateway_route_table_id; html! {
                            <option value={rid.clone()} selected={current == Some(rid.as_str())}>{ format!("{rid}{}", marks(rid)) }</option>
                        } }) }
                    </select>
                    <button class="small" data-testid={format!("tgw-detach-{att}")} title={t(lang, "delete")} onclick={on_delete}>{ "×" }</button>
                </span>
            </li>
        }
    });
    let others: Vec<_> = topo.transit_gateways.iter().filter(|g| g.transit_gateway_id != id).collect();
    let on_peer = {
        let id = id.clone();
        d.to_callback().reform(move |e: MouseEvent| {
            Action::Edit(Edit::CreateTransitGatewayPeeringAttachment {
                transit_gateway_id: id.clone(),
                peer_transit_gateway_id: field(&e, "peer"),
            })
        })
    };
    let highlight = store.highlight.clone();
    let table_views = tables.iter().map(|rt| {
        let rid = rt.transit_gateway_route_table_id.clone();
        let lit = |key: &str| {
            (selected_id == Some(rid.as_str()) && highlight.as_deref() == Some(key)).then_some("highlight")
        };
        let associated: Vec<&str> = attachments
            .iter()
            .filter(|a| a.association_route_table_id.as_deref() == Some(rid.as_str()))
            .map(|a| a.transit_gateway_attachment_id.as_str())
            .collect();
        let propagations = attachments.iter().map(|a| {
            let att = a.transit_gateway_attachment_id.clone();
            let on = rt.propagations.contains(&att);
            let cb = {
                let (rid, att) = (rid.clone(), att.clone());
                d.to_callback().reform(move |e: Event| {
                    let (rid, att) = (rid.clone(), att.clone());
                    Action::Edit(if checked(&e) {
                        Edit::EnableTransitGatewayRouteTablePropagation {
                            transit_gateway_route_table_id: rid,
                            transit_gateway_attachment_id: att,
                        }
                    } else {
                        Edit::DisableTransitGatewayRouteTablePropagation {
                            transit_gateway_route_table_id: rid,
                            transit_gateway_attachment_id: att,
                        }
                    })
                })
            };
            html! {
                <label class="mono"><input type="checkbox" data-testid={format!("tgw-propagate-{rid}-{att}")} checked={on} onchange={cb} />{ att.clone() }</label>
            }
        });
        // Propagated routes, derived as the compiler does: each propagating VPC attachment's CIDRs.
        let propagated: Vec<(String, String)> = rt
            .propagations
            .iter()
            .filter_map(|att| topo.transit_gateway_attachments.iter().find(|a| &a.transit_gateway_attachment_id == att))
            .flat_map(|a| {
                let cidrs = topo.vpcs.iter().filter(|v| v.vpc_id == a.resource_id).flat_map(|v| v.cidr_blocks.iter());
                cidrs.map(|c| (c.to_string(), a.transit_gateway_attachment_id.clone()))
            })
            .collect();
        let statics = rt.routes.iter().map(|r| {
            let key = r.destination_cidr_block.to_string();
            let text = format!("{key} → {}", r.transit_gateway_attachment_id.as_deref().unwrap_or("blackhole"));
            let del = {
                let (rid, c) = (rid.clone(), r.destination_cidr_block);
                d.to_callback().reform(move |_: MouseEvent| {
                    Action::Edit(Edit::DeleteTransitGatewayRoute {
                        transit_gateway_route_table_id: rid.clone(),
                        destination_cidr_block: c,
                    })
                })
            };
            html! {
                <li class={classes!(lit(&key))} data-tgw-route={text.clone()} data-key={key.clone()}>{ text }
                    <button class="small" data-testid={format!("tgw-route-delete-{key}")} title={t(lang, "delete")} onclick={del}>{ "×" }</button>
                </li>
            }
        });
        let propagated_lines = propagated.iter().map(|(c, att)| {
            let text = format!("{c} → {att} {}", t(lang, "tgw_propagated"));
            html! { <li class={classes!("propagated", lit(c))} data-tgw-route={text.clone()} data-key={c.clone()}>{ text }</li> }
        });
        let on_add = {
            let rid = rid.clone();
            d.to_callback().reform(move |e: MouseEvent| {
                let text = field(&e, "destination");
                let Ok(destination_cidr_block) = text.parse() else {
                    return Action::Error(Some(not_a(&rid, "DestinationCidrBlock", &text, "a CIDR (R8.4)")));
                };
                let target = field(&e, "target");
                Action::Edit(Edit::CreateTransitGatewayRoute {
                    transit_gateway_route_table_id: rid.clone(),
                    destination_cidr_block,
                    transit_gateway_attachment_id: (target != "blackhole").then_some(target),
                })
            })
        };
        let del_table = {
            let rid = rid.clone();
            d.to_callback().reform(move |_: MouseEvent| {
                Action::Edit(Edit::DeleteTransitGatewayRouteTable { transit_gateway_route_table_id: rid.clone() })
            })
        };
        html! {
            <div class="tgw-table" data-tgw-table={rid.clone()}>
                <h5>{ format!("{rid}{}", marks(&rid)) }
                    <button class="small" data-testid={format!("tgw-table-delete-{rid}")} title={t(lang, "delete")} onclick={del_table}>{ "×" }</button></h5>
                { row(t(lang, "tgw_associations"), html! { <span class="mono" data-testid="tgw-associations">{ if associated.is_empty() { "—".to_string() } else { associated.join(", ") } }</span> }) }
                { row(t(lang, "tgw_propagations"), html! { <span class="propagations">{ for propagations }</span> }) }
                <ul class="mono" data-testid="tgw-routes">{ for statics }{ for propagated_lines }</ul>
                <div class="add-route form">
                    <input name="destination" data-testid="tgw-route-destination" placeholder="10.1.0.0/16" />
                    <select name="target" data-testid="tgw-route-target">
                        { for attachments.iter().enumerate().map(|(k, a)| { let att = &a.transit_gateway_attachment_id; html! {
                            <option value={att.clone()} selected={k == 0}>{ format!("{att} ({})", a.resource_id) }</option>
                        } }) }
                        <option value="blackhole">{ t(lang, "tgw_blackhole") }</option>
                    </select>
                    <button data-testid="tgw-add-route" onclick={on_add}>{ t(lang, "add_route") }</button>
                </div>
            </div>
        }
    });
    html! {
        <div class="editor" key={format!("tgw-{id}")} data-testid="tgw-editor">
            <h4>{ t(lang, "tgw_item") }{ format!(" — {id} {}", g.region) }</h4>
            { name_row(store, &id, &g.name, "tgw") }
            <p class="hint">{ t(lang, "tgw_hint") }</p>
            <h4>{ t(lang, "tgw_attachments") }</h4>
            <ul class="plain" data-testid="tgw-attachments">{ for attachment_rows }</ul>
            <div class="form">
                <select name="peer" data-testid="tgw-peer">
                    { for others.iter().enumerate().map(|(k, g)| html! { <option value={g.transit_gateway_id.clone()} selected={k == 0}>{ format!("{} ({})", g.transit_gateway_id, g.region) }</option> }) }
                </select>
                <button data-testid="tgw-peer-request" onclick={on_peer}>{ t(lang, "tgw_peer_request") }</button>
            </div>
            <h4>{ t(lang, "route_tables") }</h4>
            { for table_views }
            <button data-testid="tgw-new-table" onclick={new_table}>{ t(lang, "tgw_new_table") }</button>
            <button class="danger" onclick={delete}>{ t(lang, "delete") }</button>
        </div>
    }
}
