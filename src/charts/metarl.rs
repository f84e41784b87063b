//! Charts of the meta-RL lab: learning curves (one line per agent, the mean of its seeds with
//! their spread shaded, baselines as dashed levels), the final reward per pull of every agent
//! and baseline as sorted bars, reward by episode within a block and by pull within an
//! episode, and the pseudo-Thompson check (how often an arm is chosen against the posterior
//! probability that it is the best).
//!
//! [`Summary`] reduces the results once: agents are averaged over their seeds, so the charts
//! and the table read the same numbers.

use super::lines::{Lines, Series, XSpec};
use super::metarl_grid::GridView;
use super::{
    color, draw_fn, ellipsize, frame, header, msg, nice_max, placeholder, Axis, Cell, DataTable,
    DrawFn, Entry, FrameOpts, Plot, Swatch, Theme, INK, MUTED,
};
use agora_engine::metarl::eval::EvalStats;
use agora_engine::metarl::posterior::CalibrationBin;
use agora_engine::metarl::{MetarlExperiment, MetarlResults};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// A number with its uncertainty.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Est {
    pub mean: f64,
    /// One standard error (over evaluation blocks, or over seeds for several seeds).
    pub se: f64,
    /// The seeds' lowest and highest value (the mean itself for one seed or a baseline).
    pub lo: f64,
    pub hi: f64,
}

impl Est {
    /// From one value per seed, or one value with its standard error for a single seed.
    fn of(values: &[f64], single_se: f64) -> Est {
        let n = values.len().max(1) as f64;
        let mean = values.iter().sum::<f64>() / n;
        let se = if values.len() > 1 {
            let var = values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / (n - 1.0);
            (var / n).sqrt()
        } else {
            single_se
        };
        let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        Est { mean, se, lo, hi }
    }
}

/// One agent (averaged over its finished seeds) or one baseline.
#[derive(Clone, Debug)]
pub struct Player {
    pub label: String,
    /// Colour index: agents first, then baselines.
    pub index: usize,
    /// The agent's index in the experiment (`None` for a baseline).
    pub agent: Option<usize>,
    /// Finished seeds (1 for a baseline).
    pub seeds: usize,
    pub reward: Est,
    pub episode_total: Est,
    pub best_arm_share: f64,
    pub correlation: Option<f64>,
    pub by_pull: Vec<f64>,
    /// (episode, mean reward per pull) for episodes some block reached.
    pub by_episode: Vec<(f64, f64)>,
    /// Bins pooled over seeds.
    pub calibration: Vec<CalibrationBin>,
    /// Learning curve: (update, mean, lowest, highest) over seeds.
    pub curve: Vec<(f64, f64, f64, f64)>,
    /// The gridworld's numbers (moves per episode, visit maps); `None` on bandits.
    pub grid: Option<GridView>,
    /// An LLM player's blocks and calls ("10 blocks, 98 calls, 3 fallbacks").
    pub llm_note: Option<String>,
}

/// What the table says beside an LLM player: how few blocks it played and how its replies went.
fn llm_note(e: &EvalStats, s: &agora_engine::llm::AgentStats) -> String {
    let plural = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut parts = vec![
        plural(e.blocks, "block", "blocks"),
        plural(s.calls, "call", "calls"),
    ];
    if s.fallbacks > 0 {
        parts.push(plural(s.fallbacks, "fallback", "fallbacks"));
    }
    parts.join(", ")
}

/// A training run in progress, in partial results.
#[derive(Clone, Debug)]
pub struct Live {
    /// The agent's label.
    pub label: String,
    /// The agent's colour index and its index in the experiment.
    pub index: usize,
    pub seed_index: usize,
    /// Updates done, of `updates`.
    pub done: u64,
    pub updates: u64,
    /// (update, evaluation reward per pull) so far.
    pub curve: Vec<(f64, f64)>,
}

/// Every player of a set of results.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub agents: Vec<Player>,
    pub baselines: Vec<Player>,
    /// The runs being trained (partial results only), in unit order.
    pub live: Vec<Live>,
    pub updates: usize,
    pub pulls: usize,
    /// Blocks of several episodes (the "by episode" view means something).
    pub blocks: bool,
    /// The results are a gridworld's.
    pub grid: bool,
}

fn mean_of(vs: &[&[f64]]) -> Vec<f64> {
    let n = vs.iter().map(|v| v.len()).min().unwrap_or(0);
    (0..n)
        .map(|j| vs.iter().map(|v| v[j]).sum::<f64>() / vs.len() as f64)
        .collect()
}

fn pooled(bins: &[&[CalibrationBin]]) -> Vec<CalibrationBin> {
    let n = bins.iter().map(|b| b.len()).max().unwrap_or(0);
    (0..n)
        .map(|j| {
            let (mut c, mut p, mut s) = (0u64, 0.0, 0.0);
            for b in bins.iter().filter_map(|b| b.get(j)) {
                c += b.count;
                p += b.predicted * b.count as f64;
                s += b.chosen * b.count as f64;
            }
            let k = c.max(1) as f64;
            CalibrationBin {
                predicted: p / k,
                chosen: s / k,
                count: c,
            }
        })
        .collect()
}

/// Blocks that must reach an episode for it to be shown: later episodes, which few blocks
/// last long enough to reach, are mostly noise.
pub fn episode_min_blocks(blocks: u64) -> u64 {
    (blocks / 50).max(20).min(blocks).max(1)
}

fn episodes(e: &EvalStats, by_episode: &[f64]) -> Vec<(f64, f64)> {
    let min = episode_min_blocks(e.blocks);
    by_episode
        .iter()
        .enumerate()
        .filter(|(j, _)| e.by_episode_blocks.get(*j).copied().unwrap_or(0) >= min)
        .map(|(j, v)| ((j + 1) as f64, *v))
        .collect()
}

impl Summary {
    /// What the evaluation reward measures: reward per pull on bandits, per move on the
    /// gridworld (a goal pays 1, so faster walks score higher).
    pub fn measure(&self) -> &'static str {
        if self.grid {
            "reward per move"
        } else {
            "reward per pull"
        }
    }

    /// The final bars' title.
    pub fn final_title(&self) -> &'static str {
        if self.grid {
            "Final reward per move"
        } else {
            "Final reward per pull"
        }
    }

    pub fn new(r: &MetarlResults, exp: Option<&MetarlExperiment>) -> Summary {
        let n_agents = exp
            .map(|e| e.agents.len())
            .unwrap_or_else(|| r.runs.iter().map(|x| x.agent + 1).max().unwrap_or(0));
        let mut agents = Vec::new();
        for a in 0..n_agents {
            let mut runs: Vec<_> = r.runs.iter().filter(|x| x.agent == a).collect();
            if runs.is_empty() {
                continue;
            }
            runs.sort_by_key(|x| x.seed_index);
            let label = exp
                .and_then(|e| e.agents.get(a))
                .map(|s| s.label())
                .unwrap_or_else(|| format!("agent {}", a + 1));
            let evals: Vec<&EvalStats> = runs.iter().map(|x| &x.eval).collect();
            let pick = |f: fn(&EvalStats) -> f64| evals.iter().map(|e| f(e)).collect::<Vec<_>>();
            let corr: Vec<f64> = evals
                .iter()
                .filter_map(|e| e.calibration_correlation)
                .collect();
            let by_episode = mean_of(
                &evals
                    .iter()
                    .map(|e| e.by_episode.as_slice())
                    .collect::<Vec<_>>(),
            );
            let k = runs.iter().map(|x| x.curve.len()).min().unwrap_or(0);
            let curve = (0..k)
                .map(|j| {
                    let vs: Vec<f64> = runs.iter().map(|x| x.curve[j].eval_reward).collect();
                    let e = Est::of(&vs, 0.0);
                    (runs[0].curve[j].update as f64, e.mean, e.lo, e.hi)
                })
                .collect();
            agents.push(Player {
                label,
                index: a,
                agent: Some(a),
                seeds: runs.len(),
                reward: Est::of(&pick(|e| e.reward_per_pull), evals[0].se_per_pull),
                episode_total: Est::of(&pick(|e| e.episode_total), evals[0].se_episode_total),
                best_arm_share: pick(|e| e.best_arm_share).iter().sum::<f64>() / runs.len() as f64,
                correlation: (!corr.is_empty())
                    .then(|| corr.iter().sum::<f64>() / corr.len() as f64),
                by_pull: mean_of(
                    &evals
                        .iter()
                        .map(|e| e.by_pull.as_slice())
                        .collect::<Vec<_>>(),
                ),
                by_episode: episodes(evals[0], &by_episode),
                calibration: pooled(
                    &evals
                        .iter()
                        .map(|e| e.calibration.as_slice())
                        .collect::<Vec<_>>(),
                ),
                curve,
                grid: GridView::of(&evals),
                llm_note: None,
            });
        }
        let baselines = r
            .baselines
            .iter()
            .enumerate()
            .map(|(i, b)| {
                let e = &b.eval;
                Player {
                    label: b.label.clone(),
                    index: n_agents + i,
                    agent: None,
                    seeds: 1,
                    reward: Est::of(&[e.reward_per_pull], e.se_per_pull),
                    episode_total: Est::of(&[e.episode_total], e.se_episode_total),
                    best_arm_share: e.best_arm_share,
                    correlation: e.calibration_correlation,
                    by_pull: e.by_pull.clone(),
                    by_episode: episodes(e, &e.by_episode),
                    calibration: e.calibration.clone(),
                    curve: Vec::new(),
                    grid: GridView::of(&[e]),
                    llm_note: b.llm.as_ref().map(|s| llm_note(e, s)),
                }
            })
            .collect();
        let grid = exp.and_then(|e| e.grid.as_ref());
        let task = exp.map(|e| &e.task);
        let live = r
            .live
            .iter()
            .map(|l| Live {
                label: exp
                    .and_then(|e| e.agents.get(l.agent))
                    .map(|s| s.label())
                    .unwrap_or_else(|| format!("agent {}", l.agent + 1)),
                index: l.agent,
                seed_index: l.seed_index,
                done: l.done,
                updates: l.updates,
                curve: l
                    .curve
                    .iter()
                    .map(|c| (c.update as f64, c.eval_reward))
                    .collect(),
            })
            .collect();
        let pulls = match grid {
            Some(g) => g.steps,
            None => task.map_or(1, |t| t.pulls),
        };
        let blocks = match grid {
            Some(g) => g.max_block > 1 && g.block_mean > 1.0,
            None => task.is_some_and(|t| !t.single_episode()),
        };
        Summary {
            agents,
            baselines,
            live,
            updates: exp.map_or(1, |e| e.updates),
            pulls,
            blocks,
            grid: grid.is_some(),
        }
    }

    /// Agents, then baselines.
    pub fn players(&self) -> impl Iterator<Item = &Player> {
        self.agents.iter().chain(&self.baselines)
    }

    /// The agent in focus: the experiment's agent `focus` if it has results, else the first.
    pub fn focus(&self, focus: usize) -> Option<&Player> {
        self.agents
            .iter()
            .find(|p| p.agent == Some(focus))
            .or(self.agents.first())
    }
}

fn agent_series(p: &Player, pts: Vec<(f64, f64)>, band: Vec<(f64, f64, f64)>) -> Series {
    Series {
        label: p.label.clone(),
        color: color(p.index),
        width: 2.5,
        dashed: false,
        pts,
        band,
        full: None,
    }
}

fn baseline_series(p: &Player, pts: Vec<(f64, f64)>) -> Series {
    Series {
        label: p.label.clone(),
        color: color(p.index),
        width: 1.5,
        dashed: true,
        pts,
        band: Vec::new(),
        full: None,
    }
}

/// The runs in training as thin lines: one per run, or for an agent with several seeds in
/// training at once, their mean with their range shaded (over the updates all of them reached).
fn live_series(live: &[Live]) -> Vec<Series> {
    let mut agents: Vec<usize> = live.iter().map(|l| l.index).collect();
    agents.dedup();
    agents
        .into_iter()
        .filter_map(|a| {
            // Runs with a point yet (a run just started has none).
            let runs: Vec<&Live> = live
                .iter()
                .filter(|l| l.index == a && !l.curve.is_empty())
                .collect();
            let first = *runs.first()?;
            if runs.len() == 1 {
                return Some(Series {
                    label: format!("{}, seed {} (training)", first.label, first.seed_index + 1),
                    color: color(a),
                    width: 1.5,
                    dashed: false,
                    pts: first.curve.clone(),
                    band: Vec::new(),
                    full: None,
                });
            }
            let n = runs.iter().map(|l| l.curve.len()).min().unwrap_or(0);
            let at = |j: usize| -> (f64, f64, f64, f64) {
                let ys: Vec<f64> = runs.iter().map(|l| l.curve[j].1).collect();
                let mean = ys.iter().sum::<f64>() / ys.len() as f64;
                let lo = ys.iter().copied().fold(f64::INFINITY, f64::min);
                let hi = ys.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                (first.curve[j].0, mean, lo, hi)
            };
            let pts: Vec<(f64, f64, f64, f64)> = (0..n).map(at).collect();
            Some(Series {
                label: format!("{}, {} seeds (training)", first.label, runs.len()),
                color: color(a),
                width: 1.5,
                dashed: false,
                pts: pts.iter().map(|p| (p.0, p.1)).collect(),
                band: pts.iter().map(|p| (p.0, p.2, p.3)).collect(),
                full: None,
            })
        })
        .collect()
}

/// Evaluation reward per pull against updates: every agent (mean of its finished seeds, their
/// range shaded), the run in training as it grows, and every baseline as a dashed level.
pub fn learning(s: &Summary) -> DrawFn {
    let hi = s.updates.max(1) as f64;
    let mut series: Vec<Series> = s
        .agents
        .iter()
        .map(|p| {
            let pts = p.curve.iter().map(|c| (c.0, c.1)).collect();
            let band = if p.seeds > 1 {
                p.curve.iter().map(|c| (c.0, c.2, c.3)).collect()
            } else {
                Vec::new()
            };
            agent_series(p, pts, band)
        })
        .collect();
    series.extend(live_series(&s.live));
    series.extend(
        s.baselines
            .iter()
            .map(|p| baseline_series(p, vec![(0.0, p.reward.mean), (hi, p.reward.mean)])),
    );
    let seeds = s.agents.iter().map(|p| p.seeds).max().unwrap_or(1);
    draw_fn(Lines {
        title: "Learning curves".into(),
        note: if seeds > 1 {
            format!("mean of {seeds} seeds; dashed: baselines")
        } else {
            "dashed: baselines".into()
        },
        x: XSpec {
            lo: 0.0,
            hi,
            log: false,
            desc: "training updates",
        },
        y_desc: s.measure().into(),
        y_percent: false,
        y_fixed: None,
        y_zero: false,
        series,
        band_label: Some("range over seeds".into()),
    })
}

/// Reward per pull within a block, episode by episode (the focus agent and the baselines).
pub fn by_episode(s: &Summary, focus: usize) -> DrawFn {
    let mut series: Vec<Series> = s
        .focus(focus)
        .map(|p| agent_series(p, p.by_episode.clone(), Vec::new()))
        .into_iter()
        .collect();
    series.extend(
        s.baselines
            .iter()
            .map(|p| baseline_series(p, p.by_episode.clone())),
    );
    let hi = series
        .iter()
        .flat_map(|x| x.pts.iter().map(|p| p.0))
        .fold(2.0f64, f64::max);
    draw_fn(Lines {
        title: if s.grid {
            "Reward by episode of a block (per move)".into()
        } else {
            "Reward by episode of a block".into()
        },
        note: "the same task repeats: explore early, exploit later".into(),
        x: XSpec {
            lo: 1.0,
            hi,
            log: false,
            desc: "episode within the block",
        },
        y_desc: s.measure().into(),
        y_percent: false,
        y_fixed: None,
        y_zero: false,
        series,
        band_label: None,
    })
}

/// Mean reward of each pull within an episode (the focus agent and the baselines).
pub fn by_pull(s: &Summary, focus: usize) -> DrawFn {
    let pts = |v: &[f64]| -> Vec<(f64, f64)> {
        v.iter()
            .enumerate()
            .map(|(i, y)| ((i + 1) as f64, *y))
            .collect()
    };
    let mut series: Vec<Series> = s
        .focus(focus)
        .map(|p| agent_series(p, pts(&p.by_pull), Vec::new()))
        .into_iter()
        .collect();
    series.extend(
        s.baselines
            .iter()
            .map(|p| baseline_series(p, pts(&p.by_pull))),
    );
    draw_fn(Lines {
        title: "Reward by pull of an episode".into(),
        note: "early pulls explore, later ones exploit".into(),
        x: XSpec {
            lo: 1.0,
            hi: s.pulls.max(2) as f64,
            log: false,
            desc: "pull within the episode",
        },
        y_desc: "mean reward".into(),
        y_percent: false,
        y_fixed: None,
        y_zero: false,
        series,
        band_label: None,
    })
}

struct Row {
    label: String,
    color: RGBColor,
    agent: bool,
    est: Est,
    /// Whisker ends.
    lo: f64,
    hi: f64,
}

struct Bars {
    rows: Vec<Row>,
    note: String,
    title: &'static str,
    measure: &'static str,
}

impl Plot for Bars {
    /// One row per player, best first: its mean and the whisker's ends.
    fn table(&self) -> DataTable {
        let mut t = DataTable::new(
            super::caption(self.title, &self.note),
            [
                "player".to_string(),
                "kind".to_string(),
                self.measure.to_string(),
                "whisker low".to_string(),
                "whisker high".to_string(),
            ],
        );
        for r in &self.rows {
            t.push(vec![
                Cell::from(r.label.as_str()),
                Cell::from(if r.agent { "trained agent" } else { "baseline" }),
                Cell::Num(r.est.mean),
                Cell::Num(r.lo),
                Cell::Num(r.hi),
            ]);
        }
        t
    }

    fn plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(), String> {
        let legend = [
            Entry {
                label: "trained agent".into(),
                swatch: Swatch::Bar { color: MUTED },
            },
            Entry {
                label: "baseline".into(),
                swatch: Swatch::Band { color: MUTED },
            },
        ];
        let rest = header(area, th, self.title, &self.note, &legend)?;
        let n = self.rows.len().max(1);
        let top = self.rows.iter().map(|r| r.hi).fold(0.0f64, f64::max);
        let x = Axis::linear(0.0, nice_max(top.max(1e-9)), 5, self.measure);
        let y = Axis::blank(0.0, n as f64);
        let label_style = th.text(12.5, &INK);
        let value_style = th.text(12.0, &INK);
        let value_w = th.measure(&rest, "0.000", &value_style)?.0 + th.px(10.0);
        let mut chart = frame(
            &rest,
            th,
            &x,
            &y,
            FrameOpts {
                y_labels: false,
                y_label_px: th.px(6.0),
                x_grid: true,
                y_grid: false,
                right_px: value_w,
            },
        )?;
        let (w, _) = rest.dim_in_pixel();
        let base = rest.get_base_pixel();
        let left_bottom = label_style.pos(Pos::new(HPos::Left, VPos::Bottom));
        let left_mid = value_style.pos(Pos::new(HPos::Left, VPos::Center));
        for (i, r) in self.rows.iter().enumerate() {
            // Each row: its label on top, the bar under it (labels get the whole width).
            let top = n as f64 - i as f64;
            let yc = top - 0.68;
            let h = 0.2;
            let (px, py) = chart.backend_coord(&(0.0, top - 0.36));
            let label = ellipsize(&rest, th, &r.label, &label_style, w as i32 - px + base.0)?;
            rest.draw(&Text::new(
                label,
                (px - base.0, py - base.1),
                left_bottom.clone(),
            ))
            .map_err(msg)?;
            let fill = if r.agent {
                r.color.filled()
            } else {
                r.color.mix(0.35).filled()
            };
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(0.0, yc - h), (r.est.mean, yc + h)],
                    fill,
                )))
                .map_err(msg)?;
            if !r.agent {
                chart
                    .draw_series(std::iter::once(Rectangle::new(
                        [(0.0, yc - h), (r.est.mean, yc + h)],
                        th.line(r.color, 1.0),
                    )))
                    .map_err(msg)?;
            }
            // The whisker: seed range, or two standard errors.
            let wl = th.line(INK, 1.2);
            let cap = 0.14;
            chart
                .draw_series([
                    PathElement::new(vec![(r.lo, yc), (r.hi, yc)], wl),
                    PathElement::new(vec![(r.lo, yc - cap), (r.lo, yc + cap)], wl),
                    PathElement::new(vec![(r.hi, yc - cap), (r.hi, yc + cap)], wl),
                ])
                .map_err(msg)?;
            let (vx, vy) = chart.backend_coord(&(r.hi.max(r.est.mean), yc));
            rest.draw(&Text::new(
                format!("{:.3}", r.est.mean),
                (vx - base.0 + th.px(5.0), vy - base.1),
                left_mid.clone(),
            ))
            .map_err(msg)?;
        }
        Ok(())
    }
}

/// Every agent and baseline's final reward per pull, best first: agents with the range of
/// their seeds (or ±2 SE for one seed), baselines with ±2 SE.
pub fn final_bars(s: &Summary) -> DrawFn {
    let mut rows: Vec<Row> = s
        .players()
        .map(|p| {
            let (lo, hi) = if p.agent.is_some() && p.seeds > 1 {
                (p.reward.lo, p.reward.hi)
            } else {
                (
                    p.reward.mean - 2.0 * p.reward.se,
                    p.reward.mean + 2.0 * p.reward.se,
                )
            };
            Row {
                label: p.label.clone(),
                color: color(p.index),
                agent: p.agent.is_some(),
                est: p.reward,
                lo: lo.max(0.0),
                hi,
            }
        })
        .collect();
    rows.sort_by(|a, b| b.est.mean.total_cmp(&a.est.mean));
    let several = s.agents.iter().any(|p| p.seeds > 1);
    let note = if several {
        "whiskers: agents' range over seeds, baselines' ±2 SE"
    } else {
        "whiskers: ±2 standard errors"
    };
    if rows.is_empty() {
        return draw_fn(Empty(s.final_title()));
    }
    draw_fn(Bars {
        rows,
        note: note.into(),
        title: s.final_title(),
        measure: s.measure(),
    })
}

struct Empty(&'static str);

impl Plot for Empty {
    fn table(&self) -> DataTable {
        DataTable::empty(self.0)
    }

    fn plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(), String> {
        placeholder(area, th, self.0, "nothing to show yet")
    }
}

struct CalPlot {
    /// (label, colour, bins, dashed).
    players: Vec<(String, RGBColor, Vec<CalibrationBin>, bool)>,
}

impl Plot for CalPlot {
    /// One row per player and bin (bins without choices are not drawn and left out).
    fn table(&self) -> DataTable {
        let mut t = DataTable::new(
            "Choices against P(best)",
            [
                "player",
                "posterior probability that the arm is best",
                "share of times it is chosen",
                "choices",
            ],
        );
        for (label, _, bins, _) in &self.players {
            for b in bins.iter().filter(|b| b.count > 0) {
                t.push(vec![
                    Cell::from(label.as_str()),
                    Cell::Num(b.predicted),
                    Cell::Num(b.chosen),
                    Cell::Num(b.count as f64),
                ]);
            }
        }
        t
    }

    fn plot<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        th: &Theme,
    ) -> Result<(), String> {
        let mut legend: Vec<Entry> = self
            .players
            .iter()
            .map(|(l, c, _, d)| Entry::line(l.clone(), *c, 2.0, *d))
            .collect();
        legend.push(Entry::line("chosen as often as P(best)", MUTED, 1.0, true));
        let rest = header(
            area,
            th,
            "Choices against P(best)",
            "dot area: how many choices",
            &legend,
        )?;
        let x = Axis::linear(0.0, 1.0, 5, "posterior probability that the arm is best");
        let y = Axis::linear(0.0, 1.0, 5, "share of times it is chosen");
        let mut chart = frame(&rest, th, &x, &y, FrameOpts::default())?;
        chart
            .draw_series(DashedLineSeries::new(
                vec![(0.0, 0.0), (1.0, 1.0)],
                th.stroke(5.0),
                th.stroke(4.0),
                th.line(MUTED, 1.0),
            ))
            .map_err(msg)?;
        let most = self
            .players
            .iter()
            .flat_map(|p| p.2.iter().map(|b| b.count))
            .max()
            .unwrap_or(1)
            .max(1) as f64;
        for (_, c, bins, dashed) in &self.players {
            let pts: Vec<(f64, f64)> = bins
                .iter()
                .filter(|b| b.count > 0)
                .map(|b| (b.predicted, b.chosen))
                .collect();
            super::polyline(
                &mut chart,
                th,
                pts,
                th.line(*c, 2.0),
                dashed.then_some((6.0, 4.0)),
                3.0,
            )?;
            chart
                .draw_series(bins.iter().filter(|b| b.count > 0).map(|b| {
                    let r = 2.0 + 5.0 * (b.count as f64 / most).sqrt();
                    Circle::new((b.predicted, b.chosen), th.upx(r), c.mix(0.8).filled())
                }))
                .map_err(msg)?;
        }
        Ok(())
    }
}

/// The pseudo-Thompson check of the focus agent and of Thompson sampling (if it was run):
/// `None` when neither has one (Gaussian arms, more than 10 arms).
pub fn calibration(s: &Summary, focus: usize) -> Option<DrawFn> {
    let mut players = Vec::new();
    if let Some(p) = s.focus(focus) {
        if p.calibration.iter().any(|b| b.count > 0) {
            players.push((
                p.label.clone(),
                color(p.index),
                p.calibration.clone(),
                false,
            ));
        }
    }
    for p in &s.baselines {
        if p.label.to_lowercase().contains("thompson") && p.calibration.iter().any(|b| b.count > 0)
        {
            players.push((p.label.clone(), color(p.index), p.calibration.clone(), true));
        }
    }
    (!players.is_empty()).then(|| draw_fn(CalPlot { players }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::{render_svg, svg_has_text};
    use agora_engine::lab::LabRunner;
    use agora_engine::metarl::MetarlRunner;

    fn small() -> MetarlExperiment {
        let mut e = agora_engine::metarl::presets::blocks();
        e.updates = 20;
        e.seeds = 2;
        e.eval.blocks = 20;
        e.eval.every = 10;
        e
    }

    #[test]
    fn every_chart_draws_a_small_run() {
        let exp = small();
        let mut runner = MetarlRunner::new(&exp).unwrap();
        for u in 0..runner.total() {
            let o = runner.compute(u).unwrap();
            runner.commit(o);
        }
        let r = runner.results();
        let s = Summary::new(&r, Some(&exp));
        assert_eq!(s.agents.len(), 1);
        assert_eq!(s.agents[0].seeds, 2);
        assert_eq!(s.agents[0].curve.len(), 2);
        assert_eq!(s.baselines.len(), exp.baselines.len());
        assert!(s.blocks);
        for (d, text) in [
            (learning(&s), "Learning curves"),
            (final_bars(&s), "Final reward per pull"),
            (by_episode(&s, 0), "Reward by episode of a block"),
            (by_pull(&s, 0), "Reward by pull of an episode"),
            (calibration(&s, 0).unwrap(), "Choices against P(best)"),
        ] {
            let svg = render_svg(&d, 390, 320).unwrap();
            assert!(svg_has_text(&svg, text), "{text}");
            // Its data table is named like the chart and has rows.
            let t = d.table();
            assert!(t.caption.starts_with(text), "{text}: {}", t.caption);
            assert!(!t.is_empty() && t.columns.len() >= 2, "{text}");
        }
    }

    fn live(index: usize, seed_index: usize, ys: &[f64]) -> Live {
        Live {
            label: "agent".into(),
            index,
            seed_index,
            done: 10 * ys.len() as u64,
            updates: 100,
            curve: ys
                .iter()
                .enumerate()
                .map(|(i, &y)| (10.0 * (i + 1) as f64, y))
                .collect(),
        }
    }

    #[test]
    fn seeds_training_at_once_draw_as_their_mean_and_range() {
        let both = live_series(&[live(0, 0, &[0.5, 0.6, 0.7]), live(0, 1, &[0.3, 0.4])]);
        assert_eq!(both.len(), 1);
        let s = &both[0];
        assert_eq!(s.label, "agent, 2 seeds (training)");
        // Over the updates both reached: the mean, and the two seeds as the range.
        assert_eq!(s.pts, vec![(10.0, 0.4), (20.0, 0.5)]);
        assert_eq!(s.band, vec![(10.0, 0.3, 0.5), (20.0, 0.4, 0.6)]);
        // A run with no point yet leaves the other's line as it is; two agents, two lines.
        let one = live_series(&[live(0, 0, &[0.5]), live(0, 1, &[]), live(1, 0, &[0.2])]);
        assert_eq!(one.len(), 2);
        assert_eq!(one[0].label, "agent, seed 1 (training)");
        assert!(one[0].band.is_empty());
        assert!(live_series(&[live(0, 1, &[])]).is_empty());
    }

    /// Writes the charts of a short ablation run as SVG at phone and desktop widths, to look at
    /// (`cargo test -p agora-web --lib write_metarl_charts -- --ignored`).
    #[test]
    #[ignore]
    fn write_metarl_charts() {
        let dir = std::path::Path::new("/tmp/agora-metarl-charts");
        std::fs::create_dir_all(dir).unwrap();
        let mut exp = agora_engine::metarl::presets::ablation();
        exp.updates = 150;
        exp.seeds = 2;
        exp.eval.blocks = 200;
        exp.eval.every = 30;
        let mut runner = MetarlRunner::new(&exp).unwrap();
        for u in 0..runner.total() {
            let o = runner.compute(u).unwrap();
            runner.commit(o);
        }
        let s = Summary::new(&runner.results(), Some(&exp));
        for w in [360, 700] {
            for (name, d, h) in [
                ("learning", learning(&s), 340),
                ("final", final_bars(&s), 100 + 44 * 7),
                ("episodes", by_episode(&s, 0), 320),
                ("calibration", calibration(&s, 0).unwrap(), 340),
            ] {
                std::fs::write(
                    dir.join(format!("{name}-{w}.svg")),
                    render_svg(&d, w, h).unwrap(),
                )
                .unwrap();
            }
        }
    }
}
