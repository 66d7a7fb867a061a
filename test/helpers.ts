/** Shared helpers for the tests: read a reference table, build a run spec, run the CLI. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunSpec } from '../src/engine/spec.js';
import { compileScenario } from '../src/scenario/compile.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SIM = join(ROOT, 'bin', 'sim.js');

/** Rows of a reference table in test/tables (a copy of shared/reference/tables; first line is its source). */
export function referenceTable(name: string): Record<string, string>[] {
  const lines = readFileSync(join(ROOT, 'test', 'tables', name), 'utf8')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '' && !l.startsWith('#'));
  const header = lines[0].split(',');
  return lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [header[i], v])));
}

export function tmp(prefix = 'sim-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function specFromScenario(file: string, overrides: { trials?: number; seed?: string } = {}): RunSpec {
  return compileScenario(file, overrides).spec;
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function sim(args: string[], cwd = ROOT): CliResult {
  const r = spawnSync(process.execPath, [SIM, ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export { spawn };
