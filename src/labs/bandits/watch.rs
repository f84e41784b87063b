//! "Watch one run": one repetition of the experiment replayed round by round on the main
//! thread (one run is cheap), with what the selected algorithm believes about every arm and the
//! cumulative regret of all algorithms so far.
//!
//! The run is [`agora_engine::bandits::watch::Watch`]: the same environment and policy random
//! streams as repetition r of the batch run, so what the student watches is one of the runs
//! behind the averaged curves. Playing advances `speed` rounds per second, measured against
//! the clock (a slow tab catches up instead of drifting); "as fast as possible" plays as many
//! rounds as fit in about 12 ms per frame.
//!
//! An LLM policy plays from the replies recorded for this run. Without any, the view says so
//! and which button gets them, and shows no rounds; with some, it stops after the last round
//! they answer (no made-up rounds).

use crate::charts::watch::{beliefs, fmt_percent, regret_so_far, BeliefSnapshot, RunCurve};
use crate::charts::{color, css, fmt_num, fmt_total, group_thousands, DrawFn};
use crate::widgets::chart::Chart;
use agora_engine::bandits::environment::EnvironmentConfig;
use agora_engine::bandits::policy::{ArmView, Belief};
use agora_engine::bandits::watch::Watch;
use agora_engine::bandits::BanditExperiment;
use gloo::timers::callback::Timeout;
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Rounds per second of each position of the speed slider; 0 = as fast as possible.
pub const SPEEDS: [u32; 13] = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 0];
const DEFAULT_SPEED: usize = 3;
/// Compute budget per frame when playing as fast as possible (ms).
const FRAME_BUDGET_MS: f64 = 12.0;
/// Most points per curve handed to a chart.
const CURVE_POINTS: usize = 1500;

#[derive(Properties, PartialEq)]
pub struct WatchProps {
    pub experiment: Rc<BanditExperiment>,
}

pub enum Msg {
    Step,
    TogglePlay,
    Tick,
    Reset,
    Speed(usize),
    Rep(String),
    Policy(usize),
}

pub struct WatchView {
    watch: Result<Watch, String>,
    rep: usize,
    rep_text: String,
    policy: usize,
    playing: bool,
    speed: usize,
    timer: Option<Timeout>,
    /// Clock (ms) and round when playing started at the current speed.
    anchor: (f64, usize),
    version: u64,
    belief_draw: Option<DrawFn>,
    regret_draw: Option<DrawFn>,
    /// With LLM policies: the rounds of this run their recorded replies answer.
    llm_rounds: Option<usize>,
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

impl Component for WatchView {
    type Message = Msg;
    type Properties = WatchProps;

    fn create(ctx: &Context<Self>) -> Self {
        let mut v = WatchView {
            watch: Err(String::new()),
            rep: 0,
            rep_text: "1".into(),
            policy: 0,
            playing: false,
            speed: DEFAULT_SPEED,
            timer: None,
            anchor: (0.0, 0),
            version: 0,
            belief_draw: None,
            regret_draw: None,
            llm_rounds: None,
        };
        v.restart(ctx);
        v
    }

    fn changed(&mut self, ctx: &Context<Self>, old: &WatchProps) -> bool {
        if ctx.props().experiment != old.experiment {
            let exp = &ctx.props().experiment;
            if self.rep >= exp.repetitions.max(1) {
                self.rep = 0;
                self.rep_text = "1".into();
            }
            if self.policy >= exp.policies.len() {
                self.policy = 0;
            }
            self.restart(ctx);
        }
        true
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Step => {
                self.stop();
                if !self.at_end() {
                    if let Ok(w) = &mut self.watch {
                        w.step(None);
                    }
                }
                self.refresh(ctx);
            }
            Msg::TogglePlay => {
                if self.playing {
                    self.stop();
                } else if !self.at_end() {
                    self.playing = true;
                    self.restart_clock();
                    self.schedule(ctx, 0);
                }
            }
            Msg::Tick => {
                self.timer = None;
                if !self.playing {
                    return false;
                }
                let speed = SPEEDS[self.speed];
                let Ok(w) = &mut self.watch else {
                    self.stop();
                    return true;
                };
                let t0 = now_ms();
                // Rounds left that the recorded replies answer (all of them without an LLM).
                let limit = self.llm_rounds.unwrap_or(usize::MAX);
                let left = |w: &Watch| limit.saturating_sub(w.round());
                if speed == 0 {
                    loop {
                        let n = 64.min(left(w));
                        if n == 0 || w.advance(n) == 0 || now_ms() - t0 > FRAME_BUDGET_MS {
                            break;
                        }
                    }
                } else {
                    // Rounds due since the clock started (a little slack for timer jitter).
                    let due =
                        ((t0 - self.anchor.0) * speed as f64 / 1000.0 + 0.05).floor() as usize;
                    let owed = (self.anchor.1 + due).saturating_sub(w.round());
                    // Never more than a few frames' worth at once: a tab coming back from the
                    // background carries on instead of jumping ahead.
                    let cap = (speed as usize / 10).max(1) * 3;
                    if owed > cap {
                        self.anchor = (t0, w.round() + cap);
                    }
                    w.advance(owed.min(cap).min(left(w)));
                }
                if w.finished() || left(w) == 0 {
                    self.playing = false;
                } else {
                    let delay = if speed > 0 && speed < 30 {
                        1000 / speed
                    } else {
                        33
                    };
                    self.schedule(ctx, delay);
                }
                self.refresh(ctx);
            }
            Msg::Reset => {
                self.restart(ctx);
            }
            Msg::Speed(i) => {
                self.speed = i.min(SPEEDS.len() - 1);
                self.restart_clock();
            }
            Msg::Rep(text) => {
                let max = ctx.props().experiment.repetitions.max(1);
                self.rep_text = text.clone();
                if let Ok(n) = text.trim().parse::<usize>() {
                    if (1..=max).contains(&n) && n - 1 != self.rep {
                        self.rep = n - 1;
                        self.restart(ctx);
                    }
                }
            }
            Msg::Policy(i) => {
                self.policy = i;
                self.refresh(ctx);
            }
        }
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let exp = &ctx.props().experiment;
        let w = match &self.watch {
            Ok(w) => w,
            Err(e) => {
                return html! {
                    <section class="watch" data-testid="watch">
                        <p class="msg error watch-error" role="status">
                            { format!("This experiment cannot be replayed yet: {e}") }
                        </p>
                    </section>
                };
            }
        };
        if self.llm_rounds == Some(0) {
            return self.view_no_replies(ctx, exp);
        }
        let link = ctx.link();
        let finished = self.at_end();
        let round = w.round();
        let reps = exp.repetitions.max(1);
        let speed_label = match SPEEDS[self.speed] {
            0 => "as fast as possible".to_string(),
            1 => "1 round/s".to_string(),
            s => format!("{} rounds/s", group_thousands(s as i64)),
        };
        let on_speed = link.callback(|e: InputEvent| {
            let v: HtmlInputElement = e.target_unchecked_into();
            Msg::Speed(v.value().parse().unwrap_or(DEFAULT_SPEED))
        });
        let on_rep = link.callback(|e: InputEvent| {
            let v: HtmlInputElement = e.target_unchecked_into();
            Msg::Rep(v.value())
        });
        let on_policy = link.callback(|e: Event| {
            let v: HtmlSelectElement = e.target_unchecked_into();
            Msg::Policy(v.value().parse().unwrap_or(0))
        });
        let rep_valid =
            matches!(self.rep_text.trim().parse::<usize>(), Ok(n) if n >= 1 && n <= reps);
        html! {
            <section class="watch" data-testid="watch">
                <p class="watch-intro" style="margin:0 0 0.6rem 0;line-height:1.45">
                    { "One run, round by round: every algorithm faces the same arms and the same reward draws (run " }
                    { self.rep + 1 }{ " of your experiment). The chart shows what the selected algorithm believes about each arm: the shaded shape is its uncertainty, the dot its estimate, the triangle the score it maximizes, the black tick the truth." }
                </p>
                <div class="watch-controls" role="group" aria-label="Replay controls" style={CONTROLS}>
                    <button type="button" data-testid="watch-step" onclick={link.callback(|_| Msg::Step)}
                            disabled={finished} title="Play one round" class="btn">{ "Step" }</button>
                    <button type="button" data-testid="watch-play" onclick={link.callback(|_| Msg::TogglePlay)}
                            disabled={finished && !self.playing} aria-pressed={self.playing.to_string()} class="btn primary">
                        { if self.playing { "Pause" } else { "Play" } }
                    </button>
                    <button type="button" data-testid="watch-reset" onclick={link.callback(|_| Msg::Reset)}
                            disabled={round == 0} title="Back to round 0" class="btn">{ "Reset" }</button>
                    <label style="display:inline-flex;align-items:center;gap:0.4rem">
                        { "Speed" }
                        <input type="range" data-testid="watch-speed" min="0" max={(SPEEDS.len() - 1).to_string()}
                               value={self.speed.to_string()} oninput={on_speed} aria-valuetext={speed_label.clone()}
                               style="width:8rem" />
                        <span style="min-width:9.5rem;font-variant-numeric:tabular-nums">{ speed_label }</span>
                    </label>
                    <span class="watch-round" style="font-variant-numeric:tabular-nums">
                        { "Round " }<strong data-testid="watch-round">{ round }</strong>
                        { format!(" / {}", group_thousands(exp.horizon as i64)) }
                    </span>
                    <label style="display:inline-flex;align-items:center;gap:0.4rem">
                        { "Run" }
                        <input type="number" data-testid="watch-rep" min="1" max={reps.to_string()} value={self.rep_text.clone()}
                               oninput={on_rep} aria-invalid={(!rep_valid).to_string()}
                               style={if rep_valid { INPUT } else { INPUT_BAD }} />
                        { format!("of {}", group_thousands(reps as i64)) }
                    </label>
                </div>
                <div class="watch-policy" style="display:flex;flex-wrap:wrap;align-items:center;gap:0.5rem;margin:0.4rem 0">
                    <label style="display:inline-flex;align-items:center;gap:0.4rem">
                        { "Algorithm" }
                        <select data-testid="watch-policy" onchange={on_policy} style="width:auto;max-width:18rem">
                            { for exp.policies.iter().enumerate().map(|(i, p)| html! {
                                <option value={i.to_string()} selected={i == self.policy}>{ p.label() }</option>
                            }) }
                        </select>
                    </label>
                    if let Some(p) = exp.policies.get(self.policy) {
                        <span style="color:var(--muted);font-size:0.9rem">{ p.about().what }</span>
                    }
                </div>
                if let Some(k) = self.llm_rounds.filter(|&k| k < exp.horizon) {
                    <p class="msg note" data-testid="watch-llm-partial">
                        { format!("The model's replies recorded for run {} answer its first {k} round{} only, so the run stops there (out of {}). Ask the model in the LLM panel for the rest.",
                            self.rep + 1, if k == 1 { "" } else { "s" }, group_thousands(exp.horizon as i64)) }
                    </p>
                }
                { self.view_totals(exp, w) }
                if let Some(d) = &self.belief_draw {
                    <Chart draw={d.clone()} testid="chart-watch-beliefs" filename="agora-watch-beliefs"
                           height={belief_height(exp.environment.arms())} version={self.version} />
                }
                <div style={ROW}>
                    <div style="flex:0 1 auto;max-width:100%;overflow-x:auto">
                        { self.view_table(exp, w) }
                    </div>
                    if let Some(d) = &self.regret_draw {
                        <div style="flex:1 1 300px;min-width:0">
                            <Chart draw={d.clone()} testid="chart-watch-regret" filename="agora-watch-regret"
                                   height={280} version={self.version} />
                        </div>
                    }
                </div>
            </section>
        }
    }

    fn destroy(&mut self, _ctx: &Context<Self>) {
        self.timer = None;
    }
}

/// Height of the belief chart for `k` arms (CSS px).
fn belief_height(k: usize) -> u32 {
    (96 + 34 * k as u32).clamp(220, 640)
}

impl WatchView {
    fn round(&self) -> usize {
        self.watch.as_ref().map(|w| w.round()).unwrap_or(0)
    }

    /// True at the horizon, or after the last round the recorded LLM replies answer.
    fn at_end(&self) -> bool {
        match &self.watch {
            Ok(w) => w.finished() || self.llm_rounds.is_some_and(|k| w.round() >= k),
            Err(_) => true,
        }
    }

    /// An LLM policy has no recorded reply for this run: say so, and what gets them.
    fn view_no_replies(&self, ctx: &Context<Self>, exp: &BanditExperiment) -> Html {
        let llms: Vec<String> = exp
            .policies
            .iter()
            .filter(|p| p.is_llm())
            .map(|p| p.label())
            .collect();
        let reps = exp.repetitions.max(1);
        let recorded = exp.transcript.units.len();
        let on_rep = ctx.link().callback(|e: InputEvent| {
            let v: HtmlInputElement = e.target_unchecked_into();
            Msg::Rep(v.value())
        });
        html! {
            <section class="watch" data-testid="watch">
                <div class="msg note watch-no-replies" role="status" data-testid="watch-no-replies">
                    <p><strong>{ format!("No replies of {} are recorded for run {} yet.", llms.join(" and "), self.rep + 1) }</strong></p>
                    <p>{ format!("This view replays what the model answered; without its replies there is nothing to show, and no rounds are made up for it ({} would be needed).", group_thousands(exp.horizon as i64)) }</p>
                    <p>{ if recorded == 0 {
                            "Next: press “Ask the model” in the LLM panel, then come back to watch a run.".to_string()
                        } else {
                            format!("Replies are recorded for {recorded} of the {reps} runs: choose another run, or press “Resume asking the model” in the LLM panel.")
                        } }</p>
                </div>
                if reps > 1 {
                    <label style="display:inline-flex;align-items:center;gap:0.4rem">
                        { "Run" }
                        <input type="number" data-testid="watch-rep" min="1" max={reps.to_string()} value={self.rep_text.clone()}
                               oninput={on_rep} style={INPUT} />
                        { format!("of {}", group_thousands(reps as i64)) }
                    </label>
                }
            </section>
        }
    }

    /// Count rounds from now, with the first one due at once.
    fn restart_clock(&mut self) {
        let speed = SPEEDS[self.speed].max(1) as f64;
        self.anchor = (now_ms() - 1000.0 / speed, self.round());
    }

    fn stop(&mut self) {
        self.playing = false;
        self.timer = None;
    }

    fn schedule(&mut self, ctx: &Context<Self>, ms: u32) {
        let link = ctx.link().clone();
        self.timer = Some(Timeout::new(ms, move || link.send_message(Msg::Tick)));
    }

    fn restart(&mut self, ctx: &Context<Self>) {
        self.stop();
        let exp = &ctx.props().experiment;
        self.watch = Watch::new(exp, self.rep, false).map_err(|e| e.to_string());
        self.llm_rounds = exp.llm_rounds_recorded(self.rep).ok().flatten();
        self.refresh(ctx);
    }

    /// Rebuild the charts from the current state.
    fn refresh(&mut self, ctx: &Context<Self>) {
        let exp = &ctx.props().experiment;
        let Ok(w) = &self.watch else {
            self.belief_draw = None;
            self.regret_draw = None;
            return;
        };
        self.version += 1;
        let p = self.policy.min(exp.policies.len().saturating_sub(1));
        let views = w.views();
        let tally = &w.tallies[p];
        let snapshot = BeliefSnapshot {
            policy: exp.policies[p].label(),
            color: p,
            round: w.round(),
            arms: views.get(p).cloned().unwrap_or_default(),
            means: true_means(&exp.environment, w),
            last: tally.last_arm,
            last_reward: tally.last_reward,
            range: mean_range(&exp.environment),
        };
        self.belief_draw = Some(beliefs(snapshot));
        let curves = exp
            .policies
            .iter()
            .zip(&w.tallies)
            .enumerate()
            .map(|(i, (pc, t))| RunCurve {
                label: pc.label(),
                color: i,
                points: sample_curve(&t.regret, CURVE_POINTS),
                highlight: false,
            })
            .collect();
        // The time axis grows with the run (in nice steps) up to the horizon.
        let x_hi = (crate::charts::nice_max(w.round().max(10) as f64) as usize).min(exp.horizon);
        self.regret_draw = Some(regret_so_far(
            "Regret so far",
            &format!("this run, rounds 1..{}", w.round()),
            curves,
            x_hi.max(1),
        ));
    }

    fn view_totals(&self, exp: &BanditExperiment, w: &Watch) -> Html {
        html! {
            <div class="watch-totals" style="display:flex;flex-wrap:wrap;gap:0.35rem 1rem;font-size:0.88rem;margin:0.2rem 0 0.5rem 0">
                { for exp.policies.iter().zip(&w.tallies).enumerate().map(|(i, (p, t))| html! {
                    <span style={if i == self.policy { "font-weight:600" } else { "" }}>
                        <span aria-hidden="true" style={format!("display:inline-block;width:0.8rem;height:0.8rem;border-radius:2px;margin-right:0.3rem;vertical-align:-1px;background:var(--series-{}, {})", i % crate::charts::PALETTE.len(), css(color(i)))}></span>
                        { format!("{}: reward {}, regret {}", p.label(), fmt_total(t.reward), fmt_num(t.total_regret())) }
                    </span>
                }) }
            </div>
        }
    }

    fn view_table(&self, exp: &BanditExperiment, w: &Watch) -> Html {
        let p = self.policy.min(exp.policies.len().saturating_sub(1));
        let views = w.views();
        let Some(arms) = views.get(p) else {
            return html! {};
        };
        let means = true_means(&exp.environment, w);
        let last = w.tallies[p].last_arm;
        let has_prob = arms.iter().any(|a| a.prob.is_some());
        let has_index = arms.iter().any(|a| a.index.is_some());
        let has_belief = arms.iter().any(|a| a.belief.is_some());
        html! {
                <table class="results-table watch-arms" data-testid="watch-arms">
                    <caption>
                        { format!("{} after round {}", exp.policies[p].label(), w.round()) }
                        if last.is_some() { { " (highlighted: the arm pulled last)" } }
                    </caption>
                    <thead>
                        <tr>
                            <th scope="col" style={CELL}>{ "Arm" }</th>
                            <th scope="col" class="num" style={CELL}>{ "True mean" }</th>
                            <th scope="col" class="num" style={CELL}>{ "Estimate" }</th>
                            <th scope="col" class="num" style={CELL}>{ "Pulls" }</th>
                            if has_index { <th scope="col" class="num" style={CELL}>{ "Index" }</th> }
                            if has_prob { <th scope="col" class="num" style={CELL}>{ "P(next)" }</th> }
                            if has_belief { <th scope="col" style={CELL}>{ "Belief" }</th> }
                        </tr>
                    </thead>
                    <tbody>
                        { for arms.iter().enumerate().map(|(a, v)| {
                            let row = if last == Some(a) { ROW_HIGHLIGHT } else { "" };
                            let mean = means.as_ref().and_then(|m| m.get(a)).copied();
                            html! {
                                <tr style={row}>
                                    <th scope="row" style={CELL_NOWRAP}>{ format!("Arm {}", a + 1) }</th>
                                    <td class="num" style={CELL}>{ mean.map(fmt_num).unwrap_or_else(|| "–".into()) }</td>
                                    <td class="num" style={CELL}>{ fmt_num(v.estimate) }</td>
                                    <td class="num" style={CELL}>{ group_thousands(v.pulls as i64) }</td>
                                    if has_index { <td class="num" style={CELL}>{ v.index.map(fmt_num).unwrap_or_default() }</td> }
                                    if has_prob { <td class="num" style={CELL}>{ v.prob.map(fmt_percent).unwrap_or_default() }</td> }
                                    if has_belief { <td style={CELL_NOWRAP}>{ describe_belief(v) }</td> }
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
        }
    }
}

/// "Beta(3, 5)", "N(0.41, 0.12²)", "[0.20, 0.90]".
pub fn describe_belief(v: &ArmView) -> String {
    match v.belief {
        Some(Belief::Beta { alpha, beta }) => {
            format!("Beta({}, {})", fmt_param(alpha), fmt_param(beta))
        }
        Some(Belief::Normal { mean, sd }) => format!("N({}, {}²)", fmt_num(mean), fmt_num(sd)),
        Some(Belief::Interval { lo, hi }) => format!("[{}, {}]", fmt_num(lo), fmt_num(hi)),
        None => String::new(),
    }
}

/// A distribution parameter: whole numbers without decimals (Beta(3, 5) after 2 successes).
fn fmt_param(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        group_thousands(v as i64)
    } else {
        fmt_num(v)
    }
}

/// The arms' true means now: those of the round just played, or before round 1 the
/// configured means of a stationary environment. An oblivious adversary has no means (its
/// rewards are fixed numbers), so there are none to show.
pub fn true_means(env: &EnvironmentConfig, w: &Watch) -> Option<Vec<f64>> {
    if matches!(env, EnvironmentConfig::Adversarial { .. }) {
        return None;
    }
    if !w.last_means().is_empty() {
        return Some(w.last_means().to_vec());
    }
    match env {
        EnvironmentConfig::Bernoulli { means } | EnvironmentConfig::Gaussian { means, .. } => {
            Some(means.clone())
        }
        EnvironmentConfig::Piecewise { segments } => segments.first().map(|s| s.means.clone()),
        _ => None,
    }
}

/// The range of mean rewards worth drawing for an environment.
pub fn mean_range(env: &EnvironmentConfig) -> (f64, f64) {
    match env {
        EnvironmentConfig::Gaussian { means, sigma } => {
            let lo = means.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = means.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let pad = sigma.max((hi - lo) * 0.15).max(1e-6);
            let step = crate::charts::nice_step((hi - lo + 2.0 * pad) / 8.0);
            (
                ((lo - pad) / step).floor() * step,
                ((hi + pad) / step).ceil() * step,
            )
        }
        EnvironmentConfig::Linear { dim, .. } => {
            // Means <theta, x> with |theta| = 1 and x ~ N(0, I/d): sd 1/sqrt(d).
            let r = (3.0 / (*dim as f64).max(1.0).sqrt()).max(0.5);
            let step = crate::charts::nice_step(r / 4.0);
            let r = (r / step).ceil() * step;
            (-r, r)
        }
        _ => (0.0, 1.0),
    }
}

/// Points (t, regret after round t) of a cumulative curve, starting at (0, 0), with at most
/// about `max` points (the last round always kept).
pub fn sample_curve(regret: &[f64], max: usize) -> Vec<(f64, f64)> {
    let n = regret.len();
    let step = n.div_ceil(max.max(1)).max(1);
    let mut pts = Vec::with_capacity(n / step + 2);
    pts.push((0.0, 0.0));
    let mut t = step;
    while t <= n {
        pts.push((t as f64, regret[t - 1]));
        t += step;
    }
    if n > 0 && !n.is_multiple_of(step) {
        pts.push((n as f64, regret[n - 1]));
    }
    pts
}

pub(crate) const INPUT: &str =
    "font:inherit;padding:0.2rem 0.35rem;border:1px solid var(--field-border);background:var(--field-bg);color:var(--ink);border-radius:5px;max-width:16rem";
pub(crate) const INPUT_BAD: &str =
    "font:inherit;padding:0.2rem 0.35rem;border:2px solid var(--bad);background:var(--field-bg);color:var(--ink);border-radius:5px;max-width:16rem";
pub(crate) const CONTROLS: &str = "display:flex;flex-wrap:wrap;align-items:center;gap:0.5rem 0.9rem;padding:0.5rem 0.6rem;background:var(--panel-soft);border-radius:8px";
pub(crate) const ROW: &str =
    "display:flex;flex-wrap:wrap;gap:1rem 1.5rem;align-items:flex-start;margin-top:0.8rem";
pub(crate) const ROW_HIGHLIGHT: &str = "background:var(--highlight)";
/// Table cells a little tighter than the results table's.
pub(crate) const CELL: &str = "padding:0.3rem 0.5rem";
pub(crate) const CELL_NOWRAP: &str =
    "padding:0.3rem 0.5rem;white-space:nowrap;font-variant-numeric:tabular-nums";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sampled_curve_keeps_start_and_end() {
        let r: Vec<f64> = (1..=10).map(f64::from).collect();
        let pts = sample_curve(&r, 100);
        assert_eq!(pts.len(), 11);
        assert_eq!(pts[0], (0.0, 0.0));
        assert_eq!(pts[10], (10.0, 10.0));
        let r: Vec<f64> = (1..=10_001).map(f64::from).collect();
        let pts = sample_curve(&r, 1000);
        assert!(pts.len() <= 1003);
        assert_eq!(*pts.last().unwrap(), (10_001.0, 10_001.0));
        // Each kept point is the curve's value at its round.
        assert!(pts.iter().all(|&(t, v)| t == v));
        assert_eq!(sample_curve(&[], 10), vec![(0.0, 0.0)]);
    }

    #[test]
    fn gaussian_range_covers_the_means_with_room() {
        let env = EnvironmentConfig::Gaussian {
            means: vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0],
            sigma: 1.0,
        };
        let (lo, hi) = mean_range(&env);
        assert!(lo <= -1.0 && hi >= 2.0 && hi - lo < 6.0, "{lo} {hi}");
        let bern = EnvironmentConfig::Bernoulli {
            means: vec![0.1, 0.9],
        };
        assert_eq!(mean_range(&bern), (0.0, 1.0));
    }
}
