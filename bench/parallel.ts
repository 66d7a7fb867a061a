/**
 * `npm run bench:parallel`: how the simulation scales from 1 to 2 workers (issue 13, goal 3).
 * Informational, not gated.
 *
 * As `sim run` does since issue 13, each worker count has one pool started and warmed up before
 * anything is timed (a pool starts in ~0.6 s, while sim run reads the scenario); the simulation pass
 * is then timed on it, alternating 1 and 2 workers round by round so that both see the same machine.
 * Prints the median wall time of each and the speed-up (median of the per-round ratios), and the CPU
 * seconds of the whole process (all threads) as a check that both did the same work.
 *
 *   npm run bench:parallel -- [--scenario scenarios/typhoon.yaml] [--trials 100k,1M] [--rounds 7]
 */
import { resolve } from 'node:path';
import { runSimulation } from '../src/engine/run.js';
import { WorkerPool } from '../src/engine/pool.js';
import { withoutTrialVectors } from '../src/engine/spec.js';
import { compileScenario } from '../src/scenario/compile.js';
import { formatTable, machineInfo, ROOT } from './harness.js';

function arg(name: string, fallback: string): string {
  const k = process.argv.indexOf(`--${name}`);
  return k >= 0 && process.argv[k + 1] ? process.argv[k + 1] : fallback;
}

function count(s: string): number {
  const m = /^(\d+(?:\.\d+)?)([kM]?)$/.exec(s.trim());
  if (!m) throw new Error(`bench:parallel: expected a trial count like 100k or 1M, found ${JSON.stringify(s)}`);
  return Math.round(Number(m[1]) * (m[2] === 'M' ? 1e6 : m[2] === 'k' ? 1e3 : 1));
}

const median = (a: number[]): number => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];

async function main(): Promise<void> {
  const scenario = resolve(ROOT, arg('scenario', 'scenarios/typhoon.yaml'));
  const trialCounts = arg('trials', '100k,1M').split(',').map(count);
  const rounds = Number(arg('rounds', '7'));
  const pools = new Map([1, 2].map((w) => [w, new WorkerPool(w)]));
  const rows: string[][] = [];
  try {
    for (const trials of trialCounts) {
      // the first pass of sim run without optimize: (no trial vectors)
      const spec = withoutTrialVectors(compileScenario(scenario, { trials }).spec);
      const once = async (w: number, r: number) => {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        await runSimulation({ ...spec, id: `${spec.id}|${w}|${r}` }, { workers: w, pool: pools.get(w) });
        const c = process.cpuUsage(c0);
        return { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
      };
      // warm-up: the workers' modules and JIT, as sim run's first pass would leave them
      await once(1, -1);
      await once(2, -1);
      const t: Record<number, { wall: number; cpu: number }[]> = { 1: [], 2: [] };
      const ratios: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const order = r % 2 === 0 ? [1, 2] : [2, 1];
        const got: Record<number, number> = {};
        for (const w of order) {
          const m = await once(w, r);
          t[w].push(m);
          got[w] = m.wall;
        }
        ratios.push(got[1] / got[2]);
      }
      rows.push([
        trials.toLocaleString('en-US'),
        median(t[1].map((x) => x.wall)).toFixed(3),
        median(t[2].map((x) => x.wall)).toFixed(3),
        `${median(ratios).toFixed(2)}×`,
        median(t[1].map((x) => x.cpu)).toFixed(2),
        median(t[2].map((x) => x.cpu)).toFixed(2),
      ]);
    }
  } finally {
    for (const p of pools.values()) await p.destroy();
  }
  const m = machineInfo();
  process.stdout.write(`Simulation pass on a started pool, ${scenario.replace(ROOT + '/', '')}, node ${m.node}, ${m.cpu}, ${m.cores} cores, ${rounds} alternating rounds\n\n`);
  process.stdout.write(formatTable(['trials', 'wall s, 1 worker', 'wall s, 2 workers', 'speed-up', 'CPU s, 1', 'CPU s, 2'], rows) + '\n');
}

main().catch((e: unknown) => {
  process.stderr.write(`bench:parallel: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
