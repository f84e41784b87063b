//! The learning players of the iterated game (fictitious play, regret matching, Hedge, EXP3,
//! Q-learning): their rules on hand-written histories, their long-run behaviour against fixed
//! opponents and in self-play, determinism, and their place in tournaments. Every expected
//! number is derived by hand in the comments from the published update rules.

use agora_engine::games::play::{play, play_strategies, MatchStreams};
use agora_engine::games::strategies::exp3::Exp3Params;
use agora_engine::games::strategies::fictitious_play::FictitiousPlayParams;
use agora_engine::games::strategies::hedge::HedgeParams;
use agora_engine::games::strategies::q_learner::{state_of, QLearnerParams, START};
use agora_engine::games::strategies::regret_matching::RegretMatchingParams;
use agora_engine::games::{
    Action, GameConfig, MatchConfig, MatchResult, Strategy, StrategyConfig, TournamentConfig,
};
use agora_engine::rng::{Rng, Streams};

/// The learning players' kinds.
fn learners() -> Vec<&'static str> {
    StrategyConfig::all_defaults()
        .iter()
        .filter(|s| s.is_learner())
        .map(StrategyConfig::kind)
        .collect()
}

#[test]
fn the_learners_are_the_five_learning_players() {
    assert_eq!(
        learners(),
        [
            "FictitiousPlay",
            "RegretMatching",
            "Hedge",
            "EXP3",
            "QLearner"
        ]
    );
}

fn by(kind: &str) -> StrategyConfig {
    StrategyConfig::by_kind(kind).unwrap_or_else(|| panic!("no strategy {kind}"))
}

fn seq(s: &str) -> Vec<Action> {
    Action::parse_seq(s).unwrap()
}

fn turns(n: usize) -> MatchConfig {
    MatchConfig {
        turns: n,
        noise: 0.0,
        prob_end: 0.0,
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

fn coordination() -> GameConfig {
    GameConfig::symmetric("Coordination", ["Left", "Right"], 1.0, 0.0, 0.0, 1.0)
}

#[test]
fn learners_are_registered_with_their_defaults() {
    let all = StrategyConfig::all_defaults()
        .into_iter()
        .filter(|p| !p.is_llm())
        .collect::<Vec<_>>();
    for kind in learners() {
        let s = all
            .iter()
            .find(|s| s.kind() == kind)
            .unwrap_or_else(|| panic!("{kind} missing from all_defaults"));
        s.validate().unwrap();
        assert_eq!(s.about().axelrod, kind);
        assert!(s.about().stochastic);
        assert_eq!(s.about().memory, None);
        // Not Axelrod identifiers, and the source says so.
        assert!(s.about().source.contains("Not"), "{kind}");
    }
    // Parameters travel in the config JSON.
    let hedge: StrategyConfig = serde_json::from_str(r#"{"kind":"Hedge","eta":0.5}"#).unwrap();
    assert_eq!(hedge.label(), "Hedge: 0.5");
    assert_eq!(by("Hedge").label(), "Hedge");
    let q: StrategyConfig =
        serde_json::from_str(r#"{"kind":"QLearner","alpha":0.5,"gamma":0.0,"epsilon":0.0}"#)
            .unwrap();
    assert_eq!(q.label(), "Q-Learner: 0.5, 0, 0");
    let fp: StrategyConfig =
        serde_json::from_str(r#"{"kind":"FictitiousPlay","initial":"D"}"#).unwrap();
    assert_eq!(fp.validate(), Ok(()));
    // Bad values are explained, not run.
    for (json, field) in [
        (r#"{"kind":"Hedge","eta":-1}"#, "eta"),
        (r#"{"kind":"EXP3","gamma":0}"#, "gamma"),
        (r#"{"kind":"QLearner","alpha":2}"#, "alpha"),
        (r#"{"kind":"QLearner","gamma":1}"#, "gamma"),
        (r#"{"kind":"QLearner","epsilon":-0.5}"#, "epsilon"),
    ] {
        let s: StrategyConfig = serde_json::from_str(json).unwrap();
        let e = s.validate().unwrap_err();
        assert_eq!(e.field, field, "{json}");
        assert!(e.message.contains("must be"), "{}", e.message);
    }
    assert!(serde_json::from_str::<StrategyConfig>(r#"{"kind":"EXP3","eta":1}"#).is_err());
}

#[test]
fn fictitious_play_best_responds_to_frequencies() {
    let pd = GameConfig::prisoners_dilemma();
    let mut rng = Rng::stream(0, &[]);
    let mut fp = FictitiousPlayParams::default().player();
    // 3 D and 1 C: q = 1/4, u_C = 3/4 R + ... = (1/4) 3 + (3/4) 0 = 0.75,
    // u_D = (1/4) 5 + (3/4) 1 = 2: defect.
    let (own, opp) = (seq("CDDD"), seq("DDCD"));
    let u = fp.expected_payoffs(&own, &opp, &pd).unwrap();
    assert!(close(u[0], 0.75) && close(u[1], 2.0), "{u:?}");
    assert_eq!(fp.act(&own, &opp, &pd, &mut rng), Action::D);
    // Coordination 1/0/0/1: best response is the opponent's majority action.
    let g = coordination();
    let mut fp = FictitiousPlayParams::default().player();
    assert_eq!(fp.act(&seq("CCC"), &seq("DCD"), &g, &mut rng), Action::D);
    let mut fp = FictitiousPlayParams::default().player();
    assert_eq!(fp.act(&seq("CCCC"), &seq("CDCC"), &g, &mut rng), Action::C);
    // First move: the parameter.
    let mut fp = FictitiousPlayParams { initial: Action::D }.player();
    assert_eq!(fp.act(&[], &[], &g, &mut rng), Action::D);
}

#[test]
fn regret_matching_probabilities_by_hand() {
    // Stag Hunt, R, S, T, P = 4, 1, 3, 2; row = [[4, 1], [3, 2]].
    // (C, D): u(C) = 1, u(D) = 2, played C: R_D += 1.
    // (D, C): u(C) = 4, u(D) = 3, played D: R_C += 1.
    // (D, C): R_C += 1.  R = (2, 1), so p = (2/3, 1/3).
    let g = GameConfig::preset("stag_hunt").unwrap();
    let mut rm = RegretMatchingParams::default().player();
    let (own, opp) = (seq("CDD"), seq("DCC"));
    assert_eq!(rm.regrets(&own, &opp, &g), [2.0, 1.0]);
    let p = rm.probabilities(&own, &opp, &g);
    assert!(close(p[0], 2.0 / 3.0) && close(p[1], 1.0 / 3.0), "{p:?}");
    // (C, C): u(C) = 4, u(D) = 3, played C: R_D -= 1, so R = (2, 0): C for sure.
    assert_eq!(rm.probabilities(&seq("CDDC"), &seq("DCCC"), &g), [1.0, 0.0]);
    // Empty history: no positive regret, a fair coin.
    assert_eq!(rm.probabilities(&[], &[], &g), [0.5, 0.5]);
}

#[test]
fn hedge_weights_after_two_rounds_by_hand() {
    // The Evolution of Trust's PD, R, S, T, P = 2, -1, 3, 0, rescaled by (u + 1) / 4:
    // R = 0.75, S = 0, T = 1, P = 0.25. The opponent played C then D.
    // G_C = 0.75 + 0 = 0.75, G_D = 1 + 0.25 = 1.25. Round 3 with the default schedule:
    // eta_3 = sqrt(8 ln 2 / 3); p_C = e^{eta G_C} / (e^{eta G_C} + e^{eta G_D})
    // = 1 / (1 + e^{0.5 eta}).
    let g = GameConfig::preset("pd_trust").unwrap();
    let (own, opp) = (seq("DC"), seq("CD"));
    let mut h = HedgeParams::default().player();
    let gains = h.gains(&own, &opp, &g);
    assert!(close(gains[0], 0.75) && close(gains[1], 1.25), "{gains:?}");
    let eta = f64::sqrt(8.0 * libm::log(2.0) / 3.0);
    let p = h.probabilities(&own, &opp, &g);
    assert!(close(p[0], 1.0 / (1.0 + libm::exp(0.5 * eta))), "{p:?}");
    // A fixed rate: eta = 2 gives 1 / (1 + e).
    let mut h = HedgeParams { eta: Some(2.0) }.player();
    let p = h.probabilities(&own, &opp, &g);
    assert!(close(p[0], 1.0 / (1.0 + libm::exp(1.0))), "{p:?}");
}

#[test]
fn exp3_estimates_by_hand() {
    // Chicken, R, S, T, P = 3, 1, 5, 0, rescaled by u / 5: R = 0.6, S = 0.2, T = 1, P = 0.
    // gamma = 0.5, K = 2: p_i = 0.5 w_i / (w_C + w_D) + 0.25, w_i = exp(0.25 S_i).
    let g = GameConfig::preset("chicken").unwrap();
    let mut e = Exp3Params { gamma: 0.5 }.player();
    // Round 1 (C, D): p_C = 1/2, x = S = 0.2: S_C = 0.2 / 0.5 = 0.4.
    assert!(e.estimates(&seq("C"), &seq("D"), &g) == [0.4, 0.0]);
    // Then p_C = 0.5 e^{0.1} / (e^{0.1} + 1) + 0.25.
    let p_c = 0.5 * libm::exp(0.1) / (libm::exp(0.1) + 1.0) + 0.25;
    let p = e.probabilities(&seq("C"), &seq("D"), &g);
    assert!(close(p[0], p_c) && close(p[1], 1.0 - p_c), "{p:?}");
    // Round 2 (D, D): x = P = 0, nothing changes. Round 3 (D, C): x = T = 1 over the same
    // p_D = 1 - p_C: S_D = 1 / (1 - p_C).
    let s = e.estimates(&seq("CDD"), &seq("DDC"), &g);
    assert!(close(s[0], 0.4) && close(s[1], 1.0 / (1.0 - p_c)), "{s:?}");
    // Bandit feedback: S_C stayed 0.4 although C would have earned R = 0.6 against the
    // opponent's C in round 3 (Hedge would have credited it).
}

#[test]
fn q_learning_table_by_hand() {
    // Stag Hunt rescaled by (u - 1) / 3: R = 1, S = 0, T = 2/3, P = 1/3. alpha = 1, gamma = 0.5,
    // so each update sets Q(s, a) = r + 0.5 max_b Q(s', b) (max taken before the update).
    // 1: start, C vs C, r = 1, s' = CC (0):      Q[start][C] = 1.
    // 2: CC, C vs D, r = 0, s' = CD (0):         Q[CC][C] = 0.
    // 3: CD, D vs D, r = 1/3, s' = DD (0):       Q[CD][D] = 1/3.
    // 4: DD, C vs C, r = 1, s' = CC (max 0):     Q[DD][C] = 1.
    // 5: CC, C vs C, r = 1, s' = CC (max 0):     Q[CC][C] = 1.
    // 6: CC, C vs C, r = 1, s' = CC (max 1):     Q[CC][C] = 1.5.
    let g = GameConfig::preset("stag_hunt").unwrap();
    let params = QLearnerParams {
        alpha: 1.0,
        gamma: 0.5,
        epsilon: 0.0,
    };
    let mut q = params.player();
    let (own, opp) = (seq("CCDCCC"), seq("CDDCCC"));
    let (table, state) = q.table(&own, &opp, &g);
    use Action::{C, D};
    let mut expected = [[0.0; 2]; 5];
    expected[START][0] = 1.0;
    expected[state_of(C, C)][0] = 1.5;
    expected[state_of(C, D)][1] = 1.0 / 3.0;
    expected[state_of(D, D)][0] = 1.0;
    for s in 0..5 {
        for a in 0..2 {
            assert!(close(table[s][a], expected[s][a]), "{table:?}");
        }
    }
    assert_eq!(state, state_of(C, C));
    // Greedy (epsilon = 0) in CC: Q = (1.5, 0), cooperate.
    let mut rng = Rng::stream(0, &[]);
    assert_eq!(q.act(&own, &opp, &g, &mut rng), C);
    // With alpha = 0.5 the same first round moves Q[start][C] halfway: 0.5.
    let mut half = QLearnerParams {
        alpha: 0.5,
        ..params
    }
    .player();
    assert!(close(half.table(&own[..1], &opp[..1], &g).0[START][0], 0.5));
}

/// Fraction of the row player's recorded D in turns `from..`.
fn defection_rate(m: &MatchResult, from: usize) -> f64 {
    let tail = &m.moves[from..];
    tail.iter().filter(|(a, _)| *a == Action::D).count() as f64 / tail.len() as f64
}

#[test]
fn every_learner_ends_up_defecting_against_defector() {
    // In the PD against Defector, D earns P = 1 and C earns S = 0 every round, so D has the
    // larger gain, regret and value. Expected C rates late in a 1000-turn match (second
    // half), with the default parameters:
    // - fictitious play: D is a strict best reply to any belief, so C only on move 1;
    // - regret matching: after one C, R_D > 0 >= R_C forever, so D for sure;
    // - Hedge: p_C = 1 / (1 + exp(eta_t 0.2 (t - 1))) < 1e-4 for t > 500;
    // - EXP3 (gamma = 0.1): E[S_D - S_C] = 0.2 (t - 1), so p_C is about
    //   0.9 / (1 + e^{0.01 t}) + 0.05 < 0.06 for t > 500 (the 0.05 is exploration);
    // - Q-learning (epsilon = 0.1): D is worth P = 0.2 (rescaled) more than C in every state,
    //   since both lead to states of equal value, Q*(s, D) - Q*(s, C) = 0.2; once the table
    //   ranks D first, p_C is epsilon / 2 = 0.05.
    // So each defects well above 85% of the second half.
    let pd = GameConfig::prisoners_dilemma();
    for kind in learners() {
        for seed in 0..5 {
            let m = play(&by(kind), &by("Defector"), &pd, &turns(1000), seed, &[]);
            let late = defection_rate(&m, 500);
            assert!(late > 0.85, "{kind} seed {seed}: {late}");
            assert!(defection_rate(&m, 0) > 0.5, "{kind} seed {seed}");
        }
    }
}

#[test]
fn regret_matching_self_play_in_matching_pennies_approaches_one_half() {
    // Let p and q be the empirical frequencies of Heads (C) of row and column over T turns,
    // and U row's total. Row's best fixed action earns T |2q - 1|, column's T |2p - 1|, and
    // column's total is -U, so the two players' regrets sum to
    // R_row + R_col = T (|2p - 1| + |2q - 1|) = 2T (|p - 1/2| + |q - 1/2|).
    // Regret matching keeps E[max_i max(R_i, 0)^2] <= T D^2 with D = 2 (each round's regret
    // vector has one entry in [-2, 2] and 0 for the played action; Cesa-Bianchi & Lugosi 2006,
    // Thm 2.1 with p = 2), so by Markov P(R > k) <= 4T / k^2 for each player and
    // P(|p - 1/2| + |q - 1/2| > k / T) <= 8T / k^2. With k = sqrt(8T / delta), delta = 0.01:
    // the sum of deviations is below sqrt(800 / T) except with probability 1%.
    let g = GameConfig::preset("matching_pennies").unwrap();
    let n = 100_000;
    let m = play(
        &by("RegretMatching"),
        &by("RegretMatching"),
        &g,
        &turns(n),
        7,
        &[],
    );
    let mut heads = [0usize; 2];
    let mut checked = 0;
    for (t, (a, b)) in m.moves.iter().enumerate() {
        heads[0] += usize::from(*a == Action::C);
        heads[1] += usize::from(*b == Action::C);
        let t = t + 1;
        if [1_000, 10_000, 100_000].contains(&t) {
            let tf = t as f64;
            let dev = (heads[0] as f64 / tf - 0.5).abs() + (heads[1] as f64 / tf - 0.5).abs();
            let tol = (800.0 / tf).sqrt();
            assert!(
                dev < tol,
                "after {t} turns: deviation {dev}, tolerance {tol}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 3);
}

#[test]
fn same_seed_same_match_and_reset_between_matches() {
    let pd = GameConfig::prisoners_dilemma();
    let cfg = MatchConfig {
        turns: 300,
        noise: 0.05,
        prob_end: 0.0,
    };
    for kind in learners() {
        for opp in ["Random", "TitForTat", kind] {
            let a = play(&by(kind), &by(opp), &pd, &cfg, 3, &["k".into()]);
            let b = play(&by(kind), &by(opp), &pd, &cfg, 3, &["k".into()]);
            assert_eq!(a, b, "{kind} vs {opp}");
            let c = play(&by(kind), &by(opp), &pd, &cfg, 4, &["k".into()]);
            assert_ne!(a.moves, c.moves, "{kind} vs {opp}: seeds 3 and 4 coincide");
        }
        // A player reused for a second match forgets the first (the match calls reset).
        let mut s = by(kind).build();
        let mut o = by("Random").build();
        let col = pd.transposed();
        let streams = |seed| MatchStreams {
            key: Streams::new(seed, &[]).key(),
            base: 0,
        };
        let first = play_strategies(s.as_mut(), o.as_mut(), &pd, &col, &cfg, streams(9));
        let _other = play_strategies(s.as_mut(), o.as_mut(), &pd, &col, &cfg, streams(10));
        let again = play_strategies(s.as_mut(), o.as_mut(), &pd, &col, &cfg, streams(9));
        assert_eq!(first, again, "{kind}");
    }
}

#[test]
fn a_history_shorter_than_the_last_one_starts_a_new_count() {
    // Without reset, a player handed a shorter history (a new match) relearns from scratch,
    // so its answer equals a fresh player's.
    let pd = GameConfig::prisoners_dilemma();
    let (own, opp) = (seq("CDCDDCCD"), seq("DDCCDCDC"));
    let mut q = QLearnerParams::default().player();
    let _ = q.table(&own, &opp, &pd);
    let fresh = QLearnerParams::default()
        .player()
        .table(&own[..3], &opp[..3], &pd);
    assert_eq!(q.table(&own[..3], &opp[..3], &pd), fresh);
    let mut e = Exp3Params::default().player();
    let _ = e.estimates(&own, &opp, &pd);
    let fresh = Exp3Params::default()
        .player()
        .estimates(&own[..3], &opp[..3], &pd);
    assert_eq!(e.estimates(&own[..3], &opp[..3], &pd), fresh);
    let mut h = HedgeParams::default().player();
    let _ = h.probabilities(&own, &opp, &pd);
    let fresh = HedgeParams::default()
        .player()
        .probabilities(&own[..3], &opp[..3], &pd);
    assert_eq!(h.probabilities(&own[..3], &opp[..3], &pd), fresh);
}

#[test]
fn tournaments_with_learners_run() {
    let mut players: Vec<StrategyConfig> = learners().iter().map(|k| by(k)).collect();
    for k in ["TitForTat", "Defector", "Cooperator", "Random"] {
        players.push(by(k));
    }
    let t = TournamentConfig {
        seed: 1,
        game: GameConfig::prisoners_dilemma(),
        players,
        turns: 200,
        noise: 0.05,
        prob_end: 0.0,
        repetitions: 3,
        transcript: Default::default(),
    };
    let r = t.run().unwrap();
    assert_eq!(r.players.len(), 9);
    for (i, scores) in r.normalised_scores.iter().enumerate() {
        for &s in scores {
            assert!((0.0..=5.0).contains(&s), "{}: {s}", r.players[i]);
        }
    }
    let mut ranking = r.ranking.clone();
    ranking.sort_unstable();
    assert_eq!(ranking, (0..9).collect::<Vec<_>>());
    // The whole menu, learners included, plays one short round robin.
    let all = TournamentConfig {
        seed: 2,
        game: GameConfig::preset("stag_hunt").unwrap(),
        players: StrategyConfig::all_defaults()
            .into_iter()
            .filter(|p| !p.is_llm())
            .collect::<Vec<_>>(),
        turns: 20,
        noise: 0.0,
        prob_end: 0.1,
        repetitions: 1,
        transcript: Default::default(),
    };
    let r = all.run().unwrap();
    assert_eq!(
        r.players.len(),
        StrategyConfig::all_defaults()
            .into_iter()
            .filter(|p| !p.is_llm())
            .collect::<Vec<_>>()
            .len()
    );
}

#[test]
fn long_matches_stay_finite_and_within_the_payoffs() {
    // 100,000 turns (the longest match) against Hedge, in a game with no dominant action:
    // the weights and estimates grow large, yet every score stays a finite number between
    // 100,000 x the smallest and 100,000 x the largest payoff (0 and 10). The work per turn is
    // constant, so this is quick; a rescan of the history every turn would be ~5e9 steps.
    let g = GameConfig::preset("battle_of_the_sexes").unwrap();
    let n = 100_000;
    for kind in learners() {
        let m = play(&by(kind), &by("Hedge"), &g, &turns(n), 0, &[]);
        assert_eq!(m.turns(), n);
        for s in m.scores {
            assert!(
                s.is_finite() && (0.0..=10.0 * n as f64).contains(&s),
                "{kind}: {s}"
            );
        }
    }
}
