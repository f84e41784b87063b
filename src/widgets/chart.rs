//! The chart widget: draws a [`DrawFn`] on a canvas as wide as its container, sharp on HiDPI
//! screens, with PNG downloads (as on screen, or drawn again at 2x and 3x the chart's CSS size
//! for print) and SVG.
//!
//! The canvas' backing store is its CSS size times `devicePixelRatio` and the chart is drawn
//! at that size with every style constant scaled by the same ratio (see
//! [`crate::charts::Theme`]), so text and lines are drawn at the screen's resolution. The
//! chart is redrawn when `version` changes, when a different `draw` closure is passed, and when
//! the container or the window is resized (a `ResizeObserver` also catches a chart that was
//! hidden in a closed tab and becomes visible). Drawing errors are shown in the chart box.
//!
//! Under the canvas a closed "Data table" disclosure holds the chart's data
//! ([`crate::charts::Figure::table`]): the `<table>` is only put on the page while it is open,
//! long tables show at most [`MAX_SHOWN_ROWS`] evenly spaced rows, and "Copy table" copies
//! every row as tab-separated text (pastes into a spreadsheet). The canvas is an image named
//! by the table's caption.
//!
//! The chart follows the system's colour scheme (`prefers-color-scheme`): it is drawn dark
//! through [`Themed`] when the scheme is dark, and redrawn when the scheme changes. Downloads
//! are always drawn light (for print and slides), the "PNG" one too.

use crate::charts::table::MAX_SHOWN_ROWS;
use crate::charts::{render_svg, Canvas, Cell, DataTable, DrawFn, Themed};
use crate::download::{save_data_url, save_text};
use gloo::events::EventListener;
use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{HtmlCanvasElement, HtmlElement, ResizeObserver};
use yew::prelude::*;

/// Properties of [`Chart`].
#[derive(Properties, Clone)]
pub struct ChartProps {
    /// What to draw.
    pub draw: DrawFn,
    /// `data-testid` of the wrapper; the canvas gets `{testid}-canvas`, the buttons
    /// `{testid}-png` and `{testid}-svg`, the data table's disclosure `{testid}-data`, the
    /// table `{testid}-table` and its copy button `{testid}-copy-table`.
    pub testid: AttrValue,
    /// Download file name without extension.
    pub filename: AttrValue,
    /// Height in CSS pixels (the width follows the container).
    pub height: u32,
    /// Bump to redraw.
    #[prop_or_default]
    pub version: u64,
    /// Hide the download buttons (small live charts).
    #[prop_or_default]
    pub no_downloads: bool,
}

impl PartialEq for ChartProps {
    fn eq(&self, o: &Self) -> bool {
        Rc::ptr_eq(&self.draw, &o.draw)
            && self.testid == o.testid
            && self.filename == o.filename
            && self.height == o.height
            && self.version == o.version
            && self.no_downloads == o.no_downloads
    }
}

pub enum Msg {
    /// The container or the window changed size.
    Resized,
    /// Draw what changed (scheduled after a render, in a task of its own).
    Redraw,
    /// A PNG, drawn light: at the screen's resolution (`None`), or at this many pixels per
    /// CSS pixel.
    Png(Option<u32>),
    Svg,
    /// The data table's disclosure was opened (true) or closed.
    TableToggled(bool),
    /// Copy the whole data table to the clipboard.
    CopyTable,
    /// How copying went: the number of rows copied, or why it failed.
    Copied(Result<usize, String>),
}

/// What the canvas currently shows (to skip redundant redraws).
#[derive(Clone, PartialEq)]
struct Drawn {
    version: u64,
    draw: *const (),
    css_w: u32,
    height: u32,
    dpr: f64,
    dark: bool,
}

pub struct Chart {
    canvas: NodeRef,
    wrapper: NodeRef,
    drawn: Option<Drawn>,
    error: Option<String>,
    export_error: Option<String>,
    /// The chart's data (rebuilt when the chart changes).
    table: Rc<DataTable>,
    /// The data table's disclosure is open (its `<table>` is on the page).
    table_open: bool,
    /// What the last "Copy table" did.
    copy_status: Option<Result<usize, String>>,
    _window_resize: Option<EventListener>,
    observer: Option<(ResizeObserver, Closure<dyn FnMut()>)>,
    /// The scheduled [`Msg::Redraw`], if one is.
    pending: Option<gloo::timers::callback::Timeout>,
    /// Redraws when the system's colour scheme changes.
    _scheme_change: Option<EventListener>,
}

impl Component for Chart {
    type Message = Msg;
    type Properties = ChartProps;

    fn create(ctx: &Context<Self>) -> Self {
        let link = ctx.link().clone();
        let window_resize = web_sys::window()
            .map(|w| EventListener::new(&w, "resize", move |_| link.send_message(Msg::Resized)));
        let link = ctx.link().clone();
        let scheme_change = dark_query()
            .map(|q| EventListener::new(&q, "change", move |_| link.send_message(Msg::Resized)));
        Chart {
            canvas: NodeRef::default(),
            wrapper: NodeRef::default(),
            drawn: None,
            error: None,
            export_error: None,
            table: Rc::new(ctx.props().draw.table()),
            table_open: false,
            copy_status: None,
            _window_resize: window_resize,
            observer: None,
            pending: None,
            _scheme_change: scheme_change,
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Resized => self.redraw(ctx),
            Msg::Redraw => {
                self.pending = None;
                self.redraw(ctx)
            }
            Msg::Png(scale) => {
                let p = ctx.props();
                // Drawn again, light: at the screen's resolution, or k times the CSS size.
                let canvas =
                    self.draw_offscreen(ctx, scale.map_or_else(device_pixel_ratio, f64::from));
                let name = match scale {
                    None => format!("{}.png", p.filename),
                    Some(k) => format!("{}@{k}x.png", p.filename),
                };
                let r = canvas
                    .and_then(|c| {
                        c.to_data_url()
                            .map_err(|_| "the browser refused to export the image".to_string())
                    })
                    .and_then(|url| save_data_url(&name, &url));
                self.set_export_error(r.err())
            }
            Msg::Svg => {
                let p = ctx.props();
                let w = self.css_width().max(300);
                let r = render_svg(&p.draw, w, p.height).and_then(|svg| {
                    save_text(&format!("{}.svg", p.filename), "image/svg+xml", &svg)
                });
                self.set_export_error(r.err())
            }
            Msg::TableToggled(open) => {
                let changed = open != self.table_open;
                self.table_open = open;
                changed
            }
            Msg::CopyTable => {
                let rows = self.table.rows.len();
                let done = ctx.link().callback(Msg::Copied);
                copy_to_clipboard(self.table.tsv(), move |r| done.emit(r.map(|_| rows)));
                false
            }
            Msg::Copied(r) => {
                self.copy_status = Some(r);
                true
            }
        }
    }

    fn changed(&mut self, ctx: &Context<Self>, old: &ChartProps) -> bool {
        let p = ctx.props();
        if !Rc::ptr_eq(&p.draw, &old.draw) || p.version != old.version {
            self.table = Rc::new(p.draw.table());
            self.copy_status = None;
        }
        true
    }

    fn view(&self, ctx: &Context<Self>) -> Html {
        let p = ctx.props();
        let canvas_style = format!(
            "display:block;width:100%;height:{}px;{}",
            p.height,
            if self.error.is_some() {
                "visibility:hidden"
            } else {
                ""
            }
        );
        let error = self.error.as_ref().map(|e| {
            html! {
                <div class="chart-error" role="status"
                     style="position:absolute;left:0;right:0;top:0;padding:1rem;color:var(--error-ink, #8a1c1c);font-size:0.9rem">
                    { e.clone() }
                </div>
            }
        });
        let tools = if p.no_downloads {
            html! {}
        } else {
            let png = |scale: Option<u32>| ctx.link().callback(move |_| Msg::Png(scale));
            let svg = ctx.link().callback(|_| Msg::Svg);
            html! {
                <div class="chart-tools"
                     style="display:flex;justify-content:flex-end;align-items:center;gap:0.4rem;font-size:0.78rem;color:var(--muted, #5f6770);margin-top:2px">
                    if let Some(e) = &self.export_error {
                        <span class="chart-export-error" role="status" style="color:var(--error-ink, #8a1c1c);margin-right:auto">{ e.clone() }</span>
                    }
                    <span>{ "Download" }</span>
                    <button type="button" class="chart-download" data-testid={format!("{}-png", p.testid)}
                            title="Download this chart as a PNG image at the screen's resolution (drawn light, for print and slides)" style={BUTTON} onclick={png(None)}>{ "PNG" }</button>
                    <button type="button" class="chart-download" data-testid={format!("{}-png2", p.testid)}
                            title="PNG at twice the chart's size, drawn light, for slides and print" style={BUTTON} onclick={png(Some(2))}>{ "2×" }</button>
                    <button type="button" class="chart-download" data-testid={format!("{}-png3", p.testid)}
                            title="PNG at three times the chart's size, drawn light, for print" style={BUTTON} onclick={png(Some(3))}>{ "3×" }</button>
                    <button type="button" class="chart-download" data-testid={format!("{}-svg", p.testid)}
                            title="Download this chart as an SVG vector image (drawn light)" style={BUTTON} onclick={svg}>{ "SVG" }</button>
                </div>
            }
        };
        html! {
            <div class="chart" data-testid={p.testid.clone()} ref={self.wrapper.clone()}
                 style="position:relative;width:100%;min-width:0">
                <canvas data-testid={format!("{}-canvas", p.testid)} ref={self.canvas.clone()}
                        role="img" aria-label={self.aria_label(ctx)} style={canvas_style}></canvas>
                { for error }
                { tools }
                { self.view_table(ctx) }
            </div>
        }
    }

    fn rendered(&mut self, ctx: &Context<Self>, first_render: bool) {
        if first_render {
            self.observe(ctx);
        }
        // Each chart draws in a task of its own, after the page's update: a results update
        // that redraws a dozen charts then never blocks the page for the sum of them (the
        // browser can paint and handle input between two charts).
        if self.pending.is_none() {
            let link = ctx.link().clone();
            self.pending = Some(gloo::timers::callback::Timeout::new(0, move || {
                link.send_message(Msg::Redraw)
            }));
        }
    }

    fn destroy(&mut self, _ctx: &Context<Self>) {
        if let Some((obs, _)) = self.observer.take() {
            obs.disconnect();
        }
    }
}

/// The screen's pixels per CSS pixel (1 when unknown), within [0.5, 4].
fn device_pixel_ratio() -> f64 {
    web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .filter(|d| d.is_finite() && *d > 0.0)
        .unwrap_or(1.0)
        .clamp(0.5, 4.0)
}

/// The `MediaQueryList` of `(prefers-color-scheme: dark)`, as an event target (its "change"
/// event says when the system's scheme changes).
fn dark_query() -> Option<web_sys::EventTarget> {
    let w = web_sys::window()?;
    let f: js_sys::Function = js_sys::Reflect::get(&w, &"matchMedia".into())
        .ok()?
        .dyn_into()
        .ok()?;
    let q = f.call1(&w, &"(prefers-color-scheme: dark)".into()).ok()?;
    q.dyn_into().ok()
}

/// True if the system asks for a dark colour scheme.
fn prefers_dark() -> bool {
    dark_query()
        .and_then(|q| js_sys::Reflect::get(&q, &"matches".into()).ok())
        .and_then(|m| m.as_bool())
        .unwrap_or(false)
}

/// Write `text` to the clipboard and report how it went (the clipboard API needs a secure
/// page and the user's gesture; there is no text field to fall back on here, so a failure
/// is reported as such).
fn copy_to_clipboard(text: String, done: impl FnOnce(Result<(), String>) + 'static) {
    let clipboard = web_sys::window().and_then(|w| {
        let c = js_sys::Reflect::get(&w.navigator(), &"clipboard".into()).ok()?;
        (!c.is_undefined() && !c.is_null()).then(|| c.unchecked_into::<web_sys::Clipboard>())
    });
    let Some(c) = clipboard else {
        done(Err(
            "This browser does not let the page use the clipboard here: download the CSV instead."
                .into(),
        ));
        return;
    };
    let promise = c.write_text(&text);
    wasm_bindgen_futures::spawn_local(async move {
        let r = wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .map(|_| ())
            .map_err(|_| "The browser refused to copy: download the CSV instead.".to_string());
        done(r);
    });
}

const BUTTON: &str = "font:inherit;font-size:0.75rem;padding:1px 7px;\
    border:1px solid var(--field-border, #c9ced4);border-radius:4px;background:var(--panel, #fff);\
    color:var(--ink, #1f2328);cursor:pointer";

impl Chart {
    /// The canvas' accessible name: the chart's title and what it shows (its table's
    /// caption), or the download name when the table has none.
    fn aria_label(&self, ctx: &Context<Self>) -> AttrValue {
        if self.table.caption.is_empty() {
            ctx.props().filename.clone()
        } else {
            format!("Chart: {}", self.table.caption).into()
        }
    }

    /// The "Data table" disclosure; its table only while it is open.
    fn view_table(&self, ctx: &Context<Self>) -> Html {
        let p = ctx.props();
        let ontoggle = ctx.link().callback(|e: Event| {
            let open = e
                .target_dyn_into::<web_sys::HtmlDetailsElement>()
                .is_some_and(|d| d.open());
            Msg::TableToggled(open)
        });
        let t = &self.table;
        let body = if !self.table_open {
            html! {}
        } else if t.columns.is_empty() || t.rows.is_empty() {
            html! { <p class="hint">{ "No data yet." }</p> }
        } else {
            let shown = t.shown_rows(MAX_SHOWN_ROWS);
            let note = (shown.len() < t.rows.len()).then(|| {
                format!(
                    "Showing {} of {} rows, evenly spaced (the first and the last included). \
                     “Copy table” copies all of them; the lab's CSV export has the full results.",
                    crate::charts::group_thousands(shown.len() as i64),
                    crate::charts::group_thousands(t.rows.len() as i64)
                )
            });
            let status = match &self.copy_status {
                Some(Ok(n)) => format!(
                    "Copied {} row{} as tab-separated text: paste into a spreadsheet.",
                    crate::charts::group_thousands(*n as i64),
                    if *n == 1 { "" } else { "s" }
                ),
                Some(Err(e)) => e.clone(),
                None => String::new(),
            };
            let copy = ctx.link().callback(|_| Msg::CopyTable);
            let cell = |c: &Cell| {
                let class = if matches!(c, Cell::Num(_)) { "num" } else { "" };
                (class, c.display())
            };
            html! {
                <>
                <div class="chart-data-tools">
                    <button type="button" class="btn small" data-testid={format!("{}-copy-table", p.testid)}
                            onclick={copy}>{ "Copy table" }</button>
                    <span class="hint" role="status" data-testid={format!("{}-copy-status", p.testid)}>{ status }</span>
                </div>
                if let Some(note) = note {
                    <p class="hint" data-testid={format!("{}-table-note", p.testid)}>{ note }</p>
                }
                <div class="table-wrap chart-data-scroll" tabindex="0" role="region"
                     aria-label={format!("Data of the chart: {}", t.caption)}>
                    <table class="results-table chart-data-table" data-testid={format!("{}-table", p.testid)}>
                        <caption>{ t.caption.clone() }</caption>
                        <thead><tr>
                            { for t.columns.iter().enumerate().map(|(j, c)| {
                                // Number columns are right-aligned, their headers too.
                                let num = t.rows.first().is_some_and(|r| matches!(r.get(j), Some(Cell::Num(_))));
                                html! { <th scope="col" class={num.then_some("num")}>{ c.clone() }</th> }
                            }) }
                        </tr></thead>
                        <tbody>
                            { for shown.iter().map(|&i| {
                                let row = &t.rows[i];
                                html! {
                                    <tr>
                                        { for row.iter().enumerate().map(|(j, c)| {
                                            let (class, text) = cell(c);
                                            if j == 0 {
                                                html! { <th scope="row" class={class}>{ text }</th> }
                                            } else {
                                                html! { <td class={class}>{ text }</td> }
                                            }
                                        }) }
                                    </tr>
                                }
                            }) }
                        </tbody>
                    </table>
                </div>
                </>
            }
        };
        html! {
            <details class="chart-data" data-testid={format!("{}-data", p.testid)} {ontoggle}>
                <summary>{ "Data table" }</summary>
                { body }
            </details>
        }
    }

    /// The chart drawn again, light, on a canvas of its own, `k` pixels per CSS pixel.
    fn draw_offscreen(&self, ctx: &Context<Self>, k: f64) -> Result<HtmlCanvasElement, String> {
        let p = ctx.props();
        let css_w = self.css_width().max(300);
        let canvas: HtmlCanvasElement = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.create_element("canvas").ok())
            .and_then(|e| e.dyn_into().ok())
            .ok_or_else(|| "this browser cannot make a canvas".to_string())?;
        let k = if k.is_finite() {
            k.clamp(0.5, 4.0)
        } else {
            1.0
        };
        canvas.set_width((css_w as f64 * k).round().max(1.0) as u32);
        canvas.set_height((p.height as f64 * k).round().max(1.0) as u32);
        let backend = CanvasBackend::with_canvas_object(canvas.clone())
            .ok_or_else(|| "this browser cannot draw on a canvas".to_string())?;
        let mut c = Canvas::Html {
            area: Themed::new(backend, false)
                .with_canvas(context_2d(&canvas))
                .into_drawing_area(),
            scale: k,
        };
        p.draw.draw(&mut c)?;
        Ok(canvas)
    }

    fn css_width(&self) -> u32 {
        self.canvas
            .cast::<HtmlElement>()
            .map(|c| c.client_width().max(0) as u32)
            .unwrap_or(0)
    }

    fn set_export_error(&mut self, e: Option<String>) -> bool {
        let changed = self.export_error != e;
        self.export_error = e;
        changed
    }

    /// Watch the wrapper's size (also reports when a hidden chart becomes visible).
    fn observe(&mut self, ctx: &Context<Self>) {
        let Some(el) = self.wrapper.cast::<web_sys::Element>() else {
            return;
        };
        let link = ctx.link().clone();
        let cb = Closure::<dyn FnMut()>::new(move || link.send_message(Msg::Resized));
        if let Ok(obs) = ResizeObserver::new(cb.as_ref().unchecked_ref()) {
            obs.observe(&el);
            self.observer = Some((obs, cb));
        }
    }

    /// Redraw if anything that shows changed. Returns true if the error message changed (the
    /// view must be rendered again to show it).
    fn redraw(&mut self, ctx: &Context<Self>) -> bool {
        let p = ctx.props();
        let Some(canvas) = self.canvas.cast::<HtmlCanvasElement>() else {
            return false;
        };
        let css_w = self.css_width();
        if css_w == 0 || p.height == 0 {
            // Hidden (a closed tab): the ResizeObserver calls again when it shows.
            return false;
        }
        let dpr = device_pixel_ratio();
        let dark = prefers_dark();
        let key = Drawn {
            dark,
            version: p.version,
            draw: Rc::as_ptr(&p.draw) as *const (),
            css_w,
            height: p.height,
            dpr,
        };
        if self.drawn.as_ref() == Some(&key) {
            return false;
        }
        let bw = (css_w as f64 * dpr).round().max(1.0) as u32;
        let bh = (p.height as f64 * dpr).round().max(1.0) as u32;
        // Resize only when the size changed: a canvas's size is part of the page's layout, and
        // setting it (even to the same value) makes the next chart's width reading lay the page
        // out again. The chart paints its whole background, so the old drawing never shows.
        if canvas.width() != bw {
            canvas.set_width(bw);
        }
        if canvas.height() != bh {
            canvas.set_height(bh);
        }
        let context = context_2d(&canvas);
        let result = match CanvasBackend::with_canvas_object(canvas) {
            Some(backend) => {
                let mut c = Canvas::Html {
                    area: Themed::new(backend, dark)
                        .with_canvas(context)
                        .into_drawing_area(),
                    scale: bw as f64 / css_w as f64,
                };
                p.draw.draw(&mut c)
            }
            None => Err("this browser cannot draw on a canvas".into()),
        };
        self.drawn = Some(key);
        let error = result.err();
        let changed = error != self.error;
        self.error = error;
        changed
    }
}

/// The canvas's 2D context (the one plotters' canvas backend draws with).
fn context_2d(canvas: &HtmlCanvasElement) -> Option<web_sys::CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten()?.dyn_into().ok()
}
