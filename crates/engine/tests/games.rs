//! The repeated-games engine against published checkpoints: the Axelrod library's tests and
//! documentation (10 turns, 1 repetition, R, S, T, P = 3, 0, 5, 1) and Nicky Case's
//! The Evolution of Trust (R, S, T, P = 2, -1, 3, 0). Every expected number below is also
//! derived by hand in the comments.

use agora_engine::games::play::{play, MatchConfig};
use agora_engine::games::strategies::random::RandomParams;
use agora_engine::games::{Action, GameConfig, StrategyConfig, TournamentConfig};

fn by(kind: &str) -> StrategyConfig {
    StrategyConfig::by_kind(kind).unwrap_or_else(|| panic!("no strategy {kind}"))
}

fn tournament(kinds: &[&str], game: GameConfig, turns: usize) -> TournamentConfig {
    TournamentConfig {
        seed: 0,
        game,
        players: kinds.iter().map(|k| by(k)).collect(),
        turns,
        noise: 0.0,
        prob_end: 0.0,
        repetitions: 1,
        transcript: Default::default(),
    }
}

fn match_of(a: &str, b: &str, turns: usize) -> agora_engine::games::MatchResult {
    let cfg = MatchConfig {
        turns,
        noise: 0.0,
        prob_end: 0.0,
    };
    play(
        &by(a),
        &by(b),
        &GameConfig::prisoners_dilemma(),
        &cfg,
        0,
        &[],
    )
}

/// Each player's single-repetition score.
fn scores(t: &TournamentConfig) -> Vec<f64> {
    t.run().unwrap().scores.iter().map(|s| s[0]).collect()
}

#[test]
fn cooperator_vs_defector_10_turns() {
    // Ten rounds of (C, D): S = 0 and T = 5 each.
    assert_eq!(match_of("Cooperator", "Defector", 10).scores, [0.0, 50.0]);
}

#[test]
fn tit_for_tat_vs_defector_10_turns() {
    // Round 1 (C, D): 0 / 5; rounds 2-10 (D, D): 9 x 1.
    assert_eq!(match_of("TitForTat", "Defector", 10).scores, [9.0, 14.0]);
}

#[test]
fn three_player_tournament() {
    // C: 30 (vs TFT) + 0 (vs D); TFT: 30 + 9; D: 50 + 14.
    let t = tournament(
        &["Cooperator", "TitForTat", "Defector"],
        GameConfig::prisoners_dilemma(),
        10,
    );
    assert_eq!(scores(&t), vec![30.0, 39.0, 64.0]);
}

#[test]
fn four_player_tournament_as_in_axelrods_docs() {
    // Axelrod's docs order: Cooperator, Defector, TitForTat, Grudger.
    // C: 0 + 30 + 30 = 60; D: 50 + 14 + 14 = 78; TFT: 30 + 9 + 30 = 69; Grudger: 30 + 9 + 30 = 69.
    let t = tournament(
        &["Cooperator", "Defector", "TitForTat", "Grudger"],
        GameConfig::prisoners_dilemma(),
        10,
    );
    let r = t.run().unwrap();
    let s: Vec<f64> = r.scores.iter().map(|s| s[0]).collect();
    assert_eq!(s, vec![60.0, 78.0, 69.0, 69.0]);
    // Normalised: score / (3 opponents x 10 turns).
    let want = [2.0, 2.6, 2.3, 2.3];
    for (i, w) in want.iter().enumerate() {
        assert!(
            (r.normalised_scores[i][0] - w).abs() < 1e-12,
            "{i}: {:?}",
            r.normalised_scores
        );
    }
    assert_eq!(
        r.ranked_names,
        vec!["Defector", "Tit For Tat", "Grudger", "Cooperator"]
    );
    assert_eq!(r.ranking, vec![1, 2, 3, 0]);
    // Defector's row: 5 per turn against C, 1 against itself, 14/10 against TFT and Grudger.
    let row = &r.payoff_matrix[1];
    let want = [5.0, 1.0, 1.4, 1.4];
    for (j, w) in want.iter().enumerate() {
        assert!((row[j] - w).abs() < 1e-12, "{row:?}");
    }
    // Wins: D beats everyone else; TFT and Grudger lose only to D; C wins nothing.
    assert_eq!(
        r.wins.iter().map(|w| w[0]).collect::<Vec<_>>(),
        vec![0, 3, 0, 0]
    );
    // Cooperation against others: C always; D never; TFT 10 + 1 + 10 of 30; Grudger the same.
    let coop = &r.cooperation_rating;
    assert_eq!(coop[0], 1.0);
    assert_eq!(coop[1], 0.0);
    assert!((coop[2] - 21.0 / 30.0).abs() < 1e-12 && (coop[3] - 21.0 / 30.0).abs() < 1e-12);
}

#[test]
fn adding_go_by_majority() {
    // GoByMajority cooperates with the cooperators (30 each way) and, after D's first move,
    // defects against D: D gets 5 + 9 = 14 from it, GoByMajority 0 + 9 = 9.
    // C 60 + 30 = 90; D 78 + 14 = 92; TFT 69 + 30 = 99; Grudger 69 + 30 = 99;
    // GoByMajority 30 + 9 + 30 + 30 = 99.
    let t = tournament(
        &[
            "Cooperator",
            "Defector",
            "TitForTat",
            "Grudger",
            "GoByMajority",
        ],
        GameConfig::prisoners_dilemma(),
        10,
    );
    assert_eq!(scores(&t), vec![90.0, 92.0, 99.0, 99.0, 99.0]);
}

#[test]
fn cooperator_vs_alternator_25_turns() {
    // Alternator plays 13 C and 12 D: Cooperator 13 x 3 = 39, Alternator 13 x 3 + 12 x 5 = 99.
    assert_eq!(
        match_of("Cooperator", "Alternator", 25).scores,
        [39.0, 99.0]
    );
}

#[test]
fn alternator_vs_tit_for_tat_5_turns() {
    use Action::{C, D};
    assert_eq!(
        match_of("Alternator", "TitForTat", 5).moves,
        vec![(C, C), (D, C), (C, D), (D, C), (C, D)]
    );
}

#[test]
fn evolution_of_trust_tournament() {
    // 10 rounds, R, T, S, P = 2, 3, -1, 0. Detective plays C, D, C, C, then Tit For Tat if
    // the opponent defected in those rounds, else always D.
    // Copycat: -1 (vs Cheat) + 20 (vs Cooperate) + 20 (vs Grudger)
    //   + 18 (vs Detective: rounds 2, -1, 3, then 7 x 2) = 57.
    // Always Cheat: 3 + 30 + 3 + 9 (vs Detective: 3, 0, 3, 3, then 0) = 45.
    // Always Cooperate: 20 - 10 + 20 - 1 (vs Detective: 2, -1, 2, 2, then 6 x -1) = 29.
    // Grudger: 20 - 1 + 20 + 7 (vs Detective: 2, -1, 3, 3, then 0) = 46.
    // Detective: 18 (vs Copycat: 2, 3, -1, 2, 6 x 2) - 3 (vs Cheat: -1, 0, -1, -1, then 0)
    //   + 27 (vs Cooperate: 2, 3, 2, 2, 6 x 3) + 3 (vs Grudger: 2, 3, -1, -1, then 0) = 45.
    let game = GameConfig::preset("pd_trust").unwrap();
    let t = tournament(
        &[
            "TitForTat",
            "Defector",
            "Cooperator",
            "Grudger",
            "Detective",
        ],
        game,
        10,
    );
    assert_eq!(scores(&t), vec![57.0, 45.0, 29.0, 46.0, 45.0]);
}

#[test]
fn same_seed_same_results_and_noise_changes_them() {
    let mut t = tournament(
        &[
            "TitForTat",
            "GTFT",
            "Random",
            "WinStayLoseShift",
            "ZDExtort2",
            "FirstByJoss",
        ],
        GameConfig::prisoners_dilemma(),
        50,
    );
    t.repetitions = 3;
    t.seed = 42;
    let a = t.run().unwrap();
    assert_eq!(a, t.run().unwrap());
    let json = serde_json::to_string(&a).unwrap();
    let back: agora_engine::games::TournamentResults = serde_json::from_str(&json).unwrap();
    assert_eq!(back, a);
    t.noise = 0.1;
    let b = t.run().unwrap();
    assert_ne!(a.scores, b.scores);
    t.seed = 43;
    assert_ne!(b.scores, t.run().unwrap().scores);
}

#[test]
fn noise_perturbs_deterministic_players() {
    // Without noise TFT vs TFT cooperates throughout (3 per turn); with noise it cannot.
    let mut t = tournament(
        &["TitForTat", "TitForTat"],
        GameConfig::prisoners_dilemma(),
        100,
    );
    assert_eq!(t.run().unwrap().payoff_matrix[0][1], 3.0);
    t.noise = 0.05;
    assert!(t.run().unwrap().payoff_matrix[0][1] < 3.0);
}

#[test]
fn adding_a_player_leaves_other_matches_unchanged() {
    let kinds = ["Random", "GTFT", "TitForTat", "FirstByJoss"];
    let mut small = tournament(&kinds, GameConfig::prisoners_dilemma(), 40);
    small.noise = 0.1;
    small.prob_end = 0.02;
    small.repetitions = 2;
    let mut big = small.clone();
    // A new player first, and a second Random (a distinct stream) at the end.
    big.players.insert(0, by("ZDGTFT2"));
    big.players
        .push(StrategyConfig::Random(RandomParams { p: 0.5 }));
    let (s_ids, b_ids) = (small.stream_ids(), big.stream_ids());
    for rep in 0..2 {
        for i in 0..kinds.len() {
            for j in i..kinds.len() {
                let m1 = small.play_match(i, j, rep, &s_ids);
                let m2 = big.play_match(i + 1, j + 1, rep, &b_ids);
                assert_eq!(m1, m2, "{i} vs {j}, repetition {rep}");
            }
        }
    }
    let s = small.run().unwrap();
    let b = big.run().unwrap();
    for i in 0..kinds.len() {
        for j in 0..kinds.len() {
            assert_eq!(s.payoff_matrix[i][j], b.payoff_matrix[i + 1][j + 1]);
        }
    }
    // The duplicate Random has its own stream: its match with TitForTat differs from the first's.
    let first = big.play_match(1, 3, 0, &b_ids);
    let second = big.play_match(3, 5, 0, &b_ids);
    assert_ne!(
        first.moves.iter().map(|m| m.0).collect::<Vec<_>>(),
        second.moves.iter().map(|m| m.1).collect::<Vec<_>>()
    );
}

#[test]
fn asymmetric_game_payoffs_follow_the_sides() {
    // Battle of the Sexes, both always play J (C): row gets 10, column 7 per turn.
    let game = GameConfig::preset("battle_of_the_sexes").unwrap();
    let cfg = MatchConfig {
        turns: 10,
        ..MatchConfig::default()
    };
    let m = play(&by("Cooperator"), &by("Cooperator"), &game, &cfg, 0, &[]);
    assert_eq!(m.scores, [100.0, 70.0]);
}

#[test]
fn configs_round_trip_and_reject_unknown_fields() {
    let t = tournament(
        &["TitForTat", "Cycler"],
        GameConfig::prisoners_dilemma(),
        10,
    );
    let json = serde_json::to_string(&t).unwrap();
    let back: TournamentConfig = serde_json::from_str(&json).unwrap();
    assert_eq!(back, t);
    let bad = json.replacen("\"seed\"", "\"sead\"", 1);
    assert!(serde_json::from_str::<TournamentConfig>(&bad).is_err());
}

#[test]
fn each_player_sees_the_game_from_its_own_side() {
    // Row payoffs are Axelrod's (GTFT forgives with p = min(1 - 2/3, 2/4) = 1/3), the column
    // player's are Akata's 8, 0, 10, 5 (p = min(1 - 2/8, 3/5) = 3/5). GTFT as the column
    // player against Defector must forgive at 3/5, not 1/3.
    let mut game = GameConfig::prisoners_dilemma();
    game.column = [[8.0, 10.0], [0.0, 5.0]];
    let cfg = MatchConfig {
        turns: 20_000,
        ..MatchConfig::default()
    };
    let m = play(&by("Defector"), &by("GTFT"), &game, &cfg, 3, &[]);
    let forgiving = m.moves[1..].iter().filter(|m| m.1 == Action::C).count() as f64;
    let rate = forgiving / (m.turns() - 1) as f64;
    // Binomial sd sqrt(0.24 / 20000) ~ 0.0035.
    assert!((rate - 0.6).abs() < 0.015, "{rate}");
}

#[test]
fn normalised_scores_use_each_match_length() {
    // With a probabilistic ending the matches have different lengths, but Defector earns T = 5
    // and Cooperator S = 0 in every turn against each other, so their normalised scores are 5
    // and 0 exactly, and the totals are 5 and 0 times the length of each match.
    let mut t = tournament(
        &["Cooperator", "Defector"],
        GameConfig::prisoners_dilemma(),
        1000,
    );
    t.prob_end = 0.1;
    t.repetitions = 5;
    let r = t.run().unwrap();
    for rep in 0..5 {
        assert_eq!(r.normalised_scores[1][rep], 5.0);
        assert_eq!(r.normalised_scores[0][rep], 0.0);
        assert_eq!(r.scores[1][rep] % 5.0, 0.0);
    }
    let lengths: Vec<f64> = r.scores[1].iter().map(|s| s / 5.0).collect();
    assert!(lengths.iter().any(|&l| l != lengths[0]), "{lengths:?}");
    assert_eq!(r.median_normalised_scores, vec![0.0, 5.0]);
}

#[test]
fn every_strategy_plays_a_noisy_tournament_within_the_payoff_bounds() {
    // Each turn pays between S = 0 and T = 5, so every normalised score and every payoff-matrix
    // entry lies in [0, 5]; each player can win at most its n - 1 matches per repetition.
    let players = StrategyConfig::all_defaults()
        .into_iter()
        .filter(|p| !p.is_llm())
        .collect::<Vec<_>>();
    let n = players.len();
    let t = TournamentConfig {
        seed: 7,
        game: GameConfig::prisoners_dilemma(),
        players,
        turns: 30,
        noise: 0.05,
        prob_end: 0.05,
        repetitions: 2,
        transcript: Default::default(),
    };
    let r = t.run().unwrap();
    let mut ranking = r.ranking.clone();
    ranking.sort_unstable();
    assert_eq!(ranking, (0..n).collect::<Vec<_>>());
    for i in 0..n {
        for rep in 0..2 {
            assert!((0.0..=5.0).contains(&r.normalised_scores[i][rep]));
            assert!((r.wins[i][rep] as usize) < n);
        }
        assert!((0.0..=1.0).contains(&r.cooperation_rating[i]));
        assert!(r.payoff_matrix[i].iter().all(|x| (0.0..=5.0).contains(x)));
    }
}

#[test]
fn zero_sum_game_scores_sum_to_zero() {
    // Matching Pennies pays +1 / -1 each turn, so every match (self-play excluded) sums to 0
    // and so do all players' scores in each repetition.
    let game = GameConfig::preset("matching_pennies").unwrap();
    let mut t = tournament(
        &["Random", "TitForTat", "Alternator", "GTFT", "Bully"],
        game,
        50,
    );
    t.noise = 0.1;
    t.repetitions = 3;
    let r = t.run().unwrap();
    for rep in 0..3 {
        let total: f64 = r.scores.iter().map(|s| s[rep]).sum();
        assert_eq!(total, 0.0);
    }
}

#[test]
fn players_reused_across_matches_play_as_fresh_ones() {
    // The tournament builds each player once and resets it before every match; a player whose
    // reset forgot some state would play differently from a freshly built one.
    let t = agora_engine::games::TournamentConfig {
        seed: 5,
        game: GameConfig::prisoners_dilemma(),
        players: agora_engine::games::StrategyConfig::all_defaults()
            .into_iter()
            .filter(|p| !p.is_llm())
            .collect::<Vec<_>>(),
        turns: 30,
        noise: 0.05,
        prob_end: 0.02,
        repetitions: 2,
        transcript: Default::default(),
    };
    let results = t.run().unwrap();
    let ids = t.stream_ids();
    let n = t.players.len();
    for i in 0..n {
        for j in i + 1..n {
            let mut sum = 0.0;
            for rep in 0..t.repetitions {
                let m = t.play_match(i, j, rep, &ids);
                sum += m.scores[0] / m.turns().max(1) as f64;
            }
            let fresh = sum / t.repetitions as f64;
            assert!(
                (results.payoff_matrix[i][j] - fresh).abs() < 1e-12,
                "{} vs {}: {} in the tournament, {fresh} fresh",
                t.players[i].kind(),
                t.players[j].kind(),
                results.payoff_matrix[i][j]
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The presets tell stories; their descriptions make claims that the runs must bear out.
// ---------------------------------------------------------------------------------------------

use agora_engine::games::presets as stories;
use agora_engine::games::{GamesExperiment, GamesResults, GamesRunner};

fn run_preset(e: GamesExperiment) -> GamesResults {
    GamesRunner::new(&e).unwrap().run_to_end()
}

#[test]
fn story_noise_makes_forgiveness_win() {
    // With mistakes Copykitten (Tit For 2 Tats) ends with more agents than Copycat (Tit For
    // Tat); without them it stays small and a retaliator leads.
    // The preset's description: Copykitten takes over for each of 20 seeds.
    for seed in 1..=20 {
        let GamesExperiment::Trust(mut cfg) = stories::trust_noise() else {
            panic!("trust")
        };
        cfg.seed = seed;
        let GamesResults::Trust(noisy) = run_preset(GamesExperiment::Trust(cfg)) else {
            panic!("trust")
        };
        let last = noisy.counts.last().unwrap();
        let (tft, tf2t) = (last[0], last[1]);
        assert!(tf2t > tft, "seed {seed}: TF2T {tf2t} vs TFT {tft}");
        assert!(
            tf2t * 2 > last.iter().sum::<usize>(),
            "seed {seed}: TF2T holds most agents: {last:?}"
        );
    }
    let GamesResults::Trust(clean) = run_preset(stories::trust_no_noise()) else {
        panic!("trust")
    };
    let last = clean.counts.last().unwrap();
    let leader = (0..last.len()).max_by_key(|&i| last[i]).unwrap();
    assert!(
        ["Tit For Tat", "Grudger"].contains(&clean.types[leader].as_str()),
        "without noise a retaliator leads: {:?} {last:?}",
        clean.types
    );
    assert!(last[1] < last[leader], "{last:?}");
}

#[test]
fn story_anti_tit_for_tat_meets_the_alternator_and_tit_for_tat_misses_it() {
    let GamesResults::Tournament(t) = run_preset(stories::bos_alternation()) else {
        panic!("tournament")
    };
    let idx = |name: &str| t.players.iter().position(|p| p == name).unwrap();
    let (alt, tft, anti) = (
        idx("Alternator"),
        idx("Tit For Tat"),
        idx("Anti Tit For Tat"),
    );
    // 10 rounds of Battle of the Sexes: JJ pays the row player 10 and the column player 7, FF
    // the reverse, a mismatch 0. The Alternator comes first in the list, so it is the row
    // player and the others play the column role. TFT meets it only in round 1 (JJ: 7), then
    // misses every round: 0.7 per round. Anti TFT meets it every round, alternating JJ (7) and
    // FF (10): 8.5 per round.
    assert!(alt < tft && alt < anti);
    assert_eq!(t.payoff_matrix[tft][alt], 0.7);
    assert_eq!(t.payoff_matrix[anti][alt], 8.5);
}

#[test]
fn story_hedge_time_average_approaches_the_rock_paper_scissors_equilibrium() {
    let GamesResults::Dynamics(d) = run_preset(stories::rps_hedge()) else {
        panic!("dynamics")
    };
    let avg = d.row.average.last().unwrap();
    for p in avg {
        assert!((p - 1.0 / 3.0).abs() < 0.05, "{avg:?}");
    }
    // The play itself does not settle: some step is far from uniform late in the run.
    let late = &d.row.current[d.row.current.len() / 2..];
    assert!(late
        .iter()
        .any(|x| x.iter().any(|p| (p - 1.0 / 3.0).abs() > 0.2)));
    assert!(*d.row.regret.last().unwrap() < 0.05);
}

#[test]
fn story_moran_tit_for_tat_takes_over_from_defectors() {
    let GamesResults::Moran(m) = run_preset(stories::moran_tft_invades()) else {
        panic!("moran")
    };
    let fixation = m.moran.unwrap().fixation.unwrap();
    assert_eq!(m.tournament.players[fixation.winner], "Tit For Tat");
}
