// Bad links and bad input: the page says what is wrong in plain words and keeps working.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, LONG, MEDIUM, launch, freshPage, open, tid, waitForDigest, presetJson, linkFor,
  screenshot, assertNoPageErrors, cli,
  applyJson,
} from './helpers.mjs';
import { deflateRawSync } from 'node:zlib';

let browser;
let good;
before(async () => {
  browser = await launch();
  good = linkFor(presetJson('bandits-classic'));
});
after(async () => {
  await browser?.close();
});

/** Opens `url`, expects the error banner to mention `pattern`, then runs the default experiment. */
async function expectBannerThenWork(url, pattern, shot) {
  const { context, page } = await freshPage(browser);
  try {
    await open(page, url);
    const banner = await page.waitForSelector(tid('error-banner'), {
      state: 'visible',
      timeout: MEDIUM,
    });
    const text = (await banner.textContent()).trim();
    assert.match(text, pattern, `banner text: ${text}`);
    assert.ok(!/panicked|RuntimeError|unreachable/.test(text), `a message, not a crash: ${text}`);
    if (shot) await screenshot(page, shot);

    // The page still works: run the experiment on screen and get a digest.
    await page.click(tid('run'));
    await waitForDigest(page);
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
}

test('a link cut short says it is damaged', { timeout: LONG }, async () => {
  const at = good.indexOf('x=') + 2;
  const cut = good.slice(0, at + Math.floor((good.length - at) / 2));
  await expectBannerThenWork(cut, /damaged|cut short/i, 'error-cut-link');
});

test('a link from a newer version says so', { timeout: LONG }, async () => {
  await expectBannerThenWork(good.replace('v=1&', 'v=99&'), /newer version/i);
});

test('garbage in the payload is reported, not thrown', { timeout: LONG }, async () => {
  await expectBannerThenWork(`${BASE}#/bandits?v=1&x=%%%not-base64!!`, /damaged|link/i);
});

/** A link made independently of the engine: raw DEFLATE (node's zlib) + base64url. */
function handMadeLink(experiment) {
  const payload = deflateRawSync(Buffer.from(JSON.stringify(experiment))).toString('base64url');
  return `${BASE}#/bandits?v=1&x=${payload}`;
}

test('a link made by another DEFLATE encoder opens and runs', { timeout: LONG }, async () => {
  const exp = presetJson('bandits-classic');
  exp.repetitions = 5;
  const { context, page } = await freshPage(browser);
  try {
    await open(page, handMadeLink(exp));
    const digest = await waitForDigest(page);
    const r = cli(['run', '--digest-only', '-'], JSON.stringify(exp));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(digest, r.stdout.trim());
    assert.equal(await page.$(tid('error-banner')), null, 'no error banner for a good link');
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('a well-formed link with an invalid experiment names the field', { timeout: LONG }, async () => {
  const exp = presetJson('bandits-classic');
  exp.horizon = 0;
  await expectBannerThenWork(handMadeLink(exp), /horizon/);
});

test('a run of hours is refused before it starts, with its size and what to shrink', { timeout: LONG }, async () => {
  // Accepted before: LinTS with d = 50 and 100 arms for ten million rounds.
  const exp = {
    format: 1, lab: 'bandits', seed: 1, horizon: 10_000_000, repetitions: 1,
    environment: { kind: 'linear', arms: 100, dim: 50, noise_sigma: 0.1 },
    policies: [{ kind: 'lin_ts' }],
  };
  const { context, page } = await freshPage(browser);
  try {
    await open(page, handMadeLink(exp));
    await page.waitForFunction(
      () => /10,000,000 pulls/.test(document.body.innerText) && /more than the 10 minutes a page runs/.test(document.body.innerText),
      null,
      { timeout: MEDIUM },
    );
    const text = await page.evaluate(() => document.body.innerText);
    assert.match(text, /Rounds T: this run is/);
    assert.match(text, /fewer rounds T, repetitions R or policies/);
    assert.ok(await page.$eval(tid('run'), (b) => b.disabled), 'Run is disabled');
    // Shrinking the horizon brings it within the budget: the message goes and Run is back.
    await page.fill(tid('horizon'), '1000');
    await page.waitForFunction(() => !/more than the 10 minutes/.test(document.body.innerText), null, { timeout: MEDIUM });
    assert.equal(await page.$eval(tid('run'), (b) => b.disabled), false);
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('invalid values in the JSON editor are explained next to it', { timeout: LONG }, async () => {
  const exp = presetJson('bandits-classic');
  exp.horizon = 0;
  const { context, page } = await freshPage(browser);
  try {
    await open(page, '#/bandits');
    await applyJson(page, JSON.stringify(exp));
    await page.waitForFunction(
      () => /horizon/.test(document.body.innerText) && /whole number|must be/.test(document.body.innerText),
      null,
      { timeout: MEDIUM },
    );
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('bad JSON in the editor is a message, and the page keeps working', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    await open(page, '#/bandits');
    await applyJson(page, '{"format": 1, "lab": "bandits", ');
    await page.waitForFunction(() => /not valid JSON|could not be read/.test(document.body.innerText), null, {
      timeout: MEDIUM,
    });
    await screenshot(page, 'error-bad-json');
    // Back to a preset and run.
    await page.selectOption(tid('preset'), { index: 0 });
    await page.click(tid('run'));
    await waitForDigest(page);
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});
