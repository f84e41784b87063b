// Where the page's main thread spends a large run: a CPU profile of the page while a share
// link's run streams, split into the profile's own tasks (runs of busy samples), with the
// functions of each task over 40 ms. The tool behind BENCHMARKS.md's "Main-thread blocking".
//
//   node tests/bench/profile.mjs bandits|games|tax    (AGORA_URL = the served dist/, AGORA_CLI)
//
// Function names need a build that keeps them: build the app with data-wasm-opt="0" on its
// <link data-trunk rel="rust" data-bin="agora-web"> in index.html (wasm-opt strips the names
// section), e.g. `trunk build --release --dist /tmp/dist-prof`, and serve that. Also writes
// the profile to tests/e2e/artifacts/<case>.cpuprofile (open it in Chromium's DevTools).
// The cases are the large runs of tests/bench/large-runs.mjs, which jank.mjs counts.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS, launch, linkFor, freshPage, open, tid, waitForDigest } from '../e2e/helpers.mjs';
import { LARGE_RUNS, recordLongTasks } from './large-runs.mjs';

const which = process.argv[2] ?? 'tax';
if (!(which in LARGE_RUNS)) throw new Error(`no large run '${which}': ${Object.keys(LARGE_RUNS).join(', ')}`);
const [, exp] = LARGE_RUNS[which];
const link = linkFor(exp, { digest: true });

const browser = await launch();
try {
  const { context, page } = await freshPage(browser);
  await recordLongTasks(page);
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await open(page, link);
  await page.waitForSelector(tid('run'));
  await page.evaluate(() => { window.agoraLongTasks = []; });
  await cdp.send('Profiler.start');
  await waitForDigest(page, 15 * 60_000);
  await page.waitForTimeout(500);
  const { profile } = await cdp.send('Profiler.stop');
  console.log(`long tasks (ms): ${JSON.stringify(await page.evaluate(() => window.agoraLongTasks.map(Math.round)))}`);
  writeFileSync(join(ARTIFACTS, `${which}.cpuprofile`), JSON.stringify(profile));

  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  let ts = profile.startTime;
  let cur = null;
  const tasks = [];
  profile.samples.forEach((id, i) => {
    ts += profile.timeDeltas[i];
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (idle.has(id)) {
      if (cur) tasks.push(cur);
      cur = null;
      return;
    }
    cur ??= { start: (ts - profile.startTime) / 1000, busy: 0, fns: new Map() };
    cur.busy += dt;
    const seen = new Set();
    for (let x = id; x !== undefined; x = parent.get(x)) {
      const k = nodes.get(x).callFrame.functionName || '(anonymous)';
      if (!seen.has(k)) {
        seen.add(k);
        cur.fns.set(k, (cur.fns.get(k) ?? 0) + dt);
      }
    }
  });
  if (cur) tasks.push(cur);
  for (const t of tasks.filter((t) => t.busy > 40)) {
    console.log(`--- busy from +${t.start.toFixed(0)} ms: ${t.busy.toFixed(0)} ms`);
    const top = [...t.fns.entries()].sort((a, b) => b[1] - a[1]).slice(0, 40);
    console.log(top.map(([k, v]) => `${v.toFixed(1).padStart(7)} ms  ${k.slice(0, 150)}`).join('\n'));
  }
  await context.close();
} finally {
  await browser.close();
}
