//! The SVG diagram: nested containers, draggable instances, a palette to drop new instances into subnets,
//! and the packet moving hop by hop.

use std::rc::Rc;

use vpc_core::edit::Edit;
use vpc_core::trace::Verdict;
use web_sys::{Element, PointerEvent, SvgGraphicsElement};
use yew::prelude::*;

use crate::i18n::t;
use crate::layout::{layout, Layout, Shape};
use crate::state::{Action, Store};

#[derive(Clone, PartialEq)]
enum Drag {
    /// Moving a node: its id and the grab offset.
    Node { id: String, dx: f64, dy: f64, moved: bool, shift: bool },
    /// Dragging a new instance from the palette; the ghost's position.
    Palette { x: f64, y: f64 },
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

/// Where the packet is drawn for each hop: the hop's own node, or the last drawn one before it.
pub fn anchors(l: &Layout, ids: &[&str]) -> Vec<(f64, f64)> {
    let mut last = l.node("internet").map(|n| n.rect.center()).unwrap_or((0.0, 0.0));
    ids.iter()
        .map(|id| {
            if let Some(n) =
                l.node(id).filter(|n| matches!(n.shape, Shape::Instance | Shape::Gateway | Shape::Internet))
            {
                last = n.rect.center();
            }
            last
        })
        .collect()
}

#[component]
pub fn Canvas() -> Html {
    let store = use_context::<Store>();
    let svg = use_node_ref();
    let drag = use_state(|| None::<Drag>);
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
                if let Some(el) = svg.cast::<Element>() {
                    let _ = el.set_pointer_capture(e.pointer_id());
                }
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
        Callback::from(move |e: PointerEvent| {
            if let Some(el) = svg.cast::<Element>() {
                let _ = el.set_pointer_capture(e.pointer_id());
            }
            if let Some((x, y)) = to_svg(&svg, &e) {
                drag.set(Some(Drag::Palette { x, y }));
            }
        })
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
                Some(Drag::Palette { .. }) => drag.set(Some(Drag::Palette { x, y })),
                None => {}
            }
        })
    };
    let on_up = {
        let (svg, drag, store, l) = (svg.clone(), drag.clone(), store.clone(), l.clone());
        Callback::from(move |e: PointerEvent| {
            match (*drag).clone() {
                Some(Drag::Node { id, moved: false, shift, .. }) => {
                    // A click: pick the packet's source (shift: its destination).
                    store.dispatch(Action::CancelMove);
                    store.dispatch(if shift {
                        Action::SetDestination(id.clone())
                    } else {
                        Action::SetSource(id.clone())
                    });
                    store.dispatch(Action::Select(Some(id)));
                }
                Some(Drag::Palette { .. }) => {
                    let target = to_svg(&svg, &e).and_then(|(x, y)| l.subnet_at(x, y).map(|n| n.id.clone()));
                    match target {
                        Some(subnet_id) => store.dispatch(Action::Edit(Edit::RunInstance { subnet_id, name: None })),
                        None => store.dispatch(Action::Error(Some(t(lang, "drop_here").to_string()))),
                    }
                }
                _ => {}
            }
            drag.set(None);
        })
    };

    // The packet: where the current hop happens.
    let timeline = store.timeline();
    let ids: Vec<&str> = timeline.iter().map(|(_, h)| h.component.id.as_str()).collect();
    let points = anchors(&l, &ids);
    let packet = timeline.get(store.step).zip(points.get(store.step)).map(|((reply, hop), (x, y))| {
        let class = classes!("packet", reply.then_some("reply"), (hop.action == vpc_core::trace::Action::Dropped).then_some("dropped"));
        html! { <circle class={class} data-testid="packet" r="9" style={format!("transform: translate({x:.1}px, {y:.1}px)")} /> }
    });
    let dropped_at = store.exchange.as_ref().and_then(|ex| {
        let last = if ex.forward.verdict == Verdict::Dropped {
            Some(&ex.forward)
        } else {
            ex.reply.as_ref().filter(|r| r.verdict == Verdict::Dropped)
        };
        last.and_then(|t| t.hops.last()).map(|h| h.component.id.clone())
    });

    let select =
        |id: String| store.dispatcher().to_callback().reform(move |_: MouseEvent| Action::Select(Some(id.clone())));
    let nodes = l.nodes.iter().map(|n| {
        let r = n.rect;
        let is_endpoint = n.id == store.source || n.id == store.destination;
        let class = classes!(
            "node",
            format!("shape-{:?}", n.shape).to_lowercase(),
            is_endpoint.then_some("endpoint"),
            (store.selected.as_deref() == Some(n.id.as_str())).then_some("selected"),
            (dropped_at.as_deref() == Some(n.id.as_str())).then_some("drop-site")
        );
        let label = html! {
            <>
                <text class="label" x="8" y="18">{ n.label.clone() }</text>
                <text class="sub" x="8" y="34">{ n.sub.clone() }</text>
            </>
        };
        match n.shape {
            Shape::Instance | Shape::Gateway | Shape::Internet => {
                let down = on_node_down(n.id.clone(), r.x, r.y);
                html! {
                    <g key={n.id.clone()} class={class} data-node={n.id.clone()} transform={format!("translate({:.1} {:.1})", r.x, r.y)} onpointerdown={down}>
                        <rect class="body" width={r.w.to_string()} height={r.h.to_string()} rx="8" />
                        <image href={format!("icons/{}", n.icon)} x={(r.w / 2.0 - 14.0).to_string()} y="20" width="28" height="28" />
                        <text class="label" x={(r.w / 2.0).to_string()} y="14" text-anchor="middle">{ n.label.clone() }</text>
                        <text class="sub" x={(r.w / 2.0).to_string()} y={(r.h - 6.0).to_string()} text-anchor="middle">{ n.sub.clone() }</text>
                    </g>
                }
            }
            _ => html! {
                <g key={n.id.clone()} class={class} data-container={n.id.clone()} transform={format!("translate({:.1} {:.1})", r.x, r.y)}
                   onclick={select(n.id.clone())}>
                    <rect class="body" width={r.w.to_string()} height={r.h.to_string()} rx="10" />
                    { label }
                </g>
            },
        }
    });
    let links = l.links.iter().filter_map(|(a, b, label)| {
        let (a, b) = (l.node(a)?.rect, l.node(b)?.rect);
        let (x1, y1, x2, y2) = (a.x + a.w, a.y + 40.0, b.x, b.y + 40.0);
        Some(html! {
            <g class="link">
                <line x1={x1.to_string()} y1={y1.to_string()} x2={x2.to_string()} y2={y2.to_string()} />
                <text x={((x1 + x2) / 2.0).to_string()} y={(y1 - 8.0).to_string()} text-anchor="middle">{ label.clone() }</text>
            </g>
        })
    });
    let ghost = match &*drag {
        Some(Drag::Palette { x, y }) => {
            html! { <rect class="ghost" x={(x - 40.0).to_string()} y={(y - 30.0).to_string()} width="80" height="60" rx="8" /> }
        }
        _ => html! {},
    };
    let (w, h) = (l.width, l.height);
    html! {
        <svg ref={svg} class="canvas" viewBox={format!("0 0 {w:.0} {h:.0}")} width={format!("{w:.0}")} height={format!("{h:.0}")}
             onpointermove={on_move} onpointerup={on_up.clone()} onpointercancel={on_up}>
            { for nodes }
            { for links }
            <g class="palette" transform={format!("translate({:.0} 24)", w - 200.0)}>
                <text class="sub" x="0" y="-4">{ t(lang, "palette") }</text>
                <g class="palette-item" data-palette="instance" onpointerdown={on_palette_down}>
                    <rect width="150" height="44" rx="8" />
                    <image href="icons/instance.svg" x="8" y="8" width="28" height="28" />
                    <text x="44" y="27">{ t(lang, "instance") }</text>
                </g>
            </g>
            { ghost }
            { for packet }
        </svg>
    }
}
