//! The frame budget of playback on a large diagram (BENCHMARKS.md: 60 fps on a 500-node diagram): a lab of
//! 4 VPCs × 6 subnets × 20 instances (about 520 drawn nodes) is mounted, a packet is sent, and (1) the time
//! from a step key to the rendered step and (2) the frame rate the browser keeps while the packet plays on its
//! own are measured. Measurements printed for BENCHMARKS.md, not timed assertions; meaningful with
//! `--release`.

use vpc_core::edit::{apply, Edit};
use vpc_core::Topology;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlSelectElement, KeyboardEvent};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{mount, settle};

fn created(t: &mut Topology, e: Edit) -> Vec<String> {
    apply(t, &e).unwrap_or_else(|err| panic!("{e:?}: {err}")).created
}

/// About 520 nodes: 4 VPCs, 2 AZs each with 3 subnets, 20 instances per subnet.
fn big_lab() -> (Topology, String, String) {
    let mut t = Topology::default();
    let mut instances = Vec::new();
    for v in 0..4 {
        let vpc = created(
            &mut t,
            Edit::CreateVpc {
                cidr_block: format!("10.{v}.0.0/16").parse().unwrap(),
                name: Some(format!("vpc {v}")),
                region: Some("us-east-1".into()),
            },
        )[0]
        .clone();
        for s in 0..6 {
            let subnet = created(
                &mut t,
                Edit::CreateSubnet {
                    vpc_id: vpc.clone(),
                    cidr_block: format!("10.{v}.{s}.0/24").parse().unwrap(),
                    availability_zone: if s % 2 == 0 { "us-east-1a".into() } else { "us-east-1b".into() },
                    name: None,
                },
            )[0]
            .clone();
            for _ in 0..20 {
                instances.push(created(&mut t, Edit::RunInstance { subnet_id: subnet.clone(), name: None })[0].clone());
            }
        }
    }
    let (from, to) = (instances[0].clone(), instances[25].clone());
    (t, from, to)
}

fn q(host: &Element, sel: &str) -> Element {
    host.query_selector(sel).unwrap().unwrap_or_else(|| panic!("no {sel}"))
}

fn changed(el: &Element) {
    let init = EventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
}

fn key(k: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(k);
    init.set_bubbles(true);
    let e = KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    gloo::utils::document().dispatch_event(&e).unwrap();
}

/// Mounts the big lab and sends a packet from one instance to another (playback starts on its own).
async fn big_lab_sent() -> (Element, u32) {
    let (topology, from, to) = big_lab();
    let _ = gloo::utils::window().local_storage().unwrap().unwrap().clear();
    web::io::save(&topology, &Default::default());
    let host = mount(false).await;
    let nodes = host.query_selector_all("[data-node], [data-container]").unwrap().length();
    assert!(nodes >= 500, "{nodes} nodes drawn");

    let source: HtmlSelectElement = q(&host, "[data-testid='source']").dyn_into().unwrap();
    source.set_value(&from);
    changed(&source);
    let destination: HtmlInputElement = q(&host, "[data-testid='destination']").dyn_into().unwrap();
    destination.set_value(&to);
    changed(&destination);
    settle().await;
    q(&host, "[data-testid='send']").dyn_into::<HtmlElement>().unwrap().click();
    settle().await;
    (host, nodes)
}

#[wasm_bindgen_test]
async fn one_playback_step_on_a_500_node_diagram() {
    let (host, nodes) = big_lab_sent().await;
    key(" "); // pause the automatic playback: the steps below are timed one by one
    settle().await;

    // Step forward to the end and back to the start, timing each step's render.
    let rounds = 40;
    let start = js_sys::Date::now();
    for i in 0..rounds {
        key(if (i / 5) % 2 == 0 { "ArrowRight" } else { "ArrowLeft" });
        yew::scheduler::flush().await;
    }
    let per_step = (js_sys::Date::now() - start) / f64::from(rounds);
    assert!(!q(&host, "[data-testid='verdict']").text_content().unwrap_or_default().is_empty(), "a verdict is shown");
    console_log!("playback: one step rendered on a {nodes}-node diagram in {per_step:.2} ms (60 fps = 16.7 ms)");
}

/// The next animation frame's timestamp (ms).
async fn next_frame() -> f64 {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = gloo::utils::window().request_animation_frame(&resolve);
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.ok().and_then(|t| t.as_f64()).unwrap_or_default()
}

#[wasm_bindgen_test]
async fn continuous_playback_frame_rate_on_a_500_node_diagram() {
    let (host, nodes) = big_lab_sent().await;
    // The fastest speed (a hop every 150 ms), from the first hop, playing on its own while frames are counted.
    let speed: HtmlInputElement = q(&host, "input[type='range']").dyn_into().unwrap();
    speed.set_value("8");
    changed(&speed);
    q(&host, "[data-hop='0']").dyn_into::<HtmlElement>().unwrap().click(); // back to the first hop (pauses)
    settle().await;
    q(&host, "[data-testid='play']").dyn_into::<HtmlElement>().unwrap().click();
    settle().await;
    let steps_at =
        |host: &Element| host.query_selector_all("[data-testid='hop-list'] li.current ~ li").unwrap().length();
    let left_before = steps_at(&host);
    let mut frames = Vec::new();
    let start = next_frame().await;
    let mut last = start;
    while last - start < 3000.0 {
        let now = next_frame().await;
        frames.push(now - last);
        last = now;
    }
    let left_after = steps_at(&host);
    assert!(
        left_after < left_before || left_before == 0,
        "the packet advanced ({left_before} → {left_after} hops left)"
    );
    frames.sort_by(f64::total_cmp);
    let fps = frames.len() as f64 * 1000.0 / (last - start);
    let p95 = frames[frames.len() * 95 / 100];
    let worst = frames[frames.len() - 1];
    console_log!(
        "playback: {fps:.1} fps over 3 s of continuous playback on a {nodes}-node diagram (frame p95 {p95:.1} ms, worst {worst:.1} ms)"
    );
}
