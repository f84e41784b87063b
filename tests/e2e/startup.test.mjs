// Start-up as a student on a slow network sees it: the page paints its static loading screen
// from the first bytes (index.html and the stylesheet), long before the app's WebAssembly
// arrives, and the app then replaces it. Chromium's paint timing and network/CPU throttling
// (DevTools' "Fast 3G" and a 4x slower CPU) measure it; the numbers go to
// artifacts/startup.json for BENCHMARKS.md, never into an assertion on time.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { LONG, ARTIFACTS, launch, BASE, assertNoPageErrors } from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** DevTools' "Fast 3G" preset. */
const FAST_3G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: (1.44 * 1024 * 1024) / 8,
  uploadThroughput: (675 * 1024) / 8,
};

async function measure(throttled) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
  const page = await context.newPage();
  page.agoraErrors = [];
  page.on('pageerror', (e) => page.agoraErrors.push(String(e)));
  try {
    if (throttled) {
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', FAST_3G);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    }
    // What the page shows once its HTML is parsed, before any script ran.
    await page.addInitScript(() => {
      document.addEventListener('DOMContentLoaded', () => {
        window.agoraBootText = document.getElementById('boot')?.textContent ?? '';
      }, { once: true });
    });
    await page.goto(`${BASE}#/bandits`, { waitUntil: 'commit', timeout: LONG });
    await page.waitForSelector('[data-testid="run"]', { timeout: LONG });
    const bootText = await page.evaluate(() => window.agoraBootText ?? '');
    assert.equal(await page.$('#boot'), null, 'the app removes the loading screen');
    const t = await page.evaluate(() => {
      const paint = Object.fromEntries(performance.getEntriesByType('paint').map((e) => [e.name, e.startTime]));
      const nav = performance.getEntriesByType('navigation')[0];
      const wasm = performance.getEntriesByType('resource')
        .filter((r) => r.name.endsWith('.wasm'))
        .map((r) => ({ name: r.name.split('/').pop(), bytes: r.encodedBodySize, end: r.responseEnd }));
      return {
        firstPaint: paint['first-paint'],
        firstContentfulPaint: paint['first-contentful-paint'],
        domContentLoaded: nav.domContentLoadedEventEnd,
        appReady: performance.now(),
        wasm,
      };
    });
    assertNoPageErrors(page, assert);
    return { bootText: bootText.trim(), ...t };
  } finally {
    await context.close();
  }
}

test('the loading screen paints long before the app is ready, on a slow network too', { timeout: LONG }, async () => {
  const local = await measure(false);
  const slow = await measure(true);
  for (const m of [local, slow]) {
    assert.match(m.bootText, /Loading Agora/);
    assert.ok(m.firstContentfulPaint > 0, 'Chromium reports a first contentful paint');
    // The first paint is the static screen: it comes before the app's wasm has arrived.
    const wasmEnd = Math.max(...m.wasm.map((w) => w.end));
    assert.ok(m.firstContentfulPaint < wasmEnd, `first paint ${m.firstContentfulPaint} ms, wasm in at ${wasmEnd} ms`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const round = (x) => Math.round(x);
  const summary = Object.fromEntries(Object.entries({ local, slow }).map(([k, m]) => [k, {
    first_contentful_paint_ms: round(m.firstContentfulPaint),
    app_ready_ms: round(m.appReady),
    wasm: m.wasm.map((w) => ({ ...w, end: round(w.end) })),
  }]));
  writeFileSync(join(ARTIFACTS, 'startup.json'), `${JSON.stringify(summary, null, 2)}\n`);
  console.log(JSON.stringify(summary));
});
