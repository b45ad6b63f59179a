//! The findings panel: `vpc_core::validate` findings (errors AWS would refuse, warnings for likely mistakes),
//! each naming its resource, field and rule. Clicking one selects the resource: on the canvas when it is
//! drawn (an interface selects its instance) and in the inspector. In Korean a finding leads with its rule's
//! Korean explanation (`vpc_core::rules::summary_ko`) and keeps the engine's English detail as "AWS 메시지".

use vpc_core::reason::Lang;
use vpc_core::validate::{validate, Severity};
use vpc_core::Topology;
use yew::prelude::*;

use crate::i18n::t;
use crate::state::{Action, Store};

/// What to select for a finding's resource: an instance's interface selects the instance.
pub fn selection_for(t: &Topology, resource: &str) -> String {
    t.network_interfaces
        .iter()
        .find(|e| e.network_interface_id == resource)
        .and_then(|e| e.instance_id.clone())
        .unwrap_or_else(|| resource.to_string())
}

/// A plain function of the store rather than a component: one Yew component less in the wasm.
pub fn view(store: &Store) -> Html {
    let lang = store.lang;
    let topo = store.now.topology.clone();
    let findings = validate(&topo);
    let d = store.dispatcher();
    let rows = findings.iter().enumerate().map(|(i, f)| {
        let target = selection_for(&topo, &f.resource);
        let class = classes!(
            "finding",
            if f.severity == Severity::Error { "error" } else { "warning" },
            (store.selected.as_deref() == Some(target.as_str())).then_some("current")
        );
        let onclick = d.to_callback().reform(move |_: MouseEvent| Action::Select(Some(target.clone())));
        // In Korean the rule's Korean explanation comes first, the engine's English detail after it, smaller (as
        // in `i18n::refusal`).
        let text = match (lang, vpc_core::rules::summary_ko(&f.rule)) {
            (Lang::Ko, Some(summary)) => html! {
                <>
                    { format!(" {} {}: {} (규칙 {}) ", f.resource, f.field, summary.trim_end_matches('.'), f.rule) }
                    <small>{ format!("— AWS 메시지: {}", f.message) }</small>
                </>
            },
            _ => html! { { format!(" {} {}: {} ({})", f.resource, f.field, f.message, f.rule) } },
        };
        html! {
            <li class={class} data-finding={i.to_string()} data-code={f.code.clone()} onclick={onclick}>
                <strong>{ f.code.clone() }</strong>{ text }
            </li>
        }
    });
    html! {
        <details class="findings" open={!findings.is_empty()}>
            <summary>{ format!("{} ({})", t(lang, "findings"), findings.len()) }</summary>
            <ul data-testid="findings">
                { if findings.is_empty() { html! { <li>{ t(lang, "no_findings") }</li> } } else { html! {} } }
                { for rows }
            </ul>
        </details>
    }
}
