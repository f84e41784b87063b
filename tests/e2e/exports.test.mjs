// Exports: results as CSV and JSON, charts as PNG and SVG. The JSON export is checked against
// the digest's definition (SHA-256 of the canonical results) and against the native CLI.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import {
  LONG, launch, freshPage, open, tid, waitForDigest, cli, assertNoPageErrors,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Clicks `id` and returns the downloaded file's name and bytes. */
async function download(page, id) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(tid(id))]);
  const path = await dl.path();
  return { name: dl.suggestedFilename(), bytes: readFileSync(path) };
}

/** Splits one CSV line (fields may be quoted with "" escapes). */
function csvFields(line) {
  const out = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; } else if (c === '"') quoted = false; else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { out.push(cur); cur = ''; } else cur += c;
  }
  out.push(cur);
  return out;
}

test('results export as JSON and CSV, consistent with the digest and the CLI', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    await open(page, '#/bandits');
    await page.click(tid('run'));
    const digest = await waitForDigest(page);

    // JSON: {"experiment": ..., "digest": ..., "results": ...}
    const json = await download(page, 'export-json');
    assert.match(json.name, /\.json$/);
    const text = json.bytes.toString('utf8');
    const doc = JSON.parse(text);
    assert.equal(doc.digest, digest);
    assert.equal(doc.experiment.format, 1);

    // The digest is the first 16 hex characters of SHA-256 of the canonical JSON of the
    // results tagged with their lab: recompute it from the exported results text, verbatim.
    const at = text.indexOf('"results": ') + '"results": '.length;
    const canonical = text.slice(at, text.lastIndexOf('}')).trim();
    assert.ok(canonical.startsWith(`{"lab":"${doc.experiment.lab}",`), 'results tagged with their lab');
    const sha = createHash('sha256').update(canonical).digest('hex').slice(0, 16);
    assert.equal(sha, digest, 'the exported results hash to the digest');

    // The exported experiment, run natively, prints the same document: same experiment,
    // digest and results, to the byte.
    const r = cli(['run', '--jobs', '1', '-'], JSON.stringify(doc.experiment));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, text, 'the CLI prints the document the page exported');

    // CSV: one row per policy per checkpoint, the same numbers as the JSON.
    const csv = await download(page, 'export-csv');
    assert.match(csv.name, /\.csv$/);
    const lines = csv.bytes.toString('utf8').trim().split('\n');
    assert.equal(lines[0], 'policy,t,regret_mean,regret_ci95,realized_regret_mean,best_arm_fraction');
    const res = doc.results;
    assert.equal(lines.length - 1, res.policies.length * res.checkpoints.length);
    let row = 1;
    for (const p of res.policies) {
      res.checkpoints.forEach((t, i) => {
        const f = csvFields(lines[row++]);
        assert.equal(f.length, 6, lines[row - 1]);
        assert.equal(f[0], p.label);
        assert.equal(Number(f[1]), t);
        assert.equal(Number(f[2]), p.regret_mean[i]);
        assert.equal(Number(f[3]), p.regret_ci95[i]);
        assert.equal(Number(f[4]), p.realized_regret_mean[i]);
        assert.equal(Number(f[5]), p.best_arm_fraction[i]);
      });
    }
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('the command-line line under the share link reproduces the digest', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    await open(page, '#/games?preset=games-axelrod');
    await page.click(tid('run'));
    const digest = await waitForDigest(page);
    const line = await page.textContent(tid('cli-line'));
    const m = line.match(/^agora run --link '([^']+)'$/);
    assert.ok(m, line);
    assert.equal(m[1], await page.inputValue(tid('share-link')));
    const r = cli(['run', '--link', m[1], '--digest-only']);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), digest);
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('charts download as PNG and SVG', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    await open(page, '#/bandits');
    await page.click(tid('run'));
    await waitForDigest(page);
    const png = await download(page, 'chart-regret-png');
    assert.match(png.name, /\.png$/);
    assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
    assert.ok(png.bytes.length > 2000, `a real image (${png.bytes.length} bytes)`);
    // For print: drawn again at 2x and 3x the chart's CSS size (PNG's IHDR holds the size).
    const box = await page.$eval(tid('chart-regret-canvas'), (c) => [c.clientWidth, c.clientHeight]);
    for (const k of [2, 3]) {
      const big = await download(page, `chart-regret-png${k}`);
      assert.match(big.name, new RegExp(`@${k}x\\.png$`));
      const size = [big.bytes.readUInt32BE(16), big.bytes.readUInt32BE(20)];
      assert.deepEqual(size, [box[0] * k, box[1] * k], `${k}x: ${size} for a ${box} chart`);
    }
    const svg = await download(page, 'chart-regret-svg');
    assert.match(svg.name, /\.svg$/);
    const s = svg.bytes.toString('utf8');
    assert.match(s, /<svg[\s>]/);
    assert.match(s, /<\/svg>\s*$/);
    assert.match(s, /UCB1/, 'the legend names the policies');
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});
