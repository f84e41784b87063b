//! One match of the iterated game between two strategies.
//!
//! Each turn both players choose simultaneously from the histories so far; with probability
//! `noise` each chosen action is flipped, and both histories record the flipped action (as in
//! the Axelrod library's `Match`). The first player is the row player of the stage game; each
//! strategy is shown the game from its own side ([`GameConfig::transposed`] for the second).
//!
//! Length: `turns` is always an upper bound. With `prob_end` > 0 the match also ends after each
//! turn with probability `prob_end`, so its length is min(turns, L) with L geometric,
//! P(L = k) = (1 - prob_end)^(k-1) prob_end, sampled as L = ceil(ln(1 - U) / ln(1 - prob_end))
//! (Axelrod's `sample_length`; Axelrod's `Match` likewise plays min(turns, L) turns).
//!
//! Randomness: a match draws from four numbered ChaCha streams of one key ([`MatchStreams`]):
//! `base + 0` the length, `base + 1` and `base + 2` the two players, `base + 3` the noise (one
//! 64-bit draw per turn, whose two 32-bit halves decide the two flips). [`play`] uses the key
//! SHA-256(seed, `key`) and base 0; a tournament gives each pair of players one key and
//! repetition `r` base `4 r`, so a match's draws depend only on its pair and repetition.
//! Streams a match does not need (no noise, no `prob_end`) are not set up.

use super::game::GameConfig;
use super::strategies::StrategyConfig;
use super::strategy::{Action, Strategy};
use crate::error::{check_count, check_range, ConfigError};
use crate::rng::{Key, Rng, StreamKey, Streams};
use serde::{Deserialize, Serialize};

/// Longest match accepted.
pub const MAX_TURNS: usize = 100_000;

/// Axelrod's default match length.
pub const DEFAULT_TURNS: usize = 200;

fn default_turns() -> usize {
    DEFAULT_TURNS
}

/// How a match is played.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MatchConfig {
    /// Number of turns (the cap when `prob_end` is also set).
    #[serde(default = "default_turns")]
    pub turns: usize,
    /// Probability that each chosen action is flipped.
    #[serde(default)]
    pub noise: f64,
    /// Probability that the match ends after each turn (0: it lasts `turns`).
    #[serde(default)]
    pub prob_end: f64,
}

impl Default for MatchConfig {
    fn default() -> Self {
        MatchConfig {
            turns: DEFAULT_TURNS,
            noise: 0.0,
            prob_end: 0.0,
        }
    }
}

impl MatchConfig {
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_count("turns", self.turns, 1, MAX_TURNS)?;
        check_range("noise", self.noise, 0.0, 1.0)?;
        check_range("prob_end", self.prob_end, 0.0, 1.0)
    }
}

/// What happened in a match.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MatchResult {
    /// Recorded moves per turn (first player, second player), after noise.
    pub moves: Vec<(Action, Action)>,
    /// Total payoffs (first player, second player).
    pub scores: [f64; 2],
}

impl MatchResult {
    /// Number of turns played.
    pub fn turns(&self) -> usize {
        self.moves.len()
    }

    /// Number of recorded cooperations of each player.
    pub fn cooperations(&self) -> [usize; 2] {
        let mut c = [0, 0];
        for &(a, b) in &self.moves {
            c[0] += usize::from(a == Action::C);
            c[1] += usize::from(b == Action::C);
        }
        c
    }

    /// Index of the player with the higher total, `None` on a tie.
    pub fn winner(&self) -> Option<usize> {
        if self.scores[0] > self.scores[1] {
            Some(0)
        } else if self.scores[1] > self.scores[0] {
            Some(1)
        } else {
            None
        }
    }
}

/// The geometric match length for a uniform `u` in (0, 1): ceil(ln(1 - u) / ln(1 - prob_end)),
/// at least 1; `None` (unbounded) when `prob_end` is 0.
pub fn sample_length(prob_end: f64, u: f64) -> Option<usize> {
    if prob_end <= 0.0 {
        return None;
    }
    if prob_end >= 1.0 {
        return Some(1);
    }
    let l = f64::ceil(libm::log(1.0 - u) / libm::log(1.0 - prob_end));
    if l.is_finite() && l < usize::MAX as f64 {
        Some((l as usize).max(1))
    } else {
        None
    }
}

/// Play a match between the strategies `a` (row player) and `b`. Validate the configs first.
pub fn play(
    a: &StrategyConfig,
    b: &StrategyConfig,
    game: &GameConfig,
    cfg: &MatchConfig,
    seed: u64,
    key: &[Key<'_>],
) -> MatchResult {
    let mut sa = a.build();
    let mut sb = b.build();
    play_strategies(
        sa.as_mut(),
        sb.as_mut(),
        game,
        &game.transposed(),
        cfg,
        MatchStreams::of(seed, key),
    )
}

/// The random streams of one match: numbered streams `base .. base + 4` of `key`.
#[derive(Clone, Copy, Debug)]
pub struct MatchStreams {
    pub key: StreamKey,
    pub base: u64,
}

impl MatchStreams {
    /// The streams [`play`] uses for the match key `key`.
    pub fn of(seed: u64, key: &[Key<'_>]) -> Self {
        MatchStreams {
            key: Streams::new(seed, key).key(),
            base: 0,
        }
    }
    fn length(&self) -> Rng {
        self.key.stream(self.base)
    }
    /// The random stream of player `i` (0: row, 1: column).
    pub fn player(&self, i: u64) -> Rng {
        self.key.stream(self.base + 1 + i)
    }
    fn noise(&self) -> Rng {
        self.key.stream(self.base + 3)
    }
}

/// Play a match between two built strategies (reset first). `seen_by_b` is
/// `game.transposed()` (the column player's view; a tournament computes it once), and the
/// match's random streams are `streams` (see the module documentation).
pub fn play_strategies(
    a: &mut dyn Strategy,
    b: &mut dyn Strategy,
    game: &GameConfig,
    seen_by_b: &GameConfig,
    cfg: &MatchConfig,
    streams: MatchStreams,
) -> MatchResult {
    let mut ha = Vec::new();
    let mut hb = Vec::new();
    let scores = play_into(a, b, game, seen_by_b, cfg, streams, &mut ha, &mut hb);
    MatchResult {
        moves: ha.into_iter().zip(hb).collect(),
        scores,
    }
}

/// [`play_strategies`] writing the recorded moves into `ha` and `hb` (cleared first; a
/// tournament reuses them from match to match) and returning the two totals.
#[allow(clippy::too_many_arguments)]
pub fn play_into(
    a: &mut dyn Strategy,
    b: &mut dyn Strategy,
    game: &GameConfig,
    seen_by_b: &GameConfig,
    cfg: &MatchConfig,
    streams: MatchStreams,
    ha: &mut Vec<Action>,
    hb: &mut Vec<Action>,
) -> [f64; 2] {
    a.reset();
    b.reset();
    // Streams nobody draws from are not derived.
    let turns = if cfg.prob_end > 0.0 {
        let mut len_rng = streams.length();
        match sample_length(cfg.prob_end, len_rng.uniform_open()) {
            Some(l) => l.min(cfg.turns),
            None => cfg.turns,
        }
    } else {
        cfg.turns
    };
    let mut rng_a = streams.player(0);
    let mut rng_b = streams.player(1);
    let mut noise = (cfg.noise > 0.0).then(|| streams.noise());
    // u < noise x 2^32 for a whole number u is u < ceil(noise x 2^32): compare integers.
    let flip_below = f64::ceil(cfg.noise * 4_294_967_296.0) as u64;
    ha.clear();
    hb.clear();
    ha.reserve(turns);
    hb.reserve(turns);
    let mut scores = [0.0, 0.0];
    for _ in 0..turns {
        let mut x = a.act(ha, hb, game, &mut rng_a);
        let mut y = b.act(hb, ha, seen_by_b, &mut rng_b);
        if let Some(noise) = noise.as_mut() {
            // One 64-bit draw per turn: its low and high halves are two independent uniform
            // 32-bit numbers, compared with noise x 2^32 (flip probability exact to 2^-32).
            let u = noise.next_u64();
            if (u & 0xFFFF_FFFF) < flip_below {
                x = x.flip();
            }
            if (u >> 32) < flip_below {
                y = y.flip();
            }
        }
        let (pa, pb) = game.payoffs(x, y);
        scores[0] += pa;
        scores[1] += pb;
        ha.push(x);
        hb.push(y);
    }
    scores
}

#[cfg(test)]
mod tests {
    use super::*;

    fn by(kind: &str) -> StrategyConfig {
        StrategyConfig::by_kind(kind).unwrap()
    }

    #[test]
    fn geometric_length_has_the_right_mean() {
        // E[L] = 1 / prob_end for the geometric law on {1, 2, ...}.
        let mut rng = Rng::stream(1, &["t".into()]);
        let n = 50_000;
        let total: usize = (0..n)
            .map(|_| sample_length(0.1, rng.uniform_open()).unwrap())
            .sum();
        let mean = total as f64 / n as f64;
        assert!((mean - 10.0).abs() < 0.2, "{mean}");
        assert_eq!(sample_length(0.0, 0.5), None);
        assert_eq!(sample_length(1.0, 0.5), Some(1));
        // P(L = 1) = prob_end: u < prob_end gives ceil(ln(1-u)/ln(1-p)) = 1.
        assert_eq!(sample_length(0.3, 0.29), Some(1));
        assert_eq!(sample_length(0.3, 0.31), Some(2));
    }

    #[test]
    fn turns_caps_a_probabilistic_ending() {
        let cfg = MatchConfig {
            turns: 5,
            noise: 0.0,
            prob_end: 0.01,
        };
        for seed in 0..20 {
            let m = play(
                &by("Cooperator"),
                &by("Defector"),
                &GameConfig::prisoners_dilemma(),
                &cfg,
                seed,
                &[],
            );
            assert!((1..=5).contains(&m.turns()));
            assert_eq!(m.scores, [0.0, 5.0 * m.turns() as f64]);
        }
    }

    #[test]
    fn noise_is_recorded_by_both_players() {
        // Tit For Tat against Cooperator with full noise: every intended C is recorded as D,
        // and TFT answers the recorded D (which noise flips back to C).
        let cfg = MatchConfig {
            turns: 4,
            noise: 1.0,
            prob_end: 0.0,
        };
        let m = play(
            &by("TitForTat"),
            &by("Cooperator"),
            &GameConfig::prisoners_dilemma(),
            &cfg,
            0,
            &[],
        );
        use Action::{C, D};
        assert_eq!(m.moves, vec![(D, D), (C, D), (C, D), (C, D)]);
    }

    #[test]
    fn validation_messages() {
        let cfg = MatchConfig {
            turns: 0,
            ..MatchConfig::default()
        };
        assert_eq!(cfg.validate().unwrap_err().field, "turns");
        let cfg = MatchConfig {
            noise: 1.5,
            ..MatchConfig::default()
        };
        assert_eq!(cfg.validate().unwrap_err().field, "noise");
        let cfg: MatchConfig = serde_json::from_str("{}").unwrap();
        assert_eq!(cfg, MatchConfig::default());
    }
}
