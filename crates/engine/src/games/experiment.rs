//! A repeated-games experiment as links, files and the CLI carry it, and its runner.
//!
//! JSON: `{"format": 1, "lab": "games", "mode": "<mode>", ...}` where the mode is one of
//! - `match`: two strategies play one match (the step-by-step view);
//! - `tournament`: an Axelrod-style round robin ([`TournamentConfig`]);
//! - `ecology`: a tournament, then the discrete replicator dynamics on its payoff matrix;
//! - `moran`: a tournament, then a Moran process on its payoff matrix;
//! - `trust`: The Evolution of Trust's rounds of tournament and selection ([`TrustConfig`]);
//! - `dynamics`: self-play of a learning rule in a matrix game ([`DynamicsConfig`]).
//!
//! [`GamesRunner`] advances an experiment a few units of work at a time (a match of a
//! tournament, a round of The Evolution of Trust) so the page can show progress; the results
//! do not depend on how the work was split.

use super::dynamics::{DynamicsConfig, DynamicsResults};
use super::evolution::{
    EcologyConfig, EcologyResults, MoranConfig, MoranResults, TrustConfig, MAX_ECOLOGY_STEPS,
    MAX_MORAN_STEPS,
};
use super::game::GameConfig;
use super::play::{play_strategies, MatchStreams};
use super::play::{MatchConfig, DEFAULT_TURNS};
use super::strategies::StrategyConfig;
use super::strategy::Action;
use super::tournament::player_name;
use super::tournament::{MatchOutcome, TournamentConfig, TournamentResults, TournamentRunner};
use crate::error::{check_count, ConfigError};
use crate::lab::LabRunner;
use crate::llm::{
    AgentLink, AgentStats, Exchange, Oracle, OracleHandle, PendingCall, Transcript, UnitEnd,
};
use serde::{Deserialize, Serialize};

fn default_turns() -> usize {
    DEFAULT_TURNS
}

/// One match between two strategies.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MatchExperiment {
    pub seed: u64,
    pub game: GameConfig,
    /// The row player and the column player.
    pub players: [StrategyConfig; 2],
    #[serde(default = "default_turns")]
    pub turns: usize,
    #[serde(default)]
    pub noise: f64,
    #[serde(default)]
    pub prob_end: f64,
    /// The replies of the LLM players (unit 0: the match), see [`crate::llm::oracle`].
    #[serde(default, skip_serializing_if = "Transcript::is_empty")]
    pub transcript: Transcript,
}

impl MatchExperiment {
    pub fn match_config(&self) -> MatchConfig {
        MatchConfig {
            turns: self.turns,
            noise: self.noise,
            prob_end: self.prob_end,
        }
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        self.game.validate().map_err(|e| e.under("game"))?;
        for (i, p) in self.players.iter().enumerate() {
            p.validate()
                .map_err(|e| e.under(&format!("players[{i}]")))?;
        }
        self.transcript.validate()?;
        self.match_config().validate()
    }

    /// The same two players as a one-repetition tournament: its match (0, 1) is this match,
    /// draw for draw (same seed, same random-stream keys).
    pub fn as_tournament(&self) -> TournamentConfig {
        TournamentConfig {
            seed: self.seed,
            game: self.game.clone(),
            players: self.players.to_vec(),
            turns: self.turns,
            noise: self.noise,
            prob_end: self.prob_end,
            repetitions: 1,
            transcript: Default::default(),
        }
    }

    /// Play the match.
    pub fn run(&self) -> Result<MatchReport, ConfigError> {
        self.validate()?;
        let oracle = self.oracle();
        match self.play_with(oracle.as_ref()) {
            (Some(r), _) => Ok(r),
            (None, end) => Err(ConfigError::new(
                "transcript",
                crate::experiment::stop_message(&end),
            )),
        }
    }

    /// An oracle over the transcript when an LLM plays.
    fn oracle(&self) -> Option<OracleHandle> {
        self.players
            .iter()
            .any(StrategyConfig::is_llm)
            .then(|| Oracle::handle(self.transcript.clone()))
    }

    /// Play the match, the LLM players answered by `oracle`: the report, or `None` and why
    /// (a reply still to ask for, or a transcript that does not match). It is match (0, 1) of
    /// [`MatchExperiment::as_tournament`], draw for draw.
    fn play_with(&self, oracle: Option<&OracleHandle>) -> (Option<MatchReport>, UnitEnd) {
        let mut a = self.players[0].build();
        let mut b = self.players[1].build();
        if let Some(o) = oracle {
            for (i, s) in [&mut a, &mut b].into_iter().enumerate() {
                s.connect(&AgentLink {
                    oracle: o.clone(),
                    agent: player_name(i),
                    rounds: self.turns,
                });
            }
            o.borrow_mut().begin_unit(0);
        }
        let t = self.as_tournament();
        let ids = t.stream_ids();
        let m = play_strategies(
            a.as_mut(),
            b.as_mut(),
            &self.game,
            &self.game.transposed(),
            &self.match_config(),
            MatchStreams {
                key: t.pair_key(0, 1, &ids),
                base: 0,
            },
        );
        let (end, llm) = match oracle {
            Some(o) => {
                let end = o.borrow_mut().end_unit();
                (end, o.borrow().stats())
            }
            None => (UnitEnd::Done, Vec::new()),
        };
        if end != UnitEnd::Done {
            return (None, end);
        }
        let cooperations = m.cooperations();
        let report = MatchReport {
            players: [self.players[0].label(), self.players[1].label()],
            turns: m.turns(),
            scores: m.scores,
            cooperations,
            moves: m.moves,
            llm,
        };
        (Some(report), end)
    }
}

/// What happened in a match, with the players' names.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MatchReport {
    pub players: [String; 2],
    pub turns: usize,
    /// Totals of the row and column player.
    pub scores: [f64; 2],
    /// Recorded cooperations of each player.
    pub cooperations: [usize; 2],
    /// Recorded moves per turn (after noise).
    pub moves: Vec<(Action, Action)>,
    /// For LLM players: decisions, fallbacks, corrective retries, calls and tokens.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub llm: Vec<AgentStats>,
}

fn default_ecology_steps() -> usize {
    100
}

/// A tournament, then ecological (replicator) dynamics on its mean payoff matrix (Axelrod's
/// `Ecosystem`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EcologyExperiment {
    pub tournament: TournamentConfig,
    /// Generations of the replicator dynamics.
    #[serde(default = "default_ecology_steps")]
    pub steps: usize,
    /// Initial shares, one per player (normalised); empty for equal shares.
    #[serde(default)]
    pub initial: Vec<f64>,
}

impl EcologyExperiment {
    fn ecology(&self, t: &TournamentResults) -> EcologyConfig {
        EcologyConfig {
            payoff: t.payoff_matrix.clone(),
            initial: self.initial.clone(),
            steps: self.steps,
        }
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        self.tournament
            .validate()
            .map_err(|e| e.under("tournament"))?;
        check_count("steps", self.steps, 1, MAX_ECOLOGY_STEPS)?;
        // The payoff matrix is only known after the tournament; check the rest of the
        // ecology's config on a placeholder of the right size.
        let n = self.tournament.players.len();
        EcologyConfig {
            payoff: vec![vec![1.0; n]; n],
            initial: self.initial.clone(),
            steps: self.steps,
        }
        .validate()
    }
}

fn default_intensity() -> f64 {
    1.0
}
fn default_moran_steps() -> usize {
    10_000
}

/// A tournament, then a Moran process on its mean payoff matrix.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MoranExperiment {
    /// Its seed also drives the Moran process (stream `["games/moran"]`).
    pub tournament: TournamentConfig,
    /// Initial individuals of each type (one per tournament player).
    pub counts: Vec<usize>,
    /// Selection intensity `w` in the fitness `exp(w * payoff)`.
    #[serde(default = "default_intensity")]
    pub intensity: f64,
    /// Probability that an offspring mutates to another type.
    #[serde(default)]
    pub mutation: f64,
    #[serde(default = "default_moran_steps")]
    pub max_steps: usize,
}

impl MoranExperiment {
    fn moran(&self, payoff: Vec<Vec<f64>>) -> MoranConfig {
        MoranConfig {
            seed: self.tournament.seed,
            payoff,
            counts: self.counts.clone(),
            intensity: self.intensity,
            mutation: self.mutation,
            max_steps: self.max_steps,
        }
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        self.tournament
            .validate()
            .map_err(|e| e.under("tournament"))?;
        check_count("max_steps", self.max_steps, 1, MAX_MORAN_STEPS)?;
        let n = self.tournament.players.len();
        self.moran(vec![vec![1.0; n]; n]).validate()
    }
}

/// A repeated-games experiment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "mode", rename_all = "snake_case")]
#[allow(clippy::large_enum_variant)] // a config, as for Experiment
pub enum GamesExperiment {
    Match(MatchExperiment),
    Tournament(TournamentConfig),
    Ecology(EcologyExperiment),
    Moran(MoranExperiment),
    Trust(TrustConfig),
    Dynamics(DynamicsConfig),
}

impl GamesExperiment {
    /// The mode's name as in the JSON.
    pub fn mode(&self) -> &'static str {
        match self {
            GamesExperiment::Match(_) => "match",
            GamesExperiment::Tournament(_) => "tournament",
            GamesExperiment::Ecology(_) => "ecology",
            GamesExperiment::Moran(_) => "moran",
            GamesExperiment::Trust(_) => "trust",
            GamesExperiment::Dynamics(_) => "dynamics",
        }
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        match self {
            GamesExperiment::Match(m) => m.validate(),
            GamesExperiment::Tournament(t) => t.validate(),
            GamesExperiment::Ecology(e) => e.validate(),
            GamesExperiment::Moran(m) => m.validate(),
            GamesExperiment::Trust(t) => t.validate(),
            GamesExperiment::Dynamics(d) => d.validate(),
        }
    }

    /// Units of work [`GamesRunner`] counts for this experiment: a match of a tournament
    /// (ecology and Moran add one for the dynamics), a round of The Evolution of Trust, or 1.
    pub fn units(&self) -> usize {
        match self {
            GamesExperiment::Tournament(t) => t.matches_per_repetition() * t.repetitions,
            GamesExperiment::Ecology(EcologyExperiment { tournament: t, .. })
            | GamesExperiment::Moran(MoranExperiment { tournament: t, .. }) => {
                t.matches_per_repetition() * t.repetitions + 1
            }
            GamesExperiment::Trust(t) => t.rounds,
            GamesExperiment::Match(_) | GamesExperiment::Dynamics(_) => 1,
        }
    }

    /// True if an LLM plays (in a match or a tournament).
    pub fn has_llm(&self) -> bool {
        match self {
            GamesExperiment::Match(m) => m.players.iter().any(StrategyConfig::is_llm),
            g => g.tournament().is_some_and(TournamentConfig::has_llm),
        }
    }

    /// The parameters of every LLM player (of a match or a tournament), to edit them together.
    pub fn llm_players_mut(&mut self) -> Vec<&mut super::strategies::llm::LlmParams> {
        let players: Vec<&mut StrategyConfig> = match self {
            GamesExperiment::Match(m) => m.players.iter_mut().collect(),
            GamesExperiment::Tournament(t) => t.players.iter_mut().collect(),
            GamesExperiment::Ecology(e) => e.tournament.players.iter_mut().collect(),
            GamesExperiment::Moran(m) => m.tournament.players.iter_mut().collect(),
            GamesExperiment::Trust(_) | GamesExperiment::Dynamics(_) => Vec::new(),
        };
        players
            .into_iter()
            .filter_map(|p| match p {
                StrategyConfig::Llm(l) => Some(l),
                _ => None,
            })
            .collect()
    }

    /// The tournament inside a tournament, ecology or Moran experiment.
    pub fn tournament(&self) -> Option<&TournamentConfig> {
        match self {
            GamesExperiment::Tournament(t) => Some(t),
            GamesExperiment::Ecology(e) => Some(&e.tournament),
            GamesExperiment::Moran(m) => Some(&m.tournament),
            _ => None,
        }
    }
}

/// A tournament followed by ecological dynamics.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EcologyReport {
    pub tournament: TournamentResults,
    /// `None` until the tournament is over.
    pub ecology: Option<EcologyResults>,
}

/// A tournament followed by a Moran process.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MoranReport {
    pub tournament: TournamentResults,
    /// `None` until the tournament is over.
    pub moran: Option<MoranResults>,
}

/// The Evolution of Trust's rounds, with the names of the types.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrustReport {
    pub types: Vec<String>,
    /// `counts[r][i]`: agents of type `i` after `r` rounds.
    pub counts: Vec<Vec<usize>>,
    /// `scores[r][a]`: total payoff of agent `a` in round `r + 1`, agents listed type by type.
    pub scores: Vec<Vec<f64>>,
}

/// Results of a repeated-games experiment (tagged by `mode` like the experiment).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum GamesResults {
    Match(MatchReport),
    Tournament(TournamentResults),
    Ecology(EcologyReport),
    Moran(MoranReport),
    Trust(TrustReport),
    Dynamics(DynamicsResults),
}

/// The work in progress of one experiment.
enum Work {
    /// The match, its report once played, the oracle of its LLM players and why it stopped.
    Match(
        MatchExperiment,
        Option<MatchReport>,
        Option<OracleHandle>,
        Option<UnitEnd>,
    ),
    Tournament(TournamentRunner),
    Ecology(EcologyExperiment, TournamentRunner, Option<EcologyResults>),
    Moran(MoranExperiment, TournamentRunner, Option<MoranResults>),
    Trust(TrustConfig, TrustReport),
    Dynamics(DynamicsConfig, Option<DynamicsResults>),
}

/// Runs a [`GamesExperiment`] a few units at a time. A unit is a match of a tournament
/// (ecology and Moran add one unit for the dynamics after it), a round of The Evolution of
/// Trust, or the whole of a single match or of learning dynamics.
pub struct GamesRunner {
    work: Work,
    done: usize,
    total: usize,
    /// Turns played (dynamics: steps).
    work_done: u64,
}

impl GamesRunner {
    /// Validate and prepare.
    pub fn new(exp: &GamesExperiment) -> Result<Self, ConfigError> {
        exp.validate()?;
        let work = match exp {
            GamesExperiment::Match(m) => Work::Match(m.clone(), None, m.oracle(), None),
            GamesExperiment::Tournament(t) => Work::Tournament(TournamentRunner::new(t)?),
            GamesExperiment::Ecology(e) => {
                Work::Ecology(e.clone(), TournamentRunner::new(&e.tournament)?, None)
            }
            GamesExperiment::Moran(m) => {
                Work::Moran(m.clone(), TournamentRunner::new(&m.tournament)?, None)
            }
            GamesExperiment::Trust(t) => Work::Trust(
                t.clone(),
                TrustReport {
                    types: t.types.iter().map(StrategyConfig::label).collect(),
                    counts: vec![t.counts.clone()],
                    scores: Vec::with_capacity(t.rounds),
                },
            ),
            GamesExperiment::Dynamics(d) => Work::Dynamics(d.clone(), None),
        };
        let total = exp.units();
        Ok(GamesRunner {
            work,
            done: 0,
            total,
            work_done: 0,
        })
    }

    /// Units done so far.
    pub fn done(&self) -> usize {
        self.done
    }

    /// Units in the whole experiment.
    pub fn total(&self) -> usize {
        self.total
    }

    pub fn is_complete(&self) -> bool {
        self.done >= self.total
    }

    /// Turns played so far (for learning dynamics: steps).
    pub fn work_done(&self) -> u64 {
        self.work_done
    }

    /// Do up to `k` more units; returns how many were done.
    pub fn step(&mut self, k: usize) -> usize {
        LabRunner::step(self, k)
    }

    /// Results so far (the final results once complete).
    pub fn results(&self) -> GamesResults {
        match &self.work {
            Work::Match(m, out, ..) => {
                GamesResults::Match(out.clone().unwrap_or_else(|| MatchReport {
                    players: [m.players[0].label(), m.players[1].label()],
                    turns: 0,
                    scores: [0.0, 0.0],
                    cooperations: [0, 0],
                    moves: Vec::new(),
                    llm: Vec::new(),
                }))
            }
            Work::Tournament(r) => GamesResults::Tournament(r.results()),
            Work::Ecology(_, r, out) => GamesResults::Ecology(EcologyReport {
                tournament: r.results(),
                ecology: out.clone(),
            }),
            Work::Moran(_, r, out) => GamesResults::Moran(MoranReport {
                tournament: r.results(),
                moran: out.clone(),
            }),
            Work::Trust(_, report) => GamesResults::Trust(report.clone()),
            Work::Dynamics(_, out) => {
                GamesResults::Dynamics(out.clone().unwrap_or_else(|| DynamicsResults {
                    row: empty_trajectory(),
                    col: empty_trajectory(),
                }))
            }
        }
    }

    /// The tournament being played (tournament, ecology and Moran modes).
    fn tournament_runner(&mut self) -> Option<&mut TournamentRunner> {
        match &mut self.work {
            Work::Tournament(r) | Work::Ecology(_, r, _) | Work::Moran(_, r, _) => Some(r),
            _ => None,
        }
    }

    /// Why the run stopped before the end: a unit waits for an LLM reply or the transcript
    /// does not match (see [`crate::llm::oracle`]).
    pub fn stopped(&self) -> Option<&UnitEnd> {
        match &self.work {
            Work::Match(.., stop) => stop.as_ref(),
            Work::Tournament(r) | Work::Ecology(_, r, _) | Work::Moran(_, r, _) => r.stopped(),
            _ => None,
        }
    }

    /// The next request of each of the next `max` units waiting for an LLM reply.
    pub fn pending_calls(&mut self, max: usize) -> Vec<PendingCall> {
        if let Work::Match(_, _, Some(o), Some(UnitEnd::Pending)) = &self.work {
            return o
                .borrow()
                .pending()
                .cloned()
                .into_iter()
                .take(max)
                .collect();
        }
        self.tournament_runner()
            .map(|r| r.pending_calls(max))
            .unwrap_or_default()
    }

    /// Add the reply to a pending call; the next [`GamesRunner::step`] goes on from there.
    pub fn record(&mut self, call: &PendingCall, exchange: Exchange) -> bool {
        if let Work::Match(_, _, Some(o), stop) = &mut self.work {
            let ok = o.borrow_mut().record(call, exchange);
            if ok && matches!(stop, Some(UnitEnd::Pending)) {
                *stop = None;
            }
            return ok;
        }
        self.tournament_runner()
            .is_some_and(|r| r.record(call, exchange))
    }

    /// The oracle answering the LLM players, if any play.
    pub fn oracle(&self) -> Option<&OracleHandle> {
        match &self.work {
            Work::Match(_, _, o, _) => o.as_ref(),
            Work::Tournament(r) | Work::Ecology(_, r, _) | Work::Moran(_, r, _) => r.oracle(),
            _ => None,
        }
    }

    /// Run to the end.
    pub fn run_to_end(self) -> GamesResults {
        LabRunner::run_to_end(self)
    }
}

/// What one unit of a games run adds to its results (see [`GamesRunner`]).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum GamesUnit {
    /// The whole of a single match.
    Match(MatchReport),
    /// One match of a tournament.
    TournamentMatch(MatchOutcome),
    /// The replicator dynamics after the tournament (`None` if they refused its payoffs).
    Ecology(Option<EcologyResults>),
    /// The Moran process after the tournament (`None` if it refused its payoffs).
    Moran(Option<MoranResults>),
    /// A round of The Evolution of Trust: the counts after it and every agent's payoff.
    TrustRound(Vec<usize>, Vec<f64>),
    /// The whole of a learning-dynamics run (`None` if the dynamics refused the game).
    Dynamics(Option<DynamicsResults>),
}

impl LabRunner for GamesRunner {
    type Results = GamesResults;
    type Outcome = GamesUnit;

    fn total(&self) -> usize {
        self.total
    }

    fn done(&self) -> usize {
        self.done
    }

    /// The matches of a tournament (also before ecology and Moran) without LLM players; every
    /// other unit needs the ones before it.
    fn independent_until(&self) -> usize {
        match &self.work {
            Work::Tournament(r) | Work::Ecology(_, r, _) | Work::Moran(_, r, _) => {
                r.independent_until()
            }
            _ => self.done,
        }
    }

    /// Configs were validated in [`GamesRunner::new`], so the inner runs cannot fail on the
    /// config; dynamics after a tournament that refuse its payoff matrix are left out.
    fn compute(&mut self, unit: usize) -> Option<GamesUnit> {
        match &mut self.work {
            Work::Match(m, _, oracle, stop) => match m.play_with(oracle.as_ref()) {
                (Some(r), _) => Some(GamesUnit::Match(r)),
                (None, end) => {
                    *stop = Some(end);
                    None
                }
            },
            Work::Tournament(r) => r.compute(unit).map(GamesUnit::TournamentMatch),
            Work::Ecology(e, r, _) => {
                if unit < r.total_matches() {
                    r.compute(unit).map(GamesUnit::TournamentMatch)
                } else {
                    Some(GamesUnit::Ecology(e.ecology(&r.results()).run().ok()))
                }
            }
            Work::Moran(m, r, _) => {
                if unit < r.total_matches() {
                    r.compute(unit).map(GamesUnit::TournamentMatch)
                } else {
                    Some(GamesUnit::Moran(
                        m.moran(r.results().payoff_matrix).run().ok(),
                    ))
                }
            }
            Work::Trust(t, report) => {
                let counts = report.counts.last().cloned().unwrap_or_default();
                let (next, scores) = t.play_round(report.scores.len(), &counts);
                Some(GamesUnit::TrustRound(next, scores))
            }
            Work::Dynamics(d, _) => Some(GamesUnit::Dynamics(d.run().ok())),
        }
    }

    fn commit(&mut self, outcome: GamesUnit) {
        match (&mut self.work, outcome) {
            (Work::Match(_, out, ..), GamesUnit::Match(r)) => {
                self.work_done += r.turns as u64;
                *out = Some(r);
            }
            (
                Work::Tournament(r) | Work::Ecology(_, r, _) | Work::Moran(_, r, _),
                GamesUnit::TournamentMatch(o),
            ) => {
                self.work_done += o.turns as u64;
                r.commit(o);
            }
            (Work::Ecology(_, _, out), GamesUnit::Ecology(e)) => *out = e,
            (Work::Moran(_, _, out), GamesUnit::Moran(m)) => *out = m,
            (Work::Trust(t, report), GamesUnit::TrustRound(next, scores)) => {
                report.counts.push(next);
                report.scores.push(scores);
                self.work_done += t.turns_per_round();
            }
            (Work::Dynamics(d, out), GamesUnit::Dynamics(r)) => {
                *out = r;
                self.work_done += d.steps as u64;
            }
            (_, o) => unreachable!("a {o:?} outcome does not belong to this run"),
        }
        self.done += 1;
    }

    fn results(&self) -> GamesResults {
        GamesRunner::results(self)
    }

    fn work_done(&self) -> u64 {
        self.work_done
    }

    fn stopped(&self) -> Option<&UnitEnd> {
        GamesRunner::stopped(self)
    }

    fn pending_calls(&mut self, max: usize) -> Vec<PendingCall> {
        GamesRunner::pending_calls(self, max)
    }

    fn record(&mut self, call: &PendingCall, exchange: Exchange) -> bool {
        GamesRunner::record(self, call, exchange)
    }

    fn oracle(&self) -> Option<&OracleHandle> {
        GamesRunner::oracle(self)
    }
}

fn empty_trajectory() -> super::dynamics::Trajectory {
    super::dynamics::Trajectory {
        current: Vec::new(),
        average: Vec::new(),
        regret: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::games::presets;

    #[test]
    fn chunked_runs_equal_whole_runs() {
        for (name, _, _, exp) in presets::all().into_iter().filter(|p| !p.3.has_llm()) {
            let whole = GamesRunner::new(&exp).unwrap().run_to_end();
            let mut r = GamesRunner::new(&exp).unwrap();
            while !r.is_complete() {
                assert!(r.step(7) > 0);
            }
            assert_eq!(r.results(), whole, "{name}");
        }
    }

    #[test]
    fn units_are_what_the_runner_steps_through() {
        for (name, _, _, exp) in presets::all().into_iter().filter(|p| !p.3.has_llm()) {
            let mut r = GamesRunner::new(&exp).unwrap();
            assert_eq!(r.total(), exp.units(), "{name}");
            let mut steps = 0;
            while r.step(1) == 1 {
                steps += 1;
            }
            assert_eq!(steps, exp.units(), "{name}");
        }
    }

    #[test]
    fn a_match_is_match_0_1_of_its_tournament() {
        let m = MatchExperiment {
            seed: 9,
            game: GameConfig::prisoners_dilemma(),
            players: [
                StrategyConfig::by_kind("Random").unwrap(),
                StrategyConfig::by_kind("TitForTat").unwrap(),
            ],
            turns: 50,
            noise: 0.1,
            prob_end: 0.0,
            transcript: Default::default(),
        };
        let report = m.run().unwrap();
        let t = m.as_tournament();
        let played = t.play_match(0, 1, 0, &t.stream_ids());
        assert_eq!(report.moves, played.moves);
        assert_eq!(report.scores, played.scores);
    }

    #[test]
    fn ecology_and_moran_refuse_mismatched_sizes() {
        let t = presets::axelrod_first().tournament().cloned().unwrap();
        let e = EcologyExperiment {
            tournament: t.clone(),
            steps: 10,
            initial: vec![1.0],
        };
        assert!(e.validate().unwrap_err().field.starts_with("initial"));
        let m = MoranExperiment {
            tournament: t,
            counts: vec![1, 2],
            intensity: 1.0,
            mutation: 0.0,
            max_steps: 100,
        };
        assert!(m.validate().unwrap_err().field.starts_with("counts"));
    }
}
