//! The reachability panel: every source interface to every destination for one protocol and port, decided by
//! the engine over equivalence classes (`vpc_core::reach`) in the worker, so a large account does not stall
//! the page. It lists the pairs that cannot connect with the drop reason and the leg; a click on one sends
//! its representative packet so the hop list shows why.

use vpc_core::packet::Protocol;
use vpc_core::reason::Reason;
use vpc_core::Topology;
use yew::prelude::*;

use crate::editors::form::field;
use crate::i18n::t;
use crate::import_worker;
use crate::state::{Action, Reached, Store};
use std::rc::Rc;

/// Rows shown at most (the summary counts them all).
const SHOWN: usize = 200;

/// The instance an interface belongs to (what the composer sends from), else the interface itself.
fn endpoint(topo: &Topology, eni: &str) -> String {
    let owner = topo.instances.iter().find(|i| i.network_interfaces.first().is_some_and(|e| e == eni));
    owner.map_or_else(|| eni.to_string(), |i| i.instance_id.clone())
}

/// A plain function of the store rather than a component: one Yew component less in the wasm.
pub fn view(store: &Store) -> Html {
    let lang = store.lang;
    let d = store.dispatcher();
    let on_run = {
        let (d, now) = (d.clone(), store.now.topology.clone());
        Callback::from(move |e: MouseEvent| {
            let (d, topology) = (d.clone(), now.clone());
            let port = field(&e, "port").parse().unwrap_or(0);
            let protocol = Protocol::parse(&field(&e, "protocol")).unwrap_or(Protocol::TCP);
            import_worker::reach(&now, &protocol.to_string(), port, move |lines| {
                d.dispatch(Action::Reached(Rc::new(Reached { topology, protocol, port, lines })))
            });
        })
    };
    let body = match store.reach.as_deref() {
        None => html! {},
        Some(Reached { lines: Err(msg), .. }) => html! { <p class="inline-error">{ msg.clone() }</p> },
        Some(Reached { topology: at, protocol, port, lines: Ok(text) }) => {
            let mut lines = text.lines();
            let head: Vec<u64> = lines.next().unwrap_or_default().split(' ').filter_map(|n| n.parse().ok()).collect();
            let [interfaces, classes, total, reachable, unreachable] = head[..] else { return html! {} };
            let stale = !Rc::ptr_eq(at, &store.now.topology);
            let topo = &store.now.topology;
            let rows = lines.take(SHOWN).map(|line| {
                let cols: Vec<&str> = line.split('\t').collect();
                let [from, to, pairs, leg, why] = cols[..] else { return html! {} };
                let (from, to) = (endpoint(topo, from), endpoint(topo, to));
                let explained = Reason::ALL.iter().find(|r| r.code() == why).map(|r| r.explain(lang)).unwrap_or(why);
                let leg = if leg == "return" { t(lang, "reply") } else { t(lang, "request") };
                let send = {
                    let (d, from, to, protocol, port) = (d.clone(), from.clone(), to.clone(), *protocol, *port);
                    Callback::from(move |_: MouseEvent| {
                        d.dispatch(Action::SetSource(from.clone()));
                        d.dispatch(Action::SetDestination(to.clone()));
                        d.dispatch(Action::SetProtocol(protocol));
                        d.dispatch(Action::SetPort(port));
                        d.dispatch(Action::Send);
                    })
                };
                html! {
                    <li class="unreachable" data-reach={format!("{from}>{to}")} data-code={why.to_string()} onclick={send}>
                        <span class="mono">{ format!("{from} → {to} ×{pairs}") }</span>{ format!(" {leg}: {why} — {explained}") }
                    </li>
                }
            });
            let summary = format!(
                "{reachable}/{total} {} · {unreachable} {} · {interfaces} {} / {classes} {}",
                t(lang, "reach_ok"),
                t(lang, "reach_blocked"),
                t(lang, "reach_interfaces"),
                t(lang, "reach_classes")
            );
            html! {
                <>
                    <p data-testid="reach-summary">{ summary }</p>
                    { if stale { html! { <p class="hint">{ t(lang, "reach_stale") }</p> } } else { html! {} } }
                    <ul class="plain" data-testid="reach-results">{ for rows }</ul>
                </>
            }
        }
    };
    html! {
        <details class="reachability" open={store.reach.is_some()}>
            <summary>{ t(lang, "reachability") }</summary>
            <p class="hint">{ t(lang, "reach_hint") }</p>
            <div class="form">
                <select name="protocol" data-testid="reach-protocol">
                    { for ["tcp", "udp", "icmp"].iter().map(|p| html! { <option value={*p} selected={*p == "tcp"}>{ p.to_ascii_uppercase() }</option> }) }
                </select>
                <input name="port" class="port" data-testid="reach-port" value="443" />
                <button data-testid="reach-run" onclick={on_run}>{ t(lang, "reach_run") }</button>
            </div>
            { body }
        </details>
    }
}
