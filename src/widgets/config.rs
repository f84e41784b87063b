//! The parts of a lab's settings panel every lab has: the preset picker and the JSON editor.

use agora_engine::experiment::Experiment;
use agora_engine::presets::Preset;
use std::rc::Rc;
use yew::prelude::*;

/// Properties of [`PresetPicker`].
#[derive(Properties, PartialEq)]
pub struct PresetPickerProps {
    /// The lab's presets, in menu order.
    pub presets: Rc<Vec<Preset>>,
    /// The experiment being edited (a preset is selected when it equals it).
    pub current: Experiment,
    /// Called with the chosen preset's name.
    pub on_pick: Callback<String>,
}

/// A `<select>` of the lab's presets (`preset`) with the chosen one's description
/// (`preset-description`); "Custom settings" when the experiment is no preset.
#[function_component(PresetPicker)]
pub fn preset_picker(p: &PresetPickerProps) -> Html {
    let selected = p
        .presets
        .iter()
        .find(|x| x.experiment == p.current)
        .map(|x| x.name)
        .unwrap_or("custom");
    let description = p
        .presets
        .iter()
        .find(|x| x.name == selected)
        .map(|x| x.description)
        .unwrap_or("Your own settings.");
    let onchange = p.on_pick.reform(|e: Event| {
        let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
        sel.value()
    });
    html! {
        <label class="field wide">
            <span class="field-label">{"Preset"}</span>
            <select data-testid="preset" {onchange}>
                if selected == "custom" {
                    <option value="custom" selected=true>{"Custom settings"}</option>
                }
                { for p.presets.iter().map(|x| html! {
                    <option value={x.name} selected={x.name == selected}>{ x.title }</option>
                }) }
            </select>
            <span class="hint" data-testid="preset-description">{ description }</span>
        </label>
    }
}

/// Properties of [`JsonEditor`].
#[derive(Properties, PartialEq)]
pub struct JsonEditorProps {
    pub text: AttrValue,
    /// The text was edited since it last showed the settings.
    pub dirty: bool,
    pub error: Option<AttrValue>,
    /// A lab-specific line under the box.
    #[prop_or_default]
    pub hint: Option<AttrValue>,
    pub on_input: Callback<String>,
    pub on_apply: Callback<()>,
    pub on_revert: Callback<()>,
}

/// The whole experiment as editable JSON (`json-editor`, `config-json`, `apply-json`,
/// `revert-json`, `json-error`).
#[function_component(JsonEditor)]
pub fn json_editor(p: &JsonEditorProps) -> Html {
    let oninput = p.on_input.reform(|e: InputEvent| {
        let t: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
        t.value()
    });
    html! {
        <details class="json-editor group" data-testid="json-editor">
            <summary>{"Edit as JSON"}</summary>
            <p class="hint">{"The whole experiment: the same format as the command line (agora run) and the share links."}</p>
            <textarea data-testid="config-json" rows="14" spellcheck="false" aria-label="Experiment as JSON"
                value={p.text.clone()} {oninput} />
            <div class="button-row">
                <button type="button" class="btn primary" data-testid="apply-json"
                    onclick={p.on_apply.reform(|_| ())}>{"Apply"}</button>
                <button type="button" class="btn" data-testid="revert-json" disabled={!p.dirty}
                    onclick={p.on_revert.reform(|_| ())}>{"Revert to current settings"}</button>
            </div>
            if let Some(e) = &p.error {
                <p class="field-error" role="alert" data-testid="json-error">{ e.clone() }</p>
            }
            if let Some(h) = &p.hint {
                <p class="hint">{ h.clone() }</p>
            }
        </details>
    }
}
