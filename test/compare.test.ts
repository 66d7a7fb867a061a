import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, sim, tmp } from './helpers.js';

/** sim compare (issue 5): common random numbers, paired differences, bad plans. */
const dir = tmp('sim-compare-');
cpSync(join(ROOT, 'datasets'), join(dir, 'datasets'), { recursive: true });
cpSync(join(ROOT, 'plans'), join(dir, 'plans'), { recursive: true });
writeFileSync(join(dir, 'typhoon.yaml'), 'name: compare test\nregion: datasets/weihai\ntrials: 20000\nseed: 11\nhazards:\n  - type: typhoon\n    chain: { flood: {} }\n');
const current = readFileSync(join(ROOT, 'plans', 'weihai-current.yaml'), 'utf8');
writeFileSync(join(dir, 'plans-twice.yaml'), current.replace(/^plan: .*$/m, 'plan: current again'));

function compare(args: string[], out: string) {
  const r = sim(['compare', '--scenario', 'typhoon.yaml', ...args, '--out', out, '--quiet'], dir);
  return { ...r, json: r.status === 0 ? JSON.parse(readFileSync(join(out, 'comparison.json'), 'utf8')) : undefined };
}

describe('sim compare', () => {
  const out = join(dir, 'out-main');
  const r = compare(['plans/weihai-current.yaml', 'plans-twice.yaml', 'plans/weihai-more-county.yaml', 'plans/weihai-more-village.yaml', '--workers', '2'], out);

  it('writes comparison.json, .csv and .md', () => {
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(join(out, 'comparison.csv'), 'utf8')).toMatch(/^\uFEFFrank,plan,file,added_one_off_cny,added_annual_cny,total_annual_cny,/);
    expect(readFileSync(join(out, 'comparison.md'), 'utf8')).toMatch(/## 费用与短缺/);
    expect(r.json.baseline).toBe('current holdings (illustrative)');
    expect(r.json.plans).toHaveLength(4);
  });

  it('the same plan twice gives paired differences of exactly zero', () => {
    const twice = r.json.plans.find((p: { name: string }) => p.name === 'current again');
    for (const [k, d] of Object.entries(twice.vsBaseline) as [string, { mean: number; se: number }][]) {
      expect(d.mean, k).toBe(0);
      expect(d.se, k).toBe(0);
    }
    expect(twice.cost.total).toEqual(r.json.plans[0].cost.total);
    // the current holdings add nothing over themselves
    expect(twice.cost.added).toEqual({ oneOff: 0, annual: 0 });
  });

  it('a plan that adds stock never has more expected unmet demand', () => {
    for (const name of ['more county stock', 'more village stock']) {
      const p = r.json.plans.find((x: { name: string }) => x.name === name);
      for (const [k, d] of Object.entries(p.vsBaseline) as [string, { mean: number }][]) {
        if (k.startsWith('unmet') || k === 'pAnyShortfall' || k === 'pPhase1Shortfall') expect(d.mean, `${name}: ${k}`).toBeLessThanOrEqual(0);
      }
      // costed as what it adds over the current holdings
      expect(p.cost.added.oneOff).toBeGreaterThan(0);
      expect(p.cost.added.annual).toBeGreaterThan(0);
      expect(p.cost.total.annual).toBeCloseTo(r.json.plans[0].cost.total.annual + p.cost.added.annual, 4);
      // and here the extra stock helps, beyond Monte Carlo noise
      expect(p.vsBaseline.pAnyShortfall.distinguishable).toBe(true);
    }
  });

  it('is identical at 1 and 2 workers', () => {
    const one = compare(['plans/weihai-current.yaml', 'plans-twice.yaml', 'plans/weihai-more-county.yaml', 'plans/weihai-more-village.yaml', '--workers', '1'], join(dir, 'out-w1'));
    expect(one.status).toBe(0);
    const strip = (j: Record<string, unknown>) => JSON.stringify({ ...j, engine: undefined });
    expect(strip(one.json)).toBe(strip(r.json));
    expect(readFileSync(join(dir, 'out-w1', 'comparison.csv'), 'utf8')).toBe(readFileSync(join(out, 'comparison.csv'), 'utf8'));
  });

  it('takes a folder of plans and a --baseline', () => {
    const f = compare(['plans', '--baseline', 'more county stock'], join(dir, 'out-folder'));
    expect(f.status).toBe(0);
    expect(f.json.baseline).toBe('more county stock');
    expect(f.json.plans.map((p: { name: string }) => p.name).sort()).toEqual(['current holdings (illustrative)', 'more county stock', 'more village stock']);
  });

  it("reads the plan.yaml that sim run writes", () => {
    writeFileSync(join(dir, 'size.yaml'), readFileSync(join(dir, 'typhoon.yaml'), 'utf8') + 'optimize:\n  reliability: 0.9\n  problems: [stockpiles]\n');
    const run = sim(['run', 'size.yaml', '--trials', '5000', '--out', join(dir, 'out-size'), '--quiet'], dir);
    expect(run.status).toBe(0);
    const c = compare(['plans/weihai-current.yaml', join(dir, 'out-size', 'plan.yaml'), '--trials', '5000'], join(dir, 'out-lp'));
    expect(c.stderr).toBe('');
    expect(c.status).toBe(0);
  });
});

describe('sim compare: bad plans exit 2 naming the plan file, line and field; nothing is evaluated', () => {
  const cases: [string, (s: string) => string, RegExp][] = [
    ['unknown depot', (s) => s.replace('D-CTY-371002:', 'D-NOWHERE:'), /bad\.yaml:\d+:\d+: stock\.D-NOWHERE: expected a depot of Weihai/],
    ['unknown item', (s) => s.replace(/^(    )tent: 558$/m, '$1tents: 558'), /bad\.yaml:\d+:\d+: stock\.D-CTY-371002\.tents: expected an item of the catalogue/],
    ['negative quantity', (s) => s.replace(/^(    )quilt: 2231$/m, '$1quilt: -2231'), /bad\.yaml:\d+:\d+: stock\.D-CTY-371002\.quilt: expected a quantity ≥ 0, found -2231/],
    ['unknown township', (s) => s.replace(/^(    )"371002003000": 1$/m, '$1"371099001000": 1'), /bad\.yaml:\d+:\d+: teams\.township\.371099001000: expected a township code of Weihai/],
    ['another region', (s) => s.replace('region: Weihai', 'region: Yueyang County'), /bad\.yaml:4:9: region: expected a plan for region "Weihai".*found "Yueyang County"/],
  ];
  for (const [name, edit, pattern] of cases) {
    it(name, () => {
      const text = edit(current);
      expect(text).not.toBe(current);
      writeFileSync(join(dir, 'bad.yaml'), text);
      const out = join(dir, `out-bad-${name.replace(/\W/g, '')}`);
      const r = compare(['plans/weihai-more-county.yaml', 'bad.yaml'], out);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(pattern);
      expect(existsSync(out)).toBe(false);
    });
  }
});
