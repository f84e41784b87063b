//! "Watch the agent": one trained run (agent x seed) plays one evaluation block, pull by pull,
//! on the main thread (a block is a few dozen pulls). Beside each choice: the agent's action
//! values (or choice probabilities) and what an exact Bayesian observer believes, P(arm is
//! best) and the posterior means; the true means are revealed when the block is over.
//!
//! The walk is [`BlockWalk`]: block b of the evaluation draws, with the player's random stream
//! of that block, so what the student watches is exactly one of the blocks behind the agent's
//! score in the results.

use crate::charts::metarl_watch::{pull_bars, PullBars};
use crate::charts::{fmt_total, group_thousands, DrawFn};
use crate::labs::bandits::watch::{CELL, CELL_NOWRAP, CONTROLS, INPUT, INPUT_BAD, ROW_HIGHLIGHT};
use crate::widgets::chart::Chart;
use crate::widgets::stepper::{Step, Stepper};
use agora_engine::metarl::agent::Agent;
use agora_engine::metarl::run::RunResult;
use agora_engine::metarl::watch::{output_kind, trained_agent, BlockWalk, OutputKind, WatchStep};
use agora_engine::metarl::{MetarlExperiment, MetarlResults};
use gloo::timers::callback::Timeout;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Most pulls of one block shown (a block of a custom task may be very long).
pub const MAX_PULLS: usize = 2000;
/// Milliseconds between two pulls when playing.
const PLAY_MS: u32 = 600;
/// Cells of the arm table, tighter still (it has six columns on a phone).
const TIGHT: &str = "padding:0.3rem 0.3rem";
const TIGHT_NOWRAP: &str =
    "padding:0.3rem 0.3rem;white-space:nowrap;font-variant-numeric:tabular-nums";
/// Pulls listed in the history table (the latest first).
const HISTORY: usize = 12;

/// The experiment the results belong to, and the results.
#[derive(Properties, PartialEq)]
pub struct RunProps {
    pub exp: Rc<MetarlExperiment>,
    pub results: Rc<MetarlResults>,
}

/// A finished run, by (agent, seed index).
pub type RunKey = (usize, usize);

/// The finished runs, by agent then seed.
pub(super) fn finished_runs(r: &MetarlResults) -> Vec<&RunResult> {
    let mut runs: Vec<&RunResult> = r.runs.iter().collect();
    runs.sort_by_key(|x| (x.agent, x.seed_index));
    runs
}

/// "greedy Q, full memory, γ_ep=0.9 — seed 2".
pub(super) fn run_label(exp: &MetarlExperiment, run: &RunResult) -> String {
    let agent = exp
        .agents
        .get(run.agent)
        .map(|a| a.label())
        .unwrap_or_else(|| format!("agent {}", run.agent + 1));
    format!("{agent} — seed {}", run.seed_index + 1)
}

/// The run picked, or the first finished one.
pub(super) fn pick(r: &MetarlResults, key: Option<RunKey>) -> Option<&RunResult> {
    let runs = finished_runs(r);
    key.and_then(|k| runs.iter().find(|x| (x.agent, x.seed_index) == k).copied())
        .or(runs.first().copied())
}

/// The run selector and the block number field, shared with "You play".
pub(super) fn run_and_block(
    prefix: &str,
    exp: &MetarlExperiment,
    r: &MetarlResults,
    current: Option<RunKey>,
    block_text: &str,
    on_run: Callback<Event>,
    on_block: Callback<InputEvent>,
) -> Html {
    let blocks = exp.eval.blocks.max(1);
    let block_ok = parse_block(block_text, blocks).is_some();
    html! {
        <>
        <label style="display:inline-flex;align-items:center;gap:0.4rem;max-width:100%">
            { "Agent" }
            <select data-testid={format!("{prefix}-run")} onchange={on_run} style="width:auto;max-width:min(24rem,70vw)">
                { for finished_runs(r).into_iter().map(|x| {
                    let key = (x.agent, x.seed_index);
                    html! {
                        <option value={format!("{}-{}", key.0, key.1)} selected={Some(key) == current}>{ run_label(exp, x) }</option>
                    }
                }) }
            </select>
        </label>
        <label style="display:inline-flex;align-items:center;gap:0.4rem">
            { "Task" }
            <input type="number" data-testid={format!("{prefix}-block")} min="1" max={blocks.to_string()}
                   value={block_text.to_string()} oninput={on_block}
                   aria-invalid={(!block_ok).to_string()}
                   style={if block_ok { INPUT } else { INPUT_BAD }} />
            { format!("of {}", group_thousands(blocks as i64)) }
        </label>
        </>
    }
}

/// "3" -> block index 2, if within 1..=blocks.
pub(super) fn parse_block(text: &str, blocks: usize) -> Option<usize> {
    match text.trim().parse::<usize>() {
        Ok(n) if (1..=blocks).contains(&n) => Some(n - 1),
        _ => None,
    }
}

/// "2-0" -> (2, 0).
pub(super) fn parse_run(value: &str) -> Option<RunKey> {
    let (a, s) = value.split_once('-')?;
    Some((a.parse().ok()?, s.parse().ok()?))
}

pub enum Msg {
    Step(Step),
    Tick,
    Run(String),
    Block(String),
}

pub struct WatchAgent {
    key: Option<RunKey>,
    block: usize,
    block_text: String,
    /// The agent and its walk of the block, or why there is none.
    walk: Result<(Agent, BlockWalk), String>,
    /// Pulls shown.
    at: usize,
    playing: bool,
    timer: Option<Timeout>,
    version: u64,
    chart: Option<DrawFn>,
}

impl Component for WatchAgent {
    type Message = Msg;
    type Properties = RunProps;

    fn create(ctx: &Context<Self>) -> Self {
        let mut v = WatchAgent {
            key: None,
            block: 0,
            block_text: "1".into(),
            walk: Err(String::new()),
            at: 0,
            playing: false,
            timer: None,
            version: 0,
            chart: None,
        };
        v.restart(ctx);
        v
    }

    fn changed(&mut self, ctx: &Context<Self>, old: &RunProps) -> bool {
        let p = ctx.props();
        let run_now = pick(&p.results, self.key).map(|x| (x.agent, x.seed_index, x.seed));
        let run_before = pick(&old.results, self.key).map(|x| (x.agent, x.seed_index, x.seed));
        if p.exp != old.exp || run_now != run_before {
            if self.block >= p.exp.eval.blocks.max(1) {
                self.block = 0;
                self.block_text = "1".into();
            }
            self.restart(ctx);
        }
        true
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Step(s) => {
                let end = self.end();
                match s {
                    Step::First => self.go(ctx, 0),
                    Step::Prev => self.go(ctx, self.at.saturating_sub(1)),
                    Step::Next => self.go(ctx, (self.at + 1).min(end)),
                    Step::Last => self.go(ctx, end),
                    Step::Play => {
                        if self.playing {
                            self.stop();
                        } else {
                            if self.at >= end {
                                self.go(ctx, 0);
                            }
                            self.playing = true;
                            self.schedule(ctx);
                        }
                    }
                }
                if s != Step::Play {
                    self.stop();
                }
            }
            Msg::Tick => {
                self.timer = None;
                if !self.playing {
                    return false;
                }
                let next = self.at + 1;
                self.go(ctx, next.min(self.end()));
                if self.at >= self.end() {
                    self.playing = false;
                } else {
                    self.schedule(ctx);
                }
            }
            Msg::Run(v) => {
                self.key = parse_run(&v);
                self.restart(ctx);
            }
            Msg::Block(text) => {
                let blocks = ctx.props().exp.eval.blocks.max(1);
                self.block_text = text.clone();
                if let Some(b) = parse_block(&text, blocks) {
                    if b != self.block {
                        self.block = b;
                        self.restart(ctx);
                    }
                }
            }
        }
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let p = ctx.props();
        let link = ctx.link();
        let current = pick(&p.results, self.key).map(|x| (x.agent, x.seed_index));
        let on_run = link.callback(|e: Event| {
            let v: HtmlSelectElement = e.target_unchecked_into();
            Msg::Run(v.value())
        });
        let on_block = link.callback(|e: InputEvent| {
            let v: HtmlInputElement = e.target_unchecked_into();
            Msg::Block(v.value())
        });
        let controls = html! {
            <div class="watch-controls" role="group" aria-label="Which agent and task" style={CONTROLS}>
                { run_and_block("metarl-watch", &p.exp, &p.results, current, &self.block_text, on_run, on_block) }
            </div>
        };
        let (agent, walk) = match &self.walk {
            Ok((a, w)) => (a, w),
            Err(e) => {
                return html! {
                    <section class="watch" data-testid="metarl-watch">
                        { controls }
                        <p class="msg error" role="status" data-testid="metarl-watch-error">
                            { format!("This run cannot be replayed: {e}") }
                        </p>
                    </section>
                };
            }
        };
        let kind = output_kind(agent);
        let end = self.end();
        let shown = &walk.steps[..self.at.min(walk.steps.len())];
        let status = if self.at == 0 {
            format!("before the first pull (this task lasts {} pulls)", end)
        } else {
            let s = &shown[self.at - 1];
            if p.exp.task.pulls > 1 {
                format!(
                    "pull {} of {} (episode {}, pull {})",
                    self.at,
                    end,
                    s.episode + 1,
                    s.pull + 1
                )
            } else {
                format!("pull {} of {}", self.at, end)
            }
        };
        let total = shown.last().map_or(0.0, |s| s.total);
        let revealed = self.at >= walk.total_pulls();
        html! {
            <section class="watch" data-testid="metarl-watch">
                <p class="watch-intro" style="margin:0 0 0.6rem 0;line-height:1.45">
                    { "The trained agent plays one of the evaluation tasks, pull by pull, on exactly the draws it was scored on. Beside each choice: " }
                    { if kind == OutputKind::Values {
                        "the action values it computed (it always pulls the highest), "
                    } else {
                        "the probability it gave each arm (it draws its choice from them), "
                    } }
                    { "and what an exact Bayesian observer who saw the same pulls believes: the probability that each arm is the best. An agent that explores like Thompson sampling picks arms about as often as they are likely to be best." }
                </p>
                { controls }
                <Stepper prefix="metarl-watch" at={self.at} total={end} playing={self.playing}
                         status={status} unit="pull" on_step={link.callback(Msg::Step)} />
                if walk.total_pulls() > MAX_PULLS {
                    <p class="msg note">{ format!("This task lasts {} pulls; the first {} are shown.", group_thousands(walk.total_pulls() as i64), group_thousands(MAX_PULLS as i64)) }</p>
                }
                <p data-testid="metarl-watch-total" aria-live="polite" style="margin:0.5rem 0;font-variant-numeric:tabular-nums">
                    { format!("Reward so far: {} in {} pull{}", fmt_total(total), self.at, if self.at == 1 { "" } else { "s" }) }
                    if revealed {
                        { format!(" — {} per pull.", fmt3(total / self.at.max(1) as f64)) }
                    }
                </p>
                if let Some(d) = &self.chart {
                    <Chart draw={d.clone()} testid="chart-metarl-watch" filename="agora-metarl-watch"
                           height={300} version={self.version} />
                }
                <div class="watch-tables" style="display:flex;flex-wrap:wrap;gap:1rem 1.5rem;align-items:flex-start;margin-top:0.8rem">
                    <div class="table-wrap" style="flex:0 1 auto;max-width:100%">
                        { self.view_arms(p.exp.task.arms, walk, shown, kind, revealed) }
                    </div>
                    <div class="table-wrap" style="flex:1 1 20rem;max-width:100%">
                        { view_history(shown, kind) }
                    </div>
                </div>
            </section>
        }
    }

    fn destroy(&mut self, _ctx: &Context<Self>) {
        self.timer = None;
    }
}

/// Three decimals.
fn fmt3(v: f64) -> String {
    format!("{v:.3}")
}

/// "71%".
fn pct(p: f64) -> String {
    format!("{:.0}%", p * 100.0)
}

/// The agent's number for an arm: a value or a probability.
fn fmt_output(kind: OutputKind, v: f64) -> String {
    match kind {
        OutputKind::Values => format!("{v:.2}"),
        OutputKind::Probabilities => pct(v),
    }
}

/// The last pulls, latest first.
fn view_history(shown: &[WatchStep], kind: OutputKind) -> Html {
    let what = match kind {
        OutputKind::Values => "Q of arm",
        OutputKind::Probabilities => "P(choose)",
    };
    html! {
        <table class="results-table" data-testid="metarl-watch-history">
            <caption>{ format!("The last {} pulls", HISTORY.min(shown.len().max(1))) }</caption>
            <thead><tr>
                <th scope="col" class="num" style={CELL}>{ "Pull" }</th>
                <th scope="col" style={CELL}>{ "Arm" }</th>
                <th scope="col" class="num" style={CELL}>{ "Reward" }</th>
                <th scope="col" class="num" style={CELL} title="The agent's number for the arm it chose">{ what }</th>
                <th scope="col" class="num" style={CELL} title="P(the chosen arm is best) before the pull">{ "P(best)" }</th>
                <th scope="col" class="num" style={CELL}>{ "Total" }</th>
            </tr></thead>
            <tbody>
                if shown.is_empty() {
                    <tr><td colspan="6" style={CELL}>{ "No pull yet: press Next or Play." }</td></tr>
                }
                { for shown.iter().rev().take(HISTORY).map(|s| html! {
                    <tr data-testid={format!("metarl-watch-row-{}", s.t)}>
                        <td class="num" style={CELL}>{ s.t + 1 }</td>
                        <td style={CELL_NOWRAP}>{ format!("Arm {}", s.arm + 1) }</td>
                        <td class="num" style={CELL} data-reward={s.reward.to_string()}>{ fmt_total(s.reward) }</td>
                        <td class="num" style={CELL}>{ s.outputs.as_ref().and_then(|o| o.get(s.arm)).map(|&v| fmt_output(kind, v)).unwrap_or_else(|| "–".into()) }</td>
                        <td class="num" style={CELL}>{ s.posterior.as_ref().and_then(|p| p.prob_best.get(s.arm)).map(|&v| pct(v)).unwrap_or_else(|| "–".into()) }</td>
                        <td class="num" style={CELL}>{ fmt_total(s.total) }</td>
                    </tr>
                }) }
            </tbody>
        </table>
    }
}

impl WatchAgent {
    /// The last pull that can be shown.
    fn end(&self) -> usize {
        self.walk
            .as_ref()
            .map_or(0, |(_, w)| w.total_pulls().min(MAX_PULLS))
    }

    fn stop(&mut self) {
        self.playing = false;
        self.timer = None;
    }

    fn schedule(&mut self, ctx: &Context<Self>) {
        let link = ctx.link().clone();
        self.timer = Some(Timeout::new(PLAY_MS, move || link.send_message(Msg::Tick)));
    }

    /// Rebuild the agent and the walk of the chosen run and block, at pull 0.
    fn restart(&mut self, ctx: &Context<Self>) {
        self.stop();
        let p = ctx.props();
        self.walk = match pick(&p.results, self.key) {
            Some(run) => {
                self.key = Some((run.agent, run.seed_index));
                trained_agent(&p.exp, run)
                    .map(|a| {
                        (
                            a,
                            BlockWalk::new(&p.exp.task, p.exp.seed, self.block as u64),
                        )
                    })
                    .map_err(|e| e.to_string())
            }
            None => Err("no training run has finished yet.".into()),
        };
        self.at = 0;
        self.refresh(ctx);
    }

    /// Show `at` pulls, walking further if needed.
    fn go(&mut self, ctx: &Context<Self>, at: usize) {
        if let Ok((agent, walk)) = &mut self.walk {
            while walk.done() < at && walk.step_agent(agent).is_some() {}
            self.at = at.min(walk.done());
        }
        self.refresh(ctx);
    }

    fn refresh(&mut self, ctx: &Context<Self>) {
        let p = ctx.props();
        let Ok((agent, walk)) = &mut self.walk else {
            self.chart = None;
            return;
        };
        self.version += 1;
        let arms = p.exp.task.arms;
        let (note, outputs, prob_best, chosen) = match self.at.checked_sub(1) {
            Some(t) => {
                let s = &walk.steps[t];
                (
                    format!(
                        "pull {}: arm {} chosen, reward {}; bars as before the pull",
                        t + 1,
                        s.arm + 1,
                        fmt_total(s.reward)
                    ),
                    s.outputs.clone(),
                    s.posterior.as_ref().map(|q| q.prob_best.clone()),
                    Some(s.arm),
                )
            }
            None => (
                "before the first pull".to_string(),
                None,
                walk.posterior().map(|q| q.prob_best),
                None,
            ),
        };
        let revealed = self.at >= walk.total_pulls();
        self.chart = Some(pull_bars(PullBars {
            note,
            arms,
            kind: output_kind(agent),
            outputs,
            prob_best,
            chosen,
            means: if revealed {
                walk.means().map(|m| m.to_vec())
            } else {
                None
            },
        }));
    }

    /// Per arm, before the pull shown: pulls and rewards so far, the posterior mean and
    /// P(best), and at the end the true mean.
    fn view_arms(
        &self,
        k: usize,
        walk: &BlockWalk,
        shown: &[WatchStep],
        kind: OutputKind,
        revealed: bool,
    ) -> Html {
        let last = shown.last();
        // Counts before the latest pull shown (the posterior's).
        let before = shown.len().saturating_sub(1);
        let mut pulls = vec![0usize; k];
        let mut sums = vec![0.0; k];
        for s in &shown[..before] {
            pulls[s.arm] += 1;
            sums[s.arm] += s.reward;
        }
        let posterior = last.and_then(|s| s.posterior.clone());
        let means = if revealed { walk.means() } else { None };
        let best = means.and_then(|m| {
            m.iter()
                .enumerate()
                .max_by(|a, b| a.1.total_cmp(b.1))
                .map(|(i, _)| i)
        });
        html! {
            <table class="results-table" data-testid="metarl-watch-arms">
                <caption>{ if last.is_some() { format!("Before pull {}", shown.len()) } else { "Before the first pull".to_string() } }</caption>
                <thead><tr>
                    <th scope="col" style={TIGHT}>{ "Arm" }</th>
                    <th scope="col" class="num" style={TIGHT} title="Pulls so far and their total reward">{ "Pulls" }</th>
                    <th scope="col" class="num" style={TIGHT}>{ match kind { OutputKind::Values => "Q", OutputKind::Probabilities => "P(choose)" } }</th>
                    if walk.has_posterior() {
                        <th scope="col" class="num" style={TIGHT} title="Posterior mean (S + 1) / (N + 2) of a Bayesian observer">{ "Mean" }</th>
                        <th scope="col" class="num" style={TIGHT}>{ "P(best)" }</th>
                    }
                    <th scope="col" class="num" style={TIGHT} title="The arm's true mean, shown when the task is over">{ "True" }</th>
                </tr></thead>
                <tbody>
                    { for (0..k).map(|a| {
                        let chosen = last.map(|s| s.arm) == Some(a);
                        let out = last.and_then(|s| s.outputs.as_ref()).and_then(|o| o.get(a)).copied();
                        html! {
                            <tr style={if chosen { ROW_HIGHLIGHT } else { "" }} data-testid={format!("metarl-watch-arm-{a}")}>
                                <th scope="row" style={TIGHT_NOWRAP}>{ format!("Arm {}{}", a + 1, if chosen { " ✓" } else { "" }) }</th>
                                <td class="num" style={TIGHT}>{ format!("{} ({})", pulls[a], fmt_total(sums[a])) }</td>
                                <td class="num" style={TIGHT}>{ out.map(|v| fmt_output(kind, v)).unwrap_or_else(|| "–".into()) }</td>
                                if let Some(q) = &posterior {
                                    <td class="num" style={TIGHT}>{ fmt3(q.mean[a]) }</td>
                                    <td class="num" style={TIGHT}>{ pct(q.prob_best[a]) }</td>
                                } else if walk.has_posterior() {
                                    <td class="num" style={TIGHT}>{ fmt3(0.5) }</td>
                                    <td class="num" style={TIGHT}>{ pct(1.0 / k as f64) }</td>
                                }
                                <td class="num" style={TIGHT} data-testid={format!("metarl-watch-mean-{a}")}>
                                    { match means.and_then(|m| m.get(a)) {
                                        Some(m) => format!("{}{}", fmt3(*m), if best == Some(a) { " (best)" } else { "" }),
                                        None => "?".into(),
                                    } }
                                </td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_and_run_fields_accept_only_what_exists() {
        assert_eq!(parse_block("3", 10), Some(2));
        assert_eq!(parse_block(" 10 ", 10), Some(9));
        assert_eq!(parse_block("0", 10), None);
        assert_eq!(parse_block("11", 10), None);
        assert_eq!(parse_block("x", 10), None);
        assert_eq!(parse_run("2-1"), Some((2, 1)));
        assert_eq!(parse_run("2"), None);
    }
}
