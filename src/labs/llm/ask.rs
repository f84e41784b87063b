//! Asking the model: the loop that sends the calls the transcript lacks (through
//! [`crate::llm_fetch`], the engine's [`LlmRun`] doing the bookkeeping), Stop and Resume, and
//! where things stand, as one status at a time: the progress (with the retry being waited for,
//! if any), or why asking stopped and the one thing to do next, or that every reply is in.
//!
//! Agents and units are named as people know them: the policy's or player's label and
//! "repetition 3" or "match Tit For Tat vs LLM smollm2", not the engine's "policy 1", "unit 2".

use super::settings::unreachable_details;
use super::{Asking, LlmPanel, Msg};
use crate::llm_fetch::{self, cache, Abort};
use crate::llm_keys;
use agora_engine::experiment::Experiment;
use agora_engine::llm::{CallLimits, LlmRun, PendingCall, Poll};
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// The label of the agent that asks under `agent` ("policy 2" -> "LLM smollm2").
pub fn agent_label(exp: &Experiment, agent: &str) -> String {
    exp.llm_agent_label(agent)
}

/// Unit `unit` in words ("repetition 3", "match Tit For Tat vs LLM smollm2").
pub fn unit_label(exp: &Experiment, unit: usize) -> String {
    exp.llm_unit_label(unit)
}

/// Who makes `call`, in words: "LLM smollm2 in repetition 3".
pub fn who(exp: &Experiment, call: &PendingCall) -> String {
    format!(
        "{} in {}",
        agent_label(exp, &call.agent),
        unit_label(exp, call.unit)
    )
}

/// The label of the ask button: what pressing it does now (`complete`: the transcript holds
/// every reply the run needs, as in a recorded preset or link).
pub fn ask_label(recorded: usize, complete: bool, asking: &Asking) -> &'static str {
    match asking {
        Asking::Complete => "Ask the model",
        Asking::Idle if complete => "Run the recorded replies",
        Asking::Stopped(_) if recorded == 0 => "Try again",
        _ if recorded > 0 => "Resume asking the model",
        _ => "Ask the model",
    }
}

/// True when `exp`'s transcript holds every reply its LLM agents need (nothing to ask).
pub fn recording_complete(exp: &Experiment) -> bool {
    exp.transcript().is_some_and(|t| !t.is_empty())
        && LlmRun::new(exp, CallLimits::default())
            .is_ok_and(|mut run| matches!(run.poll(), Poll::Complete))
}

/// What a results view shows instead of empty charts when an experiment's LLM agents have not
/// answered enough to complete one unit: what is recorded, what is missing, and the one thing
/// to do next (ask the model), with a button that does it.
pub fn no_replies_yet(exp: &Experiment) -> Html {
    let recorded = exp.transcript().map_or(0, |t| t.len());
    let first_missing = LlmRun::new(exp, CallLimits::default())
        .ok()
        .and_then(|mut run| match run.poll() {
            Poll::Calls(calls) => calls.into_iter().next(),
            _ => None,
        });
    let units = format!("{} {}", exp.units(), exp.unit_name());
    let recorded_text = match recorded {
        0 => "No reply of the model is recorded yet, so no run is complete and there is nothing to plot.".to_string(),
        1 => "1 reply of the model is recorded, not enough to complete a run, so there is nothing to plot yet.".to_string(),
        n => format!("{n} replies of the model are recorded, not enough to complete a run, so there is nothing to plot yet."),
    };
    let missing = match &first_missing {
        Some(c) => format!(
            "Missing: the replies of {} from {} on (this experiment has {units}).",
            agent_label(exp, &c.agent),
            unit_label(exp, c.unit)
        ),
        None => format!("Missing: the model's replies (this experiment has {units})."),
    };
    let onclick = Callback::from(|_: MouseEvent| {
        // The LLM panel's own button: it asks, then the run starts by itself.
        if let Some(b) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("[data-testid=\"llm-ask\"]").ok().flatten())
            .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            b.scroll_into_view();
            b.click();
        }
    });
    html! {
        <div class="empty-results llm-no-replies" data-testid="llm-no-replies">
            <p><strong>{"Nothing to show yet: the language model has not answered."}</strong></p>
            <p>{ recorded_text }</p>
            <p>{ missing }</p>
            <p>{"Next: ask the model. The run starts by itself when its replies are in."}</p>
            <button type="button" class="btn primary" data-testid="llm-no-replies-ask" {onclick}>{"Ask the model"}</button>
        </div>
    }
}

impl LlmPanel {
    /// Start (or resume) asking the model for the replies the transcript lacks.
    pub(super) fn ask(&mut self, ctx: &Context<Self>) {
        if matches!(self.asking, Asking::Running | Asking::Stopping) {
            return;
        }
        match LlmRun::new(&ctx.props().experiment, self.limits.clone()) {
            Ok(run) => {
                self.gen += 1;
                self.run = Some(Rc::new(RefCell::new(run)));
                self.abort = Abort::default();
                self.asking = Asking::Running;
                self.note = None;
                self.retry = None;
                self.unreachable = None;
                self.last_reply = None;
                self.pump(ctx);
            }
            Err(e) => self.asking = Asking::Stopped(format!("Cannot ask yet: {e}")),
        }
    }

    /// Start what can be started; finish when there is nothing left to wait for.
    pub(super) fn pump(&mut self, ctx: &Context<Self>) {
        let Some(run) = self.run.clone() else {
            return;
        };
        loop {
            let poll = run.borrow_mut().poll();
            match poll {
                Poll::Complete => {
                    self.asking = Asking::Complete;
                    self.unreachable = None;
                    self.finish(ctx, &run);
                    return;
                }
                Poll::Stopped(m) => {
                    self.asking = Asking::Stopped(m);
                    self.finish(ctx, &run);
                    return;
                }
                Poll::Waiting => return,
                Poll::Calls(calls) => {
                    for call in calls {
                        if self.use_cache {
                            if let Some(e) = cache::get(&call.key) {
                                run.borrow_mut().on_reply(&call, e);
                                continue;
                            }
                        }
                        self.spawn_call(ctx, call);
                    }
                }
            }
        }
    }

    fn spawn_call(&self, ctx: &Context<Self>, call: PendingCall) {
        let gen = self.gen;
        let key = llm_keys::load(&call.provider);
        let limits = self.limits.clone();
        let abort = self.abort.clone();
        let who = who(&ctx.props().experiment, &call);
        let link = ctx.link().clone();
        let notes = link.clone();
        let id = (call.unit, call.index);
        wasm_bindgen_futures::spawn_local(async move {
            let on_retry: llm_fetch::OnRetry =
                Rc::new(move |p| notes.send_message(Msg::Retrying(gen, id, p)));
            let r = llm_fetch::call(&call, &who, &key, &limits, &abort, on_retry).await;
            link.send_message(Msg::CallDone(gen, Box::new(call), Box::new(r)));
        });
    }

    /// Hand the experiment with its replies to the page, which runs it.
    /// Settings edited while asking are kept: the replies go into the page's current
    /// experiment (if they no longer fit it, the run says where).
    fn finish(&mut self, ctx: &Context<Self>, run: &Rc<RefCell<LlmRun>>) {
        // Asking is over: no retry is pending any more.
        self.retry = None;
        let recorded = run.borrow().experiment();
        let mut exp = (*ctx.props().experiment).clone();
        exp.set_transcript(recorded.transcript().cloned().unwrap_or_default());
        self.run = None;
        ctx.props().on_recorded.emit(exp);
    }

    pub(super) fn view_asking(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let exp = &ctx.props().experiment;
        let recorded = exp.transcript().map_or(0, |t| t.len());
        let (done, total, usage, cost, in_flight) = match &self.run {
            Some(r) => {
                let r = r.borrow();
                let (d, t) = r.progress();
                (d, t, r.usage(), r.cost(), r.in_flight())
            }
            None => (0, 0, Default::default(), 0.0, 0),
        };
        // Progress by calls where the lab counts them (a tax planner's run is many calls),
        // else by units; retries are calls beyond the count.
        let units = exp.llm_units_word();
        let (done, total, progress_word) = match exp.llm_decisions() {
            Some(expected) if expected > 0 && self.run.is_some() => {
                let calls = (recorded as u64).saturating_add(usage.calls).min(expected);
                (calls as usize, expected as usize, "calls made".to_string())
            }
            _ => (done, total, format!("{units} complete")),
        };
        let running = matches!(self.asking, Asking::Running | Asking::Stopping);
        let label = ask_label(recorded, self.complete, &self.asking);
        let kept = match recorded {
            0 => "No reply is recorded yet.".to_string(),
            1 => format!("The 1 reply recorded so far is kept; the results below cover the completed {units}."),
            n => format!("The {n} replies recorded so far are kept; the results below cover the completed {units}."),
        };
        // One status at a time.
        let status = match &self.asking {
            Asking::Idle => None,
            Asking::Running | Asking::Stopping => {
                let pct = if total > 0 {
                    100.0 * done as f64 / total as f64
                } else {
                    0.0
                };
                Some(html! {
                    <div class="llm-progress" data-testid="llm-progress">
                        <progress max={total.to_string()} value={done.to_string()}>{ format!("{pct:.0} %") }</progress>
                        <p class="progress-text">
                            { format!("{done} of {total} {progress_word}; {} calls, {} + {} tokens{}{}", usage.calls, usage.tokens_in, usage.tokens_out,
                                if cost > 0.0 { format!(", about ${cost:.4}") } else { String::new() },
                                if in_flight > 0 { format!("; {in_flight} in flight") } else { String::new() }) }
                        </p>
                        if matches!(self.asking, Asking::Stopping) {
                            <p class="msg note" data-testid="llm-retry">{"Stopping: waiting for the calls in flight to end."}</p>
                        } else if let Some((_, p)) = &self.retry {
                            <p class="msg warn" data-testid="llm-retry">{ p.text.clone() }{" Press Stop to give up."}</p>
                        }
                    </div>
                })
            }
            Asking::Stopped(m) => Some(html! {
                <div class="msg warn llm-status" role="alert" data-testid="llm-stopped">
                    <p>{ m.clone() }</p>
                    <p>{ kept }</p>
                    <p class="llm-next">{ format!("Next: press \u{201c}{label}\u{201d}") }
                        { if self.unreachable.is_some() { " once the server answers (see below)." } else { "." } }</p>
                </div>
            }),
            Asking::Complete => Some(html! {
                <p class="msg note" data-testid="llm-complete">
                    { format!("Every reply is in ({recorded} exchanges). The run below replays them; its share link reproduces it without a key.") }
                </p>
            }),
        };
        html! {
            <div class="llm-ask">
                <div class="button-row">
                    <button type="button" class="btn primary" data-testid="llm-ask" disabled={running}
                        onclick={link.callback(|_| Msg::Ask)}>{ label }</button>
                    <button type="button" class="btn" data-testid="llm-stop" disabled={!running}
                        onclick={link.callback(|_| Msg::Stop)}>{"Stop"}</button>
                    <button type="button" class="btn ghost" data-testid="llm-start-over" disabled={running || recorded == 0}
                        onclick={link.callback(|_| Msg::StartOver)}
                        title="Forget the recorded replies and ask again from the first round">{"Forget replies"}</button>
                </div>
                <p class="hint" data-testid="llm-recorded">{ format!("{recorded} replies recorded in this experiment.") }</p>
                { for status }
                if self.unreachable.is_some() { { unreachable_details() } }
                if let Some(n) = &self.note { <p class="msg note" data-testid="llm-note">{ n.clone() }</p> }
                if let Some(r) = &self.last_reply { <p class="hint llm-last" data-testid="llm-last">{ format!("Last reply from {r}") }</p> }
            </div>
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_button_says_what_it_does_now() {
        assert_eq!(ask_label(0, false, &Asking::Idle), "Ask the model");
        assert_eq!(
            ask_label(0, false, &Asking::Stopped("x".into())),
            "Try again"
        );
        assert_eq!(
            ask_label(3, false, &Asking::Stopped("x".into())),
            "Resume asking the model"
        );
        assert_eq!(
            ask_label(3, false, &Asking::Idle),
            "Resume asking the model"
        );
        assert_eq!(
            ask_label(45, true, &Asking::Idle),
            "Run the recorded replies"
        );
        assert_eq!(ask_label(10, true, &Asking::Complete), "Ask the model");
    }

    #[test]
    fn a_recorded_preset_is_complete_a_partial_one_is_not() {
        let exp = Experiment::Tax(agora_engine::tax::presets::llm_workers());
        assert!(recording_complete(&exp));
        // Without the last unit's replies.
        let mut json: serde_json::Value = serde_json::to_value(exp.transcript().unwrap()).unwrap();
        json.as_array_mut().unwrap().pop();
        let mut partial = exp.clone();
        partial.set_transcript(serde_json::from_value(json).unwrap());
        assert!(!recording_complete(&partial));
        let mut none = exp;
        none.set_transcript(Default::default());
        assert!(!recording_complete(&none));
    }

    #[test]
    fn calls_are_named_as_people_know_them() {
        let b = agora_engine::bandits::presets::llm_hard_k5();
        let i = b.policies.iter().position(|p| p.is_llm()).unwrap();
        let label = b.policies[i].label();
        let exp = Experiment::Bandits(b);
        let call = agora_engine::experiment::Experiment::first_llm_request(&exp).unwrap();
        assert_eq!(who(&exp, &call), format!("{label} in repetition 1"));
        assert!(!who(&exp, &call).contains("policy"));
    }
}
