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

pub use experiment::{GamesExperiment, GamesResults, GamesRunner};
pub use game::GameConfig;
pub use play::{MatchConfig, MatchResult};
pub use strategies::StrategyConfig;
pub use strategy::{Action, Strategy};
pub use tournament::{TournamentConfig, TournamentResults};
