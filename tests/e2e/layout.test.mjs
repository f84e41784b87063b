// The lab page at the sizes people use it: a phone (390x844), a laptop (1366x768) and an
// iframe on a course page (800x600). Run keeps its results in view and on the results tab,
// nothing runs out of the window or out of its panel, and a link whose digest was damaged in
// copying keeps its experiment and its address.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  LONG, MEDIUM, sharedBrowser, open, tid, waitForDigest, waitForInk, screenshot, presetJson, linkFor,
  applyJson, assertNoPageErrors, sleep,
} from './helpers.mjs';

const shared = sharedBrowser(before, after);

/** A fresh context with one page at `width` x `height`, collecting page errors. */
async function sized(width, height, scale = 1) {
  const context = await shared.browser.newContext({ viewport: { width, height }, deviceScaleFactor: scale });
  const page = await context.newPage();
  page.setDefaultTimeout(MEDIUM);
  page.agoraErrors = [];
  page.on('pageerror', (e) => page.agoraErrors.push(String(e)));
  return { context, page };
}

/** How far the page is wider than the window (0 when it fits). */
async function overflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** The top and bottom of an element relative to the window, and the window's height. */
async function place(page, selector) {
  return page.$eval(selector, (el) => {
    const r = el.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, height: window.innerHeight };
  });
}

/** Elements inside the lab whose right edge passes their panel's (or the window's). */
async function spills(page) {
  return page.evaluate(() => {
    const out = [];
    for (const panel of document.querySelectorAll('.panel')) {
      const pr = panel.getBoundingClientRect();
      for (const el of panel.querySelectorAll('table, canvas, select, .run-status, .progress-count, .btn')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0) continue;
        // Inside a horizontally scrolling wrapper the part out of sight is reachable.
        let scroller = el.parentElement;
        let scrolls = false;
        while (scroller && scroller !== panel) {
          const s = getComputedStyle(scroller);
          if (s.overflowX === 'auto' || s.overflowX === 'scroll') { scrolls = true; break; }
          scroller = scroller.parentElement;
        }
        if (!scrolls && (r.right > pr.right + 1 || r.right > window.innerWidth + 1)) {
          out.push(`${el.tagName.toLowerCase()}.${el.className || ''}[${el.dataset.testid ?? ''}] ${Math.round(r.right - pr.right)}px`);
        }
      }
    }
    return out;
  });
}

/** The meta-RL preset trains for minutes: a short version of it, put in through the JSON box. */
function shortMetarl() {
  const exp = presetJson('metarl-blocks');
  exp.updates = 60;
  exp.seeds = 2;
  exp.eval = { blocks: 100, every: 20 };
  return JSON.stringify(exp);
}

for (const [lab, preset, chart, json] of [
  ['bandits', 'bandits-classic', 'chart-regret-canvas'],
  ['games', 'games-axelrod', 'chart-heatmap-canvas'],
  ['metarl', 'metarl-blocks', 'chart-learning-canvas', shortMetarl],
  ['tax', 'tax-compare', 'chart-rates-canvas'],
]) {
  test(`${lab} on a phone: Run shows its results, and nothing is wider than the screen`, { timeout: LONG }, async () => {
    const { context, page } = await sized(390, 844, 2);
    try {
      await open(page, `#/${lab}?preset=${preset}`);
      if (json) {
        const text = json();
        await applyJson(page, text);
        const want = JSON.parse(text).updates;
        await page.waitForFunction((u) => JSON.parse(document.querySelector('[data-testid="config-json"]').value).updates === u, want);
      }
      await page.waitForSelector(tid('run'), { state: 'visible' });
      assert.ok(await overflow(page) <= 0, `the ${lab} page is ${await overflow(page)}px wider than a 390px screen`);
      await page.click(tid('run'));
      await waitForDigest(page);
      await waitForInk(page, chart, 300);
      await sleep(300);
      // The results are in view once the run has started.
      const r = await place(page, tid('results'));
      assert.ok(r.top < r.height && r.bottom > 0, `results at ${JSON.stringify(r)} are out of view`);
      assert.ok(await overflow(page) <= 0, `after the run the ${lab} page is ${await overflow(page)}px wider than the screen`);
      assert.deepEqual(await spills(page), [], 'nothing runs out of its panel');
      await screenshot(page, `layout-${lab}-phone-after-run`);
      assertNoPageErrors(page, assert);
    } finally {
      await context.close();
    }
  });
}

test('every games mode fits a phone', { timeout: LONG }, async () => {
  const { context, page } = await sized(390, 844, 2);
  try {
    for (const preset of ['games-match', 'games-rps-hedge', 'games-trust-noise', 'games-ecology']) {
      await open(page, `#/games?preset=${preset}`);
      await page.click(tid('run'));
      await waitForDigest(page);
      await sleep(300);
      assert.ok(await overflow(page) <= 0, `${preset}: ${await overflow(page)}px wider than a 390px screen`);
      assert.deepEqual(await spills(page), [], `${preset}: nothing runs out of its panel`);
    }
    await screenshot(page, 'layout-games-phone-ecology');
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('in an 800x600 iframe-sized window the results follow Run', { timeout: LONG }, async () => {
  const { context, page } = await sized(800, 600);
  try {
    await open(page, '#/games?preset=games-moran&embed=1');
    await page.waitForSelector(tid('run'), { state: 'visible' });
    // Run and the start of the results tab are both on the first screen.
    const run = await place(page, tid('run'));
    const tabs = await place(page, tid('tab-results'));
    assert.ok(run.bottom <= run.height && tabs.top < tabs.height, `run ${JSON.stringify(run)}, tabs ${JSON.stringify(tabs)}`);
    await page.click(tid('run'));
    await waitForDigest(page);
    await waitForInk(page, 'chart-population-canvas', 300);
    const r = await place(page, tid('results'));
    assert.ok(r.top < r.height && r.bottom > 0, `results at ${JSON.stringify(r)}`);
    assert.ok(await overflow(page) <= 0, `${await overflow(page)}px wider than the window`);
    await screenshot(page, 'layout-iframe-800x600-after-run');
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('Run switches to the results tab from "Watch one run" and "You play"', { timeout: LONG }, async () => {
  const { context, page } = await sized(1366, 768);
  try {
    for (const [lab, tab, chart] of [
      ['bandits', 'tab-watch', 'chart-regret-canvas'],
      ['bandits', 'tab-play', 'chart-regret-canvas'],
      ['games', 'tab-play', 'chart-heatmap-canvas'],
    ]) {
      await open(page, `#/${lab}`);
      await page.click(tid(tab));
      await page.waitForFunction((t) => document.querySelector(`[data-testid="${t}"]`)?.getAttribute('aria-selected') === 'true', tab);
      await page.click(tid('run'));
      await waitForDigest(page);
      assert.equal(await page.getAttribute(tid('tab-results'), 'aria-selected'), 'true', `${lab}: Run from ${tab} shows the results`);
      await waitForInk(page, chart, 300);
    }
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('at 1366 px the status is never clipped and the games page fits the window', { timeout: LONG }, async () => {
  const { context, page } = await sized(1366, 768);
  try {
    const exp = presetJson('bandits-benchmark');
    exp.repetitions = 5000;
    await open(page, '#/bandits');
    await applyJson(page, JSON.stringify(exp));
    await page.click(tid('run'));
    await page.waitForFunction(() => Number(document.querySelector('[data-testid="progress"]').value) > 0);
    await page.click(tid('cancel'));
    await page.waitForFunction(() => /Cancelled/.test(document.querySelector('.run-status')?.textContent ?? ''));
    assert.deepEqual(await spills(page), [], 'the run bar stays inside its panel');
    const status = await page.$eval('.run-status', (el) => {
      const r = el.getBoundingClientRect();
      const p = el.closest('.panel').getBoundingClientRect();
      return { right: r.right, panel: p.right, text: el.textContent };
    });
    assert.ok(status.right <= status.panel, `status ${JSON.stringify(status)}`);
    await screenshot(page, 'layout-laptop-cancelled', { scrollTo: tid('run') });

    for (const preset of ['games-axelrod', 'games-match', 'games-rps-hedge', 'games-moran']) {
      await open(page, `#/games?preset=${preset}`);
      await page.click(tid('run'));
      await waitForDigest(page);
      await sleep(300);
      assert.ok(await overflow(page) <= 0, `${preset}: ${await overflow(page)}px wider than the window`);
      assert.deepEqual(await spills(page), [], `${preset}: nothing runs out of its panel`);
      const done = await page.$eval('.run-status', (el) => {
        const r = el.getBoundingClientRect();
        return { right: r.right, panel: el.closest('.panel').getBoundingClientRect().right };
      });
      assert.ok(done.right <= done.panel, `${preset}: status ${JSON.stringify(done)}`);
    }
    await screenshot(page, 'layout-laptop-games');
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('a link whose digest lost characters keeps its experiment and its address', { timeout: LONG }, async () => {
  const exp = presetJson('bandits-hard-k5');
  exp.seed = 424242;
  exp.repetitions = 20;
  const good = linkFor(exp, { digest: true });
  assert.match(good, /&d=[0-9a-f]{16}$/);
  const damaged = good.slice(0, -3);
  const { context, page } = await sized(1366, 768);
  try {
    await open(page, damaged);
    const banner = await page.waitForSelector(tid('error-banner'), { state: 'visible' });
    assert.match(await banner.textContent(), /digest/i);
    // The settings are the link's, and it runs.
    const cfg = JSON.parse(await page.$eval(tid('config-json'), (el) => el.value));
    assert.equal(cfg.seed, 424242);
    assert.equal(cfg.repetitions, 20);
    await waitForDigest(page);
    // The address is the link as it was opened.
    assert.equal(await page.evaluate(() => location.href), damaged);
    await screenshot(page, 'layout-damaged-digest');
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});
