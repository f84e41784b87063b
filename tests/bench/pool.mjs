// Browser benchmark of runs on several Web Workers: the `bandits-benchmark` preset and the
// `games-axelrod` field with 100 repetitions, on 1 worker and on pools of 2 and 4, in headless
// Chromium against the built site.
//
//   node tests/bench/pool.mjs [RUNS]     (AGORA_URL = the served dist/, default 5 runs)
//
// Each link carries the native CLI's digest and every run must reproduce it (the digest does
// not depend on the number of workers). Reports the worker's time (`data-elapsed-ms`: with a
// pool, the coordinator's wall time while running) and the page's time from opening the link
// to the digest, medians of RUNS fresh contexts; results also go to target/bench-pool.json.
// A measurement, not a test: it asserts nothing about speed.

import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { BASE, launch, presetJson, linkFor } from '../e2e/helpers.mjs';
import { outFile, median, measure, fmt, newReport } from './measure.mjs';

const OUT = outFile('bench-pool');
const browser = await launch();
const report = newReport(browser, BASE);
const axelrod = presetJson('games-axelrod');
axelrod.repetitions = 100;
try {
  for (const [name, exp] of [['bandits-benchmark preset', presetJson('bandits-benchmark')], ['games-axelrod, 100 repetitions', axelrod]]) {
    const link = linkFor(exp, { digest: true });
    for (const workers of [1, 2, 4]) {
      const runs = await measure(browser, link, { workers });
      const ms = median(runs.map((r) => r.ms));
      const page = median(runs.map((r) => r.page_ms));
      const work = runs[0].work;
      report.results.push({ name, workers, used: runs[0].workers, work, unit: runs[0].unit, median_ms: ms, median_page_ms: page, runs_ms: runs.map((r) => r.ms), digest: runs[0].digest });
      console.log(`${name}, ${workers} worker(s): ${fmt(ms / 1000, 3)} s in the worker (${fmt(work / (ms / 1000) / 1e6, 1)} M ${runs[0].unit}/s), ${fmt(page / 1000, 3)} s from opening the link; runs ${runs.map((r) => fmt(r.ms)).join(', ')} ms; digest ${runs[0].digest} = native`);
    }
  }
} finally {
  await browser.close();
}
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);
console.log(`wrote ${OUT}`);
