// The large runs of issue 16's "no jank" goal, shared by tests/bench/jank.mjs (which counts the
// page's long tasks while they stream) and tests/bench/profile.mjs (which profiles them), and
// the long-task recorder both install in the page.

import { presetJson } from '../e2e/helpers.mjs';

const bandits = presetJson('bandits-classic');
bandits.horizon = 1_000_000;
bandits.repetitions = 4;
bandits.policies = bandits.policies.slice(0, 4);

const STRATEGIES = [
  'Cooperator', 'Defector', 'TitForTat', 'Grudger', 'TitFor2Tats', 'TwoTitsForTat', 'WinStayLoseShift',
  'Alternator', 'SuspiciousTitForTat', 'Bully', 'GoByMajority', 'HardGoByMajority', 'Prober', 'Prober2',
  'Prober3', 'HardProber', 'GTFT', 'Random', 'FirstByJoss', 'SoftJoss', 'StochasticWSLS',
  'StochasticCooperator', 'HardTitForTat', 'ForgivingTitForTat', 'Appeaser', 'Cycler', 'ZDExtort2',
  'ZDGTFT2', 'Detective', 'AntiTitForTat', 'HardTitFor2Tats', 'SneakyTitForTat', 'SpitefulTitForTat',
  'SlowTitForTwoTats2', 'AdaptiveTitForTat', 'DynamicTwoTitsForTat', 'Gradual', 'OriginalGradual',
  'SoftGrudger', 'ForgetfulGrudger', 'GrudgerAlternator', 'Aggravater', 'OppositeGrudger', 'EasyGo',
];
const games = presetJson('games-axelrod');
games.players = [...STRATEGIES, ...STRATEGIES, ...Array(12).fill('TitForTat')].map((kind) => ({ kind }));
games.repetitions = 2;

const tax = presetJson('tax-plan-once');
tax.workers = 100_000;

/** The runs by lab: [what, experiment JSON]. */
export const LARGE_RUNS = {
  bandits: ['bandits: T = 1,000,000, 4 repetitions, 4 policies', bandits],
  games: [`games: ${games.players.length}-player round robin, 200 turns, 2 repetitions`, games],
  tax: ['tax: 100,000 workers, plan once, 3 planners', tax],
};

/** Record every long task (over 50 ms) of `page` in `window.agoraLongTasks` from its start. */
export async function recordLongTasks(page) {
  await page.addInitScript(() => {
    window.agoraLongTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.agoraLongTasks.push(e.duration);
    }).observe({ type: 'longtask' });
  });
}
