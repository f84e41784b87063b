// Embedding (docs/EMBEDDING.md): a link hides and locks controls, the Embed dialog writes such
// links and the iframe snippet, and a course page on another origin drives an embedded lab with
// postMessage (examples/embed/host.html, served here from its own origin) and receives results
// whose digest is the command-line tool's. A page not on the link's allow-list gets nothing.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  BASE, LONG, MEDIUM, launch, freshPage, open, tid, cli, presetJson, screenshot,
  assertNoPageErrors, sleep, serveDir,
} from './helpers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const EXAMPLE = join(here, '..', '..', 'examples', 'embed');

let browser;
let host; // { server, origin }
before(async () => {
  browser = await launch();
  host = await serveDir(EXAMPLE);
});
after(async () => {
  await browser?.close();
  await host?.stop();
});

/** The digest `agora run` gives an experiment object. */
function cliDigest(experiment) {
  const r = cli(['run', '-'], JSON.stringify(experiment));
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout).digest;
}

/** Is the control `name` (its `data-control` element) disabled, or absent (null)? */
async function controlState(page, name) {
  return page.evaluate((n) => {
    const el = document.querySelector(`[data-control="${n}"]`);
    return el ? (el.disabled ? 'locked' : 'shown') : null;
  }, name);
}

test('a link hides and locks controls, and names what it cannot read', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    await open(page, '#/bandits?preset=bandits-classic&hide=json,play&lock=policies');
    await page.waitForSelector('[data-control="policies"]');
    assert.equal(await controlState(page, 'policies'), 'locked');
    assert.equal(await controlState(page, 'arms'), 'shown');
    // Picking a preset would undo the lock: the menu is read-only too.
    assert.equal(await controlState(page, 'presets'), 'locked');
    assert.equal(await page.isDisabled(tid('preset')), true);
    assert.equal(await page.isDisabled(tid('add-policy')), true);
    assert.equal(await page.isEnabled(tid('horizon')), true, 'what is not locked stays free');
    assert.equal(await page.$(tid('json-editor')), null, 'the JSON editor is hidden');
    assert.equal(await page.$(tid('tab-play')), null, 'the You play tab is hidden');
    assert.ok(await page.$(tid('tab-watch')), 'the other tab stays');
    // The locks survive an edit of what is free: the address bar keeps them.
    await page.fill(tid('horizon'), '300');
    await page.waitForFunction(() => location.hash.includes('lock=policies') && location.hash.includes('hide=json,play'));
    // The page still runs.
    await page.click(tid('run'));
    await page.waitForSelector(tid('digest'), { timeout: LONG });
    await screenshot(page, 'embed-locked-desktop');

    await open(page, '#/bandits?preset=bandits-classic&hide=polices&lock=watch&origins=course.example.edu');
    const banner = await page.textContent('.banner');
    assert.match(banner, /hide= names "polices"/);
    assert.match(banner, /policies/);
    assert.match(banner, /lock= names "watch".*only be hidden/);
    assert.match(banner, /origins= has "course\.example\.edu"/);
    assert.equal(await controlState(page, 'policies'), 'shown');
    // A share link (x=) with a bad name: the experiment opens and runs, the name is reported.
    const share = await page.inputValue(tid('share-link'));
    await open(page, `${share}&lock=arms,colour`);
    await page.waitForSelector(tid('digest'), { timeout: LONG });
    assert.match(await page.textContent('.banner'), /lock= names "colour"/);
    assert.equal(await controlState(page, 'arms'), 'locked');
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('the Embed dialog writes the snippet, the frame link and a preview', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    await open(page, '#/games?preset=games-axelrod');
    await page.click(tid('embed-open'));
    await page.waitForSelector(tid('embed-dialog'));
    await page.selectOption(tid('embed-control-json'), 'hidden');
    await page.selectOption(tid('embed-control-players'), 'locked');
    // The share box has nothing to edit: it cannot be read-only.
    assert.equal(await page.isDisabled(`${tid('embed-control-share')} option[value="locked"]`), true);
    await page.fill(tid('embed-origins'), 'https://course.example.edu, nope');
    assert.match(await page.textContent(tid('embed-origins-error')), /"nope" does not start with https:\/\//);
    await page.fill(tid('embed-origins'), 'https://course.example.edu');
    await page.selectOption(tid('embed-size'), '1');
    const snippet = await page.inputValue(tid('embed-snippet'));
    assert.match(snippet, /^<iframe src="http[^"]+#\/games\?v=1&amp;x=[^"]+&amp;embed=1&amp;hide=json&amp;lock=players&amp;origins=https:\/\/course\.example\.edu"/);
    assert.match(snippet, /width="960" height="900"/);
    assert.match(snippet, /title="Agora: Repeated games"/);
    const frameLink = await page.inputValue(tid('embed-link'));
    assert.ok(frameLink.startsWith(BASE) && frameLink.includes('&embed=1&hide=json&lock=players'), frameLink);
    const share = await page.inputValue(tid('embed-share-link'));
    assert.ok(!share.includes('embed=1') && share.includes('#/games?v=1&x='), share);
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.click(tid('embed-preview-toggle'));
    const frame = page.frameLocator(`${tid('embed-preview')} iframe`);
    await frame.locator('[data-control="players"]').waitFor();
    assert.equal(await frame.locator('[data-control="players"]').evaluate((e) => e.disabled), true);
    assert.equal(await frame.locator(tid('json-editor')).count(), 0);
    assert.equal(await frame.locator('.topbar').count(), 0, 'an embedded lab has no navigation');
    await screenshot(page, 'embed-dialog-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    await sleep(300);
    await screenshot(page, 'embed-dialog-phone');
    await page.click(tid('embed-close'));
    assert.equal(await page.$(tid('embed-dialog')), null);
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('a course page on another origin drives an embedded lab with postMessage', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    const url = `${host.origin}/host.html?app=${encodeURIComponent(BASE)}&lab=bandits&preset=bandits-classic&hide=runbar`;
    await page.goto(url);
    await page.waitForFunction(() => window.agoraHost?.events.some((e) => e.event === 'ready'), null, { timeout: MEDIUM });
    const ready = await page.evaluate(() => window.agoraHost.events[0]);
    assert.equal(ready.event, 'ready', 'the first event the host hears is ready');
    assert.equal(ready.lab, 'bandits');
    assert.equal(ready.experiment.lab, 'bandits');
    const send = (command, extra) => page.evaluate(([c, x]) => window.agoraHost.send(c, x), [command, extra]);

    // A smaller experiment, set from the host.
    const exp = presetJson('bandits-classic');
    exp.horizon = 400;
    exp.repetitions = 20;
    const state = await send('setExperiment', { experiment: exp });
    assert.equal(state.state, 'idle');
    assert.deepEqual(await send('getExperiment'), exp);
    // The lab's run bar is hidden: the host runs it.
    const frame = page.frameLocator('#lab');
    assert.equal(await frame.locator(tid('run')).count(), 0);

    await send('run');
    await page.waitForFunction(() => window.agoraHost.events.some((e) => e.event === 'finished'), null, { timeout: LONG });
    const finished = await page.evaluate(() => window.agoraHost.events.find((e) => e.event === 'finished'));
    const expected = cliDigest(exp);
    assert.equal(finished.digest, expected, 'the host hears the digest the CLI computes');
    assert.equal(finished.results.digest, expected);
    assert.deepEqual(finished.results.experiment, exp);
    assert.equal(await page.textContent(tid('host-digest')), expected);
    const results = await send('getResults');
    assert.equal(results.digest, expected);
    assert.equal(results.results.lab, 'bandits');

    // Refusals name the field and change nothing.
    const bad = structuredClone(exp);
    bad.horizon = 0;
    const err = await page.evaluate((x) => window.agoraHost.send('setExperiment', { experiment: x }).then(() => 'accepted', (e) => e.message), bad);
    assert.match(err, /horizon: must be/);
    assert.deepEqual(await send('getExperiment'), exp);
    const unknown = await page.evaluate(() => window.agoraHost.send('fly').then(() => 'accepted', (e) => e.message));
    assert.match(unknown, /"fly".*Commands: getState/);

    // Step starts a paused run; reset forgets it.
    const stepped = await send('step');
    assert.equal(stepped.state, 'paused');
    await page.waitForFunction(() => window.agoraHost.events.some((e) => e.event === 'progress' && e.state === 'paused' && e.done >= 1));
    const reset = await send('reset');
    assert.deepEqual([reset.state, reset.digest], ['idle', null]);

    // A student's edit in the frame reaches the host.
    await frame.locator(tid('horizon')).fill('500');
    await page.waitForFunction(() => window.agoraHost.events.some((e) => e.event === 'changed' && e.experiment.horizon === 500));
    await page.setViewportSize({ width: 1366, height: 900 });
    await screenshot(page, 'embed-host-desktop');
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('a page not on the allow-list gets no answer', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    const url = `${host.origin}/host.html?app=${encodeURIComponent(BASE)}&lab=games&origins=${encodeURIComponent('https://course.example.edu')}`;
    await page.goto(url);
    const frame = page.frameLocator('#lab');
    await frame.locator(tid('games-mode')).waitFor({ timeout: MEDIUM });
    const reply = await page.evaluate(() => window.agoraHost.send('getState', {}, 3000).then(() => 'answered', (e) => e.message));
    assert.match(reply, /no reply/);
    assert.deepEqual(await page.evaluate(() => window.agoraHost.events), []);
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('oEmbed: the page points to its document, whose iframe embeds the lab', { timeout: LONG }, async () => {
  const index = await (await fetch(BASE)).text();
  assert.match(index, /<link rel="alternate" type="application\/json\+oembed" href="oembed\.json"/);
  const site = await (await fetch(new URL('oembed.json', BASE))).json();
  assert.deepEqual([site.version, site.type, site.provider_url], ['1.0', 'rich', BASE]);
  const doc = await (await fetch(new URL('oembed/bandits.json', BASE))).json();
  assert.equal(doc.type, 'rich');
  assert.ok(Number.isInteger(doc.width) && Number.isInteger(doc.height));
  assert.ok(doc.html.startsWith(`<iframe src="${BASE}#/bandits?embed=1"`), doc.html);
  // A course platform pastes the html into its page: the lab runs there, embedded.
  const { context, page } = await freshPage(browser);
  try {
    await page.goto(`${host.origin}/host.css`);
    await page.setContent(`<!DOCTYPE html><title>Course</title><h1>Week 3</h1>${doc.html}`);
    const frame = page.frameLocator('iframe');
    await frame.locator(tid('run')).waitFor({ timeout: MEDIUM });
    assert.equal(await frame.locator('.topbar').count(), 0);
    await frame.locator(tid('run')).click();
    await frame.locator(tid('digest')).waitFor({ timeout: LONG });
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});
