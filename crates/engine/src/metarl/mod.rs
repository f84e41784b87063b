//! The meta-RL exploration lab: an agent trained in the browser to explore bandits (an RL^2-style
//! recurrent actor-critic and a recurrent Q-learner), on an engine-owned recurrent network
//! ([`nn`]) that gives the same bits natively and in WebAssembly.

pub mod nn;
