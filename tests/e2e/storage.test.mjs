// What the page remembers: the experiment survives a reload, and damaged saved state is
// ignored rather than breaking the page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
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

async function configNow(page) {
  return JSON.parse(await page.$eval(tid('config-json'), (el) => el.value));
}

test('an edited experiment survives a reload', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    await open(page, '#/bandits');
    const exp = presetJson('bandits-hard-k5');
    exp.seed = 777001;
    await applyJson(page, JSON.stringify(exp));
    await page.waitForFunction(
      () => JSON.parse(document.querySelector('[data-testid="config-json"]').value).seed === 777001,
      null,
      { timeout: MEDIUM },
    );
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector(tid('config-json'), { state: 'attached' });
    await page.waitForFunction(
      () => {
        const el = document.querySelector('[data-testid="config-json"]');
        try {
          return el && JSON.parse(el.value).seed === 777001;
        } catch {
          return false;
        }
      },
      null,
      { timeout: MEDIUM },
    );
    const after = await configNow(page);
    assert.deepEqual(after.environment, exp.environment);
    assert.equal(after.horizon, exp.horizon);
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('damaged saved state is ignored and the page works', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    // Written before any of the app's scripts run, as if an older or broken version saved it.
    await context.addInitScript(() => {
      if (!sessionStorage.getItem('agora-test-seeded')) {
        sessionStorage.setItem('agora-test-seeded', '1');
        localStorage.setItem('agora.bandits.experiment', '{"format": 1, "lab": "bandits", "horizon": ');
        localStorage.setItem('agora.settings', 'not json at all');
      }
    });
    await open(page, '#/bandits');
    await page.waitForSelector(tid('run'), { state: 'visible', timeout: MEDIUM });
    const cfg = await configNow(page);
    assert.equal(cfg.format, 1, 'a valid experiment is loaded instead');
    await page.click(tid('run'));
    await waitForDigest(page);
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});
