/** From a scenario file to a run: load and check the scenario, its region and item catalogue, and build the RunSpec the engine takes. */
import { loadCatalogue, type Item } from '../demand/catalogue.js';
import type { RunSpec } from '../engine/spec.js';
import { loadRegion } from '../region/load.js';
import type { Region } from '../region/types.js';
import { loadScenario, type Scenario } from './load.js';

export interface CompiledRun {
  scenario: Scenario;
  region: Region;
  items: Item[];
  spec: RunSpec;
}

export function compileScenario(file: string, overrides: { trials?: number; seed?: string } = {}): CompiledRun {
  const scenario = loadScenario(file, overrides);
  const region = loadRegion(scenario.regionDir);
  const items = loadCatalogue(region.itemsFile);
  const spec: RunSpec = {
    id: `${scenario.file}|${scenario.seed}|${scenario.trials}|${process.hrtime.bigint()}`,
    region,
    hazards: scenario.hazards,
    items,
    demand: scenario.demand,
    rescue: scenario.rescue,
    seed: scenario.seed,
    trials: scenario.trials,
    reservoir: scenario.reservoir,
  };
  return { scenario, region, items, spec };
}
