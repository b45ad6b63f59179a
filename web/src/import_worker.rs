//! Import off the main thread. describe-* and Terraform files are parsed in a web worker built as its own wasm
//! module (`src/bin/import_worker.rs`, `data-type="worker"` in index.html), fetched only when the user imports:
//! the importers stay out of the page's first download (BENCHMARKS.md: 54 KB gzipped) and the page keeps
//! drawing while a large snapshot is read.
//!
//! Protocol: the worker posts `"ready"` once its module runs (a message sent before that would be lost while
//! the module loads); the page then posts `[[name, text], …]`; the worker answers `[true, native document]` or
//! `[false, message]`. The native document (topology + positions) is the same text export writes.
//!
//! With the `inline-import` feature (the default, so `cargo test` exercises the importers in the browser
//! without a worker bundle) the page imports in place instead; the release build turns it off.

use js_sys::Array;
use wasm_bindgen::JsValue;

use crate::io::{self, Positions};
use vpc_core::formats::native;
use vpc_core::Topology;

/// What an import ends with.
pub type Imported = Result<(Topology, Positions), String>;

/// The callback of a running import, taken by whichever of answer or error comes first.
#[cfg(not(feature = "inline-import"))]
type Pending = std::rc::Rc<std::cell::RefCell<Option<Box<dyn FnOnce(Imported)>>>>;

/// The worker's answer to one request.
fn answer(request: &JsValue) -> Result<String, String> {
    let files: Vec<(String, String)> = Array::from(request)
        .iter()
        .map(|pair| {
            let pair = Array::from(&pair);
            (pair.get(0).as_string().unwrap_or_default(), pair.get(1).as_string().unwrap_or_default())
        })
        .collect();
    let (topology, positions) = io::import(&files)?;
    let view = native::View { positions, ..Default::default() };
    native::write(&topology, &view).map_err(|e| e.to_string())
}

/// Worker side: answers every message until the page terminates the worker.
pub fn serve() {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
        let (ok, text) = match answer(&e.data()) {
            Ok(doc) => (true, doc),
            Err(msg) => (false, msg),
        };
        let _ = reply.post_message(&Array::of2(&JsValue::from_bool(ok), &JsValue::from_str(&text)));
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget(); // lives as long as the worker
    let _ = scope.post_message(&JsValue::from_str(READY));
}

const READY: &str = "ready";

/// Page side: imports `files`, in the worker (release) or in place (`inline-import`), then calls `done`.
pub fn import(files: Vec<(String, String)>, done: impl FnOnce(Imported) + 'static) {
    #[cfg(feature = "inline-import")]
    done(io::import(&files));
    #[cfg(not(feature = "inline-import"))]
    in_worker(files, done);
}

#[cfg(not(feature = "inline-import"))]
fn in_worker(files: Vec<(String, String)>, done: impl FnOnce(Imported) + 'static) {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    // Relative to the page, so a site hosted under any sub-path finds it.
    let worker = match web_sys::Worker::new("./import_worker_loader.js") {
        Ok(w) => w,
        Err(_) => return done(Err(String::from("the import worker could not be started"))),
    };
    let done: Pending = Rc::new(RefCell::new(Some(Box::new(done))));
    let finish = {
        let (done, worker) = (done.clone(), worker.clone());
        move |result: Imported| {
            worker.terminate();
            if let Some(done) = done.borrow_mut().take() {
                done(result);
            }
        }
    };
    let mut request = Some(files);
    let on_message = {
        let (finish, worker) = (finish.clone(), worker.clone());
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            if e.data().as_string().as_deref() == Some(READY) {
                let message: Array = request
                    .take()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(n, t)| Array::of2(&JsValue::from_str(&n), &JsValue::from_str(&t)))
                    .collect();
                if worker.post_message(&message).is_err() {
                    finish(Err(String::from("the files could not be handed to the import worker")));
                }
                return;
            }
            let reply = Array::from(&e.data());
            let text = reply.get(1).as_string().unwrap_or_default();
            finish(match reply.get(0).as_bool() {
                Some(true) => {
                    native::read("import", &text).map(|d| (d.topology, d.view.positions)).map_err(|e| e.to_string())
                }
                _ => Err(text),
            })
        })
    };
    let on_error = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |e: web_sys::ErrorEvent| {
        finish(Err(format!("the import worker failed: {}", e.message())))
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // Both handlers live until the worker ends; an import is a rare, user-started event.
    on_message.forget();
    on_error.forget();
}
