//! The SVG diagram: nested containers, draggable nodes, the palette (drop VPCs, subnets, instances and
//! gateways; see `palette`), the connect gesture (drag a VPC's handle onto another VPC to request a peering,
//! or onto a transit gateway to attach the VPC), peering and TGW attachment links, the packet moving hop by hop and the path it took (forward and reply in their own colours).

use std::rc::Rc;

use vpc_core::trace::Verdict;
use web_sys::{Element, PointerEvent, SvgGraphicsElement};
use yew::prelude::*;

use crate::i18n::t;
use crate::layout::{layout, Layout, Shape};
use crate::palette::{connect_action, drop_action, Item};
use crate::state::{Action, Store};

#[derive(Clone, PartialEq)]
enum Drag {
    /// Moving a node: its id and the grab offset.
    Node { id: String, dx: f64, dy: f64, moved: bool, shift: bool },
    /// Dragging a new resource from the palette; the ghost's position.
    Palette { item: Item, x: f64, y: f64 },
    /// Dragging from a VPC's handle: the line from the handle to the pointer.
    Connect { from: String, x0: f64, y0: f64, x: f64, y: f64 },
}

/// Client coordinates → SVG user coordinates (inverse screen CTM).
fn to_svg(svg: &NodeRef, e: &PointerEvent) -> Option<(f64, f64)> {
    let el: SvgGraphicsElement = svg.cast::<SvgGraphicsElement>()?;
    let m = el.get_screen_ctm()?.inverse().ok()?;
    let (cx, cy) = (f64::from(e.client_x()), f64::from(e.client_y()));
    let x = f64::from(m.a()) * cx + f64::from(m.c()) * cy + f64::from(m.e());
    let y = f64::from(m.b()) * cx + f64::from(m.d()) * cy + f64::from(m.f());
    Some((x, y))
}

/// A host on the internet (TEST-NET-2, RFC 5737) the internet node stands for.
pub const INTERNET_HOST: &str = "198.51.100.7";

/// What clicking a node sends from (or, with shift, to): the node itself; for the internet node a host on
/// the internet; for a customer gateway (or a Direct Connect interface) a host (.10) in the first on-premises
/// prefix of its VPN connections (or of what it advertises): the engine lets a packet from there enter through
/// that VPN or VIF (R14.2, R14.7).
pub fn probe_end(t: &vpc_core::Topology, id: &str) -> String {
    if id == "internet" {
        return INTERNET_HOST.to_string();
    }
    let vpn = t.vpn_connections.iter().filter(|v| v.customer_gateway_id == id).flat_map(|v| &v.routes);
    let vif = t.virtual_interfaces.iter().filter(|v| v.virtual_interface_id == id).flat_map(|v| &v.advertised_routes);
    let prefix = vpn.chain(vif).next();
    let host = prefix.and_then(|p| match p.network() {
        std::net::IpAddr::V4(a) => Some(std::net::IpAddr::V4(u32::from(a).saturating_add(10).into())),
        std::net::IpAddr::V6(_) => None,
    });
    match (prefix, host) {
        (Some(p), Some(h)) if p.contains(&h) => h.to_string(),
        _ => id.to_string(),
    }
}

fn capture(svg: &NodeRef, e: &PointerEvent) {
    if let Some(el) = svg.cast::<Element>() {
        let _ = el.set_pointer_capture(e.pointer_id());
    }
}

/// Where the packet is drawn for each hop: the hop's own node, or the last drawn one before it.
pub fn anchors(l: &Layout, ids: &[&str]) -> Vec<(f64, f64)> {
    let mut last = l.node("internet").map(|n| n.rect.center()).unwrap_or((0.0, 0.0));
    ids.iter()
        .map(|id| {
            if let Some(n) = l.stop(id) {
                last = n.rect.center();
            }
            last
        })
        .collect()
}

fn points_attr(points: &[(f64, f64)]) -> String {
    points.iter().map(|(x, y)| format!("{},{}", num(*x), num(*y))).collect::<Vec<_>>().join(" ")
}

/// A coordinate as SVG text, to a tenth. Written with integers: `core::fmt`'s float formatting (Grisu and
/// Dragon with their tables) would cost the page's wasm about 5 KB gzipped for nothing a diagram needs.
fn num(v: f64) -> String {
    let tenths = (v * 10.0).round() as i64;
    let (sign, t) = if tenths < 0 { ("-", -tenths) } else { ("", tenths) };
    match t % 10 {
        0 => format!("{sign}{}", t / 10),
        d => format!("{sign}{}.{d}", t / 10),
    }
}

#[component]
pub fn Canvas() -> Html {
    let store = use_context::<Store>();
    let svg = use_node_ref();
    let drag = use_state(|| None::<Drag>);
    // Zoom scales the drawing, not the model: pointer positions go through the screen CTM, so dragging and
    // dropping keep working at any zoom. Pan is the scroll area's own.
    let zoom = use_state(|| 1.0_f64);
    let Some(store) = store else { return html! {} };
    let lang = store.lang;
    let l: Rc<Layout> = {
        let (t, p) = (store.now.topology.clone(), store.now.positions.clone());
        use_memo((t, p), |(t, p)| layout(t, p))
    };

    let on_node_down = {
        let (svg, drag, store) = (svg.clone(), drag.clone(), store.clone());
        move |id: String, rx: f64, ry: f64| {
            let (svg, drag, store) = (svg.clone(), drag.clone(), store.clone());
            Callback::from(move |e: PointerEvent| {
                e.stop_propagation();
                capture(&svg, &e);
                if let Some((x, y)) = to_svg(&svg, &e) {
                    store.dispatch(Action::BeginMove);
                    drag.set(Some(Drag::Node {
                        id: id.clone(),
                        dx: x - rx,
                        dy: y - ry,
                        moved: false,
                        shift: e.shift_key(),
                    }));
                }
            })
        }
    };
    let on_palette_down = {
        let (svg, drag) = (svg.clone(), drag.clone());
        move |item: Item| {
            let (svg, drag) = (svg.clone(), drag.clone());
            Callback::from(move |e: PointerEvent| {
                capture(&svg, &e);
                if let Some((x, y)) = to_svg(&svg, &e) {
                    drag.set(Some(Drag::Palette { item, x, y }));
                }
            })
        }
    };
    let on_handle_down = {
        let (svg, drag) = (svg.clone(), drag.clone());
        move |from: String| {
            let (svg, drag) = (svg.clone(), drag.clone());
            Callback::from(move |e: PointerEvent| {
                e.stop_propagation();
                capture(&svg, &e);
                if let Some((x, y)) = to_svg(&svg, &e) {
                    drag.set(Some(Drag::Connect { from: from.clone(), x0: x, y0: y, x, y }));
                }
            })
        }
    };
    let on_move = {
        let (svg, drag, store) = (svg.clone(), drag.clone(), store.clone());
        Callback::from(move |e: PointerEvent| {
            let Some((x, y)) = to_svg(&svg, &e) else { return };
            match (*drag).clone() {
                Some(Drag::Node { id, dx, dy, shift, .. }) => {
                    store.dispatch(Action::Move(id.clone(), x - dx, y - dy));
                    drag.set(Some(Drag::Node { id, dx, dy, moved: true, shift }));
                }
                Some(Drag::Palette { item, .. }) => drag.set(Some(Drag::Palette { item, x, y })),
                Some(Drag::Connect { from, x0, y0, .. }) => drag.set(Some(Drag::Connect { from, x0, y0, x, y })),
                None => {}
            }
        })
    };
    let on_up = {
        let (svg, drag, store, l) = (svg.clone(), drag.clone(), store.clone(), l.clone());
        let topo = store.now.topology.clone();
        Callback::from(move |e: PointerEvent| {
            let at = to_svg(&svg, &e);
            match ((*drag).clone(), at) {
                (Some(Drag::Node { id, moved: false, shift, .. }), _) => {
                    // A click: pick the packet's source (shift: its destination).
                    store.dispatch(Action::CancelMove);
                    let end = probe_end(&topo, &id);
                    store.dispatch(if shift { Action::SetDestination(end) } else { Action::SetSource(end) });
                    store.dispatch(Action::Select(Some(id)));
                }
                (Some(Drag::Node { id, moved: true, .. }), Some((x, y))) => {
                    // An instance dropped into another subnet moves there (the core checks the move).
                    let target = l.subnet_at(x, y).map(|n| n.id.clone());
                    if let (Some(from), Some(to)) = (topo.primary_interface(&id).map(|e| &e.subnet_id), target) {
                        if *from != to {
                            store.dispatch(Action::MoveInto(id, to));
                        }
                    }
                }
                (Some(Drag::Palette { item, .. }), Some((x, y))) => store.dispatch(drop_action(item, &l, x, y, lang)),
                (Some(Drag::Connect { from, .. }), Some((x, y))) => {
                    store.dispatch(connect_action(&from, &topo, &l, x, y, lang))
                }
                _ => {}
            }
            drag.set(None);
        })
    };

    // The packet: where the current hop happens, and the path so far (forward and reply apart).
    let timeline = store.timeline();
    let ids: Vec<&str> = timeline.iter().map(|(_, h)| h.component.id.as_str()).collect();
    let points = anchors(&l, &ids);
    let packet = timeline.get(store.step).zip(points.get(store.step)).map(|((reply, hop), (x, y))| {
        let class = classes!("packet", reply.then_some("reply"), (hop.action == vpc_core::trace::Action::Dropped).then_some("dropped"));
        html! { <circle class={class} data-testid="packet" r="9" style={format!("transform: translate({}px, {}px)", num(*x), num(*y))} /> }
    });
    let shown = (store.step + 1).min(points.len());
    let forward_trail: Vec<(f64, f64)> =
        timeline.iter().zip(&points).take(shown).filter(|((reply, _), _)| !reply).map(|(_, p)| *p).collect();
    let reply_trail: Vec<(f64, f64)> =
        timeline.iter().zip(&points).take(shown).filter(|((reply, _), _)| *reply).map(|(_, p)| *p).collect();
    let dropped_at = store.exchange.as_ref().and_then(|ex| {
        let last = if ex.forward.verdict == Verdict::Dropped {
            Some(&ex.forward)
        } else {
            ex.reply.as_ref().filter(|r| r.verdict == Verdict::Dropped)
        };
        let id: &str = last.and_then(|t| t.hops.last()).map(|h| &*h.component.id)?;
        Some(l.stop(id).map_or(id, |n| n.id.as_str()).to_string())
    });

    let select =
        |id: String| store.dispatcher().to_callback().reform(move |_: MouseEvent| Action::Select(Some(id.clone())));
    let nodes = l.nodes.iter().map(|n| {
        let r = n.rect;
        let is_endpoint = n.id == store.source || n.id == store.destination;
        let class = classes!(
            "node",
            format!("shape-{:?}", n.shape).to_ascii_lowercase(),
            is_endpoint.then_some("endpoint"),
            (store.selected.as_deref() == Some(n.id.as_str())).then_some("selected"),
            (dropped_at.as_deref() == Some(n.id.as_str())).then_some("drop-site")
        );
        match n.shape {
            _ if n.shape.is_stop() => {
                let down = on_node_down(n.id.clone(), r.x, r.y);
                html! {
                    <g key={n.id.clone()} class={class} data-node={n.id.clone()} transform={format!("translate({} {})", num(r.x), num(r.y))} onpointerdown={down}>
                        <rect class="body" width={num(r.w)} height={num(r.h)} rx="8" />
                        <image href={if n.icon.starts_with("data:") { n.icon.to_string() } else { format!("icons/{}", n.icon) }} x={num(r.w / 2.0 - 14.0)} y="20" width="28" height="28" />
                        <text class="label" x={num(r.w / 2.0)} y="14" text-anchor="middle">{ n.label.clone() }</text>
                        <text class="sub" x={num(r.w / 2.0)} y={num(r.h - 6.0)} text-anchor="middle">{ n.sub.clone() }</text>
                    </g>
                }
            }
            _ => {
                // A VPC has a handle on its right edge: drag it onto another VPC to request a peering.
                let handle = (n.shape == Shape::Vpc).then(|| {
                    let title = t(lang, "connect_hint");
                    html! {
                        <circle class="handle" data-handle={n.id.clone()} cx={num(r.w)} cy={num(r.h / 2.0)} r="9"
                                onpointerdown={on_handle_down(n.id.clone())}><title>{ title }</title></circle>
                    }
                });
                html! {
                    <g key={n.id.clone()} class={class} data-container={n.id.clone()} transform={format!("translate({} {})", num(r.x), num(r.y))}
                       onclick={select(n.id.clone())}>
                        <rect class="body" width={num(r.w)} height={num(r.h)} rx="10" />
                        <text class="label" x="8" y="18">{ n.label.clone() }</text>
                        <text class="sub" x="8" y="34">{ n.sub.clone() }</text>
                        { for handle }
                    </g>
                }
            }
        }
    });
    let links = l.links.iter().filter_map(|link| {
        let (a, b) = (l.node(&link.a)?, l.node(&link.b)?);
        let tgw = a.shape == Shape::Vpc && b.shape == Shape::TransitGateway;
        let ((x1, y1), (x2, y2)) = match (&a.shape, &b.shape) {
            // A VPC attachment: from the VPC's bottom edge to the TGW's top.
            (Shape::Vpc, Shape::TransitGateway) => {
                ((a.rect.x + a.rect.w / 2.0, a.rect.y + a.rect.h), (b.rect.x + b.rect.w / 2.0, b.rect.y))
            }
            // A peering: from the facing edges, whichever side each VPC is on.
            (Shape::Vpc, Shape::Vpc) => {
                let (a, b) = (a.rect, b.rect);
                let (x1, x2) = if a.x <= b.x { (a.x + a.w, b.x) } else { (a.x, b.x + b.w) };
                ((x1, a.y + 40.0), (x2, b.y + 40.0))
            }
            // A TGW peering or a VPN connection: centre to centre.
            _ => (a.rect.center(), b.rect.center()),
        };
        let class = classes!(
            "link",
            tgw.then_some("attachment"),
            link.id.starts_with("vpn-").then_some("vpn"),
            (store.selected.as_deref() == Some(link.id.as_str())).then_some("selected")
        );
        Some(html! {
            <g class={class} data-link={link.id.clone()} onclick={select(link.id.clone())}>
                <line class="hit" x1={num(x1)} y1={num(y1)} x2={num(x2)} y2={num(y2)} />
                <line x1={num(x1)} y1={num(y1)} x2={num(x2)} y2={num(y2)} />
                <text x={num((x1 + x2) / 2.0)} y={num((y1 + y2) / 2.0 - 8.0)} text-anchor="middle">{ link.label.clone() }</text>
            </g>
        })
    });
    let ghost = match &*drag {
        Some(Drag::Palette { x, y, .. }) => {
            html! { <rect class="ghost" x={num(x - 40.0)} y={num(y - 30.0)} width="80" height="60" rx="8" /> }
        }
        Some(Drag::Connect { x0, y0, x, y, .. }) => html! {
            <line class="connecting" x1={num(*x0)} y1={num(*y0)} x2={num(*x)} y2={num(*y)} />
        },
        _ => html! {},
    };
    // The palette is HTML over the scroll area (not part of the drawing), so it stays in view at any scroll
    // or zoom; a drag that starts on it captures the pointer on the SVG like any other drag.
    let palette = Item::ALL.iter().map(|item| {
        html! {
            <div class="palette-item" data-palette={item.name()} onpointerdown={on_palette_down(*item)}>
                <img src={item.icon()} alt="" width="28" height="28" draggable="false" />
                <span>{ item.label(lang) }</span>
            </div>
        }
    });
    let (w, h) = (l.width, l.height);
    let set_zoom = |f: fn(f64, f64) -> f64| {
        let (zoom, svg) = (zoom.clone(), svg.clone());
        Callback::from(move |_: MouseEvent| {
            // The width the scroll area shows, for "fit".
            let shown = svg.cast::<Element>().and_then(|e| e.parent_element()).map(|p| f64::from(p.client_width()));
            zoom.set(f(*zoom, shown.unwrap_or(w) / w).clamp(0.25, 4.0));
        })
    };
    let z = *zoom;
    html! {
        <>
        <div class="overlay">
            <div class="zoom">
                <button data-testid="zoom-out" title={t(lang, "zoom_out")} onclick={set_zoom(|z, _| z / 1.25)}>{ "−" }</button>
                <span data-testid="zoom-level">{ format!("{}%", (z * 100.0).round() as i64) }</span>
                <button data-testid="zoom-in" title={t(lang, "zoom_in")} onclick={set_zoom(|z, _| z * 1.25)}>{ "+" }</button>
                <button data-testid="zoom-fit" onclick={set_zoom(|_, fit| fit)}>{ t(lang, "zoom_fit") }</button>
            </div>
            <div class="palette">
                <span class="sub">{ t(lang, "palette") }</span>
                { for palette }
            </div>
        </div>
        <svg ref={svg} class="canvas" data-testid="canvas" xmlns="http://www.w3.org/2000/svg" viewBox={format!("0 0 {} {}", w.round() as i64, h.round() as i64)}
             width={num((w * z).round())} height={num((h * z).round())}
             onpointermove={on_move} onpointerup={on_up.clone()} onpointercancel={on_up}>
            { for nodes }
            { for links }
            <polyline class="trail forward" data-testid="trail-forward" points={points_attr(&forward_trail)} />
            <polyline class="trail reply" data-testid="trail-reply" points={points_attr(&reply_trail)} />
            { ghost }
            { for packet }
        </svg>
        </>
    }
}
