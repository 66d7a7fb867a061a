/**
 * Scenario files: YAML, checked field by field. Errors name the file, the
 * line and column of the offending value, what was expected and what was found.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import { resolveParams, type ParamTable, type UsedParam } from '../core/params.js';
import { checkName, checkText, isMapping, show } from '../core/validate.js';
import { DEMAND_PARAMS, type DemandParams } from '../demand/params.js';
import { RESCUE_PARAMS, type RescueParams } from '../demand/rescue.js';
import { hazardModule, hazardTypes } from '../hazard/registry.js';
import type { HazardConfig, HazardMode } from '../hazard/types.js';
import { parsePath, readYaml, type YamlFile } from '../io/yaml.js';
import { parseOptimize, type OptimizeConfig } from '../plan/config.js';
import { configureHazard, loadRegionParameters, LocatedInputError } from './region-parameters.js';

export interface Scenario {
  file: string;
  name: string;
  description: string;
  /** Chinese name and description (name_zh, description_zh), shown by the Chinese reports; the English ones otherwise. */
  nameZh?: string;
  descriptionZh?: string;
  regionDir: string;
  trials: number;
  seed: string;
  hazards: HazardConfig[];
  demand: DemandParams;
  demandUsed: Record<string, UsedParam>;
  rescue: RescueParams;
  rescueUsed: Record<string, UsedParam>;
  reservoir: { uniform: number; tail: number };
  /** The `optimize:` block: size a plan after simulating. */
  optimize?: OptimizeConfig;
  /** Point an error that names a scenario field ("hazards[0].depths.x: …") at that field's line. */
  locate: (e: InputError) => InputError;
}

const TOP_KEYS = ['name', 'name_zh', 'description', 'description_zh', 'region', 'trials', 'seed', 'hazards', 'demand', 'rescue', 'reservoir', 'optimize'];
const HAZARD_KEYS = ['type', 'mode', 'parameters', 'event', 'name'];
export const DEFAULT_RESERVOIR = { uniform: 1000, tail: 200 };
export const MAX_TRIALS = 100_000_000;
/** Longest text seed. */
export const MAX_SEED_LENGTH = 200;
/**
 * The rule for `region:`: the path (relative to the scenario file, or absolute) of a region dataset
 * folder, i.e. a folder holding region.yaml (which names the township table, townships.csv by default).
 * Any other folder (/etc, ../../) is refused before a file in it is read.
 */
export const REGION_MARKER = 'region.yaml';

/** Where a field of the scenario file is, for messages: "file:line:col: field: expected …, found …". */
class Locator {
  constructor(private readonly y: YamlFile) {}
  at(path: (string | number)[]): string {
    return this.y.at(path);
  }
  error(path: (string | number)[], expected: string, found: unknown): InputError {
    return new InputError(`${this.at(path)}: ${fieldName(path)}: expected ${expected}, found ${show(found)}`);
  }
}

function fieldName(path: (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') || '(top level)';
}

export function loadScenario(fileIn: string, overrides: { trials?: number; seed?: string } = {}): Scenario {
  const file = resolve(fileIn);
  const y = readYaml(fileIn, 'scenario file');
  const loc = new Locator(y);
  const raw = y.data;
  if (raw === null || raw === undefined) throw new InputError(`${y.file}: (top level): expected a mapping with name, region, trials, seed and hazards, found an empty file`);
  if (!isMapping(raw)) throw loc.error([], 'a mapping with name, region, trials, seed and hazards', raw);
  for (const k of Object.keys(raw)) {
    if (!TOP_KEYS.includes(k)) throw new InputError(`${loc.at([k])}: unknown field "${k}"; expected one of: ${TOP_KEYS.join(', ')}`);
  }
  const nameRaw = raw.name;
  if (typeof nameRaw !== 'string' || nameRaw.trim() === '') throw loc.error(['name'], 'a scenario name (text)', nameRaw);
  const name = checkName(nameRaw, loc.at(['name']), 'name', 'a scenario name');
  if (raw.description !== undefined && raw.description !== null && typeof raw.description !== 'string') throw loc.error(['description'], 'a description (text)', raw.description);
  if (typeof raw.description === 'string') checkText(raw.description, loc.at(['description']), 'description');
  let nameZh: string | undefined;
  if (raw.name_zh !== undefined && raw.name_zh !== null) {
    if (typeof raw.name_zh !== 'string' || raw.name_zh.trim() === '') throw loc.error(['name_zh'], 'a Chinese scenario name (text)', raw.name_zh);
    nameZh = checkName(raw.name_zh, loc.at(['name_zh']), 'name_zh', 'a Chinese scenario name').trim();
  }
  if (raw.description_zh !== undefined && raw.description_zh !== null && typeof raw.description_zh !== 'string') throw loc.error(['description_zh'], 'a Chinese description (text)', raw.description_zh);
  if (typeof raw.description_zh === 'string') checkText(raw.description_zh, loc.at(['description_zh']), 'description_zh');
  const region = raw.region;
  if (typeof region !== 'string' || region.trim() === '') throw loc.error(['region'], 'the path of a region dataset folder, relative to the scenario file', region);
  checkName(region, loc.at(['region']), 'region', 'the path of a region dataset folder');
  const regionDir = resolve(dirname(file), region);
  if (!existsSync(regionDir) || !statSync(regionDir).isDirectory()) {
    throw new InputError(`${loc.at(['region'])}: region: expected a region dataset folder (relative to the scenario file), found ${existsSync(regionDir) ? 'a file' : 'nothing'} at ${regionDir}`);
  }
  if (!existsSync(join(regionDir, REGION_MARKER)) || !statSync(join(regionDir, REGION_MARKER)).isFile()) {
    throw new InputError(
      `${loc.at(['region'])}: region: expected a region dataset folder (one holding ${REGION_MARKER} and its township table; relative to the scenario file, or absolute), found a folder without ${REGION_MARKER} at ${regionDir}`,
    );
  }
  let trials = raw.trials;
  if (overrides.trials !== undefined) trials = overrides.trials;
  else if (typeof trials !== 'number' || !Number.isInteger(trials) || trials <= 0 || trials > MAX_TRIALS) {
    throw loc.error(['trials'], `a whole number of trials, 1 to ${MAX_TRIALS}`, trials);
  }
  let seed = raw.seed;
  if (overrides.seed !== undefined) seed = overrides.seed;
  else if (!(typeof seed === 'string' && seed.trim() !== '') && !(typeof seed === 'number' && Number.isSafeInteger(seed))) {
    throw loc.error(['seed'], 'an integer or a text seed', seed);
  } else if (typeof seed === 'string') {
    if (seed.length > MAX_SEED_LENGTH) throw loc.error(['seed'], `an integer or a text seed of at most ${MAX_SEED_LENGTH} characters`, seed);
    checkName(seed, loc.at(['seed']), 'seed', 'an integer or a text seed');
  }
  const hz = raw.hazards;
  if (!Array.isArray(hz) || hz.length === 0) throw loc.error(['hazards'], 'a list of one or more hazards', hz);
  // the region's values of region-specific hazard parameters (datasets/<region>/hazard-parameters.yaml)
  const regionParams = loadRegionParameters(regionDir);
  const hazards = hz.map((h, i) => {
    const path = ['hazards', i];
    if (!isMapping(h)) throw loc.error(path, 'a hazard (a mapping with type and mode)', h);
    if (typeof h.type !== 'string' || !hazardTypes().includes(h.type)) {
      throw loc.error([...path, 'type'], `a hazard type (one of: ${hazardTypes().join(', ')})`, h.type);
    }
    if (h.name !== undefined) checkName(h.name, loc.at([...path, 'name']), `hazards[${i}].name`, 'a hazard name');
    const module = hazardModule(h.type);
    const allowed = [...HAZARD_KEYS, ...(module.extraKeys ?? [])];
    for (const k of Object.keys(h)) {
      if (!allowed.includes(k)) throw new InputError(`${loc.at([...path, k])}: unknown field "${k}" in hazards[${i}] (${h.type}); expected one of: ${allowed.join(', ')}`);
    }
    const mode = h.mode ?? 'annual';
    if (mode !== 'annual' && mode !== 'scenario') throw loc.error([...path, 'mode'], 'annual or scenario', h.mode);
    if (h.parameters !== undefined && h.parameters !== null && !isMapping(h.parameters)) throw loc.error([...path, 'parameters'], 'a mapping of parameter names to values', h.parameters);
    if (h.event !== undefined && !isMapping(h.event)) throw loc.error([...path, 'event'], 'a mapping of event fields', h.event);
    try {
      const { type: _type, name: _name, ...rest } = h;
      const entry = { ...rest, mode: mode as HazardMode, parameters: (h.parameters ?? undefined) as Record<string, unknown> | undefined, event: h.event as Record<string, unknown> | undefined };
      return configureHazard(module, entry, `hazards[${i}]`, regionParams, loc.at(path));
    } catch (e) {
      if (e instanceof InputError && !(e instanceof LocatedInputError)) throw withLocation(e, loc, path);
      throw e;
    }
  });
  const demand = paramSection(raw, 'demand', DEMAND_PARAMS, loc);
  const rescue = paramSection(raw, 'rescue', RESCUE_PARAMS, loc);
  let optimize: OptimizeConfig | undefined;
  if (raw.optimize !== undefined && raw.optimize !== null) {
    try {
      optimize = parseOptimize(raw.optimize);
    } catch (e) {
      if (e instanceof InputError) throw withLocation(e, loc, ['optimize']);
      throw e;
    }
  }
  const reservoir = { ...DEFAULT_RESERVOIR };
  if (raw.reservoir !== undefined) {
    if (!isMapping(raw.reservoir)) throw loc.error(['reservoir'], 'a mapping with uniform and tail', raw.reservoir);
    for (const [k, v] of Object.entries(raw.reservoir)) {
      if (k !== 'uniform' && k !== 'tail') throw new InputError(`${loc.at(['reservoir', k])}: unknown field "${k}" in reservoir; expected uniform or tail`);
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 100000) throw loc.error(['reservoir', k], 'a whole number of trials to keep, 1 to 100000', v);
      reservoir[k] = v;
    }
  }
  return {
    file,
    name: name.trim(),
    description: typeof raw.description === 'string' ? raw.description : '',
    ...(nameZh ? { nameZh } : {}),
    ...(typeof raw.description_zh === 'string' && raw.description_zh.trim() !== '' ? { descriptionZh: raw.description_zh } : {}),
    regionDir,
    trials: trials as number,
    seed: String(seed),
    hazards,
    demand: demand.values as DemandParams,
    demandUsed: demand.used,
    rescue: rescue.values as RescueParams,
    rescueUsed: rescue.used,
    reservoir,
    optimize,
    locate: (e) => withLocation(e, loc, []),
  };
}

/** A top-level section holding only `parameters:` for a parameter table (demand, rescue). */
function paramSection<T extends ParamTable>(raw: Record<string, unknown>, key: string, table: T, loc: Locator) {
  const sec = raw[key];
  let params: Record<string, unknown> | undefined;
  if (sec !== undefined && sec !== null) {
    if (!isMapping(sec)) throw loc.error([key], 'a mapping with parameters', sec);
    for (const k of Object.keys(sec)) if (k !== 'parameters') throw new InputError(`${loc.at([key, k])}: unknown field "${k}" in ${key}; expected: parameters`);
    if (sec.parameters !== undefined && sec.parameters !== null && !isMapping(sec.parameters)) throw loc.error([key, 'parameters'], 'a mapping of parameter names to values', sec.parameters);
    params = (sec.parameters ?? undefined) as Record<string, unknown> | undefined;
  }
  try {
    return resolveParams(table, params, `${key}.parameters`);
  } catch (e) {
    if (e instanceof InputError) throw withLocation(e, loc, [key, 'parameters']);
    throw e;
  }
}

/** Re-anchor a model's error ("hazards[0].parameters.x: …") at the line of the field it names. */
function withLocation(e: InputError, loc: Locator, base: (string | number)[]): InputError {
  const m = /^([A-Za-z_\]\[0-9.]+): /.exec(e.message);
  if (!m) return new InputError(`${loc.at(base)}: ${e.message}`);
  return new InputError(`${loc.at(parsePath(m[1]))}: ${e.message}`);
}
