// The meta-RL lab as a student uses it: a short version of the default experiment (the
// greedy agent on blocks of recurring tasks, against the baselines) runs in the browser with
// the native CLI's digest, its share link reproduces it in a fresh page, every chart draws; a
// bad agent setting is named and the page keeps working; the RL² setting shows reward by pull;
// the gridworld shows its visit maps.

import { test, before, after } from 'node:test';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import {
  LONG, MEDIUM, launch, freshPage, open, tid, waitForDigest, progress, waitForInk,
  screenshot, cli, assertNoPageErrors, presetJson, linkFor, applyJson, sleep,
} from './helpers.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** A preset made short enough for a test: few updates, seeds and evaluation blocks. */
function short(name, { updates = 150, seeds = 2, blocks = 200, every = 30 } = {}) {
  const exp = presetJson(name);
  exp.updates = updates;
  exp.seeds = seeds;
  exp.eval = { blocks, every };
  return exp;
}

test('a short training run matches the CLI digest, draws every chart, and its link reproduces it', { timeout: LONG }, async () => {
  const exp = short('metarl-blocks');
  let digest;
  let link;
  const { context, page } = await freshPage(browser);
  try {
    await open(page, '#/metarl');
    await page.waitForSelector(tid('agent-0'));
    await applyJson(page, JSON.stringify(exp));
    await page.waitForFunction(() => JSON.parse(document.querySelector('[data-testid="config-json"]').value).updates === 150);
    await page.click(tid('run'));
    digest = await waitForDigest(page);
    const p = await progress(page);
    assert.equal(p.value, p.max, 'progress is full when the digest shows');
    assert.equal(p.max, exp.baselines.length + exp.agents.length * exp.seeds, 'units: baselines, then agent x seed');

    // One row per agent and per baseline.
    const rows = await page.$$eval(`${tid('metarl-table')} tbody tr`, (trs) => trs.map((tr) => tr.innerText));
    assert.equal(rows.length, exp.agents.length + exp.baselines.length, rows.join('\n'));
    assert.match(rows.join('\n'), /Thompson/);
    assert.match(rows.join('\n'), /2 seeds/);

    for (const id of ['learning', 'final', 'episodes', 'calibration']) {
      await waitForInk(page, `chart-${id}-canvas`, 300);
    }
    // One pull per episode: no "by pull" chart.
    assert.equal(await page.$(tid('chart-pulls')), null);

    const json = await page.$eval(tid('config-json'), (el) => el.value);
    const r = cli(['run', '--digest-only', '-'], json);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), digest, 'native CLI and browser digests agree');

    // CSV: one row per learning-curve point of every run, then one per baseline.
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click(tid('export-csv'))]);
    assert.match(dl.suggestedFilename(), new RegExp(`^agora-metarl-curves-${digest}\\.csv$`));
    const lines = readFileSync(await dl.path(), 'utf8').trim().split('\n');
    assert.equal(lines[0], 'player,kind,seed_index,seed,update,train_reward,eval_reward,loss');
    const points = exp.updates / exp.eval.every;
    assert.equal(lines.length - 1, exp.agents.length * exp.seeds * points + exp.baselines.length);

    link = await page.$eval(tid('share-link'), (el) => el.value);
    assert.match(link, /#\/metarl\?v=1&x=[A-Za-z0-9_-]+&d=[0-9a-f]{16}$/);
    await screenshot(page, 'metarl-blocks');
    await screenshot(page, 'metarl-blocks-table', { scrollTo: tid('metarl-table') });
    await screenshot(page, 'metarl-blocks-learning', { scrollTo: tid('chart-learning') });
    await screenshot(page, 'metarl-blocks-episodes', { scrollTo: tid('chart-episodes') });
    await screenshot(page, 'metarl-blocks-calibration', { scrollTo: tid('chart-calibration') });
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }

  const fresh = await freshPage(browser);
  try {
    await open(fresh.page, link);
    assert.equal(await waitForDigest(fresh.page), digest);
    await fresh.page.waitForSelector(`${tid('reproduce-status')}[data-state="match"]`, { timeout: MEDIUM });
    assertNoPageErrors(fresh.page, assert);
  } finally {
    await fresh.context.close();
  }
});

test('training shows its curve as it grows; pause and resume inside a run keep the digest; cancel keeps what was learned', { timeout: LONG }, async () => {
  const exp = short('metarl-blocks', { updates: 1500, seeds: 2, blocks: 100, every: 100 });
  exp.baselines = exp.baselines.slice(0, 1);
  const { context, page } = await freshPage(browser);
  const updatesSoFar = async () => {
    const m = (await page.textContent(tid('metarl-live'))).match(/([\d,]+) of 1,500 updates/);
    assert.ok(m, 'the line names the updates done');
    return Number(m[1].replace(/,/g, ''));
  };
  try {
    await open(page, '#/metarl');
    await page.waitForSelector(tid('agent-0'));
    await applyJson(page, JSON.stringify(exp));
    await page.waitForFunction(() => JSON.parse(document.querySelector('[data-testid="config-json"]').value).updates === 1500);
    await page.click(tid('run'));
    // A run in training reports as it goes: its updates so far and its curve grow.
    await page.waitForSelector(tid('metarl-live'), { timeout: MEDIUM });
    await page.waitForFunction(() => /\b([1-9][\d,]*) of 1,500 updates/.test(document.querySelector('[data-testid="metarl-live"]')?.textContent ?? ''), null, { timeout: MEDIUM });
    const first = await updatesSoFar();
    await waitForInk(page, 'chart-learning-canvas', 300);
    if (await page.evaluate(() => navigator.hardwareConcurrency) >= 2) {
      // Two workers train the two seeds at once, and both runs show as they grow (the
      // helper's reports reach the page through the coordinator).
      await page.waitForFunction(() => /seed 1 of 2: [\d,]+ of 1,500 updates; .*seed 2 of 2: [1-9][\d,]* of 1,500 updates/.test(document.querySelector('[data-testid="metarl-live"]')?.textContent ?? ''), null, { timeout: MEDIUM });
    }

    // Paused inside the run, it stays where it is.
    await page.click(tid('pause'));
    await page.waitForSelector(`${tid('pause')}[aria-pressed="true"]`);
    await sleep(400);
    const paused = await updatesSoFar();
    assert.ok(paused >= first, `${paused} >= ${first}`);
    await sleep(1000);
    assert.equal(await updatesSoFar(), paused, 'no update while paused');
    await screenshot(page, 'metarl-live-paused', { scrollTo: tid('chart-learning') });

    // Resumed, it goes on from there to the digest of the run done in one go.
    await page.click(tid('pause'));
    const digest = await waitForDigest(page);
    const r = cli(['run', '--digest-only', '-'], JSON.stringify(exp));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), digest, 'paused and resumed inside a run, same digest as the CLI');
    assert.equal(await page.$(tid('metarl-live')), null, 'finished results have no run in training');

    // Cancelled inside a run: the curve so far stays, and the export keeps what was learned.
    await page.click(tid('run'));
    await page.waitForFunction(() => /\b([1-9][\d,]*) of 1,500 updates/.test(document.querySelector('[data-testid="metarl-live"]')?.textContent ?? ''), null, { timeout: MEDIUM });
    await page.click(tid('cancel'));
    await page.waitForSelector(`${tid('progress-text')}`);
    await page.waitForFunction(() => /Cancelled/.test(document.querySelector('.runbar')?.textContent ?? ''));
    const kept = await updatesSoFar();
    assert.ok(kept > 0);
    await waitForInk(page, 'chart-learning-canvas', 300);
    const [dl] = await Promise.all([page.waitForEvent('download'), page.click(tid('export-json'))]);
    const doc = JSON.parse(readFileSync(await dl.path(), 'utf8'));
    const live = doc.results.live.find((l) => l.done === kept);
    assert.ok(live, `the export holds the run in training (${JSON.stringify(doc.results.live.map((l) => l.done))} vs ${kept})`);
    assert.ok(live.params.length > 100, 'with its network as trained so far');
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('a bad agent setting is named, Run waits, and the fixed form runs', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    await open(page, linkFor(short('metarl-blocks', { updates: 40, seeds: 1, blocks: 50, every: 20 })));
    await waitForDigest(page);
    await page.fill(tid('a-0-hidden'), '0');
    const err = await page.waitForSelector(tid('error-agent-0'), { timeout: MEDIUM });
    assert.match(await err.textContent(), /agent 1 › hidden units/);
    assert.ok(await page.$eval(tid('run'), (b) => b.disabled), 'Run is disabled on a bad setting');
    assert.match(await page.textContent(tid('config-invalid')), /hidden units/);
    // Text that is not a number is refused at the field.
    await page.fill(tid('task-arms'), 'three');
    await page.waitForSelector(`${tid('task-arms')}[aria-invalid="true"]`);
    await page.fill(tid('task-arms'), '3');
    await page.fill(tid('a-0-hidden'), '8');
    await page.waitForSelector(tid('error-agent-0'), { state: 'detached', timeout: MEDIUM });

    // Add an agent without memory and a baseline, then run.
    await page.click(tid('add-agent'));
    await page.selectOption(tid('agent-1-memory'), 'episode');
    await page.selectOption(tid('add-baseline-kind'), 'gittins');
    await page.click(tid('add-baseline'));
    const j = JSON.parse(await page.$eval(tid('config-json'), (el) => el.value));
    assert.equal(j.agents.length, 2);
    assert.equal(j.agents[1].train.memory.kind, 'episode');
    assert.equal(j.baselines.at(-1).policy.kind, 'gittins');
    await page.click(tid('run'));
    const digest = await waitForDigest(page);
    const r = cli(['run', '--digest-only', '-'], JSON.stringify(j));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), digest);
    // Two agents: a focus menu for the within-block views.
    await page.selectOption(tid('focus'), '1');
    await waitForInk(page, 'chart-episodes-canvas', 300);
    await waitForInk(page, 'chart-learning-canvas', 300);
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('the RL² setting shows reward by pull within an episode', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    const exp = short('metarl-rl2', { updates: 60, seeds: 1, blocks: 100, every: 20 });
    await open(page, linkFor(exp));
    const digest = await waitForDigest(page);
    const r = cli(['run', '--digest-only', '-'], JSON.stringify(exp));
    assert.equal(r.stdout.trim(), digest);
    await waitForInk(page, 'chart-pulls-canvas', 300);
    await waitForInk(page, 'chart-final-canvas', 300);
    // One episode per task: no "by episode" chart.
    assert.equal(await page.$(tid('chart-episodes')), null);
    await screenshot(page, 'metarl-rl2-pulls', { scrollTo: tid('chart-pulls') });
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('the gridworld: chosen from the task menu; a short run matches the CLI, shows where the agent walks, and the agent tabs explain they are for bandits', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    // The task family menu turns the experiment into a gridworld with the grid's players.
    await open(page, '#/metarl');
    await page.waitForSelector(tid('task-family'));
    await page.selectOption(tid('task-family'), 'grid');
    await page.waitForFunction(() => JSON.parse(document.querySelector('[data-testid="config-json"]').value).grid != null);
    const chosen = JSON.parse(await page.$eval(tid('config-json'), (el) => el.value));
    assert.deepEqual(chosen.baselines.map((b) => b.kind), ['random_walk', 'search', 'oracle']);

    const exp = short('metarl-gridworld', { updates: 60, seeds: 1, blocks: 60, every: 20 });
    exp.agents.forEach((a) => { a.train.method.warmup_blocks = 10; });
    await open(page, linkFor(exp));
    const digest = await waitForDigest(page);
    const r = cli(['run', '--digest-only', '-'], JSON.stringify(exp));
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout.trim(), digest, 'native CLI and browser digests agree');

    const head = await page.textContent(`${tid('metarl-table')} thead`);
    assert.match(head, /Reward per move/);
    assert.match(head, /Success rate/);
    assert.match(head, /Moves per episode/);
    for (const id of ['learning', 'final', 'episodes', 'visits']) {
      await waitForInk(page, `chart-${id}-canvas`, 300);
    }
    // Episodes end at the goal: no reward-by-move chart, and no P(best) check.
    assert.equal(await page.$(tid('chart-pulls')), null);
    assert.equal(await page.$(tid('chart-calibration')), null);
    for (const [w, h] of [[1366, 900], [390, 844]]) {
      await page.setViewportSize({ width: w, height: h });
      await waitForInk(page, 'chart-visits-canvas', 300);
      await screenshot(page, `metarl-grid-visits-${w}`, { scrollTo: tid('chart-visits') });
    }
    await page.click(tid('tab-watch'));
    assert.match(await page.textContent(tid('metarl-watch-grid')), /for bandit tasks/);
    await page.click(tid('tab-play'));
    assert.match(await page.textContent(tid('metarl-play-grid')), /visit maps/);
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

test('a preset with pre-trained agents shows them at once; Run trains them again in the browser to the same digest', { timeout: LONG }, async () => {
  const pinned = JSON.parse(readFileSync(new URL('../../crates/engine/tests/data/preset-digests.json', import.meta.url), 'utf8')).presets['metarl-sweep'];
  const { context, page } = await freshPage(browser);
  try {
    await open(page, '#/metarl');
    await page.selectOption(tid('preset'), 'metarl-sweep');
    // The file's results, with the preset's pinned digest, before anything is trained here.
    await page.waitForSelector(tid('pretrained'), { timeout: MEDIUM });
    assert.equal(await waitForDigest(page, MEDIUM), pinned);
    assert.match(await page.textContent(tid('pretrained')), new RegExp(`digest ${pinned}`));
    const rows = await page.$$eval(`${tid('metarl-table')} tbody tr`, (trs) => trs.length);
    assert.equal(rows, 9 + presetJson('metarl-sweep').baselines.length);
    await waitForInk(page, 'chart-grid-canvas', 300);
    await screenshot(page, 'metarl-pretrained');
    // The trained agents can be watched at once.
    await page.click(tid('tab-watch'));
    await page.waitForSelector(tid('metarl-watch'));
    assert.equal(await page.$(tid('metarl-watch-error')), null);
    await page.click(tid('tab-results'));

    // Trained again in the browser: the same digest, and the page says it was reproduced.
    await page.click(tid('run'));
    await page.waitForFunction(() => !document.querySelector('[data-testid="pretrained"]'));
    await page.waitForSelector(`${tid('reproduce-status')}[data-state="match"]`, { timeout: LONG });
    assert.equal(await waitForDigest(page), pinned);
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }

  // A missing file is said plainly; Run still trains.
  const fresh = await freshPage(browser);
  try {
    await fresh.page.route('**/pretrained/**', (route) => route.fulfill({ status: 404, body: 'gone' }));
    await open(fresh.page, '#/metarl');
    await fresh.page.selectOption(tid('preset'), 'metarl-blocks');
    assert.match(await fresh.page.textContent(tid('pretrained-error')), /HTTP 404.*Press Run to train here/);
    assert.equal(await fresh.page.$(tid('digest')), null);
    assertNoPageErrors(fresh.page, assert);
  } finally {
    await fresh.context.close();
  }
});

test('the LLM preset shows the recorded model beside the agent, and replays it with no model', { timeout: LONG }, async () => {
  const pinned = JSON.parse(readFileSync(new URL('../../crates/engine/tests/data/preset-digests.json', import.meta.url), 'utf8')).presets['metarl-llm'];
  const { context, page } = await freshPage(browser);
  try {
    let calls = 0;
    await context.route('http://127.0.0.1:8099/**', (route) => {
      calls += 1;
      route.abort();
    });
    await open(page, '#/metarl');
    await page.selectOption(tid('preset'), 'metarl-llm');
    await page.waitForSelector(tid('pretrained'), { timeout: MEDIUM });
    assert.equal(await waitForDigest(page, MEDIUM), pinned);
    // The model's replies are in the preset: the panel says so, and its row says how little
    // it played.
    await page.waitForSelector(tid('llm-panel'));
    assert.match(await page.textContent(tid('llm-recorded')), /^\d+ replies/);
    const note = await page.textContent(tid('metarl-llm-note'));
    assert.match(note, /\(10 blocks, \d+ calls/);
    await screenshot(page, 'metarl-llm-preset', { scrollTo: tid('metarl-table') });
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'metarl-llm-preset-phone', { scrollTo: tid('metarl-table') });
    await page.setViewportSize({ width: 1366, height: 900 });

    // Run trains the agent again and replays the model's recorded replies: the same digest.
    await page.click(tid('run'));
    await page.waitForFunction(() => !document.querySelector('[data-testid="pretrained"]'));
    await page.waitForSelector(`${tid('reproduce-status')}[data-state="match"]`, { timeout: LONG });
    assert.equal(await waitForDigest(page), pinned);
    assert.equal(calls, 0, 'no call to a model');
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});

/** Sum of the `data-reward` attributes under `selector`. */
async function rewardsUnder(page, selector) {
  return page.$$eval(`${selector} [data-reward]`, (els) => els.map((e) => Number(e.dataset.reward)));
}

test('the agent tabs: empty before training, then watch the agent and play the same task', { timeout: LONG }, async () => {
  const { context, page } = await freshPage(browser);
  try {
    // Before any training both tabs say what to do.
    await open(page, '#/metarl');
    await page.click(tid('tab-watch'));
    assert.match(await page.textContent(tid('metarl-watch-empty')), /Press Run/);
    await page.click(tid('tab-play'));
    assert.match(await page.textContent(tid('metarl-play-empty')), /Press Run/);

    // The sweep, shortened: nine agents, one seed each.
    const exp = short('metarl-sweep', { updates: 40, seeds: 1, blocks: 30, every: 20 });
    await open(page, linkFor(exp));
    const digest = await waitForDigest(page);
    const r = cli(['run', '--digest-only', '-'], JSON.stringify(exp));
    assert.equal(r.stdout.trim(), digest, 'native CLI and browser digests agree');
    await page.click(tid('tab-results'));
    await waitForInk(page, 'chart-grid-canvas', 300);
    for (const [w, h] of [[1366, 900], [390, 844]]) {
      await page.setViewportSize({ width: w, height: h });
      await waitForInk(page, 'chart-grid-canvas', 300);
      await screenshot(page, `metarl-heatmap-${w}`, { scrollTo: tid('chart-grid') });
    }
    await page.setViewportSize({ width: 1366, height: 900 });

    // Watch the agent: step three pulls, then to the end of the task.
    await page.click(tid('tab-watch'));
    await page.waitForSelector(tid('metarl-watch'));
    assert.match(await page.textContent(tid('metarl-watch-turn')), /before the first pull/);
    assert.equal(await page.textContent(tid('metarl-watch-mean-0')), '?', 'the true means are hidden');
    for (let i = 0; i < 3; i++) await page.click(tid('metarl-watch-next'));
    await page.waitForSelector(tid('metarl-watch-row-2'));
    const three = await rewardsUnder(page, tid('metarl-watch-history'));
    assert.equal(three.length, 3);
    const shown = await page.textContent(tid('metarl-watch-total'));
    assert.match(shown, new RegExp(`Reward so far: ${three.reduce((a, b) => a + b, 0)} in 3 pulls`), shown);
    await waitForInk(page, 'chart-metarl-watch-canvas', 300);
    for (const [w, h] of [[1366, 900], [390, 844]]) {
      await page.setViewportSize({ width: w, height: h });
      await waitForInk(page, 'chart-metarl-watch-canvas', 300);
      await screenshot(page, `metarl-watch-${w}`, { scrollTo: tid('metarl-watch') });
      await screenshot(page, `metarl-watch-tables-${w}`, { scrollTo: tid('metarl-watch-arms') });
    }
    await page.setViewportSize({ width: 1366, height: 900 });
    await page.click(tid('metarl-watch-last'));
    await page.waitForFunction(() => document.querySelector('[data-testid="metarl-watch-mean-0"]').textContent !== '?');
    const end = (await page.textContent(tid('metarl-watch-total'))).match(/Reward so far: (\d+) in (\d+) pulls?/);
    assert.ok(end, 'the total after the last pull');
    const watchedTotal = Number(end[1]);
    const watchedPulls = Number(end[2]);
    assert.match(await page.textContent(tid('metarl-watch-turn')), new RegExp(`pull ${watchedPulls} of ${watchedPulls}`));

    // You play the same task (task 1, the same agent): pull arms in turn until it ends.
    await page.click(tid('tab-play'));
    await page.waitForSelector(tid('metarl-play'));
    assert.equal(await page.textContent(tid('metarl-play-total')), '0');
    const arms = exp.task.arms;
    let pulls = 0;
    while (!(await page.$(tid('metarl-play-result')))) {
      assert.ok(pulls < 1000, 'the task ends');
      await page.click(tid(`metarl-play-arm-${pulls % arms}`));
      pulls += 1;
      if (pulls === 4) {
        const rewards = await rewardsUnder(page, tid('metarl-play-history'));
        assert.equal(rewards.length, 4);
        assert.equal(Number(await page.textContent(tid('metarl-play-total'))), rewards.reduce((a, b) => a + b, 0));
        for (const [w, h] of [[1366, 900], [390, 844]]) {
          await page.setViewportSize({ width: w, height: h });
          await screenshot(page, `metarl-play-${w}`, { scrollTo: tid('metarl-play') });
        }
        await page.setViewportSize({ width: 1366, height: 900 });
      }
    }
    // The task lasts as long for everyone: the watched agent's pulls.
    assert.equal(pulls, watchedPulls, 'the same task, the same length');
    const rewards = await rewardsUnder(page, tid('metarl-play-history'));
    assert.equal(rewards.length, pulls);
    const mine = rewards.reduce((a, b) => a + b, 0);
    assert.equal(Number(await page.textContent(tid('metarl-play-total'))), mine, 'your total is the sum of your rewards');
    assert.equal(Number(await page.textContent(tid('metarl-play-row-0-total'))), mine);
    // The trained agent on the same draws earned what the watcher showed.
    assert.match(await page.textContent(tid('metarl-play-row-1')), /Trained agent/);
    assert.equal(Number(await page.textContent(tid('metarl-play-row-1-total'))), watchedTotal);
    assert.match(await page.textContent(tid('metarl-play-compare')), /Bayes-optimal \(Gittins index\)/);
    assert.match(await page.textContent(tid('metarl-play-compare')), /Thompson/);
    const means = await page.$$eval(`${tid('metarl-play-means')} tbody tr`, (trs) => trs.length);
    assert.equal(means, arms);
    for (const [w, h] of [[1366, 900], [390, 844]]) {
      await page.setViewportSize({ width: w, height: h });
      await screenshot(page, `metarl-play-end-${w}`, { scrollTo: tid('metarl-play-result') });
    }
    assertNoPageErrors(page, assert);
  } finally {
    await context.close();
  }
});
