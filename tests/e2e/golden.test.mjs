// Lasting links and offline use: every golden link (crates/engine/tests/data/golden-links.json,
// links of every released format) opens in the browser to the digest it carries; after one visit
// the app keeps working with its server gone (a service worker's copy), shows its version, and
// is installable.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { chromium } from 'playwright-core';
import {
  BASE, LONG, CHROMIUM_ARGS, launch, freshPage, open, tid, waitForDigest, assertNoPageErrors, serveDir,
} from './helpers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = join(here, '..', '..');
const GOLDEN = JSON.parse(await readFile(join(ROOT, 'crates', 'engine', 'tests', 'data', 'golden-links.json'), 'utf8'));

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('every golden link opens to the digest it carries', { timeout: LONG * 4 }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    for (const { name, link } of GOLDEN.links) {
      // The site under test in place of the address the link was shared from.
      const url = `${BASE}${link.slice(link.indexOf('#'))}`;
      const expected = new URL(link).hash.match(/[?&]d=([0-9a-f]{16})/)[1];
      await open(page, url);
      assert.equal(await waitForDigest(page, LONG), expected, `${name}: the digest`);
      await page.waitForSelector(`${tid('reproduce-status')}[data-state="match"]`, { timeout: LONG });
      // A full reload between links: each opens as a fresh visit would.
      await page.goto('about:blank');
    }
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('after one visit the app works with its server gone, shows its version, and installs', { timeout: LONG * 2 }, async () => {
  // The test's own server, so it can cut it.
  const site = await serveDir(join(ROOT, 'dist'));
  // A browser profile of its own, not an incognito context: Chromium checks installability
  // only outside incognito.
  const profile = await mkdtemp(join(tmpdir(), 'agora-offline-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.AGORA_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 800 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.agoraErrors = [];
  page.on('pageerror', (e) => page.agoraErrors.push(String(e)));
  try {
    await open(page, `${site.url}#/bandits`);
    assert.match(await page.textContent(tid('app-version')), /^Agora \d+\.\d+\.\d+ · links in format 1/);
    // The service worker has copied the site.
    await page.waitForFunction(async () => {
      const reg = await navigator.serviceWorker.getRegistration();
      if (reg?.active?.state !== 'activated') return false;
      const keys = await caches.keys();
      if (keys.length === 0) return false;
      const cached = await (await caches.open(keys[0])).keys();
      return cached.some((r) => r.url.endsWith('agora-worker_bg.wasm'));
    }, null, { timeout: LONG, polling: 200 });
    // Chromium's own installability check (manifest, icons, service worker).
    const cdp = await context.newCDPSession(page);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    assert.deepEqual(installabilityErrors, [], JSON.stringify(installabilityErrors));

    // Loads are the service worker's to answer once Chromium has stored its registration,
    // which it does a moment after activation: reload until a load is answered by it.
    const deadline = Date.now() + LONG;
    for (;;) {
      await page.reload({ waitUntil: 'load' });
      if (await page.evaluate(() => navigator.serviceWorker.controller !== null)) break;
      assert.ok(Date.now() < deadline, 'no load was answered by the service worker');
      await page.waitForTimeout(250);
    }
    await page.waitForSelector(tid('run'), { timeout: LONG });

    await site.stop();
    // The network is gone: a reload and another lab still open, and a run still runs.
    await page.reload({ waitUntil: 'load' });
    await page.waitForSelector(tid('run'), { timeout: LONG });
    await page.click(tid('run'));
    const digest = await waitForDigest(page, LONG);
    assert.match(digest, /^[0-9a-f]{16}$/);
    await page.goto(`${site.url}#/games?preset=games-axelrod`);
    await page.waitForSelector(tid('run'), { timeout: LONG });
    await page.click(tid('run'));
    await waitForDigest(page, LONG);
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
    await site.stop();
    await rm(profile, { recursive: true, force: true });
  }
});
