//! Every strategy of the iterated game, one file each, registered once in the list below.
//!
//! Identifiers, names and rules are the Axelrod Python library's (Knight et al. 2016), so a
//! tournament here and one there give the same scores for deterministic players.
//!
//! To add a strategy: write `my_strategy.rs` with a `MyStrategyParams` config struct (serde,
//! `Default`, `validate`, `label`, `build`; the `no_params!` macro writes it for strategies
//! without parameters), a state struct implementing [`Strategy`], an `ABOUT` text and tests of
//! its rules on hand-written histories; then add one line to `strategies!` below.

use super::strategy::{Action, Strategy};
use crate::error::ConfigError;
use serde::{Deserialize, Serialize};

pub use super::strategy::About;

/// The config struct of a strategy without parameters, whose state is `Default`.
macro_rules! no_params {
    ($params:ident, $label:literal, $state:ident) => {
        #[doc = concat!("`", $label, "` has no parameters.")]
        #[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(default, deny_unknown_fields)]
        pub struct $params {}

        impl $params {
            pub fn validate(&self) -> Result<(), crate::error::ConfigError> {
                Ok(())
            }
            pub fn label(&self) -> String {
                $label.into()
            }
            pub fn build(&self) -> Box<dyn crate::games::strategy::Strategy> {
                Box::new($state::default())
            }
        }
    };
}

pub mod adaptive_tit_for_tat;
pub mod aggravater;
pub mod alternator;
pub mod anti_tit_for_tat;
pub mod appeaser;
pub mod bully;
pub mod cooperator;
pub mod cycler;
pub mod defector;
pub mod detective;
pub mod dynamic_two_tits_for_tat;
pub mod easy_go;
pub mod first_by_joss;
pub mod forgetful_grudger;
pub mod forgiving_tit_for_tat;
pub mod go_by_majority;
pub mod gradual;
pub mod grudger;
pub mod grudger_alternator;
pub mod gtft;
pub mod hard_go_by_majority;
pub mod hard_prober;
pub mod hard_tit_for_2_tats;
pub mod hard_tit_for_tat;
pub mod memory_one;
pub mod n_tits_for_m_tats;
pub mod opposite_grudger;
pub mod original_gradual;
pub mod prober;
pub mod prober_2;
pub mod prober_3;
pub mod random;
pub mod slow_tit_for_two_tats_2;
pub mod sneaky_tit_for_tat;
pub mod soft_grudger;
pub mod soft_joss;
pub mod spiteful_tit_for_tat;
pub mod stochastic_cooperator;
pub mod stochastic_wsls;
pub mod suspicious_tit_for_tat;
pub mod tit_for_2_tats;
pub mod tit_for_tat;
pub mod two_tits_for_tat;
pub mod win_stay_lose_shift;
pub mod zd_extort_2;
pub mod zd_gtft_2;

pub mod exp3;
pub mod fictitious_play;
pub mod hedge;
pub mod llm;
pub mod q_learner;
pub mod regret_matching;

macro_rules! strategies {
    ($( $variant:ident => $kind:literal, $module:ident :: $params:ident ; )*) => {
        /// The config of one player: `{"kind": "<Axelrod identifier>", ...its parameters}`.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(tag = "kind")]
        pub enum StrategyConfig {
            $( #[serde(rename = $kind)] $variant($module::$params), )*
        }

        impl StrategyConfig {
            /// Every strategy with its default parameters, in menu order.
            pub fn all_defaults() -> Vec<StrategyConfig> {
                vec![$( StrategyConfig::$variant($module::$params::default()), )*]
            }

            /// The `kind` string (Axelrod's class name).
            pub fn kind(&self) -> &'static str {
                match self { $( StrategyConfig::$variant(_) => $kind, )* }
            }

            /// Check the parameters.
            pub fn validate(&self) -> Result<(), ConfigError> {
                match self { $( StrategyConfig::$variant(p) => p.validate(), )* }
            }

            /// Axelrod's display name with the parameters, e.g. "Random: 0.5".
            pub fn label(&self) -> String {
                match self { $( StrategyConfig::$variant(p) => p.label(), )* }
            }

            /// A fresh player for one match. Call [`StrategyConfig::validate`] first.
            pub fn build(&self) -> Box<dyn Strategy> {
                match self { $( StrategyConfig::$variant(p) => p.build(), )* }
            }

            /// The explanation shown in the app.
            pub fn about(&self) -> &'static About {
                match self { $( StrategyConfig::$variant(_) => &$module::ABOUT, )* }
            }
        }
    };
}

strategies! {
    Cooperator => "Cooperator", cooperator::CooperatorParams;
    Defector => "Defector", defector::DefectorParams;
    TitForTat => "TitForTat", tit_for_tat::TitForTatParams;
    Grudger => "Grudger", grudger::GrudgerParams;
    TitFor2Tats => "TitFor2Tats", tit_for_2_tats::TitFor2TatsParams;
    TwoTitsForTat => "TwoTitsForTat", two_tits_for_tat::TwoTitsForTatParams;
    WinStayLoseShift => "WinStayLoseShift", win_stay_lose_shift::WinStayLoseShiftParams;
    Alternator => "Alternator", alternator::AlternatorParams;
    SuspiciousTitForTat => "SuspiciousTitForTat", suspicious_tit_for_tat::SuspiciousTitForTatParams;
    Bully => "Bully", bully::BullyParams;
    GoByMajority => "GoByMajority", go_by_majority::GoByMajorityParams;
    HardGoByMajority => "HardGoByMajority", hard_go_by_majority::HardGoByMajorityParams;
    Prober => "Prober", prober::ProberParams;
    Prober2 => "Prober2", prober_2::Prober2Params;
    Prober3 => "Prober3", prober_3::Prober3Params;
    HardProber => "HardProber", hard_prober::HardProberParams;
    Gtft => "GTFT", gtft::GtftParams;
    Random => "Random", random::RandomParams;
    FirstByJoss => "FirstByJoss", first_by_joss::FirstByJossParams;
    SoftJoss => "SoftJoss", soft_joss::SoftJossParams;
    StochasticWsls => "StochasticWSLS", stochastic_wsls::StochasticWslsParams;
    StochasticCooperator => "StochasticCooperator", stochastic_cooperator::StochasticCooperatorParams;
    HardTitForTat => "HardTitForTat", hard_tit_for_tat::HardTitForTatParams;
    ForgivingTitForTat => "ForgivingTitForTat", forgiving_tit_for_tat::ForgivingTitForTatParams;
    Appeaser => "Appeaser", appeaser::AppeaserParams;
    Cycler => "Cycler", cycler::CyclerParams;
    MemoryOne => "MemoryOnePlayer", memory_one::MemoryOneParams;
    ZdExtort2 => "ZDExtort2", zd_extort_2::ZdExtort2Params;
    ZdGtft2 => "ZDGTFT2", zd_gtft_2::ZdGtft2Params;
    Detective => "Detective", detective::DetectiveParams;
    AntiTitForTat => "AntiTitForTat", anti_tit_for_tat::AntiTitForTatParams;
    HardTitFor2Tats => "HardTitFor2Tats", hard_tit_for_2_tats::HardTitFor2TatsParams;
    SneakyTitForTat => "SneakyTitForTat", sneaky_tit_for_tat::SneakyTitForTatParams;
    SpitefulTitForTat => "SpitefulTitForTat", spiteful_tit_for_tat::SpitefulTitForTatParams;
    SlowTitForTwoTats2 => "SlowTitForTwoTats2", slow_tit_for_two_tats_2::SlowTitForTwoTats2Params;
    AdaptiveTitForTat => "AdaptiveTitForTat", adaptive_tit_for_tat::AdaptiveTitForTatParams;
    DynamicTwoTitsForTat => "DynamicTwoTitsForTat", dynamic_two_tits_for_tat::DynamicTwoTitsForTatParams;
    NTitsForMTats => "NTitsForMTats", n_tits_for_m_tats::NTitsForMTatsParams;
    Gradual => "Gradual", gradual::GradualParams;
    OriginalGradual => "OriginalGradual", original_gradual::OriginalGradualParams;
    SoftGrudger => "SoftGrudger", soft_grudger::SoftGrudgerParams;
    ForgetfulGrudger => "ForgetfulGrudger", forgetful_grudger::ForgetfulGrudgerParams;
    GrudgerAlternator => "GrudgerAlternator", grudger_alternator::GrudgerAlternatorParams;
    Aggravater => "Aggravater", aggravater::AggravaterParams;
    OppositeGrudger => "OppositeGrudger", opposite_grudger::OppositeGrudgerParams;
    EasyGo => "EasyGo", easy_go::EasyGoParams;
    FictitiousPlay => "FictitiousPlay", fictitious_play::FictitiousPlayParams;
    RegretMatching => "RegretMatching", regret_matching::RegretMatchingParams;
    Hedge => "Hedge", hedge::HedgeParams;
    Exp3 => "EXP3", exp3::Exp3Params;
    QLearner => "QLearner", q_learner::QLearnerParams;
    Llm => "LLM", llm::LlmParams;
}

impl StrategyConfig {
    /// True for a language-model player (its moves come from a transcript).
    pub fn is_llm(&self) -> bool {
        matches!(self, StrategyConfig::Llm(_))
    }

    /// True for Agora's learning players (fictitious play, regret matching, Hedge, EXP3 and
    /// Q-learning), which the Axelrod library does not have.
    pub fn is_learner(&self) -> bool {
        matches!(
            self,
            StrategyConfig::FictitiousPlay(_)
                | StrategyConfig::RegretMatching(_)
                | StrategyConfig::Hedge(_)
                | StrategyConfig::Exp3(_)
                | StrategyConfig::QLearner(_)
        )
    }

    /// The strategy `kind` with its default parameters.
    pub fn by_kind(kind: &str) -> Option<StrategyConfig> {
        Self::all_defaults().into_iter().find(|s| s.kind() == kind)
    }

    /// Its character's name in Nicky Case's *The Evolution of Trust* (2017), for the eight
    /// characters the game has: Copycat is Tit For Tat, Copykitten Tit For Two Tats, Simpleton
    /// Win-Stay Lose-Shift (Pavlov), Always Cheat the Defector, Random a fair coin. Display
    /// only: results and digests keep Axelrod's names.
    pub fn trust_name(&self) -> Option<&'static str> {
        Some(match self {
            StrategyConfig::TitForTat(_) => "Copycat",
            StrategyConfig::TitFor2Tats(_) => "Copykitten",
            StrategyConfig::WinStayLoseShift(_) => "Simpleton",
            StrategyConfig::Cooperator(_) => "Always Cooperate",
            StrategyConfig::Defector(_) => "Always Cheat",
            StrategyConfig::Grudger(_) => "Grudger",
            StrategyConfig::Detective(_) => "Detective",
            StrategyConfig::Random(r) if r.p == 0.5 => "Random",
            _ => return None,
        })
    }
}

/// The prober family (Mathieu & Delahaye; Axelrod's `Prober`, `Prober2`, `Prober3`,
/// `HardProber`): play `opening`; then, if the opponent's moves in rounds `window` (0-based)
/// were `pattern`, play `verdict` for the rest of the match, otherwise Tit For Tat.
pub(crate) fn probe(
    own: &[Action],
    opp: &[Action],
    opening: &[Action],
    window: std::ops::Range<usize>,
    pattern: &[Action],
    verdict: Action,
) -> Action {
    if let Some(&a) = opening.get(own.len()) {
        return a;
    }
    if opp.get(window) == Some(pattern) {
        verdict
    } else {
        opp.last().copied().unwrap_or(Action::C)
    }
}

/// Counts of the opponent's moves, brought up to date incrementally, so that strategies that
/// look at the whole history (Grudger, Go By Majority, ...) cost O(1) per round instead of
/// O(t). In a match the history only grows; a history shorter than the last one seen (a new
/// match without [`Strategy::reset`]) is counted again from the start.
#[derive(Clone, Debug, Default)]
pub struct OppTally {
    seen: usize,
    defections: usize,
    two_in_a_row: bool,
}

impl OppTally {
    /// Count the moves of `h` not seen yet.
    pub fn update(&mut self, h: &[Action]) -> &Self {
        if h.len() < self.seen {
            *self = OppTally::default();
        }
        for k in self.seen..h.len() {
            if h[k] == Action::D {
                self.defections += 1;
                if k > 0 && h[k - 1] == Action::D {
                    self.two_in_a_row = true;
                }
            }
        }
        self.seen = h.len();
        self
    }

    /// Defections so far.
    pub fn defections(&self) -> usize {
        self.defections
    }

    /// Cooperations so far.
    pub fn cooperations(&self) -> usize {
        self.seen - self.defections
    }

    /// True once the opponent has defected twice in a row.
    pub fn two_defections_in_a_row(&self) -> bool {
        self.two_in_a_row
    }
}

/// Check a probability parameter.
pub(crate) fn check_probability(field: &str, p: f64) -> Result<(), ConfigError> {
    crate::error::check_range(field, p, 0.0, 1.0)
}

/// Test helper: play `strategy` against a fixed sequence of opponent moves (noise-free, the
/// Axelrod prisoner's dilemma) and return its moves.
#[cfg(test)]
pub(crate) fn replay(config: &StrategyConfig, opp: &str) -> String {
    replay_in(
        config,
        opp,
        &super::game::GameConfig::prisoners_dilemma(),
        0,
    )
}

/// Test helper: as [`replay`], in `game` and with random stream `seed`.
#[cfg(test)]
pub(crate) fn replay_in(
    config: &StrategyConfig,
    opp: &str,
    game: &super::game::GameConfig,
    seed: u64,
) -> String {
    use super::strategy::Action;
    let opp = Action::parse_seq(opp).unwrap();
    let mut s = config.build();
    let mut rng = crate::rng::Rng::stream(seed, &["test".into()]);
    let mut own: Vec<Action> = Vec::new();
    for t in 0..opp.len() {
        let a = s.act(&own, &opp[..t], game, &mut rng);
        own.push(a);
    }
    // One more move after the last opponent move, so tests see the reaction to it.
    let a = s.act(&own, &opp, game, &mut rng);
    own.push(a);
    own.iter().map(|a| a.letter()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tally_counts_incrementally_and_restarts_on_a_shorter_history() {
        let h = Action::parse_seq("CDCDDC").unwrap();
        let mut t = OppTally::default();
        for k in 0..=h.len() {
            let direct_d = h[..k].iter().filter(|&&a| a == Action::D).count();
            t.update(&h[..k]);
            assert_eq!((t.cooperations(), t.defections()), (k - direct_d, direct_d));
            assert_eq!(t.two_defections_in_a_row(), k >= 5);
        }
        t.update(&h[..2]);
        assert_eq!((t.cooperations(), t.defections()), (1, 1));
        assert!(!t.two_defections_in_a_row());
    }

    #[test]
    fn registry_is_consistent() {
        let all = StrategyConfig::all_defaults();
        assert!(all.len() >= 45);
        for s in &all {
            s.validate().unwrap();
            assert_eq!(s.about().axelrod, s.kind(), "{}", s.kind());
            assert!(s.about().source.len() > 5);
            // Config JSON round trip, tagged by the Axelrod identifier.
            let json = serde_json::to_string(s).unwrap();
            assert!(json.contains(&format!("\"kind\":\"{}\"", s.kind())));
            let back: StrategyConfig = serde_json::from_str(&json).unwrap();
            assert_eq!(&back, s);
            assert_eq!(s.build().about(), s.about());
            assert_eq!(StrategyConfig::by_kind(s.kind()).as_ref(), Some(s));
        }
        let mut kinds: Vec<&str> = all.iter().map(|s| s.kind()).collect();
        kinds.sort_unstable();
        kinds.dedup();
        assert_eq!(kinds.len(), all.len());
        assert!(serde_json::from_str::<StrategyConfig>(r#"{"kind":"Nope"}"#).is_err());
        assert!(serde_json::from_str::<StrategyConfig>(r#"{"kind":"Cooperator","x":1}"#).is_err());
    }
}
