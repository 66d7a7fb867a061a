/**
 * holdings/teams.csv, read and checked in one place. The region counts its
 * rescue units from it (10-person units) and the planner its current teams
 * (members, 30-person and 10-person teams): both derive their units from
 * these rows, so the file cannot mean two things.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../core/errors.js';
import { cellNumber, cellText, readCsv } from '../io/csv.js';
import type { Region } from './types.js';

export const TEAM_TIERS = ['county', 'township', 'village'] as const;
export type TeamTier = (typeof TEAM_TIERS)[number];

export interface TeamRow {
  /** Line in the file, for messages. */
  line: number;
  tier: TeamTier;
  /** The county's code (county teams) or as written (other tiers, unchecked). */
  countyCode: string;
  /** The township's code (township and village teams) or as written (county teams, unchecked). */
  townshipCode: string;
  members: number;
  /** Index in region.counties for a county team, in region.code for a township or village team. */
  place: number;
}

export interface TeamTable {
  file: string;
  rows: TeamRow[];
}

/**
 * The rescue teams of a holdings folder, checked against the region's counties and townships;
 * undefined when the folder has no teams.csv (no teams). Errors name the file, line and field.
 */
export function loadTeams(holdingsDir: string, region: Pick<Region, 'code' | 'counties'>): TeamTable | undefined {
  const file = join(holdingsDir, 'teams.csv');
  if (!existsSync(file)) return undefined;
  const t = readCsv(file, 'rescue team table', ['team_id', 'tier', 'county_code', 'township_code', 'members'], { known: ['village_code', 'name_zh', 'name_en'] });
  const ids = new Map<string, number>();
  const town = new Map(region.code.map((c, i) => [c, i]));
  const county = new Map(region.counties.map((c, i) => [c, i]));
  // one row at a time, every check of a row before the next row, so the first bad line is the one reported
  const rows = t.rows.map((row): TeamRow => {
    const id = cellText(t, row, 'team_id');
    const first = ids.get(id);
    if (first !== undefined) throw new InputError(`${file}:${row.line}: field "team_id": expected a unique team id, found ${id} again (first at line ${first})`);
    ids.set(id, row.line);
    const tier = cellText(t, row, 'tier', TEAM_TIERS) as TeamTier;
    const members = cellNumber(t, row, 'members', { min: 0, expected: 'a number of team members (≥ 0)' });
    let place: number | undefined;
    if (tier === 'county') {
      place = county.get(cellText(t, row, 'county_code'));
      if (place === undefined) throw new InputError(`${file}:${row.line}: field "county_code": expected a county code of townships.csv, found ${JSON.stringify(row.values.county_code)}`);
    } else {
      place = town.get(cellText(t, row, 'township_code'));
      if (place === undefined) throw new InputError(`${file}:${row.line}: field "township_code": expected a township code of townships.csv, found ${JSON.stringify(row.values.township_code)}`);
    }
    return { line: row.line, tier, countyCode: row.values.county_code ?? '', townshipCode: row.values.township_code ?? '', members, place };
  });
  return { file, rows };
}
