/**
 * Plan files (YAML): the format `sim run` writes as plan.yaml and `sim compare`
 * reads. Documented in docs/plan-files.md.
 *
 *   plan: <name>
 *   region: <region name, as in the dataset's region.yaml>
 *   stock:      { <depot id>: { <item id>: quantity, … }, … }   # physical stock
 *   contracted: { <item id>: quantity, … }                      # 协议储备, later phase
 *   teams:
 *     county:   { <county code>: members, … }
 *     township: { <township code>: 30-person teams, … }
 *     village:  { <township code>: 10-person village teams in that township, … }
 *   shelters:   { <county code>: { I: { count, capacity }, II: …, III: … }, … }
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import { checkName, checkText, isMapping, show } from '../core/validate.js';
import type { Item } from '../demand/catalogue.js';
import { parsePath, readYaml } from '../io/yaml.js';
import type { Region } from '../region/types.js';
import { compilePlan } from './holdings.js';
import type { PlanParams } from './params.js';
import type { CompiledPlan, Depot, Plan } from './types.js';

/** Largest quantity in a plan (10^12 of anything is a typo, and would swamp the LPs' numerics). */
export const MAX_QUANTITY = 1e12;

const KEYS = ['plan', 'region', 'note', 'stock', 'contracted', 'teams', 'shelters'];

/** Read and check a plan file against the region; errors name the file, line, column and field. */
export function loadPlanFile(file: string, region: Region, depots: Depot[], items: Item[], params: PlanParams): { plan: Plan; compiled: CompiledPlan } {
  const y = readYaml(file, 'plan file');
  const d = y.data;
  const fail = (path: (string | number)[], msg: string) => new InputError(`${y.at(path)}: ${path.join('.') || '(top level)'}: ${msg}`);
  if (d === null || d === undefined) throw fail([], 'expected a plan (a mapping with plan, region, stock, contracted, teams, shelters), found an empty file');
  if (!isMapping(d)) throw fail([], `expected a plan (a mapping with plan, region, stock, contracted, teams, shelters), found ${show(d)}`);
  for (const k of Object.keys(d)) if (!KEYS.includes(k)) throw fail([k], `unknown field "${k}"; expected one of: ${KEYS.join(', ')}`);
  if (typeof d.plan !== 'string' || d.plan.trim() === '') throw fail(['plan'], `expected a plan name, found ${show(d.plan)}`);
  checkName(d.plan, y.at(['plan']), 'plan', 'a plan name');
  if (d.note !== undefined && d.note !== null && typeof d.note !== 'string') throw fail(['note'], `expected a note (text), found ${show(d.note)}`);
  if (typeof d.note === 'string') checkText(d.note, y.at(['note']), 'note');
  if (d.region !== region.name) throw fail(['region'], `expected a plan for region ${JSON.stringify(region.name)} (the scenario's region), found ${show(d.region)}`);
  const maps = (v: unknown, path: string[]): Record<string, unknown> => {
    if (v === undefined || v === null) return {};
    if (!isMapping(v)) throw fail(path, `expected a mapping, found ${show(v)}`);
    return v;
  };
  const stock: Plan['stock'] = {};
  for (const [dep, byItem] of Object.entries(maps(d.stock, ['stock']))) stock[dep] = maps(byItem, ['stock', dep]) as Record<string, number>;
  const teams = maps(d.teams, ['teams']);
  for (const k of Object.keys(teams)) if (!['county', 'township', 'village'].includes(k)) throw fail(['teams', k], `unknown field "${k}"; expected county, township or village`);
  const shelters: Plan['shelters'] = {};
  for (const [c, byClass] of Object.entries(maps(d.shelters, ['shelters']))) {
    const m = maps(byClass, ['shelters', c]);
    for (const [k, v] of Object.entries(m)) {
      const e = maps(v, ['shelters', c, k]);
      for (const f of Object.keys(e)) if (f !== 'count' && f !== 'capacity') throw fail(['shelters', c, k, f], `unknown field "${f}"; expected count and capacity`);
    }
    shelters[c] = m as Plan['shelters'][string];
  }
  const plan: Plan = {
    name: d.plan.trim(),
    region: d.region as string,
    note: typeof d.note === 'string' ? d.note : undefined,
    stock,
    contracted: maps(d.contracted, ['contracted']) as Record<string, number>,
    teams: {
      county: maps(teams.county, ['teams', 'county']) as Record<string, number>,
      township: maps(teams.township, ['teams', 'township']) as Record<string, number>,
      village: maps(teams.village, ['teams', 'village']) as Record<string, number>,
    },
    shelters,
  };
  // every quantity a number ≥ 0 and at most MAX_QUANTITY, before the plan is compiled (so .inf is reported as written)
  const quantity = (v: unknown, path: (string | number)[]) => {
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw fail(path, `expected a quantity ≥ 0, found ${show(v)}`);
    if (v > MAX_QUANTITY) throw fail(path, `expected a quantity ≤ 10^12, found ${show(v)}`);
  };
  for (const [dep, byItem] of Object.entries(stock)) for (const [it, q] of Object.entries(byItem)) quantity(q, ['stock', dep, it]);
  for (const [it, q] of Object.entries(plan.contracted)) quantity(q, ['contracted', it]);
  for (const kind of ['county', 'township', 'village'] as const) for (const [c, q] of Object.entries(plan.teams[kind])) quantity(q, ['teams', kind, c]);
  for (const [c, byClass] of Object.entries(shelters)) {
    for (const [k, e] of Object.entries(byClass as Record<string, Record<string, unknown>>)) for (const [f, q] of Object.entries(e ?? {})) quantity(q, ['shelters', c, k, f]);
  }
  const MARK = '\u0000plan';
  try {
    return { plan, compiled: compilePlan(plan, region, depots, items, params, MARK) };
  } catch (e) {
    if (!(e instanceof InputError) || !e.message.startsWith(`${MARK}: `)) throw e;
    // "<mark>: stock.D-X.tent: expected …" → "<file>:<line>:<col>: stock.D-X.tent: expected …"
    const rest = e.message.slice(MARK.length + 2);
    const field = rest.slice(0, rest.indexOf(': '));
    throw new InputError(`${y.at(parsePath(field))}: ${rest}`);
  }
}

/** Plan files from the arguments: files as given, folders expanded to their .yaml/.yml files in name order. */
export function planFiles(args: string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    if (!existsSync(a)) throw new InputError(`${a}: plan file or folder not found`);
    if (statSync(a).isDirectory()) {
      const fs = readdirSync(a)
        .filter((f) => /\.ya?ml$/i.test(f))
        .sort()
        .map((f) => join(a, f));
      if (fs.length === 0) throw new InputError(`${a}: expected plan files (.yaml) in the folder, found none`);
      out.push(...fs);
    } else out.push(a);
  }
  if (out.length === 0) throw new InputError('sim compare: expected at least one plan file or folder, found none');
  return out;
}
