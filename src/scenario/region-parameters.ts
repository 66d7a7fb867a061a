/**
 * Region-specific hazard parameters: datasets/<region>/hazard-parameters.yaml.
 *
 * A parameter spec marked `regional` (src/core/params.ts) has no value in
 * code; the region dataset gives its value, source and confidence:
 *
 *   typhoon:
 *     rate: { value: 0.36, source: "JTWC best track 1972–2015, counted (docs/model.md §2.1; M)", confidence: M }
 *
 * Resolution: a scenario override wins, else the region's value; a value the
 * hazard needs that neither gives is an input error naming the dataset file,
 * the hazard and the parameter. There is no fallback to another region.
 *
 * The values are handed to the hazard's `configure` as if they were scenario
 * parameters (then echoed with the region's source), not filled in afterwards:
 * configure derives from them (the default source zone, b and Mmax of listed
 * zones, the Mmax bound on a scenario magnitude, the class-probability check),
 * and the hazard modules stay unaware of where a value came from.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import { isMapping, show } from '../core/validate.js';
import { checkParamValue, CONFIDENCES, isRegional, type Confidence, type ParamTable } from '../core/params.js';
import { hazardModule, hazardTypes } from '../hazard/registry.js';
import type { HazardConfig, HazardEntry, HazardModule, HazardType } from '../hazard/types.js';
import { parsePath, readYaml, type YamlFile } from '../io/yaml.js';
import { checkInside } from '../region/load.js';

export const REGION_PARAMETERS_FILE = 'hazard-parameters.yaml';

/** A hazard's parameter table (the one `configure` resolves against), as the module declares it. */
function hazardParams(type: HazardType): ParamTable {
  return hazardModule(type).params;
}

const ENTRY_KEYS = ['value', 'source', 'confidence'];

/**
 * An input error already located in a file (a dataset's, not the scenario's):
 * the scenario loader passes it on as is instead of re-anchoring it at a scenario line.
 */
export class LocatedInputError extends InputError {}

/** A region value a hazard needs is missing: reported once the rest of the region has loaded (a dataset without townships says so first). */
export class MissingRegionParameter extends LocatedInputError {
  constructor(
    message: string,
    readonly regionDir: string,
  ) {
    super(message);
  }
}

export interface RegionValue {
  value: number | number[];
  source: string;
  confidence: Confidence;
}

export interface RegionParameters {
  /** Region dataset folder. */
  dir: string;
  /** The parameter file (it may not exist: then the region gives no values). */
  file: string;
  exists: boolean;
  values: Partial<Record<HazardType, Record<string, RegionValue>>>;
  /** "file:line:col" of a path in the file (its nearest existing parent), or the file name. */
  at(path: (string | number)[]): string;
}


function regionalNames(table: ParamTable): string[] {
  return Object.entries(table)
    .filter(([, s]) => isRegional(s))
    .map(([k]) => k);
}

/** Read and check a region's parameter file; every value is checked against its spec's bounds. */
export function loadRegionParameters(regionDir: string): RegionParameters {
  const file = join(regionDir, REGION_PARAMETERS_FILE);
  if (!existsSync(file)) return { dir: regionDir, file, exists: false, values: {}, at: () => file };
  checkInside(file, regionDir, 'region hazard-parameter file');
  const y: YamlFile = readYaml(file, 'region hazard-parameter file');
  const fail = (path: (string | number)[], msg: string) => new LocatedInputError(`${y.at(path)}: ${path.join('.') || '(top level)'}: ${msg}`);
  const values: RegionParameters['values'] = {};
  const raw = y.data ?? {};
  const types = hazardTypes();
  if (!isMapping(raw)) throw fail([], `expected a mapping of hazard types (${types.join(', ')}) to their region-specific parameters, found ${show(raw)}`);
  for (const [type, section] of Object.entries(raw)) {
    if (!types.includes(type)) throw fail([type], `unknown hazard "${type}"; expected one of: ${types.join(', ')}`);
    const table = hazardParams(type);
    const names = regionalNames(table);
    const expected = names.length ? names.join(', ') : `none (${type} has no region-specific parameters)`;
    if (section === null) {
      values[type as HazardType] = {};
      continue;
    }
    if (!isMapping(section)) throw fail([type], `expected a mapping of ${type} parameter names to { value, source, confidence }, found ${show(section)}`);
    const out: Record<string, RegionValue> = {};
    for (const [name, entry] of Object.entries(section)) {
      const path = [type, name];
      const spec = table[name];
      if (!spec) throw fail(path, `unknown parameter "${name}"; expected a region-specific ${type} parameter: ${expected}`);
      if (!isRegional(spec)) {
        throw fail(path, `"${name}" is a model parameter (its default and source are in code; override it in a scenario); expected a region-specific ${type} parameter: ${expected}`);
      }
      if (!isMapping(entry)) throw fail(path, `expected { value, source, confidence } (value in ${spec.unit}), found ${show(entry)}`);
      for (const k of Object.keys(entry)) if (!ENTRY_KEYS.includes(k)) throw fail([...path, k], `unknown field "${k}"; expected: ${ENTRY_KEYS.join(', ')}`);
      let value: number | number[];
      try {
        value = checkParamValue(spec, entry.value, `${type}.${name}.value`);
      } catch (e) {
        if (!(e instanceof InputError)) throw e;
        // the message starts with the field (".value" or ".value[2]"): point at that node
        const field = /^([^:]+): /.exec(e.message)?.[1] ?? `${type}.${name}.value`;
        throw new LocatedInputError(`${y.at(parsePath(field))}: ${e.message}`);
      }
      const source = entry.source;
      if (typeof source !== 'string' || source.trim() === '') throw fail([...path, 'source'], `expected the source of the value (text: a citation, or "assumption (…)" with its reason), found ${show(source)}`);
      const confidence = entry.confidence;
      if (typeof confidence !== 'string' || !CONFIDENCES.includes(confidence as Confidence)) {
        throw fail([...path, 'confidence'], `expected a confidence mark, one of: ${CONFIDENCES.join(', ')}, found ${show(confidence)}`);
      }
      out[name] = { value, source, confidence: confidence as Confidence };
    }
    values[type as HazardType] = out;
  }
  return { dir: regionDir, file, exists: true, values, at: y.at };
}

/**
 * Configure a scenario's hazard entry with the region's values for its regional
 * parameters (those the scenario does not override), then echo them with the
 * region's source. `entryAt` (the entry's "file:line:col") is for messages.
 */
export function configureHazard(module: HazardModule, entry: HazardEntry, where: string, region: RegionParameters, entryAt = where): HazardConfig {
  const type = module.type;
  const table = hazardParams(type);
  const given = entry.parameters ?? {};
  const fromRegion: Record<string, RegionValue> = {};
  const missing: string[] = [];
  for (const [k, spec] of Object.entries(table)) {
    if (!isRegional(spec) || k in given) continue;
    const v = region.values[type]?.[k];
    if (v) fromRegion[k] = v;
    else if (spec.unusedWith === undefined || entry[spec.unusedWith] === undefined) missing.push(k);
  }
  if (missing.length > 0) throw missingError(region, type, missing, where, entryAt);
  const names = Object.keys(fromRegion);
  // scenario keys first: an unknown or bad override is reported exactly as before
  const parameters = names.length ? { ...given, ...Object.fromEntries(names.map((k) => [k, fromRegion[k].value])) } : entry.parameters;
  let config: HazardConfig;
  try {
    config = module.configure({ ...entry, parameters }, where);
  } catch (e) {
    // a cross-check on a region value (class probabilities that do not sum to 1): the dataset is at fault
    const m = e instanceof InputError ? /^([^:]+): (.*)$/s.exec(e.message) : null;
    const k = m?.[1].startsWith(`${where}.parameters.`) ? m[1].slice(`${where}.parameters.`.length) : undefined;
    if (m && k !== undefined && k in fromRegion) {
      throw new LocatedInputError(`${region.at([type, k, 'value'])}: ${type}.${k}.value: ${m[2]} (the region's value, used by ${where} at ${entryAt})`);
    }
    throw e;
  }
  for (const k of names) {
    const u = config.used[k];
    // the scenario's zones may have dropped the default zone's entries
    if (u) config.used[k] = { ...u, source: fromRegion[k].source, confidence: fromRegion[k].confidence, overridden: false };
  }
  // an override echoes the confidence of the value it replaces, as for model parameters
  for (const [k, spec] of Object.entries(table)) {
    const v = region.values[type]?.[k];
    if (isRegional(spec) && k in given && v && config.used[k]) config.used[k] = { ...config.used[k], confidence: v.confidence };
  }
  // whatever is still without a value (a parameter table this loop did not see, e.g. a chained hazard's)
  const still = Object.keys(config.used).filter((k) => config.used[k].missing);
  if (still.length > 0) throw missingError(region, type, still, where, entryAt);
  return config;
}

function missingError(region: RegionParameters, type: HazardType, names: string[], where: string, entryAt: string): MissingRegionParameter {
  const [k, ...rest] = names;
  const section = region.values[type];
  const found = !region.exists ? `no file ${REGION_PARAMETERS_FILE} in ${region.dir}` : section === undefined ? `no ${type} section` : `no entry "${k}" under ${type}`;
  const also = rest.length ? `; also missing: ${rest.join(', ')}` : '';
  const unit = hazardParams(type)[k]?.unit ?? '?';
  return new MissingRegionParameter(
    // no section: the file as a whole is at fault, no line to point at
    `${section === undefined ? region.file : region.at([type])}: ${type}.${k}: expected the region's value of this region-specific parameter with its source, ` +
      `as ${type}: { ${k}: { value: <${unit}>, source: "<citation or assumption>", confidence: H|M|L|assumption } } ` +
      `(needed by ${where} at ${entryAt}; or override it there under parameters), found ${found}${also}`,
    region.dir,
  );
}
