/**
 * Issue 14: shard files that do not belong together are refused with a message naming the files and
 * shards at fault; nothing is written. Also: empty shards (more shards than blocks), the header a
 * person can read, no temporary files left behind, and the command-line checks.
 */
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { sim, tmp } from './helpers.js';
import { runCommand } from '../src/cli/run-command.js';
import { mergeCommand } from '../src/cli/merge-command.js';
import { evaluateCommand, planCommand } from '../src/cli/plan-command.js';
import { InputError } from '../src/core/errors.js';
import { parseShard, shardBlocks } from '../src/engine/shard.js';
import { missingBlocks } from '../src/engine/run.js';
import { outputsOf } from './output-files.js';

const base = { workers: 0, quiet: true };
const FLOOD = 'scenarios/flood.yaml';
let dir: string;

async function shard(i: number, n: number, out: string, over: { seed?: string; trials?: number; eventTables?: boolean } = {}): Promise<string> {
  await runCommand({ ...base, scenario: FLOOD, trials: over.trials ?? 5000, seed: over.seed, shard: { index: i, count: n }, out, eventTables: over.eventTables });
  return join(out, `simulation-${i}-of-${n}.simpart`);
}

async function mergeError(parts: string[]): Promise<string> {
  const out = join(dir, `never-${Math.random().toString(36).slice(2)}`);
  try {
    await mergeCommand({ ...base, parts, out });
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    expect(existsSync(out), 'nothing written').toBe(false);
    return (e as Error).message;
  }
  throw new Error('merge accepted the files');
}

/** Rewrite a header field (the header is not under the payload's checksum: as a mixed-up or hand-edited file would be). */
function editHeader(file: string, out: string, edit: (h: Record<string, unknown>) => void): string {
  const buf = readFileSync(file);
  const nl1 = buf.indexOf(10);
  const nl2 = buf.indexOf(10, nl1 + 1);
  const h = JSON.parse(buf.subarray(nl1 + 1, nl2).toString('utf8'));
  edit(h);
  writeFileSync(out, Buffer.concat([buf.subarray(0, nl1 + 1), Buffer.from(JSON.stringify(h) + '\n'), buf.subarray(nl2 + 1)]));
  return out;
}

beforeAll(async () => {
  dir = tmp();
  for (let i = 0; i < 3; i++) await shard(i, 3, join(dir, 'a'));
});

describe('shard split', () => {
  it('shards cover every block once, contiguous, as even as whole blocks allow', () => {
    for (const trials of [1, 1023, 1024, 1025, 5000, 7500, 100_000, 1_000_003])
      for (let n = 1; n <= 12; n++) {
        const blocks = Math.ceil(trials / 1024);
        let next = 0;
        const sizes: number[] = [];
        for (let i = 0; i < n; i++) {
          const r = shardBlocks(trials, { index: i, count: n });
          expect(r.first).toBe(next);
          next += r.count;
          sizes.push(r.count);
        }
        expect(next).toBe(blocks);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }
  });

  it('missingBlocks: what a resumed run still has to do', () => {
    expect(missingBlocks({ first: 0, count: 10 }, [])).toEqual([{ first: 0, count: 10 }]);
    expect(missingBlocks({ first: 0, count: 10 }, [{ first: 0, count: 3 }, { first: 5, count: 2 }])).toEqual([
      { first: 3, count: 2 },
      { first: 7, count: 3 },
    ]);
    expect(missingBlocks({ first: 4, count: 4 }, [{ first: 0, count: 5 }, { first: 6, count: 10 }])).toEqual([{ first: 5, count: 1 }]);
    expect(missingBlocks({ first: 0, count: 3 }, [{ first: 0, count: 3 }])).toEqual([]);
  });

  it('--shard i/N is checked', () => {
    expect(parseShard('3/8')).toEqual({ index: 3, count: 8 });
    expect(parseShard(' 0 / 1 ')).toEqual({ index: 0, count: 1 });
    expect(() => parseShard('8/8')).toThrow(/found shard 8 of 8 \(the last is 7\/8: shards count from 0\)/);
    expect(() => parseShard('1/0')).toThrow(/found 0 shards/);
    expect(() => parseShard('a/b')).toThrow(/--shard: expected i\/N/);
    expect(() => parseShard('-1/4')).toThrow(/--shard: expected i\/N/);
  });
});

describe('the shard file', () => {
  it('starts with a header a person can read: scenario, content hash, seed, trials, shard, version', () => {
    const text = readFileSync(join(dir, 'a', 'simulation-1-of-3.simpart'));
    const lines = text.subarray(0, text.indexOf(10, text.indexOf(10) + 1)).toString('utf8').split('\n');
    expect(lines[0]).toBe('SIMPART 1');
    const h = JSON.parse(lines[1]);
    expect(h).toMatchObject({ kind: 'simulation', seed: expect.any(String), trials: 5000, blockSize: 1024, shard: { index: 1, count: 3, firstBlock: 1, nBlocks: 2 }, program: expect.stringMatching(/^sim \d/), node: process.versions.node });
    expect(h.scenario).toMatch(/scenarios\/flood\.yaml$/);
    expect(h.specHash).toMatch(/^[0-9a-f]{64}$/);
    expect(h.payload.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('leaves no temporary files behind', () => {
    expect(readdirSync(join(dir, 'a')).sort()).toEqual(['simulation-0-of-3.simpart', 'simulation-1-of-3.simpart', 'simulation-2-of-3.simpart']);
  });

  it('more shards than blocks: the empty shards still count, and the merge equals the single run', async () => {
    const d = tmp();
    for (let i = 0; i < 5; i++) await runCommand({ ...base, scenario: FLOOD, trials: 2000, shard: { index: i, count: 5 }, out: join(d, 'parts') });
    expect(readdirSync(join(d, 'parts'))).toHaveLength(5);
    await mergeCommand({ ...base, parts: [join(d, 'parts')], out: join(d, 'merged') });
    await runCommand({ ...base, scenario: FLOOD, trials: 2000, out: join(d, 'single') });
    expect(outputsOf(join(d, 'merged'))).toEqual(outputsOf(join(d, 'single')));
  });
});

describe('merge refuses files that do not belong together, and names them', () => {
  const a = (i: number) => join(dir, 'a', `simulation-${i}-of-3.simpart`);

  it('a missing shard', async () => {
    expect(await mergeError([a(0), a(2)])).toMatch(/^1 of 3 shards missing: 1\/3 \(found 2 files; rerun the missing shards, e\.g\. `--shard 1\/3`\)$/);
  });

  it('a shard given twice', async () => {
    const copy = join(dir, 'copy-of-1.simpart');
    copyFileSync(a(1), copy);
    expect(await mergeError([a(0), a(1), copy, a(2)])).toMatch(/each shard must be given once: shard 1\/3 is in .*simulation-1-of-3\.simpart and .*copy-of-1\.simpart/);
  });

  it('a shard of another seed, another trial count, another split', async () => {
    const other = await shard(1, 3, join(dir, 'seed'), { seed: 'another seed' });
    expect(await mergeError([a(0), other, a(2)])).toMatch(/does not belong with .*: different seed: "another seed" and "/);
    const trials = await shard(1, 3, join(dir, 'trials'), { trials: 6000 });
    expect(await mergeError([a(0), trials, a(2)])).toMatch(/different trial count: 6000 and 5000/);
    const tables = await shard(1, 3, join(dir, 'tables'), { eventTables: true });
    expect(await mergeError([a(0), tables, a(2)])).toMatch(/does not belong with .*: one ran with --event-tables, the other without; run every shard the same way/);
    const split = await shard(1, 4, join(dir, 'split'));
    expect(await mergeError([a(0), split, a(2)])).toMatch(/come from splits into 4 and 3 shards/);
  });

  it('a shard of other scenario content, or of another program version', async () => {
    const content = editHeader(a(1), join(dir, 'content.simpart'), (h) => (h.specHash = '0'.repeat(64)));
    expect(await mergeError([a(0), content, a(2)])).toMatch(/different scenario content/);
    const version = editHeader(a(1), join(dir, 'version.simpart'), (h) => (h.program = 'sim 0.0.1'));
    expect(await mergeError([a(0), version, a(2)])).toMatch(/different program version \(rerun every shard with one version\): "sim 0\.0\.1"/);
  });

  it('a shard written under another Node.js major version, or by a build that did not record it', async () => {
    const other = `${Number(process.versions.node.split('.')[0]) + 2}.3.0`;
    const node = editHeader(a(1), join(dir, 'node.simpart'), (h) => (h.node = other));
    expect(await mergeError([a(0), node, a(2)])).toMatch(
      new RegExp(`node\\.simpart: written under Node\\.js ${other.replace(/\./g, '\\.')}, this is Node\\.js ${process.versions.node.replace(/\./g, '\\.')}: shard data is in Node's own serialization format, read only under the same major version`),
    );
    const unknown = editHeader(a(1), join(dir, 'no-node.simpart'), (h) => delete h.node);
    expect(await mergeError([a(0), unknown, a(2)])).toMatch(/no-node\.simpart: its header does not say which Node\.js wrote it \(field "node", found undefined\): written by an earlier build of sim; rerun this shard/);
    // the same major, another minor: read
    const minor = editHeader(a(1), join(dir, 'minor.simpart'), (h) => (h.node = `${process.versions.node.split('.')[0]}.0.0`));
    const out = join(dir, 'minor-merged');
    await mergeCommand({ ...base, parts: [a(0), minor, a(2)], out });
    expect(existsSync(join(out, 'summary.json'))).toBe(true);
  });

  it('shards of a scenario that has changed since', async () => {
    const files = [0, 1, 2].map((i) => editHeader(a(i), join(dir, `changed-${i}.simpart`), (h) => (h.specHash = 'f'.repeat(64))));
    expect(await mergeError(files)).toMatch(/made from .*flood\.yaml as it was then; the scenario, its region data, or the program's parameters have changed since \(content hash differs\): rerun the shards/);
  });

  it('a damaged or truncated file, a file that is not a shard, a shard of another kind', async () => {
    const buf = readFileSync(a(1));
    writeFileSync(join(dir, 'trunc.simpart'), buf.subarray(0, buf.length - 100));
    expect(await mergeError([a(0), join(dir, 'trunc.simpart'), a(2)])).toMatch(/trunc\.simpart: expected \d+ bytes of data after the header, found \d+: the file is truncated or damaged/);
    const flipped = Buffer.from(buf);
    flipped[flipped.length - 50] ^= 0xff;
    writeFileSync(join(dir, 'flip.simpart'), flipped);
    expect(await mergeError([a(0), join(dir, 'flip.simpart'), a(2)])).toMatch(/flip\.simpart: the data does not match its checksum: the file is damaged; rerun this shard/);
    expect(await mergeError([a(0), FLOOD, a(2)])).toMatch(/flood\.yaml: expected a sim shard file \(first line "SIMPART 1"\), found "# /);
    const kind = editHeader(a(1), join(dir, 'kind.simpart'), (h) => (h.kind = 'sizing'));
    expect(await mergeError([a(0), kind, a(2)])).toMatch(/kind\.simpart: expected a simulation or evaluation or compare file, found a sizing file/);
    expect(await mergeError([join(dir, 'nowhere')])).toMatch(/nowhere: no such file or folder/);
  });
});

describe('the two-phase files', () => {
  it('evaluation shards of plans sized again since (sizing.simplan replaced) are refused', async () => {
    const d = tmp();
    const t = { ...base, scenario: 'scenarios/typhoon.yaml', trials: 2000 };
    for (let i = 0; i < 2; i++) await runCommand({ ...t, shard: { index: i, count: 2 }, out: join(d, 'sim') });
    await mergeCommand({ ...base, parts: [join(d, 'sim')], out: join(d, 'merged') });
    await planCommand({ ...base, simulation: join(d, 'merged', 'simulation.simpart'), out: join(d, 'plan') });
    for (let i = 0; i < 2; i++) await evaluateCommand({ ...base, plan: join(d, 'plan', 'sizing.simplan'), shard: { index: i, count: 2 }, out: join(d, 'eval') });
    // as if sim plan had run again on other data: the evaluation shards no longer match it
    const sizing = join(d, 'plan', 'sizing.simplan');
    editHeader(sizing, sizing, (h) => ((h.payload as { sha256: string }).sha256 = '0'.repeat(64)));
    expect(await mergeError([join(d, 'eval')])).toMatch(/evaluation-0-of-2\.simpart: evaluated the plans of .*sizing\.simplan as it was then; that file has been replaced since \(checksum differs\): evaluate the new plans again/);
    // and a merged simulation given to sim merge again
    expect(await mergeError([join(d, 'merged', 'simulation.simpart')])).toMatch(/already the merged simulation: size its plan with `sim plan/);
  }, 120_000);
});

describe('the command line', () => {
  it('sim merge with a missing shard: one line, exit 2, no stack, nothing written', () => {
    const out = join(dir, 'cli-out');
    const r = sim(['merge', join(dir, 'a', 'simulation-0-of-3.simpart'), '--out', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('sim: 2 of 3 shards missing: 1/3, 2/3 (found 1 file; rerun the missing shards, e.g. `--shard 1/3`)\n');
    expect(existsSync(out)).toBe(false);
  });

  it('flags that do not go together are refused before anything runs', () => {
    const cases: [string[], RegExp][] = [
      [['--shard', '3/3'], /--shard: expected i\/N.*found shard 3 of 3/],
      [['--shard', '1/2', '--json'], /--json: a shard writes only its shard file/],
      [['--shard', '1/2', '--checkpoint', join(dir, 'ck')], /--checkpoint: not with --shard/],
      [['--resume'], /--resume: expected --checkpoint <folder> too/],
      [['--checkpoint-every', '5'], /--checkpoint-every: expected --checkpoint <folder> too/],
      [['--checkpoint', join(dir, 'ck'), '--checkpoint-every', 'soon'], /--checkpoint-every: expected a number of seconds ≥ 0, found "soon"/],
      [['--checkpoint', join(dir, 'ck'), '--event-tables'], /--event-tables: not with --checkpoint/],
    ];
    for (const [flags, msg] of cases) {
      const r = sim(['run', FLOOD, '--trials', '100', '--quiet', ...flags]);
      expect(r.status, flags.join(' ')).toBe(2);
      expect(r.stderr).toMatch(msg);
      expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    }
  });

  it('sim plan refuses a shard (not merged) and a scenario without optimize:', () => {
    const r = sim(['plan', join(dir, 'a', 'simulation-1-of-3.simpart')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/shard 1\/3 of a simulation; expected the merged simulation: merge the shards first/);
  });

  it('sim plan of a scenario without optimize: says there is nothing to size', async () => {
    const one = await shard(0, 1, join(dir, 'one'));
    const r = sim(['plan', one]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/flood\.yaml: has no optimize: block, so there is no plan to size; sim merge already wrote this scenario's outputs/);
  });
});
