// Every chart's data as a table (src/widgets/chart.rs): a closed "Data table" disclosure under
// the chart whose <table> appears when opened, thinned to at most 200 rows with a note, and a
// "Copy table" button that copies every row as tab-separated text. The copied numbers are
// checked against the lab's CSV export of the same run.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  LONG, MEDIUM, launch, freshPage, open, tid, waitForDigest, applyJson, presetJson,
  assertNoPageErrors,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Clicks `id` and returns the downloaded file's text. */
async function downloadText(page, id) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(tid(id))]);
  return readFileSync(await dl.path(), 'utf8');
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

/** Opens the data table of chart `id` and returns what its <table> shows. */
async function openTable(page, id) {
  assert.equal(await page.$(tid(`${id}-table`)), null, `${id}: no table on the page while closed`);
  await page.click(`${tid(`${id}-data`)} > summary`);
  await page.waitForSelector(tid(`${id}-table`), { timeout: MEDIUM });
  return page.$eval(tid(`${id}-table`), (t) => ({
    caption: t.caption?.textContent ?? null,
    headers: [...t.querySelectorAll('thead th')].map((th) => [th.getAttribute('scope'), th.textContent]),
    rows: [...t.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent)),
  }));
}

/** Clicks "Copy table" of chart `id` and returns the clipboard's text once it changed. */
async function copyTable(page, id) {
  await page.evaluate(() => navigator.clipboard.writeText(''));
  await page.bringToFront();
  await page.click(tid(`${id}-copy-table`));
  const copied = await page.waitForFunction(
    async () => {
      try {
        const t = await navigator.clipboard.readText();
        return t !== '' ? t : null;
      } catch {
        return null;
      }
    },
    null,
    { timeout: MEDIUM, polling: 200 },
  );
  return copied.jsonValue();
}

test('a long series: the table is thinned on the page and copied whole, as the CSV has it', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser, { clipboard: true });
  try {
    // Rock-Paper-Scissors with Hedge for 1,200 steps: fewer than the 2,000 points a curve
    // keeps, so the chart (and its table) has every step, as the CSV does.
    const exp = presetJson('games-rps-hedge');
    exp.steps = 1200;
    await open(page, '#/games');
    await applyJson(page, JSON.stringify(exp));
    await page.click(tid('run'));
    await waitForDigest(page);
    await page.waitForSelector(tid('chart-average-canvas'));

    const label = await page.getAttribute(tid('chart-average-canvas'), 'aria-label');
    assert.match(label, /Time-average strategies/, 'the canvas is named by its chart');
    assert.equal(await page.getAttribute(tid('chart-average-canvas'), 'role'), 'img');

    const t = await openTable(page, 'chart-average');
    assert.match(t.caption, /^Time-average strategies \(probability of each action averaged over steps 1\.\.t/);
    const names = ['Rock', 'Paper', 'Scissors'];
    assert.deepEqual(t.headers, [
      ['col', 'step t'],
      ...names.map((n) => ['col', `row: ${n}`]),
      ...names.map((n) => ['col', `column: ${n}`]),
    ]);
    // At most 200 rows, evenly spaced, with the first and the last step.
    assert.ok(t.rows.length <= 200 && t.rows.length >= 100, `${t.rows.length} rows shown`);
    assert.equal(t.rows[0][0], '1');
    assert.equal(t.rows.at(-1)[0], '1,200');
    const steps = t.rows.map((r) => Number(r[0].replace(/,/g, '')));
    const gaps = new Set(steps.slice(1, -1).map((s, i) => s - steps[i]));
    assert.equal(gaps.size, 1, `evenly spaced: gaps ${[...gaps]}`);
    const note = await page.textContent(tid('chart-average-table-note'));
    assert.match(note, new RegExp(`Showing ${t.rows.length} of 1,200 rows`));
    assert.match(note, /CSV/);

    // The copied text: a header and every one of the 1,200 steps, the CSV's numbers.
    const tsv = (await copyTable(page, 'chart-average')).trimEnd().split('\n').map((l) => l.split('\t'));
    assert.deepEqual(tsv[0], t.headers.map((h) => h[1]));
    assert.equal(tsv.length - 1, 1200, 'every row is copied');
    assert.match(await page.textContent(tid('chart-average-copy-status')), /Copied 1,200 rows/);
    const csv = (await downloadText(page, 'export-csv')).trimEnd().split('\n').map(csvFields);
    assert.deepEqual(csv[0].slice(0, 7), ['step', 'row_avg_0', 'row_avg_1', 'row_avg_2', 'col_avg_0', 'col_avg_1', 'col_avg_2']);
    assert.equal(csv.length - 1, 1200);
    for (let i = 1; i <= 1200; i++) {
      assert.deepEqual(tsv[i], csv[i].slice(0, 7), `step ${i}: copied row = CSV row`);
    }

    // Closing the disclosure takes the table off the page again.
    await page.click(`${tid('chart-average-data')} > summary`);
    await page.waitForSelector(tid('chart-average-table'), { state: 'detached' });
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('every bandit chart has a table; the regret table is the CSV\'s mean regret with its band', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser, { clipboard: true });
  try {
    await open(page, '#/bandits');
    await page.click(tid('run'));
    await waitForDigest(page);
    for (const id of ['chart-best-arm', 'chart-final-regret', 'chart-pulls']) {
      const t = await openTable(page, id);
      assert.ok(t.caption && t.caption.length > 5, `${id}: caption ${t.caption}`);
      assert.ok(t.headers.length >= 2 && t.headers.every(([scope]) => scope === 'col'), `${id}: headers`);
      assert.ok(t.rows.length >= 1, `${id}: rows`);
      assert.ok(t.rows.every((r) => r.length === t.headers.length), `${id}: full rows`);
    }

    const t = await openTable(page, 'chart-regret');
    assert.match(t.caption, /^Cumulative regret/);
    assert.equal(t.headers[0][1], 'round t');
    assert.equal(await page.$(tid('chart-regret-table-note')), null, 'a short table is not thinned');

    const csv = (await downloadText(page, 'export-csv')).trimEnd().split('\n').slice(1).map(csvFields);
    // policy,t,regret_mean,regret_ci95,...: the CSV by policy and round.
    const byPolicy = new Map();
    for (const [policy, round, mean, ci] of csv) {
      if (!byPolicy.has(policy)) byPolicy.set(policy, new Map());
      byPolicy.get(policy).set(round, { mean, ci: Number(ci) });
    }
    const rounds = [...byPolicy.values()][0].size;
    assert.equal(t.rows.length, rounds, 'one row per recorded round');

    const tsv = (await copyTable(page, 'chart-regret')).trimEnd().split('\n').map((l) => l.split('\t'));
    assert.equal(tsv.length - 1, rounds);
    const header = tsv[0];
    let checked = 0;
    for (const [policy, rows] of byPolicy) {
      // A curve cut at the top of the chart says so after its name; its table column keeps
      // every value.
      const col = header.findIndex((h) => h === policy || h.startsWith(`${policy} (off the chart`));
      assert.ok(col > 0, `a column for ${policy} in ${header.join(' | ')}`);
      const lo = header.indexOf(`${header[col]}: 95% CI, low`);
      const hi = header.indexOf(`${header[col]}: 95% CI, high`);
      for (const row of tsv.slice(1)) {
        const c = rows.get(row[0]);
        assert.ok(c, `round ${row[0]} of ${policy} is in the CSV`);
        assert.equal(row[col], c.mean, `${policy} at ${row[0]}`);
        if (lo > 0) {
          assert.ok(Math.abs(Number(row[lo]) - (Number(c.mean) - c.ci)) < 1e-9);
          assert.ok(Math.abs(Number(row[hi]) - (Number(c.mean) + c.ci)) < 1e-9);
        }
        checked++;
      }
    }
    assert.equal(checked, rounds * byPolicy.size);
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});
