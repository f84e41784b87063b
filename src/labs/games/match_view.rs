//! A finished match replayed turn by turn: both histories as rows of chips, the payoffs of the
//! current turn, running scores and how often each player chose the first action.
//!
//! The running score after turn k is the sum of the stage-game payoffs of the recorded moves of
//! turns 1..k (the moves after noise, as the players saw them), so at the last turn it equals
//! the match's totals. Component: [`MatchView`] (props [`MatchViewProps`]). Test ids:
//! `match-view`, `match-turn` ("turn k of n"), `match-first`, `match-prev`, `match-next`,
//! `match-last`, `match-play`, `match-slider`, `match-score-0`, `match-score-1`,
//! `match-history-0`, `match-history-1`, `match-current`, `match-chart` (running scores up to
//! the current turn, drawn by `charts::games::MatchScores`).

use agora_engine::games::experiment::MatchReport;
use agora_engine::games::game::GameConfig;
use agora_engine::games::Action;
use gloo::timers::callback::Interval;
use std::rc::Rc;
use web_sys::{Element, HtmlInputElement};
use yew::prelude::*;

use super::game_view::fmt_value;
use crate::charts::games::MatchScores;
use crate::charts::{draw_fn, fmt_total, DrawFn};
use crate::widgets::chart::Chart;
use crate::widgets::stepper::{Step, Stepper};

/// Milliseconds between turns when playing (about 4 turns a second).
pub const PLAY_MS: u32 = 250;

/// Chips kept in the page per history (the last ones up to the current turn); about 40 are
/// visible at once and the rest scroll.
pub const CHIPS_IN_PAGE: usize = 400;

/// The match after its first `k` turns.
#[derive(Clone, Debug, PartialEq)]
pub struct Replay {
    /// Turns shown (0 = before the first).
    pub k: usize,
    /// Turns in the match.
    pub n: usize,
    /// Running totals (row player, column player) after `k` turns.
    pub scores: [f64; 2],
    /// Times each player played the first action in the first `k` turns.
    pub firsts: [usize; 2],
    /// Turn `k`'s moves and payoffs, if `k >= 1`.
    pub current: Option<((Action, Action), (f64, f64))>,
}

/// Replay `report` (played in `game`) up to turn `k` (clamped to the match length).
pub fn replay(report: &MatchReport, game: &GameConfig, k: usize) -> Replay {
    let n = report.moves.len();
    let k = k.min(n);
    let mut scores = [0.0, 0.0];
    let mut firsts = [0, 0];
    let mut current = None;
    for &(a, b) in &report.moves[..k] {
        let (pa, pb) = game.payoffs(a, b);
        scores[0] += pa;
        scores[1] += pb;
        firsts[0] += usize::from(a == Action::C);
        firsts[1] += usize::from(b == Action::C);
        current = Some(((a, b), (pa, pb)));
    }
    Replay {
        k,
        n,
        scores,
        firsts,
        current,
    }
}

/// "turn k of n".
pub fn turn_text(r: &Replay) -> String {
    format!("turn {} of {}", r.k, r.n)
}

/// What happened in the current turn, in words.
pub fn current_text(r: &Replay, report: &MatchReport, game: &GameConfig) -> String {
    match r.current {
        None => "Before the first turn: press next or play.".into(),
        Some(((a, b), (pa, pb))) => format!(
            "Turn {}: {} played {}, {} played {}; {} gets {}, {} gets {}.",
            r.k,
            report.players[0],
            game.actions[a.index()],
            report.players[1],
            game.actions[b.index()],
            report.players[0],
            fmt_value(pa),
            report.players[1],
            fmt_value(pb)
        ),
    }
}

/// How often a player chose the first action so far, e.g. "Cooperate 3 of 4 turns (75%)".
pub fn rate_text(count: usize, k: usize, game: &GameConfig) -> String {
    if k == 0 {
        format!("played {}: no turn yet", game.actions[0])
    } else {
        format!(
            "played {} in {} of {} turns ({:.0}%)",
            game.actions[0],
            count,
            k,
            100.0 * count as f64 / k as f64
        )
    }
}

/// Properties of [`MatchView`].
#[derive(Properties, PartialEq, Clone)]
pub struct MatchViewProps {
    /// The finished match.
    pub report: Rc<MatchReport>,
    /// The stage game it was played in (for action names and per-turn payoffs).
    pub game: GameConfig,
}

pub enum Msg {
    First,
    Prev,
    Next,
    Last,
    /// Start or pause playing.
    Play,
    Tick,
    /// Jump to a turn (slider).
    Seek(String),
}

/// Step-by-step replay of a finished match (see the module docs).
pub struct MatchView {
    turn: usize,
    timer: Option<Interval>,
    scroller: NodeRef,
    /// Running scores up to `turn` (`charts::games::MatchScores`).
    chart: DrawFn,
}

impl MatchView {
    fn n(ctx: &Context<Self>) -> usize {
        ctx.props().report.moves.len()
    }

    fn chart(ctx: &Context<Self>, turn: usize) -> DrawFn {
        let p = ctx.props();
        draw_fn(MatchScores::new(&p.report, turn).with_game(&p.game))
    }

    fn stop(&mut self) {
        self.timer = None;
    }
}

impl Component for MatchView {
    type Message = Msg;
    type Properties = MatchViewProps;

    fn create(ctx: &Context<Self>) -> Self {
        let turn = Self::n(ctx).min(1);
        MatchView {
            turn,
            timer: None,
            scroller: NodeRef::default(),
            chart: Self::chart(ctx, turn),
        }
    }

    fn changed(&mut self, ctx: &Context<Self>, old: &MatchViewProps) -> bool {
        let p = ctx.props();
        if !Rc::ptr_eq(&p.report, &old.report) && p.report != old.report {
            self.stop();
            self.turn = Self::n(ctx).min(1);
        }
        if !Rc::ptr_eq(&p.report, &old.report) || p.game != old.game {
            self.chart = Self::chart(ctx, self.turn);
        }
        true
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        let n = Self::n(ctx);
        let before = self.turn;
        match msg {
            Msg::First => {
                self.stop();
                self.turn = 0;
            }
            Msg::Prev => {
                self.stop();
                self.turn = self.turn.saturating_sub(1);
            }
            Msg::Next => {
                self.stop();
                self.turn = (self.turn + 1).min(n);
            }
            Msg::Last => {
                self.stop();
                self.turn = n;
            }
            Msg::Seek(v) => {
                self.stop();
                if let Ok(k) = v.trim().parse::<usize>() {
                    self.turn = k.min(n);
                }
            }
            Msg::Play => {
                if self.timer.is_some() {
                    self.stop();
                } else {
                    if self.turn >= n {
                        self.turn = 0;
                    }
                    let link = ctx.link().clone();
                    self.timer = Some(Interval::new(PLAY_MS, move || link.send_message(Msg::Tick)));
                }
            }
            Msg::Tick => {
                if self.turn < n {
                    self.turn += 1;
                }
                if self.turn >= n {
                    self.stop();
                }
            }
        }
        if self.turn != before {
            self.chart = Self::chart(ctx, self.turn);
        }
        true
    }

    fn rendered(&mut self, _ctx: &Context<Self>, _first: bool) {
        // Keep the newest chips in view.
        if let Some(el) = self.scroller.cast::<Element>() {
            el.set_scroll_left(el.scroll_width());
        }
    }

    fn destroy(&mut self, _ctx: &Context<Self>) {
        self.stop();
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let props = ctx.props();
        let (report, game) = (&*props.report, &props.game);
        let r = replay(report, game, self.turn);
        let link = ctx.link();
        let playing = self.timer.is_some();
        let start = r.k.saturating_sub(CHIPS_IN_PAGE);
        let chips = |player: usize| -> Html {
            html! {
                <div class="chips-row" data-testid={format!("match-history-{player}")}>
                    { for report.moves[start..r.k].iter().enumerate().map(|(t, &(a, b))| {
                        let x = if player == 0 { a } else { b };
                        let turn = start + t + 1;
                        let class = classes!("chip", if x == Action::C { "c" } else { "d" }, (turn == r.k).then_some("now"));
                        html! {
                            <span class={class} title={format!("Turn {turn}: {}", game.actions[x.index()])}>
                                { x.letter() }
                            </span>
                        }
                    }) }
                </div>
            }
        };
        let on_seek = link.callback(|e: InputEvent| {
            Msg::Seek(e.target_unchecked_into::<HtmlInputElement>().value())
        });
        let score = |p: usize| -> Html {
            html! {
                <div class={classes!("match-score", if p == 0 { "row" } else { "col" })}>
                    <span class="match-player">
                        <span class="policy-swatch" data-index={p.to_string()}></span>
                        { format!("{} ({})", report.players[p], if p == 0 { "row" } else { "column" }) }
                    </span>
                    <span class="match-total" data-testid={format!("match-score-{p}")}>
                        { fmt_total(r.scores[p]) }
                    </span>
                    <span class="hint">{ rate_text(r.firsts[p], r.k, game) }</span>
                </div>
            }
        };
        html! {
            <section class="match-view" data-testid="match-view">
                <Stepper prefix="match" at={r.k} total={r.n} playing={playing} unit="turn"
                    status={turn_text(&r)} on_step={link.callback(|s: Step| match s {
                        Step::First => Msg::First,
                        Step::Prev => Msg::Prev,
                        Step::Play => Msg::Play,
                        Step::Next => Msg::Next,
                        Step::Last => Msg::Last,
                    })} />
                <input type="range" class="match-slider" data-testid="match-slider" min="0" max={r.n.to_string()}
                       value={r.k.to_string()} oninput={on_seek} aria-label="Turn" />
                <div class="match-histories">
                    <div class="chips-labels" aria-hidden="true">
                        <span>{ report.players[0].clone() }</span>
                        <span>{ report.players[1].clone() }</span>
                    </div>
                    <div class="chips-scroll" ref={self.scroller.clone()} tabindex="0"
                         aria-label={format!("Moves up to turn {}: C = {}, D = {}", r.k, game.actions[0], game.actions[1])}>
                        { chips(0) }
                        { chips(1) }
                    </div>
                </div>
                if start > 0 {
                    <p class="hint">{ format!("Showing turns {} to {}; earlier turns are counted in the scores.", start + 1, r.k) }</p>
                }
                <p class="match-current" data-testid="match-current">{ current_text(&r, report, game) }</p>
                <div class="match-scores">
                    { score(0) }
                    { score(1) }
                </div>
                <Chart draw={self.chart.clone()} testid="match-chart" filename="agora-match-replay"
                       height={240} no_downloads=true />
            </section>
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use agora_engine::games::play::{play, MatchConfig};
    use agora_engine::games::StrategyConfig;
    use Action::{C, D};

    fn report(moves: Vec<(Action, Action)>, game: &GameConfig) -> MatchReport {
        let mut scores = [0.0, 0.0];
        let mut coop = [0, 0];
        for &(a, b) in &moves {
            let (x, y) = game.payoffs(a, b);
            scores[0] += x;
            scores[1] += y;
            coop[0] += usize::from(a == C);
            coop[1] += usize::from(b == C);
        }
        MatchReport {
            players: ["Tit For Tat".into(), "Alternator".into()],
            turns: moves.len(),
            scores,
            cooperations: coop,
            moves,
            llm: Vec::new(),
        }
    }

    #[test]
    fn running_scores_add_the_payoffs_turn_by_turn() {
        // PD 3/0/5/1. Moves CC, CD, DC, DD pay the row player 3, 0, 5, 1 and the column
        // player 3, 5, 0, 1: after 2 turns (3, 3 + 5 = 8), after 4 turns (9, 9).
        let g = GameConfig::prisoners_dilemma();
        let rep = report(vec![(C, C), (C, D), (D, C), (D, D)], &g);
        let r0 = replay(&rep, &g, 0);
        assert_eq!(
            (r0.scores, r0.firsts, r0.current),
            ([0.0, 0.0], [0, 0], None)
        );
        assert_eq!(turn_text(&r0), "turn 0 of 4");
        let r2 = replay(&rep, &g, 2);
        assert_eq!(r2.scores, [3.0, 8.0]);
        assert_eq!(r2.firsts, [2, 1]);
        assert_eq!(r2.current, Some(((C, D), (0.0, 5.0))));
        let r4 = replay(&rep, &g, 99);
        assert_eq!(r4.k, 4);
        assert_eq!(r4.scores, [9.0, 9.0]);
        assert_eq!(turn_text(&r4), "turn 4 of 4");
        assert_eq!(
            current_text(&r2, &rep, &g),
            "Turn 2: Tit For Tat played Cooperate, Alternator played Defect; Tit For Tat gets 0, Alternator gets 5."
        );
        assert_eq!(
            rate_text(r2.firsts[1], 2, &g),
            "played Cooperate in 1 of 2 turns (50%)"
        );
    }

    #[test]
    fn the_last_turn_reaches_the_match_totals() {
        // A noisy engine match: the replayed totals at the last turn equal the match's scores.
        let g = GameConfig::preset("battle_of_the_sexes").unwrap();
        let a = StrategyConfig::by_kind("TitForTat").unwrap();
        let b = StrategyConfig::by_kind("Random").unwrap();
        let cfg = MatchConfig {
            turns: 60,
            noise: 0.1,
            prob_end: 0.0,
        };
        let m = play(&a, &b, &g, &cfg, 7, &["t".into()]);
        let rep = MatchReport {
            players: [a.label(), b.label()],
            turns: m.turns(),
            scores: m.scores,
            cooperations: m.cooperations(),
            moves: m.moves.clone(),
            llm: Vec::new(),
        };
        let r = replay(&rep, &g, rep.turns);
        assert_eq!(r.scores, rep.scores);
        assert_eq!(r.firsts, rep.cooperations);
    }
}
