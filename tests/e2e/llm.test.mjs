// LLM agents through the browser's fetch, against a real model served on this computer
// (scripts/llm-server.sh, SmolLM2-135M; AGORA_LLM_URL) and a misbehaving server in front of it
// for fault injection (tests/llm/faulty_server.py; AGORA_FAULTY_URL). What is checked is what
// the app does with replies (recorded, shown as text, replayed, retried), not the model's play.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  LONG, launch, freshPage, open, tid, waitForDigest, screenshot, cli, assertNoPageErrors,
  presetJson, linkFor, sleep,
} from './helpers.mjs';

const LLM_URL = process.env.AGORA_LLM_URL;
const FAULTY_URL = process.env.AGORA_FAULTY_URL;
const SECRET = 'sk-agora-e2e-SECRET-4242';
// Replies take up to a few seconds each on two cores.
const VERY_LONG = 600_000;
const skip = LLM_URL ? false : 'AGORA_LLM_URL is not set: scripts/test.sh starts the model';
const skipFaults = skip || (FAULTY_URL ? false : 'AGORA_FAULTY_URL is not set');

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const state = { matchDigest: null };

/** Sets an input's value as a user would and fires its change event. */
async function setField(page, id, value) {
  await page.fill(tid(id), String(value));
  await page.dispatchEvent(tid(id), 'change');
}

/** Opens every section of the LLM panel (the model section folds once replies are in). */
async function openSections(page) {
  await page.$$eval('.llm-section > summary', (els) => els.forEach((s) => {
    if (!s.parentElement.open) s.click();
  }));
}

/** Sets the call timeout (seconds) in the panel's "Calls" section. */
async function setTimeoutSeconds(page, seconds) {
  await openSections(page);
  await setField(page, 'llm-timeout', seconds);
}

/** Presses "Ask the model" and waits until asking ends; returns 'complete' or 'stopped'. */
async function ask(page) {
  await page.click(tid('llm-ask'));
  const h = await page.waitForFunction(() => {
    if (document.querySelector('[data-testid="llm-complete"]')) return 'complete';
    if (document.querySelector('[data-testid="llm-stopped"]')) return 'stopped';
    return null;
  }, null, { timeout: VERY_LONG, polling: 200 });
  return h.jsonValue();
}

/** The transcript table's rows as {reply, parsed}, after opening its section. */
async function transcriptRows(page) {
  const open = await page.$eval(tid('llm-transcript-section'), (d) => d.open);
  if (!open) await page.click(`${tid('llm-transcript-section')} > summary`);
  await page.waitForSelector(tid('llm-transcript'));
  return page.$$eval(`${tid('llm-transcript')} tbody tr`, (trs) => trs.map((tr) => ({
    unit: tr.children[0].textContent,
    reply: tr.querySelector('.llm-reply').textContent,
    parsed: tr.children[5].textContent,
  })));
}

/** The page's experiment JSON; asserts the native CLI replays it to `digest`. */
async function assertCliReplays(page, digest) {
  const json = await page.$eval(tid('config-json'), (el) => el.value);
  const r = cli(['run', '--digest-only', '-'], json);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim(), digest);
  return json;
}

/**
 * Opens `link` in a fresh browser where every request to the model is refused, waits for its
 * digest and asserts it is `digest` and that no call was attempted. Returns the page's errors.
 */
async function assertReplaysOffline(link, digest, { reproduced = false } = {}) {
  const { context, page } = await freshPage(browser);
  try {
    let calls = 0;
    await context.route(`${new URL(LLM_URL).origin}/**`, (route) => {
      calls += 1;
      route.abort();
    });
    await open(page, link);
    assert.equal(await waitForDigest(page, LONG), digest);
    if (reproduced) {
      await page.waitForSelector(`${tid('reproduce-status')}[data-state="match"]`, { timeout: LONG });
    }
    assert.equal(calls, 0, 'replaying made no call');
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
}

/** Everything of the page a key must never reach, as one string. */
async function everythingButTheKeyField(page) {
  return page.evaluate(() => {
    const local = Object.keys(localStorage).map((k) => `${k}=${localStorage.getItem(k)}`).join('\n');
    const inputs = [...document.querySelectorAll('input, textarea')]
      .filter((el) => el.getAttribute('data-testid') !== 'llm-key')
      .map((el) => el.value).join('\n');
    const text = document.body.innerText;
    return [local, inputs, text, location.href].join('\n');
  });
}

test('an LLM plays Tit For Tat through fetch; the transcript shows; the link replays offline', { timeout: VERY_LONG, skip }, async () => {
  const { context, page } = await freshPage(browser);
  const consoleAll = [];
  page.on('console', (m) => consoleAll.push(m.text()));
  try {
    await open(page, '#/games?preset=games-llm-tft');
    await page.waitForSelector(tid('llm-panel'));
    await setField(page, 'llm-base-url', LLM_URL);
    // The local server needs no key; one is typed anyway to check where it goes.
    await page.fill(tid('llm-key'), SECRET);
    await page.click(tid('llm-test'));
    await page.waitForFunction(() => /Connected: \d+ model/.test(
      document.querySelector('[data-testid="llm-connection"]')?.textContent ?? ''), null, { timeout: LONG });

    // The prompt is Akata et al.'s, visible before any call.
    await page.click('.llm-section:nth-of-type(2) > summary');
    const prompt = await page.$eval(tid('llm-prompt'), (el) => el.textContent);
    assert.match(prompt, /You are playing a game repeatedly with another player/);
    assert.match(prompt, /Q: Which Option do you choose, Option [JF] or Option [JF]\?/);

    assert.equal(await ask(page), 'complete');
    const digest = await waitForDigest(page, VERY_LONG);
    state.matchDigest = digest;
    assert.match(await page.$eval(tid('llm-recorded'), (el) => el.textContent), /^10 replies/);

    // Every exchange is listed with the reply as the model wrote it and what was read.
    const rows = await transcriptRows(page);
    assert.equal(rows.length, 10);
    for (const r of rows) {
      assert.ok(r.reply.length > 0);
      assert.match(r.parsed, /chooses Option [JF]|fell back|asked again/);
    }
    assert.match(await page.$eval(tid('llm-stats'), (el) => el.textContent), /10 decisions/);
    await screenshot(page, 'llm-match', { scrollTo: tid('llm-panel') });
    await screenshot(page, 'llm-transcript', { scrollTo: tid('llm-transcript') });
    await screenshot(page, 'llm-match-results', { scrollTo: tid('results') });

    // The native CLI replays the page's experiment to the same digest, with no network.
    const json = await assertCliReplays(page, digest);
    assert.ok(JSON.parse(json).transcript, 'the experiment carries its transcript');

    // The key is in this tab's session storage only: not in the link, the JSON, the page,
    // local storage or the console.
    const link = await page.$eval(tid('share-link'), (el) => el.value);
    assert.ok(!link.includes(SECRET) && !json.includes(SECRET));
    assert.ok(!(await everythingButTheKeyField(page)).includes(SECRET));
    assert.ok(!consoleAll.some((t) => t.includes(SECRET)), 'the key reached the console');
    const session = await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('agora.llm.key.')));
    assert.equal(session.length, 1);
    await openSections(page);
    await page.click(tid('llm-forget-keys'));
    assert.equal(await page.$eval(tid('llm-key'), (el) => el.value), '');
    const left = await page.evaluate(() => [...Object.keys(sessionStorage), ...Object.keys(localStorage)]
      .filter((k) => k.startsWith('agora.llm.key.')));
    assert.deepEqual(left, []);

    // The link replays in a fresh browser with every call to the model refused: same digest.
    await assertReplaysOffline(link, digest, { reproduced: true });
    // And the CLI reproduces the link.
    const viaLink = cli(['run', '--digest-only', '--link', link]);
    assert.equal(viaLink.status, 0, viaLink.stderr);
    assert.equal(viaLink.stdout.trim(), digest);
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('an LLM bandit player runs next to UCB1 with the exploration metrics', { timeout: VERY_LONG, skip }, async () => {
  const exp = presetJson('bandits-llm');
  exp.horizon = 6;
  exp.repetitions = 2;
  const llm = exp.policies.find((p) => p.kind === 'llm');
  llm.llm.provider.base_url = LLM_URL;
  exp.policies = [llm, { kind: 'ucb1' }];
  const { context, page } = await freshPage(browser);
  try {
    // A link without replies opens, says what is missing, and keeps working.
    await open(page, linkFor(exp));
    await page.waitForSelector(tid('run-error'), { timeout: LONG });
    assert.match(await page.$eval(tid('run-error'), (el) => el.textContent), /not all recorded/);

    assert.equal(await ask(page), 'complete');
    const digest = await waitForDigest(page, VERY_LONG);
    // 12 decisions; unreadable replies add corrective calls.
    const recorded = Number((await page.$eval(tid('llm-recorded'), (el) => el.textContent)).split(' ')[0]);
    assert.ok(recorded >= 12, `${recorded} replies`);
    const head = await page.$$eval(`${tid('results-table')} thead th`, (ths) => ths.map((t) => t.textContent));
    for (const h of ['SuffFailFreq (T/2)', 'K·MinFrac', 'GreedyFrac']) assert.ok(head.includes(h), h);
    const [calls, fallbacks, retries] = (await page.$eval(tid('llm-stats-0'), (el) => el.textContent))
      .split(' · ').map(Number);
    assert.equal(calls, recorded);
    assert.equal(calls, 12 + retries, 'one call per decision plus one per corrective retry');
    assert.ok(fallbacks <= retries);
    const rows = await transcriptRows(page);
    assert.equal(rows.length, recorded);
    await screenshot(page, 'llm-bandit', { scrollTo: tid('results-table') });

    await assertCliReplays(page, digest);

    // Its link replays in a fresh browser that cannot reach the model.
    const link = await page.$eval(tid('share-link'), (el) => el.value);
    await assertReplaysOffline(link, digest);
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('an LLM takes part in a tournament, match by match', { timeout: VERY_LONG, skip }, async () => {
  const exp = presetJson('games-llm-tft');
  const llm = exp.players[0];
  llm.llm.provider.base_url = LLM_URL;
  const tournament = {
    format: 1, lab: 'games', mode: 'tournament', seed: 4, game: exp.game,
    players: [llm, { kind: 'TitForTat' }, { kind: 'Defector' }],
    turns: 3, noise: 0, prob_end: 0, repetitions: 1,
  };
  const { context, page } = await freshPage(browser);
  try {
    await open(page, linkFor(tournament));
    await page.waitForSelector(tid('llm-panel'));
    assert.equal(await ask(page), 'complete');
    const digest = await waitForDigest(page, VERY_LONG);
    // Matches with the LLM: itself (both seats, 3 turns each), Tit For Tat, the Defector.
    const recorded = Number((await page.$eval(tid('llm-recorded'), (el) => el.textContent)).split(' ')[0]);
    assert.ok(recorded >= 12, `${recorded} replies`);
    const units = new Set((await transcriptRows(page)).map((r) => r.unit));
    assert.deepEqual([...units].sort(), ['1', '2', '3'], 'matches 1-3 of the round robin');
    assert.equal(await page.$$eval(`${tid('tournament-table')} tbody tr`, (trs) => trs.length), 3);
    assert.match(await page.$eval(tid('llm-stats'), (el) => el.textContent), /LLM player 1: 12 decisions/);
    await assertCliReplays(page, digest);
    await screenshot(page, 'llm-tournament', { scrollTo: tid('tournament-table') });
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test("429s, 500s, garbage and a timeout are retried; nothing is lost", { timeout: VERY_LONG, skip: skipFaults }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    await fetch(`${FAULTY_URL}/reset`, { method: 'POST' });
    await open(page, '#/games?preset=games-llm-tft');
    await page.waitForSelector(tid('llm-panel'));
    await setField(page, 'llm-base-url', `${FAULTY_URL}/429,500,ok,garbage,timeout/v1`);
    // Long enough for a real reply on a busy machine, shorter than the fault's 5 s silence.
    await setTimeoutSeconds(page, 4);
    const end = await ask(page);
    if (end !== 'complete') {
      assert.fail(await page.$eval(tid('llm-stopped'), (el) => el.textContent));
    }
    const digest = await waitForDigest(page, VERY_LONG);
    if (state.matchDigest) {
      // Temperature 0: the same replies as without faults, so the same match.
      assert.equal(digest, state.matchDigest);
    }
    const rows = await transcriptRows(page);
    assert.equal(rows.length, 10, 'every call ended in one recorded reply');
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('a refused key stops the run with the replies kept; resuming completes it', { timeout: VERY_LONG, skip: skipFaults }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    await fetch(`${FAULTY_URL}/reset`, { method: 'POST' });
    await open(page, '#/games?preset=games-llm-tft');
    await page.waitForSelector(tid('llm-panel'));
    await setField(page, 'llm-base-url', `${FAULTY_URL}/ok,ok,auth/v1`);
    await page.fill(tid('llm-key'), SECRET);
    assert.equal(await ask(page), 'stopped');
    const stopped = await page.$eval(tid('llm-stopped'), (el) => el.textContent);
    assert.match(stopped, /key was refused/);
    assert.ok(!stopped.includes(SECRET), 'the echoed key is not shown');
    assert.match(await page.$eval(tid('llm-recorded'), (el) => el.textContent), /^2 replies/);
    // The partial run says what is missing; the page still works.
    await page.waitForSelector(tid('run-error'), { timeout: LONG });
    await screenshot(page, 'llm-stopped', { scrollTo: '.llm-ask' });

    // Resume against the model itself: only the missing calls are made.
    await openSections(page);
    await setField(page, 'llm-base-url', LLM_URL);
    assert.equal(await ask(page), 'complete');
    const digest = await waitForDigest(page, VERY_LONG);
    if (state.matchDigest) assert.equal(digest, state.matchDigest);
    assert.match(await page.$eval(tid('llm-recorded'), (el) => el.textContent), /^10 replies/);
    assert.ok(!(await everythingButTheKeyField(page)).includes(SECRET));
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('with the cache on, asking again is answered from this browser', { timeout: VERY_LONG, skip: skipFaults }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    await fetch(`${FAULTY_URL}/reset`, { method: 'POST' });
    const seen = async () => (await (await fetch(`${FAULTY_URL}/stats`)).json()).ok ?? 0;
    await open(page, '#/games?preset=games-llm-tft');
    await page.waitForSelector(tid('llm-panel'));
    // The plan "ok" passes every request to the model and counts it.
    await setField(page, 'llm-base-url', `${FAULTY_URL}/ok/v1`);
    await openSections(page);
    await page.check(tid('llm-cache'));
    assert.equal(await ask(page), 'complete');
    const digest = await waitForDigest(page, VERY_LONG);
    assert.equal(await seen(), 10);
    // Forget the replies and ask again: every request is a repeat.
    await openSections(page);
    await page.click(tid('llm-start-over'));
    await page.waitForFunction(() => /^0 replies/.test(
      document.querySelector('[data-testid="llm-recorded"]')?.textContent ?? ''));
    assert.equal(await ask(page), 'complete');
    assert.equal(await waitForDigest(page, VERY_LONG), digest);
    assert.equal(await seen(), 10, 'no request reached the server the second time');
    const rows = await transcriptRows(page);
    assert.ok(rows.every((r) => r.parsed.endsWith('(cached)')), JSON.stringify(rows));
    await page.click(tid('llm-clear-cache'));
    assert.match(await page.$eval(tid('llm-note'), (el) => el.textContent), /10 cached replies forgotten/);
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('a hostile reply is shown as text and never runs', { timeout: VERY_LONG, skip: skipFaults }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    await fetch(`${FAULTY_URL}/reset`, { method: 'POST' });
    await open(page, '#/games?preset=games-llm-tft');
    await page.waitForSelector(tid('llm-panel'));
    await setField(page, 'llm-base-url', `${FAULTY_URL}/hostile,empty/v1`);
    assert.equal(await ask(page), 'complete');
    await waitForDigest(page, VERY_LONG);
    const rows = await transcriptRows(page);
    assert.ok(rows[0].reply.includes('<script>window.__agoraPwned=1</script>'), rows[0].reply);
    await sleep(500);
    assert.equal(await page.evaluate(() => window.__agoraPwned), undefined, 'the reply ran');
    assert.equal(await page.$$eval('.llm-transcript script, .llm-transcript img', (els) => els.length), 0);
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});
