// The run bar on a long experiment: pause, step, resume and cancel keep the partial results,
// and the page answers while the worker computes.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  LONG, MEDIUM, launch, freshPage, open, tid, progress, digestNow, waitForInk, waitForDigest,
  presetJson, screenshot, assertNoPageErrors, sleep,
  applyJson,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Waits until the progress value satisfies `pred(value, max)`; returns {value, max}. */
async function waitProgress(page, pred, what, timeout = MEDIUM) {
  const deadline = Date.now() + timeout;
  let p;
  for (;;) {
    p = await progress(page);
    if (pred(p.value, p.max)) return p;
    if (Date.now() > deadline) throw new Error(`progress never ${what}: last ${JSON.stringify(p)}`);
    await sleep(100);
  }
}

/** Waits until the progress value stops changing (the worker has honoured a pause). */
async function waitSettled(page) {
  let last = await progress(page);
  for (let i = 0; i < 600; i++) {
    await sleep(400);
    const now = await progress(page);
    if (now.value === last.value) return now;
    last = now;
  }
  throw new Error(`progress never settled: ${JSON.stringify(last)}`);
}

test('pause, step, resume and cancel on a long run', { timeout: 6 * LONG }, async () => {
  // The benchmark preset with many more repetitions: long enough that it cannot finish while
  // the test looks at it (each repetition is 4 x 10,000 pulls).
  const exp = presetJson('bandits-benchmark');
  exp.repetitions = 5000;
  const { context, page } = await freshPage(browser);
  try {
    await open(page, '#/bandits');
    await applyJson(page, JSON.stringify(exp, null, 2));
    await page.click(tid('run'));

    // Progress streams in: it moves past 0 while the run is still far from the end.
    const first = await waitProgress(page, (v) => v > 0, 'started');
    assert.equal(first.max, exp.repetitions, 'progress counts repetitions');

    // The page answers while the worker computes: the log-axis toggle changes state before
    // the run is over.
    const logx = await page.$(tid('log-x'));
    const checkedBefore = await logx.isChecked().catch(() => null);
    await logx.click();
    if (checkedBefore !== null) assert.equal(await logx.isChecked(), !checkedBefore);
    const during = await progress(page);
    assert.ok(during.value < during.max, 'the UI reacted while the run was in progress');

    // Pause: progress stops moving and partial results are on screen.
    await page.click(tid('pause'));
    const paused = await waitSettled(page);
    assert.ok(paused.value > 0 && paused.value < paused.max, JSON.stringify(paused));
    await sleep(1500);
    assert.equal((await progress(page)).value, paused.value, 'a paused run stays paused');
    assert.equal(await digestNow(page), '', 'no digest for an unfinished run');
    await waitForInk(page, 'chart-regret-canvas', 300);
    await screenshot(page, 'runbar-paused');

    // Step: exactly one more repetition.
    await page.click(tid('step'));
    await waitProgress(page, (v) => v === paused.value + 1, 'advanced by one step');
    await sleep(1000);
    assert.equal((await progress(page)).value, paused.value + 1, 'step runs one repetition');

    // Resume (the pause button toggles): progress moves again.
    await page.click(tid('pause'));
    await waitProgress(page, (v) => v > paused.value + 1, 'resumed');

    // Cancel: the worker stops, the partial results stay.
    await page.click(tid('cancel'));
    const cancelled = await waitSettled(page);
    assert.ok(cancelled.value < cancelled.max, JSON.stringify(cancelled));
    await sleep(1500);
    assert.equal((await progress(page)).value, cancelled.value, 'a cancelled run stays stopped');
    await waitForInk(page, 'chart-regret-canvas', 300);
    assert.equal(await digestNow(page), '');
    await screenshot(page, 'runbar-cancelled');

    // The page is still fully usable: a short experiment runs to its digest.
    const small = presetJson('bandits-classic');
    small.repetitions = 4;
    await applyJson(page, JSON.stringify(small, null, 2));
    await page.click(tid('run'));
    await waitForDigest(page);
    const done = await progress(page);
    assert.equal(done.value, done.max);
    assert.equal(done.max, 4);

    // Reset clears the results.
    await page.click(tid('reset'));
    await page.waitForFunction(
      () => (document.querySelector('[data-testid="digest"]')?.textContent.trim() ?? '') === '',
      null,
      { timeout: MEDIUM },
    );
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});
