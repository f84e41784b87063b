// Guided stories: every step of every story opens from its link, runs the experiment the CLI
// runs for that step, and outlines what it tells the student to look at; a step's link survives
// a reload, an edit and an iframe; bad story links are named.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  LONG, MEDIUM, BASE, sharedBrowser, freshPage, open, tid, cli, screenshot, assertNoPageErrors,
} from './helpers.mjs';

const shared = sharedBrowser(before, after);

/** The stories the CLI lists: {lab, name, steps, title}. */
function stories() {
  const r = cli(['stories']);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').map((line) => {
    const [lab, name, steps, title] = line.split('\t');
    return { lab, name, steps: Number(steps), title };
  });
}

/** The digest the CLI computes for step `k` (from 1) of a story. */
function cliDigest(s, k) {
  const exp = cli(['story', s.lab, s.name, String(k)]);
  assert.equal(exp.status, 0, exp.stderr);
  const r = cli(['run', '--digest-only', '-'], exp.stdout);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

/** Waits until the panel shows step `k` and the digest is `want` (any digest when null). */
async function waitForStep(page, k, want) {
  await page.waitForFunction(
    ([k, want]) => {
      const panel = document.querySelector('[data-testid="story-panel"]');
      const d = document.querySelector('[data-testid="digest"]');
      const digest = d ? d.textContent.trim() : '';
      return panel && panel.dataset.step === String(k)
        && (want ? digest === want : /^[0-9a-f]{16}$/.test(digest));
    },
    [k, want],
    { timeout: LONG, polling: 100 },
  );
}

/** What a step looks at that is not on the page, or not outlined. */
async function missingLooks(page) {
  return page.evaluate(() => {
    const look = document.querySelector('[data-testid="story-panel"]')?.dataset.look ?? '';
    const names = look.split(' ').filter(Boolean);
    return names.filter((n) => {
      const els = [...document.querySelectorAll(`[data-testid="${n}"], [data-control="${n}"]`)];
      return !els.some((el) => getComputedStyle(el).outlineStyle === 'solid');
    });
  });
}

test('every step of every story opens, runs the CLI experiment, and shows what it points at', { timeout: 20 * 60_000 }, async () => {
  const all = stories();
  for (const lab of ['bandits', 'games', 'tax', 'metarl']) {
    assert.ok(all.filter((s) => s.lab === lab).length >= 2, `${lab} has two stories`);
  }
  const { context, page } = await freshPage(shared.browser);
  try {
    for (const s of all) {
      await open(page, `#/${s.lab}?story=${s.name}&step=1`);
      for (let k = 1; k <= s.steps; k++) {
        // Meta-RL steps show the pre-trained results their digests are pinned to (training
        // them in the CLI takes minutes; tests/pretrained.rs checks those files).
        const want = s.lab === 'metarl' ? null : cliDigest(s, k);
        await waitForStep(page, k, want);
        const heading = await page.textContent(tid('story-step'));
        assert.match(heading, new RegExp(`^Step ${k} of ${s.steps}: `), `${s.name} step ${k}`);
        assert.ok((await page.textContent(tid('story-text'))).trim().length > 40, `${s.name} step ${k} has text`);
        // The step's link names the story and the step, not the experiment.
        const hash = await page.evaluate(() => location.hash);
        assert.equal(hash, `#/${s.lab}?story=${s.name}&step=${k}`, `${s.name} step ${k}: address`);
        // Charts appear as the results arrive; wait for the outlined parts a moment.
        let missing = await missingLooks(page);
        for (let i = 0; i < 50 && missing.length; i++) {
          await page.waitForTimeout(100);
          missing = await missingLooks(page);
        }
        assert.deepEqual(missing, [], `${s.name} step ${k} looks at parts that are not on the page`);
        if (k === 2) await screenshot(page, `story-${s.lab}-${s.name}-2`, { scrollTo: tid('story-panel') });
        if (k < s.steps) await page.click(tid('story-next'));
      }
      assert.ok(await page.$eval(tid('story-next'), (b) => b.disabled), 'no next step after the last');
    }
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('a story step is a link: reload, back, edit and restore, leave, bad links', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(shared.browser);
  try {
    const s = { lab: 'bandits', name: 'explore-or-exploit', steps: 5 };
    await open(page, `#/bandits?story=${s.name}&step=3`);
    const third = cliDigest(s, 3);
    await waitForStep(page, 3, third);
    await page.reload();
    await waitForStep(page, 3, third);

    // Back, and the dots, move between steps.
    await page.click(tid('story-back'));
    await waitForStep(page, 2, cliDigest(s, 2));
    const focused = await page.evaluate(() => document.activeElement?.dataset.testid);
    assert.equal(focused, 'story-step', 'the new step\'s title takes the focus');
    await page.click(tid('story-dot-3'));
    await waitForStep(page, 3, third);

    // An edit keeps the story: the address carries the changed experiment at this step.
    await page.fill(tid('horizon'), '300');
    await page.waitForSelector(tid('story-edited'));
    await page.waitForFunction(() => /[?&]x=.*&story=explore-or-exploit&step=3/.test(location.hash));
    await page.reload();
    await page.waitForSelector(tid('story-edited'));
    assert.equal(await page.$eval(tid('horizon'), (i) => i.value), '300');
    assert.equal(await page.$eval(tid('story-panel'), (p) => p.dataset.step), '3');
    await page.click(tid('story-restore'));
    await waitForStep(page, 3, third);
    assert.equal(await page.$(tid('story-edited')), null);
    assert.equal(await page.evaluate(() => location.hash), `#/bandits?story=${s.name}&step=3`);

    // The panel's own link opens the same step.
    const link = await page.$eval(tid('story-link'), (i) => i.value);
    assert.equal(link, `${BASE}#/bandits?story=${s.name}&step=3`);

    // Leaving the story keeps the experiment and lists the stories again.
    await page.click(tid('story-close'));
    await page.waitForSelector(tid('story-list'));
    assert.equal(await page.$(tid('story-panel')), null);
    await page.waitForFunction(() => /[?&]x=/.test(location.hash) && !/story=/.test(location.hash));
    await page.click(tid('story-start-why-optimism-works'));
    await waitForStep(page, 1, cliDigest({ ...s, name: 'why-optimism-works' }, 1));
    assert.equal(await page.$eval('[role="tab"][aria-selected="true"]', (t) => t.dataset.testid), 'tab-watch',
      'the step opens the tab it names');

    // Bad story links name the key and keep the page working.
    await open(page, '#/games?story=no-such-story');
    await page.waitForSelector(tid('error-banner'));
    assert.match(await page.textContent(tid('error-banner')), /story=.*no-such-story.*evolution-of-trust/s);
    await open(page, `#/bandits?story=${s.name}&step=9`);
    await page.waitForSelector(tid('error-banner'));
    assert.match(await page.textContent(tid('error-banner')), /step=.*1 to 5.*"9"/s);
    assert.equal(await page.$(tid('story-panel')), null);
    await page.click(tid('run'));
    await page.waitForSelector(tid('digest'), { timeout: MEDIUM });
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('the home page lists each lab\'s stories, and a story step embeds', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(shared.browser);
  try {
    await open(page, '#/');
    const links = await page.$$eval('[data-testid^="home-story-"]', (as) => as.map((a) => a.getAttribute('href')));
    assert.ok(links.length >= 8, `the home page lists the stories: ${links.join(' ')}`);
    await page.click(tid('home-story-evolution-of-trust'));
    const trust = { lab: 'games', name: 'evolution-of-trust' };
    await waitForStep(page, 1, cliDigest(trust, 1));

    // In an iframe: the step and its outline, no way out of the story, no story list.
    await page.setViewportSize({ width: 390, height: 844 });
    await open(page, '#/games?story=evolution-of-trust&step=3&embed=1&hide=settings');
    await waitForStep(page, 3, cliDigest(trust, 3));
    assert.equal(await page.$(tid('story-close')), null);
    assert.equal(await page.$(tid('story-list')), null);
    assert.deepEqual(await missingLooks(page), []);
    await screenshot(page, 'story-embedded-phone', { scrollTo: tid('story-panel') });
    await page.click(tid('story-next'));
    await waitForStep(page, 4, cliDigest(trust, 4));
    assert.equal(
      await page.evaluate(() => location.hash),
      '#/games?story=evolution-of-trust&step=4&embed=1&hide=settings',
      'an embedded story keeps its embed options as it moves',
    );
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});
