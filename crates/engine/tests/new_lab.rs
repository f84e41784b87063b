//! Adding a lab is one folder and one registry line: a toy lab written here (coin flips),
//! implementing only `Lab` and `LabRunner`, gets from one more line in a `registry!` list a
//! tagged experiment that reads and writes JSON next to the existing labs, a runner whose
//! units can be computed by another runner and committed in order, its presets in the list,
//! and its LLM hooks answered by the trait's defaults. Nothing else is written for it.

use agora_engine::error::{check_count, ConfigError};
use agora_engine::lab::{Lab, LabPreset, LabRunner};
use agora_engine::rng::{Key, Rng};
use serde::{Deserialize, Serialize};

/// R repetitions of n flips of a coin with heads probability p.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CoinConfig {
    pub seed: u64,
    pub flips: usize,
    pub repetitions: usize,
    pub p: f64,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoinResults {
    /// Heads of each repetition, in order.
    pub heads: Vec<u64>,
}

pub struct CoinRunner {
    cfg: CoinConfig,
    heads: Vec<u64>,
}

impl LabRunner for CoinRunner {
    type Results = CoinResults;
    type Outcome = u64;

    fn total(&self) -> usize {
        self.cfg.repetitions
    }
    fn done(&self) -> usize {
        self.heads.len()
    }
    fn independent_until(&self) -> usize {
        self.cfg.repetitions
    }
    fn compute(&mut self, unit: usize) -> Option<u64> {
        let mut rng = Rng::stream(self.cfg.seed, &[Key::Str("coin"), Key::Num(unit as u64)]);
        Some(
            (0..self.cfg.flips)
                .filter(|_| rng.bernoulli(self.cfg.p))
                .count() as u64,
        )
    }
    fn commit(&mut self, heads: u64) {
        self.heads.push(heads);
    }
    fn results(&self) -> CoinResults {
        CoinResults {
            heads: self.heads.clone(),
        }
    }
    fn work_done(&self) -> u64 {
        self.heads.len() as u64 * self.cfg.flips as u64
    }
}

pub struct CoinLab;

impl Lab for CoinLab {
    const ID: &'static str = "coin";
    const TITLE: &'static str = "Coin flips";
    const WORK_UNIT: &'static str = "flips";
    type Config = CoinConfig;
    type Results = CoinResults;
    type Runner = CoinRunner;

    fn validate(cfg: &CoinConfig) -> Result<(), ConfigError> {
        check_count("flips", cfg.flips, 1, 1_000_000)?;
        check_count("repetitions", cfg.repetitions, 1, 10_000)?;
        if !(0.0..=1.0).contains(&cfg.p) {
            return Err(ConfigError::new("p", "a probability from 0 to 1"));
        }
        Ok(())
    }
    fn runner(cfg: &CoinConfig) -> Result<CoinRunner, ConfigError> {
        Self::validate(cfg)?;
        Ok(CoinRunner {
            cfg: cfg.clone(),
            heads: Vec::new(),
        })
    }
    fn units(cfg: &CoinConfig) -> usize {
        cfg.repetitions
    }
    fn presets() -> Vec<LabPreset<CoinConfig>> {
        vec![(
            "coin-fair",
            "A fair coin",
            "100 flips of a fair coin, 20 times.",
            CoinConfig {
                seed: 1,
                flips: 100,
                repetitions: 20,
                p: 0.5,
            },
        )]
    }
}

/// The registry of this test: the bandit lab, and the new lab's one line.
mod registry {
    agora_engine::registry! {
        /// Multi-armed bandits.
        Bandits => agora_engine::bandits::BanditsLab,
        /// Coin flips.
        Coin => super::CoinLab,
    }
}

use registry::{Experiment, Registered, Results, Runner};

#[test]
fn the_new_lab_reads_runs_and_writes_like_any_lab() {
    let json = r#"{"lab":"coin","seed":7,"flips":50,"repetitions":9,"p":0.3}"#;
    let exp: Experiment = serde_json::from_str(json).unwrap();
    assert_eq!(exp.lab(), "coin");
    assert_eq!(exp.units(), 9);
    assert_eq!(exp.unit_name(), "repetitions");
    assert!(!exp.has_llm() && exp.llm_factors().is_empty());
    assert_eq!(serde_json::to_string(&exp).unwrap(), json);
    assert_eq!(registry::IDS, ["bandits", "coin"]);

    let mut r = Runner::new(&exp).unwrap();
    assert_eq!(r.work_unit(), "flips");
    r.step(usize::MAX);
    let Results::Coin(res) = r.results() else {
        panic!("coin results")
    };
    assert_eq!(res.heads.len(), 9);
    assert!(res.heads.iter().all(|&h| h <= 50));
    assert_eq!(r.work_done(), 450);
    assert!(r.results().lab_json().starts_with("{\"heads\":["));
    assert_eq!(
        serde_json::to_value(r.results()).unwrap()["lab"],
        serde_json::json!("coin")
    );

    // Units computed by another runner, committed out of order, give the same results.
    let mut helper = Runner::new(&exp).unwrap();
    let mut r2 = Runner::new(&exp).unwrap();
    let late = helper.compute(4, 9).unwrap();
    let early = helper.compute(0, 4).unwrap();
    assert!(r2.commit(early).is_ok());
    assert!(r2.commit(late).is_ok());
    assert_eq!(r2.results(), r.results());

    // A bad value names its field; another lab's outcomes are refused.
    let bad: Experiment =
        serde_json::from_str(r#"{"lab":"coin","seed":7,"flips":50,"repetitions":9,"p":1.5}"#)
            .unwrap();
    assert_eq!(bad.validate().unwrap_err().field, "p");
    let bandits = Experiment::Bandits(agora_engine::bandits::presets::classic());
    let other = Runner::new(&bandits).unwrap().compute(0, 1).unwrap();
    assert!(Runner::new(&exp).unwrap().commit(other).is_err());
}

#[test]
fn the_new_lab_joins_the_presets_and_keeps_the_others() {
    let presets = registry::presets();
    let names: Vec<&str> = presets.iter().map(|p| p.0).collect();
    assert!(names.contains(&"coin-fair") && names.contains(&"bandits-classic"));
    assert_eq!(
        presets.len(),
        agora_engine::bandits::presets::all().len() + 1
    );
    // Configs go in and out of the experiment through the registry.
    let (_, _, _, fair) = CoinLab::presets().remove(0);
    let e = CoinLab::wrap(fair.clone());
    assert_eq!(CoinLab::unwrap(e), Some(fair));
    assert_eq!(
        CoinLab::unwrap(Experiment::Bandits(
            agora_engine::bandits::presets::classic()
        )),
        None
    );
}
