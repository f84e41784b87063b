//! Errors as values: every message is meant to be read by a student.

use std::fmt;

/// A config that cannot be run, with a message that says what to change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// Where in the config (for example `policies[2].epsilon`).
    pub field: String,
    /// What is wrong and what would be accepted.
    pub message: String,
}

impl ConfigError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        ConfigError {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The same error, located under `prefix` (for nested configs).
    pub fn under(mut self, prefix: &str) -> Self {
        self.field = if self.field.is_empty() {
            prefix.to_string()
        } else if self.field.starts_with('[') {
            format!("{prefix}{}", self.field)
        } else {
            format!("{prefix}.{}", self.field)
        };
        self
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

impl std::error::Error for ConfigError {}

/// Check that `x` is a finite number in `[lo, hi]`.
pub fn check_range(field: &str, x: f64, lo: f64, hi: f64) -> Result<(), ConfigError> {
    if !x.is_finite() || x < lo || x > hi {
        return Err(ConfigError::new(
            field,
            format!("must be a number between {lo} and {hi} (got {x})"),
        ));
    }
    Ok(())
}

/// Check that `x` is in `lo..=hi`.
pub fn check_count(field: &str, x: usize, lo: usize, hi: usize) -> Result<(), ConfigError> {
    if x < lo || x > hi {
        return Err(ConfigError::new(
            field,
            format!("must be a whole number from {lo} to {hi} (got {x})"),
        ));
    }
    Ok(())
}

/// Check that `x` is finite and strictly positive.
pub fn check_positive(field: &str, x: f64) -> Result<(), ConfigError> {
    if !x.is_finite() || x <= 0.0 {
        return Err(ConfigError::new(
            field,
            format!("must be a positive number (got {x})"),
        ));
    }
    Ok(())
}

/// The total of `counts`, or an error at `field` if it is not in `lo..=hi`. The sum is
/// checked: counts as large as `usize::MAX` are refused instead of wrapping around to a
/// small total.
pub fn check_total(
    field: &str,
    counts: &[usize],
    lo: usize,
    hi: usize,
    what: &str,
) -> Result<usize, ConfigError> {
    let total = counts.iter().try_fold(0usize, |a, &c| a.checked_add(c));
    match total {
        Some(t) if (lo..=hi).contains(&t) => Ok(t),
        Some(t) => Err(ConfigError::new(
            field,
            format!("the population needs {lo} to {hi} {what} (got {t})"),
        )),
        None => Err(ConfigError::new(
            field,
            format!(
                "the population needs {lo} to {hi} {what} (these counts add up to more than {})",
                usize::MAX
            ),
        )),
    }
}

/// Smallest and largest Beta prior parameter accepted: below 0.001 the Gamma draws behind a
/// Beta sample underflow to 0 (and 0/0 is no probability); above a million pseudo-observations
/// the prior never moves within any horizon Agora runs.
pub const PRIOR_RANGE: (f64, f64) = (1e-3, 1e6);

/// Check a Beta prior parameter (see [`PRIOR_RANGE`]).
pub fn check_prior(field: &str, x: f64) -> Result<(), ConfigError> {
    let (lo, hi) = PRIOR_RANGE;
    if !x.is_finite() || !(lo..=hi).contains(&x) {
        return Err(ConfigError::new(
            field,
            format!("must be a number from {lo} to {hi} (got {x}): a Beta prior counts pseudo-observations, and a million already outweighs any run"),
        ));
    }
    Ok(())
}
