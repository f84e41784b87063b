// Shared helpers of the end-to-end tests: a headless Chromium driven by playwright-core
// against the built site (AGORA_URL, served by scripts/test.sh), the native CLI, screenshots.
//
// No test asserts on time: waits are generous limits for slow machines, never measurements.

import { chromium } from 'playwright-core';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { createServer } from 'node:http';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** The site under test, always ending with '/'. */
export const BASE = (() => {
  const u = process.env.AGORA_URL ?? 'http://127.0.0.1:8080/';
  return u.endsWith('/') ? u : `${u}/`;
})();

/** The native CLI (built by `cargo build -p agora-cli`). */
export const CLI = process.env.AGORA_CLI ?? join(here, '..', '..', 'target', 'debug', 'agora');

/** Where screenshots go (gitignored). */
export const ARTIFACTS = join(here, 'artifacts');

/** Generous limits: a debug-free release build on 2 busy cores can still be slow. */
export const LONG = 180_000;
export const MEDIUM = 60_000;

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * One Chromium for the tests of a file: launched before them, closed after them. Returns an
 * object whose `browser` is set once launched.
 */
export function sharedBrowser(before, after) {
  const shared = { browser: null };
  before(async () => {
    shared.browser = await launch();
  });
  after(async () => {
    await shared.browser?.close();
  });
  return shared;
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.AGORA_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

/**
 * A fresh browser context (own storage, own clipboard permissions) at 1280x800 with one page,
 * in the light colour scheme unless `colorScheme` is 'dark'.
 * `page.agoraErrors` collects uncaught page errors: the app must never throw on user input.
 */
export async function freshPage(browser, { clipboard = false, colorScheme = 'light' } = {}) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
    colorScheme,
  });
  if (clipboard) {
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: new URL(BASE).origin,
    });
  }
  const page = await context.newPage();
  page.setDefaultTimeout(MEDIUM);
  page.agoraErrors = [];
  page.agoraConsole = [];
  page.on('pageerror', (e) => page.agoraErrors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') page.agoraConsole.push(m.text());
  });
  return { context, page };
}

/** `[data-testid=id]` */
export function tid(id) {
  return `[data-testid="${id}"]`;
}

/** Opens `#/route` (or a full URL) and waits until the app has rendered its nav or lab. */
export async function open(page, routeOrUrl) {
  const url = /^https?:/.test(routeOrUrl) ? routeOrUrl : `${BASE}${routeOrUrl}`;
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForFunction(() => document.querySelector('[data-testid]') !== null, null, {
    timeout: MEDIUM,
  });
}

const HEX16 = /^[0-9a-f]{16}$/;

/** Waits until `[data-testid=digest]` holds 16 hex characters and returns them. */
export async function waitForDigest(page, timeout = LONG) {
  const handle = await page.waitForFunction(
    () => {
      const el = document.querySelector('[data-testid="digest"]');
      const t = el ? el.textContent.trim() : '';
      return /^[0-9a-f]{16}$/.test(t) ? t : null;
    },
    null,
    { timeout, polling: 100 },
  );
  const digest = await handle.jsonValue();
  if (!HEX16.test(digest)) throw new Error(`not a digest: ${digest}`);
  return digest;
}

/** The text of the digest element now (empty if absent). */
export async function digestNow(page) {
  return page.evaluate(() => {
    const el = document.querySelector('[data-testid="digest"]');
    return el ? el.textContent.trim() : '';
  });
}

/** `{value, max}` of the run bar's `<progress>`. */
export async function progress(page) {
  return page.$eval(tid('progress'), (p) => ({ value: Number(p.value), max: Number(p.max) }));
}

/**
 * Counts the pixels of a canvas that differ from its most common colour (the background)
 * by more than a small tolerance, and the number of distinct colours seen.
 */
export async function canvasInk(page, testid) {
  return page.$eval(tid(testid), (canvas) => {
    if (!(canvas instanceof HTMLCanvasElement)) return { error: 'not a canvas' };
    if (canvas.width === 0 || canvas.height === 0) return { ink: 0, colours: 0, total: 0 };
    const ctx = canvas.getContext('2d');
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    const counts = new Map();
    for (let i = 0; i < data.length; i += 4) {
      const key = (data[i] << 24) | (data[i + 1] << 16) | (data[i + 2] << 8) | data[i + 3];
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    let bg = 0;
    let best = -1;
    for (const [k, n] of counts) if (n > best) { best = n; bg = k; }
    const br = (bg >>> 24) & 255, bgG = (bg >>> 16) & 255, bb = (bg >>> 8) & 255, ba = bg & 255;
    let ink = 0;
    for (let i = 0; i < data.length; i += 4) {
      const d = Math.abs(data[i] - br) + Math.abs(data[i + 1] - bgG) + Math.abs(data[i + 2] - bb)
        + Math.abs(data[i + 3] - ba);
      if (d > 24) ink++;
    }
    return { ink, colours: counts.size, total: data.length / 4 };
  });
}

/** Waits until a canvas has at least `minInk` non-background pixels; returns canvasInk's result. */
export async function waitForInk(page, testid, minInk, timeout = MEDIUM) {
  await page.waitForSelector(tid(testid), { state: 'attached', timeout });
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    last = await canvasInk(page, testid);
    if (last.ink >= minInk) return last;
    if (Date.now() > deadline) {
      throw new Error(`${testid}: only ${last.ink} non-background pixels (${JSON.stringify(last)})`);
    }
    await sleep(250);
  }
}

/**
 * Saves a screenshot of the viewport into tests/e2e/artifacts/NAME.png, first scrolling the
 * element `scrollTo` (a selector) to the top of the view if given.
 */
export async function screenshot(page, name, { scrollTo } = {}) {
  mkdirSync(ARTIFACTS, { recursive: true });
  if (scrollTo) {
    await page.$eval(scrollTo, (el) => {
      el.scrollIntoView({ block: 'start' });
      // Leave room for a sticky header.
      window.scrollBy(0, -72);
    });
  }
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
}

/** Runs the native CLI; returns {status, stdout, stderr}. */
export function cli(args, input) {
  const r = spawnSync(CLI, args, { input, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.error) throw new Error(`cannot run ${CLI}: ${r.error.message}`);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A preset's experiment as an object (from the CLI). */
export function presetJson(name) {
  return JSON.parse(execFileSync(CLI, ['preset', name], { encoding: 'utf8' }));
}

/** The share link of an experiment object, on the site under test (from the CLI). */
export function linkFor(experiment, { digest = false } = {}) {
  const args = ['link', '--base', BASE, '-'];
  if (digest) args.splice(1, 0, '--digest');
  const r = cli(args, JSON.stringify(experiment));
  if (r.status !== 0) throw new Error(`agora link failed: ${r.stderr}`);
  return r.stdout.trim();
}

/** Fails with the collected page errors, if any. */
export function assertNoPageErrors(page, assert) {
  assert.deepEqual(page.agoraErrors, [], `uncaught errors in the page: ${page.agoraErrors.join('\n')}`);
}

/** Sleeps (only to let the page settle between observations, never as an assertion). */
export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * Puts `json` (a string) into the "Edit as JSON" box and applies it, opening the box first if
 * it is folded away (as a user would, by clicking its summary).
 */
export async function applyJson(page, json) {
  if (!(await page.isVisible(tid('config-json')))) {
    await page.click(`details:has(${tid('config-json')}) > summary`);
    await page.waitForSelector(tid('config-json'), { state: 'visible' });
  }
  await page.fill(tid('config-json'), json);
  await page.click(tid('apply-json'));
}

/**
 * Serves the files of `dir` on a free port of 127.0.0.1 (another origin than the site under
 * test's): `{ url, origin, stop }`. `stop()` closes it and drops open connections, as a server
 * that went away.
 */
export async function serveDir(dir) {
  const types = {
    '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css',
    '.svg': 'image/svg+xml', '.json': 'application/json', '.webmanifest': 'application/manifest+json',
  };
  const root = normalize(dir);
  const server = createServer(async (req, res) => {
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(root, path));
    try {
      if (!file.startsWith(root) || !(await stat(file)).isFile()) throw new Error('not a file');
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(await readFile(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  let stopped = null;
  return {
    origin,
    url: `${origin}/`,
    stop: () => {
      stopped ??= new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(r);
      });
      return stopped;
    },
  };
}
