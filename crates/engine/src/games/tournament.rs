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
//! Randomness: the pair (i <= j) has the stream key SHA-256(seed, `["games/match", id_i, k_i,
//! id_j, k_j]`) and its match of repetition r draws from that key's numbered streams
//! 4r .. 4r + 3 (see [`super::play`]), where `id` is the
//! player's canonical JSON (an LLM's server address left out:
//! [`crate::llm::agent::stream_id`]) and `k` counts identical earlier players, so adding a
//! player never changes the draws of matches between the others.

use super::game::GameConfig;
use super::play::{
    play_into, play_strategies, MatchConfig, MatchResult, MatchStreams, DEFAULT_TURNS, MAX_TURNS,
};
use super::strategies::StrategyConfig;
use super::strategy::{Action, Strategy};
use crate::error::{check_count, check_range, ConfigError};
use crate::llm::{AgentLink, Oracle, OracleHandle, PendingCall, Transcript, UnitEnd};
use crate::rng::{Key, StreamKey, Streams};
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
    /// The replies of the LLM players, by match in playing order (see
    /// [`crate::llm::oracle`]).
    #[serde(default, skip_serializing_if = "Transcript::is_empty")]
    pub transcript: Transcript,
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
    /// For LLM players: decisions, fallbacks, corrective retries, calls and tokens.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub llm: Vec<crate::llm::AgentStats>,
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
        self.transcript.validate()?;
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
            let id = crate::llm::agent::stream_id(p).unwrap_or_else(|_| p.kind().to_string());
            let occurrence = ids.iter().filter(|(s, _)| *s == id).count() as u64;
            ids.push((id, occurrence));
        }
        ids
    }

    /// The stream key of every match between players `i` and `j` (i is the row player):
    /// SHA-256 of the seed and `["games/match", id_i, k_i, id_j, k_j]`.
    pub fn pair_key(&self, i: usize, j: usize, ids: &[(String, u64)]) -> StreamKey {
        let key: [Key<'_>; 5] = [
            "games/match".into(),
            ids[i].0.as_str().into(),
            ids[i].1.into(),
            ids[j].0.as_str().into(),
            ids[j].1.into(),
        ];
        Streams::new(self.seed, &key).key()
    }

    /// Play match (i, j) of repetition `rep` (i is the row player). Validate first.
    pub fn play_match(&self, i: usize, j: usize, rep: usize, ids: &[(String, u64)]) -> MatchResult {
        let mut a = self.players[i].build();
        let mut b = self.players[j].build();
        play_strategies(
            a.as_mut(),
            b.as_mut(),
            &self.game,
            &self.game.transposed(),
            &self.match_config(),
            MatchStreams {
                key: self.pair_key(i, j, ids),
                base: 4 * rep as u64,
            },
        )
    }

    /// Play the tournament.
    pub fn run(&self) -> Result<TournamentResults, ConfigError> {
        let mut runner = TournamentRunner::new(self)?;
        runner.step(usize::MAX);
        if let Some(end) = runner.stopped() {
            return Err(ConfigError::new(
                "transcript",
                crate::experiment::stop_message(end),
            ));
        }
        Ok(runner.results())
    }

    /// True if an LLM plays.
    pub fn has_llm(&self) -> bool {
        self.players.iter().any(StrategyConfig::is_llm)
    }

    /// Matches per repetition: every pair once plus self-play, n (n + 1) / 2.
    pub fn matches_per_repetition(&self) -> usize {
        let n = self.players.len();
        n * (n + 1) / 2
    }
}

/// What one match adds to a tournament's results.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MatchOutcome {
    /// Turns played.
    pub turns: usize,
    /// Match totals of the row and column player.
    pub scores: [f64; 2],
    /// Moves recorded as C by each player (0 for self-play, which cooperation leaves out).
    pub cooperations: [usize; 2],
}

/// A tournament played a few matches at a time (the page's worker reports progress between
/// chunks). Matches are played in the order (repetition, i, j >= i) and accumulated the same
/// way whatever the chunking, so the results are bit-identical to [`TournamentConfig::run`].
///
/// Each player is built twice (as row and as column player, for self-play) and reset before
/// every match; the stream prefix of every pair and the column player's view of the game are
/// computed once.
pub struct TournamentRunner {
    cfg: TournamentConfig,
    match_cfg: MatchConfig,
    seen_by_col: GameConfig,
    /// `pairs[k]`: the stream key of the k-th match of a repetition.
    pairs: Vec<StreamKey>,
    row: Vec<Box<dyn Strategy>>,
    col: Vec<Box<dyn Strategy>>,
    /// The recorded moves and totals of the match just played (reused from match to match).
    ha: Vec<Action>,
    hb: Vec<Action>,
    last_scores: [f64; 2],
    /// The next match to play: (repetition, i, j).
    next: (usize, usize, usize),
    matches_done: usize,
    turns_played: u64,
    /// Per repetition and player, only for completed repetitions.
    scores: Vec<Vec<f64>>,
    normalised: Vec<Vec<f64>>,
    wins: Vec<Vec<u32>>,
    /// The repetition in progress.
    rep_scores: Vec<f64>,
    rep_normalised: Vec<f64>,
    rep_wins: Vec<u32>,
    rep_payoff: Vec<Vec<f64>>,
    rep_coop: Vec<usize>,
    rep_moves: Vec<usize>,
    /// Sums over completed repetitions.
    payoff_sum: Vec<Vec<f64>>,
    coop: Vec<usize>,
    moves: Vec<usize>,
    /// `(i, j)` of the k-th match of a repetition.
    order: Vec<(usize, usize)>,
    /// Answers the LLM players (if any) from the transcript.
    oracle: Option<OracleHandle>,
    /// Set when a match could not be completed from the transcript.
    stop: Option<UnitEnd>,
}

impl TournamentRunner {
    /// Validate and prepare.
    pub fn new(cfg: &TournamentConfig) -> Result<Self, ConfigError> {
        cfg.validate()?;
        let n = cfg.players.len();
        let ids = cfg.stream_ids();
        let mut pairs = Vec::with_capacity(cfg.matches_per_repetition());
        let mut order = Vec::with_capacity(cfg.matches_per_repetition());
        for i in 0..n {
            for j in i..n {
                pairs.push(cfg.pair_key(i, j, &ids));
                order.push((i, j));
            }
        }
        let mut row: Vec<Box<dyn Strategy>> = cfg.players.iter().map(|p| p.build()).collect();
        let mut col: Vec<Box<dyn Strategy>> = cfg.players.iter().map(|p| p.build()).collect();
        let oracle = cfg
            .has_llm()
            .then(|| Oracle::handle(cfg.transcript.clone()));
        if let Some(o) = &oracle {
            for (i, (a, b)) in row.iter_mut().zip(col.iter_mut()).enumerate() {
                let link = AgentLink {
                    oracle: o.clone(),
                    agent: player_name(i),
                    rounds: cfg.turns,
                };
                a.connect(&link);
                b.connect(&link);
            }
        }
        Ok(TournamentRunner {
            order,
            oracle,
            stop: None,
            match_cfg: cfg.match_config(),
            seen_by_col: cfg.game.transposed(),
            pairs,
            row,
            col,
            ha: Vec::new(),
            hb: Vec::new(),
            last_scores: [0.0; 2],
            cfg: cfg.clone(),
            next: (0, 0, 0),
            matches_done: 0,
            turns_played: 0,
            scores: vec![Vec::with_capacity(cfg.repetitions); n],
            normalised: vec![Vec::with_capacity(cfg.repetitions); n],
            wins: vec![Vec::with_capacity(cfg.repetitions); n],
            rep_scores: vec![0.0; n],
            rep_normalised: vec![0.0; n],
            rep_wins: vec![0; n],
            rep_payoff: vec![vec![0.0; n]; n],
            rep_coop: vec![0; n],
            rep_moves: vec![0; n],
            payoff_sum: vec![vec![0.0; n]; n],
            coop: vec![0; n],
            moves: vec![0; n],
        })
    }

    pub fn config(&self) -> &TournamentConfig {
        &self.cfg
    }

    /// Matches in the whole tournament (self-play included).
    pub fn total_matches(&self) -> usize {
        self.cfg.matches_per_repetition() * self.cfg.repetitions
    }

    pub fn matches_done(&self) -> usize {
        self.matches_done
    }

    /// Turns played so far, self-play included.
    pub fn turns_played(&self) -> u64 {
        self.turns_played
    }

    /// Repetitions completed so far.
    pub fn repetitions_done(&self) -> usize {
        self.scores.first().map_or(0, Vec::len)
    }

    pub fn is_complete(&self) -> bool {
        self.matches_done >= self.total_matches()
    }

    /// Play up to `k` more matches; returns how many were played. Stops early when a match
    /// waits for an LLM reply ([`TournamentRunner::stopped`]).
    pub fn step(&mut self, k: usize) -> usize {
        let mut played = 0;
        while played < k && !self.is_complete() && self.stop.is_none() {
            match self.compute(self.matches_done) {
                Some(out) => self.commit(out),
                None => break,
            }
            played += 1;
        }
        played
    }

    /// Play match number `m` (in playing order); `None` (with [`TournamentRunner::stopped`]
    /// set) when an LLM player could not be answered from the transcript. Without LLM players
    /// a match depends only on the config (players are reset before every match), so any
    /// runner of the same tournament computes the same outcome.
    pub fn compute(&mut self, m: usize) -> Option<MatchOutcome> {
        if !self.play(m) {
            return None;
        }
        let (i, j) = self.order[m % self.pairs.len()];
        let coop = |h: &[Action]| h.iter().filter(|&&a| a == Action::C).count();
        Some(MatchOutcome {
            turns: self.ha.len(),
            scores: self.last_scores,
            // Self-play is left out of cooperation: not counted.
            cooperations: if i == j {
                [0, 0]
            } else {
                [coop(&self.ha), coop(&self.hb)]
            },
        })
    }

    /// Add the outcome of the next match (number [`TournamentRunner::matches_done`]).
    pub fn commit(&mut self, out: MatchOutcome) {
        let n = self.cfg.players.len();
        let (rep, i, j) = self.next;
        self.turns_played += out.turns as u64;
        self.add(i, j, &out);
        self.matches_done += 1;
        self.next = if j + 1 < n {
            (rep, i, j + 1)
        } else if i + 1 < n {
            (rep, i + 1, i + 1)
        } else {
            self.close_repetition();
            (rep + 1, 0, 0)
        };
    }

    /// Matches that may be computed by another runner of the same tournament, in any order:
    /// all of them, unless an LLM plays (its oracle counts calls as they are made).
    pub fn independent_until(&self) -> usize {
        if self.oracle.is_some() {
            self.matches_done
        } else {
            self.total_matches()
        }
    }

    /// Play match number `m` (in playing order) into `ha`, `hb` and `last_scores`; false
    /// (with `stop` set) when an LLM player could not be answered from the transcript.
    fn play(&mut self, m: usize) -> bool {
        let per_rep = self.pairs.len();
        let (rep, k) = (m / per_rep, m % per_rep);
        let (i, j) = self.order[k];
        let llm = self
            .oracle
            .as_ref()
            .filter(|_| self.cfg.players[i].is_llm() || self.cfg.players[j].is_llm());
        if let Some(o) = llm {
            o.borrow_mut().begin_unit(m);
        }
        self.last_scores = play_into(
            self.row[i].as_mut(),
            self.col[j].as_mut(),
            &self.cfg.game,
            &self.seen_by_col,
            &self.match_cfg,
            MatchStreams {
                key: self.pairs[k],
                base: 4 * rep as u64,
            },
            &mut self.ha,
            &mut self.hb,
        );
        if let Some(o) = llm {
            let end = o.borrow_mut().end_unit();
            if end != UnitEnd::Done {
                self.stop = Some(end);
                return false;
            }
        }
        true
    }

    /// Why the tournament stopped before the end (see [`crate::llm::oracle`]).
    pub fn stopped(&self) -> Option<&UnitEnd> {
        self.stop.as_ref()
    }

    /// The next request of each of the next `max` matches that wait for an LLM reply,
    /// starting with the one the tournament stopped at. Matches are independent, so their
    /// requests can be sent at the same time.
    pub fn pending_calls(&mut self, max: usize) -> Vec<PendingCall> {
        let Some(real) = self.oracle.clone() else {
            return Vec::new();
        };
        if matches!(self.stop, Some(UnitEnd::Mismatch(_))) {
            return Vec::new();
        }
        let stop = self.stop.take();
        let matches = self.matches_done..self.total_matches();
        let out = crate::llm::oracle::probe_pending(&real, max, matches, |m| self.play(m));
        self.stop = stop;
        out
    }

    /// Add the reply to a pending call; the next [`TournamentRunner::step`] goes on from there.
    pub fn record(&mut self, call: &PendingCall, exchange: crate::llm::Exchange) -> bool {
        let Some(o) = &self.oracle else {
            return false;
        };
        let ok = o.borrow_mut().record(call, exchange);
        if ok && matches!(self.stop, Some(UnitEnd::Pending)) {
            self.stop = None;
        }
        ok
    }

    /// The oracle answering the LLM players, if any play.
    pub fn oracle(&self) -> Option<&OracleHandle> {
        self.oracle.as_ref()
    }

    /// Add the outcome of match (i, j).
    fn add(&mut self, i: usize, j: usize, out: &MatchOutcome) {
        let (turns, scores) = (out.turns, out.scores);
        let len = turns.max(1) as f64;
        let per_turn = [scores[0] / len, scores[1] / len];
        if i == j {
            self.rep_payoff[i][i] = (per_turn[0] + per_turn[1]) / 2.0;
            return;
        }
        self.rep_payoff[i][j] = per_turn[0];
        self.rep_payoff[j][i] = per_turn[1];
        self.rep_scores[i] += scores[0];
        self.rep_scores[j] += scores[1];
        self.rep_normalised[i] += per_turn[0];
        self.rep_normalised[j] += per_turn[1];
        if scores[0] > scores[1] {
            self.rep_wins[i] += 1;
        } else if scores[1] > scores[0] {
            self.rep_wins[j] += 1;
        }
        self.rep_coop[i] += out.cooperations[0];
        self.rep_coop[j] += out.cooperations[1];
        self.rep_moves[i] += turns;
        self.rep_moves[j] += turns;
    }

    /// Move the finished repetition into the totals. Every ordered pair gets exactly one
    /// payoff per repetition, so adding it here sums in the same order as adding it per match.
    fn close_repetition(&mut self) {
        let n = self.cfg.players.len();
        let opponents = (n - 1) as f64;
        for i in 0..n {
            self.scores[i].push(self.rep_scores[i]);
            self.normalised[i].push(self.rep_normalised[i] / opponents);
            self.wins[i].push(self.rep_wins[i]);
            for j in 0..n {
                self.payoff_sum[i][j] += self.rep_payoff[i][j];
            }
            self.coop[i] += self.rep_coop[i];
            self.moves[i] += self.rep_moves[i];
        }
        self.rep_scores.fill(0.0);
        self.rep_normalised.fill(0.0);
        self.rep_wins.fill(0);
        self.rep_coop.fill(0);
        self.rep_moves.fill(0);
    }

    /// The results of the repetitions completed so far (all of them once complete).
    pub fn results(&self) -> TournamentResults {
        let reps = self.repetitions_done();
        let medians: Vec<f64> = self.normalised.iter().map(|r| median(r)).collect();
        let n = self.cfg.players.len();
        let mut ranking: Vec<usize> = (0..n).collect();
        ranking.sort_by(|&a, &b| medians[b].total_cmp(&medians[a]));
        let players: Vec<String> = self.cfg.players.iter().map(|p| p.label()).collect();
        let per_rep = if reps == 0 { 1.0 } else { reps as f64 };
        TournamentResults {
            ranked_names: ranking.iter().map(|&i| players[i].clone()).collect(),
            players,
            repetitions: reps,
            turns: self.cfg.turns,
            scores: self.scores.clone(),
            normalised_scores: self.normalised.clone(),
            median_normalised_scores: medians,
            ranking,
            payoff_matrix: self
                .payoff_sum
                .iter()
                .map(|r| r.iter().map(|x| x / per_rep).collect())
                .collect(),
            wins: self.wins.clone(),
            cooperation_rating: self
                .coop
                .iter()
                .zip(&self.moves)
                .map(|(&c, &m)| if m == 0 { 0.0 } else { c as f64 / m as f64 })
                .collect(),
            llm: self
                .oracle
                .as_ref()
                .map(|o| o.borrow().stats())
                .unwrap_or_default(),
        }
    }
}

/// Median (mean of the two middle values for an even count).
fn median(xs: &[f64]) -> f64 {
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let k = v.len();
    if k == 0 {
        return 0.0;
    }
    if k % 2 == 1 {
        v[k / 2]
    } else {
        (v[k / 2 - 1] + v[k / 2]) / 2.0
    }
}

/// The name an LLM player asks under: "player 1" for the first player.
pub fn player_name(i: usize) -> String {
    format!("player {}", i + 1)
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
            transcript: Default::default(),
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
