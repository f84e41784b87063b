//! Preset repeated-games experiments: the classics and the stories the lab tells.
//!
//! Names start with `games-` (the CLI's `agora preset NAME`, the app's `preset=NAME`).

use super::dynamics::{DynamicsConfig, LearnerConfig, MatrixGame};
use super::evolution::TrustConfig;
use super::experiment::{EcologyExperiment, GamesExperiment, MatchExperiment, MoranExperiment};
use super::game::GameConfig;
use super::strategies::StrategyConfig;
use super::tournament::TournamentConfig;

fn players(kinds: &[&str]) -> Vec<StrategyConfig> {
    kinds
        .iter()
        .map(|k| StrategyConfig::by_kind(k).unwrap_or_else(|| panic!("unknown strategy {k}")))
        .collect()
}

fn game(id: &str) -> GameConfig {
    GameConfig::preset(id).unwrap_or_else(|| panic!("unknown game {id}"))
}

/// Strategies in the spirit of Axelrod's first tournament (1980): the nice, the nasty, the
/// forgiving, the sneaky and the random.
const AXELROD_FIELD: &[&str] = &[
    "TitForTat",
    "Cooperator",
    "Defector",
    "Grudger",
    "TitFor2Tats",
    "TwoTitsForTat",
    "WinStayLoseShift",
    "FirstByJoss",
    "Random",
    "SuspiciousTitForTat",
    "GoByMajority",
    "Prober",
    "GTFT",
    "Alternator",
    "ZDExtort2",
    "ZDGTFT2",
];

/// Axelrod-style round robin of the classic strategies.
pub fn axelrod_first() -> GamesExperiment {
    GamesExperiment::Tournament(TournamentConfig {
        seed: 1,
        game: GameConfig::prisoners_dilemma(),
        players: players(AXELROD_FIELD),
        turns: 200,
        noise: 0.0,
        prob_end: 0.0,
        repetitions: 10,
        transcript: Default::default(),
    })
}

/// The same field with 5 % noise.
pub fn axelrod_noisy() -> GamesExperiment {
    let GamesExperiment::Tournament(mut t) = axelrod_first() else {
        unreachable!("axelrod_first is a tournament")
    };
    t.noise = 0.05;
    GamesExperiment::Tournament(t)
}

/// One match, step by step.
pub fn tft_vs_joss() -> GamesExperiment {
    GamesExperiment::Match(MatchExperiment {
        seed: 3,
        game: GameConfig::prisoners_dilemma(),
        players: [
            StrategyConfig::by_kind("TitForTat").expect("registered"),
            StrategyConfig::by_kind("FirstByJoss").expect("registered"),
        ],
        turns: 50,
        noise: 0.0,
        prob_end: 0.0,
        transcript: Default::default(),
    })
}

/// The Evolution of Trust's characters: Copycat, Copykitten, Simpleton, Always Cooperate,
/// Always Cheat, Grudger, Detective, Random.
const TRUST_FIELD: &[&str] = &[
    "TitForTat",
    "TitFor2Tats",
    "WinStayLoseShift",
    "Cooperator",
    "Defector",
    "Grudger",
    "Detective",
    "Random",
];

/// Case's rounds of tournament and selection with 10 % mistakes: forgiveness wins.
pub fn trust_noise() -> GamesExperiment {
    let mut t = TrustConfig::case(players(TRUST_FIELD), vec![3, 3, 3, 3, 4, 3, 3, 3], 30);
    t.seed = 1;
    t.noise = 0.1;
    GamesExperiment::Trust(t)
}

/// The same population without mistakes.
pub fn trust_no_noise() -> GamesExperiment {
    let GamesExperiment::Trust(mut t) = trust_noise() else {
        unreachable!("trust_noise is a Trust experiment")
    };
    t.noise = 0.0;
    GamesExperiment::Trust(t)
}

/// Battle of the Sexes: who meets an alternator.
pub fn bos_alternation() -> GamesExperiment {
    GamesExperiment::Tournament(TournamentConfig {
        seed: 1,
        game: game("battle_of_the_sexes"),
        players: players(&[
            "Alternator",
            "TitForTat",
            "AntiTitForTat",
            "Cooperator",
            "Defector",
            "WinStayLoseShift",
        ]),
        turns: 10,
        noise: 0.0,
        prob_end: 0.0,
        repetitions: 1,
        transcript: Default::default(),
    })
}

/// Akata et al.'s repeated Prisoner's Dilemma (J/F, 8/0/10/5, 10 rounds): a language model
/// (the local model the tests serve; the page's LLM settings change it) against Tit For Tat.
pub fn llm_vs_tft() -> GamesExperiment {
    GamesExperiment::Match(MatchExperiment {
        seed: 1,
        game: game("pd_akata"),
        players: [
            StrategyConfig::Llm(Default::default()),
            StrategyConfig::by_kind("TitForTat").expect("TitForTat exists"),
        ],
        turns: 10,
        noise: 0.0,
        prob_end: 0.0,
        transcript: Default::default(),
    })
}

/// Akata et al.'s Battle of the Sexes (10 rounds): a language model prompted with social chain
/// of thought against the Alternator.
pub fn llm_scot_bos() -> GamesExperiment {
    GamesExperiment::Match(MatchExperiment {
        seed: 1,
        game: game("battle_of_the_sexes"),
        players: [
            StrategyConfig::Llm(super::strategies::llm::LlmParams {
                scot: true,
                ..Default::default()
            }),
            StrategyConfig::by_kind("Alternator").expect("Alternator exists"),
        ],
        turns: 10,
        noise: 0.0,
        prob_end: 0.0,
        transcript: Default::default(),
    })
}

/// Replicator dynamics on the Axelrod field's payoff matrix.
pub fn ecology() -> GamesExperiment {
    let GamesExperiment::Tournament(t) = axelrod_first() else {
        unreachable!("axelrod_first is a tournament")
    };
    GamesExperiment::Ecology(EcologyExperiment {
        tournament: t,
        steps: 300,
        initial: Vec::new(),
    })
}

/// Tit For Tat invades defectors, then cycles of cooperation under mutation.
pub fn moran_tft_invades() -> GamesExperiment {
    GamesExperiment::Moran(MoranExperiment {
        tournament: TournamentConfig {
            seed: 3,
            game: GameConfig::prisoners_dilemma(),
            players: players(&["TitForTat", "Defector", "Cooperator"]),
            turns: 200,
            noise: 0.0,
            prob_end: 0.0,
            repetitions: 1,
            transcript: Default::default(),
        },
        counts: vec![10, 20, 0],
        intensity: 2.0,
        mutation: 0.01,
        max_steps: 20_000,
    })
}

/// Hedge in self-play of Rock-Paper-Scissors on sampled play: the play swings, the time
/// average converges.
pub fn rps_hedge() -> GamesExperiment {
    GamesExperiment::Dynamics(DynamicsConfig {
        seed: 1,
        game: MatrixGame::rock_paper_scissors(),
        learner: LearnerConfig::Hedge { eta: 0.1 },
        steps: 3000,
        sampled: true,
    })
}

/// Fictitious play in Matching Pennies (Brown 1951, Robinson 1951).
pub fn pennies_fictitious_play() -> GamesExperiment {
    GamesExperiment::Dynamics(DynamicsConfig {
        seed: 1,
        game: MatrixGame::matching_pennies(),
        learner: LearnerConfig::FictitiousPlay,
        steps: 2000,
        sampled: false,
    })
}

/// Regret matching on sampled play in Battle of the Sexes.
pub fn bos_regret_matching() -> GamesExperiment {
    GamesExperiment::Dynamics(DynamicsConfig {
        seed: 1,
        game: MatrixGame::battle_of_the_sexes(),
        learner: LearnerConfig::RegretMatching,
        steps: 2000,
        sampled: true,
    })
}

/// `(name, title, description, experiment)` of every games preset, the default first.
pub fn all() -> Vec<(&'static str, &'static str, &'static str, GamesExperiment)> {
    vec![
        (
            "games-axelrod",
            "Axelrod's tournament",
            "Sixteen classic strategies meet in a round robin of the Prisoner's Dilemma, 200 turns, 10 repetitions. As in Axelrod (1980), the nice strategies that retaliate and forgive rank near the top, while Defector never loses a match yet scores least of all.",
            axelrod_first(),
        ),
        (
            "games-axelrod-noisy",
            "Axelrod's tournament with 5 % noise",
            "The same round robin with 5 % of actions flipped. One mistake now starts a feud: the strategies that punish hardest (Grudger, Two Tits For Tat) fall to the bottom half, the unconditional Cooperator is exploited by the mistakes of others, and the top scores drop. Compare the two rankings.",
            axelrod_noisy(),
        ),
        (
            "games-match",
            "Tit For Tat against Joss",
            "One match of 50 turns, step by step: Joss defects now and then at random, Tit For Tat answers, and the two fall into a long echo of alternating defections (Axelrod 1980).",
            tft_vs_joss(),
        ),
        (
            "games-trust-noise",
            "Noise makes forgiveness win",
            "The Evolution of Trust (Case 2017): 25 agents play 10-turn matches with 10 % mistakes; each round the 5 worst are replaced by clones of the 5 best. With mistakes, the forgiving Copykitten (Tit For 2 Tats) takes over: it did so for every one of 20 seeds we tried, while without mistakes it won only 2 of 20.",
            trust_noise(),
        ),
        (
            "games-trust",
            "The Evolution of Trust without mistakes",
            "The same population and rules with no mistakes: the exploiters (Always Cheat, Detective) are gone within two rounds, the reciprocators that cannot be exploited twice (Grudger and Copycat) take over, and the forgiving Copykitten stays small. Compare with the noisy version.",
            trust_no_noise(),
        ),
        (
            "games-bos-alternation",
            "Battle of the Sexes: taking turns",
            "Battle of the Sexes (Akata et al. payoffs 10/7, 10 rounds as in their study): meeting pays, each prefers a different place. Look at the Alternator's column of the payoff matrix: Tit For Tat copies it one round late and misses it every round after the first, while Anti Tit For Tat answers with the opposite and meets it every round, the two taking turns at their favourite place. Akata et al. found that GPT-4 did not learn to alternate either.",
            bos_alternation(),
        ),
        (
            "games-llm-tft",
            "An LLM against Tit For Tat",
            "Akata et al. (2025)'s repeated Prisoner's Dilemma: options J (cooperate) and F (defect), 8/0/10/5 points, 10 rounds, the option order shuffled each round. A language model plays Tit For Tat; the transcript shows every prompt and reply. Set your model in the LLM settings and run; the link then replays the match without a key.",
            llm_vs_tft(),
        ),
        (
            "games-llm-scot-bos",
            "An LLM with social chain of thought",
            "Akata et al. (2025)'s Battle of the Sexes against an Alternator, 10 rounds. With social chain of thought the model first predicts the other player's option, then chooses (two calls per round); Akata et al. found this made GPT-4 take turns with the Alternator, which it did not do when asked directly.",
            llm_scot_bos(),
        ),
        (
            "games-ecology",
            "Ecology of Axelrod's tournament",
            "Axelrod's ecological simulation (1984, ch. 3): each strategy's share grows in proportion to its payoff against the current population (discrete replicator dynamics on the tournament's payoff matrix). The exploiters (Defector, ZD-Extort-2, Joss, Prober) and Random die out within about 30 generations; the Alternator, which feeds on the unconditional Cooperator, grows a little at first and then starves; the nice reciprocators share what is left.",
            ecology(),
        ),
        (
            "games-moran",
            "Can Tit For Tat invade defectors?",
            "A Moran process on 30 individuals, 10 Tit For Tat and 20 Defector, fitness exp(2 x payoff per turn), 1 % mutation. Tit For Tat takes over; then unconditional Cooperators drift in among the Tit For Tats, Defectors invade the Cooperators, and Tit For Tat comes back: the cycles of cooperation (Nowak & Sigmund 1993; Imhof, Fudenberg & Nowak 2005).",
            moran_tft_invades(),
        ),
        (
            "games-rps-hedge",
            "Hedge in Rock-Paper-Scissors",
            "Both players run Hedge (multiplicative weights, learning from the actions actually played) in Rock-Paper-Scissors. The mixed strategy they play swings far from the equilibrium and back, but the time-average play converges to (1/3, 1/3, 1/3) and the average regret to 0, as the no-regret theorem promises for zero-sum games (Freund & Schapire 1999). Started exactly at the equilibrium with expected payoffs, Hedge would never move: untick \"sampled\" to see it.",
            rps_hedge(),
        ),
        (
            "games-pennies-fictitious",
            "Fictitious play in Matching Pennies",
            "Each player best-responds to the other's empirical frequencies (Brown 1951). Play jumps between pure actions in ever longer runs, and the empirical frequencies converge to (1/2, 1/2), as Robinson (1951) proved for zero-sum games.",
            pennies_fictitious_play(),
        ),
        (
            "games-bos-regret-matching",
            "Regret matching in Battle of the Sexes",
            "Hart & Mas-Colell's regret matching with sampled play in Battle of the Sexes: the empirical joint play converges to the set of correlated equilibria; here it settles on one of the two meeting places.",
            bos_regret_matching(),
        ),
    ]
}

#[cfg(test)]
mod tests {
    #[test]
    fn presets_are_valid() {
        for (name, _, _, e) in super::all() {
            e.validate().unwrap_or_else(|err| panic!("{name}: {err}"));
            assert!(name.starts_with("games-"));
        }
    }
}
