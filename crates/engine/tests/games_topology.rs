//! The 144 strict ordinal 2x2 games: counts and placements checked against the literature
//! (Robinson & Goforth 2005; Bruns 2015; Akata et al. 2025) and against brute force.

use agora_engine::games::game::GameConfig;
use agora_engine::games::topology::{by_family, find, locate, ordinal_games, Family};
use std::collections::{BTreeMap, BTreeSet};

type Table = [[u8; 2]; 2];

fn swaps(row: Table, column: Table) -> Vec<(Table, Table)> {
    let sr = |m: Table| [m[1], m[0]];
    let sc = |m: Table| [[m[0][1], m[0][0]], [m[1][1], m[1][0]]];
    vec![
        (row, column),
        (sr(row), sr(column)),
        (sc(row), sc(column)),
        (sr(sc(row)), sr(sc(column))),
    ]
}

fn all_tables() -> Vec<Table> {
    let mut out = Vec::new();
    for a in 1..=4u8 {
        for b in 1..=4u8 {
            for c in 1..=4u8 {
                for d in 1..=4u8 {
                    let v = [a, b, c, d];
                    if (1..=4u8).all(|k| v.contains(&k)) {
                        out.push([[a, b], [c, d]]);
                    }
                }
            }
        }
    }
    out
}

#[test]
fn there_are_144_distinct_games_covering_all_576_tables() {
    let games = ordinal_games();
    assert_eq!(games.len(), 144);
    let ids: BTreeSet<&str> = games.iter().map(|g| g.id.as_str()).collect();
    assert_eq!(ids.len(), 144, "identifiers are unique");

    // No game is another one with its rows or columns swapped.
    let mut owner: BTreeMap<(Table, Table), &str> = BTreeMap::new();
    for g in &games {
        for t in swaps(g.row, g.column) {
            if let Some(other) = owner.insert(t, &g.id) {
                assert_eq!(other, g.id, "{} and {} are the same game", other, g.id);
            }
        }
    }
    // Every one of the 4! x 4! = 576 ordinal tables is one of the 144, in exactly one way.
    assert_eq!(owner.len(), 576);
    for r in all_tables() {
        for c in all_tables() {
            assert!(owner.contains_key(&(r, c)));
        }
    }
}

#[test]
fn every_game_validates_and_is_ordinal() {
    for g in ordinal_games() {
        for m in [g.row, g.column] {
            let mut v: Vec<u8> = m.iter().flatten().copied().collect();
            v.sort_unstable();
            assert_eq!(v, vec![1, 2, 3, 4], "{}", g.id);
        }
        let game = g.to_game();
        game.validate().unwrap_or_else(|e| panic!("{}: {e}", g.id));
        assert!(game.name.contains(&g.id));
        assert!(!g.family.description().is_empty());
    }
}

#[test]
fn family_sizes_are_the_published_ones() {
    // Akata et al. (2025), following Bruns (2015).
    let published = [
        (Family::WinWin, 36),
        (Family::Biased, 44),
        (Family::Unfair, 19),
        (Family::Cyclic, 18),
        (Family::SecondBest, 12),
        (Family::Tragic, 8),
        (Family::PdFamily, 7),
    ];
    for (family, n) in published {
        assert_eq!(by_family(family).len(), n, "{}", family.label());
    }
    assert_eq!(
        published.iter().map(|p| p.1).sum::<usize>(),
        ordinal_games().len()
    );
}

#[test]
fn the_18_games_without_a_pure_equilibrium_are_the_cyclic_ones() {
    // A strict 2x2 game lacks a pure equilibrium exactly when neither player has a dominant
    // action (probability 1/2 each) and the two best-reply patterns cycle (1/2): 144 / 8 = 18.
    let games = ordinal_games();
    let none: Vec<_> = games
        .iter()
        .filter(|g| g.to_game().pure_equilibria().is_empty())
        .collect();
    assert_eq!(none.len(), 18);
    assert!(none.iter().all(|g| g.family == Family::Cyclic));
    // Each has a fully mixed equilibrium instead (Nash's theorem for 2x2 games).
    assert!(none
        .iter()
        .all(|g| g.to_game().mixed_equilibrium().is_some()));
}

#[test]
fn win_win_games_are_those_where_both_best_outcomes_coincide() {
    // A cell with (4, 4) is always an equilibrium, and the column player's 4 falls on the row
    // player's in a quarter of all tables: 144 / 4 = 36.
    for g in ordinal_games() {
        let together = (0..2).any(|i| (0..2).any(|j| g.row[i][j] == 4 && g.column[i][j] == 4));
        assert_eq!(together, g.family == Family::WinWin, "{}", g.id);
        assert_eq!(together, g.coordinates().layer == 4, "{}", g.id);
    }
}

#[test]
fn twelve_games_are_symmetric_and_they_lie_on_the_diagonal() {
    // Robinson & Goforth (2005): 12 of the 144 games are symmetric.
    let games = ordinal_games();
    let symmetric: Vec<_> = games
        .iter()
        .filter(|g| g.to_game().is_symmetric())
        .collect();
    assert_eq!(symmetric.len(), 12);
    for g in &symmetric {
        let c = g.coordinates();
        assert_eq!(c.table_row, c.table_column, "{}", g.id);
        assert!(c.layer == 1 || c.layer == 4);
        assert_eq!(g.id.len(), 2);
    }
    // Each layer is a 6 x 6 block.
    for layer in 1..=4 {
        assert_eq!(
            games
                .iter()
                .filter(|g| g.coordinates().layer == layer)
                .count(),
            36
        );
    }
}

#[test]
fn well_known_games_land_where_the_literature_puts_them() {
    let sym = GameConfig::symmetric;
    // Textbook payoffs R, S, T, P, located from scratch.
    let cases = [
        // Axelrod's Prisoner's Dilemma: in the PD family (Bruns 2015; Akata et al. 2025).
        (GameConfig::prisoners_dilemma(), "Pd", Family::PdFamily),
        // Akata et al.'s Prisoner's Dilemma, options J and F.
        (
            sym("PD", ["J", "F"], 8.0, 0.0, 10.0, 5.0),
            "Pd",
            Family::PdFamily,
        ),
        // Stag Hunt (Skyrms 2004): mutual stag is an equilibrium best for both.
        (
            sym("Stag Hunt", ["Stag", "Hare"], 4.0, 1.0, 3.0, 2.0),
            "Sh",
            Family::WinWin,
        ),
        // Strict Battle of the Sexes (Rapoport's Hero): Akata et al. place it in the biased
        // family, two equilibria paying (4, 3) and (3, 4).
        (
            GameConfig {
                name: "Battle of the Sexes".into(),
                actions: ["Ballet".into(), "Boxing".into()],
                row: [[4.0, 2.0], [1.0, 3.0]],
                column: [[3.0, 2.0], [1.0, 4.0]],
            },
            "Ba",
            Family::Biased,
        ),
        // Chicken (Rapoport & Chammah 1966): each equilibrium pays one driver 4, the other 2.
        (
            sym("Chicken", ["Swerve", "Straight"], 3.0, 1.0, 5.0, 0.0),
            "Ch",
            Family::Unfair,
        ),
        // Harmony and Deadlock as in the presets (Robinson & Goforth 2005).
        (GameConfig::preset("harmony").unwrap(), "Ha", Family::WinWin),
        (
            GameConfig::preset("deadlock").unwrap(),
            "Dl",
            Family::SecondBest,
        ),
    ];
    for (game, id, family) in cases {
        let g = locate(&game).unwrap_or_else(|e| panic!("{}: {e}", game.name));
        assert_eq!(g.id, id, "{}", game.name);
        assert_eq!(g.family, family, "{}", game.name);
    }
    // The Prisoner's Dilemma appears with the usual letters, C first.
    let pd = find("Pd").unwrap().to_game();
    assert_eq!(pd.rstp(), (3.0, 1.0, 4.0, 2.0));
    assert_eq!(pd.actions, ["Cooperate".to_string(), "Defect".to_string()]);
    assert!(pd.is_symmetric());
    assert_eq!(pd.name, "Prisoner's Dilemma (Pd)");
}

#[test]
fn a_strict_matching_pennies_is_cyclic() {
    // Row wants to match, column to mismatch; ranks break the ties of the zero-sum version.
    let game = GameConfig {
        name: "Matching Pennies (strict)".into(),
        actions: ["Heads".into(), "Tails".into()],
        row: [[4.0, 1.0], [2.0, 3.0]],
        column: [[1.0, 4.0], [3.0, 2.0]],
    };
    assert_eq!(locate(&game).unwrap().family, Family::Cyclic);
}

#[test]
fn games_with_ties_are_refused_with_a_message() {
    // Akata et al.'s Battle of the Sexes pays 0 for both mismatches: not a strict game.
    let bos = GameConfig::preset("battle_of_the_sexes").unwrap();
    let err = locate(&bos).unwrap_err();
    assert!(err.message.contains("must all differ"), "{err}");
    let mut bad = GameConfig::prisoners_dilemma();
    bad.row[0][0] = f64::NAN;
    assert!(locate(&bad).is_err());
}

#[test]
fn find_round_trips_every_identifier_and_location() {
    for g in ordinal_games() {
        assert_eq!(find(&g.id).as_ref(), Some(&g));
        assert_eq!(find(&g.id.to_lowercase()).as_ref(), Some(&g));
        // Locating the playable game, or any relabelled copy of it, gives the game back.
        let game = g.to_game();
        assert_eq!(locate(&game).unwrap(), g);
        assert_eq!(locate(&game.transposed()).unwrap().coordinates().layer, {
            // Swapping the players swaps the row and column games, hence layers 2 and 3.
            match g.coordinates().layer {
                2 => 3,
                3 => 2,
                l => l,
            }
        });
    }
    assert!(find("nope").is_none());
    assert!(find("").is_none());
}

#[test]
fn swapping_players_keeps_the_family_and_mirrors_the_coordinates() {
    // The families are defined by the players' equilibrium payoffs as an unordered pair, so
    // relabelling the players cannot change them.
    for g in ordinal_games() {
        let t = locate(&g.to_game().transposed()).unwrap();
        assert_eq!(t.family, g.family, "{}", g.id);
        let (a, b) = (g.coordinates(), t.coordinates());
        assert_eq!((a.table_row, a.table_column), (b.table_column, b.table_row));
    }
}

#[test]
fn order_is_by_family_then_table_position_and_families_serialize() {
    let games = ordinal_games();
    let keys: Vec<_> = games
        .iter()
        .map(|g| {
            let c = g.coordinates();
            (g.family, c.table_row, c.table_column)
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
    assert_eq!(ordinal_games(), games, "deterministic");
    assert_eq!(
        serde_json::to_string(&Family::PdFamily).unwrap(),
        "\"pd_family\""
    );
    let back: Family = serde_json::from_str("\"win_win\"").unwrap();
    assert_eq!(back, Family::WinWin);
    assert_eq!(Family::ALL.len(), 7);
}
