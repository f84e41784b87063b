//! What every lab page shows after a run: the share link box, the result digest with run
//! statistics, and the reproduction check of a link that carried a digest.
//!
//! The share link is `agora_engine::link::encode_url(<this page's address>, experiment,
//! digest)`: opening it loads the experiment and runs it; when the link carries the digest
//! (`&d=`), the page then says whether the new run reproduced it bit for bit.

use crate::widgets::runbar::thousands;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// How copying the share link went.
#[derive(Clone, Debug, PartialEq)]
pub enum CopyStatus {
    Copied,
    /// The clipboard was not available: the text is selected for the student to copy.
    Selected,
}

/// Time and work of a finished run.
#[derive(Clone, Debug, PartialEq)]
pub struct RunStats {
    pub elapsed_ms: f64,
    /// Work simulated, in `unit`s ("pulls", "turns").
    pub work: u64,
    pub unit: String,
    /// Web Workers that computed the run.
    pub workers: usize,
    /// Units the helper workers of a pool computed.
    pub shared: usize,
    /// The most memory the run's Web Worker used, in bytes (0: not known).
    pub memory_bytes: u64,
}

/// "4,000,000 pulls in 1.23 s · 3.3 M pulls/s".
pub fn run_stats_text(work: u64, unit: &str, elapsed_ms: f64) -> String {
    let secs = elapsed_ms / 1000.0;
    let time = if secs >= 10.0 {
        format!("{secs:.1} s")
    } else {
        format!("{secs:.2} s")
    };
    let rate = if elapsed_ms > 0.0 {
        let r = work as f64 / secs;
        if r >= 1e6 {
            format!("{:.1} M {unit}/s", r / 1e6)
        } else if r >= 1e3 {
            format!("{:.0} k {unit}/s", r / 1e3)
        } else {
            format!("{r:.0} {unit}/s")
        }
    } else {
        "too fast to time".into()
    };
    format!("{} {unit} in {time} · {rate}", thousands(work))
}

/// This page's address without its fragment (the base of share links).
pub fn page_base() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|h| h.split('#').next().unwrap_or("").to_string())
        .unwrap_or_default()
}

/// Copy `text` to the clipboard; where the clipboard is not available (pages not served
/// securely), select it in the text field or text area `field` shows it in and try the old
/// copy command. Reports how it went.
pub fn copy_text(text: String, field: &NodeRef, done: Callback<CopyStatus>) {
    let input = field.cast::<web_sys::HtmlInputElement>();
    let area = field.cast::<web_sys::HtmlTextAreaElement>();
    let navigator = web_sys::window().map(|w| w.navigator());
    let clipboard = navigator.and_then(|n| {
        let c = js_sys::Reflect::get(&n, &"clipboard".into()).ok()?;
        (!c.is_undefined() && !c.is_null()).then(|| c.unchecked_into::<web_sys::Clipboard>())
    });
    let fallback = move || {
        if let Some(i) = &input {
            let _ = i.focus();
            i.select();
        }
        if let Some(a) = &area {
            let _ = a.focus();
            a.select();
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
                    Err(_) => fallback(),
                };
                done.emit(status);
            });
        }
        None => done.emit(fallback()),
    }
}

/// The command that reproduces the experiment of `url` with the command-line tool (single
/// quotes: a link holds `&`, `?` and `#`, never a quote).
pub fn cli_line(url: &str) -> String {
    format!("agora run --link '{}'", url.replace('\'', "%27"))
}

/// Properties of [`ShareBox`].
#[derive(Properties, PartialEq)]
pub struct ShareBoxProps {
    /// The link ("" while the settings are invalid).
    pub url: AttrValue,
    pub enabled: bool,
    /// The link carries the digest of a finished run.
    pub with_digest: bool,
    pub copy_status: Option<CopyStatus>,
    pub on_copy: Callback<()>,
    pub input_ref: NodeRef,
}

/// The share link with its copy button (`share-link`, `copy-link`, `copy-status`).
#[function_component(ShareBox)]
pub fn share_box(p: &ShareBoxProps) -> Html {
    let status = match &p.copy_status {
        Some(CopyStatus::Copied) => "Copied to the clipboard",
        Some(CopyStatus::Selected) => "Selected: press Ctrl+C (⌘C on a Mac) to copy",
        None => "",
    };
    let on_copy = p.on_copy.reform(|_: MouseEvent| ());
    html! {
        <div class="share-box">
            <label class="field wide">
                <span class="field-label">{"Share this experiment"}</span>
                <div class="share-row">
                    <input type="text" readonly=true data-testid="share-link" ref={p.input_ref.clone()}
                        value={p.url.clone()} aria-label="Share link"
                        onfocus={Callback::from(|e: FocusEvent| {
                            let i: web_sys::HtmlInputElement = e.target_unchecked_into();
                            i.select();
                        })} />
                    <button type="button" class="btn" data-testid="copy-link" disabled={!p.enabled}
                        onclick={on_copy}>{"Copy link"}</button>
                </div>
            </label>
            <p class="hint">
                <span class="copy-status" data-testid="copy-status" aria-live="polite">{ status }</span>
                { if !status.is_empty() { " · " } else { "" } }
                { if p.with_digest {
                    "The link carries the settings and the result digest: whoever opens it re-runs the experiment and sees whether it reproduces."
                } else {
                    "The link carries the settings; after a finished run it also carries the result digest."
                } }
            </p>
            if p.enabled && !p.url.is_empty() {
                <details class="hint cli-line">
                    <summary>{"Reproduce from the command line"}</summary>
                    <code data-testid="cli-line">{ cli_line(&p.url) }</code>
                    <span>{" prints the same digest ("}<code>{"agora"}</code>{" is the project's command-line tool)."}</span>
                </details>
            }
        </div>
    }
}

/// Properties of [`DigestBox`].
#[derive(Properties, PartialEq)]
pub struct DigestBoxProps {
    pub digest: AttrValue,
    pub stats: Option<RunStats>,
    /// The digest expected (a link's, or a pre-trained file's), when this run is of that experiment.
    pub expected: Option<AttrValue>,
}

/// The result digest (`digest`), run statistics (`run-stats`) and the reproduction check
/// (`reproduce-status`, `data-state` = `match` | `mismatch`).
#[function_component(DigestBox)]
pub fn digest_box(p: &DigestBoxProps) -> Html {
    let digest = p.digest.to_string();
    let stats = p.stats.as_ref().map(|s| {
        html! {
            <p class="run-stats" data-testid="run-stats" data-unit={s.unit.clone()}
                data-elapsed-ms={format!("{:.1}", s.elapsed_ms)} data-pulls={s.work.to_string()}
                data-workers={s.workers.to_string()} data-shared={s.shared.to_string()}
                data-memory-bytes={s.memory_bytes.to_string()}
                title={(s.memory_bytes > 0).then(|| format!("The run's Web Worker used at most {:.0} MB of memory", s.memory_bytes as f64 / 1e6))}>
                { run_stats_text(s.work, &s.unit, s.elapsed_ms) }
                if s.workers > 1 { { format!(" · {} workers", s.workers) } }
            </p>
        }
    });
    let reproduce = p.expected.as_ref().map(|expected| {
        if *expected == digest {
            html! {
                <p class="reproduce ok" data-testid="reproduce-status" data-state="match" role="status">
                    {"✓ Reproduced: digest matches"}
                </p>
            }
        } else {
            html! {
                <p class="reproduce bad" data-testid="reproduce-status" data-state="mismatch" role="alert">
                    { format!("✗ Not reproduced: this run gave {digest}, expected {expected}.") }
                </p>
            }
        }
    });
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

#[cfg(test)]
mod tests {
    use super::run_stats_text;

    #[test]
    fn the_cli_line_quotes_the_link() {
        assert_eq!(
            super::cli_line("https://x.org/#/bandits?v=1&x=ab&d=0123"),
            "agora run --link 'https://x.org/#/bandits?v=1&x=ab&d=0123'"
        );
        assert_eq!(super::cli_line("a'b"), "agora run --link 'a%27b'");
    }

    #[test]
    fn stats_read_like_the_example() {
        assert_eq!(
            run_stats_text(4_000_000, "pulls", 1230.0),
            "4,000,000 pulls in 1.23 s · 3.3 M pulls/s"
        );
        assert_eq!(
            run_stats_text(300_000, "turns", 500.0),
            "300,000 turns in 0.50 s · 600 k turns/s"
        );
        assert_eq!(
            run_stats_text(10, "pulls", 0.0),
            "10 pulls in 0.00 s · too fast to time"
        );
        assert_eq!(
            run_stats_text(1_000_000, "pulls", 12_500.0),
            "1,000,000 pulls in 12.5 s · 80 k pulls/s"
        );
    }
}
