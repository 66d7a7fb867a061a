/** From a scenario file to a run: load and check the scenario, its region and item catalogue, and build the RunSpec the engine takes. */
import { InputError } from '../core/errors.js';
import { IMPACT_FIELDS } from '../impact/types.js';
import { loadCatalogue, type Item } from '../demand/catalogue.js';
import { hazardModule, regionAttributes } from '../hazard/registry.js';
import type { RunSpec } from '../engine/spec.js';
import { townshipLayout } from '../engine/layout.js';
import { loadRegion } from '../region/load.js';
import type { Region } from '../region/types.js';
import { loadScenario, type Scenario } from './load.js';
import { MissingRegionParameter } from './region-parameters.js';

export interface CompiledRun {
  scenario: Scenario;
  region: Region;
  items: Item[];
  spec: RunSpec;
}

/** `onScenario`: called once the scenario file itself has passed its checks, before the region is read (sim run starts its workers then). */
export function compileScenario(file: string, overrides: { trials?: number; seed?: string } = {}, onScenario?: (s: Scenario) => void): CompiledRun {
  let scenario: Scenario;
  try {
    scenario = loadScenario(file, overrides);
  } catch (e) {
    // a dataset that does not load at all (no township table…) is reported before the hazard values it lacks
    if (e instanceof MissingRegionParameter) loadRegion(e.regionDir, regionAttributes());
    throw e;
  }
  onScenario?.(scenario);
  const region = loadRegion(scenario.regionDir, regionAttributes());
  townshipLayout(region.n); // a region too large to summarise fails now, not after the first tasks
  if (scenario.optimize) checkReservoirSize(scenario.reservoir, region.n);
  const items = loadCatalogue(region.itemsFile);
  // Build each hazard once here: checks that need the region (township codes, building types) fail now,
  // with the scenario line, rather than inside a worker.
  scenario.hazards.forEach((h, i) => {
    try {
      hazardModule(h.type).createKernel(region, h);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      // a kernel may name its entry by type ("hazards (fire).township: …"): name it by index, so the message points at the field's line
      const m = /^hazards \([^)]*\)((?:\.[A-Za-z_][\w]*|\[\d+\])*): ([\s\S]*)$/.exec(e.message);
      throw scenario.locate(m ? new InputError(`hazards[${i}]${m[1]}: ${m[2]}`) : e);
    }
  });
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

/** Most bytes the kept trials' township vectors may take (uniform + tail, one copy; a run holds several). */
export const RESERVOIR_VECTOR_BUDGET = 2 * 1024 * 1024 * 1024;

/**
 * With optimize:, the reservoirs keep every kept trial's peak-event impacts in every township
 * (IMPACT_FIELDS numbers each): (uniform + tail) × townships × IMPACT_FIELDS × 8 bytes, in every
 * partial a worker returns. Too large a product fails here, before anything runs, saying how many
 * trials the region allows.
 */
export function checkReservoirSize(reservoir: { uniform: number; tail: number }, nTownships: number): void {
  const perTrial = nTownships * IMPACT_FIELDS * 8;
  const bytes = (reservoir.uniform + reservoir.tail) * perTrial;
  if (bytes <= RESERVOIR_VECTOR_BUDGET) return;
  const most = Math.floor(RESERVOIR_VECTOR_BUDGET / perTrial);
  const gib = (b: number) => (b / 1024 ** 3).toFixed(1);
  throw new InputError(
    `reservoir: optimize: keeps the township impacts of reservoir.uniform + reservoir.tail = ${reservoir.uniform + reservoir.tail} trials; with ${nTownships.toLocaleString('en-US')} townships that is ${gib(bytes)} GiB, over the limit of ${gib(RESERVOIR_VECTOR_BUDGET)} GiB: set reservoir: { uniform, tail } to at most ${most.toLocaleString('en-US')} trials in all for this region (or run without optimize:)`,
  );
}
