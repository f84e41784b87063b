//! The stage game as a student sees and edits it: the 2x2 payoff matrix with best responses and
//! pure Nash equilibria marked, every equilibrium in words, and a menu of games (the classic
//! presets and the 144 strict ordinal games of the periodic table, grouped by family).
//!
//! Marks follow the textbook construction (Osborne, *An Introduction to Game Theory*, 2004,
//! ch. 2-4): in cell (i, j) the row player's payoff is a *best response* when no other row
//! pays the row player more against column j, the column player's when no other column pays
//! the column player more against row i; a cell where both are best responses is a pure Nash
//! equilibrium. The equilibria themselves (pure and fully mixed, with probabilities and
//! expected payoffs) come from [`GameConfig::equilibria`]; the family and place in Robinson and
//! Goforth's periodic table from [`topology::locate`] (Bruns 2015).
//!
//! Component: [`GameView`] (props [`GameViewProps`]). Test ids: `game-matrix` (the table),
//! `game-cell-<i>-<j>` (a cell, row action i, column action j), `payoff-row-<i>-<j>` and
//! `payoff-col-<i>-<j>` (the two payoffs of a cell: the number inputs when editable, else the
//! numbers), `game-menu` (the select), `equilibria` (the list), `game-family` (where the game
//! sits among the ordinal games, or why it does not).

use agora_engine::games::game::{Equilibrium, GameConfig, MAX_PAYOFF};
use agora_engine::games::topology::{self, Family};
use agora_engine::games::Action;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// Marks of one cell of the matrix.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CellMarks {
    /// The row player's payoff here is a best response to the column's action.
    pub row_best: bool,
    /// The column player's payoff here is a best response to the row's action.
    pub column_best: bool,
    /// Both: a pure Nash equilibrium.
    pub nash: bool,
}

/// Best-response and equilibrium marks of every cell, `[i][j]` for row action i, column j.
pub fn cell_marks(game: &GameConfig) -> [[CellMarks; 2]; 2] {
    let br = game.best_responses();
    let mut out = [[CellMarks::default(); 2]; 2];
    for (i, line) in out.iter_mut().enumerate() {
        for (j, m) in line.iter_mut().enumerate() {
            m.row_best = br.row[j].contains(&Action::from_index(i));
            m.column_best = br.column[i].contains(&Action::from_index(j));
            m.nash = m.row_best && m.column_best;
        }
    }
    out
}

/// A payoff as typed in a cell: whole numbers without decimals ("3", "-1"), others in the
/// shortest form that reads back to the same number ("0.5").
pub fn fmt_payoff(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// A probability or expected payoff in a sentence: whole numbers as such, others to 2 decimals.
pub fn fmt_value(x: f64) -> String {
    let r = (x * 100.0).round() / 100.0;
    if r.fract() == 0.0 && r.abs() < 1e15 {
        format!("{}", r as i64)
    } else {
        let t = format!("{r:.2}");
        t.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Read a payoff typed by the student; the error says what would be accepted.
pub fn parse_payoff(text: &str) -> Result<f64, String> {
    let t = text.trim().replace('\u{2212}', "-");
    if t.is_empty() {
        return Err("type a number".into());
    }
    let x: f64 = t.parse().map_err(|_| {
        format!(
            "\"{}\" is not a number (use a point for decimals)",
            text.trim()
        )
    })?;
    if !x.is_finite() || x.abs() > MAX_PAYOFF {
        return Err(format!(
            "use a number between -{MAX_PAYOFF} and {MAX_PAYOFF}"
        ));
    }
    Ok(x)
}

/// What a payoff input shows, and its error: the text being typed while it is invalid or reads
/// as the current payoff ("3." while typing "3.5"), otherwise the payoff itself (the game was
/// changed from elsewhere).
pub fn shown_text(draft: Option<&str>, value: f64) -> (String, Option<String>) {
    match draft {
        Some(t) => match parse_payoff(t) {
            Err(e) => (t.to_string(), Some(e)),
            Ok(v) if v == value => (t.to_string(), None),
            Ok(_) => (fmt_payoff(value), None),
        },
        None => (fmt_payoff(value), None),
    }
}

/// The game with one payoff changed: `player` 0 is the row player, 1 the column player. A game
/// from the menu that no longer matches it gets "(edited)" after its name.
pub fn with_payoff(game: &GameConfig, player: usize, i: usize, j: usize, v: f64) -> GameConfig {
    let mut g = game.clone();
    if player == 0 {
        g.row[i][j] = v;
    } else {
        g.column[i][j] = v;
    }
    if g != *game && !g.name.ends_with("(edited)") {
        let from_menu = menu_groups()
            .iter()
            .flat_map(|grp| grp.items.iter())
            .any(|it| it.game == *game);
        if from_menu {
            g.name = format!("{} (edited)", g.name);
        }
    }
    g
}

/// One equilibrium in words, e.g. "Row plays J with probability 0.59 and F with probability
/// 0.41; Column plays ...: Row expects 4.12, Column 4.12."
pub fn equilibrium_sentence(game: &GameConfig, e: &Equilibrium) -> String {
    let [a, b] = &game.actions;
    let plays = |who: &str, p: f64| -> String {
        if e.pure {
            format!("{who} plays {}", if p >= 0.5 { a } else { b })
        } else {
            format!(
                "{who} plays {a} with probability {} and {b} with probability {}",
                fmt_value(p),
                fmt_value(1.0 - p)
            )
        }
    };
    if e.pure {
        format!(
            "Pure: {} and {}. Row gets {}, Column gets {}.",
            plays("Row", e.row_c),
            plays("Column", e.column_c),
            fmt_value(e.row_payoff),
            fmt_value(e.column_payoff)
        )
    } else {
        format!(
            "Mixed: {}; {}. Each is then indifferent between its two actions; Row expects {}, Column expects {} per round.",
            plays("Row", e.row_c),
            plays("Column", e.column_c),
            fmt_value(e.row_payoff),
            fmt_value(e.column_payoff)
        )
    }
}

/// Which players' payoffs do not depend on their own action (`[row, column]`): such a player
/// is indifferent to any mix, so the game has infinitely many equilibria beyond the listed ones.
pub fn indifferent_players(game: &GameConfig) -> [bool; 2] {
    let (r, c) = (&game.row, &game.column);
    [
        r[0][0] == r[1][0] && r[0][1] == r[1][1],
        c[0][0] == c[0][1] && c[1][0] == c[1][1],
    ]
}

/// One game of the menu.
#[derive(Clone, Debug, PartialEq)]
pub struct MenuItem {
    /// `preset:<id>` or `ordinal:<id>`.
    pub value: String,
    pub label: String,
    pub game: GameConfig,
}

/// A group of the menu: the presets, or one family of ordinal games.
#[derive(Clone, Debug, PartialEq)]
pub struct MenuGroup {
    /// Label with the number of games, e.g. "Win-win (36 games)".
    pub label: String,
    /// The family, for groups of ordinal games.
    pub family: Option<Family>,
    pub items: Vec<MenuItem>,
}

/// The menu: the presets, then the 144 ordinal games by family in table order.
pub fn menu_groups() -> Vec<MenuGroup> {
    let presets = GameConfig::presets();
    let mut out = vec![MenuGroup {
        label: format!("Classic games ({})", presets.len()),
        family: None,
        items: presets
            .into_iter()
            .map(|p| MenuItem {
                value: format!("preset:{}", p.id),
                label: p.title.to_string(),
                game: p.game,
            })
            .collect(),
    }];
    let all = topology::ordinal_games();
    for f in Family::ALL {
        let items: Vec<MenuItem> = all
            .iter()
            .filter(|g| g.family == f)
            .map(|g| {
                let game = g.to_game();
                MenuItem {
                    value: format!("ordinal:{}", g.id),
                    label: game.name.clone(),
                    game,
                }
            })
            .collect();
        out.push(MenuGroup {
            label: format!("{} ({} games)", f.label(), items.len()),
            family: Some(f),
            items,
        });
    }
    out
}

/// The menu entry equal to `game`, if any.
pub fn menu_value(groups: &[MenuGroup], game: &GameConfig) -> Option<String> {
    groups
        .iter()
        .flat_map(|g| g.items.iter())
        .find(|it| it.game == *game)
        .map(|it| it.value.clone())
}

/// The game of menu entry `value`.
pub fn menu_game(groups: &[MenuGroup], value: &str) -> Option<GameConfig> {
    groups
        .iter()
        .flat_map(|g| g.items.iter())
        .find(|it| it.value == value)
        .map(|it| it.game.clone())
}

/// "Win-win family", "Prisoner's Dilemma family" (whose label already says it).
pub fn family_name(f: Family) -> String {
    let l = f.label();
    if l.ends_with("family") {
        l.to_string()
    } else {
        format!("{l} family")
    }
}

/// Where the game sits among the 144 ordinal games: (family, headline, explanation), or why it
/// is not one of them.
pub fn family_text(game: &GameConfig) -> Result<(Family, String, String), String> {
    match topology::locate(game) {
        Ok(og) => {
            let c = og.coordinates();
            let who = if og.is_symmetric() {
                format!(
                    "With each player's payoffs ranked 1 to 4 this is the symmetric {}",
                    c.row_game.1
                )
            } else {
                format!(
                    "With each player's payoffs ranked 1 to 4 the row player has {} preferences and the column player {} preferences",
                    c.row_game.1, c.column_game.1
                )
            };
            Ok((
                og.family,
                format!("{}, ordinal game {}", family_name(og.family), og.id),
                format!(
                    "{who} (layer {}, row {}, column {} of Robinson and Goforth's periodic table). {}",
                    c.layer,
                    c.table_row,
                    c.table_column,
                    og.family.description()
                ),
            ))
        }
        Err(e) => Err(format!("Not placed in the periodic table: {}.", e.message)),
    }
}

/// Properties of [`GameView`].
#[derive(Properties, PartialEq, Clone)]
pub struct GameViewProps {
    /// The game shown.
    pub game: GameConfig,
    /// Called with the new game when a valid payoff is typed or a game is chosen in the menu.
    pub on_change: Callback<GameConfig>,
    /// Payoffs are number inputs and the menu is enabled; otherwise the game is read-only.
    #[prop_or_default]
    pub editable: bool,
}

/// Index of a payoff input: player (0 row, 1 column), row action i, column action j.
fn slot(player: usize, i: usize, j: usize) -> usize {
    player * 4 + i * 2 + j
}

/// The game view: matrix, equilibria, menu and family (see the module docs).
#[function_component(GameView)]
pub fn game_view(props: &GameViewProps) -> Html {
    let groups = use_memo((), |_| menu_groups());
    let drafts = use_state(|| vec![None::<String>; 8]);
    {
        // Another game (a preset, a loaded experiment): forget what was being typed.
        let drafts = drafts.clone();
        use_effect_with(
            (props.game.name.clone(), props.game.actions.clone()),
            move |_| {
                if drafts.iter().any(|d| d.is_some()) {
                    drafts.set(vec![None; 8]);
                }
            },
        );
    }
    let game = &props.game;
    let marks = cell_marks(game);
    let [a0, a1] = game.actions.clone();
    let names = [a0, a1];

    let payoff = |player: usize, i: usize, j: usize, best: bool| -> Html {
        let value = if player == 0 {
            game.row[i][j]
        } else {
            game.column[i][j]
        };
        let who = if player == 0 { "row" } else { "col" };
        let testid = format!("payoff-{who}-{i}-{j}");
        let mut class = classes!("payoff", who);
        if best {
            class.push("best");
        }
        let player_name = if player == 0 { "Row" } else { "Column" };
        let title = format!(
            "{player_name}'s payoff when Row plays {} and Column plays {}{}",
            names[i],
            names[j],
            if best { " (a best response)" } else { "" }
        );
        if props.editable {
            let k = slot(player, i, j);
            let (text, err) = shown_text(drafts[k].as_deref(), value);
            let oninput = {
                let drafts = drafts.clone();
                let game = game.clone();
                let on_change = props.on_change.clone();
                Callback::from(move |e: InputEvent| {
                    let t = e.target_unchecked_into::<HtmlInputElement>().value();
                    let mut d = (*drafts).clone();
                    d[k] = Some(t.clone());
                    drafts.set(d);
                    if let Ok(v) = parse_payoff(&t) {
                        let current = if player == 0 {
                            game.row[i][j]
                        } else {
                            game.column[i][j]
                        };
                        if v != current {
                            on_change.emit(with_payoff(&game, player, i, j, v));
                        }
                    }
                })
            };
            let bad = err.is_some();
            let title = match &err {
                Some(e) => format!("{title}: {e}; not applied"),
                None => title,
            };
            html! {
                <input type="text" inputmode="decimal" class={class} data-testid={testid}
                       value={text} oninput={oninput} aria-invalid={bad.to_string()}
                       aria-label={title.clone()} title={title} size="5" />
            }
        } else {
            html! {
                <span class={class} data-testid={testid} title={title}>{ fmt_payoff(value) }</span>
            }
        }
    };

    let errors: Vec<String> = (0..8)
        .filter_map(|k| {
            let d = drafts[k].as_deref()?;
            let e = parse_payoff(d).err()?;
            let (player, i, j) = (k / 4, (k / 2) % 2, k % 2);
            Some(format!(
                "{}'s payoff for {} / {}: {e}. The game keeps {}.",
                if player == 0 { "Row" } else { "Column" },
                names[i],
                names[j],
                fmt_payoff(if player == 0 {
                    game.row[i][j]
                } else {
                    game.column[i][j]
                })
            ))
        })
        .collect();

    let cell = |i: usize, j: usize| -> Html {
        let m = marks[i][j];
        let class = classes!("game-cell", m.nash.then_some("nash"));
        html! {
            <td class={class} data-testid={format!("game-cell-{i}-{j}")}>
                <span class="payoff-pair">
                    { payoff(0, i, j, m.row_best) }
                    <span class="payoff-sep" aria-hidden="true">{ "," }</span>
                    { payoff(1, i, j, m.column_best) }
                </span>
                if m.nash {
                    <span class="nash-tag">{ "Nash" }</span>
                }
            </td>
        }
    };

    let equilibria = game.equilibria();
    let indiff = indifferent_players(game);

    let current = menu_value(&groups, game);
    let on_menu = {
        let groups = groups.clone();
        let on_change = props.on_change.clone();
        let drafts = drafts.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Some(g) = menu_game(&groups, &v) {
                drafts.set(vec![None; 8]);
                on_change.emit(g);
            }
        })
    };
    let selected = current.clone().unwrap_or_else(|| "custom".into());

    html! {
        <div class="game-view">
            <div class="game-menu-row">
                <label class="field">
                    <span class="field-label">{ "Game" }</span>
                    <select data-testid="game-menu" onchange={on_menu} disabled={!props.editable}>
                        if current.is_none() {
                            <option value="custom" selected=true disabled=true>
                                { format!("Custom: {}", game.name) }
                            </option>
                        }
                        { for groups.iter().map(|g| html! {
                            <optgroup label={g.label.clone()}>
                                { for g.items.iter().map(|it| html! {
                                    <option value={it.value.clone()} selected={it.value == selected}>
                                        { it.label.clone() }
                                    </option>
                                }) }
                            </optgroup>
                        }) }
                    </select>
                </label>
            </div>
            { match family_text(game) {
                Ok((family, head, text)) => html! {
                    <p class="game-family" data-testid="game-family" data-family={format!("{family:?}")}>
                        <strong>{ head }</strong>{ ". " }<span class="game-family-more">{ text }</span>
                    </p>
                },
                Err(msg) => html! {
                    <p class="game-family hint" data-testid="game-family">{ msg }</p>
                },
            } }
            <p class="hint game-matrix-help">
                { "In each cell the " }
                <span class="payoff row">{ "row player's payoff" }</span>
                { " comes first, then the " }
                <span class="payoff col">{ "column player's" }</span>
                { "." }
            </p>
            <div class="table-wrap game-matrix-wrap">
                <table class="game-matrix" data-testid="game-matrix">
                    <caption>{ format!("Payoffs of {} (row player, column player)", game.name) }</caption>
                    <thead>
                        <tr>
                            <td rowspan="2" class="corner">{ "Row player \u{2193}" }</td>
                            <th colspan="2" scope="colgroup" class="player-head col">{ "Column player \u{2192}" }</th>
                        </tr>
                        <tr>
                            <th scope="col">{ names[0].clone() }</th>
                            <th scope="col">{ names[1].clone() }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for (0..2).map(|i| html! {
                            <tr>
                                <th scope="row">{ names[i].clone() }</th>
                                { cell(i, 0) }
                                { cell(i, 1) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            { for errors.iter().map(|e| html! { <p class="field-error" role="alert">{ e.clone() }</p> }) }
            <p class="game-legend hint">
                <span class="payoff best">{ "Bold underlined" }</span>
                { ": a best response (no other action pays that player more against the other's action). " }
                <span class="nash-tag">{ "Nash" }</span>
                { " shaded cells: pure Nash equilibria, where both payoffs are best responses." }
            </p>
            <div class="equilibria-box">
                <h3 class="equilibria-title">{ format!("Nash equilibria ({})", equilibria.len()) }</h3>
                <ul data-testid="equilibria" class="equilibria">
                    if equilibria.is_empty() {
                        <li>{ "No equilibrium with a unique mix: see below." }</li>
                    }
                    { for equilibria.iter().map(|e| html! {
                        <li class={if e.pure { "pure" } else { "mixed" }}>{ equilibrium_sentence(game, e) }</li>
                    }) }
                </ul>
                if indiff[0] || indiff[1] {
                    <p class="hint">
                        { format!("{} payoff does not depend on its own action, so any mix is a best response for it: besides those listed there are infinitely many mixed equilibria.",
                            match indiff { [true, true] => "Each player's", [true, false] => "The row player's", _ => "The column player's" }) }
                    </p>
                }
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn prisoners_dilemma_marks_defection_as_the_best_response() {
        // R, S, T, P = 3, 0, 5, 1: T > R and P > S, so D (index 1) is the best response to
        // both actions for both players, and only (D, D) has two best responses.
        let m = cell_marks(&GameConfig::prisoners_dilemma());
        for (i, line) in m.iter().enumerate() {
            for (j, c) in line.iter().enumerate() {
                assert_eq!(c.row_best, i == 1, "row best at {i}{j}");
                assert_eq!(c.column_best, j == 1, "column best at {i}{j}");
                assert_eq!(c.nash, i == 1 && j == 1, "nash at {i}{j}");
            }
        }
    }

    #[test]
    fn chicken_has_its_equilibria_off_the_diagonal() {
        // Chicken 3, 1, 5, 0: against Swerve the best reply is Straight (5 > 3), against
        // Straight it is Swerve (1 > 0); the equilibria are (Swerve, Straight), (Straight, Swerve).
        let g = GameConfig::preset("chicken").unwrap();
        let m = cell_marks(&g);
        assert!(m[0][1].nash && m[1][0].nash);
        assert!(!m[0][0].nash && !m[1][1].nash);
        assert!(m[1][0].row_best && m[0][1].row_best);
        assert!(!m[0][0].row_best && !m[1][1].row_best);
    }

    #[test]
    fn ties_are_best_responses_for_both_actions() {
        let g = GameConfig::symmetric("Flat", ["A", "B"], 1.0, 1.0, 1.0, 1.0);
        assert!(cell_marks(&g).iter().flatten().all(|c| c.nash));
        assert_eq!(indifferent_players(&g), [true, true]);
        assert_eq!(
            indifferent_players(&GameConfig::prisoners_dilemma()),
            [false, false]
        );
    }

    #[test]
    fn payoffs_parse_or_explain() {
        assert_eq!(parse_payoff(" 3.5 "), Ok(3.5));
        assert_eq!(parse_payoff("\u{2212}2"), Ok(-2.0));
        assert_eq!(parse_payoff("-0.25"), Ok(-0.25));
        assert!(parse_payoff("").unwrap_err().contains("number"));
        assert!(parse_payoff("3,5").unwrap_err().contains("not a number"));
        assert!(parse_payoff("abc").is_err());
        assert!(parse_payoff("inf").is_err());
        assert!(parse_payoff("NaN").is_err());
        assert!(parse_payoff("2e6").is_err());
        assert_eq!(parse_payoff("1e6"), Ok(1e6));
    }

    #[test]
    fn inputs_keep_what_is_typed_while_it_is_invalid_or_current() {
        // Invalid text stays, with its error.
        let (t, e) = shown_text(Some("3x"), 3.0);
        assert_eq!(t, "3x");
        assert!(e.is_some());
        // "3." reads as 3, the current payoff: the text stays so the student can go on typing.
        assert_eq!(shown_text(Some("3."), 3.0), ("3.".to_string(), None));
        // The game changed elsewhere: the payoff wins over an old valid draft.
        assert_eq!(shown_text(Some("2"), 5.0), ("5".to_string(), None));
        assert_eq!(shown_text(None, 0.5), ("0.5".to_string(), None));
        assert_eq!(fmt_payoff(-1.0), "-1");
        assert_eq!(fmt_value(12.5), "12.5");
        assert_eq!(fmt_value(10.0 / 17.0), "0.59");
        assert_eq!(fmt_value(3.0), "3");
    }

    #[test]
    fn editing_a_payoff_changes_one_number_and_marks_a_menu_game_as_edited() {
        let pd = GameConfig::prisoners_dilemma();
        let g = with_payoff(&pd, 1, 0, 1, 6.0);
        assert_eq!(g.column[0][1], 6.0);
        assert_eq!(g.row, pd.row);
        assert_eq!(g.column[1][0], pd.column[1][0]);
        assert_eq!(g.name, "Prisoner's Dilemma (edited)");
        let h = with_payoff(&g, 0, 1, 1, 2.0);
        assert_eq!(h.row[1][1], 2.0);
        assert_eq!(h.name, "Prisoner's Dilemma (edited)");
        // Typing the same value changes nothing.
        assert_eq!(with_payoff(&pd, 0, 0, 0, 3.0), pd);
    }

    #[test]
    fn equilibria_read_as_sentences() {
        // Battle of the Sexes: row mixes J with 10/17 = 0.588..., column with 7/17 = 0.411...,
        // each expecting 70/17 = 4.117... (Osborne 2004, indifference conditions).
        let g = GameConfig::preset("battle_of_the_sexes").unwrap();
        let eq = g.equilibria();
        let s: Vec<String> = eq.iter().map(|e| equilibrium_sentence(&g, e)).collect();
        assert_eq!(
            s[0],
            "Pure: Row plays J and Column plays J. Row gets 10, Column gets 7."
        );
        assert_eq!(
            s[1],
            "Pure: Row plays F and Column plays F. Row gets 7, Column gets 10."
        );
        assert!(
            s[2].starts_with(
                "Mixed: Row plays J with probability 0.59 and F with probability 0.41; Column plays J with probability 0.41 and F with probability 0.59."
            ),
            "{}",
            s[2]
        );
        assert!(s[2].contains("Row expects 4.12, Column expects 4.12"));
    }

    #[test]
    fn the_menu_has_the_presets_and_all_144_games_by_family() {
        let groups = menu_groups();
        assert_eq!(groups[0].items.len(), GameConfig::presets().len());
        let sizes: Vec<(Family, usize)> = groups[1..]
            .iter()
            .map(|g| (g.family.unwrap(), g.items.len()))
            .collect();
        // Family sizes published by Akata et al. (2025).
        assert_eq!(
            sizes,
            vec![
                (Family::WinWin, 36),
                (Family::Biased, 44),
                (Family::SecondBest, 12),
                (Family::Unfair, 19),
                (Family::PdFamily, 7),
                (Family::Tragic, 8),
                (Family::Cyclic, 18),
            ]
        );
        assert_eq!(groups[1].label, "Win-win (36 games)");
        let values: BTreeSet<&str> = groups
            .iter()
            .flat_map(|g| g.items.iter().map(|i| i.value.as_str()))
            .collect();
        assert_eq!(values.len(), 9 + 144);
        for g in &groups {
            for it in &g.items {
                assert_eq!(menu_value(&groups, &it.game).as_deref(), Some(&*it.value));
                assert_eq!(menu_game(&groups, &it.value).as_ref(), Some(&it.game));
            }
        }
        let mut custom = GameConfig::prisoners_dilemma();
        custom.row[0][0] = 2.5;
        assert_eq!(menu_value(&groups, &custom), None);
    }

    #[test]
    fn the_family_line_locates_ordinal_games_and_explains_ties() {
        // Axelrod's 3, 0, 5, 1 ranks as R, S, T, P = 3, 1, 4, 2: the symmetric Prisoner's
        // Dilemma, Pd, first row and column of the periodic table.
        let (f, head, text) = family_text(&GameConfig::prisoners_dilemma()).unwrap();
        assert_eq!(f, Family::PdFamily);
        assert_eq!(head, "Prisoner's Dilemma family, ordinal game Pd");
        assert!(text.contains("layer 1, row 1, column 1"), "{text}");
        assert!(text.contains("the symmetric Prisoner's Dilemma"), "{text}");
        // PdCh: the row player ranks outcomes as in the Prisoner's Dilemma, the column player as
        // in Chicken (Bruns 2015's naming).
        let pdch = topology::find("PdCh").unwrap().to_game();
        let (_, head, text) = family_text(&pdch).unwrap();
        assert!(head.ends_with("ordinal game PdCh"), "{head}");
        assert!(
            text.contains("row player has Prisoner's Dilemma preferences and the column player Chicken preferences"),
            "{text}"
        );
        let mp = GameConfig::preset("matching_pennies").unwrap();
        let e = family_text(&mp).unwrap_err();
        assert!(e.contains("must all differ"), "{e}");
    }
}
