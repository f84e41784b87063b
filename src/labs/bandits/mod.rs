//! The bandit lab page: settings (presets, environment, policies, JSON), the run bar driving the
//! worker, results (charts, table, digest, exports), the share link, and the "watch one run" and
//! "you play" views.
//!
//! State lives in one component, [`BanditLab`]; its views are split by topic:
//! `config_form.rs` (settings), `results.rs` (charts, table, exports), `share.rs` (link, digest,
//! reproduction check). The experiment is kept in the address bar (`history.replaceState`) and
//! in localStorage on every valid change, so a reload keeps it.

pub mod config_form;
pub mod fields;
pub mod play;
pub mod results;
pub mod share;
pub mod watch;

use crate::labs::llm::LlmPanel;
use crate::labs::route::{self, Opening};
use crate::labs::session::{RunSession, Update};
use crate::storage::{self, Speed, UiSettings};
use crate::widgets::banner::ErrorBanner;
use crate::widgets::runbar::{RunBar, RunState};
use crate::widgets::share::CopyStatus;
use crate::worker::FromWorker;
use agora_engine::bandits::{BanditExperiment, BanditResults};
use agora_engine::error::ConfigError;
use agora_engine::experiment::Experiment;
use agora_engine::link;
use agora_engine::presets::{self, Preset};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use wasm_bindgen::JsValue;
use yew::prelude::*;

/// What the page shows under the run bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Results,
    Watch,
    Play,
}

#[derive(Properties, PartialEq)]
pub struct BanditLabProps {
    /// The route's fragment (`#/bandits?v=1&x=...`), as in the address bar.
    pub fragment: AttrValue,
    /// Embedded in another page (`embed=1`): kept in the address bar.
    #[prop_or_default]
    pub embed: bool,
    /// Bumped by the app on every `hashchange`: a new link was opened in this tab.
    #[prop_or_default]
    pub nav: u64,
}

pub enum Msg {
    Preset(String),
    EnvKind(String),
    /// A text field changed: `id` names it (see `config_form`).
    Field(String, String),
    SeqPattern(String),
    AddSegment,
    RemoveSegment(usize),
    NewSeed,
    AddKind(String),
    AddPolicy,
    RemovePolicy(usize),
    JsonText(String),
    ApplyJson,
    ResetJson,
    Run,
    Pause,
    Resume,
    Step,
    Reset,
    Cancel,
    Speed(Speed),
    Worker(u64, FromWorker),
    LogX(bool),
    Realized(bool),
    Band(bool),
    LaiRobbins(bool),
    Tab(Tab),
    CopyLink,
    Copied(CopyStatus),
    DismissBanner,
    ExportCsv,
    ExportJson,
    /// The LLM panel changed the LLM agents' settings.
    LlmEdit(Experiment),
    /// The LLM panel stopped asking: the experiment with every reply so far, to run.
    LlmRecorded(Experiment),
}

pub struct BanditLab {
    presets: Rc<Vec<Preset>>,
    exp: BanditExperiment,
    /// `exp.validate()`.
    valid: Result<(), ConfigError>,
    /// The last valid experiment (what the watch and play views use).
    valid_exp: Rc<BanditExperiment>,
    /// Text typed in fields, kept as typed (keys: field ids); cleared when the experiment is
    /// replaced from outside the form.
    drafts: HashMap<String, String>,
    /// Fields whose text does not parse (keys: field ids).
    field_errors: BTreeMap<String, String>,
    add_kind: String,
    json_text: String,
    json_dirty: bool,
    json_error: Option<String>,
    session: RunSession,
    /// The experiment the current results belong to.
    ran_exp: Option<BanditExperiment>,
    results: Option<Rc<BanditResults>>,
    /// The worker's JSON of `results`, exported verbatim.
    results_json: Option<Rc<str>>,
    charts: Option<results::ChartSet>,
    chart_version: u64,
    /// The experiment a link carried and the digest it expects.
    expected: Option<(BanditExperiment, String)>,
    banner: Option<String>,
    settings: UiSettings,
    tab: Tab,
    copy_status: Option<CopyStatus>,
    share_ref: NodeRef,
}

/// The bandit presets, in menu order.
pub fn bandit_presets() -> Vec<Preset> {
    presets::all()
        .into_iter()
        .filter(|p| p.experiment.lab() == "bandits")
        .collect()
}

/// The bandit experiment inside `e`, if it is one.
pub fn as_bandits(e: Experiment) -> Option<BanditExperiment> {
    match e {
        Experiment::Bandits(b) => Some(b),
        _ => None,
    }
}

/// The default experiment (the `bandits-classic` preset).
pub fn default_experiment() -> BanditExperiment {
    BanditExperiment::default()
}

impl Component for BanditLab {
    type Message = Msg;
    type Properties = BanditLabProps;

    fn create(ctx: &Context<Self>) -> Self {
        let exp = default_experiment();
        let mut lab = BanditLab {
            presets: Rc::new(bandit_presets()),
            valid: Ok(()),
            valid_exp: Rc::new(exp.clone()),
            exp,
            drafts: HashMap::new(),
            field_errors: BTreeMap::new(),
            add_kind: agora_engine::bandits::PolicyConfig::all_defaults()
                .first()
                .map(|p| p.kind().to_string())
                .unwrap_or_default(),
            json_text: String::new(),
            json_dirty: false,
            json_error: None,
            session: RunSession::new(0),
            ran_exp: None,
            results: None,
            results_json: None,
            charts: None,
            chart_version: 0,
            expected: None,
            banner: None,
            settings: storage::load_settings(),
            tab: Tab::Results,
            copy_status: None,
            share_ref: NodeRef::default(),
        };
        lab.session.total = lab.exp.repetitions;
        lab.open_route(ctx, true);
        lab
    }

    fn changed(&mut self, ctx: &Context<Self>, old: &Self::Properties) -> bool {
        if ctx.props().nav != old.nav || ctx.props().fragment != old.fragment {
            self.open_route(ctx, false);
        }
        true
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Self::Message) -> bool {
        match msg {
            Msg::Preset(name) => {
                let found = self.presets.iter().find(|p| p.name == name);
                if let Some(b) = found.and_then(|p| as_bandits(p.experiment.clone())) {
                    self.replace_experiment(ctx, b);
                }
            }
            Msg::EnvKind(kind) => self.set_env_kind(ctx, &kind),
            Msg::Field(id, text) => self.edit_field(ctx, id, text),
            Msg::SeqPattern(p) => self.set_sequence_pattern(ctx, &p),
            Msg::AddSegment => self.add_segment(ctx),
            Msg::RemoveSegment(j) => self.remove_segment(ctx, j),
            Msg::NewSeed => {
                // A short seed people can read aloud; any u64 is accepted.
                let seed = (js_sys::Math::random() * 1_000_000.0) as u64;
                self.exp.seed = seed;
                self.drafts.remove("seed");
                self.field_errors.remove("seed");
                self.after_change(ctx);
            }
            Msg::AddKind(k) => self.add_kind = k,
            Msg::AddPolicy => self.add_policy(ctx),
            Msg::RemovePolicy(i) => {
                if i < self.exp.policies.len() {
                    self.exp.policies.remove(i);
                    self.clear_policy_drafts();
                    self.after_change(ctx);
                }
            }
            Msg::JsonText(t) => {
                self.json_text = t;
                self.json_dirty = true;
            }
            Msg::ApplyJson => match Experiment::from_json(&self.json_text).map(as_bandits) {
                Ok(Some(b)) => {
                    self.json_error = None;
                    self.replace_experiment(ctx, b);
                }
                Ok(None) => {
                    self.json_error = Some(
                        "This is an experiment of another lab, not a bandit experiment.".into(),
                    )
                }
                Err(e) => self.json_error = Some(e.to_string()),
            },
            Msg::ResetJson => {
                self.json_dirty = false;
                self.json_error = None;
                self.json_text = Experiment::Bandits(self.exp.clone()).to_json_pretty();
            }
            Msg::Run => self.start_run(ctx, false),
            Msg::Pause => self.session.pause(),
            Msg::Resume => self.session.resume(self.settings.speed),
            Msg::Step => {
                if !self.session.step() && !self.session.run.active() {
                    self.start_run(ctx, true);
                }
            }
            Msg::Cancel => self.session.cancel(),
            Msg::Reset => {
                self.session.reset(self.exp.repetitions);
                self.clear_results();
            }
            Msg::Speed(s) => {
                self.settings.speed = s;
                storage::save_settings(&self.settings);
                self.session.set_speed(s);
            }
            Msg::Worker(gen, m) => {
                return match self.session.on_message(gen, m) {
                    Update::Ignore => false,
                    Update::Render => true,
                    Update::Results(json) => {
                        self.set_results(json);
                        true
                    }
                };
            }
            Msg::LogX(v) => self.set_setting(|s| s.log_x = v),
            Msg::Realized(v) => self.set_setting(|s| s.realized = v),
            Msg::Band(v) => self.set_setting(|s| s.band = v),
            Msg::LaiRobbins(v) => self.set_setting(|s| s.lai_robbins = v),
            Msg::Tab(t) => self.tab = t,
            Msg::CopyLink => {
                self.copy_status = None;
                self.copy_link(ctx);
            }
            Msg::Copied(s) => self.copy_status = Some(s),
            Msg::DismissBanner => self.banner = None,
            Msg::ExportCsv => self.export_csv(),
            Msg::ExportJson => self.export_json(),
            Msg::LlmEdit(e) => {
                if let Some(x) = as_bandits(e) {
                    self.exp = x;
                    self.after_change(ctx);
                }
            }
            Msg::LlmRecorded(e) => {
                if let Some(x) = as_bandits(e) {
                    self.replace_experiment(ctx, x);
                    self.start_run(ctx, false);
                }
            }
        }
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let banner = self.banner.as_ref().map(|m| {
            html! { <ErrorBanner message={m.clone()} on_dismiss={link.callback(|_| Msg::DismissBanner)} /> }
        });
        let can_run = self.can_run();
        html! {
            <div class="lab lab-bandits">
                { for banner }
                <header class="lab-head">
                    <h1>{"Multi-armed bandits"}</h1>
                    <p class="lead">
                        {"A row of slot machines with unknown payouts: every pull either "}
                        <em>{"explores"}</em>{" (learns about an arm) or "}<em>{"exploits"}</em>
                        {" (plays the arm that looks best). Choose arms and algorithms, run many repetitions \
                          on the same random draws, and compare their regret: the reward lost to not \
                          always playing the best arm."}
                    </p>
                </header>
                <div class="lab-grid">
                    <aside class="panel config-panel" aria-label="Experiment settings">
                        { self.view_config(ctx) }
                    </aside>
                    <section class="lab-main" aria-label="Run and results">
                        if self.exp.has_llm() {
                            <LlmPanel experiment={Rc::new(Experiment::Bandits(self.exp.clone()))}
                                on_edit={link.callback(Msg::LlmEdit)}
                                on_recorded={link.callback(Msg::LlmRecorded)} />
                        }
                        <div class="panel run-panel">
                            <RunBar
                                state={self.session.run.clone()}
                                done={self.session.done}
                                total={self.session.total}
                                can_run={can_run}
                                speed={self.settings.speed}
                                on_run={link.callback(|_| Msg::Run)}
                                on_pause={link.callback(|_| Msg::Pause)}
                                on_resume={link.callback(|_| Msg::Resume)}
                                on_step={link.callback(|_| Msg::Step)}
                                on_reset={link.callback(|_| Msg::Reset)}
                                on_cancel={link.callback(|_| Msg::Cancel)}
                                on_speed={link.callback(Msg::Speed)}
                            />
                            { self.view_run_messages() }
                            { self.view_digest() }
                            { self.view_share(ctx) }
                        </div>
                        { self.view_tabs(ctx) }
                    </section>
                </div>
            </div>
        }
    }

    fn destroy(&mut self, _ctx: &Context<Self>) {
        // Dropping the session terminates its worker.
        self.session = RunSession::default();
    }
}

impl BanditLab {
    /// Settings are valid and every field parses.
    fn can_run(&self) -> bool {
        self.valid.is_ok() && self.field_errors.is_empty()
    }

    /// Load what the route asks for: a link (`x=`), a preset (`preset=`), or on first load the
    /// last experiment (else the default).
    fn open_route(&mut self, ctx: &Context<Self>, first: bool) {
        match route::read(&ctx.props().fragment, &self.presets, as_bandits) {
            Opening::Link {
                experiment,
                expected,
            } => {
                self.banner = None;
                self.replace_experiment(ctx, experiment.clone());
                self.expected = expected.map(|d| (experiment, d));
                // A link is an experiment to reproduce: run it.
                self.start_run(ctx, false);
                return;
            }
            Opening::BadLink {
                message,
                load_default,
            } => {
                self.banner = Some(message);
                if load_default {
                    self.replace_experiment(ctx, default_experiment());
                }
                return;
            }
            Opening::Preset(e) => {
                self.replace_experiment(ctx, e);
                return;
            }
            Opening::Nothing { message } => {
                if message.is_some() {
                    self.banner = message;
                }
            }
        }
        if first {
            let stored = storage::load_experiment("bandits")
                .and_then(as_bandits)
                .unwrap_or_else(default_experiment);
            self.replace_experiment(ctx, stored);
        } else {
            // Same experiment, but the address bar lost it: write it back.
            self.write_address_bar(ctx);
        }
    }

    /// Replace the whole experiment (preset, link, JSON): the form forgets what was typed.
    fn replace_experiment(&mut self, ctx: &Context<Self>, b: BanditExperiment) {
        self.exp = b;
        // A reproduction check belongs to the link that set it up.
        self.expected = None;
        self.drafts.clear();
        self.field_errors.clear();
        self.json_dirty = false;
        self.json_error = None;
        self.after_change(ctx);
    }

    /// After any change of `exp`: validate, remember, update the address bar and JSON box.
    fn after_change(&mut self, ctx: &Context<Self>) {
        self.valid = self.exp.validate();
        if self.valid.is_ok() {
            if *self.valid_exp != self.exp {
                self.valid_exp = Rc::new(self.exp.clone());
            }
            storage::save_experiment(&Experiment::Bandits(self.exp.clone()));
            self.write_address_bar(ctx);
        }
        if !self.json_dirty {
            self.json_text = Experiment::Bandits(self.exp.clone()).to_json_pretty();
        }
        if matches!(&self.expected, Some((e, _)) if *e != self.exp) {
            self.expected = None;
        }
        if !self.session.run.active() && self.ran_exp.is_none() {
            self.session.total = self.exp.repetitions;
        }
        self.copy_status = None;
    }

    fn write_address_bar(&self, ctx: &Context<Self>) {
        if self.valid.is_err() {
            return;
        }
        let mut frag = link::encode(&Experiment::Bandits(self.exp.clone()), None);
        if ctx.props().embed {
            frag.push_str("&embed=1");
        }
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&frag));
        }
    }

    fn set_setting(&mut self, f: impl FnOnce(&mut UiSettings)) {
        f(&mut self.settings);
        storage::save_settings(&self.settings);
        self.rebuild_charts();
    }

    fn clear_results(&mut self) {
        self.results = None;
        self.results_json = None;
        self.charts = None;
        self.ran_exp = None;
        self.session.clear(self.exp.repetitions);
    }

    /// Start a fresh run of the current settings (`paused`: run one repetition, then wait).
    fn start_run(&mut self, ctx: &Context<Self>, paused: bool) {
        if !self.can_run() {
            return;
        }
        self.clear_results();
        self.ran_exp = Some(self.exp.clone());
        let link = ctx.link().clone();
        self.session.start(
            move |gen| link.callback(move |m: FromWorker| Msg::Worker(gen, m)),
            Experiment::Bandits(self.exp.clone()).to_json(),
            self.exp.repetitions,
            self.settings.speed,
            paused,
        );
    }

    fn set_results(&mut self, json: String) {
        match serde_json::from_str::<BanditResults>(&json) {
            Ok(r) => {
                self.results = Some(Rc::new(r));
                self.results_json = Some(Rc::from(json.as_str()));
                self.rebuild_charts();
            }
            Err(e) => self.session.fail(format!(
                "The results could not be read ({e}). Reload the page and try again."
            )),
        }
    }

    fn rebuild_charts(&mut self) {
        self.chart_version += 1;
        self.charts = self
            .results
            .as_ref()
            .map(|r| results::ChartSet::new(r.clone(), &self.settings, self.ran_exp.as_ref()));
    }

    fn view_run_messages(&self) -> Html {
        let failed = match &self.session.run {
            RunState::Failed(m) => Some(html! {
                <p class="msg error" role="alert" data-testid="run-error">{ m.clone() }</p>
            }),
            _ => None,
        };
        let invalid = (!self.can_run()).then(|| {
            let text = match (&self.valid, self.field_errors.is_empty()) {
                (_, false) => "Fix the highlighted settings to run.".to_string(),
                (Err(e), true) => format!("Cannot run yet: {}", config_form::describe_error(e)),
                (Ok(()), true) => String::new(),
            };
            html! { <p class="msg warn" data-testid="config-invalid">{ text }</p> }
        });
        let stale = (self.ran_exp.is_some()
            && self.ran_exp.as_ref() != Some(&self.exp)
            && !self.session.run.active())
        .then(|| {
            html! {
                <p class="msg note" data-testid="results-stale">
                    {"The settings changed since this run: the results below are for the previous settings. Press Run to update them."}
                </p>
            }
        });
        html! { <>{ for failed }{ for invalid }{ for stale }</> }
    }
}
