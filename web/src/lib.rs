//! vpcsim in the browser: a Yew app over the `vpc-core` engine. The web edits the model only through the
//! core's edit path and renders the core's traces; it never decides a verdict.

pub mod canvas;
pub mod editors;
pub mod export;
pub mod findings;
pub mod i18n;
pub mod import_worker;
pub mod io;
pub mod layout;
pub mod palette;
pub mod panels;
pub mod reachability;
pub mod recipes;
pub mod share;
pub mod state;
pub mod zip;

use gloo::events::EventListener;
use gloo::file::callbacks::FileReader;
use vpc_core::reason::Lang;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

use canvas::Canvas;
use editors::Inspector;
use i18n::t;
use state::{Action, State, Store};

#[component]
pub fn App() -> Html {
    let store: Store = use_reducer(|| {
        let lang = io::saved_lang();
        match io::restore() {
            Some((topology, positions)) => State::new(topology, positions, lang),
            None => State::sample(lang),
        }
    });
    // A share link wins over the autosave once the worker has decoded it; a bad one is reported and
    // changes nothing.
    {
        let d = store.dispatcher();
        use_effect_with((), move |_| {
            if let Some(fragment) = share::from_location() {
                import_worker::open_share(fragment, move |result| match result {
                    Ok((topology, positions)) => d.dispatch(Action::Load(Box::new(topology), positions)),
                    Err(msg) => d.dispatch(Action::Error(Some(msg))),
                });
            }
        });
    }
    let share_link = use_state(|| None::<String>);

    // Autosave every model or layout change.
    {
        let now = store.now.clone();
        use_effect_with(now, |now| io::save(&now.topology, &now.positions));
    }
    {
        let lang = store.lang;
        use_effect_with(lang, |lang| {
            io::save_lang(*lang);
            gloo::utils::document().set_title(t(*lang, "title"));
        });
    }
    // Playback: one hop per tick while playing.
    {
        let (playing, speed, step, d) = (store.playing, store.speed, store.step, store.dispatcher());
        use_effect_with((playing, speed, step), move |(playing, speed, _)| {
            let timer =
                playing.then(|| gloo::timers::callback::Timeout::new(1200 / *speed, move || d.dispatch(Action::Tick)));
            move || drop(timer)
        });
    }
    // Keyboard: Ctrl+Z / Ctrl+Shift+Z, Space, ← →, Esc, Delete.
    {
        let d = store.dispatcher();
        use_effect_with((), move |_| {
            let listener = EventListener::new(&gloo::utils::document(), "keydown", move |e| {
                let Some(e) = e.dyn_ref::<KeyboardEvent>() else { return };
                let typing = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
                if typing {
                    return;
                }
                let action = match (e.key().as_str(), e.ctrl_key() || e.meta_key(), e.shift_key()) {
                    ("z" | "Z", true, false) => Some(Action::Undo),
                    ("z" | "Z", true, true) => Some(Action::Redo),
                    (" ", false, _) => Some(Action::TogglePlay),
                    ("ArrowRight", false, _) => Some(Action::Step(1)),
                    ("ArrowLeft", false, _) => Some(Action::Step(-1)),
                    ("Escape", _, _) => Some(Action::Select(None)),
                    ("Delete" | "Backspace", false, _) => Some(Action::DeleteSelected),
                    _ => None,
                };
                if let Some(a) = action {
                    e.prevent_default();
                    d.dispatch(a);
                }
            });
            move || drop(listener)
        });
    }

    let readers = use_mut_ref(Vec::<FileReader>::new);
    let on_import = {
        let (d, readers, lang) = (store.dispatcher(), readers.clone(), store.lang);
        Callback::from(move |e: Event| {
            let Some(input) = e.target().and_then(|t| t.dyn_into::<HtmlInputElement>().ok()) else { return };
            let Some(list) = input.files() else { return };
            let files: Vec<gloo::file::File> =
                (0..list.length()).filter_map(|i| list.get(i)).map(gloo::file::File::from).collect();
            let total = files.len();
            let read = std::rc::Rc::new(std::cell::RefCell::new(Vec::<(String, Vec<u8>)>::new()));
            d.dispatch(Action::Progress(Some(format!("{} 0/{total}", t(lang, "reading")))));
            for f in files {
                let (d, read, name) = (d.clone(), read.clone(), f.name());
                let reader = gloo::file::callbacks::read_as_bytes(&f, move |r| {
                    read.borrow_mut().push((name, r.unwrap_or_default()));
                    let done = read.borrow().len();
                    d.dispatch(Action::Progress(Some(format!("{} {done}/{total}", t(lang, "reading")))));
                    if done < total {
                        return;
                    }
                    let all = std::mem::take(&mut *read.borrow_mut());
                    d.dispatch(Action::Progress(Some(t(lang, "importing").to_string())));
                    // Let the progress text paint first (the import runs in a worker in the release page, in place
                    // under the `inline-import` feature the tests use).
                    let d = d.clone();
                    gloo::timers::callback::Timeout::new(30, move || {
                        import_worker::import(all, move |result| {
                            match result {
                                Ok((topology, positions)) => d.dispatch(Action::Load(Box::new(topology), positions)),
                                Err(msg) => d.dispatch(Action::Error(Some(msg))),
                            }
                            d.dispatch(Action::Progress(None));
                        });
                    })
                    .forget();
                });
                readers.borrow_mut().push(reader);
            }
            input.set_value("");
        })
    };
    let lang = store.lang;
    let d = store.dispatcher();
    let on_export = {
        let now = store.now.clone();
        let d = d.clone();
        Callback::from(move |_: MouseEvent| {
            if let Err(msg) = io::export(&now.topology, &now.positions) {
                d.dispatch(Action::Error(Some(msg)));
            }
        })
    };
    let on_share = {
        let (now, d, share_link) = (store.now.clone(), d.clone(), share_link.clone());
        Callback::from(move |_: MouseEvent| {
            let (d, share_link) = (d.clone(), share_link.clone());
            import_worker::make_share(&now.topology, &now.positions, move |result| match result {
                Ok(fragment) => share_link.set(Some(share::link(&fragment))),
                Err(msg) => d.dispatch(Action::Error(Some(msg))),
            })
        })
    };
    let on_export_svg = {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| {
            if let Err(msg) = export::export_svg() {
                d.dispatch(Action::Error(Some(msg)));
            }
        })
    };
    let on_export_png = {
        let d = d.clone();
        Callback::from(move |_: MouseEvent| {
            if let Err(msg) = export::export_png() {
                d.dispatch(Action::Error(Some(msg)));
            }
        })
    };
    let share_box = (*share_link).clone().map(|url| {
        let long = url.len() > share::LONG_LINK;
        html! {
            <div class="share" data-testid="share">
                <input class="share-url" data-testid="share-url" readonly=true value={url.clone()} />
                <span class="hint">{ format!("{} {}", url.len(), t(lang, "characters")) }</span>
                { if long { html! { <p class="warning" data-testid="share-warning">{ t(lang, "long_url") }</p> } } else { html! {} } }
            </div>
        }
    });
    let other = if lang == Lang::En { Lang::Ko } else { Lang::En };
    let sample = store.dispatcher().to_callback().reform(move |_: MouseEvent| match State::sample(lang) {
        s if s.error.is_none() => Action::Load(Box::new((*s.now.topology).clone()), (*s.now.positions).clone()),
        s => Action::Error(s.error),
    });
    html! {
        <ContextProvider<Store> context={store.clone()}>
            <div class="app" data-testid="app">
                <header class="toolbar">
                    <h1>{ "vpcsim" }</h1>
                    <button data-testid="undo" onclick={d.to_callback().reform(|_: MouseEvent| Action::Undo)} disabled={store.undo.is_empty()}>{ t(lang, "undo") }</button>
                    <button data-testid="redo" onclick={d.to_callback().reform(|_: MouseEvent| Action::Redo)} disabled={store.redo.is_empty()}>{ t(lang, "redo") }</button>
                    <button data-testid="new" onclick={d.to_callback().reform(|_: MouseEvent| Action::New)}>{ t(lang, "new_empty") }</button>
                    <button onclick={sample}>{ t(lang, "reset") }</button>
                    <button data-testid="export" onclick={on_export}>{ t(lang, "export") }</button>
                    <label class="file">{ t(lang, "import") }
                        <input data-testid="import" type="file" multiple=true accept=".json,.zip,application/json,application/zip" onchange={on_import} />
                    </label>
                    <button data-testid="export-svg" onclick={on_export_svg}>{ t(lang, "export_svg") }</button>
                    <button data-testid="export-png" onclick={on_export_png}>{ t(lang, "export_png") }</button>
                    <button data-testid="share-button" onclick={on_share}>{ t(lang, "share") }</button>
                    <button data-testid="lang" onclick={d.to_callback().reform(move |_: MouseEvent| Action::SetLang(other))}>{ t(lang, "language") }</button>
                </header>
                { store.error.clone().map(|e| html! {
                    <div class="error" role="alert" data-testid="error">
                        <strong>{ t(lang, "error") }{ ": " }</strong>{ e }
                        <button onclick={d.to_callback().reform(|_: MouseEvent| Action::Error(None))}>{ "×" }</button>
                    </div>
                }).unwrap_or_default() }
                { for share_box }
                { store.progress.clone().map(|p| html! { <div class="progress" data-testid="progress">{ p }</div> }).unwrap_or_default() }
                { panels::composer(&store) }
                <main class="workspace">
                    <div class="canvas-wrap"><Canvas /></div>
                    <aside class="side">
                        { panels::controls(&store) }
                        { panels::hop_list(&store) }
                        { panels::hop_detail(&store) }
                        <Inspector />
                        { findings::view(&store) }
                        { reachability::view(&store) }
                        { panels::state_panels(&store) }
                    </aside>
                </main>
            </div>
        </ContextProvider<Store>>
    }
}
