/**
 * `npm run bench:shards`: the synthetic province (≈1,800 townships, `npm run dataset:synthetic-province`)
 * in N shards, one after another on this machine as N cluster nodes would run them side by side
 * (issue 14). Informational, not gated: needs the synthetic dataset and minutes of machine time.
 *
 * Per shard: the process's wall time from spawn to exit, the simulation's own wall time and the
 * engine's peak RSS (both from the shard file's header), and the file's size; then the merge's wall
 * time. Projects the wall time of the same run on M nodes: the slowest shard's start-up plus its
 * simulation time scaled to trials/M, plus the merge scaled by file count (merging is linear in files).
 *
 *   npm run bench:shards -- [--scenario bench/scenarios/synthetic-province.yaml] [--trials 1M] [--shards 8] [--workers 2] [--nodes 100]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { formatTable, machineInfo, ROOT } from './harness.js';

function arg(name: string, fallback: string): string {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 && process.argv[k + 1] ? process.argv[k + 1] : fallback;
}

function count(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([kM]?)$/.exec(s.trim());
  if (!m) throw new Error(`bench:shards: expected a count like 100k or 1M, found ${JSON.stringify(s)}`);
  return Math.round(Number(m[1]) * (m[2] === 'M' ? 1e6 : m[2] === 'k' ? 1e3 : 1));
}

const SIM = join(ROOT, 'bin', 'sim.js');

/** GNU time, where installed, gives the process's peak RSS (all threads, serialising the file included). */
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

function timed(args: string[]): { seconds: number; maxRssMiB: number | null } {
  const t0 = performance.now();
  const cmd = GNU_TIME ? [GNU_TIME, ['-f', 'maxrss-kib %M', process.execPath, SIM, ...args]] as const : [process.execPath, [SIM, ...args]] as const;
  const r = spawnSync(cmd[0], [...cmd[1]], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`sim ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  const m = /maxrss-kib (\d+)/.exec(r.stderr);
  return { seconds: (performance.now() - t0) / 1000, maxRssMiB: m ? Math.round(Number(m[1]) / 1024) : null };
}

function header(file: string): { engine: { wallSeconds: number; peakRssMiB: number }; shard: { nBlocks: number } } {
  const buf = readFileSync(file);
  const nl1 = buf.indexOf(10);
  return JSON.parse(buf.subarray(nl1 + 1, buf.indexOf(10, nl1 + 1)).toString('utf8'));
}

/** Min, median and max over the shards (for many shards, instead of a row each). */
function spread(per: { total: number; sim: number; rss: number; mb: number }[]): string {
  const stat = (f: (x: (typeof per)[0]) => number, d: number) => {
    const v = per.map(f).sort((a, b) => a - b);
    return [v[0], v[Math.floor(v.length / 2)], v[v.length - 1]].map((x) => x.toFixed(d));
  };
  const cols = [stat((x) => x.total, 1), stat((x) => x.sim, 2), stat((x) => x.rss, 0), stat((x) => x.mb, 1)];
  return formatTable(['over shards', 'process s', 'simulation s', 'peak RSS MiB', 'file MB'], ['min', 'median', 'max'].map((k, i) => [k, ...cols.map((c) => c[i])]));
}

function main(): void {
  const scenario = resolve(ROOT, arg('scenario', 'bench/scenarios/synthetic-province.yaml'));
  const trials = count(arg('trials', '1M'));
  const shards = Number(arg('shards', '8'));
  const workers = arg('workers', '2');
  const nodes = Number(arg('nodes', '100'));
  if (scenario.includes('synthetic-province') && !existsSync(join(ROOT, 'datasets', 'synthetic-province'))) {
    process.stderr.write('bench:shards: build the synthetic region first: npm run dataset:synthetic-province\n');
    process.exit(2);
  }
  const dir = mkdtempSync(join(tmpdir(), 'sim-bench-shards-'));
  const rows: string[][] = [];
  const per: { total: number; sim: number; rss: number; mb: number }[] = [];
  try {
    for (let i = 0; i < shards; i++) {
      const { seconds: total, maxRssMiB } = timed(['run', scenario, '--trials', String(trials), '--shard', `${i}/${shards}`, '--workers', workers, '--out', join(dir, 'parts'), '--quiet']);
      const file = join(dir, 'parts', `simulation-${i}-of-${shards}.simpart`);
      const h = header(file);
      const mb = statSync(file).size / 1048576;
      per.push({ total, sim: h.engine.wallSeconds, rss: maxRssMiB ?? h.engine.peakRssMiB, mb });
      rows.push([`${i}/${shards}`, String(h.shard.nBlocks), total.toFixed(1), h.engine.wallSeconds.toFixed(1), String(maxRssMiB ?? `${h.engine.peakRssMiB} (sampled)`), mb.toFixed(1)]);
      process.stderr.write(`shard ${i}/${shards}: ${total.toFixed(1)} s\n`);
    }
    const { seconds: merge, maxRssMiB: mergeMax } = timed(['merge', join(dir, 'parts'), '--out', join(dir, 'merged'), '--quiet']);
    const mergeRss = mergeMax ?? (JSON.parse(readFileSync(join(dir, 'merged', 'summary.json'), 'utf8')) as { engine: { peakRssMiB: number } }).engine.peakRssMiB;
    const slowest = per.reduce((a, b) => (b.total > a.total ? b : a));
    const startup = slowest.total - slowest.sim;
    const simAtNodes = (slowest.sim * shards) / nodes;
    const mergeAtNodes = (merge * nodes) / shards;
    process.stdout.write(
      [
        `bench:shards: ${scenario.replace(ROOT + '/', '')}, ${trials.toLocaleString('en-US')} trials in ${shards} shards, ${workers} workers each, run one after another (${(({ cpu, cores, node }) => `${cpu}, ${cores} cores, Node ${node}`)(machineInfo())})`,
        '',
        shards <= 12 ? formatTable(['shard', 'blocks', 'process s', 'simulation s', 'peak RSS MiB', 'file MB'], rows) : spread(per),
        '',
        `merge of ${shards} files: ${merge.toFixed(1)} s (process, all outputs written), peak RSS ${mergeRss} MiB`,
        `sum of shard processes: ${per.reduce((s, x) => s + x.total, 0).toFixed(1)} s; slowest ${slowest.total.toFixed(1)} s (${startup.toFixed(1)} s outside the simulation)`,
        `projected on ${nodes} nodes like this one: ${(startup + simAtNodes).toFixed(1)} s a shard (start-up ${startup.toFixed(1)} + simulation ${simAtNodes.toFixed(1)}) + merge ≤ ${mergeAtNodes.toFixed(0)} s (${nodes} files; scaled linearly with its fixed cost, an upper bound: run --shards ${nodes} to measure it) ≤ ${(startup + simAtNodes + mergeAtNodes).toFixed(0)} s`,
        '',
      ].join('\n'),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
