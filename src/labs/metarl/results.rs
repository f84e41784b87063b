//! The results of a meta-RL run: the table (every agent and baseline on the same evaluation
//! draws), the learning curves, the final rewards side by side, how the agent in focus plays
//! within a block and within an episode, and the pseudo-Thompson check; the CSV export.

use super::{MetarlUi, MetarlView, ViewMsg};
use crate::charts::metarl::{self as charts, Est, Summary};
use crate::charts::metarl_grid;
use crate::charts::metarl_heatmap::{ablation_heatmap, AblationGrid};
use crate::charts::DrawFn;
use crate::labs::page::ResultsView;
use crate::widgets::chart::Chart;
use crate::widgets::csv::{num, Csv};
use agora_engine::metarl::{MetarlExperiment, MetarlResults};
use std::rc::Rc;
use yew::prelude::*;

/// The numbers and drawing closures of one set of results and options.
pub struct ChartSet {
    pub summary: Summary,
    pub learning: Option<DrawFn>,
    pub bars: DrawFn,
    /// The ablation grid as a heat map, with its height, when the agents differ in two knobs.
    pub grid: Option<(DrawFn, u32)>,
    pub by_episode: Option<DrawFn>,
    pub by_pull: Option<DrawFn>,
    pub calibration: Option<DrawFn>,
    /// The gridworld: the focus agent's visit maps, first and a later episode of a block.
    pub visits: Option<DrawFn>,
}

impl ChartSet {
    pub fn new(r: &Rc<MetarlResults>, ran: Option<&MetarlExperiment>, view: &MetarlView) -> Self {
        let s = Summary::new(r, ran);
        let focus = view.focus;
        ChartSet {
            learning: (!s.agents.is_empty() || !s.live.is_empty()).then(|| charts::learning(&s)),
            bars: charts::final_bars(&s),
            grid: ran
                .and_then(|e| AblationGrid::new(&s, e))
                .map(|g| (g.suggested_height(), g))
                .map(|(h, g)| (ablation_heatmap(g), h)),
            by_episode: s.blocks.then(|| charts::by_episode(&s, focus)),
            // On the gridworld episodes end at the goal: reward by move is the time to the goal,
            // which the table's moves per episode and the visit maps show better.
            by_pull: (s.pulls > 1 && !s.grid).then(|| charts::by_pull(&s, focus)),
            calibration: charts::calibration(&s, focus),
            visits: s.focus(focus).and_then(|p| {
                p.grid
                    .as_ref()
                    .map(|g| metarl_grid::visit_maps(&p.label, g))
            }),
            summary: s,
        }
    }
}

/// One row per learning-curve point of every training run, then one per baseline:
/// `player,kind,seed_index,seed,update,train_reward,eval_reward,loss`. Baselines have no
/// training: their row gives the final evaluation reward only.
pub fn results_csv(r: &MetarlResults) -> String {
    let mut csv = Csv::new([
        "player",
        "kind",
        "seed_index",
        "seed",
        "update",
        "train_reward",
        "eval_reward",
        "loss",
    ]);
    for run in &r.runs {
        for c in &run.curve {
            csv.row([
                format!("agent {}", run.agent + 1),
                "agent".to_string(),
                run.seed_index.to_string(),
                run.seed.to_string(),
                c.update.to_string(),
                num(c.train_reward),
                num(c.eval_reward),
                num(c.loss),
            ]);
        }
    }
    for b in &r.baselines {
        csv.row([
            b.label.clone(),
            "baseline".to_string(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            num(b.eval.reward_per_pull),
            String::new(),
        ]);
    }
    csv.finish()
}

/// A figure with its caption.
fn figure(draw: &DrawFn, id: &str, label: &str, height: u32, version: u64, caption: &str) -> Html {
    html! {
        <figure class="chart-cell" aria-label={label.to_string()}>
            <Chart draw={draw.clone()} testid={format!("chart-{id}")} filename={format!("agora-metarl-{id}")} height={height} version={version} />
            <figcaption class="hint">{ caption.to_string() }</figcaption>
        </figure>
    }
}

/// What the run in training has done: "In training: “…”, seed 2 of 3, 1,200 of 4,000 updates
/// so far.".
fn live_line(live: &[charts::Live], seeds: usize) -> String {
    let runs: Vec<String> = live
        .iter()
        .map(|l| {
            format!(
                "“{}”, seed {} of {}: {} of {} updates",
                l.label,
                l.seed_index + 1,
                seeds,
                crate::widgets::runbar::thousands(l.done),
                crate::widgets::runbar::thousands(l.updates)
            )
        })
        .collect();
    let lines = if live.len() > 1 {
        "their curves so far are the thin lines"
    } else {
        "its curve so far is the thin line"
    };
    format!(
        "In training: {} ({lines}). Pause stops training where it is and Resume goes on; Cancel keeps what was learned so far.",
        runs.join("; ")
    )
}

/// "0.712 ± 0.004".
fn pm(e: &Est, digits: usize) -> String {
    format!("{:.*} ± {:.*}", digits, e.mean, digits, e.se)
}

/// The results tab.
pub(super) fn view(v: &ResultsView<'_, MetarlUi>) -> Html {
    let (c, version) = (v.charts, v.version);
    let s = &c.summary;
    let focus_label = s.focus(v.view.focus).map(|p| p.label.clone());
    let on_focus = v.on_view.reform(|e: Event| {
        let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
        ViewMsg::Focus(sel.value().parse().unwrap_or(0))
    });
    let focus_agent = s.focus(v.view.focus).and_then(|p| p.agent);
    let selector = (s.agents.len() > 1).then(|| {
        html! {
            <div class="chart-options" role="group" aria-label="Agent in focus">
                <label class="field">
                    <span class="field-label">{"Agent in focus"}</span>
                    <select data-testid="focus" onchange={on_focus}>
                        { for s.agents.iter().map(|p| {
                            let a = p.agent.unwrap_or(0);
                            html! { <option value={a.to_string()} selected={Some(a) == focus_agent}>{ p.label.clone() }</option> }
                        }) }
                    </select>
                </label>
            </div>
        }
    });
    let blocks = v.ran.map_or(0, |e| e.eval.blocks as u64);
    let who = focus_label
        .map(|l| format!("the agent “{l}” (mean of its seeds)"))
        .unwrap_or_else(|| "no agent".into());
    html! {
        <>
        { table(s) }

        if let Some(d) = &c.learning {
            <h3 class="section-title">{"Training"}</h3>
            if !s.live.is_empty() {
                <p class="hint" data-testid="metarl-live">{ live_line(&s.live, v.ran.map_or(1, |e| e.seeds)) }</p>
            }
            { figure(d, "learning", "Learning curves", 400, version,
                if s.grid {
                    "Each agent's reward per move on the evaluation goals as training goes on (a goal pays 1 and ends the episode, so a shorter walk scores higher). The agent only ever learns to exploit; a curve that climbs above the random walk means it learned to search and to come back."
                } else {
                    "Each agent's reward per pull on the evaluation tasks as training goes on. The agent only ever learns to exploit, yet a curve that climbs from random play (about 1/2) past Thompson sampling means it learned to explore. With uniform priors the greedy baseline is itself close to Bayes-optimal, so it is a high bar."
                }) }
        }
        if let Some((grid, h)) = &c.grid {
            <div class="chart-grid">
                { figure(&c.bars, "final", s.final_title(), (100 + 44 * (s.agents.len() + s.baselines.len())) as u32, version,
                    "Every player on the same evaluation tasks, best first; agents solid, baselines pale.") }
                { figure(grid, "grid", "Ablation grid", *h, version,
                    "The same agents as a grid of the two settings they differ in: each cell is one agent's mean evaluation reward (over its seeds) on the evaluation tasks. Exploration pays only where the task recurs and the agent remembers it.") }
            </div>
        } else {
            { figure(&c.bars, "final", s.final_title(), (100 + 44 * (s.agents.len() + s.baselines.len())) as u32, version,
                "Every player on the same evaluation tasks, best first; agents solid, baselines pale.") }
        }

        if c.by_episode.is_some() || c.by_pull.is_some() || c.calibration.is_some() || c.visits.is_some() {
            <h3 class="section-title">{"How it explores"}</h3>
            { for selector }
        }
        if let Some(d) = &c.by_episode {
            { figure(d, "episodes", "Reward by episode of a block", 320, version,
                &format!("{} in the 1st, 2nd, … episode after a new task begins, for {who} and the baselines. Explorers start low and climb as they find {}; a player that does not learn within the block stays flat. Episodes that fewer than {} of the {} evaluation blocks reach are left out.", if s.grid { "Reward per move" } else { "Reward per pull" }, if s.grid { "the goal and walk back to it" } else { "the best arm" }, charts::episode_min_blocks(blocks), blocks)) }
        }
        if let Some(d) = &c.visits {
            { figure(d, "visits", "Where the agent goes", 320, version,
                &format!("Share of time {who} spends on each cell (the start outlined), in the first episode of a block and in a later one. An agent that remembers searches widely first, then walks straight to the goal it found.")) }
        }
        if let Some(d) = &c.by_pull {
            { figure(d, "pulls", "Reward by pull of an episode", 320, version,
                &format!("Mean reward of each pull within an episode, for {who} and the baselines.")) }
        }
        if let Some(d) = &c.calibration {
            { figure(d, "calibration", "Choices against P(best)", 340, version,
                &format!("For {who} and Thompson sampling: how often an arm is chosen against the exact posterior probability that it is the best arm. Thompson sampling lies on the diagonal by construction; an agent near it explores like Thompson sampling without being told to.")) }
        }
        </>
    }
}

/// Every player's numbers on the evaluation draws, best reward per pull highlighted.
fn table(s: &Summary) -> Html {
    let best = s
        .players()
        .map(|p| p.reward.mean)
        .fold(f64::NEG_INFINITY, f64::max);
    let several = s.agents.iter().any(|p| p.seeds > 1);
    html! {
        <>
        <p class="hint">{ if several {
            "± one standard error: over the evaluation blocks, or over the seeds for agents trained with several. The best reward per pull is highlighted."
        } else {
            "± one standard error over the evaluation blocks. The best reward per pull is highlighted."
        } }
        if s.baselines.iter().any(|p| p.llm_note.is_some()) {
            { " A language model plays only the first evaluation blocks (one call per pull), so its numbers are noisier: compare within their errors." }
        }
        </p>
        <div class="table-wrap">
        <table class="results-table" data-testid="metarl-table">
            <thead><tr>
                <th scope="col">{"Player"}</th>
                if s.grid {
                    <th scope="col" class="num" title="Mean reward per move on the evaluation goals (a goal pays 1)">{"Reward per move"}</th>
                    <th scope="col" class="num" title="Share of episodes that reach the goal">{"Success rate"}</th>
                } else {
                    <th scope="col" class="num" title="Mean reward per pull on the evaluation tasks">{"Reward per pull"}</th>
                    <th scope="col" class="num" title="Mean total reward of an episode (RL²'s measure)">{"Per episode"}</th>
                }
                if s.grid {
                    <th scope="col" class="num" title="Mean moves per episode (the oracle's shortest paths average 2.5 on 5 x 5)">{"Moves per episode"}</th>
                } else {
                    <th scope="col" class="num" title="Share of pulls on the best arm">{"Best arm"}</th>
                }
                <th scope="col" class="num" title="Correlation of choices with P(arm is best); Thompson sampling is near 1">{"P(best) corr."}</th>
            </tr></thead>
            <tbody>
            { for s.agents.iter().map(|p| (p, format!("metarl-row-agent-{}", p.agent.unwrap_or(0))))
                .chain(s.baselines.iter().enumerate().map(|(i, p)| (p, format!("metarl-row-baseline-{i}"))))
                .map(|(p, testid)| {
                let is_best = p.reward.mean == best;
                html! {
                    <tr data-testid={testid} class={classes!(is_best.then_some("best"))}>
                        <th scope="row">
                            <span class="policy-swatch" data-index={(p.index % 10).to_string()} aria-hidden="true"></span>
                            { p.label.clone() }
                            if p.agent.is_some() {
                                <span class="hint">{ format!(" ({} seed{})", p.seeds, if p.seeds == 1 { "" } else { "s" }) }</span>
                            }
                            if let Some(note) = &p.llm_note {
                                <span class="hint" data-testid="metarl-llm-note">{ format!(" ({note})") }</span>
                            }
                        </th>
                        <td class="num">{ pm(&p.reward, 3) }</td>
                        <td class="num">{ pm(&p.episode_total, 2) }</td>
                        if let Some(g) = &p.grid {
                            <td class="num">{ format!("{:.2} ± {:.2}", g.steps.0, g.steps.1) }</td>
                        } else {
                            <td class="num">{ format!("{:.0} %", p.best_arm_share * 100.0) }</td>
                        }
                        <td class="num">{ p.correlation.map(|c| format!("{c:.2}")).unwrap_or_else(|| "–".into()) }</td>
                    </tr>
                }
            }) }
            </tbody>
        </table>
        </div>
        </>
    }
}
