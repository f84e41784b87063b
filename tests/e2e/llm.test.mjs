// LLM agents through the browser's fetch, against a real model served on this computer
// (scripts/llm-server.sh, SmolLM2-135M; AGORA_LLM_URL) and a misbehaving server in front of it
// for fault injection (tests/llm/faulty_server.py; AGORA_FAULTY_URL). What is checked is what
// the app does with replies (recorded, shown as text, replayed, retried), not the model's play.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  LONG, launch, freshPage, open, tid, waitForDigest, screenshot, cli, assertNoPageErrors,
  presetJson, linkFor, sleep, waitForInk,
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

const state = { matchDigest: null, taxWorkersDigest: null };

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
 * 2 of 100 workers ask the model at `baseUrl` for their hours in each of 2 years, under the US
 * schedule: four questions, the first two asked at once.
 */
function taxWorkersExperiment(baseUrl) {
  const exp = presetJson('tax-llm-workers');
  delete exp.transcript;
  exp.mode = { kind: 'tax_years', years: 2, period: 1 };
  exp.planners = [{ kind: 'us_federal', year: 2023 }];
  exp.llm_workers.count = 2;
  exp.llm_workers.llm.provider.base_url = baseUrl;
  return exp;
}

/**
 * Opens `exp`'s link in `page` while its replies are not recorded: the LLM panel shows and
 * the run says what is missing.
 */
async function openUnrecorded(page, exp) {
  await open(page, linkFor(exp));
  await page.waitForSelector(tid('llm-panel'));
  await page.waitForSelector(tid('run-error'), { timeout: LONG });
}

/**
 * What every run recorded in the browser must hold: the native CLI replays the page's JSON to
 * `digest`; the key (typed as SECRET) is in none of the link, the JSON, the page or the
 * console lines `consoleAll`; the link replays in a browser that cannot reach the model.
 */
async function assertRecordedRunHolds(page, digest, consoleAll) {
  const json = await assertCliReplays(page, digest);
  const link = await page.$eval(tid('share-link'), (el) => el.value);
  assert.ok(!link.includes(SECRET) && !json.includes(SECRET));
  assert.ok(!(await everythingButTheKeyField(page)).includes(SECRET));
  assert.ok(!consoleAll.some((t) => t.includes(SECRET)), 'the key reached the console');
  await assertReplaysOffline(link, digest, { reproduced: true });
  assertNoPageErrors(page, assert);
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
    assert.equal(units.size, 3, [...units].join(' | '));
    assert.ok([...units].every((u) => /^match .+ vs .+/.test(u)), 'matches 1-3 of the round robin, named');
    assert.equal(await page.$$eval(`${tid('tournament-table')} tbody tr`, (trs) => trs.length), 3);
    assert.match(await page.$eval(tid('llm-stats'), (el) => el.textContent), /LLM player 1: 12 decisions/);
    await assertCliReplays(page, digest);
    await screenshot(page, 'llm-tournament', { scrollTo: tid('tournament-table') });
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('an LLM plays the meta-RL block task beside a trained agent; the link replays offline', { timeout: VERY_LONG, skip }, async () => {
  const exp = presetJson('metarl-blocks');
  const bandit = presetJson('bandits-llm').policies.find((p) => p.kind === 'llm');
  bandit.llm.provider.base_url = LLM_URL;
  // Blocks of about 3 pulls, 3 of them for the model; one briefly trained agent.
  exp.task.block_mean = 3;
  exp.task.max_block = 30;
  exp.agents = exp.agents.slice(0, 1);
  exp.seeds = 1;
  exp.updates = 60;
  exp.eval = { blocks: 40, every: 30 };
  exp.baselines = [exp.baselines.find((b) => b.policy?.kind === 'thompson'),
    { kind: 'llm', llm: bandit.llm, prompt: bandit.prompt, blocks: 3 }];
  const { context, page } = await freshPage(browser);
  try {
    // Without replies the run trains the agent, then says what is missing.
    await openUnrecorded(page, exp);
    assert.match(await page.$eval(tid('run-error'), (el) => el.textContent), /not all recorded/);
    assert.equal(await page.$eval(`${tid('baseline-1')} input`, (el) => el.value), '3', 'the blocks it plays');

    // The prompt tells the model how a block ends, not when.
    await openSections(page);
    const prompt = await page.$eval(tid('llm-prompt'), (el) => el.textContent);
    assert.match(prompt, /ends with probability 1\/3/);
    assert.match(prompt, /This is round 1; the game has not ended yet\./);

    assert.equal(await ask(page), 'complete');
    const digest = await waitForDigest(page, VERY_LONG);
    const recorded = Number((await page.$eval(tid('llm-recorded'), (el) => el.textContent)).split(' ')[0]);
    assert.ok(recorded >= 3, `${recorded} replies`);
    const units = new Set((await transcriptRows(page)).map((r) => r.unit));
    assert.deepEqual([...units].sort(), ['block 1', 'block 2', 'block 3']);

    // The model's row sits in the table with the agent and Thompson sampling, saying how
    // little it played.
    const rows = await page.$$eval(`${tid('metarl-table')} tbody tr`, (trs) => trs.map((t) => t.textContent));
    assert.equal(rows.length, 3, rows.join(' | '));
    const note = await page.$eval(tid('metarl-llm-note'), (el) => el.textContent);
    const m = note.match(/\((\d+) blocks?, (\d+) calls?/);
    assert.ok(m, note);
    assert.equal(Number(m[1]), 3);
    assert.equal(Number(m[2]), recorded);
    assert.ok(rows.some((r) => r.startsWith('LLM smollm2')), rows.join(' | '));
    await screenshot(page, 'metarl-llm', { scrollTo: tid('metarl-table') });

    await assertCliReplays(page, digest);
    const link = await page.$eval(tid('share-link'), (el) => el.value);
    await assertReplaysOffline(link, digest, { reproduced: true });
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test("the LLM Economist's planner sets the tax rates beside Saez; the link replays offline", { timeout: VERY_LONG, skip }, async () => {
  const exp = presetJson('tax-compare');
  const bandit = presetJson('bandits-llm').policies.find((p) => p.kind === 'llm');
  bandit.llm.provider.base_url = LLM_URL;
  // 100 workers, three brackets, an update every 2 of 6 years: two questions to the model.
  exp.workers = 100;
  exp.mode = { kind: 'tax_years', years: 6, period: 2 };
  exp.planners = [{ kind: 'saez_analytic' }, { kind: 'llm', llm: bandit.llm, prompt: { history: 3 } }];
  const { context, page } = await freshPage(browser);
  try {
    // Without replies Saez's planner runs, then the page says what is missing.
    await openUnrecorded(page, exp);
    assert.match(await page.$eval(tid('run-error'), (el) => el.textContent), /not all recorded/);
    assert.match(await page.textContent(tid('planner-1')), /set in the LLM panel/);

    // The LLM Economist's prompt and factors, before any call.
    await openSections(page);
    const prompt = await page.$eval(tid('llm-prompt'), (el) => el.textContent);
    assert.match(prompt, /You are an expert tax planner/);
    assert.match(prompt, /DELTA=\[-20, -10, 0, 10, 20\]/);
    assert.match(prompt, /Update 1: TAX: \[/);
    assert.ok(await page.$(tid('llm-exploration')), 'the exploration cue is a factor');
    assert.equal(await page.$eval(tid('llm-history'), (el) => el.value), '3');

    assert.equal(await ask(page), 'complete');
    const digest = await waitForDigest(page, VERY_LONG);
    const recorded = Number((await page.$eval(tid('llm-recorded'), (el) => el.textContent)).split(' ')[0]);
    assert.ok(recorded >= 2, `${recorded} replies`);
    const rows = await transcriptRows(page);
    assert.equal(rows.length, recorded);
    for (const r of rows) assert.match(r.parsed, /DELTA \[|fell back|asked again/);

    // Its row in the table, beside Saez's, says how its replies went.
    const note = await page.$eval(tid('tax-llm-note'), (el) => el.textContent);
    assert.match(note, new RegExp(`\\(${recorded} calls?`));
    assert.match(await page.textContent(tid('tax-row-1')), /LLM smollm2/);
    await screenshot(page, 'tax-llm', { scrollTo: tid('tax-table') });
    // The rates it tried, bracket by bracket, year by year.
    await page.selectOption(tid('focus'), '1');
    await waitForInk(page, 'chart-rates-over-time-canvas', 300);
    await screenshot(page, 'tax-llm-rates', { scrollTo: tid('chart-rates-over-time') });

    await assertCliReplays(page, digest);
    const link = await page.$eval(tid('share-link'), (el) => el.value);
    await assertReplaysOffline(link, digest, { reproduced: true });
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test("the LLM Economist's persona workers choose their hours among classical ones; the link replays offline", { timeout: VERY_LONG, skip }, async () => {
  const exp = taxWorkersExperiment(LLM_URL);
  const { context, page } = await freshPage(browser);
  const consoleAll = [];
  page.on('console', (m) => consoleAll.push(m.text()));
  try {
    await openUnrecorded(page, exp);
    assert.match(await page.$eval(tid('run-error'), (el) => el.textContent), /not all recorded/);
    // The card shows the LLM workers as the link set them.
    assert.ok(await page.$eval(tid('llm-workers-on'), (el) => el.checked));
    assert.equal(await page.$eval(tid('llm_workers-count'), (el) => el.value), '2');
    await page.fill(tid('llm-key'), SECRET);

    // The worker's prompt, before any call: its persona, its utility, the schedule.
    await openSections(page);
    const prompt = await page.$eval(tid('llm-prompt'), (el) => el.textContent);
    assert.match(prompt, /citizen of Princetonia/);
    assert.match(prompt, /hours/i);

    assert.equal(await ask(page), 'complete');
    const digest = await waitForDigest(page, VERY_LONG);
    state.taxWorkersDigest = digest;
    const recorded = Number((await page.$eval(tid('llm-recorded'), (el) => el.textContent)).split(' ')[0]);
    assert.ok(recorded >= 4, `${recorded} replies`);
    const rows = await transcriptRows(page);
    assert.equal(rows.length, recorded);
    assert.ok(rows.every((r) => /LLM worker \d+ under/.test(r.unit)), rows.map((r) => r.unit).join(' | '));
    for (const r of rows) assert.match(r.parsed, /hours|fell back|asked again/);

    // Each LLM worker against its own best response.
    const row = await page.$$eval(`${tid('tax-llm-workers-0')} td`, (tds) => tds.map((td) => td.textContent));
    assert.equal(row.length, 7, row.join(' | '));
    assert.equal(Number(row[5]), 4, `calls: ${row.join(' | ')}`);
    assert.match(row[4], /^\d+(\.\d+)? %$/);
    const detail = await page.$$eval(`${tid('tax-llm-worker-detail')} tbody tr`, (trs) => trs.map((tr) => tr.textContent));
    assert.equal(detail.length, 2, detail.join(' | '));
    await screenshot(page, 'tax-llm-workers', { scrollTo: tid('tax-llm-workers') });

    await assertRecordedRunHolds(page, digest, consoleAll);
  } finally {
    await context.close();
  }
});

test("persona workers vote on the tax (the LLM Economist's democratic scenario); votes and platforms are in the transcript", { timeout: VERY_LONG, skip }, async () => {
  const exp = presetJson('tax-llm-vote');
  // One election among three platforms, then 2 tax years: each of the 2 LLM workers votes
  // once and chooses its hours twice, six questions in all.
  delete exp.transcript;
  exp.mode = { kind: 'tax_years', years: 2, period: 2 };
  exp.planners = [exp.planners[0]];
  exp.llm_workers.count = 2;
  exp.llm_workers.llm.provider.base_url = LLM_URL;
  const { context, page } = await freshPage(browser);
  const consoleAll = [];
  page.on('console', (m) => consoleAll.push(m.text()));
  try {
    await openUnrecorded(page, exp);
    // The election card: its three candidates, only the LLM workers voting.
    await page.waitForSelector(tid('planner-0-candidate-2'));
    assert.equal(await page.$eval(tid('planner-0-voters'), (el) => el.value), 'llm_workers');
    await page.fill(tid('llm-key'), SECRET);

    assert.equal(await ask(page), 'complete');
    const digest = await waitForDigest(page, VERY_LONG);
    const rows = await transcriptRows(page);
    assert.ok(rows.length >= 6, `${rows.length} replies`);
    // The votes: one per LLM worker, read as a candidate (or counted as unreadable).
    const votes = rows.filter((r) => /LEADER|fell back|asked again/.test(r.parsed) && !/hours/.test(r.parsed));
    assert.ok(votes.length >= 2, rows.map((r) => r.parsed).join(' | '));
    assert.ok(rows.some((r) => /^LEADER [123] \(/.test(r.parsed)) || votes.some((r) => /fell back/.test(r.parsed)),
      rows.map((r) => r.parsed).join(' | '));

    // The ballot: the platforms' votes, the winner and each LLM worker's vote beside its interest.
    const summary = await page.$$eval(`${tid('tax-elections-0')} > *`, (c) => c.map((x) => x.textContent));
    assert.equal(summary[1], '1', summary.join(' | '));
    const ballot = await page.$$eval(`${tid('tax-election-detail')} tbody tr`, (trs) =>
      trs.map((tr) => [...tr.children].map((c) => c.textContent)));
    assert.equal(ballot.length, 1);
    const cast = ballot[0].slice(1, 4).map((t) => Number(t.split(' ')[0]));
    assert.equal(cast.reduce((a, x) => a + x, 0) + Number(ballot[0][4]), 2, ballot[0].join(' | '));
    assert.match(ballot[0][6], /^1: .+2: .+$/);
    await screenshot(page, 'tax-llm-vote', { scrollTo: tid('tax-election-detail') });

    await assertRecordedRunHolds(page, digest, consoleAll);
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

test('LLM workers recover from 429s, 500s, garbage and a timeout to the same digest', { timeout: VERY_LONG, skip: skipFaults }, async () => {
  // A tax prompt takes the small local model longer than the usual 5 s fault: the silence is
  // 40 s here and the client gives up after 30 s, well above a real reply's time.
  const exp = taxWorkersExperiment(`${FAULTY_URL}/429,500,garbage,timeout40/v1`);
  const { context, page } = await freshPage(browser);
  try {
    await fetch(`${FAULTY_URL}/reset`, { method: 'POST' });
    await open(page, linkFor(exp));
    await page.waitForSelector(tid('llm-panel'));
    await setTimeoutSeconds(page, 30);
    const end = await ask(page);
    if (end !== 'complete') {
      assert.fail(await page.$eval(tid('llm-stopped'), (el) => el.textContent));
    }
    const digest = await waitForDigest(page, VERY_LONG);
    // Temperature 0: the same replies as without faults, so the same run.
    if (state.taxWorkersDigest) assert.equal(digest, state.taxWorkersDigest);
    const rows = await transcriptRows(page);
    assert.ok(rows.length >= 4, 'every call ended in one recorded reply');
    await assertCliReplays(page, digest);
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

/** Screenshots of the page now at a phone's and a laptop's size, `scrollTo` at the top. */
async function screenshotsAtTwoSizes(page, name, scrollTo) {
  for (const [w, h] of [[390, 844], [1366, 768]]) {
    await page.setViewportSize({ width: w, height: h });
    await sleep(300);
    await screenshot(page, `${name}-${w}`, { scrollTo });
  }
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** The LLM bandit of these tests: 2 repetitions of 6 rounds, next to UCB1, asking `url`. */
function smallLlmBandit(url) {
  const exp = presetJson('bandits-llm');
  exp.horizon = 6;
  exp.repetitions = 2;
  const llm = exp.policies.find((p) => p.kind === 'llm');
  llm.llm.provider.base_url = url;
  exp.policies = [llm, { kind: 'ucb1' }];
  return exp;
}

test('without a server: what is missing, one status at a time, the CORS note once, names people know; then the model answers', { timeout: VERY_LONG, skip }, async () => {
  // Nothing listens on port 9 of this computer (the page may call 127.0.0.1 on any port).
  const { context, page } = await freshPage(browser);
  try {
    await open(page, linkFor(smallLlmBandit('http://127.0.0.1:9/v1')));
    await page.waitForSelector(tid('llm-panel'));

    // The run with no replies says what is recorded, what is missing and what to do, instead
    // of a table of 0.00 regrets and "No runs yet: press Run".
    await page.waitForSelector(tid('llm-no-replies'), { timeout: LONG });
    const notice = await page.$eval(tid('llm-no-replies'), (el) => el.textContent);
    assert.match(notice, /No reply of the model is recorded yet/);
    assert.match(notice, /Missing: the replies of LLM .+ from repetition 1 on/);
    assert.match(notice, /Next: ask the model/);
    const results = await page.$eval('#tab-panel', (el) => el.textContent);
    assert.ok(!/No runs yet/.test(results), results);
    assert.ok(!/0\.00 ± 0\.00/.test(results), results);
    assert.equal(await page.$$eval(tid('results-table'), (els) => els.length), 0);
    await screenshotsAtTwoSizes(page, 'llm-no-replies', tid('llm-no-replies'));

    // Watching a run of an LLM without replies says so and makes up no rounds.
    await page.click(tid('tab-watch'));
    await page.waitForSelector(tid('watch-no-replies'));
    assert.match(await page.$eval(tid('watch-no-replies'), (el) => el.textContent),
      /No replies of LLM .+ are recorded for run 1 yet\..*Ask the model/s);
    assert.equal(await page.$$eval(tid('watch-step'), (els) => els.length), 0, 'no Step button');
    assert.equal(await page.$$eval(tid('chart-watch-beliefs'), (els) => els.length), 0, 'no belief chart');
    await screenshotsAtTwoSizes(page, 'llm-watch-no-replies', tid('watch-no-replies'));
    await page.click(tid('tab-results'));

    // Testing the connection says there is no answer, with the explanation once.
    await page.click(tid('llm-test'));
    await page.waitForFunction(() => /The connection failed/.test(
      document.querySelector('[data-testid="llm-connection"]')?.textContent ?? ''), null, { timeout: LONG });
    assert.match(await page.$eval(tid('llm-connection'), (el) => el.textContent), /no answer from http:\/\/127\.0\.0\.1:9\/v1/);
    assert.equal(await page.$$eval(tid('llm-unreachable-help'), (els) => els.length), 1);

    // The prompt's factors come from the engine: five selects; choosing one changes the prompt.
    await page.click('.llm-section:nth-of-type(2) > summary');
    for (const id of ['llm-scenario', 'llm-framing', 'llm-history', 'llm-output', 'llm-reasoning']) {
      assert.equal(await page.$$eval(`${tid(id)} option`, (os) => os.length), 2, id);
    }
    assert.doesNotMatch(await page.$eval(tid('llm-prompt'), (el) => el.textContent), /advertis/i);
    await page.selectOption(tid('llm-scenario'), 'ads');
    await page.waitForFunction(() => /advertis/i.test(
      document.querySelector('[data-testid="llm-prompt"]')?.textContent ?? ''));
    assert.equal(await page.$eval(tid('llm-scenario'), (el) => el.value), 'ads');
    const json = JSON.parse(await page.$eval(tid('config-json'), (el) => el.value));
    assert.equal(json.policies[0].prompt.scenario, 'ads');
    await page.selectOption(tid('llm-scenario'), 'buttons');

    // Asking from the notice's button: while a call waits to be retried, that is the one
    // status, Stop can stop it, and the agent is named as the page names it.
    await page.click(tid('llm-no-replies-ask'));
    await page.waitForSelector(tid('llm-retry'), { timeout: LONG });
    const retry = await page.$eval(tid('llm-retry'), (el) => el.textContent);
    assert.match(retry, /^LLM .+ in repetition [12]: attempt 1 of \d+ failed\./, retry);
    assert.match(retry, /no answer from http:\/\/127\.0\.0\.1:9\/v1/);
    assert.ok(!/policy \d|unit \d/.test(retry), retry);
    assert.equal(await page.$eval(tid('llm-stop'), (el) => el.disabled), false, 'Stop works while retrying');
    assert.equal(await page.$$eval(tid('llm-stopped'), (els) => els.length), 0);
    await screenshotsAtTwoSizes(page, 'llm-retrying', '.llm-ask');

    // When the attempts are spent: why, what is kept, and the button for the next step;
    // no retry note left behind; the explanation of CORS and co. once, folded.
    await page.waitForSelector(tid('llm-stopped'), { timeout: LONG });
    await sleep(300);
    const stopped = await page.$eval(tid('llm-stopped'), (el) => el.textContent);
    assert.match(stopped, /^LLM .+ in repetition [12] got no usable reply \(4 attempts\)\./, stopped);
    assert.match(stopped, /No reply is recorded yet\./);
    const label = await page.$eval(tid('llm-ask'), (el) => el.textContent);
    assert.equal(label, 'Try again');
    assert.ok(stopped.includes(`Next: press “${label}”`), stopped);
    assert.ok(!/Resume/.test(stopped), 'no Resume without a Resume button');
    assert.ok(!/policy \d|unit \d/.test(stopped), stopped);
    assert.equal(await page.$$eval(tid('llm-retry'), (els) => els.length), 0, 'no retry note once stopped');
    assert.equal(await page.$eval(tid('llm-stop'), (el) => el.disabled), true);
    assert.equal(await page.$eval(tid('llm-ask'), (el) => el.disabled), false);
    const text = await page.$eval(tid('llm-panel'), (el) => el.textContent);
    assert.equal(text.split('OLLAMA_ORIGINS').length - 1, 1, 'the CORS explanation once');
    assert.equal(await page.$$eval(tid('llm-unreachable-help'), (els) => els.length), 1);
    await page.click(`${tid('llm-unreachable-help')} > summary`);
    await screenshotsAtTwoSizes(page, 'llm-no-server', '.llm-ask');

    // The next step, with the model running: every reply comes in and the run shows.
    await openSections(page);
    await setField(page, 'llm-base-url', LLM_URL);
    assert.equal(await ask(page), 'complete');
    await waitForDigest(page, VERY_LONG);
    await page.waitForSelector(tid('results-table'));
    assert.equal(await page.$$eval(tid('llm-no-replies'), (els) => els.length), 0);
    assert.equal(await page.$$eval(tid('llm-unreachable-help'), (els) => els.length), 0);
    // Agents in the transcript carry the policy's label.
    const rows = await transcriptRows(page);
    assert.ok(rows.length >= 12);
    const agentCells = await page.$$eval(`${tid('llm-transcript')} tbody tr td:nth-child(3)`, (tds) => tds.map((t) => t.textContent));
    assert.ok(agentCells.every((a) => /^LLM /.test(a)), agentCells.join(', '));

    // Now the run can be watched, all the way, from the recorded replies.
    await page.click(tid('tab-watch'));
    await page.waitForSelector(tid('watch-step'));
    assert.equal(await page.$$eval(tid('watch-no-replies'), (els) => els.length), 0);
    for (let i = 0; i < 6; i++) await page.click(tid('watch-step'));
    assert.equal(await page.$eval(tid('watch-round'), (el) => el.textContent), '6');
    assert.equal(await page.$eval(tid('watch-step'), (el) => el.disabled), true);
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test("You play names the moves with the game's own actions (J and F in Akata et al.'s game)", { timeout: VERY_LONG, skip }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    await open(page, '#/games?preset=games-llm-tft');
    await page.click(tid('tab-play'));
    await page.waitForSelector(tid('play-game'));
    const buttons = await page.$$eval('[data-testid^="play-action-"]', (bs) => bs.map((b) => b.textContent));
    assert.deepEqual(buttons, ['J', 'F']);
    await page.click(tid('play-action-0'));
    await page.click(tid('play-action-1'));
    await page.click(tid('play-action-1'));
    const mine = await page.$$eval(`${tid('play-you-history')} .chip`, (cs) => cs.map((c) => c.textContent));
    const theirs = await page.$$eval(`${tid('play-them-history')} .chip`, (cs) => cs.map((c) => c.textContent));
    assert.deepEqual(mine, ['J', 'F', 'F']);
    assert.equal(theirs.length, 3);
    assert.ok(theirs.every((m) => m === 'J' || m === 'F'), theirs.join());
    const view = await page.$eval(tid('play-game'), (el) => el.innerText);
    assert.ok(!/\b[CD]\b/.test(view.replace(/Round \d+:.*$/m, '')), 'no C/D in the view');
    await page.click(tid('play-reveal'));
    await page.waitForSelector(tid('play-result'));
    await screenshotsAtTwoSizes(page, 'llm-you-play-jf', tid('play-game'));
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});
