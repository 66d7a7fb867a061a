/**
 * Issue 14: a long run with --checkpoint, killed at random points (SIGKILL: no chance to save) and
 * resumed with --resume each time, writes what the uninterrupted run writes, byte for byte outside
 * `engine`. Also Ctrl-C (SIGINT: progress saved before exit), and a checkpoint of another run refused.
 * The kill times are random and printed with any failure, so a failure can be replayed.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, SIM, sim, tmp } from './helpers.js';
import { outputsOf } from './output-files.js';

/** Big enough for both passes (optimize: simulate, size, evaluate) to take a few seconds on 2 workers. */
const ARGS = ['run', 'scenarios/typhoon.yaml', '--trials', '40000', '--workers', '2', '--quiet'];

/** Start the command; kill it with `signal` after `ms` (if still running). Resolves with its exit code and stderr. */
function runFor(args: string[], ms: number, signal: NodeJS.Signals): Promise<{ code: number | null; killed: boolean; stderr: string; ms: number }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SIM, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    let killed = false;
    const timer = setTimeout(() => {
      killed = child.kill(signal);
    }, ms);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, killed, stderr, ms });
    });
  });
}

/** Start the command and kill it with `signal` `afterMs` after `ready()` holds (polled every 20 ms). */
function runUntil(args: string[], ready: () => boolean, signal: NodeJS.Signals, afterMs = 0): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SIM, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setInterval(() => {
      if (ready()) {
        clearInterval(timer);
        setTimeout(() => child.kill(signal), afterMs);
      }
    }, 20);
    child.on('exit', (code) => {
      clearInterval(timer);
      resolve({ code, stderr });
    });
  });
}

describe('checkpoint and resume', () => {
  it('killed (SIGKILL) at random points and resumed: the uninterrupted answer', async () => {
    const dir = tmp();
    const t0 = performance.now();
    const whole = sim([...ARGS, '--out', join(dir, 'whole')]);
    expect(whole.status, whole.stderr).toBe(0);
    const wallMs = performance.now() - t0;
    const want = outputsOf(join(dir, 'whole'));
    const ck = join(dir, 'ck');
    const args = [...ARGS, '--out', join(dir, 'resumed'), '--checkpoint', ck, '--checkpoint-every', '0', '--resume'];
    const log: string[] = [];
    // three kills at random times within the uninterrupted run's length (start-up, simulation, sizing, evaluation, writing)
    for (let k = 0; k < 3; k++) {
      const ms = Math.round(300 + Math.random() * wallMs);
      const r = await runFor(args, ms, 'SIGKILL');
      log.push(`kill ${k + 1} after ${ms} ms: ${r.killed ? 'killed' : `finished first (exit ${r.code})`}; checkpoint files: ${existsSync(ck) ? readdirSync(ck).join(', ') : 'none'}`);
    }
    const last = sim(args);
    expect(last.status, `${log.join('\n')}\n${last.stderr}`).toBe(0);
    const got = outputsOf(join(dir, 'resumed'));
    expect(Object.keys(got), log.join('\n')).toEqual(Object.keys(want));
    for (const f of Object.keys(want)) expect(got[f], `${f}\n${log.join('\n')}`).toBe(want[f]);
    // a finished run leaves no checkpoint to resume (temporary files of killed writes included)
    expect(readdirSync(ck).filter((f) => f.endsWith('.checkpoint') || f.includes('.tmp-')), log.join('\n')).toEqual([]);
  }, 240_000);

  it('Ctrl-C saves the progress; --resume finishes with the same answer', async () => {
    const dir = tmp();
    const whole = sim([...ARGS, '--out', join(dir, 'whole')]);
    expect(whole.status).toBe(0);
    const ck = join(dir, 'ck');
    const args = [...ARGS, '--out', join(dir, 'resumed'), '--checkpoint', ck];
    // every 60 s (the default) never comes in this run: the first pass saves once, at its end; Ctrl-C comes
    // 0–1.5 s later, while the plans are sized or evaluated (the evaluation pass's state is then Ctrl-C's save)
    const delay = Math.round(Math.random() * 1500);
    const r = await runUntil(args, () => existsSync(join(ck, 'simulation.checkpoint')), 'SIGINT', delay);
    expect(r.code, `Ctrl-C ${delay} ms after the first pass: ${r.stderr}`).toBe(130);
    expect(r.stderr).toMatch(/progress saved in .*ck: continue with the same command and --resume/);
    expect(readdirSync(ck).some((f) => f.endsWith('.checkpoint'))).toBe(true);
    // without --resume the checkpoint is not overwritten
    const again = sim(args);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/holds the checkpoint of an earlier run \(.*\): add --resume to continue it, or delete the folder to start over/);
    const resumed = sim([...args, '--resume']);
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(outputsOf(join(dir, 'resumed')), `Ctrl-C ${delay} ms after the first pass`).toEqual(outputsOf(join(dir, 'whole')));
  }, 240_000);

  it("a checkpoint of another run (seed, trials) is refused, not mixed in", async () => {
    const dir = tmp();
    const ck = join(dir, 'ck');
    const r = await runUntil([...ARGS, '--out', join(dir, 'o'), '--checkpoint', ck, '--checkpoint-every', '0'], () => existsSync(join(ck, 'simulation.checkpoint')), 'SIGKILL');
    expect(r.code).toBe(null);
    const seed = sim([...ARGS, '--seed', 'other', '--out', join(dir, 'o'), '--checkpoint', ck, '--resume']);
    expect(seed.status).toBe(2);
    expect(seed.stderr).toMatch(/--resume: .*simulation\.checkpoint is a checkpoint of the run with seed "\d+" and 40,000 trials, this run has seed "other" and 40,000 trials/);
    const trials = sim([...ARGS.slice(0, 2), '--trials', '30000', ...ARGS.slice(4), '--out', join(dir, 'o'), '--checkpoint', ck, '--resume']);
    expect(trials.status).toBe(2);
    expect(trials.stderr).toMatch(/and 30,000 trials: give the same --seed and --trials/);
  }, 120_000);
});
