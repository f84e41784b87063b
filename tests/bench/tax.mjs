// Browser benchmark of the tax-planner lab: the built site in headless Chromium, as a user runs
// it.
//
//   node tests/bench/tax.mjs [RUNS]     (AGORA_URL = the served dist/, default 5 runs)
//
// Opens tax experiments through their share links (made by the native CLI, carrying its
// digest), on one Web Worker, which starts the run; waits for the digest; reads the worker's
// own compute time and the worker choices computed from `[data-testid=run-stats]`
// (data-elapsed-ms, data-pulls). The same cases as the native benchmark
// (crates/engine/examples/bench_tax.rs), all on the `tax-compare` economy (GB2 skills, isoelastic
// workers with e = 0.4, three brackets, rebate):
// - 100,000 workers under one planner (US federal 2024) for 1 and for 10 tax years. A run also
//   settles the status quo and summarises it and the final year (sorts, quantiles, Lorenz
//   curves, deciles), so one tax year alone overstates a year's cost: the cost of one
//   economy-year inside a run is (10 years - 1 year) / 9;
// - Saez (data-driven and analytic), coordinate search and the cross-entropy method at 10,000
//   workers over 50 tax years, each alone and the four in one experiment;
// - the oracle's lattice (11 rates on 3 brackets, 1,331 settled economies) at 1,000 workers,
//   alone and inside the whole `tax-compare` preset.
// Medians of RUNS fresh contexts; every run must reproduce the native digest. Results also go to
// target/bench-tax-browser.json. A measurement, not a test: it asserts nothing about speed.

import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { BASE, launch, presetJson, linkFor } from '../e2e/helpers.mjs';
import { outFile, median, measure, fmt, newReport } from './measure.mjs';

const OUT = outFile('bench-tax-browser');

const compare = presetJson('tax-compare');
const taxYears = (years) => ({ kind: 'tax_years', years, period: 1 });
const economy = (workers, years, planners) => ({ ...compare, workers, mode: taxYears(years), planners });

const learners = [
  ['Saez, data-driven', { kind: 'saez_data' }],
  ['Saez, analytic', { kind: 'saez_analytic' }],
  ['coordinate search', { kind: 'search' }],
  ['cross-entropy method', { kind: 'cem' }],
];

const cases = [
  ['100,000 workers, US federal 2024, 1 tax year', economy(100_000, 1, [{ kind: 'us_federal', year: 2024 }])],
  ['100,000 workers, US federal 2024, 10 tax years', economy(100_000, 10, [{ kind: 'us_federal', year: 2024 }])],
  ...learners.map(([name, p]) => [`10,000 workers, 50 years: ${name}`, economy(10_000, 50, [p])]),
  ['10,000 workers, 50 years: the four in one experiment', economy(10_000, 50, learners.map(([, p]) => p))],
  ['1,000 workers: the oracle (1,331 schedules) and 50 years', economy(1_000, 50, [{ kind: 'oracle' }])],
  ['the tax-compare preset (7 planners, oracle included)', compare],
];

const browser = await launch();
const report = newReport(browser, BASE);
const byName = new Map();
try {
  for (const [name, exp] of cases) {
    const runs = await measure(browser, linkFor(exp, { digest: true }), { workers: 1 });
    const ms = median(runs.map((r) => r.ms));
    const choices = runs[0].work;
    byName.set(name, runs);
    report.results.push({ name, workers: exp.workers, planners: exp.planners.length, worker_choices: choices, median_ms: ms, fastest_ms: Math.min(...runs.map((r) => r.ms)), runs_ms: runs.map((r) => r.ms), page_ms: median(runs.map((r) => r.page_ms)), digest: runs[0].digest });
    console.log(`${name}: ${fmt(ms / 1000, 3)} s (median), ${fmt(choices)} worker choices, ${fmt(choices / (ms / 1000) / 1e6, 2)} M/s; runs: ${runs.map((r) => fmt(r.ms)).join(', ')} ms; digest ${runs[0].digest} = native`);
  }
  // One economy-year inside a run: the 10-year run minus the 1-year run, over 9 years.
  const one = byName.get(cases[0][0]);
  const ten = byName.get(cases[1][0]);
  const perYear = (median(ten.map((r) => r.ms)) - median(one.map((r) => r.ms))) / 9;
  report.results.push({ name: 'one economy-year of 100,000 workers inside a run ((10 years - 1 year) / 9)', median_ms: perYear });
  console.log(`one economy-year of 100,000 workers inside a run: ${fmt(perYear, 1)} ms ((10 years - 1 year) / 9 of the medians)`);
} finally {
  await browser.close();
}
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);
console.log(`wrote ${OUT}`);
