/**
 * The hazards a scenario can name, and what they declare together: the region
 * attributes to load, the metrics their impacts add (in one fixed order, so
 * every worker lays out the same vectors) and their event classes.
 */
import { InputError } from '../core/errors.js';
import type { MaybeMsg } from '../core/i18n.js';
import type { RegionAttribute } from '../region/types.js';
import { earthquakeModule } from './earthquake/index.js';
import { fireModule } from './fire/index.js';
import { floodModule } from './flood/index.js';
import { typhoonModule } from './typhoon/index.js';
import type { EventClasses, HazardMetric, HazardModule, HazardType } from './types.js';

const MODULES: HazardModule[] = [typhoonModule, earthquakeModule, fireModule, floodModule];
/** The hazards every worker thread has (the list above); others were registered at run time. */
const BUILT_IN = new Set(MODULES.map((m) => m.type));

export function isBuiltIn(type: HazardType): boolean {
  return BUILT_IN.has(type);
}

/**
 * Add a hazard module at run time (tests, plug-ins). A registered hazard runs in
 * this thread only (`--workers 0`): worker threads load the built-in list above.
 */
export function registerHazard(m: HazardModule): void {
  if (MODULES.some((x) => x.type === m.type)) throw new Error(`hazard type "${m.type}" is already registered`);
  MODULES.push(m);
}

/** Remove a hazard added with registerHazard (tests). */
export function unregisterHazard(type: string): void {
  const k = MODULES.findIndex((x) => x.type === type);
  if (k >= 0) MODULES.splice(k, 1);
}

export function hazardTypes(): string[] {
  return MODULES.map((m) => m.type);
}

export function hazardModules(): readonly HazardModule[] {
  return MODULES;
}

export function hazardModule(type: HazardType): HazardModule {
  const m = MODULES.find((x) => x.type === type);
  if (!m) throw new InputError(`unknown hazard type "${type}"; expected one of: ${hazardTypes().join(', ')}`);
  return m;
}

/** Every registered hazard's region attributes (each key once). */
export function regionAttributes(): RegionAttribute[] {
  const out: RegionAttribute[] = [];
  for (const m of MODULES) for (const a of m.attributes ?? []) if (!out.some((b) => b.key === a.key)) out.push(a);
  return out;
}

/** The metrics of one kind that hazards add, by hazard in registry order (layout.ts puts quantities, cross-checks, breakdowns). */
export function hazardMetrics(kind: HazardMetric['kind']): (HazardMetric & { hazard: string })[] {
  return MODULES.flatMap((m) => (m.metrics ?? []).filter((x) => x.kind === kind).map((x) => ({ ...x, hazard: m.type })));
}

/** Event classes declared by hazards, with the hazard that declares them. */
export function hazardEventClasses(): (EventClasses & { hazard: string })[] {
  return MODULES.flatMap((m) => (m.eventClasses ? [{ ...m.eventClasses, hazard: m.type }] : []));
}

/** What the report takes from the hazards' declarations: rescue-table rows, and their own sections. */
export interface HazardReportDeclarations {
  rescueRows: { metric: string; label: MaybeMsg }[];
  sections: { type: string; render: NonNullable<HazardModule['report']>; classesKey: string | null; note: string }[];
}

export function hazardReportDeclarations(): HazardReportDeclarations {
  return {
    rescueRows: MODULES.flatMap((m) => (m.metrics ?? []).filter((x) => x.rescueLabel).map((x) => ({ metric: x.name, label: x.rescueLabel! }))),
    sections: MODULES.flatMap((m) => (m.report ? [{ type: m.type, render: m.report, classesKey: m.eventClasses ? m.type : null, note: m.eventClasses?.note ?? '' }] : [])),
  };
}
