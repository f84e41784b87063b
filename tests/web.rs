//! Browser tests of the web crate, run in headless Chromium by wasm-bindgen-test:
//!
//! ```text
//! scripts/wasm-test.sh
//! ```
//!
//! (which writes `target/native-digests.json` with the native CLI, then runs
//! `cargo test -p agora-web --target wasm32-unknown-unknown --test web` with
//! `AGORA_NATIVE_DIGESTS` holding that file's content.)
//!
//! - The engine compiled to WebAssembly must give bit-identical results to the native build:
//!   the digests of the same experiments, computed natively by the CLI, are compared with the
//!   digests computed here, run to the end and in one-repetition chunks as the app's worker does.
//! - Share links made natively open in wasm, and links made in wasm round-trip.
//! - Damaged links are errors with a message, never a panic.
//! - The chart widget draws into a real canvas (pixels are read back and counted), every
//!   bandit chart draws on a canvas and as SVG, and charts of empty or partial results draw
//!   (or say why not) instead of panicking.
#![cfg(target_arch = "wasm32")]

use agora_engine::bandits::{BanditExperiment, BanditResults, BanditRunner};
use agora_engine::experiment::{Experiment, Runner};
use agora_engine::link::{self, LinkError};
use agora_engine::presets;
use agora_web::charts::bandits::{self as charts, RegretOpts};
use agora_web::charts::{render_svg, Canvas, DrawFn};
use agora_web::widgets::chart::{Chart, ChartProps};
use plotters::prelude::IntoDrawingArea;
use plotters_canvas::CanvasBackend;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// The native digests: `AGORA_NATIVE_DIGESTS` holds the content of `target/native-digests.json`
/// at compile time.
fn native_digests() -> serde_json::Value {
    let Some(text) = option_env!("AGORA_NATIVE_DIGESTS") else {
        panic!(
            "AGORA_NATIVE_DIGESTS is not set: run scripts/wasm-test.sh, which computes the \
             native digests and passes them to this test"
        );
    };
    serde_json::from_str(text).expect("AGORA_NATIVE_DIGESTS is the JSON of native-digests.json")
}

struct NativeCase {
    name: String,
    experiment: Experiment,
    digest: String,
    link: String,
}

fn native_cases() -> Vec<NativeCase> {
    let v = native_digests();
    let list = v["presets"].as_array().expect("a presets list");
    list.iter()
        .map(|e| {
            let name = e["name"].as_str().expect("name").to_string();
            let json = serde_json::to_string(&e["experiment"]).unwrap();
            let experiment = Experiment::from_json(&json)
                .unwrap_or_else(|err| panic!("{name}: the native experiment does not load: {err}"));
            NativeCase {
                name,
                experiment,
                digest: e["digest"].as_str().expect("digest").to_string(),
                link: e["link"].as_str().expect("link").to_string(),
            }
        })
        .collect()
}

#[wasm_bindgen_test]
fn the_native_file_covers_the_agreed_presets() {
    let cases = native_cases();
    for name in [
        "bandits-classic",
        "bandits-gaussian",
        "bandits-linear",
        "bandits-adversarial",
        "games-axelrod-noisy",
        "games-trust-noise",
        "games-moran",
        "games-rps-hedge",
        "games-bos-regret-matching",
        "games-match",
        "metarl-ablation",
        "metarl-sweep",
        "metarl-rl2",
        "metarl-gridworld",
    ] {
        assert!(
            cases.iter().any(|c| c.name == name),
            "{name} is missing from the native digests"
        );
    }
    for c in &cases {
        assert!(agora_engine::digest::is_digest(&c.digest), "{}", c.name);
    }
}

#[wasm_bindgen_test]
fn wasm_runs_give_the_native_digests() {
    for c in native_cases() {
        let outcome = c
            .experiment
            .run()
            .unwrap_or_else(|e| panic!("{}: {e}", c.name));
        assert_eq!(
            outcome.digest, c.digest,
            "{}: wasm and native results differ",
            c.name
        );
    }
}

#[wasm_bindgen_test]
fn chunked_runs_in_wasm_give_the_native_digests() {
    // The worker advances the runner one unit at a time (a repetition, a match, a round);
    // results must not depend on it.
    for c in native_cases() {
        let mut runner = Runner::new(&c.experiment).unwrap_or_else(|e| panic!("{}: {e}", c.name));
        let mut partial_digests = Vec::new();
        while !runner.is_complete() {
            let advanced = runner.step(1);
            assert!(advanced > 0, "{}: step made no progress", c.name);
            partial_digests.push(runner.results().digest());
        }
        assert_eq!(
            partial_digests.last().map(String::as_str),
            Some(c.digest.as_str()),
            "{}",
            c.name
        );
        assert_eq!(partial_digests.len(), runner.total(), "{}", c.name);
        if let Experiment::Bandits(_) = &c.experiment {
            // Each repetition adds to the results: every prefix has its own digest.
            let mut unique = partial_digests.clone();
            unique.sort();
            unique.dedup();
            assert_eq!(unique.len(), partial_digests.len(), "{}", c.name);
        }
    }
}

#[wasm_bindgen_test]
fn native_links_open_in_wasm_with_their_digest() {
    for c in native_cases() {
        let decoded = link::decode(&c.link).unwrap_or_else(|e| panic!("{}: {e}", c.name));
        assert_eq!(decoded.experiment, c.experiment, "{}", c.name);
        assert_eq!(
            decoded.expected_digest.as_deref(),
            Some(c.digest.as_str()),
            "{}",
            c.name
        );
        // The link made here is the same string the CLI made (same JSON, same compressor).
        let base = &c.link[..c.link.find('#').expect("a fragment")];
        assert_eq!(
            link::encode_url(base, &c.experiment, Some(&c.digest)),
            c.link,
            "{}",
            c.name
        );
    }
}

#[wasm_bindgen_test]
fn every_preset_round_trips_through_a_link_in_wasm() {
    for p in presets::all() {
        let fragment = link::encode(&p.experiment, None);
        let decoded = link::decode(&fragment).unwrap_or_else(|e| panic!("{}: {e}", p.name));
        assert_eq!(decoded.experiment, p.experiment, "{}", p.name);
        assert_eq!(decoded.expected_digest, None);
        let json = p.experiment.to_json();
        assert_eq!(
            Experiment::from_json(&json).as_ref(),
            Ok(&p.experiment),
            "{}",
            p.name
        );
    }
}

#[wasm_bindgen_test]
fn damaged_links_are_errors_with_messages_in_wasm() {
    let good = link::encode(&presets::all()[0].experiment, None);
    let cut = &good[..good.len() - 12];
    let v99 = good.replace("v=1&", "v=99&");
    type IsExpected = fn(&LinkError) -> bool;
    let cases: Vec<(&str, IsExpected)> = vec![
        (cut, |e| matches!(e, LinkError::CutShort(_))),
        (&v99, |e| matches!(e, LinkError::Format(_))),
        ("#/bandits?v=1&x=%%%garbage", |e| {
            matches!(e, LinkError::Corrupted(_))
        }),
        ("#/bandits", |e| matches!(e, LinkError::Missing(_))),
        ("", |e| matches!(e, LinkError::Missing(_))),
    ];
    for (l, expected) in cases {
        let err = link::decode(l).expect_err(l);
        assert!(expected(&err), "{l}: {err:?}");
        assert!(!err.to_string().is_empty(), "{l}");
    }
}

// ---------------------------------------------------------------------------------------------
// Charts in the DOM
// ---------------------------------------------------------------------------------------------

/// A small experiment (classic preset, shorter) run to the end in wasm.
fn small_results() -> BanditResults {
    let Some(Experiment::Bandits(mut b)) = presets::find("bandits-classic").map(|p| p.experiment)
    else {
        panic!("bandits-classic is a bandit preset")
    };
    b.horizon = 300;
    b.repetitions = 4;
    BanditRunner::new(&b).unwrap().run_to_end()
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A visible container of the given CSS width, attached to the body.
fn container(width_px: u32) -> HtmlElement {
    let div: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    div.set_attribute("style", &format!("width:{width_px}px"))
        .unwrap();
    document().body().unwrap().append_child(&div).unwrap();
    div
}

/// Pixels of `canvas` that differ from its most common colour (the background) by more than a
/// small tolerance, and the number of distinct colours.
fn ink(canvas: &HtmlCanvasElement) -> (usize, usize) {
    let (w, h) = (canvas.width(), canvas.height());
    if w == 0 || h == 0 {
        return (0, 0);
    }
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .expect("a 2d context")
        .unchecked_into();
    let data = ctx
        .get_image_data(0.0, 0.0, w as f64, h as f64)
        .unwrap()
        .data()
        .0;
    let mut counts = std::collections::HashMap::<[u8; 4], usize>::new();
    for px in data.chunks_exact(4) {
        *counts.entry([px[0], px[1], px[2], px[3]]).or_default() += 1;
    }
    let bg = *counts.iter().max_by_key(|(_, n)| **n).unwrap().0;
    let inked = data
        .chunks_exact(4)
        .filter(|px| {
            px.iter()
                .zip(bg.iter())
                .map(|(a, b)| (*a as i32 - *b as i32).abs())
                .sum::<i32>()
                > 24
        })
        .count();
    (inked, counts.len())
}

/// Yields to the browser for `ms` milliseconds (lets Yew render and observers fire).
async fn yield_ms(ms: u32) {
    gloo::timers::future::TimeoutFuture::new(ms).await;
}

/// Draws `draw` on a fresh canvas of `w` x `h` pixels through the same path as the widget.
fn draw_on_canvas(draw: &DrawFn, w: u32, h: u32) -> (HtmlCanvasElement, Result<(), String>) {
    let canvas: HtmlCanvasElement = document()
        .create_element("canvas")
        .unwrap()
        .unchecked_into();
    canvas.set_width(w);
    canvas.set_height(h);
    let backend = CanvasBackend::with_canvas_object(canvas.clone()).expect("a canvas backend");
    let mut c = Canvas::Html {
        area: agora_web::charts::Themed::new(backend, false).into_drawing_area(),
        scale: 1.0,
    };
    let r = draw.draw(&mut c);
    (canvas, r)
}

fn all_charts(r: &Rc<BanditResults>, means: Option<Vec<f64>>) -> Vec<(&'static str, DrawFn)> {
    let opts = RegretOpts {
        log_x: false,
        realized: false,
        show_band: true,
        lai_robbins: true,
    };
    vec![
        ("regret", charts::regret(r.clone(), opts)),
        (
            "regret (log t, realized)",
            charts::regret(
                r.clone(),
                RegretOpts {
                    log_x: true,
                    realized: true,
                    ..opts
                },
            ),
        ),
        ("best arm", charts::best_arm(r.clone())),
        ("final regret", charts::final_regret(r.clone())),
        ("pulls", charts::pulls(r.clone(), means)),
    ]
}

#[wasm_bindgen_test]
async fn the_chart_widget_draws_the_regret_curves_into_its_canvas() {
    let results = Rc::new(small_results());
    let root = container(700);
    let props = ChartProps {
        draw: charts::regret(
            results,
            RegretOpts {
                log_x: false,
                realized: false,
                show_band: true,
                lai_robbins: true,
            },
        ),
        testid: "test-regret".into(),
        filename: "regret".into(),
        height: 380,
        version: 1,
        no_downloads: false,
    };
    let handle = yew::Renderer::<Chart>::with_root_and_props(root.clone().into(), props).render();

    // Rendering and drawing happen after the current task: poll for ink (bounded, not timed).
    let mut found = None;
    for _ in 0..100 {
        yield_ms(50).await;
        if let Some(el) = root
            .query_selector("[data-testid=test-regret-canvas]")
            .unwrap()
        {
            let canvas: HtmlCanvasElement = el.unchecked_into();
            let (inked, colours) = ink(&canvas);
            if inked > 500 {
                found = Some((canvas, inked, colours));
                break;
            }
        }
    }
    let (canvas, inked, colours) = found.expect("the regret chart drew something on its canvas");
    // The backing store is the CSS size times devicePixelRatio (sharp on HiDPI screens).
    let dpr = web_sys::window().unwrap().device_pixel_ratio();
    assert_eq!(canvas.height(), (380.0 * dpr).round() as u32);
    assert_eq!(canvas.width(), (700.0 * dpr).round() as u32);
    assert!(
        colours > 3,
        "axes, text and three policy colours: {colours}"
    );
    assert!(
        (inked as u32) < canvas.width() * canvas.height(),
        "not one solid colour"
    );
    for id in ["test-regret-png", "test-regret-svg"] {
        assert!(
            root.query_selector(&format!("[data-testid={id}]"))
                .unwrap()
                .is_some(),
            "{id} button"
        );
    }
    assert!(
        root.query_selector(".chart-error").unwrap().is_none(),
        "no drawing error shown"
    );
    handle.destroy();
    root.remove();
}

#[wasm_bindgen_test]
fn every_bandit_chart_draws_on_a_canvas_and_as_svg() {
    let results = Rc::new(small_results());
    let labels: Vec<String> = results.policies.iter().map(|p| p.label.clone()).collect();
    let means = Some((1..=9).map(|i| i as f64 / 10.0).collect());
    for (name, draw) in all_charts(&results, means) {
        let (canvas, r) = draw_on_canvas(&draw, 700, 380);
        assert_eq!(r, Ok(()), "{name}");
        let (inked, colours) = ink(&canvas);
        assert!(inked > 300, "{name}: only {inked} pixels drawn");
        assert!(colours > 2, "{name}: {colours} colours");

        let svg = render_svg(&draw, 700, 380).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(svg.contains("<svg") && svg.contains("</svg>"), "{name}");
        let parsed = web_sys::DomParser::new()
            .unwrap()
            .parse_from_string(&svg, web_sys::SupportedType::ImageSvgXml)
            .unwrap();
        assert!(
            parsed.get_elements_by_tag_name("parsererror").length() == 0,
            "{name}: the SVG is well-formed XML"
        );
        // Charts with one entry per policy name the policies (legend or axis).
        if name != "best arm" && name != "pulls" {
            for l in &labels {
                let escaped = l.replace('&', "&amp;").replace('<', "&lt;");
                assert!(svg.contains(&escaped), "{name}: {l} is named in the SVG");
            }
        }
    }
}

#[wasm_bindgen_test]
fn charts_of_empty_or_partial_results_do_not_panic() {
    let Some(Experiment::Bandits(b)) = presets::find("bandits-classic").map(|p| p.experiment)
    else {
        panic!("bandits-classic is a bandit preset")
    };
    let b = BanditExperiment {
        horizon: 50,
        repetitions: 3,
        ..b
    };
    let mut runner = BanditRunner::new(&b).unwrap();
    let empty = Rc::new(runner.results());
    assert_eq!(empty.repetitions, 0);
    runner.step(1);
    let one = Rc::new(runner.results());
    assert_eq!(one.repetitions, 1);
    for r in [empty, one] {
        for (name, draw) in all_charts(&r, None) {
            // Either a drawing or a message; both are fine, a panic is not.
            let (_, result) = draw_on_canvas(&draw, 300, 200);
            if let Err(e) = result {
                assert!(!e.is_empty(), "{name}: an error says why");
            }
            let _ = render_svg(&draw, 300, 200);
        }
    }
    // A zero-sized export is refused with a message.
    let draw = charts::best_arm(Rc::new(small_results()));
    assert!(render_svg(&draw, 0, 100).is_err());
}

/// Every chart of the games lab, from small runs of its presets.
fn games_charts() -> Vec<(&'static str, DrawFn)> {
    use agora_engine::games::{presets as gp, GamesResults, GamesRunner};
    use agora_web::charts::draw_fn;
    use agora_web::charts::games::{
        DynamicsPlot, DynamicsView, MatchScores, PayoffHeatmap, Population, ScoreBoxes, Simplex,
    };
    let run = |e| GamesRunner::new(&e).unwrap().run_to_end();
    let GamesResults::Tournament(t) = run(gp::bos_alternation()) else {
        panic!("tournament")
    };
    let GamesResults::Trust(trust) = run(gp::trust_no_noise()) else {
        panic!("trust")
    };
    let GamesResults::Dynamics(d) = run(gp::rps_hedge()) else {
        panic!("dynamics")
    };
    let GamesResults::Match(m) = run(gp::tft_vs_joss()) else {
        panic!("match")
    };
    let rps: Vec<String> = ["Rock", "Paper", "Scissors"].map(String::from).to_vec();
    let counts: Vec<Vec<f64>> = trust
        .counts
        .iter()
        .map(|r| r.iter().map(|&c| c as f64).collect())
        .collect();
    vec![
        ("heatmap", draw_fn(PayoffHeatmap::new(&t))),
        ("score boxes", draw_fn(ScoreBoxes::new(&t))),
        (
            "population",
            draw_fn(
                Population::new("Trust", "agents", trust.types.clone(), counts, "round")
                    .stacked(true),
            ),
        ),
        (
            "average play",
            draw_fn(DynamicsPlot::new(
                &d,
                rps.clone(),
                rps.clone(),
                DynamicsView::Average,
            )),
        ),
        (
            "simplex",
            draw_fn(Simplex::new(
                &d,
                ["Rock".into(), "Paper".into(), "Scissors".into()],
                0,
            )),
        ),
        (
            "match",
            draw_fn(
                MatchScores::new(&m, m.turns)
                    .with_game(&agora_engine::games::GameConfig::prisoners_dilemma()),
            ),
        ),
    ]
}

#[wasm_bindgen_test]
fn every_games_chart_draws_on_a_canvas_and_as_svg() {
    for (name, draw) in games_charts() {
        let (canvas, r) = draw_on_canvas(&draw, 700, 380);
        assert_eq!(r, Ok(()), "{name}");
        let (inked, colours) = ink(&canvas);
        assert!(inked > 300, "{name}: only {inked} pixels drawn");
        assert!(colours > 2, "{name}: {colours} colours");
        let svg = render_svg(&draw, 700, 380).unwrap_or_else(|e| panic!("{name}: {e}"));
        let parsed = web_sys::DomParser::new()
            .unwrap()
            .parse_from_string(&svg, web_sys::SupportedType::ImageSvgXml)
            .unwrap();
        assert!(
            parsed.get_elements_by_tag_name("parsererror").length() == 0,
            "{name}: the SVG is well-formed XML"
        );
        assert!(!svg.contains("NaN"), "{name}");
    }
}

/// The meta-RL lab's network (forward, backpropagation through time, Adam, clipping, Polyak
/// averaging) gives the same bits in wasm as natively: a fixed tiny training run's digest
/// equals the one pinned from the native build.
#[wasm_bindgen_test]
fn metarl_nn_self_check_matches_native() {
    use agora_engine::metarl::nn;
    assert_eq!(nn::self_check_digest(), nn::SELF_CHECK_DIGEST);
}
