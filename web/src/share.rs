//! Share links: the native document, deflated (miniz_oxide) and base64url-encoded into the URL fragment
//! (`#s=1.…`), so nothing leaves the browser. The coding runs in the worker (`import_worker`), so the deflate
//! code is not part of the page's first download. Loading a link replaces the topology only when the whole
//! document decodes and validates; a bad link says why and leaves the topology untouched.

use vpc_core::formats::native;
use vpc_core::Topology;

use crate::io::Positions;

/// What the fragment starts with; `1.` is the encoding's version.
pub const PREFIX: &str = "#s=1.";
/// Longer links get a warning: some browsers, servers and chat tools cut URLs near 8,000 characters.
pub const LONG_LINK: usize = 8_000;
/// An inflated document larger than this is refused (a hostile link must not exhaust memory).
const MAX_DOCUMENT: usize = 16 << 20;

pub fn encode(topology: &Topology, positions: &Positions) -> Result<String, String> {
    let view = native::View { positions: positions.clone(), ..Default::default() };
    let text = native::write(topology, &view).map_err(|e| e.to_string())?;
    let packed = miniz_oxide::deflate::compress_to_vec(text.as_bytes(), 9);
    Ok(format!("{PREFIX}{}", base64url(&packed)))
}

pub fn decode(fragment: &str) -> Result<(Topology, Positions), String> {
    let body = fragment.strip_prefix(PREFIX).ok_or("share link: not a vpcsim link (expected #s=1.…)")?;
    let packed = from_base64url(body).ok_or("share link: the link is damaged (not base64url)")?;
    let bytes = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_DOCUMENT)
        .map_err(|_| "share link: the link is damaged or cut short (cannot inflate)")?;
    let text = String::from_utf8(bytes).map_err(|_| "share link: the document is not UTF-8")?;
    let doc = native::read("share link", &text).map_err(|e| e.to_string())?;
    Ok((doc.topology, doc.view.positions))
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// RFC 4648 §5 without padding.
pub fn base64url(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for k in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * k)) & 63) as usize]));
        }
    }
    out
}

pub fn from_base64url(text: &str) -> Option<Vec<u8>> {
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for c in text.bytes() {
        let v = ALPHABET.iter().position(|a| *a == c)? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Some(out)
}

/// The share-link fragment a page was opened with (`#s=…`), if any. The fragment is removed once read, so a
/// reload goes back to the autosave instead of overwriting later work with the link's state.
pub fn from_location() -> Option<String> {
    let window = web_sys::window()?;
    let hash = window.location().hash().ok()?;
    if !hash.starts_with("#s=") {
        return None;
    }
    if let (Ok(history), Ok(path), Ok(search)) =
        (window.history(), window.location().pathname(), window.location().search())
    {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("{path}{search}")));
    }
    Some(hash)
}

pub fn link(fragment: &str) -> String {
    let href = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    let base = href.split('#').next().unwrap_or_default();
    format!("{base}{fragment}")
}
