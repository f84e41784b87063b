// Accessibility: an axe-core audit of every page (each lab before and after a run, with charts'
// data tables opened, its other tabs, the Embed dialog, an embedded lab, the home page, and
// the labs' results once more in the dark colour scheme) with no serious or critical
// violation, and every lab usable from the keyboard: Run in three key presses (Tab, Enter on
// "Skip to Run", Enter), the result tabs answering the arrow keys.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import {
  LONG, launch, freshPage, open, tid, waitForDigest, assertNoPageErrors,
} from './helpers.mjs';

const require = createRequire(import.meta.url);
let browser;
let axeSource;
before(async () => {
  browser = await launch();
  axeSource = await readFile(require.resolve('axe-core/axe.min.js'), 'utf8');
});
after(async () => {
  await browser?.close();
});

/**
 * Runs axe-core on the page (injected through the devtools protocol, which the page's
 * Content-Security-Policy does not apply to) and returns its serious and critical violations
 * as readable lines.
 */
async function audit(page, where) {
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length}x, e.g. ${v.nodes[0].target.join(' ')}: ${v.nodes[0].failureSummary?.split('\n').slice(0, 2).join(' ')})`);
  });
  return violations.map((v) => `${where}: ${v}`);
}

const LABS = [
  // lab, preset whose run is quick, extra tabs
  ['bandits', 'bandits-classic', ['watch', 'play']],
  ['games', 'games-axelrod', ['play']],
  ['metarl', 'metarl-bandits', ['watch', 'play']],
  ['tax', 'tax-saez', []],
];

test('axe-core finds no serious or critical violation on any page', { timeout: LONG * 3 }, async () => {
  const { context, page } = await freshPage(browser);
  const found = [];
  try {
    await open(page, '#/');
    found.push(...(await audit(page, 'home')));
    for (const [lab, preset, tabs] of LABS) {
      await open(page, `#/${lab}?preset=${preset}`);
      await page.waitForSelector(tid('run'));
      found.push(...(await audit(page, `${lab} before a run`)));
      await page.click(tid('run'));
      await waitForDigest(page);
      found.push(...(await audit(page, `${lab} results`)));
      // The first two charts' data tables, opened (their <table>s only exist once opened).
      const summaries = await page.$$('[data-testid="results"] .chart-data > summary');
      assert.ok(summaries.length >= 1, `${lab}: the results have charts with data tables`);
      for (const s of summaries.slice(0, 2)) await s.click();
      await page.waitForSelector('[data-testid="results"] .chart-data[open] table, [data-testid="results"] .chart-data[open] p');
      found.push(...(await audit(page, `${lab} results with data tables open`)));
      for (const t of tabs) {
        await page.click(tid(`tab-${t}`));
        await page.waitForTimeout(300);
        found.push(...(await audit(page, `${lab} ${t} tab`)));
      }
      await page.click(tid('tab-results'));
    }
    await open(page, '#/bandits?preset=bandits-classic');
    await page.click(tid('embed-open'));
    await page.waitForSelector(tid('embed-dialog'));
    found.push(...(await audit(page, 'Embed dialog')));
    await open(page, '#/games?preset=games-axelrod&embed=1&lock=players&hide=json');
    await page.waitForSelector(tid('run'));
    found.push(...(await audit(page, 'embedded games lab')));
    await open(page, '#/tax?story=saez-in-one-picture&step=2');
    await page.waitForSelector(tid('story-panel'));
    await waitForDigest(page);
    found.push(...(await audit(page, 'a guided story step')));
    assert.deepEqual(found, [], `\n${found.join('\n')}`);
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('axe-core finds no serious or critical violation in the dark colour scheme', { timeout: LONG * 2 }, async () => {
  const { context, page } = await freshPage(browser, { colorScheme: 'dark' });
  const found = [];
  try {
    await open(page, '#/');
    found.push(...(await audit(page, 'dark home')));
    for (const [lab, preset, tabs] of LABS) {
      await open(page, `#/${lab}?preset=${preset}`);
      await page.click(tid('run'));
      await waitForDigest(page);
      const summaries = await page.$$('[data-testid="results"] .chart-data > summary');
      if (summaries.length > 0) await summaries[0].click();
      found.push(...(await audit(page, `dark ${lab} results`)));
      for (const t of tabs) {
        await page.click(tid(`tab-${t}`));
        await page.waitForTimeout(300);
        found.push(...(await audit(page, `dark ${lab} ${t} tab`)));
      }
    }
    assert.deepEqual(found, [], `\n${found.join('\n')}`);
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

/** Presses Tab until the focus is on `[data-testid=id]`; returns how many presses it took. */
async function tabsTo(page, id, most = 60) {
  for (let n = 1; n <= most; n++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((t) => document.activeElement?.dataset?.testid === t, id)) return n;
  }
  return Infinity;
}

test('every lab runs from the keyboard, and its tabs answer the arrow keys', { timeout: LONG * 2 }, async () => {
  for (const [lab, preset, tabs] of LABS) {
    // A fresh page each time: the first Tab stop is counted from the top of a loaded page.
    const { context, page } = await freshPage(browser);
    try {
      await open(page, `#/${lab}?preset=${preset}`);
      await page.waitForSelector(tid('run'));
      // The first Tab stop is "Skip to Run"; Enter there puts the focus on Run.
      const presses = await tabsTo(page, 'skip-to-run');
      assert.equal(presses, 1, `${lab}: "Skip to Run" is ${presses} Tab presses away`);
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'run');
      await page.keyboard.press('Enter');
      await waitForDigest(page);
      if (tabs.length > 0) {
        // The selected tab is the one Tab stop of the tab list; the arrows move between tabs.
        await page.focus(tid('tab-results'));
        await page.keyboard.press('ArrowRight');
        await page.waitForFunction((t) => document.activeElement?.dataset?.testid === t, `tab-${tabs[0]}`);
        assert.equal(await page.getAttribute(tid(`tab-${tabs[0]}`), 'aria-selected'), 'true');
        assert.equal(await page.getAttribute(tid('tab-results'), 'tabindex'), '-1');
        await page.keyboard.press('End');
        await page.waitForFunction((t) => document.activeElement?.dataset?.testid === t, `tab-${tabs[tabs.length - 1]}`);
        await page.keyboard.press('Home');
        await page.waitForFunction(() => document.activeElement?.dataset?.testid === 'tab-results');
        await page.keyboard.press('ArrowLeft');
        await page.waitForFunction((t) => document.activeElement?.dataset?.testid === t, `tab-${tabs[tabs.length - 1]}`);
      }
      assertNoPageErrors(page, assert);
    } finally {
      await context.close();
    }
  }
});
