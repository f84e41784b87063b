//! "You play": the student pulls the arms of run 1 of the experiment (buttons or keys 1-9) on
//! exactly the reward draws the algorithms get in that run, then compares their regret with
//! every algorithm's.
//!
//! The game is a [`Watch`] with a human player: each pull plays one round for the student and
//! for every algorithm. It stops after `rounds` rounds (min(horizon, 100) by default, so it
//! stays playable; up to the horizon) or when the student asks to reveal the arms. The regret
//! so far is hidden while playing because its increments would give the means away
//! (pulling the best arm adds 0); a checkbox shows it anyway.

use super::watch::{
    sample_curve, true_means, CELL, CELL_NOWRAP, CONTROLS, INPUT, INPUT_BAD, ROW, ROW_HIGHLIGHT,
};
use crate::charts::watch::{regret_so_far, RunCurve};
use crate::charts::{fmt_num, fmt_total, group_thousands, DrawFn};
use crate::widgets::chart::Chart;
use agora_engine::bandits::environment::EnvironmentConfig;
use agora_engine::bandits::watch::{Tally, Watch};
use agora_engine::bandits::BanditExperiment;
use gloo::events::EventListener;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, KeyboardEvent};
use yew::prelude::*;

/// Default game length cap.
pub const DEFAULT_ROUNDS: usize = 100;

#[derive(Properties, PartialEq)]
pub struct PlayProps {
    pub experiment: Rc<BanditExperiment>,
}

pub enum Msg {
    Pull(usize),
    Reveal,
    /// Start again; `true` for fresh draws (the next run of the experiment).
    NewGame(bool),
    Rounds(String),
    ShowRegret(bool),
}

pub struct PlayView {
    game: Result<Watch, String>,
    rep: usize,
    rounds: usize,
    rounds_text: String,
    /// Sum of the student's rewards per arm.
    sums: Vec<f64>,
    revealed: bool,
    show_regret: bool,
    chart: Option<DrawFn>,
    version: u64,
    _keys: Option<EventListener>,
}

impl Component for PlayView {
    type Message = Msg;
    type Properties = PlayProps;

    fn create(ctx: &Context<Self>) -> Self {
        let exp = &ctx.props().experiment;
        let rounds = exp.horizon.clamp(1, DEFAULT_ROUNDS);
        let link = ctx.link().clone();
        let keys = web_sys::window().map(|w| {
            EventListener::new(&w, "keydown", move |e| {
                let Some(e) = e.dyn_ref::<KeyboardEvent>() else {
                    return;
                };
                if e.ctrl_key() || e.alt_key() || e.meta_key() || e.repeat() || typing(e) {
                    return;
                }
                let key = e.key();
                if key.len() == 1 {
                    if let Some(d) = key.chars().next().and_then(|c| c.to_digit(10)) {
                        if (1..=9).contains(&d) {
                            link.send_message(Msg::Pull(d as usize - 1));
                        }
                    }
                }
            })
        });
        let mut v = PlayView {
            game: Err(String::new()),
            rep: 0,
            rounds,
            rounds_text: rounds.to_string(),
            sums: Vec::new(),
            revealed: false,
            show_regret: false,
            chart: None,
            version: 0,
            _keys: keys,
        };
        v.new_game(ctx);
        v
    }

    fn changed(&mut self, ctx: &Context<Self>, old: &PlayProps) -> bool {
        let exp = &ctx.props().experiment;
        if *exp != old.experiment {
            if exp.horizon != old.experiment.horizon {
                self.rounds = exp.horizon.clamp(1, DEFAULT_ROUNDS);
                self.rounds_text = self.rounds.to_string();
            }
            self.rep = 0;
            self.new_game(ctx);
        }
        true
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Pull(a) => {
                if self.over() {
                    return false;
                }
                let Ok(g) = &mut self.game else {
                    return false;
                };
                if a >= self.sums.len() || !g.step(Some(a)) {
                    return false;
                }
                if let Some(r) = g.human.as_ref().and_then(|h| h.last_reward) {
                    self.sums[a] += r;
                }
                if self.over() {
                    self.build_chart(ctx);
                }
            }
            Msg::Reveal => {
                self.revealed = true;
                self.build_chart(ctx);
            }
            Msg::NewGame(fresh) => {
                if fresh {
                    self.rep += 1;
                }
                self.new_game(ctx);
            }
            Msg::Rounds(text) => {
                let h = ctx.props().experiment.horizon.max(1);
                self.rounds_text = text.clone();
                if let Ok(n) = text.trim().parse::<usize>() {
                    if (1..=h).contains(&n) && n != self.rounds {
                        self.rounds = n;
                        self.new_game(ctx);
                    }
                }
            }
            Msg::ShowRegret(b) => self.show_regret = b,
        }
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let exp = &ctx.props().experiment;
        if exp.environment.dim() > 0 {
            return html! {
                <section class="play" data-testid="play">
                    <p class="msg error play-unavailable" role="status">
                        { "\"You play\" needs a non-contextual environment: in the linear contextual bandit every arm's mean changes each round with features that only the algorithms can read. Choose another environment (Bernoulli, Gaussian, ...) to play." }
                    </p>
                </section>
            };
        }
        let g = match &self.game {
            Ok(g) => g,
            Err(e) => {
                return html! {
                    <section class="play" data-testid="play">
                        <p class="msg error" role="status">{ format!("The game cannot start: {e}") }</p>
                    </section>
                };
            }
        };
        let link = ctx.link();
        let h = exp.horizon.max(1);
        let k = self.sums.len();
        let played = g.round();
        let over = self.over();
        let human = g.human.clone().unwrap_or_default();
        let rounds_ok =
            matches!(self.rounds_text.trim().parse::<usize>(), Ok(n) if (1..=h).contains(&n));
        let on_rounds = link.callback(|e: InputEvent| {
            let v: HtmlInputElement = e.target_unchecked_into();
            Msg::Rounds(v.value())
        });
        let on_show = link.callback(|e: Event| {
            let v: HtmlInputElement = e.target_unchecked_into();
            Msg::ShowRegret(v.checked())
        });
        let capped = self.rounds < h;
        html! {
            <section class="play" data-testid="play">
                <p class="play-intro" style="margin:0 0 0.6rem 0;line-height:1.45">
                    { format!("You are the bandit algorithm: pull one of the {k} arms each round and collect as much reward as you can. The arms pay random rewards whose means you do not know. You play run {} of the experiment, on exactly the reward draws the algorithms get, so at the end you can compare fairly. Click an arm or press its number key.", self.rep + 1) }
                </p>
                <div class="play-controls" style={CONTROLS}>
                    <label style="display:inline-flex;align-items:center;gap:0.4rem">
                        { "Rounds" }
                        <input type="number" data-testid="play-rounds" min="1" max={h.to_string()}
                               value={self.rounds_text.clone()} oninput={on_rounds}
                               aria-invalid={(!rounds_ok).to_string()}
                               style={if rounds_ok { INPUT } else { INPUT_BAD }} />
                    </label>
                    <label style="display:inline-flex;align-items:center;gap:0.35rem;font-size:0.88rem">
                        <input type="checkbox" data-testid="play-show-regret" checked={self.show_regret} onchange={on_show} />
                        { "show my regret while I play (gives the answer away)" }
                    </label>
                </div>
                <p class="play-length" style="color:var(--muted);font-size:0.88rem;margin:0.35rem 0 0 0">
                    if capped {
                        { format!("The experiment's horizon is {} rounds; the game stops after {} so it stays playable (you can raise it up to {}). Changing it starts a new game.", group_thousands(h as i64), group_thousands(self.rounds as i64), group_thousands(h as i64)) }
                    } else {
                        { format!("The game lasts the experiment's whole horizon ({} rounds). Changing it starts a new game.", group_thousands(h as i64)) }
                    }
                </p>
                <p data-testid="play-score" class="play-score" aria-live="polite"
                   style="font-size:1.05rem;margin:0.7rem 0;font-variant-numeric:tabular-nums">
                    { self.score_text(played, &human) }
                </p>
                <div class="play-arms" role="group" aria-label="Arms"
                     style="display:grid;grid-template-columns:repeat(auto-fill,minmax(8.5rem,1fr));gap:0.5rem">
                    { for (0..k).map(|a| self.view_arm(ctx, a, &human, over)) }
                </div>
                <div style="display:flex;flex-wrap:wrap;gap:0.5rem;margin-top:0.8rem">
                    if !over {
                        <button type="button" data-testid="play-reveal" onclick={link.callback(|_| Msg::Reveal)} class="btn">
                            { "Reveal the arms and compare" }
                        </button>
                    }
                    <button type="button" data-testid="play-again" onclick={link.callback(|_| Msg::NewGame(false))} class="btn">
                        { "Play again (same draws)" }
                    </button>
                    <button type="button" data-testid="play-new" onclick={link.callback(|_| Msg::NewGame(true))} class="btn">
                        { "New game (new draws)" }
                    </button>
                </div>
                if over {
                    { self.view_results(exp, g, &human) }
                }
            </section>
        }
    }
}

/// True when the key press is meant for a form field.
fn typing(e: &KeyboardEvent) -> bool {
    e.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .map(|el| {
            let tag = el.tag_name().to_ascii_lowercase();
            matches!(tag.as_str(), "input" | "textarea" | "select")
                || el.get_attribute("contenteditable").is_some()
        })
        .unwrap_or(false)
}

impl PlayView {
    fn over(&self) -> bool {
        self.revealed || matches!(&self.game, Ok(g) if g.round() >= self.rounds)
    }

    fn new_game(&mut self, ctx: &Context<Self>) {
        let exp = &ctx.props().experiment;
        self.game = Watch::new(exp, self.rep, true).map_err(|e| e.to_string());
        self.sums = vec![0.0; exp.environment.arms()];
        self.revealed = false;
        self.chart = None;
    }

    fn score_text(&self, played: usize, human: &Tally) -> String {
        let rounds = format!("Round {played} of {}", self.rounds);
        let reward = format!("total reward {}", fmt_total(human.reward));
        if self.over() {
            format!(
                "Game over after {played} round{}: total reward {}, your regret {}.",
                if played == 1 { "" } else { "s" },
                fmt_total(human.reward),
                fmt_num(human.total_regret())
            )
        } else if self.show_regret {
            format!(
                "{rounds} · {reward} · regret so far {}",
                fmt_num(human.total_regret())
            )
        } else {
            format!("{rounds} · {reward} · regret so far: revealed at the end")
        }
    }

    fn view_arm(&self, ctx: &Context<Self>, a: usize, human: &Tally, over: bool) -> Html {
        let n = human.pulls.get(a).copied().unwrap_or(0);
        let last = human.last_arm == Some(a);
        let mean = if n > 0 {
            fmt_num(self.sums[a] / n as f64)
        } else {
            "–".into()
        };
        let flash = if last {
            human
                .last_reward
                .map(|r| format!("you just got {}", fmt_total(r)))
                .unwrap_or_default()
        } else {
            String::new()
        };
        let style = format!(
            "font:inherit;text-align:left;padding:0.55rem 0.7rem;border-radius:8px;cursor:{};border:{};background:{};color:var(--ink);display:flex;flex-direction:column;gap:0.15rem",
            if over { "default" } else { "pointer" },
            if last { "2px solid var(--accent)" } else { "1px solid var(--field-border)" },
            if last { "var(--accent-soft)" } else { "var(--field-bg)" },
        );
        let key = if a < 9 {
            format!("key {}", a + 1)
        } else {
            String::new()
        };
        html! {
            <button type="button" data-testid={format!("play-arm-{a}")} disabled={over} style={style}
                    onclick={ctx.link().callback(move |_| Msg::Pull(a))}
                    title={format!("Pull arm {}", a + 1)}>
                <span style="display:flex;justify-content:space-between;align-items:baseline;gap:0.4rem">
                    <strong style="font-size:1rem">{ format!("Arm {}", a + 1) }</strong>
                    <span style="font-size:0.75rem;color:var(--muted)">{ key }</span>
                </span>
                <span style="font-size:0.82rem;font-variant-numeric:tabular-nums">
                    { if n == 1 { "1 pull".to_string() } else { format!("{n} pulls") } }
                </span>
                <span style="font-size:0.82rem;font-variant-numeric:tabular-nums">
                    { format!("mean {mean}") }
                </span>
                <span style="font-size:0.8rem;color:var(--accent);min-height:1.1em;font-variant-numeric:tabular-nums">{ flash }</span>
            </button>
        }
    }

    fn build_chart(&mut self, ctx: &Context<Self>) {
        let exp = &ctx.props().experiment;
        let Ok(g) = &self.game else {
            return;
        };
        let mut curves: Vec<RunCurve> = exp
            .policies
            .iter()
            .zip(&g.tallies)
            .enumerate()
            .map(|(i, (p, t))| RunCurve {
                label: p.label(),
                color: i,
                points: sample_curve(&t.regret, 1500),
                highlight: false,
            })
            .collect();
        if let Some(h) = &g.human {
            curves.push(RunCurve {
                label: "You".into(),
                color: 0,
                points: sample_curve(&h.regret, 1500),
                highlight: true,
            });
        }
        self.version += 1;
        self.chart = Some(regret_so_far(
            "You against the algorithms",
            &format!("same reward draws, rounds 1..{}", g.round()),
            curves,
            g.round().max(1),
        ));
    }

    fn view_results(&self, exp: &BanditExperiment, g: &Watch, human: &Tally) -> Html {
        let played = g.round();
        let means = true_means(&exp.environment, g);
        let stationary = matches!(
            exp.environment,
            EnvironmentConfig::Bernoulli { .. }
                | EnvironmentConfig::Gaussian { .. }
                | EnvironmentConfig::Bayesian { .. }
        );
        let best = means.as_ref().filter(|_| stationary).and_then(|m| {
            m.iter()
                .enumerate()
                .max_by(|a, b| a.1.total_cmp(b.1))
                .map(|(i, _)| i)
        });
        // Everyone, ranked by regret (lower is better).
        let mut rows: Vec<(String, &Tally, bool)> = exp
            .policies
            .iter()
            .zip(&g.tallies)
            .map(|(p, t)| (p.label(), t, false))
            .collect();
        rows.push(("You".into(), human, true));
        rows.sort_by(|a, b| a.1.total_regret().total_cmp(&b.1.total_regret()));
        let rank = rows.iter().position(|r| r.2).map(|i| i + 1).unwrap_or(0);
        let note = match &exp.environment {
            EnvironmentConfig::Piecewise { .. } => Some("The means changed during the game: regret is measured against the best arm of each round; the means shown are those of the last round."),
            EnvironmentConfig::Adversarial { .. } => Some("An adversary fixed every reward in advance, so the arms have no means: regret is measured against the best single arm in hindsight."),
            _ => None,
        };
        html! {
            <div class="play-results" data-testid="play-results" style="margin-top:1rem">
                <h3 style="margin:0 0 0.4rem 0;font-size:1.1rem">
                    { format!("You rank {rank} of {} after {played} round{}", rows.len(), if played == 1 { "" } else { "s" }) }
                </h3>
                if let Some(n) = note { <p style="margin:0 0 0.5rem 0;color:var(--muted)">{ n }</p> }
                <div style={ROW}>
                    <div style="flex:0 1 auto;max-width:100%;overflow-x:auto">
                        <table class="results-table" data-testid="play-truth">
                            <caption>{ "The arms, revealed" }</caption>
                            <thead><tr>
                                <th scope="col" style={CELL}>{ "Arm" }</th>
                                <th scope="col" class="num" style={CELL}>{ "True mean" }</th>
                                <th scope="col" class="num" style={CELL}>{ "Your pulls" }</th>
                                <th scope="col" class="num" style={CELL}>{ "Your mean" }</th>
                            </tr></thead>
                            <tbody>
                                { for (0..self.sums.len()).map(|a| {
                                    let n = human.pulls.get(a).copied().unwrap_or(0);
                                    let is_best = best == Some(a);
                                    html! {
                                        <tr style={if is_best { ROW_HIGHLIGHT } else { "" }}>
                                            <th scope="row" style={CELL_NOWRAP}>{ format!("Arm {}{}", a + 1, if is_best { " (best)" } else { "" }) }</th>
                                            <td class="num" style={CELL}>{ means.as_ref().and_then(|m| m.get(a)).map(|&m| fmt_num(m)).unwrap_or_else(|| "–".into()) }</td>
                                            <td class="num" style={CELL}>{ n }</td>
                                            <td class="num" style={CELL}>{ if n > 0 { fmt_num(self.sums[a] / n as f64) } else { "–".into() } }</td>
                                        </tr>
                                    }
                                }) }
                            </tbody>
                        </table>
                    </div>
                    <div style="flex:0 1 auto;max-width:100%;overflow-x:auto">
                        <table class="results-table" data-testid="play-compare">
                            <caption>{ "Same draws, ranked by regret (lower is better)" }</caption>
                            <thead><tr>
                                <th scope="col" class="num" style={CELL}>{ "#" }</th>
                                <th scope="col" style={CELL}>{ "Player" }</th>
                                <th scope="col" class="num" style={CELL}>{ "Total reward" }</th>
                                <th scope="col" class="num" style={CELL}>{ "Regret" }</th>
                                if best.is_some() { <th scope="col" class="num" style={CELL}>{ "On best arm" }</th> }
                            </tr></thead>
                            <tbody>
                                { for rows.iter().enumerate().map(|(i, (label, t, me))| {
                                    let on_best = best.map(|b| {
                                        let n = t.pulls.get(b).copied().unwrap_or(0);
                                        if played == 0 { "–".to_string() } else { format!("{:.0}%", 100.0 * n as f64 / played as f64) }
                                    });
                                    html! {
                                        <tr style={if *me { ROW_HIGHLIGHT } else { "" }}>
                                            <td class="num" style={CELL}>{ i + 1 }</td>
                                            <th scope="row" style={CELL_NOWRAP}>{ if *me { html! { <strong>{ "You" }</strong> } } else { html! { label.clone() } } }</th>
                                            <td class="num" style={CELL}>{ fmt_total(t.reward) }</td>
                                            <td class="num" style={CELL}>{ fmt_num(t.total_regret()) }</td>
                                            if let Some(b) = on_best { <td class="num" style={CELL}>{ b }</td> }
                                        </tr>
                                    }
                                }) }
                            </tbody>
                        </table>
                    </div>
                </div>
                if let Some(d) = &self.chart {
                    <div style="margin-top:0.8rem">
                        <Chart draw={d.clone()} testid="chart-play-regret" filename="agora-you-vs-algorithms"
                               height={340} version={self.version} />
                    </div>
                }
            </div>
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use agora_engine::bandits::presets;

    #[test]
    fn the_students_game_is_the_algorithms_run() {
        // The algorithms in a human game play exactly as in the watch of the same run: the
        // student does not change their draws.
        let mut cfg = presets::classic();
        cfg.horizon = 60;
        let mut game = Watch::new(&cfg, 0, true).unwrap();
        let mut alone = Watch::new(&cfg, 0, false).unwrap();
        for t in 0..60 {
            assert!(game.step(Some(t % cfg.environment.arms())));
            assert!(alone.step(None));
        }
        for (a, b) in game.tallies.iter().zip(&alone.tallies) {
            assert_eq!(a.regret, b.regret);
        }
        assert_eq!(game.human.as_ref().unwrap().regret.len(), 60);
    }
}
