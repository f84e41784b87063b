//! The share link, the result digest, run statistics and the reproduction check.
//!
//! The share link is `agora_engine::link::encode_url(<this page's address>, experiment,
//! digest)`: opening it loads the experiment and runs it; when the link carries the digest
//! (`&d=`), the page then says whether the new run reproduced it bit for bit.

use super::{BanditLab, CopyStatus, Msg};
use crate::widgets::runbar::{thousands, RunState};
use agora_engine::experiment::Experiment;
use agora_engine::link;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// "4,000,000 pulls in 1.23 s · 3.3 M pulls/s".
pub fn run_stats_text(pulls: u64, elapsed_ms: f64) -> String {
    let secs = elapsed_ms / 1000.0;
    let time = if secs >= 10.0 {
        format!("{secs:.1} s")
    } else {
        format!("{secs:.2} s")
    };
    let rate = if elapsed_ms > 0.0 {
        let r = pulls as f64 / secs;
        if r >= 1e6 {
            format!("{:.1} M pulls/s", r / 1e6)
        } else if r >= 1e3 {
            format!("{:.0} k pulls/s", r / 1e3)
        } else {
            format!("{r:.0} pulls/s")
        }
    } else {
        "too fast to time".into()
    };
    format!("{} pulls in {time} · {rate}", thousands(pulls))
}

/// This page's address without its fragment (the base of share links).
pub fn page_base() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or("").to_string())
        .unwrap_or_default()
}

impl BanditLab {
    /// The digest to put in the share link: only for a finished run of the current settings.
    fn share_digest(&self) -> Option<&str> {
        match (&self.run, &self.ran_exp, &self.digest) {
            (RunState::Done, Some(e), Some(d)) if *e == self.exp => Some(d.as_str()),
            _ => None,
        }
    }

    pub(super) fn share_url(&self) -> String {
        link::encode_url(
            &page_base(),
            &Experiment::Bandits(self.exp.clone()),
            self.share_digest(),
        )
    }

    pub(super) fn copy_link(&mut self, ctx: &Context<Self>) {
        let text = self.share_url();
        let input = self.share_ref.cast::<web_sys::HtmlInputElement>();
        let done = ctx.link().callback(Msg::Copied);
        let navigator = web_sys::window().map(|w| w.navigator());
        // navigator.clipboard is missing on pages that are not served securely.
        let clipboard = navigator.and_then(|n| {
            let c = js_sys::Reflect::get(&n, &"clipboard".into()).ok()?;
            (!c.is_undefined() && !c.is_null()).then(|| c.unchecked_into::<web_sys::Clipboard>())
        });
        let fallback = move |input: Option<web_sys::HtmlInputElement>| {
            if let Some(i) = &input {
                let _ = i.focus();
                i.select();
            }
            let copied = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.dyn_into::<web_sys::HtmlDocument>().ok())
                .and_then(|d| d.exec_command("copy").ok())
                .unwrap_or(false);
            if copied {
                CopyStatus::Copied
            } else {
                CopyStatus::Selected
            }
        };
        match clipboard {
            Some(c) => {
                let promise = c.write_text(&text);
                wasm_bindgen_futures::spawn_local(async move {
                    let status = match wasm_bindgen_futures::JsFuture::from(promise).await {
                        Ok(_) => CopyStatus::Copied,
                        Err(_) => fallback(input),
                    };
                    done.emit(status);
                });
            }
            None => done.emit(fallback(input)),
        }
    }

    pub(super) fn view_share(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let url = if self.can_run() {
            self.share_url()
        } else {
            String::new()
        };
        let status = match &self.copy_status {
            Some(CopyStatus::Copied) => "Copied to the clipboard",
            Some(CopyStatus::Selected) => "Selected: press Ctrl+C (⌘C on a Mac) to copy",
            None => "",
        };
        let with_digest = self.share_digest().is_some();
        html! {
            <div class="share-box">
                <label class="field wide">
                    <span class="field-label">{"Share this experiment"}</span>
                    <div class="share-row">
                        <input type="text" readonly=true data-testid="share-link" ref={self.share_ref.clone()}
                            value={url} aria-label="Share link"
                            onfocus={Callback::from(|e: FocusEvent| {
                                let i: web_sys::HtmlInputElement = e.target_unchecked_into();
                                i.select();
                            })} />
                        <button type="button" class="btn" data-testid="copy-link" disabled={!self.can_run()}
                            onclick={link.callback(|_| Msg::CopyLink)}>{"Copy link"}</button>
                    </div>
                </label>
                <p class="hint">
                    <span class="copy-status" data-testid="copy-status" aria-live="polite">{ status }</span>
                    { if !status.is_empty() { " · " } else { "" } }
                    { if with_digest {
                        "The link carries the settings and the result digest: whoever opens it re-runs the experiment and sees whether it reproduces."
                    } else {
                        "The link carries the settings; after a finished run it also carries the result digest."
                    } }
                </p>
            </div>
        }
    }

    pub(super) fn view_digest(&self) -> Html {
        let Some(digest) = &self.digest else {
            return html! {};
        };
        let stats = self.stats.map(|s| {
            html! {
                <p class="run-stats" data-testid="run-stats"
                    data-elapsed-ms={format!("{:.1}", s.elapsed_ms)} data-pulls={s.pulls.to_string()}>
                    { run_stats_text(s.pulls, s.elapsed_ms) }
                </p>
            }
        });
        let reproduce = match (&self.expected, &self.ran_exp) {
            (Some((e, expected)), Some(ran)) if e == ran => {
                if expected == digest {
                    Some(html! {
                        <p class="reproduce ok" data-testid="reproduce-status" data-state="match" role="status">
                            {"✓ Reproduced: digest matches"}
                        </p>
                    })
                } else {
                    Some(html! {
                        <p class="reproduce bad" data-testid="reproduce-status" data-state="mismatch" role="alert">
                            { format!("✗ Not reproduced: this run gave {digest}, the link expected {expected}.") }
                        </p>
                    })
                }
            }
            _ => None,
        };
        html! {
            <div class="digest-box">
                <p class="digest-line">
                    <span class="digest-label" title="A short hash of all the results: equal digests mean bit-identical results">{"Result digest "}</span>
                    <code data-testid="digest">{ digest.clone() }</code>
                </p>
                { for stats }
                { for reproduce }
            </div>
        }
    }
}

#[cfg(test)]
mod tests {
    use super::run_stats_text;

    #[test]
    fn stats_read_like_the_example() {
        assert_eq!(
            run_stats_text(4_000_000, 1230.0),
            "4,000,000 pulls in 1.23 s · 3.3 M pulls/s"
        );
        assert_eq!(
            run_stats_text(300_000, 500.0),
            "300,000 pulls in 0.50 s · 600 k pulls/s"
        );
        assert_eq!(
            run_stats_text(10, 0.0),
            "10 pulls in 0.00 s · too fast to time"
        );
        assert_eq!(
            run_stats_text(1_000_000, 12_500.0),
            "1,000,000 pulls in 12.5 s · 80 k pulls/s"
        );
    }
}
