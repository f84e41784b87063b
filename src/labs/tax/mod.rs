//! The tax-planner lab: what it adds to the generic lab page ([`crate::labs::page`]): its
//! settings (`config.rs`: economy, workers, status-quo brackets, planning mode, planners), its
//! results (`results.rs`: the metrics table and every planner's charts side by side) and the
//! "one worker" panel (`one_worker.rs`: a worker's budget set and why it works the hours it
//! does).

pub mod config;
pub mod elections;
pub mod one_worker;
pub mod results;

use crate::charts::tax::Trend;
use crate::embed::Control;
use crate::labs::page::{Edited, EmptyResults, Form, LabUi, ResultsView, SettingsView};
use crate::storage::UiSettings;
use agora_engine::error::ConfigError;
use agora_engine::tax::{TaxExperiment, TaxResults};
use std::rc::Rc;
use yew::prelude::*;

/// The tax lab, as the generic page sees it.
pub struct TaxUi;

/// An edit of the tax settings form.
pub enum Edit {
    SkillsKind(String),
    UtilityKind(String),
    LabourKind(String),
    /// A status-quo template picked from the menu.
    Template(String),
    AddBracket,
    RemoveBracket(usize),
    ModeKind(String),
    /// The kind picked in "Add a planner".
    AddKind(String),
    AddPlanner,
    RemovePlanner(usize),
    /// Planner i (an election): add a candidate of this kind, remove candidate j.
    AddCandidate(usize, String),
    RemoveCandidate(usize, usize),
    /// LLM workers on (with the defaults) or off.
    LlmWorkers(bool),
}

/// What the results show beyond the experiment: the planner in focus (histogram, deciles,
/// one worker), the worker's skill percentile and the metric followed over the years.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TaxView {
    pub focus: usize,
    pub percentile: usize,
    pub trend: Trend,
}

impl Default for TaxView {
    fn default() -> Self {
        TaxView {
            focus: 0,
            percentile: 50,
            trend: Trend::Welfare,
        }
    }
}

/// A change of the results options.
pub enum ViewMsg {
    Focus(usize),
    Percentile(usize),
    Trend(Trend),
}

impl LabUi for TaxUi {
    const GROUPS: &'static [Control] = &[
        Control::group("economy", "Economy and seed"),
        Control::group("workers", "Workers"),
        Control::group("schedule", "Status quo schedule"),
        Control::group("planning", "Planning"),
        Control::group("planners", "Planners"),
    ];
    type Lab = agora_engine::tax::TaxLab;
    type Exp = TaxExperiment;
    type Results = TaxResults;
    /// The kind picked in "Add a planner".
    type Local = String;
    type Edit = Edit;
    type View = TaxView;
    type ViewMsg = ViewMsg;
    type Charts = results::ChartSet;

    fn head() -> Html {
        html! {
            <>
            <h1>{"Tax planner"}</h1>
            <p class="lead">
                {"Workers with different skills choose how many hours to work under a schedule of \
                  bracketed income taxes; a planner sets the rates. Higher rates raise revenue to \
                  rebate, which makes incomes more equal, but workers respond by working less. \
                  Compare planners, from Saez's optimal-tax formula to a search, a bandit and the \
                  exhaustive oracle, on productivity, equality and welfare."}
            </p>
            </>
        }
    }

    /// The `tax-compare` preset.
    fn default_experiment() -> TaxExperiment {
        TaxExperiment::default()
    }

    fn set_seed(exp: &mut TaxExperiment, seed: u64) {
        exp.seed = seed;
    }

    fn describe_error(e: &ConfigError) -> String {
        config::describe_error(e)
    }

    fn new_local() -> String {
        "saez_analytic".into()
    }

    fn apply_field(exp: &mut TaxExperiment, id: &str, text: &str) -> Result<(), String> {
        config::apply_field(exp, id, text)
    }

    fn edit(form: &mut Form<Self>, edit: Edit) -> Edited {
        config::edit(form, edit)
    }

    fn settings(v: &SettingsView<'_, Self>) -> Html {
        config::view(v)
    }

    fn json_hint() -> Option<&'static str> {
        Some("Skills, utilities, worker behaviours and planners are {\"kind\": ..., parameters}; the schedule is {\"cutoffs\": [dollars], \"rates\": [0 to 1]}.")
    }

    fn charts(
        r: &Rc<TaxResults>,
        ran: Option<&TaxExperiment>,
        _settings: &UiSettings,
        view: &TaxView,
    ) -> results::ChartSet {
        results::ChartSet::new(r, ran, view)
    }

    fn view_update(view: &mut TaxView, _settings: &mut UiSettings, msg: ViewMsg) {
        match msg {
            ViewMsg::Focus(i) => view.focus = i,
            ViewMsg::Percentile(p) => view.percentile = p.min(100),
            ViewMsg::Trend(t) => view.trend = t,
        }
    }

    fn results(v: &ResultsView<'_, Self>) -> Html {
        results::view(v)
    }

    fn empty_results() -> EmptyResults {
        EmptyResults {
            run: "to let every planner set its schedule and the workers respond. Each planner's results appear as it finishes.",
            llm: "the run starts by itself.",
            hint: "Then pick a planner to see who gains and who loses, and a worker to see why it works the hours it does.",
        }
    }

    fn csv(r: &TaxResults) -> (String, &'static str) {
        (results::results_csv(r), "years")
    }

    fn export_hint() -> &'static str {
        "CSV: every planner's rates and metrics year by year. JSON: experiment, digest and all results (schedules, Lorenz curves, deciles)."
    }
}
