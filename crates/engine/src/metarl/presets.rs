//! Named meta-RL experiments that tell a story.

use super::agent::Memory;
use super::baselines::Baseline;
use super::grid::GridTask;
use super::llm_player::LlmPlayerConfig;
use super::tasks::BanditTask;
use super::train::{a2c::A2cParams, greedy_q::GreedyQParams, Method, TrainConfig};
use super::{AgentSpec, EvalSpec, MetarlExperiment};
use crate::bandits::policies::gittins::GittinsParams;
use crate::bandits::policies::PolicyConfig;
use crate::lab::LabPreset;
use crate::llm::Transcript;

fn policy(kind: &str) -> Baseline {
    let p = PolicyConfig::all_defaults()
        .into_iter()
        .find(|p| p.kind() == kind)
        .expect("a registered bandit policy");
    Baseline::policy(p)
}

/// Random, greedy, epsilon-greedy, UCB1, Thompson sampling and the Bayes-optimal player.
pub fn every_baseline() -> Vec<Baseline> {
    vec![
        policy("uniform"),
        Baseline::Greedy,
        policy("epsilon_greedy"),
        policy("ucb1"),
        policy("thompson"),
        Baseline::BayesOptimal,
    ]
}

/// The greedy-objective value learner with full memory.
pub fn greedy_agent() -> AgentSpec {
    AgentSpec {
        label: String::new(),
        train: TrainConfig::default(),
        train_block_mean: None,
    }
}

/// The paper's setting: 3 Bernoulli arms whose means repeat for blocks of one-pull episodes
/// of mean length 10; the greedy agent against every baseline.
pub fn blocks() -> MetarlExperiment {
    MetarlExperiment {
        seed: 2025,
        task: BanditTask::blocks(3, 10.0),
        agents: vec![greedy_agent()],
        seeds: 3,
        updates: 3000,
        eval: EvalSpec {
            blocks: 2000,
            every: 150,
        },
        baselines: every_baseline(),
        grid: None,
        transcript: Transcript::default(),
    }
}

/// The three conditions: remove the structure (n = 1 in training), the memory (the hidden
/// state reset every episode: nothing carries over between pulls) or the long-horizon credit
/// (gamma_episode = 0), 3 seeds each.
pub fn ablation() -> MetarlExperiment {
    let full = greedy_agent();
    let mut no_structure = greedy_agent();
    no_structure.train_block_mean = Some(1.0);
    let mut no_memory = greedy_agent();
    no_memory.train.memory = Memory::Episode;
    let mut no_credit = greedy_agent();
    no_credit.train.gamma_episode = 0.0;
    MetarlExperiment {
        agents: vec![full, no_structure, no_memory, no_credit],
        baselines: vec![policy("thompson"), Baseline::Greedy, Baseline::BayesOptimal],
        eval: EvalSpec {
            blocks: 1000,
            every: 150,
        },
        ..blocks()
    }
}

/// The structure and memory knobs as a grid, for the heat map: the greedy agent trained on
/// blocks of mean length n = 1, 3 or 10 (evaluated on 10) with its memory reset every
/// episode, a window of the last 3 pulls, or full memory; gamma_episode 0.9, one seed each,
/// 1,200 updates (less than half the other presets', so the nine runs train in well under a
/// minute).
pub fn sweep() -> MetarlExperiment {
    let mut agents = Vec::new();
    for memory in [Memory::Episode, Memory::Window { steps: 3 }, Memory::Full] {
        for n in [1.0, 3.0, 10.0] {
            let mut a = greedy_agent();
            a.train.memory = memory.clone();
            a.train.gamma_episode = 0.9;
            a.train_block_mean = Some(n);
            agents.push(a);
        }
    }
    MetarlExperiment {
        agents,
        seeds: 1,
        updates: 1200,
        baselines: vec![policy("thompson"), Baseline::Greedy, Baseline::BayesOptimal],
        eval: EvalSpec {
            blocks: 500,
            every: 300,
        },
        ..blocks()
    }
}

/// RL^2's setting (Duan et al. 2016): 10 pulls of 5 Bernoulli arms with U(0, 1) means; an
/// actor-critic agent against Gittins, UCB1, Thompson and the Bayes-optimal ceiling.
pub fn rl2() -> MetarlExperiment {
    MetarlExperiment {
        seed: 2016,
        task: BanditTask::rl2(5, 10),
        agents: vec![AgentSpec {
            label: String::new(),
            // Wang et al. (2016): 48 units, gamma = 0.8; entropy bonus 0.01.
            train: TrainConfig {
                hidden: 48,
                gamma: 0.8,
                gamma_episode: 0.8,
                method: Method::A2c(A2cParams::default()),
                ..TrainConfig::default()
            },
            train_block_mean: None,
        }],
        seeds: 1,
        updates: 8000,
        eval: EvalSpec {
            blocks: 2000,
            every: 400,
        },
        baselines: vec![
            policy("uniform"),
            Baseline::Greedy,
            policy("ucb1"),
            policy("thompson"),
            Baseline::policy(PolicyConfig::Gittins(GittinsParams {
                discount: 0.9,
                ..GittinsParams::default()
            })),
            Baseline::BayesOptimal,
        ],
        grid: None,
        transcript: Transcript::default(),
    }
}

/// RL^2's large setting, baselines only: 500 pulls of 50 arms.
pub fn rl2_large() -> MetarlExperiment {
    MetarlExperiment {
        seed: 2016,
        task: BanditTask::rl2(50, 500),
        agents: Vec::new(),
        seeds: 1,
        updates: 1,
        eval: EvalSpec {
            blocks: 200,
            every: 1,
        },
        baselines: vec![
            policy("uniform"),
            Baseline::Greedy,
            policy("ucb1"),
            policy("thompson"),
            Baseline::policy(PolicyConfig::Gittins(GittinsParams {
                discount: 0.99,
                table_pulls: 500,
                ..GittinsParams::default()
            })),
        ],
        grid: None,
        transcript: Transcript::default(),
    }
}

/// The greedy-objective agent on the gridworld: within an episode faster is better
/// (gamma 0.9), and credit flows across the episodes of a block (gamma_episode 0.9).
pub fn grid_agent(memory: Memory) -> AgentSpec {
    AgentSpec {
        label: String::new(),
        train: TrainConfig {
            hidden: 32,
            memory,
            gamma: 0.9,
            gamma_episode: 0.9,
            method: Method::GreedyQ(GreedyQParams {
                collect_blocks: 2,
                replay_blocks: 1000,
                batch_blocks: 8,
                tau: 0.01,
                warmup_blocks: 100,
            }),
            ..TrainConfig::default()
        },
        train_block_mean: None,
    }
}

/// A 5 x 5 gridworld whose hidden goal stays put for blocks of about 10 episodes of 12 moves:
/// the greedy agent with full memory and with its memory reset every episode, against a
/// random walk, a systematic search and the oracle.
pub fn gridworld() -> MetarlExperiment {
    MetarlExperiment {
        seed: 13,
        task: BanditTask::default(),
        grid: Some(GridTask::new(5, 12, 10.0)),
        agents: vec![grid_agent(Memory::Full), grid_agent(Memory::Episode)],
        seeds: 1,
        updates: 1500,
        eval: EvalSpec {
            blocks: 500,
            every: 150,
        },
        baselines: vec![Baseline::RandomWalk, Baseline::Search, Baseline::Oracle],
        transcript: Transcript::default(),
    }
}

/// The replies SmolLM2-135M-Instruct (served on a laptop by llama.cpp, as the tests serve it)
/// gave in the `metarl-llm` preset, recorded with `agora run --llm`, so the preset replays
/// with no model and no key.
const LLM_TRANSCRIPT: &str = include_str!("llm_transcript.json");

/// The block task of [`blocks`] with a language model beside the trained agent: the bandit
/// lab's LLM player on the first 10 evaluation blocks (one call per pull), its replies
/// recorded in the preset.
pub fn llm() -> MetarlExperiment {
    let mut baselines = vec![policy("thompson"), Baseline::Greedy, Baseline::BayesOptimal];
    baselines.push(Baseline::Llm(LlmPlayerConfig::default()));
    MetarlExperiment {
        seeds: 1,
        baselines,
        transcript: serde_json::from_str(LLM_TRANSCRIPT).unwrap_or_default(),
        ..blocks()
    }
}

/// Every preset: `(name, title, description, config)`.
pub fn all() -> Vec<LabPreset<MetarlExperiment>> {
    vec![
        (
            "metarl-blocks",
            "A greedy agent learns to explore",
            "Three arms whose means repeat for blocks of about 10 pulls: a recurrent Q-learner that always plays its best guess, trained on many blocks, against Thompson sampling, UCB1 and the Bayes-optimal player.",
            blocks(),
        ),
        (
            "metarl-ablation",
            "What makes exploration emerge",
            "The same agent without recurring structure, without memory, or without credit across episodes, 3 seeds each: which conditions does exploration need?",
            ablation(),
        ),
        (
            "metarl-sweep",
            "Structure x memory: the heat map",
            "Nine greedy agents, one seed each: trained on blocks of mean length 1, 3 or 10, with no memory across episodes, the last 3 pulls, or full memory. Which cells learn to explore?",
            sweep(),
        ),
        (
            "metarl-rl2",
            "RL^2: 10 pulls of 5 arms",
            "Duan et al. (2016): an actor-critic agent trained on Bernoulli bandits with uniform means, against Gittins, UCB1, Thompson sampling and the exact Bayes-optimal ceiling.",
            rl2(),
        ),
        (
            "metarl-rl2-large",
            "RL^2's large bandits: the baselines",
            "500 pulls of 50 arms: the Gittins index, UCB1, Thompson sampling, greedy and random play on the same draws.",
            rl2_large(),
        ),
        (
            "metarl-llm",
            "A language model on the same blocks",
            "The block task of the first preset with a language model beside the trained agent: it reads the block so far and names the next arm, on 10 blocks (one call per pull). The replies are those of SmolLM2-135M, a very small model, recorded so this runs without a key; ask your own model in the LLM panel (Start over).",
            llm(),
        ),
        (
            "metarl-gridworld",
            "A greedy agent searches a gridworld",
            "A 5 x 5 grid whose hidden goal stays put for blocks of about 10 episodes of 12 moves: does a recurrent Q-learner that always plays its best guess learn to search, then go straight back? Against a random walk, a systematic search and the oracle.",
            gridworld(),
        ),
    ]
}
