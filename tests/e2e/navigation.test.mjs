// Every page opens, the nav works, embed mode hides the chrome; screenshots of each page.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  BASE, LONG, MEDIUM, launch, freshPage, open, tid, screenshot, assertNoPageErrors,
} from './helpers.mjs';

const LABS = ['bandits', 'games', 'metarl', 'tax'];

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('the home page loads with a link to every lab', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    await open(page, '');
    for (const lab of LABS) {
      const nav = await page.waitForSelector(tid(`nav-${lab}`), { state: 'visible', timeout: MEDIUM });
      assert.ok(nav, `nav-${lab}`);
    }
    const title = await page.title();
    assert.match(title, /Agora/);
    const text = await page.evaluate(() => document.body.innerText);
    assert.ok(text.length > 200, 'the home page has content');
    assert.match(text, /bandit/i);
    await screenshot(page, 'page-home');
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('the nav opens each lab page', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    await open(page, '');
    for (const lab of LABS) {
      await page.click(tid(`nav-${lab}`));
      await page.waitForFunction((l) => location.hash.startsWith(`#/${l}`), lab, { timeout: MEDIUM });
      // The page changed to the lab: its nav entry is marked current and there is text.
      await page.waitForFunction(
        (l) => {
          const a = document.querySelector(`[data-testid="nav-${l}"]`);
          return a && (a.getAttribute('aria-current') === 'page' || a.classList.contains('active'));
        },
        lab,
        { timeout: MEDIUM },
      );
      const text = await page.evaluate(() => document.querySelector('main')?.innerText ?? document.body.innerText);
      assert.ok(text.trim().length > 40, `${lab} page has content`);
      await screenshot(page, `page-${lab}`);
    }
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('the bandit page controls are all present', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    await open(page, '#/bandits');
    for (const id of [
      'preset', 'config-json', 'apply-json', 'run', 'pause', 'step', 'reset', 'cancel', 'speed',
      'progress', 'share-link', 'copy-link',
    ]) {
      await page.waitForSelector(tid(id), { state: 'attached', timeout: MEDIUM });
    }
    // Every preset of the CLI is offered by the picker.
    const options = await page.$$eval(`${tid('preset')} option`, (os) => os.map((o) => `${o.value} ${o.textContent}`));
    assert.ok(options.some((o) => o.includes('bandits-classic') || /0\.1 to 0\.9/.test(o)), options.join('\n'));
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('embed mode hides the navigation and keeps the lab', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    await open(page, '#/bandits?embed=1');
    await page.waitForSelector(tid('run'), { state: 'visible', timeout: MEDIUM });
    for (const lab of LABS) {
      const visible = await page.isVisible(tid(`nav-${lab}`));
      assert.equal(visible, false, `nav-${lab} is hidden in embed mode`);
    }
    await screenshot(page, 'page-bandits-embed');

    // The same lab inside an iframe on another page (as on a course page).
    const host = await context.newPage();
    await host.setContent(
      `<!doctype html><title>course</title><h1>Course page</h1>
       <iframe id="lab" src="${BASE}#/bandits?embed=1" width="1000" height="600"></iframe>`,
    );
    const frame = await (await host.waitForSelector('#lab')).contentFrame();
    await frame.waitForSelector(tid('run'), { state: 'visible', timeout: MEDIUM });
    assert.equal(await frame.isVisible(tid('nav-bandits')), false);
    await screenshot(host, 'page-embedded-in-iframe');
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('an unknown route does not break the app', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    await open(page, '#/no-such-lab');
    await page.waitForSelector(tid('nav-bandits'), { state: 'visible', timeout: MEDIUM });
    await page.click(tid('nav-bandits'));
    await page.waitForSelector(tid('run'), { state: 'visible', timeout: MEDIUM });
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('pages read well on a phone-sized screen', { timeout: LONG }, async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  try {
    await open(page, '#/bandits');
    await page.waitForSelector(tid('run'), { state: 'visible', timeout: MEDIUM });
    // No horizontal scrolling of the whole page.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the page is ${overflow}px wider than the screen`);
    await screenshot(page, 'page-bandits-phone');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});
