// The dark colour scheme follows the system setting (prefers-color-scheme): the page's colours
// (www/style.css) and the charts (drawn through src/charts/themed.rs), which redraw when the
// setting changes; downloads stay light, for print and slides.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  LONG, MEDIUM, launch, freshPage, open, tid, waitForDigest, assertNoPageErrors,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Relative luminance (0 black to 1 white) of an [r, g, b] colour, without linearization. */
function lum([r, g, b]) {
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

/** The [r, g, b] of the canvas `id` at backing pixel (x, y). */
async function pixel(page, id, x, y) {
  return page.$eval(tid(id), (c, [x, y]) => [...c.getContext('2d').getImageData(x, y, 1, 1).data].slice(0, 3), [x, y]);
}

/** Clicks `id` and returns the downloaded file's bytes. */
async function download(page, id) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(tid(id))]);
  return readFileSync(await dl.path());
}

test('in the dark scheme the page and the charts are dark, and downloads stay light', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser, { colorScheme: 'dark' });
  try {
    await open(page, '#/bandits?preset=bandits-classic');
    await page.click(tid('run'));
    await waitForDigest(page);
    await page.waitForSelector(tid('chart-regret-canvas'));

    const body = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const rgb = body.match(/\d+/g).slice(0, 3).map(Number);
    assert.ok(lum(rgb) < 0.15, `the page background is dark: ${body}`);
    const panel = await page.$eval(tid('chart-regret'), (el) => {
      // The chart sits on a panel: the first ancestor with a background colour.
      for (let e = el; e; e = e.parentElement) {
        const c = getComputedStyle(e).backgroundColor;
        if (c !== 'rgba(0, 0, 0, 0)') return c;
      }
      return '';
    });

    // The chart's background (its top-left corner) is dark, and is the panel's colour.
    await page.waitForFunction(
      () => {
        const c = document.querySelector('[data-testid="chart-regret-canvas"]');
        const d = c.getContext('2d').getImageData(2, 2, 1, 1).data;
        return d[0] + d[1] + d[2] < 150;
      },
      null,
      { timeout: MEDIUM },
    );
    const bg = await pixel(page, 'chart-regret-canvas', 2, 2);
    assert.ok(lum(bg) < 0.15, `the chart's background is dark: ${bg}`);
    assert.deepEqual(bg, panel.match(/\d+/g).slice(0, 3).map(Number), 'the chart sits on its panel seamlessly');

    // The SVG download is light: a white background, none of the dark scheme's colours.
    const svg = (await download(page, 'chart-regret-svg')).toString('utf8');
    assert.match(svg, /fill="#FFFFFF"/i);
    assert.doesNotMatch(svg, /#1B1F24/i, 'no dark background in the export');
    assert.doesNotMatch(svg, /#E6E9ED/i, 'no light ink in the export');
    // So is the PNG "as on screen": its top-left pixel is white.
    const png = (await download(page, 'chart-regret-png')).toString('base64');
    const corner = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.width;
      c.height = img.height;
      const ctx = c.getContext('2d');
      ctx.drawImage(img, 0, 0);
      return [...ctx.getImageData(2, 2, 1, 1).data].slice(0, 3);
    }, png);
    assert.deepEqual(corner, [255, 255, 255], 'the PNG export is drawn light');

    // Switching the system to light redraws the chart light.
    await page.emulateMedia({ colorScheme: 'light' });
    await page.waitForFunction(
      () => {
        const c = document.querySelector('[data-testid="chart-regret-canvas"]');
        const d = c.getContext('2d').getImageData(2, 2, 1, 1).data;
        return d[0] + d[1] + d[2] === 765;
      },
      null,
      { timeout: MEDIUM },
    );
    const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.ok(lum(light.match(/\d+/g).slice(0, 3).map(Number)) > 0.85, `light page: ${light}`);
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});
