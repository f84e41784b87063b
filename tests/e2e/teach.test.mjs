// The teaching views: "Watch one run" (step through one repetition, see each arm's state) and
// "You play" (pull the arms yourself on the algorithms' draws, then compare).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  LONG, MEDIUM, launch, freshPage, open, tid, canvasInk, screenshot, assertNoPageErrors, sleep,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function text(page, id) {
  return (await page.textContent(tid(id))).trim();
}

/** The round shown by the watch view, as a number ("1,234" -> 1234). */
async function watchRound(page) {
  return Number((await text(page, 'watch-round')).replace(/[^0-9]/g, ''));
}

/** Waits until the watch round satisfies `pred`. */
async function waitRound(page, pred, what) {
  const deadline = Date.now() + MEDIUM;
  for (;;) {
    const r = await watchRound(page);
    if (pred(r)) return r;
    if (Date.now() > deadline) throw new Error(`watch round never ${what} (last ${r})`);
    await sleep(100);
  }
}

test('watch one run: step, play, pause, reset', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    await open(page, '#/bandits');
    await page.click(tid('tab-watch'));
    await page.waitForSelector(tid('watch-step'), { state: 'visible' });
    const start = await watchRound(page);
    assert.equal(start, 0, 'a fresh run starts before round 1');

    for (let i = 1; i <= 3; i++) {
      await page.click(tid('watch-step'));
      await waitRound(page, (r) => r === i, `reached ${i}`);
    }
    // Every arm has a visible state; the per-arm view and the live charts have ink.
    const arms = await page.$(tid('watch-arms'));
    assert.ok(arms, 'the arms view is shown');
    const canvases = await page.$$eval(`${tid('watch')} canvas[data-testid]`, (cs) => cs.map((c) => c.dataset.testid));
    assert.ok(canvases.length > 0, 'the watch view draws charts');
    let inked = 0;
    for (const id of canvases) {
      if ((await canvasInk(page, id)).ink > 100) inked++;
    }
    assert.ok(inked > 0, `some watch chart has ink: ${canvases.join(', ')}`);

    // Play runs by itself; pressing it again pauses.
    await page.click(tid('watch-play'));
    const moving = await waitRound(page, (r) => r > 3, 'moved while playing');
    await page.click(tid('watch-play'));
    let last = await watchRound(page);
    for (let i = 0; i < 100; i++) {
      await sleep(300);
      const now = await watchRound(page);
      if (now === last) break;
      last = now;
    }
    await sleep(800);
    assert.equal(await watchRound(page), last, 'a paused watch stays paused');
    assert.ok(last >= moving);
    await screenshot(page, 'watch-one-run', { scrollTo: tid('tab-watch') });

    await page.click(tid('watch-reset'));
    await waitRound(page, (r) => r === 0, 'reset to 0');
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

/** Plays the given arms (0-based) by clicking their buttons; returns the score text. */
async function playArms(page, arms) {
  for (const a of arms) {
    const before = await text(page, 'play-score');
    await page.click(tid(`play-arm-${a}`));
    await page.waitForFunction(
      (b) => document.querySelector('[data-testid="play-score"]').textContent.trim() !== b,
      before,
      { timeout: MEDIUM },
    );
  }
  return text(page, 'play-score');
}

test('you play: pull arms, see the score, reveal and compare', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    await open(page, '#/bandits');
    await page.click(tid('tab-play'));
    await page.waitForSelector(tid('play-arm-0'), { state: 'visible' });
    const arms = await page.$$eval('[data-testid^="play-arm-"]', (bs) => bs.length);
    assert.equal(arms, 9, 'one button per arm of the default experiment');

    const seq = [0, 8, 8, 4, 8];
    const score = await playArms(page, seq);
    assert.match(score, new RegExp(`\\b${seq.length}\\b`), `the score counts ${seq.length} rounds: ${score}`);

    // Keyboard: "9" pulls the ninth arm.
    await page.locator('body').press('9');
    await page.waitForFunction(
      (n) => new RegExp(`\\b${n}\\b`).test(document.querySelector('[data-testid="play-score"]').textContent),
      seq.length + 1,
      { timeout: MEDIUM },
    );

    // The same pulls on the same draws give the same rewards ("Play again (same draws)").
    const scoreAfter = await text(page, 'play-score');
    await page.click(tid('play-again'));
    await page.waitForFunction(
      (b) => document.querySelector('[data-testid="play-score"]').textContent.trim() !== b,
      scoreAfter,
      { timeout: MEDIUM },
    );
    const replay = await playArms(page, seq);
    assert.equal(replay, score, 'same arms, same draws, same score');

    // Reveal: the comparison with the algorithms appears.
    await page.click(tid('play-reveal'));
    await page.waitForSelector(tid('play-results'), { state: 'visible', timeout: MEDIUM });
    const rows = await page.$$eval(`${tid('play-compare')} tbody tr`, (trs) => trs.length);
    assert.ok(rows >= 2, `you and at least one algorithm are compared (${rows} rows)`);
    const results = await text(page, 'play-results');
    assert.match(results, /You rank \d+ of \d+/);
    await screenshot(page, 'you-play-revealed', { scrollTo: tid('tab-play') });
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});
