/**
 * Hostile region datasets (issue 11): each case of test/hostile/region/cases.ts edits a fresh copy
 * of datasets/yueyang and runs `sim run` on a small flood scenario. Every one must exit 2 with one
 * line on stderr naming the file, its line (and field), what was expected and what was found:
 * never a stack trace, never exit 0 or 1, and no outputs.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, SIM, spawn, tmp, type CliResult } from './helpers.js';
import { CASES } from './hostile/region/cases.js';

const base = tmp('sim-hostile-region-');
let serial = 0;

const SCENARIO = `name: hostile region
region: datasets/yueyang
trials: 50
seed: 1
hazards:
  - type: flood
    mode: annual
    parameters:
      floodPlainShareInland: 0.20
`;

/** A fresh copy of Yueyang (items.csv beside it, as in datasets/) with its scenario; returns the case folder. */
function freshCopy(): string {
  const dir = join(base, `case-${++serial}`);
  mkdirSync(join(dir, 'datasets'), { recursive: true });
  cpSync(join(ROOT, 'datasets', 'yueyang'), join(dir, 'datasets', 'yueyang'), { recursive: true });
  cpSync(join(ROOT, 'datasets', 'items.csv'), join(dir, 'datasets', 'items.csv'));
  writeFileSync(join(dir, 'scenario.yaml'), SCENARIO);
  return dir;
}

/** `sim run` on the case's scenario, as a child process (the cases run a few at a time). */
async function run(dir: string): Promise<{ out: string; r: CliResult }> {
  const out = join(dir, 'out');
  const child = spawn(process.execPath, [SIM, 'run', join(dir, 'scenario.yaml'), '--workers', '0', '--out', out, '--quiet'], { cwd: ROOT });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const status = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  return { out, r: { status, stdout, stderr } };
}

describe.concurrent('hostile region datasets', () => {
  it('the corpus has 50+ distinct cases', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(50);
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it('the unedited copy runs (control)', async () => {
    const { out, r } = await run(freshCopy());
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
  });

  it('CRLF line endings and a UTF-8 byte-order mark are fine (Excel "CSV UTF-8")', async () => {
    const dir = freshCopy();
    const f = join(dir, 'datasets', 'yueyang', 'townships.csv');
    writeFileSync(f, '\uFEFF' + readFileSync(f, 'utf8').replace(/\n/g, '\r\n'));
    const { r } = await run(dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('free-text columns (note, x_…) are allowed in any table', async () => {
    const dir = freshCopy();
    const f = join(dir, 'datasets', 'yueyang', 'townships.csv');
    const lines = readFileSync(f, 'utf8').trimEnd().split('\n');
    writeFileSync(f, lines.map((l, i) => `${l},${i === 0 ? 'note,x_survey' : '"checked, 2024",'}`).join('\n') + '\n');
    const { r } = await run(dir);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const dir = freshCopy();
      const line = c.edit(join(dir, 'datasets', 'yueyang')) ?? 0;
      const { out, r } = await run(dir);
      expect(r.status, r.stderr).toBe(2);
      const lines = r.stderr.trimEnd().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.stderr).toMatch(c.expect(line));
      expect(existsSync(out)).toBe(false);
    });
  }
});
