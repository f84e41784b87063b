//! Agora's simulation engine: pure, deterministic Rust with no browser, no I/O and no clocks.
//!
//! `config + seed -> results`, with the same bits natively and in WebAssembly: one portable
//! RNG ([`rng`]), `libm` for transcendental functions, fixed accumulation order.
//!
//! - [`lab`]: what every lab is ([`lab::Lab`], [`lab::LabRunner`]); [`labs`]: the registry
//! - [`experiment`]: the versioned experiment config every lab shares (links, CLI, presets)
//! - [`link`]: experiment <-> share link
//! - [`parallel`]: one run on several threads or Web Workers, with the same bits
//! - [`digest`]: result digests
//! - [`bandits`]: the multi-armed bandit lab
//! - [`games`]: the repeated-games lab
//! - [`tax`]: the tax-planner lab
//! - [`metarl`]: the meta-RL exploration lab
//! - [`llm`]: LLM agents' requests, replies, prompts and reply parsing (no I/O)

// Tests may compute expected values with std (an independent derivation).
#![cfg_attr(test, allow(clippy::disallowed_methods))]

pub mod bandits;
pub mod chacha;
pub mod cost;
pub mod digest;
pub mod error;
pub mod experiment;
pub mod games;
pub mod lab;
pub mod labs;
pub mod link;
pub mod llm;
pub mod metarl;
pub mod parallel;
pub mod presets;
pub mod rng;
pub mod sampling;
pub mod stats;
pub mod stories;
pub mod strict;
pub mod tax;
pub mod text;

pub use error::ConfigError;
pub use experiment::{Experiment, LoadError, Outcome, Results, FORMAT};
