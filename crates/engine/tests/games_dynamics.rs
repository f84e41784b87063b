//! Evolution and learning dynamics of the repeated-games lab, checked against hand derivations
//! and published bounds (each derivation is in the comments; no expected number comes from the
//! code under test).

use agora_engine::games::dynamics::{DynamicsConfig, LearnerConfig, MatrixGame, Trajectory};
use agora_engine::games::evolution::{EcologyConfig, MoranConfig, TrustConfig};
use agora_engine::games::{GameConfig, StrategyConfig, TournamentConfig};

fn by(kind: &str) -> StrategyConfig {
    StrategyConfig::by_kind(kind).unwrap_or_else(|| panic!("no strategy {kind}"))
}

// ------------------------------------------------------------------------------------------
// Ecological dynamics
// ------------------------------------------------------------------------------------------

#[test]
fn ecology_shares_stay_on_the_simplex() {
    let t = TournamentConfig {
        seed: 3,
        game: GameConfig::prisoners_dilemma(),
        players: ["Cooperator", "Defector", "TitForTat", "Grudger", "Random"]
            .iter()
            .map(|k| by(k))
            .collect(),
        turns: 50,
        noise: 0.05,
        prob_end: 0.0,
        repetitions: 2,
        transcript: Default::default(),
    }
    .run()
    .unwrap();
    let r = EcologyConfig::from_tournament(&t, 300).run().unwrap();
    assert_eq!(r.shares.len(), 301);
    assert_eq!(r.shares[0], vec![0.2; 5]);
    for x in &r.shares {
        assert!(x.iter().all(|&v| v >= 0.0));
        assert!((x.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }
}

#[test]
fn ecology_strictly_dominant_strategy_takes_over() {
    // PD, A = [[3, 0], [5, 1]] (C, D). With x = share of C: f_C = 3x, f_D = 5x + (1 - x)
    // = 1 + 4x > f_C, so the ratio x_C / x_D is multiplied by f_C / f_D = 3x / (1 + 4x) <= 3/5
    // each generation: from equal shares, x_C(t) <= x_C / x_D <= (3/5)^t.
    let r = EcologyConfig {
        payoff: vec![vec![3.0, 0.0], vec![5.0, 1.0]],
        initial: vec![],
        steps: 60,
    }
    .run()
    .unwrap();
    assert_eq!(r.shift, 0.0);
    for (t, w) in r.shares.windows(2).enumerate() {
        // D grows strictly until rounding makes its share exactly 1.
        assert!(
            w[1][1] > w[0][1] || w[1][1] == 1.0,
            "D must grow at step {t}"
        );
        assert!(w[1][0] <= libm::pow(0.6, (t + 1) as f64) + 1e-15);
    }
}

#[test]
fn ecology_mixed_fixed_point_stays_put_even_with_shifted_payoffs() {
    // A = [[1, 3], [2, 1]]: (A x)_1 = (A x)_2 when x1 + 3 x2 = 2 x1 + x2, i.e. x1 = 2 x2,
    // x = (2/3, 1/3): both fitnesses equal the mean, so x' = x. Subtracting 5 from every
    // payoff makes them all negative; the documented shift 1 - min = 1 - (-4) = 5 restores
    // the matrix, and the fixed point is the same.
    for offset in [0.0, -5.0] {
        let r = EcologyConfig {
            payoff: vec![
                vec![1.0 + offset, 3.0 + offset],
                vec![2.0 + offset, 1.0 + offset],
            ],
            initial: vec![2.0, 1.0],
            steps: 200,
        }
        .run()
        .unwrap();
        assert_eq!(r.shift, if offset == 0.0 { 0.0 } else { 5.0 });
        let last = r.shares.last().unwrap();
        assert!((last[0] - 2.0 / 3.0).abs() < 1e-12, "{last:?}");
    }
    // Rock-Paper-Scissors: by symmetry (A x)_i = 0 for every i at the uniform point.
    let r = EcologyConfig {
        payoff: vec![
            vec![0.0, -1.0, 1.0],
            vec![1.0, 0.0, -1.0],
            vec![-1.0, 1.0, 0.0],
        ],
        initial: vec![],
        steps: 100,
    }
    .run()
    .unwrap();
    for v in r.shares.last().unwrap() {
        assert!((v - 1.0 / 3.0).abs() < 1e-12);
    }
}

#[test]
fn ecology_explains_bad_configs() {
    let mut cfg = EcologyConfig {
        payoff: vec![vec![1.0, 2.0], vec![3.0]],
        initial: vec![],
        steps: 10,
    };
    assert_eq!(cfg.run().unwrap_err().field, "payoff[1]");
    cfg.payoff = vec![vec![1.0, 2.0], vec![3.0, 4.0]];
    cfg.initial = vec![1.0];
    assert_eq!(cfg.run().unwrap_err().field, "initial");
    cfg.initial = vec![0.0, 0.0];
    assert_eq!(cfg.run().unwrap_err().field, "initial");
    cfg.initial = vec![];
    cfg.steps = 0;
    assert_eq!(cfg.run().unwrap_err().field, "steps");
}

// ------------------------------------------------------------------------------------------
// Moran process
// ------------------------------------------------------------------------------------------

/// Fraction of `runs` seeded runs in which type 1 (a single mutant) fixes.
fn mutant_fixation(payoff: Vec<Vec<f64>>, n: usize, intensity: f64, runs: u64) -> f64 {
    let mut fixed = 0;
    for seed in 0..runs {
        let r = MoranConfig {
            seed,
            payoff: payoff.clone(),
            counts: vec![n - 1, 1],
            intensity,
            mutation: 0.0,
            max_steps: 1_000_000,
        }
        .run()
        .unwrap();
        let f = r.fixation.expect("without mutation the process fixes");
        fixed += usize::from(f.winner == 1);
    }
    fixed as f64 / runs as f64
}

#[test]
fn moran_neutral_mutant_fixes_with_probability_one_over_n() {
    // Neutral drift: the number of mutants is a martingale absorbed at 0 or N, so
    // P(fix) = 1/N (Nowak 2006, eq. 6.3). N = 10, 4000 runs: sd = sqrt(0.1 * 0.9 / 4000)
    // = 0.0047; tolerance 4.5 sd.
    let p = mutant_fixation(vec![vec![1.0, 4.0], vec![0.0, 2.0]], 10, 0.0, 4000);
    assert!((p - 0.1).abs() < 0.0213, "{p}");
}

#[test]
fn moran_constant_fitness_matches_the_fixation_formula() {
    // Payoffs that do not depend on the opponent give constant fitness: residents
    // exp(w * 0) = 1, mutants exp(w * 1) = r. With w = ln 1.5, r = 1.5 and
    // P(fix) = (1 - 1/r) / (1 - 1/r^N) (Nowak 2006, eq. 6.7) = 0.3392 for N = 10.
    // 3000 runs: sd = sqrt(0.339 * 0.661 / 3000) = 0.0086; tolerance 4.5 sd.
    let n = 10;
    let r: f64 = 1.5;
    let expected = (1.0 - 1.0 / r) / (1.0 - 1.0 / libm::pow(r, n as f64));
    let p = mutant_fixation(vec![vec![0.0, 0.0], vec![1.0, 1.0]], n, libm::log(r), 3000);
    assert!((p - expected).abs() < 0.039, "{p} vs {expected}");
}

#[test]
fn moran_without_mutation_fixes_and_keeps_the_population_size() {
    let t = TournamentConfig {
        seed: 1,
        game: GameConfig::prisoners_dilemma(),
        players: vec![by("Cooperator"), by("Defector"), by("TitForTat")],
        turns: 20,
        noise: 0.0,
        prob_end: 0.0,
        repetitions: 1,
        transcript: Default::default(),
    }
    .run()
    .unwrap();
    for seed in 0..20 {
        let r = MoranConfig {
            seed,
            payoff: t.payoff_matrix.clone(),
            counts: vec![5, 5, 5],
            intensity: 0.5,
            mutation: 0.0,
            max_steps: 1_000_000,
        }
        .run()
        .unwrap();
        let f = r.fixation.clone().expect("fixes");
        assert_eq!(r.counts.len(), f.step + 1, "stops at fixation");
        let last = r.counts.last().unwrap();
        assert_eq!(last[f.winner], 15);
        for c in &r.counts {
            assert_eq!(c.iter().sum::<usize>(), 15);
        }
        // Each step moves at most one individual.
        for w in r.counts.windows(2) {
            let moved: usize = w[0].iter().zip(&w[1]).map(|(a, b)| a.abs_diff(*b)).sum();
            assert!(moved == 0 || moved == 2);
        }
    }
}

#[test]
fn moran_with_mutation_keeps_running_and_revisits_lost_types() {
    // With mu > 0 no type is lost for good: starting all of type 0, mutants of the other
    // types must appear (each birth mutates with probability 0.05, so the chance that none of
    // 2000 births mutates is 0.95^2000, about 1e-45).
    let r = MoranConfig {
        seed: 9,
        payoff: vec![vec![1.0; 3]; 3],
        counts: vec![12, 0, 0],
        intensity: 0.0,
        mutation: 0.05,
        max_steps: 2000,
    }
    .run()
    .unwrap();
    assert_eq!(r.counts.len(), 2001);
    assert_eq!(
        r.fixation.as_ref().map(|f| (f.winner, f.step)),
        Some((0, 0))
    );
    assert!(r.counts.iter().any(|c| c[1] + c[2] > 0));
    assert!(r.counts.iter().all(|c| c.iter().sum::<usize>() == 12));
}

#[test]
fn moran_explains_bad_configs() {
    let mut cfg = MoranConfig {
        seed: 0,
        payoff: vec![vec![1.0, 2.0], vec![3.0, 4.0]],
        counts: vec![1],
        intensity: 1.0,
        mutation: 0.0,
        max_steps: 10,
    };
    assert_eq!(cfg.run().unwrap_err().field, "counts");
    cfg.counts = vec![1, 0];
    assert_eq!(cfg.run().unwrap_err().field, "counts");
    cfg.counts = vec![1, 1];
    cfg.mutation = 1.5;
    assert_eq!(cfg.run().unwrap_err().field, "mutation");
    cfg.mutation = 0.0;
    cfg.intensity = -1.0;
    assert_eq!(cfg.run().unwrap_err().field, "intensity");
    // 100 types for a million steps would record 10^8 counts: refused, not attempted.
    cfg.intensity = 1.0;
    cfg.payoff = vec![vec![0.0; 100]; 100];
    cfg.counts = vec![1; 100];
    cfg.max_steps = 1_000_000;
    assert_eq!(cfg.run().unwrap_err().field, "max_steps");
}

// ------------------------------------------------------------------------------------------
// The Evolution of Trust
// ------------------------------------------------------------------------------------------

#[test]
fn trust_lone_defector_cannot_be_eliminated_in_round_one() {
    // Case's payoffs R, S, T, P = 2, -1, 3, 0, 10 turns, 24 Cooperators and 1 Defector.
    // The Defector earns 3 x 10 against each of 24 Cooperators: 720. A Cooperator earns
    // 2 x 10 against each of the other 23 and -1 x 10 against the Defector: 450.
    // The Defector is the unique top scorer, so it survives and is cloned once; five
    // Cooperators are eliminated and four (of the tied rest) cloned: 23 Cooperators,
    // 2 Defectors.
    let cfg = TrustConfig::case(vec![by("Cooperator"), by("Defector")], vec![24, 1], 1);
    let r = cfg.run().unwrap();
    assert_eq!(r.counts, vec![vec![24, 1], vec![23, 2]]);
    let s = &r.scores[0];
    assert_eq!(s.len(), 25);
    assert!(s[..24].iter().all(|&x| x == 450.0));
    assert_eq!(s[24], 720.0);
}

#[test]
fn trust_one_round_of_the_five_characters_scores_as_published() {
    // Case's one-on-one tournament of Copycat (TFT), Always Cheat, Always Cooperate, Grudger
    // and Detective, 10 rounds per match, no self-play: 57, 45, 29, 46, 45 (Case 2017,
    // The Evolution of Trust). With replace = 1 the unique lowest (Always Cooperate) goes and the
    // unique highest (Copycat) is cloned.
    let mut cfg = TrustConfig::case(
        [
            "TitForTat",
            "Defector",
            "Cooperator",
            "Grudger",
            "Detective",
        ]
        .iter()
        .map(|k| by(k))
        .collect(),
        vec![1, 1, 1, 1, 1],
        1,
    );
    cfg.replace = 1;
    let r = cfg.run().unwrap();
    assert_eq!(r.scores[0], vec![57.0, 45.0, 29.0, 46.0, 45.0]);
    assert_eq!(r.counts[1], vec![2, 1, 0, 1, 1]);
}

#[test]
fn trust_pure_populations_stay_pure_and_counts_sum_to_n() {
    for kind in ["TitForTat", "Defector", "Grudger"] {
        let mut cfg = TrustConfig::case(vec![by(kind), by("Cooperator")], vec![25, 0], 5);
        cfg.noise = 0.2;
        let r = cfg.run().unwrap();
        assert!(r.counts.iter().all(|c| c == &vec![25, 0]), "{kind}");
    }
    let mut cfg = TrustConfig::case(
        [
            "Cooperator",
            "Defector",
            "TitForTat",
            "Grudger",
            "Detective",
        ]
        .iter()
        .map(|k| by(k))
        .collect(),
        vec![5, 5, 5, 5, 5],
        15,
    );
    cfg.noise = 0.1;
    cfg.seed = 4;
    let r = cfg.run().unwrap();
    assert_eq!(r.counts.len(), 16);
    assert!(r.counts.iter().all(|c| c.iter().sum::<usize>() == 25));
    // Each round moves at most `replace` agents out and in.
    for w in r.counts.windows(2) {
        let gained: usize = w[0]
            .iter()
            .zip(&w[1])
            .map(|(a, b)| b.saturating_sub(*a))
            .sum();
        assert!(gained <= 5);
    }
    assert_eq!(r, cfg.run().unwrap(), "seeded runs repeat");
}

#[test]
fn trust_all_defect_wins_against_cooperators_then_stays() {
    // 20 Cooperators and 5 Defectors, no noise. Defector vs Cooperator earns 30 per match,
    // so with d Defectors a Defector scores 30 (25 - d) and a Cooperator
    // 20 (24 - d) - 10 d: Defectors always score more while Cooperators remain, and each
    // round 5 Cooperators leave. After 4 rounds the population is all Defectors.
    let r = TrustConfig::case(vec![by("Cooperator"), by("Defector")], vec![20, 5], 6)
        .run()
        .unwrap();
    assert_eq!(
        r.counts,
        vec![
            vec![20, 5],
            vec![15, 10],
            vec![10, 15],
            vec![5, 20],
            vec![0, 25],
            vec![0, 25],
            vec![0, 25]
        ]
    );
}

#[test]
fn trust_explains_bad_configs() {
    let mut cfg = TrustConfig::case(vec![by("Cooperator"), by("Defector")], vec![3, 1], 1);
    cfg.replace = 3;
    assert_eq!(cfg.run().unwrap_err().field, "replace");
    cfg.replace = 1;
    cfg.counts = vec![4];
    assert_eq!(cfg.run().unwrap_err().field, "counts");
    cfg.counts = vec![1, 0];
    assert_eq!(cfg.run().unwrap_err().field, "counts");
}

// ------------------------------------------------------------------------------------------
// Learning dynamics
// ------------------------------------------------------------------------------------------

fn run(
    game: MatrixGame,
    learner: LearnerConfig,
    steps: usize,
    sampled: bool,
    seed: u64,
) -> (MatrixGame, Trajectory, Trajectory) {
    let r = DynamicsConfig {
        seed,
        game: game.clone(),
        learner,
        steps,
        sampled,
    }
    .run()
    .unwrap();
    (game, r.row, r.col)
}

/// The strategies actually played at each step: the current mixed strategies (expected
/// mode) or the drawn actions recovered from the running averages (sampled mode).
fn played(tr: &Trajectory, sampled: bool) -> Vec<Vec<f64>> {
    if !sampled {
        return tr.current.clone();
    }
    (0..tr.average.len())
        .map(|t| {
            tr.average[t]
                .iter()
                .enumerate()
                .map(|(i, a)| {
                    let before = if t == 0 {
                        0.0
                    } else {
                        tr.average[t - 1][i] * t as f64
                    };
                    (a * (t + 1) as f64 - before).round()
                })
                .collect()
        })
        .collect()
}

/// Average external regret of both players after all steps, recomputed from the definition
/// (max_i sum_t u_t(i) - sum_t u_t(played_t)) / T with the game's matrices.
fn regrets(g: &MatrixGame, x: &[Vec<f64>], y: &[Vec<f64>]) -> (f64, f64) {
    let (m, n) = (g.row.len(), g.row[0].len());
    let mut cr = vec![0.0; m];
    let mut cc = vec![0.0; n];
    let (mut er, mut ec) = (0.0, 0.0);
    for (xt, yt) in x.iter().zip(y) {
        for i in 0..m {
            for j in 0..n {
                let p = xt[i] * yt[j];
                er += p * g.row[i][j];
                ec += p * g.col[i][j];
                cr[i] += yt[j] * g.row[i][j];
                cc[j] += xt[i] * g.col[i][j];
            }
        }
    }
    let t = x.len() as f64;
    let max = |v: &[f64]| v.iter().fold(f64::NEG_INFINITY, |a, &b| a.max(b));
    ((max(&cr) - er) / t, (max(&cc) - ec) / t)
}

fn max_dev_from_uniform(v: &[f64]) -> f64 {
    let u = 1.0 / v.len() as f64;
    v.iter().map(|x| (x - u).abs()).fold(0.0, f64::max)
}

/// Zero-sum games with the uniform equilibrium: the time averages are near uniform.
/// With eps = the sum of both average regrets, max_i (A y)_i - min_j (x^T A)_j = eps
/// (the realized payoffs cancel). Matching Pennies: the left side is |2p - 1| + |2q - 1|, so
/// each average is within eps / 2 of (1/2, 1/2). Rock-Paper-Scissors: (A y)_i are the
/// cyclic differences of the deviations d of y from uniform; they sum to 0, so their maximum
/// is at least half the largest of them in absolute value, which is at least max |d_i|; so
/// each average is within 2 eps of uniform (and likewise for x).
fn check_zero_sum_convergence(learner: LearnerConfig, bound: impl Fn(f64, usize, f64) -> f64) {
    let steps = 20_000;
    for (game, slack) in [
        (MatrixGame::matching_pennies(), 0.5),
        (MatrixGame::rock_paper_scissors(), 2.0),
    ] {
        let (g, row, col) = run(game, learner.clone(), steps, false, 1);
        let (rr, rc) = regrets(&g, &row.current, &col.current);
        let m = g.row.len();
        let d = g.ranges().0;
        let b = bound(d, m, steps as f64);
        assert!(
            rr <= b && rc <= b,
            "{learner:?}: regrets {rr}, {rc} above {b}"
        );
        // The recorded regret is the same quantity.
        assert!((row.regret.last().unwrap() - rr).abs() < 1e-9);
        assert!((col.regret.last().unwrap() - rc).abs() < 1e-9);
        let eps = rr.max(0.0) + rc.max(0.0);
        for avg in [row.average.last().unwrap(), col.average.last().unwrap()] {
            let dev = max_dev_from_uniform(avg);
            assert!(dev <= slack * eps + 1e-9, "{learner:?}: {avg:?}, eps {eps}");
            assert!(dev < 0.05, "{learner:?}: {avg:?}");
        }
    }
}

#[test]
fn regret_matching_averages_converge_to_the_uniform_equilibrium() {
    // Regret matching's bound: max_i R_T(i) <= D sqrt(m T) (Cesa-Bianchi & Lugosi 2006,
    // Cor. 2.1), so the average regret is at most D sqrt(m / T).
    check_zero_sum_convergence(LearnerConfig::RegretMatching, |d, m, t| {
        d * f64::sqrt(m as f64 / t)
    });
}

#[test]
fn hedge_averages_converge_to_the_uniform_equilibrium() {
    // Hedge with eta = sqrt(8 ln m / T) / D has average regret at most D sqrt(ln m / (2T))
    // (Cesa-Bianchi & Lugosi 2006, Thm 2.2). With m = 3, T = 20000, D = 2: eta = 0.0105;
    // with m = 2: eta = 0.0083. One eta for both games, the smaller, gives the bound
    // ln m / (eta T) + eta D^2 / 8.
    let t = 20_000.0;
    let eta = f64::sqrt(8.0 * libm::log(2.0) / t) / 2.0;
    check_zero_sum_convergence(LearnerConfig::Hedge { eta }, move |d, m, t| {
        libm::log(m as f64) / (eta * t) + eta * d * d / 8.0
    });
}

#[test]
fn sampled_regret_matching_has_vanishing_regret() {
    // Sampled play: E[||R_T^+||^2] <= m D^2 T still holds (the cross terms have mean zero
    // because actions are drawn from the regret-matching strategy), so by Markov's
    // inequality P(max regret / T > 10 D sqrt(m / T)) <= 1/100 for each seed.
    let steps = 20_000;
    for seed in 0..3 {
        let (g, row, col) = run(
            MatrixGame::rock_paper_scissors(),
            LearnerConfig::RegretMatching,
            steps,
            true,
            seed,
        );
        let x = played(&row, true);
        let y = played(&col, true);
        assert!(x.iter().all(|v| v.iter().sum::<f64>() == 1.0));
        let (rr, rc) = regrets(&g, &x, &y);
        let b = 10.0 * 2.0 * f64::sqrt(3.0 / steps as f64);
        assert!(rr <= b && rc <= b, "{rr} {rc} {b}");
        assert!((row.regret.last().unwrap() - rr).abs() < 1e-9);
    }
}

#[test]
fn every_learner_converges_to_defect_in_the_prisoners_dilemma() {
    // In the PD (R, S, T, P = 3, 0, 5, 1) Defect earns more than Cooperate against any
    // opponent mix, by at least min(T - R, P - S) = 1.
    // - Regret matching, expected payoffs: after step 1 (uniform) the regret of D is
    //   positive and that of C negative, and both keep their sign, so from step 2 on it plays
    //   D. Sampled: while only D is drawn the regrets are R_D = 0, R_C < 0 and play stays
    //   uniform; the first drawn C makes R_D > 0, and D is played from then on. The chance
    //   of drawing no C in 60 uniform draws is 2^-60.
    // - Fictitious play: D is the best response to every belief, so from step 2 on it plays D.
    // - Hedge: after t - 1 updates x_C / x_D <= exp(-eta (t - 1)).
    let pd = MatrixGame::prisoners_dilemma();
    for sampled in [false, true] {
        for learner in [LearnerConfig::RegretMatching, LearnerConfig::FictitiousPlay] {
            let lock = if sampled && learner == LearnerConfig::RegretMatching {
                60
            } else {
                1
            };
            let (_, row, col) = run(pd.clone(), learner.clone(), 200, sampled, 5);
            for tr in [&row, &col] {
                let first = tr.current.iter().position(|x| x == &vec![0.0, 1.0]);
                assert!(first.is_some_and(|f| f <= lock), "{learner:?} {sampled}");
                let f = first.unwrap();
                assert!(
                    tr.current[f..].iter().all(|x| x == &vec![0.0, 1.0]),
                    "{learner:?}"
                );
                let d = tr.average.last().unwrap()[1];
                assert!(d >= (199 - f) as f64 / 200.0, "{learner:?} {d}");
            }
        }
        let eta = 0.1;
        let (_, row, col) = run(pd.clone(), LearnerConfig::Hedge { eta }, 200, sampled, 5);
        for tr in [&row, &col] {
            for (t, x) in tr.current.iter().enumerate() {
                assert!(x[0] / x[1] <= libm::exp(-eta * t as f64) * (1.0 + 1e-9));
            }
        }
    }
}

#[test]
fn fictitious_play_reaches_strictly_dominant_actions() {
    // 3x3 game: row's action 2 beats actions 0 and 1 against every column action, and the
    // column's action 0 beats 1 and 2 against every row action. Whatever the belief, the best
    // responses are (2, 0), so from step 2 on both play them, and the averages after T steps
    // put at least (T - 1) / T on them.
    let g = MatrixGame {
        row: vec![
            vec![1.0, 4.0, 0.0],
            vec![2.0, 0.0, 3.0],
            vec![3.0, 5.0, 4.0],
        ],
        col: vec![
            vec![2.0, 1.0, 0.0],
            vec![5.0, 4.0, 3.0],
            vec![1.0, 0.0, -1.0],
        ],
        actions: None,
    };
    let steps = 100;
    let (_, row, col) = run(g, LearnerConfig::FictitiousPlay, steps, false, 2);
    assert!(row.current[1..].iter().all(|x| x == &vec![0.0, 0.0, 1.0]));
    assert!(col.current[1..].iter().all(|y| y == &vec![1.0, 0.0, 0.0]));
    let bound = (steps - 1) as f64 / steps as f64;
    assert!(row.average.last().unwrap()[2] >= bound);
    assert!(col.average.last().unwrap()[0] >= bound);
}

#[test]
fn fictitious_play_in_matching_pennies_has_uniform_time_averages() {
    // Robinson (1951): fictitious play converges in zero-sum games, so the empirical
    // frequencies in Matching Pennies approach (1/2, 1/2); her rate is slow, and a tolerance
    // of 0.05 after 20000 steps is loose.
    let (_, row, col) = run(
        MatrixGame::matching_pennies(),
        LearnerConfig::FictitiousPlay,
        20_000,
        false,
        7,
    );
    for avg in [row.average.last().unwrap(), col.average.last().unwrap()] {
        assert!(max_dev_from_uniform(avg) < 0.05, "{avg:?}");
    }
}

#[test]
fn stage_games_convert_and_bad_games_are_explained() {
    let bos = MatrixGame::from(&GameConfig::preset("battle_of_the_sexes").unwrap());
    assert_eq!(bos, MatrixGame::battle_of_the_sexes());
    let mut cfg = DynamicsConfig {
        seed: 0,
        game: MatrixGame {
            row: vec![vec![1.0, 2.0]],
            col: vec![vec![1.0, 2.0]],
            actions: None,
        },
        learner: LearnerConfig::RegretMatching,
        steps: 10,
        sampled: false,
    };
    assert_eq!(cfg.run().unwrap_err().field, "game.row");
    cfg.game = MatrixGame::battle_of_the_sexes();
    cfg.game.col[0][1] = f64::NAN;
    assert_eq!(cfg.run().unwrap_err().field, "game.col[0][1]");
    cfg.game = MatrixGame::battle_of_the_sexes();
    cfg.steps = 0;
    assert_eq!(cfg.run().unwrap_err().field, "steps");
    let json = r#"{"seed":1,"game":{"row":[[1,0],[0,1]],"col":[[0,1],[1,0]]},"learner":{"kind":"Hedge","eta":0.1},"extra":1}"#;
    assert!(serde_json::from_str::<DynamicsConfig>(json).is_err());
}

#[test]
fn regret_vanishes_in_general_sum_games_at_the_published_rates() {
    // The regret bounds hold against any opponent, so also in general-sum games: at every
    // checkpoint T, regret matching's average regret is at most D sqrt(m / T), and Hedge's
    // at most ln m / (eta T) + eta D^2 / 8 (Cesa-Bianchi & Lugosi 2006, Cor. 2.1, Thm 2.2).
    // The recorded averages are the running means of the recorded current strategies.
    let eta = 0.05;
    for game in [
        MatrixGame::battle_of_the_sexes(),
        MatrixGame::prisoners_dilemma(),
        MatrixGame::from(&GameConfig::preset("stag_hunt").unwrap()),
    ] {
        for learner in [LearnerConfig::RegretMatching, LearnerConfig::Hedge { eta }] {
            let (g, row, col) = run(game.clone(), learner.clone(), 4000, false, 11);
            let (dr, dc) = g.ranges();
            for t in [10usize, 100, 1000, 4000] {
                let (rr, rc) = regrets(&g, &row.current[..t], &col.current[..t]);
                let bound = |d: f64| match learner {
                    LearnerConfig::Hedge { eta } => {
                        libm::log(2.0) / (eta * t as f64) + eta * d * d / 8.0
                    }
                    _ => d * f64::sqrt(2.0 / t as f64),
                };
                assert!(rr <= bound(dr) + 1e-9, "{learner:?} row {rr} at {t}");
                assert!(rc <= bound(dc) + 1e-9, "{learner:?} col {rc} at {t}");
                assert!((row.regret[t - 1] - rr).abs() < 1e-9);
                assert!((col.regret[t - 1] - rc).abs() < 1e-9);
            }
            for tr in [&row, &col] {
                let mut sum = [0.0; 2];
                for (t, x) in tr.current.iter().enumerate() {
                    for (s, v) in sum.iter_mut().zip(x) {
                        *s += v;
                    }
                    for (s, a) in sum.iter().zip(&tr.average[t]) {
                        assert!((s / (t + 1) as f64 - a).abs() < 1e-12);
                    }
                }
            }
        }
    }
}
