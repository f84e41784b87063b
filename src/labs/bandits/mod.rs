//! The bandit lab page.
pub mod play;
pub mod watch;
