//! One page per lab.
pub mod bandits;
pub mod coming_soon;
