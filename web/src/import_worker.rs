//! Work off the page's first download and off the main thread: reading imported files (.zip archives,
//! describe-* and Terraform JSON), coding share links (deflate and base64url) and all-pairs reachability. It runs in a web worker
//! built as its own wasm module (`src/bin/import_worker.rs`, `data-type="worker"` in index.html), fetched only
//! when the user imports, shares or opens a share link: the importers, the zip reader and the deflate coder
//! stay out of the page's wasm (BENCHMARKS.md), and the page keeps drawing while a large snapshot is read.
//!
//! Protocol: the worker posts `"ready"` once its module runs (a message sent before that would be lost while
//! the module loads); the page then posts one request, `[[name, bytes], …]`; the worker answers
//! `[true, text]` or `[false, message]`. A request is files to import (answer: the native document), or a
//! single entry named [`SHARE_OPEN`] holding a link's fragment (answer: the native document) or
//! [`SHARE_MAKE`] holding a native document (answer: the fragment), or [`REACH`] with a native document and
//! `"<protocol> <port>"` (answer: [`reach_text`]).
//!
//! With the `inline-import` feature (the default, so `cargo test` exercises all of it in the browser without a
//! worker bundle) the page answers in place instead; the release build turns it off.

use js_sys::{Array, Uint8Array};
use wasm_bindgen::JsValue;

use crate::io::Positions;
use vpc_core::formats::native;
use vpc_core::Topology;

/// What an import or an opened share link ends with.
pub type Imported = Result<(Topology, Positions), String>;

/// The entry name of a request to open a share link (the fragment, `#s=1.…`).
const SHARE_OPEN: &str = "#share-open";
/// The entry name of a request to make a share link (the native document).
const SHARE_MAKE: &str = "#share-make";

/// The entry name of an all-pairs reachability request (the native document, then the query).
const REACH: &str = "#reach";

/// The callback of a running request, taken by whichever of answer or error comes first.
#[cfg(not(feature = "inline-import"))]
type Pending = std::rc::Rc<std::cell::RefCell<Option<Box<dyn FnOnce(Result<String, String>)>>>>;

/// The answer to one request (worker side, or in place under `inline-import`).
fn answer(mut request: Vec<(String, Vec<u8>)>) -> Result<String, String> {
    let text = |bytes: Vec<u8>| String::from_utf8_lossy(&bytes).into_owned();
    let document = |(topology, positions): (Topology, Positions)| {
        let view = native::View { positions, ..Default::default() };
        native::write(&topology, &view).map_err(|e| e.to_string())
    };
    match request.as_slice() {
        [(name, _)] if name == SHARE_MAKE => {
            let doc = native::read("share link", &text(request.remove(0).1)).map_err(|e| e.to_string())?;
            crate::share::encode(&doc.topology, &doc.view.positions)
        }
        [(name, _)] if name == SHARE_OPEN => document(crate::share::decode(&text(request.remove(0).1))?),
        [(name, _), _] if name == REACH => {
            let query = text(request.remove(1).1);
            let doc = native::read("reachability", &text(request.remove(0).1)).map_err(|e| e.to_string())?;
            let (protocol, port) = query.split_once(' ').unwrap_or_default();
            let protocol = vpc_core::packet::Protocol::parse(protocol).ok_or("reachability: unknown protocol")?;
            let query = vpc_core::reach::Query::new(protocol, port.parse().unwrap_or(0));
            let r = vpc_core::reach::reach(doc.topology, &query).map_err(|e| e.to_string())?;
            Ok(reach_text(&r))
        }
        _ => document(crate::io::import(&crate::io::expand(request)?)?),
    }
}

/// A reachability result as lines the page reads without a JSON parser: `interfaces classes total reachable
/// unreachable`, then one line per class pair that is not reachable, `from\tto\tpairs\tleg\tCODE` (the
/// representative pair's ENIs; leg `forward`, `return`, or `refused` with the engine's message).
fn reach_text(r: &vpc_core::reach::Reach) -> String {
    use vpc_core::reach::{Leg, Outcome};
    let p = &r.pairs;
    let mut out = format!("{} {} {} {} {}\n", r.interfaces, r.classes.len(), p.total, p.reachable, p.unreachable);
    for c in &r.results {
        let (leg, why) = match &c.outcome {
            Outcome::Reachable => continue,
            Outcome::Unreachable { leg, reason } => (
                if *leg == Leg::Forward { "forward" } else { "return" },
                reason.map(|r| r.code()).unwrap_or("").to_string(),
            ),
            Outcome::Refused { error } => ("refused", error.to_string()),
        };
        out.push_str(&format!("{}\t{}\t{}\t{leg}\t{why}\n", c.traced.from, c.traced.to, c.pairs));
    }
    out
}

/// Worker side: answers every message until the page terminates the worker.
pub fn serve() {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let reply = scope.clone();
    let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
        let request = Array::from(&e.data())
            .iter()
            .map(|pair| {
                let pair = Array::from(&pair);
                (pair.get(0).as_string().unwrap_or_default(), Uint8Array::new(&pair.get(1)).to_vec())
            })
            .collect();
        let (ok, text) = match answer(request) {
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

/// A native document as a topology and its layout.
fn read_document(result: Result<String, String>) -> Imported {
    let doc = native::read("import", &result?).map_err(|e| e.to_string())?;
    Ok((doc.topology, doc.view.positions))
}

/// Imports chosen files (their bytes: a .zip is opened in the worker), then calls `done`.
pub fn import(files: Vec<(String, Vec<u8>)>, done: impl FnOnce(Imported) + 'static) {
    run(files, move |r| done(read_document(r)));
}

/// Opens a share link's fragment (`#s=1.…`), then calls `done`; a bad link is an error naming the link.
pub fn open_share(fragment: String, done: impl FnOnce(Imported) + 'static) {
    run(vec![(String::from(SHARE_OPEN), fragment.into_bytes())], move |r| done(read_document(r)));
}

/// Makes the share-link fragment of a topology and its layout, then calls `done`.
pub fn make_share(topology: &Topology, positions: &Positions, done: impl FnOnce(Result<String, String>) + 'static) {
    let view = native::View { positions: positions.clone(), ..Default::default() };
    match native::write(topology, &view) {
        Ok(text) => run(vec![(String::from(SHARE_MAKE), text.into_bytes())], done),
        Err(e) => done(Err(e.to_string())),
    }
}

/// All-pairs reachability of a topology for one protocol and port (`reach_text`'s lines), then `done`.
pub fn reach(topology: &Topology, protocol: &str, port: u16, done: impl FnOnce(Result<String, String>) + 'static) {
    match native::write(topology, &native::View::default()) {
        Ok(text) => {
            let query = format!("{protocol} {port}").into_bytes();
            run(vec![(String::from(REACH), text.into_bytes()), (String::from("query"), query)], done)
        }
        Err(e) => done(Err(e.to_string())),
    }
}

/// Answers a request in the worker (release) or in place (`inline-import`).
fn run(request: Vec<(String, Vec<u8>)>, done: impl FnOnce(Result<String, String>) + 'static) {
    #[cfg(feature = "inline-import")]
    done(answer(request));
    #[cfg(not(feature = "inline-import"))]
    in_worker(request, done);
}

#[cfg(not(feature = "inline-import"))]
fn in_worker(request: Vec<(String, Vec<u8>)>, done: impl FnOnce(Result<String, String>) + 'static) {
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    // Relative to the page, so a site hosted under any sub-path finds it.
    let worker = match web_sys::Worker::new("./import_worker_loader.js") {
        Ok(w) => w,
        Err(_) => return done(Err(String::from("the worker could not be started"))),
    };
    let done: Pending = Rc::new(RefCell::new(Some(Box::new(done))));
    let finish = {
        let (done, worker) = (done.clone(), worker.clone());
        move |result: Result<String, String>| {
            worker.terminate();
            if let Some(done) = done.borrow_mut().take() {
                done(result);
            }
        }
    };
    let mut request = Some(request);
    let on_message = {
        let (finish, worker) = (finish.clone(), worker.clone());
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            if e.data().as_string().as_deref() == Some(READY) {
                let message: Array = request
                    .take()
                    .unwrap_or_default()
                    .into_iter()
                    .map(|(n, bytes)| Array::of2(&JsValue::from_str(&n), &Uint8Array::from(bytes.as_slice())))
                    .collect();
                if worker.post_message(&message).is_err() {
                    finish(Err(String::from("the request could not be handed to the worker")));
                }
                return;
            }
            let reply = Array::from(&e.data());
            let text = reply.get(1).as_string().unwrap_or_default();
            finish(if reply.get(0).as_bool() == Some(true) { Ok(text) } else { Err(text) })
        })
    };
    let on_error = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |e: web_sys::ErrorEvent| {
        finish(Err(format!("the worker failed: {}", e.message())))
    });
    worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    // Both handlers live until the worker ends; a request is a rare, user-started event.
    on_message.forget();
    on_error.forget();
}
