//! Bandit lab charts.
