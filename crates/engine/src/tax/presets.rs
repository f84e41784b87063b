//! Named tax experiments that tell a story.

use super::planners::*;
use super::skills::Skills;
use super::utility::Utility;
use super::workers::WorkerConfig;
use super::{Mode, Schedule, TaxExperiment, Welfare};
use crate::lab::LabPreset;

fn three_bracket_economy() -> TaxExperiment {
    TaxExperiment {
        seed: 2025,
        workers: 1_000,
        skills: Skills::gb2_acs_2023(),
        utility: Utility::Isoelastic { elasticity: 0.4 },
        max_hours: 100.0,
        labour: WorkerConfig::default(),
        schedule: Schedule::three_brackets(),
        rebate: true,
        objective: Welfare::InverseIncome,
        mode: Mode::TaxYears {
            years: 50,
            period: 1,
        },
        planners: Vec::new(),
        llm_workers: None,
        transcript: Default::default(),
    }
}

/// The default: on 1,000 workers with ACS-calibrated skills and three brackets, Saez's
/// formula, a coordinate search, the cross-entropy method and a bandit learn the rates over
/// 50 tax years; the free market and the oracle's lattice optimum frame them.
pub fn compare() -> TaxExperiment {
    TaxExperiment {
        planners: vec![
            PlannerConfig::FreeMarket(Default::default()),
            PlannerConfig::SaezAnalytic(Default::default()),
            PlannerConfig::SaezData(Default::default()),
            PlannerConfig::Search(Default::default()),
            PlannerConfig::Cem(Default::default()),
            PlannerConfig::Bandit(Default::default()),
            PlannerConfig::Oracle(Default::default()),
        ],
        ..three_bracket_economy()
    }
}

/// One planning step, as a teacher shows it: the US 2024 schedule, the free market and
/// Saez's rates for the same 1,000 workers, side by side.
pub fn plan_once() -> TaxExperiment {
    TaxExperiment {
        schedule: Schedule::us_federal(2024).expect("2024 is known"),
        mode: Mode::PlanOnce { iterations: 10 },
        planners: vec![
            PlannerConfig::FreeMarket(Default::default()),
            PlannerConfig::UsFederal(Default::default()),
            PlannerConfig::SaezAnalytic(Default::default()),
        ],
        ..three_bracket_economy()
    }
}

/// The LLM Economist's economy (GB2 skills, u = c - 0.0005 l^3.5, US brackets): the US
/// schedule against Saez and a search planner over 30 tax years.
pub fn llm_economist() -> TaxExperiment {
    TaxExperiment {
        seed: 7,
        workers: 100,
        utility: Utility::default(),
        schedule: Schedule::us_federal(2023).expect("2023 is known"),
        mode: Mode::TaxYears {
            years: 30,
            period: 1,
        },
        planners: vec![
            PlannerConfig::UsFederal(us_federal::UsFederalParams { year: 2023 }),
            PlannerConfig::SaezAnalytic(Default::default()),
            PlannerConfig::Search(Default::default()),
        ],
        ..three_bracket_economy()
    }
}

/// The LLM Economist's planner in its economy: a language model sets the seven US rates every
/// second year for 20 years, from the 2023 schedule, against the US schedule, Saez's rates and
/// a coordinate search on the same workers. Nothing is recorded: ask a model in the LLM panel.
pub fn llm_planner() -> TaxExperiment {
    TaxExperiment {
        mode: Mode::TaxYears {
            years: 20,
            period: 2,
        },
        planners: vec![
            PlannerConfig::UsFederal(us_federal::UsFederalParams { year: 2023 }),
            PlannerConfig::SaezAnalytic(Default::default()),
            PlannerConfig::Search(Default::default()),
            PlannerConfig::Llm(Default::default()),
        ],
        ..llm_economist()
    }
}

/// The replies SmolLM2-135M-Instruct (served on a laptop by llama.cpp, as the tests serve it)
/// gave as the LLM workers of the `tax-llm-workers` preset, recorded with `agora run --llm`,
/// so the preset replays with no model and no key.
const WORKERS_TRANSCRIPT: &str = include_str!("llm_workers_transcript.json");

/// The LLM Economist's workers: in its economy, 3 of the 100 workers (one per income band)
/// ask a language model for their hours every year for 5 years, told their utility, under
/// the free market, the US schedule and Saez's rates; their replies are recorded.
pub fn llm_workers() -> TaxExperiment {
    TaxExperiment {
        mode: Mode::TaxYears {
            years: 5,
            period: 1,
        },
        planners: vec![
            PlannerConfig::FreeMarket(Default::default()),
            PlannerConfig::UsFederal(us_federal::UsFederalParams { year: 2023 }),
            PlannerConfig::SaezAnalytic(Default::default()),
        ],
        llm_workers: Some(crate::tax::llm_workers::LlmWorkersConfig::default()),
        transcript: serde_json::from_str(WORKERS_TRANSCRIPT).unwrap_or_default(),
        ..llm_economist()
    }
}

/// The replies SmolLM2-135M-Instruct gave as the LLM workers (hours and votes) of the
/// `tax-llm-vote` preset, recorded with `agora run --llm` like [`WORKERS_TRANSCRIPT`].
const VOTE_TRANSCRIPT: &str = include_str!("llm_vote_transcript.json");

/// The LLM Economist's democratic scenario: in its economy, every 2 years for 6 years the 3
/// LLM workers elect the free market, the US 2023 schedule or Saez's rates from their
/// platforms; beside it, the same election where all 100 workers vote, the classical ones for
/// their own interest. The replies are recorded.
pub fn llm_vote() -> TaxExperiment {
    let election = |voters| {
        PlannerConfig::Election(election::ElectionParams {
            candidates: vec![
                PlannerConfig::FreeMarket(Default::default()),
                PlannerConfig::UsFederal(us_federal::UsFederalParams { year: 2023 }),
                PlannerConfig::SaezAnalytic(Default::default()),
            ],
            voters,
        })
    };
    TaxExperiment {
        mode: Mode::TaxYears {
            years: 6,
            period: 2,
        },
        planners: vec![
            election(election::Voters::LlmWorkers),
            election(election::Voters::All),
        ],
        llm_workers: Some(crate::tax::llm_workers::LlmWorkersConfig::default()),
        transcript: serde_json::from_str(VOTE_TRANSCRIPT).unwrap_or_default(),
        ..llm_economist()
    }
}

/// The AI Economist's one-step economy: Pareto skills, CRRA utility with a linear labour
/// cost, hours on a grid, the 2019 US brackets; its data-driven Saez planner against the
/// US schedule and the free market, optimising equality x productivity.
pub fn ai_economist() -> TaxExperiment {
    TaxExperiment {
        seed: 3,
        workers: 100,
        skills: Skills::ai_economist(),
        utility: Utility::Crra {
            eta: 0.23,
            labour_cost: 0.05,
        },
        labour: WorkerConfig::Grid(Default::default()),
        schedule: Schedule::ai_economist(),
        objective: Welfare::EqualityTimesProductivity,
        mode: Mode::TaxYears {
            years: 40,
            period: 1,
        },
        planners: vec![
            PlannerConfig::FreeMarket(Default::default()),
            PlannerConfig::UsFederal(us_federal::UsFederalParams { year: 2019 }),
            PlannerConfig::SaezData(Default::default()),
        ],
        ..three_bracket_economy()
    }
}

/// Workers who adjust slowly: the same planners over 40 years when hours move only 30 % of
/// the way to the best response each year; learning planners chase a moving target.
pub fn slow_workers() -> TaxExperiment {
    TaxExperiment {
        labour: WorkerConfig::Adaptive(Default::default()),
        mode: Mode::TaxYears {
            years: 40,
            period: 2,
        },
        planners: vec![
            PlannerConfig::SaezAnalytic(Default::default()),
            PlannerConfig::Search(Default::default()),
            PlannerConfig::Cem(Default::default()),
        ],
        ..three_bracket_economy()
    }
}

/// Voting on redistribution (Meltzer and Richard 1981): every 4 years the 1,000 workers elect
/// a flat tax of 10, 30, 50 or 70 % with its revenue rebated equally, each voting for the rate
/// that leaves it best off; against Saez's rates, set by a planner nobody elected.
pub fn election() -> TaxExperiment {
    TaxExperiment {
        mode: Mode::TaxYears {
            years: 20,
            period: 4,
        },
        planners: vec![
            PlannerConfig::SaezAnalytic(Default::default()),
            PlannerConfig::Election(election::ElectionParams {
                candidates: [0.1, 0.3, 0.5, 0.7]
                    .into_iter()
                    .map(|rate| PlannerConfig::Flat(flat::FlatParams { rate }))
                    .collect(),
                voters: election::Voters::All,
            }),
        ],
        ..three_bracket_economy()
    }
}

pub fn all() -> Vec<LabPreset<TaxExperiment>> {
    vec![
        (
            "tax-compare",
            "Planners learn the rates",
            "1,000 ACS-calibrated workers, three brackets, 50 tax years: Saez (analytic and data-driven), coordinate search, the cross-entropy method and a bandit against the free market and the oracle's optimum.",
            compare(),
        ),
        (
            "tax-plan-once",
            "US 2024 vs Saez, one step",
            "The same workers under the US 2024 schedule, no tax, and Saez's rates: who gains, who loses, what happens to work and equality.",
            plan_once(),
        ),
        (
            "tax-llm-economist",
            "The LLM Economist's economy",
            "GB2 skills, u = c - 0.0005 l^3.5 and the US brackets (Karten et al. 2025): the US schedule against Saez and a search planner over 30 years.",
            llm_economist(),
        ),
        (
            "tax-llm-planner",
            "A language model sets the rates",
            "The LLM Economist's planner (Karten et al. 2025) in its economy: every second year for 20 years the model reads the recent rates, income and utility histograms and welfare, and moves each of the seven US rates by -20 to +20 points; against the US schedule, Saez and a coordinate search. Ask your model in the LLM panel.",
            llm_planner(),
        ),
        (
            "tax-llm-workers",
            "Language models choose their hours",
            "The LLM Economist's workers (Karten et al. 2025): 3 of 100 workers, one per income band, ask a small language model for their hours every year, told their utility, under the free market, the US schedule and Saez's rates. How far is each from its best response? The replies are recorded; ask your own model in the LLM panel (remove the transcript first).",
            llm_workers(),
        ),
        (
            "tax-election",
            "Workers elect the tax",
            "Every 4 years the 1,000 workers elect a flat tax of 10, 30, 50 or 70 %, its revenue rebated equally; each votes for the rate that leaves it best off (Meltzer and Richard's voter). Most workers earn less than the mean: which rate wins, and how does it compare with Saez's rates, set by a planner nobody elected?",
            election(),
        ),
        (
            "tax-llm-vote",
            "Language models vote on the tax",
            "The LLM Economist's democratic scenario (Karten et al. 2025): every 2 years the 3 LLM workers read the platforms of the free market, the US 2023 schedule and Saez and elect one; beside it, the same election with all 100 workers voting, the classical ones for their own interest. Do the models vote for what serves them? The replies are recorded; ask your own model in the LLM panel (remove the transcript first).",
            llm_vote(),
        ),
        (
            "tax-ai-economist",
            "The AI Economist's one-step economy",
            "Pareto skills, CRRA utility, hours on a grid and the 2019 US brackets (Zheng et al. 2022): its data-driven Saez planner against the US schedule and the free market.",
            ai_economist(),
        ),
        (
            "tax-slow-workers",
            "Workers who adjust slowly",
            "Hours move 30 % of the way to the best response each year: planners that learn from the years they see chase a moving target.",
            slow_workers(),
        ),
    ]
}
