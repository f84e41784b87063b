//! The progress line of a long run on standard error: "agora: 420 of 1,000 repetitions (42 %),
//! about 1 min 10 s left". Silent for the first few seconds (short runs print nothing); then on a
//! terminal one line rewritten in place twice a second, elsewhere (a log file, CI) a new line
//! every 10 seconds.

use agora_engine::text::thousands;
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Runs shorter than this show no progress.
const QUIET_FOR: Duration = Duration::from_secs(3);

pub struct Progress {
    start: Instant,
    last: Option<Instant>,
    every: Duration,
    terminal: bool,
    unit: &'static str,
}

impl Progress {
    /// Progress of a run whose units are called `unit` ("repetitions").
    pub fn new(unit: &'static str) -> Self {
        let terminal = std::io::stderr().is_terminal();
        Progress {
            start: Instant::now(),
            last: None,
            every: if terminal {
                Duration::from_millis(500)
            } else {
                Duration::from_secs(10)
            },
            terminal,
            unit,
        }
    }

    /// `done` of `total` units are committed.
    pub fn update(&mut self, done: usize, total: usize) {
        let now = Instant::now();
        let elapsed = now - self.start;
        if elapsed < QUIET_FOR || done >= total || self.last.is_some_and(|t| now - t < self.every) {
            return;
        }
        self.last = Some(now);
        let line = line(done, total, elapsed.as_secs_f64(), self.unit);
        let mut err = std::io::stderr();
        let _ = if self.terminal {
            write!(err, "\r{line}\x1b[K")
        } else {
            writeln!(err, "{line}")
        };
    }

    /// Ends the line on a terminal (after a run that showed progress).
    pub fn finish(&self) {
        if self.terminal && self.last.is_some() {
            let _ = writeln!(std::io::stderr());
        }
    }
}

/// The progress line: units done, the share, and the time left at the rate so far.
fn line(done: usize, total: usize, elapsed: f64, unit: &str) -> String {
    let share = if total == 0 {
        0.0
    } else {
        done as f64 / total as f64
    };
    let left = if done == 0 {
        "time left not known yet".to_string()
    } else {
        format!(
            "about {} left",
            clock(elapsed * (total - done) as f64 / done as f64)
        )
    };
    format!(
        "agora: {} of {} {unit} ({:.0} %), {left}",
        thousands(done as u64),
        thousands(total as u64),
        share * 100.0
    )
}

/// "45 s", "3 min 20 s", "2 h 05 min".
fn clock(seconds: f64) -> String {
    let s = seconds.round() as u64;
    if s < 60 {
        format!("{s} s")
    } else if s < 3600 {
        format!("{} min {} s", s / 60, s % 60)
    } else {
        format!("{} h {:02} min", s / 3600, (s % 3600) / 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_says_how_far_and_how_long() {
        assert_eq!(
            line(420, 1000, 42.0, "repetitions"),
            "agora: 420 of 1,000 repetitions (42 %), about 58 s left"
        );
        assert_eq!(
            line(0, 10, 5.0, "matches"),
            "agora: 0 of 10 matches (0 %), time left not known yet"
        );
        assert_eq!(clock(200.0), "3 min 20 s");
        assert_eq!(clock(7500.0), "2 h 05 min");
    }
}
