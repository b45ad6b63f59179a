//! The diagram as a file: SVG (the canvas's own markup with the stylesheet and the icons inlined, the
//! palette left out) and PNG (that SVG drawn onto a canvas element and rasterised by the browser, which
//! loads nothing an SVG image refers to: hence the inlined icons).

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, CanvasRenderingContext2d, HtmlCanvasElement, HtmlImageElement, Url};

/// The page's own stylesheets as text (read from the CSSOM rather than compiled in: the page loads app.css
/// anyway, and its 7 KB stay out of the wasm), so an exported file looks like the screen.
fn page_styles() -> String {
    let sheets = gloo::utils::document().style_sheets();
    let mut css = String::new();
    for i in 0..sheets.length() {
        let Some(rules) = sheets.item(i).and_then(|s| s.dyn_into::<web_sys::CssStyleSheet>().ok()?.css_rules().ok())
        else {
            continue;
        };
        for k in 0..rules.length() {
            if let Some(rule) = rules.item(k) {
                css.push_str(&rule.css_text());
                css.push('\n');
            }
        }
    }
    css
}

/// The icons the diagram draws from `icons/`, compiled in so an exported file carries them.
const ICONS: [(&str, &str); 8] = [
    ("icons/internet.svg", include_str!("../../static/icons/internet.svg")),
    ("icons/onprem.svg", include_str!("../../static/icons/onprem.svg")),
    ("icons/instance.svg", include_str!("../../static/icons/instance.svg")),
    ("icons/nat.svg", include_str!("../../static/icons/nat.svg")),
    ("icons/lb.svg", include_str!("../../static/icons/lb.svg")),
    ("icons/igw.svg", include_str!("../../static/icons/igw.svg")),
    ("icons/vgw.svg", include_str!("../../static/icons/vgw.svg")),
    ("icons/endpoint.svg", include_str!("../../static/icons/endpoint.svg")),
];

/// Points each `<image>` at its icon's text as a data URI (the icons are ASCII, so `btoa` takes them).
fn inline_icons(svg: &web_sys::Element) {
    let Ok(images) = svg.query_selector_all("image") else { return };
    for i in 0..images.length() {
        let Some(image) = images.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) else { continue };
        let href = image.get_attribute("href").unwrap_or_default();
        let Some((_, text)) = ICONS.iter().find(|(path, _)| *path == href) else { continue };
        if let Ok(b64) = gloo::utils::window().btoa(text) {
            let _ = image.set_attribute("href", &format!("data:image/svg+xml;base64,{b64}"));
        }
    }
}

/// The canvas as a standalone SVG document.
pub fn svg_text() -> Result<(String, u32, u32), String> {
    let svg = gloo::utils::document().query_selector("svg.canvas").ok().flatten().ok_or("no diagram to export")?;
    let clone: web_sys::Element =
        svg.clone_node_with_deep(true).map_err(|_| "cannot copy the diagram")?.unchecked_into();
    if let Ok(Some(palette)) = clone.query_selector(".palette") {
        palette.remove();
    }
    inline_icons(&clone);
    let width = clone.get_attribute("width").and_then(|w| w.parse().ok()).unwrap_or(800);
    let height = clone.get_attribute("height").and_then(|h| h.parse().ok()).unwrap_or(600);
    let markup = clone.outer_html();
    // The stylesheet goes right after the opening tag; CSS text is ours, not user data.
    let open_end = markup.find('>').ok_or("cannot copy the diagram")?;
    let style = format!("<style>{}</style>", page_styles().replace('<', ""));
    Ok((format!("{}{style}{}", &markup[..=open_end], &markup[open_end + 1..]), width, height))
}

fn blob(text: &str, mime: &str) -> Result<Blob, String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = BlobPropertyBag::new();
    opts.set_type(mime);
    Blob::new_with_str_sequence_and_options(&parts, &opts).map_err(|_| String::from("cannot create the file"))
}

pub fn download(blob: &Blob, name: &str) -> Result<(), String> {
    let url = Url::create_object_url_with_blob(blob).map_err(|_| "cannot create the file")?;
    let a: web_sys::HtmlAnchorElement =
        gloo::utils::document().create_element("a").map_err(|_| "no document")?.unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = Url::revoke_object_url(&url);
    Ok(())
}

pub fn export_svg() -> Result<(), String> {
    let (text, _, _) = svg_text()?;
    download(&blob(&text, "image/svg+xml")?, "vpcsim-diagram.svg")
}

/// Rasterises the SVG; the download happens when the browser has drawn it (asynchronously).
pub fn export_png() -> Result<(), String> {
    let (text, width, height) = svg_text()?;
    let url = Url::create_object_url_with_blob(&blob(&text, "image/svg+xml")?).map_err(|_| "cannot create the file")?;
    let img = HtmlImageElement::new().map_err(|_| "cannot create an image")?;
    let canvas: HtmlCanvasElement =
        gloo::utils::document().create_element("canvas").map_err(|_| "no document")?.unchecked_into();
    canvas.set_width(width);
    canvas.set_height(height);
    let on_load = {
        let (img, url) = (img.clone(), url.clone());
        Closure::once_into_js(move || {
            let _ = Url::revoke_object_url(&url);
            let Some(ctx) =
                canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
            else {
                return;
            };
            ctx.set_fill_style_str("#fff");
            ctx.fill_rect(0.0, 0.0, f64::from(width), f64::from(height));
            let _ = ctx.draw_image_with_html_image_element(&img, 0.0, 0.0);
            let done = Closure::once_into_js(move |b: JsValue| {
                if let Ok(b) = b.dyn_into::<Blob>() {
                    let _ = download(&b, "vpcsim-diagram.png");
                }
            });
            let _ = canvas.to_blob(done.unchecked_ref());
        })
    };
    img.set_onload(Some(on_load.unchecked_ref()));
    img.set_src(&url);
    Ok(())
}
