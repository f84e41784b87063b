//! The settings form of the meta-RL lab: the task family (arms, pulls per episode, mean block
//! length, how arms pay), training (updates, seeds, evaluation), the agents (each a card: its
//! learning rule, memory, network size, discounts and learning rate, and an optional training
//! block length for the structure ablation) and the baselines (cards with their parameters).
//! The page adds the preset picker and the JSON editor around them.

use super::{Edit, MetarlUi};
use crate::labs::page::{Edited, Form, SettingsView};
use crate::widgets::fields::{self, parse_number, parse_usize};
use crate::widgets::params;
use crate::widgets::runbar::thousands;
use agora_engine::bandits::PolicyConfig;
use agora_engine::error::ConfigError;
use agora_engine::metarl::agent::Memory;
use agora_engine::metarl::baselines::Baseline;
use agora_engine::metarl::grid::GridTask;
use agora_engine::metarl::llm_player::LlmPlayerConfig;
use agora_engine::metarl::tasks::{ArmModel, BanditTask};
use agora_engine::metarl::train::{a2c::A2cParams, greedy_q::GreedyQParams, Method};
use agora_engine::metarl::{AgentSpec, MetarlExperiment, MAX_AGENTS};
use yew::prelude::*;

type V<'a> = SettingsView<'a, MetarlUi>;

const LISTS: [(&str, &str); 2] = [("agents", "agent"), ("baselines", "baseline")];
const GROUPS: [(&str, &str); 2] = [("eval", "evaluation"), ("grid", "gridworld")];

/// Words for the last parts of config paths, in error messages.
const WORDS: [(&str, &str); 12] = [
    ("adam.lr", "learning rate"),
    ("memory.steps", "memory steps"),
    ("grid.steps", "grid.moves per episode"),
    ("grid.size", "grid.cells per side"),
    ("train_block_mean", "training block length"),
    ("block_mean", "mean block length n"),
    ("gamma_episode", "γ between episodes"),
    ("gamma", "γ within an episode"),
    ("hidden", "hidden units"),
    ("arm_model.sd", "reward noise sd"),
    ("pulls", "pulls per episode"),
    ("every", "every (updates)"),
];

/// A config error in plain words: "agents[1].train.hidden" reads "agent 2 › hidden units".
pub fn describe_error(e: &ConfigError) -> String {
    if e.field.is_empty() {
        return e.message.clone();
    }
    let mut f = e
        .field
        .replace(".train.method.", ".")
        .replace(".train.", ".")
        .replace(".policy.", ".");
    for (from, to) in WORDS {
        if f == from || f.ends_with(&format!(".{from}")) {
            f = format!("{}{to}", &f[..f.len() - from.len()]);
            break;
        }
    }
    let plain = fields::plain_field(&f, &LISTS, &GROUPS).replace('.', " › ");
    format!("{plain}: {}", e.message)
}

/// Which part of the form a config error belongs to: "agent.1", "baseline.0", "task", ... (the
/// form asks through [`SettingsView::section_error`]).
#[cfg(test)]
fn error_section(e: &ConfigError) -> String {
    fields::error_section(&e.field, &LISTS)
}

/// The gridworld's baselines: (kind, name).
const GRID_BASELINES: [(&str, &str); 3] = [
    ("random_walk", "Random walk"),
    ("search", "Search (remembers visited cells)"),
    ("oracle", "Oracle (knows the goal)"),
];

/// The bandit baselines offered: (kind, name).
const BASELINES: [(&str, &str); 8] = [
    ("uniform", "Random (uniform)"),
    ("greedy", "Greedy (posterior mean)"),
    ("epsilon_greedy", "ε-greedy"),
    ("ucb1", "UCB1"),
    ("thompson", "Thompson sampling"),
    ("gittins", "Gittins index"),
    ("bayes_optimal", "Bayes-optimal"),
    ("llm", "LLM (a language model)"),
];

fn baseline_of(kind: &str) -> Option<Baseline> {
    match kind {
        "greedy" => Some(Baseline::Greedy),
        "bayes_optimal" => Some(Baseline::BayesOptimal),
        "random_walk" => Some(Baseline::RandomWalk),
        "search" => Some(Baseline::Search),
        "oracle" => Some(Baseline::Oracle),
        "llm" => Some(Baseline::Llm(LlmPlayerConfig::default())),
        k => PolicyConfig::all_defaults()
            .into_iter()
            .find(|p| p.kind() == k)
            .map(Baseline::policy),
    }
}

/// What a baseline does, in one line.
fn baseline_hint(b: &Baseline) -> &'static str {
    match b {
        Baseline::Greedy => "Plays the arm with the highest posterior mean: it never explores on purpose.",
        Baseline::BayesOptimal => "The best any player can do on average: dynamic programming for one-episode tasks, the Gittins index for blocks of one-pull episodes.",
        Baseline::RandomWalk => "Moves at random: the floor.",
        Baseline::Search => "Heads for the nearest cell it has not visited in this block; once it finds the goal it walks straight back to it.",
        Baseline::Oracle => "Knows the goal and walks a shortest path to it: the ceiling.",
        Baseline::Llm(_) => "A language model reads the block so far and names the next arm (the bandit lab's LLM player, told how blocks end). One call per pull, on the first evaluation blocks only: choose the model and the prompt in the LLM panel.",
        Baseline::Policy { policy } => match policy.kind() {
            "uniform" => "Pulls arms at random: the floor.",
            "epsilon_greedy" => "Greedy, but a random arm with probability ε.",
            "ucb1" => "Optimism: plays the arm with the highest upper confidence bound.",
            "thompson" => "Plays each arm with the probability that it is the best (a posterior draw).",
            "gittins" => "The Bayes-optimal index for discounted bandits.",
            _ => "A bandit-lab policy, restarted with every task.",
        },
    }
}

/// Apply a form edit.
pub(super) fn edit(form: &mut Form<MetarlUi>, edit: Edit) -> Edited {
    let exp = &mut form.exp;
    let prefix = match edit {
        Edit::Family(kind) => {
            let grid = kind == "grid";
            if grid {
                if exp.grid.is_none() {
                    exp.grid = Some(GridTask::default());
                }
            } else {
                exp.grid = None;
                exp.task = match kind.as_str() {
                    "rl2" if !exp.task.single_episode() => BanditTask::rl2(5, 10),
                    "blocks" if exp.task.single_episode() => BanditTask::blocks(3, 10.0),
                    _ => exp.task.clone(),
                };
            }
            // Bandit players cannot play the gridworld, nor the other way round.
            if exp.baselines.iter().any(|b| b.is_grid() != grid) {
                exp.baselines = if grid {
                    vec![Baseline::RandomWalk, Baseline::Search, Baseline::Oracle]
                } else {
                    agora_engine::metarl::presets::every_baseline()
                };
            }
            form.local = if grid { "search" } else { "thompson" }.into();
            "task."
        }
        Edit::ArmModel(kind) => {
            exp.task.arm_model = match kind.as_str() {
                "gaussian" => ArmModel::Gaussian { sd: 0.1 },
                _ => ArmModel::Bernoulli,
            };
            "task."
        }
        Edit::Method(i, kind) => {
            let Some(a) = exp.agents.get_mut(i) else {
                return Edited::Nothing;
            };
            a.train.method = match kind.as_str() {
                "a2c" => Method::A2c(A2cParams::default()),
                _ => Method::GreedyQ(GreedyQParams::default()),
            };
            "a."
        }
        Edit::Memory(i, kind) => {
            let Some(a) = exp.agents.get_mut(i) else {
                return Edited::Nothing;
            };
            a.train.memory = match kind.as_str() {
                "episode" => Memory::Episode,
                "window" => Memory::Window { steps: 5 },
                _ => Memory::Full,
            };
            "a."
        }
        Edit::AddAgent => {
            if exp.agents.len() >= MAX_AGENTS {
                return Edited::Nothing;
            }
            let a = exp
                .agents
                .last()
                .cloned()
                .unwrap_or_else(agora_engine::metarl::presets::greedy_agent);
            exp.agents.push(a);
            "a."
        }
        Edit::RemoveAgent(i) => {
            if i >= exp.agents.len() {
                return Edited::Nothing;
            }
            exp.agents.remove(i);
            "a."
        }
        Edit::BaselineKind(k) => {
            form.local = k;
            return Edited::Nothing;
        }
        Edit::AddBaseline => match baseline_of(&form.local) {
            Some(b) => {
                form.exp.baselines.push(b);
                "b."
            }
            None => return Edited::Nothing,
        },
        Edit::RemoveBaseline(i) => {
            if i >= exp.baselines.len() {
                return Edited::Nothing;
            }
            exp.baselines.remove(i);
            "b."
        }
    };
    form.clear_drafts_with(prefix);
    Edited::Changed
}

/// The mean block length `n`, with blocks cut at 10 n episodes (as the presets do).
fn set_block_mean(task: &mut BanditTask, n: f64) {
    task.set_block_mean(n);
}

/// The gridworld being edited (set to the default one if the experiment had none).
fn grid_mut(exp: &mut MetarlExperiment) -> &mut GridTask {
    exp.grid.get_or_insert_with(GridTask::default)
}

/// Apply the text of field `id`.
pub(super) fn apply_field(exp: &mut MetarlExperiment, id: &str, text: &str) -> Result<(), String> {
    let parts: Vec<&str> = id.splitn(3, '.').collect();
    match parts.as_slice() {
        ["seed"] => fields::parse_count(text).map(|n| exp.seed = n),
        ["seeds"] => parse_usize(text).map(|n| exp.seeds = n),
        ["updates"] => parse_usize(text).map(|n| exp.updates = n),
        ["eval", "blocks"] => parse_usize(text).map(|n| exp.eval.blocks = n),
        ["eval", "every"] => parse_usize(text).map(|n| exp.eval.every = n),
        ["task", "arms"] => parse_usize(text).map(|n| exp.task.arms = n),
        ["task", "pulls"] => parse_usize(text).map(|n| exp.task.pulls = n),
        ["task", "block_mean"] => parse_number(text).map(|n| set_block_mean(&mut exp.task, n)),
        ["grid", "steps"] => parse_usize(text).map(|n| grid_mut(exp).steps = n),
        ["grid", "size"] => parse_usize(text).map(|n| grid_mut(exp).size = n),
        ["grid", "block_mean"] => parse_number(text).map(|n| grid_mut(exp).set_block_mean(n)),
        ["task", "sd"] => {
            let sd = parse_number(text)?;
            match &mut exp.task.arm_model {
                ArmModel::Gaussian { sd: s } => *s = sd,
                ArmModel::Bernoulli => return Err("unknown setting".into()),
            }
            Ok(())
        }
        ["a", i, rest] => {
            let a = i
                .parse::<usize>()
                .ok()
                .and_then(|i| exp.agents.get_mut(i))
                .ok_or("unknown agent")?;
            apply_agent(a, rest, text)
        }
        ["b", i, rest] => {
            let b = i
                .parse::<usize>()
                .ok()
                .and_then(|i| exp.baselines.get_mut(i))
                .ok_or("unknown baseline")?;
            match b {
                Baseline::Policy { policy } => {
                    *policy = params::apply_text(policy, rest, text)?;
                    Ok(())
                }
                Baseline::Llm(l) if *rest == "blocks" => parse_usize(text).map(|n| l.blocks = n),
                _ => Err("unknown setting".into()),
            }
        }
        _ => Err("unknown setting".into()),
    }
}

fn apply_agent(a: &mut AgentSpec, id: &str, text: &str) -> Result<(), String> {
    let t = &mut a.train;
    match id {
        "label" => a.label = text.trim().to_string(),
        "hidden" => t.hidden = parse_usize(text)?,
        "gamma" => t.gamma = parse_number(text)?,
        "gamma_episode" => t.gamma_episode = parse_number(text)?,
        "lr" => t.adam.lr = parse_number(text)?,
        "steps" => match &mut t.memory {
            Memory::Window { steps } => *steps = parse_usize(text)?,
            _ => return Err("unknown setting".into()),
        },
        "train_block_mean" => {
            a.train_block_mean = if text.trim().is_empty() {
                None
            } else {
                Some(parse_number(text)?)
            }
        }
        _ => match id.strip_prefix("m.") {
            Some(rest) => t.method = params::apply_text(&t.method, rest, text)?,
            None => return Err("unknown setting".into()),
        },
    }
    Ok(())
}

/// The validation error of `section`, if any, in plain words.
fn section_error(v: &V<'_>, section: &str) -> Html {
    v.section_error(section, &LISTS)
}

/// A menu whose choice is sent as an edit.
fn menu(
    v: &V<'_>,
    testid: &str,
    label: &str,
    options: &[(&'static str, &'static str)],
    selected: &str,
    make: impl Fn(String) -> Edit + 'static,
) -> Html {
    let onchange = v.edit(move |e: Event| {
        let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
        make(sel.value())
    });
    html! {
        <label class="field wide">
            <span class="field-label">{ label.to_string() }</span>
            <select data-testid={testid.to_string()} {onchange}>
                { for options.iter().map(|(value, text)| html! {
                    <option value={*value} selected={*value == selected}>{ *text }</option>
                }) }
            </select>
        </label>
    }
}

/// The lab's settings.
pub(super) fn view(v: &V<'_>) -> Html {
    html! {
        <>
        { view_task(v) }
        { view_training(v) }
        { view_agents(v) }
        { view_baselines(v) }
        </>
    }
}

/// The task family menu: bandit blocks, RL^2's one-episode bandits or the gridworld.
fn family_menu(v: &V<'_>) -> Html {
    let exp = v.exp();
    let family = if exp.grid.is_some() {
        "grid"
    } else if exp.task.single_episode() {
        "rl2"
    } else {
        "blocks"
    };
    menu(
        v,
        "task-family",
        "Task family",
        &[
            (
                "blocks",
                "Bandit blocks (a task repeats for several episodes)",
            ),
            ("rl2", "RL² bandits (one episode per task)"),
            ("grid", "Gridworld (a hidden goal stays put for a block)"),
        ],
        family,
        Edit::Family,
    )
}

fn view_grid(v: &V<'_>, g: &GridTask) -> Html {
    let hint = format!(
        "A {s} x {s} grid; every episode starts on the centre cell and has {} moves (up, down, left, right; walls stop you) to find a hidden goal, which pays 1 and ends the episode. The goal stays put for about {} episodes (a geometric number, at most {}), then moves without warning.",
        g.steps, g.block_mean, g.max_block, s = g.size
    );
    v.group("task", "Task".into(), html! {
        <>
            { family_menu(v) }
            <div class="row3">
                { v.text("grid.size", "Cells per side", g.size.to_string(), Some("3, 5, 7 or 9"), false) }
                { v.text("grid.steps", "Moves per episode", g.steps.to_string(), Some("1 to 100"), false) }
                { v.text("grid.block_mean", "Mean block length n", format!("{}", g.block_mean), Some("episodes with the same goal"), false) }
            </div>
            <p class="hint" data-testid="task-hint">{ hint }</p>
            { section_error(v, "grid") }
        </>
    })
}

fn view_task(v: &V<'_>) -> Html {
    if let Some(g) = &v.exp().grid {
        return view_grid(v, g);
    }
    let t = &v.exp().task;
    let (model, sd) = match t.arm_model {
        ArmModel::Bernoulli => ("bernoulli", None),
        ArmModel::Gaussian { sd } => ("gaussian", Some(sd)),
    };
    let hint = if t.single_episode() {
        format!(
            "A new task every episode: {} pulls to find the best of {} arms (RL²'s setting).",
            t.pulls, t.arms
        )
    } else {
        format!(
            "Each task (the arms' means, drawn uniformly from 0 to 1) repeats for about {} episodes of {} pull{} (a geometric number, at most {}), then a new task begins without warning.",
            t.block_mean,
            t.pulls,
            if t.pulls == 1 { "" } else { "s" },
            t.max_block
        )
    };
    v.group("task", "Task".into(), html! {
        <>
            { family_menu(v) }
            <div class="row3">
                { v.text("task.arms", "Arms k", t.arms.to_string(), Some("2 to 50"), false) }
                { v.text("task.pulls", "Pulls per episode", t.pulls.to_string(), None, false) }
                { v.text("task.block_mean", "Mean block length n", format!("{}", t.block_mean), Some("episodes; 1: a new task every episode"), false) }
            </div>
            { menu(v, "arm-model", "Arms pay", &[("bernoulli", "1 or 0 (Bernoulli)"), ("gaussian", "mean + noise (Gaussian)")], model, Edit::ArmModel) }
            if let Some(sd) = sd {
                { v.text("task.sd", "Noise sd", format!("{sd}"), None, false) }
            }
            <p class="hint" data-testid="task-hint">{ hint }</p>
            { section_error(v, "task") }
        </>
    })
}

fn view_training(v: &V<'_>) -> Html {
    let exp = v.exp();
    let runs = exp.agents.len() * exp.seeds;
    let evals = exp.updates.div_ceil(exp.eval.every.max(1));
    v.group("training", "Training and evaluation".into(), html! {
        <>
            <div class="row3">
                { v.seed(exp.seed) }
                { v.text("updates", "Updates", exp.updates.to_string(), Some("per training run"), false) }
                { v.text("seeds", "Seeds per agent", exp.seeds.to_string(), None, false) }
            </div>
            <div class="row2">
                { v.text("eval.blocks", "Evaluation blocks", exp.eval.blocks.to_string(), Some("the same tasks for every player"), false) }
                { v.text("eval.every", "Evaluate every", exp.eval.every.to_string(), Some("updates"), false) }
            </div>
            { section_error(v, "seed") }
            { section_error(v, "seeds") }
            { section_error(v, "updates") }
            { section_error(v, "eval") }
            <p class="hint">{ format!(
                "{} training run{} of {} updates, each evaluated {} times on {} blocks. The seed fixes every random draw: same settings, same results.",
                runs, if runs == 1 { "" } else { "s" }, thousands(exp.updates as u64), evals, thousands(exp.eval.blocks as u64)) }</p>
        </>
    })
}

fn view_agents(v: &V<'_>) -> Html {
    let exp = v.exp();
    v.group(
        "agents",
        format!("Agents ({})", exp.agents.len()),
        html! {
            <>
                { for exp.agents.iter().enumerate().map(|(i, a)| view_agent(v, i, a)) }
                { section_error(v, "agents") }
                if exp.agents.len() < MAX_AGENTS {
                    <button type="button" class="btn small" data-testid="add-agent"
                        onclick={v.edit(|_| Edit::AddAgent)}>{"+ Add an agent"}</button>
                }
            </>
        },
    )
}

fn view_agent(v: &V<'_>, i: usize, a: &AgentSpec) -> Html {
    let t = &a.train;
    let p = |name: &str| format!("a.{i}.{name}");
    let method = match t.method {
        Method::GreedyQ(_) => "greedy_q",
        Method::A2c(_) => "a2c",
    };
    let memory = match t.memory {
        Memory::Full => "full",
        Memory::Episode => "episode",
        Memory::Window { .. } => "window",
    };
    let method_fields = params::fields_of(&t.method);
    html! {
        <div class="policy-card" data-testid={format!("agent-{i}")}>
            <div class="policy-head">
                <span class="policy-swatch" data-index={(i % 10).to_string()} aria-hidden="true"></span>
                <strong class="policy-label">{ a.label() }</strong>
                <button type="button" class="btn small ghost" data-testid={format!("agent-remove-{i}")}
                    aria-label={format!("Remove {}", a.label())} title="Remove this agent"
                    onclick={v.edit(move |_| Edit::RemoveAgent(i))}>{"✕"}</button>
            </div>
            <div class="policy-fields">
                { menu(v, &format!("agent-{i}-method"), "Learning rule",
                    &[("greedy_q", "Greedy Q-learning (exploits only)"), ("a2c", "Actor-critic (RL²)")],
                    method, move |k| Edit::Method(i, k)) }
                { menu(v, &format!("agent-{i}-memory"), "Memory",
                    &[("full", "Full: the whole block"), ("episode", "Reset every episode"), ("window", "Last few pulls")],
                    memory, move |k| Edit::Memory(i, k)) }
                if let Memory::Window { steps } = t.memory {
                    { v.text(&p("steps"), "Pulls remembered", steps.to_string(), None, false) }
                }
                { v.text(&p("hidden"), "Hidden units", t.hidden.to_string(), Some("4 to 128"), false) }
                { v.text(&p("gamma"), "γ within an episode", format!("{}", t.gamma), None, false) }
                { v.text(&p("gamma_episode"), "γ between episodes", format!("{}", t.gamma_episode), Some("0: no credit across episodes"), false) }
                { v.text(&p("lr"), "Learning rate", format!("{}", t.adam.lr), None, false) }
                { v.text(&p("train_block_mean"), "Train on blocks of n =",
                    a.train_block_mean.map(|n| format!("{n}")).unwrap_or_default(),
                    Some("empty: the task's n; 1 removes the structure"), false) }
            </div>
            { section_error(v, &format!("agent.{i}")) }
            <details class="about" data-testid={format!("agent-more-{i}")}>
                <summary>{"More training settings"}</summary>
                { v.text(&p("label"), "Legend label", a.label.clone(), Some("empty: automatic"), true) }
                <div class="policy-fields">
                    { for method_fields.iter().map(|f| v.param(&p(&format!("m.{}", f.id())), f)) }
                </div>
            </details>
        </div>
    }
}

fn view_baselines(v: &V<'_>) -> Html {
    let exp = v.exp();
    let n_agents = exp.agents.len();
    v.group("baselines", format!("Baselines ({})", exp.baselines.len()), html! {
        <>
            { for exp.baselines.iter().enumerate().map(|(i, b)| view_baseline(v, i, n_agents + i, b)) }
            { section_error(v, "baselines") }
            { v.add_row("Add a baseline", "add-baseline", if exp.grid.is_some() { GRID_BASELINES.to_vec() } else { BASELINES.to_vec() }, &v.form.local, Edit::BaselineKind, || Edit::AddBaseline) }
        </>
    })
}

fn view_baseline(v: &V<'_>, i: usize, color: usize, b: &Baseline) -> Html {
    let fields = match b {
        Baseline::Policy { policy } => params::fields_of(policy),
        _ => Vec::new(),
    };
    html! {
        <div class="policy-card" data-testid={format!("baseline-{i}")}>
            <div class="policy-head">
                <span class="policy-swatch" data-index={(color % 10).to_string()} aria-hidden="true"></span>
                <strong class="policy-label">{ b.label() }</strong>
                <button type="button" class="btn small ghost" data-testid={format!("baseline-remove-{i}")}
                    aria-label={format!("Remove {}", b.label())} title="Remove this baseline"
                    onclick={v.edit(move |_| Edit::RemoveBaseline(i))}>{"✕"}</button>
            </div>
            if !fields.is_empty() {
                <div class="policy-fields">
                    { for fields.iter().map(|f| v.param(&format!("b.{i}.{}", f.id()), f)) }
                </div>
            }
            if let Baseline::Llm(l) = b {
                <div class="policy-fields">
                    { v.text(&format!("b.{i}.blocks"), "Blocks it plays", l.blocks.to_string(),
                        Some("the first evaluation blocks; one call per pull"), false) }
                </div>
            }
            <p class="hint">{ baseline_hint(b) }</p>
            { section_error(v, &format!("baseline.{i}")) }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_read_in_plain_words() {
        let e = ConfigError::new("hidden", "must be between 4 and 128 (got 0)")
            .under("train")
            .under("agents[0]");
        assert_eq!(e.field, "agents[0].train.hidden");
        assert_eq!(
            describe_error(&e),
            "agent 1 › hidden units: must be between 4 and 128 (got 0)"
        );
        assert_eq!(error_section(&e), "agent.0");
        let e = ConfigError::new("adam.lr", "bad").under("agents[2].train");
        assert_eq!(describe_error(&e), "agent 3 › learning rate: bad");
        let e = ConfigError::new("block_mean", "bad").under("task");
        assert_eq!(describe_error(&e), "task › mean block length n: bad");
        assert_eq!(error_section(&e), "task");
        let e = ConfigError::new("epsilon", "bad")
            .under("policy")
            .under("baselines[1]");
        assert_eq!(describe_error(&e), "baseline 2 › epsilon: bad");
        assert_eq!(error_section(&e), "baseline.1");
        let e = ConfigError::new("eval.blocks", "bad");
        assert_eq!(describe_error(&e), "evaluation › blocks: bad");
    }

    #[test]
    fn fields_edit_the_experiment_or_explain() {
        let mut exp = MetarlExperiment::default();
        apply_field(&mut exp, "updates", "1,000").unwrap();
        assert_eq!(exp.updates, 1000);
        apply_field(&mut exp, "task.block_mean", "5").unwrap();
        assert_eq!((exp.task.block_mean, exp.task.max_block), (5.0, 50));
        apply_field(&mut exp, "a.0.hidden", "16").unwrap();
        assert_eq!(exp.agents[0].train.hidden, 16);
        apply_field(&mut exp, "a.0.train_block_mean", "1").unwrap();
        assert_eq!(exp.agents[0].train_block_mean, Some(1.0));
        apply_field(&mut exp, "a.0.train_block_mean", "").unwrap();
        assert_eq!(exp.agents[0].train_block_mean, None);
        apply_field(&mut exp, "a.0.m.tau", "0.05").unwrap();
        assert!(matches!(&exp.agents[0].train.method, Method::GreedyQ(p) if p.tau == 0.05));
        assert!(apply_field(&mut exp, "a.0.steps", "3").is_err());
        assert!(apply_field(&mut exp, "a.9.hidden", "3").is_err());
        assert!(apply_field(&mut exp, "a.0.hidden", "x").is_err());
        apply_field(&mut exp, "a.0.hidden", "0").unwrap();
        assert!(exp.validate().is_err());
        for (kind, _) in BASELINES {
            let b = baseline_of(kind).unwrap();
            b.validate(&exp.task).unwrap();
        }
        exp.baselines.push(baseline_of("llm").unwrap());
        let llm = exp.baselines.len() - 1;
        apply_field(&mut exp, &format!("b.{llm}.blocks"), "3").unwrap();
        assert_eq!(exp.baselines[llm].llm().map(|l| l.blocks), Some(3));
        assert!(apply_field(&mut exp, &format!("b.{llm}.tau"), "3").is_err());
        apply_field(&mut exp, "grid.steps", "9").unwrap();
        apply_field(&mut exp, "grid.block_mean", "4").unwrap();
        let g = exp.grid.clone().unwrap();
        assert_eq!((g.steps, g.block_mean, g.max_block), (9, 4.0, 40));
        for (kind, _) in GRID_BASELINES {
            let b = baseline_of(kind).unwrap();
            b.validate_for(&exp.eval_task()).unwrap();
        }
        let e = ConfigError::new("steps", "bad").under("grid");
        assert_eq!(describe_error(&e), "gridworld › moves per episode: bad");
        assert_eq!(error_section(&e), "grid");
    }
}
