//! Guided stories in a lab page: the list of a lab's stories, the panel that narrates one step
//! at a time (text, what to look at, back and next), and the address of a step.
//!
//! The stories themselves are data in the engine ([`agora_engine::stories`]); the page opens
//! a step by loading its experiment and running it (or showing its pre-trained results), opens
//! the step's tab, and outlines what the step looks at: every element whose `data-testid` or
//! `data-control` is one of the step's `look` names, through a style sheet the panel writes,
//! so the lab's own views need to know nothing about stories. (The sheet is a constructed one,
//! `document.adoptedStyleSheets`: the page's Content-Security-Policy allows no `<style>`
//! element, and it should not.)
//!
//! Address: `#/<lab>?story=<name>&step=<k>` (k from 1) opens step k; a student who changed the
//! step's experiment gets `#/<lab>?v=1&x=...&story=<name>&step=<k>`, the changed experiment at
//! that step. Both embed like any other lab link (`&embed=1`, `hide=`, `lock=`).

use crate::widgets::share::{copy_text, CopyStatus};
use agora_engine::link;
use agora_engine::stories::{self, Story};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Where a page is in a story, and the experiment of that step.
#[derive(Clone, Debug, PartialEq)]
pub struct StoryAt<E> {
    pub story: Rc<Story>,
    /// The step, from 0.
    pub index: usize,
    /// The step's own experiment (the page's may differ once the student edits).
    pub exp: E,
}

/// The story and step a lab's route asks for: `None` without `story=`, an error message naming
/// the key when the story or the step is not there.
pub fn read(fragment: &str, lab: &str) -> Option<Result<(Story, usize), String>> {
    let (_, params) = link::fragment_params(fragment);
    let get = |k: &str| params.iter().find(|(p, _)| p == k).map(|(_, v)| v.as_str());
    let name = get("story")?;
    let Some(story) = stories::find(lab, name) else {
        let names: Vec<String> = stories::of_lab(lab).into_iter().map(|s| s.name).collect();
        return Some(Err(format!(
            "This link's story= names a story this lab does not have (\"{name}\"). Its stories: {}.",
            names.join(", ")
        )));
    };
    let n = story.steps.len();
    Some(match get("step") {
        None => Ok((story, 0)),
        Some(s) => match s.parse::<usize>() {
            Ok(k) if (1..=n).contains(&k) => Ok((story, k - 1)),
            _ => Err(format!(
                "This link's step= must be a step of the story \"{}\", 1 to {n}; it is \"{s}\".",
                story.title
            )),
        },
    })
}

/// The address keys of a story step (`story=<name>&step=<k>`, k from 1).
pub fn query(story: &Story, index: usize) -> String {
    format!("story={}&step={}", story.name, index + 1)
}

/// The style sheet that outlines what a step looks at. The names are plain (the engine's tests
/// allow only `a-z`, `0-9` and `-`); anything else is left out rather than escaped.
pub fn highlight_css(look: &[String]) -> String {
    let plain = |n: &&String| {
        !n.is_empty()
            && n.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    };
    let selectors: Vec<String> = look
        .iter()
        .filter(plain)
        .map(|n| format!("[data-testid=\"{n}\"], [data-control=\"{n}\"]"))
        .collect();
    if selectors.is_empty() {
        return String::new();
    }
    format!(
        "{} {{ outline: 3px solid var(--story); outline-offset: 3px; border-radius: 6px; }}",
        selectors.join(", ")
    )
}

thread_local! {
    /// The outline sheet, adopted by the document on first use.
    static SHEET: RefCell<Option<web_sys::CssStyleSheet>> = const { RefCell::new(None) };
}

/// Replace the outline sheet's rules with `css` (empty: outline nothing).
fn set_highlight(css: &str) {
    SHEET.with(|cell| {
        let mut cell = cell.borrow_mut();
        if cell.is_none() {
            let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
                return;
            };
            let Ok(sheet) = web_sys::CssStyleSheet::new() else {
                return;
            };
            let sheets = doc.adopted_style_sheets();
            sheets.push(&sheet);
            doc.set_adopted_style_sheets(&sheets);
            *cell = Some(sheet);
        }
        if let Some(sheet) = cell.as_ref() {
            let _ = sheet.replace_sync(css);
        }
    });
}

/// Scroll the first thing a step looks at into view (the first one on the page).
fn show_first(look: &[String]) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    for n in look {
        let sel = format!("[data-testid=\"{n}\"], [data-control=\"{n}\"]");
        if let Ok(Some(el)) = doc.query_selector(&sel) {
            let opts = web_sys::ScrollIntoViewOptions::new();
            opts.set_block(web_sys::ScrollLogicalPosition::Center);
            opts.set_behavior(web_sys::ScrollBehavior::Smooth);
            el.scroll_into_view_with_scroll_into_view_options(&opts);
            return;
        }
    }
}

#[derive(Properties, PartialEq)]
pub struct StoryListProps {
    pub stories: Rc<Vec<Story>>,
    pub on_start: Callback<String>,
}

/// The lab's stories, as buttons under the lab's title.
#[function_component(StoryList)]
pub fn story_list(p: &StoryListProps) -> Html {
    if p.stories.is_empty() {
        return html! {};
    }
    html! {
        <nav class="story-list" aria-label="Guided stories" data-testid="story-list">
            <span class="story-list-label">{"Guided stories:"}</span>
            { for p.stories.iter().map(|s| {
                let name = s.name.clone();
                let on_start = p.on_start.clone();
                html! {
                    <button type="button" class="btn story-start" title={s.summary.clone()}
                        data-testid={format!("story-start-{}", s.name)}
                        onclick={move |_| on_start.emit(name.clone())}>
                        { &s.title }{ format!(" ({} steps)", s.steps.len()) }
                    </button>
                }
            }) }
        </nav>
    }
}

#[derive(Properties, PartialEq)]
pub struct StoryPanelProps {
    pub story: Rc<Story>,
    /// The step shown, from 0.
    pub index: usize,
    /// The student changed the step's experiment.
    pub edited: bool,
    /// The full address of this step (to copy).
    pub link: AttrValue,
    /// Go to a step (from 0).
    pub on_go: Callback<usize>,
    pub on_close: Callback<()>,
    /// Embedded: the panel has no way out of the story.
    #[prop_or_default]
    pub embedded: bool,
}

/// The narrated step: where it is in the story, its text, what to look at, back and next.
#[function_component(StoryPanel)]
pub fn story_panel(p: &StoryPanelProps) -> Html {
    let heading = use_node_ref();
    let first = use_mut_ref(|| true);
    {
        // Moving to another step moves the focus to its title (screen readers read it; the
        // page scrolls to it). Not on the first render: the link that opened the step did.
        let heading = heading.clone();
        use_effect_with(p.index, move |_| {
            if !std::mem::replace(&mut *first.borrow_mut(), false) {
                if let Some(h) = heading.cast::<web_sys::HtmlElement>() {
                    let _ = h.focus();
                }
            }
        });
    }
    {
        // Outline what the step looks at while the panel shows it.
        let look = p.story.steps.get(p.index).map(|s| s.look.clone());
        use_effect_with(look, |look| {
            set_highlight(&highlight_css(look.as_deref().unwrap_or_default()));
            || set_highlight("")
        });
    }
    let n = p.story.steps.len();
    let Some(step) = p.story.steps.get(p.index) else {
        return html! {};
    };
    let go = |to: usize| {
        let on_go = p.on_go.clone();
        Callback::from(move |_: MouseEvent| on_go.emit(to))
    };
    let look = step.look.clone();
    let show = Callback::from(move |_: MouseEvent| show_first(&look));
    let on_close = p.on_close.clone();
    let link_field = use_node_ref();
    let copied = use_state(|| None::<CopyStatus>);
    {
        let copied = copied.clone();
        use_effect_with((p.index, p.link.clone()), move |_| copied.set(None));
    }
    let copy = {
        let (link, field, copied) = (p.link.clone(), link_field.clone(), copied.clone());
        Callback::from(move |_: MouseEvent| {
            let copied = copied.clone();
            copy_text(
                link.to_string(),
                &field,
                Callback::from(move |s| copied.set(Some(s))),
            );
        })
    };
    let select_link = Callback::from(|e: FocusEvent| {
        if let Some(i) = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        {
            i.select();
        }
    });
    html! {
        <section class="panel story-panel" aria-label={format!("Guided story: {}", p.story.title)}
            data-testid="story-panel" data-story={p.story.name.clone()} data-step={(p.index + 1).to_string()}
            data-look={step.look.join(" ")}>
            <div class="story-top">
                <p class="story-name">
                    {"Guided story · "}<strong>{ &p.story.title }</strong>
                </p>
                <ol class="story-dots" aria-label="Steps">
                    { for (0..n).map(|i| {
                        let current = i == p.index;
                        let title = p.story.steps[i].title.clone();
                        html! {
                            <li>
                                <button type="button" class={classes!("story-dot", current.then_some("current"))}
                                    aria-current={current.then_some("step")}
                                    aria-label={format!("Step {}: {title}", i + 1)} title={title}
                                    data-testid={format!("story-dot-{}", i + 1)} onclick={go(i)}>
                                    { i + 1 }
                                </button>
                            </li>
                        }
                    }) }
                </ol>
                if !p.embedded {
                    <button type="button" class="btn story-close" data-testid="story-close"
                        onclick={move |_| on_close.emit(())}>{"Leave the story"}</button>
                }
            </div>
            <h2 class="story-title" tabindex="-1" ref={heading} data-testid="story-step">
                <span class="story-count">{ format!("Step {} of {n}: ", p.index + 1) }</span>
                { &step.title }
            </h2>
            <div class="story-text" data-testid="story-text">
                { for step.text.iter().map(|t| html! { <p>{ t }</p> }) }
            </div>
            if p.edited {
                <p class="msg note story-edited" data-testid="story-edited">
                    {"You changed this step's experiment: the text describes the step's own. "}
                    <button type="button" class="btn" data-testid="story-restore" onclick={go(p.index)}>
                        {"Back to the step's experiment"}
                    </button>
                </p>
            }
            <div class="button-row story-nav">
                <button type="button" class="btn" data-testid="story-back" disabled={p.index == 0}
                    onclick={go(p.index.saturating_sub(1))}>{"← Back"}</button>
                if !step.look.is_empty() {
                    <button type="button" class="btn" data-testid="story-show" onclick={show}>
                        {"Show me"}
                    </button>
                }
                <button type="button" class="btn primary" data-testid="story-next" disabled={p.index + 1 >= n}
                    onclick={go((p.index + 1).min(n - 1))}>{"Next →"}</button>
            </div>
            <details class="story-share">
                <summary>{"Link to this step"}</summary>
                <div class="share-row">
                    <input type="text" readonly=true value={p.link.clone()} aria-label="Link to this step"
                        data-testid="story-link" onfocus={select_link} ref={link_field} />
                    <button type="button" class="btn" data-testid="story-copy" onclick={copy}>{"Copy"}</button>
                </div>
                <span class="hint" role="status" data-testid="story-copied">{
                    match *copied {
                        Some(CopyStatus::Copied) => "Copied.",
                        Some(CopyStatus::Selected) => "Selected: press Ctrl+C (or ⌘C) to copy.",
                        None => "",
                    }
                }</span>
            </details>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_route_names_a_story_and_a_step() {
        let (s, i) = read("#/bandits?story=explore-or-exploit&step=3", "bandits")
            .unwrap()
            .unwrap();
        assert_eq!((s.name.as_str(), i), ("explore-or-exploit", 2));
        let (_, i) = read("#/bandits?story=explore-or-exploit", "bandits")
            .unwrap()
            .unwrap();
        assert_eq!(i, 0);
        assert!(read("#/bandits?preset=bandits-classic", "bandits").is_none());
        let e = read("#/games?story=explore-or-exploit", "games")
            .unwrap()
            .unwrap_err();
        assert!(
            e.contains("story=") && e.contains("evolution-of-trust"),
            "{e}"
        );
        for bad in ["0", "99", "two", ""] {
            let e = read(
                &format!("#/bandits?story=explore-or-exploit&step={bad}"),
                "bandits",
            )
            .unwrap()
            .unwrap_err();
            assert!(
                e.contains("step=") && e.contains(&format!("\"{bad}\"")),
                "{e}"
            );
        }
        assert_eq!(query(&s, 2), "story=explore-or-exploit&step=3");
    }

    #[test]
    fn the_highlight_names_test_ids_and_controls_and_nothing_else() {
        let css = highlight_css(&["chart-regret".into(), "policies".into()]);
        assert!(css.starts_with(
            "[data-testid=\"chart-regret\"], [data-control=\"chart-regret\"], [data-testid=\"policies\"]"
        ));
        assert!(css.contains("outline"));
        assert_eq!(highlight_css(&["a\"] body {".into()]), "");
        assert_eq!(highlight_css(&[]), "");
    }
}
