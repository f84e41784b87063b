//! The LLM panel both labs show when an experiment has LLM agents: which model to ask and how
//! (provider, address, key, test connection), the prompt as the model will see it (with its
//! factors and an editable system text), the calls (concurrency, timeout, budget, cost, a
//! cache of identical requests), the "Ask the model" loop with a progress bar, stop and resume,
//! and the transcript of every exchange.
//!
//! Asking fills the experiment's transcript; the page then runs the experiment like any other
//! (in its worker, from the transcript, with no network), so the results, the digest and the
//! share link are those of a replay: opening the link reproduces the run without a key. The
//! bookkeeping of calls is the engine's [`LlmRun`], the same the CLI uses; this component only
//! sends requests ([`crate::llm_fetch`]) and shows where things stand.

use crate::llm_fetch::{self, cache, Abort};
use crate::llm_keys;
use agora_engine::experiment::Experiment;
use agora_engine::llm::prompts::{Framing, HistoryStyle, OutputStyle, Reasoning, Scenario};
use agora_engine::llm::{
    CallLimits, Exchange, JsonFormat, LlmConfig, LlmRun, PendingCall, Poll, Provider, Role, Seen,
};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

const LIMITS_KEY: &str = "agora.llm.limits";
const CACHE_ON_KEY: &str = "agora.llm.cache-on";
/// Transcript rows shown before "show all".
const FIRST_ROWS: usize = 200;

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

#[derive(Properties, PartialEq)]
pub struct LlmPanelProps {
    /// The page's experiment (valid), with its transcript.
    pub experiment: Rc<Experiment>,
    /// The LLM settings changed: the experiment to use from now on.
    pub on_edit: Callback<Experiment>,
    /// Asking stopped (complete or not): the experiment with every reply so far, to run.
    pub on_recorded: Callback<Experiment>,
}

/// Where asking stands.
#[derive(Clone, Debug, PartialEq)]
enum Asking {
    Idle,
    Running,
    Stopping,
    Stopped(String),
    Complete,
}

pub enum Msg {
    Provider(String),
    BaseUrl(String),
    Server(String),
    JsonFormat(String),
    Model(String),
    Temperature(String),
    MaxTokens(String),
    Structured(bool),
    Repairs(String),
    System(String),
    Factor(&'static str, String),
    Scot(bool),
    Shuffle(bool),
    Key(String),
    Remember(bool),
    ForgetKeys,
    Test,
    Tested(u64, Result<Vec<String>, String>),
    Limit(&'static str, String),
    UseCache(bool),
    ClearCache,
    Ask,
    Stop,
    StartOver,
    CallDone(u64, Box<PendingCall>, Box<Result<Exchange, String>>),
    Note(u64, String),
    ShowTranscript(bool),
    ShowAll,
}

pub struct LlmPanel {
    key_text: String,
    remember: bool,
    models: Vec<String>,
    /// Result of "test connection".
    connection: Option<Result<String, String>>,
    test_gen: u64,
    limits: CallLimits,
    limit_errors: Vec<(&'static str, String)>,
    use_cache: bool,
    note: Option<String>,
    run: Option<Rc<RefCell<LlmRun>>>,
    gen: u64,
    asking: Asking,
    abort: Abort,
    last_reply: Option<String>,
    show_transcript: bool,
    show_all: bool,
    transcript: Option<Rc<Vec<Seen>>>,
    first_request: Option<PendingCall>,
    field_error: Option<String>,
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn load_limits() -> CallLimits {
    local()
        .and_then(|s| s.get_item(LIMITS_KEY).ok().flatten())
        .and_then(|t| serde_json::from_str::<CallLimits>(&t).ok())
        .filter(|l| l.validate().is_ok())
        .unwrap_or_default()
}

/// The first LLM agent's model config.
fn first_llm(exp: &Experiment) -> LlmConfig {
    exp.llm_configs().into_iter().next().unwrap_or_default()
}

impl Component for LlmPanel {
    type Message = Msg;
    type Properties = LlmPanelProps;

    fn create(ctx: &Context<Self>) -> Self {
        let exp = &ctx.props().experiment;
        let provider = first_llm(exp).provider;
        LlmPanel {
            key_text: llm_keys::load(&provider).expose().to_string(),
            remember: llm_keys::remembered(&provider),
            models: Vec::new(),
            connection: None,
            test_gen: 0,
            limits: load_limits(),
            limit_errors: Vec::new(),
            use_cache: local()
                .and_then(|s| s.get_item(CACHE_ON_KEY).ok().flatten())
                .is_some_and(|v| v == "1"),
            note: None,
            run: None,
            gen: 0,
            asking: Asking::Idle,
            abort: Abort::default(),
            last_reply: None,
            show_transcript: false,
            show_all: false,
            transcript: None,
            first_request: exp.first_llm_request(),
            field_error: None,
        }
    }

    fn changed(&mut self, ctx: &Context<Self>, old: &Self::Properties) -> bool {
        let exp = &ctx.props().experiment;
        if exp != &old.experiment {
            let before = first_llm(&old.experiment).provider;
            let now = first_llm(exp).provider;
            if before != now {
                self.key_text = llm_keys::load(&now).expose().to_string();
                self.remember = llm_keys::remembered(&now);
                self.models.clear();
                self.connection = None;
            }
            self.first_request = exp.first_llm_request();
            self.transcript = None;
            if self.show_transcript {
                self.transcript = Some(Rc::new(exp.llm_exchanges()));
            }
        }
        true
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Self::Message) -> bool {
        match msg {
            Msg::Provider(kind) => self.edit(ctx, |c| {
                c.provider = match kind.as_str() {
                    "anthropic" => Provider::Anthropic,
                    "gemini" => Provider::Gemini,
                    _ => Provider::OpenAiCompatible {
                        base_url: SERVERS[0].1.into(),
                        json_format: JsonFormat::JsonObject,
                    },
                }
            }),
            Msg::BaseUrl(url) | Msg::Server(url) => self.edit(ctx, |c| {
                if let Provider::OpenAiCompatible { base_url, .. } = &mut c.provider {
                    *base_url = url.trim().to_string();
                }
            }),
            Msg::JsonFormat(f) => self.edit(ctx, |c| {
                if let Provider::OpenAiCompatible { json_format, .. } = &mut c.provider {
                    *json_format = if f == "json_schema" {
                        JsonFormat::JsonSchema
                    } else {
                        JsonFormat::JsonObject
                    };
                }
            }),
            Msg::Model(m) => self.edit(ctx, |c| c.model = m.trim().to_string()),
            Msg::Temperature(t) => match t.trim().parse::<f64>() {
                Ok(v) if (0.0..=2.0).contains(&v) => self.edit(ctx, |c| c.temperature = v),
                _ => self.field_error = Some("The temperature is a number from 0 to 2.".into()),
            },
            Msg::MaxTokens(t) => match t.trim().parse::<u32>() {
                Ok(v) if (1..=4096).contains(&v) => self.edit(ctx, |c| c.max_tokens = v),
                _ => {
                    self.field_error =
                        Some("Tokens per reply: a whole number from 1 to 4096.".into())
                }
            },
            Msg::Structured(on) => self.edit(ctx, |c| c.structured = on),
            Msg::Repairs(t) => match t.trim().parse::<u32>() {
                Ok(v) if v <= 3 => self.edit(ctx, |c| c.repairs = v),
                _ => self.field_error = Some("Corrective retries: 0 to 3.".into()),
            },
            Msg::System(text) => self.edit(ctx, |c| {
                c.system = (!text.trim().is_empty()).then_some(text.clone())
            }),
            Msg::Factor(which, value) => {
                let mut exp = (*ctx.props().experiment).clone();
                if let Experiment::Bandits(b) = &mut exp {
                    for p in b.llm_policies_mut() {
                        let f = &mut p.prompt;
                        match (which, value.as_str()) {
                            ("scenario", "ads") => f.scenario = Scenario::Ads,
                            ("scenario", _) => f.scenario = Scenario::Buttons,
                            ("framing", "suggestive") => f.framing = Framing::Suggestive,
                            ("framing", _) => f.framing = Framing::Neutral,
                            ("history", "summarized") => f.history = HistoryStyle::Summarized,
                            ("history", _) => f.history = HistoryStyle::Raw,
                            ("output", "distribution") => f.output = OutputStyle::Distribution,
                            ("output", _) => f.output = OutputStyle::OneArm,
                            ("reasoning", "chain_of_thought") => {
                                f.reasoning = Reasoning::ChainOfThought
                            }
                            _ => f.reasoning = Reasoning::None,
                        }
                    }
                }
                ctx.props().on_edit.emit(exp);
            }
            Msg::Scot(on) => self.edit_players(ctx, |p| p.scot = on),
            Msg::Shuffle(on) => self.edit_players(ctx, |p| p.shuffle = on),
            Msg::Key(k) => {
                self.key_text = k;
                llm_keys::save(&self.provider(ctx), &self.key_text, self.remember);
            }
            Msg::Remember(on) => {
                self.remember = on;
                llm_keys::save(&self.provider(ctx), &self.key_text, on);
            }
            Msg::ForgetKeys => {
                let n = llm_keys::forget_all();
                self.key_text.clear();
                self.remember = false;
                self.note = Some(match n {
                    0 => "No key was stored.".into(),
                    1 => "The stored key was forgotten (this tab and this device).".into(),
                    n => format!("{n} stored keys were forgotten (this tab and this device)."),
                });
            }
            Msg::Test => {
                self.test_gen += 1;
                let gen = self.test_gen;
                let provider = self.provider(ctx);
                let key = llm_keys::load(&provider);
                self.connection = Some(Ok("Connecting...".into()));
                let link = ctx.link().clone();
                wasm_bindgen_futures::spawn_local(async move {
                    let r = llm_fetch::list_models(&provider, &key).await;
                    link.send_message(Msg::Tested(gen, r));
                });
            }
            Msg::Tested(gen, r) => {
                if gen != self.test_gen {
                    return false;
                }
                self.connection = Some(match r {
                    Ok(models) => {
                        let model = first_llm(&ctx.props().experiment).model;
                        let known = models.contains(&model);
                        let text = format!(
                            "Connected: {} model{} available{}.",
                            models.len(),
                            if models.len() == 1 { "" } else { "s" },
                            if models.is_empty() || known {
                                String::new()
                            } else {
                                format!(", but not \"{model}\": choose one from the list")
                            }
                        );
                        self.models = models;
                        Ok(text)
                    }
                    Err(e) => Err(format!("The connection failed: {e}")),
                });
            }
            Msg::Limit(which, text) => self.set_limit(which, &text),
            Msg::UseCache(on) => {
                self.use_cache = on;
                if let Some(s) = local() {
                    let _ = s.set_item(CACHE_ON_KEY, if on { "1" } else { "0" });
                }
            }
            Msg::ClearCache => {
                let n = cache::clear();
                self.note = Some(format!(
                    "{n} cached repl{} forgotten.",
                    if n == 1 { "y" } else { "ies" }
                ));
            }
            Msg::Ask => self.ask(ctx),
            Msg::Stop => {
                if let Some(run) = &self.run {
                    run.borrow_mut().cancel();
                    self.asking = Asking::Stopping;
                    self.abort.abort_all();
                    self.pump(ctx);
                }
            }
            Msg::StartOver => {
                let mut exp = (*ctx.props().experiment).clone();
                exp.set_transcript(Default::default());
                self.asking = Asking::Idle;
                ctx.props().on_edit.emit(exp);
            }
            Msg::CallDone(gen, call, result) => {
                let result = *result;
                if gen != self.gen {
                    return false;
                }
                let Some(run) = self.run.clone() else {
                    return false;
                };
                match result {
                    Ok(e) => {
                        if self.use_cache {
                            cache::put(&e);
                        }
                        self.last_reply = Some(format!(
                            "{}: \"{}\"",
                            call.agent,
                            agora_engine::llm::provider::truncate(&e.reply, 120)
                        ));
                        run.borrow_mut().on_reply(&call, e);
                    }
                    Err(m) => run.borrow_mut().fail(&call, m),
                }
                self.pump(ctx);
            }
            Msg::Note(gen, text) => {
                if gen != self.gen {
                    return false;
                }
                self.note = Some(text);
            }
            Msg::ShowTranscript(on) => {
                self.show_transcript = on;
                if on && self.transcript.is_none() {
                    self.transcript = Some(Rc::new(ctx.props().experiment.llm_exchanges()));
                }
            }
            Msg::ShowAll => self.show_all = true,
        }
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        html! {
            <div class="panel llm-panel" data-testid="llm-panel">
                <h2 class="panel-title">{"LLM players"}</h2>
                <p class="hint">
                    {"A language model plays here. Choose the model and press Ask the model: every prompt and reply is recorded in the experiment, so its share link and exports replay the run exactly, with no key and no network. Your key stays in this browser tab (or on this device if you ask) and never enters a link, an export or the transcript."}
                </p>
                { self.view_model(ctx) }
                { self.view_prompt(ctx) }
                { self.view_calls(ctx) }
                { self.view_asking(ctx) }
                { self.view_transcript(ctx) }
            </div>
        }
    }

    fn destroy(&mut self, _ctx: &Context<Self>) {
        self.abort.abort_all();
    }
}

impl LlmPanel {
    fn provider(&self, ctx: &Context<Self>) -> Provider {
        first_llm(&ctx.props().experiment).provider
    }

    /// Apply `f` to every LLM agent's model config.
    fn edit(&mut self, ctx: &Context<Self>, mut f: impl FnMut(&mut LlmConfig)) {
        self.field_error = None;
        let mut exp = (*ctx.props().experiment).clone();
        exp.edit_llm(&mut f);
        ctx.props().on_edit.emit(exp);
    }

    fn edit_players(
        &mut self,
        ctx: &Context<Self>,
        mut f: impl FnMut(&mut agora_engine::games::strategies::llm::LlmParams),
    ) {
        let mut exp = (*ctx.props().experiment).clone();
        if let Experiment::Games(g) = &mut exp {
            g.llm_players_mut().into_iter().for_each(&mut f);
        }
        ctx.props().on_edit.emit(exp);
    }

    fn set_limit(&mut self, which: &'static str, text: &str) {
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

    /// Start (or resume) asking the model for the replies the transcript lacks.
    fn ask(&mut self, ctx: &Context<Self>) {
        if matches!(self.asking, Asking::Running | Asking::Stopping) {
            return;
        }
        match LlmRun::new(&ctx.props().experiment, self.limits.clone()) {
            Ok(run) => {
                self.gen += 1;
                self.run = Some(Rc::new(RefCell::new(run)));
                self.abort = Abort::default();
                self.asking = Asking::Running;
                self.note = None;
                self.last_reply = None;
                self.pump(ctx);
            }
            Err(e) => self.asking = Asking::Stopped(format!("Cannot ask yet: {e}")),
        }
    }

    /// Start what can be started; finish when there is nothing left to wait for.
    fn pump(&mut self, ctx: &Context<Self>) {
        let Some(run) = self.run.clone() else {
            return;
        };
        loop {
            let poll = run.borrow_mut().poll();
            match poll {
                Poll::Complete => {
                    self.asking = Asking::Complete;
                    self.finish(ctx, &run);
                    return;
                }
                Poll::Stopped(m) => {
                    self.asking = Asking::Stopped(m);
                    self.finish(ctx, &run);
                    return;
                }
                Poll::Waiting => return,
                Poll::Calls(calls) => {
                    for call in calls {
                        if self.use_cache {
                            if let Some(e) = cache::get(&call.key) {
                                run.borrow_mut().on_reply(&call, e);
                                continue;
                            }
                        }
                        self.spawn_call(ctx, call);
                    }
                }
            }
        }
    }

    fn spawn_call(&self, ctx: &Context<Self>, call: PendingCall) {
        let gen = self.gen;
        let key = llm_keys::load(&call.provider);
        let limits = self.limits.clone();
        let abort = self.abort.clone();
        let link = ctx.link().clone();
        let notes = link.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let on_retry: llm_fetch::OnRetry =
                Rc::new(move |text| notes.send_message(Msg::Note(gen, text)));
            let r = llm_fetch::call(&call, &key, &limits, &abort, on_retry).await;
            link.send_message(Msg::CallDone(gen, Box::new(call), Box::new(r)));
        });
    }

    /// Hand the experiment with its replies to the page, which runs it.
    /// Settings edited while asking are kept: the replies go into the page's current
    /// experiment (if they no longer fit it, the run says where).
    fn finish(&mut self, ctx: &Context<Self>, run: &Rc<RefCell<LlmRun>>) {
        let recorded = run.borrow().experiment();
        let mut exp = (*ctx.props().experiment).clone();
        exp.set_transcript(recorded.transcript().cloned().unwrap_or_default());
        self.run = None;
        ctx.props().on_recorded.emit(exp);
    }

    fn view_model(&self, ctx: &Context<Self>) -> Html {
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
            Err(t) => html! { <p class="msg error" role="alert" data-testid="llm-connection">{ t.clone() }</p> },
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

    fn view_prompt(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let exp = &ctx.props().experiment;
        let cfg = first_llm(exp);
        let factors = match &**exp {
            Experiment::Bandits(b) => {
                let f = b
                    .policies
                    .iter()
                    .find_map(|p| match p {
                        agora_engine::bandits::PolicyConfig::Llm(l) => Some(l.prompt),
                        _ => None,
                    })
                    .unwrap_or_default();
                let select = |which: &'static str,
                              label: &str,
                              options: &[(&str, &str)],
                              current: &str| {
                    let onchange =
                        link.callback(move |e: Event| Msg::Factor(which, select_value(&e)));
                    html! {
                        <label class="field">
                            <span class="field-label">{ label.to_string() }</span>
                            <select data-testid={format!("llm-{which}")} {onchange}>
                                { for options.iter().map(|(v, name)| html! {
                                    <option value={v.to_string()} selected={*v == current}>{ name.to_string() }</option>
                                }) }
                            </select>
                        </label>
                    }
                };
                html! {
                    <div class="llm-factors">
                        <p class="hint">{"Krishnamurthy et al. (2024)'s prompt factors:"}</p>
                        <div class="row2">
                            { select("scenario", "Scenario", &[("buttons", "Buttons"), ("ads", "Advertisements")], snake(&f.scenario)) }
                            { select("framing", "Framing", &[("neutral", "Neutral"), ("suggestive", "Suggestive (explore/exploit)")], snake(&f.framing)) }
                        </div>
                        <div class="row2">
                            { select("history", "History", &[("raw", "Raw, one line per round"), ("summarized", "Summarized per arm")], snake(&f.history)) }
                            { select("output", "Answer", &[("one_arm", "One arm"), ("distribution", "A distribution over arms")], snake(&f.output)) }
                        </div>
                        { select("reasoning", "Reasoning", &[("none", "None (answer only)"), ("chain_of_thought", "Chain of thought")], snake(&f.reasoning)) }
                    </div>
                }
            }
            Experiment::Games(g) => {
                let mut g = g.clone();
                let (scot, shuffle) = g
                    .llm_players_mut()
                    .first()
                    .map(|p| (p.scot, p.shuffle))
                    .unwrap_or((false, true));
                html! {
                    <div class="llm-factors">
                        <label class="field check">
                            <input type="checkbox" data-testid="llm-scot" checked={scot}
                                onchange={link.callback(|e: Event| Msg::Scot(checked(&e)))} />
                            <span>{"Social chain of thought: first predict the other player's option, then choose (two calls per round)"}</span>
                        </label>
                        <label class="field check">
                            <input type="checkbox" data-testid="llm-shuffle" checked={shuffle}
                                onchange={link.callback(|e: Event| Msg::Shuffle(checked(&e)))} />
                            <span>{"Shuffle the order of the options in each question (as Akata et al. did)"}</span>
                        </label>
                    </div>
                }
            }
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

    fn view_calls(&self, ctx: &Context<Self>) -> Html {
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

    fn view_asking(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let exp = &ctx.props().experiment;
        let recorded = exp.transcript().map_or(0, |t| t.len());
        let (done, total, usage, cost, in_flight) = match &self.run {
            Some(r) => {
                let r = r.borrow();
                let (d, t) = r.progress();
                (d, t, r.usage(), r.cost(), r.in_flight())
            }
            None => (0, 0, Default::default(), 0.0, 0),
        };
        let running = matches!(self.asking, Asking::Running | Asking::Stopping);
        let status = match &self.asking {
            Asking::Idle => None,
            Asking::Running | Asking::Stopping => {
                let pct = if total > 0 {
                    100.0 * done as f64 / total as f64
                } else {
                    0.0
                };
                Some(html! {
                    <div class="llm-progress" data-testid="llm-progress">
                        <progress max={total.to_string()} value={done.to_string()}>{ format!("{pct:.0} %") }</progress>
                        <p class="progress-text">
                            { format!("{done} of {total} units complete; {} calls, {} + {} tokens{}{}", usage.calls, usage.tokens_in, usage.tokens_out,
                                if cost > 0.0 { format!(", about ${cost:.4}") } else { String::new() },
                                if in_flight > 0 { format!("; {in_flight} in flight") } else { String::new() }) }
                        </p>
                    </div>
                })
            }
            Asking::Stopped(m) => Some(html! {
                <p class="msg warn" role="alert" data-testid="llm-stopped">
                    { format!("{m} The replies recorded so far ({recorded}) are kept; the results below cover the completed units. Press Resume to go on.") }
                </p>
            }),
            Asking::Complete => Some(html! {
                <p class="msg note" data-testid="llm-complete">
                    { format!("Every reply is in ({recorded} exchanges). The run below replays them; its share link reproduces it without a key.") }
                </p>
            }),
        };
        let label = if recorded > 0 && !matches!(self.asking, Asking::Complete) {
            "Resume asking the model"
        } else {
            "Ask the model"
        };
        html! {
            <div class="llm-ask">
                <div class="button-row">
                    <button type="button" class="btn primary" data-testid="llm-ask" disabled={running}
                        onclick={link.callback(|_| Msg::Ask)}>{ label }</button>
                    <button type="button" class="btn" data-testid="llm-stop" disabled={!running}
                        onclick={link.callback(|_| Msg::Stop)}>{"Stop"}</button>
                    <button type="button" class="btn ghost" data-testid="llm-start-over" disabled={running || recorded == 0}
                        onclick={link.callback(|_| Msg::StartOver)}
                        title="Forget the recorded replies and ask again from the first round">{"Forget replies"}</button>
                </div>
                <p class="hint" data-testid="llm-recorded">{ format!("{recorded} replies recorded in this experiment.") }</p>
                { for status }
                if let Some(n) = &self.note { <p class="msg note" data-testid="llm-note">{ n.clone() }</p> }
                if let Some(r) = &self.last_reply { <p class="hint llm-last" data-testid="llm-last">{ format!("Last reply from {r}") }</p> }
            </div>
        }
    }

    fn view_transcript(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let ontoggle = link.callback(|e: Event| {
            let open = e
                .target_dyn_into::<web_sys::HtmlDetailsElement>()
                .is_some_and(|d| d.open());
            Msg::ShowTranscript(open)
        });
        let rows = self.transcript.as_ref().map(|seen| {
            let shown = if self.show_all { seen.len() } else { seen.len().min(FIRST_ROWS) };
            html! {
                <>
                    <div class="table-wrap">
                        <table class="results-table llm-transcript" data-testid="llm-transcript">
                            <thead><tr>
                                <th>{"Unit"}</th><th>{"#"}</th><th>{"Agent"}</th><th>{"Prompt"}</th><th>{"Reply (raw)"}</th>
                                <th>{"Read as"}</th><th>{"Tokens"}</th><th>{"ms"}</th>
                            </tr></thead>
                            <tbody>
                                { for seen.iter().take(shown).map(view_exchange) }
                            </tbody>
                        </table>
                    </div>
                    if shown < seen.len() {
                        <button type="button" class="btn small" onclick={link.callback(|_| Msg::ShowAll)}>
                            { format!("Show all {} exchanges", seen.len()) }
                        </button>
                    }
                    if seen.is_empty() { <p class="hint">{"No exchange recorded yet."}</p> }
                </>
            }
        });
        html! {
            <details class="llm-section" data-testid="llm-transcript-section" {ontoggle} open={self.show_transcript}>
                <summary>{"Transcript"}</summary>
                <p class="hint">{"Every exchange the run replays: the prompt sent, the reply exactly as the model wrote it (shown as text, never run), what the agent read from it, tokens and time."}</p>
                { for rows }
            </details>
        }
    }
}

/// The part of a prompt that tells exchanges apart: its last line mentioning the round, and
/// its question (the last line longer than an answer stub).
fn prompt_gist(prompt: &str) -> String {
    let lines: Vec<&str> = prompt
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let round = lines
        .iter()
        .rev()
        .find(|l| l.to_ascii_lowercase().contains("round"))
        .copied();
    // The question, not a short answer stub such as "A: Option".
    let last = lines
        .iter()
        .rev()
        .find(|l| l.len() > 12)
        .or(lines.last())
        .copied()
        .unwrap_or("");
    let gist = match round {
        Some(r) if r != last => format!("{r} ... {last}"),
        _ => last.to_string(),
    };
    agora_engine::llm::provider::truncate(&gist, 110)
}

fn view_exchange(s: &Seen) -> Html {
    let prompt = s
        .request
        .messages
        .last()
        .map(|m| m.content.clone())
        .unwrap_or_default();
    let flags = match (s.fallback, s.exchange.cached) {
        (true, _) => "llm-row fallback",
        (false, true) => "llm-row cached",
        _ => "llm-row",
    };
    html! {
        <tr class={flags}>
            <td>{ s.unit + 1 }</td>
            <td>{ s.index + 1 }</td>
            <td>{ s.agent.clone() }</td>
            <td><details><summary>{ prompt_gist(&prompt) }</summary><pre class="llm-text">{ prompt }</pre></details></td>
            <td><pre class="llm-text llm-reply">{ s.exchange.reply.clone() }</pre></td>
            <td>{ s.parsed.clone() }{ if s.exchange.cached { " (cached)" } else { "" } }</td>
            <td>{ format!("{} + {}", s.exchange.tokens_in, s.exchange.tokens_out) }</td>
            <td>{ s.exchange.latency_ms }</td>
        </tr>
    }
}

/// The serde name of a factor value ("one_arm").
fn snake<T: serde::Serialize>(v: &T) -> &'static str {
    match serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
    {
        Some(s) => match s.as_str() {
            "buttons" => "buttons",
            "ads" => "ads",
            "neutral" => "neutral",
            "suggestive" => "suggestive",
            "raw" => "raw",
            "summarized" => "summarized",
            "one_arm" => "one_arm",
            "distribution" => "distribution",
            "chain_of_thought" => "chain_of_thought",
            _ => "none",
        },
        None => "none",
    }
}

fn input_value(e: &Event) -> String {
    e.target_dyn_into::<web_sys::HtmlInputElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}

fn input_value_of(e: &InputEvent) -> String {
    e.target_dyn_into::<web_sys::HtmlInputElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}

fn select_value(e: &Event) -> String {
    e.target_dyn_into::<web_sys::HtmlSelectElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}

fn textarea_value(e: &Event) -> String {
    e.target_dyn_into::<web_sys::HtmlTextAreaElement>()
        .map(|i| i.value())
        .unwrap_or_default()
}

fn checked(e: &Event) -> bool {
    e.target_dyn_into::<web_sys::HtmlInputElement>()
        .is_some_and(|i| i.checked())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gist_of_a_prompt_is_its_round_and_its_question() {
        let p = "Rules...\nIn round 1, you chose Option J.\nYou are currently playing round 2.\nQ: Which Option do you choose, Option F or Option J?\nA: Option";
        assert_eq!(
            prompt_gist(p),
            "You are currently playing round 2. ... Q: Which Option do you choose, Option F or Option J?"
        );
        let b =
            "You have not played yet.\nThis is round 1 of 100.Which button will you press next?";
        assert_eq!(
            prompt_gist(b),
            "This is round 1 of 100.Which button will you press next?"
        );
    }

    #[test]
    fn known_servers_are_http_addresses() {
        for (_, url) in SERVERS {
            assert!(url.starts_with("http://127.0.0.1:") || url.starts_with("https://"));
            assert!(url.ends_with("/v1"));
        }
    }
}
