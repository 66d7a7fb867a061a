/** `sim params [group]`: every parameter with its default, unit, valid range, confidence and source. */
import type { ParamTable } from '../core/params.js';
import { InputError } from '../core/errors.js';
import { hazardModules } from '../hazard/registry.js';
import { DEMAND_PARAMS } from '../demand/params.js';
import { RESCUE_PARAMS } from '../demand/rescue.js';
import { PLAN_PARAMS } from '../plan/params.js';
import { table } from '../output/format.js';

export interface ParamRow {
  group: string;
  name: string;
  /** The code default, or null for a region-specific parameter (its value is in the region's hazard-parameters.yaml). */
  value: number | number[] | null;
  unit: string;
  min: number | null;
  max: number | null;
  range: string;
  confidence: string;
  source: string;
  description: string;
}

/** The parameter tables by group: each hazard, then demand, rescue and plan. */
export function paramGroups(): Record<string, ParamTable> {
  const groups: Record<string, ParamTable> = {};
  for (const m of hazardModules()) groups[m.type] = m.params;
  groups.demand = DEMAND_PARAMS;
  groups.rescue = RESCUE_PARAMS;
  groups.plan = PLAN_PARAMS;
  return groups;
}

export function paramRows(group?: string): ParamRow[] {
  const groups = paramGroups();
  if (group !== undefined && !groups[group]) throw new InputError(`params: expected a parameter group (one of ${Object.keys(groups).join(', ')}), found ${JSON.stringify(group)}`);
  const rows: ParamRow[] = [];
  for (const [g, t] of Object.entries(groups)) {
    if (group !== undefined && g !== group) continue;
    for (const [name, spec] of Object.entries(t)) {
      const lo = spec.min === undefined ? '−∞' : `${spec.min}`;
      const hi = spec.max === undefined ? '∞' : `${spec.max}`;
      rows.push({
        group: g,
        name,
        value: spec.regional ? null : spec.value,
        unit: spec.unit,
        min: spec.min ?? null,
        max: spec.max ?? null,
        range: `${spec.minExclusive ? '(' : '['}${lo}, ${hi}${spec.maxExclusive ? ')' : ']'}`,
        confidence: spec.regional ? 'regional' : spec.confidence,
        source: spec.regional ? 'datasets/<region>/hazard-parameters.yaml' : spec.source,
        description: spec.description,
      });
    }
  }
  return rows;
}

export function paramsCommand(a: { group?: string; json: boolean }): void {
  const rows = paramRows(a.group);
  if (a.json) {
    process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
    return;
  }
  process.stdout.write(
    table(
      ['parameter', 'default', 'unit', 'range', 'confidence', 'source'],
      rows.map((r) => [`${r.group}.${r.name}`, r.value === null ? '(regional)' : JSON.stringify(r.value), r.unit, r.range, r.confidence, r.source.length > 70 ? `${r.source.slice(0, 69)}…` : r.source]),
      false,
    ) + '\nFull sources and descriptions: sim params --json. Override any model parameter under a hazard\'s parameters: in the scenario; regional ones come from datasets/<region>/hazard-parameters.yaml.\n',
  );
}
