//! A round-robin tournament, reported as the Axelrod library's `ResultSet` reports it.
//!
//! Every pair of players meets once per repetition, and every player also meets a copy of
//! itself; self-play appears in the payoff matrix but is left out of scores, wins and
//! cooperation, as in Axelrod. Per player and repetition:
//! - score: the sum of its match totals against the n - 1 other players;
//! - normalised score: the mean over opponents of (match total / match length), which is
//!   score / ((n - 1) x turns) when every match lasts `turns`;
//! - wins: matches with a strictly higher total than the opponent.
//!
//! Ranking: by median normalised score over repetitions, highest first; ties keep the order of
//! the players (a stable sort, as Axelrod's `sorted`). Payoff matrix: mean payoff per turn of
//! row player i against j, averaged over repetitions (self-play: the mean of both copies).
//! Cooperation rating: the fraction of a player's recorded moves that were C, over all its
//! matches against others in all repetitions.
//!
//! Randomness: match (i <= j) of repetition r uses the key
//! `["games/match", r, id_i, k_i, id_j, k_j]` (see [`super::play`]), where `id` is the
//! player's canonical JSON and `k` counts identical earlier players, so adding a player never
//! changes the draws of matches between the others.

use super::game::GameConfig;
use super::play::{play, MatchConfig, MatchResult, DEFAULT_TURNS, MAX_TURNS};
use super::strategies::StrategyConfig;
use crate::error::{check_count, check_range, ConfigError};
use crate::rng::Key;
use serde::{Deserialize, Serialize};

/// Most players in one tournament.
pub const MAX_PLAYERS: usize = 100;
/// Most repetitions.
pub const MAX_REPETITIONS: usize = 1000;
/// Most turns in all matches together (keeps one tournament to a few seconds).
pub const MAX_TOTAL_TURNS: u64 = 50_000_000;

fn default_turns() -> usize {
    DEFAULT_TURNS
}
fn default_repetitions() -> usize {
    10
}

/// A round-robin tournament.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TournamentConfig {
    pub seed: u64,
    pub game: GameConfig,
    pub players: Vec<StrategyConfig>,
    /// Turns per match (the cap when `prob_end` is set); Axelrod's default 200.
    #[serde(default = "default_turns")]
    pub turns: usize,
    /// Probability that each chosen action is flipped.
    #[serde(default)]
    pub noise: f64,
    /// Probability that a match ends after each turn.
    #[serde(default)]
    pub prob_end: f64,
    /// Repetitions of the whole round robin; Axelrod's default 10.
    #[serde(default = "default_repetitions")]
    pub repetitions: usize,
}

/// Results as Axelrod reports them. Player indices follow the config's order.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TournamentResults {
    /// Display labels of the players.
    pub players: Vec<String>,
    pub repetitions: usize,
    pub turns: usize,
    /// `scores[i][r]`: total payoff of player i against the others in repetition r.
    pub scores: Vec<Vec<f64>>,
    /// `normalised_scores[i][r]`: mean payoff per turn against the others.
    pub normalised_scores: Vec<Vec<f64>>,
    /// Median over repetitions of the normalised scores.
    pub median_normalised_scores: Vec<f64>,
    /// Player indices, best first.
    pub ranking: Vec<usize>,
    /// Labels in ranking order.
    pub ranked_names: Vec<String>,
    /// `payoff_matrix[i][j]`: mean payoff per turn of i against j (averaged over repetitions).
    pub payoff_matrix: Vec<Vec<f64>>,
    /// `wins[i][r]`: matches won by player i in repetition r.
    pub wins: Vec<Vec<u32>>,
    /// Fraction of C among player i's moves against others.
    pub cooperation_rating: Vec<f64>,
}

impl TournamentConfig {
    /// The match settings shared by every match.
    pub fn match_config(&self) -> MatchConfig {
        MatchConfig {
            turns: self.turns,
            noise: self.noise,
            prob_end: self.prob_end,
        }
    }

    /// Check everything, with a message that says what to change.
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.game.validate().map_err(|e| e.under("game"))?;
        if self.players.len() < 2 || self.players.len() > MAX_PLAYERS {
            return Err(ConfigError::new(
                "players",
                format!(
                    "a tournament needs 2 to {MAX_PLAYERS} players (got {})",
                    self.players.len()
                ),
            ));
        }
        for (i, p) in self.players.iter().enumerate() {
            p.validate()
                .map_err(|e| e.under(&format!("players[{i}]")))?;
        }
        check_count("turns", self.turns, 1, MAX_TURNS)?;
        check_range("noise", self.noise, 0.0, 1.0)?;
        check_range("prob_end", self.prob_end, 0.0, 1.0)?;
        check_count("repetitions", self.repetitions, 1, MAX_REPETITIONS)?;
        let n = self.players.len() as u64;
        let total = n * (n + 1) / 2 * self.repetitions as u64 * self.turns as u64;
        if total > MAX_TOTAL_TURNS {
            return Err(ConfigError::new(
                "turns",
                format!(
                    "this tournament would play {total} turns in all; use fewer players, turns or repetitions (at most {MAX_TOTAL_TURNS})"
                ),
            ));
        }
        Ok(())
    }

    /// The random-stream identity (canonical JSON, occurrence) of each player.
    pub fn stream_ids(&self) -> Vec<(String, u64)> {
        let mut ids: Vec<(String, u64)> = Vec::with_capacity(self.players.len());
        for p in &self.players {
            let id = serde_json::to_string(p).unwrap_or_else(|_| p.kind().to_string());
            let occurrence = ids.iter().filter(|(s, _)| *s == id).count() as u64;
            ids.push((id, occurrence));
        }
        ids
    }

    /// Play match (i, j) of repetition `rep` (i is the row player). Validate first.
    pub fn play_match(&self, i: usize, j: usize, rep: usize, ids: &[(String, u64)]) -> MatchResult {
        let key: [Key<'_>; 6] = [
            "games/match".into(),
            rep.into(),
            ids[i].0.as_str().into(),
            ids[i].1.into(),
            ids[j].0.as_str().into(),
            ids[j].1.into(),
        ];
        play(
            &self.players[i],
            &self.players[j],
            &self.game,
            &self.match_config(),
            self.seed,
            &key,
        )
    }

    /// Play the tournament.
    pub fn run(&self) -> Result<TournamentResults, ConfigError> {
        self.validate()?;
        let n = self.players.len();
        let reps = self.repetitions;
        let ids = self.stream_ids();
        let mut scores = vec![vec![0.0; reps]; n];
        let mut normalised = vec![vec![0.0; reps]; n];
        let mut wins = vec![vec![0u32; reps]; n];
        let mut payoff_sum = vec![vec![0.0; n]; n];
        let mut coop = vec![0usize; n];
        let mut moves = vec![0usize; n];
        for rep in 0..reps {
            for i in 0..n {
                for j in i..n {
                    let m = self.play_match(i, j, rep, &ids);
                    let len = m.turns().max(1) as f64;
                    let per_turn = [m.scores[0] / len, m.scores[1] / len];
                    if i == j {
                        payoff_sum[i][i] += (per_turn[0] + per_turn[1]) / 2.0;
                        continue;
                    }
                    payoff_sum[i][j] += per_turn[0];
                    payoff_sum[j][i] += per_turn[1];
                    scores[i][rep] += m.scores[0];
                    scores[j][rep] += m.scores[1];
                    normalised[i][rep] += per_turn[0];
                    normalised[j][rep] += per_turn[1];
                    match m.winner() {
                        Some(0) => wins[i][rep] += 1,
                        Some(_) => wins[j][rep] += 1,
                        None => {}
                    }
                    let c = m.cooperations();
                    coop[i] += c[0];
                    coop[j] += c[1];
                    moves[i] += m.turns();
                    moves[j] += m.turns();
                }
            }
        }
        let opponents = (n - 1) as f64;
        for row in normalised.iter_mut() {
            for x in row.iter_mut() {
                *x /= opponents;
            }
        }
        let medians: Vec<f64> = normalised.iter().map(|r| median(r)).collect();
        let mut ranking: Vec<usize> = (0..n).collect();
        ranking.sort_by(|&a, &b| medians[b].total_cmp(&medians[a]));
        let players: Vec<String> = self.players.iter().map(|p| p.label()).collect();
        Ok(TournamentResults {
            ranked_names: ranking.iter().map(|&i| players[i].clone()).collect(),
            players,
            repetitions: reps,
            turns: self.turns,
            scores,
            normalised_scores: normalised,
            median_normalised_scores: medians,
            ranking,
            payoff_matrix: payoff_sum
                .into_iter()
                .map(|r| r.into_iter().map(|x| x / reps as f64).collect())
                .collect(),
            wins,
            cooperation_rating: coop
                .iter()
                .zip(&moves)
                .map(|(&c, &m)| if m == 0 { 0.0 } else { c as f64 / m as f64 })
                .collect(),
        })
    }
}

/// Median (mean of the two middle values for an even count).
fn median(xs: &[f64]) -> f64 {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let k = v.len();
    if k == 0 {
        return f64::NAN;
    }
    if k % 2 == 1 {
        v[k / 2]
    } else {
        (v[k / 2 - 1] + v[k / 2]) / 2.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), 2.5);
    }

    #[test]
    fn explains_bad_configs() {
        let mut cfg = TournamentConfig {
            seed: 1,
            game: GameConfig::prisoners_dilemma(),
            players: vec![StrategyConfig::by_kind("Cooperator").unwrap()],
            turns: 10,
            noise: 0.0,
            prob_end: 0.0,
            repetitions: 1,
        };
        assert_eq!(cfg.run().unwrap_err().field, "players");
        cfg.players.push(StrategyConfig::Random(
            super::super::strategies::random::RandomParams { p: 2.0 },
        ));
        assert_eq!(cfg.run().unwrap_err().field, "players[1].p");
        cfg.players[1] = StrategyConfig::by_kind("Defector").unwrap();
        cfg.game.row[0][0] = f64::INFINITY;
        assert_eq!(cfg.run().unwrap_err().field, "game.row[0][0]");
        cfg.game = GameConfig::prisoners_dilemma();
        cfg.turns = MAX_TURNS;
        cfg.repetitions = MAX_REPETITIONS;
        assert_eq!(cfg.run().unwrap_err().field, "turns");
    }
}
