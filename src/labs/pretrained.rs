//! Pre-trained results: presets whose run takes long (the meta-RL lab's training) ship their
//! results as files (`pretrained/<preset>.json`, the document `agora run` prints; see
//! [`agora_engine::presets::PRETRAINED`]). Picking such a preset fetches its file and shows the
//! results at once, with their digest; pressing Run trains again in the browser and checks that
//! the same digest comes out.

use agora_engine::experiment::{Experiment, ResultsDocument};
use agora_engine::presets;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use yew::prelude::*;

/// Where the page is with a preset's pre-trained results.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Pretrained {
    /// None asked for (or a run replaced them).
    #[default]
    None,
    /// Fetching the file of this preset.
    Loading(String),
    /// Shown: the preset and the digest of its file.
    Shown { preset: String, digest: String },
    /// The file could not be had or read: why, for the student.
    Failed { preset: String, message: String },
}

/// True if `preset` ships pre-trained results.
pub fn has_file(preset: &str) -> bool {
    presets::PRETRAINED.contains(&preset)
}

/// Fetch the file of `preset` and read it; an error says why, in plain words.
pub async fn fetch(preset: String) -> Result<ResultsDocument, String> {
    let path = presets::pretrained_file(&preset);
    let text = fetch_text(&path)
        .await
        .map_err(|e| format!("{path} could not be loaded ({e})"))?;
    ResultsDocument::read(&text).map_err(|e| format!("{path} could not be read: {e}"))
}

async fn fetch_text(path: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no browser window")?;
    let resp = JsFuture::from(window.fetch_with_str(path))
        .await
        .map_err(|_| "the network is unreachable".to_string())?;
    let resp: web_sys::Response = resp.dyn_into().map_err(|_| "no response".to_string())?;
    if !resp.ok() {
        return Err(format!("HTTP {}", resp.status()));
    }
    let text = resp.text().map_err(|_| "no body".to_string())?;
    let body = JsFuture::from(text)
        .await
        .map_err(|_| "the download broke off".to_string())?;
    body.as_string().ok_or_else(|| "not text".to_string())
}

/// The line above the results about pre-trained results, if any.
pub fn view(p: &Pretrained, exp: &Experiment) -> Html {
    match p {
        Pretrained::None => html! {},
        Pretrained::Loading(preset) => html! {
            <p class="msg note" role="status" data-testid="pretrained-loading">
                { format!("Loading the pre-trained results of the preset “{}”…", title(preset)) }
            </p>
        },
        Pretrained::Shown { preset, digest } => html! {
            <p class="msg note" role="status" data-testid="pretrained">
                { format!("Pre-trained: these are the results of the preset “{}” as `agora run` computed them (digest {digest}), loaded at once. Press ", title(preset)) }
                <strong>{"Run"}</strong>
                { format!(" to train the {} again in this browser: the digest should come out the same.", what(exp)) }
            </p>
        },
        Pretrained::Failed { preset, message } => html! {
            <p class="msg note" role="status" data-testid="pretrained-error">
                { format!("The pre-trained results of the preset “{}” are not available ({message}). Press Run to train here.", title(preset)) }
            </p>
        },
    }
}

fn title(preset: &str) -> String {
    presets::find(preset).map_or_else(|| preset.to_string(), |p| p.title.to_string())
}

fn what(exp: &Experiment) -> &'static str {
    match exp {
        Experiment::Metarl(_) => "agents",
        _ => "experiment",
    }
}
