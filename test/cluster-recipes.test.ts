/**
 * The cluster recipes of docs/cluster.md: the Slurm array script (bash syntax; the shard i/N it
 * derives from Slurm's array variables; the sim command line of each phase, run against a stand-in
 * sim) and the Kubernetes manifest (the Kubernetes API schema through kubernetes-models: its ajv
 * validators for types, enums and formats, and its TypeScript types for unknown fields; plus the
 * recipe's own rules: Indexed Jobs of SHARDS completions, restartPolicy Never, the shared volume,
 * shell that parses). scripts/slurm-smoke.sh runs the Slurm recipe for real (it needs root and
 * installs Slurm, so it is not run here).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SBATCH = join(ROOT, 'scripts/cluster/sim-array.sbatch');
const SMOKE = join(ROOT, 'scripts/slurm-smoke.sh');
const MANIFEST = join(ROOT, 'scripts/cluster/k8s-indexed-job.yaml');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = any;

// The Kubernetes API schema, as published in kubernetes-models (generated from Kubernetes' OpenAPI):
// a devDependency; without it those two tests are skipped.
const models: Record<string, [string, string]> = {
  Job: ['IJob', 'kubernetes-models/batch/v1/Job'],
  ConfigMap: ['IConfigMap', 'kubernetes-models/v1/ConfigMap'],
  PersistentVolumeClaim: ['IPersistentVolumeClaim', 'kubernetes-models/v1/PersistentVolumeClaim'],
};
let haveModels = true;
try {
  await import(models.Job[1]);
} catch {
  haveModels = false;
}

describe('Slurm recipe: scripts/cluster/sim-array.sbatch', () => {
  it('the sbatch script and the smoke test are valid bash', () => {
    for (const f of [SBATCH, SMOKE]) {
      const r = spawnSync('bash', ['-n', f], { encoding: 'utf8' });
      expect(r.status, `${f}: ${r.stderr}`).toBe(0);
    }
  });

  it('asks Slurm for one CPU per task and leaves --array to the command line', () => {
    const directives = readFileSync(SBATCH, 'utf8').split('\n').filter((l) => l.startsWith('#SBATCH'));
    expect(directives.some((l) => /--cpus-per-task=\d+/.test(l))).toBe(true);
    expect(directives.some((l) => /--mem=/.test(l))).toBe(true);
    expect(directives.some((l) => /--time=/.test(l))).toBe(true);
    expect(directives.some((l) => /--array/.test(l))).toBe(false);
  });

  // A stand-in sim: prints the arguments it was given, as JSON.
  const fake = mkdtempSync(join(tmpdir(), 'sim-fake-'));
  mkdirSync(join(fake, 'bin'));
  writeFileSync(join(fake, 'bin', 'sim.js'), 'console.log(JSON.stringify(process.argv.slice(2)));\n');

  function task(args: string[], env: Record<string, string>) {
    const r = spawnSync('bash', [SBATCH, ...args], {
      encoding: 'utf8',
      // only what Slurm would set: none of the test's own environment leaks in
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', SIM_REPO: fake, ...env },
    });
    return { status: r.status, argv: r.status === 0 ? (JSON.parse(r.stdout) as string[]) : [], stderr: r.stderr };
  }
  const array = (id: number, min: number, count: number, step = 1) => ({
    SLURM_ARRAY_TASK_ID: String(id),
    SLURM_ARRAY_TASK_MIN: String(min),
    SLURM_ARRAY_TASK_MAX: String(min + (count - 1) * step),
    SLURM_ARRAY_TASK_STEP: String(step),
    SLURM_ARRAY_TASK_COUNT: String(count),
  });

  it('simulate: shard i/N from the array task, the rest passed to sim run', () => {
    const r = task(['simulate', '/shared/parts', '/shared/sim/scenarios/flood.yaml', '--trials', '1000'], {
      ...array(2, 0, 4),
      SLURM_CPUS_PER_TASK: '2',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.argv).toEqual([
      'run', '/shared/sim/scenarios/flood.yaml', '--shard', '2/4', '--out', '/shared/parts', '--workers', '2', '--trials', '1000',
    ]);
  });

  it('arrays not starting at 0, and with a step, still give shards 0 … N-1', () => {
    expect(task(['simulate', '/p', 's.yaml'], array(1, 1, 4)).argv).toContain('0/4');
    expect(task(['simulate', '/p', 's.yaml'], array(16, 1, 16)).argv).toContain('15/16');
    expect(task(['simulate', '/p', 's.yaml'], array(7, 1, 4, 2)).argv).toContain('3/4');
  });

  it('SIM_SHARDS: rerunning one failed index (--array=5) keeps its place among the N shards', () => {
    const r = task(['simulate', '/p', 's.yaml'], { ...array(5, 5, 1), SIM_SHARDS: '16' });
    expect(r.argv).toContain('5/16');
    const based = task(['simulate', '/p', 's.yaml'], { ...array(6, 6, 1), SIM_SHARDS: '16', SIM_SHARD_BASE: '1' });
    expect(based.argv).toContain('5/16');
  });

  it('refuses a shard outside 0 … N-1 and an array step it cannot place', () => {
    const out = task(['simulate', '/p', 's.yaml'], { ...array(20, 20, 1), SIM_SHARDS: '16' });
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/shard 20 is outside 0\.\.15/);
    const off = task(['simulate', '/p', 's.yaml'], { ...array(4, 1, 4, 2) });
    expect(off.status).toBe(2);
    expect(off.stderr).toMatch(/not on the array's step/);
  });

  it('an array phase without an array is refused; merge and plan run as single tasks', () => {
    const none = task(['simulate', '/p', 's.yaml'], {});
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/job array/);
    expect(task(['merge', '/p', '/out'], {}).argv).toEqual(['merge', '/p', '--out', '/out']);
    expect(task(['plan', '/m/simulation.simpart', '/plan'], { SLURM_CPUS_PER_TASK: '4' }).argv).toEqual([
      'plan', '/m/simulation.simpart', '--out', '/plan', '--workers', '4',
    ]);
  });

  it('evaluate and compare: the shard and the parts folder added to their own arguments; phase from SIM_PHASE', () => {
    expect(task(['evaluate', '/parts', '/plan/sizing.simplan'], array(3, 0, 8)).argv).toEqual([
      'evaluate', '--plan', '/plan/sizing.simplan', '--shard', '3/8', '--out', '/parts', '--workers', '1',
    ]);
    expect(task(['/parts', '--scenario', 's.yaml', 'a.yaml', 'b.yaml'], { ...array(0, 0, 2), SIM_PHASE: 'compare' }).argv).toEqual([
      'compare', '--scenario', 's.yaml', 'a.yaml', 'b.yaml', '--shard', '0/2', '--out', '/parts', '--workers', '1',
    ]);
    expect(task(['bogus'], {}).status).toBe(2);
  });
});

describe('Kubernetes recipe: scripts/cluster/k8s-indexed-job.yaml', () => {
  const docs: Obj[] = parseAllDocuments(readFileSync(MANIFEST, 'utf8')).map((d) => {
    expect(d.errors).toEqual([]);
    return d.toJS();
  });
  const jobs = docs.filter((d) => d.kind === 'Job');
  const config = docs.find((d) => d.kind === 'ConfigMap');
  const scripts = (job: Obj) => job.spec.template.spec.containers.map((c: Obj) => c.args.join('\n')) as string[];

  it('one object per step, in the order of the flow, each selectable by its sim.step label', () => {
    expect(docs.map((d) => `${d.kind}/${d.metadata.labels['sim.step']}`)).toEqual([
      'PersistentVolumeClaim/storage', 'ConfigMap/storage', 'Job/simulate', 'Job/merge-simulation', 'Job/plan', 'Job/evaluate',
      'Job/merge-evaluation',
    ]);
  });

  it('the sharded steps are Indexed Jobs of SHARDS completions whose pods take the shard from JOB_COMPLETION_INDEX', () => {
    const indexed = jobs.filter((j) => j.spec.completionMode === 'Indexed');
    expect(indexed.map((j) => j.metadata.name)).toEqual(['sim-simulate', 'sim-evaluate']);
    for (const j of indexed) {
      expect(j.spec.completions).toBe(Number(config.data.SHARDS));
      expect(j.spec.parallelism).toBeLessThanOrEqual(j.spec.completions);
      expect(j.spec.backoffLimitPerIndex).toBeGreaterThan(0);
      expect(scripts(j).join('\n')).toContain('--shard "$JOB_COMPLETION_INDEX/$SHARDS"');
    }
  });

  it('every pod: restartPolicy Never, resources, the settings ConfigMap, the ReadWriteMany claim at /data; shell that parses', () => {
    const pvc = docs.find((d) => d.kind === 'PersistentVolumeClaim');
    expect(pvc.spec.accessModes).toEqual(['ReadWriteMany']);
    for (const j of jobs) {
      const pod = j.spec.template.spec;
      expect(pod.restartPolicy, j.metadata.name).toBe('Never');
      expect(pod.volumes).toEqual([{ name: 'data', persistentVolumeClaim: { claimName: pvc.metadata.name } }]);
      for (const c of pod.containers) {
        expect(c.resources.requests.cpu && c.resources.requests.memory && c.resources.limits.memory).toBeTruthy();
        expect(c.volumeMounts).toEqual([{ name: 'data', mountPath: '/data' }]);
        expect(c.envFrom).toEqual([{ configMapRef: { name: config.metadata.name } }]);
      }
      for (const s of scripts(j)) {
        const r = spawnSync('sh', ['-n', '-c', s], { encoding: 'utf8' });
        expect(r.status, `${j.metadata.name}: ${r.stderr}`).toBe(0);
        // every variable the script uses is set: by the ConfigMap, or by Kubernetes for Indexed Jobs
        for (const [, v] of s.matchAll(/\$\{?([A-Z_]+)/g)) {
          expect(v in config.data || v === 'JOB_COMPLETION_INDEX', `${j.metadata.name}: $${v}`).toBe(true);
        }
      }
    }
  });


  it.skipIf(!haveModels)('valid against the Kubernetes API schema (kubernetes-models: types, required fields, enums, formats)', async () => {
    for (const d of docs) {
      const mod: Obj = await import(models[d.kind][1]);
      expect(() => new mod[d.kind](d).validate(), `${d.kind}/${d.metadata.name}`).not.toThrow();
    }
    // and the validator does catch a broken Job
    const broken = structuredClone(jobs[0]);
    broken.spec.completionMode = 'Indexd';
    const { Job } = await import(models.Job[1]);
    expect(() => new Job(broken).validate()).toThrow(/completionMode/);
  });

  // The schema's validators accept unknown fields (as the API server does, dropping them); a typo such
  // as backoffLimitPerIndx would silently lose the setting. TypeScript's excess property check on the
  // manifest typed with kubernetes-models' interfaces refuses them.
  function unknownFields(objects: Obj[]): string[] {
    const file = join(ROOT, 'test', '__k8s-manifest-check__.ts');
    const source =
      Object.values(models).map(([t, m]) => `import type { ${t} } from '${m}';\n`).join('') +
      objects.map((d, i) => `export const doc${i}: ${models[d.kind][0]} = ${JSON.stringify(d, null, 2)};\n`).join('');
    const options: ts.CompilerOptions = {
      strict: true, noEmit: true, skipLibCheck: true, types: [],
      module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022,
    };
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    const fileExists = host.fileExists.bind(host);
    host.getSourceFile = (name, lang, ...rest) =>
      name === file ? ts.createSourceFile(name, source, lang) : getSourceFile(name, lang, ...rest);
    host.fileExists = (name) => name === file || fileExists(name);
    const program = ts.createProgram([file], options, host);
    return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  }

  it.skipIf(!haveModels)('no unknown or misspelt field (TypeScript types of kubernetes-models)', () => {
    expect(unknownFields(docs)).toEqual([]);
    const typo = structuredClone(jobs[0]);
    typo.spec.backoffLimitPerIndx = typo.spec.backoffLimitPerIndex;
    delete typo.spec.backoffLimitPerIndex;
    expect(unknownFields([typo]).join('\n')).toMatch(/'"?backoffLimitPerIndx"?' does not exist in type 'IJobSpec'/);
  });
});
