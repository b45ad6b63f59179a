//! The real app in headless Chromium: mounted into a fresh <div>, driven by real DOM events.

use gloo::timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement, PointerEvent, PointerEventInit};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
use common::{mount, settle};

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
    // In Korean the refusal explains the rule in Korean, with the same resource and rule and AWS's English detail.
    click(&host, "[data-testid='lang']");
    settle().await;
    click(&host, "[data-testid='add-route']");
    settle().await;
    let error = text(&host, "[data-testid='inline-error']");
    let summary = vpc_core::rules::summary_ko("R2.3").unwrap().trim_end_matches('.');
    assert!(error.contains("rtb-a-priv") && error.contains(summary) && error.contains("(규칙 R2.3)"), "{error}");
    assert!(error.contains("AWS 메시지: 10.0.1.128/25 is inside"), "{error}");
    click(&host, "[data-testid='lang']");
    settle().await;
}

// ── Building from an empty canvas ─────────────────────────────────────────────────────────────────────

fn set_select(host: &Element, sel: &str, value: &str) {
    let select: web_sys::HtmlSelectElement = q(host, sel).unwrap_or_else(|| panic!("no {sel}")).dyn_into().unwrap();
    select.set_value(value);
    assert_eq!(select.value(), value, "{sel} has no option {value}");
    let init = EventInit::new();
    init.set_bubbles(true);
    select.dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
}

/// Sets a checkbox without a change event (forms read their checkboxes when their button is clicked).
fn set_checked(host: &Element, sel: &str, on: bool) {
    q(host, sel).unwrap_or_else(|| panic!("no {sel}")).dyn_into::<HtmlInputElement>().unwrap().set_checked(on);
}

/// A mouse click that bubbles (SVG elements have no `click()`).
fn click_el(el: &Element) {
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    el.dispatch_event(&web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap()).unwrap();
}

/// Press and release on a node without moving: selects it (and makes an instance the packet's source).
async fn tap(host: &Element, el: &Element) {
    let svg = q(host, "svg.canvas").unwrap();
    let (x, y) = center(el);
    pointer(el, "pointerdown", x, y);
    settle().await;
    pointer(&svg, "pointerup", x, y);
    settle().await;
}

/// A point of the canvas given in SVG coordinates, as client coordinates.
fn canvas_point(host: &Element, x: f64, y: f64) -> (f64, f64) {
    let r = q(host, "svg.canvas").unwrap().get_bounding_client_rect();
    (r.x() + x, r.y() + y)
}

fn ids(host: &Element, sel: &str, attr: &str) -> Vec<String> {
    let list = host.query_selector_all(sel).unwrap();
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<Element>().ok()?.get_attribute(attr)).collect()
}

/// The autosaved document (stored as a JSON string holding the native document).
fn saved_model() -> serde_json::Value {
    let text = gloo::utils::window().local_storage().unwrap().unwrap().get_item("vpcsim.autosave").unwrap();
    let outer: serde_json::Value = serde_json::from_str(&text.unwrap_or_default()).unwrap_or_default();
    outer.as_str().and_then(|inner| serde_json::from_str(inner).ok()).unwrap_or(outer)
}

async fn palette_drop(host: &Element, item: &str, to: (f64, f64)) {
    let palette = q(host, &format!("[data-palette='{item}']")).unwrap_or_else(|| panic!("no palette item {item}"));
    drag(host, &palette, to).await;
}

async fn new_vpc(host: &Element, at: (f64, f64), cidr: &str) -> String {
    palette_drop(host, "vpc", at).await;
    assert!(q(host, "[data-testid='draft-vpc']").is_some(), "the VPC's draft asks for its CIDR");
    set_input(host, "[data-testid='draft-cidr']", cidr);
    click(host, "[data-testid='draft-create']");
    settle().await;
    let vpc = ids(host, ".shape-vpc", "data-container").into_iter().last().expect("a VPC drawn");
    assert!(text(host, "[data-testid='vpc-cidrs']").contains(cidr), "{}", text(host, "[data-testid='inspector']"));
    vpc
}

async fn new_subnet(host: &Element, vpc: &str, cidr: &str) -> String {
    let before = ids(host, ".shape-subnet", "data-container");
    let rect = q(host, &format!("[data-container='{vpc}'] > rect")).unwrap();
    let r = rect.get_bounding_client_rect();
    palette_drop(host, "subnet", (r.x() + 60.0, r.y() + r.height() - 20.0)).await;
    assert!(q(host, "[data-testid='draft-subnet']").is_some(), "{}", text(host, "[data-testid='error']"));
    set_input(host, "[data-testid='draft-cidr']", cidr);
    click(host, "[data-testid='draft-create']");
    settle().await;
    let after = ids(host, ".shape-subnet", "data-container");
    after.into_iter().find(|s| !before.contains(s)).unwrap_or_else(|| panic!("{}", text(host, "[data-testid='error']")))
}

async fn new_instance(host: &Element, subnet: &str) -> String {
    let before = ids(host, ".shape-instance", "data-node");
    let rect = q(host, &format!("[data-container='{subnet}'] > rect")).unwrap();
    let (x, y) = center(&rect);
    palette_drop(host, "instance", (x + 100.0, y)).await;
    let after = ids(host, ".shape-instance", "data-node");
    after.into_iter().find(|s| !before.contains(s)).unwrap_or_else(|| panic!("{}", text(host, "[data-testid='error']")))
}

async fn add_route(host: &Element, subnet: &str, destination: &str, target: &str) {
    click_el(&q(host, &format!("[data-container='{subnet}'] > rect")).unwrap());
    settle().await;
    set_input(host, "[data-testid='route-destination']", destination);
    set_select(host, "[data-testid='route-target']", target);
    click(host, "[data-testid='add-route']");
    settle().await;
    assert!(
        q(host, &format!("[data-route='{destination} → {target}']")).is_some(),
        "{}",
        text(host, "[data-testid='inspector']")
    );
}

async fn send(host: &Element, from: &str, to: &str, port: u16) -> String {
    set_select(host, "[data-testid='source']", from);
    set_input(host, "[data-testid='destination']", to);
    set_input(host, "[data-testid='port']", &port.to_string());
    settle().await;
    click(host, "[data-testid='send']");
    settle().await;
    text(host, "[data-testid='verdict']")
}

#[wasm_bindgen_test]
async fn build_a_peering_lab_from_an_empty_canvas_send_and_delete_the_peering() {
    let host = mount(true).await;
    click(&host, "[data-testid='new']");
    settle().await;
    assert_eq!(count(&host, ".shape-vpc"), 0, "New starts empty");

    let a = new_vpc(&host, canvas_point(&host, 120.0, 260.0), "10.0.0.0/16").await;
    let b = new_vpc(&host, canvas_point(&host, 300.0, 60.0), "10.1.0.0/16").await;
    assert_ne!(a, b);
    let a_sub = new_subnet(&host, &a, "10.0.1.0/24").await;
    let b_sub = new_subnet(&host, &b, "10.1.1.0/24").await;
    // An internet gateway on A, then a NAT gateway in A's subnet (the EIP is allocated on the way).
    let rect = q(&host, &format!("[data-container='{a}'] > rect")).unwrap().get_bounding_client_rect();
    palette_drop(&host, "igw", (rect.x() + 40.0, rect.y() + 10.0)).await;
    assert_eq!(count(&host, ".shape-gateway"), 1, "{}", text(&host, "[data-testid='error']"));
    let sub = q(&host, &format!("[data-container='{a_sub}'] > rect")).unwrap();
    palette_drop(&host, "nat", center(&sub)).await;
    assert!(q(&host, "[data-testid='nat-editor']").is_some(), "{}", text(&host, "[data-testid='error']"));
    let web_a = new_instance(&host, &a_sub).await;
    let web_b = new_instance(&host, &b_sub).await;

    // Connect gesture: A's handle onto B requests a peering; the inspector shows it pending.
    let handle = q(&host, &format!("[data-handle='{a}']")).unwrap();
    let b_rect = q(&host, &format!("[data-container='{b}'] > rect")).unwrap();
    drag(&host, &handle, center(&b_rect)).await;
    assert_eq!(
        text(&host, "[data-testid='peering-status']"),
        "pending-acceptance",
        "{}",
        text(&host, "[data-testid='error']")
    );
    let pcx = ids(&host, "[data-link]", "data-link").pop().expect("the peering is drawn");
    assert!(q(&host, "[data-testid='peering-reject']").is_some(), "a pending request can be rejected");
    assert!(q(&host, "[data-testid='peering-delete']").is_some(), "or deleted");
    click(&host, "[data-testid='peering-accept']");
    settle().await;
    assert_eq!(text(&host, "[data-testid='peering-status']"), "active");

    // Routes to the peer on both sides, picked from the target list.
    add_route(&host, &a_sub, "10.1.0.0/16", &pcx).await;
    add_route(&host, &b_sub, "10.0.0.0/16", &pcx).await;
    // B's default SG admits only its own members: allow TCP 80 from A's CIDR.
    tap(&host, &q(&host, &format!("[data-node='{web_b}']")).unwrap()).await;
    let dir: web_sys::HtmlSelectElement = q(&host, "[data-testid='sg-direction']").unwrap().dyn_into().unwrap();
    assert_eq!(dir.value(), "ingress", "{}", q(&host, "[data-testid='sg-editor']").unwrap().outer_html());
    set_select(&host, "[data-testid='sg-protocol']", "tcp");
    set_input(&host, "[data-testid='sg-from']", "80");
    set_input(&host, "[data-testid='sg-peer']", "10.0.0.0/16");
    click(&host, "[data-testid='sg-add']");
    settle().await;
    assert!(
        text(&host, "[data-testid='sg-rules']").contains("tcp 80 10.0.0.0/16"),
        "{}",
        text(&host, "[data-testid='inspector']")
    );

    let verdict = send(&host, &web_a, &web_b, 80).await;
    assert!(
        verdict.contains("Delivered"),
        "{verdict} {} {}",
        text(&host, "[data-testid='hop-list']"),
        saved_model()["topology"]["SecurityGroups"]
    );
    assert!(text(&host, "[data-testid='hop-list']").contains(&pcx), "the path crosses the peering");

    // Delete the peering: the routes stay and now lead nowhere.
    click_el(&q(&host, &format!("[data-link='{pcx}'] text")).unwrap());
    settle().await;
    click(&host, "[data-testid='peering-delete']");
    settle().await;
    assert_eq!(text(&host, "[data-testid='peering-status']"), "deleted");
    let verdict = send(&host, &web_a, &web_b, 80).await;
    assert!(verdict.contains("Dropped") && verdict.contains("BAD_STATE_ROUTE"), "{verdict}");
}

#[wasm_bindgen_test]
async fn a_subnet_dropped_outside_a_vpc_is_refused_and_changes_nothing() {
    let host = mount(true).await;
    let before = saved_model();
    let subnets = count(&host, ".shape-subnet");
    let internet = q(&host, "[data-node='internet']").unwrap();
    palette_drop(&host, "subnet", center(&internet)).await;
    let error = text(&host, "[data-testid='error']");
    assert!(error.contains("VPC") && error.contains("subnet"), "{error}");
    assert!(q(&host, "[data-testid='draft-subnet']").is_none(), "no draft opened");
    assert_eq!(count(&host, ".shape-subnet"), subnets);
    assert_eq!(saved_model(), before, "the model is unchanged");
    // An IGW dropped outside a VPC and a peering released on no VPC are refused the same way.
    palette_drop(&host, "igw", center(&internet)).await;
    assert!(text(&host, "[data-testid='error']").contains("VPC"));
    let handle = q(&host, "[data-handle='vpc-a']").unwrap();
    drag(&host, &handle, center(&internet)).await;
    assert!(text(&host, "[data-testid='error']").contains("VPC"));
    assert_eq!(saved_model(), before, "the model is unchanged");
}

#[wasm_bindgen_test]
async fn security_group_rules_and_nacl_entries_edited_in_the_inspector_reach_the_model() {
    let host = mount(true).await;
    tap(&host, &q(&host, "[data-node='i-b-private']").unwrap()).await;
    assert!(count(&host, "[data-testid='sg-editor']") >= 1, "the instance's security groups are shown");
    set_select(&host, "[data-testid='sg-direction']", "ingress");
    set_select(&host, "[data-testid='sg-protocol']", "tcp");
    set_input(&host, "[data-testid='sg-from']", "8080");
    set_input(&host, "[data-testid='sg-to']", "8081");
    set_input(&host, "[data-testid='sg-peer']", "192.168.0.0/24");
    click(&host, "[data-testid='sg-add']");
    settle().await;
    let model = saved_model().to_string();
    assert!(model.contains("\"FromPort\":8080") && model.contains("192.168.0.0/24"), "SG rule saved: {model}");
    // A bad CIDR is refused inline and changes nothing.
    set_input(&host, "[data-testid='sg-peer']", "192.168.0.0/33");
    click(&host, "[data-testid='sg-add']");
    settle().await;
    assert!(
        text(&host, "[data-testid='inline-error']").contains("CidrIp"),
        "{}",
        text(&host, "[data-testid='inspector']")
    );
    assert_eq!(saved_model().to_string(), model);
    // Revoking the new rule (its × button) removes it from the model; undo brings it back.
    let key = ids(&host, "[data-testid='sg-rules'] li", "data-rule-key")
        .into_iter()
        .find(|k| text(&host, &format!("[data-rule-key='{k}']")).contains("192.168.0.0/24"))
        .expect("the new rule is listed");
    click(&host, &format!("[data-rule-key='{key}'] button"));
    settle().await;
    assert!(!saved_model().to_string().contains("192.168.0.0/24"), "revoked");
    click(&host, "[data-testid='undo']");
    settle().await;
    assert!(saved_model().to_string().contains("192.168.0.0/24"), "undo brings it back");

    // NACL: a DENY entry at 90, inbound, before the default ALLOW 100.
    set_select(&host, "[data-testid='acl-direction']", "ingress");
    set_input(&host, "[data-testid='acl-number']", "90");
    set_select(&host, "[data-testid='acl-action']", "deny");
    set_select(&host, "[data-testid='acl-protocol']", "tcp");
    set_input(&host, "[data-testid='acl-cidr']", "10.0.0.0/16");
    set_input(&host, "[data-testid='acl-from']", "22");
    click(&host, "[data-testid='acl-add']");
    settle().await;
    assert!(q(&host, "[data-entry='in-90']").is_some(), "{}", text(&host, "[data-testid='inspector']"));
    let model = saved_model().to_string();
    assert!(model.contains("\"RuleNumber\":90"), "NACL entry saved");
    // The same number again is refused by the core, naming the ACL.
    click(&host, "[data-testid='acl-add']");
    settle().await;
    assert!(
        text(&host, "[data-testid='inline-error']").contains("acl-"),
        "{}",
        text(&host, "[data-testid='inline-error']")
    );
    assert_eq!(saved_model().to_string(), model);
    // Deleting it removes it from the model.
    click(&host, "[data-entry='in-90'] button");
    settle().await;
    assert!(!saved_model().to_string().contains("\"RuleNumber\":90"));
}

#[wasm_bindgen_test]
async fn clicking_a_finding_selects_its_resource() {
    let host = mount(true).await;
    // A subnet routing 0.0.0.0/0 to the IGW without auto-assigned public IPs: a new instance there is a
    // likely mistake (R5.4) — the finding names its interface; clicking it selects the instance.
    click_el(&q(&host, "[data-container='subnet-a-pub'] > rect").unwrap());
    settle().await;
    let public: HtmlInputElement = q(&host, "[data-testid='subnet-public-ip']").unwrap().dyn_into().unwrap();
    public.click();
    settle().await;
    let id = new_instance(&host, "subnet-a-pub").await;
    click_el(&q(&host, "[data-container='subnet-b-priv'] > rect").unwrap());
    settle().await;
    let finding = q(&host, "[data-code='PUBLIC_SUBNET_PRIVATE_INSTANCE']").expect("the finding is listed");
    click_el(&finding);
    settle().await;
    assert!(q(&host, &format!("[data-node='{id}'].selected")).is_some(), "selected on the canvas");
    assert!(q(&host, "[data-testid='instance-editor']").is_some(), "and in the inspector");
}

// ── Keeping and sharing ───────────────────────────────────────────────────────────────────────────────

fn set_hash(hash: &str) {
    gloo::utils::window().location().set_hash(hash).unwrap();
}

#[wasm_bindgen_test]
async fn a_share_link_round_trips_and_a_corrupt_one_is_refused() {
    let host = mount(true).await;
    // Change something first, so the link carries more than the sample.
    let palette = q(&host, "[data-palette='instance']").unwrap();
    let subnet = q(&host, "[data-container='subnet-b-priv'] rect").unwrap();
    let (sx, sy) = center(&subnet);
    drag(&host, &palette, (sx + 60.0, sy)).await;
    let before = saved_model();
    click(&host, "[data-testid='share-button']");
    settle().await;
    let url: HtmlInputElement = q(&host, "[data-testid='share-url']").unwrap().dyn_into().unwrap();
    let url = url.value();
    let fragment = &url[url.find('#').expect("the link has a fragment")..];
    assert!(fragment.starts_with("#s=1."), "{fragment}");
    assert!(q(&host, "[data-testid='share-warning']").is_none(), "a small lab's link is short");

    // Open the link in a fresh app with no autosave: same topology and layout.
    set_hash(fragment);
    let host = mount(true).await;
    assert_eq!(saved_model()["topology"], before["topology"], "same topology");
    assert!(q(&host, "[data-node='i-0001']").is_some(), "the new instance came with the link");
    let hash = gloo::utils::window().location().hash().unwrap();
    assert_eq!(hash, "", "the fragment is removed once read");

    // A damaged link: a clear error, and the topology is the one kept before.
    let kept = saved_model();
    set_hash(&format!("{}~~", &fragment[..fragment.len() / 2]));
    let host = mount(false).await;
    let error = text(&host, "[data-testid='error']");
    assert!(error.contains("share link"), "{error}");
    assert_eq!(saved_model()["topology"], kept["topology"], "the topology is untouched");
    set_hash("#s=1.AAAA");
    let host = mount(false).await;
    assert!(text(&host, "[data-testid='error']").contains("share link"));
    assert_eq!(saved_model()["topology"], kept["topology"]);
    set_hash("");
}

/// A zip archive with deflated entries, written the way `zip` does (CRCs are not checked by the reader).
fn zip_of(files: &[(&str, &str)]) -> Vec<u8> {
    let (mut out, mut central) = (Vec::new(), Vec::new());
    for (name, text) in files {
        let packed = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 6);
        let offset = out.len() as u32;
        let header = |sig: &[u8], central: bool| {
            let mut h = sig.to_vec();
            if central {
                h.extend(20u16.to_le_bytes());
            }
            h.extend(20u16.to_le_bytes()); // version needed
            h.extend(0u16.to_le_bytes()); // flags
            h.extend(8u16.to_le_bytes()); // deflate
            h.extend([0u8; 4]); // time, date
            h.extend(0u32.to_le_bytes()); // crc
            h.extend((packed.len() as u32).to_le_bytes());
            h.extend((text.len() as u32).to_le_bytes());
            h.extend((name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra
            if central {
                h.extend([0u8; 6]); // comment length, disk, internal attributes
                h.extend(0u32.to_le_bytes()); // external attributes
                h.extend(offset.to_le_bytes());
            }
            h.extend(name.as_bytes());
            h
        };
        out.extend(header(b"PK\x03\x04", false));
        out.extend(&packed);
        central.extend(header(b"PK\x01\x02", true));
    }
    let (cd_offset, cd_size) = (out.len() as u32, central.len() as u32);
    out.extend(central);
    out.extend(b"PK\x05\x06");
    out.extend([0u8; 4]);
    out.extend((files.len() as u16).to_le_bytes());
    out.extend((files.len() as u16).to_le_bytes());
    out.extend(cd_size.to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

async fn import_files(host: &Element, files: Vec<(&str, Vec<u8>)>) {
    let dt = web_sys::DataTransfer::new().unwrap();
    for (name, bytes) in files {
        let array = js_sys::Uint8Array::from(bytes.as_slice());
        let file = web_sys::File::new_with_u8_array_sequence(&js_sys::Array::of1(&array), name).unwrap();
        dt.items().add_with_file(&file).unwrap();
    }
    let input: HtmlInputElement = q(host, "[data-testid='import']").unwrap().dyn_into().unwrap();
    input.set_files(dt.files().as_ref());
    let init = EventInit::new();
    init.set_bubbles(true);
    input.dispatch_event(&Event::new_with_event_init_dict("change", &init).unwrap()).unwrap();
    TimeoutFuture::new(300).await;
    settle().await;
}

#[wasm_bindgen_test]
async fn a_zip_of_describe_files_imports_and_a_broken_zip_changes_nothing() {
    let host = mount(true).await;
    let archive: Vec<u8> = zip_of(&[
        ("us-east-1/describe-vpcs.json", r#"{"Vpcs": [{"VpcId": "vpc-zip", "CidrBlock": "10.7.0.0/16"}]}"#),
        (
            "us-east-1/describe-subnets.json",
            r#"{"Subnets": [{"SubnetId": "subnet-zip", "VpcId": "vpc-zip", "CidrBlock": "10.7.1.0/24", "AvailabilityZone": "us-east-1a"}]}"#,
        ),
    ]);
    let mut broken = archive.clone();
    broken.truncate(archive.len() - 30);
    import_files(&host, vec![("lab.zip", archive.clone())]).await;
    assert!(q(&host, "[data-container='subnet-zip']").is_some(), "{}", text(&host, "[data-testid='error']"));
    assert!(q(&host, "[data-testid='progress']").is_none(), "the progress text goes away when done");
    let kept = saved_model();
    import_files(&host, vec![("broken.zip", broken)]).await;
    let error = text(&host, "[data-testid='error']");
    assert!(error.contains("broken.zip"), "{error}");
    assert_eq!(saved_model(), kept, "the topology is untouched");
    // Hostile offsets near the top of the address space are refused, never a panic (tests build with
    // overflow checks on).
    let end = archive.len() - 22;
    let mut hostile = archive.clone();
    hostile[end + 16..end + 20].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    assert!(web::zip::entries("hostile.zip", &hostile).is_err());
    let mut hostile = archive.clone();
    let central = u32::from_le_bytes(archive[end + 16..end + 20].try_into().unwrap()) as usize;
    hostile[central + 42..central + 46].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    hostile[central + 20..central + 24].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    assert!(web::zip::entries("hostile.zip", &hostile).is_err());
    import_files(&host, vec![("hostile.zip", hostile)]).await;
    assert!(text(&host, "[data-testid='error']").contains("hostile.zip"));
    assert_eq!(saved_model(), kept);
}

// ── Playback ──────────────────────────────────────────────────────────────────────────────────────────

#[wasm_bindgen_test]
async fn hop_filters_trails_and_the_deciding_rule_opens_its_owner() {
    let host = mount(true).await;
    set_input(&host, "[data-testid='destination']", "52.79.20.10");
    settle().await;
    click(&host, "[data-testid='send']");
    settle().await;
    click(&host, "[data-testid='play']"); // pause autoplay
    settle().await;
    let all = count(&host, "[data-testid='hop-list'] li");
    let replies = count(&host, "[data-testid='hop-list'] li.reply");
    assert!(replies > 0 && replies < all);
    click(&host, "[data-filter='forward']");
    settle().await;
    assert_eq!(count(&host, "[data-testid='hop-list'] li"), all - replies, "forward only");
    click(&host, "[data-filter='reply']");
    settle().await;
    assert_eq!(count(&host, "[data-testid='hop-list'] li"), replies, "reply only");
    assert_eq!(count(&host, "[data-testid='hop-list'] li:not(.reply)"), 0);
    click(&host, "[data-filter='drops']");
    settle().await;
    assert_eq!(count(&host, "[data-testid='hop-list'] li"), 0, "a delivered exchange has no drops");
    click(&host, "[data-filter='all']");
    settle().await;

    // Forward and reply paths are drawn apart once the packet has been there.
    click(&host, &format!("[data-hop='{}']", all - 1));
    settle().await;
    let points = |sel: &str| q(&host, sel).and_then(|e| e.get_attribute("points")).unwrap_or_default();
    assert!(!points("[data-testid='trail-forward']").is_empty() && !points("[data-testid='trail-reply']").is_empty());

    // A hop decided by a security-group rule: its rule opens the SG with that rule highlighted.
    let sg_hop =
        (0..all).find(|i| text(&host, &format!("[data-hop='{i}'] .kind")) == "security-group").expect("an SG hop");
    click(&host, &format!("[data-hop='{sg_hop}']"));
    settle().await;
    click(&host, "[data-testid='rule-owner']");
    settle().await;
    assert!(
        q(&host, "[data-testid='sg-editor'] li.highlight").is_some(),
        "{}",
        text(&host, "[data-testid='inspector']")
    );
    // A NACL hop: the entry number is highlighted in the ACL's editor.
    let acl_hop = (0..all).find(|i| text(&host, &format!("[data-hop='{i}'] .kind")) == "network-acl").unwrap();
    click(&host, &format!("[data-hop='{acl_hop}']"));
    settle().await;
    click(&host, "[data-testid='rule-owner']");
    settle().await;
    assert!(q(&host, "[data-testid='nacl-editor'] li.highlight").is_some());
    // A route: the route table with the matched destination highlighted.
    let rt_hop = (0..all).find(|i| text(&host, &format!("[data-hop='{i}'] .kind")) == "route-table").unwrap();
    click(&host, &format!("[data-hop='{rt_hop}']"));
    settle().await;
    click(&host, "[data-testid='rule-owner']");
    settle().await;
    assert!(q(&host, "[data-testid='route-table-editor'] li.highlight").is_some());

    // A drop: the drops filter shows just the deciding hop.
    set_input(&host, "[data-testid='destination']", "10.1.1.99");
    settle().await;
    click(&host, "[data-testid='send']");
    settle().await;
    click(&host, "[data-filter='drops']");
    settle().await;
    assert_eq!(count(&host, "[data-testid='hop-list'] li"), 1);
    assert!(q(&host, "[data-testid='hop-list'] li.action-dropped").is_some());
    click(&host, "[data-filter='all']");
    settle().await;
}

#[wasm_bindgen_test]
async fn the_builder_speaks_korean() {
    let host = mount(true).await;
    click(&host, "[data-testid='lang']");
    settle().await;
    let internet = q(&host, "[data-node='internet']").unwrap();
    palette_drop(&host, "subnet", center(&internet)).await;
    assert!(
        text(&host, "[data-testid='error']").contains("서브넷은 VPC 안에만"),
        "{}",
        text(&host, "[data-testid='error']")
    );
    click_el(&q(&host, "[data-link='pcx-ab'] text").unwrap());
    settle().await;
    assert!(text(&host, "[data-testid='peering-editor']").contains("피어링"));
    // Hops read in Korean too: component kinds, actions, and the "under the hood" notes.
    q(&host, "[data-testid='underlay']").unwrap().dyn_into::<HtmlInputElement>().unwrap().click();
    settle().await;
    send(&host, "i-a-private", "i-b-private", 80).await;
    let hops = text(&host, "[data-testid='hop-list']");
    assert!(hops.contains("보안 그룹") && hops.contains("허용") && !hops.contains("security-group"), "{hops}");
    click(&host, "[data-hop='0']");
    settle().await;
    let detail = text(&host, "[data-testid='hop-detail']");
    assert!(detail.contains("교육용 모델") && detail.contains("매핑 서비스"), "{detail}");
    click(&host, "[data-testid='lang']");
    settle().await;
}

#[wasm_bindgen_test]
async fn the_diagram_exports_as_a_standalone_svg() {
    let host = mount(true).await;
    // The page's stylesheet (app.css in the real page) is carried into the file.
    let doc = gloo::utils::document();
    let style = doc.create_element("style").unwrap();
    style.set_text_content(Some(".shape-vpc > .body { fill: #f0fff4; }"));
    doc.head().unwrap().append_child(&style).unwrap();
    let (svg, width, height) = web::export::svg_text().expect("an SVG");
    style.remove();
    assert!(svg.contains(".shape-vpc > .body { fill: rgb(240, 255, 244); }"), "{}", &svg[..300.min(svg.len())]);
    assert!(svg.starts_with("<svg") && svg.contains("<style>") && svg.ends_with("</svg>"), "{}", &svg[..200]);
    assert!(svg.contains("data-node=\"i-b-private\""), "the diagram's nodes are in it");
    assert!(!svg.contains("data-palette"), "the palette is left out");
    assert!(svg.contains("href=\"data:image/svg+xml;base64,") && !svg.contains("href=\"icons/"), "icons are inlined");
    assert!(width >= 800 && height >= 360);
    // The page's diagram itself still has its palette.
    assert!(q(&host, "[data-palette='vpc']").is_some());
    // PNG: rasterised asynchronously; starting it must not fail, and the page stays as it was.
    web::export::export_png().expect("PNG export starts");
    TimeoutFuture::new(200).await;
    assert!(q(&host, "[data-palette='vpc']").is_some() && q(&host, "[data-testid='error']").is_none());
}

#[wasm_bindgen_test]
async fn a_long_share_link_is_flagged() {
    use vpc_core::edit::{apply, Edit};
    // A big lab built through the core: many VPCs, subnets and instances.
    let mut t = vpc_core::Topology::default();
    for v in 0..24u8 {
        let cidr = format!("10.{v}.0.0/16").parse().unwrap();
        let region = Some(String::from("ap-northeast-2"));
        let vpc = apply(&mut t, &Edit::CreateVpc { cidr_block: cidr, name: Some(format!("lab {v}")), region })
            .unwrap()
            .created[0]
            .clone();
        for s in 0..4u8 {
            let cidr_block = format!("10.{v}.{s}.0/24").parse().unwrap();
            let az = format!("ap-northeast-2{}", ["a", "b", "c", "d"][usize::from(s)]);
            let edit = Edit::CreateSubnet { vpc_id: vpc.clone(), cidr_block, availability_zone: az, name: None };
            let subnet = apply(&mut t, &edit).unwrap().created[0].clone();
            for k in 0..3 {
                apply(
                    &mut t,
                    &Edit::RunInstance { subnet_id: subnet.clone(), name: Some(format!("host {v}-{s}-{k}")) },
                )
                .unwrap();
            }
        }
    }
    let doc = vpc_core::formats::native::write(&t, &Default::default()).unwrap();
    let storage = gloo::utils::window().local_storage().unwrap().unwrap();
    storage.clear().unwrap();
    storage.set_item("vpcsim.autosave", &serde_json::to_string(&doc).unwrap()).unwrap();
    let host = mount(false).await;
    assert!(q(&host, "[data-node='i-0001']").is_some(), "the big lab loaded");
    click(&host, "[data-testid='share-button']");
    settle().await;
    let url: HtmlInputElement = q(&host, "[data-testid='share-url']").unwrap().dyn_into().unwrap();
    assert!(url.value().len() > 8_000, "{} characters", url.value().len());
    assert!(text(&host, "[data-testid='share-warning']").contains("8,000"));
    // Still a working link: it decodes to the same topology.
    let fragment = url.value()[url.value().find('#').unwrap()..].to_string();
    assert_eq!(web::share::decode(&fragment).unwrap().0, t);
}

#[wasm_bindgen_test]
async fn instance_and_vpc_editors_change_the_model_through_the_core() {
    let host = mount(true).await;
    tap(&host, &q(&host, "[data-node='i-b-private']").unwrap()).await;
    let model = || saved_model()["topology"].clone();
    let eni = |m: &serde_json::Value| {
        m["NetworkInterfaces"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["NetworkInterfaceId"] == "eni-b-priv")
            .cloned()
            .unwrap()
    };
    // Elastic IP: allocated and associated in one step, then disassociated.
    click(&host, "[data-testid='eip-associate']");
    settle().await;
    let m = model();
    let eip = m["Addresses"].as_array().unwrap().iter().find(|a| a["NetworkInterfaceId"] == "eni-b-priv").cloned();
    assert!(eip.is_some(), "{}", text(&host, "[data-testid='inspector']"));
    assert!(q(&host, "[data-testid='eip-disassociate']").is_some());
    click(&host, "[data-testid='eip-disassociate']");
    settle().await;
    assert!(q(&host, "[data-testid='eip-associate']").is_some());
    // Source/destination check off.
    let check: HtmlInputElement = q(&host, "[data-testid='src-dst-check']").unwrap().dyn_into().unwrap();
    assert!(check.checked());
    check.click();
    settle().await;
    assert_eq!(eni(&model())["SourceDestCheck"], false);
    // IMDS: v2 only, hop limit 2; a bad hop limit is refused inline.
    set_select(&host, "[data-testid='imds-tokens']", "required");
    set_input(&host, "[data-testid='imds-hops']", "2");
    click(&host, "[data-testid='imds-apply']");
    settle().await;
    let m = model();
    let inst = m["Instances"].as_array().unwrap().iter().find(|i| i["InstanceId"] == "i-b-private").cloned().unwrap();
    assert_eq!(inst["MetadataOptions"]["HttpTokens"], "required");
    assert_eq!(inst["MetadataOptions"]["HttpPutResponseHopLimit"], 2);
    set_input(&host, "[data-testid='imds-hops']", "many");
    click(&host, "[data-testid='imds-apply']");
    settle().await;
    assert!(text(&host, "[data-testid='inline-error']").contains("HttpPutResponseHopLimit"));

    // VPC: rename and a secondary CIDR; an overlapping one is refused by the core, naming the rule.
    click_el(&q(&host, "[data-container='vpc-a'] > rect").unwrap());
    settle().await;
    set_input(&host, "[data-testid='vpc-name']", "Requester");
    click(&host, "[data-testid='vpc-rename']");
    settle().await;
    set_input(&host, "[data-testid='vpc-cidr']", "10.2.0.0/16");
    click(&host, "[data-testid='vpc-add-cidr']");
    settle().await;
    let m = model();
    let vpc = m["Vpcs"].as_array().unwrap().iter().find(|v| v["VpcId"] == "vpc-a").cloned().unwrap();
    assert_eq!(vpc["Name"], "Requester");
    assert!(vpc["CidrBlocks"].to_string().contains("10.2.0.0/16"), "{vpc}");
    let before = model();
    set_input(&host, "[data-testid='vpc-cidr']", "10.0.128.0/17");
    click(&host, "[data-testid='vpc-add-cidr']");
    settle().await;
    let error = text(&host, "[data-testid='inline-error']");
    assert!(error.contains("vpc-a") && error.contains("(R"), "{error}");
    assert_eq!(model(), before);
}

async fn new_node(host: &Element, prefix: &str, action: impl std::future::Future<Output = ()>) -> String {
    let sel = format!("[data-node^='{prefix}']");
    let before = ids(host, &sel, "data-node");
    action.await;
    let after = ids(host, &sel, "data-node");
    after.into_iter().find(|s| !before.contains(s)).unwrap_or_else(|| panic!("{}", text(host, "[data-testid='error']")))
}

async fn own_route_table(host: &Element, subnet: &str) {
    click_el(&q(host, &format!("[data-container='{subnet}'] > rect")).unwrap());
    settle().await;
    click(host, "[data-testid='subnet-new-route-table']");
    settle().await;
}

#[wasm_bindgen_test]
async fn seed_004_lab_from_an_empty_canvas_nat_path_peering_path_and_after_deleting_the_peering() {
    let host = mount(true).await;
    click(&host, "[data-testid='new']");
    settle().await;
    let a = new_vpc(&host, canvas_point(&host, 120.0, 260.0), "10.0.0.0/16").await;
    let b = new_vpc(&host, canvas_point(&host, 300.0, 60.0), "10.1.0.0/16").await;
    let a_pub = new_subnet(&host, &a, "10.0.3.0/24").await;
    let a_priv = new_subnet(&host, &a, "10.0.1.0/24").await;
    let b_pub = new_subnet(&host, &b, "10.1.3.0/24").await;
    let b_priv = new_subnet(&host, &b, "10.1.1.0/24").await;
    let mut igws = Vec::new();
    for vpc in [&a, &b] {
        let r = q(&host, &format!("[data-container='{vpc}'] > rect")).unwrap().get_bounding_client_rect();
        igws.push(new_node(&host, "igw-", palette_drop(&host, "igw", (r.x() + 40.0, r.y() + 10.0))).await);
    }
    // Public subnets: their own table with 0.0.0.0/0 → the IGW.
    own_route_table(&host, &a_pub).await;
    add_route(&host, &a_pub, "0.0.0.0/0", &igws[0]).await;
    own_route_table(&host, &b_pub).await;
    add_route(&host, &b_pub, "0.0.0.0/0", &igws[1]).await;
    // The NAT gateway in A's public subnet; A's private subnet goes out through it.
    let sub = q(&host, &format!("[data-container='{a_pub}'] > rect")).unwrap();
    let nat = new_node(&host, "nat-", palette_drop(&host, "nat", center(&sub))).await;
    own_route_table(&host, &a_priv).await;
    add_route(&host, &a_priv, "0.0.0.0/0", &nat).await;
    // B's public subnet hands out public addresses, then the EC2s.
    click_el(&q(&host, &format!("[data-container='{b_pub}'] > rect")).unwrap());
    settle().await;
    q(&host, "[data-testid='subnet-public-ip']").unwrap().dyn_into::<HtmlElement>().unwrap().click();
    settle().await;
    let a_ec2 = new_instance(&host, &a_priv).await;
    let b_pub_ec2 = new_instance(&host, &b_pub).await;
    let b_priv_ec2 = new_instance(&host, &b_priv).await;
    // B's default SG admits TCP 80 from anywhere.
    tap(&host, &q(&host, &format!("[data-node='{b_priv_ec2}']")).unwrap()).await;
    set_input(&host, "[data-testid='sg-from']", "80");
    set_input(&host, "[data-testid='sg-peer']", "0.0.0.0/0");
    click(&host, "[data-testid='sg-add']");
    settle().await;
    // The peering: request with the connect gesture, accept, routes on both private sides.
    let handle = q(&host, &format!("[data-handle='{a}']")).unwrap();
    drag(&host, &handle, center(&q(&host, &format!("[data-container='{b}'] > rect")).unwrap())).await;
    click(&host, "[data-testid='peering-accept']");
    settle().await;
    let pcx = ids(&host, "[data-link]", "data-link").pop().expect("the peering is drawn");
    add_route(&host, &a_priv, "10.1.0.0/16", &pcx).await;
    own_route_table(&host, &b_priv).await;
    add_route(&host, &b_priv, "10.0.0.0/16", &pcx).await;
    assert_eq!(count(&host, "li.finding.error"), 0, "{}", text(&host, "[data-testid='findings']"));

    // Test 1: A's private EC2 → B's public EC2 by its public address: out through the NAT gateway and the
    // internet, in through B's IGW.
    let m = saved_model()["topology"].clone();
    let public_ip = m["NetworkInterfaces"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["InstanceId"] == b_pub_ec2.as_str())
        .and_then(|e| e["PublicIp"].as_str().map(String::from))
        .expect("B's public EC2 has a public IP");
    let verdict = send(&host, &a_ec2, &public_ip, 80).await;
    let hops = text(&host, "[data-testid='hop-list']");
    assert!(verdict.contains("Delivered"), "{verdict} {hops}");
    assert!(hops.contains(&nat) && hops.contains(&igws[1]), "{hops}");
    // Test 2: private to private over the peering.
    let verdict = send(&host, &a_ec2, &b_priv_ec2, 80).await;
    let hops = text(&host, "[data-testid='hop-list']");
    assert!(verdict.contains("Delivered") && hops.contains(&pcx) && !hops.contains(&nat), "{verdict} {hops}");
    // After deleting the peering, test 2 no longer arrives.
    click_el(&q(&host, &format!("[data-link='{pcx}'] text")).unwrap());
    settle().await;
    click(&host, "[data-testid='peering-delete']");
    settle().await;
    let verdict = send(&host, &a_ec2, &b_priv_ec2, 80).await;
    assert!(verdict.contains("Dropped"), "{verdict}");
    // And the seed's lab in Korean: the verdict explains itself there too.
    click(&host, "[data-testid='lang']");
    settle().await;
    assert!(text(&host, "[data-testid='verdict']").contains("차단됨"));
    click(&host, "[data-testid='lang']");
    settle().await;
}

#[wasm_bindgen_test]
async fn zoom_scales_the_drawing_and_dragging_still_lands_under_the_pointer() {
    let host = mount(true).await;
    let width = |host: &Element| q(host, "[data-node='i-b-private']").unwrap().get_bounding_client_rect().width();
    let before = width(&host);
    click(&host, "[data-testid='zoom-in']");
    settle().await;
    click(&host, "[data-testid='zoom-in']");
    settle().await;
    assert_eq!(text(&host, "[data-testid='zoom-level']"), "156%");
    assert!((width(&host) / before - 1.5625).abs() < 0.02, "drawn {}× larger", width(&host) / before);
    // A drag at 156 % still puts the instance under the pointer (positions go through the screen CTM).
    let node = q(&host, "[data-node='i-b-private']").unwrap();
    let (x, y) = center(&node);
    drag(&host, &node, (x + 60.0, y + 40.0)).await;
    let (nx, ny) = center(&q(&host, "[data-node='i-b-private']").unwrap());
    assert!((nx - x - 60.0).abs() < 3.0 && (ny - y - 40.0).abs() < 3.0, "moved to ({nx},{ny}) from ({x},{y})");
    // Fit: the drawing takes the scroll area's width.
    click(&host, "[data-testid='zoom-fit']");
    settle().await;
    let svg = q(&host, "svg.canvas").unwrap();
    let shown = svg.parent_element().unwrap().client_width();
    let drawn: f64 = svg.get_attribute("width").unwrap().parse().unwrap();
    assert!((drawn - f64::from(shown)).abs() <= 1.0, "fit drew {drawn} in {shown}");
}

#[wasm_bindgen_test]
async fn an_instance_security_groups_are_added_and_removed_and_the_last_one_stays() {
    let host = mount(true).await;
    let groups = || {
        saved_model()["topology"]["NetworkInterfaces"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["NetworkInterfaceId"] == "eni-b-priv")
            .map(|e| e["Groups"].clone())
            .unwrap()
    };
    assert_eq!(groups(), serde_json::json!(["sg-b"]));
    // A second group in B's VPC, from the VPC editor.
    click_el(&q(&host, "[data-container='vpc-b'] > rect").unwrap());
    settle().await;
    set_input(&host, "[data-testid='vpc-group-name']", "admin");
    click(&host, "[data-testid='vpc-group-create']");
    settle().await;
    let admin = saved_model()["topology"]["SecurityGroups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["GroupName"] == "admin")
        .and_then(|g| g["GroupId"].as_str().map(String::from))
        .unwrap_or_else(|| panic!("{}", text(&host, "[data-testid='inspector']")));
    // The instance's editor lists its groups and offers only the VPC's others (not A's sg-a).
    tap(&host, &q(&host, "[data-node='i-b-private']").unwrap()).await;
    assert!(text(&host, "[data-testid='eni-groups']").contains("sg-b (b-instances)"));
    let options = text(&host, "[data-testid='eni-group-select']");
    assert!(options.contains(&admin) && !options.contains("sg-a") && !options.contains("sg-b"), "{options}");
    set_select(&host, "[data-testid='eni-group-select']", &admin);
    click(&host, "[data-testid='eni-group-add']");
    settle().await;
    assert_eq!(groups(), serde_json::json!(["sg-b", admin]), "{}", text(&host, "[data-testid='inspector']"));
    assert!(q(&host, "[data-testid='sg-editor'] [data-rule-key]").is_some(), "the groups' rules are shown");
    // Remove sg-b: the packet filter now is `admin` only.
    click(&host, "[data-testid='eni-group-remove-sg-b']");
    settle().await;
    assert_eq!(groups(), serde_json::json!([admin]));
    assert!(q(&host, "[data-testid='eni-group-select']").is_some(), "sg-b can be added back");
    // Removing the last group is refused by the core, with its rule, and changes nothing.
    let before = saved_model();
    click(&host, &format!("[data-testid='eni-group-remove-{admin}']"));
    settle().await;
    let error = text(&host, "[data-testid='inline-error']");
    assert!(error.contains("eni-b-priv") && error.contains("R3.4"), "{error}");
    assert_eq!(saved_model(), before);
    // Undo restores sg-b.
    click(&host, "[data-testid='undo']");
    settle().await;
    assert_eq!(groups(), serde_json::json!(["sg-b", admin]));
}

#[wasm_bindgen_test]
async fn two_vpcs_through_a_transit_gateway_built_with_the_mouse_then_a_blackhole_route_drops() {
    let host = mount(true).await;
    click(&host, "[data-testid='new']");
    settle().await;
    // A transit gateway needs a Region: on the empty canvas the drop is refused.
    palette_drop(&host, "tgw", canvas_point(&host, 200.0, 200.0)).await;
    assert!(text(&host, "[data-testid='error']").contains("Region"), "{}", text(&host, "[data-testid='error']"));
    assert_eq!(count(&host, ".shape-transitgateway"), 0);

    let a = new_vpc(&host, canvas_point(&host, 120.0, 260.0), "10.0.0.0/16").await;
    let b = new_vpc(&host, canvas_point(&host, 300.0, 60.0), "10.1.0.0/16").await;
    let a_sub = new_subnet(&host, &a, "10.0.1.0/24").await;
    let b_sub = new_subnet(&host, &b, "10.1.1.0/24").await;
    let web_a = new_instance(&host, &a_sub).await;
    let web_b = new_instance(&host, &b_sub).await;
    // The TGW from the palette, dropped in the Region.
    let region = q(&host, "[data-container^='region/'] > rect").unwrap().get_bounding_client_rect();
    let tgw =
        new_node(&host, "tgw-", palette_drop(&host, "tgw", (region.x() + 30.0, region.y() + region.height() - 20.0)))
            .await;
    assert!(q(&host, "[data-testid='tgw-editor']").is_some(), "{}", text(&host, "[data-testid='inspector']"));
    let tables = ids(&host, "[data-tgw-table]", "data-tgw-table");
    assert_eq!(tables.len(), 1, "one default table");
    let default_rt = tables[0].clone();
    assert!(text(&host, &format!("[data-tgw-table='{default_rt}'] h5")).contains("default association"));

    // The connect gesture: each VPC's handle onto the TGW attaches it (its subnet in its AZ).
    for vpc in [&a, &b] {
        let handle = q(&host, &format!("[data-handle='{vpc}']")).unwrap();
        drag(&host, &handle, center(&q(&host, &format!("[data-node='{tgw}'] rect")).unwrap())).await;
    }
    let links = ids(&host, "[data-link^='tgw-attach-']", "data-link");
    assert_eq!(links.len(), 2, "{}", text(&host, "[data-testid='error']"));
    let m = saved_model()["topology"].clone();
    let attachment = |vpc: &str| {
        m["TransitGatewayAttachments"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["ResourceId"] == vpc)
            .cloned()
            .unwrap_or_else(|| panic!("{vpc} is not attached: {m}"))
    };
    let (att_a, att_b) = (attachment(&a), attachment(&b));
    assert_eq!(att_a["SubnetIds"], serde_json::json!([a_sub]));
    assert_eq!(att_b["SubnetIds"], serde_json::json!([b_sub]));
    let att_b_id = att_b["TransitGatewayAttachmentId"].as_str().unwrap().to_string();
    // Both attachments propagate into the default table: its routes show the two VPCs' CIDRs.
    assert!(q(&host, "[data-testid='tgw-editor']").is_some());
    let routes = text(&host, &format!("[data-tgw-table='{default_rt}'] [data-testid='tgw-routes']"));
    assert!(routes.contains(&format!("10.1.0.0/16 → {att_b_id}")) && routes.contains("10.0.0.0/16"), "{routes}");

    // Routes to the other VPC through the TGW, picked from the route target list.
    add_route(&host, &a_sub, "10.1.0.0/16", &tgw).await;
    add_route(&host, &b_sub, "10.0.0.0/16", &tgw).await;
    tap(&host, &q(&host, &format!("[data-node='{web_b}']")).unwrap()).await;
    set_select(&host, "[data-testid='sg-protocol']", "tcp");
    set_input(&host, "[data-testid='sg-from']", "80");
    set_input(&host, "[data-testid='sg-peer']", "10.0.0.0/16");
    click(&host, "[data-testid='sg-add']");
    settle().await;

    let verdict = send(&host, &web_a, &web_b, 80).await;
    let hops = text(&host, "[data-testid='hop-list']");
    assert!(verdict.contains("Delivered"), "{verdict} {hops}");
    assert!(hops.contains(&tgw) && hops.contains(&att_b_id), "the path crosses the TGW: {hops}");

    // Blackhole 10.1.0.0/16 in the default table: the static route wins over the propagated one.
    tap(&host, &q(&host, &format!("[data-node='{tgw}']")).unwrap()).await;
    let form = format!("[data-tgw-table='{default_rt}']");
    set_input(&host, &format!("{form} [data-testid='tgw-route-destination']"), "10.1.0.0/16");
    set_select(&host, &format!("{form} [data-testid='tgw-route-target']"), "blackhole");
    click(&host, &format!("{form} [data-testid='tgw-add-route']"));
    settle().await;
    assert!(
        q(&host, "[data-tgw-route='10.1.0.0/16 → blackhole']").is_some(),
        "{}",
        text(&host, "[data-testid='inspector']")
    );
    // The same static route again is refused by the core, inline.
    let before = saved_model();
    click(&host, &format!("{form} [data-testid='tgw-add-route']"));
    settle().await;
    let error = text(&host, "[data-testid='inline-error']");
    assert!(error.contains(&default_rt) && error.contains("RouteAlreadyExists"), "{error}");
    assert_eq!(saved_model(), before);
    let verdict = send(&host, &web_a, &web_b, 80).await;
    assert!(verdict.contains("Dropped") && verdict.contains("TGW_RTB_CANNOT_ROUTE"), "{verdict}");
    // The drop's deciding rule opens the TGW's editor with the blackhole route highlighted.
    let last = count(&host, "[data-testid='hop-list'] li") - 1;
    click(&host, &format!("[data-hop='{last}']"));
    settle().await;
    click(&host, "[data-testid='rule-owner']");
    settle().await;
    assert!(
        q(&host, "[data-testid='tgw-editor'] li.highlight[data-tgw-route='10.1.0.0/16 → blackhole']").is_some(),
        "{}",
        text(&host, "[data-testid='inspector']")
    );
    // An attachment link opens the TGW's editor with that attachment marked.
    click_el(&q(&host, &format!("[data-link='{att_b_id}'] text")).unwrap());
    settle().await;
    assert!(q(&host, &format!("[data-testid='tgw-editor'] li.highlight[data-attachment='{att_b_id}']")).is_some());

    // Delete the blackhole; then a table of its own for A's attachment, with no routes, drops again until
    // B's attachment propagates into it.
    tap(&host, &q(&host, &format!("[data-node='{tgw}']")).unwrap()).await;
    click(&host, "[data-testid='tgw-route-delete-10.1.0.0/16']");
    settle().await;
    assert!(send(&host, &web_a, &web_b, 80).await.contains("Delivered"));
    tap(&host, &q(&host, &format!("[data-node='{tgw}']")).unwrap()).await;
    click(&host, "[data-testid='tgw-new-table']");
    settle().await;
    let tables = ids(&host, "[data-tgw-table]", "data-tgw-table");
    let own = tables.iter().find(|t| **t != default_rt).expect("a second table").clone();
    let att_a_id = att_a["TransitGatewayAttachmentId"].as_str().unwrap().to_string();
    set_select(&host, &format!("[data-testid='tgw-assoc-{att_a_id}']"), &own);
    settle().await;
    assert!(text(&host, &format!("[data-tgw-table='{own}'] [data-testid='tgw-associations']")).contains(&att_a_id));
    let verdict = send(&host, &web_a, &web_b, 80).await;
    assert!(verdict.contains("Dropped") && verdict.contains("TGW_RTB"), "{verdict}");
    tap(&host, &q(&host, &format!("[data-node='{tgw}']")).unwrap()).await;
    let toggle: HtmlInputElement =
        q(&host, &format!("[data-testid='tgw-propagate-{own}-{att_b_id}']")).unwrap().dyn_into().unwrap();
    toggle.click();
    settle().await;
    let verdict = send(&host, &web_a, &web_b, 80).await;
    assert!(verdict.contains("Delivered"), "{verdict} {}", text(&host, "[data-testid='hop-list']"));
    // A VPC in another Region, and a TGW dropped there: created in that Region. Peering the two TGWs is a
    // request the peer side accepts (R8.1); the link is drawn once, with its state.
    palette_drop(&host, "vpc", canvas_point(&host, 60.0, 40.0)).await;
    set_input(&host, "[data-testid='draft-cidr']", "10.9.0.0/16");
    set_input(&host, "[data-testid='draft-region']", "us-east-1");
    click(&host, "[data-testid='draft-create']");
    settle().await;
    let far = q(&host, "[data-container='region/us-east-1'] > rect")
        .unwrap_or_else(|| panic!("{}", text(&host, "[data-testid='error']")))
        .get_bounding_client_rect();
    let far_tgw =
        new_node(&host, "tgw-", palette_drop(&host, "tgw", (far.x() + 20.0, far.y() + far.height() - 10.0))).await;
    let model_tgw = |id: &str| {
        saved_model()["topology"]["TransitGateways"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["TransitGatewayId"] == id)
            .cloned()
    };
    assert_eq!(model_tgw(&far_tgw).expect("created")["Region"], "us-east-1");
    assert_eq!(count(&host, ".shape-transitgateway"), 2);
    tap(&host, &q(&host, &format!("[data-node='{tgw}']")).unwrap()).await;
    set_select(&host, "[data-testid='tgw-peer']", &far_tgw);
    click(&host, "[data-testid='tgw-peer-request']");
    settle().await;
    let peering = ids(&host, "[data-link^='tgw-attach-']", "data-link")
        .into_iter()
        .find(|l| l != &att_a_id && l != &att_b_id)
        .unwrap_or_else(|| panic!("{}", text(&host, "[data-testid='inspector']")));
    assert!(text(&host, &format!("[data-link='{peering}']")).contains("pendingAcceptance"));
    assert!(q(&host, &format!("[data-testid='tgw-peer-accept-{peering}']")).is_none(), "the requester cannot accept");
    tap(&host, &q(&host, &format!("[data-node='{far_tgw}']")).unwrap()).await;
    click(&host, &format!("[data-testid='tgw-peer-accept-{peering}']"));
    settle().await;
    assert!(
        text(&host, &format!("[data-link='{peering}']")).contains("available"),
        "{}",
        text(&host, "[data-testid='inline-error']")
    );
    let states: Vec<serde_json::Value> = saved_model()["topology"]["TransitGatewayAttachments"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["TransitGatewayAttachmentId"] == peering.as_str())
        .map(|a| a["State"].clone())
        .collect();
    assert_eq!(states, vec![serde_json::json!("available"); 2], "both sides");

    // R8.6: an attachment's subnets change after creation; a second subnet in the same AZ is refused.
    let a_sub2 = new_subnet(&host, &a, "10.0.2.0/24").await;
    tap(&host, &q(&host, &format!("[data-node='{tgw}']")).unwrap()).await;
    let before = saved_model();
    set_checked(&host, &format!("[data-testid='tgw-subnet-{att_a_id}-{a_sub2}']"), true);
    click(&host, &format!("[data-testid='tgw-subnets-apply-{att_a_id}']"));
    settle().await;
    let error = text(&host, "[data-testid='inline-error']");
    assert!(error.contains("R8.6") && error.contains("AddSubnetIds"), "{error}");
    assert_eq!(saved_model(), before);
    // Swapping the subnet for the other one in the same AZ is allowed.
    set_checked(&host, &format!("[data-testid='tgw-subnet-{att_a_id}-{a_sub2}']"), true);
    set_checked(&host, &format!("[data-testid='tgw-subnet-{att_a_id}-{a_sub}']"), false);
    click(&host, &format!("[data-testid='tgw-subnets-apply-{att_a_id}']"));
    settle().await;
    let attachment_subnets = |id: &str| -> Vec<String> {
        let m = saved_model()["topology"]["TransitGatewayAttachments"].clone();
        let a = m.as_array().unwrap().iter().find(|a| a["TransitGatewayAttachmentId"] == id).cloned().unwrap();
        a["SubnetIds"].as_array().unwrap().iter().map(|s| s.as_str().unwrap().to_string()).collect()
    };
    assert_eq!(attachment_subnets(&att_a_id), vec![a_sub2.clone()], "{}", text(&host, "[data-testid='inline-error']"));
    // In Korean: the palette item and the TGW editor.
    click(&host, "[data-testid='lang']");
    settle().await;
    tap(&host, &q(&host, &format!("[data-node='{tgw}']")).unwrap()).await;
    assert!(text(&host, "[data-palette='tgw']").contains("전송 게이트웨이"));
    let editor = text(&host, "[data-testid='tgw-editor']");
    assert!(
        editor.contains("라우팅 테이블") && editor.contains("(전파됨)") && editor.contains("기본 연결"),
        "{editor}"
    );
    click(&host, "[data-testid='lang']");
    settle().await;
}

#[wasm_bindgen_test]
async fn vpc_endpoints_gateway_and_interface_created_from_the_vpc_editor() {
    let host = mount(true).await;
    let open_vpc = |host: &Element| click_el(&q(host, "[data-container='vpc-a'] > rect").unwrap());
    let check = |host: &Element, sel: &str| q(host, sel).unwrap().dyn_into::<HtmlInputElement>().unwrap().click();
    // A gateway endpoint to S3 for A's private route table.
    open_vpc(&host);
    settle().await;
    // The form's defaults: a gateway endpoint to S3.
    check(&host, "[data-testid='vpce-rtb-rtb-a-priv']");
    click(&host, "[data-testid='vpce-create']");
    settle().await;
    assert!(q(&host, "[data-testid='endpoint-editor']").is_some(), "{}", text(&host, "[data-testid='inspector']"));
    let vpce = ids(&host, "[data-node^='vpce-']", "data-node").pop().expect("the endpoint is drawn");
    assert_eq!(text(&host, "[data-testid='vpce-tables']"), "rtb-a-priv");
    let routes_of = |rtb: &str| {
        let m = saved_model()["topology"]["RouteTables"].clone();
        m.as_array().unwrap().iter().find(|r| r["RouteTableId"] == rtb).unwrap()["Routes"].to_string()
    };
    assert!(routes_of("rtb-a-priv").contains(&vpce), "the core added pl-… → {vpce}");
    // R9.1: the endpoint's tables change after creation; its route follows them.
    set_checked(&host, "[data-testid='vpce-pick-rtb-a-pub']", true);
    click(&host, "[data-testid='vpce-apply']");
    settle().await;
    assert_eq!(text(&host, "[data-testid='vpce-tables']"), "rtb-a-priv, rtb-a-pub");
    assert!(routes_of("rtb-a-pub").contains(&vpce));
    set_checked(&host, "[data-testid='vpce-pick-rtb-a-pub']", false);
    click(&host, "[data-testid='vpce-apply']");
    settle().await;
    assert_eq!(text(&host, "[data-testid='vpce-tables']"), "rtb-a-priv");
    // S3's addresses now leave A's private subnet through the endpoint, not the NAT gateway.
    let verdict = send(&host, "i-a-private", "52.216.0.10", 443).await;
    let hops = text(&host, "[data-testid='hop-list']");
    assert!(verdict.contains("Delivered") && hops.contains(&vpce) && !hops.contains("nat-a"), "{verdict} {hops}");
    // A gateway endpoint to SQS does not exist: the core refuses it (R9.1) and nothing changes.
    open_vpc(&host);
    settle().await;
    let before = saved_model();
    set_select(&host, "[data-testid='vpce-service']", "sqs");
    click(&host, "[data-testid='vpce-create']");
    settle().await;
    let error = text(&host, "[data-testid='inline-error']");
    assert!(
        error.contains("R9.1"),
        "{error} | {} | {}",
        text(&host, "[data-testid='error']"),
        text(&host, "[data-testid='inspector']")
    );
    assert_eq!(saved_model(), before);
    // An interface endpoint to SQS in A's private subnet: one ENI there, with its security groups.
    set_select(&host, "[data-testid='vpce-type']", "interface");
    check(&host, "[data-testid='vpce-subnet-subnet-a-priv']");
    click(&host, "[data-testid='vpce-create']");
    settle().await;
    assert_eq!(
        text(&host, "[data-testid='vpce-subnets']"),
        "subnet-a-priv",
        "{}",
        text(&host, "[data-testid='inspector']")
    );
    // R9.7: one subnet per AZ — adding A's public subnet (same AZ) is refused and changes nothing.
    let before = saved_model();
    set_checked(&host, "[data-testid='vpce-pick-subnet-a-pub']", true);
    click(&host, "[data-testid='vpce-apply']");
    settle().await;
    let error = text(&host, "[data-testid='inline-error']");
    assert!(error.contains("R9.7") && error.contains("subnet-a-pub"), "{error}");
    assert_eq!(saved_model(), before);
    let eni = ids(&host, "[data-testid='endpoint-editor'] [data-eni]", "data-eni").pop().expect("an endpoint ENI");
    // R9.7: the interface endpoint is drawn by its ENI, inside the subnet; a click on it opens the endpoint.
    let drawn = q(&host, &format!("[data-node='{eni}']")).expect("the endpoint's ENI is drawn");
    let subnet = q(&host, "[data-container='subnet-a-priv'] > rect").unwrap().get_bounding_client_rect();
    let (x, y) = center(&drawn);
    assert!(x > subnet.x() && x < subnet.x() + subnet.width() && y > subnet.y() && y < subnet.y() + subnet.height());
    tap(&host, &drawn).await;
    assert!(q(&host, "[data-testid='endpoint-editor']").is_some());
    // The sample VPC has no group named `default`, so the endpoint's ENI starts without one: add A's group.
    let groups = |eni: &str| {
        saved_model()["topology"]["NetworkInterfaces"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["NetworkInterfaceId"] == eni)
            .map(|e| e["Groups"].clone())
            .unwrap()
    };
    set_select(&host, "[data-testid='eni-group-select']", "sg-a");
    click(&host, "[data-testid='eni-group-add']");
    settle().await;
    assert_eq!(groups(&eni), serde_json::json!(["sg-a"]), "{}", text(&host, "[data-testid='inspector']"));
    assert!(text(&host, "[data-testid='eni-groups']").contains("sg-a"));
    click(&host, "[data-testid='eni-group-remove-sg-a']");
    settle().await;
    let error = text(&host, "[data-testid='inline-error']");
    assert!(error.contains(&eni) && error.contains("R3.4"), "{error}");
    click(&host, "[data-testid='vpce-delete']");
    settle().await;
    let m = saved_model()["topology"].clone();
    assert!(!m["NetworkInterfaces"].to_string().contains(&eni), "the endpoint's ENI went with it");
}

#[wasm_bindgen_test]
async fn dragging_an_instance_into_another_subnet_moves_it_there_through_the_core() {
    let host = mount(true).await;
    let eni_of = |model: &serde_json::Value| {
        model["topology"]["NetworkInterfaces"]
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e["NetworkInterfaceId"] == "eni-b-priv")
            .cloned()
            .unwrap()
    };
    let before = saved_model();
    assert_eq!(eni_of(&before)["SubnetId"], "subnet-b-priv");
    // Into B's public subnet: the core gives it an address there.
    let node = q(&host, "[data-node='i-b-private']").unwrap();
    let target = center(&q(&host, "[data-container='subnet-b-pub'] rect").unwrap());
    drag(&host, &node, target).await;
    let moved = eni_of(&saved_model());
    assert_eq!(moved["SubnetId"], "subnet-b-pub", "{}", text(&host, "[data-testid='error']"));
    let ip = moved["PrivateIpAddresses"][0].as_str().unwrap().to_string();
    assert!(ip.starts_with("10.1.3."), "new address {ip} inside 10.1.3.0/24");
    // One undo takes back both the move and the drag.
    click(&host, "[data-testid='undo']");
    settle().await;
    assert_eq!(eni_of(&saved_model())["SubnetId"], "subnet-b-priv");
    // Into a subnet of the other VPC: refused by the core, and the instance goes back.
    let node = q(&host, "[data-node='i-b-private']").unwrap();
    let transform = node.get_attribute("transform").unwrap();
    let target = center(&q(&host, "[data-container='subnet-a-priv'] rect").unwrap());
    drag(&host, &node, target).await;
    assert!(text(&host, "[data-testid='error']").contains("another VPC"), "{}", text(&host, "[data-testid='error']"));
    assert_eq!(eni_of(&saved_model())["SubnetId"], "subnet-b-priv");
    assert_eq!(q(&host, "[data-node='i-b-private']").unwrap().get_attribute("transform").unwrap(), transform);
}

#[wasm_bindgen_test]
async fn a_load_balancer_from_the_palette_forwards_to_the_target_registered_in_the_inspector() {
    let host = mount(true).await;
    let drop_lb = |host: Element| async move {
        let (x, y) = center(&q(&host, "[data-container='subnet-a-pub'] > rect").unwrap());
        palette_drop(&host, "lb", (x + 100.0, y)).await;
        assert!(q(&host, "[data-testid='draft-lb']").is_some(), "{}", text(&host, "[data-testid='error']"));
    };
    // An ALB needs subnets in two AZs: the core refuses one (elbv2's InvalidConfigurationRequest).
    let before = saved_model();
    drop_lb(host.clone()).await;
    click(&host, "[data-testid='draft-create']");
    settle().await;
    let error = text(&host, "[data-testid='inline-error']");
    assert!(error.contains("InvalidConfigurationRequest"), "{error}");
    assert_eq!(saved_model(), before);
    // An internet-facing NLB in A's public subnet: its node is drawn in that subnet.
    set_select(&host, "[data-testid='lb-type']", "network");
    click(&host, "[data-testid='draft-create']");
    settle().await;
    assert!(q(&host, "[data-testid='lb-editor']").is_some(), "{}", text(&host, "[data-testid='inspector']"));
    let node = ids(&host, "[data-testid='lb-editor'] [data-lb-node]", "data-lb-node").pop().expect("one node");
    assert!(q(&host, &format!("[data-node='{node}'].shape-instance")).is_some(), "the node is drawn");
    // A target group with i-a-private, and a TCP listener on 80 forwarding to it.
    click(&host, "[data-testid='tg-create']");
    settle().await;
    set_select(&host, "[data-testid='target-pick-tg-1']", "i-a-private");
    click(&host, "[data-testid='target-register-tg-1']");
    settle().await;
    assert!(
        q(&host, "[data-target-group='tg-1'] [data-target='i-a-private']").is_some(),
        "{}",
        text(&host, "[data-testid='inline-error']")
    );
    click(&host, "[data-testid='listener-add']");
    settle().await;
    assert!(
        text(&host, "[data-testid='listeners']").contains("TCP:80 → tg-1"),
        "{}",
        text(&host, "[data-testid='inline-error']")
    );
    let dns = text(&host, "[data-testid='lb-dns']");
    let lb = saved_model()["topology"]["LoadBalancers"][0].clone();
    assert_eq!(lb["Listeners"][0]["Port"], 80, "{lb}");
    // From the internet (the internet node picks a host there), a packet to the DNS name goes through the
    // IGW and the node to the target and back.
    tap(&host, &q(&host, "[data-node='internet']").unwrap()).await;
    let source: web_sys::HtmlSelectElement = q(&host, "[data-testid='source']").unwrap().dyn_into().unwrap();
    assert_eq!(source.value(), "198.51.100.7");
    let verdict = send(&host, "198.51.100.7", &dns, 80).await;
    let hops = text(&host, "[data-testid='hop-list']");
    assert!(
        verdict.contains("Delivered") && hops.contains(&node) && hops.contains("A private EC2"),
        "{verdict} {hops}"
    );
    // The load balancer's hop names the listener that decided: clicking it opens the editor with it marked.
    let hop = ids(&host, "[data-testid='hop-list'] li", "data-hop")
        .into_iter()
        .find(|i| text(&host, &format!("[data-hop='{i}']")).contains("listener TCP/80"))
        .expect("the listener's hop");
    click(&host, &format!("[data-hop='{hop}']"));
    settle().await;
    click(&host, "[data-testid='rule-owner']");
    settle().await;
    assert!(
        q(&host, "[data-testid='lb-editor'] li.highlight[data-listener='80']").is_some(),
        "{}",
        text(&host, "[data-testid='inspector']")
    );
    // A second listener on the same port is refused (DuplicateListener); deleting the listener removes it.
    tap(&host, &q(&host, &format!("[data-node='{node}']")).unwrap()).await;
    assert!(q(&host, "[data-testid='lb-editor']").is_some(), "a node opens its load balancer");
    click(&host, "[data-testid='listener-add']");
    settle().await;
    assert!(text(&host, "[data-testid='inline-error']").contains("DuplicateListener"));
    click(&host, "[data-testid='listener-delete-80']");
    settle().await;
    assert_eq!(saved_model()["topology"]["LoadBalancers"][0]["Listeners"], serde_json::json!([]));
    click(&host, "[data-testid='lb-delete']");
    settle().await;
    assert!(q(&host, &format!("[data-node='{node}']")).is_none(), "the node went with it");
}

#[wasm_bindgen_test]
async fn a_vpn_to_on_premises_built_with_the_mouse_carries_packets_both_ways() {
    let host = mount(true).await;
    // A VPN gateway dropped on VPC A: created and attached (one step), drawn on A's border.
    let vpc = q(&host, "[data-container='vpc-a'] > rect").unwrap().get_bounding_client_rect();
    palette_drop(&host, "vgw", (vpc.x() + 40.0, vpc.y() + 60.0)).await;
    let vgw = ids(&host, "[data-node^='vgw-']", "data-node")
        .pop()
        .unwrap_or_else(|| panic!("{}", text(&host, "[data-testid='error']")));
    assert!(q(&host, "[data-testid='vgw-editor']").is_some());
    // R14.2: its routes propagate into A's private table.
    q(&host, "[data-testid='vgw-propagate-rtb-a-priv']").unwrap().dyn_into::<HtmlInputElement>().unwrap().click();
    settle().await;
    // A customer gateway dropped inside a Region is refused; outside, its form opens.
    let region = q(&host, "[data-container^='region/'] > rect").unwrap().get_bounding_client_rect();
    palette_drop(&host, "cgw", (region.x() + 20.0, region.y() + 20.0)).await;
    assert!(text(&host, "[data-testid='error']").contains("Region"), "{}", text(&host, "[data-testid='error']"));
    palette_drop(&host, "cgw", canvas_point(&host, 260.0, 60.0)).await;
    click(&host, "[data-testid='draft-create']");
    settle().await;
    let cgw = ids(&host, "[data-node^='cgw-']", "data-node")
        .pop()
        .unwrap_or_else(|| panic!("{}", text(&host, "[data-testid='inspector']")));
    assert!(q(&host, "[data-testid='cgw-editor']").is_some());
    // A VPN connection to the VGW with a static route to the on-premises network; a bad CIDR is refused first.
    set_select(&host, "[data-testid='vpn-end']", &vgw);
    set_input(&host, "[data-testid='vpn-routes']", "192.168.0.0/33");
    click(&host, "[data-testid='vpn-create']");
    settle().await;
    assert!(text(&host, "[data-testid='error']").contains("Routes"), "{}", text(&host, "[data-testid='error']"));
    set_input(&host, "[data-testid='vpn-routes']", "192.168.0.0/16");
    click(&host, "[data-testid='vpn-create']");
    settle().await;
    let vpn = ids(&host, "[data-link^='vpn-']", "data-link")
        .pop()
        .unwrap_or_else(|| panic!("{}", text(&host, "[data-testid='inline-error']")));
    // Out: A's private instance to an on-premises host, through the propagated route, the VGW and the VPN.
    let verdict = send(&host, "i-a-private", "192.168.1.10", 443).await;
    let hops = text(&host, "[data-testid='hop-list']");
    assert!(verdict.contains("Delivered") && hops.contains(&vgw) && hops.contains(&vpn), "{verdict} {hops}");
    // The packet's last forward hop is drawn on the customer gateway.
    let last_forward = ids(&host, "[data-testid='hop-list'] li:not(.reply)", "data-hop").pop().unwrap();
    click(&host, &format!("[data-hop='{last_forward}']"));
    settle().await;
    let packet = q(&host, "[data-testid='packet']").unwrap().get_attribute("style").unwrap_or_default();
    let node = q(&host, &format!("[data-node='{cgw}']")).unwrap().get_attribute("transform").unwrap_or_default();
    let (x, y) = node.trim_start_matches("translate(").trim_end_matches(')').split_once(' ').unwrap();
    let (x, y): (f64, f64) = (x.parse().unwrap(), y.parse().unwrap());
    let expect = format!("translate({}px, {}px)", x + 60.0, y + 28.0);
    assert!(packet.contains(&expect), "{packet} vs {expect}");
    // In: clicking the customer gateway makes an on-premises host the source; it enters through the VPN.
    tap(&host, &q(&host, &format!("[data-node='{cgw}']")).unwrap()).await;
    let source: web_sys::HtmlSelectElement = q(&host, "[data-testid='source']").unwrap().dyn_into().unwrap();
    assert_eq!(source.value(), "192.168.0.10");
    // sg-a allows 80 (not 443) from anywhere.
    let verdict = send(&host, "192.168.0.10", "i-a-private", 80).await;
    let hops = text(&host, "[data-testid='hop-list']");
    assert!(verdict.contains("Delivered") && hops.contains(&vpn) && hops.contains("A private EC2"), "{verdict} {hops}");
    // In Korean: the editor and the palette.
    click(&host, "[data-testid='lang']");
    settle().await;
    assert!(text(&host, "[data-palette='cgw']").contains("고객 게이트웨이"));
    assert!(text(&host, "[data-testid='cgw-editor']").contains("VPN 연결"));
    click(&host, "[data-testid='lang']");
    settle().await;
}

#[wasm_bindgen_test]
async fn ipv6_out_through_an_egress_only_gateway_built_in_the_inspector() {
    let host = mount(true).await;
    let open = |host: &Element, sel: &str| click_el(&q(host, sel).unwrap());
    // R1.6: the VPC's /56, the subnet's /64, the instance's address; R5.11: the egress-only gateway.
    open(&host, "[data-container='vpc-a'] > rect");
    settle().await;
    click(&host, "[data-testid='vpc-add-ipv6']");
    settle().await;
    let block = text(&host, "[data-testid='vpc-ipv6']");
    assert!(block.ends_with("/56"), "{block} {}", text(&host, "[data-testid='inline-error']"));
    click(&host, "[data-testid='vpc-add-eigw']");
    settle().await;
    let eigw = ids(&host, "[data-node^='eigw-']", "data-node").pop().expect("the EIGW is drawn on the border");
    assert!(q(&host, "[data-testid='eigw-editor']").is_some());
    // The instance has no IPv6 address until its subnet has a /64: the core refuses first.
    tap(&host, &q(&host, "[data-node='i-a-private']").unwrap()).await;
    click(&host, "[data-testid='instance-assign-ipv6']");
    settle().await;
    assert!(text(&host, "[data-testid='inline-error']").contains("R1.6"));
    open(&host, "[data-container='subnet-a-priv'] > rect");
    settle().await;
    let suggested: HtmlInputElement = q(&host, "[data-testid='subnet-ipv6']").unwrap().dyn_into().unwrap();
    assert!(suggested.value().ends_with("/64"), "{}", suggested.value());
    click(&host, "[data-testid='subnet-ipv6-set']");
    settle().await;
    tap(&host, &q(&host, "[data-node='i-a-private']").unwrap()).await;
    click(&host, "[data-testid='instance-assign-ipv6']");
    settle().await;
    let address = text(&host, "[data-testid='instance-ipv6']");
    assert!(address.contains("::"), "{address} {}", text(&host, "[data-testid='inline-error']"));
    // sg-a lets IPv4 out only: an outbound rule for ::/0, and a ::/0 route to the EIGW.
    tap(&host, &q(&host, "[data-node='i-a-private']").unwrap()).await;
    set_select(&host, "[data-testid='sg-direction']", "egress");
    set_select(&host, "[data-testid='sg-protocol']", "-1");
    set_input(&host, "[data-testid='sg-peer']", "::/0");
    click(&host, "[data-testid='sg-add']");
    settle().await;
    add_route(&host, "subnet-a-priv", "::/0", &eigw).await;
    let verdict = send(&host, "i-a-private", "2606:4700:4700::1111", 443).await;
    let hops = text(&host, "[data-testid='hop-list']");
    assert!(verdict.contains("Delivered") && hops.contains(&eigw), "{verdict} {hops}");
}

#[wasm_bindgen_test]
async fn direct_connect_is_drawn_on_premises_and_sends_from_there() {
    // The sample lab with a VGW on VPC A and a private VIF to it advertising 172.16.0.0/16 (R14.7, R14.8).
    let mut doc: serde_json::Value = serde_json::from_str(web::state::SAMPLE).unwrap();
    let t = &mut doc["topology"];
    t["VpnGateways"] = serde_json::json!([{"VpnGatewayId": "vgw-dx", "VpcId": "vpc-a"}]);
    t["VirtualInterfaces"] = serde_json::json!([{"VirtualInterfaceId": "dxvif-1", "VirtualInterfaceType": "private",
        "GatewayId": "vgw-dx", "AdvertisedRoutes": ["172.16.0.0/16"]}]);
    let topology: vpc_core::Topology = serde_json::from_value(t.clone()).unwrap();
    let _ = gloo::utils::window().local_storage().unwrap().unwrap().clear();
    web::io::save(&topology, &Default::default());
    let host = mount(false).await;
    let vif = q(&host, "[data-node='dxvif-1'].shape-onprem").expect("the VIF is drawn on premises");
    assert!(q(&host, "[data-link='dxvif-1']").is_some(), "linked to its VGW");
    tap(&host, &vif).await;
    let source: web_sys::HtmlSelectElement = q(&host, "[data-testid='source']").unwrap().dyn_into().unwrap();
    assert_eq!(source.value(), "172.16.0.10", "a host in the advertised prefix");
    assert!(text(&host, "[data-testid='vif-editor']").contains("172.16.0.0/16"), "the VIF's view");
    let verdict = send(&host, "172.16.0.10", "i-a-private", 80).await;
    let hops = text(&host, "[data-testid='hop-list']");
    assert!(verdict.contains("Delivered") && hops.contains("dxvif-1") && hops.contains("vgw-dx"), "{verdict} {hops}");
}

#[wasm_bindgen_test]
async fn all_pairs_reachability_lists_blocked_pairs_and_a_click_sends_one() {
    let host = mount(true).await;
    q(&host, "details.reachability").unwrap().set_attribute("open", "").unwrap();
    set_input(&host, "[data-testid='reach-port']", "22");
    click(&host, "[data-testid='reach-run']");
    settle().await;
    let summary = text(&host, "[data-testid='reach-summary']");
    // The sample: three instances, so six ordered pairs; A's private instance reaches no one over SSH until
    // the peering routes are added, and B's instances reach each other.
    assert!(summary.contains("/6 pairs reachable"), "{summary}");
    let rows = ids(&host, "[data-testid='reach-results'] li", "data-reach");
    assert!(!rows.is_empty(), "{summary}");
    let row = q(&host, &format!("[data-reach='{}']", rows[0])).unwrap();
    let code = row.get_attribute("data-code").unwrap();
    click_el(&row);
    settle().await;
    // The forward or the reply verdict shows the same drop.
    let verdicts = text(&host, "section.hops");
    assert!(verdicts.contains("Dropped") && verdicts.contains(&code), "{verdicts} vs {code}");
    // A change makes the result stale until it is run again.
    let subnet = q(&host, "[data-container='subnet-b-priv'] rect").unwrap();
    let (sx, sy) = center(&subnet);
    drag(&host, &q(&host, "[data-palette='instance']").unwrap(), (sx + 60.0, sy)).await;
    assert!(text(&host, "details.reachability").contains("analyse again"));
    click(&host, "[data-testid='reach-run']");
    settle().await;
    assert!(text(&host, "[data-testid='reach-summary']").contains("/12 pairs reachable"));
}

/// A key pressed on `target` (the document, or a field being typed in).
fn key_on(target: &web_sys::EventTarget, k: &str, ctrl: bool, shift: bool) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(k);
    init.set_ctrl_key(ctrl);
    init.set_shift_key(shift);
    init.set_bubbles(true);
    target
        .dispatch_event(&web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap())
        .unwrap();
}

#[wasm_bindgen_test]
async fn keyboard_delete_undo_redo_escape_space_and_arrows() {
    let host = mount(true).await;
    let doc: web_sys::EventTarget = gloo::utils::document().into();
    let press = |k: &str, ctrl: bool, shift: bool| key_on(&doc, k, ctrl, shift);
    let has_instance = || saved_model()["topology"]["Instances"].to_string().contains("i-b-private");
    // Delete terminates the selected instance; Ctrl+Z brings it back, Ctrl+Shift+Z takes it away again.
    tap(&host, &q(&host, "[data-node='i-b-private']").unwrap()).await;
    press("Delete", false, false);
    settle().await;
    assert!(!has_instance() && q(&host, "[data-node='i-b-private']").is_none());
    press("z", true, false);
    settle().await;
    assert!(has_instance());
    press("z", true, true);
    settle().await;
    assert!(!has_instance());
    press("z", true, false);
    settle().await;
    // A VPC with subnets cannot be deleted: the core's refusal is shown and nothing changes.
    click_el(&q(&host, "[data-container='vpc-a'] > rect").unwrap());
    settle().await;
    let before = saved_model();
    press("Delete", false, false);
    settle().await;
    assert!(
        text(&host, "[data-testid='inline-error']").contains("vpc-a"),
        "{}",
        text(&host, "[data-testid='inspector']")
    );
    assert_eq!(saved_model(), before);
    // Typing in a field is not a shortcut.
    tap(&host, &q(&host, "[data-node='i-b-private']").unwrap()).await;
    key_on(&q(&host, "[data-testid='destination']").unwrap().into(), "Delete", false, false);
    settle().await;
    assert!(has_instance());
    // Escape closes the inspector.
    press("Escape", false, false);
    settle().await;
    assert!(q(&host, "[data-testid='inspector']").is_none());
    // Space plays and pauses; the arrows step through the hops.
    send(&host, "i-a-private", "i-b-private", 80).await;
    press(" ", false, false);
    settle().await;
    let counter = || text(&host, ".controls .counter");
    let at = counter();
    press("ArrowRight", false, false);
    settle().await;
    let next = counter();
    assert_ne!(at, next, "a step forward");
    press("ArrowLeft", false, false);
    settle().await;
    assert_eq!(counter(), at, "and back");
}

#[wasm_bindgen_test]
async fn a_new_network_acl_denies_until_entries_are_added() {
    let host = mount(true).await;
    assert!(send(&host, "i-b-public", "i-b-private", 80).await.contains("Delivered"));
    // R4.4: a custom NACL from the VPC's editor, associated with B's private subnet, denies everything.
    click_el(&q(&host, "[data-container='vpc-b'] > rect").unwrap());
    settle().await;
    click(&host, "[data-testid='vpc-new-acl']");
    settle().await;
    let acls: Vec<String> = saved_model()["topology"]["NetworkAcls"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["VpcId"] == "vpc-b")
        .map(|a| a["NetworkAclId"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(acls.len(), 2, "{}", text(&host, "[data-testid='inline-error']"));
    let custom = acls.iter().find(|a| *a != "acl-b").unwrap().clone();
    click_el(&q(&host, "[data-container='subnet-b-priv'] > rect").unwrap());
    settle().await;
    set_select(&host, "[data-testid='subnet-nacl']", &custom);
    settle().await;
    let verdict = send(&host, "i-b-public", "i-b-private", 80).await;
    assert!(verdict.contains("SUBNET_ACL_RESTRICTION"), "{verdict}");
}
