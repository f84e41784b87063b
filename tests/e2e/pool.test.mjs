// Runs on every core: a run computed by a pool of Web Workers gives the digest of one worker
// and of the native CLI, for 1, 2 and 4 workers, in both labs.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  LONG, sharedBrowser, freshPage, open, tid, waitForDigest, presetJson, linkFor, cli,
  assertNoPageErrors, screenshot, applyJson,
} from './helpers.mjs';

const shared = sharedBrowser(before, after);

/** Opens `link` in a fresh page whose settings ask for `workers` workers; returns the digest,
 * the workers the run reports and whether the page said "reproduced". */
async function runWith(workers, link, shot) {
  const { context, page } = await freshPage(shared.browser);
  try {
    await open(page, '#/');
    await page.evaluate((w) => {
      localStorage.setItem('agora.settings', JSON.stringify({ workers: w }));
    }, workers);
    await open(page, link);
    const digest = await waitForDigest(page);
    const used = await page.$eval(tid('run-stats'), (el) => Number(el.getAttribute('data-workers')));
    const state = await page.$eval(tid('reproduce-status'), (el) => el.getAttribute('data-state'));
    if (shot) await screenshot(page, shot);
    assertNoPageErrors(page, assert);
    return { digest, used, state };
  } finally {
    await context.close();
  }
}

for (const [name, tweak] of [
  // 100 repetitions of the Axelrod tournament: 13,600 matches to share.
  ['games-axelrod', (e) => { e.repetitions = 100; }],
  ['bandits-classic', (e) => { e.repetitions = 200; }],
  // A tournament, then dynamics that only the coordinator can run.
  ['games-moran', () => {}],
]) {
  test(`${name}: 1, 2 and 4 workers give the CLI's digest`, { timeout: 4 * LONG }, async () => {
    const exp = presetJson(name);
    tweak(exp);
    const r = cli(['run', '--digest-only', '--jobs', '1', '-'], JSON.stringify(exp));
    assert.equal(r.status, 0, r.stderr);
    const native = r.stdout.trim();
    const link = linkFor(exp, { digest: true });
    for (const workers of [1, 2, 4]) {
      const got = await runWith(workers, link, workers === 2 ? `pool-${name}` : undefined);
      assert.equal(got.digest, native, `${workers} workers`);
      assert.equal(got.state, 'match', `${workers} workers: the page says it reproduced`);
      assert.equal(got.used, workers, `the run used ${workers} workers`);
    }
  });
}

test('an LLM run replays on one worker whatever the setting', { timeout: LONG }, async () => {
  const exp = JSON.parse(
    (await import('node:fs')).readFileSync(
      new URL('../../crates/engine/tests/data/llm-tft-recorded.json', import.meta.url), 'utf8'),
  );
  const got = await runWith(4, linkFor(exp, { digest: true }));
  assert.equal(got.state, 'match');
  assert.equal(got.used, 1, 'LLM units are replayed in order by one worker');
});

test('the run bar sets the number of workers, and the setting is kept', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(shared.browser);
  try {
    await open(page, '#/games?preset=games-axelrod');
    const auto = await page.$eval(`${tid('workers')} option[value="0"]`, (o) => o.textContent);
    assert.match(auto, /^Auto \(\d+\)$/);
    await page.selectOption(tid('workers'), '2');
    // Long enough (about half a second) for the helper to start and take blocks.
    const first = presetJson('games-axelrod');
    first.repetitions = 300;
    await applyJson(page, JSON.stringify(first, null, 2));
    await page.click(tid('run'));
    const digest = await waitForDigest(page);
    assert.equal(await page.$eval(tid('run-stats'), (el) => el.getAttribute('data-workers')), '2');
    assert.match(await page.textContent(tid('run-stats')), /2 workers/);
    const r = cli(['run', '--digest-only', '-'], JSON.stringify(first));
    assert.equal(digest, r.stdout.trim());

    // A second run in the same page reuses the started helper with the new experiment.
    const exp = presetJson('games-axelrod');
    exp.seed = 99;
    exp.noise = 0.05;
    // Long enough for the helper to answer its first block before the page's own worker has
    // done everything: 40 repetitions were too few on a loaded machine once, and 300 too few
    // once WebAssembly got faster (27 M turns, about half a second in the browser).
    exp.repetitions = 1000;
    await applyJson(page, JSON.stringify(exp, null, 2));
    await page.click(tid('run'));
    await page.waitForFunction(
      (old) => {
        const el = document.querySelector('[data-testid="digest"]');
        const t = el ? el.textContent.trim() : '';
        return /^[0-9a-f]{16}$/.test(t) && t !== old;
      },
      digest,
      { timeout: LONG },
    );
    const second = await page.$eval(tid('digest'), (el) => el.textContent.trim());
    const native = cli(['run', '--digest-only', '-'], JSON.stringify(exp));
    assert.equal(second, native.stdout.trim(), 'the reused helper computed the new experiment');
    // The kept helper is fed as the run starts, so it computes part of it.
    const shared = await page.$eval(tid('run-stats'), (el) => Number(el.getAttribute('data-shared')));
    assert.ok(shared >= 1, `the helper computed ${shared} matches`);
    assert.equal(await page.$eval(tid('run-stats'), (el) => el.getAttribute('data-workers')), '2');

    await page.reload();
    await page.waitForSelector(tid('workers'));
    assert.equal(await page.$eval(tid('workers'), (s) => s.value), '2');
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});
