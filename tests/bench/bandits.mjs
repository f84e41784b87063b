// Browser benchmark of the bandit lab: the built site in headless Chromium, as a user runs it.
//
//   node tests/bench/bandits.mjs [RUNS]     (AGORA_URL = the served dist/, default 5 runs)
//
// Opens the `bandits-benchmark` preset through its share link (made by the native CLI), on one
// Web Worker (tests/bench/pool.mjs measures pools), which
// starts the run; waits for the digest; reads the worker's wall time and pull count from
// `[data-testid=run-stats]` (data-elapsed-ms, data-pulls). Each measurement is repeated in a
// fresh browser context and the median is reported. Then UCB1, Thompson and KL-UCB alone on
// K = 10 Bernoulli arms (means i/11, T = 100,000, 10 repetitions: the native benchmark's
// setting; uniform random play as the baseline cost of the loop and the reward draws), reported
// as pulls per second. Each link carries the native CLI's digest, and every
// run must reproduce it. Results also go to target/bench-browser.json.
// This is a measurement, not a test: it asserts nothing about speed.

import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { BASE, launch, presetJson, linkFor } from '../e2e/helpers.mjs';
import { outFile, median, measure, fmt, newReport } from './measure.mjs';

const OUT = outFile('bench-browser');

function single(kind) {
  const exp = presetJson('bandits-benchmark');
  exp.seed = 2024;
  exp.horizon = 100_000;
  exp.repetitions = 10;
  exp.environment = { kind: 'bernoulli', means: Array.from({ length: 10 }, (_, i) => (i + 1) / 11) };
  exp.policies = [{ kind }];
  return exp;
}

const browser = await launch();
const report = newReport(browser, BASE);
try {
  const bench = presetJson('bandits-benchmark');
  const runs = await measure(browser, linkFor(bench, { digest: true }), { workers: 1 });
  const ms = median(runs.map((r) => r.ms));
  const pulls = runs[0].work;
  report.results.push({ name: 'bandits-benchmark preset', pulls, median_ms: ms, runs_ms: runs.map((r) => r.ms), digest: runs[0].digest });
  console.log(`bandits-benchmark preset: ${fmt(pulls)} pulls in ${fmt(ms / 1000, 3)} s (median), ${fmt(pulls / (ms / 1000) / 1e6, 2)} M pulls/s; runs: ${runs.map((r) => fmt(r.ms)).join(', ')} ms; digest ${runs[0].digest} = native`);

  for (const kind of ['uniform', 'ucb1', 'thompson', 'kl_ucb']) {
    const exp = single(kind);
    let link;
    try {
      link = linkFor(exp, { digest: true });
    } catch (e) {
      console.log(`${kind}: skipped (${String(e.message).trim()})`);
      continue;
    }
    const r = await measure(browser, link, { workers: 1 });
    const m = median(r.map((x) => x.ms));
    const rate = r[0].work / (m / 1000);
    report.results.push({ name: `${kind} alone, K=10, T=100,000, 10 reps`, pulls: r[0].work, median_ms: m, pulls_per_s: rate, runs_ms: r.map((x) => x.ms), digest: r[0].digest });
    console.log(`${kind} alone (K=10, T=100,000, 10 reps): ${fmt(r[0].work)} pulls in ${fmt(m / 1000, 3)} s (median), ${fmt(rate / 1e6, 2)} M pulls/s`);
  }
} finally {
  await browser.close();
}
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);
console.log(`wrote ${OUT}`);
