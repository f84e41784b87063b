//! Watch one run.
