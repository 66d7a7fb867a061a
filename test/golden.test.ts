/**
 * Behaviour lock for refactoring: every bundled scenario, at a reduced trial
 * count and its own seed, must give the same outputs as the committed golden
 * files, byte for byte (summary.json outside `engine`, townships.csv, report.md
 * outside the solver's wall time, and plan.csv / plan.yaml where the scenario
 * sizes a plan).
 *
 * The golden files were written by the code before a refactor; a change that
 * is meant to alter results regenerates them on purpose with
 *   UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts
 * and says why in its commit.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, sim, tmp } from './helpers.js';

const GOLDEN = join(ROOT, 'test', 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
/** Enough trials for several blocks and a reservoir, few enough for CI. */
const TRIALS = 3000;

/** The outputs compared, with the engine section (timings, machine) taken out of summary.json. */
function outputs(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) {
    // report.html draws the same numbers as report.md and summary.json; its markup (ECharts' SVG) is checked in a browser (browser.test.ts), not byte for byte
    if (f === 'report.html') continue;
    let text = readFileSync(join(dir, f), 'utf8');
    if (f === 'summary.json') {
      const s = JSON.parse(text);
      delete s.engine;
      text = JSON.stringify(s, null, 2) + '\n';
    }
    // the solver table's last column is wall time (problem names in English or Chinese)
    if (f === 'report.md') text = text.replace(/^(\| (?:stockpiles|teams|shelters|救灾物资储备|应急救援队伍|应急避难场所) \|.*\| )[0-9.]+ \|$/gm, '$1… |');
    out[f] = text;
  }
  return out;
}

describe('bundled scenarios give the golden outputs', () => {
  const scenarios = readdirSync(join(ROOT, 'scenarios')).filter((f) => f.endsWith('.yaml')).sort();
  for (const file of scenarios) {
    const name = file.replace(/\.yaml$/, '');
    it(name, () => {
      const dir = join(tmp(), 'out');
      const r = sim(['run', `scenarios/${file}`, '--trials', String(TRIALS), '--workers', '1', '--out', dir, '--quiet']);
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const got = outputs(dir);
      const gdir = join(GOLDEN, name);
      if (UPDATE) {
        mkdirSync(gdir, { recursive: true });
        for (const [f, text] of Object.entries(got)) writeFileSync(join(gdir, f), text);
        return;
      }
      expect(existsSync(gdir), `no golden outputs for ${name}: run with UPDATE_GOLDEN=1`).toBe(true);
      expect(Object.keys(got)).toEqual(readdirSync(gdir).sort());
      for (const [f, text] of Object.entries(got)) expect(text, `${name}/${f}`).toBe(readFileSync(join(gdir, f), 'utf8'));
    });
  }
});
