//! "You play": the student pulls the arms of one evaluation task (a [`BlockWalk`] with a
//! human choosing), on exactly the draws the trained agent and the baselines were scored on.
//! The task ends without warning, as it does for the agent (its length is hidden from every
//! player); then the true means are revealed and the student's total is set beside the
//! agent's and the Bayes-optimal player's (Gittins index on block tasks, dynamic programming on
//! one-episode tasks) and Thompson sampling's on the same block.

use super::watch::{parse_block, parse_run, pick, run_and_block, RunKey, RunProps};
use crate::charts::{fmt_total, group_thousands};
use crate::labs::bandits::watch::{CELL, CELL_NOWRAP, CONTROLS, ROW_HIGHLIGHT};
use agora_engine::bandits::policies::PolicyConfig;
use agora_engine::metarl::baselines::Baseline;
use agora_engine::metarl::run::RunResult;
use agora_engine::metarl::tasks::ArmModel;
use agora_engine::metarl::watch::{trained_agent, BlockWalk};
use agora_engine::metarl::MetarlExperiment;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Most pulls of one game (a block of a custom task may be very long).
pub const MAX_PULLS: usize = 500;

pub enum Msg {
    Pull(usize),
    Run(String),
    Block(String),
    /// Start again on the same task, or on the next one.
    Again(bool),
}

/// Another player's result on the same block.
#[derive(Clone, Debug, PartialEq)]
pub struct Rival {
    pub label: String,
    pub total: f64,
    pub pulls: usize,
    /// The trained agent (highlighted as such).
    pub agent: bool,
}

pub struct PlayAgent {
    key: Option<RunKey>,
    block: usize,
    block_text: String,
    game: BlockWalk,
    /// Filled when the game is over.
    rivals: Vec<Rival>,
}

/// The baselines set beside the student: the Bayes-optimal player when the task allows it,
/// and Thompson sampling.
fn comparison_baselines(exp: &MetarlExperiment) -> Vec<(String, Baseline)> {
    let mut out = Vec::new();
    if Baseline::BayesOptimal.validate(&exp.task).is_ok() {
        let label = if exp.task.single_episode() {
            "Bayes-optimal".to_string()
        } else {
            "Bayes-optimal (Gittins index)".to_string()
        };
        out.push((label, Baseline::BayesOptimal));
    }
    if let Some(ts) = PolicyConfig::all_defaults()
        .into_iter()
        .find(|p| p.kind() == "thompson")
    {
        let b = Baseline::policy(ts);
        if b.validate(&exp.task).is_ok() {
            out.push((b.label(), b));
        }
    }
    out
}

/// The trained agent's and the baselines' totals on block `b`.
pub fn rivals(exp: &MetarlExperiment, run: Option<&RunResult>, b: usize) -> Vec<Rival> {
    let mut out = Vec::new();
    if let Some(run) = run {
        if let Ok(mut agent) = trained_agent(exp, run) {
            let mut w = BlockWalk::new(&exp.task, exp.seed, b as u64);
            let total = w.run_agent(&mut agent);
            out.push(Rival {
                label: super::watch::run_label(exp, run),
                total,
                pulls: w.done(),
                agent: true,
            });
        }
    }
    for (label, baseline) in comparison_baselines(exp) {
        if let Ok(mut p) = baseline.build(&exp.task) {
            let mut w = BlockWalk::new(&exp.task, exp.seed, b as u64);
            let total = w.run(p.as_mut());
            out.push(Rival {
                label,
                total,
                pulls: w.done(),
                agent: false,
            });
        }
    }
    out
}

impl Component for PlayAgent {
    type Message = Msg;
    type Properties = RunProps;

    fn create(ctx: &Context<Self>) -> Self {
        let p = ctx.props();
        let key = pick(&p.results, None).map(|x| (x.agent, x.seed_index));
        PlayAgent {
            key,
            block: 0,
            block_text: "1".into(),
            game: BlockWalk::new(&p.exp.task, p.exp.seed, 0),
            rivals: Vec::new(),
        }
    }

    fn changed(&mut self, ctx: &Context<Self>, old: &RunProps) -> bool {
        let p = ctx.props();
        if p.exp != old.exp {
            if self.block >= p.exp.eval.blocks.max(1) {
                self.block = 0;
                self.block_text = "1".into();
            }
            self.new_game(ctx);
        } else if self.over() {
            // A run finished while the results were shown: compare with it too.
            let run_now = pick(&p.results, self.key).map(|x| x.seed);
            let run_before = pick(&old.results, self.key).map(|x| x.seed);
            if run_now != run_before {
                self.finish(ctx);
            }
        }
        true
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Pull(a) => {
                if self.over() {
                    return false;
                }
                if self.game.step_arm(a).is_err() {
                    return false;
                }
                if self.over() {
                    self.finish(ctx);
                }
            }
            Msg::Run(v) => {
                self.key = parse_run(&v);
                if self.over() {
                    self.finish(ctx);
                }
            }
            Msg::Block(text) => {
                let blocks = ctx.props().exp.eval.blocks.max(1);
                self.block_text = text.clone();
                if let Some(b) = parse_block(&text, blocks) {
                    if b != self.block {
                        self.block = b;
                        self.new_game(ctx);
                    }
                }
            }
            Msg::Again(next) => {
                if next {
                    self.block = (self.block + 1) % ctx.props().exp.eval.blocks.max(1);
                    self.block_text = (self.block + 1).to_string();
                }
                self.new_game(ctx);
            }
        }
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let p = ctx.props();
        let link = ctx.link();
        let task = &p.exp.task;
        let k = task.arms;
        let over = self.over();
        let current = pick(&p.results, self.key).map(|x| (x.agent, x.seed_index));
        let on_run = link.callback(|e: Event| {
            let v: HtmlSelectElement = e.target_unchecked_into();
            Msg::Run(v.value())
        });
        let on_block = link.callback(|e: InputEvent| {
            let v: HtmlInputElement = e.target_unchecked_into();
            Msg::Block(v.value())
        });
        let length = if task.single_episode() {
            format!(
                "The task lasts {} pull{}.",
                task.pulls,
                if task.pulls == 1 { "" } else { "s" }
            )
        } else {
            format!(
                "The task lasts a random number of {}episodes, {} on average, and ends without warning, as it does for the agent.",
                if task.pulls == 1 { String::new() } else { format!("{}-pull ", task.pulls) },
                task.block_mean
            )
        };
        let steps = &self.game.steps;
        let total = self.game.total();
        html! {
            <section class="play" data-testid="metarl-play">
                <p class="play-intro" style="margin:0 0 0.6rem 0;line-height:1.45">
                    { format!("Your turn: pull one of the {k} arms at a time and collect as much reward as you can. {} {length} You play one of the evaluation tasks, on exactly the draws the trained agent and the baselines got, so the comparison at the end is fair.", pays(task)) }
                </p>
                <div class="play-controls" role="group" aria-label="Which agent and task" style={CONTROLS}>
                    { run_and_block("metarl-play", &p.exp, &p.results, current, &self.block_text, on_run, on_block) }
                </div>
                <p data-testid="metarl-play-score" aria-live="polite"
                   style="font-size:1.05rem;margin:0.7rem 0;font-variant-numeric:tabular-nums">
                    { "Your total: " }<strong data-testid="metarl-play-total">{ fmt_total(total) }</strong>
                    { format!(" after {} pull{}", steps.len(), if steps.len() == 1 { "" } else { "s" }) }
                    if over { { " — the task is over." } }
                </p>
                <div class="play-arms" role="group" aria-label="Arms"
                     style="display:grid;grid-template-columns:repeat(auto-fill,minmax(7.5rem,1fr));gap:0.5rem">
                    { for (0..k).map(|a| self.view_arm(ctx, a, over)) }
                </div>
                { view_history(steps, task.pulls) }
                if over {
                    { self.view_end(p.exp.as_ref()) }
                }
                <div style="display:flex;flex-wrap:wrap;gap:0.5rem;margin-top:0.8rem">
                    <button type="button" class="btn" data-testid="metarl-play-again" onclick={link.callback(|_| Msg::Again(false))}>
                        { "Play this task again" }
                    </button>
                    <button type="button" class="btn" data-testid="metarl-play-next" onclick={link.callback(|_| Msg::Again(true))}>
                        { "Next task" }
                    </button>
                </div>
            </section>
        }
    }
}

/// How the arms pay, in words.
fn pays(task: &agora_engine::metarl::tasks::BanditTask) -> &'static str {
    match task.arm_model {
        ArmModel::Bernoulli => "Each arm pays 1 with a probability you do not know (drawn uniformly between 0 and 1 for this task), else 0.",
        ArmModel::Gaussian { .. } => "Each arm pays its mean, which you do not know (drawn uniformly between 0 and 1 for this task), plus noise.",
    }
}

/// The rewards so far, one chip per pull (episodes separated when they have several pulls).
fn view_history(steps: &[agora_engine::metarl::watch::WatchStep], pulls: usize) -> Html {
    if steps.is_empty() {
        return html! {
            <p class="hint" data-testid="metarl-play-history" style="margin:0.6rem 0 0 0">{ "Your pulls will show here." }</p>
        };
    }
    html! {
        <ol class="play-history" data-testid="metarl-play-history" aria-label="Your pulls"
            style="list-style:none;padding:0;margin:0.7rem 0 0 0;display:flex;flex-wrap:wrap;gap:0.3rem">
            { for steps.iter().map(|s| {
                let win = s.reward > 0.0;
                let gap = if pulls > 1 && s.pull == 0 && s.t > 0 { "margin-left:0.6rem;" } else { "" };
                html! {
                    <li data-testid={format!("metarl-play-reward-{}", s.t)} data-reward={s.reward.to_string()}
                        title={format!("pull {}: arm {}, reward {}", s.t + 1, s.arm + 1, fmt_total(s.reward))}
                        style={format!("{gap}padding:0.1rem 0.4rem;border-radius:4px;font-size:0.82rem;font-variant-numeric:tabular-nums;background:{};color:{}",
                            if win { "#d8efe4" } else { "#f1f3f5" }, if win { "#0b5d3b" } else { "#5f6770" })}>
                        { format!("A{} {}", s.arm + 1, fmt_total(s.reward)) }
                    </li>
                }
            }) }
        </ol>
    }
}

impl PlayAgent {
    fn over(&self) -> bool {
        self.game.finished() || self.game.done() >= MAX_PULLS
    }

    fn new_game(&mut self, ctx: &Context<Self>) {
        let p = ctx.props();
        self.game = BlockWalk::new(&p.exp.task, p.exp.seed, self.block as u64);
        self.rivals.clear();
    }

    /// Play the rivals on the same block.
    fn finish(&mut self, ctx: &Context<Self>) {
        let p = ctx.props();
        self.rivals = rivals(&p.exp, pick(&p.results, self.key), self.block);
    }

    fn view_arm(&self, ctx: &Context<Self>, a: usize, over: bool) -> Html {
        let (mut n, mut sum) = (0usize, 0.0);
        for s in self.game.steps.iter().filter(|s| s.arm == a) {
            n += 1;
            sum += s.reward;
        }
        let last = self.game.steps.last().filter(|s| s.arm == a);
        let flash = last.map(|s| format!("+{}", fmt_total(s.reward)));
        let style = format!(
            "display:flex;flex-direction:column;align-items:stretch;gap:0.15rem;text-align:left;padding:0.5rem 0.6rem;border-radius:8px;font:inherit;cursor:{};border:{};background:{}",
            if over { "default" } else { "pointer" },
            if last.is_some() { "2px solid #0072b2" } else { "1px solid #b8bfc7" },
            if over { "#f4f6f8" } else { "#fff" }
        );
        html! {
            <button type="button" data-testid={format!("metarl-play-arm-{a}")} disabled={over} style={style}
                    onclick={ctx.link().callback(move |_| Msg::Pull(a))}
                    title={format!("Pull arm {}", a + 1)}>
                <strong style="font-size:1rem">{ format!("Arm {}", a + 1) }</strong>
                <span style="font-size:0.82rem;font-variant-numeric:tabular-nums">
                    { format!("{n} pull{}, won {}", if n == 1 { "" } else { "s" }, fmt_total(sum)) }
                </span>
                <span style="font-size:0.8rem;color:var(--accent);min-height:1.1em;font-variant-numeric:tabular-nums">{ flash.unwrap_or_default() }</span>
            </button>
        }
    }

    /// The means revealed and everyone's totals on this block.
    fn view_end(&self, exp: &MetarlExperiment) -> Html {
        let means = self.game.means().map(|m| m.to_vec()).unwrap_or_default();
        let best = means
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.total_cmp(b.1))
            .map(|(i, _)| i);
        let pulls = self.game.done();
        let mut rows: Vec<(String, f64, usize, bool, bool)> =
            vec![("You".to_string(), self.game.total(), pulls, true, false)];
        rows.extend(
            self.rivals
                .iter()
                .map(|r| (r.label.clone(), r.total, r.pulls, false, r.agent)),
        );
        let cut = self.game.done() < self.game.total_pulls();
        html! {
            <div class="play-results" data-testid="metarl-play-result" style="margin-top:1rem">
                <h3 style="margin:0 0 0.4rem 0;font-size:1.1rem">
                    { format!("The task ended after {} pull{}", group_thousands(pulls as i64), if pulls == 1 { "" } else { "s" }) }
                </h3>
                if cut {
                    <p class="msg note">{ format!("This task lasts {} pulls; the game stops after {}.", group_thousands(self.game.total_pulls() as i64), MAX_PULLS) }</p>
                }
                <div style="display:flex;flex-wrap:wrap;gap:1rem 1.5rem;align-items:flex-start">
                    <div class="table-wrap" style="flex:0 1 auto;max-width:100%">
                        <table class="results-table" data-testid="metarl-play-means">
                            <caption>{ "The arms, revealed" }</caption>
                            <thead><tr>
                                <th scope="col" style={CELL}>{ "Arm" }</th>
                                <th scope="col" class="num" style={CELL}>{ "True mean" }</th>
                            </tr></thead>
                            <tbody>
                                { for means.iter().enumerate().map(|(a, m)| html! {
                                    <tr style={if best == Some(a) { ROW_HIGHLIGHT } else { "" }}>
                                        <th scope="row" style={CELL_NOWRAP}>{ format!("Arm {}{}", a + 1, if best == Some(a) { " (best)" } else { "" }) }</th>
                                        <td class="num" style={CELL} data-testid={format!("metarl-play-mean-{a}")}>{ format!("{m:.3}") }</td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                    <div class="table-wrap" style="flex:1 1 18rem;max-width:100%">
                        <table class="results-table" data-testid="metarl-play-compare">
                            <caption>{ "Everyone on this task's draws" }</caption>
                            <thead><tr>
                                <th scope="col" style={CELL}>{ "Player" }</th>
                                <th scope="col" class="num" style={CELL}>{ "Total" }</th>
                                <th scope="col" class="num" style={CELL}>{ "Per pull" }</th>
                            </tr></thead>
                            <tbody>
                                { for rows.iter().enumerate().map(|(i, (label, total, n, me, agent))| html! {
                                    <tr style={if *me { ROW_HIGHLIGHT } else { "" }} data-testid={format!("metarl-play-row-{i}")}>
                                        <th scope="row" style="padding:0.3rem 0.5rem;white-space:normal;min-width:9rem">
                                            if *me {
                                                <strong>{ "You" }</strong>
                                            } else if *agent {
                                                { "Trained agent" }<br/><span class="hint" style="font-weight:400;font-size:0.8rem">{ label.clone() }</span>
                                            } else {
                                                { label.clone() }
                                            }
                                        </th>
                                        <td class="num" style={CELL} data-testid={format!("metarl-play-row-{i}-total")}>{ fmt_total(*total) }</td>
                                        <td class="num" style={CELL}>{ format!("{:.3}", total / (*n).max(1) as f64) }</td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                </div>
                <p class="hint" style="margin:0.5rem 0 0 0">
                    { format!("One task is a small sample: over the {} evaluation tasks the results tab compares the players' averages.", group_thousands(exp.eval.blocks as i64)) }
                </p>
            </div>
        }
    }
}
