//! The stage game: a two-player, two-action normal-form game with payoffs for both players,
//! its best responses and its Nash equilibria.
//!
//! `row[i][j]` is the row player's payoff and `column[i][j]` the column player's when the row
//! player plays action `i` and the column player action `j` (0 = C, the first action; 1 = D).
//! A symmetric game with the usual prisoner's-dilemma letters has
//! `row = [[R, S], [T, P]]` and `column = [[R, T], [S, P]]`.
//!
//! Equilibria (Osborne, *An Introduction to Game Theory*, 2004, ch. 2-4):
//! - pure: a cell (i, j) where i is a best response to j and j a best response to i;
//! - fully mixed: the row player plays C with probability p that makes the column player
//!   indifferent, `p = (c11 - c10) / (c00 - c10 - c01 + c11)`, and the column player plays C
//!   with probability q that makes the row player indifferent,
//!   `q = (r11 - r01) / (r00 - r01 - r10 + r11)`; it exists when both lie strictly in (0, 1).

use super::strategy::Action;
use crate::error::ConfigError;
use serde::{Deserialize, Serialize};

/// Largest payoff magnitude accepted (keeps sums over long tournaments exact enough to read).
pub const MAX_PAYOFF: f64 = 1_000_000.0;

/// A 2x2 game with payoffs for both players.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct GameConfig {
    /// Display name, e.g. "Prisoner's Dilemma".
    pub name: String,
    /// Names of the first (C) and second (D) action, shared by both players.
    pub actions: [String; 2],
    /// Row player's payoffs: `row[i][j]` when row plays `i` and column plays `j`.
    pub row: [[f64; 2]; 2],
    /// Column player's payoffs: `column[i][j]` when row plays `i` and column plays `j`.
    pub column: [[f64; 2]; 2],
}

/// A named game in the menu.
#[derive(Clone, Debug, PartialEq)]
pub struct GamePreset {
    /// Stable identifier used in links, e.g. `pd_axelrod`.
    pub id: &'static str,
    /// What the menu says.
    pub title: &'static str,
    /// One or two sentences on why the game is interesting, with its source.
    pub description: &'static str,
    pub game: GameConfig,
}

/// Best responses of both players: `row[j]` lists the row player's best actions when the
/// column player plays `j`; `column[i]` lists the column player's best actions when the row
/// player plays `i`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BestResponses {
    pub row: [Vec<Action>; 2],
    pub column: [Vec<Action>; 2],
}

/// A Nash equilibrium: the probability each player puts on C and the expected payoffs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Equilibrium {
    /// Probability that the row player plays C.
    pub row_c: f64,
    /// Probability that the column player plays C.
    pub column_c: f64,
    /// Row player's expected payoff.
    pub row_payoff: f64,
    /// Column player's expected payoff.
    pub column_payoff: f64,
    /// True for a pure equilibrium (both probabilities 0 or 1).
    pub pure: bool,
}

impl GameConfig {
    /// A symmetric game from the four letters: R (both C), S (C against D), T (D against C),
    /// P (both D).
    pub fn symmetric(name: &str, actions: [&str; 2], r: f64, s: f64, t: f64, p: f64) -> Self {
        GameConfig {
            name: name.into(),
            actions: [actions[0].into(), actions[1].into()],
            row: [[r, s], [t, p]],
            column: [[r, t], [s, p]],
        }
    }

    /// The prisoner's dilemma with Axelrod's payoffs R, S, T, P = 3, 0, 5, 1.
    pub fn prisoners_dilemma() -> Self {
        Self::symmetric(
            "Prisoner's Dilemma",
            ["Cooperate", "Defect"],
            3.0,
            0.0,
            5.0,
            1.0,
        )
    }

    /// Check the payoffs and names.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.name.chars().count() > 80 {
            return Err(ConfigError::new(
                "name",
                "is too long: use at most 80 characters",
            ));
        }
        for (k, a) in self.actions.iter().enumerate() {
            let n = a.trim().chars().count();
            if n == 0 || n > 40 {
                return Err(ConfigError::new(
                    format!("actions[{k}]"),
                    "each action needs a name of 1 to 40 characters",
                ));
            }
        }
        if self.actions[0].trim() == self.actions[1].trim() {
            return Err(ConfigError::new(
                "actions",
                "the two actions need different names",
            ));
        }
        for (field, m) in [("row", &self.row), ("column", &self.column)] {
            for (i, line) in m.iter().enumerate() {
                for (j, &x) in line.iter().enumerate() {
                    if !x.is_finite() || x.abs() > MAX_PAYOFF {
                        return Err(ConfigError::new(
                            format!("{field}[{i}][{j}]"),
                            format!(
                                "each payoff must be a number between -{MAX_PAYOFF} and {MAX_PAYOFF} (got {x})"
                            ),
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// True if the column player's payoffs mirror the row player's (`column[i][j] = row[j][i]`).
    pub fn is_symmetric(&self) -> bool {
        (0..2).all(|i| (0..2).all(|j| self.column[i][j] == self.row[j][i]))
    }

    /// The same game seen by the column player: roles swapped, so that player's payoffs are
    /// `row`. Strategies are always shown the game from their own side.
    pub fn transposed(&self) -> GameConfig {
        let mut row = [[0.0; 2]; 2];
        let mut column = [[0.0; 2]; 2];
        for i in 0..2 {
            for j in 0..2 {
                row[i][j] = self.column[j][i];
                column[i][j] = self.row[j][i];
            }
        }
        GameConfig {
            name: self.name.clone(),
            actions: self.actions.clone(),
            row,
            column,
        }
    }

    /// The row player's letters (R, S, T, P) = (both C, C against D, D against C, both D).
    pub fn rstp(&self) -> (f64, f64, f64, f64) {
        (
            self.row[0][0],
            self.row[0][1],
            self.row[1][0],
            self.row[1][1],
        )
    }

    /// Payoffs (row, column) when row plays `a` and column plays `b`.
    pub fn payoffs(&self, a: Action, b: Action) -> (f64, f64) {
        let (i, j) = (a.index(), b.index());
        (self.row[i][j], self.column[i][j])
    }

    /// Both players' best responses to each pure action of the other.
    pub fn best_responses(&self) -> BestResponses {
        let best = |v: [f64; 2]| -> Vec<Action> {
            let m = v[0].max(v[1]);
            (0..2)
                .filter(|&k| v[k] == m)
                .map(Action::from_index)
                .collect()
        };
        BestResponses {
            row: [
                best([self.row[0][0], self.row[1][0]]),
                best([self.row[0][1], self.row[1][1]]),
            ],
            column: [
                best([self.column[0][0], self.column[0][1]]),
                best([self.column[1][0], self.column[1][1]]),
            ],
        }
    }

    /// Pure Nash equilibria as (row action, column action), in the order CC, CD, DC, DD.
    pub fn pure_equilibria(&self) -> Vec<(Action, Action)> {
        let br = self.best_responses();
        let mut out = Vec::new();
        for i in [Action::C, Action::D] {
            for j in [Action::C, Action::D] {
                if br.row[j.index()].contains(&i) && br.column[i.index()].contains(&j) {
                    out.push((i, j));
                }
            }
        }
        out
    }

    /// The fully mixed equilibrium (probabilities of C strictly between 0 and 1), if the
    /// indifference conditions have a unique solution inside (0, 1). Degenerate games in which
    /// a player's payoff does not depend on its own action have a continuum of equilibria and
    /// report `None` here.
    pub fn mixed_equilibrium(&self) -> Option<Equilibrium> {
        let (r, c) = (&self.row, &self.column);
        // Row's C-probability p makes the column player indifferent between C and D:
        // p c00 + (1-p) c10 = p c01 + (1-p) c11.
        let den_p = c[0][0] - c[1][0] - c[0][1] + c[1][1];
        // Column's C-probability q makes the row player indifferent:
        // q r00 + (1-q) r01 = q r10 + (1-q) r11.
        let den_q = r[0][0] - r[0][1] - r[1][0] + r[1][1];
        if den_p == 0.0 || den_q == 0.0 {
            return None;
        }
        let p = (c[1][1] - c[1][0]) / den_p;
        let q = (r[1][1] - r[0][1]) / den_q;
        if !(p > 0.0 && p < 1.0 && q > 0.0 && q < 1.0) {
            return None;
        }
        Some(self.profile(p, q, false))
    }

    /// All equilibria: the pure ones (CC, CD, DC, DD order) then the fully mixed one.
    pub fn equilibria(&self) -> Vec<Equilibrium> {
        let mut out: Vec<Equilibrium> = self
            .pure_equilibria()
            .into_iter()
            .map(|(a, b)| {
                let pa = if a == Action::C { 1.0 } else { 0.0 };
                let pb = if b == Action::C { 1.0 } else { 0.0 };
                self.profile(pa, pb, true)
            })
            .collect();
        out.extend(self.mixed_equilibrium());
        out
    }

    /// Expected payoffs when row plays C with probability `p` and column with probability `q`.
    pub fn expected(&self, p: f64, q: f64) -> (f64, f64) {
        let w = [
            [p * q, p * (1.0 - q)],
            [(1.0 - p) * q, (1.0 - p) * (1.0 - q)],
        ];
        let mut out = (0.0, 0.0);
        for (i, wi) in w.iter().enumerate() {
            for (j, &wij) in wi.iter().enumerate() {
                out.0 += wij * self.row[i][j];
                out.1 += wij * self.column[i][j];
            }
        }
        out
    }

    fn profile(&self, p: f64, q: f64, pure: bool) -> Equilibrium {
        let (row_payoff, column_payoff) = self.expected(p, q);
        Equilibrium {
            row_c: p,
            column_c: q,
            row_payoff,
            column_payoff,
            pure,
        }
    }

    /// The games in the menu.
    pub fn presets() -> Vec<GamePreset> {
        let sym = GameConfig::symmetric;
        vec![
            GamePreset {
                id: "pd_axelrod",
                title: "Prisoner's Dilemma (Axelrod)",
                description: "R, S, T, P = 3, 0, 5, 1: defecting pays more whatever the other does, yet both do better cooperating. The payoffs of Axelrod's tournaments (Axelrod 1980).",
                game: GameConfig::prisoners_dilemma(),
            },
            GamePreset {
                id: "pd_akata",
                title: "Prisoner's Dilemma (Akata et al.)",
                description: "R, S, T, P = 8, 0, 10, 5, the payoffs Akata et al. (2025) gave language models, with options J (cooperate) and F (defect).",
                game: sym("Prisoner's Dilemma (Akata et al.)", ["J", "F"], 8.0, 0.0, 10.0, 5.0),
            },
            GamePreset {
                id: "pd_trust",
                title: "Prisoner's Dilemma (The Evolution of Trust)",
                description: "Put in a coin and the other gets three: R, S, T, P = 2, -1, 3, 0 (Nicky Case, The Evolution of Trust, 2017).",
                game: sym("Prisoner's Dilemma (The Evolution of Trust)", ["Cooperate", "Cheat"], 2.0, -1.0, 3.0, 0.0),
            },
            GamePreset {
                id: "battle_of_the_sexes",
                title: "Battle of the Sexes (Akata et al.)",
                description: "Both want to meet but prefer different places: JJ pays 10/7, FF 7/10, a mismatch nothing. Two pure equilibria and a mixed one (Akata et al. 2025).",
                game: GameConfig {
                    name: "Battle of the Sexes".into(),
                    actions: ["J".into(), "F".into()],
                    row: [[10.0, 0.0], [0.0, 7.0]],
                    column: [[7.0, 0.0], [0.0, 10.0]],
                },
            },
            GamePreset {
                id: "stag_hunt",
                title: "Stag Hunt",
                description: "Hunting the stag together pays most, but hunting hare is safe: R, S, T, P = 4, 1, 3, 2. Two pure equilibria, one payoff-dominant and one risk-dominant (Skyrms 2004).",
                game: sym("Stag Hunt", ["Stag", "Hare"], 4.0, 1.0, 3.0, 2.0),
            },
            GamePreset {
                id: "chicken",
                title: "Chicken (Hawk-Dove)",
                description: "Swerving is safe, driving straight wins unless both do: R, S, T, P = 3, 1, 5, 0. Each wants to do the opposite of the other (Rapoport & Chammah 1966).",
                game: sym("Chicken", ["Swerve", "Straight"], 3.0, 1.0, 5.0, 0.0),
            },
            GamePreset {
                id: "matching_pennies",
                title: "Matching Pennies",
                description: "Row wins a point when the coins match, column when they differ: zero-sum, no pure equilibrium, both mix 50/50 (von Neumann & Morgenstern 1944).",
                game: GameConfig {
                    name: "Matching Pennies".into(),
                    actions: ["Heads".into(), "Tails".into()],
                    row: [[1.0, -1.0], [-1.0, 1.0]],
                    column: [[-1.0, 1.0], [1.0, -1.0]],
                },
            },
            GamePreset {
                id: "harmony",
                title: "Harmony",
                description: "Cooperating is best whatever the other does: R, S, T, P = 4, 2, 3, 1. No dilemma at all (Robinson & Goforth 2005).",
                game: sym("Harmony", ["Cooperate", "Defect"], 4.0, 2.0, 3.0, 1.0),
            },
            GamePreset {
                id: "deadlock",
                title: "Deadlock",
                description: "Both prefer mutual defection to mutual cooperation: R, S, T, P = 1, 0, 3, 2. Defecting is dominant and nobody regrets it (Robinson & Goforth 2005).",
                game: sym("Deadlock", ["Cooperate", "Defect"], 1.0, 0.0, 3.0, 2.0),
            },
        ]
    }

    /// The preset game with identifier `id`.
    pub fn preset(id: &str) -> Option<GameConfig> {
        Self::presets()
            .into_iter()
            .find(|p| p.id == id)
            .map(|p| p.game)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::{C, D};

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn presets_are_valid_and_letters_are_as_published() {
        let presets = GameConfig::presets();
        assert_eq!(presets.len(), 9);
        for p in &presets {
            p.game
                .validate()
                .unwrap_or_else(|e| panic!("{}: {e}", p.id));
        }
        assert_eq!(
            GameConfig::preset("pd_axelrod").unwrap().rstp(),
            (3.0, 0.0, 5.0, 1.0)
        );
        assert_eq!(
            GameConfig::preset("pd_akata").unwrap().rstp(),
            (8.0, 0.0, 10.0, 5.0)
        );
        assert_eq!(
            GameConfig::preset("pd_trust").unwrap().rstp(),
            (2.0, -1.0, 3.0, 0.0)
        );
        assert!(GameConfig::preset("pd_axelrod").unwrap().is_symmetric());
        assert!(!GameConfig::preset("battle_of_the_sexes")
            .unwrap()
            .is_symmetric());
        assert!(GameConfig::preset("nope").is_none());
    }

    #[test]
    fn prisoners_dilemma_has_the_unique_equilibrium_dd() {
        // D strictly dominates C (T > R and P > S), so (D, D) is the only equilibrium, and
        // there is no mixed one.
        for id in ["pd_axelrod", "pd_akata", "pd_trust", "deadlock"] {
            let g = GameConfig::preset(id).unwrap();
            assert_eq!(g.pure_equilibria(), vec![(D, D)], "{id}");
            assert!(g.mixed_equilibrium().is_none(), "{id}");
            let br = g.best_responses();
            assert_eq!(br.row, [vec![D], vec![D]]);
            assert_eq!(br.column, [vec![D], vec![D]]);
        }
        let eq = GameConfig::prisoners_dilemma().equilibria();
        assert_eq!(eq.len(), 1);
        assert_eq!((eq[0].row_payoff, eq[0].column_payoff), (1.0, 1.0));
        assert!(eq[0].pure);
    }

    #[test]
    fn harmony_has_the_unique_equilibrium_cc() {
        let g = GameConfig::preset("harmony").unwrap();
        assert_eq!(g.pure_equilibria(), vec![(C, C)]);
        assert!(g.mixed_equilibrium().is_none());
    }

    #[test]
    fn battle_of_the_sexes_has_two_pure_and_one_mixed() {
        let g = GameConfig::preset("battle_of_the_sexes").unwrap();
        assert_eq!(g.pure_equilibria(), vec![(C, C), (D, D)]);
        // Column indifferent: 7 p = 10 (1 - p)  =>  p = 10/17 (row plays J).
        // Row indifferent:   10 q = 7 (1 - q)   =>  q = 7/17 (column plays J).
        // Row's value 10 q = 70/17, column's value 7 p = 70/17.
        let m = g.mixed_equilibrium().unwrap();
        assert!(close(m.row_c, 10.0 / 17.0), "{m:?}");
        assert!(close(m.column_c, 7.0 / 17.0), "{m:?}");
        assert!(close(m.row_payoff, 70.0 / 17.0), "{m:?}");
        assert!(close(m.column_payoff, 70.0 / 17.0), "{m:?}");
        assert_eq!(g.equilibria().len(), 3);
    }

    #[test]
    fn matching_pennies_has_only_the_half_half_mix() {
        let g = GameConfig::preset("matching_pennies").unwrap();
        assert!(g.pure_equilibria().is_empty());
        // Row indifferent: q - (1-q) = -q + (1-q) => q = 1/2; by symmetry p = 1/2; value 0.
        let m = g.mixed_equilibrium().unwrap();
        assert!(close(m.row_c, 0.5) && close(m.column_c, 0.5));
        assert!(close(m.row_payoff, 0.0) && close(m.column_payoff, 0.0));
        // Best responses cycle: row matches, column mismatches.
        let br = g.best_responses();
        assert_eq!(br.row, [vec![C], vec![D]]);
        assert_eq!(br.column, [vec![D], vec![C]]);
    }

    #[test]
    fn stag_hunt_has_two_pure_and_one_mixed() {
        let g = GameConfig::preset("stag_hunt").unwrap();
        assert_eq!(g.pure_equilibria(), vec![(C, C), (D, D)]);
        // Stag pays 4q + 1(1-q), hare 3q + 2(1-q): equal at q = 1/2; value 5/2.
        let m = g.mixed_equilibrium().unwrap();
        assert!(close(m.row_c, 0.5) && close(m.column_c, 0.5));
        assert!(close(m.row_payoff, 2.5));
    }

    #[test]
    fn chicken_has_the_two_asymmetric_pure_and_one_mixed() {
        let g = GameConfig::preset("chicken").unwrap();
        assert_eq!(g.pure_equilibria(), vec![(C, D), (D, C)]);
        // Swerve pays 3q + 1(1-q), straight 5q: equal at q = 1/3; value 5/3.
        let m = g.mixed_equilibrium().unwrap();
        assert!(close(m.row_c, 1.0 / 3.0) && close(m.column_c, 1.0 / 3.0));
        assert!(close(m.row_payoff, 5.0 / 3.0));
    }

    #[test]
    fn degenerate_game_has_ties_and_no_unique_mix() {
        // Every payoff equal: every profile is an equilibrium; the mix is not unique.
        let g = GameConfig::symmetric("Flat", ["A", "B"], 1.0, 1.0, 1.0, 1.0);
        assert_eq!(g.pure_equilibria().len(), 4);
        assert!(g.mixed_equilibrium().is_none());
        assert_eq!(g.best_responses().row[0], vec![C, D]);
    }

    #[test]
    fn transposed_swaps_the_roles() {
        let g = GameConfig::preset("battle_of_the_sexes").unwrap();
        let t = g.transposed();
        // The column player's payoff when both play J is 7; seen from its side it is row[0][0].
        assert_eq!(t.row[0][0], 7.0);
        assert_eq!(t.row[1][1], 10.0);
        assert_eq!(t.transposed(), g);
        let pd = GameConfig::prisoners_dilemma();
        assert_eq!(pd.transposed(), pd);
    }

    #[test]
    fn validation_explains_what_is_wrong() {
        let mut g = GameConfig::prisoners_dilemma();
        g.row[1][0] = f64::NAN;
        let e = g.validate().unwrap_err();
        assert_eq!(e.field, "row[1][0]");
        let mut g = GameConfig::prisoners_dilemma();
        g.actions[1] = g.actions[0].clone();
        assert_eq!(g.validate().unwrap_err().field, "actions");
        let mut g = GameConfig::prisoners_dilemma();
        g.actions[0] = "  ".into();
        assert_eq!(g.validate().unwrap_err().field, "actions[0]");
        let json = r#"{"name":"x","actions":["a","b"],"row":[[1,2],[3,4]],"column":[[1,2],[3,4]],"extra":1}"#;
        assert!(serde_json::from_str::<GameConfig>(json).is_err());
    }
}
