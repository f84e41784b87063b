//! The app shell: hash routes, navigation, embed mode, the home page, and the panic banner.
//!
//! Routes live in the URL fragment so the site works as static files from any path:
//! `#/` (home), `#/bandits?...` (the bandit lab; `x=` carries an experiment, see
//! `agora_engine::link`), `#/games`, `#/metarl`, `#/tax`. `embed=1` in the fragment's query
//! hides the header, navigation and footer so a lab can sit in an iframe on a course page.
//! What the fragment may hold is listed once, in [`crate::labs::route::PARAMS`].
//! The app follows `hashchange`, so opening another link in the same tab loads it.

use crate::labs::coming_soon::ComingSoon;
use crate::labs::route::UrlState;
use crate::labs::{self, LABS};
use gloo::events::EventListener;
use std::cell::Cell;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Which page a fragment opens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    Home,
    /// A lab, by id (`bandits`, `games`, ...).
    Lab(&'static str),
    /// A route that does not exist.
    NotFound(String),
}

/// A parsed fragment.
#[derive(Clone, Debug, PartialEq)]
pub struct Route {
    pub page: Page,
    /// The fragment as in the address bar (`#/bandits?v=1&x=...`).
    pub fragment: String,
    /// `embed=1`: hide the chrome.
    pub embed: bool,
    /// Counts `hashchange` events, so a lab knows a new link was opened.
    pub nav: u64,
}

/// Parse a URL fragment (with or without the leading `#`).
pub fn parse_route(fragment: &str, nav: u64) -> Route {
    let url = UrlState::parse(fragment);
    let embed = url.embed;
    let path = url.path.as_str();
    let page = if path.is_empty() || path == "home" {
        Page::Home
    } else if let Some(lab) = labs::find(path) {
        Page::Lab(lab.id)
    } else {
        Page::NotFound(path.to_string())
    };
    let fragment = if fragment.starts_with('#') || fragment.is_empty() {
        fragment.to_string()
    } else {
        format!("#{fragment}")
    };
    Route {
        page,
        fragment,
        embed,
        nav,
    }
}

/// Move the focus to the first element that matches `selector` (the browser scrolls it into
/// view).
fn focus_selector(selector: &str) {
    let found = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = found {
        let _ = el.focus();
    }
}

fn current_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

fn set_title(page: &Page) {
    let title = match page {
        Page::Home => "Agora: learning-agent labs".to_string(),
        Page::Lab(id) => format!(
            "{} · Agora",
            labs::find(id).map(|l| l.title).unwrap_or("Lab")
        ),
        Page::NotFound(_) => "Page not found · Agora".to_string(),
    };
    if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
        doc.set_title(&title);
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let counter = use_mut_ref(|| Cell::new(0u64));
    let route = use_state(|| parse_route(&current_hash(), 0));
    {
        let route = route.clone();
        let counter = counter.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                EventListener::new(&w, "hashchange", move |_| {
                    let c = counter.borrow();
                    c.set(c.get() + 1);
                    route.set(parse_route(&current_hash(), c.get()));
                })
            });
            // The app is on the page: the static "Loading Agora" screen of index.html goes.
            if let Some(boot) = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.get_element_by_id("boot"))
            {
                boot.remove();
            }
            move || drop(listener)
        });
    }
    {
        let page = route.page.clone();
        use_effect_with(page, |page| {
            set_title(page);
            if let Some(w) = web_sys::window() {
                w.scroll_to_with_x_and_y(0.0, 0.0);
            }
        });
    }
    let r = (*route).clone();
    let body = match &r.page {
        Page::Home => html! { <Home /> },
        Page::Lab(id) => labs::lab_page(id, AttrValue::from(r.fragment.clone()), r.embed, r.nav)
            .unwrap_or_else(|| match labs::find(id) {
                Some(lab) => html! { <ComingSoon {lab} /> },
                None => html! { <NotFound path={id.to_string()} /> },
            }),
        Page::NotFound(path) => html! { <NotFound path={path.clone()} /> },
    };
    let current = match &r.page {
        Page::Lab(id) => *id,
        Page::Home => "home",
        Page::NotFound(_) => "",
    };
    let on_lab = matches!(r.page, Page::Lab(_));
    html! {
        <div class={classes!("app", r.embed.then_some("embed"))}>
            if on_lab {
                // The first Tab stop of a lab: Run is then one Enter away.
                <button type="button" class="skip-link" data-testid="skip-to-run"
                    onclick={Callback::from(|_: MouseEvent| focus_selector("#run"))}>
                    {"Skip to Run"}
                </button>
            }
            if !r.embed {
                <a class="skip-link" href="#main" onclick={Callback::from(|e: MouseEvent| {
                    // The fragment is the router's: move focus without navigating.
                    e.prevent_default();
                    if let Some(m) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("main")) {
                        if let Ok(h) = m.dyn_into::<web_sys::HtmlElement>() { let _ = h.focus(); }
                    }
                })}>{"Skip to content"}</a>
                <header class="topbar">
                    <a class="brand" href="#/" data-testid="nav-home" aria-current={(current == "home").then_some("page")}>
                        <img src="favicon.svg" alt="" width="28" height="28" />
                        <span>{"Agora"}</span>
                    </a>
                    <nav aria-label="Labs">
                        <ul>
                            { for LABS.iter().map(|l| html! {
                                <li>
                                    <a href={format!("#/{}", l.id)} data-testid={format!("nav-{}", l.id)}
                                        class={classes!((current == l.id).then_some("active"))}
                                        aria-current={(current == l.id).then_some("page")}>
                                        { l.nav }
                                        if !l.live { <span class="soon-dot" title="coming soon" aria-label="(coming soon)"></span> }
                                    </a>
                                </li>
                            }) }
                        </ul>
                    </nav>
                </header>
            }
            <main id="main" tabindex="-1">{ body }</main>
            if !r.embed {
                <footer class="footer">
                    <p>{"Agora runs every simulation in your browser: nothing you do here is sent anywhere. Every experiment is a link that reproduces it, bit for bit."}</p>
                    <p class="version" data-testid="app-version">
                        { format!("Agora {} · links in format {} · after one visit it works offline too",
                            env!("CARGO_PKG_VERSION"), agora_engine::experiment::FORMAT) }
                    </p>
                </footer>
            }
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct NotFoundProps {
    path: String,
}

#[function_component(NotFound)]
fn not_found(p: &NotFoundProps) -> Html {
    html! {
        <div class="lab" data-testid="page-not-found">
            <div class="panel prose">
                <h1>{"Page not found"}</h1>
                <p>{ format!("There is no page called {}.", agora_engine::link::quoted(&p.path)) }</p>
                <p><a href="#/">{"Go to the home page"}</a>{" or open the "}<a href="#/bandits">{"bandit lab"}</a>{"."}</p>
            </div>
        </div>
    }
}

/// The iframe snippet that embeds a lab, for a page at `base`.
pub fn embed_snippet(base: &str) -> String {
    agora_engine::link::iframe(
        &format!("{base}#/bandits?embed=1&preset=bandits-hard-k5&hide=json"),
        "Agora: Multi-armed bandits",
        "100%",
        "1100",
    )
}

/// A lab card's guided stories, as links to their first step.
fn home_stories(lab: &str) -> Html {
    let stories = agora_engine::stories::of_lab(lab);
    if stories.is_empty() {
        return html! {};
    }
    html! {
        <div class="card-stories">
            <p class="card-stories-label">{"Guided stories"}</p>
            <ul>
                { for stories.iter().map(|s| html! {
                    <li>
                        <a href={format!("#/{lab}?story={}&step=1", s.name)} title={s.summary.clone()}
                            data-testid={format!("home-story-{}", s.name)}>{ &s.title }</a>
                    </li>
                }) }
            </ul>
        </div>
    }
}

#[function_component(Home)]
fn home() -> Html {
    let base = crate::widgets::share::page_base();
    let base = if base.is_empty() {
        "https://your-agora-site/".to_string()
    } else {
        base
    };
    html! {
        <div class="home" data-testid="page-home">
            <section class="hero">
                <h1>{"Agora"}</h1>
                <p class="lead">
                    {"Labs in which learning agents explore, compete and plan, running entirely in your browser. \
                      Change the settings, run hundreds of repetitions in seconds, and share any experiment as a link \
                      that reproduces it exactly."}
                </p>
            </section>
            <section class="cards" aria-label="Labs">
                { for LABS.iter().map(|l| html! {
                    <article class={classes!("lab-card", (!l.live).then_some("soon"))} data-testid={format!("card-{}", l.id)}>
                        <p class={classes!("badge", if l.live { "live" } else { "soon" })}>
                            { if l.live { "Ready" } else { "Coming soon" } }
                        </p>
                        <h2>{ l.title }</h2>
                        <p class="question">{ l.question }</p>
                        <p>{ l.description }</p>
                        <a class={classes!("btn", l.live.then_some("primary"))} href={format!("#/{}", l.id)}>
                            { if l.live { "Open the lab" } else { "What it will do" } }
                        </a>
                        { home_stories(l.id) }
                    </article>
                }) }
            </section>
            <section class="panel prose embed-help" data-testid="embed-help">
                <h2>{"Put a lab on your course page"}</h2>
                <p>
                    {"Any lab, and any step of a guided story, can be embedded in an iframe: add "}<code>{"embed=1"}</code>
                    {" to its address and the page shows only the lab, without this site's header and footer. \
                      Start from a preset with "}<code>{"preset=<name>"}</code>
                    {", or take a share link from the lab (it holds your exact settings) and add "}
                    <code>{"&embed=1"}</code>{" to it. Every lab's "}<strong>{"Embed in a course page…"}</strong>
                    {" button, under its share link, writes the snippet for you: choose the size, which controls \
                      students see and which are read-only ("}<code>{"hide="}</code>{", "}<code>{"lock="}</code>
                    {"), and the course pages allowed to drive the lab and receive its results ("}
                    <code>{"origins="}</code>{")."}
                </p>
                <pre class="snippet"><code>{ embed_snippet(&base) }</code></pre>
                <p class="hint">{"Presets: "}
                    { for crate::labs::page::presets_of("bandits").iter().enumerate().map(|(i, p)| html! {
                        <>{ if i > 0 { ", " } else { "" } }<code title={p.title}>{ p.name }</code></>
                    }) }
                </p>
            </section>
        </div>
    }
}

/// The text of a panic's payload.
fn panic_text(info: &std::panic::PanicHookInfo<'_>) -> String {
    if let Some(s) = info.payload().downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = info.payload().downcast_ref::<String>() {
        s.clone()
    } else {
        "an internal error".to_string()
    }
}

/// On a panic: log it, and show a banner that says what happened and what to do, instead of a
/// page that silently stops responding. The banner is built with plain DOM calls because the
/// app itself can no longer run. Installed through Yew, which otherwise replaces any panic hook
/// with its own when the app is rendered.
pub fn install_panic_hook() {
    yew::set_custom_panic_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_fatal_banner(&panic_text(info));
    }));
}

fn show_fatal_banner(message: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let Some(doc) = window.document() else {
        return;
    };
    let Some(body) = doc.body() else {
        return;
    };
    if doc.query_selector(".fatal-banner").ok().flatten().is_some() {
        return;
    }
    let Ok(banner) = doc.create_element("div") else {
        return;
    };
    banner.set_class_name("fatal-banner");
    let _ = banner.set_attribute("role", "alert");
    let _ = banner.set_attribute("data-testid", "error-banner");
    let message = message.trim_end_matches('.');
    banner.set_text_content(Some(&format!(
        "Something went wrong: {message}. Reload the page; your last experiment is kept. "
    )));
    if let Ok(a) = doc.create_element("a") {
        let href = window.location().href().unwrap_or_default();
        let _ = a.set_attribute("href", &href);
        a.set_text_content(Some("Reload"));
        let _ = a.add_event_listener_with_callback("click", &reload_fn());
        let _ = banner.append_child(&a);
    }
    let _ = body.prepend_with_node_1(&banner);
}

/// `location.reload()` as a JS function (a link to the same URL with a fragment would not
/// reload the page).
fn reload_fn() -> js_sys::Function {
    let f = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(|e: web_sys::Event| {
        e.prevent_default();
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    });
    let func: js_sys::Function = f.as_ref().unchecked_ref::<js_sys::Function>().clone();
    f.forget();
    func
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes() {
        assert_eq!(parse_route("", 0).page, Page::Home);
        assert_eq!(parse_route("#/", 0).page, Page::Home);
        assert_eq!(parse_route("#/bandits", 0).page, Page::Lab("bandits"));
        let r = parse_route("#/bandits?v=1&x=abc&embed=1", 3);
        assert_eq!(r.page, Page::Lab("bandits"));
        assert!(r.embed);
        assert_eq!(r.nav, 3);
        assert_eq!(r.fragment, "#/bandits?v=1&x=abc&embed=1");
        assert!(!parse_route("#/bandits?embed=0", 0).embed);
        assert_eq!(parse_route("#/games/", 0).page, Page::Lab("games"));
        assert_eq!(parse_route("#/tax", 0).page, Page::Lab("tax"));
        assert_eq!(parse_route("#/metarl", 0).page, Page::Lab("metarl"));
        assert_eq!(parse_route("#/nope", 0).page, Page::NotFound("nope".into()));
        assert_eq!(parse_route("/bandits", 0).fragment, "#/bandits");
    }

    #[test]
    fn embed_snippet_points_at_an_embedded_lab() {
        let s = embed_snippet("https://example.org/course/");
        assert!(
            s.starts_with("<iframe src=\"https://example.org/course/#/bandits?embed=1&amp;preset=")
        );
        let preset = s
            .split("preset=")
            .nth(1)
            .unwrap()
            .split(['"', '&'])
            .next()
            .unwrap();
        assert!(agora_engine::presets::find(preset).is_some(), "{preset}");
        // Pasted into a page, the ampersands are HTML's.
        assert!(s.contains("&amp;hide=json\""), "{s}");
    }
}
