//! Small helpers shared by the editors: reading a form's fields when its button is clicked (so people and
//! tests can fill them in any order, and editors need no component state: they are plain functions, which
//! keeps the wasm small), and the refusal text for a value the core never saw because it did not parse.

use vpc_core::edit::Edit;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::i18n::t;
use crate::state::{Action, Store};

fn form_of(e: &MouseEvent) -> Option<Element> {
    e.target().and_then(|t| t.dyn_into::<Element>().ok()).and_then(|b| b.closest(".form").ok().flatten())
}

/// The value of the field `name="…"` in the `.form` the clicked button belongs to, trimmed; empty if none.
pub fn field(e: &MouseEvent, name: &str) -> String {
    let Some(el) = form_of(e).and_then(|f| f.query_selector(&format!("[name='{name}']")).ok().flatten()) else {
        return String::new();
    };
    if let Some(i) = el.dyn_ref::<HtmlInputElement>() {
        return i.value().trim().to_string();
    }
    el.dyn_ref::<HtmlSelectElement>().map(|s| s.value().trim().to_string()).unwrap_or_default()
}

/// The values of the checked checkboxes `name="…"` in the `.form` the clicked button belongs to.
pub fn checked_values(e: &MouseEvent, name: &str) -> Vec<String> {
    let Some(list) = form_of(e).and_then(|f| f.query_selector_all(&format!("[name='{name}']:checked")).ok()) else {
        return Vec::new();
    };
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into::<HtmlInputElement>().ok()).map(|i| i.value()).collect()
}

/// What to add to `current` and remove from it to get `chosen`: the two lists of AWS's Modify… calls.
pub fn changes(current: &[String], chosen: &[String]) -> (Vec<String>, Vec<String>) {
    let add = chosen.iter().filter(|c| !current.contains(c)).cloned().collect();
    let remove = current.iter().filter(|c| !chosen.contains(c)).cloned().collect();
    (add, remove)
}

/// Whether the checkbox that fired `e` is checked.
pub fn checked(e: &Event) -> bool {
    e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()).is_some_and(|i| i.checked())
}

/// The value of the `<select>` that fired `e`.
pub fn selected(e: &Event) -> String {
    e.target().and_then(|t| t.dyn_into::<HtmlSelectElement>().ok()).map(|s| s.value()).unwrap_or_default()
}

/// The message for a value that does not parse, in the core's `resource field: message` shape.
pub fn not_a(resource: &str, field: &str, value: &str, what: &str) -> String {
    format!("{resource} {field}: `{value}` is not {what}")
}

/// The row that renames a resource (its `Name` tag), with `{prefix}-name` / `{prefix}-rename` test ids.
pub fn name_row(store: &Store, id: &str, name: &Option<String>, prefix: &str) -> Html {
    let lang = store.lang;
    let on_rename = {
        let id = id.to_string();
        store
            .dispatcher()
            .to_callback()
            .reform(move |e: MouseEvent| Action::Edit(Edit::Rename { id: id.clone(), name: field(&e, "name") }))
    };
    row(
        t(lang, "name"),
        html! { <span class="form"><input name="name" data-testid={format!("{prefix}-name")} value={name.clone().unwrap_or_default()} />
        <button data-testid={format!("{prefix}-rename")} onclick={on_rename}>{ t(lang, "rename") }</button></span> },
    )
}

/// A labelled row.
pub fn row(label: &str, body: Html) -> Html {
    html! { <div class="row"><span class="row-label">{ label.to_string() }</span>{ body }</div> }
}
