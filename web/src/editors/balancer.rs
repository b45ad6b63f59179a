//! Load balancers (elbv2): the draft that creates one from a palette drop (name, ALB or NLB, scheme, one subnet
//! per AZ, security groups), and its editor: nodes (one ENI per subnet, where the trace's hops happen), DNS
//! name (a packet's destination), listeners (add, delete), the target groups of its VPC with their targets
//! (create, register, deregister, delete), delete. The core's refusals name the elbv2 API error.

use vpc_core::edit::{listener_protocols, Edit};
use vpc_core::model::{LoadBalancer, LoadBalancerType, Scheme, TargetType};
use vpc_core::Topology;
use yew::prelude::*;

use super::form::{checked_values, field, not_a, row};
use crate::i18n::t;
use crate::state::{Action, Store};

/// A load balancer by name or ARN (the edits accept both).
pub fn find<'a>(topo: &'a Topology, id: &str) -> Option<&'a LoadBalancer> {
    topo.load_balancers.iter().find(|l| l.load_balancer_name == id || l.load_balancer_arn == id)
}

/// The load balancer a node ENI belongs to.
pub fn owner_of_eni(topo: &Topology, eni: &str) -> Option<String> {
    let lb = topo.load_balancers.iter().find(|l| l.network_interface_ids.iter().any(|e| e == eni))?;
    Some(lb.load_balancer_name.clone())
}

fn kind_name(kind: LoadBalancerType) -> &'static str {
    match kind {
        LoadBalancerType::Application => "lb_application",
        LoadBalancerType::Network => "lb_network",
        LoadBalancerType::Gateway => "Gateway",
    }
}

/// Options of a `<select>`, the first one selected (Yew inserts options last to first).
fn options<'a>(values: impl Iterator<Item = (&'a str, String)>) -> Html {
    values
        .enumerate()
        .map(|(k, (v, label))| html! { <option value={v.to_string()} selected={k == 0}>{ label }</option> })
        .collect()
}

/// The form a load balancer dropped into `subnet_id` opens: that subnet is checked; one per AZ (the core checks).
pub fn draft(store: &Store, subnet_id: &str) -> Html {
    let lang = store.lang;
    let topo = &store.now.topology;
    let d = store.dispatcher();
    let vpc_id = topo.subnets.iter().find(|s| s.subnet_id == subnet_id).map(|s| s.vpc_id.clone()).unwrap_or_default();
    let n = topo.load_balancers.len() + 1;
    let on_create = d.to_callback().reform(move |e: MouseEvent| {
        let network = field(&e, "type") == "network";
        Action::Create(Edit::CreateLoadBalancer {
            name: field(&e, "name"),
            kind: if network { LoadBalancerType::Network } else { LoadBalancerType::Application },
            scheme: if field(&e, "scheme") == "internal" { Scheme::Internal } else { Scheme::InternetFacing },
            subnet_ids: checked_values(&e, "subnet"),
            security_groups: checked_values(&e, "sg"),
        })
    });
    let subnets = topo.subnets.iter().filter(|s| s.vpc_id == vpc_id).map(|s| {
        let id = s.subnet_id.clone();
        html! { <label class="mono"><input type="checkbox" name="subnet" value={id.clone()} checked={id == subnet_id} data-testid={format!("lb-subnet-{id}")} />{ format!("{id} {}", s.availability_zone) }</label> }
    });
    let groups = topo.security_groups.iter().filter(|g| g.vpc_id == vpc_id).map(|g| {
        let id = g.group_id.clone();
        html! { <label class="mono"><input type="checkbox" name="sg" value={id.clone()} checked={g.is_default()} />{ format!("{id} {}", g.group_name) }</label> }
    });
    let cancel = d.to_callback().reform(|_: MouseEvent| Action::Draft(None));
    html! {
        <div class="draft form" key={format!("draft-lb-{subnet_id}")} data-testid="draft-lb">
            <h4>{ t(lang, "new_lb") }{ format!(" — {vpc_id}") }</h4>
            { row(t(lang, "name"), html! { <input name="name" data-testid="lb-name" value={format!("lb-{n}")} /> }) }
            { row(t(lang, "endpoint_type"), html! {
                <select name="type" data-testid="lb-type">
                    { options(["application", "network"].into_iter().zip([LoadBalancerType::Application, LoadBalancerType::Network]).map(|(v, k)| (v, t(lang, kind_name(k)).to_string()))) }
                </select>
            }) }
            { row(t(lang, "lb_scheme"), html! {
                <select name="scheme" data-testid="lb-scheme">
                    { options([("internet-facing", t(lang, "lb_internet_facing").to_string()), ("internal", t(lang, "lb_internal").to_string())].into_iter()) }
                </select>
            }) }
            { row(t(lang, "subnets_per_az"), html! { <span class="checks">{ for subnets }</span> }) }
            { row(t(lang, "security_groups"), html! { <span class="checks">{ for groups }</span> }) }
            <button class="primary" data-testid="draft-create" onclick={on_create}>{ t(lang, "create") }</button>
            <button onclick={cancel}>{ t(lang, "cancel") }</button>
        </div>
    }
}

pub fn view(store: &Store, id: &str) -> Html {
    let lang = store.lang;
    let topo = store.now.topology.clone();
    let Some(lb) = find(&topo, id) else { return html! {} };
    let d = store.dispatcher();
    let name = lb.load_balancer_name.clone();
    // Edits built when clicked, from the values captured here.
    let edit = |make: Box<dyn Fn(&MouseEvent) -> Action>| d.to_callback().reform(move |e: MouseEvent| make(&e));
    let nodes = lb.network_interface_ids.iter().filter_map(|e| topo.network_interfaces.iter().find(|n| &n.network_interface_id == e)).map(|n| {
        let ip = n.primary_ip().map(|a| a.to_string()).unwrap_or_default();
        let public = n.public_ip.map(|p| format!(" / {p}")).unwrap_or_default();
        html! { <li class="mono" data-lb-node={n.network_interface_id.clone()}>{ format!("{} {} {ip}{public}", n.network_interface_id, n.subnet_id) }</li> }
    });
    let groups: Vec<_> = topo.target_groups.iter().filter(|g| g.vpc_id == lb.vpc_id).collect();
    let group_name = |arn: &str| {
        topo.target_groups
            .iter()
            .find(|g| g.target_group_arn == arn)
            .map_or(arn.to_string(), |g| g.target_group_name.clone())
    };
    let listeners = lb.listeners.iter().map(|l| {
        let (lb_name, port) = (name.clone(), l.port);
        let del = edit(Box::new(move |_| Action::Edit(Edit::DeleteListener { load_balancer: lb_name.clone(), port })));
        let text = format!("{}:{} → {}", l.protocol, l.port, group_name(&l.target_group_arn));
        // The listener a hop's deciding rule names (its key is the port) is highlighted.
        let lit = store.highlight.as_deref() == Some(l.port.to_string().as_str());
        html! { <li class={classes!("mono", lit.then_some("highlight"))} data-listener={l.port.to_string()}>{ text }
            <button class="small" data-testid={format!("listener-delete-{}", l.port)} title={t(lang, "delete")} onclick={del}>{ "×" }</button></li> }
    });
    let on_listener = {
        let lb_name = name.clone();
        edit(Box::new(move |e| {
            let text = field(e, "port");
            let Ok(port) = text.parse() else {
                return Action::Error(Some(not_a(&lb_name, "Port", &text, "a port (1-65535)")));
            };
            Action::Edit(Edit::CreateListener {
                load_balancer: lb_name.clone(),
                protocol: field(e, "protocol"),
                port,
                target_group: field(e, "group"),
            })
        }))
    };
    let protocols = listener_protocols(lb.r#type).iter().map(|p| (*p, p.to_string()));
    let group_options =
        || {
            options(groups.iter().map(|g| {
                (g.target_group_name.as_str(), format!("{} ({}:{})", g.target_group_name, g.protocol, g.port))
            }))
        };
    let instances: Vec<(String, String)> = topo
        .instances
        .iter()
        .filter(|i| {
            let subnet = topo.primary_interface(&i.instance_id).map(|n| n.subnet_id.as_str());
            topo.subnets.iter().any(|s| Some(s.subnet_id.as_str()) == subnet && s.vpc_id == lb.vpc_id)
        })
        .map(|i| (i.instance_id.clone(), i.name.clone().unwrap_or_default()))
        .collect();
    let group_views = groups.iter().map(|g| {
        let tg = g.target_group_name.clone();
        let targets = g.targets.iter().map(|x| {
            let (tg, target) = (tg.clone(), (x.id.clone(), Some(x.port)));
            let del = edit(Box::new(move |_| Action::Edit(Edit::DeregisterTargets { target_group: tg.clone(), targets: vec![target.clone()] })));
            html! { <li class="mono" data-target={x.id.clone()}>{ format!("{}:{}", x.id, x.port) }
                <button class="small" data-testid={format!("target-delete-{}", x.id)} title={t(lang, "delete")} onclick={del}>{ "×" }</button></li> }
        });
        let on_register = {
            let tg = tg.clone();
            edit(Box::new(move |e| {
                let port = field(e, "target-port").parse().ok();
                Action::Edit(Edit::RegisterTargets { target_group: tg.clone(), targets: vec![(field(e, "target"), port)] })
            }))
        };
        let target_input = if g.target_type == TargetType::Instance {
            html! { <select name="target" data-testid={format!("target-pick-{tg}")}>{ options(instances.iter().map(|(i, n)| (i.as_str(), format!("{i} {n}")))) }</select> }
        } else {
            html! { <input name="target" data-testid={format!("target-pick-{tg}")} placeholder="10.0.1.20" /> }
        };
        let del = {
            let tg = tg.clone();
            edit(Box::new(move |_| Action::Edit(Edit::DeleteTargetGroup { target_group: tg.clone() })))
        };
        html! {
            <div class="target-group" data-target-group={tg.clone()}>
                <h5>{ format!("{tg} — {}:{} ({})", g.protocol, g.port, format!("{:?}", g.target_type).to_ascii_lowercase()) }
                    <button class="small" data-testid={format!("tg-delete-{tg}")} title={t(lang, "delete")} onclick={del}>{ "×" }</button></h5>
                <ul class="plain">{ for targets }</ul>
                <div class="form">
                    { target_input }
                    <input name="target-port" class="port" placeholder={g.port.to_string()} />
                    <button data-testid={format!("target-register-{tg}")} onclick={on_register}>{ t(lang, "register") }</button>
                </div>
            </div>
        }
    });
    let on_new_group = {
        let vpc_id = lb.vpc_id.clone();
        let kind = lb.r#type;
        edit(Box::new(move |e| {
            let text = field(e, "tg-port");
            let Ok(port) = text.parse() else {
                return Action::Error(Some(not_a(&vpc_id, "Port", &text, "a port (1-65535)")));
            };
            let default_protocol = if kind == LoadBalancerType::Network { "TCP" } else { "HTTP" };
            Action::Edit(Edit::CreateTargetGroup {
                name: field(e, "tg-name"),
                protocol: default_protocol.to_string(),
                port,
                target_type: if field(e, "tg-type") == "ip" { TargetType::Ip } else { TargetType::Instance },
                vpc_id: vpc_id.clone(),
            })
        }))
    };
    let delete = {
        let lb_name = name.clone();
        edit(Box::new(move |_| Action::Edit(Edit::DeleteLoadBalancer { name: lb_name.clone() })))
    };
    let scheme = match lb.scheme {
        Scheme::Internal => "lb_internal",
        Scheme::InternetFacing => "lb_internet_facing",
    };
    html! {
        <div class="editor" key={format!("lb-{name}")} data-testid="lb-editor">
            <h4>{ t(lang, "lb") }{ format!(" — {name}") }</h4>
            { row(t(lang, "endpoint_type"), html! { <span>{ format!("{} · {}", t(lang, kind_name(lb.r#type)), t(lang, scheme)) }</span> }) }
            { row(t(lang, "lb_dns"), html! { <span class="mono" data-testid="lb-dns">{ lb.dns_name.clone() }</span> }) }
            { row("VPC", html! { <span class="mono">{ format!("{} {}", lb.vpc_id, lb.security_groups.join(", ")) }</span> }) }
            <p class="hint">{ t(lang, "lb_hint") }</p>
            <h4>{ t(lang, "lb_nodes") }</h4>
            <ul class="plain">{ for nodes }</ul>
            <h4>{ t(lang, "listeners") }</h4>
            <ul class="plain" data-testid="listeners">{ for listeners }</ul>
            <div class="form">
                <select name="protocol" data-testid="listener-protocol">{ options(protocols) }</select>
                <input name="port" class="port" data-testid="listener-port" value="80" />
                <select name="group" data-testid="listener-group">{ group_options() }</select>
                <button data-testid="listener-add" onclick={on_listener}>{ t(lang, "add_listener") }</button>
            </div>
            <h4>{ t(lang, "target_groups") }</h4>
            { for group_views }
            <div class="form" data-testid="tg-form">
                <input name="tg-name" data-testid="tg-name" value={format!("tg-{}", topo.target_groups.len() + 1)} />
                <input name="tg-port" class="port" data-testid="tg-port" value="80" />
                <select name="tg-type">{ options([("instance", t(lang, "target_instances").to_string()), ("ip", t(lang, "target_ips").to_string())].into_iter()) }</select>
                <button data-testid="tg-create" onclick={on_new_group}>{ t(lang, "new_target_group") }</button>
            </div>
            <button class="danger" data-testid="lb-delete" onclick={delete}>{ t(lang, "delete") }</button>
        </div>
    }
}
