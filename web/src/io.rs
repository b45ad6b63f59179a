//! Keeping and moving work: autosave to localStorage, export and import of the native JSON document, and
//! import of AWS describe-* files. A bad file leaves the topology untouched and says why.

use std::collections::BTreeMap;

use gloo::storage::{LocalStorage, Storage};
use vpc_core::formats::{aws, native};
use vpc_core::reason::Lang;
use vpc_core::Topology;
use wasm_bindgen::JsCast;

use crate::state::{AUTOSAVE_KEY, LANG_KEY};

pub type Positions = BTreeMap<String, (f64, f64)>;

pub fn save(topology: &Topology, positions: &Positions) {
    let view = native::View { positions: positions.clone(), ..Default::default() };
    if let Ok(text) = native::write(topology, &view) {
        let _ = LocalStorage::set(AUTOSAVE_KEY, text);
    }
}

/// The autosaved document, if there is a readable one.
pub fn restore() -> Option<(Topology, Positions)> {
    let text: String = LocalStorage::get(AUTOSAVE_KEY).ok()?;
    let doc = native::read("autosave", &text).ok()?;
    Some((doc.topology, doc.view.positions))
}

pub fn saved_lang() -> Lang {
    match LocalStorage::get::<String>(LANG_KEY).ok().as_deref() {
        Some("ko") => Lang::Ko,
        _ => Lang::En,
    }
}

pub fn save_lang(lang: Lang) {
    let _ = LocalStorage::set(LANG_KEY, if lang == Lang::Ko { "ko" } else { "en" });
}

/// Reads a dropped or chosen file: a native document, or one or more AWS describe-* outputs.
pub fn import(files: &[(String, String)]) -> Result<(Topology, Positions), String> {
    if let [(name, text)] = files {
        if text.contains("\"format_version\"") && (text.contains("\"planned_values\"") || text.contains("\"values\"")) {
            let imported = vpc_core::formats::terraform::import(name, text).map_err(|e| e.to_string())?;
            return Ok((imported.topology, Positions::new()));
        }
        if text.contains("\"vpcsim\"") {
            let doc = native::read(name, text).map_err(|e| e.to_string())?;
            return Ok((doc.topology, doc.view.positions));
        }
    }
    let imported = aws::import(files).map_err(|e| e.to_string())?;
    if imported.topology.vpcs.is_empty() {
        return Err(String::from("no VPC found: expected a vpcsim document or describe-* output (Vpcs, Subnets, …)"));
    }
    Ok((imported.topology, Positions::new()))
}

/// Chosen files as text: a .zip is opened (its .json entries, by their paths inside the archive, so
/// `<region>/` folders keep their meaning); other files are read as UTF-8.
pub fn expand(files: Vec<(String, Vec<u8>)>) -> Result<Vec<(String, String)>, String> {
    let mut out = Vec::new();
    for (name, bytes) in files {
        if crate::zip::is_zip(&bytes) {
            let inner = crate::zip::entries(&name, &bytes)?;
            out.extend(
                inner
                    .into_iter()
                    .filter(|(n, _)| n.to_ascii_lowercase().ends_with(".json"))
                    .map(|(n, b)| (n, String::from_utf8_lossy(&b).into_owned())),
            );
        } else {
            out.push((name, String::from_utf8_lossy(&bytes).into_owned()));
        }
    }
    if out.is_empty() {
        return Err(String::from("no .json file found in the chosen files"));
    }
    Ok(out)
}

/// Offers the document as a download.
pub fn export(topology: &Topology, positions: &Positions) -> Result<(), String> {
    let view = native::View { positions: positions.clone(), ..Default::default() };
    let text = native::write(topology, &view).map_err(|e| e.to_string())?;
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(&text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("application/json");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(|_| "cannot create the file")?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| "cannot create the file")?;
    let a: web_sys::HtmlAnchorElement =
        gloo::utils::document().create_element("a").map_err(|_| "no document")?.unchecked_into();
    a.set_href(&url);
    a.set_download("vpcsim-topology.json");
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}
