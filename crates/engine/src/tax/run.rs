//! A tax experiment's run: one unit per planner. Each planner faces the same workers (the
//! same skills, the same random choices) starting from the same status quo; its run is
//! either *plan once* (it proposes, the economy settles under each proposal, it recommends a
//! schedule) or *tax years* (it sets the schedule every `period` years and workers respond
//! year after year).

use super::economy::{Economy, Year};
use super::llm_workers::{self, LlmWorkersResult, MixedWorkers};
use super::metrics::{lorenz, Metrics};
use super::planner::{Plan, Planner, Setup};
use super::planners::election::{ElectionParams, Voters};
use super::planners::PlannerConfig;
use super::schedule::Schedule;
use super::voting::{self, ElectionResult, Platform};
use super::worker::Worker;
use super::{Mode, TaxExperiment};
use crate::error::ConfigError;
use crate::lab::LabRunner;
use crate::llm::oracle::{probe_pending, record_reply};
use crate::llm::{AgentLink, AgentStats, Exchange, Oracle, OracleHandle, PendingCall, UnitEnd};
use crate::rng::{Key, Rng};
use crate::stats::quantile_sorted;
use serde::{Deserialize, Serialize};

/// Points of a Lorenz curve and of a quantile table (0 %, 1 %, ..., 100 %).
const QUANTILES: usize = 100;
/// Workers sampled for the hours-against-skill view.
const SAMPLE: usize = 200;

/// One economy, summarised for the views.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EconomySummary {
    pub schedule: Schedule,
    pub metrics: Metrics,
    /// The objective's value.
    pub welfare: f64,
    /// The rebate every worker received.
    pub rebate: f64,
    /// Lorenz curve of consumption at population shares 0, 0.01, ..., 1.
    pub lorenz: Vec<f64>,
    /// Pre-tax income at percentiles 0, 1, ..., 100.
    pub income_quantiles: Vec<f64>,
    /// Consumption at percentiles 0, 1, ..., 100.
    pub consumption_quantiles: Vec<f64>,
    /// Up to 200 workers evenly spread over the skill ranks: `[skill, hours, income]`.
    pub sample: Vec<[f64; 3]>,
    /// Per skill decile (lowest first): mean income, tax, consumption and utility.
    pub deciles: Vec<Decile>,
}

/// Means over a tenth of the workers.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Decile {
    pub income: f64,
    pub tax: f64,
    pub consumption: f64,
    pub utility: f64,
    pub hours: f64,
}

/// How a decile fares against the status quo (PolicyEngine's distributional chart).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DecileChange {
    /// Mean change in consumption, in dollars.
    pub change: f64,
    /// That change relative to the decile's status-quo consumption.
    pub relative: f64,
    /// Shares of the decile's workers who gain more than 5 %, gain less, see no change
    /// (within 0.1 %), lose less than 5 %, lose more.
    pub gain_more: f64,
    pub gain_less: f64,
    pub no_change: f64,
    pub lose_less: f64,
    pub lose_more: f64,
}

/// One year (tax-years mode) or one proposal (plan-once mode) of a planner's run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Step {
    pub rates: Vec<f64>,
    pub metrics: Metrics,
    pub welfare: f64,
}

/// What one planner did.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlannerResult {
    pub label: String,
    pub kind: String,
    /// The economy under its final schedule.
    #[serde(rename = "final")]
    pub last: EconomySummary,
    /// Year by year (or proposal by proposal), starting with the status quo.
    pub history: Vec<Step>,
    /// Against the status quo, decile by decile of skill.
    pub changes: Vec<DecileChange>,
    /// Worker choices computed (what the run's speed counts).
    pub responses: u64,
    /// An LLM planner's decisions, fallbacks and calls.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub llm: Option<AgentStats>,
    /// The LLM workers under this planner: their calls and how far from their best response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub llm_workers: Option<LlmWorkersResult>,
    /// An election planner's elections, one per tax period.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub elections: Vec<ElectionResult>,
}

/// The whole experiment's results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TaxResults {
    pub workers: usize,
    /// Skill at percentiles 0, 1, ..., 100.
    pub skill_quantiles: Vec<f64>,
    /// The status quo, settled.
    pub baseline: EconomySummary,
    pub planners: Vec<PlannerResult>,
    /// Per planner: the oracle's final welfare minus the planner's (when an oracle runs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub oracle_gap: Vec<f64>,
}

/// Runs a tax experiment planner by planner.
pub struct TaxRunner {
    cfg: TaxExperiment,
    economy: Economy,
    baseline: Year,
    baseline_summary: EconomySummary,
    skill_quantiles: Vec<f64>,
    done: Vec<PlannerResult>,
    /// Answers the LLM planners from the experiment's transcript.
    oracle: OracleHandle,
    /// Set when an LLM planner's run could not be completed from the transcript.
    stop: Option<UnitEnd>,
}

/// The name the `j`-th LLM planner (0-based, among the LLM planners) asks under.
pub fn llm_agent_name(j: usize) -> String {
    format!("LLM planner {}", j + 1)
}

impl TaxRunner {
    pub fn new(cfg: &TaxExperiment) -> Result<Self, ConfigError> {
        cfg.validate()?;
        let economy = cfg.economy();
        let mut w = cfg.labour.build();
        let baseline = economy.settle(&cfg.schedule, w.as_mut(), None, 0);
        let baseline_summary = summarise(&economy, &baseline, cfg);
        let skill_quantiles = quantiles(&economy.skills);
        Ok(TaxRunner {
            cfg: cfg.clone(),
            economy,
            baseline,
            baseline_summary,
            skill_quantiles,
            done: Vec::new(),
            oracle: Oracle::handle(cfg.transcript.clone()),
            stop: None,
        })
    }

    /// Among the LLM planners, the place of planner `unit` (`None` for another planner).
    fn llm_index(&self, unit: usize) -> Option<usize> {
        let p = self.cfg.planners.get(unit)?;
        p.is_llm().then(|| {
            self.cfg.planners[..unit]
                .iter()
                .filter(|p| p.is_llm())
                .count()
        })
    }

    /// Run planner `unit`. A run that asks the model (an LLM planner, whose unit of the
    /// transcript is its place among the LLM planners; LLM workers, one unit each) asks the
    /// oracle and gives `None`, with [`LabRunner::stopped`] set, when a reply is not recorded
    /// or does not match.
    fn compute_unit(&mut self, unit: usize) -> Option<PlannerResult> {
        let pc = self.cfg.planners.get(unit)?.clone();
        if !self.cfg.asks(unit) {
            return Some(self.run_planner(unit, &pc, None));
        }
        let j = self.llm_index(unit);
        self.oracle
            .borrow_mut()
            .begin_unit(j.unwrap_or_else(|| llm_workers::stream(unit, 0)));
        let link = j.map(|j| AgentLink {
            oracle: self.oracle.clone(),
            agent: llm_agent_name(j),
            rounds: self.cfg.mode.proposals(),
        });
        let mut out = self.run_planner(unit, &pc, link.as_ref());
        let end = self.oracle.borrow_mut().end_unit();
        if end != UnitEnd::Done {
            self.stop = Some(end);
            return None;
        }
        if let Some(w) = &mut out.llm_workers {
            let o = self.oracle.borrow();
            for k in 0..w.workers.len() {
                add_stats(&mut w.stats, &o.stats_of(&llm_workers::agent_name(unit, k)));
            }
            w.stats.agent = "LLM workers".into();
        }
        Some(out)
    }

    /// LLM planner `j`'s statistics.
    fn llm_stats(&self, j: usize) -> AgentStats {
        self.oracle.borrow().stats_of(&llm_agent_name(j))
    }

    /// The economy every planner faces.
    pub fn economy(&self) -> &Economy {
        &self.economy
    }

    /// Planner `p`'s run (`link`: whom an LLM planner asks).
    fn run_planner(&self, p: usize, pc: &PlannerConfig, link: Option<&AgentLink>) -> PlannerResult {
        let cfg = &self.cfg;
        let e = &self.economy;
        let setup = cfg.planner_setup();
        let mut planner = pc.build(&setup);
        if let Some(link) = link {
            planner.connect(link);
        }
        // The planner's JSON (where a model is served left out: see `stream_id`).
        let identity = crate::llm::agent::stream_id(pc).unwrap_or_default();
        let mut rng = Rng::stream(cfg.seed, &[Key::Str("tax/planner"), Key::Str(&identity)]);
        let plan = Plan {
            economy: e,
            workers: &cfg.labour,
            baseline: &cfg.schedule,
            objective: cfg.objective,
            proposals: setup.proposals,
        };
        let mut plain = cfg.labour.build();
        let mut mixed = cfg.llm_workers.as_ref().map(|lw| {
            MixedWorkers::new(
                cfg.labour.build(),
                lw,
                &cfg.utility,
                cfg.max_hours,
                cfg.rebate,
                &e.skills,
                p,
                self.oracle.clone(),
            )
        });
        let batch = mixed.is_some();
        let planner_stream = self.llm_index(p);
        let n = e.workers() as u64;
        let step = |y: &Year| Step {
            rates: y.schedule.rates.clone(),
            metrics: y.metrics.clone(),
            welfare: y.welfare(cfg.objective),
        };
        let start = &self.baseline;
        planner.observe(start, start.welfare(cfg.objective));
        pick(&mut mixed, &mut plain).observe(start);
        let mut history = vec![step(start)];
        let mut elections = Vec::new();
        let mut responses = n;
        let last = match cfg.mode {
            Mode::PlanOnce { iterations } => {
                let worker = pick(&mut mixed, &mut plain);
                let mut proposed = cfg.schedule.clone();
                for it in 1..=iterations {
                    proposed = planner.propose(&plan, &mut rng);
                    let y = e.settle(&proposed, worker, Some(&start.hours), it);
                    responses += n;
                    planner.observe(&y, y.welfare(cfg.objective));
                    history.push(step(&y));
                }
                let chosen = planner.recommend(&plan).unwrap_or(proposed);
                responses += n;
                e.settle(&chosen, worker, Some(&start.hours), iterations + 1)
            }
            Mode::TaxYears { years, period } => {
                let mut prev = start.clone();
                let mut schedule = cfg.schedule.clone();
                for year in 1..=years {
                    if (year - 1) % period == 0 {
                        if let Some(j) = planner_stream {
                            self.oracle.borrow_mut().use_stream(j);
                        }
                        schedule = match (pc.election(), planner.ballot(&plan, &mut rng)) {
                            (Some(ep), Some(platforms)) => {
                                let (s, result) = self.elect(
                                    ep,
                                    planner.as_mut(),
                                    platforms,
                                    mixed.as_mut(),
                                    year,
                                );
                                responses += n * result.platforms.len() as u64;
                                elections.push(result);
                                s
                            }
                            _ => planner.propose(&plan, &mut rng),
                        };
                    }
                    // The LLM workers of a year ask at once (see `llm_workers`).
                    if batch {
                        self.oracle.borrow_mut().begin_batch();
                    }
                    let worker = pick(&mut mixed, &mut plain);
                    let y = e.year(&schedule, worker, Some(&prev.hours), prev.rebate, year);
                    if batch {
                        self.oracle.borrow_mut().end_batch();
                    }
                    responses += n;
                    planner.observe(&y, y.welfare(cfg.objective));
                    worker.observe(&y);
                    history.push(step(&y));
                    prev = y;
                }
                prev
            }
        };
        if pc.is_oracle() {
            if let PlannerConfig::Oracle(o) = pc {
                responses += o.candidates(cfg.schedule.brackets()) * n;
            }
        }
        PlannerResult {
            label: pc.label(),
            kind: pc.kind().to_string(),
            changes: decile_changes(&self.baseline, &last),
            last: summarise(e, &last, cfg),
            history,
            responses,
            llm: None,
            llm_workers: mixed.map(|m| m.result()),
            elections,
        }
    }

    /// Hold election `ep` in `year` among `platforms` (one per candidate): every worker's
    /// interest, the LLM workers' votes (one batch: they ask at once), the tally. The
    /// winner's platform and the record of it all.
    fn elect(
        &self,
        ep: &ElectionParams,
        planner: &mut dyn Planner,
        platforms: Vec<Schedule>,
        mixed: Option<&mut MixedWorkers>,
        year: usize,
    ) -> (Schedule, ElectionResult) {
        let cfg = &self.cfg;
        let labels: Vec<String> = ep.candidates.iter().map(PlannerConfig::label).collect();
        let interest = voting::interests(&self.economy, &cfg.labour, &platforms);
        let mut votes: Vec<Option<usize>> = match ep.voters {
            Voters::All => interest.iter().map(|&j| Some(j)).collect(),
            Voters::LlmWorkers => Vec::new(),
        };
        let mut llm_votes = Vec::new();
        let mut llm_interests = Vec::new();
        if let Some(m) = mixed {
            let mut rng = Rng::stream(cfg.seed, &[Key::Str("tax/vote"), Key::Num(year as u64)]);
            self.oracle.borrow_mut().begin_batch();
            for w in 0..m.count() {
                llm_votes.push(m.vote(w, &labels, &platforms, &mut rng));
            }
            self.oracle.borrow_mut().end_batch();
            llm_interests = m.indices().iter().map(|&i| interest[i]).collect();
            match ep.voters {
                Voters::All => {
                    for (w, &i) in m.indices().iter().enumerate() {
                        votes[i] = llm_votes[w];
                    }
                }
                Voters::LlmWorkers => votes = llm_votes.clone(),
            }
        }
        let (count, abstained, winner) =
            voting::tally(&votes, platforms.len(), planner.incumbent());
        planner.elected(winner);
        let result = ElectionResult {
            year,
            platforms: labels
                .into_iter()
                .zip(&platforms)
                .map(|(label, s)| Platform {
                    label,
                    rates: s.rates.clone(),
                })
                .collect(),
            votes: count,
            abstained,
            winner,
            llm_votes,
            llm_interests,
        };
        let schedule = platforms
            .into_iter()
            .nth(winner)
            .unwrap_or_else(|| cfg.schedule.clone());
        (schedule, result)
    }
}

/// The workers of a run: the mixed population when some are LLM workers, else the plain ones.
fn pick<'a>(
    mixed: &'a mut Option<MixedWorkers>,
    plain: &'a mut Box<dyn Worker>,
) -> &'a mut dyn Worker {
    match mixed {
        Some(m) => m,
        None => plain.as_mut(),
    }
}

/// `into` plus `more` (the calls of several agents together).
fn add_stats(into: &mut AgentStats, more: &AgentStats) {
    into.decisions += more.decisions;
    into.fallbacks += more.fallbacks;
    into.repairs += more.repairs;
    into.calls += more.calls;
    into.tokens_in = into.tokens_in.saturating_add(more.tokens_in);
    into.tokens_out = into.tokens_out.saturating_add(more.tokens_out);
}

fn quantiles(x: &[f64]) -> Vec<f64> {
    let mut s = x.to_vec();
    s.sort_by(f64::total_cmp);
    (0..=QUANTILES)
        .map(|k| quantile_sorted(&s, k as f64 / QUANTILES as f64))
        .collect()
}

/// The workers `[lo, hi)` of decile `d` of `n`.
fn decile_range(d: usize, n: usize) -> std::ops::Range<usize> {
    (d * n / 10)..((d + 1) * n / 10)
}

fn summarise(e: &Economy, y: &Year, cfg: &TaxExperiment) -> EconomySummary {
    let n = y.incomes.len();
    let mut post = y.consumption.clone();
    post.sort_by(f64::total_cmp);
    let m = SAMPLE.min(n);
    let sample = (0..m)
        .map(|k| {
            let i = if m > 1 { k * (n - 1) / (m - 1) } else { 0 };
            [e.skills[i], y.hours[i], y.incomes[i]]
        })
        .collect();
    let deciles = (0..10)
        .map(|d| {
            let r = decile_range(d, n);
            let k = r.len().max(1) as f64;
            let mean = |v: &[f64]| v[r.clone()].iter().sum::<f64>() / k;
            Decile {
                income: mean(&y.incomes),
                tax: mean(&y.taxes),
                consumption: mean(&y.consumption),
                utility: mean(&y.utilities),
                hours: mean(&y.hours),
            }
        })
        .collect();
    EconomySummary {
        schedule: y.schedule.clone(),
        metrics: y.metrics.clone(),
        welfare: y.welfare(cfg.objective),
        rebate: y.rebate,
        lorenz: lorenz(&post, QUANTILES),
        income_quantiles: quantiles(&y.incomes),
        consumption_quantiles: (0..=QUANTILES)
            .map(|k| quantile_sorted(&post, k as f64 / QUANTILES as f64))
            .collect(),
        sample,
        deciles,
    }
}

fn decile_changes(base: &Year, y: &Year) -> Vec<DecileChange> {
    let n = y.consumption.len();
    (0..10)
        .map(|d| {
            let r = decile_range(d, n);
            let k = r.len().max(1) as f64;
            let mut out = DecileChange::default();
            let mut base_sum = 0.0;
            for i in r {
                let (b, c) = (base.consumption[i], y.consumption[i]);
                out.change += c - b;
                base_sum += b;
                let rel = (c - b) / b.abs().max(1.0);
                let bucket = if rel > 0.05 {
                    &mut out.gain_more
                } else if rel > 0.001 {
                    &mut out.gain_less
                } else if rel >= -0.001 {
                    &mut out.no_change
                } else if rel >= -0.05 {
                    &mut out.lose_less
                } else {
                    &mut out.lose_more
                };
                *bucket += 1.0;
            }
            out.relative = if base_sum.abs() > 0.0 {
                out.change / base_sum.abs()
            } else {
                0.0
            };
            out.change /= k;
            for s in [
                &mut out.gain_more,
                &mut out.gain_less,
                &mut out.no_change,
                &mut out.lose_less,
                &mut out.lose_more,
            ] {
                *s /= k;
            }
            out
        })
        .collect()
}

impl LabRunner for TaxRunner {
    type Results = TaxResults;
    type Outcome = PlannerResult;

    fn total(&self) -> usize {
        self.cfg.planners.len()
    }
    fn done(&self) -> usize {
        self.done.len()
    }
    /// Planners up to the next run that asks the model; those are run in order by the runner that
    /// commits them (the oracle counts their calls).
    fn independent_until(&self) -> usize {
        let n = self.cfg.planners.len();
        (self.done.len()..n)
            .find(|&i| self.cfg.asks(i))
            .unwrap_or(n)
    }
    fn compute(&mut self, unit: usize) -> Option<PlannerResult> {
        self.compute_unit(unit)
    }
    fn commit(&mut self, outcome: PlannerResult) {
        self.done.push(outcome);
    }
    fn results(&self) -> TaxResults {
        let oracle = self
            .cfg
            .planners
            .iter()
            .zip(&self.done)
            .find(|(p, _)| p.is_oracle())
            .map(|(_, r)| r.last.welfare);
        let mut planners = self.done.clone();
        for (unit, r) in planners.iter_mut().enumerate() {
            if let Some(j) = self.llm_index(unit) {
                r.llm = Some(self.llm_stats(j));
            }
        }
        TaxResults {
            workers: self.economy.workers(),
            skill_quantiles: self.skill_quantiles.clone(),
            baseline: self.baseline_summary.clone(),
            planners,
            oracle_gap: match oracle {
                Some(o) => self.done.iter().map(|r| o - r.last.welfare).collect(),
                None => Vec::new(),
            },
        }
    }
    fn work_done(&self) -> u64 {
        self.done.iter().map(|r| r.responses).sum()
    }

    fn stopped(&self) -> Option<&UnitEnd> {
        self.stop.as_ref()
    }

    /// The next request of each of the next `max` LLM planners waiting for a reply (their
    /// runs are independent: ask them at once).
    fn pending_calls(&mut self, max: usize) -> Vec<PendingCall> {
        if matches!(self.stop, Some(UnitEnd::Mismatch(_))) {
            return Vec::new();
        }
        let stop = self.stop.take();
        let oracle = self.oracle.clone();
        let llm_units: Vec<usize> = (self.done.len()..self.cfg.planners.len())
            .filter(|&u| self.cfg.asks(u))
            .collect();
        let out = probe_pending(&oracle, max, llm_units, |u| self.compute_unit(u).is_some());
        self.stop = stop;
        out
    }

    fn record(&mut self, call: &PendingCall, exchange: Exchange) -> bool {
        record_reply(&self.oracle, &mut self.stop, call, exchange)
    }

    fn oracle(&self) -> Option<&OracleHandle> {
        self.cfg.has_llm().then_some(&self.oracle)
    }
}

impl TaxExperiment {
    /// What every planner is told about the run.
    pub fn planner_setup(&self) -> Setup<'_> {
        Setup {
            brackets: self.schedule.brackets(),
            workers: self.skills.workers(self.workers),
            utility: &self.utility,
            proposals: self.mode.proposals(),
        }
    }
}
