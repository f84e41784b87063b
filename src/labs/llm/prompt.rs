//! The prompt as the model will see it: the lab's prompt factors (engine data, shown
//! generically: a select for a factor with several options, a checkbox for an on/off one), the
//! editable system text and the first request.

use super::{checked, first_llm, select_value, textarea_value, LlmPanel, Msg};
use agora_engine::llm::{Factor, FactorValue, Role};
use yew::prelude::*;

/// One factor as a form field (test id `llm-<id>`).
fn view_factor(link: &yew::html::Scope<LlmPanel>, f: &Factor) -> Html {
    let id = f.id;
    let testid = format!("llm-{id}");
    match &f.value {
        FactorValue::Flag(on) => {
            let onchange =
                link.callback(move |e: Event| Msg::SetFactor(id, FactorValue::Flag(checked(&e))));
            html! {
                <label class="field check" title={f.source}>
                    <input type="checkbox" data-testid={testid} checked={*on} {onchange} />
                    <span><strong>{ f.label }</strong>{ ": " }{ f.help }</span>
                </label>
            }
        }
        FactorValue::Choice(current) => {
            let onchange = link.callback(move |e: Event| {
                Msg::SetFactor(id, FactorValue::Choice(select_value(&e)))
            });
            html! {
                <label class="field" title={f.help}>
                    <span class="field-label">{ f.label }</span>
                    <select data-testid={testid} {onchange}>
                        { for f.options.iter().map(|o| html! {
                            <option value={o.value} selected={o.value == current.as_str()}>{ o.label }</option>
                        }) }
                    </select>
                </label>
            }
        }
    }
}

impl LlmPanel {
    pub(super) fn view_prompt(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let exp = &ctx.props().experiment;
        let cfg = first_llm(exp);
        let factors = exp.llm_factors();
        let mut sources: Vec<&str> = factors.iter().map(|f| f.source).collect();
        sources.dedup();
        let (choices, flags): (Vec<&Factor>, Vec<&Factor>) =
            factors.iter().partition(|f| !f.is_flag());
        let factors = html! {
            <div class="llm-factors">
                if !sources.is_empty() {
                    <p class="hint">{ format!("{}'s prompt factors:", sources.join(", ")) }</p>
                }
                if !choices.is_empty() {
                    <div class="row2">
                        { for choices.iter().map(|f| view_factor(link, f)) }
                    </div>
                }
                { for flags.iter().map(|f| view_factor(link, f)) }
            </div>
        };
        let on_system = link.callback(|e: Event| Msg::System(textarea_value(&e)));
        let preview = match &self.first_request {
            Some(call) => {
                let r = &call.request;
                html! {
                    <div class="llm-prompt" data-testid="llm-prompt">
                        if let Some(s) = &r.system {
                            <p class="hint">{"System"}</p>
                            <pre class="llm-text">{ s.clone() }</pre>
                        }
                        { for r.messages.iter().map(|m| html! {
                            <>
                                <p class="hint">{ if m.role == Role::User { "User" } else { "Assistant" } }</p>
                                <pre class="llm-text">{ m.content.clone() }</pre>
                            </>
                        }) }
                        if let Some(schema) = &r.json_schema {
                            <p class="hint">{"Reply format (JSON schema)"}</p>
                            <pre class="llm-text">{ serde_json::to_string(schema).unwrap_or_default() }</pre>
                        }
                    </div>
                }
            }
            None => {
                html! { <p class="hint">{"The prompt appears here once the settings are valid."}</p> }
            }
        };
        html! {
            <details class="llm-section">
                <summary>{"Prompt"}</summary>
                { factors }
                <label class="field">
                    <span class="field-label">{"System text (replaces the built-in one; empty: the paper's prompt)"}</span>
                    <textarea rows="3" data-testid="llm-system" value={cfg.system.clone().unwrap_or_default()} onchange={on_system} />
                </label>
                <p class="hint">{ format!("{} prompt, first round, as the model will see it:", cfg.label()) }</p>
                { preview }
            </details>
        }
    }
}
