//! Downloads generated in the page (exports): a file is handed to the browser through a
//! temporary `<a download>` element, so nothing leaves the machine.
//!
//! - [`save_text`]: wrap the text in a `Blob`, make an object URL, click a temporary anchor,
//!   then revoke the URL (the browser has started the download by then).
//! - [`save_data_url`]: the same with a `data:` URL (a canvas' `toDataURL()`).

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, Url};

/// Offer `text` as a file named `filename` with MIME type `mime`.
pub fn save_text(filename: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let opts = BlobPropertyBag::new();
    opts.set_type(mime);
    let blob = Blob::new_with_str_sequence_and_options(&parts, &opts)
        .map_err(|e| describe("could not prepare the file", &e))?;
    let url = Url::create_object_url_with_blob(&blob)
        .map_err(|e| describe("could not prepare the download", &e))?;
    let result = click_link(filename, &url);
    // The click has handed the blob to the download manager: the URL can go.
    let _ = Url::revoke_object_url(&url);
    result
}

/// Offer the content of a `data:` URL as a file named `filename`.
pub fn save_data_url(filename: &str, url: &str) -> Result<(), String> {
    if !url.starts_with("data:") {
        return Err("the image could not be read from the chart".into());
    }
    click_link(filename, url)
}

fn click_link(filename: &str, href: &str) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("downloads need a browser page")?;
    let body = document.body().ok_or("downloads need a page body")?;
    let a: HtmlAnchorElement = document
        .create_element("a")
        .map_err(|e| describe("could not start the download", &e))?
        .dyn_into()
        .map_err(|_| "could not start the download".to_string())?;
    a.set_href(href);
    a.set_download(filename);
    a.set_attribute("style", "display:none")
        .map_err(|e| describe("could not start the download", &e))?;
    body.append_child(&a)
        .map_err(|e| describe("could not start the download", &e))?;
    a.click();
    a.remove();
    Ok(())
}

fn describe(what: &str, e: &JsValue) -> String {
    match e.as_string().or_else(|| {
        e.dyn_ref::<js_sys::Error>()
            .map(|err| String::from(err.message()))
    }) {
        Some(m) if !m.is_empty() => format!("{what}: {m}"),
        _ => format!("{what}."),
    }
}
