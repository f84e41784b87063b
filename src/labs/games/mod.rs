//! The repeated-games lab page: settings (preset, mode, game, players, match rules, JSON), the
//! run bar driving the worker, results by mode (tournament table and charts, population
//! plots, learning dynamics, a step-by-step match), the share link, and "you play".
//!
//! State lives in one component, [`GamesLab`]; its views are split by topic: `config.rs`
//! (settings), `results.rs` (tables, charts, exports), `game_view.rs` (payoff matrix,
//! equilibria, the 144 ordinal games), `match_view.rs` (a match turn by turn), `play.rs` (the
//! student plays a strategy). The experiment is kept in the address bar and in localStorage
//! on every valid change, as in the bandit lab.

pub mod config;
pub mod game_view;
pub mod match_view;
pub mod play;
pub mod results;

use crate::labs::llm::LlmPanel;
use crate::labs::route::{self, Opening};
use crate::labs::session::{RunSession, Update};
use crate::storage::{self, Speed, UiSettings};
use crate::widgets::banner::ErrorBanner;
use crate::widgets::runbar::{RunBar, RunState};
use crate::widgets::share::{copy_text, page_base, CopyStatus, DigestBox, ShareBox};
use crate::worker::FromWorker;
use agora_engine::error::ConfigError;
use agora_engine::experiment::Experiment;
use agora_engine::games::{GamesExperiment, GamesResults};
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
    Play,
}

#[derive(Properties, PartialEq)]
pub struct GamesLabProps {
    /// The route's fragment (`#/games?v=1&x=...`), as in the address bar.
    pub fragment: AttrValue,
    #[prop_or_default]
    pub embed: bool,
    /// Bumped by the app on every `hashchange`.
    #[prop_or_default]
    pub nav: u64,
}

pub enum Msg {
    Preset(String),
    Mode(String),
    /// A text field changed: `id` names it (see `config.rs`).
    Field(String, String),
    Game(agora_engine::games::GameConfig),
    DynamicsGame(String),
    Learner(String),
    Sampled(bool),
    NewSeed,
    AddKind(String),
    AddPlayer,
    RemovePlayer(usize),
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
    Stacked(bool),
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

pub struct GamesLab {
    presets: Rc<Vec<Preset>>,
    exp: GamesExperiment,
    valid: Result<(), ConfigError>,
    /// Text typed in fields that does not parse yet (keys: field ids).
    drafts: HashMap<String, String>,
    field_errors: BTreeMap<String, String>,
    add_kind: String,
    json_text: String,
    json_dirty: bool,
    json_error: Option<String>,
    session: RunSession,
    ran_exp: Option<GamesExperiment>,
    results: Option<Rc<GamesResults>>,
    results_json: Option<Rc<str>>,
    chart_version: u64,
    expected: Option<(GamesExperiment, String)>,
    banner: Option<String>,
    settings: UiSettings,
    stacked: bool,
    tab: Tab,
    copy_status: Option<CopyStatus>,
    share_ref: NodeRef,
}

/// The games presets, in menu order.
pub fn games_presets() -> Vec<Preset> {
    presets::all()
        .into_iter()
        .filter(|p| p.experiment.lab() == "games")
        .collect()
}

/// The games experiment inside `e`, if it is one.
pub fn as_games(e: Experiment) -> Option<GamesExperiment> {
    match e {
        Experiment::Games(g) => Some(g),
        _ => None,
    }
}

/// The default experiment (the `games-axelrod` preset).
pub fn default_experiment() -> GamesExperiment {
    agora_engine::games::presets::axelrod_first()
}

/// What the run bar counts for an experiment (see `agora_engine::games::GamesRunner`).
fn progress_unit(exp: &GamesExperiment) -> &'static str {
    match exp {
        GamesExperiment::Tournament(_) => "matches",
        GamesExperiment::Ecology(_) | GamesExperiment::Moran(_) => "matches + evolution",
        GamesExperiment::Trust(_) => "rounds",
        GamesExperiment::Match(_) => "match",
        GamesExperiment::Dynamics(_) => "run",
    }
}

/// Units of work of an experiment, as the worker counts them.
fn units(exp: &GamesExperiment) -> usize {
    exp.units()
}

impl Component for GamesLab {
    type Message = Msg;
    type Properties = GamesLabProps;

    fn create(ctx: &Context<Self>) -> Self {
        let exp = default_experiment();
        let mut lab = GamesLab {
            presets: Rc::new(games_presets()),
            valid: Ok(()),
            exp,
            drafts: HashMap::new(),
            field_errors: BTreeMap::new(),
            add_kind: "TitForTat".into(),
            json_text: String::new(),
            json_dirty: false,
            json_error: None,
            session: RunSession::new(0),
            ran_exp: None,
            results: None,
            results_json: None,
            chart_version: 0,
            expected: None,
            banner: None,
            settings: storage::load_settings(),
            stacked: true,
            tab: Tab::Results,
            copy_status: None,
            share_ref: NodeRef::default(),
        };
        lab.session.total = units(&lab.exp);
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
                if let Some(g) = found.and_then(|p| as_games(p.experiment.clone())) {
                    self.replace_experiment(ctx, g);
                }
            }
            Msg::Mode(mode) => {
                let next = config::convert_mode(&self.exp, &mode);
                self.replace_experiment(ctx, next);
            }
            Msg::Field(id, text) => self.edit_field(ctx, id, text),
            Msg::Game(g) => {
                config::set_game(&mut self.exp, g);
                self.after_change(ctx);
            }
            Msg::DynamicsGame(id) => {
                config::set_dynamics_game(&mut self.exp, &id);
                self.after_change(ctx);
            }
            Msg::Learner(kind) => {
                config::set_learner(&mut self.exp, &kind);
                self.drafts.remove("eta");
                self.field_errors.remove("eta");
                self.after_change(ctx);
            }
            Msg::Sampled(v) => {
                if let GamesExperiment::Dynamics(d) = &mut self.exp {
                    d.sampled = v;
                }
                self.after_change(ctx);
            }
            Msg::NewSeed => {
                let seed = (js_sys::Math::random() * 1_000_000.0) as u64;
                config::set_seed(&mut self.exp, seed);
                self.drafts.remove("seed");
                self.field_errors.remove("seed");
                self.after_change(ctx);
            }
            Msg::AddKind(k) => self.add_kind = k,
            Msg::AddPlayer => {
                config::add_player(&mut self.exp, &self.add_kind);
                self.clear_list_drafts();
                self.after_change(ctx);
            }
            Msg::RemovePlayer(i) => {
                config::remove_player(&mut self.exp, i);
                self.clear_list_drafts();
                self.after_change(ctx);
            }
            Msg::JsonText(t) => {
                self.json_text = t;
                self.json_dirty = true;
            }
            Msg::ApplyJson => {
                match Experiment::from_json(&self.json_text).map(as_games) {
                    Ok(Some(g)) => {
                        self.json_error = None;
                        self.replace_experiment(ctx, g);
                    }
                    Ok(None) => self.json_error = Some(
                        "This is an experiment of another lab, not a repeated-games experiment."
                            .into(),
                    ),
                    Err(e) => self.json_error = Some(e.to_string()),
                }
            }
            Msg::ResetJson => {
                self.json_dirty = false;
                self.json_error = None;
                self.json_text = Experiment::Games(self.exp.clone()).to_json_pretty();
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
                self.session.reset(units(&self.exp));
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
            Msg::Stacked(v) => {
                self.stacked = v;
                self.chart_version += 1;
            }
            Msg::Tab(t) => self.tab = t,
            Msg::CopyLink => {
                self.copy_status = None;
                copy_text(
                    self.share_url(),
                    self.share_ref.cast::<web_sys::HtmlInputElement>(),
                    ctx.link().callback(Msg::Copied),
                );
            }
            Msg::Copied(s) => self.copy_status = Some(s),
            Msg::DismissBanner => self.banner = None,
            Msg::ExportCsv => self.export_csv(),
            Msg::ExportJson => self.export_json(),
            Msg::LlmEdit(e) => {
                if let Some(x) = as_games(e) {
                    self.exp = x;
                    self.after_change(ctx);
                }
            }
            Msg::LlmRecorded(e) => {
                if let Some(x) = as_games(e) {
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
        let tab = |t: Tab, id: &'static str, label: &'static str| {
            html! {
                <button type="button" role="tab" class={classes!("tab", (self.tab == t).then_some("active"))}
                    aria-selected={(self.tab == t).to_string()} data-testid={id}
                    onclick={link.callback(move |_| Msg::Tab(t))}>{ label }</button>
            }
        };
        html! {
            <div class="lab lab-games">
                { for banner }
                <header class="lab-head">
                    <h1>{"Repeated games"}</h1>
                    <p class="lead">
                        {"Two players meet again and again in the same small game. Does it pay to be nice, to \
                          retaliate, to forgive? Pit classic strategies against each other in tournaments, let \
                          the successful ones spread through a population, watch learning rules find (or miss) \
                          an equilibrium, and play a strategy yourself."}
                    </p>
                </header>
                <div class="lab-grid">
                    <aside class="panel config-panel" aria-label="Experiment settings">
                        { self.view_config(ctx) }
                    </aside>
                    <section class="lab-main" aria-label="Run and results">
                        if self.exp.has_llm() {
                            <LlmPanel experiment={Rc::new(Experiment::Games(self.exp.clone()))}
                                on_edit={link.callback(Msg::LlmEdit)}
                                on_recorded={link.callback(Msg::LlmRecorded)} />
                        }
                        <div class="panel run-panel">
                            <RunBar
                                state={self.session.run.clone()}
                                done={self.session.done}
                                total={self.session.total}
                                unit={progress_unit(self.ran_exp.as_ref().unwrap_or(&self.exp))}
                                can_run={self.can_run()}
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
                            <ShareBox url={if self.can_run() { self.share_url() } else { String::new() }}
                                enabled={self.can_run()} with_digest={self.share_digest().is_some()}
                                copy_status={self.copy_status.clone()}
                                on_copy={link.callback(|_| Msg::CopyLink)} input_ref={self.share_ref.clone()} />
                        </div>
                        <div class="tabs" role="tablist">
                            { tab(Tab::Results, "tab-results", "Results") }
                            { tab(Tab::Play, "tab-play", "You play") }
                        </div>
                        if self.tab == Tab::Results {
                            { self.view_results(ctx) }
                        } else {
                            { self.view_play() }
                        }
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

impl GamesLab {
    fn can_run(&self) -> bool {
        self.valid.is_ok() && self.field_errors.is_empty()
    }

    fn open_route(&mut self, ctx: &Context<Self>, first: bool) {
        match route::read(&ctx.props().fragment, &self.presets, as_games) {
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
            let stored = storage::load_experiment("games")
                .and_then(as_games)
                .unwrap_or_else(default_experiment);
            self.replace_experiment(ctx, stored);
        } else {
            self.write_address_bar(ctx);
        }
    }

    fn replace_experiment(&mut self, ctx: &Context<Self>, g: GamesExperiment) {
        self.exp = g;
        self.expected = None;
        self.drafts.clear();
        self.field_errors.clear();
        self.json_dirty = false;
        self.json_error = None;
        self.after_change(ctx);
    }

    fn clear_list_drafts(&mut self) {
        self.drafts.retain(|k, _| !k.starts_with("count-"));
        self.field_errors.retain(|k, _| !k.starts_with("count-"));
    }

    fn after_change(&mut self, ctx: &Context<Self>) {
        self.valid = self.exp.validate();
        if self.valid.is_ok() {
            storage::save_experiment(&Experiment::Games(self.exp.clone()));
            self.write_address_bar(ctx);
        }
        if !self.json_dirty {
            self.json_text = Experiment::Games(self.exp.clone()).to_json_pretty();
        }
        if matches!(&self.expected, Some((e, _)) if *e != self.exp) {
            self.expected = None;
        }
        if !self.session.run.active() && self.ran_exp.is_none() {
            self.session.total = units(&self.exp);
        }
        self.copy_status = None;
    }

    fn write_address_bar(&self, ctx: &Context<Self>) {
        if self.valid.is_err() {
            return;
        }
        let mut frag = link::encode(&Experiment::Games(self.exp.clone()), None);
        if ctx.props().embed {
            frag.push_str("&embed=1");
        }
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&frag));
        }
    }

    fn clear_results(&mut self) {
        self.results = None;
        self.results_json = None;
        self.ran_exp = None;
        self.session.clear(units(&self.exp));
    }

    fn start_run(&mut self, ctx: &Context<Self>, paused: bool) {
        if !self.can_run() {
            return;
        }
        self.clear_results();
        self.ran_exp = Some(self.exp.clone());
        let link = ctx.link().clone();
        self.session.start(
            move |gen| link.callback(move |m: FromWorker| Msg::Worker(gen, m)),
            Experiment::Games(self.exp.clone()).to_json(),
            units(&self.exp),
            self.settings.speed,
            paused,
        );
    }

    fn set_results(&mut self, json: String) {
        match serde_json::from_str::<GamesResults>(&json) {
            Ok(r) => {
                self.results = Some(Rc::new(r));
                self.results_json = Some(Rc::from(json.as_str()));
                self.chart_version += 1;
            }
            Err(e) => self.session.fail(format!(
                "The results could not be read ({e}). Reload the page and try again."
            )),
        }
    }

    /// The digest to put in the share link: only for a finished run of the current settings.
    fn share_digest(&self) -> Option<&str> {
        match (&self.session.run, &self.ran_exp, &self.session.digest) {
            (RunState::Done, Some(e), Some(d)) if *e == self.exp => Some(d.as_str()),
            _ => None,
        }
    }

    fn share_url(&self) -> String {
        link::encode_url(
            &page_base(),
            &Experiment::Games(self.exp.clone()),
            self.share_digest(),
        )
    }

    fn view_digest(&self) -> Html {
        let Some(digest) = &self.session.digest else {
            return html! {};
        };
        let expected = match (&self.expected, &self.ran_exp) {
            (Some((e, expected)), Some(ran)) if e == ran => Some(AttrValue::from(expected.clone())),
            _ => None,
        };
        html! { <DigestBox digest={digest.clone()} stats={self.session.stats.clone()} expected={expected} /> }
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
                (Err(e), true) => format!("Cannot run yet: {e}"),
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

    fn view_play(&self) -> Html {
        let (game, opponents, seed, turns) = config::play_setup(&self.exp);
        html! {
            <div class="panel">
                <play::PlayGame game={game} opponents={opponents} seed={seed} turns={turns} />
            </div>
        }
    }
}
