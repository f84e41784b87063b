// Main-thread blocking while large runs stream their results: the built site in headless
// Chromium, as a user runs it.
//
//   node tests/bench/jank.mjs [RUNS]     (AGORA_URL = the served dist/, default 5 runs)
//
// Opens each experiment through its share link (made by the native CLI, with its digest), which
// starts the run, and records every long task (a main-thread task over 50 ms, Chromium's
// PerformanceObserver 'longtask') from the moment the page is ready until the digest shows.
// Cases (issue 16's sizes, cut to what fits a benchmark run):
// - bandits: the nine classic arms, four policies, T = 1,000,000, 4 repetitions (16 M pulls);
// - games: a 100-player round robin (44 strategies twice, 12 more Tit For Tats), 200 turns,
//   2 repetitions;
// - tax: the plan-once economy with 100,000 workers (three planners).
// Reports, per case, the median over RUNS fresh contexts of the number of long tasks and of the
// longest one, and the longest seen in any run. Results also go to target/bench-jank.json.
// A measurement, not a test: it asserts nothing about time.

import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { BASE, launch, linkFor, freshPage, open, tid, waitForDigest } from '../e2e/helpers.mjs';
import { LARGE_RUNS, recordLongTasks } from './large-runs.mjs';
import { RUNS, outFile, median, newReport } from './measure.mjs';

const OUT = outFile('bench-jank');

const CASES = Object.values(LARGE_RUNS);

async function once(browser, link) {
  const { context, page } = await freshPage(browser);
  page.on('crash', () => console.log('  the page crashed'));
  try {
    await recordLongTasks(page);
    await open(page, link);
    await page.waitForSelector(tid('run'));
    await page.evaluate(() => { window.agoraLongTasks = []; });
    await waitForDigest(page, 15 * 60_000);
    if (page.agoraErrors.length) throw new Error(page.agoraErrors.join('\n'));
    return await page.evaluate(() => window.agoraLongTasks.map(Math.round));
  } finally {
    await context.close();
  }
}

const browser = await launch();
const report = newReport(browser, BASE);
try {
  for (const [name, exp] of CASES) {
    const link = linkFor(exp, { digest: true });
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await once(browser, link));
    const row = {
      name,
      long_tasks_median: median(runs.map((r) => r.length)),
      longest_ms_median: median(runs.map((r) => Math.max(0, ...r))),
      longest_ms_max: Math.max(0, ...runs.flat()),
      runs,
    };
    report.results.push(row);
    console.log(`${name}: ${row.long_tasks_median} long tasks, longest ${row.longest_ms_median} ms (median), ${row.longest_ms_max} ms (worst)`);
  }
} finally {
  await browser.close();
}
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);
console.log(`wrote ${OUT}`);
