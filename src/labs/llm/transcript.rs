//! The transcript: every exchange the run replays, with the prompt sent, the reply exactly as
//! the model wrote it (shown as text, never run), what the agent read from it, tokens and time.

use super::ask::{agent_label, unit_label};
use super::{LlmPanel, Msg, FIRST_ROWS};
use agora_engine::experiment::Experiment;
use agora_engine::llm::Seen;
use yew::prelude::*;

impl LlmPanel {
    pub(super) fn view_transcript(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let ontoggle = link.callback(|e: Event| {
            let open = e
                .target_dyn_into::<web_sys::HtmlDetailsElement>()
                .is_some_and(|d| d.open());
            Msg::ShowTranscript(open)
        });
        let rows = self.transcript.as_ref().map(|seen| {
            let shown = if self.show_all { seen.len() } else { seen.len().min(FIRST_ROWS) };
            html! {
                <>
                    <div class="table-wrap">
                        <table class="results-table llm-transcript" data-testid="llm-transcript">
                            <thead><tr>
                                <th>{"Unit"}</th><th>{"#"}</th><th>{"Agent"}</th><th>{"Prompt"}</th><th>{"Reply (raw)"}</th>
                                <th>{"Read as"}</th><th>{"Tokens"}</th><th>{"ms"}</th>
                            </tr></thead>
                            <tbody>
                                { for seen.iter().take(shown).map(|s| view_exchange(&ctx.props().experiment, s)) }
                            </tbody>
                        </table>
                    </div>
                    if shown < seen.len() {
                        <button type="button" class="btn small" onclick={link.callback(|_| Msg::ShowAll)}>
                            { format!("Show all {} exchanges", seen.len()) }
                        </button>
                    }
                    if seen.is_empty() { <p class="hint">{"No exchange recorded yet."}</p> }
                </>
            }
        });
        html! {
            <details class="llm-section" data-testid="llm-transcript-section" {ontoggle} open={self.show_transcript}>
                <summary>{"Transcript"}</summary>
                <p class="hint">{"Every exchange the run replays: the prompt sent, the reply exactly as the model wrote it (shown as text, never run), what the agent read from it, tokens and time."}</p>
                { for rows }
            </details>
        }
    }
}

/// The part of a prompt that tells exchanges apart: its last line mentioning the round, and
/// its question (the last line longer than an answer stub).
fn prompt_gist(prompt: &str) -> String {
    let lines: Vec<&str> = prompt
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let round = lines
        .iter()
        .rev()
        .find(|l| l.to_ascii_lowercase().contains("round"))
        .copied();
    // The question, not a short answer stub such as "A: Option".
    let last = lines
        .iter()
        .rev()
        .find(|l| l.len() > 12)
        .or(lines.last())
        .copied()
        .unwrap_or("");
    let gist = match round {
        Some(r) if r != last => format!("{r} ... {last}"),
        _ => last.to_string(),
    };
    agora_engine::llm::provider::truncate(&gist, 110)
}

fn view_exchange(exp: &Experiment, s: &Seen) -> Html {
    let prompt = s
        .request
        .messages
        .last()
        .map(|m| m.content.clone())
        .unwrap_or_default();
    let flags = match (s.fallback, s.exchange.cached) {
        (true, _) => "llm-row fallback",
        (false, true) => "llm-row cached",
        _ => "llm-row",
    };
    html! {
        <tr class={flags}>
            <td>{ unit_label(exp, s.unit) }</td>
            <td>{ s.index + 1 }</td>
            <td>{ agent_label(exp, &s.agent) }</td>
            <td><details><summary>{ prompt_gist(&prompt) }</summary><pre class="llm-text">{ prompt }</pre></details></td>
            <td><pre class="llm-text llm-reply">{ s.exchange.reply.clone() }</pre></td>
            <td>{ s.parsed.clone() }{ if s.exchange.cached { " (cached)" } else { "" } }</td>
            <td>{ format!("{} + {}", s.exchange.tokens_in, s.exchange.tokens_out) }</td>
            <td>{ s.exchange.latency_ms }</td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_gist_of_a_prompt_is_its_round_and_its_question() {
        let p = "Rules...\nIn round 1, you chose Option J.\nYou are currently playing round 2.\nQ: Which Option do you choose, Option F or Option J?\nA: Option";
        assert_eq!(
            prompt_gist(p),
            "You are currently playing round 2. ... Q: Which Option do you choose, Option F or Option J?"
        );
        let b =
            "You have not played yet.\nThis is round 1 of 100.Which button will you press next?";
        assert_eq!(
            prompt_gist(b),
            "This is round 1 of 100.Which button will you press next?"
        );
    }
}
