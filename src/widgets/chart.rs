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

use crate::charts::{render_svg, Canvas, DrawFn};
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
    /// `{testid}-png` and `{testid}-svg`.
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
    /// Render again (a drawing error appeared or went away).
    Refresh,
    /// A PNG: as the screen shows it (`None`), or drawn at this many pixels per CSS pixel.
    Png(Option<u32>),
    Svg,
}

/// What the canvas currently shows (to skip redundant redraws).
#[derive(Clone, PartialEq)]
struct Drawn {
    version: u64,
    draw: *const (),
    css_w: u32,
    height: u32,
    dpr: f64,
}

pub struct Chart {
    canvas: NodeRef,
    wrapper: NodeRef,
    drawn: Option<Drawn>,
    error: Option<String>,
    export_error: Option<String>,
    _window_resize: Option<EventListener>,
    observer: Option<(ResizeObserver, Closure<dyn FnMut()>)>,
}

impl Component for Chart {
    type Message = Msg;
    type Properties = ChartProps;

    fn create(ctx: &Context<Self>) -> Self {
        let link = ctx.link().clone();
        let window_resize = web_sys::window()
            .map(|w| EventListener::new(&w, "resize", move |_| link.send_message(Msg::Resized)));
        Chart {
            canvas: NodeRef::default(),
            wrapper: NodeRef::default(),
            drawn: None,
            error: None,
            export_error: None,
            _window_resize: window_resize,
            observer: None,
        }
    }

    fn update(&mut self, ctx: &Context<Self>, msg: Msg) -> bool {
        match msg {
            Msg::Resized => self.redraw(ctx),
            Msg::Refresh => true,
            Msg::Png(scale) => {
                let p = ctx.props();
                let canvas = match scale {
                    None => self
                        .canvas
                        .cast::<HtmlCanvasElement>()
                        .ok_or_else(|| "the chart is not on the page".to_string()),
                    Some(k) => self.draw_offscreen(ctx, k),
                };
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
        }
    }

    fn changed(&mut self, _ctx: &Context<Self>, _old: &ChartProps) -> bool {
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
                     style="position:absolute;left:0;right:0;top:0;padding:1rem;color:#8a1c1c;font-size:0.9rem">
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
                     style="display:flex;justify-content:flex-end;align-items:center;gap:0.4rem;font-size:0.78rem;color:#5f6770;margin-top:2px">
                    if let Some(e) = &self.export_error {
                        <span class="chart-export-error" role="status" style="color:#8a1c1c;margin-right:auto">{ e.clone() }</span>
                    }
                    <span>{ "Download" }</span>
                    <button type="button" class="chart-download" data-testid={format!("{}-png", p.testid)}
                            title="Download this chart as a PNG image, as the screen shows it" style={BUTTON} onclick={png(None)}>{ "PNG" }</button>
                    <button type="button" class="chart-download" data-testid={format!("{}-png2", p.testid)}
                            title="PNG at twice the chart's size, for slides and print" style={BUTTON} onclick={png(Some(2))}>{ "2×" }</button>
                    <button type="button" class="chart-download" data-testid={format!("{}-png3", p.testid)}
                            title="PNG at three times the chart's size, for print" style={BUTTON} onclick={png(Some(3))}>{ "3×" }</button>
                    <button type="button" class="chart-download" data-testid={format!("{}-svg", p.testid)}
                            title="Download this chart as an SVG vector image" style={BUTTON} onclick={svg}>{ "SVG" }</button>
                </div>
            }
        };
        html! {
            <div class="chart" data-testid={p.testid.clone()} ref={self.wrapper.clone()}
                 style="position:relative;width:100%;min-width:0">
                <canvas data-testid={format!("{}-canvas", p.testid)} ref={self.canvas.clone()}
                        role="img" aria-label={p.filename.clone()} style={canvas_style}></canvas>
                { for error }
                { tools }
            </div>
        }
    }

    fn rendered(&mut self, ctx: &Context<Self>, first_render: bool) {
        if first_render {
            self.observe(ctx);
        }
        if self.redraw(ctx) {
            ctx.link().send_message(Msg::Refresh);
        }
    }

    fn destroy(&mut self, _ctx: &Context<Self>) {
        if let Some((obs, _)) = self.observer.take() {
            obs.disconnect();
        }
    }
}

const BUTTON: &str = "font:inherit;font-size:0.75rem;padding:1px 7px;border:1px solid #c9ced4;\
    border-radius:4px;background:#fff;color:#1f2328;cursor:pointer";

impl Chart {
    /// The chart drawn again on a canvas of its own, `k` pixels per CSS pixel.
    fn draw_offscreen(&self, ctx: &Context<Self>, k: u32) -> Result<HtmlCanvasElement, String> {
        let p = ctx.props();
        let css_w = self.css_width().max(300);
        let canvas: HtmlCanvasElement = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.create_element("canvas").ok())
            .and_then(|e| e.dyn_into().ok())
            .ok_or_else(|| "this browser cannot make a canvas".to_string())?;
        canvas.set_width(css_w * k);
        canvas.set_height(p.height * k);
        let backend = CanvasBackend::with_canvas_object(canvas.clone())
            .ok_or_else(|| "this browser cannot draw on a canvas".to_string())?;
        let mut c = Canvas::Html {
            area: backend.into_drawing_area(),
            scale: k as f64,
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
        let dpr = web_sys::window()
            .map(|w| w.device_pixel_ratio())
            .filter(|d| d.is_finite() && *d > 0.0)
            .unwrap_or(1.0)
            .clamp(0.5, 4.0);
        let key = Drawn {
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
        canvas.set_width(bw);
        canvas.set_height(bh);
        let result = match CanvasBackend::with_canvas_object(canvas) {
            Some(backend) => {
                let mut c = Canvas::Html {
                    area: backend.into_drawing_area(),
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
