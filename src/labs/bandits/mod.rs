//! The bandit lab: what it adds to the generic lab page ([`crate::labs::page`]): its settings
//! (`config_form.rs`: environment, run length, policies), its results (`results.rs`: four
//! charts, a table, the CSV) and two extra tabs, "watch one run" (`watch.rs`) and "you play"
//! (`play.rs`).

pub mod config_form;
pub mod play;
pub mod results;
pub mod watch;

use crate::embed::Control;
use crate::labs::page::{Edited, EmptyResults, Form, LabUi, Ran, ResultsView, SettingsView};
use crate::storage::UiSettings;
use agora_engine::bandits::{BanditExperiment, BanditResults, PolicyConfig};
use agora_engine::error::ConfigError;
use std::rc::Rc;
use yew::prelude::*;

/// The bandit lab, as the generic page sees it.
pub struct BanditsUi;

/// An edit of the bandit settings form.
pub enum Edit {
    EnvKind(String),
    SeqPattern(String),
    AddSegment,
    RemoveSegment(usize),
    /// The kind picked in "Add a policy".
    AddKind(String),
    AddPolicy,
    RemovePolicy(usize),
}

/// A change of the regret chart's options (kept between visits, except `LaiRobbinsAnyway`).
pub enum ChartOption {
    LogX(bool),
    Realized(bool),
    Band(bool),
    LaiRobbins(bool),
    /// Draw the Lai-Robbins curve although it lies above every policy at this horizon.
    LaiRobbinsAnyway,
}

/// Options of the results views that are not kept between visits.
#[derive(Default)]
pub struct View {
    /// The student asked for the Lai-Robbins curve where it teaches nothing.
    pub lai_robbins_anyway: bool,
}

impl LabUi for BanditsUi {
    const GROUPS: &'static [Control] = &[
        Control::group("arms", "Arms"),
        Control::group("run", "Run length and seed"),
        Control::group("policies", "Policies"),
    ];
    type Lab = agora_engine::bandits::BanditsLab;
    type Exp = BanditExperiment;
    type Results = BanditResults;
    /// The kind picked in "Add a policy".
    type Local = String;
    type Edit = Edit;
    type View = View;
    type ViewMsg = ChartOption;
    type Charts = results::ChartSet;

    fn head() -> Html {
        html! {
            <>
            <h1>{"Multi-armed bandits"}</h1>
            <p class="lead">
                {"A row of slot machines with unknown payouts: every pull either "}
                <em>{"explores"}</em>{" (learns about an arm) or "}<em>{"exploits"}</em>
                {" (plays the arm that looks best). Choose arms and algorithms, run many repetitions \
                  on the same random draws, and compare their regret: the reward lost to not \
                  always playing the best arm."}
            </p>
            </>
        }
    }

    /// The `bandits-classic` preset.
    fn default_experiment() -> BanditExperiment {
        BanditExperiment::default()
    }

    fn set_seed(exp: &mut BanditExperiment, seed: u64) {
        exp.seed = seed;
    }

    fn describe_error(e: &ConfigError) -> String {
        config_form::describe_error(e)
    }

    fn new_local() -> String {
        PolicyConfig::all_defaults()
            .first()
            .map(|p| p.kind().to_string())
            .unwrap_or_default()
    }

    fn apply_field(exp: &mut BanditExperiment, id: &str, text: &str) -> Result<(), String> {
        config_form::apply_field(exp, id, text)
    }

    fn edit(form: &mut Form<Self>, edit: Edit) -> Edited {
        config_form::edit(form, edit)
    }

    fn settings(v: &SettingsView<'_, Self>) -> Html {
        config_form::view(v)
    }

    fn charts(
        r: &Rc<BanditResults>,
        ran: Option<&BanditExperiment>,
        settings: &UiSettings,
        view: &View,
    ) -> results::ChartSet {
        results::ChartSet::new(r.clone(), settings, view, ran)
    }

    fn view_update(view: &mut View, s: &mut UiSettings, msg: ChartOption) {
        match msg {
            ChartOption::LogX(v) => s.log_x = v,
            ChartOption::Realized(v) => s.realized = v,
            ChartOption::Band(v) => s.band = v,
            ChartOption::LaiRobbins(v) => {
                s.lai_robbins = v;
                view.lai_robbins_anyway = false;
            }
            ChartOption::LaiRobbinsAnyway => view.lai_robbins_anyway = true,
        }
    }

    fn results(v: &ResultsView<'_, Self>) -> Html {
        results::view(v)
    }

    fn empty_results() -> EmptyResults {
        EmptyResults {
            run: "to simulate the experiment. Curves appear as the repetitions finish.",
            llm: "the run starts by itself.",
            hint: "Or open “Watch one run” to step through a single run, or “You play” to pull the arms yourself.",
        }
    }

    fn csv(r: &BanditResults) -> (String, &'static str) {
        (results::results_csv(r), "curves")
    }

    fn export_hint() -> &'static str {
        "CSV: the curves per policy and round. JSON: experiment, digest and all results."
    }

    fn extra_tabs() -> &'static [(&'static str, &'static str)] {
        &[("watch", "Watch one run"), ("play", "You play")]
    }

    fn extra_tab(id: &str, exp: &Rc<BanditExperiment>, _ran: Option<Ran<'_, Self>>) -> Html {
        match id {
            "watch" => html! { <watch::WatchView experiment={exp.clone()} /> },
            "play" => html! { <play::PlayView experiment={exp.clone()} /> },
            _ => Html::default(),
        }
    }
}
