// Peak memory of the largest experiments each lab accepts, natively and in the browser.
//
//   node tests/bench/memory.mjs   (AGORA_URL = the served dist/, AGORA_CLI = the agora CLI;
//                                  AGORA_MEMORY_ONLY=LAB: only that lab's case)
//
// Each case is an experiment at the lab's limits where they set the memory (see BENCHMARKS.md,
// "Memory"), with the cheap dimension (the horizon, the turns) cut so that it runs in seconds:
// what a lab keeps grows with repetitions, policies, arms, players and workers, not with the
// length of a run, whose results are kept at checkpoints.
// Natively: the CLI's peak resident memory (`/usr/bin/time -f %M`, the whole process, on one
// thread). In Chromium: the size of the run's Web Worker's WebAssembly memory when it is done
// (`data-memory-bytes` of the run statistics; a wasm memory never shrinks, so this is its
// peak), one worker. The browser run must reproduce the native digest. Writes
// target/bench-memory.json. A measurement, not a test.

import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { CLI, BASE, launch, presetJson, linkFor, freshPage, open, tid, waitForDigest } from '../e2e/helpers.mjs';
import { outFile, newReport } from './measure.mjs';

const bandits = presetJson('bandits-classic');
bandits.environment = { kind: 'bernoulli', means: Array.from({ length: 100 }, (_, i) => (i + 1) / 101) };
bandits.policies = Array.from({ length: 32 }, () => ({ kind: 'ucb1' }));
bandits.repetitions = 100_000;
bandits.horizon = 10;

const STRATEGIES = cliLines(['strategies']).map((l) => l.split('\t')[0])
  .filter((k) => !['FictitiousPlay', 'RegretMatching', 'Hedge', 'EXP3', 'QLearner', 'LLM'].includes(k));
const games = presetJson('games-axelrod');
games.players = Array.from({ length: 100 }, (_, i) => ({ kind: STRATEGIES[i % STRATEGIES.length] }));
games.repetitions = 1000;
games.turns = 9;

const tax = presetJson('tax-compare');
tax.workers = 100_000;

// Meta-RL: what grows is the number of training runs and the network (each run's learning
// curve and trained parameters are kept), not the number of updates: 64 runs of the largest (128 units)
// network, one update each, on a replay buffer of the largest size.
const metarl = presetJson('metarl-blocks');
metarl.agents = [metarl.agents[0]];
metarl.agents[0].train.hidden = 128;
metarl.seeds = 64;
metarl.updates = 1;
metarl.eval = { ...metarl.eval, blocks: 1, every: 1 };

const CASES = [
  ['bandits: 32 policies, 100 arms, 100,000 repetitions (horizon 10)', bandits],
  ['games: 100 players, 1,000 repetitions (9 turns: 45 M turns)', games],
  [`tax: tax-compare with 100,000 workers (${tax.planners.length} planners)`, tax],
  ['meta-RL: 64 training runs of a 128-unit network (one update each)', metarl],
];

function cliLines(args) {
  return execFileSync(CLI, args, { encoding: 'utf8' }).trim().split('\n');
}

function nativePeak(exp) {
  // /usr/bin/time writes to standard error: run through a shell to collect both.
  const res = execFileSync('sh', ['-c', `/usr/bin/time -f 'peak-kb %M' "${CLI}" run - --digest-only --jobs 1 2>&1`], {
    input: JSON.stringify(exp), encoding: 'utf8', maxBuffer: 1 << 26,
  });
  const kb = Number(/peak-kb (\d+)/.exec(res)?.[1]);
  const digest = res.trim().split('\n')[0];
  return { bytes: kb * 1024, digest };
}

const browser = await launch();
const report = newReport(browser, BASE);
try {
  const only = process.env.AGORA_MEMORY_ONLY;
  for (const [name, exp] of CASES.filter(([n]) => !only || n.startsWith(only))) {
    const n = nativePeak(exp);
    const { context, page } = await freshPage(browser);
    let bytes;
    try {
      await open(page, '#/');
      await page.evaluate(() => localStorage.setItem('agora.settings', JSON.stringify({ workers: 1 })));
      await open(page, linkFor(exp, { digest: true }));
      const digest = await waitForDigest(page, 15 * 60_000);
      if (digest !== n.digest) throw new Error(`${name}: the browser gave ${digest}, natively ${n.digest}`);
      bytes = Number(await page.$eval(tid('run-stats'), (el) => el.getAttribute('data-memory-bytes')));
    } finally {
      await context.close();
    }
    const row = { name, native_peak_bytes: n.bytes, browser_wasm_bytes: bytes, digest: n.digest };
    report.results.push(row);
    console.log(`${name}: native peak ${(n.bytes / 1e6).toFixed(0)} MB, browser worker ${(bytes / 1e6).toFixed(0)} MB`);
  }
} finally {
  await browser.close();
}
if (!process.env.AGORA_MEMORY_ONLY) writeFileSync(outFile('bench-memory'), `${JSON.stringify(report, null, 2)}\n`);
