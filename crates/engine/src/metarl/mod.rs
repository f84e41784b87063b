//! The meta-RL exploration lab: agents that learn, across many tasks, how to explore a new one.
//!
//! - [`tasks`]: the task distributions (Bernoulli bandits with U(0, 1) means as in RL^2, and
//!   block-structured bandits whose task repeats for a geometric number of episodes)
//! - [`bayes`]: the exact Bayes-optimal value by dynamic programming (small n and k)
//! - [`baselines`]: the players the agent is measured against
//! - [`eval`]: every player on the same task draws, with reward by pull and by episode

pub mod baselines;
pub mod bayes;
pub mod eval;
pub mod tasks;
