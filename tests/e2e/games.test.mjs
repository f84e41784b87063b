// The repeated-games lab as a student uses it: run Axelrod's tournament, share it, reopen the
// link in a fresh page and check the digest against the native CLI; every mode runs and draws;
// the game view, the 144 ordinal games, a match step by step, and "you play".

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  LONG, MEDIUM, launch, freshPage, open, tid, waitForDigest, progress, waitForInk,
  screenshot, cli, assertNoPageErrors, applyJson, presetJson, linkFor,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const state = { digest: null, link: null };

test('a tournament runs in the browser with the CLI digest, and its link reproduces it', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    await open(page, '#/games?preset=games-axelrod');
    await page.click(tid('run'));
    state.digest = await waitForDigest(page);
    const p = await progress(page);
    assert.equal(p.value, p.max, 'progress is full when the digest shows');

    // The ranked table lists every player, and the charts drew.
    const exp = presetJson('games-axelrod');
    const rows = await page.$$eval(`${tid('tournament-table')} tbody tr`, (trs) => trs.length);
    assert.equal(rows, exp.players.length);
    await waitForInk(page, 'chart-heatmap-canvas', 2000);
    await waitForInk(page, 'chart-scores-canvas', 500);

    // Turns are counted: n(n+1)/2 matches of 200 turns, 10 repetitions.
    const stats = await page.$eval(tid('run-stats'), (el) => ({
      unit: el.getAttribute('data-unit'),
      work: Number(el.getAttribute('data-pulls')),
    }));
    const n = exp.players.length;
    assert.equal(stats.unit, 'turns');
    assert.equal(stats.work, (n * (n + 1) / 2) * exp.turns * exp.repetitions);

    // The native CLI gives the same digest for the page's experiment.
    const json = await page.$eval(tid('config-json'), (el) => el.value);
    const r = cli(['run', '--digest-only', '-'], json);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), state.digest, 'native CLI and browser digests agree');

    // The share link now carries the digest.
    state.link = await page.$eval(tid('share-link'), (el) => el.value);
    assert.match(state.link, /#\/games\?v=1&x=[A-Za-z0-9_-]+&d=[0-9a-f]{16}$/);
    await screenshot(page, 'games-tournament');
    await screenshot(page, 'games-tournament-results', { scrollTo: tid('tournament-table') });
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }

  // Whoever opens the link gets the run again, and the page says it reproduced.
  const fresh = await freshPage(browser);
  try {
    await open(fresh.page, state.link);
    const again = await waitForDigest(fresh.page);
    assert.equal(again, state.digest);
    await fresh.page.waitForSelector(`${tid('reproduce-status')}[data-state="match"]`, { timeout: MEDIUM });
    // The CLI reproduces the link too.
    const r = cli(['run', '--link', state.link, '--digest-only']);
    assert.equal(r.status, 0, r.stderr);
    assertNoPageErrors(fresh.page, assert);
  } finally {
    await fresh.context.close();
  }
});

const MODES = [
  // preset, chart that must draw, mode
  ['games-trust-noise', 'chart-population-canvas', 'trust'],
  ['games-moran', 'chart-population-canvas', 'moran'],
  ['games-ecology', 'chart-population-canvas', 'ecology'],
  ['games-rps-hedge', 'chart-simplex-canvas', 'dynamics'],
  ['games-match', 'match-chart-canvas', 'match'],
];

test('every mode runs, draws, and matches the CLI', { timeout: LONG * 2 }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    for (const [preset, chart, mode] of MODES) {
      await open(page, `#/games?preset=${preset}`);
      await page.click(tid('run'));
      const digest = await waitForDigest(page);
      await page.waitForSelector(`${tid('results')}[data-mode="${mode}"]`, { timeout: MEDIUM });
      await waitForInk(page, chart, 800);
      if (mode === 'trust') {
        // The story's names, as the preset's text uses them, with Axelrod's beside them.
        const table = await page.textContent(tid('trust-table'));
        assert.match(table, /Copycat \(Tit For Tat\)/);
        assert.match(table, /Always Cheat \(Defector\)/);
        assert.match(await page.textContent(tid('player-list')), /Copykitten \(Tit For 2 Tats\)/);
      }
      if (mode === 'dynamics') {
        // Rock-Paper-Scissors: its 3x3 payoff matrix is shown with the settings.
        const rows = await page.$$eval(`${tid('matrix-game')} tbody tr`, (trs) => trs.length);
        assert.equal(rows, 3);
      }
      const json = await page.$eval(tid('config-json'), (el) => el.value);
      const r = cli(['run', '--digest-only', '-'], json);
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout.trim(), digest, `${preset}: browser and CLI digests agree`);
      await screenshot(page, `games-${mode}`, { scrollTo: tid('results') });
    }
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('a match steps turn by turn', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    await open(page, '#/games?preset=games-match');
    await page.click(tid('run'));
    await waitForDigest(page);
    await page.waitForSelector(tid('match-view'));
    const turnIs = (re) => page.waitForFunction(
      (src) => new RegExp(src).test(document.querySelector('[data-testid="match-turn"]')?.textContent ?? ''),
      re.source,
      { timeout: MEDIUM },
    );
    await page.click(tid('match-last'));
    await turnIs(/turn 50 of 50/);
    await page.click(tid('match-first'));
    await turnIs(/turn 0 of 50/);
    await page.click(tid('match-next'));
    await page.click(tid('match-next'));
    await turnIs(/turn 2 of 50/);
    const s0 = await page.$eval(tid('match-score-0'), (el) => el.textContent);
    assert.match(s0, /\d/);
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('the game menu offers the 144 ordinal games by family, and equilibria follow the game', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    await open(page, '#/games?preset=games-axelrod');
    await page.waitForSelector(tid('game-matrix'));
    const groups = await page.$$eval(`${tid('game-menu')} optgroup`, (gs) => gs.map((g) => g.children.length));
    const ordinal = groups.reduce((a, b) => a + b, 0);
    assert.ok(ordinal >= 144, `at least the 144 ordinal games are offered (${ordinal})`);
    // The Prisoner's Dilemma has one pure equilibrium: both defect.
    const eq = await page.$eval(tid('equilibria'), (el) => el.innerText);
    assert.ok(eq.trim().length > 0);
    // Pick Battle of the Sexes from the menu: the equilibria change (two pure and one mixed).
    const value = await page.$$eval(`${tid('game-menu')} option`, (os) => {
      const o = os.find((x) => /Battle of the Sexes/.test(x.textContent));
      return o ? o.value : null;
    });
    assert.ok(value, 'Battle of the Sexes is in the menu');
    await page.selectOption(tid('game-menu'), value);
    await page.waitForFunction(
      (before) => document.querySelector('[data-testid="equilibria"]')?.innerText !== before,
      eq,
      { timeout: MEDIUM },
    );
    await screenshot(page, 'games-game-view', { scrollTo: tid('game-matrix') });
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('you play against a hidden strategy', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    await open(page, '#/games?preset=games-axelrod');
    await page.click(tid('tab-play'));
    await page.waitForSelector(tid('play-game'));
    for (let i = 0; i < 3; i++) await page.click(tid('play-action-0'));
    await page.click(tid('play-action-1'));
    const round = await page.$eval(tid('play-round'), (el) => el.textContent);
    assert.match(round, /4|5/, `round counter after four moves: ${round}`);
    await page.click(tid('play-reveal'));
    await screenshot(page, 'games-play', { scrollTo: tid('play-game') });
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('bad games input gets a message and the page keeps working', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    // A cut link.
    const good = linkFor(presetJson('games-axelrod'));
    await open(page, good.slice(0, good.length - 12));
    await page.waitForSelector(tid('error-banner'), { timeout: MEDIUM });
    // A config the engine refuses: noise above 1.
    const exp = presetJson('games-match');
    exp.noise = 3;
    await applyJson(page, JSON.stringify(exp));
    const msg = await page.waitForSelector(tid('json-error'), { timeout: MEDIUM });
    assert.match(await msg.textContent(), /noise/);
    // A field that does not parse keeps its text and blocks the run.
    await open(page, '#/games?preset=games-axelrod');
    await page.fill(tid('field-turns'), 'many');
    await page.press(tid('field-turns'), 'Tab');
    await page.waitForSelector(tid('config-invalid'));
    assert.equal(await page.$eval(tid('run'), (b) => b.disabled), true);
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});
