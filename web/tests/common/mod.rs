//! What the browser tests share: mounting the real app into a fresh host and letting Yew settle.

use gloo::timers::future::TimeoutFuture;
use web_sys::Element;

thread_local! {
    static APP: std::cell::RefCell<Option<yew::AppHandle<web::App>>> = const { std::cell::RefCell::new(None) };
}

/// Mounts the app into a new `<div>` (earlier hosts removed); `fresh` clears localStorage first, otherwise
/// the app restores whatever the test saved there.
pub async fn mount(fresh: bool) -> Element {
    let doc = gloo::utils::document();
    if fresh {
        let _ = gloo::utils::window().local_storage().unwrap().unwrap().clear();
    }
    // One app at a time: the earlier test's app is destroyed (its document listeners — keyboard shortcuts —
    // and its autosave go with it) and its host removed.
    if let Some(app) = APP.with(|a| a.borrow_mut().take()) {
        app.destroy();
    }
    while let Some(old) = doc.query_selector(".test-host").unwrap() {
        old.remove();
    }
    let host = doc.create_element("div").unwrap();
    host.set_class_name("test-host");
    doc.body().unwrap().append_child(&host).unwrap();
    let app = yew::Renderer::<web::App>::with_root(host.clone()).render();
    APP.with(|a| *a.borrow_mut() = Some(app));
    settle().await;
    host
}

pub async fn settle() {
    yew::scheduler::flush().await;
    TimeoutFuture::new(20).await;
    yew::scheduler::flush().await;
}
