/**
 * `sim validate <scenario>`: every check a run makes before it simulates (the scenario, its region and
 * holdings, the hazards' parameters, the plan settings), with the same messages and exit code 2, and
 * nothing simulated or written.
 */
import { compileScenario } from '../scenario/compile.js';
import { compilePlan, currentHoldings, loadDepots } from '../plan/holdings.js';
import { fmt } from '../output/format.js';

export interface ValidateArgs {
  scenario: string;
  trials?: number;
  seed?: string;
  quiet: boolean;
}

export function validateCommand(a: ValidateArgs): void {
  const { scenario, region, items } = compileScenario(a.scenario, { trials: a.trials, seed: a.seed });
  const opt = scenario.optimize;
  if (opt) {
    // what the sizing step reads first: the depots and the current holdings as a plan
    const depots = loadDepots(region);
    const current = currentHoldings(region, depots, items);
    compilePlan(current, region, depots, items, opt.params, current.name);
  }
  if (a.quiet) return;
  const hazards = scenario.hazards.map((h) => `${h.type} (${h.mode})`).join(', ');
  process.stdout.write(
    `${a.scenario}: valid. ${scenario.name}: ${hazards} over ${region.nameZh} ${region.name} (${fmt(region.n)} townships), ` +
      `${fmt(scenario.trials)} trials, seed ${scenario.seed}${opt ? `, sizing a plan (${opt.problems.join(', ')})` : ''}. Nothing was simulated.\n`,
  );
}
