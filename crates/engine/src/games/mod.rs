//! The repeated-games lab's engine: 2x2 normal-form games, strategies for the iterated game,
//! matches and round-robin tournaments.
//!
//! Conventions follow the Axelrod Python library (Knight et al. 2016, `axelrod` 4.x) so that
//! results compare one to one: a strategy's identifier and rules are Axelrod's, a match flips
//! each chosen action with probability `noise` and both players record the flipped move, and a
//! tournament is a round robin in which every player also meets a copy of itself, with
//! self-play left out of the scores.
//!
//! - [`game`]: the stage game (payoffs for both players, best responses, Nash equilibria, presets)
//! - [`strategy`]: the strategy role (`Strategy` trait) and [`Action`]
//! - [`strategies`]: every strategy, one file each, registered in [`StrategyConfig`]
//! - [`play`]: one match between two strategies
//! - [`human`]: a person plays against a strategy ("You play"), with fair comparisons
//! - [`tournament`]: round robin with repetitions, results as Axelrod reports them
//! - [`evolution`]: replicator ecology, Moran process, Evolution of Trust rounds
//! - [`dynamics`]: self-play learning (Hedge, regret matching, fictitious play) in matrix games
//! - [`topology`]: the 144 strict ordinal 2x2 games (Robinson-Goforth periodic table), by family
//! - [`experiment`]: the lab's experiment config (one of six modes) and its runner
//! - [`presets`]: the lab's preset experiments

pub mod dynamics;
pub mod evolution;
pub mod experiment;
pub mod game;
pub mod human;
pub mod llm_factors;
pub mod llm_names;
pub mod play;
pub mod presets;
pub mod strategies;
pub mod strategy;
pub mod topology;
pub mod tournament;

pub use experiment::{GamesExperiment, GamesResults, GamesRunner, GamesUnit};
pub use game::GameConfig;
pub use play::{MatchConfig, MatchResult};
pub use strategies::StrategyConfig;
pub use strategy::{Action, Strategy};
pub use tournament::{TournamentConfig, TournamentResults};

/// The repeated-games lab in the registry ([`crate::labs`]). A unit is a match of a
/// tournament (ecology and Moran add one for the dynamics after it), a round of The Evolution
/// of Trust, or the whole of a single match or of learning dynamics.
pub struct GamesLab;

impl crate::lab::Lab for GamesLab {
    const ID: &'static str = "games";
    const TITLE: &'static str = "Repeated games";
    const WORK_UNIT: &'static str = "turns";
    type Config = GamesExperiment;
    type Results = GamesResults;
    type Runner = GamesRunner;

    fn validate(cfg: &GamesExperiment) -> Result<(), crate::ConfigError> {
        cfg.validate()
    }

    fn runner(cfg: &GamesExperiment) -> Result<GamesRunner, crate::ConfigError> {
        GamesRunner::new(cfg)
    }

    fn units(cfg: &GamesExperiment) -> usize {
        cfg.units()
    }

    fn unit_name(cfg: &GamesExperiment) -> &'static str {
        match cfg {
            GamesExperiment::Tournament(_) => "matches",
            GamesExperiment::Ecology(_) | GamesExperiment::Moran(_) => "matches + evolution",
            GamesExperiment::Trust(_) => "rounds",
            GamesExperiment::Match(_) => "match",
            GamesExperiment::Dynamics(_) => "run",
        }
    }

    fn presets() -> Vec<crate::lab::LabPreset<GamesExperiment>> {
        presets::all()
    }

    fn has_llm(cfg: &GamesExperiment) -> bool {
        cfg.has_llm()
    }

    fn edit_llm(cfg: &mut GamesExperiment, f: &mut dyn FnMut(&mut crate::llm::LlmConfig)) {
        cfg.llm_players_mut()
            .into_iter()
            .for_each(|p| f(&mut p.llm));
    }

    fn transcript(cfg: &GamesExperiment) -> Option<&crate::llm::Transcript> {
        match cfg {
            GamesExperiment::Match(m) => Some(&m.transcript),
            g => g.tournament().map(|t| &t.transcript),
        }
    }

    fn set_transcript(cfg: &mut GamesExperiment, transcript: crate::llm::Transcript) {
        match cfg {
            GamesExperiment::Match(m) => m.transcript = transcript,
            GamesExperiment::Tournament(t) => t.transcript = transcript,
            GamesExperiment::Ecology(e) => e.tournament.transcript = transcript,
            GamesExperiment::Moran(m) => m.tournament.transcript = transcript,
            GamesExperiment::Trust(_) | GamesExperiment::Dynamics(_) => {}
        }
    }

    fn llm_factors(cfg: &GamesExperiment) -> Vec<crate::llm::factors::Factor> {
        cfg.llm_factors()
    }

    fn set_llm_factor(
        cfg: &mut GamesExperiment,
        id: &str,
        value: &crate::llm::factors::FactorValue,
    ) -> Result<(), crate::ConfigError> {
        cfg.set_llm_factor(id, value)
    }

    fn llm_agent_label(cfg: &GamesExperiment, agent: &str) -> String {
        cfg.llm_agent_label(agent)
    }

    fn llm_unit_label(cfg: &GamesExperiment, unit: usize) -> String {
        cfg.llm_unit_label(unit)
    }

    fn llm_units_word(cfg: &GamesExperiment) -> &'static str {
        match cfg {
            GamesExperiment::Match(_) | GamesExperiment::Tournament(_) => "matches",
            _ => "units of work",
        }
    }
}
