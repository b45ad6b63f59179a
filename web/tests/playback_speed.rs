//! The frame budget of playback on a large diagram (BENCHMARKS.md: 60 fps on a 500-node diagram): a lab of
//! 4 VPCs × 6 subnets × 20 instances (about 520 drawn nodes) is mounted, a packet is sent, and the time from a
//! step key to the rendered step is measured. A measurement printed for BENCHMARKS.md, not a timed
//! assertion; meaningful with `--release`.

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

#[wasm_bindgen_test]
async fn one_playback_step_on_a_500_node_diagram() {
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
