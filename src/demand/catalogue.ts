/** The relief item catalogue (docs/model.md §4.2): which impact each item scales with, how much per person, in which phase. */
import { InputError } from '../core/errors.js';
import { cellNumber, cellText, readCsv } from '../io/csv.js';

/** What an item's quantity is proportional to. */
export const BASES = ['sheltered', 'sheltered_displaced', 'sheltered_class_I_II', 'displaced', 'evacuated', 'injured', 'affected'] as const;
export type Basis = (typeof BASES)[number];

export interface Item {
  id: string;
  nameZh: string;
  nameEn: string;
  unit: string;
  basis: Basis;
  frequency: 'once' | 'daily';
  phase1PerPerson: number;
  laterPerPerson: number;
  unitCostCny: number;
  volumeM3: number;
  shelfLifeYears: number;
  source: string;
  costSource: string;
}

const COLUMNS = [
  'item_id',
  'name_zh',
  'name_en',
  'unit',
  'basis',
  'frequency',
  'phase1_per_person',
  'later_per_person',
  'unit_cost_cny',
  'volume_m3',
  'shelf_life_years',
  'source',
] as const;

export function loadCatalogue(file: string): Item[] {
  const t = readCsv(file, 'item catalogue', COLUMNS);
  const seen = new Set<string>();
  return t.rows.map((row) => {
    const id = cellText(t, row, 'item_id');
    if (!/^[a-z][a-z0-9_]*$/.test(id)) throw new InputError(`${file}:${row.line}: field "item_id": expected a lower-case identifier (a-z, 0-9, _), found ${JSON.stringify(id)}`);
    if (seen.has(id)) throw new InputError(`${file}:${row.line}: field "item_id": expected a unique item id, found ${id} again`);
    seen.add(id);
    return {
      id,
      nameZh: cellText(t, row, 'name_zh'),
      nameEn: cellText(t, row, 'name_en'),
      unit: cellText(t, row, 'unit'),
      basis: cellText(t, row, 'basis', BASES) as Basis,
      frequency: cellText(t, row, 'frequency', ['once', 'daily']) as 'once' | 'daily',
      phase1PerPerson: cellNumber(t, row, 'phase1_per_person', { min: 0 }),
      laterPerPerson: cellNumber(t, row, 'later_per_person', { min: 0 }),
      unitCostCny: cellNumber(t, row, 'unit_cost_cny', { min: 0, minExclusive: true, expected: 'a unit cost in CNY > 0' }),
      volumeM3: cellNumber(t, row, 'volume_m3', { min: 0 }),
      shelfLifeYears: cellNumber(t, row, 'shelf_life_years', { min: 0, minExclusive: true, expected: 'a shelf life in years > 0' }),
      source: cellText(t, row, 'source'),
      costSource: row.values['cost_source'] ?? '',
    };
  });
}
