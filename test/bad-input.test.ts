import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, sim, spawn, SIM, tmp } from './helpers.js';

/**
 * Bad input: exit code 2, one clear message naming the file, line (and column)
 * or row and field, what was expected and what was found; no output files.
 */
const dir = tmp('sim-bad-');
cpSync(join(ROOT, 'datasets'), join(dir, 'datasets'), { recursive: true });
const GOOD = `name: bad input test
region: datasets/weihai
trials: 50
seed: 1
hazards:
  - type: typhoon
    mode: annual
`;

function scenario(name: string, text: string): string {
  const f = join(dir, name);
  writeFileSync(f, text);
  return name;
}

/** A copy of the Weihai dataset with one change to townships.csv. */
function dataset(name: string, edit: (rows: string[][]) => void): string {
  const d = join(dir, 'datasets', name);
  cpSync(join(ROOT, 'datasets', 'weihai'), d, { recursive: true });
  const rows = readFileSync(join(d, 'townships.csv'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(','));
  edit(rows);
  writeFileSync(join(d, 'townships.csv'), rows.map((r) => r.join(',')).join('\n') + '\n');
  return scenario(`${name}.yaml`, GOOD.replace('datasets/weihai', `datasets/${name}`));
}

function col(rows: string[][], name: string): number {
  return rows[0].indexOf(name);
}

function expectRejected(args: string[], ...patterns: RegExp[]): void {
  const out = join(dir, `out-${Math.random().toString(36).slice(2)}`);
  const r = sim([...args, '--out', out, '--quiet'], dir);
  expect(r.status, r.stderr).toBe(2);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  for (const p of patterns) expect(r.stderr).toMatch(p);
  expect(existsSync(out)).toBe(false);
}

describe('bad input exits 2 with one clear message and no outputs', () => {
  it('the good scenario runs (control)', () => {
    const out = join(dir, 'out-good');
    const r = sim(['run', scenario('good.yaml', GOOD), '--out', out, '--quiet'], dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['depots.geojson', 'ep.csv', 'report.html', 'report.md', 'summary.json', 'townships.csv', 'townships.geojson']);
  });

  it('missing scenario file', () => expectRejected(['run', 'nope.yaml'], /nope\.yaml: scenario file not found/));

  it('missing dataset folder', () =>
    expectRejected(['run', scenario('noregion.yaml', GOOD.replace('datasets/weihai', 'datasets/atlantis'))], /noregion\.yaml:2:9: region: expected a region dataset folder/, /atlantis/));

  it('missing dataset file', () => {
    const d = join(dir, 'datasets', 'empty');
    cpSync(join(ROOT, 'datasets', 'weihai', 'region.yaml'), join(d, 'region.yaml'), { recursive: true });
    expectRejected(['run', scenario('empty.yaml', GOOD.replace('datasets/weihai', 'datasets/empty'))], /townships\.csv: township table not found/);
  });

  it('YAML syntax error', () =>
    expectRejected(['run', scenario('syntax.yaml', GOOD + '    parameters: { rate: [0.3 }\n')], /syntax\.yaml:8:\d+: YAML syntax error/));

  it('unknown hazard type', () =>
    expectRejected(['run', scenario('type.yaml', GOOD.replace('type: typhoon', 'type: tsunami'))], /type\.yaml:6:11: hazards\[0\]\.type: expected a hazard type \(one of: typhoon, earthquake, fire, flood\), found "tsunami"/));

  it('unknown parameter name', () =>
    expectRejected(['run', scenario('param.yaml', GOOD + '    parameters:\n      rate: 0.3\n      raet: 2\n')], /param\.yaml:10:\d+: hazards\[0\]\.parameters\.raet: unknown parameter "raet"/));

  it('parameter out of range', () =>
    expectRejected(['run', scenario('range.yaml', GOOD + '    parameters:\n      rate: -0.3\n')], /range\.yaml:9:\d+: hazards\[0\]\.parameters\.rate: expected a number ≥ 0/, /found -0\.3/));

  it('trials ≤ 0', () => expectRejected(['run', scenario('t0.yaml', GOOD.replace('trials: 50', 'trials: 0'))], /t0\.yaml:3:9: trials: expected a whole number of trials/, /found 0/));

  it('trials not an integer', () => expectRejected(['run', scenario('t1.yaml', GOOD.replace('trials: 50', 'trials: 12.5'))], /t1\.yaml:3:9: trials: expected a whole number/, /found 12\.5/));

  it('--trials not a positive integer', () => expectRejected(['run', scenario('g2.yaml', GOOD), '--trials', '-3'], /--trials: expected a whole number of trials > 0, found "-3"/));

  it('non-numeric population, with its CSV line', () =>
    expectRejected(['run', dataset('popnan', (r) => (r[5][col(r, 'population')] = 'many'))], /popnan\/townships\.csv:6: field "population": expected a population \(number ≥ 0\), found "many"/));

  it('negative population, with its CSV line', () =>
    expectRejected(['run', dataset('popneg', (r) => (r[8][col(r, 'population')] = '-120'))], /popneg\/townships\.csv:9: field "population": expected a population \(number ≥ 0\), found "-120"/));

  it('missing required column', () =>
    expectRejected(
      [
        'run',
        dataset('nocol', (rows) => {
          const c = col(rows, 'lat');
          for (const r of rows) r.splice(c, 1);
        }),
      ],
      /nocol\/townships\.csv: missing required column "lat"/,
    ));

  it('latitude out of range', () =>
    expectRejected(['run', dataset('lat', (r) => (r[3][col(r, 'lat')] = '137.5'))], /lat\/townships\.csv:4: field "lat": expected a latitude in degrees within \[-90, 90\], found "137\.5"/));

  it('longitude out of range', () =>
    expectRejected(['run', dataset('lon', (r) => (r[3][col(r, 'lon')] = '-222'))], /lon\/townships\.csv:4: field "lon": expected a longitude in degrees within \[-180, 180\], found "-222"/));

  it('duplicate township code', () =>
    expectRejected(['run', dataset('dup', (r) => (r[10][col(r, 'code')] = r[2][col(r, 'code')]))], /dup\/townships\.csv:11: field "code": expected a unique township code, found 371002002000 again \(first at line 3\)/));

  it('--out pointing at an existing file is refused', () => {
    const f = join(dir, 'a-file.txt');
    writeFileSync(f, 'keep me');
    const r = sim(['run', scenario('g3.yaml', GOOD), '--out', f, '--quiet'], dir);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--out .*a-file\.txt: expected a folder for the outputs, found an existing file/);
    expect(readFileSync(f, 'utf8')).toBe('keep me');
  });

  it('Ctrl-C leaves no half-written files', async () => {
    const out = join(dir, 'out-interrupted');
    const child = spawn(process.execPath, [SIM, 'run', scenario('long.yaml', GOOD.replace('trials: 50', 'trials: 50000000')), '--out', out, '--workers', '1'], {
      cwd: dir,
      env: { ...process.env, SIM_READY_LINE: '1' },
    });
    let stderr = '';
    // interrupt once the run says it is simulating (a readiness signal, not a fixed sleep: the machine may be busy)
    await new Promise<void>((ready) =>
      child.stderr.on('data', (d: Buffer) => {
        stderr += d.toString();
        if (stderr.includes('sim: simulating')) ready();
      }),
    );
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(130);
    expect(stderr).toMatch(/^sim: simulating\n\nsim: interrupted; no outputs written\n$/);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});
