/**
 * `sim validate` (every check of a run, nothing simulated or written) and `sim params` (each
 * parameter with its default, unit, range and source).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { paramRows } from '../src/cli/params-command.js';
import { EARTHQUAKE_PARAMS } from '../src/hazard/earthquake/params.js';
import { ROOT, sim, tmp } from './helpers.js';

const CORPUS = 'test/hostile/scenario';

describe('sim validate', () => {
  it('a good scenario: exit 0, one line saying what would run, nothing simulated or written', () => {
    const dir = tmp('sim-validate-');
    const r = sim(['validate', join(ROOT, 'scenarios/typhoon.yaml')], dir);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/typhoon\.yaml: valid\. Weihai typhoon season: typhoon \(annual\) over 威海市 Weihai \(73 townships\), 100,000 trials, seed 20240308, sizing a plan \(stockpiles, teams, shelters\)\. Nothing was simulated\.\n$/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('every bundled scenario validates', () => {
    for (const f of readdirSync(join(ROOT, 'scenarios')).filter((x) => x.endsWith('.yaml'))) {
      const r = sim(['validate', `scenarios/${f}`, '--quiet']);
      expect(r.status, `${f}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toBe('');
    }
  });

  // every 4th scenario case of the hostile corpus: validate rejects it with the message a run gives
  const files = readdirSync(join(ROOT, CORPUS))
    .filter((f) => f.endsWith('.yaml') && !f.startsWith('_'))
    .sort()
    .filter((f) => !readFileSync(join(ROOT, CORPUS, f), 'latin1').split('\n')[1]?.startsWith('# run: compare'))
    .filter((_, i) => i % 4 === 0);
  it.each(files)('rejects %s as a run does', (f) => {
    const rel = `${CORPUS}/${f}`;
    const v = sim(['validate', rel]);
    const own = readFileSync(join(ROOT, rel), 'latin1').split('\n')[1]?.startsWith('# run: own-trials');
    const run = sim(['run', rel, ...(own ? [] : ['--trials', '50']), '--workers', '0', '--out', join(tmp('sim-validate-run-'), 'o')]);
    expect(run.status).toBe(2);
    expect(v.status).toBe(2);
    // the same message, but for what only a run checks (its --trials override)
    if (!own) expect(v.stderr).toBe(run.stderr);
    expect(v.stderr.trim().split('\n')).toHaveLength(1);
    expect(v.stderr).not.toMatch(/\n\s+at /);
  });

  it('a missing scenario file is refused', () => {
    const r = sim(['validate', 'scenarios/no-such-file.yaml']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no-such-file\.yaml/);
  });

  it('flags: no scenario, an extra argument, a run-only flag', () => {
    expect(sim(['validate']).stderr).toMatch(/^sim: sim validate: expected a scenario file \(sim validate <scenario\.yaml>\), found none/);
    expect(sim(['validate', 'scenarios/typhoon.yaml', 'x']).stderr).toMatch(/^sim: validate: expected one scenario file or region folder, found an extra argument "x"/);
    const w = sim(['validate', 'scenarios/typhoon.yaml', '--workers', '2']);
    expect(w.status).toBe(2);
    expect(w.stderr).toMatch(/^sim: --workers: unknown option; expected one of: --trials, --seed, --quiet, --help/);
  });
});

describe('sim params', () => {
  it('lists every parameter of every group with a unit, a finite range and a source', () => {
    const rows = paramRows();
    expect(new Set(rows.map((r) => r.group))).toEqual(new Set(['typhoon', 'earthquake', 'fire', 'flood', 'demand', 'rescue', 'plan']));
    for (const r of rows) {
      expect(r.unit, `${r.group}.${r.name}`).not.toBe('');
      expect(r.source, `${r.group}.${r.name}`).not.toBe('');
      expect(Number.isFinite(r.min ?? NaN) && Number.isFinite(r.max ?? NaN), `${r.group}.${r.name} range ${r.range}`).toBe(true);
    }
  });

  it('one group, as a table and as JSON; the values are the code defaults', () => {
    const t = sim(['params', 'earthquake']);
    expect(t.status).toBe(0);
    expect(t.stdout).toMatch(/earthquake\.empiricalScale +0\.172 +factor +\(0, 10\] +M +sim backtest/);
    expect(t.stdout).not.toMatch(/^typhoon\./m);
    const j = JSON.parse(sim(['params', 'earthquake', '--json']).stdout);
    const scale = j.find((r: { name: string }) => r.name === 'empiricalScale');
    expect(scale.value).toBe(EARTHQUAKE_PARAMS.empiricalScale.value);
    expect(j.find((r: { name: string }) => r.name === 'rate6').value).toBeNull();
  });

  it('an unknown group is refused', () => {
    const r = sim(['params', 'volcano']);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('sim: params: expected a parameter group (one of typhoon, earthquake, fire, flood, demand, rescue, plan), found "volcano"\n');
    expect(existsSync(join(ROOT, 'out', 'volcano'))).toBe(false);
  });
});

describe('sim run --json', () => {
  it('prints summary.json to stdout, the same text as the file, and nothing else', () => {
    const out = join(tmp('sim-json-'), 'o');
    const r = sim(['run', 'scenarios/typhoon-drill.yaml', '--trials', '100', '--workers', '0', '--out', out, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(JSON.parse(r.stdout).scenario.name).toBe('Weihai typhoon drill');
  });
});
