//! The 144 strict ordinal 2x2 games (Robinson & Goforth, *The Topology of the 2x2 Games: A New
//! Periodic Table*, 2005), located with Bruns's names (*Names for Games: Locating 2x2 Games*,
//! Games 6(4):495-520, 2015) and grouped into the payoff families that Akata et al. (*Playing
//! repeated games with large language models*, Nature Human Behaviour, 2025) use.
//!
//! # The games
//! In a strict ordinal game each player ranks the four outcomes 1 (worst) to 4 (best) with no
//! ties. There are 4! x 4! = 576 such payoff tables, but renaming a player's two actions
//! (swapping the rows, or the columns) does not change the game, and no game is left unchanged
//! by a swap (each player's 4 moves), so there are 576 / 4 = 144 distinct games. They are
//! generated here by enumerating all 576 tables and keeping one representative of each class.
//!
//! # Orientation and coordinates
//! Each game is shown in one orientation: the row player's best outcome (4) in the bottom row
//! and the column player's best outcome in the right column. Swapping rows moves only the row
//! player's 4 between rows and swapping columns moves only the column player's 4 between
//! columns, so exactly one of the four equivalent tables satisfies both. In this orientation a
//! symmetric game is symmetric cell by cell (`column[i][j] = row[j][i]`) and the Prisoner's
//! Dilemma reads R, S, T, P = 3, 1, 4, 2 with C first.
//!
//! Bruns's nomenclature uses the twelve symmetric games as coordinates: the row player's
//! payoffs in any game are exactly the row player's payoffs of one symmetric game (in the same
//! orientation) and the column player's payoffs those of another. A game is named by the two,
//! row game first: `PdCh` gives the row player Prisoner's Dilemma preferences and the column
//! player Chicken preferences; a symmetric game keeps its own code (`Pd`). Laying the twelve
//! symmetric games along both axes gives Robinson and Goforth's periodic table as a 12 x 12
//! grid with the symmetric games on the diagonal. Its four 6 x 6 quadrants are the four
//! *layers*, set by where the two best outcomes sit:
//! 1. opposite corners (Prisoner's Dilemma, Chicken, Leader, Battle of the Sexes, Compromise,
//!    Deadlock),
//! 2. the same row (the row game from layer 1, the column game from layer 4),
//! 3. the same column (the row game from layer 4, the column game from layer 1),
//! 4. the same cell, a win-win outcome (Harmony, Stag Hunt, Assurance, Coordination, Peace,
//!    Concord).
//!
//! Within a layer the six games are ordered round Robinson and Goforth's hexagon: neighbours
//! differ by one swap of adjacent payoffs (1 and 2, or 2 and 3) of one player. Symmetric games
//! `k` and `k + 6` in the order below give the row player the same preferences; only the place
//! of its best outcome relative to the column player's differs.
//!
//! # Families
//! Bruns groups the games into families by their Nash equilibria (Bruns 2010, *Navigating the
//! Topology of 2x2 Games*, arXiv:1010.4727: "payoff families based on Nash equilibria"; Bruns
//! 2015). A game's family is read from its best pure equilibrium, the one with the largest
//! payoff sum (an equilibrium payoff is never 1, since 1 is below the other payoff in its row
//! and column):
//! - **Win-win**: an equilibrium gives both players 4;
//! - **Biased**: otherwise, an equilibrium gives one player 4 and the other 3;
//! - **Unfair**: otherwise, an equilibrium gives one player 4 and the other 2;
//! - **Second best**: the equilibrium gives both players 3;
//! - **Prisoner's Dilemma family**: the equilibrium gives (2, 2) or (2, 3) and another outcome
//!   is better for both players (the equilibrium is Pareto-dominated);
//! - **Tragic**: the equilibrium gives (2, 3) and no outcome is better for both;
//! - **Cyclic**: no pure equilibrium; best replies chase each other round the table.
//!
//! This rule is stated here from the payoffs; the family sizes it produces are checked against
//! the published ones (Akata et al. 2025: Win-win 36, Biased 44, Unfair 19, Cyclic 18, Second
//! best 12, Tragic 8, Prisoner's Dilemma family 7) in `tests/games_topology.rs`.

use super::game::GameConfig;
use crate::error::ConfigError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A payoff family of 2x2 games (Bruns 2015, as used by Akata et al. 2025).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Family {
    WinWin,
    Biased,
    SecondBest,
    Unfair,
    PdFamily,
    Tragic,
    Cyclic,
}

impl Family {
    /// Every family, in the order games are listed.
    pub const ALL: [Family; 7] = [
        Family::WinWin,
        Family::Biased,
        Family::SecondBest,
        Family::Unfair,
        Family::PdFamily,
        Family::Tragic,
        Family::Cyclic,
    ];

    /// Short name, as in Bruns (2015) and Akata et al. (2025).
    pub fn label(self) -> &'static str {
        match self {
            Family::WinWin => "Win-win",
            Family::Biased => "Biased",
            Family::SecondBest => "Second best",
            Family::Unfair => "Unfair",
            Family::PdFamily => "Prisoner's Dilemma family",
            Family::Tragic => "Tragic",
            Family::Cyclic => "Cyclic",
        }
    }

    /// One sentence on what the family's games have in common, with its source.
    pub fn description(self) -> &'static str {
        match self {
            Family::WinWin => "Some stable outcome gives both players their best result, so doing what is best for yourself also serves the other (Bruns 2015).",
            Family::Biased => "Both players can settle on a stable outcome, but the best one gives one player their best result and the other only their second best, as in the Battle of the Sexes (Bruns 2015).",
            Family::SecondBest => "The only stable outcome gives both players their second-best result, and no outcome is better for both (Bruns 2015).",
            Family::Unfair => "The best stable outcome gives one player their best result and leaves the other with their second worst, as in Chicken (Bruns 2015).",
            Family::PdFamily => "The only stable outcome is worse for both players than another outcome they could reach together: the social dilemma of the Prisoner's Dilemma (Bruns 2015).",
            Family::Tragic => "The only stable outcome leaves one player with their second-worst result, yet no other outcome is better for both, so that player cannot be helped without hurting the other (Bruns 2015).",
            Family::Cyclic => "No outcome is stable: whatever the two choose, one of them wants to switch, and best replies go round in a circle as in Matching Pennies (Bruns 2015).",
        }
    }
}

/// One of the twelve symmetric ordinal games: Bruns's coordinates.
struct Symmetric {
    /// Two-letter code used in game identifiers.
    code: &'static str,
    name: &'static str,
    /// Conventional action names, first action C, second D (as in `rstp`).
    actions: [&'static str; 2],
    /// The row player's ranks R, S, T, P: both C, C against D, D against C, both D.
    rstp: [u8; 4],
}

/// The symmetric games in periodic-table order: layer 1 (best outcomes in opposite corners),
/// then layer 4 (best outcomes together), each round Robinson and Goforth's hexagon of swaps.
/// Names follow Bruns (2015) and Rapoport & Guyer (1966); the Battle of the Sexes is
/// Rapoport's Hero.
const SYMMETRIC: [Symmetric; 12] = [
    Symmetric {
        code: "Pd",
        name: "Prisoner's Dilemma",
        actions: ["Cooperate", "Defect"],
        rstp: [3, 1, 4, 2],
    },
    Symmetric {
        code: "Ch",
        name: "Chicken",
        actions: ["Swerve", "Straight"],
        rstp: [3, 2, 4, 1],
    },
    Symmetric {
        code: "Le",
        name: "Leader",
        actions: ["Follow", "Lead"],
        rstp: [2, 3, 4, 1],
    },
    Symmetric {
        code: "Ba",
        name: "Battle of the Sexes (Hero)",
        actions: ["Yield", "Insist"],
        rstp: [1, 3, 4, 2],
    },
    Symmetric {
        code: "Cm",
        name: "Compromise",
        actions: ["C", "D"],
        rstp: [1, 2, 4, 3],
    },
    Symmetric {
        code: "Dl",
        name: "Deadlock",
        actions: ["Cooperate", "Defect"],
        rstp: [2, 1, 4, 3],
    },
    Symmetric {
        code: "Ha",
        name: "Harmony",
        actions: ["Cooperate", "Defect"],
        rstp: [4, 2, 3, 1],
    },
    Symmetric {
        code: "Sh",
        name: "Stag Hunt",
        actions: ["Stag", "Hare"],
        rstp: [4, 1, 3, 2],
    },
    Symmetric {
        code: "As",
        name: "Assurance",
        actions: ["C", "D"],
        rstp: [4, 1, 2, 3],
    },
    Symmetric {
        code: "Co",
        name: "Coordination",
        actions: ["C", "D"],
        rstp: [4, 2, 1, 3],
    },
    Symmetric {
        code: "Pc",
        name: "Peace",
        actions: ["C", "D"],
        rstp: [4, 3, 1, 2],
    },
    Symmetric {
        code: "Cc",
        name: "Concord",
        actions: ["C", "D"],
        rstp: [4, 3, 2, 1],
    },
];

type Table = [[u8; 2]; 2];

/// A strict ordinal 2x2 game of the periodic table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct OrdinalGame {
    /// Stable identifier used in configs: Bruns's coordinates, row game then column game
    /// (`PdCh`), or the symmetric game's own code (`Pd`).
    pub id: String,
    /// Conventional name for a symmetric game, otherwise the identifier.
    pub name: String,
    pub family: Family,
    /// Row player's ranks, 1 (worst) to 4 (best): `row[i][j]` when row plays `i`, column `j`.
    pub row: [[u8; 2]; 2],
    /// Column player's ranks, same layout.
    pub column: [[u8; 2]; 2],
}

/// Where a game sits in the periodic table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Coordinates {
    /// Layer 1 to 4: best outcomes in opposite corners, same row, same column, same cell.
    pub layer: u8,
    /// Row (1 to 12) of the 12 x 12 table: the symmetric game giving the row player's payoffs.
    pub table_row: u8,
    /// Column (1 to 12) of the 12 x 12 table: the symmetric game giving the column player's.
    pub table_column: u8,
    /// Code and name of the symmetric game whose row payoffs the row player has.
    pub row_game: (&'static str, &'static str),
    /// Code and name of the symmetric game whose column payoffs the column player has.
    pub column_game: (&'static str, &'static str),
}

fn position_of_best(m: &Table) -> (usize, usize) {
    for (i, line) in m.iter().enumerate() {
        for (j, &x) in line.iter().enumerate() {
            if x == 4 {
                return (i, j);
            }
        }
    }
    (0, 0)
}

fn swap_rows(m: &Table) -> Table {
    [m[1], m[0]]
}

fn swap_columns(m: &Table) -> Table {
    [[m[0][1], m[0][0]], [m[1][1], m[1][0]]]
}

fn transpose(m: &Table) -> Table {
    [[m[0][0], m[1][0]], [m[0][1], m[1][1]]]
}

/// The oriented form of a game (row player's 4 in the bottom row, column player's 4 in the
/// right column) and whether rows and columns were swapped to get it.
fn orient(row: &Table, column: &Table) -> (Table, Table, bool, bool) {
    let flip_rows = position_of_best(row).0 == 0;
    let (mut r, mut c) = (*row, *column);
    if flip_rows {
        r = swap_rows(&r);
        c = swap_rows(&c);
    }
    let flip_columns = position_of_best(&c).1 == 0;
    if flip_columns {
        r = swap_columns(&r);
        c = swap_columns(&c);
    }
    (r, c, flip_rows, flip_columns)
}

/// A symmetric game's tables (R, S, T, P layout) and action names, oriented.
fn symmetric_oriented(s: &Symmetric) -> (Table, Table, [&'static str; 2]) {
    let [r, sk, t, p] = s.rstp;
    let row = [[r, sk], [t, p]];
    let (row, column, flip_rows, flip_columns) = orient(&row, &transpose(&row));
    // A symmetric game is oriented by swapping both or neither (its players' 4s mirror each
    // other), so the shared action names follow the swap.
    let actions = if flip_rows && flip_columns {
        [s.actions[1], s.actions[0]]
    } else {
        s.actions
    };
    debug_assert_eq!(flip_rows, flip_columns);
    (row, column, actions)
}

/// Index (0..12) of the symmetric game whose oriented row payoffs are `row`.
fn row_coordinate(row: &Table) -> Option<usize> {
    SYMMETRIC
        .iter()
        .position(|s| symmetric_oriented(s).0 == *row)
}

/// Index (0..12) of the symmetric game whose oriented column payoffs are `column`.
fn column_coordinate(column: &Table) -> Option<usize> {
    SYMMETRIC
        .iter()
        .position(|s| symmetric_oriented(s).1 == *column)
}

fn permutations() -> Vec<[u8; 4]> {
    let mut out = Vec::with_capacity(24);
    for a in 1..=4u8 {
        for b in 1..=4u8 {
            for c in 1..=4u8 {
                for d in 1..=4u8 {
                    let v = [a, b, c, d];
                    if (1..=4u8).all(|k| v.contains(&k)) {
                        out.push(v);
                    }
                }
            }
        }
    }
    out
}

fn as_table(v: [u8; 4]) -> Table {
    [[v[0], v[1]], [v[2], v[3]]]
}

fn to_f64(m: &Table) -> [[f64; 2]; 2] {
    [
        [f64::from(m[0][0]), f64::from(m[0][1])],
        [f64::from(m[1][0]), f64::from(m[1][1])],
    ]
}

/// The family of an ordinal game, from its pure equilibria (see the module docs).
pub fn family_of(row: &[[u8; 2]; 2], column: &[[u8; 2]; 2]) -> Family {
    let game = GameConfig {
        name: String::new(),
        actions: ["C".into(), "D".into()],
        row: to_f64(row),
        column: to_f64(column),
    };
    let equilibria: Vec<(usize, usize)> = game
        .pure_equilibria()
        .into_iter()
        .map(|(a, b)| (a.index(), b.index()))
        .collect();
    let payoffs: Vec<(u8, u8)> = equilibria
        .iter()
        .map(|&(i, j)| (row[i][j], column[i][j]))
        .collect();
    let has = |hi: u8, lo: u8| {
        payoffs
            .iter()
            .any(|&(a, b)| (a == hi && b == lo) || (a == lo && b == hi))
    };
    if payoffs.is_empty() {
        Family::Cyclic
    } else if has(4, 4) {
        Family::WinWin
    } else if has(4, 3) {
        Family::Biased
    } else if has(4, 2) {
        Family::Unfair
    } else if has(3, 3) {
        Family::SecondBest
    } else {
        // The remaining equilibria pay (2, 2) or (2, 3): a dilemma if another outcome is
        // better for both.
        let dominated = equilibria.iter().any(|&(i, j)| {
            (0..2).any(|k| (0..2).any(|l| row[k][l] > row[i][j] && column[k][l] > column[i][j]))
        });
        if dominated {
            Family::PdFamily
        } else {
            Family::Tragic
        }
    }
}

impl OrdinalGame {
    /// The game whose oriented tables are `row`, `column`.
    fn from_oriented(row: Table, column: Table) -> Option<OrdinalGame> {
        let x = row_coordinate(&row)?;
        let y = column_coordinate(&column)?;
        let (id, name) = if x == y {
            (SYMMETRIC[x].code.to_string(), SYMMETRIC[x].name.to_string())
        } else {
            let id = format!("{}{}", SYMMETRIC[x].code, SYMMETRIC[y].code);
            (id.clone(), id)
        };
        Some(OrdinalGame {
            id,
            name,
            family: family_of(&row, &column),
            row,
            column,
        })
    }

    /// Where the game sits in the periodic table, computed from its payoffs.
    pub fn coordinates(&self) -> Coordinates {
        let x = row_coordinate(&self.row).unwrap_or(0);
        let y = column_coordinate(&self.column).unwrap_or(0);
        let layer = match (x < 6, y < 6) {
            (true, true) => 1,
            (true, false) => 2,
            (false, true) => 3,
            (false, false) => 4,
        };
        Coordinates {
            layer,
            table_row: x as u8 + 1,
            table_column: y as u8 + 1,
            row_game: (SYMMETRIC[x].code, SYMMETRIC[x].name),
            column_game: (SYMMETRIC[y].code, SYMMETRIC[y].name),
        }
    }

    /// True if both players face the same game (`column[i][j] = row[j][i]`).
    pub fn is_symmetric(&self) -> bool {
        self.column == transpose(&self.row)
    }

    /// A sentence for the game list: who has which preferences and the family.
    pub fn describe(&self) -> String {
        let c = self.coordinates();
        let who = if self.is_symmetric() {
            format!("Symmetric game {} ({})", c.row_game.1, c.row_game.0)
        } else {
            format!(
                "Row player has {} preferences, column player {} preferences",
                c.row_game.1, c.column_game.1
            )
        };
        format!(
            "{who}; layer {}, row {}, column {} of the periodic table; {} family: {}",
            c.layer,
            c.table_row,
            c.table_column,
            self.family.label(),
            self.family.description()
        )
    }

    /// The game as a playable [`GameConfig`] with the ordinal ranks as payoffs. Symmetric
    /// games keep their conventional action names, the others use C and D.
    pub fn to_game(&self) -> GameConfig {
        let c = self.coordinates();
        let (name, actions) = if self.is_symmetric() {
            let s = &SYMMETRIC[usize::from(c.table_row) - 1];
            let (_, _, actions) = symmetric_oriented(s);
            (format!("{} ({})", self.name, self.id), actions)
        } else {
            (
                format!("{} ({} / {})", self.id, c.row_game.1, c.column_game.1),
                ["C", "D"],
            )
        };
        GameConfig {
            name,
            actions: [actions[0].to_string(), actions[1].to_string()],
            row: to_f64(&self.row),
            column: to_f64(&self.column),
        }
    }
}

/// All 144 games, ordered by family then by place in the periodic table (row, column).
pub fn ordinal_games() -> Vec<OrdinalGame> {
    let perms = permutations();
    let mut oriented: BTreeSet<(Table, Table)> = BTreeSet::new();
    for r in &perms {
        for c in &perms {
            let (row, column, _, _) = orient(&as_table(*r), &as_table(*c));
            oriented.insert((row, column));
        }
    }
    let mut games: Vec<OrdinalGame> = oriented
        .into_iter()
        .filter_map(|(row, column)| OrdinalGame::from_oriented(row, column))
        .collect();
    games.sort_by_key(|g| {
        let c = g.coordinates();
        (g.family, c.table_row, c.table_column)
    });
    games
}

/// The game with identifier `id` (case-insensitive), e.g. `Pd` or `PdCh`.
pub fn find(id: &str) -> Option<OrdinalGame> {
    let id = id.trim();
    ordinal_games()
        .into_iter()
        .find(|g| g.id.eq_ignore_ascii_case(id))
}

/// The games of one family, in table order.
pub fn by_family(family: Family) -> Vec<OrdinalGame> {
    ordinal_games()
        .into_iter()
        .filter(|g| g.family == family)
        .collect()
}

/// Ranks 1..4 of four distinct payoffs, or `None` if two are equal.
fn ranks(m: &[[f64; 2]; 2]) -> Option<Table> {
    let v = [m[0][0], m[0][1], m[1][0], m[1][1]];
    let mut out = [0u8; 4];
    for (k, &x) in v.iter().enumerate() {
        let below = v.iter().filter(|&&y| y < x).count();
        let equal = v.iter().filter(|&&y| y == x).count();
        if equal > 1 {
            return None;
        }
        out[k] = below as u8 + 1;
    }
    Some(as_table(out))
}

/// Locate any 2x2 game with strictly ordered payoffs for each player in the table: its
/// payoffs are replaced by their ranks and the game oriented as in the table (Bruns 2015's
/// procedure). Games with ties are not among the 144 and are refused with a message.
pub fn locate(game: &GameConfig) -> Result<OrdinalGame, ConfigError> {
    game.validate()?;
    let row = ranks(&game.row).ok_or_else(|| {
        ConfigError::new(
            "row",
            "the row player's four payoffs must all differ to place the game among the 144 strict ordinal games",
        )
    })?;
    let column = ranks(&game.column).ok_or_else(|| {
        ConfigError::new(
            "column",
            "the column player's four payoffs must all differ to place the game among the 144 strict ordinal games",
        )
    })?;
    let (row, column, _, _) = orient(&row, &column);
    OrdinalGame::from_oriented(row, column)
        .ok_or_else(|| ConfigError::new("", "this game could not be placed in the table"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_symmetric_game_is_symmetric_and_has_a_distinct_row_pattern() {
        let mut rows = BTreeSet::new();
        let mut columns = BTreeSet::new();
        for s in &SYMMETRIC {
            let (row, column, _) = symmetric_oriented(s);
            assert_eq!(column, transpose(&row), "{}", s.code);
            assert_eq!(position_of_best(&row).0, 1, "{}", s.code);
            rows.insert(row);
            columns.insert(column);
        }
        // 12 oriented row tables: the row player's 4 in one of two bottom cells, the other
        // three ranks in any of 3! orders.
        assert_eq!(rows.len(), 12);
        assert_eq!(columns.len(), 12);
    }

    #[test]
    fn hexagon_neighbours_differ_by_one_adjacent_swap() {
        // Within each layer, consecutive symmetric games (cyclically) differ by exchanging two
        // adjacent ranks (1-2 or 2-3) of the row player.
        let swapped = |a: [u8; 4], b: [u8; 4]| {
            let diff: Vec<usize> = (0..4).filter(|&k| a[k] != b[k]).collect();
            diff.len() == 2
                && a[diff[0]] == b[diff[1]]
                && a[diff[1]] == b[diff[0]]
                && a[diff[0]].abs_diff(a[diff[1]]) == 1
                && a[diff[0]] != 4
                && a[diff[1]] != 4
        };
        for block in [0usize, 6] {
            for k in 0..6 {
                let a = SYMMETRIC[block + k].rstp;
                let b = SYMMETRIC[block + (k + 1) % 6].rstp;
                assert!(
                    swapped(a, b),
                    "{} -> {}",
                    SYMMETRIC[block + k].code,
                    SYMMETRIC[block + (k + 1) % 6].code
                );
            }
        }
    }

    #[test]
    fn orientation_is_unique_within_each_class() {
        let r = as_table([2, 4, 1, 3]);
        let c = as_table([4, 1, 3, 2]);
        let base = orient(&r, &c);
        for (rr, cc) in [
            (swap_rows(&r), swap_rows(&c)),
            (swap_columns(&r), swap_columns(&c)),
            (swap_rows(&swap_columns(&r)), swap_rows(&swap_columns(&c))),
        ] {
            let o = orient(&rr, &cc);
            assert_eq!((o.0, o.1), (base.0, base.1));
        }
    }

    #[test]
    fn ranks_refuse_ties() {
        assert_eq!(ranks(&[[10.0, 0.0], [-3.0, 7.5]]), Some([[4, 2], [1, 3]]));
        assert_eq!(ranks(&[[1.0, 0.0], [0.0, 2.0]]), None);
    }
}
