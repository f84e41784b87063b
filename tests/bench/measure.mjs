// Shared by the browser benchmarks: open a share link in fresh contexts, wait for the digest,
// read the worker's statistics, check reproduction, report medians.

import { dirname, join } from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { freshPage, open, tid, waitForDigest } from '../e2e/helpers.mjs';

export const RUNS = Number(process.argv[2] ?? process.env.AGORA_BENCH_RUNS ?? 5);
const here = dirname(fileURLToPath(import.meta.url));
/** Where a benchmark writes its report: target/<name>.json */
export const outFile = (name) => join(here, '..', '..', 'target', `${name}.json`);
const LIMIT = 15 * 60_000;

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Opens `link` in a fresh context `RUNS` times; returns the runs' {ms, work, unit, digest,
 * workers, page_ms}: `ms` is the worker's own time, `page_ms` the time from opening the link
 * to the digest showing (loading the app and starting the workers included). With `workers`,
 * the page's settings ask for that many Web Workers first (0: one per core).
 * The link carries the native CLI's digest: every run must reproduce it. With `again`, each
 * page then runs the experiment a second time (Run) and `warm_ms` is that run's worker time:
 * the same worker code after V8 has optimized it, as a returning visitor's browser runs it.
 */
export async function measure(browser, link, { workers, again = false } = {}) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const { context, page } = await freshPage(browser);
    try {
      if (workers !== undefined) {
        await open(page, '#/');
        await page.evaluate((w) => localStorage.setItem('agora.settings', JSON.stringify({ workers: w })), workers);
      }
      await open(page, link);
      const digest = await waitForDigest(page, LIMIT);
      const page_ms = await page.evaluate(() => performance.now());
      const stats = await page.$eval(tid('run-stats'), (el) => ({
        ms: Number(el.getAttribute('data-elapsed-ms')),
        work: Number(el.getAttribute('data-pulls')),
        unit: el.getAttribute('data-unit') ?? 'pulls',
        workers: Number(el.getAttribute('data-workers') ?? 1),
      }));
      const status = await page.waitForSelector(`${tid('reproduce-status')}[data-state]`, { timeout: LIMIT });
      const reproduced = (await status.getAttribute('data-state')) === 'match';
      const warm_ms = again ? await runAgain(page, stats.ms, digest) : undefined;
      if (page.agoraErrors.length) throw new Error(page.agoraErrors.join('\n'));
      runs.push({ ...stats, digest, reproduced, page_ms, warm_ms });
    } finally {
      await context.close();
    }
  }
  const digests = new Set(runs.map((r) => r.digest));
  if (digests.size !== 1) throw new Error(`runs disagree: ${[...digests].join(', ')}`);
  if (!runs.every((r) => r.reproduced)) throw new Error(`the browser did not reproduce the native digest of ${link}`);
  return runs;
}

/** Click Run on a page that has finished a run; the new run's worker time (same digest). */
async function runAgain(page, firstMs, digest) {
  await page.click(tid('run'));
  const handle = await page.waitForFunction(
    (old) => {
      const stats = document.querySelector('[data-testid="run-stats"]');
      const d = document.querySelector('[data-testid="digest"]');
      const ms = stats?.getAttribute('data-elapsed-ms');
      return d && /^[0-9a-f]{16}$/.test(d.textContent.trim()) && ms && ms !== old ? [Number(ms), d.textContent.trim()] : null;
    },
    firstMs.toFixed(1),
    { timeout: LIMIT, polling: 20 },
  );
  const [ms, again] = await handle.jsonValue();
  if (again !== digest) throw new Error(`the second run gave ${again}, the first ${digest}`);
  return ms;
}

/** The header of a benchmark report: date, browser, machine, runs, site. */
export function newReport(browser, site) {
  const report = {
    date: new Date().toISOString().slice(0, 10),
    chromium: browser.version(),
    cpus: os.cpus().length,
    cpu_model: os.cpus()[0]?.model ?? 'unknown',
    runs_each: RUNS,
    site,
    results: [],
  };
  console.log(`Chromium ${report.chromium}, ${report.cpus} cores (${report.cpu_model}), median of ${RUNS} runs`);
  return report;
}

export const fmt = (x, d = 0) => x.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
