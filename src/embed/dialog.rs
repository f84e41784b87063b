//! The Embed dialog of every lab: the size of the frame, which controls students see and may
//! change, the host pages allowed to drive the lab, a preview of the frame at that size, the
//! iframe snippet to paste in a course page and the plain share link.

use super::options::{parse_origins, Control, EmbedOptions, Shown};
use crate::widgets::share::{copy_text, CopyStatus};
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Sizes offered, as (label, width, height).
const SIZES: [(&str, &str, &str); 4] = [
    ("Full width of the course page", "100%", "1100"),
    ("960 × 900", "960", "900"),
    ("720 × 900", "720", "900"),
    ("Phone, 390 × 844", "390", "844"),
];

#[derive(Properties, PartialEq)]
pub struct EmbedDialogProps {
    /// The lab's title (the iframe's title).
    pub title: AttrValue,
    /// The page's address without the fragment.
    pub base: AttrValue,
    /// The experiment's fragment (`#/bandits?v=1&x=...`), with no digest or options.
    pub fragment: AttrValue,
    /// Every control of the lab, the page's first.
    pub controls: Vec<Control>,
    /// The options the page was opened with (where the dialog starts).
    pub initial: EmbedOptions,
    pub on_close: Callback<()>,
}

pub enum Msg {
    Size(usize),
    Width(String),
    Height(String),
    Control(&'static str, String),
    Origins(String),
    Preview,
    Copy(&'static str),
    Copied(&'static str, CopyStatus),
    Close,
}

pub struct EmbedDialog {
    options: EmbedOptions,
    width: String,
    height: String,
    origins_text: String,
    origins_error: Option<String>,
    preview: bool,
    copied: Option<(&'static str, CopyStatus)>,
    dialog: NodeRef,
    snippet_ref: NodeRef,
    link_ref: NodeRef,
    share_ref: NodeRef,
}

impl EmbedDialog {
    fn embed_url(&self, ctx: &Context<Self>) -> String {
        let p = ctx.props();
        format!("{}{}&embed=1{}", p.base, p.fragment, self.options.query())
    }

    fn snippet(&self, ctx: &Context<Self>) -> String {
        agora_engine::link::iframe(
            &self.embed_url(ctx),
            &format!("Agora: {}", ctx.props().title),
            &self.width,
            &self.height,
        )
    }

    fn view_control(&self, ctx: &Context<Self>, c: &Control) -> Html {
        let shown = self.options.shown(c.id);
        let explicit = self.options.chosen(c.id);
        let id = c.id;
        let onchange = ctx.link().callback(move |e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            Msg::Control(id, sel.value())
        });
        // Presets and JSON are read-only while another control is: show that, and let the
        // teacher hide them instead.
        let forced = shown != explicit;
        let option = |s: Shown, label: &str, enabled: bool| {
            html! {
                <option value={s.as_str()} selected={shown == s} disabled={!enabled}>{ label.to_string() }</option>
            }
        };
        html! {
            <tr>
                <th scope="row"><label for={format!("embed-control-{id}")}>{ c.label }</label>
                    <code class="control-id">{ id }</code></th>
                <td>
                    <select id={format!("embed-control-{id}")} data-testid={format!("embed-control-{id}")} {onchange}>
                        { option(Shown::Visible, "Shown", !forced) }
                        { option(Shown::Locked, "Read-only", c.lockable) }
                        { option(Shown::Hidden, "Hidden", true) }
                    </select>
                    if forced {
                        <span class="hint">{"read-only while another control is: it would undo that lock"}</span>
                    }
                </td>
            </tr>
        }
    }
}

/// A width or height as the iframe attribute takes it: a number of pixels or a percentage.
fn valid_size(s: &str) -> bool {
    let n = s.strip_suffix('%').unwrap_or(s);
    !n.is_empty() && n.len() <= 5 && n.chars().all(|c| c.is_ascii_digit())
}

impl Component for EmbedDialog {
    type Message = Msg;
    type Properties = EmbedDialogProps;

    fn create(ctx: &Context<Self>) -> Self {
        let initial = ctx.props().initial.clone();
        EmbedDialog {
            origins_text: initial.origins.join(", "),
            options: initial,
            width: SIZES[0].1.into(),
            height: SIZES[0].2.into(),
            origins_error: None,
            preview: false,
            copied: None,
            dialog: NodeRef::default(),
            snippet_ref: NodeRef::default(),
            link_ref: NodeRef::default(),
            share_ref: NodeRef::default(),
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        if !matches!(msg, Msg::Copied(..)) {
            self.copied = None;
        }
        match msg {
            Msg::Size(i) => {
                if let Some((_, w, h)) = SIZES.get(i) {
                    self.width = w.to_string();
                    self.height = h.to_string();
                }
            }
            Msg::Width(w) => self.width = w.trim().to_string(),
            Msg::Height(h) => self.height = h.trim().to_string(),
            Msg::Control(id, value) => {
                let shown = match value.as_str() {
                    "locked" => Shown::Locked,
                    "hidden" => Shown::Hidden,
                    _ => Shown::Visible,
                };
                self.options.set(id, shown);
            }
            Msg::Origins(text) => {
                let (origins, bad) = parse_origins(&text);
                self.origins_error = (!bad.is_empty()).then(|| {
                    let bad: Vec<String> =
                        bad.iter().map(|(o, why)| format!("\"{o}\" {why}")).collect();
                    format!(
                        "{}. Write an origin as https://course.example.edu (no path), or * for any page.",
                        bad.join("; ")
                    )
                });
                self.options.origins = origins;
                self.origins_text = text;
            }
            Msg::Preview => self.preview = !self.preview,
            Msg::Copy(what) => {
                let (text, field) = match what {
                    "snippet" => (self.snippet(ctx), &self.snippet_ref),
                    "link" => (self.embed_url(ctx), &self.link_ref),
                    _ => (
                        format!("{}{}", ctx.props().base, ctx.props().fragment),
                        &self.share_ref,
                    ),
                };
                copy_text(
                    text,
                    field,
                    ctx.link().callback(move |s| Msg::Copied(what, s)),
                );
            }
            Msg::Copied(what, s) => self.copied = Some((what, s)),
            Msg::Close => {
                if let Some(d) = self.dialog.cast::<web_sys::HtmlDialogElement>() {
                    d.close();
                }
                ctx.props().on_close.emit(());
            }
        }
        true
    }

    fn rendered(&mut self, _ctx: &Context<Self>, first: bool) {
        if first {
            if let Some(d) = self.dialog.cast::<web_sys::HtmlDialogElement>() {
                if !d.open() {
                    let _ = d.show_modal();
                }
            }
        }
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let p = ctx.props();
        let url = self.embed_url(ctx);
        let share = format!("{}{}", p.base, p.fragment);
        let sizes_ok = valid_size(&self.width) && valid_size(&self.height);
        let copied = |what: &str| match &self.copied {
            Some((w, CopyStatus::Copied)) if *w == what => "Copied",
            Some((w, CopyStatus::Selected)) if *w == what => "Selected: press Ctrl+C",
            _ => "",
        };
        let on_size = link.callback(|e: Event| {
            let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
            Msg::Size(sel.value().parse().unwrap_or(0))
        });
        let size_index = SIZES
            .iter()
            .position(|(_, w, h)| *w == self.width && *h == self.height);
        let text_input = |f: fn(String) -> Msg| {
            link.callback(move |e: InputEvent| {
                let i: web_sys::HtmlInputElement = e.target_unchecked_into();
                f(i.value())
            })
        };
        let select_all = Callback::from(|e: FocusEvent| {
            if let Some(t) = e.target() {
                if let Some(i) = t.dyn_ref::<web_sys::HtmlInputElement>() {
                    i.select();
                } else if let Some(a) = t.dyn_ref::<web_sys::HtmlTextAreaElement>() {
                    a.select();
                }
            }
        });
        // A read-only link with its Copy button.
        let link_row = |label: &str, testid: &str, what: &'static str, value: String| {
            let field = if what == "link" {
                &self.link_ref
            } else {
                &self.share_ref
            };
            html! {
                <label class="field wide">
                    <span class="field-label">{ label.to_string() }</span>
                    <div class="share-row">
                        <input type="text" readonly=true data-testid={testid.to_string()} ref={field.clone()}
                            {value} onfocus={select_all.clone()} />
                        <button type="button" class="btn" onclick={link.callback(move |_| Msg::Copy(what))}>{"Copy"}</button>
                    </div>
                    <span class="hint" aria-live="polite">{ copied(what) }</span>
                </label>
            }
        };
        let on_origins = link.callback(|e: InputEvent| {
            let t: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            Msg::Origins(t.value())
        });
        // Esc closes a modal dialog without a click: tell the page.
        let on_cancel = link.callback(|e: Event| {
            e.prevent_default();
            Msg::Close
        });
        html! {
            <dialog class="embed-dialog" ref={self.dialog.clone()} data-testid="embed-dialog"
                aria-labelledby="embed-title" oncancel={on_cancel}>
                <div class="embed-dialog-head">
                    <h2 id="embed-title">{ format!("Embed {} in a course page", p.title) }</h2>
                    <button type="button" class="btn small" data-testid="embed-close"
                        onclick={link.callback(|_| Msg::Close)}>{"Close"}</button>
                </div>
                <div class="embed-grid">
                    <div class="embed-choices">
                        <fieldset class="group">
                            <legend>{"Size of the frame"}</legend>
                            <select data-testid="embed-size" onchange={on_size} aria-label="Size">
                                { for SIZES.iter().enumerate().map(|(i, (label, _, _))| html! {
                                    <option value={i.to_string()} selected={size_index == Some(i)}>{ *label }</option>
                                }) }
                                if size_index.is_none() {
                                    <option selected=true disabled=true>{"Custom"}</option>
                                }
                            </select>
                            <div class="row2">
                                <label class="field"><span class="field-label">{"Width (px or %)"}</span>
                                    <input type="text" data-testid="embed-width" value={self.width.clone()}
                                        oninput={text_input(Msg::Width)} /></label>
                                <label class="field"><span class="field-label">{"Height (px or %)"}</span>
                                    <input type="text" data-testid="embed-height" value={self.height.clone()}
                                        oninput={text_input(Msg::Height)} /></label>
                            </div>
                            if !sizes_ok {
                                <p class="field-error" role="alert">{"Width and height are a number of pixels (900) or a percentage (100%)."}</p>
                            }
                        </fieldset>
                        <fieldset class="group">
                            <legend>{"What students see"}</legend>
                            <table class="embed-controls">
                                <tbody>{ for p.controls.iter().map(|c| self.view_control(ctx, c)) }</tbody>
                            </table>
                            <p class="hint">{"Read-only controls show their settings but cannot be changed. The page's Run button still works unless the run bar is hidden."}</p>
                        </fieldset>
                        <fieldset class="group">
                            <legend>{"Host pages that may drive the lab"}</legend>
                            <label class="field wide">
                                <span class="field-label">{"Origins, separated by commas (empty: no page may)"}</span>
                                <textarea data-testid="embed-origins" rows="2" value={self.origins_text.clone()}
                                    placeholder="https://course.example.edu" oninput={on_origins} />
                            </label>
                            if let Some(e) = &self.origins_error {
                                <p class="field-error" role="alert" data-testid="embed-origins-error">{ e.clone() }</p>
                            }
                            <p class="hint">{"A page at one of these origins can set the experiment, run, pause, step and reset it, and receives progress, results with their digest, and errors through postMessage: the protocol and an example host page are in the project's docs (EMBEDDING.md)."}</p>
                        </fieldset>
                    </div>
                    <div class="embed-output">
                        <label class="field wide">
                            <span class="field-label">{"Paste this in the course page"}</span>
                            <textarea readonly=true rows="4" data-testid="embed-snippet" ref={self.snippet_ref.clone()}
                                value={self.snippet(ctx)} onfocus={select_all.clone()} />
                        </label>
                        <div class="button-row">
                            <button type="button" class="btn primary" data-testid="embed-copy-snippet" disabled={!sizes_ok}
                                onclick={link.callback(|_| Msg::Copy("snippet"))}>{"Copy snippet"}</button>
                            <span class="hint" aria-live="polite">{ copied("snippet") }</span>
                        </div>
                        { link_row("The frame's link", "embed-link", "link", url.clone()) }
                        { link_row("Plain share link (the whole app, every control)", "embed-share-link", "share", share) }
                        <div class="button-row">
                            <button type="button" class="btn" data-testid="embed-preview-toggle"
                                onclick={link.callback(|_| Msg::Preview)} disabled={!sizes_ok}>
                                { if self.preview { "Hide the preview" } else { "Preview at this size" } }
                            </button>
                            <span class="hint">{"The preview runs the experiment, as the frame will for students."}</span>
                        </div>
                        if self.preview && sizes_ok {
                            <div class="embed-preview" data-testid="embed-preview">
                                <iframe src={url} title={format!("Preview: Agora, {}", p.title)}
                                    width={self.width.clone()} height={self.height.clone()}></iframe>
                            </div>
                        }
                    </div>
                </div>
            </dialog>
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_snippet_escapes_what_it_quotes() {
        let s = agora_engine::link::iframe(
            "https://x.org/#/bandits?v=1&x=a\"b",
            "Agora: <bandits>",
            "100%",
            "900",
        );
        assert!(s.starts_with("<iframe src=\"https://x.org/#/bandits?v=1&amp;x=a&quot;b\""));
        assert!(s.contains("title=\"Agora: &lt;bandits>\" width=\"100%\" height=\"900\""));
    }

    #[test]
    fn sizes_are_pixels_or_percentages() {
        assert!(valid_size("900") && valid_size("100%"));
        assert!(!valid_size("") && !valid_size("9e9") && !valid_size("100px") && !valid_size("%"));
    }
}
