//! The panel's settings: which model to ask and how (provider, address, key, test connection,
//! temperature, ...), and the calls (concurrency, timeout, budget, prices, cache), kept in
//! this browser.

use super::{checked, first_llm, input_value, input_value_of, local, select_value, LlmPanel, Msg};
use agora_engine::llm::{CallLimits, JsonFormat, Provider};
use yew::prelude::*;

pub(super) const LIMITS_KEY: &str = "agora.llm.limits";
pub(super) const CACHE_ON_KEY: &str = "agora.llm.cache-on";

/// OpenAI-compatible services people use, for the address menu.
pub const SERVERS: [(&str, &str); 8] = [
    (
        "Local llama.cpp / llama-cpp-python (port 8099)",
        "http://127.0.0.1:8099/v1",
    ),
    ("Local Ollama", "http://127.0.0.1:11434/v1"),
    ("Local LM Studio", "http://127.0.0.1:1234/v1"),
    ("Local vLLM", "http://127.0.0.1:8000/v1"),
    ("OpenAI", "https://api.openai.com/v1"),
    ("OpenRouter", "https://openrouter.ai/api/v1"),
    ("Groq", "https://api.groq.com/openai/v1"),
    ("Together", "https://api.together.xyz/v1"),
];

/// The call limits saved in this browser (the defaults if none or invalid).
pub(super) fn load_limits() -> CallLimits {
    local()
        .and_then(|s| s.get_item(LIMITS_KEY).ok().flatten())
        .and_then(|t| serde_json::from_str::<CallLimits>(&t).ok())
        .filter(|l| l.validate().is_ok())
        .unwrap_or_default()
}

/// Why a page may get no answer from a server (folded: it is long), shown once.
pub(super) fn unreachable_details() -> Html {
    html! {
        <details class="llm-why" data-testid="llm-unreachable-help">
            <summary>{"Why the page may get no answer"}</summary>
            <p>{ crate::llm_fetch::unreachable_help() }</p>
        </details>
    }
}

impl LlmPanel {
    pub(super) fn set_limit(&mut self, which: &'static str, text: &str) {
        self.limit_errors.retain(|(w, _)| *w != which);
        let t = text.trim();
        let mut l = self.limits.clone();
        let ok = match which {
            "concurrency" => t.parse().map(|v| l.concurrency = v).is_ok(),
            "max_calls" => {
                if t.is_empty() {
                    l.max_calls = None;
                    true
                } else {
                    t.parse().map(|v| l.max_calls = Some(v)).is_ok()
                }
            }
            "max_tokens" => {
                if t.is_empty() {
                    l.max_tokens = None;
                    true
                } else {
                    t.parse().map(|v| l.max_tokens = Some(v)).is_ok()
                }
            }
            "timeout" => t
                .parse::<f64>()
                .map(|v| l.timeout_ms = (v * 1000.0).round().max(0.0) as u64)
                .is_ok(),
            "price_in" => t.parse().map(|v| l.price_in = v).is_ok(),
            "price_out" => t.parse().map(|v| l.price_out = v).is_ok(),
            _ => false,
        };
        let checked = if ok {
            l.validate()
        } else {
            Err("not a number".into())
        };
        match checked {
            Ok(()) => {
                self.limits = l;
                if let (Some(s), Ok(j)) = (local(), serde_json::to_string(&self.limits)) {
                    let _ = s.set_item(LIMITS_KEY, &j);
                }
            }
            Err(e) => self.limit_errors.push((which, e)),
        }
    }

    pub(super) fn view_model(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let cfg = first_llm(&ctx.props().experiment);
        let kind = match &cfg.provider {
            Provider::OpenAiCompatible { .. } => "openai_compatible",
            Provider::Anthropic => "anthropic",
            Provider::Gemini => "gemini",
        };
        let address = match &cfg.provider {
            Provider::OpenAiCompatible {
                base_url,
                json_format,
            } => {
                let on_url = link.callback(|e: Event| Msg::BaseUrl(input_value(&e)));
                let on_server = link.callback(|e: Event| Msg::Server(select_value(&e)));
                let on_format = link.callback(|e: Event| Msg::JsonFormat(select_value(&e)));
                html! {
                    <>
                        <label class="field">
                            <span class="field-label">{"Server address (base URL)"}</span>
                            <input type="url" data-testid="llm-base-url" value={base_url.clone()} onchange={on_url} spellcheck="false" />
                        </label>
                        <label class="field">
                            <span class="field-label">{"Known servers"}</span>
                            <select data-testid="llm-server" onchange={on_server}>
                                <option value={base_url.clone()} selected=true>{"Choose to fill in the address..."}</option>
                                { for SERVERS.iter().map(|(name, url)| html! { <option value={*url}>{ *name }</option> }) }
                            </select>
                        </label>
                        <label class="field">
                            <span class="field-label">{"Structured output format"}</span>
                            <select data-testid="llm-json-format" onchange={on_format}>
                                <option value="json_object" selected={*json_format == JsonFormat::JsonObject}>{"json_object + schema (llama.cpp, llama-cpp-python)"}</option>
                                <option value="json_schema" selected={*json_format == JsonFormat::JsonSchema}>{"json_schema (OpenAI, vLLM, Ollama, most others)"}</option>
                            </select>
                        </label>
                    </>
                }
            }
            _ => html! {},
        };
        let on_kind = link.callback(|e: Event| Msg::Provider(select_value(&e)));
        let on_model = link.callback(|e: Event| Msg::Model(input_value(&e)));
        let on_key = link.callback(|e: InputEvent| Msg::Key(input_value_of(&e)));
        let on_remember = link.callback(|e: Event| Msg::Remember(checked(&e)));
        let on_temp = link.callback(|e: Event| Msg::Temperature(input_value(&e)));
        let on_tokens = link.callback(|e: Event| Msg::MaxTokens(input_value(&e)));
        let on_structured = link.callback(|e: Event| Msg::Structured(checked(&e)));
        let on_repairs = link.callback(|e: Event| Msg::Repairs(input_value(&e)));
        let connection = self.connection.as_ref().map(|c| match c {
            Ok(t) => html! { <p class="msg note" data-testid="llm-connection">{ t.clone() }</p> },
            Err(p) => html! {
                <div class="msg error" role="alert" data-testid="llm-connection">
                    <p>{ format!("The connection failed: {}", p.text) }</p>
                    // Once on the page: the asking status shows it when a call got no answer too.
                    if p.unreachable.is_some() && self.unreachable.is_none() { { unreachable_details() } }
                </div>
            },
        });
        let agents = ctx.props().experiment.llm_configs().len();
        let recorded = ctx.props().experiment.transcript().map_or(0, |t| t.len());
        html! {
            // Open while there is nothing recorded yet: then the model is what to set up first.
            <details class="llm-section" open={recorded == 0}>
                <summary>{ format!("Model ({agents} LLM agent{} {})", if agents == 1 { "" } else { "s" }, if agents == 1 { "uses it" } else { "use it" }) }</summary>
                <label class="field">
                    <span class="field-label">{"Provider"}</span>
                    <select data-testid="llm-provider" onchange={on_kind}>
                        <option value="openai_compatible" selected={kind == "openai_compatible"}>{"OpenAI-compatible (OpenAI, OpenRouter, Groq, Together, Ollama, llama.cpp, vLLM, LM Studio)"}</option>
                        <option value="anthropic" selected={kind == "anthropic"}>{"Anthropic"}</option>
                        <option value="gemini" selected={kind == "gemini"}>{"Google Gemini"}</option>
                    </select>
                </label>
                { address }
                <div class="row2">
                    <label class="field">
                        <span class="field-label">{"Model"}</span>
                        <input type="text" data-testid="llm-model" list="llm-models" value={cfg.model.clone()} onchange={on_model} spellcheck="false" />
                        <datalist id="llm-models">
                            { for self.models.iter().map(|m| html! { <option value={m.clone()} /> }) }
                        </datalist>
                    </label>
                    <label class="field">
                        <span class="field-label">{"API key"}</span>
                        <input type="password" data-testid="llm-key" value={self.key_text.clone()} oninput={on_key}
                            autocomplete="off" spellcheck="false" placeholder="not needed for local servers" />
                    </label>
                </div>
                <label class="field check">
                    <input type="checkbox" data-testid="llm-remember" checked={self.remember} onchange={on_remember} />
                    <span>{"Remember the key on this device (otherwise it is forgotten when the tab closes)"}</span>
                </label>
                <div class="button-row">
                    <button type="button" class="btn small" data-testid="llm-test" onclick={link.callback(|_| Msg::Test)}>{"Test connection"}</button>
                    <button type="button" class="btn small" data-testid="llm-forget-keys" onclick={link.callback(|_| Msg::ForgetKeys)}>{"Forget keys"}</button>
                </div>
                { for connection }
                <div class="row3">
                    <label class="field">
                        <span class="field-label">{"Temperature"}</span>
                        <input type="text" inputmode="decimal" data-testid="llm-temperature" value={cfg.temperature.to_string()} onchange={on_temp} />
                    </label>
                    <label class="field">
                        <span class="field-label">{"Tokens per reply"}</span>
                        <input type="text" inputmode="numeric" data-testid="llm-max-tokens" value={cfg.max_tokens.to_string()} onchange={on_tokens} />
                    </label>
                    <label class="field">
                        <span class="field-label">{"Corrective retries"}</span>
                        <input type="text" inputmode="numeric" data-testid="llm-repairs" value={cfg.repairs.to_string()} onchange={on_repairs} />
                    </label>
                </div>
                <label class="field check">
                    <input type="checkbox" data-testid="llm-structured" checked={cfg.structured} onchange={on_structured} />
                    <span>{"Ask for structured (JSON) replies where the provider supports it"}</span>
                </label>
                if let Some(e) = &self.field_error { <p class="field-error">{ e.clone() }</p> }
            </details>
        }
    }

    pub(super) fn view_calls(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let l = &self.limits;
        let field = |which: &'static str, label: &str, value: String, hint: &str| {
            let onchange = link.callback(move |e: Event| Msg::Limit(which, input_value(&e)));
            let error = self
                .limit_errors
                .iter()
                .find(|(w, _)| *w == which)
                .map(|(_, e)| e.clone());
            html! {
                <label class="field">
                    <span class="field-label">{ label.to_string() }</span>
                    <input type="text" data-testid={format!("llm-{}", which.replace('_', "-"))} value={value} {onchange} placeholder={hint.to_string()} />
                    if let Some(e) = error { <span class="field-error">{ e }</span> }
                </label>
            }
        };
        let opt = |v: Option<u64>| v.map(|x| x.to_string()).unwrap_or_default();
        html! {
            <details class="llm-section">
                <summary>{"Calls, budget and cache"}</summary>
                <div class="row3">
                    { field("concurrency", "Calls at once", l.concurrency.to_string(), "1-16") }
                    { field("timeout", "Timeout (s)", (l.timeout_ms as f64 / 1000.0).to_string(), "1-600") }
                    { field("max_calls", "Most calls", opt(l.max_calls), "no cap") }
                </div>
                <div class="row3">
                    { field("max_tokens", "Most tokens", opt(l.max_tokens), "no cap") }
                    { field("price_in", "$ per 1M prompt tokens", l.price_in.to_string(), "0") }
                    { field("price_out", "$ per 1M reply tokens", l.price_out.to_string(), "0") }
                </div>
                <label class="field check">
                    <input type="checkbox" data-testid="llm-cache" checked={self.use_cache}
                        onchange={link.callback(|e: Event| Msg::UseCache(checked(&e)))} />
                    <span>{"Answer identical requests from replies saved in this browser (saves calls; at temperature above 0 each request carries its own seed, so only true repeats match)"}</span>
                </label>
                <button type="button" class="btn small" data-testid="llm-clear-cache" onclick={link.callback(|_| Msg::ClearCache)}>{"Forget cached replies"}</button>
            </details>
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_servers_are_http_addresses() {
        for (_, url) in SERVERS {
            assert!(url.starts_with("http://127.0.0.1:") || url.starts_with("https://"));
            assert!(url.ends_with("/v1"));
        }
    }
}
