//! Small helpers shared by the editors: reading form fields at click time (so tests and people can fill
//! fields in any order) and the refusal text for a field the core never saw because it did not parse.

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// The value of an `<input>` or `<select>` behind a node ref, trimmed; empty when there is none.
pub fn value(r: &NodeRef) -> String {
    if let Some(i) = r.cast::<HtmlInputElement>() {
        return i.value().trim().to_string();
    }
    r.cast::<HtmlSelectElement>().map(|s| s.value().trim().to_string()).unwrap_or_default()
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

/// A labelled row.
pub fn row(label: &str, body: Html) -> Html {
    html! { <div class="row"><span class="row-label">{ label.to_string() }</span>{ body }</div> }
}
