//! VPC endpoints: the form that creates one from the VPC editor (gateway: S3 or DynamoDB and the route tables
//! that get its `pl-… → vpce-…` route, R9.1; interface: a service and one subnet per AZ, R9.7), and the
//! endpoint's own editor (type, service, state, route tables or subnets and their change, each interface ENI
//! with its address and security groups, delete). The core decides what is allowed; its refusals show inline.

use vpc_core::edit::Edit;
use vpc_core::model::EndpointType;
use vpc_core::Topology;
use yew::prelude::*;

use super::form::{changes, checked_values, field, row};
use super::instance::groups_row;
use crate::i18n::t;
use crate::state::{Action, Store};

// Yew inserts a select's options last to first, so the first option is marked `selected` to be the default.

/// The services offered in the form (`com.amazonaws.<region>.<name>`): S3 and DynamoDB have gateway
/// endpoints; all have interface endpoints.
const SERVICES: [&str; 6] = ["s3", "dynamodb", "sqs", "ssm", "secretsmanager", "logs"];

/// The endpoint an interface endpoint's ENI belongs to.
pub fn owner_of_eni(topo: &Topology, eni: &str) -> Option<String> {
    topo.vpc_endpoints
        .iter()
        .find(|e| e.network_interface_ids.iter().any(|x| x == eni))
        .map(|e| e.vpc_endpoint_id.clone())
}

/// The VPC editor's endpoint section: the VPC's endpoints (click to open) and the form for a new one.
pub fn section(store: &Store, vpc_id: &str) -> Html {
    let lang = store.lang;
    let topo = &store.now.topology;
    let d = store.dispatcher();
    let Some(vpc) = topo.vpcs.iter().find(|v| v.vpc_id == vpc_id) else { return html! {} };
    let region = vpc.region.clone();
    let list = topo.vpc_endpoints.iter().filter(|e| e.vpc_id == vpc_id).map(|e| {
        let id = e.vpc_endpoint_id.clone();
        let cb = d.to_callback().reform(move |_: MouseEvent| Action::Select(Some(id.clone())));
        html! { <li><button class="link-button" data-select={e.vpc_endpoint_id.clone()} onclick={cb}>{ format!("{} {}", e.vpc_endpoint_id, e.service_name) }</button></li> }
    });
    let on_create = {
        let (vpc_id, region) = (vpc_id.to_string(), region.clone());
        d.to_callback().reform(move |e: MouseEvent| {
            let gateway = field(&e, "type") != "interface";
            Action::Create(Edit::CreateVpcEndpoint {
                vpc_id: vpc_id.clone(),
                service_name: format!("com.amazonaws.{region}.{}", field(&e, "service")),
                vpc_endpoint_type: if gateway { EndpointType::Gateway } else { EndpointType::Interface },
                route_table_ids: if gateway { checked_values(&e, "rtb") } else { Vec::new() },
                subnet_ids: if gateway { Vec::new() } else { checked_values(&e, "subnet") },
            })
        })
    };
    let tables = topo.route_tables.iter().filter(|r| r.vpc_id == vpc_id).map(|r| {
        let id = r.route_table_id.clone();
        html! { <label class="mono"><input type="checkbox" name="rtb" value={id.clone()} data-testid={format!("vpce-rtb-{id}")} />{ format!("{id}{}", if r.main { t(lang, "main_suffix") } else { "" }) }</label> }
    });
    let subnets = topo.subnets.iter().filter(|s| s.vpc_id == vpc_id).map(|s| {
        let id = s.subnet_id.clone();
        html! { <label class="mono"><input type="checkbox" name="subnet" value={id.clone()} data-testid={format!("vpce-subnet-{id}")} />{ format!("{id} {}", s.availability_zone) }</label> }
    });
    html! {
        <>
            <h4>{ t(lang, "endpoints") }</h4>
            <ul class="plain">{ for list }</ul>
            <div class="form endpoint-form" data-testid="vpce-form">
                { row(t(lang, "endpoint_type"), html! {
                    <select name="type" data-testid="vpce-type">
                        <option value="gateway" selected=true>{ t(lang, "endpoint_gateway") }</option>
                        <option value="interface">{ t(lang, "endpoint_interface") }</option>
                    </select>
                }) }
                { row(t(lang, "endpoint_service"), html! {
                    <select name="service" data-testid="vpce-service">
                        { for SERVICES.iter().enumerate().map(|(k, s)| html! { <option value={*s} selected={k == 0}>{ format!("com.amazonaws.{region}.{s}") }</option> }) }
                    </select>
                }) }
                { row(t(lang, "endpoint_tables"), html! { <span class="checks">{ for tables }</span> }) }
                { row(t(lang, "endpoint_subnets"), html! { <span class="checks">{ for subnets }</span> }) }
                <button data-testid="vpce-create" onclick={on_create}>{ t(lang, "create") }</button>
            </div>
        </>
    }
}

pub fn view(store: &Store, id: &str) -> Html {
    let lang = store.lang;
    let topo = store.now.topology.clone();
    let Some(e) = topo.vpc_endpoints.iter().find(|e| e.vpc_endpoint_id == id) else { return html! {} };
    let d = store.dispatcher();
    let delete = {
        let id = id.to_string();
        d.to_callback()
            .reform(move |_: MouseEvent| Action::Edit(Edit::DeleteVpcEndpoint { vpc_endpoint_id: id.clone() }))
    };
    let kind = match e.vpc_endpoint_type {
        EndpointType::Gateway => t(lang, "endpoint_gateway"),
        EndpointType::Interface => t(lang, "endpoint_interface"),
        EndpointType::GatewayLoadBalancer => "Gateway Load Balancer",
    };
    let enis = e
        .network_interface_ids
        .iter()
        .filter_map(|x| topo.network_interfaces.iter().find(|n| &n.network_interface_id == x));
    let eni_views = enis.map(|n| {
        let ips = n.private_ip_addresses.iter().map(|a| a.to_string()).collect::<Vec<_>>().join(", ");
        html! {
            <div class="endpoint-eni" data-eni={n.network_interface_id.clone()}>
                <p class="mono">{ format!("{} {} {ips}", n.network_interface_id, n.subnet_id) }</p>
                { groups_row(store, &n.network_interface_id, &n.groups, &n.subnet_id) }
            </div>
        }
    });
    let list = |v: &[String]| if v.is_empty() { "—".to_string() } else { v.join(", ") };
    // The VPC's tables (gateway, R9.1) or subnets (interface, R9.7), the endpoint's checked: Apply sends the
    // difference as ModifyVpcEndpoint.
    let gateway = e.vpc_endpoint_type == EndpointType::Gateway;
    let choices: Vec<(String, String)> = if gateway {
        topo.route_tables
            .iter()
            .filter(|r| r.vpc_id == e.vpc_id)
            .map(|r| (r.route_table_id.clone(), String::new()))
            .collect()
    } else {
        topo.subnets
            .iter()
            .filter(|s| s.vpc_id == e.vpc_id)
            .map(|s| (s.subnet_id.clone(), s.availability_zone.clone()))
            .collect()
    };
    let current = if gateway { e.route_table_ids.clone() } else { e.subnet_ids.clone() };
    let checks: Html = choices.iter().map(|(c, az)| {
        html! { <label class="mono"><input type="checkbox" name="pick" value={c.clone()} checked={current.contains(c)} data-testid={format!("vpce-pick-{c}")} />{ format!("{c} {az}") }</label> }
    }).collect();
    let on_apply = {
        let id = id.to_string();
        d.to_callback().reform(move |ev: MouseEvent| {
            let (add, remove) = changes(&current, &checked_values(&ev, "pick"));
            let none = Vec::new;
            let (tables, subnets) =
                if gateway { ((add, remove), (none(), none())) } else { ((none(), none()), (add, remove)) };
            Action::Edit(Edit::ModifyVpcEndpoint {
                vpc_endpoint_id: id.clone(),
                add_route_table_ids: tables.0,
                remove_route_table_ids: tables.1,
                add_subnet_ids: subnets.0,
                remove_subnet_ids: subnets.1,
            })
        })
    };
    let picker = html! {
        <span class="form checks">{ checks }<button class="small" data-testid="vpce-apply" onclick={on_apply}>{ t(lang, "apply") }</button></span>
    };
    html! {
        <div class="editor" key={format!("vpce-{id}")} data-testid="endpoint-editor">
            <h4>{ t(lang, "endpoint") }{ format!(" — {id}") }</h4>
            { row(t(lang, "endpoint_type"), html! { <span data-testid="vpce-kind">{ kind }</span> }) }
            { row(t(lang, "endpoint_service"), html! { <span class="mono">{ e.service_name.clone() }</span> }) }
            { row("VPC", html! { <span class="mono">{ e.vpc_id.clone() }</span> }) }
            { row(t(lang, "status"), html! { <span class="mono">{ e.state.clone() }</span> }) }
            { if gateway {
                row(t(lang, "endpoint_tables"), html! { <span class="mono" data-testid="vpce-tables">{ list(&e.route_table_ids) }</span> })
            } else {
                row(t(lang, "endpoint_subnets"), html! { <span class="mono" data-testid="vpce-subnets">{ list(&e.subnet_ids) }</span> })
            } }
            { picker }
            { for eni_views }
            <button class="danger" data-testid="vpce-delete" onclick={delete}>{ t(lang, "delete") }</button>
        </div>
    }
}
