//! "You play": the student plays the repeated game as the row player against one of the
//! experiment's strategies, chosen in a menu and kept a mystery until the end.
//!
//! The game itself, its random streams and the comparison with Tit For Tat and Always Defect
//! on the same draws are the engine's ([`agora_engine::games::human`]); this is the view. Moves
//! are written with the game's own action names (short forms in the move strips).
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
use agora_engine::games::human::{
    compare, default_pick, mystery_order, short_action_names, HumanGame, Round,
};
use agora_engine::games::{Action, StrategyConfig};
use web_sys::{Element, HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

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
            Some(o) => HumanGame::new(&p.game, o, p.seed, p.turns).map_err(|e| e.message),
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
        let rows: Vec<(String, String, [f64; 2])> = compare(opp, &p.game, p.seed, k)
            .into_iter()
            .map(|c| {
                let about = c.reference.about();
                (
                    about.name.to_string(),
                    about.rules.to_string(),
                    c.result.scores,
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
        let short = short_action_names(&p.game);
        let chips = |moves: &[Action], testid: &str, node: &NodeRef| -> Html {
            html! {
                <div class="chips-scroll play-chips" ref={node.clone()}>
                    <div class="chips-row" data-testid={testid.to_string()}>
                        { for moves.iter().enumerate().map(|(t, &x)| html! {
                            <span class={classes!("chip", if x == Action::C { "c" } else { "d" })}
                                  title={format!("Round {}: {}", t + 1, p.game.actions[x.index()])}>
                                { short[x.index()].clone() }
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
                            // Numbered in an order drawn from the seed: "Mystery opponent 2"
                            // is not the second player of the experiment's list.
                            { for mystery_order(p.seed, p.opponents.len()).into_iter().enumerate().map(|(k, i)| html! {
                                <option value={i.to_string()} selected={i == self.pick}>
                                    { if shown { format!("{}. {}", k + 1, p.opponents[i].label()) } else { format!("Mystery opponent {}", k + 1) } }
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
}
