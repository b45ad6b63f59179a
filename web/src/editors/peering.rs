//! A peering connection: its status (R7.1) and the calls each status allows: the accepter's Accept or
//! Reject while the request is pending, Delete while it is pending or active.

use vpc_core::edit::Edit;
use vpc_core::model::PeeringStatus;
use yew::prelude::*;

use super::form::row;
use crate::i18n::t;
use crate::state::{Action, Store};

pub fn view(store: &Store, id: &str) -> Html {
    let lang = store.lang;
    let topo = store.now.topology.clone();
    let Some(pcx) = topo.vpc_peering_connections.iter().find(|x| x.vpc_peering_connection_id == id) else {
        return html! {};
    };
    let status = serde_json::to_value(pcx.status).ok().and_then(|v| v.as_str().map(String::from)).unwrap_or_default();
    let d = store.dispatcher();
    let id = id.to_string();
    // Edits are built when clicked (a fn of the id), so no `Edit` is cloned per click (smaller wasm).
    let button = |key: &'static str, testid: &'static str, make: fn(String) -> Edit| {
        let id = id.clone();
        let cb = d.to_callback().reform(move |_: MouseEvent| Action::Edit(make(id.clone())));
        html! { <button data-testid={testid} onclick={cb}>{ t(lang, key) }</button> }
    };
    let pending = pcx.status == PeeringStatus::PendingAcceptance;
    let live = pending || pcx.status == PeeringStatus::Active;
    html! {
        <div class="editor" key={id.clone()} data-testid="peering-editor">
            <h4>{ t(lang, "peering") }</h4>
            { row(t(lang, "status"), html! { <strong data-testid="peering-status">{ status }</strong> }) }
            { row(t(lang, "requester"), html! { <span class="mono">{ pcx.requester_vpc_id.clone() }</span> }) }
            { row(t(lang, "accepter"), html! { <span class="mono">{ pcx.accepter_vpc_id.clone() }</span> }) }
            <p class="hint">{ t(lang, "peering_hint") }</p>
            <div class="buttons">
                { if pending { button("accept", "peering-accept", |id| Edit::AcceptVpcPeeringConnection { vpc_peering_connection_id: id }) } else { html! {} } }
                { if pending { button("reject", "peering-reject", |id| Edit::RejectVpcPeeringConnection { vpc_peering_connection_id: id }) } else { html! {} } }
                { if live { button("delete", "peering-delete", |id| Edit::DeleteVpcPeeringConnection { vpc_peering_connection_id: id }) } else { html! {} } }
            </div>
        </div>
    }
}
