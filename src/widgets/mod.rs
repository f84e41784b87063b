//! Reusable widgets.
pub mod banner;
pub mod chart;
pub mod config;
pub mod runbar;
pub mod share;
