//! The real app in headless Chromium: mounted into a fresh <div>, driven by real DOM events.

use gloo::timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement, PointerEvent, PointerEventInit};

wasm_bindgen_test_configure!(run_in_browser);

async fn mount(fresh: bool) -> Element {
    let doc = gloo::utils::document();
    if fresh {
        let _ = gloo::utils::window().local_storage().unwrap().unwrap().clear();
    }
    // One app at a time: earlier tests' hosts go away.
    while let Some(old) = doc.query_selector(".test-host").unwrap() {
        old.remove();
    }
    let host = doc.create_element("div").unwrap();
    host.set_class_name("test-host");
    doc.body().unwrap().append_child(&host).unwrap();
    yew::Renderer::<web::App>::with_root(host.clone()).render();
    settle().await;
    host
}

async fn settle() {
    yew::scheduler::flush().await;
    TimeoutFuture::new(20).await;
    yew::scheduler::flush().await;
}

fn q(host: &Element, sel: &str) -> Option<Element> {
    host.query_selector(sel).unwrap()
}

fn count(host: &Element, sel: &str) -> u32 {
    host.query_selector_all(sel).unwrap().length()
}

fn pointer(target: &Element, kind: &str, x: f64, y: f64) {
    let init = PointerEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_client_x(x as i32);
    init.set_client_y(y as i32);
    init.set_pointer_id(1);
    init.set_is_primary(true);
    let e = PointerEvent::new_with_event_init_dict(kind, &init).unwrap();
    target.dispatch_event(&e).unwrap();
}

fn center(el: &Element) -> (f64, f64) {
    let r = el.get_bounding_client_rect();
    (r.x() + r.width() / 2.0, r.y() + r.height() / 2.0)
}

fn click(host: &Element, sel: &str) {
    q(host, sel).unwrap_or_else(|| panic!("no {sel}")).dyn_into::<HtmlElement>().unwrap().click();
}

fn set_input(host: &Element, sel: &str, value: &str) {
    let input: HtmlInputElement = q(host, sel).unwrap().dyn_into().unwrap();
    input.set_value(value);
    let init = EventInit::new();
    init.set_bubbles(true);
    input.dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
}

fn text(host: &Element, sel: &str) -> String {
    q(host, sel).and_then(|e| e.text_content()).unwrap_or_default()
}

/// Drags from `from` to the center of `to` with real pointer events on the SVG.
async fn drag(host: &Element, from: &Element, to: (f64, f64)) {
    let svg = q(host, "svg.canvas").unwrap();
    let (x, y) = center(from);
    pointer(from, "pointerdown", x, y);
    settle().await;
    pointer(&svg, "pointermove", (x + to.0) / 2.0, (y + to.1) / 2.0);
    pointer(&svg, "pointermove", to.0, to.1);
    settle().await;
    pointer(&svg, "pointerup", to.0, to.1);
    settle().await;
}

#[wasm_bindgen_test]
async fn drag_moves_an_instance() {
    let host = mount(true).await;
    let node = q(&host, "[data-node='i-b-private']").expect("instance drawn");
    let before = node.get_attribute("transform").unwrap();
    let (x, y) = center(&node);
    drag(&host, &node, (x + 60.0, y + 40.0)).await;
    let node = q(&host, "[data-node='i-b-private']").unwrap();
    let after = node.get_attribute("transform").unwrap();
    assert_ne!(before, after, "the instance should have moved");
    let (nx, ny) = center(&node);
    assert!((nx - x - 60.0).abs() < 3.0 && (ny - y - 40.0).abs() < 3.0, "moved to ({nx},{ny}) from ({x},{y})");
    // Undo puts it back.
    click(&host, "[data-testid='undo']");
    settle().await;
    assert_eq!(q(&host, "[data-node='i-b-private']").unwrap().get_attribute("transform").unwrap(), before);
}

#[wasm_bindgen_test]
async fn send_step_forward_and_back_through_the_hops() {
    let host = mount(true).await;
    set_input(&host, "[data-testid='destination']", "52.79.20.10");
    settle().await;
    click(&host, "[data-testid='send']");
    settle().await;
    let hops = count(&host, "[data-testid='hop-list'] li");
    assert!(hops > 15, "forward and reply hops listed, got {hops}");
    assert!(text(&host, "[data-testid='verdict']").contains("Delivered"));
    assert!(text(&host, "[data-testid='hop-list']").contains("nat-gateway"), "the path crosses the NAT gateway");
    // Step to the NAT gateway's hop: its header diff highlights the rewritten source.
    let nat = (0..hops).find(|i| text(&host, &format!("[data-hop='{i}']")).contains("nat-gateway")).unwrap();
    click(&host, "[data-testid='play']"); // pause autoplay
    settle().await;
    click(&host, &format!("[data-hop='{}']", nat - 1));
    settle().await;
    click(&host, "[data-testid='step-forward']");
    settle().await;
    assert!(q(&host, &format!("[data-hop='{nat}'].current")).is_some(), "step forward highlights the next hop");
    let changed: Vec<String> = (0..count(&host, "[data-testid='header-diff'] tr.changed"))
        .map(|i| {
            host.query_selector_all("[data-testid='header-diff'] tr.changed")
                .unwrap()
                .item(i)
                .unwrap()
                .dyn_into::<Element>()
                .unwrap()
                .get_attribute("data-field")
                .unwrap()
        })
        .collect();
    assert!(changed.contains(&"src".to_string()), "NAT rewrites the source: {changed:?}");
    click(&host, "[data-testid='step-back']");
    settle().await;
    assert!(q(&host, &format!("[data-hop='{}'].current", nat - 1)).is_some(), "step back highlights the previous hop");
    assert!(count(&host, "[data-testid='traceroute'] li") >= 3, "traceroute: NAT, internet, destination");
}

#[wasm_bindgen_test]
async fn a_drop_shows_its_reason_on_the_last_hop() {
    let host = mount(true).await;
    set_input(&host, "[data-testid='destination']", "10.1.1.99");
    settle().await;
    click(&host, "[data-testid='send']");
    settle().await;
    assert!(
        text(&host, "[data-testid='verdict']").contains("NO_HOST_AT_DESTINATION"),
        "{}",
        text(&host, "[data-testid='verdict']")
    );
    let last = count(&host, "[data-testid='hop-list'] li") - 1;
    click(&host, &format!("[data-hop='{last}']"));
    settle().await;
    assert!(text(&host, "[data-testid='why']").contains("NO_HOST_AT_DESTINATION"));
    assert!(q(&host, ".drop-site").is_some() || q(&host, ".packet.dropped").is_some());
}

#[wasm_bindgen_test]
async fn palette_drop_adds_an_instance_through_the_core_and_undo_redo_and_autosave_keep_it() {
    let host = mount(true).await;
    let instances = count(&host, ".shape-instance");
    let palette = q(&host, "[data-palette='instance']").unwrap();
    let subnet = q(&host, "[data-container='subnet-b-priv'] rect").unwrap();
    let (sx, sy) = center(&subnet);
    drag(&host, &palette, (sx + 60.0, sy)).await;
    assert_eq!(count(&host, ".shape-instance"), instances + 1, "{}", text(&host, "[data-testid='error']"));
    assert!(q(&host, "[data-node='i-0001']").is_some(), "the core named the new instance");
    click(&host, "[data-testid='undo']");
    settle().await;
    assert_eq!(count(&host, ".shape-instance"), instances);
    click(&host, "[data-testid='redo']");
    settle().await;
    assert_eq!(count(&host, ".shape-instance"), instances + 1);
    // Autosave: a new app on the same storage restores it.
    let host = mount(false).await;
    assert!(q(&host, "[data-node='i-0001']").is_some(), "autosave restored the edit");
}

#[wasm_bindgen_test]
async fn an_invalid_drop_is_refused_with_a_reason() {
    let host = mount(true).await;
    let instances = count(&host, ".shape-instance");
    let palette = q(&host, "[data-palette='instance']").unwrap();
    let internet = q(&host, "[data-node='internet']").unwrap();
    drag(&host, &palette, center(&internet)).await;
    assert_eq!(count(&host, ".shape-instance"), instances);
    assert!(text(&host, "[data-testid='error']").contains("subnet"), "{}", text(&host, "[data-testid='error']"));
}

#[wasm_bindgen_test]
async fn language_switch_is_remembered() {
    let host = mount(true).await;
    assert!(text(&host, "[data-testid='send']").contains("Send"));
    click(&host, "[data-testid='lang']");
    settle().await;
    assert!(text(&host, "[data-testid='send']").contains("패킷 보내기"));
    let host = mount(false).await;
    assert!(text(&host, "[data-testid='send']").contains("패킷 보내기"), "the choice survives a reload");
    click(&host, "[data-testid='lang']");
    settle().await;
}

#[wasm_bindgen_test]
async fn a_bad_import_shows_an_error_and_keeps_the_topology() {
    let host = mount(true).await;
    let instances = count(&host, ".shape-instance");
    let parts = js_sys::Array::of1(&"{\"Vpcs\": [{\"VpcId\": \"vpc-1\", \"CidrBlock\": \"10.0.0.0/33\"}]}".into());
    let file = web_sys::File::new_with_str_sequence(&parts, "broken.json").unwrap();
    let dt = web_sys::DataTransfer::new().unwrap();
    dt.items().add_with_file(&file).unwrap();
    let input: HtmlInputElement = q(&host, "[data-testid='import']").unwrap().dyn_into().unwrap();
    input.set_files(dt.files().as_ref());
    let init = EventInit::new();
    init.set_bubbles(true);
    input.dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
    TimeoutFuture::new(200).await;
    settle().await;
    let error = text(&host, "[data-testid='error']");
    assert!(error.contains("broken.json") && error.contains("CidrBlock"), "names the file and the field: {error}");
    assert_eq!(count(&host, ".shape-instance"), instances, "the topology is unchanged");
}

#[wasm_bindgen_test]
async fn add_a_route_in_the_inspector_and_see_an_invalid_one_refused() {
    let host = mount(true).await;
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    let e = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap();
    q(&host, "[data-container='subnet-a-priv'] rect").unwrap().dispatch_event(&e).unwrap();
    settle().await;
    assert!(text(&host, "[data-testid='inspector']").contains("rtb-a-priv"));
    let routes = count(&host, "[data-testid='routes'] li");
    set_input(&host, "[data-testid='route-destination']", "10.9.0.0/16");
    let target: web_sys::HtmlSelectElement = q(&host, "[data-testid='route-target']").unwrap().dyn_into().unwrap();
    target.set_value("pcx-ab");
    click(&host, "[data-testid='add-route']");
    settle().await;
    assert_eq!(count(&host, "[data-testid='routes'] li"), routes + 1);
    assert!(q(&host, "[data-route='10.9.0.0/16 → pcx-ab']").is_some(), "{}", text(&host, "[data-testid='routes']"));
    // B09: more specific than local and not a whole subnet: refused, named, nothing changes.
    set_input(&host, "[data-testid='route-destination']", "10.0.1.128/25");
    click(&host, "[data-testid='add-route']");
    settle().await;
    let error = text(&host, "[data-testid='inline-error']");
    assert!(error.contains("rtb-a-priv") && error.contains("R2.3"), "{error}");
    assert_eq!(count(&host, "[data-testid='routes'] li"), routes + 1);
}
