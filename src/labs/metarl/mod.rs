//! The meta-RL exploration lab: what it adds to the generic lab page ([`crate::labs::page`]):
//! its settings (`config.rs`: the task family, training, the agents and the baselines) and its
//! results (`results.rs`: learning curves, the final rewards, the ablation grid, reward within a
//! block and within an episode, the pseudo-Thompson check and the table), and two tabs once an
//! agent is trained: "Watch the agent" (`watch.rs`) and "You play" (`play.rs`).

pub mod config;
pub mod play;
pub mod results;
pub mod watch;

use crate::embed::Control;
use crate::labs::page::{Edited, EmptyResults, Form, LabUi, Ran, ResultsView, SettingsView};
use crate::storage::UiSettings;
use agora_engine::error::ConfigError;
use agora_engine::metarl::{MetarlExperiment, MetarlResults};
use std::rc::Rc;
use yew::prelude::*;

/// The meta-RL lab, as the generic page sees it.
pub struct MetarlUi;

/// An edit of the meta-RL settings form.
pub enum Edit {
    /// The task family: "blocks", "rl2" or "grid".
    Family(String),
    ArmModel(String),
    /// Agent i's learning rule.
    Method(usize, String),
    /// Agent i's memory.
    Memory(usize, String),
    AddAgent,
    RemoveAgent(usize),
    /// The kind picked in "Add a baseline".
    BaselineKind(String),
    AddBaseline,
    RemoveBaseline(usize),
}

/// The agent whose within-block behaviour and choices are shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MetarlView {
    pub focus: usize,
}

/// A change of the results options.
pub enum ViewMsg {
    Focus(usize),
}

impl LabUi for MetarlUi {
    const GROUPS: &'static [Control] = &[
        Control::group("task", "Task"),
        Control::group("training", "Training, evaluation and seed"),
        Control::group("agents", "Agents"),
        Control::group("baselines", "Baselines"),
    ];
    type Lab = agora_engine::metarl::MetarlLab;
    type Exp = MetarlExperiment;
    type Results = MetarlResults;
    /// The kind picked in "Add a baseline".
    type Local = String;
    type Edit = Edit;
    type View = MetarlView;
    type ViewMsg = ViewMsg;
    type Charts = results::ChartSet;

    fn head() -> Html {
        html! {
            <>
            <h1>{"Meta-RL exploration"}</h1>
            <p class="lead">
                {"A small recurrent network plays bandits: it pulls arms, sees rewards and remembers \
                  them. It is trained by Q-learning to exploit only: it always plays the arm it \
                  currently values most, with no exploration bonus and no random moves. Yet when \
                  the same task recurs for a block of episodes, the trained agent explores: it \
                  tries arms early in a block and exploits what it learned later, much as Thompson \
                  sampling does. Train it here, compare it with the classic strategies on the same \
                  draws, then remove the recurring structure, the memory or the credit across \
                  episodes and see whether exploration survives."}
            </p>
            <p class="hint">
                {"After “Exploitation Is All You Need… for Exploration” (2025), RL² (Duan et al., \
                  2016) and Wang et al. (2016). Pick a preset to see its agents trained at once (pre-trained, \
                  same digest); Run trains them again in your browser, in seconds to a minute or \
                  two; fewer updates or seeds give a quick look."}
            </p>
            </>
        }
    }

    /// The `metarl-blocks` preset.
    fn default_experiment() -> MetarlExperiment {
        MetarlExperiment::default()
    }

    fn set_seed(exp: &mut MetarlExperiment, seed: u64) {
        exp.seed = seed;
    }

    fn describe_error(e: &ConfigError) -> String {
        config::describe_error(e)
    }

    fn new_local() -> String {
        "thompson".into()
    }

    fn apply_field(exp: &mut MetarlExperiment, id: &str, text: &str) -> Result<(), String> {
        config::apply_field(exp, id, text)
    }

    fn edit(form: &mut Form<Self>, edit: Edit) -> Edited {
        config::edit(form, edit)
    }

    fn settings(v: &SettingsView<'_, Self>) -> Html {
        config::view(v)
    }

    fn json_hint() -> Option<&'static str> {
        Some("Agents are {\"train\": {\"hidden\", \"memory\": {\"kind\": full | episode | window}, \"gamma\", \"gamma_episode\", \"adam\", \"method\": {\"kind\": greedy_q | a2c, ...}}, \"train_block_mean\"}; baselines are {\"kind\": greedy | bayes_optimal}, {\"kind\": \"policy\", \"policy\": {a bandit policy}} or {\"kind\": \"llm\", \"llm\": {model}, \"prompt\": {factors}, \"blocks\": 10} (a language model on the first evaluation blocks; its replies in \"transcript\"); \"grid\": {\"size\", \"steps\", \"block_mean\", \"max_block\"} plays the gridworld instead of \"task\", with baselines {\"kind\": random_walk | search | oracle}.")
    }

    fn charts(
        r: &Rc<MetarlResults>,
        ran: Option<&MetarlExperiment>,
        _settings: &UiSettings,
        view: &MetarlView,
    ) -> results::ChartSet {
        results::ChartSet::new(r, ran, view)
    }

    fn view_update(view: &mut MetarlView, _settings: &mut UiSettings, msg: ViewMsg) {
        match msg {
            ViewMsg::Focus(i) => view.focus = i,
        }
    }

    fn results(v: &ResultsView<'_, Self>) -> Html {
        results::view(v)
    }

    fn empty_results() -> EmptyResults {
        EmptyResults {
            run: "to evaluate the baselines, then train every agent with every seed. Results appear as each one finishes, and a training run's curve as it grows. The presets load with their agents already trained.",
            llm: "the run starts by itself.",
            hint: "Then compare the learning curves with the baselines, and check whether the agent explores early in a block and chooses arms about as often as they are likely to be the best.",
        }
    }

    fn csv(r: &MetarlResults) -> (String, &'static str) {
        (results::results_csv(r), "curves")
    }

    fn export_hint() -> &'static str {
        "CSV: every training run's learning curve (one row per evaluation point) and every baseline's final score. JSON: experiment, digest and all results (reward by pull and by episode, the P(best) bins, the trained networks' parameters)."
    }

    fn extra_tabs() -> &'static [(&'static str, &'static str)] {
        &[("watch", "Watch the agent"), ("play", "You play")]
    }

    fn extra_tab(id: &str, _exp: &Rc<MetarlExperiment>, ran: Option<Ran<'_, Self>>) -> Html {
        let agents = ran.as_ref().map(|r| r.exp.agents.len());
        let trained = ran.filter(|r| !r.results.runs.is_empty());
        match (id, trained) {
            ("watch" | "play", Some(r)) if r.exp.grid.is_some() => html! {
                <p class="msg" role="status" data-testid={format!("metarl-{id}-grid")}>
                    { "Watching the agent and playing against it are for bandit tasks. On the gridworld, the Results tab shows where the agent in focus walks in the first and a later episode of a block (its visit maps) and its moves per episode." }
                </p>
            },
            ("watch", Some(r)) => html! {
                <watch::WatchAgent exp={Rc::new(r.exp.clone())} results={r.results.clone()} />
            },
            ("play", Some(r)) => html! {
                <play::PlayAgent exp={Rc::new(r.exp.clone())} results={r.results.clone()} />
            },
            ("watch" | "play", None) => not_trained(id, agents),
            _ => Html::default(),
        }
    }
}

/// What the agent tabs say before any training run has finished; `agents` is the number of
/// agents of the experiment the latest results belong to (`None`: no results yet).
fn not_trained(id: &str, agents: Option<usize>) -> Html {
    let what = if id == "watch" {
        "watch a trained agent play a task pull by pull"
    } else {
        "play a task yourself and compare with the trained agent"
    };
    let text = match agents {
        None => format!("Press Run to train the agents of this experiment (fewer updates give a quick look), then come back here to {what}."),
        Some(0) => format!("The last run trained no agent (baselines only). Add an agent in the settings and press Run to {what}."),
        Some(_) => format!("No training run has finished yet. While the experiment runs, the first trained agent appears here as soon as its training ends; if it was stopped, press Run again to {what}."),
    };
    html! {
        <div class="msg note" role="status" data-testid={format!("metarl-{id}-empty")} style="margin:0.5rem 0">
            <p style="margin:0 0 0.4rem 0"><strong>{ "No trained agent yet." }</strong></p>
            <p style="margin:0">{ text }</p>
        </div>
    }
}
