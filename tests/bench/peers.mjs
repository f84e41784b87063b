// Agora beside its peers on the same work, from the reports the benchmarks of one
// scripts/bench.sh run wrote into target/: the peers (bench-peers.json, scripts/peers.sh), the
// engine natively and in WebAssembly under Node (bench-kernels.json, kernels.mjs) and the site
// in Chromium (bench-browser.json, bench-games-browser.json). Prints the table and rewrites the
// part of BENCHMARKS.md between the `peers:begin` and `peers:end` markers with it.
//
//   node tests/bench/peers.mjs
//
// Ratios are speeds (work per second): Agora's over the peer's. A report that is missing leaves
// its column empty.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { outFile } from './measure.mjs';

const read = (name) => (existsSync(outFile(name)) ? JSON.parse(readFileSync(outFile(name), 'utf8')) : null);
const peers = existsSync(outFile('bench-peers')) ? readFileSync(outFile('bench-peers'), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
const kernels = read('bench-kernels');
const browserBandits = read('bench-browser');
const browserGames = read('bench-games-browser');

const peer = (prefix) => peers.filter((p) => p.case.startsWith(prefix)).at(-1);
const kernel = (prefix) => kernels?.rows.find((r) => r.name.startsWith(prefix));
const inBrowser = (report, prefix) => report?.results.find((r) => r.name.startsWith(prefix));

/** Rows: what, the peer's measurement, the work of Agora's runs and their seconds. */
function row(what, p, work, k, b) {
  if (!p) return null;
  const peerRate = (p.pulls ?? p.turns) / p.median;
  const rate = (seconds) => (seconds ? work.amount / seconds : null);
  const native = rate(k?.native.median);
  const wasm = rate(k?.wasm.median);
  const browser = b ? b.work / (b.median_ms / 1000) : null;
  return { what, peer: p.peer, unit: work.unit, peerRate, native, wasm, browser };
}

const n46 = peer('4') ?? null;
const rows = [
  row('`bandits-benchmark` (9 Bernoulli arms, UCB1 + Thompson + KL-UCB + epsilon-greedy, T = 10,000, 100 reps)',
    peer('bandits-benchmark'), { amount: 4_000_000, unit: 'pulls' }, kernel('bandits-benchmark'),
    inBrowser(browserBandits, 'bandits-benchmark') && { work: 4_000_000, median_ms: inBrowser(browserBandits, 'bandits-benchmark').median_ms }),
  row('`games-axelrod` field (16 strategies), 200 turns (Agora: 100 reps; Axelrod: 10)',
    peer('games-axelrod field'), { amount: 2_720_000, unit: 'turns' }, kernel('games-axelrod field'),
    inBrowser(browserGames, 'games-axelrod field, 100') && { work: inBrowser(browserGames, 'games-axelrod field, 100').turns, median_ms: inBrowser(browserGames, 'games-axelrod field, 100').median_ms }),
  n46 && row(`${n46.players} strategies both libraries have, 200 turns, 5 reps`,
    peers.filter((p) => /strategies, 5 reps/.test(p.case)).at(-1), { amount: 1_081_000, unit: 'turns' }, kernel('46 strategies, 5 reps'),
    inBrowser(browserGames, `${n46.players} shared strategies (5`) && { work: 1_081_000, median_ms: inBrowser(browserGames, `${n46.players} shared strategies (5`).median_ms }),
  n46 && row('the same with 5 % noise',
    peers.filter((p) => /5 % noise/.test(p.case)).at(-1), { amount: 1_081_000, unit: 'turns' }, kernel('46 strategies, 5 % noise'),
    inBrowser(browserGames, `${n46.players} shared strategies, 5 %`) && { work: 1_081_000, median_ms: inBrowser(browserGames, `${n46.players} shared strategies, 5 %`).median_ms }),
].filter(Boolean);

const M = (x) => (x === null ? '' : x >= 1e6 ? `${(x / 1e6).toFixed(1)} M` : `${Math.round(x / 1e3)} k`);
const X = (x, p) => (x === null ? '' : `**${Math.round(x / p).toLocaleString('en-US')}x**`);
const date = new Date().toISOString().slice(0, 10);
const lines = [
  `Measured ${date} on this machine by the benchmarks \`scripts/bench.sh\` runs, one after another (peers: median of ${peers[0]?.runs ?? 3} runs; Agora: medians of the benchmarks' runs). Speeds in work per second; the ratio is Agora's speed over the peer's.`,
  '',
  '| work | peer | peer speed | Agora native | Agora wasm (Node) | Agora in Chromium | native / peer | Chromium / peer |',
  '|---|---|---:|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.what} | ${r.peer} | ${M(r.peerRate)} ${r.unit}/s | ${M(r.native)} | ${M(r.wasm)} | ${M(r.browser)} | ${X(r.native, r.peerRate)} | ${X(r.browser, r.peerRate)} |`),
];
const table = lines.join('\n');
console.log(table);

const file = join(import.meta.dirname, '..', '..', 'BENCHMARKS.md');
const doc = readFileSync(file, 'utf8');
const begin = '<!-- peers:begin (written by tests/bench/peers.mjs) -->';
const end = '<!-- peers:end -->';
const i = doc.indexOf(begin);
const j = doc.indexOf(end);
if (i < 0 || j < i) {
  console.log('BENCHMARKS.md has no peers markers: table not written');
} else {
  writeFileSync(file, `${doc.slice(0, i + begin.length)}\n${table}\n${doc.slice(j)}`);
  console.log('wrote the peers table into BENCHMARKS.md');
}
