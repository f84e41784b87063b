//! The games lab's settings: mode, game, players and the rules of play (the page adds the
//! preset picker and the JSON editor around them). Pure helpers (mode conversion, field edits)
//! are plain functions with unit tests.

type V<'a> = SettingsView<'a, GamesUi>;

use super::game_view::GameView;
use super::{Edit, GamesUi};
use crate::labs::page::{Edited, Form, SettingsView};
use crate::widgets::fields::{parse_count, parse_number};
use agora_engine::games::dynamics::{DynamicsConfig, LearnerConfig, MatrixGame};
use agora_engine::games::evolution::TrustConfig;
use agora_engine::games::experiment::{EcologyExperiment, MatchExperiment, MoranExperiment};
use agora_engine::games::{GameConfig, GamesExperiment, StrategyConfig, TournamentConfig};
use yew::prelude::*;

/// The modes, as (JSON name, menu label, one-line explanation).
pub const MODES: [(&str, &str, &str); 6] = [
    ("tournament", "Tournament", "Every player meets every other (and a copy of itself) in a match; ranked by median score per turn, as in Axelrod's tournaments."),
    ("match", "One match", "Two strategies play one match; step through it turn by turn."),
    ("ecology", "Ecology", "A tournament, then each strategy's share of the population grows with its payoff against the population (replicator dynamics)."),
    ("moran", "Moran process", "A tournament, then a finite population where individuals reproduce in proportion to fitness and replace a random individual."),
    ("trust", "Evolution of Trust", "Rounds of a tournament among agents; the worst are eliminated and the best cloned (Nicky Case's game)."),
    ("dynamics", "Learning dynamics", "Both players run the same learning rule in a matrix game; does their play converge to an equilibrium?"),
];

/// The matrix games offered for learning dynamics: (id, label).
pub const DYNAMICS_GAMES: [(&str, &str); 4] = [
    ("rps", "Rock-Paper-Scissors (3 actions)"),
    ("pennies", "Matching Pennies"),
    ("pd", "Prisoner's Dilemma (3, 0, 5, 1)"),
    ("bos", "Battle of the Sexes (10/7)"),
];

/// The matrix game with identifier `id` (see [`DYNAMICS_GAMES`]).
pub fn dynamics_game(id: &str) -> Option<MatrixGame> {
    match id {
        "rps" => Some(MatrixGame::rock_paper_scissors()),
        "pennies" => Some(MatrixGame::matching_pennies()),
        "pd" => Some(MatrixGame::prisoners_dilemma()),
        "bos" => Some(MatrixGame::battle_of_the_sexes()),
        _ => None,
    }
}

/// A matrix game as a table: the row player's payoff, then the column player's, in each cell.
fn matrix_table(g: &MatrixGame) -> Html {
    let (ra, ca) = g.action_names();
    let fmt = |x: f64| {
        if x == 0.0 {
            // Also -0 (a zero-sum game negates the row player's 0).
            "0".to_string()
        } else if x.fract() == 0.0 && x.abs() < 1e9 {
            format!("{x:.0}")
        } else {
            format!("{x}")
        }
    };
    html! {
        <>
        <p class="hint">{"Payoffs (row player, column player):"}</p>
        <table class="results-table matrix-game" data-testid="matrix-game">
            <thead><tr>
                <th scope="col"></th>
                { for ca.iter().map(|a| html! { <th scope="col">{ a.clone() }</th> }) }
            </tr></thead>
            <tbody>
                { for g.row.iter().zip(&g.col).enumerate().map(|(i, (r, c))| html! {
                    <tr>
                        <th scope="row">{ ra.get(i).cloned().unwrap_or_default() }</th>
                        { for r.iter().zip(c).map(|(x, y)| html! {
                            <td class="num">{ format!("{}, {}", fmt(*x), fmt(*y)) }</td>
                        }) }
                    </tr>
                }) }
            </tbody>
        </table>
        </>
    }
}

/// The 2x2 game of an experiment (for dynamics: the matrix game when it is 2x2, else
/// Axelrod's Prisoner's Dilemma).
pub fn stage_game(exp: &GamesExperiment) -> GameConfig {
    match exp {
        GamesExperiment::Match(m) => m.game.clone(),
        GamesExperiment::Tournament(t) => t.game.clone(),
        GamesExperiment::Ecology(e) => e.tournament.game.clone(),
        GamesExperiment::Moran(m) => m.tournament.game.clone(),
        GamesExperiment::Trust(t) => t.game.clone(),
        GamesExperiment::Dynamics(d) => d
            .game
            .stage_game()
            .unwrap_or_else(GameConfig::prisoners_dilemma),
    }
}

/// The strategies of an experiment (players or types; empty for dynamics).
pub fn strategies(exp: &GamesExperiment) -> Vec<StrategyConfig> {
    match exp {
        GamesExperiment::Match(m) => m.players.to_vec(),
        GamesExperiment::Tournament(t) => t.players.clone(),
        GamesExperiment::Ecology(e) => e.tournament.players.clone(),
        GamesExperiment::Moran(m) => m.tournament.players.clone(),
        GamesExperiment::Trust(t) => t.types.clone(),
        GamesExperiment::Dynamics(_) => Vec::new(),
    }
}

fn seed_of(exp: &GamesExperiment) -> u64 {
    match exp {
        GamesExperiment::Match(m) => m.seed,
        GamesExperiment::Tournament(t) => t.seed,
        GamesExperiment::Ecology(e) => e.tournament.seed,
        GamesExperiment::Moran(m) => m.tournament.seed,
        GamesExperiment::Trust(t) => t.seed,
        GamesExperiment::Dynamics(d) => d.seed,
    }
}

/// (turns, noise, prob_end) of an experiment's matches.
fn rules_of(exp: &GamesExperiment) -> (usize, f64, f64) {
    match exp {
        GamesExperiment::Match(m) => (m.turns, m.noise, m.prob_end),
        GamesExperiment::Tournament(t) => (t.turns, t.noise, t.prob_end),
        GamesExperiment::Ecology(e) => (
            e.tournament.turns,
            e.tournament.noise,
            e.tournament.prob_end,
        ),
        GamesExperiment::Moran(m) => (
            m.tournament.turns,
            m.tournament.noise,
            m.tournament.prob_end,
        ),
        GamesExperiment::Trust(t) => (t.turns, t.noise, 0.0),
        GamesExperiment::Dynamics(_) => (200, 0.0, 0.0),
    }
}

/// What the "you play" tab needs: the stage game, the opponents, a seed and the turns.
pub fn play_setup(exp: &GamesExperiment) -> (GameConfig, Vec<StrategyConfig>, u64, usize) {
    // A language model is not offered as an opponent: its moves come from recorded replies,
    // and a game against you would need a call per round.
    let mut opponents: Vec<StrategyConfig> = strategies(exp)
        .into_iter()
        .filter(|p| !p.is_llm())
        .collect();
    if opponents.is_empty() {
        opponents = [
            "TitForTat",
            "Grudger",
            "WinStayLoseShift",
            "Random",
            "Defector",
        ]
        .iter()
        .filter_map(|k| StrategyConfig::by_kind(k))
        .collect();
    }
    let (turns, _, _) = rules_of(exp);
    (stage_game(exp), opponents, seed_of(exp), turns.min(50))
}

fn tournament_from(exp: &GamesExperiment) -> TournamentConfig {
    let (turns, noise, prob_end) = rules_of(exp);
    let mut players = strategies(exp);
    if players.len() < 2 {
        players = ["TitForTat", "Defector", "Cooperator", "Grudger"]
            .iter()
            .filter_map(|k| StrategyConfig::by_kind(k))
            .collect();
    }
    let repetitions = match exp {
        GamesExperiment::Tournament(t) => t.repetitions,
        GamesExperiment::Ecology(e) => e.tournament.repetitions,
        GamesExperiment::Moran(m) => m.tournament.repetitions,
        _ => 5,
    };
    TournamentConfig {
        seed: seed_of(exp),
        game: stage_game(exp),
        players,
        turns,
        noise,
        prob_end,
        repetitions,
        transcript: Default::default(),
    }
}

/// The experiment in another mode, keeping the game, players, seed and rules where the new
/// mode has them.
pub fn convert_mode(exp: &GamesExperiment, mode: &str) -> GamesExperiment {
    if exp.mode() == mode {
        return exp.clone();
    }
    let t = tournament_from(exp);
    match mode {
        "match" => GamesExperiment::Match(MatchExperiment {
            seed: t.seed,
            game: t.game.clone(),
            players: [t.players[0].clone(), t.players[1].clone()],
            turns: t.turns,
            noise: t.noise,
            prob_end: t.prob_end,
            transcript: Default::default(),
        }),
        "ecology" => GamesExperiment::Ecology(EcologyExperiment {
            tournament: t,
            steps: 100,
            initial: Vec::new(),
        }),
        "moran" => {
            let n = t.players.len();
            GamesExperiment::Moran(MoranExperiment {
                counts: vec![10; n],
                tournament: t,
                intensity: 1.0,
                mutation: 0.0,
                max_steps: 10_000,
            })
        }
        "trust" => {
            // LLM players do not take part in The Evolution of Trust (a call per match).
            let mut types: Vec<StrategyConfig> =
                t.players.iter().filter(|p| !p.is_llm()).cloned().collect();
            for kind in ["TitForTat", "Defector"] {
                if types.len() < 2 {
                    types.extend(StrategyConfig::by_kind(kind));
                }
            }
            let n = types.len();
            let mut cfg = TrustConfig::case(types, vec![25 / n.max(1); n], 20);
            cfg.seed = t.seed;
            cfg.game = t.game;
            cfg.noise = t.noise;
            if cfg.counts.iter().sum::<usize>() <= 2 * cfg.replace {
                cfg.counts = vec![5; n];
            }
            GamesExperiment::Trust(cfg)
        }
        "dynamics" => GamesExperiment::Dynamics(DynamicsConfig {
            seed: t.seed,
            game: MatrixGame::from(&t.game),
            learner: LearnerConfig::RegretMatching,
            steps: 1000,
            sampled: false,
        }),
        _ => GamesExperiment::Tournament(t),
    }
}

/// Replace the stage game.
pub fn set_game(exp: &mut GamesExperiment, g: GameConfig) {
    match exp {
        GamesExperiment::Match(m) => m.game = g,
        GamesExperiment::Tournament(t) => t.game = g,
        GamesExperiment::Ecology(e) => e.tournament.game = g,
        GamesExperiment::Moran(m) => m.tournament.game = g,
        GamesExperiment::Trust(t) => t.game = g,
        GamesExperiment::Dynamics(d) => d.game = MatrixGame::from(&g),
    }
}

pub fn set_dynamics_game(exp: &mut GamesExperiment, id: &str) {
    if let (GamesExperiment::Dynamics(d), Some(g)) = (exp, dynamics_game(id)) {
        d.game = g;
    }
}

pub fn set_learner(exp: &mut GamesExperiment, kind: &str) {
    if let GamesExperiment::Dynamics(d) = exp {
        d.learner = match kind {
            "Hedge" => LearnerConfig::Hedge { eta: 0.1 },
            "FictitiousPlay" => LearnerConfig::FictitiousPlay,
            _ => LearnerConfig::RegretMatching,
        };
    }
}

pub fn set_seed(exp: &mut GamesExperiment, seed: u64) {
    match exp {
        GamesExperiment::Match(m) => m.seed = seed,
        GamesExperiment::Tournament(t) => t.seed = seed,
        GamesExperiment::Ecology(e) => e.tournament.seed = seed,
        GamesExperiment::Moran(m) => m.tournament.seed = seed,
        GamesExperiment::Trust(t) => t.seed = seed,
        GamesExperiment::Dynamics(d) => d.seed = seed,
    }
}

/// Add a player of `kind` (default parameters); Moran and Trust give it a count too.
pub fn add_player(exp: &mut GamesExperiment, kind: &str) {
    let Some(s) = StrategyConfig::by_kind(kind) else {
        return;
    };
    match exp {
        GamesExperiment::Tournament(t) => t.players.push(s),
        GamesExperiment::Ecology(e) => {
            e.tournament.players.push(s);
            e.initial.clear();
        }
        GamesExperiment::Moran(m) => {
            m.tournament.players.push(s);
            m.counts.push(0);
        }
        GamesExperiment::Trust(t) => {
            t.types.push(s);
            t.counts.push(0);
        }
        GamesExperiment::Match(_) | GamesExperiment::Dynamics(_) => {}
    }
}

pub fn remove_player(exp: &mut GamesExperiment, i: usize) {
    let remove = |v: &mut Vec<StrategyConfig>| {
        if i < v.len() {
            v.remove(i);
        }
    };
    match exp {
        GamesExperiment::Tournament(t) => remove(&mut t.players),
        GamesExperiment::Ecology(e) => {
            remove(&mut e.tournament.players);
            e.initial.clear();
        }
        GamesExperiment::Moran(m) => {
            remove(&mut m.tournament.players);
            if i < m.counts.len() {
                m.counts.remove(i);
            }
        }
        GamesExperiment::Trust(t) => {
            remove(&mut t.types);
            if i < t.counts.len() {
                t.counts.remove(i);
            }
        }
        GamesExperiment::Match(_) | GamesExperiment::Dynamics(_) => {}
    }
}

fn count(text: &str) -> Result<usize, String> {
    parse_count(text).map(|c| c.min(usize::MAX as u64) as usize)
}

/// Apply the text of field `id` to the experiment; `Err` is a message for the field. Values
/// are range-checked by the experiment's `validate` afterwards.
pub fn apply_field(exp: &mut GamesExperiment, id: &str, text: &str) -> Result<(), String> {
    if id == "seed" {
        set_seed(exp, parse_count(text)?);
        return Ok(());
    }
    if let Some(i) = id.strip_prefix("player-") {
        let i: usize = i.parse().map_err(|_| "unknown player".to_string())?;
        let s = StrategyConfig::by_kind(text).ok_or_else(|| format!("unknown strategy {text}"))?;
        match exp {
            GamesExperiment::Match(m) if i < 2 => m.players[i] = s,
            _ => return Err("unknown player".into()),
        }
        return Ok(());
    }
    if let Some(i) = id.strip_prefix("count-") {
        let i: usize = i.parse().map_err(|_| "unknown count".to_string())?;
        let c = count(text)?;
        match exp {
            GamesExperiment::Moran(m) if i < m.counts.len() => m.counts[i] = c,
            GamesExperiment::Trust(t) if i < t.counts.len() => t.counts[i] = c,
            _ => return Err("unknown count".into()),
        }
        return Ok(());
    }
    match (exp, id) {
        (GamesExperiment::Match(m), "turns") => m.turns = count(text)?,
        (GamesExperiment::Match(m), "noise") => m.noise = parse_number(text)?,
        (GamesExperiment::Match(m), "prob_end") => m.prob_end = parse_number(text)?,
        (GamesExperiment::Tournament(t), f) => tournament_field(t, f, text)?,
        (GamesExperiment::Ecology(e), "steps") => e.steps = count(text)?,
        (GamesExperiment::Ecology(e), f) => tournament_field(&mut e.tournament, f, text)?,
        (GamesExperiment::Moran(m), "intensity") => m.intensity = parse_number(text)?,
        (GamesExperiment::Moran(m), "mutation") => m.mutation = parse_number(text)?,
        (GamesExperiment::Moran(m), "max_steps") => m.max_steps = count(text)?,
        (GamesExperiment::Moran(m), f) => tournament_field(&mut m.tournament, f, text)?,
        (GamesExperiment::Trust(t), "turns") => t.turns = count(text)?,
        (GamesExperiment::Trust(t), "noise") => t.noise = parse_number(text)?,
        (GamesExperiment::Trust(t), "replace") => t.replace = count(text)?,
        (GamesExperiment::Trust(t), "rounds") => t.rounds = count(text)?,
        (GamesExperiment::Dynamics(d), "steps") => d.steps = count(text)?,
        (GamesExperiment::Dynamics(d), "eta") => {
            if let LearnerConfig::Hedge { eta } = &mut d.learner {
                *eta = parse_number(text)?;
            }
        }
        _ => return Err(format!("unknown field {id}")),
    }
    Ok(())
}

fn tournament_field(t: &mut TournamentConfig, id: &str, text: &str) -> Result<(), String> {
    match id {
        "turns" => t.turns = count(text)?,
        "noise" => t.noise = parse_number(text)?,
        "prob_end" => t.prob_end = parse_number(text)?,
        "repetitions" => t.repetitions = count(text)?,
        _ => return Err(format!("unknown field {id}")),
    }
    Ok(())
}

/// "Tit For Tat: cooperates first, then copies..." for a tooltip.
fn rules(s: &StrategyConfig) -> String {
    let a = s.about();
    format!("{}: {} ({})", a.name, a.rules, a.source)
}

/// Apply a form edit.
pub(super) fn edit(form: &mut Form<GamesUi>, edit: Edit) -> Edited {
    match edit {
        Edit::Mode(mode) => {
            form.exp = convert_mode(&form.exp, &mode);
            return Edited::Replaced;
        }
        Edit::Game(g) => set_game(&mut form.exp, g),
        Edit::DynamicsGame(id) => set_dynamics_game(&mut form.exp, &id),
        Edit::Learner(kind) => {
            set_learner(&mut form.exp, &kind);
            form.clear_drafts_with("eta");
        }
        Edit::Sampled(v) => {
            if let GamesExperiment::Dynamics(d) = &mut form.exp {
                d.sampled = v;
            }
        }
        Edit::AddKind(k) => {
            form.local = k;
            return Edited::Nothing;
        }
        Edit::AddPlayer => {
            add_player(&mut form.exp, &form.local);
            form.clear_drafts_with("count-");
        }
        Edit::RemovePlayer(i) => {
            remove_player(&mut form.exp, i);
            form.clear_drafts_with("count-");
        }
    }
    Edited::Changed
}

/// A validation error about the field `id` (`turns` matches `turns` and `tournament.turns`).
pub(super) fn error_at(e: &agora_engine::error::ConfigError, id: &str) -> Option<String> {
    (e.field == id || e.field.ends_with(&format!(".{id}"))).then(|| e.message.clone())
}

/// The lab's settings.
pub(super) fn view(v: &V<'_>) -> Html {
    let on_mode = v.edit(|e: Event| {
        let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
        Edit::Mode(sel.value())
    });
    let mode = v.form.exp.mode();
    let mode_hint = MODES
        .iter()
        .find(|m| m.0 == mode)
        .map(|m| m.2)
        .unwrap_or("");
    html! {
        <>
        { v.control("mode", html! {
            <label class="field wide">
                <span class="field-label">{"What to run"}</span>
                <select data-testid="games-mode" onchange={on_mode}>
                    { for MODES.iter().map(|(id, label, _)| html! {
                        <option value={*id} selected={*id == mode}>{ *label }</option>
                    }) }
                </select>
                <span class="hint">{ mode_hint }</span>
            </label>
        }) }
        { view_game(v) }
        { view_players(v) }
        { view_rules(v) }
        </>
    }
}

fn view_game(v: &V<'_>) -> Html {
    if let GamesExperiment::Dynamics(d) = &v.form.exp {
        let current = DYNAMICS_GAMES
            .iter()
            .find(|(id, _)| dynamics_game(id).is_some_and(|g| g.same_payoffs(&d.game)))
            .map(|(id, _)| *id)
            .unwrap_or("custom");
        let on_game = v.edit(|e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            Edit::DynamicsGame(sel.value())
        });
        return v.group("game", "Game".into(), html! {
            <>
                <select data-testid="dynamics-game" onchange={on_game}>
                    if current == "custom" {
                        <option value="custom" selected=true>{"Custom matrix (edit the JSON)"}</option>
                    }
                    { for DYNAMICS_GAMES.iter().map(|(id, label)| html! {
                        <option value={*id} selected={*id == current}>{ *label }</option>
                    }) }
                </select>
                { matrix_table(&d.game) }
            </>
        });
    }
    v.group(
        "game",
        "Game".into(),
        html! {
            <GameView game={stage_game(&v.form.exp)} editable=true
                on_change={v.edit(Edit::Game)} />
        },
    )
}

fn view_players(v: &V<'_>) -> Html {
    let all = StrategyConfig::all_defaults();
    let options = |selected: &str| -> Html {
        all.iter()
            .map(|s| {
                html! { <option value={s.kind()} selected={s.kind() == selected}>{ s.about().name }</option> }
            })
            .collect()
    };
    match &v.form.exp {
        GamesExperiment::Dynamics(d) => {
            let kind = match d.learner {
                LearnerConfig::Hedge { .. } => "Hedge",
                LearnerConfig::RegretMatching => "RegretMatching",
                LearnerConfig::FictitiousPlay => "FictitiousPlay",
            };
            let on_learner = v.edit(|e: Event| {
                let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
                Edit::Learner(sel.value())
            });
            v.group("players", "Learning rule (both players)".into(), html! {
                <>
                    <select data-testid="learner" onchange={on_learner}>
                        <option value="RegretMatching" selected={kind == "RegretMatching"}>{"Regret matching (Hart & Mas-Colell 2000)"}</option>
                        <option value="Hedge" selected={kind == "Hedge"}>{"Hedge / multiplicative weights (Freund & Schapire 1997)"}</option>
                        <option value="FictitiousPlay" selected={kind == "FictitiousPlay"}>{"Fictitious play (Brown 1951)"}</option>
                    </select>
                    if let LearnerConfig::Hedge { eta } = d.learner {
                        { v.text("eta", "Learning rate η", eta.to_string(), None, false) }
                    }
                </>
            })
        }
        GamesExperiment::Match(m) => {
            let pick = |i: usize| {
                let cb = v.field_callback(&format!("player-{i}"), |e: Event| {
                    let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
                    sel.value()
                });
                html! {
                    <label class="field">
                        <span class="field-label">{ if i == 0 { "Row player" } else { "Column player" } }</span>
                        <select data-testid={format!("match-player-{i}")} onchange={cb}
                            title={rules(&m.players[i])}>
                            { options(m.players[i].kind()) }
                        </select>
                    </label>
                }
            };
            v.group(
                "players",
                "Players".into(),
                html! { <div class="row2">{ pick(0) }{ pick(1) }</div> },
            )
        }
        exp => {
            let players = strategies(exp);
            let counts: Option<&Vec<usize>> = match exp {
                GamesExperiment::Moran(m) => Some(&m.counts),
                GamesExperiment::Trust(t) => Some(&t.counts),
                _ => None,
            };
            let on_kind = v.edit(|e: Event| {
                let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
                Edit::AddKind(sel.value())
            });
            let legend = if counts.is_some() {
                "Strategies and how many of each"
            } else {
                "Players"
            };
            v.group("players", format!("{legend} ({})", players.len()), html! {
                <>
                    <ul class="player-list" data-testid="player-list">
                        { for players.iter().enumerate().map(|(i, p)| html! {
                            <li class="player-row" title={rules(p)}>
                                <span class="player-name">{
                                    if matches!(exp, GamesExperiment::Trust(_)) { super::results::trust_label(p) } else { p.label() }
                                }</span>
                                if let Some(c) = counts {
                                    <span class="player-count">
                                        { v.text(&format!("count-{i}"), "count",
                                            c.get(i).copied().unwrap_or(0).to_string(), None, false) }
                                    </span>
                                }
                                <button type="button" class="btn small ghost" data-testid={format!("remove-player-{i}")}
                                    aria-label={format!("Remove {}", p.label())}
                                    onclick={v.edit(move |_| Edit::RemovePlayer(i))}>{"✕"}</button>
                            </li>
                        }) }
                    </ul>
                    <div class="add-row">
                        <select data-testid="add-strategy" onchange={on_kind} aria-label="Strategy to add">
                            { options(&v.form.local) }
                        </select>
                        <button type="button" class="btn small" data-testid="add-player"
                            onclick={v.edit(|_| Edit::AddPlayer)}>{"Add"}</button>
                    </div>
                    { view_about(&v.form.local) }
                </>
            })
        }
    }
}

fn view_about(kind: &str) -> Html {
    let Some(s) = StrategyConfig::by_kind(kind) else {
        return html! {};
    };
    let a = s.about();
    html! {
        <p class="hint strategy-about" data-testid="strategy-about">
            <strong>{ a.name }</strong>{": "}{ a.rules }{" "}<em>{ a.source }</em>
        </p>
    }
}

fn view_rules(v: &V<'_>) -> Html {
    let seed = v.seed(seed_of(&v.form.exp));
    let (turns, noise, prob_end) = rules_of(&v.form.exp);
    let match_rules = |with_end: bool| {
        html! {
            <>
            { v.text("turns", "Turns per match", turns.to_string(), None, false) }
            { v.text("noise", "Noise", noise.to_string(), Some("chance that a move is flipped"), false) }
            if with_end {
                { v.text("prob_end", "End probability", prob_end.to_string(), Some("chance the match ends after each turn"), false) }
            }
            </>
        }
    };
    let extra = match &v.form.exp {
        GamesExperiment::Match(_) => html! {},
        GamesExperiment::Tournament(t) => v.text(
            "repetitions",
            "Repetitions",
            t.repetitions.to_string(),
            None,
            false,
        ),
        GamesExperiment::Ecology(e) => html! {
            <>
            { v.text("repetitions", "Repetitions", e.tournament.repetitions.to_string(), None, false) }
            { v.text("steps", "Generations", e.steps.to_string(), None, false) }
            </>
        },
        GamesExperiment::Moran(m) => html! {
            <>
            { v.text("repetitions", "Repetitions", m.tournament.repetitions.to_string(), None, false) }
            { v.text("intensity", "Selection intensity w", m.intensity.to_string(), Some("fitness = exp(w × payoff per turn)"), false) }
            { v.text("mutation", "Mutation", m.mutation.to_string(), None, false) }
            { v.text("max_steps", "Steps", m.max_steps.to_string(), None, false) }
            </>
        },
        GamesExperiment::Trust(t) => html! {
            <>
            { v.text("replace", "Replaced per round", t.replace.to_string(), None, false) }
            { v.text("rounds", "Rounds", t.rounds.to_string(), None, false) }
            </>
        },
        GamesExperiment::Dynamics(d) => v.text("steps", "Steps", d.steps.to_string(), None, false),
    };
    let play_rules = match &v.form.exp {
        GamesExperiment::Dynamics(_) => html! {},
        GamesExperiment::Trust(_) => match_rules(false),
        _ => match_rules(true),
    };
    v.group("rules", "Rules".into(), html! {
        <>
            <div class="row3">
                { play_rules }
                { extra }
                { seed }
            </div>
            if let GamesExperiment::Dynamics(d) = &v.form.exp {
                <label class="check">
                    <input type="checkbox" data-testid="sampled" checked={d.sampled}
                        onchange={v.edit(|e: Event| {
                            let i: web_sys::HtmlInputElement = e.target_unchecked_into();
                            Edit::Sampled(i.checked())
                        })} />
                    {" Sampled: players draw an action and learn from the payoff it got (else both use the expected payoffs of the mixed strategies)"}
                </label>
            }
            <p class="hint">{"The seed fixes every random draw: same settings, same results, here and in the command-line tool."}</p>
        </>
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_language_model_is_not_offered_as_an_opponent_to_play() {
        let exp = agora_engine::games::presets::llm_vs_tft();
        let (_, opponents, _, _) = play_setup(&exp);
        let kinds: Vec<&str> = opponents.iter().map(|p| p.kind()).collect();
        assert_eq!(kinds, ["TitForTat"]);
    }

    #[test]
    fn every_mode_converts_to_a_valid_experiment() {
        for (_, _, _, exp) in agora_engine::games::presets::all() {
            for (mode, _, _) in MODES {
                let next = convert_mode(&exp, mode);
                assert_eq!(next.mode(), mode);
                next.validate()
                    .unwrap_or_else(|e| panic!("{} -> {mode}: {e}", exp.mode()));
            }
        }
    }

    #[test]
    fn fields_parse_or_explain() {
        let mut exp = agora_engine::games::presets::axelrod_first();
        apply_field(&mut exp, "turns", "50").unwrap();
        apply_field(&mut exp, "noise", "0.1").unwrap();
        let GamesExperiment::Tournament(t) = &exp else {
            panic!("tournament")
        };
        assert_eq!((t.turns, t.noise), (50, 0.1));
        assert!(apply_field(&mut exp, "turns", "many")
            .unwrap_err()
            .contains("whole number"));
        assert!(apply_field(&mut exp, "noise", "").is_err());
        assert!(apply_field(&mut exp, "count-0", "3").is_err());
    }

    #[test]
    fn players_come_and_go_with_their_counts() {
        let mut exp = convert_mode(&agora_engine::games::presets::axelrod_first(), "moran");
        let n = strategies(&exp).len();
        add_player(&mut exp, "Grudger");
        remove_player(&mut exp, 0);
        let GamesExperiment::Moran(m) = &exp else {
            panic!("moran")
        };
        assert_eq!(m.tournament.players.len(), n);
        assert_eq!(m.counts.len(), n);
        assert_eq!(m.tournament.players.last().unwrap().kind(), "Grudger");
    }
}
