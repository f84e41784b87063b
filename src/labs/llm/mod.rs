//! The LLM panel both labs show when an experiment has LLM agents, one file per part:
//!
//! - [`settings`]: which model to ask and how (provider, address, key, test connection), and
//!   the calls (concurrency, timeout, budget, cost, a cache of identical requests);
//! - [`prompt`]: the prompt as the model will see it, with the lab's prompt factors (engine
//!   data, rendered generically) and an editable system text;
//! - [`ask`]: the "Ask the model" loop with a progress bar, stop and resume, one status at a
//!   time, and what a results view shows while no unit is answered ([`no_replies_yet`]);
//! - [`transcript`]: every exchange recorded.
//!
//! Asking fills the experiment's transcript; the page then runs the experiment like any other
//! (in its worker, from the transcript, with no network), so the results, the digest and the
//! share link are those of a replay: opening the link reproduces the run without a key. The
//! bookkeeping of calls is the engine's [`LlmRun`], the same the CLI uses; this component only
//! sends requests ([`crate::llm_fetch`]) and shows where things stand.

mod ask;
mod prompt;
mod settings;
mod transcript;

pub use ask::{agent_label, no_replies_yet, unit_label};
pub use settings::SERVERS;

use crate::llm_fetch::{self, cache, Abort, Problem};
use crate::llm_keys;
use agora_engine::experiment::Experiment;
use agora_engine::llm::{
    CallLimits, Exchange, FactorValue, JsonFormat, LlmConfig, LlmRun, PendingCall, Provider, Seen,
};
use settings::{load_limits, CACHE_ON_KEY};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Transcript rows shown before "show all".
const FIRST_ROWS: usize = 200;

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
pub enum Asking {
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
    SetFactor(&'static str, FactorValue),
    Key(String),
    Remember(bool),
    ForgetKeys,
    Test,
    Tested(u64, Result<Vec<String>, Problem>),
    Limit(&'static str, String),
    UseCache(bool),
    ClearCache,
    Ask,
    Stop,
    StartOver,
    CallDone(u64, Box<PendingCall>, Box<Result<Exchange, Problem>>),
    /// A call (unit, index) failed and waits to be tried again.
    Retrying(u64, (usize, usize), Problem),
    ShowTranscript(bool),
    ShowAll,
}

pub struct LlmPanel {
    key_text: String,
    remember: bool,
    models: Vec<String>,
    /// Result of "test connection".
    connection: Option<Result<String, Problem>>,
    test_gen: u64,
    limits: CallLimits,
    limit_errors: Vec<(&'static str, String)>,
    use_cache: bool,
    /// A note on something the user did (keys forgotten, cache cleared).
    note: Option<String>,
    /// The call waiting to be tried again, while asking.
    retry: Option<((usize, usize), Problem)>,
    /// The address that gave no answer at all in this round of asking (then the causes are
    /// explained once).
    unreachable: Option<String>,
    run: Option<Rc<RefCell<LlmRun>>>,
    gen: u64,
    asking: Asking,
    abort: Abort,
    last_reply: Option<String>,
    show_transcript: bool,
    show_all: bool,
    transcript: Option<Rc<Vec<Seen>>>,
    first_request: Option<PendingCall>,
    /// The transcript holds every reply the run needs (a recorded preset or link).
    complete: bool,
    field_error: Option<String>,
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
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
            retry: None,
            unreachable: None,
            run: None,
            gen: 0,
            asking: Asking::Idle,
            abort: Abort::default(),
            last_reply: None,
            show_transcript: false,
            show_all: false,
            transcript: None,
            first_request: exp.first_llm_request(),
            complete: ask::recording_complete(exp),
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
            self.complete = ask::recording_complete(exp);
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
            Msg::SetFactor(id, value) => {
                let mut exp = (*ctx.props().experiment).clone();
                match exp.set_llm_factor(id, &value) {
                    Ok(()) => {
                        self.field_error = None;
                        ctx.props().on_edit.emit(exp);
                    }
                    Err(e) => self.field_error = Some(e.to_string()),
                }
            }
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
                    Err(p) => Err(p),
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
                        self.retry = self.retry.take().filter(|r| r.0 != (call.unit, call.index));
                        self.last_reply = Some(format!(
                            "{}: \"{}\"",
                            ask::who(&ctx.props().experiment, &call),
                            agora_engine::llm::provider::truncate(&e.reply, 120)
                        ));
                        run.borrow_mut().on_reply(&call, e);
                    }
                    Err(p) => {
                        if p.unreachable.is_some() {
                            self.unreachable = p.unreachable.clone();
                        }
                        run.borrow_mut().fail(&call, p.text);
                    }
                }
                self.pump(ctx);
            }
            Msg::Retrying(gen, id, p) => {
                if gen != self.gen || !matches!(self.asking, Asking::Running) {
                    return false;
                }
                if p.unreachable.is_some() {
                    self.unreachable = p.unreachable.clone();
                }
                self.retry = Some((id, p));
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
                <h2 class="panel-title">{"LLM agents"}</h2>
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
