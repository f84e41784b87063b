// Browser benchmark of the repeated-games lab: the built site in headless Chromium, as a user
// runs it.
//
//   node tests/bench/games.mjs [RUNS]     (AGORA_URL = the served dist/, default 5 runs)
//
// Opens round-robin tournaments through their share links (made by the native CLI, carrying
// its digest), which start the run; waits for the digest; reads the worker's wall time and
// turn count from `[data-testid=run-stats]`. The same tournaments as the native benchmark
// (crates/engine/examples/bench_games.rs): the `games-axelrod` preset, the 46 strategies the
// Axelrod library also has without and with 5 % noise, and the preset's field with 100
// repetitions (long enough to time precisely). Medians of RUNS fresh contexts; each page then
// runs its tournament a second time, which shows the same tournament once V8 has optimized the
// worker's code. Results also go to target/bench-games-browser.json. A measurement, not a test: it asserts nothing about speed.

import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { BASE, launch, presetJson, linkFor, cli } from '../e2e/helpers.mjs';
import { outFile, median, measure, fmt, newReport } from './measure.mjs';

const OUT = outFile('bench-games-browser');

/** Agora's learning players and its LLM player, which the Axelrod library does not have. */
const LEARNERS = new Set(['FictitiousPlay', 'RegretMatching', 'Hedge', 'EXP3', 'QLearner', 'LLM']);

/** The strategies the Axelrod library also has (`agora strategies` minus the learners and the LLM). */
function sharedStrategies() {
  const kinds = cli(['strategies']);
  if (kinds.status !== 0) throw new Error(`agora strategies failed: ${kinds.stderr}`);
  return kinds.stdout.trim().split('\n').map((k) => k.split('\t')[0])
    .filter((k) => !LEARNERS.has(k)).map((kind) => ({ kind }));
}

const browser = await launch();
const report = newReport(browser, BASE);
try {
  const axelrod = presetJson('games-axelrod');
  const cases = [['games-axelrod (16 players, 10 reps)', axelrod]];
  const shared = sharedStrategies();
  const everyone = { ...axelrod, players: shared, repetitions: 5 };
  cases.push([`${shared.length} shared strategies (5 reps)`, everyone]);
  cases.push([`${shared.length} shared strategies, 5 % noise (5 reps)`, { ...everyone, noise: 0.05 }]);
  cases.push(['games-axelrod field, 100 reps', { ...axelrod, repetitions: 100 }]);
  for (const [name, exp] of cases) {
    const runs = await measure(browser, linkFor(exp, { digest: true }), { workers: 1, again: true });
    const ms = median(runs.map((r) => r.ms));
    const warm = median(runs.map((r) => r.warm_ms));
    const turns = runs[0].work;
    const rate = turns / (ms / 1000);
    report.results.push({ name, players: exp.players.length, turns, median_ms: ms, turns_per_s: rate, runs_ms: runs.map((r) => r.ms), warm_median_ms: warm, warm_turns_per_s: turns / (warm / 1000), digest: runs[0].digest });
    console.log(`${name}: ${fmt(turns)} turns in ${fmt(ms / 1000, 3)} s (median), ${fmt(rate / 1e6, 2)} M turns/s; runs: ${runs.map((r) => fmt(r.ms)).join(', ')} ms; run again in the same page: ${fmt(warm / 1000, 3)} s, ${fmt(turns / warm / 1e3, 2)} M turns/s; digest ${runs[0].digest} = native`);
  }
} finally {
  await browser.close();
}
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, `${JSON.stringify(report, null, 2)}\n`);
console.log(`wrote ${OUT}`);
