/**
 * `sim validate <scenario>`: every check a run makes before it simulates (the scenario, its region and
 * holdings, the hazards' parameters, the plan settings), with the same messages and exit code 2, and
 * nothing simulated or written.
 *
 * `sim validate <region folder>`: the same checks of a region alone (docs/datasets.md): region.yaml,
 * every table, hazard-parameters.yaml, the item catalogue and the holdings as a plan would read them.
 * It prints what it found, the region's warnings (what a run will lack) and which hazards can run on
 * the region's own parameter values.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { resolveParams } from '../core/params.js';
import { loadCatalogue } from '../demand/catalogue.js';
import { townshipLayout } from '../engine/layout.js';
import { hazardModules, regionAttributes } from '../hazard/registry.js';
import type { HazardMode } from '../hazard/types.js';
import { compileScenario } from '../scenario/compile.js';
import { REGION_MARKER } from '../scenario/load.js';
import { configureHazard, loadRegionParameters, MissingRegionParameter } from '../scenario/region-parameters.js';
import { compilePlan, currentHoldings, loadDepots } from '../plan/holdings.js';
import { PLAN_PARAMS, type PlanParams } from '../plan/params.js';
import { loadRegion } from '../region/load.js';
import type { Region } from '../region/types.js';
import { fmt } from '../output/format.js';

export interface ValidateArgs {
  scenario: string;
  trials?: number;
  seed?: string;
  quiet: boolean;
}

/**
 * Print a region's warnings on stderr, one line each ("sim: warning: …"), unless quiet. With the
 * scenario's hazard types, a warning about one hazard only (the building mix: earthquake) is left
 * out of runs without it.
 */
export function printRegionWarnings(region: Region, quiet: boolean, hazardTypes?: readonly string[]): void {
  if (quiet) return;
  for (const w of region.warnings ?? []) {
    if (hazardTypes && w.hazards && !w.hazards.some((h) => hazardTypes.includes(h))) continue;
    process.stderr.write(`sim: warning: ${w.message}\n`);
  }
}

export function validateCommand(a: ValidateArgs): void {
  if (existsSync(a.scenario) && statSync(a.scenario).isDirectory()) {
    if (a.trials !== undefined || a.seed !== undefined) throw new InputError(`${a.trials !== undefined ? '--trials' : '--seed'}: expected no trials or seed with a region folder (they belong to a scenario), found one`);
    validateRegion(a.scenario, a.quiet);
    return;
  }
  const { scenario, region, items } = compileScenario(a.scenario, { trials: a.trials, seed: a.seed });
  const opt = scenario.optimize;
  if (opt) {
    // what the sizing step reads first: the depots and the current holdings as a plan
    const depots = loadDepots(region);
    const current = currentHoldings(region, depots, items);
    compilePlan(current, region, depots, items, opt.params, current.name);
  }
  printRegionWarnings(region, a.quiet, scenario.hazards.map((h) => h.type));
  if (a.quiet) return;
  const hazards = scenario.hazards.map((h) => `${h.type} (${h.mode})`).join(', ');
  process.stdout.write(
    `${a.scenario}: valid. ${scenario.name}: ${hazards} over ${region.nameZh} ${region.name} (${region.n.toLocaleString('en-US')} townships), ` +
      `${fmt(scenario.trials)} trials, seed ${scenario.seed}${opt ? `, sizing a plan (${opt.problems.join(', ')})` : ''}. Nothing was simulated.\n`,
  );
}

/** What `sim validate <region folder>` found, for its printout and tests. */
export interface RegionCheck {
  region: Region;
  items: number;
  /** Per hazard type: the region-specific parameters an annual run of it lacks (empty: it can run on the region's values). */
  hazards: { type: string; missing: string[]; problem?: string }[];
}

/**
 * Check a region folder alone, in the order a run reads it: hazard-parameters.yaml (as the scenario
 * loads), the region and its tables, the item catalogue, then the holdings as a plan (when there are
 * depots). Every error is the run's own InputError.
 */
export function checkRegionFolder(dirArg: string): RegionCheck {
  const dir = resolve(dirArg);
  if (!existsSync(dir)) throw new InputError(`${dirArg}: region dataset folder not found`);
  if (!existsSync(join(dir, REGION_MARKER)) || !statSync(join(dir, REGION_MARKER)).isFile()) {
    throw new InputError(`${dirArg}: expected a region dataset folder (one holding ${REGION_MARKER} and its township table; docs/datasets.md), found a folder without ${REGION_MARKER} at ${dir}`);
  }
  const params = loadRegionParameters(dir);
  const region = loadRegion(dir, regionAttributes());
  townshipLayout(region.n);
  const items = loadCatalogue(region.itemsFile);
  if (region.tables?.holdings.depots !== null) {
    const plan = resolveParams(PLAN_PARAMS, undefined, 'optimize.parameters').values as PlanParams;
    const depots = loadDepots(region);
    const current = currentHoldings(region, depots, items);
    compilePlan(current, region, depots, items, plan, current.name);
  }
  const hazards = hazardModules().map((m): RegionCheck['hazards'][number] => {
    try {
      const config = configureHazard(m, { mode: 'annual' as HazardMode }, `${m.type} (annual)`, params);
      try {
        // what a run checks next: the hazard built on the region (e.g. the fire needs somewhere to put fires)
        m.createKernel(region, config);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        return { type: m.type, missing: [], problem: e.message };
      }
      return { type: m.type, missing: [] };
    } catch (e) {
      if (!(e instanceof MissingRegionParameter)) throw e;
      const names = /: [a-z]+\.(\w+): expected the region's value/.exec(e.message)?.[1];
      const also = /also missing: ([\w, ]+)$/.exec(e.message)?.[1];
      return { type: m.type, missing: [names ?? '?', ...(also ? also.split(', ') : [])] };
    }
  });
  return { region, items: items.length, hazards };
}

/** A count for the printout (fmt shows small numbers with decimals). */
const int = (n: number) => Math.round(n).toLocaleString('en-US');

function validateRegion(dirArg: string, quiet: boolean): void {
  const { region: r, items, hazards } = checkRegionFolder(dirArg);
  printRegionWarnings(r, quiet);
  if (quiet) return;
  const pop = r.population.reduce((a, b) => a + b, 0);
  const t = r.tables!;
  const names = (r.countyNames ?? []).map((c, k) => c.zh || r.counties[k]);
  const shown = names.length > 8 ? `${names.slice(0, 8).join(', ')}, …` : names.join(', ');
  const villages = r.villages.reduce((a, b) => a + b, 0);
  const committees = r.villageCommittees.reduce((a, b) => a + b, 0);
  const count = (n: number | null, what: string) => (n === null ? `no ${what}` : `${int(n)} ${what}`);
  const h = t.holdings;
  const lines = [
    `${dirArg}: valid. ${r.nameZh ? `${r.nameZh} ` : ''}${r.name}: ${int(r.n)} townships (${int(r.urban.reduce((a, b) => a + b, 0))} 街道), ${int(pop)} people (${int(r.flags.populationEstimated)} township populations estimated)`,
    `  counties: ${int(r.counties.length)} (${shown})${t.counties === null ? ', no counties.csv' : ', names from counties.csv'}`,
    `  villages: ${int(villages)} village-level units, ${int(committees)} village committees (${t.villages === null ? 'from townships.csv; no villages.csv' : `${int(t.villages)} rows of villages.csv`})`,
    `  hazard.csv: ${t.hazard ? 'read' : 'none (model defaults)'}; building-mix.csv: ${t.buildingMix ? 'read' : "none (PAGER's national mix)"}; item catalogue: ${int(items)} items`,
    `  holdings: ${h.folder ? [count(h.depots, 'depots'), count(h.stock, 'stock rows'), count(h.teams, 'teams'), count(h.shelters, 'shelters')].join(', ') : 'none'}`,
    `  hazards on the region's own parameter values (hazard-parameters.yaml): ${hazards.map((x) => (x.problem ? `${x.type} cannot run (${x.problem})` : x.missing.length === 0 ? `${x.type} ready` : `${x.type} needs ${x.missing.join(', ')}`)).join('; ')}`,
    `  ${(r.warnings ?? []).length} warning(s)${(r.warnings ?? []).length ? ' (above, on stderr)' : ''}. Nothing was simulated.`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
