import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMAND_PARAMS } from '../src/demand/params.js';
import { RESCUE_PARAMS } from '../src/demand/rescue.js';
import { hazardModule, hazardTypes } from '../src/hazard/registry.js';
import { PLAN_PARAMS } from '../src/plan/params.js';
import type { ParamTable } from '../src/core/params.js';
import { ROOT, SIM, tmp } from './helpers.js';

/**
 * Hostile input (issue 11) through the command line: every file of test/hostile/scenario/ (a
 * scenario, or with a "# run: compare" line a plan file compared on _base.yml) and every flag case
 * must exit 2 with exactly one line on stderr, no stack trace, no outputs, naming the file (or the
 * flag) and matching the "# expect: <regex>" on the file's first line.
 */
const CORPUS = join(ROOT, 'test', 'hostile', 'scenario');
const CORPUS_REL = 'test/hostile/scenario';
const BASE = `${CORPUS_REL}/_base.yml`;
const out = tmp('sim-hostile-');

interface Case {
  name: string;
  args: string[];
  expect: RegExp;
  /** What the message must name: the file's base name or the flag. */
  names: string;
}

interface Result {
  status: number | null;
  stderr: string;
  stdout: string;
  outDir: string;
}

function header(file: string): { expect: RegExp; compare: boolean; ownTrials: boolean } {
  const text = readFileSync(file).toString('latin1').replace(/^\xef\xbb\xbf/, '');
  const lines = text.split('\n');
  const m = /^# expect: (.*)$/.exec(lines[0]);
  if (!m) throw new Error(`${file}: first line must be "# expect: <regex>"`);
  // the regex is UTF-8 text: decode it again from the raw bytes
  const re = Buffer.from(m[1], 'latin1').toString('utf8');
  return { expect: new RegExp(re), compare: lines[1]?.startsWith('# run: compare') ?? false, ownTrials: lines[1]?.startsWith('# run: own-trials') ?? false };
}

const files = readdirSync(CORPUS)
  .filter((f) => f.endsWith('.yaml') && !f.startsWith('_'))
  .sort();

const fileCases: Case[] = files.map((f) => {
  const h = header(join(CORPUS, f));
  const rel = `${CORPUS_REL}/${f}`;
  return {
    name: f,
    // "# run: own-trials": the file's own trials: is the case, so --trials must not override it
    args: h.compare ? ['compare', '--scenario', BASE, rel, '--trials', '50', '--workers', '0'] : ['run', rel, ...(h.ownTrials ? [] : ['--trials', '50']), '--workers', '0'],
    expect: h.expect,
    names: f,
  };
});

const GOOD = `${CORPUS_REL}/_base.yml`;
const flag = (name: string, args: string[], expect: RegExp, names: string): Case => ({ name: `flags: ${name}`, args, expect, names });
const flagCases: Case[] = [
  flag('--trials abc', ['run', GOOD, '--trials', 'abc'], /^sim: --trials: expected a whole number of trials from 1 to 100,000,000, found "abc"$/, '--trials'),
  flag('--trials 1e12', ['run', GOOD, '--trials', '1e12'], /^sim: --trials: expected a whole number of trials ≤ 100,000,000, found "1e12"$/, '--trials'),
  flag('--trials 100000001', ['run', GOOD, '--trials', '100000001'], /^sim: --trials: expected a whole number of trials ≤ 100,000,000, found "100000001"$/, '--trials'),
  flag('--trials 0', ['run', GOOD, '--trials', '0'], /^sim: --trials: expected a whole number of trials > 0, found "0"$/, '--trials'),
  flag('--trials 12.5', ['run', GOOD, '--trials', '12.5'], /^sim: --trials: expected a whole number of trials from 1 to 100,000,000, found "12\.5"$/, '--trials'),
  flag('--trials 0x10', ['run', GOOD, '--trials', '0x10'], /^sim: --trials: expected a whole number of trials from 1 to 100,000,000, found "0x10"$/, '--trials'),
  flag('--trials=', ['run', GOOD, '--trials='], /^sim: --trials: expected a whole number of trials from 1 to 100,000,000, found an empty value$/, '--trials'),
  flag('--trials without a value', ['run', GOOD, '--trials'], /^sim: --trials: expected a whole number of trials \(1 to 100,000,000\) after the flag, found nothing/, '--trials'),
  flag('--trials twice', ['run', GOOD, '--trials', '5', '--trials', '6'], /^sim: --trials: expected .*given once, found 2 values: "5", "6"$/, '--trials'),
  flag('--workers 128', ['run', GOOD, '--workers', '128'], /^sim: --workers: expected a whole number of worker threads from 0 to \d+ \(0 = run in the main thread; at most twice this machine's cores, at least 8, never above 64\), found "128"$/, '--workers'),
  flag('--workers 256', ['run', GOOD, '--workers', '256'], /^sim: --workers: expected a whole number of worker threads from 0 to \d+ .*found "256"$/, '--workers'),
  flag('--workers -1', ['run', GOOD, '--workers', '-1'], /^sim: --workers: expected .*found "-1"$/, '--workers'),
  flag('--workers 1.5', ['run', GOOD, '--workers', '1.5'], /^sim: --workers: expected .*found "1\.5"$/, '--workers'),
  flag('--workers without a value', ['run', GOOD, '--workers'], /^sim: --workers: expected a number of worker threads .*after the flag, found nothing/, '--workers'),
  flag('--seed empty', ['run', GOOD, '--seed', ''], /^sim: --seed: expected a seed .*found an empty value$/, '--seed'),
  flag('--seed without a value', ['run', GOOD, '--seed'], /^sim: --seed: expected a seed \(an integer or text\) after the flag, found nothing/, '--seed'),
  flag('--seed with a control character', ['run', GOOD, '--seed', 'a\u001bb'], /^sim: --seed: expected a seed .*found the control character U\+001B at character 2$/, '--seed'),
  flag('--seed too long', ['run', GOOD, '--seed', 'x'.repeat(300)], /^sim: --seed: expected a seed .*found 300 characters$/, '--seed'),
  flag('--out without a value', ['run', GOOD, '--out'], /^sim: --out: expected an output folder after the flag, found nothing/, '--out'),
  flag('unknown option', ['run', GOOD, '--trails', '5'], /^sim: --trails: unknown option; expected one of: --trials, --seed, --workers, --out, --quiet, --json, --lang, --event-tables, --shard, --checkpoint, --checkpoint-every, --resume, --help/, '--trails'),
  flag('extra argument', ['run', GOOD, 'second.yaml'], /^sim: run: expected one scenario file, found an extra argument "second\.yaml"/, 'run'),
  flag('no scenario', ['run'], /^sim: sim run: expected a scenario file \(sim run <scenario\.yaml>\), found none/, 'sim run'),
  flag('unknown command', ['simulate', GOOD], /^sim: simulate: unknown command; expected one of: run, compare, merge, plan, evaluate, backtest/, 'simulate'),
  flag('compare without --scenario', ['compare', 'plans/weihai-current.yaml'], /^sim: sim compare: expected --scenario <a scenario file>, found none/, '--scenario'),
  flag('compare without plans', ['compare', '--scenario', GOOD], /^sim: sim compare: expected plan files or folders/, 'sim compare'),
  flag('backtest --trials abc', ['backtest', '--trials', 'abc'], /^sim: --trials: expected a whole number of trials from 1 to 100,000,000, found "abc"$/, '--trials'),
  flag('scenario not found', ['run', `${CORPUS_REL}/nope.yaml`], /nope\.yaml: scenario file not found/, 'nope.yaml'),
  flag('scenario is a folder', ['run', CORPUS_REL], /scenario: expected scenario file \(a file\), found a directory/, 'scenario'),
];

/** Generated here rather than stored: a 1.5 MiB file and a 100,000-deep nesting. */
function generatedCases(): Case[] {
  const head = 'name: hostile\nregion: ../datasets/weihai\ntrials: 50\nseed: 1\nhazards:\n  - type: typhoon\n';
  const big = join(out, 'big.yaml');
  writeFileSync(big, head + `description: "${'x'.repeat(1.5 * 1024 * 1024)}"\n`);
  const deep = join(out, 'deep.yaml');
  writeFileSync(deep, head + '    parameters: ' + '['.repeat(100_000) + ']'.repeat(100_000) + '\n');
  const deepBlock = join(out, 'deep-block.yaml');
  writeFileSync(deepBlock, head + '    parameters:\n      ' + '- '.repeat(5000) + '1\n');
  return [
    { name: 'generated: 1.5 MiB scenario', args: ['run', big], expect: /big\.yaml: expected a scenario file of at most 1\.0 MiB \(1048576 bytes\), found 1\.5 MiB/, names: 'big.yaml' },
    { name: 'generated: 100,000-deep nesting', args: ['run', deep], expect: /deep\.yaml:7:\d+: expected a scenario file made of plain mappings, lists and values, found nesting deeper than 32 levels/, names: 'deep.yaml' },
    { name: 'generated: 5,000 nested block lists', args: ['run', deepBlock], expect: /deep-block\.yaml(:\d+:\d+)?: expected a scenario file made of plain mappings, lists and values, found nesting deeper than 32 levels/, names: 'deep-block.yaml' },
  ];
}

let runs = 0;

function runCli(c: Case): Promise<Result> {
  const outDir = join(out, `out-${runs++}`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SIM, ...c.args, ...(c.args[0] === 'validate' ? [] : ['--out', outDir]), '--quiet'], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stderr, stdout, outDir }));
  });
}

/** Run every case, a few processes at a time. */
async function runAll(cases: Case[], parallel = 4): Promise<Result[]> {
  const results: Result[] = new Array(cases.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < cases.length) {
        const i = next++;
        results[i] = await runCli(cases[i]);
      }
    }),
  );
  return results;
}

let results: Result[] = [];

describe('hostile scenario, plan and flag input: exit 2, one line naming the place, no stack trace, no outputs', () => {
  const cases = [...fileCases, ...flagCases];
  beforeAll(async () => {
    cases.push(...generatedCases());
    results = await runAll(cases);
  }, 600_000); // 160 processes; slow when the machine is loaded, never a hang (each has its own timeout)

  it('the corpus holds 60 or more file cases', () => expect(fileCases.length).toBeGreaterThanOrEqual(60));

  it('the base scenario the plan cases use is valid', async () => {
    const [r] = await runAll([{ name: 'base', args: ['run', BASE, '--trials', '50', '--workers', '0'], expect: /^$/, names: '' }]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  for (const [i, c] of [...fileCases, ...flagCases].entries()) {
    it(c.name, () => check(c, results[i]));
  }
  it('generated cases (size and nesting limits)', () => {
    const n = fileCases.length + flagCases.length;
    for (let i = n; i < cases.length; i++) check(cases[i], results[i]);
  });
});

/**
 * `sim validate` makes every check a run makes, with the same messages (issue 12): each hostile
 * scenario file (not the plan files, which validate does not take) is refused by validate with the
 * message the run gave, byte for byte.
 */
describe('sim validate refuses every hostile scenario file with the message sim run gives', () => {
  const scenarioCases = fileCases.filter((c) => c.args[0] === 'run');
  let validated: Result[] = [];
  beforeAll(async () => {
    validated = await runAll(scenarioCases.map((c) => ({ ...c, args: ['validate', ...c.args.slice(1).filter((a, i, all) => a !== '--workers' && all[i - 1] !== '--workers')] })));
  }, 600_000);

  it('covers the scenario files of the corpus', () => expect(scenarioCases.length).toBeGreaterThanOrEqual(60));
  for (const [i, c] of scenarioCases.entries()) {
    it(`validate: ${c.name}`, () => {
      const run = results[fileCases.indexOf(c)];
      const v = validated[i];
      expect(v.status, v.stderr).toBe(2);
      expect(v.stdout).toBe('');
      expect(v.stderr).toBe(run.stderr);
    });
  }
});

function check(c: Case, r: Result): void {
  expect(r, `${c.name} did not run`).toBeDefined();
  expect(r.status, `${c.name}: ${r.stderr}`).toBe(2);
  expect(r.stdout).toBe('');
  const msg = r.stderr.replace(/\n$/, '');
  expect(msg.split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).not.toMatch(/^\s+at .*[(:]\d+/m); // no stack frame
  expect(r.stderr).not.toMatch(/internal error/);
  expect(msg).toContain(c.names);
  expect(msg).toMatch(c.expect);
  expect(existsSync(r.outDir)).toBe(false);
}

describe('every model parameter has a documented range', () => {
  const tables: [string, ParamTable][] = [
    ...hazardTypes().map((t) => [t, hazardModule(t).params] as [string, ParamTable]),
    ['demand', DEMAND_PARAMS],
    ['rescue', RESCUE_PARAMS],
    ['optimize', PLAN_PARAMS],
  ];
  for (const [name, table] of tables) {
    it(`${name}: min and max on every parameter, defaults inside them`, () => {
      for (const [k, spec] of Object.entries(table)) {
        expect(spec.min, `${name}.${k}.min`).toBeTypeOf('number');
        expect(spec.max, `${name}.${k}.max`).toBeTypeOf('number');
        expect(Number.isFinite(spec.max), `${name}.${k}.max is finite`).toBe(true);
        const values = spec.value === undefined ? [] : Array.isArray(spec.value) ? spec.value : [spec.value];
        for (const v of values) {
          expect(spec.minExclusive ? v > spec.min! : v >= spec.min!, `${name}.${k} default ${v} ≥ min ${spec.min}`).toBe(true);
          expect(v <= spec.max!, `${name}.${k} default ${v} ≤ max ${spec.max}`).toBe(true);
        }
      }
    });
  }
});
