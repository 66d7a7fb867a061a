/**
 * Rescue-team MILP (model.md §5.2). Integer 30-person township teams and
 * 10-person village teams (counted per township, at most one per village).
 * Rules: ≥ 80 % of townships with a team of ≥ 30, ≥ 80 % of villages with a
 * team of ≥ 10 (seed 004 §3.9); the extraction workload of every required
 * scenario done within 72 h, pooling teams within each county (mutual aid;
 * the outputs give each county's largest internal travel time so the
 * 2-hour assumption can be checked). County-level teams are kept as they are.
 * A unit works dutyHoursPerDay of every 24, so in 72 h it gives
 * 72 × duty/24 unit-hours of extraction. A township may form more than one
 * 30-person team where the workload needs it.
 */
import type { RescueParams } from '../demand/rescue.js';
import type { Region } from '../region/types.js';
import { distanceKm } from './holdings.js';
import { LpBuilder } from './lp-builder.js';
import type { PlanParams } from './params.js';
import type { LpScenario } from './scenarios.js';
import type { LpModel } from './solver/types.js';

export interface TeamModel {
  model: LpModel;
  townshipTeams: number[];
  villageTeams: number[];
  hasTeam: number[];
  /** Unit-hours each county must cover (the largest over the required scenarios), and its internal travel. */
  county: { code: string; requiredUnitHours: number; countyTeamUnits: number; maxTravelHours: number }[];
}

export function buildTeamModel(region: Region, scenarios: LpScenario[], p: PlanParams, rescue: RescueParams): TeamModel {
  const b = new LpBuilder('teams');
  const T = region.n;
  const costPer = (members: number) => (members * p.teamMemberCostPerYear) / 1000;
  const townshipTeams: number[] = [];
  const villageTeams: number[] = [];
  const hasTeam: number[] = [];
  for (let t = 0; t < T; t++) {
    const code = region.code[t];
    townshipTeams.push(b.v(`n30[${code}]`, costPer(30), 0, Infinity, true));
    hasTeam.push(b.v(`has30[${code}]`, 0, 0, 1, true));
    villageTeams.push(b.v(`n10[${code}]`, costPer(10), 0, region.villages[t], true));
    b.le(`has[${code}]`, [[hasTeam[t], 1], [townshipTeams[t], -1]], 0);
  }
  b.ge('townshipCoverage', hasTeam.map((v) => [v, 1]), Math.ceil(p.townshipTeamCoverage * T - 1e-9));
  const villages = region.villages.reduce((a, x) => a + x, 0);
  b.ge('villageCoverage', villageTeams.map((v) => [v, 1]), Math.ceil(p.villageTeamCoverage * villages - 1e-9));
  const hoursPerUnit = rescue.deadlineHours * (rescue.dutyHoursPerDay / 24);
  const county = region.counties.map((code, c) => {
    let required = 0;
    for (const s of scenarios) {
      let h = 0;
      for (let t = 0; t < T; t++) if (region.countyIndex[t] === c) h += s.rescueHours[t];
      if (h > required) required = h;
    }
    let maxKm = 0;
    for (let a = 0; a < T; a++)
      for (let z = a + 1; z < T; z++)
        if (region.countyIndex[a] === c && region.countyIndex[z] === c) maxKm = Math.max(maxKm, distanceKm(region.lat[a], region.lon[a], region.lat[z], region.lon[z]));
    const countyTeamUnits = region.countyRescueUnits[c];
    const need = required / hoursPerUnit - countyTeamUnits;
    if (need > 0) {
      const terms: [number, number][] = [];
      for (let t = 0; t < T; t++) {
        if (region.countyIndex[t] !== c) continue;
        terms.push([townshipTeams[t], 3], [villageTeams[t], 1]);
      }
      b.ge(`rescue72h[${code}]`, terms, need);
    }
    return { code, requiredUnitHours: required, countyTeamUnits, maxTravelHours: (p.roadFactor * maxKm) / p.truckSpeedKmh };
  });
  return { model: b.model, townshipTeams, villageTeams, hasTeam, county };
}
