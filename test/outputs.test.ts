import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../src/core/errors.js';
import { lockFileOf, prepareOutDir } from '../src/output/write.js';
import { ROOT, SIM, spawn, tmp } from './helpers.js';

/**
 * The output folder (issue 11): replaced as a whole, never a mix of two runs, whatever moment the
 * process is killed at; locked against a second run; refused up front when it cannot be written
 * or holds someone else's files. Kills are simulated with SIM_TEST_CRASH_AT (a SIGKILL at a named
 * point of the swap): no test depends on timing.
 */
const dir = tmp('sim-outputs-');
const REGION = join(ROOT, 'datasets', 'weihai');
const scenario = (name: string, seed: number, extra = '', trials = 200) => {
  writeFileSync(join(dir, name), `name: outputs test\nregion: ${REGION}\ntrials: ${trials}\nseed: ${seed}\nhazards:\n  - type: typhoon\n    mode: annual\n${extra}`);
  return join(dir, name);
};
const PLAIN = scenario('plain.yaml', 7);
const PLAIN9 = scenario('plain9.yaml', 9);
const PLAN = scenario('plan.yaml', 3, 'optimize:\n  mode: penalty\n');
/** Hours of simulation: a test using it passes only if sim refuses before simulating. */
const HUGE = scenario('huge.yaml', 1, '', 100_000_000);

const RUN_FILES = ['depots.geojson', 'ep.csv', 'report.html', 'report.md', 'summary.json', 'townships.csv', 'townships.geojson'];
const PLAN_FILES = ['depots.geojson', 'ep.csv', 'plan.csv', 'plan.yaml', 'purchases.csv', 'report.html', 'report.md', 'shelters-plan.csv', 'summary.json', 'teams-plan.csv', 'townships.csv', 'townships.geojson'];

interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The CLI, with extra environment variables; the timeout only stops a broken build from hanging the suite. */
function sim(args: string[], env: Record<string, string> = {}, cwd = dir): Run {
  const r = spawnSync(process.execPath, [SIM, ...args], { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 110_000 });
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

const run = (file: string, out: string, env: Record<string, string> = {}) => sim(['run', file, '--out', out, '--trials', '200', '--workers', '0', '--quiet'], env);

function ok(r: Run): void {
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
}

/** Exit 2 with one line naming the problem, no stack trace. */
function refused(r: Run, pattern: RegExp): void {
  expect(r.status, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(r.stderr).toMatch(pattern);
}

const ls = (d: string) => readdirSync(d).sort();

/** The files of an output folder, summary.json without its engine section (timings differ between runs). */
function contents(d: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of ls(d)) {
    let text = readFileSync(join(d, f), 'utf8');
    if (f === 'summary.json') {
      const s = JSON.parse(text);
      delete s.engine;
      text = JSON.stringify(s);
    }
    if (f === 'report.md') text = text.replace(/^(\| (?:stockpiles|teams|shelters|救灾物资储备|应急救援队伍|应急避难场所) \|.*\| )[0-9.]+ \|$/gm, '$1… |');
    out[f] = text;
  }
  return out;
}

/** Reference outputs: the previous run (with a plan) and the new one (without). */
const OLD = join(dir, 'ref-old');
const NEW = join(dir, 'ref-new');
beforeAll(() => {
  ok(run(PLAN, OLD));
  ok(run(PLAIN, NEW));
  expect(ls(OLD)).toEqual(PLAN_FILES);
  expect(ls(NEW)).toEqual(RUN_FILES);
});

/** A folder holding the previous complete outputs, at <case>/out. */
function withOldOutputs(name: string): { parent: string; out: string } {
  const parent = join(dir, name);
  mkdirSync(parent);
  cpSync(OLD, join(parent, 'out'), { recursive: true });
  return { parent, out: join(parent, 'out') };
}

describe('re-running into an output folder', () => {
  it('leaves no file of the earlier run (plan.csv when the new run has no plan)', () => {
    const { parent, out } = withOldOutputs('rerun');
    ok(run(PLAIN, out));
    expect(ls(out)).toEqual(RUN_FILES);
    expect(contents(out)).toEqual(contents(NEW));
    expect(ls(parent)).toEqual(['out']); // no temporary folder, no lock
  });

  it('removes stale temporary folders of killed runs, and nothing else beside the folder', () => {
    const { parent, out } = withOldOutputs('stale');
    mkdirSync(join(parent, '.out.sim-tmp-abc123'));
    writeFileSync(join(parent, '.out.sim-tmp-abc123', 'summary.json'), '{"half": ');
    mkdirSync(join(parent, '.out.sim-del-xyz789'));
    writeFileSync(join(parent, '.out.sim-del-xyz789', 'plan.csv'), 'half');
    writeFileSync(join(parent, '.out.notes'), 'mine');
    mkdirSync(join(parent, 'out-2024'));
    ok(run(PLAIN, out));
    expect(ls(parent)).toEqual(['.out.notes', 'out', 'out-2024']);
    expect(contents(out)).toEqual(contents(NEW));
  });

  it('refuses a folder holding files sim did not write, and leaves it untouched', () => {
    const { parent, out } = withOldOutputs('foreign');
    writeFileSync(join(out, 'notes.txt'), 'keep me');
    refused(sim(['run', HUGE, '--out', out, '--quiet']), /--out .*out: expected a new or empty folder, or one sim wrote, found a folder with other files \(notes\.txt\)/);
    expect(ls(out)).toEqual([...PLAN_FILES, 'notes.txt'].sort());
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('keep me');
    expect(ls(parent)).toEqual(['out']);
  });

  it('writes into an existing empty folder', () => {
    const out = join(dir, 'empty-out');
    mkdirSync(out);
    ok(run(PLAIN, out));
    expect(ls(out)).toEqual(RUN_FILES);
  });
});

/**
 * Kill points, in the order a run passes them; what <out> holds right after a kill there; and what it
 * holds once the next run has recovered (the killed run's outputs once they were complete, else the previous ones).
 */
const KILLS: [point: string, left: 'old' | 'new' | 'aside', recovered: 'old' | 'new'][] = [
  ['after-lock', 'old', 'old'], // lock taken, nothing else
  ['after-prepare', 'old', 'old'], // temporary folder created (this is also where a run is while simulating)
  ['writing', 'old', 'old'], // one file of the new outputs written into the temporary folder
  ['after-complete', 'old', 'new'], // new outputs complete, renamed .out.sim-new-ID
  ['after-aside', 'aside', 'new'], // previous outputs renamed .out.sim-old-ID: <out> missing for an instant
  ['after-swap', 'new', 'new'], // new outputs renamed to <out>
  ['after-trash', 'new', 'new'], // previous outputs renamed .out.sim-del-ID and deleted
  ['before-unlock', 'new', 'new'], // all done but the lock
];

describe('a run killed at any moment leaves the previous or the new complete outputs, and the next run recovers', () => {
  for (const [point, left, recovered] of KILLS) {
    it(`killed ${point}: ${left === 'aside' ? 'both complete sets beside <out>' : `the ${left} outputs`}`, () => {
      const { parent, out } = withOldOutputs(`kill-${point}`);
      const r = run(PLAIN, out, { SIM_TEST_CRASH_AT: point });
      expect(r.signal, r.stderr).toBe('SIGKILL');
      for (const f of ls(parent)) expect(f).toMatch(/^(out|\.out\.sim-(lock|tmp-\w+|new-\w+|old-\w+|del-\w+))$/);
      if (left === 'aside') {
        expect(existsSync(out)).toBe(false);
        const aside = ls(parent).filter((f) => f.startsWith('.out.sim-old-'));
        const next = ls(parent).filter((f) => f.startsWith('.out.sim-new-'));
        expect(aside).toHaveLength(1);
        expect(next).toHaveLength(1);
        expect(contents(join(parent, aside[0]))).toEqual(contents(OLD));
        expect(contents(join(parent, next[0]))).toEqual(contents(NEW));
      } else {
        expect(contents(out)).toEqual(contents(left === 'old' ? OLD : NEW));
      }
      expect(ls(parent)).toContain('.out.sim-lock'); // SIGKILL: nothing cleaned up

      // the next run takes the dead run's lock over and recovers before anything else: killed right after that …
      const r2 = run(PLAIN9, out, { SIM_TEST_CRASH_AT: 'after-prepare' });
      expect(r2.signal, r2.stderr).toBe('SIGKILL');
      // … <out> is the recovered set, and nothing else is left but that run's own lock and temporary folder
      expect(contents(out)).toEqual(contents(recovered === 'old' ? OLD : NEW));
      expect(ls(parent).filter((f) => !/^\.out\.sim-(lock|tmp-\w+)$/.test(f))).toEqual(['out']);

      // and a run to the end leaves its outputs alone
      ok(run(PLAIN9, out));
      expect(ls(out)).toEqual(RUN_FILES);
      expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')).scenario.seed).toBe('9');
      expect(ls(parent)).toEqual(['out']);
    });
  }
});

describe('one run at a time on an output folder', () => {
  it('a second run is refused while the lock is held (held here by the test process)', () => {
    const { parent, out } = withOldOutputs('locked');
    const lock = lockFileOf(out);
    expect(lock).toBe(join(parent, '.out.sim-lock'));
    writeFileSync(lock, `${process.pid}\n${hostname()}\n`);
    refused(sim(['run', HUGE, '--out', out, '--quiet']), new RegExp(`--out .*out: expected a folder no other sim run is writing, found it in use by sim process ${process.pid} \\(lock file .*\\.out\\.sim-lock`));
    expect(readFileSync(lock, 'utf8')).toBe(`${process.pid}\n${hostname()}\n`);
    expect(contents(out)).toEqual(contents(OLD));
    expect(ls(parent)).toEqual(['.out.sim-lock', 'out']);
    rmSync(lock);
    ok(run(PLAIN, out));
    expect(contents(out)).toEqual(contents(NEW));
  });

  it('a lock whose process is dead is taken over', () => {
    const { parent, out } = withOldOutputs('stale-lock');
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    writeFileSync(lockFileOf(out), `${dead}\n${hostname()}\n`);
    ok(run(PLAIN, out));
    expect(contents(out)).toEqual(contents(NEW));
    expect(ls(parent)).toEqual(['out']);
  });

  it('an unreadable lock is not taken over', () => {
    const { out } = withOldOutputs('garbled-lock');
    writeFileSync(lockFileOf(out), '');
    refused(sim(['run', HUGE, '--out', out, '--quiet']), /found it in use by another sim run \(lock file .*; delete it only if no sim run is going on\)/);
  });

  it('a real second run is refused while the first simulates, and Ctrl-C on the first releases the folder', async () => {
    const { parent, out } = withOldOutputs('concurrent');
    const first = spawn(process.execPath, [SIM, 'run', HUGE, '--out', out, '--workers', '1'], { cwd: dir });
    let stderr = '';
    first.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => first.on('exit', (c) => r(c)));
    // wait for the first run to hold the lock (a condition, not a duration)
    while (!existsSync(lockFileOf(out))) await new Promise((r) => setTimeout(r, 20));
    refused(sim(['run', PLAIN, '--out', out, '--quiet']), new RegExp(`found it in use by sim process ${first.pid}`));
    expect(contents(out)).toEqual(contents(OLD));
    first.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toMatch(/interrupted; no outputs written/);
    expect(ls(parent)).toEqual(['out']); // lock and temporary folder gone
    expect(contents(out)).toEqual(contents(OLD));
  });
});

/** A read-only folder: a read-only tmpfs as root (root ignores permissions), else chmod 555; null if neither works. */
const mounts: string[] = [];
function mountTmpfs(path: string, options: string): boolean {
  mkdirSync(path, { recursive: true });
  if (process.platform !== 'linux' || process.getuid?.() !== 0) return false;
  const ok = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', path]).status === 0;
  if (ok) mounts.push(path);
  return ok;
}
function readOnlyDir(): string | null {
  const d = join(dir, 'ro');
  if (mountTmpfs(d, 'ro,size=64k')) return d;
  if (process.platform === 'win32' || process.getuid?.() === 0) return null;
  chmodSync(d, 0o555);
  return d;
}
const RO = readOnlyDir();
/** A 640 KiB disk: room for one plain run's outputs (about 470 KiB on tmpfs), not for two. */
const SMALL = join(dir, 'small');
// one run's outputs (report.html, ep.csv and the GeoJSON layers included) fit, two do not
const HAVE_SMALL = mountTmpfs(SMALL, 'size=640k');
afterAll(() => {
  for (const m of mounts) spawnSync('umount', [m]);
});

describe('an --out sim cannot use is refused up front, before simulating', () => {
  it('an empty string', () => refused(sim(['run', HUGE, '--out', '', '--quiet']), /^sim: --out: expected an output folder, found an empty value$/m));

  it('the root of the file system', () => refused(sim(['run', HUGE, '--out', '/', '--quiet']), /--out \/: expected a folder below the root, found the root of the file system/));

  it('the current folder', () => {
    const before = ls(dir);
    refused(sim(['run', HUGE, '--out', '.', '--quiet']), /--out \.: expected a folder for the outputs, found the current folder/);
    expect(ls(dir)).toEqual(before);
  });

  it('an existing file', () => {
    writeFileSync(join(dir, 'a-file.txt'), 'keep me');
    refused(sim(['run', HUGE, '--out', 'a-file.txt', '--quiet']), /--out a-file\.txt: expected a folder for the outputs, found an existing file/);
    expect(readFileSync(join(dir, 'a-file.txt'), 'utf8')).toBe('keep me');
  });

  it('a path under a file', () => {
    writeFileSync(join(dir, 'b-file.txt'), 'keep me');
    refused(sim(['run', HUGE, '--out', 'b-file.txt/out', '--quiet']), /--out b-file\.txt\/out: expected a folder path, found a file in the way: .*b-file\.txt is a file \(ENOTDIR\)/);
    expect(readFileSync(join(dir, 'b-file.txt'), 'utf8')).toBe('keep me');
  });

  it.skipIf(RO === null)('a read-only folder (inside it, and the folder itself)', () => {
    refused(sim(['run', HUGE, '--out', join(RO!, 'out'), '--quiet']), /--out .*ro\/out: expected a folder sim can write, found a read-only (folder|file system) at .*ro \((EACCES|EROFS)\); nothing was written/);
    refused(sim(['run', HUGE, '--out', RO!, '--quiet']), /--out .*ro: expected a folder sim can write, found a read-only (folder|file system) \((EACCES|EROFS)\)/);
    expect(ls(RO!)).toEqual([]);
  });

  it.skipIf(!HAVE_SMALL)('a full disk, up front and while writing (ENOSPC)', () => {
    // one run fits; the next cannot write beside it: clear message, the previous outputs untouched, nothing left over
    const out = join(SMALL, 'out');
    ok(run(PLAIN, out));
    const before = contents(out);
    const r = run(PLAIN9, out);
    refused(r, /--out .*small\/out: expected a folder sim can write, found no space left on the disk \(ENOSPC\) while writing [a-z.]+; the previous outputs are unchanged/);
    expect(contents(out)).toEqual(before);
    expect(ls(SMALL)).toEqual(['out']);
    // a disk already full: refused before simulating
    for (const size of [4096, 1]) {
      for (let n = 0; ; n++) {
        try {
          writeFileSync(join(SMALL, `filler-${size}-${n}`), Buffer.alloc(size));
        } catch {
          break;
        }
      }
    }
    refused(sim(['run', HUGE, '--out', join(SMALL, 'out2'), '--quiet']), /--out .*out2: expected a folder sim can write, found no space left on the disk \(ENOSPC\); nothing was written/);
    expect(ls(SMALL).filter((f) => f.includes('out2'))).toEqual([]);
  });
});

describe('write failures (injected)', () => {
  it('a disk filling up while writing: one clear InputError, the previous outputs unchanged, nothing left over', () => {
    const { parent, out } = withOldOutputs('injected-enospc');
    let failOn = 'townships.csv';
    const io = {
      writeFile(path: string, content: string) {
        if (path.endsWith(failOn)) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        writeFileSync(path, content);
      },
    };
    const target = prepareOutDir(out, io);
    expect(ls(parent)).toEqual(expect.arrayContaining(['.out.sim-lock', 'out']));
    let err: unknown;
    try {
      target.write({ 'summary.json': '{}\n', 'townships.csv': 'a\n', 'report.md': '# r\n' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe(`--out ${out}: expected a folder sim can write, found no space left on the disk (ENOSPC) while writing townships.csv; the previous outputs are unchanged`);
    expect(contents(out)).toEqual(contents(OLD));
    expect(ls(parent)).toEqual(['out']);
    // and up front: the probe write fails before any simulation would start
    failOn = '.probe';
    expect(() => prepareOutDir(out, io)).toThrow(/found no space left on the disk \(ENOSPC\); nothing was written$/);
    expect(ls(parent)).toEqual(['out']);
  });

  it('a file name not in OUTPUT_FILES is a programming error, caught before anything is replaced', () => {
    const { parent, out } = withOldOutputs('unknown-name');
    const target = prepareOutDir(out);
    expect(() => target.write({ 'extra.txt': 'x' })).toThrow(/extra\.txt is not in OUTPUT_FILES/);
    target.release();
    expect(contents(out)).toEqual(contents(OLD));
    expect(ls(parent)).toEqual(['out']);
  });
});
