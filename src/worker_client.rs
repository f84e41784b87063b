//! The page's side of the simulation worker: spawn it, send it [`ToWorker`] messages (queued
//! until it says [`FromWorker::Ready`]), receive [`FromWorker`] messages, and terminate it.
//!
//! Trunk builds the worker (`src/bin/agora-worker.rs`) as `agora-worker.js` +
//! `agora-worker_bg.wasm` (wasm-bindgen's no-modules target, unhashed names) next to
//! `index.html`; `www/agora-worker-loader.js` loads them. The path is relative so the site works
//! from any folder.

use crate::worker::{FromWorker, ToWorker};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::Callback;

/// Where trunk puts the worker's loader script, relative to the page.
pub const WORKER_URL: &str = "./agora-worker-loader.js";

/// A running worker. Dropping it terminates the worker.
pub struct WorkerHandle {
    worker: web_sys::Worker,
    ready: Rc<Cell<bool>>,
    queue: Rc<RefCell<Vec<String>>>,
    _on_message: Closure<dyn FnMut(web_sys::MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::ErrorEvent)>,
}

impl WorkerHandle {
    /// Start a worker; every message it sends is passed to `on_message`.
    pub fn spawn(on_message: Callback<FromWorker>) -> Result<Self, String> {
        let worker = web_sys::Worker::new(WORKER_URL).map_err(|e| {
            format!(
                "The simulation worker could not be started ({}).",
                js_error_text(&e)
            )
        })?;
        let ready = Rc::new(Cell::new(false));
        let queue: Rc<RefCell<Vec<String>>> = Rc::new(RefCell::new(Vec::new()));

        let on_msg = {
            let ready = ready.clone();
            let queue = queue.clone();
            let worker = worker.clone();
            let cb = on_message.clone();
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                let Some(text) = ev.data().as_string() else {
                    return;
                };
                match serde_json::from_str::<FromWorker>(&text) {
                    Ok(FromWorker::Ready) => {
                        ready.set(true);
                        for m in queue.borrow_mut().drain(..) {
                            let _ = worker.post_message(&JsValue::from_str(&m));
                        }
                        cb.emit(FromWorker::Ready);
                    }
                    Ok(msg) => cb.emit(msg),
                    Err(e) => cb.emit(FromWorker::Failed {
                        message: format!(
                            "The worker sent a message the page does not understand ({e})."
                        ),
                    }),
                }
            })
        };
        worker.set_onmessage(Some(on_msg.as_ref().unchecked_ref()));

        let on_err = {
            let cb = on_message;
            Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |ev: web_sys::ErrorEvent| {
                ev.prevent_default();
                let detail = ev.message();
                let message = if detail.is_empty() {
                    "The simulation worker could not be loaded or stopped unexpectedly. Reload the page and try again.".to_string()
                } else {
                    format!("The simulation worker stopped unexpectedly ({detail}). Reload the page and try again.")
                };
                cb.emit(FromWorker::Failed { message });
            })
        };
        worker.set_onerror(Some(on_err.as_ref().unchecked_ref()));

        Ok(WorkerHandle {
            worker,
            ready,
            queue,
            _on_message: on_msg,
            _on_error: on_err,
        })
    }

    /// Send a message (queued until the worker is ready).
    pub fn send(&self, msg: &ToWorker) {
        let text = msg.to_json();
        if self.ready.get() {
            let _ = self.worker.post_message(&JsValue::from_str(&text));
        } else {
            self.queue.borrow_mut().push(text);
        }
    }
}

impl Drop for WorkerHandle {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

/// The message of a JS exception, or its string form.
pub fn js_error_text(e: &JsValue) -> String {
    if let Some(err) = e.dyn_ref::<js_sys::Error>() {
        return String::from(err.message());
    }
    e.as_string().unwrap_or_else(|| format!("{e:?}"))
}
