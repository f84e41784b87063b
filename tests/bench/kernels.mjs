// The engine's kernels in WebAssembly beside the same kernels natively, without a browser page:
//
//   node tests/bench/kernels.mjs [RUNS]      (default 5 runs per case)
//
// Runs `kernels_native` (crates/engine/examples/kernels_native.rs) and loads `kernels_wasm`
// (the same cases compiled to a WebAssembly module with no imports) into this Node process,
// whose V8 is the engine Chromium runs Agora's workers with. Each case's checksum (the first 52
// bits of the run's digest) must be the same in both: the WebAssembly computed the same bits.
// Prints a table of median times (fastest in parentheses) and WebAssembly's speed as a fraction
// of native speed; writes target/bench-kernels.json. Profile a case with
// `node --cpu-prof tests/bench/kernels.mjs 1 CASE` (function names are in the module).
// This is a measurement, not a test: it asserts nothing about speed. Build both first:
//   cargo build --release -p agora-engine --example kernels_native
//   cargo build --release -p agora-engine --example kernels_wasm --target wasm32-unknown-unknown

import { readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { outFile, median } from './measure.mjs';

const RUNS = Number(process.argv[2] ?? 5);
const ONLY = process.argv[3] === undefined ? null : Number(process.argv[3]);
const TARGET = process.env.AGORA_TARGET ?? process.env.CARGO_TARGET_DIR ?? join(import.meta.dirname, '..', '..', 'target');

const native = execFileSync(join(TARGET, 'release', 'examples', 'kernels_native'), [String(RUNS)], { encoding: 'utf8' })
  .trim().split('\n').map((l) => JSON.parse(l));
const bytes = readFileSync(join(TARGET, 'wasm32-unknown-unknown', 'release', 'examples', 'kernels_wasm.wasm'));
const { instance } = await WebAssembly.instantiate(bytes, {});
const { kernels_count, kernels_run } = instance.exports;

const rows = [];
for (let c = 0; c < kernels_count(); c++) {
  if (ONLY !== null && c !== ONLY) continue;
  const times = [];
  let check;
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    check = kernels_run(c);
    times.push((performance.now() - t) / 1000);
  }
  const n = native[c];
  const wasm = { median: median(times), fastest: Math.min(...times) };
  const row = { name: n.name, native: { median: n.median, fastest: n.fastest }, wasm, speed: n.median / wasm.median, same_bits: check === n.check };
  rows.push(row);
  const s = (x) => x.toFixed(3);
  console.log(`${n.name.padEnd(58)} native ${s(n.median)} (${s(n.fastest)}) s  wasm ${s(wasm.median)} (${s(wasm.fastest)}) s  speed ${row.speed.toFixed(2)}x native  ${row.same_bits ? 'same bits' : 'DIFFERENT BITS'}`);
}
writeFileSync(outFile('bench-kernels'), JSON.stringify({ date: new Date().toISOString(), node: process.version, runs: RUNS, rows }, null, 2));
if (rows.some((r) => !r.same_bits)) {
  console.error('WebAssembly and native code computed different bits');
  process.exit(1);
}
