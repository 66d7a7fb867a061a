/**
 * A hazard plugs in without touching the pipeline (docs/adding-a-hazard.md): the
 * test-only landslide of test/hazards/landslide declares a region attribute,
 * emits intensity at each site, uses its own impact function and its own metric,
 * and is registered through the registry alone. It must then be loaded from the
 * dataset, simulated, and appear in summary.json and report.md.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCommand } from '../src/cli/run-command.js';
import { registerHazard, unregisterHazard } from '../src/hazard/registry.js';
import { landslideModule } from './hazards/landslide/index.js';
import { ROOT, tmp } from './helpers.js';

describe('a hazard added through the registry alone (test-only landslide)', () => {
  const dir = tmp('sim-plugin-');
  const trials = 40_000;
  // susceptibility for the first 10 townships; the others fall back to the default
  const given = [0.2, 0.05, 0.5, 0, 0.3, 0.1, 0.9, 0.15, 0.25, 0.4];
  let summary: Record<string, any>;
  let report: string;
  let population: number[];
  let codes: string[];

  beforeAll(async () => {
    registerHazard(landslideModule);
    const data = join(dir, 'weihai');
    cpSync(join(ROOT, 'datasets', 'weihai'), data, { recursive: true });
    cpSync(join(ROOT, 'datasets', 'items.csv'), join(dir, 'items.csv'));
    const lines = readFileSync(join(data, 'hazard.csv'), 'utf8').split('\n');
    const header = lines.findIndex((l) => l.startsWith('code,'));
    let k = 0;
    const out = lines.map((l, i) => {
      if (i < header || l === '') return l;
      if (i === header) return `${l},landslide_susceptibility`;
      return `${l},${k < given.length ? given[k++] : ''}`;
    });
    writeFileSync(join(data, 'hazard.csv'), out.join('\n'));
    const towns = readFileSync(join(data, 'townships.csv'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#'));
    const cols = towns[0].split(',');
    const rows = towns.slice(1).map((l) => l.split(','));
    codes = rows.map((r) => r[cols.indexOf('code')]);
    population = rows.map((r) => Number(r[cols.indexOf('population')]));
    writeFileSync(join(dir, 'landslide.yaml'), `name: landslide test\nregion: weihai\ntrials: ${trials}\nseed: 7\nhazards:\n  - type: landslide\n    mode: annual\n`);
    // --workers 2 is asked for: a hazard registered at run time runs in this thread
    await runCommand({ scenario: join(dir, 'landslide.yaml'), workers: 2, out: join(dir, 'out'), quiet: true });
    summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8'));
    report = readFileSync(join(dir, 'out', 'report.md'), 'utf8');
  });
  afterAll(() => unregisterHazard('landslide'));

  it('reads its declared attribute from hazard.csv and counts the townships without local data', () => {
    expect(summary.scenario.region.dataFlags.landslideSusceptibilityDefault).toBe(codes.length - given.length);
    expect(summary.engine.workers).toBe(0);
  });

  it('its impacts match the analytic means (Poisson rate × E[R] × Σ population × susceptibility × 0.1)', () => {
    // per event E[displaced] = E[R] Σ P_i s_i × 0.1 with R ~ U(0, 1); 0.5 events a year
    let ps = 0;
    population.forEach((p, i) => (ps += p * (i < given.length ? given[i] : 0.01)));
    const expected = 0.5 * 0.5 * ps * 0.1;
    const d = summary.annual.displaced;
    expect(Math.abs(d.mean - expected)).toBeLessThan(3 * d.se);
    expect(summary.annual.deaths.mean).toBeCloseTo(0.001 * d.mean, 9);
    // events a year: Poisson(0.5), within 3 standard errors; every township has susceptibility > 0 but one
    // (given 0), so each event reaches the other 72 (its own metric)
    const events = summary.events.landslide.meanPerTrial;
    expect(Math.abs(events - 0.5)).toBeLessThan(3 * Math.sqrt(0.5 / trials));
    expect(summary.annual.landslideTownships.mean).toBeCloseTo(events * (codes.length - 1), 6);
  });

  it('appears in summary.json (metric, by hazard, parameters) and in report.md (its own section)', () => {
    expect(Object.keys(summary.annual)).toContain('landslideTownships');
    expect(summary.byHazard.landslide.annual.displaced.mean).toBe(summary.annual.displaced.mean);
    expect(summary.parameters.hazards[0].rate.source).toMatch(/test value/);
    expect(report).toMatch(/## Landslides\n\nTownships reached by a landslide event, per year: mean 36\.\d\d\./);
  });
});
