//! "You play": the student plays the repeated game as the row player against one of the
//! experiment's strategies, chosen in a menu and kept a mystery until the end.
//!
//! Each round the student clicks an action; the opponent is the engine's own strategy, which
//! chooses from the histories before this round (the moves are simultaneous) and sees the game
//! from its side ([`GameConfig::transposed`]), exactly as in an engine match. Its random numbers
//! come from the stream the engine's [`play`] gives the second player of a match keyed
//! `["games/play", <opponent label>]` under the experiment's seed
//! ([`MatchStreams::player`]). So at the end Tit For Tat and Always Defect are played
//! against the same opponent with the engine, for as many rounds as the student played, on the
//! same random draws, and their scores are fair comparisons. There is no noise in this game.
//!
//! Component: [`PlayGame`] (props [`PlayGameProps`]). Test ids: `play-game` (the section),
//! `play-opponent` (the select), `play-show` (the "show my opponent" checkbox),
//! `play-action-0`, `play-action-1` (the action buttons), `play-round` ("round k of n"),
//! `play-last` (what happened in the last round), `play-you` and `play-them` (running
//! totals), `play-you-history`, `play-them-history` (chips), `play-reveal` (ends the game and
//! shows the opponent), `play-restart`, `play-result` (the reveal: name, rules, source and the
//! comparison table).

use super::game_view::fmt_value;
use crate::charts::fmt_total;
use agora_engine::games::game::GameConfig;
use agora_engine::games::play::{play, MatchConfig, MatchResult, MatchStreams, MAX_TURNS};
use agora_engine::games::{Action, Strategy, StrategyConfig};
use agora_engine::rng::{Key, Rng};
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// First part of every random stream of this game.
pub const KEY: &str = "games/play";

/// Strategies played against the same opponent for comparison at the end.
pub const REFERENCES: [&str; 2] = ["TitForTat", "Defector"];

/// One round of a human game.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Round {
    /// 1-based round number.
    pub number: usize,
    pub you: Action,
    pub them: Action,
    /// Payoffs (yours, theirs).
    pub payoffs: (f64, f64),
}

/// A repeated game between the student (row player) and an engine strategy.
pub struct HumanGame {
    game: GameConfig,
    seen_by_opponent: GameConfig,
    opponent: Box<dyn Strategy>,
    rng: Rng,
    turns: usize,
    you: Vec<Action>,
    them: Vec<Action>,
    scores: [f64; 2],
    last: Option<Round>,
}

/// The match key under which the opponent's random stream is drawn.
fn match_key(label: &str) -> [Key<'_>; 2] {
    [KEY.into(), label.into()]
}

impl HumanGame {
    /// A fresh game of `turns` rounds in `game` against `opponent`, with random numbers from
    /// `seed`. Errors are sentences for the student.
    pub fn new(
        game: &GameConfig,
        opponent: &StrategyConfig,
        seed: u64,
        turns: usize,
    ) -> Result<Self, String> {
        game.validate()
            .map_err(|e| format!("the game is not valid ({e})"))?;
        opponent
            .validate()
            .map_err(|e| format!("the opponent's settings are not valid ({e})"))?;
        if turns == 0 || turns > MAX_TURNS {
            return Err(format!(
                "a game needs between 1 and {MAX_TURNS} rounds (got {turns})"
            ));
        }
        let label = opponent.label();
        let key = match_key(&label);
        let rng = MatchStreams::of(seed, &key).player(1);
        let mut s = opponent.build();
        s.reset();
        Ok(HumanGame {
            game: game.clone(),
            seen_by_opponent: game.transposed(),
            opponent: s,
            rng,
            turns,
            you: Vec::with_capacity(turns),
            them: Vec::with_capacity(turns),
            scores: [0.0, 0.0],
            last: None,
        })
    }

    /// Play one round with the student's action; `None` once the game is over.
    pub fn play(&mut self, you: Action) -> Option<Round> {
        if self.finished() {
            return None;
        }
        let them = self
            .opponent
            .act(&self.them, &self.you, &self.seen_by_opponent, &mut self.rng);
        let payoffs = self.game.payoffs(you, them);
        self.scores[0] += payoffs.0;
        self.scores[1] += payoffs.1;
        self.you.push(you);
        self.them.push(them);
        let r = Round {
            number: self.you.len(),
            you,
            them,
            payoffs,
        };
        self.last = Some(r);
        Some(r)
    }

    /// Rounds played.
    pub fn round(&self) -> usize {
        self.you.len()
    }

    /// Rounds in the game.
    pub fn turns(&self) -> usize {
        self.turns
    }

    /// True when every round has been played.
    pub fn finished(&self) -> bool {
        self.you.len() >= self.turns
    }

    /// Totals (yours, theirs).
    pub fn scores(&self) -> [f64; 2] {
        self.scores
    }

    /// The student's moves.
    pub fn you(&self) -> &[Action] {
        &self.you
    }

    /// The opponent's moves.
    pub fn them(&self) -> &[Action] {
        &self.them
    }

    /// The last round played.
    pub fn last(&self) -> Option<Round> {
        self.last
    }
}

/// What happened in a round, in words.
pub fn round_text(game: &GameConfig, r: &Round) -> String {
    format!(
        "Round {}: you played {}, they played {}. You get {}, they get {}.",
        r.number,
        game.actions[r.you.index()],
        game.actions[r.them.index()],
        fmt_value(r.payoffs.0),
        fmt_value(r.payoffs.1)
    )
}

/// `reference` (as row player) against `opponent` for `rounds` rounds with the engine, on the
/// opponent's random draws of the human game.
pub fn benchmark(
    reference: &StrategyConfig,
    opponent: &StrategyConfig,
    game: &GameConfig,
    seed: u64,
    rounds: usize,
) -> MatchResult {
    let cfg = MatchConfig {
        turns: rounds,
        noise: 0.0,
        prob_end: 0.0,
    };
    let label = opponent.label();
    play(reference, opponent, game, &cfg, seed, &match_key(&label))
}

/// The opponent suggested first: drawn from the seed so it is not always the first player.
pub fn default_pick(seed: u64, n: usize) -> usize {
    if n == 0 {
        0
    } else {
        Rng::stream(seed, &[KEY.into(), "pick".into()]).below(n)
    }
}

/// Properties of [`PlayGame`].
#[derive(Properties, PartialEq, Clone)]
pub struct PlayGameProps {
    /// The stage game; the student is the row player.
    pub game: GameConfig,
    /// The strategies the student may face (the experiment's players).
    pub opponents: Vec<StrategyConfig>,
    /// The experiment's seed (the opponent's random draws).
    pub seed: u64,
    /// Rounds in a game.
    pub turns: usize,
}

pub enum Msg {
    Pick(String),
    Act(Action),
    Reveal,
    Restart,
    Show(bool),
}

/// The "you play" panel (see the module docs).
pub struct PlayGame {
    pick: usize,
    game: Result<HumanGame, String>,
    show: bool,
    revealed: bool,
    /// The two chip rows, kept scrolled to the newest round.
    scrollers: [NodeRef; 2],
}

impl PlayGame {
    fn new_game(&mut self, ctx: &Context<Self>) {
        let p = ctx.props();
        self.revealed = false;
        self.game = match p.opponents.get(self.pick) {
            Some(o) => HumanGame::new(&p.game, o, p.seed, p.turns),
            None => Err("add players to the experiment to play against one of them".into()),
        };
    }

    fn over(&self) -> bool {
        self.revealed || self.game.as_ref().map(|g| g.finished()).unwrap_or(false)
    }

    fn view_result(&self, ctx: &Context<Self>, g: &HumanGame) -> Html {
        let p = ctx.props();
        let Some(opp) = p.opponents.get(self.pick) else {
            return html! {};
        };
        let about = opp.about();
        let k = g.round();
        let rows: Vec<(String, String, [f64; 2])> = REFERENCES
            .iter()
            .filter_map(|kind| StrategyConfig::by_kind(kind))
            .map(|r| {
                let m = benchmark(&r, opp, &p.game, p.seed, k.max(1));
                (
                    r.about().name.to_string(),
                    r.about().rules.to_string(),
                    m.scores,
                )
            })
            .collect();
        let you = g.scores();
        html! {
            <div class="play-result" data-testid="play-result">
                <h3>{ format!("Your opponent was {}", opp.label()) }</h3>
                <p>{ about.rules }</p>
                <p class="hint">{ format!("Source: {}", about.source) }</p>
                if k == 0 {
                    <p class="hint">{ "You did not play a round, so there is nothing to compare yet: restart and play." }</p>
                } else {
                    <div class="table-wrap">
                        <table class="results-table play-compare">
                            <caption>{ format!("The same {k} rounds against {}, on the same random draws", opp.label()) }</caption>
                            <thead>
                                <tr><th scope="col">{ "Player" }</th><th scope="col" class="num">{ "Score" }</th>
                                    <th scope="col" class="num">{ "Opponent's score" }</th><th scope="col" class="num">{ "Per round" }</th></tr>
                            </thead>
                            <tbody>
                                <tr class="you">
                                    <th scope="row">{ "You" }</th>
                                    <td class="num">{ fmt_total(you[0]) }</td>
                                    <td class="num">{ fmt_total(you[1]) }</td>
                                    <td class="num">{ fmt_value(you[0] / k as f64) }</td>
                                </tr>
                                { for rows.iter().map(|(name, rules, s)| html! {
                                    <tr>
                                        <th scope="row" title={rules.clone()}>{ name.clone() }</th>
                                        <td class="num">{ fmt_total(s[0]) }</td>
                                        <td class="num">{ fmt_total(s[1]) }</td>
                                        <td class="num">{ fmt_value(s[0] / k as f64) }</td>
                                    </tr>
                                }) }
                            </tbody>
                        </table>
                    </div>
                }
            </div>
        }
    }
}

impl Component for PlayGame {
    type Message = Msg;
    type Properties = PlayGameProps;

    fn create(ctx: &Context<Self>) -> Self {
        let p = ctx.props();
        let mut v = PlayGame {
            pick: default_pick(p.seed, p.opponents.len()),
            game: Err(String::new()),
            show: false,
            revealed: false,
            scrollers: Default::default(),
        };
        v.new_game(ctx);
        v
    }

    fn changed(&mut self, ctx: &Context<Self>, old: &PlayGameProps) -> bool {
        let p = ctx.props();
        if *p != *old {
            if p.opponents != old.opponents || p.seed != old.seed {
                self.pick = if p.opponents.get(self.pick) == old.opponents.get(self.pick)
                    && p.seed == old.seed
                {
                    self.pick
                } else {
                    default_pick(p.seed, p.opponents.len())
                };
            }
            self.new_game(ctx);
        }
        true
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Pick(v) => match v.parse::<usize>() {
                Ok(i) if i < ctx.props().opponents.len() => {
                    self.pick = i;
                    self.new_game(ctx);
                }
                _ => return false,
            },
            Msg::Act(a) => {
                if self.over() {
                    return false;
                }
                if let Ok(g) = &mut self.game {
                    g.play(a);
                }
            }
            Msg::Reveal => self.revealed = true,
            Msg::Restart => self.new_game(ctx),
            Msg::Show(b) => self.show = b,
        }
        true
    }

    fn rendered(&mut self, _ctx: &Context<Self>, _first: bool) {
        for node in &self.scrollers {
            if let Some(el) = node.cast::<Element>() {
                el.set_scroll_left(el.scroll_width());
            }
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let p = ctx.props();
        let link = ctx.link();
        let over = self.over();
        let shown = self.show || over;
        let opp_label = p.opponents.get(self.pick).map(|o| o.label());
        let them_name = match (&opp_label, shown) {
            (Some(l), true) => l.clone(),
            _ => "Mystery opponent".to_string(),
        };
        let on_pick = link
            .callback(|e: Event| Msg::Pick(e.target_unchecked_into::<HtmlSelectElement>().value()));
        let on_show = link.callback(|e: Event| {
            Msg::Show(e.target_unchecked_into::<HtmlInputElement>().checked())
        });
        let chips = |moves: &[Action], testid: &str, node: &NodeRef| -> Html {
            html! {
                <div class="chips-scroll play-chips" ref={node.clone()}>
                    <div class="chips-row" data-testid={testid.to_string()}>
                        { for moves.iter().enumerate().map(|(t, &x)| html! {
                            <span class={classes!("chip", if x == Action::C { "c" } else { "d" })}
                                  title={format!("Round {}: {}", t + 1, p.game.actions[x.index()])}>
                                { x.letter() }
                            </span>
                        }) }
                    </div>
                </div>
            }
        };
        html! {
            <section class="play-game" data-testid="play-game">
                <p class="play-intro">
                    { format!("You play the row player of {} against one of the experiment's strategies, without knowing which. Each round you both choose at the same time; it sees every earlier move, so it may react to yours.", p.game.name) }
                </p>
                <div class="button-row play-setup">
                    <label class="check">
                        <span>{ "Opponent" }</span>
                        <select data-testid="play-opponent" onchange={on_pick} style="width:auto">
                            { for p.opponents.iter().enumerate().map(|(i, o)| html! {
                                <option value={i.to_string()} selected={i == self.pick}>
                                    { if shown { format!("{}. {}", i + 1, o.label()) } else { format!("Mystery opponent {}", i + 1) } }
                                </option>
                            }) }
                        </select>
                    </label>
                    <label class="check">
                        <input type="checkbox" data-testid="play-show" checked={self.show} onchange={on_show} />
                        <span>{ "show my opponent" }</span>
                    </label>
                </div>
                { match &self.game {
                    Err(e) => html! {
                        <p class="msg error" role="status">{ format!("The game cannot start: {e}.") }</p>
                    },
                    Ok(g) => {
                        let s = g.scores();
                        html! {
                            <>
                                <p class="play-round" data-testid="play-round" aria-live="polite">
                                    { format!("round {} of {}", g.round(), g.turns()) }
                                    if over {
                                        <span class="hint">{ if g.finished() { " \u{2013} game over" } else { " \u{2013} ended early to reveal the opponent" } }</span>
                                    }
                                </p>
                                <div class="button-row play-actions" role="group" aria-label="Your action">
                                    { for (0..2).map(|i| {
                                        let a = Action::from_index(i);
                                        html! {
                                            <button type="button" class={classes!("btn", "play-action", if i == 0 { "c" } else { "d" })}
                                                    data-testid={format!("play-action-{i}")} disabled={over}
                                                    onclick={link.callback(move |_| Msg::Act(a))}>
                                                { p.game.actions[i].clone() }
                                            </button>
                                        }
                                    }) }
                                </div>
                                <p class="play-last" data-testid="play-last">
                                    { match g.last() {
                                        Some(r) => round_text(&p.game, &r),
                                        None => "Choose your first move.".to_string(),
                                    } }
                                </p>
                                <div class="play-board">
                                    <div class="play-side">
                                        <p class="play-total"><span class="policy-swatch" data-index="0"></span>
                                            <span data-testid="play-you">{ format!("You: {}", fmt_total(s[0])) }</span></p>
                                        { chips(g.you(), "play-you-history", &self.scrollers[0]) }
                                    </div>
                                    <div class="play-side">
                                        <p class="play-total"><span class="policy-swatch" data-index="1"></span>
                                            <span data-testid="play-them">{ format!("{them_name}: {}", fmt_total(s[1])) }</span></p>
                                        { chips(g.them(), "play-them-history", &self.scrollers[1]) }
                                    </div>
                                </div>
                                <div class="button-row">
                                    if !over {
                                        <button type="button" class="btn" data-testid="play-reveal"
                                                onclick={link.callback(|_| Msg::Reveal)}>{ "Reveal the opponent and compare" }</button>
                                    }
                                    <button type="button" class="btn" data-testid="play-restart"
                                            onclick={link.callback(|_| Msg::Restart)}>{ "Restart" }</button>
                                </div>
                                if over {
                                    { self.view_result(ctx, g) }
                                }
                            </>
                        }
                    }
                } }
            </section>
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::{C, D};

    fn by(kind: &str) -> StrategyConfig {
        StrategyConfig::by_kind(kind).unwrap()
    }

    #[test]
    fn tit_for_tat_copies_you_and_the_scores_add_up_by_hand() {
        // PD 3/0/5/1. You: C, D, D, C. Tit For Tat cooperates first, then copies your previous
        // move: C, C, D, D. Your payoffs: CC 3, DC 5, DD 1, CD 0 (total 9); its payoffs:
        // 3, 0, 1, 5 (total 9).
        let g = GameConfig::prisoners_dilemma();
        let mut h = HumanGame::new(&g, &by("TitForTat"), 1, 4).unwrap();
        let mut mine = Vec::new();
        let mut theirs = Vec::new();
        for a in [C, D, D, C] {
            let r = h.play(a).unwrap();
            mine.push(r.payoffs.0);
            theirs.push(r.payoffs.1);
        }
        assert_eq!(h.them(), &[C, C, D, D]);
        assert_eq!(mine, vec![3.0, 5.0, 1.0, 0.0]);
        assert_eq!(theirs, vec![3.0, 0.0, 1.0, 5.0]);
        assert_eq!(h.scores(), [9.0, 9.0]);
        assert!(h.finished());
        assert_eq!(h.play(C), None);
        assert_eq!(h.round(), 4);
    }

    #[test]
    fn the_round_reads_as_a_sentence() {
        let g = GameConfig::prisoners_dilemma();
        let r = Round {
            number: 2,
            you: D,
            them: C,
            payoffs: (5.0, 0.0),
        };
        assert_eq!(
            round_text(&g, &r),
            "Round 2: you played Defect, they played Cooperate. You get 5, they get 0."
        );
    }

    #[test]
    fn the_opponent_sees_the_game_from_its_side() {
        // Battle of the Sexes: JJ pays row 10 and column 7. Cooperator always plays the first
        // action J, so you get 10 and it 7 when you play J, nothing each when you play F.
        let g = GameConfig::preset("battle_of_the_sexes").unwrap();
        let mut h = HumanGame::new(&g, &by("Cooperator"), 3, 2).unwrap();
        assert_eq!(h.play(C).unwrap().payoffs, (10.0, 7.0));
        assert_eq!(h.play(D).unwrap().payoffs, (0.0, 0.0));
        // Fictitious play best-responds to your frequencies with its own (column) payoffs. In
        // Matching Pennies the column player wins on a mismatch: after you played Heads it
        // answers Tails (payoff 1 against -1). With the row player's payoffs it would answer
        // Heads.
        let mp = GameConfig::preset("matching_pennies").unwrap();
        let mut h = HumanGame::new(&mp, &by("FictitiousPlay"), 3, 3).unwrap();
        assert_eq!(h.play(C).unwrap().them, C, "first move is its initial C");
        let second = h.play(C).unwrap();
        assert_eq!(second.them, D);
        assert_eq!(second.payoffs, (-1.0, 1.0));
    }

    #[test]
    fn references_are_hand_checked_against_tit_for_tat() {
        // Over 4 rounds of PD 3/0/5/1 against Tit For Tat: Tit For Tat cooperates throughout
        // (12 each); Always Defect gets T then P three times = 5 + 1 + 1 + 1 = 8 and leaves
        // its opponent 0 + 1 + 1 + 1 = 3.
        let g = GameConfig::prisoners_dilemma();
        let opp = by("TitForTat");
        assert_eq!(
            benchmark(&by("TitForTat"), &opp, &g, 5, 4).scores,
            [12.0, 12.0]
        );
        assert_eq!(
            benchmark(&by("Defector"), &opp, &g, 5, 4).scores,
            [8.0, 3.0]
        );
    }

    #[test]
    fn a_random_opponent_draws_the_same_numbers_as_in_the_comparison() {
        // Playing Tit For Tat's moves by hand against Random must reproduce the engine match
        // the comparison plays: same opponent moves, same scores.
        let g = GameConfig::prisoners_dilemma();
        let opp = by("Random");
        let n = 50;
        let m = benchmark(&by("TitForTat"), &opp, &g, 42, n);
        let mut h = HumanGame::new(&g, &opp, 42, n).unwrap();
        for t in 0..n {
            let mine = if t == 0 { C } else { h.them()[t - 1] };
            h.play(mine);
        }
        let moves: Vec<(Action, Action)> = h
            .you()
            .iter()
            .copied()
            .zip(h.them().iter().copied())
            .collect();
        assert_eq!(moves, m.moves);
        assert_eq!(h.scores(), m.scores);
        // Random really is random here: both actions occur in 50 rounds.
        assert!(h.them().contains(&C) && h.them().contains(&D));
        // A different seed gives other draws.
        let other = benchmark(&by("TitForTat"), &opp, &g, 43, n);
        assert_ne!(other.moves, m.moves);
    }

    #[test]
    fn bad_settings_are_refused_with_a_sentence() {
        let g = GameConfig::prisoners_dilemma();
        let e = HumanGame::new(&g, &by("TitForTat"), 1, 0).err().unwrap();
        assert!(e.contains("between 1 and"), "{e}");
        let mut bad = g.clone();
        bad.row[0][0] = f64::NAN;
        let e = HumanGame::new(&bad, &by("TitForTat"), 1, 5).err().unwrap();
        assert!(e.contains("not valid"), "{e}");
    }

    #[test]
    fn the_first_opponent_is_drawn_within_range() {
        assert_eq!(default_pick(1, 0), 0);
        for seed in 0..50 {
            assert!(default_pick(seed, 3) < 3);
        }
        let picks: std::collections::BTreeSet<usize> =
            (0..50).map(|s| default_pick(s, 3)).collect();
        assert_eq!(picks.len(), 3);
    }
}
