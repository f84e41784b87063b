// The bandit lab as a student uses it: run the default experiment, see the charts, share the
// link, and check that whoever opens the link (another browser, or the CLI) gets the same digest.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, LONG, MEDIUM, launch, freshPage, open, tid, waitForDigest, progress, waitForInk,
  canvasInk, screenshot, cli, assertNoPageErrors,
  applyJson,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Shared between the tests of this file, in order. */
const state = { digest: null, link: null, experimentJson: null };

test('the default experiment runs to the end and draws its charts', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    await open(page, '#/bandits');
    await page.click(tid('run'));
    state.digest = await waitForDigest(page);

    // The run bar reached its end.
    const p = await progress(page);
    assert.ok(p.max > 0, `progress max ${p.max}`);
    assert.equal(p.value, p.max, 'progress is full when the digest shows');

    // The regret chart drew lines, not a blank canvas: more than a few hundred pixels differ
    // from the background, in more than two colours (axes + at least one curve).
    const ink = await waitForInk(page, 'chart-regret-canvas', 500);
    assert.ok(ink.colours > 2, `regret chart colours: ${JSON.stringify(ink)}`);
    assert.ok(ink.ink < ink.total, 'the canvas is not one solid colour');
    // The Lai-Robbins curve says what it means at this horizon, with the run's numbers.
    const lr = await page.$eval(tid('lai-robbins-caption'), (el) => el.textContent);
    assert.match(lr, /C = [\d.]+/);
    assert.match(lr, /at t = 2,000/);

    // Run statistics are exposed for the benchmark.
    const stats = await page.$eval(tid('run-stats'), (el) => ({
      ms: Number(el.getAttribute('data-elapsed-ms')),
      pulls: Number(el.getAttribute('data-pulls')),
    }));
    assert.ok(Number.isFinite(stats.ms) && stats.ms >= 0, `elapsed ${stats.ms}`);
    assert.ok(Number.isInteger(stats.pulls) && stats.pulls > 0, `pulls ${stats.pulls}`);

    // The same experiment through the native CLI gives the same digest.
    const json = await page.$eval(tid('config-json'), (el) => el.value);
    state.experimentJson = json;
    const exp = JSON.parse(json);
    const expectedPulls = exp.horizon * exp.repetitions * exp.policies.length;
    assert.equal(stats.pulls, expectedPulls, 'pulls = horizon x repetitions x policies');
    const r = cli(['run', '--digest-only', '-'], json);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), state.digest, 'native CLI and browser digests agree');

    await screenshot(page, 'bandits-after-run');
    await screenshot(page, 'bandits-results', { scrollTo: tid('tab-results') });
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('the Lai-Robbins curve is drawn only where it teaches', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    // T = 100 on five hard arms: the curve lies above every policy, uniform play included.
    await open(page, '#/bandits?preset=bandits-hard-k5');
    await page.click(tid('run'));
    await waitForDigest(page);
    const why = await page.textContent(tid('lai-robbins-hidden'));
    assert.match(why, /not drawn: at t = 100 it is at [\d.]+, above every policy/);
    assert.equal(await page.$(tid('lai-robbins-caption')), null);
    await page.click(tid('lai-robbins-anyway'));
    assert.match(await page.textContent(tid('lai-robbins-caption')), /C = [\d.]+/);
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('the other charts draw too', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    await open(page, '#/bandits');
    await page.click(tid('run'));
    await waitForDigest(page);
    for (const id of ['chart-best-arm', 'chart-final-regret', 'chart-pulls']) {
      const canvas = `${id}-canvas`;
      // A chart in a tab that is not shown may not exist until its tab is opened.
      if ((await page.$(tid(canvas))) === null) {
        const tab = await page.$(`[data-testid="tab-${id.replace('chart-', '')}"]`);
        if (tab) await tab.click();
      }
      const el = await page.waitForSelector(tid(canvas), { state: 'attached', timeout: MEDIUM });
      await el.scrollIntoViewIfNeeded();
      const ink = await waitForInk(page, canvas, 300);
      assert.ok(ink.colours > 2, `${id}: ${JSON.stringify(ink)}`);
    }
    // Log time axis toggle redraws the regret chart without errors.
    const before = await canvasInk(page, 'chart-regret-canvas');
    await page.click(tid('log-x'));
    const after = await waitForInk(page, 'chart-regret-canvas', 500);
    assert.ok(before.ink > 0 && after.ink > 0);
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('the share link is copied, reopens in a fresh browser and reproduces the digest', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser, { clipboard: true });
  try {
    await open(page, '#/bandits');
    await page.click(tid('run'));
    const digest = await waitForDigest(page);
    if (state.digest) assert.equal(digest, state.digest, 'the default experiment is deterministic');

    // Once complete, the link carries the digest.
    await page.waitForFunction(
      (d) => document.querySelector('[data-testid="share-link"]')?.value.includes(`d=${d}`),
      digest,
      { timeout: MEDIUM },
    );
    const link = await page.$eval(tid('share-link'), (el) => el.value);
    assert.ok(link.startsWith(BASE), `link ${link} starts with the site's address ${BASE}`);
    assert.match(link, /#\/bandits\?v=1&x=[A-Za-z0-9_-]+&d=[0-9a-f]{16}/);

    await page.bringToFront();
    await page.click(tid('copy-link'));
    const copied = await page.waitForFunction(
      async (l) => {
        try {
          const t = await navigator.clipboard.readText();
          return t === l ? t : null;
        } catch {
          return null;
        }
      },
      link,
      { timeout: MEDIUM, polling: 200 },
    );
    assert.equal(await copied.jsonValue(), link, 'the clipboard holds the share link');
    state.link = link;
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }

  // A different person: new context, no storage, opens the link; it runs by itself.
  const other = await freshPage(browser);
  try {
    await open(other.page, state.link);
    const d2 = await waitForDigest(other.page);
    const digest = new URL(state.link).hash.match(/d=([0-9a-f]{16})/)[1];
    assert.equal(d2, digest, 'the link reproduces the digest it carries');
    await other.page.waitForSelector(`${tid('reproduce-status')}[data-state="match"]`, {
      timeout: MEDIUM,
    });
    await screenshot(other.page, 'bandits-reproduced');
    assertNoPageErrors(other.page, assert);
  } finally {
    await other.context.close();
  }

  // And the CLI agrees on the link (exit code 0 = reproduced).
  const r = cli(['run', '--link', state.link, '--digest-only']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), new URL(state.link).hash.match(/d=([0-9a-f]{16})/)[1]);
  assert.match(r.stderr, /reproduced/);
});

test('editing the experiment as JSON and running it matches the CLI', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    await open(page, '#/bandits');
    const json = await page.$eval(tid('config-json'), (el) => el.value);
    const exp = JSON.parse(json);
    exp.seed = 20240601;
    exp.horizon = 500;
    exp.repetitions = 7;
    const edited = JSON.stringify(exp, null, 2);
    await applyJson(page, edited);
    await page.click(tid('run'));
    const digest = await waitForDigest(page);
    const r = cli(['run', '--digest-only', '-'], edited);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(digest, r.stdout.trim());
    const p = await progress(page);
    assert.equal(p.value, p.max);
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});
