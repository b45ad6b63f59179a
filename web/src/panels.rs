//! Everything around the canvas: the packet composer, playback controls, the hop list, the selected hop's
//! details (header in/out with changed fields highlighted, the deciding rule, the explanation), and the
//! state panels (traceroute, flow logs, connection tracking, NAT). Plain functions of the store rather than
//! components (each Yew component costs the wasm its own machinery; these re-render with the store anyway).

use vpc_core::packet::{Header, Protocol};
use vpc_core::reason::Lang;
use vpc_core::trace::{Hop, Trace, Verdict};
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::i18n::{action_label, kind_label, t};
use crate::state::{Action, HopFilter, Store};

fn select_value(e: &Event) -> String {
    e.target().and_then(|t| t.dyn_into::<HtmlSelectElement>().ok()).map(|s| s.value()).unwrap_or_default()
}

fn input_value(e: &Event) -> String {
    e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()).map(|s| s.value()).unwrap_or_default()
}

pub fn composer(store: &Store) -> Html {
    let lang = store.lang;
    let topo = &store.now.topology;
    // Instances, a host on the internet, and a host on premises behind each customer gateway with a VPN
    // (`canvas::probe_end`: clicking those nodes picks the same addresses).
    let mut instances: Vec<(String, String)> = topo
        .instances
        .iter()
        .map(|i| (i.instance_id.clone(), format!("{} ({})", i.name.clone().unwrap_or_default(), i.instance_id)))
        .collect();
    let internet = crate::canvas::INTERNET_HOST;
    instances.push((internet.to_string(), format!("{} ({internet})", t(lang, "internet"))));
    let on_prem = topo.customer_gateways.iter().map(|c| &c.customer_gateway_id);
    for id in on_prem.chain(topo.virtual_interfaces.iter().map(|v| &v.virtual_interface_id)) {
        let host = crate::canvas::probe_end(topo, id);
        if &host != id {
            instances.push((host.clone(), format!("{host} ({id})")));
        }
    }
    let options = |selected: &str| {
        instances
            .iter()
            .map(
                |(id, label)| html! { <option value={id.clone()} selected={id == selected}>{ label.clone() }</option> },
            )
            .collect::<Html>()
    };
    let on_src = store.dispatcher().to_callback().reform(|e: Event| Action::SetSource(select_value(&e)));
    let on_dst = store.dispatcher().to_callback().reform(|e: Event| Action::SetDestination(input_value(&e)));
    let on_proto = store
        .dispatcher()
        .to_callback()
        .reform(|e: Event| Action::SetProtocol(Protocol::parse(&select_value(&e)).unwrap_or(Protocol::TCP)));
    let on_port =
        store.dispatcher().to_callback().reform(|e: Event| Action::SetPort(input_value(&e).parse().unwrap_or(0)));
    let on_send = store.dispatcher().to_callback().reform(|_: MouseEvent| Action::Send);
    let proto = store.protocol.to_string();
    html! {
        <section class="composer" aria-label="composer">
            <label>{ t(lang, "source") }
                <select data-testid="source" onchange={on_src}>
                    { if store.source.is_empty() { html! { <option value="" selected=true>{ "—" }</option> } } else { html! {} } }
                    { options(&store.source) }
                </select>
            </label>
            <label>{ t(lang, "destination") }
                <input data-testid="destination" list="destinations" value={store.destination.clone()} onchange={on_dst} />
                <datalist id="destinations">
                    { for instances.iter().map(|(id, _)| html! { <option value={id.clone()} /> }) }
                    { for topo.load_balancers.iter().map(|l| html! { <option value={l.dns_name.clone()} /> }) }
                    <option value="8.8.8.8" />
                </datalist>
            </label>
            <label>{ t(lang, "protocol") }
                <select data-testid="protocol" onchange={on_proto}>
                    { for ["tcp", "udp", "icmp"].iter().map(|p| html! { <option value={*p} selected={proto == *p}>{ p.to_ascii_uppercase() }</option> }) }
                </select>
            </label>
            <label>{ t(lang, "port") }
                <input data-testid="port" type="number" min="0" max="65535" value={store.port.to_string()} onchange={on_port} />
            </label>
            <label class="check">
                <input data-testid="underlay" type="checkbox" checked={store.underlay}
                       onchange={store.dispatcher().to_callback().reform(|e: Event| Action::SetUnderlay(e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()).is_some_and(|i| i.checked())))} />
                { t(lang, "underlay") }
            </label>
            <button data-testid="send" class="primary" onclick={on_send}>{ t(lang, "send") }</button>
        </section>
    }
}

pub fn controls(store: &Store) -> Html {
    let lang = store.lang;
    let d = store.dispatcher();
    let n = store.timeline().len();
    html! {
        <section class="controls">
            <button data-testid="step-back" onclick={d.to_callback().reform(|_: MouseEvent| Action::Step(-1))} disabled={store.step == 0}>{ "◀ " }{ t(lang, "back") }</button>
            <button data-testid="play" onclick={d.to_callback().reform(|_: MouseEvent| Action::TogglePlay)} disabled={n == 0}>
                { if store.playing { t(lang, "pause") } else { t(lang, "play") } }
            </button>
            <button data-testid="step-forward" onclick={d.to_callback().reform(|_: MouseEvent| Action::Step(1))} disabled={n == 0 || store.step + 1 >= n}>{ t(lang, "forward") }{ " ▶" }</button>
            <label>{ t(lang, "speed") }
                <input type="range" min="1" max="8" value={store.speed.to_string()}
                       onchange={d.to_callback().reform(|e: Event| Action::SetSpeed(input_value(&e).parse().unwrap_or(2)))} />
            </label>
            <span class="counter">{ if n == 0 { String::new() } else { format!("{}/{}", store.step + 1, n) } }</span>
        </section>
    }
}

fn verdict(lang: Lang, t: &Trace) -> Html {
    let (class, word) = match t.verdict {
        Verdict::Delivered => ("ok", crate::i18n::t(lang, "delivered")),
        Verdict::Dropped => ("bad", crate::i18n::t(lang, "dropped")),
    };
    let reason = t.reason.map(|r| format!(" — {}: {}", r.code(), r.explain(lang))).unwrap_or_default();
    html! { <div class={classes!("verdict", class)} data-testid="verdict">{ word }{ reason }</div> }
}

pub fn hop_list(store: &Store) -> Html {
    let lang = store.lang;
    let Some(ex) = store.exchange.clone() else {
        return html! { <section class="hops"><p class="hint">{ t(lang, "no_trace") }</p></section> };
    };
    let d = store.dispatcher();
    let timeline = store.timeline();
    let filter = store.hop_filter;
    // Indices stay the timeline's, so a filtered row still steps the packet to that hop.
    let shown = timeline.iter().enumerate().filter(|(_, (reply, h))| match filter {
        HopFilter::All => true,
        HopFilter::Forward => !reply,
        HopFilter::Reply => *reply,
        HopFilter::Drops => matches!(h.action, vpc_core::trace::Action::Dropped | vpc_core::trace::Action::Denied),
    });
    let rows = shown.map(|(i, (reply, h))| {
        let class = classes!("hop", reply.then_some("reply"), (i == store.step).then_some("current"), format!("action-{:?}", h.action).to_ascii_lowercase());
        let rule = h.rule.as_ref().map(|r| r.text.to_string()).unwrap_or_default();
        let (kind, action) = (kind_label(lang, h.component.kind), action_label(lang, h.action));
        html! {
            <li class={class} data-hop={i.to_string()} onclick={d.to_callback().reform(move |_: MouseEvent| Action::SetStep(i))}>
                <span class="kind">{ kind }</span>
                <span class="id">{ h.component.name.clone().unwrap_or_else(|| h.component.id.clone()).to_string() }</span>
                <span class="action">{ action }</span>
                <span class="rule">{ rule }</span>
            </li>
        }
    });
    let filters = [
        (HopFilter::All, "all", "filter_all"),
        (HopFilter::Forward, "forward", "filter_forward"),
        (HopFilter::Reply, "reply", "filter_reply"),
        (HopFilter::Drops, "drops", "filter_drops"),
    ]
    .into_iter()
    .map(|(f, name, key)| {
        let onclick = d.to_callback().reform(move |_: MouseEvent| Action::SetHopFilter(f));
        html! { <button class={classes!((filter == f).then_some("on"))} data-filter={name} onclick={onclick}>{ t(lang, key) }</button> }
    });
    html! {
        <section class="hops">
            <h3>{ t(lang, "request") }</h3>
            { verdict(lang, &ex.forward) }
            { ex.reply.as_ref().map(|r| html! { <><h3>{ t(lang, "reply") }</h3>{ verdict(lang, r) }</> }).unwrap_or_default() }
            <h3>{ t(lang, "hops") }</h3>
            <div class="hop-filter" role="group" data-testid="hop-filter">{ for filters }</div>
            <ol class="hop-list" data-testid="hop-list">{ for rows }</ol>
        </section>
    }
}

fn header_rows(lang: Lang, a: &Header, b: &Header) -> Html {
    let fields = [
        ("src", a.src.to_string(), b.src.to_string()),
        ("dst", a.dst.to_string(), b.dst.to_string()),
        ("protocol", a.protocol.to_string(), b.protocol.to_string()),
        ("src_port", a.src_port.to_string(), b.src_port.to_string()),
        ("dst_port", a.dst_port.to_string(), b.dst_port.to_string()),
        ("ttl", a.ttl.to_string(), b.ttl.to_string()),
        ("length", a.length.to_string(), b.length.to_string()),
    ];
    html! {
        <table class="header-diff" data-testid="header-diff">
            <tr><th>{ t(lang, "field") }</th><th>{ t(lang, "header_in") }</th><th>{ t(lang, "header_out") }</th></tr>
            { for fields.into_iter().map(|(name, x, y)| {
                let changed = x != y;
                html! { <tr class={classes!(changed.then_some("changed"))} data-field={name}><td>{ name }</td><td>{ x }</td><td>{ y }</td></tr> }
            }) }
        </table>
    }
}

pub fn hop_detail(store: &Store) -> Html {
    let lang = store.lang;
    let timeline = store.timeline();
    let Some((reply, hop)) = timeline.get(store.step) else { return html! {} };
    let hop: &Hop = hop;
    let trace = store.exchange.as_ref().and_then(|ex| if *reply { ex.reply.as_ref() } else { Some(&ex.forward) });
    let is_drop = hop.action == vpc_core::trace::Action::Dropped;
    let why = trace.filter(|_| is_drop).and_then(|t| t.reason).map(|r| {
        html! {
            <p class="why" data-testid="why"><strong>{ r.code() }</strong>{ " — " }{ r.explain(lang) }</p>
        }
    });
    html! {
        <section class="detail" data-testid="hop-detail">
            <h3>{ format!("#{} {} {}", hop.seq, hop.component.id, hop.az.clone().unwrap_or_default()) }</h3>
            { header_rows(lang, &hop.header_in, &hop.header_out) }
            { hop.rule.as_ref().map(|r| {
                // The deciding rule opens its owner (route table, SG, NACL…) with the rule highlighted.
                let (owner, key) = (r.owner.to_string(), r.key.to_string());
                let open = store.dispatcher().to_callback().reform(move |_: MouseEvent| Action::SelectRule(owner.clone(), key.clone()));
                html! { <p class="rule"><strong>{ t(lang, "rule") }{ ": " }</strong>
                    <button class="rule-link" data-testid="rule-owner" title={t(lang, "open_rule")} onclick={open}>{ format!("{} — {}", r.owner, r.text) }</button></p> }
            }).unwrap_or_default() }
            { for why }
            { hop.underlay.as_ref().map(|u| html! {
                <div class="underlay" data-testid="underlay-notes"><strong>{ u.device.clone() }</strong>
                    <ul>{ for u.notes.iter().map(|n| html! { <li>{ vpc_core::dataplane::note_in(n, lang) }</li> }) }</ul>
                </div>
            }).unwrap_or_default() }
        </section>
    }
}

pub fn state_panels(store: &Store) -> Html {
    let lang = store.lang;
    let ex = store.exchange.clone();
    let route = ex.as_ref().map(|ex| {
        ex.forward
            .traceroute
            .iter()
            .map(|h| html! { <li>{ format!("{:>2}  {}  {}", h.ttl, h.address, h.label) }</li> })
            .collect::<Html>()
    });
    let logs = ex.as_ref().map(|ex| {
        ex.forward
            .flow_logs
            .iter()
            .chain(ex.reply.iter().flat_map(|r| r.flow_logs.iter()))
            .map(|r| html! { <li><code>{ r.line() }</code></li> })
            .collect::<Html>()
    });
    html! {
        <section class="panels">
            <details open=true>
                <summary>{ t(lang, "traceroute") }</summary>
                <ol class="mono" data-testid="traceroute">{ route.unwrap_or_default() }</ol>
            </details>
            <details>
                <summary>{ t(lang, "flow_logs") }</summary>
                <ul class="mono" data-testid="flow-logs">{ logs.unwrap_or_default() }</ul>
            </details>
            <details>
                <summary>{ t(lang, "state") }</summary>
                <ul class="mono">
                    { for store.connections.iter().map(|c| html! { <li>{ format!("{} {}:{} ↔ {}:{} p{} {}", c.interface_id, c.local, c.local_port, c.remote, c.remote_port, c.protocol, if c.tracked { "tracked" } else { "untracked" }) }</li> }) }
                    { for store.translations.iter().map(|n| html! { <li>{ format!("{} {}:{} → {}:{} ⇢ {}:{}", n.translator, n.inside, n.inside_port, n.outside, n.outside_port, n.destination, n.destination_port) }</li> }) }
                </ul>
            </details>
        </section>
    }
}
