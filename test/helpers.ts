/** Shared helpers for the tests: read a reference table, build a run spec, run the CLI. */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunSpec } from '../src/engine/spec.js';
import { compileScenario } from '../src/scenario/compile.js';
import { metricNames } from '../src/engine/layout.js';
import { hazardModule } from '../src/hazard/registry.js';
import type { HazardConfig } from '../src/hazard/types.js';
import { newImpactBuffer } from '../src/impact/types.js';
import type { IntensityField } from '../src/intensity/types.js';
import type { Region } from '../src/region/types.js';

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

/** The impact step for one event, as the kernel runs it: the hazard's impact model on an intensity field. */
export function impactsOf(region: Region, config: HazardConfig, field: IntensityField): { impacts: Float64Array; metric: (name: string) => number } {
  const names = metricNames();
  const metrics = new Float64Array(names.length);
  const impacts = newImpactBuffer(region.n);
  hazardModule(config.type).createImpact(region, config, (name) => names.indexOf(name)).write(field, impacts, metrics);
  return { impacts, metric: (name) => metrics[names.indexOf(name)] };
}

/** xorshift32: a small reproducible uniform stream in [0, 1) for tests (seed 0 is taken as 1). */
export function xorshift32(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 4294967296;
  };
}
