//! The run bar: Run, Pause/Resume, Step, Reset, Cancel, a speed control and a progress bar
//! ("37 / 100 repetitions"). Buttons are real `<button>`s (keyboard accessible) and are
//! disabled when they would do nothing.

use crate::storage::Speed;
use yew::prelude::*;

/// Where a run is.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum RunState {
    /// Nothing has run for these settings yet.
    #[default]
    Idle,
    Running,
    Paused,
    Done,
    /// Stopped by the user before the end; partial results are kept.
    Cancelled,
    /// The worker reported an error.
    Failed(String),
}

impl RunState {
    /// True while a worker holds a run that can continue.
    pub fn active(&self) -> bool {
        matches!(self, RunState::Running | RunState::Paused)
    }
}

#[derive(Properties, PartialEq)]
pub struct RunBarProps {
    pub state: RunState,
    /// Units of work done and in all, counted in `unit` ("repetitions", "matches", ...).
    pub done: usize,
    pub total: usize,
    /// What `done` and `total` count, plural.
    #[prop_or(AttrValue::Static("repetitions"))]
    pub unit: AttrValue,
    /// False while the settings are invalid.
    pub can_run: bool,
    pub speed: Speed,
    /// The `workers` setting (0: one per core) and the number that means.
    #[prop_or_default]
    pub workers: usize,
    #[prop_or(1)]
    pub auto_workers: usize,
    pub on_run: Callback<()>,
    pub on_pause: Callback<()>,
    pub on_resume: Callback<()>,
    pub on_step: Callback<()>,
    pub on_reset: Callback<()>,
    pub on_cancel: Callback<()>,
    pub on_speed: Callback<Speed>,
    #[prop_or_default]
    pub on_workers: Callback<usize>,
}

/// "1,234,567".
pub use agora_engine::text::thousands;

#[function_component(RunBar)]
pub fn run_bar(p: &RunBarProps) -> Html {
    let state = &p.state;
    let running = matches!(state, RunState::Running);
    let paused = matches!(state, RunState::Paused);
    // Run starts a fresh run (a paused one continues with Resume).
    let run_enabled = p.can_run && !running && !paused;
    // Step: one more repetition while paused, or start a run that pauses after one.
    let step_enabled = p.can_run && !running;
    let on_run = p.on_run.reform(|_: MouseEvent| ());
    let on_pause = {
        let (pause, resume) = (p.on_pause.clone(), p.on_resume.clone());
        Callback::from(move |_: MouseEvent| {
            if paused {
                resume.emit(())
            } else {
                pause.emit(())
            }
        })
    };
    let on_step = p.on_step.reform(|_: MouseEvent| ());
    let on_reset = p.on_reset.reform(|_: MouseEvent| ());
    let on_cancel = p.on_cancel.reform(|_: MouseEvent| ());
    let on_workers = {
        let cb = p.on_workers.clone();
        Callback::from(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Ok(n) = sel.value().parse::<usize>() {
                cb.emit(n);
            }
        })
    };
    let on_speed = {
        let cb = p.on_speed.clone();
        Callback::from(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(s) = Speed::from_name(&sel.value()) {
                cb.emit(s);
            }
        })
    };
    let status = match state {
        RunState::Idle => "Ready".to_string(),
        RunState::Running => "Running…".to_string(),
        RunState::Paused => "Paused".to_string(),
        RunState::Done => "Finished".to_string(),
        RunState::Cancelled => "Cancelled: partial results shown".to_string(),
        RunState::Failed(_) => "Stopped by an error".to_string(),
    };
    let total = p.total.max(1);
    html! {
        <div class="runbar" role="group" aria-label="Run controls">
            <div class="runbar-buttons">
                <button class="btn primary" id="run" data-testid="run" onclick={on_run} disabled={!run_enabled}
                    title="Run the experiment">
                    {"▶ Run"}
                </button>
                <button class="btn" data-testid="pause" onclick={on_pause} disabled={!(running || paused)}
                    aria-pressed={if paused { "true" } else { "false" }}>
                    { if paused { "Resume" } else { "Pause" } }
                </button>
                <button class="btn" data-testid="step" onclick={on_step} disabled={!step_enabled}
                    title="Run one more repetition, then pause">
                    {"Step"}
                </button>
                <button class="btn" data-testid="cancel" onclick={on_cancel} disabled={!(running || paused)}
                    title="Stop the run and keep the partial results">
                    {"Cancel"}
                </button>
                <button class="btn" data-testid="reset" onclick={on_reset}
                    disabled={matches!(state, RunState::Idle) && p.done == 0}
                    title="Stop and clear the results">
                    {"Reset"}
                </button>
            </div>
            <label class="runbar-speed">
                <span>{"Speed"}</span>
                <select data-testid="speed" onchange={on_speed}
                    title="Slow: one repetition at a time. Medium: a few at a time, to watch the curves settle. Full speed: as fast as this computer goes.">
                    { for Speed::ALL.iter().map(|s| html! {
                        <option value={s.name()} selected={*s == p.speed}>{ s.label() }</option>
                    }) }
                </select>
            </label>
            <label class="runbar-speed">
                <span>{"Workers"}</span>
                <select data-testid="workers" onchange={on_workers}
                    title="Web Workers that compute the next run (repetitions and matches are shared out; the results are the same for any number).">
                    <option value="0" selected={p.workers == 0}>{ format!("Auto ({})", p.auto_workers) }</option>
                    { for [1usize, 2, 4, 8].iter().map(|&n| html! {
                        <option value={n.to_string()} selected={p.workers == n}>{ n.to_string() }</option>
                    }) }
                </select>
            </label>
            <div class="runbar-progress">
                <progress data-testid="progress" value={p.done.to_string()} max={total.to_string()}
                    aria-label="Repetitions finished"></progress>
                <span class="progress-text" data-testid="progress-text" aria-live="polite">
                    <span class="progress-count">{ format!("{} / {} {}", thousands(p.done as u64), thousands(p.total as u64), p.unit) }</span>
                    { " " }<span class="run-status">{ format!("· {status}") }</span>
                </span>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::thousands;

    #[test]
    fn thousands_separators() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(4_000_000), "4,000,000");
        assert_eq!(thousands(12_345_678), "12,345,678");
    }
}
