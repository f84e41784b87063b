//! Step controls for anything replayed one step at a time (a match turn by turn, a run round
//! by round): first, previous, play/pause, next, last, and where we are. Test ids are
//! `<prefix>-first`, `-prev`, `-play`, `-next`, `-last` and `-turn`.

use yew::prelude::*;

/// A move of a [`Stepper`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    First,
    Prev,
    /// Play, or pause while playing.
    Play,
    Next,
    Last,
}

#[derive(Properties, PartialEq)]
pub struct StepperProps {
    /// Test ids start with this (`match` gives `match-first`, ...).
    pub prefix: AttrValue,
    /// Steps shown so far, of `total`.
    pub at: usize,
    pub total: usize,
    pub playing: bool,
    /// Where we are, in words ("turn 3 of 50").
    pub status: AttrValue,
    /// What one step is called, for the buttons' titles ("turn").
    #[prop_or(AttrValue::Static("step"))]
    pub unit: AttrValue,
    pub on_step: Callback<Step>,
}

#[function_component(Stepper)]
pub fn stepper(p: &StepperProps) -> Html {
    let button = |step: Step, id: &str, label: &'static str, title: String, disabled: bool| {
        let primary = step == Step::Play;
        html! {
            <button type="button" class={classes!("btn", "small", primary.then_some("primary"))}
                data-testid={format!("{}-{id}", p.prefix)} title={title} disabled={disabled}
                aria-pressed={primary.then(|| p.playing.to_string())}
                onclick={p.on_step.reform(move |_| step)}>{ label }</button>
        }
    };
    let (start, end) = (p.at == 0, p.at >= p.total);
    let unit = &p.unit;
    html! {
        <div class="button-row stepper">
            { button(Step::First, "first", "\u{ab} First", format!("First {unit}"), start) }
            { button(Step::Prev, "prev", "\u{2039} Previous", format!("Previous {unit}"), start) }
            { button(Step::Play, "play", if p.playing { "Pause" } else { "\u{25b6} Play" },
                format!("Play {unit} by {unit}"), p.total == 0) }
            { button(Step::Next, "next", "Next \u{203a}", format!("Next {unit}"), end) }
            { button(Step::Last, "last", "Last \u{bb}", format!("Last {unit}"), end) }
            <span class="stepper-status" data-testid={format!("{}-turn", p.prefix)} aria-live="polite">{ p.status.clone() }</span>
        </div>
    }
}
