// Browser benchmark of the meta-RL lab: the built site in headless Chromium, as a user runs it.
//
//   node tests/bench/metarl.mjs [RUNS]     (AGORA_URL = the served dist/, default 5 runs)
//
// Opens the presets through their share links (made by the native CLI, carrying its digest),
// waits for the digest and reads the workers' own compute time from
// `[data-testid=run-stats]` (data-elapsed-ms). Cases:
// - `metarl-rl2` on one Web Worker: the actor-critic trained to RL^2's level (8,000 updates,
//   20 evaluations of 2,000 episodes) and its 6 baselines (the target: under 60 s);
// - `metarl-ablation` on the pool (one Web Worker per core): 12 training runs of 3,000 updates
//   and 3 baselines (the target: under 5 minutes);
// - `metarl-ablation` on one Web Worker, for the pool's speed-up.
// Medians of RUNS fresh contexts; every run must reproduce the native digest. Results also go
// to target/bench-metarl-browser.json. A measurement, not a test: it asserts nothing about
// speed.

import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { BASE, launch, presetJson, linkFor } from '../e2e/helpers.mjs';
import { outFile, median, measure, fmt, newReport } from './measure.mjs';

const OUT = outFile('bench-metarl-browser');
const cases = [
  ['metarl-rl2 (actor-critic to RL^2\'s level), 1 worker', presetJson('metarl-rl2'), 1],
  ['metarl-ablation (12 training runs), one worker per core', presetJson('metarl-ablation'), 0],
  ['metarl-ablation (12 training runs), 1 worker', presetJson('metarl-ablation'), 1],
];

const browser = await launch();
const report = newReport(browser, BASE);
try {
  for (const [name, exp, workers] of cases) {
    const runs = await measure(browser, linkFor(exp, { digest: true }), { workers });
    const ms = median(runs.map((r) => r.ms));
    report.results.push({ name, workers: runs[0].workers, median_ms: ms, fastest_ms: Math.min(...runs.map((r) => r.ms)), runs_ms: runs.map((r) => r.ms), page_ms: median(runs.map((r) => r.page_ms)), digest: runs[0].digest });
    console.log(`${name}: ${fmt(ms / 1000, 1)} s (median) on ${runs[0].workers} worker(s); runs: ${runs.map((r) => fmt(r.ms)).join(', ')} ms; digest ${runs[0].digest} = native`);
  }
} finally {
  await browser.close();
}
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);
console.log(`wrote ${OUT}`);
